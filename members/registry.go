package members

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/ip2p/koperasi/calendar"
)

// Registry is the koperasi's list of members: add, update, resign, and
// lookups by ID, household and RW. Every list it returns is ordered by member
// ID. A change is validated completely first; a refused change leaves the
// registry as it was.
//
// The zero Registry is empty and ready to use. A Registry is not safe for
// concurrent use; Savings (and the root Book) serialise access to it.
type Registry struct {
	byID      map[ID]*Member // never changed in place: a change stores a new record, so Savings's log can share them
	byNIK     map[NIK]ID
	ids       []ID // sorted
	household map[string][]ID
	rw        map[int][]ID
}

// Len is the number of members, resigned ones included.
func (r *Registry) Len() int { return len(r.ids) }

// Member returns the member with the ID, or a *MemberError wrapping
// ErrNotFound.
func (r *Registry) Member(id ID) (Member, error) {
	m, ok := r.byID[id]
	if !ok {
		return Member{}, notFound(id)
	}
	return *m, nil
}

// record is the member's record, not to be changed.
func (r *Registry) record(id ID) (*Member, bool) {
	m, ok := r.byID[id]
	return m, ok
}

func notFound(id ID) error {
	return &MemberError{Member: id, Field: "id", Reason: "no member with this ID is registered", Err: ErrNotFound}
}

// Members returns every member, ordered by ID.
func (r *Registry) Members() []Member { return r.collect(r.ids) }

// ByHousehold returns the members whose HouseholdKey is key, ordered by ID.
func (r *Registry) ByHousehold(key string) []Member { return r.collect(r.household[key]) }

// ByRW returns the members living in RW rw, ordered by ID. RW numbers repeat
// between villages; a koperasi that spans villages filters on
// Address.Village as well.
func (r *Registry) ByRW(rw int) []Member { return r.collect(r.rw[rw]) }

func (r *Registry) collect(ids []ID) []Member {
	out := make([]Member, len(ids))
	for i, id := range ids {
		out[i] = *r.byID[id]
	}
	return out
}

// Add registers a new member. The record must pass Validate, must not be
// Resigned, and its ID and NIK must be new (ErrDuplicate otherwise).
func (r *Registry) Add(m Member) error {
	if err := r.checkAdd(m); err != nil {
		return err
	}
	r.put(&m)
	return nil
}

func (r *Registry) checkAdd(m Member) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if m.Status == Resigned {
		return &MemberError{Member: m.ID, Field: "status", Reason: "a new member cannot be registered as resigned", Err: ErrInvalidMember}
	}
	if _, ok := r.byID[m.ID]; ok {
		return &MemberError{Member: m.ID, Field: "id", Reason: "this member ID is already registered", Err: ErrDuplicate}
	}
	if other, ok := r.byNIK[m.NIK]; ok {
		return &MemberError{Member: m.ID, Field: "nik", Reason: "NIK " + string(m.NIK) + " is already registered to member " + string(other), Err: ErrDuplicate}
	}
	return nil
}

// Update replaces a member's record. The member must exist (ErrNotFound),
// the new record must pass Validate, its NIK must not belong to another
// member (ErrDuplicate), and the status may only stay or go from Prospective
// to Active (admission). Resignation goes through Resign, which sets the
// date; a resigned member's record may still be corrected.
func (r *Registry) Update(m Member) error {
	if err := r.checkUpdate(m); err != nil {
		return err
	}
	r.remove(m.ID)
	r.put(&m)
	return nil
}

func (r *Registry) checkUpdate(m Member) error {
	old, ok := r.byID[m.ID]
	if !ok {
		return notFound(m.ID)
	}
	if err := m.Validate(); err != nil {
		return err
	}
	if other, ok := r.byNIK[m.NIK]; ok && other != m.ID {
		return &MemberError{Member: m.ID, Field: "nik", Reason: "NIK " + string(m.NIK) + " is already registered to member " + string(other), Err: ErrDuplicate}
	}
	switch {
	case old.Status == m.Status && old.Left == m.Left:
	case old.Status == Prospective && m.Status == Active:
	case m.Status == Resigned:
		return &MemberError{Member: m.ID, Field: "status", Reason: "resign a member with Resign, which checks obligations and sets the date", Err: ErrInvalidMember}
	default:
		return &MemberError{Member: m.ID, Field: "status", Reason: "a member cannot go from " + old.Status.String() + " to " + m.Status.String(), Err: ErrInvalidMember}
	}
	return nil
}

