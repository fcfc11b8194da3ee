package simulate

import (
	"context"
	"encoding/json"
	"testing"
)

// FuzzParseProb: any text is refused with ErrInvalid or read as a
// probability that prints back to itself.
func FuzzParseProb(f *testing.F) {
	for _, s := range []string{"0.95", "95%", "19/20", "1", "0", "1/3", "-1", "1e3", "0.0000000001", " 7/8 ", "%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseProb(s)
		if err != nil {
			if p != 0 {
				t.Fatalf("%q: error with a value %v", s, p)
			}
			return
		}
		if !p.valid() {
			t.Fatalf("%q read as %d, above One", s, p)
		}
		q, err := ParseProb(p.String())
		if err != nil || q != p {
			t.Fatalf("%q: %v prints as %q, which reads as %v (%v)", s, uint64(p), p.String(), q, err)
		}
	})
}

// FuzzConfig: any JSON configuration is refused with a ConfigError or
// runs; small valid ones run a trial without panicking and balance.
func FuzzConfig(f *testing.F) {
	for _, c := range []Config{Mekarmukti(), richConfig()} {
		b, _ := json.Marshal(c)
		f.Add(b)
	}
	f.Add([]byte(`{"groups":2,"group_size":3,"cycles":2,"types":[{"share":"1","repay":"0.5"}],"ladder":{"steps":["IDR 25000"],"up_after":1099511627776}}`))
	f.Add([]byte(`{"types":[{"share":"1/2","repay":"1"},{"share":"1/2","repay":"0"}],"peers":{"per_meeting":1048576},"liability":"individual"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var c Config
		if json.Unmarshal(b, &c) != nil {
			return
		}
		m, err := compile(c)
		if err != nil {
			if _, ok := err.(*ConfigError); !ok {
				t.Fatalf("not a ConfigError: %T %v", err, err)
			}
			return
		}
		if m.seats*m.cycles*m.inst > 20_000 {
			return
		}
		_, err = Run(context.Background(), c, Options{Trials: 2, Seed: 1, Trial: func(tr Trial) error {
			x := tr.Counts
			if x.Due != x.OnTime+x.Covered+x.FundUsed+x.Recovered+x.Unpaid {
				t.Fatalf("unbalanced trial %+v", x)
			}
			return nil
		}})
		if err != nil {
			t.Fatal(err)
		}
	})
}
