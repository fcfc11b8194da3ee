package lending

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/internal/wide"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// PayoutKind says what money a payout passes on to a loan's lenders. The
// zero PayoutKind is RepaymentPayout.
type PayoutKind uint8

// Payout kinds.
const (
	// RepaymentPayout passes on principal and the lenders' margin collected
	// from a payment: the borrower's, the peers' cover or the group fund's.
	RepaymentPayout PayoutKind = iota
	// WriteOffPayout passes on what the loss layers before the lenders
	// (group fund, joint liability, koperasi reserve) paid at write-off, and
	// records each lender's loss.
	WriteOffPayout
	// RecoveryPayout passes on the lenders' layer of money recovered after
	// write-off.
	RecoveryPayout
)

var payoutKindWords = []string{"repayment", "write-off", "recovery"}

// String is the kind's word: "repayment", "write-off", "recovery".
func (k PayoutKind) String() string { return wordString(payoutKindWords, int(k)) }

// MarshalText writes the kind's word.
func (k PayoutKind) MarshalText() ([]byte, error) {
	return wordText("payout kind", payoutKindWords, int(k))
}

// UnmarshalText reads the kind's word.
func (k *PayoutKind) UnmarshalText(b []byte) error {
	i, err := wordParse("payout kind", payoutKindWords, b)
	*k = PayoutKind(i)
	return err
}

// LenderPayout is one lender's part of a payout. Total = Principal + Margin
// + Recovered is what is credited to the lender's simpanan sukarela. Loss is
// only set by a write-off: the principal the lender lost, not paid.
type LenderPayout struct {
	Lender    members.ID   `json:"lender"`
	Principal money.Amount `json:"principal"`
	Margin    money.Amount `json:"margin"`
	Recovered money.Amount `json:"recovered"`
	Total     money.Amount `json:"total"`
	Loss      money.Amount `json:"loss"`
}

// Payout is the money one collection on a loan passes on to its lenders,
// split among them. Its totals are exactly what the collection set aside
// for the lenders (Allocation.LenderPrincipal and LenderMargin, the
// lenders' layer of a recovery, the lenders' part of a write-off cover),
// and its Lenders' parts sum to them exactly.
type Payout struct {
	// ID is the operation it comes from: the payment's ID, or the
	// write-off's operation ID. Entry and deposit IDs derive from it.
	ID   string        `json:"id"`
	Loan LoanID        `json:"loan"`
	Date calendar.Date `json:"date"`
	Kind PayoutKind    `json:"kind"`
	// Seq numbers the loan's payouts from 0; it rotates ties (see Distribute).
	Seq       int          `json:"seq"`
	Principal money.Amount `json:"principal"`
	Margin    money.Amount `json:"margin"`
	Recovered money.Amount `json:"recovered"`
	Total     money.Amount `json:"total"`
	Loss      money.Amount `json:"loss"`
	// KoperasiMargin is the koperasi's part of the margin collected (per
	// Loan.Split): its income, not paid out, shown for completeness.
	KoperasiMargin money.Amount `json:"koperasi_margin"`
	// Lenders are the parts, in the order of Loan.Lenders.
	Lenders []LenderPayout `json:"lenders"`
}

// LenderPaid is what one lender of a loan has received so far, what it lost
// and how long its money was out.
type LenderPaid struct {
	Lender members.ID `json:"lender"`
	// Funded is the lender's share of the loan (Loan.Lenders).
	Funded    money.Amount `json:"funded"`
	Principal money.Amount `json:"principal"` // principal paid back, repayments and write-off cover
	Margin    money.Amount `json:"margin"`    // margin earned
	Loss      money.Amount `json:"loss"`      // principal written off
	Recovered money.Amount `json:"recovered"` // of Loss, recovered since
	// MoneyDays is the lender's principal outstanding summed over every day
	// from disbursement through PaidOut.Through, in minor-unit days: the
	// denominator of the lender's realised yield.
	MoneyDays int64 `json:"money_days,string"`
}

// Outstanding is the lender's principal still out in the loan.
func (p LenderPaid) Outstanding() money.Amount {
	return p.Funded.Currency().Amount(p.Funded.Minor() - p.Principal.Minor() - p.Loss.Minor())
}

