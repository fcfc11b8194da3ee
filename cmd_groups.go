package koperasi

import (
	"fmt"
	"strconv"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/members"
)

// FormGroups forms peer-borrower groups by proximity from the members
// given (groups.Form under the configured policy). Every member must be an
// eligible borrower on the date. The groups are named Prefix1, Prefix2, ...
// in the order formation returns them (by their first member's ID); each
// starts active with its first member (by ID) as leader, until AppointLeader
// names another. Members formation could not place are listed in the
// receipt's warnings.
type FormGroups struct {
	Op
	Members []members.ID `json:"members"`
	Prefix  string       `json:"prefix"`
}

func (FormGroups) kind() string { return "group.form" }

func (c FormGroups) exec(b *Book) (Receipt, error) {
	if c.Prefix == "" {
		return Receipt{}, fmt.Errorf("%w: a prefix names the new groups", ErrInvalid)
	}
	cands, err := b.newGroupCandidates(c.Members, c.Date)
	if err != nil {
		return Receipt{}, err
	}
	f, err := groups.Form(cands, b.cfg.Groups)
	if err != nil {
		return Receipt{}, err
	}
	made := make([]groups.Group, 0, len(f.Groups))
	var r Receipt
	for i, p := range f.Groups {
		id := groups.ID(c.Prefix + strconv.Itoa(i+1))
		if _, dup := b.st.groups[id]; dup {
			return Receipt{}, fmt.Errorf("%w: group %s exists", ErrDuplicate, id)
		}
		g, err := groups.New(id, p.Members, p.Members[0].Member, b.cfg.Groups)
		if err != nil {
			return Receipt{}, err
		}
		if g, err = g.Activate(); err != nil {
			return Receipt{}, err
		}
		made = append(made, g)
		r.Refs = append(r.Refs, string(id))
	}
	for _, u := range f.Unplaced {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s not placed: %s", u.Candidate.Member, u.Message))
	}
	for _, g := range made {
		b.addGroup(g)
	}
	return r, nil
}

// CreateGroup makes a group of the members given, as the koperasi composed
// it by hand, with its leader. The group rules (size, households, RW) and
// borrower eligibility are checked.
type CreateGroup struct {
	Op
	Group   groups.ID    `json:"group"`
	Members []members.ID `json:"members"`
	Leader  members.ID   `json:"leader"`
}

func (CreateGroup) kind() string { return "group.create" }

func (c CreateGroup) exec(b *Book) (Receipt, error) {
	if _, dup := b.st.groups[c.Group]; dup {
		return Receipt{}, fmt.Errorf("%w: group %s exists", ErrDuplicate, c.Group)
	}
	cands, err := b.newGroupCandidates(c.Members, c.Date)
	if err != nil {
		return Receipt{}, err
	}
	g, err := groups.New(c.Group, cands, c.Leader, b.cfg.Groups)
	if err != nil {
		return Receipt{}, err
	}
	if g, err = g.Activate(); err != nil {
		return Receipt{}, err
	}
	b.addGroup(g)
	return Receipt{Refs: []string{string(c.Group)}}, nil
}

// AppointLeader names a group member as its leader (ketua kelompok).
type AppointLeader struct {
	Op
	Group  groups.ID  `json:"group"`
	Member members.ID `json:"member"`
}

func (AppointLeader) kind() string { return "group.appoint_leader" }

func (c AppointLeader) exec(b *Book) (Receipt, error) {
	return Receipt{}, b.changeGroup(c.Group, func(g groups.Group) (groups.Group, error) { return g.WithLeader(c.Member) })
}

// changeGroup replaces a group by what change makes of it, or changes
// nothing.
func (b *Book) changeGroup(id groups.ID, change func(groups.Group) (groups.Group, error)) error {
	gr, err := b.group(id)
	if err != nil {
		return err
	}
	g, err := change(gr.g)
	if err != nil {
		return err
	}
	gr.g = g
	return nil
}

// AppointSupervisor seats a lender in a group as supervisor (pengawas). The
// lender must be an active member and not a borrower of the group.
type AppointSupervisor struct {
	Op
	Group  groups.ID  `json:"group"`
	Lender members.ID `json:"lender"`
}

func (AppointSupervisor) kind() string { return "group.appoint_supervisor" }

func (c AppointSupervisor) exec(b *Book) (Receipt, error) {
	m, err := b.st.sav.Member(c.Lender)
	if err != nil {
		return Receipt{}, err
	}
	if m.Status != members.Active {
		return Receipt{}, fmt.Errorf("%w: supervisor %s is %s, not an active member", ErrInvalid, c.Lender, m.Status)
	}
	return Receipt{}, b.changeGroup(c.Group, func(g groups.Group) (groups.Group, error) { return g.Appoint(c.Lender) })
}

// group returns a group's record.
func (b *Book) group(id groups.ID) (*groupRec, error) {
	gr, ok := b.st.groups[id]
	if !ok {
		return nil, fmt.Errorf("%w: group %q", ErrNotFound, id)
	}
	return gr, nil
}

// newGroupCandidates checks that the members may borrow on d and belong to
// no group yet, and returns them as formation candidates.
func (b *Book) newGroupCandidates(ids []members.ID, d calendar.Date) ([]groups.Candidate, error) {
	cands := make([]groups.Candidate, 0, len(ids))
	for _, id := range ids {
		cand, err := b.borrowerCandidate(id, d)
		if err != nil {
			return nil, err
		}
		cands = append(cands, cand)
	}
	return cands, b.notGrouped(ids)
}

// borrowerCandidate checks that a member may borrow on d and returns it as a
// formation candidate.
func (b *Book) borrowerCandidate(id members.ID, d calendar.Date) (groups.Candidate, error) {
	m, err := b.st.sav.Member(id)
	if err != nil {
		return groups.Candidate{}, err
	}
	pos, err := b.st.sav.Position(id, d)
	if err != nil {
		return groups.Candidate{}, err
	}
	if err := b.cfg.Borrower.Eligible(m, pos, b.openLoans(id), d); err != nil {
		return groups.Candidate{}, err
	}
	return groups.CandidateOf(m)
}

// notGrouped refuses members who already belong to a group, and members
// listed twice. (The Book has no command that closes a group or moves a
// member out of one, so membership is for good.)
func (b *Book) notGrouped(ids []members.ID) error {
	seen := make(map[members.ID]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			return fmt.Errorf("%w: member %s listed twice", ErrDuplicate, id)
		}
		seen[id] = true
		if g, ok := b.st.memberOf[id]; ok {
			return fmt.Errorf("%w: member %s already belongs to group %s", ErrDuplicate, id, g)
		}
	}
	return nil
}

// addGroup records a new group and its members.
func (b *Book) addGroup(g groups.Group) {
	b.st.groups[g.ID()] = &groupRec{g: g}
	for _, id := range g.IDs() {
		b.st.memberOf[id] = g.ID()
	}
}

// groupOf returns the group a member belongs to.
func (b *Book) groupOf(id members.ID) (groups.ID, bool) {
	g, ok := b.st.memberOf[id]
	return g, ok
}
