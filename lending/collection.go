package lending

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// SheetLine is one loan on a collection sheet.
type SheetLine struct {
	Member members.ID `json:"member"`
	Loan   LoanID     `json:"loan"`
	// Due is what falls due on the sheet's date and is unpaid.
	Due money.Amount `json:"due"`
	// Arrears is what fell due before and is unpaid, late fees included.
	Arrears money.Amount `json:"arrears"`
	// Total is what to collect: Due + Arrears.
	Total       money.Amount `json:"total"`
	DaysPastDue int          `json:"days_past_due"`
}

// Sheet is a group's collection sheet for a meeting: what each member's
// loans ask of them that day.
type Sheet struct {
	Group   groups.ID     `json:"group"`
	Date    calendar.Date `json:"date"`
	Lines   []SheetLine   `json:"lines"` // by member, then loan
	Due     money.Amount  `json:"due"`
	Arrears money.Amount  `json:"arrears"`
	Total   money.Amount  `json:"total"`
}

// CollectionSheet lists, for group g on day d, each loan's due amount,
// arrears and total to collect, with late fees accrued under r. loans are
// the group's active loans and states their states, in the same order;
// repaid and written-off loans are left off the sheet.
func CollectionSheet(g groups.Group, loans []Loan, states []State, d calendar.Date, r Servicing) (Sheet, error) {
	s, _, err := sheet(g, loans, states, d, r, nil, nil, nil)
	return s, err
}

// sheet also returns, for each sheet line, the index of its loan,
// appended to idx, and sets walks[i] to the walk of states[i] for d when
// walks is not nil (len(loans) long): zero for a closed loan.
// lines, when not nil, is storage for the sheet's lines (a Scratch's).
func sheet(g groups.Group, loans []Loan, states []State, d calendar.Date, r Servicing, idx []int, walks []walk, lines []SheetLine) (Sheet, []int, error) {
	fail := func(l LoanID, sentinel error, reason string) (Sheet, []int, error) {
		return Sheet{}, nil, &ServicingError{Op: "collection sheet", Loan: l, Reason: reason, Err: sentinel}
	}
	if len(loans) != len(states) {
		return fail("", ErrInvalid, fmt.Sprintf("%d loans but %d states", len(loans), len(states)))
	}
	if err := r.Validate(); err != nil {
		return Sheet{}, nil, err
	}
	gid := g.ID()
	s := Sheet{Group: gid, Date: d, Lines: grown(lines, len(loans))}
	idx = idx[:0]
	var cur money.Currency
	var due, arrears int64
	// Loans listed twice: the Book lists them by ID, so that a loan after
	// a smaller one is new; otherwise they are looked up.
	var seen map[LoanID]bool
	for i := range loans {
		l := &loans[i]
		switch {
		case !g.Has(l.Member):
			return fail(l.ID, ErrNotFound, "member "+string(l.Member)+" is not a borrowing member of group "+string(gid))
		case l.Group != "" && l.Group != string(gid):
			return fail(l.ID, ErrInvalid, "the loan belongs to group "+l.Group+", not "+string(gid))
		}
		if seen == nil && i > 0 && loans[i-1].ID >= l.ID {
			seen = make(map[LoanID]bool, len(loans))
			for k := range i {
				seen[loans[k].ID] = true
			}
		}
		if seen != nil {
			if seen[l.ID] {
				return fail(l.ID, ErrDuplicate, "the loan is listed twice")
			}
			seen[l.ID] = true
		}
		if i == 0 {
			cur = l.Schedule.Principal.Currency()
		} else if c := l.Schedule.Principal.Currency(); c != cur {
			return fail(l.ID, fmt.Errorf("%w (%w)", ErrInvalid, money.ErrCurrencyMismatch), "the loan is in "+c.String()+", the others in "+cur.String())
		}
		if states[i].Closed() {
			if _, err := walkState("collection sheet", l, &states[i], d); err != nil {
				return Sheet{}, nil, err
			}
			if walks != nil {
				walks[i] = walk{}
			}
			continue
		}
		w, err := walkState("position", l, &states[i], d)
		if err != nil {
			return Sheet{}, nil, err
		}
		ld, la, dpd, err := standing(l, &states[i], &w, d, r.LateFee)
		if err != nil {
			return Sheet{}, nil, err
		}
		if walks != nil {
			walks[i] = w
		}
		ln := SheetLine{Member: l.Member, Loan: l.ID, Due: cur.Amount(ld), Arrears: cur.Amount(la), DaysPastDue: dpd, Total: cur.Amount(ld + la)}
		due += ld
		arrears += la
		s.Lines = append(s.Lines, ln)
		idx = append(idx, i)
	}
	s.Due, s.Arrears, s.Total = cur.Amount(due), cur.Amount(arrears), cur.Amount(due+arrears)
	// Sort lines (and their loan indexes) by member, then loan; the Book
	// lists a group's loans in that order already.
	byMemberLoan := func(a, b SheetLine) int {
		return cmp.Or(cmp.Compare(a.Member, b.Member), cmp.Compare(a.Loan, b.Loan))
	}
	if slices.IsSortedFunc(s.Lines, byMemberLoan) {
		return s, idx, nil
	}
	order := make([]int, len(s.Lines))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return byMemberLoan(s.Lines[a], s.Lines[b]) })
	sorted := make([]SheetLine, len(order))
	li := make([]int, len(order))
	for k, o := range order {
		sorted[k], li[k] = s.Lines[o], idx[o]
	}
	s.Lines = sorted
	return s, li, nil
}

