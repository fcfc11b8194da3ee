package lending

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// LoanStatus is where a loan is in its life. The zero LoanStatus is
// LoanActive.
type LoanStatus uint8

// Loan statuses.
const (
	LoanActive     LoanStatus = iota // being repaid
	LoanRepaid                       // principal and margin paid in full (pelunasan)
	LoanDefaulted                    // in default under a DefaultPolicy, or declared so; still collectible
	LoanWrittenOff                   // written off (hapus buku); only recoveries are posted
)

var loanStatusWords = []string{"active", "repaid", "defaulted", "written-off"}

// String is the status's word: "active", "repaid", "defaulted", "written-off".
func (s LoanStatus) String() string { return wordString(loanStatusWords, int(s)) }

// MarshalText writes the status's word.
func (s LoanStatus) MarshalText() ([]byte, error) {
	return wordText("loan status", loanStatusWords, int(s))
}

// UnmarshalText reads the status's word.
func (s *LoanStatus) UnmarshalText(b []byte) error {
	i, err := wordParse("loan status", loanStatusWords, b)
	*s = LoanStatus(i)
	return err
}

// Source says where the money of a payment comes from. The zero Source is
// FromMember.
type Source uint8

// Sources of a payment.
const (
	FromMember    Source = iota // the borrower pays (cash at the collection)
	FromPeers                   // group members cover the borrower's installment (tanggung renteng)
	FromGroupFund               // the group fund covers it
	FromRecovery                // money recovered after write-off
)

var sourceWords = []string{"member", "peer-cover", "group-fund", "recovery"}

// String is the source's word: "member", "peer-cover", "group-fund", "recovery".
func (s Source) String() string { return wordString(sourceWords, int(s)) }

// MarshalText writes the source's word.
func (s Source) MarshalText() ([]byte, error) { return wordText("payment source", sourceWords, int(s)) }

// UnmarshalText reads the source's word.
func (s *Source) UnmarshalText(b []byte) error {
	i, err := wordParse("payment source", sourceWords, b)
	*s = Source(i)
	return err
}

// Payment is money received for one loan. ID makes posting idempotent: the
// same ID with the same payment is a no-op, with a different amount, date,
// source or payer it is refused (ErrConflict).
type Payment struct {
	ID     string        `json:"id"`
	Loan   LoanID        `json:"loan"`
	Date   calendar.Date `json:"date"`
	Amount money.Amount  `json:"amount"`
	Source Source        `json:"source"`
	// Payer is the member who paid when it is not the borrower: the peer who
	// covered (FromPeers). Empty for the borrower and the group fund.
	Payer members.ID `json:"payer,omitempty"`
}

// Paid is what has been paid against one installment, and the late fee
// charged on it so far, in minor units of the loan's currency. (A State
// holds one per installment for the life of the loan, so the currency is
// kept once, in the loan, rather than in every amount: 40 bytes instead of
// 72. The amount methods give them as money.Amount.)
type Paid struct {
	Principal int64 `json:"principal,string"`
	Margin    int64 `json:"margin,string"`
	Fee       int64 `json:"fee,string"` // late fee paid
	// FeeCharged is the late fee charged on the installment through
	// State.AccruedThrough (denda); Fee <= FeeCharged.
	FeeCharged int64 `json:"fee_charged,string"`
	// On is the date principal and margin were paid in full; zero while not.
	On calendar.Date `json:"on,omitzero"`
}

// PrincipalIn is the principal paid, in currency c (the loan's).
func (p Paid) PrincipalIn(c money.Currency) money.Amount { return c.Amount(p.Principal) }

// MarginIn is the margin paid, in currency c (the loan's).
func (p Paid) MarginIn(c money.Currency) money.Amount { return c.Amount(p.Margin) }

// FeeIn is the late fee paid, in currency c (the loan's).
func (p Paid) FeeIn(c money.Currency) money.Amount { return c.Amount(p.Fee) }

// FeeChargedIn is the late fee charged, in currency c (the loan's).
func (p Paid) FeeChargedIn(c money.Currency) money.Amount { return c.Amount(p.FeeCharged) }

