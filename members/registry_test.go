package members

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func ids(ms []Member) []ID {
	out := make([]ID, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}

func TestRegistryLookups(t *testing.T) {
	var r Registry
	require.Equal(t, 0, r.Len())
	require.Empty(t, r.Members())
	a := person(t, "A-0003", 3)
	b := person(t, "A-0001", 1)
	b.Household = "H-1"
	c := person(t, "A-0002", 2)
	c.Household = "H-1"
	c.Address.RW = 9
	for _, m := range []Member{a, b, c} {
		require.NoError(t, r.Add(m))
	}
	require.Equal(t, 3, r.Len())
	require.Equal(t, []ID{"A-0001", "A-0002", "A-0003"}, ids(r.Members()))
	require.Equal(t, []ID{"A-0001", "A-0002"}, ids(r.ByHousehold("H-1")))
	require.Equal(t, []ID{"A-0003"}, ids(r.ByHousehold(a.KK)), "without a household the KK is the key")
	require.Equal(t, []ID{"A-0001", "A-0003"}, ids(r.ByRW(8)))
	require.Equal(t, []ID{"A-0002"}, ids(r.ByRW(9)))
	require.Empty(t, r.ByRW(1))

	got, err := r.Member("A-0002")
	require.NoError(t, err)
	require.Empty(t, diff(c, got))

	// Moving a member re-indexes it.
	c.Address.RW = 8
	c.Household = ""
	require.NoError(t, r.Update(c))
	require.Equal(t, []ID{"A-0001", "A-0002", "A-0003"}, ids(r.ByRW(8)))
	require.Empty(t, r.ByRW(9))
	require.Equal(t, []ID{"A-0001"}, ids(r.ByHousehold("H-1")))
	require.Equal(t, []ID{"A-0002", "A-0003"}, ids(r.ByHousehold(a.KK)))
}

func TestRegistryErrors(t *testing.T) {
	var r Registry
	a := person(t, "A-0001", 1)
	require.NoError(t, r.Add(a))
	before := mustJSON(t, &r)

	dupNIK := person(t, "A-0002", 1)
	badNIK := person(t, "A-0003", 3)
	badNIK.NIK = "3217014508900000"
	resigned := person(t, "A-0004", 4)
	resigned.Status, resigned.Left = Resigned, resigned.Joined
	stranger := person(t, "A-0009", 9)
	demote := a
	demote.Status = Prospective
	resign := a
	resign.Status, resign.Left = Resigned, a.Joined
	stealNIK := person(t, "A-0005", 5)
	require.NoError(t, r.Add(stealNIK))
	before = mustJSON(t, &r)
	stealNIK.NIK = a.NIK

	tests := []struct {
		name     string
		do       func() error
		sentinel error
		member   ID
		field    string
	}{
		{"duplicate ID", func() error { return r.Add(a) }, ErrDuplicate, "A-0001", "id"},
		{"duplicate NIK", func() error { return r.Add(dupNIK) }, ErrDuplicate, "A-0002", "nik"},
		{"malformed NIK", func() error { return r.Add(badNIK) }, ErrInvalidNIK, "A-0003", "nik"},
		{"add resigned", func() error { return r.Add(resigned) }, ErrInvalidMember, "A-0004", "status"},
		{"update unknown", func() error { return r.Update(stranger) }, ErrNotFound, "A-0009", "id"},
		{"update NIK of another", func() error { return r.Update(stealNIK) }, ErrDuplicate, "A-0005", "nik"},
		{"demote", func() error { return r.Update(demote) }, ErrInvalidMember, "A-0001", "status"},
		{"resign by update", func() error { return r.Update(resign) }, ErrInvalidMember, "A-0001", "status"},
		{"resign unknown", func() error { return r.Resign("A-0009", a.Joined) }, ErrNotFound, "A-0009", "id"},
		{"resign before joining", func() error { return r.Resign("A-0001", a.Joined.AddDays(-1)) }, ErrInvalidMember, "A-0001", "left"},
		{"get unknown", func() error { _, err := r.Member("A-0009"); return err }, ErrNotFound, "A-0009", "id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do()
			require.ErrorIs(t, err, tt.sentinel)
			var me *MemberError
			require.ErrorAs(t, err, &me)
			require.Equal(t, tt.member, me.Member)
			require.Equal(t, tt.field, me.Field)
			require.Equal(t, string(before), string(mustJSON(t, &r)), "a refused change left the registry changed")
		})
	}
}

func TestRegistryLifecycle(t *testing.T) {
	var r Registry
	m := person(t, "A-0001", 1)
	m.Status = Prospective
	require.NoError(t, r.Add(m))
	m.Status = Active
	require.NoError(t, r.Update(m), "admission")
	leave := day(t, "2024-06-30")
	require.NoError(t, r.Resign("A-0001", leave))
	got, err := r.Member("A-0001")
	require.NoError(t, err)
	require.Equal(t, Resigned, got.Status)
	require.Equal(t, leave, got.Left)
	require.ErrorIs(t, r.Resign("A-0001", leave), ErrInvalidMember, "twice")
	got.Name = "Ibu Corrected"
	require.NoError(t, r.Update(got), "a resigned member's record may be corrected")
	got.Left = leave.AddDays(1)
	require.ErrorIs(t, r.Update(got), ErrInvalidMember, "but not the resignation")
	// A freed NIK cannot be re-used: the resigned member keeps it.
	require.ErrorIs(t, r.Add(person(t, "A-0002", 1)), ErrDuplicate)
}

func TestRegistryJSON(t *testing.T) {
	var r Registry
	a := person(t, "A-0002", 2)
	b := person(t, "A-0001", 1)
	require.NoError(t, r.Add(a))
	require.NoError(t, r.Add(b))
	require.NoError(t, r.Resign("A-0001", day(t, "2024-05-01")))
	data := mustJSON(t, &r)
	var back Registry
	require.NoError(t, json.Unmarshal(data, &back))
	require.Equal(t, string(data), string(mustJSON(t, &back)))
	require.Equal(t, []ID{"A-0001", "A-0002"}, ids(back.Members()))
	require.Equal(t, []ID{"A-0001", "A-0002"}, ids(back.ByRW(8)))

	// Refused input leaves the registry as it was.
	for _, bad := range []string{
		`{"members":[{"id":"A"}]}`,
		`{"members":[` + string(mustJSON(t, a)) + `,` + string(mustJSON(t, a)) + `]}`,
		`{"members":[],"extra":1}`,
		`[1]`,
	} {
		require.Error(t, json.Unmarshal([]byte(bad), &back), bad)
		require.Equal(t, string(data), string(mustJSON(t, &back)))
	}
}
