package koperasi

import (
	"encoding/json"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
)

// openLoans counts a member's loans not yet repaid or written off.
func (b *Book) openLoans(id members.ID) int {
	n := 0
	for lr := b.st.lastLoan[id]; lr != nil; lr = lr.prev {
		if !lr.st.Closed() {
			n++
		}
	}
	return n
}

// fundedOpen counts the loans not yet repaid or written off that a lender
// has a share in.
func (b *Book) fundedOpen(id members.ID) int {
	n := 0
	for _, lr := range b.st.funded[id] {
		if !lr.st.Closed() {
			n++
		}
	}
	return n
}

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
	return int(b.log.Len())
}

// MarshalJSON writes the Book's whole state deterministically: the log
// length and dates, members and savings, groups, facilities, loans with
// their payout records, stock, visits and the journal. Two Books with equal JSON are equal; tests compare
// it before and after a refused command.
func (b *Book) MarshalJSON() ([]byte, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	type groupJSON struct {
		Group   groups.Group          `json:"group"`
		Fund    groups.Fund           `json:"fund"`
		Debts   groups.Debts          `json:"debts"`
		Cycle   int                   `json:"cycle"`
		Step    int                   `json:"step"`
		Records []lending.CycleRecord `json:"records"`
	}
	type loanJSON struct {
		Loan    lending.Loan    `json:"loan"`
		State   lending.State   `json:"state"`
		PaidOut lending.PaidOut `json:"paid_out"`
	}
	type stockJSON struct {
		Good     lending.GoodCode `json:"good"`
		Quantity int64            `json:"quantity"`
	}
	v := struct {
		Events     int                `json:"events"`
		Last       calendar.Date      `json:"last,omitzero"`
		Closed     calendar.Date      `json:"closed,omitzero"`
		Members    *members.Savings   `json:"members"`
		Groups     []groupJSON        `json:"groups"`
		Facilities []lending.Facility `json:"facilities"`
		Loans      []loanJSON         `json:"loans"`
		Stock      []stockJSON        `json:"stock"`
		Visits     []Visit            `json:"visits"`
		Journal    *ledger.Journal    `json:"journal"`
	}{Events: int(b.log.Len()), Last: b.last, Closed: b.closed(), Members: b.st.sav, Journal: b.st.j, Visits: b.st.visits}
	for _, id := range sortedKeys(b.st.groups) {
		g := b.st.groups[id]
		v.Groups = append(v.Groups, groupJSON{g.g, g.fund, g.debts, g.cycle, g.step, g.records})
	}
	for _, id := range sortedKeys(b.st.facilities) {
		v.Facilities = append(v.Facilities, *b.st.facilities[id])
	}
	for _, id := range sortedKeys(b.st.loans) {
		l := b.st.loans[id]
		v.Loans = append(v.Loans, loanJSON{l.loan(), l.st, l.po})
	}
	for _, g := range sortedKeys(b.st.stock) {
		if q := b.st.stock[g]; q != 0 {
			v.Stock = append(v.Stock, stockJSON{g, q})
		}
	}
	return json.Marshal(v)
}
