package koperasi_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/examples/pilot"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
	"github.com/stretchr/testify/require"
)

// A synthetic koperasi for the benchmarks: as many groups of 5 borrowers
// as asked, a lender for every 10 groups, and one of two products: the
// pilot's 6 daily installments of Rp4.200 on a Rp25.000 package, or 52
// weekly annuity installments (24% a year, rounded up to Rp100) on a
// Rp500.000 working-capital package.

const (
	dailyProduct  = "HARIAN-6"
	weeklyProduct = "MINGGUAN-52"
	weeklyPackage = "PAKET-MODAL"
)

func syntheticConfig(t testing.TB) koperasi.Config {
	goods := []lending.Good{{Code: "MODAL-PKT", Name: "Modal kerja dalam barang", Unit: "paket", Cost: money.Rupiah(450_000), Price: money.Rupiah(500_000)}}
	for _, l := range lending.MekarmuktiPackage().Lines {
		g, ok := lending.MekarmuktiCatalogue().Good(l.Good)
		require.True(t, ok)
		goods = append(goods, g)
	}
	cat, err := lending.NewCatalogue(goods...)
	require.NoError(t, err)

	daily := pilot.Product()
	daily.Code, daily.BusinessTypes = dailyProduct, nil

	rate, err := money.Percent(24, money.PerYear)
	require.NoError(t, err)
	weekly := lending.Product{
		Code:     weeklyProduct,
		Name:     "Modal kerja, 52 angsuran mingguan",
		Packages: []lending.Package{{Code: weeklyPackage, Name: "Paket modal kerja", Lines: []lending.GoodsLine{{Good: "MODAL-PKT", Quantity: 1}}}},
		Terms: schedule.Terms{
			Method: schedule.Annuity, Rate: rate, Installments: 52,
			Frequency: calendar.Frequency{Unit: calendar.Weeks},
			Rounding:  schedule.Rounding{Installment: money.Rounding{Step: 100, Mode: money.Up}},
		},
		MemberLimit: money.Rupiah(500_000),
		Split:       lending.MarginSplit{Lenders: 3, Den: 4},
		Funding:     lending.FundingPolicy{ShareUnit: money.Rupiah(10_000), WindowDays: 14, ConcentrationBP: 10_000},
	}
	borrower := members.BorrowerPolicy{Rules: members.Rules{Documents: members.Documents{KTP: true, KK: true}, RequirePokok: true, MaxActiveLoans: 1}}
	lender := members.LenderPolicy{Rules: members.Rules{RequirePokok: true}}
	return koperasi.Config{
		Name:      "Koperasi Sintetis",
		Savings:   members.Config{Pokok: money.Rupiah(10_000), Wajib: money.Rupiah(5_000)},
		Borrower:  borrower,
		Lender:    lender,
		Catalogue: cat,
		Products:  []lending.Product{daily, weekly},
	}
}

// synthetic are the commands of a synthetic koperasi, in phases.
type synthetic struct {
	cfg      koperasi.Config
	setup    []koperasi.Command // members, lenders, groups, goods
	funding  []koperasi.Command // facilities and pledges
	disburse []koperasi.Command
	collect  []koperasi.Command // the weekly (or daily) collections, in date order
	loans    int
}

func (s synthetic) all() []koperasi.Command {
	var out []koperasi.Command
	for _, p := range [][]koperasi.Command{s.setup, s.funding, s.disburse, s.collect} {
		out = append(out, p...)
	}
	return out
}

