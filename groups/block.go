package groups

import (
	"cmp"
	"slices"
)

// block is the optimiser for one block of candidates: a greedy construction
// followed by a local search of improving exchanges. Indices are local, in
// locality order; every loop runs in index order and takes an improvement
// only when it is strictly better, so the result is deterministic.
type block struct {
	m        int
	d        []uint32 // m×m distances in decimetres
	hh       []int32
	loc      []bool
	min, max int
	limit    uint32
	shared   bool

	grp    []int32   // group of each candidate, -1: not placed
	groups [][]int32 // members of each group
	own    []int64   // each placed candidate's distance to the rest of its group
	// scratch
	sum      []int64
	blocked  []bool
	failed   []bool
	dab, dba []int64
	nconf    []int32 // how many candidates each one conflicts with
	dense    []int64 // tightness of the group around each seed, all candidates free
	sum2     []int64
	fresh    []int32
	clock    int64   // counts changes to groups
	stamp    []int64 // the clock when each group last changed
	seen     []int64 // improve: for each pair of groups, the clock after it was last searched, plus one
	dq       []int64 // chain: distance of each candidate to the middle group
	tg, tb   []int32 // through: best group and member for each candidate to replace
	tv       []int64 // through: the change of distance that replacement makes
	cost     []int64 // parallel: distance of each candidate to each group
	bar      []bool  // parallel: candidate conflicts with a member of the group
}

func newBlock(f *former, ids []int32) *block {
	m := len(ids)
	if cap(f.d) < m*m {
		f.d = make([]uint32, m*m)
	}
	b := &block{
		m: m, d: f.d[:m*m], min: f.min, max: f.max, limit: f.limit, shared: f.shared,
		hh: make([]int32, m), loc: make([]bool, m), grp: make([]int32, m), own: make([]int64, m),
		sum: make([]int64, m), sum2: make([]int64, m), blocked: make([]bool, m), failed: make([]bool, m),
		dab: make([]int64, f.max), dba: make([]int64, f.max),
	}
	b.nconf = make([]int32, m)
	for i, x := range ids {
		b.hh[i] = f.hh[x]
		b.loc[i] = !f.c[x].Location.IsZero()
		b.d[i*m+i] = 0
		for j, y := range ids[:i] {
			v := decimetres(f.c[x], f.c[y])
			b.d[i*m+j], b.d[j*m+i] = v, v
		}
	}
	for i := range m {
		for j := range i {
			if b.conflict(int32(i), int32(j)) {
				b.nconf[i]++
				b.nconf[j]++
			}
		}
	}
	return b
}

// conflict reports two candidates that may not share a group.
func (b *block) conflict(i, j int32) bool {
	if !b.shared && b.hh[i] == b.hh[j] {
		return true
	}
	return b.limit > 0 && b.loc[i] && b.loc[j] && b.d[int(i)*b.m+int(j)] > b.limit
}

// fits reports that x may join the members of g other than skip (-1: none).
func (b *block) fits(x int32, g []int32, skip int32) bool {
	for _, y := range g {
		if y != skip && b.conflict(x, y) {
			return false
		}
	}
	return true
}

func (b *block) dist(i, j int32) int64 { return int64(b.d[int(i)*b.m+int(j)]) }

// score is the formation objective of a block: most placed, then fewest
// groups, then least distance.
type score struct {
	placed, groups int
	cost           int64
}

func (a score) better(b score) bool {
	if a.placed != b.placed {
		return a.placed > b.placed
	}
	if a.groups != b.groups {
		return a.groups < b.groups
	}
	return a.cost < b.cost
}

// solve returns the groups: the fewest that place the most candidates. It
// starts from the fewest groups the sizes allow and adds one while that
// places more (households or distances can leave candidates out).
func (b *block) solve() [][]int32 {
	var best [][]int32
	var bs score
	p0 := min(b.m, b.m/b.min*b.max)
	k0 := (p0 + b.max - 1) / b.max
	for k := k0; k <= b.m/b.min; k++ {
		g, s := b.run(k)
		if best != nil && s.placed <= bs.placed {
			break
		}
		best, bs = g, s
		if s.placed == b.m {
			break
		}
	}
	// when fewer were placed than hoped, fewer groups may place as many
	for k := (bs.placed + b.max - 1) / b.max; k < bs.groups; k++ {
		if g, s := b.run(k); s.better(bs) {
			return g
		}
	}
	return best
}

