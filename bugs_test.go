package koperasi_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/examples/pilot"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/stretchr/testify/require"
)

// pilotUntil returns a Book with the pilot's commands applied up to (not
// including) the first whose ID has the prefix given, and the rest.
func pilotUntil(t testing.TB, prefix string) (*koperasi.Book, []koperasi.Command) {
	t.Helper()
	b, err := koperasi.New(pilot.Config())
	require.NoError(t, err)
	cmds := pilot.Commands()
	for i, c := range cmds {
		if strings.HasPrefix(opOf(c).ID, prefix) {
			return b, cmds[i:]
		}
		_, err := b.Do(c)
		require.NoError(t, err, opOf(c).ID)
	}
	t.Fatalf("no pilot command %s...", prefix)
	return nil, nil
}

// A lender whose money is out in loans may not leave the koperasi while
// the loans are being repaid: once it has resigned, its payouts are
// refused, and so is every collection of the loans it funded, so that the
// borrowers can no longer repay. Found by TestBookStateMachine.
func TestResignedLenderDoesNotBlockRepayment(t *testing.T) {
	b, rest := pilotUntil(t, "collect-G2-1-1")
	_, err := b.Do(koperasi.Resign{Op: koperasi.Op{ID: "resign-L04", Date: pilot.Date(time.March, 28)}, Member: "L04"})
	if err != nil {
		require.ErrorIs(t, err, members.ErrOpenObligations, "a lender with money out in loans resigns")
		return
	}
	_, err = b.Do(rest[0])
	require.NoError(t, err, "L04 (resigned, funding G2's loans) blocks G2's collection")
}

// An officer may enter a collection a day late, as long as the day is not
// closed (Config.StrictDates off, the package doc's "as an officer entering
// yesterday's collection would"). But a lender's payouts are savings
// deposits, and a member's savings are recorded in date order: once a
// later collection of another group funded by the same lender is entered,
// the late one is refused, because its payout to that lender would be
// dated before the lender's last movement.
func TestLateCollectionOfAnotherGroup(t *testing.T) {
	b, rest := pilotUntil(t, "collect-G1-1-2")
	byID := map[string]koperasi.Command{}
	for _, c := range rest {
		byID[opOf(c).ID] = c
	}
	// day 2 (1 April) for G2 and G3, then day 3 (2 April) for G3; G1's
	// day 2 comes in late. L01 funds G1 and G3.
	for _, id := range []string{"collect-G2-1-2", "collect-G3-1-2", "collect-G3-1-3"} {
		_, err := b.Do(byID[id])
		require.NoError(t, err, id)
	}
	_, err := b.Do(byID["collect-G1-1-2"])
	require.NoError(t, err, "G1's collection of 1 April entered after G3's of 2 April")
}

// The Book derives the IDs of payments, journal entries and savings
// operations from the command's ID ("<command>/pay/<loan>", ...). A
// command whose own ID has that form is accepted, and then blocks the
// command it shadows: here a payment recorded under the ID the group's
// collection will give P01's payment makes the whole collection refused,
// with a message ("the payment was already distributed") an officer
// cannot act on. IDs with the separator should be refused, or the derived
// IDs kept apart from the commands'.
func TestCommandIDDoesNotShadowDerivedIDs(t *testing.T) {
	b, rest := pilotUntil(t, "collect-G1-1-1")
	c := rest[0].(koperasi.Collect)
	_, err := b.Do(koperasi.Pay{Op: koperasi.Op{ID: c.ID + "/pay/K-P01-1", Date: c.Date}, Loan: "K-P01-1", Amount: money.Rupiah(4_200)})
	if err != nil {
		require.ErrorIs(t, err, koperasi.ErrInvalid, "a command ID of the derived form is refused as invalid")
		return
	}
	_, err = b.Do(c)
	require.NoError(t, err, "G1's collection is blocked by a command with its payment's ID")
}

// Events returns a copy of the log, but the copies' Cmd bytes are the
// Book's own: a caller that changes them (say, to redact a name before
// showing it) changes the Book's log, which then writes and replays
// something else than what was applied.
func TestEventsDoNotAliasTheLog(t *testing.T) {
	b, err := pilot.Book()
	require.NoError(t, err)
	before := bookLog(t, b)
	evs := b.Events()
	for i := range evs[0].Cmd {
		evs[0].Cmd[i] = ' '
	}
	require.Equal(t, string(before), string(bookLog(t, b)), "changing a returned event changed the Book's log")
}

