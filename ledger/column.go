package ledger

// column is an append-only sequence kept in blocks of blockSize, so that a
// journal growing to millions of entries never copies what it already holds
// (a plain slice past 256 elements grows by a quarter and copies everything
// each time). Only the first block grows, by appending, up to blockSize.
type column[T any] struct {
	blocks [][]T
	n      int32
}

const (
	blockBits = 10
	blockSize = 1 << blockBits
	blockMask = blockSize - 1
)

func (c *column[T]) len() int32 { return c.n }

// at is element i. The pointer is valid until the next push.
func (c *column[T]) at(i int32) *T { return &c.blocks[i>>blockBits][i&blockMask] }

func (c *column[T]) push(v T) {
	if k := len(c.blocks); k == 0 || len(c.blocks[k-1]) == blockSize {
		size := blockSize
		if k == 0 {
			size = 8
		}
		c.blocks = append(c.blocks, make([]T, 0, size))
	}
	k := len(c.blocks) - 1
	c.blocks[k] = append(c.blocks[k], v)
	c.n++
}

// truncate keeps the first n elements.
func (c *column[T]) truncate(n int32) {
	for c.n > n {
		k := len(c.blocks) - 1
		b := c.blocks[k]
		keep := max(0, int(n)-k*blockSize)
		clear(b[keep:]) // let strings go
		c.n -= int32(len(b) - keep)
		if keep == 0 {
			c.blocks[k] = nil
			c.blocks = c.blocks[:k]
		} else {
			c.blocks[k] = b[:keep]
		}
	}
}
