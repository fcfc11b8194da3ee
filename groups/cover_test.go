package groups

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

func day(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// collection is one Mekarmukti daily installment of Rp4.200 for MKM-01..05,
// with the payments given (in rupiah) in member order.
func collection(paid ...int64) Collection {
	c := Collection{Date: day("2024-03-29")}
	for i, p := range paid {
		c.Lines = append(c.Lines, Line{Member: members.ID(fmt.Sprintf("MKM-%02d", i+1)), Owed: rp(4200), Paid: rp(p)})
	}
	return c
}

type part struct {
	from string // "fund" for the fund
	for_ string
	amt  int64
}

func partsOf(c Coverage) []part {
	out := make([]part, len(c.Parts))
	for i, p := range c.Parts {
		from := string(p.From)
		if p.FromFund {
			from = "fund"
		}
		out[i] = part{from, string(p.For), p.Amount.Minor()}
	}
	return out
}

func TestCover(t *testing.T) {
	g := pilotGroup(t) // leader MKM-01
	withFund := func(c Collection, f int64) Collection { c.Fund = rp(f); return c }
	spare := func(c Collection, i int, s int64) Collection {
		c.Lines = slices.Clone(c.Lines)
		c.Lines[i].Spare = UpTo(rp(s))
		return c
	}
	tests := []struct {
		name      string
		c         Collection
		p         CoverPolicy
		parts     []part
		covered   int64
		uncovered int64
		fund      int64
	}{
		{"nobody short", collection(4200, 4200, 4200, 4200, 4200), CoverPolicy{}, []part{}, 0, 0, 0},
		{"one missed, equal", collection(4200, 4200, 0, 4200, 4200), CoverPolicy{},
			[]part{{"MKM-01", "MKM-03", 1050}, {"MKM-02", "MKM-03", 1050}, {"MKM-04", "MKM-03", 1050}, {"MKM-05", "MKM-03", 1050}}, 4200, 0, 0},
		{"odd rupiah to the lower IDs", collection(4200, 4200, 1, 4200, 4200), CoverPolicy{},
			[]part{{"MKM-01", "MKM-03", 1050}, {"MKM-02", "MKM-03", 1050}, {"MKM-04", "MKM-03", 1050}, {"MKM-05", "MKM-03", 1049}}, 4199, 0, 0},
		{"a partial payer does not cover", collection(4200, 2000, 0, 4200, 4200), CoverPolicy{},
			[]part{{"MKM-01", "MKM-02", 734}, {"MKM-04", "MKM-02", 733}, {"MKM-05", "MKM-02", 733}, {"MKM-01", "MKM-03", 1400}, {"MKM-04", "MKM-03", 1400}, {"MKM-05", "MKM-03", 1400}}, 6400, 0, 0},
		{"capped, the rest uncovered", collection(4200, 4200, 0, 4200, 4200), CoverPolicy{Cap: UpTo(rp(500))},
			[]part{{"MKM-01", "MKM-03", 500}, {"MKM-02", "MKM-03", 500}, {"MKM-04", "MKM-03", 500}, {"MKM-05", "MKM-03", 500}}, 2000, 2200, 0},
		{"capped, one with little spare", spare(collection(4200, 4200, 0, 4200, 4200), 1, 100), CoverPolicy{Cap: UpTo(rp(2000))},
			[]part{{"MKM-01", "MKM-03", 1367}, {"MKM-02", "MKM-03", 100}, {"MKM-04", "MKM-03", 1367}, {"MKM-05", "MKM-03", 1366}}, 4200, 0, 0},
		{"leader first", collection(4200, 4200, 0, 4200, 4200), CoverPolicy{Rule: LeaderFirst, Cap: UpTo(rp(3000))},
			[]part{{"MKM-01", "MKM-03", 3000}, {"MKM-02", "MKM-03", 400}, {"MKM-04", "MKM-03", 400}, {"MKM-05", "MKM-03", 400}}, 4200, 0, 0},
		{"leader first, leader short", collection(0, 4200, 4200, 4200, 4200), CoverPolicy{Rule: LeaderFirst},
			[]part{{"MKM-02", "MKM-01", 1050}, {"MKM-03", "MKM-01", 1050}, {"MKM-04", "MKM-01", 1050}, {"MKM-05", "MKM-01", 1050}}, 4200, 0, 0},
		{"fund first", withFund(collection(4200, 4200, 0, 4200, 4200), 3000), CoverPolicy{Fund: FundFirst},
			[]part{{"fund", "MKM-03", 3000}, {"MKM-01", "MKM-03", 300}, {"MKM-02", "MKM-03", 300}, {"MKM-04", "MKM-03", 300}, {"MKM-05", "MKM-03", 300}}, 4200, 0, 3000},
		{"fund first, fund enough", withFund(collection(4200, 4200, 0, 4200, 4200), 10000), CoverPolicy{Fund: FundFirst},
			[]part{{"fund", "MKM-03", 4200}}, 4200, 0, 4200},
		{"fund last after capped peers", withFund(collection(4200, 4200, 0, 4200, 4200), 1000), CoverPolicy{Fund: FundLast, Cap: UpTo(rp(500))},
			[]part{{"fund", "MKM-03", 1000}, {"MKM-01", "MKM-03", 500}, {"MKM-02", "MKM-03", 500}, {"MKM-04", "MKM-03", 500}, {"MKM-05", "MKM-03", 500}}, 3000, 1200, 1000},
		{"fund not used", withFund(collection(4200, 4200, 0, 4200, 4200), 10000), CoverPolicy{},
			[]part{{"MKM-01", "MKM-03", 1050}, {"MKM-02", "MKM-03", 1050}, {"MKM-04", "MKM-03", 1050}, {"MKM-05", "MKM-03", 1050}}, 4200, 0, 0},
		{"nobody paid", collection(0, 0, 0, 0, 0), CoverPolicy{}, []part{}, 0, 21000, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Cover(g, tt.c, tt.p)
			require.NoError(t, err)
			require.Equal(t, tt.parts, partsOf(c))
			require.Equal(t, tt.covered, c.Covered.Minor())
			require.Equal(t, tt.uncovered, c.Uncovered.Minor())
			require.Equal(t, tt.fund, c.FundUsed.Minor())
		})
	}
}

