package schedule_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// A koperasi loan of Rp1.000.000 at 2% a month flat, repaid over 4 months,
// installments rounded up to Rp1.000; the last installment gives back what
// the rounding took.
func ExampleGenerate() {
	disbursed, _ := calendar.NewDate(2024, time.March, 28)
	rate, _ := money.ParseRate("2% per month")
	s, err := schedule.Generate(schedule.Terms{
		Principal:    money.Rupiah(1_000_000),
		Method:       schedule.Flat,
		Rate:         rate,
		Installments: 4,
		Frequency:    calendar.Frequency{Unit: calendar.Months},
		Disbursed:    disbursed,
		Rounding: schedule.Rounding{
			Installment: money.Rounding{Step: 1000, Mode: money.Up},
			Residual:    schedule.LastAbsorbs,
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, in := range s.Installments {
		fmt.Println(in.Number, in.Due, in.Principal, in.Margin, in.Total, in.Balance)
	}
	fmt.Println("total", s.Total, "margin", s.Margin)
	// Output:
	// 1 2024-04-28 Rp250.000 Rp20.000 Rp270.000 Rp750.000
	// 2 2024-05-28 Rp250.000 Rp20.000 Rp270.000 Rp500.000
	// 3 2024-06-28 Rp250.000 Rp20.000 Rp270.000 Rp250.000
	// 4 2024-07-28 Rp250.000 Rp20.000 Rp270.000 Rp0
	// total Rp1.080.000 margin Rp80.000
}

// The Mekarmukti pilot's business package: Rp25.000 over 6 daily
// installments rounded up to Rp100. Kept equal, the member pays 6 x Rp4.200
// and the Rp200 is disclosed as margin; with the last installment absorbing
// the residue, she pays 5 x Rp4.200 + Rp4.000.
func ExampleMekarmukti() {
	disbursed, _ := calendar.NewDate(2024, time.March, 28)
	terms := schedule.Mekarmukti(disbursed)
	for _, policy := range []schedule.Residual{schedule.KeepEqual, schedule.LastAbsorbs} {
		terms.Rounding.Residual = policy
		s, err := schedule.Generate(terms)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s:", policy)
		for _, in := range s.Installments {
			fmt.Printf(" %s", in.Total)
		}
		fmt.Printf("\n  total %s, rounding margin %s\n", s.Total, s.RoundingMargin)
	}
	// Output:
	// keep-equal: Rp4.200 Rp4.200 Rp4.200 Rp4.200 Rp4.200 Rp4.200
	//   total Rp25.200, rounding margin Rp200
	// last-absorbs: Rp4.200 Rp4.200 Rp4.200 Rp4.200 Rp4.200 Rp4.000
	//   total Rp25.000, rounding margin Rp0
}

// A group loan repaid weekly at the group's Tuesday meeting: Rp2.000.000 at
// 24% a year, declining balance with equal installments over 10 weeks,
// rounded up to Rp100. The interest falls week by week while the
// installment stays level; the last one takes the residue.
func ExampleGenerate_weeklyAnnuity() {
	disbursed, _ := calendar.NewDate(2024, time.March, 28)
	rate, _ := money.ParseRate("24% per year")
	s, err := schedule.Generate(schedule.Terms{
		Principal:    money.Rupiah(2_000_000),
		Method:       schedule.Annuity,
		Rate:         rate,
		Installments: 10,
		Frequency:    calendar.Frequency{Unit: calendar.Weeks},
		Disbursed:    disbursed,
		FirstDue:     disbursed.AddDays(1).Next(time.Tuesday),
		Rounding: schedule.Rounding{
			Installment: money.Rounding{Step: 100, Mode: money.Up},
			Parts:       money.Rounding{Step: 1, Mode: money.HalfUp},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, in := range s.Installments {
		fmt.Println(in.Number, in.Due, in.Due.Weekday(), in.Principal, in.Margin, in.Total)
	}
	fmt.Println("interest", s.Margin)
	// Output:
	// 1 2024-04-02 Tuesday Rp195.969 Rp9.231 Rp205.200
	// 2 2024-04-09 Tuesday Rp196.874 Rp8.326 Rp205.200
	// 3 2024-04-16 Tuesday Rp197.782 Rp7.418 Rp205.200
	// 4 2024-04-23 Tuesday Rp198.695 Rp6.505 Rp205.200
	// 5 2024-04-30 Tuesday Rp199.612 Rp5.588 Rp205.200
	// 6 2024-05-07 Tuesday Rp200.534 Rp4.666 Rp205.200
	// 7 2024-05-14 Tuesday Rp201.459 Rp3.741 Rp205.200
	// 8 2024-05-21 Tuesday Rp202.389 Rp2.811 Rp205.200
	// 9 2024-05-28 Tuesday Rp203.323 Rp1.877 Rp205.200
	// 10 2024-06-04 Tuesday Rp203.363 Rp939 Rp204.302
	// interest Rp51.102
}

// A simulation generates many schedules with one Generator and one buffer:
// after the first call nothing is allocated. The returned installments
// alias the buffer, so pass s.Installments[:0] back in.
func ExampleGenerator_Append() {
	var g schedule.Generator
	buf := make([]schedule.Installment, 0, 6)
	start, _ := calendar.NewDate(2024, time.March, 28)
	for cycle := range 3 {
		// the pilot disbursed three times, a week apart
		s, err := g.Append(buf[:0], schedule.Mekarmukti(start.AddDays(7*cycle)))
		if err != nil {
			fmt.Println(err)
			return
		}
		buf = s.Installments
		fmt.Println("cycle", cycle+1, "due", s.Installments[0].Due, "to", s.Installments[5].Due, "total", s.Total)
	}
	// Output:
	// cycle 1 due 2024-03-29 to 2024-04-03 total Rp25.200
	// cycle 2 due 2024-04-05 to 2024-04-10 total Rp25.200
	// cycle 3 due 2024-04-12 to 2024-04-17 total Rp25.200
}

// Validate refuses a keep-equal policy whose installments may round down,
// and a first-absorbs annuity, before anything is computed; the error names
// the field to change.
func ExampleTerms_Validate() {
	disbursed, _ := calendar.NewDate(2024, time.March, 28)
	terms := schedule.Mekarmukti(disbursed)
	terms.Rounding.Installment.Mode = money.HalfUp // the nearest Rp100: it can round down
	err := terms.Validate()
	var te *schedule.TermsError
	fmt.Println(errors.Is(err, schedule.ErrInvalidTerms), errors.As(err, &te) && te.Field == "Rounding.Installment")
	fmt.Println(err)

	rate, _ := money.ParseRate("24% per year")
	terms = schedule.Terms{
		Principal: money.Rupiah(2_000_000), Method: schedule.Annuity, Rate: rate,
		Installments: 10, Frequency: calendar.Frequency{Unit: calendar.Weeks}, Disbursed: disbursed,
		Rounding: schedule.Rounding{Installment: money.Rounding{Step: 100, Mode: money.Up}, Residual: schedule.FirstAbsorbs},
	}
	fmt.Println(terms.Validate())
	// Output:
	// true true
	// schedule: Rounding.Installment: keep-equal books the rounding excess as margin, so installments must round up (mode up or ceiling), got mode "half-up"
	// schedule: Rounding.Residual: first-absorbs applies to flat, murabahah, qard and equal principal; an annuity's residue is only known at the end: use last-absorbs or keep-equal
}
