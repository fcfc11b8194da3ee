package simulate

import "errors"

// ErrInvalid is wrapped by every error about a model, options or sweep that
// cannot run: a probability outside [0, 1], shares that do not sum to 1, a
// group size below 1, zero trials, an unknown rule. Run and RunSweep check
// everything before any trial starts.
var ErrInvalid = errors.New("simulate: invalid input")

// ConfigError names the field that cannot be simulated and why. It wraps
// ErrInvalid, and the error of the package that refused the value (groups,
// schedule, lending) when there is one.
type ConfigError struct {
	Field  string // as in JSON: "group_size", "types[1].share", "trials", "points[2].types"
	Reason string
	Err    error // the underlying error, or nil
}

func (e *ConfigError) Error() string {
	if e.Field == "" {
		return "simulate: " + e.Reason
	}
	return "simulate: " + e.Field + ": " + e.Reason
}

// Unwrap returns ErrInvalid and the underlying error.
func (e *ConfigError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalid}
	}
	return []error{ErrInvalid, e.Err}
}
