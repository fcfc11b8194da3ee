package lending

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
)

// poWrittenOff is the Mekarmukti loan paid twice, written off on 10 April
// with the group fund covering Rp5.000, and Rp2.800 recovered on the 19th.
func poWrittenOff(t testing.TB, id string) (Loan, State, PaidOut) {
	t.Helper()
	l := poLoan(t, id, 10_000, 10_000, 5_000)
	st, po, _ := poFollow(t, l, 2)
	st, err := DeclareDefault(l, st, poDay(40))
	require.NoError(t, err)
	st, wo, _, err := WriteOffLoan(l, st, poDay(41), "WO-"+id, Waterfall{GroupFund: poRp(5_000)}, Servicing{})
	require.NoError(t, err)
	po, _, _, err = DistributeWriteOff(l, po, wo, "WO-"+id)
	require.NoError(t, err)
	st, a, _, err := Post(l, st, Payment{ID: "R-" + id, Loan: l.ID, Date: poDay(50), Amount: poRp(2_800), Source: FromRecovery}, Servicing{})
	require.NoError(t, err)
	po, _, _, err = Distribute(l, st, po, a)
	require.NoError(t, err)
	return l, st, po
}

// TestStatementMekarmukti: lender LA funded Rp10.000 of a Mekarmukti loan
// repaid on time and Rp10.000 of one written off after two payments.
func TestStatementMekarmukti(t *testing.T) {
	l1 := poLoan(t, "L1", 10_000, 10_000, 5_000)
	_, po1, _ := poFollow(t, l1, 6)
	l2, _, po2 := poWrittenOff(t, "L2")

	// The repaid loan alone: Rp80 on 35.000 rupiah-days is 83,43% a year,
	// the pilot's "roughly 80% a year", and it stays so after maturity.
	for _, on := range []int{34, 60} {
		s, err := Statement("LA", []Loan{l1}, []PaidOut{po1}, poDay(on))
		require.NoError(t, err)
		require.Len(t, s.Loans, 1)
		r := s.Loans[0].Returns
		require.Equal(t, [6]int64{10_000, 10_000, 80, 0, 0, 0},
			[6]int64{r.Funded.Minor(), r.Principal.Minor(), r.Margin.Minor(), r.Loss.Minor(), r.Recovered.Minor(), r.Outstanding.Minor()})
		require.Equal(t, int64(35_000), r.MoneyDays)
		require.Equal(t, Fraction{80 * 365, 35_000}, r.Yield)
		require.Equal(t, "83,43%", r.Yield.Percent(2))
		require.Equal(t, r, s.Total)
	}

	// Both loans, on 20 April: the loss outweighs the margin.
	s, err := Statement("LA", []Loan{l1, l2}, []PaidOut{po1, po2}, poDay(51))
	require.NoError(t, err)
	require.Len(t, s.Loans, 2)
	w := s.Loans[1]
	require.Equal(t, poDay(41), w.WrittenOff)
	// principal 3.333 repaid + 2.000 of the group fund's cover; loss 4.667,
	// of which 2.800 * 4.667/11.668 = 1.120,0 recovered
	require.Equal(t, [6]int64{10_000, 5_333, 27, 4_667, 1_120, 0},
		[6]int64{w.Funded.Minor(), w.Principal.Minor(), w.Margin.Minor(), w.Loss.Minor(), w.Recovered.Minor(), w.Outstanding.Minor()})
	require.Equal(t, int64(10_000+8_333+6_667*11), w.MoneyDays)
	require.Equal(t, Fraction{(27 - 4_667 + 1_120) * 365, 10_000 + 8_333 + 6_667*11}, w.Yield)
	tot := s.Total
	require.Equal(t, int64(20_000), tot.Funded.Minor())
	require.Equal(t, int64(107), tot.Margin.Minor())
	require.Equal(t, w.MoneyDays+35_000, tot.MoneyDays)
	require.Equal(t, Fraction{(107 - 4_667 + 1_120) * 365, w.MoneyDays + 35_000}, tot.Yield)
	require.Equal(t, -1, tot.Yield.Cmp(Fraction{}), "a loss")

	// A lender of neither loan has an empty statement.
	none, err := Statement("LZ", []Loan{l1, l2}, []PaidOut{po1, po2}, poDay(51))
	require.NoError(t, err)
	require.Empty(t, none.Loans)
	require.False(t, none.Total.Yield.IsDefined())

	all, err := Statements([]Loan{l1, l2}, []PaidOut{po1, po2}, poDay(51))
	require.NoError(t, err)
	require.Len(t, all, 3)
	if d := cmp.Diff(s, all[0], poAmounts); d != "" {
		t.Errorf("LA in Statements (-Statement +Statements):\n%s", d)
	}
	for _, st := range all {
		r := st.Total
		require.Equal(t, r.Funded.Minor(), r.Principal.Minor()+r.Loss.Minor()+r.Outstanding.Minor(), "%s adds up", st.Lender)
	}
	poGolden(t, "payouts_statements.json", poJSON(t, all))
	var back []LenderStatement
	require.NoError(t, json.Unmarshal(poJSON(t, all), &back))
	require.Equal(t, string(poJSON(t, all)), string(poJSON(t, back)), "JSON round trip")
}

