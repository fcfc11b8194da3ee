package groups

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// Ceiling is an optional upper bound on an amount. The zero Ceiling is "no
// bound"; UpTo(Rupiah(0)) is a bound of nothing. In JSON it is null or an
// amount.
type Ceiling struct {
	max money.Amount
	set bool
}

// UpTo is the ceiling a.
func UpTo(a money.Amount) Ceiling { return Ceiling{max: a, set: true} }

// Bound returns the bound and whether there is one.
func (c Ceiling) Bound() (money.Amount, bool) { return c.max, c.set }

// IsZero reports no bound (for omitzero).
func (c Ceiling) IsZero() bool { return !c.set }

// String is the bound, or "none".
func (c Ceiling) String() string {
	if !c.set {
		return "none"
	}
	return c.max.String()
}

// MarshalJSON writes null or the amount.
func (c Ceiling) MarshalJSON() ([]byte, error) {
	if !c.set {
		return []byte("null"), nil
	}
	return json.Marshal(c.max)
}

// UnmarshalJSON reads null or an amount.
func (c *Ceiling) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*c = Ceiling{}
		return nil
	}
	var a money.Amount
	if err := json.Unmarshal(b, &a); err != nil {
		return err
	}
	*c = UpTo(a)
	return nil
}

// Rule is how peers share a shortfall they cover.
type Rule uint8

// Rules. The zero Rule is Equal.
const (
	Equal       Rule = iota // equal parts among the members who paid in full
	ProRata                 // in proportion to what each paid at the collection
	LeaderFirst             // the leader first, up to the cap; the rest equally
)

var ruleNames = [...]string{"equal", "pro-rata", "leader-first"}

// String is the rule word.
func (r Rule) String() string { return word(ruleNames[:], int(r), "rule") }

// MarshalText writes the rule word.
func (r Rule) MarshalText() ([]byte, error) { return marshalWord("rule", ruleNames[:], int(r)) }

// UnmarshalText reads the rule word.
func (r *Rule) UnmarshalText(t []byte) error {
	i, err := unmarshalWord("rule", ruleNames[:], t)
	*r = Rule(i)
	return err
}

// FundUse is when the group fund pays toward a shortfall.
type FundUse uint8

// Fund uses. The zero FundUse is NoFund.
const (
	NoFund    FundUse = iota // the fund is not used
	FundFirst                // the fund first, then peers (Kopwan SBW)
	FundLast                 // peers first, the fund for what they cannot cover
)

var fundUseNames = [...]string{"none", "first", "last"}

// String is the word.
func (f FundUse) String() string { return word(fundUseNames[:], int(f), "fund use") }

// MarshalText writes the word.
func (f FundUse) MarshalText() ([]byte, error) {
	return marshalWord("fund use", fundUseNames[:], int(f))
}

// UnmarshalText reads the word.
func (f *FundUse) UnmarshalText(t []byte) error {
	i, err := unmarshalWord("fund use", fundUseNames[:], t)
	*f = FundUse(i)
	return err
}

// CoverPolicy is how a group covers a member's missed installment (tanggung
// renteng). The zero CoverPolicy shares it equally among the members who
// paid in full, with no cap and no group fund.
type CoverPolicy struct {
	Rule Rule    `json:"rule"`
	Fund FundUse `json:"fund"`
	// Cap is the most one member is asked to put in for others at one
	// collection.
	Cap Ceiling `json:"cap,omitzero"`
}

// Validate reports a policy that cannot be applied.
func (p CoverPolicy) Validate() error {
	bad := func(field, reason string) error { return &PolicyError{Policy: "cover", Field: field, Reason: reason} }
	switch {
	case p.Rule > LeaderFirst:
		return bad("rule", "unknown rule "+p.Rule.String())
	case p.Fund > FundLast:
		return bad("fund", "unknown fund use "+p.Fund.String())
	case p.Cap.set && p.Cap.max.IsNegative():
		return bad("cap", "cannot be negative, got "+p.Cap.max.String())
	}
	return nil
}

// Line is one member at a collection: what was owed and what was paid.
// Paid cannot exceed Owed: money a member puts in for others is what Cover
// computes.
type Line struct {
	Member members.ID   `json:"member"`
	Owed   money.Amount `json:"owed"`
	Paid   money.Amount `json:"paid"`
	// Spare, when set, is the most this member can put in for others now;
	// the policy's Cap also applies.
	Spare Ceiling `json:"spare,omitzero"`
}

// Collection is one meeting's collection for a group. Members without a line
// owed nothing and cover nothing.
type Collection struct {
	Date  calendar.Date `json:"date"`
	Lines []Line        `json:"lines"`
	// Fund is the group fund's balance available for cover (Fund.Balance).
	Fund money.Amount `json:"fund"`
}

// Part is one piece of a cover: who pays how much of whose shortfall.
type Part struct {
	From     members.ID   `json:"from,omitempty"`      // the member who pays; empty when FromFund
	FromFund bool         `json:"from_fund,omitempty"` // paid from the group fund
	For      members.ID   `json:"for"`                 // whose shortfall
	Amount   money.Amount `json:"amount"`
}

