package money_test

import (
	"math"
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/money"
)

func mustRate(t testing.TB, num, den int64, per money.Period) money.Rate {
	t.Helper()
	r, err := money.NewRate(num, den, per)
	require.NoError(t, err)
	return r
}

func TestNewRate(t *testing.T) {
	tests := []struct {
		name         string
		num, den     int64
		per          money.Period
		wantNum      int64
		wantDen      int64
		wantErr      error
		wantOverflow bool
	}{
		{"18% reduced", 18, 100, money.PerYear, 9, 50, nil, false},
		{"one third", 1, 3, money.PerTerm, 1, 3, nil, false},
		{"both negative", -1, -3, money.PerYear, 1, 3, nil, false},
		{"zero over negative", 0, -5, money.PerDay, 0, 1, nil, false},
		{"whole", 6, 3, money.PerMonth, 2, 1, nil, false},
		{"max", math.MaxInt64, 1, money.PerYear, math.MaxInt64, 1, nil, false},
		{"negative num", -1, 3, money.PerYear, 0, 0, money.ErrInvalidRate, false},
		{"negative den", 1, -3, money.PerYear, 0, 0, money.ErrInvalidRate, false},
		{"zero den", 1, 0, money.PerYear, 0, 0, money.ErrInvalidRate, false},
		{"unknown period", 1, 3, money.Period(5), 0, 0, money.ErrInvalidRate, false},
		{"min num", math.MinInt64, -1, money.PerYear, 0, 0, money.ErrOverflow, true},
		{"min den", -1, math.MinInt64, money.PerYear, 0, 0, money.ErrOverflow, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := money.NewRate(tt.num, tt.den, tt.per)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				var re *money.RateError
				require.ErrorAs(t, err, &re)
				require.Equal(t, tt.num, re.Num)
				require.Equal(t, tt.den, re.Den)
				require.Equal(t, money.Rate{}, r)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.wantNum, r.Num())
			require.Equal(t, tt.wantDen, r.Den())
			require.Equal(t, tt.per, r.Period())
		})
	}
}

func TestRateZeroValue(t *testing.T) {
	var z money.Rate
	require.True(t, z.IsZero())
	require.Equal(t, int64(0), z.Num())
	require.Equal(t, int64(1), z.Den(), "the zero Rate's denominator reads as one")
	require.Equal(t, money.PerYear, z.Period())
	require.Equal(t, "0% per year", z.String())
	require.Zero(t, z.Rat().Sign())
	// every way of writing zero per year is the same value as the zero Rate,
	// so that == and JSON round trips agree
	for _, r := range []money.Rate{mustRate(t, 0, 1, money.PerYear), mustRate(t, 0, 7, money.PerYear), must(money.ParseRate("0%"))} {
		require.Equal(t, z, r)
	}
	got, err := z.Of(money.Rupiah(25000), money.Rounding{Step: 100, Mode: money.Up})
	require.NoError(t, err)
	require.Equal(t, money.Rupiah(0), got)
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestPercent(t *testing.T) {
	r, err := money.Percent(18, money.PerYear)
	require.NoError(t, err)
	require.Equal(t, mustRate(t, 9, 50, money.PerYear), r)
	require.Equal(t, "18% per year", r.String())
	_, err = money.Percent(-1, money.PerYear)
	require.ErrorIs(t, err, money.ErrInvalidRate)
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in       string
		num, den int64
		per      money.Period
	}{
		{"18%", 9, 50, money.PerYear},
		{"0.18", 9, 50, money.PerYear},
		{"0,18", 9, 50, money.PerYear},
		{"1,5%", 3, 200, money.PerYear},
		{"1.5 %", 3, 200, money.PerYear},
		{"1/3 per term", 1, 3, money.PerTerm},
		{"1/3", 1, 3, money.PerYear},
		{"2/6/day", 1, 3, money.PerDay},
		{"0.1%/day", 1, 1000, money.PerDay},
		{"0,1% per hari", 1, 1000, money.PerDay},
		{"2% per bulan", 1, 50, money.PerMonth},
		{"2% PER Month", 1, 50, money.PerMonth},
		{"18% p.a.", 9, 50, money.PerYear},
		{"18% per year", 9, 50, money.PerYear},
		{"18% per tahun", 9, 50, money.PerYear},
		{"20% per tenor", 1, 5, money.PerTerm},
		{"1% per minggu", 1, 100, money.PerWeek},
		{"  24%  ", 6, 25, money.PerYear},
		{"0", 0, 1, money.PerYear},
		{"100%", 1, 1, money.PerYear},
		{"250%", 5, 2, money.PerYear},
		{".5", 1, 2, money.PerYear},
		{"5.", 5, 1, money.PerYear},
		{"0.00000000000000001", 1, 1e17, money.PerYear},
		{".000000000000000001", 1, 1e18, money.PerYear},
		{"999999999999999999%", 999999999999999999, 100, money.PerYear},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := money.ParseRate(tt.in)
			require.NoError(t, err)
			require.Equal(t, mustRate(t, tt.num, tt.den, tt.per), r)
		})
	}
}

