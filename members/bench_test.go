package members

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/stretchr/testify/require"
)

// BenchmarkStatement1000 builds a member statement over 1.000 movements.
func BenchmarkStatement1000(b *testing.B) {
	s, _ := mekarmukti(b)
	d := day(b, "2024-02-01")
	for i := range 997 { // + pokok, wajib, deposit = 1.000
		var err error
		o := Op{ID: fmt.Sprintf("m-%d", i), Date: d.AddDays(i / 4)}
		switch i % 4 {
		case 0:
			err = s.Deposit(o, "A-0001", rp(10_000))
		case 1:
			err = s.Hold(o, "A-0001", fmt.Sprintf("h-%d", i), rp(5_000))
		case 2:
			err = s.Release(o, "A-0001", fmt.Sprintf("h-%d", i-1))
		case 3:
			err = s.Withdraw(o, "A-0001", Sukarela, rp(2_000))
		}
		require.NoError(b, err)
	}
	st, err := s.Statement("A-0001", calendar.Date{}, calendar.Date{})
	require.NoError(b, err)
	require.Len(b, st.Movements, 1000)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = s.Statement("A-0001", calendar.Date{}, calendar.Date{})
	}
}

// BenchmarkBorrowerCheck is one eligibility check that passes.
func BenchmarkBorrowerCheck(b *testing.B) {
	on := day(b, "2024-03-28")
	m := person(b, "A-0001", 1)
	pos := goodPosition(m.ID, on)
	p := MekarmuktiBorrowerPolicy()
	require.Empty(b, p.Check(m, pos, 0, on))
	b.ReportAllocs()
	for b.Loop() {
		_ = p.Check(m, pos, 0, on)
	}
}

// BenchmarkBorrowerCheckFailing fails five rules, building their messages.
func BenchmarkBorrowerCheckFailing(b *testing.B) {
	on := day(b, "2024-03-27")
	m := person(b, "A-0001", 1)
	m.Documents.KK = false
	m.Business.Type = "warung"
	pos := Position{PokokPaid: false, WajibArrearsMonths: 2, WajibArrears: rp(20_000)}
	p := MekarmuktiBorrowerPolicy()
	require.Len(b, p.Check(m, pos, 1, on), 6)
	b.ReportAllocs()
	for b.Loop() {
		_ = p.Check(m, pos, 1, on)
	}
}

// BenchmarkDeposit is one sukarela deposit: validation, a two-line journal
// entry, and the movement.
func BenchmarkDeposit(b *testing.B) {
	s, _ := mekarmukti(b)
	d := day(b, "2024-02-01")
	ids := make([]string, 0, 1<<16)
	for i := range cap(ids) {
		ids = append(ids, fmt.Sprintf("bench-%d", i))
	}
	benchLoop(b, len(ids), s, func() *Savings { s, _ := mekarmukti(b); return s },
		func(s *Savings, i int) error { return s.Deposit(Op{ID: ids[i], Date: d}, "A-0001", rp(10_000)) })
}

// BenchmarkPosition is a member's position as of a date, over 1.000 movements.
func BenchmarkPosition(b *testing.B) {
	s, _ := mekarmukti(b)
	d := day(b, "2024-02-01")
	for i := range 1000 {
		require.NoError(b, s.Deposit(Op{ID: fmt.Sprintf("m-%d", i), Date: d.AddDays(i / 4)}, "A-0001", rp(1_000)))
	}
	on := day(b, "2024-06-30")
	b.ReportAllocs()
	for b.Loop() {
		_, _ = s.Position("A-0001", on)
	}
}

// BenchmarkAppendMovements1000 is the statement's movements into a reused
// buffer.
func BenchmarkAppendMovements1000(b *testing.B) {
	s, _ := mekarmukti(b)
	d := day(b, "2024-02-01")
	for i := range 997 {
		require.NoError(b, s.Deposit(Op{ID: fmt.Sprintf("m-%d", i), Date: d.AddDays(i / 4)}, "A-0001", rp(1_000)))
	}
	buf, err := s.AppendMovements(nil, "A-0001", calendar.Date{}, calendar.Date{})
	require.NoError(b, err)
	require.Len(b, buf, 1000)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = s.AppendMovements(buf[:0], "A-0001", calendar.Date{}, calendar.Date{})
	}
}

