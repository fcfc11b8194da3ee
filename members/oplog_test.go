package members

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A column gives back every element where it was pushed, across the
// doubling first blocks and the full-size ones, and wastes at most one
// block's room.
func TestColumn(t *testing.T) {
	var c column[int]
	for i := range 4*colBlock + 3 {
		c.push(i)
		require.Equal(t, i+1, c.len())
		for _, j := range []int{0, i / 2, i - 1, i} {
			if j >= 0 {
				require.Equal(t, j, *c.at(j), "at %d after %d pushes", j, i+1)
			}
		}
	}
	for i := range c.len() {
		require.Equal(t, i, *c.at(i))
	}
	room := 0
	for k, b := range c.blocks {
		require.LessOrEqual(t, cap(b), colBlock, "block %d", k)
		room += cap(b)
	}
	require.Less(t, room-c.len(), colBlock)
	require.Equal(t, firstBlock, cap(c.blocks[0]))
	require.Equal(t, colBlock, cap(c.blocks[bigBlock]))
}
