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
//
// Lookups by household and RW scan the members: they are rare queries,
// while every registration would pay for keeping indexes of them.
type Registry struct {
	byID  map[ID]entry
	byNIK map[NIK]ID
	ids   []ID // sorted
}

// entry is what the registry keeps of a member: the record, never changed
// in place (a change stores a new record, so Savings's log can share
// them), and the member's savings book when a Savings keeps the registry,
// so that one lookup finds both.
type entry struct {
	rec *Member
	b   *book
}

// Len is the number of members, resigned ones included.
func (r *Registry) Len() int { return len(r.ids) }

// Member returns the member with the ID, or a *MemberError wrapping
// ErrNotFound.
func (r *Registry) Member(id ID) (Member, error) {
	e, ok := r.byID[id]
	if !ok {
		return Member{}, notFound(id)
	}
	return *e.rec, nil
}

func notFound(id ID) error {
	return &MemberError{Member: id, Field: "id", Reason: "no member with this ID is registered", Err: ErrNotFound}
}

// Members returns every member, ordered by ID.
func (r *Registry) Members() []Member { return r.collect(r.ids) }

// ByHousehold returns the members whose HouseholdKey is key, ordered by ID.
func (r *Registry) ByHousehold(key string) []Member {
	return r.filter(func(m *Member) bool { return m.HouseholdKey() == key })
}

// ByRW returns the members living in RW rw, ordered by ID. RW numbers repeat
// between villages; a koperasi that spans villages filters on
// Address.Village as well.
func (r *Registry) ByRW(rw int) []Member {
	return r.filter(func(m *Member) bool { return m.Address.RW == rw })
}

func (r *Registry) collect(ids []ID) []Member {
	out := make([]Member, len(ids))
	for i, id := range ids {
		out[i] = *r.byID[id].rec
	}
	return out
}

// filter returns the members that keep, ordered by ID; never nil.
func (r *Registry) filter(keep func(*Member) bool) []Member {
	out := []Member{}
	for _, id := range r.ids {
		if m := r.byID[id].rec; keep(m) {
			out = append(out, *m)
		}
	}
	return out
}

// Add registers a new member. The record must pass Validate, must not be
// Resigned, and its ID and NIK must be new (ErrDuplicate otherwise).
func (r *Registry) Add(m Member) error {
	if err := r.checkAdd(m); err != nil {
		return err
	}
	r.put(&m, nil)
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
	r.replace(&m)
	return nil
}

func (r *Registry) checkUpdate(m Member) error {
	e, ok := r.byID[m.ID]
	if !ok {
		return notFound(m.ID)
	}
	old := e.rec
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
	r.replace(&m)
	return nil
}

func (r *Registry) checkResign(id ID, on calendar.Date) (Member, error) {
	e, ok := r.byID[id]
	if !ok {
		return Member{}, notFound(id)
	}
	m := *e.rec
	if m.Status == Resigned {
		return Member{}, &MemberError{Member: id, Field: "status", Reason: "already resigned on " + m.Left.String(), Err: ErrInvalidMember}
	}
	if on.IsZero() || on.Before(m.Joined) {
		return Member{}, &MemberError{Member: id, Field: "left", Reason: "the resignation date must be given and not before the date joined " + m.Joined.String(), Err: ErrInvalidMember}
	}
	m.Status, m.Left = Resigned, on
	return m, nil
}

// put stores m, which no one may change afterwards, for a new member whose
// savings book is b (nil for a registry on its own).
func (r *Registry) put(m *Member, b *book) {
	if r.byID == nil {
		r.byID, r.byNIK = map[ID]entry{}, map[NIK]ID{}
	}
	r.byID[m.ID] = entry{rec: m, b: b}
	r.byNIK[m.NIK] = m.ID
	r.ids = insertSorted(r.ids, m.ID)
}

// replace stores m, which no one may change afterwards, as the new record
// of a member already registered.
func (r *Registry) replace(m *Member) {
	e := r.byID[m.ID]
	if old := e.rec; old.NIK != m.NIK {
		delete(r.byNIK, old.NIK)
		r.byNIK[m.NIK] = m.ID
	}
	e.rec = m
	r.byID[m.ID] = e
}

func insertSorted(s []ID, id ID) []ID {
	if len(s) == 0 || s[len(s)-1] < id { // member numbers are mostly given in order
		return append(s, id)
	}
	i, found := slices.BinarySearch(s, id)
	if found {
		return s
	}
	return slices.Insert(s, i, id)
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
