package money_test

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/money"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func cur(t testing.TB, code string, digits int) money.Currency {
	t.Helper()
	c, err := money.NewCurrency(code, digits)
	require.NoError(t, err)
	return c
}

func TestAmountString(t *testing.T) {
	tests := []struct {
		a    money.Amount
		want string
	}{
		{money.Rupiah(4200), "Rp4.200"},
		{money.Rupiah(125000), "Rp125.000"},
		{money.Rupiah(-1500), "-Rp1.500"},
		{money.Rupiah(0), "Rp0"},
		{money.Rupiah(999), "Rp999"},
		{money.Rupiah(1000), "Rp1.000"},
		{money.Rupiah(25200), "Rp25.200"},
		{money.Rupiah(1234567), "Rp1.234.567"},
		{money.Rupiah(math.MaxInt64), "Rp9.223.372.036.854.775.807"},
		{money.Rupiah(math.MinInt64), "-Rp9.223.372.036.854.775.808"},
		{cur(t, "IDR", 2).Amount(123456), "Rp1.234,56"},
		{cur(t, "IDR", 2).Amount(5), "Rp0,05"},
		{usd(123456), "US$1.234,56"},
		{usd(-5), "-US$0,05"},
		{usd(100), "US$1,00"},
		{money.EUR.Amount(123456), "€1.234,56"},
		{cur(t, "JPY", 0).Amount(1500), "JPY 1.500"},
		{cur(t, "KWD", 3).Amount(1234567), "KWD 1.234,567"},
		{cur(t, "ABC", 6).Amount(-1), "-ABC 0,000001"},
		{money.Amount{}, "0"},
		{money.Currency(0).Amount(1234), "1.234"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			require.Equal(t, tt.want, tt.a.String())
			require.Equal(t, "angsuran "+tt.want, string(tt.a.AppendFormat([]byte("angsuran "))))
			require.Equal(t, tt.want, fmt.Sprint(tt.a), "fmt uses String")
		})
	}
}

