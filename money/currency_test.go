package money_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/money"
)

func TestNewCurrency(t *testing.T) {
	tests := []struct {
		code   string
		digits int
		want   money.Currency
		str    string
	}{
		{"IDR", 0, money.IDR, "IDR"},
		{"USD", 2, money.USD, "USD"},
		{"EUR", 2, money.EUR, "EUR"},
		{"IDR", 2, 0, "IDR/2"},
		{"USD", 0, 0, "USD/0"},
		{"JPY", 2, 0, "JPY"},
		{"KWD", 3, 0, "KWD/3"},
		{"AAA", 0, 0, "AAA/0"},
		{"ZZZ", 6, 0, "ZZZ/6"},
	}
	for _, tt := range tests {
		t.Run(tt.str, func(t *testing.T) {
			c, err := money.NewCurrency(tt.code, tt.digits)
			require.NoError(t, err)
			if tt.want != 0 {
				require.Equal(t, tt.want, c)
			}
			require.False(t, c.IsZero())
			require.Equal(t, tt.code, c.Code())
			require.Equal(t, tt.digits, c.Digits())
			require.Equal(t, tt.str, c.String())
			back, err := money.ParseCurrency(c.String())
			require.NoError(t, err)
			require.Equal(t, c, back)
		})
	}
	require.NotEqual(t, money.IDR, cur(t, "IDR", 2), "the same code with other decimals is another currency")
}

func TestNewCurrencyRejects(t *testing.T) {
	for _, tc := range []struct {
		code   string
		digits int
	}{
		{"", 0}, {"ID", 0}, {"IDRX", 0}, {"idr", 0}, {"I1R", 0}, {"ID ", 0}, {"Rp", 0},
		{"IDR", -1}, {"IDR", 7}, {"IDR", 100},
	} {
		c, err := money.NewCurrency(tc.code, tc.digits)
		require.ErrorIs(t, err, money.ErrInvalidCurrency, "%q/%d", tc.code, tc.digits)
		require.Zero(t, c)
		var pe *money.ParseError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, "currency", pe.What)
	}
}

func TestParseCurrency(t *testing.T) {
	for in, want := range map[string]money.Currency{
		"IDR": money.IDR, "USD": money.USD, "EUR": money.EUR, "IDR/0": money.IDR, "USD/2": money.USD,
		"IDR/2": cur(t, "IDR", 2), "ABC": cur(t, "ABC", 2), "ABC/6": cur(t, "ABC", 6),
	} {
		got, err := money.ParseCurrency(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "IDR/", "IDR/x", "IDR/12", "IDR/7", "IDR/+1", "IDR/-1", "idr", "IDR/2/2", "RP"} {
		_, err := money.ParseCurrency(in)
		require.ErrorIs(t, err, money.ErrInvalidCurrency, in)
	}
}

func TestCurrencyZero(t *testing.T) {
	var c money.Currency
	require.True(t, c.IsZero())
	require.Equal(t, "", c.Code())
	require.Equal(t, "", c.String())
	require.Equal(t, 0, c.Digits())
	require.Equal(t, money.Amount{}, c.Amount(0))
}