func TestCoverProRata(t *testing.T) {
	// a weekly collection where members owe different installments
	g := pilotGroup(t)
	c := Collection{Date: day("2024-04-05"), Lines: []Line{
		{Member: "MKM-01", Owed: rp(10000), Paid: rp(10000)},
		{Member: "MKM-02", Owed: rp(20000), Paid: rp(20000)},
		{Member: "MKM-03", Owed: rp(5000), Paid: rp(0)},
		{Member: "MKM-04", Owed: rp(10000), Paid: rp(10000)},
		{Member: "MKM-05", Owed: rp(0), Paid: rp(0)}, // no loan this cycle: covers nothing pro rata
	}}
	cov, err := Cover(g, c, CoverPolicy{Rule: ProRata})
	require.NoError(t, err)
	require.Equal(t, []part{{"MKM-01", "MKM-03", 1250}, {"MKM-02", "MKM-03", 2500}, {"MKM-04", "MKM-03", 1250}}, partsOf(cov))
	// equal: MKM-05 has no installment but is still jointly liable
	cov, err = Cover(g, c, CoverPolicy{})
	require.NoError(t, err)
	require.Equal(t, []part{{"MKM-01", "MKM-03", 1250}, {"MKM-02", "MKM-03", 1250}, {"MKM-04", "MKM-03", 1250}, {"MKM-05", "MKM-03", 1250}}, partsOf(cov))
	// pro rata with a cap: MKM-02's share goes over and the rest is shared again
	cov, err = Cover(g, c, CoverPolicy{Rule: ProRata, Cap: UpTo(rp(2000))})
	require.NoError(t, err)
	require.Equal(t, []part{{"MKM-01", "MKM-03", 1500}, {"MKM-02", "MKM-03", 2000}, {"MKM-04", "MKM-03", 1500}}, partsOf(cov))
}

func TestCoverTwoShort(t *testing.T) {
	g := pilotGroup(t)
	// MKM-02 and MKM-04 short; the cap leaves part uncovered, shared pro rata to
	// the shortfalls
	cov, err := Cover(g, collection(4200, 0, 4200, 2100, 4200), CoverPolicy{Cap: UpTo(rp(1500))})
	require.NoError(t, err)
	require.Equal(t, int64(6300), cov.Shortfall.Minor())
	require.Equal(t, int64(4500), cov.Covered.Minor())
	require.Equal(t, []Shortfall{
		{Member: "MKM-02", Short: rp(4200), Covered: rp(3000), Uncovered: rp(1200)},
		{Member: "MKM-04", Short: rp(2100), Covered: rp(1500), Uncovered: rp(600)},
	}, cov.Shortfalls)
	require.Equal(t, []part{
		{"MKM-01", "MKM-02", 1000}, {"MKM-03", "MKM-02", 1000}, {"MKM-05", "MKM-02", 1000},
		{"MKM-01", "MKM-04", 500}, {"MKM-03", "MKM-04", 500}, {"MKM-05", "MKM-04", 500},
	}, partsOf(cov))
	require.Equal(t, rp(1500), cov.PaidBy("MKM-01"))
	require.True(t, cov.PaidBy("MKM-02").IsZero())
}

