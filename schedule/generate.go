package schedule

import (
	"math"
	"math/big"
	"math/bits"
	"slices"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/internal/wide"
	"github.com/ip2p/koperasi/money"
)

// Installment is one row of a schedule: what falls due on a date, split into
// principal (pokok) and margin (jasa, interest or murabahah margin).
type Installment struct {
	Number    int           `json:"number"` // 1-based
	Due       calendar.Date `json:"due"`
	Principal money.Amount  `json:"principal"`
	Margin    money.Amount  `json:"margin"`
	Total     money.Amount  `json:"total"`   // Principal + Margin
	Balance   money.Amount  `json:"balance"` // principal outstanding after this installment
}

// Schedule is a generated installment schedule and its totals. Every
// installment's Total is its Principal plus its Margin, the principal parts
// sum to Principal, the margin parts to Margin, and the totals to Total.
type Schedule struct {
	Terms        Terms         `json:"terms"`
	Installments []Installment `json:"installments"`
	Principal    money.Amount  `json:"principal"`
	// Margin is all margin (interest, jasa) the member pays, including
	// RoundingMargin.
	Margin money.Amount `json:"margin"`
	// RoundingMargin is the part of Margin that exists only because a
	// keep-equal policy rounded the installments (Rp200 for Mekarmukti). It
	// is disclosed separately so nobody mistakes it for priced interest. It
	// is negative in the rare case where the level leaves less than the
	// priced margin (interest for actual days above the level's nominal
	// rate, or margin parts rounded up): the member then pays less margin
	// than priced.
	RoundingMargin money.Amount `json:"rounding_margin"`
	Total          money.Amount `json:"total"`
}

// Generate builds the schedule for t. It returns a *TermsError (wrapping
// ErrInvalidTerms, ErrOverflow or ErrUnbalanced) for terms it cannot honour,
// and never panics.
func Generate(t Terms) (Schedule, error) {
	var g Generator
	return g.Append(nil, t)
}

// Generator generates schedules reusing its scratch space: for hot loops
// (simulations, portfolio re-runs) call Append with a buffer that has room,
// and with a reused Generator no allocation happens at all after the first
// call. A Generator is not safe for concurrent use; its zero value is ready.
type Generator struct {
	s [12]big.Int // scratch for exact fractions; never aliased in one operation
	// exact turns the fast paths off, so that tests can hold them to the
	// exact computation they shortcut
	exact bool
}

// Append generates the schedule for t, appending its installments to dst.
// The returned Schedule's Installments alias dst's backing array:
// s.Installments[:0] is a buffer to pass back in for the next schedule.
func (g *Generator) Append(dst []Installment, t Terms) (Schedule, error) {
	if err := t.Validate(); err != nil {
		return Schedule{}, err
	}
	if t.Method == Qard && !t.Rate.IsZero() {
		return Schedule{}, invalid("Rate", "a qard carries no rate, got %s", t.Rate)
	}
	n := t.Installments
	base := len(dst)
	if dst == nil {
		dst = make([]Installment, n) // Generate's: no growth policy to apply
	} else {
		dst = slices.Grow(dst, n)[:base+n]
	}
	rows := dst[base:]
	if err := fillDates(rows, &t, g.exact); err != nil {
		return Schedule{}, err
	}
	e := engine{t: t, rows: rows, cur: t.Principal.Currency(), g: g}
	e.pStep, e.pMode = roundingOf(t.Rounding.Parts)
	e.iStep, e.iMode = e.pStep, e.pMode
	if !t.Rounding.Installment.IsZero() {
		e.iStep, e.iMode = roundingOf(t.Rounding.Installment)
	}
	var err error
	switch t.Method {
	case Annuity, EqualPrincipal:
		err = e.declining()
	default:
		err = e.level()
	}
	if err != nil {
		return Schedule{}, err
	}
	return e.finish()
}

func roundingOf(r money.Rounding) (int64, wide.Mode) {
	if r.IsZero() {
		return 1, wide.HalfEven
	}
	return r.Step, wide.Mode(r.Mode)
}

