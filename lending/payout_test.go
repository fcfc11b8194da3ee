package lending

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// The -update flag rewrites golden files; any test file of the package may
// declare it, whoever comes first.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata/")
	}
}

// poGolden compares got with testdata/name, or rewrites it under -update.
func poGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./lending -update to create %s", path)
	if d := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); d != "" {
		t.Fatalf("golden file %s differs (-want +got); rerun with -update if the change is meant:\n%s", path, d)
	}
}

func poJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	return append(b, '\n')
}

// poDay is 2024-03-d (d may run past the month).
func poDay(d int) calendar.Date {
	base, _ := calendar.NewDate(2024, 3, 1)
	return base.AddDays(d - 1)
}

func poRp(n int64) money.Amount { return money.Rupiah(n) }

// poAmounts compare by value: a zero without currency equals a zero rupiah.
// Dates compare by value.
var poAmounts = cmp.Options{
	cmp.Comparer(func(a, b money.Amount) bool {
		return a.Minor() == b.Minor() && (a.Currency() == b.Currency() || a.IsZero())
	}),
	cmp.Comparer(func(a, b calendar.Date) bool { return a == b }),
}

// poLoan is the Mekarmukti loan: a Rp25.000 package disbursed on 28 March
// 2024, 6 daily installments of Rp4.200 (principal 4.166, 4.166, then
// 4.167; margin 34, 34, then 33), all margin to the lenders, funded by
// shares of the given amounts by lenders LA, LB, LC...
func poLoan(t testing.TB, id string, shares ...int64) Loan {
	s, err := schedule.Generate(schedule.Mekarmukti(poDay(28)))
	if err != nil {
		panic(err) // fixed, valid terms
	}
	l := Loan{
		ID: LoanID(id), Member: members.ID("M-" + id), Group: "G1", Facility: "F-G1-C1", Cycle: 1,
		Product: "mekarmukti", Disbursed: poDay(28), Schedule: s,
		Split: MarginSplit{Lenders: 1, Den: 1},
	}
	for i, a := range shares {
		l.Lenders = append(l.Lenders, Share{Lender: members.ID("L" + string(rune('A'+i))), Amount: poRp(a)})
	}
	return l
}

// poPay posts a payment and distributes it.
func poPay(t testing.TB, l Loan, st State, po PaidOut, id string, on calendar.Date, amount int64) (State, PaidOut, Allocation, Payout, []ledger.Entry) {
	t.Helper()
	ns, a, es, err := Post(l, st, Payment{ID: id, Loan: l.ID, Date: on, Amount: poRp(amount)}, Servicing{})
	require.NoError(t, err)
	np, out, pes, err := Distribute(l, ns, po, a)
	require.NoError(t, err)
	return ns, np, a, out, append(es, pes...)
}

// poTB is what both *testing.T and *rapid.T offer.
type poTB interface {
	Helper()
	Errorf(format string, args ...any)
	FailNow()
}

// poCheckPayout checks what every payout must satisfy: the parts sum to
// the totals exactly, and the entries balance, one per lender paid.
func poCheckPayout(t poTB, l Loan, out Payout, es []ledger.Entry) {
	t.Helper()
	var p, m, r, tot int64
	require.Len(t, out.Lenders, len(l.Lenders))
	for i, lp := range out.Lenders {
		require.Equal(t, l.Lenders[i].Lender, lp.Lender)
		require.GreaterOrEqual(t, lp.Principal.Minor(), int64(0))
		require.GreaterOrEqual(t, lp.Margin.Minor(), int64(0))
		require.GreaterOrEqual(t, lp.Recovered.Minor(), int64(0))
		require.Equal(t, lp.Principal.Minor()+lp.Margin.Minor()+lp.Recovered.Minor(), lp.Total.Minor())
		p, m, r, tot = p+lp.Principal.Minor(), m+lp.Margin.Minor(), r+lp.Recovered.Minor(), tot+lp.Total.Minor()
	}
	require.Equal(t, out.Principal.Minor(), p, "principal out = principal in")
	require.Equal(t, out.Margin.Minor(), m, "margin out = margin in")
	require.Equal(t, out.Recovered.Minor(), r, "recovery out = recovery in")
	require.Equal(t, out.Total.Minor(), tot)
	var paid []ledger.Entry
	for _, e := range es {
		if e.ID == out.ID+"/payout" {
			paid = append(paid, e)
		}
	}
	if tot == 0 {
		require.Empty(t, paid, "nothing to pay, no entry")
		return
	}
	require.Len(t, paid, 1, "one entry pays out the total")
	e := paid[0]
	require.Equal(t, []ledger.Posting{ledger.Dr(ledger.LenderPayables, out.Total), ledger.Cr(ledger.SukarelaSavings, out.Total)}, e.Postings)
	require.Equal(t, string(l.ID), e.Ref("loan"))
	require.Equal(t, out.Date, e.Date)
	require.NotEmpty(t, e.Memo)
}

func poParts(out Payout) [][2]int64 {
	ps := make([][2]int64, len(out.Lenders))
	for i, lp := range out.Lenders {
		ps[i] = [2]int64{lp.Principal.Minor(), lp.Margin.Minor()}
	}
	return ps
}

