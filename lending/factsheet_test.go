package lending_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// The -update flag rewrites golden files. Other test files of the package
// may define it too; whoever comes first defines it (a package-level
// flag.Bool runs before any init).
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata/")
	}
}

func mktUpdate() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// mktGolden compares got with testdata/name, or rewrites it under -update.
func mktGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if mktUpdate() {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create %s", path)
	require.Equal(t, string(want), string(got), "%s differs; rerun with -update if the change is meant", path)
}

// mktMembers are the borrowers M01..M05 of group G1 in RW 08 and the
// lender L01 who supervises it.
func mktMembers() []members.Member {
	var ms []members.Member
	for i := 1; i <= 5; i++ {
		m := mktBorrower(fmt.Sprintf("M%02d", i))
		m.Household = fmt.Sprintf("KK-%02d", i)
		m.Address.RT = 1 + i%3
		ms = append(ms, m)
	}
	ms = append(ms, members.Member{ID: "L01", Name: "Pemberi L01", Status: members.Active, Address: members.Address{RT: 1, RW: 8}})
	return ms
}

func mktGroup(t *testing.T) groups.Group {
	t.Helper()
	var cs []groups.Candidate
	for _, m := range mktMembers()[:5] {
		c, err := groups.CandidateOf(m)
		require.NoError(t, err)
		cs = append(cs, c)
	}
	g, err := groups.New("G1", cs, "M01", groups.Policy{})
	require.NoError(t, err)
	g, err = g.WithTreasurer("M02")
	require.NoError(t, err)
	g, err = g.Appoint("L01")
	require.NoError(t, err)
	return g
}

// mktSheetRequest is the fact sheet of group G1's second cycle, printed on
// 2024-03-24 with three pledges in: the Mekarmukti golden case.
func mktSheetRequest(t *testing.T) lending.FactSheetRequest {
	t.Helper()
	info, err := lending.GroupInfoOf(mktGroup(t), mktMembers())
	require.NoError(t, err)
	p := lending.MekarmuktiProduct()
	f, err := lending.OpenFacility(p, lending.FacilityRequest{
		ID: "F-G1-C2", Group: "G1", Cycle: 2,
		Requested: money.Rupiah(125000), Limit: money.Rupiah(125000), Opens: mktOpens(t),
	})
	require.NoError(t, err)
	d := mktOpens(t)
	f = mktPledgeAll(t, f,
		mktPledge("P1", "L01", 40000, d),
		mktPledge("P2", "L02", 25000, d.AddDays(1)),
		mktPledge("P3", "L03", 10000, d.AddDays(3)),
		mktPledge("P4", "L04", 50000, d.AddDays(4)), // after the sheet's day
	)
	return lending.FactSheetRequest{
		Group: info, Facility: f, Product: p, Catalogue: lending.MekarmuktiCatalogue(),
		AsOf:   d.AddDays(3),
		Record: []lending.CycleRecord{{Cycle: 1, Due: 30, OnTime: 28, WorstDaysLate: 2, Covers: 2}},
	}
}

func TestFactSheetMekarmukti(t *testing.T) {
	r := mktSheetRequest(t)
	s, err := lending.NewFactSheet(r)
	require.NoError(t, err)

	require.Equal(t, "2024-03-28", s.Disbursement.String(), "the day after the window closes")
	require.Equal(t, money.Rupiah(75000), s.Funding.Pledged, "the pledge after the sheet's day is not counted")
	require.Equal(t, money.Rupiah(50000), s.Funding.Remaining)
	require.Equal(t, 6000, s.Funding.PledgedBP)
	require.Equal(t, lending.FacilityOpen, s.Funding.Status, "funded only after the sheet's day")
	require.Len(t, s.Plans, 1)
	pl := s.Plans[0]
	require.Equal(t, []members.ID{"M01", "M02", "M03", "M04", "M05"}, pl.Members)
	require.Equal(t, money.Rupiah(25000), pl.Price)
	require.Equal(t, money.Rupiah(200), pl.LendersMargin, "all the margin to lenders")
	require.Equal(t, money.Rupiah(200), pl.Disclosure.TotalCost)
	require.Len(t, pl.Installments, 6)
	require.Equal(t, 9333, s.Record[0].OnTimeBP())

	text := s.Text()
	for i, l := range strings.Split(text, "\n") {
		require.LessOrEqual(t, utf8.RuneCountInString(l), lending.TextWidth, "line %d is too wide: %q", i+1, l)
	}
	mktGolden(t, "marketplace_factsheet.txt", []byte(text))

	b, err := json.MarshalIndent(s, "", "  ")
	require.NoError(t, err)
	mktGolden(t, "marketplace_factsheet.json", append(b, '\n'))

	var back lending.FactSheet
	require.NoError(t, json.Unmarshal(b, &back))
	require.Empty(t, mktDiff(s, back), "the sheet's JSON round-trips")
	b2, err := json.MarshalIndent(back, "", "  ")
	require.NoError(t, err)
	require.Equal(t, string(b), string(b2))

	var w bytes.Buffer
	require.NoError(t, s.WriteText(&w))
	require.Equal(t, text, w.String())
}