// fillDates writes Number and Due into every row.
func fillDates(rows []Installment, t *Terms, exact bool) error {
	f, cal := t.Frequency, t.Calendar
	// Shortcuts, unless exact: a zero calendar is open every day, so there
	// is nothing to adjust; and a period of days or weeks is a fixed number
	// of days, so Step is a multiplication (Validate bounds Every and the
	// count, so it cannot wrap, and a date past the range is zero either
	// way).
	open := cal.IsZero() && !exact
	per := 0
	switch {
	case exact:
	case f.Unit == calendar.Days:
		per = f.N()
	case f.Unit == calendar.Weeks:
		per = 7 * f.N()
	}
	first := t.FirstDue
	switch {
	case !first.IsZero():
	case f.Unit == calendar.WorkingDays:
		// the first working day strictly after disbursement, then N-1 more:
		// Step would count from the next working day on or after a closed
		// disbursement day, so a Sunday disbursement fell due on Tuesday
		first = cal.AddWorkingDays(t.Disbursed.AddDays(1), f.N()-1)
	default:
		first = f.Step(t.Disbursed, 1, cal)
	}
	var due calendar.Date
	for i := range rows {
		switch {
		case f.Unit == calendar.WorkingDays && i == 0 && t.FirstDue.IsZero() && !exact:
			due = first // AddWorkingDays made it a working day
		case f.Unit == calendar.WorkingDays && i == 0:
			due = cal.NextWorkingDay(first)
		case f.Unit == calendar.WorkingDays:
			due = cal.AddWorkingDays(due.AddDays(1), f.N()-1)
		default:
			// step from the anchor, never from the previous date; without an
			// explicit first due date the anchor is the disbursement, so a
			// loan disbursed on 31 January falls due on 29 February, 31 March
			// and 30 April, not on the 29th ever after
			anchor, k := first, i
			if t.FirstDue.IsZero() {
				anchor, k = t.Disbursed, i+1
			}
			var d calendar.Date
			if per > 0 {
				d = anchor.AddDays(per * k)
			} else {
				d = f.Step(anchor, k, cal)
			}
			if d.IsZero() || open {
				due = d
			} else {
				due = cal.Adjust(d, t.Adjustment)
			}
		}
		if due.IsZero() {
			return &TermsError{Field: "Installments", Reason: "a due date falls after 9999-12-31", Err: ErrInvalidTerms}
		}
		if due.Before(t.Disbursed) {
			// a preceding adjustment off a closed disbursement day: an
			// installment due before the money is out would also get a
			// negative actual-days interest
			return invalid("Adjustment", "%s moves installment %d to %s, before disbursement %s; use following, or a later first due date", t.Adjustment, i+1, due, t.Disbursed)
		}
		// the engine writes the amounts of every row
		rows[i].Number, rows[i].Due = i+1, due
	}
	return nil
}

// engine holds one generation's state; all money is int64 minor units of cur.
type engine struct {
	t            Terms
	rows         []Installment
	cur          money.Currency
	g            *Generator
	pStep, iStep int64
	pMode, iMode wide.Mode
	// per-row working values, kept in the rows' Amount fields at the end
	rounding int64 // keep-equal excess booked as margin
	// the period rate, once known to be the same for every row
	rate    wide.Ratio
	rateSet bool
	div     divisor // the last parts rate's denominator
}

func overflow(field string) error {
	return &TermsError{Field: field, Reason: "amounts do not fit in 64 bits", Err: ErrOverflow}
}

func unbalanced(format string, args ...any) error {
	e := invalid("Rounding", format, args...).(*TermsError)
	e.Err = ErrUnbalanced
	return e
}

// periodRate is the rate for installment i (0-based) as an exact ratio.
// Unless it follows each period's actual days it is the same for every row,
// so it is worked out once: reducing the ratios row by row took most of the
// time of a schedule.
func (e *engine) periodRate(i int) (wide.Ratio, error) {
	if e.rateSet {
		return e.rate, nil
	}
	r, err := e.computeRate(i)
	if err == nil && (e.t.DayCount != Actual || e.t.Rate.Period() == money.PerTerm) {
		e.rate, e.rateSet = r, true
	}
	return r, err
}

