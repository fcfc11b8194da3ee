package simulate

import "github.com/ip2p/koperasi/groups"

// ladderRule is groups.Ladder.Next as numbers: it decides from the last
// cycle's record and the number of good cycles in a row, which is all Next
// looks at. TestLadderMatchesGroups checks it against Next.
type ladderRule struct {
	steps   int
	basis   groups.Basis
	need    int32 // UpAfter, at least 1
	late    int32 // LateDays
	onLate  groups.LateAction
	allowed int32 // CoversAllowed
}

// record is a groups.CycleRecord.
type record struct {
	defaulted bool
	late      int32 // the most days an installment was late
	covers    int32
}

// good reports a cycle that counts toward a step up: repaid on time with
// no more covers than allowed.
func (l *ladderRule) good(r record) bool {
	return !r.defaulted && r.late == 0 && r.covers <= l.allowed
}

// decide is the move one record list asks for; streak counts the good
// cycles in a row ending with r (0 when r is not good).
func (l *ladderRule) decide(r record, streak int32) groups.Move {
	switch {
	case r.defaulted:
		return groups.Suspend
	case r.late > l.late:
		if l.onLate == groups.StepBack {
			return groups.StepDown
		}
		return groups.Hold
	case r.late > 0, r.covers > l.allowed:
		return groups.Hold
	case streak >= l.need:
		return groups.StepUp
	}
	return groups.Hold
}

// severity orders moves: the stricter wins under BothRecords.
var severity = [...]int8{groups.Hold: 1, groups.StepUp: 0, groups.StepDown: 2, groups.Suspend: 3}

// next is the step after a cycle, or -1 for suspension.
func (l *ladderRule) next(at int, own record, ownStreak int32, grp record, grpStreak int32) int {
	var mv groups.Move
	switch l.basis {
	case groups.OwnRecord:
		mv = l.decide(own, ownStreak)
	case groups.GroupRecord:
		mv = l.decide(grp, grpStreak)
	default:
		mv = l.decide(own, ownStreak)
		if g := l.decide(grp, grpStreak); severity[g] > severity[mv] {
			mv = g
		}
	}
	switch mv {
	case groups.Suspend:
		return -1
	case groups.StepUp:
		return min(at+1, l.steps-1)
	case groups.StepDown:
		return max(at-1, 0)
	}
	return at
}
