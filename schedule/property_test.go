package schedule_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// drawer is a source of integers in [lo, hi]: rapid's generators for the
// properties, a seeded PCG for the measurements, fuzz bytes for the fuzz
// targets. One terms generator serves all three.
type drawer interface {
	Int(lo, hi int64, label string) int64
}

type rapidDraw struct{ t *rapid.T }

func (d rapidDraw) Int(lo, hi int64, label string) int64 {
	return rapid.Int64Range(lo, hi).Draw(d.t, label)
}

type randDraw struct{ r *rand.Rand }

func (d randDraw) Int(lo, hi int64, _ string) int64 {
	return lo + int64(d.r.Uint64N(uint64(hi-lo)+1))
}

// byteDraw reads fuzz bytes, eight at a time; when they run out it draws lo,
// so a short input is a small, plain loan.
type byteDraw struct{ b []byte }

func (d *byteDraw) Int(lo, hi int64, _ string) int64 {
	if len(d.b) == 0 {
		return lo
	}
	var buf [8]byte
	k := copy(buf[:], d.b)
	d.b = d.b[k:]
	v := binary.LittleEndian.Uint64(buf[:])
	span := uint64(hi - lo)
	if span == math.MaxUint64 {
		return int64(v)
	}
	return lo + int64(v%(span+1))
}

func oneOf[T any](d drawer, label string, xs ...T) T {
	return xs[d.Int(0, int64(len(xs)-1), label)]
}

// chance is true with probability about pct percent.
func chance(d drawer, pct int64, label string) bool { return d.Int(0, 99, label) < pct }

var (
	allModes = []money.Mode{money.HalfUp, money.HalfEven, money.HalfDown, money.Up, money.Down, money.Ceiling, money.Floor}
	steps    = []int64{1, 100, 500, 1000}
	kopCal   = calendar.NoSundays(calendar.IndonesiaHolidays2024()...)
)

// drawTerms draws terms with every field valid: every method, residual
// policy, frequency, grace and rounding the library offers, principal 1 to
// 10^12 minor units, 1 to 400 installments, rates 0 to 300% a year or per
// term (and some per month and odd fractions). About nine in ten keep the
// residual rules (see refusedByRule and drawRules) so the properties go deep
// into the engine; the others break one on purpose. Qard with a rate is
// never drawn.
func drawTerms(d drawer) schedule.Terms {
	cur := oneOf(d, "currency", money.IDR, money.USD)
	digits := d.Int(0, 12, "principal digits")
	t := schedule.Terms{
		Principal:    cur.Amount(d.Int(1, int64(math.Pow10(int(digits))), "principal")),
		Method:       schedule.Method(d.Int(0, 4, "method")),
		Installments: int(oneOf(d, "installments range", int64(6), 60, 400)),
	}
	t.Installments = int(d.Int(1, int64(t.Installments), "installments"))
	t.Rounding.Residual = schedule.Residual(d.Int(0, 2, "residual"))
	rate := func(per money.Period) money.Rate {
		var num, den int64
		switch per {
		case money.PerMonth:
			num, den = d.Int(0, 2500, "rate bp"), 10000
		default:
			num, den = d.Int(0, 30000, "rate bp"), 10000
		}
		if chance(d, 10, "odd fraction") {
			num, den = d.Int(0, 3*997, "rate num"), 997
		}
		r, err := money.NewRate(num, den, per)
		if err != nil {
			panic(err)
		}
		return r
	}
	switch t.Method {
	case schedule.Qard:
	case schedule.Murabahah:
		if chance(d, 50, "margin amount") {
			t.Margin = cur.Amount(d.Int(0, 3*t.Principal.Minor(), "margin"))
		} else {
			t.Rate = rate(money.PerTerm)
		}
	default:
		t.Rate = rate(oneOf(d, "period", money.PerYear, money.PerYear, money.PerTerm, money.PerMonth))
	}
	t.Frequency = calendar.Frequency{
		Unit:  oneOf(d, "unit", calendar.Days, calendar.WorkingDays, calendar.Weeks, calendar.Months),
		Every: int(oneOf(d, "every", int64(0), 1, 1, 2, 3, 4)),
	}
	t.Disbursed = mustDate(2020, time.January, 1).AddDays(int(d.Int(0, 3650, "disbursed")))
	if chance(d, 20, "first due") {
		t.FirstDue = t.Disbursed.AddDays(int(d.Int(0, 60, "first due offset")))
	}
	if t.Frequency.Unit == calendar.WorkingDays || chance(d, 30, "calendar") {
		t.Calendar = kopCal
		t.Adjustment = oneOf(d, "adjustment", calendar.Keep, calendar.Following, calendar.ModifiedFollowing, calendar.Preceding)
	}
	maxGrace := int64(min(t.Installments-1, 12))
	if chance(d, 25, "principal grace") {
		t.Grace.Principal = int(d.Int(0, maxGrace, "principal grace"))
	}
	if chance(d, 25, "interest grace") {
		t.Grace.Interest = int(d.Int(0, maxGrace, "interest grace"))
		t.Grace.InterestMode = oneOf(d, "grace mode", schedule.Deferred, schedule.Forgiven)
	}
	t.DayCount = oneOf(d, "day count", schedule.Periodic, schedule.Actual)
	t.DaysInYear = oneOf(d, "days in year", schedule.DaysInYear(0), 360, 364, 365, schedule.ActualDays)
	rounding := func(label string) money.Rounding {
		if chance(d, 20, label+" zero") {
			return money.Rounding{}
		}
		return money.Rounding{Step: oneOf(d, label+" step", steps...), Mode: oneOf(d, label+" mode", allModes...)}
	}
	t.Rounding.Installment = rounding("installment")
	t.Rounding.Parts = rounding("parts")
	if chance(d, 60, "parts to the minor unit") {
		t.Rounding.Parts = money.Rounding{Step: 1, Mode: oneOf(d, "parts mode", allModes...)}
	}
	drawRules(d, &t)
	return t
}

