package members

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on the free-text fields, so that one bad record cannot blow up a
// fact sheet or a JSON export.
const (
	maxIDLen   = 64
	maxNameLen = 200
	maxTextLen = 500
	maxRTRW    = 999
	maxLat     = 90_000_000  // micro-degrees
	maxLon     = 180_000_000 // micro-degrees
)

// Validate checks a member record completely and returns the first problem
// as a *MemberError wrapping ErrInvalidMember (and ErrInvalidNIK for a bad
// NIK). It checks: ID (1 to 64 printable characters, no surrounding spaces),
// name, NIK (canonical 16 digits as ParseNIK returns them), KK number (16
// digits), RT and RW (1 to 999), coordinates in range, date joined present,
// birth date before the date joined, a known status, and the resignation
// date: present and not before joining exactly when the status is Resigned.
func (m Member) Validate() error {
	bad := func(field, reason string) error {
		return &MemberError{Member: m.ID, Field: field, Reason: reason, Err: ErrInvalidMember}
	}
	if reason := checkText(string(m.ID), maxIDLen, true); reason != "" {
		return bad("id", reason)
	}
	if reason := checkText(m.Name, maxNameLen, true); reason != "" {
		return bad("name", reason)
	}
	if m.NIK == "" {
		return bad("nik", "the NIK (16 digits on the KTP) is missing")
	}
	if n, err := ParseNIK(string(m.NIK)); err != nil {
		var ne *NIKError
		reason := err.Error()
		if errors.As(err, &ne) {
			reason = ne.Reason
		}
		return &MemberError{Member: m.ID, Field: "nik", Reason: reason, Err: ErrInvalidMember, cause: err}
	} else if n != m.NIK {
		return bad("nik", "write the NIK as 16 digits without spaces or dots ("+string(n)+")")
	}
	if !isDigits(m.KK, 16) {
		return bad("kk", "the family card number (Nomor KK) must be 16 digits")
	}
	if strings.Trim(m.KK, "0") == "" {
		return bad("kk", "the family card number cannot be all zeros")
	}
	if reason := checkText(m.Household, maxIDLen, false); reason != "" {
		return bad("household", reason)
	}
	a := m.Address
	if a.RT < 1 || a.RT > maxRTRW {
		return bad("address.rt", "RT must be 1 to 999")
	}
	if a.RW < 1 || a.RW > maxRTRW {
		return bad("address.rw", "RW must be 1 to 999")
	}
	for _, f := range [...]struct{ name, s string }{{"address.street", a.Street}, {"address.village", a.Village},
		{"address.district", a.District}, {"address.regency", a.Regency}, {"business.description", m.Business.Description}} {
		if reason := checkText(f.s, maxTextLen, false); reason != "" {
			return bad(f.name, reason)
		}
	}
	if reason := checkText(m.Business.Type, maxIDLen, false); reason != "" {
		return bad("business.type", reason)
	}
	if c := a.Location; c.Lat < -maxLat || c.Lat > maxLat || c.Lon < -maxLon || c.Lon > maxLon {
		return bad("address.location", "latitude must be within ±90° and longitude within ±180° (in micro-degrees)")
	}
	if m.Joined.IsZero() {
		return bad("joined", "the date joined is missing")
	}
	if !m.BirthDate.IsZero() && !m.BirthDate.Before(m.Joined) {
		return bad("birth_date", "the birth date must be before the date joined")
	}
	if int(m.Status) >= len(statusNames) {
		return bad("status", "unknown status "+m.Status.String())
	}
	switch {
	case m.Status == Resigned && m.Left.IsZero():
		return bad("left", "a resigned member needs the resignation date")
	case m.Status == Resigned && m.Left.Before(m.Joined):
		return bad("left", "the resignation date is before the date joined")
	case m.Status != Resigned && !m.Left.IsZero():
		return bad("left", "only a resigned member has a resignation date")
	}
	return nil
}

// checkText returns why s is not acceptable, or "".
func checkText(s string, maxLen int, required bool) string {
	switch {
	case s == "" && required:
		return "missing"
	case len(s) > maxLen:
		return "longer than " + strconv.Itoa(maxLen) + " bytes"
	}
	// Operation IDs, checked on every operation, are plain ASCII: one pass
	// over the bytes gives the answer the checks below would. It reads
	// eight bytes at a time, as one word.
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	var ctrlBits uint64 // a byte's high bit set: a control character in that byte (or after it)
	t := s
	for ; len(t) >= 8; t = t[8:] {
		// Read as one load: the compiler sees w's bytes are in bounds.
		w := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		if w&hi != 0 {
			return checkUnicodeText(s)
		}
		// With every byte below 0x80, (x - lo*n) &^ x & hi has a byte's
		// high bit set exactly where some byte of x is below n: a byte
		// below 0x20, or 0x7f (zero after the xor).
		x := w ^ (lo * 0x7f)
		ctrlBits |= (w-lo*0x20)&^w&hi | (x-lo)&^x&hi
	}
	ctrl := ctrlBits != 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c >= utf8.RuneSelf {
			return checkUnicodeText(s)
		}
		ctrl = ctrl || c < 0x20 || c == 0x7f
	}
	switch {
	case s != "" && (asciiSpace(s[0]) || asciiSpace(s[len(s)-1])):
		return "has leading or trailing spaces"
	case ctrl:
		return "contains a control character"
	}
	return ""
}

// asciiSpace reports the ASCII bytes strings.TrimSpace trims.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// checkUnicodeText is checkText after the length checks, for any text.
func checkUnicodeText(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "not valid UTF-8 text"
	case strings.TrimSpace(s) != s:
		return "has leading or trailing spaces"
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return "contains a control character"
		}
	}
	return ""
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
