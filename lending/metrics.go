package lending

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/bits"
	"strconv"
	"strings"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/internal/wide"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// Fraction is an exact ratio Num/Den of two integers, such as a repayment
// rate (rupiah paid over rupiah due) or a yield (rupiah earned times 365
// over rupiah-days). Num and Den are kept as computed, not reduced, so that
// a reader can check them against the amounts they come from. A zero Den
// means there was nothing to measure; such a fraction reads as "-". The
// zero Fraction is that.
type Fraction struct {
	Num int64
	Den int64
}

// IsDefined reports whether there was something to measure: Den > 0.
func (f Fraction) IsDefined() bool { return f.Den > 0 }

// maxPlaces bounds Percent's decimals: 10^(2+6) times any int64 numerator
// still fits the 128-bit product.
const maxPlaces = 6

// Percent is the fraction as a percentage with places decimals (0 to 6),
// rounded half away from zero, the Indonesian way: "12,50%", "-3,1%". It is
// "-" when the fraction is not defined, and "overflow" when the percentage
// does not fit an int64 of the smallest decimal.
func (f Fraction) Percent(places int) string {
	if !f.IsDefined() {
		return "-"
	}
	places = min(max(places, 0), maxPlaces)
	scale := int64(100)
	for range places {
		scale *= 10
	}
	q, ok := wide.MulDiv(f.Num, scale, f.Den, 1, wide.HalfUp)
	if !ok {
		return "overflow"
	}
	var b strings.Builder
	if q < 0 {
		b.WriteByte('-')
	}
	u := uint64(q)
	if q < 0 {
		u = -u
	}
	digits := strconv.FormatUint(u, 10)
	if len(digits) <= places {
		digits = strings.Repeat("0", places-len(digits)+1) + digits
	}
	b.WriteString(digits[:len(digits)-places])
	if places > 0 {
		b.WriteByte(',')
		b.WriteString(digits[len(digits)-places:])
	}
	b.WriteByte('%')
	return b.String()
}

// BasisPoints is the fraction in hundredths of a percent, rounded half away
// from zero; 0 when not defined or out of range.
func (f Fraction) BasisPoints() int64 {
	if !f.IsDefined() {
		return 0
	}
	q, _ := wide.MulDiv(f.Num, 10000, f.Den, 1, wide.HalfUp)
	return q
}

// String is Percent(2).
func (f Fraction) String() string { return f.Percent(2) }

// Cmp compares two defined fractions exactly: -1, 0 or +1. An undefined
// fraction counts as zero.
func (f Fraction) Cmp(g Fraction) int {
	fn, fd := f.Num, f.Den
	if fd <= 0 {
		fn, fd = 0, 1
	}
	gn, gd := g.Num, g.Den
	if gd <= 0 {
		gn, gd = 0, 1
	}
	// fn*gd vs gn*fd, both denominators positive
	return cmpProducts(fn, gd, gn, fd)
}

// cmp128 compares a*b with c*d, all int64, exactly.
func cmpProducts(a, b, c, d int64) int {
	sx, xh, xl := signedProduct(a, b)
	sy, yh, yl := signedProduct(c, d)
	switch {
	case sx != sy:
		if sx < sy {
			return -1
		}
		return 1
	case sx == 0:
		return 0
	}
	r := 0
	switch {
	case xh != yh:
		r = cmpUint(xh, yh)
	default:
		r = cmpUint(xl, yl)
	}
	return r * sx
}

// mul128 is a*b as a sign (-1, 0, +1) and a 128-bit magnitude.
func signedProduct(a, b int64) (sign int, hi, lo uint64) {
	if a == 0 || b == 0 {
		return 0, 0, 0
	}
	sign = 1
	ua, ub := uint64(a), uint64(b)
	if a < 0 {
		ua, sign = -ua, -sign
	}
	if b < 0 {
		ub, sign = -ub, -sign
	}
	hi, lo = bits.Mul64(ua, ub)
	return sign, hi, lo
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// fractionJSON is the JSON of a Fraction: the exact ratio, and the percent
// for a reader (ignored when read back).
type fractionJSON struct {
	Ratio   string `json:"ratio"`
	Percent string `json:"percent"`
}

// MarshalJSON writes {"ratio":"num/den","percent":"12,50%"}.
func (f Fraction) MarshalJSON() ([]byte, error) {
	return json.Marshal(fractionJSON{Ratio: strconv.FormatInt(f.Num, 10) + "/" + strconv.FormatInt(f.Den, 10), Percent: f.Percent(2)})
}

// UnmarshalJSON reads what MarshalJSON writes; only the ratio counts.
func (f *Fraction) UnmarshalJSON(b []byte) error {
	var j fractionJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("%w: a fraction is {\"ratio\":\"num/den\"}: %w", ErrInvalid, err)
	}
	num, den, ok := strings.Cut(j.Ratio, "/")
	n, err1 := strconv.ParseInt(num, 10, 64)
	d, err2 := strconv.ParseInt(den, 10, 64)
	if !ok || err1 != nil || err2 != nil || d < 0 {
		return fmt.Errorf("%w: fraction %q is not num/den with den >= 0", ErrInvalid, j.Ratio)
	}
	*f = Fraction{Num: n, Den: d}
	return nil
}

