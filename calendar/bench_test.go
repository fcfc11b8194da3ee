package calendar_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
)

// sinks keep the compiler from dropping benchmarked work.
var (
	sinkDate  calendar.Date
	sinkDates []calendar.Date
	sinkBytes []byte
)

// TestAppendDatesNoAllocs: generating due dates into a buffer with room
// allocates nothing, for every unit, so a schedule engine can reach zero.
func TestAppendDatesNoAllocs(t *testing.T) {
	c := mekarmukti()
	buf := make([]calendar.Date, 0, 52)
	first := iso(t, "2024-03-28")
	for _, f := range []calendar.Frequency{{}, {Unit: calendar.Weeks}, {Unit: calendar.Months}, {Unit: calendar.WorkingDays}} {
		allocs := testing.AllocsPerRun(50, func() {
			var err error
			buf, err = f.AppendDates(buf[:0], first, 52, c, calendar.Following)
			if err != nil {
				panic(err)
			}
		})
		require.Zero(t, allocs, "%v", f)
		require.Len(t, buf, 52)
	}
	b := make([]byte, 0, 16)
	allocs := testing.AllocsPerRun(50, func() {
		b = first.AppendFormat(b[:0])
		sinkDate = first.AddMonths(13)
	})
	require.Zero(t, allocs)
}

func BenchmarkParseDate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkDate, _ = calendar.ParseDate("2024-03-28")
	}
}

func BenchmarkDateString(b *testing.B) {
	b.ReportAllocs()
	d := mustDate("2024-03-28")
	buf := make([]byte, 0, 16)
	for b.Loop() {
		buf = d.AppendFormat(buf[:0])
	}
	sinkBytes = buf
}

func BenchmarkDateAddMonths(b *testing.B) {
	b.ReportAllocs()
	d := mustDate("2024-01-31")
	for b.Loop() {
		sinkDate = d.AddMonths(13)
	}
}

func BenchmarkIsWorkingDayNext(b *testing.B) {
	b.ReportAllocs()
	c := mekarmukti()
	d := mustDate("2024-04-07") // Lebaran: six closed days in a row
	for b.Loop() {
		sinkDate = c.NextWorkingDay(d)
	}
}

func BenchmarkAppendDates52Weekly(b *testing.B) {
	b.ReportAllocs()
	c := mekarmukti()
	first := mustDate("2024-03-28")
	weekly := calendar.Frequency{Unit: calendar.Weeks}
	buf := make([]calendar.Date, 0, 52)
	for b.Loop() {
		buf, _ = weekly.AppendDates(buf[:0], first, 52, c, calendar.Following)
	}
	sinkDates = buf
}

func BenchmarkAppendDates6WorkingDays(b *testing.B) {
	b.ReportAllocs()
	c := mekarmukti()
	first := mustDate("2024-03-28")
	daily := calendar.Frequency{Unit: calendar.WorkingDays}
	buf := make([]calendar.Date, 0, 6)
	for b.Loop() {
		buf, _ = daily.AppendDates(buf[:0], first, 6, c, calendar.Keep)
	}
	sinkDates = buf
}

func BenchmarkAppendDates12Monthly(b *testing.B) {
	b.ReportAllocs()
	c := mekarmukti()
	first := mustDate("2024-01-31")
	monthly := calendar.Frequency{Unit: calendar.Months}
	buf := make([]calendar.Date, 0, 12)
	for b.Loop() {
		buf, _ = monthly.AppendDates(buf[:0], first, 12, c, calendar.ModifiedFollowing)
	}
	sinkDates = buf
}