// PaidOut is what a loan has paid out to its lenders so far: per lender,
// principal, margin, loss and recoveries, and the money-days its principal
// was out. It is the memory Distribute needs to keep every lender's
// cumulative payout within a rupiah of its exact share, and what lender
// statements and the lenders' realised yield are computed from.
//
// Like State it is a value: Distribute and DistributeWriteOff take one and
// return the next, never changing the one they were given. NewPaidOut makes
// the first; PaidOutOf rebuilds it from a loan's State.
type PaidOut struct {
	Loan LoanID `json:"loan"`
	// Through is the day through which MoneyDays are counted: the date of
	// the latest payout, or the disbursement.
	Through calendar.Date `json:"through"`
	// WrittenOff is the day the loan was written off, zero if it was not.
	WrittenOff calendar.Date `json:"written_off,omitzero"`
	// Payments is the number of the loan's payments (State.Payments)
	// distributed: the next to distribute is State.Payments[Payments].
	Payments int `json:"payments"`
	// Payouts is the number of payouts made: the payments distributed and
	// the write-off. It is the Seq of the next payout.
	Payouts int `json:"payouts"`
	// Lenders are in the order of Loan.Lenders.
	Lenders []LenderPaid `json:"lenders"`
}

// NewPaidOut returns the record of a loan just disbursed: nothing paid out.
func NewPaidOut(l Loan) PaidOut {
	cur := l.Principal().Currency()
	z := cur.Amount(0)
	po := PaidOut{Loan: l.ID, Through: l.Disbursed, Lenders: make([]LenderPaid, len(l.Lenders))}
	for i, s := range l.Lenders {
		po.Lenders[i] = LenderPaid{Lender: s.Lender, Funded: cur.Amount(s.Amount.Minor()), Principal: z, Margin: z, Loss: z, Recovered: z}
	}
	return po
}

// PayoutError reports a payout that cannot be made, and why. It wraps one
// of the package's sentinels (ErrInvalid, ErrNotFound, ErrDuplicate,
// ErrClosed).
type PayoutError struct {
	Op     string // "distribute", "distribute write-off", "statement", "metrics"
	Loan   LoanID
	ID     string // the operation, when there is one
	Reason string
	Err    error
}

func (e *PayoutError) Error() string {
	s := "lending: " + e.Op
	if e.ID != "" {
		s += " " + strconv.Quote(e.ID)
	}
	if e.Loan != "" {
		s += " on loan " + string(e.Loan)
	}
	return s + ": " + e.Reason
}

func (e *PayoutError) Unwrap() error { return e.Err }

// checkPaid refuses a record that is not of loan l or does not fit it.
func checkPaid(op string, l *Loan, po *PaidOut) error { // by pointer: a Loan is large
	bad := func(reason string) error {
		return &PayoutError{Op: op, Loan: l.ID, Reason: reason, Err: ErrInvalid}
	}
	if po.Loan != l.ID {
		return bad("the payout record given is of loan " + strconv.Quote(string(po.Loan)))
	}
	if len(po.Lenders) != len(l.Lenders) {
		return bad("the payout record has " + strconv.Itoa(len(po.Lenders)) + " lenders, the loan " + strconv.Itoa(len(l.Lenders)))
	}
	if po.Payments < 0 || po.Payouts < po.Payments {
		return bad("the payout record counts " + strconv.Itoa(po.Payments) + " payments in " + strconv.Itoa(po.Payouts) + " payouts")
	}
	if po.Through.IsZero() || po.Through.Before(l.Disbursed) {
		return bad("the payout record counts money-days through " + po.Through.String() + ", before the disbursement on " + l.Disbursed.String())
	}
	cur := l.Schedule.Principal.Currency()
	ok := func(a money.Amount) bool { return a.Minor() >= 0 && (a.IsZero() || a.Currency() == cur) }
	for i, s := range l.Lenders {
		p := po.Lenders[i]
		switch {
		case p.Lender != s.Lender || p.Funded.Minor() != s.Amount.Minor():
			return bad("lender " + strconv.Itoa(i+1) + " of the payout record is " + string(p.Lender) + " with " + p.Funded.String() + ", the loan's is " + string(s.Lender) + " with " + s.Amount.String())
		case s.Amount.Minor() < 0 || !ok(s.Amount):
			return bad("lender " + string(s.Lender) + "'s share " + s.Amount.String() + " is negative or not in " + cur.String())
		case !ok(p.Principal) || !ok(p.Margin) || !ok(p.Loss) || !ok(p.Recovered) || p.MoneyDays < 0:
			return bad("lender " + string(p.Lender) + " has negative amounts or amounts not in " + cur.String())
		case p.Principal.Minor() > p.Funded.Minor()-p.Loss.Minor() || p.Recovered.Minor() > p.Loss.Minor():
			return bad("lender " + string(p.Lender) + " is recorded as paid back more principal than it funded, or recovering more than it lost")
		}
	}
	return nil
}