// DaysPerYear annualises yields: a rate per day times 365, simple, not
// compounded.
const DaysPerYear = 365

// yieldOf is (earned - lost) * DaysPerYear / moneyDays.
func yieldOf(earned, lost, moneyDays int64) (Fraction, bool) {
	net, ok := wide.Sub(earned, lost)
	if !ok {
		return Fraction{}, false
	}
	num, ok := wide.Mul(net, DaysPerYear)
	if !ok {
		return Fraction{}, false
	}
	if moneyDays <= 0 {
		return Fraction{}, true
	}
	return Fraction{Num: num, Den: moneyDays}, true
}

// MetricsRequest says which portfolio metrics to compute and how.
type MetricsRequest struct {
	// Scope names the set of loans measured, for the report: a group, a
	// cycle, the whole koperasi ("G1", "siklus 2", "KAMURA").
	Scope string `json:"scope,omitempty"`
	// AsOf is the day the portfolio is measured, at its end: what is due
	// on it counts as due.
	AsOf calendar.Date `json:"as_of"`
	// From starts the collection period, which ends on AsOf; zero means
	// from the first due date.
	From calendar.Date `json:"from,omitzero"`
	// PARDays are the N of PAR N: the share of outstanding principal in
	// loans more than N days past due, ascending days from 0. Empty means
	// DefaultPARDays.
	PARDays []int `json:"par_days,omitempty"`
}

// DefaultPARDays are PAR1, PAR7 and PAR30: more than 1, 7 and 30 days
// past due. They are also the bounds of the zero Buckets.
func DefaultPARDays() []int { return []int{1, 7, 30} }

// Counts are the parties and loans in a portfolio.
type Counts struct {
	Members    int `json:"members"` // distinct borrowers
	Groups     int `json:"groups"`  // distinct groups named by the loans
	Lenders    int `json:"lenders"` // distinct lenders with a positive share
	Loans      int `json:"loans"`
	Active     int `json:"active"`
	Repaid     int `json:"repaid"`
	Defaulted  int `json:"defaulted"`
	WrittenOff int `json:"written_off"`
}

// PARShare is the portfolio at risk beyond Days days: the loans more than
// Days days past due, their outstanding principal, and its share of all
// outstanding principal.
type PARShare struct {
	Days      int          `json:"days"`
	Loans     int          `json:"loans"`
	Principal money.Amount `json:"principal"`
	Share     Fraction     `json:"share"`
}

// MetricAmounts are the sums the ratios of Metrics are made of. "Owed"
// amounts are principal plus margin; late fees are left out everywhere.
type MetricAmounts struct {
	// Disbursed is the principal of every loan measured.
	Disbursed money.Amount `json:"disbursed"`
	// Due is what the installments due through AsOf owe; PaidOnTime the
	// part of it in installments paid in full by their due date; Paid what
	// has been paid on them by AsOf.
	Due        money.Amount `json:"due"`
	PaidOnTime money.Amount `json:"paid_on_time"`
	Paid       money.Amount `json:"paid"`
	// InstallmentsDue and InstallmentsOnTime count them.
	InstallmentsDue    int `json:"installments_due"`
	InstallmentsOnTime int `json:"installments_on_time"`
	// PeriodDue is what the installments due in the collection period owe,
	// PeriodPaid what has been paid on them.
	PeriodDue  money.Amount `json:"period_due"`
	PeriodPaid money.Amount `json:"period_paid"`
	// Outstanding and Overdue are owed by active and defaulted loans: all
	// of it, and the part due before AsOf (arrears, tunggakan).
	Outstanding money.Amount `json:"outstanding"`
	Overdue     money.Amount `json:"overdue"`
	// OutstandingPrincipal is the principal of Outstanding, PAR's and
	// TKB90's denominator; Over90 the part in loans more than 90 days
	// past due.
	OutstandingPrincipal money.Amount `json:"outstanding_principal"`
	Over90               money.Amount `json:"over_90"`
	// WrittenOff is the principal written off; Recovered what came back.
	WrittenOff money.Amount `json:"written_off"`
	Recovered  money.Amount `json:"recovered"`
	// LenderMargin is the margin paid out to lenders, LenderLoss their
	// losses net of recoveries, LenderMoneyDays their principal outstanding
	// summed over the days through AsOf (rupiah-days); zero without payout
	// records.
	LenderMargin    money.Amount `json:"lender_margin"`
	LenderLoss      money.Amount `json:"lender_loss"`
	LenderMoneyDays int64        `json:"lender_money_days,string"`
}

