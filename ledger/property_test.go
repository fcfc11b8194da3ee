package ledger_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

// propChart mixes every policy and natural side.
func propChart() []ledger.Account {
	return []ledger.Account{
		{Code: ledger.Cash, Type: ledger.Asset, Name: "Kas"},
		{Code: ledger.MemberLoans, Type: ledger.Asset, Name: "Piutang"},
		{Code: ledger.LoanLossAllowance, Type: ledger.Asset, Contra: true, Name: "Cadangan kerugian"},
		{Code: "103", Type: ledger.Asset, Name: "Kas kecil", Overdraft: ledger.Overdraft{Limit: money.Rupiah(3_000)}},
		{Code: ledger.SukarelaSavings, Type: ledger.Liability, Name: "Sukarela"},
		{Code: ledger.CurrentSurplus, Type: ledger.Equity, Name: "SHU", Overdraft: ledger.Overdraft{Unlimited: true}},
		{Code: ledger.MarginIncome, Type: ledger.Income, Name: "Jasa"},
		{Code: ledger.OperatingExpense, Type: ledger.Expense, Name: "Beban"},
	}
}

// model is the journal's rules written the slow, obvious way.
type model struct {
	accts    map[ledger.Code]ledger.Account
	entries  []ledger.Entry // accepted, in posting order, references sorted
	byID     map[string]int
	reversed map[string]bool
}

func newModel() *model {
	m := &model{accts: map[ledger.Code]ledger.Account{}, byID: map[string]int{}, reversed: map[string]bool{}}
	for _, a := range propChart() {
		m.accts[a.Code] = a
	}
	return m
}

func canonical(e ledger.Entry) ledger.Entry {
	e.Refs = slices.Clone(e.Refs)
	slices.SortStableFunc(e.Refs, func(a, b ledger.Ref) int {
		switch {
		case a.Key < b.Key:
			return -1
		case a.Key > b.Key:
			return 1
		}
		return 0
	})
	e.Postings = slices.Clone(e.Postings)
	return e
}

func sameContent(a, b ledger.Entry) bool {
	x, err1 := json.Marshal(canonical(a))
	y, err2 := json.Marshal(canonical(b))
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// signed is a posting's effect, debit positive.
func signed(p ledger.Posting) int64 {
	if p.Side == ledger.Debit {
		return p.Amount.Minor()
	}
	return -p.Amount.Minor()
}

func (m *model) natural(c ledger.Code, v int64) int64 {
	if m.accts[c].Normal() == ledger.Credit {
		return -v
	}
	return v
}

// balanceAsOf is the natural balance from the entries dated on or before d
// (all of them if d is zero).
func (m *model) balanceAsOf(entries []ledger.Entry, c ledger.Code, d calendar.Date) int64 {
	var v int64
	for _, e := range entries {
		if d.IsZero() || !e.Date.After(d) {
			for _, p := range e.Postings {
				if p.Account == c {
					v += signed(p)
				}
			}
		}
	}
	return m.natural(c, v)
}

// keepsPolicy checks every account after every entry, in date order (ties in
// posting order).
func (m *model) keepsPolicy(entries []ledger.Entry) bool {
	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return entries[a].Date.Compare(entries[b].Date) })
	for c, a := range m.accts {
		var run int64
		for _, i := range order {
			touched := false
			for _, p := range entries[i].Postings {
				if p.Account == c {
					run += signed(p)
					touched = true
				}
			}
			n := m.natural(c, run)
			if touched && !a.Overdraft.Unlimited && n < -a.Overdraft.Limit.Minor() {
				return false
			}
		}
	}
	return true
}

