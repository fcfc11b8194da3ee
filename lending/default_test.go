package lending

import (
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

// book is a journal with the standard chart in which loans have been
// disbursed as the chart's flows say, with a group fund and a loan-loss
// allowance, so that the entries of this package can be posted and the
// ledger's overdraft rules check them. The lenders' funding is what their
// shares sum to: the koperasi funds the rest of a part-funded loan itself.
func book(t tester, groupFund, allowance int64, loans ...Loan) *ledger.Journal {
	t.Helper()
	j, err := ledger.New(money.IDR, ledger.StandardChart())
	require.NoError(t, err)
	d := day(1)
	post := func(id string, ps ...ledger.Posting) {
		require.NoError(t, j.Post(ledger.Entry{ID: id, Date: d, Postings: ps}))
	}
	post("open/sukarela", ledger.Dr(ledger.Cash, rp(10_000_000)), ledger.Cr(ledger.SukarelaSavings, rp(10_000_000)))
	if groupFund > 0 {
		post("open/groupfund", ledger.Dr(ledger.Cash, rp(groupFund)), ledger.Cr(ledger.GroupFund, rp(groupFund)))
	}
	if allowance > 0 {
		post("open/allowance", ledger.Dr(ledger.WriteOffExpense, rp(allowance)), ledger.Cr(ledger.LoanLossAllowance, rp(allowance)))
	}
	for _, l := range loans {
		p := l.Principal()
		ps := []ledger.Posting{ledger.Dr(ledger.MemberLoans, p), ledger.Cr(ledger.PackageSales, p)}
		if f, err := lendersFunded(l); err == nil && f > 0 {
			ps = append(ps, ledger.Dr(ledger.SukarelaSavings, rp(f)), ledger.Cr(ledger.PledgedFunds, rp(f)),
				ledger.Dr(ledger.PledgedFunds, rp(f)), ledger.Cr(ledger.LenderFunding, rp(f)))
		}
		post("open/"+string(l.ID), ps...)
	}
	return j
}

func postAll(t tester, j *ledger.Journal, es []ledger.Entry) {
	t.Helper()
	for _, e := range es {
		require.NoError(t, j.Post(e), "entry %s", e.ID)
	}
}

func balance(t tester, j *ledger.Journal, c ledger.Code) int64 {
	t.Helper()
	b, err := j.Balance(c)
	require.NoError(t, err)
	return b.Minor()
}

func TestDefaultDate(t *testing.T) {
	l := mekarmuktiLoan(t, "L1", "M1") // due 29 March to 3 April 2024
	st := NewState(l)
	d, ok := DefaultDate(l, st, DefaultPolicy{})
	require.False(t, ok, "the zero policy never defaults: %s", d)
	d, ok = DefaultDate(l, st, DefaultPolicy{DaysPastDue: 30})
	require.True(t, ok)
	require.Equal(t, day(29+30), d)
	d, ok = DefaultDate(l, st, KivaDefault())
	require.True(t, ok)
	require.Equal(t, day(34+180), d)
	d, _ = DefaultDate(l, st, DefaultPolicy{DaysPastDue: 365, AfterMaturity: 7})
	require.Equal(t, day(34+7), d, "whichever comes first")

	st2, _, _, err := Post(l, st, Payment{ID: "P", Loan: l.ID, Date: day(31), Amount: rp(8400)}, Servicing{})
	require.NoError(t, err)
	d, _ = DefaultDate(l, st2, DefaultPolicy{DaysPastDue: 30})
	require.Equal(t, day(31+30), d, "from the oldest unpaid installment, the 3rd")

	ns, ok, err := MarkDefault(l, st2, day(60), DefaultPolicy{DaysPastDue: 30})
	require.NoError(t, err)
	require.False(t, ok)
	require.Equal(t, LoanActive, ns.Status)
	ns, ok, err = MarkDefault(l, st2, day(70), DefaultPolicy{DaysPastDue: 30})
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, LoanDefaulted, ns.Status)
	require.Equal(t, day(61), ns.DefaultedOn)
	require.Equal(t, LoanActive, st2.Status, "input unchanged")

	_, err = DeclareDefault(l, ns, day(70))
	require.ErrorIs(t, err, ErrInvalid)
	dd, err := DeclareDefault(l, st2, day(32))
	require.NoError(t, err)
	require.Equal(t, day(32), dd.DefaultedOn)
	_, err = DeclareDefault(l, st2, day(30))
	require.ErrorIs(t, err, ErrInvalid, "before the last payment")
	// A defaulted loan still takes the member's payments, and is repaid by them.
	rs, a, _, err := Post(l, dd, Payment{ID: "Q", Loan: l.ID, Date: day(40), Amount: rp(16800)}, Servicing{})
	require.NoError(t, err)
	require.Equal(t, LoanRepaid, rs.Status)
	require.Equal(t, LoanRepaid, a.Status)
	_, err = DeclareDefault(l, rs, day(41))
	require.ErrorIs(t, err, ErrClosed)
}

