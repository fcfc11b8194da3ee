package groups

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/ip2p/koperasi/members"
)

// ID names a group within a koperasi, e.g. "MKM-08-1". It is opaque to the
// library.
type ID string

// Status is where a group stands. The zero Status is Forming.
type Status uint8

// Statuses.
const (
	Forming   Status = iota // proposed or being completed; no cycle yet
	Active                  // may open cycles and borrow
	Suspended               // after a default: no new cycle until resumed
	Closed                  // dissolved; nothing more can change
)

var statusNames = [...]string{"forming", "active", "suspended", "closed"}

// String is the status word.
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText writes the status word.
func (s Status) MarshalText() ([]byte, error) { return marshalWord("status", statusNames[:], int(s)) }

// UnmarshalText reads the status word.
func (s *Status) UnmarshalText(b []byte) error {
	i, err := unmarshalWord("status", statusNames[:], b)
	*s = Status(i)
	return err
}

// Group is a peer-borrower group: its members, roles, status and whether a
// cycle (a round of loans) is open. It is an immutable value: every change
// returns a new Group, or an error and the group unchanged, so a Group can
// be shared freely. The zero Group is "no group".
//
// Roles: the leader (ketua) is always a member; the treasurer (bendahara),
// when there is one, is another member; supervisors (pengawas) are lenders
// who sit in the group and may not borrow in it.
type Group struct {
	id          ID
	status      Status
	policy      Policy
	members     []Candidate // sorted by member ID
	leader      members.ID
	treasurer   members.ID
	supervisors []members.ID // sorted
	cycleOpen   bool
}

// New returns a forming group of the given members under policy p, with
// leader as its ketua. The members must fit the policy: its sizes, one per
// household, its maximum distance and its RW rule. A Proposal's Members are
// ready for it.
func New(id ID, ms []Candidate, leader members.ID, p Policy) (Group, error) {
	g := Group{id: id, policy: p, members: slices.Clone(ms), leader: leader}
	slices.SortFunc(g.members, func(a, b Candidate) int { return cmp.Compare(a.Member, b.Member) })
	if err := g.validate(); err != nil {
		return Group{}, err
	}
	if minSize, _ := p.Sizes(); len(ms) < minSize {
		return Group{}, g.sizeErr("", "a group starts with at least "+strconv.Itoa(minSize)+" members, got "+strconv.Itoa(len(ms)))
	}
	return g, nil
}

// validate checks everything a group value must satisfy; members must be
// sorted.
func (g Group) validate() error {
	if err := g.policy.Validate(); err != nil {
		return err
	}
	if g.id == "" {
		return &RuleError{Rule: "id", Reason: "a group needs an ID"}
	}
	_, maxSize := g.policy.Sizes()
	if len(g.members) == 0 || len(g.members) > maxSize {
		return g.sizeErr("", "a group has 1 to "+strconv.Itoa(maxSize)+" members, got "+strconv.Itoa(len(g.members)))
	}
	for i, c := range g.members {
		if err := c.Validate(); err != nil {
			return err
		}
		if i > 0 && c.Member == g.members[i-1].Member {
			return &DuplicateError{What: "member", Key: string(c.Member)}
		}
		for _, o := range g.members[:i] {
			if err := g.policy.conflict(g.id, o, c); err != nil {
				return err
			}
		}
	}
	if g.status > Closed {
		return &RuleError{Group: g.id, Rule: "status", Reason: "unknown status " + g.status.String()}
	}
	if !g.Has(g.leader) {
		return &MemberError{Group: g.id, Member: g.leader, Role: "leader"}
	}
	if g.treasurer != "" {
		if !g.Has(g.treasurer) {
			return &MemberError{Group: g.id, Member: g.treasurer, Role: "treasurer"}
		}
		if g.treasurer == g.leader {
			return &RuleError{Group: g.id, Rule: "role", Member: g.leader, Reason: "the leader cannot also be the treasurer"}
		}
	}
	if len(g.supervisors) > g.policy.Supervisors() {
		return &RuleError{Group: g.id, Rule: "supervisor", Reason: "at most " + strconv.Itoa(g.policy.Supervisors()) + " supervisors, got " + strconv.Itoa(len(g.supervisors))}
	}
	for i, s := range g.supervisors {
		if err := g.supervisorFits(s); err != nil {
			return err
		}
		if i > 0 && s == g.supervisors[i-1] {
			return &DuplicateError{What: "supervisor", Key: string(s)}
		}
	}
	if g.cycleOpen && g.status != Active && g.status != Suspended {
		return &StateError{Group: g.id, Op: "keep a cycle open", Status: g.status}
	}
	return nil
}