// outcome says what posting e should do: nil errs and noop for a repeat,
// nil errs for a post, else the errors any one of which is right.
func (m *model) outcome(e ledger.Entry) (errs []error, noop bool) {
	if i, ok := m.byID[e.ID]; ok {
		if sameContent(m.entries[i], e) {
			return nil, true
		}
		return []error{ledger.ErrConflict}, false
	}
	add := func(err error) { errs = append(errs, err) }
	if e.ID == "" || e.Date.IsZero() || len(e.Postings) < 2 || !utf8.ValidString(e.Memo) {
		add(ledger.ErrInvalidEntry)
	}
	keys := map[string]bool{}
	for _, r := range e.Refs {
		if r.Key == "" || r.Value == "" || keys[r.Key] || !utf8.ValidString(r.Key) || !utf8.ValidString(r.Value) {
			add(ledger.ErrInvalidEntry)
		}
		keys[r.Key] = true
	}
	var dr, cr int64
	for _, p := range e.Postings {
		if _, ok := m.accts[p.Account]; !ok {
			add(ledger.ErrUnknownAccount)
		}
		if !p.Side.Valid() {
			add(ledger.ErrInvalidEntry)
		}
		if p.Amount.Currency() != money.IDR {
			add(ledger.ErrCurrencyMismatch)
		}
		if !p.Amount.IsPositive() {
			add(ledger.ErrInvalidAmount)
		}
		if p.Side == ledger.Debit {
			dr += p.Amount.Minor()
		} else {
			cr += p.Amount.Minor()
		}
	}
	if dr != cr {
		add(ledger.ErrUnbalanced)
	}
	if len(errs) > 0 {
		return errs, false
	}
	if e.Reverses != "" {
		i, ok := m.byID[e.Reverses]
		switch {
		case !ok:
			return []error{ledger.ErrNotFound}, false
		case m.reversed[e.Reverses]:
			return []error{ledger.ErrAlreadyReversed}, false
		case e.Date.Before(m.entries[i].Date):
			return []error{ledger.ErrInvalidEntry}, false
		}
		o := m.entries[i]
		if len(o.Postings) != len(e.Postings) {
			return []error{ledger.ErrInvalidEntry}, false
		}
		for k, p := range o.Postings {
			q := e.Postings[k]
			if q.Account != p.Account || q.Amount != p.Amount || q.Side != p.Side.Opposite() {
				return []error{ledger.ErrInvalidEntry}, false
			}
		}
	}
	if !m.keepsPolicy(append(slices.Clone(m.entries), e)) {
		return []error{ledger.ErrOverdraft}, false
	}
	return nil, false
}

func (m *model) apply(e ledger.Entry) {
	m.byID[e.ID] = len(m.entries)
	m.entries = append(m.entries, canonical(e))
	if e.Reverses != "" {
		m.reversed[e.Reverses] = true
	}
}

var propCodes = []ledger.Code{ledger.Cash, ledger.MemberLoans, ledger.LoanLossAllowance, "103", ledger.SukarelaSavings, ledger.CurrentSurplus, ledger.MarginIncome, ledger.OperatingExpense}

// rare is true about once in n draws. It looks for a middle value because
// rapid favours the ends of a range; shrinking still finds it.
func rare(t *rapid.T, n int, label string) bool { return rapid.IntRange(0, n-1).Draw(t, label) == n/2 }

// genEntry draws an entry that is usually valid in form (so that the journal
// fills up and overdrafts, backdating and conflicts get exercised), and now
// and then breaks one rule.
func genEntry(t *rapid.T, m *model, base calendar.Date) ledger.Entry {
	id := fmt.Sprintf("e%d", len(m.entries))
	if len(m.entries) > 0 && rare(t, 8, "oldID") {
		id = m.entries[rapid.IntRange(0, len(m.entries)-1).Draw(t, "which")].ID
	}
	e := ledger.Entry{
		ID:   id,
		Date: base.AddDays(rapid.IntRange(0, 20).Draw(t, "day")),
		// more memos than the journal remembers as recent, so that memos
		// are stored again as well as shared
		Memo: rapid.SampledFrom([]string{"", "setor", "tarik", "angsuran", "pencairan", "iuran", "bagi hasil", "denda"}).Draw(t, "memo"),
	}
	if rare(t, 60, "badMemo") {
		e.Memo = "setor \xff"
	}
	if rare(t, 60, "noID") {
		e.ID = ""
	}
	if rare(t, 60, "noDate") {
		e.Date = calendar.Date{}
	}
	for k := range rapid.IntRange(0, 3).Draw(t, "refs") {
		r := ledger.Ref{
			Key:   rapid.SampledFrom([]string{"member", "loan", "group", "lender"}).Draw(t, fmt.Sprintf("refKey%d", k)),
			Value: rapid.SampledFrom([]string{"M1", "L1", "A", "M2"}).Draw(t, fmt.Sprintf("refValue%d", k)),
		}
		if rare(t, 60, fmt.Sprintf("badKey%d", k)) {
			r.Key = "loan\xfe"
		}
		if rare(t, 60, fmt.Sprintf("badValue%d", k)) {
			r.Value = "M\xfe"
		}
		if rare(t, 60, fmt.Sprintf("emptyKey%d", k)) {
			r.Key = ""
		}
		if rare(t, 60, fmt.Sprintf("emptyValue%d", k)) {
			r.Value = ""
		}
		e.Refs = append(e.Refs, r)
	}
	var net int64
	for k := range rapid.IntRange(1, 4).Draw(t, "postings") {
		amt := rapid.Int64Range(1, 20_000).Draw(t, fmt.Sprintf("amount%d", k))
		if rare(t, 40, fmt.Sprintf("badAmount%d", k)) {
			amt = rapid.Int64Range(-2, 0).Draw(t, fmt.Sprintf("amount%d", k))
		}
		p := ledger.Posting{
			Account: rapid.SampledFrom(propCodes).Draw(t, fmt.Sprintf("account%d", k)),
			Side:    rapid.SampledFrom([]ledger.Side{ledger.Debit, ledger.Credit}).Draw(t, fmt.Sprintf("side%d", k)),
			Amount:  money.Rupiah(amt),
		}
		if rare(t, 60, fmt.Sprintf("unknown%d", k)) {
			p.Account = "999"
		}
		if rare(t, 60, fmt.Sprintf("noSide%d", k)) {
			p.Side = 0
		}
		if rare(t, 60, fmt.Sprintf("usd%d", k)) {
			p.Amount = money.USD.Amount(amt)
		}
		e.Postings = append(e.Postings, p)
		net += signed(p)
	}
	// Usually balance the entry with one more posting.
	if net != 0 && !rare(t, 15, "unbalanced") {
		side, amt := ledger.Credit, net
		if net < 0 {
			side, amt = ledger.Debit, -net
		}
		e.Postings = append(e.Postings, ledger.Posting{Account: rapid.SampledFrom(propCodes).Draw(t, "balancer"), Side: side, Amount: money.Rupiah(amt)})
	}
	return e
}

