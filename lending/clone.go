package lending

import "slices"

// Clone returns a deep copy of the facility: a holder of the copy may change
// it without changing f (a Book hands out copies).
func (f Facility) Clone() Facility { return f.clone() }

// Clone returns a deep copy of the loan.
func (l Loan) Clone() Loan {
	l.Schedule.Installments = slices.Clone(l.Schedule.Installments)
	l.Lenders = slices.Clone(l.Lenders)
	l.Goods = slices.Clone(l.Goods)
	return l
}

// Clone returns a deep copy of the state.
func (s State) Clone() State {
	s.Installments = slices.Clone(s.Installments)
	s.Payments = slices.Clone(s.Payments)
	s.WriteOff.Absorbed = slices.Clone(s.WriteOff.Absorbed)
	return s
}

// Clone returns a deep copy of the payout record.
func (p PaidOut) Clone() PaidOut {
	p.Lenders = slices.Clone(p.Lenders)
	return p
}
