package blocks

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestLocate holds the block arithmetic to its definition: blocks of 16, 16,
// 32 ... 512 elements, then of blockSize, in order and without gaps.
func TestLocate(t *testing.T) {
	var k, off int32
	for i := range int32(5*blockSize + 3) {
		gk, goff := locate(i)
		require.Equal(t, [2]int32{k, off}, [2]int32{gk, goff}, "element %d", i)
		if off++; int(off) == blockLen(int(k)) {
			k, off = k+1, 0
		}
	}
}

func TestColumn(t *testing.T) {
	var c Column[int32]
	want := []int32{}
	check := func() {
		t.Helper()
		require.Equal(t, int32(len(want)), c.Len())
		for i, v := range want {
			require.Equal(t, v, *c.At(int32(i)))
		}
		for k, b := range c.blocks {
			require.Len(t, b, blockLen(k), "blocks are allocated whole")
		}
	}
	for i := range int32(3*blockSize + 5) {
		c.Push(i)
		want = append(want, i)
	}
	check()
	for _, n := range []int{3*blockSize + 5, 3*blockSize + 1, 3 * blockSize, 2*blockSize - 1, blockSize, 7, 0} {
		c.Truncate(int32(n))
		want = want[:n]
		check()
	}
	for i := range int32(blockSize + 1) {
		c.Push(i)
		want = append(want, i)
	}
	check()
}

// TestColumnTruncateClears lets go of the strings past the new length.
func TestColumnTruncateClears(t *testing.T) {
	var c Column[string]
	for range 40 {
		c.Push("x")
	}
	c.Truncate(3)
	for k, b := range c.blocks {
		for i, s := range b {
			if k == 0 && i < 3 {
				continue
			}
			require.Empty(t, s, "block %d element %d", k, i)
		}
	}
}

// TestColumnRapid holds push, insert, remove and truncate to a slice.
func TestColumnRapid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var c Column[int64]
		var want []int64
		next := int64(0)
		for range rapid.IntRange(0, 200).Draw(t, "ops") {
			next++
			switch op := rapid.IntRange(0, 9).Draw(t, "op"); {
			case op < 6:
				n := rapid.IntRange(1, 600).Draw(t, "pushes")
				for range n {
					c.Push(next)
					want = append(want, next)
					next++
				}
			case op < 8:
				i := rapid.IntRange(0, len(want)).Draw(t, "insert at")
				c.Insert(int32(i), next)
				want = slices.Insert(want, i, next)
			case op == 8 && len(want) > 0:
				i := rapid.IntRange(0, len(want)-1).Draw(t, "remove at")
				c.Remove(int32(i))
				want = slices.Delete(want, i, i+1)
			default:
				n := rapid.IntRange(0, len(want)).Draw(t, "truncate to")
				c.Truncate(int32(n))
				want = want[:n]
			}
			if int(c.Len()) != len(want) {
				t.Fatalf("len %d, want %d", c.Len(), len(want))
			}
			for i, v := range want {
				if got := *c.At(int32(i)); got != v {
					t.Fatalf("element %d is %d, want %d", i, got, v)
				}
			}
			var seg []int64
			for i := int32(0); i < c.Len(); {
				s := c.Segment(i)
				seg = append(seg, s...)
				i += int32(len(s))
			}
			if !slices.Equal(seg, want) && len(want) > 0 {
				t.Fatalf("segments %v, want %v", seg, want)
			}
		}
	})
}

// TestSearch holds the search by blocks to a scan, over blocks of every
// size, with runs of equal keys across block edges.
func TestSearch(t *testing.T) {
	var c Column[int32]
	for i := range int32(3*blockSize + 100) {
		c.Push(i / 3)
		if i%97 != 0 && i > 40 {
			continue
		}
		for d := int32(-2); d <= i/3+2; d += 1 + i/40 {
			want := int32(0)
			for want < c.Len() && *c.At(want) <= d {
				want++
			}
			require.Equal(t, want, c.Search(func(v *int32) bool { return *v > d }), "%d elements, after %d", i+1, d)
		}
	}
}
