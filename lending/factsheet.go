package lending

import (
	"cmp"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// Role is a person's place in a group, as a fact sheet shows it.
type Role uint8

// Roles. The zero Role is RoleMember.
const (
	RoleMember     Role = iota // anggota
	RoleLeader                 // ketua kelompok
	RoleTreasurer              // bendahara
	RoleSupervisor             // pengawas: a lender sitting in the group
)

var roleWords = []string{"member", "leader", "treasurer", "supervisor"}
var roleKata = []string{"anggota", "ketua", "bendahara", "pengawas"}

// String is the role's word.
func (r Role) String() string { return wordString(roleWords, int(r)) }

// MarshalText writes the role's word.
func (r Role) MarshalText() ([]byte, error) { return wordText("role", roleWords, int(r)) }

// UnmarshalText reads the role's word.
func (r *Role) UnmarshalText(b []byte) error {
	i, err := wordParse("role", roleWords, b)
	*r = Role(i)
	return err
}

// Person is a member as a fact sheet introduces them to lenders: who, where,
// what business, what role.
type Person struct {
	ID       members.ID `json:"id"`
	Name     string     `json:"name"`
	RT       int        `json:"rt"`
	RW       int        `json:"rw"`
	Business string     `json:"business,omitempty"` // type, e.g. "fish-processing"
	Activity string     `json:"activity,omitempty"` // the member's own description, e.g. "pindang"
	Role     Role       `json:"role"`
}

// GroupInfo is what a fact sheet says about a group.
type GroupInfo struct {
	ID groups.ID `json:"id"`
	// Members are the borrowing members, sorted by ID.
	Members []Person `json:"members"`
	// Supervisors are lenders who sit in the group (pengawas).
	Supervisors []Person `json:"supervisors,omitempty"`
}

// GroupInfoOf describes group g from its members' records: ms must hold
// every member and supervisor of g (ErrNotFound otherwise); others are
// ignored.
func GroupInfoOf(g groups.Group, ms []members.Member) (GroupInfo, error) {
	find := func(id members.ID, role Role) (Person, error) {
		i := slices.IndexFunc(ms, func(m members.Member) bool { return m.ID == id })
		if i < 0 {
			return Person{}, &FactSheetError{Field: "group", Reason: "no member record for " + string(id) + " (" + wordString(roleKata, int(role)) + " of group " + string(g.ID()) + ")", Err: ErrNotFound}
		}
		m := ms[i]
		return Person{ID: m.ID, Name: m.Name, RT: m.Address.RT, RW: m.Address.RW, Business: m.Business.Type, Activity: m.Business.Description, Role: role}, nil
	}
	info := GroupInfo{ID: g.ID()}
	for _, id := range g.IDs() {
		role := RoleMember
		switch id {
		case g.Leader():
			role = RoleLeader
		case g.Treasurer():
			role = RoleTreasurer
		}
		p, err := find(id, role)
		if err != nil {
			return GroupInfo{}, err
		}
		info.Members = append(info.Members, p)
	}
	for _, id := range g.Supervisors() {
		p, err := find(id, RoleSupervisor)
		if err != nil {
			return GroupInfo{}, err
		}
		info.Supervisors = append(info.Supervisors, p)
	}
	return info, nil
}

// RWs are the group's neighbourhoods, sorted.
func (g GroupInfo) RWs() []int {
	var rw []int
	for _, p := range g.Members {
		if !slices.Contains(rw, p.RW) {
			rw = append(rw, p.RW)
		}
	}
	slices.Sort(rw)
	return rw
}

// Leader is the group's leader, if it has one.
func (g GroupInfo) Leader() (Person, bool) {
	i := slices.IndexFunc(g.Members, func(p Person) bool { return p.Role == RoleLeader })
	if i < 0 {
		return Person{}, false
	}
	return g.Members[i], true
}

// CycleRecord is a group's record in one earlier cycle, as computed from
// its loans' states (the servicing side of this package).
type CycleRecord struct {
	Cycle int `json:"cycle"`
	// Due is the number of installments that fell due in the cycle, OnTime
	// how many were paid in full by their due date.
	Due    int `json:"due"`
	OnTime int `json:"on_time"`
	// WorstDaysLate is the most days any installment was paid late.
	WorstDaysLate int `json:"worst_days_late"`
	// Covers is how many installments the group covered, wholly or in
	// part (tanggung renteng or the group fund); an installment counts
	// once, however many peers paid a part of it.
	Covers int `json:"covers"`
}

// OnTimeBP is the on-time rate in basis points, rounded down; 10000 when
// nothing fell due.
func (r CycleRecord) OnTimeBP() int {
	if r.Due == 0 {
		return 10000
	}
	return r.OnTime * 10000 / r.Due
}

// MemberPackage chooses the package a member asks for.
type MemberPackage struct {
	Member  members.ID `json:"member"`
	Package string     `json:"package"`
}

// FactSheetRequest is what a fact sheet is made from.
type FactSheetRequest struct {
	Group     GroupInfo `json:"group"`
	Facility  Facility  `json:"facility"`
	Product   Product   `json:"product"`
	Catalogue Catalogue `json:"catalogue"`
	// AsOf is the day the sheet shows: pledges dated after it are not
	// counted, and the funding status is the one the facility had then
	// (funded or open until the day it was disbursed, expired or
	// cancelled).
	AsOf calendar.Date `json:"as_of"`
	// Disbursement is the planned disbursement day; zero is the day after
	// the funding window closes.
	Disbursement calendar.Date `json:"disbursement,omitzero"`
	// Packages chooses each member's package; a member not listed asks for
	// the product's first package.
	Packages []MemberPackage `json:"packages,omitempty"`
	// Record is the group's record in earlier cycles.
	Record []CycleRecord `json:"record,omitempty"`
}

// SheetGood is a line of a package as lenders see it: at price.
type SheetGood struct {
	Good      GoodCode     `json:"good"`
	Name      string       `json:"name"`
	Unit      string       `json:"unit"`
	Quantity  int64        `json:"quantity"`
	UnitPrice money.Amount `json:"unit_price"`
	Price     money.Amount `json:"price"`
}

// SheetPlan is one package requested in the sheet: its goods, the members
// asking for it, their schedule and what it costs them.
type SheetPlan struct {
	Package string       `json:"package"`
	Name    string       `json:"name"`
	Goods   []SheetGood  `json:"goods"`
	Price   money.Amount `json:"price"` // the principal of each loan
	// Members asking for this package, sorted.
	Members []members.ID `json:"members"`
	// Installments are each member's schedule if disbursed on the planned
	// day.
	Installments []schedule.Installment `json:"installments"`
	Disclosure   schedule.Disclosure    `json:"disclosure"`
	// LendersMargin is the lenders' share of one loan's margin (rounded
	// down): what the loan earns its lenders if repaid.
	LendersMargin money.Amount `json:"lenders_margin"`
}

// FundingProgress is how far a facility's funding has come.
type FundingProgress struct {
	Status    FacilityStatus `json:"status"`
	Opens     calendar.Date  `json:"opens"`
	Closes    calendar.Date  `json:"closes"`
	ShareUnit money.Amount   `json:"share_unit"`
	Requested money.Amount   `json:"requested"`
	Pledged   money.Amount   `json:"pledged"`
	Remaining money.Amount   `json:"remaining"`
	// PledgedBP is Pledged over Requested in basis points, rounded down.
	PledgedBP int `json:"pledged_bp"`
	// Lenders are each lender's pledges so far, sorted by lender.
	Lenders []Share `json:"lenders"`
}

// FactSheet is what the marketplace publishes about a group's request for
// a cycle, so that lenders can choose whom to fund: the group, the
// packages and amount requested, each member's schedule and its cost, the
// group's record, and the funding so far. JSON for software; Text for the
// notice board.
type FactSheet struct {
	Facility     FacilityID      `json:"facility"`
	Cycle        int             `json:"cycle"`
	AsOf         calendar.Date   `json:"as_of"`
	Disbursement calendar.Date   `json:"disbursement"`
	Group        GroupInfo       `json:"group"`
	Product      string          `json:"product"`
	ProductName  string          `json:"product_name"`
	Split        MarginSplit     `json:"split"`
	Requested    money.Amount    `json:"requested"`
	Limit        money.Amount    `json:"limit"`
	Members      []MemberPackage `json:"members"` // sorted by member
	Plans        []SheetPlan     `json:"plans"`   // in the product's package order
	Record       []CycleRecord   `json:"record"`  // by cycle
	Funding      FundingProgress `json:"funding"`
}

// FactSheetError reports a fact sheet that cannot be made. It wraps
// ErrInvalid or ErrNotFound (with the schedule's error when there is one).
type FactSheetError struct {
	Facility FacilityID
	Field    string
	Reason   string
	Err      error
}

func (e *FactSheetError) Error() string {
	s := "lending: fact sheet"
	if e.Facility != "" {
		s += " of facility " + string(e.Facility)
	}
	return s + ": " + e.Field + ": " + e.Reason
}

func (e *FactSheetError) Unwrap() error { return e.Err }

// NewFactSheet makes the fact sheet of a facility. The group must have
// members, one package each from the product, worth together the amount
// the facility requests; the record must be of earlier cycles, each once,
// with on-time installments no more than those due.
func NewFactSheet(r FactSheetRequest) (FactSheet, error) {
	f := r.Facility
	bad := func(sentinel error, field, reason string) (FactSheet, error) {
		return FactSheet{}, &FactSheetError{Facility: f.ID, Field: field, Reason: reason, Err: sentinel}
	}
	switch {
	case f.ID == "" || f.Requested.Currency().IsZero():
		return bad(ErrInvalid, "facility", "the facility is not opened (no ID or amount)")
	case r.Product.Code != f.Product:
		return bad(ErrInvalid, "product", "the facility is for product "+strconv.Quote(f.Product)+", not "+strconv.Quote(r.Product.Code))
	case r.Group.ID != f.Group:
		return bad(ErrInvalid, "group", "the facility is for group "+strconv.Quote(string(f.Group))+", not "+strconv.Quote(string(r.Group.ID)))
	case len(r.Group.Members) == 0:
		return bad(ErrInvalid, "group", "the group has no members")
	case r.AsOf.IsZero():
		return bad(ErrInvalid, "as_of", "the sheet needs a date")
	}
	if err := r.Product.Validate(r.Catalogue); err != nil {
		return FactSheet{}, &FactSheetError{Facility: f.ID, Field: "product", Reason: strings.TrimPrefix(err.Error(), "lending: "), Err: err}
	}
	disb := r.Disbursement
	if disb.IsZero() {
		disb = f.Closes.AddDays(1)
	}
	s := FactSheet{
		Facility: f.ID, Cycle: f.Cycle, AsOf: r.AsOf, Disbursement: disb,
		Group:   GroupInfo{ID: r.Group.ID, Members: slices.Clone(r.Group.Members), Supervisors: slices.Clone(r.Group.Supervisors)},
		Product: r.Product.Code, ProductName: r.Product.Name, Split: r.Product.Split,
		Requested: f.Requested, Limit: f.Limit,
	}
	slices.SortFunc(s.Group.Members, func(a, b Person) int { return cmp.Compare(a.ID, b.ID) })
	for i, p := range s.Group.Members {
		if i > 0 && p.ID == s.Group.Members[i-1].ID {
			return bad(ErrInvalid, "group", "member "+string(p.ID)+" is listed twice")
		}
	}
	for _, mp := range r.Packages {
		if _, found := slices.BinarySearchFunc(s.Group.Members, mp.Member, func(p Person, id members.ID) int { return cmp.Compare(p.ID, id) }); !found {
			return bad(ErrNotFound, "packages", "member "+string(mp.Member)+" is not in group "+string(r.Group.ID))
		}
	}

	// Each member's package, then one plan per package used.
	total := f.Requested.Currency().Amount(0)
	for _, p := range s.Group.Members {
		code := r.Product.Packages[0].Code
		if i := slices.IndexFunc(r.Packages, func(mp MemberPackage) bool { return mp.Member == p.ID }); i >= 0 {
			code = r.Packages[i].Package
		}
		if _, ok := r.Product.Package(code); !ok {
			return bad(ErrNotFound, "packages", "product "+r.Product.Code+" has no package "+strconv.Quote(code)+" (asked for by "+string(p.ID)+")")
		}
		s.Members = append(s.Members, MemberPackage{Member: p.ID, Package: code})
	}
	for _, pk := range r.Product.Packages {
		var ids []members.ID
		for _, mp := range s.Members {
			if mp.Package == pk.Code {
				ids = append(ids, mp.Member)
			}
		}
		if len(ids) == 0 {
			continue
		}
		plan, err := r.plan(pk, ids, disb)
		if err != nil {
			return FactSheet{}, err
		}
		for range ids {
			total, _ = total.Add(plan.Price) // each within the member limit
		}
		s.Plans = append(s.Plans, plan)
	}
	if total != f.Requested {
		return bad(ErrInvalid, "packages", "the members' packages total "+total.String()+" but the facility requests "+f.Requested.String())
	}

	s.Record = slices.Clone(r.Record)
	slices.SortFunc(s.Record, func(a, b CycleRecord) int { return cmp.Compare(a.Cycle, b.Cycle) })
	for i, c := range s.Record {
		switch {
		case c.Cycle < 1 || c.Cycle >= f.Cycle:
			return bad(ErrInvalid, "record", "cycle "+strconv.Itoa(c.Cycle)+" is not an earlier cycle than "+strconv.Itoa(f.Cycle))
		case i > 0 && c.Cycle == s.Record[i-1].Cycle:
			return bad(ErrInvalid, "record", "cycle "+strconv.Itoa(c.Cycle)+" is given twice")
		case c.Due < 0 || c.OnTime < 0 || c.OnTime > c.Due || c.WorstDaysLate < 0 || c.Covers < 0:
			return bad(ErrInvalid, "record", "cycle "+strconv.Itoa(c.Cycle)+" has counts that cannot be (negative, or more on time than due)")
		}
	}

	s.Funding = FundingProgress{
		Status: f.Status, Opens: f.Opens, Closes: f.Closes, ShareUnit: f.Funding.ShareUnit,
		Requested: f.Requested, Pledged: f.Requested.Currency().Amount(0),
	}
	if s.Funding.ShareUnit.IsZero() {
		s.Funding.ShareUnit = f.Requested.Currency().Amount(1)
	}
	asOf := f
	asOf.Pledges = slices.DeleteFunc(slices.Clone(f.Pledges), func(p Pledge) bool { return p.Date.After(r.AsOf) })
	s.Funding.Lenders = asOf.Lenders()
	s.Funding.Pledged = asOf.Pledged()
	s.Funding.Remaining = asOf.Remaining()
	s.Funding.PledgedBP = shareBP(s.Funding.Pledged, f.Requested)
	// The status on the sheet's day: a facility disbursed, expired or
	// cancelled after it was still funded, or open; one funded after it
	// was open.
	if st := s.Funding.Status; st != FacilityOpen && st != FacilityFunded && f.ClosedOn.After(r.AsOf) {
		s.Funding.Status = FacilityFunded
	}
	if s.Funding.Status == FacilityFunded && (f.FundedOn.IsZero() || f.FundedOn.After(r.AsOf)) {
		s.Funding.Status = FacilityOpen
	}
	return s, nil
}

// plan values a package, generates its schedule and discloses its cost.
func (r FactSheetRequest) plan(pk Package, ids []members.ID, disb calendar.Date) (SheetPlan, error) {
	fail := func(field string, err error) (SheetPlan, error) {
		return SheetPlan{}, &FactSheetError{Facility: r.Facility.ID, Field: field, Reason: "package " + strconv.Quote(pk.Code) + ": " + err.Error(), Err: joinInvalid(err)}
	}
	v, _ := r.Catalogue.Value(pk.Lines) // the product is valid
	sch, err := r.Product.Schedule(v.Price, disb, calendar.Date{})
	if err != nil {
		return fail("schedule", err)
	}
	d, err := schedule.Disclose(sch, schedule.Costs{})
	if err != nil {
		return fail("disclosure", err)
	}
	split := r.Product.Split
	lm, err := money.Rounding{Step: 1, Mode: money.Down}.MulDiv(sch.Margin, split.Lenders, max(split.Den, 1))
	if err != nil {
		return fail("split", err)
	}
	plan := SheetPlan{
		Package: pk.Code, Name: pk.Name, Price: v.Price, Members: ids,
		Installments: sch.Installments, Disclosure: d, LendersMargin: lm,
	}
	for _, l := range v.Lines {
		plan.Goods = append(plan.Goods, SheetGood{Good: l.Good, Name: l.Name, Unit: l.Unit, Quantity: l.Quantity, UnitPrice: l.UnitPrice, Price: l.Price})
	}
	return plan, nil
}

// TextWidth is the width of Text's lines, for a notice board or a
// printer's 80 columns.
const TextWidth = 80

// Text renders the sheet for a notice board: Indonesian labels, lines of
// at most TextWidth columns (long names are wrapped or shortened).
func (s FactSheet) Text() string {
	var b strings.Builder
	_ = s.WriteText(&b) // a strings.Builder does not fail
	return b.String()
}

// WriteText writes Text to w and returns the first write error.
func (s FactSheet) WriteText(w io.Writer) error {
	var t textSheet
	t.render(s)
	_, err := io.WriteString(w, t.b.String())
	return err
}

type textSheet struct{ b strings.Builder }

func (t *textSheet) line(parts ...string) {
	t.b.WriteString(strings.TrimRight(strings.Join(parts, ""), " "))
	t.b.WriteByte('\n')
}

func (t *textSheet) rule(c string) { t.line(strings.Repeat(c, TextWidth)) }

// field writes "Label     : value", wrapping the value.
func (t *textSheet) field(label, value string) {
	const labelW = 16
	prefix := txtPad(label, labelW) + ": "
	for i, l := range txtWrap(value, TextWidth-labelW-2) {
		if i == 0 {
			t.line(prefix, l)
		} else {
			t.line(strings.Repeat(" ", labelW+2), l)
		}
	}
}

func (t *textSheet) heading(s string) {
	t.line()
	t.line(s)
	t.line(strings.Repeat("-", utf8.RuneCountInString(s)))
}

func (t *textSheet) render(s FactSheet) {
	t.rule("=")
	t.line(txtCenter("LEMBAR INFORMASI KELOMPOK PEMINJAM"))
	t.line(txtCenter("Pendanaan siklus " + strconv.Itoa(s.Cycle) + " - kelompok " + string(s.Group.ID)))
	t.rule("=")
	t.field("Fasilitas", string(s.Facility)+", keadaan per "+s.AsOf.String())
	t.field("Produk", s.Product+" - "+s.ProductName)
	t.field("Kelompok", string(s.Group.ID)+", "+strconv.Itoa(len(s.Group.Members))+" anggota, RW "+txtRWs(s.Group.RWs()))
	if l, ok := s.Group.Leader(); ok {
		t.field("Ketua", string(l.ID)+" "+l.Name)
	}
	for _, p := range s.Group.Members {
		if p.Role == RoleTreasurer {
			t.field("Bendahara", string(p.ID)+" "+p.Name)
		}
	}
	var sup []string
	for _, p := range s.Group.Supervisors {
		sup = append(sup, string(p.ID)+" "+p.Name)
	}
	if len(sup) == 0 {
		sup = []string{"-"}
	}
	t.field("Pengawas", strings.Join(sup, "; "))
	t.field("Plafon kelompok", s.Limit.String())
	t.field("Diajukan", s.Requested.String())
	t.field("Rencana cair", s.Disbursement.String())

	t.heading("ANGGOTA DAN PAKET YANG DIAJUKAN")
	cols := []int{3, 6, 25, 7, 13, 15} // and the amount in the rest
	t.line(txtRow(cols, []string{"No", "ID", "Nama", "RT/RW", "Usaha", "Paket"}, false), txtRight("Pokok", TextWidth-txtSum(cols)))
	for i, mp := range s.Members {
		p := s.Group.Members[i] // both sorted by member
		usaha := p.Activity
		if usaha == "" {
			usaha = p.Business
		}
		name := p.Name
		if p.Role != RoleMember {
			name += " (" + wordString(roleKata, int(p.Role)) + ")"
		}
		price := s.planOf(mp.Package).Price
		t.line(txtRow(cols, []string{strconv.Itoa(i + 1), string(p.ID), name, txtTwo(p.RT) + "/" + txtTwo(p.RW), usaha, mp.Package}, true), txtRight(price.String(), TextWidth-txtSum(cols)))
	}
	t.line(txtRight("Jumlah  "+s.Requested.String(), TextWidth))

	for _, pl := range s.Plans {
		t.heading("PAKET " + pl.Package + ": " + pl.Name)
		gcols := []int{40, 14}
		t.line(txtRow(gcols, []string{"Barang", "Jumlah"}, false), txtRight("Harga satuan", 13), txtRight("Harga", TextWidth-txtSum(gcols)-13))
		for _, g := range pl.Goods {
			names := txtWrap(g.Name, gcols[0]-1)
			qty := strconv.FormatInt(g.Quantity, 10) + " " + g.Unit
			t.line(txtRow(gcols, []string{names[0], qty}, true), txtRight(g.UnitPrice.String(), 13), txtRight(g.Price.String(), TextWidth-txtSum(gcols)-13))
			for _, n := range names[1:] {
				t.line("  ", n)
			}
		}
		t.line(txtRight("Nilai paket  "+pl.Price.String(), TextWidth))

		t.heading("JADWAL ANGSURAN " + pl.Package + " (untuk " + strings.Join(txtIDs(pl.Members), ", ") + ")")
		scols := []int{4, 14}
		amt := 14
		t.line(txtRow(scols, []string{"Ke", "Jatuh tempo"}, false), txtRight("Pokok", amt), txtRight("Jasa", amt), txtRight("Angsuran", amt), txtRight("Sisa pokok", amt))
		var p, m, tot money.Amount
		for _, in := range pl.Installments {
			t.line(txtRow(scols, []string{strconv.Itoa(in.Number), in.Due.String()}, true), txtRight(in.Principal.String(), amt), txtRight(in.Margin.String(), amt), txtRight(in.Total.String(), amt), txtRight(in.Balance.String(), amt))
			p, _ = p.Add(in.Principal)
			m, _ = m.Add(in.Margin)
			tot, _ = tot.Add(in.Total)
		}
		t.line(txtRow(scols, []string{"", "Jumlah"}, true), txtRight(p.String(), amt), txtRight(m.String(), amt), txtRight(tot.String(), amt))

		t.heading("BIAYA PINJAMAN PER ANGGOTA (" + pl.Package + ")")
		var cb strings.Builder
		_ = schedule.WriteComparison(&cb, schedule.NamedDisclosure{Name: pl.Package, Disclosure: pl.Disclosure})
		for _, l := range strings.Split(strings.TrimRight(cb.String(), "\n"), "\n") {
			t.line(l)
		}
		share := "seluruh jasa"
		if sp := s.Split; sp.Lenders == 0 {
			share = "tidak ada bagian jasa"
		} else if sp.Lenders != max(sp.Den, 1) {
			share = strconv.FormatInt(sp.Lenders, 10) + "/" + strconv.FormatInt(max(sp.Den, 1), 10) + " dari jasa"
		}
		t.field("Untuk pendana", share+" ("+pl.LendersMargin.String()+" per pinjaman "+pl.Price.String()+" bila lunas)")
	}

	t.heading("RIWAYAT KELOMPOK")
	if len(s.Record) == 0 {
		t.line("Siklus pertama kelompok: belum ada riwayat.")
	} else {
		rcols := []int{8, 12, 20, 20}
		t.line(txtRow(rcols, []string{"Siklus", "Angsuran", "Tepat waktu", "Terlambat terlama"}, false), "Tanggung renteng")
		for _, c := range s.Record {
			t.line(txtRow(rcols, []string{
				strconv.Itoa(c.Cycle), strconv.Itoa(c.Due),
				strconv.Itoa(c.OnTime) + " (" + percentBP(c.OnTimeBP()) + ")",
				strconv.Itoa(c.WorstDaysLate) + " hari",
			}, true), strconv.Itoa(c.Covers)+" kali")
		}
	}

	fp := s.Funding
	t.heading("PENDANAAN")
	unit := fp.ShareUnit.Minor()
	t.field("Dibutuhkan", fp.Requested.String()+" ("+strconv.FormatInt(fp.Requested.Minor()/unit, 10)+" bagian @ "+fp.ShareUnit.String()+")")
	t.field("Terkumpul", fp.Pledged.String()+" ("+percentBP(fp.PledgedBP)+") dari "+strconv.Itoa(len(fp.Lenders))+" pemberi pinjaman")
	t.field("Kekurangan", fp.Remaining.String()+" ("+strconv.FormatInt(fp.Remaining.Minor()/unit, 10)+" bagian)")
	t.field("Masa pendanaan", fp.Opens.String()+" s.d. "+fp.Closes.String())
	t.field("Status", wordString(statusKata, int(fp.Status)))
	t.line()
	for _, l := range txtWrap("Dana berasal dari simpanan sukarela pemberi pinjaman dan ditahan sampai pencairan. Bila dana belum terkumpul penuh sampai akhir masa pendanaan, seluruh dana yang ditahan dikembalikan.", TextWidth) {
		t.line(l)
	}
	t.rule("=")
}

// statusKata are the facility statuses in Indonesian, by status.
var statusKata = []string{
	"terbuka untuk pendanaan",
	"dana terkumpul penuh",
	"masa pendanaan berakhir, dana dikembalikan",
	"dibatalkan, dana dikembalikan",
	"sudah dicairkan",
}

func (s FactSheet) planOf(code string) SheetPlan {
	i := slices.IndexFunc(s.Plans, func(p SheetPlan) bool { return p.Package == code })
	if i < 0 {
		return SheetPlan{}
	}
	return s.Plans[i]
}

func txtIDs(ids []members.ID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

func txtRWs(rw []int) string {
	s := make([]string, len(rw))
	for i, v := range rw {
		s[i] = txtTwo(v)
	}
	return strings.Join(s, ", ")
}

func txtTwo(n int) string {
	if n >= 0 && n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func txtSum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

// row lays cells out in columns of the given widths; a cell that does not
// fit is shortened (with "~" when shorten is set, else cut).
func txtRow(widths []int, cells []string, shorten bool) string {
	var b strings.Builder
	for i, c := range cells {
		w := widths[i]
		b.WriteString(txtPad(txtFit(c, w-1, shorten), w))
	}
	return b.String()
}

// fit shortens s to at most w runes.
func txtFit(s string, w int, mark bool) string {
	if utf8.RuneCountInString(s) <= w {
		return s
	}
	r := []rune(s)
	if mark && w > 0 {
		return string(r[:w-1]) + "~"
	}
	return string(r[:max(w, 0)])
}

func txtPad(s string, w int) string {
	if n := utf8.RuneCountInString(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

func txtRight(s string, w int) string {
	if n := utf8.RuneCountInString(s); n < w {
		return strings.Repeat(" ", w-n) + s
	}
	return s
}

func txtCenter(s string) string {
	n := utf8.RuneCountInString(s)
	if n >= TextWidth {
		return s
	}
	return strings.Repeat(" ", (TextWidth-n)/2) + s
}

// wrap breaks s into lines of at most w runes at spaces; a word longer
// than w is cut.
func txtWrap(s string, w int) []string {
	var lines []string
	var cur []rune
	for _, word := range strings.Fields(s) {
		wr := []rune(word)
		for len(wr) > w {
			if len(cur) > 0 {
				lines = append(lines, string(cur))
				cur = nil
			}
			lines = append(lines, string(wr[:w]))
			wr = wr[w:]
		}
		switch {
		case len(cur) == 0:
			cur = wr
		case len(cur)+1+len(wr) <= w:
			cur = append(append(cur, ' '), wr...)
		default:
			lines = append(lines, string(cur))
			cur = wr
		}
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, string(cur))
	}
	return lines
}
