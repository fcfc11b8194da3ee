package schedule

import (
	"math"
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
	t, rows := &e.t, e.rows
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
	t, rows := &e.t, e.rows
	n, gp, gi := len(rows), t.Grace.Principal, t.Grace.Interest
	deferred := t.Grace.InterestMode == Deferred
	bal := t.Principal.Minor()
	var carried, resid int64
	e.rounding = 0
	// One rate for every row and parts to the minor unit: each interest is
	// worked out here, by the rate denominator's reciprocal (part is the
	// general way).
	fast := e.rateSet && e.pStep == 1 && !e.g.exact && e.rate.N >= 0
	if fast && e.div.d != uint64(e.rate.D) {
		e.div = newDivisor(uint64(e.rate.D))
	}
	for i := range rows {
		r := e.rate
		if !e.rateSet {
			var err error
			if r, err = e.periodRate(i); err != nil {
				return 0, err
			}
		}
		var interest int64
		var ok bool
		if hi, lo := bits.Mul64(uint64(bal), uint64(r.N)); fast && hi == 0 {
			interest, ok = e.div.round(lo, e.pMode)
		}
		if !ok {
			var err error
			if interest, err = e.part(bal, r, "Rate"); err != nil {
				return 0, err
			}
		}
		m := interest
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
	if !g.exact {
		if v, known := annuity64(p, k, r, step, m); known {
			return v, true
		}
	}
	g.reserve(annuityWords(k, r))
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

// annuity64 is annuity without big integers, for when the numbers allow
// (every ordinary loan). It brackets v = 1 - (D/(D+N))^k between two 64-bit
// binary fractions, one computed rounding every product down and the other
// up, and from them brackets the level in half-steps, y = 2 P N / (D step
// v), between two rationals. When both ends have the same integer part and
// the lower end is above it, the exact level lies strictly between two
// half-step points, so its rounding is known whatever the mode: the result
// is then exactly annuity's. known is false when an operand does not fit,
// the level would not fit, or the bracket touches a half-step point (a level
// exactly on one, or too close to one for 64 bits to tell); the caller then
// computes with big integers.
func annuity64(p, k int64, r wide.Ratio, step int64, m wide.Mode) (v int64, known bool) {
	if p <= 0 || k < 1 || r.N <= 0 || r.D <= 0 || step <= 0 {
		return 0, false
	}
	// 2 P N and D step, the level's numerator and denominator but for v
	hi, pn := bits.Mul64(uint64(p), uint64(r.N))
	if hi != 0 || pn > math.MaxInt64 {
		return 0, false
	}
	hi, den := bits.Mul64(uint64(r.D), uint64(step))
	if hi != 0 {
		return 0, false
	}
	// u = D/(D+N) < 1 as a fraction of 2^64, rounded down and up; D+N < 2^64
	// as both are below 2^63, and u >= 2^-64, so neither end is 0 or 2^64
	uLo, rem := bits.Div64(uint64(r.D), 0, uint64(r.D)+uint64(r.N))
	uHi := uLo
	if rem != 0 {
		uHi++
	}
	// u^k between pLo and pHi, so v between 1 - pHi and 1 - pLo; and 1/v,
	// a 128-bit fraction of 2^64, between tLo = 2^128/(2^64 - pLo) rounded
	// down and tHi = 2^128/(2^64 - pHi) rounded up
	pLo, pHi := powFrac(uLo, k, false), powFrac(uHi, k, true)
	vLo := -pHi // 2^64 - pHi: pHi is 1 to 2^64 - 1
	if vLo < 2 {
		return 0, false // 1/v would not fit in 128 bits
	}
	var tLo1, tLo0 uint64
	if pLo == 0 {
		tLo1 = 1 // 2^128 / 2^64
	} else {
		vHi := -pLo
		q1, r1 := bits.Div64(1, 0, vHi)
		q0, _ := bits.Div64(r1, 0, vHi)
		tLo1, tLo0 = q1, q0
	}
	q1, r1 := bits.Div64(1, 0, vLo)
	q0, r0 := bits.Div64(r1, 0, vLo)
	tHi1, tHi0 := q1, q0
	if r0 != 0 {
		var c uint64
		tHi0, c = bits.Add64(tHi0, 1, 0)
		tHi1 += c
	}
	// y = 2 P N t / (D step 2^64), its integer part at both ends
	hLo, exactLo, okLo := halfSteps(2*pn, tLo1, tLo0, den)
	hHi, _, okHi := halfSteps(2*pn, tHi1, tHi0, den)
	if !okLo || !okHi || hLo != hHi || exactLo {
		return 0, false
	}
	// y is strictly between hLo and hLo+1: the level is above q steps, by
	// less than half a step when hLo is even, by more when it is odd
	q := hLo >> 1
	frac := -1
	if hLo&1 == 1 {
		frac = 1
	}
	if wide.RoundUp(m, frac, q&1 == 1, false) {
		q++
	}
	hi, lo := bits.Mul64(q, uint64(step))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false // too large: the exact path reports it
	}
	return int64(lo), true
}

// powFrac returns x^k (k >= 1) for x a fraction of 2^64, every product
// rounded down, or up when up is set.
func powFrac(x uint64, k int64, up bool) uint64 {
	var z uint64
	have := false
	for {
		if k&1 == 1 {
			if have {
				z = mulFrac(z, x, up)
			} else {
				z, have = x, true
			}
		}
		k >>= 1
		if k == 0 {
			return z
		}
		x = mulFrac(x, x, up)
	}
}

// mulFrac is a x b for fractions of 2^64, rounded down or up. Both below
// 2^64, the product's high word is at most 2^64 - 2, so rounding up fits.
func mulFrac(a, b uint64, up bool) uint64 {
	hi, lo := bits.Mul64(a, b)
	if up && lo != 0 {
		hi++
	}
	return hi
}

// halfSteps returns the integer part of a t / (den 2^64) for a 128-bit t
// (t1 the high word), and whether the division was exact; ok is false when
// the quotient does not fit in 64 bits.
func halfSteps(a, t1, t0, den uint64) (h uint64, exact, ok bool) {
	b1, w0 := bits.Mul64(a, t0)
	w2, b0 := bits.Mul64(a, t1)
	w1, c := bits.Add64(b1, b0, 0)
	w2 += c // a t < 2^192: no carry out
	if w2 >= den {
		return 0, false, false
	}
	h, rem := bits.Div64(w2, w1, den)
	return h, rem == 0 && w0 == 0, true
}
