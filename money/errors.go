package money

import (
	"errors"
	"fmt"
)

// Sentinel errors. Callers branch on these with errors.Is; the typed errors
// below carry the details and wrap one of them.
var (
	// ErrOverflow: a result does not fit in 64 bits of the minor unit.
	ErrOverflow = errors.New("money: overflow")
	// ErrCurrencyMismatch: two amounts of different currencies were combined.
	ErrCurrencyMismatch = errors.New("money: currency mismatch")
	// ErrInvalidCurrency: a currency code or its number of decimals is not valid.
	ErrInvalidCurrency = errors.New("money: invalid currency")
	// ErrInvalidAmount: text or a decimal could not be read as an exact amount.
	ErrInvalidAmount = errors.New("money: invalid amount")
	// ErrInexact: a conversion would have to round; it is refused instead.
	ErrInexact = errors.New("money: inexact conversion")
	// ErrInvalidRate: a rate is negative, malformed or has a zero denominator.
	ErrInvalidRate = errors.New("money: invalid rate")
	// ErrInvalidRounding: a rounding has no step, a negative step or no mode.
	ErrInvalidRounding = errors.New("money: invalid rounding")
	// ErrInvalidWeights: allocation weights are negative, empty or sum to zero.
	ErrInvalidWeights = errors.New("money: invalid allocation weights")
)

// OpError reports an arithmetic operation that failed, with its operands.
type OpError struct {
	Op   string // "add", "sub", "mul", "neg", "round", ...
	A, B Amount // operands; B is zero for unary operations
	Err  error  // ErrOverflow or ErrCurrencyMismatch
}

func (e *OpError) Error() string {
	if e.Err == ErrCurrencyMismatch {
		return fmt.Sprintf("money: cannot %s %s and %s: different currencies", e.Op, e.A.Currency(), e.B.Currency())
	}
	return fmt.Sprintf("money: %s of %s and %s overflows", e.Op, e.A, e.B)
}

func (e *OpError) Unwrap() error { return e.Err }

// ParseError reports text that could not be read, and why.
type ParseError struct {
	What   string // "amount", "rate", "currency", "rounding"
	Input  string
	Reason string
	Err    error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("money: cannot read %s %q: %s", e.What, e.Input, e.Reason)
}

func (e *ParseError) Unwrap() error { return e.Err }
