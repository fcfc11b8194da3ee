package simulate

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
)

// Estimate is a rate over all trials with its confidence interval.
//
// The rate is pooled: the sum over trials of a numerator divided by the sum
// of a denominator (amount collected over amount due, say), exactly Num/Den.
// Trials are the independent units (members of a trial share shocks and
// cover one another), so the interval is the normal approximation for a
// ratio estimator over trials: with R = Σx/Σy, the standard error is
// sqrt(n/(n−1) · Σ(x − R·y)² ) / Σy, and the interval R ± 1.96 SE (95%),
// clipped to the rate's possible range. It is computed in exact and
// arbitrary-precision arithmetic from exact integer sums, so it is the same
// on every platform. With a single trial, or when every trial gives the same
// rate, SE is 0 and the interval has no width: read it with the number of
// trials. With one trial SE, Low and High are NaN.
type Estimate struct {
	Num, Den  int64   // the exact rate: Num/Den (Den 0: no denominator in any trial)
	Value     float64 // Num/Den
	SE        float64 // standard error
	Low, High float64 // 95% confidence interval
}

// Z is the normal quantile of the 95% intervals.
const Z = 1.96

// String is "0.9812 [0.9790, 0.9834]".
func (e Estimate) String() string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
	return f(e.Value) + " [" + f(e.Low) + ", " + f(e.High) + "]"
}

// Contains reports whether v lies within z standard errors of the value.
func (e Estimate) Contains(v *big.Rat, z float64) bool {
	d := new(big.Rat).Sub(v, big.NewRat(e.Num, max(e.Den, 1)))
	f, _ := d.Float64()
	return math.Abs(f) <= z*e.SE
}

// u128 is an unsigned 128-bit accumulator for sums of squares.
type u128 struct{ hi, lo uint64 }

func (a *u128) addMul(x, y uint64) {
	hi, lo := bits.Mul64(x, y)
	var c uint64
	a.lo, c = bits.Add64(a.lo, lo, 0)
	a.hi += hi + c
}

func (a *u128) add(b u128) {
	var c uint64
	a.lo, c = bits.Add64(a.lo, b.lo, 0)
	a.hi += b.hi + c
}

func (a u128) int() *big.Int {
	z := new(big.Int).SetUint64(a.hi)
	z.Lsh(z, 64)
	return z.Or(z, new(big.Int).SetUint64(a.lo))
}

// moments are the sums a ratio estimate needs: Σx, Σy, Σx², Σy², Σxy over
// trials, exact. x and y are never negative.
type moments struct {
	x, y       uint64
	xx, yy, xy u128
}

func (m *moments) observe(x, y int64) {
	ux, uy := uint64(x), uint64(y)
	m.x += ux
	m.y += uy
	m.xx.addMul(ux, ux)
	m.yy.addMul(uy, uy)
	m.xy.addMul(ux, uy)
}

func (m *moments) merge(o *moments) {
	m.x += o.x
	m.y += o.y
	m.xx.add(o.xx)
	m.yy.add(o.yy)
	m.xy.add(o.xy)
}

// bounds is the range a rate can take, for clipping its interval.
type bounds struct {
	lo, hi *big.Rat // nil: unbounded
}

var (
	unit      = bounds{lo: new(big.Rat), hi: big.NewRat(1, 1)}
	aboveLoss = bounds{lo: big.NewRat(-1, 1)}
)

// estimate computes the rate Σx/Σy + shift with its interval over n trials.
func (m *moments) estimate(n int64, shift int64, b bounds) Estimate {
	nan := math.NaN()
	if m.y == 0 {
		return Estimate{Value: nan, SE: nan, Low: nan, High: nan}
	}
	X := new(big.Int).SetUint64(m.x)
	Y := new(big.Int).SetUint64(m.y)
	R := new(big.Rat).SetFrac(X, Y)
	e := Estimate{Num: int64(m.x) + shift*int64(m.y), Den: int64(m.y)}
	val := new(big.Rat).Add(R, big.NewRat(shift, 1))
	e.Value, _ = val.Float64()
	if n < 2 {
		e.SE, e.Low, e.High = nan, nan, nan
		return e
	}
	// Σ(x − R y)² = Σx² − 2R Σxy + R² Σy²
	ss := new(big.Rat).SetInt(m.xx.int())
	t := new(big.Rat).SetInt(m.xy.int())
	t.Mul(t, R)
	t.Add(t, t)
	ss.Sub(ss, t)
	t.SetInt(m.yy.int())
	t.Mul(t, R)
	t.Mul(t, R)
	ss.Add(ss, t)
	// Var = n/(n−1) · ss / Y²
	v := ss.Mul(ss, big.NewRat(n, n-1))
	y2 := new(big.Int).Mul(Y, Y)
	v.Quo(v, new(big.Rat).SetInt(y2))
	const prec = 128
	se := new(big.Float).SetPrec(prec).SetRat(v)
	se.Sqrt(se)
	e.SE, _ = se.Float64()
	half := new(big.Float).SetPrec(prec).Mul(se, new(big.Float).SetPrec(prec).SetRat(big.NewRat(196, 100)))
	mid := new(big.Float).SetPrec(prec).SetRat(val)
	lo := new(big.Float).SetPrec(prec).Sub(mid, half)
	hi := new(big.Float).SetPrec(prec).Add(mid, half)
	if b.lo != nil {
		if f := new(big.Float).SetPrec(prec).SetRat(b.lo); lo.Cmp(f) < 0 {
			lo = f
		}
	}
	if b.hi != nil {
		if f := new(big.Float).SetPrec(prec).SetRat(b.hi); hi.Cmp(f) > 0 {
			hi = f
		}
	}
	e.Low, _ = lo.Float64()
	e.High, _ = hi.Float64()
	return e
}
