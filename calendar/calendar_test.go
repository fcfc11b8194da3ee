package calendar_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
)

// mekarmukti is the pilot's calendar: closed on Sundays and the 2024
// national holidays.
func mekarmukti() calendar.Calendar {
	return calendar.NoSundays(calendar.IndonesiaHolidays2024()...)
}

func TestNewCalendar(t *testing.T) {
	c, err := calendar.New([]time.Weekday{time.Saturday, time.Sunday, time.Sunday}, []calendar.Date{
		iso(t, "2024-08-17"), iso(t, "2024-01-01"), iso(t, "2024-08-17"),
	})
	require.NoError(t, err)
	require.Equal(t, []time.Weekday{time.Sunday, time.Saturday}, c.Closed())
	require.Equal(t, []calendar.Date{iso(t, "2024-01-01"), iso(t, "2024-08-17")}, c.Holidays(), "sorted and unique")

	hs := c.Holidays()
	hs[0] = iso(t, "2024-12-25")
	require.Equal(t, iso(t, "2024-01-01"), c.Holidays()[0], "Holidays returns a copy")

	in := []calendar.Date{iso(t, "2024-05-01")}
	c2, err := calendar.New(nil, in)
	require.NoError(t, err)
	in[0] = iso(t, "2024-06-01")
	require.False(t, c2.IsWorkingDay(iso(t, "2024-05-01")), "New copies the holidays it is given")
	require.True(t, c2.IsWorkingDay(iso(t, "2024-06-01")))

	tests := []struct {
		name     string
		closed   []time.Weekday
		holidays []calendar.Date
	}{
		{"all weekdays closed", []time.Weekday{0, 1, 2, 3, 4, 5, 6}, nil},
		{"zero holiday", nil, []calendar.Date{iso(t, "2024-01-01"), {}}},
		{"weekday out of range", []time.Weekday{7}, nil},
		{"negative weekday", []time.Weekday{-1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := calendar.New(tt.closed, tt.holidays)
			require.ErrorIs(t, err, calendar.ErrInvalidCalendar)
			require.Equal(t, calendar.Calendar{}.Closed(), c.Closed())
			require.Empty(t, c.Holidays())
		})
	}
}

func TestZeroCalendar(t *testing.T) {
	var c calendar.Calendar
	require.Empty(t, c.Closed())
	require.Empty(t, c.Holidays())
	d := iso(t, "2024-03-31") // a Sunday, and Easter
	require.True(t, c.IsWorkingDay(d))
	require.Equal(t, d, c.NextWorkingDay(d))
	require.Equal(t, d, c.PreviousWorkingDay(d))
	require.Equal(t, d.AddDays(5), c.AddWorkingDays(d, 5))
	for _, a := range []calendar.Adjustment{calendar.Keep, calendar.Following, calendar.Preceding, calendar.ModifiedFollowing} {
		require.Equal(t, d, c.Adjust(d, a))
	}
}

func TestIndonesiaHolidays2024(t *testing.T) {
	hs := calendar.IndonesiaHolidays2024()
	require.Len(t, hs, 27)
	seen := map[calendar.Date]bool{}
	for i, h := range hs {
		require.False(t, h.Date.IsZero(), "holiday %d", i)
		require.Equal(t, 2024, h.Date.Year(), h.Name)
		require.NotEmpty(t, h.Name)
		require.False(t, seen[h.Date], "duplicate %v", h.Date)
		seen[h.Date] = true
		if i > 0 {
			require.True(t, hs[i-1].Date.Before(h.Date), "in date order at %v", h.Date)
		}
	}
	byDate := map[string]string{}
	for _, h := range hs {
		byDate[h.Date.String()] = h.Name
	}
	require.Equal(t, "Wafat Isa Almasih", byDate["2024-03-29"])
	require.Equal(t, "Hari Paskah", byDate["2024-03-31"])
	require.Equal(t, "Hari Kemerdekaan RI", byDate["2024-08-17"])
	require.Equal(t, "Idul Fitri 1445 H", byDate["2024-04-10"])

	// a fresh slice each call: a caller may change it freely
	hs[0].Name = "changed"
	require.Equal(t, "Tahun Baru Masehi", calendar.IndonesiaHolidays2024()[0].Name)
}

