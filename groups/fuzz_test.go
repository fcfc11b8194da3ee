package groups

import (
	"encoding/json"
	"testing"
)

// roundTrip decodes b into a fresh T; when that succeeds, what it encodes
// must decode again to the same encoding. Decoding must never panic.
func roundTrip[T any](t *testing.T, b []byte) {
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return
	}
	first, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("decoded %s but cannot encode it: %v", b, err)
	}
	var w T
	if err := json.Unmarshal(first, &w); err != nil {
		t.Fatalf("cannot decode own encoding %s: %v", first, err)
	}
	second, _ := json.Marshal(w)
	if string(first) != string(second) {
		t.Fatalf("encoding not stable:\n%s\n%s", first, second)
	}
}

func FuzzGroupJSON(f *testing.F) {
	f.Add([]byte(`{"id":"G","status":"active","policy":{"min_size":1,"max_size":3,"max_supervisors":2},"members":[{"member":"A","household":"a","rt":1,"rw":1,"location":{"lat":-6873410,"lon":107456120}},{"member":"B","household":"b","rt":2,"rw":1}],"leader":"A","treasurer":"B","supervisors":["L"],"cycle_open":true}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"id":"G","status":"forming","policy":{},"members":[{"member":"A","household":"a","rt":1,"rw":1}],"leader":"A"}`))
	f.Fuzz(func(t *testing.T, b []byte) { roundTrip[Group](t, b) })
}

func FuzzDebtsJSON(f *testing.F) {
	f.Add([]byte(`{"seq":3,"debts":[{"seq":1,"date":"2024-03-29","debtor":"A","creditor":"B","amount":"IDR 1050"},{"seq":3,"date":"2024-03-28","debtor":"A","fund":true,"amount":"IDR 500"}]}`))
	f.Add([]byte(`{"seq":0,"debts":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) { roundTrip[Debts](t, b) })
}

func FuzzFundJSON(f *testing.F) {
	f.Add([]byte(`{"balance":"IDR 3400","out":"IDR 600","stakes":[{"member":"A","amount":"IDR 1000"},{"member":"B","amount":"IDR 3000"}]}`))
	f.Add([]byte(`{"balance":"0","out":"0","stakes":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) { roundTrip[Fund](t, b) })
}

func FuzzPolicyJSON(f *testing.F) {
	f.Add([]byte(`{"rule":"leader-first","fund":"first","cap":"IDR 2000"}`))
	f.Add([]byte(`{"rule":"pro-rata","fund":"last","cap":null}`))
	f.Fuzz(func(t *testing.T, b []byte) { roundTrip[CoverPolicy](t, b) })
}
