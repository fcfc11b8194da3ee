package money

import (
	"strconv"
	"strings"
)

// String is the Indonesian display form: "Rp4.200", "Rp125.000", "-Rp1.500",
// "US$1.234,56", "Rp1.234,56" for rupiah kept in sen. Thousands are grouped
// with '.', decimals follow ','. An amount without a currency prints as a
// bare number.
func (a Amount) String() string {
	return string(a.AppendFormat(make([]byte, 0, 24)))
}

// AppendFormat appends the display form of String to b.
func (a Amount) AppendFormat(b []byte) []byte {
	mag := uint64(a.v)
	if a.v < 0 {
		b = append(b, '-')
		mag = uint64(-a.v)
	}
	b = append(b, a.c.symbol()...)
	d := a.c.Digits()
	scale := uint64(a.c.scale())
	whole, frac := mag/scale, mag%scale
	var tmp [24]byte
	digits := strconv.AppendUint(tmp[:0], whole, 10)
	for i, ch := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b = append(b, '.')
		}
		b = append(b, ch)
	}
	if d > 0 {
		b = append(b, ',')
		b = appendPadded(b, frac, d)
	}
	return b
}

func appendPadded(b []byte, v uint64, width int) []byte {
	var tmp [24]byte
	s := strconv.AppendUint(tmp[:0], v, 10)
	for range width - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}

// appendPlain appends the canonical number: optional '-', digits, '.' and
// exactly Digits decimals. "4200", "1234.56".
func (a Amount) appendPlain(b []byte) []byte {
	mag := uint64(a.v)
	if a.v < 0 {
		b = append(b, '-')
		mag = uint64(-a.v)
	}
	scale := uint64(a.c.scale())
	b = strconv.AppendUint(b, mag/scale, 10)
	if d := a.c.Digits(); d > 0 {
		b = append(b, '.')
		b = appendPadded(b, mag%scale, d)
	}
	return b
}

// MarshalText writes the canonical form, the currency then a plain number with
// exactly the currency's decimals: "IDR 4200", "USD 1234.56", "IDR/2 4200.00".
// The zero Amount is "0". This is the JSON form (a string), so that amounts
// never pass through a JSON number and its float.
func (a Amount) MarshalText() ([]byte, error) { return a.AppendText(nil) }

// AppendText appends the MarshalText form to b (encoding.TextAppender), for
// writers that reuse a buffer.
func (a Amount) AppendText(b []byte) ([]byte, error) {
	if a.c.IsZero() {
		if a.v != 0 {
			return nil, &ParseError{What: "amount", Input: string(a.appendPlain(nil)), Reason: "an amount other than zero needs a currency", Err: ErrInvalidAmount}
		}
		return append(b, '0'), nil
	}
	b = a.c.appendString(b)
	b = append(b, ' ')
	return a.appendPlain(b), nil
}

