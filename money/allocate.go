package money

import (
	"math/bits"
	"slices"
	"strconv"
)

// WeightsError says why allocation weights were refused.
type WeightsError struct {
	Index  int // the offending weight, or -1 for the set as a whole
	Reason string
}

func (e *WeightsError) Error() string {
	if e.Index < 0 {
		return "money: invalid allocation weights: " + e.Reason
	}
	return "money: invalid allocation weight at " + strconv.Itoa(e.Index) + ": " + e.Reason
}

func (e *WeightsError) Unwrap() error { return ErrInvalidWeights }

// Allocate splits total in proportion to weights by the largest-remainder
// method: every part is the exact share rounded down, and the minor units left
// over go one each to the parts with the largest remainders; equal remainders
// go to the earliest part first. The parts always sum to total exactly, a part
// with weight zero gets nothing, and a negative total is split as its
// magnitude, then negated.
//
// Allocate(Rp100, [1 1 1]) is [Rp34 Rp33 Rp33].
func Allocate(total Amount, weights []int64) ([]Amount, error) {
	return AppendAllocate(make([]Amount, 0, len(weights)), total, weights, 0)
}

// AllocateEvenly splits total into n parts that differ by at most one minor
// unit, the larger ones first.
func AllocateEvenly(total Amount, n int) ([]Amount, error) {
	if n <= 0 {
		return nil, &WeightsError{Index: -1, Reason: "need at least one part, got " + strconv.Itoa(n)}
	}
	dst := make([]Amount, n)
	mag := uint64(total.v)
	if total.v < 0 {
		mag = uint64(-total.v)
	}
	q, r := mag/uint64(n), mag%uint64(n)
	for i := range dst {
		v := q
		if uint64(i) < r {
			v++
		}
		dst[i] = Amount{v: int64(v), c: total.c}
		if total.v < 0 {
			dst[i].v = -dst[i].v
		}
	}
	return dst, nil
}

// AppendAllocate is Allocate appending into dst, for hot loops; with enough
// capacity and at most 32 weights it does not allocate. Ties between equal
// remainders go first to the part at index tieStart, then onward in circular
// order, so that a caller can rotate who receives the odd rupiah from one
// distribution to the next (lender payouts do this).
func AppendAllocate(dst []Amount, total Amount, weights []int64, tieStart int) ([]Amount, error) {
	n := len(weights)
	if n == 0 {
		return dst, &WeightsError{Index: -1, Reason: "no weights"}
	}
	var sum uint64
	for i, w := range weights {
		if w < 0 {
			return dst, &WeightsError{Index: i, Reason: "negative weight " + strconv.FormatInt(w, 10)}
		}
		var carry uint64
		sum, carry = bits.Add64(sum, uint64(w), 0)
		if carry != 0 || sum > 1<<63-1 {
			return dst, &WeightsError{Index: -1, Reason: "weights overflow when summed"}
		}
	}
	if sum == 0 {
		return dst, &WeightsError{Index: -1, Reason: "weights sum to zero"}
	}
	if total.v == -1<<63 {
		return dst, &OpError{Op: "allocate", A: total, Err: ErrOverflow}
	}
	neg := total.v < 0
	mag := uint64(total.v)
	if neg {
		mag = uint64(-total.v)
	}
	base := len(dst)
	var stack [32]uint64
	rem := stack[:0]
	if n > len(stack) {
		rem = make([]uint64, 0, n)
	}
	var given uint64
	for _, w := range weights {
		hi, lo := bits.Mul64(mag, uint64(w))
		q, r := bits.Div64(hi, lo, sum) // hi < sum since w <= sum
		given += q
		dst = append(dst, Amount{v: int64(q), c: total.c})
		rem = append(rem, r)
	}
	left := mag - given // < n
	if left > 0 {
		tieStart = ((tieStart % n) + n) % n
		pos := func(i int) int { return (i - tieStart + n) % n }
		if left <= 4 || n <= len(stack) {
			// selection: each round takes the largest remainder not yet taken;
			// the remainders sum to left*sum with each below sum, so at least
			// left+1 of them are non-zero and a round always finds one
			for range left {
				best := -1
				for i, r := range rem {
					if r == 0 { // taken, or an exact share: never owed a unit
						continue
					}
					if best < 0 || r > rem[best] || (r == rem[best] && pos(i) < pos(best)) {
						best = i
					}
				}
				dst[base+best].v++
				rem[best] = 0
			}
		} else {
			idx := make([]int, n)
			for i := range idx {
				idx[i] = i
			}
			slices.SortFunc(idx, func(a, b int) int {
				switch {
				case rem[a] > rem[b]:
					return -1
				case rem[a] < rem[b]:
					return 1
				}
				return pos(a) - pos(b)
			})
			for _, i := range idx[:left] {
				dst[base+i].v++
			}
		}
	}
	if neg {
		for i := base; i < len(dst); i++ {
			dst[i].v = -dst[i].v
		}
	}
	return dst, nil
}