// run forms at most k groups twice, from two constructions, and keeps the
// better: sequential growth along the locality order is good when
// neighbours are plentiful; parallel growth from spread seeds, most
// constrained candidate first, places more when households or the distance
// bound make candidates hard to place.
func (b *block) run(k int) ([][]int32, score) {
	var best [][]int32
	var bs score
	for variant := range 3 {
		for i := range b.grp {
			b.grp[i] = -1
		}
		b.groups = b.groups[:0]
		switch variant {
		case 0:
			b.sequential(k)
		case 1:
			b.sequentialDense(k)
		default:
			b.parallel(k)
		}
		b.repair(k)
		b.recountAll()
		b.improve()
		s := b.score()
		if best == nil || s.better(bs) {
			best, bs = make([][]int32, len(b.groups)), s
			for i, g := range b.groups {
				best[i] = slices.Clone(g)
			}
		}
	}
	return best, bs
}

func (b *block) score() score {
	s := score{groups: len(b.groups)}
	for _, g := range b.groups {
		s.placed += len(g)
		for _, x := range g {
			s.cost += b.own[x]
		}
	}
	s.cost /= 2 // every pair was counted from both ends
	return s
}

// recountAll sets own, each member's distance to the rest of its group.
func (b *block) recountAll() {
	b.clock = 0
	b.stamp = slices.Grow(b.stamp[:0], len(b.groups))[:len(b.groups)]
	for gi := range b.groups {
		b.recount(gi)
	}
}

// recount sets own for the members of group gi and marks the group
// changed.
func (b *block) recount(gi int) {
	g := b.groups[gi]
	b.clock++
	b.stamp[gi] = b.clock
	for _, x := range g {
		b.own[x] = 0
		for _, y := range g {
			b.own[x] += b.dist(x, y)
		}
	}
}

// targets is the size of group g when p candidates fill k groups evenly.
func targetSize(p, k, g int) int {
	t := p / k
	if g < p%k {
		t++
	}
	return t
}

// sequential builds groups one after another: the first candidate in
// locality order not yet placed starts a group, which takes the nearest
// candidates that fit.
func (b *block) sequential(k int) {
	p := min(b.m, k*b.max)
	for i := range b.failed {
		b.failed[i] = false
	}
	for s := int32(0); int(s) < b.m && len(b.groups) < k; s++ {
		if b.grp[s] >= 0 || b.failed[s] {
			continue
		}
		g := len(b.groups)
		list := b.grow(s, int32(g), targetSize(p, k, g))
		if len(list) < b.min {
			for _, x := range list {
				b.grp[x] = -1
			}
			b.failed[s] = true
			continue
		}
		b.groups = append(b.groups, list)
	}
}

// lazyLimit bounds how many seeds sequentialDense measures again per group.
const lazyLimit = 4

// sequentialDense builds groups one after another, each from the seed
// around which greedy growth makes the tightest group now, so that groups
// grow from the densest spots and the outliers are left over. Tightness
// only grows as candidates are taken, so a seed's old value is a lower
// bound: only the seeds that look best are measured again (lazy greedy).
func (b *block) sequentialDense(k int) {
	p := min(b.m, k*b.max)
	if b.dense == nil {
		b.dense = make([]int64, b.m)
		for s := range b.m {
			b.dense[s] = b.tightness(int32(s), b.max)
		}
	}
	key := b.sum2[:b.m]
	copy(key, b.dense)
	const failed = 1 << 62
	for len(b.groups) < k {
		g := len(b.groups)
		target := targetSize(p, k, g)
		// measure again the seeds that look best, up to lazyLimit of them,
		// and take the best measured
		s := int32(-1)
		fresh := b.fresh[:0]
		for {
			s = -1
			for j := range b.m {
				if b.grp[j] < 0 && key[j] < failed && (s < 0 || key[j] < key[s]) {
					s = int32(j)
				}
			}
			if s < 0 || slices.Contains(fresh, s) {
				break
			}
			key[s] = max(key[s], b.tightness(s, target))
			fresh = append(fresh, s)
			if len(fresh) == lazyLimit {
				s = fresh[0]
				for _, x := range fresh {
					if key[x] < key[s] {
						s = x
					}
				}
				break
			}
		}
		b.fresh = fresh
		if s < 0 {
			return
		}
		list := b.grow(s, int32(g), target)
		if len(list) < b.min {
			for _, x := range list {
				b.grp[x] = -1
			}
			key[s] = failed
			continue
		}
		b.groups = append(b.groups, list)
	}
}

