package koperasi_test

import (
	"testing"
	"time"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/examples/pilot"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/stretchr/testify/require"
)

// A member cannot be registered as having joined after the registration.
func TestRegisterJoinAfterRegistration(t *testing.T) {
	b, err := koperasi.New(pilot.Config())
	require.NoError(t, err)
	m := pilot.Lenders()[0] // joins 5 March
	_, err = b.Do(koperasi.RegisterMember{Op: koperasi.Op{ID: "reg", Date: pilot.Date(time.March, 4)}, Member: m})
	require.ErrorIs(t, err, koperasi.ErrInvalid)
	require.Equal(t, 0, b.Len())
}

// A product that holds overpayments as credit would post to the sukarela
// control account past the members' books: the Book refuses it.
func TestConfigRefusesHeldCredit(t *testing.T) {
	cfg := pilot.Config()
	cfg.Products[0].Servicing.Overpayment = lending.Hold
	_, err := koperasi.New(cfg)
	require.ErrorIs(t, err, koperasi.ErrInvalid)
}

// The what-if's settlement: paying the group more than is owed is refused
// and changes nothing; paying what is owed credits the peers' sukarela.
func TestSettleDebts(t *testing.T) {
	b, err := koperasi.New(pilot.Config())
	require.NoError(t, err)
	var settle koperasi.SettleDebts
	for _, c := range pilot.WhatIf() {
		if s, ok := c.(koperasi.SettleDebts); ok {
			settle = s
			break
		}
		_, err := b.Do(c)
		require.NoError(t, err)
	}
	before := string(bookJSON(t, b))
	over := settle
	over.ID, over.Amount = "settle-too-much", money.Rupiah(8_401)
	_, err = b.Do(over)
	require.ErrorIs(t, err, koperasi.ErrInvalid)
	require.Equal(t, before, string(bookJSON(t, b)))

	_, err = b.Do(settle)
	require.NoError(t, err)
	g, err := b.GroupStatus("G1")
	require.NoError(t, err)
	require.Empty(t, g.Debts.All())
	for _, p := range []members.ID{"P01", "P02", "P04", "P05"} {
		pos, err := b.SavingsPosition(p, settle.Date)
		require.NoError(t, err)
		require.Equal(t, money.Rupiah(2_100), pos.Sukarela, p)
	}
	tb := b.TrialBalance()
	require.Equal(t, tb.Debits, tb.Credits)
}

// A loan in default is written off with the koperasi taking part of the
// loss (booked to the write-off expense) and the lenders the rest.
func TestWriteOffWithReserve(t *testing.T) {
	b, rest := pilotUntil(t, "collect-G1-1-1")
	for _, c := range rest {
		if col, ok := c.(koperasi.Collect); ok && col.Group == "G1" {
			break // G1 never pays
		}
		_, err := b.Do(c)
		require.NoError(t, err)
	}
	day := pilot.Date(time.April, 10)
	loan := pilot.LoanID("P01", 1)
	_, err := b.Do(koperasi.DeclareDefault{Op: koperasi.Op{ID: "default-1", Date: day}, Loan: loan})
	require.NoError(t, err)
	_, err = b.Do(koperasi.WriteOff{Op: koperasi.Op{ID: "writeoff-1", Date: day}, Loan: loan, Reserve: money.Rupiah(5_000)})
	require.NoError(t, err)
	l, err := b.Loan(loan)
	require.NoError(t, err)
	require.Equal(t, lending.LoanWrittenOff, l.State.Status)
	var loss int64
	for _, lp := range l.PaidOut.Lenders {
		loss += lp.Loss.Minor()
	}
	require.Equal(t, int64(20_000), loss, "the lenders lose what the reserve did not take")
	tb := b.TrialBalance()
	require.Equal(t, tb.Debits, tb.Credits)
	for _, r := range tb.Rows {
		if r.Code == ledger.WriteOffExpense {
			require.Equal(t, money.Rupiah(5_000), r.Debit)
		}
	}
}

// A repeated command gets back the receipt of the first, its references
// included, and what a caller does to one receipt does not reach the next.
func TestRepeatReceipt(t *testing.T) {
	b, err := koperasi.New(pilot.Config())
	require.NoError(t, err)
	var disburse koperasi.Command
	for _, c := range pilot.Commands() {
		r, err := b.Do(c)
		require.NoError(t, err)
		if _, ok := c.(koperasi.Disburse); ok && disburse == nil {
			disburse = c
			require.Len(t, r.Refs, 5)
			r.Refs[0] = "changed by the caller"
		}
	}
	first, err := b.Do(disburse)
	require.NoError(t, err)
	require.True(t, first.Repeat)
	require.Equal(t, []string{"K-P01-1", "K-P02-1", "K-P03-1", "K-P04-1", "K-P05-1"}, first.Refs)
	first.Refs[1] = "changed again"
	again, err := b.Do(disburse)
	require.NoError(t, err)
	require.Equal(t, first.Seq, again.Seq)
	require.Equal(t, "K-P02-1", again.Refs[1])
}

// A command that fails after changing part of the state is refused, and the
// Book is rebuilt from its log: byte-identical, its indexes too.
func TestDirtyCommandRebuilds(t *testing.T) {
	b, err := koperasi.New(pilot.Config())
	require.NoError(t, err)
	cmds := pilot.Commands()
	for _, c := range cmds[:120] { // loans disbursed, some paid
		_, err := b.Do(c)
		require.NoError(t, err)
	}
	before, err := b.MarshalJSON()
	require.NoError(t, err)
	loans := string(loansJSON(t, b))
	outstanding := koperasi.Outstanding(b)
	require.Positive(t, outstanding)
	_, err = b.Do(koperasi.Breaking(koperasi.Op{ID: "break", Date: pilot.Date(time.April, 30)}))
	require.ErrorContains(t, err, "refused after a change")
	after, err := b.MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, string(before), string(after))
	require.Equal(t, loans, string(loansJSON(t, b)))
	require.Equal(t, outstanding, koperasi.Outstanding(b))
	require.NoError(t, koperasi.CheckIndexes(b))
	require.Equal(t, 120, b.Len())
	// and it goes on as before
	for _, c := range cmds[120:] {
		_, err := b.Do(c)
		require.NoError(t, err)
	}
}
