package members

import (
	"errors"
	"fmt"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
)

// Sentinel errors of the members package. Callers branch on them with
// errors.Is; the typed errors below carry the details and wrap one of them.
var (
	// ErrInvalidNIK: a NIK that is not 16 digits with a valid region, date and serial.
	ErrInvalidNIK = errors.New("members: invalid NIK")
	// ErrInvalidMember: a member record that is incomplete or malformed.
	ErrInvalidMember = errors.New("members: invalid member")
	// ErrDuplicate: a member ID, NIK, operation or hold ID that is already taken.
	ErrDuplicate = errors.New("members: duplicate")
	// ErrNotFound: no member (or hold) with that ID.
	ErrNotFound = errors.New("members: not found")
	// ErrConflict: an operation ID reused with a different payload.
	ErrConflict = errors.New("members: conflicting operation")
	// ErrInvalidOperation: an operation that is malformed (no ID, no date,
	// amount not positive or in another currency, date out of order) or not
	// allowed for the member's status.
	ErrInvalidOperation = errors.New("members: invalid operation")
	// ErrAlreadyPaid: simpanan pokok paid a second time, or a month of
	// simpanan wajib paid twice.
	ErrAlreadyPaid = errors.New("members: already paid")
	// ErrLocked: simpanan pokok or wajib withdrawn while the person is still
	// a member. They are paid back only on resignation.
	ErrLocked = errors.New("members: savings locked until resignation")
	// ErrInsufficientFunds: a withdrawal or hold larger than the free
	// sukarela balance.
	ErrInsufficientFunds = errors.New("members: insufficient funds")
	// ErrOpenObligations: resignation while loans are open or holds active.
	ErrOpenObligations = errors.New("members: open obligations")
	// ErrNotEligible: a member who fails a borrower or lender policy.
	ErrNotEligible = errors.New("members: not eligible")
	// ErrInvalidConfig: a savings configuration or policy that cannot work.
	ErrInvalidConfig = errors.New("members: invalid configuration")
)

// MemberError reports a problem with one member record: which member, which
// field, and why. It wraps ErrInvalidMember, ErrDuplicate or ErrNotFound
// (and ErrInvalidNIK when the NIK is malformed).
type MemberError struct {
	Member ID     // the member's ID as given (may be empty)
	Field  string // JSON name of the field, dotted for nested ones: "address.rt"
	Reason string
	Err    error // the sentinel
	cause  error // a detailed error from another layer, such as *NIKError
}

func (e *MemberError) Error() string {
	who := "member"
	if e.Member != "" {
		who = fmt.Sprintf("member %q", string(e.Member))
	}
	if e.Field == "" {
		return fmt.Sprintf("%s: %s", who, e.Reason)
	}
	return fmt.Sprintf("%s: %s: %s", who, e.Field, e.Reason)
}

// Unwrap returns the sentinel and, for a bad NIK, the *NIKError.
func (e *MemberError) Unwrap() []error {
	if e.cause != nil {
		return []error{e.Err, e.cause}
	}
	return []error{e.Err}
}

// OpError reports a savings operation that was refused: which operation,
// which member, and why. It wraps one of the sentinels (ErrInvalidOperation,
// ErrConflict, ErrAlreadyPaid, ErrLocked, ErrOpenObligations, ErrDuplicate,
// ErrNotFound, or an error of the ledger).
type OpError struct {
	Op     string // operation ID
	Type   OpType
	Member ID
	Reason string
	Err    error
	cause  error // the ledger's error when Err is ErrConflict for an entry ID taken in the journal
}

func (e *OpError) Error() string {
	if e.Type == 0 && e.Op == "" { // a query, not an operation
		return fmt.Sprintf("members: member %q: %s", string(e.Member), e.Reason)
	}
	return fmt.Sprintf("members: %s %q for member %q refused: %s", e.Type, e.Op, string(e.Member), e.Reason)
}

// Unwrap returns the sentinel and, for a ledger conflict, the ledger's error.
func (e *OpError) Unwrap() []error {
	if e.cause != nil {
		return []error{e.Err, e.cause}
	}
	return []error{e.Err}
}

// FundsError reports a sukarela withdrawal, hold or capture larger than the
// free balance (balance minus held). It wraps ErrInsufficientFunds.
type FundsError struct {
	Op        string
	Member    ID
	Balance   money.Amount // sukarela balance
	Held      money.Amount // reserved by active holds
	Requested money.Amount
}

// Free is the balance that may still be withdrawn or held.
func (e *FundsError) Free() money.Amount {
	f, _ := e.Balance.Sub(e.Held)
	return f
}

func (e *FundsError) Error() string {
	return fmt.Sprintf("members: member %q asks for %s of simpanan sukarela but only %s is free (balance %s, held %s)",
		string(e.Member), e.Requested, e.Free(), e.Balance, e.Held)
}

func (e *FundsError) Unwrap() error { return ErrInsufficientFunds }

// EligibilityError is returned by the Eligible methods of the policies: every
// rule the member fails, at once. It wraps ErrNotEligible.
type EligibilityError struct {
	Member     ID
	Role       string        // "borrower" or "lender"
	On         calendar.Date // the date checked
	Violations []Violation
}

func (e *EligibilityError) Error() string {
	b := []byte(fmt.Sprintf("members: member %q is not eligible as %s on %s:", string(e.Member), e.Role, e.On))
	for i, v := range e.Violations {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(b, ' ')
		b = append(b, v.Message...)
	}
	return string(b)
}

func (e *EligibilityError) Unwrap() error { return ErrNotEligible }

// Has reports whether a violation with the code is present.
func (e *EligibilityError) Has(code string) bool {
	for _, v := range e.Violations {
		if v.Code == code {
			return true
		}
	}
	return false
}