// Shortfall is one member's missing payment and how much of it was covered.
type Shortfall struct {
	Member    members.ID   `json:"member"`
	Short     money.Amount `json:"short"`
	Covered   money.Amount `json:"covered"`
	Uncovered money.Amount `json:"uncovered"`
}

// Coverage is the result of Cover: the shortfalls, the parts that cover
// them and what stays uncovered. Covered = FundUsed + the members' parts,
// and Covered + Uncovered = Shortfall, exactly.
type Coverage struct {
	Group      ID            `json:"group"`
	Date       calendar.Date `json:"date"`
	Shortfall  money.Amount  `json:"shortfall"`
	Covered    money.Amount  `json:"covered"`
	Uncovered  money.Amount  `json:"uncovered"`
	FundUsed   money.Amount  `json:"fund_used"`
	Shortfalls []Shortfall   `json:"shortfalls"` // by member ID
	Parts      []Part        `json:"parts"`      // by whose shortfall, the fund first, then by payer ID
}

// PaidBy is the total member m puts in for others.
func (c Coverage) PaidBy(m members.ID) money.Amount {
	var t money.Amount
	for _, p := range c.Parts {
		if !p.FromFund && p.From == m {
			t, _ = t.Add(p.Amount) // cannot overflow: parts sum to Covered
		}
	}
	return t
}

// Cover computes how group g covers the shortfalls of collection c under
// policy p (tanggung renteng). Members who paid in full cover those who did
// not, never themselves, each at most the policy's Cap and their own Spare;
// the group fund pays first or last if the policy says so. The parts sum
// exactly to what is covered (largest-remainder allocation, ties to the
// lower member ID); what no one can cover is reported as Uncovered.
//
// Lines for members not in g, repeated lines, negative amounts, payments
// above what was owed and mixed currencies are errors.
func Cover(g Group, c Collection, p CoverPolicy) (Coverage, error) {
	if err := p.Validate(); err != nil {
		return Coverage{}, err
	}
	if g.status == Closed {
		return Coverage{}, &StateError{Group: g.id, Op: "cover a collection", Status: g.status}
	}
	var lbuf [8]Line // a group of up to 8 needs no allocation for its lines
	lines := append(lbuf[:0], c.Lines...)
	slices.SortFunc(lines, func(a, b Line) int { return cmp.Compare(a.Member, b.Member) })
	var cur money.Currency
	curOf := func(what string, m members.ID, a money.Amount) error {
		if a.IsNegative() {
			return &AmountError{What: what, Member: m, Amount: a, Reason: "cannot be negative"}
		}
		if a.IsZero() && a.Currency().IsZero() {
			return nil
		}
		if cur.IsZero() {
			cur = a.Currency()
		} else if a.Currency() != cur {
			return &AmountError{What: what, Member: m, Amount: a, Reason: "is not in " + cur.String() + " like the other amounts", Err: money.ErrCurrencyMismatch}
		}
		return nil
	}
	var totalOwed money.Amount
	for i, l := range lines {
		if !g.Has(l.Member) {
			return Coverage{}, &MemberError{Group: g.id, Member: l.Member, Role: "collection line"}
		}
		if i > 0 && l.Member == lines[i-1].Member {
			return Coverage{}, &DuplicateError{What: "line", Key: string(l.Member)}
		}
		for _, x := range [...]struct {
			what string
			a    money.Amount
		}{{"owed", l.Owed}, {"paid", l.Paid}, {"spare", l.Spare.max}} {
			if err := curOf(x.what, l.Member, x.a); err != nil {
				return Coverage{}, err
			}
		}
		if l.Paid.Cmp(l.Owed) > 0 {
			return Coverage{}, &AmountError{What: "paid", Member: l.Member, Amount: l.Paid, Reason: "is more than the " + l.Owed.String() + " owed; record money for others as cover, or the extra as a fund contribution"}
		}
		var err error
		if totalOwed, err = totalOwed.Add(l.Owed); err != nil {
			return Coverage{}, moneyErr("owed", l.Member, l.Owed, err)
		}
	}
	if err := curOf("group fund", "", c.Fund); err != nil {
		return Coverage{}, err
	}
	if err := curOf("cap", "", p.Cap.max); err != nil {
		return Coverage{}, err
	}
	// Every amount below is at most totalOwed (or the fund, or a cap), so
	// plain int64 arithmetic cannot overflow.
	n := len(lines)
	var buf [3 * 8]int64
	nums := buf[:0]
	if 3*n > len(buf) {
		nums = make([]int64, 0, 3*n)
	}
	short, capa, give := nums[:n], nums[n:2*n], nums[2*n:3*n]
	var total int64
	for i, l := range lines {
		short[i] = l.Owed.Minor() - l.Paid.Minor()
		total += short[i]
		give[i] = 0
	}
	out := Coverage{Group: g.id, Date: c.Date}
	if total == 0 {
		out.Shortfalls, out.Parts = []Shortfall{}, []Part{}
		return out, nil
	}
	capMax, capSet := p.Cap.Bound()
	for i, l := range lines {
		capa[i] = 0
		if short[i] > 0 {
			continue // a member short of their own installment covers no one
		}
		c := total
		if capSet {
			c = min(c, capMax.Minor())
		}
		if s, ok := l.Spare.Bound(); ok {
			c = min(c, s.Minor())
		}
		capa[i] = c
	}
	fund := c.Fund.Minor()
	var fromFund int64
	left := total
	if p.Fund == FundFirst {
		fromFund = min(fund, left)
		left -= fromFund
	}
	if left > 0 {
		left -= share(lines, capa, give, left, p.Rule, g.leader)
	}
	if p.Fund == FundLast {
		f := min(fund, left)
		fromFund += f
		left -= f
	}
	covered := total - left
	out.Shortfall = cur.Amount(total)
	out.Covered = cur.Amount(covered)
	out.Uncovered = cur.Amount(left)
	out.FundUsed = cur.Amount(fromFund)
	// what each short member gets covered: all, or pro rata to the shortfall
	var cbuf [8]int64
	cov := cbuf[:0]
	var wbuf [8]int64
	weights := wbuf[:0]
	var shortAt [8]int
	who := shortAt[:0]
	for i := range lines {
		if short[i] > 0 {
			who = append(who, i)
			weights = append(weights, short[i])
		}
	}
	if covered == total {
		cov = append(cov, weights...)
	} else {
		var abuf [8]money.Amount
		parts, err := money.AppendAllocate(abuf[:0], cur.Amount(covered), weights, 0)
		if err != nil {
			return Coverage{}, moneyErr("cover", "", out.Covered, err)
		}
		for _, a := range parts {
			cov = append(cov, a.Minor())
		}
	}
	out.Shortfalls = make([]Shortfall, len(who))
	for k, i := range who {
		out.Shortfalls[k] = Shortfall{Member: lines[i].Member, Short: cur.Amount(short[i]), Covered: cur.Amount(cov[k]), Uncovered: cur.Amount(short[i] - cov[k])}
	}
	// split each member's covered amount among the sources (the fund, then
	// payers by ID) in proportion to what each source still has to give:
	// every source gives exactly its total and every shortfall gets exactly
	// its cover
	var sbuf [9]int64
	src := append(sbuf[:0], fromFund)
	for i := range lines {
		if give[i] > 0 {
			src = append(src, give[i])
		}
	}
	out.Parts = make([]Part, 0, len(who)*len(src))
	var pbuf [9]money.Amount
	for k, i := range who {
		if cov[k] == 0 {
			continue
		}
		parts, err := money.AppendAllocate(pbuf[:0], cur.Amount(cov[k]), src, 0)
		if err != nil {
			return Coverage{}, moneyErr("cover", lines[i].Member, cur.Amount(cov[k]), err)
		}
		s := 0
		for j, a := range parts {
			v := a.Minor()
			src[j] -= v
			if j == 0 {
				if v > 0 {
					out.Parts = append(out.Parts, Part{FromFund: true, For: lines[i].Member, Amount: a})
				}
				continue
			}
			for give[s] == 0 {
				s++
			}
			if v > 0 {
				out.Parts = append(out.Parts, Part{From: lines[s].Member, For: lines[i].Member, Amount: a})
			}
			s++
		}
	}
	return out, nil
}

