package groups

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/members"
)

func TestCosTable(t *testing.T) {
	for d, v := range cosQ30 {
		want := int64(math.Round(math.Cos(float64(d)*math.Pi/180) * (1 << 30)))
		require.Equal(t, want, v, "cos %d°", d)
	}
	// interpolation stays within 4e-5 of the cosine
	for lat := int64(0); lat <= 90_000_000; lat += 12_345 {
		got := float64(cosMicro(lat)) / (1 << 30)
		want := math.Cos(float64(lat) / 1e6 * math.Pi / 180)
		require.InDelta(t, want, got, 4e-5, "lat %d", lat)
		require.Equal(t, cosMicro(lat), cosMicro(-lat))
	}
}

func TestIsqrt(t *testing.T) {
	slow := func(s uint64) uint64 { // bit by bit, integers only
		var r, bit uint64 = 0, 1 << 62
		for bit > s {
			bit >>= 2
		}
		for bit != 0 {
			if s >= r+bit {
				s -= r + bit
				r = r>>1 + bit
			} else {
				r >>= 1
			}
			bit >>= 2
		}
		return r
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		s := r.Uint64() >> r.IntN(64)
		require.Equal(t, slow(s), isqrt(s), "isqrt(%d)", s)
	}
	for _, x := range []uint64{0, 1, 2, 3, 1 << 26, 1<<32 - 1, 1 << 32, 3037000499, 4294967295} {
		for _, s := range []uint64{x * x, x*x + 1, x*x - 1, x*x + 2*x} {
			require.Equal(t, slow(s), isqrt(s), "isqrt(%d)", s)
		}
	}
	require.Equal(t, uint64(1<<32-1), isqrt(math.MaxUint64))
}

func at(lat, lon int64) Candidate {
	return Candidate{Member: "x", Household: "x", RT: 1, RW: 1, Location: members.Coordinates{Lat: lat, Lon: lon}}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		name     string
		a, b     Candidate
		metres   int64
		measured bool
	}{
		{"0.001° of latitude", at(0, 1), at(1000, 1), 111, true},
		{"0.001° of longitude in Mekarmukti", at(-6_873_000, 107_456_000), at(-6_873_000, 107_457_000), 110, true},
		{"0.001° of longitude at 60°", at(60_000_000, 0), at(60_000_000, 1000), 56, true},
		{"across the antimeridian", at(0, 179_999_900), at(0, -179_999_900), 22, true},
		{"one degree south", at(-6_000_000, 107_000_000), at(-7_000_000, 107_000_000), 111195, true},
		{"same house", at(-6_873_000, 107_456_000), at(-6_873_000, 107_456_000), 0, true},
		{"same RT", Candidate{Household: "a", RT: 1, RW: 8}, Candidate{Household: "b", RT: 1, RW: 8}, ProxySameRT, false},
		{"same RW", Candidate{Household: "a", RT: 1, RW: 8}, Candidate{Household: "b", RT: 2, RW: 8}, ProxySameRW, false},
		{"other RW", Candidate{Household: "a", RT: 1, RW: 8}, Candidate{Household: "b", RT: 1, RW: 7}, ProxyOtherRW, false},
		{"same household", Candidate{Household: "a", RT: 1, RW: 8}, Candidate{Household: "a", RT: 2, RW: 8}, ProxySameHousehold, false},
		{"one located", at(-6_873_000, 107_456_000), Candidate{Household: "b", RT: 1, RW: 1}, ProxySameRT, false},
		{"beyond the poles, clamped", at(-1<<62, 0), at(1<<62, 0), 20015087, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, measured := Distance(tt.a, tt.b)
			require.Equal(t, tt.metres, m)
			require.Equal(t, tt.measured, measured)
			m2, _ := Distance(tt.b, tt.a)
			require.Equal(t, m, m2, "symmetric")
		})
	}
}

// haversine is the great-circle distance in metres, for comparison only.
func haversine(lat1, lon1, lat2, lon2 int64) float64 {
	const r = 6371008.8
	rad := func(v int64) float64 { return float64(v) / 1e6 * math.Pi / 180 }
	dphi, dl := rad(lat2-lat1), rad(lon2-lon1)
	h := math.Sin(dphi/2)*math.Sin(dphi/2) + math.Cos(rad(lat1))*math.Cos(rad(lat2))*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// TestDistanceAgainstHaversine: within a village (up to about 10 km) the
// integer equirectangular distance is within 0.1% + 1 m of the great circle.
func TestDistanceAgainstHaversine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lat := rapid.Int64Range(-70_000_000, 70_000_000).Draw(t, "lat")
		lon := rapid.Int64Range(-180_000_000, 180_000_000).Draw(t, "lon")
		dlat := rapid.Int64Range(-90_000, 90_000).Draw(t, "dlat")
		dlon := rapid.Int64Range(-90_000, 90_000).Draw(t, "dlon")
		lon2 := lon + dlon
		switch {
		case lon2 > 180_000_000:
			lon2 -= 360_000_000
		case lon2 < -180_000_000:
			lon2 += 360_000_000
		}
		if (lat == 0 && lon == 0) || (lat+dlat == 0 && lon2 == 0) {
			t.Skip("(0, 0) is the zero Coordinates: no location")
		}
		got, _ := Distance(at(lat, lon), at(lat+dlat, lon2))
		want := haversine(lat, lon, lat+dlat, lon+dlon)
		if math.Abs(float64(got)-want) > want*0.001+1 {
			t.Fatalf("distance %d m, great circle %.2f m", got, want)
		}
	})
}
