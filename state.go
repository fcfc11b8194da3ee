package koperasi

import (
	"cmp"
	"slices"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// state is everything the Book holds besides its log. Maps are keyed by ID;
// whatever the Book outputs from them is read in sorted order (a lookup that
// can match only one entry may range over a map), so nothing depends on map
// iteration.
type state struct {
	j          *ledger.Journal
	sav        *members.Savings
	groups     map[groups.ID]*groupRec
	facilities map[lending.FacilityID]*lending.Facility
	loans      map[lending.LoanID]*loanRec
	byGroup    map[groups.ID][]*loanRec  // each group's loans, by loan ID
	lastLoan   map[members.ID]*loanRec   // each borrower's latest loan; the others through loanRec.prev
	funded     map[members.ID][]*loanRec // the loans each lender has a share in
	// outstanding is the principal outstanding on active and defaulted
	// loans, in minor units, kept as loan states change (setState) so that
	// a pledge's concentration check does not walk every loan.
	outstanding int64
	memberOf    map[members.ID]groups.ID   // the group each borrower belongs to
	stock       map[lending.GoodCode]int64 // goods in the inventory, by quantity
	visits      []Visit
}

// groupRec is a group with its fund, the debts between its members, and the
// record of its cycles.
type groupRec struct {
	g       groups.Group
	fund    groups.Fund
	debts   groups.Debts
	cycle   int                   // cycles disbursed so far
	step    int                   // ladder step of the next cycle
	records []lending.CycleRecord // closed cycles, oldest first
	ladder  []groups.CycleRecord  // the same, as the ladder reads them
	// facilities are the group's, in the order opened (the same records as
	// state.facilities): opening one checks them, not every facility.
	facilities []*lending.Facility
}

// loanRec is a loan and what has been paid on it. The loan is kept apart
// from its schedule, which is shared by the loans of a disbursement that
// have the same one: a schedule with its terms is as big as the rest of the
// loan, and a group's members usually take the same package.
type loanRec struct {
	head  loanHead
	sched *schedule.Schedule // read-only
	st    lending.State
	po    lending.PaidOut // what the lenders have been paid
	prev  *loanRec        // the borrower's loan before this one
	out   int64           // outstanding(), as of the last setState
}

// loanHead is a lending.Loan without its Schedule (a test holds the two
// types to the same fields).
type loanHead struct {
	ID        lending.LoanID
	Member    members.ID
	Group     string
	Facility  lending.FacilityID
	Cycle     int
	Product   string
	Package   string
	Disbursed calendar.Date
	Lenders   []lending.Share
	Split     lending.MarginSplit
	Goods     []lending.GoodsLine
	Cost      money.Amount
}

// newLoanRec records a loan just disbursed, sharing sched when it is the
// loan's schedule: lending.Disburse gives loans of the same price one
// schedule, whose installments are then one array.
func newLoanRec(l lending.Loan, sched *schedule.Schedule) *loanRec {
	if sched == nil || !sameSchedule(sched, &l.Schedule) {
		s := l.Schedule // not &l.Schedule, which would keep all of l
		sched = &s
	}
	return &loanRec{
		head: loanHead{ID: l.ID, Member: l.Member, Group: l.Group, Facility: l.Facility, Cycle: l.Cycle, Product: l.Product,
			Package: l.Package, Disbursed: l.Disbursed, Lenders: l.Lenders, Split: l.Split, Goods: l.Goods, Cost: l.Cost},
		sched: sched,
		st:    lending.NewState(l),
		po:    lending.NewPaidOut(l),
	}
}

// outstanding is the loan's principal not yet repaid, in minor units, when
// it counts towards the koperasi's exposure: active or defaulted. (lr.out
// keeps it as of the last change of state.)
func (lr *loanRec) outstanding() int64 {
	if lr.st.Status != lending.LoanActive && lr.st.Status != lending.LoanDefaulted {
		return 0
	}
	out := lr.sched.Principal.Minor()
	for _, p := range lr.st.Installments {
		out -= p.Principal
	}
	return out
}

// setState records a loan's new state and keeps the exposure total with
// it. Every change of a recorded loan's state goes through here, also one
// made in place (lending.CollectInPlace): lr.out is still the old figure.
func (st *state) setState(lr *loanRec, ls lending.State) {
	st.outstanding -= lr.out
	lr.st = ls
	lr.out = lr.outstanding()
	st.outstanding += lr.out
}

// addLoan records a loan just disbursed in the state's indexes.
func (st *state) addLoan(lr *loanRec) {
	st.loans[lr.head.ID] = lr
	lr.prev, st.lastLoan[lr.head.Member] = st.lastLoan[lr.head.Member], lr
	for _, s := range lr.head.Lenders {
		if f := st.funded[s.Lender]; len(f) == 0 || f[len(f)-1] != lr { // once per loan
			st.funded[s.Lender] = append(f, lr)
		}
	}
	lr.out = lr.outstanding()
	st.outstanding += lr.out
}

// sameSchedule reports whether a and b are one schedule: the same
// installments array (made by one schedule.Generate, from one Terms) and
// the same totals. (Comparing the terms themselves would take reflection:
// their calendar holds a slice.)
func sameSchedule(a, b *schedule.Schedule) bool {
	return len(a.Installments) > 0 && len(a.Installments) == len(b.Installments) &&
		&a.Installments[0] == &b.Installments[0] &&
		a.Principal == b.Principal && a.Margin == b.Margin && a.RoundingMargin == b.RoundingMargin && a.Total == b.Total &&
		a.Terms.Disbursed == b.Terms.Disbursed && a.Terms.FirstDue == b.Terms.FirstDue
}

// loan is the loan, whole.
func (lr *loanRec) loan() lending.Loan {
	h := &lr.head
	return lending.Loan{ID: h.ID, Member: h.Member, Group: h.Group, Facility: h.Facility, Cycle: h.Cycle, Product: h.Product,
		Package: h.Package, Disbursed: h.Disbursed, Schedule: *lr.sched, Lenders: h.Lenders, Split: h.Split, Goods: h.Goods, Cost: h.Cost}
}

// Visit is a follow-up visit to a member in arrears, as the leader,
// supervisor or koperasi officer recorded it.
type Visit struct {
	ID     string         `json:"id"`
	Date   calendar.Date  `json:"date"`
	Group  groups.ID      `json:"group"`
	Member members.ID     `json:"member"`
	Loan   lending.LoanID `json:"loan,omitempty"`
	By     members.ID     `json:"by"`    // the leader, supervisor or officer
	Level  lending.Level  `json:"level"` // who was due to visit
	Note   string         `json:"note,omitempty"`
}

// New returns an empty Book for cfg. The Book keeps cfg as given, its
// slices included, and relies on what New validated: do not change cfg's
// products, catalogue, chart or policies after New (as with a tls.Config).
func New(cfg Config) (*Book, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	st, err := newState(cfg)
	if err != nil {
		return nil, err
	}
	return &Book{cfg: cfg, ids: make(map[string]seen), st: st}, nil
}

func newState(cfg Config) (state, error) {
	chart := cfg.Chart
	if len(chart) == 0 {
		chart = ledger.StandardChart()
	}
	j, err := ledger.New(cfg.Currency(), chart)
	if err != nil {
		return state{}, err
	}
	sav, err := members.New(cfg.Savings, j)
	if err != nil {
		return state{}, err
	}
	return state{
		j:          j,
		sav:        sav,
		groups:     make(map[groups.ID]*groupRec),
		facilities: make(map[lending.FacilityID]*lending.Facility),
		loans:      make(map[lending.LoanID]*loanRec),
		byGroup:    make(map[groups.ID][]*loanRec),
		lastLoan:   make(map[members.ID]*loanRec),
		funded:     make(map[members.ID][]*loanRec),
		memberOf:   make(map[members.ID]groups.ID),
		stock:      make(map[lending.GoodCode]int64),
	}, nil
}

// sortedKeys returns a map's keys in order.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