// Metrics are a portfolio's measures on a date. Every ratio is an exact
// Fraction of the amounts in Amounts, so it can be checked; every one but
// LenderYield lies between 0 and 1.
type Metrics struct {
	Scope   string        `json:"scope,omitempty"`
	AsOf    calendar.Date `json:"as_of"`
	From    calendar.Date `json:"from,omitzero"`
	Counts  Counts        `json:"counts"`
	Amounts MetricAmounts `json:"amounts"`
	// OnTime is the on-time repayment rate by installments: installments
	// paid in full by their due date over installments due through AsOf.
	OnTime Fraction `json:"on_time"`
	// ByDueDate is the repayment rate by amount paid by the due date:
	// Amounts.PaidOnTime / Amounts.Due. A State does not record when part
	// of an installment was paid, so only installments paid in full by
	// their due date count as paid by it.
	ByDueDate Fraction `json:"by_due_date"`
	// Repayment is the cumulative repayment rate: paid by AsOf, on time or
	// late, over due (Amounts.Paid / Amounts.Due).
	Repayment Fraction `json:"repayment"`
	// Collection is the collection rate of the period From-AsOf:
	// PeriodPaid / PeriodDue.
	Collection Fraction `json:"collection"`
	// Arrears is the arrears rate: Overdue / Outstanding.
	Arrears Fraction `json:"arrears"`
	// PAR are the portfolio-at-risk shares, one per PARDays.
	PAR []PARShare `json:"par"`
	// WriteOff is the write-off ratio: principal written off over
	// principal disbursed.
	WriteOff Fraction `json:"write_off"`
	// Loss is the loss rate: principal written off less recoveries, over
	// principal disbursed.
	Loss Fraction `json:"loss"`
	// TKB90 is OJK's tingkat keberhasilan bayar 90 hari (see Measure).
	TKB90 Fraction `json:"tkb90"`
	// LenderYield is the lenders' realised yield, a year's rate:
	// (LenderMargin - LenderLoss) * 365 / LenderMoneyDays. It may be
	// negative; it is undefined without payout records.
	LenderYield Fraction `json:"lender_yield"`
}

