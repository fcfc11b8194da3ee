package koperasi

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ip2p/koperasi/calendar"

	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// Pay records a member's payment on a loan, outside a group collection: it
// is allocated under the product's servicing rules, and the lenders' part
// (principal and their share of the margin) is paid on to their sukarela
// pro rata at once.
type Pay struct {
	Op
	Loan   lending.LoanID `json:"loan"`
	Amount money.Amount   `json:"amount"`
}

func (Pay) kind() string { return "loan.pay" }

func (c Pay) exec(b *Book) (Receipt, error) {
	lr, p, err := b.loan(c.Loan)
	if err != nil {
		return Receipt{}, err
	}
	if lr.st.Status == lending.LoanWrittenOff {
		return Receipt{}, fmt.Errorf("%w: loan %s is written off; record money recovered with Recover", ErrInvalid, c.Loan)
	}
	warnings, err := b.postPayment(lr, p, lending.Payment{ID: c.ID, Loan: c.Loan, Date: c.Date, Amount: c.Amount, Source: lending.FromMember})
	return Receipt{Warnings: warnings}, err
}

// postPayment posts one payment on a loan, passes the lenders' part on to
// them and records both, or changes nothing. The warnings are post's.
func (b *Book) postPayment(lr *loanRec, p lending.Product, pay lending.Payment) ([]string, error) {
	st, a, es, err := lending.Post(lr.loan(), lr.st, pay, p.Servicing)
	if err != nil {
		return nil, err
	}
	po, payout, err := b.distribute(lr.loan(), st, lr.po, a)
	if err != nil {
		return nil, err
	}
	warnings, err := b.post(es, payout.Deposits())
	if err != nil {
		return nil, err
	}
	b.st.setState(lr, st)
	lr.po = po
	return warnings, nil
}

// loan returns a loan's record and its product.
func (b *Book) loan(id lending.LoanID) (*loanRec, lending.Product, error) {
	lr, ok := b.st.loans[id]
	if !ok {
		return nil, lending.Product{}, fmt.Errorf("%w: loan %q", ErrNotFound, id)
	}
	p, ok := b.cfg.product(lr.head.Product)
	if !ok {
		return nil, lending.Product{}, fmt.Errorf("%w: product %q of loan %s", ErrNotFound, lr.head.Product, id)
	}
	return lr, p, nil
}

// distribute passes an allocation's lenders' part on to the lenders.
// st is the loan's state after the payment (or later); po its payout
// record so far.
func (b *Book) distribute(l lending.Loan, st lending.State, po lending.PaidOut, a lending.Allocation) (lending.PaidOut, lending.Payout, error) {
	// the lenders are booked through the payout's deposits, so the payout's
	// own journal entries are not built
	return lending.DistributePayout(l, st, po, a)
}

// post posts journal entries and then savings deposits (lenders' payouts,
// which draw on the entries' lender payables) as one: the entries go in all
// or nothing; a deposit refused after that rebuilds the Book. A payout to a
// member who has resigned is paid in cash instead (payFormer), and said in
// the warnings returned, for the officer to hand it over.
func (b *Book) post(es []ledger.Entry, deposits []members.Operation) ([]string, error) {
	if err := b.st.j.PostAll(es...); err != nil {
		return nil, err // PostAll posts all or nothing
	}
	var warnings []string
	for _, o := range deposits {
		// A payout is credited on the day it is entered at the latest: a
		// collection entered late must not be refused because the lender's
		// savings book already shows a later day (savings are kept in date
		// order; the journal entry keeps the collection's date).
		if last := b.st.sav.LastMovement(o.Member); o.Date.Before(last) {
			o.Date = last
		}
		if err := b.st.sav.Apply(o); err != nil {
			if m, merr := b.st.sav.Member(o.Member); merr == nil && m.Status == members.Resigned {
				// a former member has no sukarela book: what a recovery
				// brings them is paid out in cash
				if err := b.payFormer(o); err != nil {
					return nil, dirty(err)
				}
				warnings = append(warnings, "pay "+o.Amount.String()+" in cash to former member "+string(o.Member)+" (resigned; no sukarela to credit)")
				continue
			}
			return nil, dirty(err)
		}
	}
	return warnings, nil
}