// State is what has happened to a Loan since disbursement: what has been
// paid against each installment, the late fees charged, credit held from
// overpayments, the status, the write-off and recoveries, and the payments
// applied (for idempotency). It is a value: the functions of this package
// take a State and return a new one, never changing the one they were
// given, so an old State stays a valid snapshot.
//
// A State is only meaningful with its Loan; NewState makes the first one.
type State struct {
	Loan   LoanID     `json:"loan"`
	Status LoanStatus `json:"status"`
	// Installments has one entry per installment of the loan's schedule, in
	// the same order.
	Installments []Paid `json:"installments"`
	// Credit is overpayment held for the member under the Hold policy; the
	// next payment uses it first.
	Credit money.Amount `json:"credit"`
	// AccruedThrough is the day through which late fees are charged in
	// Installments (the disbursement date until a fee accrues).
	AccruedThrough calendar.Date `json:"accrued_through"`
	// DefaultedOn is the day the loan went into default; zero if it has not.
	DefaultedOn calendar.Date `json:"defaulted_on,omitzero"`
	// WriteOff is the write-off and what has been recovered since; zero if
	// the loan has not been written off.
	WriteOff WriteOff `json:"write_off,omitzero"`
	// Payments are the payments posted, in the order they were posted.
	Payments []Payment `json:"payments"`
}

// NewState returns the state of a loan just disbursed: nothing paid, nothing
// charged, active.
func NewState(l Loan) State {
	return State{
		Loan:           l.ID,
		Installments:   make([]Paid, len(l.Schedule.Installments)),
		AccruedThrough: l.Disbursed,
		Payments:       []Payment{},
	}
}

// payment returns the posted payment with this ID and its index, or -1.
// k is an index into id where the IDs of a loan's payments tend to differ
// (the end of a collection's operation ID: the loan ID ends them all): a
// loan late in its life has many payments, so their IDs are told apart by
// their length and that byte before they are compared whole.
func (s *State) payment(id string, k int) (Payment, int) {
	if k < 0 || k >= len(id) {
		k = len(id) - 1
	}
	for i := len(s.Payments) - 1; i >= 0; i-- {
		x := &s.Payments[i]
		if len(x.ID) == len(id) && (k < 0 || x.ID[k] == id[k]) && x.ID == id {
			return *x, i
		}
	}
	return Payment{}, -1
}

// LastPayment is the date of the latest payment posted, or the zero Date.
func (s State) LastPayment() calendar.Date {
	if n := len(s.Payments); n > 0 {
		return s.Payments[n-1].Date
	}
	return calendar.Date{}
}

// Closed reports whether the loan takes no more ordinary payments: repaid or
// written off.
func (s State) Closed() bool { return s.Status == LoanRepaid || s.Status == LoanWrittenOff }

// LateFeeKind is how late fees (denda) are charged. The zero LateFeeKind is
// NoLateFee.
type LateFeeKind uint8

// Late fee kinds.
const (
	NoLateFee    LateFeeKind = iota // no late fee (the Mekarmukti pilot)
	DailyLateFee                    // a rate per day on the overdue installment amount
	FlatLateFee                     // a fixed amount per missed installment
)

var lateFeeWords = []string{"none", "daily", "flat"}

// String is the kind's word: "none", "daily", "flat".
func (k LateFeeKind) String() string { return wordString(lateFeeWords, int(k)) }

// MarshalText writes the kind's word.
func (k LateFeeKind) MarshalText() ([]byte, error) {
	return wordText("late fee kind", lateFeeWords, int(k))
}

// UnmarshalText reads the kind's word.
func (k *LateFeeKind) UnmarshalText(b []byte) error {
	i, err := wordParse("late fee kind", lateFeeWords, b)
	*k = LateFeeKind(i)
	return err
}

// LateFeePolicy says how late fees (denda) are charged. The zero value
// charges none.
//
// Daily: for every day an installment is overdue beyond the grace, Rate (a
// rate per day) of its unpaid principal and margin (fees do not compound).
// OJK's cap for productive P2P loans, 0,1% a day, is a DailyLateFee with
// the Rate money.ParseRate("0.1% per day").
//
// Flat: Flat once for each installment still unpaid when its grace ends.
//
// The grace is not retroactive: with a grace of 3 days, a fee starts on the
// 4th day past due. Fees are charged on the days they accrue, in the order
// payments are posted, so a daily fee follows the unpaid amount as it falls.
// The fees of one loan never exceed the cap: the smaller of Cap and
// CapOfPrincipal of the principal, when set.
type LateFeePolicy struct {
	Kind LateFeeKind `json:"kind"`
	// Rate is the daily rate (period "day") for DailyLateFee.
	Rate money.Rate `json:"rate,omitzero"`
	// Flat is the fee per missed installment for FlatLateFee.
	Flat money.Amount `json:"flat,omitzero"`
	// Grace is the number of days past due without a fee.
	Grace int `json:"grace,omitempty"`
	// Cap bounds the loan's late fees in money; zero means no such bound.
	Cap money.Amount `json:"cap,omitzero"`
	// CapOfPrincipal bounds them as a fraction of the principal (period
	// "term"); zero means no such bound.
	CapOfPrincipal money.Rate `json:"cap_of_principal,omitzero"`
	// Rounding rounds each day-count accrual of a daily fee. The zero
	// Rounding truncates to the minor unit: a member is never charged a
	// fraction of a rupiah.
	Rounding money.Rounding `json:"rounding,omitzero"`
}

