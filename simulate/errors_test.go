package simulate

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

func TestBadConfig(t *testing.T) {
	mk := Mekarmukti
	with := func(f func(*Config)) Config { c := mk(); f(&c); return c }
	tests := []struct {
		name  string
		cfg   Config
		field string
		cause error // an underlying sentinel, when there is one
	}{
		{"repay above 1", with(func(c *Config) { c.Types[0].Repay = Ratio(3, 2) }), "types[0].repay", nil},
		{"repay with a zero denominator", with(func(c *Config) { c.Types[0].Repay = Ratio(1, 0) }), "types[0].repay", nil},
		{"share above 1", with(func(c *Config) { c.Types[0].Share = One + 1 }), "types[0].share", nil},
		{"shares short of 1", with(func(c *Config) {
			c.Types = []RiskType{{Share: Ratio(1, 2), Repay: One}, {Share: Ratio(1, 4), Repay: One}}
		}), "types", nil},
		{"shares over 1", with(func(c *Config) {
			c.Types = []RiskType{{Share: Ratio(3, 4), Repay: One}, {Share: Ratio(1, 2), Repay: One}}
		}), "types", nil},
		{"no risk type", with(func(c *Config) { c.Types = nil }), "types", nil},
		{"group size below 1", with(func(c *Config) { c.GroupSize = -1 }), "group_size", nil},
		{"group too large", with(func(c *Config) { c.GroupSize = 101 }), "group_size", nil},
		{"negative groups", with(func(c *Config) { c.Groups = -3 }), "groups", nil},
		{"village too large", with(func(c *Config) { c.Groups = MaxSeats }), "groups", nil},
		{"negative cycles", with(func(c *Config) { c.Cycles = -1 }), "cycles", nil},
		{"unknown liability", with(func(c *Config) { c.Liability = 7 }), "liability", nil},
		{"unknown cover rule", with(func(c *Config) { c.Cover.Rule = 9 }), "cover", groups.ErrInvalidPolicy},
		{"unknown fund use", with(func(c *Config) { c.Cover.Fund = 9 }), "cover", groups.ErrInvalidPolicy},
		{"negative cover cap", with(func(c *Config) { c.Cover.Cap = groups.UpTo(money.Rupiah(-1)) }), "cover", groups.ErrInvalidPolicy},
		{"cover cap in dollars", with(func(c *Config) { c.Cover.Cap = groups.UpTo(money.USD.Amount(100)) }), "cover.cap", nil},
		{"shock chance above 1", with(func(c *Config) { c.Village.Chance = 2 * One }), "village.chance", nil},
		{"shock severity above 1", with(func(c *Config) { c.Group.Severity = One + 5 }), "group.severity", nil},
		{"unknown shock period", with(func(c *Config) { c.Group.Each = 4 }), "group.each", nil},
		{"follow-up above 1", with(func(c *Config) { c.FollowUp = One + 1 }), "follow_up", nil},
		{"negative peers", with(func(c *Config) { c.Peers.PerMeeting = -1 }), "peers.per_meeting", nil},
		{"negative peers per cycle", with(func(c *Config) { c.Peers.PerCycle = -2 }), "peers.per_cycle", nil},
		{"negative fund", with(func(c *Config) { c.Fund.PerMeeting = money.Rupiah(-500) }), "fund", groups.ErrInvalidPolicy},
		{"fund in dollars", with(func(c *Config) { c.Fund.PerMeeting = money.USD.Amount(5) }), "fund.per_meeting", nil},
		{"ladder group cap", with(func(c *Config) { c.Ladder.GroupCap = money.Rupiah(125_000) }), "ladder.group_cap", nil},
		{"ladder step above the member limit", with(func(c *Config) {
			c.Ladder.Steps = []money.Amount{money.Rupiah(25_000), money.Rupiah(50_000)}
		}), "ladder.steps[1]", nil},
		{"ladder going down", with(func(c *Config) {
			c.Ladder.Steps = []money.Amount{money.Rupiah(25_000), money.Rupiah(20_000)}
		}), "ladder", groups.ErrInvalidPolicy},
		{"product without installments", with(func(c *Config) {
			p := lending.MekarmuktiProduct()
			p.Terms.Installments = 0
			c.Product = &p
		}), "product.terms", schedule.ErrInvalidTerms},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called := false
			_, err := Run(context.Background(), tt.cfg, Options{Trials: 10, Trial: func(Trial) error { called = true; return nil }, Progress: func(int, int) { called = true }})
			require.ErrorIs(t, err, ErrInvalid)
			var ce *ConfigError
			require.ErrorAs(t, err, &ce)
			require.Equal(t, tt.field, ce.Field, err.Error())
			if tt.cause != nil {
				require.ErrorIs(t, err, tt.cause)
			}
			require.False(t, called, "nothing runs before the configuration is checked")
			require.Equal(t, err.Error(), tt.cfg.Validate().Error())
		})
	}
}

