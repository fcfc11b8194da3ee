package money

import "testing"

// FuzzParseCanonical: the fast reading of the canonical form, when it takes
// an input, gives what Parse gives.
func FuzzParseCanonical(f *testing.F) {
	for _, s := range []string{"IDR 4200", "IDR -1500", "USD 1234.56", "USD -0.01", "EUR 0.00", "IDR 0", "IDR -0", "IDR 007", "XYZ 1.00", "IDR 999999999999999999", "IDR 9999999999999999999", "USD 1.2", "IDR/2 1.00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseCanonical([]byte(s))
		if !ok {
			return
		}
		want, err := Parse(s)
		if err != nil {
			t.Fatalf("parseCanonical took %q, which Parse refuses: %v", s, err)
		}
		if got != want {
			t.Fatalf("%q: parseCanonical %v, Parse %v", s, got, want)
		}
		text, err := got.MarshalText()
		if err != nil || string(text) != s {
			t.Fatalf("%q is not canonical: it writes back as %q (%v)", s, text, err)
		}
	})
}

func TestParseCanonical(t *testing.T) {
	for s, want := range map[string]Amount{"IDR 4200": Rupiah(4200), "IDR -1500": Rupiah(-1500), "USD -12.34": USD.Amount(-1234), "IDR 0": Rupiah(0), "EUR 0.05": EUR.Amount(5)} {
		got, ok := parseCanonical([]byte(s))
		if !ok || got != want {
			t.Errorf("%q: %v %v, want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"IDR 007", "IDR -0", "IDR 9999999999999999999", "USD 1.2", "USD 12", "IDR 1.00", "IDR/2 1.00", "idr 1", "IDR  1", "IDR 1 ", "Rp4.200", "0"} {
		if _, ok := parseCanonical([]byte(s)); ok {
			t.Errorf("%q taken", s)
		}
	}
	b := []byte("IDR 4200")
	var a Amount
	if n := testing.AllocsPerRun(100, func() { _ = a.UnmarshalText(b) }); n != 0 {
		t.Errorf("UnmarshalText of the canonical form allocates %v times", n)
	}
}