// parallel seeds k groups far apart (farthest first), then repeatedly
// places the candidate with the fewest groups it fits, breaking ties by the
// largest regret (how much worse its second-best group is), into its best
// group. Groups left below the minimum are dissolved.
func (b *block) parallel(k int) {
	m := b.m
	p := min(m, k*b.max)
	// seeds: the most constrained candidate, then farthest first
	near := b.sum // distance to the nearest seed
	s := int32(0)
	for j := range m {
		if b.nconf[j] > b.nconf[s] {
			s = int32(j)
		}
	}
	for j := range near {
		near[j] = 1 << 62
	}
	for len(b.groups) < k {
		g := int32(len(b.groups))
		b.grp[s] = g
		list := make([]int32, 1, b.max)
		list[0] = s
		b.groups = append(b.groups, list)
		s = -1
		for j := range m {
			if b.grp[j] >= 0 {
				continue
			}
			near[j] = min(near[j], b.dist(int32(j), b.groups[g][0]))
			if s < 0 || near[j] > near[s] || near[j] == near[s] && b.nconf[j] > b.nconf[s] {
				s = int32(j)
			}
		}
		if s < 0 {
			break
		}
	}
	k = len(b.groups)
	if cap(b.cost) < m*k {
		b.cost = make([]int64, m*k)
		b.bar = make([]bool, m*k)
	}
	cost, bar := b.cost[:m*k], b.bar[:m*k]
	type pick struct {
		n            int // groups the candidate fits
		best, second int64
		g            int32
	}
	picks := make([]pick, m)
	room := func(g int) bool { return len(b.groups[g]) < targetSize(p, k, g) }
	scan := func(j int) {
		pk := pick{best: 1 << 62, second: 1 << 62, g: -1}
		for g := range k {
			if bar[j*k+g] || !room(g) {
				continue
			}
			pk.n++
			c := cost[j*k+g]
			switch {
			case c < pk.best:
				pk.second, pk.best, pk.g = pk.best, c, int32(g)
			case c < pk.second:
				pk.second = c
			}
		}
		picks[j] = pk
	}
	for j := range m {
		if b.grp[j] >= 0 {
			continue
		}
		for g := range k {
			x := b.groups[g][0]
			cost[j*k+g] = b.dist(int32(j), x)
			bar[j*k+g] = b.conflict(int32(j), x)
		}
		scan(j)
	}
	for {
		x := -1
		for j := range m {
			if b.grp[j] >= 0 || picks[j].n == 0 {
				continue
			}
			if x < 0 {
				x = j
				continue
			}
			pj, px := picks[j], picks[x]
			if pj.n < px.n || pj.n == px.n && pj.second-pj.best > px.second-px.best {
				x = j
			}
		}
		if x < 0 {
			break
		}
		g := int(picks[x].g)
		b.grp[x] = int32(g)
		b.groups[g] = append(b.groups[g], int32(x))
		full := !room(g)
		for j := range m {
			if b.grp[j] >= 0 {
				continue
			}
			cost[j*k+g] += b.dist(int32(j), int32(x))
			was := !bar[j*k+g]
			if b.conflict(int32(j), int32(x)) {
				bar[j*k+g] = true
			}
			pk := picks[j]
			if was && (full || bar[j*k+g] || pk.g == int32(g) || cost[j*k+g]-b.dist(int32(j), int32(x)) <= pk.second) {
				scan(j)
			}
		}
	}
	// dissolve groups below the minimum
	kept := b.groups[:0]
	for _, g := range b.groups {
		if len(g) < b.min {
			for _, x := range g {
				b.grp[x] = -1
			}
			continue
		}
		for _, x := range g {
			b.grp[x] = int32(len(kept))
		}
		kept = append(kept, g)
	}
	b.groups = kept
}

