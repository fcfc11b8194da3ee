package calendar_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
)

// day is a date the test knows to be valid.
func day(t testing.TB, y int, m time.Month, d int) calendar.Date {
	t.Helper()
	v, err := calendar.NewDate(y, m, d)
	require.NoError(t, err)
	return v
}

// iso reads a date the test knows to be valid.
func iso(t testing.TB, s string) calendar.Date {
	t.Helper()
	v, err := calendar.ParseDate(s)
	require.NoError(t, err)
	return v
}

// first and last are the ends of the supported range.
var (
	first, _ = calendar.NewDate(1, time.January, 1)
	last, _  = calendar.NewDate(9999, time.December, 31)
)

func TestNewDate(t *testing.T) {
	tests := []struct {
		y     int
		m     time.Month
		d     int
		valid bool
	}{
		{2024, time.March, 28, true},
		{2024, time.February, 29, true},  // leap
		{2023, time.February, 29, false}, // common year
		{2000, time.February, 29, true},  // divisible by 400
		{1900, time.February, 29, false}, // divisible by 100, not 400
		{2100, time.February, 29, false},
		{2400, time.February, 29, true},
		{2024, time.February, 30, false},
		{2024, time.April, 30, true},
		{2024, time.April, 31, false},
		{2024, time.June, 31, false},
		{2024, time.September, 31, false},
		{2024, time.November, 31, false},
		{2024, time.December, 31, true},
		{2024, time.January, 0, false},
		{2024, time.January, -1, false},
		{2024, time.January, 32, false},
		{2024, 0, 1, false},
		{2024, 13, 1, false},
		{2024, -1, 1, false},
		{1, time.January, 1, true},
		{9999, time.December, 31, true},
		{0, time.December, 31, false},
		{10000, time.January, 1, false},
		{-1, time.January, 1, false},
		{math.MaxInt, time.January, 1, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d-%d-%d", tt.y, tt.m, tt.d), func(t *testing.T) {
			d, err := calendar.NewDate(tt.y, tt.m, tt.d)
			if !tt.valid {
				require.ErrorIs(t, err, calendar.ErrInvalidDate)
				var de *calendar.DateError
				require.ErrorAs(t, err, &de)
				require.NotEmpty(t, de.Reason)
				require.True(t, d.IsZero())
				return
			}
			require.NoError(t, err)
			y, m, dd := d.Date()
			require.Equal(t, []int{tt.y, int(tt.m), tt.d}, []int{y, int(m), dd})
			require.Equal(t, tt.y, d.Year())
			require.Equal(t, tt.m, d.Month())
			require.Equal(t, tt.d, d.Day())
		})
	}
}

func TestDaysIn(t *testing.T) {
	want := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	for m := time.January; m <= time.December; m++ {
		require.Equal(t, want[m-1], calendar.DaysIn(2023, m), "%v 2023", m)
	}
	require.Equal(t, 29, calendar.DaysIn(2024, time.February))
	require.Equal(t, 29, calendar.DaysIn(2000, time.February))
	require.Equal(t, 28, calendar.DaysIn(1900, time.February))
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2024-03-28", "0001-01-01", "9999-12-31", "2024-02-29", "2000-02-29"} {
		d, err := calendar.ParseDate(s)
		require.NoError(t, err, s)
		require.Equal(t, s, d.String())
	}
	for _, s := range []string{
		"", "2024-3-28", "2024-03-8", "24-03-28", "2024/03/28", "2024-03-28 ", " 2024-03-28", "2024-03-28T00:00:00Z",
		"2024-02-30", "2023-02-29", "1900-02-29", "0000-01-01", "2024-00-01", "2024-13-01", "2024-01-00", "2024-01-32",
		"+024-03-28", "-024-03-28", "2024-+3-28", "2024-03-+8", "2024-0a-28", "２０２４-03-28", "28-03-2024", "2024-03-28\x00",
		"2024_03_28", "10000-01-01",
	} {
		d, err := calendar.ParseDate(s)
		require.ErrorIs(t, err, calendar.ErrInvalidDate, "%q", s)
		require.True(t, d.IsZero(), "%q", s)
		var de *calendar.DateError
		require.ErrorAs(t, err, &de)
		require.Equal(t, s, de.Input)
		require.Contains(t, err.Error(), "calendar: invalid date")
	}
}

