package ledger_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

// funded is a journal where member savings and a lender's sukarela are in.
func funded(t testing.TB) *ledger.Journal {
	j := newJournal(t)
	post(t, j,
		entry(t, "pokok", "2024-03-01", ledger.Dr(ledger.Cash, rp(50_000)), ledger.Cr(ledger.PokokSavings, rp(50_000))),
		entry(t, "sukarela", "2024-03-05", ledger.Dr(ledger.Cash, rp(200_000)), ledger.Cr(ledger.SukarelaSavings, rp(200_000))),
	)
	return j
}

func TestPostRefusesBadEntries(t *testing.T) {
	d := "2024-03-28"
	usd := money.USD.Amount(100)
	tests := []struct {
		name  string
		entry func(t testing.TB) ledger.Entry
		want  error
		as    any // the typed error expected, as a pointer to a nil pointer of its type
	}{
		{"empty ID", func(t testing.TB) ledger.Entry {
			return entry(t, "", d, ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.OtherIncome, rp(1)))
		}, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"ID too long", func(t testing.TB) ledger.Entry {
			return entry(t, strings.Repeat("x", ledger.MaxIDLen+1), d, ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.OtherIncome, rp(1)))
		}, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"ID not UTF-8", func(t testing.TB) ledger.Entry {
			return entry(t, "e\xff", d, ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.OtherIncome, rp(1)))
		}, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"memo not UTF-8", func(t testing.TB) ledger.Entry {
			e := entry(t, "e", d, ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.OtherIncome, rp(1)))
			e.Memo = "\xc3"
			return e
		}, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"zero date", func(t testing.TB) ledger.Entry {
			return ledger.Entry{ID: "e", Postings: []ledger.Posting{ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.OtherIncome, rp(1))}}
		}, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"no postings", func(t testing.TB) ledger.Entry { return entry(t, "e", d) }, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"one posting", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Dr(ledger.Cash, rp(0)))
		}, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"posting without side", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Posting{Account: ledger.Cash, Amount: rp(1)}, ledger.Cr(ledger.OtherIncome, rp(1)))
		}, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"unbalanced", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Dr(ledger.Cash, rp(4_200)), ledger.Cr(ledger.MemberLoans, rp(4_000)))
		}, ledger.ErrUnbalanced, new(*ledger.UnbalancedError)},
		{"debits only", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Dr(ledger.Cash, rp(1)), ledger.Dr(ledger.Bank, rp(1)))
		}, ledger.ErrUnbalanced, new(*ledger.UnbalancedError)},
		{"unknown account", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Dr("199", rp(1)), ledger.Cr(ledger.OtherIncome, rp(1)))
		}, ledger.ErrUnknownAccount, new(*ledger.EntryError)},
		{"zero amount", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Dr(ledger.Cash, rp(0)), ledger.Cr(ledger.OtherIncome, rp(0)))
		}, ledger.ErrInvalidAmount, new(*ledger.EntryError)},
		{"negative amount", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Dr(ledger.Cash, rp(-5)), ledger.Cr(ledger.OtherIncome, rp(-5)))
		}, ledger.ErrInvalidAmount, new(*ledger.EntryError)},
		{"amount without currency", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Dr(ledger.Cash, money.Amount{}), ledger.Cr(ledger.OtherIncome, money.Amount{}))
		}, ledger.ErrCurrencyMismatch, new(*ledger.EntryError)},
		{"currency mismatch", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Dr(ledger.Cash, usd), ledger.Cr(ledger.OtherIncome, usd))
		}, ledger.ErrCurrencyMismatch, new(*ledger.EntryError)},
		{"rupiah in sen", func(t testing.TB) ledger.Entry {
			sen, err := money.NewCurrency("IDR", 2)
			require.NoError(t, err)
			return entry(t, "e", d, ledger.Dr(ledger.Cash, sen.Amount(100)), ledger.Cr(ledger.OtherIncome, sen.Amount(100)))
		}, ledger.ErrCurrencyMismatch, new(*ledger.EntryError)},
		{"total overflows", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Dr(ledger.Cash, rp(1<<62)), ledger.Dr(ledger.Cash, rp(1<<62)), ledger.Cr(ledger.OtherIncome, rp(1<<62)), ledger.Cr(ledger.OtherIncome, rp(1<<62)))
		}, money.ErrOverflow, new(*ledger.EntryError)},
		{"turnover overflows", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Dr(ledger.Cash, rp(1<<63-1)), ledger.Cr(ledger.OtherIncome, rp(1<<63-1)))
		}, money.ErrOverflow, new(*ledger.EntryError)},
		{"cash below zero", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Dr(ledger.OperatingExpense, rp(250_001)), ledger.Cr(ledger.Cash, rp(250_001)))
		}, ledger.ErrOverdraft, new(*ledger.OverdraftError)},
		{"sukarela withdrawn twice over", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Dr(ledger.SukarelaSavings, rp(200_001)), ledger.Cr(ledger.Cash, rp(200_001)))
		}, ledger.ErrOverdraft, new(*ledger.OverdraftError)},
		{"receivable credited without a loan", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Dr(ledger.Cash, rp(4_200)), ledger.Cr(ledger.MemberLoans, rp(4_200)))
		}, ledger.ErrOverdraft, new(*ledger.OverdraftError)},
		{"income debited below zero", func(t testing.TB) ledger.Entry {
			return entry(t, "e", d, ledger.Dr(ledger.MarginIncome, rp(1)), ledger.Cr(ledger.Reserve, rp(1)))
		}, ledger.ErrOverdraft, new(*ledger.OverdraftError)},
		{"backdated withdrawal before the deposit", func(t testing.TB) ledger.Entry {
			return entry(t, "e", "2024-03-04", ledger.Dr(ledger.SukarelaSavings, rp(1)), ledger.Cr(ledger.Cash, rp(1)))
		}, ledger.ErrOverdraft, new(*ledger.OverdraftError)},
		{"empty reference key", func(t testing.TB) ledger.Entry {
			e := entry(t, "e", d, ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.OtherIncome, rp(1)))
			e.Refs = []ledger.Ref{{Key: "", Value: "M1"}}
			return e
		}, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"empty reference value", func(t testing.TB) ledger.Entry {
			e := entry(t, "e", d, ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.OtherIncome, rp(1)))
			e.Refs = []ledger.Ref{{Key: "member", Value: ""}}
			return e
		}, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"reference not UTF-8", func(t testing.TB) ledger.Entry {
			e := entry(t, "e", d, ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.OtherIncome, rp(1)))
			e.Refs = []ledger.Ref{{Key: "member", Value: "\xff"}}
			return e
		}, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"reference twice", func(t testing.TB) ledger.Entry {
			e := entry(t, "e", d, ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.OtherIncome, rp(1)))
			e.Refs = []ledger.Ref{{Key: "member", Value: "M1"}, {Key: "loan", Value: "L1"}, {Key: "member", Value: "M2"}}
			return e
		}, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"reverses an unknown entry", func(t testing.TB) ledger.Entry {
			e := entry(t, "e", d, ledger.Dr(ledger.PokokSavings, rp(1)), ledger.Cr(ledger.Cash, rp(1)))
			e.Reverses = "nope"
			return e
		}, ledger.ErrNotFound, new(*ledger.EntryError)},
		{"reversal that does not mirror", func(t testing.TB) ledger.Entry {
			e := entry(t, "e", d, ledger.Dr(ledger.PokokSavings, rp(49_000)), ledger.Cr(ledger.Cash, rp(49_000)))
			e.Reverses = "pokok"
			return e
		}, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"reversal with a posting too many", func(t testing.TB) ledger.Entry {
			e := entry(t, "e", d, ledger.Dr(ledger.PokokSavings, rp(50_000)), ledger.Cr(ledger.Cash, rp(40_000)), ledger.Cr(ledger.Bank, rp(10_000)))
			e.Reverses = "pokok"
			return e
		}, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"reversal dated before its original", func(t testing.TB) ledger.Entry {
			e := entry(t, "e", "2024-02-29", ledger.Dr(ledger.PokokSavings, rp(50_000)), ledger.Cr(ledger.Cash, rp(50_000)))
			e.Reverses = "pokok"
			return e
		}, ledger.ErrInvalidEntry, new(*ledger.EntryError)},
		{"conflict: same ID, other amount", func(t testing.TB) ledger.Entry {
			return entry(t, "pokok", "2024-03-01", ledger.Dr(ledger.Cash, rp(50_001)), ledger.Cr(ledger.PokokSavings, rp(50_001)))
		}, ledger.ErrConflict, new(*ledger.EntryError)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := funded(t)
			before := state(t, j)
			n := j.Len()
			err := j.Post(tt.entry(t))
			require.ErrorIs(t, err, tt.want)
			require.ErrorAs(t, err, tt.as)
			require.NotEmpty(t, err.Error())
			require.Equal(t, before, state(t, j), "a refused entry changed the journal")
			require.Equal(t, n, j.Len())
			// The journal still works after the refusal, and its scratch
			// state did not leak: a valid post succeeds.
			post(t, j, entry(t, "after", d, ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.OtherIncome, rp(1))))
			require.Equal(t, rp(250_001), balance(t, j, ledger.Cash))
		})
	}
}