// Distribute passes on to the lenders of loan l the money a payment
// collected for them, as Post allocated it in a: the principal and the
// lenders' margin of a repayment (a.LenderPrincipal, a.LenderMargin), or
// the lenders' layer of a recovery after write-off. st is the loan's state
// (the one Post returned, or any later one): payments are distributed one
// by one in the order st records them, so a.Payment must be
// st.Payments[po.Payments]. It returns the next payout record, the payout
// and the journal entries to post (never posted here); po is not changed,
// and on error the record returned is po itself.
//
// Each component (principal, margin, recovery) is split by the lenders'
// shares (recoveries by their losses) with the largest remainder method,
// applied to what each lender has received so far: every lender first gets
// its exact share of the collection rounded down, and the rupiahs left over
// (fewer than the number of lenders) go one each to the lenders furthest
// behind their exact share of everything the loan has collected for its
// lenders, including this collection. So
//
//   - the parts sum to the collection exactly: money out = money in;
//   - each part is its exact share rounded down or up: within one rupiah;
//   - a lender who got an odd rupiah goes to the back of the queue, so over
//     many payouts lenders of equal shares receive the odd rupiahs in turn,
//     their counts never more than one apart;
//   - no lender is paid back more principal than it funded, nor recovers
//     more than it lost, and the payment that completes the principal pays
//     each lender exactly what it still has out. (Plain largest remainder
//     on each payment alone drifts: on the Mekarmukti loan funded
//     Rp10.000/10.000/5.000 the third lender would get Rp833 six times,
//     Rp4.998 of its Rp5.000.)
//
// Lenders equally far behind (at the start, lenders of equal shares) are
// served in circular order starting with lender number Seq modulo the
// number of lenders, Seq being the number of payouts already made on the
// loan, so that the first odd rupiah does not always go to the first
// lender. The one exception to "within one rupiah": when a lender's
// remaining principal, margin or loss caps its part near the end of the
// loan, the rupiah it cannot take goes to the next lender in line.
//
// Journal, with the entry ID derived from the payment ID:
//
//	<id>/payout  Dr LenderPayables  Cr SukarelaSavings
//
// balancing the Cr LenderPayables of Post's <id>/lenders entry (or, for a
// recovery, its <id>/recovery entry). A host that keeps savings in
// members.Savings applies Payout.Deposits instead, one deposit per lender
// (<id>/payout/<lender>), which posts the same amounts and updates the
// lenders' savings books; never both.
//
// Refused, with a *PayoutError: a record or state of another loan or that
// does not fit it (ErrInvalid); an allocation of another loan
// (ErrNotFound); a payment already distributed (ErrDuplicate), or not the
// next one (ErrInvalid); a repayment after the write-off or a recovery
// before it (ErrClosed, ErrInvalid); amounts the lenders are not owed.
func Distribute(l Loan, st State, po PaidOut, a Allocation) (PaidOut, Payout, []ledger.Entry, error) {
	np, out, err := DistributePayout(l, st, po, a)
	if err != nil {
		return po, Payout{}, nil, err
	}
	return np, out, out.Entries(l), nil
}

// DistributePayout is Distribute without the journal entries: the same
// checks, split, record and payout, for a host that books the lenders'
// money through Payout.Deposits (or AppendDeposits) and would throw the
// entries away. Payout.Entries gives them when they are wanted after all.
func DistributePayout(l Loan, st State, po PaidOut, a Allocation) (PaidOut, Payout, error) {
	np := po
	out, err := distribute(&l, &st, &np, &a, true, nil)
	if err != nil {
		return po, Payout{}, err
	}
	return np, out, nil
}

// DistributeInPlace is DistributePayout for a caller that owns the payout
// record and keeps no copy of it: the next record is written over *po (its
// Lenders too, in place), and the payout's Lenders are built in the storage
// of lenders when it has room for every lender of the loan, so the payout
// is good until that storage is used again. A group's collection pays on
// every loan at every meeting; this way it allocates nothing. On error
// *po is unchanged.
func DistributeInPlace(l *Loan, st *State, po *PaidOut, a *Allocation, lenders []LenderPayout) (Payout, error) {
	return distribute(l, st, po, a, false, lenders)
}

