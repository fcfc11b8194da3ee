package money_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/money"
)

func rupiahs(vs ...int64) []money.Amount {
	as := make([]money.Amount, len(vs))
	for i, v := range vs {
		as[i] = money.Rupiah(v)
	}
	return as
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		name    string
		total   money.Amount
		weights []int64
		want    []money.Amount
	}{
		{"Rp100 by 1:1:1", money.Rupiah(100), []int64{1, 1, 1}, rupiahs(34, 33, 33)},
		{"Rp101 by 1:1:1", money.Rupiah(101), []int64{1, 1, 1}, rupiahs(34, 34, 33)},
		{"Rp99 by 1:1:1", money.Rupiah(99), []int64{1, 1, 1}, rupiahs(33, 33, 33)},
		{"largest remainder wins", money.Rupiah(10), []int64{1, 2}, rupiahs(3, 7)},
		{"zero weight gets nothing", money.Rupiah(101), []int64{1, 0, 1}, rupiahs(51, 0, 50)},
		{"zero weights around", money.Rupiah(1), []int64{0, 1, 0, 1}, rupiahs(0, 1, 0, 0)},
		{"one part", money.Rupiah(4200), []int64{7}, rupiahs(4200)},
		{"negative total", money.Rupiah(-100), []int64{1, 1, 1}, rupiahs(-34, -33, -33)},
		{"zero total", money.Rupiah(0), []int64{1, 2, 3}, rupiahs(0, 0, 0)},
		{"group limit 3:3:4", money.Rupiah(125000), []int64{3, 3, 4}, rupiahs(37500, 37500, 50000)},
		// lenders who funded Rp100.000 and Rp25.000 share a repayment of Rp25.200 pro rata
		{"lender pro rata", money.Rupiah(25200), []int64{100000, 25000}, rupiahs(20160, 5040)},
		{"lender pro rata with a residue", money.Rupiah(4200), []int64{100000, 25000, 25000}, rupiahs(2800, 700, 700)},
		{"odd units by remainder", money.Rupiah(7), []int64{1, 1, 1, 1}, rupiahs(2, 2, 2, 1)},
		{"cents keep their currency", usd(1000), []int64{1, 1, 1}, []money.Amount{usd(334), usd(333), usd(333)}},
		{"no currency", money.Currency(0).Amount(5), []int64{1, 1}, []money.Amount{money.Currency(0).Amount(3), money.Currency(0).Amount(2)}},
		{"max total", money.Rupiah(math.MaxInt64), []int64{1, 1}, rupiahs(math.MaxInt64/2+1, math.MaxInt64/2)},
		{"max negative total", money.Rupiah(-math.MaxInt64), []int64{1, 1}, rupiahs(-(math.MaxInt64/2 + 1), -math.MaxInt64/2)},
		{"max weights", money.Rupiah(math.MaxInt64), []int64{math.MaxInt64 / 2, math.MaxInt64 / 2}, rupiahs(math.MaxInt64/2+1, math.MaxInt64/2)},
		{"huge weight and tiny weight", money.Rupiah(1000), []int64{math.MaxInt64 - 1, 1}, rupiahs(1000, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := money.Allocate(tt.total, tt.weights)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
			sum, err := money.Sum(got...)
			require.NoError(t, err)
			require.Equal(t, 0, sum.Cmp(tt.total), "parts sum to the total")
		})
	}
}

func TestAppendAllocateTieRotation(t *testing.T) {
	tests := []struct {
		total    int64
		weights  []int64
		tieStart int
		want     []money.Amount
	}{
		{100, []int64{1, 1, 1}, 0, rupiahs(34, 33, 33)},
		{100, []int64{1, 1, 1}, 1, rupiahs(33, 34, 33)},
		{100, []int64{1, 1, 1}, 2, rupiahs(33, 33, 34)},
		{100, []int64{1, 1, 1}, 3, rupiahs(34, 33, 33)},  // wraps around
		{100, []int64{1, 1, 1}, -1, rupiahs(33, 33, 34)}, // counts from the end
		{100, []int64{1, 1, 1}, -4, rupiahs(33, 33, 34)},
		{101, []int64{1, 1, 1}, 2, rupiahs(34, 33, 34)}, // 2, then 0
		{101, []int64{1, 1, 1}, 1, rupiahs(33, 34, 34)},
		{-100, []int64{1, 1, 1}, 1, rupiahs(-33, -34, -33)},
		// tieStart only breaks ties: a larger remainder still wins
		{10, []int64{1, 2}, 0, rupiahs(3, 7)},
		{10, []int64{2, 1}, 1, rupiahs(7, 3)},
		// a zero weight is never given a unit, even when the rotation starts there
		{1, []int64{0, 1, 1}, 0, rupiahs(0, 1, 0)},
		{1, []int64{1, 0, 1}, 1, rupiahs(0, 0, 1)},
	}
	for _, tt := range tests {
		got, err := money.AppendAllocate(nil, money.Rupiah(tt.total), tt.weights, tt.tieStart)
		require.NoError(t, err)
		require.Equal(t, tt.want, got, "Rp%d by %v from %d", tt.total, tt.weights, tt.tieStart)
	}
}