// TestDistributeMekarmukti pays the pilot's six installments of Rp4.200 to
// three lenders who funded Rp10.000, Rp10.000 and Rp5.000: every lender
// gets back exactly what it funded and exactly its share of the Rp200
// margin, the odd rupiahs taking turns.
func TestDistributeMekarmukti(t *testing.T) {
	l := poLoan(t, "L1", 10_000, 10_000, 5_000)
	// principal/margin per lender (LA, LB, LC) of each payment; exact
	// shares are 1666,4/13,6 1666,4/13,6 833,2/6,8 for payments 1-2 and
	// 1666,8/13,2 1666,8/13,2 833,4/6,6 for 3-6.
	want := [][][2]int64{
		{{1667, 14}, {1666, 13}, {833, 7}}, // ties LA/LB: LA first (Seq 0)
		{{1666, 13}, {1667, 14}, {833, 7}}, // LB is behind now
		{{1667, 14}, {1666, 13}, {834, 6}},
		{{1667, 13}, {1667, 13}, {833, 7}},
		{{1666, 13}, {1667, 14}, {834, 6}},
		{{1667, 13}, {1667, 13}, {833, 7}},
	}
	st, po := NewState(l), NewPaidOut(l)
	j := poJournal(t, l)
	for i := range 6 {
		var a Allocation
		var out Payout
		var es []ledger.Entry
		st, po, a, out, es = poPay(t, l, st, po, "P"+strconv.Itoa(i+1), poDay(29+i), 4200)
		poCheckPayout(t, l, out, es)
		require.Equal(t, a.LenderPrincipal, out.Principal)
		require.Equal(t, a.LenderMargin, out.Margin)
		require.Equal(t, i, out.Seq)
		require.Equal(t, RepaymentPayout, out.Kind)
		require.Equal(t, want[i], poParts(out), "payment %d", i+1)
		for _, e := range es {
			require.NoError(t, j.Post(e), e.ID)
		}
	}
	require.Equal(t, LoanRepaid, st.Status)
	got := [][3]int64{}
	for _, p := range po.Lenders {
		got = append(got, [3]int64{p.Principal.Minor(), p.Margin.Minor(), p.MoneyDays})
		require.True(t, p.Outstanding().IsZero())
	}
	// money-days: LA had 10.000, 8.333, 6.667, 5.000, 3.333, 1.667 out one
	// day each.
	require.Equal(t, [][3]int64{{10_000, 80, 35_000}, {10_000, 80, 35_003}, {5_000, 40, 17_501}}, got)
	for _, c := range []ledger.Code{ledger.LenderPayables, ledger.LenderFunding, ledger.MemberLoans} {
		b, err := j.Balance(c)
		require.NoError(t, err)
		require.Zero(t, b.Minor(), "%s", c)
	}
	b, err := j.Balance(ledger.SukarelaSavings)
	require.NoError(t, err)
	require.Equal(t, int64(25_200), b.Minor(), "the lenders got every rupiah the member paid")
}

// poJournal is a journal in which l was disbursed from lenders' sukarela.
func poJournal(t testing.TB, l Loan) *ledger.Journal {
	t.Helper()
	j, err := ledger.New(money.IDR, ledger.StandardChart())
	require.NoError(t, err)
	p := l.Principal()
	require.NoError(t, j.Post(ledger.Entry{ID: "open/" + string(l.ID), Date: l.Disbursed, Postings: []ledger.Posting{
		ledger.Dr(ledger.Cash, p), ledger.Cr(ledger.SukarelaSavings, p),
		ledger.Dr(ledger.SukarelaSavings, p), ledger.Cr(ledger.PledgedFunds, p),
		ledger.Dr(ledger.MemberLoans, p), ledger.Cr(ledger.PackageSales, p),
		ledger.Dr(ledger.PledgedFunds, p), ledger.Cr(ledger.LenderFunding, p),
	}}))
	return j
}

// TestPlainLargestRemainderDrifts shows why payouts look at what each
// lender already received: splitting each payment on its own, even with
// rotating ties, leaves the Mekarmukti lender of Rp5.000 short.
func TestPlainLargestRemainderDrifts(t *testing.T) {
	l := poLoan(t, "L1", 10_000, 10_000, 5_000)
	var got [3]int64
	for i, in := range l.Schedule.Installments {
		parts, err := money.AppendAllocate(nil, in.Principal, []int64{10_000, 10_000, 5_000}, i)
		require.NoError(t, err)
		for k, p := range parts {
			got[k] += p.Minor()
		}
	}
	require.Equal(t, [3]int64{10_001, 10_001, 4_998}, got)
}

