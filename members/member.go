package members

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ip2p/koperasi/calendar"
)

// ID identifies a member within a koperasi: the koperasi's own member number
// (nomor anggota), e.g. "A-0001". It is opaque to the library.
type ID string

// NIK is the 16-digit national identity number (Nomor Induk Kependudukan)
// printed on the KTP: 6 digits of region (province, regency, district), the
// birth date as DDMMYY with 40 added to the day for women, and a 4-digit
// serial.
type NIK string

// NIKError says which part of a NIK is wrong.
type NIKError struct {
	Input  string
	Reason string
}

func (e *NIKError) Error() string {
	return fmt.Sprintf("members: invalid NIK %q: %s", e.Input, e.Reason)
}

func (e *NIKError) Unwrap() error { return ErrInvalidNIK }

// ParseNIK checks s and returns it as a NIK. Spaces and dots that people
// write between groups are removed first.
func ParseNIK(s string) (NIK, error) {
	t := s
	if strings.ContainsAny(s, " .") {
		t = strings.Map(func(r rune) rune {
			if r == ' ' || r == '.' {
				return -1
			}
			return r
		}, s)
	}
	if len(t) != 16 {
		return "", &NIKError{Input: s, Reason: "a NIK has 16 digits, got " + strconv.Itoa(len(t))}
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return "", &NIKError{Input: s, Reason: "a NIK has only digits"}
		}
	}
	two := func(i int) int { return int(t[i]-'0')*10 + int(t[i+1]-'0') }
	switch {
	case two(0) < 11 || two(0) > 99:
		return "", &NIKError{Input: s, Reason: "the province code (digits 1-2) must be 11 to 99"}
	case two(2) == 0:
		return "", &NIKError{Input: s, Reason: "the regency code (digits 3-4) cannot be 00"}
	case two(4) == 0:
		return "", &NIKError{Input: s, Reason: "the district code (digits 5-6) cannot be 00"}
	}
	day, month := two(6), two(8)
	if day > 40 {
		day -= 40
	}
	if day < 1 || day > 31 || month < 1 || month > 12 {
		return "", &NIKError{Input: s, Reason: "digits 7-12 must be a birth date DDMMYY (women: day + 40)"}
	}
	if t[12:] == "0000" {
		return "", &NIKError{Input: s, Reason: "the serial (digits 13-16) cannot be 0000"}
	}
	return NIK(t), nil
}

// String is the NIK's digits.
func (n NIK) String() string { return string(n) }

// UnmarshalText reads a NIK the way ParseNIK does; empty text is the empty
// NIK, which Validate reports as missing.
func (n *NIK) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*n = ""
		return nil
	}
	v, err := ParseNIK(string(b))
	if err != nil {
		return err
	}
	*n = v
	return nil
}

// Female reports what the NIK encodes: the birth day has 40 added for women.
func (n NIK) Female() bool { return len(n) == 16 && n[6] >= '4' }

// Region is the 6-digit region code (province, regency, district).
func (n NIK) Region() string {
	if len(n) != 16 {
		return ""
	}
	return string(n[:6])
}

// Status is a member's standing in the koperasi. The zero Status is
// Prospective (calon anggota). A member moves Prospective -> Active (an
// update, when the koperasi admits them) -> Resigned (Registry.Resign or
// Savings.Resign); never back.
type Status uint8

// Statuses.
const (
	Prospective Status = iota // calon anggota: registered, not yet admitted
	Active                    // anggota: admitted by the koperasi
	Resigned                  // keluar: savings paid back, no open obligations
)

var statusNames = [...]string{"prospective", "active", "resigned"}

// String is the status word.
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "status(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText writes the status word.
func (s Status) MarshalText() ([]byte, error) {
	if int(s) >= len(statusNames) {
		return nil, fmt.Errorf("%w: status %d", ErrInvalidMember, s)
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads the status word.
func (s *Status) UnmarshalText(b []byte) error {
	for i, n := range statusNames {
		if n == string(b) {
			*s = Status(i)
			return nil
		}
	}
	return fmt.Errorf("%w: unknown status %q", ErrInvalidMember, b)
}

// Coordinates is a point in micro-degrees (1e-6 degree, about 11 cm), integers
// so that distances and the groups formed from them are the same on every
// platform. The zero value means "no coordinates".
type Coordinates struct {
	Lat int64 `json:"lat"` // micro-degrees north (negative: south; Mekarmukti is about -6.87)
	Lon int64 `json:"lon"` // micro-degrees east
}

// IsZero reports missing coordinates.
func (c Coordinates) IsZero() bool { return c == Coordinates{} }

// Address is where a member lives. RT and RW are the neighbourhood units that
// group formation uses when no coordinates are known.
type Address struct {
	Street   string      `json:"street,omitempty"`
	RT       int         `json:"rt"`                 // rukun tetangga, 1..999
	RW       int         `json:"rw"`                 // rukun warga, 1..999
	Village  string      `json:"village,omitempty"`  // desa / kelurahan
	District string      `json:"district,omitempty"` // kecamatan
	Regency  string      `json:"regency,omitempty"`  // kabupaten / kota
	Location Coordinates `json:"location,omitzero"`
}

// Business is the member's micro-business, checked by borrower eligibility.
type Business struct {
	Type        string `json:"type"` // a koperasi's own code, e.g. "fish-processing"
	Description string `json:"description,omitempty"`
}

// Documents records which identity documents the koperasi holds a copy of.
type Documents struct {
	KTP           bool `json:"ktp"`                      // identity card
	KK            bool `json:"kk"`                       // family card
	SpouseConsent bool `json:"spouse_consent,omitempty"` // Mekaar-style consent of the spouse
}

// Member is a person registered with the koperasi. It is a plain value: the
// registry keeps the current version and replaces it whole on update.
type Member struct {
	ID        ID            `json:"id"`
	Name      string        `json:"name"`
	NIK       NIK           `json:"nik"`
	KK        string        `json:"kk"`                  // family card number (Nomor KK), 16 digits
	Household string        `json:"household,omitempty"` // household key; members with the same key are one family (defaults to KK)
	BirthDate calendar.Date `json:"birth_date,omitzero"`
	Address   Address       `json:"address"`
	Business  Business      `json:"business"`
	Joined    calendar.Date `json:"joined"` // registration date; membership months count from it
	Status    Status        `json:"status"`
	Left      calendar.Date `json:"left,omitzero"` // resignation date, set by Resign
	Documents Documents     `json:"documents"`
}

// HouseholdKey is the household a member belongs to: Household if set,
// otherwise the KK number.
func (m Member) HouseholdKey() string {
	if m.Household != "" {
		return m.Household
	}
	return m.KK
}