// Collected is what one member handed over at a meeting, for their own
// loans.
type Collected struct {
	Member members.ID   `json:"member"`
	Amount money.Amount `json:"amount"`
}

// Meeting is one collection: its day, an operation ID from which the
// payments' IDs derive, what each member paid, the group fund available for
// cover, and the debts inside the group before the meeting (for the
// follow-ups; the zero Debts when the host does not keep them).
type Meeting struct {
	Date  calendar.Date `json:"date"`
	OpID  string        `json:"op_id"`
	Paid  []Collected   `json:"paid"`
	Fund  money.Amount  `json:"fund"`
	Debts groups.Debts  `json:"debts"`
}

// CollectionPolicy is how a group handles a collection: the joint-liability
// cover (from groups) and when follow-ups escalate.
type CollectionPolicy struct {
	Cover groups.CoverPolicy `json:"cover"`
	// CoverArrears makes peers cover a member's arrears too, not only what
	// falls due at the meeting.
	CoverArrears bool `json:"cover_arrears,omitempty"`
	// Supervisor is the days past due (or owing the group) beyond which
	// the supervisor (pengawas) joins the follow-up: a member more than
	// Supervisor days late; 0 means 7.
	Supervisor int `json:"supervisor,omitempty"`
	// Koperasi is the days beyond which the koperasi's officers take it
	// over; 0 means 30. With the package's PAR convention (more than N
	// days), the defaults send the supervisor to the members in PAR7 and
	// the koperasi to those in PAR30.
	Koperasi int `json:"koperasi,omitempty"`
}

func (p CollectionPolicy) days() (supervisor, koperasi int) {
	supervisor, koperasi = p.Supervisor, p.Koperasi
	if supervisor == 0 {
		supervisor = 7
	}
	if koperasi == 0 {
		koperasi = 30
	}
	return supervisor, koperasi
}

// Validate reports a policy that cannot be applied.
func (p CollectionPolicy) Validate() error {
	s, k := p.days()
	if s < 0 || k < 0 || k < s {
		return &ServicingError{Op: "collection policy", Reason: "the escalation days must be positive, the koperasi's no sooner than the supervisor's", Err: ErrInvalid}
	}
	if err := p.Cover.Validate(); err != nil {
		return &ServicingError{Op: "collection policy", Reason: "the cover policy is not valid", Err: fmt.Errorf("%w: %w", ErrInvalid, err)}
	}
	return nil
}

// Level is how far a follow-up has escalated.
type Level uint8

// Follow-up levels.
const (
	HomeVisit        Level = iota // the leader (ketua) visits the member at home
	SupervisorVisit               // the supervisor (pengawas) joins the leader
	KoperasiFollowUp              // the koperasi's officers take it over
)