// TestDistributeWriteOff writes a loan off after two payments, with the
// group fund covering part of the loss, then recovers part of it: every
// lender ends with principal + loss = funded, and the lenders' payables
// clear.
func TestDistributeWriteOff(t *testing.T) {
	l := poLoan(t, "L1", 10_000, 10_000, 5_000)
	st, po := NewState(l), NewPaidOut(l)
	j := poJournal(t, l)
	require.NoError(t, j.Post(ledger.Entry{ID: "open/groupfund", Date: poDay(28), Postings: []ledger.Posting{
		ledger.Dr(ledger.Cash, poRp(5_000)), ledger.Cr(ledger.GroupFund, poRp(5_000))}}))
	post := func(es []ledger.Entry) {
		for _, e := range es {
			require.NoError(t, j.Post(e), e.ID)
		}
	}
	var es []ledger.Entry
	st, po, _, _, es = poPay(t, l, st, po, "P1", poDay(29), 4200)
	post(es)
	st, po, _, _, es = poPay(t, l, st, po, "P2", poDay(30), 4200)
	post(es)
	// P1 and P2 paid LA 3.333, LB 3.333, LC 1.666 of principal.
	st, err := DeclareDefault(l, st, poDay(40))
	require.NoError(t, err)
	st, wo, wes, err := WriteOffLoan(l, st, poDay(41), "WO-1", Waterfall{GroupFund: poRp(5_000)}, Servicing{})
	require.NoError(t, err)
	post(wes)
	require.Equal(t, int64(16_668), wo.Principal.Minor())

	np, out, pes, err := DistributeWriteOff(l, po, wo, "WO-1")
	require.NoError(t, err)
	poCheckPayout(t, l, out, pes)
	post(pes)
	require.Equal(t, WriteOffPayout, out.Kind)
	require.Equal(t, int64(5_000), out.Principal.Minor(), "the group fund's cover goes to the lenders")
	require.Equal(t, int64(11_668), out.Loss.Minor(), "the rest is the lenders' layer")
	for i, p := range np.Lenders {
		require.Equal(t, p.Funded.Minor(), p.Principal.Minor()+p.Loss.Minor(), "lender %s", p.Lender)
		require.Equal(t, out.Lenders[i].Loss, p.Loss)
	}
	require.Equal(t, [][2]int64{{2_000, 4_667}, {2_000, 4_667}, {1_000, 2_334}}, func() [][2]int64 {
		var v [][2]int64
		for _, lp := range out.Lenders {
			v = append(v, [2]int64{lp.Principal.Minor(), lp.Loss.Minor()})
		}
		return v
	}())
	require.Equal(t, poDay(41), np.WrittenOff)
	po = np

	// Money-days stop at the write-off: LA had 10.000 out 1 day, 8.333 1
	// day and 6.667 for 11 days.
	require.Equal(t, int64(10_000+8_333+6_667*11), po.Lenders[0].MoneyDays)

	// A recovery of Rp7.001 goes back to the lenders first, by their losses.
	st, a, res, err := Post(l, st, Payment{ID: "R1", Loan: l.ID, Date: poDay(50), Amount: poRp(7_001), Source: FromRecovery}, Servicing{})
	require.NoError(t, err)
	post(res)
	np, out, pes, err = DistributeWriteOff(l, po, wo, "WO-2")
	require.ErrorIs(t, err, ErrClosed, "a second write-off")
	require.Equal(t, po, np)
	require.Empty(t, pes, "a refused write-off has no entries")
	require.Empty(t, out.Lenders, "nor a payout")
	np, out, pes, err = Distribute(l, st, po, a)
	require.NoError(t, err)
	poCheckPayout(t, l, out, pes)
	post(pes)
	require.Equal(t, RecoveryPayout, out.Kind)
	require.Equal(t, int64(7_001), out.Recovered.Minor())
	var rec []int64
	for _, lp := range out.Lenders {
		rec = append(rec, lp.Recovered.Minor())
	}
	// exact shares of 7.001 by losses 4.667/4.667/2.334: 2.800,3 2.800,3 1.400,4
	require.Equal(t, []int64{2_800, 2_800, 1_401}, rec)
	po = np

	lp, err := j.Balance(ledger.LenderPayables)
	require.NoError(t, err)
	require.Zero(t, lp.Minor(), "every rupiah owed to the lenders was paid out")

	// The rest of the losses, and no more, can be recovered.
	st, a, _, err = Post(l, st, Payment{ID: "R2", Loan: l.ID, Date: poDay(51), Amount: poRp(100_000), Source: FromRecovery}, Servicing{})
	require.NoError(t, err)
	po, out, _, err = Distribute(l, st, po, a)
	require.NoError(t, err)
	require.Equal(t, int64(11_668-7_001), out.Recovered.Minor())
	for _, p := range po.Lenders {
		require.Equal(t, p.Loss, p.Recovered)
	}

	// The record rebuilt from the state is the same; the write-off's
	// payout has no operation ID to go by.
	re, outs, err := PaidOutOf(l, st, Servicing{})
	require.NoError(t, err)
	require.Len(t, outs, 5)
	require.Equal(t, "write-off", outs[2].ID)
	require.Equal(t, 5, re.Payouts)
	require.Equal(t, 4, re.Payments)
	if d := cmp.Diff(po, re, poAmounts); d != "" {
		t.Errorf("rebuilt record (-distributed +rebuilt):\n%s", d)
	}
}