// distribute is DistributePayout and DistributeInPlace: fresh gives the
// record new Lenders instead of changing those of *po in place.
func distribute(lp *Loan, sp *State, pp *PaidOut, ap *Allocation, fresh bool, lenders []LenderPayout) (Payout, error) {
	l, st, po, a := lp, sp, pp, ap
	p := &a.Payment
	fail := func(sentinel error, reason string) (Payout, error) {
		return Payout{}, &PayoutError{Op: "distribute", Loan: l.ID, ID: p.ID, Reason: reason, Err: sentinel}
	}
	if err := checkPaid("distribute", l, po); err != nil {
		return Payout{}, err
	}
	switch {
	case p.ID == "":
		return fail(ErrInvalid, "the payment has no ID")
	case p.Loan != l.ID:
		return fail(ErrNotFound, "the allocation is of a payment for loan "+strconv.Quote(string(p.Loan)))
	case st.Loan != l.ID:
		return fail(ErrInvalid, "the state given is of loan "+strconv.Quote(string(st.Loan)))
	case po.Payments >= len(st.Payments) || st.Payments[po.Payments] != *p:
		if slices.Contains(st.Payments[:min(po.Payments, len(st.Payments))], *p) {
			return fail(ErrDuplicate, "the payment was already distributed to the lenders; nothing changed")
		}
		if po.Payments >= len(st.Payments) {
			return fail(ErrInvalid, "the state records "+strconv.Itoa(len(st.Payments))+" payments, all distributed; post the payment first and give the state Post returned")
		}
		return fail(ErrInvalid, "the next payment to distribute is "+strconv.Quote(st.Payments[po.Payments].ID)+" of "+st.Payments[po.Payments].Date.String()+"; distribute payments in the order they were posted")
	case !po.WrittenOff.IsZero() && p.Source != FromRecovery:
		return fail(ErrClosed, "the loan was written off on "+po.WrittenOff.String()+"; only recoveries are distributed")
	case p.Date.IsZero() || p.Date.Before(po.Through):
		return fail(ErrInvalid, "the payment is dated "+p.Date.String()+", before the latest payout on "+po.Through.String()+"; distribute payments in date order")
	}
	cur := l.Schedule.Principal.Currency()
	amt := func(x money.Amount) (int64, bool) {
		return x.Minor(), x.Minor() >= 0 && (x.IsZero() || x.Currency() == cur)
	}
	d := dist{fresh: fresh, cur: cur, kind: RepaymentPayout, id: p.ID, on: p.Date}
	if p.Source == FromRecovery {
		if po.WrittenOff.IsZero() {
			return fail(ErrInvalid, "a recovery needs the write-off distributed first (DistributeWriteOff)")
		}
		var rec int64
		for _, r := range a.Recovery {
			x, ok := amt(r.Amount)
			if !ok {
				return fail(ErrInvalid, "the recovery amount "+r.Amount.String()+" is negative or not in "+cur.String())
			}
			if r.Layer == LendersLayer {
				rec += x
			}
		}
		d.kind, d.recovered = RecoveryPayout, rec
	} else {
		var ok1, ok2, ok3 bool
		d.principal, ok1 = amt(a.LenderPrincipal)
		d.margin, ok2 = amt(a.LenderMargin)
		d.koperasi, ok3 = amt(a.KoperasiMargin)
		if !ok1 || !ok2 || !ok3 {
			return fail(ErrInvalid, "the lenders' principal "+a.LenderPrincipal.String()+" or margin "+a.LenderMargin.String()+" is negative or not in "+cur.String())
		}
	}
	return d.run(l, po, lenders)
}

// DistributeWriteOff records the write-off wo of loan l (as WriteOffLoan
// made it) in the payout record: the lenders' part of what the loss layers
// before them paid (WriteOffLoan's <opID>/lenders entry) is paid out to the
// lenders, and what each lender still had out beyond its part of that cover
// is its loss. opID is the write-off's operation ID. Every payment before
// the write-off must have been distributed.
//
// This is where the lenders' layer of the waterfall (a total in WriteOff)
// is split per lender. Each lender's loss is its own principal outstanding
// less its part of the cover, so that for every lender principal paid back
// + loss = funded, to the rupiah, and the losses sum to the lenders' layer
// exactly. (Splitting the layer by the original shares instead could miss
// by a rupiah, because the payouts before the write-off were rounded.)
// Recoveries are then given back in proportion to these losses
// (Distribute). The koperasi's own funding of a part-funded loan
// (KoperasiFundingLayer) is never the lenders': it is neither paid out nor
// counted in their losses.
//
// Journal: <opID>/payout as for Distribute, for the cover.
//
// Refused, with a *PayoutError: a record that does not fit the loan, a
// second write-off (ErrClosed), no ID or date, a date before the latest
// payout, layers that do not fit the principal, or a record whose lenders
// have more or less out than the write-off accounts for: payments not yet
// distributed (ErrInvalid).
func DistributeWriteOff(l Loan, po PaidOut, wo WriteOff, opID string) (PaidOut, Payout, []ledger.Entry, error) {
	fail := func(sentinel error, reason string) (PaidOut, Payout, []ledger.Entry, error) {
		return po, Payout{}, nil, &PayoutError{Op: "distribute write-off", Loan: l.ID, ID: opID, Reason: reason, Err: sentinel}
	}
	if err := checkPaid("distribute write-off", &l, &po); err != nil {
		return po, Payout{}, nil, err
	}
	cur := l.Principal().Currency()
	switch {
	case opID == "":
		return fail(ErrInvalid, "the write-off needs an operation ID")
	case !po.WrittenOff.IsZero():
		return fail(ErrClosed, "the loan was already written off on "+po.WrittenOff.String())
	case wo.IsZero():
		return fail(ErrInvalid, "the write-off has no date")
	case wo.Date.Before(po.Through):
		return fail(ErrInvalid, "the write-off is dated "+wo.Date.String()+", before the latest payout on "+po.Through.String())
	case wo.Principal.Minor() < 0 || (!wo.Principal.IsZero() && wo.Principal.Currency() != cur):
		return fail(ErrInvalid, "the written-off principal "+wo.Principal.String()+" is negative or not in "+cur.String())
	}
	for _, ab := range wo.Absorbed {
		if a := ab.Amount; a.IsNegative() || (!a.IsZero() && a.Currency() != cur) {
			return fail(ErrInvalid, "the "+ab.Layer.String()+" layer's "+a.String()+" is negative or not in "+cur.String())
		}
	}
	// The lenders' part of the cover, as WriteOffLoan credited it to
	// LenderPayables.
	cover, err := lendersCover(l, wo)
	if err != nil {
		return fail(ErrInvalid, err.Error())
	}
	lost := wo.absorbed(LendersLayer).Minor()
	var out int64
	for _, p := range po.Lenders {
		var ok bool
		if out, ok = wide.Add(out, p.Outstanding().Minor()); !ok {
			return fail(ErrInvalid, "the lenders' principal outstanding overflows")
		}
	}
	if out != cover+lost {
		return fail(ErrInvalid, "the lenders have "+cur.Amount(out).String()+" out in the payout record, but the write-off accounts for "+
			cur.Amount(cover+lost).String()+" (their part of the cover "+cur.Amount(cover).String()+" and their loss "+cur.Amount(lost).String()+
			"); distribute every payment before the write-off")
	}
	np := po
	d := dist{fresh: true, cur: cur, kind: WriteOffPayout, id: opID, on: wo.Date, principal: cover}
	res, err := d.run(&l, &np, nil)
	if err != nil {
		return po, Payout{}, nil, err
	}
	return np, res, res.Entries(l), nil
}

