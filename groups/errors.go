package groups

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// Sentinel errors. Callers branch on these with errors.Is; the typed errors
// below carry the details and wrap one of them.
var (
	// ErrInvalidCandidate: a candidate without an ID or household, or with an
	// RT, RW or coordinates out of range.
	ErrInvalidCandidate = errors.New("groups: invalid candidate")
	// ErrNotEligible: a member who may not be placed in a group (not an active member).
	ErrNotEligible = errors.New("groups: member not eligible")
	// ErrDuplicate: the same member (or line, or supervisor) given twice.
	ErrDuplicate = errors.New("groups: duplicate")
	// ErrInvalidPolicy: a formation, ladder, wave, cover or fund policy that
	// cannot be applied (minimum above maximum, negative cap, ...).
	ErrInvalidPolicy = errors.New("groups: invalid policy")
	// ErrCannotForm: the candidates are too few for even one group of the
	// policy's minimum size.
	ErrCannotForm = errors.New("groups: cannot form a group")
	// ErrNotMember: a member, leader or payment that is not of this group.
	ErrNotMember = errors.New("groups: not a member of the group")
	// ErrRule: a change would break a group rule (size, one member per
	// household, distance, roles, supervisors).
	ErrRule = errors.New("groups: group rule broken")
	// ErrState: the operation is not allowed in the group's status or while a
	// cycle is open.
	ErrState = errors.New("groups: not allowed in this state")
	// ErrInvalidAmount: a negative amount, a payment above what was owed, or
	// amounts of different currencies.
	ErrInvalidAmount = errors.New("groups: invalid amount")
	// ErrInvalidRecord: a cycle record that contradicts itself.
	ErrInvalidRecord = errors.New("groups: invalid cycle record")
	// ErrInsufficientFund: the group fund holds less than asked for.
	ErrInsufficientFund = errors.New("groups: insufficient group fund")
)

// CandidateError says which candidate was refused and why. It wraps
// ErrInvalidCandidate or ErrNotEligible.
type CandidateError struct {
	Member members.ID
	Reason string
	Err    error
}

func (e *CandidateError) Error() string {
	if e.Err == ErrNotEligible {
		return fmt.Sprintf("groups: member %q cannot join a group: %s", e.Member, e.Reason)
	}
	return fmt.Sprintf("groups: candidate %q: %s", e.Member, e.Reason)
}

func (e *CandidateError) Unwrap() error { return e.Err }

// DuplicateError names what was given twice. It wraps ErrDuplicate.
type DuplicateError struct {
	What string // "candidate", "member", "line", "supervisor", "contribution"
	Key  string
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("groups: %s %q given twice; give each once", e.What, e.Key)
}

func (e *DuplicateError) Unwrap() error { return ErrDuplicate }

// PolicyError names the policy field that is wrong. It wraps ErrInvalidPolicy.
type PolicyError struct {
	Policy string // "formation", "ladder", "waves", "cover", "fund"
	Field  string
	Reason string
}

func (e *PolicyError) Error() string {
	return fmt.Sprintf("groups: %s policy: %s: %s", e.Policy, e.Field, e.Reason)
}

func (e *PolicyError) Unwrap() error { return ErrInvalidPolicy }

// UnmetError says why not a single group can be formed. It wraps
// ErrCannotForm.
type UnmetError struct {
	Candidates int // all candidates given
	Largest    int // candidates in the largest RW (all of them when RW may be crossed)
	LargestRW  int // that RW, 0 when RW may be crossed
	Min        int // the policy's minimum group size
}

func (e *UnmetError) Error() string {
	if e.LargestRW == 0 {
		return fmt.Sprintf("groups: %d candidates cannot make a group of at least %d", e.Candidates, e.Min)
	}
	return fmt.Sprintf("groups: %d candidates cannot make a group of at least %d: the largest RW, RW %02d, has %d and the policy does not let a group cross RW boundaries",
		e.Candidates, e.Min, e.LargestRW, e.Largest)
}

func (e *UnmetError) Unwrap() error { return ErrCannotForm }

// MemberError reports a member who is not (or no longer) in the group. It
// wraps ErrNotMember.
type MemberError struct {
	Group  ID
	Member members.ID
	Role   string // what the member was named for: "leader", "treasurer", "payment", "leaving", ...
}

func (e *MemberError) Error() string {
	if e.Role == "supervisor" {
		return fmt.Sprintf("groups: %q is not a supervisor of group %q", e.Member, e.Group)
	}
	return fmt.Sprintf("groups: %s: %q is not a member of group %q", e.Role, e.Member, e.Group)
}

func (e *MemberError) Unwrap() error { return ErrNotMember }

// RuleError reports a group rule that a change would break. It wraps ErrRule.
type RuleError struct {
	Group  ID
	Rule   string // "size", "household", "distance", "rw", "role", "supervisor"
	Member members.ID
	Reason string
}

func (e *RuleError) Error() string {
	if e.Member == "" {
		return fmt.Sprintf("groups: group %q: %s rule: %s", e.Group, e.Rule, e.Reason)
	}
	return fmt.Sprintf("groups: group %q, member %q: %s rule: %s", e.Group, e.Member, e.Rule, e.Reason)
}

func (e *RuleError) Unwrap() error { return ErrRule }

// StateError reports an operation refused because of the group's status or
// its open cycle. It wraps ErrState.
type StateError struct {
	Group     ID
	Op        string
	Status    Status
	CycleOpen bool
}

func (e *StateError) Error() string {
	if e.CycleOpen {
		return fmt.Sprintf("groups: group %q: cannot %s while a cycle is open; close the cycle first", e.Group, e.Op)
	}
	return fmt.Sprintf("groups: group %q is %s: cannot %s", e.Group, e.Status, e.Op)
}

func (e *StateError) Unwrap() error { return ErrState }

// AmountError reports an amount that cannot be used. It wraps
// ErrInvalidAmount, or a money error (overflow, currency mismatch) when
// arithmetic failed.
type AmountError struct {
	What   string // "owed", "paid", "spare", "cap", "contribution", "settlement", ...
	Member members.ID
	Amount money.Amount
	Reason string
	Err    error
}

func (e *AmountError) Error() string {
	who := ""
	if e.Member != "" {
		who = " of " + strconv.Quote(string(e.Member))
	}
	return fmt.Sprintf("groups: %s%s %s: %s", e.What, who, e.Amount, e.Reason)
}

func (e *AmountError) Unwrap() error {
	if e.Err != nil {
		return e.Err
	}
	return ErrInvalidAmount
}

// RecordError reports a cycle record that contradicts itself. It wraps
// ErrInvalidRecord.
type RecordError struct {
	Index  int // position in the slice given
	Reason string
}

func (e *RecordError) Error() string {
	return fmt.Sprintf("groups: cycle record %d: %s", e.Index, e.Reason)
}

func (e *RecordError) Unwrap() error { return ErrInvalidRecord }

// FundError reports a withdrawal larger than the group fund. It wraps
// ErrInsufficientFund.
type FundError struct {
	Balance   money.Amount
	Requested money.Amount
}

func (e *FundError) Error() string {
	return fmt.Sprintf("groups: the group fund holds %s, cannot use %s", e.Balance, e.Requested)
}

func (e *FundError) Unwrap() error { return ErrInsufficientFund }

// moneyErr wraps an error of money arithmetic with what was being computed.
func moneyErr(what string, m members.ID, a money.Amount, err error) error {
	return &AmountError{What: what, Member: m, Amount: a, Reason: err.Error(), Err: err}
}
