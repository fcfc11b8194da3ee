package lending

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// The -update flag rewrites golden files. It is looked up rather than
// declared, so that any test file of the package may declare it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata/")
	}
}

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updateGolden() {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update to create it")
	require.Equal(t, string(want), got, "golden file %s; run with -update after checking the change", path)
}

// mekarmuktiGroup is a group of five neighbours in RW 08, M01 its leader
// and lender LND-1 its supervisor, with one Rp25.000 loan each disbursed on
// 28 March 2024.
func mekarmuktiGroup(t testing.TB) (groups.Group, []Loan) {
	t.Helper()
	var cs []groups.Candidate
	var loans []Loan
	for i := 1; i <= 5; i++ {
		id := members.ID(fmt.Sprintf("M%02d", i))
		cs = append(cs, groups.Candidate{Member: id, Household: "KK-" + string(id), RT: 1 + i%3, RW: 8})
		loans = append(loans, mekarmuktiLoan(t, "L-"+string(id), id))
	}
	g, err := groups.New("MKM-08-1", cs, "M01", groups.Policy{})
	require.NoError(t, err)
	g, err = g.Appoint("LND-1")
	require.NoError(t, err)
	for i := range loans {
		loans[i].Group = "MKM-08-1"
	}
	return g, loans
}

// runCycle holds six daily collections (29 March to 3 April); pay gives
// what each member hands over on each day (0-based). It returns the text
// of the cycle and the final outcome, and checks the journal along the way.
func runCycle(t *testing.T, pay func(day int, m members.ID) int64, p CollectionPolicy) string {
	t.Helper()
	g, loans := mekarmuktiGroup(t)
	states := make([]State, len(loans))
	for i, l := range loans {
		states[i] = NewState(l)
	}
	j := book(t, 0, 0, loans...)
	r := Servicing{}
	var debts groups.Debts
	var b strings.Builder
	for k := range 6 {
		d := day(29 + k)
		var paid []Collected
		for _, l := range loans {
			paid = append(paid, Collected{Member: l.Member, Amount: rp(pay(k, l.Member))})
		}
		out, err := Collect(g, loans, states, Meeting{Date: d, OpID: "C" + d.String(), Paid: paid, Debts: debts}, r, p)
		require.NoError(t, err)
		postAll(t, j, out.Entries)
		for _, a := range out.Allocations {
			checkAllocation(t, loans[0], a)
		}
		fmt.Fprintf(&b, "== %s collection of group %s\n", d, out.Sheet.Group)
		for _, ln := range out.Sheet.Lines {
			fmt.Fprintf(&b, "sheet    %s %-8s due %-8s arrears %-8s total %-8s dpd %d\n", ln.Member, ln.Loan, ln.Due, ln.Arrears, ln.Total, ln.DaysPastDue)
		}
		fmt.Fprintf(&b, "sheet    total due %s, arrears %s, to collect %s\n", out.Sheet.Due, out.Sheet.Arrears, out.Sheet.Total)
		if out.Coverage.Shortfall.IsPositive() {
			fmt.Fprintf(&b, "cover    shortfall %s covered %s (fund %s) uncovered %s\n", out.Coverage.Shortfall, out.Coverage.Covered, out.Coverage.FundUsed, out.Coverage.Uncovered)
		}
		for _, a := range out.Allocations {
			py := a.Payment
			var ls []string
			for _, ln := range a.Lines {
				ls = append(ls, fmt.Sprintf("#%d pokok %s jasa %s", ln.Installment, ln.Principal, ln.Margin))
			}
			fmt.Fprintf(&b, "payment  %-28s %-10s %-6s %-8s %s; lenders %s + %s\n", py.ID, py.Source, py.Payer, py.Amount, strings.Join(ls, ", "), a.LenderPrincipal, a.LenderMargin)
		}
		for i, l := range loans {
			pos, err := PositionOf(l, out.States[i], d, r)
			require.NoError(t, err)
			checkPosition(t, l, out.States[i], pos)
			var st []string
			for _, in := range pos.Installments {
				st = append(st, in.Status.String())
			}
			fmt.Fprintf(&b, "position %s %-9s paid %-8s outstanding %-8s overdue %-8s dpd %d [%s]\n", l.ID, pos.Status, pos.Paid.Total(), pos.Outstanding.Total(), pos.Overdue.Total(), pos.DaysPastDue, strings.Join(st, " "))
		}
		for _, f := range out.FollowUps {
			fmt.Fprintf(&b, "follow   %s %s by %v: %s\n", f.Member, f.Level, f.Visitors, f.Reason)
		}
		par, err := PortfolioAtRisk(loans, out.States, d, Buckets{}, QualityPolicy{})
		require.NoError(t, err)
		fmt.Fprintf(&b, "par      loans %d outstanding %s PAR1 %s\n", par.Loans, par.Outstanding, par.PAR[0].Ratio)
		states, debts = out.States, out.Debts
	}
	fmt.Fprintf(&b, "== books\n")
	for _, c := range []ledger.Code{ledger.Cash, ledger.MemberLoans, ledger.LenderFunding, ledger.LenderPayables, ledger.MarginIncome, ledger.LenderShareExpense, ledger.JointLiabilityReceivable, ledger.JointLiabilityPayable} {
		fmt.Fprintf(&b, "%s %s\n", c, money.Rupiah(balance(t, j, c)))
	}
	for _, d := range debts.All() {
		fmt.Fprintf(&b, "debt %s owes %s %s since %s\n", d.Debtor, d.Creditor, d.Amount, d.Date)
	}
	for _, st := range states {
		require.Equal(t, LoanRepaid, st.Status, "loan %s", st.Loan)
	}
	require.Zero(t, balance(t, j, ledger.MemberLoans))
	return b.String()
}