// benchMembers is the number of members of the Apply benchmarks' book.
const benchMembers = 50

// busySavings is a book of 50 members, each with pokok, wajib for January
// to March 2024 and a sukarela deposit paid (250 movements), and lender
// payables funded so that payouts can be credited to sukarela.
func busySavings(b *testing.B) (*Savings, []ID) {
	s, j := newSavings(b)
	jan := day(b, "2024-01-05")
	ids := make([]ID, benchMembers)
	for i := range ids {
		ids[i] = ID(fmt.Sprintf("A-%04d", i+1))
		o := func(kind string) Op { return Op{ID: kind + "-" + string(ids[i]), Date: jan} }
		require.NoError(b, s.Register(Op{ID: "reg-" + string(ids[i]), Date: day(b, "2023-12-28")}, person(b, ids[i], i+1)))
		require.NoError(b, s.PayPokok(o("pokok"), ids[i]))
		for m := range 3 {
			ym := month(b, fmt.Sprintf("2024-%02d", m+1))
			require.NoError(b, s.PayWajib(Op{ID: "wajib-" + string(ids[i]) + "-" + ym.String(), Date: jan}, ids[i], ym))
		}
		require.NoError(b, s.Deposit(o("dep"), ids[i], rp(100_000)))
	}
	require.NoError(b, j.Post(ledger.Entry{ID: "fund-payables", Date: jan, Memo: "lenders' shares set aside",
		Postings: []ledger.Posting{ledger.Dr(ledger.Cash, rp(1_000_000_000_000)), ledger.Cr(ledger.LenderPayables, rp(1_000_000_000_000))}}))
	return s, ids
}

// benchOps is how many operations a benchmark applies to one book before
// starting again with a fresh one (timer stopped).
const benchOps = 4096

// BenchmarkApplyPayout is a lender's payout credited to sukarela as the
// Book applies it after a group collection: a deposit with Source
// ledger.LenderPayables, on a book of 50 members and 250 movements.
func BenchmarkApplyPayout(b *testing.B) {
	s, ids := busySavings(b)
	benchApply(b, s, payoutOps(b, ids))
}

// payoutOps are benchOps lender payouts to the members ids, as a group
// collection on 1 April 2024 makes them.
func payoutOps(b *testing.B, ids []ID) []Operation {
	d := day(b, "2024-04-01")
	ops := make([]Operation, benchOps)
	for i := range ops {
		m := ids[i%benchMembers]
		ops[i] = Operation{ID: fmt.Sprintf("collect-G%d-2024-04-01/payout/%s", i/benchMembers, m), Date: d, Type: OpDeposit,
			Member: m, Amount: rp(int64(25_000 + i)), Source: ledger.LenderPayables}
	}
	return ops
}

// BenchmarkApplyPayWajib is one month of simpanan wajib on a book of 50
// members and 250 movements: each member pays the months from April 2024
// on, each on the first day of its month.
func BenchmarkApplyPayWajib(b *testing.B) {
	s, ids := busySavings(b)
	apr := month(b, "2024-04")
	ops := make([]Operation, benchOps)
	for i := range ops {
		m := ids[i%benchMembers]
		ym := apr.AddMonths(i / benchMembers)
		ops[i] = Operation{ID: "wajib-" + string(m) + "-" + ym.String(), Date: ym.First(), Type: OpPayWajib,
			Member: m, Amount: rp(10_000), Month: ym}
	}
	benchApply(b, s, ops)
}

// benchApply applies ops in turn, to a fresh busySavings each time they
// run out.
func benchApply(b *testing.B, s *Savings, ops []Operation) {
	for _, o := range ops[:benchMembers] { // the operations are valid
		require.NoError(b, s.Check(o))
	}
	benchLoop(b, len(ops), s, func() *Savings { s, _ := busySavings(b); return s },
		func(s *Savings, i int) error { return s.Apply(ops[i]) })
}

// benchLoop runs step for the operations 0 to n-1 in turn on s, and on a
// fresh book (timer stopped) each time they run out.
func benchLoop(b *testing.B, n int, s *Savings, fresh func() *Savings, step func(s *Savings, i int) error) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == n {
			b.StopTimer()
			s, i = fresh(), 0
			b.StartTimer()
		}
		if err := step(s, i); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkRetainedPayouts reports the heap kept per lender payout applied
