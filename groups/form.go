package groups

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/ip2p/koperasi/members"
)

// Proposal is a group that formation proposes: its members (sorted by ID) and
// how spread out they are. New turns it into a Group once the koperasi has
// named it and its leader.
type Proposal struct {
	RW       int         `json:"rw"`       // the members' RW; 0 when they come from several
	Members  []Candidate `json:"members"`  // sorted by member ID
	Distance int64       `json:"distance"` // sum of the distances between every two members, metres
}

// IDs lists the members' IDs.
func (p Proposal) IDs() []members.ID {
	ids := make([]members.ID, len(p.Members))
	for i, c := range p.Members {
		ids[i] = c.Member
	}
	return ids
}

// Reason is why formation left a candidate out; its word is a stable code.
type Reason uint8

// Reasons a candidate is left out.
const (
	// LeftOver: the groups are full. The candidates of the area do not divide
	// into groups of the allowed sizes, and this one was farthest from them.
	LeftOver Reason = iota
	// SmallArea: the candidate's RW (or, when RW may be crossed, the whole
	// input) has fewer candidates than the minimum group size.
	SmallArea
	// SameHousehold: every group that could take the candidate already has a
	// member of the same household.
	SameHousehold
	// TooFar: no group has all its members within the policy's maximum
	// distance of the candidate (and one member per household).
	TooFar
)

var reasonNames = [...]string{"left-over", "small-area", "same-household", "too-far"}

// String is the reason's code.
func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "reason(" + strconv.Itoa(int(r)) + ")"
}

// MarshalText writes the code.
func (r Reason) MarshalText() ([]byte, error) { return marshalWord("reason", reasonNames[:], int(r)) }

// UnmarshalText reads the code.
func (r *Reason) UnmarshalText(b []byte) error {
	i, err := unmarshalWord("reason", reasonNames[:], b)
	*r = Reason(i)
	return err
}

// Unplaced is a candidate formation could not place, with the reason as a
// code and as a sentence for the officer.
type Unplaced struct {
	Candidate Candidate `json:"candidate"`
	Reason    Reason    `json:"reason"`
	Message   string    `json:"message"`
}

// Formation is the result of Form: the proposed groups, sorted by their
// first member's ID, and the candidates left out, sorted by ID.
type Formation struct {
	Groups   []Proposal `json:"groups"`
	Unplaced []Unplaced `json:"unplaced"`
	Distance int64      `json:"distance"` // sum of the groups' Distance, metres
}

// Form proposes groups from candidates under policy p.
//
// Objective, in order: place as many candidates as possible; with as few
// groups as possible; with the least total distance inside groups (the sum,
// over groups, of the distance between every two members; see Distance).
// Hard rules: the policy's sizes, one member per household, the maximum
// distance, and RW boundaries unless the policy lets groups cross them.
//
// The input order does not matter: candidates are sorted by member ID first
// and every later step is deterministic. Form returns an error when a
// candidate is invalid or given twice, when the policy is invalid, or when
// no group at all can be made of the sizes allowed (ErrCannotForm).
//
// The package documentation describes the algorithm and its measured
// quality.
func Form(candidates []Candidate, p Policy) (Formation, error) {
	if err := p.Validate(); err != nil {
		return Formation{}, err
	}
	c := slices.Clone(candidates)
	slices.SortFunc(c, func(a, b Candidate) int { return cmp.Compare(a.Member, b.Member) })
	for i := range c {
		if err := c[i].Validate(); err != nil {
			return Formation{}, err
		}
		if i > 0 && c[i].Member == c[i-1].Member {
			return Formation{}, &DuplicateError{What: "candidate", Key: string(c[i].Member)}
		}
	}
	f := newFormer(c, p)
	regions := f.regions()
	largest, largestRW := 0, 0
	for _, r := range regions {
		if len(r) > largest {
			largest, largestRW = len(r), c[r[0]].RW
		}
	}
	if largest < f.min {
		e := &UnmetError{Candidates: len(c), Largest: largest, LargestRW: largestRW, Min: f.min}
		if p.CrossRW {
			e.LargestRW = 0
		}
		return Formation{}, e
	}
	out := Formation{Groups: []Proposal{}, Unplaced: []Unplaced{}}
	for _, r := range regions {
		f.region(r, &out)
	}
	slices.SortFunc(out.Groups, func(a, b Proposal) int { return cmp.Compare(a.Members[0].Member, b.Members[0].Member) })
	slices.SortFunc(out.Unplaced, func(a, b Unplaced) int { return cmp.Compare(a.Candidate.Member, b.Candidate.Member) })
	for _, g := range out.Groups {
		out.Distance += g.Distance
	}
	return out, nil
}