func TestErrorMessages(t *testing.T) {
	j := funded(t)
	err := j.Post(entry(t, "tarik", "2024-03-28", ledger.Dr(ledger.SukarelaSavings, rp(250_000)), ledger.Cr(ledger.Cash, rp(250_000))))
	require.EqualError(t, err, `ledger: entry "tarik": 201 Simpanan sukarela would be -Rp50.000 on 2024-03-28 (balance Rp200.000, change -Rp250.000); it may not go below zero`)
	var od *ledger.OverdraftError
	require.ErrorAs(t, err, &od)
	require.Equal(t, ledger.SukarelaSavings, od.Account.Code)
	require.Equal(t, rp(200_000), od.Balance)
	require.Equal(t, rp(-250_000), od.Change)

	err = j.Post(entry(t, "x", "2024-03-28", ledger.Dr(ledger.Cash, rp(4_200)), ledger.Cr(ledger.MemberLoans, rp(4_000))))
	require.EqualError(t, err, `ledger: entry "x": debits Rp4.200 do not equal credits Rp4.000`)

	err = j.Post(entry(t, "x", "2024-03-28", ledger.Dr(ledger.Cash, rp(1)), ledger.Cr("999", rp(1))))
	require.EqualError(t, err, `ledger: entry "x" posting 2 (account 999): account "999" is not open`)

	require.NoError(t, j.OpenAccount(ledger.Account{Code: "103", Type: ledger.Asset, Name: "Kas kecil", Overdraft: ledger.Overdraft{Limit: rp(10_000)}}))
	err = j.Post(entry(t, "y", "2024-03-28", ledger.Dr(ledger.Cash, rp(10_001)), ledger.Cr("103", rp(10_001))))
	require.EqualError(t, err, `ledger: entry "y": 103 Kas kecil would be -Rp10.001 on 2024-03-28 (balance Rp0, change -Rp10.001); it may go at most Rp10.000 below zero`)
}

