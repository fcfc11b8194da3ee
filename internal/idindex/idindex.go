// Package idindex finds records by their string ID without keeping the IDs
// twice. The journal (entries) and the savings book (operations) both look
// every new ID up, for idempotency, and keep hundreds of thousands of them.
//
// An Index is an open-addressing table with linear probing whose slots
// hold a 32-bit hash tag and the record's position, 8 bytes a slot; the IDs
// stay in the caller's records, read back through a function. So it keeps
// no second string header per record as a map[string]int would, never
// hashes an ID again when it grows (a slot's place is its tag's low bits),
// and a lookup that misses, as every new ID does, compares tags, not
// strings. A removal shifts the slots after it back: no tombstones.
//
// The hash seed is random per Index (hash/maphash). It only places IDs;
// nothing anyone reads depends on it.
package idindex

import "hash/maphash"

// Index maps IDs to record positions. The zero Index is empty and can be
// read; its seed is made by the first Tag, which a writer calls.
type Index struct {
	seed  maphash.Seed
	slots []uint64 // tag<<32 | 1+position; 0 is empty; len is a power of two
	n     int
}

// Reserve makes room for n IDs before the first (a book that reaches a few
// dozen records anyway saves the growing).
func (x *Index) Reserve(n int) {
	if x.n == 0 {
		size := 16
		for 3*size < 4*n {
			size *= 2
		}
		x.slots = make([]uint64, size)
	}
}

// Len is the number of IDs in the index.
func (x *Index) Len() int { return x.n }

// Tag is id's hash tag, for Find, Add and Remove: an ID is hashed once per
// operation. The first call makes the seed, so a reader calls Lookup.
func (x *Index) Tag(id string) uint32 {
	if x.seed == (maphash.Seed{}) {
		x.seed = maphash.MakeSeed()
	}
	return uint32(maphash.String(x.seed, id) >> 32)
}

// Lookup returns the position of the record whose ID is id; idAt gives the
// ID of the record at a position. It never writes.
func (x *Index) Lookup(id string, idAt func(int) string) (int, bool) {
	if x.n == 0 {
		return 0, false
	}
	return x.Find(id, x.Tag(id), idAt)
}

// Find is Lookup for an ID whose tag t is known.
func (x *Index) Find(id string, t uint32, idAt func(int) string) (int, bool) {
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
			if i := int(uint32(s)) - 1; idAt(i) == id {
				return i, true
			}
		}
	}
}

// Add records that the record at position i has an ID with tag t, an ID not
// in the index yet.
func (x *Index) Add(t uint32, i int) {
	if 4*(x.n+1) > 3*len(x.slots) { // at most three quarters full, so probes stay short
		old := x.slots
		x.slots = make([]uint64, max(16, 2*len(old)))
		for _, s := range old {
			if s != 0 {
				x.put(s)
			}
		}
	}
	x.put(uint64(t)<<32 | uint64(uint32(i+1)))
	x.n++
}

func (x *Index) put(s uint64) {
	mask := uint32(len(x.slots) - 1)
	p := uint32(s>>32) & mask
	for x.slots[p] != 0 {
		p = (p + 1) & mask
	}
	x.slots[p] = s
}

// Remove takes the record at position i, whose ID has tag t, out of the
// index; it must be in it.
func (x *Index) Remove(t uint32, i int) {
	mask := uint32(len(x.slots) - 1)
	want := uint64(t)<<32 | uint64(uint32(i+1))
	p := t & mask
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
