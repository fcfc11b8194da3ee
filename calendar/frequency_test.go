package calendar_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
)

func isos(t testing.TB, ss ...string) []calendar.Date {
	t.Helper()
	ds := make([]calendar.Date, len(ss))
	for i, s := range ss {
		ds[i] = iso(t, s)
	}
	return ds
}

func TestFrequencyValidate(t *testing.T) {
	for _, f := range []calendar.Frequency{
		{}, {Every: 1}, {Every: 1000, Unit: calendar.Months}, {Unit: calendar.WorkingDays}, {Every: 2, Unit: calendar.Weeks},
	} {
		require.NoError(t, f.Validate(), "%+v", f)
	}
	for _, f := range []calendar.Frequency{
		{Every: -1}, {Every: 1001}, {Every: math.MaxInt}, {Unit: calendar.Unit(4)}, {Every: 1, Unit: calendar.Unit(255)},
	} {
		err := f.Validate()
		require.ErrorIs(t, err, calendar.ErrInvalidFrequency, "%+v", f)
		var fe *calendar.FrequencyError
		require.ErrorAs(t, err, &fe)
		require.Equal(t, f, fe.Frequency)
		require.Contains(t, err.Error(), "invalid frequency")
	}
}

func TestFrequencyString(t *testing.T) {
	tests := []struct {
		f    calendar.Frequency
		want string
		n    int
	}{
		{calendar.Frequency{}, "every day", 1},
		{calendar.Frequency{Every: 1}, "every day", 1},
		{calendar.Frequency{Every: 3}, "every 3 days", 3},
		{calendar.Frequency{Unit: calendar.Weeks}, "every week", 1},
		{calendar.Frequency{Every: 2, Unit: calendar.Weeks}, "every 2 weeks", 2},
		{calendar.Frequency{Unit: calendar.Months}, "every month", 1},
		{calendar.Frequency{Every: 3, Unit: calendar.Months}, "every 3 months", 3},
		{calendar.Frequency{Unit: calendar.WorkingDays}, "every working day", 1},
		{calendar.Frequency{Every: 2, Unit: calendar.WorkingDays}, "every 2 working days", 2},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, tt.f.String())
		require.Equal(t, tt.n, tt.f.N())
	}
}

// TestStepNoDrift: stepping counts from the anchor, so a month-end anchor
// comes back to the month end after a short month.
func TestStepNoDrift(t *testing.T) {
	monthly := calendar.Frequency{Unit: calendar.Months}
	anchor := iso(t, "2024-01-31")
	want := []string{
		"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30", "2024-07-31",
		"2024-08-31", "2024-09-30", "2024-10-31", "2024-11-30", "2024-12-31", "2025-01-31", "2025-02-28",
	}
	for k, w := range want {
		require.Equal(t, w, monthly.Step(anchor, k, calendar.Calendar{}).String(), "k=%d", k)
	}
	dates, err := monthly.Dates(anchor, len(want), calendar.Calendar{}, calendar.Keep)
	require.NoError(t, err)
	require.Equal(t, isos(t, want...), dates)

	quarterly := calendar.Frequency{Every: 3, Unit: calendar.Months}
	require.Equal(t, "2024-11-30", quarterly.Step(iso(t, "2024-08-31"), 1, calendar.Calendar{}).String())
	require.Equal(t, "2025-02-28", quarterly.Step(iso(t, "2024-08-31"), 2, calendar.Calendar{}).String())
	require.Equal(t, "2024-05-31", quarterly.Step(iso(t, "2024-08-31"), -1, calendar.Calendar{}).String())
}

