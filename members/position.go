package members

import (
	"slices"
	"sort"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
)

// Position is a member's savings as of a date: what eligibility looks at. A
// host that keeps its own records may fill one in itself.
type Position struct {
	Member ID            `json:"member"`
	AsOf   calendar.Date `json:"as_of"`
	Balances
	PokokPaid bool `json:"pokok_paid"`
	// WajibPaidThrough is the last month up to which every due month is
	// paid; zero if the first due month is not paid (or not yet due).
	WajibPaidThrough calendar.YearMonth `json:"wajib_paid_through,omitzero"`
	// WajibArrearsMonths counts the due months up to AsOf's month (that
	// month included) not paid by AsOf; WajibArrears is their amount.
	WajibArrearsMonths int          `json:"wajib_arrears_months"`
	WajibArrears       money.Amount `json:"wajib_arrears"`
	// Holds active on AsOf, in the order placed.
	Holds []Hold `json:"holds"`
}

// Statement is a member's savings book for a period: the balances by kind
// at its start and end, every movement in between in the order recorded,
// and the holds active at its end.
type Statement struct {
	Member           Member             `json:"member"`
	From             calendar.Date      `json:"from,omitzero"` // zero: from the first movement
	To               calendar.Date      `json:"to,omitzero"`   // zero: to the last movement
	Opening          Balances           `json:"opening"`
	Closing          Balances           `json:"closing"`
	WajibPaidThrough calendar.YearMonth `json:"wajib_paid_through,omitzero"`
	Movements        []Movement         `json:"movements"`
	Holds            []Hold             `json:"holds"`
}

// Of returns the statement's movements of one kind.
func (st Statement) Of(k Kind) []Movement {
	var out []Movement
	for _, m := range st.Movements {
		if m.Kind == k {
			out = append(out, m)
		}
	}
	return out
}

// Member returns the member with the ID (ErrNotFound otherwise).
func (s *Savings) Member(id ID) (Member, error) { return s.reg.Member(id) }

// Members returns every member, ordered by ID.
func (s *Savings) Members() []Member { return s.reg.Members() }

// ByHousehold returns the members of a household, ordered by ID.
func (s *Savings) ByHousehold(key string) []Member { return s.reg.ByHousehold(key) }

// ByRW returns the members living in an RW, ordered by ID.
func (s *Savings) ByRW(rw int) []Member { return s.reg.ByRW(rw) }

// Operations returns the operation log, in the order applied.
func (s *Savings) Operations() []Operation {
	if s.log.len() == 0 {
		return nil
	}
	out := s.log.appendAll(make([]Operation, 0, s.log.len()))
	for i := range out {
		out[i] = out[i].clone()
	}
	return out
}

// clone copies the record, so that callers cannot change the log.
func (o Operation) clone() Operation {
	if o.Record != nil {
		r := *o.Record
		o.Record = &r
	}
	return o
}

// Operation returns the operation with the ID, if it was applied.
func (s *Savings) Operation(id string) (Operation, bool) {
	i, ok := s.log.find(id)
	if !ok {
		return Operation{}, false
	}
	return s.log.operation(i).clone(), true
}

// Balances returns a member's current balances (ErrNotFound for an unknown
// member).
func (s *Savings) Balances(id ID) (Balances, error) {
	_, b, err := s.book(id)
	if err != nil {
		return Balances{}, err
	}
	return b.bal, nil
}

// book is the member's record and book, or a *MemberError wrapping
// ErrNotFound.
func (s *Savings) book(id ID) (*Member, *book, error) {
	if e, ok := s.reg.byID[id]; ok {
		return e.rec, e.b, nil
	}
	return nil, nil, notFound(id)
}

// Totals is the sum of every member's balances by kind. With only Savings
// posting to the savings accounts, it equals their ledger balances.
func (s *Savings) Totals() (Balances, error) {
	t := s.zero()
	for _, id := range s.reg.ids {
		b := s.reg.byID[id].b
		for _, k := range [...]Kind{Pokok, Wajib, Sukarela} {
			v, err := t.get(k).Add(*b.bal.get(k))
			if err != nil {
				return Balances{}, err
			}
			*t.get(k) = v
		}
		var err error
		if t.Held, err = t.Held.Add(b.bal.Held); err != nil {
			return Balances{}, err
		}
	}
	return t, nil
}

func (s *Savings) zero() Balances {
	z := s.cfg.Currency().Amount(0)
	return Balances{Pokok: z, Wajib: z, Sukarela: z, Held: z}
}

// upTo is the number of the book's movements dated on or before d (all
// when d is zero).
func (s *Savings) upTo(b *book, d calendar.Date) int {
	if d.IsZero() || !d.Before(b.last) { // the usual "as of today": no search
		return len(b.moves)
	}
	return sort.Search(len(b.moves), func(i int) bool { return s.moveDate(b.moves[i]).After(d) })
}

// balancesAt are the book's balances after its first n movements.
func (s *Savings) balancesAt(b *book, n int) Balances {
	if n == 0 {
		return s.zero()
	}
	return s.balances(s.moves.At(b.moves[n-1]).after)
}

// moveDate is the date of the movement at position i.
func (s *Savings) moveDate(i int32) calendar.Date { return s.log.at(int(s.moves.At(i).op)).date }

