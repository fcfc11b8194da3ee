package lending_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// mktBorrower is an active member with a fish-processing business.
func mktBorrower(id string) members.Member {
	return members.Member{
		ID: members.ID(id), Name: "Peminjam " + id, Status: members.Active,
		Address:  members.Address{RT: 2, RW: 8},
		Business: members.Business{Type: members.BusinessFishProcessing, Description: "pindang"},
	}
}

// mktDelivery is the Mekarmukti package for borrower id, eligible on day.
func mktDelivery(id string, on calendar.Date) lending.Delivery {
	return lending.Delivery{
		Loan:        lending.LoanID("L-G1-C1-" + id),
		Borrower:    mktBorrower(id),
		Eligibility: lending.Eligibility{Member: members.ID(id), On: on},
		Package:     lending.MekarmuktiPackageCode,
	}
}

// mktDisburseRequest delivers the package to M01..M0n on 2024-03-28.
func mktDisburseRequest(t mktT, n int) lending.DisburseRequest {
	on := mktDate(t, "2024-03-28")
	r := lending.DisburseRequest{Op: "OP-7", Date: on}
	for i := 1; i <= n; i++ {
		r.Deliveries = append(r.Deliveries, mktDelivery(fmt.Sprintf("M%02d", i), on))
	}
	return r
}

func TestDisburseMekarmukti(t *testing.T) {
	p, f := mktFunded(t, nil)
	c := lending.MekarmuktiCatalogue()
	r := mktDisburseRequest(t, 5)
	before := mktJSON(t, f)
	n, d, err := lending.Disburse(f, p, c, r)
	require.NoError(t, err)
	require.Equal(t, before, mktJSON(t, f), "the facility given is never changed")

	require.Equal(t, lending.FacilityDisbursed, n.Status)
	require.Equal(t, r.Date, n.ClosedOn)
	require.Equal(t, money.Rupiah(125000), n.Disbursed)
	require.Equal(t, []lending.LoanID{"L-G1-C1-M01", "L-G1-C1-M02", "L-G1-C1-M03", "L-G1-C1-M04", "L-G1-C1-M05"}, n.Loans)

	require.Equal(t, money.Rupiah(125000), d.Principal)
	require.Equal(t, money.Rupiah(105500), d.Cost)
	require.Len(t, d.Loans, 5)
	wantShares := []lending.Share{
		{Lender: "L01", Amount: money.Rupiah(8000)},
		{Lender: "L02", Amount: money.Rupiah(6000)},
		{Lender: "L03", Amount: money.Rupiah(5000)},
		{Lender: "L04", Amount: money.Rupiah(4000)},
		{Lender: "L05", Amount: money.Rupiah(2000)},
	}
	for i, l := range d.Loans {
		require.Equal(t, r.Deliveries[i].Loan, l.ID)
		require.Equal(t, r.Deliveries[i].Borrower.ID, l.Member)
		require.Equal(t, "G1", l.Group)
		require.Equal(t, f.ID, l.Facility)
		require.Equal(t, 1, l.Cycle)
		require.Equal(t, p.Code, l.Product)
		require.Equal(t, lending.MekarmuktiPackageCode, l.Package)
		require.Equal(t, r.Date, l.Disbursed)
		require.Equal(t, money.Rupiah(25000), l.Principal())
		require.Equal(t, money.Rupiah(25200), l.Schedule.Total)
		require.Equal(t, "2024-03-29", l.Schedule.Installments[0].Due.String())
		require.Equal(t, wantShares, l.Lenders, "each loan split 40:30:25:20:10")
		require.Equal(t, p.Split, l.Split)
		require.Equal(t, lending.MekarmuktiPackage().Lines, l.Goods)
		require.Equal(t, money.Rupiah(21100), l.Cost)
	}
	require.Equal(t, f.Lenders(), d.Lenders, "fully funded: every lender places all it pledged")
	require.Equal(t, []lending.HoldUse{
		{Pledge: "P1", Lender: "L01", Capture: money.Rupiah(30000), Release: money.Rupiah(0)},
		{Pledge: "P2", Lender: "L02", Capture: money.Rupiah(30000), Release: money.Rupiah(0)},
		{Pledge: "P3", Lender: "L03", Capture: money.Rupiah(25000), Release: money.Rupiah(0)},
		{Pledge: "P4", Lender: "L04", Capture: money.Rupiah(20000), Release: money.Rupiah(0)},
		{Pledge: "P5", Lender: "L01", Capture: money.Rupiah(10000), Release: money.Rupiah(0)},
		{Pledge: "P6", Lender: "L05", Capture: money.Rupiah(10000), Release: money.Rupiah(0)},
	}, d.Holds)
	require.Equal(t, []lending.GoodsLine{
		{Good: "BESEK-BH", Quantity: 50}, {Good: "BUMBU-PKT", Quantity: 5}, {Good: "GARAM-KG", Quantity: 10},
		{Good: "KAYU-IKAT", Quantity: 5}, {Good: "PLASTIK-PAK", Quantity: 5},
	}, d.Issued)

	require.Len(t, d.Entries, 10)
	require.Equal(t, ledger.Entry{
		ID: "OP-7/disburse/L-G1-C1-M01", Date: r.Date, Memo: "pencairan PAKET-PINDANG kepada M01, pinjaman L-G1-C1-M01",
		Refs: []ledger.Ref{{Key: "facility", Value: "F-G1-C1"}, {Key: "group", Value: "G1"}, {Key: "loan", Value: "L-G1-C1-M01"}, {Key: "member", Value: "M01"}},
		Postings: []ledger.Posting{
			ledger.Dr(ledger.MemberLoans, money.Rupiah(25000)), ledger.Cr(ledger.PackageSales, money.Rupiah(25000)),
			ledger.Dr(ledger.CostOfPackages, money.Rupiah(21100)), ledger.Cr(ledger.PackageInventory, money.Rupiah(21100)),
		},
	}, d.Entries[0])
	require.Equal(t, ledger.Entry{
		ID: "OP-7/fund/L01", Date: r.Date, Memo: "pendanaan F-G1-C1 oleh L01",
		Refs:     []ledger.Ref{{Key: "facility", Value: "F-G1-C1"}, {Key: "group", Value: "G1"}, {Key: "lender", Value: "L01"}},
		Postings: []ledger.Posting{ledger.Dr(ledger.PledgedFunds, money.Rupiah(40000)), ledger.Cr(ledger.LenderFunding, money.Rupiah(40000))},
	}, d.Entries[5])

	// Disbursing again is refused: the facility is closed.
	_, _, err = lending.Disburse(n, p, c, r)
	require.ErrorIs(t, err, lending.ErrClosed)
}

