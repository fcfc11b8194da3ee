package groups

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

func rp(n int64) money.Amount { return money.Rupiah(n) }

func TestGroupLimit(t *testing.T) {
	tests := []struct {
		name      string
		perMember money.Amount
		n         int
		cap       money.Amount
		want      money.Amount
		err       error
	}{
		{"Mekarmukti: 5 x Rp25.000", rp(25_000), 5, money.Amount{}, rp(125_000), nil},
		{"capped", rp(50_000), 5, rp(200_000), rp(200_000), nil},
		{"under the cap", rp(25_000), 5, rp(200_000), rp(125_000), nil},
		{"no members", rp(25_000), 0, money.Amount{}, rp(0), nil},
		{"negative package", rp(-1), 5, money.Amount{}, money.Amount{}, ErrInvalidAmount},
		{"negative cap", rp(25_000), 5, rp(-1), money.Amount{}, ErrInvalidAmount},
		{"negative members", rp(25_000), -1, money.Amount{}, money.Amount{}, ErrRule},
		{"overflow", rp(1 << 62), 5, money.Amount{}, money.Amount{}, money.ErrOverflow},
		{"cap in dollars", rp(25_000), 5, money.USD.Amount(100), money.Amount{}, money.ErrCurrencyMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := GroupLimit(tt.perMember, tt.n, tt.cap)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, 0, tt.want.Cmp(got), "got %s", got)
		})
	}
}

// ladder25 is a ladder continuing the Mekarmukti package: Rp25.000,
// Rp50.000, Rp75.000, Rp100.000 per member, groups capped at Rp400.000.
func ladder25() Ladder {
	return Ladder{Steps: []money.Amount{rp(25_000), rp(50_000), rp(75_000), rp(100_000)}, GroupCap: rp(400_000), LateDays: 3}
}

func TestLadderNext(t *testing.T) {
	onTime := CycleRecord{}
	late2 := CycleRecord{MaxDaysLate: 2}
	late10 := CycleRecord{MaxDaysLate: 10}
	covered := CycleRecord{Covers: 1}
	defaulted := CycleRecord{MaxDaysLate: 30, Defaulted: true}
	base := ladder25()
	down := base
	down.OnLate = StepBack
	twice := base
	twice.UpAfter = 2
	lenient := base
	lenient.CoversAllowed = 1
	group := base
	group.Basis = GroupRecord
	both := base
	both.Basis = BothRecords
	tests := []struct {
		name      string
		l         Ladder
		step      int
		own, grp  []CycleRecord
		move      Move
		next      int
		perMember money.Amount
	}{
		{"first cycle", base, 0, nil, nil, Hold, 0, rp(25_000)},
		{"on time: up", base, 0, []CycleRecord{onTime}, nil, StepUp, 1, rp(50_000)},
		{"three on time: up from step 2", base, 2, []CycleRecord{onTime, onTime, onTime}, nil, StepUp, 3, rp(100_000)},
		{"top of the ladder", base, 3, []CycleRecord{onTime}, nil, Hold, 3, rp(100_000)},
		{"late within the threshold: hold", base, 1, []CycleRecord{late2}, nil, Hold, 1, rp(50_000)},
		{"late beyond the threshold, hold policy", base, 1, []CycleRecord{late10}, nil, Hold, 1, rp(50_000)},
		{"late beyond the threshold, step-down policy", down, 2, []CycleRecord{late10}, nil, StepDown, 1, rp(50_000)},
		{"late within the threshold, step-down policy", down, 2, []CycleRecord{late2}, nil, Hold, 2, rp(75_000)},
		{"step down at the first step", down, 0, []CycleRecord{late10}, nil, Hold, 0, rp(25_000)},
		{"default suspends", base, 2, []CycleRecord{onTime, defaulted}, nil, Suspend, 2, money.Amount{}},
		{"covered: hold", base, 1, []CycleRecord{covered}, nil, Hold, 1, rp(50_000)},
		{"one cover allowed", lenient, 1, []CycleRecord{covered}, nil, StepUp, 2, rp(75_000)},
		{"two on time needed, one had", twice, 0, []CycleRecord{onTime}, nil, Hold, 0, rp(25_000)},
		{"two on time needed, older was late", twice, 0, []CycleRecord{late2, onTime}, nil, Hold, 0, rp(25_000)},
		{"two on time in a row", twice, 0, []CycleRecord{late2, onTime, onTime}, nil, StepUp, 1, rp(50_000)},
		{"group basis: the group was late", group, 1, []CycleRecord{onTime}, []CycleRecord{late2}, Hold, 1, rp(50_000)},
		{"group basis: the group was on time", group, 1, []CycleRecord{late2}, []CycleRecord{onTime}, StepUp, 2, rp(75_000)},
		{"both: own on time, group default", both, 1, []CycleRecord{onTime}, []CycleRecord{defaulted}, Suspend, 1, money.Amount{}},
		{"both: own late, group on time", both, 1, []CycleRecord{late2}, []CycleRecord{onTime}, Hold, 1, rp(50_000)},
		{"both on time", both, 1, []CycleRecord{onTime}, []CycleRecord{onTime}, StepUp, 2, rp(75_000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := tt.l.Next(tt.step, tt.own, tt.grp)
			require.NoError(t, err)
			require.Equal(t, tt.move, n.Move, n.Reason)
			require.Equal(t, tt.next, n.Step, n.Reason)
			require.Equal(t, 0, tt.perMember.Cmp(n.PerMember), "per member %s", n.PerMember)
			require.NotEmpty(t, n.Reason)
		})
	}
	n, err := down.Next(2, []CycleRecord{late10}, nil)
	require.NoError(t, err)
	require.Equal(t, "the member's last cycle was 10 days late, beyond 3", n.Reason)
	b, err := json.Marshal(n)
	require.NoError(t, err)
	require.JSONEq(t, `{"move":"step-down","step":1,"per_member":"IDR 50000","reason":"the member's last cycle was 10 days late, beyond 3"}`, string(b))
}