func TestStep(t *testing.T) {
	c := mekarmukti()
	thu := iso(t, "2024-03-28")
	tests := []struct {
		f    calendar.Frequency
		k    int
		want string
	}{
		{calendar.Frequency{}, 5, "2024-04-02"},
		{calendar.Frequency{Every: 3}, 2, "2024-04-03"},
		{calendar.Frequency{}, -28, "2024-02-29"},
		{calendar.Frequency{Unit: calendar.Weeks}, 1, "2024-04-04"},
		{calendar.Frequency{Every: 2, Unit: calendar.Weeks}, 3, "2024-05-09"},
		{calendar.Frequency{Unit: calendar.Weeks}, 51, "2025-03-20"},
		{calendar.Frequency{Unit: calendar.WorkingDays}, 0, "2024-03-28"},
		{calendar.Frequency{Unit: calendar.WorkingDays}, 5, "2024-04-04"},
		{calendar.Frequency{Every: 2, Unit: calendar.WorkingDays}, 3, "2024-04-05"},
		{calendar.Frequency{Unit: calendar.Months}, 1, "2024-04-28"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, tt.f.Step(thu, tt.k, c).String(), "%v k=%d", tt.f, tt.k)
	}
	// out of range, however large the product of count and k
	for _, tc := range []struct {
		f calendar.Frequency
		k int
	}{
		{calendar.Frequency{}, math.MaxInt},
		{calendar.Frequency{}, math.MinInt},
		{calendar.Frequency{Unit: calendar.Weeks}, 2635249153387078803}, // 7k wraps to 5 in 64 bits
		{calendar.Frequency{Every: 4}, 1<<62 + 1},                       // 4k wraps to 4
		{calendar.Frequency{Every: 1000, Unit: calendar.Months}, math.MaxInt / 999},
		{calendar.Frequency{Every: 1000, Unit: calendar.Months}, 10000},
		{calendar.Frequency{Every: 1000}, -10000},
		{calendar.Frequency{Every: math.MaxInt, Unit: calendar.Weeks}, 2},
		{calendar.Frequency{Unit: calendar.WorkingDays}, math.MaxInt},
		{calendar.Frequency{Unit: calendar.Months}, 12 * 8000},
	} {
		require.True(t, tc.f.Step(thu, tc.k, c).IsZero(), "%+v k=%d gave %v", tc.f, tc.k, tc.f.Step(thu, tc.k, c))
	}
}

// TestMekarmuktiDailyInstallments: the pilot's six daily installments from
// 28 March 2024 fall on working days only, skipping Good Friday (29 March)
// and Easter Sunday (31 March).
func TestMekarmuktiDailyInstallments(t *testing.T) {
	daily := calendar.Frequency{Unit: calendar.WorkingDays}
	got, err := daily.Dates(iso(t, "2024-03-28"), 6, mekarmukti(), calendar.Keep)
	require.NoError(t, err)
	require.Equal(t, isos(t, "2024-03-28", "2024-03-30", "2024-04-01", "2024-04-02", "2024-04-03", "2024-04-04"), got)
	for _, d := range got {
		require.True(t, mekarmukti().IsWorkingDay(d), "%v", d)
	}
	// the adjustment does not matter for working days
	for _, adj := range []calendar.Adjustment{calendar.Following, calendar.Preceding, calendar.ModifiedFollowing} {
		again, err := daily.Dates(iso(t, "2024-03-28"), 6, mekarmukti(), adj)
		require.NoError(t, err)
		require.Equal(t, got, again, "%v", adj)
	}
}

