package calendar_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
)

func ym(t testing.TB, s string) calendar.YearMonth {
	t.Helper()
	v, err := calendar.ParseYearMonth(s)
	require.NoError(t, err)
	return v
}

func TestNewYearMonth(t *testing.T) {
	v, err := calendar.NewYearMonth(2024, time.March)
	require.NoError(t, err)
	require.Equal(t, 2024, v.Year())
	require.Equal(t, time.March, v.Month())
	require.Equal(t, "2024-03", v.String())
	require.False(t, v.IsZero())
	for _, tc := range []struct {
		y int
		m time.Month
	}{{0, time.December}, {10000, time.January}, {2024, 0}, {2024, 13}, {-1, time.March}} {
		v, err := calendar.NewYearMonth(tc.y, tc.m)
		require.ErrorIs(t, err, calendar.ErrInvalidDate, "%d-%d", tc.y, tc.m)
		require.True(t, v.IsZero())
	}
	for _, s := range []string{"0001-01", "9999-12"} {
		require.Equal(t, s, ym(t, s).String())
	}
}

func TestParseYearMonth(t *testing.T) {
	require.Equal(t, ym(t, "2024-03"), iso(t, "2024-03-28").YearMonth())
	for _, s := range []string{"", "2024-3", "2024-13", "2024-00", "0000-12", "2024/03", "2024-03-01", "202403", "2024-0a", "2024-3-"} {
		v, err := calendar.ParseYearMonth(s)
		require.ErrorIs(t, err, calendar.ErrInvalidDate, "%q", s)
		require.True(t, v.IsZero())
	}
}

func TestYearMonthArithmetic(t *testing.T) {
	mar := ym(t, "2024-03")
	tests := []struct {
		n    int
		want string
	}{
		{0, "2024-03"}, {1, "2024-04"}, {10, "2025-01"}, {-3, "2023-12"}, {-15, "2022-12"}, {12 * 100, "2124-03"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, mar.AddMonths(tt.n).String(), "%+d", tt.n)
	}
	require.Equal(t, 10, ym(t, "2025-01").Sub(mar))
	require.Equal(t, -10, mar.Sub(ym(t, "2025-01")))
	require.Equal(t, -1, mar.Compare(ym(t, "2024-04")))
	require.Equal(t, 1, mar.Compare(ym(t, "2023-12")))
	require.Equal(t, 0, mar.Compare(ym(t, "2024-03")))

	for _, got := range []calendar.YearMonth{
		ym(t, "9999-12").AddMonths(1), ym(t, "0001-01").AddMonths(-1),
		mar.AddMonths(math.MaxInt), mar.AddMonths(math.MinInt), calendar.YearMonth{}.AddMonths(1),
	} {
		require.True(t, got.IsZero(), "%v", got)
	}
}

func TestYearMonthFirstLast(t *testing.T) {
	tests := []struct {
		ym, first, last string
	}{
		{"2024-02", "2024-02-01", "2024-02-29"},
		{"2023-02", "2023-02-01", "2023-02-28"},
		{"1900-02", "1900-02-01", "1900-02-28"},
		{"2024-03", "2024-03-01", "2024-03-31"},
		{"2024-04", "2024-04-01", "2024-04-30"},
		{"9999-12", "9999-12-01", "9999-12-31"},
	}
	for _, tt := range tests {
		v := ym(t, tt.ym)
		require.Equal(t, tt.first, v.First().String())
		require.Equal(t, tt.last, v.Last().String())
		require.Equal(t, v, v.Last().YearMonth())
	}
	var z calendar.YearMonth
	require.True(t, z.First().IsZero())
	require.True(t, z.Last().IsZero())
	require.Equal(t, "", z.String())
}

func TestYearMonthText(t *testing.T) {
	v := ym(t, "2024-03")
	b, err := v.MarshalText()
	require.NoError(t, err)
	require.Equal(t, "2024-03", string(b))
	var back calendar.YearMonth
	require.NoError(t, back.UnmarshalText(b))
	require.Equal(t, v, back)
	require.NoError(t, back.UnmarshalText(nil))
	require.True(t, back.IsZero())
	back = v
	require.Error(t, back.UnmarshalText([]byte("2024-13")))
	require.Equal(t, v, back, "a failed UnmarshalText leaves the month unchanged")
	b, err = calendar.YearMonth{}.MarshalText()
	require.NoError(t, err)
	require.Empty(t, b)
}
