package lending

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
)

// TestBucketBoundaries: the buckets are cut at the N of PAR N, and a loan
// more than N days past due is in a bucket after N's (the package's one
// convention).
func TestBucketBoundaries(t *testing.T) {
	var b Buckets // PAR 1, 7, 30
	require.Equal(t, 5, b.Len())
	cases := []struct {
		dpd   int
		index int
		label string
	}{
		{0, 0, "current"}, {1, 1, "1"}, {2, 2, "2-7"}, {7, 2, "2-7"}, {8, 3, "8-30"},
		{30, 3, "8-30"}, {31, 4, "31+"}, {365, 4, "31+"},
	}
	for _, c := range cases {
		require.Equal(t, c.index, b.Index(c.dpd), "dpd %d", c.dpd)
		require.Equal(t, c.label, b.Label(b.Index(c.dpd)), "dpd %d", c.dpd)
	}
	aging := Buckets{Bounds: []int{30, 60, 90}}
	require.NoError(t, aging.Validate())
	var labels []string
	for i := range aging.Len() {
		labels = append(labels, aging.Label(i))
	}
	require.Equal(t, []string{"current", "1-30", "31-60", "61-90", "91+"}, labels)
	require.Equal(t, 3, aging.Index(90))
	require.Equal(t, 4, aging.Index(91))
	withZero := Buckets{Bounds: []int{0, 30}} // PAR0 adds no bucket
	require.NoError(t, withZero.Validate())
	require.Equal(t, 3, withZero.Len())
	require.Equal(t, []int{0, 1, 1, 2}, []int{withZero.Index(0), withZero.Index(1), withZero.Index(30), withZero.Index(31)})
	for _, bad := range [][]int{{-1}, {7, 7}, {30, 7}, {1, maxDays + 1}} {
		require.ErrorIs(t, Buckets{Bounds: bad}.Validate(), ErrInvalid, "%v", bad)
	}
}

func TestQualityBoundaries(t *testing.T) {
	cases := []struct {
		dpd       int
		four, ojk Quality
	}{
		{0, Lancar, Lancar},
		{1, Lancar, DalamPerhatianKhusus},
		{90, Lancar, DalamPerhatianKhusus},
		{91, KurangLancar, KurangLancar},
		{120, KurangLancar, KurangLancar},
		{121, KurangLancar, Diragukan},
		{180, KurangLancar, Diragukan},
		{181, Diragukan, Macet},
		{270, Diragukan, Macet},
		{271, Macet, Macet},
	}
	for _, c := range cases {
		require.Equal(t, c.four, QualityPolicy{}.Classify(c.dpd), "default, dpd %d", c.dpd)
		require.Equal(t, c.ojk, OJKQuality().Classify(c.dpd), "OJK, dpd %d", c.dpd)
	}
	// A threshold N means more than N days past due.
	sop := QualityPolicy{FiveClasses: true, SpecialMention: 7, Substandard: 30, Doubtful: 60, Loss: 90}
	require.NoError(t, sop.Validate())
	for dpd, want := range map[int]Quality{7: Lancar, 8: DalamPerhatianKhusus, 30: DalamPerhatianKhusus, 31: KurangLancar, 60: KurangLancar, 61: Diragukan, 90: Diragukan, 91: Macet} {
		require.Equal(t, want, sop.Classify(dpd), "SOP, dpd %d", dpd)
	}
	require.NoError(t, OJKQuality().Validate())
	for _, bad := range []QualityPolicy{
		{Substandard: 200},                      // not below the default doubtful 180
		{SpecialMention: 30},                    // special mention without the five classes
		{FiveClasses: true, SpecialMention: 90}, // not below substandard
		{FiveClasses: true, SpecialMention: -1},
		{Substandard: -5},
		{Loss: maxDays + 1},
	} {
		require.ErrorIs(t, bad.Validate(), ErrInvalid, "%+v", bad)
	}
}