func TestAppendDates(t *testing.T) {
	c := mekarmukti()
	tests := []struct {
		name  string
		f     calendar.Frequency
		first string
		count int
		adj   calendar.Adjustment
		want  []string
	}{
		{"days, kept on closed days", calendar.Frequency{}, "2024-03-28", 6, calendar.Keep,
			[]string{"2024-03-28", "2024-03-29", "2024-03-30", "2024-03-31", "2024-04-01", "2024-04-02"}},
		// calendar days moved forward can land two installments on one day:
		// that is why daily schedules use WorkingDays
		{"days, following", calendar.Frequency{}, "2024-03-28", 6, calendar.Following,
			[]string{"2024-03-28", "2024-03-30", "2024-03-30", "2024-04-01", "2024-04-01", "2024-04-02"}},
		{"working days from a holiday", calendar.Frequency{Unit: calendar.WorkingDays}, "2024-03-29", 3, calendar.Keep,
			[]string{"2024-03-30", "2024-04-01", "2024-04-02"}},
		{"every 2 working days", calendar.Frequency{Every: 2, Unit: calendar.WorkingDays}, "2024-03-28", 4, calendar.Keep,
			[]string{"2024-03-28", "2024-04-01", "2024-04-03", "2024-04-05"}},
		{"working days across Lebaran", calendar.Frequency{Unit: calendar.WorkingDays}, "2024-04-05", 4, calendar.Keep,
			[]string{"2024-04-05", "2024-04-06", "2024-04-13", "2024-04-16"}},
		{"weekly Thursdays, following", calendar.Frequency{Unit: calendar.Weeks}, "2024-04-04", 3, calendar.Following,
			[]string{"2024-04-04", "2024-04-13", "2024-04-18"}}, // 11 Apr Idul Fitri, 12 Apr leave
		{"weekly Thursdays, preceding", calendar.Frequency{Unit: calendar.Weeks}, "2024-05-02", 2, calendar.Preceding,
			[]string{"2024-05-02", "2024-05-08"}}, // 9 May Ascension
		{"fortnightly", calendar.Frequency{Every: 2, Unit: calendar.Weeks}, "2024-03-28", 3, calendar.Keep,
			[]string{"2024-03-28", "2024-04-11", "2024-04-25"}},
		{"monthly from 31 Jan, keep", calendar.Frequency{Unit: calendar.Months}, "2024-01-31", 4, calendar.Keep,
			[]string{"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"}},
		{"monthly from 31 Jan, following", calendar.Frequency{Unit: calendar.Months}, "2024-01-31", 4, calendar.Following,
			[]string{"2024-01-31", "2024-02-29", "2024-04-01", "2024-04-30"}},
		{"monthly from 31 Jan, modified following", calendar.Frequency{Unit: calendar.Months}, "2024-01-31", 4, calendar.ModifiedFollowing,
			[]string{"2024-01-31", "2024-02-29", "2024-03-30", "2024-04-30"}},
		{"none", calendar.Frequency{}, "2024-03-28", 0, calendar.Keep, []string{}},
		{"last day of the range", calendar.Frequency{}, "9999-12-30", 2, calendar.Keep, []string{"9999-12-30", "9999-12-31"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.f.Dates(iso(t, tt.first), tt.count, c, tt.adj)
			require.NoError(t, err)
			require.Equal(t, isos(t, tt.want...), got)

			prefix := isos(t, "2000-01-01")
			app, err := tt.f.AppendDates(prefix, iso(t, tt.first), tt.count, c, tt.adj)
			require.NoError(t, err)
			require.Equal(t, append(isos(t, "2000-01-01"), got...), app, "AppendDates appends")
		})
	}
}

func TestAppendDatesErrors(t *testing.T) {
	c := mekarmukti()
	tests := []struct {
		name    string
		f       calendar.Frequency
		first   calendar.Date
		count   int
		wantErr error
	}{
		{"negative count", calendar.Frequency{}, iso(t, "2024-03-28"), -1, calendar.ErrInvalidFrequency},
		{"zero first date", calendar.Frequency{}, calendar.Date{}, 6, calendar.ErrInvalidDate},
		{"invalid frequency", calendar.Frequency{Every: -2}, iso(t, "2024-03-28"), 6, calendar.ErrInvalidFrequency},
		{"unknown unit", calendar.Frequency{Unit: 7}, iso(t, "2024-03-28"), 6, calendar.ErrInvalidFrequency},
		{"days out of range", calendar.Frequency{}, iso(t, "9999-12-30"), 3, calendar.ErrOutOfRange},
		{"weeks out of range", calendar.Frequency{Unit: calendar.Weeks}, iso(t, "9999-12-01"), 6, calendar.ErrOutOfRange},
		{"months out of range", calendar.Frequency{Unit: calendar.Months}, iso(t, "9999-11-30"), 3, calendar.ErrOutOfRange},
		{"working days out of range", calendar.Frequency{Unit: calendar.WorkingDays}, iso(t, "9999-12-29"), 6, calendar.ErrOutOfRange},
		{"more dates than the range holds", calendar.Frequency{}, iso(t, "2024-03-28"), math.MaxInt, calendar.ErrOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := isos(t, "2000-01-01")
			got, err := tt.f.AppendDates(prefix, tt.first, tt.count, c, calendar.Keep)
			require.ErrorIs(t, err, tt.wantErr)
			require.Equal(t, prefix, got, "on error dst comes back as it was")
			require.NotEmpty(t, err.Error())

			dates, err := tt.f.Dates(tt.first, tt.count, c, calendar.Keep)
			require.ErrorIs(t, err, tt.wantErr)
			require.Empty(t, dates)
		})
	}
}

