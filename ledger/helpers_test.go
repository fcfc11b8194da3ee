package ledger_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

// eq lets go-cmp compare values with unexported fields that are compared with ==.
var eq = cmp.Options{cmpopts.EquateComparable(calendar.Date{}, money.Amount{})}

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

func day(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	require.NoError(t, err)
	return d
}

func rp(n int64) money.Amount { return money.Rupiah(n) }

func newJournal(t testing.TB) *ledger.Journal {
	t.Helper()
	j, err := ledger.New(money.IDR, ledger.StandardChart())
	require.NoError(t, err)
	return j
}

func state(t testing.TB, j *ledger.Journal) string {
	t.Helper()
	b, err := json.Marshal(j)
	require.NoError(t, err)
	return string(b)
}

// entry is a short way to write a valid-looking entry.
func entry(t testing.TB, id, date string, ps ...ledger.Posting) ledger.Entry {
	return ledger.Entry{ID: id, Date: day(t, date), Memo: id, Postings: ps}
}

func post(t testing.TB, j *ledger.Journal, es ...ledger.Entry) {
	t.Helper()
	for _, e := range es {
		require.NoError(t, j.Post(e), "post %s", e.ID)
	}
}

func balance(t testing.TB, j *ledger.Journal, c ledger.Code) money.Amount {
	t.Helper()
	b, err := j.Balance(c)
	require.NoError(t, err)
	return b
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./ledger -update to create %s", path)
	require.Equal(t, string(want), string(got), "%s differs; run go test ./ledger -update if the change is intended", path)
}