// TestPARBoundaries measures loans 0, 1, 7, 30 and 31 days past due: PAR N
// counts those more than N days past due, in Measure and PortfolioAtRisk
// alike, and the buckets and classes follow.
func TestPARBoundaries(t *testing.T) {
	asOf := poDay(60)
	var loans []Loan
	var states []State
	for _, dpd := range []int{0, 1, 7, 30, 31} {
		// nothing paid; the first installment is due dpd days before asOf
		l := poLoanFrom("L"+strconv.Itoa(dpd), "M"+strconv.Itoa(dpd), "G1", 60-dpd-1, []Share{{Lender: "LA", Amount: poRp(25_000)}})
		pos, err := PositionOf(l, NewState(l), asOf, Servicing{})
		require.NoError(t, err)
		require.Equal(t, dpd, pos.DaysPastDue)
		loans, states = append(loans, l), append(states, NewState(l))
	}
	want := []struct {
		days  int
		loans int
	}{{0, 4}, {1, 3}, {7, 2}, {30, 1}, {31, 0}}
	days := []int{0, 1, 7, 30, 31}
	m, err := Measure(loans, states, nil, MetricsRequest{AsOf: asOf, PARDays: days})
	require.NoError(t, err)
	ar, err := PortfolioAtRisk(loans, states, asOf, Buckets{Bounds: days}, QualityPolicy{})
	require.NoError(t, err)
	for k, w := range want {
		require.Equal(t, w.days, m.PAR[k].Days)
		require.Equal(t, w.loans, m.PAR[k].Loans, "Measure PAR%d", w.days)
		require.Equal(t, int64(w.loans)*25_000, m.PAR[k].Principal.Minor(), "Measure PAR%d", w.days)
		require.Equal(t, w.days, ar.PAR[k].Days)
		require.Equal(t, w.loans, ar.PAR[k].Loans, "PortfolioAtRisk PAR%d", w.days)
		require.Equal(t, m.PAR[k].Principal, ar.PAR[k].Principal, "PAR%d", w.days)
	}
	// The default buckets: one loan in each.
	def, err := PortfolioAtRisk(loans, states, asOf, Buckets{}, QualityPolicy{})
	require.NoError(t, err)
	var got []string
	for _, b := range def.Buckets {
		got = append(got, b.Label+"="+strconv.Itoa(b.Loans)+" ["+strconv.Itoa(b.From)+","+strconv.Itoa(b.To)+"]")
	}
	require.Equal(t, []string{"current=1 [0,0]", "1=1 [1,1]", "2-7=1 [2,7]", "8-30=1 [8,30]", "31+=1 [31,-1]"}, got)
	require.Equal(t, []int{3, 2, 1}, []int{def.PAR[0].Loans, def.PAR[1].Loans, def.PAR[2].Loans}, "PAR1, PAR7, PAR30")
	require.Equal(t, 5, def.Classes[0].Loans, "all lancar")
	ojk, err := PortfolioAtRisk(loans, states, asOf, Buckets{}, OJKQuality())
	require.NoError(t, err)
	require.Equal(t, []int{1, 4}, []int{ojk.Classes[0].Loans, ojk.Classes[1].Loans}, "any arrears is dalam perhatian khusus")
}

func TestPositionMekarmukti(t *testing.T) {
	l := mekarmuktiLoan(t, "L1", "M1")
	r := Servicing{}
	st := NewState(l)
	// Paid on the 29th (on time), nothing on the 30th, double on the 31st.
	st, _, _, err := Post(l, st, Payment{ID: "P1", Loan: l.ID, Date: day(29), Amount: rp(4200)}, r)
	require.NoError(t, err)

	p, err := PositionOf(l, st, day(31), r)
	require.NoError(t, err)
	require.Equal(t, 1, p.DaysPastDue)
	require.Equal(t, day(30), p.OldestUnpaid)
	require.Equal(t, int64(4200), p.Overdue.Total().Minor())
	require.Equal(t, int64(4200), p.Due.Total().Minor())
	require.Equal(t, int64(21000), p.Outstanding.Total().Minor())
	got := statuses(p)
	require.Equal(t, []InstallmentStatus{PaidOnTime, Overdue, Due, Future, Future, Future}, got)

	st, _, _, err = Post(l, st, Payment{ID: "P2", Loan: l.ID, Date: day(31), Amount: rp(10000)}, r)
	require.NoError(t, err)
	p, err = PositionOf(l, st, day(31), r)
	require.NoError(t, err)
	require.Equal(t, 0, p.DaysPastDue)
	require.Equal(t, []InstallmentStatus{PaidOnTime, PaidLate, PaidOnTime, PartlyPaid, Future, Future}, statuses(p))
	require.Equal(t, int64(11000), p.Outstanding.Total().Minor())
	require.True(t, p.Due.Total().IsZero())
	checkPosition(t, l, st, p)

	// A position before what the state records is refused.
	_, err = PositionOf(l, st, day(30), r)
	require.ErrorIs(t, err, ErrInvalid)
}

