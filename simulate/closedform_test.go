package simulate

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestAtLeast(t *testing.T) {
	p := Ratio(9, 10)
	q := new(big.Rat).Sub(big.NewRat(1, 1), p.Rat())
	q5 := new(big.Rat).Mul(q, q)
	q5.Mul(q5, q5).Mul(q5, q)
	// at least one of five: 1 − q^5
	require.Equal(t, new(big.Rat).Sub(big.NewRat(1, 1), q5).String(), AtLeast(5, 1, p).String())
	// all five: p^5
	p5 := new(big.Rat).Mul(p.Rat(), p.Rat())
	p5.Mul(p5, p5).Mul(p5, p.Rat())
	require.Equal(t, p5.String(), AtLeast(5, 5, p).String())
	require.Equal(t, "1", AtLeast(5, 0, p).RatString())
	// a textbook value with an exact p: at least 3 of 5 at p = 1/2 is 1/2
	require.Equal(t, "1/2", AtLeast(5, 3, Ratio(1, 2)).RatString())
	// at least 4 of 5 at 3/4: 5·(3/4)^4·(1/4) + (3/4)^5 = 648/1024
	require.Equal(t, "81/128", AtLeast(5, 4, Ratio(3, 4)).RatString())
}

func TestCoverableDefaults(t *testing.T) {
	for _, c := range []struct{ n, cover, want int }{
		{5, 0, 4}, {5, 1, 2}, {5, 2, 3}, {5, 4, 4}, {1, 1, 0}, {2, 1, 1}, {20, 1, 10}, {0, 1, 0},
	} {
		require.Equal(t, c.want, CoverableDefaults(c.n, c.cover), "n=%d cover=%d", c.n, c.cover)
	}
}

// TestClosedFormIsBinomial checks the general closed form against the
// textbook formula where they meet: no follow-up, no shock, so a group
// repays a meeting when at least n−m members pay, m the defaults peers can
// cover, and the cycle when every meeting is repaid.
func TestClosedFormIsBinomial(t *testing.T) {
	for _, n := range []int{1, 2, 5, 8} {
		for _, cover := range []int{0, 1, 2} {
			for _, lia := range []Liability{Joint, Individual} {
				p := Ratio(93, 100)
				f := ClosedForm{Members: n, Repay: p, Liability: lia, Cover: cover}
				got, err := f.GroupRepaid()
				require.NoError(t, err)
				m := 0
				if lia == Joint {
					m = CoverableDefaults(n, cover)
				}
				meeting := AtLeast(n, n-m, p)
				want := big.NewRat(1, 1)
				for range 6 {
					want.Mul(want, meeting)
				}
				require.Equal(t, want.String(), got.String(), "n=%d cover=%d %s", n, cover, lia)
			}
		}
	}
	// individual repayment is p exactly, and p + (1−p)f with follow-up
	p, fu := Ratio(9, 10), Ratio(1, 2)
	got, err := ClosedForm{Members: 5, Repay: p, Liability: Individual}.Repayment()
	require.NoError(t, err)
	require.Equal(t, p.Rat().String(), got.String())
	got, err = ClosedForm{Members: 5, Repay: p, Liability: Individual, FollowUp: fu}.Repayment()
	require.NoError(t, err)
	want := new(big.Rat).Sub(big.NewRat(1, 1), p.Rat())
	want.Mul(want, fu.Rat()).Add(want, p.Rat())
	require.Equal(t, want.String(), got.String())
}

