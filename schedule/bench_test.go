package schedule_test

import (
	"testing"
	"time"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// weeklyAnnuity is a group loan of Rp100.000 a week at 24% a year over n
// weeks, installments rounded up to Rp100.
func weeklyAnnuity(n int) schedule.Terms {
	return schedule.Terms{
		Principal:    money.Rupiah(100_000 * int64(n)), // Rp5.200.000 over 52 weeks
		Method:       schedule.Annuity,
		Rate:         mustRate("24% per year"),
		Installments: n,
		Frequency:    calendar.Frequency{Unit: calendar.Weeks},
		Disbursed:    pilotDay,
		Rounding: schedule.Rounding{
			Installment: money.Rounding{Step: 100, Mode: money.Up},
			Parts:       money.Rounding{Step: 1, Mode: money.HalfUp},
		},
	}
}

func weekly52(m schedule.Method) schedule.Terms {
	t := weeklyAnnuity(52)
	t.Method = m
	return t
}

func benchGenerate(b *testing.B, t schedule.Terms) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := schedule.Generate(t); err != nil {
			b.Fatal(err)
		}
	}
}

func benchAppend(b *testing.B, t schedule.Terms) {
	var g schedule.Generator
	buf := make([]schedule.Installment, 0, t.Installments)
	b.ReportAllocs()
	for b.Loop() {
		s, err := g.Append(buf[:0], t)
		if err != nil {
			b.Fatal(err)
		}
		buf = s.Installments
	}
}

// Targets (DESIGN.md): Mekarmukti under 1 us, the 52-week annuity under 5 us.
func BenchmarkMekarmukti(b *testing.B)      { benchGenerate(b, schedule.Mekarmukti(pilotDay)) }
func BenchmarkWeeklyAnnuity52(b *testing.B) { benchGenerate(b, weeklyAnnuity(52)) }
func BenchmarkWeeklyFlat52(b *testing.B)    { benchGenerate(b, weekly52(schedule.Flat)) }
func BenchmarkWeeklyEqualPrincipal52(b *testing.B) {
	benchGenerate(b, weekly52(schedule.EqualPrincipal))
}
func BenchmarkAppendMekarmukti(b *testing.B)      { benchAppend(b, schedule.Mekarmukti(pilotDay)) }
func BenchmarkAppendWeeklyAnnuity52(b *testing.B) { benchAppend(b, weeklyAnnuity(52)) }

// TestAppendZeroAllocs: a warm Generator appending into a buffer with room
// allocates nothing, for every method.
func TestAppendZeroAllocs(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("instrumented builds allocate")
	}
	annuityKeep := weeklyAnnuity(52)
	annuityKeep.Rounding.Residual = schedule.KeepEqual
	equalFirst := weekly52(schedule.EqualPrincipal)
	equalFirst.Rounding.Residual = schedule.FirstAbsorbs
	equalFirst.Principal = money.Rupiah(5_210_000) // Rp100.192 a week: a residue to move
	withCalendar := weeklyAnnuity(52)
	withCalendar.Calendar = kopCal
	withCalendar.Adjustment = calendar.Following
	withCalendar.DayCount = schedule.Actual
	for name, terms := range map[string]schedule.Terms{
		"mekarmukti":            schedule.Mekarmukti(pilotDay),
		"annuity 52":            weeklyAnnuity(52),
		"annuity 400":           weeklyAnnuity(400),
		"annuity keep":          annuityKeep,
		"annuity actual":        withCalendar,
		"flat 52":               weekly52(schedule.Flat),
		"equal principal":       weekly52(schedule.EqualPrincipal),
		"equal principal first": equalFirst,
	} {
		var g schedule.Generator
		buf := make([]schedule.Installment, 0, 400)
		if _, err := g.Append(buf, terms); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := g.Append(buf, terms); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: warm Generator.Append allocates %.1f times per schedule, want 0", name, allocs)
		}
	}
}