// TestDisburseEntriesPost posts a whole cycle into a journal with the
// standard chart: deposits, the inventory bought, the captures members
// makes, then the disbursement's entries. Every entry must be accepted
// (balanced, known accounts, no overdraft) and the balances must be what
// the flows in ledger.StandardChart say.
func TestDisburseEntriesPost(t *testing.T) {
	p, f := mktFunded(t, nil)
	r := mktDisburseRequest(t, 5)
	_, d, err := lending.Disburse(f, p, lending.MekarmuktiCatalogue(), r)
	require.NoError(t, err)

	j, err := ledger.New(money.IDR, ledger.StandardChart())
	require.NoError(t, err)
	day := mktDate(t, "2024-03-20")
	rp := money.Rupiah
	var setup []ledger.Entry
	for _, s := range f.Lenders() {
		setup = append(setup, ledger.Entry{ID: "deposit/" + string(s.Lender), Date: day, Postings: []ledger.Posting{ledger.Dr(ledger.Cash, rp(100000)), ledger.Cr(ledger.SukarelaSavings, rp(100000))}})
	}
	setup = append(setup, ledger.Entry{ID: "buy", Date: day, Postings: []ledger.Posting{ledger.Dr(ledger.PackageInventory, d.Cost), ledger.Cr(ledger.Cash, d.Cost)}})
	for _, h := range d.Holds {
		if h.Capture.IsPositive() {
			setup = append(setup, ledger.Entry{ID: "capture/" + string(h.Pledge), Date: r.Date, Postings: []ledger.Posting{ledger.Dr(ledger.SukarelaSavings, h.Capture), ledger.Cr(ledger.PledgedFunds, h.Capture)}})
		}
	}
	require.NoError(t, j.PostAll(setup...))
	for _, e := range d.Entries {
		require.NoError(t, j.Check(e), "entry %s balances on its own", e.ID)
	}
	require.NoError(t, j.PostAll(d.Entries...))

	bal := func(c ledger.Code) money.Amount {
		b, err := j.Balance(c)
		require.NoError(t, err)
		return b
	}
	require.Equal(t, rp(125000), bal(ledger.MemberLoans))
	require.Equal(t, rp(125000), bal(ledger.PackageSales))
	require.Equal(t, rp(105500), bal(ledger.CostOfPackages))
	require.Equal(t, rp(0), bal(ledger.PackageInventory), "every good bought went out")
	require.Equal(t, rp(0), bal(ledger.PledgedFunds), "every captured pledge became funding")
	require.Equal(t, rp(125000), bal(ledger.LenderFunding))
	require.Equal(t, rp(375000), bal(ledger.SukarelaSavings))
	tb := j.TrialBalance()
	require.Equal(t, tb.Debits, tb.Credits)
}

