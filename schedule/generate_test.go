package schedule_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// generate is Generate with the invariants checked: every schedule a domain
// test looks at must also add up.
func generate(tb testing.TB, t schedule.Terms) schedule.Schedule {
	tb.Helper()
	s, err := schedule.Generate(t)
	require.NoError(tb, err)
	require.NoError(tb, checkInvariants(t, s))
	return s
}

// TestMekarmuktiPreset: the pilot's Rp25.000 package over 6 daily
// installments rounded up to Rp100 (CONTEXT.md, section 4).
func TestMekarmuktiPreset(t *testing.T) {
	terms := schedule.Mekarmukti(pilotDay)
	require.Equal(t, money.Rupiah(25000), terms.Principal)
	require.Equal(t, 6, terms.Installments)
	require.Equal(t, calendar.Frequency{Unit: calendar.Days}, terms.Frequency)
	require.Equal(t, money.Rounding{Step: 100, Mode: money.Up}, terms.Rounding.Installment)
	require.Equal(t, schedule.KeepEqual, terms.Rounding.Residual)
	require.True(t, terms.Margin.IsZero() && terms.Rate.IsZero(), "the pilot priced no margin")

	days := []string{"2024-03-29", "2024-03-30", "2024-03-31", "2024-04-01", "2024-04-02", "2024-04-03"}
	tests := []struct {
		residual       schedule.Residual
		totals         []int64
		total, margin  int64
		roundingMargin int64
	}{
		// 6 x Rp4.200 = Rp25.200; the Rp200 is margin, disclosed as rounding
		{schedule.KeepEqual, []int64{4200, 4200, 4200, 4200, 4200, 4200}, 25200, 200, 200},
		// 5 x Rp4.200 + Rp4.000: the last installment gives the Rp200 back
		{schedule.LastAbsorbs, []int64{4200, 4200, 4200, 4200, 4200, 4000}, 25000, 0, 0},
		{schedule.FirstAbsorbs, []int64{4000, 4200, 4200, 4200, 4200, 4200}, 25000, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.residual.String(), func(t *testing.T) {
			terms := schedule.Mekarmukti(pilotDay)
			terms.Rounding.Residual = tt.residual
			s := generate(t, terms)
			require.Equal(t, tt.totals, totals(s))
			require.Equal(t, days, dueDates(s))
			require.Equal(t, money.Rupiah(tt.total), s.Total)
			require.Equal(t, money.Rupiah(tt.margin), s.Margin)
			require.Equal(t, money.Rupiah(tt.roundingMargin), s.RoundingMargin)
		})
	}

	t.Run("working days skip Good Friday and Easter Sunday", func(t *testing.T) {
		terms := schedule.Mekarmukti(pilotDay)
		terms.Frequency.Unit = calendar.WorkingDays
		terms.Calendar = calendar.NoSundays(calendar.IndonesiaHolidays2024()...)
		s := generate(t, terms)
		// 29 March is Wafat Isa Almasih, 31 March a Sunday (and Easter)
		require.Equal(t, []string{"2024-03-30", "2024-04-01", "2024-04-02", "2024-04-03", "2024-04-04", "2024-04-05"}, dueDates(s))
		require.Equal(t, money.Rupiah(25200), s.Total)
	})

	t.Run("the whole KeepEqual schedule", func(t *testing.T) {
		s := generate(t, schedule.Mekarmukti(pilotDay))
		rp := money.Rupiah
		want := []schedule.Installment{
			{Number: 1, Due: mkDate(t, 2024, time.March, 29), Principal: rp(4166), Margin: rp(34), Total: rp(4200), Balance: rp(20834)},
			{Number: 2, Due: mkDate(t, 2024, time.March, 30), Principal: rp(4166), Margin: rp(34), Total: rp(4200), Balance: rp(16668)},
			{Number: 3, Due: mkDate(t, 2024, time.March, 31), Principal: rp(4167), Margin: rp(33), Total: rp(4200), Balance: rp(12501)},
			{Number: 4, Due: mkDate(t, 2024, time.April, 1), Principal: rp(4167), Margin: rp(33), Total: rp(4200), Balance: rp(8334)},
			{Number: 5, Due: mkDate(t, 2024, time.April, 2), Principal: rp(4167), Margin: rp(33), Total: rp(4200), Balance: rp(4167)},
			{Number: 6, Due: mkDate(t, 2024, time.April, 3), Principal: rp(4167), Margin: rp(33), Total: rp(4200), Balance: rp(0)},
		}
		if d := cmp.Diff(want, s.Installments, cmp.AllowUnexported(money.Amount{}, calendar.Date{})); d != "" {
			t.Errorf("Mekarmukti schedule (-want +got):\n%s", d)
		}
	})
}

