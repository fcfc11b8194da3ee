package members

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
	"github.com/stretchr/testify/require"
)

// op makes an Op on a date.
func op(t tb, id, date string) Op { return Op{ID: id, Date: day(t, date)} }

// requireBooksMatch checks the invariants that hold after every operation:
// the trial balance balances, the ledger's savings accounts equal the sum of
// the members' sub-balances, and no member balance or free balance is
// negative.
func requireBooksMatch(t tb, s *Savings, j *ledger.Journal) {
	t.Helper()
	tb := j.TrialBalance()
	require.Equal(t, tb.Debits, tb.Credits, "trial balance")
	tot, err := s.Totals()
	require.NoError(t, err)
	acc := s.Config().Accounts
	for _, c := range []struct {
		code ledger.Code
		want money.Amount
	}{{acc.Pokok, tot.Pokok}, {acc.Wajib, tot.Wajib}, {acc.Sukarela, tot.Sukarela}} {
		got, err := j.Balance(c.code)
		require.NoError(t, err)
		require.Equal(t, c.want, got, "ledger account %s", c.code)
	}
	for _, m := range s.Members() {
		b, err := s.Balances(m.ID)
		require.NoError(t, err)
		for _, v := range []money.Amount{b.Pokok, b.Wajib, b.Sukarela, b.Held, b.Free()} {
			require.False(t, v.IsNegative(), "member %s balances %+v", m.ID, b)
		}
	}
}

// mekarmukti sets up a Savings with member A-0001 (joined 2023-12-28) who
// paid pokok and wajib for January and deposited Rp100.000 of sukarela.
func mekarmukti(t tb) (*Savings, *ledger.Journal) {
	s, j := newSavings(t)
	require.NoError(t, s.Register(op(t, "reg-1", "2023-12-28"), person(t, "A-0001", 1)))
	require.NoError(t, s.PayPokok(op(t, "pokok-1", "2023-12-28"), "A-0001"))
	require.NoError(t, s.PayWajib(op(t, "wajib-1-01", "2024-01-05"), "A-0001", month(t, "2024-01")))
	require.NoError(t, s.Deposit(op(t, "dep-1", "2024-01-05"), "A-0001", rp(100_000)))
	return s, j
}

func TestSavingsFlow(t *testing.T) {
	s, j := mekarmukti(t)
	requireBooksMatch(t, s, j)
	b, err := s.Balances("A-0001")
	require.NoError(t, err)
	require.Equal(t, Balances{Pokok: rp(50_000), Wajib: rp(10_000), Sukarela: rp(100_000), Held: rp(0)}, b)
	cash, err := j.Balance(ledger.Cash)
	require.NoError(t, err)
	require.Equal(t, rp(160_000), cash)

	// A lender pledges Rp60.000: only Rp40.000 stays free.
	require.NoError(t, s.Hold(op(t, "hold-1", "2024-03-05"), "A-0001", "pledge-G1", rp(60_000)))
	err = s.Withdraw(op(t, "wd-1", "2024-03-06"), "A-0001", Sukarela, rp(50_000))
	require.ErrorIs(t, err, ErrInsufficientFunds)
	var fe *FundsError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, FundsError{Op: "wd-1", Member: "A-0001", Balance: rp(100_000), Held: rp(60_000), Requested: rp(50_000)}, *fe)
	require.Equal(t, rp(40_000), fe.Free())
	require.Contains(t, err.Error(), "only Rp40.000 is free (balance Rp100.000, held Rp60.000)")
	require.NoError(t, s.Withdraw(op(t, "wd-1", "2024-03-06"), "A-0001", Sukarela, rp(40_000)), "the same ID may be used after a refusal")

	// The group is funded with Rp50.000 of the Rp60.000 pledge; the rest is released.
	require.NoError(t, s.Capture(op(t, "cap-1", "2024-03-28"), "A-0001", "pledge-G1", rp(50_000)))
	b, _ = s.Balances("A-0001")
	require.Equal(t, Balances{Pokok: rp(50_000), Wajib: rp(10_000), Sukarela: rp(10_000), Held: rp(0)}, b)
	pledged, err := j.Balance(ledger.PledgedFunds)
	require.NoError(t, err)
	require.Equal(t, rp(50_000), pledged)
	e, ok := j.Entry("cap-1")
	require.True(t, ok)
	require.Equal(t, []ledger.Posting{ledger.Dr(ledger.SukarelaSavings, rp(50_000)), ledger.Cr(ledger.PledgedFunds, rp(50_000))}, e.Postings)
	require.Equal(t, "A-0001", e.Ref("member"))
	require.Equal(t, "pledge-G1", e.Ref("hold"))
	requireBooksMatch(t, s, j)

	// A second pledge, released.
	require.NoError(t, s.Hold(op(t, "hold-2", "2024-03-28"), "A-0001", "pledge-G2", rp(10_000)))
	require.NoError(t, s.Release(op(t, "rel-2", "2024-03-29"), "A-0001", "pledge-G2"))
	require.NoError(t, s.Withdraw(op(t, "wd-2", "2024-03-29"), "A-0001", Sukarela, rp(10_000)))
	requireBooksMatch(t, s, j)

	st, err := s.Statement("A-0001", calendar.Date{}, calendar.Date{})
	require.NoError(t, err)
	golden(t, "statement.json", indent(t, st))
	require.Len(t, st.Of(Sukarela), 7)
	require.Len(t, st.Of(Pokok), 1)
}