// TestDistributeRefusals: bad input is refused with a typed error and the
// record comes back unchanged.
func TestDistributeRefusals(t *testing.T) {
	l := poLoan(t, "L1", 10_000, 10_000, 5_000)
	other := poLoan(t, "L2", 12_500, 12_500)
	st, po := NewState(l), NewPaidOut(l)
	st, po, a1, _, _ := poPay(t, l, st, po, "P1", poDay(29), 4200)
	st, a2, _, err := Post(l, st, Payment{ID: "P2", Loan: l.ID, Date: poDay(30), Amount: poRp(4200)}, Servicing{})
	require.NoError(t, err)
	_, a3, _, err := Post(l, st, Payment{ID: "P3", Loan: l.ID, Date: poDay(31), Amount: poRp(4200)}, Servicing{})
	require.NoError(t, err)
	early := a2
	early.Payment.Date = poDay(28)
	otherState := NewState(other)
	otherState.Payments = st.Payments
	mismatched := NewPaidOut(l)
	mismatched.Lenders[1].Funded = poRp(9_999)
	tooMuch := a2
	tooMuch.LenderPrincipal = poRp(25_000)
	negative := a2
	negative.LenderMargin = poRp(-1)
	dollars := a2
	dollars.LenderMargin = money.USD.Amount(5)
	recovery := a2
	recovery.Payment.Source = FromRecovery
	recoverySt := st
	recoverySt.Payments = slices.Clone(st.Payments)
	recoverySt.Payments[1].Source = FromRecovery
	for _, c := range []struct {
		name string
		l    Loan
		st   State
		po   PaidOut
		a    Allocation
		want error
	}{
		{"repeat", l, st, po, a1, ErrDuplicate},
		{"other loan's allocation", other, otherState, NewPaidOut(other), a2, ErrNotFound},
		{"other loan's record", l, st, NewPaidOut(other), a2, ErrInvalid},
		{"other loan's state", l, otherState, po, a2, ErrInvalid},
		{"shares differ", l, st, mismatched, a2, ErrInvalid},
		{"not in the state", l, st, po, a3, ErrInvalid},
		{"not the next payment", l, st, NewPaidOut(l), a2, ErrInvalid},
		{"not the payment posted", l, st, po, early, ErrInvalid},
		{"more principal than out", l, st, po, tooMuch, ErrInvalid},
		{"negative margin", l, st, po, negative, ErrInvalid},
		{"other currency", l, st, po, dollars, ErrInvalid},
		{"recovery before write-off", l, recoverySt, po, recovery, ErrInvalid},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := poJSON(t, c.po)
			np, out, es, err := Distribute(c.l, c.st, c.po, c.a)
			require.ErrorIs(t, err, c.want)
			var pe *PayoutError
			require.True(t, errors.As(err, &pe), "a *PayoutError: %v", err)
			require.Contains(t, err.Error(), "lending: distribute")
			require.Empty(t, es)
			require.Empty(t, out.Lenders)
			require.Equal(t, string(before), string(poJSON(t, np)), "the record comes back unchanged")
			require.Equal(t, string(before), string(poJSON(t, c.po)), "the record given is not changed")
		})
	}
	// after a write-off, only recoveries
	wo := WriteOff{Date: poDay(40), Principal: poRp(20_834), Absorbed: []Absorbed{{Layer: LendersLayer, Amount: poRp(20_834)}}}
	wpo, _, _, err := DistributeWriteOff(l, po, wo, "WO")
	require.NoError(t, err)
	_, _, _, err = Distribute(l, st, wpo, a2)
	require.ErrorIs(t, err, ErrClosed)
	// write-off refusals
	for _, c := range []struct {
		name string
		wo   WriteOff
		id   string
		want error
	}{
		{"no ID", wo, "", ErrInvalid},
		{"no date", WriteOff{}, "WO", ErrInvalid},
		{"before the last payout", WriteOff{Date: poDay(20), Principal: poRp(1)}, "WO", ErrInvalid},
		{"lenders' layer above the principal", WriteOff{Date: poDay(40), Principal: poRp(1), Absorbed: []Absorbed{{Layer: LendersLayer, Amount: poRp(2)}}}, "WO", ErrInvalid},
		{"cover above what is out", WriteOff{Date: poDay(40), Principal: poRp(25_000), Absorbed: []Absorbed{{Layer: GroupFundLayer, Amount: poRp(25_000)}}}, "WO", ErrInvalid},
	} {
		t.Run("write-off/"+c.name, func(t *testing.T) {
			np, _, es, err := DistributeWriteOff(l, po, c.wo, c.id)
			require.ErrorIs(t, err, c.want)
			require.Empty(t, es)
			require.Equal(t, string(poJSON(t, po)), string(poJSON(t, np)))
		})
	}
}

// TestDistributeNoLenders: a loan the koperasi funded alone has nothing
// to pass on, and refuses money for lenders it does not have.
func TestDistributeNoLenders(t *testing.T) {
	l := poLoan(t, "L1")
	l.Split = MarginSplit{}
	st, po := NewState(l), NewPaidOut(l)
	st, a, _, err := Post(l, st, Payment{ID: "P1", Loan: l.ID, Date: poDay(29), Amount: poRp(4200)}, Servicing{})
	require.NoError(t, err)
	require.True(t, a.LenderPrincipal.IsZero())
	np, out, es, err := Distribute(l, st, po, a)
	require.NoError(t, err)
	require.Empty(t, es)
	require.Empty(t, out.Lenders)
	require.Equal(t, 1, np.Payments)
	st, a, _, err = Post(l, st, Payment{ID: "P2", Loan: l.ID, Date: poDay(30), Amount: poRp(4200)}, Servicing{})
	require.NoError(t, err)
	a.LenderPrincipal = poRp(1)
	_, _, _, err = Distribute(l, st, np, a)
	require.ErrorIs(t, err, ErrInvalid)
}

