package lending

import (
	"cmp"
	"slices"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/internal/wide"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// Returns are what a lender put into loans and got back, as of a date.
// For every loan Funded = Principal + Loss + Outstanding.
type Returns struct {
	Funded    money.Amount `json:"funded"`
	Principal money.Amount `json:"principal"` // principal paid back (repayments and write-off cover)
	Margin    money.Amount `json:"margin"`    // margin earned
	Loss      money.Amount `json:"loss"`      // principal written off
	Recovered money.Amount `json:"recovered"` // of Loss, recovered since
	// Outstanding is the principal still out in loans.
	Outstanding money.Amount `json:"outstanding"`
	// MoneyDays is the principal outstanding summed over every day from
	// disbursement through the statement's date (rupiah-days).
	MoneyDays int64 `json:"money_days,string"`
	// Yield is the realised yield, a rate per year:
	// (Margin - (Loss - Recovered)) * 365 / MoneyDays. It is negative when
	// losses exceed the margin, and undefined before any day has passed.
	Yield Fraction `json:"yield"`
}

// add adds one loan's lender record to r; false on overflow.
func (r *Returns) add(p LenderPaid, days int64) bool {
	cur := p.Funded.Currency()
	ok := true
	sum := func(a *money.Amount, x int64) {
		v, good := wide.Add(a.Minor(), x)
		ok = ok && good
		*a = cur.Amount(v)
	}
	sum(&r.Funded, p.Funded.Minor())
	sum(&r.Principal, p.Principal.Minor())
	sum(&r.Margin, p.Margin.Minor())
	sum(&r.Loss, p.Loss.Minor())
	sum(&r.Recovered, p.Recovered.Minor())
	sum(&r.Outstanding, p.Outstanding().Minor())
	md, good := wide.Mul(p.Outstanding().Minor(), days)
	ok = ok && good
	if md, good = wide.Add(md, p.MoneyDays); good {
		md, good = wide.Add(r.MoneyDays, md)
	}
	r.MoneyDays = md
	return ok && good
}

// finish sets the yield.
func (r *Returns) finish() bool {
	y, ok := yieldOf(r.Margin.Minor(), r.Loss.Minor()-r.Recovered.Minor(), r.MoneyDays)
	r.Yield = y
	return ok
}

// StatementLine is one loan in a lender's statement.
type StatementLine struct {
	Loan      LoanID        `json:"loan"`
	Group     string        `json:"group,omitempty"`
	Disbursed calendar.Date `json:"disbursed"`
	// WrittenOff is the day the loan was written off, if it was.
	WrittenOff calendar.Date `json:"written_off,omitzero"`
	Returns
}

// LenderStatement is what one lender has in the koperasi's loans on a date:
// a line per loan it funded, in the order given, and the totals.
type LenderStatement struct {
	Lender members.ID      `json:"lender"`
	AsOf   calendar.Date   `json:"as_of"`
	Loans  []StatementLine `json:"loans"`
	Total  Returns         `json:"total"`
}

// Statement is lender's statement on day asOf, from the loans it may have
// funded and their payout records (in the same order; loans the lender has
// no share in are left out). Each record must be of its loan and no later
// than asOf. Money-days run from each loan's disbursement through asOf, so
// the yield of money still out falls as the days pass without payouts.
func Statement(lender members.ID, loans []Loan, paid []PaidOut, asOf calendar.Date) (LenderStatement, error) {
	all, err := statements(loans, paid, asOf, lender, true)
	if err != nil {
		return LenderStatement{}, err
	}
	if len(all) == 0 {
		return LenderStatement{Lender: lender, AsOf: asOf, Loans: []StatementLine{}}, nil
	}
	return all[0], nil
}

// Statements are the statements of every lender of the loans on day asOf,
// sorted by lender (see Statement).
func Statements(loans []Loan, paid []PaidOut, asOf calendar.Date) ([]LenderStatement, error) {
	return statements(loans, paid, asOf, "", false)
}

func statements(loans []Loan, paid []PaidOut, asOf calendar.Date, only members.ID, one bool) ([]LenderStatement, error) {
	fail := func(loan LoanID, reason string) ([]LenderStatement, error) {
		return nil, &PayoutError{Op: "statement", Loan: loan, Reason: reason, Err: ErrInvalid}
	}
	switch {
	case asOf.IsZero():
		return fail("", "the statement's date is missing")
	case len(paid) != len(loans):
		return fail("", "the loans and their payout records do not match in number")
	}
	var out []LenderStatement
	at := map[members.ID]int{}
	var lastLoan []int // per statement, 1 + the index of the loan of its last line
	var cur money.Currency
	for i := range loans {
		l, po := &loans[i], paid[i]
		if one && !slices.ContainsFunc(l.Lenders, func(s Share) bool { return s.Lender == only }) {
			continue
		}
		if err := checkPaid("statement", l, &po); err != nil {
			return nil, err
		}
		if asOf.Before(po.Through) {
			return fail(l.ID, "the payout record already includes "+po.Through.String()+", after "+asOf.String())
		}
		lc := l.Principal().Currency()
		if len(out) == 0 {
			cur = lc
		} else if lc != cur {
			return fail(l.ID, "the loan is in "+lc.String()+", the lender's other loans in "+cur.String())
		}
		days := int64(asOf.Sub(po.Through))
		for _, p := range po.Lenders {
			if one && p.Lender != only {
				continue
			}
			j, seen := at[p.Lender]
			if !seen {
				j = len(out)
				at[p.Lender] = j
				z := cur.Amount(0)
				out = append(out, LenderStatement{Lender: p.Lender, AsOf: asOf, Loans: []StatementLine{},
					Total: Returns{Funded: z, Principal: z, Margin: z, Loss: z, Recovered: z, Outstanding: z}})
				lastLoan = append(lastLoan, 0)
			}
			st := &out[j]
			// A lender named twice in one loan gets one line for it.
			if lastLoan[j] != i+1 {
				lastLoan[j] = i + 1
				z := cur.Amount(0)
				st.Loans = append(st.Loans, StatementLine{Loan: l.ID, Group: l.Group, Disbursed: l.Disbursed, WrittenOff: po.WrittenOff,
					Returns: Returns{Funded: z, Principal: z, Margin: z, Loss: z, Recovered: z, Outstanding: z}})
			}
			line := &st.Loans[len(st.Loans)-1]
			if !line.add(p, days) || !st.Total.add(p, days) || !line.finish() {
				return fail(l.ID, "the lender's amounts overflow")
			}
		}
	}
	for i := range out {
		if !out[i].Total.finish() {
			return fail("", "the lender's amounts overflow")
		}
	}
	slices.SortFunc(out, func(a, b LenderStatement) int { return cmp.Compare(a.Lender, b.Lender) })
	return out, nil
}