func TestWriteOffWaterfall(t *testing.T) {
	l := mekarmuktiLoan(t, "L1", "M1")
	r := Servicing{Default: DefaultPolicy{DaysPastDue: 30}}
	// Paid two installments (Rp8.332 principal), then nothing.
	p := Payment{ID: "P", Loan: l.ID, Date: day(30), Amount: rp(8400)}
	st, a, pes, err := Post(l, NewState(l), p, r)
	require.NoError(t, err)
	po, pout, poes, err := Distribute(l, st, NewPaidOut(l), a)
	require.NoError(t, err)
	// The Rp8.332 went 3.333/1.667/1.666/833/833 to the lenders of
	// 10.000/5.000/5.000/2.500/2.500: exact shares 3.332,8 1.666,4 1.666,4
	// 833,2 833,2, the two odd rupiahs to the largest fractions.
	require.Equal(t, [][2]int64{{3333, 0}, {1667, 0}, {1666, 0}, {833, 0}, {833, 0}}, coverAndLoss(pout))
	const outstanding = 25000 - 8332

	_, _, _, err = WriteOffLoan(l, st, day(40), "WO", Waterfall{}, r)
	require.ErrorIs(t, err, ErrNotInDefault, "10 days past due is not default")

	cases := []struct {
		name string
		w    Waterfall
		want []Absorbed
		// each lender's part of the cover and loss, from DistributeWriteOff
		lenders [][2]int64
	}{
		{
			"default order", Waterfall{GroupFund: rp(5000), JointLiability: rp(3000), Reserve: rp(2000)},
			[]Absorbed{{GroupFundLayer, rp(5000), rp(0)}, {JointLiabilityLayer, rp(3000), rp(0)}, {ReserveLayer, rp(2000), rp(0)}, {LendersLayer, rp(outstanding - 10000), rp(0)}},
			// the cover of 10.000 splits exactly 4.000/2.000/2.000/1.000/1.000;
			// each loses the rest of what it had out: LND-2, which got the
			// odd rupiah of principal, loses one less than LND-3
			[][2]int64{{4000, 2667}, {2000, 1333}, {2000, 1334}, {1000, 667}, {1000, 667}},
		},
		{
			"lenders first", Waterfall{Order: []Layer{LendersLayer, GroupFundLayer}, GroupFund: rp(5000)},
			[]Absorbed{{GroupFundLayer, rp(5000), rp(0)}, {LendersLayer, rp(outstanding - 5000), rp(0)}},
			[][2]int64{{2000, 4667}, {1000, 2333}, {1000, 2334}, {500, 1167}, {500, 1167}},
		},
		{
			"group fund covers all", Waterfall{GroupFund: rp(100000)},
			[]Absorbed{{GroupFundLayer, rp(outstanding), rp(0)}, {JointLiabilityLayer, rp(0), rp(0)}, {ReserveLayer, rp(0), rp(0)}, {LendersLayer, rp(0), rp(0)}},
			[][2]int64{{6667, 0}, {3333, 0}, {3334, 0}, {1667, 0}, {1667, 0}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ns, wo, es, err := WriteOffLoan(l, st, day(65), "WO", c.w, r)
			require.NoError(t, err)
			require.Equal(t, LoanWrittenOff, ns.Status)
			require.Equal(t, day(61), ns.DefaultedOn)
			require.Equal(t, int64(outstanding), wo.Principal.Minor())
			require.Equal(t, int64(4*33), wo.Margin.Minor())
			if d := cmp.Diff(c.want, wo.Absorbed, eq); d != "" {
				t.Errorf("absorbed (-want +got):\n%s", d)
			}
			wpo, out, wpes, err := DistributeWriteOff(l, po, wo, "WO")
			require.NoError(t, err)
			require.Equal(t, c.lenders, coverAndLoss(out))
			require.Equal(t, wo.absorbed(LendersLayer).Minor(), out.Loss.Minor(), "the lenders' losses are the lenders' layer")
			for _, lp := range wpo.Lenders {
				require.Equal(t, lp.Funded.Minor(), lp.Principal.Minor()+lp.Loss.Minor(), "%s: repaid + loss = funded", lp.Lender)
			}
			j := book(t, 100000, 100000, l)
			for _, es := range [][]ledger.Entry{pes, poes, es, wpes} {
				postAll(t, j, es)
			}
			require.Zero(t, balance(t, j, ledger.MemberLoans), "the loan is off the books")
			require.Zero(t, balance(t, j, ledger.LenderFunding), "the lenders' funding is repaid or lost")
			require.Zero(t, balance(t, j, ledger.LenderPayables), "what the lenders are owed is paid out")
		})
	}
	t.Run("refusals", func(t *testing.T) {
		_, _, _, err := WriteOffLoan(l, st, day(65), "", Waterfall{}, r)
		require.ErrorIs(t, err, ErrInvalid)
		_, _, _, err = WriteOffLoan(l, st, day(65), "WO", Waterfall{Order: []Layer{ReserveLayer, ReserveLayer}}, r)
		require.ErrorIs(t, err, ErrInvalid)
		_, _, _, err = WriteOffLoan(l, st, day(65), "WO", Waterfall{Order: []Layer{KoperasiFundingLayer}}, r)
		require.ErrorIs(t, err, ErrInvalid, "the koperasi's funding shares the lenders' place")
		_, _, _, err = WriteOffLoan(l, st, day(65), "WO", Waterfall{GroupFund: rp(-1)}, r)
		require.ErrorIs(t, err, ErrInvalid)
		_, _, _, err = WriteOffLoan(l, st, day(20), "WO", Waterfall{}, r)
		require.ErrorIs(t, err, ErrInvalid)
		wo, _, _, err := WriteOffLoan(l, st, day(65), "WO", Waterfall{}, r)
		require.NoError(t, err)
		_, _, _, err = WriteOffLoan(l, wo, day(66), "WO2", Waterfall{}, r)
		require.ErrorIs(t, err, ErrClosed)
		_, _, _, err = Post(l, wo, Payment{ID: "M", Loan: l.ID, Date: day(66), Amount: rp(100)}, r)
		require.ErrorIs(t, err, ErrClosed, "a written-off loan takes recoveries only")
		repaid, _, _, err := Post(l, st, Payment{ID: "R", Loan: l.ID, Date: day(66), Amount: rp(16800)}, r)
		require.NoError(t, err)
		_, _, _, err = WriteOffLoan(l, repaid, day(67), "WO", Waterfall{}, r)
		require.ErrorIs(t, err, ErrNotInDefault)
		for name, edit := range map[string]func(*Share){
			"negative share":             func(s *Share) { s.Amount = rp(-1) },
			"share in dollars":           func(s *Share) { s.Amount = money.USD.Amount(10000) },
			"shares above the principal": func(s *Share) { s.Amount = rp(10001) },
		} {
			bad := l
			bad.Lenders = slices.Clone(l.Lenders)
			edit(&bad.Lenders[0])
			_, _, _, err = WriteOffLoan(bad, st, day(65), "WO", Waterfall{}, r)
			require.ErrorIs(t, err, ErrInvalid, name)
		}
	})
	t.Run("undistributed payments", func(t *testing.T) {
		_, wo, _, err := WriteOffLoan(l, st, day(65), "WO", Waterfall{GroupFund: rp(5000)}, r)
		require.NoError(t, err)
		before := poJSON(t, NewPaidOut(l))
		np, out, es, err := DistributeWriteOff(l, NewPaidOut(l), wo, "WO")
		require.ErrorIs(t, err, ErrInvalid, "the lenders' record misses payment P")
		require.ErrorContains(t, err, "distribute every payment before the write-off")
		require.Empty(t, es)
		require.Empty(t, out.Lenders)
		require.Equal(t, string(before), string(poJSON(t, np)))
	})
}