func TestParseRateRejects(t *testing.T) {
	for _, in := range []string{
		"", " ", "%", "abc", "-18%", "-0.1", "-1/3", "1/0", "+1/3", "1/+3", "1/3/4", "1/x",
		"1.2.3", "1,2,3", "18%%", "1e5", "18% per fortnight", "18% per", "0x10",
		"1234567890123456789",   // 19 digits
		"0.1234567890123456789", // 19 digits
		"9223372036854775808/1", // does not fit in int64
		"\xca per 0",            // found by FuzzParseRate: ToLower changed the length and ParseRate panicked
		"İ per year", "1% PER İ", "\xff\xfe p.a.",
	} {
		t.Run(in, func(t *testing.T) {
			r, err := money.ParseRate(in)
			require.ErrorIs(t, err, money.ErrInvalidRate)
			require.Equal(t, money.Rate{}, r)
			var pe *money.ParseError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, "rate", pe.What)
			require.Equal(t, in, pe.Input)
		})
	}
}

func TestRateString(t *testing.T) {
	tests := []struct {
		r    money.Rate
		want string
	}{
		{mustRate(t, 9, 50, money.PerYear), "18% per year"},
		{mustRate(t, 1, 3, money.PerTerm), "1/3 per term"},
		{mustRate(t, 1, 1000, money.PerDay), "0.1% per day"},
		{mustRate(t, 1, 8, money.PerYear), "12.5% per year"},
		{mustRate(t, 1, 40, money.PerMonth), "2.5% per month"},
		{mustRate(t, 5, 8, money.PerWeek), "62.5% per week"},
		{mustRate(t, 3, 2, money.PerYear), "150% per year"},
		{mustRate(t, 1, 10000, money.PerYear), "0.01% per year"},
		{mustRate(t, 1, 1024, money.PerYear), "0.09765625% per year"},
		{mustRate(t, 2, 7, money.PerDay), "2/7 per day"},
		{mustRate(t, 1, 1, money.PerYear), "100% per year"},
		// a percentage longer than ParseRate reads is written as a fraction,
		// so that the text always reads back
		{mustRate(t, 1, 1<<40, money.PerYear), "1/1099511627776 per year"},
		{mustRate(t, math.MaxInt64, 1, money.PerYear), "9223372036854775807/1 per year"},
		{mustRate(t, 1, 1e18, money.PerYear), "0.0000000000000001% per year"},
		{mustRate(t, 999999999999999999, 100, money.PerYear), "999999999999999999% per year"},
		{mustRate(t, 1000000000000000001, 100, money.PerYear), "1000000000000000001/100 per year"},
		{mustRate(t, 1, 1e16, money.PerYear), "0.00000000000001% per year"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			require.Equal(t, tt.want, tt.r.String())
			b, err := tt.r.MarshalText()
			require.NoError(t, err)
			require.Equal(t, tt.want, string(b))
			var back money.Rate
			require.NoError(t, back.UnmarshalText(b))
			require.Equal(t, tt.r, back)
		})
	}
	var r money.Rate
	require.ErrorIs(t, r.UnmarshalText([]byte("lots")), money.ErrInvalidRate)
	require.Equal(t, money.Rate{}, r, "a failed UnmarshalText leaves the rate unchanged")
}

