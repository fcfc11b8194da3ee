package koperasi

import (
	"fmt"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
)

// GroupStatus is a group with its fund, the debts between its members, its
// cycle and the record of its closed cycles.
type GroupStatus struct {
	Group   groups.Group          `json:"group"`
	Fund    groups.Fund           `json:"fund"`
	Debts   groups.Debts          `json:"debts"`
	Cycle   int                   `json:"cycle"` // cycles disbursed
	Step    int                   `json:"step"`  // ladder step of the next cycle
	Records []lending.CycleRecord `json:"records"`
	Loans   []lending.LoanID      `json:"loans"` // of the current or last cycle
}

// Groups lists the groups' IDs, sorted.
func (b *Book) Groups() []groups.ID {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return sortedKeys(b.st.groups)
}

// GroupStatus returns a group's status.
func (b *Book) GroupStatus(id groups.ID) (GroupStatus, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	gr, err := b.group(id)
	if err != nil {
		return GroupStatus{}, err
	}
	s := GroupStatus{Group: gr.g, Fund: gr.fund, Debts: gr.debts, Cycle: gr.cycle, Step: gr.step, Records: append([]lending.CycleRecord(nil), gr.records...)}
	for _, lr := range b.groupLoans(id, false) {
		s.Loans = append(s.Loans, lr.head.ID)
	}
	return s, nil
}

// Facilities lists every facility, sorted by ID.
func (b *Book) Facilities() []lending.Facility {
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := make([]lending.Facility, 0, len(b.st.facilities))
	for _, id := range sortedKeys(b.st.facilities) {
		out = append(out, b.st.facilities[id].Clone())
	}
	return out
}

// FactSheet is a facility's fact sheet as the marketplace publishes it on
// asOf: the group, the package and amount, the schedule and cost, the
// group's record and the funding so far.
func (b *Book) FactSheet(id lending.FacilityID, asOf calendar.Date) (lending.FactSheet, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	f, err := b.facility(id)
	if err != nil {
		return lending.FactSheet{}, err
	}
	p, ok := b.cfg.product(f.Product)
	if !ok {
		return lending.FactSheet{}, fmt.Errorf("%w: product %q", ErrNotFound, f.Product)
	}
	gr, err := b.group(f.Group)
	if err != nil {
		return lending.FactSheet{}, err
	}
	ms := make([]members.Member, 0, gr.g.Size()+1)
	for _, id := range append(gr.g.IDs(), gr.g.Supervisors()...) {
		m, err := b.st.sav.Member(id)
		if err != nil {
			return lending.FactSheet{}, err
		}
		ms = append(ms, m)
	}
	info, err := lending.GroupInfoOf(gr.g, ms)
	if err != nil {
		return lending.FactSheet{}, err
	}
	var record []lending.CycleRecord
	for _, r := range gr.records {
		if r.Cycle < f.Cycle {
			record = append(record, r)
		}
	}
	return lending.NewFactSheet(lending.FactSheetRequest{Group: info, Facility: f.Clone(), Product: p, Catalogue: b.cfg.Catalogue, AsOf: asOf, Record: record})
}

// LoanStatus is a loan with what has been paid on it and paid on to its
// lenders.
type LoanStatus struct {
	Loan    lending.Loan    `json:"loan"`
	State   lending.State   `json:"state"`
	PaidOut lending.PaidOut `json:"paid_out"`
}

// Loans lists every loan's ID, sorted.
func (b *Book) Loans() []lending.LoanID {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return sortedKeys(b.st.loans)
}

// Loan returns a loan, its state and its payout record.
func (b *Book) Loan(id lending.LoanID) (LoanStatus, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	lr, ok := b.st.loans[id]
	if !ok {
		return LoanStatus{}, fmt.Errorf("%w: loan %q", ErrNotFound, id)
	}
	return LoanStatus{lr.loan().Clone(), lr.st.Clone(), lr.po.Clone()}, nil
}

// Position is a loan's position as of a date: paid, due, overdue and
// outstanding, days past due, and each installment's state.
func (b *Book) Position(id lending.LoanID, asOf calendar.Date) (lending.Position, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	lr, p, err := b.loan(id)
	if err != nil {
		return lending.Position{}, err
	}
	return lending.PositionOf(lr.loan(), lr.st, asOf, p.Servicing)
}

