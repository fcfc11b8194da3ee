package koperasi_test

import (
	"fmt"
	"slices"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/stretchr/testify/require"
)

// The state-machine test's model of the loans and the groups: enough to
// know when a repayment, a collection, a default, a write-off, a recovery,
// a settlement or the close of a cycle must be accepted, and what it must
// do. The model takes from the Book only what the Book decides: a loan's
// schedule and lenders when it is disbursed, the members of the groups
// FormGroups forms, and how a collection's cover is shared out (the debts
// it records). Everything after that it works out itself and holds the
// Book to after every step (checkModel).

// mInstallment is an installment of a loan in the model: what the schedule
// asks and what has been paid on it.
type mInstallment struct {
	due               calendar.Date
	principal, margin int64
	paidP, paidM      int64
}

// mLoan is a loan in the model.
type mLoan struct {
	id        lending.LoanID
	member    members.ID
	group     groups.ID
	cycle     int
	lenders   []members.ID // distinct, in the loan's order
	disbursed calendar.Date
	ins       []mInstallment
	status    lending.LoanStatus
	// last is the loan's last event: disbursement, a payment, the default
	// or the write-off. Nothing may be posted on the loan before it.
	last calendar.Date
	// absorbed is, once written off, what each layer of the waterfall took
	// of the principal (by lending.Layer); recovered what came back since.
	absorbed  [4]int64
	recovered int64
}

func (l *mLoan) owed() (principal, margin int64) {
	for _, in := range l.ins {
		principal += in.principal - in.paidP
		margin += in.margin - in.paidM
	}
	return principal, margin
}

// outstanding is what the member still owes on the loan's schedule.
func (l *mLoan) outstanding() int64 {
	p, m := l.owed()
	return p + m
}

func (l *mLoan) open() bool {
	return l.status == lending.LoanActive || l.status == lending.LoanDefaulted
}

// paid is the principal and margin paid.
func (l *mLoan) paid() int64 {
	var s int64
	for _, in := range l.ins {
		s += in.paidP + in.paidM
	}
	return s
}

// lastDue is the loan's last due date.
func (l *mLoan) lastDue() calendar.Date { return l.ins[len(l.ins)-1].due }

// pay posts amt on the loan on day d under the pilot's servicing: the
// installments oldest first, each margin then principal, what is not yet
// due prepaid, no late fee, and what is beyond the whole loan given back.
// It returns what the loan took.
func (l *mLoan) pay(amt int64, d calendar.Date) int64 {
	took := int64(0)
	for i := range l.ins {
		in := &l.ins[i]
		x := min(amt, in.margin-in.paidM)
		in.paidM += x
		amt -= x
		took += x
		x = min(amt, in.principal-in.paidP)
		in.paidP += x
		amt -= x
		took += x
	}
	if l.outstanding() == 0 {
		l.status = lending.LoanRepaid
	}
	if amt > 0 || took > 0 {
		l.last = later(l.last, d) // a payment is recorded
	}
	return took
}

// coveredAtWriteOff is what the layers before the lenders took of the
// written-off principal: the lenders are paid it at once.
func (l *mLoan) coveredAtWriteOff() int64 {
	return l.absorbed[lending.GroupFundLayer] + l.absorbed[lending.JointLiabilityLayer] + l.absorbed[lending.ReserveLayer]
}

// recoveredBy is what of the recoveries went to the layer given: they
// flow back through the waterfall in reverse, the lenders first.
func (l *mLoan) recoveredBy(layer lending.Layer) int64 {
	left := l.recovered
	for _, k := range []lending.Layer{lending.LendersLayer, lending.ReserveLayer, lending.JointLiabilityLayer, lending.GroupFundLayer} {
		x := min(left, l.absorbed[k])
		if k == layer {
			return x
		}
		left -= x
	}
	return 0
}

// lendersDue is what the lenders must have been paid from the loan: every
// rupiah of principal and margin collected (the pilot's product gives the
// lenders all the margin and they fund the whole loan), what the layers
// before them covered at write-off, and what was recovered for them.
func (l *mLoan) lendersDue() int64 {
	return l.paid() + l.coveredAtWriteOff() + l.recoveredBy(lending.LendersLayer)
}

