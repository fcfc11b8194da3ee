package schedule

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/internal/wide"
	"github.com/ip2p/koperasi/money"
)

// Sentinel errors of Disclose, besides ErrOverflow.
var (
	// ErrInvalidCosts: Costs cannot apply to the schedule (a negative fee,
	// a fee and saving that leave the member nothing, another currency).
	ErrInvalidCosts = errors.New("schedule: invalid costs")
	// ErrInvalidSchedule: a schedule given to Disclose is empty, does not
	// add up, or has no time between disbursement and its last due date.
	ErrInvalidSchedule = errors.New("schedule: schedule cannot be disclosed")
)

// DisclosureError says which input of Disclose is wrong and why.
type DisclosureError struct {
	Field  string // "Costs.Fee", "Schedule.Installments", "APR", ...
	Reason string
	Err    error // ErrInvalidCosts, ErrInvalidSchedule or ErrOverflow
}

func (e *DisclosureError) Error() string {
	return "schedule: cannot disclose: " + e.Field + ": " + e.Reason
}

func (e *DisclosureError) Unwrap() error { return e.Err }

func badCosts(field, format string, args ...any) error {
	return &DisclosureError{Field: field, Reason: fmt.Sprintf(format, args...), Err: ErrInvalidCosts}
}

func badSchedule(field, format string, args ...any) error {
	return &DisclosureError{Field: field, Reason: fmt.Sprintf(format, args...), Err: ErrInvalidSchedule}
}

func tooLarge(field, format string, args ...any) error {
	return &DisclosureError{Field: field, Reason: fmt.Sprintf(format, args...), Err: ErrOverflow}
}

// Costs are what a loan costs a member besides the installments of its
// schedule. The zero Costs is none: the member receives the whole principal.
type Costs struct {
	// Fee is deducted from the loan at disbursement (biaya administrasi,
	// provisi): a bank emok loan of Rp1.500.000 with a Rp150.000 fee pays
	// out Rp1.350.000. Not negative.
	Fee money.Amount `json:"fee,omitzero"`
	// Saving is a compulsory saving withheld at disbursement (tabungan or
	// simpanan wajib ditahan) and given back at the last due date. It costs
	// nothing in money but the member does not have it during the term, so
	// it raises the APR. Not negative.
	Saving money.Amount `json:"saving,omitzero"`
	// PerInstallment is another charge paid with every installment (a
	// collection fee, iuran). Not negative.
	PerInstallment money.Amount `json:"per_installment,omitzero"`
}

// RateDenominator is the precision of Disclosure.APR and Disclosure.EAR:
// they are whole multiples of 1/1.000.000, that is of 0,0001 percent.
const RateDenominator = 1_000_000

// Disclosure states what a loan costs the member, in money and as rates, so
// that loans of different sizes, terms and fees can be compared. Every
// amount is exact; DailyRate is an exact ratio; APR and EAR are rounded
// half-even to RateDenominator.
type Disclosure struct {
	Principal money.Amount `json:"principal"` // pokok: what the schedule repays
	Fee       money.Amount `json:"fee"`       // deducted at disbursement
	Saving    money.Amount `json:"saving"`    // withheld at disbursement, returned at the end
	// Received is what the member has in hand at disbursement: principal
	// minus fee minus withheld saving (Reg Z's amount financed, when the
	// saving is counted as given back).
	Received money.Amount `json:"received"`
	// Margin is the schedule's margin (interest, jasa), RoundingMargin the
	// part of it that exists only because installments were rounded.
	Margin         money.Amount `json:"margin"`
	RoundingMargin money.Amount `json:"rounding_margin"`
	Charges        money.Amount `json:"charges"` // per-installment charges over the whole term
	// TotalCost is what the loan costs in money: Margin + Fee + Charges.
	// The withheld saving is not a cost in money (it comes back); its cost
	// shows in the APR.
	TotalCost money.Amount `json:"total_cost"`
	// TotalRepaid is all the member pays after disbursement: the
	// installments and the per-installment charges.
	TotalRepaid money.Amount `json:"total_repaid"`
	// Installments is the number of installments; Installment the most
	// common amount paid at one installment, charges included (among
	// equally common amounts, the largest); MinInstallment and
	// MaxInstallment the range when they differ.
	Installments   int          `json:"installments"`
	Installment    money.Amount `json:"installment"`
	MinInstallment money.Amount `json:"min_installment"`
	MaxInstallment money.Amount `json:"max_installment"`
	// Disbursed and LastDue bound the term; Days is its length in days.
	Disbursed calendar.Date `json:"disbursed"`
	LastDue   calendar.Date `json:"last_due"`
	Days      int           `json:"days"`
	// DailyRate is total cost / principal / days, the way OJK states the
	// cost of a loan (per day, on the original principal, ignoring when it
	// is paid). Exact.
	DailyRate money.Rate `json:"daily_rate"`
	// UnitPeriod is the Regulation Z unit period: every N days (365/N a
	// year), every N weeks (52/N a year), every N months (12/N a year), or
	// every 12 months (one a year).
	UnitPeriod calendar.Frequency `json:"unit_period"`
	// APR is the annual percentage rate by the actuarial method of US
	// Regulation Z Appendix J: the rate per unit period that discounts the
	// member's payments to what they received, times the unit periods in a
	// year. Rounded half-even to 0,0001%.
	APR money.Rate `json:"apr"`
	// EAR is the effective annual rate, (1 + rate per unit period) raised to
	// the unit periods in a year, minus one. Rounded half-even to 0,0001%.
	// With one unit period a year it is the APR.
	EAR money.Rate `json:"ear"`
	// EARCapped reports an effective annual rate above MaxEAR, stated as
	// MaxEAR: compounding a few percent a day for a year gives numbers that
	// mean nothing but "far too expensive".
	EARCapped bool `json:"ear_capped,omitempty"`
}