func TestPokokAndWajib(t *testing.T) {
	s, j := mekarmukti(t)
	on := day(t, "2024-03-10")
	pos, err := s.Position("A-0001", on)
	require.NoError(t, err)
	require.True(t, pos.PokokPaid)
	require.Equal(t, month(t, "2024-01"), pos.WajibPaidThrough)
	require.Equal(t, 2, pos.WajibArrearsMonths, "February and March")
	require.Equal(t, rp(20_000), pos.WajibArrears)

	// March paid before February: paid through stays January.
	require.NoError(t, s.PayWajib(op(t, "wajib-1-03", "2024-03-10"), "A-0001", month(t, "2024-03")))
	pos, _ = s.Position("A-0001", on)
	require.Equal(t, month(t, "2024-01"), pos.WajibPaidThrough)
	require.Equal(t, 1, pos.WajibArrearsMonths)
	require.NoError(t, s.PayWajib(op(t, "wajib-1-02", "2024-03-11"), "A-0001", month(t, "2024-02")))
	pos, _ = s.Position("A-0001", day(t, "2024-03-11"))
	require.Equal(t, month(t, "2024-03"), pos.WajibPaidThrough)
	require.Equal(t, 0, pos.WajibArrearsMonths)
	require.Equal(t, rp(0), pos.WajibArrears)
	require.Equal(t, rp(30_000), pos.Wajib)

	// As of an earlier date, later payments do not count.
	pos, _ = s.Position("A-0001", day(t, "2024-02-01"))
	require.Equal(t, month(t, "2024-01"), pos.WajibPaidThrough)
	require.Equal(t, 1, pos.WajibArrearsMonths)
	require.Equal(t, rp(10_000), pos.Wajib)
	require.Equal(t, rp(100_000), pos.Sukarela)
	pos, _ = s.Position("A-0001", day(t, "2023-12-27"))
	require.False(t, pos.PokokPaid)
	require.Equal(t, rp(0), pos.Pokok)
	require.Equal(t, 0, pos.WajibArrearsMonths)

	// Advance payment up to 12 months ahead of the payment date.
	require.NoError(t, s.PayWajib(op(t, "wajib-1-2025-03", "2024-03-11"), "A-0001", month(t, "2025-03")))
	requireBooksMatch(t, s, j)
}

func TestWajibFromJoinMonth(t *testing.T) {
	j, err := ledger.New(money.IDR, ledger.StandardChart())
	require.NoError(t, err)
	cfg := testConfig()
	cfg.WajibFrom = JoinMonth
	s, err := New(cfg, j)
	require.NoError(t, err)
	require.NoError(t, s.Register(op(t, "r", "2023-12-28"), person(t, "A-0001", 1)))
	pos, err := s.Position("A-0001", day(t, "2024-01-31"))
	require.NoError(t, err)
	require.Equal(t, 2, pos.WajibArrearsMonths, "December and January")
	require.NoError(t, s.PayWajib(op(t, "w", "2023-12-28"), "A-0001", month(t, "2023-12")))
	pos, _ = s.Position("A-0001", day(t, "2024-01-31"))
	require.Equal(t, month(t, "2023-12"), pos.WajibPaidThrough)
}

