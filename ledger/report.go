package ledger

import (
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
)

// Statement is an account's movements over a period, in date order (entries
// of one date in posting order), with the running balance. Balances are on
// the account's natural side, as in Journal.Balance.
type Statement struct {
	Account Account       `json:"account"`
	From    calendar.Date `json:"from"` // zero: from the first entry
	To      calendar.Date `json:"to"`   // zero: to the last entry
	Opening money.Amount  `json:"opening"`
	Debits  money.Amount  `json:"debits"`  // total debited in the period
	Credits money.Amount  `json:"credits"` // total credited in the period
	Closing money.Amount  `json:"closing"`
	Lines   []Line        `json:"lines"`
}

// Line is one entry on a statement.
type Line struct {
	Entry   string        `json:"entry"`
	Date    calendar.Date `json:"date"`
	Memo    string        `json:"memo,omitempty"`
	Debit   money.Amount  `json:"debit"`   // debited to the account by the entry
	Credit  money.Amount  `json:"credit"`  // credited to it
	Balance money.Amount  `json:"balance"` // after the entry
}

// Statement lists account c's entries dated from from to to, both included.
// A zero from or to leaves that end open.
func (j *Journal) Statement(c Code, from, to calendar.Date) (Statement, error) {
	a, err := j.lookup(c)
	if err != nil {
		return Statement{}, err
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return Statement{}, &PeriodError{From: from, To: to}
	}
	lo, hi := int32(0), a.moves.Len()
	if !from.IsZero() {
		lo = a.after(from.AddDays(-1)) // before 0001-01-01 is the zero Date: lo is 0
	}
	if !to.IsZero() {
		hi = a.after(to)
	}
	open := a.runBefore(lo)
	s := Statement{Account: a.Account, From: from, To: to, Opening: j.amount(a.natural(open)), Closing: j.amount(a.natural(open))}
	if hi <= lo {
		s.Debits, s.Credits = j.amount(0), j.amount(0)
		return s, nil
	}
	s.Lines = make([]Line, hi-lo)
	var tdr, tcr int64
	acct, _ := j.byCode.find(c, j.accts)
	for k := range s.Lines {
		m := a.moves.At(lo + int32(k))
		e := j.entries.At(m.entry)
		p0, p1, _, _ := j.span(m.entry)
		var dr, cr int64
		for i := p0; i < p1; i++ {
			if *j.pacct.At(i) == acct {
				if v := *j.pamt.At(i); v > 0 {
					dr += v
				} else {
					cr -= v
				}
			}
		}
		tdr += dr
		tcr += cr
		s.Lines[k] = Line{Entry: e.id, Date: e.date, Memo: j.memoOf(e), Debit: j.amount(dr), Credit: j.amount(cr), Balance: j.amount(a.natural(m.run))}
	}
	s.Debits, s.Credits = j.amount(tdr), j.amount(tcr)
	s.Closing = s.Lines[len(s.Lines)-1].Balance
	return s, nil
}

// TrialBalance is every account's balance in a debit or a credit column. The
// columns always have the same total.
type TrialBalance struct {
	Date    calendar.Date `json:"date"` // as of; zero: every entry
	Rows    []TrialRow    `json:"rows"`
	Debits  money.Amount  `json:"debits"`
	Credits money.Amount  `json:"credits"`
}

// TrialRow is an account's line in a trial balance; at most one column is
// non-zero.
type TrialRow struct {
	Code   Code         `json:"code"`
	Name   string       `json:"name"`
	Type   Type         `json:"type"`
	Debit  money.Amount `json:"debit"`
	Credit money.Amount `json:"credit"`
}

// TrialBalance lists every account, sorted by code, with its balance after
// every entry.
func (j *Journal) TrialBalance() TrialBalance { return j.trial(calendar.Date{}) }

// TrialBalanceAsOf lists every account with its balance counting the entries
// dated on or before d.
func (j *Journal) TrialBalanceAsOf(d calendar.Date) TrialBalance { return j.trial(d) }

func (j *Journal) trial(d calendar.Date) TrialBalance {
	tb := TrialBalance{Date: d, Rows: make([]TrialRow, len(j.order))}
	var dr, cr int64 // bounded by the turnover: cannot overflow
	for k, i := range j.order {
		a := &j.accts[i]
		v := a.bal
		if !d.IsZero() {
			v = a.runAsOf(d)
		}
		r := TrialRow{Code: a.Code, Name: a.Name, Type: a.Type, Debit: j.amount(0), Credit: j.amount(0)}
		if v >= 0 {
			r.Debit = j.amount(v)
			dr += v
		} else {
			r.Credit = j.amount(-v)
			cr -= v
		}
		tb.Rows[k] = r
	}
	tb.Debits, tb.Credits = j.amount(dr), j.amount(cr)
	return tb
}