// payFormer pays a lender's payout to a member who has left the koperasi
// in cash, out of the lender payables it was booked to: a written-off loan
// they funded may be recovered after they resigned, and the recovery must
// not be refused for want of a savings book to credit.
func (b *Book) payFormer(o members.Operation) error {
	return b.st.j.Post(ledger.Entry{
		ID: o.ID, Date: o.Date, Memo: "dibayar tunai kepada mantan anggota " + string(o.Member),
		Refs:     []ledger.Ref{{Key: "member", Value: string(o.Member)}},
		Postings: []ledger.Posting{ledger.Dr(ledger.LenderPayables, o.Amount), ledger.Cr(ledger.Cash, o.Amount)},
	})
}

// Collect records a group's collection meeting: what each member paid. The
// group covers members' shortfalls under the configured cover policy
// (tanggung renteng), every payment and cover is posted to the loans, the
// lenders are paid on, the debts inside the group are recorded, and the
// receipt lists the follow-up visits due.
type Collect struct {
	Op
	Group groups.ID           `json:"group"`
	Paid  []lending.Collected `json:"paid"`
	// Contributions are the members' payments into the group fund at the
	// meeting (groups.FundPolicy.Due gives what is due); they are in the
	// fund before it covers anyone.
	Contributions []groups.Contribution `json:"contributions,omitempty"`
}

func (Collect) kind() string { return "group.collect" }

