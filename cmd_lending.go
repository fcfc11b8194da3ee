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
	"github.com/ip2p/koperasi/schedule"
)

// StockGoods records goods bought for the business packages, paid in cash:
// Dr package inventory, Cr cash, at the catalogue's cost.
type StockGoods struct {
	Op
	Lines []lending.GoodsLine `json:"lines"`
}

func (StockGoods) kind() string { return "goods.stock" }

func (c StockGoods) exec(b *Book) (Receipt, error) {
	v, err := b.cfg.Catalogue.Value(c.Lines)
	if err != nil {
		return Receipt{}, err
	}
	e := ledger.Entry{ID: c.ID, Date: c.Date, Memo: "pembelian barang paket usaha",
		Postings: []ledger.Posting{ledger.Dr(ledger.PackageInventory, v.Cost), ledger.Cr(ledger.Cash, v.Cost)}}
	if err := b.st.j.Post(e); err != nil {
		return Receipt{}, err
	}
	for _, l := range c.Lines {
		b.st.stock[l.Good] += l.Quantity
	}
	return Receipt{}, nil
}

// OpenFacility publishes a group's facility for its next cycle on the
// marketplace (its fact sheet) and opens the funding window on the
// command's date. The limit is the group's: the ladder's per-member limit
// for the group's step (or the product's member limit without a ladder)
// times its members. Requested defaults to the limit.
type OpenFacility struct {
	Op
	Facility  lending.FacilityID `json:"facility"`
	Group     groups.ID          `json:"group"`
	Product   string             `json:"product"`
	Requested money.Amount       `json:"requested,omitzero"`
}

func (OpenFacility) kind() string { return "facility.open" }

func (c OpenFacility) exec(b *Book) (Receipt, error) {
	if _, dup := b.st.facilities[c.Facility]; dup {
		return Receipt{}, fmt.Errorf("%w: facility %s exists", ErrDuplicate, c.Facility)
	}
	p, ok := b.cfg.product(c.Product)
	if !ok {
		return Receipt{}, fmt.Errorf("%w: product %q", ErrNotFound, c.Product)
	}
	gr, err := b.group(c.Group)
	if err != nil {
		return Receipt{}, err
	}
	if gr.g.Status() != groups.Active || gr.g.CycleOpen() {
		return Receipt{}, fmt.Errorf("%w: group %s is %s%s; a facility is for an active group between cycles", ErrInvalid, c.Group, gr.g.Status(), map[bool]string{true: " with a cycle open"}[gr.g.CycleOpen()])
	}
	for _, f := range gr.facilities { // at most one is open
		if !f.Status.Closed() {
			return Receipt{}, fmt.Errorf("%w: group %s already has facility %s open", ErrConflict, c.Group, f.ID)
		}
	}
	limit, err := b.groupLimit(gr, p)
	if err != nil {
		return Receipt{}, err
	}
	req := c.Requested
	if req.IsZero() {
		req = limit
	}
	f, err := lending.OpenFacility(p, lending.FacilityRequest{ID: c.Facility, Group: c.Group, Cycle: gr.cycle + 1, Requested: req, Limit: limit, Opens: c.Date})
	if err != nil {
		return Receipt{}, err
	}
	b.st.facilities[c.Facility] = &f
	gr.facilities = append(gr.facilities, &f)
	return Receipt{Refs: []string{string(c.Facility)}}, nil
}

// facility returns a facility, or ErrNotFound.
func (b *Book) facility(id lending.FacilityID) (*lending.Facility, error) {
	f, ok := b.st.facilities[id]
	if !ok {
		return nil, fmt.Errorf("%w: facility %q", ErrNotFound, id)
	}
	return f, nil
}

// groupLimit is the group's credit limit for its next cycle.
func (b *Book) groupLimit(gr *groupRec, p lending.Product) (money.Amount, error) {
	if len(b.cfg.Ladder.Steps) > 0 {
		return b.cfg.Ladder.Limit(gr.step, gr.g.Size())
	}
	return groups.GroupLimit(p.MemberLimit, gr.g.Size(), money.Amount{})
}

// Pledge is a lender's offer to fund part of a facility. The accepted part
// is held on the lender's sukarela (a hold, no journal entry) until the
// facility is disbursed or expires.
type Pledge struct {
	Op
	Facility lending.FacilityID `json:"facility"`
	Lender   members.ID         `json:"lender"`
	Amount   money.Amount       `json:"amount"`
}

func (Pledge) kind() string { return "facility.pledge" }