// coverAndLoss is each lender's principal (repaid or covered) and loss in
// a payout.
func coverAndLoss(out Payout) [][2]int64 {
	v := make([][2]int64, len(out.Lenders))
	for i, lp := range out.Lenders {
		v[i] = [2]int64{lp.Principal.Minor(), lp.Loss.Minor()}
	}
	return v
}

// TestWriteOffPartFunded writes off a loan the koperasi part-funded: its
// lenders put in Rp15.000 of the Rp25.000, the koperasi the rest. The
// cover and the loss are shared in proportion to the funding, and the
// koperasi's own part is booked to its reserve account, never to the
// lenders.
func TestWriteOffPartFunded(t *testing.T) {
	l := mekarmuktiLoan(t, "L1", "M1")
	l.Lenders = []Share{{Lender: "LND-1", Amount: rp(10000)}, {Lender: "LND-2", Amount: rp(5000)}}
	r := Servicing{}
	j := book(t, 100000, 100000, l)
	st, po := NewState(l), NewPaidOut(l)
	// Two installments: Rp8.332 of principal, of which the lenders' 3/5
	// is Rp4.999 (rounded down, cumulative as every lenders' part).
	st, a, es, err := Post(l, st, Payment{ID: "P", Loan: l.ID, Date: day(30), Amount: rp(8400)}, r)
	require.NoError(t, err)
	require.Equal(t, int64(4999), a.LenderPrincipal.Minor())
	postAll(t, j, es)
	po, _, es, err = Distribute(l, st, po, a)
	require.NoError(t, err)
	postAll(t, j, es)
	st, err = DeclareDefault(l, st, day(40))
	require.NoError(t, err)

	// Rp16.668 written off; the group fund covers Rp5.000, the rest,
	// Rp11.668, is the funders'. Of the Rp13.332 paid or covered the
	// lenders' 3/5 is Rp7.999: they had Rp10.001 out, get Rp3.000 of the
	// cover and lose Rp7.001; the koperasi had Rp6.667 out, gets Rp2.000
	// and loses Rp4.667.
	st, wo, es, err := WriteOffLoan(l, st, day(41), "WO", Waterfall{GroupFund: rp(5000)}, r)
	require.NoError(t, err)
	want := []Absorbed{{GroupFundLayer, rp(5000), rp(0)}, {JointLiabilityLayer, rp(0), rp(0)}, {ReserveLayer, rp(0), rp(0)},
		{KoperasiFundingLayer, rp(4667), rp(0)}, {LendersLayer, rp(7001), rp(0)}}
	if d := cmp.Diff(want, wo.Absorbed, eq); d != "" {
		t.Errorf("absorbed (-want +got):\n%s", d)
	}
	roundTrip(t, wo)
	postAll(t, j, es)
	require.Equal(t, int64(3000), balance(t, j, ledger.LenderPayables), "the lenders' part of the cover")
	require.Equal(t, int64(100000-4667), balance(t, j, ledger.LoanLossAllowance), "the koperasi's own loss")
	po, out, es, err := DistributeWriteOff(l, po, wo, "WO")
	require.NoError(t, err)
	postAll(t, j, es)
	require.Equal(t, [][2]int64{{2000, 4667}, {1000, 2334}}, coverAndLoss(out))
	require.Equal(t, int64(7001), out.Loss.Minor())
	for _, lp := range po.Lenders {
		require.Equal(t, lp.Funded.Minor(), lp.Principal.Minor()+lp.Loss.Minor(), "%s: repaid + loss = funded", lp.Lender)
	}
	for _, c := range []ledger.Code{ledger.MemberLoans, ledger.LenderFunding, ledger.LenderPayables} {
		require.Zero(t, balance(t, j, c), "%s", c)
	}

	// Rp8.000 recovered: the lenders' Rp7.001 first, then Rp999 of the
	// koperasi's own funding.
	st, a, es, err = Post(l, st, Payment{ID: "R", Loan: l.ID, Date: day(50), Amount: rp(8000), Source: FromRecovery}, r)
	require.NoError(t, err)
	if d := cmp.Diff([]LayerAmount{{LendersLayer, rp(7001)}, {KoperasiFundingLayer, rp(999)}}, a.Recovery, eq); d != "" {
		t.Errorf("recovery (-want +got):\n%s", d)
	}
	postAll(t, j, es)
	require.Equal(t, int64(999), balance(t, j, ledger.RecoveryIncome))
	po, out, es, err = Distribute(l, st, po, a)
	require.NoError(t, err)
	postAll(t, j, es)
	require.Equal(t, []int64{4667, 2334}, []int64{out.Lenders[0].Recovered.Minor(), out.Lenders[1].Recovered.Minor()})
	require.Zero(t, balance(t, j, ledger.LenderPayables))
	re, _, err := PaidOutOf(l, st, r)
	require.NoError(t, err)
	if d := cmp.Diff(po, re, eq); d != "" {
		t.Errorf("rebuilt record (-distributed +rebuilt):\n%s", d)
	}
}