func TestCoverErrors(t *testing.T) {
	g := pilotGroup(t)
	ok := collection(4200, 4200, 0, 4200, 4200)
	with := func(f func(*Collection)) Collection {
		c := ok
		c.Lines = slices.Clone(ok.Lines)
		f(&c)
		return c
	}
	tests := []struct {
		name string
		c    Collection
		p    CoverPolicy
		want error
	}{
		{"negative cap", ok, CoverPolicy{Cap: UpTo(rp(-1))}, ErrInvalidPolicy},
		{"unknown rule", ok, CoverPolicy{Rule: 9}, ErrInvalidPolicy},
		{"unknown fund use", ok, CoverPolicy{Fund: 9}, ErrInvalidPolicy},
		{"not a member", with(func(c *Collection) { c.Lines[0].Member = "MKM-09" }), CoverPolicy{}, ErrNotMember},
		{"line twice", with(func(c *Collection) { c.Lines[1].Member = "MKM-01" }), CoverPolicy{}, ErrDuplicate},
		{"negative owed", with(func(c *Collection) { c.Lines[0].Owed = rp(-1) }), CoverPolicy{}, ErrInvalidAmount},
		{"negative paid", with(func(c *Collection) { c.Lines[2].Paid = rp(-1) }), CoverPolicy{}, ErrInvalidAmount},
		{"paid more than owed", with(func(c *Collection) { c.Lines[0].Paid = rp(5000) }), CoverPolicy{}, ErrInvalidAmount},
		{"negative spare", with(func(c *Collection) { c.Lines[0].Spare = UpTo(rp(-5)) }), CoverPolicy{}, ErrInvalidAmount},
		{"dollars", with(func(c *Collection) { c.Lines[0].Owed, c.Lines[0].Paid = money.USD.Amount(100), money.USD.Amount(100) }), CoverPolicy{}, money.ErrCurrencyMismatch},
		{"cap in dollars", ok, CoverPolicy{Cap: UpTo(money.USD.Amount(100))}, money.ErrCurrencyMismatch},
		{"negative fund", with(func(c *Collection) { c.Fund = rp(-1) }), CoverPolicy{}, ErrInvalidAmount},
		{"overflow", with(func(c *Collection) { c.Lines[0].Owed, c.Lines[1].Owed = rp(1<<62), rp(1<<62) }), CoverPolicy{}, money.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := jsonOf(t, tt.c)
			_, err := Cover(g, tt.c, tt.p)
			require.ErrorIs(t, err, tt.want)
			require.Equal(t, before, jsonOf(t, tt.c))
		})
	}
	_, err := Cover(g, with(func(c *Collection) { c.Lines[0].Paid = rp(5000) }), CoverPolicy{})
	require.EqualError(t, err, `groups: paid of "MKM-01" Rp5.000: is more than the Rp4.200 owed; record money for others as cover, or the extra as a fund contribution`)
	_, err = Cover(g, with(func(c *Collection) { c.Lines[0].Member = "MKM-09" }), CoverPolicy{})
	require.EqualError(t, err, `groups: collection line: "MKM-09" is not a member of group "MKM-08-1"`)
	closed, _ := g.Close()
	_, err = Cover(closed, ok, CoverPolicy{})
	require.ErrorIs(t, err, ErrState)
}

