package pilot

import (
	"fmt"
	"time"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// Cycle is one of the pilot's three lending cycles.
type Cycle struct {
	N         int           // 1, 2, 3
	Published calendar.Date // facilities opened on the marketplace
	Stocked   calendar.Date // goods bought
	Disbursed calendar.Date // packages delivered
}

// Cycles are the pilot's cycles; see Assumptions for the dates.
func Cycles() []Cycle {
	return []Cycle{
		{1, Date(time.March, 21), Date(time.March, 27), Date(time.March, 28)},
		{2, Date(time.April, 15), Date(time.April, 19), Date(time.April, 22)},
		{3, Date(time.April, 29), Date(time.May, 3), Date(time.May, 6)},
	}
}

type pledge struct {
	lender members.ID
	amount int64
}

// pledgeSplit is how the lenders fund a group's Rp125.000 every cycle.
func pledgeSplit(g groups.ID) []pledge {
	switch g {
	case "G1":
		return []pledge{{"L01", 50_000}, {"L02", 50_000}, {"L03", 25_000}}
	case "G2":
		return []pledge{{"L03", 25_000}, {"L04", 50_000}, {"L05", 50_000}}
	}
	return []pledge{{"L01", 25_000}, {"L02", 25_000}, {"L03", 25_000}, {"L04", 25_000}, {"L05", 25_000}}
}

// Setup are the commands before the first cycle: members registered and
// paying their savings, lenders joining and depositing, groups formed with
// leaders and supervisors.
func Setup() []koperasi.Command {
	var cs []koperasi.Command
	add := func(c koperasi.Command) { cs = append(cs, c) }
	op := func(id string, d calendar.Date) koperasi.Op { return koperasi.Op{ID: id, Date: d} }
	joined := Date(time.January, 1).AddMonths(-1)
	for _, m := range Participants() {
		add(koperasi.RegisterMember{Op: op("reg-"+string(m.ID), joined), Member: m})
		add(koperasi.PayPokok{Op: op("pokok-"+string(m.ID), joined), Member: m.ID})
	}
	for _, month := range []time.Month{time.January, time.February, time.March} {
		cs = append(cs, wajib(Participants(), month, 5)...)
	}
	for _, m := range Lenders() {
		add(koperasi.RegisterMember{Op: op("reg-"+string(m.ID), Date(time.March, 5)), Member: m})
		add(koperasi.PayPokok{Op: op("pokok-"+string(m.ID), Date(time.March, 5)), Member: m.ID})
	}
	for _, m := range Lenders() {
		add(koperasi.Deposit{Op: op("sukarela-"+string(m.ID), Date(time.March, 7)), Member: m.ID, Amount: money.Rupiah(100_000)})
	}
	ids := make([]members.ID, 0, 15)
	for _, m := range Participants() {
		ids = append(ids, m.ID)
	}
	d := Date(time.March, 7)
	add(koperasi.FormGroups{Op: op("form-groups", d), Members: ids, Prefix: "G"})
	for _, a := range []struct {
		g              groups.ID
		leader, lender members.ID
	}{{"G1", "P05", "L01"}, {"G2", "P10", "L04"}, {"G3", "P11", "L02"}} {
		add(koperasi.AppointLeader{Op: op("leader-"+string(a.g), d), Group: a.g, Member: a.leader})
		add(koperasi.AppointSupervisor{Op: op("supervisor-"+string(a.g), d), Group: a.g, Lender: a.lender})
	}
	return cs
}

// wajib is everyone's simpanan wajib for a month, paid on the given day.
func wajib(ms []members.Member, month time.Month, day int) []koperasi.Command {
	cs := make([]koperasi.Command, 0, len(ms))
	ym, _ := calendar.NewYearMonth(2024, month)
	for _, m := range ms {
		cs = append(cs, koperasi.PayWajib{Op: koperasi.Op{ID: fmt.Sprintf("wajib-%s-%s", m.ID, ym), Date: Date(month, day)}, Member: m.ID, Month: ym})
	}
	return cs
}

// FacilityID is a group's facility in a cycle: "F-G1-1".
func FacilityID(g groups.ID, cycle int) lending.FacilityID {
	return lending.FacilityID(fmt.Sprintf("F-%s-%d", g, cycle))
}

// LoanID is a member's loan in a cycle: "K-P01-1" (kredit).
func LoanID(m members.ID, cycle int) lending.LoanID {
	return lending.LoanID(fmt.Sprintf("K-%s-%d", m, cycle))
}

// groupMembers are the members of each group as formation makes them (one
// group per RT; checked by the package's tests against the Book).
func groupMembers(g groups.ID) []members.ID {
	first := map[groups.ID]int{"G1": 1, "G2": 6, "G3": 11}[g]
	out := make([]members.ID, 5)
	for i := range out {
		out[i] = members.ID(fmt.Sprintf("P%02d", first+i))
	}
	return out
}

// Funding are a cycle's facilities published on the marketplace and the
// lenders' pledges.
func Funding(c Cycle) []koperasi.Command {
	var cs []koperasi.Command
	add := func(x koperasi.Command) { cs = append(cs, x) }
	for _, g := range GroupIDs() {
		add(koperasi.OpenFacility{Op: koperasi.Op{ID: fmt.Sprintf("publish-%s-%d", g, c.N), Date: c.Published}, Facility: FacilityID(g, c.N), Group: g, Product: ProductCode})
	}
	for i, g := range GroupIDs() {
		for _, p := range pledgeSplit(g) {
			add(koperasi.Pledge{Op: koperasi.Op{ID: fmt.Sprintf("pledge-%s-%s-%d", g, p.lender, c.N), Date: c.Published.AddDays(1 + i)}, Facility: FacilityID(g, c.N), Lender: p.lender, Amount: money.Rupiah(p.amount)})
		}
	}
	return cs
}

// Disbursement are a cycle's goods bought and packages delivered.
func Disbursement(c Cycle) []koperasi.Command {
	var cs []koperasi.Command
	add := func(x koperasi.Command) { cs = append(cs, x) }
	var lines []lending.GoodsLine
	for _, l := range lending.MekarmuktiPackage().Lines {
		lines = append(lines, lending.GoodsLine{Good: l.Good, Quantity: l.Quantity * 15})
	}
	add(koperasi.StockGoods{Op: koperasi.Op{ID: fmt.Sprintf("stock-%d", c.N), Date: c.Stocked}, Lines: lines})
	for _, g := range GroupIDs() {
		var ds []koperasi.Delivery
		for _, m := range groupMembers(g) {
			ds = append(ds, koperasi.Delivery{Loan: LoanID(m, c.N), Member: m, Package: lending.MekarmuktiPackageCode})
		}
		add(koperasi.Disburse{Op: koperasi.Op{ID: fmt.Sprintf("disburse-%s-%d", g, c.N), Date: c.Disbursed}, Facility: FacilityID(g, c.N), Deliveries: ds})
	}
	return cs
}

// DueDates are a cycle's six due dates.
func DueDates(c Cycle) []calendar.Date {
	p := Product()
	ds, err := p.Terms.Frequency.Dates(Calendar().AddWorkingDays(c.Disbursed.AddDays(1), 0), p.Terms.Installments, Calendar(), p.Terms.Adjustment)
	if err != nil {
		panic(err) // the fixed dates of this package
	}
	return ds
}

// Repayment are a cycle's collections: on each due date every group meets
// and every member pays Rp4.200; then each group's cycle is closed.
func Repayment(c Cycle) []koperasi.Command {
	var cs []koperasi.Command
	for k, d := range DueDates(c) {
		for _, g := range GroupIDs() {
			var paid []lending.Collected
			for _, m := range groupMembers(g) {
				paid = append(paid, lending.Collected{Member: m, Amount: money.Rupiah(4_200)})
			}
			cs = append(cs, koperasi.Collect{Op: koperasi.Op{ID: fmt.Sprintf("collect-%s-%d-%d", g, c.N, k+1), Date: d}, Group: g, Paid: paid})
		}
	}
	last := DueDates(c)[5]
	for _, g := range GroupIDs() {
		cs = append(cs, koperasi.CloseCycle{Op: koperasi.Op{ID: fmt.Sprintf("close-%s-%d", g, c.N), Date: last}, Group: g})
	}
	return cs
}

// Commands are every command of the pilot, in date order: setup, then for
// each cycle its funding, the month's simpanan wajib, disbursement and
// repayment.
func Commands() []koperasi.Command {
	cs := Setup()
	everyone := append(Participants(), Lenders()...)
	for _, c := range Cycles() {
		if c.N == 2 {
			cs = append(cs, wajib(everyone, time.April, 5)...)
		}
		cs = append(cs, Funding(c)...)
		if c.N == 3 {
			cs = append(cs, wajib(everyone, time.May, 3)...)
		}
		cs = append(cs, Disbursement(c)...)
		cs = append(cs, Repayment(c)...)
	}
	return cs
}

// Book returns a Book with the whole pilot applied.
func Book() (*koperasi.Book, error) { return apply(Commands()) }