// TestWriteOffKoperasiFunded: a loan the koperasi funded alone is its own
// loss: no lenders' layer to charge, the reserve account takes it.
func TestWriteOffKoperasiFunded(t *testing.T) {
	l := mekarmuktiLoan(t, "L1", "M1")
	l.Lenders, l.Split = nil, MarginSplit{}
	st, err := DeclareDefault(l, NewState(l), day(40))
	require.NoError(t, err)
	st, wo, es, err := WriteOffLoan(l, st, day(41), "WO", Waterfall{GroupFund: rp(5000), ReserveAccount: ledger.WriteOffExpense}, Servicing{})
	require.NoError(t, err)
	want := []Absorbed{{GroupFundLayer, rp(5000), rp(0)}, {JointLiabilityLayer, rp(0), rp(0)}, {ReserveLayer, rp(0), rp(0)},
		{KoperasiFundingLayer, rp(20000), rp(0)}, {LendersLayer, rp(0), rp(0)}}
	if d := cmp.Diff(want, wo.Absorbed, eq); d != "" {
		t.Errorf("absorbed (-want +got):\n%s", d)
	}
	j := book(t, 100000, 0, l)
	postAll(t, j, es)
	require.Len(t, es, 1, "nothing owed to lenders")
	require.Zero(t, balance(t, j, ledger.MemberLoans))
	require.Equal(t, int64(20000), balance(t, j, ledger.WriteOffExpense))
	po, out, pes, err := DistributeWriteOff(l, NewPaidOut(l), wo, "WO")
	require.NoError(t, err)
	require.Empty(t, pes)
	require.Empty(t, out.Lenders)
	require.Equal(t, day(41), po.WrittenOff)
	_, a, res, err := Post(l, st, Payment{ID: "R", Loan: l.ID, Date: day(50), Amount: rp(21000), Source: FromRecovery}, Servicing{})
	require.NoError(t, err)
	require.Equal(t, []LayerAmount{{KoperasiFundingLayer, rp(20000)}, {GroupFundLayer, rp(1000)}}, a.Recovery)
	postAll(t, j, res)
	require.Equal(t, int64(20000), balance(t, j, ledger.RecoveryIncome))
}