func TestResign(t *testing.T) {
	s, j := mekarmukti(t)
	require.NoError(t, s.Hold(op(t, "h", "2024-02-01"), "A-0001", "pledge", rp(1_000)))
	err := s.Resign(op(t, "out", "2024-06-30"), "A-0001", 1)
	require.ErrorIs(t, err, ErrOpenObligations)
	require.Contains(t, err.Error(), "1 open loan")
	err = s.Resign(op(t, "out", "2024-06-30"), "A-0001", 0)
	require.ErrorIs(t, err, ErrOpenObligations)
	require.Contains(t, err.Error(), "pledge (Rp1.000)")
	require.NoError(t, s.Release(op(t, "r", "2024-06-30"), "A-0001", "pledge"))
	require.NoError(t, s.Resign(op(t, "out", "2024-06-30"), "A-0001", 0))

	m, err := s.Member("A-0001")
	require.NoError(t, err)
	require.Equal(t, Resigned, m.Status)
	require.Equal(t, day(t, "2024-06-30"), m.Left)
	b, _ := s.Balances("A-0001")
	require.Equal(t, Balances{Pokok: rp(0), Wajib: rp(0), Sukarela: rp(0), Held: rp(0)}, b)
	e, ok := j.Entry("out")
	require.True(t, ok)
	require.Equal(t, []ledger.Posting{
		ledger.Dr(ledger.PokokSavings, rp(50_000)), ledger.Dr(ledger.WajibSavings, rp(10_000)),
		ledger.Dr(ledger.SukarelaSavings, rp(100_000)), ledger.Cr(ledger.Cash, rp(160_000)),
	}, e.Postings)
	cash, _ := j.Balance(ledger.Cash)
	require.Equal(t, rp(0), cash)
	requireBooksMatch(t, s, j)

	// No arrears after resigning, but before it they count.
	pos, err := s.Position("A-0001", day(t, "2024-07-15"))
	require.NoError(t, err)
	require.Equal(t, 0, pos.WajibArrearsMonths)
	pos, _ = s.Position("A-0001", day(t, "2024-06-29"))
	require.Equal(t, 5, pos.WajibArrearsMonths)

	// Nothing more for a resigned member.
	require.ErrorIs(t, s.Deposit(op(t, "late", "2024-07-01"), "A-0001", rp(1)), ErrInvalidOperation)
	require.ErrorIs(t, s.Withdraw(op(t, "late", "2024-07-01"), "A-0001", Pokok, rp(1)), ErrInvalidOperation)

	// A member with no savings resigns without an entry.
	require.NoError(t, s.Register(op(t, "reg-2", "2024-01-01"), person(t, "A-0002", 2)))
	n := j.Len()
	require.NoError(t, s.Resign(op(t, "out-2", "2024-01-02"), "A-0002", 0))
	require.Equal(t, n, j.Len())
}

func TestIdempotent(t *testing.T) {
	s, j := mekarmukti(t)
	before, jbefore := mustJSON(t, s), mustJSON(t, j)
	// Replaying every operation of the log changes nothing.
	for _, o := range s.Operations() {
		require.NoError(t, s.Apply(o))
	}
	require.NoError(t, s.Deposit(op(t, "dep-1", "2024-01-05"), "A-0001", rp(100_000)))
	require.Equal(t, string(before), string(mustJSON(t, s)))
	require.Equal(t, string(jbefore), string(mustJSON(t, j)))
	o, ok := s.Operation("dep-1")
	require.True(t, ok)
	require.Equal(t, Operation{ID: "dep-1", Date: day(t, "2024-01-05"), Type: OpDeposit, Member: "A-0001", Amount: rp(100_000)}, o)
	_, ok = s.Operation("nope")
	require.False(t, ok)

	// The log hands out copies: changing one changes nothing.
	ops := s.Operations()
	ops[0].Record.Name = "Someone Else"
	reg, ok := s.Operation("reg-1")
	require.True(t, ok)
	reg.Record.Name = "Someone Else"
	require.Equal(t, string(before), string(mustJSON(t, s)))
	// A register replayed with a changed record conflicts.
	require.ErrorIs(t, s.Apply(reg), ErrConflict)
}