// activeHolds are the holds placed on or before d and not closed by d (all
// active ones when d is zero).
func (b *book) activeHolds(d calendar.Date) []Hold {
	active := func(h *holdState) bool {
		if !d.IsZero() && h.Placed.After(d) {
			return false
		}
		return h.closed.IsZero() || (!d.IsZero() && h.closed.After(d))
	}
	n := 0
	for i := range b.holds {
		if active(&b.holds[i]) {
			n++
		}
	}
	out := make([]Hold, 0, n) // counted first: one allocation, none when there are none
	for i := range b.holds {
		if active(&b.holds[i]) {
			out = append(out, b.holds[i].Hold)
		}
	}
	return out
}

// paidThrough is the last month of an unbroken run of paid months from
// first, counting payments made on or before d (all when d is zero).
func (b *book) paidThrough(first calendar.YearMonth, d calendar.Date) calendar.YearMonth {
	var through calendar.YearMonth
	i, _ := findMonth(b.months, first)
	for want := first; i < len(b.months); i++ {
		p := b.months[i]
		if p.month != want || (!d.IsZero() && p.on.After(d)) {
			break
		}
		through, want = p.month, want.AddMonths(1)
	}
	return through
}

// Position returns the member's savings as of the date: balances after
// every movement dated on or before it, whether pokok was paid by then, and
// simpanan wajib paid through and in arrears. Simpanan wajib is due for
// every month from the first due month (Config.WajibFrom) through the date's
// month, while the person is a member: a resigned member owes none from the
// resignation date on.
func (s *Savings) Position(id ID, asOf calendar.Date) (Position, error) {
	m, b, err := s.book(id)
	if err != nil {
		return Position{}, err
	}
	if asOf.IsZero() {
		return Position{}, &OpError{Member: id, Reason: "a position needs the date it is as of", Err: ErrInvalidOperation}
	}
	p := Position{Member: id, AsOf: asOf, Balances: s.balancesAt(b, s.upTo(b, asOf)), Holds: b.activeHolds(asOf)}
	p.PokokPaid = !b.pokokOn.IsZero() && !b.pokokOn.After(asOf)
	first := s.cfg.firstDue(m.Joined)
	p.WajibPaidThrough = b.paidThrough(first, asOf)
	p.WajibArrears = s.cfg.Wajib.Currency().Amount(0)
	last := asOf.YearMonth()
	if m.Status == Resigned && !asOf.Before(m.Left) {
		return p, nil
	}
	if due := last.Sub(first) + 1; due > 0 {
		paid := 0
		i, _ := findMonth(b.months, first)
		for ; i < len(b.months) && b.months[i].month.Compare(last) <= 0; i++ {
			if !b.months[i].on.After(asOf) {
				paid++
			}
		}
		p.WajibArrearsMonths = due - paid
		if p.WajibArrears, err = s.cfg.Wajib.Mul(int64(p.WajibArrearsMonths)); err != nil {
			return Position{}, err
		}
	}
	return p, nil
}

// AppendMovements appends the member's movements dated from one date to
// another (both included; a zero date leaves that end open) to dst, in the
// order recorded. It is Statement's movements without the allocation, for
// callers that page through books with one buffer.
func (s *Savings) AppendMovements(dst []Movement, id ID, from, to calendar.Date) ([]Movement, error) {
	_, b, err := s.book(id)
	if err != nil {
		return dst, err
	}
	i0, i1 := s.span(b, from, to)
	return s.appendMovements(dst, b.moves[i0:i1]), nil
}

// appendMovements appends the movements at positions ms, expanded, to dst.
func (s *Savings) appendMovements(dst []Movement, ms []int32) []Movement {
	n := len(dst)
	dst = slices.Grow(dst, len(ms))[:n+len(ms)]
	for i, k := range ms {
		s.expand(&dst[n+i], s.moves.At(k))
	}
	return dst
}

// span is the range of the book's movements dated from one date to another.
func (s *Savings) span(b *book, from, to calendar.Date) (int, int) {
	i0 := 0
	if !from.IsZero() {
		i0 = sort.Search(len(b.moves), func(i int) bool { return !s.moveDate(b.moves[i]).Before(from) })
	}
	i1 := s.upTo(b, to)
	return i0, max(i0, i1)
}

// Statement returns the member's savings book from one date to another,
// both included; a zero date leaves that end open.
func (s *Savings) Statement(id ID, from, to calendar.Date) (Statement, error) {
	m, b, err := s.book(id)
	if err != nil {
		return Statement{}, err
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return Statement{}, &OpError{Member: id, Reason: "the statement period ends (" + to.String() + ") before it starts (" + from.String() + ")", Err: ErrInvalidOperation}
	}
	i0, i1 := s.span(b, from, to)
	st := Statement{
		Member:    *m,
		From:      from,
		To:        to,
		Opening:   s.balancesAt(b, i0),
		Closing:   s.balancesAt(b, i1),
		Movements: s.appendMovements(make([]Movement, 0, i1-i0), b.moves[i0:i1]),
		Holds:     b.activeHolds(to),
	}
	st.WajibPaidThrough = b.paidThrough(s.cfg.firstDue(m.Joined), to)
	return st, nil
}

// LastMovement is the date of the member's latest savings operation, or
// the zero Date when there is none. Savings are recorded in date order, so
// an operation for this member may not be dated before it.
func (s *Savings) LastMovement(id ID) calendar.Date {
	if e, ok := s.reg.byID[id]; ok {
		return e.b.last
	}
	return calendar.Date{}
}
