package simulate_test

import (
	"context"
	"fmt"
	"os"

	"github.com/ip2p/koperasi/simulate"
)

// The Mekarmukti design with every installment paid reproduces the pilot:
// 100% repaid, every group, every cycle, and the lender earns exactly the
// Rp200 of rounding margin on each Rp25.000.
func ExampleRun() {
	cfg := simulate.Mekarmukti()
	cfg.Types = []simulate.RiskType{{Share: simulate.One, Repay: simulate.One}}
	s, err := simulate.Run(context.Background(), cfg, simulate.Options{Trials: 100, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("loans:", s.Totals.MemberCycles)
	fmt.Println("repaid:", s.Repayment.Num, "of", s.Repayment.Den)
	fmt.Println("groups repaid:", s.GroupsRepaid.Num, "of", s.GroupsRepaid.Den)
	fmt.Printf("yield per cycle: %d/%d\n", s.Yield.Num/s.Totals.MemberCycles, s.Yield.Den/s.Totals.MemberCycles)
	// Output:
	// loans: 4500
	// repaid: 113400000 of 113400000
	// groups repaid: 900 of 900
	// yield per cycle: 200/25000
}

// The preset as the package reads the pilot: members who pay 98% of their
// installments, peers who can cover one installment a meeting, follow-up
// that recovers half of the rest. Same seed, same figures, everywhere.
func ExampleRun_mekarmukti() {
	s, err := simulate.Run(context.Background(), simulate.Mekarmukti(), simulate.Options{Trials: 2000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = s.WriteText(os.Stdout)
	// Output:
	// trials 2000, seed 1, 89990 loans
	// repayment           1.0000 [1.0000, 1.0000]
	// on_time             1.0000 [1.0000, 1.0000]
	// groups_repaid       0.9999 [0.9997, 1.0000]
	// par30               0.0000 [0.0000, 0.0000]
	// cover_rate          0.0199 [0.0196, 0.0203]
	// covers_per_loan     0.1196 [0.1174, 0.1218]
	// miss_rate           0.0199 [0.0196, 0.0203]
	// loss_rate           0.0000 [0.0000, 0.0000]
	// yield               0.0080 [0.0080, 0.0080]
	// excluded_last_cycle 0.0002 [0.0000, 0.0005]
}

// Exact answers for the simple model: five members who each pay an
// installment with probability 0.9, peers covering one installment each.
func ExampleClosedForm() {
	f := simulate.ClosedForm{Members: 5, Repay: simulate.Ratio(9, 10), Cover: 1}
	fmt.Println("defaults peers can cover at a meeting:", simulate.CoverableDefaults(5, 1))
	meeting := simulate.AtLeast(5, 3, f.Repay)
	fmt.Println("a meeting is covered in full:", meeting.FloatString(6))
	g, _ := f.GroupRepaid() // all 6 meetings
	fmt.Println("a group repays its cycle:", g.FloatString(6))
	f.Liability = simulate.Individual
	g, _ = f.GroupRepaid()
	fmt.Println("the same group without joint liability:", g.FloatString(6))
	// Output:
	// defaults peers can cover at a meeting: 2
	// a meeting is covered in full: 0.991440
	// a group repays its cycle: 0.949727
	// the same group without joint liability: 0.042391
}

// A sweep of the probability of paying, under both liability rules, as CSV
// (and as a chart with WriteSVG).
func ExampleRunSweep() {
	s, err := simulate.Vary(simulate.Mekarmukti(), simulate.ParamRepay, "0.8", "0.9")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := simulate.RunSweep(context.Background(), s, simulate.Options{Trials: 500, Seed: 7})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range r.Rows {
		fmt.Printf("repay %s: individual %s, joint %s\n", row.X, row.Individual.Repayment, row.Joint.Repayment)
	}
	// Output:
	// repay 0.8: individual 0.8975 [0.8955, 0.8996], joint 0.9928 [0.9923, 0.9933]
	// repay 0.9: individual 0.9490 [0.9477, 0.9503], joint 0.9992 [0.9990, 0.9993]
}

func ExampleParseProb() {
	for _, s := range []string{"0.95", "95%", "19/20", "1/3", "1.2"} {
		p, err := simulate.ParseProb(s)
		fmt.Println(p, err)
	}
	// Output:
	// 0.95 <nil>
	// 0.95 <nil>
	// 0.95 <nil>
	// 0.3333333333 <nil>
	// 0 simulate: probability: "1.2" is not between 0 and 1
}
