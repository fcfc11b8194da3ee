package money_test

import (
	"fmt"
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/money"
)

var allModes = []money.Mode{money.HalfUp, money.HalfEven, money.HalfDown, money.Up, money.Down, money.Ceiling, money.Floor}

// modeResults lists the expected result per mode, in the order of allModes.
type modeResults [7]int64

// TestRoundingModes: every mode on positive, negative and tie values with the
// steps a koperasi uses. Expected values are worked by hand.
func TestRoundingModes(t *testing.T) {
	tests := []struct {
		name        string
		v, num, den int64
		step        int64
		want        modeResults // HalfUp, HalfEven, HalfDown, Up, Down, Ceiling, Floor
	}{
		// step 1
		{"2.5 tie", 5, 1, 2, 1, modeResults{3, 2, 2, 3, 2, 3, 2}},
		{"3.5 tie to even 4", 7, 1, 2, 1, modeResults{4, 4, 3, 4, 3, 4, 3}},
		{"-2.5 tie", -5, 1, 2, 1, modeResults{-3, -2, -2, -3, -2, -2, -3}},
		{"-3.5 tie", -7, 1, 2, 1, modeResults{-4, -4, -3, -4, -3, -3, -4}},
		{"0.25", 1, 1, 4, 1, modeResults{0, 0, 0, 1, 0, 1, 0}},
		{"-0.25", -1, 1, 4, 1, modeResults{0, 0, 0, -1, 0, 0, -1}},
		{"0.75", 3, 1, 4, 1, modeResults{1, 1, 1, 1, 0, 1, 0}},
		{"-0.75", -3, 1, 4, 1, modeResults{-1, -1, -1, -1, 0, 0, -1}},
		{"exact 7", 7, 1, 1, 1, modeResults{7, 7, 7, 7, 7, 7, 7}},
		{"zero", 0, 1, 3, 1, modeResults{0, 0, 0, 0, 0, 0, 0}},
		{"1/3 of Rp100", 100, 1, 3, 1, modeResults{33, 33, 33, 34, 33, 34, 33}},
		{"2/3 of -Rp100", -100, 2, 3, 1, modeResults{-67, -67, -67, -67, -66, -66, -67}},
		// step 100: the Mekarmukti installment, Rp25.000 / 6 = Rp4.166,67
		{"Mekarmukti installment", 25000, 1, 6, 100, modeResults{4200, 4200, 4200, 4200, 4100, 4200, 4100}},
		{"Mekarmukti refund", -25000, 1, 6, 100, modeResults{-4200, -4200, -4200, -4200, -4100, -4100, -4200}},
		{"Rp250 tie to Rp100", 250, 1, 1, 100, modeResults{300, 200, 200, 300, 200, 300, 200}},
		{"Rp350 tie to Rp100", 350, 1, 1, 100, modeResults{400, 400, 300, 400, 300, 400, 300}},
		{"-Rp250 tie to Rp100", -250, 1, 1, 100, modeResults{-300, -200, -200, -300, -200, -200, -300}},
		{"Rp4.200 already round", 4200, 1, 1, 100, modeResults{4200, 4200, 4200, 4200, 4200, 4200, 4200}},
		{"Rp49,5 tie below a step", 99, 1, 2, 100, modeResults{0, 0, 0, 100, 0, 100, 0}},
		{"Rp50 exactly half a step", 100, 1, 2, 100, modeResults{100, 0, 0, 100, 0, 100, 0}},
		{"Rp50,5 just above half", 101, 1, 2, 100, modeResults{100, 100, 100, 100, 0, 100, 0}},
		// step 500
		{"Rp1.250 tie to Rp500", 1250, 1, 1, 500, modeResults{1500, 1000, 1000, 1500, 1000, 1500, 1000}},
		{"Rp1.750 tie to Rp500", 1750, 1, 1, 500, modeResults{2000, 2000, 1500, 2000, 1500, 2000, 1500}},
		{"Rp1.251", 1251, 1, 1, 500, modeResults{1500, 1500, 1500, 1500, 1000, 1500, 1000}},
		{"Rp1.249", 1249, 1, 1, 500, modeResults{1000, 1000, 1000, 1500, 1000, 1500, 1000}},
		{"-Rp1.249", -1249, 1, 1, 500, modeResults{-1000, -1000, -1000, -1500, -1000, -1000, -1500}},
		// step 1000
		{"Rp2.500 tie to Rp1.000", 2500, 1, 1, 1000, modeResults{3000, 2000, 2000, 3000, 2000, 3000, 2000}},
		{"-Rp3.500 tie to Rp1.000", -3500, 1, 1, 1000, modeResults{-4000, -4000, -3000, -4000, -3000, -3000, -4000}},
		{"Rp125.000 / 7", 125000, 1, 7, 1000, modeResults{18000, 18000, 18000, 18000, 17000, 18000, 17000}},
		{"18% of Rp25.000 over 12", 25000, 18, 1200, 1000, modeResults{0, 0, 0, 1000, 0, 1000, 0}},
		// signs of num and den
		{"negative den", 10, 1, -3, 1, modeResults{-3, -3, -3, -4, -3, -3, -4}},
		{"negative num and den", 10, -1, -3, 1, modeResults{3, 3, 3, 4, 3, 4, 3}},
	}
	for _, tt := range tests {
		for i, m := range allModes {
			t.Run(fmt.Sprintf("%s/step %d/%s", tt.name, tt.step, m), func(t *testing.T) {
				r := money.Rounding{Step: tt.step, Mode: m}
				got, err := r.MulDiv(money.Rupiah(tt.v), tt.num, tt.den)
				require.NoError(t, err)
				require.Equal(t, money.Rupiah(tt.want[i]), got)
				// the hand-worked value agrees with the exact reference
				ref, ok := refMulDiv(tt.v, tt.num, tt.den, tt.step, m)
				require.True(t, ok)
				require.Equal(t, tt.want[i], ref, "reference disagrees with the table")
			})
		}
	}
}

