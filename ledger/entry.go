package ledger

import (
	"bytes"
	"cmp"
	"encoding/json"
	"slices"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
)

// Entry is a journal entry: two or more postings whose debits equal their
// credits, on one date, under an ID that makes posting it idempotent. The
// ID is the caller's: a command ID, or one derived from it ("CMD-17/disburse"),
// so that a retried command cannot post twice.
type Entry struct {
	ID   string        `json:"id"`
	Date calendar.Date `json:"date"`
	Memo string        `json:"memo,omitempty"`
	// Refs tie the entry to the layer above: member, loan, group, lender.
	// A journal keeps them sorted by key; keys are unique.
	Refs []Ref `json:"refs,omitempty"`
	// Reverses is the ID of the entry this one reverses, or "". A reversal
	// mirrors its original: the same accounts and amounts, sides swapped.
	Reverses string    `json:"reverses,omitempty"`
	Postings []Posting `json:"postings"`
}

// Ref is a reference from an entry to something outside the ledger, such as
// Ref{"loan", "L-2024-001"}.
type Ref struct {
	Key, Value string
}

// Posting is one line of an entry: an amount debited or credited to an
// account. The amount is positive; the side says which way it goes.
type Posting struct {
	Account Code         `json:"account"`
	Side    Side         `json:"side"`
	Amount  money.Amount `json:"amount"`
}

// Dr is a debit of a to account c.
func Dr(c Code, a money.Amount) Posting { return Posting{Account: c, Side: Debit, Amount: a} }

// Cr is a credit of a to account c.
func Cr(c Code, a money.Amount) Posting { return Posting{Account: c, Side: Credit, Amount: a} }

// Ref returns the value of the reference with key k, or "".
func (e Entry) Ref(k string) string {
	for _, r := range e.Refs {
		if r.Key == k {
			return r.Value
		}
	}
	return ""
}

func compareRefs(a, b Ref) int { return cmp.Compare(a.Key, b.Key) }

// entryJSON is Entry's wire form; refs become a JSON object.
type entryJSON struct {
	ID       string        `json:"id"`
	Date     calendar.Date `json:"date"`
	Memo     string        `json:"memo,omitempty"`
	Refs     refsJSON      `json:"refs,omitempty"`
	Reverses string        `json:"reverses,omitempty"`
	Postings []Posting     `json:"postings"`
}

// refsJSON writes references as a JSON object with keys in sorted order:
// {"loan":"L1","member":"M1"}.
type refsJSON []Ref

func (rs refsJSON) MarshalJSON() ([]byte, error) {
	s := slices.Clone(rs)
	slices.SortStableFunc(s, compareRefs)
	var b bytes.Buffer
	b.WriteByte('{')
	for i, r := range s {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(r.Key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(r.Value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (rs *refsJSON) UnmarshalJSON(b []byte) error {
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if m == nil {
		*rs = nil
		return nil
	}
	out := make(refsJSON, 0, len(m))
	for k, v := range m {
		out = append(out, Ref{Key: k, Value: v})
	}
	slices.SortFunc(out, compareRefs)
	*rs = out
	return nil
}

// MarshalJSON writes the entry with its date as "YYYY-MM-DD", amounts as
// strings ("IDR 25000"), sides as words and references as an object with
// sorted keys.
func (e Entry) MarshalJSON() ([]byte, error) {
	return json.Marshal(entryJSON{ID: e.ID, Date: e.Date, Memo: e.Memo, Refs: refsJSON(e.Refs), Reverses: e.Reverses, Postings: e.Postings})
}

// UnmarshalJSON reads what MarshalJSON writes. It checks the form (every
// posting has a side) but not the accounting: Journal.Post does that.
func (e *Entry) UnmarshalJSON(b []byte) error {
	var w entryJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	for i, p := range w.Postings {
		if !p.Side.Valid() {
			return &EntryError{ID: w.ID, Posting: i, Account: p.Account, Reason: `the posting has no side; want "debit" or "credit"`, Err: ErrInvalidEntry}
		}
	}
	*e = Entry{ID: w.ID, Date: w.Date, Memo: w.Memo, Refs: []Ref(w.Refs), Reverses: w.Reverses, Postings: w.Postings}
	return nil
}
