package lending

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/members"
)

// The benchmarks of this file are the hot paths as the root package's Book
// calls them: a group's collection meeting, and the payout of each
// allocation to the lenders with its savings deposits.

// benchGroup is the Mekarmukti group of five with loans made by mk, their
// states after the first paid collections, and the date of the next.
func benchGroup(b *testing.B, mk func(id string, m members.ID) Loan, paid int) (groups.Group, []Loan, []State) {
	b.Helper()
	g, _ := mekarmuktiGroup(b)
	loans := make([]Loan, 5)
	states := make([]State, 5)
	for i := range loans {
		id := members.ID(fmt.Sprintf("M%02d", i+1))
		loans[i] = mk("L-"+string(id), id)
		loans[i].Group = string(g.ID())
		states[i] = NewState(loans[i])
	}
	for k := range paid {
		in := loans[0].Schedule.Installments[k]
		var cs []Collected
		for _, l := range loans {
			cs = append(cs, Collected{Member: l.Member, Amount: in.Total})
		}
		out, err := Collect(g, loans, states, Meeting{Date: in.Due, OpID: "C" + in.Due.String(), Paid: cs}, Servicing{}, CollectionPolicy{})
		require.NoError(b, err)
		states = out.States
	}
	return g, loans, states
}

// benchMeeting is the meeting of the next installment after paid ones;
// short is the member who pays nothing (peers cover), or "".
func benchMeeting(loans []Loan, paid int, short members.ID) Meeting {
	in := loans[0].Schedule.Installments[paid]
	var cs []Collected
	for _, l := range loans {
		a := in.Total
		if l.Member == short {
			a = a.Currency().Amount(0)
		}
		cs = append(cs, Collected{Member: l.Member, Amount: a})
	}
	return Meeting{Date: in.Due, OpID: "C" + in.Due.String(), Paid: cs}
}

func benchCollect(b *testing.B, mk func(id string, m members.ID) Loan, paid int, short members.ID) {
	g, loans, states := benchGroup(b, mk, paid)
	m := benchMeeting(loans, paid, short)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Collect(g, loans, states, m, Servicing{}, CollectionPolicy{}); err != nil {
			b.Fatal(err)
		}
	}
}

func daily(b *testing.B) func(string, members.ID) Loan {
	return func(id string, m members.ID) Loan { return mekarmuktiLoan(b, id, m) }
}

func weekly(b *testing.B) func(string, members.ID) Loan {
	return func(id string, m members.ID) Loan {
		l := weeklyLoan(b, 52)
		l.ID, l.Member = LoanID(id), m
		return l
	}
}

// BenchmarkCollect6 is the third meeting of a Mekarmukti group of five
// daily 6-installment loans, everybody paying their Rp4.200.
func BenchmarkCollect6(b *testing.B) { benchCollect(b, daily(b), 2, "") }

// BenchmarkCollect6Covered is the same meeting with M03 paying nothing and
// the four others covering (tanggung renteng).
func BenchmarkCollect6Covered(b *testing.B) { benchCollect(b, daily(b), 2, "M03") }

// BenchmarkCollect52 is the 27th meeting of a group of five weekly
// 52-installment loans, everybody paying.
func BenchmarkCollect52(b *testing.B) { benchCollect(b, weekly(b), 26, "") }

// BenchmarkCollect52InPlace is BenchmarkCollect52 made in the caller's
// states and scratch, as the Book does (benchInPlace).
func BenchmarkCollect52InPlace(b *testing.B) { benchInPlace(b, weekly(b), 26, "") }

// BenchmarkDistributeDeposits is the Book's payout of one Mekarmukti
// installment to five lenders: the next record, the payout and its savings
// deposits (the journal entries are not wanted).
func BenchmarkDistributeDeposits(b *testing.B) {
	l := poLoan(b, "L1", 10_000, 5_000, 5_000, 2_500, 2_500)
	st, po := NewState(l), NewPaidOut(l)
	st, a, _, err := Post(l, st, Payment{ID: "P1", Loan: l.ID, Date: poDay(29), Amount: poRp(4200)}, Servicing{})
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		_, out, _, err := Distribute(l, st, po, a)
		if err != nil {
			b.Fatal(err)
		}
		if len(out.Deposits()) != 5 {
			b.Fatal("five deposits expected")
		}
	}
}

// BenchmarkDistributeInPlace is the payout as the Book makes it at a
// group's collection: the record it owns changed in place, the payout built
// in a buffer it reuses, and the lenders credited from it.
func BenchmarkDistributeInPlace(b *testing.B) {
	l := poLoan(b, "L1", 10_000, 5_000, 5_000, 2_500, 2_500)
	st, po := NewState(l), NewPaidOut(l)
	st, a, _, err := Post(l, st, Payment{ID: "P1", Loan: l.ID, Date: poDay(29), Amount: poRp(4200)}, Servicing{})
	require.NoError(b, err)
	var buf []LenderPayout
	own := po.Clone()
	b.ReportAllocs()
	for b.Loop() {
		copy(own.Lenders, po.Lenders) // the same payout each time
		own.Payments, own.Payouts, own.Through = po.Payments, po.Payouts, po.Through
		out, err := DistributeInPlace(&l, &st, &own, &a, buf)
		if err != nil {
			b.Fatal(err)
		}
		buf = out.Lenders
	}
}

// BenchmarkDistributePayoutDeposits is the same payout the cheap way:
// DistributePayout builds no journal entries, and AppendDeposits appends
// into a buffer the caller reuses.
func BenchmarkDistributePayoutDeposits(b *testing.B) {
	l := poLoan(b, "L1", 10_000, 5_000, 5_000, 2_500, 2_500)
	st, po := NewState(l), NewPaidOut(l)
	st, a, _, err := Post(l, st, Payment{ID: "P1", Loan: l.ID, Date: poDay(29), Amount: poRp(4200)}, Servicing{})
	require.NoError(b, err)
	var buf []members.Operation
	b.ReportAllocs()
	for b.Loop() {
		_, out, err := DistributePayout(l, st, po, a)
		if err != nil {
			b.Fatal(err)
		}
		if buf = out.AppendDeposits(buf[:0]); len(buf) != 5 {
			b.Fatal("five deposits expected")
		}
	}
}