func (c Collect) exec(b *Book) (Receipt, error) {
	gr, err := b.group(c.Group)
	if err != nil {
		return Receipt{}, err
	}
	lrs := b.appendGroupLoans(b.work.lrs[:0], c.Group, true)
	defer func() {
		clear(lrs)
		b.work.lrs = lrs[:0]
	}()
	if len(lrs) == 0 {
		return Receipt{}, fmt.Errorf("%w: group %s has no loan to collect", ErrInvalid, c.Group)
	}
	p, ok := b.cfg.product(lrs[0].head.Product)
	if !ok {
		return Receipt{}, fmt.Errorf("%w: product %q", ErrNotFound, lrs[0].head.Product)
	}
	// the slices handed to lending.Collect are the Book's scratch: a
	// meeting would otherwise copy every loan of the group into new memory
	loans, states := slices.Grow(b.work.loans[:0], len(lrs))[:len(lrs)], slices.Grow(b.work.states[:0], len(lrs))[:len(lrs)]
	defer func() {
		clear(loans) // keep no loan alive through the scratch
		clear(states)
		b.work.loans, b.work.states = loans[:0], states[:0]
	}()
	for i, lr := range lrs {
		if lr.head.Product != p.Code {
			return Receipt{}, fmt.Errorf("%w: group %s has loans of two products; collect them with Pay", ErrInvalid, c.Group)
		}
		loans[i], states[i] = lr.loan(), lr.st
	}
	fund := gr.fund
	var contrib []ledger.Entry
	if len(c.Contributions) > 0 {
		if fund, err = fund.Contribute(gr.g, c.Contributions); err != nil {
			return Receipt{}, err
		}
		total, err := fund.Balance().Sub(gr.fund.Balance())
		if err != nil {
			return Receipt{}, err
		}
		contrib = append(contrib, ledger.Entry{ID: c.ID + "/fund", Date: c.Date, Memo: "iuran dana kelompok " + string(c.Group),
			Refs:     []ledger.Ref{{Key: "group", Value: string(c.Group)}},
			Postings: []ledger.Posting{ledger.Dr(ledger.Cash, total), ledger.Cr(ledger.GroupFund, total)}})
	}
	// The loans' states are changed in place (copying every installment of
	// every loan at each meeting was most of its cost): from here on, a
	// failure leaves them changed and the Book is rebuilt from its log.
	out, err := lending.CollectInPlace(gr.g, loans, states, lending.Meeting{Date: c.Date, OpID: c.ID, Paid: c.Paid, Fund: fund.Balance(), Debts: gr.debts}, p.Servicing, b.cfg.Collection, &b.work.collect)
	if errors.Is(err, lending.ErrStatesChanged) {
		return Receipt{}, dirty(err)
	}
	if err != nil {
		return Receipt{}, err // refused before any change
	}
	if out.Coverage.FundUsed.IsPositive() {
		if fund, err = fund.Use(out.Coverage.FundUsed); err != nil {
			return Receipt{}, dirty(err)
		}
	}
	// pay the lenders on, allocation by allocation, in posting order; the
	// records are indexed like lrs (sorted by loan ID) and changed in place
	// (a failure from here on rebuilds the Book anyway)
	credits := b.work.credits[:0]
	defer func() { b.work.credits = credits[:0] }()
	for k := range out.Allocations {
		a := &out.Allocations[k]
		i, ok := slices.BinarySearchFunc(lrs, a.Payment.Loan, func(lr *loanRec, id lending.LoanID) int {
			return strings.Compare(string(lr.head.ID), string(id))
		})
		if !ok {
			return Receipt{}, dirty(fmt.Errorf("%w: collection paid loan %s outside group %s", ErrInvalid, a.Payment.Loan, c.Group))
		}
		payout, err := lending.DistributeInPlace(&loans[i], &out.States[i], &lrs[i].po, a, b.work.payout)
		if err != nil {
			return Receipt{}, dirty(err)
		}
		b.work.payout = payout.Lenders
		if err := credits.add(payout); err != nil {
			return Receipt{}, dirty(err)
		}
	}
	// one credit per lender for the whole meeting, not one per loan paid:
	// the lender's sukarela book shows what the group's collection brought
	es := out.Entries
	if len(contrib) > 0 {
		es = append(contrib, es...)
	}
	cash, err := b.post(es, credits.deposits(c.ID, c.Date))
	if err != nil {
		return Receipt{}, dirty(err)
	}
	for i, lr := range lrs {
		b.st.setState(lr, out.States[i])
	}
	gr.fund, gr.debts = fund, out.Debts
	r := Receipt{FollowUps: out.FollowUps, Warnings: cash}
	if len(r.FollowUps) == 0 {
		r.FollowUps = nil
	}
	for _, f := range out.FollowUps {
		r.Warnings = append(r.Warnings, fmt.Sprintf("follow-up %s: %s (%s)", f.Level, f.Member, f.Reason))
	}
	return r, nil
}

// coveredInstallments is how many of a loan's installments the group
// covered, wholly or in part, by peers (tanggung renteng) or from the group
// fund: each installment counts once, however many covers it took (a
// member short at one meeting is covered by every peer who pays a part).
func (b *Book) coveredInstallments(lr *loanRec) (int, error) {
	covered := false
	for _, pm := range lr.st.Payments {
		if pm.Source == lending.FromPeers || pm.Source == lending.FromGroupFund {
			covered = true
			break
		}
	}
	if !covered {
		return 0, nil // nothing to replay
	}
	p, ok := b.cfg.product(lr.head.Product)
	if !ok {
		return 0, fmt.Errorf("%w: product %q of loan %s", ErrNotFound, lr.head.Product, lr.head.ID)
	}
	as, err := lending.Allocations(lr.loan(), lr.st, p.Servicing)
	if err != nil {
		return 0, err
	}
	seen := make([]bool, len(lr.st.Installments))
	n := 0
	for _, a := range as {
		if a.Payment.Source != lending.FromPeers && a.Payment.Source != lending.FromGroupFund {
			continue
		}
		for _, ln := range a.Lines {
			if i := ln.Installment - 1; i >= 0 && i < len(seen) && !seen[i] {
				seen[i] = true
				n++
			}
		}
	}
	return n, nil
}