// TestSimulationAgreesWithClosedForm runs the simulation of the simple
// model and checks that the exact answers lie within its confidence
// intervals: always within 3.29 standard errors (99.9%), and within the
// reported 95% interval in at least 90% of the cases.
func TestSimulationAgreesWithClosedForm(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a few million member-cycles")
	}
	shock := Shock{Chance: Ratio(1, 4), Severity: Ratio(8, 10)}
	perInst := Shock{Chance: Ratio(1, 10), Severity: Ratio(1, 2), Each: EachInstallment}
	cases := []ClosedForm{
		{Members: 5, Repay: Ratio(95, 100), Liability: Individual},
		{Members: 5, Repay: Ratio(80, 100), Liability: Joint},
		{Members: 5, Repay: Ratio(80, 100), Liability: Joint, Cover: 1},
		{Members: 5, Repay: Ratio(80, 100), Liability: Individual, FollowUp: Ratio(1, 2)},
		{Members: 5, Repay: Ratio(85, 100), Liability: Joint, Cover: 1, FollowUp: Ratio(1, 2)},
		{Members: 3, Repay: Ratio(70, 100), Liability: Joint, Cover: 2, FollowUp: Ratio(1, 3)},
		{Members: 8, Repay: Ratio(90, 100), Liability: Joint, Cover: 1, Village: shock},
		{Members: 5, Repay: Ratio(95, 100), Liability: Joint, Cover: 1, Group: shock, Village: perInst},
		{Members: 5, Repay: Ratio(95, 100), Liability: Individual, Group: perInst, Village: shock},
		{Members: 5, Repay: Ratio(90, 100), Liability: Joint, Group: perInst, Village: perInst, FollowUp: Ratio(1, 4)},
		{Members: 1, Repay: Ratio(97, 100), Liability: Joint},
		{Members: 20, Repay: Ratio(60, 100), Liability: Joint, Cover: 1},
	}
	inside95, total := 0, 0
	for i, f := range cases {
		for seed := range uint64(2) {
			name := fmt.Sprintf("case %d seed %d", i, seed)
			s, err := Run(context.Background(), f.Config(8), Options{Trials: 3000, Seed: seed})
			require.NoError(t, err, name)
			groups, err := f.GroupRepaid()
			require.NoError(t, err)
			repay, err := f.Repayment()
			require.NoError(t, err)
			for _, c := range []struct {
				what  string
				est   Estimate
				exact *big.Rat
			}{{"groups repaid", s.GroupsRepaid, groups}, {"repayment", s.Repayment, repay}} {
				ex, _ := c.exact.Float64()
				require.True(t, c.est.Contains(c.exact, 3.29), "%s: %s %v, exact %.6f", name, c.what, c.est, ex)
				total++
				if c.est.Contains(c.exact, Z) {
					inside95++
				}
			}
		}
	}
	require.GreaterOrEqual(t, float64(inside95)/float64(total), 0.90, "%d of %d within the 95%% interval", inside95, total)
	t.Logf("%d of %d exact values within the 95%% interval", inside95, total)
}

// TestPilotReproduced: with every installment paid (p = 1) the Mekarmukti
// design repays 100% exactly, every group every cycle, nobody excluded,
// the lender earning exactly Rp200 on every Rp25.000.
func TestPilotReproduced(t *testing.T) {
	cfg := Mekarmukti()
	cfg.Types = []RiskType{{Share: One, Repay: One}}
	for _, lia := range []Liability{Joint, Individual} {
		cfg.Liability = lia
		s, err := Run(context.Background(), cfg, Options{Trials: 50, Seed: 7})
		require.NoError(t, err)
		tot := s.Totals
		require.Equal(t, int64(50*15*3), tot.MemberCycles)
		require.Equal(t, int64(50*15*3*6), tot.Installments)
		require.Equal(t, int64(50*15*3*25_200), tot.Due)
		require.Equal(t, tot.Due, tot.OnTime)
		require.Zero(t, tot.Misses+tot.Covers+tot.Covered+tot.FundUsed+tot.Recovered+tot.Unpaid+tot.AtRisk)
		require.Equal(t, tot.GroupCycles, tot.GroupsRepaid)
		for _, e := range []Estimate{s.Repayment, s.OnTime, s.GroupsRepaid} {
			require.Equal(t, e.Num, e.Den)
			require.Equal(t, 1.0, e.Value)
			require.Equal(t, 1.0, e.Low)
			require.Equal(t, 1.0, e.High)
		}
		require.Zero(t, s.LossRate.Num)
		require.Zero(t, s.PAR30.Num)
		require.Equal(t, "1/125", big.NewRat(s.Yield.Num, s.Yield.Den).RatString()) // Rp200 / Rp25.000
		for _, e := range s.Excluded {
			require.Zero(t, e.Num)
		}
	}
	f := ClosedForm{Members: 5, Repay: One, Cover: 1}
	g, err := f.GroupRepaid()
	require.NoError(t, err)
	require.Equal(t, "1", g.RatString())
	r, err := f.Repayment()
	require.NoError(t, err)
	require.Equal(t, "1", r.RatString())
}

func TestClosedFormErrors(t *testing.T) {
	_, err := ClosedForm{Members: 5, Repay: Ratio(3, 2)}.GroupRepaid()
	require.ErrorIs(t, err, ErrInvalid)
	_, err = ClosedForm{Members: -1, Repay: One}.Repayment()
	require.ErrorIs(t, err, ErrInvalid)
	_, err = ClosedForm{Members: 0, Repay: One}.Repayment()
	require.ErrorIs(t, err, ErrInvalid)
	_, err = ClosedForm{Members: 5, Repay: One, Cover: -1}.Repayment()
	require.ErrorIs(t, err, ErrInvalid)
}