// TestAllocateManyParts covers more than 32 parts, where remainders no longer
// fit the stack buffer, both with few units left (selection) and many (sort).
func TestAllocateManyParts(t *testing.T) {
	weights := make([]int64, 40)
	for i := range weights {
		weights[i] = 1
	}
	for _, tc := range []struct {
		total    int64
		tieStart int
	}{{42, 0}, {42, 39}, {100, 0}, {100, 30}, {-100, 30}, {139, 5}} {
		got, err := money.AppendAllocate(nil, money.Rupiah(tc.total), weights, tc.tieStart)
		require.NoError(t, err)
		mag := tc.total
		sign := int64(1)
		if mag < 0 {
			mag, sign = -mag, -1
		}
		q, left := mag/40, mag%40
		for i, a := range got {
			want := q
			if (i-tc.tieStart+40)%40 < int(left) {
				want++
			}
			require.Equal(t, money.Rupiah(sign*want), a, "total %d from %d: part %d", tc.total, tc.tieStart, i)
		}
	}
	// unequal weights beyond 32 parts: remainders decide, not positions
	w := make([]int64, 35)
	for i := range w {
		w[i] = int64(i % 3) // 0, 1, 2, 0, 1, 2, ...
	}
	got, err := money.Allocate(money.Rupiah(1000), w)
	require.NoError(t, err)
	sum, err := money.Sum(got...)
	require.NoError(t, err)
	require.Equal(t, money.Rupiah(1000), sum)
	for i, a := range got {
		exact := 1000 * w[i] / 34 // the weights sum to 34
		require.True(t, a.Minor() == exact || a.Minor() == exact+1, "part %d = %v, exact share %d", i, a, exact)
		if w[i] == 0 {
			require.True(t, a.IsZero())
		}
	}
}

func TestAppendAllocateAppends(t *testing.T) {
	dst := rupiahs(1, 2)
	got, err := money.AppendAllocate(dst, money.Rupiah(100), []int64{1, 1, 1}, 0)
	require.NoError(t, err)
	require.Equal(t, rupiahs(1, 2, 34, 33, 33), got)

	got, err = money.AppendAllocate(dst, money.Rupiah(100), []int64{1, -1}, 0)
	require.Error(t, err)
	require.Equal(t, dst, got, "on error dst comes back as it was")
}

func TestAllocateErrors(t *testing.T) {
	tests := []struct {
		name      string
		total     money.Amount
		weights   []int64
		wantErr   error
		wantIndex int
	}{
		{"no weights", money.Rupiah(100), nil, money.ErrInvalidWeights, -1},
		{"empty weights", money.Rupiah(100), []int64{}, money.ErrInvalidWeights, -1},
		{"negative weight", money.Rupiah(100), []int64{1, -1, 1}, money.ErrInvalidWeights, 1},
		{"zero sum", money.Rupiah(100), []int64{0, 0}, money.ErrInvalidWeights, -1},
		{"weights overflow", money.Rupiah(100), []int64{math.MaxInt64, 1}, money.ErrInvalidWeights, -1},
		{"weights overflow late", money.Rupiah(100), []int64{1, math.MaxInt64 - 1, 1, 1}, money.ErrInvalidWeights, -1},
		{"min total", money.Rupiah(math.MinInt64), []int64{1, 1}, money.ErrOverflow, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := money.Allocate(tt.total, tt.weights)
			require.ErrorIs(t, err, tt.wantErr)
			require.Empty(t, got)
			require.NotEmpty(t, err.Error())
			if tt.wantErr == money.ErrInvalidWeights {
				var we *money.WeightsError
				require.ErrorAs(t, err, &we)
				require.Equal(t, tt.wantIndex, we.Index)
			}
		})
	}
	_, err := money.Allocate(money.Rupiah(100), []int64{1, -5})
	require.EqualError(t, err, "money: invalid allocation weight at 1: negative weight -5")
	_, err = money.Allocate(money.Rupiah(100), []int64{0})
	require.EqualError(t, err, "money: invalid allocation weights: weights sum to zero")
}

func TestAllocateEvenly(t *testing.T) {
	tests := []struct {
		total money.Amount
		n     int
		want  []money.Amount
	}{
		{money.Rupiah(100), 3, rupiahs(34, 33, 33)},
		{money.Rupiah(25000), 6, rupiahs(4167, 4167, 4167, 4167, 4166, 4166)},
		{money.Rupiah(-100), 3, rupiahs(-34, -33, -33)},
		{money.Rupiah(2), 5, rupiahs(1, 1, 0, 0, 0)},
		{money.Rupiah(0), 2, rupiahs(0, 0)},
		{money.Rupiah(4200), 1, rupiahs(4200)},
		{usd(101), 2, []money.Amount{usd(51), usd(50)}},
		{money.Rupiah(math.MaxInt64), 2, rupiahs(math.MaxInt64/2+1, math.MaxInt64/2)},
		{money.Rupiah(-math.MaxInt64), 2, rupiahs(-(math.MaxInt64/2 + 1), -math.MaxInt64/2)},
	}
	for _, tt := range tests {
		got, err := money.AllocateEvenly(tt.total, tt.n)
		require.NoError(t, err)
		require.Equal(t, tt.want, got, "%v in %d", tt.total, tt.n)
	}
	for _, n := range []int{0, -1} {
		got, err := money.AllocateEvenly(money.Rupiah(100), n)
		require.ErrorIs(t, err, money.ErrInvalidWeights)
		require.Nil(t, got)
	}
}
