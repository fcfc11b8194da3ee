package calendar_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	require.Equal(t, string(want), got, "golden file %s differs; run go test -update if the change is intended", path)
}

// TestMekarmukti2024Golden keeps the pilot's 2024 calendar (every day, open
// or closed and why) and the due dates of its typical schedules in
// testdata/mekarmukti2024.golden, for review by a person who knows the year.
func TestMekarmukti2024Golden(t *testing.T) {
	c := mekarmukti()
	names := map[calendar.Date]string{}
	for _, h := range calendar.IndonesiaHolidays2024() {
		names[h.Date] = h.Name
	}
	var b strings.Builder
	b.WriteString("# 2024, closed on Sundays and the national holidays\n")
	open := 0
	for d := iso(t, "2024-01-01"); d.Year() == 2024; d = d.AddDays(1) {
		state := "open"
		if !c.IsWorkingDay(d) {
			state = "closed"
		} else {
			open++
		}
		b.WriteString(strings.TrimRight(fmt.Sprintf("%s %.3s %-6s %s", d, d.Weekday(), state, names[d]), " ") + "\n")
	}
	fmt.Fprintf(&b, "# %d working days\n", open)

	schedules := []struct {
		title string
		f     calendar.Frequency
		first string
		count int
		adj   calendar.Adjustment
	}{
		{"Mekarmukti: 6 daily installments", calendar.Frequency{Unit: calendar.WorkingDays}, "2024-03-28", 6, calendar.Keep},
		{"52 weekly installments on Thursdays, following", calendar.Frequency{Unit: calendar.Weeks}, "2024-03-28", 52, calendar.Following},
		{"25 weekly installments, preceding", calendar.Frequency{Unit: calendar.Weeks}, "2024-03-29", 25, calendar.Preceding},
		{"12 monthly installments from 31 January, modified following", calendar.Frequency{Unit: calendar.Months}, "2024-01-31", 12, calendar.ModifiedFollowing},
		{"10 installments every 2 working days", calendar.Frequency{Every: 2, Unit: calendar.WorkingDays}, "2024-04-01", 10, calendar.Keep},
	}
	for _, s := range schedules {
		ds, err := s.f.Dates(iso(t, s.first), s.count, c, s.adj)
		require.NoError(t, err)
		fmt.Fprintf(&b, "\n# %s (%v from %s, %v)\n", s.title, s.f, s.first, s.adj)
		for i, d := range ds {
			fmt.Fprintf(&b, "%2d %s %.3s\n", i+1, d, d.Weekday())
		}
	}
	golden(t, "mekarmukti2024.golden", b.String())
}