func TestOverdraftLimit(t *testing.T) {
	j := newJournal(t)
	require.NoError(t, j.OpenAccount(ledger.Account{Code: "103", Type: ledger.Asset, Name: "Kas kecil", Overdraft: ledger.Overdraft{Limit: rp(10_000)}}))
	post(t, j, entry(t, "a", "2024-03-01", ledger.Dr(ledger.OperatingExpense, rp(10_000)), ledger.Cr("103", rp(10_000))))
	require.Equal(t, rp(-10_000), balance(t, j, "103"))
	require.ErrorIs(t, j.Post(entry(t, "b", "2024-03-01", ledger.Dr(ledger.OperatingExpense, rp(1)), ledger.Cr("103", rp(1)))), ledger.ErrOverdraft)

	// The year's surplus may be a deficit of any size.
	post(t, j, entry(t, "c", "2024-03-01", ledger.Dr(ledger.CurrentSurplus, rp(1_000_000)), ledger.Cr(ledger.OperatingExpense, rp(10_000)), ledger.Cr(ledger.Reserve, rp(990_000))))
	require.Equal(t, rp(-1_000_000), balance(t, j, ledger.CurrentSurplus))
}

func TestEntryNetsPostingsPerAccount(t *testing.T) {
	// Cash is credited and debited in one entry: only the net counts against
	// the policy, so moving cash through an entry is not an overdraft.
	j := funded(t)
	post(t, j, entry(t, "swap", "2024-03-28",
		ledger.Cr(ledger.Cash, rp(300_000)), ledger.Dr(ledger.Bank, rp(300_000)),
		ledger.Dr(ledger.Cash, rp(100_000)), ledger.Cr(ledger.Bank, rp(100_000))))
	require.Equal(t, rp(50_000), balance(t, j, ledger.Cash))
	require.Equal(t, rp(200_000), balance(t, j, ledger.Bank))

	s, err := j.Statement(ledger.Cash, day(t, "2024-03-28"), day(t, "2024-03-28"))
	require.NoError(t, err)
	require.Equal(t, []ledger.Line{{Entry: "swap", Date: day(t, "2024-03-28"), Memo: "swap", Debit: rp(100_000), Credit: rp(300_000), Balance: rp(50_000)}}, s.Lines)
}

