package calendar

import (
	"fmt"
	"time"
)

// YearMonth is a calendar month, such as the month a simpanan wajib deposit
// is for. The zero YearMonth is "no month".
type YearMonth struct {
	n int32 // year*12 + month-1, plus one; 0 is the zero value
}

// NewYearMonth returns month m of year y (years 1 to 9999).
func NewYearMonth(y int, m time.Month) (YearMonth, error) {
	if y < 1 || y > 9999 || m < time.January || m > time.December {
		return YearMonth{}, &DateError{Input: fmt.Sprintf("%04d-%02d", y, int(m)), Reason: "no such month"}
	}
	return YearMonth{n: int32(y*12+int(m)-1) + 1}, nil
}

// ParseYearMonth reads "YYYY-MM".
func ParseYearMonth(s string) (YearMonth, error) {
	ym, ok := parseYearMonth(s)
	if !ok {
		return YearMonth{}, &DateError{Input: s, Reason: "want YYYY-MM"}
	}
	return ym, nil
}

// parseYearMonth is ParseYearMonth for text or bytes (see parseDate).
func parseYearMonth[T string | []byte](s T) (YearMonth, bool) {
	if len(s) != 7 || s[4] != '-' {
		return YearMonth{}, false
	}
	y, m := digits(s[:4]), digits(s[5:])
	if y < 0 || m < 0 {
		return YearMonth{}, false
	}
	d, err := NewDate(y, time.Month(m), 1)
	if err != nil {
		return YearMonth{}, false
	}
	return d.YearMonth(), true
}

// YearMonth is the month d falls in.
func (d Date) YearMonth() YearMonth {
	if d.n == 0 {
		return YearMonth{}
	}
	y, m, _ := d.Date()
	v, _ := NewYearMonth(y, m)
	return v
}

// IsZero reports the zero YearMonth.
func (ym YearMonth) IsZero() bool { return ym.n == 0 }

// Year and Month are the parts.
func (ym YearMonth) Year() int { return int((ym.n - 1) / 12) }

// Month is the month of the year.
func (ym YearMonth) Month() time.Month { return time.Month((ym.n-1)%12 + 1) }

// AddMonths returns ym plus n months, or the zero YearMonth out of range.
func (ym YearMonth) AddMonths(n int) YearMonth {
	if ym.n == 0 {
		return YearMonth{}
	}
	v := int64(ym.n) + int64(n)
	if v < 12+1 || v > 9999*12+11+1 {
		return YearMonth{}
	}
	return YearMonth{n: int32(v)}
}

// Sub is the number of months from u to ym.
func (ym YearMonth) Sub(u YearMonth) int { return int(ym.n) - int(u.n) }

// Compare returns -1, 0 or +1.
func (ym YearMonth) Compare(u YearMonth) int {
	switch {
	case ym.n < u.n:
		return -1
	case ym.n > u.n:
		return 1
	}
	return 0
}

// First is the first day of the month; Last is its last day.
func (ym YearMonth) First() Date {
	d, _ := NewDate(ym.Year(), ym.Month(), 1)
	return d
}

// Last is the last day of the month.
func (ym YearMonth) Last() Date {
	d, _ := NewDate(ym.Year(), ym.Month(), DaysIn(ym.Year(), ym.Month()))
	return d
}

// String is "YYYY-MM", or "" for the zero value.
func (ym YearMonth) String() string {
	var tmp [16]byte
	return string(ym.AppendFormat(tmp[:0]))
}

// AppendFormat appends the String form "YYYY-MM" to b (nothing for the
// zero value).
func (ym YearMonth) AppendFormat(b []byte) []byte {
	if ym.n == 0 {
		return b
	}
	b = appendInt(b, ym.Year(), 4)
	b = append(b, '-')
	return appendInt(b, int(ym.Month()), 2)
}

// MarshalText writes "YYYY-MM".
func (ym YearMonth) MarshalText() ([]byte, error) { return ym.AppendText(nil) }

// AppendText appends the MarshalText form to b (encoding.TextAppender).
func (ym YearMonth) AppendText(b []byte) ([]byte, error) {
	if b == nil {
		b = make([]byte, 0, 7)
	}
	return ym.AppendFormat(b), nil
}

// UnmarshalText reads "YYYY-MM", or "" as the zero value.
func (ym *YearMonth) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*ym = YearMonth{}
		return nil
	}
	v, ok := parseYearMonth(b)
	if !ok {
		return &DateError{Input: string(b), Reason: "want YYYY-MM"}
	}
	*ym = v
	return nil
}
