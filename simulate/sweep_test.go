package simulate

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/money"
)

// Vary sets the field each parameter names, and nothing else.
func TestVaryParams(t *testing.T) {
	base := Mekarmukti()
	base.Types = append(base.Types[:1:1], RiskType{Share: 0, Repay: One})
	for _, c := range []struct {
		p     Param
		v     string
		check func(Config) bool
	}{
		{ParamRepay, "0.9", func(c Config) bool { return c.Types[0].Repay == Ratio(9, 10) && c.Types[1].Repay == Ratio(9, 10) }},
		{ParamFollowUp, "1/4", func(c Config) bool { return c.FollowUp == Ratio(1, 4) }},
		{ParamVillageChance, "10%", func(c Config) bool { return c.Village.Chance == Ratio(1, 10) }},
		{ParamVillageSeverity, "0.8", func(c Config) bool { return c.Village.Severity == Ratio(8, 10) }},
		{ParamGroupChance, "0.05", func(c Config) bool { return c.Group.Chance == Ratio(5, 100) }},
		{ParamGroupSeverity, "0.5", func(c Config) bool { return c.Group.Severity == Ratio(1, 2) }},
		{ParamGroupSize, "7", func(c Config) bool { return c.GroupSize == 7 }},
		{ParamGroups, "10", func(c Config) bool { return c.Groups == 10 }},
		{ParamCycles, "6", func(c Config) bool { return c.Cycles == 6 }},
		{ParamPeersPerMeeting, "2", func(c Config) bool { return c.Peers.PerMeeting == 2 }},
		{ParamPeersPerCycle, "5", func(c Config) bool { return c.Peers.PerCycle == 5 }},
		{ParamFund, "500", func(c Config) bool { return c.Fund.PerMeeting == money.Rupiah(500) }},
	} {
		s, err := Vary(base, c.p, c.v)
		require.NoError(t, err, c.p)
		require.Equal(t, c.p.String(), s.Param)
		require.Equal(t, c.v, s.Points[0].X)
		require.True(t, c.check(s.Points[0].Config), c.p)
	}
	require.Equal(t, Ratio(98, 100), base.Types[0].Repay, "the base is not changed")
	require.Equal(t, 0.5, Ratio(1, 2).Float64())
}

// A sweep's progress counts every trial of every run, both rules of every
// point.
func TestRunSweepProgress(t *testing.T) {
	s, err := Vary(Mekarmukti(), ParamGroupSize, "3", "5")
	require.NoError(t, err)
	var seen []int
	r, err := RunSweep(context.Background(), s, Options{Trials: 10, Seed: 3, Progress: func(done, total int) {
		require.Equal(t, 40, total)
		seen = append(seen, done)
	}})
	require.NoError(t, err)
	require.Equal(t, []int{10, 20, 30, 40}, seen)
	require.Len(t, r.Rows, 2)
	require.LessOrEqual(t, r.Rows[0].Individual.Totals.MemberCycles, int64(10*3*3*3)) // 3 groups of 3, 3 cycles
	require.Equal(t, 10, r.Rows[1].Joint.Trials)
	require.Equal(t, "5", r.Rows[1].X)
}

func TestFixed(t *testing.T) {
	require.Equal(t, "NaN", fixed(math.NaN()))
	require.Equal(t, "0.123457", fixed(0.1234567))
	require.Equal(t, "simulate: no field", (&ConfigError{Reason: "no field"}).Error())
	_, err := Prob(5 * One).MarshalText()
	require.ErrorIs(t, err, ErrInvalid)
}