// TestMekarmuktiCycle is the golden end-to-end cycle of one Mekarmukti group:
// six daily collections of Rp4.200 from each of five members.
func TestMekarmuktiCycle(t *testing.T) {
	got := runCycle(t, func(int, members.ID) int64 { return 4200 }, CollectionPolicy{})
	golden(t, "account_cycle.golden", got)
	require.Contains(t, got, "204 Rp126.000", "every rupiah collected is owed on to the lenders")
}

// TestMekarmuktiCycleCovered: M03 misses the 2nd and 3rd collections; the
// other four cover the installment equally (tanggung renteng), M03 is
// visited by the leader, and the loans are all repaid on time.
func TestMekarmuktiCycleCovered(t *testing.T) {
	got := runCycle(t, func(k int, m members.ID) int64 {
		if m == "M03" && (k == 1 || k == 2) {
			return 0
		}
		return 4200
	}, CollectionPolicy{})
	golden(t, "account_cycle_covered.golden", got)
	require.Contains(t, got, "112 Rp8.400", "M03 owes the peers two installments")
	require.Contains(t, got, "follow   M03 home-visit")
}

// TestFollowUpEscalation: M05 stops paying and nobody covers (a cap of
// nothing); the leader visits, then the supervisor joins once M05 is more
// than 1 day late, then the koperasi takes over once more than 3.
func TestFollowUpEscalation(t *testing.T) {
	g, loans := mekarmuktiGroup(t)
	states := make([]State, len(loans))
	for i, l := range loans {
		states[i] = NewState(l)
	}
	p := CollectionPolicy{Cover: groups.CoverPolicy{Cap: groups.UpTo(rp(0))}, Supervisor: 1, Koperasi: 3}
	want := []struct {
		level Level
		dpd   int
	}{{HomeVisit, 1}, {SupervisorVisit, 2}, {SupervisorVisit, 3}, {KoperasiFollowUp, 4}}
	for k := range 5 {
		d := day(29 + k)
		var paid []Collected
		for _, l := range loans {
			a := int64(4200)
			if l.Member == "M05" {
				a = 0
			}
			paid = append(paid, Collected{Member: l.Member, Amount: rp(a)})
		}
		out, err := Collect(g, loans, states, Meeting{Date: d, OpID: "C" + d.String(), Paid: paid}, Servicing{}, p)
		require.NoError(t, err)
		require.True(t, out.Coverage.Covered.IsZero())
		if k == 0 {
			require.Empty(t, out.FollowUps, "the first missed installment is due today, not yet overdue")
		} else {
			w := want[k-1]
			require.Len(t, out.FollowUps, 1)
			f := out.FollowUps[0]
			require.Equal(t, members.ID("M05"), f.Member)
			require.Equal(t, w.level, f.Level, "day %d", k)
			require.Equal(t, w.dpd, f.DaysPastDue)
			require.Equal(t, int64(4200*k), f.Arrears.Minor())
			if w.level == HomeVisit {
				require.Equal(t, []members.ID{"M01"}, f.Visitors)
			} else {
				require.Equal(t, []members.ID{"M01", "LND-1"}, f.Visitors)
			}
		}
		states = out.States
	}
	sh, err := CollectionSheet(g, loans, states, day(34), Servicing{})
	require.NoError(t, err)
	require.Equal(t, int64(4200), sh.Lines[4].Due.Minor())
	require.Equal(t, int64(4200*5), sh.Lines[4].Arrears.Minor())
	require.Equal(t, 5, sh.Lines[4].DaysPastDue)
	roundTrip(t, sh)
}