// conflict reports two members that may not share a group under p.
func (p Policy) conflict(id ID, a, b Candidate) error {
	switch {
	case !p.SharedHouseholds && a.Household == b.Household:
		return &RuleError{Group: id, Rule: "household", Member: b.Member, Reason: "one member per household: " + strconv.Quote(string(a.Member)) + " is of the same household " + strconv.Quote(a.Household)}
	case !p.CrossRW && a.RW != b.RW:
		return &RuleError{Group: id, Rule: "rw", Member: b.Member, Reason: fmt.Sprintf("lives in RW %02d, the group in RW %02d; the policy keeps groups within one RW", b.RW, a.RW)}
	}
	if p.MaxDistance > 0 {
		if d, measured := Distance(a, b); measured && decimetres(a, b) > uint32(p.MaxDistance)*10 {
			return &RuleError{Group: id, Rule: "distance", Member: b.Member, Reason: "lives " + strconv.FormatInt(d, 10) + " m from " + strconv.Quote(string(a.Member)) + ", more than the policy's " + strconv.Itoa(p.MaxDistance) + " m"}
		}
	}
	return nil
}

func (g Group) sizeErr(m members.ID, reason string) error {
	return &RuleError{Group: g.id, Rule: "size", Member: m, Reason: reason}
}

func (g Group) supervisorFits(s members.ID) error {
	if s == "" {
		return &RuleError{Group: g.id, Rule: "supervisor", Reason: "a supervisor needs a member ID"}
	}
	if g.Has(s) {
		return &RuleError{Group: g.id, Rule: "supervisor", Member: s, Reason: "is a borrower in this group; a supervisor cannot borrow in the group they supervise"}
	}
	return nil
}

// ID is the group's ID.
func (g Group) ID() ID { return g.id }

// Status is the group's status.
func (g Group) Status() Status { return g.status }

// Policy is the policy the group's membership is checked against.
func (g Group) Policy() Policy { return g.policy }

// Size is the number of borrowing members.
func (g Group) Size() int { return len(g.members) }

// Members returns a copy of the members, sorted by ID.
func (g Group) Members() []Candidate { return slices.Clone(g.members) }

// IDs returns the members' IDs, sorted.
func (g Group) IDs() []members.ID {
	ids := make([]members.ID, len(g.members))
	for i, c := range g.members {
		ids[i] = c.Member
	}
	return ids
}

// Has reports whether m is a borrowing member of the group.
func (g Group) Has(m members.ID) bool { return g.index(m) >= 0 }

func (g Group) index(m members.ID) int {
	i, ok := slices.BinarySearchFunc(g.members, m, func(c Candidate, m members.ID) int { return cmp.Compare(c.Member, m) })
	if !ok {
		return -1
	}
	return i
}

// Leader is the ketua.
func (g Group) Leader() members.ID { return g.leader }

// Treasurer is the bendahara, or "" when the group has none.
func (g Group) Treasurer() members.ID { return g.treasurer }

// Supervisors returns a copy of the supervising lenders, sorted.
func (g Group) Supervisors() []members.ID { return slices.Clone(g.supervisors) }

// CycleOpen reports whether a cycle is open: members cannot join or leave.
func (g Group) CycleOpen() bool { return g.cycleOpen }

func (g Group) clone() Group {
	g.members = slices.Clone(g.members)
	g.supervisors = slices.Clone(g.supervisors)
	return g
}

func (g Group) notClosed(op string) error {
	if g.id == "" {
		return &StateError{Op: op + " (the zero Group is no group; make one with New)", Status: g.status}
	}
	if g.status == Closed {
		return &StateError{Group: g.id, Op: op, Status: g.status}
	}
	return nil
}

func (g Group) betweenCycles(op string) error {
	if err := g.notClosed(op); err != nil {
		return err
	}
	if g.cycleOpen {
		return &StateError{Group: g.id, Op: op, Status: g.status, CycleOpen: true}
	}
	return nil
}

// WithLeader makes member m the leader.
func (g Group) WithLeader(m members.ID) (Group, error) {
	if err := g.notClosed("change the leader"); err != nil {
		return g, err
	}
	switch {
	case !g.Has(m):
		return g, &MemberError{Group: g.id, Member: m, Role: "leader"}
	case m == g.treasurer:
		return g, &RuleError{Group: g.id, Rule: "role", Member: m, Reason: "is the treasurer; appoint another treasurer first"}
	}
	n := g.clone()
	n.leader = m
	return n, nil
}