// MaxEAR is the largest effective annual rate Disclose states, 10^12 a
// year (100.000.000.000.000%); a larger one is stated as MaxEAR with
// Disclosure.EARCapped set.
const MaxEAR = 1_000_000_000_000

// Disclose states what schedule s costs a member who also bears costs c:
// amounts, the OJK daily rate, the APR and the effective annual rate.
//
// The member's cash flows are: Received at the disbursement date, each
// installment (plus any per-installment charge) on its due date, and the
// withheld saving back on the last due date. Installments due on the same
// date are one payment.
//
// The APR follows Regulation Z Appendix J (12 CFR 1026), actuarial method:
//   - the unit period is the most frequent period between disbursement and
//     the first payment and between payments (same date of the month a whole
//     number of months apart: months; else a multiple of 7 days: weeks; else
//     days); among equally frequent periods the shorter. With no period
//     occurring twice, the unit period is their average rounded to the
//     nearest day, whole number of weeks or months (ties: the shorter). A
//     single payment's unit period is the term: whole months when it is
//     whole months shorter than a year, otherwise days, and a year when the
//     term is a year or more. Semimonthly unit periods are not recognised.
//   - each payment lies t full unit periods plus a fraction f after
//     disbursement: days and weeks by dividing the days; months counted back
//     from the payment date (month-end dates count back to month ends), the
//     remaining days over 30; years as 12 months, the rest as whole months
//     over 12 or else days over 365.
//   - the rate i per unit period solves received = sum of P/((1+f i)(1+i)^t)
//     (minus the saving given back), and APR = i x unit periods per year.
//
// The equation is solved with math/big floats of 256-bit precision by a
// safeguarded Newton iteration, never with float64, so results are the same
// on every platform. APR and EAR are then rounded half-even to
// RateDenominator; when the APR lies within 2^-40 of a rounding midpoint the
// side is decided exactly, in integers, so a rational APR that is a midpoint
// rounds to even. EAR for a fractional number of unit periods a year uses
// series for the logarithm and exponential at 320 bits.
//
// Disclose returns a *DisclosureError wrapping ErrInvalidSchedule (no
// installments, parts that do not add up, due dates out of order or before
// disbursement, a term of zero days), ErrInvalidCosts (negative costs,
// another currency, a fee and saving not less than the principal) or
// ErrOverflow (an amount or the APR too large to state; an EAR above
// MaxEAR is capped instead, see Disclosure.EARCapped).
func Disclose(s Schedule, c Costs) (Disclosure, error) {
	cur, err := checkSchedule(s)
	if err != nil {
		return Disclosure{}, err
	}
	if err := checkCosts(c, s.Principal, cur); err != nil {
		return Disclosure{}, err
	}
	n := len(s.Installments)
	p := s.Principal.Minor()
	fee, saving, charge := c.Fee.Minor(), c.Saving.Minor(), c.PerInstallment.Minor()
	charges, ok1 := wide.Mul(charge, int64(n))
	repaid, ok2 := wide.Add(s.Total.Minor(), charges)
	cost, ok3 := wide.Add(s.Margin.Minor(), fee)
	cost, ok4 := wide.Add(cost, charges)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return Disclosure{}, tooLarge("Costs.PerInstallment", "the charges and installments do not fit in 64 bits")
	}
	received := p - fee - saving // both checked smaller than p
	last := s.Installments[n-1].Due
	d := Disclosure{
		Principal:      s.Principal,
		Fee:            cur.Amount(fee),
		Saving:         cur.Amount(saving),
		Received:       cur.Amount(received),
		Margin:         s.Margin,
		RoundingMargin: cur.Amount(s.RoundingMargin.Minor()),
		Charges:        cur.Amount(charges),
		TotalCost:      cur.Amount(cost),
		TotalRepaid:    cur.Amount(repaid),
		Installments:   n,
		Disbursed:      s.Terms.Disbursed,
		LastDue:        last,
		Days:           last.Sub(s.Terms.Disbursed),
	}
	if err := d.installments(s.Installments, charge, cur); err != nil {
		return Disclosure{}, err
	}
	daily, err := money.NewRate(cost, p, money.PerDay)
	if err == nil {
		daily, err = daily.Scale(1, int64(d.Days))
	}
	if err != nil {
		return Disclosure{}, tooLarge("DailyRate", "%s over %s and %d days does not fit an exact rate", d.TotalCost, s.Principal, d.Days)
	}
	d.DailyRate = daily

	flows := cashFlows(s, charge, saving)
	d.UnitPeriod = unitPeriod(d.Disbursed, flows)
	if cost == 0 {
		return d, nil // every rate is zero
	}
	if d.APR, d.EAR, d.EARCapped, err = solveRates(d.Disbursed, received, cost, flows, d.UnitPeriod); err != nil {
		return Disclosure{}, err
	}
	return d, nil
}

// ofCurrency reports whether a may be used with currency c: its own, or a
// zero amount without any currency.
func ofCurrency(a money.Amount, c money.Currency) bool {
	return a.Currency() == c || a.IsZero() && a.Currency().IsZero()
}

