package ledger

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestColumn(t *testing.T) {
	var c column[int32]
	want := []int32{}
	check := func() {
		t.Helper()
		require.Equal(t, int32(len(want)), c.len())
		for i, v := range want {
			require.Equal(t, v, *c.at(int32(i)))
		}
		for k, b := range c.blocks {
			if k < len(c.blocks)-1 {
				require.Len(t, b, blockSize, "every block but the last is full")
			} else {
				require.NotEmpty(t, b, "no empty block is kept")
			}
		}
	}
	for i := range int32(3*blockSize + 5) {
		c.push(i)
		want = append(want, i)
	}
	check()
	for _, n := range []int{3*blockSize + 5, 3*blockSize + 1, 3 * blockSize, 2*blockSize - 1, blockSize, 7, 0} {
		c.truncate(int32(n))
		want = want[:n]
		check()
	}
	require.Empty(t, c.blocks)
	for i := range int32(blockSize + 1) {
		c.push(i)
		want = append(want, i)
	}
	check()
}
