package calendar

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Sentinel errors.
var (
	// ErrInvalidDate: text or fields that are not a date between 0001-01-01 and 9999-12-31.
	ErrInvalidDate = errors.New("calendar: invalid date")
	// ErrOutOfRange: date arithmetic left the supported range.
	ErrOutOfRange = errors.New("calendar: date out of range")
	// ErrInvalidFrequency: a frequency with a count below one or an unknown unit.
	ErrInvalidFrequency = errors.New("calendar: invalid frequency")
	// ErrInvalidCalendar: a calendar with no working weekday or a zero holiday.
	ErrInvalidCalendar = errors.New("calendar: invalid calendar")
)

// DateError reports a date that could not be made or read.
type DateError struct {
	Input  string
	Reason string
}

func (e *DateError) Error() string {
	return fmt.Sprintf("calendar: invalid date %q: %s", e.Input, e.Reason)
}

func (e *DateError) Unwrap() error { return ErrInvalidDate }

// Date is a civil date with no time of day and no time zone: the day printed
// on a repayment card. It is a small comparable value (one int32); dates order
// with < on Compare or Before. The zero Date is "no date" and prints as "".
//
// Arithmetic that would leave 0001-01-01 ... 9999-12-31 returns the zero
// Date, which callers check with IsZero, as with net/netip's invalid Addr.
type Date struct {
	n int32 // days since 0001-01-01, plus one; 0 is the zero Date
}

const (
	minDays = 1       // 0001-01-01
	maxDays = 3652059 // 9999-12-31
	// unixOffset is n of 1970-01-01.
	unixOffset = 719163
)

// daysFromCivil is the count of days from 1970-01-01 (Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mm := m + 9
	if m > 2 {
		mm = m - 3
	}
	doy := (153*mm+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	if m <= 2 {
		yy++
	}
	return int(yy), m, d
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// DaysIn is the number of days in month m of year y.
func DaysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func fromDays(n int64) Date {
	if n < minDays || n > maxDays {
		return Date{}
	}
	return Date{n: int32(n)}
}

// NewDate returns the date y-m-d, or an error if there is no such day.
func NewDate(y int, m time.Month, d int) (Date, error) {
	if y < 1 || y > 9999 || m < time.January || m > time.December || d < 1 || d > DaysIn(y, m) {
		return Date{}, &DateError{Input: fmt.Sprintf("%04d-%02d-%02d", y, int(m), d), Reason: "no such day"}
	}
	return Date{n: int32(daysFromCivil(y, int(m), d) + unixOffset)}, nil
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	v, _ := NewDate(y, m, d)
	return v
}

// ParseDate reads the ISO form "YYYY-MM-DD", exactly ten characters.
func ParseDate(s string) (Date, error) {
	d, reason := parseDate(s)
	if reason != "" {
		return Date{}, &DateError{Input: s, Reason: reason}
	}
	return d, nil
}

// parseDate is ParseDate for text or bytes, with the reason it fails: the
// bytes of a JSON document are read without first copying them into a
// string, which only an error needs.
func parseDate[T string | []byte](s T) (Date, string) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, "want YYYY-MM-DD"
	}
	y, m, d := digits(s[:4]), digits(s[5:7]), digits(s[8:])
	if y < 0 || m < 0 || d < 0 {
		return Date{}, "want YYYY-MM-DD with digits"
	}
	v, err := NewDate(y, time.Month(m), d)
	if err != nil {
		return Date{}, "no such day"
	}
	return v, ""
}

// digits is the number p spells in decimal digits, or -1.
func digits[T string | []byte](p T) int {
	v := 0
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return -1
		}
		v = v*10 + int(p[i]-'0')
	}
	return v
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.n == 0 }

// Date returns the year, month and day.
func (d Date) Date() (year int, month time.Month, day int) {
	if d.n == 0 {
		return 0, 0, 0
	}
	y, m, dd := civilFromDays(int64(d.n) - unixOffset)
	return y, time.Month(m), dd
}

// Year is the year.
func (d Date) Year() int { y, _, _ := d.Date(); return y }

// Month is the month.
func (d Date) Month() time.Month { _, m, _ := d.Date(); return m }

