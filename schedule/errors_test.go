package schedule_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// validTerms is a small loan every bad-input case starts from and breaks
// one field of.
func validTerms(tb testing.TB) schedule.Terms {
	return schedule.Terms{
		Principal:    money.Rupiah(1_000_000),
		Method:       schedule.Flat,
		Rate:         mkRate(tb, "24% per year"),
		Installments: 10,
		Frequency:    calendar.Frequency{Unit: calendar.Weeks},
		Disbursed:    pilotDay,
		Rounding:     schedule.Rounding{Installment: money.Rounding{Step: 100, Mode: money.Up}},
	}
}

// TestBadTerms: every bad input of the issue gets a *TermsError that names
// the field, wraps the right sentinel and says what is wrong; nothing panics
// and Validate agrees with Generate.
func TestBadTerms(t *testing.T) {
	rateOf := func(num, den int64, per money.Period) money.Rate {
		r, err := money.NewRate(num, den, per)
		require.NoError(t, err)
		return r
	}
	tests := []struct {
		name     string
		edit     func(*schedule.Terms)
		sentinel error
		field    string
		says     string // part of the message an officer reads
		validate bool   // Validate alone catches it (else only Generate)
	}{
		{"zero principal", func(t *schedule.Terms) { t.Principal = money.Rupiah(0) },
			schedule.ErrInvalidTerms, "Principal", "must be positive", true},
		{"negative principal", func(t *schedule.Terms) { t.Principal = money.Rupiah(-25000) },
			schedule.ErrInvalidTerms, "Principal", "must be positive, got -Rp25.000", true},
		{"principal without a currency", func(t *schedule.Terms) { t.Principal = money.Currency(0).Amount(25000) },
			schedule.ErrInvalidTerms, "Principal", "needs a currency", true},
		{"zero installments", func(t *schedule.Terms) { t.Installments = 0 },
			schedule.ErrInvalidTerms, "Installments", "must be 1 to 10000, got 0", true},
		{"negative installments", func(t *schedule.Terms) { t.Installments = -6 },
			schedule.ErrInvalidTerms, "Installments", "got -6", true},
		{"more than 10.000 installments", func(t *schedule.Terms) { t.Installments = 10001 },
			schedule.ErrInvalidTerms, "Installments", "got 10001", true},
		{"no disbursement date", func(t *schedule.Terms) { t.Disbursed = calendar.Date{} },
			schedule.ErrInvalidTerms, "Disbursed", "disbursement date is required", true},
		{"first due before disbursement", func(t *schedule.Terms) { t.FirstDue = pilotDay.AddDays(-1) },
			schedule.ErrInvalidTerms, "FirstDue", "2024-03-27 is before disbursement 2024-03-28", true},
		{"installment step of zero", func(t *schedule.Terms) { t.Rounding.Installment = money.Rounding{Mode: money.Up} },
			schedule.ErrInvalidTerms, "Rounding.Installment", "step", true},
		{"parts step of zero", func(t *schedule.Terms) { t.Rounding.Parts = money.Rounding{Mode: money.HalfEven} },
			schedule.ErrInvalidTerms, "Rounding.Parts", "step", true},
		{"negative step", func(t *schedule.Terms) { t.Rounding.Installment = money.Rounding{Step: -100, Mode: money.Up} },
			schedule.ErrInvalidTerms, "Rounding.Installment", "step", true},
		{"step without a mode", func(t *schedule.Terms) { t.Rounding.Installment = money.Rounding{Step: 100} },
			schedule.ErrInvalidTerms, "Rounding.Installment", "mode", true},
		{"principal grace as long as the term", func(t *schedule.Terms) { t.Grace.Principal = 10 },
			schedule.ErrInvalidTerms, "Grace.Principal", "must be 0 to 9 (shorter than the term), got 10", true},
		{"interest grace longer than the term", func(t *schedule.Terms) { t.Grace.Interest = 11 },
			schedule.ErrInvalidTerms, "Grace.Interest", "got 11", true},
		{"negative grace", func(t *schedule.Terms) { t.Grace.Principal = -1 },
			schedule.ErrInvalidTerms, "Grace.Principal", "got -1", true},
		{"murabahah margin in dollars on a rupiah price", func(t *schedule.Terms) {
			t.Method, t.Rate, t.Margin = schedule.Murabahah, money.Rate{}, money.USD.Amount(10000)
		}, schedule.ErrInvalidTerms, "Margin", "currency USD differs from the principal's IDR", true},
		{"negative murabahah margin", func(t *schedule.Terms) {
			t.Method, t.Rate, t.Margin = schedule.Murabahah, money.Rate{}, money.Rupiah(-1)
		}, schedule.ErrInvalidTerms, "Margin", "cannot be negative", true},
		{"margin amount on a flat loan", func(t *schedule.Terms) { t.Margin = money.Rupiah(50000) },
			schedule.ErrInvalidTerms, "Margin", "a margin amount is for murabahah", true},
		{"murabahah rate per year", func(t *schedule.Terms) { t.Method = schedule.Murabahah },
			schedule.ErrInvalidTerms, "Rate", "a murabahah margin rate is per term", true},
		{"qard with a rate", func(t *schedule.Terms) { t.Method = schedule.Qard },
			schedule.ErrInvalidTerms, "Rate", "a qard carries no rate", false},
		{"equal principal with keep-equal", func(t *schedule.Terms) {
			t.Method, t.Rounding.Residual = schedule.EqualPrincipal, schedule.KeepEqual
		}, schedule.ErrInvalidTerms, "Rounding.Residual", "keep-equal needs level installments", true},
		// the residual rules: refused whatever the amounts, before any computation
		{"first-absorbs annuity", func(t *schedule.Terms) {
			t.Method, t.Rounding.Residual = schedule.Annuity, schedule.FirstAbsorbs
		}, schedule.ErrInvalidTerms, "Rounding.Residual", "an annuity's residue is only known at the end: use last-absorbs or keep-equal", true},
		{"keep-equal rounded half-up", func(t *schedule.Terms) {
			t.Rounding = schedule.Rounding{Installment: money.Rounding{Step: 100, Mode: money.HalfUp}, Residual: schedule.KeepEqual}
		}, schedule.ErrInvalidTerms, "Rounding.Installment", `installments must round up (mode up or ceiling), got mode "half-up"`, true},
		{"keep-equal rounded down", func(t *schedule.Terms) {
			// Rp25.000 in 6 x Rp4.100 would leave Rp400 unpaid
			t.Method, t.Rate = schedule.Qard, money.Rate{}
			t.Principal = money.Rupiah(25000)
			t.Installments = 6
			t.Rounding = schedule.Rounding{Installment: money.Rounding{Step: 100, Mode: money.Down}, Residual: schedule.KeepEqual}
		}, schedule.ErrInvalidTerms, "Rounding.Installment", `got mode "down"`, true},
		{"keep-equal rounded to the floor", func(t *schedule.Terms) {
			t.Rounding = schedule.Rounding{Installment: money.Rounding{Step: 1, Mode: money.Floor}, Residual: schedule.KeepEqual}
		}, schedule.ErrInvalidTerms, "Rounding.Installment", `got mode "floor"`, true},
		{"keep-equal with no installment rounding", func(t *schedule.Terms) {
			// even when the parts round up: the rule is on the installment
			t.Rounding = schedule.Rounding{Parts: money.Rounding{Step: 100, Mode: money.Up}, Residual: schedule.KeepEqual}
		}, schedule.ErrInvalidTerms, "Rounding.Installment", "must round up (mode up or ceiling), got no installment rounding", true},
		{"equal principal with keep-equal rounded half-even names the policy first", func(t *schedule.Terms) {
			t.Method = schedule.EqualPrincipal
			t.Rounding = schedule.Rounding{Installment: money.Rounding{Step: 100, Mode: money.HalfEven}, Residual: schedule.KeepEqual}
		}, schedule.ErrInvalidTerms, "Rounding.Residual", "keep-equal needs level installments", true},
		{"negative frequency count", func(t *schedule.Terms) { t.Frequency.Every = -1 },
			schedule.ErrInvalidTerms, "Frequency", "the count must be at least one", true},
		{"unknown frequency unit", func(t *schedule.Terms) { t.Frequency.Unit = 9 },
			schedule.ErrInvalidTerms, "Frequency", "unknown unit", true},
		{"unknown method", func(t *schedule.Terms) { t.Method = 9 },
			schedule.ErrInvalidTerms, "Method", "unknown method 9", true},
		{"unknown residual policy", func(t *schedule.Terms) { t.Rounding.Residual = 7 },
			schedule.ErrInvalidTerms, "Rounding.Residual", "unknown policy 7", true},
		{"unknown interest grace mode", func(t *schedule.Terms) { t.Grace.InterestMode = 3 },
			schedule.ErrInvalidTerms, "Grace.InterestMode", "unknown mode 3", true},
		{"unknown day count", func(t *schedule.Terms) { t.DayCount = 5 },
			schedule.ErrInvalidTerms, "DayCount", "unknown day count 5", true},
		{"days in year 366", func(t *schedule.Terms) { t.DaysInYear = 366 },
			schedule.ErrInvalidTerms, "DaysInYear", "got 366", true},
		{"unknown adjustment", func(t *schedule.Terms) { t.Adjustment = 9 },
			schedule.ErrInvalidTerms, "Adjustment", "unknown adjustment 9", true},
		{"a due date after 9999-12-31", func(t *schedule.Terms) {
			t.Disbursed = mustDate(9999, time.June, 1)
			t.Frequency = calendar.Frequency{Unit: calendar.Months}
			t.Installments = 12
		}, schedule.ErrInvalidTerms, "Installments", "after 9999-12-31", false},
		{"preceding moves a due date before disbursement", func(t *schedule.Terms) {
			t.Disbursed = mustDate(2024, time.April, 7) // a Sunday
			t.Frequency = calendar.Frequency{Unit: calendar.Days}
			t.FirstDue = t.Disbursed
			t.Calendar = calendar.NoSundays()
			t.Adjustment = calendar.Preceding
		}, schedule.ErrInvalidTerms, "Adjustment", "before disbursement", false},
		// overflow
		{"a rate whose denominator overflows per period", func(t *schedule.Terms) {
			t.Rate = rateOf(1, math.MaxInt64-24, money.PerYear) // x 1/52 a week
		}, schedule.ErrOverflow, "Rate", "do not fit in 64 bits", false},
		{"a rate whose numerator overflows the margin", func(t *schedule.Terms) {
			t.Rate = rateOf(math.MaxInt64, 1, money.PerTerm)
		}, schedule.ErrOverflow, "Rate", "do not fit in 64 bits", false},
		{"an annuity at a rate with a huge denominator", func(t *schedule.Terms) {
			t.Method = schedule.Annuity
			t.Frequency = calendar.Frequency{Unit: calendar.Months}
			t.Rate = rateOf(7, math.MaxInt64/5, money.PerYear) // x 1/12 a month
		}, schedule.ErrOverflow, "Rate", "do not fit in 64 bits", false},
		{"an annuity level that overflows", func(t *schedule.Terms) {
			t.Method = schedule.Annuity
			t.Frequency = calendar.Frequency{Unit: calendar.Months}
			t.Rate = mustRate("300% per month")
			t.Principal = money.Rupiah(math.MaxInt64 / 2)
		}, schedule.ErrOverflow, "Installments", "do not fit in 64 bits", false},
		{"a principal too large for its interest", func(t *schedule.Terms) {
			t.Principal = money.Rupiah(math.MaxInt64)
			t.Rate = mustRate("300% per year")
		}, schedule.ErrOverflow, "Installments", "do not fit in 64 bits", false},
		{"a murabahah rate that overflows the margin", func(t *schedule.Terms) {
			t.Method = schedule.Murabahah
			t.Principal = money.Rupiah(math.MaxInt64 / 2)
			t.Rate = mustRate("300% per term")
		}, schedule.ErrOverflow, "Rate", "do not fit in 64 bits", false},
		{"deferred interest that outgrows 64 bits", func(t *schedule.Terms) {
			// it used to wrap silently: the deferred interest vanished or
			// turned into a negative margin
			t.Method = schedule.Annuity
			t.Frequency = calendar.Frequency{Unit: calendar.Months}
			t.Principal = money.Rupiah(4e18)
			t.Rate = mustRate("40% per month")
			t.Installments = 9
			t.Grace.Interest = 8
		}, schedule.ErrOverflow, "Margin", "do not fit in 64 bits", false},
		// unbalanced
		{"a rounding step so coarse the first installment repays it all", func(t *schedule.Terms) {
			t.Method, t.Rate = schedule.Qard, money.Rate{}
			t.Principal = money.Rupiah(1000)
			t.Installments = 6
			t.Rounding.Installment = money.Rounding{Step: 1000, Mode: money.Up}
		}, schedule.ErrUnbalanced, "Rounding", "the rounding step is too coarse", false},
		{"keep-equal with margin parts rounded past what the level leaves", func(t *schedule.Terms) {
			// Rp1.000 margin over 10: Rp100 a row, rounded up to Rp500,
			// is Rp5.000; the level Rp100.100 leaves only Rp1.000
			t.Method, t.Rate, t.Margin = schedule.Murabahah, money.Rate{}, money.Rupiah(1000)
			t.Rounding.Parts = money.Rounding{Step: 500, Mode: money.Up}
			t.Rounding.Residual = schedule.KeepEqual
		}, schedule.ErrUnbalanced, "Rounding", "use a finer Rounding.Parts, or let an installment absorb the residue", false},
		{"an annuity level rounded so coarsely the balance goes negative", func(t *schedule.Terms) {
			t.Method = schedule.Annuity
			t.Principal = money.Rupiah(10_000)
			t.Rounding.Installment = money.Rounding{Step: 5000, Mode: money.Up}
		}, schedule.ErrUnbalanced, "Rounding", "would repay", false},
		{"equal principal shares rounded up past the principal", func(t *schedule.Terms) {
			t.Method = schedule.EqualPrincipal
			t.Principal = money.Rupiah(10_000)
			t.Rounding.Installment = money.Rounding{Step: 5000, Mode: money.Up}
		}, schedule.ErrUnbalanced, "Rounding", "would repay", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			terms := validTerms(t)
			tt.edit(&terms)
			before := terms
			s, err := schedule.Generate(terms)
			te := requireTermsError(t, err, tt.sentinel, tt.field)
			require.Contains(t, te.Error(), tt.says)
			require.True(t, strings.HasPrefix(te.Error(), "schedule: "+tt.field+": "), te.Error())
			require.Equal(t, tt.sentinel, te.Err)
			if te.Cause == nil {
				require.Equal(t, []error{tt.sentinel}, te.Unwrap())
			} else {
				require.Equal(t, []error{tt.sentinel, te.Cause}, te.Unwrap())
			}
			require.Zero(t, s.Installments, "no half-made schedule")
			require.Equal(t, before, terms)
			for _, other := range []error{schedule.ErrInvalidTerms, schedule.ErrOverflow, schedule.ErrUnbalanced} {
				if other != tt.sentinel {
					require.NotErrorIs(t, err, other)
				}
			}
			if tt.validate {
				require.Equal(t, err, terms.Validate())
			} else {
				require.NoError(t, terms.Validate(), "Validate checks fields; Generate finds what only the computation shows")
			}
		})
	}
}

