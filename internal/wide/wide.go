// Package wide holds the exact integer arithmetic shared by money and schedule:
// products of two int64 values kept in 128 bits, divided and rounded to a step
// under a named rounding mode, with overflow reported instead of wrapped.
//
// It exists so that a rounding such as "principal x rate / periods, rounded up
// to Rp100" happens in one place, once, without an intermediate rounding and
// without floating point.
package wide

import (
	"math"
	"math/bits"
)

// Mode is a rounding mode. The values match money.Mode one for one.
type Mode uint8

// Rounding modes, named as in java.math.RoundingMode so that a setting copied
// from Apache Fineract means the same thing here.
const (
	Unset    Mode = iota
	HalfUp        // to nearest, ties away from zero
	HalfEven      // to nearest, ties to the even neighbour (banker's rounding)
	HalfDown      // to nearest, ties toward zero
	Up            // away from zero
	Down          // toward zero (truncate)
	Ceiling       // toward positive infinity
	Floor         // toward negative infinity
)

// RoundUp reports whether a truncated quotient moves one step away from zero
// when the exact value is not a multiple: see roundUp.
func RoundUp(m Mode, frac int, odd, neg bool) bool { return roundUp(m, false, frac, odd, neg) }

// roundUp reports whether a quotient whose magnitude was truncated should be
// moved one step away from zero. frac compares the discarded fraction with a
// half: -1 below, 0 exactly half, +1 above. exact says nothing was discarded;
// odd says the truncated quotient is odd; neg says the true value is negative.
func roundUp(m Mode, exact bool, frac int, odd, neg bool) bool {
	if exact {
		return false
	}
	switch m {
	case Up:
		return true
	case Down:
		return false
	case Ceiling:
		return !neg
	case Floor:
		return neg
	case HalfUp:
		return frac >= 0
	case HalfDown:
		return frac > 0
	default: // HalfEven and Unset
		return frac > 0 || (frac == 0 && odd)
	}
}

func abs64(v int64) (uint64, bool) {
	if v < 0 {
		return uint64(-v), true // -MinInt64 wraps to 1<<63, which is its magnitude
	}
	return uint64(v), false
}

// cmp128 compares two unsigned 128-bit values.
func cmp128(ah, al, bh, bl uint64) int {
	switch {
	case ah < bh:
		return -1
	case ah > bh:
		return 1
	case al < bl:
		return -1
	case al > bl:
		return 1
	}
	return 0
}

// MulDiv returns a*b/c rounded to a multiple of step (step >= 1) under mode m.
// ok is false when c is zero, step is not positive, or the result does not fit
// in an int64 (magnitude at most math.MaxInt64).
func MulDiv(a, b, c, step int64, m Mode) (q int64, ok bool) {
	if c == 0 || step <= 0 {
		return 0, false
	}
	ua, na := abs64(a)
	ub, nb := abs64(b)
	uc, nc := abs64(c)
	neg := na != nb != nc
	hi, lo := bits.Mul64(ua, ub)
	if hi >= uc {
		return 0, false
	}
	q1, r1 := bits.Div64(hi, lo, uc)
	if hi == 0 && lo == 0 {
		return 0, true
	}
	us := uint64(step)
	q2, r2 := q1/us, q1%us
	exact := r1 == 0 && r2 == 0
	var frac int
	if !exact {
		// fraction of one step discarded = (r2*c + r1) / (c*s); compare with 1/2
		nh, nl := bits.Mul64(r2, uc)
		var carry uint64
		nl, carry = bits.Add64(nl, r1, 0)
		nh += carry
		dh, dl := bits.Mul64(uc, us)
		// h = d - n
		hl, borrow := bits.Sub64(dl, nl, 0)
		hh := dh - nh - borrow
		frac = cmp128(nh, nl, hh, hl)
	}
	if roundUp(m, exact, frac, q2&1 == 1, neg) {
		if q2 == math.MaxUint64 {
			return 0, false // would wrap to 0; the result is out of range anyway
		}
		q2++
	}
	rh, rl := bits.Mul64(q2, us)
	if rh != 0 || rl > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(rl), true
	}
	return int64(rl), true
}

// Round returns v rounded to a multiple of step under mode m.
func Round(v, step int64, m Mode) (int64, bool) {
	return MulDiv(v, 1, 1, step, m)
}

// Add returns a+b, ok false on overflow.
func Add(a, b int64) (int64, bool) {
	s := a + b
	if (s > a) != (b > 0) || s == math.MinInt64 {
		return 0, false
	}
	return s, true
}

// Sub returns a-b, ok false on overflow.
func Sub(a, b int64) (int64, bool) {
	if b == math.MinInt64 {
		return 0, false
	}
	return Add(a, -b)
}

// Mul returns a*b, ok false on overflow.
func Mul(a, b int64) (int64, bool) {
	ua, na := abs64(a)
	ub, nb := abs64(b)
	hi, lo := bits.Mul64(ua, ub)
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if na != nb {
		return -int64(lo), true
	}
	return int64(lo), true
}

// Ratio is an exact fraction N/D with D > 0, for rates that are combined
// before they are applied. Operations report overflow instead of wrapping.
type Ratio struct{ N, D int64 }

func gcd(a, b int64) int64 {
	if a < 0 {
		a = -a
	}
	if b < 0 {
		b = -b
	}
	for b != 0 {
		a, b = b, a%b
	}
	if a == 0 {
		return 1
	}
	return a
}

// MakeRatio returns n/d reduced, ok false when d is zero.
func MakeRatio(n, d int64) (Ratio, bool) {
	if d == 0 || n == math.MinInt64 || d == math.MinInt64 {
		return Ratio{}, false
	}
	if d < 0 {
		n, d = -n, -d
	}
	g := gcd(n, d)
	return Ratio{n / g, d / g}, true
}

// Mul returns a*b reduced.
func (a Ratio) Mul(b Ratio) (Ratio, bool) {
	g1, g2 := gcd(a.N, b.D), gcd(b.N, a.D)
	n, ok1 := Mul(a.N/g1, b.N/g2)
	d, ok2 := Mul(a.D/g2, b.D/g1)
	if !ok1 || !ok2 {
		return Ratio{}, false
	}
	return MakeRatio(n, d)
}

// Add returns a+b reduced.
func (a Ratio) Add(b Ratio) (Ratio, bool) {
	g := gcd(a.D, b.D)
	x, ok1 := Mul(a.N, b.D/g)
	y, ok2 := Mul(b.N, a.D/g)
	d, ok3 := Mul(a.D, b.D/g)
	if !ok1 || !ok2 || !ok3 {
		return Ratio{}, false
	}
	s, ok := Add(x, y)
	if !ok {
		return Ratio{}, false
	}
	return MakeRatio(s, d)
}