// Validate reports a policy that cannot be applied.
func (p LateFeePolicy) Validate() error {
	bad := func(reason string) error {
		return &ServicingError{Op: "late fee policy", Reason: reason, Err: ErrInvalid}
	}
	switch p.Kind {
	case NoLateFee:
	case DailyLateFee:
		if p.Rate.IsZero() {
			return bad("a daily late fee needs a rate per day")
		}
		if p.Rate.Period() != money.PerDay {
			return bad("the daily late fee rate " + p.Rate.String() + " must be per day")
		}
	case FlatLateFee:
		if !p.Flat.IsPositive() {
			return bad("a flat late fee needs a positive amount, not " + p.Flat.String())
		}
	default:
		return bad("unknown late fee kind " + strconv.Itoa(int(p.Kind)))
	}
	if p.Grace < 0 || p.Grace > maxDays {
		return bad("the grace must be 0 to " + strconv.Itoa(maxDays) + " days")
	}
	if p.Cap.IsNegative() {
		return bad("the cap cannot be negative")
	}
	if err := p.Rounding.Validate(); err != nil {
		return &ServicingError{Op: "late fee policy", Reason: "the rounding is not valid", Err: fmt.Errorf("%w: %w", ErrInvalid, err)}
	}
	return nil
}

// maxDays bounds the day counts of the policies (a century), so that date
// arithmetic stays within the calendar.
const maxDays = 36500

// DefaultPolicy says when a loan is in default. A loan defaults when its
// oldest unpaid installment is DaysPastDue days past due, or when it is
// still not repaid AfterMaturity days after its last due date, whichever
// comes first; a zero field is a rule not used, so the zero DefaultPolicy
// never puts a loan in default by itself (DeclareDefault still can).
type DefaultPolicy struct {
	DaysPastDue   int `json:"days_past_due,omitempty"`
	AfterMaturity int `json:"after_maturity,omitempty"`
}

// KivaDefault is Kiva's rule: a loan is in default when it is not repaid six
// months after the end of its term, taken as 180 days.
func KivaDefault() DefaultPolicy { return DefaultPolicy{AfterMaturity: 180} }

// Validate reports negative thresholds.
func (p DefaultPolicy) Validate() error {
	if p.DaysPastDue < 0 || p.AfterMaturity < 0 || p.DaysPastDue > maxDays || p.AfterMaturity > maxDays {
		return &ServicingError{Op: "default policy", Reason: "the thresholds must be 0 to " + strconv.Itoa(maxDays) + " days", Err: ErrInvalid}
	}
	return nil
}

// Strategy is the order in which a payment pays what is owed (Fineract's
// "transaction processing strategy"). What is due on or before the payment
// date is always paid before anything not yet due; the strategies differ in
// the order within that. Each installment owes three components: late fee
// (denda), margin (jasa) and principal (pokok). The zero Strategy is
// FeeMarginPrincipal.
type Strategy uint8

// Allocation strategies.
const (
	// FeeMarginPrincipal pays due installments oldest first, each in full
	// before the next: late fee, then margin, then principal. Fineract's
	// default, mifos-standard-strategy ("penalties, fees, interest,
	// principal order").
	FeeMarginPrincipal Strategy = iota
	// PrincipalMarginFee pays due installments oldest first: principal,
	// margin, late fee. Fineract's principal-interest-penalties-fees-order.
	PrincipalMarginFee
	// MarginPrincipalFee pays due installments oldest first: margin,
	// principal, late fee. Fineract's interest-principal-penalties-fees-order.
	MarginPrincipalFee
	// FeesLast pays margin then principal of every due installment, oldest
	// first, and only then their late fees, oldest first: a fee never keeps
	// a member in arrears.
	FeesLast
	// PrincipalLast pays the late fee and margin of every due installment,
	// oldest first, and only then their principal: Fineract's
	// rbi-india-strategy ("overdue/due fee/int, principal").
	PrincipalLast
	// CurrentFirst pays the installment due on the payment date first (late
	// fee, margin, principal), then the overdue ones oldest first: a member
	// catching up still has today's installment recorded as paid on time.
	CurrentFirst
	nStrategies
)

var strategyWords = []string{"fee-margin-principal", "principal-margin-fee", "margin-principal-fee", "fees-last", "principal-last", "current-first"}

