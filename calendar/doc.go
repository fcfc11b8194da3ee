// Package calendar is civil dates and due-date stepping for installment
// schedules.
//
// Date is a day with no time of day and no time zone, the way a repayment card
// shows it ("2024-03-28"). It never consults the clock: a caller passes the
// date it means. AddMonths clamps to the month end (31 January + 1 month is
// 28 or 29 February), the rule of java.time that Fineract and Mambu follow.
//
// Calendar holds the koperasi's closed weekdays and the holidays the caller
// gives (IndonesiaHolidays2024 is the list of the pilot's year). Adjustment
// says what a due date on a closed day does: keep, move to the following or
// preceding working day, or modified following.
//
// Frequency is "every N days, weeks, months or working days". Dates are stepped
// from the first due date, never from the previous one, so month ends do not
// drift. WorkingDays is the natural unit for daily installments: a holiday
// shifts every later installment by a day instead of putting two on one day.
//
// The zero values are useful: the zero Calendar is open every day, the zero
// Frequency is every day, the zero Adjustment keeps dates, and the zero Date
// and YearMonth mean "none".
package calendar
