package members

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func day(t tb, s string) calendar.Date {
	t.Helper()
	v, err := calendar.ParseDate(s)
	require.NoError(t, err)
	return v
}

func month(t tb, s string) calendar.YearMonth {
	t.Helper()
	v, err := calendar.ParseYearMonth(s)
	require.NoError(t, err)
	return v
}

func rp(n int64) money.Amount { return money.Rupiah(n) }

// nik makes a valid NIK with serial n (1..9999).
func nik(n int) NIK {
	s := "3217014508900000"
	b := []byte(s)
	for i := 15; n > 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return NIK(b)
}

// person is a valid active member of RW 8 who joined on 2023-12-28.
func person(t tb, id ID, serial int) Member {
	return Member{
		ID:        id,
		Name:      "Ibu " + string(id),
		NIK:       nik(serial),
		KK:        "3217010101200001",
		BirthDate: day(t, "1990-08-05"),
		Address:   Address{Street: "Kampung Awilarangan", RT: 2, RW: 8, Village: "Mekarmukti", District: "Cihampelas", Regency: "Bandung Barat"},
		Business:  Business{Type: BusinessFishProcessing, Description: "pindang"},
		Joined:    day(t, "2023-12-28"),
		Status:    Active,
		Documents: Documents{KTP: true, KK: true},
	}
}

// testConfig: pokok Rp50.000, wajib Rp10.000 a month from the month after
// joining, up to 12 months ahead.
func testConfig() Config {
	return Config{Pokok: rp(50_000), Wajib: rp(10_000), WajibAdvanceMonths: 12}
}

func newSavings(t tb) (*Savings, *ledger.Journal) {
	t.Helper()
	j, err := ledger.New(money.IDR, ledger.StandardChart())
	require.NoError(t, err)
	s, err := New(testConfig(), j)
	require.NoError(t, err)
	return s, j
}

func mustJSON(t tb, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./members -update to create %s", path)
	require.Equal(t, string(want), string(got), "golden file %s differs; rerun with -update if the change is intended", path)
}

func indent(t tb, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	return append(b, '\n')
}

// diff is cmp.Diff with the library's small value types compared by ==,
// and any further options.
func diff(want, got any, opts ...cmp.Option) string {
	return cmp.Diff(want, got, append([]cmp.Option{
		cmp.Comparer(func(a, b calendar.Date) bool { return a == b }),
		cmp.Comparer(func(a, b calendar.YearMonth) bool { return a == b }),
		cmp.Comparer(func(a, b money.Amount) bool { return a == b }),
	}, opts...)...)
}

// tb is what the helpers need: testing.T, testing.B, testing.F and rapid.T
// all provide it.
type tb interface {
	Helper()
	require.TestingT
}