// WithTreasurer makes member m the treasurer.
func (g Group) WithTreasurer(m members.ID) (Group, error) {
	if err := g.notClosed("change the treasurer"); err != nil {
		return g, err
	}
	switch {
	case !g.Has(m):
		return g, &MemberError{Group: g.id, Member: m, Role: "treasurer"}
	case m == g.leader:
		return g, &RuleError{Group: g.id, Rule: "role", Member: m, Reason: "is the leader; the leader cannot also be the treasurer"}
	}
	n := g.clone()
	n.treasurer = m
	return n, nil
}

// WithoutTreasurer leaves the group without a treasurer.
func (g Group) WithoutTreasurer() (Group, error) {
	if err := g.notClosed("remove the treasurer"); err != nil {
		return g, err
	}
	n := g.clone()
	n.treasurer = ""
	return n, nil
}

// Join adds candidate c between cycles. The group must have room (the
// policy's maximum), and c must fit it: not a supervisor of the group, one
// member per household, the distance and RW rules.
func (g Group) Join(c Candidate) (Group, error) {
	if err := g.betweenCycles("add a member"); err != nil {
		return g, err
	}
	if err := g.canJoin(c, ""); err != nil {
		return g, err
	}
	if _, maxSize := g.policy.Sizes(); len(g.members) >= maxSize {
		return g, g.sizeErr(c.Member, "the group is full at "+strconv.Itoa(maxSize)+" members")
	}
	n := g.clone()
	i, _ := slices.BinarySearchFunc(n.members, c.Member, func(x Candidate, m members.ID) int { return cmp.Compare(x.Member, m) })
	n.members = slices.Insert(n.members, i, c)
	return n, nil
}

// canJoin checks c against the members other than skip.
func (g Group) canJoin(c Candidate, skip members.ID) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if g.Has(c.Member) && c.Member != skip {
		return &DuplicateError{What: "member", Key: string(c.Member)}
	}
	if slices.Contains(g.supervisors, c.Member) {
		return &RuleError{Group: g.id, Rule: "supervisor", Member: c.Member, Reason: "supervises this group; a supervisor cannot borrow in the group they supervise"}
	}
	for _, o := range g.members {
		if o.Member == skip {
			continue
		}
		if err := g.policy.conflict(g.id, o, c); err != nil {
			return err
		}
	}
	return nil
}

// Leave removes member m between cycles. The leader and the treasurer hand
// over their role first. A group left below the policy's minimum stays as it
// is but cannot open a cycle until it is complete again (see Replace to swap
// a member in one step).
func (g Group) Leave(m members.ID) (Group, error) {
	if err := g.betweenCycles("let a member leave"); err != nil {
		return g, err
	}
	if err := g.canLeave(m); err != nil {
		return g, err
	}
	n := g.clone()
	n.members = slices.Delete(n.members, g.index(m), g.index(m)+1)
	return n, nil
}

func (g Group) canLeave(m members.ID) error {
	switch {
	case !g.Has(m):
		return &MemberError{Group: g.id, Member: m, Role: "leaving"}
	case m == g.leader:
		return &RuleError{Group: g.id, Rule: "role", Member: m, Reason: "is the leader; make another member leader first"}
	case m == g.treasurer:
		return &RuleError{Group: g.id, Rule: "role", Member: m, Reason: "is the treasurer; appoint another treasurer or remove the role first"}
	}
	return nil
}

// Replace lets member out leave and candidate in join in one step, between
// cycles, so that a group of exact size can change a member.
func (g Group) Replace(out members.ID, in Candidate) (Group, error) {
	if err := g.betweenCycles("replace a member"); err != nil {
		return g, err
	}
	if err := g.canLeave(out); err != nil {
		return g, err
	}
	if in.Member == out {
		return g, &DuplicateError{What: "member", Key: string(in.Member)}
	}
	if err := g.canJoin(in, out); err != nil {
		return g, err
	}
	n := g.clone()
	n.members[g.index(out)] = in
	slices.SortFunc(n.members, func(a, b Candidate) int { return cmp.Compare(a.Member, b.Member) })
	return n, nil
}

// Appoint makes lender s a supervisor (pengawas) of the group. A borrower of
// the group cannot supervise it, and the policy bounds how many supervisors
// a group has.
func (g Group) Appoint(s members.ID) (Group, error) {
	if err := g.notClosed("appoint a supervisor"); err != nil {
		return g, err
	}
	if err := g.supervisorFits(s); err != nil {
		return g, err
	}
	i, found := slices.BinarySearch(g.supervisors, s)
	if found {
		return g, &DuplicateError{What: "supervisor", Key: string(s)}
	}
	if len(g.supervisors) >= g.policy.Supervisors() {
		return g, &RuleError{Group: g.id, Rule: "supervisor", Member: s, Reason: "the group already has " + strconv.Itoa(len(g.supervisors)) + " supervisors, the policy's maximum"}
	}
	n := g.clone()
	n.supervisors = slices.Insert(n.supervisors, i, s)
	return n, nil
}

