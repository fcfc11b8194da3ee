package money_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/money"
)

// usd is US cents, for tests that need a second currency.
func usd(cents int64) money.Amount { return money.USD.Amount(cents) }

func TestAmountAccessors(t *testing.T) {
	a := money.Rupiah(-4200)
	require.Equal(t, int64(-4200), a.Minor())
	require.Equal(t, money.IDR, a.Currency())
	require.Equal(t, -1, a.Sign())
	require.True(t, a.IsNegative())
	require.False(t, a.IsPositive())
	require.False(t, a.IsZero())

	p := money.Rupiah(1)
	require.Equal(t, 1, p.Sign())
	require.True(t, p.IsPositive())
	require.False(t, p.IsNegative())

	var z money.Amount
	require.True(t, z.IsZero(), "the zero Amount is zero")
	require.True(t, z.Currency().IsZero(), "the zero Amount has no currency")
	require.Equal(t, 0, z.Sign())
	require.True(t, money.Rupiah(0).IsZero(), "zero in a currency is zero too")
	require.Equal(t, money.Rupiah(4200), money.IDR.Amount(4200))
}

func TestAmountArithmetic(t *testing.T) {
	type op func(a, b money.Amount) (money.Amount, error)
	add := func(a, b money.Amount) (money.Amount, error) { return a.Add(b) }
	sub := func(a, b money.Amount) (money.Amount, error) { return a.Sub(b) }
	var none money.Amount
	tests := []struct {
		name    string
		op      op
		a, b    money.Amount
		want    money.Amount
		wantErr error
	}{
		{"add rupiah", add, money.Rupiah(4200), money.Rupiah(800), money.Rupiah(5000), nil},
		{"add negative", add, money.Rupiah(4200), money.Rupiah(-5000), money.Rupiah(-800), nil},
		{"sub rupiah", sub, money.Rupiah(25200), money.Rupiah(25000), money.Rupiah(200), nil},
		{"sub below zero", sub, money.Rupiah(4000), money.Rupiah(4200), money.Rupiah(-200), nil},
		{"add cents", add, usd(199), usd(1), usd(200), nil},
		{"add to max", add, money.Rupiah(math.MaxInt64 - 1), money.Rupiah(1), money.Rupiah(math.MaxInt64), nil},
		{"add past max", add, money.Rupiah(math.MaxInt64), money.Rupiah(1), none, money.ErrOverflow},
		{"add past min", add, money.Rupiah(-math.MaxInt64), money.Rupiah(-1), none, money.ErrOverflow},
		{"add big negatives", add, money.Rupiah(math.MinInt64 / 2), money.Rupiah(math.MinInt64 / 2), none, money.ErrOverflow},
		{"sub past max", sub, money.Rupiah(math.MaxInt64), money.Rupiah(-1), none, money.ErrOverflow},
		{"sub past min", sub, money.Rupiah(-math.MaxInt64), money.Rupiah(1), none, money.ErrOverflow},
		{"sub min operand", sub, money.Rupiah(0), money.Rupiah(math.MinInt64), none, money.ErrOverflow},
		{"sub to -max", sub, money.Rupiah(-1), money.Rupiah(math.MaxInt64 - 1), money.Rupiah(-math.MaxInt64), nil},
		{"sub to min", sub, money.Rupiah(-1), money.Rupiah(math.MaxInt64), none, money.ErrOverflow},
		{"add mismatch", add, money.Rupiah(1), usd(1), none, money.ErrCurrencyMismatch},
		{"sub mismatch", sub, usd(1), money.Rupiah(1), none, money.ErrCurrencyMismatch},
		{"zero currency on the left", add, none, money.Rupiah(4200), money.Rupiah(4200), nil},
		{"zero currency on the right", add, usd(5), none, usd(5), nil},
		{"zero currency minus", sub, none, usd(5), usd(-5), nil},
		{"both without currency", add, none, none, none, nil},
		{"zero rupiah and cents differ", add, money.Rupiah(0), usd(5), none, money.ErrCurrencyMismatch},
		{"same code other digits", add, money.Rupiah(1), idr2(t).Amount(1), none, money.ErrCurrencyMismatch},
		{"non-zero without currency", add, money.Currency(0).Amount(1), money.Rupiah(1), none, money.ErrCurrencyMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.op(tt.a, tt.b)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				require.Equal(t, none, got, "a failed operation returns the zero Amount")
				var oe *money.OpError
				require.ErrorAs(t, err, &oe)
				require.Equal(t, tt.a, oe.A)
				require.Equal(t, tt.b, oe.B)
				require.NotEmpty(t, oe.Op)
				require.NotEmpty(t, err.Error())
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestOpErrorMessages(t *testing.T) {
	_, err := money.Rupiah(1).Add(usd(1))
	require.EqualError(t, err, "money: cannot add IDR and USD: different currencies")
	require.False(t, errors.Is(err, money.ErrOverflow))

	_, err = money.Rupiah(math.MaxInt64).Add(money.Rupiah(1))
	require.EqualError(t, err, "money: add of Rp9.223.372.036.854.775.807 and Rp1 overflows")
	require.False(t, errors.Is(err, money.ErrCurrencyMismatch))
}

func TestAmountMulNegAbs(t *testing.T) {
	got, err := money.Rupiah(4200).Mul(6)
	require.NoError(t, err)
	require.Equal(t, money.Rupiah(25200), got)

	got, err = usd(-150).Mul(-3)
	require.NoError(t, err)
	require.Equal(t, usd(450), got, "the currency is kept")

	got, err = money.Rupiah(math.MaxInt64).Mul(-1)
	require.NoError(t, err)
	require.Equal(t, money.Rupiah(-math.MaxInt64), got)

	for _, tc := range []struct {
		a money.Amount
		n int64
	}{
		{money.Rupiah(math.MaxInt64), 2},
		{money.Rupiah(math.MinInt64 / 2), 2}, // exactly MinInt64: outside the symmetric range
		{money.Rupiah(1 << 32), 1 << 32},
		{money.Rupiah(-1), math.MinInt64},
	} {
		_, err := tc.a.Mul(tc.n)
		require.ErrorIs(t, err, money.ErrOverflow, "%v * %d", tc.a, tc.n)
		var oe *money.OpError
		require.ErrorAs(t, err, &oe)
		require.Equal(t, "multiply", oe.Op)
	}

	n, err := money.Rupiah(1500).Neg()
	require.NoError(t, err)
	require.Equal(t, money.Rupiah(-1500), n)
	_, err = money.Rupiah(math.MinInt64).Neg()
	require.ErrorIs(t, err, money.ErrOverflow)

	abs, err := money.Rupiah(-1500).Abs()
	require.NoError(t, err)
	require.Equal(t, money.Rupiah(1500), abs)
	abs, err = money.Rupiah(1500).Abs()
	require.NoError(t, err)
	require.Equal(t, money.Rupiah(1500), abs)
	_, err = money.Rupiah(math.MinInt64).Abs()
	require.ErrorIs(t, err, money.ErrOverflow)
}

func TestAmountCmpMinMax(t *testing.T) {
	var none money.Amount
	tests := []struct {
		a, b money.Amount
		want int
	}{
		{money.Rupiah(4200), money.Rupiah(4200), 0},
		{money.Rupiah(4100), money.Rupiah(4200), -1},
		{money.Rupiah(4300), money.Rupiah(4200), 1},
		{money.Rupiah(-1), money.Rupiah(1), -1},
		{none, money.Rupiah(5), -1},
		{none, money.Rupiah(-5), 1},
		{none, money.Rupiah(0), 0},
		{usd(0), none, 0},
		// different currencies: a consistent order, whatever it is, is
		// checked by TestAmountCmpTotalOrder; here only antisymmetry
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, tt.a.Cmp(tt.b), "%v Cmp %v", tt.a, tt.b)
		require.Equal(t, -tt.want, tt.b.Cmp(tt.a), "%v Cmp %v", tt.b, tt.a)
	}
	require.Equal(t, -money.Rupiah(5).Cmp(usd(5)), usd(5).Cmp(money.Rupiah(5)))
	require.NotZero(t, money.Rupiah(5).Cmp(usd(5)), "different currencies never compare equal unless both are zero")

	require.Equal(t, money.Rupiah(4000), money.Min(money.Rupiah(4200), money.Rupiah(4000)))
	require.Equal(t, money.Rupiah(4000), money.Min(money.Rupiah(4000), money.Rupiah(4200)))
	require.Equal(t, money.Rupiah(4200), money.Max(money.Rupiah(4200), money.Rupiah(4000)))
	require.Equal(t, money.Rupiah(4200), money.Max(money.Rupiah(4000), money.Rupiah(4200)))
	require.Equal(t, money.Rupiah(-1), money.Min(none, money.Rupiah(-1)))
}

// TestAmountCmpTotalOrder sorts a mixed slice and checks that Cmp is
// transitive on it, as its doc promises for sorting. A zero Amount without a
// currency equals every zero, so zeros of different currencies must compare
// equal and sit between all negatives and all positives.
func TestAmountCmpTotalOrder(t *testing.T) {
	var none money.Amount
	as := []money.Amount{
		usd(-5), money.Rupiah(5), none, money.Rupiah(-5), usd(5), money.Rupiah(0), usd(0),
		money.EUR.Amount(3), money.EUR.Amount(-3), money.Rupiah(-7), usd(7),
	}
	for _, a := range as {
		for _, b := range as {
			require.Equal(t, -a.Cmp(b), b.Cmp(a), "antisymmetry %v %v", a, b)
			for _, c := range as {
				if a.Cmp(b) <= 0 && b.Cmp(c) <= 0 {
					require.LessOrEqual(t, a.Cmp(c), 0, "transitivity %v <= %v <= %v", a, b, c)
				}
			}
		}
	}
	slices.SortFunc(as, money.Amount.Cmp)
	for i := 1; i < len(as); i++ {
		require.LessOrEqual(t, as[i-1].Cmp(as[i]), 0)
	}
}

func TestSum(t *testing.T) {
	got, err := money.Sum()
	require.NoError(t, err)
	require.Equal(t, money.Amount{}, got, "the empty sum is the zero Amount")

	got, err = money.Sum(money.Rupiah(4200), money.Rupiah(4200), money.Rupiah(4200), money.Rupiah(4200), money.Rupiah(4200), money.Rupiah(4000))
	require.NoError(t, err)
	require.Equal(t, money.Rupiah(25000), got)

	_, err = money.Sum(money.Rupiah(1), usd(1))
	require.ErrorIs(t, err, money.ErrCurrencyMismatch)
	_, err = money.Sum(money.Rupiah(math.MaxInt64), money.Rupiah(1))
	require.ErrorIs(t, err, money.ErrOverflow)
}

func idr2(t testing.TB) money.Currency {
	t.Helper()
	c, err := money.NewCurrency("IDR", 2)
	require.NoError(t, err)
	return c
}