// Every refused operation returns its sentinel and leaves the savings and
// the journal byte-identical.
func TestRefusals(t *testing.T) {
	j0 := func(s *Savings) {}
	tests := []struct {
		name     string
		setup    func(t *testing.T, s *Savings)
		do       func(t *testing.T, s *Savings) error
		sentinel error
	}{
		{"pokok twice", nil, func(t *testing.T, s *Savings) error {
			return s.PayPokok(op(t, "p2", "2024-02-01"), "A-0001")
		}, ErrAlreadyPaid},
		{"pokok of another amount", nil, func(t *testing.T, s *Savings) error {
			return s.Apply(Operation{ID: "p2", Date: day(t, "2024-02-01"), Type: OpPayPokok, Member: "A-0001", Amount: rp(40_000)})
		}, ErrInvalidOperation},
		{"wajib month twice", nil, func(t *testing.T, s *Savings) error {
			return s.PayWajib(op(t, "w2", "2024-02-01"), "A-0001", month(t, "2024-01"))
		}, ErrAlreadyPaid},
		{"wajib of another amount", nil, func(t *testing.T, s *Savings) error {
			return s.Apply(Operation{ID: "w2", Date: day(t, "2024-02-01"), Type: OpPayWajib, Member: "A-0001", Amount: rp(5_000), Month: month(t, "2024-02")})
		}, ErrInvalidOperation},
		{"wajib before it is due", nil, func(t *testing.T, s *Savings) error {
			return s.PayWajib(op(t, "w2", "2024-02-01"), "A-0001", month(t, "2023-12"))
		}, ErrInvalidOperation},
		{"wajib too far ahead", nil, func(t *testing.T, s *Savings) error {
			return s.PayWajib(op(t, "w2", "2024-02-01"), "A-0001", month(t, "2025-03"))
		}, ErrInvalidOperation},
		{"wajib without month", nil, func(t *testing.T, s *Savings) error {
			return s.PayWajib(op(t, "w2", "2024-02-01"), "A-0001", calendar.YearMonth{})
		}, ErrInvalidOperation},
		{"withdraw pokok", nil, func(t *testing.T, s *Savings) error {
			return s.Withdraw(op(t, "x", "2024-02-01"), "A-0001", Pokok, rp(50_000))
		}, ErrLocked},
		{"withdraw wajib", nil, func(t *testing.T, s *Savings) error {
			return s.Withdraw(op(t, "x", "2024-02-01"), "A-0001", Wajib, rp(10_000))
		}, ErrLocked},
		{"withdraw no kind", nil, func(t *testing.T, s *Savings) error {
			return s.Withdraw(op(t, "x", "2024-02-01"), "A-0001", 0, rp(10_000))
		}, ErrInvalidOperation},
		{"withdraw more than the balance", nil, func(t *testing.T, s *Savings) error {
			return s.Withdraw(op(t, "x", "2024-02-01"), "A-0001", Sukarela, rp(100_001))
		}, ErrInsufficientFunds},
		{"withdraw held money", func(t *testing.T, s *Savings) {
			require.NoError(t, s.Hold(op(t, "h", "2024-02-01"), "A-0001", "pledge", rp(100_000)))
		}, func(t *testing.T, s *Savings) error {
			return s.Withdraw(op(t, "x", "2024-02-01"), "A-0001", Sukarela, rp(1))
		}, ErrInsufficientFunds},
		{"hold more than free", func(t *testing.T, s *Savings) {
			require.NoError(t, s.Hold(op(t, "h", "2024-02-01"), "A-0001", "pledge", rp(60_000)))
		}, func(t *testing.T, s *Savings) error {
			return s.Hold(op(t, "h2", "2024-02-01"), "A-0001", "pledge-2", rp(40_001))
		}, ErrInsufficientFunds},
		{"hold ID again", func(t *testing.T, s *Savings) {
			require.NoError(t, s.Hold(op(t, "h", "2024-02-01"), "A-0001", "pledge", rp(1_000)))
			require.NoError(t, s.Release(op(t, "r", "2024-02-01"), "A-0001", "pledge"))
		}, func(t *testing.T, s *Savings) error {
			return s.Hold(op(t, "h2", "2024-02-01"), "A-0001", "pledge", rp(1_000))
		}, ErrDuplicate},
		{"hold without ID", nil, func(t *testing.T, s *Savings) error {
			return s.Hold(op(t, "h2", "2024-02-01"), "A-0001", "", rp(1_000))
		}, ErrInvalidOperation},
		{"release unknown hold", nil, func(t *testing.T, s *Savings) error {
			return s.Release(op(t, "r", "2024-02-01"), "A-0001", "pledge")
		}, ErrNotFound},
		{"release twice", func(t *testing.T, s *Savings) {
			require.NoError(t, s.Hold(op(t, "h", "2024-02-01"), "A-0001", "pledge", rp(1_000)))
			require.NoError(t, s.Release(op(t, "r", "2024-02-01"), "A-0001", "pledge"))
		}, func(t *testing.T, s *Savings) error {
			return s.Release(op(t, "r2", "2024-02-01"), "A-0001", "pledge")
		}, ErrInvalidOperation},
		{"capture more than held", func(t *testing.T, s *Savings) {
			require.NoError(t, s.Hold(op(t, "h", "2024-02-01"), "A-0001", "pledge", rp(1_000)))
		}, func(t *testing.T, s *Savings) error {
			return s.Capture(op(t, "c", "2024-02-01"), "A-0001", "pledge", rp(1_001))
		}, ErrInvalidOperation},
		{"capture a released hold", func(t *testing.T, s *Savings) {
			require.NoError(t, s.Hold(op(t, "h", "2024-02-01"), "A-0001", "pledge", rp(1_000)))
			require.NoError(t, s.Release(op(t, "r", "2024-02-01"), "A-0001", "pledge"))
		}, func(t *testing.T, s *Savings) error {
			return s.Capture(op(t, "c", "2024-02-01"), "A-0001", "pledge", rp(1_000))
		}, ErrInvalidOperation},
		{"resign with open loans", nil, func(t *testing.T, s *Savings) error {
			return s.Resign(op(t, "out", "2024-02-01"), "A-0001", 2)
		}, ErrOpenObligations},
		{"resign with a hold", func(t *testing.T, s *Savings) {
			require.NoError(t, s.Hold(op(t, "h", "2024-02-01"), "A-0001", "pledge", rp(1_000)))
		}, func(t *testing.T, s *Savings) error {
			return s.Resign(op(t, "out", "2024-02-01"), "A-0001", 0)
		}, ErrOpenObligations},
		{"resign with negative loans", nil, func(t *testing.T, s *Savings) error {
			return s.Resign(op(t, "out", "2024-02-01"), "A-0001", -1)
		}, ErrInvalidOperation},
		{"unknown member", nil, func(t *testing.T, s *Savings) error {
			return s.Deposit(op(t, "d", "2024-02-01"), "A-0404", rp(1_000))
		}, ErrNotFound},
		{"operation ID reused", nil, func(t *testing.T, s *Savings) error {
			return s.Deposit(op(t, "dep-1", "2024-01-05"), "A-0001", rp(100_001))
		}, ErrConflict},
		{"operation ID taken in the journal", func(t *testing.T, s *Savings) {
			require.NoError(t, s.Journal().Post(ledger.Entry{ID: "L-1", Date: day(t, "2024-02-01"),
				Postings: []ledger.Posting{ledger.Dr(ledger.Cash, rp(5)), ledger.Cr(ledger.OtherIncome, rp(5))}}))
		}, func(t *testing.T, s *Savings) error {
			err := s.Deposit(op(t, "L-1", "2024-02-01"), "A-0001", rp(5))
			require.ErrorIs(t, err, ledger.ErrConflict)
			return err
		}, ErrConflict},
		{"no operation ID", nil, func(t *testing.T, s *Savings) error {
			return s.Deposit(op(t, "", "2024-02-01"), "A-0001", rp(5))
		}, ErrInvalidOperation},
		{"no date", nil, func(t *testing.T, s *Savings) error {
			return s.Deposit(Op{ID: "d"}, "A-0001", rp(5))
		}, ErrInvalidOperation},
		{"before the last movement", nil, func(t *testing.T, s *Savings) error {
			return s.Deposit(op(t, "d", "2024-01-04"), "A-0001", rp(5))
		}, ErrInvalidOperation},
		{"before joining", func(t *testing.T, s *Savings) {
			require.NoError(t, s.Register(op(t, "reg-2", "2024-02-01"), person(t, "A-0002", 2)))
		}, func(t *testing.T, s *Savings) error {
			return s.Deposit(op(t, "d", "2023-12-27"), "A-0002", rp(5))
		}, ErrInvalidOperation},
		{"zero deposit", nil, func(t *testing.T, s *Savings) error {
			return s.Deposit(op(t, "d", "2024-02-01"), "A-0001", rp(0))
		}, ErrInvalidOperation},
		{"negative deposit", nil, func(t *testing.T, s *Savings) error {
			return s.Deposit(op(t, "d", "2024-02-01"), "A-0001", rp(-5))
		}, ErrInvalidOperation},
		{"deposit in dollars", nil, func(t *testing.T, s *Savings) error {
			return s.Deposit(op(t, "d", "2024-02-01"), "A-0001", money.USD.Amount(500))
		}, ErrInvalidOperation},
		{"deposit overflowing", func(t *testing.T, s *Savings) {
			require.NoError(t, s.Deposit(op(t, "big", "2024-02-01"), "A-0001", rp(1<<62)))
		}, func(t *testing.T, s *Savings) error {
			return s.Deposit(op(t, "d", "2024-02-01"), "A-0001", rp(1<<62))
		}, money.ErrOverflow},
		{"register a duplicate", nil, func(t *testing.T, s *Savings) error {
			return s.Register(op(t, "reg-x", "2024-02-01"), person(t, "A-0001", 9))
		}, ErrDuplicate},
		{"register a duplicate NIK", nil, func(t *testing.T, s *Savings) error {
			return s.Register(op(t, "reg-x", "2024-02-01"), person(t, "A-0009", 1))
		}, ErrDuplicate},
		{"register a bad NIK", nil, func(t *testing.T, s *Savings) error {
			m := person(t, "A-0009", 9)
			m.NIK = "1234"
			return s.Register(op(t, "reg-x", "2024-02-01"), m)
		}, ErrInvalidNIK},
		{"update unknown", nil, func(t *testing.T, s *Savings) error {
			return s.Update(op(t, "upd", "2024-02-01"), person(t, "A-0009", 9))
		}, ErrNotFound},
		{"record for another member", nil, func(t *testing.T, s *Savings) error {
			rec := person(t, "A-0001", 1)
			return s.Apply(Operation{ID: "u", Date: day(t, "2024-02-01"), Type: OpUpdate, Member: "A-0002", Record: &rec})
		}, ErrInvalidOperation},
		{"field a type does not use", nil, func(t *testing.T, s *Savings) error {
			return s.Apply(Operation{ID: "d", Date: day(t, "2024-02-01"), Type: OpDeposit, Member: "A-0001", Amount: rp(5), Month: month(t, "2024-02")})
		}, ErrInvalidOperation},
		{"register without a record", nil, func(t *testing.T, s *Savings) error {
			return s.Apply(Operation{ID: "u", Date: day(t, "2024-02-01"), Type: OpRegister, Member: "A-0002"})
		}, ErrInvalidOperation},
		{"record on a deposit", nil, func(t *testing.T, s *Savings) error {
			rec := person(t, "A-0001", 1)
			return s.Apply(Operation{ID: "u", Date: day(t, "2024-02-01"), Type: OpDeposit, Member: "A-0001", Amount: rp(5), Record: &rec})
		}, ErrInvalidOperation},
		{"unknown type", nil, func(t *testing.T, s *Savings) error {
			return s.Apply(Operation{ID: "d", Date: day(t, "2024-02-01"), Type: 99, Member: "A-0001"})
		}, ErrInvalidOperation},
		{"no member", nil, func(t *testing.T, s *Savings) error {
			return s.Apply(Operation{ID: "d", Date: day(t, "2024-02-01"), Type: OpDeposit, Amount: rp(5)})
		}, ErrInvalidOperation},
		{"cash the koperasi does not have", func(t *testing.T, s *Savings) {
			// Someone else spent the cash.
			require.NoError(t, s.Journal().Post(ledger.Entry{ID: "spend", Date: day(t, "2024-01-05"),
				Postings: []ledger.Posting{ledger.Dr(ledger.OperatingExpense, rp(160_000)), ledger.Cr(ledger.Cash, rp(160_000))}}))
		}, func(t *testing.T, s *Savings) error {
			return s.Withdraw(op(t, "x", "2024-02-01"), "A-0001", Sukarela, rp(1_000))
		}, ledger.ErrOverdraft},
	}
	_ = j0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, j := mekarmukti(t)
			if tt.setup != nil {
				tt.setup(t, s)
			}
			before, jbefore := mustJSON(t, s), mustJSON(t, j)
			err := tt.do(t, s)
			require.ErrorIs(t, err, tt.sentinel)
			require.NotEmpty(t, err.Error())
			var oe *OpError
			var fe *FundsError
			var me *MemberError
			require.True(t, errors.As(err, &oe) || errors.As(err, &fe) || errors.As(err, &me), "typed error, got %T", err)
			require.Equal(t, string(before), string(mustJSON(t, s)), "savings changed")
			require.Equal(t, string(jbefore), string(mustJSON(t, j)), "journal changed")
		})
	}
}