func statuses(p Position) []InstallmentStatus {
	s := make([]InstallmentStatus, len(p.Installments))
	for i, in := range p.Installments {
		s[i] = in.Status
	}
	return s
}

// checkPosition checks a position against the loan and its state: per
// component outstanding = owed - paid, due and overdue within outstanding,
// no negative amounts, and the installments adding up to the totals.
func checkPosition(t tester, l Loan, st State, p Position) {
	t.Helper()
	var paid, owed [3]int64
	for i, in := range p.Installments {
		sc := l.Schedule.Installments[i]
		require.Equal(t, sc.Principal.Minor(), in.Owed.Principal.Minor())
		require.Equal(t, sc.Margin.Minor(), in.Owed.Margin.Minor())
		for k, a := range []money.Amount{in.Paid.Principal, in.Paid.Margin, in.Paid.Fee} {
			paid[k] += a.Minor()
		}
		for k, a := range []money.Amount{in.Owed.Principal, in.Owed.Margin, in.Owed.Fee} {
			owed[k] += a.Minor()
		}
	}
	sched := l.Schedule
	require.Equal(t, sched.Principal.Minor()-paid[0], p.Outstanding.Principal.Minor(), "principal outstanding")
	require.Equal(t, sched.Margin.Minor()-paid[1], p.Outstanding.Margin.Minor(), "margin outstanding")
	require.Equal(t, owed[2]-paid[2], p.Outstanding.Fee.Minor(), "fee outstanding")
	require.Equal(t, []int64{paid[0], paid[1], paid[2]}, []int64{p.Paid.Principal.Minor(), p.Paid.Margin.Minor(), p.Paid.Fee.Minor()})
	var stPaid [3]int64
	for _, x := range st.Installments {
		stPaid[0], stPaid[1], stPaid[2] = stPaid[0]+x.Principal, stPaid[1]+x.Margin, stPaid[2]+x.Fee
	}
	require.Equal(t, stPaid, paid, "position paid vs state")
	for _, a := range []Amounts{p.Paid, p.Due, p.Overdue, p.Outstanding} {
		for _, x := range []money.Amount{a.Principal, a.Margin, a.Fee} {
			require.False(t, x.IsNegative(), "negative amount in %+v", p)
		}
	}
	require.LessOrEqual(t, p.Due.Total().Minor()+p.Overdue.Total().Minor(), p.Outstanding.Total().Minor())
	require.GreaterOrEqual(t, p.DaysPastDue, 0)
	require.Equal(t, p.DaysPastDue > 0, !p.Overdue.Principal.IsZero() || !p.Overdue.Margin.IsZero(), "days past due iff principal or margin overdue")
}

func TestLateFeeAccrual(t *testing.T) {
	l := handLoan() // Rp1.100 due on the 9th, 10th and 11th
	pct := func(s string) money.Rate {
		r, err := money.ParseRate(s)
		require.NoError(t, err)
		return r
	}
	daily := LateFeePolicy{Kind: DailyLateFee, Rate: pct("1% per day"), Grace: 2}
	flat := LateFeePolicy{Kind: FlatLateFee, Flat: rp(25), Grace: 2}
	cases := []struct {
		name string
		p    LateFeePolicy
		on   int
		fees []int64
	}{
		{"none", LateFeePolicy{}, 20, []int64{0, 0, 0}},
		{"daily within grace", daily, 11, []int64{0, 0, 0}},
		{"daily first day after grace", daily, 12, []int64{11, 0, 0}},
		{"daily", daily, 14, []int64{33, 22, 11}},
		{"daily capped in money", withCap(daily, rp(50), money.Rate{}), 14, []int64{33, 17, 0}},
		{"daily capped by principal", withCap(daily, money.Amount{}, pct("1% per term")), 14, []int64{30, 0, 0}},
		{"flat", flat, 13, []int64{25, 25, 0}},
		{"flat all", flat, 14, []int64{25, 25, 25}},
		{"flat within grace", flat, 11, []int64{0, 0, 0}},
		{"rounded up", LateFeePolicy{Kind: DailyLateFee, Rate: pct("0.1% per day"), Rounding: money.Rounding{Step: 1, Mode: money.Up}}, 10, []int64{2, 0, 0}},
		{"truncated", LateFeePolicy{Kind: DailyLateFee, Rate: pct("0.1% per day")}, 10, []int64{1, 0, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Servicing{LateFee: c.p}
			p, err := PositionOf(l, NewState(l), day(c.on), r)
			require.NoError(t, err)
			var got []int64
			for _, in := range p.Installments {
				got = append(got, in.Owed.Fee.Minor())
			}
			require.Equal(t, c.fees, got)
			// Posting on that day charges exactly what the position showed.
			st, _, _, err := Post(l, NewState(l), Payment{ID: "X", Loan: l.ID, Date: day(c.on), Amount: rp(1)}, r)
			require.NoError(t, err)
			var charged []int64
			for _, x := range st.Installments {
				charged = append(charged, x.FeeCharged)
			}
			require.Equal(t, c.fees, charged)
		})
	}
}

