package groups

import "strconv"

// Policy is how groups are made up: the rules formation follows and that a
// Group keeps checking when members join or leave. The zero Policy is the
// Mekarmukti (and Grameen) rule: exactly 5 members, at most one per
// household, any distance, within one RW, at most one lender supervisor.
type Policy struct {
	// MinSize and MaxSize bound the number of borrowing members. When both
	// are zero the size is exactly 5; when one is zero it takes the other's
	// value (an exact size).
	MinSize int `json:"min_size,omitempty"`
	MaxSize int `json:"max_size,omitempty"`
	// SharedHouseholds lets two members of one household be in the same
	// group. Off by default: one member per household.
	SharedHouseholds bool `json:"shared_households,omitempty"`
	// MaxDistance, in metres, bounds the distance between any two members
	// whose coordinates are both known; zero is no bound. Pairs without
	// coordinates are not held to it, since their proxy distance is a guess.
	MaxDistance int `json:"max_distance,omitempty"`
	// CrossRW lets a group take members of different RWs. Off by default.
	CrossRW bool `json:"cross_rw,omitempty"`
	// MaxSupervisors is how many lenders may sit in a group as supervisors
	// (pengawas); zero means the default of 1.
	MaxSupervisors int `json:"max_supervisors,omitempty"`
}

// DefaultSize is the group size when a Policy gives none: Grameen's five,
// which Mekarmukti followed (Rp125.000 = 5 × Rp25.000).
const DefaultSize = 5

// maxGroupSize keeps the formation's blocks a multiple of a few groups; the
// largest practice we know (SBW) is 30.
const maxGroupSize = 100

// Sizes returns the minimum and maximum group size with defaults applied.
func (p Policy) Sizes() (minSize, maxSize int) {
	minSize, maxSize = p.MinSize, p.MaxSize
	switch {
	case minSize == 0 && maxSize == 0:
		return DefaultSize, DefaultSize
	case minSize == 0:
		return maxSize, maxSize
	case maxSize == 0:
		return minSize, minSize
	}
	return minSize, maxSize
}

// Supervisors returns the maximum number of supervisors with the default
// applied.
func (p Policy) Supervisors() int {
	if p.MaxSupervisors == 0 {
		return 1
	}
	return p.MaxSupervisors
}

// Validate reports a policy that cannot be applied.
func (p Policy) Validate() error {
	bad := func(field, reason string) error {
		return &PolicyError{Policy: "formation", Field: field, Reason: reason}
	}
	minSize, maxSize := p.Sizes()
	switch {
	case p.MinSize < 0 || minSize < 1:
		return bad("min_size", "a group needs at least 1 member, got "+strconv.Itoa(p.MinSize))
	case p.MaxSize < 0:
		return bad("max_size", "cannot be negative, got "+strconv.Itoa(p.MaxSize))
	case minSize > maxSize:
		return bad("min_size", "minimum "+strconv.Itoa(minSize)+" is above maximum "+strconv.Itoa(maxSize))
	case maxSize > maxGroupSize:
		return bad("max_size", "at most "+strconv.Itoa(maxGroupSize)+" members, got "+strconv.Itoa(maxSize))
	case p.MaxDistance < 0:
		return bad("max_distance", "cannot be negative, got "+strconv.Itoa(p.MaxDistance))
	case p.MaxDistance > 20_000_000:
		return bad("max_distance", "more than half the Earth's circumference, got "+strconv.Itoa(p.MaxDistance))
	case p.MaxSupervisors < 0:
		return bad("max_supervisors", "cannot be negative, got "+strconv.Itoa(p.MaxSupervisors))
	}
	return nil
}
