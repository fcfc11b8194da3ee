// Package blocks is an append-only sequence kept in blocks that are never
// copied, shared by the ledger's journal, the members' operation log and
// movements, and the Book's event log: all keep every record for good, and
// a plain slice would copy all of them each time it grows.
package blocks

import "math/bits"

// Column is an append-only sequence kept in blocks that are never copied:
// a journal growing to millions of entries never moves what it already
// holds (a plain slice doubles and copies everything, and past 256 elements
// grows by a quarter and copies everything each time). The blocks double in
// size from 16 elements up to blockSize, then stay at blockSize, so a small
// journal (an account with a few movements) wastes little and a large one
// allocates each element once. Blocks are allocated whole; n says how much
// of them is used.
type Column[T any] struct {
	blocks [][]T
	n      int32
	// cur is the block element n goes into, starting at element start, so
	// that a push, or a look at the last element, needs no block
	// arithmetic; nil when that block is not allocated yet.
	cur   []T
	start int32
}

const (
	firstBits = 4 // block 0 holds 1<<firstBits elements
	blockBits = 10
	blockSize = 1 << blockBits
	// BlockSize is the number of elements of the full blocks (tests that
	// must cross block edges use it).
	BlockSize = blockSize
	blockMask = blockSize - 1
	// smallBlocks is how many blocks come before the first of blockSize:
	// block 0 holds [0, 16), block k (1 <= k < smallBlocks) holds
	// [8<<k, 16<<k), and block smallBlocks holds [blockSize, 2*blockSize).
	smallBlocks = blockBits - firstBits + 1
)

// locate is the block of element i and its offset in the block.
func locate(i int32) (k, off int32) {
	if i >= blockSize {
		return i>>blockBits + smallBlocks - 1, i & blockMask
	}
	k = int32(bits.Len32(uint32(i) >> firstBits))
	return k, i & ((1<<(firstBits-1)<<k - 1) | (1<<firstBits - 1))
}

// blockStart is the index of block k's first element.
func blockStart(k int) int32 {
	switch {
	case k == 0:
		return 0
	case k < smallBlocks:
		return 1 << (firstBits - 1) << k
	}
	return int32(k-smallBlocks+1) << blockBits
}

// blockLen is the number of elements block k holds.
func blockLen(k int) int {
	switch {
	case k == 0:
		return 1 << firstBits
	case k < smallBlocks:
		return 1 << (firstBits - 1) << k
	}
	return blockSize
}

// Len is the number of elements.
func (c *Column[T]) Len() int32 { return c.n }

// At is element i. The pointer stays valid: blocks never move.
func (c *Column[T]) At(i int32) *T {
	k, off := locate(i)
	return &c.blocks[k][off]
}

// Search is the index of the first element for which f is true, or Len
// when there is none. As for sort.Search, f must be false up to some
// element and true from it on (a column kept in date order, f "dated
// after d"). It searches the blocks by their last element, then one block.
func (c *Column[T]) Search(f func(*T) bool) int32 {
	if c.n == 0 || !f(c.Last()) {
		return c.n
	}
	last, lastOff := locate(c.n - 1)
	used := func(k int32) []T { // the used part of block k
		if k == last {
			return c.blocks[k][:lastOff+1]
		}
		return c.blocks[k]
	}
	lo, hi := int32(0), last+1
	for lo < hi {
		m := int32(uint32(lo+hi) >> 1)
		if b := used(m); f(&b[len(b)-1]) {
			hi = m
		} else {
			lo = m + 1
		}
	}
	b := used(lo) // lo <= last: f holds for the last element
	i, k := 0, len(b)
	for i < k {
		m := int(uint(i+k) >> 1)
		if f(&b[m]) {
			k = m
		} else {
			i = m + 1
		}
	}
	return blockStart(int(lo)) + int32(i)
}

// Segment is the elements from i to the end of i's block or of the
// column, whichever comes first: a loop over a range takes it block by
// block.
func (c *Column[T]) Segment(i int32) []T {
	k, off := locate(i)
	b := c.blocks[k][off:]
	if rest := c.n - i; int32(len(b)) > rest {
		b = b[:rest]
	}
	return b
}

// Last is the last element; the column is not empty.
func (c *Column[T]) Last() *T {
	if i := c.n - 1 - c.start; uint32(i) < uint32(len(c.cur)) {
		return &c.cur[i]
	}
	return c.At(c.n - 1)
}

// Push appends v. It is small enough to inline; pushBlock is the rest.
func (c *Column[T]) Push(v T) {
	if i := c.n - c.start; uint32(i) < uint32(len(c.cur)) {
		c.cur[i] = v
		c.n++
		return
	}
	c.pushBlock(v)
}

// AppendAll appends vs, an entry's few postings or references: into the
// current block with one bounds check when they fit.
func (c *Column[T]) AppendAll(vs []T) {
	if i := int(c.n - c.start); i >= 0 && i+len(vs) <= len(c.cur) {
		copy(c.cur[i:i+len(vs)], vs)
		c.n += int32(len(vs))
		return
	}
	for _, v := range vs {
		c.Push(v)
	}
}

// pushBlock is push into the next block, allocated if it is new.
func (c *Column[T]) pushBlock(v T) {
	k, off := locate(c.n)
	if int(k) == len(c.blocks) {
		if c.blocks == nil {
			c.blocks = make([][]T, 0, 4) // a column that grows past one block soon needs a few
		}
		c.blocks = append(c.blocks, make([]T, blockLen(int(k))))
	}
	c.cur, c.start = c.blocks[k], c.n-off
	c.cur[off] = v
	c.n++
}

// Insert puts v at i, moving the elements from i on up by one.
func (c *Column[T]) Insert(i int32, v T) {
	var zero T
	c.Push(zero)
	for i < c.n {
		b := c.Segment(i)
		last := b[len(b)-1]
		copy(b[1:], b)
		b[0], v = v, last
		i += int32(len(b))
	}
}

// Remove takes element i out, moving the elements after it down by one.
func (c *Column[T]) Remove(i int32) {
	if i == c.n-1 { // the common case: a rollback takes back the last
		c.Truncate(i)
		return
	}
	for i < c.n {
		b := c.Segment(i)
		copy(b, b[1:])
		i += int32(len(b))
		if i < c.n {
			b[len(b)-1] = *c.At(i)
		}
	}
	c.Truncate(c.n - 1)
}

// Truncate keeps the first n elements. The blocks stay allocated: a batch
// that is checked (posted and taken back) would otherwise allocate them
// again each time it crosses into a new block.
func (c *Column[T]) Truncate(n int32) {
	for c.n > n {
		k, off := locate(c.n - 1)
		start := c.n - 1 - off // of the last used block
		from := max(n, start)
		clear(c.blocks[k][from-start : c.n-start]) // let strings go
		c.n = from
	}
	// the next push goes on in the block that now holds element n
	if k, off := locate(c.n); int(k) < len(c.blocks) {
		if c.start != c.n-off {
			c.cur, c.start = c.blocks[k], c.n-off
		}
	} else {
		c.cur, c.start = nil, c.n
	}
}