func TestNoSundays(t *testing.T) {
	c := calendar.NoSundays(calendar.Holiday{Date: iso(t, "2024-08-17"), Name: "Hari Kemerdekaan RI"}, calendar.Holiday{Name: "no date"})
	require.Equal(t, []time.Weekday{time.Sunday}, c.Closed())
	require.Equal(t, []calendar.Date{iso(t, "2024-08-17")}, c.Holidays(), "a holiday without a date is dropped")
	require.Empty(t, calendar.NoSundays().Holidays())
}

func TestIsWorkingDay(t *testing.T) {
	c := mekarmukti()
	tests := []struct {
		d    string
		open bool
	}{
		{"2024-03-28", true},  // Thursday, first implementation day
		{"2024-03-29", false}, // Good Friday
		{"2024-03-30", true},  // Saturday: open
		{"2024-03-31", false}, // Sunday and Easter
		{"2024-04-01", true},
		{"2024-04-07", false}, // Sunday
		{"2024-04-08", false}, // cuti bersama Idul Fitri
		{"2024-04-10", false}, // Idul Fitri
		{"2024-04-13", true},  // Saturday between the leave days
		{"2024-04-15", false}, // cuti bersama
		{"2024-04-16", true},
		{"2024-08-17", false}, // Independence Day, a Saturday
		{"2025-01-01", true},  // the 2024 list says nothing about 2025
	}
	for _, tt := range tests {
		require.Equal(t, tt.open, c.IsWorkingDay(iso(t, tt.d)), tt.d)
	}
}

func TestNextPreviousWorkingDay(t *testing.T) {
	c := mekarmukti()
	tests := []struct {
		d, next, prev string
	}{
		{"2024-03-28", "2024-03-28", "2024-03-28"},
		{"2024-03-29", "2024-03-30", "2024-03-28"},
		{"2024-03-31", "2024-04-01", "2024-03-30"},
		{"2024-04-07", "2024-04-13", "2024-04-06"}, // Lebaran: 7 Sun, 8-12 closed
		{"2024-04-14", "2024-04-16", "2024-04-13"},
		{"2024-03-10", "2024-03-13", "2024-03-09"}, // Sunday, then Nyepi and its leave day
	}
	for _, tt := range tests {
		d := iso(t, tt.d)
		require.Equal(t, tt.next, c.NextWorkingDay(d).String(), "next from %s", tt.d)
		require.Equal(t, tt.prev, c.PreviousWorkingDay(d).String(), "previous from %s", tt.d)
	}
	// at the ends of the range a calendar with no open day left gives the zero Date
	sat, err := calendar.New([]time.Weekday{time.Saturday}, nil)
	require.NoError(t, err)
	fri, err := calendar.New([]time.Weekday{time.Friday, time.Saturday}, nil)
	require.NoError(t, err)
	require.True(t, fri.NextWorkingDay(last).IsZero(), "9999-12-31 is a Friday")
	require.Equal(t, last, sat.NextWorkingDay(last))
	mon, err := calendar.New([]time.Weekday{time.Monday}, nil)
	require.NoError(t, err)
	require.True(t, mon.PreviousWorkingDay(first).IsZero(), "0001-01-01 is a Monday")
	require.True(t, c.NextWorkingDay(calendar.Date{}).IsZero())
	require.True(t, c.PreviousWorkingDay(calendar.Date{}).IsZero())
}

func TestAddWorkingDays(t *testing.T) {
	c := mekarmukti()
	from := iso(t, "2024-03-28")
	want := []string{"2024-03-28", "2024-03-30", "2024-04-01", "2024-04-02", "2024-04-03", "2024-04-04", "2024-04-05", "2024-04-06", "2024-04-13", "2024-04-16"}
	for n, w := range want {
		require.Equal(t, w, c.AddWorkingDays(from, n).String(), "+%d working days", n)
	}
	require.Equal(t, "2024-03-30", c.AddWorkingDays(iso(t, "2024-03-29"), 0).String(), "n = 0 is the first working day on or after")
	require.True(t, c.AddWorkingDays(last.AddDays(-3), 10).IsZero(), "out of range")
	require.True(t, c.AddWorkingDays(calendar.Date{}, 1).IsZero())
}