// TestDepositsIntoSavings credits the lenders through members.Savings, as
// the Book does: the deposits post the same entries as Entries.
func TestDepositsIntoSavings(t *testing.T) {
	l := poLoan(t, "L1", 10_000, 10_000, 5_000)
	j := poJournal(t, l)
	sv, err := members.New(members.Config{Pokok: poRp(50_000), Wajib: poRp(10_000)}, j)
	require.NoError(t, err)
	for i, s := range l.Lenders {
		m := members.Member{
			ID: s.Lender, Name: "Ibu " + string(s.Lender), NIK: members.NIK("321701450890000" + strconv.Itoa(i+1)),
			KK: "3217010101200001", Address: members.Address{RT: 2, RW: 8, Village: "Mekarmukti"},
			Joined: poDay(1), Status: members.Active, Documents: members.Documents{KTP: true, KK: true},
		}
		require.NoError(t, sv.Register(members.Op{ID: "reg-" + string(s.Lender), Date: poDay(1)}, m))
	}
	st, po := NewState(l), NewPaidOut(l)
	for i := range 6 {
		ns, a, es, err := Post(l, st, Payment{ID: "P" + strconv.Itoa(i+1), Loan: l.ID, Date: poDay(29 + i), Amount: poRp(4200)}, Servicing{})
		require.NoError(t, err)
		for _, e := range es {
			require.NoError(t, j.Post(e))
		}
		np, out, pes, err := Distribute(l, ns, po, a)
		require.NoError(t, err)
		ops := out.Deposits()
		require.Len(t, ops, len(l.Lenders))
		var sum int64
		for k, op := range ops {
			require.Equal(t, "P"+strconv.Itoa(i+1)+"/payout/"+string(l.Lenders[k].Lender), op.ID)
			require.Equal(t, out.Lenders[k].Total, op.Amount)
			require.Equal(t, ledger.LenderPayables, op.Source)
			require.NoError(t, sv.Apply(op))
			sum += op.Amount.Minor()
		}
		require.Len(t, pes, 1)
		require.Equal(t, pes[0].Postings[0].Amount.Minor(), sum, "the deposits post what the entry would")
		// the payables are paid out: the entry on top would overdraw them
		require.ErrorIs(t, j.Post(pes[0]), ledger.ErrOverdraft)
		st, po = ns, np
	}
	for i, s := range l.Lenders {
		b, err := sv.Balances(s.Lender)
		require.NoError(t, err)
		require.Equal(t, po.Lenders[i].Principal.Minor()+po.Lenders[i].Margin.Minor(), b.Sukarela.Minor(), "%s", s.Lender)
	}
	lp, err := j.Balance(ledger.LenderPayables)
	require.NoError(t, err)
	require.Zero(t, lp.Minor())
}

func TestPayoutJSON(t *testing.T) {
	l := poLoan(t, "L1", 10_000, 10_000, 5_000)
	st, po := NewState(l), NewPaidOut(l)
	var outs []Payout
	for i := range 3 {
		var out Payout
		st, po, _, out, _ = poPay(t, l, st, po, "P"+strconv.Itoa(i+1), poDay(29+i), 4200)
		outs = append(outs, out)
	}
	for _, v := range []any{outs, po} {
		b := poJSON(t, v)
		switch v.(type) {
		case []Payout:
			var back []Payout
			require.NoError(t, json.Unmarshal(b, &back))
			require.Equal(t, string(b), string(poJSON(t, back)))
			require.Empty(t, cmp.Diff(outs, back, poAmounts))
		case PaidOut:
			var back PaidOut
			require.NoError(t, json.Unmarshal(b, &back))
			require.Equal(t, string(b), string(poJSON(t, back)))
			require.Empty(t, cmp.Diff(po, back, poAmounts))
		}
	}
	var k PayoutKind
	require.ErrorIs(t, k.UnmarshalText([]byte("bonus")), ErrInvalid)
	_, err := PayoutKind(9).MarshalText()
	require.ErrorIs(t, err, ErrInvalid)
	require.Equal(t, "9", PayoutKind(9).String())
}

// poSynthetic is a loan of one installment with the given lenders' shares
// (principal = their sum) and margin M, all to the lenders, for properties
// that draw arbitrary shares.
func poSynthetic(shares []int64, margin int64) Loan {
	var p int64
	l := Loan{ID: "LS", Member: "M", Disbursed: poDay(1), Split: MarginSplit{Lenders: 1, Den: 1}}
	for i, s := range shares {
		p += s
		l.Lenders = append(l.Lenders, Share{Lender: members.ID("L" + strconv.Itoa(i)), Amount: poRp(s)})
	}
	l.Schedule = schedule.Schedule{Principal: poRp(p), Margin: poRp(margin), Total: poRp(p + margin),
		Installments: []schedule.Installment{{Number: 1, Due: poDay(2), Principal: poRp(p), Margin: poRp(margin), Total: poRp(p + margin)}}}
	return l
}