// Strategies lists every strategy, in the order of their constants.
func Strategies() []Strategy {
	s := make([]Strategy, nStrategies)
	for i := range s {
		s[i] = Strategy(i)
	}
	return s
}

// String is the strategy's word, e.g. "fee-margin-principal".
func (s Strategy) String() string { return wordString(strategyWords, int(s)) }

// MarshalText writes the strategy's word.
func (s Strategy) MarshalText() ([]byte, error) { return wordText("strategy", strategyWords, int(s)) }

// UnmarshalText reads the strategy's word.
func (s *Strategy) UnmarshalText(b []byte) error {
	i, err := wordParse("strategy", strategyWords, b)
	*s = Strategy(i)
	return err
}

// Overpayment says what happens to money left once everything due on the
// payment date is paid. The zero Overpayment is Prepay.
type Overpayment uint8

// Overpayment policies.
const (
	// Prepay pays the next installments, in date order (margin and principal
	// in the strategy's order); what is left after the whole loan is paid is
	// refunded.
	Prepay Overpayment = iota
	// Hold keeps the excess as a credit for the member (booked to the
	// member's simpanan sukarela); the next payment on the loan uses it
	// first, and what is left when the loan is repaid is refunded.
	Hold
	// Refund gives the excess back: it is not taken in.
	Refund
)

var overpaymentWords = []string{"prepay", "hold", "refund"}

// String is the policy's word: "prepay", "hold", "refund".
func (o Overpayment) String() string { return wordString(overpaymentWords, int(o)) }

// MarshalText writes the policy's word.
func (o Overpayment) MarshalText() ([]byte, error) {
	return wordText("overpayment policy", overpaymentWords, int(o))
}

// UnmarshalText reads the policy's word.
func (o *Overpayment) UnmarshalText(b []byte) error {
	i, err := wordParse("overpayment policy", overpaymentWords, b)
	*o = Overpayment(i)
	return err
}

// Servicing is the set of rules a loan is serviced under: how payments are
// allocated, what happens to an overpayment, late fees and default. The zero
// value is the Mekarmukti pilot's: fee-margin-principal, prepay, no late fee,
// no automatic default.
type Servicing struct {
	Strategy    Strategy      `json:"strategy"`
	Overpayment Overpayment   `json:"overpayment"`
	LateFee     LateFeePolicy `json:"late_fee"`
	Default     DefaultPolicy `json:"default"`
}

// Validate reports rules that cannot be applied.
func (r Servicing) Validate() error {
	if r.Strategy >= nStrategies {
		return &ServicingError{Op: "servicing", Reason: "unknown strategy " + strconv.Itoa(int(r.Strategy)), Err: ErrInvalid}
	}
	if r.Overpayment > Refund {
		return &ServicingError{Op: "servicing", Reason: "unknown overpayment policy " + strconv.Itoa(int(r.Overpayment)), Err: ErrInvalid}
	}
	if err := r.LateFee.Validate(); err != nil {
		return err
	}
	return r.Default.Validate()
}

// ServicingError reports a repayment, position, collection, default or
// write-off that cannot be done, and why. It wraps one of the package's
// sentinels (ErrInvalid, ErrNotFound, ErrClosed, ErrConflict,
// ErrNotInDefault ...).
type ServicingError struct {
	Op      string // "post", "position", "collect", "write off", ...
	Loan    LoanID
	Payment string // the payment ID, when there is one
	Reason  string
	Err     error
}

func (e *ServicingError) Error() string {
	var b strings.Builder
	b.WriteString("lending: ")
	b.WriteString(e.Op)
	if e.Payment != "" {
		b.WriteString(" payment ")
		b.WriteString(strconv.Quote(e.Payment))
	}
	if e.Loan != "" {
		b.WriteString(" on loan ")
		b.WriteString(string(e.Loan))
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

func (e *ServicingError) Unwrap() error { return e.Err }

// wordString is the word of enum value v, or its number if it has none.
func wordString(words []string, v int) string {
	if v >= 0 && v < len(words) {
		return words[v]
	}
	return strconv.Itoa(v)
}

// wordText is MarshalText for an enum: a value without a word is an error.
func wordText(what string, words []string, v int) ([]byte, error) {
	if v < 0 || v >= len(words) {
		return nil, fmt.Errorf("%w: %s %d has no name", ErrInvalid, what, v)
	}
	return []byte(words[v]), nil
}

// wordParse is UnmarshalText for an enum.
func wordParse(what string, words []string, b []byte) (int, error) {
	for i, w := range words {
		if w == string(b) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%w: unknown %s %q (want one of %s)", ErrInvalid, what, b, strings.Join(words, ", "))
}