var levelWords = []string{"home-visit", "supervisor", "koperasi"}

// String is the level's word: "home-visit", "supervisor", "koperasi".
func (l Level) String() string { return wordString(levelWords, int(l)) }

// MarshalText writes the level's word.
func (l Level) MarshalText() ([]byte, error) { return wordText("follow-up level", levelWords, int(l)) }

// UnmarshalText reads the level's word.
func (l *Level) UnmarshalText(b []byte) error {
	i, err := wordParse("follow-up level", levelWords, b)
	*l = Level(i)
	return err
}

// FollowUp is a member to visit after a collection: one in arrears on
// their loans, or who owes the group for a cover.
type FollowUp struct {
	Member members.ID `json:"member"`
	Level  Level      `json:"level"`
	// DaysPastDue is the member's worst days past due after the collection;
	// DaysOwing the days since the oldest cover they still owe the group.
	DaysPastDue int `json:"days_past_due"`
	DaysOwing   int `json:"days_owing"`
	// Arrears is what is overdue on their loans after the collection;
	// OwesGroup what they owe peers and the group fund.
	Arrears   money.Amount `json:"arrears"`
	OwesGroup money.Amount `json:"owes_group"`
	// Visitors are who goes: the leader, and the supervisors from
	// SupervisorVisit on; the koperasi's officers are not named.
	Visitors []members.ID `json:"visitors"`
	Reason   string       `json:"reason"`
}

// Outcome is the result of a collection.
type Outcome struct {
	// Sheet is the collection sheet before the meeting's payments.
	Sheet Sheet `json:"sheet"`
	// Coverage is the joint-liability cover of the shortfalls (groups.Cover).
	Coverage groups.Coverage `json:"coverage"`
	// Payments are what to post: each member's own payment, then the group
	// fund's and the peers' cover, in posting order.
	Payments []Payment `json:"payments"`
	// States are the loans' states after posting Payments, in the order of
	// the loans given; Allocations and Entries are those of Payments.
	States      []State        `json:"states"`
	Allocations []Allocation   `json:"allocations"`
	Entries     []ledger.Entry `json:"entries"`
	// Debts are the group's debts after recording the cover.
	Debts groups.Debts `json:"debts"`
	// FollowUps are the members to visit, the most urgent first.
	FollowUps []FollowUp `json:"follow_ups"`
}

// Collect runs a collection meeting of group g: it draws the collection
// sheet of the loans (with their states, in the same order) for m.Date,
// takes what each member paid, lets the group cover the shortfalls under
// p.Cover (groups.Cover: the group fund first or last, peers by the rule),
// turns all of it into payments on the loans and posts them under r, and
// lists the follow-ups: a home visit by the leader for every member still
// in arrears or owing the group for a cover, escalated to the supervisor
// and to the koperasi after p's days.
//
// A member's payment goes to their loans in loan order, each up to its
// total to collect, the rest to the last (an overpayment, under
// r.Overpayment). Cover goes to the covered member's loans the same way.
// Payment IDs derive from m.OpID: "<op>/pay/<loan>", "<op>/fund/<loan>",
// "<op>/cover/<payer>/<loan>". The input states are not changed.
func Collect(g groups.Group, loans []Loan, states []State, m Meeting, r Servicing, p CollectionPolicy) (Outcome, error) {
	return collect(g, loans, states, m, r, p, false, nil)
}

// CollectInPlace is Collect for a caller that owns states and replaces them
// by the outcome's: the new states are made in the given ones (their
// installments and payments are changed in place, and Outcome.States is
// states). It saves copying every installment of every loan paid at every
// meeting, which is most of a meeting's cost on long schedules.
//
// Every check of the meeting and of each loan's first payment comes before
// anything is changed, so an error leaves the states as they were, unless
// it wraps ErrStatesChanged: a failure found only after some payments were
// made (an overflow, or states inconsistent with themselves), when the
// caller must restore the states its own way.
//
// sc, when not nil, is memory the outcome's sheet lines, payments,
// allocations and entries are cut from, reused from one call to the next: they are then good
// until the next call with the same Scratch (a host posts the entries and
// pays the lenders on before that). The states and everything else are the
// caller's to keep.
func CollectInPlace(g groups.Group, loans []Loan, states []State, m Meeting, r Servicing, p CollectionPolicy, sc *Scratch) (Outcome, error) {
	return collect(g, loans, states, m, r, p, true, sc)
}

