package members

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ip2p/koperasi/calendar"
	"github.com/stretchr/testify/require"
)

func TestParseNIK(t *testing.T) {
	tests := []struct {
		in      string
		want    NIK
		female  bool
		problem string // part of the reason, "" if valid
	}{
		{in: "3217014508900001", want: "3217014508900001", female: true},
		{in: "3217010508900001", want: "3217010508900001"},
		{in: "3217 0145 0890 0001", want: "3217014508900001", female: true},
		{in: "32.17.01.450890.0001", want: "3217014508900001", female: true},
		{in: "321701450890000", problem: "16 digits, got 15"},
		{in: "32170145089000011", problem: "16 digits, got 17"},
		{in: "", problem: "16 digits, got 0"},
		{in: "32170145089000O1", problem: "only digits"},
		{in: "1017014508900001", problem: "province"},
		{in: "3200014508900001", problem: "regency"},
		{in: "3217004508900001", problem: "district"},
		{in: "3217010008900001", problem: "birth date"},
		{in: "3217017208900001", problem: "birth date"}, // day 32 for a woman
		{in: "3217013208900001", problem: "birth date"}, // day 32
		{in: "3217010513900001", problem: "birth date"}, // month 13
		{in: "3217010500900001", problem: "birth date"}, // month 00
		{in: "3217014508900000", problem: "serial"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseNIK(tt.in)
			if tt.problem != "" {
				require.ErrorIs(t, err, ErrInvalidNIK)
				var ne *NIKError
				require.ErrorAs(t, err, &ne)
				require.Equal(t, tt.in, ne.Input)
				require.Contains(t, ne.Reason, tt.problem)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
			require.Equal(t, tt.female, got.Female())
			require.Equal(t, "321701", got.Region())
		})
	}
}

func TestNIKText(t *testing.T) {
	var n NIK
	require.NoError(t, n.UnmarshalText([]byte("3217 0145 0890 0001")))
	require.Equal(t, NIK("3217014508900001"), n)
	require.Equal(t, "3217014508900001", n.String())
	require.NoError(t, n.UnmarshalText(nil))
	require.Equal(t, NIK(""), n)
	require.ErrorIs(t, n.UnmarshalText([]byte("123")), ErrInvalidNIK)
	require.Equal(t, "", NIK("123").Region())
	require.False(t, NIK("123").Female())
}

func TestStatusText(t *testing.T) {
	for _, s := range []Status{Prospective, Active, Resigned} {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back Status
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, s, back)
	}
	_, err := Status(9).MarshalText()
	require.ErrorIs(t, err, ErrInvalidMember)
	require.Equal(t, "status(9)", Status(9).String())
	var s Status
	require.ErrorIs(t, s.UnmarshalText([]byte("member")), ErrInvalidMember)
}

func TestMemberValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Member)
		field string // "" if valid
		nik   bool   // also ErrInvalidNIK
	}{
		{"valid", func(*Member) {}, "", false},
		{"no birth date", func(m *Member) { m.BirthDate = calendar.Date{} }, "", false},
		{"prospective", func(m *Member) { m.Status = Prospective }, "", false},
		{"coordinates", func(m *Member) { m.Address.Location = Coordinates{Lat: -6_870_000, Lon: 107_450_000} }, "", false},
		{"no id", func(m *Member) { m.ID = "" }, "id", false},
		{"id with spaces", func(m *Member) { m.ID = " A-1" }, "id", false},
		{"id too long", func(m *Member) { m.ID = ID(strings.Repeat("x", 65)) }, "id", false},
		{"id control", func(m *Member) { m.ID = "A\n1" }, "id", false},
		{"id bad utf8", func(m *Member) { m.ID = "A\xff" }, "id", false},
		{"no name", func(m *Member) { m.Name = "" }, "name", false},
		{"no nik", func(m *Member) { m.NIK = "" }, "nik", false},
		{"bad nik", func(m *Member) { m.NIK = "3217014508900000" }, "nik", true},
		{"nik with spaces", func(m *Member) { m.NIK = "3217 0145 0890 0001" }, "nik", false},
		{"short kk", func(m *Member) { m.KK = "321701010120000" }, "kk", false},
		{"kk letters", func(m *Member) { m.KK = "32170101012000x1" }, "kk", false},
		{"kk zeros", func(m *Member) { m.KK = "0000000000000000" }, "kk", false},
		{"household spaces", func(m *Member) { m.Household = "h1 " }, "household", false},
		{"rt 0", func(m *Member) { m.Address.RT = 0 }, "address.rt", false},
		{"rt 1000", func(m *Member) { m.Address.RT = 1000 }, "address.rt", false},
		{"rw 0", func(m *Member) { m.Address.RW = 0 }, "address.rw", false},
		{"rw 1000", func(m *Member) { m.Address.RW = 1000 }, "address.rw", false},
		{"street control", func(m *Member) { m.Address.Street = "a\x00b" }, "address.street", false},
		{"village long", func(m *Member) { m.Address.Village = strings.Repeat("v", 501) }, "address.village", false},
		{"business type spaces", func(m *Member) { m.Business.Type = " fish" }, "business.type", false},
		{"latitude", func(m *Member) { m.Address.Location.Lat = 90_000_001 }, "address.location", false},
		{"longitude", func(m *Member) { m.Address.Location.Lon = -180_000_001 }, "address.location", false},
		{"no joined", func(m *Member) { m.Joined = calendar.Date{} }, "joined", false},
		{"born after joining", func(m *Member) { m.BirthDate = m.Joined }, "birth_date", false},
		{"bad status", func(m *Member) { m.Status = 7 }, "status", false},
		{"resigned without date", func(m *Member) { m.Status = Resigned }, "left", false},
		{"resigned before joining", func(m *Member) { m.Status, m.Left = Resigned, m.Joined.AddDays(-1) }, "left", false},
		{"left but active", func(m *Member) { m.Left = m.Joined }, "left", false},
		{"resigned", func(m *Member) { m.Status, m.Left = Resigned, m.Joined }, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := person(t, "A-0001", 1)
			tt.edit(&m)
			err := m.Validate()
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrInvalidMember)
			var me *MemberError
			require.ErrorAs(t, err, &me)
			require.Equal(t, tt.field, me.Field, "error: %v", err)
			require.Equal(t, m.ID, me.Member)
			require.Equal(t, tt.nik, errors.Is(err, ErrInvalidNIK))
			require.NotEmpty(t, me.Error())
		})
	}
}