// share sets give[i], what each payer puts in, for need (at most the
// payers' capacities capa) under rule, and returns the total given.
func share(lines []Line, capa, give []int64, need int64, rule Rule, leader members.ID) int64 {
	var given int64
	if rule == LeaderFirst {
		for i, l := range lines {
			if l.Member == leader && capa[i] > 0 {
				give[i] = min(capa[i], need)
				given = give[i]
				need -= given
			}
		}
		rule = Equal
	}
	n := len(lines)
	var wbuf, ibuf [8]int64
	w := wbuf[:0]
	idx := ibuf[:0]
	if n > len(wbuf) {
		w, idx = make([]int64, 0, n), make([]int64, 0, n)
	}
	// water-filling: split what is needed among the payers still able to
	// give; those whose part would pass their capacity give their capacity
	// and drop out; repeat with the rest
	for need > 0 {
		w, idx = w[:0], idx[:0]
		for i, l := range lines {
			// a payer who reached their capacity (the leader who gave
			// first, or anyone capped in an earlier round) is done
			if capa[i]-give[i] <= 0 {
				continue
			}
			wt := int64(1)
			if rule == ProRata {
				wt = l.Paid.Minor()
			}
			if wt > 0 {
				w = append(w, wt)
				idx = append(idx, int64(i))
			}
		}
		if len(w) == 0 {
			break
		}
		var abuf [8]money.Amount
		parts, err := money.AppendAllocate(abuf[:0], money.IDR.Amount(need), w, 0)
		if err != nil {
			break // cannot happen: weights are positive and need fits
		}
		capped := false
		for k, a := range parts {
			i := idx[k]
			if room := capa[i] - give[i]; a.Minor() > room {
				give[i] += room
				given += room
				need -= room
				capped = true
			}
		}
		if capped {
			continue
		}
		for k, a := range parts {
			give[idx[k]] += a.Minor()
		}
		given += need
		need = 0
	}
	return given
}
