package schedule

import (
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/internal/wide"
)

// TestSum128MatchesBig: the 128-bit fast path of a level installment gives
// exactly what the big-integer path gives, whenever it claims to fit.
func TestSum128MatchesBig(t *testing.T) {
	var g Generator
	rapid.Check(t, func(rt *rapid.T) {
		big := func(label string) int64 {
			if rapid.Bool().Draw(rt, label+" big") {
				return rapid.Int64Range(1, math.MaxInt64).Draw(rt, label)
			}
			return rapid.Int64Range(1, 1_000_000_000_000).Draw(rt, label)
		}
		p := big("p")
		k := rapid.Int64Range(1, MaxInstallments).Draw(rt, "k")
		base := big("base") - 1
		r, ok := wide.MakeRatio(big("rate num")-1, big("rate den"))
		if !ok {
			rt.Skip()
		}
		step := rapid.SampledFrom([]int64{1, 100, 500, 1000, math.MaxInt64 / 3}).Draw(rt, "step")
		m := wide.Mode(rapid.IntRange(1, 7).Draw(rt, "mode"))
		v, ok, fits := sum128(p, k, base, r, step, m)
		if !fits {
			return
		}
		want, wantOK := g.sumBig(p, k, base, r, step, m)
		if v != want || ok != wantOK {
			rt.Fatalf("sum128 = %d, %v; big = %d, %v", v, ok, want, wantOK)
		}
	})
}