// What the queries return is the caller's: changing it must not change
// the Book (which would then differ from its log, with no command and no
// lock). Loan and Facilities return the loan's schedule, lenders, state,
// payments and payout record, and the facilities' pledges and loans,
// sharing the Book's own slices.
func TestQueriesDoNotAliasTheBook(t *testing.T) {
	b, err := pilot.Book()
	require.NoError(t, err)
	state := func() string { return string(bookJSON(t, b)) + string(loansJSON(t, b)) }
	for _, tc := range []struct {
		name   string
		change func()
	}{
		{"Loan: schedule", func() { l, _ := b.Loan("K-P01-1"); l.Loan.Schedule.Installments[0].Total = money.Rupiah(1) }},
		{"Loan: lenders", func() { l, _ := b.Loan("K-P01-1"); l.Loan.Lenders[0].Amount = money.Rupiah(1) }},
		{"Loan: installments paid", func() { l, _ := b.Loan("K-P01-1"); l.State.Installments[0].Principal = 1 }},
		{"Loan: payments", func() { l, _ := b.Loan("K-P01-1"); l.State.Payments[0].Amount = money.Rupiah(1) }},
		{"Loan: payout record", func() { l, _ := b.Loan("K-P01-1"); l.PaidOut.Lenders[0].Margin = money.Rupiah(1) }},
		{"Facilities: pledges", func() { b.Facilities()[0].Pledges[0].Amount = money.Rupiah(1) }},
		{"Facilities: loans", func() { b.Facilities()[0].Loans[0] = "K-X" }},
		{"Journal", func() { b.Journal()[0].Postings[0].Amount = money.Rupiah(1) }},
		{"Members", func() { b.Members()[0].Name = "X" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := state()
			tc.change()
			require.Equal(t, before, state(), "changing what a query returned changed the Book")
		})
	}
}

// A member short at a meeting is covered by each peer who pays a part: in
// the pilot's what-if P03 misses two installments and four peers cover
// each. The cycle's record counts covered installments (2), not the
// peers' payments (8), and the ladder reads that count: with two covers
// allowed the group steps up, with one it holds. Found by an audit.
func TestCoversCountInstallments(t *testing.T) {
	for _, tc := range []struct {
		allowed int
		step    int
	}{{allowed: 2, step: 1}, {allowed: 1, step: 0}} {
		cfg := pilot.Config()
		cfg.Ladder = groups.Ladder{Steps: []money.Amount{money.Rupiah(25_000), money.Rupiah(50_000)}, CoversAllowed: tc.allowed}
		b, err := koperasi.New(cfg)
		require.NoError(t, err)
		var closed bool
		for _, c := range pilot.WhatIf() {
			_, err := b.Do(c)
			require.NoError(t, err, opOf(c).ID)
			if cc, ok := c.(koperasi.CloseCycle); ok && cc.Group == "G1" {
				closed = true
				break
			}
		}
		require.True(t, closed, "the what-if closes G1's cycle")
		g, err := b.GroupStatus("G1")
		require.NoError(t, err)
		require.Equal(t, 2, g.Records[0].Covers, "installments covered in G1's first cycle")
		require.Equal(t, tc.step, g.Step, "the ladder's step with %d covers allowed", tc.allowed)
	}
}

// The fact sheets printed for the eve of a disbursement say the facility
// was funded, not already disbursed (the pilot prints them for 27 March;
// the loans were made on the 28th). Found by an audit.
func TestFactSheetBeforeDisbursement(t *testing.T) {
	b, err := pilot.Book()
	require.NoError(t, err)
	id := pilot.FacilityID("G1", 1)
	before, err := b.FactSheet(id, pilot.Date(time.March, 27))
	require.NoError(t, err)
	require.Equal(t, lending.FacilityFunded, before.Funding.Status)
	on, err := b.FactSheet(id, pilot.Date(time.March, 28))
	require.NoError(t, err)
	require.Equal(t, lending.FacilityDisbursed, on.Funding.Status)
}

// A collection's receipt gives its follow-ups as data as well as warnings,
// and a repeat gives the same ones, not shared with the first receipt.
func TestCollectReceiptFollowUps(t *testing.T) {
	b, err := koperasi.New(pilot.Config())
	require.NoError(t, err)
	for _, c := range pilot.WhatIf() {
		r, err := b.Do(c)
		require.NoError(t, err, opOf(c).ID)
		col, ok := c.(koperasi.Collect)
		if !ok || col.Group != "G1" || !slices.ContainsFunc(col.Paid, func(p lending.Collected) bool { return p.Member == members.ID(pilot.WhatIfMember) && p.Amount.IsZero() }) {
			continue
		}
		require.Len(t, r.FollowUps, 1, "P03 missed an installment")
		f := r.FollowUps[0]
		require.Equal(t, members.ID(pilot.WhatIfMember), f.Member)
		require.Equal(t, lending.HomeVisit, f.Level)
		require.True(t, f.OwesGroup.IsPositive(), "the peers covered her")
		require.Len(t, r.Warnings, 1)
		require.Contains(t, r.Warnings[0], string(f.Member))

		r.FollowUps[0].Visitors[0] = "changed"
		again, err := b.Do(c)
		require.NoError(t, err)
		require.True(t, again.Repeat)
		require.Equal(t, f.Member, again.FollowUps[0].Member)
		require.NotEqual(t, members.ID("changed"), again.FollowUps[0].Visitors[0], "the Book keeps its own copy")
		return
	}
	t.Fatal("the what-if has no collection P03 misses")
}