// Scratch is memory CollectInPlace reuses from one meeting to the next. The
// zero Scratch is ready to use; it must not be used by two calls at once.
type Scratch struct {
	sheet   []SheetLine
	pays    []Payment
	allocs  []Allocation
	entries []ledger.Entry
	lines   []Line
	ar      entryArena
}

// grown is s[:0] when it has room for n, or new memory (never nil, as
// make would give).
func grown[T any](s []T, n int) []T {
	if s == nil || cap(s) < n {
		return make([]T, 0, n)
	}
	return s[:0]
}

// ErrStatesChanged is wrapped by an error of CollectInPlace that comes after
// the states were partly changed.
var ErrStatesChanged = errors.New("lending: states partly changed")

func collect(g groups.Group, loans []Loan, states []State, m Meeting, r Servicing, p CollectionPolicy, owned bool, sc *Scratch) (Outcome, error) {
	var fresh Scratch
	if sc == nil {
		sc = &fresh // fresh memory, the outcome's to keep
	}
	fail := func(sentinel error, reason string) (Outcome, error) {
		return Outcome{}, &ServicingError{Op: "collect", Reason: reason, Err: sentinel}
	}
	if m.OpID == "" {
		return fail(ErrInvalid, "the collection needs an operation ID")
	}
	if err := p.Validate(); err != nil {
		return Outcome{}, err
	}
	// the walk of each loan's state, made by the sheet and kept up to date
	// with the meeting's payments, so that neither these nor the follow-ups
	// walk the installments paid long ago again
	var walkBuf [8]walk
	var liBuf [8]int
	walks := walkBuf[:0]
	if len(loans) > len(walkBuf) {
		walks = make([]walk, len(loans))
	}
	walks = walks[:len(loans)]
	sh, li, err := sheet(g, loans, states, m.Date, r, liBuf[:0], walks, sc.sheet)
	if err != nil {
		return Outcome{}, err
	}
	sc.sheet = sh.Lines // for the next meeting
	cur := money.IDR
	if len(loans) > 0 {
		cur = loans[0].Schedule.Principal.Currency()
	}
	// What each member paid, and what they owe at the meeting. The sheet
	// is by member, so each member's lines are a run of it, and the
	// members come in order.
	type member struct {
		id          members.ID
		first, last int // sheet lines [first, last)
		paid        int64
		owed        int64 // what the cover is computed on
		seen        bool  // has a payment line
	}
	var msBuf [8]member
	ms := msBuf[:0]
	for k, ln := range sh.Lines {
		if len(ms) == 0 || ms[len(ms)-1].id != ln.Member {
			ms = append(ms, member{id: ln.Member, first: k})
		}
		x := &ms[len(ms)-1]
		x.last = k + 1
		if p.CoverArrears {
			x.owed += ln.Total.Minor()
		} else {
			x.owed += ln.Due.Minor()
		}
	}
	find := func(id members.ID) (int, bool) {
		return slices.BinarySearchFunc(ms, id, func(x member, id members.ID) int { return cmp.Compare(x.id, id) })
	}
	for _, c := range m.Paid {
		i, ok := find(c.Member)
		switch {
		case !ok:
			return fail(ErrNotFound, "member "+string(c.Member)+" paid but has no loan on the sheet of group "+string(g.ID()))
		case c.Amount.IsNegative():
			return fail(ErrInvalid, "member "+string(c.Member)+" paid a negative amount "+c.Amount.String())
		case !c.Amount.IsZero() && c.Amount.Currency() != cur:
			return fail(fmt.Errorf("%w (%w)", ErrInvalid, money.ErrCurrencyMismatch), "member "+string(c.Member)+" paid "+c.Amount.String()+", not in "+cur.String())
		case ms[i].seen:
			return fail(ErrDuplicate, "member "+string(c.Member)+" is listed twice among the payments")
		}
		ms[i].paid, ms[i].seen = c.Amount.Minor(), true
	}
	if m.Fund.IsNegative() || (!m.Fund.IsZero() && m.Fund.Currency() != cur) {
		return fail(ErrInvalid, "the group fund "+m.Fund.String()+" is negative or not in "+cur.String())
	}
	var glBuf [8]groups.Line
	gl := glBuf[:0]
	for _, x := range ms {
		gl = append(gl, groups.Line{Member: x.id, Owed: cur.Amount(x.owed), Paid: cur.Amount(min(x.paid, x.owed))})
	}
	cov, err := groups.Cover(g, groups.Collection{Date: m.Date, Lines: gl, Fund: m.Fund}, p.Cover)
	if err != nil {
		return Outcome{}, &ServicingError{Op: "collect", Reason: "the group cannot compute the cover", Err: fmt.Errorf("%w: %w", ErrInvalid, err)}
	}

	// Payments: spread an amount over a member's sheet lines, in order, each
	// up to what is left to collect on it; the rest to the last line. Their
	// IDs are made once all are known, in one string.
	var leftBuf [16]int64
	left := leftBuf[:0]
	for _, ln := range sh.Lines {
		left = append(left, ln.Total.Minor())
	}
	pays := grown(sc.pays, len(sh.Lines)+len(cov.Parts))
	paysBuf := pays
	var lineBuf [16]int
	payLine := lineBuf[:0] // the sheet line of each payment
	spread := func(x member, amount int64, py Payment) {
		for k := x.first; k < x.last; k++ {
			a := min(amount, left[k])
			if k == x.last-1 {
				a = amount
			}
			if a <= 0 {
				continue
			}
			left[k] = max(left[k]-a, 0)
			amount -= a
			py.Loan, py.Amount, py.Date = sh.Lines[k].Loan, cur.Amount(a), m.Date
			pays = append(pays, py)
			payLine = append(payLine, k)
		}
	}
	for _, x := range ms {
		if x.paid > 0 {
			spread(x, x.paid, Payment{Source: FromMember})
		}
	}
	for _, part := range cov.Parts {
		i, _ := find(part.For) // the cover is of the members given; 0 as a map would give
		x := ms[i]
		if part.FromFund {
			spread(x, part.Amount.Minor(), Payment{Source: FromGroupFund})
			continue
		}
		spread(x, part.Amount.Minor(), Payment{Source: FromPeers, Payer: part.From})
	}
	ids := collectIDs(m.OpID, pays)
	if len(pays) == 0 {
		pays = nil // as before: no payments is null in JSON
	}

	out := Outcome{Sheet: sh, Coverage: cov, Payments: pays, States: states, Allocations: grown(sc.allocs, len(pays))}
	if !owned {
		out.States = slices.Clone(states)
	}
	if len(pays) > 0 {
		out.Entries = grown(sc.entries, 2*len(pays))
	}
	// The new states are made in place: each loan's installments and
	// payments are copied once, with room for all its payments of the
	// meeting, and the entries' postings and references are cut from one
	// block each.
	var countBuf [16]int
	count := append(countBuf[:0], make([]int, len(loans))...) // payments per loan; -1 once its state is copied
	for _, k := range payLine {
		count[li[k]]++
	}
	var repeatBuf [4]int
	repeats := repeatBuf[:0] // the payments already posted (a repeated meeting)
	// The meeting's payment IDs start with its operation ID, whose last
	// byte tells most of a loan's earlier meetings apart.
	key := len(m.OpID) - 1
	if owned {
		// Every payment is checked before any is made, so that a refusal
		// changes nothing. Against the state before the meeting: a later
		// payment on a loan meets the same checks after the first (same
		// date, IDs unique within the meeting).
		// The sheet has checked every state; the rules are checked here,
		// where the first payment would check them.
		if len(pays) > 0 {
			if err := r.Validate(); err != nil {
				return Outcome{}, err
			}
		}
		for n := range pays {
			i := li[payLine[n]]
			_, repeat, err := checkPosting(&loans[i], &out.States[i], pays[n], r, nil, key)
			if err != nil {
				return Outcome{}, err
			}
			if repeat {
				repeats = append(repeats, n)
			}
		}
	}
	changed := func(err error) error {
		if owned {
			return fmt.Errorf("%w: %w", ErrStatesChanged, err)
		}
		return err
	}
	ar := entryArena{ps: grown(sc.ar.ps, maxRepayPostings*len(pays)), refs: grown(sc.ar.refs, maxRepayRefs*len(pays))}
	lines := grown(sc.lines, len(pays))
	linesBuf := lines // applyOwned hands back the unused tail
	defer func() {    // the buffers, grown if they had to, for the next meeting
		sc.pays, sc.allocs, sc.ar = paysBuf, out.Allocations, ar
		if out.Entries != nil {
			sc.entries = out.Entries
		}
		used := 0
		for i := range out.Allocations {
			used += len(out.Allocations[i].Lines)
		}
		sc.lines = linesBuf
		if cap(linesBuf) < used {
			sc.lines = make([]Line, 0, used)
		}
	}()
	var snapBuf [16]Paid // on the stack: the installments a payment may change, copied without allocating
	snap := snapBuf[:0]
	at := 0 // in ids
	for n := range pays {
		py := pays[n]
		span := 2*len(py.ID) + len(repaySuffixes)
		pids := ids[at : at+span]
		at += span
		i := li[payLine[n]]
		l, st := &loans[i], &out.States[i]
		// Checked by the sheet (the states and rules) and, owned, above
		// (against the payments posted); a later payment on a loan against
		// the state the meeting made.
		scan := -1
		if !owned || slices.Contains(repeats, n) {
			scan = key
		}
		a, repeat, err := checkPosting(l, st, py, r, nil, scan)
		if err != nil {
			return Outcome{}, changed(err)
		}
		if !repeat {
			var before []Paid // nil: applyOwned copies what it changes into snap
			if count[i] >= 0 && owned {
				// the caller's state, to change in place
				if cap(st.Payments) == 0 {
					// the loan's first payment: room for one per
					// installment up to 8, so that a short loan's whole
					// life takes one allocation, not four; a long loan
					// grows by doubling from there, not holding room for
					// a year of payments from its first week
					st.Payments = make([]Payment, 0, max(count[i], min(len(l.Schedule.Installments), 8)))
				} else {
					st.Payments = slices.Grow(st.Payments, count[i])
				}
				count[i] = -1
			} else if count[i] >= 0 {
				before = st.Installments // the caller's: not changed
				st.Installments = slices.Clone(st.Installments)
				st.Payments = append(make([]Payment, 0, len(st.Payments)+count[i]), st.Payments...)
				count[i] = -1
			} // else a second payment on the loan: its state is ours
			if a, lines, snap, err = applyOwned(l, st, &walks[i], before, snap, py, r, lines); err != nil {
				return Outcome{}, changed(err)
			}
		}
		out.Allocations = append(out.Allocations, a)
		if repeat {
			out.Entries = append(out.Entries, repayEntries(*l, a)...)
		} else {
			out.Entries = appendRepayEntries(out.Entries, &ar, l, &out.Allocations[n], pids)
		}
	}
	if len(out.Entries) == 0 {
		out.Entries = nil
	}
	if out.Debts, err = m.Debts.Record(cov); err != nil {
		return Outcome{}, changed(&ServicingError{Op: "collect", Reason: "the cover cannot be recorded as debts", Err: fmt.Errorf("%w: %w", ErrInvalid, err)})
	}
	out.FollowUps, err = followUps(g, loans, out.States, walks, sh, li, out.Debts, m.Date, r, p)
	if err != nil {
		return Outcome{}, changed(err)
	}
	return out, nil
}