// groupLoans returns the loans of a group's current cycle, by loan ID;
// open keeps only those not repaid or written off.
func (b *Book) groupLoans(g groups.ID, open bool) []*loanRec {
	return b.appendGroupLoans(nil, g, open)
}

// appendGroupLoans is groupLoans appending to dst.
func (b *Book) appendGroupLoans(dst []*loanRec, g groups.ID, open bool) []*loanRec {
	gr := b.st.groups[g]
	for _, lr := range b.st.byGroup[g] {
		if (gr != nil && lr.head.Cycle != gr.cycle) || (open && lr.st.Closed()) {
			continue
		}
		dst = append(dst, lr)
	}
	return dst
}

// RecordVisit records a follow-up visit to a member in arrears (kunjungan
// rumah by the group leader, the supervisor, or a koperasi officer).
type RecordVisit struct {
	Op
	Member members.ID     `json:"member"`
	Loan   lending.LoanID `json:"loan,omitempty"`
	By     members.ID     `json:"by"`
	Level  lending.Level  `json:"level"`
	Note   string         `json:"note,omitempty"`
}

func (RecordVisit) kind() string { return "loan.visit" }

func (c RecordVisit) exec(b *Book) (Receipt, error) {
	if _, err := b.st.sav.Member(c.Member); err != nil {
		return Receipt{}, err
	}
	gid, ok := b.groupOf(c.Member)
	if !ok {
		return Receipt{}, fmt.Errorf("%w: member %s is in no group", ErrInvalid, c.Member)
	}
	if c.Loan != "" {
		lr, ok := b.st.loans[c.Loan]
		if !ok || lr.head.Member != c.Member {
			return Receipt{}, fmt.Errorf("%w: loan %q of member %s", ErrNotFound, c.Loan, c.Member)
		}
	}
	if c.Level != lending.Level(0) || c.By != "" {
		if _, err := b.st.sav.Member(c.By); c.By != "" && err != nil {
			return Receipt{}, err
		}
	}
	if len(c.Note) > 1000 {
		return Receipt{}, fmt.Errorf("%w: a visit note is at most 1000 bytes", ErrInvalid)
	}
	b.st.visits = append(b.st.visits, Visit{ID: c.ID, Date: c.Date, Group: gid, Member: c.Member, Loan: c.Loan, By: c.By, Level: c.Level, Note: c.Note})
	return Receipt{}, nil
}

// DeclareDefault puts a loan in default by the board's decision (kredit
// macet), before the product's default policy would.
type DeclareDefault struct {
	Op
	Loan lending.LoanID `json:"loan"`
}

func (DeclareDefault) kind() string { return "loan.default" }

func (c DeclareDefault) exec(b *Book) (Receipt, error) {
	lr, _, err := b.loan(c.Loan)
	if err != nil {
		return Receipt{}, err
	}
	st, err := lending.DeclareDefault(lr.loan(), lr.st, c.Date)
	if err != nil {
		return Receipt{}, err
	}
	b.st.setState(lr, st)
	return Receipt{}, nil
}

// WriteOff writes a loan in default off (hapus buku) through the loss
// waterfall: the group fund, then what the group's members pay now under
// tanggung renteng (JointLiability, in cash), then the koperasi's reserve
// (Reserve), then the lenders pro rata, in the configured order.
type WriteOff struct {
	Op
	Loan           lending.LoanID `json:"loan"`
	JointLiability money.Amount   `json:"joint_liability,omitzero"`
	Reserve        money.Amount   `json:"reserve,omitzero"`
}

func (WriteOff) kind() string { return "loan.write_off" }

