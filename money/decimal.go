package money

import (
	"math/big"
	"strconv"

	"github.com/shopspring/decimal"
)

// Decimal returns the amount as a decimal.Decimal in major units (Rp4.200 is
// 4200, US$12,34 is 12.34). The conversion is exact.
func (a Amount) Decimal() decimal.Decimal {
	return decimal.New(a.v, -int32(a.c.Digits()))
}

// FromDecimal returns d major units of currency c. It is an error, never a
// silent rounding, when d has more decimals than c keeps (4200.5 rupiah in
// whole-rupiah books) or does not fit in 64 bits of the minor unit. Round the
// decimal first, with the rounding your rule names, if that is what you mean.
func FromDecimal(d decimal.Decimal, c Currency) (Amount, error) {
	if d.Sign() == 0 {
		return Amount{c: c}, nil
	}
	// Bound the exponent before shifting, so that a hostile decimal such as
	// 1e1000000000 is refused at once instead of expanding into a huge integer.
	coef := d.Coefficient()
	switch e := int64(d.Exponent()) + int64(c.Digits()); {
	case e > 18: // at least 10^19 minor units
		return Amount{}, &ParseError{What: "amount", Input: sci(coef, d.Exponent()), Reason: "does not fit in 64 bits", Err: ErrOverflow}
	case e < 0 && -e > int64(coef.BitLen()): // 0 < |d| < one minor unit
		return Amount{}, &ParseError{What: "amount", Input: sci(coef, d.Exponent()), Reason: "more decimals than " + c.String() + " keeps", Err: ErrInexact}
	}
	shifted := d.Shift(int32(c.Digits()))
	if !shifted.Equal(shifted.Truncate(0)) {
		return Amount{}, &ParseError{What: "amount", Input: d.StringFixed(int32(c.Digits()) + 4), Reason: "more decimals than " + c.String() + " keeps", Err: ErrInexact}
	}
	bi := shifted.BigInt()
	if !bi.IsInt64() || bi.Int64() == -1<<63 {
		return Amount{}, &ParseError{What: "amount", Input: d.StringFixed(0), Reason: "does not fit in 64 bits", Err: ErrOverflow}
	}
	return Amount{v: bi.Int64(), c: c}, nil
}

// sci writes coef×10^exp as "123e-4" without expanding the exponent.
func sci(coef *big.Int, exp int32) string {
	return coef.String() + "e" + strconv.Itoa(int(exp))
}