// A recovery on a written-off loan flows back through the loss waterfall,
// the group fund last, and the journal credits the group fund account with
// the fund's part. The group's own fund (what covers its members at the
// next meeting, and GroupStatus shows) must get it back too; it did not,
// so the account held money no group could use. Found by
// TestBookStateMachine.
func TestRecoveryRestoresTheGroupFund(t *testing.T) {
	b, rest := pilotUntil(t, "collect-G1-1-1")
	c := rest[0].(koperasi.Collect)
	for _, p := range c.Paid {
		c.Contributions = append(c.Contributions, groups.Contribution{Member: p.Member, Amount: money.Rupiah(1_000)})
	}
	do := func(c koperasi.Command) {
		t.Helper()
		_, err := b.Do(c)
		require.NoError(t, err)
	}
	do(c)
	do(koperasi.DeclareDefault{Op: koperasi.Op{ID: "default-K-P01-1", Date: c.Date}, Loan: "K-P01-1"})
	do(koperasi.WriteOff{Op: koperasi.Op{ID: "writeoff-K-P01-1", Date: c.Date}, Loan: "K-P01-1"})
	l, err := b.Loan("K-P01-1")
	require.NoError(t, err)
	require.Equal(t, lending.GroupFundLayer, l.State.WriteOff.Absorbed[0].Layer)
	require.Equal(t, money.Rupiah(5_000), l.State.WriteOff.Absorbed[0].Amount, "the group fund took its whole balance")
	gs, err := b.GroupStatus("G1")
	require.NoError(t, err)
	require.True(t, gs.Fund.Balance().IsZero())

	do(koperasi.Recover{Op: koperasi.Op{ID: "recover-K-P01-1", Date: c.Date}, Loan: "K-P01-1", Amount: l.State.WriteOff.Principal})
	gs, err = b.GroupStatus("G1")
	require.NoError(t, err)
	require.Equal(t, money.Rupiah(5_000), gs.Fund.Balance(), "the group fund after the whole loan was recovered")
	require.Equal(t, gs.Fund.Balance().Minor(), accountBalance(b.TrialBalance(), ledger.GroupFund), "the group fund account vs the group's fund")
}

// A member who covered a peer's installment is owed it back, and the
// peer's settlement is paid to the member's sukarela. The member could
// resign before being repaid, and from then on every settlement of the
// debt was refused (a deposit for a resigned member): the peer could
// never pay it. Found by TestBookStateMachine.
func TestResignWhileOwedACover(t *testing.T) {
	b, c, gs := p01Covered(t)
	owed := gs.Debts.Owed("P01")
	require.True(t, gs.Debts.OwedTo("P02").IsPositive(), "P02 covered P01")
	payOff(t, b, "K-P02-1", c.Date) // so that nothing else keeps P02

	_, err := b.Do(koperasi.Resign{Op: koperasi.Op{ID: "resign-P02", Date: c.Date}, Member: "P02"})
	if err != nil {
		require.ErrorIs(t, err, members.ErrOpenObligations, "P02 resigns while P01 owes them a cover")
		return
	}
	_, err = b.Do(koperasi.SettleDebts{Op: koperasi.Op{ID: "settle-P01", Date: c.Date}, Group: "G1", Member: "P01", Amount: owed})
	require.NoError(t, err, "P01 cannot settle the covers once P02 has resigned")
}

// A member who owes their group for covers may not resign until they have
// settled: leaving pays their savings back in cash, and the peers who
// covered them would never be repaid. Seen by the state-machine test's
// author.
func TestResignWhileOwing(t *testing.T) {
	b, c, gs := p01Covered(t)
	owes := gs.Debts.Owed("P01")
	require.True(t, owes.IsPositive())
	payOff(t, b, "K-P01-1", c.Date) // so that only the covers keep P01

	before := bookJSON(t, b)
	_, err := b.Do(koperasi.Resign{Op: koperasi.Op{ID: "resign-P01", Date: c.Date}, Member: "P01"})
	require.ErrorIs(t, err, members.ErrOpenObligations)
	require.ErrorContains(t, err, "settle it first")
	require.Equal(t, string(before), string(bookJSON(t, b)), "a refused resignation changes nothing")

	_, err = b.Do(koperasi.SettleDebts{Op: koperasi.Op{ID: "settle-P01", Date: c.Date}, Group: "G1", Member: "P01", Amount: owes})
	require.NoError(t, err)
	_, err = b.Do(koperasi.Resign{Op: koperasi.Op{ID: "resign-P01", Date: c.Date}, Member: "P01"})
	require.NoError(t, err, "settled, P01 may leave")
}

