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

// The functions of this file are Post and its helpers as they were before
// a payment read only the installments from the first unsettled one (the
// walk): the reference refCollect posts with, and that
// TestPropertyPostIsReference holds Post to. They walk every installment
// and every payment, as the plain definitions do.

// refPayment is State.payment as it was: every payment, each ID compared
// whole.
func refPayment(s *State, id string) (Payment, int) {
	for i := len(s.Payments) - 1; i >= 0; i-- {
		if s.Payments[i].ID == id {
			return s.Payments[i], i
		}
	}
	return Payment{}, -1
}

// refPost is Post as it was before the walks.
func refPost(l Loan, st State, p Payment, r Servicing) (State, Allocation, []ledger.Entry, error) {
	a, repeat, err := refCheckPosting(&l, &st, p, r, true, true)
	if err != nil {
		return st, Allocation{}, nil, err
	}
	if repeat {
		return st, a, repayEntries(l, a), nil
	}
	ns, a, err := refApply(l, st, p, r)
	if err != nil {
		return st, Allocation{}, nil, err
	}
	return ns, a, repayEntries(l, a), nil
}

// refCheckPosting is checkPosting as it was.
func refCheckPosting(l *Loan, st *State, p Payment, r Servicing, whole, scan bool) (a Allocation, repeat bool, err error) {
	fail := func(sentinel error, reason string) (Allocation, bool, error) {
		return Allocation{}, false, &ServicingError{Op: "post", Loan: l.ID, Payment: p.ID, Reason: reason, Err: sentinel}
	}
	if p.ID == "" {
		return fail(ErrInvalid, "the payment has no ID")
	}
	if p.Loan != l.ID {
		return fail(ErrNotFound, "the payment is for loan "+strconv.Quote(string(p.Loan))+", not this one")
	}
	if whole {
		if err := refCheckState("post", *l, *st); err != nil {
			return Allocation{}, false, err
		}
		if err := r.Validate(); err != nil {
			return Allocation{}, false, err
		}
	}
	if scan {
		if prev, i := refPayment(st, p.ID); i >= 0 {
			if what := paymentDiff(prev, p); what != "" {
				return fail(ErrConflict, "a payment with this ID was already posted with a different "+what)
			}
			a, err := refReplay(*l, *st, i, r)
			if err != nil {
				return Allocation{}, false, err
			}
			return a, true, nil
		}
	}
	cur := l.Principal().Currency()
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

// checkState refuses a state that does not belong to the loan or does not
// fit its schedule, so that nothing below can index out of range or count
// a payment twice.
func refCheckState(op string, l Loan, st State) error {
	bad := func(reason string) error {
		return &ServicingError{Op: op, Loan: l.ID, Reason: reason, Err: ErrInvalid}
	}
	ins := l.Schedule.Installments
	switch {
	case st.Loan != l.ID:
		return bad("the state given is of loan " + strconv.Quote(string(st.Loan)))
	case len(ins) == 0:
		return bad("the loan has no installments")
	case len(st.Installments) != len(ins):
		return bad("the state has " + strconv.Itoa(len(st.Installments)) + " installments, the schedule " + strconv.Itoa(len(ins)))
	case st.Status > LoanWrittenOff:
		return bad("unknown status " + strconv.Itoa(int(st.Status)))
	case st.Credit.IsNegative():
		return bad("the credit held is negative")
	}
	for i := range ins {
		in, pd := &ins[i], &st.Installments[i]
		p, m, f, fc := pd.Principal, pd.Margin, pd.Fee, pd.FeeCharged
		if p < 0 || m < 0 || f < 0 || p > in.Principal.Minor() || m > in.Margin.Minor() || f > fc {
			return bad("installment " + strconv.Itoa(i+1) + " records amounts outside what it owes")
		}
	}
	return nil
}

// refAllocator pays components of installments out of a pool of money.
type refAllocator struct {
	ins  []schedule.Installment
	pd   []Paid
	cur  money.Currency
	pool int64
	on   calendar.Date
}

func (a *refAllocator) pay(i int, c component) {
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
func (a *refAllocator) payAll(i int, cs []component) {
	for _, c := range cs {
		a.pay(i, c)
	}
}

// done reports whether installment i owes nothing, late fee included.
func (a *refAllocator) done(i int) bool {
	p, in := &a.pd[i], &a.ins[i]
	return p.Principal == in.Principal.Minor() && p.Margin == in.Margin.Minor() && p.Fee == p.FeeCharged
}

// allocate pays what is due on date d (installments [0, due)) under
// strategy s, then, if prepay, the installments not yet due. Installments
// already settled at the start are skipped: nothing can be paid on them.
func (a *refAllocator) allocate(s Strategy, due int, prepay bool, d calendar.Date) {
	ins := a.ins
	order := componentOrder[s][:]
	lo := 0
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
		return
	}
	// Not yet due: no fee; margin and principal in the strategy's order.
	pre := [2]component{cMargin, cPrincipal}
	if s == PrincipalMarginFee {
		pre = [2]component{cPrincipal, cMargin}
	}
	for i := max(due, lo); i < len(ins) && a.pool > 0; i++ {
		a.payAll(i, pre[:])
	}
}

// apply posts p on st without the checks Post makes (replay uses it too).
func refApply(l Loan, st State, p Payment, r Servicing) (State, Allocation, error) {
	if p.Source == FromRecovery {
		return applyRecovery(l, st, p)
	}
	ns := st
	ns.Installments = append([]Paid(nil), st.Installments...)
	ns.Payments = append(make([]Payment, 0, len(st.Payments)+1), st.Payments...)
	a, _, err := refApplyOwned(&l, &ns, st.Installments, p, r, nil)
	if err != nil {
		return st, Allocation{}, err
	}
	return ns, a, nil
}

// applyOwned posts p (not a recovery) on *ns in place: ns's Installments
// and Payments must be the caller's own, not shared with a State anybody
// else holds. before is a copy of ns.Installments as they were, for the
// allocation's lines; the lines are appended to lines (scratch space
// shared by the allocations of a collection, each capped to its own) and
// the rest of it returned. On error *ns is half done: the caller drops it.
func refApplyOwned(l *Loan, ns *State, before []Paid, p Payment, r Servicing, lines []Line) (Allocation, []Line, error) {
	cur := l.Principal().Currency()
	fail := func(reason string, err error) (Allocation, []Line, error) {
		return Allocation{}, lines, &ServicingError{Op: "post", Loan: l.ID, Payment: p.ID, Reason: reason, Err: err}
	}
	credit, accrued := ns.Credit, ns.AccruedThrough
	pool, err := p.Amount.Add(credit)
	if err != nil {
		return fail("the payment and the credit held are too large together", err)
	}
	ns.Payments = append(ns.Payments, p)
	if err := refAccrue(*l, ns.Installments, accrued, p.Date, r.LateFee); err != nil {
		return fail("the late fee cannot be computed", err)
	}
	if p.Date.After(ns.AccruedThrough) {
		ns.AccruedThrough = p.Date
	}
	ins := l.Schedule.Installments
	al := refAllocator{ins: ins, pd: ns.Installments, cur: cur, pool: pool.Minor(), on: p.Date}
	al.allocate(r.Strategy, dueCount(*l, p.Date), r.Overpayment == Prepay, p.Date)

	a := Allocation{Payment: p, CreditUsed: cur.Amount(credit.Minor())}
	ns.Credit = cur.Amount(0)
	repaid := settled(*l, ns.Installments)
	if r.Overpayment == Hold && !repaid {
		ns.Credit = cur.Amount(al.pool)
		a.Credit, a.Refund = ns.Credit, cur.Amount(0)
	} else {
		a.Credit, a.Refund = cur.Amount(0), cur.Amount(al.pool)
	}
	var fee, margin, principal int64
	var pb, pa, mb, ma int64 // principal and margin paid, before and after
	changed := 0
	for i := range before {
		o, n := &before[i], &ns.Installments[i]
		if o.Principal != n.Principal || o.Margin != n.Margin || o.Fee != n.Fee {
			changed++
		}
	}
	if lines == nil {
		lines = make([]Line, 0, changed)
	}
	start := len(lines)
	for i := range before {
		o, n := &before[i], &ns.Installments[i]
		pb += o.Principal
		mb += o.Margin
		pa += n.Principal
		ma += n.Margin
		if o.Principal == n.Principal && o.Margin == n.Margin && o.Fee == n.Fee {
			continue
		}
		ln := Line{
			Installment: i + 1,
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
	lp, lm, err := lenderParts(l, pb, pa, mb, ma)
	if err != nil {
		return fail("the lenders' part cannot be computed", err)
	}
	a.LenderPrincipal, a.LenderMargin, a.KoperasiMargin = cur.Amount(lp), cur.Amount(lm), cur.Amount(margin-lm)
	if repaid {
		ns.Status = LoanRepaid
	}
	a.Status = ns.Status
	return a, lines[len(lines):], nil
}

// replay recomputes the allocation of the i-th payment of st by posting
// the payments before it again from the loan's first state: the state
// records every input that shaped it, so the result is the one the payment
// had when it was first posted.
func refReplay(l Loan, st State, i int, r Servicing) (Allocation, error) {
	s := NewState(l)
	for k := 0; k <= i; k++ {
		p := st.Payments[k]
		if p.Source == FromRecovery && s.WriteOff.IsZero() {
			s.Status = LoanWrittenOff
			s.WriteOff = st.WriteOff.fresh()
		}
		ns, a, err := refApply(l, s, p, r)
		if err != nil {
			return Allocation{}, err
		}
		if k == i {
			return a, nil
		}
		s = ns
	}
	return Allocation{}, nil // unreachable: i < len(st.Payments)
}

// capLeft is how much more late fee the loan may be charged.
func refCapLeft(l Loan, pd []Paid, p LateFeePolicy) (int64, error) {
	left := int64(math.MaxInt64)
	if p.Cap.IsPositive() {
		left = p.Cap.Minor()
	}
	if !p.CapOfPrincipal.IsZero() {
		c, err := money.Rounding{Step: 1, Mode: money.Down}.MulDiv(l.Principal(), p.CapOfPrincipal.Num(), p.CapOfPrincipal.Den())
		if err != nil {
			return 0, err
		}
		left = min(left, c.Minor())
	}
	if left == math.MaxInt64 {
		return left, nil
	}
	for _, x := range pd {
		left -= x.FeeCharged
	}
	return max(left, 0), nil
}

// accrue charges the late fees that accrue after from through to on pd, in
// installment order, within the cap.
func refAccrue(l Loan, pd []Paid, from, to calendar.Date, p LateFeePolicy) error {
	if p.Kind == NoLateFee || !to.After(from) {
		return nil
	}
	left, err := refCapLeft(l, pd, p)
	if err != nil {
		return err
	}
	cur := l.Principal().Currency()
	for i, in := range l.Schedule.Installments {
		if left == 0 || !in.Due.Before(to) {
			break
		}
		u := in.Total.Minor() - pd[i].Principal - pd[i].Margin
		f, err := feeAccrual(p, cur, in.Due, u, from, to)
		if err != nil {
			return err
		}
		f = min(f, left)
		if f > 0 {
			left -= f
			pd[i].FeeCharged += f
		}
	}
	return nil
}
