package groups_test

import (
	"fmt"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// Fifteen participants in three RTs of RW 08, as in the Mekarmukti pilot
// (without coordinates here: the RT decides), make three groups of five.
func ExampleForm() {
	var cs []groups.Candidate
	for i := range 15 {
		cs = append(cs, groups.Candidate{
			Member:    members.ID(fmt.Sprintf("MKM-%02d", i+1)),
			Household: fmt.Sprintf("KK-%02d", i+1),
			RT:        1 + i*3/15, // 5 in RT 01, 5 in RT 02, 5 in RT 03
			RW:        8,
		})
	}
	f, err := groups.Form(cs, groups.Policy{}) // exactly 5, one per household, one RW
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range f.Groups {
		fmt.Println(g.IDs(), g.Distance, "m")
	}
	fmt.Println("left out:", len(f.Unplaced))
	// Output:
	// [MKM-01 MKM-02 MKM-03 MKM-04 MKM-05] 1000 m
	// [MKM-06 MKM-07 MKM-08 MKM-09 MKM-10] 1000 m
	// [MKM-11 MKM-12 MKM-13 MKM-14 MKM-15] 1000 m
	// left out: 0
}

// One member misses the daily Rp4.200; the group fund pays first, then the
// four others share the rest equally (tanggung renteng), each at most
// Rp2.000. The member covered now owes them, and settles later, oldest
// debt first.
func ExampleCover() {
	var cs []groups.Candidate
	for i := range 5 {
		cs = append(cs, groups.Candidate{Member: members.ID(fmt.Sprintf("MKM-%02d", i+1)), Household: fmt.Sprint(i), RT: 1, RW: 8})
	}
	g, _ := groups.New("MKM-08-1", cs, "MKM-01", groups.Policy{})
	date, _ := calendar.ParseDate("2024-03-29")
	c := groups.Collection{Date: date, Fund: money.Rupiah(1000)}
	for _, m := range g.IDs() {
		paid := money.Rupiah(4200)
		if m == "MKM-03" {
			paid = money.Rupiah(0)
		}
		c.Lines = append(c.Lines, groups.Line{Member: m, Owed: money.Rupiah(4200), Paid: paid})
	}
	cov, err := groups.Cover(g, c, groups.CoverPolicy{Rule: groups.Equal, Fund: groups.FundFirst, Cap: groups.UpTo(money.Rupiah(2000))})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range cov.Parts {
		from := string(p.From)
		if p.FromFund {
			from = "group fund"
		}
		fmt.Printf("%-10s pays %s for %s\n", from, p.Amount, p.For)
	}
	fmt.Println("uncovered:", cov.Uncovered)

	debts, _ := groups.Debts{}.Record(cov)
	debts, s, _ := debts.Settle("MKM-03", money.Rupiah(2000))
	for _, r := range s.Repayments {
		to := string(r.Creditor)
		if r.Fund {
			to = "group fund"
		}
		fmt.Printf("MKM-03 repays %s to %s\n", r.Amount, to)
	}
	fmt.Println("MKM-03 still owes", debts.Owed("MKM-03"))
	// Output:
	// group fund pays Rp1.000 for MKM-03
	// MKM-01     pays Rp800 for MKM-03
	// MKM-02     pays Rp800 for MKM-03
	// MKM-04     pays Rp800 for MKM-03
	// MKM-05     pays Rp800 for MKM-03
	// uncovered: Rp0
	// MKM-03 repays Rp1.000 to group fund
	// MKM-03 repays Rp800 to MKM-01
	// MKM-03 repays Rp200 to MKM-02
	// MKM-03 still owes Rp2.200
}

// A ladder that continues the Mekarmukti package: after a cycle repaid on
// time the group steps up from Rp25.000 to Rp50.000 per member.
func ExampleLadder_Next() {
	l := groups.Ladder{
		Steps:    []money.Amount{money.Rupiah(25000), money.Rupiah(50000), money.Rupiah(75000)},
		Basis:    groups.BothRecords,
		LateDays: 3,
		OnLate:   groups.StepBack,
	}
	n, _ := l.Next(0, []groups.CycleRecord{{}}, []groups.CycleRecord{{}})
	limit, _ := l.Limit(n.Step, 5)
	fmt.Println(n.Move, n.PerMember, "per member,", limit, "per group:", n.Reason)
	n, _ = l.Next(1, []groups.CycleRecord{{}}, []groups.CycleRecord{{MaxDaysLate: 5}})
	fmt.Println(n.Move, n.PerMember, "per member:", n.Reason)
	// Output:
	// step-up Rp50.000 per member, Rp250.000 per group: the member's last cycle was repaid on time
	// step-down Rp25.000 per member: the group's last cycle was 5 days late, beyond 3
}