// repair tries to add groups, up to k, around candidates left out, taking
// members from groups that can spare one (above the minimum, or with a
// candidate left out who can take the member's place).
func (b *block) repair(k int) {
	failed := 0
	for u := int32(0); int(u) < b.m && len(b.groups) < k && failed < maxRepairs; u++ {
		if b.grp[u] >= 0 {
			continue
		}
		if set := b.rescue(u); set != nil {
			g := int32(len(b.groups))
			for _, x := range set {
				b.grp[x] = g
			}
			b.groups = append(b.groups, append(make([]int32, 0, b.max), set...))
			failed = 0
			continue
		}
		if b.formAround(u) {
			failed = 0
		} else {
			failed++
		}
	}
}

// maxRepairs is how many seeds in a row repair tries without success before
// it gives up: when several fail, the rest are usually as stuck, and a
// block full of unplaceable candidates stays fast.
const maxRepairs = 8

// formAround builds a new group from seed u, or changes nothing.
func (b *block) formAround(u int32) bool {
	saveGrp := slices.Clone(b.grp)
	saveGroups := make([][]int32, len(b.groups))
	for i, g := range b.groups {
		saveGroups[i] = slices.Clone(g)
	}
	n := int32(len(b.groups))
	list := make([]int32, 1, b.max)
	list[0] = u
	b.grp[u] = n
	without := func(x int32, g []int32) int64 { // distance of x to g without x
		var s int64
		for _, y := range g {
			s += b.dist(x, y)
		}
		return s
	}
	for len(list) < b.min {
		const none = int32(-1)
		bx, bv, bc := none, none, int64(0)
		for x := int32(0); int(x) < b.m; x++ {
			if b.grp[x] == n || !b.fits(x, list, -1) {
				continue
			}
			c := without(x, list)
			v := none
			if a := b.grp[x]; a >= 0 {
				g := b.groups[a]
				c -= without(x, g)
				if len(g) <= b.min { // needs a replacement from those left out
					bestV, bestC := none, int64(0)
					for y := int32(0); int(y) < b.m; y++ {
						if b.grp[y] >= 0 || !b.fits(y, g, x) {
							continue
						}
						if cy := without(y, g) - b.dist(y, x); bestV < 0 || cy < bestC {
							bestV, bestC = y, cy
						}
					}
					if bestV < 0 {
						continue
					}
					v, c = bestV, c+bestC
				}
			}
			if bx < 0 || c < bc {
				bx, bv, bc = x, v, c
			}
		}
		if bx < 0 {
			b.grp = saveGrp
			b.groups = saveGroups
			return false
		}
		if a := b.grp[bx]; a >= 0 {
			g := b.groups[a]
			i := slices.Index(g, bx)
			if bv >= 0 {
				g[i] = bv
				b.grp[bv] = a
			} else {
				b.groups[a] = slices.Delete(g, i, i+1)
			}
		}
		list = append(list, bx)
		b.grp[bx] = n
	}
	b.groups = append(b.groups, list)
	return true
}

// grow makes group g from seed s, adding the candidate with the least
// distance to the members so far until target members or no candidate fits.
func (b *block) grow(s, g int32, target int) []int32 {
	list := b.growFrom([]int32{s}, g, target)
	if len(list) >= b.min {
		return list
	}
	// the greedy growth ran into a dead end; a small search may still find
	// a group of the minimum size around s
	for _, x := range list {
		b.grp[x] = -1
	}
	if set := b.rescue(s); set != nil {
		return b.growFrom(set, g, target)
	}
	return b.growFrom([]int32{s}, g, target)
}

// growFrom makes group g of start plus the nearest candidates that fit,
// until target members or none fits.
func (b *block) growFrom(start []int32, g int32, target int) []int32 {
	list := make([]int32, 0, b.max)
	for j := range b.sum {
		b.sum[j], b.blocked[j] = 0, false
	}
	add := func(x int32) {
		list = append(list, x)
		b.grp[x] = g
		row := b.d[int(x)*b.m : int(x+1)*b.m]
		for j := range row {
			if b.grp[j] < 0 {
				b.sum[j] += int64(row[j])
				if !b.blocked[j] && b.conflict(x, int32(j)) {
					b.blocked[j] = true
				}
			}
		}
	}
	for _, x := range start {
		add(x)
	}
	for len(list) < target {
		x := int32(-1)
		for j := range b.m {
			if b.grp[j] < 0 && !b.blocked[j] && (x < 0 || b.sum[j] < b.sum[x]) {
				x = int32(j)
			}
		}
		if x < 0 {
			break
		}
		add(x)
	}
	return list
}