func TestIdempotentPost(t *testing.T) {
	j := funded(t)
	e := entry(t, "angsuran-1", "2024-03-29", ledger.Dr(ledger.Cash, rp(4_200)), ledger.Cr(ledger.OtherIncome, rp(4_200)))
	e.Refs = []ledger.Ref{{Key: "member", Value: "M01"}, {Key: "loan", Value: "L01"}}
	post(t, j, e)
	before := state(t, j)

	// The same entry again, and with its references in another order: no-op.
	require.True(t, j.Has("angsuran-1"))
	require.NoError(t, j.Post(e))
	e2 := e
	e2.Refs = []ledger.Ref{{Key: "loan", Value: "L01"}, {Key: "member", Value: "M01"}}
	require.NoError(t, j.Post(e2))
	require.Equal(t, before, state(t, j))
	require.Equal(t, rp(254_200), balance(t, j, ledger.Cash))

	// The caller's slices are copied: changing them afterwards changes nothing.
	e.Postings[0].Amount = rp(1)
	e.Refs[0].Value = "M99"
	require.Equal(t, before, state(t, j))

	// Anything different is a conflict.
	base := entry(t, "angsuran-1", "2024-03-29", ledger.Dr(ledger.Cash, rp(4_200)), ledger.Cr(ledger.OtherIncome, rp(4_200)))
	base.Refs = []ledger.Ref{{Key: "member", Value: "M01"}, {Key: "loan", Value: "L01"}}
	changes := map[string]func(e *ledger.Entry){
		"date": func(e *ledger.Entry) { e.Date = e.Date.AddDays(1) },
		"memo": func(e *ledger.Entry) { e.Memo = "other" },
		"refs": func(e *ledger.Entry) { e.Refs = e.Refs[:1] },
		"ref value": func(e *ledger.Entry) {
			e.Refs = []ledger.Ref{{Key: "member", Value: "M02"}, {Key: "loan", Value: "L01"}}
		},
		"account": func(e *ledger.Entry) { e.Postings = []ledger.Posting{ledger.Dr(ledger.Bank, rp(4_200)), e.Postings[1]} },
		"side": func(e *ledger.Entry) {
			e.Postings = []ledger.Posting{ledger.Cr(ledger.Cash, rp(4_200)), ledger.Dr(ledger.OtherIncome, rp(4_200))}
		},
		"amount": func(e *ledger.Entry) {
			e.Postings = []ledger.Posting{ledger.Dr(ledger.Cash, rp(4_201)), ledger.Cr(ledger.OtherIncome, rp(4_201))}
		},
		"currency": func(e *ledger.Entry) {
			e.Postings = []ledger.Posting{ledger.Dr(ledger.Cash, money.USD.Amount(4_200)), e.Postings[1]}
		},
		"posting order":   func(e *ledger.Entry) { e.Postings = []ledger.Posting{e.Postings[1], e.Postings[0]} },
		"posting count":   func(e *ledger.Entry) { e.Postings = e.Postings[:1] },
		"reverses":        func(e *ledger.Entry) { e.Reverses = "pokok" },
		"unknown account": func(e *ledger.Entry) { e.Postings = []ledger.Posting{ledger.Dr("999", rp(4_200)), e.Postings[1]} },
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			c := base
			c.Refs = append([]ledger.Ref(nil), base.Refs...)
			c.Postings = append([]ledger.Posting(nil), base.Postings...)
			change(&c)
			err := j.Post(c)
			require.ErrorIs(t, err, ledger.ErrConflict)
			require.Equal(t, before, state(t, j))
		})
	}
}

func TestReverse(t *testing.T) {
	j := funded(t)
	e := entry(t, "setor", "2024-03-10", ledger.Dr(ledger.Cash, rp(25_000)), ledger.Cr(ledger.SukarelaSavings, rp(25_000)))
	e.Refs = []ledger.Ref{{Key: "member", Value: "M07"}}
	post(t, j, e)
	require.NoError(t, j.Reverse("setor-batal", "setor", day(t, "2024-03-11"), ""))
	require.Equal(t, rp(200_000), balance(t, j, ledger.SukarelaSavings))
	require.Equal(t, rp(250_000), balance(t, j, ledger.Cash))

	got, ok := j.Entry("setor-batal")
	require.True(t, ok)
	want := ledger.Entry{ID: "setor-batal", Date: day(t, "2024-03-11"), Memo: "reversal of setor", Refs: e.Refs, Reverses: "setor",
		Postings: []ledger.Posting{ledger.Cr(ledger.Cash, rp(25_000)), ledger.Dr(ledger.SukarelaSavings, rp(25_000))}}
	require.Empty(t, cmp.Diff(want, got, eq))
	by, ok := j.ReversedBy("setor")
	require.True(t, ok)
	require.Equal(t, "setor-batal", by)
	_, ok = j.ReversedBy("setor-batal")
	require.False(t, ok)
	_, ok = j.ReversedBy("nope")
	require.False(t, ok)

	// Nothing was deleted: the original and its reversal are both there.
	require.Equal(t, 4, j.Len())
	before := state(t, j)

	// The same reversal again is a no-op; another one is refused.
	require.NoError(t, j.Reverse("setor-batal", "setor", day(t, "2024-03-11"), ""))
	require.ErrorIs(t, j.Reverse("setor-batal-2", "setor", day(t, "2024-03-12"), ""), ledger.ErrAlreadyReversed)
	require.ErrorIs(t, j.Reverse("setor-batal", "setor", day(t, "2024-03-12"), ""), ledger.ErrConflict)
	require.ErrorIs(t, j.Reverse("x", "nope", day(t, "2024-03-12"), ""), ledger.ErrNotFound)
	require.Equal(t, before, state(t, j))

	// A reversal may itself be reversed, once: that re-posts the original.
	require.NoError(t, j.Reverse("setor-lagi", "setor-batal", day(t, "2024-03-12"), "setor lagi"))
	require.Equal(t, rp(225_000), balance(t, j, ledger.SukarelaSavings))
}

