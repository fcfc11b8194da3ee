package members

import (
	"errors"
	"strings"
	"testing"

	"github.com/ip2p/koperasi/calendar"
	"github.com/stretchr/testify/require"
)

// goodPosition is the savings position of a member who has paid pokok and
// every wajib month.
func goodPosition(id ID, on calendar.Date) Position {
	return Position{Member: id, AsOf: on, Balances: Balances{Pokok: rp(50_000), Wajib: rp(30_000)}, PokokPaid: true}
}

func codes(vs []Violation) []string {
	out := []string{}
	for _, v := range vs {
		out = append(out, v.Code)
	}
	return out
}

func TestBorrowerRules(t *testing.T) {
	type input struct {
		m     Member
		pos   Position
		loans int
		on    calendar.Date
		p     BorrowerPolicy
	}
	tests := []struct {
		name string
		edit func(*input)
		want []string
	}{
		{"eligible", func(*input) {}, nil},
		{"prospective", func(in *input) { in.m.Status = Prospective }, []string{CodeStatusNotActive}},
		{"prospective allowed", func(in *input) { in.m.Status = Prospective; in.p.AllowProspective = true }, nil},
		{"resigned", func(in *input) {
			in.m.Status, in.m.Left = Resigned, in.on
			in.p.AllowProspective = true
		}, []string{CodeStatusNotActive}},
		{"no KTP", func(in *input) { in.m.Documents.KTP = false }, []string{CodeDocumentsKTP}},
		{"no KK", func(in *input) { in.m.Documents.KK = false }, []string{CodeDocumentsKK}},
		{"KTP not required", func(in *input) { in.m.Documents.KTP = false; in.p.Documents.KTP = false }, nil},
		{"spouse consent required", func(in *input) { in.p.Documents.SpouseConsent = true }, []string{CodeDocumentsSpouse}},
		{"spouse consent held", func(in *input) {
			in.p.Documents.SpouseConsent = true
			in.m.Documents.SpouseConsent = true
		}, nil},
		{"3 months less a day", func(in *input) { in.on = in.on.AddDays(-1) }, []string{CodeMembershipTooShort}},
		{"3 months to the day", func(*input) {}, nil},
		{"joined today", func(in *input) { in.m.Joined = in.on }, []string{CodeMembershipTooShort}},
		{"no minimum", func(in *input) { in.m.Joined = in.on; in.p.MinMembershipMonths = 0 }, nil},
		{"pokok unpaid", func(in *input) { in.pos.PokokPaid = false }, []string{CodeSavingsPokokUnpaid}},
		{"pokok not required", func(in *input) { in.pos.PokokPaid = false; in.p.RequirePokok = false }, nil},
		{"wajib one month behind", func(in *input) {
			in.pos.WajibArrearsMonths, in.pos.WajibArrears = 1, rp(10_000)
		}, []string{CodeSavingsWajibArrears}},
		{"wajib one month tolerated", func(in *input) {
			in.pos.WajibArrearsMonths, in.pos.WajibArrears = 1, rp(10_000)
			in.p.MaxWajibArrearsMonths = 1
		}, nil},
		{"wajib two months, one tolerated", func(in *input) {
			in.pos.WajibArrearsMonths, in.pos.WajibArrears = 2, rp(20_000)
			in.p.MaxWajibArrearsMonths = 1
		}, []string{CodeSavingsWajibArrears}},
		{"wajib not required", func(in *input) { in.pos.WajibArrearsMonths = 5; in.p.RequireWajib = false }, nil},
		{"other business", func(in *input) { in.m.Business.Type = "grocery" }, []string{CodeBusinessNotAllowed}},
		{"no business", func(in *input) { in.m.Business = Business{} }, []string{CodeBusinessNotAllowed}},
		{"any business", func(in *input) { in.m.Business.Type = "grocery"; in.p.BusinessTypes = nil }, nil},
		{"any business but none", func(in *input) { in.m.Business = Business{}; in.p.BusinessTypes = nil }, []string{CodeBusinessNotAllowed}},
		{"business not checked", func(in *input) {
			in.m.Business = Business{}
			in.p.BusinessTypes, in.p.RequireBusiness = nil, false
		}, nil},
		{"second business type", func(in *input) {
			in.m.Business.Type = "snacks"
			in.p.BusinessTypes = []string{BusinessFishProcessing, "snacks"}
		}, nil},
		{"age unknown", func(in *input) { in.p.MinAge = 17; in.m.BirthDate = calendar.Date{} }, []string{CodeAgeUnknown}},
		{"17 less a day", func(in *input) {
			in.p.MinAge = 17
			in.m.BirthDate = in.on.AddYears(-17).AddDays(1)
			in.m.Joined = in.m.BirthDate.AddDays(1)
			in.p.MinMembershipMonths = 0
		}, []string{CodeAgeTooYoung}},
		{"17 to the day", func(in *input) {
			in.p.MinAge = 17
			in.m.BirthDate = in.on.AddYears(-17)
		}, nil},
		{"one active loan, limit one", func(in *input) { in.loans = 1 }, []string{CodeLoansTooMany}},
		{"two active loans, limit three", func(in *input) { in.loans = 2; in.p.MaxActiveLoans = 3 }, nil},
		{"no loan limit", func(in *input) { in.loans = 9; in.p.MaxActiveLoans = 0 }, nil},
		{"zero policy asks only for an active member", func(in *input) {
			in.p = BorrowerPolicy{}
			in.m.Documents, in.m.Business, in.m.Joined = Documents{}, Business{}, in.on
			in.pos, in.loans = Position{}, 7
		}, nil},
		{"everything at once", func(in *input) {
			in.p.MinAge = 17
			in.p.Documents.SpouseConsent = true
			in.m.Status = Prospective
			in.m.Documents = Documents{}
			in.m.Joined = in.on.AddDays(-10)
			in.m.BirthDate = in.on.AddYears(-16)
			in.m.Business.Type = "grocery"
			in.pos = Position{WajibArrearsMonths: 1, WajibArrears: rp(10_000)}
			in.loans = 1
		}, []string{CodeStatusNotActive, CodeDocumentsKTP, CodeDocumentsKK, CodeDocumentsSpouse, CodeMembershipTooShort,
			CodeSavingsPokokUnpaid, CodeSavingsWajibArrears, CodeBusinessNotAllowed, CodeAgeTooYoung, CodeLoansTooMany}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			on := day(t, "2024-03-28")
			in := input{m: person(t, "A-0001", 1), pos: goodPosition("A-0001", on), on: on, p: MekarmuktiBorrowerPolicy()}
			tt.edit(&in)
			got := in.p.Check(in.m, in.pos, in.loans, in.on)
			want := tt.want
			if want == nil {
				want = []string{}
			}
			require.Equal(t, want, codes(got))
			for _, v := range got {
				require.NotEmpty(t, v.Saw, v.Code)
				require.NotEmpty(t, v.Want, v.Code)
				require.NotEmpty(t, v.Message, v.Code)
				require.NotEmpty(t, v.Pesan, v.Code)
			}
			err := in.p.Eligible(in.m, in.pos, in.loans, in.on)
			if len(tt.want) == 0 {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrNotEligible)
			var ee *EligibilityError
			require.ErrorAs(t, err, &ee)
			require.Equal(t, in.m.ID, ee.Member)
			require.Equal(t, "borrower", ee.Role)
			require.Equal(t, in.on, ee.On)
			require.Equal(t, got, ee.Violations)
			for _, c := range tt.want {
				require.True(t, ee.Has(c), c)
			}
			require.False(t, ee.Has("no.such_code"))
		})
	}
}

