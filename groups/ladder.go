package groups

import (
	"slices"
	"strconv"

	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// GroupLimit is a group's credit limit: the per-member package value times
// the number of members, capped at limit when limit is positive (a zero
// limit is no cap). Mekarmukti: GroupLimit(Rp25.000, 5, 0) is Rp125.000.
func GroupLimit(perMember money.Amount, members int, limit money.Amount) (money.Amount, error) {
	switch {
	case perMember.IsNegative():
		return money.Amount{}, &AmountError{What: "per-member limit", Amount: perMember, Reason: "cannot be negative"}
	case limit.IsNegative():
		return money.Amount{}, &AmountError{What: "group cap", Amount: limit, Reason: "cannot be negative"}
	case members < 0:
		return money.Amount{}, &RuleError{Rule: "size", Reason: "cannot count " + strconv.Itoa(members) + " members"}
	}
	total, err := perMember.Mul(int64(members))
	if err != nil {
		return money.Amount{}, moneyErr("group limit", "", perMember, err)
	}
	if limit.IsPositive() {
		if _, err := total.Sub(limit); err != nil {
			return money.Amount{}, moneyErr("group cap", "", limit, err)
		}
		total = money.Min(total, limit)
	}
	return total, nil
}

// Basis says whose record moves a member on the ladder.
type Basis uint8

// Bases. The zero Basis is OwnRecord.
const (
	OwnRecord   Basis = iota // the member's own record
	GroupRecord              // the whole group's record (joint responsibility)
	BothRecords              // both must allow it; the stricter wins
)

var basisNames = [...]string{"own", "group", "own-and-group"}

// String is the basis word.
func (b Basis) String() string { return word(basisNames[:], int(b), "basis") }

// MarshalText writes the basis word.
func (b Basis) MarshalText() ([]byte, error) { return marshalWord("basis", basisNames[:], int(b)) }

// UnmarshalText reads the basis word.
func (b *Basis) UnmarshalText(t []byte) error {
	i, err := unmarshalWord("basis", basisNames[:], t)
	*b = Basis(i)
	return err
}

// LateAction is what lateness beyond a ladder's threshold does.
type LateAction uint8

// Late actions. The zero LateAction is HoldStep.
const (
	HoldStep LateAction = iota // stay on the same step
	StepBack                   // go one step down
)

var lateNames = [...]string{"hold", "step-down"}

// String is the action word.
func (a LateAction) String() string { return word(lateNames[:], int(a), "late action") }

// MarshalText writes the action word.
func (a LateAction) MarshalText() ([]byte, error) {
	return marshalWord("late action", lateNames[:], int(a))
}

// UnmarshalText reads the action word.
func (a *LateAction) UnmarshalText(t []byte) error {
	i, err := unmarshalWord("late action", lateNames[:], t)
	*a = LateAction(i)
	return err
}

// Ladder is a loan-cycle ladder: the per-member limit rises a step after
// cycles repaid on time, holds or falls after lateness, and a default
// suspends. The koperasi chooses the steps; Mekarmukti lent Rp25.000 per
// member for three cycles (one step), a ladder could continue Rp50.000,
// Rp75.000 and so on.
type Ladder struct {
	// Steps are the per-member limits, step 0 first, never decreasing.
	Steps []money.Amount `json:"steps"`
	// GroupCap caps the group's limit (Limit); zero is no cap.
	GroupCap money.Amount `json:"group_cap,omitzero"`
	// Basis says whose record counts.
	Basis Basis `json:"basis"`
	// UpAfter is how many cycles in a row must be on time to step up;
	// zero means 1.
	UpAfter int `json:"up_after,omitempty"`
	// LateDays is the most days late a cycle may have and still hold the
	// step; lateness beyond it takes OnLate. Any lateness at all stops a
	// step up.
	LateDays int `json:"late_days,omitempty"`
	// OnLate is what lateness beyond LateDays does.
	OnLate LateAction `json:"on_late"`
	// CoversAllowed is how many installments peers may have covered in a
	// cycle that still counts as on time; zero allows none.
	CoversAllowed int `json:"covers_allowed,omitempty"`
}

// Validate reports a ladder that cannot be applied.
func (l Ladder) Validate() error {
	bad := func(field, reason string) error { return &PolicyError{Policy: "ladder", Field: field, Reason: reason} }
	if len(l.Steps) == 0 {
		return bad("steps", "a ladder needs at least one step")
	}
	for i, s := range l.Steps {
		if s.IsNegative() {
			return bad("steps", "step "+strconv.Itoa(i)+" is negative: "+s.String())
		}
		if i > 0 {
			if _, err := s.Sub(l.Steps[i-1]); err != nil {
				return bad("steps", "steps "+strconv.Itoa(i-1)+" and "+strconv.Itoa(i)+" are of different currencies")
			}
			if s.Cmp(l.Steps[i-1]) < 0 {
				return bad("steps", "step "+strconv.Itoa(i)+" ("+s.String()+") is below step "+strconv.Itoa(i-1)+" ("+l.Steps[i-1].String()+")")
			}
		}
	}
	switch {
	case l.GroupCap.IsNegative():
		return bad("group_cap", "cannot be negative")
	case l.Basis > BothRecords:
		return bad("basis", "unknown basis "+l.Basis.String())
	case l.UpAfter < 0:
		return bad("up_after", "cannot be negative")
	case l.LateDays < 0:
		return bad("late_days", "cannot be negative")
	case l.OnLate > StepBack:
		return bad("on_late", "unknown action "+l.OnLate.String())
	case l.CoversAllowed < 0:
		return bad("covers_allowed", "cannot be negative")
	}
	return nil
}

// Limit is the group limit at step for a group of members: the step's
// per-member limit times members, capped at GroupCap.
func (l Ladder) Limit(step, members int) (money.Amount, error) {
	if err := l.Validate(); err != nil {
		return money.Amount{}, err
	}
	if step < 0 || step >= len(l.Steps) {
		return money.Amount{}, &PolicyError{Policy: "ladder", Field: "step", Reason: "step " + strconv.Itoa(step) + " is not on the ladder (0 to " + strconv.Itoa(len(l.Steps)-1) + ")"}
	}
	return GroupLimit(l.Steps[step], members, l.GroupCap)
}

// CycleRecord is how one finished cycle went, for a member or for a whole
// group (the worst of its members).
type CycleRecord struct {
	MaxDaysLate int  `json:"max_days_late"`       // the most days any installment was paid late
	Defaulted   bool `json:"defaulted,omitempty"` // not repaid in the end (kredit macet)
	Covers      int  `json:"covers,omitempty"`    // installments peers or the group fund covered
}

// OnTime reports a cycle repaid in full with no installment late.
func (r CycleRecord) OnTime() bool { return !r.Defaulted && r.MaxDaysLate == 0 }

// Move is a ladder decision.
type Move uint8

// Moves, from the most to the least favourable. The zero Move is Hold.
const (
	Hold     Move = iota // stay on the same step
	StepUp               // one step up
	StepDown             // one step down
	Suspend              // no new cycle: the group should be suspended
)

var moveNames = [...]string{"hold", "step-up", "step-down", "suspend"}

// severity orders moves for BothRecords: the stricter wins.
func (m Move) severity() int { return [...]int{1, 0, 2, 3}[m] }

// String is the move word.
func (m Move) String() string { return word(moveNames[:], int(m), "move") }

// MarshalText writes the move word.
func (m Move) MarshalText() ([]byte, error) { return marshalWord("move", moveNames[:], int(m)) }

// UnmarshalText reads the move word.
func (m *Move) UnmarshalText(t []byte) error {
	i, err := unmarshalWord("move", moveNames[:], t)
	*m = Move(i)
	return err
}

// Next is the ladder's decision for the next cycle.
type Next struct {
	Move      Move         `json:"move"`
	Step      int          `json:"step"`       // the step of the next cycle
	PerMember money.Amount `json:"per_member"` // its per-member limit; zero when suspended
	Reason    string       `json:"reason"`
}

// Next decides the next cycle's step from the current step and the records
// of the cycles so far (oldest first): own is the member's, group the whole
// group's; the Basis says which count (a list the basis ignores may be nil).
//
// The last cycle decides: a default suspends; lateness beyond LateDays
// takes OnLate; any other lateness, or more covers than allowed, holds; and
// UpAfter cycles in a row on time step up (at the top of the ladder, hold).
// With no cycle yet the step holds.
func (l Ladder) Next(step int, own, group []CycleRecord) (Next, error) {
	if err := l.Validate(); err != nil {
		return Next{}, err
	}
	if step < 0 || step >= len(l.Steps) {
		return Next{}, &PolicyError{Policy: "ladder", Field: "step", Reason: "step " + strconv.Itoa(step) + " is not on the ladder (0 to " + strconv.Itoa(len(l.Steps)-1) + ")"}
	}
	for _, rs := range [2][]CycleRecord{own, group} {
		for i, r := range rs {
			switch {
			case r.MaxDaysLate < 0:
				return Next{}, &RecordError{Index: i, Reason: "max days late cannot be negative"}
			case r.Covers < 0:
				return Next{}, &RecordError{Index: i, Reason: "covers cannot be negative"}
			}
		}
	}
	var move Move
	var reason string
	switch l.Basis {
	case OwnRecord:
		move, reason = l.decide(own, "the member's")
	case GroupRecord:
		move, reason = l.decide(group, "the group's")
	default:
		m1, r1 := l.decide(own, "the member's")
		m2, r2 := l.decide(group, "the group's")
		move, reason = m1, r1
		if m2.severity() > m1.severity() {
			move, reason = m2, r2
		}
	}
	n := Next{Move: move, Step: step, Reason: reason}
	switch move {
	case StepUp:
		if step == len(l.Steps)-1 {
			n.Move, n.Reason = Hold, reason+"; already at the top of the ladder"
		} else {
			n.Step++
		}
	case StepDown:
		if step == 0 {
			n.Move, n.Reason = Hold, reason+"; already at the first step"
		} else {
			n.Step--
		}
	}
	if n.Move != Suspend {
		n.PerMember = l.Steps[n.Step]
	}
	return n, nil
}

// decide is the move one list of records asks for.
func (l Ladder) decide(rs []CycleRecord, whose string) (Move, string) {
	if len(rs) == 0 {
		return Hold, "no cycle yet"
	}
	last := rs[len(rs)-1]
	switch {
	case last.Defaulted:
		return Suspend, whose + " last cycle defaulted"
	case last.MaxDaysLate > l.LateDays:
		if l.OnLate == StepBack {
			return StepDown, whose + " last cycle was " + strconv.Itoa(last.MaxDaysLate) + " days late, beyond " + strconv.Itoa(l.LateDays)
		}
		return Hold, whose + " last cycle was " + strconv.Itoa(last.MaxDaysLate) + " days late, beyond " + strconv.Itoa(l.LateDays)
	case last.MaxDaysLate > 0:
		return Hold, whose + " last cycle was " + strconv.Itoa(last.MaxDaysLate) + " days late"
	case last.Covers > l.CoversAllowed:
		return Hold, whose + " last cycle needed " + strconv.Itoa(last.Covers) + " covers, more than " + strconv.Itoa(l.CoversAllowed) + " allowed"
	}
	need := max(l.UpAfter, 1)
	if len(rs) < need {
		return Hold, whose + " " + strconv.Itoa(len(rs)) + " cycles on time of the " + strconv.Itoa(need) + " needed to step up"
	}
	for i, r := range rs[len(rs)-need:] {
		if !r.OnTime() || r.Covers > l.CoversAllowed {
			return Hold, whose + " cycles on time in a row: " + strconv.Itoa(need-1-i) + " of the " + strconv.Itoa(need) + " needed to step up"
		}
	}
	if need == 1 {
		return StepUp, whose + " last cycle was repaid on time"
	}
	return StepUp, whose + " last " + strconv.Itoa(need) + " cycles were repaid on time"
}

// Waves is staggered disbursement: how many members receive their loan in
// each wave. The zero Waves disburses to everyone at once; Grameen returns
// the 2-2-1 pattern.
type Waves struct {
	// Sizes are the members per wave, in order; the last wave takes anyone
	// left over, and waves stop when members run out.
	Sizes []int `json:"sizes,omitempty"`
	// LeaderLast keeps the leader for the last wave (Grameen: the chair
	// receives last).
	LeaderLast bool `json:"leader_last,omitempty"`
}

// Grameen is the Grameen Bank's stagger: two members first, two more once
// they repay well, the leader last.
func Grameen() Waves { return Waves{Sizes: []int{2, 2, 1}, LeaderLast: true} }

// Plan assigns the members of g to waves. Members named in priority come
// first, in that order (the neediest, as the group decides); the others
// follow by ID; with LeaderLast the leader goes to the end.
func (w Waves) Plan(g Group, priority []members.ID) ([][]members.ID, error) {
	for i, s := range w.Sizes {
		if s < 1 {
			return nil, &PolicyError{Policy: "waves", Field: "sizes", Reason: "wave " + strconv.Itoa(i+1) + " has " + strconv.Itoa(s) + " members; each wave needs at least 1"}
		}
	}
	order := make([]members.ID, 0, g.Size())
	for _, m := range priority {
		if !g.Has(m) {
			return nil, &MemberError{Group: g.id, Member: m, Role: "wave priority"}
		}
		if slices.Contains(order, m) {
			return nil, &DuplicateError{What: "member", Key: string(m)}
		}
		order = append(order, m)
	}
	for _, c := range g.members {
		if !slices.Contains(order, c.Member) {
			order = append(order, c.Member)
		}
	}
	if len(order) == 0 {
		return [][]members.ID{}, nil
	}
	if i := slices.Index(order, g.leader); w.LeaderLast && len(w.Sizes) > 1 && i >= 0 {
		order = append(slices.Delete(order, i, i+1), g.leader)
	}
	if len(w.Sizes) == 0 {
		return [][]members.ID{order}, nil
	}
	var out [][]members.ID
	for i, s := range w.Sizes {
		if len(order) == 0 {
			break
		}
		if i == len(w.Sizes)-1 {
			s = len(order)
		}
		s = min(s, len(order))
		out = append(out, order[:s:s])
		order = order[s:]
	}
	return out, nil
}

// word is names[v], or what(v) for a value without a name.
func word(names []string, v int, what string) string {
	if v >= 0 && v < len(names) {
		return names[v]
	}
	return what + "(" + strconv.Itoa(v) + ")"
}
