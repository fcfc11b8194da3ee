package schedule_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// drawWildTerms decodes any values into Terms, most of them invalid: raw
// currencies, full-range amounts and rates, enums out of range, negative
// and oversized counts, graces and steps, dates at the ends of the range,
// and every residual policy with every method and rounding mode.
func drawWildTerms(d drawer) schedule.Terms {
	cur := money.Currency(d.Int(0, math.MaxUint32, "currency"))
	if d.Int(0, 3, "known currency") > 0 {
		cur = oneOf(d, "currency", money.IDR, money.USD, money.EUR)
	}
	t := schedule.Terms{
		Principal:    cur.Amount(d.Int(math.MinInt64, math.MaxInt64, "principal")),
		Method:       schedule.Method(d.Int(0, 7, "method")),
		Installments: int(d.Int(-2, schedule.MaxInstallments+2, "installments")),
	}
	if r, err := money.NewRate(d.Int(0, math.MaxInt64, "rate num"), d.Int(1, math.MaxInt64, "rate den"), money.Period(d.Int(0, 4, "period"))); err == nil {
		t.Rate = r
	}
	if d.Int(0, 1, "margin") == 1 {
		t.Margin = oneOf(d, "margin currency", cur, money.IDR, money.USD).Amount(d.Int(math.MinInt64, math.MaxInt64, "margin"))
	}
	t.Frequency = calendar.Frequency{Every: int(d.Int(-2, 1002, "every")), Unit: calendar.Unit(d.Int(0, 5, "unit"))}
	t.Disbursed = mustDate(1, time.January, 1).AddDays(int(d.Int(-1, 3_652_060, "disbursed")))
	if d.Int(0, 1, "first due") == 1 {
		t.FirstDue = t.Disbursed.AddDays(int(d.Int(-5, 400, "first due offset")))
	}
	switch d.Int(0, 2, "calendar") {
	case 1:
		t.Calendar = kopCal
	case 2:
		c, err := calendar.New([]time.Weekday{0, 1, 2, 3, 4, 5}, nil) // open on Saturdays only
		if err != nil {
			panic(err)
		}
		t.Calendar = c
	}
	t.Adjustment = calendar.Adjustment(d.Int(0, 5, "adjustment"))
	t.Grace = schedule.Grace{
		Principal:    int(d.Int(-2, int64(t.Installments)+2, "principal grace")),
		Interest:     int(d.Int(-2, int64(t.Installments)+2, "interest grace")),
		InterestMode: schedule.GraceMode(d.Int(0, 3, "grace mode")),
	}
	t.DayCount = schedule.DayCount(d.Int(0, 3, "day count"))
	t.DaysInYear = schedule.DaysInYear(oneOf(d, "days in year", 0, 360, 364, 365, -1, 366, -5))
	rounding := func() money.Rounding {
		step := d.Int(-2, 1_000_000, "step")
		if d.Int(0, 9, "huge step") == 0 {
			step = d.Int(0, math.MaxInt64, "step")
		}
		return money.Rounding{Step: step, Mode: money.Mode(d.Int(0, 9, "mode"))}
	}
	if d.Int(0, 2, "installment rounding") > 0 {
		t.Rounding.Installment = rounding()
	}
	if d.Int(0, 2, "parts rounding") > 0 {
		t.Rounding.Parts = rounding()
	}
	t.Rounding.Residual = schedule.Residual(d.Int(0, 4, "residual"))
	return t
}

// generateChecked is the fuzz oracle: Generate must not panic, must refuse
// with a *TermsError wrapping a sentinel (and money's or calendar's error
// exactly when the rounding or frequency is bad), or return a schedule
// holding every invariant, exactly the one the exact computation gives
// (sameAsExact); Validate must agree that refused fields are
// refused. Terms that break a residual rule and would be valid with
// last-absorbs must get that rule's refusal.
func generateChecked(terms schedule.Terms) error {
	if err := sameAsExact(terms); err != nil {
		return err
	}
	s, err := schedule.Generate(terms)
	field := refusedByRule(terms)
	if field != "" {
		plain := terms
		plain.Rounding.Residual = schedule.LastAbsorbs
		if plain.Validate() == nil {
			return checkRuleRefusal(terms, field, err)
		}
	}
	if err != nil {
		var te *schedule.TermsError
		switch {
		case !errors.As(err, &te):
			return fmt.Errorf("error %q (%T) is not a *TermsError", err, err)
		case !errors.Is(err, schedule.ErrInvalidTerms) && !errors.Is(err, schedule.ErrOverflow) && !errors.Is(err, schedule.ErrUnbalanced):
			return fmt.Errorf("error %q wraps no sentinel", err)
		case errors.Is(err, calendar.ErrInvalidFrequency) != (te.Field == "Frequency"):
			return fmt.Errorf("error %q on %s: wraps calendar.ErrInvalidFrequency %v", err, te.Field, errors.Is(err, calendar.ErrInvalidFrequency))
		case errors.Is(err, money.ErrInvalidRounding) && te.Field != "Rounding.Installment" && te.Field != "Rounding.Parts":
			return fmt.Errorf("error %q on %s wraps money.ErrInvalidRounding", err, te.Field)
		case te.Reason == "":
			return errors.New("empty error message")
		}
		return nil
	}
	if field != "" {
		return fmt.Errorf("Generate accepted terms that break the %s rule", field)
	}
	if verr := terms.Validate(); verr != nil {
		return fmt.Errorf("Generate accepted terms Validate refuses: %v", verr)
	}
	if bad := checkInvariants(terms, s); bad != nil {
		return fmt.Errorf("%s\n%v", describeTerms(terms), bad)
	}
	return nil
}