func TestRecoveries(t *testing.T) {
	l := mekarmuktiLoan(t, "L1", "M1")
	r := Servicing{Default: DefaultPolicy{DaysPastDue: 30}}
	st := NewState(l) // nothing paid: Rp25.000 outstanding
	w := Waterfall{GroupFund: rp(5000), JointLiability: rp(3000), Reserve: rp(2000)}
	st, wo, wes, err := WriteOffLoan(l, st, day(60), "WO", w, r)
	require.NoError(t, err)
	require.Equal(t, int64(15000), wo.Absorbed[3].Amount.Minor())
	j := book(t, 100000, 100000, l)
	postAll(t, j, wes)
	po, out, pes, err := DistributeWriteOff(l, NewPaidOut(l), wo, "WO")
	require.NoError(t, err)
	postAll(t, j, pes)
	// The cover of 10.000 and the loss of 15.000 split by the shares
	// 10.000/5.000/5.000/2.500/2.500, exactly.
	require.Equal(t, [][2]int64{{4000, 6000}, {2000, 3000}, {2000, 3000}, {1000, 1500}, {1000, 1500}}, coverAndLoss(out))

	// Recoveries of Rp7.001, Rp9.000 and Rp9.000: lenders (Rp15.000)
	// first, then reserve (2.000), joint liability (3.000), group fund (5.000);
	// Rp1 over the Rp25.000 is refunded. Each lender's part is Distribute's,
	// by its loss.
	type want struct {
		layers  []LayerAmount
		lenders []int64
		refund  int64
	}
	steps := []struct {
		amount int64
		want   want
	}{
		// exact shares of 7.001: 2.800,4 1.400,2 1.400,2 700,1 700,1
		{7001, want{[]LayerAmount{{LendersLayer, rp(7001)}}, []int64{2801, 1400, 1400, 700, 700}, 0}},
		{9000, want{[]LayerAmount{{LendersLayer, rp(7999)}, {ReserveLayer, rp(1001)}}, []int64{3199, 1600, 1600, 800, 800}, 0}},
		{9000, want{[]LayerAmount{{ReserveLayer, rp(999)}, {JointLiabilityLayer, rp(3000)}, {GroupFundLayer, rp(5000)}}, []int64{0, 0, 0, 0, 0}, 1}},
	}
	var lenderTotal [5]int64
	for i, s := range steps {
		p := Payment{ID: "R" + string(rune('1'+i)), Loan: l.ID, Date: day(70 + i), Amount: rp(s.amount), Source: FromRecovery}
		ns, a, es, err := Post(l, st, p, r)
		require.NoError(t, err)
		if d := cmp.Diff(s.want.layers, a.Recovery, eq); d != "" {
			t.Errorf("recovery %d layers (-want +got):\n%s", i, d)
		}
		require.Equal(t, s.want.refund, a.Refund.Minor())
		checkAllocation(t, l, a)
		postAll(t, j, es)
		// Idempotent.
		again, a2, _, err := Post(l, ns, p, r)
		require.NoError(t, err)
		if d := cmp.Diff(a, a2, eq); d != "" {
			t.Errorf("repeat of recovery %d (-first +repeat):\n%s", i, d)
		}
		require.Equal(t, len(ns.Payments), len(again.Payments))
		np, out, pes, err := Distribute(l, ns, po, a)
		require.NoError(t, err)
		var got []int64
		for k, x := range out.Lenders {
			got = append(got, x.Recovered.Minor())
			lenderTotal[k] += x.Recovered.Minor()
		}
		require.Equal(t, s.want.lenders, got, "recovery %d", i)
		postAll(t, j, pes)
		st, po = ns, np
	}
	// The lenders got back exactly their losses.
	require.Equal(t, [5]int64{6000, 3000, 3000, 1500, 1500}, lenderTotal)
	require.Equal(t, int64(25000), st.WriteOff.Recovered.Minor())
	require.Equal(t, int64(100000), balance(t, j, ledger.GroupFund), "the group fund is restored")
	require.Zero(t, balance(t, j, ledger.JointLiabilityReceivable))
	require.Zero(t, balance(t, j, ledger.LenderPayables), "every recovered rupiah of the lenders paid out")
	require.Equal(t, int64(2000), balance(t, j, ledger.RecoveryIncome))
}