func (e *engine) computeRate(i int) (wide.Ratio, error) {
	t := &e.t
	// money keeps a rate reduced with a positive denominator: reducing it
	// again only takes time
	r, ok := wide.Ratio{N: t.Rate.Num(), D: t.Rate.Den()}, true
	if e.g.exact {
		r, ok = wide.MakeRatio(t.Rate.Num(), t.Rate.Den())
	}
	if !ok {
		return wide.Ratio{}, overflow("Rate")
	}
	if r.N == 0 {
		return wide.Ratio{N: 0, D: 1}, nil
	}
	var factor wide.Ratio
	if t.Rate.Period() == money.PerTerm {
		factor = wide.Ratio{N: 1, D: int64(t.Installments)}
	} else if t.DayCount == Actual {
		start := t.Disbursed
		if i > 0 {
			start = e.rows[i-1].Due
		}
		days := int64(e.rows[i].Due.Sub(start))
		diy := t.DaysInYear.of(start)
		switch t.Rate.Period() {
		case money.PerYear:
			factor = wide.Ratio{N: days, D: diy}
		case money.PerMonth:
			factor = wide.Ratio{N: 12 * days, D: diy}
		case money.PerWeek:
			factor = wide.Ratio{N: days, D: 7}
		default:
			factor = wide.Ratio{N: days, D: 1}
		}
	} else {
		factor = periodicFactor(*t)
	}
	if !e.g.exact && factor.N >= 0 && factor.D > 0 {
		// one reduction of the product rather than one per operand and
		// two across: the same lowest terms whenever the product fits
		hn, n := bits.Mul64(uint64(r.N), uint64(factor.N))
		hd, d := bits.Mul64(uint64(r.D), uint64(factor.D))
		if hn == 0 && hd == 0 && n <= math.MaxInt64 && d <= math.MaxInt64 {
			g := gcd(n, d)
			return wide.Ratio{N: int64(n / g), D: int64(d / g)}, nil
		}
	}
	f, ok := wide.MakeRatio(factor.N, factor.D)
	if !ok {
		return wide.Ratio{}, overflow("Rate")
	}
	if r, ok = r.Mul(f); !ok {
		return wide.Ratio{}, overflow("Rate")
	}
	return r, nil
}

// gcd is the greatest common divisor of a and b, d > 0.
func gcd(a, d uint64) uint64 {
	for d != 0 {
		a, d = d, a%d
	}
	return a
}

// periodicFactor converts a rate per its period into a rate per installment
// period when every period is an equal fraction of a year.
func periodicFactor(t Terms) wide.Ratio {
	n := int64(t.Frequency.N())
	diy := t.DaysInYear.of(t.Disbursed)
	if t.DaysInYear == ActualDays {
		diy = 365
	}
	per := t.Rate.Period()
	switch t.Frequency.Unit {
	case calendar.Months:
		switch per {
		case money.PerYear:
			return wide.Ratio{N: n, D: 12}
		case money.PerMonth:
			return wide.Ratio{N: n, D: 1}
		case money.PerWeek:
			return wide.Ratio{N: 52 * n, D: 12}
		default:
			return wide.Ratio{N: diy * n, D: 12}
		}
	case calendar.Weeks:
		switch per {
		case money.PerYear:
			return wide.Ratio{N: n, D: 52}
		case money.PerMonth:
			return wide.Ratio{N: 12 * n, D: 52}
		case money.PerWeek:
			return wide.Ratio{N: n, D: 1}
		default:
			return wide.Ratio{N: 7 * n, D: 1}
		}
	default: // days and working days
		switch per {
		case money.PerYear:
			return wide.Ratio{N: n, D: diy}
		case money.PerMonth:
			return wide.Ratio{N: 12 * n, D: diy}
		case money.PerWeek:
			return wide.Ratio{N: n, D: 7}
		default:
			return wide.Ratio{N: n, D: 1}
		}
	}
}

// mulDiv is a*num/den rounded to step under mode, or an overflow error.
func mulDiv(a, num, den, step int64, m wide.Mode, field string) (int64, error) {
	v, ok := wide.MulDiv(a, num, den, step, m)
	if !ok {
		return 0, overflow(field)
	}
	return v, nil
}

