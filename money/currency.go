package money

import (
	"strconv"
	"strings"
)

// Currency is a three-letter ISO 4217 style code with the number of decimals
// its books are kept in, packed in one word so that it is comparable, free to
// copy and usable as a constant. The same code with another number of decimals
// is another currency: a koperasi keeps rupiah books in whole rupiah (IDR, 0
// decimals), while a comparison with a system that keeps sen uses
// NewCurrency("IDR", 2).
//
// The zero Currency is "no currency"; a zero Amount without a currency may be
// added to an amount of any currency, so that a zero total accumulates.
type Currency uint32

func pack(a, b, c byte, digits uint32) Currency {
	return Currency(uint32(a-'A'+1)<<10 | uint32(b-'A'+1)<<5 | uint32(c-'A'+1) | digits<<15)
}

// Currencies used by the library and its examples.
const (
	// IDR is the Indonesian rupiah as koperasi books keep it: whole rupiah.
	IDR Currency = ('I'-'A'+1)<<10 | ('D'-'A'+1)<<5 | ('R' - 'A' + 1)
	// USD is the US dollar with cents, for comparison with other systems.
	USD Currency = ('U'-'A'+1)<<10 | ('S'-'A'+1)<<5 | ('D' - 'A' + 1) | 2<<15
	// EUR is the euro with cents.
	EUR Currency = ('E'-'A'+1)<<10 | ('U'-'A'+1)<<5 | ('R' - 'A' + 1) | 2<<15
)

// MaxDigits bounds the decimals so that 10^digits and its products stay small.
const MaxDigits = 6

const codeMask = 1<<15 - 1

// NewCurrency returns the currency with a three-letter upper-case code and
// digits decimals (0 to MaxDigits).
func NewCurrency(code string, digits int) (Currency, error) {
	if len(code) != 3 {
		return 0, &ParseError{What: "currency", Input: code, Reason: "a code has three letters", Err: ErrInvalidCurrency}
	}
	for i := range 3 {
		if code[i] < 'A' || code[i] > 'Z' {
			return 0, &ParseError{What: "currency", Input: code, Reason: "a code is three letters A-Z", Err: ErrInvalidCurrency}
		}
	}
	if digits < 0 || digits > MaxDigits {
		return 0, &ParseError{What: "currency", Input: code + "/" + strconv.Itoa(digits), Reason: "decimals must be 0 to 6", Err: ErrInvalidCurrency}
	}
	return pack(code[0], code[1], code[2], uint32(digits)), nil
}

// ParseCurrency reads the form String writes: "IDR", "USD", or a code with its
// decimals when they differ from the conventional ones, "IDR/2".
func ParseCurrency(s string) (Currency, error) {
	code, d, hasDigits := strings.Cut(s, "/")
	if !hasDigits {
		c, err := NewCurrency(code, 2)
		if err != nil {
			return 0, err
		}
		return c.withDigits(c.conventionalDigits()), nil
	}
	n, err := strconv.Atoi(d)
	if err != nil || len(d) != 1 {
		return 0, &ParseError{What: "currency", Input: s, Reason: "decimals after / must be one digit", Err: ErrInvalidCurrency}
	}
	return NewCurrency(code, n)
}

// Code is the three-letter code, or "" for the zero Currency.
func (c Currency) Code() string {
	switch c & codeMask {
	case 0:
		return ""
	case IDR & codeMask:
		return "IDR"
	case USD & codeMask:
		return "USD"
	case EUR & codeMask:
		return "EUR"
	}
	return string([]byte{byte(c>>10&31) + 'A' - 1, byte(c>>5&31) + 'A' - 1, byte(c&31) + 'A' - 1})
}

// Digits is the number of decimals of the minor unit.
func (c Currency) Digits() int { return int(c >> 15) }

// IsZero reports whether c is the zero Currency (no currency).
func (c Currency) IsZero() bool { return c == 0 }

// Amount returns minor units of c as an Amount: IDR.Amount(4200) is Rp4.200,
// USD.Amount(123) is US$1,23.
func (c Currency) Amount(minor int64) Amount { return Amount{v: minor, c: c} }

// String is the code, followed by the decimals when they differ from the
// conventional ones (0 for IDR, 2 for every other code): "IDR", "USD",
// "IDR/2". The zero Currency is "".
func (c Currency) String() string {
	switch c {
	case 0:
		return ""
	case IDR: // the usual ones without building a string
		return "IDR"
	case USD:
		return "USD"
	case EUR:
		return "EUR"
	}
	return string(c.appendString(make([]byte, 0, 5)))
}

// appendString appends String's form to b.
func (c Currency) appendString(b []byte) []byte {
	if c.IsZero() {
		return b
	}
	b = append(b, byte(c>>10&31)+'A'-1, byte(c>>5&31)+'A'-1, byte(c&31)+'A'-1)
	if uint32(c.Digits()) != c.conventionalDigits() {
		b = append(b, '/')
		b = strconv.AppendInt(b, int64(c.Digits()), 10) // one digit from NewCurrency; any from a conversion
	}
	return b
}

func (c Currency) withDigits(d uint32) Currency { return c&codeMask | Currency(d<<15) }

func (c Currency) conventionalDigits() uint32 {
	if c&codeMask == IDR {
		return 0
	}
	return 2
}

// scale is 10^digits.
func (c Currency) scale() int64 {
	s := int64(1)
	for range c.Digits() {
		s *= 10
	}
	return s
}

// symbol prefixes an amount in Indonesian display form.
func (c Currency) symbol() string {
	switch c & codeMask {
	case IDR:
		return "Rp"
	case USD & codeMask:
		return "US$"
	case EUR & codeMask:
		return "€"
	case 0:
		return ""
	}
	return c.Code() + " "
}