// Measure computes the metrics of a portfolio: loans with their states (in
// the same order) and, optionally, their payout records (nil, or in the
// same order), as of the end of day q.AsOf. Every state and record must be
// of its loan and no later than AsOf: a portfolio as of an earlier day
// needs the states of that day.
//
// Definitions (amounts are principal plus margin unless said otherwise;
// late fees never count):
//
//   - OnTime, ByDueDate, Repayment: over the installments due on or before
//     AsOf, of every loan measured (repaid and written-off ones too).
//   - Collection: the same, for installments due from From through AsOf.
//   - Arrears: owed and due before AsOf, over owed, of the loans neither
//     repaid nor written off.
//   - PAR N: outstanding principal of loans more than N days past due, over
//     outstanding principal, of the loans neither repaid nor written off;
//     days past due count from the oldest installment not paid in full
//     after its due date. PortfolioAtRisk with the bound N gives the same
//     loans and principal.
//   - TKB90: 1 - TWP90, where TWP90 (tingkat wanprestasi 90 hari) is the
//     outstanding principal of loans more than 90 days past due over all
//     outstanding principal. This is how OJK defines and publishes them
//     for fintech P2P lending (LPBBTI, POJK 10/POJK.05/2022 and OJK's P2P
//     lending statistics): TKB90 is the success rate in settling loans
//     within 90 days of their due date. Written-off loans are no longer
//     outstanding, so they count in neither; with nothing outstanding
//     TKB90 is 100% (1/1).
//   - WriteOff and Loss: principal, over the principal of every loan
//     measured.
//   - LenderYield: realised, from the payout records: margin paid out less
//     net losses, per rupiah-day outstanding, times 365.
//
// Counts: distinct borrowers, groups (by Loan.Group) and lenders, and the
// loans by status. Refused, with a *PayoutError: lengths that do not match,
// a state or record of another loan, later than AsOf, or in another
// currency (ErrInvalid).
func Measure(loans []Loan, states []State, paid []PaidOut, q MetricsRequest) (Metrics, error) {
	fail := func(loan LoanID, reason string) (Metrics, error) {
		return Metrics{}, &PayoutError{Op: "metrics", Loan: loan, Reason: reason, Err: ErrInvalid}
	}
	d := q.AsOf
	switch {
	case d.IsZero():
		return fail("", "the date to measure on is missing")
	case len(states) != len(loans):
		return fail("", fmt.Sprintf("%d loans but %d states", len(loans), len(states)))
	case paid != nil && len(paid) != len(loans):
		return fail("", fmt.Sprintf("%d loans but %d payout records", len(loans), len(paid)))
	case !q.From.IsZero() && q.From.After(d):
		return fail("", "the collection period starts on "+q.From.String()+", after "+d.String())
	}
	days := q.PARDays
	if len(days) == 0 {
		days = DefaultPARDays()
	}
	for i, n := range days {
		if n < 0 || n > maxDays || (i > 0 && n <= days[i-1]) {
			return fail("", fmt.Sprintf("PAR days %v must be ascending days from 0 to %d", days, maxDays))
		}
	}
	var parStack [8]int64
	var parLoansStack [8]int
	parSum, parLoans := parStack[:0], parLoansStack[:0]
	if len(days) > len(parStack) {
		parSum, parLoans = make([]int64, 0, len(days)), make([]int, 0, len(days))
	}
	parSum, parLoans = parSum[:len(days)], parLoans[:len(days)]

	var s sums
	var c Counts
	var cur money.Currency
	borrowers := make(map[members.ID]struct{}, len(loans))
	groups := make(map[string]struct{})
	lenders := make(map[members.ID]struct{})
	var lastLenders []Share
	lastGroup := ""
	for i := range loans {
		l, st := &loans[i], &states[i]
		if err := checkState("metrics", *l, *st); err != nil {
			return Metrics{}, err
		}
		if last := st.lastEvent(); d.Before(last) {
			return fail(l.ID, "the state already includes "+last.String()+", after "+d.String())
		}
		lc := l.Principal().Currency()
		if i == 0 {
			cur = lc
		} else if lc != cur {
			return Metrics{}, &PayoutError{Op: "metrics", Loan: l.ID, Reason: "the loan is in " + lc.String() + ", the portfolio in " + cur.String(), Err: fmt.Errorf("%w (%w)", ErrInvalid, money.ErrCurrencyMismatch)}
		}
		c.Loans++
		switch st.Status {
		case LoanActive:
			c.Active++
		case LoanRepaid:
			c.Repaid++
		case LoanDefaulted:
			c.Defaulted++
		case LoanWrittenOff:
			c.WrittenOff++
		}
		borrowers[l.Member] = struct{}{}
		// The loans of a group, and of a facility, usually come together
		// and share their lenders: skip the lookups for a repeat.
		if l.Group != "" && l.Group != lastGroup {
			groups[l.Group] = struct{}{}
			lastGroup = l.Group
		}
		if !sameLenders(lastLenders, l.Lenders) {
			for _, sh := range l.Lenders {
				if sh.Amount.IsPositive() {
					lenders[sh.Lender] = struct{}{}
				}
			}
			lastLenders = l.Lenders
		}
		if !s.loan(l, st, d, q.From) {
			return fail(l.ID, "the amounts overflow")
		}
		if paid != nil {
			if err := s.lender(l, &paid[i], d); err != nil {
				return Metrics{}, err
			}
		}
		if st.Status == LoanRepaid || st.Status == LoanWrittenOff {
			continue
		}
		dpd, principal := arrears(l, st, d)
		if principal == 0 {
			continue
		}
		s.outPrincipal += principal
		if atRisk(dpd, 90) {
			s.over90 += principal
		}
		for k, n := range days {
			if !atRisk(dpd, n) {
				break
			}
			parSum[k] += principal
			parLoans[k]++
		}
	}
	c.Members, c.Groups, c.Lenders = len(borrowers), len(groups), len(lenders)
	if s.overflow {
		return fail("", "the amounts overflow")
	}
	a := cur.Amount
	m := Metrics{Scope: q.Scope, AsOf: d, From: q.From, Counts: c}
	m.Amounts = MetricAmounts{
		Disbursed: a(s.disbursed), Due: a(s.due), PaidOnTime: a(s.onTime), Paid: a(s.paid),
		InstallmentsDue: s.nDue, InstallmentsOnTime: s.nOnTime,
		PeriodDue: a(s.periodDue), PeriodPaid: a(s.periodPaid),
		Outstanding: a(s.outstanding), Overdue: a(s.overdue),
		OutstandingPrincipal: a(s.outPrincipal), Over90: a(s.over90),
		WrittenOff: a(s.writtenOff), Recovered: a(s.recovered),
		LenderMargin: a(s.lenderMargin), LenderLoss: a(s.lenderLoss), LenderMoneyDays: s.moneyDays,
	}
	m.OnTime = Fraction{int64(s.nOnTime), int64(s.nDue)}
	m.ByDueDate = Fraction{s.onTime, s.due}
	m.Repayment = Fraction{s.paid, s.due}
	m.Collection = Fraction{s.periodPaid, s.periodDue}
	m.Arrears = Fraction{s.overdue, s.outstanding}
	m.PAR = make([]PARShare, len(days))
	for k, n := range days {
		m.PAR[k] = PARShare{Days: n, Loans: parLoans[k], Principal: a(parSum[k]), Share: Fraction{parSum[k], s.outPrincipal}}
	}
	m.WriteOff = Fraction{s.writtenOff, s.disbursed}
	m.Loss = Fraction{s.writtenOff - s.recovered, s.disbursed}
	m.TKB90 = Fraction{1, 1}
	if s.outPrincipal > 0 {
		m.TKB90 = Fraction{s.outPrincipal - s.over90, s.outPrincipal}
	}
	if paid != nil {
		y, ok := yieldOf(s.lenderMargin, s.lenderLoss, s.moneyDays)
		if !ok {
			return fail("", "the lenders' yield overflows")
		}
		m.LenderYield = y
	}
	return m, nil
}

