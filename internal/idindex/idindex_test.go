package idindex

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// Adding and removing IDs in random order, also out of the LIFO order a
// journal's rollback uses, every lookup agrees with a map: a removal must
// shift back the slots after it so that no probe run is cut.
func TestIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var ids []string
	idAt := func(i int) string { return ids[i] }
	var x Index
	_, ok := x.Lookup("none", idAt)
	require.False(t, ok, "the zero Index finds nothing, without a seed")
	want := map[string]int{}
	var live []int
	for i := range 5000 {
		ids = append(ids, "op-"+strconv.Itoa(i)+"/repay")
		x.Add(x.Tag(ids[i]), i)
		want[ids[i]] = i
		live = append(live, i)
		for len(live) > 0 && rng.IntN(3) == 0 { // remove a random live ID
			k := rng.IntN(len(live))
			r := live[k]
			live[k] = live[len(live)-1]
			live = live[:len(live)-1]
			x.Remove(x.Tag(ids[r]), r)
			delete(want, ids[r])
		}
		require.Equal(t, len(want), x.Len())
		require.LessOrEqual(t, 4*x.n, 3*len(x.slots), "at most three quarters full")
		if i%97 == 0 || i == 4999 {
			for k := range i + 1 {
				got, ok := x.Lookup(ids[k], idAt)
				w, in := want[ids[k]]
				require.Equal(t, in, ok, "ID %s", ids[k])
				if in {
					require.Equal(t, w, got, "ID %s", ids[k])
				}
			}
			_, ok := x.Lookup("op-unknown", idAt)
			require.False(t, ok)
		}
	}
	for _, r := range live {
		x.Remove(x.Tag(ids[r]), r)
	}
	require.Zero(t, x.Len())
	for _, s := range x.slots {
		require.Zero(t, s, "every slot empty again")
	}
}

// Reserve makes room up front; an index reserved and then filled to that
// size does not grow.
func TestReserve(t *testing.T) {
	var x Index
	x.Reserve(64)
	size := len(x.slots)
	require.GreaterOrEqual(t, 3*size, 4*64)
	for i := range 64 {
		x.Add(x.Tag(strconv.Itoa(i)), i)
	}
	require.Equal(t, size, len(x.slots))
}
