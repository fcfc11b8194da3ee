package lending

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// poLoanFrom is a Mekarmukti loan disbursed on day (2024-03-d) by the
// given lenders, to member m of group g.
func poLoanFrom(id, m, g string, d int, lenders []Share) Loan {
	s, err := schedule.Generate(schedule.Mekarmukti(poDay(d)))
	if err != nil {
		panic(err)
	}
	return Loan{ID: LoanID(id), Member: members.ID(m), Group: g, Product: "mekarmukti", Disbursed: poDay(d),
		Schedule: s, Lenders: lenders, Split: MarginSplit{Lenders: 1, Den: 1}}
}

// poPortfolio is a small portfolio with arrears, as of 10 April 2024
// (poDay(41)):
//
//	L1 G1 paid on time                                    repaid
//	L2 G1 missed 30 and 31 March, caught up on 1 April    repaid
//	L3 G1 missed its last installment (3 April)           7 days past due
//	L4 G1 paid once, written off on 5 April, Rp1.000 back written off
//	L5 G1 paid once and Rp2.000 on 30 March               11 days past due
//	L0 G0 disbursed 1 February, never paid                68 days past due
//	L9 G0 disbursed 1 January, never paid, in default     99 days past due
//	L7 G2 disbursed 5 April, paid on time                 current
func poPortfolio(t testing.TB) ([]Loan, []State, []PaidOut) {
	t.Helper()
	g1 := []Share{{Lender: "LA", Amount: poRp(10_000)}, {Lender: "LB", Amount: poRp(10_000)}, {Lender: "LC", Amount: poRp(5_000)}}
	loans := []Loan{
		poLoanFrom("L1", "M1", "G1", 28, g1),
		poLoanFrom("L2", "M2", "G1", 28, g1),
		poLoanFrom("L3", "M3", "G1", 28, g1),
		poLoanFrom("L4", "M4", "G1", 28, g1),
		poLoanFrom("L5", "M5", "G1", 28, g1),
		poLoanFrom("L0", "M6", "G0", -28, []Share{{Lender: "LD", Amount: poRp(25_000)}}), // 1 February
		poLoanFrom("L9", "M7", "G0", -59, []Share{{Lender: "LD", Amount: poRp(25_000)}}), // 1 January
		poLoanFrom("L7", "M8", "G2", 36, []Share{{Lender: "LE", Amount: poRp(25_000)}}),  // 5 April
	}
	states := make([]State, len(loans))
	paid := make([]PaidOut, len(loans))
	for i, l := range loans {
		states[i], paid[i] = NewState(l), NewPaidOut(l)
	}
	payFrom := func(i int, id string, d int, amount int64, src Source) {
		t.Helper()
		l := loans[i]
		var a Allocation
		var err error
		states[i], a, _, err = Post(l, states[i], Payment{ID: id, Loan: l.ID, Date: poDay(d), Amount: poRp(amount), Source: src}, Servicing{})
		require.NoError(t, err)
		paid[i], _, _, err = Distribute(l, states[i], paid[i], a)
		require.NoError(t, err)
	}
	pay := func(i int, id string, d int, amount int64) { payFrom(i, id, d, amount, FromMember) }
	for k := range 6 {
		pay(0, "L1-"+strconv.Itoa(k), 29+k, 4200)
	}
	pay(1, "L2-1", 29, 4200)
	pay(1, "L2-2", 32, 12_600)
	pay(1, "L2-5", 33, 4200)
	pay(1, "L2-6", 34, 4200)
	for k := range 5 {
		pay(2, "L3-"+strconv.Itoa(k), 29+k, 4200)
	}
	pay(3, "L4-1", 29, 4200)
	var err error
	states[3], err = DeclareDefault(loans[3], states[3], poDay(36))
	require.NoError(t, err)
	var wo WriteOff
	states[3], wo, _, err = WriteOffLoan(loans[3], states[3], poDay(36), "WO-L4", Waterfall{GroupFund: poRp(2_000)}, Servicing{})
	require.NoError(t, err)
	paid[3], _, _, err = DistributeWriteOff(loans[3], paid[3], wo, "WO-L4")
	require.NoError(t, err)
	payFrom(3, "L4-R", 39, 1_000, FromRecovery)
	pay(4, "L5-1", 29, 4200)
	pay(4, "L5-2", 30, 2_000)
	var ok bool
	states[6], ok, err = MarkDefault(loans[6], states[6], poDay(41), DefaultPolicy{DaysPastDue: 90})
	require.NoError(t, err)
	require.True(t, ok)
	for k := range 5 {
		pay(7, "L7-"+strconv.Itoa(k), 37+k, 4200)
	}
	return loans, states, paid
}

