package ledger

import "hash/maphash"

// idIndex maps entry IDs to entry indexes. It is an open-addressing table
// with linear probing whose slots hold only a 32-bit hash tag and the
// index, 8 bytes a slot: the IDs themselves stay in the entries, so the
// index does not keep a second string header per entry as a
// map[string]int32 would, and a lookup that misses (every new entry)
// compares tags, not strings.
//
// The slot's position is the tag's low bits, so growing moves slots
// without hashing an ID again, and a removal can shift the slots after it
// back (no tombstones).
type idIndex struct {
	seed  maphash.Seed // made with the table; it only places IDs, no output depends on it
	slots []uint64     // tag<<32 | 1+index; 0 is empty; len is a power of two
	n     int          // slots in use
}

// ready makes the seed of an index that has none; find needs none while
// the index is empty, so a zero Journal can be read.
func (x *idIndex) ready() {
	if x.seed == (maphash.Seed{}) {
		x.seed = maphash.MakeSeed()
	}
}

// tag is id's hash tag; the index must be ready.
func (x *idIndex) tag(id string) uint32 { return uint32(maphash.String(x.seed, id) >> 32) }

// find returns the index in es of the entry whose ID is id.
func (x *idIndex) find(id string, es *column[entry]) (int32, bool) {
	if x.n == 0 {
		return 0, false
	}
	return x.findTag(id, x.tag(id), es)
}

// findTag is find with id's tag t.
func (x *idIndex) findTag(id string, t uint32, es *column[entry]) (int32, bool) {
	if x.n == 0 {
		return 0, false
	}
	mask := uint32(len(x.slots) - 1)
	for p := t & mask; ; p = (p + 1) & mask {
		s := x.slots[p]
		if s == 0 {
			return 0, false
		}
		if uint32(s>>32) == t {
			if i := int32(uint32(s)) - 1; es.at(i).id == id {
				return i, true
			}
		}
	}
}

// add records that entry i has an ID with tag t, an ID not in the index.
func (x *idIndex) add(t uint32, i int32) {
	if 4*(x.n+1) > 3*len(x.slots) { // at most three quarters full, so probes stay short
		x.grow()
	}
	x.put(uint64(t)<<32 | uint64(uint32(i+1)))
	x.n++
}

func (x *idIndex) put(s uint64) {
	mask := uint32(len(x.slots) - 1)
	p := uint32(s>>32) & mask
	for x.slots[p] != 0 {
		p = (p + 1) & mask
	}
	x.slots[p] = s
}

func (x *idIndex) grow() {
	old := x.slots
	x.slots = make([]uint64, max(16, 2*len(old)))
	for _, s := range old {
		if s != 0 {
			x.put(s)
		}
	}
}

// remove takes entry i, whose ID is id, out of the index.
func (x *idIndex) remove(id string, i int32) {
	mask := uint32(len(x.slots) - 1)
	want := uint64(x.tag(id))<<32 | uint64(uint32(i+1))
	p := uint32(want>>32) & mask
	for x.slots[p] != want {
		p = (p + 1) & mask
	}
	// Shift back every later slot of the run that may sit at p: one whose
	// home is not in the cyclic range (p, q].
	for q := (p + 1) & mask; x.slots[q] != 0; q = (q + 1) & mask {
		home := uint32(x.slots[q]>>32) & mask
		if (q-home)&mask >= (q-p)&mask {
			x.slots[p] = x.slots[q]
			p = q
		}
	}
	x.slots[p] = 0
	x.n--
}

// codeIndex maps account codes to indexes in Journal.accts. Every posting
// looks its account up, and a chart has a few dozen short codes: a small
// open-addressing table with a cheap hash of the code's bytes finds them
// faster than a map, which hashes with a seed and probes in groups. It is
// kept at most half full; the codes themselves stay in the accounts.
type codeIndex struct {
	slots []int32 // 1 + index in accts; 0 is empty; len is a power of two
}

// hashCode is FNV-1a, folded: codes are short, and the table is private.
func hashCode(c Code) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(c); i++ {
		h = (h ^ uint32(c[i])) * 16777619
	}
	return h ^ h>>16 // the low bits, which place the code, depend on every bit
}

// find returns the index in accts of the account with code c.
func (x *codeIndex) find(c Code, accts []account) (int32, bool) {
	if len(x.slots) == 0 {
		return 0, false
	}
	mask := uint32(len(x.slots) - 1)
	for p := hashCode(c) & mask; ; p = (p + 1) & mask {
		s := x.slots[p]
		if s == 0 {
			return 0, false
		}
		if accts[s-1].Code == c {
			return s - 1, true
		}
	}
}

// add records accts[i], whose code is not in the index yet.
func (x *codeIndex) add(accts []account, i int32) {
	if 2*len(accts) > len(x.slots) {
		n := 64
		for n < 4*len(accts) {
			n *= 2 // a power of two
		}
		x.slots = make([]int32, n)
		for k := range int32(len(accts)) {
			if k != i {
				x.put(accts, k)
			}
		}
	}
	x.put(accts, i)
}

func (x *codeIndex) put(accts []account, i int32) {
	mask := uint32(len(x.slots) - 1)
	p := hashCode(accts[i].Code) & mask
	for x.slots[p] != 0 {
		p = (p + 1) & mask
	}
	x.slots[p] = i + 1
}
