package calendar_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/ip2p/koperasi/calendar"
)

// FuzzParseDate: ParseDate never panics, accepts only the exact ISO form,
// and what it reads prints back to the same text.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2024-03-28", "0001-01-01", "9999-12-31", "2024-02-29", "2023-02-29", "1900-02-29", "0000-01-01",
		"2024-3-28", "+024-03-28", "2024-03-28T00:00:00Z", "", "2024-13-01", "２０２４-03-28", "2024-00-00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := calendar.ParseDate(s)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) failed but returned %v", s, d)
			}
			return
		}
		if d.IsZero() || d.String() != s {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
		var back calendar.Date
		if err := back.UnmarshalText([]byte(s)); err != nil || back != d {
			t.Fatalf("UnmarshalText(%q) = %v, %v", s, back, err)
		}
	})
}

// FuzzParseYearMonth: the same for months.
func FuzzParseYearMonth(f *testing.F) {
	for _, s := range []string{"2024-03", "0001-01", "9999-12", "2024-13", "0000-01", "2024-3", "", "2024-3-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := calendar.ParseYearMonth(s)
		if err != nil {
			if !v.IsZero() {
				t.Fatalf("ParseYearMonth(%q) failed but returned %v", s, v)
			}
			return
		}
		if v.String() != s || v.First().YearMonth() != v {
			t.Fatalf("ParseYearMonth(%q) = %v", s, v)
		}
	})
}

// FuzzEnumText: the words of Unit and Adjustment never panic and round-trip.
func FuzzEnumText(f *testing.F) {
	for _, s := range []string{"days", "day", "WEEKS", "working-days", "keep", "following", "next", "previous", "modified-following", "", "s", "ss"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var u calendar.Unit
		if err := u.UnmarshalText([]byte(s)); err == nil {
			b, err := u.MarshalText()
			var back calendar.Unit
			if err != nil || back.UnmarshalText(b) != nil || back != u {
				t.Fatalf("unit %q -> %v -> %q", s, u, b)
			}
		}
		var a calendar.Adjustment
		if err := a.UnmarshalText([]byte(s)); err == nil {
			b, err := a.MarshalText()
			var back calendar.Adjustment
			if err != nil || back.UnmarshalText(b) != nil || back != a {
				t.Fatalf("adjustment %q -> %v -> %q", s, a, b)
			}
		}
		var fr calendar.Frequency
		if err := json.Unmarshal([]byte(s), &fr); err == nil && fr.Validate() == nil {
			b, err := json.Marshal(fr)
			var back calendar.Frequency
			if err != nil || json.Unmarshal(b, &back) != nil || back != fr {
				t.Fatalf("frequency %q -> %+v -> %s", s, fr, b)
			}
		}
	})
}

// FuzzDateArithmetic: arithmetic never panics and stays in range or gives
// the zero Date, whatever the step.
func FuzzDateArithmetic(f *testing.F) {
	f.Add(738972, 1)  // 2024-03-28
	f.Add(1, -1)      // 0001-01-01
	f.Add(3652059, 1) // 9999-12-31
	f.Add(738947, 1<<62+1)
	f.Add(738947, -1<<63)
	f.Fuzz(func(t *testing.T, k, n int) {
		d := first.AddDays(k)
		for _, r := range []struct {
			name string
			got  calendar.Date
		}{{"days", d.AddDays(n)}, {"weeks", d.AddWeeks(n)}, {"months", d.AddMonths(n)}, {"years", d.AddYears(n)}} {
			name, got := r.name, r.got
			if got.IsZero() {
				continue
			}
			if got.Before(first) || got.After(last) {
				t.Fatalf("%v plus %d %s = %v, out of range", d, n, name, got)
			}
			if d.IsZero() {
				t.Fatalf("the zero Date plus %d %s = %v", n, name, got)
			}
			if name == "days" && got.Sub(d) != n {
				t.Fatalf("%v plus %d days = %v, %d days later", d, n, got, got.Sub(d))
			}
			if name == "weeks" && got.Sub(d) != 7*n {
				t.Fatalf("%v plus %d weeks = %v, %d days later", d, n, got, got.Sub(d))
			}
		}
		if nx := d.Next(time.Weekday(((n % 7) + 7) % 7)); !nx.IsZero() && (nx.Before(d) || nx.Sub(d) > 6) {
			t.Fatalf("%v.Next = %v", d, nx)
		}
	})
}

// FuzzDates: due-date generation never panics, for any frequency, count,
// calendar and adjustment; it either fails leaving dst alone or gives count
// non-decreasing dates.
func FuzzDates(f *testing.F) {
	f.Add(0, uint8(3), 738972, 6, uint8(0), uint8(1), 738973, 738975) // Mekarmukti daily
	f.Add(2, uint8(1), 738972, 52, uint8(1), uint8(65), 0, 0)
	f.Add(1, uint8(2), 738947, 12, uint8(3), uint8(0), 0, 0)
	f.Add(-1, uint8(0), 1, -1, uint8(9), uint8(127), 0, 0)
	f.Add(1000, uint8(2), 3652000, 1000, uint8(2), uint8(126), 3652059, 1)
	f.Add(0, uint8(0), 0, 2, uint8(2), uint8(2), 5, 6) // preceding from 0001-01-01, a closed Monday
	f.Fuzz(func(t *testing.T, every int, unit uint8, k, count int, adj, closed uint8, h1, h2 int) {
		if count > 2000 {
			count %= 2000 // keep each run short; the range limit is tested in the table tests
		}
		var ws []time.Weekday
		for w := range 7 {
			if closed&(1<<w) != 0 {
				ws = append(ws, time.Weekday(w))
			}
		}
		c, err := calendar.New(ws, []calendar.Date{first.AddDays(h1), first.AddDays(h2)})
		if err != nil {
			return // all weekdays closed or a zero holiday: refused, fine
		}
		fr := calendar.Frequency{Every: every, Unit: calendar.Unit(unit)}
		prefix := []calendar.Date{first}
		ds, err := fr.AppendDates(prefix, first.AddDays(k), count, c, calendar.Adjustment(adj))
		if err != nil {
			if len(ds) != 1 || ds[0] != first {
				t.Fatalf("failed (%v) but changed dst to %d dates", err, len(ds))
			}
			return
		}
		ds = ds[1:]
		if len(ds) != count {
			t.Fatalf("%d dates, want %d", len(ds), count)
		}
		for i, d := range ds {
			if d.IsZero() {
				t.Fatalf("%+v %v: date %d of %d is the zero Date", fr, calendar.Adjustment(adj), i+1, count)
			}
			if i > 0 && d.Before(ds[i-1]) {
				t.Fatalf("%+v: date %d (%v) before %v", fr, i, d, ds[i-1])
			}
		}
	})
}