// TestCivilAgainstTime: fields, weekday, formatting and day counts agree
// with the standard library for every day from 1900 to 2100, and every 13th
// day over the whole range.
func TestCivilAgainstTime(t *testing.T) {
	check := func(d calendar.Date, tm time.Time) {
		y, m, dd := d.Date()
		ty, tmo, tdd := tm.Date()
		if y != ty || m != tmo || dd != tdd || d.Weekday() != tm.Weekday() {
			t.Fatalf("%v: got %d-%d-%d %v, time says %v %v", d, y, m, dd, d.Weekday(), tm.Format(time.DateOnly), tm.Weekday())
		}
		if d.String() != tm.Format(time.DateOnly) {
			t.Fatalf("String %q, time says %q", d, tm.Format(time.DateOnly))
		}
		if !d.Time(time.UTC).Equal(tm) {
			t.Fatalf("%v.Time = %v, want %v", d, d.Time(time.UTC), tm)
		}
		if calendar.DateOf(tm) != d {
			t.Fatalf("DateOf(%v) = %v, want %v", tm, calendar.DateOf(tm), d)
		}
	}
	d := day(t, 1900, time.January, 1)
	tm := time.Date(1900, time.January, 1, 0, 0, 0, 0, time.UTC)
	base, baseTime := d, tm
	for tm.Year() <= 2100 {
		check(d, tm)
		if got, want := d.Sub(base), int(tm.Sub(baseTime)/(24*time.Hour)); got != want {
			t.Fatalf("%v.Sub(%v) = %d, want %d", d, base, got, want)
		}
		d, tm = d.AddDays(1), tm.AddDate(0, 0, 1)
	}
	d, tm = first, time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)
	for !d.IsZero() {
		check(d, tm)
		d, tm = d.AddDays(13), tm.AddDate(0, 0, 13)
	}
	check(last, time.Date(9999, time.December, 31, 0, 0, 0, 0, time.UTC))
}

func TestWeekdayKnownDays(t *testing.T) {
	tests := []struct {
		d  string
		wd time.Weekday
	}{
		{"0001-01-01", time.Monday},
		{"1945-08-17", time.Friday}, // Proklamasi
		{"1970-01-01", time.Thursday},
		{"2000-01-01", time.Saturday},
		{"2024-03-28", time.Thursday}, // first Mekarmukti implementation day
		{"2024-03-29", time.Friday},   // Good Friday
		{"2024-03-31", time.Sunday},   // Easter
		{"9999-12-31", time.Friday},
	}
	for _, tt := range tests {
		require.Equal(t, tt.wd, iso(t, tt.d).Weekday(), tt.d)
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2024-01-31", 1, "2024-02-29"}, // leap year clamp
		{"2023-01-31", 1, "2023-02-28"},
		{"2024-01-31", 2, "2024-03-31"}, // from the anchor, not from 29 Feb
		{"2024-01-31", 3, "2024-04-30"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2024-03-31", -13, "2023-02-28"},
		{"2024-05-31", 1, "2024-06-30"},
		{"2024-03-28", 1, "2024-04-28"},
		{"2024-03-28", 0, "2024-03-28"},
		{"2024-12-15", 1, "2025-01-15"},
		{"2024-01-15", -1, "2023-12-15"},
		{"2024-03-28", -24, "2022-03-28"},
		{"2024-03-28", 1200, "2124-03-28"},
		{"2000-02-29", 12, "2001-02-28"},
		{"9999-11-30", 1, "9999-12-30"},
		{"0001-02-28", -1, "0001-01-28"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, iso(t, tt.from).AddMonths(tt.n).String(), "%s %+d months", tt.from, tt.n)
	}
}

func TestAddYears(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2024-02-29", 1, "2025-02-28"},
		{"2024-02-29", 4, "2028-02-29"},
		{"2024-02-29", -4, "2020-02-29"},
		{"2024-02-29", 76, "2100-02-28"}, // 2100 is not a leap year
		{"2024-02-29", -24, "2000-02-29"},
		{"2024-03-28", 1, "2025-03-28"},
		{"2024-03-28", 0, "2024-03-28"},
		{"9999-12-31", -9998, "0001-12-31"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, iso(t, tt.from).AddYears(tt.n).String(), "%s %+d years", tt.from, tt.n)
	}
}

