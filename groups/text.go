package groups

import (
	"fmt"
	"strconv"
)

// marshalWord writes enum value v as its word.
func marshalWord(what string, names []string, v int) ([]byte, error) {
	if v < 0 || v >= len(names) {
		return nil, fmt.Errorf("%w: %s %d has no name", ErrInvalidPolicy, what, v)
	}
	return []byte(names[v]), nil
}

// unmarshalWord reads an enum word.
func unmarshalWord(what string, names []string, b []byte) (int, error) {
	for i, n := range names {
		if n == string(b) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%w: unknown %s %s (want one of %q)", ErrInvalidPolicy, what, strconv.Quote(string(b)), names)
}
