package lending

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// day returns 2024-03-d (d may run past the month).
func day(d int) calendar.Date {
	base, _ := calendar.NewDate(2024, 3, 1)
	return base.AddDays(d - 1)
}

func rp(n int64) money.Amount { return money.Rupiah(n) }

// mekarmuktiLoan is a member's loan of the Mekarmukti pilot: a Rp25.000
// package disbursed on 28 March 2024, 6 daily installments of Rp4.200,
// funded by five lenders, margin all to the lenders.
func mekarmuktiLoan(t testing.TB, id string, member members.ID) Loan {
	t.Helper()
	s, err := schedule.Generate(schedule.Mekarmukti(day(28)))
	require.NoError(t, err)
	return Loan{
		ID: LoanID(id), Member: member, Group: "G1", Facility: "F-G1-C1", Cycle: 1,
		Product: "mekarmukti", Package: "PKT-25", Disbursed: day(28), Schedule: s,
		Lenders: []Share{
			{Lender: "LND-1", Amount: rp(10000)},
			{Lender: "LND-2", Amount: rp(5000)},
			{Lender: "LND-3", Amount: rp(5000)},
			{Lender: "LND-4", Amount: rp(2500)},
			{Lender: "LND-5", Amount: rp(2500)},
		},
		Split: MarginSplit{Lenders: 1, Den: 1},
	}
}

// weeklyLoan is a 52-week annuity of Rp5.000.000 at 24% a year, rounded to
// Rp100, for the performance targets.
func weeklyLoan(t testing.TB, n int) Loan {
	t.Helper()
	r, err := money.Percent(24, money.PerYear)
	require.NoError(t, err)
	s, err := schedule.Generate(schedule.Terms{
		Principal: rp(5_000_000), Method: schedule.Annuity, Rate: r, Installments: n,
		Frequency: calendar.Frequency{Unit: calendar.Weeks}, Disbursed: day(1),
		Rounding: schedule.Rounding{Installment: money.Rounding{Step: 100, Mode: money.HalfUp}},
	})
	require.NoError(t, err)
	return Loan{ID: "L-W52", Member: "M-9", Product: "weekly", Disbursed: day(1), Schedule: s,
		Lenders: []Share{{Lender: "A", Amount: rp(3_000_000)}, {Lender: "B", Amount: rp(2_000_000)}},
		Split:   MarginSplit{Lenders: 3, Den: 4}}
}

func TestStateJSONRoundTrip(t *testing.T) {
	l := mekarmuktiLoan(t, "L1", "M1")
	st := NewState(l)
	st, _, _, err := Post(l, st, Payment{ID: "P1", Loan: "L1", Date: day(29), Amount: rp(5000)}, Servicing{Overpayment: Hold})
	require.NoError(t, err)
	b, err := json.Marshal(st)
	require.NoError(t, err)
	var back State
	require.NoError(t, json.Unmarshal(b, &back))
	if d := cmp.Diff(st, back, cmp.AllowUnexported(money.Amount{}, calendar.Date{})); d != "" {
		t.Fatalf("round trip (-want +got):\n%s", d)
	}
	t.Logf("%s", b)
}

// roundTrip checks that v survives JSON unchanged.
func roundTrip[T any](t *testing.T, v T) {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var back T
	require.NoError(t, json.Unmarshal(b, &back), "%s", b)
	if d := cmp.Diff(v, back, eq); d != "" {
		t.Fatalf("JSON round trip (-want +got):\n%s\n%s", d, b)
	}
}

// tester is what the check helpers need: both *testing.T and *rapid.T
// have it.
type tester interface {
	Helper()
	Errorf(format string, args ...any)
	FailNow()
}

