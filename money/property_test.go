package money_test

import (
	"math"
	"math/big"
	"testing"

	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/money"
)

// genMinor draws minor units across the whole symmetric range, with small
// values and the extremes well represented.
func genMinor() *rapid.Generator[int64] {
	return rapid.OneOf(
		rapid.Int64Range(-1_000_000, 1_000_000),
		rapid.Int64Range(-math.MaxInt64, math.MaxInt64),
		rapid.SampledFrom([]int64{0, 1, -1, math.MaxInt64, -math.MaxInt64, math.MaxInt64 - 1, 1 << 62, -(1 << 62)}),
	)
}

// genCurrency draws a currency with a random code and 0..6 decimals, or one
// of the named ones.
func genCurrency() *rapid.Generator[money.Currency] {
	return rapid.Custom(func(t *rapid.T) money.Currency {
		if rapid.Bool().Draw(t, "named") {
			return rapid.SampledFrom([]money.Currency{money.IDR, money.USD, money.EUR}).Draw(t, "currency")
		}
		code := rapid.StringMatching(`[A-Z]{3}`).Draw(t, "code")
		c, err := money.NewCurrency(code, rapid.IntRange(0, money.MaxDigits).Draw(t, "digits"))
		if err != nil {
			t.Fatal(err)
		}
		return c
	})
}

func TestPropAllocate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		total := money.Rupiah(genMinor().Draw(t, "total"))
		n := rapid.IntRange(1, 40).Draw(t, "n")
		maxW := rapid.SampledFrom([]int64{1, 3, 100, 1 << 40, math.MaxInt64 / int64(n)}).Draw(t, "maxW")
		weights := rapid.SliceOfN(rapid.Int64Range(0, maxW), n, n).Draw(t, "weights")
		var sum int64
		for _, w := range weights {
			sum += w
		}
		if sum == 0 {
			weights[rapid.IntRange(0, n-1).Draw(t, "bump")] = 1
			sum = 1
		}
		tieStart := rapid.IntRange(-50, 50).Draw(t, "tieStart")
		parts, err := money.AppendAllocate(nil, total, weights, tieStart)
		if err != nil {
			t.Fatal(err)
		}
		if len(parts) != n {
			t.Fatalf("%d parts for %d weights", len(parts), n)
		}
		got, err := money.Sum(parts...)
		if err != nil || got != total {
			t.Fatalf("parts sum to %v (%v), want %v", got, err, total)
		}
		for i, p := range parts {
			if p.Currency() != total.Currency() {
				t.Fatalf("part %d has currency %v", i, p.Currency())
			}
			// exact share = total*w/sum; the part is within one unit of it
			exact := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(total.Minor()), big.NewInt(weights[i])), big.NewInt(sum))
			diff := new(big.Rat).Sub(new(big.Rat).SetInt64(p.Minor()), exact)
			if diff.Abs(diff).Cmp(big.NewRat(1, 1)) >= 0 {
				t.Fatalf("part %d = %v, exact share %s", i, p, exact.FloatString(3))
			}
			if weights[i] == 0 && !p.IsZero() {
				t.Fatalf("part %d has weight zero but got %v", i, p)
			}
			// a larger weight never gets a smaller part (by magnitude)
			for j, q := range parts {
				if weights[i] > weights[j] && abs(p.Minor()) < abs(q.Minor()) {
					t.Fatalf("weight %d > %d but part %v < %v", weights[i], weights[j], p, q)
				}
			}
		}
	})
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func TestPropAllocateEvenly(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		total := money.Rupiah(genMinor().Draw(t, "total"))
		n := rapid.IntRange(1, 100).Draw(t, "n")
		parts, err := money.AllocateEvenly(total, n)
		if err != nil {
			t.Fatal(err)
		}
		got, err := money.Sum(parts...)
		if err != nil || got != total {
			t.Fatalf("parts sum to %v (%v), want %v", got, err, total)
		}
		for i := 1; i < n; i++ {
			d := abs(parts[i-1].Minor()) - abs(parts[i].Minor())
			if d != 0 && d != 1 {
				t.Fatalf("parts %d and %d differ by %d", i-1, i, d)
			}
		}
	})
}