func TestBadOptions(t *testing.T) {
	for _, tt := range []struct {
		name  string
		opt   Options
		field string
	}{
		{"zero trials", Options{}, "trials"},
		{"negative trials", Options{Trials: -5}, "trials"},
		{"too many trials", Options{Trials: MaxTrials + 1}, "trials"},
		{"negative workers", Options{Trials: 1, Workers: -1}, "workers"},
	} {
		_, err := Run(context.Background(), Mekarmukti(), tt.opt)
		require.ErrorIs(t, err, ErrInvalid, tt.name)
		var ce *ConfigError
		require.ErrorAs(t, err, &ce)
		require.Equal(t, tt.field, ce.Field, tt.name)
	}
	// a run whose sums could overflow is refused
	c := Mekarmukti()
	p := lending.MekarmuktiProduct()
	p.MemberLimit = money.Rupiah(1 << 40)
	p.Packages = nil
	c.Product = &p
	c.Ladder.Steps = []money.Amount{money.Rupiah(1 << 40)}
	c.Groups = 1000
	_, err := Run(context.Background(), c, Options{Trials: 1 << 20})
	require.ErrorIs(t, err, ErrInvalid)
}

func TestRunStops(t *testing.T) {
	stop := errors.New("enough")
	n := 0
	_, err := Run(context.Background(), Mekarmukti(), Options{Trials: 5000, Workers: 2, Trial: func(tr Trial) error {
		require.Equal(t, n, tr.Index, "trials arrive in order")
		n++
		if n == 700 {
			return stop
		}
		return nil
	}})
	require.ErrorIs(t, err, stop)
	require.Equal(t, 700, n)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Run(ctx, Mekarmukti(), Options{Trials: 100_000})
	require.ErrorIs(t, err, context.Canceled)
}

func TestBadSweep(t *testing.T) {
	_, err := Vary(Mekarmukti(), ParamRepay, "0.9", "1.2")
	require.ErrorIs(t, err, ErrInvalid)
	require.ErrorContains(t, err, `"1.2" is not between 0 and 1`)
	_, err = Vary(Mekarmukti(), ParamGroupSize, "5", "five")
	require.ErrorIs(t, err, ErrInvalid)
	_, err = Vary(Mekarmukti(), ParamGroupSize, "0")
	require.ErrorIs(t, err, ErrInvalid)
	_, err = Vary(Mekarmukti(), ParamGroups, "-1")
	require.ErrorIs(t, err, ErrInvalid)
	_, err = Vary(Mekarmukti(), ParamCycles, "0")
	require.ErrorIs(t, err, ErrInvalid)
	_, err = Vary(Mekarmukti(), ParamRepay)
	require.ErrorIs(t, err, ErrInvalid)
	_, err = Vary(Mekarmukti(), Param(99), "1")
	require.ErrorIs(t, err, ErrInvalid)
	_, err = Vary(Mekarmukti(), ParamPeersPerMeeting, "-1")
	require.ErrorIs(t, err, ErrInvalid)
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "points[0].peers.per_meeting", ce.Field)

	s, err := Vary(Mekarmukti(), ParamRepay, "0.9")
	require.NoError(t, err)
	_, err = RunSweep(context.Background(), s, Options{})
	require.ErrorIs(t, err, ErrInvalid)
	_, err = RunSweep(context.Background(), s, Options{Trials: 1, Trial: func(Trial) error { return nil }})
	require.ErrorIs(t, err, ErrInvalid)
	_, err = RunSweep(context.Background(), Sweep{Param: "x"}, Options{Trials: 1})
	require.ErrorIs(t, err, ErrInvalid)
	_, err = RunSweep(context.Background(), Sweep{Param: "x", Points: []Point{{X: "one", Config: Mekarmukti()}}}, Options{Trials: 1})
	require.ErrorIs(t, err, ErrInvalid)
	bad := Mekarmukti()
	bad.GroupSize = -1
	_, err = RunSweep(context.Background(), Sweep{Param: "x", Points: []Point{{X: "1", Config: Mekarmukti()}, {X: "2", Config: bad}}}, Options{Trials: 1})
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "points[1].group_size", ce.Field)
	_, err = ParseParam("colour")
	require.ErrorIs(t, err, ErrInvalid)
}

func TestEnumText(t *testing.T) {
	for _, v := range []interface {
		MarshalText() ([]byte, error)
	}{Joint, Individual, EachCycle, EachInstallment, ParamRepay, ParamFund} {
		b, err := v.MarshalText()
		require.NoError(t, err)
		require.NotEmpty(t, b)
	}
	var l Liability
	require.NoError(t, l.UnmarshalText([]byte("individual")))
	require.Equal(t, Individual, l)
	require.ErrorIs(t, l.UnmarshalText([]byte("several")), ErrInvalid)
	_, err := Liability(9).MarshalText()
	require.ErrorIs(t, err, ErrInvalid)
	require.Equal(t, "liability(9)", Liability(9).String())
	var e Each
	require.NoError(t, e.UnmarshalText([]byte("installment")))
	require.Equal(t, EachInstallment, e)
	require.ErrorIs(t, e.UnmarshalText([]byte("week")), ErrInvalid)
	p, err := ParseParam("village-severity")
	require.NoError(t, err)
	require.Equal(t, ParamVillageSeverity, p)
}
