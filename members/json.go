package members

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
)

// savingsJSON is the wire form of Savings. Operations are the source of
// truth; members and accounts are derived from them and written so that the
// state can be read (and compared byte for byte) without replaying.
type savingsJSON struct {
	Config     Config        `json:"config"`
	Members    []Member      `json:"members"`
	Accounts   []accountJSON `json:"accounts"`
	Operations []Operation   `json:"operations"`
}

type accountJSON struct {
	Member ID `json:"member"`
	Balances
	PokokPaidOn calendar.Date        `json:"pokok_paid_on,omitzero"`
	WajibMonths []calendar.YearMonth `json:"wajib_months"`
	Holds       []Hold               `json:"holds"` // active
	Movements   int                  `json:"movements"`
}

// MarshalJSON writes the whole state deterministically: the configuration,
// the members ordered by ID, each member's balances, wajib months paid and
// active holds ordered by member ID, and the operation log in order. Two
// Savings with equal state give equal bytes, which is how tests check that
// a refused operation changed nothing. The journal is not included; it has
// its own JSON.
func (s *Savings) MarshalJSON() ([]byte, error) {
	v := savingsJSON{Config: s.cfg, Members: s.reg.Members(), Accounts: []accountJSON{}, Operations: s.log.appendAll(make([]Operation, 0, s.log.len()))}
	for _, id := range s.reg.ids {
		b := s.reg.byID[id].b
		if !b.opened {
			continue
		}
		a := accountJSON{Member: id, Balances: b.bal, PokokPaidOn: b.pokokOn,
			WajibMonths: make([]calendar.YearMonth, len(b.months)), Holds: b.activeHolds(calendar.Date{}), Movements: len(b.moves)}
		for i, p := range b.months {
			a.WajibMonths[i] = p.month
		}
		v.Accounts = append(v.Accounts, a)
	}
	return json.Marshal(v)
}

// UnmarshalJSON restores a state written by MarshalJSON into a Savings made
// by New, keeping its journal. It replays the operation log, checks that
// the members and accounts sections are what the log produces, and then
// posts the log's entries to the journal as one unit: entries already there
// (a journal restored from its own JSON) are left alone, missing ones are
// posted, and a different entry under the same ID fails with ErrConflict.
// On any error the Savings and the journal are unchanged.
func (s *Savings) UnmarshalJSON(data []byte) error {
	if s == nil || s.j == nil {
		return &ConfigError{Field: "journal", Reason: "decode into a Savings made with New, which holds the journal"}
	}
	var v savingsJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return &ConfigError{Field: "json", Reason: "cannot read the savings state: " + err.Error()}
	}
	fresh, err := New(v.Config, s.j)
	if err != nil {
		return err
	}
	var entries []ledger.Entry
	for _, o := range v.Operations {
		if i, dup := fresh.log.find(o.ID); dup {
			return fresh.fail(o, ErrDuplicate, "the log has the operation ID twice (also at position "+strconv.Itoa(i+1)+")")
		}
		// o was decoded here: its record can be the log's.
		if err := fresh.apply(o, nil, false, &entries); err != nil {
			return err
		}
	}
	got, err := fresh.MarshalJSON()
	if err != nil {
		return err
	}
	var want bytes.Buffer
	if err := json.Compact(&want, data); err != nil {
		return &ConfigError{Field: "json", Reason: err.Error()}
	}
	if !bytes.Equal(got, want.Bytes()) {
		return &ConfigError{Field: "json", Reason: "the members and accounts sections are not what the operations produce"}
	}
	if err := s.j.PostAll(entries...); err != nil {
		return &ConfigError{Field: "operations", Reason: "the journal refused the savings entries: " + err.Error(), Err: err}
	}
	*s = *fresh
	return nil
}
