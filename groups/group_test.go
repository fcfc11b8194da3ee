package groups

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/members"
)

// pilotGroup is the first Mekarmukti group: MKM-01..05, MKM-01 leading.
func pilotGroup(t *testing.T) Group {
	t.Helper()
	g, err := New("MKM-08-1", mekarmukti()[:5], "MKM-01", Policy{})
	require.NoError(t, err)
	return g
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestNew(t *testing.T) {
	g := pilotGroup(t)
	require.Equal(t, ID("MKM-08-1"), g.ID())
	require.Equal(t, Forming, g.Status())
	require.Equal(t, 5, g.Size())
	require.Equal(t, members.ID("MKM-01"), g.Leader())
	require.Equal(t, members.ID(""), g.Treasurer())
	require.Empty(t, g.Supervisors())
	require.Equal(t, []members.ID{"MKM-01", "MKM-02", "MKM-03", "MKM-04", "MKM-05"}, g.IDs())
	require.True(t, g.Has("MKM-03"))
	require.False(t, g.Has("MKM-06"))

	// a formation proposal makes a group directly
	f, err := Form(mekarmukti(), Policy{})
	require.NoError(t, err)
	for i, p := range f.Groups {
		_, err := New(ID("G"+string(rune('1'+i))), p.Members, p.Members[0].Member, Policy{})
		require.NoError(t, err)
	}

	cs := mekarmukti()
	sameHousehold := cs[1]
	sameHousehold.Member = "MKM-99"
	far := cs[1]
	far.Member, far.Household, far.Location = "MKM-98", "far", members.Coordinates{Lat: -6_880_000, Lon: 107_456_000}
	otherRW := cs[1]
	otherRW.Member, otherRW.Household, otherRW.RW = "MKM-97", "rw", 7
	tests := []struct {
		name   string
		id     ID
		ms     []Candidate
		leader members.ID
		p      Policy
		want   error
	}{
		{"no ID", "", cs[:5], "MKM-01", Policy{}, ErrRule},
		{"leader not a member", "G", cs[:5], "MKM-06", Policy{}, ErrNotMember},
		{"too few", "G", cs[:4], "MKM-01", Policy{}, ErrRule},
		{"too many", "G", cs[:6], "MKM-01", Policy{}, ErrRule},
		{"same household", "G", append(cs[:4:4], sameHousehold), "MKM-01", Policy{}, ErrRule},
		{"too far", "G", append(cs[:4:4], far), "MKM-01", Policy{MaxDistance: 300}, ErrRule},
		{"other RW", "G", append(cs[:4:4], otherRW), "MKM-01", Policy{}, ErrRule},
		{"twice", "G", append(cs[:4:4], cs[0]), "MKM-01", Policy{}, ErrDuplicate},
		{"invalid candidate", "G", append(cs[:4:4], Candidate{Member: "X", RT: 1, RW: 8}), "MKM-01", Policy{}, ErrInvalidCandidate},
		{"invalid policy", "G", cs[:5], "MKM-01", Policy{MinSize: 6, MaxSize: 5}, ErrInvalidPolicy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.id, tt.ms, tt.leader, tt.p)
			require.ErrorIs(t, err, tt.want)
		})
	}
	_, err = New("G", append(cs[:4:4], far), "MKM-01", Policy{MaxDistance: 300})
	require.EqualError(t, err, `groups: group "G", member "MKM-98": distance rule: lives 733 m from "MKM-01", more than the policy's 300 m`)
	_, err = New("G", append(cs[:4:4], sameHousehold), "MKM-01", Policy{})
	require.EqualError(t, err, `groups: group "G", member "MKM-99": household rule: one member per household: "MKM-02" is of the same household "3217061203090002"`)
	// the allowed variants
	_, err = New("G", append(cs[:4:4], sameHousehold), "MKM-01", Policy{SharedHouseholds: true})
	require.NoError(t, err)
	_, err = New("G", append(cs[:4:4], otherRW), "MKM-01", Policy{CrossRW: true})
	require.NoError(t, err)
}

// unchanged runs op and checks that g is the same afterwards, whether op
// failed or not: groups are values.
func unchanged(t *testing.T, g Group, op func(Group) (Group, error)) (Group, error) {
	t.Helper()
	before := jsonOf(t, g)
	n, err := op(g)
	require.Equal(t, before, jsonOf(t, g), "the original group changed")
	if err != nil {
		require.Equal(t, before, jsonOf(t, n), "a failed operation must return the group unchanged")
	}
	return n, err
}