func TestReverseRefusedByOverdraft(t *testing.T) {
	// A deposit whose money was withdrawn cannot be reversed: the savings
	// would go negative.
	j := funded(t)
	post(t, j, entry(t, "tarik", "2024-03-20", ledger.Dr(ledger.SukarelaSavings, rp(150_000)), ledger.Cr(ledger.Cash, rp(150_000))))
	before := state(t, j)
	err := j.Reverse("batal", "sukarela", day(t, "2024-03-21"), "")
	require.ErrorIs(t, err, ledger.ErrOverdraft)
	require.Equal(t, before, state(t, j))
	_, ok := j.ReversedBy("sukarela")
	require.False(t, ok)
}

func TestBalanceAsOf(t *testing.T) {
	j := funded(t)
	// Posted out of date order: the 3-20 payment is recorded after the 3-25 one.
	post(t, j,
		entry(t, "b", "2024-03-25", ledger.Dr(ledger.Cash, rp(3_000)), ledger.Cr(ledger.OtherIncome, rp(3_000))),
		entry(t, "a", "2024-03-20", ledger.Dr(ledger.Cash, rp(2_000)), ledger.Cr(ledger.OtherIncome, rp(2_000))),
		entry(t, "c", "2024-03-20", ledger.Dr(ledger.OperatingExpense, rp(500)), ledger.Cr(ledger.Cash, rp(500))),
	)
	for _, tt := range []struct {
		date string
		want int64
	}{
		{"0001-01-01", 0},
		{"2024-02-29", 0},
		{"2024-03-01", 50_000},
		{"2024-03-04", 50_000},
		{"2024-03-05", 250_000},
		{"2024-03-19", 250_000},
		{"2024-03-20", 251_500},
		{"2024-03-24", 251_500},
		{"2024-03-25", 254_500},
		{"9999-12-31", 254_500},
	} {
		got, err := j.BalanceAsOf(ledger.Cash, day(t, tt.date))
		require.NoError(t, err)
		require.Equal(t, rp(tt.want), got, tt.date)
	}
	require.Equal(t, rp(254_500), balance(t, j, ledger.Cash))
	_, err := j.BalanceAsOf("999", day(t, "2024-03-01"))
	require.ErrorIs(t, err, ledger.ErrUnknownAccount)
	_, err = j.Balance("999")
	require.ErrorIs(t, err, ledger.ErrUnknownAccount)

	// Entries stay listed in posting order.
	var ids []string
	for _, e := range j.Entries() {
		ids = append(ids, e.ID)
	}
	require.Equal(t, []string{"pokok", "sukarela", "b", "a", "c"}, ids)
}

func TestBackdatedEntryCheckedOnLaterDates(t *testing.T) {
	j := funded(t)
	post(t, j, entry(t, "tarik", "2024-03-20", ledger.Dr(ledger.SukarelaSavings, rp(150_000)), ledger.Cr(ledger.Cash, rp(150_000))))
	// On 2024-03-10 there were Rp200.000, so a 3-10 withdrawal of 100.000 would
	// be fine that day, but the 3-20 withdrawal would then overdraw.
	err := j.Post(entry(t, "tarik-lama", "2024-03-10", ledger.Dr(ledger.SukarelaSavings, rp(100_000)), ledger.Cr(ledger.Cash, rp(100_000))))
	var od *ledger.OverdraftError
	require.ErrorAs(t, err, &od)
	require.Equal(t, day(t, "2024-03-20"), od.Date)
	require.Equal(t, rp(50_000), od.Balance)
	// 50.000 is fine.
	post(t, j, entry(t, "tarik-lama", "2024-03-10", ledger.Dr(ledger.SukarelaSavings, rp(50_000)), ledger.Cr(ledger.Cash, rp(50_000))))
	require.Equal(t, rp(0), balance(t, j, ledger.SukarelaSavings))
	got, err := j.BalanceAsOf(ledger.SukarelaSavings, day(t, "2024-03-15"))
	require.NoError(t, err)
	require.Equal(t, rp(150_000), got)
}