func TestFactSheetFirstCycleAndPackages(t *testing.T) {
	r := mktSheetRequest(t)
	r.Record = nil
	r.Facility.Cycle = 1
	small := lending.Package{Code: "PAKET-KECIL", Name: "Paket kecil", Lines: []lending.GoodsLine{{Good: "GARAM-KG", Quantity: 5}, {Good: "BESEK-BH", Quantity: 15}}} // Rp22.000
	r.Product.Packages = append(r.Product.Packages, small)
	r.Packages = []lending.MemberPackage{{Member: "M03", Package: "PAKET-KECIL"}}
	_, err := lending.NewFactSheet(r)
	require.ErrorIs(t, err, lending.ErrInvalid, "the packages no longer total the request")

	r.Facility.Requested = money.Rupiah(122000)
	s, err := lending.NewFactSheet(r)
	require.NoError(t, err)
	require.Len(t, s.Plans, 2)
	require.Equal(t, []members.ID{"M01", "M02", "M04", "M05"}, s.Plans[0].Members)
	require.Equal(t, []members.ID{"M03"}, s.Plans[1].Members)
	require.Equal(t, money.Rupiah(22000), s.Plans[1].Price)
	text := s.Text()
	require.Contains(t, text, "Siklus pertama kelompok: belum ada riwayat.")
	require.Contains(t, text, "JADWAL ANGSURAN PAKET-KECIL (untuk M03)")
	for _, l := range strings.Split(text, "\n") {
		require.LessOrEqual(t, utf8.RuneCountInString(l), lending.TextWidth, l)
	}
}

func TestFactSheetRefused(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(*lending.FactSheetRequest)
		sentinel error
		field    string
	}{
		{"no facility", func(r *lending.FactSheetRequest) { r.Facility = lending.Facility{} }, lending.ErrInvalid, "facility"},
		{"another product", func(r *lending.FactSheetRequest) { r.Product.Code = "LAIN" }, lending.ErrInvalid, "product"},
		{"product not valid", func(r *lending.FactSheetRequest) { r.Product.Name = "" }, lending.ErrInvalid, "product"},
		{"another group", func(r *lending.FactSheetRequest) { r.Group.ID = "G2" }, lending.ErrInvalid, "group"},
		{"no members", func(r *lending.FactSheetRequest) { r.Group.Members = nil }, lending.ErrInvalid, "group"},
		{"member twice", func(r *lending.FactSheetRequest) { r.Group.Members[1] = r.Group.Members[0] }, lending.ErrInvalid, "group"},
		{"no date", func(r *lending.FactSheetRequest) { r.AsOf = calendar.Date{} }, lending.ErrInvalid, "as_of"},
		{"package for a stranger", func(r *lending.FactSheetRequest) {
			r.Packages = []lending.MemberPackage{{Member: "X9", Package: lending.MekarmuktiPackageCode}}
		}, lending.ErrNotFound, "packages"},
		{"unknown package", func(r *lending.FactSheetRequest) {
			r.Packages = []lending.MemberPackage{{Member: "M01", Package: "PAKET-X"}}
		}, lending.ErrNotFound, "packages"},
		{"packages short of the request", func(r *lending.FactSheetRequest) { r.Group.Members = r.Group.Members[:4] }, lending.ErrInvalid, "packages"},
		{"record of this cycle", func(r *lending.FactSheetRequest) { r.Record[0].Cycle = 2 }, lending.ErrInvalid, "record"},
		{"record of cycle 0", func(r *lending.FactSheetRequest) { r.Record[0].Cycle = 0 }, lending.ErrInvalid, "record"},
		{"record twice", func(r *lending.FactSheetRequest) { r.Record = append(r.Record, r.Record[0]) }, lending.ErrInvalid, "record"},
		{"more on time than due", func(r *lending.FactSheetRequest) { r.Record[0].OnTime = 31 }, lending.ErrInvalid, "record"},
		{"negative covers", func(r *lending.FactSheetRequest) { r.Record[0].Covers = -1 }, lending.ErrInvalid, "record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mktSheetRequest(t)
			tt.edit(&r)
			_, err := lending.NewFactSheet(r)
			require.ErrorIs(t, err, tt.sentinel)
			var fe *lending.FactSheetError
			require.ErrorAs(t, err, &fe)
			require.Equal(t, tt.field, fe.Field, err.Error())
		})
	}
}

func TestGroupInfoOf(t *testing.T) {
	info, err := lending.GroupInfoOf(mktGroup(t), mktMembers())
	require.NoError(t, err)
	require.Equal(t, groups.ID("G1"), info.ID)
	require.Len(t, info.Members, 5)
	l, ok := info.Leader()
	require.True(t, ok)
	require.Equal(t, members.ID("M01"), l.ID)
	require.Equal(t, lending.RoleTreasurer, info.Members[1].Role)
	require.Equal(t, []lending.Person{{ID: "L01", Name: "Pemberi L01", RT: 1, RW: 8, Role: lending.RoleSupervisor}}, info.Supervisors)
	require.Equal(t, []int{8}, info.RWs())

	_, err = lending.GroupInfoOf(mktGroup(t), mktMembers()[:5])
	require.ErrorIs(t, err, lending.ErrNotFound, "the supervisor's record is missing")
	_, err = lending.GroupInfoOf(mktGroup(t), mktMembers()[1:])
	require.ErrorIs(t, err, lending.ErrNotFound, "a member's record is missing")

	var r lending.Role
	require.NoError(t, r.UnmarshalText([]byte("supervisor")))
	require.Equal(t, lending.RoleSupervisor, r)
	require.Error(t, r.UnmarshalText([]byte("boss")))
	_, ok = lending.GroupInfo{}.Leader()
	require.False(t, ok)
}