func TestNewConfig(t *testing.T) {
	j, err := ledger.New(money.IDR, ledger.StandardChart())
	require.NoError(t, err)
	usd, err := ledger.New(money.USD, ledger.StandardChart())
	require.NoError(t, err)
	bare, err := ledger.New(money.IDR, nil)
	require.NoError(t, err)
	for _, tt := range []struct {
		name string
		edit func(*Config)
		j    *ledger.Journal
	}{
		{"no pokok", func(c *Config) { c.Pokok = money.Amount{} }, j},
		{"negative wajib", func(c *Config) { c.Wajib = rp(-1) }, j},
		{"currencies differ", func(c *Config) { c.Wajib = money.USD.Amount(1) }, j},
		{"bad start", func(c *Config) { c.WajibFrom = 9 }, j},
		{"advance", func(c *Config) { c.WajibAdvanceMonths = -1 }, j},
		{"no journal", func(*Config) {}, nil},
		{"journal in dollars", func(*Config) {}, usd},
		{"accounts not open", func(*Config) {}, bare},
		{"sukarela on an asset", func(c *Config) { c.Accounts.Sukarela = ledger.Cash }, j},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			tt.edit(&cfg)
			_, err := New(cfg, tt.j)
			require.ErrorIs(t, err, ErrInvalidConfig)
			require.NotEmpty(t, err.Error())
		})
	}
	s, err := New(testConfig(), j)
	require.NoError(t, err)
	require.Equal(t, Accounts{Cash: ledger.Cash, Pokok: ledger.PokokSavings, Wajib: ledger.WajibSavings, Sukarela: ledger.SukarelaSavings, Pledged: ledger.PledgedFunds}, s.Config().Accounts)
	var zero Savings
	require.ErrorIs(t, zero.Deposit(Op{ID: "x", Date: day(t, "2024-01-01")}, "A", rp(1)), ErrInvalidConfig)
}

