package groups

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// Debt is what a member owes inside the group because others covered their
// shortfall: to the member who paid, or to the group fund.
type Debt struct {
	Seq      int           `json:"seq"` // order in which debts were recorded, from 1
	Date     calendar.Date `json:"date"`
	Debtor   members.ID    `json:"debtor"`
	Creditor members.ID    `json:"creditor,omitempty"` // empty when owed to the fund
	Fund     bool          `json:"fund,omitempty"`     // owed to the group fund
	Amount   money.Amount  `json:"amount"`             // still owed
}

// Debts is the record of debts inside a group (who owes whom), oldest
// first. It is an immutable value: Record and Settle return a new Debts.
// The zero Debts owes nothing.
//
// Debts in both directions between two members are kept apart, not netted,
// so that each cover can be traced to its collection.
type Debts struct {
	list []Debt // by (Date, Seq); only debts still owed
	seq  int    // the last Seq given
}

// Record adds the debts a coverage creates: one per part, the member covered
// owing the payer (or the fund) the part's amount. They sum to the covered
// amount exactly.
func (d Debts) Record(c Coverage) (Debts, error) {
	if c.Date.IsZero() {
		return d, &AmountError{What: "cover", Amount: c.Covered, Reason: "has no date; a debt needs the date of its collection"}
	}
	n := Debts{list: slices.Grow(slices.Clone(d.list), len(c.Parts)), seq: d.seq}
	for _, p := range c.Parts {
		switch {
		case !p.Amount.IsPositive():
			return d, &AmountError{What: "cover part", Member: p.For, Amount: p.Amount, Reason: "must be positive"}
		case p.For == "" || (!p.FromFund && p.From == "") || p.From == p.For:
			return d, &AmountError{What: "cover part", Member: p.For, Amount: p.Amount, Reason: "needs a payer and a different member covered"}
		}
		n.seq++
		n.list = append(n.list, Debt{Seq: n.seq, Date: c.Date, Debtor: p.For, Creditor: p.From, Fund: p.FromFund, Amount: p.Amount})
	}
	n.sort()
	return n, nil
}

func (d *Debts) sort() {
	slices.SortStableFunc(d.list, func(a, b Debt) int { return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.Seq, b.Seq)) })
}

// All returns a copy of the debts still owed, oldest first.
func (d Debts) All() []Debt { return slices.Clone(d.list) }

// Owed is the total member m still owes.
func (d Debts) Owed(m members.ID) money.Amount {
	var t money.Amount
	for _, x := range d.list {
		if x.Debtor == m {
			t, _ = t.Add(x.Amount) // a sum of recorded parts of one currency
		}
	}
	return t
}

// OwedTo is the total still owed to member m, or to the fund when m is "".
func (d Debts) OwedTo(m members.ID) money.Amount {
	var t money.Amount
	for _, x := range d.list {
		if (m == "" && x.Fund) || (!x.Fund && x.Creditor == m) {
			t, _ = t.Add(x.Amount)
		}
	}
	return t
}

// Repayment is one debt (part of it or all) a settlement pays.
type Repayment struct {
	Seq      int          `json:"seq"`
	Creditor members.ID   `json:"creditor,omitempty"`
	Fund     bool         `json:"fund,omitempty"`
	Amount   money.Amount `json:"amount"`
}

// Settlement is what Settle paid.
type Settlement struct {
	Debtor     members.ID   `json:"debtor"`
	Repayments []Repayment  `json:"repayments"` // in the order paid
	Paid       money.Amount `json:"paid"`       // their sum
	Unused     money.Amount `json:"unused"`     // what was left of the amount after every debt was paid
}

// Settle pays amount from debtor toward their debts, oldest first (by
// collection date, then by the order recorded). It never pays more than is
// owed: what is left over comes back as Unused.
func (d Debts) Settle(debtor members.ID, amount money.Amount) (Debts, Settlement, error) {
	if amount.IsNegative() {
		return d, Settlement{}, &AmountError{What: "settlement", Member: debtor, Amount: amount, Reason: "cannot be negative"}
	}
	s := Settlement{Debtor: debtor, Repayments: []Repayment{}}
	n := Debts{list: make([]Debt, 0, len(d.list)), seq: d.seq}
	left := amount
	for _, x := range d.list {
		if x.Debtor != debtor || !left.IsPositive() {
			n.list = append(n.list, x)
			continue
		}
		pay := money.Min(left, x.Amount)
		var err error
		if left, err = left.Sub(pay); err != nil {
			return d, Settlement{}, moneyErr("settlement", debtor, amount, err)
		}
		s.Repayments = append(s.Repayments, Repayment{Seq: x.Seq, Creditor: x.Creditor, Fund: x.Fund, Amount: pay})
		if s.Paid, err = s.Paid.Add(pay); err != nil {
			return d, Settlement{}, moneyErr("settlement", debtor, amount, err)
		}
		if x.Amount, err = x.Amount.Sub(pay); err != nil {
			return d, Settlement{}, moneyErr("settlement", debtor, amount, err)
		}
		if x.Amount.IsPositive() {
			n.list = append(n.list, x)
		}
	}
	s.Unused = left
	return n, s, nil
}

type debtsJSON struct {
	Seq   int    `json:"seq"`
	Debts []Debt `json:"debts"`
}

// MarshalJSON writes the debts still owed and the last sequence number.
func (d Debts) MarshalJSON() ([]byte, error) {
	return json.Marshal(debtsJSON{Seq: d.seq, Debts: append([]Debt{}, d.list...)})
}

// UnmarshalJSON reads what MarshalJSON writes and checks it.
func (d *Debts) UnmarshalJSON(b []byte) error {
	var j debtsJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	n := Debts{list: j.Debts, seq: j.Seq}
	seen := make(map[int]bool, len(j.Debts))
	for i, x := range j.Debts {
		bad := func(reason string) error {
			return &AmountError{What: "debt " + strconv.Itoa(i), Member: x.Debtor, Amount: x.Amount, Reason: reason}
		}
		switch {
		case x.Seq < 1 || x.Seq > j.Seq || seen[x.Seq]:
			return bad("has sequence " + strconv.Itoa(x.Seq) + ", not unique in 1 to " + strconv.Itoa(j.Seq))
		case !x.Amount.IsPositive():
			return bad("must be positive")
		case x.Date.IsZero():
			return bad("has no date")
		case x.Debtor == "" || (x.Fund == (x.Creditor != "")) || x.Creditor == x.Debtor:
			return bad("needs a debtor and either a different member or the fund as creditor")
		}
		seen[x.Seq] = true
	}
	n.sort()
	*d = n
	return nil
}
