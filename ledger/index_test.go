package ledger

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/internal/blocks"
	"github.com/ip2p/koperasi/money"
)

// The journal's ID index finds what was posted, and nothing in a zero
// Journal (internal/idindex has the index's own tests).
func TestIDIndexZero(t *testing.T) {
	var es blocks.Column[entry]
	var x idIndex
	_, ok := x.find("", &es)
	require.False(t, ok, "the zero index finds nothing and does not need a seed")
	es.Push(entry{id: "op-1/repay"})
	x.add(x.tag("op-1/repay"), 0)
	i, ok := x.find("op-1/repay", &es)
	require.True(t, ok)
	require.Zero(t, i)
	x.remove("op-1/repay", 0)
	_, ok = x.find("op-1/repay", &es)
	require.False(t, ok)
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
