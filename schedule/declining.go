package schedule

import (
	"math/big"
	"math/bits"

	"github.com/ip2p/koperasi/internal/wide"
	"github.com/ip2p/koperasi/money"
)

// declining builds Annuity and EqualPrincipal schedules: interest on the
// outstanding balance each period, rounded by Rounding.Parts; the principal
// part is the level installment minus that interest (annuity) or an even
// share (equal principal).
func (e *engine) declining() error {
	t, rows := e.t, e.rows
	n, gp := len(rows), t.Grace.Principal
	k := int64(n - gp)
	p := t.Principal.Minor()
	var level, share int64
	var r wide.Ratio
	if t.Method == Annuity {
		var err error
		if r, err = e.nominalRate(); err != nil {
			return err
		}
		var ok bool
		if r.N != 0 {
			e.g.reserve(annuityWords(k, r))
		}
		if level, ok = e.g.annuity(p, k, r, e.iStep, e.iMode); !ok {
			return overflow("Installments")
		}
	} else {
		var err error
		if share, err = mulDiv(p, 1, k, e.iStep, e.iMode, "Principal"); err != nil {
			return err
		}
	}
	resid, err := e.run(level, share, 0)
	if err != nil || t.Rounding.Residual != FirstAbsorbs || resid == 0 {
		return err
	}
	// Equal principal (Validate refuses first-absorbs for annuities): the
	// principal parts are fixed, so moving the last row's difference to the
	// first row settles it in one pass.
	_, err = e.run(level, share, resid)
	return err
}

// nominalRate is the rate of one equal period, the basis of the annuity
// level even when interest itself follows actual days (as in Fineract).
func (e *engine) nominalRate() (wide.Ratio, error) {
	if e.t.DayCount == Actual && e.t.Rate.Period() != money.PerTerm {
		saved := e.t.DayCount
		e.t.DayCount = Periodic
		r, err := e.periodRate(0)
		e.t.DayCount = saved
		e.rateSet = false // the rows' own rates follow their days
		return r, err
	}
	return e.periodRate(0)
}

// run fills the rows for a level installment (annuity) or principal share
// (equal principal), with extra principal on the first row after the grace.
// It returns by how much the last row's principal differs from its regular
// value: the residue a first-absorbs policy must move to the front.
func (e *engine) run(level, share, extra int64) (int64, error) {
	t, rows := e.t, e.rows
	n, gp, gi := len(rows), t.Grace.Principal, t.Grace.Interest
	deferred := t.Grace.InterestMode == Deferred
	bal := t.Principal.Minor()
	var carried, resid int64
	e.rounding = 0
	for i := range rows {
		r, err := e.periodRate(i)
		if err != nil {
			return 0, err
		}
		interest, err := mulDiv(bal, r.N, r.D, e.pStep, e.pMode, "Rate")
		if err != nil {
			return 0, err
		}
		m := interest
		var ok bool
		switch {
		case i < gi && deferred:
			if carried, ok = wide.Add(carried, interest); !ok {
				return 0, overflow("Margin")
			}
			m = 0
		case i < gi:
			m = 0
		case carried > 0:
			if m, ok = wide.Add(m, carried); !ok {
				return 0, overflow("Margin")
			}
			carried = 0
		}
		var pr int64
		switch {
		case i < gp:
		case t.Method == Annuity:
			pr = level - interest
		default:
			pr = share
		}
		if i == gp {
			if pr, ok = wide.Add(pr, extra); !ok {
				return 0, overflow("Installments")
			}
		}
		if i == n-1 {
			if resid, ok = wide.Sub(bal, pr); !ok {
				return 0, overflow("Installments")
			}
			pr = bal
			if t.Rounding.Residual == KeepEqual {
				// the last row pays the level too (plus any deferred
				// interest, m - interest); the difference is margin
				total, ok := wide.Add(level, m-interest)
				if !ok {
					return 0, overflow("Installments")
				}
				last, ok := wide.Sub(total, pr)
				if !ok || last < 0 {
					return 0, unbalanced("keep-equal: the level installment %s does not cover the last principal %s (the interest charged ran above the level's); let the last installment absorb the residue", e.cur.Amount(level), e.cur.Amount(pr))
				}
				e.rounding = last - m
				m = last
			}
		}
		if pr < 0 || pr > bal {
			return 0, unbalanced("installment %d would repay %s of principal with %s outstanding: the level or rounding does not fit this term", i+1, e.cur.Amount(pr), e.cur.Amount(bal))
		}
		bal -= pr
		total, ok := wide.Add(pr, m)
		if !ok {
			return 0, overflow("Installments")
		}
		rows[i].Principal = e.cur.Amount(pr)
		rows[i].Margin = e.cur.Amount(m)
		rows[i].Total = e.cur.Amount(total)
		rows[i].Balance = e.cur.Amount(bal)
	}
	return resid, nil
}

// annuity returns the level installment P r (1+r)^k / ((1+r)^k - 1) for
// r = N/D, computed exactly as P N A / (D (A - B)) with A = (D+N)^k and
// B = D^k, and rounded once to step under m. With r = 0 it is P/k.
func (g *Generator) annuity(p, k int64, r wide.Ratio, step int64, m wide.Mode) (int64, bool) {
	if r.N == 0 {
		return wide.MulDiv(p, 1, k, step, m)
	}
	s := &g.s
	a := g.pow(&s[8], s[0].Add(s[1].SetInt64(r.D), s[2].SetInt64(r.N)), k)
	b := g.pow(&s[9], s[0].SetInt64(r.D), k)
	s[3].Mul(s[1].SetInt64(p), s[2].SetInt64(r.N))
	num := s[5].Mul(&s[3], a)
	s[4].Sub(a, b)
	den := s[6].Mul(&s[4], s[1].SetInt64(r.D))
	return g.round(num, den, step, m)
}

// annuityWords is the size, in words, of the largest integer annuity
// computes: (D+N)^k times a 64-bit principal, a 64-bit numerator and a step.
func annuityWords(k int64, r wide.Ratio) int {
	b := int64(bits.Len64(uint64(r.D) + uint64(r.N)))
	return int((b*k+3*64)/bits.UintSize) + 2
}

// pow sets z to x^k by squaring, using s[10] and s[11]; x may not be z.
func (g *Generator) pow(z, x *big.Int, k int64) *big.Int {
	s := &g.s
	sq := s[10].Set(x)
	z.SetInt64(1)
	for k > 0 {
		if k&1 == 1 {
			s[11].Mul(z, sq)
			z.Set(&s[11])
		}
		k >>= 1
		if k > 0 {
			s[11].Mul(sq, sq)
			sq.Set(&s[11])
		}
	}
	return z
}