func TestMeasurePortfolio(t *testing.T) {
	loans, states, paid := poPortfolio(t)
	q := MetricsRequest{Scope: "KAMURA", AsOf: poDay(41), From: poDay(32)}
	m, err := Measure(loans, states, paid, q)
	require.NoError(t, err)

	require.Equal(t, Counts{Members: 8, Groups: 3, Lenders: 5, Loans: 8, Active: 4, Repaid: 2, Defaulted: 1, WrittenOff: 1}, m.Counts)
	// installments due through 10 April: 7 loans x 6 + L7's 5; on time:
	// L1 6, L2 4, L3 5, L4 1, L5 1, L7 5.
	require.Equal(t, Fraction{22, 47}, m.OnTime)
	require.Equal(t, Fraction{22 * 4200, 47 * 4200}, m.ByDueDate)
	// due from 1 April: 3 each of L1-L5 and 5 of L7; paid: L1 and L2 in
	// full, L3 two, L7 five.
	require.Equal(t, Fraction{(3 + 3 + 2 + 5) * 4200, 20 * 4200}, m.Collection)
	// outstanding principal: L3 4.167, L5 2.200 + 4 x 4.167, L0, L9 25.000,
	// L7 4.167
	out := int64(4_167 + 2_200 + 4*4_167 + 25_000 + 25_000 + 4_167)
	require.Equal(t, out, m.Amounts.OutstandingPrincipal.Minor())
	want := []PARShare{
		{Days: 1, Loans: 4, Principal: poRp(out - 4_167), Share: Fraction{out - 4_167, out}}, // all but L7
		{Days: 7, Loans: 3, Principal: poRp(out - 2*4_167), Share: Fraction{out - 2*4_167, out}},
		{Days: 30, Loans: 2, Principal: poRp(50_000), Share: Fraction{50_000, out}},
	}
	require.Equal(t, want, m.PAR, "L3, 7 days past due, is in PAR1 but not PAR7")
	require.Equal(t, Fraction{out - 25_000, out}, m.TKB90, "L9 is more than 90 days past due")
	// L4: 20.834 written off, 1.000 recovered; 8 x 25.000 disbursed
	require.Equal(t, Fraction{20_834, 200_000}, m.WriteOff)
	require.Equal(t, Fraction{19_834, 200_000}, m.Loss)
	require.True(t, m.LenderYield.IsDefined())

	// PAR agrees with PortfolioAtRisk's default buckets: the same days,
	// the same convention.
	ar, err := PortfolioAtRisk(loans, states, q.AsOf, Buckets{}, QualityPolicy{})
	require.NoError(t, err)
	require.Len(t, ar.PAR, len(m.PAR))
	for k, p := range ar.PAR {
		require.Equal(t, m.PAR[k].Days, p.Days)
		require.Equal(t, p.Principal, m.PAR[k].Principal)
		require.Equal(t, p.Loans, m.PAR[k].Loans)
	}

	b, err := json.MarshalIndent(m, "", "  ")
	require.NoError(t, err)
	poGolden(t, "payouts_metrics.json", append(b, '\n'))
	poGolden(t, "payouts_metrics.txt", []byte(m.Text()))
	var back Metrics
	require.NoError(t, json.Unmarshal(b, &back))
	b2, err := json.MarshalIndent(back, "", "  ")
	require.NoError(t, err)
	require.Equal(t, string(b), string(b2), "JSON round trip")

	// Without payout records there is no lenders' yield; the rest is the same.
	m2, err := Measure(loans, states, nil, q)
	require.NoError(t, err)
	require.False(t, m2.LenderYield.IsDefined())
	m2.LenderYield, m2.Amounts.LenderMargin, m2.Amounts.LenderLoss, m2.Amounts.LenderMoneyDays = m.LenderYield, m.Amounts.LenderMargin, m.Amounts.LenderLoss, m.Amounts.LenderMoneyDays
	require.Equal(t, m, m2)
}