// checkSchedule makes sure s adds up, so that a hand-made or decoded schedule
// cannot produce a disclosure that contradicts itself.
func checkSchedule(s Schedule) (money.Currency, error) {
	rows := s.Installments
	cur := s.Principal.Currency()
	switch {
	case len(rows) == 0:
		return 0, badSchedule("Schedule.Installments", "the schedule has no installments")
	case !s.Principal.IsPositive() || cur.IsZero():
		return 0, badSchedule("Schedule.Principal", "must be positive with a currency, got %s", s.Principal)
	case s.Terms.Disbursed.IsZero():
		return 0, badSchedule("Schedule.Terms.Disbursed", "the disbursement date is needed to count the term")
	case !ofCurrency(s.Margin, cur) || !ofCurrency(s.Total, cur) || !ofCurrency(s.RoundingMargin, cur):
		return 0, badSchedule("Schedule.Total", "totals are not all in %s", cur)
	}
	var sumP, sumT int64
	prev := s.Terms.Disbursed
	for i, r := range rows {
		field := "Schedule.Installments[" + strconv.Itoa(i) + "]"
		switch {
		case !ofCurrency(r.Principal, cur) || !ofCurrency(r.Margin, cur) || !ofCurrency(r.Total, cur):
			return 0, badSchedule(field, "installment %d is not in %s", i+1, cur)
		case r.Principal.IsNegative() || r.Margin.IsNegative():
			return 0, badSchedule(field, "installment %d has a negative part (principal %s, margin %s)", i+1, r.Principal, r.Margin)
		case r.Total.Minor()-r.Margin.Minor() != r.Principal.Minor():
			return 0, badSchedule(field, "installment %d: total %s is not principal %s plus margin %s", i+1, r.Total, r.Principal, r.Margin)
		case r.Due.IsZero() || r.Due.Before(prev):
			return 0, badSchedule(field, "installment %d is due %s, before %s", i+1, r.Due, prev)
		}
		prev = r.Due
		var ok1, ok2 bool
		sumP, ok1 = wide.Add(sumP, r.Principal.Minor())
		sumT, ok2 = wide.Add(sumT, r.Total.Minor())
		if !ok1 || !ok2 {
			return 0, tooLarge(field, "the installments do not fit in 64 bits")
		}
	}
	want, ok := wide.Add(s.Principal.Minor(), s.Margin.Minor())
	switch {
	case sumP != s.Principal.Minor():
		return 0, badSchedule("Schedule.Installments", "the principal parts sum to %s, not the principal %s", cur.Amount(sumP), s.Principal)
	case !ok || sumT != s.Total.Minor() || s.Total.Minor() != want:
		return 0, badSchedule("Schedule.Total", "the installments sum to %s; the schedule says total %s = principal %s + margin %s", cur.Amount(sumT), s.Total, s.Principal, s.Margin)
	case prev == s.Terms.Disbursed:
		return 0, badSchedule("Schedule.Installments", "everything falls due on the disbursement day %s: a term of zero days has no rate", prev)
	}
	return cur, nil
}

func checkCosts(c Costs, principal money.Amount, cur money.Currency) error {
	for _, f := range [...]struct {
		name string
		a    money.Amount
	}{{"Costs.Fee", c.Fee}, {"Costs.Saving", c.Saving}, {"Costs.PerInstallment", c.PerInstallment}} {
		switch {
		case !ofCurrency(f.a, cur):
			return badCosts(f.name, "%s is not in the loan's currency %s", f.a, cur)
		case f.a.IsNegative():
			return badCosts(f.name, "cannot be negative, got %s", f.a)
		}
	}
	kept, ok := wide.Add(c.Fee.Minor(), c.Saving.Minor())
	if !ok || kept >= principal.Minor() {
		return badCosts("Costs.Fee", "the fee %s and withheld saving %s leave nothing of the principal %s for the member", c.Fee, c.Saving, principal)
	}
	return nil
}

// installments fills the installment count, most common amount and range.
func (d *Disclosure) installments(rows []Installment, charge int64, cur money.Currency) error {
	amounts := make([]int64, len(rows))
	for i, r := range rows {
		v, ok := wide.Add(r.Total.Minor(), charge)
		if !ok {
			return tooLarge("Costs.PerInstallment", "installment %d plus the charge does not fit in 64 bits", i+1)
		}
		amounts[i] = v
	}
	slices.Sort(amounts)
	best, bestRun := amounts[0], 0
	for i := 0; i < len(amounts); {
		j := i
		for j < len(amounts) && amounts[j] == amounts[i] {
			j++
		}
		if j-i >= bestRun { // sorted ascending, so a tie keeps the larger
			best, bestRun = amounts[i], j-i
		}
		i = j
	}
	d.Installment = cur.Amount(best)
	d.MinInstallment = cur.Amount(amounts[0])
	d.MaxInstallment = cur.Amount(amounts[len(amounts)-1])
	return nil
}

// flow is the member's net payment on one date: positive paid by the
// member, negative received (a withheld saving given back). t and the
// fraction fn/fd are set once the unit period is known.
type flow struct {
	date   calendar.Date
	amount int64
	t      int64
	fn, fd int64
	class  int
}

// cashFlows merges the installments by due date and gives the saving back
// on the last one. Amounts were checked to fit.
func cashFlows(s Schedule, charge, saving int64) []flow {
	out := make([]flow, 0, len(s.Installments))
	for _, r := range s.Installments {
		v := r.Total.Minor() + charge
		if k := len(out) - 1; k >= 0 && out[k].date == r.Due {
			out[k].amount += v
			continue
		}
		out = append(out, flow{date: r.Due, amount: v})
	}
	out[len(out)-1].amount -= saving
	return out
}

// periodLen12 is a period's approximate length in twelfths of a day, for
// ordering periods and rounding an average: a month is 365/12 days.
func periodLen12(f calendar.Frequency) int64 {
	switch f.Unit {
	case calendar.Weeks:
		return 84 * int64(f.N())
	case calendar.Months:
		return 365 * int64(f.N())
	}
	return 12 * int64(f.N())
}

// seriesDay is the day of the month monthly payments are scheduled on: the
// latest day any of them falls on (31 for month-end payments). A single
// payment counts from the disbursement day, so that 31 January to 29
// February is one month.
func seriesDay(start calendar.Date, flows []flow) int {
	day := 1
	if len(flows) == 1 {
		day = start.Day()
	}
	for _, f := range flows {
		day = max(day, f.date.Day())
	}
	return day
}

// monthsBack is the date m months before x in a series on the given day of
// the month: a date on the series day (clamped to a short month's end) counts
// back to the series day, so month ends count back to month ends.
func monthsBack(x calendar.Date, m, day int) calendar.Date {
	y, mo, d := x.Date()
	if d == min(day, calendar.DaysIn(y, mo)) {
		d = day
	}
	total := y*12 + int(mo-1) - m
	if total < 12 { // before year 1
		return calendar.Date{}
	}
	ny, nm := total/12, time.Month(total%12+1)
	v, _ := calendar.NewDate(ny, nm, min(d, calendar.DaysIn(ny, nm)))
	return v
}