func TestDisburseRules(t *testing.T) {
	rp := money.Rupiah
	on := mktDate(t, "2024-03-28")
	tests := []struct {
		name     string
		facility func(t *testing.T) (lending.Product, lending.Facility)
		edit     func(*lending.DisburseRequest, *lending.Product)
		sentinel error
		rule     string // of a *DisburseError; "" for a *FacilityError
		loan     lending.LoanID
	}{
		{name: "not funded", facility: func(t *testing.T) (lending.Product, lending.Facility) {
			p, f := mktFacility(t, nil)
			return p, mktPledgeAll(t, f, mktPledge("P1", "L01", 100000, mktOpens(t)))
		}, sentinel: lending.ErrNotFunded},
		{name: "per package with nothing pledged", facility: func(t *testing.T) (lending.Product, lending.Facility) {
			return mktFacility(t, func(p *lending.Product) { p.Funding.Disbursal = lending.PerPackage })
		}, sentinel: lending.ErrNotFunded},
		{name: "per package with too little pledged", facility: func(t *testing.T) (lending.Product, lending.Facility) {
			p, f := mktFacility(t, func(p *lending.Product) { p.Funding.Disbursal = lending.PerPackage })
			return p, mktPledgeAll(t, f, mktPledge("P1", "L01", 70000, mktOpens(t)))
		}, edit: func(r *lending.DisburseRequest, _ *lending.Product) { r.Deliveries = r.Deliveries[:3] }, sentinel: lending.ErrNotFunded, rule: lending.RuleFunded},
		{name: "expired", facility: func(t *testing.T) (lending.Product, lending.Facility) {
			p, f := mktFacility(t, nil)
			f, _, err := f.Expire(f.Closes.AddDays(1))
			require.NoError(t, err)
			return p, f
		}, sentinel: lending.ErrClosed},
		{name: "cancelled", facility: func(t *testing.T) (lending.Product, lending.Facility) {
			p, f := mktFunded(t, nil)
			f, _, err := f.Cancel(f.Closes)
			require.NoError(t, err)
			return p, f
		}, sentinel: lending.ErrClosed},
		{name: "another product", edit: func(_ *lending.DisburseRequest, p *lending.Product) { p.Code = "LAIN" }, sentinel: lending.ErrInvalid, rule: lending.RuleProduct},
		{name: "product not valid", edit: func(_ *lending.DisburseRequest, p *lending.Product) { p.Split.Lenders = 5 }, sentinel: lending.ErrInvalid, rule: lending.RuleProduct},
		{name: "no operation ID", edit: func(r *lending.DisburseRequest, _ *lending.Product) { r.Op = "" }, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "operation ID too long", edit: func(r *lending.DisburseRequest, _ *lending.Product) { r.Op = string(make([]byte, 101)) }, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "no date", edit: func(r *lending.DisburseRequest, _ *lending.Product) { r.Date = calendar.Date{} }, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "before the latest pledge", edit: func(r *lending.DisburseRequest, _ *lending.Product) { r.Date = mktOpens(t).AddDays(4) }, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "first due before disbursement", edit: func(r *lending.DisburseRequest, _ *lending.Product) { r.FirstDue = on.AddDays(-1) }, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "nobody", edit: func(r *lending.DisburseRequest, _ *lending.Product) { r.Deliveries = nil }, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "no loan ID", edit: func(r *lending.DisburseRequest, _ *lending.Product) { r.Deliveries[2].Loan = "" }, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "loan ID twice", edit: func(r *lending.DisburseRequest, _ *lending.Product) { r.Deliveries[2].Loan = r.Deliveries[1].Loan }, sentinel: lending.ErrInvalid, rule: lending.RuleRequest, loan: "L-G1-C1-M02"},
		{name: "member twice", edit: func(r *lending.DisburseRequest, _ *lending.Product) {
			r.Deliveries[2].Borrower = r.Deliveries[1].Borrower
			r.Deliveries[2].Eligibility.Member = r.Deliveries[1].Borrower.ID
		}, sentinel: lending.ErrInvalid, rule: lending.RuleRequest, loan: "L-G1-C1-M03"},
		{name: "no borrower", edit: func(r *lending.DisburseRequest, _ *lending.Product) { r.Deliveries[2].Borrower.ID = "" }, sentinel: lending.ErrInvalid, rule: lending.RuleRequest, loan: "L-G1-C1-M03"},
		{name: "borrower not eligible", edit: func(r *lending.DisburseRequest, _ *lending.Product) {
			r.Deliveries[3].Eligibility.Violations = []members.Violation{{Code: members.CodeMembershipTooShort, Message: "a member for 2 months, 3 are needed"}}
		}, sentinel: lending.ErrNotEligible, rule: lending.RuleEligibility, loan: "L-G1-C1-M04"},
		{name: "eligibility checked before the day", edit: func(r *lending.DisburseRequest, _ *lending.Product) { r.Deliveries[3].Eligibility.On = on.AddDays(-1) },
			sentinel: lending.ErrNotEligible, rule: lending.RuleEligibility, loan: "L-G1-C1-M04"},
		{name: "eligibility not checked", edit: func(r *lending.DisburseRequest, _ *lending.Product) {
			r.Deliveries[3].Eligibility = lending.Eligibility{}
		},
			sentinel: lending.ErrNotEligible, rule: lending.RuleEligibility, loan: "L-G1-C1-M04"},
		{name: "business not financed", edit: func(r *lending.DisburseRequest, _ *lending.Product) {
			r.Deliveries[0].Borrower.Business.Type = "warung"
		},
			sentinel: lending.ErrNotEligible, rule: lending.RuleBusiness, loan: "L-G1-C1-M01"},
		{name: "unknown package", edit: func(r *lending.DisburseRequest, _ *lending.Product) { r.Deliveries[0].Package = "PAKET-X" },
			sentinel: lending.ErrNotFound, rule: lending.RulePackage, loan: "L-G1-C1-M01"},
		{name: "goods not in the catalogue", edit: func(r *lending.DisburseRequest, _ *lending.Product) {
			r.Deliveries[0].Lines = []lending.GoodsLine{{Good: "ES-BALOK", Quantity: 1}}
		}, sentinel: lending.ErrNotFound, rule: lending.RulePackage, loan: "L-G1-C1-M01"},
		{name: "goods with no quantity", edit: func(r *lending.DisburseRequest, _ *lending.Product) {
			r.Deliveries[0].Lines = []lending.GoodsLine{{Good: "GARAM-KG", Quantity: 0}}
		}, sentinel: lending.ErrInvalid, rule: lending.RulePackage, loan: "L-G1-C1-M01"},
		{name: "goods over the member limit", edit: func(r *lending.DisburseRequest, _ *lending.Product) {
			r.Deliveries[4].Lines = append(slices.Clone(lending.MekarmuktiPackage().Lines[:4]), lending.GoodsLine{Good: "PLASTIK-PAK", Quantity: 2})
		}, sentinel: lending.ErrLimitExceeded, rule: lending.RuleMemberCap, loan: "L-G1-C1-M05"},
		{name: "over the group limit", facility: func(t *testing.T) (lending.Product, lending.Facility) {
			p, f := mktFunded(t, nil)
			f.Limit = rp(100000) // a facility decoded from a host's records
			return p, f
		}, sentinel: lending.ErrLimitExceeded, rule: lending.RuleGroupLimit},
		{name: "no schedule for a smaller loan", facility: func(t *testing.T) (lending.Product, lending.Facility) {
			return mktFunded(t, func(p *lending.Product) {
				p.Terms.Rounding = schedule.Rounding{Installment: money.Rounding{Step: 500, Mode: money.Up}}
			})
		}, edit: func(r *lending.DisburseRequest, p *lending.Product) {
			p.Terms.Rounding = schedule.Rounding{Installment: money.Rounding{Step: 500, Mode: money.Up}}
			r.Deliveries[1].Lines = []lending.GoodsLine{{Good: "GARAM-KG", Quantity: 1}}
		}, sentinel: schedule.ErrUnbalanced, rule: lending.RuleSchedule, loan: "L-G1-C1-M02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p lending.Product
			var f lending.Facility
			if tt.facility != nil {
				p, f = tt.facility(t)
			} else {
				p, f = mktFunded(t, nil)
			}
			r := mktDisburseRequest(t, 5)
			if tt.edit != nil {
				tt.edit(&r, &p)
			}
			before, req := mktJSON(t, f), mktJSON(t, r)
			n, d, err := lending.Disburse(f, p, lending.MekarmuktiCatalogue(), r)
			require.ErrorIs(t, err, tt.sentinel)
			require.Equal(t, before, mktJSON(t, f), "the facility given is never changed")
			require.Equal(t, before, mktJSON(t, n), "a refused disbursement returns the facility unchanged")
			require.Equal(t, req, mktJSON(t, r), "the request is never changed")
			require.Empty(t, d.Loans)
			require.Empty(t, d.Entries)
			if tt.rule == "" {
				var fe *lending.FacilityError
				require.ErrorAs(t, err, &fe)
				require.Equal(t, "disburse", fe.Op)
				return
			}
			var de *lending.DisburseError
			require.ErrorAs(t, err, &de, err.Error())
			require.Equal(t, tt.rule, de.Rule, err.Error())
			require.Equal(t, tt.loan, de.Loan)
			require.Equal(t, f.ID, de.Facility)
			if tt.rule == lending.RuleEligibility {
				require.Equal(t, r.Deliveries[3].Eligibility.Violations, de.Violations)
			}
		})
	}
}