// TestMeasureGroup measures one group's cycle: the caller picks the loans.
func TestMeasureGroup(t *testing.T) {
	loans, states, paid := poPortfolio(t)
	m, err := Measure(loans[:5], states[:5], paid[:5], MetricsRequest{Scope: "G1 siklus 1", AsOf: poDay(41)})
	require.NoError(t, err)
	require.Equal(t, Counts{Members: 5, Groups: 1, Lenders: 3, Loans: 5, Active: 2, Repaid: 2, WrittenOff: 1}, m.Counts)
	require.Equal(t, m.Repayment, m.Collection, "the period is the whole history")
	empty, err := Measure(nil, nil, nil, MetricsRequest{AsOf: poDay(41)})
	require.NoError(t, err)
	require.Equal(t, Fraction{1, 1}, empty.TKB90, "nothing outstanding")
	require.Equal(t, "-", empty.OnTime.Percent(2))
}

func TestMeasureRefusals(t *testing.T) {
	loans, states, paid := poPortfolio(t)
	later := slicesWith(states, 0, func(s *State) { s.AccruedThrough = poDay(60) })
	otherRecord := append([]PaidOut(nil), paid...)
	otherRecord[1] = paid[0]
	for _, c := range []struct {
		name   string
		states []State
		paid   []PaidOut
		q      MetricsRequest
	}{
		{"no date", states, paid, MetricsRequest{}},
		{"states missing", states[:3], paid, MetricsRequest{AsOf: poDay(41)}},
		{"records missing", states, paid[:3], MetricsRequest{AsOf: poDay(41)}},
		{"period after the date", states, paid, MetricsRequest{AsOf: poDay(41), From: poDay(42)}},
		{"PAR days not ascending", states, paid, MetricsRequest{AsOf: poDay(41), PARDays: []int{30, 7}}},
		{"state later than the date", later, paid, MetricsRequest{AsOf: poDay(41)}},
		{"record later than the date", states, paid, MetricsRequest{AsOf: poDay(40)}},
		{"record of another loan", states, otherRecord, MetricsRequest{AsOf: poDay(41)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Measure(loans, c.states, c.paid, c.q)
			require.ErrorIs(t, err, ErrInvalid)
		})
	}
	usd := append([]Loan(nil), loans...)
	usd[2].Schedule.Principal = money.USD.Amount(25_000)
	_, err := Measure(usd, states, nil, MetricsRequest{AsOf: poDay(41)})
	require.ErrorIs(t, err, ErrInvalid)
}

func slicesWith[T any](s []T, i int, f func(*T)) []T {
	c := append([]T(nil), s...)
	f(&c[i])
	return c
}

