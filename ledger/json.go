package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"github.com/ip2p/koperasi/money"
)

// journalJSON is the journal's wire form: what it was built from, nothing
// derived. Loading it replays every entry through Post.
type journalJSON struct {
	Currency string    `json:"currency"`
	Accounts []Account `json:"accounts"`
	Entries  []Entry   `json:"entries"`
}

// MarshalJSON writes the currency, the accounts sorted by code and the
// entries in posting order. Two journals built by the same calls write the
// same bytes, so a higher layer can compare states with bytes.Equal.
func (j *Journal) MarshalJSON() ([]byte, error) {
	return json.Marshal(journalJSON{Currency: j.Currency().String(), Accounts: j.Accounts(), Entries: j.Entries()})
}

// UnmarshalJSON rebuilds a journal from what MarshalJSON writes, opening the
// accounts and posting the entries in order with every rule checked. On any
// error the receiver is unchanged.
func (j *Journal) UnmarshalJSON(b []byte) error {
	var w journalJSON
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&w); err != nil {
		return err
	}
	if _, err := d.Token(); err != io.EOF {
		return errors.New("ledger: unexpected data after the journal")
	}
	c, err := money.ParseCurrency(w.Currency)
	if err != nil {
		return err
	}
	n, err := New(c, w.Accounts)
	if err != nil {
		return err
	}
	for _, e := range w.Entries {
		if n.Has(e.ID) {
			return &EntryError{ID: e.ID, Posting: -1, Reason: "the ID appears twice in the journal", Err: ErrConflict}
		}
		if err := n.Post(e); err != nil {
			return err
		}
	}
	n.touch, n.pidx, n.pv, n.rord, n.rkv, n.rbuf, n.rordN = nil, nil, nil, nil, nil, nil, -1
	*j = *n
	return nil
}