// level builds the flat-family schedules (Flat, Murabahah, Qard): margin
// spread over the installments, principal evenly over those after the
// principal grace, installment totals rounded once from their exact value,
// and the residue placed by the residual policy.
func (e *engine) level() error {
	t, rows := &e.t, e.rows
	n, gp, gi := len(rows), t.Grace.Principal, t.Grace.Interest
	k := int64(n - gp)
	p := t.Principal.Minor()

	// The margin base and each row's exact share of it. Flat: P x r_i, the
	// rate of the row's period on the original principal. Murabahah and
	// qard: M x 1/n, the agreed margin spread evenly.
	base := p
	switch {
	case t.Method == Qard:
		base = 0
	case t.Method == Murabahah && !t.Margin.IsZero():
		base = t.Margin.Minor()
	case t.Method == Murabahah:
		m, err := mulDiv(p, t.Rate.Num(), t.Rate.Den(), e.pStep, e.pMode, "Rate")
		if err != nil {
			return err
		}
		base = m
	}
	one := wide.Ratio{N: 1, D: int64(n)}
	share := func(i int) (wide.Ratio, error) {
		if t.Method == Flat {
			return e.periodRate(i)
		}
		return one, nil
	}
	// carried: the grace periods' shares, paid by row gi when deferred.
	carried, total := wide.Ratio{D: 1}, wide.Ratio{D: 1}
	s0, err := share(0)
	if err != nil {
		return err
	}
	if c, tot, ok := e.sumShares(s0); ok {
		// every row's share is the same: multiply, not add row by row
		carried, total = c, tot
	} else {
		for i := range rows {
			s, err := share(i)
			if err != nil {
				return err
			}
			var ok bool
			switch {
			case i < gi && t.Grace.InterestMode == Forgiven:
				continue
			case i < gi:
				carried, ok = carried.Add(s)
			default:
				ok = true
			}
			if !ok {
				return overflow("Rate")
			}
			if total, ok = total.Add(s); !ok {
				return overflow("Rate")
			}
		}
	}
	mTotal := base
	if total != (wide.Ratio{N: 1, D: 1}) {
		if mTotal, err = mulDiv(base, total.N, total.D, e.pStep, e.pMode, "Margin"); err != nil {
			return err
		}
	}

	absorber := -1 // keep-equal: none
	switch t.Rounding.Residual {
	case LastAbsorbs:
		absorber = n - 1
	case FirstAbsorbs:
		// the first row past both graces: the absorber takes a margin
		// residue, which a row in the interest grace may not charge
		absorber = max(gp, gi)
	}
	var sumM, sumT int64
	// the rows past the graces mostly have one share, so one margin and
	// total: the last row's are kept for the next
	var last struct {
		r       wide.Ratio
		m, tot  int64
		present bool
	}
	for i := range rows {
		r, err := share(i)
		if err != nil {
			return err
		}
		switch {
		case i < gi:
			r = wide.Ratio{D: 1}
		case i == gi && gi > 0 && t.Grace.InterestMode == Deferred:
			var ok bool
			if r, ok = r.Add(carried); !ok {
				return overflow("Rate")
			}
		}
		var m, tot int64
		if last.present && i >= gp && r == last.r {
			m, tot = last.m, last.tot
		} else {
			if m, err = e.part(base, r, "Margin"); err != nil {
				return err
			}
			tot = m // a row in principal grace pays its margin only
			if i >= gp {
				var ok bool
				// the exact total P/k + base x r, rounded once to the installment step
				if tot, ok = e.g.sum(p, k, base, r, e.iStep, e.iMode); !ok {
					return overflow("Installments")
				}
				last.r, last.m, last.tot, last.present = r, m, tot, !e.g.exact
			}
		}
		rows[i].Margin = e.cur.Amount(m)
		rows[i].Total = e.cur.Amount(tot)
		if i != absorber {
			var ok1, ok2 bool
			sumM, ok1 = wide.Add(sumM, m)
			sumT, ok2 = wide.Add(sumT, tot)
			if !ok1 || !ok2 {
				return overflow("Installments")
			}
		}
	}
	need, ok := wide.Add(p, mTotal)
	if !ok {
		return overflow("Margin")
	}
	if absorber >= 0 {
		ma, ta := mTotal-sumM, need-sumT
		if ma < 0 {
			return unbalanced("the margin parts round to more than the margin of %s; use a finer Rounding.Parts", e.cur.Amount(mTotal))
		}
		if ta <= 0 || ta < ma {
			return unbalanced("the other installments already repay the loan; the %s installment would be %s: the rounding step is too coarse for this term", ordinal(absorber, n), e.cur.Amount(ta))
		}
		rows[absorber].Margin = e.cur.Amount(ma)
		rows[absorber].Total = e.cur.Amount(ta)
	} else {
		// keep-equal: margin rounding residue on the last row, and the
		// installments' excess over what is owed booked as margin on the
		// rows that carry principal and are past the interest grace (a row
		// in the interest grace charges no margin, not even rounding)
		rows[n-1].Margin = e.cur.Amount(rows[n-1].Margin.Minor() + mTotal - sumM)
		e.rounding = sumT - need
		if err := e.spread(e.rounding, max(gp, gi)); err != nil {
			return err
		}
	}
	return e.principal(gp)
}