// TestBankEmok: an informal lender's loan, Rp1.500.000 at 25% flat for the
// term, 50 weekly installments of Rp37.500.
func TestBankEmok(t *testing.T) {
	terms := schedule.Terms{
		Principal:    money.Rupiah(1_500_000),
		Method:       schedule.Flat,
		Rate:         mkRate(t, "25% per term"),
		Installments: 50,
		Frequency:    calendar.Frequency{Unit: calendar.Weeks},
		Disbursed:    pilotDay,
		Rounding:     schedule.Rounding{Installment: money.Rounding{Step: 100, Mode: money.Up}},
	}
	for _, r := range goldenResiduals {
		terms.Rounding.Residual = r
		s := generate(t, terms)
		for _, in := range s.Installments {
			require.Equal(t, money.Rupiah(37500), in.Total, "installment %d under %s", in.Number, r)
			require.Equal(t, money.Rupiah(30000), in.Principal)
			require.Equal(t, money.Rupiah(7500), in.Margin)
		}
		require.Equal(t, money.Rupiah(1_875_000), s.Total)
		require.Equal(t, money.Rupiah(375_000), s.Margin)
		require.True(t, s.RoundingMargin.IsZero())
		require.Equal(t, "2025-03-13", s.Installments[49].Due.String())
	}
}

// TestAnnuityKnownFigures: level installments from published amortization
// tables, to the cent.
func TestAnnuityKnownFigures(t *testing.T) {
	monthly := calendar.Frequency{Unit: calendar.Months}
	cents := schedule.Rounding{Parts: money.Rounding{Step: 1, Mode: money.HalfEven}}
	tests := []struct {
		name            string
		principal       money.Amount
		rate            string
		n               int
		level, last     int64
		firstInterest   int64
		totalMargin     int64
		roundingToCents schedule.Rounding
	}{
		// PMT(1.5%, 10, 1000) = 108.43
		{"US$1.000 at 1.5% a month for 10 months", money.USD.Amount(100_000), "1.5% per month", 10, 10843, 10848, 1500, 8435, cents},
		// the textbook loan: 100,000 at 12% a year, 12 months: 8,884.88
		{"US$100.000 at 12% a year for 12 months", money.USD.Amount(10_000_000), "12% per year", 12, 888488, 888485, 100000, 661853, cents},
		// the zero Rounding is Fineract's default: cents, half-even
		{"zero Rounding is cents half-even", money.USD.Amount(10_000_000), "12% per year", 12, 888488, 888485, 100000, 661853, schedule.Rounding{}},
		// rupiah to Rp100 up: Rp10.000.000 at 18% a year over 12 months, PMT 916.799,93
		{"Rp10 juta at 18% a year, Rp100 up", money.Rupiah(10_000_000), "18% per year", 12, 916800, 916799, 150000, 1_001_599,
			schedule.Rounding{Installment: money.Rounding{Step: 100, Mode: money.Up}, Parts: money.Rounding{Step: 1, Mode: money.HalfUp}}},
		// zero rate: principal over n
		{"zero rate", money.USD.Amount(100_000), "0%", 3, 33333, 33334, 0, 0, cents},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := generate(t, schedule.Terms{
				Principal: tt.principal, Method: schedule.Annuity, Rate: mkRate(t, tt.rate),
				Installments: tt.n, Frequency: monthly, Disbursed: pilotDay, Rounding: tt.roundingToCents,
			})
			c := tt.principal.Currency()
			for _, in := range s.Installments[:tt.n-1] {
				require.Equal(t, c.Amount(tt.level), in.Total, "installment %d", in.Number)
			}
			require.Equal(t, c.Amount(tt.last), s.Installments[tt.n-1].Total, "the last installment absorbs the residue")
			require.Equal(t, c.Amount(tt.firstInterest), s.Installments[0].Margin)
			require.Equal(t, c.Amount(tt.totalMargin), s.Margin)
		})
	}
}

