package money

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Period is what a Rate is per. The zero Period is PerYear, because a rate
// quoted without a period is an annual rate in every loan contract.
type Period uint8

// Periods.
const (
	PerYear  Period = iota // per year (per annum)
	PerMonth               // per month
	PerWeek                // per week
	PerDay                 // per day
	PerTerm                // for the whole term of the loan, however long
)

var periodNames = [...]string{"year", "month", "week", "day", "term"}

// String is the period's word: "year", "month", "week", "day", "term".
func (p Period) String() string {
	if int(p) < len(periodNames) {
		return periodNames[p]
	}
	return "period(" + strconv.Itoa(int(p)) + ")"
}

// Valid reports whether p is a named period.
func (p Period) Valid() bool { return p <= PerTerm }

// MarshalText writes the period's word.
func (p Period) MarshalText() ([]byte, error) {
	if !p.Valid() {
		return nil, &ParseError{What: "period", Input: p.String(), Reason: "unknown period", Err: ErrInvalidRate}
	}
	return []byte(p.String()), nil
}

// UnmarshalText reads a period's word (English or Indonesian).
func (p *Period) UnmarshalText(b []byte) error {
	v, ok := parsePeriod(string(b))
	if !ok {
		return &ParseError{What: "period", Input: string(b), Reason: "want year, month, week, day or term", Err: ErrInvalidRate}
	}
	*p = v
	return nil
}

func parsePeriod(s string) (Period, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "year", "annum", "a", "tahun", "p.a.", "pa":
		return PerYear, true
	case "month", "bulan", "m":
		return PerMonth, true
	case "week", "minggu", "pekan", "w":
		return PerWeek, true
	case "day", "hari", "d":
		return PerDay, true
	case "term", "tenor", "loan":
		return PerTerm, true
	}
	return 0, false
}

// Rate is an exact, non-negative ratio per a Period: 18% per year is 9/50 per
// year. Rates never pass through floating point. The zero Rate is zero per
// year.
type Rate struct {
	num, den int64 // reduced, den > 0; a zero ratio keeps den 0 (read as 1), so it equals the zero Rate
	per      Period
}

// RateError says why a rate cannot be made.
type RateError struct {
	Num, Den int64
	Reason   string
}

func (e *RateError) Error() string {
	return "money: invalid rate " + strconv.FormatInt(e.Num, 10) + "/" + strconv.FormatInt(e.Den, 10) + ": " + e.Reason
}

func (e *RateError) Unwrap() error {
	if strings.Contains(e.Reason, "overflow") {
		return ErrOverflow
	}
	return ErrInvalidRate
}

// NewRate returns num/den per period, reduced. Negative rates and a zero
// denominator are errors.
func NewRate(num, den int64, per Period) (Rate, error) {
	switch {
	case den == 0:
		return Rate{}, &RateError{Num: num, Den: den, Reason: "zero denominator"}
	case (num < 0) != (den < 0) && num != 0:
		return Rate{}, &RateError{Num: num, Den: den, Reason: "a rate cannot be negative"}
	case !per.Valid():
		return Rate{}, &RateError{Num: num, Den: den, Reason: "unknown period"}
	case num == math.MinInt64 || den == math.MinInt64:
		return Rate{}, &RateError{Num: num, Den: den, Reason: "overflow"}
	}
	if den < 0 {
		num, den = -num, -den
	}
	if num == 0 {
		return Rate{per: per}, nil // one representation of zero, so == and round trips agree
	}
	g := gcd(num, den)
	return Rate{num: num / g, den: den / g, per: per}, nil
}

// Percent returns p percent per period: Percent(18, PerYear) is 18% a year.
func Percent(p int64, per Period) (Rate, error) { return NewRate(p, 100, per) }

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a == 0 {
		return 1
	}
	return a
}

// Num and Den are the reduced numerator and (positive) denominator.
func (r Rate) Num() int64 { return r.num }

// Den is the reduced, positive denominator.
func (r Rate) Den() int64 {
	if r.den == 0 {
		return 1
	}
	return r.den
}

// Period is what the rate is per.
func (r Rate) Period() Period { return r.per }

// IsZero reports a zero rate, whatever its period.
func (r Rate) IsZero() bool { return r.num == 0 }

