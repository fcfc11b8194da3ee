package schedule

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/internal/wide"
)

// TestAnnuity64MatchesBig: the 64-bit annuity level is exactly the
// big-integer one whenever it claims to know it, for principals, rates,
// terms and steps up to the limits.
func TestAnnuity64MatchesBig(t *testing.T) {
	exact := Generator{exact: true}
	rapid.Check(t, func(rt *rapid.T) {
		upTo := func(label string, ordinary int64) int64 {
			if rapid.IntRange(0, 3).Draw(rt, label+" huge") == 0 {
				return rapid.Int64Range(1, math.MaxInt64).Draw(rt, label)
			}
			return rapid.Int64Range(1, ordinary).Draw(rt, label)
		}
		p := upTo("p", 1_000_000_000_000)
		k := rapid.Int64Range(1, MaxInstallments).Draw(rt, "k")
		if rapid.Bool().Draw(rt, "short") {
			k = rapid.Int64Range(1, 60).Draw(rt, "short k")
		}
		r, ok := wide.MakeRatio(upTo("rate num", 3000), upTo("rate den", 1_000_000))
		if !ok {
			rt.Skip()
		}
		step := rapid.SampledFrom([]int64{1, 2, 100, 500, 1000, math.MaxInt64 / 3}).Draw(rt, "step")
		m := wide.Mode(rapid.IntRange(0, 7).Draw(rt, "mode"))
		v, known := annuity64(p, k, r, step, m)
		if !known {
			return
		}
		want, wantOK := exact.annuity(p, k, r, step, m)
		if !wantOK || v != want {
			rt.Fatalf("annuity64 = %d; big = %d, %v", v, want, wantOK)
		}
	})
}

// TestAnnuity64Boundaries: levels exactly on a step or half-step (a single
// installment of P(1+r), two installments with a whole level) are left to
// the big integers, and Generator.annuity gets them exactly either way.
func TestAnnuity64Boundaries(t *testing.T) {
	var fast Generator
	exact := Generator{exact: true}
	for _, c := range []struct {
		p, k int64
		r    wide.Ratio
		step int64
	}{
		{100, 1, wide.Ratio{N: 1, D: 100}, 1},  // 101
		{200, 1, wide.Ratio{N: 1, D: 4}, 50},   // 250, a whole step
		{200, 1, wide.Ratio{N: 1, D: 4}, 100},  // 250, half a step
		{4100, 2, wide.Ratio{N: 1, D: 20}, 1},  // 4100 x 1.1025 / 2.05 = 2205
		{4100, 2, wide.Ratio{N: 1, D: 20}, 10}, // 2205: half a step of 10
		{1, 1, wide.Ratio{N: 1, D: 1}, 1},      // 2
		{3, 1, wide.Ratio{N: 1, D: 2}, 1},      // 4.5, a tie
		{3, 1, wide.Ratio{N: 1, D: 2}, 3},      // 4.5: half a step of 3
		{1 << 40, 1, wide.Ratio{N: 1, D: 1 << 20}, 1},
	} {
		for m := wide.Unset; m <= wide.Floor; m++ {
			if v, known := annuity64(c.p, c.k, c.r, c.step, m); known {
				t.Errorf("%+v %d: annuity64 claims %d for a level on a half-step", c, m, v)
			}
			got, ok1 := fast.annuity(c.p, c.k, c.r, c.step, m)
			want, ok2 := exact.annuity(c.p, c.k, c.r, c.step, m)
			if got != want || ok1 != ok2 {
				t.Errorf("%+v %d: annuity %d, %v; exact %d, %v", c, m, got, ok1, want, ok2)
			}
		}
	}
}