func TestQueries(t *testing.T) {
	s, _ := mekarmukti(t)
	_, err := s.Position("A-0404", day(t, "2024-01-01"))
	require.ErrorIs(t, err, ErrNotFound)
	_, err = s.Position("A-0001", calendar.Date{})
	require.ErrorIs(t, err, ErrInvalidOperation)
	_, err = s.Statement("A-0404", calendar.Date{}, calendar.Date{})
	require.ErrorIs(t, err, ErrNotFound)
	_, err = s.Statement("A-0001", day(t, "2024-02-01"), day(t, "2024-01-01"))
	require.ErrorIs(t, err, ErrInvalidOperation)
	_, err = s.Balances("A-0404")
	require.ErrorIs(t, err, ErrNotFound)

	st, err := s.Statement("A-0001", day(t, "2024-01-05"), day(t, "2024-01-05"))
	require.NoError(t, err)
	require.Len(t, st.Movements, 2)
	require.Equal(t, Balances{Pokok: rp(50_000), Wajib: rp(0), Sukarela: rp(0), Held: rp(0)}, st.Opening)
	require.Equal(t, Balances{Pokok: rp(50_000), Wajib: rp(10_000), Sukarela: rp(100_000), Held: rp(0)}, st.Closing)
	buf, err := s.AppendMovements(nil, "A-0001", day(t, "2024-01-05"), day(t, "2024-01-05"))
	require.NoError(t, err)
	require.Equal(t, st.Movements, buf)
	_, err = s.AppendMovements(nil, "A-0404", calendar.Date{}, calendar.Date{})
	require.ErrorIs(t, err, ErrNotFound)
	st, err = s.Statement("A-0001", day(t, "2024-02-01"), calendar.Date{})
	require.NoError(t, err)
	require.Empty(t, st.Movements)
	require.Equal(t, st.Opening, st.Closing)

	require.NoError(t, s.Register(op(t, "reg-2", "2024-01-01"), person(t, "A-0002", 2)))
	b, err := s.Balances("A-0002")
	require.NoError(t, err)
	require.Equal(t, Balances{Pokok: rp(0), Wajib: rp(0), Sukarela: rp(0), Held: rp(0)}, b)
	st, err = s.Statement("A-0002", calendar.Date{}, calendar.Date{})
	require.NoError(t, err)
	require.Equal(t, []Movement{}, st.Movements)
	buf, err = s.AppendMovements(buf[:0], "A-0002", calendar.Date{}, calendar.Date{})
	require.NoError(t, err)
	require.Empty(t, buf)
	require.Equal(t, []ID{"A-0001", "A-0002"}, ids(s.Members()))
	require.Len(t, s.ByRW(8), 2)
	require.Len(t, s.ByHousehold("3217010101200001"), 2)

	// Change shows the direction of each movement.
	for _, tt := range []struct {
		t    MovementType
		want money.Amount
	}{{MoveDeposit, rp(5)}, {MoveWithdrawal, rp(-5)}, {MoveCapture, rp(-5)}, {MovePayout, rp(-5)}, {MoveHold, rp(0)}, {MoveRelease, rp(0)}} {
		require.Equal(t, tt.want, Movement{Type: tt.t, Amount: rp(5)}.Change(), tt.t.String())
	}
}