// TestFineractStyle: the schedules Apache Fineract's cumulative generator
// makes for US$100.000 at 12% a year over 12 months (half-even, cents, last
// installment absorbs): plain, with grace on principal, with grace on interest.
func TestFineractStyle(t *testing.T) {
	base := schedule.Terms{
		Principal:    money.USD.Amount(10_000_000),
		Method:       schedule.Annuity,
		Rate:         mkRate(t, "12% per year"),
		Installments: 12,
		Frequency:    calendar.Frequency{Unit: calendar.Months},
		Disbursed:    mkDate(t, 2024, time.January, 1),
		Rounding:     schedule.Rounding{Parts: money.Rounding{Step: 1, Mode: money.HalfEven}},
	}
	usd := money.USD.Amount
	type row struct{ principal, margin, total int64 }
	rowsOf := func(s schedule.Schedule) []row {
		out := make([]row, len(s.Installments))
		for i, in := range s.Installments {
			out[i] = row{in.Principal.Minor(), in.Margin.Minor(), in.Total.Minor()}
		}
		return out
	}

	t.Run("last installment absorbs", func(t *testing.T) {
		s := generate(t, base)
		got := rowsOf(s)
		require.Equal(t, row{788488, 100000, 888488}, got[0])
		require.Equal(t, row{796373, 92115, 888488}, got[1])
		require.Equal(t, row{879688, 8797, 888485}, got[11], "three cents of rounding come back in the last installment")
		require.Equal(t, "2024-02-01", s.Installments[0].Due.String(), "first due one month after disbursement")
		require.Equal(t, usd(661853), s.Margin)
	})

	t.Run("principal grace 2: interest only, then the level over 10", func(t *testing.T) {
		terms := base
		terms.Grace.Principal = 2
		got := rowsOf(generate(t, terms))
		require.Equal(t, row{0, 100000, 100000}, got[0])
		require.Equal(t, row{0, 100000, 100000}, got[1])
		// PMT(1%, 10, 100.000) = 10.558,21
		require.Equal(t, row{955821, 100000, 1055821}, got[2])
		require.Equal(t, int64(1055821), got[10].total)
	})

	t.Run("interest grace 2 deferred: the interest is paid with installment 3", func(t *testing.T) {
		terms := base
		terms.Grace.Interest = 2
		got := rowsOf(generate(t, terms))
		require.Equal(t, row{788488, 0, 788488}, got[0])
		require.Equal(t, row{796373, 0, 796373}, got[1])
		// 1.000,00 + 921,15 deferred + 841,51 of its own
		require.Equal(t, row{804337, 276266, 1080603}, got[2])
		require.Equal(t, int64(888488), got[3].total)
	})

	t.Run("interest grace 2 forgiven", func(t *testing.T) {
		terms := base
		terms.Grace = schedule.Grace{Interest: 2, InterestMode: schedule.Forgiven}
		s := generate(t, terms)
		got := rowsOf(s)
		require.Equal(t, row{804337, 84151, 888488}, got[2])
		require.Equal(t, usd(661853-100000-92115), s.Margin, "the first two months' interest is not charged")
	})
}

