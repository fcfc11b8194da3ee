package koperasi

import (
	"fmt"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

func (o Op) mop() members.Op { return members.Op{ID: o.ID, Date: o.Date} }

// RegisterMember adds a member (prospective or active) to the koperasi.
type RegisterMember struct {
	Op
	Member members.Member `json:"member"`
}

func (RegisterMember) kind() string { return "member.register" }

func (c RegisterMember) exec(b *Book) (Receipt, error) {
	if c.Member.Joined.After(c.Date) {
		return Receipt{}, fmt.Errorf("%w: member %s joins on %s, after the registration on %s", ErrInvalid, c.Member.ID, c.Member.Joined, c.Date)
	}
	return Receipt{Refs: []string{string(c.Member.ID)}}, b.st.sav.Register(c.mop(), c.Member)
}

// UpdateMember replaces a member's record: corrections, a new address, or
// admission (prospective to active).
type UpdateMember struct {
	Op
	Member members.Member `json:"member"`
}

func (UpdateMember) kind() string { return "member.update" }

func (c UpdateMember) exec(b *Book) (Receipt, error) {
	return Receipt{}, b.st.sav.Update(c.mop(), c.Member)
}

// PayPokok records the one-time simpanan pokok, paid in cash.
type PayPokok struct {
	Op
	Member members.ID `json:"member"`
}

func (PayPokok) kind() string { return "savings.pay_pokok" }

func (c PayPokok) exec(b *Book) (Receipt, error) {
	return Receipt{}, b.st.sav.PayPokok(c.mop(), c.Member)
}

// PayWajib records simpanan wajib for one month, paid in cash.
type PayWajib struct {
	Op
	Member members.ID         `json:"member"`
	Month  calendar.YearMonth `json:"month"`
}

func (PayWajib) kind() string { return "savings.pay_wajib" }

func (c PayWajib) exec(b *Book) (Receipt, error) {
	return Receipt{}, b.st.sav.PayWajib(c.mop(), c.Member, c.Month)
}

// Deposit records simpanan sukarela paid in cash.
type Deposit struct {
	Op
	Member members.ID   `json:"member"`
	Amount money.Amount `json:"amount"`
}

func (Deposit) kind() string { return "savings.deposit" }

func (c Deposit) exec(b *Book) (Receipt, error) {
	return Receipt{}, b.st.sav.Deposit(c.mop(), c.Member, c.Amount)
}

// Withdraw pays savings out in cash: sukarela up to its free balance; pokok
// and wajib only through Resign.
type Withdraw struct {
	Op
	Member members.ID   `json:"member"`
	Kind   members.Kind `json:"kind"`
	Amount money.Amount `json:"amount"`
}

func (Withdraw) kind() string { return "savings.withdraw" }

func (c Withdraw) exec(b *Book) (Receipt, error) {
	return Receipt{}, b.st.sav.Withdraw(c.mop(), c.Member, c.Kind, c.Amount)
}

// Resign ends a membership and pays the member's savings back in cash. It is
// refused while the member has open loans, holds, money out as a lender
// in loans not yet repaid or written off (their repayments are paid on to
// the lender's sukarela), or covers that peers have not paid back yet
// (their settlements are paid to the member's sukarela too).
type Resign struct {
	Op
	Member members.ID `json:"member"`
}

func (Resign) kind() string { return "member.resign" }

func (c Resign) exec(b *Book) (Receipt, error) {
	if g, ok := b.st.memberOf[c.Member]; ok {
		if owed := b.st.groups[g].debts.OwedTo(c.Member); owed.IsPositive() {
			return Receipt{}, fmt.Errorf("%w: members of group %s still owe %s %s for covers; they must settle them first", members.ErrOpenObligations, g, c.Member, owed)
		}
		// a member leaving takes their savings in cash: what they owe the
		// peers who covered them is settled first (SettleDebts), or the
		// peers would never be repaid
		if owes := b.st.groups[g].debts.Owed(c.Member); owes.IsPositive() {
			return Receipt{}, fmt.Errorf("%w: %s still owes %s to group %s for covers; settle it first (SettleDebts)", members.ErrOpenObligations, c.Member, owes, g)
		}
	}
	return Receipt{}, b.st.sav.Resign(c.mop(), c.Member, b.openLoans(c.Member)+b.fundedOpen(c.Member))
}

// CloseDay closes the books up to and including its date: no later command
// may be dated on or before it. ReopenDay undoes it.
type CloseDay struct {
	Op
}

const closeKind = "day.close"

func (CloseDay) kind() string { return closeKind }

func (c CloseDay) exec(b *Book) (Receipt, error) {
	b.closes = append(b.closes, c.Date)
	return Receipt{}, nil
}

// ReopenDay undoes the last CloseDay not yet undone: the books are closed
// again only up to the day closed before it, or not at all. It is how an
// officer mends a close dated by mistake (a day far ahead would otherwise
// lock the Book) or enters a correction in a closed day. It is dated after
// the day it goes back to, and may be dated before the day it reopens.
// Neither a close nor a reopening counts as the previous command's date
// for Config.StrictDates: only operations do. The log keeps the close and
// the reopening both. With no day closed it is refused (ErrInvalid).
type ReopenDay struct {
	Op
}

const reopenKind = "day.reopen"

func (ReopenDay) kind() string { return reopenKind }

func (c ReopenDay) exec(b *Book) (Receipt, error) {
	if len(b.closes) == 0 {
		return Receipt{}, fmt.Errorf("%w: no day is closed to reopen", ErrInvalid)
	}
	closed := b.closedBefore()
	b.closes = b.closes[:len(b.closes)-1]
	r := Receipt{}
	if !closed.IsZero() {
		r.Warnings = []string{"the books stay closed up to " + closed.String()}
	}
	return r, nil
}