func TestRateScaleCmpPer(t *testing.T) {
	r18 := must(money.Percent(18, money.PerYear))

	monthly, err := r18.Scale(1, 12)
	require.NoError(t, err)
	require.Equal(t, mustRate(t, 3, 200, money.PerYear), monthly, "Scale keeps the period")
	require.Equal(t, mustRate(t, 3, 200, money.PerMonth), monthly.Per(money.PerMonth))
	require.Equal(t, money.PerYear, r18.Period(), "Per returns a copy")

	zero, err := r18.Scale(0, 1)
	require.NoError(t, err)
	require.True(t, zero.IsZero())

	for _, sc := range [][2]int64{{1, 0}, {-1, 12}, {1, -12}} {
		_, err := r18.Scale(sc[0], sc[1])
		require.ErrorIs(t, err, money.ErrInvalidRate, "%v", sc)
	}
	_, err = mustRate(t, math.MaxInt64, 1, money.PerYear).Scale(2, 1)
	require.ErrorIs(t, err, money.ErrOverflow)
	var re *money.RateError
	require.ErrorAs(t, err, &re)
	require.Contains(t, err.Error(), "does not fit in 64 bits")
	// big intermediates that reduce back into 64 bits are fine
	back, err := mustRate(t, math.MaxInt64, 3, money.PerYear).Scale(3, math.MaxInt64)
	require.NoError(t, err)
	require.Equal(t, mustRate(t, 1, 1, money.PerYear), back)

	third := mustRate(t, 1, 3, money.PerDay)
	require.Equal(t, 1, third.Cmp(must(money.Percent(33, money.PerYear))), "Cmp ignores periods")
	require.Equal(t, -1, third.Cmp(must(money.Percent(34, money.PerYear))))
	require.Equal(t, 0, third.Cmp(mustRate(t, 2, 6, money.PerTerm)))
	require.Equal(t, -1, money.Rate{}.Cmp(third))
	require.Equal(t, 1, mustRate(t, math.MaxInt64, 1, money.PerYear).Cmp(mustRate(t, math.MaxInt64-1, 1, money.PerYear)))
	require.Equal(t, 0, big.NewRat(1, 3).Cmp(third.Rat()))
}

func TestRateOf(t *testing.T) {
	tests := []struct {
		r    money.Rate
		a    money.Amount
		rd   money.Rounding
		want money.Amount
	}{
		{must(money.Percent(18, money.PerYear)), money.Rupiah(25000), money.Rounding{Step: 1, Mode: money.HalfUp}, money.Rupiah(4500)},
		{mustRate(t, 1, 125, money.PerTerm), money.Rupiah(25000), money.Rounding{}, money.Rupiah(200)}, // the Rp200 of Mekarmukti
		{mustRate(t, 1, 3, money.PerTerm), money.Rupiah(100), money.Rounding{}, money.Rupiah(33)},
		{mustRate(t, 1, 3, money.PerTerm), money.Rupiah(-100), money.Rounding{Step: 10, Mode: money.Up}, money.Rupiah(-40)},
		{mustRate(t, 1, 1000, money.PerDay), usd(12345), money.Rounding{Step: 1, Mode: money.HalfEven}, usd(12)},
	}
	for _, tt := range tests {
		got, err := tt.r.Of(tt.a, tt.rd)
		require.NoError(t, err)
		require.Equal(t, tt.want, got, "%v of %v", tt.r, tt.a)
	}
	_, err := mustRate(t, 3, 1, money.PerYear).Of(money.Rupiah(math.MaxInt64), money.Rounding{})
	require.ErrorIs(t, err, money.ErrOverflow)
	_, err = mustRate(t, 3, 1, money.PerYear).Of(money.Rupiah(1), money.Rounding{Mode: money.Up})
	require.ErrorIs(t, err, money.ErrInvalidRounding)
}