func TestRoundingMulDivWide(t *testing.T) {
	tests := []struct {
		name        string
		v, num, den int64
		r           money.Rounding
		want        int64
	}{
		// a*num overflows 64 bits; the quotient does not
		{"max*max/max", math.MaxInt64, math.MaxInt64, math.MaxInt64, money.Rounding{Step: 1, Mode: money.HalfEven}, math.MaxInt64},
		{"1e18*1e18/1e18", 1e18, 1e18, 1e18, money.Rounding{Step: 1, Mode: money.Down}, 1e18},
		{"4e18*5/10", 4e18, 5, 10, money.Rounding{Step: 1, Mode: money.HalfUp}, 2e18},
		{"3e18*5/7", 3e18, 5, 7, money.Rounding{Step: 1, Mode: money.Down}, 2142857142857142857},
		{"3e18*5/7 up", 3e18, 5, 7, money.Rounding{Step: 1, Mode: money.Up}, 2142857142857142858},
		{"-3e18*5/7 to Rp1.000 half-up", -3e18, 5, 7, money.Rounding{Step: 1000, Mode: money.HalfUp}, -2142857142857143000},
		{"max*(max-1)/max", math.MaxInt64, math.MaxInt64 - 1, math.MaxInt64, money.Rounding{Step: 1, Mode: money.Up}, math.MaxInt64 - 1},
		{"max to Rp100 down", math.MaxInt64, 1, 1, money.Rounding{Step: 100, Mode: money.Down}, 9223372036854775800},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.r.MulDiv(money.Rupiah(tt.v), tt.num, tt.den)
			require.NoError(t, err)
			require.Equal(t, money.Rupiah(tt.want), got)
			ref, ok := refMulDiv(tt.v, tt.num, tt.den, tt.r.Step, tt.r.Mode)
			require.True(t, ok)
			require.Equal(t, tt.want, ref)
		})
	}
}

func TestRoundingMulDivErrors(t *testing.T) {
	up100 := money.Rounding{Step: 100, Mode: money.Up}
	tests := []struct {
		name        string
		r           money.Rounding
		v, num, den int64
		wantErr     error
	}{
		{"quotient too large", up100, math.MaxInt64, 2, 1, money.ErrOverflow},
		{"quotient too negative", up100, math.MinInt64 + 1, 2, 1, money.ErrOverflow},
		{"rounding up past max", up100, math.MaxInt64, 1, 1, money.ErrOverflow},
		{"rounding down past min", money.Rounding{Step: 100, Mode: money.Floor}, -math.MaxInt64, 1, 1, money.ErrOverflow},
		{"exactly min is outside the range", money.Rounding{Step: 1, Mode: money.Down}, math.MinInt64, 1, 1, money.ErrOverflow},
		{"divide by zero", up100, 25000, 1, 0, money.ErrOverflow},
		{"invalid rounding", money.Rounding{Step: 100}, 25000, 1, 6, money.ErrInvalidRounding},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.r.MulDiv(money.Rupiah(tt.v), tt.num, tt.den)
			require.ErrorIs(t, err, tt.wantErr)
			require.Equal(t, money.Amount{}, got)
			require.NotEmpty(t, err.Error())
		})
	}
}

func TestRoundingZeroValue(t *testing.T) {
	var r money.Rounding
	require.True(t, r.IsZero())
	require.NoError(t, r.Validate())
	require.Equal(t, "minor unit", r.String())
	// whole minor units pass unchanged; fractions go half-even
	for _, tc := range []struct{ v, num, den, want int64 }{
		{4200, 1, 1, 4200},
		{-4199, 1, 1, -4199},
		{5, 1, 2, 2},
		{7, 1, 2, 4},
		{-5, 1, 2, -2},
		{25000, 1, 6, 4167},
	} {
		got, err := r.MulDiv(money.Rupiah(tc.v), tc.num, tc.den)
		require.NoError(t, err)
		require.Equal(t, money.Rupiah(tc.want), got, "%d*%d/%d", tc.v, tc.num, tc.den)
	}
	got, err := r.Round(usd(-12345))
	require.NoError(t, err)
	require.Equal(t, usd(-12345), got)
}