// debtKey is a debt inside a group: a debtor and the peer it owes, or ""
// for the group fund.
type debtKey struct{ debtor, creditor members.ID }

// mGroup is a group in the model.
type mGroup struct {
	id          groups.ID
	members     []members.ID // sorted
	leader      members.ID
	supervisors []members.ID // sorted
	suspended   bool
	cycleOpen   bool
	cycle       int   // cycles disbursed
	fund        int64 // the group fund's balance
	debts       map[debtKey]int64
}

func newGroup(id groups.ID, ids []members.ID, leader members.ID) *mGroup {
	return &mGroup{id: id, members: slices.Sorted(slices.Values(ids)), leader: leader, debts: map[debtKey]int64{}}
}

func (g *mGroup) memberIDs() []members.ID { return g.members }

func (g *mGroup) has(id members.ID) bool {
	_, ok := slices.BinarySearch(g.members, id)
	return ok
}

// owed is what a member owes peers and the fund for covers.
func (g *mGroup) owed(m members.ID) int64 {
	var s int64
	for k, a := range g.debts {
		if k.debtor == m {
			s += a
		}
	}
	return s
}

// owedBy is what a member owes peers and the fund for covers, in their
// group.
func (h *harness) owedBy(id members.ID) int64 {
	if g := h.groupOfMember(id); g != nil {
		return g.owed(id)
	}
	return 0
}

// owedTo is what peers owe a member for covers, in the member's group.
func (h *harness) owedTo(id members.ID) int64 {
	var s int64
	if g := h.groupOfMember(id); g != nil {
		for k, a := range g.debts {
			if k.creditor == id {
				s += a
			}
		}
	}
	return s
}

// bookDebts reads a group's debts from the Book, by debtor and creditor.
func bookDebts(t require.TestingT, b *koperasi.Book, id groups.ID) (map[debtKey]int64, int64) {
	gs, err := b.GroupStatus(id)
	require.NoError(t, err)
	out := map[debtKey]int64{}
	for _, d := range gs.Debts.All() {
		require.Equal(t, d.Fund, d.Creditor == "", "group %s: debt %+v is owed to the fund and a member", id, d)
		out[debtKey{d.Debtor, d.Creditor}] += d.Amount.Minor()
	}
	return out, gs.Fund.Balance().Minor()
}

// lastEvent is the latest day a loan's state records, as lending.Post
// reads it: nothing may be posted on the loan before it.
func (l viewLoan) lastEvent() calendar.Date {
	d := l.State.AccruedThrough
	if n := len(l.State.Payments); n > 0 && l.State.Payments[n-1].Date.After(d) {
		d = l.State.Payments[n-1].Date
	}
	for _, x := range []calendar.Date{l.State.DefaultedOn, l.State.WriteOff.Date} {
		if x.After(d) {
			d = x
		}
	}
	return d
}