// rescueWidth and rescueBudget bound the search for a group around a seed:
// the nearest candidates it considers and the steps it takes.
const (
	rescueWidth  = 32
	rescueBudget = 4096
)

// rescue searches, depth first and nearest first, for the minimum number of
// candidates not yet placed that fit together with seed s. It returns nil
// when none is found within its bounds.
func (b *block) rescue(s int32) []int32 {
	cand := make([]int32, 0, rescueWidth)
	for j := range b.m {
		if b.grp[j] < 0 && int32(j) != s && !b.conflict(s, int32(j)) {
			cand = append(cand, int32(j))
		}
	}
	slices.SortStableFunc(cand, func(x, y int32) int { return cmp.Compare(b.dist(s, x), b.dist(s, y)) })
	cand = cand[:min(len(cand), rescueWidth)]
	pick := append(make([]int32, 0, b.min), s)
	budget := rescueBudget
	var dfs func(from int) bool
	dfs = func(from int) bool {
		if len(pick) == b.min {
			return true
		}
		for i := from; i < len(cand) && len(cand)-i >= b.min-len(pick); i++ {
			if budget--; budget < 0 {
				return false
			}
			if !b.fits(cand[i], pick, -1) {
				continue
			}
			pick = append(pick, cand[i])
			if dfs(i + 1) {
				return true
			}
			pick = pick[:len(pick)-1]
		}
		return false
	}
	if dfs(0) {
		return pick
	}
	return nil
}

// tightness is the distance inside the group that greedy growth would make
// around seed s now, or a large number when it could not fill the group.
func (b *block) tightness(s int32, target int) int64 {
	tmp := int32(len(b.groups))
	list := b.growFrom([]int32{s}, tmp, target)
	var cost int64
	for i, x := range list {
		b.grp[x] = -1
		for _, y := range list[:i] {
			cost += b.dist(x, y)
		}
	}
	if len(list) < target {
		return 1<<62 - int64(len(list)) // fuller groups first, after every full one
	}
	return cost
}

// improve runs passes of exchanges until a pass finds none that improves.
func (b *block) improve() {
	k := len(b.groups)
	b.seen = slices.Grow(b.seen[:0], k*k)[:k*k]
	clear(b.seen)
	for range maxPasses {
		changed := b.improveUnplaced()
		for A := range b.groups {
			for B := A + 1; B < k; B++ {
				// a pair found with nothing to improve, and unchanged
				// since, still has nothing
				if seen := b.seen[A*k+B]; b.stamp[A] < seen && b.stamp[B] < seen {
					continue
				}
				for b.improvePair(A, B) {
					changed = true
				}
				b.seen[A*k+B] = b.clock + 1
			}
		}
		if b.improveThrough() {
			changed = true
		}
		if b.min < b.max {
			for Q := range b.groups {
				if b.improveChain(Q) {
					changed = true
				}
			}
		}
		if !changed {
			return
		}
	}
}

// improveUnplaced puts candidates left out into groups with room, directly
// or by moving a member that blocks them to another group with room, or
// else swaps them for a member when that lowers the distance.
func (b *block) improveUnplaced() bool {
	changed := false
	for u := int32(0); int(u) < b.m; u++ {
		if b.grp[u] >= 0 {
			continue
		}
		// only groups below the maximum can take one more, directly or by
		// ejection
		room := false
		for _, g := range b.groups {
			if len(g) < b.max {
				room = true
				break
			}
		}
		if room && (b.insert(u) || b.eject(u)) || b.swapIn(u) {
			changed = true
		}
	}
	return changed
}

// insert puts u into the group with room it is nearest to.
func (b *block) insert(u int32) bool {
	bg, bd := -1, int64(0)
	for g, members := range b.groups {
		if len(members) >= b.max || !b.fits(u, members, -1) {
			continue
		}
		var du int64
		for _, y := range members {
			du += b.dist(u, y)
		}
		if bg < 0 || du < bd {
			bg, bd = g, du
		}
	}
	if bg < 0 {
		return false
	}
	b.groups[bg] = append(b.groups[bg], u)
	b.grp[u] = int32(bg)
	b.recount(bg)
	return true
}