func TestAdmission(t *testing.T) {
	s, j := newSavings(t)
	m := person(t, "A-0001", 1)
	m.Status = Prospective
	require.NoError(t, s.Register(op(t, "reg", "2023-12-28"), m))
	require.NoError(t, s.PayPokok(op(t, "pokok", "2023-12-28"), "A-0001"), "a prospective member pays pokok to join")
	m.Status = Active
	require.NoError(t, s.Update(op(t, "admit", "2023-12-29"), m))
	got, err := s.Member("A-0001")
	require.NoError(t, err)
	require.Equal(t, Active, got.Status)
	requireBooksMatch(t, s, j)
}

func TestSavingsJSON(t *testing.T) {
	s, j := mekarmukti(t)
	require.NoError(t, s.Hold(op(t, "h", "2024-02-01"), "A-0001", "pledge", rp(30_000)))
	require.NoError(t, s.Register(op(t, "reg-2", "2024-02-01"), person(t, "A-0002", 2)))
	require.NoError(t, s.Resign(op(t, "out-2", "2024-02-02"), "A-0002", 0))
	data := mustJSON(t, s)
	golden(t, "savings.json", indent(t, s))

	// Into a fresh journal: the entries are posted again.
	j2, err := ledger.New(money.IDR, ledger.StandardChart())
	require.NoError(t, err)
	s2, err := New(Config{Pokok: rp(1), Wajib: rp(1)}, j2)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, s2))
	require.Equal(t, string(data), string(mustJSON(t, s2)))
	require.Equal(t, string(mustJSON(t, j)), string(mustJSON(t, j2)))

	// Into a journal restored from its own JSON: nothing to post.
	j3, err := ledger.New(money.IDR, nil)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(mustJSON(t, j), j3))
	s3, err := New(testConfig(), j3)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, s3))
	require.Equal(t, string(mustJSON(t, j)), string(mustJSON(t, j3)))
	require.Equal(t, string(data), string(mustJSON(t, s3)))

	// Operations continue from the restored state as from the original.
	require.NoError(t, s.Withdraw(op(t, "w", "2024-02-03"), "A-0001", Sukarela, rp(70_000)))
	require.NoError(t, s3.Withdraw(op(t, "w", "2024-02-03"), "A-0001", Sukarela, rp(70_000)))
	require.Equal(t, string(mustJSON(t, s)), string(mustJSON(t, s3)))
	require.ErrorIs(t, s3.Withdraw(op(t, "w2", "2024-02-03"), "A-0001", Sukarela, rp(1)), ErrInsufficientFunds)

	// Refused input leaves the target as it was.
	s4, j4 := newSavings(t)
	empty, jempty := mustJSON(t, s4), mustJSON(t, j4)
	tampered := []byte(string(data))
	for i := range len(tampered) - 12 {
		if string(tampered[i:i+12]) == `"IDR 100000"` {
			copy(tampered[i:], `"IDR 100001"`)
			break
		}
	}
	for _, bad := range [][]byte{tampered, []byte(`{"config":{}}`), []byte(`{"nope":1}`), []byte(`[]`)} {
		require.Error(t, json.Unmarshal(bad, s4), string(bad))
		require.Equal(t, string(empty), string(mustJSON(t, s4)))
		require.Equal(t, string(jempty), string(mustJSON(t, j4)))
	}
	// A journal with a different entry under a savings ID.
	require.NoError(t, j4.Post(ledger.Entry{ID: "dep-1", Date: day(t, "2024-01-05"),
		Postings: []ledger.Posting{ledger.Dr(ledger.Cash, rp(5)), ledger.Cr(ledger.OtherIncome, rp(5))}}))
	jempty = mustJSON(t, j4)
	require.ErrorIs(t, json.Unmarshal(data, s4), ledger.ErrConflict)
	require.Equal(t, string(empty), string(mustJSON(t, s4)))
	require.Equal(t, string(jempty), string(mustJSON(t, j4)))
	var zero Savings
	require.ErrorIs(t, json.Unmarshal(data, &zero), ErrInvalidConfig)
}