func (c WriteOff) exec(b *Book) (Receipt, error) {
	lr, p, err := b.loan(c.Loan)
	if err != nil {
		return Receipt{}, err
	}
	zero := b.cfg.Currency().Amount(0)
	// The Book keeps no loan-loss provision, so the koperasi's layer is
	// booked straight to the write-off expense.
	w := lending.Waterfall{Order: b.cfg.Waterfall, GroupFund: zero, JointLiability: c.JointLiability, Reserve: c.Reserve, ReserveAccount: ledger.WriteOffExpense}
	if w.JointLiability.IsZero() {
		w.JointLiability = zero
	}
	if w.Reserve.IsZero() {
		w.Reserve = zero
	}
	gr := b.st.groups[groups.ID(lr.head.Group)]
	if gr != nil {
		w.GroupFund = gr.fund.Balance()
	}
	st, wo, es, err := lending.WriteOffLoan(lr.loan(), lr.st, c.Date, c.ID, w, p.Servicing)
	if err != nil {
		return Receipt{}, err
	}
	po, payout, _, err := lending.DistributeWriteOff(lr.loan(), lr.po, wo, c.ID)
	if err != nil {
		return Receipt{}, err
	}
	var fund groups.Fund
	if gr != nil {
		fund = gr.fund
		for _, ab := range wo.Absorbed {
			if ab.Layer == lending.GroupFundLayer && ab.Amount.IsPositive() {
				if fund, err = fund.Use(ab.Amount); err != nil {
					return Receipt{}, err
				}
			}
		}
	}
	warnings, err := b.post(es, payout.Deposits())
	if err != nil {
		return Receipt{}, err
	}
	b.st.setState(lr, st)
	lr.po = po
	if gr != nil {
		gr.fund = fund
	}
	return Receipt{Warnings: warnings}, nil
}

// Recover records money recovered on a written-off loan; it flows back
// through the loss waterfall in reverse order, the lenders first, the
// group fund last (back into the group's fund, to cover its members again).
type Recover struct {
	Op
	Loan   lending.LoanID `json:"loan"`
	Amount money.Amount   `json:"amount"`
}

func (Recover) kind() string { return "loan.recover" }

func (c Recover) exec(b *Book) (Receipt, error) {
	lr, p, err := b.loan(c.Loan)
	if err != nil {
		return Receipt{}, err
	}
	if lr.st.Status != lending.LoanWrittenOff {
		return Receipt{}, fmt.Errorf("%w: loan %s is %s; a recovery is for a written-off loan", ErrInvalid, c.Loan, lr.st.Status)
	}
	before := recovered(lr.st.WriteOff, lending.GroupFundLayer)
	warnings, err := b.postPayment(lr, p, lending.Payment{ID: c.ID, Loan: c.Loan, Date: c.Date, Amount: c.Amount, Source: lending.FromRecovery})
	if err != nil {
		return Receipt{}, err
	}
	// the journal credits the group fund with its part: the group's fund
	// gets it back too, or the group could never use it
	if back := recovered(lr.st.WriteOff, lending.GroupFundLayer) - before; back > 0 {
		gr := b.st.groups[groups.ID(lr.head.Group)]
		if gr == nil {
			return Receipt{}, dirty(fmt.Errorf("%w: group %s of loan %s", ErrNotFound, lr.head.Group, c.Loan))
		}
		fund, err := gr.fund.Repay(b.cfg.Currency().Amount(back))
		if err != nil {
			return Receipt{}, dirty(err)
		}
		gr.fund = fund
	}
	return Receipt{Warnings: warnings}, nil
}

// recovered is what a write-off's layer has recovered, in minor units.
func recovered(wo lending.WriteOff, l lending.Layer) int64 {
	var n int64
	for _, a := range wo.Absorbed {
		if a.Layer == l {
			n += a.Recovered.Minor()
		}
	}
	return n
}

// CloseCycle ends a group's cycle: every loan of the cycle must be repaid
// or written off. The cycle's record (installments on time, worst days late,
// covers) is kept for the fact sheets and the ladder, the ladder sets the
// next cycle's step (a default suspends the group), and the group fund is
// carried over or refunded per the fund policy.
type CloseCycle struct {
	Op
	Group groups.ID `json:"group"`
}