func TestFraction(t *testing.T) {
	for _, c := range []struct {
		f      Fraction
		places int
		want   string
	}{
		{Fraction{1, 8}, 2, "12,50%"},
		{Fraction{1, 3}, 2, "33,33%"},
		{Fraction{2, 3}, 2, "66,67%"},
		{Fraction{2, 3}, 0, "67%"},
		{Fraction{1, 200_000}, 2, "0,00%"},
		{Fraction{1, 200_000}, 4, "0,0005%"},
		{Fraction{-1, 8}, 1, "-12,5%"},
		{Fraction{-1, 80_000}, 2, "0,00%"}, // no negative zero
		{Fraction{29_200, 35_000}, 2, "83,43%"},
		{Fraction{5, 1}, 2, "500,00%"},
		{Fraction{1, 8}, 9, "12,500000%"},
		{Fraction{1, 8}, -1, "13%"},
		{Fraction{1, 0}, 2, "-"},
		{Fraction{1 << 62, 1}, 2, "overflow"},
	} {
		require.Equal(t, c.want, c.f.Percent(c.places), "%d/%d to %d places", c.f.Num, c.f.Den, c.places)
	}
	require.Equal(t, "12,50%", Fraction{1, 8}.String())
	require.Equal(t, int64(1250), Fraction{1, 8}.BasisPoints())
	require.Equal(t, int64(0), Fraction{1, 0}.BasisPoints())
	require.Equal(t, 0, Fraction{1, 2}.Cmp(Fraction{2, 4}))
	require.Equal(t, -1, Fraction{1, 3}.Cmp(Fraction{1, 2}))
	require.Equal(t, 1, Fraction{-1, 3}.Cmp(Fraction{-1, 2}))
	require.Equal(t, -1, Fraction{-1, 3}.Cmp(Fraction{}))
	require.Equal(t, 0, Fraction{}.Cmp(Fraction{0, 5}))
	require.Equal(t, 1, Fraction{1 << 62, 3}.Cmp(Fraction{1<<62 - 1, 3}), "exact beyond 64 bits")
	var f Fraction
	for _, bad := range []string{`{"ratio":"1/"}`, `{"ratio":"x/2"}`, `{"ratio":"1/-2"}`, `{"ratio":"12"}`, `[]`} {
		require.ErrorIs(t, json.Unmarshal([]byte(bad), &f), ErrInvalid, bad)
	}
	require.NoError(t, json.Unmarshal([]byte(`{"ratio":"-3/40","percent":"ignored"}`), &f))
	require.Equal(t, Fraction{-3, 40}, f)
}

// FuzzFractionJSON: reading any text never panics, and what is read writes
// back to the same ratio.
func FuzzFractionJSON(f *testing.F) {
	for _, s := range []string{`{"ratio":"1/8","percent":"12,50%"}`, `{"ratio":"-3/0"}`, `{"ratio":"9223372036854775807/1"}`, `{}`, `null`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v Fraction
		if err := json.Unmarshal([]byte(s), &v); err != nil {
			return
		}
		_ = v.Percent(6)
		b, err := json.Marshal(v)
		require.NoError(t, err)
		var back Fraction
		require.NoError(t, json.Unmarshal(b, &back))
		require.Equal(t, v, back)
	})
}