func TestDisburseErrorMessage(t *testing.T) {
	p, f := mktFunded(t, nil)
	r := mktDisburseRequest(t, 5)
	r.Deliveries[4].Lines = []lending.GoodsLine{{Good: "BESEK-BH", Quantity: 40}}
	_, _, err := lending.Disburse(f, p, lending.MekarmuktiCatalogue(), r)
	require.EqualError(t, err, "lending: cannot disburse facility F-G1-C1 (loan L-G1-C1-M05 to M05): the goods are worth Rp32.000, above the member limit Rp25.000")
	var de *lending.DisburseError
	require.ErrorAs(t, err, &de)
	require.Equal(t, money.Rupiah(32000), de.Amount)
	require.Equal(t, money.Rupiah(25000), de.Limit)

	_, open := mktFacility(t, nil)
	_, _, err = lending.Disburse(open, p, lending.MekarmuktiCatalogue(), r)
	require.EqualError(t, err, "lending: cannot disburse facility F-G1-C1: the facility is not funded: Rp0 pledged of Rp125.000")
}

// TestDisbursePartial: fewer packages than funded, tailored goods, uneven
// pledges and a per-package facility: shares still sum exactly per loan
// and per lender, and what is not used is released.
func TestDisbursePartial(t *testing.T) {
	p, f := mktFacility(t, func(p *lending.Product) {
		p.Funding.Disbursal = lending.PerPackage
		p.Funding.ShareUnit = money.Amount{}
	})
	d0 := mktOpens(t)
	f = mktPledgeAll(t, f,
		mktPledge("P1", "L03", 10001, d0),
		mktPledge("P2", "L01", 20000, d0),
		mktPledge("P3", "L02", 33333, d0.AddDays(1)),
		mktPledge("P4", "L01", 7000, d0.AddDays(1)),
	) // 70.334 pledged of 125.000
	r := mktDisburseRequest(t, 3)
	r.Deliveries[1].Lines = []lending.GoodsLine{{Good: "BESEK-BH", Quantity: 20}, {Good: "GARAM-KG", Quantity: 1}} // Rp18.000
	n, d, err := lending.Disburse(f, p, lending.MekarmuktiCatalogue(), r)
	require.NoError(t, err)
	require.Equal(t, lending.FacilityDisbursed, n.Status)
	require.Equal(t, money.Rupiah(68000), d.Principal)
	require.Equal(t, money.Rupiah(68000), n.Disbursed)

	// 68.000 split 10.001 : 27.000 : 33.333 of 70.334.
	require.Equal(t, []lending.Share{
		{Lender: "L01", Amount: money.Rupiah(26104)},
		{Lender: "L02", Amount: money.Rupiah(32227)},
		{Lender: "L03", Amount: money.Rupiah(9669)},
	}, d.Lenders)
	perLender := map[members.ID]int64{}
	for _, l := range d.Loans {
		var sum int64
		for _, s := range l.Lenders {
			require.True(t, s.Amount.IsPositive())
			sum += s.Amount.Minor()
			perLender[s.Lender] += s.Amount.Minor()
		}
		require.Equal(t, l.Principal().Minor(), sum, "loan %s", l.ID)
	}
	for _, s := range d.Lenders {
		require.Equal(t, s.Amount.Minor(), perLender[s.Lender])
	}
	require.Equal(t, money.Rupiah(18000), d.Loans[1].Principal())
	require.Equal(t, []lending.GoodsLine{{Good: "BESEK-BH", Quantity: 20}, {Good: "GARAM-KG", Quantity: 1}}, d.Loans[1].Goods)
	require.Equal(t, money.Rupiah(14700), d.Loans[1].Cost)

	// Holds: L01's 26.104 comes from P2 (20.000) then P4 (6.104).
	require.Equal(t, []lending.HoldUse{
		{Pledge: "P1", Lender: "L03", Capture: money.Rupiah(9669), Release: money.Rupiah(332)},
		{Pledge: "P2", Lender: "L01", Capture: money.Rupiah(20000), Release: money.Rupiah(0)},
		{Pledge: "P3", Lender: "L02", Capture: money.Rupiah(32227), Release: money.Rupiah(1106)},
		{Pledge: "P4", Lender: "L01", Capture: money.Rupiah(6104), Release: money.Rupiah(896)},
	}, d.Holds)
}