// TestBadFrequency: a frequency is checked by the calendar package; its
// error reaches the caller inside a TermsError naming Frequency, and
// errors.Is and errors.As find both the schedule's sentinel and the
// calendar's error.
func TestBadFrequency(t *testing.T) {
	for _, f := range []calendar.Frequency{{Every: -1}, {Every: 1001, Unit: calendar.Weeks}, {Unit: 9}} {
		terms := validTerms(t)
		terms.Frequency = f
		_, err := schedule.Generate(terms)
		te := requireTermsError(t, err, schedule.ErrInvalidTerms, "Frequency")
		require.ErrorIs(t, err, calendar.ErrInvalidFrequency, "%+v", f)
		var fe *calendar.FrequencyError
		require.ErrorAs(t, err, &fe)
		require.Equal(t, f, fe.Frequency)
		require.Equal(t, error(fe), te.Cause)
		require.Equal(t, fe.Error(), te.Reason, "the reason is the calendar's own")
		require.NotErrorIs(t, err, money.ErrInvalidRounding)
		require.Equal(t, err, terms.Validate())
	}
}

// TestBadRoundingCause: a rounding is checked by the money package; its
// error reaches the caller inside a TermsError naming the rounding, and
// errors.Is and errors.As find both the schedule's sentinel and money's
// error. Errors without a cause unwrap to their sentinel alone.
func TestBadRoundingCause(t *testing.T) {
	for _, tt := range []struct {
		field string
		edit  func(*schedule.Rounding)
	}{
		{"Rounding.Installment", func(r *schedule.Rounding) { r.Installment = money.Rounding{Mode: money.Up} }},
		{"Rounding.Installment", func(r *schedule.Rounding) { r.Installment = money.Rounding{Step: 100, Mode: 99} }},
		{"Rounding.Parts", func(r *schedule.Rounding) { r.Parts = money.Rounding{Step: -1, Mode: money.HalfEven} }},
	} {
		terms := validTerms(t)
		tt.edit(&terms.Rounding)
		_, err := schedule.Generate(terms)
		te := requireTermsError(t, err, schedule.ErrInvalidTerms, tt.field)
		require.ErrorIs(t, err, money.ErrInvalidRounding)
		var re *money.RoundingError
		require.ErrorAs(t, err, &re)
		require.Equal(t, error(re), te.Cause)
		require.Equal(t, []error{schedule.ErrInvalidTerms, re}, te.Unwrap())
		require.NotErrorIs(t, err, calendar.ErrInvalidFrequency)
		require.Equal(t, err, terms.Validate())
	}

	// a rule refusal has no cause: it is the schedule's own
	terms := validTerms(t)
	terms.Method, terms.Rounding.Residual = schedule.Annuity, schedule.FirstAbsorbs
	_, err := schedule.Generate(terms)
	te := requireTermsError(t, err, schedule.ErrInvalidTerms, "Rounding.Residual")
	require.NoError(t, te.Cause)
	require.Equal(t, []error{schedule.ErrInvalidTerms}, te.Unwrap())
	require.NotErrorIs(t, err, money.ErrInvalidRounding)
}

