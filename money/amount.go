package money

import (
	"cmp"
	"math"

	"github.com/ip2p/koperasi/internal/wide"
)

// Amount is an exact amount of money: an integer count of its currency's minor
// unit (whole rupiah for IDR, cents for USD). It is a small comparable value;
// the zero Amount is zero without a currency, and combines with any currency.
//
// Arithmetic reports overflow and currency mismatch as errors; nothing wraps.
// The magnitude of an Amount made by arithmetic is at most math.MaxInt64.
type Amount struct {
	v int64
	c Currency
}

// Rupiah returns n whole rupiah: Rupiah(4200) is Rp4.200.
func Rupiah(n int64) Amount { return Amount{v: n, c: IDR} }

// Minor is the amount in minor units of its currency.
func (a Amount) Minor() int64 { return a.v }

// Currency is the amount's currency.
func (a Amount) Currency() Currency { return a.c }

// IsZero reports whether the amount is zero, in any currency.
func (a Amount) IsZero() bool { return a.v == 0 }

// Sign is -1, 0 or +1.
func (a Amount) Sign() int {
	switch {
	case a.v < 0:
		return -1
	case a.v > 0:
		return 1
	}
	return 0
}

// IsNegative reports a < 0; IsPositive reports a > 0.
func (a Amount) IsNegative() bool { return a.v < 0 }

// IsPositive reports a > 0.
func (a Amount) IsPositive() bool { return a.v > 0 }

// common returns the currency two amounts share; a zero amount without a
// currency takes the other's.
func common(a, b Amount) (Currency, bool) {
	switch {
	case a.c == b.c:
		return a.c, true
	case a.c.IsZero() && a.v == 0:
		return b.c, true
	case b.c.IsZero() && b.v == 0:
		return a.c, true
	}
	return 0, false
}

func (a Amount) op(op string, b Amount, f func(x, y int64) (int64, bool)) (Amount, error) {
	c, ok := common(a, b)
	if !ok {
		return Amount{}, &OpError{Op: op, A: a, B: b, Err: ErrCurrencyMismatch}
	}
	v, ok := f(a.v, b.v)
	if !ok {
		return Amount{}, &OpError{Op: op, A: a, B: b, Err: ErrOverflow}
	}
	return Amount{v: v, c: c}, nil
}

// Add returns a+b.
func (a Amount) Add(b Amount) (Amount, error) { return a.op("add", b, wide.Add) }

// Sub returns a-b.
func (a Amount) Sub(b Amount) (Amount, error) { return a.op("subtract", b, wide.Sub) }

// Mul returns a*n.
func (a Amount) Mul(n int64) (Amount, error) {
	v, ok := wide.Mul(a.v, n)
	if !ok {
		return Amount{}, &OpError{Op: "multiply", A: a, B: Amount{v: n}, Err: ErrOverflow}
	}
	return Amount{v: v, c: a.c}, nil
}

// Neg returns -a.
func (a Amount) Neg() (Amount, error) {
	if a.v == math.MinInt64 {
		return Amount{}, &OpError{Op: "negate", A: a, Err: ErrOverflow}
	}
	return Amount{v: -a.v, c: a.c}, nil
}

// Abs returns |a|.
func (a Amount) Abs() (Amount, error) {
	if a.v < 0 {
		return a.Neg()
	}
	return a, nil
}

// Cmp compares a and b: -1, 0 or +1. Amounts of different currencies are
// ordered by sign, then by currency, so Cmp is a total order usable for
// sorting; use Add or Sub when a mismatch should be an error. Sign comes first
// because the zero Amount without a currency equals a zero of every currency,
// so all zeros must be equal and sit between all negatives and all positives.
func (a Amount) Cmp(b Amount) int {
	if _, ok := common(a, b); !ok {
		switch sa, sb := a.Sign(), b.Sign(); {
		case sa != sb:
			return cmp.Compare(sa, sb)
		case sa == 0:
			return 0
		}
		return cmp.Compare(a.c, b.c)
	}
	switch {
	case a.v < b.v:
		return -1
	case a.v > b.v:
		return 1
	}
	return 0
}

// Min returns the smaller of a and b (by Cmp).
func Min(a, b Amount) Amount {
	if b.Cmp(a) < 0 {
		return b
	}
	return a
}

// Max returns the larger of a and b (by Cmp).
func Max(a, b Amount) Amount {
	if b.Cmp(a) > 0 {
		return b
	}
	return a
}

// Sum adds amounts of one currency.
func Sum(as ...Amount) (Amount, error) {
	var t Amount
	for _, a := range as {
		var err error
		if t, err = t.Add(a); err != nil {
			return Amount{}, err
		}
	}
	return t, nil
}