func TestAmountMarshalText(t *testing.T) {
	tests := []struct {
		a    money.Amount
		want string
	}{
		{money.Rupiah(4200), "IDR 4200"},
		{money.Rupiah(-1500), "IDR -1500"},
		{money.Rupiah(0), "IDR 0"},
		{usd(123456), "USD 1234.56"},
		{usd(-5), "USD -0.05"},
		{money.EUR.Amount(1), "EUR 0.01"},
		{cur(t, "IDR", 2).Amount(420000), "IDR/2 4200.00"},
		{cur(t, "USD", 0).Amount(12), "USD/0 12"},
		{cur(t, "KWD", 3).Amount(1234567), "KWD/3 1234.567"},
		{cur(t, "JPY", 2).Amount(1), "JPY 0.01"},
		{money.Rupiah(math.MaxInt64), "IDR 9223372036854775807"},
		{money.Rupiah(-math.MaxInt64), "IDR -9223372036854775807"},
		{money.Amount{}, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			b, err := tt.a.MarshalText()
			require.NoError(t, err)
			require.Equal(t, tt.want, string(b))
			var back money.Amount
			require.NoError(t, back.UnmarshalText(b))
			require.Equal(t, tt.a, back)
		})
	}
	_, err := money.Currency(0).Amount(5).MarshalText()
	require.ErrorIs(t, err, money.ErrInvalidAmount, "a non-zero amount without a currency has no text form")

	a := money.Rupiah(7)
	require.Error(t, a.UnmarshalText([]byte("IDR 4.200")))
	require.Equal(t, money.Rupiah(7), a, "a failed UnmarshalText leaves the amount unchanged")
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want money.Amount
	}{
		{"IDR 4200", money.Rupiah(4200)},
		{"IDR -1500", money.Rupiah(-1500)},
		{"IDR 0", money.Rupiah(0)},
		{"USD 1234.56", usd(123456)},
		{"USD -0.05", usd(-5)},
		{"EUR 5.00", money.EUR.Amount(500)},
		{"IDR/2 4200.00", cur(t, "IDR", 2).Amount(420000)},
		{"USD/0 12", cur(t, "USD", 0).Amount(12)},
		{"JPY 15.00", cur(t, "JPY", 2).Amount(1500)},
		{"0", money.Amount{}},
		{"Rp4.200", money.Rupiah(4200)},
		{"Rp125.000", money.Rupiah(125000)},
		{"-Rp1.500", money.Rupiah(-1500)},
		{"Rp0", money.Rupiah(0)},
		{"Rp 1.234", money.Rupiah(1234)},
		{"Rp4200", money.Rupiah(4200)},
		{"US$1.234,56", usd(123456)},
		{"-US$0,05", usd(-5)},
		{"US$1,5", usd(150)},
		{"€1.234,56", money.EUR.Amount(123456)},
		{"IDR 9223372036854775807", money.Rupiah(math.MaxInt64)},
		{"Rp9.223.372.036.854.775.807", money.Rupiah(math.MaxInt64)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := money.Parse(tt.in)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		in      string
		wantErr error
	}{
		{"", money.ErrInvalidAmount},
		{"4200", money.ErrInvalidAmount},  // no currency
		{"4.200", money.ErrInvalidAmount}, // no currency
		{"idr 4200", money.ErrInvalidAmount},
		{"IDR 4200.00", money.ErrInvalidAmount}, // whole-rupiah books have no decimals
		{"IDR 4.200", money.ErrInvalidAmount},
		{"USD 1234.5", money.ErrInvalidAmount},
		{"USD 1234", money.ErrInvalidAmount},
		{"USD 1,234.56", money.ErrInvalidAmount},
		{"IDR/9 5", money.ErrInvalidAmount},
		{"XYZW 5", money.ErrInvalidAmount},
		{"IDR ", money.ErrInvalidAmount},
		{"IDR -", money.ErrInvalidAmount},
		{"IDR +5", money.ErrInvalidAmount},
		{"IDR 42a0", money.ErrInvalidAmount},
		{"IDR  4200", money.ErrInvalidAmount},
		{"Rp4.20", money.ErrInvalidAmount},
		{"Rp1.2345", money.ErrInvalidAmount},
		{"Rp1,234", money.ErrInvalidAmount},
		{"Rp", money.ErrInvalidAmount},
		{"-", money.ErrInvalidAmount},
		{"--Rp5", money.ErrInvalidAmount},
		{"Rp-5", money.ErrInvalidAmount},
		{"US$1,234", money.ErrInvalidAmount},
		{"IDR 9223372036854775808", money.ErrOverflow},
		{"IDR -9223372036854775808", money.ErrOverflow},
		{"USD 92233720368547758.08", money.ErrOverflow},
		{"Rp9.223.372.036.854.775.808", money.ErrOverflow},
		{"IDR 99999999999999999999999", money.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := money.Parse(tt.in)
			require.ErrorIs(t, err, tt.wantErr)
			require.Equal(t, money.Amount{}, got)
			var pe *money.ParseError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, "amount", pe.What)
			require.Equal(t, tt.in, pe.Input)
			require.Contains(t, err.Error(), "cannot read amount")
		})
	}
}