// TestPropertyMetrics: for any portfolio of Mekarmukti loans in any state,
// every ratio but the yield lies in [0, 1], PAR falls as its days rise,
// the loss rate is at most the write-off ratio, and PAR agrees with
// PortfolioAtRisk.
func TestPropertyMetrics(t *testing.T) {
	shares := []Share{{Lender: "LA", Amount: poRp(15_000)}, {Lender: "LB", Amount: poRp(10_000)}}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 12).Draw(t, "loans")
		loans := make([]Loan, n)
		states := make([]State, n)
		paid := make([]PaidOut, n)
		asOf := poDay(28 + rapid.IntRange(0, 120).Draw(t, "as of"))
		for i := range n {
			l := poLoanFrom("L"+strconv.Itoa(i), "M"+strconv.Itoa(rapid.IntRange(0, 5).Draw(t, "member")),
				"G"+strconv.Itoa(rapid.IntRange(0, 2).Draw(t, "group")), 28-rapid.IntRange(0, 60).Draw(t, "disbursed before"), shares)
			st, po := NewState(l), NewPaidOut(l)
			on := l.Disbursed
			for k := range rapid.IntRange(0, 8).Draw(t, "payments") {
				on = on.AddDays(rapid.IntRange(0, 4).Draw(t, "gap"))
				if on.After(asOf) || st.Closed() {
					break
				}
				src := FromMember
				if st.Status == LoanWrittenOff {
					src = FromRecovery
				}
				ns, a, _, err := Post(l, st, Payment{ID: "P" + strconv.Itoa(k), Loan: l.ID, Date: on, Amount: poRp(rapid.Int64Range(1, 9_000).Draw(t, "amount")), Source: src}, Servicing{})
				if err != nil {
					t.Fatal(err)
				}
				np, _, _, err := Distribute(l, ns, po, a)
				if err != nil {
					t.Fatal(err)
				}
				st, po = ns, np
				if st.Status == LoanActive && rapid.IntRange(0, 5).Draw(t, "write off") == 0 {
					on = on.AddDays(1)
					if on.After(asOf) {
						break
					}
					if st, err = DeclareDefault(l, st, on); err != nil {
						t.Fatal(err)
					}
					var wo WriteOff
					if st, wo, _, err = WriteOffLoan(l, st, on, "WO", Waterfall{Reserve: poRp(rapid.Int64Range(0, 10_000).Draw(t, "reserve"))}, Servicing{}); err != nil {
						t.Fatal(err)
					}
					if po, _, _, err = DistributeWriteOff(l, po, wo, "WO"); err != nil {
						t.Fatal(err)
					}
				}
			}
			loans[i], states[i], paid[i] = l, st, po
		}
		// loans disbursed after the date are not yet in the portfolio
		k := 0
		for i := range loans {
			if !loans[i].Disbursed.After(asOf) {
				loans[k], states[k], paid[k] = loans[i], states[i], paid[i]
				k++
			}
		}
		loans, states, paid = loans[:k], states[:k], paid[:k]
		m, err := Measure(loans, states, paid, MetricsRequest{AsOf: asOf, PARDays: []int{0, 1, 7, 30, 90}})
		if err != nil {
			t.Fatal(err)
		}
		unit := func(name string, f Fraction) {
			if f.Den < 0 || f.Num < 0 || f.Num > f.Den {
				t.Fatalf("%s = %d/%d is not in [0, 1]", name, f.Num, f.Den)
			}
		}
		unit("on time", m.OnTime)
		unit("by due date", m.ByDueDate)
		unit("repayment", m.Repayment)
		unit("collection", m.Collection)
		unit("arrears", m.Arrears)
		unit("write-off", m.WriteOff)
		unit("loss", m.Loss)
		unit("TKB90", m.TKB90)
		if m.ByDueDate.Cmp(m.Repayment) > 0 || m.Loss.Cmp(m.WriteOff) > 0 {
			t.Fatalf("paid on time %v above paid %v, or loss %v above written off %v", m.ByDueDate, m.Repayment, m.Loss, m.WriteOff)
		}
		for i, p := range m.PAR {
			unit("PAR"+strconv.Itoa(p.Days), p.Share)
			if i > 0 && p.Share.Cmp(m.PAR[i-1].Share) > 0 {
				t.Fatalf("PAR%d %v above PAR%d %v", p.Days, p.Share, m.PAR[i-1].Days, m.PAR[i-1].Share)
			}
		}
		if got := m.PAR[4].Share.Num + m.TKB90.Num; m.TKB90.Den == m.PAR[4].Share.Den && got != m.TKB90.Den {
			t.Fatalf("TKB90 %v is not 1 - PAR90 %v", m.TKB90, m.PAR[4].Share)
		}
		ar, err := PortfolioAtRisk(loans, states, asOf, Buckets{Bounds: []int{0, 1, 7, 30, 90}}, QualityPolicy{})
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range ar.PAR {
			if p.Principal.Minor() != m.PAR[i].Principal.Minor() || p.Loans != m.PAR[i].Loans {
				t.Fatalf("PAR%d: %d loans %s; PortfolioAtRisk's PAR%d: %d loans %s", m.PAR[i].Days, m.PAR[i].Loans, m.PAR[i].Principal, p.Days, p.Loans, p.Principal)
			}
		}
		if ar.Outstanding.Minor() != m.Amounts.OutstandingPrincipal.Minor() {
			t.Fatalf("outstanding %s, PortfolioAtRisk %s", m.Amounts.OutstandingPrincipal, ar.Outstanding)
		}
	})
}