// roundsDown are the installment roundings keep-equal refuses: every mode
// that can round down, and no installment rounding at all.
var roundsDown = []money.Mode{money.HalfUp, money.HalfEven, money.HalfDown, money.Down, money.Floor, 0}

// drawRules makes t keep the residual rules (first-absorbs is not for
// annuities; keep-equal is not for equal principal and rounds installments
// up), or, about one time in ten, break one of them on purpose, whichever
// method t has. Drawn from zero (a short fuzz input, a shrunk rapid case) it
// keeps them.
func drawRules(d drawer, t *schedule.Terms) {
	r := &t.Rounding
	if !chance(d, 90, "keep the rules") {
		breakFirst := t.Method == schedule.Annuity && chance(d, 50, "break first-absorbs")
		switch {
		case breakFirst:
			r.Residual = schedule.FirstAbsorbs
		case t.Method == schedule.EqualPrincipal:
			r.Residual = schedule.KeepEqual
		default:
			r.Residual = schedule.KeepEqual
			r.Installment.Mode = oneOf(d, "mode rounding down", roundsDown...)
			if r.Installment.Mode == 0 {
				r.Installment = money.Rounding{}
			} else if r.Installment.Step == 0 {
				r.Installment.Step = oneOf(d, "installment step", steps...)
			}
		}
		return
	}
	if t.Method == schedule.Annuity && r.Residual == schedule.FirstAbsorbs {
		r.Residual = oneOf(d, "annuity residual", schedule.LastAbsorbs, schedule.KeepEqual)
	}
	if t.Method == schedule.EqualPrincipal && r.Residual == schedule.KeepEqual {
		r.Residual = oneOf(d, "equal principal residual", schedule.LastAbsorbs, schedule.FirstAbsorbs)
	}
	if r.Residual == schedule.KeepEqual && r.Installment.Mode != money.Up && r.Installment.Mode != money.Ceiling {
		if r.Installment.Step == 0 {
			r.Installment.Step = oneOf(d, "installment step", steps...)
		}
		r.Installment.Mode = oneOf(d, "mode rounding up", money.Up, money.Ceiling)
	}
}

// checkGenerate is the property: Generate either refuses with a *TermsError
// wrapping one of the sentinels, or returns a schedule that holds every
// invariant; it is deterministic, and Generator.Append into a used buffer
// gives the same rows.
func checkGenerate(t schedule.Terms, g *schedule.Generator, buf []schedule.Installment) (schedule.Schedule, error, error) {
	s, err := schedule.Generate(t)
	if field := refusedByRule(t); field != "" {
		return s, err, checkRuleRefusal(t, field, err)
	}
	if err != nil {
		var te *schedule.TermsError
		switch {
		case !errors.Is(err, schedule.ErrInvalidTerms) && !errors.Is(err, schedule.ErrOverflow) && !errors.Is(err, schedule.ErrUnbalanced):
			return s, err, fmt.Errorf("error %q wraps no schedule sentinel", err)
		case !errors.As(err, &te):
			return s, err, fmt.Errorf("error %q is not a *TermsError", err)
		}
		return s, err, nil
	}
	if bad := checkInvariants(t, s); bad != nil {
		return s, nil, bad
	}
	again, err2 := g.Append(buf[:0], t)
	if err2 != nil || !slices.Equal(again.Installments, s.Installments) || again.Margin != s.Margin ||
		again.RoundingMargin != s.RoundingMargin || again.Total != s.Total {
		return s, nil, fmt.Errorf("Generator.Append differs from Generate (err %v)", err2)
	}
	return s, nil, nil
}

