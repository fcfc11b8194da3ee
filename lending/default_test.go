package lending

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

// book is a journal with the standard chart in which loans have been
// disbursed as the chart's flows say, with a group fund and a loan-loss
// allowance, so that the entries of this package can be posted and the
// ledger's overdraft rules check them.
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
		post("open/"+string(l.ID),
			ledger.Dr(ledger.SukarelaSavings, p), ledger.Cr(ledger.PledgedFunds, p),
			ledger.Dr(ledger.MemberLoans, p), ledger.Cr(ledger.PackageSales, p),
			ledger.Dr(ledger.PledgedFunds, p), ledger.Cr(ledger.LenderFunding, p))
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
	st, _, _, err := Post(l, NewState(l), Payment{ID: "P", Loan: l.ID, Date: day(30), Amount: rp(8400)}, r)
	require.NoError(t, err)
	const outstanding = 25000 - 8332

	_, _, _, err = WriteOffLoan(l, st, day(40), "WO", Waterfall{}, r)
	require.ErrorIs(t, err, ErrNotInDefault, "10 days past due is not default")

	cases := []struct {
		name    string
		w       Waterfall
		want    []Absorbed
		lenders []int64
	}{
		{
			"default order", Waterfall{GroupFund: rp(5000), JointLiability: rp(3000), Reserve: rp(2000)},
			[]Absorbed{{GroupFundLayer, rp(5000), rp(0)}, {JointLiabilityLayer, rp(3000), rp(0)}, {ReserveLayer, rp(2000), rp(0)}, {LendersLayer, rp(outstanding - 10000), rp(0)}},
			// 6.668 split 10:5:5:2,5:2,5
			[]int64{2667, 1334, 1333, 667, 667},
		},
		{
			"lenders first", Waterfall{Order: []Layer{LendersLayer, GroupFundLayer}, GroupFund: rp(5000)},
			[]Absorbed{{GroupFundLayer, rp(5000), rp(0)}, {LendersLayer, rp(outstanding - 5000), rp(0)}},
			[]int64{4667, 2334, 2333, 1167, 1167},
		},
		{
			"group fund covers all", Waterfall{GroupFund: rp(100000)},
			[]Absorbed{{GroupFundLayer, rp(outstanding), rp(0)}, {JointLiabilityLayer, rp(0), rp(0)}, {ReserveLayer, rp(0), rp(0)}, {LendersLayer, rp(0), rp(0)}},
			nil,
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
			var got []int64
			for _, s := range wo.Lenders {
				got = append(got, s.Amount.Minor())
			}
			require.Equal(t, c.lenders, got)
			j := book(t, 100000, 100000, l)
			postAll(t, j, []ledger.Entry{}) // nothing yet
			_, _, pes, err := Post(l, NewState(l), Payment{ID: "P", Loan: l.ID, Date: day(30), Amount: rp(8400)}, r)
			require.NoError(t, err)
			postAll(t, j, pes)
			postAll(t, j, es)
			require.Zero(t, balance(t, j, ledger.MemberLoans), "the loan is off the books")
			require.Zero(t, balance(t, j, ledger.LenderFunding), "the lenders' funding is repaid or lost")
		})
	}
	t.Run("refusals", func(t *testing.T) {
		_, _, _, err := WriteOffLoan(l, st, day(65), "", Waterfall{}, r)
		require.ErrorIs(t, err, ErrInvalid)
		_, _, _, err = WriteOffLoan(l, st, day(65), "WO", Waterfall{Order: []Layer{ReserveLayer, ReserveLayer}}, r)
		require.ErrorIs(t, err, ErrInvalid)
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
		noLenders := l
		noLenders.Lenders = nil
		_, _, _, err = WriteOffLoan(noLenders, st, day(65), "WO", Waterfall{}, r)
		require.ErrorIs(t, err, ErrInvalid)
	})
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

	// Recoveries of Rp7.001, Rp9.000 and Rp10.000: lenders (Rp15.000)
	// first, then reserve (2.000), joint liability (3.000), group fund (5.000);
	// Rp1 over the Rp25.000 is refunded.
	type want struct {
		layers  []LayerAmount
		lenders []int64
		refund  int64
	}
	steps := []struct {
		amount int64
		want   want
	}{
		{7001, want{[]LayerAmount{{LendersLayer, rp(7001)}}, []int64{2801, 1400, 1400, 700, 700}, 0}},
		{9000, want{[]LayerAmount{{LendersLayer, rp(7999)}, {ReserveLayer, rp(1001)}}, []int64{3199, 1600, 1600, 800, 800}, 0}},
		{9000, want{[]LayerAmount{{ReserveLayer, rp(999)}, {JointLiabilityLayer, rp(3000)}, {GroupFundLayer, rp(5000)}}, nil, 1}},
	}
	var lenderTotal [5]int64
	for i, s := range steps {
		p := Payment{ID: "R" + string(rune('1'+i)), Loan: l.ID, Date: day(70 + i), Amount: rp(s.amount), Source: FromRecovery}
		ns, a, es, err := Post(l, st, p, r)
		require.NoError(t, err)
		if d := cmp.Diff(s.want.layers, a.Recovery, eq); d != "" {
			t.Errorf("recovery %d layers (-want +got):\n%s", i, d)
		}
		var got []int64
		for k, x := range a.RecoveryLenders {
			got = append(got, x.Amount.Minor())
			lenderTotal[k] += x.Amount.Minor()
		}
		require.Equal(t, s.want.lenders, got, "recovery %d", i)
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
		st = ns
	}
	// The lenders got back exactly their losses, split by their shares.
	require.Equal(t, [5]int64{6000, 3000, 3000, 1500, 1500}, lenderTotal)
	require.Equal(t, int64(25000), st.WriteOff.Recovered.Minor())
	require.Equal(t, int64(100000), balance(t, j, ledger.GroupFund), "the group fund is restored")
	require.Zero(t, balance(t, j, ledger.JointLiabilityReceivable))
	require.Equal(t, int64(2000), balance(t, j, ledger.RecoveryIncome))
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