// TestCollectFundFirst: the group fund covers a shortfall before peers.
func TestCollectFundFirst(t *testing.T) {
	g, loans := mekarmuktiGroup(t)
	states := make([]State, len(loans))
	for i, l := range loans {
		states[i] = NewState(l)
	}
	paid := []Collected{{"M01", rp(4200)}, {"M02", rp(4200)}, {"M03", rp(1200)}, {"M04", rp(4200)}, {"M05", rp(4200)}}
	out, err := Collect(g, loans, states, Meeting{Date: day(29), OpID: "C1", Paid: paid, Fund: rp(2000)}, Servicing{}, CollectionPolicy{Cover: groups.CoverPolicy{Fund: groups.FundFirst}})
	require.NoError(t, err)
	require.Equal(t, int64(2000), out.Coverage.FundUsed.Minor())
	var ids []string
	for _, p := range out.Payments {
		ids = append(ids, fmt.Sprintf("%s %s %s", p.ID, p.Source, p.Amount))
	}
	require.Equal(t, []string{
		"C1/pay/L-M01 member Rp4.200", "C1/pay/L-M02 member Rp4.200", "C1/pay/L-M03 member Rp1.200",
		"C1/pay/L-M04 member Rp4.200", "C1/pay/L-M05 member Rp4.200",
		"C1/fund/L-M03 group-fund Rp2.000",
		"C1/cover/M01/L-M03 peer-cover Rp250", "C1/cover/M02/L-M03 peer-cover Rp250", "C1/cover/M04/L-M03 peer-cover Rp250", "C1/cover/M05/L-M03 peer-cover Rp250",
	}, ids)
	require.Equal(t, []InstallmentStatus{PaidOnTime, Future, Future, Future, Future, Future}, func() []InstallmentStatus {
		p, err := PositionOf(loans[2], out.States[2], day(29), Servicing{})
		require.NoError(t, err)
		return statuses(p)
	}())
	j := book(t, 2000, 0, loans...)
	postAll(t, j, out.Entries)
	require.Zero(t, balance(t, j, ledger.GroupFund))
	roundTrip(t, out.FollowUps)
}

func TestCollectRefusals(t *testing.T) {
	g, loans := mekarmuktiGroup(t)
	states := make([]State, len(loans))
	for i, l := range loans {
		states[i] = NewState(l)
	}
	stranger := mekarmuktiLoan(t, "L-X", "M99")
	other := loans[0]
	other.Group = "MKM-08-2"
	m := Meeting{Date: day(29), OpID: "C1"}
	cases := []struct {
		name   string
		loans  []Loan
		states []State
		m      Meeting
		p      CollectionPolicy
		want   error
	}{
		{"no op ID", loans, states, Meeting{Date: day(29)}, CollectionPolicy{}, ErrInvalid},
		{"states missing", loans, states[:4], m, CollectionPolicy{}, ErrInvalid},
		{"member not in group", append([]Loan{stranger}, loans[1:]...), states, m, CollectionPolicy{}, ErrNotFound},
		{"loan of another group", append([]Loan{other}, loans[1:]...), states, m, CollectionPolicy{}, ErrInvalid},
		{"loan twice", append([]Loan{loans[1]}, loans[1:]...), []State{states[1], states[1], states[2], states[3], states[4]}, m, CollectionPolicy{}, ErrDuplicate},
		{"payer without loan", loans, states, Meeting{Date: day(29), OpID: "C1", Paid: []Collected{{"M99", rp(1)}}}, CollectionPolicy{}, ErrNotFound},
		{"payer twice", loans, states, Meeting{Date: day(29), OpID: "C1", Paid: []Collected{{"M01", rp(1)}, {"M01", rp(2)}}}, CollectionPolicy{}, ErrDuplicate},
		{"negative payment", loans, states, Meeting{Date: day(29), OpID: "C1", Paid: []Collected{{"M01", rp(-1)}}}, CollectionPolicy{}, ErrInvalid},
		{"dollars", loans, states, Meeting{Date: day(29), OpID: "C1", Paid: []Collected{{"M01", money.USD.Amount(1)}}}, CollectionPolicy{}, money.ErrCurrencyMismatch},
		{"negative fund", loans, states, Meeting{Date: day(29), OpID: "C1", Fund: rp(-1)}, CollectionPolicy{}, ErrInvalid},
		{"koperasi before supervisor", loans, states, m, CollectionPolicy{Supervisor: 10, Koperasi: 5}, ErrInvalid},
		{"bad cover policy", loans, states, m, CollectionPolicy{Cover: groups.CoverPolicy{Rule: 9}}, ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := make([]State, len(c.states))
			for i, s := range c.states {
				before[i] = cloneState(s)
			}
			_, err := Collect(g, c.loans, c.states, c.m, Servicing{}, c.p)
			require.ErrorIs(t, err, c.want)
			require.Equal(t, before, c.states, "inputs unchanged")
		})
	}
}
