package ledger

import "math/bits"

// column is an append-only sequence kept in blocks that are never copied:
// a journal growing to millions of entries never moves what it already
// holds (a plain slice doubles and copies everything, and past 256 elements
// grows by a quarter and copies everything each time). The blocks double in
// size from 16 elements up to blockSize, then stay at blockSize, so a small
// journal (an account with a few movements) wastes little and a large one
// allocates each element once. Blocks are allocated whole; n says how much
// of them is used.
type column[T any] struct {
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

func (c *column[T]) len() int32 { return c.n }

// at is element i. The pointer stays valid: blocks never move.
func (c *column[T]) at(i int32) *T {
	k, off := locate(i)
	return &c.blocks[k][off]
}

// segment is the elements from i to the end of i's block or of the
// column, whichever comes first: a loop over a range takes it block by
// block.
func (c *column[T]) segment(i int32) []T {
	k, off := locate(i)
	b := c.blocks[k][off:]
	if rest := c.n - i; int32(len(b)) > rest {
		b = b[:rest]
	}
	return b
}

// last is the last element; the column is not empty.
func (c *column[T]) last() *T {
	if i := c.n - 1 - c.start; uint32(i) < uint32(len(c.cur)) {
		return &c.cur[i]
	}
	return c.at(c.n - 1)
}

// push appends v. It is small enough to inline; pushBlock is the rest.
func (c *column[T]) push(v T) {
	if i := c.n - c.start; uint32(i) < uint32(len(c.cur)) {
		c.cur[i] = v
		c.n++
		return
	}
	c.pushBlock(v)
}

// appendAll appends vs, an entry's few postings or references: into the
// current block with one bounds check when they fit.
func (c *column[T]) appendAll(vs []T) {
	if i := int(c.n - c.start); i >= 0 && i+len(vs) <= len(c.cur) {
		copy(c.cur[i:i+len(vs)], vs)
		c.n += int32(len(vs))
		return
	}
	for _, v := range vs {
		c.push(v)
	}
}

// pushBlock is push into the next block, allocated if it is new.
func (c *column[T]) pushBlock(v T) {
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

// insert puts v at i, moving the elements from i on up by one.
func (c *column[T]) insert(i int32, v T) {
	var zero T
	c.push(zero)
	for i < c.n {
		b := c.segment(i)
		last := b[len(b)-1]
		copy(b[1:], b)
		b[0], v = v, last
		i += int32(len(b))
	}
}

// remove takes element i out, moving the elements after it down by one.
func (c *column[T]) remove(i int32) {
	if i == c.n-1 { // the common case: a rollback takes back the last
		c.truncate(i)
		return
	}
	for i < c.n {
		b := c.segment(i)
		copy(b, b[1:])
		i += int32(len(b))
		if i < c.n {
			b[len(b)-1] = *c.at(i)
		}
	}
	c.truncate(c.n - 1)
}

// truncate keeps the first n elements. The blocks stay allocated: a batch
// that is checked (posted and taken back) would otherwise allocate them
// again each time it crosses into a new block.
func (c *column[T]) truncate(n int32) {
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
