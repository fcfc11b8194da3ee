package calendar_test

import (
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/calendar"
)

// genDate draws any date in the supported range, with the years around now
// well represented.
func genDate() *rapid.Generator[calendar.Date] {
	return rapid.Custom(func(t *rapid.T) calendar.Date {
		var k int
		if rapid.Bool().Draw(t, "modern") {
			k = rapid.IntRange(mustDate("1900-01-01").Sub(first), mustDate("2100-12-31").Sub(first)).Draw(t, "k")
		} else {
			k = rapid.IntRange(0, last.Sub(first)).Draw(t, "k")
		}
		return first.AddDays(k)
	})
}

// genCalendar draws a calendar with some closed weekdays (never all) and a
// handful of holidays around 1990-2100.
func genCalendar() *rapid.Generator[calendar.Calendar] {
	return rapid.Custom(func(t *rapid.T) calendar.Calendar {
		var closed []time.Weekday
		for w := time.Sunday; w <= time.Saturday; w++ {
			if rapid.IntRange(0, 3).Draw(t, "closed "+w.String()) == 0 {
				closed = append(closed, w)
			}
		}
		if len(closed) == 7 {
			closed = closed[1:]
		}
		start := mustDate("1990-01-01")
		n := rapid.IntRange(0, 60).Draw(t, "holidays")
		var hs []calendar.Date
		base := rapid.IntRange(0, 40000).Draw(t, "base")
		for range n {
			hs = append(hs, start.AddDays(base+rapid.IntRange(0, 400).Draw(t, "holiday")))
		}
		c, err := calendar.New(closed, hs)
		if err != nil {
			t.Fatal(err)
		}
		return c
	})
}

func TestPropCivilRoundTrip(t *testing.T) {
	epoch := time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC)
	rapid.Check(t, func(t *rapid.T) {
		d := genDate().Draw(t, "d")
		k := d.Sub(first)
		tm := epoch.AddDate(0, 0, k)
		y, m, dd := d.Date()
		ty, tmo, tdd := tm.Date()
		if y != ty || m != tmo || dd != tdd || d.Weekday() != tm.Weekday() {
			t.Fatalf("%v: %d-%d-%d %v; time says %s %v", d, y, m, dd, d.Weekday(), tm.Format(time.DateOnly), tm.Weekday())
		}
		if back, err := calendar.NewDate(y, m, dd); err != nil || back != d {
			t.Fatalf("NewDate(%d, %d, %d) = %v, %v; want %v", y, m, dd, back, err, d)
		}
		if back, err := calendar.ParseDate(d.String()); err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v, %v", d, back, err)
		}
		if calendar.DateOf(tm) != d {
			t.Fatalf("DateOf(%v) = %v", tm, calendar.DateOf(tm))
		}
		if d.YearMonth().First().Sub(d) != 1-dd || d.YearMonth().Last().Day() != calendar.DaysIn(y, m) {
			t.Fatalf("%v: month %v from %v to %v", d, d.YearMonth(), d.YearMonth().First(), d.YearMonth().Last())
		}
	})
}

// TestPropAddMonthsAgainstTime: AddMonths agrees with time.AddDate whenever
// the day exists in the target month; otherwise it is the last day of the
// target month, where time.AddDate would overflow into the next month.
func TestPropAddMonthsAgainstTime(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genDate().Draw(t, "d")
		n := rapid.IntRange(-2400, 2400).Draw(t, "n")
		got := d.AddMonths(n)
		tm := d.Time(time.UTC).AddDate(0, n, 0)
		y, m, dd := d.Date()
		total := y*12 + int(m) - 1 + n
		ty, tmo := total/12, time.Month(total%12+1)
		if total < 12 || ty > 9999 {
			if !got.IsZero() {
				t.Fatalf("%v %+d months = %v, want the zero Date", d, n, got)
			}
			return
		}
		if dd <= calendar.DaysIn(ty, tmo) {
			if want := calendar.DateOf(tm); got != want {
				t.Fatalf("%v %+d months = %v, time says %v", d, n, got, want)
			}
		} else {
			want, _ := calendar.NewDate(ty, tmo, calendar.DaysIn(ty, tmo))
			if got != want {
				t.Fatalf("%v %+d months = %v, want month end %v", d, n, got, want)
			}
			if calendar.DateOf(tm.AddDate(0, 0, -tm.Day())) != want {
				t.Fatalf("time overflowed %v %+d months to %v", d, n, tm)
			}
		}
		if got.AddMonths(-n).Day() > dd {
			t.Fatalf("there and back grew the day: %v", got.AddMonths(-n))
		}
	})
}