// maxStack is the number of lenders the splitting works for without
// allocating scratch space.
const maxStack = 8

// dist is one distribution being worked out.
type dist struct {
	fresh bool // give the record new Lenders rather than change its own
	cur   money.Currency
	kind  PayoutKind
	id    string
	on    calendar.Date
	// amounts to split
	principal, margin, recovered, koperasi int64
}

// run splits the amounts on loan l, makes *po the next record (only once
// every check has passed) and returns the payout, its Lenders in the
// storage of lenders if it has room. l is a pointer: a Loan is large, and
// run only reads it.
func (d *dist) run(l *Loan, po *PaidOut, lenders []LenderPayout) (Payout, error) {
	n := len(l.Lenders)
	fail := func(sentinel error, reason string) (Payout, error) {
		op := "distribute"
		if d.kind == WriteOffPayout {
			op = "distribute write-off"
		}
		return Payout{}, &PayoutError{Op: op, Loan: l.ID, ID: d.id, Reason: reason, Err: sentinel}
	}
	if n == 0 {
		if d.principal != 0 || d.margin != 0 || d.recovered != 0 {
			return fail(ErrInvalid, "the loan has no lenders to pay")
		}
	}
	var stack [7 * maxStack]int64
	buf := stack[:]
	if n > maxStack {
		buf = make([]int64, 7*n)
	}
	w, paid, caps := buf[:n], buf[n:2*n], buf[2*n:3*n]
	xp, xm, xr, mds := buf[3*n:4*n], buf[4*n:5*n], buf[5*n:6*n], buf[6*n:7*n]
	clear(buf[3*n : 6*n])
	tie := po.Payouts

	if d.principal > 0 || d.kind == WriteOffPayout {
		var capSum int64
		for i, s := range l.Lenders {
			w[i] = s.Amount.Minor()
			p := po.Lenders[i]
			paid[i] = p.Principal.Minor()
			caps[i] = p.Funded.Minor() - p.Principal.Minor() - p.Loss.Minor()
			capSum += caps[i]
		}
		if d.principal > capSum {
			return fail(ErrInvalid, "the lenders' principal "+d.cur.Amount(d.principal).String()+" is more than they still have out in the loan, "+d.cur.Amount(capSum).String())
		}
		if err := spread(xp, d.principal, w, paid, caps, tie); err != nil {
			return fail(ErrInvalid, "the principal cannot be split by the lenders' shares: "+err.Error())
		}
	}
	if d.margin > 0 {
		// A lender's margin never passes its exact share of all the
		// lenders' margin, rounded up.
		_, mt, err := lenderParts(l, 0, 0, 0, l.Schedule.Margin.Minor())
		if err != nil || mt < 0 {
			return fail(ErrInvalid, "the lenders' margin cannot be computed")
		}
		var total uint64
		for i, s := range l.Lenders {
			w[i] = s.Amount.Minor()
			total += uint64(w[i]) // shares are checked non-negative; their sum is the principal's size
		}
		if total == 0 || total > 1<<63-1 {
			return fail(ErrInvalid, "the lenders' shares do not add up to a positive amount")
		}
		var capSum int64
		for i := range l.Lenders {
			paid[i] = po.Lenders[i].Margin.Minor()
			hi, lo := bits.Mul64(uint64(mt), uint64(w[i]))
			q, r := bits.Div64(hi, lo, total) // hi < total: w <= total
			if r != 0 {
				q++
			}
			caps[i] = max(int64(q)-paid[i], 0)
			capSum += caps[i]
		}
		if d.margin > capSum {
			return fail(ErrInvalid, "the lenders' margin "+d.cur.Amount(d.margin).String()+" is more than the loan's margin leaves them, "+d.cur.Amount(capSum).String())
		}
		if err := spread(xm, d.margin, w, paid, caps, tie); err != nil {
			return fail(ErrInvalid, "the margin cannot be split by the lenders' shares: "+err.Error())
		}
	}
	if d.recovered > 0 {
		var capSum int64
		for i, p := range po.Lenders {
			w[i] = p.Loss.Minor()
			paid[i] = p.Recovered.Minor()
			caps[i] = p.Loss.Minor() - p.Recovered.Minor()
			capSum += caps[i]
		}
		if d.recovered > capSum {
			return fail(ErrInvalid, "the lenders' recovery "+d.cur.Amount(d.recovered).String()+" is more than they have left to recover, "+d.cur.Amount(capSum).String())
		}
		if err := spread(xr, d.recovered, w, paid, caps, tie); err != nil {
			return fail(ErrInvalid, "the recovery cannot be split by the lenders' losses: "+err.Error())
		}
	}

	// The money-days, the last check, before anything changes.
	days := int64(d.on.Sub(po.Through))
	for i := range po.Lenders {
		p := &po.Lenders[i]
		md, ok := wide.Mul(p.Outstanding().Minor(), days)
		if ok {
			md, ok = wide.Add(p.MoneyDays, md)
		}
		if !ok {
			return fail(ErrInvalid, "the lender's money-days overflow")
		}
		mds[i] = md
	}

	// From here on the record changes, in place (with fresh Lenders when
	// the caller keeps the record it gave).
	if d.fresh {
		po.Lenders = slices.Clone(po.Lenders)
	}
	seq := po.Payouts
	po.Payouts++
	if d.kind != WriteOffPayout {
		po.Payments++
	}
	po.Through = d.on
	if cap(lenders) < n {
		lenders = make([]LenderPayout, n)
	}
	out := Payout{
		ID: d.id, Loan: l.ID, Date: d.on, Kind: d.kind, Seq: seq,
		Lenders: lenders[:n],
	}
	var loss int64
	for i := range po.Lenders {
		p := &po.Lenders[i]
		p.MoneyDays = mds[i]
		lp := LenderPayout{
			Lender:    p.Lender,
			Principal: d.cur.Amount(xp[i]),
			Margin:    d.cur.Amount(xm[i]),
			Recovered: d.cur.Amount(xr[i]),
			Total:     d.cur.Amount(xp[i] + xm[i] + xr[i]),
			Loss:      d.cur.Amount(0),
		}
		p.Principal = d.cur.Amount(p.Principal.Minor() + xp[i])
		p.Margin = d.cur.Amount(p.Margin.Minor() + xm[i])
		p.Recovered = d.cur.Amount(p.Recovered.Minor() + xr[i])
		if d.kind == WriteOffPayout {
			// what is still out after the cover is lost
			lp.Loss = p.Outstanding()
			p.Loss = d.cur.Amount(p.Loss.Minor() + lp.Loss.Minor())
			loss += lp.Loss.Minor()
		}
		out.Lenders[i] = lp
	}
	if d.kind == WriteOffPayout {
		po.WrittenOff = d.on
	}
	out.Principal = d.cur.Amount(d.principal)
	out.Margin = d.cur.Amount(d.margin)
	out.Recovered = d.cur.Amount(d.recovered)
	out.Total = d.cur.Amount(d.principal + d.margin + d.recovered)
	out.Loss = d.cur.Amount(loss)
	out.KoperasiMargin = d.cur.Amount(d.koperasi)
	return out, nil
}