func TestRoles(t *testing.T) {
	g := pilotGroup(t)
	g, err := unchanged(t, g, func(g Group) (Group, error) { return g.WithTreasurer("MKM-02") })
	require.NoError(t, err)
	require.Equal(t, members.ID("MKM-02"), g.Treasurer())

	_, err = unchanged(t, g, func(g Group) (Group, error) { return g.WithLeader("MKM-02") })
	require.ErrorIs(t, err, ErrRule, "the treasurer cannot lead")
	_, err = unchanged(t, g, func(g Group) (Group, error) { return g.WithTreasurer("MKM-01") })
	require.ErrorIs(t, err, ErrRule, "the leader cannot be treasurer")
	_, err = unchanged(t, g, func(g Group) (Group, error) { return g.WithLeader("MKM-09") })
	require.ErrorIs(t, err, ErrNotMember)
	require.EqualError(t, err, `groups: leader: "MKM-09" is not a member of group "MKM-08-1"`)
	_, err = unchanged(t, g, func(g Group) (Group, error) { return g.WithTreasurer("MKM-09") })
	require.ErrorIs(t, err, ErrNotMember)

	g, err = unchanged(t, g, func(g Group) (Group, error) { return g.WithLeader("MKM-03") })
	require.NoError(t, err)
	require.Equal(t, members.ID("MKM-03"), g.Leader())
	g, err = unchanged(t, g, func(g Group) (Group, error) { return g.WithoutTreasurer() })
	require.NoError(t, err)
	require.Equal(t, members.ID(""), g.Treasurer())
}

func TestSupervisors(t *testing.T) {
	g := pilotGroup(t)
	_, err := unchanged(t, g, func(g Group) (Group, error) { return g.Appoint("MKM-02") })
	require.ErrorIs(t, err, ErrRule)
	require.EqualError(t, err, `groups: group "MKM-08-1", member "MKM-02": supervisor rule: is a borrower in this group; a supervisor cannot borrow in the group they supervise`)
	_, err = g.Appoint("")
	require.ErrorIs(t, err, ErrRule)

	g, err = unchanged(t, g, func(g Group) (Group, error) { return g.Appoint("L-RW08") })
	require.NoError(t, err)
	require.Equal(t, []members.ID{"L-RW08"}, g.Supervisors())
	_, err = unchanged(t, g, func(g Group) (Group, error) { return g.Appoint("L-RW08") })
	require.ErrorIs(t, err, ErrDuplicate)
	_, err = unchanged(t, g, func(g Group) (Group, error) { return g.Appoint("L-PKK") })
	require.ErrorIs(t, err, ErrRule, "default: one supervisor")

	// a supervisor cannot join as a borrower
	sup := Candidate{Member: "L-RW08", Household: "rw", RT: 1, RW: 8}
	g5, err := g.Leave("MKM-05")
	require.NoError(t, err)
	_, err = unchanged(t, g5, func(g Group) (Group, error) { return g.Join(sup) })
	require.ErrorIs(t, err, ErrRule)

	two, err := New("G2", mekarmukti()[:5], "MKM-01", Policy{MaxSupervisors: 2})
	require.NoError(t, err)
	two, err = two.Appoint("L-RW08")
	require.NoError(t, err)
	two, err = two.Appoint("L-PKK")
	require.NoError(t, err)
	require.Equal(t, []members.ID{"L-PKK", "L-RW08"}, two.Supervisors())

	g, err = unchanged(t, g, func(g Group) (Group, error) { return g.Dismiss("L-RW08") })
	require.NoError(t, err)
	require.Empty(t, g.Supervisors())
	_, err = unchanged(t, g, func(g Group) (Group, error) { return g.Dismiss("L-RW08") })
	require.ErrorIs(t, err, ErrNotMember)
	require.EqualError(t, err, `groups: "L-RW08" is not a supervisor of group "MKM-08-1"`)
}