// The three-month rule counts to the day with month-end clamping.
func TestMembershipBoundary(t *testing.T) {
	p := BorrowerPolicy{Rules{MinMembershipMonths: 3}}
	tests := []struct{ joined, first string }{
		{"2023-12-28", "2024-03-28"},
		{"2023-11-30", "2024-02-29"}, // leap year: 30 Nov + 3 months is 29 Feb
		{"2024-11-30", "2025-02-28"}, // common year
		{"2023-08-31", "2023-11-30"},
		{"2023-12-31", "2024-03-31"},
		{"2024-01-31", "2024-04-30"},
		{"2023-10-01", "2024-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.joined, func(t *testing.T) {
			m := person(t, "A-0001", 1)
			m.BirthDate = calendar.Date{}
			m.Joined = day(t, tt.joined)
			first := day(t, tt.first)
			require.Empty(t, p.Check(m, Position{}, 0, first), "eligible on %s", first)
			require.Empty(t, p.Check(m, Position{}, 0, first.AddDays(30)))
			vs := p.Check(m, Position{}, 0, first.AddDays(-1))
			require.Equal(t, []string{CodeMembershipTooShort}, codes(vs), "not on the day before")
			require.Contains(t, vs[0].Want, tt.first)
			require.Contains(t, vs[0].Saw, tt.joined)
		})
	}
}

