package groups

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

func TestDebtsSettle(t *testing.T) {
	g := pilotGroup(t)
	// day 1: MKM-03 misses Rp4.200, the fund gives Rp1.000 and the others the rest
	c1 := collection(4200, 4200, 0, 4200, 4200)
	c1.Fund = rp(1000)
	cov1, err := Cover(g, c1, CoverPolicy{Fund: FundFirst})
	require.NoError(t, err)
	// day 2: MKM-03 misses again, MKM-05 pays half
	c2 := collection(4200, 4200, 0, 4200, 2100)
	c2.Date = day("2024-03-30")
	cov2, err := Cover(g, c2, CoverPolicy{})
	require.NoError(t, err)

	var d Debts
	// record out of date order: settlement still goes oldest first
	d, err = d.Record(cov2)
	require.NoError(t, err)
	d, err = d.Record(cov1)
	require.NoError(t, err)
	require.Equal(t, rp(4200+4200), d.Owed("MKM-03"))
	require.Equal(t, rp(2100), d.Owed("MKM-05"))
	require.Equal(t, rp(1000), d.OwedTo(""))
	all := d.All()
	require.Equal(t, "2024-03-29", all[0].Date.String())
	require.True(t, all[0].Fund, "the fund's part of the oldest cover comes first")

	before := jsonOf(t, d)
	d2, s, err := d.Settle("MKM-03", rp(5000))
	require.NoError(t, err)
	require.Equal(t, before, jsonOf(t, d), "Debts is a value")
	require.Equal(t, rp(5000), s.Paid)
	require.True(t, s.Unused.IsZero())
	require.Equal(t, []Repayment{
		{Seq: all[0].Seq, Fund: true, Amount: rp(1000)},
		{Seq: all[1].Seq, Creditor: "MKM-01", Amount: rp(800)},
		{Seq: all[2].Seq, Creditor: "MKM-02", Amount: rp(800)},
		{Seq: all[3].Seq, Creditor: "MKM-04", Amount: rp(800)},
		{Seq: all[4].Seq, Creditor: "MKM-05", Amount: rp(800)},
		{Seq: all[5].Seq, Creditor: "MKM-01", Amount: rp(800)},
	}, s.Repayments)
	require.Equal(t, rp(3400), d2.Owed("MKM-03"))
	require.Equal(t, rp(2100), d2.Owed("MKM-05"), "another debtor's debts are untouched")

	// paying more than owed: the rest comes back unused
	d3, s, err := d2.Settle("MKM-03", rp(10000))
	require.NoError(t, err)
	require.Equal(t, rp(3400), s.Paid)
	require.Equal(t, rp(6600), s.Unused)
	require.True(t, d3.Owed("MKM-03").IsZero())

	// a member with no debts
	_, s, err = d3.Settle("MKM-01", rp(100))
	require.NoError(t, err)
	require.Empty(t, s.Repayments)
	require.Equal(t, rp(100), s.Unused)

	_, _, err = d.Settle("MKM-03", rp(-1))
	require.ErrorIs(t, err, ErrInvalidAmount)
	_, _, err = d.Settle("MKM-03", money.USD.Amount(100))
	require.ErrorIs(t, err, money.ErrCurrencyMismatch)

	// JSON round trip
	b, err := json.Marshal(d2)
	require.NoError(t, err)
	var back Debts
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, string(b), jsonOf(t, back))
	for name, s := range map[string]string{
		"zero amount":       `{"seq":1,"debts":[{"seq":1,"date":"2024-03-29","debtor":"A","creditor":"B","amount":"0"}]}`,
		"self":              `{"seq":1,"debts":[{"seq":1,"date":"2024-03-29","debtor":"A","creditor":"A","amount":"IDR 5"}]}`,
		"fund and member":   `{"seq":1,"debts":[{"seq":1,"date":"2024-03-29","debtor":"A","creditor":"B","fund":true,"amount":"IDR 5"}]}`,
		"no creditor":       `{"seq":1,"debts":[{"seq":1,"date":"2024-03-29","debtor":"A","amount":"IDR 5"}]}`,
		"sequence too high": `{"seq":1,"debts":[{"seq":2,"date":"2024-03-29","debtor":"A","creditor":"B","amount":"IDR 5"}]}`,
		"sequence twice":    `{"seq":2,"debts":[{"seq":1,"date":"2024-03-29","debtor":"A","creditor":"B","amount":"IDR 5"},{"seq":1,"date":"2024-03-29","debtor":"A","creditor":"B","amount":"IDR 5"}]}`,
		"no date":           `{"seq":1,"debts":[{"seq":1,"debtor":"A","creditor":"B","amount":"IDR 5"}]}`,
		"not json":          `[`,
	} {
		var x Debts
		require.Error(t, json.Unmarshal([]byte(s), &x), name)
	}

	// recording checks its input
	_, err = Debts{}.Record(Coverage{Parts: []Part{{From: "A", For: "B", Amount: rp(1)}}})
	require.ErrorIs(t, err, ErrInvalidAmount, "no date")
	_, err = Debts{}.Record(Coverage{Date: day("2024-03-29"), Parts: []Part{{From: "A", For: "A", Amount: rp(1)}}})
	require.ErrorIs(t, err, ErrInvalidAmount, "self")
	_, err = Debts{}.Record(Coverage{Date: day("2024-03-29"), Parts: []Part{{From: "A", For: "B", Amount: rp(0)}}})
	require.ErrorIs(t, err, ErrInvalidAmount, "zero")
}

