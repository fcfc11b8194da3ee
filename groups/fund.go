package groups

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// EndAction is what happens to the group fund when a cycle ends.
type EndAction uint8

// End actions. The zero EndAction is CarryOver.
const (
	CarryOver EndAction = iota // the balance stays for the next cycle
	Refund                     // the balance goes back to the members, pro rata to what each put in
)

var endNames = [...]string{"carry-over", "refund"}

// String is the action word.
func (a EndAction) String() string { return word(endNames[:], int(a), "end action") }

// MarshalText writes the action word.
func (a EndAction) MarshalText() ([]byte, error) {
	return marshalWord("end action", endNames[:], int(a))
}

// UnmarshalText reads the action word.
func (a *EndAction) UnmarshalText(t []byte) error {
	i, err := unmarshalWord("end action", endNames[:], t)
	*a = EndAction(i)
	return err
}

// FundPolicy is how a group keeps its fund (dana kelompok).
type FundPolicy struct {
	PerMeeting money.Amount `json:"per_meeting"`  // each member's contribution per meeting
	AtCycleEnd EndAction    `json:"at_cycle_end"` // carry over or refund
}

// Validate reports a policy that cannot be applied.
func (p FundPolicy) Validate() error {
	switch {
	case p.PerMeeting.IsNegative():
		return &PolicyError{Policy: "fund", Field: "per_meeting", Reason: "cannot be negative, got " + p.PerMeeting.String()}
	case p.AtCycleEnd > Refund:
		return &PolicyError{Policy: "fund", Field: "at_cycle_end", Reason: "unknown action " + p.AtCycleEnd.String()}
	}
	return nil
}

// Contribution is money one member puts into the fund, or gets back from it.
type Contribution struct {
	Member members.ID   `json:"member"`
	Amount money.Amount `json:"amount"`
}

// Due is what each member of g owes the fund at a meeting, by member ID.
func (p FundPolicy) Due(g Group) []Contribution {
	out := make([]Contribution, len(g.members))
	for i, c := range g.members {
		out[i] = Contribution{Member: c.Member, Amount: p.PerMeeting}
	}
	return out
}

// Fund is a group fund: its balance, what is out covering shortfalls (owed
// back to the fund), and each member's stake (what they put in, less what
// was refunded). Balance + Out = the sum of the stakes, always; no figure is
// ever negative. It is an immutable value; the zero Fund is empty.
type Fund struct {
	balance money.Amount
	out     money.Amount
	stakes  []Contribution // by member ID
}

// Balance is the money in the fund now.
func (f Fund) Balance() money.Amount { return f.balance }

// Out is what the fund paid toward shortfalls and is still owed back.
func (f Fund) Out() money.Amount { return f.out }

// Stakes returns each member's stake, by member ID.
func (f Fund) Stakes() []Contribution { return slices.Clone(f.stakes) }

// Contribute adds meeting contributions from members of g.
func (f Fund) Contribute(g Group, cs []Contribution) (Fund, error) {
	n := Fund{balance: f.balance, out: f.out, stakes: slices.Clone(f.stakes)}
	seen := make([]members.ID, 0, len(cs))
	for _, c := range cs {
		switch {
		case !g.Has(c.Member):
			return f, &MemberError{Group: g.id, Member: c.Member, Role: "fund contribution"}
		case slices.Contains(seen, c.Member):
			return f, &DuplicateError{What: "contribution", Key: string(c.Member)}
		case c.Amount.IsNegative():
			return f, &AmountError{What: "contribution", Member: c.Member, Amount: c.Amount, Reason: "cannot be negative"}
		}
		seen = append(seen, c.Member)
		var err error
		if n.balance, err = n.balance.Add(c.Amount); err != nil {
			return f, moneyErr("contribution", c.Member, c.Amount, err)
		}
		i, found := slices.BinarySearchFunc(n.stakes, c.Member, func(s Contribution, m members.ID) int { return cmp.Compare(s.Member, m) })
		if !found {
			n.stakes = slices.Insert(n.stakes, i, Contribution{Member: c.Member})
		}
		if n.stakes[i].Amount, err = n.stakes[i].Amount.Add(c.Amount); err != nil {
			return f, moneyErr("contribution", c.Member, c.Amount, err)
		}
	}
	return n, nil
}