func (c Pledge) exec(b *Book) (Receipt, error) {
	f, err := b.facility(c.Facility)
	if err != nil {
		return Receipt{}, err
	}
	m, err := b.st.sav.Member(c.Lender)
	if err != nil {
		return Receipt{}, err
	}
	pos, err := b.st.sav.Position(c.Lender, c.Date)
	if err != nil {
		return Receipt{}, err
	}
	bal, err := b.st.sav.Balances(c.Lender)
	if err != nil {
		return Receipt{}, err
	}
	mine, all, err := b.exposure(c.Lender)
	if err != nil {
		return Receipt{}, err
	}
	nf, res, err := f.Pledge(lending.PledgeRequest{
		ID: lending.PledgeID(c.ID), Lender: c.Lender, Amount: c.Amount, Date: c.Date,
		Eligibility:       lending.CheckLender(b.cfg.Lender, m, pos, b.openLoans(c.Lender), c.Date),
		Free:              bal.Free(),
		LenderOutstanding: mine, Outstanding: all,
	})
	if err != nil {
		return Receipt{}, err
	}
	hold := members.Operation{ID: c.ID + "/hold", Date: c.Date, Type: members.OpHold, Member: c.Lender, Hold: string(res.Pledge.ID), Amount: res.Pledge.Amount}
	if err := b.st.sav.Apply(hold); err != nil {
		return Receipt{}, err
	}
	*f = nf
	var r Receipt
	for _, w := range res.Warnings {
		r.Warnings = append(r.Warnings, w.Message)
	}
	return r, nil
}

// exposure is the lender's principal outstanding in loans and the
// koperasi's, for the concentration check. The lender's is its share of each
// loan's outstanding principal, rounded down.
func (b *Book) exposure(lender members.ID) (mine, all money.Amount, err error) {
	cur := b.cfg.Currency()
	mine = cur.Amount(0)
	for _, lr := range b.st.funded[lender] {
		out := lr.out
		if out == 0 {
			continue
		}
		for _, s := range lr.head.Lenders {
			if s.Lender != lender {
				continue
			}
			part, err := money.Rounding{Step: 1, Mode: money.Down}.MulDiv(cur.Amount(out), s.Amount.Minor(), lr.sched.Principal.Minor())
			if err != nil {
				return mine, all, err
			}
			if mine, err = mine.Add(part); err != nil {
				return mine, all, err
			}
		}
	}
	// The total cannot overflow where the parts did not: the journal, which
	// refuses an overflowing balance, holds it as loans receivable.
	return mine, cur.Amount(b.st.outstanding), nil
}

// CloseFunding closes a facility whose window has ended short of its
// amount: it expires and every pledge's hold is released.
type CloseFunding struct {
	Op
	Facility lending.FacilityID `json:"facility"`
	// Cancel closes it early instead, also releasing every hold.
	Cancel bool `json:"cancel,omitempty"`
}

func (CloseFunding) kind() string { return "facility.close" }

func (c CloseFunding) exec(b *Book) (Receipt, error) {
	f, err := b.facility(c.Facility)
	if err != nil {
		return Receipt{}, err
	}
	close := f.Expire
	if c.Cancel {
		close = f.Cancel
	}
	nf, uses, err := close(c.Date)
	if err != nil {
		return Receipt{}, err
	}
	ops := make([]members.Operation, 0, len(uses))
	for _, u := range uses {
		ops = append(ops, members.Operation{ID: c.ID + "/release/" + string(u.Pledge), Date: c.Date, Type: members.OpRelease, Member: u.Lender, Hold: string(u.Pledge)})
	}
	if err := b.applySavings(ops); err != nil {
		return Receipt{}, err
	}
	*f = nf
	return Receipt{}, nil
}

// Disburse delivers the business packages of a funded facility in kind:
// one loan per member, with its schedule, funded by the pledges pro rata.
// The pledges' holds are captured (the rest released), the goods leave the
// inventory, the journal entries are posted and the group's cycle opens.
type Disburse struct {
	Op
	Facility lending.FacilityID `json:"facility"`
	// FirstDue is every loan's first due date; zero is one period after
	// the disbursement.
	FirstDue   calendar.Date `json:"first_due,omitzero"`
	Deliveries []Delivery    `json:"deliveries"`
}

// Delivery is one member's package in a disbursement.
type Delivery struct {
	Loan    lending.LoanID      `json:"loan"`
	Member  members.ID          `json:"member"`
	Package string              `json:"package"`
	Lines   []lending.GoodsLine `json:"lines,omitempty"` // when the goods differ from the package's
}

func (Disburse) kind() string { return "facility.disburse" }