// sumShares returns the carried and total shares of level's first loop
// when every row's share is s: s times the number of rows that add it. ok is
// false when the shares differ from row to row (flat interest for actual
// days), when s is negative or the product overflows (the loop then reports
// it), or for the exact computation. Adding s to a multiple of s overflows
// exactly when the next multiple does, so the two ways agree.
func (e *engine) sumShares(s wide.Ratio) (carried, total wide.Ratio, ok bool) {
	t := &e.t
	if e.g.exact || (t.Method == Flat && !e.rateSet) || s.N < 0 {
		return carried, total, false
	}
	n, gi := int64(t.Installments), int64(t.Grace.Interest)
	var nc int64 // rows whose share is carried to row gi
	if t.Grace.InterestMode == Forgiven {
		n -= gi
	} else {
		nc = gi
	}
	tn, ok1 := wide.Mul(s.N, n)
	cn, ok2 := wide.Mul(s.N, nc)
	if !ok1 || !ok2 {
		return carried, total, false
	}
	carried, total = wide.Ratio{N: 0, D: 1}, wide.Ratio{N: 1, D: 1}
	if cn != 0 {
		carried, ok1 = wide.MakeRatio(cn, s.D)
	}
	if tn != s.D { // n shares of 1/n make one
		total, ok2 = wide.MakeRatio(tn, s.D)
	}
	return carried, total, ok1 && ok2
}

// part is a x r rounded to the parts step, the interest or margin of a row.
func (e *engine) part(a int64, r wide.Ratio, field string) (int64, error) {
	if e.pStep == 1 && !e.g.exact && a >= 0 && r.N >= 0 {
		if e.div.d != uint64(r.D) {
			e.div = newDivisor(uint64(r.D)) // r.D > 0; rows mostly share it
		}
		if v, ok := mulDiv1(uint64(a), uint64(r.N), e.div, e.pMode); ok {
			return v, nil
		}
	}
	return mulDiv(a, r.N, r.D, e.pStep, e.pMode, field)
}

// divisor divides by d with its reciprocal, worked out once: each row's
// interest is on the balance the row before left, so the rows wait on each
// other's division, and two multiplications take less time than one.
type divisor struct{ d, inv uint64 } // inv = (2^64-1)/d; d 0 for none

func newDivisor(d uint64) divisor { return divisor{d, math.MaxUint64 / d} }

// divMod returns x/d and x%d. x inv / 2^64 is below x/d by less than one
// (inv > (2^64-d)/d), so the estimate is the quotient or one less.
func (v divisor) divMod(x uint64) (q, r uint64) {
	q, _ = bits.Mul64(x, v.inv)
	r = x - q*v.d
	if r >= v.d {
		q++
		r -= v.d
	}
	return q, r
}