// blockMax bounds the candidates optimised together. The local search keeps
// a distance matrix of the block (1 MiB at 512), so memory stays linear in
// the input, and its time grows with the block, not with the whole input.
const blockMax = 512

// maxBlockPasses bounds how often the leftovers of blocks are formed again.
const maxBlockPasses = 3

// maxPasses bounds the local search; it nearly always stops earlier, when a
// pass finds no improving exchange.
const maxPasses = 64

type former struct {
	min, max int
	limit    uint32 // maximum distance in decimetres; 0: none
	shared   bool   // households may share a group
	cross    bool
	c        []Candidate // sorted by ID
	hh       []int32     // household number of each candidate
	// buffers reused by every block
	d []uint32
}

func newFormer(c []Candidate, p Policy) *former {
	f := &former{c: c, shared: p.SharedHouseholds, cross: p.CrossRW, limit: uint32(p.MaxDistance) * 10}
	f.min, f.max = p.Sizes()
	f.hh = make([]int32, len(c))
	seen := make(map[string]int32, len(c))
	for i, x := range c {
		h, ok := seen[x.Household]
		if !ok {
			h = int32(len(seen))
			seen[x.Household] = h
		}
		f.hh[i] = h
	}
	return f
}

// regions splits the candidates into the sets that may share a group: one
// per RW in RW order, or all of them.
func (f *former) regions() [][]int32 {
	idx := make([]int32, len(f.c))
	for i := range idx {
		idx[i] = int32(i)
	}
	if f.cross {
		return [][]int32{idx}
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return cmp.Compare(f.c[a].RW, f.c[b].RW) })
	var out [][]int32
	for len(idx) > 0 {
		n := 1
		for n < len(idx) && f.c[idx[n]].RW == f.c[idx[0]].RW {
			n++
		}
		out = append(out, idx[:n:n])
		idx = idx[n:]
	}
	return out
}

// region forms the groups of one region and appends them, and the
// candidates left out, to out.
func (f *former) region(r []int32, out *Formation) {
	first := len(out.Groups)
	if len(r) < f.min {
		for _, i := range r {
			out.Unplaced = append(out.Unplaced, f.unplaced(i, SmallArea, len(r), nil))
		}
		return
	}
	order := f.locality(r)
	pos := make(map[int32]int, len(order))
	for k, i := range order {
		pos[i] = k
	}
	// Blocks of consecutive candidates in locality order, each a whole
	// number of groups; the blocks' leftovers, still in locality order, get
	// further passes while blocks were split and something was placed.
	left := order
	for pass := 0; pass < maxBlockPasses && len(left) >= f.min; pass++ {
		nb := (len(left) + blockMax - 1) / blockMax
		size := (len(left) + nb - 1) / nb
		size = (size + f.max - 1) / f.max * f.max
		var next []int32
		for start := 0; start < len(left); start += size {
			next = f.block(left[start:min(start+size, len(left))], out, next)
		}
		if nb == 1 || len(next) == len(left) {
			left = next
			break
		}
		slices.SortFunc(next, func(a, b int32) int { return cmp.Compare(pos[a], pos[b]) })
		left = next
	}
	groups := out.Groups[first:]
	for _, i := range left {
		out.Unplaced = append(out.Unplaced, f.unplaced(i, f.why(i, groups), len(r), groups))
	}
}