func TestMemberJSON(t *testing.T) {
	m := person(t, "A-0001", 1)
	m.Address.Location = Coordinates{Lat: -6_870_123, Lon: 107_451_234}
	m.Household = "KK-3217010101200001"
	b := indent(t, m)
	golden(t, "member.json", b)
	var back Member
	require.NoError(t, json.Unmarshal(b, &back))
	require.Empty(t, diff(m, back))

	// A bad NIK is refused when reading.
	bad := strings.Replace(string(b), "3217014508900001", "3217014508900000", 1)
	require.ErrorIs(t, json.Unmarshal([]byte(bad), &back), ErrInvalidNIK)
}

func TestHouseholdKey(t *testing.T) {
	m := person(t, "A-0001", 1)
	require.Equal(t, m.KK, m.HouseholdKey())
	m.Household = "H-7"
	require.Equal(t, "H-7", m.HouseholdKey())
}

func FuzzParseNIK(f *testing.F) {
	for _, s := range []string{"3217014508900001", "3217 0145 0890 0001", "", "1017014508900001", "32.17.01.450890.0001", "3217017208900001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNIK(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidNIK) {
				t.Fatalf("error %v does not wrap ErrInvalidNIK", err)
			}
			return
		}
		// A valid NIK is canonical: 16 digits that parse to themselves.
		if len(n) != 16 {
			t.Fatalf("ParseNIK(%q) = %q, not 16 digits", s, n)
		}
		again, err := ParseNIK(string(n))
		if err != nil || again != n {
			t.Fatalf("ParseNIK(%q) = %q, %v; not canonical", n, again, err)
		}
	})
}

func FuzzMemberJSON(f *testing.F) {
	m := person(f, "A-0001", 1)
	f.Add(string(mustJSON(f, m)))
	m.Status, m.Left = Resigned, m.Joined
	f.Add(string(mustJSON(f, m)))
	f.Add(`{"id":"A","nik":"3217 0145 0890 0001","status":"prospective","joined":"2024-01-01"}`)
	f.Add(`{"members":[]}`)
	f.Fuzz(func(t *testing.T, s string) {
		var m Member
		if err := json.Unmarshal([]byte(s), &m); err == nil {
			// What decodes round-trips.
			b, err := json.Marshal(m)
			if err != nil {
				// Only an unknown status can fail to marshal, and decoding
				// refuses unknown statuses.
				t.Fatalf("marshal after decode: %v", err)
			}
			var back Member
			if err := json.Unmarshal(b, &back); err != nil || back != m {
				t.Fatalf("round trip: %v\n%+v\n%+v", err, m, back)
			}
			_ = m.Validate() // must not panic
		}
		var r Registry
		if err := json.Unmarshal([]byte(s), &r); err == nil {
			for _, m := range r.Members() {
				if err := m.Validate(); err != nil {
					t.Fatalf("registry accepted an invalid member: %v", err)
				}
			}
			b, err := json.Marshal(&r)
			if err != nil {
				t.Fatal(err)
			}
			var back Registry
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("registry round trip: %v", err)
			}
			if b2 := mustJSON(t, &back); string(b2) != string(b) {
				t.Fatalf("registry JSON not stable:\n%s\n%s", b, b2)
			}
		}
	})
}

func FuzzSavingsJSON(f *testing.F) {
	s, _ := mekarmukti(f)
	require.NoError(f, s.Hold(op(f, "h", "2024-02-01"), "A-0001", "pledge", rp(30_000)))
	require.Error(f, s.Resign(op(f, "out", "2024-02-02"), "A-0001", 0), "refused: a hold is active")
	f.Add(string(mustJSON(f, s)))
	f.Add(`{"config":{"pokok":"IDR 1","wajib":"IDR 1"},"members":[],"accounts":[],"operations":[{"id":"x","date":"2024-01-01","type":"deposit","member":"A","amount":"IDR 5"}]}`)
	f.Fuzz(func(t *testing.T, data string) {
		s, j := newSavings(t)
		jbefore := mustJSON(t, j)
		if err := json.Unmarshal([]byte(data), s); err != nil {
			if string(mustJSON(t, j)) != string(jbefore) {
				t.Fatalf("refused state (%v) changed the journal", err)
			}
			return
		}
		// An accepted state is what it says, and the books match it.
		requireBooksMatch(t, s, j)
		var want bytes.Buffer
		if err := json.Compact(&want, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, s); string(got) != want.String() {
			t.Fatalf("accepted state re-encodes differently:\n%s\n%s", want.String(), got)
		}
	})
}