// TestSettleProperties: settlement never pays more than the amount or than
// is owed, pays the oldest debts first, and changes only the debtor's debts.
func TestSettleProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var d Debts
		for i := range rapid.IntRange(1, 4).Draw(t, "collections") {
			g, c, p := genCover(t)
			_ = g
			c.Date = day("2024-03-29").AddDays(rapid.IntRange(0, 10).Draw(t, "day"))
			cov, err := Cover(g, c, p)
			if err != nil {
				t.Fatal(err)
			}
			if d, err = d.Record(cov); err != nil {
				t.Fatalf("record %d: %v", i, err)
			}
		}
		debtor := members.ID(rapid.SampledFrom([]string{"M0", "M1", "M2", "M3"}).Draw(t, "debtor"))
		amount := rp(rapid.Int64Range(0, 60000).Draw(t, "amount"))
		owed := d.Owed(debtor)
		othersBefore := map[members.ID]money.Amount{}
		for _, x := range d.All() {
			othersBefore[x.Debtor] = d.Owed(x.Debtor)
		}
		n, s, err := d.Settle(debtor, amount)
		if err != nil {
			t.Fatal(err)
		}
		if s.Paid.Cmp(amount) > 0 || s.Paid.Cmp(owed) > 0 {
			t.Fatalf("paid %s of %s, owed %s", s.Paid, amount, owed)
		}
		if want := money.Min(amount, owed); s.Paid.Minor() != want.Minor() {
			t.Fatalf("paid %s, want %s", s.Paid, want)
		}
		if s.Paid.Minor()+s.Unused.Minor() != amount.Minor() {
			t.Fatalf("paid %s + unused %s != %s", s.Paid, s.Unused, amount)
		}
		if n.Owed(debtor).Minor() != owed.Minor()-s.Paid.Minor() {
			t.Fatalf("owes %s after paying %s of %s", n.Owed(debtor), s.Paid, owed)
		}
		for m, v := range othersBefore {
			if m != debtor && n.Owed(m) != v {
				t.Fatalf("%s's debts changed", m)
			}
		}
		// oldest first: every debt paid in part or in full is older than
		// every debt of the debtor left untouched
		paid := map[int]bool{}
		for _, r := range s.Repayments {
			paid[r.Seq] = true
		}
		list := d.All()
		lastPaid := -1
		for i, x := range list {
			if x.Debtor == debtor && paid[x.Seq] {
				lastPaid = i
			}
		}
		for i, x := range list[:max(lastPaid, 0)] {
			if x.Debtor == debtor && !paid[x.Seq] {
				t.Fatalf("debt %d skipped before a newer one was paid", i)
			}
		}
	})
}