// sameLenders reports whether b has the lenders of a, in the same order,
// with positive shares where a has them.
func sameLenders(a, b []Share) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Lender != b[i].Lender || a[i].Amount.IsPositive() != b[i].Amount.IsPositive() {
			return false
		}
	}
	return true
}

// sums are Measure's running totals, in minor units.
type sums struct {
	disbursed, due, onTime, paid, periodDue, periodPaid int64
	nDue, nOnTime                                       int
	outstanding, overdue, outPrincipal, over90          int64
	writtenOff, recovered                               int64
	lenderMargin, lenderLoss, moneyDays                 int64
	overflow                                            bool
}

// add adds x to *t, remembering an overflow.
func (s *sums) add(t *int64, x int64) {
	v, ok := wide.Add(*t, x)
	if !ok {
		s.overflow = true
	}
	*t = v
}

// loan adds one loan's installments. The schedule's amounts are checked
// against the state by checkState and sum to the principal and margin, so
// per-loan sums cannot overflow; the portfolio's may.
func (s *sums) loan(l *Loan, st *State, d, from calendar.Date) bool {
	s.add(&s.disbursed, l.Principal().Minor())
	open := st.Status != LoanRepaid && st.Status != LoanWrittenOff
	var due, onTime, paid, pDue, pPaid, out, over int64
	ins := l.Schedule.Installments
	for i := range ins {
		in := &ins[i]
		pd := &st.Installments[i]
		owed := in.Principal.Minor() + in.Margin.Minor()
		got := pd.Principal + pd.Margin
		if open {
			out += owed - got
			if in.Due.Before(d) {
				over += owed - got
			}
		}
		if in.Due.After(d) {
			continue
		}
		due += owed
		paid += got
		s.nDue++
		if got == owed && !pd.On.IsZero() && !pd.On.After(in.Due) {
			onTime += owed
			s.nOnTime++
		}
		if from.IsZero() || !in.Due.Before(from) {
			pDue += owed
			pPaid += got
		}
	}
	s.add(&s.due, due)
	s.add(&s.onTime, onTime)
	s.add(&s.paid, paid)
	s.add(&s.periodDue, pDue)
	s.add(&s.periodPaid, pPaid)
	s.add(&s.outstanding, out)
	s.add(&s.overdue, over)
	if st.Status == LoanWrittenOff {
		s.add(&s.writtenOff, st.WriteOff.Principal.Minor())
		s.add(&s.recovered, st.WriteOff.Recovered.Minor())
	}
	return !s.overflow
}