// checkModel holds the Book to the model's loans and groups: the same
// loans, each with the same member, group, cycle, status, paid amounts per
// installment, last event and write-off; the same groups, each with the
// same members, leader, supervisors, status, cycle, fund and debts.
func (h *harness) checkModel(v view) {
	t, m := h.t, h.m
	require.Len(t, v.Loans, len(m.loans), "the Book's loans and the model's")
	for _, vl := range v.Loans {
		l := m.loans[vl.Loan.ID]
		require.NotNil(t, l, "loan %s is not in the model", vl.Loan.ID)
		id := l.id
		require.Equal(t, l.member, vl.Loan.Member, "loan %s: member", id)
		require.Equal(t, string(l.group), vl.Loan.Group, "loan %s: group", id)
		require.Equal(t, l.cycle, vl.Loan.Cycle, "loan %s: cycle", id)
		require.Equal(t, l.status, vl.State.Status, "loan %s: status (the model owes %d)", id, l.outstanding())
		require.Len(t, vl.State.Installments, len(l.ins), "loan %s: installments", id)
		for i, in := range l.ins {
			got := vl.State.Installments[i]
			if got.Principal != in.paidP || got.Margin != in.paidM {
				t.Fatalf("loan %s installment %d: paid %d + %d, the model says %d + %d", id, i+1, got.Principal, got.Margin, in.paidP, in.paidM)
			}
		}
		require.Equal(t, l.last, vl.lastEvent(), "loan %s: the last event", id)
		wo := vl.State.WriteOff
		if l.status != lending.LoanWrittenOff {
			require.True(t, wo.IsZero(), "loan %s: a write-off on a loan that is %s", id, l.status)
			continue
		}
		p, _ := l.owed()
		require.Equal(t, p, wo.Principal.Minor(), "loan %s: principal written off", id)
		require.Equal(t, l.recovered, wo.Recovered.Minor(), "loan %s: recovered", id)
		var absorbed [4]int64
		for _, a := range wo.Absorbed {
			require.Less(t, int(a.Layer), len(absorbed), "loan %s: a fully funded loan absorbed by %s", id, a.Layer)
			absorbed[a.Layer] += a.Amount.Minor()
			require.Equal(t, l.recoveredBy(a.Layer), a.Recovered.Minor(), "loan %s: recovered by %s", id, a.Layer)
		}
		require.Equal(t, l.absorbed, absorbed, "loan %s: the waterfall (fund, joint liability, reserve, lenders)", id)
	}
	require.Len(t, v.Groups, len(m.groups), "the Book's groups and the model's")
	for _, vg := range v.Groups {
		g := m.groups[groups.ID(vg.Group.ID)]
		require.NotNil(t, g, "group %s is not in the model", vg.Group.ID)
		id := g.id
		require.Equal(t, g.members, slices.Sorted(slices.Values(vg.memberIDs())), "group %s: members", id)
		require.Equal(t, g.leader, vg.Group.Leader, "group %s: leader", id)
		require.Equal(t, g.supervisors, slices.Sorted(slices.Values(vg.Group.Supervisors)), "group %s: supervisors", id)
		require.Equal(t, map[bool]string{false: "active", true: "suspended"}[g.suspended], vg.Group.Status, "group %s: status", id)
		require.Equal(t, g.cycleOpen, vg.Group.CycleOpen, "group %s: cycle open", id)
		require.Equal(t, g.cycle, vg.Cycle, "group %s: cycles", id)
		debts, fund := bookDebts(t, h.b, id)
		require.Equal(t, g.fund, fund, "group %s: fund", id)
		want := map[debtKey]int64{}
		for k, a := range g.debts {
			if a != 0 {
				want[k] = a
			}
		}
		require.Equal(t, want, debts, "group %s: debts", id)
	}
	require.Equal(t, m.cash, accountBalance(h.b.TrialBalance(), "101"), "cash")
}

// groupOpenLoans are the model's open loans of a group's current cycle,
// by loan ID.
func (h *harness) groupOpenLoans(gid groups.ID) []*mLoan {
	g := h.m.groups[gid]
	if g == nil {
		return nil
	}
	var out []*mLoan
	for _, id := range sortedIDs(h.m.loans) {
		if l := h.m.loans[id]; l.group == gid && l.cycle == g.cycle && l.open() {
			out = append(out, l)
		}
	}
	return out
}

// loansWhere are the model's loans that keep says yes to, by ID.
func (h *harness) loansWhere(keep func(*mLoan) bool) []*mLoan {
	var out []*mLoan
	for _, id := range sortedIDs(h.m.loans) {
		if l := h.m.loans[id]; keep(l) {
			out = append(out, l)
		}
	}
	return out
}

// borrowing is the number of open loans of a member, as borrower and as
// lender: a member with any may not resign.
func (h *harness) borrowing(id members.ID) (borrower, lender int) {
	for _, l := range h.m.loans {
		if !l.open() {
			continue
		}
		if l.member == id {
			borrower++
		}
		if slices.Contains(l.lenders, id) {
			lender++
		}
	}
	return borrower, lender
}

// groupOfMember is the model's group of a member, or nil.
func (h *harness) groupOfMember(id members.ID) *mGroup {
	for _, g := range h.m.groups {
		if g.has(id) {
			return g
		}
	}
	return nil
}

func later(a, b calendar.Date) calendar.Date {
	if b.After(a) {
		return b
	}
	return a
}

func describeLoan(l *mLoan) string {
	if l == nil {
		return "no such loan"
	}
	return fmt.Sprintf("loan %s (%s, owes %d, last event %s)", l.id, l.status, l.outstanding(), l.last)
}