func TestAddDaysWeeks(t *testing.T) {
	d := iso(t, "2024-03-28")
	require.Equal(t, "2024-04-03", d.AddDays(6).String())
	require.Equal(t, "2024-02-29", d.AddDays(-28).String())
	require.Equal(t, "2025-03-28", d.AddDays(365).String())
	require.Equal(t, "2024-04-04", d.AddWeeks(1).String())
	require.Equal(t, "2024-03-14", d.AddWeeks(-2).String())
	require.Equal(t, "2025-03-27", d.AddWeeks(52).String())
	require.Equal(t, d, d.AddDays(0))
}

// TestRangeEdges: arithmetic that leaves 0001-01-01 ... 9999-12-31 gives the
// zero Date, however large the step; it never wraps back into range.
func TestRangeEdges(t *testing.T) {
	mid := iso(t, "2024-03-28")
	for _, tc := range []struct {
		name string
		got  calendar.Date
	}{
		{"last +1 day", last.AddDays(1)},
		{"first -1 day", first.AddDays(-1)},
		{"last +1 week", last.AddWeeks(1)},
		{"first -1 week", first.AddWeeks(-1)},
		{"last +1 month", last.AddMonths(1)},
		{"first -1 month", first.AddMonths(-1)},
		{"last +1 year", last.AddYears(1)},
		{"first -1 year", first.AddYears(-1)},
		{"-9999 years", last.AddYears(-9999)},
		{"max int days", mid.AddDays(math.MaxInt)},
		{"min int days", mid.AddDays(math.MinInt)},
		{"max int weeks", mid.AddWeeks(math.MaxInt)},
		{"min int weeks", mid.AddWeeks(math.MinInt)},
		{"max int months", mid.AddMonths(math.MaxInt)},
		{"min int months", mid.AddMonths(math.MinInt)},
		{"max int years", mid.AddYears(math.MaxInt)},
		{"min int years", mid.AddYears(math.MinInt)},
		{"weeks wrapping", mid.AddWeeks(2635249153387078803)}, // 7n wraps to 5 in 64 bits
		{"years wrapping", mid.AddYears(1<<62 + 1)},           // 12n wraps to 12 in 64 bits
		{"zero plus days", calendar.Date{}.AddDays(1)},
		{"zero plus weeks", calendar.Date{}.AddWeeks(1)},
		{"zero plus months", calendar.Date{}.AddMonths(1)},
		{"zero plus years", calendar.Date{}.AddYears(1)},
		{"zero next weekday", calendar.Date{}.Next(time.Monday)},
		{"last next monday", last.Next(time.Monday)}, // 9999-12-31 is a Friday
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.True(t, tc.got.IsZero(), "gave %v", tc.got)
		})
	}
	require.Equal(t, last, last.Next(time.Friday))
	require.Equal(t, "9999-12-31", first.AddDays(last.Sub(first)).String())
	require.Equal(t, "0001-01-31", first.AddMonths(0).AddDays(30).String())
}