// Per returns the same ratio stated per another period. It does not convert:
// use Scale for that (18% a year is 18/12 % a month: r.Scale(1, 12)).
func (r Rate) Per(p Period) Rate { r.per = p; return r }

// Scale multiplies the ratio by num/den exactly, keeping the period.
func (r Rate) Scale(num, den int64) (Rate, error) {
	if den == 0 || num < 0 || den < 0 {
		return Rate{}, &RateError{Num: num, Den: den, Reason: "a scale must be a positive ratio"}
	}
	n := new(big.Int).Mul(big.NewInt(r.num), big.NewInt(num))
	d := new(big.Int).Mul(big.NewInt(r.Den()), big.NewInt(den))
	return ratFromBig(n, d, r.per)
}

// Cmp compares the ratios of two rates, ignoring their periods.
func (r Rate) Cmp(o Rate) int {
	a := new(big.Int).Mul(big.NewInt(r.num), big.NewInt(o.Den()))
	b := new(big.Int).Mul(big.NewInt(o.num), big.NewInt(r.Den()))
	return a.Cmp(b)
}

// Of returns the rate applied to a, rounded once under rd: 18% of Rp25.000.
func (r Rate) Of(a Amount, rd Rounding) (Amount, error) {
	return rd.MulDiv(a, r.num, r.Den())
}

// Rat returns the ratio as a new big.Rat, for callers doing exact algebra.
func (r Rate) Rat() *big.Rat { return big.NewRat(r.num, r.Den()) }

func ratFromBig(n, d *big.Int, per Period) (Rate, error) {
	g := new(big.Int).GCD(nil, nil, n, d)
	if g.Sign() != 0 {
		n.Quo(n, g)
		d.Quo(d, g)
	}
	if !n.IsInt64() || !d.IsInt64() {
		return Rate{}, &RateError{Num: 0, Den: 0, Reason: "overflow: " + n.String() + "/" + d.String() + " does not fit in 64 bits"}
	}
	return NewRate(n.Int64(), d.Int64(), per)
}

// String is the rate as a percentage when it has a finite decimal expansion of
// at most 18 digits, "18% per year", "0.1% per day", and as a fraction
// otherwise, "1/3 per term", so that ParseRate always reads it back.
func (r Rate) String() string {
	var b strings.Builder
	if pct, ok := r.percent(); ok {
		b.WriteString(pct)
		b.WriteByte('%')
	} else {
		b.WriteString(strconv.FormatInt(r.num, 10))
		b.WriteByte('/')
		b.WriteString(strconv.FormatInt(r.Den(), 10))
	}
	b.WriteString(" per ")
	b.WriteString(r.per.String())
	return b.String()
}

// percent writes 100*num/den exactly, or reports that it does not terminate.
func (r Rate) percent() (string, bool) {
	d := r.Den()
	places := 0
	for _, p := range [2]int64{2, 5} {
		k := 0
		for d%p == 0 {
			d /= p
			k++
		}
		places = max(places, k)
	}
	if d != 1 {
		return "", false
	}
	places = max(places-2, 0)
	// 100*num*10^places/den is an integer
	v := new(big.Int).Mul(big.NewInt(r.num), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places+2)), nil))
	v.Quo(v, big.NewInt(r.Den()))
	s := v.String()
	for len(s) <= places {
		s = "0" + s
	}
	if len(s) > maxRateDigits {
		return "", false // longer than ParseRate reads: String writes the fraction instead
	}
	if places == 0 {
		return s, true
	}
	return s[:len(s)-places] + "." + s[len(s)-places:], true
}

