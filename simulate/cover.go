package simulate

import (
	"math/bits"

	"github.com/ip2p/koperasi/groups"
)

// The trial loop cannot afford groups.Cover at every meeting with a miss
// (it builds member IDs, amounts and parts), so coverer repeats its
// arithmetic on plain integers: the same capacities, the same fund order,
// the same water-filling and the same largest-remainder splits with ties
// to the lower member. TestCoverMatchesGroups checks the two against each
// other on random collections, so they cannot drift apart.

// coverRule is a groups.CoverPolicy as numbers.
type coverRule struct {
	rule groups.Rule
	fund groups.FundUse
	cap  int64 // per member per meeting; -1: no cap
}

// coverer holds the scratch of one meeting's cover; members are given in
// member-ID order (the model's seat order).
type coverer struct {
	coverRule
	capa, give, cov []int64
	w, idx, part    []int64
	rem             []uint64
}

func newCoverer(r coverRule, n int) *coverer {
	return &coverer{
		coverRule: r,
		capa:      make([]int64, n), give: make([]int64, n), cov: make([]int64, n),
		w: make([]int64, 0, n), idx: make([]int64, 0, n), part: make([]int64, 0, n),
		rem: make([]uint64, 0, n),
	}
}

// run covers one meeting: owed[i] is what member i owed, short[i] what they
// did not pay (0 or all of it, or anything between), spare[i] the most they
// can put in for others (-1: no bound), fund the group fund's balance and
// leader the leader's index (-1: none present). It fills c.give (what each
// member puts in for others) and c.cov (what of each member's shortfall is
// covered) and returns what the fund pays and the total covered.
func (c *coverer) run(owed, short, spare []int64, fund int64, leader int) (fromFund, covered int64) {
	n := len(owed)
	give, capa, cov := c.give[:n], c.capa[:n], c.cov[:n]
	var total int64
	for i := range n {
		total += short[i]
		give[i], cov[i] = 0, 0
	}
	if total == 0 {
		return 0, 0
	}
	for i := range n {
		capa[i] = 0
		if short[i] > 0 {
			continue // a member short of their own installment covers no one
		}
		v := total
		if c.cap >= 0 {
			v = min(v, c.cap)
		}
		if spare[i] >= 0 {
			v = min(v, spare[i])
		}
		capa[i] = v
	}
	left := total
	if c.fund == groups.FundFirst {
		fromFund = min(fund, left)
		left -= fromFund
	}
	if left > 0 {
		left -= c.share(owed, short, left, leader)
	}
	if c.fund == groups.FundLast {
		f := min(fund, left)
		fromFund += f
		left -= f
	}
	covered = total - left
	if covered == total {
		copy(cov, short[:n])
		return fromFund, covered
	}
	// the covered amount is split over the shortfalls pro rata
	w := c.w[:0]
	for i := range n {
		if short[i] > 0 {
			w = append(w, short[i])
		}
	}
	parts := allocate(c.part[:0], c.rem[:0], covered, w)
	k := 0
	for i := range n {
		if short[i] > 0 {
			cov[i] = parts[k]
			k++
		}
	}
	return fromFund, covered
}

// share is groups' water-filling: what is needed is split among the payers
// still able to give; those whose part would pass their capacity give it
// and drop out; repeat. It returns the total given.
func (c *coverer) share(owed, short []int64, need int64, leader int) int64 {
	capa, give := c.capa, c.give
	var given int64
	rule := c.rule
	if rule == groups.LeaderFirst {
		if leader >= 0 && capa[leader] > 0 {
			give[leader] = min(capa[leader], need)
			given = give[leader]
			need -= given
		}
		rule = groups.Equal
	}
	for need > 0 {
		w, idx := c.w[:0], c.idx[:0]
		for i := range owed {
			if capa[i]-give[i] <= 0 {
				continue
			}
			wt := int64(1)
			if rule == groups.ProRata {
				wt = owed[i] - short[i]
			}
			if wt > 0 {
				w = append(w, wt)
				idx = append(idx, int64(i))
			}
		}
		if len(w) == 0 {
			break
		}
		parts := allocate(c.part[:0], c.rem[:0], need, w)
		capped := false
		for k, a := range parts {
			i := idx[k]
			if room := capa[i] - give[i]; a > room {
				give[i] += room
				given += room
				need -= room
				capped = true
			}
		}
		if capped {
			continue
		}
		for k, a := range parts {
			give[idx[k]] += a
		}
		given += need
		need = 0
	}
	return given
}

// allocate is money.Allocate on int64s (tie start 0): total split in
// proportion to w, each part rounded down, the units left one each to the
// largest remainders, equal remainders to the earlier part. total >= 0,
// weights positive.
func allocate(dst []int64, rem []uint64, total int64, w []int64) []int64 {
	n := len(w)
	equal := true
	var sum uint64
	for _, x := range w {
		sum += uint64(x)
		equal = equal && x == w[0]
	}
	if equal {
		// all remainders equal: the first total%n parts get one more
		q, r := total/int64(n), total%int64(n)
		for i := range n {
			v := q
			if int64(i) < r {
				v++
			}
			dst = append(dst, v)
		}
		return dst
	}
	var given uint64
	for _, x := range w {
		hi, lo := bits.Mul64(uint64(total), uint64(x))
		q, r := bits.Div64(hi, lo, sum)
		given += q
		dst = append(dst, int64(q))
		rem = append(rem, r)
	}
	for range uint64(total) - given {
		best := -1
		for i, r := range rem {
			if r != 0 && (best < 0 || r > rem[best]) {
				best = i
			}
		}
		dst[best]++
		rem[best] = 0
	}
	return dst
}