// eject puts u in place of a member a of one group, and a into another
// group with room.
func (b *block) eject(u int32) bool {
	const none = -1
	ba, bb, bi, bd := none, none, none, int64(0)
	for A, ga := range b.groups {
		for i, a := range ga {
			if !b.fits(u, ga, a) {
				continue
			}
			var du int64
			for _, y := range ga {
				if y != a {
					du += b.dist(u, y)
				}
			}
			for B, gb := range b.groups {
				if B == A || len(gb) >= b.max || !b.fits(a, gb, -1) {
					continue
				}
				var da int64
				for _, y := range gb {
					da += b.dist(a, y)
				}
				if d := du - b.own[a] + da; ba < 0 || d < bd {
					ba, bb, bi, bd = A, B, i, d
				}
			}
		}
	}
	if ba < 0 {
		return false
	}
	a := b.groups[ba][bi]
	b.groups[ba][bi] = u
	b.grp[u] = int32(ba)
	b.groups[bb] = append(b.groups[bb], a)
	b.grp[a] = int32(bb)
	b.recount(ba)
	b.recount(bb)
	return true
}

// swapIn replaces a member by u when that lowers the group's distance.
func (b *block) swapIn(u int32) bool {
	bg, ba, bd := -1, int32(-1), int64(0)
	for g, members := range b.groups {
		var du int64
		for _, y := range members {
			du += b.dist(u, y)
		}
		for _, a := range members {
			if delta := du - b.dist(u, a) - b.own[a]; delta < bd && b.fits(u, members, a) {
				bg, ba, bd = g, a, delta
			}
		}
	}
	if bg < 0 {
		return false
	}
	g := b.groups[bg]
	g[slices.Index(g, ba)] = u
	b.grp[ba] = -1
	b.grp[u] = int32(bg)
	b.recount(bg)
	return true
}

// improvePair makes the best improving exchange between groups A and B: a
// swap of two members, or a move of one member when the sizes allow it.
func (b *block) improvePair(A, B int) bool {
	ga, gb := b.groups[A], b.groups[B]
	dab, dba := b.dab[:len(ga)], b.dba[:len(gb)]
	for i, a := range ga {
		dab[i] = 0
		for _, y := range gb {
			dab[i] += b.dist(a, y)
		}
	}
	for j, x := range gb {
		dba[j] = 0
		for _, y := range ga {
			dba[j] += b.dist(x, y)
		}
	}
	const none = -1
	bi, bj, best := none, none, int64(0)
	for i, a := range ga {
		for j, x := range gb {
			dx := b.dist(a, x)
			delta := dba[j] - dx - b.own[a] + dab[i] - dx - b.own[x]
			if delta < best && b.fits(x, ga, a) && b.fits(a, gb, x) {
				bi, bj, best = i, j, delta
			}
		}
	}
	if len(ga) > b.min && len(gb) < b.max {
		for i, a := range ga {
			if delta := dab[i] - b.own[a]; delta < best && b.fits(a, gb, -1) {
				bi, bj, best = i, none, delta
			}
		}
	}
	if len(gb) > b.min && len(ga) < b.max {
		for j, x := range gb {
			if delta := dba[j] - b.own[x]; delta < best && b.fits(x, ga, -1) {
				bi, bj, best = none, j, delta
			}
		}
	}
	switch {
	case bi == none && bj == none:
		return false
	case bj == none: // ga[bi] moves to B
		a := ga[bi]
		ga = slices.Delete(ga, bi, bi+1)
		gb = append(gb, a)
		b.grp[a] = int32(B)
	case bi == none: // gb[bj] moves to A
		x := gb[bj]
		gb = slices.Delete(gb, bj, bj+1)
		ga = append(ga, x)
		b.grp[x] = int32(A)
	default:
		ga[bi], gb[bj] = gb[bj], ga[bi]
		b.grp[ga[bi]], b.grp[gb[bj]] = int32(A), int32(B)
	}
	b.groups[A], b.groups[B] = ga, gb
	b.recount(A)
	b.recount(B)
	return true
}