func TestDisburseFirstDue(t *testing.T) {
	p, f := mktFunded(t, nil)
	r := mktDisburseRequest(t, 5)
	r.FirstDue = mktDate(t, "2024-04-01")
	_, d, err := lending.Disburse(f, p, lending.MekarmuktiCatalogue(), r)
	require.NoError(t, err)
	require.Equal(t, "2024-04-01", d.Loans[0].Schedule.Installments[0].Due.String())
	require.Equal(t, "2024-04-06", d.Loans[0].Schedule.Installments[5].Due.String())
}

func BenchmarkDisburse(b *testing.B) {
	p, f := mktFunded(b, nil)
	c := lending.MekarmuktiCatalogue()
	r := mktDisburseRequest(b, 5)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := lending.Disburse(f, p, c, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPledge(b *testing.B) {
	_, f := mktFacility(b, nil)
	f = mktPledgeAll(b, f, mktPledge("P1", "L01", 50000, mktOpens(b)), mktPledge("P2", "L02", 25000, mktOpens(b)))
	r := mktPledge("P3", "L03", 25000, mktOpens(b).AddDays(1))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := f.Pledge(r); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFundingProperties: random pledge sequences (some malformed, late,
// ineligible, too large, repeated) then a disbursement of random goods.
// Pledges never take a facility past its request or a lender past its free
// balance; a refused pledge changes nothing; a disbursement's shares sum
// exactly to each loan's principal and to each lender's funding, which
// never exceeds its pledges; holds capture what is funded and release the
// rest; every entry balances.
func TestFundingProperties(t *testing.T) {
	goods := lending.MekarmuktiCatalogue().Goods()
	rapid.Check(t, func(rt *rapid.T) {
		unit := rapid.SampledFrom([]int64{1, 100, 1000, 5000}).Draw(rt, "unit")
		p := lending.MekarmuktiProduct()
		p.MemberLimit = money.Rupiah(1_000_000)
		p.Funding.ShareUnit = money.Rupiah(unit)
		p.Funding.Disbursal = rapid.SampledFrom([]lending.Disbursal{lending.WhenFullyFunded, lending.PerPackage, lending.PerPackage}).Draw(rt, "disbursal")
		p.Funding.ConcentrationHard = rapid.IntRange(0, 4).Draw(rt, "hard") == 0
		if rapid.Bool().Draw(rt, "lender limit") {
			p.Funding.MaxPerLender = money.Rupiah(unit * rapid.Int64Range(1, 100).Draw(rt, "max shares"))
		}
		requested := 5000 * rapid.Int64Range(1, 40).Draw(rt, "packages") // unit divides 5000
		opens := mktOpens(rt)
		f, err := lending.OpenFacility(p, lending.FacilityRequest{ID: "F", Group: "G", Cycle: 1, Requested: money.Rupiah(requested), Limit: money.Rupiah(requested), Opens: opens})
		require.NoError(rt, err)

		nl := rapid.IntRange(1, 6).Draw(rt, "lenders")
		free := make([]int64, nl)
		start := make([]int64, nl)
		for i := range free {
			free[i] = requested - rapid.Int64Range(0, requested).Draw(rt, "free") // mostly large
			start[i] = free[i]
		}
		outstanding := rapid.Int64Range(0, 50*requested).Draw(rt, "outstanding")
		var sent []lending.PledgeRequest
		steps := rapid.IntRange(1, 30).Draw(rt, "steps")
		for k := range steps {
			var r lending.PledgeRequest
			if len(sent) > 0 && rapid.IntRange(0, 9).Draw(rt, "repeat") == 0 {
				r = sent[rapid.IntRange(0, len(sent)-1).Draw(rt, "which")]
				r.Free = money.Rupiah(free[r.Lender[1]-'0']) // the balance now
			} else {
				li := rapid.IntRange(0, nl-1).Draw(rt, "lender")
				amount := unit * (requested/unit - rapid.Int64Range(0, requested/unit).Draw(rt, "amount shares")) // mostly large
				if rapid.IntRange(0, 9).Draw(rt, "odd") == 0 {
					amount += rapid.Int64Range(1, 99).Draw(rt, "odd amount")
				}
				on := opens.AddDays(rapid.IntRange(-1, p.Funding.Window()).Draw(rt, "day"))
				r = mktPledge(fmt.Sprintf("P%d", k), fmt.Sprintf("L%d", li), amount, on)
				r.Free = money.Rupiah(free[li])
				r.Outstanding = money.Rupiah(outstanding)
				if rapid.IntRange(0, 9).Draw(rt, "ineligible") == 0 {
					r.Eligibility.Violations = []members.Violation{{Code: members.CodeSavingsWajibArrears}}
				}
				sent = append(sent, r)
			}
			before := mktJSON(rt, f)
			n, res, err := f.Pledge(r)
			if err != nil || res.Duplicate {
				require.Equal(rt, before, mktJSON(rt, n), "refused or repeated: nothing changed")
				f = n
				continue
			}
			li := int(r.Lender[1] - '0')
			a := res.Pledge.Amount.Minor()
			require.LessOrEqual(rt, a, free[li], "never more than the free balance")
			require.LessOrEqual(rt, a, r.Amount.Minor())
			require.Zero(rt, a%unit, "whole shares")
			free[li] -= a // the Book places the hold
			f = n
			require.LessOrEqual(rt, f.Pledged().Minor(), requested, "never more than requested")
			require.Equal(rt, f.Pledged().Minor() == requested, f.Status == lending.FacilityFunded)
		}
		for _, s := range f.Lenders() {
			li := int(s.Lender[1] - '0')
			require.Equal(rt, start[li]-free[li], s.Amount.Minor())
			if lim := p.Funding.MaxPerLender; !lim.IsZero() {
				require.LessOrEqual(rt, s.Amount.Cmp(lim), 0)
			}
		}

		// Disburse random goods to random members, mostly within what is
		// pledged.
		on := f.Closes.AddDays(1)
		r := lending.DisburseRequest{Op: "OP", Date: on}
		budget := f.Pledged().Minor()
		if rapid.IntRange(0, 4).Draw(rt, "overspend") == 0 {
			budget = 1 << 40
		}
		var total int64
		for i := range rapid.IntRange(1, 6).Draw(rt, "members") {
			d := mktDelivery(fmt.Sprintf("M%d", i), on)
			for _, g := range goods {
				q := min(rapid.Int64Range(0, 5).Draw(rt, "quantity"), (budget-total)/g.Price.Minor())
				if q > 0 {
					d.Lines = append(d.Lines, lending.GoodsLine{Good: g.Code, Quantity: q})
					total += q * g.Price.Minor()
				}
			}
			if len(d.Lines) == 0 {
				break
			}
			r.Deliveries = append(r.Deliveries, d)
		}
		if len(r.Deliveries) == 0 {
			return
		}
		n, d, err := lending.Disburse(f, p, lending.MekarmuktiCatalogue(), r)
		if err != nil {
			ok := total > f.Pledged().Minor() || f.Disbursable().IsZero()
			require.True(rt, ok, "refused only when not funded enough: %v", err)
			require.Equal(rt, mktJSON(rt, f), mktJSON(rt, n))
			return
		}
		require.Equal(rt, total, d.Principal.Minor())
		pledged := map[members.ID]int64{}
		for _, s := range f.Lenders() {
			pledged[s.Lender] = s.Amount.Minor()
		}
		funded := map[members.ID]int64{}
		var sumFunding int64
		for _, s := range d.Lenders {
			funded[s.Lender] = s.Amount.Minor()
			sumFunding += s.Amount.Minor()
			require.LessOrEqual(rt, s.Amount.Minor(), pledged[s.Lender], "never more than pledged")
		}
		require.Equal(rt, total, sumFunding)
		perLender := map[members.ID]int64{}
		for _, l := range d.Loans {
			var sum int64
			for k, s := range l.Lenders {
				require.True(rt, s.Amount.IsPositive())
				if k > 0 {
					require.Less(rt, l.Lenders[k-1].Lender, s.Lender, "sorted by lender")
				}
				sum += s.Amount.Minor()
				perLender[s.Lender] += s.Amount.Minor()
			}
			require.Equal(rt, l.Principal().Minor(), sum, "shares sum to the principal")
		}
		require.Equal(rt, funded, perLender, "shares sum to each lender's funding")
		captured := map[members.ID]int64{}
		for k, h := range d.Holds {
			require.Equal(rt, f.Pledges[k].Amount.Minor(), h.Capture.Minor()+h.Release.Minor())
			require.False(rt, h.Capture.IsNegative() || h.Release.IsNegative())
			captured[h.Lender] += h.Capture.Minor()
		}
		for l, v := range funded {
			require.Equal(rt, v, captured[l])
		}
		for _, e := range d.Entries {
			var dr, cr int64
			for _, po := range e.Postings {
				require.True(rt, po.Amount.IsPositive(), e.ID)
				if po.Side == ledger.Debit {
					dr += po.Amount.Minor()
				} else {
					cr += po.Amount.Minor()
				}
			}
			require.Equal(rt, dr, cr, e.ID)
		}
	})
}

// A funded facility is disbursed in kind: each member receives the
// pindang package, the loans are funded pro rata by the lenders' pledges,
// and the journal entries are returned for posting.
func ExampleDisburse() {
	product, catalogue := lending.MekarmuktiProduct(), lending.MekarmuktiCatalogue()
	opens, _ := calendar.ParseDate("2024-03-21")
	f, _ := lending.OpenFacility(product, lending.FacilityRequest{
		ID: "F-G1-C1", Group: "G1", Cycle: 1,
		Requested: money.Rupiah(50000), Limit: money.Rupiah(125000), Opens: opens,
	})
	for i, amount := range []int64{30000, 20000} {
		lender := members.ID(fmt.Sprintf("L%02d", i+1))
		f, _, _ = f.Pledge(lending.PledgeRequest{
			ID: lending.PledgeID(fmt.Sprintf("P%d", i+1)), Lender: lender, Amount: money.Rupiah(amount), Date: opens,
			Eligibility: lending.Eligibility{Member: lender, On: opens},
			Free:        money.Rupiah(100000), Outstanding: money.Rupiah(1_000_000),
		})
	}

	day, _ := calendar.ParseDate("2024-03-28")
	var deliveries []lending.Delivery
	for _, id := range []members.ID{"M01", "M02"} {
		deliveries = append(deliveries, lending.Delivery{
			Loan:        lending.LoanID("L-" + string(id)),
			Borrower:    members.Member{ID: id, Business: members.Business{Type: members.BusinessFishProcessing}},
			Eligibility: lending.Eligibility{Member: id, On: day}, // the borrower policy's check
			Package:     lending.MekarmuktiPackageCode,
		})
	}
	f, d, err := lending.Disburse(f, product, catalogue, lending.DisburseRequest{Op: "OP-1", Date: day, Deliveries: deliveries})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("facility", f.Status, f.Disbursed)
	for _, l := range d.Loans {
		fmt.Printf("%s to %s: %s, repaid %d x %s from %s; funded by %v\n", l.ID, l.Member, l.Principal(),
			len(l.Schedule.Installments), l.Schedule.Installments[0].Total, l.Schedule.Installments[0].Due, l.Lenders)
	}
	for _, h := range d.Holds {
		fmt.Printf("hold %s of %s: capture %s, release %s\n", h.Pledge, h.Lender, h.Capture, h.Release)
	}
	for _, e := range d.Entries {
		fmt.Print(e.ID)
		for _, p := range e.Postings {
			fmt.Printf("  %s %s %s", p.Side, p.Account, p.Amount)
		}
		fmt.Println()
	}
	// Output:
	// facility disbursed Rp50.000
	// L-M01 to M01: Rp25.000, repaid 6 x Rp4.200 from 2024-03-29; funded by [{L01 Rp15.000} {L02 Rp10.000}]
	// L-M02 to M02: Rp25.000, repaid 6 x Rp4.200 from 2024-03-29; funded by [{L01 Rp15.000} {L02 Rp10.000}]
	// hold P1 of L01: capture Rp30.000, release Rp0
	// hold P2 of L02: capture Rp20.000, release Rp0
	// OP-1/disburse/L-M01  debit 111 Rp25.000  credit 403 Rp25.000  debit 501 Rp21.100  credit 121 Rp21.100
	// OP-1/disburse/L-M02  debit 111 Rp25.000  credit 403 Rp25.000  debit 501 Rp21.100  credit 121 Rp21.100
	// OP-1/fund/L01  debit 202 Rp30.000  credit 203 Rp30.000
	// OP-1/fund/L02  debit 202 Rp20.000  credit 203 Rp20.000
}

// TestMarketplaceJSON: requests and results round-trip through JSON, so a
// host can log them as commands and events.
func TestMarketplaceJSON(t *testing.T) {
	roundTrip := func(t *testing.T, v, into any) {
		t.Helper()
		b, err := json.Marshal(v)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, into))
		require.Empty(t, mktDiff(v, reflect.ValueOf(into).Elem().Interface()))
		b2, err := json.Marshal(into)
		require.NoError(t, err)
		require.Equal(t, string(b), string(b2))
	}
	p, f := mktFunded(t, nil)
	r := mktDisburseRequest(t, 5)
	r.FirstDue = mktDate(t, "2024-03-30")
	r.Deliveries[0].Lines = []lending.GoodsLine{{Good: "GARAM-KG", Quantity: 3}}
	r.Deliveries[1].Eligibility.Violations = nil
	_, d, err := lending.Disburse(f, p, lending.MekarmuktiCatalogue(), r)
	require.NoError(t, err)
	roundTrip(t, r, &lending.DisburseRequest{})
	roundTrip(t, d, &lending.Disbursement{})
	roundTrip(t, d.Loans[0], &lending.Loan{})

	pr := mktPledge("P9", "L09", 5000, mktOpens(t))
	pr.Eligibility.Violations = []members.Violation{{Code: members.CodeDocumentsKK, Saw: "no KK", Want: "a copy of the KK", Message: "m", Pesan: "p"}}
	roundTrip(t, pr, &lending.PledgeRequest{})
	roundTrip(t, lending.FacilityRequest{ID: "F", Group: "G", Cycle: 2, Requested: money.Rupiah(5), Limit: money.Rupiah(6), Opens: mktOpens(t)}, &lending.FacilityRequest{})
	_, f2 := mktFacility(t, nil)
	_, res, err := f2.Pledge(func() lending.PledgeRequest {
		r := mktPledge("P1", "L01", 130000, mktOpens(t))
		r.Outstanding = money.Amount{}
		return r
	}())
	require.NoError(t, err)
	require.Len(t, res.Warnings, 2)
	roundTrip(t, res, &lending.PledgeResult{})
}
