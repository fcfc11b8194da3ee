package calendar

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Calendar says which days the koperasi collects: a set of closed weekdays and
// a list of holidays given by the caller. It is immutable and safe to share.
// The zero Calendar has every day open.
type Calendar struct {
	closed   uint8  // bit w set: weekday w is closed
	holidays []Date // sorted, unique, never changed after New
}

// Holiday is a named closed day.
type Holiday struct {
	Date Date   `json:"date"`
	Name string `json:"name"`
}

// New returns a calendar closed on the given weekdays and holidays. At least
// one weekday must stay open.
func New(closed []time.Weekday, holidays []Date) (Calendar, error) {
	var c Calendar
	for _, w := range closed {
		if w < time.Sunday || w > time.Saturday {
			return Calendar{}, fmt.Errorf("%w: weekday %d", ErrInvalidCalendar, int(w))
		}
		c.closed |= 1 << w
	}
	if c.closed == 1<<7-1 {
		return Calendar{}, fmt.Errorf("%w: every weekday is closed", ErrInvalidCalendar)
	}
	for i, h := range holidays {
		if h.IsZero() {
			return Calendar{}, fmt.Errorf("%w: holiday %d has no date", ErrInvalidCalendar, i)
		}
	}
	c.holidays = slices.Clone(holidays)
	slices.SortFunc(c.holidays, Date.Compare)
	c.holidays = slices.Compact(c.holidays)
	return c, nil
}

// NoSundays returns a calendar closed on Sundays and the given holidays, the
// usual week of a village koperasi.
func NoSundays(holidays ...Holiday) Calendar {
	ds := make([]Date, 0, len(holidays))
	for _, h := range holidays {
		if !h.Date.IsZero() {
			ds = append(ds, h.Date)
		}
	}
	c, _ := New([]time.Weekday{time.Sunday}, ds) // cannot fail: six weekdays open, no zero dates
	return c
}

// IsWorkingDay reports whether d is open: not a closed weekday, not a holiday.
func (c Calendar) IsWorkingDay(d Date) bool {
	if c.closed&(1<<d.Weekday()) != 0 {
		return false
	}
	_, found := slices.BinarySearchFunc(c.holidays, d, Date.Compare)
	return !found
}

// Closed lists the closed weekdays; Holidays lists the holidays, sorted.
func (c Calendar) Closed() []time.Weekday {
	var ws []time.Weekday
	for w := time.Sunday; w <= time.Saturday; w++ {
		if c.closed&(1<<w) != 0 {
			ws = append(ws, w)
		}
	}
	return ws
}

// Holidays returns a copy of the holidays, sorted.
func (c Calendar) Holidays() []Date { return slices.Clone(c.holidays) }