// fullMonths is the number of whole months from a to x counted back from x,
// and the date they reach.
func fullMonths(a, x calendar.Date, day int) (int, calendar.Date) {
	m := (x.Year()*12 + int(x.Month())) - (a.Year()*12 + int(a.Month()))
	for ; m > 0; m-- {
		if b := monthsBack(x, m, day); !b.IsZero() && !b.Before(a) {
			return m, b
		}
	}
	return 0, x
}

// period classifies the interval from a to b (b after a).
func period(a, b calendar.Date, day int) calendar.Frequency {
	if m, at := fullMonths(a, b, day); m >= 1 && m <= 12 && at == a {
		return calendar.Frequency{Every: m, Unit: calendar.Months}
	}
	d := b.Sub(a)
	if d%7 == 0 && d/7 <= 52 {
		return calendar.Frequency{Every: d / 7, Unit: calendar.Weeks}
	}
	return calendar.Frequency{Every: d, Unit: calendar.Days}
}

// unitPeriod applies Appendix J (b)(4) to the disbursement and payment dates.
func unitPeriod(start calendar.Date, flows []flow) calendar.Frequency {
	last := flows[len(flows)-1].date
	if len(flows) == 1 { // single advance, single payment: the term, at most a year
		m, at := fullMonths(start, last, seriesDay(start, flows))
		switch {
		case m >= 12:
			return calendar.Frequency{Every: 12, Unit: calendar.Months}
		case at == start:
			return calendar.Frequency{Every: m, Unit: calendar.Months}
		}
		return calendar.Frequency{Every: last.Sub(start), Unit: calendar.Days}
	}
	day := seriesDay(start, flows)
	periods := make([]calendar.Frequency, 0, len(flows))
	prev := start
	for _, f := range flows {
		if f.date != prev {
			periods = append(periods, period(prev, f.date, day))
		}
		prev = f.date
	}
	byLength := func(x, y calendar.Frequency) int {
		if c := periodLen12(x) - periodLen12(y); c != 0 {
			if c < 0 {
				return -1
			}
			return 1
		}
		return int(x.Unit) - int(y.Unit)
	}
	slices.SortFunc(periods, byLength)
	var best calendar.Frequency
	bestRun := 1
	for i := 0; i < len(periods); {
		j := i
		for j < len(periods) && periods[j] == periods[i] {
			j++
		}
		// a common period occurs more than once and is at most a year; a
		// tie keeps the shorter, which sorts first
		if j-i > bestRun && periodLen12(periods[i]) <= 365*12 {
			best, bestRun = periods[i], j-i
		}
		i = j
	}
	if bestRun > 1 {
		return best
	}
	// no common period: the average period rounded to the nearest standard
	// interval (a day, whole weeks, whole months), the shorter on a tie
	sum12 := int64(last.Sub(start)) * 12
	cnt := int64(len(periods))
	best = calendar.Frequency{Every: 1, Unit: calendar.Days}
	bestDist := abs64(sum12 - cnt*12)
	for _, c := range standardIntervals() {
		if dist := abs64(sum12 - cnt*periodLen12(c)); dist < bestDist {
			best, bestDist = c, dist
		}
	}
	return best
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// standardIntervals lists whole weeks and months up to a year, shortest
// first, so that a strict comparison keeps the shorter on a tie.
func standardIntervals() []calendar.Frequency {
	out := make([]calendar.Frequency, 0, 64)
	for w := 1; w <= 52; w++ {
		out = append(out, calendar.Frequency{Every: w, Unit: calendar.Weeks})
	}
	for m := 1; m <= 12; m++ {
		out = append(out, calendar.Frequency{Every: m, Unit: calendar.Months})
	}
	slices.SortStableFunc(out, func(x, y calendar.Frequency) int {
		return int(periodLen12(x) - periodLen12(y))
	})
	return out
}

// perYear is the number of unit periods in a year as a reduced fraction.
func perYear(u calendar.Frequency) (num, den int64) {
	n := int64(u.N())
	switch {
	case u.Unit == calendar.Weeks:
		num, den = 52, n
	case u.Unit == calendar.Months && n >= 12:
		num, den = 1, 1
	case u.Unit == calendar.Months:
		num, den = 12, n
	default:
		num, den = 365, n
	}
	g := gcd64(num, den)
	return num / g, den / g
}

// gcd64 is the greatest common divisor of two positive numbers.
func gcd64(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// place sets each flow's full unit periods t and fraction fn/fd after start,
// Appendix J (b)(5).
func place(start calendar.Date, flows []flow, u calendar.Frequency) {
	n := int64(u.N())
	day := seriesDay(start, flows)
	for i := range flows {
		f := &flows[i]
		switch {
		case u.Unit == calendar.Months && n >= 12:
			// full years counted back from the payment; the rest is whole
			// months over 12 when it is whole months, else days over 365
			m, at := fullMonths(start, f.date, day)
			years := m / 12
			f.t = int64(years)
			if at == start {
				f.fn, f.fd = int64(m-12*years), 12
			} else {
				f.fn, f.fd = int64(monthsBack(f.date, 12*years, day).Sub(start)), 365
			}
		case u.Unit == calendar.Months:
			m, at := fullMonths(start, f.date, day)
			days := 30*int64(m) + int64(at.Sub(start))
			f.t, f.fn, f.fd = days/(30*n), days%(30*n), 30*n
		default:
			size := n
			if u.Unit == calendar.Weeks {
				size = 7 * n
			}
			days := int64(f.date.Sub(start))
			f.t, f.fn, f.fd = days/size, days%size, size
		}
		if f.fn == 0 {
			f.fd = 1
		} else if g := gcd64(f.fn, f.fd); g > 1 {
			f.fn, f.fd = f.fn/g, f.fd/g
		}
	}
}

// solverPrec is the precision of the APR solver in bits; extraPrec the
// guard bits of the EAR's logarithm and exponential.
const (
	solverPrec = 256
	extraPrec  = 64
)

// fclass accumulates the flows that share one fraction f of a unit period.
type fclass struct {
	fn, fd int64
	f      big.Float
	w      big.Float // 1/(1+f i)
	s      big.Float // sum of P v^t
	d      big.Float // sum of P t v^t
}

// solver finds the rate per unit period i where the member's payments,
// discounted, equal what they received.
type solver struct {
	flows   []flow
	classes []fclass
	adv     big.Float // received at disbursement
	one     big.Float
	v       big.Float // 1/(1+i)
	// vt is the running power of v in two buffers, because big.Float
	// allocates when a product aliases an operand
	vt      [2]big.Float
	pw, tmp big.Float
	amt, tf big.Float // a flow's amount and t
	term    big.Float
	fx, dfx big.Float // F(i) and F'(i)
}

func newFloat(z *big.Float) *big.Float { return z.SetPrec(solverPrec).SetMode(big.ToNearestEven) }

func newSolver(received int64, flows []flow) *solver {
	z := &solver{flows: flows}
	for _, f := range []*big.Float{&z.adv, &z.one, &z.v, &z.vt[0], &z.vt[1], &z.pw, &z.tmp, &z.amt, &z.tf, &z.term, &z.fx, &z.dfx} {
		newFloat(f)
	}
	z.adv.SetInt64(received)
	z.one.SetInt64(1)
	for i := range flows {
		f := &flows[i]
		k := slices.IndexFunc(z.classes, func(c fclass) bool { return c.fn == f.fn && c.fd == f.fd })
		if k < 0 {
			z.classes = append(z.classes, fclass{fn: f.fn, fd: f.fd})
			k = len(z.classes) - 1
		}
		f.class = k
	}
	for i := range z.classes {
		c := &z.classes[i]
		for _, x := range []*big.Float{&c.f, &c.w, &c.s, &c.d} {
			newFloat(x)
		}
		c.f.SetInt64(c.fn)
		c.f.Quo(&c.f, z.tmp.SetInt64(c.fd))
	}
	return z
}

// eval sets z.fx = F(i) = sum P/((1+f i)(1+i)^t) - received and z.dfx = F'(i).
func (z *solver) eval(i *big.Float) {
	z.v.Add(&z.one, i)
	z.v.Quo(&z.one, &z.v)
	for k := range z.classes {
		c := &z.classes[k]
		c.w.Mul(&c.f, i)
		c.w.Add(&c.w, &z.one)
		c.w.Quo(&z.one, &c.w)
		c.s.SetInt64(0)
		c.d.SetInt64(0)
	}
	vt, next := &z.vt[0], &z.vt[1]
	vt.SetInt64(1)
	var at int64
	for k := range z.flows {
		f := &z.flows[k]
		if gap := f.t - at; gap == 1 {
			next.Mul(vt, &z.v)
			vt, next = next, vt
		} else if gap > 1 {
			next.Mul(vt, z.pow(&z.pw, &z.v, gap))
			vt, next = next, vt
		}
		at = f.t
		z.term.Mul(z.amt.SetInt64(f.amount), vt)
		c := &z.classes[f.class]
		c.s.Add(&c.s, &z.term)
		z.tmp.Mul(z.tf.SetInt64(f.t), &z.term)
		c.d.Add(&c.d, &z.tmp)
	}
	z.fx.Neg(&z.adv)
	z.dfx.SetInt64(0)
	for k := range z.classes {
		c := &z.classes[k]
		z.fx.Add(&z.fx, z.tmp.Mul(&c.w, &c.s))
		// d/di [w v^t] = -t v w v^t - f w^2 v^t
		z.tmp.Mul(&c.w, &c.d)
		z.tmp.Mul(&z.tmp, &z.v)
		z.dfx.Sub(&z.dfx, &z.tmp)
		z.tmp.Mul(&c.w, &c.w)
		z.tmp.Mul(&z.tmp, &c.f)
		z.tmp.Mul(&z.tmp, &c.s)
		z.dfx.Sub(&z.dfx, &z.tmp)
	}
}

// pow sets dst = x^e (e >= 1) by squaring, using z.tmp; dst must not be x.
func (z *solver) pow(dst, x *big.Float, e int64) *big.Float {
	var sq big.Float
	newFloat(&sq).Set(x)
	dst.SetInt64(1)
	for e > 0 {
		if e&1 == 1 {
			dst.Mul(dst, &sq)
		}
		e >>= 1
		if e > 0 {
			sq.Mul(&sq, &sq)
		}
	}
	return dst
}

// maxSolverSteps bounds the iteration. Newton's method converges in five or
// six steps for ordinary loans; the bisection fallback needs a few hundred
// at most (doubling up to the root, then halving to 2^-136 of it).
const maxSolverSteps = 4000

// solve returns the positive root of F, given F(0) = cost > 0.
func (z *solver) solve(cost int64) (*big.Float, error) {
	// start from the simple-interest rate: cost over the payments' weight in
	// unit periods, or over what was received when that weight is not positive
	x, lo, hi, nx := newFloat(new(big.Float)), newFloat(new(big.Float)), newFloat(new(big.Float)), newFloat(new(big.Float))
	weight := newFloat(new(big.Float))
	for k := range z.flows {
		f := &z.flows[k]
		z.tmp.SetInt64(f.t)
		z.tmp.Add(&z.tmp, &z.classes[f.class].f)
		z.tmp.Mul(&z.tmp, z.term.SetInt64(f.amount))
		weight.Add(weight, &z.tmp)
	}
	if weight.Sign() <= 0 {
		weight.Set(&z.adv)
	}
	x.SetInt64(cost)
	x.Quo(x, weight)
	hiKnown := false
	for range maxSolverSteps {
		z.eval(x)
		switch z.fx.Sign() {
		case 0:
			return x, nil
		case 1:
			lo.Set(x)
		default:
			hi.Set(x)
			hiKnown = true
		}
		newton := z.dfx.Sign() < 0
		if newton {
			nx.Quo(&z.fx, &z.dfx)
			nx.Sub(x, nx)
			newton = nx.Cmp(lo) > 0 && (!hiKnown || nx.Cmp(hi) < 0)
		}
		if !newton {
			if hiKnown {
				nx.Add(lo, hi)
				nx.Quo(nx, z.tmp.SetInt64(2))
			} else {
				nx.Add(x, x)
			}
		}
		// a Newton step this small leaves an error of about its square, far
		// below the precision; a bisection step this small is as good
		z.tmp.Sub(nx, x)
		if z.tmp.Sign() == 0 || z.tmp.MantExp(nil) < nx.MantExp(nil)-(solverPrec/2+8) {
			return nx, nil
		}
		x, nx = nx, x
	}
	return nil, tooLarge("APR", "the rate equation did not converge")
}

// solveRates finds the rate per unit period and states it as APR and EAR.
func solveRates(start calendar.Date, received, cost int64, flows []flow, u calendar.Frequency) (apr, ear money.Rate, capped bool, err error) {
	place(start, flows, u)
	var day0 int64
	for _, f := range flows {
		if f.t == 0 && f.fn == 0 {
			day0 += f.amount
		}
	}
	if day0 >= received {
		return apr, ear, false, badSchedule("Schedule.Installments", "the installments due on the disbursement day take back all the member received")
	}
	z := newSolver(received, flows)
	i, err := z.solve(cost)
	if err != nil {
		return apr, ear, false, err
	}
	pyNum, pyDen := perYear(u)

	// APR = i x periods per year, in millionths, rounded half-even; near a
	// midpoint the side comes from the exact sign of F there
	scaled := newFloat(new(big.Float)).Mul(i, newFloat(new(big.Float)).SetInt64(pyNum*RateDenominator))
	scaled.Quo(scaled, newFloat(new(big.Float)).SetInt64(pyDen))
	k, frac := splitFloat(scaled)
	if k == nil || !k.IsInt64() || k.Int64() >= 1<<62 {
		return apr, ear, false, tooLarge("APR", "the annual percentage rate does not fit in 64 bits: the loan costs too much to annualise")
	}
	one := newFloat(new(big.Float)).SetInt64(1)
	half := newFloat(new(big.Float)).SetMantExp(one, -1)
	frac.Sub(frac, half)
	window := newFloat(new(big.Float)).SetMantExp(one, -40)
	if scaled.Cmp(one) > 0 {
		window.Mul(window, scaled)
	}
	near := new(big.Float).Abs(frac).Cmp(window) <= 0
	up := frac.Sign() > 0
	if near {
		// i at the midpoint (k + 1/2) / 10^6 / periods per year, exactly
		a := new(big.Int).Mul(new(big.Int).Add(new(big.Int).Lsh(k, 1), big.NewInt(1)), big.NewInt(pyDen))
		b := new(big.Int).Mul(big.NewInt(2*RateDenominator), big.NewInt(pyNum))
		switch z.exactSign(received, a, b) {
		case 1: // still positive at the midpoint: the root is above it
			up = true
		case -1:
			up = false
		default:
			up = k.Bit(0) == 1
		}
	}
	if up {
		k.Add(k, big.NewInt(1))
	}
	if apr, err = money.NewRate(k.Int64(), RateDenominator, money.PerYear); err != nil {
		return apr, ear, false, tooLarge("APR", "%v", err)
	}

	if pyNum == 1 && pyDen == 1 { // one unit period a year: EAR = APR, ties included
		return apr, apr, false, nil
	}
	maxEAR, _ := money.NewRate(MaxEAR, 1, money.PerYear)
	e := effective(i, pyNum, pyDen)
	if e == nil {
		return apr, maxEAR, true, nil
	}
	ek, efrac := splitFloat(e)
	if ek == nil || ek.Cmp(big.NewInt(MaxEAR*RateDenominator)) >= 0 {
		return apr, maxEAR, true, nil
	}
	if c := efrac.Cmp(half); c > 0 || c == 0 && ek.Bit(0) == 1 {
		ek.Add(ek, big.NewInt(1))
	}
	ear, err = money.NewRate(ek.Int64(), RateDenominator, money.PerYear)
	return apr, ear, false, err // cannot fail: 0 <= ek <= MaxEAR x RateDenominator
}

// splitFloat splits a non-negative finite x into its integer part and the
// fraction; nil when x is too large to be a sensible rate.
func splitFloat(x *big.Float) (*big.Int, *big.Float) {
	if x.IsInf() || x.MantExp(nil) > 80 {
		return nil, nil
	}
	k, _ := x.Int(nil)
	frac := newFloat(new(big.Float)).SetInt(k)
	frac.Sub(x, frac)
	return k, frac
}

// effective returns ((1+i)^(num/den) - 1) x RateDenominator, or nil when it
// is certainly above MaxEAR.
func effective(i *big.Float, num, den int64) *big.Float {
	base := newFloat(new(big.Float)).SetInt64(1)
	base.Add(base, i)
	var e *big.Float
	if den == 1 {
		var z solver
		e = z.pow(newFloat(new(big.Float)), base, num)
	} else {
		const wp = solverPrec + extraPrec
		y := lnFloat(new(big.Float).SetPrec(wp).Set(base), wp)
		y.Mul(y, new(big.Float).SetPrec(wp).SetInt64(num))
		y.Quo(y, new(big.Float).SetPrec(wp).SetInt64(den))
		if y.Cmp(new(big.Float).SetInt64(28)) > 0 { // e^28 - 1 > MaxEAR
			return nil
		}
		e = newFloat(new(big.Float)).Set(expFloat(y, wp))
	}
	e.Sub(e, newFloat(new(big.Float)).SetInt64(1))
	return e.Mul(e, newFloat(new(big.Float)).SetInt64(RateDenominator))
}

// lnFloat returns ln x for x >= 1 at precision wp: x = m 2^e with m in
// [1/2, 1), ln m = 2 atanh((m-1)/(m+1)), ln 2 = 2 atanh(1/3).
func lnFloat(x *big.Float, wp uint) *big.Float {
	m := new(big.Float).SetPrec(wp)
	e := x.MantExp(m)
	one := new(big.Float).SetPrec(wp).SetInt64(1)
	z := new(big.Float).SetPrec(wp).Sub(m, one)
	z.Quo(z, new(big.Float).SetPrec(wp).Add(m, one))
	r := atanh2(z, wp)
	if e != 0 {
		ln2 := atanh2(new(big.Float).SetPrec(wp).Quo(one, new(big.Float).SetPrec(wp).SetInt64(3)), wp)
		r.Add(r, ln2.Mul(ln2, new(big.Float).SetPrec(wp).SetInt64(int64(e))))
	}
	return r
}

// atanh2 returns 2 atanh z = 2 (z + z^3/3 + z^5/5 + ...) for |z| <= 1/3.
func atanh2(z *big.Float, wp uint) *big.Float {
	sum := new(big.Float).SetPrec(wp).Set(z)
	z2 := new(big.Float).SetPrec(wp).Mul(z, z)
	pw := new(big.Float).SetPrec(wp).Set(z)
	term := new(big.Float).SetPrec(wp)
	for k := int64(3); z.Sign() != 0; k += 2 {
		pw.Mul(pw, z2)
		term.Quo(pw, term.SetInt64(k))
		if term.Sign() == 0 || term.MantExp(nil) < sum.MantExp(nil)-int(wp)-2 {
			break
		}
		sum.Add(sum, term)
	}
	return sum.Add(sum, sum)
}

// expFloat returns e^y for 0 <= y <= 28 at precision wp: e^(y/2^r) by its
// series, then squared r times.
func expFloat(y *big.Float, wp uint) *big.Float {
	x := new(big.Float).SetPrec(wp).Set(y)
	r := 0
	if y.Sign() != 0 {
		r = max(0, x.MantExp(nil)+12)
		x.SetMantExp(x, -r)
	}
	sum := new(big.Float).SetPrec(wp).SetInt64(1)
	term := new(big.Float).SetPrec(wp).SetInt64(1)
	k := new(big.Float).SetPrec(wp)
	for n := int64(1); x.Sign() != 0; n++ {
		term.Mul(term, x)
		term.Quo(term, k.SetInt64(n))
		if term.Sign() == 0 || term.MantExp(nil) < -int(wp)-2 {
			break
		}
		sum.Add(sum, term)
	}
	for range r {
		sum.Mul(sum, sum)
	}
	return sum
}

// exactSign is the sign of F at the rate a/b per unit period, computed in
// integers: F times the positive c^T prod(L_g), where c = a+b and, for each
// class of flows sharing a fraction fn/fd, L_g = fd b + fn a and
// K_g = fd b, is
//
//	sum_g K_g prod_{h != g} L_h H_g - received c^T prod_g L_g,
//	H_g = sum_{j in g} P_j b^t_j c^(T - t_j).
//
// It is used only when the floating-point APR is too close to a rounding
// midpoint to trust.
func (z *solver) exactSign(received int64, a, b *big.Int) int {
	c := new(big.Int).Add(a, b)
	T := z.flows[len(z.flows)-1].t
	acc := make([]big.Int, len(z.classes))
	at := make([]int64, len(z.classes))
	bpow, cur := big.NewInt(1), int64(0)
	pw, term := new(big.Int), new(big.Int)
	for k := range z.flows {
		f := &z.flows[k]
		if f.t > cur {
			bpow.Mul(bpow, pw.Exp(b, big.NewInt(f.t-cur), nil))
			cur = f.t
		}
		g := f.class
		if f.t > at[g] {
			acc[g].Mul(&acc[g], pw.Exp(c, big.NewInt(f.t-at[g]), nil))
			at[g] = f.t
		}
		acc[g].Add(&acc[g], term.Mul(big.NewInt(f.amount), bpow))
	}
	L := make([]big.Int, len(z.classes))
	for g := range z.classes {
		cl := &z.classes[g]
		L[g].Mul(big.NewInt(cl.fd), b)
		L[g].Add(&L[g], term.Mul(big.NewInt(cl.fn), a))
	}
	total := new(big.Int)
	for g := range z.classes {
		cl := &z.classes[g]
		h := new(big.Int).Mul(&acc[g], pw.Exp(c, big.NewInt(T-at[g]), nil))
		h.Mul(h, term.Mul(big.NewInt(cl.fd), b))
		for o := range z.classes {
			if o != g {
				h.Mul(h, &L[o])
			}
		}
		total.Add(total, h)
	}
	adv := new(big.Int).Mul(big.NewInt(received), pw.Exp(c, big.NewInt(T), nil))
	for g := range L {
		adv.Mul(adv, &L[g])
	}
	return total.Sub(total, adv).Sign()
}

// periodWords are Indonesian for "per day" and the other periods.
var periodWords = [...]string{money.PerYear: "tahun", money.PerMonth: "bulan", money.PerWeek: "minggu", money.PerDay: "hari", money.PerTerm: "tenor"}

// FormatPercent writes r as an Indonesian percentage with places decimals
// (0 to 18), rounded half-up for display, and its period: "0,1333% per
// hari", "83,27% per tahun", "23.918,10% per tahun". Thousands are grouped
// with '.', decimals follow ','.
func FormatPercent(r money.Rate, places int) string {
	b := appendPercent(nil, r, places)
	if p := r.Period(); p.Valid() {
		b = append(b, " per "...)
		b = append(b, periodWords[p]...)
	}
	return string(b)
}

// appendPercent appends 100 r rounded half-up to places decimals, "83,27%".
func appendPercent(b []byte, r money.Rate, places int) []byte {
	places = min(max(places, 0), 18)
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)+2), nil)
	num := new(big.Int).Mul(big.NewInt(r.Num()), scale)
	den := big.NewInt(r.Den())
	q, rem := num.QuoRem(num, den, new(big.Int))
	if rem.Lsh(rem, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	s := q.String()
	for len(s) <= places {
		s = "0" + s
	}
	b = appendGrouped(b, s[:len(s)-places])
	if frac := s[len(s)-places:]; places > 0 {
		b = append(b, ',')
		b = append(b, frac...)
	}
	return append(b, '%')
}