func TestLadderErrors(t *testing.T) {
	ok := ladder25()
	bad := []Ladder{
		{},
		{Steps: []money.Amount{rp(50_000), rp(25_000)}},
		{Steps: []money.Amount{rp(-1)}},
		{Steps: []money.Amount{rp(25_000), money.USD.Amount(5000)}},
		{Steps: []money.Amount{rp(1)}, GroupCap: rp(-1)},
		{Steps: []money.Amount{rp(1)}, UpAfter: -1},
		{Steps: []money.Amount{rp(1)}, LateDays: -1},
		{Steps: []money.Amount{rp(1)}, CoversAllowed: -1},
		{Steps: []money.Amount{rp(1)}, Basis: 7},
		{Steps: []money.Amount{rp(1)}, OnLate: 7},
	}
	for i, l := range bad {
		_, err := l.Next(0, nil, nil)
		require.ErrorIs(t, err, ErrInvalidPolicy, "ladder %d", i)
		_, err = l.Limit(0, 5)
		require.ErrorIs(t, err, ErrInvalidPolicy, "ladder %d", i)
	}
	_, err := ok.Next(4, nil, nil)
	require.ErrorIs(t, err, ErrInvalidPolicy)
	_, err = ok.Next(-1, nil, nil)
	require.ErrorIs(t, err, ErrInvalidPolicy)
	_, err = ok.Next(0, []CycleRecord{{MaxDaysLate: -1}}, nil)
	require.ErrorIs(t, err, ErrInvalidRecord)
	_, err = ok.Next(0, nil, []CycleRecord{{Covers: -1}})
	require.ErrorIs(t, err, ErrInvalidRecord)

	lim, err := ok.Limit(3, 5)
	require.NoError(t, err)
	require.Equal(t, rp(400_000), lim, "5 x Rp100.000 capped at Rp400.000")
	lim, err = ok.Limit(0, 5)
	require.NoError(t, err)
	require.Equal(t, rp(125_000), lim)
	_, err = ok.Limit(9, 5)
	require.ErrorIs(t, err, ErrInvalidPolicy)
}

func TestLadderJSON(t *testing.T) {
	l := ladder25()
	l.Basis, l.OnLate, l.UpAfter = BothRecords, StepBack, 2
	b, err := json.Marshal(l)
	require.NoError(t, err)
	require.JSONEq(t, `{"steps":["IDR 25000","IDR 50000","IDR 75000","IDR 100000"],"group_cap":"IDR 400000","basis":"own-and-group","up_after":2,"late_days":3,"on_late":"step-down"}`, string(b))
	var back Ladder
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, l, back)
	require.Error(t, json.Unmarshal([]byte(`{"steps":[],"basis":"mine"}`), &back))

	r := CycleRecord{MaxDaysLate: 2, Covers: 1}
	b, _ = json.Marshal(r)
	require.JSONEq(t, `{"max_days_late":2,"covers":1}`, string(b))
	require.False(t, r.OnTime())
	require.True(t, CycleRecord{}.OnTime())
	require.False(t, CycleRecord{Defaulted: true}.OnTime())
}

func TestWaves(t *testing.T) {
	g := pilotGroup(t) // leader MKM-01
	all, err := Waves{}.Plan(g, nil)
	require.NoError(t, err)
	require.Equal(t, [][]members.ID{{"MKM-01", "MKM-02", "MKM-03", "MKM-04", "MKM-05"}}, all)

	w, err := Grameen().Plan(g, nil)
	require.NoError(t, err)
	require.Equal(t, [][]members.ID{{"MKM-02", "MKM-03"}, {"MKM-04", "MKM-05"}, {"MKM-01"}}, w)

	w, err = Grameen().Plan(g, []members.ID{"MKM-05", "MKM-03"})
	require.NoError(t, err)
	require.Equal(t, [][]members.ID{{"MKM-05", "MKM-03"}, {"MKM-02", "MKM-04"}, {"MKM-01"}}, w)

	// the last wave takes the rest; waves stop when members run out
	w, err = Waves{Sizes: []int{2}}.Plan(g, nil)
	require.NoError(t, err)
	require.Equal(t, [][]members.ID{{"MKM-01", "MKM-02", "MKM-03", "MKM-04", "MKM-05"}}, w)
	w, err = Waves{Sizes: []int{3, 3, 3}}.Plan(g, nil)
	require.NoError(t, err)
	require.Equal(t, [][]members.ID{{"MKM-01", "MKM-02", "MKM-03"}, {"MKM-04", "MKM-05"}}, w)

	_, err = Waves{Sizes: []int{2, 0}}.Plan(g, nil)
	require.ErrorIs(t, err, ErrInvalidPolicy)
	_, err = Grameen().Plan(g, []members.ID{"MKM-09"})
	require.ErrorIs(t, err, ErrNotMember)
	_, err = Grameen().Plan(g, []members.ID{"MKM-02", "MKM-02"})
	require.ErrorIs(t, err, ErrDuplicate)

	none, err := Grameen().Plan(Group{}, nil)
	require.NoError(t, err)
	require.Empty(t, none)

	b, _ := json.Marshal(Grameen())
	require.JSONEq(t, `{"sizes":[2,2,1],"leader_last":true}`, string(b))
}
