package simulate

import (
	"bytes"
	"context"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/money"
)

// output is everything a run produces, as bytes: the trials CSV and the
// summary's text.
func output(t require.TestingT, cfg Config, opt Options) []byte {
	var b bytes.Buffer
	tw := NewTrialWriter(&b)
	opt.Trial = tw.Write
	s, err := Run(context.Background(), cfg, opt)
	require.NoError(t, err)
	require.NoError(t, tw.Flush())
	require.NoError(t, s.WriteText(&b))
	return b.Bytes()
}

// TestDeterminism: the same seed gives the same bytes whatever GOMAXPROCS
// and however many workers share the trials.
func TestDeterminism(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, cfg := range []Config{Mekarmukti(), richConfig()} {
		runtime.GOMAXPROCS(1)
		want := output(t, cfg, Options{Trials: 1500, Seed: 42})
		runtime.GOMAXPROCS(2)
		require.Equal(t, string(want), string(output(t, cfg, Options{Trials: 1500, Seed: 42})), "GOMAXPROCS 2")
		for _, w := range []int{1, 3, 7} {
			require.Equal(t, string(want), string(output(t, cfg, Options{Trials: 1500, Seed: 42, Workers: w})), "%d workers", w)
		}
		require.NotEqual(t, string(want), string(output(t, cfg, Options{Trials: 1500, Seed: 43})), "another seed")
	}
}

// A trial is the same whether it runs alone or among others.
func TestTrialsIndependentOfRunLength(t *testing.T) {
	cfg := richConfig()
	var all []Trial
	_, err := Run(context.Background(), cfg, Options{Trials: 700, Seed: 5, Trial: func(tr Trial) error {
		tr.Excluded = slices.Clone(tr.Excluded)
		all = append(all, tr)
		return nil
	}})
	require.NoError(t, err)
	var first []Trial
	_, err = Run(context.Background(), cfg, Options{Trials: 3, Seed: 5, Trial: func(tr Trial) error {
		tr.Excluded = slices.Clone(tr.Excluded)
		first = append(first, tr)
		return nil
	}})
	require.NoError(t, err)
	require.Equal(t, all[:3], first)
}

// randomConfig is a small random design.
func randomConfig(t *rapid.T) Config {
	prob := func(name string) Prob { return Prob(rapid.Uint64Range(0, uint64(One)).Draw(t, name)) }
	c := Config{
		Groups:    rapid.IntRange(1, 4).Draw(t, "groups"),
		GroupSize: rapid.IntRange(1, 7).Draw(t, "size"),
		Cycles:    rapid.IntRange(1, 4).Draw(t, "cycles"),
		FollowUp:  prob("follow-up"),
		Cover: groups.CoverPolicy{
			Rule: groups.Rule(rapid.IntRange(0, 2).Draw(t, "rule")),
			Fund: groups.FundUse(rapid.IntRange(0, 2).Draw(t, "fund use")),
		},
		Peers: Peers{PerMeeting: rapid.IntRange(0, 2).Draw(t, "per meeting"), PerCycle: rapid.IntRange(0, 4).Draw(t, "per cycle")},
		Fund:  groups.FundPolicy{PerMeeting: money.Rupiah(rapid.Int64Range(0, 1000).Draw(t, "fund")), AtCycleEnd: groups.EndAction(rapid.IntRange(0, 1).Draw(t, "end"))},
	}
	if rapid.Bool().Draw(t, "cap") {
		c.Cover.Cap = groups.UpTo(money.Rupiah(rapid.Int64Range(0, 9000).Draw(t, "cap amount")))
	}
	// risk types whose shares sum to 1
	k := rapid.IntRange(1, 3).Draw(t, "types")
	left := uint64(One)
	for i := range k {
		share := left
		if i < k-1 {
			share = rapid.Uint64Range(0, left).Draw(t, "share")
		}
		left -= share
		// repayment probabilities mostly high, as in practice
		c.Types = append(c.Types, RiskType{Share: Prob(share), Repay: One - prob("miss")/Prob(rapid.Uint64Range(1, 8).Draw(t, "scale"))})
	}
	for _, s := range []*Shock{&c.Village, &c.Group} {
		if rapid.Bool().Draw(t, "shock") {
			*s = Shock{Chance: prob("chance"), Severity: prob("severity"), Each: Each(rapid.IntRange(0, 1).Draw(t, "each"))}
		}
	}
	return c
}