func TestMembership(t *testing.T) {
	cs := mekarmukti()
	g := pilotGroup(t)
	g, err := g.WithTreasurer("MKM-02")
	require.NoError(t, err)

	_, err = unchanged(t, g, func(g Group) (Group, error) { return g.Join(cs[5]) })
	require.ErrorIs(t, err, ErrRule, "full at 5")
	_, err = unchanged(t, g, func(g Group) (Group, error) { return g.Leave("MKM-01") })
	require.ErrorIs(t, err, ErrRule, "the leader hands over first")
	_, err = unchanged(t, g, func(g Group) (Group, error) { return g.Leave("MKM-02") })
	require.ErrorIs(t, err, ErrRule, "the treasurer hands over first")
	_, err = unchanged(t, g, func(g Group) (Group, error) { return g.Leave("MKM-09") })
	require.ErrorIs(t, err, ErrNotMember)

	// leave and join between cycles
	g4, err := unchanged(t, g, func(g Group) (Group, error) { return g.Leave("MKM-05") })
	require.NoError(t, err)
	require.Equal(t, 4, g4.Size())
	_, err = g4.Join(cs[1])
	require.ErrorIs(t, err, ErrDuplicate)
	same := cs[5]
	same.Household = cs[2].Household
	_, err = unchanged(t, g4, func(g Group) (Group, error) { return g.Join(same) })
	require.ErrorIs(t, err, ErrRule)
	g5, err := unchanged(t, g4, func(g Group) (Group, error) { return g.Join(cs[5]) })
	require.NoError(t, err)
	require.Equal(t, []members.ID{"MKM-01", "MKM-02", "MKM-03", "MKM-04", "MKM-06"}, g5.IDs())

	// replace in one step keeps an exact-size group complete
	r, err := unchanged(t, g, func(g Group) (Group, error) { return g.Replace("MKM-04", cs[6]) })
	require.NoError(t, err)
	require.Equal(t, []members.ID{"MKM-01", "MKM-02", "MKM-03", "MKM-05", "MKM-07"}, r.IDs())
	_, err = g.Replace("MKM-04", cs[3])
	require.ErrorIs(t, err, ErrDuplicate)
	_, err = g.Replace("MKM-04", cs[2])
	require.ErrorIs(t, err, ErrDuplicate)
	_, err = g.Replace("MKM-01", cs[6])
	require.ErrorIs(t, err, ErrRule)
	sameAs4 := cs[6]
	sameAs4.Household = cs[3].Household
	_, err = g.Replace("MKM-04", sameAs4)
	require.NoError(t, err, "the household of the one leaving no longer counts")

	// a group below its minimum cannot start or open a cycle
	_, err = unchanged(t, g4, func(g Group) (Group, error) { return g.Activate() })
	require.ErrorIs(t, err, ErrRule)

	// not while a cycle is open
	a, err := g.Activate()
	require.NoError(t, err)
	open, err := a.OpenCycle()
	require.NoError(t, err)
	for name, op := range map[string]func(Group) (Group, error){
		"join":    func(g Group) (Group, error) { return g.Join(cs[5]) },
		"leave":   func(g Group) (Group, error) { return g.Leave("MKM-05") },
		"replace": func(g Group) (Group, error) { return g.Replace("MKM-05", cs[5]) },
		"close":   func(g Group) (Group, error) { return g.Close() },
		"open":    func(g Group) (Group, error) { return g.OpenCycle() },
	} {
		_, err := unchanged(t, open, op)
		require.ErrorIs(t, err, ErrState, name)
	}
	_, err = open.Leave("MKM-05")
	require.EqualError(t, err, `groups: group "MKM-08-1": cannot let a member leave while a cycle is open; close the cycle first`)
	closed, err := open.CloseCycle()
	require.NoError(t, err)
	_, err = closed.Leave("MKM-05")
	require.NoError(t, err)
}