// improveChain makes the best improving chain through group Q: a member x
// of Q moves to a group R with room while a member y of another group P
// (above the minimum, P ≠ R) takes its place. Sizes change only in P and R,
// so the chain can improve where single moves are blocked by the minimum
// or the maximum.
func (b *block) improveChain(Q int) bool {
	gq := b.groups[Q]
	if b.dq == nil {
		b.dq = make([]int64, b.m)
	}
	for y := range b.m {
		if g := b.grp[y]; g >= 0 && int(g) != Q && len(b.groups[g]) > b.min {
			b.dq[y] = 0
			for _, z := range gq {
				b.dq[y] += b.dist(int32(y), z)
			}
		}
	}
	const none = int32(-1)
	bx, by, br, bd := none, none, -1, int64(0)
	for _, x := range gq {
		// the two best groups for x, so that one differs from y's group
		r1, r2 := -1, -1
		var c1, c2 int64
		for R, gr := range b.groups {
			if R == Q || len(gr) >= b.max || !b.fits(x, gr, -1) {
				continue
			}
			var c int64
			for _, z := range gr {
				c += b.dist(x, z)
			}
			c -= b.own[x]
			switch {
			case r1 < 0 || c < c1:
				r2, c2, r1, c1 = r1, c1, R, c
			case r2 < 0 || c < c2:
				r2, c2 = R, c
			}
		}
		if r1 < 0 {
			continue
		}
		for y := range b.m {
			P := b.grp[y]
			if P < 0 || int(P) == Q || len(b.groups[P]) <= b.min {
				continue
			}
			r, c := r1, c1
			if int(P) == r1 {
				if r2 < 0 {
					continue
				}
				r, c = r2, c2
			}
			d := c + b.dq[y] - b.dist(int32(y), x) - b.own[y]
			if d < bd && b.fits(int32(y), gq, x) {
				bx, by, br, bd = x, int32(y), r, d
			}
		}
	}
	if bx < 0 {
		return false
	}
	P := b.grp[by]
	gp := b.groups[P]
	b.groups[P] = slices.Delete(gp, slices.Index(gp, by), slices.Index(gp, by)+1)
	gq[slices.Index(gq, bx)] = by
	b.grp[by] = int32(Q)
	b.groups[br] = append(b.groups[br], bx)
	b.grp[bx] = int32(br)
	b.recount(int(P))
	b.recount(Q)
	b.recount(br)
	return true
}

// improveThrough makes the best improving exchange through two groups: a
// candidate left out, u, takes the place of a member a of group A, a takes
// the place of a member b of group B, and b is left out. Sizes do not
// change, so it helps groups of exact size, where a candidate left out can
// only come in by pushing someone out.
func (b *block) improveThrough() bool {
	left := false
	for _, g := range b.grp {
		if g < 0 {
			left = true
			break
		}
	}
	if !left || len(b.groups) < 2 {
		return false
	}
	if b.tg == nil {
		b.tg, b.tb, b.tv = make([]int32, b.m), make([]int32, b.m), make([]int64, b.m)
	}
	// for each placed a, the best member b of another group to replace
	for a := range b.m {
		b.tg[a] = -1
	}
	for B, gb := range b.groups {
		for a := range b.m {
			if g := b.grp[a]; g < 0 || int(g) == B {
				continue
			}
			var da int64
			for _, z := range gb {
				da += b.dist(int32(a), z)
			}
			for _, x := range gb {
				v := da - b.dist(int32(a), x) - b.own[x]
				if (b.tg[a] < 0 || v < b.tv[a]) && b.fits(int32(a), gb, x) {
					b.tg[a], b.tb[a], b.tv[a] = int32(B), x, v
				}
			}
		}
	}
	const none = int32(-1)
	bu, ba, bd := none, none, int64(0)
	for u := range b.m {
		if b.grp[u] >= 0 {
			continue
		}
		for _, ga := range b.groups {
			var du int64
			for _, z := range ga {
				du += b.dist(int32(u), z)
			}
			for _, a := range ga {
				if b.tg[a] < 0 {
					continue
				}
				d := du - b.dist(int32(u), a) - b.own[a] + b.tv[a]
				if d < bd && b.fits(int32(u), ga, a) {
					bu, ba, bd = int32(u), a, d
				}
			}
		}
	}
	if bu < 0 {
		return false
	}
	A, B, x := b.grp[ba], b.tg[ba], b.tb[ba]
	ga, gb := b.groups[A], b.groups[B]
	ga[slices.Index(ga, ba)] = bu
	gb[slices.Index(gb, x)] = ba
	b.grp[bu], b.grp[ba], b.grp[x] = A, B, -1
	b.recount(int(A))
	b.recount(int(B))
	return true
}
