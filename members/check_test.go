package members

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/internal/blocks"
	"github.com/ip2p/koperasi/ledger"
	"github.com/stretchr/testify/require"
)

// Check must agree with Apply on every outcome and change nothing.
func TestCheckAgreesWithApply(t *testing.T) {
	s, j := newSavings(t)
	d := day(t, "2024-03-01")
	m := person(t, "A-01", 1)
	require.NoError(t, s.Register(Op{"r1", d}, m))
	ops := []Operation{
		{ID: "d1", Date: d, Type: OpDeposit, Member: "A-01", Amount: rp(100_000)},
		{ID: "w1", Date: d, Type: OpWithdraw, Member: "A-01", Kind: Sukarela, Amount: rp(500_000)}, // too much
		{ID: "h1", Date: d, Type: OpHold, Member: "A-01", Hold: "pledge-1", Amount: rp(60_000)},
		{ID: "w2", Date: d, Type: OpWithdraw, Member: "A-01", Kind: Sukarela, Amount: rp(50_000)}, // only 40.000 free
		{ID: "c1", Date: d, Type: OpCapture, Member: "A-01", Hold: "pledge-1", Amount: rp(60_000)},
		{ID: "x1", Date: d, Type: OpDeposit, Member: "nobody", Amount: rp(1)},
		{ID: "d1", Date: d, Type: OpDeposit, Member: "A-01", Amount: rp(100_000)}, // repeat: no-op
		{ID: "d1", Date: d, Type: OpDeposit, Member: "A-01", Amount: rp(1)},       // conflict
	}
	for _, o := range ops {
		before := string(mustJSON(t, s)) + string(mustJSON(t, j))
		checkErr := s.Check(o)
		require.Equal(t, before, string(mustJSON(t, s))+string(mustJSON(t, j)), "Check changed the state for %s", o.ID)
		applyErr := s.Apply(o)
		require.Equal(t, checkErr == nil, applyErr == nil, "%s: Check said %v, Apply said %v", o.ID, checkErr, applyErr)
	}
}

// A deposit with a Source debits that account instead of cash: a lender's
// repayment moves from lender payables to their sukarela.
func TestDepositFromSource(t *testing.T) {
	s, j := newSavings(t)
	d := day(t, "2024-03-01")
	require.NoError(t, s.Register(Op{"r1", d}, person(t, "L-01", 1)))
	// money owed to lenders, collected in cash
	require.NoError(t, j.Post(ledger.Entry{ID: "collect", Date: d, Postings: []ledger.Posting{
		ledger.Dr(ledger.Cash, rp(4_200)), ledger.Cr(ledger.LenderPayables, rp(4_200)),
	}}))
	require.NoError(t, s.Apply(Operation{ID: "pay-1", Date: d, Type: OpDeposit, Member: "L-01", Amount: rp(4_200), Source: ledger.LenderPayables}))
	payable, err := j.Balance(ledger.LenderPayables)
	require.NoError(t, err)
	require.True(t, payable.IsZero(), "payables %s", payable)
	bal, err := s.Balances("L-01")
	require.NoError(t, err)
	require.Equal(t, rp(4_200), bal.Sukarela)

	// more than is payable: the ledger refuses, nothing changes
	before := string(mustJSON(t, s))
	err = s.Apply(Operation{ID: "pay-2", Date: d, Type: OpDeposit, Member: "L-01", Amount: rp(1), Source: ledger.LenderPayables})
	require.True(t, errors.Is(err, ledger.ErrOverdraft), "%v", err)
	require.Equal(t, before, string(mustJSON(t, s)))

	// only a deposit takes a source
	err = s.Apply(Operation{ID: "w", Date: d, Type: OpWithdraw, Member: "L-01", Kind: Sukarela, Amount: rp(1), Source: ledger.Cash})
	require.ErrorIs(t, err, ErrInvalidOperation)
}

func TestLastMovement(t *testing.T) {
	s, _ := newSavings(t)
	require.True(t, s.LastMovement("A-01").IsZero())
	require.NoError(t, s.Register(Op{"r1", day(t, "2024-03-01")}, person(t, "A-01", 1)))
	require.NoError(t, s.Deposit(Op{"d1", day(t, "2024-03-09")}, "A-01", rp(1000)))
	require.Equal(t, day(t, "2024-03-09"), s.LastMovement("A-01"))
	require.True(t, s.LastMovement("nobody").IsZero())
}

