package lending

import (
	"fmt"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

// Layer is a party that absorbs the loss of a written-off loan.
type Layer uint8

// Loss layers: the first four in the default waterfall order.
const (
	GroupFundLayer      Layer = iota // the group fund (dana kelompok)
	JointLiabilityLayer              // the group's members under tanggung renteng
	ReserveLayer                     // the koperasi, from its loan-loss allowance or reserve
	LendersLayer                     // the lenders, in total; each lender's part is DistributeWriteOff's
	// KoperasiFundingLayer is the koperasi's own money in a loan whose
	// lenders' shares sum to less than the principal. It shares the
	// lenders' place in the waterfall (the cover before them and the rest
	// are split between the two in proportion to their funding), is booked
	// to the reserve account, never to the lenders, and recovers after
	// them. It is not named in Waterfall.Order.
	KoperasiFundingLayer
	nLayers
)

var layerWords = []string{"group-fund", "joint-liability", "koperasi-reserve", "lenders", "koperasi-funding"}

// String is the layer's word: "group-fund", "joint-liability",
// "koperasi-reserve", "lenders", "koperasi-funding".
func (l Layer) String() string { return wordString(layerWords, int(l)) }

// MarshalText writes the layer's word.
func (l Layer) MarshalText() ([]byte, error) { return wordText("loss layer", layerWords, int(l)) }

// UnmarshalText reads the layer's word.
func (l *Layer) UnmarshalText(b []byte) error {
	i, err := wordParse("loss layer", layerWords, b)
	*l = Layer(i)
	return err
}

// Absorbed is what one layer of the waterfall took of a written-off loss,
// and what it has been given back from recoveries since.
type Absorbed struct {
	Layer     Layer        `json:"layer"`
	Amount    money.Amount `json:"amount"`
	Recovered money.Amount `json:"recovered"`
}

// WriteOff is a loan's write-off (hapus buku): the principal that was
// outstanding, the margin and late fees forgone, how the waterfall absorbed
// the principal, layer by layer, and what has been recovered since. The
// lenders' layer is a total: what each lender lost and recovers is in the
// loan's payout record (DistributeWriteOff, Distribute, PaidOut), split by
// what each actually had out.
type WriteOff struct {
	Date      calendar.Date `json:"date"`
	Principal money.Amount  `json:"principal"`
	Margin    money.Amount  `json:"margin"` // margin not collected (never booked)
	Fee       money.Amount  `json:"fee"`    // late fees not collected (never booked)
	// Absorbed lists the layers that took part of the loss, in waterfall
	// order, the lenders last, with the koperasi's own funding just before
	// them when the loan is part-funded; their amounts sum to Principal.
	Absorbed  []Absorbed   `json:"absorbed"`
	Recovered money.Amount `json:"recovered"`
}

// IsZero reports that there is no write-off.
func (w WriteOff) IsZero() bool { return w.Date.IsZero() }

// fresh is the write-off as it was made, before any recovery.
func (w WriteOff) fresh() WriteOff {
	f := w
	f.Absorbed = append([]Absorbed(nil), w.Absorbed...)
	for i := range f.Absorbed {
		f.Absorbed[i].Recovered = w.Principal.Currency().Amount(0)
	}
	f.Recovered = w.Principal.Currency().Amount(0)
	return f
}

// DefaultDate is the day loan l, in state st, went or goes into default
// under p, given the payments st records: the oldest unpaid installment's
// due date plus p.DaysPastDue, or the last due date plus p.AfterMaturity,
// whichever comes first. ok is false when p has no rule that applies (the
// loan is repaid, written off, or p is zero).
func DefaultDate(l Loan, st State, p DefaultPolicy) (day calendar.Date, ok bool) {
	if st.Status == LoanRepaid || st.Status == LoanWrittenOff || len(st.Installments) != len(l.Schedule.Installments) {
		return calendar.Date{}, false
	}
	ins := l.Schedule.Installments
	oldest := -1
	for i, in := range ins {
		pd := st.Installments[i]
		if pd.Principal != in.Principal.Minor() || pd.Margin != in.Margin.Minor() {
			oldest = i
			break
		}
	}
	if oldest < 0 {
		return calendar.Date{}, false
	}
	if p.DaysPastDue > 0 {
		day, ok = ins[oldest].Due.AddDays(p.DaysPastDue), true
	}
	if p.AfterMaturity > 0 {
		m := ins[len(ins)-1].Due.AddDays(p.AfterMaturity)
		if !ok || m.Before(day) {
			day, ok = m, true
		}
	}
	return day, ok && !day.IsZero()
}

// MarkDefault puts loan l into default when p says it is in default on d,
// recording the day it went into default (which may be before d). It
// returns st unchanged and false when the loan is not in default on d, or
// is already defaulted, repaid or written off.
func MarkDefault(l Loan, st State, d calendar.Date, p DefaultPolicy) (State, bool, error) {
	if err := checkState("mark default", l, st); err != nil {
		return st, false, err
	}
	if err := p.Validate(); err != nil {
		return st, false, err
	}
	if st.Status != LoanActive {
		return st, false, nil
	}
	day, ok := DefaultDate(l, st, p)
	if !ok || day.After(d) {
		return st, false, nil
	}
	ns := st
	ns.Status, ns.DefaultedOn = LoanDefaulted, day
	return ns, true, nil
}

// DeclareDefault puts an active loan into default on d whatever the
// policy says: a decision of the board (pengurus), for a member who died or
// left the village. A loan that is not active is refused (ErrClosed, or
// ErrInvalid when already in default).
func DeclareDefault(l Loan, st State, d calendar.Date) (State, error) {
	if err := checkState("declare default", l, st); err != nil {
		return st, err
	}
	fail := func(sentinel error, reason string) (State, error) {
		return st, &ServicingError{Op: "declare default", Loan: l.ID, Reason: reason, Err: sentinel}
	}
	switch {
	case st.Status == LoanDefaulted:
		return fail(ErrInvalid, "the loan is already in default since "+st.DefaultedOn.String())
	case st.Status != LoanActive:
		return fail(ErrClosed, "the loan is "+st.Status.String())
	case d.IsZero() || d.Before(l.Disbursed):
		return fail(ErrInvalid, "the date "+d.String()+" is not after the disbursement on "+l.Disbursed.String())
	case d.Before(st.lastEvent()):
		return fail(ErrInvalid, "the date "+d.String()+" is before "+st.lastEvent().String()+", which the loan's record already includes")
	}
	ns := st
	ns.Status, ns.DefaultedOn = LoanDefaulted, d
	return ns, nil
}

// Waterfall says who absorbs the loss of a written-off loan, in which
// order, and how much each layer before the lenders can take.
type Waterfall struct {
	// Order is the order of the layers. Empty means group fund, joint
	// liability, koperasi reserve, lenders. The lenders take whatever the
	// layers before them do not (sharing it with the koperasi's own funding
	// of a part-funded loan), so they end the waterfall; they are added at
	// the end when missing.
	Order []Layer `json:"order,omitempty"`
	// GroupFund is what the group fund can give (its free balance).
	GroupFund money.Amount `json:"group_fund"`
	// JointLiability is what the group's members pay now under tanggung
	// renteng, in cash.
	JointLiability money.Amount `json:"joint_liability"`
	// Reserve is what the koperasi takes on itself, booked to
	// ReserveAccount.
	Reserve money.Amount `json:"reserve"`
	// ReserveAccount is debited for the koperasi's layer: the loan-loss
	// allowance (the default) or the write-off expense.
	ReserveAccount ledger.Code `json:"reserve_account,omitempty"`
}

// order returns the layers in waterfall order, lenders last, or an error.
func (w Waterfall) order() ([]Layer, error) {
	if len(w.Order) == 0 {
		return []Layer{GroupFundLayer, JointLiabilityLayer, ReserveLayer, LendersLayer}, nil
	}
	var seen [nLayers]bool
	out := make([]Layer, 0, nLayers)
	for _, l := range w.Order {
		if l >= nLayers {
			return nil, fmt.Errorf("%w: unknown loss layer %d", ErrInvalid, l)
		}
		if l == KoperasiFundingLayer {
			return nil, fmt.Errorf("%w: the koperasi's own funding of a loan is not ordered: it always shares the lenders' place", ErrInvalid)
		}
		if seen[l] {
			return nil, fmt.Errorf("%w: loss layer %s is named twice", ErrInvalid, l)
		}
		seen[l] = true
		if l != LendersLayer {
			out = append(out, l)
		}
	}
	return append(out, LendersLayer), nil
}

func (w Waterfall) capacity(l Layer) money.Amount {
	switch l {
	case GroupFundLayer:
		return w.GroupFund
	case JointLiabilityLayer:
		return w.JointLiability
	case ReserveLayer:
		return w.Reserve
	}
	return money.Amount{}
}

// WriteOffLoan writes loan l off (hapus buku) on d: the principal still
// outstanding is taken off the books and absorbed by the layers of w in
// order, each up to what it can take, the lenders last. Margin and late
// fees not collected are forgone; they were never booked. Any credit held
// is released to the member's savings. It returns the new state, the
// write-off, and the journal entries:
//
//	<opID>/writeoff  Dr GroupFund, Cash (joint liability), ReserveAccount (reserve and
//	                 koperasi funding), LenderFunding (lenders' loss)
//	                 Cr MemberLoans
//	                 joint liability also: Dr JointLiabilityReceivable Cr JointLiabilityPayable
//	<opID>/lenders   Dr LenderFunding Cr LenderPayables: the lenders' part of
//	                 what the other layers paid, owed on to them
//
// The lenders' layer is a total. DistributeWriteOff splits it, and the
// lenders' part of the cover, among the lenders by what each still has out.
//
// A loan the koperasi part-funded (its lenders' shares sum to less than
// the principal; none at all for a loan it funded alone) is written off
// like any other, and the koperasi's own money is never charged to the
// lenders: the cover of the layers before the lenders is shared between
// the lenders and the koperasi in proportion to their funding, as
// repayments are (see Post), and so is the rest, which each then loses on
// what it still has out: the lenders in the lenders' layer, the koperasi
// in KoperasiFundingLayer, booked to the reserve account. Recoveries go to
// the lenders before the koperasi's funding.
//
// A loan that is not in default (not defaulted, and not in default on d
// under r.Default) is refused with ErrNotInDefault; a written-off loan with
// ErrClosed; lenders' shares that are negative, in another currency or sum
// to more than the principal with ErrInvalid.
func WriteOffLoan(l Loan, st State, d calendar.Date, opID string, w Waterfall, r Servicing) (State, WriteOff, []ledger.Entry, error) {
	fail := func(sentinel error, reason string) (State, WriteOff, []ledger.Entry, error) {
		return st, WriteOff{}, nil, &ServicingError{Op: "write off", Loan: l.ID, Reason: reason, Err: sentinel}
	}
	if err := checkState("write off", l, st); err != nil {
		return st, WriteOff{}, nil, err
	}
	if err := r.Validate(); err != nil {
		return st, WriteOff{}, nil, err
	}
	order, err := w.order()
	if err != nil {
		return fail(ErrInvalid, err.Error())
	}
	cur := l.Principal().Currency()
	for _, c := range [...]money.Amount{w.GroupFund, w.JointLiability, w.Reserve} {
		if c.IsNegative() || (!c.IsZero() && c.Currency() != cur) {
			return fail(ErrInvalid, "the waterfall's capacity "+c.String()+" is negative or not in "+cur.String())
		}
	}
	switch {
	case opID == "":
		return fail(ErrInvalid, "the write-off needs an operation ID")
	case st.Status == LoanWrittenOff:
		return fail(ErrClosed, "the loan was already written off on "+st.WriteOff.Date.String())
	case st.Status == LoanRepaid:
		return fail(ErrNotInDefault, "the loan is repaid")
	case d.IsZero() || d.Before(st.lastEvent()):
		return fail(ErrInvalid, "the date "+d.String()+" is before "+st.lastEvent().String()+", which the loan's record already includes")
	}
	ns := st
	if st.Status != LoanDefaulted {
		var ok bool
		ns, ok, err = MarkDefault(l, st, d, r.Default)
		if err != nil {
			return st, WriteOff{}, nil, err
		}
		if !ok {
			return fail(ErrNotInDefault, "the loan is not in default on "+d.String()+" under the default policy; declare the default first if the board decided it")
		}
	}
	ns.Installments = append([]Paid(nil), st.Installments...)
	if err := accrue(l, ns.Installments, st.AccruedThrough, d, r.LateFee); err != nil {
		return fail(ErrInvalid, "the late fee cannot be computed: "+err.Error())
	}
	if d.After(ns.AccruedThrough) {
		ns.AccruedThrough = d
	}
	var principal, margin, fee int64
	for i, in := range l.Schedule.Installments {
		pd := ns.Installments[i]
		principal += in.Principal.Minor() - pd.Principal
		margin += in.Margin.Minor() - pd.Margin
		fee += pd.FeeCharged - pd.Fee
	}
	funded, err := lendersFunded(l)
	if err != nil {
		return fail(ErrInvalid, err.Error())
	}
	wo := WriteOff{Date: d, Principal: cur.Amount(principal), Margin: cur.Amount(margin), Fee: cur.Amount(fee), Recovered: cur.Amount(0)}
	left := principal
	for _, layer := range order {
		take := left
		if layer != LendersLayer {
			take = min(left, w.capacity(layer).Minor())
		}
		left -= take
		if layer == LendersLayer && funded < l.Principal().Minor() {
			// Part-funded: the lenders lose what they still have out after
			// their part of the cover; the rest of the layer is the
			// koperasi's own.
			p := l.Principal().Minor()
			back, _, err := lenderParts(&l, 0, p-take, 0, 0)
			if err != nil {
				return fail(ErrInvalid, "the lenders' part of the loss cannot be computed: "+err.Error())
			}
			lost := funded - back
			wo.Absorbed = append(wo.Absorbed, Absorbed{Layer: KoperasiFundingLayer, Amount: cur.Amount(take - lost), Recovered: cur.Amount(0)})
			take = lost
		}
		wo.Absorbed = append(wo.Absorbed, Absorbed{Layer: layer, Amount: cur.Amount(take), Recovered: cur.Amount(0)})
	}
	cover, err := lendersCover(l, wo)
	if err != nil {
		return fail(ErrInvalid, err.Error())
	}
	ns.Status, ns.WriteOff, ns.Credit = LoanWrittenOff, wo, cur.Amount(0)
	return ns, wo, writeOffEntries(l, wo, opID, w, cover), nil
}

// lendersFunded is what the lenders put into loan l: the sum of their
// shares, at most the principal.
func lendersFunded(l Loan) (int64, error) {
	cur := l.Principal().Currency()
	var sum int64
	for _, s := range l.Lenders {
		a := s.Amount
		if a.IsNegative() || (!a.IsZero() && a.Currency() != cur) {
			return 0, fmt.Errorf("lender %s's share %s is negative or not in %s", s.Lender, a, cur)
		}
		if a.Minor() > l.Principal().Minor()-sum {
			return 0, fmt.Errorf("the lenders' shares sum to more than the principal %s", l.Principal())
		}
		sum += a.Minor()
	}
	return sum, nil
}

// lendersCover is the lenders' part of what the layers before them paid
// at write-off wo: what the lenders had out at write-off less their loss.
// It is owed on to them (WriteOffLoan's <opID>/lenders entry), and
// DistributeWriteOff pays it out. The lenders' share of every amount of
// principal is cumulative, as in Post: of the first x collected or
// covered, they get lenderParts(l, 0, x) in all.
func lendersCover(l Loan, wo WriteOff) (int64, error) {
	p := l.Principal().Minor()
	lost, own := wo.absorbed(LendersLayer).Minor(), wo.absorbed(KoperasiFundingLayer).Minor()
	paid := p - wo.Principal.Minor()
	covered := wo.Principal.Minor() - lost - own
	if paid < 0 || lost < 0 || own < 0 || covered < 0 {
		return 0, fmt.Errorf("the written-off principal %s and its lenders' and koperasi's layers %s and %s do not fit the loan's principal %s",
			wo.Principal, wo.Principal.Currency().Amount(lost), wo.Principal.Currency().Amount(own), l.Principal())
	}
	cover, _, err := lenderParts(&l, paid, paid+covered, 0, 0)
	if err != nil {
		return 0, fmt.Errorf("the lenders' part of the cover cannot be computed: %w", err)
	}
	return cover, nil
}

// absorbed is what layer l took of the loss.
func (w WriteOff) absorbed(l Layer) money.Amount {
	var sum money.Amount
	for _, a := range w.Absorbed {
		if a.Layer == l {
			sum = a.Amount.Currency().Amount(sum.Minor() + a.Amount.Minor())
		}
	}
	return sum
}

func writeOffEntries(l Loan, wo WriteOff, opID string, w Waterfall, cover int64) []ledger.Entry {
	cur := l.Principal().Currency()
	reserve := w.ReserveAccount
	if reserve == "" {
		reserve = ledger.LoanLossAllowance
	}
	var ps []ledger.Posting
	ps = addPosting(ps, ledger.GroupFund, ledger.Debit, wo.absorbed(GroupFundLayer))
	jl := wo.absorbed(JointLiabilityLayer)
	ps = addPosting(ps, ledger.Cash, ledger.Debit, jl)
	ps = addPosting(ps, ledger.JointLiabilityReceivable, ledger.Debit, jl)
	ps = addPosting(ps, reserve, ledger.Debit, cur.Amount(wo.absorbed(ReserveLayer).Minor()+wo.absorbed(KoperasiFundingLayer).Minor()))
	ps = addPosting(ps, ledger.LenderFunding, ledger.Debit, wo.absorbed(LendersLayer))
	ps = addPosting(ps, ledger.MemberLoans, ledger.Credit, wo.Principal)
	ps = addPosting(ps, ledger.JointLiabilityPayable, ledger.Credit, jl)
	var out []ledger.Entry
	if len(ps) >= 2 {
		out = append(out, ledger.Entry{
			ID: opID + "/writeoff", Date: wo.Date,
			Memo:     "write-off of loan " + string(l.ID),
			Refs:     loanRefs(l, ""),
			Postings: ps,
		})
	}
	// The lenders are owed their part of what the other layers paid.
	if cover > 0 {
		out = append(out, ledger.Entry{
			ID: opID + "/lenders", Date: wo.Date,
			Memo:     "lenders' part of the cover of written-off loan " + string(l.ID),
			Refs:     loanRefs(l, ""),
			Postings: []ledger.Posting{ledger.Dr(ledger.LenderFunding, cur.Amount(cover)), ledger.Cr(ledger.LenderPayables, cur.Amount(cover))},
		})
	}
	return out
}

// applyRecovery gives money recovered after write-off back through the
// waterfall in reverse order: lenders first (in total; Distribute splits
// it by their losses), then the koperasi's own funding, its reserve, the
// group's members, and the group fund. What is beyond the written-off
// principal is refunded.
func applyRecovery(l Loan, st State, p Payment) (State, Allocation, error) {
	cur := l.Principal().Currency()
	ns := st
	wo := st.WriteOff
	wo.Absorbed = append([]Absorbed(nil), st.WriteOff.Absorbed...)
	ns.Payments = append(make([]Payment, 0, len(st.Payments)+1), st.Payments...)
	ns.Payments = append(ns.Payments, p)
	a := Allocation{Payment: p, Lines: []Line{}, Fee: cur.Amount(0), Margin: cur.Amount(0), Principal: cur.Amount(0),
		LenderPrincipal: cur.Amount(0), LenderMargin: cur.Amount(0), KoperasiMargin: cur.Amount(0),
		CreditUsed: cur.Amount(0), Credit: cur.Amount(0), Status: LoanWrittenOff}
	left := p.Amount.Minor()
	for k := len(wo.Absorbed) - 1; k >= 0 && left > 0; k-- {
		ab := &wo.Absorbed[k]
		x := min(left, ab.Amount.Minor()-ab.Recovered.Minor())
		if x <= 0 {
			continue
		}
		left -= x
		ab.Recovered = cur.Amount(ab.Recovered.Minor() + x)
		a.Recovery = append(a.Recovery, LayerAmount{Layer: ab.Layer, Amount: cur.Amount(x)})
	}
	wo.Recovered = cur.Amount(wo.Recovered.Minor() + p.Amount.Minor() - left)
	a.Refund = cur.Amount(left)
	ns.WriteOff = wo
	return ns, a, nil
}

// recoveryEntries: Dr Cash; Cr LenderPayables (lenders), RecoveryIncome
// (the koperasi: its own funding and its reserve, in one posting),
// JointLiabilityReceivable (the defaulter repays the peers' cover, owed on
// to them), GroupFund (restored).
func recoveryEntries(l Loan, a Allocation) []ledger.Entry {
	p := a.Payment
	cur := l.Principal().Currency()
	taken := cur.Amount(p.Amount.Minor() - a.Refund.Minor())
	ps := addPosting(nil, ledger.Cash, ledger.Debit, taken)
	income := -1 // index of the RecoveryIncome posting
	for _, r := range a.Recovery {
		code := ledger.GroupFund
		switch r.Layer {
		case LendersLayer:
			code = ledger.LenderPayables
		case ReserveLayer, KoperasiFundingLayer:
			code = ledger.RecoveryIncome
			if income >= 0 {
				ps[income].Amount = cur.Amount(ps[income].Amount.Minor() + r.Amount.Minor())
				continue
			}
			if r.Amount.IsPositive() {
				income = len(ps)
			}
		case JointLiabilityLayer:
			code = ledger.JointLiabilityReceivable
		}
		ps = addPosting(ps, code, ledger.Credit, r.Amount)
	}
	if len(ps) < 2 {
		return nil
	}
	return []ledger.Entry{{
		ID: p.ID + "/recovery", Date: p.Date,
		Memo:     "recovery " + p.ID + " on written-off loan " + string(l.ID),
		Refs:     loanRefs(l, string(p.Payer)),
		Postings: ps,
	}}
}
