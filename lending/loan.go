package lending

import (
	"errors"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// Sentinel errors of the lending package. Typed errors carry the details and
// wrap one of these.
var (
	ErrNotFound          = errors.New("lending: not found")
	ErrDuplicate         = errors.New("lending: duplicate")
	ErrConflict          = errors.New("lending: conflicting repeat of an operation")
	ErrInvalid           = errors.New("lending: invalid input")
	ErrNotEligible       = errors.New("lending: not eligible")
	ErrInsufficientFunds = errors.New("lending: insufficient funds")
	ErrLimitExceeded     = errors.New("lending: limit exceeded")
	ErrClosed            = errors.New("lending: closed")
	ErrNotFunded         = errors.New("lending: not funded")
	ErrNotInDefault      = errors.New("lending: not in default")
)

// LoanID identifies a member loan, e.g. "L-2024-03-G1-M01".
type LoanID string

// FacilityID identifies a group's facility for one cycle: the amount the
// marketplace raises from lenders for the group, e.g. "F-G1-C1".
type FacilityID string

// Share is the principal one lender put into a loan or a facility.
type Share struct {
	Lender members.ID   `json:"lender"`
	Amount money.Amount `json:"amount"`
}

// MarginSplit says which fraction of the margin collected goes to the
// lenders; the rest is the koperasi's income. Lenders/Den = 1 (the
// Mekarmukti preset) gives lenders all of it; the zero value gives them none.
type MarginSplit struct {
	Lenders int64 `json:"lenders"` // numerator
	Den     int64 `json:"den"`     // denominator; 0 means 1
}

// Loan is one member's loan: a business package delivered in kind, the
// schedule it is repaid on, and the lenders who funded it. It is an
// immutable value made at disbursement; what has been paid lives in State.
type Loan struct {
	ID        LoanID        `json:"id"`
	Member    members.ID    `json:"member"`
	Group     string        `json:"group,omitempty"`
	Facility  FacilityID    `json:"facility,omitempty"`
	Cycle     int           `json:"cycle,omitempty"`
	Product   string        `json:"product"`
	Package   string        `json:"package,omitempty"`
	Disbursed calendar.Date `json:"disbursed"`
	// Schedule is what the member owes and when; its Principal is the value
	// of the goods at price.
	Schedule schedule.Schedule `json:"schedule"`
	// Lenders are the funders' shares of the principal, sorted by lender;
	// they sum to the principal. Repayments are split by these weights.
	Lenders []Share `json:"lenders"`
	// Split is the lenders' fraction of the margin.
	Split MarginSplit `json:"split"`
	// Goods are what the member received, in the order listed to them;
	// their value at price is the principal.
	Goods []GoodsLine `json:"goods,omitempty"`
	// Cost is the goods' value at cost: what left the inventory.
	Cost money.Amount `json:"cost,omitzero"`
}

// Principal is the loan's principal.
func (l Loan) Principal() money.Amount { return l.Schedule.Principal }
