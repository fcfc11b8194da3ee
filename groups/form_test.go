package groups

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./groups -update to create it")
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got), run with -update if the change is intended:\n%s", name, diff)
	}
}

// mekarmukti is the pilot's 15 participants (13 poor families and 2 TKM
// members) in RW 08 of Desa Mekarmukti, spread over three RTs; most houses
// have been located, a few not yet.
func mekarmukti() []Candidate {
	at := func(lat, lon int64) members.Coordinates { return members.Coordinates{Lat: lat, Lon: lon} }
	return []Candidate{
		{Member: "MKM-01", Household: "3217061203090001", RT: 1, RW: 8, Location: at(-6873410, 107456120)},
		{Member: "MKM-02", Household: "3217061203090002", RT: 1, RW: 8, Location: at(-6873365, 107456240)},
		{Member: "MKM-03", Household: "3217061203090003", RT: 1, RW: 8, Location: at(-6873520, 107456185)},
		{Member: "MKM-04", Household: "3217061203090004", RT: 1, RW: 8, Location: at(-6873290, 107456095)},
		{Member: "MKM-05", Household: "3217061203090005", RT: 1, RW: 8, Location: at(-6873455, 107456330)},
		{Member: "MKM-06", Household: "3217061203090006", RT: 1, RW: 8, Location: at(-6873705, 107456410)}, // TKM member, on the RT 02 side
		{Member: "MKM-07", Household: "3217061203090007", RT: 2, RW: 8, Location: at(-6873980, 107456630)},
		{Member: "MKM-08", Household: "3217061203090008", RT: 2, RW: 8, Location: at(-6874050, 107456555)},
		{Member: "MKM-09", Household: "3217061203090009", RT: 2, RW: 8, Location: at(-6874120, 107456700)},
		{Member: "MKM-10", Household: "3217061203090010", RT: 2, RW: 8, Location: at(-6873935, 107456760)},
		{Member: "MKM-11", Household: "3217061203090011", RT: 2, RW: 8}, // not located yet
		{Member: "MKM-12", Household: "3217061203090012", RT: 3, RW: 8, Location: at(-6874610, 107455980)},
		{Member: "MKM-13", Household: "3217061203090013", RT: 3, RW: 8, Location: at(-6874690, 107456050)},
		{Member: "MKM-14", Household: "3217061203090014", RT: 3, RW: 8},                                    // not located yet
		{Member: "MKM-15", Household: "3217061203090015", RT: 3, RW: 8, Location: at(-6874555, 107456105)}, // TKM member
	}
}

func TestFormMekarmukti(t *testing.T) {
	f, err := Form(mekarmukti(), Policy{})
	require.NoError(t, err)
	require.Len(t, f.Groups, 3, "Rp125.000 per group = 5 x Rp25.000: 15 participants make 3 groups")
	for _, g := range f.Groups {
		require.Len(t, g.Members, 5)
		require.Equal(t, 8, g.RW)
	}
	require.Empty(t, f.Unplaced)
	opt := optimum(mekarmukti(), Policy{})
	require.Equal(t, exact{15, 3, scoreOf(f).cost}, opt, "the exhaustive optimum")
	b, err := json.MarshalIndent(f, "", "  ")
	require.NoError(t, err)
	golden(t, "mekarmukti-formation.json", append(b, '\n'))

	var back Formation
	require.NoError(t, json.Unmarshal(b, &back))
	require.Empty(t, cmp.Diff(f, back))
}

// genCandidates draws a small area: a few RTs in one to three RWs, shared
// households, coordinates for some.
func genCandidates(t *rapid.T, maxN int) []Candidate {
	n := rapid.IntRange(0, maxN).Draw(t, "n")
	cs := make([]Candidate, n)
	for i := range cs {
		c := Candidate{
			Member:    members.ID(rapid.StringMatching(`[A-Z]-[0-9]{1,3}`).Draw(t, "id")),
			Household: rapid.SampledFrom([]string{"H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8", "H9", "H10", "H11", "H12"}).Draw(t, "household"),
			RT:        rapid.IntRange(1, 4).Draw(t, "rt"),
			RW:        rapid.IntRange(1, 3).Draw(t, "rw"),
		}
		if rapid.Bool().Draw(t, "located") {
			c.Location = members.Coordinates{
				Lat: -6_873_000 - rapid.Int64Range(0, 5000).Draw(t, "lat"),
				Lon: 107_456_000 + rapid.Int64Range(0, 5000).Draw(t, "lon"),
			}
		}
		cs[i] = c
	}
	return cs
}