// mulDiv1 is wide.MulDiv(a, b, c.d, 1, m) for a, b >= 0 and c.d > 0 whose
// product fits in 64 bits, with no division; ok is false when it does not
// apply and the caller must use wide.MulDiv.
func mulDiv1(a, b uint64, c divisor, m wide.Mode) (int64, bool) {
	hi, lo := bits.Mul64(a, b)
	if hi != 0 || c.d == 0 {
		return 0, false
	}
	return c.round(lo, m)
}

// round is x/d rounded to a whole number under m, as wide.MulDiv rounds;
// ok is false when it exceeds math.MaxInt64.
func (c divisor) round(x uint64, m wide.Mode) (int64, bool) {
	q, r := c.divMod(x)
	if r != 0 {
		frac := 0 // r/d against one half
		switch h := c.d - r; {
		case r < h:
			frac = -1
		case r > h:
			frac = 1
		}
		if wide.RoundUp(m, frac, q&1 == 1, false) {
			q++ // d >= 2, so q < 2^63 and this cannot wrap
		}
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	return int64(q), true
}

// sum returns P/k + base x r rounded once to step under m, that is
// (P r.D + base r.N k) / (k r.D). All operands are non-negative. It works in
// 128 bits when the operands allow (every realistic loan), and in big
// integers otherwise.
func (g *Generator) sum(p, k, base int64, r wide.Ratio, step int64, m wide.Mode) (int64, bool) {
	if v, ok, fits := sum128(p, k, base, r, step, m); fits {
		return v, ok
	}
	return g.sumBig(p, k, base, r, step, m)
}

// sum128 is sum in 128-bit arithmetic; fits is false when an operand does
// not fit, and the caller must use big integers.
func sum128(p, k, base int64, r wide.Ratio, step int64, m wide.Mode) (v int64, ok, fits bool) {
	a, ok1 := wide.Mul(base, r.N)
	den, ok2 := wide.Mul(k, r.D)
	d, ok3 := wide.Mul(den, step)
	if !ok1 || !ok2 || !ok3 || d <= 0 {
		return 0, false, false
	}
	h1, l1 := bits.Mul64(uint64(p), uint64(r.D))
	h2, l2 := bits.Mul64(uint64(a), uint64(k))
	lo, c := bits.Add64(l1, l2, 0)
	hi, c := bits.Add64(h1, h2, c)
	if c != 0 || hi >= uint64(d) {
		return 0, false, false
	}
	q, rem := bits.Div64(hi, lo, uint64(d))
	if rem != 0 {
		frac := 0 // the discarded rem/d against one half
		switch half := uint64(d) - rem; {
		case rem < half:
			frac = -1
		case rem > half:
			frac = 1
		}
		if wide.RoundUp(m, frac, q&1 == 1, false) {
			q++
		}
	}
	hi, lo = bits.Mul64(q, uint64(step))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false, true
	}
	return int64(lo), true, true
}

// sumBig is sum in big integers.
func (g *Generator) sumBig(p, k, base int64, r wide.Ratio, step int64, m wide.Mode) (int64, bool) {
	g.reserve(levelWords)
	s := &g.s
	num := s[0].Mul(s[1].SetInt64(p), s[2].SetInt64(r.D))
	s[3].Mul(s[1].SetInt64(base), s[2].SetInt64(r.N))
	s[4].Mul(&s[3], s[1].SetInt64(k))
	s[5].Add(num, &s[4])
	den := s[6].Mul(s[1].SetInt64(k), s[2].SetInt64(r.D))
	return g.round(&s[5], den, step, m)
}

// levelWords is the size the level methods' exact totals need: products of
// three 64-bit values and a 14-bit count, times a step.
const levelWords = 8

// reserve gives every scratch integer room for words words, in one
// allocation, unless they have it already. Without it the integers grow by
// reallocating as the annuity factor (1+r)^k grows with k, and a cold
// Generate would allocate more the longer the schedule.
func (g *Generator) reserve(words int) {
	for i := range g.s {
		if cap(g.s[i].Bits()) < words {
			slab := make([]big.Word, len(g.s)*words)
			for j := range g.s {
				g.s[j].SetBits(slab[j*words : j*words : (j+1)*words])
			}
			return
		}
	}
}