func withCap(p LateFeePolicy, c money.Amount, of money.Rate) LateFeePolicy {
	p.Cap, p.CapOfPrincipal = c, of
	return p
}

// TestDailyFeeFollowsPayments: a daily fee is on what is unpaid each day.
func TestDailyFeeFollowsPayments(t *testing.T) {
	l := handLoan()
	r, err := money.ParseRate("1% per day")
	require.NoError(t, err)
	sv := Servicing{LateFee: LateFeePolicy{Kind: DailyLateFee, Rate: r}, Strategy: FeesLast}
	st := NewState(l)
	// Installment 1 (Rp1.100, due the 9th): half paid on the 11th.
	st, a, _, err := Post(l, st, Payment{ID: "A", Loan: l.ID, Date: day(11), Amount: rp(550)}, sv)
	require.NoError(t, err)
	require.Equal(t, int64(22), st.Installments[0].FeeCharged, "2 days on Rp1.100")
	require.Equal(t, int64(0), a.Fee.Minor(), "fees last")
	p, err := PositionOf(l, st, day(13), sv)
	require.NoError(t, err)
	// Two more days on Rp550 for installment 1: 11.
	require.Equal(t, int64(33), p.Installments[0].Owed.Fee.Minor())
	checkPosition(t, l, st, p)
}

func TestPortfolioAtRisk(t *testing.T) {
	// Five Mekarmukti loans on 3 April (6 installments due 29 March to 3
	// April), paid through different days.
	var loans []Loan
	var states []State
	for i, paid := range []int{6, 5, 4, 0, 6} {
		l := mekarmuktiLoan(t, "L"+string(rune('1'+i)), "M")
		st := NewState(l)
		if paid > 0 {
			var err error
			st, _, _, err = Post(l, st, Payment{ID: "P", Loan: l.ID, Date: day(28 + paid), Amount: rp(4200 * int64(paid))}, Servicing{})
			require.NoError(t, err)
		}
		loans, states = append(loans, l), append(states, st)
	}
	// Loan 5 is marked repaid: out of the portfolio.
	states[4].Status = LoanRepaid
	r, err := PortfolioAtRisk(loans, states, day(34), Buckets{}, QualityPolicy{})
	require.NoError(t, err)
	require.Equal(t, 3, r.Loans, "the repaid loans are out")
	require.Equal(t, int64(4167+8334+25000), r.Outstanding.Minor())
	got := map[string]int{}
	for _, b := range r.Buckets {
		got[b.Label] = b.Loans
	}
	// Loan 2 paid 5: installment 6 is due today, current. Loan 3 paid 4:
	// the 5th, due 2 April, is 1 day late. Loan 4: 5 days late.
	require.Equal(t, map[string]int{"current": 1, "1": 1, "2-7": 1, "8-30": 0, "31+": 0}, got)
	// PAR1 is more than 1 day past due: loan 4 only.
	require.Equal(t, 1, r.PAR[0].Days)
	require.Equal(t, 1, r.PAR[0].Loans)
	require.Equal(t, int64(25000), r.PAR[0].Principal.Minor())
	require.Equal(t, "66,66%", r.PAR[0].Ratio.String())
	require.True(t, r.PAR[1].Principal.IsZero())
	require.Len(t, r.Classes, 4)
	require.Equal(t, 3, r.Classes[0].Loans)
}