// newSynthetic makes the commands for n groups on the product given, with
// the first collections up to meetings of them (every installment paid in
// full on its due date).
func newSynthetic(t testing.TB, n int, product string, meetings int) synthetic {
	s := synthetic{cfg: syntheticConfig(t)}
	p, ok := productOf(s.cfg, product)
	require.True(t, ok)
	pkg := p.Packages[0]
	joined := pilot.Date(time.January, 2)
	day := pilot.Date(time.February, 1)
	op := func(id string, d calendar.Date) koperasi.Op { return koperasi.Op{ID: id, Date: d} }
	nik := func(k int) members.NIK {
		// unique by district and serial for k below 99 x 9999
		v, err := members.ParseNIK(fmt.Sprintf("3217%02d%02d%02d%02d%04d", 1+k/9_999%99, 1+k%28, 1+k/28%12, 50+k/336%50, 1+k%9_999))
		require.NoError(t, err)
		return v
	}
	serial := 0
	member := func(id members.ID, rw, rt int, business string) members.Member {
		serial++
		return members.Member{
			ID: id, Name: "Anggota " + string(id), NIK: nik(serial), KK: fmt.Sprintf("3217%012d", serial),
			Address:  members.Address{RT: rt, RW: rw, Village: "Sintetis"},
			Business: members.Business{Type: business}, Joined: joined, Status: members.Active,
			Documents: members.Documents{KTP: true, KK: true},
		}
	}
	lenders := (n + 9) / 10
	amount := p.MemberLimit.Minor() * 5 // a group's facility
	for l := range lenders {
		id := members.ID(fmt.Sprintf("L%05d", l))
		s.setup = append(s.setup,
			koperasi.RegisterMember{Op: op("reg-"+string(id), joined), Member: member(id, 1, 1, "other")},
			koperasi.PayPokok{Op: op("pokok-"+string(id), joined), Member: id},
			koperasi.Deposit{Op: op("dep-"+string(id), joined), Member: id, Amount: money.Rupiah(amount * 10)})
	}
	gids := make([]groups.ID, n)
	ms := make([][]members.ID, n)
	for g := range n {
		gids[g] = groups.ID(fmt.Sprintf("G%05d", g))
		rw, rt := 1+g/100, 1+g%100
		for k := range 5 {
			id := members.ID(fmt.Sprintf("M%06d", 5*g+k))
			ms[g] = append(ms[g], id)
			s.setup = append(s.setup,
				koperasi.RegisterMember{Op: op("reg-"+string(id), joined), Member: member(id, rw, rt, members.BusinessFishProcessing)},
				koperasi.PayPokok{Op: op("pokok-"+string(id), joined), Member: id})
		}
		s.setup = append(s.setup, koperasi.CreateGroup{Op: op("create-"+string(gids[g]), day), Group: gids[g], Members: ms[g], Leader: ms[g][0]})
	}
	var lines []lending.GoodsLine
	for _, l := range pkg.Lines {
		lines = append(lines, lending.GoodsLine{Good: l.Good, Quantity: l.Quantity * int64(5*n)})
	}
	s.setup = append(s.setup, koperasi.StockGoods{Op: op("stock", day), Lines: lines})

	open, pledge, disbursed := day.AddDays(1), day.AddDays(2), day.AddDays(5)
	for g, gid := range gids {
		fid := lending.FacilityID("F-" + string(gid))
		l := members.ID(fmt.Sprintf("L%05d", g/10))
		s.funding = append(s.funding,
			koperasi.OpenFacility{Op: op("open-"+string(gid), open), Facility: fid, Group: gid, Product: product},
			koperasi.Pledge{Op: op("pledge-"+string(gid), pledge), Facility: fid, Lender: l, Amount: money.Rupiah(amount)})
		var ds []koperasi.Delivery
		for _, m := range ms[g] {
			ds = append(ds, koperasi.Delivery{Loan: lending.LoanID("K-" + string(m)), Member: m, Package: pkg.Code})
		}
		s.disburse = append(s.disburse, koperasi.Disburse{Op: op("disburse-"+string(gid), disbursed), Facility: fid, Deliveries: ds})
		s.loans += 5
	}
	sch, err := p.Schedule(p.MemberLimit, disbursed, calendar.Date{})
	require.NoError(t, err)
	for k, in := range sch.Installments[:min(meetings, len(sch.Installments))] {
		for g, gid := range gids {
			paid := make([]lending.Collected, 5)
			for i, m := range ms[g] {
				paid[i] = lending.Collected{Member: m, Amount: in.Total}
			}
			s.collect = append(s.collect, koperasi.Collect{Op: op(fmt.Sprintf("collect-%s-%d", gid, k+1), in.Due), Group: gid, Paid: paid})
		}
	}
	return s
}

// The synthetic koperasi runs: every command is accepted, the invariants
// hold, and its log replays.
func TestSynthetic(t *testing.T) {
	for _, product := range []string{dailyProduct, weeklyProduct} {
		t.Run(product, func(t *testing.T) {
			s := newSynthetic(t, 12, product, 6)
			b, err := koperasi.New(s.cfg)
			require.NoError(t, err)
			for _, c := range s.all() {
				_, err := b.Do(c)
				require.NoError(t, err, opOf(c).ID)
			}
			js := bookJSON(t, b)
			v := readView(t, js)
			require.Len(t, v.Loans, 60)
			checkBook(t, b, s.cfg, js, v)
		})
	}
}