// Every rate lies in its range, every interval around its value, and every
// trial balances: Due = OnTime + Covered + FundUsed + Recovered + Unpaid.
func TestRatesInRange(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := randomConfig(t)
		cfg.Liability = Liability(rapid.IntRange(0, 1).Draw(t, "liability"))
		m, err := compile(cfg)
		require.NoError(t, err)
		s, err := Run(context.Background(), cfg, Options{Trials: rapid.IntRange(1, 40).Draw(t, "trials"), Seed: rapid.Uint64().Draw(t, "seed"), Trial: func(tr Trial) error {
			c := tr.Counts
			require.Equal(t, c.Due, c.OnTime+c.Covered+c.FundUsed+c.Recovered+c.Unpaid)
			require.LessOrEqual(t, c.AtRisk, c.Principal)
			require.LessOrEqual(t, c.AtRisk, c.Unpaid)
			require.LessOrEqual(t, c.Covers, c.Misses)
			require.LessOrEqual(t, c.Misses, c.Installments)
			require.LessOrEqual(t, c.GroupsRepaid, c.GroupCycles)
			require.LessOrEqual(t, c.MemberCycles, int64(m.seats*m.cycles))
			require.Equal(t, c.Installments, c.MemberCycles*int64(m.inst))
			if cfg.Liability == Individual {
				require.Zero(t, c.Covered+c.FundUsed+c.Covers)
			}
			require.Zero(t, tr.Excluded[0])
			for k := 1; k < len(tr.Excluded); k++ {
				require.LessOrEqual(t, tr.Excluded[k-1], tr.Excluded[k])
			}
			require.LessOrEqual(t, tr.Excluded[len(tr.Excluded)-1], m.seats)
			return nil
		}})
		require.NoError(t, err)
		for _, e := range []Estimate{s.Repayment, s.OnTime, s.GroupsRepaid, s.PAR30, s.CoverRate, s.MissRate, s.LossRate} {
			require.GreaterOrEqual(t, e.Value, 0.0)
			require.LessOrEqual(t, e.Value, 1.0)
			if s.Trials > 1 {
				require.LessOrEqual(t, 0.0, e.Low)
				require.LessOrEqual(t, e.Low, e.Value)
				require.LessOrEqual(t, e.Value, e.High)
				require.LessOrEqual(t, e.High, 1.0)
			}
		}
		require.InDelta(t, 1, s.Repayment.Value+s.LossRate.Value, 1e-12)
		require.GreaterOrEqual(t, s.Yield.Value, -1.0)
		require.LessOrEqual(t, s.Yield.Value, float64(200)/25000+1e-12)
	})
}

// Joint liability never lowers the repayment rate: with the same seed (the
// same luck for every member), in every trial the lender collects at least
// as much under joint as under individual liability. It holds for one
// cycle; over several, joint liability excludes whole groups and the
// villages borrowing afterwards differ.
func TestJointNeverLowersRepayment(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := randomConfig(t)
		cfg.Cycles = 1
		seed := rapid.Uint64().Draw(t, "seed")
		collected := func(l Liability) []Counts {
			cfg.Liability = l
			var out []Counts
			_, err := Run(context.Background(), cfg, Options{Trials: 30, Seed: seed, Trial: func(tr Trial) error {
				out = append(out, tr.Counts)
				return nil
			}})
			require.NoError(t, err)
			return out
		}
		ind, joint := collected(Individual), collected(Joint)
		for i := range ind {
			require.Equal(t, ind[i].Due, joint[i].Due)
			require.Equal(t, ind[i].Misses, joint[i].Misses, "the same luck")
			require.GreaterOrEqual(t, joint[i].Collected(), ind[i].Collected(), "trial %d", i)
			require.GreaterOrEqual(t, joint[i].GroupsRepaid, ind[i].GroupsRepaid, "trial %d", i)
		}
	})
}

