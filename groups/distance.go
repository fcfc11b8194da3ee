package groups

import (
	"math"
	"math/bits"

	"github.com/ip2p/koperasi/members"
)

// Proxy distances, used for a pair of candidates when either has no
// coordinates. They are rough walking distances within a Javanese village:
// an RT is a few dozen houses, an RW a few RTs. Only their order matters much
// to formation (same RT < same RW < other RW); the values in metres let them
// mix sensibly with measured distances.
const (
	ProxySameHousehold = 0    // one house
	ProxySameRT        = 100  // metres between two houses of one RT
	ProxySameRW        = 500  // metres between houses of two RTs of one RW
	ProxyOtherRW       = 2000 // metres between houses of two RWs
)

// Distance is how far apart two candidates live, in whole metres (rounded),
// and whether it was measured from both coordinates (true) or is a proxy
// from the household, RT and RW (false).
//
// Measured distances use the equirectangular approximation on a sphere of
// radius 6 371 008.8 m with integer arithmetic only: the cosine of the mean
// latitude comes from a fixed-point table, so the result is the same on
// every platform. Within a village the approximation is exact to well under
// a metre; it is not meant for distances of hundreds of kilometres.
func Distance(a, b Candidate) (metres int64, measured bool) {
	a.Location, b.Location = clampPoint(a.Location), clampPoint(b.Location)
	d := decimetres(a, b)
	return (int64(d) + 5) / 10, !a.Location.IsZero() && !b.Location.IsZero()
}

// clampPoint keeps coordinates on Earth, so that Distance stays meaningful
// (and safe) for a candidate that was never validated.
func clampPoint(c members.Coordinates) members.Coordinates {
	c.Lat = min(max(c.Lat, -maxLat), maxLat)
	c.Lon = min(max(c.Lon, -maxLon), maxLon)
	return c
}

// decimetres is the distance the formation works in: a tenth of a metre, so
// that houses a few metres apart still differ.
func decimetres(a, b Candidate) uint32 {
	if a.Location.IsZero() || b.Location.IsZero() {
		switch {
		case a.Household == b.Household:
			return ProxySameHousehold * 10
		case a.RW != b.RW:
			return ProxyOtherRW * 10
		case a.RT != b.RT:
			return ProxySameRW * 10
		}
		return ProxySameRT * 10
	}
	return measure(a.Location.Lat, a.Location.Lon, b.Location.Lat, b.Location.Lon)
}

// dmPerMicroDegree is decimetres per micro-degree of a great circle, times
// 1e7: 2π × 6 371 008.8 m / 360 / 1e6 = 0.111 194 93 m.
const dmPerMicroDegree = 11119493

// cosQ30 is cos(d°) for d = 0..90 in Q30 fixed point (1<<30 is 1.0),
// math.Round(math.Cos(d*π/180) * 2^30); TestCosTable checks it.
var cosQ30 = [91]int64{
	1073741824, 1073578288, 1073087729, 1072270298, 1071126243, 1069655912,
	1067859754, 1065738315, 1063292242, 1060522280, 1057429273, 1054014162,
	1050277989, 1046221891, 1041847103, 1037154959, 1032146887, 1026824413,
	1021189159, 1015242840, 1008987269, 1002424350, 995556083, 988384560,
	980911966, 973140576, 965072759, 956710970, 948057759, 939115760,
	929887697, 920376381, 910584710, 900515665, 890172315, 879557810,
	868675383, 857528349, 846120104, 834454122, 822533958, 810363241,
	797945680, 785285058, 772385229, 759250125, 745883746, 732290163,
	718473518, 704438018, 690187940, 675727625, 661061475, 646193961,
	631129609, 615873009, 600428808, 584801711, 568996477, 553017922,
	536870912, 520560366, 504091252, 487468587, 470697435, 453782903,
	436730145, 419544355, 402230767, 384794656, 367241333, 349576144,
	331804471, 313931728, 295963357, 277904834, 259761657, 241539355,
	223243478, 204879599, 186453311, 167970228, 149435979, 130856211,
	112236583, 93582766, 74900443, 56195305, 37473049, 18739379,
	0,
}

// cosMicro is cos of a latitude in micro-degrees, Q30, interpolated linearly
// between whole degrees (relative error below 4e-5).
func cosMicro(lat int64) int64 {
	if lat < 0 {
		lat = -lat
	}
	deg, frac := lat/1_000_000, lat%1_000_000
	if deg >= 90 {
		return 0
	}
	lo, hi := cosQ30[deg], cosQ30[deg+1]
	return lo + ((hi-lo)*frac-500_000)/1_000_000 // hi < lo: round the negative step half away
}

// measure is the equirectangular distance in decimetres between two points in
// micro-degrees.
func measure(lat1, lon1, lat2, lon2 int64) uint32 {
	dLat := lat1 - lat2
	if dLat < 0 {
		dLat = -dLat
	}
	dLon := lon1 - lon2
	if dLon < 0 {
		dLon = -dLon
	}
	if dLon > 180_000_000 { // the short way round
		dLon = 360_000_000 - dLon
	}
	// x: the longitude difference shrunk to the mean latitude, micro-degrees;
	// at most 1.8e8 × 2^30 before the shift, well inside int64
	x := (dLon*cosMicro((lat1+lat2)/2) + 1<<29) >> 30
	dx := (x*dmPerMicroDegree + 5_000_000) / 10_000_000
	dy := (dLat*dmPerMicroDegree + 5_000_000) / 10_000_000
	// dx, dy < 2.1e8, so the sum of squares fits in 64 bits
	s := uint64(dx*dx + dy*dy)
	r := isqrt(s)
	if s-r*r > r { // round half up: (r+½)² = r² + r + ¼
		r++
	}
	return uint32(r)
}

// isqrt is the floor of the square root of s. The float square root is only a
// first guess (IEEE 754 makes it correctly rounded everywhere); the integer
// steps after it make the result exact, so it does not depend on the
// platform's floating point.
func isqrt(s uint64) uint64 {
	r := uint64(math.Sqrt(float64(s)))
	for r > 0 && mulOver(r, r, s) {
		r--
	}
	for !mulOver(r+1, r+1, s) {
		r++
	}
	return r
}

// mulOver reports a×b > s without overflow.
func mulOver(a, b, s uint64) bool {
	hi, lo := bits.Mul64(a, b)
	return hi != 0 || lo > s
}
