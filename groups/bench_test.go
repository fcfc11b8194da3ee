package groups

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/ip2p/koperasi/members"
)

// village draws n households in rw RWs of 8 RTs each, on a grid about 60 m
// apart, with coordinates for 80% of them and one household in ten with two
// eligible members.
func village(n, rws int, seed uint64) []Candidate {
	r := rand.New(rand.NewPCG(seed, 7))
	cs := make([]Candidate, 0, n)
	for i := 0; len(cs) < n; i++ {
		rw := 1 + i%rws
		rt := 1 + r.IntN(8)
		c := Candidate{
			Member:    members.ID(fmt.Sprintf("A-%05d", i)),
			Household: fmt.Sprintf("KK-%05d", i),
			RW:        rw, RT: rt,
		}
		if r.IntN(5) > 0 {
			c.Location = members.Coordinates{
				Lat: -6_870_000 + int64(rt%3)*2000 + int64(r.IntN(2000)),
				Lon: 107_450_000 + int64(rw)*6000 + int64(rt/3)*2000 + int64(r.IntN(2000)),
			}
		}
		cs = append(cs, c)
		if r.IntN(10) == 0 && len(cs) < n {
			s := c
			s.Member = members.ID(fmt.Sprintf("A-%05d-2", i))
			cs = append(cs, s)
		}
	}
	return cs
}

func BenchmarkForm400(b *testing.B) {
	cs := village(400, 1, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Form(cs, Policy{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkForm10000(b *testing.B) {
	cs := village(10000, 1, 2)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Form(cs, Policy{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkForm10000RWs(b *testing.B) {
	cs := village(10000, 25, 3)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Form(cs, Policy{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkForm5000(b *testing.B) {
	cs := village(5000, 1, 2)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Form(cs, Policy{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFormCrowdedHousehold is a hard case: half the candidates of one
// RW belong to one household, so at most one of them fits in each group.
func BenchmarkFormCrowdedHousehold(b *testing.B) {
	cs := village(10000, 1, 2)
	for i := range cs {
		if i%2 == 0 {
			cs[i].Household = "one"
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Form(cs, Policy{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFormMemoryLinear: the memory Form allocates grows linearly with the
// candidates (blocks bound the distance matrix), not with their square.
func TestFormMemoryLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	alloc := func(n int) uint64 {
		cs := village(n, 1, 5)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, err := Form(cs, Policy{}); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(1500), alloc(6000)
	t.Logf("1500 candidates: %d KiB, 6000: %d KiB", small>>10, large>>10)
	if large > 6*small { // linear is 4×, quadratic 16×
		t.Errorf("4× the candidates took %.1f× the memory", float64(large)/float64(small))
	}
}