func TestPropAddSub(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCurrency().Draw(t, "currency")
		a := c.Amount(genMinor().Draw(t, "a"))
		b := c.Amount(genMinor().Draw(t, "b"))
		s, err := a.Add(b)
		exact := new(big.Int).Add(big.NewInt(a.Minor()), big.NewInt(b.Minor()))
		fits := exact.IsInt64() && exact.Int64() != math.MinInt64
		if fits != (err == nil) {
			t.Fatalf("%v + %v: err %v, exact %s", a, b, err, exact)
		}
		if err != nil {
			return
		}
		back, err := s.Sub(b)
		if err != nil || back != a {
			t.Fatalf("(%v + %v) - %v = %v, %v", a, b, b, back, err)
		}
		s2, err := b.Add(a)
		if err != nil || s2 != s {
			t.Fatalf("addition does not commute: %v, %v", s, s2)
		}
		nb, err := b.Neg()
		if err != nil {
			t.Fatal(err)
		}
		d1, err1 := a.Sub(b)
		d2, err2 := a.Add(nb)
		if (err1 == nil) != (err2 == nil) || d1 != d2 {
			t.Fatalf("a-b = %v (%v) but a+(-b) = %v (%v)", d1, err1, d2, err2)
		}
	})
}

func TestPropMulDiv(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := genMinor().Draw(t, "v")
		num := rapid.OneOf(rapid.Int64Range(-1000, 1000), rapid.Int64Range(math.MinInt64+1, math.MaxInt64)).Draw(t, "num")
		den := rapid.OneOf(rapid.Int64Range(-1000, 1000), rapid.Int64Range(math.MinInt64+1, math.MaxInt64)).Draw(t, "den")
		if den == 0 {
			den = 1
		}
		step := rapid.OneOf(rapid.SampledFrom([]int64{1, 100, 500, 1000}), rapid.Int64Range(1, 1_000_000)).Draw(t, "step")
		m := rapid.SampledFrom(allModes).Draw(t, "mode")
		got, err := money.Rounding{Step: step, Mode: m}.MulDiv(money.Rupiah(v), num, den)
		want, ok := refMulDiv(v, num, den, step, m)
		if ok != (err == nil) {
			t.Fatalf("%d*%d/%d to %d %v: err %v, reference ok %v", v, num, den, step, m, err, ok)
		}
		if !ok {
			return
		}
		if got.Minor() != want {
			t.Fatalf("%d*%d/%d to %d %v = %d, want %d", v, num, den, step, m, got.Minor(), want)
		}
		// and the defining properties, independent of the reference
		r := got.Minor()
		if r%step != 0 {
			t.Fatalf("%d is not a multiple of %d", r, step)
		}
		exact := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(v), big.NewInt(num)), big.NewInt(den))
		rr := new(big.Rat).SetInt64(r)
		diff := new(big.Rat).Sub(rr, exact)
		if new(big.Rat).Abs(diff).Cmp(new(big.Rat).SetInt64(step)) >= 0 {
			t.Fatalf("%d is a step or more from %s", r, exact.FloatString(4))
		}
		absR, absX := new(big.Rat).Abs(rr), new(big.Rat).Abs(exact)
		switch m {
		case money.Down:
			if absR.Cmp(absX) > 0 {
				t.Fatalf("down: |%d| > |%s|", r, exact.FloatString(4))
			}
		case money.Up:
			if absR.Cmp(absX) < 0 {
				t.Fatalf("up: |%d| < |%s|", r, exact.FloatString(4))
			}
		case money.Ceiling:
			if rr.Cmp(exact) < 0 {
				t.Fatalf("ceiling: %d < %s", r, exact.FloatString(4))
			}
		case money.Floor:
			if rr.Cmp(exact) > 0 {
				t.Fatalf("floor: %d > %s", r, exact.FloatString(4))
			}
		default: // the half modes are nearest
			if new(big.Rat).Abs(diff).Cmp(big.NewRat(step, 2)) > 0 {
				t.Fatalf("%v: %d is more than half a step from %s", m, r, exact.FloatString(4))
			}
		}
	})
}

func TestPropTextRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCurrency().Draw(t, "currency")
		a := c.Amount(genMinor().Draw(t, "minor"))

		// canonical text, any currency
		b, err := a.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back money.Amount
		if err := back.UnmarshalText(b); err != nil || back != a {
			t.Fatalf("%q read back as %v, %v; want %v", b, back, err, a)
		}
		// display form in its own currency
		s := a.String()
		if got, err := money.ParseIn(c, s); err != nil || got != a {
			t.Fatalf("ParseIn(%v, %q) = %v, %v; want %v", c, s, got, err, a)
		}
		// display form alone names the currency when it has a known symbol
		// and its conventional decimals
		if c == money.IDR || c == money.USD || c == money.EUR {
			if got, err := money.Parse(s); err != nil || got != a {
				t.Fatalf("Parse(%q) = %v, %v; want %v", s, got, err, a)
			}
		}
		// decimal.Decimal edge
		if got, err := money.FromDecimal(a.Decimal(), c); err != nil || got != a {
			t.Fatalf("FromDecimal(%v.Decimal()) = %v, %v", a, got, err)
		}
	})
}

func TestPropRateTextRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		num := rapid.OneOf(rapid.Int64Range(0, 1000), rapid.Int64Range(0, math.MaxInt64)).Draw(t, "num")
		den := rapid.OneOf(
			rapid.Int64Range(1, 1000),
			rapid.Int64Range(1, math.MaxInt64),
			// terminating decimals: 2^a 5^b
			rapid.Custom(func(t *rapid.T) int64 {
				d := int64(1)
				for range rapid.IntRange(0, 40).Draw(t, "twos") {
					if d > math.MaxInt64/2 {
						break
					}
					d *= 2
				}
				for range rapid.IntRange(0, 20).Draw(t, "fives") {
					if d > math.MaxInt64/5 {
						break
					}
					d *= 5
				}
				return d
			}),
		).Draw(t, "den")
		per := money.Period(rapid.IntRange(0, int(money.PerTerm)).Draw(t, "per"))
		r, err := money.NewRate(num, den, per)
		if err != nil {
			t.Fatal(err)
		}
		b, err := r.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back money.Rate
		if err := back.UnmarshalText(b); err != nil || back != r {
			t.Fatalf("%q read back as %v, %v; want %d/%d", b, back, err, r.Num(), r.Den())
		}
	})
}

func TestPropCmpTotalOrder(t *testing.T) {
	gen := rapid.Custom(func(t *rapid.T) money.Amount {
		c := rapid.SampledFrom([]money.Currency{0, money.IDR, money.USD, money.EUR}).Draw(t, "c")
		v := rapid.Int64Range(-3, 3).Draw(t, "v")
		if c == 0 {
			v = 0 // the zero Amount is the only amount without a currency arithmetic makes
		}
		return c.Amount(v)
	})
	rapid.Check(t, func(t *rapid.T) {
		a, b, c := gen.Draw(t, "a"), gen.Draw(t, "b"), gen.Draw(t, "c")
		if a.Cmp(b) != -b.Cmp(a) {
			t.Fatalf("not antisymmetric: %v, %v", a, b)
		}
		if a.Cmp(b) <= 0 && b.Cmp(c) <= 0 && a.Cmp(c) > 0 {
			t.Fatalf("not transitive: %v <= %v <= %v but %v > %v", a, b, c, a, c)
		}
		if _, err := a.Sub(b); err == nil {
			d, _ := a.Sub(b)
			if d.Sign() != a.Cmp(b) {
				t.Fatalf("Cmp(%v, %v) = %d disagrees with the sign of the difference %v", a, b, a.Cmp(b), d)
			}
		}
	})
}