func TestSubCompare(t *testing.T) {
	a, b := iso(t, "2024-03-28"), iso(t, "2024-04-04")
	require.Equal(t, 7, b.Sub(a))
	require.Equal(t, -7, a.Sub(b))
	require.Equal(t, 0, a.Sub(a))
	require.Equal(t, 3652058, last.Sub(first))
	require.Equal(t, -1, a.Compare(b))
	require.Equal(t, 1, b.Compare(a))
	require.Equal(t, 0, a.Compare(iso(t, "2024-03-28")))
	require.True(t, a.Before(b))
	require.False(t, b.Before(a))
	require.True(t, b.After(a))
	require.False(t, a.After(a))
	require.True(t, a == iso(t, "2024-03-28"), "Date is comparable with ==")
	require.Equal(t, -1, calendar.Date{}.Compare(first), "the zero Date sorts first")
}

func TestNextWeekday(t *testing.T) {
	thu := iso(t, "2024-03-28")
	tests := []struct {
		wd   time.Weekday
		want string
	}{
		{time.Thursday, "2024-03-28"}, // on or after: the same day
		{time.Friday, "2024-03-29"},
		{time.Saturday, "2024-03-30"},
		{time.Sunday, "2024-03-31"},
		{time.Monday, "2024-04-01"},
		{time.Wednesday, "2024-04-03"},
	}
	for _, tt := range tests {
		got := thu.Next(tt.wd)
		require.Equal(t, tt.want, got.String(), "%v", tt.wd)
		require.Equal(t, tt.wd, got.Weekday())
	}
}

func TestDateZeroValue(t *testing.T) {
	var z calendar.Date
	require.True(t, z.IsZero())
	require.Equal(t, "", z.String())
	y, m, d := z.Date()
	require.Equal(t, []int{0, 0, 0}, []int{y, int(m), d})
	require.True(t, z.YearMonth().IsZero())
	b, err := z.MarshalText()
	require.NoError(t, err)
	require.Empty(t, b)
	require.False(t, first.IsZero())
}

func TestDateText(t *testing.T) {
	d := iso(t, "2024-03-28")
	require.Equal(t, "due 2024-03-28", string(d.AppendFormat([]byte("due "))))
	require.Equal(t, "0001-01-01", first.String())
	require.Equal(t, "0987-06-05", day(t, 987, time.June, 5).String())
	b, err := d.MarshalText()
	require.NoError(t, err)
	require.Equal(t, "2024-03-28", string(b))

	var back calendar.Date
	require.NoError(t, back.UnmarshalText(b))
	require.Equal(t, d, back)
	require.NoError(t, back.UnmarshalText(nil))
	require.True(t, back.IsZero(), "empty text is the zero Date")

	back = d
	require.ErrorIs(t, back.UnmarshalText([]byte("2024-02-30")), calendar.ErrInvalidDate)
	require.Equal(t, d, back, "a failed UnmarshalText leaves the date unchanged")
}

func TestDateOfLocation(t *testing.T) {
	wib := time.FixedZone("WIB", 7*60*60)
	// 17:30 UTC on 27 March is already 28 March in Bandung
	tm := time.Date(2024, time.March, 27, 17, 30, 0, 0, time.UTC).In(wib)
	require.Equal(t, "2024-03-28", calendar.DateOf(tm).String())
	require.Equal(t, time.Date(2024, time.March, 28, 0, 0, 0, 0, wib), iso(t, "2024-03-28").Time(wib))
	require.True(t, calendar.DateOf(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero(), "out of range")
}

// Reading a date or month from JSON bytes does not copy them first.
func TestUnmarshalTextAllocs(t *testing.T) {
	var d calendar.Date
	var ym calendar.YearMonth
	b, m := []byte("2024-03-28"), []byte("2024-03")
	if n := testing.AllocsPerRun(100, func() { _ = d.UnmarshalText(b); _ = ym.UnmarshalText(m) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
	if d.String() != "2024-03-28" || ym.String() != "2024-03" {
		t.Errorf("read %s and %s", d, ym)
	}
}
