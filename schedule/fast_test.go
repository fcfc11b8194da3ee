package schedule_test

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// sameAsExact reports how Generate differs from the exact computation its
// fast paths shortcut (64-bit annuity level, one-division interest,
// multiplied shares, no adjustment on an open calendar): any installment,
// total or error.
func sameAsExact(terms schedule.Terms) error {
	s, err := schedule.Generate(terms)
	want, wantErr := schedule.GenerateExact(terms)
	switch {
	case !reflect.DeepEqual(err, wantErr):
		return fmt.Errorf("%s\nerror %v, exact %v", describeTerms(terms), err, wantErr)
	case len(s.Installments) != len(want.Installments):
		return fmt.Errorf("%s\n%d installments, exact %d", describeTerms(terms), len(s.Installments), len(want.Installments))
	}
	for i := range s.Installments {
		if s.Installments[i] != want.Installments[i] {
			return fmt.Errorf("%s\ninstallment %+v, exact %+v", describeTerms(terms), s.Installments[i], want.Installments[i])
		}
	}
	if !reflect.DeepEqual(s, want) {
		return fmt.Errorf("%s\nschedule %+v, exact %+v", describeTerms(terms), s, want)
	}
	return nil
}

// TestPropertyFastPathsExact: Generate gives exactly what the exact
// computation gives, installment for installment and error for error, for
// every method, rate, count, rounding and calendar, principals up to the
// 64-bit limit, and wild terms.
func TestPropertyFastPathsExact(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		d := rapidDraw{rt}
		var terms schedule.Terms
		switch d.Int(0, 4, "kind") {
		case 0:
			terms = drawWildTerms(d)
		case 1:
			// principals and rates up to the limits, where the fast paths
			// give way to big integers or overflow
			terms = drawTerms(d)
			terms.Principal = terms.Principal.Currency().Amount(d.Int(1, math.MaxInt64, "huge principal"))
			if terms.Method != schedule.Qard && chance(d, 50, "wild rate") {
				r, err := money.NewRate(d.Int(0, math.MaxInt64, "rate num"), d.Int(1, math.MaxInt64, "rate den"), terms.Rate.Period())
				if err == nil {
					terms.Rate = r
				}
			}
		default:
			terms = drawTerms(d)
		}
		if err := sameAsExact(terms); err != nil {
			rt.Fatal(err)
		}
	})
}

// TestFastPathsExactBenchmarks: the benchmarked products take the same
// schedule either way.
func TestFastPathsExactBenchmarks(t *testing.T) {
	for _, terms := range []schedule.Terms{
		syntheticWeekly(pilotDay), syntheticWeekly(mustDate(2000, 1, 1)), pilotTerms(pilotDay),
		schedule.Mekarmukti(pilotDay), weeklyAnnuity(52), weeklyAnnuity(400),
		weekly52(schedule.Flat), weekly52(schedule.EqualPrincipal),
	} {
		if err := sameAsExact(terms); err != nil {
			t.Error(err)
		}
	}
}
