package simulate

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// groupOf is a forming group of n members M01.., whose ID order is their
// index order, as the model's seats are.
func groupOf(t require.TestingT, n, leader int) groups.Group {
	cs := make([]groups.Candidate, n)
	for i := range cs {
		cs[i] = groups.Candidate{Member: memberID(i), Household: fmt.Sprintf("KK-%02d", i), RT: 1, RW: 8}
	}
	g, err := groups.New("G", cs, memberID(leader), groups.Policy{MinSize: 1, MaxSize: MaxGroupSize})
	require.NoError(t, err)
	return g
}

func memberID(i int) members.ID { return members.ID(fmt.Sprintf("M%03d", i)) }

// TestCoverMatchesGroups checks the model's integer cover against
// groups.Cover on random collections: the same fund use, the same total,
// the same cover of every shortfall and the same part from every payer.
func TestCoverMatchesGroups(t *testing.T) {
	day, _ := calendar.ParseDate("2024-03-29")
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 12).Draw(t, "n")
		leader := rapid.IntRange(0, n-1).Draw(t, "leader")
		policy := groups.CoverPolicy{
			Rule: groups.Rule(rapid.IntRange(0, 2).Draw(t, "rule")),
			Fund: groups.FundUse(rapid.IntRange(0, 2).Draw(t, "fund use")),
		}
		capAmt := int64(-1)
		if rapid.Bool().Draw(t, "capped") {
			capAmt = rapid.Int64Range(0, 10_000).Draw(t, "cap")
			policy.Cap = groups.UpTo(money.Rupiah(capAmt))
		}
		same := rapid.Bool().Draw(t, "same installment")
		base := rapid.Int64Range(1, 9_000).Draw(t, "installment")
		owed, short, spare := make([]int64, n), make([]int64, n), make([]int64, n)
		col := groups.Collection{Date: day, Fund: money.Rupiah(rapid.Int64Range(0, 20_000).Draw(t, "fund"))}
		for i := range n {
			owed[i] = base
			if !same {
				owed[i] = rapid.Int64Range(1, 9_000).Draw(t, "owed")
			}
			switch rapid.IntRange(0, 5).Draw(t, "pays") {
			case 0, 1:
				short[i] = owed[i] // missed
			case 2:
				short[i] = rapid.Int64Range(0, owed[i]).Draw(t, "partial")
			}
			spare[i] = -1
			line := groups.Line{Member: memberID(i), Owed: money.Rupiah(owed[i]), Paid: money.Rupiah(owed[i] - short[i])}
			if rapid.Bool().Draw(t, "spare set") {
				spare[i] = rapid.Int64Range(0, 3*owed[i]).Draw(t, "spare")
				line.Spare = groups.UpTo(money.Rupiah(spare[i]))
			}
			col.Lines = append(col.Lines, line)
		}
		want, err := groups.Cover(groupOf(t, n, leader), col, policy)
		require.NoError(t, err)

		c := newCoverer(coverRule{rule: policy.Rule, fund: policy.Fund, cap: capAmt}, n)
		fromFund, covered := c.run(owed, short, spare, col.Fund.Minor(), leader)
		require.Equal(t, want.FundUsed.Minor(), fromFund, "fund used")
		require.Equal(t, want.Covered.Minor(), covered, "covered")
		k := 0
		for i := range n {
			if short[i] == 0 {
				require.Zero(t, c.cov[i], "cover of member %d who paid", i)
				continue
			}
			require.Equal(t, want.Shortfalls[k].Member, memberID(i))
			require.Equal(t, want.Shortfalls[k].Covered.Minor(), c.cov[i], "cover of member %d", i)
			k++
		}
		for i := range n {
			require.Equal(t, want.PaidBy(memberID(i)).Minor(), c.give[i], "given by member %d", i)
		}
	})
}

func TestAllocateMatchesMoney(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := rapid.SliceOfN(rapid.Int64Range(1, 1000), 1, 40).Draw(t, "weights")
		total := rapid.Int64Range(0, 1_000_000).Draw(t, "total")
		want, err := money.Allocate(money.Rupiah(total), w)
		require.NoError(t, err)
		got := allocate(nil, nil, total, w)
		for i := range w {
			require.Equal(t, want[i].Minor(), got[i], "part %d", i)
		}
	})
}

// TestLadderMatchesGroups checks the model's ladder decision against
// groups.Ladder.Next on random ladders and histories.
func TestLadderMatchesGroups(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		steps := rapid.IntRange(1, 5).Draw(t, "steps")
		l := groups.Ladder{
			Basis:         groups.Basis(rapid.IntRange(0, 2).Draw(t, "basis")),
			UpAfter:       rapid.IntRange(0, 3).Draw(t, "up after"),
			LateDays:      rapid.IntRange(0, 4).Draw(t, "late days"),
			OnLate:        groups.LateAction(rapid.IntRange(0, 1).Draw(t, "on late")),
			CoversAllowed: rapid.IntRange(0, 2).Draw(t, "covers allowed"),
		}
		for i := range steps {
			l.Steps = append(l.Steps, money.Rupiah(int64(25_000*(i+1))))
		}
		rec := rapid.Custom(func(t *rapid.T) groups.CycleRecord {
			r := groups.CycleRecord{}
			switch rapid.IntRange(0, 4).Draw(t, "kind") {
			case 0:
				r.Defaulted = true
			case 1:
				r.MaxDaysLate = rapid.IntRange(1, 7).Draw(t, "late")
			}
			r.Covers = rapid.IntRange(0, 3).Draw(t, "covers")
			return r
		})
		cycles := rapid.IntRange(1, 6).Draw(t, "cycles")
		own := rapid.SliceOfN(rec, cycles, cycles).Draw(t, "own")
		grp := rapid.SliceOfN(rec, cycles, cycles).Draw(t, "group")
		at := rapid.IntRange(0, steps-1).Draw(t, "step")
		want, err := l.Next(at, own, grp)
		require.NoError(t, err)

		r := ladderRule{steps: steps, basis: l.Basis, need: int32(max(l.UpAfter, 1)), late: int32(l.LateDays), onLate: l.OnLate, allowed: int32(l.CoversAllowed)}
		conv := func(c groups.CycleRecord) record {
			return record{defaulted: c.Defaulted, late: int32(c.MaxDaysLate), covers: int32(c.Covers)}
		}
		streak := func(rs []groups.CycleRecord) int32 {
			var s int32
			for _, x := range rs {
				if r.good(conv(x)) {
					s++
				} else {
					s = 0
				}
			}
			return s
		}
		got := r.next(at, conv(own[cycles-1]), streak(own), conv(grp[cycles-1]), streak(grp))
		if want.Move == groups.Suspend {
			require.Equal(t, -1, got, want.Reason)
		} else {
			require.Equal(t, want.Step, got, want.Reason)
		}
	})
}