func TestStatus(t *testing.T) {
	g := pilotGroup(t)
	steps := []struct {
		op   func(Group) (Group, error)
		want Status
		err  error
	}{
		{Group.Suspend, Forming, ErrState},
		{Group.Resume, Forming, ErrState},
		{Group.OpenCycle, Forming, ErrState},
		{Group.CloseCycle, Forming, ErrState},
		{Group.Activate, Active, nil},
		{Group.Activate, Active, ErrState},
		{Group.OpenCycle, Active, nil},
		{Group.Suspend, Suspended, nil},
		{Group.OpenCycle, Suspended, ErrState},
		{Group.CloseCycle, Suspended, nil},
		{Group.Resume, Active, nil},
		{Group.Close, Closed, nil},
		{Group.Close, Closed, ErrState},
		{Group.Resume, Closed, ErrState},
		{func(g Group) (Group, error) { return g.WithLeader("MKM-02") }, Closed, ErrState},
		{func(g Group) (Group, error) { return g.Appoint("L") }, Closed, ErrState},
		{func(g Group) (Group, error) { return g.Dismiss("L") }, Closed, ErrState},
		{func(g Group) (Group, error) { return g.WithTreasurer("MKM-02") }, Closed, ErrState},
		{Group.WithoutTreasurer, Closed, ErrState},
	}
	for i, s := range steps {
		n, err := unchanged(t, g, s.op)
		if s.err != nil {
			require.ErrorIs(t, err, s.err, "step %d", i)
		} else {
			require.NoError(t, err, "step %d", i)
			g = n
		}
		require.Equal(t, s.want, g.Status(), "step %d", i)
	}
	require.Equal(t, `groups: group "MKM-08-1" is closed: cannot activate (only a forming group can)`, func() string { _, err := g.Activate(); return err.Error() }())
}

func TestGroupJSON(t *testing.T) {
	g := pilotGroup(t)
	g, _ = g.WithTreasurer("MKM-02")
	g, _ = g.Appoint("L-RW08")
	g, _ = g.Activate()
	g, _ = g.OpenCycle()
	b, err := json.Marshal(g)
	require.NoError(t, err)
	require.Contains(t, string(b), `"status":"active"`)
	require.Contains(t, string(b), `"cycle_open":true`)
	var back Group
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, string(b), jsonOf(t, back))
	require.Empty(t, cmp.Diff(g.IDs(), back.IDs()))

	// the zero group round-trips as null
	require.Equal(t, "null", jsonOf(t, Group{}))
	var z Group
	require.NoError(t, json.Unmarshal([]byte("null"), &z))
	require.Equal(t, Group{}.ID(), z.ID())

	bad := map[string]string{
		"leader not a member":     `{"id":"G","status":"forming","policy":{},"members":[{"member":"A","household":"a","rt":1,"rw":1}],"leader":"B"}`,
		"supervisor borrows":      `{"id":"G","status":"forming","policy":{},"members":[{"member":"A","household":"a","rt":1,"rw":1}],"leader":"A","supervisors":["A"]}`,
		"two households":          `{"id":"G","status":"forming","policy":{},"members":[{"member":"A","household":"a","rt":1,"rw":1},{"member":"B","household":"a","rt":1,"rw":1}],"leader":"A"}`,
		"unknown status":          `{"id":"G","status":"sleeping","policy":{},"members":[{"member":"A","household":"a","rt":1,"rw":1}],"leader":"A"}`,
		"cycle open when forming": `{"id":"G","status":"forming","policy":{},"members":[{"member":"A","household":"a","rt":1,"rw":1}],"leader":"A","cycle_open":true}`,
		"too many supervisors":    `{"id":"G","status":"forming","policy":{},"members":[{"member":"A","household":"a","rt":1,"rw":1}],"leader":"A","supervisors":["X","Y"]}`,
		"treasurer is leader":     `{"id":"G","status":"forming","policy":{},"members":[{"member":"A","household":"a","rt":1,"rw":1}],"leader":"A","treasurer":"A"}`,
		"no members":              `{"id":"G","status":"forming","policy":{},"members":[],"leader":"A"}`,
		"not an object":           `[1]`,
	}
	for name, s := range bad {
		var g Group
		err := json.Unmarshal([]byte(s), &g)
		require.Error(t, err, name)
		require.Equal(t, "null", jsonOf(t, g), "%s: nothing is set on error", name)
	}
	// a group below its minimum (a member left) still reads
	var small Group
	require.NoError(t, json.Unmarshal([]byte(`{"id":"G","status":"active","policy":{},"members":[{"member":"A","household":"a","rt":1,"rw":1}],"leader":"A"}`), &small))
	require.Equal(t, 1, small.Size())

	_, err = Group{}.Join(mekarmukti()[0])
	require.ErrorIs(t, err, ErrState, "the zero group is no group")

	var st Status
	require.Error(t, st.UnmarshalText([]byte("asleep")))
	_, err = Status(9).MarshalText()
	require.True(t, errors.Is(err, ErrInvalidPolicy))
	require.Equal(t, "status(9)", Status(9).String())
}