// TestFactSheetTextLayout: long names are shortened or wrapped within 80
// columns, a partial margin split and a funded facility read right.
func TestFactSheetTextLayout(t *testing.T) {
	r := mktSheetRequest(t)
	r.Group.Members[2].Name = "Nama Yang Sangat Panjang Sekali Untuk Kolom Ini"
	r.Group.Members[3].Activity = ""
	r.Group.Supervisors = nil
	r.Product.Split = lending.MarginSplit{Lenders: 1, Den: 2}
	long := "Superkalifragilistikekspialidosus-tanpa-spasi-sama-sekali-dan-lebih-panjang-dari-satu-baris"
	r.Product.Name = "Pembiayaan " + long
	r.AsOf = r.Facility.Closes
	r.Record = append(r.Record, lending.CycleRecord{Cycle: 0})[:1]
	s, err := lending.NewFactSheet(r)
	require.NoError(t, err)
	require.Equal(t, lending.FacilityFunded, s.Funding.Status)
	require.Equal(t, money.Rupiah(100), s.Plans[0].LendersMargin, "half of Rp200")
	text := s.Text()
	for _, l := range strings.Split(text, "\n") {
		require.LessOrEqual(t, utf8.RuneCountInString(l), lending.TextWidth, l)
	}
	require.Contains(t, text, "Nama Yang Sangat Panjan~ 01/08", "a name too long for its column is shortened")
	require.Contains(t, text, "fish-proces~", "the business type when the member gave no description")
	require.Contains(t, text, "Pengawas        : -")
	require.Contains(t, text, "1/2 dari jasa (Rp100 per pinjaman Rp25.000 bila lunas)")
	require.Contains(t, text, "dana terkumpul penuh")
	require.Contains(t, text, "Produk          : PINDANG-6H - Pembiayaan\n                  "+long[:62]+"\n                  "+long[62:]+"\n", "a word longer than the column is cut")

	r.Product.Split = lending.MarginSplit{}
	s, err = lending.NewFactSheet(r)
	require.NoError(t, err)
	require.Contains(t, s.Text(), "tidak ada bagian jasa (Rp0 per pinjaman")
	require.Equal(t, 10000, lending.CycleRecord{Cycle: 1}.OnTimeBP(), "nothing due: nothing late")
	require.Equal(t, "supervisor", lending.RoleSupervisor.String())
	require.Equal(t, "per-package", lending.PerPackage.String())
}

// The sheet shows the funding status the facility had on its day, not the
// one it has now: funded on day 4 (the fourth pledge), cancelled on day 6,
// the facility was open on day 3, funded on day 5 and cancelled from day
// 6; one that expired short of its amount was open until it expired.
func TestFactSheetStatusAsOf(t *testing.T) {
	r := mktSheetRequest(t)
	d := mktOpens(t)
	funded := r.Facility
	require.Equal(t, lending.FacilityFunded, funded.Status, "the fourth pledge funds it")
	cancelled, _, err := funded.Cancel(d.AddDays(6))
	require.NoError(t, err)
	short, err := lending.OpenFacility(r.Product, lending.FacilityRequest{
		ID: "F-G1-C2", Group: "G1", Cycle: 2,
		Requested: money.Rupiah(125000), Limit: money.Rupiah(125000), Opens: d,
	})
	require.NoError(t, err)
	short = mktPledgeAll(t, short, mktPledge("P1", "L01", 40000, d), mktPledge("P2", "L02", 25000, d.AddDays(1)))
	expired, _, err := short.Expire(short.Closes.AddDays(1))
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		f    lending.Facility
		day  calendar.Date
		want lending.FacilityStatus
	}{
		{"funded, before", funded, d.AddDays(3), lending.FacilityOpen},
		{"funded, on the day", funded, d.AddDays(4), lending.FacilityFunded},
		{"cancelled, before funding", cancelled, d.AddDays(3), lending.FacilityOpen},
		{"cancelled, funded then", cancelled, d.AddDays(5), lending.FacilityFunded},
		{"cancelled, on the day", cancelled, d.AddDays(6), lending.FacilityCancelled},
		{"expired, before", expired, short.Closes, lending.FacilityOpen},
		{"expired, on the day", expired, short.Closes.AddDays(1), lending.FacilityExpired},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := r
			req.Facility, req.AsOf = tc.f, tc.day
			s, err := lending.NewFactSheet(req)
			require.NoError(t, err)
			require.Equal(t, tc.want, s.Funding.Status)
		})
	}
}
