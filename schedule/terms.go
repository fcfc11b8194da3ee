package schedule

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
)

// Sentinel errors. Every error Generate and Validate return is a *TermsError
// that names the field and wraps one of these; a bad rounding or frequency
// also wraps money's or calendar's error (see TermsError.Cause).
var (
	// ErrInvalidTerms: a field of Terms is missing, out of range or inconsistent.
	ErrInvalidTerms = errors.New("schedule: invalid terms")
	// ErrOverflow: an amount or rate does not fit in 64 bits along the way.
	ErrOverflow = errors.New("schedule: overflow")
	// ErrUnbalanced: the rounding policy cannot produce a schedule that repays
	// the principal exactly (for example a step so coarse that an installment
	// would be zero or negative).
	ErrUnbalanced = errors.New("schedule: rounding cannot balance the schedule")
)

// TermsError reports which field of Terms is wrong and why.
type TermsError struct {
	Field  string // "Principal", "Installments", "Rounding.Installment", ...
	Reason string
	Err    error // the sentinel: ErrInvalidTerms, ErrOverflow or ErrUnbalanced
	// Cause is the underlying error from money or calendar, if any, so that
	// errors.Is finds money.ErrInvalidRounding or calendar.ErrInvalidFrequency.
	Cause error
}

func (e *TermsError) Error() string {
	return fmt.Sprintf("schedule: %s: %s", e.Field, e.Reason)
}

// Unwrap returns the sentinel and the underlying cause.
func (e *TermsError) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.Cause}
}

func invalid(field, format string, args ...any) error {
	return &TermsError{Field: field, Reason: fmt.Sprintf(format, args...), Err: ErrInvalidTerms}
}

// MaxInstallments bounds the length of a schedule.
const MaxInstallments = 10000

// Method is how the margin (interest, jasa) of a loan is priced.
type Method uint8

// Methods. The zero Method is Flat.
const (
	// Flat charges the rate on the original principal for every period (or the
	// rate once, for a rate per term); principal and margin are spread evenly.
	// The usual koperasi "bunga flat" and the informal lenders' "20% flat".
	Flat Method = iota
	// Annuity is declining balance with equal installments: interest on the
	// outstanding balance, principal the rest of a level installment.
	Annuity
	// EqualPrincipal is declining balance with equal principal parts and
	// interest on the outstanding balance, so installments fall over time.
	EqualPrincipal
	// Murabahah sells goods on credit at cost plus an agreed margin (an amount
	// in Terms.Margin, or Terms.Rate per term on the cost), spread over the
	// installments. The margin is disclosed as such, not as interest.
	Murabahah
	// Qard is an interest-free loan (qardh al-hasan): the principal alone is
	// repaid. A keep-equal rounding can still add a disclosed rounding margin.
	Qard
)

var methodNames = [...]string{"flat", "annuity", "equal-principal", "murabahah", "qard"}

// String is the method's word.
func (m Method) String() string {
	if int(m) < len(methodNames) {
		return methodNames[m]
	}
	return "method(" + strconv.Itoa(int(m)) + ")"
}

// MarshalText writes the method's word.
func (m Method) MarshalText() ([]byte, error) {
	if int(m) >= len(methodNames) {
		return nil, invalid("Method", "unknown method %d", m)
	}
	return []byte(m.String()), nil
}

// UnmarshalText reads the method's word.
func (m *Method) UnmarshalText(b []byte) error {
	i, err := word(b, methodNames[:], "Method")
	*m = Method(i)
	return err
}

func word(b []byte, names []string, field string) (int, error) {
	s := strings.ToLower(string(b))
	for i, n := range names {
		if n == s {
			return i, nil
		}
	}
	return 0, invalid(field, "unknown word %q, want one of %s", s, strings.Join(names, ", "))
}

// Residual says where the difference goes between the rounded level
// installment and what the loan actually needs.
type Residual uint8