// spread splits c into dst (len(w), zeroed) by weights w, given what each
// part has received so far (paid) and what each may still take (caps): the
// cumulative largest remainder described at Distribute. The caller checks
// that the caps sum to at least c.
func spread(dst []int64, c int64, w, paid, caps []int64, tie int) error {
	n := len(w)
	if c == 0 {
		return nil
	}
	var W, C uint64
	for i := range n {
		if w[i] < 0 || paid[i] < 0 {
			return fmt.Errorf("negative weight or amount paid")
		}
		var carry uint64
		W, carry = bits.Add64(W, uint64(w[i]), 0)
		if carry != 0 || W > 1<<63-1 {
			return fmt.Errorf("the weights overflow")
		}
		C, carry = bits.Add64(C, uint64(paid[i]), 0)
		if carry != 0 || C > 1<<63-1 {
			return fmt.Errorf("the amounts paid overflow")
		}
	}
	if W == 0 {
		return fmt.Errorf("the weights sum to zero")
	}
	C1, carry := bits.Add64(C, uint64(c), 0)
	if carry != 0 || C1 > 1<<63-1 {
		return fmt.Errorf("the cumulative amount overflows")
	}
	var fracStack [maxStack]bool
	var idxStack [maxStack]int
	frac, idx := fracStack[:0], idxStack[:0]
	if n > maxStack {
		frac, idx = make([]bool, 0, n), make([]int, 0, n)
	}
	left := c
	for i := range n {
		hi, lo := bits.Mul64(uint64(c), uint64(w[i]))
		q, r := bits.Div64(hi, lo, W) // hi < W since c < 2^63 and w <= W
		b := min(int64(q), caps[i])
		dst[i] = b
		left -= b
		frac = append(frac, r != 0 && b == int64(q))
		idx = append(idx, i)
	}
	if left == 0 {
		return nil
	}
	// Order: furthest behind first. Lender i's shortfall after the floors,
	// scaled by W, is D_i = C1*w_i - W*(paid_i + dst_i): both products are
	// below 2^126, so D_i fits a signed 128-bit integer (hi, lo).
	var hiStack [maxStack]int64
	var loStack [maxStack]uint64
	khi, klo := hiStack[:0], loStack[:0]
	if n > maxStack {
		khi, klo = make([]int64, 0, n), make([]uint64, 0, n)
	}
	for i := range n {
		ah, al := bits.Mul64(C1, uint64(w[i]))
		bh, bl := bits.Mul64(W, uint64(paid[i]+dst[i]))
		lo, borrow := bits.Sub64(al, bl, 0)
		khi, klo = append(khi, int64(ah-bh-borrow)), append(klo, lo)
	}
	pos := func(i int) int { return ((i-tie)%n + n) % n }
	before := func(a, b int) bool {
		if khi[a] != khi[b] {
			return khi[a] > khi[b]
		}
		if klo[a] != klo[b] {
			return klo[a] > klo[b]
		}
		return pos(a) < pos(b)
	}
	if n <= maxStack {
		for i := 1; i < n; i++ {
			for j := i; j > 0 && before(idx[j], idx[j-1]); j-- {
				idx[j], idx[j-1] = idx[j-1], idx[j]
			}
		}
	} else {
		slices.SortFunc(idx, func(a, b int) int {
			switch {
			case before(a, b):
				return -1
			case before(b, a):
				return 1
			}
			return 0
		})
	}
	// First the lenders whose exact share has a fraction: each gets at
	// most one more, so no part is more than its share rounded up.
	for _, i := range idx {
		if left == 0 {
			return nil
		}
		if frac[i] && dst[i] < caps[i] {
			dst[i]++
			left--
		}
	}
	// Only when caps cut some floors: the rest, in the same order, to
	// whoever can still take it.
	for left > 0 {
		moved := false
		for _, i := range idx {
			if left > 0 && dst[i] < caps[i] {
				dst[i]++
				left--
				moved = true
			}
		}
		if !moved {
			return fmt.Errorf("the parts cannot take %d more", left)
		}
	}
	return nil
}