func TestCoverJSON(t *testing.T) {
	g := pilotGroup(t)
	c := collection(4200, 4200, 0, 4200, 4200)
	c.Fund = rp(1000)
	c.Lines[1].Spare = UpTo(rp(600))
	p := CoverPolicy{Rule: LeaderFirst, Fund: FundFirst, Cap: UpTo(rp(2000))}
	for _, v := range []any{c, p} {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		back := func() any {
			switch v.(type) {
			case Collection:
				var x Collection
				require.NoError(t, json.Unmarshal(b, &x))
				return x
			default:
				var x CoverPolicy
				require.NoError(t, json.Unmarshal(b, &x))
				return x
			}
		}()
		require.Equal(t, string(b), jsonOf(t, back))
	}
	require.JSONEq(t, `{"rule":"leader-first","fund":"first","cap":"IDR 2000"}`, jsonOf(t, p))
	require.JSONEq(t, `{"rule":"equal","fund":"none"}`, jsonOf(t, CoverPolicy{}))
	var np CoverPolicy
	require.NoError(t, json.Unmarshal([]byte(`{"rule":"pro-rata","fund":"last","cap":null}`), &np))
	require.Equal(t, CoverPolicy{Rule: ProRata, Fund: FundLast}, np)
	require.Error(t, json.Unmarshal([]byte(`{"rule":"whoever"}`), &np))
	require.Error(t, json.Unmarshal([]byte(`{"cap":"lots"}`), &np))

	cov, err := Cover(g, c, p)
	require.NoError(t, err)
	b, err := json.MarshalIndent(cov, "", "  ")
	require.NoError(t, err)
	golden(t, "mekarmukti-cover.json", append(b, '\n'))
	var back Coverage
	require.NoError(t, json.Unmarshal(b, &back))
	require.Empty(t, cmp.Diff(cov, back, cmp.Comparer(func(a, b money.Amount) bool { return a == b }), cmp.Comparer(func(a, b calendar.Date) bool { return a == b })))
}

// genCover draws a group of 2 to 8 and a collection with shortfalls, caps,
// spares and a fund.
func genCover(t *rapid.T) (Group, Collection, CoverPolicy) {
	n := rapid.IntRange(2, 8).Draw(t, "size")
	cs := make([]Candidate, n)
	for i := range cs {
		cs[i] = Candidate{Member: members.ID(fmt.Sprintf("M%d", i)), Household: fmt.Sprintf("H%d", i), RT: 1, RW: 1}
	}
	g, err := New("G", cs, cs[rapid.IntRange(0, n-1).Draw(t, "leader")].Member, Policy{MinSize: 2, MaxSize: 8})
	if err != nil {
		t.Fatal(err)
	}
	c := Collection{Date: day("2024-03-29"), Fund: rp(rapid.Int64Range(0, 20000).Draw(t, "fund"))}
	for _, m := range cs {
		if rapid.IntRange(0, 5).Draw(t, "absent") == 0 {
			continue
		}
		owed := rapid.Int64Range(0, 30000).Draw(t, "owed")
		paid := owed
		if rapid.Bool().Draw(t, "short") {
			paid = rapid.Int64Range(0, owed).Draw(t, "paid")
		}
		l := Line{Member: m.Member, Owed: rp(owed), Paid: rp(paid)}
		if rapid.IntRange(0, 3).Draw(t, "has spare") == 0 {
			l.Spare = UpTo(rp(rapid.Int64Range(0, 10000).Draw(t, "spare")))
		}
		c.Lines = append(c.Lines, l)
	}
	c.Lines = rapid.Permutation(c.Lines).Draw(t, "order")
	p := CoverPolicy{
		Rule: Rule(rapid.IntRange(0, 2).Draw(t, "rule")),
		Fund: FundUse(rapid.IntRange(0, 2).Draw(t, "fund use")),
	}
	if rapid.Bool().Draw(t, "capped") {
		p.Cap = UpTo(rp(rapid.Int64Range(0, 15000).Draw(t, "cap")))
	}
	return g, c, p
}

