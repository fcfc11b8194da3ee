package lending

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// refCollect and refSheet are Collect and sheet as they were before they
// were made cheaper (a copy posting every payment with Post): the
// reference TestPropertyCollectIsReference holds Collect to.

func refSheet(g groups.Group, loans []Loan, states []State, d calendar.Date, r Servicing) (Sheet, []int, error) {
	fail := func(l LoanID, sentinel error, reason string) (Sheet, []int, error) {
		return Sheet{}, nil, &ServicingError{Op: "collection sheet", Loan: l, Reason: reason, Err: sentinel}
	}
	if len(loans) != len(states) {
		return fail("", ErrInvalid, fmt.Sprintf("%d loans but %d states", len(loans), len(states)))
	}
	if err := r.Validate(); err != nil {
		return Sheet{}, nil, err
	}
	s := Sheet{Group: g.ID(), Date: d, Lines: []SheetLine{}}
	idx := make([]int, 0, len(loans))
	var cur money.Currency
	var due, arrears int64
	seen := make(map[LoanID]bool, len(loans))
	for i, l := range loans {
		switch {
		case !g.Has(l.Member):
			return fail(l.ID, ErrNotFound, "member "+string(l.Member)+" is not a borrowing member of group "+string(g.ID()))
		case l.Group != "" && l.Group != string(g.ID()):
			return fail(l.ID, ErrInvalid, "the loan belongs to group "+l.Group+", not "+string(g.ID()))
		case seen[l.ID]:
			return fail(l.ID, ErrDuplicate, "the loan is listed twice")
		}
		seen[l.ID] = true
		if i == 0 {
			cur = l.Principal().Currency()
		} else if c := l.Principal().Currency(); c != cur {
			return fail(l.ID, fmt.Errorf("%w (%w)", ErrInvalid, money.ErrCurrencyMismatch), "the loan is in "+c.String()+", the others in "+cur.String())
		}
		if states[i].Closed() {
			if err := checkState("collection sheet", l, states[i]); err != nil {
				return Sheet{}, nil, err
			}
			continue
		}
		var p Position
		if err := position(&p, l, states[i], d, r.LateFee, false); err != nil {
			return Sheet{}, nil, err
		}
		ln := SheetLine{Member: l.Member, Loan: l.ID, Due: p.Due.Total(), Arrears: p.Overdue.Total(), DaysPastDue: p.DaysPastDue}
		ln.Total = cur.Amount(ln.Due.Minor() + ln.Arrears.Minor())
		due += ln.Due.Minor()
		arrears += ln.Arrears.Minor()
		s.Lines = append(s.Lines, ln)
		idx = append(idx, i)
	}
	// Sort lines (and their loan indexes) by member, then loan.
	order := make([]int, len(s.Lines))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(s.Lines[a].Member, s.Lines[b].Member), cmp.Compare(s.Lines[a].Loan, s.Lines[b].Loan))
	})
	lines := make([]SheetLine, len(order))
	li := make([]int, len(order))
	for k, o := range order {
		lines[k], li[k] = s.Lines[o], idx[o]
	}
	s.Lines = lines
	s.Due, s.Arrears, s.Total = cur.Amount(due), cur.Amount(arrears), cur.Amount(due+arrears)
	return s, li, nil
}