// locality orders a region so that neighbours are near each other: by RW,
// RT, then along a Hilbert curve through the coordinates (candidates without
// coordinates last within their RT), then by ID.
func (f *former) locality(r []int32) []int32 {
	var lat0, lat1, lon0, lon1 int64
	seen := false
	for _, i := range r {
		l := f.c[i].Location
		if l.IsZero() {
			continue
		}
		if !seen {
			lat0, lat1, lon0, lon1, seen = l.Lat, l.Lat, l.Lon, l.Lon, true
			continue
		}
		lat0, lat1 = min(lat0, l.Lat), max(lat1, l.Lat)
		lon0, lon1 = min(lon0, l.Lon), max(lon1, l.Lon)
	}
	span := max(lat1-lat0, lon1-lon0, 1)
	type keyed struct {
		i      int32
		rw, rt int
		curve  uint64
	}
	ks := make([]keyed, len(r))
	for k, i := range r {
		c := f.c[i]
		ks[k] = keyed{i: i, rw: c.RW, rt: c.RT, curve: 1 << 40}
		if !c.Location.IsZero() {
			x := uint32((c.Location.Lon - lon0) * 65535 / span)
			y := uint32((c.Location.Lat - lat0) * 65535 / span)
			ks[k].curve = hilbert(x, y)
		}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.rw, b.rw), cmp.Compare(a.rt, b.rt), cmp.Compare(a.curve, b.curve), cmp.Compare(a.i, b.i))
	})
	o := make([]int32, len(r))
	for k := range ks {
		o[k] = ks[k].i
	}
	return o
}

// hilbert is the position of (x, y) on the Hilbert curve through a
// 65536 × 65536 grid.
func hilbert(x, y uint32) uint64 {
	const n = 1 << 16
	var d uint64
	for s := uint32(n / 2); s > 0; s /= 2 {
		var rx, ry uint32
		if x&s != 0 {
			rx = 1
		}
		if y&s != 0 {
			ry = 1
		}
		d += uint64(s) * uint64(s) * uint64((3*rx)^ry)
		if ry == 0 { // rotate the quadrant
			if rx == 1 {
				x, y = n-1-x, n-1-y
			}
			x, y = y, x
		}
	}
	return d
}

// unplaced describes candidate i left out for reason r.
func (f *former) unplaced(i int32, r Reason, regionSize int, groups []Proposal) Unplaced {
	c := f.c[i]
	area := fmt.Sprintf("RW %02d", c.RW)
	if f.cross {
		area = "the input"
	}
	var msg string
	switch r {
	case SmallArea:
		msg = fmt.Sprintf("%s has only %d candidates; a group needs at least %d", area, regionSize, f.min)
	case SameHousehold:
		msg = fmt.Sprintf("every group that could take this member already has a member of household %q", c.Household)
	case TooFar:
		msg = fmt.Sprintf("no group has all its members within %d m of this member and room for a member of household %q", f.limit/10, c.Household)
	default:
		msg = fmt.Sprintf("the groups are full: %s has %d candidates, placed in %d groups of at most %d; this member was farthest from them",
			area, regionSize, len(groups), f.max)
	}
	return Unplaced{Candidate: c, Reason: r, Message: msg}
}

// why finds the reason candidate i is left out, given the region's groups.
func (f *former) why(i int32, groups []Proposal) Reason {
	if len(groups) == 0 {
		return LeftOver
	}
	hhAll, allBlocked := true, true
	for _, g := range groups {
		hh, far := false, false
		for _, m := range g.Members {
			if !f.shared && m.Household == f.c[i].Household {
				hh = true
			}
			if f.limit > 0 && !m.Location.IsZero() && !f.c[i].Location.IsZero() && decimetres(m, f.c[i]) > f.limit {
				far = true
			}
		}
		hhAll = hhAll && hh
		allBlocked = allBlocked && (hh || far)
	}
	switch {
	case hhAll:
		return SameHousehold
	case allBlocked:
		return TooFar
	}
	return LeftOver
}

// block forms groups from the candidates ids (in locality order), appends
// them to out and returns left with the candidates it could not place.
func (f *former) block(ids []int32, out *Formation, left []int32) []int32 {
	if len(ids) < f.min {
		return append(left, ids...)
	}
	b := newBlock(f, ids)
	groups := b.solve()
	placed := make([]bool, len(ids))
	for _, g := range groups {
		p := Proposal{Members: make([]Candidate, len(g))}
		slices.SortFunc(g, func(x, y int32) int { return cmp.Compare(ids[x], ids[y]) })
		var dm int64
		for k, x := range g {
			placed[x] = true
			p.Members[k] = f.c[ids[x]]
			for _, y := range g[:k] {
				dm += int64(b.d[int(x)*b.m+int(y)])
			}
		}
		p.Distance = (dm + 5) / 10
		p.RW = p.Members[0].RW
		for _, m := range p.Members {
			if m.RW != p.RW {
				p.RW = 0
			}
		}
		out.Groups = append(out.Groups, p)
	}
	for x, ok := range placed {
		if !ok {
			left = append(left, ids[x])
		}
	}
	return left
}