// More follow-up never lowers repayment, trial by trial (one cycle).
func TestFollowUpNeverLowersRepayment(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := randomConfig(t)
		cfg.Cycles = 1
		cfg.Liability = Liability(rapid.IntRange(0, 1).Draw(t, "liability"))
		seed := rapid.Uint64().Draw(t, "seed")
		lo := Prob(rapid.Uint64Range(0, uint64(One)).Draw(t, "lo"))
		hi := Prob(rapid.Uint64Range(uint64(lo), uint64(One)).Draw(t, "hi"))
		collected := func(f Prob) []int64 {
			cfg.FollowUp = f
			var out []int64
			_, err := Run(context.Background(), cfg, Options{Trials: 20, Seed: seed, Trial: func(tr Trial) error {
				out = append(out, tr.Collected())
				return nil
			}})
			require.NoError(t, err)
			return out
		}
		a, b := collected(lo), collected(hi)
		for i := range a {
			require.GreaterOrEqual(t, b[i], a[i], "trial %d", i)
		}
	})
}

// The trials' sums are the summary's totals.
func TestSummaryIsTheSumOfTrials(t *testing.T) {
	var sum Counts
	var excluded []int64
	s, err := Run(context.Background(), richConfig(), Options{Trials: 333, Seed: 9, Trial: func(tr Trial) error {
		sum.add(&tr.Counts)
		if excluded == nil {
			excluded = make([]int64, len(tr.Excluded))
		}
		for k, x := range tr.Excluded {
			excluded[k] += int64(x)
		}
		return nil
	}})
	require.NoError(t, err)
	require.Equal(t, sum, s.Totals)
	require.Equal(t, 333, s.Trials)
	require.Equal(t, sum.Collected(), s.Repayment.Num)
	require.Equal(t, sum.Due, s.Repayment.Den)
	require.Equal(t, sum.Collected()-sum.Principal, s.Yield.Num)
	for k := range excluded {
		require.Equal(t, excluded[k], s.Excluded[k].Num)
		require.Equal(t, int64(333*16), s.Excluded[k].Den)
	}
	require.Positive(t, sum.FundUsed, "the rich design uses its fund")
	require.Positive(t, sum.Covered)
	require.Positive(t, sum.Recovered)
	require.Positive(t, excluded[len(excluded)-1])
}

// The ladder moves members up: in the rich design some members borrow the
// second step's Rp50.000 after good cycles.
func TestLadderStepsUp(t *testing.T) {
	s, err := Run(context.Background(), richConfig(), Options{Trials: 200, Seed: 1})
	require.NoError(t, err)
	require.Greater(t, s.Totals.Principal, 25_000*s.Totals.MemberCycles)
	require.Less(t, s.Totals.Principal, 50_000*s.Totals.MemberCycles)
}

// Memory does not grow with the number of trials when only aggregates are
// kept.
func TestMemoryFlatInTrials(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	alloc := func(trials int) uint64 {
		var a, b runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&a)
		_, err := Run(context.Background(), Mekarmukti(), Options{Trials: trials, Seed: 1, Workers: 2})
		require.NoError(t, err)
		runtime.ReadMemStats(&b)
		return b.TotalAlloc - a.TotalAlloc
	}
	small, large := alloc(1_000), alloc(100_000)
	t.Logf("bytes allocated: %d for 1,000 trials, %d for 100,000", small, large)
	require.Less(t, large, small+64<<10, "allocation grows with the trials")
}