func TestRoundingRound(t *testing.T) {
	got, err := money.Rounding{Step: 100, Mode: money.HalfUp}.Round(money.Rupiah(4150))
	require.NoError(t, err)
	require.Equal(t, money.Rupiah(4200), got)
	got, err = money.Rounding{Step: 500, Mode: money.Floor}.Round(usd(-1))
	require.NoError(t, err)
	require.Equal(t, usd(-500), got, "the currency is kept")
	_, err = money.Rounding{Step: -1, Mode: money.Up}.Round(money.Rupiah(1))
	require.ErrorIs(t, err, money.ErrInvalidRounding)
}

func TestRoundingValidate(t *testing.T) {
	tests := []struct {
		name string
		r    money.Rounding
		ok   bool
	}{
		{"zero rounding", money.Rounding{}, true},
		{"Rp100 up", money.Rounding{Step: 100, Mode: money.Up}, true},
		{"step 1 floor", money.Rounding{Step: 1, Mode: money.Floor}, true},
		{"mode without step", money.Rounding{Mode: money.Up}, false},
		{"negative step", money.Rounding{Step: -100, Mode: money.Up}, false},
		{"step without mode", money.Rounding{Step: 100}, false},
		{"unknown mode", money.Rounding{Step: 100, Mode: money.Mode(8)}, false},
		{"huge unknown mode", money.Rounding{Step: 1, Mode: money.Mode(255)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.r.Validate()
			if tt.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, money.ErrInvalidRounding)
			var re *money.RoundingError
			require.ErrorAs(t, err, &re)
			require.Equal(t, tt.r, re.Rounding)
			require.Contains(t, err.Error(), "invalid rounding")
		})
	}
}

func TestModeNames(t *testing.T) {
	want := []string{"half-up", "half-even", "half-down", "up", "down", "ceiling", "floor"}
	for i, m := range allModes {
		require.True(t, m.Valid())
		require.Equal(t, want[i], m.String())
		b, err := m.MarshalText()
		require.NoError(t, err)
		require.Equal(t, want[i], string(b))
		var back money.Mode
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, m, back)
	}
	for in, want := range map[string]money.Mode{
		"HALF_EVEN": money.HalfEven, " Up ": money.Up, "Half-Down": money.HalfDown, "CEILING": money.Ceiling,
	} {
		got, err := money.ParseMode(in)
		require.NoError(t, err, in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"nearest", "half up", "halfup", "round"} {
		_, err := money.ParseMode(in)
		require.ErrorIs(t, err, money.ErrInvalidRounding, in)
	}
	var m money.Mode
	require.Error(t, m.UnmarshalText([]byte("sideways")))
	require.Equal(t, "mode(9)", money.Mode(9).String())
	_, err := money.Mode(9).MarshalText()
	require.ErrorIs(t, err, money.ErrInvalidRounding)
	require.False(t, money.Mode(9).Valid())
	require.Equal(t, "100 up", money.Rounding{Step: 100, Mode: money.Up}.String())
	require.Equal(t, "500 half-even", money.Rounding{Step: 500, Mode: money.HalfEven}.String())
}

// refMulDiv is the exact reference for Rounding.MulDiv in big.Rat: v*num/den
// rounded to a multiple of step under m, written from the definitions of the
// modes rather than from the implementation.
func refMulDiv(v, num, den, step int64, m money.Mode) (int64, bool) {
	if den == 0 || step <= 0 {
		return 0, false
	}
	x := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(v), big.NewInt(num)), big.NewInt(den))
	x.Quo(x, new(big.Rat).SetInt64(step)) // in steps
	fl := ratFloor(x)
	ce := new(big.Int).Set(fl)
	if !x.IsInt() {
		ce.Add(ce, big.NewInt(1))
	}
	var q *big.Int
	if x.IsInt() {
		q = fl
	} else {
		half := new(big.Rat).Add(new(big.Rat).SetInt(fl), big.NewRat(1, 2))
		cmpHalf := x.Cmp(half) // -1: nearer floor, +1: nearer ceiling
		towardZero, awayZero := fl, ce
		if x.Sign() < 0 {
			towardZero, awayZero = ce, fl
		}
		switch m {
		case money.Up:
			q = awayZero
		case money.Down:
			q = towardZero
		case money.Ceiling:
			q = ce
		case money.Floor:
			q = fl
		default:
			switch cmpHalf {
			case -1:
				q = fl
			case 1:
				q = ce
			default:
				switch m {
				case money.HalfUp:
					q = awayZero
				case money.HalfDown:
					q = towardZero
				default: // HalfEven
					q = fl
					if fl.Bit(0) == 1 { // floor odd (two's complement parity holds for negatives)
						q = ce
					}
				}
			}
		}
	}
	q = new(big.Int).Mul(q, big.NewInt(step))
	if !q.IsInt64() || q.Int64() == math.MinInt64 {
		return 0, false
	}
	return q.Int64(), true
}

func ratFloor(x *big.Rat) *big.Int {
	q, r := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int))
	if r.Sign() < 0 {
		q.Sub(q, big.NewInt(1))
	}
	return q
}