// TestCoverProperties: parts sum exactly; nobody pays above the cap or
// their spare; nobody covers themselves and no one short covers anyone; what
// is left uncovered could not be covered; the debts recorded net to the
// covered amount.
func TestCoverProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g, c, p := genCover(t)
		cov, err := Cover(g, c, p)
		if err != nil {
			t.Fatal(err)
		}
		line := map[members.ID]Line{}
		var total int64
		for _, l := range c.Lines {
			line[l.Member] = l
			total += l.Owed.Minor() - l.Paid.Minor()
		}
		if cov.Shortfall.Minor() != total || cov.Covered.Minor()+cov.Uncovered.Minor() != total {
			t.Fatalf("shortfall %s = covered %s + uncovered %s, want %d", cov.Shortfall, cov.Covered, cov.Uncovered, total)
		}
		var sumParts, fromFund int64
		given := map[members.ID]int64{}
		got := map[members.ID]int64{}
		for _, pt := range cov.Parts {
			if !pt.Amount.IsPositive() {
				t.Fatalf("part %v not positive", pt)
			}
			sumParts += pt.Amount.Minor()
			got[pt.For] += pt.Amount.Minor()
			if pt.FromFund {
				fromFund += pt.Amount.Minor()
				continue
			}
			if pt.From == pt.For {
				t.Fatalf("%s covers themselves", pt.From)
			}
			if l := line[pt.From]; l.Paid != l.Owed {
				t.Fatalf("%s is short and still covers %s", pt.From, pt.For)
			}
			given[pt.From] += pt.Amount.Minor()
		}
		if sumParts != cov.Covered.Minor() || fromFund != cov.FundUsed.Minor() {
			t.Fatalf("parts sum %d (fund %d), covered %s (fund %s)", sumParts, fromFund, cov.Covered, cov.FundUsed)
		}
		if p.Fund == NoFund && fromFund != 0 || fromFund > c.Fund.Minor() {
			t.Fatalf("fund used %d of %s under %v", fromFund, c.Fund, p.Fund)
		}
		capMax, capSet := p.Cap.Bound()
		room := false // could anyone have given more?
		for m, l := range line {
			limit := int64(1 << 62)
			if capSet {
				limit = capMax.Minor()
			}
			if s, ok := l.Spare.Bound(); ok {
				limit = min(limit, s.Minor())
			}
			if given[m] > limit {
				t.Fatalf("%s gives %d, above their limit %d", m, given[m], limit)
			}
			eligible := l.Paid == l.Owed && (p.Rule != ProRata || l.Paid.IsPositive())
			if eligible && given[m] < limit {
				room = true
			}
		}
		fundRoom := p.Fund != NoFund && fromFund < c.Fund.Minor()
		if cov.Uncovered.IsPositive() && (room || fundRoom) {
			t.Fatalf("left %s uncovered with room to cover (members %v, fund %v)", cov.Uncovered, room, fundRoom)
		}
		for _, s := range cov.Shortfalls {
			if got[s.Member] != s.Covered.Minor() || s.Covered.Minor()+s.Uncovered.Minor() != s.Short.Minor() || s.Short.Minor() != line[s.Member].Owed.Minor()-line[s.Member].Paid.Minor() {
				t.Fatalf("shortfall %+v, parts give %d", s, got[s.Member])
			}
		}
		// debts: one per part, netting to the covered amount
		d, err := Debts{}.Record(cov)
		if err != nil {
			t.Fatal(err)
		}
		var owed int64
		for _, x := range d.All() {
			owed += x.Amount.Minor()
		}
		if owed != cov.Covered.Minor() {
			t.Fatalf("debts %d, covered %s", owed, cov.Covered)
		}
		for _, s := range cov.Shortfalls {
			if d.Owed(s.Member).Minor() != s.Covered.Minor() {
				t.Fatalf("%s owes %s, was covered %s", s.Member, d.Owed(s.Member), s.Covered)
			}
		}
		for m, v := range given {
			if d.OwedTo(m).Minor() != v {
				t.Fatalf("%s is owed %s, gave %d", m, d.OwedTo(m), v)
			}
		}
		if d.OwedTo("").Minor() != fromFund {
			t.Fatalf("the fund is owed %s, gave %d", d.OwedTo(""), fromFund)
		}
	})
}

// TestCoverEqualShares: under the equal rule, members not held back by a
// cap or their spare give amounts that differ by at most one rupiah.
func TestCoverEqualShares(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g, c, p := genCover(t)
		p.Rule = Equal
		cov, err := Cover(g, c, p)
		if err != nil {
			t.Fatal(err)
		}
		capMax, capSet := p.Cap.Bound()
		lo, hi := int64(1<<62), int64(-1)
		for _, l := range c.Lines {
			if l.Paid != l.Owed {
				continue
			}
			v := cov.PaidBy(l.Member).Minor()
			limit := int64(1 << 62)
			if capSet {
				limit = capMax.Minor()
			}
			if s, ok := l.Spare.Bound(); ok {
				limit = min(limit, s.Minor())
			}
			if v == limit {
				continue
			}
			lo, hi = min(lo, v), max(hi, v)
		}
		if hi >= 0 && hi-lo > 1 {
			t.Fatalf("equal shares differ by %d", hi-lo)
		}
	})
}

func BenchmarkCover5(b *testing.B) {
	cs := mekarmukti()[:5]
	g, err := New("MKM-08-1", cs, "MKM-01", Policy{})
	if err != nil {
		b.Fatal(err)
	}
	c := collection(4200, 4200, 0, 4200, 1000)
	c.Fund = rp(2000)
	p := CoverPolicy{Rule: Equal, Fund: FundFirst, Cap: UpTo(rp(2000))}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Cover(g, c, p); err != nil {
			b.Fatal(err)
		}
	}
}
