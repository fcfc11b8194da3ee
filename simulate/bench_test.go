package simulate

import (
	"context"
	"strconv"
	"testing"

	"github.com/ip2p/koperasi/groups"
)

// benchRun runs cfg and reports member-cycles (loans) per second.
func benchRun(b *testing.B, cfg Config, trials, workers int) {
	b.ReportAllocs()
	var loans int64
	for b.Loop() {
		s, err := Run(context.Background(), cfg, Options{Trials: trials, Seed: 1, Workers: workers})
		if err != nil {
			b.Fatal(err)
		}
		loans += s.Totals.MemberCycles
	}
	b.ReportMetric(float64(loans)/b.Elapsed().Seconds(), "member-cycles/s")
}

// The target: over 5 million member-cycles per second on two cores, for the
// Mekarmukti product.
func BenchmarkRunMekarmukti(b *testing.B) { benchRun(b, Mekarmukti(), 10_000, 0) }

func BenchmarkRunMekarmuktiOneWorker(b *testing.B) { benchRun(b, Mekarmukti(), 10_000, 1) }

// A harder design: members missing a fifth of their installments, so
// nearly every meeting needs a cover.
func BenchmarkRunMekarmuktiPoor(b *testing.B) {
	c := Mekarmukti()
	c.Types[0].Repay = Ratio(80, 100)
	c.Cover = groups.CoverPolicy{Rule: groups.ProRata, Fund: groups.FundLast}
	c.Fund = groups.FundPolicy{PerMeeting: c.Product.MemberLimit.Currency().Amount(500)}
	benchRun(b, c, 10_000, 0)
}

func BenchmarkRunRich(b *testing.B) { benchRun(b, richConfig(), 2_000, 0) }

// Memory does not depend on the number of trials: compare B/op.
func BenchmarkRunTrials(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) { benchRun(b, Mekarmukti(), n, 0) })
	}
}

// One trial of the preset: 45 loans.
func BenchmarkTrial(b *testing.B) {
	m, err := compile(Mekarmukti())
	if err != nil {
		b.Fatal(err)
	}
	s := newSim(m)
	t := Trial{Excluded: make([]int, 0, m.cycles)}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.trial(1, i, &t)
		i++
	}
}

// One meeting's cover: two of five missed.
func BenchmarkCover(b *testing.B) {
	c := newCoverer(coverRule{rule: groups.Equal, fund: groups.FundLast, cap: -1}, 5)
	owed := []int64{4200, 4200, 4200, 4200, 4200}
	short := []int64{0, 4200, 0, 4200, 0}
	spare := []int64{4200, 4200, 4200, 4200, 4200}
	b.ReportAllocs()
	for b.Loop() {
		c.run(owed, short, spare, 1000, 0)
	}
}