// (retained-B/payout): the movement, the operation log and its index, and
// the journal entry with its postings, amortised over 4.096 payouts to a
// book of 50 members.
func BenchmarkRetainedPayouts(b *testing.B) {
	d := day(b, "2024-04-01")
	ops := make([]Operation, benchOps)
	for i := range ops {
		m := ID(fmt.Sprintf("A-%04d", i%benchMembers+1))
		ops[i] = Operation{ID: fmt.Sprintf("collect-G%d-2024-04-01/payout/%s", i/benchMembers, m), Date: d, Type: OpDeposit,
			Member: m, Amount: rp(int64(25_000 + i)), Source: ledger.LenderPayables}
	}
	var retained uint64
	var ms runtime.MemStats
	b.ReportAllocs()
	for b.Loop() {
		s, _ := busySavings(b)
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := ms.HeapAlloc
		for _, o := range ops {
			if err := s.Apply(o); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		retained += ms.HeapAlloc - before
		runtime.KeepAlive(s)
	}
	b.ReportMetric(float64(retained)/float64(b.N)/benchOps, "retained-B/payout")
}

// BenchmarkBookPayout is a lender's payout as the root Book posts it: the
// member's last movement is read (the payout is dated no earlier), then the
// deposit from ledger.LenderPayables is applied.
func BenchmarkBookPayout(b *testing.B) {
	s, ids := busySavings(b)
	ops := payoutOps(b, ids)
	benchLoop(b, len(ops), s, func() *Savings { s, _ := busySavings(b); return s }, func(s *Savings, i int) error {
		o := ops[i]
		if last := s.LastMovement(o.Member); o.Date.Before(last) {
			o.Date = last
		}
		return s.Apply(o)
	})
}

// BenchmarkApplyPayPokok is simpanan pokok paid by a member just
// registered, on a book of 50 members and 250 movements.
func BenchmarkApplyPayPokok(b *testing.B) {
	ids := make([]ID, benchOps)
	for i := range ids {
		ids[i] = ID(fmt.Sprintf("B-%04d", i+1))
	}
	joined, paid := day(b, "2024-03-01"), day(b, "2024-03-05")
	fresh := func() *Savings {
		s, _ := busySavings(b)
		for i, id := range ids {
			m := person(b, id, benchMembers+i+1)
			m.Joined = joined
			require.NoError(b, s.Register(Op{ID: "reg-" + string(id), Date: joined}, m))
		}
		return s
	}
	s := fresh()
	ops := make([]Operation, benchOps)
	for i, id := range ids {
		ops[i] = Operation{ID: "pokok-" + string(id), Date: paid, Type: OpPayPokok, Member: id, Amount: rp(50_000)}
	}
	benchLoop(b, len(ops), s, fresh, func(s *Savings, i int) error { return s.Apply(ops[i]) })
}

// BenchmarkRegister is a member's registration (the record checked and
// copied, the registry's indexes, the log), on a book of 50 members and
// more.
func BenchmarkRegister(b *testing.B) {
	s, _ := busySavings(b)
	joined := day(b, "2024-03-01")
	ms := make([]Member, benchOps)
	ops := make([]Op, benchOps)
	for i := range ms {
		id := ID(fmt.Sprintf("B-%04d", i+1))
		ms[i] = person(b, id, benchMembers+i+1)
		ms[i].Joined = joined
		ms[i].KK = fmt.Sprintf("32170101012%05d", i+1) // a household each
		ops[i] = Op{ID: "reg-" + string(id), Date: joined}
	}
	benchLoop(b, len(ms), s, func() *Savings { s, _ := busySavings(b); return s },
		func(s *Savings, i int) error { return s.Register(ops[i], ms[i]) })
}

// BenchmarkApplyHold is a lender's pledge: a hold on sukarela, on a book of
// 50 members and 250 movements.
func BenchmarkApplyHold(b *testing.B) {
	s, ids := busySavings(b)
	d := day(b, "2024-04-01")
	ops := make([]Operation, benchOps)
	for i := range ops {
		m := ids[i%benchMembers]
		ops[i] = Operation{ID: fmt.Sprintf("pledge-%d/hold", i), Date: d, Type: OpHold, Member: m, Hold: fmt.Sprintf("P-%d", i), Amount: rp(1_000)}
	}
	benchApply(b, s, ops)
}