func TestParseIn(t *testing.T) {
	idr2 := cur(t, "IDR", 2)
	tests := []struct {
		c    money.Currency
		in   string
		want int64
	}{
		{money.IDR, "Rp4.200", 4200},
		{money.IDR, "4.200", 4200},
		{money.IDR, "4200", 4200},
		{money.IDR, "-Rp1.500", -1500},
		{money.IDR, "-1.500", -1500},
		{money.IDR, "  Rp 125.000  ", 125000},
		{money.IDR, "Rp0", 0},
		{money.IDR, "Rp9.223.372.036.854.775.807", math.MaxInt64},
		{idr2, "Rp1.234,56", 123456},
		{idr2, "Rp 1.234,5", 123450},
		{idr2, "1234", 123400},
		{money.USD, "US$1.234,56", 123456},
		{money.USD, "1234,5", 123450},
		{money.USD, "-0,05", -5},
		{money.EUR, "€1.000", 100000},
		{cur(t, "JPY", 0), "JPY 1.500", 1500},
		{cur(t, "KWD", 3), "KWD 1.234,567", 1234567},
		{money.Currency(0), "1.234", 1234},
	}
	for _, tt := range tests {
		t.Run(tt.c.String()+" "+tt.in, func(t *testing.T) {
			got, err := money.ParseIn(tt.c, tt.in)
			require.NoError(t, err)
			require.Equal(t, tt.c.Amount(tt.want), got)
		})
	}
}

func TestParseInRejects(t *testing.T) {
	tests := []struct {
		c       money.Currency
		in      string
		wantErr error
	}{
		{money.IDR, "4.20", money.ErrInvalidAmount},
		{money.IDR, "Rp1.2345", money.ErrInvalidAmount},
		{money.IDR, "1,234", money.ErrInvalidAmount}, // no decimals in whole-rupiah books
		{money.IDR, "4,", money.ErrInvalidAmount},
		{money.IDR, "1.234.56", money.ErrInvalidAmount},
		{money.IDR, ".500", money.ErrInvalidAmount},
		{money.IDR, "1234.567", money.ErrInvalidAmount},
		{money.IDR, "1..234", money.ErrInvalidAmount},
		{money.IDR, "Rp", money.ErrInvalidAmount},
		{money.IDR, "", money.ErrInvalidAmount},
		{money.IDR, "+5", money.ErrInvalidAmount},
		{money.IDR, "5-", money.ErrInvalidAmount},
		{money.IDR, "US$5", money.ErrInvalidAmount},
		{money.IDR, "Rp  5", money.ErrInvalidAmount},
		{money.IDR, "4 200", money.ErrInvalidAmount},
		{money.USD, "1,234", money.ErrInvalidAmount},
		{money.USD, "1,", money.ErrInvalidAmount},
		{money.USD, "1.23", money.ErrInvalidAmount},
		{money.IDR, "Rp9.223.372.036.854.775.808", money.ErrOverflow},
		{money.USD, "92.233.720.368.547.758,08", money.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.c.String()+" "+tt.in, func(t *testing.T) {
			got, err := money.ParseIn(tt.c, tt.in)
			require.ErrorIs(t, err, tt.wantErr)
			require.Equal(t, money.Amount{}, got)
			var pe *money.ParseError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, tt.in, pe.Input)
		})
	}
}

// TestFormatGolden keeps the display and canonical forms of a spread of
// amounts in testdata/format.golden; run with -update after a deliberate change.
func TestFormatGolden(t *testing.T) {
	currencies := []money.Currency{money.IDR, cur(t, "IDR", 2), money.USD, money.EUR, cur(t, "JPY", 0), cur(t, "KWD", 3), cur(t, "XAU", 6)}
	values := []int64{0, 1, -1, 5, 99, 100, 999, 1000, 4200, -4200, 25000, 25200, 125000, 1234567, -1234567, 1e12, math.MaxInt64, -math.MaxInt64}
	var b strings.Builder
	fmt.Fprintf(&b, "%-8s %-22s %-34s %s\n", "currency", "minor", "String", "MarshalText")
	for _, c := range currencies {
		for _, v := range values {
			a := c.Amount(v)
			text, err := a.MarshalText()
			require.NoError(t, err)
			fmt.Fprintf(&b, "%-8s %-22d %-34s %s\n", c, v, a, text)
		}
	}
	golden(t, "format.golden", b.String())
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	require.Equal(t, string(want), got, "golden file %s differs; run go test -update if the change is intended", path)
}