// TestNegativeRateFromText: a Rate cannot be negative, so terms read from
// text or JSON with a negative rate fail at the rate, before Generate.
func TestNegativeRateFromText(t *testing.T) {
	for _, s := range []string{"-18%", "-0.18", "-1/3 per term"} {
		_, err := money.ParseRate(s)
		require.ErrorIs(t, err, money.ErrInvalidRate, s)
	}
	_, err := money.NewRate(-18, 100, money.PerYear)
	require.ErrorIs(t, err, money.ErrInvalidRate)

	var terms schedule.Terms
	err = json.Unmarshal([]byte(`{"principal":"IDR 25000","method":"flat","rate":"-18% per year","installments":6,"disbursed":"2024-03-28"}`), &terms)
	require.ErrorIs(t, err, money.ErrInvalidRate)

	err = json.Unmarshal([]byte(`{"principal":"IDR 25000","method":"flat","rate":"18% per year","installments":6,"disbursed":"2024-03-28"}`), &terms)
	require.NoError(t, err)
	require.NoError(t, checkInvariants(terms, generate(t, terms)))
}

// TestZeroTerms: the zero Terms is refused, and so is every field zeroed in
// turn where the field is required; nothing panics.
func TestZeroTerms(t *testing.T) {
	_, err := schedule.Generate(schedule.Terms{})
	requireTermsError(t, err, schedule.ErrInvalidTerms, "Principal")
	var g schedule.Generator
	_, err = g.Append(make([]schedule.Installment, 3), schedule.Terms{})
	requireTermsError(t, err, schedule.ErrInvalidTerms, "Principal")
}

