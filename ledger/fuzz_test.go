package ledger_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

// FuzzEntryJSON: decoding any bytes as an Entry never panics; what decodes
// encodes, and decodes again to the same entry and the same bytes. Posting
// the decoded entry never panics either, and a refused post changes nothing.
func FuzzEntryJSON(f *testing.F) {
	for _, s := range []string{
		`{"id":"angsuran-A-6","date":"2024-04-03","memo":"angsuran","refs":{"group":"A","member":"M01"},"postings":[{"account":"101","side":"debit","amount":"IDR 4200"},{"account":"111","side":"credit","amount":"IDR 4000"},{"account":"401","side":"credit","amount":"IDR 200"}]}`,
		`{"id":"r","date":"2024-04-04","reverses":"x","postings":[{"account":"101","side":"credit","amount":"Rp4.200"},{"account":"401","side":"debit","amount":"IDR 4200"}]}`,
		`{"id":"","date":"","postings":null}`,
		`{"id":"u","date":"2024-02-29","postings":[{"account":"101","side":"debit","amount":"USD 1.00"},{"account":"401","side":"credit","amount":"0"}]}`,
		`{"refs":{"a":"1","a":"2"}}`,
		`{"postings":[{"side":"debit"}]}`,
		`null`,
		`{"id":"\u00e9\ud800"}`,
	} {
		f.Add([]byte(s))
	}
	j, err := ledger.New(money.IDR, ledger.StandardChart())
	if err != nil {
		f.Fatal(err)
	}
	seed := ledger.Entry{ID: "x", Postings: []ledger.Posting{ledger.Dr(ledger.Cash, money.Rupiah(10_000)), ledger.Cr(ledger.OtherIncome, money.Rupiah(10_000))}}
	if seed.Date, err = calendar.NewDate(2024, 3, 1); err != nil {
		f.Fatal(err)
	}
	if err := j.Post(seed); err != nil {
		f.Fatal(err)
	}
	opts := cmp.Options{eq, cmpopts.EquateEmpty()}
	f.Fuzz(func(t *testing.T, data []byte) {
		var e ledger.Entry
		if err := json.Unmarshal(data, &e); err != nil {
			return
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("decoded %q but cannot encode it: %v", data, err)
		}
		var back ledger.Entry
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("cannot decode own encoding %s: %v", b, err)
		}
		if d := cmp.Diff(e, back, opts); d != "" {
			t.Fatalf("round trip of %s differs (-first +second):\n%s", b, d)
		}
		b2, err := json.Marshal(back)
		if err != nil || string(b) != string(b2) {
			t.Fatalf("encoding is not stable:\n%s\n%s", b, b2)
		}

		before, _ := json.Marshal(j)
		if err := j.Check(e); err != nil {
			after, _ := json.Marshal(j)
			if string(before) != string(after) {
				t.Fatalf("a refused entry changed the journal")
			}
		}
	})
}
