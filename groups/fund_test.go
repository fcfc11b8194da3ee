package groups

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/money"
)

func TestFund(t *testing.T) {
	g := pilotGroup(t)
	p := FundPolicy{PerMeeting: rp(500), AtCycleEnd: Refund}
	require.NoError(t, p.Validate())
	due := p.Due(g)
	require.Len(t, due, 5)
	require.Equal(t, Contribution{Member: "MKM-01", Amount: rp(500)}, due[0])

	var f Fund
	f, err := f.Contribute(g, due)
	require.NoError(t, err)
	f, err = f.Contribute(g, []Contribution{{Member: "MKM-01", Amount: rp(500)}, {Member: "MKM-02", Amount: rp(1000)}})
	require.NoError(t, err)
	require.Equal(t, rp(4000), f.Balance())
	require.Equal(t, []Contribution{{"MKM-01", rp(1000)}, {"MKM-02", rp(1500)}, {"MKM-03", rp(500)}, {"MKM-04", rp(500)}, {"MKM-05", rp(500)}}, f.Stakes())

	// the fund covers a shortfall, then is repaid
	used, err := f.Use(rp(1000))
	require.NoError(t, err)
	require.Equal(t, rp(3000), used.Balance())
	require.Equal(t, rp(1000), used.Out())
	_, err = used.Use(rp(3001))
	require.ErrorIs(t, err, ErrInsufficientFund)
	require.EqualError(t, err, "groups: the group fund holds Rp3.000, cannot use Rp3.001")
	_, err = used.Repay(rp(1001))
	require.ErrorIs(t, err, ErrInvalidAmount)
	back, err := used.Repay(rp(400))
	require.NoError(t, err)
	require.Equal(t, rp(3400), back.Balance())
	require.Equal(t, rp(600), back.Out())

	// carry over keeps everything
	co, refunds, err := back.EndCycle(FundPolicy{})
	require.NoError(t, err)
	require.Empty(t, refunds)
	require.Equal(t, jsonOf(t, back), jsonOf(t, co))

	// refund: the balance back pro rata to the stakes; what is out stays owed
	r, refunds, err := back.EndCycle(p)
	require.NoError(t, err)
	require.Equal(t, []Contribution{{"MKM-01", rp(850)}, {"MKM-02", rp(1275)}, {"MKM-03", rp(425)}, {"MKM-04", rp(425)}, {"MKM-05", rp(425)}}, refunds)
	require.True(t, r.Balance().IsZero())
	require.Equal(t, rp(600), r.Out())
	var stakes money.Amount
	for _, s := range r.Stakes() {
		stakes, _ = stakes.Add(s.Amount)
	}
	require.Equal(t, rp(600), stakes, "balance + out = stakes")

	// errors change nothing
	before := jsonOf(t, f)
	for name, cs := range map[string][]Contribution{
		"not a member": {{Member: "MKM-09", Amount: rp(500)}},
		"negative":     {{Member: "MKM-01", Amount: rp(-500)}},
		"twice":        {{Member: "MKM-01", Amount: rp(500)}, {Member: "MKM-01", Amount: rp(500)}},
		"dollars":      {{Member: "MKM-01", Amount: money.USD.Amount(500)}},
	} {
		_, err := f.Contribute(g, cs)
		require.Error(t, err, name)
		require.Equal(t, before, jsonOf(t, f), name)
	}
	_, err = f.Use(rp(-1))
	require.ErrorIs(t, err, ErrInvalidAmount)
	_, err = f.Repay(rp(-1))
	require.ErrorIs(t, err, ErrInvalidAmount)
	_, _, err = f.EndCycle(FundPolicy{PerMeeting: rp(-1)})
	require.ErrorIs(t, err, ErrInvalidPolicy)
	require.ErrorIs(t, FundPolicy{AtCycleEnd: 5}.Validate(), ErrInvalidPolicy)

	// JSON
	b, err := json.Marshal(back)
	require.NoError(t, err)
	require.JSONEq(t, `{"balance":"IDR 3400","out":"IDR 600","stakes":[{"member":"MKM-01","amount":"IDR 1000"},{"member":"MKM-02","amount":"IDR 1500"},{"member":"MKM-03","amount":"IDR 500"},{"member":"MKM-04","amount":"IDR 500"},{"member":"MKM-05","amount":"IDR 500"}]}`, string(b))
	var rb Fund
	require.NoError(t, json.Unmarshal(b, &rb))
	require.Equal(t, string(b), jsonOf(t, rb))
	for name, s := range map[string]string{
		"does not add up": `{"balance":"IDR 3400","out":"IDR 0","stakes":[{"member":"A","amount":"IDR 1000"}]}`,
		"negative":        `{"balance":"IDR -1","out":"IDR 1","stakes":[]}`,
		"negative stake":  `{"balance":"IDR 0","out":"IDR 0","stakes":[{"member":"A","amount":"IDR -1"},{"member":"B","amount":"IDR 1"}]}`,
		"stake twice":     `{"balance":"IDR 2","out":"IDR 0","stakes":[{"member":"A","amount":"IDR 1"},{"member":"A","amount":"IDR 1"}]}`,
	} {
		var x Fund
		require.Error(t, json.Unmarshal([]byte(s), &x), name)
	}
	pb, _ := json.Marshal(p)
	require.JSONEq(t, `{"per_meeting":"IDR 500","at_cycle_end":"refund"}`, string(pb))
	var pp FundPolicy
	require.NoError(t, json.Unmarshal(pb, &pp))
	require.Equal(t, p, pp)
}