func TestStatement(t *testing.T) {
	j := funded(t)
	post(t, j,
		entry(t, "tarik", "2024-03-20", ledger.Dr(ledger.SukarelaSavings, rp(30_000)), ledger.Cr(ledger.Cash, rp(30_000))),
		entry(t, "setor-2", "2024-03-10", ledger.Dr(ledger.Cash, rp(10_000)), ledger.Cr(ledger.SukarelaSavings, rp(10_000))),
		entry(t, "jasa", "2024-03-31", ledger.Dr(ledger.LenderShareExpense, rp(1_500)), ledger.Cr(ledger.SukarelaSavings, rp(1_500))),
	)
	s, err := j.Statement(ledger.SukarelaSavings, calendar.Date{}, calendar.Date{})
	require.NoError(t, err)
	d := func(s string) calendar.Date { return day(t, s) }
	want := ledger.Statement{
		Account: mustAccount(t, j, ledger.SukarelaSavings),
		Opening: rp(0), Debits: rp(30_000), Credits: rp(211_500), Closing: rp(181_500),
		Lines: []ledger.Line{
			{Entry: "sukarela", Date: d("2024-03-05"), Memo: "sukarela", Debit: rp(0), Credit: rp(200_000), Balance: rp(200_000)},
			{Entry: "setor-2", Date: d("2024-03-10"), Memo: "setor-2", Debit: rp(0), Credit: rp(10_000), Balance: rp(210_000)},
			{Entry: "tarik", Date: d("2024-03-20"), Memo: "tarik", Debit: rp(30_000), Credit: rp(0), Balance: rp(180_000)},
			{Entry: "jasa", Date: d("2024-03-31"), Memo: "jasa", Debit: rp(0), Credit: rp(1_500), Balance: rp(181_500)},
		},
	}
	require.Empty(t, cmp.Diff(want, s, eq))

	// A period: the opening balance carries what came before.
	s, err = j.Statement(ledger.SukarelaSavings, d("2024-03-10"), d("2024-03-20"))
	require.NoError(t, err)
	require.Equal(t, rp(200_000), s.Opening)
	require.Equal(t, rp(180_000), s.Closing)
	require.Equal(t, rp(30_000), s.Debits)
	require.Equal(t, rp(10_000), s.Credits)
	require.Len(t, s.Lines, 2)
	require.Equal(t, "setor-2", s.Lines[0].Entry)

	// Open ends.
	s, err = j.Statement(ledger.SukarelaSavings, d("2024-03-11"), calendar.Date{})
	require.NoError(t, err)
	require.Equal(t, rp(210_000), s.Opening)
	require.Len(t, s.Lines, 2)
	s, err = j.Statement(ledger.SukarelaSavings, calendar.Date{}, d("2024-03-09"))
	require.NoError(t, err)
	require.Len(t, s.Lines, 1)

	// A period without movements.
	s, err = j.Statement(ledger.SukarelaSavings, d("2024-03-21"), d("2024-03-30"))
	require.NoError(t, err)
	require.Empty(t, s.Lines)
	require.Equal(t, rp(180_000), s.Opening)
	require.Equal(t, rp(180_000), s.Closing)
	require.Equal(t, rp(0), s.Debits)

	// The first representable day as the start.
	s, err = j.Statement(ledger.SukarelaSavings, d("0001-01-01"), d("2024-03-05"))
	require.NoError(t, err)
	require.Len(t, s.Lines, 1)

	_, err = j.Statement(ledger.SukarelaSavings, d("2024-03-21"), d("2024-03-20"))
	require.ErrorIs(t, err, ledger.ErrInvalidPeriod)
	require.EqualError(t, err, "ledger: period from 2024-03-21 to 2024-03-20 ends before it starts")
	_, err = j.Statement("999", calendar.Date{}, calendar.Date{})
	require.ErrorIs(t, err, ledger.ErrUnknownAccount)
}

func mustAccount(t testing.TB, j *ledger.Journal, c ledger.Code) ledger.Account {
	a, ok := j.Account(c)
	require.True(t, ok)
	return a
}