// Day is the day of the month.
func (d Date) Day() int { _, _, dd := d.Date(); return dd }

// Weekday is the day of the week (0001-01-01 was a Monday).
func (d Date) Weekday() time.Weekday {
	return time.Weekday(d.n % 7) // n is 1 on Monday 0001-01-01
}

// AddDays returns d plus n days (n may be negative).
func (d Date) AddDays(n int) Date {
	if d.n == 0 {
		return Date{}
	}
	return fromDays(int64(d.n) + int64(n))
}

// AddWeeks returns d plus n weeks.
func (d Date) AddWeeks(n int) Date {
	if n > maxDays || n < -maxDays {
		return Date{} // out of range anyway, and n*7 could wrap around into it
	}
	return d.AddDays(n * 7)
}

// AddMonths returns the same day n months later. When that month is shorter,
// the result is its last day: 31 January + 1 month is 28 February (29 in a
// leap year), 31 March - 1 month is 29 February 2024. This is the rule of
// java.time.LocalDate.plusMonths, which Fineract and Mambu use.
func (d Date) AddMonths(n int) Date {
	if d.n == 0 {
		return Date{}
	}
	y, m, dd := d.Date()
	total := int64(y)*12 + int64(m-1) + int64(n)
	if total < 12 || total > 9999*12+11 {
		return Date{}
	}
	ny, nm := int(total/12), time.Month(total%12+1)
	dd = min(dd, DaysIn(ny, nm))
	v, _ := NewDate(ny, nm, dd)
	return v
}

// AddYears returns the same day n years later; 29 February becomes 28 February
// in a common year.
func (d Date) AddYears(n int) Date {
	if n > 9999 || n < -9999 {
		return Date{} // out of range anyway, and n*12 could wrap around into it
	}
	return d.AddMonths(n * 12)
}

// Sub is the number of days from u to d: positive when d is after u.
func (d Date) Sub(u Date) int { return int(d.n) - int(u.n) }

// Compare returns -1, 0 or +1 as d is before, equal to or after u.
func (d Date) Compare(u Date) int {
	switch {
	case d.n < u.n:
		return -1
	case d.n > u.n:
		return 1
	}
	return 0
}

// Before reports d < u.
func (d Date) Before(u Date) bool { return d.n < u.n }

// After reports d > u.
func (d Date) After(u Date) bool { return d.n > u.n }

// Next returns the first date on or after d that falls on weekday wd: a
// group meeting on Thursdays starts its weekly installments on d.Next(time.Thursday).
func (d Date) Next(wd time.Weekday) Date {
	if d.n == 0 {
		return Date{}
	}
	return d.AddDays((int(wd) - int(d.Weekday()) + 7) % 7)
}

// Time returns midnight at the start of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

// String is "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.n == 0 {
		return ""
	}
	return string(d.AppendFormat(make([]byte, 0, 10)))
}

// AppendFormat appends "YYYY-MM-DD" to b.
func (d Date) AppendFormat(b []byte) []byte {
	y, m, dd := d.Date()
	b = appendInt(b, y, 4)
	b = append(b, '-')
	b = appendInt(b, int(m), 2)
	b = append(b, '-')
	return appendInt(b, dd, 2)
}

func appendInt(b []byte, v, width int) []byte {
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], int64(v), 10) // on the stack: Itoa would allocate for v >= 100
	for range width - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}

// MarshalText writes "YYYY-MM-DD"; the zero Date is "".
func (d Date) MarshalText() ([]byte, error) { return d.AppendText(make([]byte, 0, 10)) }

// AppendText appends the MarshalText form to b (encoding.TextAppender).
func (d Date) AppendText(b []byte) ([]byte, error) {
	if d.n == 0 {
		if b == nil {
			b = []byte{} // MarshalText of the zero Date is empty, not nil
		}
		return b, nil
	}
	return d.AppendFormat(b), nil
}

// UnmarshalText reads "YYYY-MM-DD", or "" as the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, reason := parseDate(b)
	if reason != "" {
		return &DateError{Input: string(b), Reason: reason}
	}
	*d = v
	return nil
}