// TestGenerateAllocsConstant: Generate's allocations do not grow with the
// number of installments: the installments slice, and for an annuity too
// large for the 64-bit fast path one block of scratch space for its big
// integers (doc.go, "Hot loops").
func TestGenerateAllocsConstant(t *testing.T) {
	if testing.CoverMode() != "" || raceEnabled {
		t.Skip("instrumented builds allocate")
	}
	for _, m := range []schedule.Method{schedule.Flat, schedule.Annuity, schedule.EqualPrincipal, schedule.Murabahah, schedule.Qard} {
		allocsFor := func(n int) float64 {
			terms := weeklyAnnuity(n)
			terms.Method = m
			if m == schedule.Qard {
				terms.Rate = money.Rate{}
			}
			if m == schedule.Murabahah {
				terms.Rate = mustRate("20% per term")
			}
			return testing.AllocsPerRun(20, func() {
				if _, err := schedule.Generate(terms); err != nil {
					t.Fatal(err)
				}
			})
		}
		a6, a400 := allocsFor(6), allocsFor(400)
		if a6 != a400 {
			t.Errorf("%s: Generate allocates %.0f times for 6 installments, %.0f for 400", m, a6, a400)
		}
		if a6 != 1 {
			t.Errorf("%s: Generate allocates %.0f times, want 1", m, a6)
		}
		t.Logf("%s: %.0f allocations per schedule", m, a6)
	}
	// a principal near the 64-bit limit takes the big-integer path
	huge := func(n int) float64 {
		terms := weeklyAnnuity(n)
		terms.Principal = money.Rupiah(1 << 61)
		return testing.AllocsPerRun(20, func() {
			if _, err := schedule.Generate(terms); err != nil {
				t.Fatal(err)
			}
		})
	}
	if a6, a400 := huge(6), huge(400); a6 != 2 || a400 != 2 {
		t.Errorf("annuity of Rp2^61: Generate allocates %.0f times for 6 installments, %.0f for 400, want 2", a6, a400)
	}
}

// syntheticWeekly is the weekly product of the root package's synthetic
// koperasi (synthetic_test.go): a Rp500.000 package repaid in 52 weekly
// annuity installments at 24% a year, each rounded up to Rp100, parts at
// the zero rounding, the last installment absorbing the residue. The Book
// generates it at every disbursement, once for the loans and once more as
// lending.Product.Validate's probe.
func syntheticWeekly(disbursed calendar.Date) schedule.Terms {
	return schedule.Terms{
		Principal:    money.Rupiah(500_000),
		Method:       schedule.Annuity,
		Rate:         mustRate("24% per year"),
		Installments: 52,
		Frequency:    calendar.Frequency{Unit: calendar.Weeks},
		Disbursed:    disbursed,
		Rounding:     schedule.Rounding{Installment: money.Rounding{Step: 100, Mode: money.Up}},
	}
}

// pilotTerms is the pilot's product (examples/pilot: lending's Mekarmukti
// product on working days of the 2024 calendar): Rp25.000 of goods sold in
// 6 installments on working days, rounded up to Rp100 and kept equal. It is
// copied here because schedule's tests cannot import lending.
func pilotTerms(disbursed calendar.Date) schedule.Terms {
	t := schedule.Mekarmukti(disbursed)
	t.Frequency = calendar.Frequency{Unit: calendar.WorkingDays}
	t.Calendar = calendar.NoSundays(calendar.IndonesiaHolidays2024()...)
	return t
}

// The two schedules the Book generates at each disbursement, at a loan's
// date and at lending.Product.Validate's probe date, 2000-01-01.
func BenchmarkSyntheticWeekly(b *testing.B) { benchGenerate(b, syntheticWeekly(pilotDay)) }
func BenchmarkSyntheticWeeklyProbe(b *testing.B) {
	benchGenerate(b, syntheticWeekly(mustDate(2000, time.January, 1)))
}
func BenchmarkPilot(b *testing.B)      { benchGenerate(b, pilotTerms(pilotDay)) }
func BenchmarkPilotProbe(b *testing.B) { benchGenerate(b, pilotTerms(mustDate(2000, time.January, 1))) }