// TestPropertyPayouts: for any shares and any collections, every payout's
// parts sum to it exactly, every part is the exact share rounded down or
// up (unless a lender's remaining principal or margin caps it), lenders of
// equal shares are never more than a rupiah apart, and when the principal
// is all collected every lender has exactly what it funded.
func TestPropertyPayouts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 20).Draw(t, "lenders")
		unit := rapid.SampledFrom([]int64{1, 7, 100, 5_000, 1_000_003}).Draw(t, "unit")
		shares := make([]int64, n)
		var W int64
		for i := range shares {
			shares[i] = unit * rapid.Int64Range(0, 6).Draw(t, "units")
			if rapid.IntRange(0, 4).Draw(t, "odd") == 0 {
				shares[i] += rapid.Int64Range(0, 999).Draw(t, "odd amount")
			}
			W += shares[i]
		}
		if W == 0 {
			shares[0], W = 1, 1
		}
		margin := rapid.Int64Range(0, 3*W).Draw(t, "margin")
		l := poSynthetic(shares, margin)
		po, st := NewPaidOut(l), State{Loan: l.ID}
		var C, M int64
		for k := 0; C < W || M < margin; k++ {
			c := rapid.Int64Range(0, W-C).Draw(t, "principal")
			m := rapid.Int64Range(0, margin-M).Draw(t, "margin collected")
			if k > 40 { // finish
				c, m = W-C, margin-M
			}
			a := Allocation{Payment: Payment{ID: "P" + strconv.Itoa(k), Loan: l.ID, Date: poDay(2 + k/3)},
				LenderPrincipal: poRp(c), LenderMargin: poRp(m)}
			st.Payments = append(st.Payments, a.Payment)
			prev := po
			np, out, es, err := Distribute(l, st, po, a)
			if err != nil {
				t.Fatal(err)
			}
			poCheckPayout(t, l, out, es)
			for i, lp := range out.Lenders {
				for _, x := range []struct {
					name      string
					got, c, t int64 // part, collection, total of the stream
					left      int64 // what the lender could still take
				}{
					{"principal", lp.Principal.Minor(), c, W, prev.Lenders[i].Outstanding().Minor()},
					{"margin", lp.Margin.Minor(), m, W, -1},
				} {
					if x.c == 0 {
						if x.got != 0 {
							t.Fatalf("%s: lender %d got %d of nothing", x.name, i, x.got)
						}
						continue
					}
					// exact share x.c*w/W; bounds floor and ceil
					lo := x.c * shares[i] / W
					hi := lo
					if x.c*shares[i]%W != 0 {
						hi++
					}
					capped := false
					if x.name == "principal" {
						for k2, p := range prev.Lenders {
							if p.Outstanding().Minor() < (x.c*shares[k2]+W-1)/W {
								capped = true
							}
						}
					}
					if !capped && (x.got < lo || x.got > hi) {
						t.Fatalf("%s of payout %d: lender %d got %d, exact share in [%d, %d]", x.name, k, i, x.got, lo, hi)
					}
				}
			}
			// equal shares: never more than one rupiah apart
			for i := range shares {
				for j := i + 1; j < n; j++ {
					if shares[i] != shares[j] {
						continue
					}
					a, b := np.Lenders[i], np.Lenders[j]
					if d := a.Principal.Minor() - b.Principal.Minor(); d > 1 || d < -1 {
						t.Fatalf("equal lenders %d and %d: principal %d and %d", i, j, a.Principal.Minor(), b.Principal.Minor())
					}
					if d := a.Margin.Minor() - b.Margin.Minor(); d > 1 || d < -1 {
						t.Fatalf("equal lenders %d and %d: margin %d and %d", i, j, a.Margin.Minor(), b.Margin.Minor())
					}
				}
			}
			po, C, M = np, C+c, M+m
		}
		for i, p := range po.Lenders {
			if p.Principal.Minor() != shares[i] {
				t.Fatalf("lender %d got %d of the %d it funded", i, p.Principal.Minor(), shares[i])
			}
			// each lender's margin is its exact share, within a rupiah
			// rounded up... and never above it rounded up
			up := (margin*shares[i] + W - 1) / W
			if p.Margin.Minor() > up || p.Margin.Minor() < margin*shares[i]/W-1 {
				t.Fatalf("lender %d earned %d of margin, exact share %d/%d", i, p.Margin.Minor(), margin*shares[i], W)
			}
		}
	})
}

// TestPropertyTieRotation: lenders of equal shares take the odd rupiahs in
// turn whatever the amounts: after every payout the numbers of odd rupiahs
// they received differ by at most one.
func TestPropertyTieRotation(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 9).Draw(t, "lenders")
		share := rapid.Int64Range(1, 10_000).Draw(t, "share")
		shares := make([]int64, n)
		for i := range shares {
			shares[i] = share
		}
		// a large margin stream: many payouts of any size
		l := poSynthetic(shares, 1<<40)
		po, st := NewPaidOut(l), State{Loan: l.ID}
		odd := make([]int64, n)
		for k := range rapid.IntRange(1, 60).Draw(t, "payouts") {
			m := rapid.Int64Range(0, 5*int64(n)).Draw(t, "margin")
			p := Payment{ID: "P" + strconv.Itoa(k), Loan: l.ID, Date: poDay(2)}
			st.Payments = append(st.Payments, p)
			np, out, _, err := Distribute(l, st, po, Allocation{Payment: p, LenderMargin: poRp(m)})
			if err != nil {
				t.Fatal(err)
			}
			for i, lp := range out.Lenders {
				odd[i] += lp.Margin.Minor() - m/int64(n)
			}
			if slices.Max(odd)-slices.Min(odd) > 1 {
				t.Fatalf("after payout %d the odd rupiahs are %v", k, odd)
			}
			po = np
		}
	})
}

