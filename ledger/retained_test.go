package ledger_test

import (
	"runtime"
	"strconv"
	"testing"

	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

// disbursements are n entries like a disbursement's, each with its own ID,
// memo and reference values as the Book makes them: three postings, two
// references.
func disbursements(t testing.TB, n int) []ledger.Entry {
	d := day(t, "2024-03-01")
	es := make([]ledger.Entry, n)
	for i := range es {
		loan, member := "L-"+strconv.Itoa(i), "M-"+strconv.Itoa(i)
		es[i] = ledger.Entry{ID: "op-" + strconv.Itoa(i/5) + "/disburse/" + loan, Date: d.AddDays(i / 50),
			Memo: "pencairan paket kepada " + member + ", pinjaman " + loan,
			Refs: []ledger.Ref{{Key: "member", Value: member}, {Key: "loan", Value: loan}},
			Postings: []ledger.Posting{ledger.Dr(ledger.MemberLoans, money.Rupiah(120_000)),
				ledger.Cr(ledger.PackageSales, money.Rupiah(100_000)), ledger.Cr(ledger.MarginIncome, money.Rupiah(20_000))}}
	}
	return es
}

// retained is the heap a journal of n disbursement entries holds, per entry,
// beyond the empty journal: once counting everything it keeps alive (the
// callers' ID, memo and reference strings too), once only its own storage.
func retained(t testing.TB, n int) (all, own float64) {
	heap := func() int64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc)
	}
	j := newJournal(t)
	h0 := heap()
	es := disbursements(t, n)
	h1 := heap()
	for _, e := range es {
		if err := j.Post(e); err != nil {
			t.Fatal(err)
		}
	}
	h2 := heap()
	runtime.KeepAlive(es)
	es = nil
	h3 := heap()
	runtime.KeepAlive(j)
	return float64(h3-h0) / float64(n), float64(h2-h1) / float64(n)
}

// BenchmarkRetained reports the heap kept per disbursement entry (three
// postings, two references) in a journal of 100.000 entries: B/entry with
// the strings the journal keeps alive, own-B/entry without them.
func BenchmarkRetained(b *testing.B) {
	var all, own float64
	for b.Loop() {
		all, own = retained(b, 100_000)
	}
	b.ReportMetric(all, "B/entry")
	b.ReportMetric(own, "own-B/entry")
}

// TestRetainedPerEntry keeps the journal's own storage per disbursement
// entry (three postings, two references) under what the layout allows:
// an entry record of 32 bytes and 16 for its memo (each disbursement has
// its own), 12 per posting, 8 per reference and 16 for its value (each
// its own), 16 per movement, blocks partly filled, and the ID index's
// slots. The layout of a map-indexed journal with 32-byte references took
// over 300.
func TestRetainedPerEntry(t *testing.T) {
	all, own := retained(t, 20_000)
	t.Logf("%.0f bytes per entry with the strings it keeps, %.0f of its own", all, own)
	if own > 260 {
		t.Errorf("a journal keeps %.0f bytes of its own per entry, want at most 260", own)
	}
}