func TestPropertyJournalKeepsItsRules(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		j, err := ledger.New(money.IDR, propChart())
		require.NoError(t, err)
		m := newModel()
		base, _ := calendar.NewDate(2024, 3, 1)

		// try posts es as PostAll does and checks the journal against the model.
		try := func(t *rapid.T, es ...ledger.Entry) {
			before, err := json.Marshal(j)
			require.NoError(t, err)
			saved := *m
			saved.entries = slices.Clone(m.entries)
			saved.byID = maps(m.byID)
			saved.reversed = maps(m.reversed)
			var want []error
			for _, e := range es {
				errs, noop := m.outcome(e)
				if errs != nil {
					want = errs
					break
				}
				if !noop {
					m.apply(e)
				}
			}
			var got error
			if len(es) == 1 {
				got = j.Post(es[0])
			} else {
				got = j.PostAll(es...)
			}
			if want != nil {
				*m = saved
				require.Error(t, got, "the model refuses this entry")
				ok := false
				for _, w := range want {
					ok = ok || errors.Is(got, w)
				}
				require.True(t, ok, "got %v, want one of %v", got, want)
				after, err := json.Marshal(j)
				require.NoError(t, err)
				require.Equal(t, string(before), string(after), "a refused post changed the journal")
				return
			}
			require.NoError(t, got)
		}

		t.Repeat(map[string]func(*rapid.T){
			"post": func(t *rapid.T) { try(t, genEntry(t, m, base)) },
			"postAll": func(t *rapid.T) {
				try(t, genEntry(t, m, base), genEntry(t, m, base))
			},
			"repeat": func(t *rapid.T) {
				if len(m.entries) == 0 {
					t.Skip("nothing to repeat")
				}
				try(t, m.entries[rapid.IntRange(0, len(m.entries)-1).Draw(t, "which")])
			},
			"reverse": func(t *rapid.T) {
				if len(m.entries) == 0 {
					t.Skip("nothing to reverse")
				}
				o := m.entries[rapid.IntRange(0, len(m.entries)-1).Draw(t, "which")]
				r, err := j.Reversal(fmt.Sprintf("r%d", len(m.entries)), o.ID, o.Date.AddDays(rapid.IntRange(-2, 10).Draw(t, "after")), "")
				require.NoError(t, err)
				try(t, r)
			},
			// Check changes nothing; a Post right after it (of a copy, or
			// after a repeated post in between) takes the checked
			// entry's short way, and must end as a plain Post would.
			"checkThenPost": func(t *rapid.T) {
				es := []ledger.Entry{genEntry(t, m, base)}
				if rapid.Bool().Draw(t, "checkTwo") {
					es = append(es, genEntry(t, m, base))
				}
				before, err := json.Marshal(j)
				require.NoError(t, err)
				checked := j.Check(es...)
				after, err := json.Marshal(j)
				require.NoError(t, err)
				require.Equal(t, string(before), string(after), "a check changed the journal")
				e := es[0]
				e.Postings, e.Refs = slices.Clone(e.Postings), slices.Clone(e.Refs)
				if len(m.entries) > 0 && rare(t, 4, "repeatBetween") {
					try(t, m.entries[rapid.IntRange(0, len(m.entries)-1).Draw(t, "which")])
				}
				errs, _ := m.outcome(e)
				if len(es) == 1 {
					require.Equal(t, errs == nil, checked == nil, "Check said %v, want one of %v", checked, errs)
				}
				try(t, e)
			},
			// The savings batches' pattern: each entry checked on its own,
			// then the first posted; the journal remembers the second check,
			// so the first must take the whole way.
			"checkOtherThenPost": func(t *rapid.T) {
				e1, e2 := genEntry(t, m, base), genEntry(t, m, base)
				checked := j.Check(e1)
				_ = j.Check(e2)
				errs, _ := m.outcome(e1)
				require.Equal(t, errs == nil, checked == nil, "Check said %v, want one of %v", checked, errs)
				try(t, e1)
			},
			"": func(t *rapid.T) { checkJournal(t, j, m, base) },
		})
	})
}