// TestFirstAbsorbsAnnuity: an annuity may not let its first installment
// absorb the residue, since often no whole first installment leaves the rest
// level (at 36% a year over 36 months a unit more up front is 2,8 units less
// at the end); Validate refuses it and says what to use instead. The same
// loan with last-absorbs or keep-equal is fine, and equal principal (its
// principal parts fixed in advance) still lets the first row absorb.
func TestFirstAbsorbsAnnuity(t *testing.T) {
	terms := schedule.Terms{
		Principal:    money.Rupiah(1_300_000),
		Method:       schedule.Annuity,
		Rate:         mkRate(t, "36% per year"),
		Installments: 36,
		Frequency:    calendar.Frequency{Unit: calendar.Months},
		Disbursed:    pilotDay,
		Rounding: schedule.Rounding{
			Installment: money.Rounding{Step: 100, Mode: money.Up},
			Parts:       money.Rounding{Step: 1, Mode: money.HalfUp},
			Residual:    schedule.FirstAbsorbs,
		},
	}
	s, err := schedule.Generate(terms)
	te := requireTermsError(t, err, schedule.ErrInvalidTerms, "Rounding.Residual")
	require.Equal(t, "schedule: Rounding.Residual: first-absorbs applies to flat, murabahah, qard and equal principal; "+
		"an annuity's residue is only known at the end: use last-absorbs or keep-equal", te.Error())
	require.Equal(t, err, terms.Validate())
	require.Zero(t, s)

	for _, r := range []schedule.Residual{schedule.LastAbsorbs, schedule.KeepEqual} {
		terms.Rounding.Residual = r
		s := generate(t, terms)
		for _, in := range s.Installments[:35] {
			require.Equal(t, money.Rupiah(59600), in.Total, "%s: installment %d", r, in.Number)
		}
	}

	terms.Method = schedule.EqualPrincipal
	terms.Rounding.Residual = schedule.FirstAbsorbs
	s = generate(t, terms)
	// Rp1.300.000 / 36 = Rp36.111, rounded up to Rp36.200: 35 of them,
	// and the first takes the Rp33.000 left
	require.Equal(t, money.Rupiah(33000), s.Installments[0].Principal)
	for _, in := range s.Installments[1:] {
		require.Equal(t, money.Rupiah(36200), in.Principal, "installment %d", in.Number)
	}
}

// TestFlatAndMurabahahFigures: flat rates per year, month and term, and the
// murabahah margin as an amount and as a rate per term.
func TestFlatAndMurabahahFigures(t *testing.T) {
	weekly := calendar.Frequency{Unit: calendar.Weeks}
	tests := []struct {
		name   string
		terms  schedule.Terms
		totals []int64
		margin int64
	}{
		{"flat 2% a month, 4 monthly", schedule.Terms{
			Principal: money.Rupiah(1_000_000), Rate: mkRate(t, "2% per month"), Installments: 4,
			Frequency: calendar.Frequency{Unit: calendar.Months}, Disbursed: pilotDay,
		}, []int64{270000, 270000, 270000, 270000}, 80000},
		{"flat 24% a year, 4 monthly", schedule.Terms{
			Principal: money.Rupiah(1_000_000), Rate: mkRate(t, "24% per year"), Installments: 4,
			Frequency: calendar.Frequency{Unit: calendar.Months}, Disbursed: pilotDay,
		}, []int64{270000, 270000, 270000, 270000}, 80000},
		{"flat 20% per term, bank keliling, 4 weekly", schedule.Terms{
			Principal: money.Rupiah(500_000), Rate: mkRate(t, "20% per term"), Installments: 4,
			Frequency: weekly, Disbursed: pilotDay,
		}, []int64{150000, 150000, 150000, 150000}, 100000},
		{"flat 20% per term, 3 weekly, last absorbs the odd rupiah", schedule.Terms{
			Principal: money.Rupiah(100_000), Rate: mkRate(t, "20% per term"), Installments: 3,
			Frequency: weekly, Disbursed: pilotDay,
		}, []int64{40000, 40000, 40000}, 20000},
		{"flat 10% per term, 3 weekly, Rp500 up", schedule.Terms{
			Principal: money.Rupiah(100_000), Rate: mkRate(t, "10% per term"), Installments: 3,
			Frequency: weekly, Disbursed: pilotDay,
			Rounding: schedule.Rounding{Installment: money.Rounding{Step: 500, Mode: money.Up}},
		}, []int64{37000, 37000, 36000}, 10000},
		{"murabahah, margin Rp300.000 over 6", schedule.Terms{
			Principal: money.Rupiah(2_000_000), Method: schedule.Murabahah, Margin: money.Rupiah(300_000),
			Installments: 6, Frequency: weekly, Disbursed: pilotDay,
		}, []int64{383333, 383333, 383333, 383333, 383333, 383335}, 300000},
		{"murabahah, 15% of the cost per term", schedule.Terms{
			Principal: money.Rupiah(2_000_000), Method: schedule.Murabahah, Rate: mkRate(t, "15% per term"),
			Installments: 6, Frequency: weekly, Disbursed: pilotDay,
			Rounding: schedule.Rounding{Installment: money.Rounding{Step: 1000, Mode: money.Up}, Residual: schedule.KeepEqual},
		}, []int64{384000, 384000, 384000, 384000, 384000, 384000}, 304000},
		{"qard, Rp1.000.000 over 3, Rp1.000 up, keep-equal", schedule.Terms{
			Principal: money.Rupiah(1_000_000), Method: schedule.Qard, Installments: 3, Frequency: weekly, Disbursed: pilotDay,
			Rounding: schedule.Rounding{Installment: money.Rounding{Step: 1000, Mode: money.Up}, Residual: schedule.KeepEqual},
		}, []int64{334000, 334000, 334000}, 2000},
		{"equal principal, 12% a year, 3 monthly", schedule.Terms{
			Principal: money.Rupiah(3_000_000), Method: schedule.EqualPrincipal, Rate: mkRate(t, "12% per year"), Installments: 3,
			Frequency: calendar.Frequency{Unit: calendar.Months}, Disbursed: pilotDay,
		}, []int64{1_030_000, 1_020_000, 1_010_000}, 60000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := generate(t, tt.terms)
			require.Equal(t, tt.totals, totals(s))
			require.Equal(t, money.Rupiah(tt.margin), s.Margin)
		})
	}
}

