package schedule_test

import (
	"encoding"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// TestEnumWords: every enum reads and writes its word, reads it in any
// case, and refuses unknown values and words with a TermsError naming the
// field.
func TestEnumWords(t *testing.T) {
	type enum interface {
		fmt.Stringer
		encoding.TextMarshaler
	}
	tests := []struct {
		field   string
		known   []enum
		words   []string
		unknown enum
		uword   string // String of the unknown value
		decode  func([]byte) (enum, error)
	}{
		{"Method", []enum{schedule.Flat, schedule.Annuity, schedule.EqualPrincipal, schedule.Murabahah, schedule.Qard},
			[]string{"flat", "annuity", "equal-principal", "murabahah", "qard"}, schedule.Method(5), "method(5)",
			func(b []byte) (enum, error) { var v schedule.Method; err := v.UnmarshalText(b); return v, err }},
		{"Rounding.Residual", []enum{schedule.LastAbsorbs, schedule.FirstAbsorbs, schedule.KeepEqual},
			[]string{"last-absorbs", "first-absorbs", "keep-equal"}, schedule.Residual(3), "residual(3)",
			func(b []byte) (enum, error) { var v schedule.Residual; err := v.UnmarshalText(b); return v, err }},
		{"Grace.InterestMode", []enum{schedule.Deferred, schedule.Forgiven},
			[]string{"deferred", "forgiven"}, schedule.GraceMode(2), "grace(2)",
			func(b []byte) (enum, error) { var v schedule.GraceMode; err := v.UnmarshalText(b); return v, err }},
		{"DayCount", []enum{schedule.Periodic, schedule.Actual},
			[]string{"periodic", "actual"}, schedule.DayCount(2), "daycount(2)",
			func(b []byte) (enum, error) { var v schedule.DayCount; err := v.UnmarshalText(b); return v, err }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			for i, v := range tt.known {
				require.Equal(t, tt.words[i], v.String())
				b, err := v.MarshalText()
				require.NoError(t, err)
				require.Equal(t, tt.words[i], string(b))
				for _, w := range []string{tt.words[i], upper(tt.words[i])} {
					got, err := tt.decode([]byte(w))
					require.NoError(t, err)
					require.Equal(t, v, got)
				}
			}
			require.Equal(t, tt.uword, tt.unknown.String())
			_, err := tt.unknown.MarshalText()
			requireTermsError(t, err, schedule.ErrInvalidTerms, tt.field)
			_, err = tt.decode([]byte("bunga-flat"))
			te := requireTermsError(t, err, schedule.ErrInvalidTerms, tt.field)
			require.Contains(t, te.Error(), `unknown word "bunga-flat", want one of `+tt.words[0])
		})
	}
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// TestRatePeriods: a flat rate stated per year, month, week or day gives
// the margin of one installment period, for every frequency unit.
func TestRatePeriods(t *testing.T) {
	tests := []struct {
		rate   string
		unit   calendar.Unit
		margin int64 // of one installment on Rp36.500.000, exact to the rupiah
	}{
		{"12% per year", calendar.Months, 365_000},     // 1/12
		{"1% per month", calendar.Months, 365_000},     // 1
		{"1% per week", calendar.Months, 1_581_667},    // 52/12 weeks
		{"0.1% per day", calendar.Months, 1_110_208},   // 365/12 days
		{"52% per year", calendar.Weeks, 365_000},      // 1/52
		{"12% per month", calendar.Weeks, 1_010_769},   // 12/52 months
		{"1% per week", calendar.Weeks, 365_000},       // 1
		{"0.1% per day", calendar.Weeks, 255_500},      // 7 days
		{"36.5% per year", calendar.Days, 36_500},      // 1/365
		{"1% per month", calendar.Days, 12_000},        // 12/365 months
		{"7% per week", calendar.Days, 365_000},        // 1/7
		{"0.1% per day", calendar.Days, 36_500},        // 1
		{"0.1% per day", calendar.WorkingDays, 36_500}, // a working day is a day
	}
	for _, tt := range tests {
		s := generate(t, schedule.Terms{
			Principal:    money.Rupiah(36_500_000),
			Rate:         mkRate(t, tt.rate),
			Installments: 2,
			Frequency:    calendar.Frequency{Unit: tt.unit},
			Disbursed:    pilotDay,
		})
		require.Equal(t, money.Rupiah(tt.margin), s.Installments[0].Margin, "%s, every %s", tt.rate, tt.unit)
	}

	// actual days: 29 February to 31 March 2024 is 31 days, whatever the period
	actual := []struct {
		rate   string
		margin int64
	}{
		{"36.6% per year", 1_131_500}, // x 31/366 with ActualDays
		{"1% per month", 370_984},     // x 12 x 31/366
		{"7% per week", 11_315_000},   // x 31/7
		{"0.1% per day", 1_131_500},   // x 31
		{"20% per term", 3_650_000},   // per term: days do not matter
	}
	for _, tt := range actual {
		s := generate(t, schedule.Terms{
			Principal:    money.Rupiah(36_500_000),
			Rate:         mkRate(t, tt.rate),
			Installments: 2,
			Frequency:    calendar.Frequency{Unit: calendar.Months},
			Disbursed:    mkDate(t, 2024, time.February, 29),
			DayCount:     schedule.Actual,
			DaysInYear:   schedule.ActualDays,
		})
		require.Equal(t, money.Rupiah(tt.margin), s.Installments[1].Margin, "%s, actual days", tt.rate)
	}
}