// TestPropertySchedules: random terms that break a residual rule get
// ErrInvalidTerms naming the field; the others either get a sentinel error
// or a schedule that adds up (see checkInvariants for the full list of
// rules).
func TestPropertySchedules(t *testing.T) {
	var g schedule.Generator
	buf := make([]schedule.Installment, 0, 64)
	rapid.Check(t, func(rt *rapid.T) {
		terms := drawTerms(rapidDraw{rt})
		_, err, bad := checkGenerate(terms, &g, buf)
		if bad != nil {
			rt.Fatalf("%s\n%v", describeTerms(terms), bad)
		}
		if refusedByRule(terms) != "" {
			return
		}
		if err != nil && !errors.Is(err, schedule.ErrUnbalanced) && !errors.Is(err, schedule.ErrOverflow) {
			// the only ErrInvalidTerms left for drawn terms are dates
			if !strings.Contains(err.Error(), "before disbursement") && !strings.Contains(err.Error(), "after 9999-12-31") {
				rt.Fatalf("%s\nvalid terms refused: %v", describeTerms(terms), err)
			}
		}
	})
}

// TestPropertyLevelInstallments: without grace and with whole-unit parts,
// the level methods' installments are all equal under keep-equal, and all
// but the absorbing one under the other policies, each a multiple of the
// installment step; under keep-equal the rounding margin is what the level
// adds over the priced loan.
func TestPropertyLevelInstallments(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		d := rapidDraw{rt}
		terms := drawTerms(d)
		terms.Grace = schedule.Grace{}
		terms.DayCount = schedule.Periodic
		if terms.Method == schedule.EqualPrincipal {
			terms.Method = schedule.Flat
		}
		s, err := schedule.Generate(terms)
		if field := refusedByRule(terms); field != "" {
			if bad := checkRuleRefusal(terms, field, err); bad != nil {
				rt.Fatalf("%s\n%v", describeTerms(terms), bad)
			}
			return
		}
		if err != nil {
			if !errors.Is(err, schedule.ErrUnbalanced) && !errors.Is(err, schedule.ErrOverflow) && !strings.Contains(err.Error(), "before disbursement") {
				rt.Fatalf("%s\n%v", describeTerms(terms), err)
			}
			return
		}
		n := terms.Installments
		skip := map[schedule.Residual]int{schedule.LastAbsorbs: n - 1, schedule.FirstAbsorbs: 0, schedule.KeepEqual: -1}[terms.Rounding.Residual]
		level := int64(-1)
		for i, in := range s.Installments {
			if i == skip {
				continue
			}
			if level < 0 {
				level = in.Total.Minor()
			}
			if in.Total.Minor() != level || level%installmentStep(terms) != 0 {
				rt.Fatalf("%s\ninstallment %d is %s, level %d, step %d", describeTerms(terms), in.Number, in.Total, level, installmentStep(terms))
			}
		}
		if terms.Rounding.Residual == schedule.KeepEqual && s.Total.Minor() != level*int64(n) {
			rt.Fatalf("keep-equal total %s is not %d x %d", s.Total, n, level)
		}
	})
}

// TestPropertyQardAndMurabahahMargin: a qard charges nothing but its
// rounding margin; a murabahah with a margin amount charges exactly that
// margin plus its rounding margin, whatever the rounding.
func TestPropertyQardAndMurabahahMargin(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		terms := drawTerms(rapidDraw{rt})
		terms.Method = oneOf(rapidDraw{rt}, "method", schedule.Qard, schedule.Murabahah)
		terms.Rate = money.Rate{}
		if terms.Grace.InterestMode == schedule.Forgiven {
			terms.Grace.Interest = 0
		}
		if terms.Method == schedule.Murabahah {
			terms.Margin = terms.Principal.Currency().Amount(rapid.Int64Range(0, terms.Principal.Minor()).Draw(rt, "margin"))
		} else {
			terms.Margin = money.Amount{}
		}
		s, err := schedule.Generate(terms)
		if field := refusedByRule(terms); field != "" {
			if bad := checkRuleRefusal(terms, field, err); bad != nil {
				rt.Fatalf("%s\n%v", describeTerms(terms), bad)
			}
			return
		}
		if err != nil {
			return
		}
		want := terms.Margin.Minor() + s.RoundingMargin.Minor()
		if s.Margin.Minor() != want {
			rt.Fatalf("%s\nmargin %s, want agreed %s + rounding %s", describeTerms(terms), s.Margin, terms.Margin, s.RoundingMargin)
		}
	})
}

