// Package ledger is the koperasi's double-entry journal, in exact money.
//
// Start with a Journal and the standard chart:
//
//	j, err := ledger.New(money.IDR, ledger.StandardChart())
//	err = j.Post(ledger.Entry{
//		ID: "angsuran-M01-6", Date: d, Memo: "angsuran ke-6",
//		Postings: []ledger.Posting{
//			ledger.Dr(ledger.Cash, money.Rupiah(4_200)),
//			ledger.Cr(ledger.MemberLoans, money.Rupiah(4_000)),
//			ledger.Cr(ledger.MarginIncome, money.Rupiah(200)),
//		},
//	})
//
// # Accounts
//
// An Account has a Code, a Type (asset, liability, equity, income, expense),
// Indonesian and English names and an Overdraft policy. Balances are reported
// on the account's natural side: debit for assets and expenses, credit for
// the rest, flipped for a contra account such as the loss allowance. The zero
// Overdraft lets no balance go past zero on that side: cash, receivables and
// every kind of savings can never be negative. StandardChart is the chart of
// a koperasi simpan pinjam running I-P2P, with SAK-ETAP style codes exported
// as constants (Cash is "101", SukarelaSavings "201" ...). The ledger keeps
// control accounts; per-member detail belongs to the layers above, which may
// still open accounts of their own at any time (a payable per lender).
//
// # Posting
//
// Post checks the whole entry against the whole journal before it changes
// anything: ID and date present, at least two postings, known accounts,
// positive amounts in the journal's currency, debits equal to credits,
// references with unique keys, and every account within its overdraft policy.
// A refused entry returns a typed error (EntryError, UnbalancedError,
// OverdraftError) wrapping a sentinel (ErrInvalidEntry, ErrUnknownAccount,
// ErrInvalidAmount, ErrCurrencyMismatch, ErrUnbalanced, ErrOverdraft,
// ErrConflict ...) and the journal is byte-for-byte what it was.
//
// The entry ID is the idempotency key. Posting the same ID with the same
// content again returns nil and does nothing; with other content it fails
// with ErrConflict. PostAll posts several entries as one unit and Check tries
// them without keeping anything; a Post of the entry just checked alone,
// with nothing done to the journal in between, does not check it again.
// Nothing is edited or deleted: Reverse posts a mirror entry that names the
// original, and an entry is reversed at most once.
//
// Entries may carry any date, also one before entries already posted (a
// payment from a pocket book recorded days late). Balances as of a date and
// statements go by date, and the overdraft policy is checked on the entry's
// date and on every later date, so a late entry can never make a past balance
// break the policy. Entries stay listed in posting order.
//
// The sum of all debits ever posted to one journal is at most math.MaxInt64
// minor units (more than nine quintillion rupiah), so no balance or total can
// overflow; an entry that would pass that bound fails with money.ErrOverflow.
//
// # Reading
//
// Balance is the current balance in constant time. BalanceAsOf binary-searches
// the account's movements. Statement lists an account's entries over a period
// with the running balance; TrialBalance and TrialBalanceAsOf list every
// account in a debit or credit column whose totals are always equal.
//
// # JSON
//
// Accounts, entries, statements and trial balances have JSON with amounts as
// strings ("IDR 4200"), dates as "YYYY-MM-DD" and enums as words. A Journal's
// JSON is its currency, accounts sorted by code and entries in posting order,
// nothing derived; loading it replays every entry through Post, so a loaded
// journal is a checked one, and two journals with the same history write the
// same bytes.
//
// # Concurrency
//
// A Journal is not safe for concurrent use. Reading methods may run at the
// same time as each other; OpenAccount, Post, PostAll, Check, Reverse and
// UnmarshalJSON need the journal to themselves. The values it returns are
// copies, safe to keep and share.
//
// # Performance
//
// Best of several runs on the project's 2-core machine, shared with other
// work at the time (go test -bench . -benchmem -cpu 1), so read them as upper
// bounds:
//
//	                                                  ns/op    B/op  allocs/op
//	Post, two lines, journal growing to 10.000          141     117      0
//	Post, two lines, journal growing to 1.000.000       238     122      0
//	Post, three lines and two references                205     162      0
//	Post repeated (idempotent no-op)                     38       0      0
//	PostAll, a group collection's 20 entries          4.749   3.546      0
//	PostAll of those 20 repeated                      1.357       0      0
//	Check, one entry (nothing posted)                   132       0      0
//	Check, a collection's 20 entries                  4.970       0      0
//	Check and then Post of a lender's deposit           191     125      0
//	The Book's collection: PostAll of 10 entries,
//	  then Check and Post of 2 deposits               3.333   2.134      0
//	Balance, 10 or 100.000 movements                   7, 7       0      0
//	BalanceAsOf, 100.000 movements                       44       0      0
//	Statement of 1.000 movements (of 10.000)         33.795  90.112      1
//	TrialBalance, standard chart                        778   2.304      1
//	Post dated before 100 later movements               747     119      0
//
// Post allocates nothing of its own beyond the growth of the journal (the
// B/op above), and never copies what it holds: entries, postings,
// references and each account's movements are stored in blocks that double
// from 16 elements to 1.024 and then stay at that size (internal/blocks,
// shared with the members' savings log and the Book's event log), entry
// IDs in an
// index of 8-byte slots. An entry record is 32 bytes, a posting 12, a
// reference 8, a movement 16. A memo equal to one of the last few stored,
// and a reference value equal to the last one stored under its key (a
// repayment and its lenders' part name the same loan, member and group),
// is kept once and not validated again. An entry of three postings and two
// references, each with its own memo and values, keeps about 208 bytes of
// its own in a journal of 100.000 such entries (BenchmarkRetained), 301
// counting the caller's ID, memo and reference strings it holds on to: it
// keeps those strings rather than copies. Post copies what it keeps, never
// holding on to the caller's slices.
package ledger
