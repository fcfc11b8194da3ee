package money_test

import (
	"bytes"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/ip2p/koperasi/money"
)

var amountSeeds = []string{
	"IDR 4200", "IDR -1500", "USD 1234.56", "IDR/2 4200.00", "USD/0 12", "KWD/3 1.000", "0", "",
	"Rp4.200", "-Rp1.500", "Rp 1.234", "US$1.234,56", "€1.234,56", "Rp4.20", "Rp1.2345", "Rp1,234",
	"IDR 9223372036854775807", "IDR 9223372036854775808", "IDR -9223372036854775808",
	"Rp9.223.372.036.854.775.807", "--Rp5", "IDR/9 5", "XYZW 5", "Rp", "-", "IDR  1", "€", "US$ 1",
}

// FuzzParse: Parse never panics, and what it reads writes back to the same
// amount in both text forms.
func FuzzParse(f *testing.F) {
	for _, s := range amountSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := money.Parse(s)
		if err != nil {
			if a != (money.Amount{}) {
				t.Fatalf("Parse(%q) failed but returned %v", s, a)
			}
			return
		}
		b, err := a.MarshalText()
		if err != nil {
			t.Fatalf("Parse(%q) = %v, which does not marshal: %v", s, a, err)
		}
		back, err := money.Parse(string(b))
		if err != nil || back != a {
			t.Fatalf("Parse(%q) = %v; its text %q reads back as %v, %v", s, a, b, back, err)
		}
		disp := a.String()
		back, err = money.ParseIn(a.Currency(), disp)
		if err != nil || back != a {
			t.Fatalf("Parse(%q) = %v; its display %q reads back as %v, %v", s, a, disp, back, err)
		}
	})
}

// FuzzParseIn: ParseIn never panics, keeps the currency, and round-trips.
func FuzzParseIn(f *testing.F) {
	for _, s := range amountSeeds {
		for d := range uint8(3) {
			f.Add(d, s)
		}
	}
	f.Add(uint8(6), "XAU 0,000001")
	f.Add(uint8(9), "1.234")
	f.Fuzz(func(t *testing.T, sel uint8, s string) {
		c := fuzzCurrency(t, sel)
		a, err := money.ParseIn(c, s)
		if err != nil {
			if a != (money.Amount{}) {
				t.Fatalf("ParseIn(%v, %q) failed but returned %v", c, s, a)
			}
			return
		}
		if a.Currency() != c {
			t.Fatalf("ParseIn(%v, %q) gave currency %v", c, s, a.Currency())
		}
		disp := a.String()
		back, err := money.ParseIn(c, disp)
		if err != nil || back != a {
			t.Fatalf("ParseIn(%v, %q) = %v; its display %q reads back as %v, %v", c, s, a, disp, back, err)
		}
		if c.IsZero() {
			return // a non-zero amount without a currency has no canonical text
		}
		b, err := a.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back2 money.Amount
		if err := back2.UnmarshalText(b); err != nil || back2 != a {
			t.Fatalf("%v: text %q reads back as %v, %v", a, b, back2, err)
		}
	})
}

// fuzzCurrency picks one of ten currencies, including the zero Currency and
// one with every number of decimals.
func fuzzCurrency(t *testing.T, sel uint8) money.Currency {
	t.Helper()
	switch sel % 10 {
	case 0:
		return money.IDR
	case 1:
		return money.USD
	case 2:
		return money.EUR
	case 9:
		return 0
	}
	c, err := money.NewCurrency("XAU", int(sel%10)-3) // 0..5 decimals
	if sel%10 == 8 {
		c, err = money.NewCurrency("IDR", 6)
	}
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// FuzzAmountText: UnmarshalText never panics, leaves the amount unchanged on
// error, and what it reads marshals back to the same canonical text.
func FuzzAmountText(f *testing.F) {
	for _, s := range amountSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a := money.Rupiah(7)
		if err := a.UnmarshalText(b); err != nil {
			if a != money.Rupiah(7) {
				t.Fatalf("failed UnmarshalText(%q) changed the amount to %v", b, a)
			}
			return
		}
		out, err := a.MarshalText()
		if err != nil {
			t.Fatalf("UnmarshalText(%q) = %v, which does not marshal: %v", b, a, err)
		}
		var back money.Amount
		if err := back.UnmarshalText(out); err != nil || back != a {
			t.Fatalf("%q -> %v -> %q -> %v, %v", b, a, out, back, err)
		}
		again, _ := back.MarshalText()
		if !bytes.Equal(out, again) {
			t.Fatalf("canonical text is not stable: %q then %q", out, again)
		}
	})
}

// FuzzParseRate: ParseRate never panics, reads only valid rates, and what it
// reads writes back to the same rate.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{
		"18%", "0.18", "0,18", "1,5%", "1/3 per term", "0.1%/day", "2% per bulan", "18% p.a.", "18% per tahun",
		"-18%", "abc", "1/0", "", "%", "1/3/4", "999999999999999999%", "0.000000000000000001", ".5", "5.",
		"9223372036854775807/1", "1/9223372036854775807 per day", "0.09765625% per year",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := money.ParseRate(s)
		if err != nil {
			if r != (money.Rate{}) {
				t.Fatalf("ParseRate(%q) failed but returned %v", s, r)
			}
			return
		}
		if r.Num() < 0 || r.Den() <= 0 || !r.Period().Valid() {
			t.Fatalf("ParseRate(%q) = %d/%d per %v", s, r.Num(), r.Den(), r.Period())
		}
		out := r.String()
		back, err := money.ParseRate(out)
		if err != nil || back != r {
			t.Fatalf("ParseRate(%q) = %v; %q reads back as %v, %v", s, r, out, back, err)
		}
	})
}

// FuzzParseCurrency: ParseCurrency never panics and round-trips.
func FuzzParseCurrency(f *testing.F) {
	for _, s := range []string{"IDR", "USD", "IDR/2", "USD/0", "ABC/6", "IDR/7", "idr", "", "IDR/", "IDR/+1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := money.ParseCurrency(s)
		if err != nil {
			return
		}
		if c.Digits() < 0 || c.Digits() > money.MaxDigits || len(c.Code()) != 3 {
			t.Fatalf("ParseCurrency(%q) = %v with %d digits", s, c, c.Digits())
		}
		back, err := money.ParseCurrency(c.String())
		if err != nil || back != c {
			t.Fatalf("ParseCurrency(%q) = %v; reads back as %v, %v", s, c, back, err)
		}
	})
}

// FuzzFromDecimal: any decimal either converts exactly or is refused.
func FuzzFromDecimal(f *testing.F) {
	for _, s := range []string{"4200", "4200.5", "12.34", "-1.5", "9223372036854775808", "1e30", "0.000001", "-0"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(1))
	}
	f.Fuzz(func(t *testing.T, s string, sel uint8) {
		if len(s) > 64 {
			return // keep the decimal library's own parsing cheap
		}
		d, err := decimal.NewFromString(s)
		if err != nil {
			return
		}
		c := fuzzCurrency(t, sel)
		a, err := money.FromDecimal(d, c)
		if err != nil {
			return
		}
		if !a.Decimal().Equal(d) || a.Currency() != c {
			t.Fatalf("FromDecimal(%s, %v) = %v, not exact", s, c, a)
		}
	})
}