// TestAppendKeepsBufferOnError: a refused schedule leaves the caller's
// buffer as it was.
func TestAppendKeepsBufferOnError(t *testing.T) {
	var g schedule.Generator
	good := generate(t, schedule.Mekarmukti(pilotDay))
	buf := append([]schedule.Installment(nil), good.Installments...)
	want := append([]schedule.Installment(nil), buf...)
	bad := validTerms(t)
	bad.Method = schedule.Qard // with a rate: refused
	_, err := g.Append(buf, bad)
	require.Error(t, err)
	require.Equal(t, want, buf)

	// Rp10.000 steps: three installments repay the Rp25.000, so the
	// refusal comes after rows were written past len(buf)
	unbalanced := schedule.Mekarmukti(pilotDay)
	unbalanced.Rounding.Installment.Step = 10000
	unbalanced.Rounding.Residual = schedule.LastAbsorbs
	_, err = g.Append(buf, unbalanced)
	require.ErrorIs(t, err, schedule.ErrUnbalanced)
	require.Equal(t, want, buf, "the rows before len(dst) are never touched")
}

// TestErrorsAreDistinct: the sentinels are different errors with messages.
func TestErrorsAreDistinct(t *testing.T) {
	all := []error{schedule.ErrInvalidTerms, schedule.ErrOverflow, schedule.ErrUnbalanced}
	for i, a := range all {
		require.True(t, strings.HasPrefix(a.Error(), "schedule: "))
		for j, b := range all {
			require.Equal(t, i == j, errors.Is(a, b))
		}
	}
}