// TestPropertyPaidOutOf: the record rebuilt from a loan's state is the one
// distributing each payment built, for any payments, write-off and
// recoveries, on a loan the lenders funded in full or one the koperasi
// part-funded; every lender adds up and recovers at most what it lost, and
// the lenders' losses are the write-off's lenders' layer.
func TestPropertyPaidOutOf(t *testing.T) {
	full := poLoan(t, "L1", 10_000, 5_000, 5_000, 2_500, 2_500)
	part := poLoan(t, "L1", 10_000, 5_000, 5_000, 2_500) // the koperasi's Rp2.500
	rapid.Check(t, func(t *rapid.T) {
		l := full
		if rapid.Bool().Draw(t, "part-funded") {
			l = part
		}
		st, po := NewState(l), NewPaidOut(l)
		on := poDay(28)
		for k := range rapid.IntRange(0, 8).Draw(t, "payments") {
			if st.Closed() {
				break
			}
			amt := rapid.Int64Range(1, 9_000).Draw(t, "amount")
			on = on.AddDays(rapid.IntRange(0, 3).Draw(t, "days later"))
			ns, a, _, err := Post(l, st, Payment{ID: "P" + strconv.Itoa(k), Loan: l.ID, Date: on, Amount: poRp(amt)}, Servicing{})
			if err != nil {
				t.Fatal(err)
			}
			np, _, _, err := Distribute(l, ns, po, a)
			if err != nil {
				t.Fatal(err)
			}
			st, po = ns, np
		}
		if !st.Closed() && rapid.Bool().Draw(t, "write off") {
			on = on.AddDays(rapid.IntRange(1, 40).Draw(t, "days to write-off"))
			var err error
			if st, err = DeclareDefault(l, st, on); err != nil {
				t.Fatal(err)
			}
			w := Waterfall{GroupFund: poRp(rapid.Int64Range(0, 30_000).Draw(t, "group fund")), Reserve: poRp(rapid.Int64Range(0, 5_000).Draw(t, "reserve"))}
			var wo WriteOff
			if st, wo, _, err = WriteOffLoan(l, st, on, "WO", w, Servicing{}); err != nil {
				t.Fatal(err)
			}
			var out Payout
			if po, out, _, err = DistributeWriteOff(l, po, wo, "WO"); err != nil {
				t.Fatal(err)
			}
			if out.Loss.Minor() != wo.absorbed(LendersLayer).Minor() {
				t.Fatalf("the lenders lost %s, the lenders' layer is %s", out.Loss, wo.absorbed(LendersLayer))
			}
			for k := range rapid.IntRange(0, 3).Draw(t, "recoveries") {
				on = on.AddDays(rapid.IntRange(0, 9).Draw(t, "days to recovery"))
				ns, a, _, err := Post(l, st, Payment{ID: "R" + strconv.Itoa(k), Loan: l.ID, Date: on, Amount: poRp(rapid.Int64Range(1, 12_000).Draw(t, "recovered")), Source: FromRecovery}, Servicing{})
				if err != nil {
					t.Fatal(err)
				}
				np, out, _, err := Distribute(l, ns, po, a)
				if err != nil {
					t.Fatal(err)
				}
				var rec int64
				for _, r := range a.Recovery {
					if r.Layer == LendersLayer {
						rec += r.Amount.Minor()
					}
				}
				if out.Recovered.Minor() != rec {
					t.Fatalf("recovery paid out %s of the lenders' %d", out.Recovered, rec)
				}
				st, po = ns, np
			}
			for _, p := range po.Lenders {
				if p.Recovered.Minor() > p.Loss.Minor() {
					t.Fatalf("lender %s recovered %s of a loss of %s", p.Lender, p.Recovered, p.Loss)
				}
			}
		}
		re, _, err := PaidOutOf(l, st, Servicing{})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(po, re, poAmounts); d != "" {
			t.Fatalf("(-distributed +rebuilt):\n%s", d)
		}
		for _, p := range po.Lenders {
			if p.Principal.Minor()+p.Loss.Minor()+p.Outstanding().Minor() != p.Funded.Minor() {
				t.Fatalf("lender %s does not add up", p.Lender)
			}
		}
	})
}

// poFollow is a Mekarmukti loan paid n installments on time, distributed.
func poFollow(t testing.TB, l Loan, n int) (State, PaidOut, []Payout) {
	st, po := NewState(l), NewPaidOut(l)
	var outs []Payout
	for i := range n {
		var out Payout
		st, po, _, out, _ = poPay(t, l, st, po, "P"+strconv.Itoa(i+1), l.Schedule.Installments[i].Due, l.Schedule.Installments[i].Total.Minor())
		outs = append(outs, out)
	}
	return st, po, outs
}

func TestPayoutGolden(t *testing.T) {
	l := poLoan(t, "L1", 10_000, 10_000, 5_000)
	_, po, outs := poFollow(t, l, 6)
	poGolden(t, "payouts_mekarmukti.json", poJSON(t, struct {
		Payouts []Payout `json:"payouts"`
		PaidOut PaidOut  `json:"paid_out"`
	}{outs, po}))
}