func (CloseCycle) kind() string { return "group.close_cycle" }

func (c CloseCycle) exec(b *Book) (Receipt, error) {
	gr, err := b.group(c.Group)
	if err != nil {
		return Receipt{}, err
	}
	if !gr.g.CycleOpen() {
		return Receipt{}, fmt.Errorf("%w: group %s has no cycle open", ErrInvalid, c.Group)
	}
	lrs := b.groupLoans(c.Group, false)
	rec := lending.CycleRecord{Cycle: gr.cycle}
	lad := groups.CycleRecord{}
	for _, lr := range lrs {
		if !lr.st.Closed() {
			return Receipt{}, fmt.Errorf("%w: loan %s of group %s is still %s", ErrInvalid, lr.head.ID, c.Group, lr.st.Status)
		}
		for i, in := range lr.sched.Installments {
			rec.Due++
			on := lr.st.Installments[i].On
			late := 0
			if on.IsZero() {
				late = c.Date.Sub(in.Due)
			} else if on.After(in.Due) {
				late = on.Sub(in.Due)
			}
			if late <= 0 && !on.IsZero() {
				rec.OnTime++
			}
			rec.WorstDaysLate = max(rec.WorstDaysLate, late)
		}
		n, err := b.coveredInstallments(lr)
		if err != nil {
			return Receipt{}, err
		}
		rec.Covers += n
		if lr.st.Status == lending.LoanWrittenOff {
			lad.Defaulted = true
		}
	}
	lad.MaxDaysLate, lad.Covers = rec.WorstDaysLate, rec.Covers
	ng, err := gr.g.CloseCycle()
	if err != nil {
		return Receipt{}, err
	}
	var r Receipt
	step := gr.step
	ladder := append(slices.Clone(gr.ladder), lad)
	if len(b.cfg.Ladder.Steps) > 0 {
		next, err := b.cfg.Ladder.Next(gr.step, ladder, ladder)
		if err != nil {
			return Receipt{}, err
		}
		step = next.Step
		r.Warnings = append(r.Warnings, fmt.Sprintf("ladder: %s to step %d (%s)", next.Move, next.Step, next.Reason))
		if next.Move == groups.Suspend && ng.Status() == groups.Active {
			if ng, err = ng.Suspend(); err != nil {
				return Receipt{}, err
			}
		}
	} else if lad.Defaulted && ng.Status() == groups.Active {
		if ng, err = ng.Suspend(); err != nil {
			return Receipt{}, err
		}
	}
	fund, refunds, err := gr.fund.EndCycle(b.cfg.Fund)
	if err != nil {
		return Receipt{}, err
	}
	if len(refunds) > 0 {
		return Receipt{}, fmt.Errorf("%w: refunding the group fund in cash is not supported by the Book yet; use carry-over", ErrInvalid)
	}
	gr.g, gr.step, gr.fund = ng, step, fund
	gr.records = append(gr.records, rec)
	gr.ladder = ladder
	return r, nil
}

// SettleDebts records a member paying back, in cash, what peers or the
// group fund covered for them (tanggung renteng): the oldest debts first.
// The peers' part is credited to their sukarela; the fund's part goes back
// to the group fund. Paying more than is owed is refused.
type SettleDebts struct {
	Op
	Group  groups.ID    `json:"group"`
	Member members.ID   `json:"member"`
	Amount money.Amount `json:"amount"`
}

func (SettleDebts) kind() string { return "group.settle_debts" }