// Residual policies. The zero Residual is LastAbsorbs.
const (
	// LastAbsorbs: every installment is the rounded level amount except the
	// last, which takes what is left (Fineract, Mambu's "remainder into the
	// last repayment"). Mekarmukti with this policy: 5 x Rp4.200 + Rp4.000.
	LastAbsorbs Residual = iota
	// FirstAbsorbs: the first installment (after any grace) takes the
	// difference and the rest are level. Not for Annuity: its residue is only
	// known at the end, and moving it to the front changes the interest of
	// every later row, so often no whole first installment makes the rest
	// level.
	FirstAbsorbs
	// KeepEqual: every installment stays at the rounded level amount and the
	// excess is booked as margin and disclosed (Schedule.RoundingMargin).
	// Mekarmukti with this policy: 6 x Rp4.200 = Rp25.200, Rp200 margin. It
	// needs level installments (not EqualPrincipal) rounded up
	// (Rounding.Installment with mode money.Up or money.Ceiling): a level
	// rounded down could leave principal unpaid.
	KeepEqual
)

var residualNames = [...]string{"last-absorbs", "first-absorbs", "keep-equal"}

// String is the policy's word.
func (r Residual) String() string {
	if int(r) < len(residualNames) {
		return residualNames[r]
	}
	return "residual(" + strconv.Itoa(int(r)) + ")"
}

// MarshalText writes the policy's word.
func (r Residual) MarshalText() ([]byte, error) {
	if int(r) >= len(residualNames) {
		return nil, invalid("Rounding.Residual", "unknown policy %d", r)
	}
	return []byte(r.String()), nil
}

// UnmarshalText reads the policy's word.
func (r *Residual) UnmarshalText(b []byte) error {
	i, err := word(b, residualNames[:], "Rounding.Residual")
	*r = Residual(i)
	return err
}

// Rounding is the schedule's rounding and residual policy, each step named.
// The zero Rounding rounds parts to the minor unit half-even, does not round
// installments further, and lets the last installment absorb the residue:
// Fineract's defaults for a currency with no "in multiples of".
type Rounding struct {
	// Installment rounds each level installment total, e.g. {Step: 100, Mode:
	// money.Up} for "rounded up to Rp100". Fineract: installment amount in
	// multiples of; Mambu: repayment currency rounding.
	Installment money.Rounding `json:"installment"`
	// Parts rounds each computed principal and margin part (the interest of a
	// period, the even share of principal). Fineract: currency decimal places
	// and "currency in multiples of" with the rounding mode (default
	// half-even).
	Parts money.Rounding `json:"parts"`
	// Residual says which installment takes the difference.
	Residual Residual `json:"residual"`
}

// GraceMode says what happens to interest during an interest grace.
type GraceMode uint8

// Grace modes. The zero GraceMode is Deferred.
const (
	// Deferred: interest accrues during the grace and is paid with the first
	// installment after it (Fineract's grace on interest payment).
	Deferred GraceMode = iota
	// Forgiven: no interest is charged for the grace periods.
	Forgiven
)

var graceNames = [...]string{"deferred", "forgiven"}

// String is the mode's word.
func (g GraceMode) String() string {
	if int(g) < len(graceNames) {
		return graceNames[g]
	}
	return "grace(" + strconv.Itoa(int(g)) + ")"
}

// MarshalText writes the mode's word.
func (g GraceMode) MarshalText() ([]byte, error) {
	if int(g) >= len(graceNames) {
		return nil, invalid("Grace.InterestMode", "unknown mode %d", g)
	}
	return []byte(g.String()), nil
}

// UnmarshalText reads the mode's word.
func (g *GraceMode) UnmarshalText(b []byte) error {
	i, err := word(b, graceNames[:], "Grace.InterestMode")
	*g = GraceMode(i)
	return err
}

// Grace is the number of first installments without principal, or without
// interest. Both must be shorter than the term.
type Grace struct {
	Principal    int       `json:"principal,omitempty"`     // installments with no principal part
	Interest     int       `json:"interest,omitempty"`      // installments with no interest part
	InterestMode GraceMode `json:"interest_mode,omitempty"` // deferred (default) or forgiven
}

// DayCount says how a period's interest depends on its length.
type DayCount uint8

// Day counts. The zero DayCount is Periodic.
const (
	// Periodic: every period is an equal fraction of a year: a month 1/12, a
	// week 1/52, a day 1/(days in year). Fineract's "same as repayment period"
	// with equal periods; what most koperasi spreadsheets do.
	Periodic DayCount = iota
	// Actual: a period's interest is for its actual number of days (from the
	// previous due date, or from disbursement), over the days in the year.
	Actual
)