func refCollect(g groups.Group, loans []Loan, states []State, m Meeting, r Servicing, p CollectionPolicy) (Outcome, error) {
	fail := func(sentinel error, reason string) (Outcome, error) {
		return Outcome{}, &ServicingError{Op: "collect", Reason: reason, Err: sentinel}
	}
	if m.OpID == "" {
		return fail(ErrInvalid, "the collection needs an operation ID")
	}
	if err := p.Validate(); err != nil {
		return Outcome{}, err
	}
	sh, li, err := refSheet(g, loans, states, m.Date, r)
	if err != nil {
		return Outcome{}, err
	}
	cur := money.IDR
	if len(loans) > 0 {
		cur = loans[0].Principal().Currency()
	}
	// What each member paid, and what they owe at the meeting.
	type member struct {
		id    members.ID
		lines []int // sheet lines
		paid  int64
		owed  int64 // what the cover is computed on
		seen  bool  // has a payment line
	}
	var ms []member
	at := map[members.ID]int{}
	for k, ln := range sh.Lines {
		i, ok := at[ln.Member]
		if !ok {
			i = len(ms)
			at[ln.Member] = i
			ms = append(ms, member{id: ln.Member})
		}
		ms[i].lines = append(ms[i].lines, k)
		if p.CoverArrears {
			ms[i].owed += ln.Total.Minor()
		} else {
			ms[i].owed += ln.Due.Minor()
		}
	}
	for _, c := range m.Paid {
		i, ok := at[c.Member]
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
	gl := make([]groups.Line, len(ms))
	for i, x := range ms {
		gl[i] = groups.Line{Member: x.id, Owed: cur.Amount(x.owed), Paid: cur.Amount(min(x.paid, x.owed))}
	}
	cov, err := groups.Cover(g, groups.Collection{Date: m.Date, Lines: gl, Fund: m.Fund}, p.Cover)
	if err != nil {
		return Outcome{}, &ServicingError{Op: "collect", Reason: "the group cannot compute the cover", Err: fmt.Errorf("%w: %w", ErrInvalid, err)}
	}

	// Payments: spread an amount over a member's sheet lines, in order, each
	// up to what is left to collect on it; the rest to the last line.
	left := make([]int64, len(sh.Lines))
	for k, ln := range sh.Lines {
		left[k] = ln.Total.Minor()
	}
	var pays []Payment
	spread := func(x member, amount int64, mk func(ln SheetLine) Payment) {
		for n, k := range x.lines {
			a := min(amount, left[k])
			if n == len(x.lines)-1 {
				a = amount
			}
			if a <= 0 {
				continue
			}
			left[k] = max(left[k]-a, 0)
			amount -= a
			py := mk(sh.Lines[k])
			py.Amount, py.Date = cur.Amount(a), m.Date
			pays = append(pays, py)
		}
	}
	for _, x := range ms {
		if x.paid > 0 {
			spread(x, x.paid, func(ln SheetLine) Payment {
				return Payment{ID: m.OpID + "/pay/" + string(ln.Loan), Loan: ln.Loan, Source: FromMember}
			})
		}
	}
	for _, part := range cov.Parts {
		x := ms[at[part.For]]
		if part.FromFund {
			spread(x, part.Amount.Minor(), func(ln SheetLine) Payment {
				return Payment{ID: m.OpID + "/fund/" + string(ln.Loan), Loan: ln.Loan, Source: FromGroupFund}
			})
			continue
		}
		from := part.From
		spread(x, part.Amount.Minor(), func(ln SheetLine) Payment {
			return Payment{ID: m.OpID + "/cover/" + string(from) + "/" + string(ln.Loan), Loan: ln.Loan, Source: FromPeers, Payer: from}
		})
	}

	out := Outcome{Sheet: sh, Coverage: cov, Payments: pays, States: slices.Clone(states), Allocations: make([]Allocation, 0, len(pays))}
	byLoan := make(map[LoanID]int, len(sh.Lines))
	for k, ln := range sh.Lines {
		byLoan[ln.Loan] = li[k]
	}
	for _, py := range pays {
		i := byLoan[py.Loan]
		ns, a, es, err := refPost(loans[i], out.States[i], py, r)
		if err != nil {
			return Outcome{}, err
		}
		out.States[i] = ns
		out.Allocations = append(out.Allocations, a)
		out.Entries = append(out.Entries, es...)
	}
	if out.Debts, err = m.Debts.Record(cov); err != nil {
		return Outcome{}, &ServicingError{Op: "collect", Reason: "the cover cannot be recorded as debts", Err: fmt.Errorf("%w: %w", ErrInvalid, err)}
	}
	out.FollowUps, err = refFollowUps(g, loans, out.States, sh, li, out.Debts, m.Date, r, p)
	if err != nil {
		return Outcome{}, err
	}
	return out, nil
}

// TestPropertyCollectIsReference runs random meetings (payments short,
// exact and over, cover from peers and the fund, members with two loans,
// loans in any order, repeated meetings, random servicing rules) through
// Collect and through refCollect: the outcomes and errors must be the
// same, and the states given must not change. The loans are the pilot's
// daily ones, weekly ones with a longer life, or hand-made ones whose
// schedules are not tidy (see untidyLoans); their states start new or
// drawn at random (drawState).
func TestPropertyCollectIsReference(t *testing.T) {
	g, base := mekarmuktiGroup(t)
	weekly := weeklyLoan(t, 12)
	untidy := untidyLoans()
	// kinds of loan: each member's, and a second one
	kinds := [3]struct{ firsts, seconds []Loan }{}
	for k := range kinds {
		for _, l := range base {
			for n, suffix := range []string{"", "-B"} {
				x := l
				switch k {
				case 0:
					x = mekarmuktiLoan(t, string(l.ID)+suffix, l.Member)
				case 1:
					x = weekly
				case 2:
					x = untidy[(len(kinds[k].firsts)+n)%len(untidy)]
				}
				x.ID, x.Member, x.Group = l.ID+LoanID(suffix), l.Member, l.Group
				if n == 0 {
					kinds[k].firsts = append(kinds[k].firsts, x)
				} else {
					kinds[k].seconds = append(kinds[k].seconds, x)
				}
			}
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		kind := rapid.IntRange(0, len(kinds)-1).Draw(t, "kind")
		loans := slices.Clone(kinds[kind].firsts)
		if rapid.Bool().Draw(t, "second loan") {
			loans = append(loans, kinds[kind].seconds[rapid.IntRange(0, len(base)-1).Draw(t, "who")])
		}
		if rapid.Bool().Draw(t, "shuffle") {
			perm := rapid.Permutation(loans).Draw(t, "order")
			loans = perm
		}
		d := loans[0].Schedule.Installments[0].Due
		drawn := rapid.Bool().Draw(t, "drawn states")
		states := make([]State, len(loans))
		for i, l := range loans {
			states[i] = NewState(l)
			if drawn {
				states[i] = drawState(t, l)
				if states[i].AccruedThrough.After(d) {
					d = states[i].AccruedThrough
				}
			}
		}
		r := drawServicing(t)
		p := CollectionPolicy{CoverArrears: rapid.Bool().Draw(t, "cover arrears")}
		p.Cover.Fund = groups.FundUse(rapid.IntRange(0, 2).Draw(t, "fund use"))
		var debts groups.Debts
		gap, meetings := 3, 8
		if kind == 1 {
			gap, meetings = 10, 16
		}
		if !drawn {
			d = d.AddDays(-rapid.IntRange(0, gap).Draw(t, "first gap"))
		}
		var last Meeting
		var sc Scratch // reused by every meeting of the run
		for k := range rapid.IntRange(1, meetings).Draw(t, "meetings") {
			m := last
			if k == 0 || !rapid.Bool().Draw(t, "repeat") {
				d = d.AddDays(rapid.IntRange(0, gap).Draw(t, "gap"))
				m = Meeting{Date: d, OpID: fmt.Sprintf("C%d", k), Debts: debts, Fund: rp(int64(rapid.IntRange(0, 3).Draw(t, "fund") * 2000))}
				for _, l := range loans {
					if slices.ContainsFunc(m.Paid, func(c Collected) bool { return c.Member == l.Member }) || rapid.IntRange(0, 9).Draw(t, "absent") == 0 {
						continue
					}
					unit := loans[0].Schedule.Installments[0].Total.Minor() / 6
					m.Paid = append(m.Paid, Collected{Member: l.Member, Amount: rp(int64(rapid.IntRange(0, 12).Draw(t, "paid")) * unit)})
				}
			}
			before := make([]State, len(states))
			for i, s := range states {
				before[i] = cloneState(s)
			}
			want, werr := refCollect(g, loans, states, m, r, p)
			got, gerr := Collect(g, loans, states, m, r, p)
			// CollectInPlace on a copy of the states gives the same outcome,
			// made in the copy; refused, it leaves the copy as it was
			owned := make([]State, len(states))
			for i, s := range states {
				owned[i] = cloneState(s)
			}
			inPlace, ierr := CollectInPlace(g, loans, owned, m, r, p, &sc)
			if werr != nil {
				require.Error(t, gerr)
				require.Equal(t, werr.Error(), gerr.Error())
				require.Error(t, ierr)
				if errors.Is(ierr, ErrStatesChanged) {
					// found only once a payment was made (a later payment
					// on a loan the first repaid): said, and the same reason
					require.Equal(t, ErrStatesChanged.Error()+": "+werr.Error(), ierr.Error())
					return
				}
				require.Equal(t, werr.Error(), ierr.Error())
				if diff := gocmp.Diff(before, owned, gocmp.AllowUnexported(money.Amount{}, calendar.Date{})); diff != "" {
					t.Fatalf("meeting %d: a refused CollectInPlace changed the states:\n%s", k, diff)
				}
				return
			}
			require.NoError(t, gerr)
			require.NoError(t, ierr)
			if diff := gocmp.Diff(got, inPlace, gocmp.AllowUnexported(money.Amount{}, calendar.Date{}, groups.Debts{})); diff != "" {
				t.Fatalf("meeting %d (-Collect +CollectInPlace):\n%s", k, diff)
			}
			require.Same(t, &owned[0], &inPlace.States[0], "the outcome's states are the ones given")
			if diff := gocmp.Diff(want, got, gocmp.AllowUnexported(money.Amount{}, calendar.Date{}, groups.Debts{})); diff != "" {
				t.Fatalf("meeting %d (-reference +Collect):\n%s", k, diff)
			}
			if diff := gocmp.Diff(before, states, gocmp.AllowUnexported(money.Amount{}, calendar.Date{})); diff != "" {
				t.Fatalf("meeting %d changed the states given:\n%s", k, diff)
			}
			states, debts, last = got.States, got.Debts, m
		}
	})
}

// refFollowUps is followUps as it was, with a whole position of each
// loan.
func refFollowUps(g groups.Group, loans []Loan, states []State, sh Sheet, li []int, debts groups.Debts, d calendar.Date, r Servicing, p CollectionPolicy) ([]FollowUp, error) {
	supervisor, koperasi := p.days()
	cur := money.IDR
	if len(loans) > 0 {
		cur = loans[0].Principal().Currency()
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
		var pos Position
		if err := position(&pos, loans[i], states[i], d, r.LateFee, false); err != nil {
			return nil, err
		}
		if pos.Overdue.Total().IsPositive() {
			x := get(ln.Member)
			x.dpd = max(x.dpd, pos.DaysPastDue)
			x.arrears += pos.Overdue.Total().Minor()
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
