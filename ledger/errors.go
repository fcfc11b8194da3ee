package ledger

import (
	"errors"
	"strconv"
	"strings"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
)

// Sentinel errors. Callers branch on these with errors.Is; the typed errors
// below carry the details and wrap one of them. An amount too large for the
// books wraps money.ErrOverflow.
var (
	// ErrInvalidAccount: an account with a bad code, type, name or overdraft.
	ErrInvalidAccount = errors.New("ledger: invalid account")
	// ErrDuplicate: an account code already open with a different definition.
	ErrDuplicate = errors.New("ledger: duplicate account")
	// ErrUnknownAccount: a posting or a query names an account that is not open.
	ErrUnknownAccount = errors.New("ledger: unknown account")
	// ErrInvalidEntry: an entry without ID or date, with fewer than two
	// postings, a posting without side, bad references, or a reversal that
	// does not mirror its original.
	ErrInvalidEntry = errors.New("ledger: invalid entry")
	// ErrInvalidAmount: a posting amount that is zero or negative.
	ErrInvalidAmount = errors.New("ledger: invalid amount")
	// ErrCurrencyMismatch: a posting amount not in the journal's currency.
	ErrCurrencyMismatch = errors.New("ledger: currency mismatch")
	// ErrUnbalanced: debits and credits of an entry differ.
	ErrUnbalanced = errors.New("ledger: unbalanced entry")
	// ErrOverdraft: an entry would take an account past its overdraft policy.
	ErrOverdraft = errors.New("ledger: overdraft beyond policy")
	// ErrConflict: an entry ID already posted with different content.
	ErrConflict = errors.New("ledger: conflicting entry")
	// ErrNotFound: no entry with that ID.
	ErrNotFound = errors.New("ledger: entry not found")
	// ErrAlreadyReversed: the entry has already been reversed by another entry.
	ErrAlreadyReversed = errors.New("ledger: entry already reversed")
	// ErrInvalidPeriod: a statement period that ends before it starts.
	ErrInvalidPeriod = errors.New("ledger: invalid period")
)

// AccountError reports an account that cannot be opened or found.
type AccountError struct {
	Code   Code
	Reason string
	Err    error // ErrInvalidAccount, ErrDuplicate or ErrUnknownAccount
}

func (e *AccountError) Error() string {
	var b strings.Builder
	b.WriteString("ledger: account")
	if e.Code != "" {
		b.WriteString(" " + string(e.Code))
	}
	b.WriteString(": " + e.Reason)
	return b.String()
}

func (e *AccountError) Unwrap() error { return e.Err }

// EntryError reports an entry that was refused, and which posting made it so.
type EntryError struct {
	ID      string
	Posting int  // index of the offending posting, or -1 for the entry as a whole
	Account Code // the posting's account, if any
	Reason  string
	Err     error // one of the sentinels
}

func (e *EntryError) Error() string {
	var b strings.Builder
	b.WriteString("ledger: entry ")
	b.WriteString(strconv.Quote(e.ID))
	if e.Posting >= 0 {
		b.WriteString(" posting ")
		b.WriteString(strconv.Itoa(e.Posting + 1))
		if e.Account != "" {
			b.WriteString(" (account " + string(e.Account) + ")")
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

func (e *EntryError) Unwrap() error { return e.Err }

// UnbalancedError reports an entry whose debits and credits differ.
type UnbalancedError struct {
	ID              string
	Debits, Credits money.Amount
}

func (e *UnbalancedError) Error() string {
	return "ledger: entry " + strconv.Quote(e.ID) + ": debits " + e.Debits.String() +
		" do not equal credits " + e.Credits.String()
}

func (e *UnbalancedError) Unwrap() error { return ErrUnbalanced }

// OverdraftError reports an entry that would take an account past its
// overdraft policy, on the first date where that would happen. Amounts are on
// the account's natural side: a positive balance is a normal one.
type OverdraftError struct {
	ID      string
	Account Account
	Date    calendar.Date // the first date the balance would break the policy
	Balance money.Amount  // the balance on that date without the entry
	Change  money.Amount  // the entry's net effect on the account
}

func (e *OverdraftError) Error() string {
	after, _ := e.Balance.Add(e.Change)
	var b strings.Builder
	b.WriteString("ledger: entry " + strconv.Quote(e.ID) + ": " + e.Account.String() +
		" would be " + after.String() + " on " + e.Date.String() +
		" (balance " + e.Balance.String() + ", change " + e.Change.String() + "); ")
	if e.Account.Overdraft.Limit.IsZero() {
		b.WriteString("it may not go below zero")
	} else {
		b.WriteString("it may go at most " + e.Account.Overdraft.Limit.String() + " below zero")
	}
	return b.String()
}

func (e *OverdraftError) Unwrap() error { return ErrOverdraft }

// PeriodError reports a statement period that ends before it starts.
type PeriodError struct {
	From, To calendar.Date
}

func (e *PeriodError) Error() string {
	return "ledger: period from " + e.From.String() + " to " + e.To.String() + " ends before it starts"
}

func (e *PeriodError) Unwrap() error { return ErrInvalidPeriod }