// Entries are the journal entries of the payout: one entry, when the total
// is positive, moving it from the lenders' payables to their savings:
//
//	<id>/payout  Dr LenderPayables  Cr SukarelaSavings
//
// The journal keeps control accounts; each lender's part is in
// p.Lenders, for the host's own savings books. A host that keeps savings
// in members.Savings applies Deposits instead, never both.
func (p Payout) Entries(l Loan) []ledger.Entry {
	if !p.Total.IsPositive() {
		return nil
	}
	var what, on string
	switch p.Kind {
	case WriteOffPayout:
		what, on = "lenders' part of the cover of written-off loan ", " by "
	case RecoveryPayout:
		what, on = "lenders' part of recovery ", " on loan "
	default:
		what, on = "lenders' part of payment ", " on loan "
	}
	const suffix = "/payout"
	// One string holds the ID and the memo; they are slices of it.
	var b strings.Builder
	first, second := p.ID, string(l.ID)
	if p.Kind == WriteOffPayout {
		first, second = second, p.ID
	}
	b.Grow(len(p.ID) + len(suffix) + len(what) + len(first) + len(on) + len(second) + len(" to their sukarela"))
	b.WriteString(p.ID)
	b.WriteString(suffix)
	b.WriteString(what)
	b.WriteString(first)
	b.WriteString(on)
	b.WriteString(second)
	b.WriteString(" to their sukarela")
	all := b.String()
	n := len(p.ID) + len(suffix)
	// The entry, its postings and references in one allocation.
	blk := &entryBlock{
		ps:   [2]ledger.Posting{ledger.Dr(ledger.LenderPayables, p.Total), ledger.Cr(ledger.SukarelaSavings, p.Total)},
		refs: [2]ledger.Ref{{Key: "group", Value: l.Group}, {Key: "loan", Value: string(l.ID)}},
	}
	refs := blk.refs[:]
	if l.Group == "" {
		refs = refs[1:]
	}
	blk.es[0] = ledger.Entry{ID: all[:n], Date: p.Date, Memo: all[n:], Refs: refs, Postings: blk.ps[:]}
	return blk.es[:]
}