func TestPropWorkingDays(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCalendar().Draw(t, "cal")
		d := mustDate("1990-01-01").AddDays(rapid.IntRange(0, 40000).Draw(t, "d"))
		if rapid.Bool().Draw(t, "month end") { // where modified following matters
			d = d.YearMonth().Last().AddDays(-rapid.IntRange(0, 2).Draw(t, "back"))
		}
		next, prev := c.NextWorkingDay(d), c.PreviousWorkingDay(d)
		if !c.IsWorkingDay(next) || next.Before(d) || !c.IsWorkingDay(prev) || prev.After(d) {
			t.Fatalf("from %v: next %v, previous %v", d, next, prev)
		}
		for x := d; x.Before(next); x = x.AddDays(1) {
			if c.IsWorkingDay(x) {
				t.Fatalf("%v is a working day before NextWorkingDay(%v) = %v", x, d, next)
			}
		}
		for x := d; x.After(prev); x = x.AddDays(-1) {
			if c.IsWorkingDay(x) {
				t.Fatalf("%v is a working day after PreviousWorkingDay(%v) = %v", x, d, prev)
			}
		}
		n := rapid.IntRange(0, 30).Draw(t, "n")
		got := c.AddWorkingDays(d, n)
		count := 0
		for x := next.AddDays(1); !x.After(got); x = x.AddDays(1) {
			if c.IsWorkingDay(x) {
				count++
			}
		}
		if !c.IsWorkingDay(got) || count != n {
			t.Fatalf("AddWorkingDays(%v, %d) = %v, %d working days after %v", d, n, got, count, next)
		}
		for _, a := range []calendar.Adjustment{calendar.Following, calendar.Preceding, calendar.ModifiedFollowing} {
			adj := c.Adjust(d, a)
			if !c.IsWorkingDay(adj) {
				t.Fatalf("Adjust(%v, %v) = %v, not a working day", d, a, adj)
			}
			if a == calendar.ModifiedFollowing && adj.YearMonth() != d.YearMonth() && (c.Adjust(d, calendar.Preceding).YearMonth() == d.YearMonth()) {
				t.Fatalf("modified following left %v for %v though a working day precedes it in the month", d, adj)
			}
		}
	})
}

// TestPropDates: due dates never go backwards, are working days whenever the
// unit or the adjustment says so, and each is the step from the first date,
// adjusted.
func TestPropDates(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCalendar().Draw(t, "cal")
		f := calendar.Frequency{
			Every: rapid.IntRange(0, 10).Draw(t, "every"),
			Unit:  calendar.Unit(rapid.IntRange(0, 3).Draw(t, "unit")),
		}
		adj := calendar.Adjustment(rapid.IntRange(0, 3).Draw(t, "adj"))
		firstDue := mustDate("1990-01-01").AddDays(rapid.IntRange(0, 40000).Draw(t, "first"))
		count := rapid.IntRange(0, 60).Draw(t, "count")
		ds, err := f.Dates(firstDue, count, c, adj)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != count {
			t.Fatalf("%d dates, want %d", len(ds), count)
		}
		for i, d := range ds {
			if i > 0 && d.Before(ds[i-1]) {
				t.Fatalf("%v: date %d (%v) before date %d (%v)", f, i, d, i-1, ds[i-1])
			}
			if i > 0 && (f.Unit == calendar.WorkingDays || adj == calendar.Keep) && !d.After(ds[i-1]) {
				t.Fatalf("%v %v: date %d (%v) not after date %d (%v)", f, adj, i, d, i-1, ds[i-1])
			}
			if (f.Unit == calendar.WorkingDays || adj != calendar.Keep) && !c.IsWorkingDay(d) {
				t.Fatalf("%v %v: date %d (%v) is not a working day", f, adj, i, d)
			}
			step := f.Step(firstDue, i, c)
			if f.Unit != calendar.WorkingDays {
				step = c.Adjust(step, adj)
			}
			if d != step {
				t.Fatalf("%v %v: date %d is %v, but the step from %v is %v", f, adj, i, d, firstDue, step)
			}
			if f.Unit == calendar.WorkingDays && i > 0 {
				between := 0
				for x := ds[i-1].AddDays(1); x.Before(d); x = x.AddDays(1) {
					if c.IsWorkingDay(x) {
						between++
					}
				}
				if between != f.N()-1 {
					t.Fatalf("%v: %d working days between %v and %v", f, between, ds[i-1], d)
				}
			}
		}
	})
}

// mustDate reads a date the test knows to be valid, outside a *testing.T.
func mustDate(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