func TestRateFromDecimal(t *testing.T) {
	tests := []struct {
		d        decimal.Decimal
		num, den int64
	}{
		{decimal.RequireFromString("0.18"), 9, 50},
		{decimal.RequireFromString("0.1"), 1, 10},
		{decimal.RequireFromString("0.001"), 1, 1000},
		{decimal.RequireFromString("0.180000"), 9, 50},
		{decimal.RequireFromString("0"), 0, 1},
		{decimal.RequireFromString("1.5"), 3, 2},
		{decimal.New(12, 3), 12000, 1},
		{decimal.RequireFromString("0.333333333333333333"), 333333333333333333, 1e18},
		{decimal.RequireFromString("9223372036854775807"), math.MaxInt64, 1},
	}
	for _, tt := range tests {
		r, err := money.RateFromDecimal(tt.d, money.PerMonth)
		require.NoError(t, err, tt.d.StringFixed(20))
		require.Equal(t, mustRate(t, tt.num, tt.den, money.PerMonth), r)
		require.Equal(t, 0, tt.d.Rat().Cmp(r.Rat()), "exact")
	}
	for _, tc := range []struct {
		d    decimal.Decimal
		want error
	}{
		{decimal.RequireFromString("-0.18"), money.ErrInvalidRate},
		{decimal.RequireFromString("0.0000000000000000000001"), money.ErrOverflow}, // 10^22 denominator
		{decimal.RequireFromString("9223372036854775808"), money.ErrOverflow},
		{decimal.New(1, 2000), money.ErrOverflow},
		{decimal.New(1, -2000), money.ErrOverflow},
	} {
		_, err := money.RateFromDecimal(tc.d, money.PerYear)
		require.ErrorIs(t, err, tc.want)
	}
}

func TestRateDecimal(t *testing.T) {
	tests := []struct {
		r      money.Rate
		places int32
		want   string
	}{
		{mustRate(t, 1, 3, money.PerTerm), 4, "0.3333"},
		{mustRate(t, 2, 3, money.PerTerm), 2, "0.67"},
		{mustRate(t, 9, 50, money.PerYear), 2, "0.18"},
		{mustRate(t, 9, 50, money.PerYear), 6, "0.180000"},
		{mustRate(t, 1, 8, money.PerYear), 2, "0.13"}, // 0.125, half away from zero
		{money.Rate{}, 2, "0.00"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, tt.r.Decimal(tt.places).StringFixed(tt.places), "%v", tt.r)
	}
}

func TestPeriod(t *testing.T) {
	names := map[money.Period]string{
		money.PerYear: "year", money.PerMonth: "month", money.PerWeek: "week", money.PerDay: "day", money.PerTerm: "term",
	}
	for p, name := range names {
		require.True(t, p.Valid())
		require.Equal(t, name, p.String())
		b, err := p.MarshalText()
		require.NoError(t, err)
		require.Equal(t, name, string(b))
		var back money.Period
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, p, back)
	}
	for in, want := range map[string]money.Period{
		"tahun": money.PerYear, "p.a.": money.PerYear, "Bulan": money.PerMonth, "pekan": money.PerWeek,
		"hari": money.PerDay, "tenor": money.PerTerm, " DAY ": money.PerDay,
	} {
		var p money.Period
		require.NoError(t, p.UnmarshalText([]byte(in)), in)
		require.Equal(t, want, p, in)
	}
	require.False(t, money.Period(5).Valid())
	require.Equal(t, "period(5)", money.Period(5).String())
	_, err := money.Period(5).MarshalText()
	require.ErrorIs(t, err, money.ErrInvalidRate)
	p := money.PerDay
	require.ErrorIs(t, p.UnmarshalText([]byte("fortnight")), money.ErrInvalidRate)
	require.Equal(t, money.PerDay, p, "a failed UnmarshalText leaves the period unchanged")
}