// A log longer than a few storage blocks gives back every operation as
// applied, in order (Operations, Operation, the JSON), each one is a no-op
// when repeated and a conflict when changed, and its movements still name
// their operation.
func TestLongLog(t *testing.T) {
	s, j := newSavings(t)
	d := day(t, "2024-01-05")
	require.NoError(t, j.Post(ledger.Entry{ID: "payables", Date: d, Postings: []ledger.Posting{
		ledger.Dr(ledger.Cash, rp(10_000_000)), ledger.Cr(ledger.LenderPayables, rp(10_000_000)),
	}}))
	m := person(t, "L-01", 1)
	applied := []Operation{{ID: "reg", Date: d, Type: OpRegister, Member: m.ID, Record: &m}}
	for i := range 3*longBlock + 7 {
		o := Operation{ID: fmt.Sprintf("op-%d", i), Date: d.AddDays(i / 10), Member: m.ID}
		switch i % 4 {
		case 0:
			o.Type, o.Amount, o.Source = OpDeposit, rp(int64(100+i)), ledger.LenderPayables
		case 1:
			o.Type, o.Amount = OpDeposit, rp(int64(100+i))
		case 2:
			o.Type, o.Amount, o.Hold = OpHold, rp(10), fmt.Sprintf("h-%d", i)
		case 3:
			o.Type, o.Hold = OpRelease, fmt.Sprintf("h-%d", i-1)
		}
		applied = append(applied, o)
	}
	for _, o := range applied {
		require.NoError(t, s.Apply(o), o.ID)
	}
	require.Empty(t, diff(applied, s.Operations()))
	for _, o := range applied {
		got, ok := s.Operation(o.ID)
		require.True(t, ok, o.ID)
		require.Empty(t, diff(o, got), o.ID)
	}
	var v struct{ Operations []Operation }
	require.NoError(t, json.Unmarshal(mustJSON(t, s), &v))
	require.Empty(t, diff(applied, v.Operations))

	before := string(mustJSON(t, s)) + string(mustJSON(t, j))
	for _, i := range []int{1, longBlock, longBlock + 1, 2*longBlock + 3, len(applied) - 1} {
		o := applied[i]
		require.NoError(t, s.Apply(o), "repeat %s", o.ID)
		if o.Type == OpDeposit {
			o.Source = ledger.Cash // the same with another source is a conflict
			require.ErrorIs(t, s.Apply(o), ErrConflict, o.ID)
			o.Source, o.Hold = applied[i].Source, "h-x"
			require.Error(t, s.Apply(o), o.ID)
		}
	}
	require.Equal(t, before, string(mustJSON(t, s))+string(mustJSON(t, j)))

	st, err := s.Statement(m.ID, calendar.Date{}, calendar.Date{})
	require.NoError(t, err)
	require.Len(t, st.Movements, len(applied)-1)
	for i, mv := range st.Movements {
		o := applied[i+1]
		require.Equal(t, o.ID, mv.Op)
		require.Equal(t, o.Date, mv.Date)
		require.Equal(t, o.Hold, mv.Hold, o.ID)
	}
}

// Apply keeps its own copy of an operation's member record: the caller
// changing it afterwards changes nothing.
func TestApplyCopiesRecord(t *testing.T) {
	s, _ := newSavings(t)
	m := person(t, "A-01", 1)
	require.NoError(t, s.Apply(Operation{ID: "r1", Date: day(t, "2024-01-02"), Type: OpRegister, Member: m.ID, Record: &m}))
	before := string(mustJSON(t, s))
	m.Name = "Someone Else"
	require.Equal(t, before, string(mustJSON(t, s)))
	got, err := s.Member("A-01")
	require.NoError(t, err)
	require.Equal(t, "Ibu A-01", got.Name)
}

// longBlock is the size of internal/blocks' full blocks: TestLongLog's log
// crosses several.
const longBlock = blocks.BlockSize