// appendGrouped appends the digits with thousands grouped by '.': 3.692.
func appendGrouped(b []byte, digits string) []byte {
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b = append(b, '.')
		}
		b = append(b, digits[i])
	}
	return b
}

// unitWords are Indonesian for the units of a unit period.
func unitWords(f calendar.Frequency) string {
	n := f.N()
	switch {
	case f.Unit == calendar.Months && n%12 == 0:
		return strconv.Itoa(n/12) + " tahun"
	case f.Unit == calendar.Months:
		return strconv.Itoa(n) + " bulan"
	case f.Unit == calendar.Weeks:
		return strconv.Itoa(n) + " minggu"
	}
	return strconv.Itoa(n) + " hari"
}

// NamedDisclosure is a loan's disclosure with the name a member knows the
// loan by ("Paket Mekarmukti", "Bank emok").
type NamedDisclosure struct {
	Name       string
	Disclosure Disclosure
}

// WriteComparison writes the loans side by side as a plain-text table for a
// koperasi officer: Indonesian labels with English in parentheses, amounts in
// rupiah form, the daily rate to 0,0001% and the annual rates to 0,01%. Rows
// for a fee, a withheld saving, charges or rounding margin appear only when
// some loan has one. It returns the first write error.
func WriteComparison(w io.Writer, loans ...NamedDisclosure) error {
	type row struct {
		label string
		cell  func(d Disclosure) string
		show  bool
	}
	some := func(f func(d Disclosure) bool) bool {
		return slices.ContainsFunc(loans, func(l NamedDisclosure) bool { return f(l.Disclosure) })
	}
	rows := []row{
		{"Pokok pinjaman (principal)", func(d Disclosure) string { return d.Principal.String() }, true},
		{"Potongan biaya di muka (upfront fee)", func(d Disclosure) string { return d.Fee.String() },
			some(func(d Disclosure) bool { return !d.Fee.IsZero() })},
		{"Simpanan ditahan (saving withheld)", func(d Disclosure) string { return d.Saving.String() },
			some(func(d Disclosure) bool { return !d.Saving.IsZero() })},
		{"Diterima anggota (amount received)", func(d Disclosure) string { return d.Received.String() }, true},
		{"Angsuran (installments)", installmentCell, true},
		{"Total dibayar (total repaid)", func(d Disclosure) string { return d.TotalRepaid.String() }, true},
		{"Jasa/margin (margin)", func(d Disclosure) string { return d.Margin.String() }, true},
		{"  dari pembulatan (from rounding)", func(d Disclosure) string { return d.RoundingMargin.String() },
			some(func(d Disclosure) bool { return !d.RoundingMargin.IsZero() })},
		{"Biaya per angsuran (charges)", func(d Disclosure) string { return d.Charges.String() },
			some(func(d Disclosure) bool { return !d.Charges.IsZero() })},
		{"Total biaya (total cost)", func(d Disclosure) string { return d.TotalCost.String() }, true},
		{"Jangka waktu (term)", func(d Disclosure) string { return string(appendGrouped(nil, strconv.Itoa(d.Days))) + " hari" }, true},
		{"Biaya per hari, cara OJK (daily rate)", func(d Disclosure) string { return string(appendPercent(nil, d.DailyRate, 4)) }, true},
		{"Periode satuan (unit period)", func(d Disclosure) string { return unitWords(d.UnitPeriod) }, true},
		{"Bunga per tahun (APR, Reg Z)", func(d Disclosure) string { return string(appendPercent(nil, d.APR, 2)) }, true},
		{"Bunga efektif per tahun (EAR)", earCell, true},
	}
	labelW := 0
	for _, r := range rows {
		labelW = max(labelW, utf8.RuneCountInString(r.label))
	}
	cells := make([][]string, len(loans))
	widths := make([]int, len(loans))
	for i, l := range loans {
		widths[i] = utf8.RuneCountInString(l.Name)
		for _, r := range rows {
			if !r.show {
				continue
			}
			c := r.cell(l.Disclosure)
			cells[i] = append(cells[i], c)
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	line := func(label string, col func(i int) string) {
		b.WriteString(label)
		b.WriteString(strings.Repeat(" ", labelW-utf8.RuneCountInString(label)))
		for i := range loans {
			s := col(i)
			b.WriteString("  ")
			b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(s)))
			b.WriteString(s)
		}
		b.WriteByte('\n')
	}
	line("", func(i int) string { return loans[i].Name })
	k := 0
	for _, r := range rows {
		if !r.show {
			continue
		}
		line(r.label, func(i int) string { return cells[i][k] })
		k++
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// earCell is the EAR to 0,01%, "> " before a capped one.
func earCell(d Disclosure) string {
	if d.EARCapped {
		return "> " + string(appendPercent(nil, d.EAR, 0))
	}
	return string(appendPercent(nil, d.EAR, 2))
}

// installmentCell is "6 x Rp4.200", or "6 x Rp4.000 s.d. Rp4.200" when the
// installments differ.
func installmentCell(d Disclosure) string {
	s := strconv.Itoa(d.Installments) + " x "
	if d.MinInstallment == d.MaxInstallment {
		return s + d.Installment.String()
	}
	return s + d.MinInstallment.String() + " s.d. " + d.MaxInstallment.String()
}