// Use takes amount out of the fund to cover shortfalls (Coverage.FundUsed);
// it is owed back to the fund through the members' debts.
func (f Fund) Use(amount money.Amount) (Fund, error) {
	if amount.IsNegative() {
		return f, &AmountError{What: "fund use", Amount: amount, Reason: "cannot be negative"}
	}
	if amount.Cmp(f.balance) > 0 {
		if _, err := f.balance.Sub(amount); err != nil {
			return f, moneyErr("fund use", "", amount, err)
		}
		return f, &FundError{Balance: f.balance, Requested: amount}
	}
	n := f
	var err error
	if n.balance, err = f.balance.Sub(amount); err != nil {
		return f, moneyErr("fund use", "", amount, err)
	}
	if n.out, err = f.out.Add(amount); err != nil {
		return f, moneyErr("fund use", "", amount, err)
	}
	return n, nil
}

// Repay puts back what a member repaid of a debt to the fund
// (a Repayment with Fund set). It cannot exceed what is out.
func (f Fund) Repay(amount money.Amount) (Fund, error) {
	if amount.IsNegative() {
		return f, &AmountError{What: "fund repayment", Amount: amount, Reason: "cannot be negative"}
	}
	if amount.Cmp(f.out) > 0 {
		return f, &AmountError{What: "fund repayment", Amount: amount, Reason: "is more than the " + f.out.String() + " the fund is owed"}
	}
	n := f
	var err error
	if n.out, err = f.out.Sub(amount); err != nil {
		return f, moneyErr("fund repayment", "", amount, err)
	}
	if n.balance, err = f.balance.Add(amount); err != nil {
		return f, moneyErr("fund repayment", "", amount, err)
	}
	return n, nil
}

// EndCycle applies the policy at the end of a cycle. CarryOver keeps the
// fund as it is. Refund pays the balance back to the members in proportion
// to their stakes (largest remainder, ties to the lower member ID) and
// returns the refunds; what is out stays owed to the fund and the members'
// stakes in it remain.
func (f Fund) EndCycle(p FundPolicy) (Fund, []Contribution, error) {
	if err := p.Validate(); err != nil {
		return f, nil, err
	}
	if p.AtCycleEnd == CarryOver || f.balance.IsZero() {
		return f, []Contribution{}, nil
	}
	weights := make([]int64, len(f.stakes))
	for i, s := range f.stakes {
		weights[i] = s.Amount.Minor()
	}
	parts, err := money.Allocate(f.balance, weights)
	if err != nil {
		return f, nil, moneyErr("refund", "", f.balance, err)
	}
	n := Fund{out: f.out, stakes: make([]Contribution, 0, len(f.stakes))}
	refunds := make([]Contribution, 0, len(parts))
	for i, a := range parts {
		s := f.stakes[i]
		if a.IsPositive() {
			refunds = append(refunds, Contribution{Member: s.Member, Amount: a})
		}
		if s.Amount, err = s.Amount.Sub(a); err != nil {
			return f, nil, moneyErr("refund", s.Member, a, err)
		}
		if s.Amount.IsPositive() {
			n.stakes = append(n.stakes, s)
		}
	}
	return n, refunds, nil
}

type fundJSON struct {
	Balance money.Amount   `json:"balance"`
	Out     money.Amount   `json:"out"`
	Stakes  []Contribution `json:"stakes"`
}

// MarshalJSON writes the fund as an object.
func (f Fund) MarshalJSON() ([]byte, error) {
	return json.Marshal(fundJSON{f.balance, f.out, append([]Contribution{}, f.stakes...)})
}

// UnmarshalJSON reads what MarshalJSON writes and checks that nothing is
// negative and that balance and out add up to the stakes.
func (f *Fund) UnmarshalJSON(b []byte) error {
	var j fundJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	n := Fund{balance: j.Balance, out: j.Out, stakes: j.Stakes}
	slices.SortFunc(n.stakes, func(a, b Contribution) int { return cmp.Compare(a.Member, b.Member) })
	var sum money.Amount
	for i, s := range n.stakes {
		if s.Member == "" || s.Amount.IsNegative() {
			return &AmountError{What: "stake", Member: s.Member, Amount: s.Amount, Reason: "needs a member and cannot be negative"}
		}
		if i > 0 && s.Member == n.stakes[i-1].Member {
			return &DuplicateError{What: "stake", Key: string(s.Member)}
		}
		var err error
		if sum, err = sum.Add(s.Amount); err != nil {
			return moneyErr("stake", s.Member, s.Amount, err)
		}
	}
	if n.balance.IsNegative() || n.out.IsNegative() {
		return &AmountError{What: "fund", Amount: n.balance, Reason: "balance and out cannot be negative"}
	}
	total, err := n.balance.Add(n.out)
	if err != nil {
		return moneyErr("fund", "", n.balance, err)
	}
	if total.Cmp(sum) != 0 {
		return &AmountError{What: "fund", Amount: total, Reason: "balance plus out must equal the stakes, " + sum.String()}
	}
	*f = n
	return nil
}