func genPolicy(t *rapid.T) Policy {
	minSize := rapid.IntRange(1, 6).Draw(t, "min")
	return Policy{
		MinSize:          minSize,
		MaxSize:          minSize + rapid.IntRange(0, 3).Draw(t, "extra"),
		SharedHouseholds: rapid.Bool().Draw(t, "shared"),
		MaxDistance:      rapid.SampledFrom([]int{0, 0, 150, 400}).Draw(t, "maxdist"),
		CrossRW:          rapid.Bool().Draw(t, "cross"),
	}
}

// TestFormOrderIndependent: the same candidates in any order give the same
// groups, byte for byte.
func TestFormOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cs := genCandidates(t, 40)
		p := genPolicy(t)
		f1, err1 := Form(cs, p)
		perm := rapid.Permutation(cs).Draw(t, "shuffled")
		f2, err2 := Form(perm, p)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("errors differ: %v / %v", err1, err2)
		}
		if err1 != nil {
			if err1.Error() != err2.Error() {
				t.Fatalf("errors differ: %v / %v", err1, err2)
			}
			return
		}
		if diff := cmp.Diff(f1, f2); diff != "" {
			t.Fatalf("formation depends on input order (-first +shuffled):\n%s", diff)
		}
	})
}

// TestFormRules: every proposed group keeps every rule, and every candidate
// is either placed once or left out with a reason.
func TestFormRules(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cs := genCandidates(t, 60)
		p := genPolicy(t)
		f, err := Form(cs, p)
		if err != nil {
			if !errors.Is(err, ErrDuplicate) && !errors.Is(err, ErrCannotForm) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		checkFormation(t, cs, p, f)
	})
}

func checkFormation(t interface {
	Fatalf(string, ...any)
}, cs []Candidate, p Policy, f Formation) {
	minSize, maxSize := p.Sizes()
	seen := map[members.ID]int{}
	var total int64
	for gi, g := range f.Groups {
		if len(g.Members) < minSize || len(g.Members) > maxSize {
			t.Fatalf("group %d has %d members, policy %d-%d", gi, len(g.Members), minSize, maxSize)
		}
		if !slices.IsSortedFunc(g.Members, func(a, b Candidate) int { return compareIDs(a.Member, b.Member) }) {
			t.Fatalf("group %d members not sorted", gi)
		}
		var dm int64
		for i, a := range g.Members {
			seen[a.Member]++
			for _, b := range g.Members[:i] {
				if err := p.conflict("", a, b); err != nil {
					t.Fatalf("group %d breaks a rule: %v", gi, err)
				}
				dm += int64(decimetres(a, b))
			}
		}
		if g.Distance != (dm+5)/10 {
			t.Fatalf("group %d distance %d, want %d", gi, g.Distance, (dm+5)/10)
		}
		total += g.Distance
		if gi > 0 && compareIDs(f.Groups[gi-1].Members[0].Member, g.Members[0].Member) >= 0 {
			t.Fatalf("groups not sorted by first member")
		}
	}
	if total != f.Distance {
		t.Fatalf("total distance %d, want %d", f.Distance, total)
	}
	for _, u := range f.Unplaced {
		seen[u.Candidate.Member]++
		if u.Message == "" {
			t.Fatalf("no message for %s", u.Candidate.Member)
		}
	}
	for _, c := range cs {
		if seen[c.Member] != 1 {
			t.Fatalf("%s appears %d times in the result", c.Member, seen[c.Member])
		}
	}
	if len(seen) != len(cs) {
		t.Fatalf("result has %d candidates, input %d", len(seen), len(cs))
	}
}