// TestDueDates: first due one period after disbursement, an explicit first
// due date, month ends, and moving off closed days.
func TestDueDates(t *testing.T) {
	kop := calendar.NoSundays(calendar.IndonesiaHolidays2024()...)
	monthly := calendar.Frequency{Unit: calendar.Months}
	weekly := calendar.Frequency{Unit: calendar.Weeks}
	jan31 := mkDate(t, 2024, time.January, 31)
	tests := []struct {
		name  string
		terms schedule.Terms
		want  []string
	}{
		{"monthly from a 31 January disbursement keeps to month ends", schedule.Terms{
			Frequency: monthly, Disbursed: jan31, Installments: 5,
		}, []string{"2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30"}},
		{"monthly with first due 31 January", schedule.Terms{
			Frequency: monthly, Disbursed: mkDate(t, 2024, time.January, 2), FirstDue: jan31, Installments: 4,
		}, []string{"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"}},
		{"monthly from 31 December into a common year", schedule.Terms{
			Frequency: monthly, Disbursed: mkDate(t, 2024, time.December, 31), Installments: 3,
		}, []string{"2025-01-31", "2025-02-28", "2025-03-31"}},
		{"every 3 months", schedule.Terms{
			Frequency: calendar.Frequency{Every: 3, Unit: calendar.Months}, Disbursed: mkDate(t, 2024, time.August, 31), Installments: 3,
		}, []string{"2024-11-30", "2025-02-28", "2025-05-31"}},
		{"first due defaults to one week after disbursement", schedule.Terms{
			Frequency: weekly, Disbursed: pilotDay, Installments: 3,
		}, []string{"2024-04-04", "2024-04-11", "2024-04-18"}},
		{"daily defaults to the next day", schedule.Terms{
			Disbursed: pilotDay, Installments: 3,
		}, []string{"2024-03-29", "2024-03-30", "2024-03-31"}},
		{"every 2 weeks", schedule.Terms{
			Frequency: calendar.Frequency{Every: 2, Unit: calendar.Weeks}, Disbursed: pilotDay, Installments: 3,
		}, []string{"2024-04-11", "2024-04-25", "2024-05-09"}},
		{"explicit first due on a group's meeting weekday", schedule.Terms{
			Frequency: weekly, Disbursed: pilotDay, FirstDue: pilotDay.AddDays(1).Next(time.Tuesday), Installments: 3,
		}, []string{"2024-04-02", "2024-04-09", "2024-04-16"}},
		{"first due on the disbursement day is allowed", schedule.Terms{
			Disbursed: pilotDay, FirstDue: pilotDay, Installments: 2,
		}, []string{"2024-03-28", "2024-03-29"}},
		{"weekly through Lebaran, kept on closed days", schedule.Terms{
			Frequency: weekly, Disbursed: mkDate(t, 2024, time.March, 25), Installments: 4,
			Calendar: kop,
		}, []string{"2024-04-01", "2024-04-08", "2024-04-15", "2024-04-22"}},
		{"weekly through Lebaran, following", schedule.Terms{
			Frequency: weekly, Disbursed: mkDate(t, 2024, time.March, 25), Installments: 4,
			Calendar: kop, Adjustment: calendar.Following,
		}, []string{"2024-04-01", "2024-04-13", "2024-04-16", "2024-04-22"}},
		{"weekly through Lebaran, preceding", schedule.Terms{
			Frequency: weekly, Disbursed: mkDate(t, 2024, time.March, 25), Installments: 4,
			Calendar: kop, Adjustment: calendar.Preceding,
		}, []string{"2024-04-01", "2024-04-06", "2024-04-13", "2024-04-22"}},
		{"monthly on 31 March (Easter Sunday), modified following stays in March", schedule.Terms{
			Frequency: monthly, Disbursed: mkDate(t, 2024, time.February, 29), FirstDue: mkDate(t, 2024, time.March, 31),
			Installments: 2, Calendar: kop, Adjustment: calendar.ModifiedFollowing,
		}, []string{"2024-03-30", "2024-04-30"}},
		{"working days skip Sundays and Nyepi", schedule.Terms{
			Frequency: calendar.Frequency{Unit: calendar.WorkingDays}, Disbursed: mkDate(t, 2024, time.March, 8),
			Installments: 4, Calendar: kop,
		}, []string{"2024-03-09", "2024-03-13", "2024-03-14", "2024-03-15"}},
		{"working days from a Sunday disbursement: Monday first", schedule.Terms{
			Frequency: calendar.Frequency{Unit: calendar.WorkingDays}, Disbursed: mkDate(t, 2024, time.February, 18),
			Installments: 3, Calendar: kop,
		}, []string{"2024-02-19", "2024-02-20", "2024-02-21"}},
		{"working days from a Good Friday disbursement: Saturday first", schedule.Terms{
			Frequency: calendar.Frequency{Unit: calendar.WorkingDays}, Disbursed: mkDate(t, 2024, time.March, 29),
			Installments: 3, Calendar: kop,
		}, []string{"2024-03-30", "2024-04-01", "2024-04-02"}},
		{"every 2 working days from a Sunday disbursement", schedule.Terms{
			// Monday 19 February is the first working day after, Tuesday the second
			Frequency: calendar.Frequency{Every: 2, Unit: calendar.WorkingDays}, Disbursed: mkDate(t, 2024, time.February, 18),
			Installments: 2, Calendar: kop,
		}, []string{"2024-02-20", "2024-02-22"}},
		{"every 2 working days", schedule.Terms{
			Frequency: calendar.Frequency{Every: 2, Unit: calendar.WorkingDays}, Disbursed: mkDate(t, 2024, time.April, 5),
			Installments: 3, Calendar: kop,
		}, []string{"2024-04-13", "2024-04-17", "2024-04-19"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			terms := tt.terms
			terms.Principal = money.Rupiah(120_000)
			s := generate(t, terms)
			require.Equal(t, tt.want, dueDates(s))
		})
	}
}