func TestTrialBalance(t *testing.T) {
	j := funded(t)
	post(t, j,
		entry(t, "beli", "2024-03-06", ledger.Dr(ledger.PackageInventory, rp(110_000)), ledger.Cr(ledger.Cash, rp(110_000))),
		entry(t, "cadangan", "2024-03-31", ledger.Dr(ledger.WriteOffExpense, rp(1_000)), ledger.Cr(ledger.LoanLossAllowance, rp(1_000))),
	)
	tb := j.TrialBalance()
	require.Equal(t, tb.Debits, tb.Credits)
	require.Equal(t, rp(251_000), tb.Debits)
	require.Len(t, tb.Rows, len(ledger.StandardChart()))
	rows := map[ledger.Code]ledger.TrialRow{}
	for _, r := range tb.Rows {
		rows[r.Code] = r
	}
	require.Equal(t, rp(140_000), rows[ledger.Cash].Debit)
	require.Equal(t, rp(1_000), rows[ledger.LoanLossAllowance].Credit, "the contra asset shows a credit")
	require.Equal(t, rp(200_000), rows[ledger.SukarelaSavings].Credit)
	// The contra account's balance is reported on its natural (credit) side.
	require.Equal(t, rp(1_000), balance(t, j, ledger.LoanLossAllowance))

	tb = j.TrialBalanceAsOf(day(t, "2024-03-05"))
	require.Equal(t, rp(250_000), tb.Debits)
	require.Equal(t, rp(250_000), tb.Credits)
	tb = j.TrialBalanceAsOf(day(t, "2024-01-01"))
	require.Equal(t, rp(0), tb.Debits)
}

func TestPostAllIsAtomic(t *testing.T) {
	j := funded(t)
	before := state(t, j)
	err := j.PostAll(
		entry(t, "setor", "2024-03-28", ledger.Dr(ledger.Cash, rp(25_000)), ledger.Cr(ledger.SukarelaSavings, rp(25_000))),
		entry(t, "janji", "2024-03-28", ledger.Dr(ledger.SukarelaSavings, rp(125_000)), ledger.Cr(ledger.PledgedFunds, rp(125_000))),
		ledger.Entry{ID: "batal", Date: day(t, "2024-03-28"), Reverses: "sukarela", Postings: []ledger.Posting{ledger.Cr(ledger.Cash, rp(200_000)), ledger.Dr(ledger.SukarelaSavings, rp(200_000))}},
	)
	require.ErrorIs(t, err, ledger.ErrOverdraft)
	require.Equal(t, before, state(t, j))
	_, ok := j.ReversedBy("sukarela")
	require.False(t, ok)
	for _, c := range []ledger.Code{ledger.Cash, ledger.SukarelaSavings, ledger.PledgedFunds} {
		s, err := j.Statement(c, calendar.Date{}, calendar.Date{})
		require.NoError(t, err)
		for _, l := range s.Lines {
			require.NotEqual(t, "2024-03-28", l.Date.String())
		}
	}

	// The same batch without the bad entry goes through, and a reversal of an
	// entry in the same batch works.
	setor := entry(t, "setor", "2024-03-28", ledger.Dr(ledger.Cash, rp(25_000)), ledger.Cr(ledger.SukarelaSavings, rp(25_000)))
	rev := ledger.Entry{ID: "setor-batal", Date: day(t, "2024-03-28"), Reverses: "setor", Postings: []ledger.Posting{ledger.Cr(ledger.Cash, rp(25_000)), ledger.Dr(ledger.SukarelaSavings, rp(25_000))}}
	require.NoError(t, j.Check(setor, rev))
	require.Equal(t, before, state(t, j), "Check posts nothing")
	require.NoError(t, j.PostAll(setor, setor, rev))
	require.Equal(t, 4, j.Len())
	require.Equal(t, rp(200_000), balance(t, j, ledger.SukarelaSavings))

	// Check reports the error PostAll would.
	err = j.Check(entry(t, "z", "2024-03-28", ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.MemberLoans, rp(1))))
	require.ErrorIs(t, err, ledger.ErrOverdraft)
}