func TestPositionJSON(t *testing.T) {
	l := mekarmuktiLoan(t, "L1", "M1")
	p, err := PositionOf(l, NewState(l), day(30), Servicing{})
	require.NoError(t, err)
	roundTrip(t, p)
	r, err := PortfolioAtRisk([]Loan{l}, []State{NewState(l)}, day(30), Buckets{}, OJKQuality())
	require.NoError(t, err)
	roundTrip(t, r)
	if d := cmp.Diff(5, len(r.Classes)); d != "" {
		t.Error(d)
	}
}

// weeklyState is a 52-week loan with 20 installments paid on time and the
// 21st half paid.
func weeklyState(b testing.TB) (Loan, State, Servicing) {
	l := weeklyLoan(b, 52)
	r, _ := money.ParseRate("0.1% per day")
	sv := Servicing{LateFee: LateFeePolicy{Kind: DailyLateFee, Rate: r, Grace: 3}}
	st := NewState(l)
	for i := range 21 {
		in := l.Schedule.Installments[i]
		amt := in.Total
		if i == 20 {
			amt = rp(in.Total.Minor() / 2)
		}
		var err error
		st, _, _, err = Post(l, st, Payment{ID: "P" + in.Due.String(), Loan: l.ID, Date: in.Due, Amount: amt}, sv)
		require.NoError(b, err)
	}
	return l, st, sv
}

func BenchmarkPosition52(b *testing.B) {
	l, st, sv := weeklyState(b)
	d := l.Schedule.Installments[23].Due.AddDays(2)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PositionOf(l, st, d, sv); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPortfolioAtRisk100k measures PAR over 100.000 Mekarmukti loans
// in various states of arrears.
func BenchmarkPortfolioAtRisk100k(b *testing.B) {
	const n = 100_000
	l0 := mekarmuktiLoan(b, "L", "M")
	loans := make([]Loan, n)
	states := make([]State, n)
	for i := range n {
		l := l0
		l.ID = LoanID("L" + strconv.Itoa(i))
		st := NewState(l)
		if k := i % 7; k > 0 {
			var err error
			st, _, _, err = Post(l, st, Payment{ID: "P", Loan: l.ID, Date: day(28 + k), Amount: rp(int64(k) * 3000)}, Servicing{})
			require.NoError(b, err)
		}
		loans[i], states[i] = l, st
	}
	d := day(40)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PortfolioAtRisk(loans, states, d, Buckets{}, QualityPolicy{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPositionInto52 is BenchmarkPosition52 reusing the position's
// storage, as a hot loop over many loans would.
func BenchmarkPositionInto52(b *testing.B) {
	l, st, sv := weeklyState(b)
	d := l.Schedule.Installments[23].Due.AddDays(2)
	var p Position
	b.ReportAllocs()
	for b.Loop() {
		if err := PositionInto(&p, l, st, d, sv); err != nil {
			b.Fatal(err)
		}
	}
}

func TestPositionInto(t *testing.T) {
	l, st, sv := weeklyState(t)
	d := l.Schedule.Installments[23].Due.AddDays(2)
	want, err := PositionOf(l, st, d, sv)
	require.NoError(t, err)
	var p Position
	require.NoError(t, PositionInto(&p, l, st, d, sv))
	if diff := cmp.Diff(want, p, eq); diff != "" {
		t.Fatalf("PositionInto (-PositionOf +Into):\n%s", diff)
	}
	storage := &p.Installments[0]
	// Reused: a second position writes into the same storage, with every
	// field of every installment rewritten.
	h := handLoan()
	require.NoError(t, PositionInto(&p, h, NewState(h), day(10), Servicing{}))
	require.Same(t, storage, &p.Installments[0])
	require.Len(t, p.Installments, 3)
	require.Equal(t, 1, p.Installments[0].DaysPastDue)
	require.Equal(t, []InstallmentStatus{Overdue, Due, Future}, statuses(p))
	// On error p is zero.
	require.Error(t, PositionInto(&p, h, NewState(h), calendar.Date{}, Servicing{}))
	require.Empty(t, p.Installments)
	require.Empty(t, p.Loan)
}
