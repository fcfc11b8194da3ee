package money_test

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/money"
)

func TestFromDecimal(t *testing.T) {
	tests := []struct {
		in      string
		c       money.Currency
		want    int64
		wantErr error
	}{
		{"4200", money.IDR, 4200, nil},
		{"4200.00", money.IDR, 4200, nil}, // trailing zeros are exact
		{"-1500", money.IDR, -1500, nil},
		{"12.34", money.USD, 1234, nil},
		{"-1.5", money.USD, -150, nil},
		{"0", money.USD, 0, nil},
		{"0.000001", cur(t, "XAU", 6), 1, nil},
		{"9223372036854775807", money.IDR, math.MaxInt64, nil},
		{"-9223372036854775807", money.IDR, -math.MaxInt64, nil},
		{"92233720368547758.07", money.USD, math.MaxInt64, nil},
		{"4200.5", money.IDR, 0, money.ErrInexact},
		{"4200.50", money.IDR, 0, money.ErrInexact},
		{"0.1", money.IDR, 0, money.ErrInexact},
		{"12.345", money.USD, 0, money.ErrInexact},
		{"-0.001", money.USD, 0, money.ErrInexact},
		{"9223372036854775808", money.IDR, 0, money.ErrOverflow},
		{"-9223372036854775808", money.IDR, 0, money.ErrOverflow}, // outside the symmetric range
		{"92233720368547758.08", money.USD, 0, money.ErrOverflow},
		{"1e30", money.IDR, 0, money.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.c.String()+" "+tt.in, func(t *testing.T) {
			got, err := money.FromDecimal(decimal.RequireFromString(tt.in), tt.c)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				require.Equal(t, money.Amount{}, got)
				var pe *money.ParseError
				require.ErrorAs(t, err, &pe)
				require.NotEmpty(t, pe.Reason)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.c.Amount(tt.want), got)
			require.True(t, got.Decimal().Equal(decimal.RequireFromString(tt.in)), "Decimal gives it back")
		})
	}
	// 1e3 has a positive exponent: still exact
	got, err := money.FromDecimal(decimal.New(1, 3), money.IDR)
	require.NoError(t, err)
	require.Equal(t, money.Rupiah(1000), got)
}

func TestAmountDecimal(t *testing.T) {
	tests := []struct {
		a    money.Amount
		want string
	}{
		{money.Rupiah(4200), "4200"},
		{usd(1234), "12.34"},
		{usd(-5), "-0.05"},
		{cur(t, "KWD", 3).Amount(1), "0.001"},
		{money.Amount{}, "0"},
	}
	for _, tt := range tests {
		d := tt.a.Decimal()
		require.Equal(t, tt.want, d.StringFixed(int32(tt.a.Currency().Digits())), "%v", tt.a)
		back, err := money.FromDecimal(d, tt.a.Currency())
		require.NoError(t, err)
		require.Equal(t, tt.a, back)
	}
}

// TestFromDecimalHugeExponent: a decimal with an absurd exponent, as a host
// could decode from hostile JSON, is refused at once rather than expanded
// into a billion-digit integer.
func TestFromDecimalHugeExponent(t *testing.T) {
	tests := []struct {
		d       decimal.Decimal
		wantErr error
	}{
		{decimal.New(3, 1_000_000_000), money.ErrOverflow},
		{decimal.New(-3, math.MaxInt32), money.ErrOverflow},
		{decimal.New(3, -1_000_000_000), money.ErrInexact},
		{decimal.New(-3, math.MinInt32), money.ErrInexact},
		{decimal.New(1, 19), money.ErrOverflow},
		{decimal.New(1, -3), money.ErrInexact},
	}
	for _, tt := range tests {
		_, err := money.FromDecimal(tt.d, money.USD)
		require.ErrorIs(t, err, tt.wantErr)
	}
	for _, d := range []decimal.Decimal{decimal.New(0, 1_000_000_000), decimal.New(0, -1_000_000_000)} {
		got, err := money.FromDecimal(d, money.USD)
		require.NoError(t, err)
		require.Equal(t, usd(0), got)
	}
	got, err := money.FromDecimal(decimal.New(5, 16), money.USD) // 10^18 cents fits
	require.NoError(t, err)
	require.Equal(t, usd(5e18), got)
	got, err = money.FromDecimal(decimal.New(12300, -4), money.USD) // 1.2300
	require.NoError(t, err)
	require.Equal(t, usd(123), got)
}
