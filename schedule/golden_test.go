package schedule_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenCurrency is one way of keeping the books: the currency, a principal
// and the rounding a koperasi (or a system it migrates from) would use.
type goldenCurrency struct {
	name      string
	principal money.Amount
	margin    money.Amount // murabahah margin as an amount
	rounding  schedule.Rounding
}

var goldenCurrencies = []goldenCurrency{
	{ // rupiah books rounded up to Rp100, the Mekarmukti rule
		name:      "idr-up",
		principal: money.Rupiah(1_000_000),
		margin:    money.Rupiah(150_000),
		rounding: schedule.Rounding{
			Installment: money.Rounding{Step: 100, Mode: money.Up},
			Parts:       money.Rounding{Step: 1, Mode: money.HalfUp},
		},
	},
	{ // rupiah books rounded to the nearest Rp100
		name:      "idr-halfup",
		principal: money.Rupiah(1_000_000),
		margin:    money.Rupiah(150_000),
		rounding: schedule.Rounding{
			Installment: money.Rounding{Step: 100, Mode: money.HalfUp},
			Parts:       money.Rounding{Step: 1, Mode: money.HalfUp},
		},
	},
	{ // a 2-decimal currency in cents, banker's rounding (Fineract's default)
		name:      "usd",
		principal: money.USD.Amount(100_000), // US$1.000,00
		margin:    money.USD.Amount(10_000),  // US$100,00
		rounding: schedule.Rounding{
			Installment: money.Rounding{Step: 1, Mode: money.HalfEven},
			Parts:       money.Rounding{Step: 1, Mode: money.HalfEven},
		},
	},
	{ // cents, installments rounded up to the next cent (ceiling): keep-equal
		// in a 2-decimal currency, which the half-even books above may not use
		name:      "usd-ceiling",
		principal: money.USD.Amount(100_000),
		margin:    money.USD.Amount(10_000),
		rounding: schedule.Rounding{
			Installment: money.Rounding{Step: 1, Mode: money.Ceiling},
			Parts:       money.Rounding{Step: 1, Mode: money.HalfEven},
		},
	},
}

// goldenMethod is a pricing method with its rate or margin.
type goldenMethod struct {
	name   string
	method schedule.Method
	rate   string // for ParseRate; "" for none
	margin bool   // murabahah: use the currency's margin amount
}

var goldenMethods = []goldenMethod{
	{"flat-per-year", schedule.Flat, "24% per year", false},
	{"flat-per-month", schedule.Flat, "2% per month", false},
	{"flat-per-term", schedule.Flat, "20% per term", false},
	{"annuity", schedule.Annuity, "24% per year", false},
	{"equal-principal", schedule.EqualPrincipal, "24% per year", false},
	{"murabahah-margin", schedule.Murabahah, "", true},
	{"murabahah-rate", schedule.Murabahah, "15% per term", false},
	{"qard", schedule.Qard, "", false},
}

// goldenFrequency is a frequency with a term that suits it.
type goldenFrequency struct {
	name         string
	freq         calendar.Frequency
	installments int
	cal          bool // the koperasi's calendar: no Sundays, 2024 holidays
}

var goldenFrequencies = []goldenFrequency{
	{"daily", calendar.Frequency{Unit: calendar.Days}, 7, false},
	{"working days (no Sundays, 2024 holidays)", calendar.Frequency{Unit: calendar.WorkingDays}, 7, true},
	{"weekly", calendar.Frequency{Unit: calendar.Weeks}, 12, false},
	{"every 2 weeks", calendar.Frequency{Every: 2, Unit: calendar.Weeks}, 6, false},
	{"monthly", calendar.Frequency{Unit: calendar.Months}, 12, false},
}

var goldenResiduals = []schedule.Residual{schedule.LastAbsorbs, schedule.FirstAbsorbs, schedule.KeepEqual}

// TestGoldenMethods renders every method x residual policy x frequency, for
// rupiah (installments to Rp100 up and half-up) and US dollars in cents
// (half-even and ceiling), one file per method and currency:
// testdata/<method>.<currency>.golden. Combinations the library refuses
// (first-absorbs annuities, keep-equal rounded half-up or half-even, keep-equal
// equal principal) are recorded with their error text. Every schedule that
// is generated must also hold the invariants.
func TestGoldenMethods(t *testing.T) {
	kopCal := calendar.NoSundays(calendar.IndonesiaHolidays2024()...)
	for _, m := range goldenMethods {
		for _, c := range goldenCurrencies {
			name := m.name + "." + c.name
			t.Run(name, func(t *testing.T) {
				var b strings.Builder
				for _, f := range goldenFrequencies {
					for _, r := range goldenResiduals {
						terms := schedule.Terms{
							Principal:    c.principal,
							Method:       m.method,
							Installments: f.installments,
							Frequency:    f.freq,
							Disbursed:    pilotDay,
							Rounding:     c.rounding,
						}
						terms.Rounding.Residual = r
						if m.rate != "" {
							terms.Rate = mkRate(t, m.rate)
						}
						if m.margin {
							terms.Margin = c.margin
						}
						if f.cal {
							terms.Calendar = kopCal
						}
						fmt.Fprintf(&b, "== %s, %s\n", f.name, r)
						writeGolden(t, &b, terms)
					}
				}
				compareGolden(t, name, b.String())
			})
		}
	}
}