func TestEnumWords(t *testing.T) {
	type enum interface {
		String() string
		MarshalText() ([]byte, error)
	}
	check := func(t *testing.T, vals []enum, parse func([]byte) (enum, error), bad enum) {
		t.Helper()
		for _, v := range vals {
			b, err := v.MarshalText()
			require.NoError(t, err)
			require.Equal(t, v.String(), string(b))
			back, err := parse(b)
			require.NoError(t, err)
			require.Equal(t, v, back)
		}
		_, err := parse([]byte("nonsense"))
		require.ErrorIs(t, err, ErrInvalid)
		_, err = bad.MarshalText()
		require.ErrorIs(t, err, ErrInvalid)
		require.NotEmpty(t, bad.String())
	}
	t.Run("status", func(t *testing.T) {
		check(t, []enum{LoanActive, LoanRepaid, LoanDefaulted, LoanWrittenOff}, func(b []byte) (enum, error) {
			var v LoanStatus
			return v, v.UnmarshalText(b)
		}, LoanStatus(99))
	})
	t.Run("source", func(t *testing.T) {
		check(t, []enum{FromMember, FromPeers, FromGroupFund, FromRecovery}, func(b []byte) (enum, error) {
			var v Source
			err := v.UnmarshalText(b)
			return v, err
		}, Source(99))
	})
	t.Run("late fee kind", func(t *testing.T) {
		check(t, []enum{NoLateFee, DailyLateFee, FlatLateFee}, func(b []byte) (enum, error) {
			var v LateFeeKind
			err := v.UnmarshalText(b)
			return v, err
		}, LateFeeKind(99))
	})
	t.Run("strategy", func(t *testing.T) {
		var vals []enum
		for _, s := range Strategies() {
			vals = append(vals, s)
		}
		check(t, vals, func(b []byte) (enum, error) {
			var v Strategy
			err := v.UnmarshalText(b)
			return v, err
		}, Strategy(99))
	})
	t.Run("overpayment", func(t *testing.T) {
		check(t, []enum{Prepay, Hold, Refund}, func(b []byte) (enum, error) {
			var v Overpayment
			err := v.UnmarshalText(b)
			return v, err
		}, Overpayment(99))
	})
	t.Run("layer", func(t *testing.T) {
		check(t, []enum{GroupFundLayer, JointLiabilityLayer, ReserveLayer, LendersLayer}, func(b []byte) (enum, error) {
			var v Layer
			err := v.UnmarshalText(b)
			return v, err
		}, Layer(99))
	})
	t.Run("installment status", func(t *testing.T) {
		check(t, []enum{Future, PartlyPaid, Due, Overdue, PaidOnTime, PaidLate}, func(b []byte) (enum, error) {
			var v InstallmentStatus
			err := v.UnmarshalText(b)
			return v, err
		}, InstallmentStatus(99))
	})
	t.Run("quality", func(t *testing.T) {
		check(t, []enum{Lancar, DalamPerhatianKhusus, KurangLancar, Diragukan, Macet}, func(b []byte) (enum, error) {
			var v Quality
			err := v.UnmarshalText(b)
			return v, err
		}, Quality(99))
	})
}

func TestServicingValidate(t *testing.T) {
	day1, err := money.ParseRate("0.1% per day")
	require.NoError(t, err)
	year, err := money.ParseRate("18% per year")
	require.NoError(t, err)
	good := []Servicing{
		{},
		{Strategy: CurrentFirst, Overpayment: Refund, LateFee: LateFeePolicy{Kind: DailyLateFee, Rate: day1, Grace: 3, Cap: rp(5000)}, Default: KivaDefault()},
		{LateFee: LateFeePolicy{Kind: FlatLateFee, Flat: rp(1000), Rounding: money.Rounding{Step: 100, Mode: money.Up}}},
	}
	for _, s := range good {
		require.NoError(t, s.Validate())
		roundTrip(t, s)
	}
	bad := []Servicing{
		{Strategy: nStrategies},
		{Overpayment: 7},
		{LateFee: LateFeePolicy{Kind: DailyLateFee}},
		{LateFee: LateFeePolicy{Kind: DailyLateFee, Rate: year}},
		{LateFee: LateFeePolicy{Kind: FlatLateFee}},
		{LateFee: LateFeePolicy{Kind: 9}},
		{LateFee: LateFeePolicy{Grace: -1}},
		{LateFee: LateFeePolicy{Grace: 1_000_000}},
		{LateFee: LateFeePolicy{Cap: rp(-1)}},
		{LateFee: LateFeePolicy{Rounding: money.Rounding{Step: 100}}},
		{Default: DefaultPolicy{DaysPastDue: -1}},
	}
	for _, s := range bad {
		err := s.Validate()
		require.ErrorIs(t, err, ErrInvalid, "%+v", s)
		require.NotEmpty(t, err.Error())
	}
}

func TestAllocationJSON(t *testing.T) {
	l := handLoan()
	_, a, _, err := Post(l, withFees(l), Payment{ID: "P", Loan: l.ID, Date: day(11), Amount: rp(1500), Source: FromPeers, Payer: "M-2"}, Servicing{})
	require.NoError(t, err)
	roundTrip(t, a)
}

// A Paid keeps minor units of the loan's currency: its JSON writes them as
// strings, as every amount is written, and reads them back; the In methods
// give them as amounts of the loan's currency.
func TestPaidAmounts(t *testing.T) {
	d, err := calendar.ParseDate("2024-03-30")
	require.NoError(t, err)
	p := Paid{Principal: 4_100, Margin: 100, Fee: 20, FeeCharged: 50, On: d}
	js, err := json.Marshal(p)
	require.NoError(t, err)
	require.JSONEq(t, `{"principal":"4100","margin":"100","fee":"20","fee_charged":"50","on":"2024-03-30"}`, string(js))
	var back Paid
	require.NoError(t, json.Unmarshal(js, &back))
	require.Equal(t, p, back)
	require.Error(t, json.Unmarshal([]byte(`{"principal":4100}`), &back), "a bare number is not an amount")
	require.Equal(t, money.Rupiah(4_100), p.PrincipalIn(money.IDR))
	require.Equal(t, money.USD.Amount(100), p.MarginIn(money.USD))
	require.Equal(t, money.Rupiah(20), p.FeeIn(money.IDR))
	require.Equal(t, money.Rupiah(50), p.FeeChargedIn(money.IDR))
}