// BenchmarkDistribute splits one Mekarmukti installment among five
// lenders: payout, new record and journal entries.
func BenchmarkDistribute(b *testing.B) {
	l := poLoan(b, "L1", 10_000, 5_000, 5_000, 2_500, 2_500)
	st, po := NewState(l), NewPaidOut(l)
	st, a, _, err := Post(l, st, Payment{ID: "P1", Loan: l.ID, Date: poDay(29), Amount: poRp(4200)}, Servicing{})
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := Distribute(l, st, po, a); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPostAndDistribute is the performance target: posting a
// repayment with its allocation and the payout to five lenders.
func BenchmarkPostAndDistribute(b *testing.B) {
	l := poLoan(b, "L1", 10_000, 5_000, 5_000, 2_500, 2_500)
	st, po := NewState(l), NewPaidOut(l)
	p := Payment{ID: "P1", Loan: l.ID, Date: poDay(29), Amount: poRp(4200)}
	b.ReportAllocs()
	for b.Loop() {
		ns, a, _, err := Post(l, st, p, Servicing{})
		if err != nil {
			b.Fatal(err)
		}
		if _, _, _, err := Distribute(l, ns, po, a); err != nil {
			b.Fatal(err)
		}
	}
}

// ExampleDistribute passes the first Rp4.200 installment of a Mekarmukti
// loan on to its three lenders: Rp4.166 of principal and Rp34 of margin,
// split by their shares of Rp10.000, Rp10.000 and Rp5.000.
func ExampleDistribute() {
	l := poLoan(nil, "L-G1-M01", 10_000, 10_000, 5_000)
	st, po := NewState(l), NewPaidOut(l)
	st, a, _, err := Post(l, st, Payment{ID: "PAY-1", Loan: l.ID, Date: poDay(29), Amount: poRp(4200)}, Servicing{})
	if err != nil {
		fmt.Println(err)
		return
	}
	po, out, entries, err := Distribute(l, st, po, a)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("collected for the lenders:", out.Principal, "+", out.Margin)
	for _, lp := range out.Lenders {
		fmt.Printf("%s: %s + %s = %s\n", lp.Lender, lp.Principal, lp.Margin, lp.Total)
	}
	for _, e := range entries {
		fmt.Println(e.ID, e.Postings[0].Account, "->", e.Postings[1].Account, e.Postings[0].Amount)
	}
	fmt.Println("next payout:", po.Payouts)
	// Output:
	// collected for the lenders: Rp4.166 + Rp34
	// LA: Rp1.667 + Rp14 = Rp1.681
	// LB: Rp1.666 + Rp13 = Rp1.679
	// LC: Rp833 + Rp7 = Rp840
	// PAY-1/payout 204 -> 201 Rp4.200
	// next payout: 1
}

// TestSpread checks the splitting rule on small cases worked by hand.
func TestSpread(t *testing.T) {
	none := []int64{1 << 62, 1 << 62, 1 << 62, 1 << 62}
	for _, c := range []struct {
		name       string
		c          int64
		w, paid    []int64
		caps       []int64
		tie        int
		want       []int64
		wantErrMsg string
	}{
		{"exact", 10, []int64{2, 2, 1}, []int64{0, 0, 0}, none[:3], 0, []int64{4, 4, 2}, ""},
		{"largest remainder", 4, []int64{2, 2, 1}, []int64{0, 0, 0}, none[:3], 0, []int64{2, 1, 1}, ""},
		{"tie from Seq 1", 1, []int64{1, 1, 1}, []int64{0, 0, 0}, none[:3], 1, []int64{0, 1, 0}, ""},
		{"tie from Seq 5 wraps", 2, []int64{1, 1, 1}, []int64{0, 0, 0}, none[:3], 5, []int64{1, 0, 1}, ""},
		{"behind goes first", 1, []int64{1, 1, 1}, []int64{1, 0, 1}, none[:3], 0, []int64{0, 1, 0}, ""},
		// exact share 2 each; lender 0 may take 1, so its rupiah goes to
		// whoever is furthest behind among the others
		{"cap cuts a floor", 4, []int64{1, 1}, []int64{0, 0}, []int64{1, 5}, 0, []int64{1, 3}, ""},
		{"zero weight gets nothing", 3, []int64{0, 1, 2}, []int64{0, 0, 0}, none[:3], 0, []int64{0, 1, 2}, ""},
		{"nothing to split", 0, []int64{0, 0}, []int64{0, 0}, none[:2], 0, []int64{0, 0}, ""},
		{"caps too small", 4, []int64{1, 1}, []int64{0, 0}, []int64{1, 1}, 0, nil, "cannot take"},
		{"no weight", 4, []int64{0, 0}, []int64{0, 0}, none[:2], 0, nil, "sum to zero"},
		{"negative weight", 4, []int64{-1, 2}, []int64{0, 0}, none[:2], 0, nil, "negative"},
		{"weights overflow", 4, []int64{1 << 62, 1 << 62}, []int64{0, 0}, none[:2], 0, nil, "overflow"},
		{"paid overflows", 4, []int64{1, 1}, []int64{1 << 62, 1 << 62}, none[:2], 0, nil, "overflow"},
		{"cumulative overflows", 1 << 62, []int64{1, 1}, []int64{1 << 62, 0}, none[:2], 0, nil, "overflow"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := make([]int64, len(c.w))
			err := spread(dst, c.c, c.w, c.paid, c.caps, c.tie)
			if c.wantErrMsg != "" {
				require.ErrorContains(t, err, c.wantErrMsg)
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.want, dst)
		})
	}
	// Many lenders take the sorting path: 40 equal shares, 7 odd rupiahs.
	w := make([]int64, 40)
	for i := range w {
		w[i] = 3
	}
	dst := make([]int64, 40)
	require.NoError(t, spread(dst, 87, w, make([]int64, 40), slices.Repeat([]int64{1 << 40}, 40), 38))
	var got []int
	for i, x := range dst {
		if x == 3 {
			got = append(got, i)
		}
	}
	require.Equal(t, []int{0, 1, 2, 3, 4, 38, 39}, got, "the odd rupiahs from lender 38 on, wrapping")
}
