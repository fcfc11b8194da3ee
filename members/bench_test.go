package members

import (
	"fmt"
	"testing"

	"github.com/ip2p/koperasi/calendar"
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
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == len(ids) {
			b.StopTimer()
			s, _ = mekarmukti(b)
			i = 0
			b.StartTimer()
		}
		if err := s.Deposit(Op{ID: ids[i], Date: d}, "A-0001", rp(10_000)); err != nil {
			b.Fatal(err)
		}
		i++
	}
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