// TestAnnuity64Coverage: the fast path is the path for ordinary loans (up
// to Rp10 billion, rates to 300% a year, up to 400 installments of any
// frequency), so that the properties holding it to the big integers test
// what runs; and it is exact for every one of them.
func TestAnnuity64Coverage(t *testing.T) {
	exact := Generator{exact: true}
	rng := rand.New(rand.NewPCG(1, 2))
	known, total := 0, 0
	for range 20_000 {
		p := 1 + rng.Int64N(10_000_000_000)
		k := 1 + rng.Int64N(400)
		periods := []int64{12, 52, 365, 360, 26, 4}[rng.IntN(6)]
		r, _ := wide.MakeRatio(1+rng.Int64N(30_000), 10_000*periods)
		step := []int64{1, 100, 500, 1000}[rng.IntN(4)]
		m := wide.Mode(1 + rng.IntN(7))
		v, ok := annuity64(p, k, r, step, m)
		if ok {
			known++
			if want, _ := exact.annuity(p, k, r, step, m); v != want {
				t.Fatalf("annuity64(%d, %d, %v, %d, %d) = %d, big %d", p, k, r, step, m, v, want)
			}
		}
		total++
	}
	if known < total*999/1000 {
		t.Errorf("annuity64 knows %d of %d ordinary levels, want 99.9%%", known, total)
	}
	t.Logf("annuity64 knows %d of %d ordinary levels", known, total)
}

// TestMulDiv1MatchesWide: the interest by reciprocal is wide.MulDiv's
// whenever it applies.
func TestMulDiv1MatchesWide(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		draw := func(label string) int64 {
			switch rapid.IntRange(0, 4).Draw(rt, label+" size") {
			case 0:
				return rapid.Int64Range(0, math.MaxInt64).Draw(rt, label)
			case 1:
				return rapid.Int64Range(0, 10).Draw(rt, label)
			case 2:
				// near 2^63: large quotients, divisors near the top
				return math.MaxInt64 - rapid.Int64Range(0, 3).Draw(rt, label)
			}
			return rapid.Int64Range(0, 1<<32).Draw(rt, label)
		}
		a, b, c := draw("a"), draw("b"), draw("c")
		m := wide.Mode(rapid.IntRange(0, 7).Draw(rt, "mode"))
		var d divisor
		if c > 0 {
			d = newDivisor(uint64(c))
		}
		v, ok := mulDiv1(uint64(a), uint64(b), d, m)
		want, wantOK := wide.MulDiv(a, b, c, 1, m)
		if ok && (v != want || !wantOK) {
			rt.Fatalf("mulDiv1(%d, %d, %d) = %d; wide %d, %v", a, b, c, v, want, wantOK)
		}
		if !ok && c != 0 && a <= math.MaxInt64/max(b, 1) && wantOK {
			rt.Fatalf("mulDiv1(%d, %d, %d) gave up on a product that fits", a, b, c)
		}
	})
}

// TestDivisor: division by reciprocal is division, for every 64-bit
// dividend and divisor.
func TestDivisor(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		x := rapid.Uint64().Draw(rt, "x")
		d := rapid.Uint64Min(1).Draw(rt, "d")
		if rapid.Bool().Draw(rt, "small d") {
			d = rapid.Uint64Range(1, 1000).Draw(rt, "small d")
		}
		q, r := newDivisor(d).divMod(x)
		if q != x/d || r != x%d {
			rt.Fatalf("%d / %d = %d rem %d, want %d rem %d", x, d, q, r, x/d, x%d)
		}
	})
}

// The generator's big-integer rounding agrees with wide.MulDiv, the
// 128-bit one, wherever both apply: every mode, both signs, several steps.
func TestRoundAgreesWithMulDiv(t *testing.T) {
	var g Generator
	var num, den big.Int
	for m := wide.HalfUp; m <= wide.Floor; m++ {
		for a := int64(-1000); a <= 1000; a += 7 {
			for _, d := range []int64{1, 3, 6, 7, 100} {
				for _, step := range []int64{1, 10, 100} {
					want, ok1 := wide.MulDiv(a, 1, d, step, m)
					got, ok2 := g.round(num.SetInt64(a), den.SetInt64(d), step, m)
					if want != got || ok1 != ok2 {
						t.Fatalf("mode %d: %d/%d to %d: round %d, MulDiv %d", m, a, d, step, got, want)
					}
				}
			}
		}
	}
}