func TestRollbackRestoresBackdatedMoves(t *testing.T) {
	j := funded(t)
	post(t, j, entry(t, "late", "2024-03-30", ledger.Dr(ledger.Cash, rp(7)), ledger.Cr(ledger.OtherIncome, rp(7))))
	before := state(t, j)
	tb := j.TrialBalanceAsOf(day(t, "2024-03-20"))
	err := j.PostAll(
		entry(t, "x1", "2024-03-02", ledger.Dr(ledger.Cash, rp(5)), ledger.Cr(ledger.OtherIncome, rp(5))),
		entry(t, "x2", "2024-03-02", ledger.Dr(ledger.Cash, rp(6)), ledger.Cr(ledger.OtherIncome, rp(6))),
		entry(t, "x3", "2024-03-30", ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.MemberLoans, rp(1))),
	)
	require.ErrorIs(t, err, ledger.ErrOverdraft)
	require.Equal(t, before, state(t, j))
	require.Empty(t, cmp.Diff(tb, j.TrialBalanceAsOf(day(t, "2024-03-20")), eq))
	got, err := j.BalanceAsOf(ledger.Cash, day(t, "2024-03-02"))
	require.NoError(t, err)
	require.Equal(t, rp(50_000), got)
}

func TestZeroJournal(t *testing.T) {
	var j ledger.Journal
	require.Equal(t, money.IDR, j.Currency())
	require.Equal(t, 0, j.Len())
	require.Empty(t, j.Accounts())
	require.False(t, j.Has("x"))
	_, ok := j.Entry("x")
	require.False(t, ok)
	require.ErrorIs(t, j.Post(entry(t, "x", "2024-03-01", ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.OtherIncome, rp(1)))), ledger.ErrUnknownAccount)
	for _, a := range ledger.StandardChart() {
		require.NoError(t, j.OpenAccount(a))
	}
	post(t, &j, entry(t, "x", "2024-03-01", ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.OtherIncome, rp(1))))
	require.Equal(t, rp(1), balance(t, &j, ledger.Cash))
	tb := j.TrialBalance()
	require.Equal(t, tb.Debits, tb.Credits)
}

func TestNewJournal(t *testing.T) {
	_, err := ledger.New(0, nil)
	require.ErrorIs(t, err, money.ErrInvalidCurrency)
	_, err = ledger.New(money.IDR, []ledger.Account{{Code: "1"}})
	require.ErrorIs(t, err, ledger.ErrInvalidAccount)

	j, err := ledger.New(money.USD, []ledger.Account{
		{Code: "101", Type: ledger.Asset, Name: "Cash"},
		{Code: "401", Type: ledger.Income, Name: "Income"},
	})
	require.NoError(t, err)
	require.Equal(t, money.USD, j.Currency())
	post(t, j, entry(t, "x", "2024-03-01", ledger.Dr("101", money.USD.Amount(1_50)), ledger.Cr("401", money.USD.Amount(1_50))))
	require.ErrorIs(t, j.Post(entry(t, "y", "2024-03-01", ledger.Dr("101", rp(1)), ledger.Cr("401", rp(1)))), ledger.ErrCurrencyMismatch)
	b, err := j.Balance("101")
	require.NoError(t, err)
	require.Equal(t, "US$1,50", b.String())
}

func TestErrorsAreDistinct(t *testing.T) {
	all := []error{ledger.ErrInvalidAccount, ledger.ErrDuplicate, ledger.ErrUnknownAccount, ledger.ErrInvalidEntry,
		ledger.ErrInvalidAmount, ledger.ErrCurrencyMismatch, ledger.ErrUnbalanced, ledger.ErrOverdraft, ledger.ErrConflict,
		ledger.ErrNotFound, ledger.ErrAlreadyReversed, ledger.ErrInvalidPeriod}
	for i, a := range all {
		for k, b := range all {
			require.Equal(t, i == k, errors.Is(a, b), "%v vs %v", a, b)
		}
	}
}

func TestRollbackAcrossStorageBlocks(t *testing.T) {
	// Enough entries that the batch's postings and entries cross the
	// journal's internal 1024-element storage blocks.
	j := funded(t)
	good := func(i int) ledger.Entry {
		e := entry(t, fmt.Sprintf("e%d", i), "2024-03-28", ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.OtherIncome, rp(1)))
		e.Refs = []ledger.Ref{{Key: "n", Value: fmt.Sprint(i)}}
		return e
	}
	for i := range 1015 {
		post(t, j, good(i))
	}
	before := state(t, j)
	var batch []ledger.Entry
	for i := 1015; i < 1040; i++ {
		batch = append(batch, good(i))
	}
	bad := append(batch, entry(t, "bad", "2024-03-28", ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.MemberLoans, rp(1))))
	require.ErrorIs(t, j.PostAll(bad...), ledger.ErrOverdraft)
	require.Equal(t, before, state(t, j))
	require.NoError(t, j.PostAll(batch...))
	require.Equal(t, 1042, j.Len())
	e, ok := j.Entry("e1039")
	require.True(t, ok)
	require.Equal(t, "1039", e.Ref("n"))
	require.Equal(t, rp(250_000+1040), balance(t, j, ledger.Cash))
}