// ExampleMeasure measures a group of five Mekarmukti loans at the end of
// 1 April 2024, the fourth installment's due date: M4 has paid nothing since
// the first installment, so it is two days past due.
func ExampleMeasure() {
	lenders := []Share{{Lender: "LA", Amount: poRp(25_000)}}
	var loans []Loan
	var states []State
	for m := range 5 {
		l := poLoanFrom(fmt.Sprintf("L%d", m+1), fmt.Sprintf("M%d", m+1), "G1", 28, lenders)
		st := NewState(l)
		for i, in := range l.Schedule.Installments[:4] {
			if m == 3 && i > 0 {
				break // M4 stops paying
			}
			st, _, _, _ = Post(l, st, Payment{ID: fmt.Sprintf("P%d", i+1), Loan: l.ID, Date: in.Due, Amount: in.Total}, Servicing{})
		}
		loans, states = append(loans, l), append(states, st)
	}
	m, err := Measure(loans, states, nil, MetricsRequest{Scope: "G1", AsOf: poDay(32)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("on time:", m.OnTime.Percent(2), "of", m.Amounts.InstallmentsDue, "installments")
	fmt.Println("repaid: ", m.Repayment.Percent(2))
	fmt.Println("arrears:", m.Arrears.Percent(2))
	for _, p := range m.PAR {
		fmt.Printf("PAR%-2d:  %s\n", p.Days, p.Share.Percent(2))
	}
	fmt.Println("TKB90: ", m.TKB90.Percent(2))
	// Output:
	// on time: 85,00% of 20 installments
	// repaid:  85,00%
	// arrears: 15,38%
	// PAR1 :  38,46%
	// PAR7 :  0,00%
	// PAR30:  0,00%
	// TKB90:  100,00%
}

// BenchmarkMeasure100k measures 100.000 Mekarmukti loans in various states
// of arrears, with their payout records.
func BenchmarkMeasure100k(b *testing.B) {
	loans, states, paid := poBenchPortfolio(b, 100_000)
	d := poDay(40)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Measure(loans, states, paid, MetricsRequest{AsOf: d}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMeasure100kNoPayouts is the same without the lenders' yield.
func BenchmarkMeasure100kNoPayouts(b *testing.B) {
	loans, states, _ := poBenchPortfolio(b, 100_000)
	d := poDay(40)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Measure(loans, states, nil, MetricsRequest{AsOf: d}); err != nil {
			b.Fatal(err)
		}
	}
}

// poBenchPortfolio is n Mekarmukti loans of 20.000 groups of five, funded
// by five lenders per group, paid 0 to 6 installments' worth.
func poBenchPortfolio(b *testing.B, n int) ([]Loan, []State, []PaidOut) {
	l0 := poLoan(b, "L", 10_000, 5_000, 5_000, 2_500, 2_500)
	loans := make([]Loan, n)
	states := make([]State, n)
	paid := make([]PaidOut, n)
	for i := range n {
		l := l0
		l.ID = LoanID("L" + strconv.Itoa(i))
		l.Member = members.ID("M" + strconv.Itoa(i))
		l.Group = "G" + strconv.Itoa(i/5)
		l.Lenders = make([]Share, len(l0.Lenders))
		for k, s := range l0.Lenders {
			l.Lenders[k] = Share{Lender: members.ID("LND" + strconv.Itoa((i/5)%200*5+k)), Amount: s.Amount}
		}
		st, po := NewState(l), NewPaidOut(l)
		if k := i % 7; k > 0 {
			var a Allocation
			var err error
			st, a, _, err = Post(l, st, Payment{ID: "P", Loan: l.ID, Date: poDay(28 + k), Amount: poRp(int64(k) * 3000)}, Servicing{})
			require.NoError(b, err)
			po, _, _, err = Distribute(l, st, po, a)
			require.NoError(b, err)
		}
		loans[i], states[i], paid[i] = l, st, po
	}
	return loans, states, paid
}