// UnmarshalText reads what MarshalText writes.
func (a *Amount) UnmarshalText(b []byte) error {
	if v, ok := parseCanonical(b); ok {
		*a = v
		return nil
	}
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Parse reads an amount that names its currency: the canonical form
// ("IDR 4200", "USD 1234.56", "IDR/2 4200.00", "0") or the display form with a
// known symbol ("Rp4.200", "-Rp1.500", "US$1.234,56").
func Parse(s string) (Amount, error) {
	if s == "0" {
		return Amount{}, nil
	}
	if code, num, ok := strings.Cut(s, " "); ok && len(code) >= 3 && code[0] >= 'A' && code[0] <= 'Z' {
		c, err := ParseCurrency(code)
		if err != nil {
			return Amount{}, &ParseError{What: "amount", Input: s, Reason: "unknown currency " + strconv.Quote(code), Err: ErrInvalidAmount}
		}
		return parsePlain(s, num, c)
	}
	body := strings.TrimPrefix(s, "-")
	for _, c := range [...]Currency{IDR, USD, EUR} {
		if strings.HasPrefix(body, c.symbol()) {
			return ParseIn(c, s)
		}
	}
	return Amount{}, &ParseError{What: "amount", Input: s, Reason: `no currency: write "IDR 4200" or "Rp4.200"`, Err: ErrInvalidAmount}
}

// parseCanonical reads the canonical form MarshalText writes for a currency
// with its conventional decimals, "IDR 4200" or "USD -12.34", without
// copying b into a string; anything else (and any doubt: a leading zero,
// "-0", more than 18 digits) is left to Parse, which gives the same value or
// the error.
func parseCanonical(b []byte) (Amount, bool) {
	if len(b) < 5 || b[3] != ' ' {
		return Amount{}, false
	}
	for _, ch := range b[:3] {
		if ch < 'A' || ch > 'Z' {
			return Amount{}, false
		}
	}
	c := pack(b[0], b[1], b[2], 0)
	c = c.withDigits(c.conventionalDigits())
	num := b[4:]
	neg := num[0] == '-'
	if neg {
		num = num[1:]
	}
	d := c.Digits()
	whole := num
	if d > 0 {
		if len(num) < d+2 || num[len(num)-d-1] != '.' {
			return Amount{}, false
		}
		whole = num[:len(num)-d-1]
	}
	if n := len(num) - min(d, 1); len(whole) == 0 || n > 18 || (whole[0] == '0' && len(whole) > 1) { // 18 digits fit in int64
		return Amount{}, false
	}
	var v int64
	for i, ch := range num {
		if d > 0 && i == len(whole) {
			continue // the point
		}
		if ch < '0' || ch > '9' {
			return Amount{}, false
		}
		v = v*10 + int64(ch-'0')
	}
	if neg {
		if v == 0 {
			return Amount{}, false
		}
		v = -v
	}
	return Amount{v: v, c: c}, true
}

// parsePlain reads "-1234.56" with exactly the currency's decimals.
func parsePlain(orig, s string, c Currency) (Amount, error) {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	d := c.Digits()
	if (d == 0 && hasFrac) || (d > 0 && len(frac) != d) {
		return Amount{}, &ParseError{What: "amount", Input: orig, Reason: "want exactly " + strconv.Itoa(d) + " decimals for " + c.String(), Err: ErrInvalidAmount}
	}
	return build(orig, neg, whole, frac, c)
}

// ParseIn reads an amount of currency c in Indonesian display form, with or
// without the symbol and grouping: "Rp4.200", "4.200", "4200", "-Rp1.500",
// "Rp 1.234,56". Groups after a '.' must have three digits; a ',' starts the
// decimals, at most the currency's number of them.
func ParseIn(c Currency, s string) (Amount, error) {
	t := strings.TrimSpace(s)
	neg := strings.HasPrefix(t, "-")
	if neg {
		t = t[1:]
	}
	if sym := strings.TrimSpace(c.symbol()); sym != "" {
		t = strings.TrimPrefix(t, sym)
		t = strings.TrimPrefix(t, " ")
	}
	whole, frac, hasFrac := strings.Cut(t, ",")
	if hasFrac && (len(frac) == 0 || len(frac) > c.Digits()) {
		return Amount{}, &ParseError{What: "amount", Input: s, Reason: "at most " + strconv.Itoa(c.Digits()) + " decimals after ',' for " + c.String(), Err: ErrInvalidAmount}
	}
	if strings.Contains(whole, ".") {
		groups := strings.Split(whole, ".")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return Amount{}, &ParseError{What: "amount", Input: s, Reason: "thousands groups are separated by '.' in threes", Err: ErrInvalidAmount}
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return Amount{}, &ParseError{What: "amount", Input: s, Reason: "thousands groups are separated by '.' in threes", Err: ErrInvalidAmount}
			}
		}
		whole = strings.Join(groups, "")
	}
	for len(frac) < c.Digits() {
		frac += "0"
	}
	return build(s, neg, whole, frac, c)
}

// build makes an amount from decimal digit strings, checking every byte.
func build(orig string, neg bool, whole, frac string, c Currency) (Amount, error) {
	if whole == "" {
		return Amount{}, &ParseError{What: "amount", Input: orig, Reason: "no digits", Err: ErrInvalidAmount}
	}
	var v uint64
	for _, part := range [2]string{whole, frac} {
		for i := 0; i < len(part); i++ {
			ch := part[i]
			if ch < '0' || ch > '9' {
				return Amount{}, &ParseError{What: "amount", Input: orig, Reason: "unexpected " + strconv.QuoteRune(rune(ch)), Err: ErrInvalidAmount}
			}
			if v > (1<<63-1-uint64(ch-'0'))/10 {
				return Amount{}, &ParseError{What: "amount", Input: orig, Reason: "too large", Err: ErrOverflow}
			}
			v = v*10 + uint64(ch-'0')
		}
	}
	if neg {
		return Amount{v: -int64(v), c: c}, nil
	}
	return Amount{v: int64(v), c: c}, nil
}