func compareIDs(a, b members.ID) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestFormReasons(t *testing.T) {
	c := func(id string, hh string, rt, rw int) Candidate {
		return Candidate{Member: members.ID(id), Household: hh, RT: rt, RW: rw}
	}
	t.Run("small area", func(t *testing.T) {
		cs := []Candidate{c("A", "1", 1, 1), c("B", "2", 1, 1), c("C", "3", 1, 1), c("D", "4", 1, 2), c("E", "5", 1, 2)}
		f, err := Form(cs, Policy{MinSize: 3, MaxSize: 3})
		require.NoError(t, err)
		require.Len(t, f.Groups, 1)
		require.Len(t, f.Unplaced, 2)
		for _, u := range f.Unplaced {
			require.Equal(t, SmallArea, u.Reason)
			require.Equal(t, "RW 02 has only 2 candidates; a group needs at least 3", u.Message)
		}
	})
	t.Run("same household", func(t *testing.T) {
		cs := []Candidate{c("A", "1", 1, 1), c("B", "2", 1, 1), c("C", "3", 1, 1), c("D", "1", 1, 1)}
		f, err := Form(cs, Policy{MinSize: 3, MaxSize: 4})
		require.NoError(t, err)
		require.Len(t, f.Groups, 1)
		require.Len(t, f.Unplaced, 1)
		require.Equal(t, SameHousehold, f.Unplaced[0].Reason)
		require.Contains(t, []members.ID{"A", "D"}, f.Unplaced[0].Candidate.Member)
	})
	t.Run("shared households allowed", func(t *testing.T) {
		cs := []Candidate{c("A", "1", 1, 1), c("B", "2", 1, 1), c("C", "3", 1, 1), c("D", "1", 1, 1)}
		f, err := Form(cs, Policy{MinSize: 3, MaxSize: 4, SharedHouseholds: true})
		require.NoError(t, err)
		require.Len(t, f.Groups, 1)
		require.Empty(t, f.Unplaced)
	})
	t.Run("too far", func(t *testing.T) {
		at := func(cd Candidate, lat int64) Candidate {
			cd.Location = members.Coordinates{Lat: lat, Lon: 107_456_000}
			return cd
		}
		// 0.001° of latitude is about 111 m; E is 1.1 km from the others
		cs := []Candidate{at(c("A", "1", 1, 1), -6_873_000), at(c("B", "2", 1, 1), -6_873_500), at(c("C", "3", 1, 1), -6_874_000), at(c("E", "5", 1, 1), -6_884_000)}
		f, err := Form(cs, Policy{MinSize: 3, MaxSize: 4, MaxDistance: 300})
		require.NoError(t, err)
		require.Len(t, f.Groups, 1)
		require.Len(t, f.Unplaced, 1)
		require.Equal(t, TooFar, f.Unplaced[0].Reason)
		require.Equal(t, members.ID("E"), f.Unplaced[0].Candidate.Member)
		require.Equal(t, `no group has all its members within 300 m of this member and room for a member of household "5"`, f.Unplaced[0].Message)
	})
	t.Run("left over", func(t *testing.T) {
		cs := make([]Candidate, 13)
		for i := range cs {
			cs[i] = c(string(rune('A'+i)), string(rune('a'+i)), 1+i%3, 8)
		}
		f, err := Form(cs, Policy{})
		require.NoError(t, err)
		require.Len(t, f.Groups, 2)
		require.Len(t, f.Unplaced, 3)
		for _, u := range f.Unplaced {
			require.Equal(t, LeftOver, u.Reason)
			require.Equal(t, "the groups are full: RW 08 has 13 candidates, placed in 2 groups of at most 5; this member was farthest from them", u.Message)
		}
	})
	t.Run("more groups to place everyone", func(t *testing.T) {
		// 2 to 3 per group; household 1 has three members, so it needs three groups
		cs := []Candidate{c("A", "1", 1, 1), c("B", "1", 1, 1), c("C", "1", 1, 1), c("D", "2", 1, 1), c("E", "3", 1, 1), c("F", "4", 1, 1)}
		f, err := Form(cs, Policy{MinSize: 2, MaxSize: 3})
		require.NoError(t, err)
		require.Len(t, f.Groups, 3)
		require.Empty(t, f.Unplaced)
	})
}