func TestEnumsText(t *testing.T) {
	for k := Pokok; k <= Sukarela; k++ {
		b, err := k.MarshalText()
		require.NoError(t, err)
		var back Kind
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, k, back)
	}
	for o := OpRegister; o <= OpResign; o++ {
		b, err := o.MarshalText()
		require.NoError(t, err)
		var back OpType
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, o, back)
	}
	for m := MoveDeposit; m <= MovePayout; m++ {
		b, err := m.MarshalText()
		require.NoError(t, err)
		var back MovementType
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, m, back)
	}
	for _, w := range []WajibStart{NextMonth, JoinMonth} {
		b, err := w.MarshalText()
		require.NoError(t, err)
		var back WajibStart
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, w, back)
	}
	var k Kind
	require.ErrorIs(t, k.UnmarshalText([]byte("gold")), ErrInvalidOperation)
	_, err := OpType(0).MarshalText()
	require.Error(t, err)
	_, err = WajibStart(5).MarshalText()
	require.ErrorIs(t, err, ErrInvalidConfig)
	var w WajibStart
	require.ErrorIs(t, w.UnmarshalText([]byte("later")), ErrInvalidConfig)
	require.Equal(t, "kind(9)", Kind(9).String())
	require.False(t, Kind(0).Valid())
}