// An age is reached on the birthday; 29 February birthdays are reached on
// 28 February in common years (the AddYears rule).
func TestAgeBoundary(t *testing.T) {
	p := LenderPolicy{Rules{MinAge: 17}}
	m := person(t, "A-0001", 1)
	m.BirthDate = day(t, "2008-02-29")
	m.Joined = day(t, "2024-01-01")
	require.Equal(t, []string{CodeAgeTooYoung}, codes(p.Check(m, Position{}, 0, day(t, "2025-02-27"))))
	require.Empty(t, p.Check(m, Position{}, 0, day(t, "2025-02-28")))
	vs := p.Check(m, Position{}, 0, day(t, "2025-02-27"))
	require.Contains(t, vs[0].Saw, "16 years old")
}

func TestLenderPolicies(t *testing.T) {
	on := day(t, "2024-03-05")
	m := person(t, "L-0001", 11)
	m.Joined = on // a stakeholder recruited today
	m.Business = Business{}
	pos := goodPosition(m.ID, on)
	mk := MekarmuktiLenderPolicy()
	require.Empty(t, mk.Check(m, pos, 3, on), "no membership minimum, business or loan limit for lenders")
	pos.PokokPaid = false
	pos.WajibArrearsMonths = 1
	m.Status = Prospective
	err := mk.Eligible(m, pos, 0, on)
	var ee *EligibilityError
	require.ErrorAs(t, err, &ee)
	require.Equal(t, "lender", ee.Role)
	require.Equal(t, []string{CodeStatusNotActive, CodeSavingsPokokUnpaid, CodeSavingsWajibArrears}, codes(ee.Violations))
	require.Contains(t, err.Error(), "not eligible as lender on 2024-03-05")

	def := DefaultLenderPolicy()
	m.Status, m.BirthDate = Active, calendar.Date{}
	pos = goodPosition(m.ID, on)
	require.Equal(t, []string{CodeAgeUnknown}, codes(def.Check(m, pos, 0, on)))
}

func TestDefaultBorrowerPolicy(t *testing.T) {
	on := day(t, "2024-03-28")
	m := person(t, "A-0001", 1)
	m.Business.Type = "grocery"
	p := DefaultBorrowerPolicy()
	require.Empty(t, p.Check(m, goodPosition(m.ID, on), 0, on), "any business")
	require.Equal(t, []string{CodeBusinessNotAllowed}, codes(MekarmuktiBorrowerPolicy().Check(m, goodPosition(m.ID, on), 0, on)))
	// Presets are fresh values: changing one does not change the next.
	a := MekarmuktiBorrowerPolicy()
	a.BusinessTypes[0] = "x"
	require.Equal(t, []string{BusinessFishProcessing}, MekarmuktiBorrowerPolicy().BusinessTypes)
}

func TestRulesValidate(t *testing.T) {
	for _, r := range []Rules{
		{MinMembershipMonths: -1},
		{MaxWajibArrearsMonths: -1},
		{MinAge: -1},
		{MaxActiveLoans: -1},
		{BusinessTypes: []string{""}},
	} {
		require.ErrorIs(t, r.Validate(), ErrInvalidConfig)
		m := person(t, "A-0001", 1)
		err := BorrowerPolicy{r}.Eligible(m, Position{}, 0, m.Joined)
		require.ErrorIs(t, err, ErrInvalidConfig)
		require.False(t, errors.Is(err, ErrNotEligible))
	}
	require.NoError(t, MekarmuktiBorrowerPolicy().Validate())
}

// The messages an officer reads, all at once.
func TestEligibilityMessages(t *testing.T) {
	on := day(t, "2024-03-27")
	m := person(t, "A-0001", 1)
	m.Documents.KK = false
	m.Business.Type = "warung"
	pos := Position{Member: m.ID, AsOf: on, PokokPaid: true, WajibPaidThrough: month(t, "2024-01"), WajibArrearsMonths: 2, WajibArrears: rp(20_000)}
	vs := MekarmuktiBorrowerPolicy().Check(m, pos, 1, on)
	golden(t, "eligibility_violations.json", indent(t, vs))
	err := MekarmuktiBorrowerPolicy().Eligible(m, pos, 1, on)
	require.True(t, strings.HasPrefix(err.Error(), `members: member "A-0001" is not eligible as borrower on 2024-03-27: No copy of the KK`), err.Error())
}