// outcome counts what Generate did with drawn terms: refused by a residual
// rule (ErrInvalidTerms from Validate), unbalanced, overflowing, refused for
// their dates, or generated.
type outcome struct{ ok, rule, unbalanced, overflow, invalid int }

func (o outcome) total() int { return o.ok + o.rule + o.unbalanced + o.overflow + o.invalid }

func (o outcome) String() string {
	n := o.total()
	return fmt.Sprintf("%5d drawn: %6.2f%% refused by rule, %5.2f%% unbalanced (%5.2f%% of those the rules allow), %5.2f%% overflow, %5.2f%% invalid dates",
		n, pct(o.rule, n), pct(o.unbalanced, n), pct(o.unbalanced, n-o.rule), pct(o.overflow, n), pct(o.invalid, n))
}

func pct(a, b int) float64 { // for the report only, never for money
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// drawRealistic draws a koperasi's everyday loan: rupiah, Rp100.000 to
// Rp100.000.000 in thousands, daily 6 to 60, weekly 10 to 52 or monthly 3
// to 36 installments, 0 to 60% a year (or 0 to 30% per term flat, or a
// murabahah margin up to 30%), installments rounded to Rp1, Rp100, Rp500 or
// Rp1.000 up, half-up or half-even, parts to the rupiah, any policy. It
// draws what koperasi officers set up before the residual rules existed
// (only equal principal with keep-equal is avoided), so the measurement
// shows how many of those the rules now refuse; the draws are unchanged, so
// the figures compare with earlier runs.
func drawRealistic(d drawer) schedule.Terms {
	t := schedule.Terms{
		Principal: money.Rupiah(1000 * d.Int(100, 100_000, "principal thousands")),
		Method:    schedule.Method(d.Int(0, 4, "method")),
		Disbursed: mustDate(2024, time.January, 1).AddDays(int(d.Int(0, 365, "disbursed"))),
	}
	switch d.Int(0, 2, "frequency") {
	case 0:
		t.Frequency = calendar.Frequency{Unit: calendar.Days}
		t.Installments = int(d.Int(6, 60, "n"))
	case 1:
		t.Frequency = calendar.Frequency{Unit: calendar.Weeks}
		t.Installments = int(d.Int(10, 52, "n"))
	default:
		t.Frequency = calendar.Frequency{Unit: calendar.Months}
		t.Installments = int(d.Int(3, 36, "n"))
	}
	switch t.Method {
	case schedule.Qard:
	case schedule.Murabahah:
		t.Margin = money.Rupiah(t.Principal.Minor() / 100 * d.Int(0, 30, "margin %"))
	default:
		r, _ := money.NewRate(d.Int(0, 60, "rate %"), 100, money.PerYear)
		if t.Method == schedule.Flat && chance(d, 30, "per term") {
			r, _ = money.NewRate(d.Int(0, 30, "rate %"), 100, money.PerTerm)
		}
		t.Rate = r
	}
	t.Rounding = schedule.Rounding{
		Installment: money.Rounding{Step: oneOf(d, "step", steps...), Mode: oneOf(d, "mode", money.Up, money.HalfUp, money.HalfEven)},
		Parts:       money.Rounding{Step: 1, Mode: oneOf(d, "parts mode", money.HalfUp, money.HalfEven)},
		Residual:    schedule.Residual(d.Int(0, 2, "residual")),
	}
	if t.Method == schedule.EqualPrincipal && t.Rounding.Residual == schedule.KeepEqual {
		t.Rounding.Residual = schedule.LastAbsorbs
	}
	return t
}

// unbalancedReason sorts an ErrUnbalanced into the causes the report
// names: keep-equal margin (parts rounding, actual-day interest) outrunning
// what the level installment leaves, a parts step too coarse for
// the margin, and a rounding step too coarse for the term (the rows before
// the absorber already repay it).
func unbalancedReason(t schedule.Terms, err error) string {
	msg := err.Error()
	switch {
	case t.Rounding.Residual == schedule.KeepEqual && (strings.Contains(msg, "Rounding.Parts add up") || strings.Contains(msg, "does not cover")):
		return "keep-equal: the margin charged outruns the level"
	case strings.Contains(msg, "margin parts round to more"):
		return "parts step too coarse for the margin"
	case strings.Contains(msg, "already repay") || strings.Contains(msg, "would repay"):
		return "step too coarse: earlier rows repay it all"
	}
	return "other: " + msg
}

// coarse reports whether the installment step is coarse for the term: the
// rounding of n-1 installments, up to a step each, can add up to a whole
// installment.
func coarse(t schedule.Terms) bool {
	return installmentStep(t)*int64(t.Installments-1) >= t.Principal.Minor()/int64(t.Installments)
}

// TestMeasureUnbalanced counts how often terms that look valid are refused
// by the residual rules or get ErrUnbalanced, by method, policy and cause,
// over a fixed seed (so the figures are reproducible); run with -v to read
// them. It fails if a refusal by rule is not the documented one, if any
// other ErrInvalidTerms reaches a realistic loan, or if a policy the rules
// allow refuses a realistic loan whose installment step is not coarse for
// its term.
func TestMeasureUnbalanced(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	for _, kind := range []struct {
		name string
		draw func(drawer) schedule.Terms
		n    int
	}{{"realistic", drawRealistic, 20000}, {"random valid", drawTerms, 20000}} {
		r := randDraw{rand.New(rand.NewPCG(2024, 328))}
		var all outcome
		var by [5][3]outcome
		reasons := map[string]int{}
		for range kind.n {
			terms := kind.draw(r)
			_, err := schedule.Generate(terms)
			o := &by[terms.Method][terms.Rounding.Residual]
			field := refusedByRule(terms)
			switch {
			case field != "":
				o.rule++
				all.rule++
				if bad := checkRuleRefusal(terms, field, err); bad != nil {
					t.Errorf("%s\n%v", describeTerms(terms), bad)
				}
			case err == nil:
				o.ok++
				all.ok++
			case errors.Is(err, schedule.ErrUnbalanced):
				o.unbalanced++
				all.unbalanced++
				reasons[fmt.Sprintf("%-15s %-13s %s", terms.Method, terms.Rounding.Residual, unbalancedReason(terms, err))]++
				if kind.name == "realistic" && !coarse(terms) {
					t.Errorf("%s refused a realistic loan: %s\n%v", terms.Rounding.Residual, describeTerms(terms), err)
				}
			case errors.Is(err, schedule.ErrOverflow):
				o.overflow++
				all.overflow++
			default:
				o.invalid++
				all.invalid++
				if kind.name == "realistic" {
					t.Errorf("a realistic loan refused: %s\n%v", describeTerms(terms), err)
				}
			}
		}
		t.Logf("%s terms, all: %s", kind.name, all)
		for m := range by {
			for p := range by[m] {
				if by[m][p].total() > 0 {
					t.Logf("  %-15s %-13s %s", schedule.Method(m), schedule.Residual(p), by[m][p])
				}
			}
		}
		keys := make([]string, 0, len(reasons))
		for k := range reasons {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			t.Logf("  %5d (%5.2f%% of all) %s", reasons[k], pct(reasons[k], kind.n), k)
		}
	}
}

// TestPropertyWorkingDaysFirstDue: counted in working days and with no
// first due date, installment 1 falls on the N-th working day strictly
// after disbursement, and each later one N working days after the one
// before, whether the disbursement day is open or closed. The oracle walks
// the calendar a day at a time.
func TestPropertyWorkingDaysFirstDue(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		d := rapidDraw{rt}
		every := int(d.Int(0, 5, "every"))
		n := max(every, 1)
		terms := schedule.Terms{
			Principal:    money.Rupiah(100_000),
			Installments: int(d.Int(1, 8, "installments")),
			Frequency:    calendar.Frequency{Every: every, Unit: calendar.WorkingDays},
			// 2024, with its Sundays, Lebaran week and single holidays
			Disbursed: mustDate(2024, time.January, 1).AddDays(int(d.Int(0, 365, "disbursed"))),
			Calendar:  kopCal,
		}
		s, err := schedule.Generate(terms)
		if err != nil {
			rt.Fatalf("%s\n%v", describeTerms(terms), err)
		}
		day := terms.Disbursed
		for _, in := range s.Installments {
			for k := 0; k < n; {
				day = day.AddDays(1)
				if kopCal.IsWorkingDay(day) {
					k++
				}
			}
			if in.Due != day {
				rt.Fatalf("%s\ninstallment %d due %s, want %s", describeTerms(terms), in.Number, in.Due, day)
			}
		}
	})
}
