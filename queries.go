package koperasi

import (
	"encoding/json"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/members"
)

// openLoans counts a member's loans not yet repaid or written off.
func (b *Book) openLoans(id members.ID) int { return 0 }

// Member returns a member's record.
func (b *Book) Member(id members.ID) (members.Member, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.st.sav.Member(id)
}

// Members returns every member, ordered by ID.
func (b *Book) Members() []members.Member {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.st.sav.Members()
}

// MemberStatement is a member's savings statement between two dates.
func (b *Book) MemberStatement(id members.ID, from, to calendar.Date) (members.Statement, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.st.sav.Statement(id, from, to)
}

// SavingsPosition is a member's savings position as of a date: balances,
// held sukarela, wajib paid through and arrears.
func (b *Book) SavingsPosition(id members.ID, asOf calendar.Date) (members.Position, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.st.sav.Position(id, asOf)
}

// TrialBalance is the journal's trial balance; it always sums to zero.
func (b *Book) TrialBalance() ledger.TrialBalance {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.st.j.TrialBalance()
}

// Journal returns the journal's entries in posting order.
func (b *Book) Journal() []ledger.Entry {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.st.j.Entries()
}

// Len is the number of events in the log.
func (b *Book) Len() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return len(b.log)
}

// MarshalJSON writes the Book's whole state deterministically: the log
// length, the closed day, members and savings, and the journal. Two Books
// with equal JSON are equal; tests compare it before and after a refused
// command.
func (b *Book) MarshalJSON() ([]byte, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return json.Marshal(struct {
		Events  int              `json:"events"`
		Last    calendar.Date    `json:"last,omitzero"`
		Closed  calendar.Date    `json:"closed,omitzero"`
		Members *members.Savings `json:"members"`
		Journal *ledger.Journal  `json:"journal"`
	}{len(b.log), b.last, b.closed, b.st.sav, b.st.j})
}