func FuzzGenerate(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add([]byte("Mekarmukti: Rp25.000, 6 daily installments, rounded up to Rp100"))
	f.Add(make([]byte, 256))
	f.Fuzz(func(t *testing.T, b []byte) {
		var terms schedule.Terms
		// the first byte picks valid terms (to go deep into the engine) or
		// wild ones (to reach every refusal)
		if len(b) > 0 && b[0]%2 == 0 {
			d := &byteDraw{b[1:]}
			terms = drawTerms(d)
			if d.Int(0, 3, "huge principal") == 0 {
				// near the 64-bit limit, where sums of interest overflow
				terms.Principal = terms.Principal.Currency().Amount(d.Int(1, math.MaxInt64, "principal"))
			}
		} else {
			if len(b) > 0 {
				b = b[1:]
			}
			terms = drawWildTerms(&byteDraw{b})
		}
		if err := generateChecked(terms); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzTermsJSON(f *testing.F) {
	seed := func(t schedule.Terms) {
		b, err := json.Marshal(t)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	seed(schedule.Mekarmukti(pilotDay))
	seed(validTerms(f))
	weekly := validTerms(f)
	weekly.Method = schedule.Annuity
	weekly.Calendar = kopCal
	weekly.Adjustment = calendar.Following
	weekly.Grace = schedule.Grace{Principal: 2, Interest: 1, InterestMode: schedule.Forgiven}
	weekly.DayCount, weekly.DaysInYear = schedule.Actual, schedule.ActualDays
	weekly.FirstDue = pilotDay.AddDays(5)
	seed(weekly)
	f.Add([]byte(`{"principal":"USD 1000.00","method":"murabahah","margin":"USD 100.00","installments":12,"frequency":{"unit":"months"},"disbursed":"2024-01-31","rounding":{"installment":{"step":1,"mode":"half-even"},"parts":{"step":1,"mode":"half-even"},"residual":"first-absorbs"}}`))
	f.Add([]byte(`{"principal":"Rp25.000","installments":6,"disbursed":"2024-03-28"}`))
	f.Add([]byte(`{"principal":"IDR -1","installments":0,"disbursed":""}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var terms schedule.Terms
		if err := json.Unmarshal(b, &terms); err != nil {
			return
		}
		if err := generateChecked(terms); err != nil {
			t.Fatal(err)
		}
		// what decodes re-encodes to the same terms and the same schedule
		again, err := json.Marshal(terms)
		if err != nil {
			if terms.Validate() == nil {
				t.Fatalf("valid terms do not encode: %v", err)
			}
			return
		}
		var back schedule.Terms
		if err := json.Unmarshal(again, &back); err != nil {
			t.Fatalf("%s does not decode: %v", again, err)
		}
		s1, err1 := schedule.Generate(terms)
		s2, err2 := schedule.Generate(back)
		if (err1 == nil) != (err2 == nil) || err1 != nil && err1.Error() != err2.Error() {
			t.Fatalf("round trip changed the outcome: %v vs %v\n%s", err1, err2, again)
		}
		if !slices.Equal(s1.Installments, s2.Installments) {
			t.Fatalf("round trip changed the schedule\n%s", again)
		}
	})
}

// TestTermsJSONRoundTrip: terms and schedules survive JSON, amounts as
// strings and enums as words.
func TestTermsJSONRoundTrip(t *testing.T) {
	terms := validTerms(t)
	terms.Method = schedule.Annuity
	terms.Calendar = kopCal
	terms.Adjustment = calendar.Following
	terms.Grace = schedule.Grace{Principal: 2, Interest: 1, InterestMode: schedule.Forgiven}
	terms.DayCount, terms.DaysInYear = schedule.Actual, schedule.ActualDays
	terms.FirstDue = pilotDay.AddDays(5)
	terms.Rounding.Residual = schedule.KeepEqual
	for _, tt := range []schedule.Terms{schedule.Mekarmukti(pilotDay), terms} {
		b, err := json.Marshal(tt)
		if err != nil {
			t.Fatal(err)
		}
		var back schedule.Terms
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if d := cmpTerms(tt, back); d != "" {
			t.Errorf("terms changed by JSON:\n%s\n%s", b, d)
		}
		s := generate(t, tt)
		sb, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var sback schedule.Schedule
		if err := json.Unmarshal(sb, &sback); err != nil {
			t.Fatalf("%s: %v", sb, err)
		}
		if !slices.Equal(s.Installments, sback.Installments) || s.Total != sback.Total || s.RoundingMargin != sback.RoundingMargin {
			t.Errorf("schedule changed by JSON:\n%s", sb)
		}
	}
	b, _ := json.Marshal(schedule.Mekarmukti(pilotDay))
	want := `{"principal":"IDR 25000","method":"murabahah","rate":"0% per year","margin":"0","installments":6,"frequency":{"unit":"days"},"disbursed":"2024-03-28","rounding":{"installment":{"step":100,"mode":"up"},"parts":{"step":0,"mode":""},"residual":"keep-equal"}}`
	if string(b) != want {
		t.Errorf("Mekarmukti terms as JSON:\n got %s\nwant %s", b, want)
	}
}

// cmpTerms compares terms field by field (Calendar by its JSON, since it
// keeps its holidays unexported).
func cmpTerms(a, b schedule.Terms) string {
	ca, _ := json.Marshal(a.Calendar)
	cb, _ := json.Marshal(b.Calendar)
	if string(ca) != string(cb) {
		return fmt.Sprintf("calendar %s != %s", ca, cb)
	}
	a.Calendar, b.Calendar = calendar.Calendar{}, calendar.Calendar{}
	if !reflect.DeepEqual(a, b) {
		return fmt.Sprintf("%+v\n!=\n%+v", a, b)
	}
	return ""
}