func TestUnitText(t *testing.T) {
	for u, name := range []string{"days", "weeks", "months", "working-days"} {
		unit := calendar.Unit(u)
		require.Equal(t, name, unit.String())
		b, err := unit.MarshalText()
		require.NoError(t, err)
		require.Equal(t, name, string(b))
		var back calendar.Unit
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, unit, back)
	}
	for in, want := range map[string]calendar.Unit{
		"day": calendar.Days, "WEEK": calendar.Weeks, "Months": calendar.Months, "working-day": calendar.WorkingDays,
	} {
		var u calendar.Unit
		require.NoError(t, u.UnmarshalText([]byte(in)), in)
		require.Equal(t, want, u, in)
	}
	u := calendar.Weeks
	for _, in := range []string{"", "fortnight", "working days", "dayss"} {
		require.ErrorIs(t, u.UnmarshalText([]byte(in)), calendar.ErrInvalidFrequency, in)
		require.Equal(t, calendar.Weeks, u, "a failed UnmarshalText leaves the unit unchanged")
	}
	require.Equal(t, "unit(4)", calendar.Unit(4).String())
	_, err := calendar.Unit(4).MarshalText()
	require.ErrorIs(t, err, calendar.ErrInvalidFrequency)
}

func TestWeekdayConstantsMatchTime(t *testing.T) {
	// Calendar stores closed weekdays by time.Weekday; make sure a weekly
	// schedule on a closed weekday is moved every time
	sat, err := calendar.New([]time.Weekday{time.Saturday}, nil)
	require.NoError(t, err)
	got, err := calendar.Frequency{Unit: calendar.Weeks}.Dates(iso(t, "2024-03-30"), 3, sat, calendar.Following)
	require.NoError(t, err)
	require.Equal(t, isos(t, "2024-03-31", "2024-04-07", "2024-04-14"), got)
}

// TestAppendDatesAdjustedOutOfRange: a due date that the adjustment moves
// out of the range is an error, never a zero Date in the schedule.
func TestAppendDatesAdjustedOutOfRange(t *testing.T) {
	mon, err := calendar.New([]time.Weekday{time.Monday}, nil)
	require.NoError(t, err)
	got, err := calendar.Frequency{}.Dates(first, 2, mon, calendar.Preceding) // 0001-01-01 is a closed Monday
	require.ErrorIs(t, err, calendar.ErrOutOfRange)
	require.Empty(t, got)
	got, err = calendar.Frequency{}.Dates(first, 2, mon, calendar.Following)
	require.NoError(t, err)
	require.Equal(t, isos(t, "0001-01-02", "0001-01-02"), got)

	fri, err := calendar.New([]time.Weekday{time.Friday}, nil)
	require.NoError(t, err)
	_, err = calendar.Frequency{Unit: calendar.Weeks}.Dates(last.AddDays(-7), 2, fri, calendar.Following) // 9999-12-31 is a closed Friday
	require.ErrorIs(t, err, calendar.ErrOutOfRange)
	got, err = calendar.Frequency{Unit: calendar.Weeks}.Dates(last.AddDays(-7), 2, fri, calendar.ModifiedFollowing)
	require.NoError(t, err)
	require.Equal(t, isos(t, "9999-12-25", "9999-12-30"), got)
}