func TestFormErrors(t *testing.T) {
	ok := mekarmukti()
	tests := []struct {
		name string
		cs   []Candidate
		p    Policy
		want error
	}{
		{"min above max", ok, Policy{MinSize: 6, MaxSize: 5}, ErrInvalidPolicy},
		{"negative min", ok, Policy{MinSize: -1, MaxSize: 5}, ErrInvalidPolicy},
		{"negative max", ok, Policy{MinSize: 3, MaxSize: -5}, ErrInvalidPolicy},
		{"huge group", ok, Policy{MaxSize: 500}, ErrInvalidPolicy},
		{"negative distance", ok, Policy{MaxDistance: -1}, ErrInvalidPolicy},
		{"negative supervisors", ok, Policy{MaxSupervisors: -1}, ErrInvalidPolicy},
		{"duplicate", append(slices.Clone(ok), ok[3]), Policy{}, ErrDuplicate},
		{"no ID", append(slices.Clone(ok), Candidate{Household: "x", RT: 1, RW: 8}), Policy{}, ErrInvalidCandidate},
		{"no household", append(slices.Clone(ok), Candidate{Member: "X", RT: 1, RW: 8}), Policy{}, ErrInvalidCandidate},
		{"RT 0", append(slices.Clone(ok), Candidate{Member: "X", Household: "x", RW: 8}), Policy{}, ErrInvalidCandidate},
		{"RW 1000", append(slices.Clone(ok), Candidate{Member: "X", Household: "x", RT: 1, RW: 1000}), Policy{}, ErrInvalidCandidate},
		{"latitude", append(slices.Clone(ok), Candidate{Member: "X", Household: "x", RT: 1, RW: 8, Location: members.Coordinates{Lat: 91_000_000, Lon: 1}}), Policy{}, ErrInvalidCandidate},
		{"longitude", append(slices.Clone(ok), Candidate{Member: "X", Household: "x", RT: 1, RW: 8, Location: members.Coordinates{Lat: 1, Lon: -181_000_000}}), Policy{}, ErrInvalidCandidate},
		{"too few", ok[:4], Policy{}, ErrCannotForm},
		{"too few in any RW", ok[:12], Policy{MinSize: 13, MaxSize: 13}, ErrCannotForm},
		{"none", nil, Policy{}, ErrCannotForm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.cs)
			_, err := Form(tt.cs, tt.p)
			require.ErrorIs(t, err, tt.want)
			require.Equal(t, in, tt.cs, "the input must not change")
			require.NotEmpty(t, err.Error())
		})
	}
	var ue *UnmetError
	_, err := Form(append(ok[:3:3], Candidate{Member: "Z", Household: "z", RT: 1, RW: 9}), Policy{})
	require.ErrorAs(t, err, &ue)
	require.Equal(t, UnmetError{Candidates: 4, Largest: 3, LargestRW: 8, Min: 5}, *ue)
	require.Equal(t, "groups: 4 candidates cannot make a group of at least 5: the largest RW, RW 08, has 3 and the policy does not let a group cross RW boundaries", err.Error())
	var de *DuplicateError
	_, err = Form(append(slices.Clone(ok), ok[0]), Policy{})
	require.ErrorAs(t, err, &de)
	require.Equal(t, "MKM-01", de.Key)
}

func TestCandidateOf(t *testing.T) {
	joined, _ := calendar.ParseDate("2023-11-01")
	m := members.Member{ID: "MKM-01", Name: "Siti", KK: "3217061203090001", Joined: joined, Status: members.Active,
		Address: members.Address{RT: 1, RW: 8, Location: members.Coordinates{Lat: -6873410, Lon: 107456120}}}
	c, err := CandidateOf(m)
	require.NoError(t, err)
	require.Equal(t, mekarmukti()[0], c)

	m.Household = "rumah-7"
	c, err = CandidateOf(m)
	require.NoError(t, err)
	require.Equal(t, "rumah-7", c.Household)

	m.Status = members.Prospective
	_, err = CandidateOf(m)
	require.ErrorIs(t, err, ErrNotEligible)
	require.Equal(t, `groups: member "MKM-01" cannot join a group: the member is prospective, only an active member can be placed in a group`, err.Error())

	m.Status = members.Active
	m.Address.RT = 0
	_, err = CandidateOf(m)
	require.ErrorIs(t, err, ErrInvalidCandidate)
}

// TestFormLarge runs the block path: more candidates in one RW than one
// block holds, with the blocks' leftovers formed again.
func TestFormLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	cs := village(1300, 1, 11)
	f, err := Form(cs, Policy{MinSize: 4, MaxSize: 5})
	require.NoError(t, err)
	checkFormation(t, cs, Policy{MinSize: 4, MaxSize: 5}, f)
	placed := 0
	for _, g := range f.Groups {
		placed += len(g.Members)
	}
	require.Equal(t, len(cs), placed, "unplaced: %v", f.Unplaced)
}