// collectIDs sets the IDs of a collection's payments, "<op>/pay/<loan>",
// "<op>/fund/<loan>" and "<op>/cover/<payer>/<loan>" by source, and
// returns the repayIDs of each in turn, all in one string of which the
// payment IDs are slices too: one allocation for every ID of the meeting.
func collectIDs(op string, pays []Payment) string {
	mid := func(p *Payment) string {
		switch p.Source {
		case FromGroupFund:
			return "/fund/"
		case FromPeers:
			return "/cover/"
		}
		return "/pay/"
	}
	idLen := func(p *Payment) int {
		n := len(op) + len(mid(p)) + len(p.Loan)
		if p.Source == FromPeers {
			n += len(p.Payer) + 1
		}
		return n
	}
	size := 0
	for i := range pays {
		size += 2*idLen(&pays[i]) + len(repaySuffixes)
	}
	var b strings.Builder
	b.Grow(size)
	for i := range pays {
		p := &pays[i]
		for _, suffix := range [2]string{"/repay", "/lenders"} {
			b.WriteString(op)
			b.WriteString(mid(p))
			if p.Source == FromPeers {
				b.WriteString(string(p.Payer))
				b.WriteByte('/')
			}
			b.WriteString(string(p.Loan))
			b.WriteString(suffix)
		}
	}
	all := b.String()
	at := 0
	for i := range pays {
		n := idLen(&pays[i])
		pays[i].ID = all[at : at+n]
		at += 2*n + len(repaySuffixes)
	}
	return all
}