// Dismiss removes supervisor s.
func (g Group) Dismiss(s members.ID) (Group, error) {
	if err := g.notClosed("remove a supervisor"); err != nil {
		return g, err
	}
	i, found := slices.BinarySearch(g.supervisors, s)
	if !found {
		return g, &MemberError{Group: g.id, Member: s, Role: "supervisor"}
	}
	n := g.clone()
	n.supervisors = slices.Delete(n.supervisors, i, i+1)
	return n, nil
}

// Activate lets a forming group borrow; it needs the policy's minimum
// number of members.
func (g Group) Activate() (Group, error) {
	if g.status != Forming {
		return g, &StateError{Group: g.id, Op: "activate (only a forming group can)", Status: g.status}
	}
	if minSize, _ := g.policy.Sizes(); len(g.members) < minSize {
		return g, g.sizeErr("", "the group needs at least "+strconv.Itoa(minSize)+" members to start, it has "+strconv.Itoa(len(g.members)))
	}
	n := g.clone()
	n.status = Active
	return n, nil
}

// Suspend stops an active group from opening cycles, typically after a
// default. An open cycle stays open so that it can be collected.
func (g Group) Suspend() (Group, error) {
	if g.status != Active {
		return g, &StateError{Group: g.id, Op: "suspend (only an active group can be)", Status: g.status}
	}
	n := g.clone()
	n.status = Suspended
	return n, nil
}

// Resume makes a suspended group active again.
func (g Group) Resume() (Group, error) {
	if g.status != Suspended {
		return g, &StateError{Group: g.id, Op: "resume (only a suspended group can be)", Status: g.status}
	}
	n := g.clone()
	n.status = Active
	return n, nil
}

// Close dissolves the group; its cycle must be closed first.
func (g Group) Close() (Group, error) {
	if err := g.betweenCycles("close the group"); err != nil {
		return g, err
	}
	n := g.clone()
	n.status = Closed
	return n, nil
}

// OpenCycle starts a cycle: the group must be active, with no cycle open and
// with a size the policy allows. Membership is fixed until CloseCycle.
func (g Group) OpenCycle() (Group, error) {
	if g.status != Active {
		return g, &StateError{Group: g.id, Op: "open a cycle (the group must be active)", Status: g.status}
	}
	if g.cycleOpen {
		return g, &StateError{Group: g.id, Op: "open another cycle", Status: g.status, CycleOpen: true}
	}
	if minSize, _ := g.policy.Sizes(); len(g.members) < minSize {
		return g, g.sizeErr("", "the group needs at least "+strconv.Itoa(minSize)+" members to open a cycle, it has "+strconv.Itoa(len(g.members)))
	}
	n := g.clone()
	n.cycleOpen = true
	return n, nil
}

// CloseCycle ends the open cycle.
func (g Group) CloseCycle() (Group, error) {
	if !g.cycleOpen {
		return g, &StateError{Group: g.id, Op: "close a cycle (none is open)", Status: g.status}
	}
	n := g.clone()
	n.cycleOpen = false
	return n, nil
}

type groupJSON struct {
	ID          ID           `json:"id"`
	Status      Status       `json:"status"`
	Policy      Policy       `json:"policy"`
	Members     []Candidate  `json:"members"`
	Leader      members.ID   `json:"leader"`
	Treasurer   members.ID   `json:"treasurer,omitempty"`
	Supervisors []members.ID `json:"supervisors,omitempty"`
	CycleOpen   bool         `json:"cycle_open,omitempty"`
}

// MarshalJSON writes the group as an object.
func (g Group) MarshalJSON() ([]byte, error) {
	if g.id == "" && len(g.members) == 0 {
		return []byte("null"), nil
	}
	return json.Marshal(groupJSON{g.id, g.status, g.policy, g.members, g.leader, g.treasurer, g.supervisors, g.cycleOpen})
}

// UnmarshalJSON reads what MarshalJSON writes and checks every rule a Group
// keeps; a group read may be below the policy's minimum (a member left).
func (g *Group) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*g = Group{}
		return nil
	}
	var j groupJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	n := Group{id: j.ID, status: j.Status, policy: j.Policy, members: j.Members, leader: j.Leader, treasurer: j.Treasurer, supervisors: j.Supervisors, cycleOpen: j.CycleOpen}
	slices.SortFunc(n.members, func(a, b Candidate) int { return cmp.Compare(a.Member, b.Member) })
	slices.Sort(n.supervisors)
	if err := n.validate(); err != nil {
		return err
	}
	*g = n
	return nil
}