// TestRecoverySplitNeverNegative: lenders who lost Rp43, Rp43 and Rp14
// recover Rp10 and then Rp1. Splitting each recovery as the difference of
// two largest-remainder allocations of what has been recovered in all
// takes a rupiah back from the third lender; Distribute, which splits
// each recovery on what each lender has already recovered, never does.
func TestRecoverySplitNeverNegative(t *testing.T) {
	losses := []int64{43, 43, 14}
	ten, err := money.Allocate(rp(10), losses)
	require.NoError(t, err)
	eleven, err := money.Allocate(rp(11), losses)
	require.NoError(t, err)
	var diff []int64
	for i := range losses {
		diff = append(diff, eleven[i].Minor()-ten[i].Minor())
	}
	require.Equal(t, []int64{1, 1, -1}, diff, "the difference of allocations goes negative")

	l := poSynthetic(losses, 0) // Rp100 due on 2 March, all lenders'
	st, err := DeclareDefault(l, NewState(l), poDay(3))
	require.NoError(t, err)
	st, wo, _, err := WriteOffLoan(l, st, poDay(3), "WO", Waterfall{}, Servicing{})
	require.NoError(t, err)
	po, out, _, err := DistributeWriteOff(l, NewPaidOut(l), wo, "WO")
	require.NoError(t, err)
	require.Equal(t, [][2]int64{{0, 43}, {0, 43}, {0, 14}}, coverAndLoss(out))
	var total [3]int64
	for i, amount := range []int64{10, 1} {
		p := Payment{ID: "R" + strconv.Itoa(i), Loan: l.ID, Date: poDay(4 + i), Amount: rp(amount), Source: FromRecovery}
		var a Allocation
		st, a, _, err = Post(l, st, p, Servicing{})
		require.NoError(t, err)
		po, out, _, err = Distribute(l, st, po, a)
		require.NoError(t, err)
		var sum int64
		for k, lp := range out.Lenders {
			require.GreaterOrEqual(t, lp.Recovered.Minor(), int64(0), "recovery %d, lender %s", i, lp.Lender)
			sum += lp.Recovered.Minor()
			total[k] += lp.Recovered.Minor()
		}
		require.Equal(t, amount, sum, "recovery %d is split exactly", i)
		require.Equal(t, amount, out.Recovered.Minor())
	}
	// Rp10 went 4/4/2 (exact 4,3 4,3 1,4: the odd rupiah to the largest
	// fraction); the third lender keeps it, and the next rupiah goes to the
	// first lender, tied with the second as furthest behind and first in
	// turn. Rp11 by losses 43/43/14 is exactly 4,73 4,73 1,54: each lender
	// ends within a rupiah of it, and nothing was taken back.
	require.Equal(t, [3]int64{5, 4, 2}, total)
	for k, p := range po.Lenders {
		require.Equal(t, total[k], p.Recovered.Minor())
		d := 100*total[k] - 11*losses[k] // hundredths of a rupiah off the exact share
		require.True(t, d > -100 && d < 100, "lender %s is %d/100 off its exact share", p.Lender, d)
	}
}

func TestWriteOffJSON(t *testing.T) {
	l := mekarmuktiLoan(t, "L1", "M1")
	st, err := DeclareDefault(l, NewState(l), day(30))
	require.NoError(t, err)
	st, wo, _, err := WriteOffLoan(l, st, day(31), "WO", Waterfall{GroupFund: rp(1000)}, Servicing{})
	require.NoError(t, err)
	roundTrip(t, wo)
	roundTrip(t, st)
	roundTrip(t, Waterfall{Order: []Layer{ReserveLayer, LendersLayer}, Reserve: rp(5), ReserveAccount: ledger.WriteOffExpense})
}