// entryBlock holds a payout's entry with its postings and references.
type entryBlock struct {
	es   [1]ledger.Entry
	ps   [2]ledger.Posting
	refs [2]ledger.Ref
}

// Deposits are the payout as savings operations: for each lender with a
// positive total, a deposit of it to the lender's simpanan sukarela out of
// LenderPayables, with ID <id>/payout/<lender>. Applying them to a
// members.Savings posts, lender by lender, what Entries posts in one, and
// updates the lenders' savings books: use one or the other.
func (p Payout) Deposits() []members.Operation { return p.AppendDeposits(nil) }

// AppendDeposits appends the payout's Deposits to dst and returns the
// extended slice, for a caller that gathers the deposits of many payouts
// (a group's collection) or reuses a buffer.
func (p Payout) AppendDeposits(dst []members.Operation) []members.Operation {
	const infix = "/payout/"
	n, size := 0, 0
	for i := range p.Lenders {
		if lp := &p.Lenders[i]; lp.Total.IsPositive() {
			n++
			size += len(p.ID) + len(infix) + len(lp.Lender)
		}
	}
	if n == 0 {
		return dst
	}
	dst = slices.Grow(dst, n)
	// The IDs are slices of one string: one allocation per payout, not
	// one per lender.
	var b strings.Builder
	b.Grow(size)
	for i := range p.Lenders {
		if lp := &p.Lenders[i]; lp.Total.IsPositive() {
			b.WriteString(p.ID)
			b.WriteString(infix)
			b.WriteString(string(lp.Lender))
		}
	}
	ids := b.String()
	at := 0
	for i := range p.Lenders {
		lp := &p.Lenders[i]
		if !lp.Total.IsPositive() {
			continue
		}
		end := at + len(p.ID) + len(infix) + len(lp.Lender)
		dst = append(dst, members.Operation{
			ID: ids[at:end], Date: p.Date, Type: members.OpDeposit,
			Member: lp.Lender, Amount: lp.Total, Source: ledger.LenderPayables,
		})
		at = end
	}
	return dst
}

// PaidOutOf rebuilds the payout record of loan l from its state st, by
// posting st's payments again from the start under r (the rules the loan
// was serviced under) and distributing each, with the write-off
// distributed where st records it (before the first recovery). It returns
// the record and the payouts in order. The write-off's operation ID is not
// in the state: its payout has the ID "write-off".
func PaidOutOf(l Loan, st State, r Servicing) (PaidOut, []Payout, error) {
	if err := checkState("paid out", l, st); err != nil {
		return PaidOut{}, nil, err
	}
	po := NewPaidOut(l)
	s := NewState(l)
	var outs []Payout
	writeOff := func() error {
		np, out, _, err := DistributeWriteOff(l, po, st.WriteOff, "write-off")
		if err != nil {
			return err
		}
		po, outs = np, append(outs, out)
		// the write-off as it was made, before any recovery
		z := l.Principal().Currency().Amount(0)
		wo := st.WriteOff
		wo.Absorbed = slices.Clone(wo.Absorbed)
		for i := range wo.Absorbed {
			wo.Absorbed[i].Recovered = z
		}
		wo.Recovered = z
		s.Status, s.WriteOff = LoanWrittenOff, wo
		return nil
	}
	for _, p := range st.Payments {
		if p.Source == FromRecovery && s.WriteOff.IsZero() {
			if err := writeOff(); err != nil {
				return PaidOut{}, nil, err
			}
		}
		ns, a, _, err := Post(l, s, p, r)
		if err != nil {
			return PaidOut{}, nil, err
		}
		np, out, _, err := Distribute(l, ns, po, a)
		if err != nil {
			return PaidOut{}, nil, err
		}
		s, po, outs = ns, np, append(outs, out)
	}
	if !st.WriteOff.IsZero() && s.WriteOff.IsZero() {
		if err := writeOff(); err != nil {
			return PaidOut{}, nil, err
		}
	}
	return po, outs, nil
}