func TestAdjust(t *testing.T) {
	c := mekarmukti()
	weekend, err := calendar.New([]time.Weekday{time.Saturday, time.Sunday}, nil)
	require.NoError(t, err)
	tests := []struct {
		name                             string
		cal                              calendar.Calendar
		d                                string
		keep, following, preceding, modf string
	}{
		{"working day stays", c, "2024-03-28", "2024-03-28", "2024-03-28", "2024-03-28", "2024-03-28"},
		{"Good Friday", c, "2024-03-29", "2024-03-29", "2024-03-30", "2024-03-28", "2024-03-30"},
		// 31 March is a Sunday and Easter: following is in April, so
		// modified following goes back to Saturday 30 March
		{"Easter at month end", c, "2024-03-31", "2024-03-31", "2024-04-01", "2024-03-30", "2024-03-30"},
		{"Sunday at month end", c, "2024-06-30", "2024-06-30", "2024-07-01", "2024-06-29", "2024-06-29"},
		{"Nyepi", c, "2024-03-11", "2024-03-11", "2024-03-13", "2024-03-09", "2024-03-13"},
		{"Lebaran", c, "2024-04-10", "2024-04-10", "2024-04-13", "2024-04-06", "2024-04-13"},
		{"weekend at month end", weekend, "2024-08-31", "2024-08-31", "2024-09-02", "2024-08-30", "2024-08-30"},
		{"weekend at year end", weekend, "2023-12-31", "2023-12-31", "2024-01-01", "2023-12-29", "2023-12-29"},
		{"weekend at month start", weekend, "2024-06-01", "2024-06-01", "2024-06-03", "2024-05-31", "2024-06-03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := iso(t, tt.d)
			require.Equal(t, tt.keep, tt.cal.Adjust(d, calendar.Keep).String(), "keep")
			require.Equal(t, tt.following, tt.cal.Adjust(d, calendar.Following).String(), "following")
			require.Equal(t, tt.preceding, tt.cal.Adjust(d, calendar.Preceding).String(), "preceding")
			require.Equal(t, tt.modf, tt.cal.Adjust(d, calendar.ModifiedFollowing).String(), "modified following")
		})
	}
	require.Equal(t, "2024-03-29", c.Adjust(iso(t, "2024-03-29"), calendar.Adjustment(9)).String(), "an unknown adjustment keeps the date")
}

// TestAdjustModifiedFollowingSameMonthNextYear: modified following stays in
// the month of the date, not merely in a month with the same name.
func TestAdjustModifiedFollowingSameMonthNextYear(t *testing.T) {
	var hs []calendar.Date
	for d := iso(t, "2024-01-01"); d.Before(iso(t, "2024-12-02")); d = d.AddDays(1) {
		hs = append(hs, d) // a year of holidays: the next working day is 2 December 2024
	}
	c, err := calendar.New([]time.Weekday{time.Sunday}, hs)
	require.NoError(t, err)
	d := iso(t, "2023-12-31") // a Sunday
	require.Equal(t, "2024-12-02", c.Adjust(d, calendar.Following).String())
	require.Equal(t, "2023-12-30", c.Adjust(d, calendar.ModifiedFollowing).String())
}

func TestAdjustmentText(t *testing.T) {
	for a, name := range []string{"keep", "following", "preceding", "modified-following"} {
		adj := calendar.Adjustment(a)
		require.True(t, adj.Valid())
		require.Equal(t, name, adj.String())
		b, err := adj.MarshalText()
		require.NoError(t, err)
		require.Equal(t, name, string(b))
		var back calendar.Adjustment
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, adj, back)
	}
	for in, want := range map[string]calendar.Adjustment{
		"": calendar.Keep, "next": calendar.Following, "previous": calendar.Preceding, "Modified-Following": calendar.ModifiedFollowing, "FOLLOWING": calendar.Following,
	} {
		var a calendar.Adjustment
		require.NoError(t, a.UnmarshalText([]byte(in)), in)
		require.Equal(t, want, a, in)
	}
	bad := calendar.Adjustment(4)
	require.False(t, bad.Valid())
	require.Equal(t, "adjustment(4)", bad.String())
	_, err := bad.MarshalText()
	require.ErrorIs(t, err, calendar.ErrInvalidCalendar)
	a := calendar.Preceding
	require.ErrorIs(t, a.UnmarshalText([]byte("modified preceding")), calendar.ErrInvalidCalendar)
	require.Equal(t, calendar.Preceding, a, "a failed UnmarshalText leaves the adjustment unchanged")
}