// lender adds one loan's payout record to the lenders' totals. Over a
// whole portfolio the record is checked lightly (its loan, its size, no
// negative amounts), not lender by lender as Distribute does: that is what
// is needed to add it up safely.
func (s *sums) lender(l *Loan, po *PaidOut, d calendar.Date) error {
	bad := func(reason string) error {
		return &PayoutError{Op: "metrics", Loan: l.ID, Reason: reason, Err: ErrInvalid}
	}
	switch {
	case po.Loan != l.ID:
		return bad("the payout record given is of loan " + strconv.Quote(string(po.Loan)))
	case len(po.Lenders) != len(l.Lenders):
		return bad("the payout record has " + strconv.Itoa(len(po.Lenders)) + " lenders, the loan " + strconv.Itoa(len(l.Lenders)))
	case d.Before(po.Through):
		return bad("the payout record already includes " + po.Through.String() + ", after " + d.String())
	}
	for i := range po.Lenders {
		p := &po.Lenders[i]
		if p.Funded.Minor() < 0 || p.Principal.Minor() < 0 || p.Margin.Minor() < 0 || p.Loss.Minor() < 0 || p.Recovered.Minor() < 0 || p.MoneyDays < 0 ||
			p.Principal.Minor() > p.Funded.Minor()-p.Loss.Minor() || p.Recovered.Minor() > p.Loss.Minor() {
			return bad("lender " + string(p.Lender) + " has negative amounts, or more paid back or recovered than funded or lost")
		}
	}
	days := int64(d.Sub(po.Through))
	for i := range po.Lenders {
		p := &po.Lenders[i]
		s.add(&s.lenderMargin, p.Margin.Minor())
		s.add(&s.lenderLoss, p.Loss.Minor()-p.Recovered.Minor())
		md, ok := wide.Mul(p.Outstanding().Minor(), days)
		if !ok {
			s.overflow = true
		}
		s.add(&s.moneyDays, p.MoneyDays)
		s.add(&s.moneyDays, md)
	}
	if s.overflow {
		return &PayoutError{Op: "metrics", Loan: l.ID, Reason: "the lenders' amounts overflow", Err: ErrInvalid}
	}
	return nil
}

// Text renders the metrics as a few lines for a notice board or a log.
func (m Metrics) Text() string {
	var b bytes.Buffer
	line := func(label, value string) {
		fmt.Fprintf(&b, "%-26s %s\n", label, value)
	}
	title := "Portfolio"
	if m.Scope != "" {
		title += " " + m.Scope
	}
	fmt.Fprintf(&b, "%s as of %s\n", title, m.AsOf)
	c := m.Counts
	line("loans", fmt.Sprintf("%d (active %d, repaid %d, defaulted %d, written off %d)", c.Loans, c.Active, c.Repaid, c.Defaulted, c.WrittenOff))
	line("members, groups, lenders", fmt.Sprintf("%d, %d, %d", c.Members, c.Groups, c.Lenders))
	line("disbursed", m.Amounts.Disbursed.String())
	line("outstanding principal", m.Amounts.OutstandingPrincipal.String())
	line("on-time installments", fmt.Sprintf("%s (%d of %d)", m.OnTime.Percent(2), m.Amounts.InstallmentsOnTime, m.Amounts.InstallmentsDue))
	line("repaid by due date", m.ByDueDate.Percent(2))
	line("repayment rate", m.Repayment.Percent(2))
	period := m.Collection.Percent(2)
	if !m.From.IsZero() {
		period += " (from " + m.From.String() + ")"
	}
	line("collection rate", period)
	line("arrears rate", m.Arrears.Percent(2))
	for _, p := range m.PAR {
		line("PAR"+strconv.Itoa(p.Days), fmt.Sprintf("%s (%d loans, %s)", p.Share.Percent(2), p.Loans, p.Principal))
	}
	line("TKB90", m.TKB90.Percent(2))
	line("write-off ratio", m.WriteOff.Percent(2))
	line("loss rate", m.Loss.Percent(2))
	line("lenders' realised yield", m.LenderYield.Percent(2)+" a year")
	return b.String()
}
