package lending_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// mktOpens is the first day of the test facilities' window: a week
// before the pilot's disbursement day, 2024-03-28.
func mktOpens(t mktT) calendar.Date { return mktDate(t, "2024-03-21") }

// mktFacility opens a Rp125.000 facility for group G1's first cycle under
// the Mekarmukti product (after edit), window 2024-03-21 to 2024-03-27.
func mktFacility(t mktT, edit func(*lending.Product)) (lending.Product, lending.Facility) {
	t.Helper()
	p := lending.MekarmuktiProduct()
	if edit != nil {
		edit(&p)
	}
	f, err := lending.OpenFacility(p, lending.FacilityRequest{
		ID: "F-G1-C1", Group: "G1", Cycle: 1,
		Requested: money.Rupiah(125000), Limit: money.Rupiah(125000), Opens: mktOpens(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	return p, f
}

// mktPledge is an eligible lender's pledge with a large free balance, in
// a koperasi with Rp10.000.000 outstanding, so that no concentration
// warning is due.
func mktPledge(id, lender string, amount int64, on calendar.Date) lending.PledgeRequest {
	return lending.PledgeRequest{
		ID: lending.PledgeID(id), Lender: members.ID(lender), Amount: money.Rupiah(amount), Date: on,
		Eligibility: lending.Eligibility{Member: members.ID(lender), On: on},
		Free:        money.Rupiah(1_000_000),
		Outstanding: money.Rupiah(10_000_000),
	}
}

// mktPledgeAll applies pledges, failing the test on an error.
func mktPledgeAll(t mktT, f lending.Facility, rs ...lending.PledgeRequest) lending.Facility {
	t.Helper()
	for _, r := range rs {
		var err error
		if f, _, err = f.Pledge(r); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// mktFunded is the test facility fully funded by five lenders on
// 2024-03-22 to 2024-03-26: L01 Rp40.000 (in two pledges), L02 Rp30.000,
// L03 Rp25.000, L04 Rp20.000, L05 Rp10.000.
func mktFunded(t mktT, edit func(*lending.Product)) (lending.Product, lending.Facility) {
	t.Helper()
	p, f := mktFacility(t, edit)
	d := mktOpens(t)
	f = mktPledgeAll(t, f,
		mktPledge("P1", "L01", 30000, d.AddDays(1)),
		mktPledge("P2", "L02", 30000, d.AddDays(1)),
		mktPledge("P3", "L03", 25000, d.AddDays(2)),
		mktPledge("P4", "L04", 20000, d.AddDays(3)),
		mktPledge("P5", "L01", 10000, d.AddDays(4)),
		mktPledge("P6", "L05", 10000, d.AddDays(5)),
	)
	if f.Status != lending.FacilityFunded {
		t.Fatalf("facility is %s", f.Status)
	}
	return p, f
}

func mktJSON(t mktT, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestOpenFacility(t *testing.T) {
	p, f := mktFacility(t, nil)
	require.Equal(t, lending.FacilityOpen, f.Status)
	require.Equal(t, "2024-03-21", f.Opens.String())
	require.Equal(t, "2024-03-27", f.Closes.String(), "a 7-day window counts its first day")
	require.Equal(t, p.Code, f.Product)
	require.Equal(t, money.Rupiah(0), f.Pledged())
	require.Equal(t, money.Rupiah(125000), f.Remaining())
	require.Equal(t, money.Rupiah(0), f.Disbursable())
	require.Empty(t, f.Lenders())

	// The default window is Kiva's 30 days.
	_, f30 := mktFacility(t, func(p *lending.Product) { p.Funding.WindowDays = 0 })
	require.Equal(t, "2024-04-19", f30.Closes.String())

	ok := lending.FacilityRequest{ID: "F", Group: "G", Cycle: 1, Requested: money.Rupiah(125000), Limit: money.Rupiah(125000), Opens: mktOpens(t)}
	tests := []struct {
		name     string
		edit     func(*lending.FacilityRequest, *lending.Product)
		sentinel error
	}{
		{"no ID", func(r *lending.FacilityRequest, _ *lending.Product) { r.ID = "" }, lending.ErrInvalid},
		{"no group", func(r *lending.FacilityRequest, _ *lending.Product) { r.Group = "" }, lending.ErrInvalid},
		{"cycle 0", func(r *lending.FacilityRequest, _ *lending.Product) { r.Cycle = 0 }, lending.ErrInvalid},
		{"no product code", func(_ *lending.FacilityRequest, p *lending.Product) { p.Code = "" }, lending.ErrInvalid},
		{"no opening date", func(r *lending.FacilityRequest, _ *lending.Product) { r.Opens = calendar.Date{} }, lending.ErrInvalid},
		{"nothing requested", func(r *lending.FacilityRequest, _ *lending.Product) { r.Requested = money.Rupiah(0) }, lending.ErrInvalid},
		{"requested in dollars", func(r *lending.FacilityRequest, _ *lending.Product) { r.Requested = money.USD.Amount(12500) }, lending.ErrInvalid},
		{"no limit", func(r *lending.FacilityRequest, _ *lending.Product) { r.Limit = money.Amount{} }, lending.ErrInvalid},
		{"above the group limit", func(r *lending.FacilityRequest, _ *lending.Product) { r.Limit = money.Rupiah(100000) }, lending.ErrLimitExceeded},
		{"not whole shares", func(r *lending.FacilityRequest, _ *lending.Product) { r.Requested = money.Rupiah(124000) }, lending.ErrInvalid},
		{"bad funding policy", func(_ *lending.FacilityRequest, p *lending.Product) { p.Funding.WindowDays = -3 }, lending.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, p := ok, lending.MekarmuktiProduct()
			tt.edit(&r, &p)
			_, err := lending.OpenFacility(p, r)
			require.ErrorIs(t, err, tt.sentinel)
		})
	}
}

func TestPledge(t *testing.T) {
	d := mktOpens(t)
	type setup struct {
		edit    func(*lending.Product)
		before  []lending.PledgeRequest
		expire  bool // expire the facility first
		request lending.PledgeRequest
	}
	tests := []struct {
		name     string
		setup    setup
		edit     func(*lending.PledgeRequest)
		sentinel error  // nil: accepted
		rule     string // of the PledgeError
		accepted int64
		refused  int64
		status   lending.FacilityStatus
		warnings []string
	}{
		{name: "accepted", setup: setup{request: mktPledge("P1", "L01", 25000, d)},
			accepted: 25000, status: lending.FacilityOpen},
		{name: "on the last day of the window", setup: setup{request: mktPledge("P1", "L01", 25000, d.AddDays(6))},
			accepted: 25000, status: lending.FacilityOpen},
		{name: "completes the facility", setup: setup{before: []lending.PledgeRequest{mktPledge("P1", "L01", 100000, d)}, request: mktPledge("P2", "L02", 25000, d.AddDays(1))},
			accepted: 25000, status: lending.FacilityFunded},
		{name: "over-pledge: the part beyond the request is refused", setup: setup{before: []lending.PledgeRequest{mktPledge("P1", "L01", 100000, d)}, request: mktPledge("P2", "L02", 40000, d)},
			accepted: 25000, refused: 15000, status: lending.FacilityFunded, warnings: []string{lending.WarnOverPledge}},
		{name: "over-pledge within the free balance after refusal", setup: setup{before: []lending.PledgeRequest{mktPledge("P1", "L01", 100000, d)}, request: mktPledge("P2", "L02", 40000, d)},
			edit: func(r *lending.PledgeRequest) { r.Free = money.Rupiah(25000) }, accepted: 25000, refused: 15000, status: lending.FacilityFunded, warnings: []string{lending.WarnOverPledge}},
		{name: "exactly the free balance", setup: setup{request: mktPledge("P1", "L01", 25000, d)},
			edit: func(r *lending.PledgeRequest) { r.Free = money.Rupiah(25000) }, accepted: 25000, status: lending.FacilityOpen},
		{name: "more than the free balance", setup: setup{request: mktPledge("P1", "L01", 25000, d)},
			edit: func(r *lending.PledgeRequest) { r.Free = money.Rupiah(24999) }, sentinel: lending.ErrInsufficientFunds, rule: lending.RuleFreeBalance},
		{name: "no free balance", setup: setup{request: mktPledge("P1", "L01", 5000, d)},
			edit: func(r *lending.PledgeRequest) { r.Free = money.Amount{} }, sentinel: lending.ErrInsufficientFunds, rule: lending.RuleFreeBalance},
		{name: "fully funded facility", setup: setup{before: []lending.PledgeRequest{mktPledge("P1", "L01", 125000, d)}, request: mktPledge("P2", "L02", 5000, d)},
			sentinel: lending.ErrClosed, rule: lending.RuleStatus},
		{name: "expired facility", setup: setup{expire: true, request: mktPledge("P2", "L02", 5000, d.AddDays(8))},
			sentinel: lending.ErrClosed, rule: lending.RuleStatus},
		{name: "before the window", setup: setup{request: mktPledge("P1", "L01", 5000, d.AddDays(-1))},
			sentinel: lending.ErrClosed, rule: lending.RuleWindow},
		{name: "after the window", setup: setup{request: mktPledge("P1", "L01", 5000, d.AddDays(7))},
			sentinel: lending.ErrClosed, rule: lending.RuleWindow},
		{name: "lender not eligible", setup: setup{request: mktPledge("P1", "L01", 5000, d)},
			edit: func(r *lending.PledgeRequest) {
				r.Eligibility.Violations = []members.Violation{{Code: members.CodeSavingsPokokUnpaid, Message: "simpanan pokok is not paid"}}
			}, sentinel: lending.ErrNotEligible, rule: lending.RuleEligibility},
		{name: "eligibility of another member", setup: setup{request: mktPledge("P1", "L01", 5000, d)},
			edit: func(r *lending.PledgeRequest) { r.Eligibility.Member = "L02" }, sentinel: lending.ErrNotEligible, rule: lending.RuleEligibility},
		{name: "eligibility checked another day", setup: setup{request: mktPledge("P1", "L01", 5000, d)},
			edit: func(r *lending.PledgeRequest) { r.Eligibility.On = d.AddDays(-30) }, sentinel: lending.ErrNotEligible, rule: lending.RuleEligibility},
		{name: "eligibility not checked", setup: setup{request: mktPledge("P1", "L01", 5000, d)},
			edit: func(r *lending.PledgeRequest) { r.Eligibility = lending.Eligibility{} }, sentinel: lending.ErrNotEligible, rule: lending.RuleEligibility},
		{name: "not whole shares", setup: setup{request: mktPledge("P1", "L01", 7500, d)},
			sentinel: lending.ErrInvalid, rule: lending.RuleShareUnit},
		{name: "any amount without a share unit", setup: setup{edit: func(p *lending.Product) { p.Funding.ShareUnit = money.Amount{} }, request: mktPledge("P1", "L01", 7501, d)},
			accepted: 7501, status: lending.FacilityOpen},
		{name: "within the per-lender limit", setup: setup{edit: func(p *lending.Product) { p.Funding.MaxPerLender = money.Rupiah(50000) },
			before: []lending.PledgeRequest{mktPledge("P1", "L01", 25000, d)}, request: mktPledge("P2", "L01", 25000, d)},
			accepted: 25000, status: lending.FacilityOpen},
		{name: "above the per-lender limit", setup: setup{edit: func(p *lending.Product) { p.Funding.MaxPerLender = money.Rupiah(50000) },
			before: []lending.PledgeRequest{mktPledge("P1", "L01", 25000, d)}, request: mktPledge("P2", "L01", 30000, d)},
			sentinel: lending.ErrLimitExceeded, rule: lending.RuleLenderLimit},
		{name: "another lender is not counted in the limit", setup: setup{edit: func(p *lending.Product) { p.Funding.MaxPerLender = money.Rupiah(50000) },
			before: []lending.PledgeRequest{mktPledge("P1", "L01", 50000, d)}, request: mktPledge("P2", "L02", 50000, d)},
			accepted: 50000, status: lending.FacilityOpen},
		{name: "concentration at the threshold", setup: setup{request: mktPledge("P1", "L01", 25000, d)},
			// 25.000 + 31.250 of 100.000 + 125.000 = 25%: not above
			edit: func(r *lending.PledgeRequest) {
				r.LenderOutstanding, r.Outstanding = money.Rupiah(31250), money.Rupiah(100000)
			}, accepted: 25000, status: lending.FacilityOpen},
		{name: "concentration above the threshold warns", setup: setup{request: mktPledge("P1", "L01", 25000, d)},
			edit: func(r *lending.PledgeRequest) {
				r.LenderOutstanding, r.Outstanding = money.Rupiah(31251), money.Rupiah(100000)
			}, accepted: 25000, status: lending.FacilityOpen, warnings: []string{lending.WarnConcentration}},
		{name: "concentration counts earlier pledges", setup: setup{before: []lending.PledgeRequest{mktPledge("P1", "L01", 50000, d)}, request: mktPledge("P2", "L01", 10000, d)},
			// 60.000 of 125.000 in a koperasi with nothing outstanding
			edit: func(r *lending.PledgeRequest) { r.Outstanding = money.Amount{} }, accepted: 10000, status: lending.FacilityOpen, warnings: []string{lending.WarnConcentration}},
		{name: "concentration hard", setup: setup{edit: func(p *lending.Product) { p.Funding.ConcentrationHard = true }, request: mktPledge("P1", "L01", 40000, d)},
			edit: func(r *lending.PledgeRequest) { r.Outstanding = money.Amount{} }, sentinel: lending.ErrLimitExceeded, rule: lending.RuleConcentration},
		{name: "concentration threshold raised", setup: setup{edit: func(p *lending.Product) { p.Funding.ConcentrationBP = 5000 }, request: mktPledge("P1", "L01", 60000, d)},
			edit: func(r *lending.PledgeRequest) { r.Outstanding = money.Amount{} }, accepted: 60000, status: lending.FacilityOpen},
		{name: "no ID", setup: setup{request: mktPledge("", "L01", 5000, d)}, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "no lender", setup: setup{request: mktPledge("P1", "", 5000, d)}, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "no date", setup: setup{request: mktPledge("P1", "L01", 5000, calendar.Date{})}, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "zero amount", setup: setup{request: mktPledge("P1", "L01", 0, d)}, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "negative amount", setup: setup{request: mktPledge("P1", "L01", -5000, d)}, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "amount in dollars", setup: setup{request: mktPledge("P1", "L01", 5000, d)},
			edit: func(r *lending.PledgeRequest) { r.Amount = money.USD.Amount(5000) }, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "negative free balance", setup: setup{request: mktPledge("P1", "L01", 5000, d)},
			edit: func(r *lending.PledgeRequest) { r.Free = money.Rupiah(-1) }, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "lender's outstanding above the koperasi's", setup: setup{request: mktPledge("P1", "L01", 5000, d)},
			edit: func(r *lending.PledgeRequest) { r.LenderOutstanding = money.Rupiah(20_000_000) }, sentinel: lending.ErrInvalid, rule: lending.RuleRequest},
		{name: "pledge ID reused for another pledge", setup: setup{before: []lending.PledgeRequest{mktPledge("P1", "L01", 5000, d)}, request: mktPledge("P1", "L01", 10000, d)},
			sentinel: lending.ErrConflict, rule: lending.RuleConflict},
		{name: "pledge ID reused by another lender", setup: setup{before: []lending.PledgeRequest{mktPledge("P1", "L01", 5000, d)}, request: mktPledge("P1", "L02", 5000, d)},
			sentinel: lending.ErrConflict, rule: lending.RuleConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, f := mktFacility(t, tt.setup.edit)
			f = mktPledgeAll(t, f, tt.setup.before...)
			if tt.setup.expire {
				var err error
				f, _, err = f.Expire(f.Closes.AddDays(1))
				require.NoError(t, err)
			}
			r := tt.setup.request
			if tt.edit != nil {
				tt.edit(&r)
			}
			before := mktJSON(t, f)
			n, res, err := f.Pledge(r)
			require.Equal(t, before, mktJSON(t, f), "the facility given is never changed")
			if tt.sentinel != nil {
				require.ErrorIs(t, err, tt.sentinel)
				var pe *lending.PledgeError
				require.ErrorAs(t, err, &pe)
				require.Equal(t, tt.rule, pe.Rule, err.Error())
				require.Equal(t, r.ID, pe.Pledge)
				require.Equal(t, before, mktJSON(t, n), "a refused pledge returns the facility unchanged")
				if tt.rule == lending.RuleEligibility {
					require.Equal(t, r.Eligibility.Violations, pe.Violations)
				}
				return
			}
			require.NoError(t, err)
			require.False(t, res.Duplicate)
			require.Equal(t, money.Rupiah(tt.accepted), res.Pledge.Amount)
			require.Equal(t, tt.refused, res.Refused.Minor())
			require.Equal(t, tt.status, n.Status)
			var codes []string
			for _, w := range res.Warnings {
				codes = append(codes, w.Code)
				require.Equal(t, r.Lender, w.Lender)
				require.NotEmpty(t, w.Message)
			}
			require.Equal(t, tt.warnings, codes)
			require.Equal(t, len(f.Pledges)+1, len(n.Pledges))
			require.Equal(t, res.Pledge, n.Pledges[len(n.Pledges)-1])
			require.LessOrEqual(t, n.Pledged().Cmp(n.Requested), 0)
			if n.Status == lending.FacilityFunded {
				require.Equal(t, r.Date, n.FundedOn)
				require.True(t, n.Remaining().IsZero())
			}
		})
	}
}

func TestPledgeDuplicate(t *testing.T) {
	d := mktOpens(t)
	_, f := mktFacility(t, nil)
	f = mktPledgeAll(t, f, mktPledge("P1", "L01", 100000, d))
	r := mktPledge("P2", "L02", 40000, d.AddDays(1))
	f2, res, err := f.Pledge(r)
	require.NoError(t, err)
	require.Equal(t, money.Rupiah(15000), res.Refused)

	// The same request again, also after the facility is funded: a no-op
	// that reports what was accepted.
	before := mktJSON(t, f2)
	f3, again, err := f2.Pledge(r)
	require.NoError(t, err)
	require.True(t, again.Duplicate)
	require.Equal(t, res.Pledge, again.Pledge)
	require.Equal(t, res.Refused, again.Refused)
	require.Equal(t, before, mktJSON(t, f3))

	// Retried with the accepted amount instead of the offer: a conflict.
	r.Amount = money.Rupiah(25000)
	_, _, err = f2.Pledge(r)
	require.ErrorIs(t, err, lending.ErrConflict)

	// A plain duplicate of an open facility's pledge.
	f4, res, err := f.Pledge(mktPledge("P1", "L01", 100000, d))
	require.NoError(t, err)
	require.True(t, res.Duplicate)
	require.True(t, res.Refused.IsZero())
	require.Equal(t, mktJSON(t, f), mktJSON(t, f4))
}

func TestPledgeErrorMessages(t *testing.T) {
	d := mktOpens(t)
	_, f := mktFacility(t, nil)
	r := mktPledge("P1", "L01", 25000, d)
	r.Free = money.Rupiah(20000)
	_, _, err := f.Pledge(r)
	require.EqualError(t, err, `lending: pledge "P1" by L01 to facility F-G1-C1 refused: the lender's free sukarela balance is Rp20.000, less than Rp25.000`)
	var pe *lending.PledgeError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, money.Rupiah(20000), pe.Limit)

	r = mktPledge("P1", "L01", 40000, d)
	r.Outstanding = money.Amount{}
	_, res, err := f.Pledge(r)
	require.NoError(t, err)
	require.Equal(t, []lending.FundingWarning{{
		Code: lending.WarnConcentration, Lender: "L01", Amount: money.Rupiah(40000), Of: money.Rupiah(125000), ShareBP: 3200,
		Message: "the lender's exposure Rp40.000 is 32% of the koperasi's outstanding Rp125.000, above 25%",
	}}, res.Warnings)

	r.Amount = money.Rupiah(5000)
	r.LenderOutstanding, r.Outstanding = money.Rupiah(35625), money.Rupiah(35625)
	_, res, err = f.Pledge(r)
	require.NoError(t, err)
	require.Equal(t, 2529, res.Warnings[0].ShareBP, "40.625 of 160.625 is 25,29...%, rounded down")
	require.Contains(t, res.Warnings[0].Message, "is 25,29% of")
}

func TestFacilityLendersAndDisbursable(t *testing.T) {
	_, f := mktFunded(t, nil)
	require.Equal(t, []lending.Share{
		{Lender: "L01", Amount: money.Rupiah(40000)},
		{Lender: "L02", Amount: money.Rupiah(30000)},
		{Lender: "L03", Amount: money.Rupiah(25000)},
		{Lender: "L04", Amount: money.Rupiah(20000)},
		{Lender: "L05", Amount: money.Rupiah(10000)},
	}, f.Lenders())
	require.Equal(t, money.Rupiah(125000), f.Disbursable())
	require.Equal(t, "2024-03-26", f.FundedOn.String())

	_, open := mktFacility(t, func(p *lending.Product) { p.Funding.Disbursal = lending.PerPackage })
	require.True(t, open.Disbursable().IsZero())
	open = mktPledgeAll(t, open, mktPledge("P1", "L01", 50000, mktOpens(t)))
	require.Equal(t, money.Rupiah(50000), open.Disbursable(), "per package: what is pledged so far")

	_, open = mktFacility(t, nil)
	open = mktPledgeAll(t, open, mktPledge("P1", "L01", 50000, mktOpens(t)))
	require.True(t, open.Disbursable().IsZero(), "fully funded only")
}

func TestExpire(t *testing.T) {
	d := mktOpens(t)
	_, f := mktFacility(t, nil)
	f = mktPledgeAll(t, f, mktPledge("P1", "L01", 50000, d), mktPledge("P2", "L02", 25000, d.AddDays(2)))
	before := mktJSON(t, f)

	_, _, err := f.Expire(f.Closes)
	require.ErrorIs(t, err, lending.ErrInvalid, "not while the window is open")
	_, _, err = f.Expire(calendar.Date{})
	require.ErrorIs(t, err, lending.ErrInvalid)

	e, holds, err := f.Expire(f.Closes.AddDays(1))
	require.NoError(t, err)
	require.Equal(t, before, mktJSON(t, f))
	require.Equal(t, lending.FacilityExpired, e.Status)
	require.Equal(t, "2024-03-28", e.ClosedOn.String())
	require.Equal(t, []lending.HoldUse{
		{Pledge: "P1", Lender: "L01", Capture: money.Rupiah(0), Release: money.Rupiah(50000)},
		{Pledge: "P2", Lender: "L02", Capture: money.Rupiah(0), Release: money.Rupiah(25000)},
	}, holds)
	require.True(t, e.Disbursable().IsZero())

	_, _, err = e.Expire(f.Closes.AddDays(2))
	require.ErrorIs(t, err, lending.ErrClosed)

	_, funded := mktFunded(t, nil)
	_, _, err = funded.Expire(funded.Closes.AddDays(1))
	require.ErrorIs(t, err, lending.ErrInvalid, "a funded facility is disbursed or cancelled, not expired")
	var fe *lending.FacilityError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, lending.FacilityFunded, fe.Status)
	require.Equal(t, "expire", fe.Op)
}

func TestCancel(t *testing.T) {
	_, f := mktFunded(t, nil)
	_, _, err := f.Cancel(mktOpens(t).AddDays(4))
	require.ErrorIs(t, err, lending.ErrInvalid, "before the latest pledge")
	c, holds, err := f.Cancel(mktOpens(t).AddDays(5))
	require.NoError(t, err)
	require.Equal(t, lending.FacilityCancelled, c.Status)
	require.Len(t, holds, 6)
	var released int64
	for _, h := range holds {
		require.True(t, h.Capture.IsZero())
		released += h.Release.Minor()
	}
	require.Equal(t, int64(125000), released)
	_, _, err = c.Cancel(mktOpens(t).AddDays(9))
	require.ErrorIs(t, err, lending.ErrClosed)

	_, open := mktFacility(t, nil)
	_, _, err = open.Cancel(mktOpens(t).AddDays(-1))
	require.ErrorIs(t, err, lending.ErrInvalid, "before the window opened")
	c, holds, err = open.Cancel(mktOpens(t))
	require.NoError(t, err)
	require.Empty(t, holds)
	require.Equal(t, lending.FacilityCancelled, c.Status)
}

func TestFacilityJSON(t *testing.T) {
	_, f := mktFacility(t, nil)
	f = mktPledgeAll(t, f, mktPledge("P1", "L01", 100000, mktOpens(t)), mktPledge("P2", "L02", 40000, mktOpens(t)))
	b, err := json.Marshal(f)
	require.NoError(t, err)
	require.Contains(t, string(b), `"status":"funded"`)
	require.Contains(t, string(b), `"offered":"IDR 40000"`)
	var back lending.Facility
	require.NoError(t, json.Unmarshal(b, &back))
	require.Empty(t, mktDiff(f, back))
	require.Equal(t, string(b), mktJSON(t, back))

	var s lending.FacilityStatus
	require.ErrorIs(t, s.UnmarshalText([]byte("closed")), lending.ErrInvalid)
	_, err = lending.FacilityStatus(9).MarshalText()
	require.ErrorIs(t, err, lending.ErrInvalid)
	require.Equal(t, "9", lending.FacilityStatus(9).String())
	for _, st := range []lending.FacilityStatus{lending.FacilityOpen, lending.FacilityFunded, lending.FacilityExpired, lending.FacilityCancelled, lending.FacilityDisbursed} {
		b, err := st.MarshalText()
		require.NoError(t, err)
		var back lending.FacilityStatus
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, st, back)
		require.Equal(t, st >= lending.FacilityExpired, st.Closed())
	}
}

func TestCheckLender(t *testing.T) {
	on := mktDate(t, "2024-03-22")
	m := members.Member{ID: "L01", Status: members.Active, Joined: mktDate(t, "2024-03-01")}
	e := lending.CheckLender(members.MekarmuktiLenderPolicy(), m, members.Position{Member: "L01", AsOf: on}, 0, on)
	require.Equal(t, members.ID("L01"), e.Member)
	require.Equal(t, on, e.On)
	require.NotEmpty(t, e.Violations, "no documents, no pokok")

	_, f := mktFacility(t, nil)
	r := mktPledge("P1", "L01", 5000, on)
	r.Eligibility = e
	_, _, err := f.Pledge(r)
	require.ErrorIs(t, err, lending.ErrNotEligible)

	b := lending.CheckBorrower(members.MekarmuktiBorrowerPolicy(), m, members.Position{Member: "L01", AsOf: on}, 0, on)
	require.NotEmpty(t, b.Violations)
}

// A lender pledges Rp30.000 of her free sukarela balance to group G1's
// facility; the last lender offers more than the group still needs and
// only the needed part is taken.
func ExampleFacility_Pledge() {
	product := lending.MekarmuktiProduct()
	opens, _ := calendar.ParseDate("2024-03-21")
	f, err := lending.OpenFacility(product, lending.FacilityRequest{
		ID: "F-G1-C1", Group: "G1", Cycle: 1,
		Requested: money.Rupiah(125000), Limit: money.Rupiah(125000), Opens: opens,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	pledge := func(id, lender string, amount, free int64, on calendar.Date) {
		var res lending.PledgeResult
		f, res, err = f.Pledge(lending.PledgeRequest{
			ID: lending.PledgeID(id), Lender: members.ID(lender), Amount: money.Rupiah(amount), Date: on,
			// the lender policy's check on the day, and the free balance
			Eligibility: lending.Eligibility{Member: members.ID(lender), On: on},
			Free:        money.Rupiah(free),
			Outstanding: money.Rupiah(2_000_000),
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %s held; facility %s, %s to go\n", lender, res.Pledge.Amount, f.Status, f.Remaining())
		for _, w := range res.Warnings {
			fmt.Println("  warning:", w.Message)
		}
	}
	pledge("P1", "L01", 30000, 100000, opens)
	pledge("P2", "L02", 50000, 40000, opens.AddDays(1))
	pledge("P3", "L02", 40000, 40000, opens.AddDays(1))
	pledge("P4", "L03", 75000, 80000, opens.AddDays(2))
	pledge("P5", "L04", 5000, 80000, opens.AddDays(2))
	// Output:
	// L01: Rp30.000 held; facility open, Rp95.000 to go
	// lending: pledge "P2" by L02 to facility F-G1-C1 refused: the lender's free sukarela balance is Rp40.000, less than Rp50.000
	// L02: Rp40.000 held; facility open, Rp55.000 to go
	// L03: Rp55.000 held; facility funded, Rp0 to go
	//   warning: the facility needed only Rp55.000; Rp20.000 of the offer was refused and stays free
	// lending: pledge "P5" by L04 to facility F-G1-C1 refused: the facility is already fully funded (Rp125.000)
}