// round returns num/den rounded to a multiple of step under m, using the
// generator's scratch s[1..4] and s[7]; num and den must not be among them.
func (g *Generator) round(num, den *big.Int, step int64, m wide.Mode) (int64, bool) {
	s := &g.s
	d := s[7].Mul(den, s[1].SetInt64(step))
	q, r := s[2].QuoRem(num, d, &s[3])
	if r.Sign() != 0 {
		neg := num.Sign() < 0
		r.Abs(r)
		s[4].Lsh(r, 1)
		frac := s[4].Cmp(d)
		if wide.RoundUp(m, frac, q.Bit(0) == 1, neg) {
			if neg {
				q.Sub(q, s[1].SetInt64(1))
			} else {
				q.Add(q, s[1].SetInt64(1))
			}
		}
	}
	q = s[4].Mul(q, s[1].SetInt64(step))
	if !q.IsInt64() || q.Int64() == -1<<63 {
		return 0, false
	}
	return q.Int64(), true
}

// spread books a keep-equal excess as margin on rows from..n-1 in whole
// parts-steps (largest remainder, earliest rows first), any part below one
// step on the last row. Rows whose margin would turn negative refuse.
func (e *engine) spread(excess int64, from int) error {
	rows := e.rows[from:]
	units, rest := excess/e.pStep, excess%e.pStep
	cnt := int64(len(rows))
	q, r := units/cnt, units%cnt
	for i := range rows {
		u := q
		switch {
		case r > 0 && int64(i) < r:
			u++
		case r < 0 && int64(i) < -r:
			u--
		}
		add := u * e.pStep
		if i == len(rows)-1 {
			add += rest
		}
		m := rows[i].Margin.Minor() + add
		if m < 0 {
			// the installments round up (Validate), so only the parts
			// rounding can take more margin than the level leaves
			return unbalanced("keep-equal would make installment %d's margin %s: the margin parts rounded by Rounding.Parts add up to more than the level installments leave; use a finer Rounding.Parts, or let an installment absorb the residue", rows[i].Number, e.cur.Amount(m))
		}
		rows[i].Margin = e.cur.Amount(m)
	}
	return nil
}

// principal derives each row's principal as total minus margin and the
// balances, and checks that they repay exactly the principal.
func (e *engine) principal(gp int) error {
	bal := e.t.Principal.Minor()
	for i := range e.rows {
		row := &e.rows[i]
		pr := row.Total.Minor() - row.Margin.Minor()
		if i < gp && pr != 0 {
			return unbalanced("installment %d falls in the principal grace but would repay %s of principal", i+1, e.cur.Amount(pr))
		}
		if pr < 0 || pr > bal {
			return unbalanced("installment %d would repay %s of principal with %s outstanding: the rounding does not fit this term", i+1, e.cur.Amount(pr), e.cur.Amount(bal))
		}
		bal -= pr
		row.Principal = e.cur.Amount(pr)
		row.Balance = e.cur.Amount(bal)
	}
	if bal != 0 {
		return unbalanced("the installments leave %s of principal unpaid", e.cur.Amount(bal))
	}
	return nil
}

func ordinal(i, n int) string {
	switch i {
	case 0:
		return "first"
	case n - 1:
		return "last"
	}
	return "installment " + itoa(i+1)
}

func itoa(i int) string { return string(appendInt(nil, i)) }

func appendInt(b []byte, i int) []byte {
	if i >= 10 {
		b = appendInt(b, i/10)
	}
	return append(b, byte('0'+i%10))
}

// finish fills the totals.
func (e *engine) finish() (Schedule, error) {
	var m int64
	for _, r := range e.rows {
		var ok bool
		if m, ok = wide.Add(m, r.Margin.Minor()); !ok {
			return Schedule{}, overflow("Margin")
		}
	}
	total, ok := wide.Add(e.t.Principal.Minor(), m)
	if !ok {
		return Schedule{}, overflow("Margin")
	}
	return Schedule{
		Terms:          e.t,
		Installments:   e.rows,
		Principal:      e.t.Principal,
		Margin:         e.cur.Amount(m),
		RoundingMargin: e.cur.Amount(e.rounding),
		Total:          e.cur.Amount(total),
	}, nil
}
