package pilot_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/examples/pilot"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with the file under testdata, or rewrites it.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	require.Equal(t, string(want), string(got), "%s differs; run go test -update if the change is intended", path)
}

func book(t *testing.T) *koperasi.Book {
	t.Helper()
	b, err := pilot.Book()
	require.NoError(t, err)
	return b
}

// The pilot's event log, as JSON lines, is a golden file; it reads back to
// the same Book.
func TestGoldenEventLog(t *testing.T) {
	b := book(t)
	var log bytes.Buffer
	require.NoError(t, b.WriteLog(&log))
	golden(t, "pilot.jsonl", log.Bytes())

	f, err := os.Open(filepath.Join("testdata", "pilot.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	b2, err := koperasi.ReadLog(pilot.Config(), f)
	require.NoError(t, err)
	js, err := json.Marshal(b)
	require.NoError(t, err)
	js2, err := json.Marshal(b2)
	require.NoError(t, err)
	require.Equal(t, string(js), string(js2))
	require.Equal(t, len(pilot.Commands()), b2.Len())
}

// state is the part of the Book's JSON these tests read.
type state struct {
	Groups []struct {
		Group struct {
			ID      string `json:"id"`
			Status  string `json:"status"`
			Members []struct {
				Member members.ID `json:"member"`
				RT     int        `json:"rt"`
				RW     int        `json:"rw"`
			} `json:"members"`
			Leader      members.ID   `json:"leader"`
			Supervisors []members.ID `json:"supervisors"`
		} `json:"group"`
		Cycle   int                   `json:"cycle"`
		Records []lending.CycleRecord `json:"records"`
	} `json:"groups"`
	Facilities []struct {
		ID        lending.FacilityID `json:"id"`
		Group     string             `json:"group"`
		Cycle     int                `json:"cycle"`
		Requested money.Amount       `json:"requested"`
		Limit     money.Amount       `json:"limit"`
		Status    string             `json:"status"`
		Disbursed money.Amount       `json:"disbursed"`
		Loans     []lending.LoanID   `json:"loans"`
		Pledges   []struct {
			Lender members.ID   `json:"lender"`
			Amount money.Amount `json:"amount"`
		} `json:"pledges"`
	} `json:"facilities"`
	Loans []struct {
		Loan struct {
			ID        lending.LoanID `json:"id"`
			Member    members.ID     `json:"member"`
			Group     string         `json:"group"`
			Cycle     int            `json:"cycle"`
			Disbursed calendar.Date  `json:"disbursed"`
			Schedule  struct {
				Principal    money.Amount `json:"principal"`
				Margin       money.Amount `json:"margin"`
				Total        money.Amount `json:"total"`
				Installments []struct {
					Due   calendar.Date `json:"due"`
					Total money.Amount  `json:"total"`
				} `json:"installments"`
			} `json:"schedule"`
			Lenders []lending.Share `json:"lenders"`
		} `json:"loan"`
		State struct {
			Status       lending.LoanStatus `json:"status"`
			Installments []lending.Paid     `json:"installments"`
		} `json:"state"`
	} `json:"loans"`
}

func readState(t *testing.T, b *koperasi.Book) state {
	js, err := json.Marshal(b)
	require.NoError(t, err)
	var s state
	require.NoError(t, json.Unmarshal(js, &s))
	return s
}

// The fixture reproduces the paper: 15 participants (13 poor families, 2
// TKM members) in 3 groups of 5 formed by proximity, Rp125.000 per group,
// 45 loans of Rp25.000 repaid as 6 x Rp4.200, all on time, the lenders
// repaid with their exact share of the margin, and a trial balance that
// sums to zero with nothing left in transit.
func TestReproducesThePaper(t *testing.T) {
	b := book(t)
	s := readState(t, b)

	// 15 participants, 13 poor families and 2 TKM members, in RW 08
	ps := pilot.Participants()
	require.Len(t, ps, 15)
	tkm := 0
	for _, p := range ps {
		m, err := b.Member(p.ID)
		require.NoError(t, err)
		require.Equal(t, members.Active, m.Status)
		require.Equal(t, 8, m.Address.RW)
		require.True(t, pilot.Date(time.March, 28).AddMonths(-3).Compare(m.Joined) >= 0, "%s joined less than 3 months before the first cycle", p.ID)
		if strings.Contains(m.Name, "TKM") {
			tkm++
		}
	}
	require.Equal(t, 2, tkm)

	// 3 groups of 5 by proximity: one per RT
	require.Len(t, s.Groups, 3)
	for i, g := range s.Groups {
		require.Equal(t, string(pilot.GroupIDs()[i]), g.Group.ID)
		var ids []string
		for _, m := range g.Group.Members {
			ids = append(ids, string(m.Member))
			require.Equal(t, i+1, m.RT, "%s in group %s", m.Member, g.Group.ID)
		}
		want := make([]string, 5)
		for k := range want {
			want[k] = fmt.Sprintf("P%02d", 5*i+k+1)
		}
		require.Equal(t, want, ids, "group %s", g.Group.ID)
		require.Len(t, g.Group.Supervisors, 1)
		require.Equal(t, 3, g.Cycle)
		require.Len(t, g.Records, 3)
		for _, r := range g.Records {
			require.Equal(t, lending.CycleRecord{Cycle: r.Cycle, Due: 30, OnTime: 30}, r, "group %s: every installment on time, no cover", g.Group.ID)
		}
	}
	require.Equal(t, []members.ID{"P05", "P10", "P11"}, []members.ID{s.Groups[0].Group.Leader, s.Groups[1].Group.Leader, s.Groups[2].Group.Leader})

	// Rp125.000 per group and cycle, fully pledged and disbursed
	require.Len(t, s.Facilities, 9)
	for _, f := range s.Facilities {
		for _, a := range []money.Amount{f.Requested, f.Limit, f.Disbursed} {
			require.Equal(t, money.Rupiah(125_000), a, "facility %s", f.ID)
		}
		require.Equal(t, "disbursed", f.Status)
		require.Len(t, f.Loans, 5)
	}

	// 45 loans of Rp25.000, 6 x Rp4.200, all repaid on their due dates
	require.Len(t, s.Loans, 45)
	cycles := pilot.Cycles()
	for _, l := range s.Loans {
		sc := l.Loan.Schedule
		require.Equal(t, money.Rupiah(25_000), sc.Principal, "loan %s", l.Loan.ID)
		require.Equal(t, money.Rupiah(25_200), sc.Total, "loan %s", l.Loan.ID)
		require.Equal(t, cycles[l.Loan.Cycle-1].Disbursed, l.Loan.Disbursed)
		require.Len(t, sc.Installments, 6)
		due := pilot.DueDates(cycles[l.Loan.Cycle-1])
		for i, in := range sc.Installments {
			require.Equal(t, money.Rupiah(4_200), in.Total, "loan %s installment %d", l.Loan.ID, i+1)
			require.Equal(t, due[i], in.Due)
			paid := l.State.Installments[i]
			require.Equal(t, int64(4_200), paid.Principal+paid.Margin, "loan %s installment %d", l.Loan.ID, i+1)
			require.Equal(t, in.Due, paid.On, "loan %s installment %d paid on its due date", l.Loan.ID, i+1)
		}
		require.Equal(t, lending.LoanRepaid, l.State.Status, "loan %s", l.Loan.ID)
	}

	// the lenders: each ends with its deposit plus its exact share of the
	// margin of the loans it funded (pledge / facility x the facility's
	// Rp1.000 of margin)
	margin := map[members.ID]int64{}
	for _, f := range s.Facilities {
		for _, p := range f.Pledges {
			num := p.Amount.Minor() * 5 * 200
			require.Zero(t, num%f.Requested.Minor(), "a share of the margin that is not whole rupiah")
			margin[p.Lender] += num / f.Requested.Minor()
		}
	}
	var total int64
	for _, l := range pilot.Lenders() {
		pos, err := b.SavingsPosition(l.ID, pilot.Date(time.May, 31))
		require.NoError(t, err)
		require.Equal(t, money.Rupiah(100_000+margin[l.ID]), pos.Sukarela, "lender %s", l.ID)
		require.True(t, pos.Held.IsZero())
		total += margin[l.ID]
	}
	require.Equal(t, int64(45*200), total, "all the margin went to the lenders")
	require.Equal(t, map[members.ID]int64{"L01": 1800, "L02": 1800, "L03": 1800, "L04": 1800, "L05": 1800}, margin)

	// the trial balance sums to zero, nothing owed or held in transit
	tb := b.TrialBalance()
	require.Equal(t, tb.Debits, tb.Credits)
	for _, r := range tb.Rows {
		switch r.Code {
		case ledger.MemberLoans, ledger.MarginReceivable, ledger.PledgedFunds, ledger.LenderFunding,
			ledger.LenderPayables, ledger.JointLiabilityReceivable, ledger.JointLiabilityPayable, ledger.PackageInventory:
			require.True(t, r.Debit.IsZero() && r.Credit.IsZero(), "account %s %s is not zero: %v %v", r.Code, r.Name, r.Debit, r.Credit)
		case ledger.MarginIncome:
			require.Equal(t, money.Rupiah(45*200), r.Credit)
		case ledger.LenderShareExpense:
			require.Equal(t, money.Rupiah(45*200), r.Debit)
		}
	}
}

// The cycles fall on the documented dates.
func TestCycleDates(t *testing.T) {
	want := map[int][]string{
		1: {"2024-03-30", "2024-04-01", "2024-04-02", "2024-04-03", "2024-04-04", "2024-04-05"},
		2: {"2024-04-23", "2024-04-24", "2024-04-25", "2024-04-26", "2024-04-27", "2024-04-29"},
		3: {"2024-05-07", "2024-05-08", "2024-05-11", "2024-05-13", "2024-05-14", "2024-05-15"},
	}
	for _, c := range pilot.Cycles() {
		var got []string
		for _, d := range pilot.DueDates(c) {
			got = append(got, d.String())
		}
		require.Equal(t, want[c.N], got, "cycle %d", c.N)
	}
}

// The commands have unique IDs and are in date order, as Commands says: a
// koperasi with Config.StrictDates (no command dated before the previous
// one) runs the pilot too.
func TestCommandsOrdered(t *testing.T) {
	seen := map[string]bool{}
	var last calendar.Date
	for _, c := range pilot.Commands() {
		js, err := json.Marshal(c)
		require.NoError(t, err)
		var o koperasi.Op
		require.NoError(t, json.Unmarshal(js, &o))
		require.False(t, seen[o.ID], "ID %s twice", o.ID)
		seen[o.ID] = true
		require.False(t, o.Date.Before(last), "%s dated %s after a command of %s", o.ID, o.Date, last)
		last = o.Date
	}
	cfg := pilot.Config()
	cfg.StrictDates = true
	b, err := koperasi.New(cfg)
	require.NoError(t, err)
	for _, c := range pilot.Commands() {
		_, err := b.Do(c)
		require.NoError(t, err)
	}
}

// The assumptions are the one list of what the fixture assumes: they name
// the pledge split the commands use, the working days that replace the
// product's calendar days, and the bank emok terms BankEmok builds.
func TestAssumptions(t *testing.T) {
	as := pilot.Assumptions()
	all := strings.Join(as, "\n")
	for _, want := range []string{
		"G1 by L01 Rp50.000, L02 Rp50.000, L03 Rp25.000",
		"G3 by L01 Rp25.000, L02 Rp25.000, L03 Rp25.000, L04 Rp25.000, L05 Rp25.000",
		"working days",
		"lending.MekarmuktiCatalogue",
		"Rp1.500.000 with a 10% fee",
	} {
		require.Contains(t, all, want)
	}
	as[0] = "changed"
	require.NotEqual(t, "changed", pilot.Assumptions()[0], "a copy")

	// the pledges the commands make are the split the assumptions state
	b, err := pilot.Book()
	require.NoError(t, err)
	var got []string
	for _, f := range b.Facilities() {
		if f.ID == pilot.FacilityID("G1", 2) {
			for _, p := range f.Pledges {
				got = append(got, string(p.Lender)+" "+p.Amount.String())
			}
		}
	}
	require.NotEmpty(t, got)
	require.Contains(t, all, "G1 by "+strings.Join(got, ", "))

	s, c, err := pilot.BankEmok(pilot.Date(time.March, 28))
	require.NoError(t, err)
	require.Len(t, s.Installments, 50)
	require.Equal(t, money.Rupiah(37_500), s.Installments[0].Total)
	require.Equal(t, money.Rupiah(1_875_000), s.Total)
	require.Equal(t, money.Rupiah(150_000), c.Fee)
}
