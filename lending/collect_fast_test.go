package lending

import (
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

// benchInPlace is a meeting after paid ones made in the caller's states
// and scratch, as the Book makes it; each round first puts the states back
// as they were: it copies their installments back, and cuts off the
// payments the meeting appended to its copy of them (a copy without
// allocation, counted in the time).
func benchInPlace(b *testing.B, mk func(id string, m members.ID) Loan, paid int, short members.ID) {
	g, loans, states := benchGroup(b, mk, paid)
	m := benchMeeting(loans, paid, short)
	work := make([]State, len(states))
	for i, st := range states {
		work[i] = st
		work[i].Installments = slices.Clone(st.Installments)
		work[i].Payments = slices.Grow(slices.Clone(st.Payments), 8)
	}
	var sc Scratch
	b.ReportAllocs()
	for b.Loop() {
		for i, st := range states {
			ins, pays := work[i].Installments, work[i].Payments
			work[i] = st
			work[i].Installments, work[i].Payments = ins, pays[:len(st.Payments)]
			copy(ins, st.Installments)
		}
		if _, err := CollectInPlace(g, loans, work, m, Servicing{}, CollectionPolicy{}, &sc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCollect6InPlace is BenchmarkCollect6 made in place, as the Book
// makes it.
func BenchmarkCollect6InPlace(b *testing.B) { benchInPlace(b, daily(b), 2, "") }

// BenchmarkCollect6CoveredInPlace is BenchmarkCollect6Covered made in
// place.
func BenchmarkCollect6CoveredInPlace(b *testing.B) { benchInPlace(b, daily(b), 2, "M03") }

// BenchmarkCollect52Late is the 40th meeting of a group of five weekly
// 52-installment loans, 39 installments and payments already recorded,
// made in place: a year's replay is mostly such late meetings, whose cost
// should not grow with what is already paid.
func BenchmarkCollect52Late(b *testing.B) { benchInPlace(b, weekly(b), 39, "") }

// BenchmarkCollect52First is the first meeting of the same group, made in
// place: BenchmarkCollect52Late's should cost about as much.
func BenchmarkCollect52First(b *testing.B) { benchInPlace(b, weekly(b), 0, "") }

// BenchmarkPost52Late posts the 40th installment of a 52-week loan, on
// time, after 39 payments.
func BenchmarkPost52Late(b *testing.B) {
	_, loans, states := benchGroup(b, weekly(b), 39)
	l, st := loans[0], states[0]
	in := l.Schedule.Installments[39]
	p := Payment{ID: "PX", Loan: l.ID, Date: in.Due, Amount: in.Total}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := Post(l, st, p, Servicing{}); err != nil {
			b.Fatal(err)
		}
	}
}

// exact compares amounts with their currency and dates by value.
var exact = gocmp.AllowUnexported(money.Amount{}, calendar.Date{}, groups.Debts{})

// untidyLoans are hand-made loans whose schedules package schedule would
// not make: one whose second installment's total is more than its
// principal and margin (so that paying both leaves it unpaid), one whose
// due dates go back. A payment reads the whole of them, as it used to.
func untidyLoans() []Loan {
	odd := handLoan()
	odd.ID = "L-ODD"
	odd.Schedule.Installments = slices.Clone(odd.Schedule.Installments)
	odd.Schedule.Installments[1].Total = rp(1150)
	back := handLoan()
	back.ID = "L-BACK"
	back.Schedule.Installments = slices.Clone(back.Schedule.Installments)
	back.Schedule.Installments[1].Due = day(12)
	return []Loan{odd, back}
}

// drawState draws a state of l that fits it but that no sequence of
// payments need have made: each installment owing nothing, part or all of
// its principal and margin, with late fees charged and part paid, in any
// pattern (a settled installment after one still owing).
func drawState(t *rapid.T, l Loan) State {
	st := NewState(l)
	for i, in := range l.Schedule.Installments {
		x := &st.Installments[i]
		switch rapid.IntRange(0, 3).Draw(t, "paid") {
		case 1:
			x.Principal, x.Margin, x.On = in.Principal.Minor(), in.Margin.Minor(), in.Due
		case 2:
			x.Principal = int64(rapid.IntRange(0, int(in.Principal.Minor())).Draw(t, "principal"))
			x.Margin = int64(rapid.IntRange(0, int(in.Margin.Minor())).Draw(t, "margin"))
		}
		if rapid.IntRange(0, 3).Draw(t, "fee") == 0 {
			x.FeeCharged = int64(rapid.IntRange(1, 300).Draw(t, "charged"))
			x.Fee = int64(rapid.IntRange(0, int(x.FeeCharged)).Draw(t, "fee paid"))
		}
	}
	ins := l.Schedule.Installments
	st.AccruedThrough = l.Disbursed.AddDays(rapid.IntRange(0, ins[len(ins)-1].Due.Sub(l.Disbursed)).Draw(t, "accrued"))
	if rapid.Bool().Draw(t, "credit") {
		st.Credit = rp(int64(rapid.IntRange(0, 2000).Draw(t, "credit held")))
	}
	return st
}

// checkWalk holds the walk of st for d to its definition.
func checkWalk(t *rapid.T, l Loan, st State, d calendar.Date) walk {
	w, err := walkState("post", &l, &st, d)
	require.NoError(t, err)
	ins := l.Schedule.Installments
	var p, m, c int64
	lo := -1
	for i, x := range st.Installments {
		p, m, c = p+x.Principal, m+x.Margin, c+x.FeeCharged
		if lo < 0 && (x.Principal != ins[i].Principal.Minor() || x.Margin != ins[i].Margin.Minor() || x.Fee != x.FeeCharged) {
			lo = i
		}
	}
	if lo < 0 {
		lo = len(ins)
	}
	if !w.tidy() {
		lo = 0
	}
	require.Equal(t, walk{lo: lo, due: dueCount(l, d), on: d, sorted: w.sorted, plain: w.plain, paidP: p, paidM: m, charged: c}, w)
	return w
}

// checkStanding holds standing to the position of st on d.
func checkStanding(t *rapid.T, l Loan, st State, d calendar.Date, r Servicing) {
	var pos Position
	perr := position(&pos, l, st, d, r.LateFee, false)
	w := checkWalk(t, l, st, d)
	due, over, dpd, err := standing(&l, &st, &w, d, r.LateFee)
	if perr != nil {
		require.Error(t, err)
		require.Equal(t, perr.Error(), err.Error())
		return
	}
	require.NoError(t, err)
	require.Equal(t, [3]int64{pos.Due.Total().Minor(), pos.Overdue.Total().Minor(), int64(pos.DaysPastDue)}, [3]int64{due, over, int64(dpd)}, "due, overdue, days past due")
}

// TestPropertyPostIsReference posts random payments (new, repeated,
// repeated with another amount, out of date order, recoveries after a
// write-off) on random loans, tidy or not, from a new state or one drawn
// at random, under random rules, with Post and with refPost: the states,
// allocations, entries and errors must be the same, the state given must
// not change, and the walk and standing of every state must be what their
// definitions give.
func TestPropertyPostIsReference(t *testing.T) {
	loans := append(propertyLoans(t), untidyLoans()...)
	rapid.Check(t, func(rt *rapid.T) {
		l := loans[rapid.IntRange(0, len(loans)-1).Draw(rt, "loan")]
		sv := drawServicing(rt)
		st := NewState(l)
		if rapid.Bool().Draw(rt, "drawn state") {
			st = drawState(rt, l)
		}
		d := st.AccruedThrough
		total := l.Schedule.Total.Minor()
		var posted []Payment
		for i := range rapid.IntRange(1, 30).Draw(rt, "steps") {
			d = d.AddDays(rapid.IntRange(-2, 12).Draw(rt, "days"))
			if d.Before(l.Disbursed) {
				d = l.Disbursed
			}
			p := Payment{ID: "P" + strconv.Itoa(i), Loan: l.ID, Date: d, Amount: rp(int64(rapid.IntRange(1, int(total*13/10)).Draw(rt, "amount"))), Source: Source(rapid.IntRange(0, 2).Draw(rt, "source"))}
			if p.Source == FromPeers {
				p.Payer = "PEER"
			}
			if st.Status == LoanWrittenOff {
				p.Source = FromRecovery
			}
			switch op := rapid.IntRange(0, 9).Draw(rt, "op"); {
			case op == 9 && len(posted) > 0:
				p = posted[rapid.IntRange(0, len(posted)-1).Draw(rt, "repeat")]
				if rapid.Bool().Draw(rt, "conflict") {
					p.Amount = rp(p.Amount.Minor() + 1)
				}
			case op == 8:
				if ns, err := DeclareDefault(l, st, d); err == nil {
					st = ns
				}
				if ns, _, _, err := WriteOffLoan(l, st, d, "WO"+strconv.Itoa(i), Waterfall{}, sv); err == nil {
					st = ns
				}
				continue
			}
			given := cloneState(st)
			want, wa, wes, werr := refPost(l, st, p, sv)
			got, ga, ges, gerr := Post(l, st, p, sv)
			if diff := gocmp.Diff(given, st, exact); diff != "" {
				rt.Fatalf("Post changed the state given:\n%s", diff)
			}
			if werr != nil {
				require.Error(rt, gerr)
				require.Equal(rt, werr.Error(), gerr.Error())
				if diff := gocmp.Diff(st, got, exact); diff != "" {
					rt.Fatalf("a refused Post returned another state:\n%s", diff)
				}
				continue
			}
			require.NoError(rt, gerr)
			if diff := gocmp.Diff(want, got, exact); diff != "" {
				rt.Fatalf("state (-reference +Post):\n%s", diff)
			}
			if diff := gocmp.Diff(wa, ga, exact); diff != "" {
				rt.Fatalf("allocation (-reference +Post):\n%s", diff)
			}
			if diff := gocmp.Diff(wes, ges, exact); diff != "" {
				rt.Fatalf("entries (-reference +Post):\n%s", diff)
			}
			st = got
			posted = append(posted, p)
			checkStanding(rt, l, st, d.AddDays(rapid.IntRange(0, 20).Draw(rt, "later")), sv)
		}
	})
}
