package ledger

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
)

// TestAfter holds an account's search by date, over blocks of every size,
// to a scan of its movements.
func TestAfter(t *testing.T) {
	var a account
	base, err := calendar.NewDate(2024, 1, 1)
	require.NoError(t, err)
	for i := range int32(3*1024 + 100) {
		a.moves.Push(move{date: base.AddDays(int(i / 3)), entry: i})
		if i%97 != 0 && i > 40 {
			continue
		}
		for dd := -2; dd <= int(i/3)+2; dd += 1 + int(i/40) {
			d := base.AddDays(dd)
			want := int32(0)
			for want < a.moves.Len() && !a.moves.At(want).date.After(d) {
				want++
			}
			require.Equal(t, want, a.after(d), "%d moves, after day %d", i+1, dd)
		}
	}
}
