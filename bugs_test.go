package koperasi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/examples/pilot"
	"github.com/ip2p/koperasi/members"
	"github.com/stretchr/testify/require"
)

// pilotUntil returns a Book with the pilot's commands applied up to (not
// including) the first whose ID has the prefix given, and the rest.
func pilotUntil(t testing.TB, prefix string) (*koperasi.Book, []koperasi.Command) {
	t.Helper()
	b, err := koperasi.New(pilot.Config())
	require.NoError(t, err)
	cmds := pilot.Commands()
	for i, c := range cmds {
		if strings.HasPrefix(opOf(c).ID, prefix) {
			return b, cmds[i:]
		}
		_, err := b.Do(c)
		require.NoError(t, err, opOf(c).ID)
	}
	t.Fatalf("no pilot command %s...", prefix)
	return nil, nil
}

// A lender whose money is out in loans may not leave the koperasi while
// the loans are being repaid: once it has resigned, its payouts are
// refused, and so is every collection of the loans it funded, so that the
// borrowers can no longer repay. Found by TestBookStateMachine.
func TestResignedLenderDoesNotBlockRepayment(t *testing.T) {
	b, rest := pilotUntil(t, "collect-G2-1-1")
	_, err := b.Do(koperasi.Resign{Op: koperasi.Op{ID: "resign-L04", Date: pilot.Date(time.March, 28)}, Member: "L04"})
	if err != nil {
		require.ErrorIs(t, err, members.ErrOpenObligations, "a lender with money out in loans resigns")
		return
	}
	_, err = b.Do(rest[0])
	require.NoError(t, err, "L04 (resigned, funding G2's loans) blocks G2's collection")
}