// CollectionSheet is what a group's meeting on d is to collect from each
// member.
func (b *Book) CollectionSheet(g groups.ID, d calendar.Date) (lending.Sheet, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	gr, err := b.group(g)
	if err != nil {
		return lending.Sheet{}, err
	}
	lrs := b.groupLoans(g, true)
	loans := make([]lending.Loan, len(lrs))
	states := make([]lending.State, len(lrs))
	var r lending.Servicing
	for i, lr := range lrs {
		loans[i], states[i] = lr.loan(), lr.st
		if p, ok := b.cfg.product(lr.head.Product); ok {
			r = p.Servicing
		}
	}
	return lending.CollectionSheet(gr.g, loans, states, d, r)
}

// PocketBook is a member's repayment card for a loan as of a date. The
// date may not be before the loan's latest payment, fee accrual, default
// or write-off, as for Position: the card would show payments made after
// the day it is dated. Such a date is refused with lending.ErrInvalid (a
// *lending.ServicingError naming the first day the card can be printed);
// an unknown loan with ErrNotFound. The installments the member's peers or
// the group fund paid are marked "ditanggung kelompok" with the group's
// part, found under the servicing rules of the loan's product.
func (b *Book) PocketBook(id lending.LoanID, asOf calendar.Date) (lending.PocketBook, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	lr, p, err := b.loan(id)
	if err != nil {
		return lending.PocketBook{}, err
	}
	m, err := b.st.sav.Member(lr.head.Member)
	if err != nil {
		return lending.PocketBook{}, err
	}
	return lending.NewPocketBook(b.cfg.Name, m, lr.head.Group, lr.loan(), lr.st, asOf, p.Servicing)
}

// Visits are the follow-up visits recorded, in order.
func (b *Book) Visits() []Visit {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return append([]Visit(nil), b.st.visits...)
}

// selection is the loans a query covers and their records.
func (b *Book) selection(keep func(*loanRec) bool) ([]lending.Loan, []lending.State, []lending.PaidOut) {
	var loans []lending.Loan
	var states []lending.State
	var paid []lending.PaidOut
	for _, id := range sortedKeys(b.st.loans) {
		lr := b.st.loans[id]
		if keep != nil && !keep(lr) {
			continue
		}
		loans, states, paid = append(loans, lr.loan()), append(states, lr.st), append(paid, lr.po)
	}
	return loans, states, paid
}

// LenderStatement is a lender's statement as of a date: funded, repaid,
// margin earned, losses, outstanding and realised yield, loan by loan.
func (b *Book) LenderStatement(lender members.ID, asOf calendar.Date) (lending.LenderStatement, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if _, err := b.st.sav.Member(lender); err != nil {
		return lending.LenderStatement{}, err
	}
	loans, _, paid := b.selection(func(lr *loanRec) bool { return lr.head.Disbursed.Compare(asOf) <= 0 })
	return lending.Statement(lender, loans, paid, asOf)
}

// LenderStatements are every lender's statements as of a date.
func (b *Book) LenderStatements(asOf calendar.Date) ([]lending.LenderStatement, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	loans, _, paid := b.selection(func(lr *loanRec) bool { return lr.head.Disbursed.Compare(asOf) <= 0 })
	return lending.Statements(loans, paid, asOf)
}

// Scope selects the loans portfolio metrics cover: a group, a cycle, or
// both; the zero Scope is the whole koperasi.
type Scope struct {
	Group groups.ID `json:"group,omitempty"`
	Cycle int       `json:"cycle,omitempty"`
}

func (s Scope) String() string {
	switch {
	case s.Group != "" && s.Cycle > 0:
		return fmt.Sprintf("%s siklus %d", s.Group, s.Cycle)
	case s.Group != "":
		return string(s.Group)
	case s.Cycle > 0:
		return fmt.Sprintf("siklus %d", s.Cycle)
	}
	return "koperasi"
}

// Metrics are the portfolio metrics of a scope as of a date: repayment and
// collection rates, arrears, PAR, write-offs, losses, lenders' yield and
// counts.
func (b *Book) Metrics(s Scope, asOf calendar.Date) (lending.Metrics, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	loans, states, paid := b.selection(func(lr *loanRec) bool {
		return (s.Group == "" || lr.head.Group == string(s.Group)) && (s.Cycle == 0 || lr.head.Cycle == s.Cycle) && lr.head.Disbursed.Compare(asOf) <= 0
	})
	return lending.Measure(loans, states, paid, lending.MetricsRequest{Scope: s.String(), AsOf: asOf})
}
