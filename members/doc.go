// Package members holds the koperasi's members: who they are (NIK, family
// card, household, address with RT and RW), their savings (simpanan pokok,
// wajib and sukarela) kept on the ledger, and whether they may borrow or
// lend.
//
// # Quick start
//
//	j, _ := ledger.New(money.IDR, ledger.StandardChart())
//	s, _ := members.New(members.Config{
//		Pokok:              money.Rupiah(50_000), // once, on joining
//		Wajib:              money.Rupiah(10_000), // every month
//		WajibAdvanceMonths: 12,
//	}, j)
//
//	joined, _ := calendar.ParseDate("2023-12-28")
//	err := s.Register(members.Op{ID: "reg-A-0001", Date: joined}, member)
//	err = s.PayPokok(members.Op{ID: "pokok-A-0001", Date: joined}, "A-0001")
//	err = s.PayWajib(members.Op{ID: "wajib-A-0001-2024-01", Date: jan5}, "A-0001", january)
//	err = s.Deposit(members.Op{ID: "dep-17", Date: mar5}, "A-0001", money.Rupiah(200_000))
//	err = s.Hold(members.Op{ID: "pledge-3", Date: mar7}, "A-0001", "G1", money.Rupiah(125_000))
//	err = s.Capture(members.Op{ID: "fund-G1-A-0001", Date: mar28}, "A-0001", "G1", money.Rupiah(125_000))
//
//	pos, _ := s.Position("A-0001", mar28)
//	m, _ := s.Member("A-0001")
//	err = members.MekarmuktiBorrowerPolicy().Eligible(m, pos, activeLoans, mar28)
//
// The Example functions show each step with its output.
//
// # Members
//
// Member is a plain value: ID (the koperasi's member number), name, NIK
// (ParseNIK checks the 16 digits: region, birth date with 40 added to the
// day for women, serial), KK number, household key (HouseholdKey: two
// members of one family share it), address with RT, RW and optional
// integer coordinates, business, birth date, date joined, status and the
// identity documents the koperasi holds copies of. Validate checks a record
// completely and names the field at fault.
//
// Registry keeps the members: Add, Update (corrections, and admission from
// Prospective to Active), Resign, and lookups by ID, household and RW, every
// list ordered by member ID. Duplicate IDs and NIKs, a malformed NIK and an
// unknown member are typed errors (*MemberError carrying the member ID and
// field, wrapping ErrDuplicate, ErrInvalidNIK/ErrInvalidMember or
// ErrNotFound), and a refused change leaves the registry as it was.
//
// # Savings
//
// Savings is the member book a koperasi (or the root Book) embeds: the
// registry, each member's savings by kind with every movement, and the
// *ledger.Journal the money is posted to. The ledger has control accounts
// only; the per-member sub-balances live here, and with only Savings posting
// to the savings accounts the two always agree (Totals).
//
//	pay pokok      Dr Cash       Cr PokokSavings      once; a second payment is ErrAlreadyPaid
//	pay wajib      Dr Cash       Cr WajibSavings      one month at a time; a month twice is ErrAlreadyPaid
//	deposit        Dr Cash       Cr SukarelaSavings
//	withdraw       Dr Sukarela   Cr Cash              sukarela only, up to the free balance
//	hold, release  (no entry)                         reserve part of sukarela, give it back
//	capture        Dr Sukarela   Cr PledgedFunds      a hold becomes a debit when a group is funded
//	resign         Dr Pokok, Wajib, Sukarela  Cr Cash pays everything back, marks the member resigned
//
// Every change is an operation with an ID and a date (Op, or the Operation
// value that Apply takes). It is validated against the whole state before
// anything changes, in Savings or in the journal; the same ID with the same
// payload is a no-op, with another payload ErrConflict. The operation ID is
// also the ledger entry's ID, so IDs must be unique across a shared journal
// (the root Book derives them from its command IDs). A member's operations
// are recorded in date order: one dated before the member's last movement,
// or before the member joined, is refused.
//
// Sukarela may never go below zero, and holds reserve part of it so that
// pledged money cannot be withdrawn or pledged twice: Withdraw or Hold of
// more than the free balance (balance minus held) fails with
// ErrInsufficientFunds and a *FundsError carrying balance, held and
// requested. Pokok and wajib are paid back only by Resign: Withdraw of them
// is ErrLocked. Resign fails with ErrOpenObligations while the caller
// reports open loans or a hold is active.
//
// Position is a member's savings as of a date: balances, pokok paid,
// simpanan wajib paid through and in arrears. Wajib is due for every month
// from the month after joining (Config.WajibFrom can make it the joining
// month) through the date's month, that month included, until the member
// resigns; arrears are the due months not paid by the date, in months and
// rupiah. Statement lists every movement of a period (date, operation,
// kind, amount, running balance of the kind, amount held) with the opening
// and closing balances and the holds still active; AppendMovements fills a
// reused buffer instead.
//
// For a caller that applies several operations as one (the root Book),
// Check says whether Apply would succeed now, changing nothing, and
// LastMovement is the date a member's next operation may not precede. A
// deposit's Source names the account debited when the money is not cash:
// a lender's repayment moves from ledger.LenderPayables to their sukarela.
//
// Savings is not safe for concurrent use; the root Book serialises access.
//
// # Eligibility
//
// BorrowerPolicy and LenderPolicy hold Rules: documents required, minimum
// months of membership (counted to the day with AddMonths: joined 2023-12-28
// is eligible on 2024-03-28, joined 2023-11-30 on 2024-02-29), pokok paid,
// wajib up to date (with a tolerance in months), business required and the
// types allowed, minimum age (needs the birth date), maximum active loans,
// and whether prospective members pass. The zero value of each rule switches
// it off. MekarmuktiBorrowerPolicy and MekarmuktiLenderPolicy are the pilot's
// rules; DefaultBorrowerPolicy and DefaultLenderPolicy are common koperasi
// practice.
//
// Check takes the member, its Position, its number of active loans and the
// date, and returns every rule failed at once, in a fixed order, as
// Violations with a stable code ("documents.ktp", "membership.too_short",
// "savings.pokok_unpaid", "savings.wajib_arrears", "business.not_allowed",
// "age.too_young", "age.unknown", "loans.too_many", "status.not_active"),
// the data the check saw, what the rule wants, and a message for the
// officer in English and in Indonesian (Pesan). Eligible returns the same as
// a *EligibilityError wrapping ErrNotEligible.
//
// # JSON
//
// Every value has JSON that round-trips: amounts as strings ("IDR 50000"),
// dates as "2024-03-28", months as "2024-03", enums as words. Savings
// marshals its whole state deterministically (configuration, members,
// balances, active holds and the operation log), so "a refused operation
// leaves the state byte-identical" is tested by comparing JSON. The
// operation log is the source of truth: UnmarshalJSON replays it, checks the
// rest against it, and posts any entry the journal lacks (all or nothing).
//
// # Performance
//
// Measured with go test -bench . -benchmem -cpu 1 on the shared 2-core
// machine (Go 1.26, Intel Xeon), while other builds were running, so ranges.
// The bytes include the journal entry each operation posts (about 200 B of
// a payout's), amortised over the growth of the log and the journal:
//
//	Apply, lender payout, 50 members    0.5-0.8 µs, ~330 B/op, 0 allocs/op (deposit from ledger.LenderPayables)
//	  as the Book posts it              the same with LastMovement first: one more map lookup
//	Apply, pay_wajib, 50 members        0.6-0.85 µs, ~385 B/op, 1 alloc/op (the memo, which the journal keeps)
//	Apply, pay_pokok, new member        0.7-1.1 µs, ~350 B/op, 2 allocs/op (the memo; the first movement's slot)
//	Apply, hold                         0.35-0.55 µs, ~430 B/op, 0 allocs/op (no journal entry)
//	Register                            0.8-1.2 µs, ~970 B/op, 1 alloc/op (the record with its book)
//	Deposit (validate, post, record)    0.5-0.75 µs, ~280 B/op, 0 allocs/op
//	Retained per payout                 ~295 B with the journal entry (was ~670, then ~370)
//	Statement, 1,000 movements          26-36 µs (target: under 100 µs); 98,304 B/op, 1 alloc/op
//	AppendMovements, 1,000, reused      7 µs, 0 B/op, 0 allocs/op
//	Position over 1,000 movements       100-110 ns, 0 allocs/op; as of the last movement or later, no search
//	BorrowerPolicy.Check, eligible      30-70 ns, 0 allocs/op
//	BorrowerPolicy.Check, 6 violations  6-10 µs, 2,952 B/op, 59 allocs/op (the messages)
//
// What a Savings keeps per operation is compact. The log holds 48-byte
// records with a single pointer, the operation ID (shared with the journal
// entry): the member is a number, and the rarer texts (hold IDs, member
// records, the few source accounts of deposits) are in side tables. The
// records are indexed by 8-byte hash-tag slots rather than a map. A
// movement is a 48-byte record without pointers, in one column for the
// whole book; a member's book lists the positions of its own (4 bytes
// each), and Statement and AppendMovements expand them from the log. Log
// and movements are kept in blocks that never move (internal/blocks, which
// the journal uses too), doubling from 16 to 1.024 elements so that a small
// book stays small and a long replay copies nothing.
// A member's record is kept once, shared by the registry and the log, and
// allocated together with the member's savings book; one registry lookup
// finds both. A deposit's memo is built once per member, so a lender's
// payouts share it. A statement's cost is the expansion of its movements
// and the garbage collector that a 98 KB allocation wakes;
// AppendMovements avoids the latter.
package members