// followUps lists the members in arrears or owing the group after a
// collection, most urgent first.
// walks are those of the states, for d.
func followUps(g groups.Group, loans []Loan, states []State, walks []walk, sh Sheet, li []int, debts groups.Debts, d calendar.Date, r Servicing, p CollectionPolicy) ([]FollowUp, error) {
	supervisor, koperasi := p.days()
	cur := money.IDR
	if len(loans) > 0 {
		cur = loans[0].Schedule.Principal.Currency()
	}
	type info struct {
		dpd, owing    int
		arrears, owes int64
		inArrears     bool
	}
	byMember := map[members.ID]*info{}
	var order []members.ID
	get := func(id members.ID) *info {
		if x, ok := byMember[id]; ok {
			return x
		}
		x := &info{}
		byMember[id] = x
		order = append(order, id)
		return x
	}
	for k, ln := range sh.Lines {
		i := li[k]
		_, over, dpd, err := standing(&loans[i], &states[i], &walks[i], d, r.LateFee)
		if err != nil {
			return nil, err
		}
		if over > 0 {
			x := get(ln.Member)
			x.dpd = max(x.dpd, dpd)
			x.arrears += over
			x.inArrears = true
		}
	}
	for _, db := range debts.All() {
		if !g.Has(db.Debtor) {
			continue
		}
		x := get(db.Debtor)
		x.owes += db.Amount.Minor()
		x.owing = max(x.owing, d.Sub(db.Date))
	}
	out := make([]FollowUp, 0, len(order))
	for _, id := range order {
		x := byMember[id]
		days := max(x.dpd, x.owing)
		f := FollowUp{Member: id, DaysPastDue: x.dpd, DaysOwing: x.owing, Arrears: cur.Amount(x.arrears), OwesGroup: cur.Amount(x.owes), Visitors: []members.ID{g.Leader()}}
		switch {
		case atRisk(days, koperasi):
			f.Level = KoperasiFollowUp
			f.Visitors = append(f.Visitors, g.Supervisors()...)
		case atRisk(days, supervisor):
			f.Level = SupervisorVisit
			f.Visitors = append(f.Visitors, g.Supervisors()...)
		}
		switch {
		case x.inArrears && x.owes > 0:
			f.Reason = strconv.Itoa(x.dpd) + " days past due on " + f.Arrears.String() + ", and owes the group " + f.OwesGroup.String()
		case x.inArrears:
			f.Reason = strconv.Itoa(x.dpd) + " days past due on " + f.Arrears.String()
		case x.owing == 0:
			f.Reason = "owes the group " + f.OwesGroup.String() + " for cover given today"
		default:
			f.Reason = "owes the group " + f.OwesGroup.String() + " for cover, the oldest " + strconv.Itoa(x.owing) + " days ago"
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b FollowUp) int {
		return cmp.Or(cmp.Compare(b.Level, a.Level), cmp.Compare(max(b.DaysPastDue, b.DaysOwing), max(a.DaysPastDue, a.DaysOwing)), cmp.Compare(a.Member, b.Member))
	})
	return out, nil
}
