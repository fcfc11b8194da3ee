package groups

import (
	"strconv"

	"github.com/ip2p/koperasi/members"
)

// Candidate is a member as group formation sees them: who, which household,
// where. Build one with CandidateOf, or fill the struct directly when the
// host keeps members elsewhere.
type Candidate struct {
	Member    members.ID          `json:"member"`
	Household string              `json:"household"`         // members with the same key are one family
	RT        int                 `json:"rt"`                // rukun tetangga, 1..999
	RW        int                 `json:"rw"`                // rukun warga, 1..999
	Location  members.Coordinates `json:"location,omitzero"` // zero: unknown
}

// CandidateOf returns the candidate for member m. Only an active member may
// be placed in a group; the full borrower eligibility (months of membership,
// savings, business) is the members package's check, which the caller runs
// first.
func CandidateOf(m members.Member) (Candidate, error) {
	if m.Status != members.Active {
		return Candidate{}, &CandidateError{Member: m.ID, Reason: "the member is " + m.Status.String() + ", only an active member can be placed in a group", Err: ErrNotEligible}
	}
	c := Candidate{Member: m.ID, Household: m.HouseholdKey(), RT: m.Address.RT, RW: m.Address.RW, Location: m.Address.Location}
	if err := c.Validate(); err != nil {
		return Candidate{}, err
	}
	return c, nil
}

// Coordinates beyond these are not on Earth.
const (
	maxLat = 90_000_000
	maxLon = 180_000_000
)

// Validate reports a candidate that formation cannot use.
func (c Candidate) Validate() error {
	bad := func(reason string) error {
		return &CandidateError{Member: c.Member, Reason: reason, Err: ErrInvalidCandidate}
	}
	switch {
	case c.Member == "":
		return bad("no member ID")
	case c.Household == "":
		return bad("no household key (set the household or the KK number)")
	case c.RT < 1 || c.RT > 999:
		return bad("RT " + strconv.Itoa(c.RT) + " is not 1 to 999")
	case c.RW < 1 || c.RW > 999:
		return bad("RW " + strconv.Itoa(c.RW) + " is not 1 to 999")
	case c.Location.Lat < -maxLat || c.Location.Lat > maxLat:
		return bad("latitude " + strconv.FormatInt(c.Location.Lat, 10) + " micro-degrees is beyond ±90°")
	case c.Location.Lon < -maxLon || c.Location.Lon > maxLon:
		return bad("longitude " + strconv.FormatInt(c.Location.Lon, 10) + " micro-degrees is beyond ±180°")
	}
	return nil
}