// TestPrecedingBeforeDisbursement: moving a due date back off a closed day
// must not put it before the money is out (it used to, with a negative
// actual-days interest as a consequence).
func TestPrecedingBeforeDisbursement(t *testing.T) {
	kop := calendar.NoSundays(calendar.IndonesiaHolidays2024()...)
	terms := schedule.Terms{
		Principal:    money.Rupiah(100_000),
		Method:       schedule.Flat,
		Rate:         mkRate(t, "24% per year"),
		DayCount:     schedule.Actual,
		Installments: 5,
		Disbursed:    mkDate(t, 2024, time.April, 9), // cuti bersama: the office opened for it
		Calendar:     kop,
		Adjustment:   calendar.Preceding,
	}
	_, err := schedule.Generate(terms)
	te := requireTermsError(t, err, schedule.ErrInvalidTerms, "Adjustment")
	require.Contains(t, te.Error(), "before disbursement 2024-04-09")

	terms.Adjustment = calendar.Following
	s := generate(t, terms)
	require.Equal(t, "2024-04-13", s.Installments[0].Due.String())
}

// TestDayCountActual: interest for the actual days of each period over the
// year length.
func TestDayCountActual(t *testing.T) {
	terms := schedule.Terms{
		Principal:    money.USD.Amount(3_660_000), // US$36.600
		Method:       schedule.EqualPrincipal,
		Rate:         mkRate(t, "10% per year"),
		Installments: 2,
		Frequency:    calendar.Frequency{Unit: calendar.Months},
		Disbursed:    mkDate(t, 2024, time.January, 31),
		DayCount:     schedule.Actual,
	}
	tests := []struct {
		diy     schedule.DaysInYear
		margins []int64
	}{
		// 29 days to 29 February, then 31 days on half the principal
		{360, []int64{29483, 15758}},                 // 36.600 x 10% x 29/360, 18.300 x 10% x 31/360
		{365, []int64{29079, 15542}},                 // x 29/365, x 31/365
		{0, []int64{29079, 15542}},                   // 0 means 365
		{364, []int64{29159, 15585}},                 // x 29/364, x 31/364
		{schedule.ActualDays, []int64{29000, 15500}}, // 2024 has 366 days
	}
	for _, tt := range tests {
		terms.DaysInYear = tt.diy
		s := generate(t, terms)
		require.Equal(t, tt.margins, []int64{s.Installments[0].Margin.Minor(), s.Installments[1].Margin.Minor()}, "days in year %d", tt.diy)
	}

	t.Run("periodic ignores the days", func(t *testing.T) {
		terms.DayCount = schedule.Periodic
		terms.DaysInYear = 360
		s := generate(t, terms)
		require.Equal(t, money.USD.Amount(30500), s.Installments[0].Margin) // 36.600 x 10% / 12
	})
}

