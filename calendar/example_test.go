package calendar_test

import (
	"fmt"
	"time"

	"github.com/ip2p/koperasi/calendar"
)

// The Mekarmukti pilot's six daily installments from 28 March 2024: the
// koperasi is closed on Sundays and holidays, so Good Friday (29 March) and
// Easter Sunday (31 March) are skipped rather than doubled up.
func ExampleFrequency_Dates() {
	cal := calendar.NoSundays(calendar.IndonesiaHolidays2024()...)
	first, _ := calendar.ParseDate("2024-03-28")
	daily := calendar.Frequency{Unit: calendar.WorkingDays}
	dates, err := daily.Dates(first, 6, cal, calendar.Keep)
	if err != nil {
		panic(err)
	}
	for i, d := range dates {
		fmt.Printf("installment %d: %s %s\n", i+1, d, d.Weekday())
	}
	// Output:
	// installment 1: 2024-03-28 Thursday
	// installment 2: 2024-03-30 Saturday
	// installment 3: 2024-04-01 Monday
	// installment 4: 2024-04-02 Tuesday
	// installment 5: 2024-04-03 Wednesday
	// installment 6: 2024-04-04 Thursday
}

// A month later is the same day of the month, or the month's last day when
// the month is shorter; monthly schedules count from the first due date, so
// they return to the 31st after February.
func ExampleDate_AddMonths() {
	jan31, _ := calendar.ParseDate("2024-01-31")
	fmt.Println(jan31.AddMonths(1))
	fmt.Println(jan31.AddMonths(2))
	fmt.Println(jan31.AddMonths(1).AddMonths(1), "(stepping from February drifts)")

	leap, _ := calendar.ParseDate("2024-02-29")
	fmt.Println(leap.AddYears(1))
	// Output:
	// 2024-02-29
	// 2024-03-31
	// 2024-03-29 (stepping from February drifts)
	// 2025-02-28
}

// A due date on a closed day moves according to the adjustment. 31 March
// 2024 was both a Sunday and Easter: following moves it into April, so
// modified following moves it back to Saturday 30 March instead.
func ExampleCalendar_Adjust() {
	cal := calendar.NoSundays(calendar.IndonesiaHolidays2024()...)
	due, _ := calendar.ParseDate("2024-03-31")
	for _, a := range []calendar.Adjustment{calendar.Keep, calendar.Following, calendar.Preceding, calendar.ModifiedFollowing} {
		fmt.Printf("%-18s %s\n", a, cal.Adjust(due, a))
	}
	// Output:
	// keep               2024-03-31
	// following          2024-04-01
	// preceding          2024-03-30
	// modified-following 2024-03-30
}

func ExampleNewDate() {
	d, err := calendar.NewDate(2024, time.March, 28)
	fmt.Println(d, d.Weekday(), err)
	_, err = calendar.NewDate(2023, time.February, 29)
	fmt.Println(err)
	// Output:
	// 2024-03-28 Thursday <nil>
	// calendar: invalid date "2023-02-29": no such day
}

// A group meeting on Thursdays starts its weekly installments on the first
// Thursday on or after disbursement.
func ExampleDate_Next() {
	disbursed, _ := calendar.ParseDate("2024-03-25")
	fmt.Println(disbursed.Next(time.Thursday))
	// Output:
	// 2024-03-28
}
