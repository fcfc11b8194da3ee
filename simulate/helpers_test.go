package simulate

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/money"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./simulate -update to create it")
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); run go test ./simulate -update if the change is intended, and review the diff:\n%s", path, diff)
	}
}

// richConfig exercises every rule at once: two risk types, both shocks,
// leader-first cover with the fund first and a cap, contributions, a
// two-step ladder on both records, follow-up.
func richConfig() Config {
	p := lending.MekarmuktiProduct()
	p.MemberLimit = money.Rupiah(50_000)
	return Config{
		Groups: 4, GroupSize: 4, Cycles: 4,
		Types: []RiskType{
			{Name: "steady", Share: Ratio(6, 10), Repay: Ratio(97, 100)},
			{Name: "fragile", Share: Ratio(4, 10), Repay: Ratio(80, 100)},
		},
		Village:   Shock{Chance: Ratio(1, 5), Severity: Ratio(9, 10)},
		Group:     Shock{Chance: Ratio(1, 20), Severity: Ratio(1, 2), Each: EachInstallment},
		Liability: Joint,
		Cover:     groups.CoverPolicy{Rule: groups.LeaderFirst, Fund: groups.FundFirst, Cap: groups.UpTo(money.Rupiah(6_000))},
		Peers:     Peers{PerMeeting: 1, PerCycle: 4},
		Fund:      groups.FundPolicy{PerMeeting: money.Rupiah(500)},
		FollowUp:  Ratio(1, 2),
		Ladder: groups.Ladder{
			Steps: []money.Amount{money.Rupiah(25_000), money.Rupiah(50_000)},
			Basis: groups.BothRecords, LateDays: 3, OnLate: groups.StepBack, CoversAllowed: 1,
		},
		Product: &p,
	}
}
