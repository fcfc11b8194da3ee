package calendar

import (
	"fmt"
	"strconv"
	"strings"
)

// Unit is the unit of a Frequency. The zero Unit is Days.
type Unit uint8

// Units.
const (
	Days        Unit = iota // calendar days
	Weeks                   // 7 calendar days
	Months                  // calendar months, same day of month (clamped to month end)
	WorkingDays             // working days of the Calendar: a daily installment skips closed days
)

var unitNames = [...]string{"days", "weeks", "months", "working-days"}

// String is the unit's word.
func (u Unit) String() string {
	if int(u) < len(unitNames) {
		return unitNames[u]
	}
	return "unit(" + strconv.Itoa(int(u)) + ")"
}

// MarshalText writes the unit's word.
func (u Unit) MarshalText() ([]byte, error) {
	if int(u) >= len(unitNames) {
		return nil, fmt.Errorf("%w: unit %d", ErrInvalidFrequency, u)
	}
	return []byte(u.String()), nil
}

// UnmarshalText reads the unit's word.
func (u *Unit) UnmarshalText(b []byte) error {
	s := strings.TrimSuffix(strings.ToLower(string(b)), "s")
	for i, n := range unitNames {
		if strings.TrimSuffix(n, "s") == s {
			*u = Unit(i)
			return nil
		}
	}
	return fmt.Errorf("%w: unknown unit %q", ErrInvalidFrequency, b)
}

// Frequency is how often installments fall due: every Every units. The zero
// Frequency is every day; Every zero means one.
//
//	calendar.Frequency{Unit: calendar.WorkingDays}        // daily, skipping closed days
//	calendar.Frequency{Every: 2, Unit: calendar.Weeks}    // fortnightly
//	calendar.Frequency{Unit: calendar.Months}             // monthly
type Frequency struct {
	Every int  `json:"every,omitempty"`
	Unit  Unit `json:"unit"`
}

// FrequencyError says why a frequency was refused.
type FrequencyError struct {
	Frequency Frequency
	Reason    string
}

func (e *FrequencyError) Error() string {
	return fmt.Sprintf("calendar: invalid frequency %s: %s", e.Frequency, e.Reason)
}

func (e *FrequencyError) Unwrap() error { return ErrInvalidFrequency }

// Validate reports a negative count or an unknown unit.
func (f Frequency) Validate() error {
	switch {
	case f.Every < 0:
		return &FrequencyError{f, "the count must be at least one"}
	case f.Every > 1000:
		return &FrequencyError{f, "the count must be at most 1000"}
	case int(f.Unit) >= len(unitNames):
		return &FrequencyError{f, "unknown unit"}
	}
	return nil
}

// N is the effective count (Every, or 1 when Every is zero).
func (f Frequency) N() int { return max(f.Every, 1) }

// String is "every 2 weeks", "every day", "every working day".
func (f Frequency) String() string {
	n := f.N()
	u := f.Unit.String()
	if n == 1 {
		return "every " + strings.TrimSuffix(strings.ReplaceAll(u, "-", " "), "s")
	}
	return "every " + strconv.Itoa(n) + " " + strings.ReplaceAll(u, "-", " ")
}

// Step returns the date k periods after anchor, counted from the anchor, not
// from the previous date, so month-end dates do not drift: from 31 January
// monthly gives 29 February 2024, 31 March, 30 April. cal matters only for
// WorkingDays. It returns the zero Date when out of range.
func (f Frequency) Step(anchor Date, k int, cal Calendar) Date {
	// A step of more than maxDays units leaves the range whatever the unit;
	// refusing it first keeps N*k from wrapping around into the range.
	if k != 0 && (k > maxDays || k < -maxDays || f.N() > maxDays) {
		return Date{}
	}
	n64 := int64(f.N()) * int64(k)
	if n64 > maxDays || n64 < -maxDays {
		return Date{}
	}
	n := int(n64)
	switch f.Unit {
	case Weeks:
		return anchor.AddDays(7 * n)
	case Months:
		return anchor.AddMonths(n)
	case WorkingDays:
		return cal.AddWorkingDays(anchor, n)
	}
	return anchor.AddDays(n)
}

// AppendDates appends count due dates to dst: first, then one every period,
// each moved off closed days of cal by adj. For WorkingDays the dates are
// working days by construction and adj is not needed. It returns an error
// for an invalid frequency, a negative count, or a date out of range, and then
// returns dst as it came.
func (f Frequency) AppendDates(dst []Date, first Date, count int, cal Calendar, adj Adjustment) ([]Date, error) {
	if err := f.Validate(); err != nil {
		return dst, err
	}
	if count < 0 {
		return dst, &FrequencyError{f, "negative count of dates"}
	}
	if first.IsZero() {
		return dst, &DateError{Input: "", Reason: "no first date"}
	}
	if count > maxDays { // every step moves at least a day: they cannot all fit
		return dst, fmt.Errorf("%w: %d due dates", ErrOutOfRange, count)
	}
	base := len(dst) // on error dst is returned as it came, without the dates so far
	if f.Unit == WorkingDays {
		d := cal.NextWorkingDay(first)
		for i := range count {
			if i > 0 {
				d = cal.AddWorkingDays(d.AddDays(1), f.N()-1)
			}
			if d.IsZero() {
				return dst[:base], fmt.Errorf("%w: due date %d of %d", ErrOutOfRange, i+1, count)
			}
			dst = append(dst, d)
		}
		return dst, nil
	}
	for i := range count {
		d := cal.Adjust(f.Step(first, i, cal), adj) // the zero Date stays zero
		if d.IsZero() {
			return dst[:base], fmt.Errorf("%w: due date %d of %d", ErrOutOfRange, i+1, count)
		}
		dst = append(dst, d)
	}
	return dst, nil
}

// Dates returns count due dates; see AppendDates.
func (f Frequency) Dates(first Date, count int, cal Calendar, adj Adjustment) ([]Date, error) {
	if count < 0 || count > maxDays {
		return f.AppendDates(nil, first, count, cal, adj) // the error, without allocating
	}
	return f.AppendDates(make([]Date, 0, count), first, count, cal, adj)
}