func (c Disburse) exec(b *Book) (Receipt, error) {
	f, err := b.facility(c.Facility)
	if err != nil {
		return Receipt{}, err
	}
	p, ok := b.cfg.product(f.Product)
	if !ok {
		return Receipt{}, fmt.Errorf("%w: product %q", ErrNotFound, f.Product)
	}
	gr, err := b.group(f.Group)
	if err != nil {
		return Receipt{}, err
	}
	ds := make([]lending.Delivery, 0, len(c.Deliveries))
	for _, d := range c.Deliveries {
		if _, dup := b.st.loans[d.Loan]; dup {
			return Receipt{}, fmt.Errorf("%w: loan %s exists", ErrDuplicate, d.Loan)
		}
		if !gr.g.Has(d.Member) {
			return Receipt{}, fmt.Errorf("%w: member %s is not in group %s", ErrInvalid, d.Member, f.Group)
		}
		m, err := b.st.sav.Member(d.Member)
		if err != nil {
			return Receipt{}, err
		}
		pos, err := b.st.sav.Position(d.Member, c.Date)
		if err != nil {
			return Receipt{}, err
		}
		ds = append(ds, lending.Delivery{Loan: d.Loan, Borrower: m, Package: d.Package, Lines: d.Lines,
			Eligibility: lending.CheckBorrower(b.cfg.Borrower, m, pos, b.openLoans(d.Member), c.Date)})
	}
	nf, out, err := lending.Disburse(*f, p, b.cfg.Catalogue, lending.DisburseRequest{Op: c.ID, Date: c.Date, FirstDue: c.FirstDue, Deliveries: ds})
	if err != nil {
		return Receipt{}, err
	}
	for _, g := range out.Issued {
		if have := b.st.stock[g.Good]; have < g.Quantity {
			return Receipt{}, fmt.Errorf("%w: %d of good %s to deliver, %d in stock", lending.ErrInsufficientFunds, g.Quantity, g.Good, have)
		}
	}
	ng, err := gr.g.OpenCycle()
	if err != nil {
		return Receipt{}, err
	}
	ops := make([]members.Operation, 0, len(out.Holds))
	for _, h := range out.Holds {
		o := members.Operation{ID: c.ID + "/capture/" + string(h.Pledge), Date: c.Date, Type: members.OpCapture, Member: h.Lender, Hold: string(h.Pledge), Amount: h.Capture}
		if h.Capture.IsZero() {
			o.Type, o.Amount = members.OpRelease, money.Amount{}
			o.ID = c.ID + "/release/" + string(h.Pledge)
		}
		ops = append(ops, o)
	}
	if err := b.applySavings(ops); err != nil {
		return Receipt{}, err
	}
	if err := b.st.j.PostAll(out.Entries...); err != nil {
		return Receipt{}, dirty(err)
	}
	for _, g := range out.Issued {
		b.st.stock[g.Good] -= g.Quantity
	}
	var r Receipt
	var sched *schedule.Schedule
	for _, l := range out.Loans {
		lr := newLoanRec(l, sched)
		sched = lr.sched
		b.st.addLoan(lr)
		b.st.byGroup[f.Group] = append(b.st.byGroup[f.Group], lr)
		r.Refs = append(r.Refs, string(l.ID))
	}
	slices.SortFunc(b.st.byGroup[f.Group], func(a, b *loanRec) int { return strings.Compare(string(a.head.ID), string(b.head.ID)) })
	*f = nf
	gr.g = ng
	gr.cycle = f.Cycle
	return r, nil
}

// applySavings applies several savings operations as one: all are checked
// first, so that a refusal changes nothing. Operations on the same member
// are checked against the state before any of them; the Book only builds
// batches whose checks do not depend on each other (distinct holds).
func (b *Book) applySavings(ops []members.Operation) error {
	if len(ops) == 1 {
		return b.st.sav.Apply(ops[0]) // validated first, changes nothing when refused
	}
	for _, o := range ops {
		if err := b.st.sav.Check(o); err != nil {
			return err
		}
	}
	for _, o := range ops {
		if err := b.st.sav.Apply(o); err != nil {
			return dirty(err)
		}
	}
	return nil
}

// dirtyError marks a failure after the state was partly changed; Do then
// rebuilds the state from the log, so that the Book is still unchanged.
type dirtyError struct{ err error }

func (e *dirtyError) Error() string { return e.err.Error() }
func (e *dirtyError) Unwrap() error { return e.err }

func dirty(err error) error { return &dirtyError{err} }

func isDirty(err error) bool {
	var d *dirtyError
	return errors.As(err, &d)
}