// TestStatementOutstanding: money still out earns money-days every day, so
// the realised yield falls while nothing is paid.
func TestStatementOutstanding(t *testing.T) {
	l := poLoan(t, "L1", 10_000, 10_000, 5_000)
	_, po, _ := poFollow(t, l, 3) // through 31 March; LA has 5.000 out
	a, err := Statement("LA", []Loan{l}, []PaidOut{po}, poDay(31))
	require.NoError(t, err)
	b, err := Statement("LA", []Loan{l}, []PaidOut{po}, poDay(41))
	require.NoError(t, err)
	require.Equal(t, int64(5_000), b.Total.Outstanding.Minor())
	require.Equal(t, a.Total.MoneyDays+10*5_000, b.Total.MoneyDays)
	require.Equal(t, 1, a.Total.Yield.Cmp(b.Total.Yield))
}

func TestStatementRefusals(t *testing.T) {
	l := poLoan(t, "L1", 10_000, 10_000, 5_000)
	_, po, _ := poFollow(t, l, 3)
	other := poLoan(t, "L2", 25_000)
	for _, c := range []struct {
		name  string
		loans []Loan
		paid  []PaidOut
		on    calendar.Date
	}{
		{"no date", []Loan{l}, []PaidOut{po}, calendar.Date{}},
		{"lengths differ", []Loan{l}, nil, poDay(40)},
		{"record of another loan", []Loan{l}, []PaidOut{NewPaidOut(other)}, poDay(40)},
		{"record later than the date", []Loan{l}, []PaidOut{po}, poDay(30)},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Statement("LA", c.loans, c.paid, c.on)
			require.ErrorIs(t, err, ErrInvalid)
			_, err = Statements(c.loans, c.paid, c.on)
			require.ErrorIs(t, err, ErrInvalid)
		})
	}
}

// ExampleStatement is a lender's statement after the Mekarmukti pilot's
// six daily installments: all principal back, the margin earned, and the
// realised yield as a year's rate.
func ExampleStatement() {
	l := poLoan(nil, "L-G1-M01", 10_000, 10_000, 5_000)
	st, po := NewState(l), NewPaidOut(l)
	for i, in := range l.Schedule.Installments {
		var a Allocation
		st, a, _, _ = Post(l, st, Payment{ID: fmt.Sprintf("P%d", i+1), Loan: l.ID, Date: in.Due, Amount: in.Total}, Servicing{})
		po, _, _, _ = Distribute(l, st, po, a)
	}
	s, err := Statement("LC", []Loan{l}, []PaidOut{po}, poDay(34))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := s.Total
	fmt.Println("funded:     ", r.Funded)
	fmt.Println("repaid:     ", r.Principal)
	fmt.Println("margin:     ", r.Margin)
	fmt.Println("outstanding:", r.Outstanding)
	fmt.Println("yield:      ", r.Yield.Percent(2), "a year on", r.MoneyDays, "rupiah-days")
	// Output:
	// funded:      Rp5.000
	// repaid:      Rp5.000
	// margin:      Rp40
	// outstanding: Rp0
	// yield:       83,42% a year on 17501 rupiah-days
}
