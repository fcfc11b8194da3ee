package ledger

import (
	"github.com/ip2p/koperasi/internal/blocks"
	"github.com/ip2p/koperasi/internal/idindex"
)

// idIndex finds entries by their ID (internal/idindex, which the savings
// book's operation log uses too): the IDs stay in the entries.
type idIndex struct{ idindex.Index }

// tag is id's hash tag, hashed once per post for the lookup and the commit.
func (x *idIndex) tag(id string) uint32 { return x.Tag(id) }

// find returns the index in es of the entry whose ID is id. It never
// writes, so a zero or read-only Journal can be searched.
func (x *idIndex) find(id string, es *blocks.Column[entry]) (int32, bool) {
	i, ok := x.Lookup(id, func(i int) string { return es.At(int32(i)).id })
	return int32(i), ok
}

// findTag is find with id's tag t.
func (x *idIndex) findTag(id string, t uint32, es *blocks.Column[entry]) (int32, bool) {
	i, ok := x.Find(id, t, func(i int) string { return es.At(int32(i)).id })
	return int32(i), ok
}

// add records that entry i has an ID with tag t, an ID not in the index.
func (x *idIndex) add(t uint32, i int32) { x.Add(t, int(i)) }

// remove takes entry i, whose ID is id, out of the index (a rollback).
func (x *idIndex) remove(id string, i int32) { x.Remove(x.Tag(id), int(i)) }

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
