package ledger

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/money"
)

// TestIDIndex adds and removes IDs in random order, also out of the LIFO
// order rollback uses, and checks every lookup against a map: removal must
// shift back the slots after it so that no probe run is cut.
func TestIDIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var es column[entry]
	var x idIndex
	x.ready()
	want := map[string]int32{}
	live := []int32{}
	for i := range int32(5000) {
		es.push(entry{id: "op-" + strconv.Itoa(int(i)) + "/repay"})
		x.add(x.tag(es.at(i).id), i)
		want[es.at(i).id] = i
		live = append(live, i)
		for len(live) > 0 && rng.IntN(3) == 0 { // remove a random live ID
			k := rng.IntN(len(live))
			r := live[k]
			live[k] = live[len(live)-1]
			live = live[:len(live)-1]
			x.remove(es.at(r).id, r)
			delete(want, es.at(r).id)
		}
		require.Equal(t, len(want), x.n)
		require.LessOrEqual(t, 4*x.n, 3*len(x.slots), "at most three quarters full")
		if i%97 == 0 || i == 4999 {
			for k := range i + 1 {
				id := es.at(k).id
				got, ok := x.find(id, &es)
				w, in := want[id]
				require.Equal(t, in, ok, "ID %s", id)
				if in {
					require.Equal(t, w, got, "ID %s", id)
				}
			}
			_, ok := x.find("op-unknown", &es)
			require.False(t, ok)
		}
	}
	for _, r := range live {
		x.remove(es.at(r).id, r)
	}
	require.Zero(t, x.n)
	for _, s := range x.slots {
		require.Zero(t, s, "every slot empty again")
	}
}

func TestIDIndexZero(t *testing.T) {
	var es column[entry]
	var x idIndex
	_, ok := x.find("", &es)
	require.False(t, ok, "the zero index finds nothing and does not need a seed")
}

// TestCodeIndex opens the standard chart and a payable per lender, enough
// to grow the table several times, and finds every code and no other.
func TestCodeIndex(t *testing.T) {
	j, err := New(money.IDR, StandardChart())
	require.NoError(t, err)
	for i := range 1000 {
		require.NoError(t, j.OpenAccount(Account{Code: Code("204.L" + strconv.Itoa(i)), Type: Liability, Name: "Utang L" + strconv.Itoa(i)}))
	}
	require.LessOrEqual(t, 2*len(j.accts), len(j.byCode.slots), "at most half full")
	for i, a := range j.accts {
		got, ok := j.byCode.find(a.Code, j.accts)
		require.True(t, ok, a.Code)
		require.Equal(t, int32(i), got)
	}
	for _, c := range []Code{"", "10", "1010", "204.L1000", "204.l1", "999"} {
		_, ok := j.byCode.find(c, j.accts)
		require.False(t, ok, c)
	}
	var zero Journal
	_, ok := zero.byCode.find(Cash, zero.accts)
	require.False(t, ok)
}
