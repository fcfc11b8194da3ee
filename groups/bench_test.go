package groups

import (
	"fmt"
	"math/rand/v2"
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