func maps[K comparable, V any](in map[K]V) map[K]V {
	out := make(map[K]V, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

// checkJournal compares every balance, as-of balance, statement and trial
// balance with the model, and checks the invariants directly.
func checkJournal(t *rapid.T, j *ledger.Journal, m *model, base calendar.Date) {
	require.Equal(t, len(m.entries), j.Len())
	for i, e := range j.Entries() {
		require.True(t, sameContent(m.entries[i], e), "entry %d", i)
	}
	for _, c := range propCodes {
		a := m.accts[c]
		got, err := j.Balance(c)
		require.NoError(t, err)
		require.Equal(t, m.balanceAsOf(m.entries, c, calendar.Date{}), got.Minor(), "balance of %s", c)
		for k := -1; k <= 21; k++ {
			d := base.AddDays(k)
			got, err := j.BalanceAsOf(c, d)
			require.NoError(t, err)
			want := m.balanceAsOf(m.entries, c, d)
			require.Equal(t, want, got.Minor(), "balance of %s as of %s", c, d)
			require.True(t, a.Overdraft.Unlimited || want >= -a.Overdraft.Limit.Minor(), "%s past its policy on %s: %d", c, d, want)
		}
		// The statement's running balance adds up and never breaks policy.
		s, err := j.Statement(c, base.AddDays(3), base.AddDays(15))
		require.NoError(t, err)
		require.Equal(t, m.balanceAsOf(m.entries, c, base.AddDays(2)), s.Opening.Minor())
		run := s.Opening.Minor()
		for _, l := range s.Lines {
			if a.Normal() == ledger.Debit {
				run += l.Debit.Minor() - l.Credit.Minor()
			} else {
				run += l.Credit.Minor() - l.Debit.Minor()
			}
			require.Equal(t, run, l.Balance.Minor())
			require.True(t, a.Overdraft.Unlimited || run >= -a.Overdraft.Limit.Minor())
		}
		require.Equal(t, run, s.Closing.Minor())
		require.Equal(t, m.balanceAsOf(m.entries, c, base.AddDays(15)), s.Closing.Minor())
	}
	for _, tb := range []ledger.TrialBalance{j.TrialBalance(), j.TrialBalanceAsOf(base.AddDays(rapid.IntRange(0, 20).Draw(t, "tbDay")))} {
		require.Equal(t, tb.Debits, tb.Credits, "the trial balance sums to zero")
		var dr, cr int64
		for _, r := range tb.Rows {
			require.True(t, r.Debit.IsZero() || r.Credit.IsZero())
			dr += r.Debit.Minor()
			cr += r.Credit.Minor()
		}
		require.Equal(t, dr, tb.Debits.Minor())
		require.Equal(t, cr, tb.Credits.Minor())
	}
}

func TestPropertyJournalJSONReplays(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		j, err := ledger.New(money.IDR, propChart())
		require.NoError(t, err)
		m := newModel()
		base, _ := calendar.NewDate(2024, 3, 1)
		for range rapid.IntRange(0, 40).Draw(t, "n") {
			e := genEntry(t, m, base)
			if errs, noop := m.outcome(e); errs == nil && !noop {
				require.NoError(t, j.Post(e))
				m.apply(e)
			}
		}
		b, err := json.Marshal(j)
		require.NoError(t, err)
		var back ledger.Journal
		require.NoError(t, json.Unmarshal(b, &back))
		b2, err := json.Marshal(&back)
		require.NoError(t, err)
		require.Equal(t, string(b), string(b2))
		require.Equal(t, j.TrialBalance(), back.TrialBalance())
	})
}
