package schedule_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// mkDate is a date known to be valid, for test tables.
func mkDate(tb testing.TB, y int, m time.Month, d int) calendar.Date {
	tb.Helper()
	v, err := calendar.NewDate(y, m, d)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// mkRate parses a rate known to be valid ("24% per year", "20% per term").
func mkRate(tb testing.TB, s string) money.Rate {
	tb.Helper()
	r, err := money.ParseRate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// mustDate and mustRate are for constants in package-level tables; they
// panic on a typo, which fails the test run at once.
func mustDate(y int, m time.Month, d int) calendar.Date {
	v, err := calendar.NewDate(y, m, d)
	if err != nil {
		panic(err)
	}
	return v
}

func mustRate(s string) money.Rate {
	r, err := money.ParseRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

// pilotDay is the Mekarmukti pilot's first implementation day, 28 March 2024.
var pilotDay = mustDate(2024, time.March, 28)

// dueDates lists a schedule's due dates as strings, for compact comparisons.
func dueDates(s schedule.Schedule) []string {
	out := make([]string, len(s.Installments))
	for i, in := range s.Installments {
		out[i] = in.Due.String()
	}
	return out
}

// totals lists the installment totals in minor units.
func totals(s schedule.Schedule) []int64 {
	out := make([]int64, len(s.Installments))
	for i, in := range s.Installments {
		out[i] = in.Total.Minor()
	}
	return out
}

// describeTerms is a one-paragraph, stable description of terms for golden files.
func describeTerms(t schedule.Terms) string {
	var b strings.Builder
	fmt.Fprintf(&b, "principal %s, %s", t.Principal, t.Method)
	switch {
	case t.Method == schedule.Murabahah && !t.Margin.IsZero():
		fmt.Fprintf(&b, " margin %s", t.Margin)
	case !t.Rate.IsZero():
		fmt.Fprintf(&b, " %s", t.Rate)
	}
	fmt.Fprintf(&b, ", %d installments %s, disbursed %s", t.Installments, t.Frequency, t.Disbursed)
	if !t.FirstDue.IsZero() {
		fmt.Fprintf(&b, ", first due %s", t.FirstDue)
	}
	if t.Adjustment != calendar.Keep {
		fmt.Fprintf(&b, ", %s", t.Adjustment)
	}
	b.WriteString("\nrounding: installment ")
	writeRounding(&b, t.Rounding.Installment)
	b.WriteString(", parts ")
	writeRounding(&b, t.Rounding.Parts)
	fmt.Fprintf(&b, ", %s", t.Rounding.Residual)
	if t.Grace != (schedule.Grace{}) {
		fmt.Fprintf(&b, "\ngrace: principal %d, interest %d %s", t.Grace.Principal, t.Grace.Interest, t.Grace.InterestMode)
	}
	if t.DayCount != schedule.Periodic || t.DaysInYear != 0 {
		diy := fmt.Sprint(int(t.DaysInYear))
		switch t.DaysInYear {
		case 0:
			diy = "365 (default)"
		case schedule.ActualDays:
			diy = "actual"
		}
		fmt.Fprintf(&b, "\nday count: %s, days in year %s", t.DayCount, diy)
	}
	return b.String()
}

func writeRounding(b *strings.Builder, r money.Rounding) {
	if r.IsZero() {
		b.WriteString("none")
		return
	}
	b.WriteString(r.String())
}

// renderSchedule writes a schedule as the table a koperasi officer reads:
// number, due date, principal, margin, total and balance, then the totals.
func renderSchedule(b *strings.Builder, s schedule.Schedule) {
	const row = "%4s  %-10s  %16s  %16s  %16s  %16s\n"
	fmt.Fprintf(b, row, "no", "due", "principal", "margin", "total", "balance")
	for _, in := range s.Installments {
		fmt.Fprintf(b, row, fmt.Sprint(in.Number), in.Due, in.Principal, in.Margin, in.Total, in.Balance)
	}
	fmt.Fprintf(b, row, "", "totals", s.Principal, s.Margin, s.Total, "")
	if !s.RoundingMargin.IsZero() {
		fmt.Fprintf(b, "of which rounding margin %s\n", s.RoundingMargin)
	}
}

// installmentStep is the step the level installments are rounded to.
func installmentStep(t schedule.Terms) int64 {
	switch {
	case !t.Rounding.Installment.IsZero():
		return t.Rounding.Installment.Step
	case !t.Rounding.Parts.IsZero():
		return t.Rounding.Parts.Step
	}
	return 1
}

// partsStep is the step the computed principal and margin parts are rounded to.
func partsStep(t schedule.Terms) int64 {
	if t.Rounding.Parts.IsZero() {
		return 1
	}
	return t.Rounding.Parts.Step
}

// checkInvariants returns the first broken rule of a generated schedule, or
// nil. It is the one oracle shared by the golden, property and fuzz tests.
//
// Rules: one row per installment, numbered from 1; every amount in the
// principal's currency; each Total = Principal + Margin; no negative part;
// balances step down by the principal part, never negative, the last zero;
// the parts and totals add up to the schedule's totals and Total = Principal
// + Margin; rows in the principal grace repay no principal and rows in the
// interest grace charge no margin; due dates never decrease and are never
// before disbursement; only keep-equal books a rounding margin; and the
// rounding steps are respected where the policy says (see checkSteps).
func checkInvariants(t schedule.Terms, s schedule.Schedule) error {
	n := t.Installments
	c := t.Principal.Currency()
	if len(s.Installments) != n {
		return fmt.Errorf("%d installments, want %d", len(s.Installments), n)
	}
	if s.Principal != t.Principal {
		return fmt.Errorf("schedule principal %s, terms %s", s.Principal, t.Principal)
	}
	same := func(a money.Amount) bool { return a.IsZero() || a.Currency() == c }
	bal := t.Principal.Minor()
	var sumP, sumM, sumT int64
	prev := t.Disbursed
	for i, in := range s.Installments {
		if in.Number != i+1 {
			return fmt.Errorf("row %d is numbered %d", i+1, in.Number)
		}
		for _, a := range []money.Amount{in.Principal, in.Margin, in.Total, in.Balance} {
			if !same(a) {
				return fmt.Errorf("installment %d: amount %s is not in %s", in.Number, a, c)
			}
		}
		if in.Principal.IsNegative() || in.Margin.IsNegative() {
			return fmt.Errorf("installment %d: negative part: principal %s, margin %s", in.Number, in.Principal, in.Margin)
		}
		if in.Principal.Minor()+in.Margin.Minor() != in.Total.Minor() {
			return fmt.Errorf("installment %d: total %s != principal %s + margin %s", in.Number, in.Total, in.Principal, in.Margin)
		}
		bal -= in.Principal.Minor()
		if bal < 0 || in.Balance.Minor() != bal {
			return fmt.Errorf("installment %d: balance %s, want %d (never negative)", in.Number, in.Balance, bal)
		}
		if i < t.Grace.Principal && !in.Principal.IsZero() {
			return fmt.Errorf("installment %d is in the principal grace but repays %s", in.Number, in.Principal)
		}
		if i < t.Grace.Interest && !in.Margin.IsZero() {
			return fmt.Errorf("installment %d is in the interest grace but charges %s", in.Number, in.Margin)
		}
		if in.Due.IsZero() || in.Due.Before(prev) {
			return fmt.Errorf("installment %d: due %s before %s", in.Number, in.Due, prev)
		}
		prev = in.Due
		sumP += in.Principal.Minor()
		sumM += in.Margin.Minor()
		sumT += in.Total.Minor()
	}
	if bal != 0 {
		return fmt.Errorf("last balance %d, want 0", bal)
	}
	switch {
	case sumP != t.Principal.Minor():
		return fmt.Errorf("principal parts sum to %d, want %s", sumP, t.Principal)
	case sumM != s.Margin.Minor() || !same(s.Margin):
		return fmt.Errorf("margin parts sum to %d, schedule says %s", sumM, s.Margin)
	case sumT != s.Total.Minor() || !same(s.Total):
		return fmt.Errorf("installments sum to %d, schedule says %s", sumT, s.Total)
	case s.Total.Minor() != s.Principal.Minor()+s.Margin.Minor():
		return fmt.Errorf("total %s != principal %s + margin %s", s.Total, s.Principal, s.Margin)
	case t.Rounding.Residual != schedule.KeepEqual && !s.RoundingMargin.IsZero():
		return fmt.Errorf("%s booked a rounding margin of %s", t.Rounding.Residual, s.RoundingMargin)
	case t.Method == schedule.Qard && s.Margin != s.RoundingMargin:
		return fmt.Errorf("qard charges margin %s beyond its rounding margin %s", s.Margin, s.RoundingMargin)
	}
	return checkSteps(t, s)
}

// checkSteps checks that the rounding steps hold where the policy says:
//   - every installment repaying principal (past the principal grace) is a
//     multiple of the installment step, except the one that absorbs the
//     residue (last or first), rows in the interest grace, and the row where
//     deferred interest lands; for equal principal it is the principal part,
//     not the total, that is rounded to the installment step;
//   - keep-equal: those installments are also all equal, unless the rate
//     depends on each period's actual days (flat with day count actual);
//   - the margin parts are multiples of the parts step, except on the
//     absorbing row and the last row (which takes the margin's own residue).
func checkSteps(t schedule.Terms, s schedule.Schedule) error {
	n, gp, gi := t.Installments, t.Grace.Principal, t.Grace.Interest
	iStep, pStep := installmentStep(t), partsStep(t)
	absorber := -1
	switch t.Rounding.Residual {
	case schedule.LastAbsorbs:
		absorber = n - 1
	case schedule.FirstAbsorbs:
		absorber = gp // declining methods: extra principal on the first row repaying principal
		if t.Method != schedule.Annuity && t.Method != schedule.EqualPrincipal {
			absorber = max(gp, gi) // level methods: the first row past both graces
		}
	}
	deferredRow := -1
	if gi > 0 && t.Grace.InterestMode == schedule.Deferred {
		deferredRow = gi
	}
	perPeriodRates := t.Method == schedule.Flat && t.DayCount == schedule.Actual && t.Rate.Period() != money.PerTerm
	level := int64(-1)
	for i, in := range s.Installments {
		if i != absorber && i != n-1 && in.Margin.Minor()%pStep != 0 {
			return fmt.Errorf("installment %d: margin %s is not a multiple of the parts step %d", in.Number, in.Margin, pStep)
		}
		if i < gp || i == absorber {
			continue
		}
		if t.Method == schedule.EqualPrincipal {
			if in.Principal.Minor()%iStep != 0 {
				return fmt.Errorf("installment %d: principal %s is not a multiple of the installment step %d", in.Number, in.Principal, iStep)
			}
			continue
		}
		if t.Method == schedule.Annuity && (i < gi || i == deferredRow) {
			continue // level minus the interest held back, or plus the deferred interest
		}
		if in.Total.Minor()%iStep != 0 && i != deferredRow {
			return fmt.Errorf("installment %d: total %s is not a multiple of the installment step %d", in.Number, in.Total, iStep)
		}
		if t.Rounding.Residual != schedule.KeepEqual || perPeriodRates || i < gi || i == deferredRow {
			continue
		}
		if level < 0 {
			level = in.Total.Minor()
		} else if in.Total.Minor() != level {
			return fmt.Errorf("keep-equal: installment %d is %s, the level is %d", in.Number, in.Total, level)
		}
	}
	return nil
}

// requireTermsError checks that err wraps sentinel and is a *TermsError
// naming field.
func requireTermsError(tb testing.TB, err, sentinel error, field string) *schedule.TermsError {
	tb.Helper()
	if err == nil {
		tb.Fatalf("no error, want %v on %s", sentinel, field)
	}
	if !errors.Is(err, sentinel) {
		tb.Fatalf("error %q does not wrap %v", err, sentinel)
	}
	var te *schedule.TermsError
	if !errors.As(err, &te) {
		tb.Fatalf("error %q (%T) is not a *TermsError", err, err)
	}
	if te.Field != field {
		tb.Fatalf("error %q names field %q, want %q", err, te.Field, field)
	}
	return te
}

// refusedByRule returns the field Validate must name when terms break one of
// the rules that tie the residual policy to the method and the installment
// rounding, or "" when they keep them. It is written from the rules (doc.go,
// "Rounding and the residue"), in Validate's order: first-absorbs is not for
// annuities; keep-equal is not for equal principal, and needs installments
// rounded up (mode up or ceiling; the zero Rounding has no mode).
func refusedByRule(t schedule.Terms) string {
	up := t.Rounding.Installment.Mode == money.Up || t.Rounding.Installment.Mode == money.Ceiling
	switch {
	case t.Method == schedule.Annuity && t.Rounding.Residual == schedule.FirstAbsorbs:
		return "Rounding.Residual"
	case t.Method == schedule.EqualPrincipal && t.Rounding.Residual == schedule.KeepEqual:
		return "Rounding.Residual"
	case t.Rounding.Residual == schedule.KeepEqual && !up:
		return "Rounding.Installment"
	}
	return ""
}

// checkRuleRefusal checks err, what Generate returned for terms that break a
// rule naming field (see refusedByRule): a *TermsError wrapping
// ErrInvalidTerms and nothing else, naming the field, saying which policy
// and what to do instead, and the very error Validate returns.
func checkRuleRefusal(t schedule.Terms, field string, err error) error {
	var te *schedule.TermsError
	switch {
	case err == nil:
		return fmt.Errorf("accepted terms that break the %s rule", field)
	case !errors.As(err, &te) || !errors.Is(err, schedule.ErrInvalidTerms):
		return fmt.Errorf("error %q is not a *TermsError wrapping ErrInvalidTerms", err)
	case errors.Is(err, schedule.ErrUnbalanced) || errors.Is(err, schedule.ErrOverflow) || te.Cause != nil:
		return fmt.Errorf("error %q wraps more than ErrInvalidTerms", err)
	case te.Field != field:
		return fmt.Errorf("error %q names %s, want %s", err, te.Field, field)
	}
	want := "keep-equal"
	if t.Rounding.Residual == schedule.FirstAbsorbs {
		want = "first-absorbs"
	}
	if !strings.Contains(te.Reason, want) {
		return fmt.Errorf("error %q does not say %s is the problem", err, want)
	}
	if verr := t.Validate(); verr == nil || verr.Error() != err.Error() {
		return fmt.Errorf("Validate says %v, Generate %v", verr, err)
	}
	return nil
}