var dayCountNames = [...]string{"periodic", "actual"}

// String is the day count's word.
func (d DayCount) String() string {
	if int(d) < len(dayCountNames) {
		return dayCountNames[d]
	}
	return "daycount(" + strconv.Itoa(int(d)) + ")"
}

// MarshalText writes the day count's word.
func (d DayCount) MarshalText() ([]byte, error) {
	if int(d) >= len(dayCountNames) {
		return nil, invalid("DayCount", "unknown day count %d", d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads the day count's word.
func (d *DayCount) UnmarshalText(b []byte) error {
	i, err := word(b, dayCountNames[:], "DayCount")
	*d = DayCount(i)
	return err
}

// DaysInYear is the year length that turns an annual rate into a daily one:
// 365, 360, 364, or 0 meaning 365. ActualDays uses 366 for periods that start
// in a leap year (Fineract's "actual" days in year).
type DaysInYear int

// ActualDays is the DaysInYear that follows the calendar (365 or 366).
const ActualDays DaysInYear = -1

func (d DaysInYear) valid() bool {
	return d == 0 || d == 360 || d == 364 || d == 365 || d == ActualDays
}

// of returns the year length for a period starting on start.
func (d DaysInYear) of(start calendar.Date) int64 {
	switch d {
	case 0:
		return 365
	case ActualDays:
		y := start.Year()
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 366
		}
		return 365
	}
	return int64(d)
}

// Terms is everything Generate needs to build a schedule. It is a plain value;
// the zero value of each optional field is documented and sensible.
type Terms struct {
	// Principal is the amount lent: the value of the goods package for an
	// in-kind loan. Positive.
	Principal money.Amount `json:"principal"`
	// Method prices the margin. Default Flat.
	Method Method `json:"method"`
	// Rate is the nominal rate with its period (18% per year, 2% per month,
	// 20% per term). Ignored by Qard; for Murabahah used only when Margin is
	// zero, and then must be per term.
	Rate money.Rate `json:"rate"`
	// Margin is the agreed murabahah margin as an amount. Murabahah only.
	Margin money.Amount `json:"margin"`
	// Installments is the number of installments, 1 to MaxInstallments.
	Installments int `json:"installments"`
	// Frequency is how often installments fall due. Default every day.
	Frequency calendar.Frequency `json:"frequency"`
	// Disbursed is the disbursement date (pencairan). Required.
	Disbursed calendar.Date `json:"disbursed"`
	// FirstDue is the first due date; zero means one period after
	// disbursement. It may not be before Disbursed.
	FirstDue calendar.Date `json:"first_due,omitzero"`
	// Calendar and Adjustment move due dates off closed days. The zero
	// Calendar is open every day.
	Calendar   calendar.Calendar   `json:"calendar,omitzero"`
	Adjustment calendar.Adjustment `json:"adjustment,omitempty"`
	// Rounding is the rounding and residual policy.
	Rounding Rounding `json:"rounding"`
	// Grace on principal and on interest.
	Grace Grace `json:"grace,omitzero"`
	// DayCount and DaysInYear say how interest depends on time.
	DayCount   DayCount   `json:"day_count,omitempty"`
	DaysInYear DaysInYear `json:"days_in_year,omitempty"`
}

// Validate checks every field and the rules that tie them together (the
// residual policy against the method and the installment rounding), and
// returns the first problem as a *TermsError wrapping ErrInvalidTerms. A bad
// rounding or frequency also wraps money.ErrInvalidRounding or
// calendar.ErrInvalidFrequency. Generate may still refuse valid terms with
// ErrOverflow or ErrUnbalanced, which only the computation shows.
func (t Terms) Validate() error {
	c := t.Principal.Currency()
	switch {
	case !t.Principal.IsPositive():
		return invalid("Principal", "must be positive, got %s", t.Principal)
	case c.IsZero():
		return invalid("Principal", "needs a currency")
	case int(t.Method) >= len(methodNames):
		return invalid("Method", "unknown method %d", t.Method)
	case t.Installments < 1 || t.Installments > MaxInstallments:
		return invalid("Installments", "must be 1 to %d, got %d", MaxInstallments, t.Installments)
	case t.Disbursed.IsZero():
		return invalid("Disbursed", "a disbursement date is required")
	case !t.FirstDue.IsZero() && t.FirstDue.Before(t.Disbursed):
		return invalid("FirstDue", "first due date %s is before disbursement %s", t.FirstDue, t.Disbursed)
	case !t.Rate.Period().Valid():
		return invalid("Rate", "unknown period")
	case int(t.Rounding.Residual) >= len(residualNames):
		return invalid("Rounding.Residual", "unknown policy %d", t.Rounding.Residual)
	case t.Grace.Principal < 0 || t.Grace.Principal >= t.Installments:
		return invalid("Grace.Principal", "must be 0 to %d (shorter than the term), got %d", t.Installments-1, t.Grace.Principal)
	case t.Grace.Interest < 0 || t.Grace.Interest >= t.Installments:
		return invalid("Grace.Interest", "must be 0 to %d (shorter than the term), got %d", t.Installments-1, t.Grace.Interest)
	case int(t.Grace.InterestMode) >= len(graceNames):
		return invalid("Grace.InterestMode", "unknown mode %d", t.Grace.InterestMode)
	case int(t.DayCount) >= len(dayCountNames):
		return invalid("DayCount", "unknown day count %d", t.DayCount)
	case !t.DaysInYear.valid():
		return invalid("DaysInYear", "must be 360, 364, 365 or ActualDays, got %d", t.DaysInYear)
	case !t.Adjustment.Valid():
		return invalid("Adjustment", "unknown adjustment %d", t.Adjustment)
	}
	if t.Method == Murabahah {
		if !t.Margin.IsZero() && t.Margin.Currency() != c {
			return invalid("Margin", "currency %s differs from the principal's %s", t.Margin.Currency(), c)
		}
		if t.Margin.IsNegative() {
			return invalid("Margin", "cannot be negative, got %s", t.Margin)
		}
		if t.Margin.IsZero() && !t.Rate.IsZero() && t.Rate.Period() != money.PerTerm {
			return invalid("Rate", "a murabahah margin rate is per term, got %s", t.Rate)
		}
	} else if !t.Margin.IsZero() {
		return invalid("Margin", "a margin amount is for murabahah; %s uses Rate", t.Method)
	}
	if err := t.Frequency.Validate(); err != nil {
		return &TermsError{Field: "Frequency", Reason: err.Error(), Err: ErrInvalidTerms, Cause: err}
	}
	for _, r := range [...]struct {
		name string
		r    money.Rounding
	}{{"Rounding.Installment", t.Rounding.Installment}, {"Rounding.Parts", t.Rounding.Parts}} {
		if err := r.r.Validate(); err != nil {
			return &TermsError{Field: r.name, Reason: err.Error(), Err: ErrInvalidTerms, Cause: err}
		}
	}
	switch {
	case t.Method == Annuity && t.Rounding.Residual == FirstAbsorbs:
		// An annuity's residue is known only at the end, and one more unit
		// paid up front moves it by (1+r)^(n-1) units plus rounding jumps:
		// often no whole amount makes every later row level.
		return invalid("Rounding.Residual", "first-absorbs applies to flat, murabahah, qard and equal principal; an annuity's residue is only known at the end: use last-absorbs or keep-equal")
	case t.Rounding.Residual == KeepEqual && t.Method == EqualPrincipal:
		return invalid("Rounding.Residual", "keep-equal needs level installments; equal-principal installments fall over time")
	case t.Rounding.Residual == KeepEqual && t.Rounding.Installment.Mode != money.Up && t.Rounding.Installment.Mode != money.Ceiling:
		// Keep-equal books the excess of the level installments as margin;
		// an installment rounded down would leave principal unpaid.
		got := "no installment rounding"
		if !t.Rounding.Installment.IsZero() {
			got = "mode " + strconv.Quote(t.Rounding.Installment.Mode.String())
		}
		return invalid("Rounding.Installment", "keep-equal books the rounding excess as margin, so installments must round up (mode up or ceiling), got %s", got)
	}
	return nil
}