// Resign marks a member as resigned on the date. It only changes the
// registry; Savings.Resign also checks obligations and pays savings back,
// and is what a koperasi normally calls.
func (r *Registry) Resign(id ID, on calendar.Date) error {
	m, err := r.checkResign(id, on)
	if err != nil {
		return err
	}
	r.byID[id] = &m
	return nil
}

func (r *Registry) checkResign(id ID, on calendar.Date) (Member, error) {
	p, ok := r.byID[id]
	if !ok {
		return Member{}, notFound(id)
	}
	m := *p
	if m.Status == Resigned {
		return Member{}, &MemberError{Member: id, Field: "status", Reason: "already resigned on " + m.Left.String(), Err: ErrInvalidMember}
	}
	if on.IsZero() || on.Before(m.Joined) {
		return Member{}, &MemberError{Member: id, Field: "left", Reason: "the resignation date must be given and not before the date joined " + m.Joined.String(), Err: ErrInvalidMember}
	}
	m.Status, m.Left = Resigned, on
	return m, nil
}

// put stores m, which no one may change afterwards.
func (r *Registry) put(m *Member) {
	if r.byID == nil {
		r.byID, r.byNIK = map[ID]*Member{}, map[NIK]ID{}
		r.household, r.rw = map[string][]ID{}, map[int][]ID{}
	}
	r.byID[m.ID] = m
	r.byNIK[m.NIK] = m.ID
	r.ids = insertSorted(r.ids, m.ID)
	h := m.HouseholdKey()
	r.household[h] = insertSorted(r.household[h], m.ID)
	r.rw[m.Address.RW] = insertSorted(r.rw[m.Address.RW], m.ID)
}

func (r *Registry) remove(id ID) {
	m, ok := r.byID[id]
	if !ok {
		return
	}
	delete(r.byID, id)
	delete(r.byNIK, m.NIK)
	r.ids = removeSorted(r.ids, id)
	h := m.HouseholdKey()
	if r.household[h] = removeSorted(r.household[h], id); len(r.household[h]) == 0 {
		delete(r.household, h)
	}
	if r.rw[m.Address.RW] = removeSorted(r.rw[m.Address.RW], id); len(r.rw[m.Address.RW]) == 0 {
		delete(r.rw, m.Address.RW)
	}
}

func insertSorted(s []ID, id ID) []ID {
	i, found := slices.BinarySearch(s, id)
	if found {
		return s
	}
	return slices.Insert(s, i, id)
}

func removeSorted(s []ID, id ID) []ID {
	if i, found := slices.BinarySearch(s, id); found {
		return slices.Delete(s, i, i+1)
	}
	return s
}

type registryJSON struct {
	Members []Member `json:"members"`
}

// MarshalJSON writes {"members": [...]} ordered by ID, so that two equal
// registries give the same bytes.
func (r *Registry) MarshalJSON() ([]byte, error) {
	return json.Marshal(registryJSON{Members: r.Members()})
}

// UnmarshalJSON replaces the registry with the members in data. Every record
// is validated as Add and Update would (a resigned member is accepted with
// its date), IDs and NIKs must be unique, and unknown fields are refused; on
// any error the registry is unchanged.
func (r *Registry) UnmarshalJSON(data []byte) error {
	var v registryJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return &MemberError{Reason: "cannot read the registry: " + err.Error(), Err: ErrInvalidMember}
	}
	var fresh Registry
	for _, m := range v.Members {
		status, left := m.Status, m.Left
		if status == Resigned {
			// Add refuses resigned records; admit, then resign, checking both.
			m.Status, m.Left = Active, calendar.Date{}
		}
		if err := fresh.Add(m); err != nil {
			return err
		}
		if status == Resigned {
			if err := fresh.Resign(m.ID, left); err != nil {
				return err
			}
		}
	}
	*r = fresh
	return nil
}