// NextWorkingDay returns the first working day on or after d.
func (c Calendar) NextWorkingDay(d Date) Date {
	for !d.IsZero() && !c.IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// PreviousWorkingDay returns the last working day on or before d.
func (c Calendar) PreviousWorkingDay(d Date) Date {
	for !d.IsZero() && !c.IsWorkingDay(d) {
		d = d.AddDays(-1)
	}
	return d
}

// AddWorkingDays returns the n-th working day after d (n >= 0); with n = 0 it
// is the first working day on or after d.
func (c Calendar) AddWorkingDays(d Date, n int) Date {
	d = c.NextWorkingDay(d)
	for ; n > 0 && !d.IsZero(); n-- {
		d = c.NextWorkingDay(d.AddDays(1))
	}
	return d
}

// Adjust moves d off a non-working day according to a.
func (c Calendar) Adjust(d Date, a Adjustment) Date {
	if c.IsWorkingDay(d) {
		return d
	}
	switch a {
	case Following:
		return c.NextWorkingDay(d)
	case Preceding:
		return c.PreviousWorkingDay(d)
	case ModifiedFollowing:
		n := c.NextWorkingDay(d)
		if !n.IsZero() && n.YearMonth() == d.YearMonth() {
			return n
		}
		return c.PreviousWorkingDay(d)
	}
	return d
}

// Adjustment is what happens to a due date that falls on a non-working day.
// The zero Adjustment keeps the date as it is.
type Adjustment uint8

// Adjustments.
const (
	Keep              Adjustment = iota // leave the date on the closed day
	Following                           // move to the next working day
	Preceding                           // move to the previous working day
	ModifiedFollowing                   // next working day, unless that is in the next month; then previous
)

var adjustmentNames = [...]string{"keep", "following", "preceding", "modified-following"}

// String is the adjustment's word.
func (a Adjustment) String() string {
	if int(a) < len(adjustmentNames) {
		return adjustmentNames[a]
	}
	return "adjustment(" + strconv.Itoa(int(a)) + ")"
}

// Valid reports a named adjustment.
func (a Adjustment) Valid() bool { return int(a) < len(adjustmentNames) }

// MarshalText writes the adjustment's word.
func (a Adjustment) MarshalText() ([]byte, error) {
	if !a.Valid() {
		return nil, fmt.Errorf("%w: adjustment %d", ErrInvalidCalendar, a)
	}
	return []byte(a.String()), nil
}

// UnmarshalText reads the adjustment's word ("next" and "previous" are
// accepted for following and preceding).
func (a *Adjustment) UnmarshalText(b []byte) error {
	switch strings.ToLower(string(b)) {
	case "keep", "":
		*a = Keep
	case "following", "next":
		*a = Following
	case "preceding", "previous":
		*a = Preceding
	case "modified-following":
		*a = ModifiedFollowing
	default:
		return fmt.Errorf("%w: unknown adjustment %q", ErrInvalidCalendar, b)
	}
	return nil
}

// IndonesiaHolidays2024 returns the national holidays and collective leave
// days (cuti bersama) of 2024 under the joint decree of three ministers (SKB
// 3 Menteri), as the koperasi in the Mekarmukti pilot would have observed
// them. A koperasi passes its own list for other years.
func IndonesiaHolidays2024() []Holiday {
	d := func(m time.Month, day int) Date { v, _ := NewDate(2024, m, day); return v }
	return []Holiday{
		{d(time.January, 1), "Tahun Baru Masehi"},
		{d(time.February, 8), "Isra Mikraj Nabi Muhammad SAW"},
		{d(time.February, 9), "Cuti bersama Tahun Baru Imlek"},
		{d(time.February, 10), "Tahun Baru Imlek 2575"},
		{d(time.March, 11), "Hari Suci Nyepi"},
		{d(time.March, 12), "Cuti bersama Hari Suci Nyepi"},
		{d(time.March, 29), "Wafat Isa Almasih"},
		{d(time.March, 31), "Hari Paskah"},
		{d(time.April, 8), "Cuti bersama Idul Fitri"},
		{d(time.April, 9), "Cuti bersama Idul Fitri"},
		{d(time.April, 10), "Idul Fitri 1445 H"},
		{d(time.April, 11), "Idul Fitri 1445 H"},
		{d(time.April, 12), "Cuti bersama Idul Fitri"},
		{d(time.April, 15), "Cuti bersama Idul Fitri"},
		{d(time.May, 1), "Hari Buruh Internasional"},
		{d(time.May, 9), "Kenaikan Isa Almasih"},
		{d(time.May, 10), "Cuti bersama Kenaikan Isa Almasih"},
		{d(time.May, 23), "Hari Raya Waisak"},
		{d(time.May, 24), "Cuti bersama Waisak"},
		{d(time.June, 1), "Hari Lahir Pancasila"},
		{d(time.June, 17), "Idul Adha 1445 H"},
		{d(time.June, 18), "Cuti bersama Idul Adha"},
		{d(time.July, 7), "Tahun Baru Islam 1446 H"},
		{d(time.August, 17), "Hari Kemerdekaan RI"},
		{d(time.September, 16), "Maulid Nabi Muhammad SAW"},
		{d(time.December, 25), "Hari Raya Natal"},
		{d(time.December, 26), "Cuti bersama Natal"},
	}
}

// IsZero reports the zero Calendar: every day open.
func (c Calendar) IsZero() bool { return c.closed == 0 && len(c.holidays) == 0 }

type calendarJSON struct {
	Closed   []string `json:"closed,omitempty"`
	Holidays []Date   `json:"holidays,omitempty"`
}

// MarshalJSON writes the closed weekdays as English names and the holidays
// as dates: {"closed":["Sunday"],"holidays":["2024-03-29"]}.
func (c Calendar) MarshalJSON() ([]byte, error) {
	var v calendarJSON
	for _, w := range c.Closed() {
		v.Closed = append(v.Closed, w.String())
	}
	v.Holidays = c.holidays
	return json.Marshal(v)
}

// UnmarshalJSON reads what MarshalJSON writes, validating it as New does.
func (c *Calendar) UnmarshalJSON(b []byte) error {
	var v calendarJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	ws := make([]time.Weekday, 0, len(v.Closed))
	for _, name := range v.Closed {
		w, ok := weekdayNamed(name)
		if !ok {
			return fmt.Errorf("%w: unknown weekday %q", ErrInvalidCalendar, name)
		}
		ws = append(ws, w)
	}
	nc, err := New(ws, v.Holidays)
	if err != nil {
		return err
	}
	*c = nc
	return nil
}

func weekdayNamed(s string) (time.Weekday, bool) {
	for w := time.Sunday; w <= time.Saturday; w++ {
		if strings.EqualFold(w.String(), s) {
			return w, true
		}
	}
	return 0, false
}