func (c SettleDebts) exec(b *Book) (Receipt, error) {
	gr, err := b.group(c.Group)
	if err != nil {
		return Receipt{}, err
	}
	if !c.Amount.IsPositive() || c.Amount.Currency() != b.cfg.Currency() {
		return Receipt{}, fmt.Errorf("%w: a settlement is a positive amount in %s, got %s", ErrInvalid, b.cfg.Currency(), c.Amount)
	}
	debts, s, err := gr.debts.Settle(c.Member, c.Amount)
	if err != nil {
		return Receipt{}, err
	}
	if s.Unused.IsPositive() {
		return Receipt{}, fmt.Errorf("%w: %s owes the group %s, less than the %s paid", ErrInvalid, c.Member, s.Paid, c.Amount)
	}
	fund := gr.fund
	toFund := b.cfg.Currency().Amount(0)
	var deposits []members.Operation
	for _, r := range s.Repayments {
		if r.Fund {
			if toFund, err = toFund.Add(r.Amount); err != nil {
				return Receipt{}, err
			}
			continue
		}
		deposits = append(deposits, members.Operation{ID: fmt.Sprintf("%s/to/%s/%d", c.ID, r.Creditor, r.Seq), Date: c.Date, Type: members.OpDeposit,
			Member: r.Creditor, Amount: r.Amount, Source: ledger.JointLiabilityPayable})
	}
	if toFund.IsPositive() {
		if fund, err = fund.Repay(toFund); err != nil {
			return Receipt{}, err
		}
	}
	peers, err := s.Paid.Sub(toFund)
	if err != nil {
		return Receipt{}, err
	}
	var ps []ledger.Posting
	ps = append(ps, ledger.Dr(ledger.Cash, s.Paid))
	if peers.IsPositive() {
		ps = append(ps, ledger.Cr(ledger.JointLiabilityReceivable, peers))
	}
	if toFund.IsPositive() {
		ps = append(ps, ledger.Cr(ledger.GroupFund, toFund))
	}
	e := ledger.Entry{ID: c.ID, Date: c.Date, Memo: "pelunasan tanggung renteng " + string(c.Member),
		Refs: []ledger.Ref{{Key: "group", Value: string(c.Group)}, {Key: "member", Value: string(c.Member)}}, Postings: ps}
	warnings, err := b.post([]ledger.Entry{e}, deposits)
	if err != nil {
		return Receipt{}, err
	}
	gr.debts, gr.fund = debts, fund
	return Receipt{Warnings: warnings}, nil
}

// lenderCredits adds up what a collection's payouts bring each lender, so
// each is credited once for the meeting.
type lenderCredits []members.Operation

func (lc *lenderCredits) add(p lending.Payout) error {
	for _, lp := range p.Lenders {
		if !lp.Total.IsPositive() {
			continue
		}
		i := slices.IndexFunc(*lc, func(o members.Operation) bool { return o.Member == lp.Lender })
		if i < 0 {
			*lc = append(*lc, members.Operation{Type: members.OpDeposit, Member: lp.Lender, Amount: lp.Total, Source: ledger.LenderPayables})
			continue
		}
		sum, err := (*lc)[i].Amount.Add(lp.Total)
		if err != nil {
			return err
		}
		(*lc)[i].Amount = sum
	}
	return nil
}

// deposits are the credits as savings deposits "<op>/payout/<lender>", in
// lender order. The IDs are cut from one string: the savings log keeps
// them, and a collection pays several lenders.
func (lc lenderCredits) deposits(op string, d calendar.Date) []members.Operation {
	const infix = "/payout/"
	slices.SortFunc(lc, func(a, b members.Operation) int { return strings.Compare(string(a.Member), string(b.Member)) })
	n := 0
	for i := range lc {
		n += len(op) + len(infix) + len(lc[i].Member)
	}
	var sb strings.Builder
	sb.Grow(n)
	for i := range lc {
		sb.WriteString(op)
		sb.WriteString(infix)
		sb.WriteString(string(lc[i].Member))
	}
	ids := sb.String()
	for i := range lc {
		k := len(op) + len(infix) + len(lc[i].Member)
		lc[i].ID, lc[i].Date, ids = ids[:k], d, ids[k:]
	}
	return lc
}