// TestRoundingMargin: keep-equal books the excess as margin and says so;
// it is zero for the other policies.
func TestRoundingMargin(t *testing.T) {
	terms := schedule.Terms{
		Principal:    money.Rupiah(100_000),
		Method:       schedule.Qard,
		Installments: 3,
		Disbursed:    pilotDay,
		Rounding:     schedule.Rounding{Installment: money.Rounding{Step: 500, Mode: money.Up}, Residual: schedule.KeepEqual},
	}
	s := generate(t, terms)
	require.Equal(t, []int64{33500, 33500, 33500}, totals(s))
	require.Equal(t, money.Rupiah(500), s.RoundingMargin)
	require.Equal(t, money.Rupiah(500), s.Margin)

	// rounding up to the next multiple: the same for a positive amount
	terms.Rounding.Installment.Mode = money.Ceiling
	s = generate(t, terms)
	require.Equal(t, []int64{33500, 33500, 33500}, totals(s))
	require.Equal(t, money.Rupiah(500), s.RoundingMargin)

	// a level rounded down (Rp33.000) would leave Rp1.000 unpaid, and
	// rounded to the nearest it falls short half the time: both refused
	for _, m := range []money.Mode{money.Down, money.Floor, money.HalfUp, money.HalfEven, money.HalfDown} {
		terms.Rounding.Installment.Mode = m
		_, err := schedule.Generate(terms)
		te := requireTermsError(t, err, schedule.ErrInvalidTerms, "Rounding.Installment")
		require.Contains(t, te.Error(), "keep-equal books the rounding excess as margin, so installments must round up", m)
	}

	for _, r := range []schedule.Residual{schedule.LastAbsorbs, schedule.FirstAbsorbs} {
		terms.Rounding.Residual = r
		terms.Rounding.Installment.Mode = money.Up
		s := generate(t, terms)
		require.True(t, s.RoundingMargin.IsZero(), "%s books no rounding margin", r)
		require.True(t, s.Margin.IsZero())
		require.Equal(t, money.Rupiah(100_000), s.Total)
	}
}

// TestGenerateDoesNotChangeTerms: the schedule carries the terms it was made
// from, unchanged.
func TestGenerateDoesNotChangeTerms(t *testing.T) {
	terms := schedule.Mekarmukti(pilotDay)
	terms.DayCount = schedule.Actual
	s := generate(t, terms)
	require.Equal(t, terms, s.Terms)
}
