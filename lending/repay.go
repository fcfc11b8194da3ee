package lending

import (
	"fmt"
	"math"
	"strconv"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// Line is what one payment paid on one installment.
type Line struct {
	Installment int          `json:"installment"` // 1-based number in the schedule
	Fee         money.Amount `json:"fee"`
	Margin      money.Amount `json:"margin"`
	Principal   money.Amount `json:"principal"`
}

// Allocation is how a payment was applied. For every payment
//
//	Fee + Margin + Principal + Credit + Refund + recovered = Amount + CreditUsed
//
// where recovered is the sum of Recovery for a recovery and zero otherwise.
type Allocation struct {
	Payment Payment `json:"payment"`
	// Lines are the installments the payment paid something on, by number.
	Lines []Line `json:"lines"`
	// Totals of Lines.
	Fee       money.Amount `json:"fee"`
	Margin    money.Amount `json:"margin"`
	Principal money.Amount `json:"principal"`
	// LenderPrincipal is the principal owed on to the lenders (all of it
	// when the lenders funded the whole loan), LenderMargin their share of
	// Margin under Loan.Split and KoperasiMargin the koperasi's. Each
	// lender's part is the payouts' business; these are the totals.
	LenderPrincipal money.Amount `json:"lender_principal"`
	LenderMargin    money.Amount `json:"lender_margin"`
	KoperasiMargin  money.Amount `json:"koperasi_margin"`
	// CreditUsed is credit held from earlier overpayments that this payment
	// drew on; Credit is what is held after it (Hold policy); Refund is what
	// is given back to the payer.
	CreditUsed money.Amount `json:"credit_used"`
	Credit     money.Amount `json:"credit"`
	Refund     money.Amount `json:"refund"`
	// Recovery, for money recovered after write-off, is what each layer of
	// the loss waterfall got back. The lenders' layer is a total: Distribute
	// splits it among the lenders by what each lost.
	Recovery []LayerAmount `json:"recovery,omitempty"`
	// Status is the loan's status after the payment.
	Status LoanStatus `json:"status"`
}

// LayerAmount is an amount for one layer of the loss waterfall.
type LayerAmount struct {
	Layer  Layer        `json:"layer"`
	Amount money.Amount `json:"amount"`
}

// Post applies payment p to loan l in state st under the rules r, and
// returns the new state, how the payment was allocated, and the journal
// entries to post (never posted here). st is not changed; on error the
// returned State is st itself.
//
// What is due on or before the payment date is paid first, in the order
// of r.Strategy, after late fees are charged through that date under
// r.LateFee; the rest is handled by r.Overpayment. A payment from the group
// fund or from peers pays the borrower's installments like the borrower's
// own money; only the journal differs. On a written-off loan only a
// recovery (FromRecovery) is accepted: it flows back through the loss
// waterfall in reverse order.
//
// The same payment posted again (same ID, loan, date, amount, source and
// payer) changes nothing and returns the allocation it had. Refused, with
// a *ServicingError: a payment for another loan (ErrNotFound); the same ID
// with different details (ErrConflict); a repaid or written-off loan
// (ErrClosed); a zero or negative amount, another currency, a date before
// disbursement or before what the state already records (ErrInvalid).
//
// Journal, with entry IDs derived from the payment ID:
//
//	<id>/repay    Dr Cash (member or peers) or GroupFund (group fund), Dr SukarelaSavings (credit used)
//	              Cr MemberLoans (principal), MarginIncome (margin), LateFeeIncome (fee),
//	              SukarelaSavings (credit held)
//	              peers also: Dr JointLiabilityReceivable Cr JointLiabilityPayable
//	<id>/lenders  Dr LenderFunding (lenders' principal), LenderShareExpense (lenders' margin)
//	              Cr LenderPayables
//
// Margin is recognised when paid (cash basis): the disbursement books the
// principal only in MemberLoans.
func Post(l Loan, st State, p Payment, r Servicing) (State, Allocation, []ledger.Entry, error) {
	var w walk
	a, repeat, err := checkPosting(&l, &st, p, r, &w, len(p.ID)-1)
	if err != nil {
		return st, Allocation{}, nil, err
	}
	if repeat {
		return st, a, repayEntries(l, a), nil
	}
	if p.Source == FromRecovery {
		ns, a, err := applyRecovery(l, st, p)
		if err != nil {
			return st, Allocation{}, nil, err
		}
		return ns, a, repayEntries(l, a), nil
	}
	// the allocation's lines share one allocation with the entries
	blk := new(postBlock)
	ns, a, err := applyWalk(&l, &st, &w, p, r, blk.lines[:0])
	if err != nil {
		return st, Allocation{}, nil, err
	}
	ar := entryArena{ps: blk.ps[:0], refs: blk.refs[:0]}
	return ns, a, appendRepayEntries(blk.es[:0], &ar, &l, &a, ""), nil
}

// postBlock is a repayBlock with room for the lines of the allocation:
// a payment on time pays one installment, or two when it catches up.
type postBlock struct {
	repayBlock
	lines [2]Line
}

// checkPosting makes Post's checks of p on l in state st. A payment
// already posted (repeat) returns the allocation it had; otherwise p is to
// be applied. l and st are pointers only because they are large: neither
// is changed. w, when not nil, gets the walk of st for p's date, made
// while checking the state and the rules; nil skips those checks, for a
// caller that has already made them (a collection, whose sheet checks the
// states). key is the index in p.ID where the IDs of the loan's payments
// tend to differ (State.payment), or -1 to skip looking the payment up
// among those posted, for a caller that has already done so (a
// collection, whose payments are checked before any is made).
func checkPosting(l *Loan, st *State, p Payment, r Servicing, w *walk, key int) (a Allocation, repeat bool, err error) {
	fail := func(sentinel error, reason string) (Allocation, bool, error) {
		return Allocation{}, false, &ServicingError{Op: "post", Loan: l.ID, Payment: p.ID, Reason: reason, Err: sentinel}
	}
	if p.ID == "" {
		return fail(ErrInvalid, "the payment has no ID")
	}
	if p.Loan != l.ID {
		return fail(ErrNotFound, "the payment is for loan "+strconv.Quote(string(p.Loan))+", not this one")
	}
	if w != nil {
		if *w, err = walkState("post", l, st, p.Date); err != nil {
			return Allocation{}, false, err
		}
		if err := r.Validate(); err != nil {
			return Allocation{}, false, err
		}
	}
	if key >= 0 {
		if prev, i := st.payment(p.ID, key); i >= 0 {
			if what := paymentDiff(prev, p); what != "" {
				return fail(ErrConflict, "a payment with this ID was already posted with a different "+what)
			}
			a, err := replay(*l, *st, i, r)
			if err != nil {
				return Allocation{}, false, err
			}
			return a, true, nil
		}
	}
	cur := l.Schedule.Principal.Currency()
	switch {
	case !p.Amount.IsPositive():
		return fail(ErrInvalid, "the amount "+p.Amount.String()+" is not positive")
	case p.Amount.Currency() != cur:
		return fail(fmt.Errorf("%w (%w)", ErrInvalid, money.ErrCurrencyMismatch), "the amount "+p.Amount.String()+" is not in the loan's currency "+cur.String())
	case p.Source > FromRecovery:
		return fail(ErrInvalid, "unknown payment source "+strconv.Itoa(int(p.Source)))
	case p.Date.IsZero():
		return fail(ErrInvalid, "the payment has no date")
	case p.Date.Before(l.Disbursed):
		return fail(ErrInvalid, "the payment is dated "+p.Date.String()+", before the loan was disbursed on "+l.Disbursed.String())
	}
	if last := st.lastEvent(); p.Date.Before(last) {
		return fail(ErrInvalid, "the payment is dated "+p.Date.String()+", before "+last.String()+", which the loan's record already includes; post payments in date order")
	}
	switch {
	case st.Status == LoanWrittenOff && p.Source != FromRecovery:
		return fail(ErrClosed, "the loan was written off on "+st.WriteOff.Date.String()+"; post money received for it as a recovery")
	case st.Status == LoanRepaid:
		return fail(ErrClosed, "the loan is repaid; nothing is owed on it")
	case p.Source == FromRecovery && st.Status != LoanWrittenOff:
		return fail(ErrInvalid, "a recovery is for a written-off loan; this one is "+st.Status.String()+", so post it as a payment from the member")
	case p.Source == FromPeers && p.Payer == "":
		return fail(ErrInvalid, "a cover by peers needs the paying member (Payer)")
	}
	return Allocation{}, false, nil
}

// paymentDiff names the first field in which a repeated payment differs.
func paymentDiff(a, b Payment) string {
	switch {
	case a.Date != b.Date:
		return "date (" + a.Date.String() + ")"
	case a.Amount != b.Amount:
		return "amount (" + a.Amount.String() + ")"
	case a.Source != b.Source:
		return "source (" + a.Source.String() + ")"
	case a.Payer != b.Payer:
		return "payer (" + strconv.Quote(string(a.Payer)) + ")"
	}
	return ""
}

// lastEvent is the latest date the state records.
func (s *State) lastEvent() calendar.Date { // by pointer: a State is 192 bytes
	d := s.AccruedThrough
	if n := len(s.Payments); n > 0 && s.Payments[n-1].Date.After(d) { // not LastPayment, which copies the State
		d = s.Payments[n-1].Date
	}
	if s.DefaultedOn.After(d) {
		d = s.DefaultedOn
	}
	if s.WriteOff.Date.After(d) {
		d = s.WriteOff.Date
	}
	return d
}

// checkState refuses a state that does not belong to the loan or does not
// fit its schedule, so that nothing below can index out of range or count
// a payment twice.
func checkState(op string, l Loan, st State) error {
	_, err := walkState(op, &l, &st, calendar.Date{})
	return err
}

// walk is what one pass over a state's installments finds, so that a
// payment, a sheet line or a follow-up works on the installments that
// still owe something and not on those paid long ago: a loan late in its
// life has most of them settled, and a settled installment takes no more
// money and no late fee (its principal and margin are paid in full, and a
// fee accrues only on what is unpaid).
type walk struct {
	// lo is the first installment owing anything, late fee included
	// (len when none): every one before it is settled. It is 0 for a
	// schedule that is not tidy, where what is settled may not stay so.
	lo int
	// due is the number of installments due on or before on (dueCount).
	due int
	on  calendar.Date
	// sorted: the due dates never go back, so that nothing is due after
	// the first installment not yet due.
	sorted bool
	// plain: every installment's total is its principal plus its margin.
	plain bool
	// paid is the principal and margin paid, and charged the late fees
	// charged, over all installments.
	paidP, paidM, charged int64
}

// tidy reports a schedule as package schedule makes them: due dates in
// order, and every total its principal plus its margin. Then a settled
// installment stays settled (no fee accrues on it) and the late fees
// accrue on the installments from the first unsettled one on, up to the
// first not yet due, as they did from the first installment.
func (w *walk) tidy() bool { return w.sorted && w.plain }

// walkState is checkState, returning the walk of st for day d.
func walkState(op string, l *Loan, st *State, d calendar.Date) (walk, error) {
	fail := func(reason string) (walk, error) {
		return walk{}, &ServicingError{Op: op, Loan: l.ID, Reason: reason, Err: ErrInvalid}
	}
	ins := l.Schedule.Installments
	switch {
	case st.Loan != l.ID:
		return fail("the state given is of loan " + strconv.Quote(string(st.Loan)))
	case len(ins) == 0:
		return fail("the loan has no installments")
	case len(st.Installments) != len(ins):
		return fail("the state has " + strconv.Itoa(len(st.Installments)) + " installments, the schedule " + strconv.Itoa(len(ins)))
	case st.Status > LoanWrittenOff:
		return fail("unknown status " + strconv.Itoa(int(st.Status)))
	case st.Credit.IsNegative():
		return fail("the credit held is negative")
	}
	w, bad := scan(ins, st.Installments, d)
	if bad >= 0 {
		return fail("installment " + strconv.Itoa(bad+1) + " records amounts outside what it owes")
	}
	return w, nil
}

// walkOf is the walk of a state made by this package for its loan
// (walkState without the checks it passes).
func walkOf(l *Loan, st *State, d calendar.Date) walk {
	ins := l.Schedule.Installments
	if len(st.Installments) != len(ins) {
		// A state this package made always fits its schedule; this guard
		// keeps scan from indexing past one that does not (lo 0: the
		// callers then walk every installment).
		return walk{on: d, due: dueCount(*l, d)}
	}
	w, _ := scan(ins, st.Installments, d)
	return w
}

// scan walks the paid amounts pd of installments ins for day d. It stops
// at the first installment whose amounts are outside what it owes, and
// returns its index (bad), or -1.
func scan(ins []schedule.Installment, pd []Paid, d calendar.Date) (w walk, bad int) {
	w = walk{lo: -1, on: d, sorted: true, plain: true}
	pd = pd[:len(ins)]
	var prev calendar.Date
	for i := range ins {
		in, x := &ins[i], &pd[i]
		p, m, f, fc := x.Principal, x.Margin, x.Fee, x.FeeCharged
		ip, im := in.Principal.Minor(), in.Margin.Minor()
		if p < 0 || m < 0 || f < 0 || p > ip || m > im || f > fc {
			return walk{}, i
		}
		w.paidP += p
		w.paidM += m
		w.charged += fc
		if w.lo < 0 && (p != ip || m != im || f != fc) {
			w.lo = i
		}
		if in.Total.Minor() != ip+im {
			w.plain = false
		}
		if in.Due.Before(prev) {
			w.sorted = false
		}
		prev = in.Due
		if w.due == i && !in.Due.After(d) {
			w.due++
		}
	}
	if w.lo < 0 {
		w.lo = len(ins)
	}
	if !w.tidy() {
		w.lo = 0
	}
	return w, -1
}

// dueOn is the number of installments due on or before d.
func (w *walk) dueOn(l *Loan, d calendar.Date) int {
	if d == w.on {
		return w.due
	}
	return dueCount(*l, d)
}

// component is one of the three things an installment owes.
type component uint8

const (
	cFee component = iota
	cMargin
	cPrincipal
)

// orders holds, per strategy, the component order within an installment
// (or, for FeesLast and PrincipalLast, the passes over all due ones).
var componentOrder = [nStrategies][3]component{
	FeeMarginPrincipal: {cFee, cMargin, cPrincipal},
	PrincipalMarginFee: {cPrincipal, cMargin, cFee},
	MarginPrincipalFee: {cMargin, cPrincipal, cFee},
	FeesLast:           {cMargin, cPrincipal, cFee},
	PrincipalLast:      {cFee, cMargin, cPrincipal},
	CurrentFirst:       {cFee, cMargin, cPrincipal},
}

// allocator pays components of installments out of a pool of money.
type allocator struct {
	ins  []schedule.Installment
	pd   []Paid
	cur  money.Currency
	pool int64
	on   calendar.Date
	from int // the installments before are settled
}

func (a *allocator) pay(i int, c component) {
	if a.pool == 0 {
		return
	}
	p := &a.pd[i]
	in := &a.ins[i]
	var owed int64
	switch c {
	case cFee:
		owed = p.FeeCharged - p.Fee
	case cMargin:
		owed = in.Margin.Minor() - p.Margin
	default:
		owed = in.Principal.Minor() - p.Principal
	}
	x := min(owed, a.pool)
	if x <= 0 {
		return
	}
	a.pool -= x
	switch c {
	case cFee:
		p.Fee += x
	case cMargin:
		p.Margin += x
	default:
		p.Principal += x
	}
	if p.On.IsZero() && p.Principal == in.Principal.Minor() && p.Margin == in.Margin.Minor() {
		p.On = a.on
	}
}

// payAll pays components cs of installment i, in order.
func (a *allocator) payAll(i int, cs []component) {
	for _, c := range cs {
		a.pay(i, c)
	}
}

// done reports whether installment i owes nothing, late fee included.
func (a *allocator) done(i int) bool {
	p, in := &a.pd[i], &a.ins[i]
	return p.Principal == in.Principal.Minor() && p.Margin == in.Margin.Minor() && p.Fee == p.FeeCharged
}

// allocate pays what is due on date d (installments [0, due)) under
// strategy s, then, if prepay, the installments not yet due. Installments
// already settled at the start are skipped: nothing can be paid on them,
// and those before a.from are settled.
//
// The installments the payment may change are [a.from, end): end is
// max(due, a.from) when allocate is called, and it returns it widened to
// those it prepays; with keep, snap (the copy of [a.from, end) as they
// were) gets a copy of each installment it adds.
func (a *allocator) allocate(s Strategy, due int, prepay bool, d calendar.Date, end int, snap []Paid, keep bool) (int, []Paid) {
	ins := a.ins
	order := componentOrder[s][:]
	lo := a.from
	for lo < len(ins) && a.done(lo) {
		lo++
	}
	switch s {
	case FeesLast:
		for i := lo; i < due; i++ {
			a.payAll(i, order[:2])
		}
		for i := lo; i < due; i++ {
			a.pay(i, cFee)
		}
	case PrincipalLast:
		for i := lo; i < due; i++ {
			a.payAll(i, order[:2])
		}
		for i := lo; i < due; i++ {
			a.pay(i, cPrincipal)
		}
	case CurrentFirst:
		for i := lo; i < due; i++ {
			if ins[i].Due == d {
				a.payAll(i, order)
			}
		}
		for i := lo; i < due; i++ {
			a.payAll(i, order)
		}
	default:
		for i := lo; i < due; i++ {
			a.payAll(i, order)
		}
	}
	if !prepay {
		return end, snap
	}
	// Not yet due: no fee; margin and principal in the strategy's order.
	pre := [2]component{cMargin, cPrincipal}
	if s == PrincipalMarginFee {
		pre = [2]component{cPrincipal, cMargin}
	}
	for i := max(due, lo); i < len(ins) && a.pool > 0; i++ {
		if i >= end {
			if keep {
				snap = append(snap, a.pd[end:i+1]...)
			}
			end = i + 1
		}
		a.payAll(i, pre[:])
	}
	return end, snap
}

// dueCount is the number of installments due on or before d; schedules are
// in date order.
func dueCount(l Loan, d calendar.Date) int {
	ins := l.Schedule.Installments
	n := 0
	for n < len(ins) && !ins[n].Due.After(d) {
		n++
	}
	return n
}

// settled reports whether every installment is paid, late fees included.
func settled(l Loan, pd []Paid) bool {
	for i, in := range l.Schedule.Installments {
		p := pd[i]
		if p.Principal != in.Principal.Minor() || p.Margin != in.Margin.Minor() || p.Fee != p.FeeCharged {
			return false
		}
	}
	return true
}

// apply posts p on st without the checks Post makes (replay uses it too).
func apply(l Loan, st State, p Payment, r Servicing) (State, Allocation, error) {
	if p.Source == FromRecovery {
		return applyRecovery(l, st, p)
	}
	w := walkOf(&l, &st, p.Date)
	return applyWalk(&l, &st, &w, p, r, nil)
}

// applyWalk is apply of a payment that is not a recovery, for a state
// whose walk is w; the allocation's lines are appended to lines.
func applyWalk(l *Loan, st *State, w *walk, p Payment, r Servicing, lines []Line) (State, Allocation, error) {
	ns := *st
	ns.Installments = append([]Paid(nil), st.Installments...)
	ns.Payments = append(make([]Payment, 0, len(st.Payments)+1), st.Payments...)
	a, _, _, err := applyOwned(l, &ns, w, st.Installments, nil, p, r, lines)
	if err != nil {
		return *st, Allocation{}, err
	}
	return ns, a, nil
}

// applyOwned posts p (not a recovery) on *ns in place: ns's Installments
// and Payments must be the caller's own, not shared with a State anybody
// else holds. w is the walk of *ns (for p.Date, preferably); it is brought
// up to date with the payment. before is a copy of ns.Installments as they
// were, for the allocation's lines; or nil, and then the installments the
// payment may change are copied into snap first (storage reused from one
// payment to the next, and returned). The lines are appended to lines
// (scratch space shared by the allocations of a collection, each capped
// to its own) and the rest of it returned. On error *ns and *w are half
// done: the caller drops them.
func applyOwned(l *Loan, ns *State, w *walk, before, snap []Paid, p Payment, r Servicing, lines []Line) (Allocation, []Line, []Paid, error) {
	cur := l.Schedule.Principal.Currency()
	fail := func(reason string, err error) (Allocation, []Line, []Paid, error) {
		return Allocation{}, lines, snap, &ServicingError{Op: "post", Loan: l.ID, Payment: p.ID, Reason: reason, Err: err}
	}
	credit, accrued := ns.Credit, ns.AccruedThrough
	pool, err := p.Amount.Add(credit)
	if err != nil {
		return fail("the payment and the credit held are too large together", err)
	}
	ns.Payments = append(ns.Payments, p)
	ins := l.Schedule.Installments
	due := w.dueOn(l, p.Date)
	// Only installments from the first unsettled one can change: the late
	// fees accrue on those due before the payment, which pays those due and
	// then, prepaying, those after.
	end := max(due, w.lo)
	if before == nil {
		snap = append(snap[:0], ns.Installments[w.lo:end]...)
	}
	charged, err := accrueFrom(l, ns.Installments, w.lo, w.charged, accrued, p.Date, r.LateFee)
	if err != nil {
		return fail("the late fee cannot be computed", err)
	}
	if p.Date.After(ns.AccruedThrough) {
		ns.AccruedThrough = p.Date
	}
	al := allocator{ins: ins, pd: ns.Installments, cur: cur, pool: pool.Minor(), on: p.Date, from: w.lo}
	end, snap = al.allocate(r.Strategy, due, r.Overpayment == Prepay, p.Date, end, snap, before == nil)
	old := snap
	if before != nil {
		old = before[w.lo:end]
	}
	changedIns := ns.Installments[w.lo:end]

	a := Allocation{Payment: p, CreditUsed: cur.Amount(credit.Minor())}
	ns.Credit = cur.Amount(0)
	lo := w.lo
	var repaid bool
	if w.tidy() {
		// those before lo are settled still
		for lo < len(ins) && al.done(lo) {
			lo++
		}
		repaid = lo == len(ins)
	} else {
		repaid = settled(*l, ns.Installments)
	}
	if r.Overpayment == Hold && !repaid {
		ns.Credit = cur.Amount(al.pool)
		a.Credit, a.Refund = ns.Credit, cur.Amount(0)
	} else {
		a.Credit, a.Refund = cur.Amount(0), cur.Amount(al.pool)
	}
	var fee, margin, principal int64
	changed := 0
	for k := range old {
		o, n := &old[k], &changedIns[k]
		if o.Principal != n.Principal || o.Margin != n.Margin || o.Fee != n.Fee {
			changed++
		}
	}
	if lines == nil {
		lines = make([]Line, 0, changed)
	}
	start := len(lines)
	for k := range old {
		o, n := &old[k], &changedIns[k]
		if o.Principal == n.Principal && o.Margin == n.Margin && o.Fee == n.Fee {
			continue
		}
		ln := Line{
			Installment: w.lo + k + 1,
			Fee:         cur.Amount(n.Fee - o.Fee),
			Margin:      cur.Amount(n.Margin - o.Margin),
			Principal:   cur.Amount(n.Principal - o.Principal),
		}
		fee += ln.Fee.Minor()
		margin += ln.Margin.Minor()
		principal += ln.Principal.Minor()
		lines = append(lines, ln)
	}
	// capped, so that appending to one allocation's lines cannot write
	// into the next one's
	a.Lines = lines[start:len(lines):len(lines)]
	a.Fee, a.Margin, a.Principal = cur.Amount(fee), cur.Amount(margin), cur.Amount(principal)
	// principal and margin paid over the whole loan, before and after
	pb, mb := w.paidP, w.paidM
	pa, ma := pb+principal, mb+margin
	lp, lm, err := lenderParts(l, pb, pa, mb, ma)
	if err != nil {
		return fail("the lenders' part cannot be computed", err)
	}
	a.LenderPrincipal, a.LenderMargin, a.KoperasiMargin = cur.Amount(lp), cur.Amount(lm), cur.Amount(margin-lm)
	if repaid {
		ns.Status = LoanRepaid
	}
	a.Status = ns.Status
	w.lo, w.paidP, w.paidM, w.charged = lo, pa, ma, charged
	return a, lines[len(lines):], snap, nil
}

// lenderParts returns the lenders' principal and margin for a payment that
// took the principal paid from p0 to p1 and the margin paid from m0 to m1.
// Each is the difference of the lenders' cumulative parts, rounded down, so
// that over the life of the loan the rounding never drifts: the lenders get
// exactly their share of everything collected, to the minor unit.
func lenderParts(l *Loan, p0, p1, m0, m1 int64) (int64, int64, error) {
	var funded int64
	for _, s := range l.Lenders {
		funded += s.Amount.Minor()
	}
	total := l.Schedule.Principal
	down := money.Rounding{Step: 1, Mode: money.Down}
	cum := func(x, num, den int64) (int64, error) {
		if num == 0 || x == 0 {
			return 0, nil
		}
		v, err := down.MulDiv(total.Currency().Amount(x), num, den)
		return v.Minor(), err
	}
	var lp int64
	if total.IsPositive() && funded > 0 {
		funded = min(funded, total.Minor())
		a, err := cum(p0, funded, total.Minor())
		if err != nil {
			return 0, 0, err
		}
		b, err := cum(p1, funded, total.Minor())
		if err != nil {
			return 0, 0, err
		}
		lp = b - a
	}
	num, den := l.Split.Lenders, l.Split.Den
	if den == 0 {
		den = 1
	}
	if num < 0 || den < 0 || num > den {
		return 0, 0, fmt.Errorf("%w: the lenders' margin split %d/%d is not a fraction between 0 and 1", ErrInvalid, l.Split.Lenders, l.Split.Den)
	}
	a, err := cum(m0, num, den)
	if err != nil {
		return 0, 0, err
	}
	b, err := cum(m1, num, den)
	if err != nil {
		return 0, 0, err
	}
	return lp, b - a, nil
}

// replay recomputes the allocation of the i-th payment of st by posting
// the payments before it again from the loan's first state: the state
// records every input that shaped it, so the result is the one the payment
// had when it was first posted.
func replay(l Loan, st State, i int, r Servicing) (Allocation, error) {
	as, err := replayFirst(l, st, i+1, r, "")
	if err != nil {
		return Allocation{}, err
	}
	return as[i], nil
}

// replayFirst is the allocations of the first n payments of st, posted
// again from the loan's first state. checkOp, when not empty and all of
// st's payments are posted again, names the operation that refuses rules
// under which they do not come to what st records.
func replayFirst(l Loan, st State, n int, r Servicing, checkOp string) ([]Allocation, error) {
	out := make([]Allocation, 0, n)
	s := NewState(l)
	for _, p := range st.Payments[:n] {
		if p.Source == FromRecovery && s.WriteOff.IsZero() {
			s.Status = LoanWrittenOff
			s.WriteOff = st.WriteOff.fresh()
		}
		ns, a, err := apply(l, s, p, r)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
		s = ns
	}
	if checkOp != "" {
		if err := samePaid(checkOp, l.ID, s.Installments, st.Installments); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// samePaid refuses payments posted again (got) that do not come to what a
// state records (want): the rules given are not those they were posted
// under.
func samePaid(op string, id LoanID, got, want []Paid) error {
	for i := range want {
		x, y := &got[i], &want[i]
		if x.Principal != y.Principal || x.Margin != y.Margin || x.Fee != y.Fee {
			return &ServicingError{Op: op, Loan: id, Err: ErrInvalid,
				Reason: "the payments the state records, posted again under the servicing rules given, do not give what it records for installment " +
					strconv.Itoa(i+1) + "; give the rules of the loan's product"}
		}
	}
	return nil
}

// Allocations recomputes the allocation of every payment of st, in posting
// order, by posting the payments again from the loan's first state (the
// state records every input that shaped them, so each allocation is the
// one the payment had when it was first posted): which installments each
// paid and how much of each part. A host uses it to tell, for instance,
// which installments the group covered (Payment.Source FromPeers or
// FromGroupFund), or when each installment was paid on a repayment card.
// r must be the servicing rules the payments were posted under: rules under
// which the payments come to other amounts than st records are refused
// (ErrInvalid).
func Allocations(l Loan, st State, r Servicing) ([]Allocation, error) {
	if err := checkState("allocations", l, st); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return replayFirst(l, st, len(st.Payments), r, "allocations")
}

// capLeft is how much more late fee the loan may be charged.
func capLeft(l Loan, pd []Paid, p LateFeePolicy) (int64, error) {
	var charged int64
	for _, x := range pd {
		charged += x.FeeCharged
	}
	return capLeftOf(&l, charged, p)
}

// capLeftOf is capLeft for a loan charged late fees of charged so far.
func capLeftOf(l *Loan, charged int64, p LateFeePolicy) (int64, error) {
	left := int64(math.MaxInt64)
	if p.Cap.IsPositive() {
		left = p.Cap.Minor()
	}
	if !p.CapOfPrincipal.IsZero() {
		c, err := money.Rounding{Step: 1, Mode: money.Down}.MulDiv(l.Schedule.Principal, p.CapOfPrincipal.Num(), p.CapOfPrincipal.Den())
		if err != nil {
			return 0, err
		}
		left = min(left, c.Minor())
	}
	if left == math.MaxInt64 {
		return left, nil
	}
	return max(left-charged, 0), nil
}

// feeAccrual is the late fee installment in (unpaid principal and margin u,
// due on due) earns from the end of day from through the end of day to.
func feeAccrual(p LateFeePolicy, cur money.Currency, due calendar.Date, u int64, from, to calendar.Date) (int64, error) {
	if u <= 0 || p.Kind == NoLateFee {
		return 0, nil
	}
	start := due.AddDays(p.Grace) // the fee starts the day after
	switch p.Kind {
	case DailyLateFee:
		if from.After(start) {
			start = from
		}
		days := to.Sub(start)
		if days <= 0 {
			return 0, nil
		}
		base, err := cur.Amount(u).Mul(int64(days))
		if err != nil {
			return 0, err
		}
		rd := p.Rounding
		if rd.IsZero() {
			rd = money.Rounding{Step: 1, Mode: money.Down}
		}
		f, err := rd.MulDiv(base, p.Rate.Num(), p.Rate.Den())
		return f.Minor(), err
	case FlatLateFee:
		// Charged at the start of the day after the grace, if still unpaid.
		if !start.Before(from) && start.Before(to) {
			return p.Flat.Minor(), nil
		}
	}
	return 0, nil
}

// accrue charges the late fees that accrue after from through to on pd, in
// installment order, within the cap.
func accrue(l Loan, pd []Paid, from, to calendar.Date, p LateFeePolicy) error {
	var charged int64
	for _, x := range pd {
		charged += x.FeeCharged
	}
	_, err := accrueFrom(&l, pd, 0, charged, from, to, p)
	return err
}

// accrueFrom is accrue for installments from lo on, those before being
// settled (they accrue nothing), on a loan charged late fees of charged so
// far; it returns what is charged after.
func accrueFrom(l *Loan, pd []Paid, lo int, charged int64, from, to calendar.Date, p LateFeePolicy) (int64, error) {
	if p.Kind == NoLateFee || !to.After(from) {
		return charged, nil
	}
	left, err := capLeftOf(l, charged, p)
	if err != nil {
		return charged, err
	}
	cur := l.Schedule.Principal.Currency()
	ins := l.Schedule.Installments
	for i := lo; i < len(ins); i++ {
		in := &ins[i]
		if left == 0 || !in.Due.Before(to) {
			break
		}
		u := in.Total.Minor() - pd[i].Principal - pd[i].Margin
		f, err := feeAccrual(p, cur, in.Due, u, from, to)
		if err != nil {
			return charged, err
		}
		f = min(f, left)
		if f > 0 {
			left -= f
			charged += f
			pd[i].FeeCharged += f
		}
	}
	return charged, nil
}

// loanRefs are the references of a loan's entries.
func loanRefs(l Loan, payer string) []ledger.Ref {
	return appendLoanRefs(make([]ledger.Ref, 0, maxRepayRefs), &l, payer)
}

// appendLoanRefs appends the references of a loan's entries to refs.
func appendLoanRefs(refs []ledger.Ref, l *Loan, payer string) []ledger.Ref {
	refs = append(refs, ledger.Ref{Key: "loan", Value: string(l.ID)})
	if l.Member != "" {
		refs = append(refs, ledger.Ref{Key: "member", Value: string(l.Member)})
	}
	if l.Group != "" {
		refs = append(refs, ledger.Ref{Key: "group", Value: l.Group})
	}
	if payer != "" {
		refs = append(refs, ledger.Ref{Key: "payer", Value: payer})
	}
	return refs
}

// addPosting appends the posting of a to c on side s, when a is not zero.
func addPosting(ps []ledger.Posting, c ledger.Code, side ledger.Side, a money.Amount) []ledger.Posting {
	if !a.IsPositive() {
		return ps
	}
	return append(ps, ledger.Posting{Account: c, Side: side, Amount: a})
}

// repayMemo is the memo of a repayment entry, a constant per source.
func repayMemo(s Source) string {
	switch s {
	case FromPeers:
		return "repayment covered by peers (tanggung renteng)"
	case FromGroupFund:
		return "repayment covered by the group fund"
	}
	return "repayment by the member"
}

// repayEntries are the journal entries of an allocation. The two entries,
// their postings and references share one allocation, and their IDs
// another (a repayment is a hot path).
func repayEntries(l Loan, a Allocation) []ledger.Entry {
	if a.Payment.Source == FromRecovery {
		return recoveryEntries(l, a)
	}
	blk := new(repayBlock)
	ar := entryArena{ps: blk.ps[:0], refs: blk.refs[:0]}
	return appendRepayEntries(blk.es[:0], &ar, &l, &a, "")
}

// repayBlock holds a repayment's entries with their postings (at most 11)
// and references: three, the loan, member and group; a peer's cover names
// the payer too, and that rarer fourth spills to an allocation of its own,
// which keeps the block within 768 bytes.
type repayBlock struct {
	es   [2]ledger.Entry
	ps   [maxRepayPostings]ledger.Posting
	refs [maxRepayRefs - 1]ledger.Ref
}

// The most postings and references of a repayment's entries.
const (
	maxRepayPostings = 11
	maxRepayRefs     = 4
)

// entryArena is storage the postings and references of entries are cut
// from, so that many entries (a collection's) take one allocation of each.
// Every entry's slices are capped, so that appending to one cannot write
// into another's.
type entryArena struct {
	ps   []ledger.Posting
	refs []ledger.Ref
}

// repayIDs is the string the IDs of a payment's entries are cut from:
// "<id>/repay" and "<id>/lenders".
func repayIDs(paymentID string) string { return paymentID + "/repay" + paymentID + "/lenders" }

// repaySuffixes is what repayIDs adds to twice the payment ID.
const repaySuffixes = "/repay/lenders"

// appendRepayEntries appends the journal entries of allocation a (not of a
// recovery) to dst, their postings and references cut from ar. ids is
// repayIDs(a.Payment.ID), or "" to make it here.
func appendRepayEntries(dst []ledger.Entry, ar *entryArena, l *Loan, a *Allocation, ids string) []ledger.Entry {
	p := &a.Payment
	cur := l.Schedule.Principal.Currency()
	// A refund comes out of the payment first; beyond it, it is credit held
	// that is released and simply stays in the member's savings.
	cashRefund := min(a.Refund.Minor(), p.Amount.Minor())
	released := a.Refund.Minor() - cashRefund
	taken := cur.Amount(p.Amount.Minor() - cashRefund)
	credit := a.Credit.Minor() + released - a.CreditUsed.Minor()

	base := len(ar.ps)
	ps := ar.ps
	switch p.Source {
	case FromGroupFund:
		ps = addPosting(ps, ledger.GroupFund, ledger.Debit, taken)
	default:
		ps = addPosting(ps, ledger.Cash, ledger.Debit, taken)
	}
	if credit < 0 {
		ps = addPosting(ps, ledger.SukarelaSavings, ledger.Debit, cur.Amount(-credit))
	}
	if p.Source == FromPeers {
		ps = addPosting(ps, ledger.JointLiabilityReceivable, ledger.Debit, taken)
	}
	ps = addPosting(ps, ledger.MemberLoans, ledger.Credit, a.Principal)
	ps = addPosting(ps, ledger.MarginIncome, ledger.Credit, a.Margin)
	ps = addPosting(ps, ledger.LateFeeIncome, ledger.Credit, a.Fee)
	if credit > 0 {
		ps = addPosting(ps, ledger.SukarelaSavings, ledger.Credit, cur.Amount(credit))
	}
	if p.Source == FromPeers {
		ps = addPosting(ps, ledger.JointLiabilityPayable, ledger.Credit, taken)
	}
	n := len(ps)
	ps = addPosting(ps, ledger.LenderFunding, ledger.Debit, a.LenderPrincipal)
	ps = addPosting(ps, ledger.LenderShareExpense, ledger.Debit, a.LenderMargin)
	lenders := a.LenderPrincipal.Minor() + a.LenderMargin.Minor()
	if lenders > 0 {
		ps = append(ps, ledger.Cr(ledger.LenderPayables, cur.Amount(lenders)))
	}
	ar.ps = ps

	r0 := len(ar.refs)
	ar.refs = appendLoanRefs(ar.refs, l, string(p.Payer))
	refs := ar.refs[r0:]
	if ids == "" {
		ids = repayIDs(p.ID)
	}
	if n-base >= 2 {
		dst = append(dst, ledger.Entry{
			ID: ids[:len(p.ID)+len("/repay")], Date: p.Date, Memo: repayMemo(p.Source),
			Refs: refs[:len(refs):len(refs)], Postings: ps[base:n:n],
		})
	}
	if lenders > 0 {
		lr := refs
		if p.Payer != "" {
			lr = refs[:len(refs)-1] // the payer is not the lenders' business
		}
		dst = append(dst, ledger.Entry{
			ID: ids[len(p.ID)+len("/repay"):], Date: p.Date, Memo: "lenders' part of a repayment",
			Refs: lr[:len(lr):len(lr)], Postings: ps[n:len(ps):len(ps)],
		})
	}
	return dst
}
