package ledger

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/calendar"
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
	var c column[int32]
	want := []int32{}
	check := func() {
		t.Helper()
		require.Equal(t, int32(len(want)), c.len())
		for i, v := range want {
			require.Equal(t, v, *c.at(int32(i)))
		}
		for k, b := range c.blocks {
			require.Len(t, b, blockLen(k), "blocks are allocated whole")
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
	for i := range int32(blockSize + 1) {
		c.push(i)
		want = append(want, i)
	}
	check()
}

// TestColumnTruncateClears lets go of the strings past the new length.
func TestColumnTruncateClears(t *testing.T) {
	var c column[string]
	for range 40 {
		c.push("x")
	}
	c.truncate(3)
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
		var c column[int64]
		var want []int64
		next := int64(0)
		for range rapid.IntRange(0, 200).Draw(t, "ops") {
			next++
			switch op := rapid.IntRange(0, 9).Draw(t, "op"); {
			case op < 6:
				n := rapid.IntRange(1, 600).Draw(t, "pushes")
				for range n {
					c.push(next)
					want = append(want, next)
					next++
				}
			case op < 8:
				i := rapid.IntRange(0, len(want)).Draw(t, "insert at")
				c.insert(int32(i), next)
				want = slices.Insert(want, i, next)
			case op == 8 && len(want) > 0:
				i := rapid.IntRange(0, len(want)-1).Draw(t, "remove at")
				c.remove(int32(i))
				want = slices.Delete(want, i, i+1)
			default:
				n := rapid.IntRange(0, len(want)).Draw(t, "truncate to")
				c.truncate(int32(n))
				want = want[:n]
			}
			if int(c.len()) != len(want) {
				t.Fatalf("len %d, want %d", c.len(), len(want))
			}
			for i, v := range want {
				if got := *c.at(int32(i)); got != v {
					t.Fatalf("element %d is %d, want %d", i, got, v)
				}
			}
			var seg []int64
			for i := int32(0); i < c.len(); {
				s := c.segment(i)
				seg = append(seg, s...)
				i += int32(len(s))
			}
			if !slices.Equal(seg, want) && len(want) > 0 {
				t.Fatalf("segments %v, want %v", seg, want)
			}
		}
	})
}

// TestAfter holds an account's search by date, over blocks of every size,
// to a scan of its movements.
func TestAfter(t *testing.T) {
	var a account
	base, err := calendar.NewDate(2024, 1, 1)
	require.NoError(t, err)
	for i := range int32(3*blockSize + 100) {
		a.moves.push(move{date: base.AddDays(int(i / 3)), entry: i})
		if i%97 != 0 && i > 40 {
			continue
		}
		for dd := -2; dd <= int(i/3)+2; dd += 1 + int(i/40) {
			d := base.AddDays(dd)
			want := int32(0)
			for want < a.moves.len() && !a.moves.at(want).date.After(d) {
				want++
			}
			require.Equal(t, want, a.after(d), "%d moves, after day %d", i+1, dd)
		}
	}
}
