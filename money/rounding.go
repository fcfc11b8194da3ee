package money

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ip2p/koperasi/internal/wide"
)

// Mode is a rounding mode. The names and meanings are those of Java's
// RoundingMode, so a setting read off Apache Fineract carries over unchanged.
// The zero Mode is unset; a Rounding needs one.
type Mode uint8

// Rounding modes. "Up" and "down" are about magnitude (away from or toward
// zero); "ceiling" and "floor" are about sign.
const (
	HalfUp   Mode = Mode(wide.HalfUp)   // nearest; ties away from zero (Indonesian school rounding)
	HalfEven Mode = Mode(wide.HalfEven) // nearest; ties to even (Fineract's default, banker's rounding)
	HalfDown Mode = Mode(wide.HalfDown) // nearest; ties toward zero
	Up       Mode = Mode(wide.Up)       // away from zero: Rp4.166,67 to Rp100 is Rp4.200
	Down     Mode = Mode(wide.Down)     // toward zero (truncate)
	Ceiling  Mode = Mode(wide.Ceiling)  // toward +infinity
	Floor    Mode = Mode(wide.Floor)    // toward -infinity
)

var modeNames = [...]string{"", "half-up", "half-even", "half-down", "up", "down", "ceiling", "floor"}

// String is the mode's word: "half-up", "up", ...
func (m Mode) String() string {
	if int(m) < len(modeNames) {
		return modeNames[m]
	}
	return "mode(" + strconv.Itoa(int(m)) + ")"
}

// Valid reports whether m is one of the named modes.
func (m Mode) Valid() bool { return m >= HalfUp && m <= Floor }

// ParseMode reads a mode's word; it also accepts Java's names (HALF_EVEN).
func ParseMode(s string) (Mode, error) {
	w := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
	for i, n := range modeNames {
		if i > 0 && n == w {
			return Mode(i), nil
		}
	}
	return 0, &ParseError{What: "rounding mode", Input: s, Reason: "want half-up, half-even, half-down, up, down, ceiling or floor", Err: ErrInvalidRounding}
}

// MarshalText writes the mode's word; the zero Mode, the mode of the zero
// Rounding, is the empty string, so that a zero Rounding encodes.
func (m Mode) MarshalText() ([]byte, error) {
	if m == 0 {
		return []byte{}, nil
	}
	if !m.Valid() {
		return nil, fmt.Errorf("%w: mode %d", ErrInvalidRounding, m)
	}
	return []byte(m.String()), nil
}

// UnmarshalText reads a mode's word, or "" as the zero Mode.
func (m *Mode) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*m = 0
		return nil
	}
	v, err := ParseMode(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Rounding is a named rounding step: round to a multiple of Step minor units
// under Mode. Rp100 up is Rounding{Step: 100, Mode: Up}; a cent half-even in
// a 2-decimal currency is Rounding{Step: 1, Mode: HalfEven}.
//
// The zero Rounding means "no rounding beyond the minor unit": values that are
// already whole minor units pass unchanged and a fraction of a minor unit is
// rounded half-even. A Rounding with a mode but no step (or a step but no mode)
// is an error, so that a forgotten setting never rounds silently.
type Rounding struct {
	Step int64 `json:"step"` // in minor units of the currency; 100 is Rp100
	Mode Mode  `json:"mode"`
}

// RoundingError says what is wrong with a Rounding.
type RoundingError struct {
	Rounding Rounding
	Reason   string
}

func (e *RoundingError) Error() string {
	return fmt.Sprintf("money: invalid rounding (step %d, mode %q): %s", e.Rounding.Step, e.Rounding.Mode, e.Reason)
}

func (e *RoundingError) Unwrap() error { return ErrInvalidRounding }

// IsZero reports whether r is the zero Rounding.
func (r Rounding) IsZero() bool { return r == Rounding{} }

// Validate reports a step of zero or below, or a missing or unknown mode.
func (r Rounding) Validate() error {
	switch {
	case r.IsZero():
		return nil
	case r.Step <= 0:
		return &RoundingError{Rounding: r, Reason: "the step must be at least one minor unit"}
	case !r.Mode.Valid():
		return &RoundingError{Rounding: r, Reason: "the mode must be one of half-up, half-even, half-down, up, down, ceiling, floor"}
	}
	return nil
}

// norm gives the effective step and mode of a valid Rounding.
func (r Rounding) norm() (int64, wide.Mode) {
	if r.IsZero() {
		return 1, wide.HalfEven
	}
	return r.Step, wide.Mode(r.Mode)
}

// Round rounds a to a multiple of the step.
func (r Rounding) Round(a Amount) (Amount, error) {
	return r.MulDiv(a, 1, 1)
}

// MulDiv returns a*num/den rounded once, at the end, to the step: the exact
// product is never rounded in between, and never overflows in between.
func (r Rounding) MulDiv(a Amount, num, den int64) (Amount, error) {
	if err := r.Validate(); err != nil {
		return Amount{}, err
	}
	if den == 0 {
		return Amount{}, &OpError{Op: "divide by zero", A: a, Err: ErrOverflow}
	}
	step, m := r.norm()
	v, ok := wide.MulDiv(a.v, num, den, step, m)
	if !ok {
		return Amount{}, &OpError{Op: "round", A: a, Err: ErrOverflow}
	}
	return Amount{v: v, c: a.c}, nil
}

// String is the step in minor units and the mode: "100 up".
func (r Rounding) String() string {
	if r.IsZero() {
		return "minor unit"
	}
	return strconv.FormatInt(r.Step, 10) + " " + r.Mode.String()
}