// ParseRate reads a rate: a decimal ("0.18", "0,18"), a percentage ("18%",
// "1,5%"), or a fraction ("1/3"), optionally followed by its period ("18% per
// year", "0.1%/day", "2% per bulan", "18% p.a."). Without a period the rate is
// per year.
func ParseRate(s string) (Rate, error) {
	t := strings.TrimSpace(s)
	per := PerYear
	lower := lowerASCII(t) // byte for byte, so that an index into lower is one into t
	switch {
	case strings.HasSuffix(lower, " p.a."):
		t = strings.TrimSpace(t[:len(t)-5])
	case strings.Contains(lower, " per "):
		i := strings.Index(lower, " per ")
		p, ok := parsePeriod(t[i+5:])
		if !ok {
			return Rate{}, &ParseError{What: "rate", Input: s, Reason: "unknown period " + strconv.Quote(t[i+5:]), Err: ErrInvalidRate}
		}
		per, t = p, strings.TrimSpace(t[:i])
	default:
		if i := strings.LastIndexByte(t, '/'); i >= 0 {
			if p, ok := parsePeriod(t[i+1:]); ok {
				per, t = p, strings.TrimSpace(t[:i])
			}
		}
	}
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	var r Rate
	var err error
	if n, d, ok := strings.Cut(t, "/"); ok {
		num, e1 := strconv.ParseInt(n, 10, 64)
		den, e2 := strconv.ParseInt(d, 10, 64)
		if e1 != nil || e2 != nil || strings.HasPrefix(n, "+") || strings.HasPrefix(d, "+") {
			return Rate{}, &ParseError{What: "rate", Input: s, Reason: "a fraction is two whole numbers, 1/3", Err: ErrInvalidRate}
		}
		r, err = NewRate(num, den, per)
	} else {
		r, err = parseDecimalRate(s, strings.Replace(t, ",", ".", 1), per)
	}
	if err != nil {
		return Rate{}, &ParseError{What: "rate", Input: s, Reason: err.Error(), Err: ErrInvalidRate}
	}
	if pct {
		if r, err = r.Scale(1, 100); err != nil {
			return Rate{}, &ParseError{What: "rate", Input: s, Reason: err.Error(), Err: ErrInvalidRate}
		}
	}
	return r, nil
}

// lowerASCII lowers A-Z only; unlike strings.ToLower it never changes the
// length (invalid UTF-8 or a letter like 'İ' would), so indices carry over.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// maxRateDigits bounds the digits of a decimal rate so that it fits in int64.
const maxRateDigits = 18

func parseDecimalRate(orig, t string, per Period) (Rate, error) {
	whole, frac, _ := strings.Cut(t, ".")
	if whole == "" && frac == "" || len(whole)+len(frac) > maxRateDigits {
		return Rate{}, &ParseError{What: "rate", Input: orig, Reason: "want a number of at most 18 digits", Err: ErrInvalidRate}
	}
	var num int64
	for _, part := range [2]string{whole, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return Rate{}, &ParseError{What: "rate", Input: orig, Reason: "unexpected " + strconv.QuoteRune(rune(part[i])), Err: ErrInvalidRate}
			}
			num = num*10 + int64(part[i]-'0')
		}
	}
	den := int64(1)
	for range frac {
		den *= 10
	}
	return NewRate(num, den, per)
}

// MarshalText writes String's form, which ParseRate reads back exactly.
func (r Rate) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads what MarshalText writes.
func (r *Rate) UnmarshalText(b []byte) error {
	v, err := ParseRate(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// RateFromDecimal returns d per period exactly (0.18 is 9/50). It is an error
// when d is negative or its reduced ratio does not fit in 64 bits.
func RateFromDecimal(d decimal.Decimal, per Period) (Rate, error) {
	if d.Sign() < 0 {
		return Rate{}, &RateError{Reason: "a rate cannot be negative"}
	}
	n := d.Coefficient()
	den := big.NewInt(1)
	exp := d.Exponent()
	ten := big.NewInt(10)
	if exp < -1000 || exp > 1000 {
		return Rate{}, &RateError{Reason: "overflow: exponent out of range"}
	}
	if exp > 0 {
		n.Mul(n, new(big.Int).Exp(ten, big.NewInt(int64(exp)), nil))
	} else if exp < 0 {
		den.Exp(ten, big.NewInt(int64(-exp)), nil)
	}
	return ratFromBig(n, den, per)
}

// Decimal returns the rate as a decimal rounded half away from zero to places
// decimals (a rate like 1/3 has no exact decimal). It uses DivRound, never the
// package-level DivisionPrecision a host application may have changed.
func (r Rate) Decimal(places int32) decimal.Decimal {
	return decimal.New(r.num, 0).DivRound(decimal.New(r.Den(), 0), places)
}