// p01Covered is the pilot up to G1's first collection, at which P01 pays
// nothing and the peers cover: the Book, the collection and G1's status.
func p01Covered(t *testing.T) (*koperasi.Book, koperasi.Collect, koperasi.GroupStatus) {
	t.Helper()
	b, rest := pilotUntil(t, "collect-G1-1-1")
	c := rest[0].(koperasi.Collect)
	require.Equal(t, members.ID("P01"), c.Paid[0].Member)
	c.Paid = c.Paid[1:]
	_, err := b.Do(c)
	require.NoError(t, err)
	gs, err := b.GroupStatus("G1")
	require.NoError(t, err)
	return b, c, gs
}

// payOff pays everything still owed on a loan on day d.
func payOff(t *testing.T, b *koperasi.Book, loan lending.LoanID, d calendar.Date) {
	t.Helper()
	pos, err := b.Position(loan, d)
	require.NoError(t, err)
	out, err := pos.Outstanding.Principal.Add(pos.Outstanding.Margin)
	require.NoError(t, err)
	_, err = b.Do(koperasi.Pay{Op: koperasi.Op{ID: "payoff-" + string(loan), Date: d}, Loan: loan, Amount: out})
	require.NoError(t, err)
}

// A lender whose loans have all been repaid or written off may resign (it
// has no money out in open loans). A written-off loan can still be
// recovered, and a recovery is paid on to the loan's lenders' sukarela: a
// lender who has resigned has none, and the payout to them was refused,
// and with it every recovery of the loan. Their part is now paid to them
// in cash (Dr lender payables, Cr cash), and the receipt says so, for the
// officer to hand it over. Found by TestBookStateMachine.
func TestResignedLenderPaidRecoveryInCash(t *testing.T) {
	b, rest := pilotUntil(t, "collect-G1-1-1")
	d := opOf(rest[0]).Date
	// every loan goes bad, so that L01 has no money out in open loans
	for _, id := range b.Loans() {
		_, err := b.Do(koperasi.DeclareDefault{Op: koperasi.Op{ID: "default-" + string(id), Date: d}, Loan: id})
		require.NoError(t, err)
		_, err = b.Do(koperasi.WriteOff{Op: koperasi.Op{ID: "writeoff-" + string(id), Date: d}, Loan: id})
		require.NoError(t, err)
	}
	_, err := b.Do(koperasi.Resign{Op: koperasi.Op{ID: "resign-L01", Date: d}, Member: "L01"})
	require.NoError(t, err, "L01 resigns with no loan open")
	l02, err := b.SavingsPosition("L02", d)
	require.NoError(t, err)
	cash := accountBalance(b.TrialBalance(), ledger.Cash)

	r, err := b.Do(koperasi.Recover{Op: koperasi.Op{ID: "recover-K-P01-1", Date: d}, Loan: "K-P01-1", Amount: money.Rupiah(10_000)})
	require.NoError(t, err, "the recovery goes through")
	require.Len(t, r.Warnings, 1)
	paid, ok := strings.CutPrefix(r.Warnings[0], "pay ")
	require.True(t, ok, r.Warnings[0])
	paid, _, ok = strings.Cut(paid, " in cash to former member L01")
	require.True(t, ok, r.Warnings[0])
	amt, err := money.ParseIn(money.IDR, paid)
	require.NoError(t, err)
	require.True(t, amt.IsPositive())

	// the other lenders are credited as before, L01 is paid in cash from
	// what came in, and the books balance
	after, err := b.SavingsPosition("L02", d)
	require.NoError(t, err)
	require.True(t, after.Sukarela.Minor() > l02.Sukarela.Minor(), "L02 gets its part")
	require.Equal(t, cash+10_000-amt.Minor(), accountBalance(b.TrialBalance(), ledger.Cash), "cash: the recovery in, L01's part out")
	tb := b.TrialBalance()
	require.Equal(t, tb.Debits, tb.Credits)
	var found bool
	for _, e := range b.Journal() {
		if strings.HasPrefix(e.ID, "recover-K-P01-1/") && strings.Contains(e.Memo, "mantan anggota L01") {
			found = true
		}
	}
	require.True(t, found, "the journal records the cash paid to L01")
}