// TestGoldenGraceAndDayCount renders grace on principal and on interest
// (deferred and forgiven) and the actual day count with each year length.
func TestGoldenGraceAndDayCount(t *testing.T) {
	monthly := calendar.Frequency{Unit: calendar.Months}
	weekly := calendar.Frequency{Unit: calendar.Weeks}
	idr := schedule.Rounding{
		Installment: money.Rounding{Step: 100, Mode: money.Up},
		Parts:       money.Rounding{Step: 1, Mode: money.HalfUp},
	}
	usd := schedule.Rounding{Parts: money.Rounding{Step: 1, Mode: money.HalfEven}}
	jan31 := mkDate(t, 2024, time.January, 31)
	nov15 := mkDate(t, 2023, time.November, 15)
	annuityIDR := schedule.Terms{
		Principal: money.Rupiah(10_000_000), Method: schedule.Annuity, Rate: mkRate(t, "18% per year"),
		Installments: 12, Frequency: monthly, Disbursed: pilotDay, Rounding: idr,
	}
	annuityUSD := schedule.Terms{
		Principal: money.USD.Amount(1_000_000), Method: schedule.Annuity, Rate: mkRate(t, "12% per year"),
		Installments: 12, Frequency: monthly, Disbursed: jan31, Rounding: usd,
	}
	with := func(base schedule.Terms, edit func(*schedule.Terms)) schedule.Terms {
		edit(&base)
		return base
	}
	cases := []struct {
		title string
		terms schedule.Terms
	}{
		{"annuity, principal grace 3", with(annuityIDR, func(t *schedule.Terms) { t.Grace.Principal = 3 })},
		{"annuity, interest grace 3 deferred", with(annuityIDR, func(t *schedule.Terms) { t.Grace.Interest = 3 })},
		{"annuity, interest grace 3 forgiven", with(annuityIDR, func(t *schedule.Terms) {
			t.Grace = schedule.Grace{Interest: 3, InterestMode: schedule.Forgiven}
		})},
		{"annuity, principal grace 2 and interest grace 2 deferred", with(annuityIDR, func(t *schedule.Terms) {
			t.Grace = schedule.Grace{Principal: 2, Interest: 2}
		})},
		{"annuity, principal grace 3, keep-equal", with(annuityIDR, func(t *schedule.Terms) {
			t.Grace.Principal = 3
			t.Rounding.Residual = schedule.KeepEqual
		})},
		{"annuity, principal grace 3, first absorbs", with(annuityIDR, func(t *schedule.Terms) {
			t.Grace.Principal = 3
			t.Rounding.Residual = schedule.FirstAbsorbs
		})},
		{"annuity USD, principal grace 2 (Fineract style)", with(annuityUSD, func(t *schedule.Terms) { t.Grace.Principal = 2 })},
		{"annuity USD, interest grace 2 deferred (Fineract style)", with(annuityUSD, func(t *schedule.Terms) { t.Grace.Interest = 2 })},
		{"annuity USD, interest grace 2 forgiven", with(annuityUSD, func(t *schedule.Terms) {
			t.Grace = schedule.Grace{Interest: 2, InterestMode: schedule.Forgiven}
		})},
		{"flat weekly, principal grace 2", schedule.Terms{
			Principal: money.Rupiah(1_000_000), Rate: mkRate(t, "2% per month"), Installments: 10,
			Frequency: weekly, Disbursed: pilotDay, Rounding: idr, Grace: schedule.Grace{Principal: 2},
		}},
		{"flat weekly, interest grace 2 deferred, keep-equal", schedule.Terms{
			Principal: money.Rupiah(1_000_000), Rate: mkRate(t, "2% per month"), Installments: 10,
			Frequency: weekly, Disbursed: pilotDay, Grace: schedule.Grace{Interest: 2},
			Rounding: schedule.Rounding{Installment: idr.Installment, Parts: idr.Parts, Residual: schedule.KeepEqual},
		}},
		{"flat weekly, interest grace 2 forgiven", schedule.Terms{
			Principal: money.Rupiah(1_000_000), Rate: mkRate(t, "2% per month"), Installments: 10,
			Frequency: weekly, Disbursed: pilotDay, Rounding: idr,
			Grace: schedule.Grace{Interest: 2, InterestMode: schedule.Forgiven},
		}},
		{"equal principal monthly, principal grace 2 and interest grace 1 deferred", schedule.Terms{
			Principal: money.Rupiah(6_000_000), Method: schedule.EqualPrincipal, Rate: mkRate(t, "24% per year"),
			Installments: 8, Frequency: monthly, Disbursed: pilotDay, Rounding: idr,
			Grace: schedule.Grace{Principal: 2, Interest: 1},
		}},
		{"equal principal monthly, principal grace 2, first absorbs", schedule.Terms{
			Principal: money.Rupiah(6_050_000), Method: schedule.EqualPrincipal, Rate: mkRate(t, "24% per year"),
			Installments: 8, Frequency: monthly, Disbursed: pilotDay, Rounding: schedule.Rounding{
				Installment: idr.Installment, Parts: idr.Parts, Residual: schedule.FirstAbsorbs,
			},
			Grace: schedule.Grace{Principal: 2},
		}},
		{"murabahah margin, principal grace 1", schedule.Terms{
			Principal: money.Rupiah(2_000_000), Method: schedule.Murabahah, Margin: money.Rupiah(300_000),
			Installments: 6, Frequency: monthly, Disbursed: pilotDay, Rounding: idr,
			Grace: schedule.Grace{Principal: 1},
		}},
		{"murabahah margin, interest grace 2 deferred, first absorbs", schedule.Terms{
			Principal: money.Rupiah(1_000_000), Method: schedule.Murabahah, Margin: money.Rupiah(100_001),
			Installments: 7, Frequency: weekly, Disbursed: pilotDay, Grace: schedule.Grace{Interest: 2},
			Rounding: schedule.Rounding{Installment: idr.Installment, Parts: idr.Parts, Residual: schedule.FirstAbsorbs},
		}},
		{"qard weekly, principal grace 2, keep-equal", schedule.Terms{
			Principal: money.Rupiah(500_000), Method: schedule.Qard, Installments: 7, Frequency: weekly,
			Disbursed: pilotDay, Grace: schedule.Grace{Principal: 2},
			Rounding: schedule.Rounding{Installment: money.Rounding{Step: 1000, Mode: money.Up}, Residual: schedule.KeepEqual},
		}},
	}
	for _, diy := range []schedule.DaysInYear{360, 365, schedule.ActualDays} {
		for _, m := range []schedule.Method{schedule.Annuity, schedule.EqualPrincipal, schedule.Flat} {
			cases = append(cases, struct {
				title string
				terms schedule.Terms
			}{
				fmt.Sprintf("%s USD from 31 January 2024, day count actual/%d", m, diy),
				with(annuityUSD, func(t *schedule.Terms) {
					t.Method = m
					t.DayCount = schedule.Actual
					t.DaysInYear = diy
					t.Installments = 6
				}),
			})
		}
		cases = append(cases, struct {
			title string
			terms schedule.Terms
		}{
			fmt.Sprintf("annuity IDR across the new year 2024 (leap), day count actual/%d", diy),
			with(annuityIDR, func(t *schedule.Terms) {
				t.Disbursed = nov15
				t.DayCount = schedule.Actual
				t.DaysInYear = diy
				t.Installments = 6
			}),
		})
	}
	var b strings.Builder
	for _, c := range cases {
		fmt.Fprintf(&b, "== %s\n", c.title)
		writeGolden(t, &b, c.terms)
	}
	compareGolden(t, "grace-and-day-count", b.String())
}

// writeGolden renders terms and their schedule, or the error they get, and
// checks the invariants of a generated schedule.
func writeGolden(t *testing.T, b *strings.Builder, terms schedule.Terms) {
	t.Helper()
	b.WriteString(describeTerms(terms))
	b.WriteString("\n")
	s, err := schedule.Generate(terms)
	if err != nil {
		fmt.Fprintf(b, "error: %v\n\n", err)
		return
	}
	if err := checkInvariants(terms, s); err != nil {
		t.Errorf("%s: %v", describeTerms(terms), err)
	}
	renderSchedule(b, s)
	b.WriteString("\n")
}

func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./schedule -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the generated schedules; run go test ./schedule -update if the change is intended, and review the diff\n%s",
			path, firstDiff(string(want), got))
	}
}

// firstDiff shows the first differing line, so a failure points at the row.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, a, b)
		}
	}
	return ""
}
