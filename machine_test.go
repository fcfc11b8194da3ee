package koperasi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
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
	"pgregory.net/rapid"
)

// farFuture is the as-of date for balances that include every movement.
var farFuture = pilot.Date(time.December, 31).AddYears(50)

// The state-machine test runs the Book against a reference model: the
// members with their savings balances and holds, the facilities with their
// pledges, the groups with their funds and debts, each loan with what is
// paid on each installment, its status and its last event, and the
// koperasi's cash (machine_model_test.go). It starts from a prefix of the
// Mekarmukti pilot (so that groups, facilities and loans exist), mostly in
// the middle of cycle 1, and then applies commands of every kind: many
// valid by construction under the model (a payment of what a loan owes,
// dated after its last event; a withdrawal within the free balance and the
// cash ...), which the Book must accept, and random ones. The model says of
// each command whether the Book must accept it, must refuse it, or may do
// either (where the rule is the Book's to decide: eligibility, formation);
// the Book's decision is checked against it, the model follows the accepted
// commands, and after every step every invariant of DESIGN.md is checked
// and the model held to the Book (check).
//
// Each run replays its log after every step that accepted a command, so a
// run costs about a fifth of a second; under -short or the race detector
// the test does 8 or 10 runs unless -rapid.checks says otherwise. With -v
// it logs how many commands of each kind were accepted and refused, and how
// many of those accepted the model required.
func TestBookStateMachine(t *testing.T) {
	if testing.Short() || raceEnabled {
		// -short divides the checks by 5; the race detector slows each run
		setUnlessGiven(t, "rapid.checks", map[bool]string{true: "8", false: "50"}[raceEnabled])
	}
	stats := map[string]int{}
	defer func() {
		var b strings.Builder
		for _, k := range sortedIDs(stats) {
			fmt.Fprintf(&b, "\n%-40s %5d", k, stats[k])
		}
		t.Logf("commands accepted and refused:%s", b.String())
	}()
	rapid.Check(t, func(t *rapid.T) {
		h := newHarness(t)
		h.stats = stats
		cmds := pilot.Commands()
		// start anywhere from the end of the setup to the end of cycle 1,
		// mostly (rapid's draws lean to zero) in cycle 1, with loans open
		// to repay, default and write off
		first := len(pilot.Setup())
		end := first + cycleOneEnd(cmds[first:])
		mid := first + midCycleOne(cmds[first:])
		n := mid + rapid.IntRange(first-mid, end-mid).Draw(t, "pilot prefix from mid-cycle")
		h.pilot = true
		for _, c := range cmds[:n] {
			h.step(c, mustAccept, "the pilot's command")
		}
		h.pilot = false
		h.today = h.last
		h.check()
		t.Repeat(h.actions())
	})
}

// setUnlessGiven sets a flag for the test unless the command line set it.
func setUnlessGiven(t *testing.T, name, value string) {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	f := flag.Lookup(name)
	if given || f == nil {
		return
	}
	old := f.Value.String()
	require.NoError(t, f.Value.Set(value))
	t.Cleanup(func() { _ = f.Value.Set(old) })
}

// cycleOneEnd is the number of commands of the pilot after the setup up to
// and including the close of cycle 1.
func cycleOneEnd(cs []koperasi.Command) int {
	n := 0
	for i, c := range cs {
		if cc, ok := c.(koperasi.CloseCycle); ok && strings.HasSuffix(cc.ID, "-1") {
			n = i + 1
		}
	}
	return n
}

// midCycleOne is the number of commands of the pilot after the setup up to
// and including cycle 1's first collection day.
func midCycleOne(cs []koperasi.Command) int {
	n := 0
	for i, c := range cs {
		if cc, ok := c.(koperasi.Collect); ok && strings.HasSuffix(cc.ID, "-1-1") {
			n = i + 1
		}
	}
	return n
}

type expect int

const (
	either expect = iota
	mustAccept
	mustReject
	mustRepeat // an accepted command sent again: a no-op with the first receipt's number
)

// mMember is a member in the model.
type mMember struct {
	id        members.ID
	rec       members.Member
	resigned  bool
	pokokPaid bool
	wajib     map[calendar.YearMonth]bool
	pokok     int64
	wajibBal  int64
	sukarela  int64 // deposits less withdrawals and captures: payouts are apart
	payouts   int64 // received from loans, as observed
	settled   int64 // received from peers settling what this member covered
	held      int64
	last      calendar.Date // the latest savings movement
}

// mPledge is a pledge's hold in the model.
type mPledge struct {
	facility lending.FacilityID
	lender   members.ID
	amount   int64
	open     bool // the hold is active
}

// mFacility is a facility in the model.
type mFacility struct {
	id        lending.FacilityID
	group     groups.ID
	requested int64
	status    string // open, funded, closed, disbursed
	pledges   []string
}

func (f *mFacility) pledged(m *model) int64 {
	var s int64
	for _, p := range f.pledges {
		s += m.pledges[p].amount
	}
	return s
}

// model is the reference model of the Book.
type model struct {
	members    map[members.ID]*mMember
	niks       map[members.NIK]bool
	pledges    map[string]*mPledge
	facilities map[lending.FacilityID]*mFacility
	groups     map[groups.ID]*mGroup
	loans      map[lending.LoanID]*mLoan
	closes     []calendar.Date // the days closed and not reopened, oldest first
	cash       int64           // the koperasi's cash
	// payoutsGone are the payouts of members who resigned since
	payoutsGone int64
}

type harness struct {
	t        *rapid.T
	cfg      koperasi.Config
	b        *koperasi.Book
	m        *model
	js       []byte // the Book's JSON, view and log, unless stale
	v        view
	log      []byte
	loans    []byte // loansJSON: the payout records are not in the Book's JSON
	stale    bool
	events   int            // accepted commands
	replayed int            // events when the log was last replayed
	today    calendar.Date  // the day commands are dated
	last     calendar.Date  // the latest date of an accepted command
	done     []done         // the accepted commands
	stats    map[string]int // commands by kind and outcome
	pilot    bool           // the pilot's prefix is being applied
	n        int            // serial for IDs
	gen      int            // serial for generated members
}

// done is an accepted command and its event's sequence number.
type done struct {
	c   koperasi.Command
	seq int64
}

func newHarness(t *rapid.T) *harness {
	cfg := pilot.Config()
	// the model's servicing is the pilot product's: check that it still is
	p, ok := productOf(cfg, pilot.ProductCode)
	require.True(t, ok)
	require.Equal(t, lending.Servicing{Strategy: lending.FeeMarginPrincipal, Overpayment: lending.Prepay, Default: lending.DefaultPolicy{AfterMaturity: 30}}, p.Servicing,
		"the model pays installments oldest first, margin then principal, prepays, charges no late fee and defaults 30 days after maturity")
	require.Equal(t, lending.MarginSplit{Lenders: 1, Den: 1}, p.Split, "the model gives the lenders all the margin")
	require.Empty(t, cfg.Waterfall, "the model's waterfall is the default order")
	require.Empty(t, cfg.Ladder.Steps, "the model suspends a group whose cycle had a write-off, as the Book does without a ladder")
	require.Equal(t, groups.CarryOver, cfg.Fund.AtCycleEnd, "the model carries the group fund over")
	b, err := koperasi.New(cfg)
	require.NoError(t, err)
	h := &harness{t: t, cfg: cfg, b: b, m: &model{
		members:    map[members.ID]*mMember{},
		niks:       map[members.NIK]bool{},
		pledges:    map[string]*mPledge{},
		facilities: map[lending.FacilityID]*mFacility{},
		groups:     map[groups.ID]*mGroup{},
		loans:      map[lending.LoanID]*mLoan{},
	}}
	h.stale = true
	return h
}

func (h *harness) id(prefix string) string {
	h.n++
	return fmt.Sprintf("%s~%d", prefix, h.n)
}

func (h *harness) op(prefix string) koperasi.Op { return koperasi.Op{ID: h.id(prefix), Date: h.today} }

// lateOp is an Op dated today or, sometimes, a few days back, as an officer
// entering a late collection would, whether the day is closed or not.
func (h *harness) lateOp(prefix string) koperasi.Op {
	o := h.op(prefix)
	if rapid.IntRange(0, 5).Draw(h.t, "late") == 0 {
		o.Date = o.Date.AddDays(-rapid.IntRange(1, 4).Draw(h.t, "days late"))
	}
	return o
}

// view returns the Book's JSON and view, marshalling them again only
// after a change.
func (h *harness) view() view {
	if h.stale {
		h.js = bookJSON(h.t, h.b)
		h.v = readView(h.t, h.js)
		h.log = bookLog(h.t, h.b)
		h.loans = loansJSON(h.t, h.b)
		h.stale = false
	}
	return h.v
}

// step applies one command and checks the Book's answer against the model.
func (h *harness) step(c koperasi.Command, exp expect, why string) {
	t := h.t
	if exp != mustAccept {
		h.view() // the state to compare with after a refusal or a repeat
	}
	balances := h.balances()
	r, err := h.b.Do(c)
	kind := strings.TrimPrefix(fmt.Sprintf("%T", c), "koperasi.")
	h.stats[fmt.Sprintf("%s %s", kind, map[bool]string{true: "accepted", false: "refused"}[err == nil])]++
	if err == nil && exp == mustAccept && !h.pilot {
		h.stats[kind+" accepted, as it must"]++
	}
	if err != nil {
		var ce *koperasi.CommandError
		require.True(t, errors.As(err, &ce), "%T refused without a CommandError: %v", c, err)
		require.NotEmpty(t, err.Error())
		if exp == mustAccept || exp == mustRepeat {
			t.Fatalf("%T %+v refused, but %s: %v", c, c, why, err)
		}
		// 6. a refused command leaves the Book byte-identical
		js := bookJSON(t, h.b)
		if !bytes.Equal(js, h.js) {
			t.Fatalf("%T refused (%v) but the Book changed:\n%s", c, err, jsonDiff(h.js, js))
		}
		require.Equal(t, string(h.log), string(bookLog(t, h.b)), "a refused command changed the log")
		require.Equal(t, string(h.loans), string(loansJSON(t, h.b)), "a refused command changed the loans")
		h.checkBalancesUnchanged(balances)
		return
	}
	if exp == mustReject {
		t.Fatalf("%T %+v accepted (%+v), but %s", c, c, r, why)
	}
	if r.Kind == "" || r.ID != opOf(c).ID {
		t.Fatalf("%T %s accepted with a receipt of %s %q", c, opOf(c).ID, r.Kind, r.ID)
	}
	if exp == mustRepeat {
		require.True(t, r.Repeat, "%T %s sent again: the receipt does not say Repeat", c, opOf(c).ID)
		i := slices.IndexFunc(h.done, func(d done) bool { return opOf(d.c).ID == opOf(c).ID })
		require.GreaterOrEqual(t, i, 0)
		require.Equal(t, h.done[i].seq, r.Seq, "%T %s sent again: the receipt's sequence number is not the first one's", c, opOf(c).ID)
	} else {
		require.False(t, r.Repeat, "%T %s is new, but the receipt says Repeat", c, opOf(c).ID)
	}
	if r.Repeat {
		js := bookJSON(t, h.b)
		if !bytes.Equal(js, h.js) {
			t.Fatalf("%T repeated but the Book changed:\n%s", c, jsonDiff(h.js, js))
		}
		require.Equal(t, string(h.loans), string(loansJSON(t, h.b)), "a repeat changed the loans")
		return
	}
	require.Equal(t, h.events+1, int(r.Seq), "receipt's sequence number")
	h.events++
	h.done = append(h.done, done{c, r.Seq})
	if d := opOf(c).Date; d.After(h.last) {
		h.last = d
	}
	h.stale = true
	h.apply(c, r, balances)
}

// opOf returns a command's Op, read from its JSON so that it works for
// every command type.
func opOf(c koperasi.Command) koperasi.Op {
	js, err := json.Marshal(c)
	if err != nil {
		panic(err)
	}
	var o koperasi.Op
	if err := json.Unmarshal(js, &o); err != nil {
		panic(err)
	}
	return o
}

// balances reads every model member's savings from the Book.
func (h *harness) balances() map[members.ID]members.Balances {
	out := make(map[members.ID]members.Balances, len(h.m.members))
	for id := range h.m.members {
		pos, err := h.b.SavingsPosition(id, farFuture)
		require.NoError(h.t, err)
		out[id] = pos.Balances
	}
	return out
}

func (h *harness) checkBalancesUnchanged(before map[members.ID]members.Balances) {
	for id, b := range h.balances() {
		require.Equal(h.t, before[id], b, "member %s: balances changed by a refused command", id)
	}
}

// apply updates the model after an accepted command, and checks what the
// command did that the model can tell: where the money went, and whether
// the Book took a command the model says it must refuse. r is the
// command's receipt, before the members' balances before it.
func (h *harness) apply(c koperasi.Command, r koperasi.Receipt, before map[members.ID]members.Balances) {
	t, m := h.t, h.m
	// paying commands take money in for loans and pay the lenders' part
	// on at once: payouts in all; a settlement pays settled to each peer
	paying := false
	var payouts int64
	var settled map[members.ID]int64
	captured := map[members.ID]int64{}
	switch c := c.(type) {
	case koperasi.RegisterMember:
		m.members[c.Member.ID] = &mMember{id: c.Member.ID, rec: c.Member, wajib: map[calendar.YearMonth]bool{}}
		m.niks[c.Member.NIK] = true
		return // no balances before
	case koperasi.UpdateMember:
		mm := m.members[c.Member.ID]
		delete(m.niks, mm.rec.NIK)
		mm.rec = c.Member
		m.niks[c.Member.NIK] = true
	case koperasi.PayPokok:
		mm := m.members[c.Member]
		mm.pokokPaid, mm.pokok, mm.last = true, mm.pokok+h.cfg.Savings.Pokok.Minor(), c.Date
		m.cash += h.cfg.Savings.Pokok.Minor()
	case koperasi.PayWajib:
		mm := m.members[c.Member]
		mm.wajib[c.Month], mm.wajibBal, mm.last = true, mm.wajibBal+h.cfg.Savings.Wajib.Minor(), c.Date
		m.cash += h.cfg.Savings.Wajib.Minor()
	case koperasi.Deposit:
		mm := m.members[c.Member]
		mm.sukarela += c.Amount.Minor()
		mm.last = c.Date
		m.cash += c.Amount.Minor()
	case koperasi.Withdraw:
		mm := m.members[c.Member]
		mm.sukarela -= c.Amount.Minor()
		mm.last = c.Date
		m.cash -= c.Amount.Minor()
	case koperasi.Resign:
		mm := m.members[c.Member]
		require.Zero(t, mm.held, "member %s resigned with holds", c.Member)
		borrower, lender := h.borrowing(c.Member)
		require.Zero(t, borrower+lender, "member %s resigned with %d open loans and money out in %d", c.Member, borrower, lender)
		require.Zero(t, h.owedTo(c.Member), "member %s resigned while peers owe them for covers", c.Member)
		require.Zero(t, h.owedBy(c.Member), "member %s resigned while owing the group for covers", c.Member)
		// the savings are paid back in cash, the payouts received with them
		m.cash -= mm.pokok + mm.wajibBal + mm.sukarela + mm.payouts + mm.settled
		m.payoutsGone += mm.payouts
		mm.resigned, mm.pokok, mm.wajibBal, mm.sukarela, mm.payouts, mm.settled = true, 0, 0, 0, 0, 0
		mm.last = c.Date
	case koperasi.CloseDay:
		m.closes = append(m.closes, c.Date)
	case koperasi.ReopenDay:
		require.NotEmpty(t, m.closes, "reopening %s accepted with no day closed", c.ID)
		m.closes = m.closes[:len(m.closes)-1]
	case koperasi.FormGroups:
		// the groups are the Book's to form, from the members given, each
		// of whom was in no group
		for i, ref := range r.Refs {
			gid := groups.ID(ref)
			require.Equal(t, fmt.Sprintf("%s%d", c.Prefix, i+1), ref, "group formed")
			require.Nil(t, m.groups[gid], "group %s formed again", gid)
			gs, err := h.b.GroupStatus(gid)
			require.NoError(t, err)
			for _, id := range gs.Group.IDs() {
				require.Contains(t, c.Members, id, "group %s: member %s was not given", gid, id)
				require.Nil(t, h.groupOfMember(id), "group %s: member %s is in another group", gid, id)
			}
			m.groups[gid] = newGroup(gid, gs.Group.IDs(), gs.Group.Leader())
		}
	case koperasi.CreateGroup:
		for _, id := range c.Members {
			require.Nil(t, h.groupOfMember(id), "group %s: member %s is in another group", c.Group, id)
		}
		m.groups[c.Group] = newGroup(c.Group, c.Members, c.Leader)
	case koperasi.AppointLeader:
		g := m.groups[c.Group]
		require.True(t, g.has(c.Member), "group %s: leader %s is not a member", c.Group, c.Member)
		g.leader = c.Member
	case koperasi.AppointSupervisor:
		g := m.groups[c.Group]
		require.False(t, g.has(c.Lender), "group %s: supervisor %s is a borrower of it", c.Group, c.Lender)
		require.NotContains(t, g.supervisors, c.Lender, "group %s: supervisor %s appointed twice", c.Group, c.Lender)
		g.supervisors = append(g.supervisors, c.Lender)
		slices.Sort(g.supervisors)
	case koperasi.StockGoods:
		v, err := h.cfg.Catalogue.Value(c.Lines)
		require.NoError(t, err)
		m.cash -= v.Cost.Minor()
	case koperasi.RecordVisit:
		require.NotNil(t, h.groupOfMember(c.Member), "visit to %s, who is in no group", c.Member)
	case koperasi.OpenFacility:
		g := m.groups[c.Group]
		require.False(t, g.suspended || g.cycleOpen, "facility %s opened for group %s, suspended or with a cycle open", c.Facility, c.Group)
		f := h.facility(c.Facility)
		m.facilities[c.Facility] = &mFacility{id: c.Facility, group: c.Group, requested: f.Requested.Minor(), status: "open"}
	case koperasi.Pledge:
		f := m.facilities[c.Facility]
		rem := f.requested - f.pledged(m)
		amt := min(c.Amount.Minor(), rem)
		lender := m.members[c.Lender]
		free := before[c.Lender].Sukarela.Minor() - lender.held
		// 4. a lender never pledges more than its free sukarela
		require.LessOrEqual(t, amt, free, "pledge %s of %d accepted on a free balance of %d", c.ID, amt, free)
		m.pledges[c.ID] = &mPledge{facility: c.Facility, lender: c.Lender, amount: amt, open: true}
		f.pledges = append(f.pledges, c.ID)
		lender.held += amt
		lender.last = c.Date
		if f.pledged(m) == f.requested {
			f.status = "funded"
		}
		require.Equal(t, f.pledged(m), h.facility(c.Facility).Pledged().Minor(), "facility %s: pledged", c.Facility)
	case koperasi.CloseFunding:
		f := m.facilities[c.Facility]
		f.status = "closed"
		h.releaseHolds(f, c.Date)
	case koperasi.Disburse:
		h.disbursed(c, r, captured)
	case koperasi.CloseCycle:
		g := m.groups[c.Group]
		require.True(t, g.cycleOpen, "group %s closed a cycle it did not have open", c.Group)
		for _, l := range h.m.loans {
			if l.group != c.Group || l.cycle != g.cycle {
				continue
			}
			require.False(t, l.open(), "group %s closed its cycle with %s", c.Group, describeLoan(l))
			// without a ladder, a write-off in the cycle suspends the group
			g.suspended = g.suspended || l.status == lending.LoanWrittenOff
		}
		g.cycleOpen = false
	case koperasi.Pay:
		l := m.loans[c.Loan]
		require.True(t, l != nil && l.open() && !c.Date.Before(l.last), "payment %s accepted on %s", c.ID, describeLoan(l))
		took := l.pay(c.Amount.Minor(), c.Date)
		m.cash += took
		paying, payouts = true, took
	case koperasi.Collect:
		paying, payouts = true, h.collected(c)
	case koperasi.SettleDebts:
		settled = h.settled(c)
	case koperasi.DeclareDefault:
		l := m.loans[c.Loan]
		require.True(t, l != nil && l.status == lending.LoanActive && !c.Date.Before(l.last), "default %s accepted on %s", c.ID, describeLoan(l))
		l.status, l.last = lending.LoanDefaulted, c.Date
	case koperasi.WriteOff:
		l := m.loans[c.Loan]
		require.True(t, l != nil && l.open() && !c.Date.Before(l.last), "write-off %s accepted on %s", c.ID, describeLoan(l))
		if l.status == lending.LoanActive {
			require.False(t, c.Date.Before(l.lastDue().AddDays(30)), "write-off %s of %s, active and not 30 days past its last due date %s", c.ID, describeLoan(l), l.lastDue())
		}
		// the waterfall: the group fund, what the group pays now, the
		// koperasi's reserve, the lenders
		g := m.groups[l.group]
		p, _ := l.owed()
		fund := min(g.fund, p)
		jl := min(c.JointLiability.Minor(), p-fund)
		reserve := min(c.Reserve.Minor(), p-fund-jl)
		l.absorbed = [4]int64{fund, jl, reserve, p - fund - jl - reserve}
		l.status, l.last = lending.LoanWrittenOff, c.Date
		g.fund -= fund
		m.cash += jl
		paying, payouts = true, l.coveredAtWriteOff()
	case koperasi.Recover:
		l := m.loans[c.Loan]
		require.True(t, l != nil && l.status == lending.LoanWrittenOff && !c.Date.Before(l.last), "recovery %s accepted on %s", c.ID, describeLoan(l))
		p, _ := l.owed()
		took := min(c.Amount.Minor(), p-l.recovered)
		lenders, fund := l.recoveredBy(lending.LendersLayer), l.recoveredBy(lending.GroupFundLayer)
		l.recovered += took
		l.last = c.Date
		m.groups[l.group].fund += l.recoveredBy(lending.GroupFundLayer) - fund
		m.cash += took
		paying, payouts = true, l.recoveredBy(lending.LendersLayer)-lenders
	default:
		t.Fatalf("the model does not know %T", c)
	}
	// the lenders' payouts are what the model does not itemise: it knows
	// what each paying command owes the lenders in all, and what a
	// settlement owes each peer
	d := opOf(c).Date
	var paid int64
	for id, mm := range m.members {
		after, err := h.b.SavingsPosition(id, farFuture)
		require.NoError(t, err)
		modelled := before[id].Sukarela.Minor()
		switch c := c.(type) {
		case koperasi.Deposit:
			if c.Member == id {
				modelled += c.Amount.Minor()
			}
		case koperasi.Withdraw:
			if c.Member == id {
				modelled -= c.Amount.Minor()
			}
		case koperasi.Resign:
			if c.Member == id {
				modelled = 0
			}
		case koperasi.Disburse:
			modelled -= captured[id]
		}
		extra := after.Sukarela.Minor() - modelled
		switch {
		case settled != nil:
			require.Equal(t, settled[id], extra, "member %s: credited %d by settlement %s, which repaid them %d", id, extra, opOf(c).ID, settled[id])
			mm.settled += extra
		case paying:
			require.GreaterOrEqual(t, extra, int64(0), "member %s: sukarela fell by %d on a %T", id, -extra, c)
			mm.payouts += extra
			paid += extra
		default:
			require.Zero(t, extra, "member %s: sukarela moved by %d on a %T", id, extra, c)
		}
		if extra > 0 {
			// a credit is dated the command's day or the member's last
			// movement, whichever is later
			mm.last = later(mm.last, d)
		}
	}
	if paying {
		// a former member's part is paid in cash, and the receipt says so
		var cash int64
		for _, w := range r.Warnings {
			if amt, ok := cashToFormer(w); ok {
				cash += amt
			}
		}
		if cash > 0 {
			rec, ok := c.(koperasi.Recover)
			require.True(t, ok, "%T %s paid %d in cash to former members", c, opOf(c).ID, cash)
			resigned := false
			for _, id := range m.loans[rec.Loan].lenders {
				resigned = resigned || m.members[id].resigned
			}
			require.True(t, resigned, "recovery %s paid %d in cash, but no lender of %s has resigned", rec.ID, cash, rec.Loan)
			m.cash -= cash
			m.payoutsGone += cash
		}
		require.Equal(t, payouts, paid+cash, "%T %s: paid on to the lenders vs what the loans took for them", c, opOf(c).ID)
	}
}

// cashToFormer reads the amount of a receipt's warning that a payout was
// paid in cash to a member who had resigned.
func cashToFormer(w string) (int64, bool) {
	rest, ok := strings.CutPrefix(w, "pay ")
	if !ok {
		return 0, false
	}
	amt, rest, ok := strings.Cut(rest, " in cash to former member ")
	if !ok {
		return 0, false
	}
	a, err := money.ParseIn(money.IDR, amt)
	if err != nil || rest == "" {
		return 0, false
	}
	return a.Minor(), true
}

// disbursed records a disbursement's loans in the model: their schedules
// and lenders are the Book's to set, and what it captured of each pledge
// is added to captured.
func (h *harness) disbursed(c koperasi.Disburse, r koperasi.Receipt, captured map[members.ID]int64) {
	t, m := h.t, h.m
	f := m.facilities[c.Facility]
	require.Equal(t, "funded", f.status, "facility %s disbursed while %s", f.id, f.status)
	f.status = "disbursed"
	g := m.groups[f.group]
	require.False(t, g.cycleOpen || g.suspended, "group %s: a cycle opened while one is open or the group suspended", g.id)
	g.cycle++
	g.cycleOpen = true
	require.Len(t, r.Refs, len(c.Deliveries), "disbursement %s: the loans made", c.ID)
	for i, dl := range c.Deliveries {
		require.Equal(t, string(dl.Loan), r.Refs[i], "disbursement %s: loan %d", c.ID, i+1)
		require.Nil(t, m.loans[dl.Loan], "loan %s made again", dl.Loan)
		require.True(t, g.has(dl.Member), "loan %s to %s, not a member of group %s", dl.Loan, dl.Member, g.id)
		ls, err := h.b.Loan(dl.Loan)
		require.NoError(t, err)
		bl := ls.Loan
		require.Equal(t, dl.Member, bl.Member, "loan %s: member", dl.Loan)
		require.Equal(t, c.Date, bl.Disbursed, "loan %s: disbursed", dl.Loan)
		l := &mLoan{id: dl.Loan, member: dl.Member, group: g.id, cycle: g.cycle, disbursed: c.Date, status: lending.LoanActive, last: c.Date}
		for _, in := range bl.Schedule.Installments {
			l.ins = append(l.ins, mInstallment{due: in.Due, principal: in.Principal.Minor(), margin: in.Margin.Minor()})
		}
		for _, s := range bl.Lenders {
			captured[s.Lender] += s.Amount.Minor()
			if !slices.Contains(l.lenders, s.Lender) {
				l.lenders = append(l.lenders, s.Lender)
			}
		}
		m.loans[l.id] = l
	}
	pledgedBy := map[members.ID]int64{}
	for _, pid := range f.pledges {
		pledgedBy[m.pledges[pid].lender] += m.pledges[pid].amount
	}
	for id, amt := range captured {
		require.LessOrEqual(t, amt, pledgedBy[id], "lender %s: captured more than pledged", id)
		m.members[id].sukarela -= amt
	}
	h.releaseHolds(f, c.Date)
}

// collected follows a collection in the model and returns what it owes
// the lenders: every rupiah the loans took. Each member's own payment goes
// to their loan, up to what it owes (the rest is given back); how the
// group covers the shortfalls is the Book's to decide, and the model reads
// it from the debts the collection recorded: each cover must then have
// gone to the covered member's loan, no further than it owes.
func (h *harness) collected(c koperasi.Collect) int64 {
	t, m := h.t, h.m
	g := m.groups[c.Group]
	loans := h.groupOpenLoans(c.Group)
	require.NotEmpty(t, loans, "collection %s of group %s, which has no loan open", c.ID, c.Group)
	byMember := map[members.ID]*mLoan{}
	for _, l := range loans {
		require.Nil(t, byMember[l.member], "group %s: member %s has two loans open", c.Group, l.member)
		byMember[l.member] = l
	}
	debts, _ := bookDebts(t, h.b, c.Group)
	covered := map[members.ID]int64{}
	var fromFund, fromPeers int64
	for k, a := range debts {
		d := a - g.debts[k]
		require.GreaterOrEqual(t, d, int64(0), "collection %s lowered the debt of %s to %q", c.ID, k.debtor, k.creditor)
		if d == 0 {
			continue
		}
		covered[k.debtor] += d
		if k.creditor == "" {
			fromFund += d
		} else {
			require.True(t, g.has(k.creditor), "collection %s: %s covered in group %s", c.ID, k.creditor, c.Group)
			fromPeers += d
		}
	}
	for k, a := range g.debts {
		_, ok := debts[k]
		require.True(t, ok || a == 0, "collection %s cleared the debt of %s to %q", c.ID, k.debtor, k.creditor)
	}
	var contributed int64
	for _, x := range c.Contributions {
		require.True(t, g.has(x.Member), "collection %s: %s contributed to group %s", c.ID, x.Member, c.Group)
		contributed += x.Amount.Minor()
	}
	paid := map[members.ID]int64{}
	for _, p := range c.Paid {
		require.NotNil(t, byMember[p.Member], "collection %s: %s paid without a loan open", c.ID, p.Member)
		paid[p.Member] = p.Amount.Minor()
	}
	for id := range covered {
		require.NotNil(t, byMember[id], "collection %s: %s covered without a loan open", c.ID, id)
	}
	var took, own int64
	for _, l := range loans {
		if paid[l.member] > 0 || covered[l.member] > 0 {
			require.False(t, c.Date.Before(l.last), "collection %s paid on %s", c.ID, describeLoan(l))
		}
		mine := min(paid[l.member], l.outstanding())
		require.LessOrEqual(t, covered[l.member], l.outstanding()-mine, "collection %s: %s paid %d and was covered %d on %s", c.ID, l.member, mine, covered[l.member], describeLoan(l))
		own += mine
		took += l.pay(mine, c.Date)
		took += l.pay(covered[l.member], c.Date)
	}
	g.fund += contributed - fromFund
	require.GreaterOrEqual(t, g.fund, int64(0), "collection %s: the group fund of %s is overdrawn", c.ID, c.Group)
	g.debts = debts
	// peers pay their cover in cash; the fund's is the fund's
	m.cash += own + fromPeers + contributed
	return took
}

// settled follows a settlement in the model and returns what it must have
// credited to each peer repaid. Which debts it repays (the oldest first)
// is the Book's to decide; the model reads it from the debts.
func (h *harness) settled(c koperasi.SettleDebts) map[members.ID]int64 {
	t, m := h.t, h.m
	g := m.groups[c.Group]
	debts, _ := bookDebts(t, h.b, c.Group)
	out := map[members.ID]int64{}
	var total int64
	for k, a := range g.debts {
		d := a - debts[k]
		require.GreaterOrEqual(t, d, int64(0), "settlement %s raised the debt of %s to %q", c.ID, k.debtor, k.creditor)
		if d == 0 {
			continue
		}
		require.Equal(t, c.Member, k.debtor, "settlement %s by %s repaid a debt of %s", c.ID, c.Member, k.debtor)
		if k.creditor == "" {
			g.fund += d
		} else {
			out[k.creditor] += d
		}
		total += d
	}
	for k := range debts {
		_, ok := g.debts[k]
		require.True(t, ok, "settlement %s added a debt of %s to %q", c.ID, k.debtor, k.creditor)
	}
	require.Equal(t, c.Amount.Minor(), total, "settlement %s: paid vs debts repaid", c.ID)
	g.debts = debts
	m.cash += total
	return out
}

func (h *harness) releaseHolds(f *mFacility, d calendar.Date) {
	for _, pid := range f.pledges {
		p := h.m.pledges[pid]
		if p.open {
			p.open = false
			h.m.members[p.lender].held -= p.amount
			h.m.members[p.lender].last = d
		}
	}
}

// facility is a facility as the Book has it.
func (h *harness) facility(id lending.FacilityID) lending.Facility {
	for _, f := range h.b.Facilities() {
		if f.ID == id {
			return f
		}
	}
	h.t.Fatalf("facility %s not in the Book", id)
	return lending.Facility{}
}

// check checks every invariant after a step: those of the Book alone
// (checkBook), the model's loans, groups and cash against the Book's
// (checkModel), and the model's balances against the Book's.
func (h *harness) check() {
	t, m := h.t, h.m
	v := h.view()
	// the replay (7) is the costliest check: it is skipped when no command
	// was accepted since the last one, when the log is the same and step
	// has seen that the Book's JSON is too
	log := h.log
	if h.events == h.replayed {
		log = nil
	}
	checkBookWith(t, h.b, h.cfg, h.js, v, log, h.loans)
	h.replayed = h.events
	checkQueries(t, h.b, v, h.today)
	require.NoError(t, koperasi.CheckIndexes(h.b), "the Book's indexes")
	h.checkModel(v)
	payouts := m.payoutsGone
	for id, mm := range m.members {
		pos, err := h.b.SavingsPosition(id, farFuture)
		require.NoError(t, err)
		require.Equal(t, mm.pokok, pos.Pokok.Minor(), "member %s: pokok", id)
		require.Equal(t, mm.wajibBal, pos.Wajib.Minor(), "member %s: wajib", id)
		require.Equal(t, mm.held, pos.Held.Minor(), "member %s: held", id)
		require.Equal(t, mm.sukarela+mm.payouts+mm.settled, pos.Sukarela.Minor(), "member %s: sukarela", id)
		payouts += mm.payouts
	}
	// 5. money out to lenders = money collected for them: in total, what
	// the lenders received is what the model says the loans took for
	// them, and each lender received what the loans' payout records say
	// it did
	var due int64
	for _, l := range m.loans {
		due += l.lendersDue()
	}
	require.Equal(t, due, payouts, "paid out to lenders vs collected for them")
	recorded := paidOutByLender(t, h.b)
	var total int64
	for _, id := range sortedIDs(recorded) {
		total += recorded[id]
		if mm := m.members[id]; mm != nil && !mm.resigned {
			require.Equal(t, recorded[id], mm.payouts, "lender %s: received vs the loans' payout records", id)
		}
	}
	require.Equal(t, due, total, "the loans' payout records vs collected for the lenders")
	// the group fund account holds what the groups' funds do
	var funds int64
	for _, g := range m.groups {
		funds += g.fund
	}
	require.Equal(t, funds, accountBalance(h.b.TrialBalance(), ledger.GroupFund), "the group fund account vs the groups' funds")
}

// ---- the actions ----

func (h *harness) actions() map[string]func(*rapid.T) {
	act := func(f func()) func(*rapid.T) {
		return func(t *rapid.T) {
			h.t = t
			f()
		}
	}
	return map[string]func(*rapid.T){
		"":           act(h.check),
		"advance":    act(h.advance),
		"register":   act(h.register),
		"onboard":    act(h.onboard),
		"lender":     act(h.onboardLender),
		"newgroup":   act(h.newGroup),
		"update":     act(h.updateMember),
		"pokok":      act(h.payPokok),
		"wajib":      act(h.payWajib),
		"deposit":    act(h.deposit),
		"withdraw":   act(h.withdraw),
		"resign":     act(h.resign),
		"leave":      act(h.leave),
		"leave2":     act(h.leave),
		"form":       act(h.form),
		"create":     act(h.create),
		"leader":     act(h.leader),
		"supervisor": act(h.supervisor),
		"stock":      act(h.stock),
		"open":       act(h.open),
		"pledge":     act(h.pledge),
		"close":      act(h.closeFunding),
		"disburse":   act(h.disburse),
		"collect":    act(h.collect),
		"collect2":   act(h.collect),
		"pay":        act(h.pay),
		"payoff":     act(h.payOff),
		"visit":      act(h.visit),
		"default":    act(h.declareDefault),
		"writeoff":   act(h.writeOff),
		"recover":    act(h.recover),
		"badloan":    act(h.badLoan),
		"overdue":    act(h.overdue),
		"cycle":      act(h.closeCycle),
		"meeting":    act(h.meeting),
		"meeting2":   act(h.meeting),
		"relend":     act(h.relend),
		"settle":     act(h.settle),
		"day":        act(h.closeDay),
		"reopen":     act(h.reopenDay),
		"repeat":     act(h.repeat),
		"conflict":   act(h.conflict),
		"backdate":   act(h.backdate),
	}
}

func (h *harness) advance() {
	h.today = h.today.AddDays(rapid.IntRange(1, 3).Draw(h.t, "days"))
}

// dateOK says whether a command dated today passes the Book's date rules.
func (h *harness) dateOK() bool { return h.dayOpen(h.today) }

// dayOpen says whether a command dated d passes the closed-day rule.
// closed is the last day closed and not reopened, or the zero Date.
func (m *model) closed() calendar.Date {
	if n := len(m.closes); n > 0 {
		return m.closes[n-1]
	}
	return calendar.Date{}
}

func (h *harness) dayOpen(d calendar.Date) bool {
	return h.m.closed().IsZero() || d.After(h.m.closed())
}

// dayFrom draws a day from lo to today, mostly today, after the last
// closed day: as an officer entering a collection late would. ok is false
// when there is none (and the day is today).
func (h *harness) dayFrom(lo calendar.Date) (d calendar.Date, ok bool) {
	if !h.m.closed().IsZero() && !lo.After(h.m.closed()) {
		lo = h.m.closed().AddDays(1)
	}
	if lo.After(h.today) {
		return h.today, false
	}
	if n := h.today.Sub(lo); n > 0 && rapid.IntRange(0, 3).Draw(h.t, "late") == 0 {
		return h.today.AddDays(-rapid.IntRange(1, min(n, 4)).Draw(h.t, "days late")), true
	}
	return h.today, true
}

// valid draws whether an action makes a command valid by construction
// (when it can) rather than a random one.
func (h *harness) valid() bool { return rapid.IntRange(0, 2).Draw(h.t, "valid") > 0 }

// memberID draws a member of the model, or sometimes one that does not exist.
func (h *harness) memberID(label string) members.ID {
	ids := sortedIDs(h.m.members)
	if len(ids) == 0 || rapid.IntRange(0, 15).Draw(h.t, label+" unknown") == 0 {
		return "NOPE"
	}
	return rapid.SampledFrom(ids).Draw(h.t, label)
}

func sortedIDs[K ~string, V any](m map[K]V) []K {
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// savingsOK says whether a savings operation for the member today passes
// the savings book's own rules (exists, not resigned, in date order).
func (h *harness) savingsOK(id members.ID) bool { return h.savingsOKOn(id, h.today) }

// savingsOKOn is savingsOK for a day d.
func (h *harness) savingsOKOn(id members.ID, d calendar.Date) bool {
	mm, ok := h.m.members[id]
	return ok && !mm.resigned && h.dayOpen(d) && !d.Before(mm.last) && !d.Before(mm.rec.Joined)
}

// newMember makes a new member: a borrower (joined months ago, with a
// fish-processing business) or a lender (joining today), in RT 1..3 of RW
// 08 (sometimes RW 09), with a household of their own.
func (h *harness) newMember(borrower bool) members.Member {
	rw := 8
	if rapid.IntRange(0, 9).Draw(h.t, "other rw") == 0 {
		rw = 9
	}
	return h.newMemberAt(borrower, rapid.IntRange(1, 3).Draw(h.t, "rt"), rw)
}

func (h *harness) newMemberAt(borrower bool, rt, rw int) members.Member {
	t := h.t
	h.gen++
	n := h.gen
	joined := h.today
	business := members.Business{Type: "other"}
	if borrower {
		joined = pilot.Date(time.December, 1).AddYears(-1)
		business = members.Business{Type: members.BusinessFishProcessing, Description: "olahan ikan pindang"}
	}
	nik, err := members.ParseNIK(fmt.Sprintf("321707%02d%02d%02d%04d", 1+n%28, 1+n%12, 80+n%20, 2000+n))
	require.NoError(t, err)
	return members.Member{
		ID: members.ID(fmt.Sprintf("M%03d", n)), Name: fmt.Sprintf("Anggota %03d", n), NIK: nik,
		KK: fmt.Sprintf("32170702%02d%06d", rt, 2000+n), BirthDate: pilot.Date(time.May, 1).AddYears(-30 - n%20),
		Address: members.Address{Street: "Kampung Awilarangan", RT: rt, RW: rw, Village: "Mekarmukti",
			Location: members.Coordinates{Lat: -6_871_000 - int64(rt)*900 - int64(n%7)*30, Lon: 107_455_000 + int64(rt)*700 + int64(n%5)*25}},
		Business: business, Joined: joined, Status: members.Active, Documents: members.Documents{KTP: true, KK: true},
	}
}

func (h *harness) register() {
	t := h.t
	m := h.newMember(rapid.Bool().Draw(t, "borrower"))
	exp := mustAccept
	why := "a new, valid member"
	switch rapid.IntRange(0, 9).Draw(t, "register variant") {
	case 0: // an existing member ID
		if ids := sortedIDs(h.m.members); len(ids) > 0 {
			m.ID = rapid.SampledFrom(ids).Draw(t, "existing")
			exp, why = mustReject, "the member ID exists"
		}
	case 1: // an existing NIK
		if len(h.m.niks) > 0 {
			m.NIK = rapid.SampledFrom(sortedIDs(h.m.niks)).Draw(t, "existing NIK")
			exp, why = mustReject, "the NIK is registered"
		}
	case 2:
		m.Name = ""
		exp, why = mustReject, "the member has no name"
	case 3: // joins later: the Book takes the registration ahead of time
		m.Joined = h.today.AddDays(5)
		exp = either
	case 4: // shares a household with someone
		if ids := sortedIDs(h.m.members); len(ids) > 0 {
			other := h.m.members[rapid.SampledFrom(ids).Draw(t, "household of")]
			m.Household = other.rec.HouseholdKey()
		}
	}
	if !h.dateOK() {
		exp, why = mustReject, "the day is closed"
	}
	h.step(koperasi.RegisterMember{Op: h.op("reg"), Member: m}, exp, why)
}

// onboard registers a borrower who joined months ago and pays their
// simpanan pokok and every wajib due, so that they may borrow.
func (h *harness) onboard() {
	if !h.dateOK() {
		h.t.Skip("the day is closed")
	}
	for range rapid.IntRange(1, 6).Draw(h.t, "borrowers") {
		h.onboardMember(h.newMember(true))
	}
}

func (h *harness) onboardMember(m members.Member) {
	h.step(koperasi.RegisterMember{Op: h.op("reg"), Member: m}, mustAccept, "a new, valid member")
	h.step(koperasi.PayPokok{Op: h.op("pokok"), Member: m.ID}, mustAccept, "pokok is unpaid")
	for ym := m.Joined.YearMonth().AddMonths(1); ym.Compare(h.today.YearMonth()) <= 0; ym = ym.AddMonths(1) {
		h.step(koperasi.PayWajib{Op: h.op("wajib"), Member: m.ID, Month: ym}, mustAccept, "an unpaid due month")
	}
}

// newGroup takes a new group through to disbursement, every step valid:
// five new borrowers of one RT, the group, its facility, lenders who fund
// it, the goods and the packages delivered.
func (h *harness) newGroup() {
	t := h.t
	if !h.dateOK() {
		t.Skip("the day is closed")
	}
	rt := rapid.IntRange(1, 3).Draw(t, "rt")
	ids := make([]members.ID, 5)
	for i := range ids {
		m := h.newMemberAt(true, rt, 8)
		h.onboardMember(m)
		ids[i] = m.ID
	}
	gid := groups.ID(h.id("C"))
	leader := rapid.SampledFrom(ids).Draw(t, "leader")
	h.step(koperasi.CreateGroup{Op: h.op("create"), Group: gid, Members: ids, Leader: leader}, mustAccept, "five eligible borrowers of one RT")
	fid := lending.FacilityID(h.id("F"))
	h.step(koperasi.OpenFacility{Op: h.op("open"), Facility: fid, Group: gid, Product: pilot.ProductCode}, mustAccept, "a new group between cycles")
	for rem := int64(125_000); rem > 0; {
		amt := min(rem, int64(rapid.IntRange(1, 25).Draw(t, "shares"))*5_000)
		m := h.newMemberAt(false, rt, 8)
		h.onboardMember(m)
		h.step(koperasi.Deposit{Op: h.op("dep"), Member: m.ID, Amount: money.Rupiah(amt)}, mustAccept, "a positive deposit")
		h.step(koperasi.Pledge{Op: h.op("pledge"), Facility: fid, Lender: m.ID, Amount: money.Rupiah(amt)}, mustAccept, "within the free balance and the remainder")
		rem -= amt
	}
	var lines []lending.GoodsLine
	for _, l := range lending.MekarmuktiPackage().Lines {
		lines = append(lines, lending.GoodsLine{Good: l.Good, Quantity: l.Quantity * 5})
	}
	h.step(koperasi.StockGoods{Op: h.op("stock"), Lines: lines}, mustAccept, "goods of the catalogue")
	var ds []koperasi.Delivery
	for _, id := range ids {
		ds = append(ds, koperasi.Delivery{Loan: lending.LoanID(h.id("K-" + string(id))), Member: id, Package: lending.MekarmuktiPackageCode})
	}
	h.step(koperasi.Disburse{Op: h.op("disburse"), Facility: fid, Deliveries: ds}, mustAccept, "a funded facility, goods in stock")
}

// onboardLender registers a lender who joins today, pays pokok and
// deposits sukarela.
func (h *harness) onboardLender() {
	if !h.dateOK() {
		h.t.Skip("the day is closed")
	}
	m := h.newMember(false)
	h.step(koperasi.RegisterMember{Op: h.op("reg"), Member: m}, mustAccept, "a new, valid member")
	h.step(koperasi.PayPokok{Op: h.op("pokok"), Member: m.ID}, mustAccept, "pokok is unpaid")
	amt := int64(rapid.IntRange(1, 40).Draw(h.t, "deposit")) * 5_000
	h.step(koperasi.Deposit{Op: h.op("dep"), Member: m.ID, Amount: money.Rupiah(amt)}, mustAccept, "a positive deposit")
}

func (h *harness) updateMember() {
	id := h.memberID("member")
	mm, ok := h.m.members[id]
	if !ok {
		m := members.Member{ID: id}
		h.step(koperasi.UpdateMember{Op: h.op("upd"), Member: m}, mustReject, "no such member")
		return
	}
	m := mm.rec
	m.Address.Street = fmt.Sprintf("Gang %d", h.n)
	h.step(koperasi.UpdateMember{Op: h.op("upd"), Member: m}, either, "")
}

func (h *harness) payPokok() {
	id := h.memberID("member")
	mm := h.m.members[id]
	exp, why := either, ""
	switch {
	case mm == nil:
		exp, why = mustReject, "no such member"
	case mm.pokokPaid:
		exp, why = mustReject, "pokok is paid"
	case h.savingsOK(id):
		exp, why = mustAccept, "pokok is unpaid"
	}
	h.step(koperasi.PayPokok{Op: h.op("pokok"), Member: id}, exp, why)
}

func (h *harness) payWajib() {
	id := h.memberID("member")
	mm := h.m.members[id]
	month := h.today.YearMonth().AddMonths(rapid.IntRange(-5, 1).Draw(h.t, "month"))
	exp, why := either, ""
	switch {
	case mm == nil:
		exp, why = mustReject, "no such member"
	case mm.wajib[month]:
		exp, why = mustReject, "the month is paid"
	case month.Compare(h.today.YearMonth()) > 0:
		exp, why = mustReject, "the month is ahead (no advance payments)"
	case month.Compare(mm.rec.Joined.YearMonth()) <= 0:
		exp, why = mustReject, "wajib is due from the month after joining"
	case h.savingsOK(id):
		exp, why = mustAccept, "an unpaid due month"
	}
	h.step(koperasi.PayWajib{Op: h.op("wajib"), Member: id, Month: month}, exp, why)
}

func (h *harness) deposit() {
	id := h.memberID("member")
	amt := money.Rupiah(int64(rapid.IntRange(-1, 40).Draw(h.t, "deposit")) * 5_000)
	exp, why := either, ""
	switch {
	case h.m.members[id] == nil:
		exp, why = mustReject, "no such member"
	case !amt.IsPositive():
		exp, why = mustReject, "the amount is not positive"
	case h.savingsOK(id):
		exp, why = mustAccept, "a positive deposit"
	}
	h.step(koperasi.Deposit{Op: h.op("dep"), Member: id, Amount: amt}, exp, why)
}

func (h *harness) withdraw() {
	t := h.t
	var can []members.ID
	for _, id := range sortedIDs(h.m.members) {
		if h.free(id) > 0 && h.savingsOK(id) {
			can = append(can, id)
		}
	}
	if len(can) > 0 && h.valid() {
		id := rapid.SampledFrom(can).Draw(t, "member with a free balance")
		most := min(h.free(id), h.m.cash)
		if most > 0 {
			amt := most
			if rapid.Bool().Draw(t, "part") {
				amt = rapid.Int64Range(1, most).Draw(t, "withdrawn")
			}
			h.step(h.expectWithdraw(koperasi.Withdraw{Op: h.op("wd"), Member: id, Kind: members.Sukarela, Amount: money.Rupiah(amt)}))
			return
		}
	}
	id := h.memberID("member")
	kind := members.Sukarela
	if rapid.IntRange(0, 7).Draw(t, "locked kind") == 0 {
		kind = rapid.SampledFrom([]members.Kind{members.Pokok, members.Wajib}).Draw(t, "kind")
	}
	free := h.free(id)
	amt := free + int64(rapid.IntRange(-3, 3).Draw(t, "about the free balance"))*1_000
	if rapid.Bool().Draw(t, "any amount") {
		amt = int64(rapid.IntRange(0, 30).Draw(t, "withdraw")) * 5_000
	}
	h.step(h.expectWithdraw(koperasi.Withdraw{Op: h.op("wd"), Member: id, Kind: kind, Amount: money.Rupiah(amt)}))
}

// free is a member's free sukarela balance in the model.
func (h *harness) free(id members.ID) int64 {
	mm := h.m.members[id]
	if mm == nil {
		return 0
	}
	return mm.sukarela + mm.payouts + mm.settled - mm.held
}

func (h *harness) expectWithdraw(c koperasi.Withdraw) (koperasi.Withdraw, expect, string) {
	mm, amt := h.m.members[c.Member], c.Amount.Minor()
	switch {
	case mm == nil:
		return c, mustReject, "no such member"
	case c.Kind != members.Sukarela:
		return c, mustReject, "pokok and wajib are paid back only on resigning"
	case amt <= 0:
		return c, mustReject, "the amount is not positive"
	case amt > h.free(c.Member):
		return c, mustReject, fmt.Sprintf("%d is more than the free balance %d", amt, h.free(c.Member))
	case !h.savingsOKOn(c.Member, c.Date):
		return c, mustReject, "resigned, a closed day or out of date order"
	case amt > h.m.cash:
		return c, mustReject, fmt.Sprintf("the koperasi has %d in cash, not %d", h.m.cash, amt)
	}
	return c, mustAccept, "within the free balance and the cash"
}

func (h *harness) resign() {
	can := h.freeToLeave()
	id := h.memberID("member")
	if len(can) > 0 && h.valid() {
		id = rapid.SampledFrom(can).Draw(h.t, "member free to leave")
	}
	h.step(h.expectResign(koperasi.Resign{Op: h.op("resign"), Member: id}))
}

// freeToLeave are the members the model says may resign today.
func (h *harness) freeToLeave() []members.ID {
	var can []members.ID
	for _, id := range sortedIDs(h.m.members) {
		if _, exp, _ := h.expectResign(koperasi.Resign{Op: koperasi.Op{Date: h.today}, Member: id}); exp == mustAccept {
			can = append(can, id)
		}
	}
	return can
}

func (h *harness) expectResign(c koperasi.Resign) (koperasi.Resign, expect, string) {
	mm := h.m.members[c.Member]
	if mm == nil {
		return c, mustReject, "no such member"
	}
	borrower, lender := h.borrowing(c.Member)
	total := mm.pokok + mm.wajibBal + mm.sukarela + mm.payouts + mm.settled
	switch {
	case mm.held > 0:
		return c, mustReject, "the member has holds"
	case borrower > 0:
		return c, mustReject, "the member has open loans"
	case lender > 0:
		return c, mustReject, "the member has money out in open loans"
	case h.owedTo(c.Member) > 0:
		return c, mustReject, "peers owe the member for covers"
	case h.owedBy(c.Member) > 0:
		return c, mustReject, "the member owes the group for covers"
	case !h.savingsOKOn(c.Member, c.Date):
		return c, mustReject, "resigned, a closed day or out of date order"
	case total > h.m.cash:
		return c, mustReject, fmt.Sprintf("the koperasi has %d in cash, not the %d to pay back", h.m.cash, total)
	}
	return c, mustAccept, "no loans, no money out, no holds"
}

// leave has a member with no obligations take out their free balance and
// resign.
func (h *harness) leave() {
	can := slices.DeleteFunc(h.freeToLeave(), func(id members.ID) bool { return h.free(id) == 0 })
	if len(can) == 0 {
		h.t.Skip("no one free to leave")
	}
	id := rapid.SampledFrom(can).Draw(h.t, "leaving")
	h.step(h.expectWithdraw(koperasi.Withdraw{Op: h.op("wd"), Member: id, Kind: members.Sukarela, Amount: money.Rupiah(h.free(id))}))
	h.step(h.expectResign(koperasi.Resign{Op: h.op("resign"), Member: id}))
}

// ungrouped are the model's members in no group.
func (h *harness) ungrouped() []members.ID {
	var out []members.ID
	for _, id := range sortedIDs(h.m.members) {
		if h.groupOfMember(id) == nil {
			out = append(out, id)
		}
	}
	return out
}

func (h *harness) form() {
	t := h.t
	pool := h.ungrouped()
	if rapid.IntRange(0, 4).Draw(t, "with grouped") == 0 {
		pool = sortedIDs(h.m.members)
	}
	if len(pool) == 0 {
		t.Skip("no members")
	}
	ids := rapid.SliceOfNDistinct(rapid.SampledFrom(pool), 1, 12, rapid.ID[members.ID]).Draw(t, "members")
	prefix := rapid.SampledFrom([]string{"G", "H", "K", ""}).Draw(t, "prefix")
	exp, why := either, ""
	if prefix == "" {
		exp, why = mustReject, "no prefix"
	}
	if prefix != "" {
		prefix += fmt.Sprint(h.n)
	}
	h.step(koperasi.FormGroups{Op: h.op("form"), Members: ids, Prefix: prefix}, exp, why)
}

func (h *harness) create() {
	t := h.t
	var pool []members.ID
	for _, id := range h.ungrouped() {
		if mm := h.m.members[id]; mm.rec.Business.Type == members.BusinessFishProcessing && !mm.resigned && mm.rec.Address.RW == 8 {
			pool = append(pool, id)
		}
	}
	if len(pool) < 5 || rapid.IntRange(0, 4).Draw(t, "with others") == 0 {
		pool = sortedIDs(h.m.members)
	}
	ids := rapid.SliceOfNDistinct(rapid.SampledFrom(pool), 4, 6, rapid.ID[members.ID]).Draw(t, "members")
	leader := ids[0]
	if rapid.IntRange(0, 5).Draw(t, "outside leader") == 0 {
		leader = h.memberID("leader")
	}
	gid := groups.ID(fmt.Sprintf("C%d", h.n))
	exp, why := either, ""
	if rapid.IntRange(0, 5).Draw(t, "existing group") == 0 && len(h.m.groups) > 0 {
		gid = rapid.SampledFrom(sortedIDs(h.m.groups)).Draw(t, "group")
		exp, why = mustReject, "the group exists"
	} else if len(ids) != 5 {
		exp, why = mustReject, "a group has 5 members"
	}
	h.step(koperasi.CreateGroup{Op: h.op("create"), Group: gid, Members: ids, Leader: leader}, exp, why)
}

// groupID draws a group of the model, or sometimes one that does not exist.
func (h *harness) groupID() groups.ID {
	ids := sortedIDs(h.m.groups)
	if len(ids) == 0 || rapid.IntRange(0, 12).Draw(h.t, "group unknown") == 0 {
		return "GX"
	}
	return rapid.SampledFrom(ids).Draw(h.t, "group")
}

func (h *harness) leader() {
	gid := h.groupID()
	g, ok := h.m.groups[gid]
	exp, why := either, ""
	id := h.memberID("member")
	switch {
	case !ok:
		exp, why = mustReject, "no such group"
	case rapid.Bool().Draw(h.t, "a group member"):
		id = rapid.SampledFrom(g.memberIDs()).Draw(h.t, "leader")
	case !slices.Contains(g.memberIDs(), id):
		exp, why = mustReject, "not a member of the group"
	}
	h.step(koperasi.AppointLeader{Op: h.op("leader"), Group: gid, Member: id}, exp, why)
}

func (h *harness) supervisor() {
	gid := h.groupID()
	g, ok := h.m.groups[gid]
	id := h.memberID("lender")
	exp, why := either, ""
	switch {
	case !ok:
		exp, why = mustReject, "no such group"
	case h.m.members[id] == nil:
		exp, why = mustReject, "no such member"
	case slices.Contains(g.memberIDs(), id):
		exp, why = mustReject, "a borrower of the group cannot supervise it"
	}
	h.step(koperasi.AppointSupervisor{Op: h.op("supervisor"), Group: gid, Lender: id}, exp, why)
}

func (h *harness) stock() {
	t := h.t
	k := int64(rapid.IntRange(0, 10).Draw(t, "packages"))
	var lines []lending.GoodsLine
	for _, l := range lending.MekarmuktiPackage().Lines {
		lines = append(lines, lending.GoodsLine{Good: l.Good, Quantity: l.Quantity * k})
	}
	exp, why := mustAccept, "goods of the catalogue"
	switch {
	case k == 0:
		exp, why = mustReject, "nothing to stock"
	case rapid.IntRange(0, 6).Draw(t, "unknown good") == 0:
		lines = append(lines, lending.GoodsLine{Good: "EMAS-KG", Quantity: 1})
		exp, why = mustReject, "a good not in the catalogue"
	}
	if !h.dateOK() {
		exp, why = mustReject, "the day is closed"
	}
	h.step(koperasi.StockGoods{Op: h.op("stock"), Lines: lines}, exp, why)
}

func (h *harness) open() {
	t := h.t
	gid := h.groupID()
	fid := lending.FacilityID(h.id("F"))
	product := pilot.ProductCode
	exp, why := either, ""
	switch {
	case rapid.IntRange(0, 8).Draw(t, "unknown product") == 0:
		product = "EMAS"
		exp, why = mustReject, "no such product"
	case rapid.IntRange(0, 8).Draw(t, "existing facility") == 0 && len(h.m.facilities) > 0:
		fid = rapid.SampledFrom(sortedIDs(h.m.facilities)).Draw(t, "facility")
		exp, why = mustReject, "the facility exists"
	case h.m.groups[gid] == nil:
		exp, why = mustReject, "no such group"
	case h.m.groups[gid].suspended:
		exp, why = mustReject, "the group is suspended"
	case h.m.groups[gid].cycleOpen:
		exp, why = mustReject, "the group has a cycle open"
	}
	for _, f := range h.m.facilities {
		if f.group == gid && (f.status == "open" || f.status == "funded") && exp == either {
			exp, why = mustReject, "the group has a facility open"
		}
	}
	h.step(koperasi.OpenFacility{Op: h.op("open"), Facility: fid, Group: gid, Product: product}, exp, why)
}

// facilityID draws a facility of the model, mostly open ones.
func (h *harness) facilityID() lending.FacilityID {
	ids := sortedIDs(h.m.facilities)
	var open []lending.FacilityID
	for _, id := range ids {
		if s := h.m.facilities[id].status; s == "open" || s == "funded" {
			open = append(open, id)
		}
	}
	switch {
	case len(ids) == 0 || rapid.IntRange(0, 12).Draw(h.t, "facility unknown") == 0:
		return "FX"
	case len(open) > 0 && rapid.IntRange(0, 3).Draw(h.t, "any facility") > 0:
		return rapid.SampledFrom(open).Draw(h.t, "open facility")
	}
	return rapid.SampledFrom(ids).Draw(h.t, "facility")
}

func (h *harness) pledge() {
	t := h.t
	fid := h.facilityID()
	lender := h.memberID("lender")
	f := h.m.facilities[fid]
	mm := h.m.members[lender]
	var free, rem int64
	if mm != nil {
		pos, err := h.b.SavingsPosition(lender, farFuture)
		require.NoError(t, err)
		free = pos.Free().Minor()
	}
	if f != nil {
		rem = f.requested - f.pledged(h.m)
	}
	amt := int64(rapid.IntRange(0, 30).Draw(t, "shares")) * 5_000
	switch rapid.IntRange(0, 5).Draw(t, "pledge variant") {
	case 0:
		amt = free + 5_000 // more than the free balance
	case 1:
		amt = rem // exactly what is needed
	case 2:
		amt = 1_234 // not a whole share
	}
	exp, why := either, ""
	switch {
	case f == nil:
		exp, why = mustReject, "no such facility"
	case mm == nil:
		exp, why = mustReject, "no such lender"
	case f.status != "open":
		exp, why = mustReject, "the facility is "+f.status
	case amt <= 0:
		exp, why = mustReject, "the amount is not positive"
	case amt%5_000 != 0:
		exp, why = mustReject, "not a whole number of shares"
	case min(amt, rem) > free:
		exp, why = mustReject, fmt.Sprintf("%d is more than the free balance %d", min(amt, rem), free)
	}
	if !h.dateOK() {
		exp, why = mustReject, "the day is closed"
	}
	h.step(koperasi.Pledge{Op: h.op("pledge"), Facility: fid, Lender: lender, Amount: money.Rupiah(amt)}, exp, why)
}

func (h *harness) closeFunding() {
	fid := h.facilityID()
	f := h.m.facilities[fid]
	exp, why := either, ""
	switch {
	case f == nil:
		exp, why = mustReject, "no such facility"
	case f.status == "closed" || f.status == "disbursed":
		exp, why = mustReject, "the facility is "+f.status
	}
	h.step(koperasi.CloseFunding{Op: h.op("closefund"), Facility: fid, Cancel: rapid.Bool().Draw(h.t, "cancel")}, exp, why)
}

func (h *harness) disburse() {
	t := h.t
	fid := h.facilityID()
	f := h.m.facilities[fid]
	exp, why := either, ""
	var ds []koperasi.Delivery
	if f != nil {
		g := h.m.groups[f.group]
		for _, id := range g.memberIDs() {
			ds = append(ds, koperasi.Delivery{Loan: lending.LoanID(h.id("K-" + string(id))), Member: id, Package: lending.MekarmuktiPackageCode})
		}
	}
	switch v := rapid.IntRange(0, 9).Draw(t, "disburse variant"); {
	case v == 0 && len(ds) > 1:
		ds = ds[:len(ds)-1] // one member fewer
	case v == 1:
		ds = append(ds, koperasi.Delivery{Loan: lending.LoanID(h.id("K-X")), Member: h.memberID("outsider"), Package: lending.MekarmuktiPackageCode})
	case v == 2 && len(ds) > 0 && len(h.m.loans) > 0:
		ds[0].Loan = rapid.SampledFrom(sortedIDs(h.m.loans)).Draw(t, "existing loan")
		exp, why = mustReject, "the loan exists"
	case v == 3 && len(ds) > 0:
		ds[0].Package = "PAKET-EMAS"
		exp, why = mustReject, "no such package"
	}
	switch {
	case f == nil:
		exp, why = mustReject, "no such facility"
	case f.status != "funded":
		exp, why = mustReject, "the facility is "+f.status+", not funded"
	}
	if !h.dateOK() {
		exp, why = mustReject, "the day is closed"
	}
	h.step(koperasi.Disburse{Op: h.op("disburse"), Facility: fid, Deliveries: ds}, exp, why)
}

// collect holds a group's collection meeting: mostly a group with loans
// open, on a day after their last events, every member with a loan paying
// an installment, twice, part of it, all they owe or nothing; sometimes a
// random one.
func (h *harness) collect() {
	t := h.t
	var withLoans []groups.ID
	for _, gid := range sortedIDs(h.m.groups) {
		if len(h.groupOpenLoans(gid)) > 0 {
			withLoans = append(withLoans, gid)
		}
	}
	if len(withLoans) > 0 && h.valid() {
		gid := rapid.SampledFrom(withLoans).Draw(t, "group with loans")
		loans := h.groupOpenLoans(gid)
		var lo calendar.Date
		for _, l := range loans {
			lo = later(lo, l.last)
		}
		d, _ := h.dayFrom(lo)
		var paid []lending.Collected
		for _, l := range loans {
			amt := int64(4_200)
			switch rapid.IntRange(0, 9).Draw(t, "payment") {
			case 0: // missing
				continue
			case 1:
				amt = int64(rapid.IntRange(0, 42).Draw(t, "partial")) * 100
			case 2:
				amt = 8_400
			case 3:
				amt = l.outstanding()
			}
			paid = append(paid, lending.Collected{Member: l.member, Amount: money.Rupiah(amt)})
		}
		var fund []groups.Contribution
		if rapid.IntRange(0, 3).Draw(t, "fund") == 0 {
			for _, id := range h.m.groups[gid].memberIDs() {
				fund = append(fund, groups.Contribution{Member: id, Amount: money.Rupiah(int64(rapid.IntRange(1, 10).Draw(t, "contribution")) * 100)})
			}
		}
		h.step(h.expectCollect(koperasi.Collect{Op: koperasi.Op{ID: h.id("collect"), Date: d}, Group: gid, Paid: paid, Contributions: fund}))
		return
	}
	gid := h.groupID()
	var paid []lending.Collected
	if g := h.m.groups[gid]; g != nil {
		for _, id := range g.memberIDs() {
			var amt int64
			switch rapid.IntRange(0, 9).Draw(t, "payment") {
			case 0: // missing
				continue
			case 1:
				amt = int64(rapid.IntRange(0, 42).Draw(t, "partial")) * 100
			case 2:
				amt = 8_400
			default:
				amt = 4_200
			}
			paid = append(paid, lending.Collected{Member: id, Amount: money.Rupiah(amt)})
		}
	}
	if rapid.IntRange(0, 10).Draw(t, "stranger pays") == 0 {
		paid = append(paid, lending.Collected{Member: h.memberID("stranger"), Amount: money.Rupiah(4_200)})
	}
	var fund []groups.Contribution
	if g := h.m.groups[gid]; g != nil && rapid.IntRange(0, 3).Draw(t, "fund") == 0 {
		for _, id := range g.memberIDs() {
			fund = append(fund, groups.Contribution{Member: id, Amount: money.Rupiah(int64(rapid.IntRange(0, 10).Draw(t, "contribution")) * 100)})
		}
	}
	o := h.lateOp("collect")
	h.step(h.expectCollect(koperasi.Collect{Op: o, Group: gid, Paid: paid, Contributions: fund}))
}

// expectCollect says what the Book must do with a collection: accept it
// when every payer has a loan open in the group, nothing is negative or
// listed twice, and the day is open and not before any open loan's last
// event; refuse it when any of that fails for a loan it must pay on.
func (h *harness) expectCollect(c koperasi.Collect) (koperasi.Collect, expect, string) {
	g := h.m.groups[c.Group]
	if g == nil {
		return c, mustReject, "no such group"
	}
	loans := h.groupOpenLoans(c.Group)
	switch {
	case len(loans) == 0:
		return c, mustReject, "nothing to collect"
	case !h.dayOpen(c.Date):
		return c, mustReject, "the day is closed"
	}
	byMember := map[members.ID]*mLoan{}
	for _, l := range loans {
		byMember[l.member] = l
	}
	seen := map[members.ID]bool{}
	for _, p := range c.Paid {
		l := byMember[p.Member]
		switch {
		case l == nil:
			return c, mustReject, fmt.Sprintf("%s paid without a loan open in the group", p.Member)
		case seen[p.Member]:
			return c, mustReject, fmt.Sprintf("%s paid twice", p.Member)
		case p.Amount.IsNegative():
			return c, mustReject, fmt.Sprintf("%s paid a negative amount", p.Member)
		case p.Amount.IsPositive() && c.Date.Before(l.last):
			return c, mustReject, fmt.Sprintf("%s paid on %s", p.Member, describeLoan(l))
		}
		seen[p.Member] = true
	}
	var contributed int64
	seen = map[members.ID]bool{}
	for _, x := range c.Contributions {
		switch {
		case !g.has(x.Member):
			return c, mustReject, fmt.Sprintf("%s contributed to a group not theirs", x.Member)
		case seen[x.Member]:
			return c, mustReject, fmt.Sprintf("%s contributed twice", x.Member)
		case x.Amount.IsNegative():
			return c, mustReject, fmt.Sprintf("%s contributed a negative amount", x.Member)
		}
		seen[x.Member] = true
		contributed += x.Amount.Minor()
	}
	if len(c.Contributions) > 0 && contributed == 0 {
		return c, either, "contributions of nothing"
	}
	for _, l := range loans {
		if c.Date.Before(l.last) {
			return c, either, fmt.Sprintf("the group may cover on %s", describeLoan(l))
		}
	}
	return c, mustAccept, "payers with loans open, in date order"
}

// meeting holds a group's meeting on the day its next installment falls
// due (moving today to it), at which one member pays nothing and the others
// pay an installment: the group covers the member, the leader visits them,
// and they settle the cover, all of it or part.
func (h *harness) meeting() {
	t := h.t
	var withLoans []groups.ID
	for _, gid := range sortedIDs(h.m.groups) {
		if len(h.groupOpenLoans(gid)) > 0 {
			withLoans = append(withLoans, gid)
		}
	}
	if len(withLoans) == 0 || !h.dateOK() {
		t.Skip("no group with loans")
	}
	g := h.m.groups[rapid.SampledFrom(withLoans).Draw(t, "group meeting")]
	loans := h.groupOpenLoans(g.id)
	var next calendar.Date
	for _, l := range loans {
		for _, in := range l.ins {
			if in.paidP+in.paidM < in.principal+in.margin {
				if next.IsZero() || in.due.Before(next) {
					next = in.due
				}
				break
			}
		}
	}
	h.today = later(h.today, next)
	short := rapid.SampledFrom(loans).Draw(t, "member short")
	var paid []lending.Collected
	for _, l := range loans {
		if l != short {
			paid = append(paid, lending.Collected{Member: l.member, Amount: money.Rupiah(min(4_200, l.outstanding()))})
		}
	}
	h.step(h.expectCollect(koperasi.Collect{Op: h.op("collect"), Group: g.id, Paid: paid}))
	h.step(h.expectVisit(koperasi.RecordVisit{Op: h.op("visit"), Member: short.member, Loan: short.id, By: g.leader, Level: lending.HomeVisit, Note: "tidak membayar"}))
	if owed := g.owed(short.member); owed > 0 {
		if rapid.Bool().Draw(t, "part") {
			owed = rapid.Int64Range(1, owed).Draw(t, "settled")
		}
		h.step(h.expectSettle(koperasi.SettleDebts{Op: h.op("settle"), Group: g.id, Member: short.member, Amount: money.Rupiah(owed)}))
	}
}

// relend takes a group between cycles to its next one: its facility,
// funded by new lenders, the goods, and the disbursement (which the
// borrowers' eligibility may stop).
func (h *harness) relend() {
	t := h.t
	var between []groups.ID
	for _, gid := range sortedIDs(h.m.groups) {
		g := h.m.groups[gid]
		busy := g.suspended || g.cycleOpen
		for _, f := range h.m.facilities {
			busy = busy || (f.group == gid && (f.status == "open" || f.status == "funded"))
		}
		if !busy {
			between = append(between, gid)
		}
	}
	if len(between) == 0 || !h.dateOK() {
		t.Skip("no group between cycles")
	}
	g := h.m.groups[rapid.SampledFrom(between).Draw(t, "group")]
	fid := lending.FacilityID(h.id("F"))
	h.step(koperasi.OpenFacility{Op: h.op("open"), Facility: fid, Group: g.id, Product: pilot.ProductCode}, mustAccept, "an active group between cycles")
	for rem := h.m.facilities[fid].requested; rem > 0; {
		amt := min(rem, int64(rapid.IntRange(1, 25).Draw(t, "shares"))*5_000)
		m := h.newMember(false)
		h.step(koperasi.RegisterMember{Op: h.op("reg"), Member: m}, mustAccept, "a new, valid member")
		h.step(koperasi.PayPokok{Op: h.op("pokok"), Member: m.ID}, mustAccept, "pokok is unpaid")
		h.step(koperasi.Deposit{Op: h.op("dep"), Member: m.ID, Amount: money.Rupiah(amt)}, mustAccept, "a positive deposit")
		h.step(koperasi.Pledge{Op: h.op("pledge"), Facility: fid, Lender: m.ID, Amount: money.Rupiah(amt)}, mustAccept, "within the free balance and the remainder")
		rem -= amt
	}
	var lines []lending.GoodsLine
	for _, l := range lending.MekarmuktiPackage().Lines {
		lines = append(lines, lending.GoodsLine{Good: l.Good, Quantity: l.Quantity * int64(len(g.members))})
	}
	h.step(koperasi.StockGoods{Op: h.op("stock"), Lines: lines}, mustAccept, "goods of the catalogue")
	var ds []koperasi.Delivery
	for _, id := range g.memberIDs() {
		ds = append(ds, koperasi.Delivery{Loan: lending.LoanID(h.id("K-" + string(id))), Member: id, Package: lending.MekarmuktiPackageCode})
	}
	// the borrowers' eligibility (savings, membership) is the Book's call
	h.step(koperasi.Disburse{Op: h.op("disburse"), Facility: fid, Deliveries: ds}, either, "")
}

// payOff pays every open loan of a group's cycle off, each on a day after
// its last event, and closes the cycle.
func (h *harness) payOff() {
	var open []groups.ID
	for _, gid := range sortedIDs(h.m.groups) {
		if h.m.groups[gid].cycleOpen {
			open = append(open, gid)
		}
	}
	if len(open) == 0 || !h.dateOK() {
		h.t.Skip("no cycle to pay off")
	}
	gid := rapid.SampledFrom(open).Draw(h.t, "group paying off")
	for _, l := range h.groupOpenLoans(gid) {
		d, _ := h.dayFrom(l.last)
		h.step(h.expectPay(koperasi.Pay{Op: koperasi.Op{ID: h.id("payoff"), Date: d}, Loan: l.id, Amount: money.Rupiah(l.outstanding())}))
	}
	h.step(h.expectCloseCycle(koperasi.CloseCycle{Op: h.op("cycle"), Group: gid}))
}

// settle has a member pay back what the group covered for them: mostly a
// member who owes, paying all of it or part; sometimes a random one.
func (h *harness) settle() {
	t := h.t
	var owing []groups.ID
	for _, id := range sortedIDs(h.m.groups) {
		for _, m := range h.m.groups[id].memberIDs() {
			if h.m.groups[id].owed(m) > 0 {
				owing = append(owing, id)
				break
			}
		}
	}
	if len(owing) > 0 && h.valid() {
		g := h.m.groups[rapid.SampledFrom(owing).Draw(t, "group owed")]
		var debtors []members.ID
		for _, m := range g.memberIDs() {
			if g.owed(m) > 0 {
				debtors = append(debtors, m)
			}
		}
		member := rapid.SampledFrom(debtors).Draw(t, "debtor")
		amt := g.owed(member)
		if rapid.Bool().Draw(t, "part") {
			amt = rapid.Int64Range(1, amt).Draw(t, "settled")
		}
		h.step(h.expectSettle(koperasi.SettleDebts{Op: h.op("settle"), Group: g.id, Member: member, Amount: money.Rupiah(amt)}))
		return
	}
	gid := h.groupID()
	member := h.memberID("debtor")
	var owed int64
	if g := h.m.groups[gid]; g != nil {
		if rapid.Bool().Draw(t, "group member") {
			member = rapid.SampledFrom(g.memberIDs()).Draw(t, "debtor")
		}
		owed = g.owed(member)
	}
	amt := int64(rapid.IntRange(-1, 50).Draw(t, "settled")) * 100
	if owed > 0 && rapid.Bool().Draw(t, "settle what is owed") {
		amt = owed + int64(rapid.IntRange(-2, 1).Draw(t, "less"))*100
	}
	h.step(h.expectSettle(koperasi.SettleDebts{Op: h.op("settle"), Group: gid, Member: member, Amount: money.Rupiah(amt)}))
}

func (h *harness) expectSettle(c koperasi.SettleDebts) (koperasi.SettleDebts, expect, string) {
	g, amt := h.m.groups[c.Group], c.Amount.Minor()
	switch {
	case g == nil:
		return c, mustReject, "no such group"
	case amt <= 0:
		return c, mustReject, "the amount is not positive"
	case amt > g.owed(c.Member):
		return c, mustReject, fmt.Sprintf("%d is more than the %d owed", amt, g.owed(c.Member))
	case !h.dayOpen(c.Date):
		return c, mustReject, "the day is closed"
	}
	return c, mustAccept, fmt.Sprintf("%d of the %d owed", amt, g.owed(c.Member))
}

// loanID draws a loan of the model, mostly one in one of the statuses
// given, or sometimes one that does not exist.
func (h *harness) loanID(want ...lending.LoanStatus) lending.LoanID {
	ids := sortedIDs(h.m.loans)
	var wanted []lending.LoanID
	for _, id := range ids {
		if slices.Contains(want, h.m.loans[id].status) {
			wanted = append(wanted, id)
		}
	}
	if len(wanted) > 0 && rapid.IntRange(0, 4).Draw(h.t, "any loan") > 0 {
		return rapid.SampledFrom(wanted).Draw(h.t, "loan")
	}
	if len(ids) == 0 || rapid.IntRange(0, 12).Draw(h.t, "loan unknown") == 0 {
		return "KX"
	}
	return rapid.SampledFrom(ids).Draw(h.t, "loan")
}

// pay records a member's payment on a loan: mostly on an open loan, on a
// day after its last event, an installment, all it owes or part of it;
// sometimes a random one.
func (h *harness) pay() {
	t := h.t
	if open := h.loansWhere((*mLoan).open); len(open) > 0 && h.valid() {
		l := rapid.SampledFrom(open).Draw(t, "open loan")
		d, _ := h.dayFrom(l.last)
		out := l.outstanding()
		amt := min(out, 4_200)
		switch rapid.IntRange(0, 3).Draw(t, "pay variant") {
		case 0:
			amt = out
		case 1:
			amt = rapid.Int64Range(1, out).Draw(t, "part")
		}
		h.step(h.expectPay(koperasi.Pay{Op: koperasi.Op{ID: h.id("pay"), Date: d}, Loan: l.id, Amount: money.Rupiah(amt)}))
		return
	}
	id := h.loanID(lending.LoanActive, lending.LoanDefaulted)
	amt := int64(rapid.SampledFrom([]int{4_200, 100, 2_500, 8_400, 25_200, 30_000, 0}).Draw(t, "amount"))
	o := h.lateOp("pay")
	h.step(h.expectPay(koperasi.Pay{Op: o, Loan: id, Amount: money.Rupiah(amt)}))
}

func (h *harness) expectPay(c koperasi.Pay) (koperasi.Pay, expect, string) {
	l, amt := h.m.loans[c.Loan], c.Amount.Minor()
	switch {
	case l == nil:
		return c, mustReject, "no such loan"
	case amt <= 0:
		return c, mustReject, "nothing paid"
	case !h.dayOpen(c.Date):
		return c, mustReject, "the day is closed"
	case !l.open():
		return c, mustReject, "a payment on " + describeLoan(l)
	case c.Date.Before(l.last):
		return c, mustReject, fmt.Sprintf("dated %s, on %s", c.Date, describeLoan(l))
	case amt > l.outstanding():
		return c, either, fmt.Sprintf("%d on %s: the rest is given back", amt, describeLoan(l))
	}
	return c, mustAccept, fmt.Sprintf("%d on %s", amt, describeLoan(l))
}

// visit records a follow-up visit: mostly to a member of a group, by its
// leader, about one of their loans or none; sometimes a random one.
func (h *harness) visit() {
	t := h.t
	c := koperasi.RecordVisit{Op: h.op("visit"), Member: h.memberID("member"), By: h.memberID("by"), Level: lending.HomeVisit, Note: "kunjungan"}
	if gid := h.groupID(); h.m.groups[gid] != nil && h.valid() {
		g := h.m.groups[gid]
		c.Member = rapid.SampledFrom(g.memberIDs()).Draw(t, "visited")
		c.By = rapid.SampledFrom([]members.ID{g.leader, ""}).Draw(t, "by")
		if mine := h.loansWhere(func(l *mLoan) bool { return l.member == c.Member }); len(mine) > 0 && rapid.Bool().Draw(t, "about a loan") {
			c.Loan = rapid.SampledFrom(mine).Draw(t, "loan").id
		}
	} else if rapid.IntRange(0, 5).Draw(t, "loan") == 0 {
		c.Loan = h.loanID()
	}
	h.step(h.expectVisit(c))
}

func (h *harness) expectVisit(c koperasi.RecordVisit) (koperasi.RecordVisit, expect, string) {
	switch l := h.m.loans[c.Loan]; {
	case h.m.members[c.Member] == nil:
		return c, mustReject, "no such member"
	case h.groupOfMember(c.Member) == nil:
		return c, mustReject, "the member is in no group"
	case c.By != "" && h.m.members[c.By] == nil:
		return c, mustReject, "no such visitor"
	case c.Loan != "" && (l == nil || l.member != c.Member):
		return c, mustReject, "not a loan of the member"
	case !h.dayOpen(c.Date):
		return c, mustReject, "the day is closed"
	}
	return c, mustAccept, "a member of a group"
}

func (h *harness) declareDefault() {
	if active := h.loansWhere(func(l *mLoan) bool { return l.status == lending.LoanActive }); len(active) > 0 && h.valid() {
		l := rapid.SampledFrom(active).Draw(h.t, "active loan")
		d, _ := h.dayFrom(l.last)
		h.step(h.expectDefault(koperasi.DeclareDefault{Op: koperasi.Op{ID: h.id("default"), Date: d}, Loan: l.id}))
		return
	}
	h.step(h.expectDefault(koperasi.DeclareDefault{Op: h.op("default"), Loan: h.loanID(lending.LoanActive)}))
}

func (h *harness) expectDefault(c koperasi.DeclareDefault) (koperasi.DeclareDefault, expect, string) {
	l := h.m.loans[c.Loan]
	switch {
	case l == nil:
		return c, mustReject, "no such loan"
	case !h.dayOpen(c.Date):
		return c, mustReject, "the day is closed"
	case l.status != lending.LoanActive:
		return c, mustReject, "the default of " + describeLoan(l)
	case c.Date.Before(l.last):
		return c, mustReject, fmt.Sprintf("dated %s, on %s", c.Date, describeLoan(l))
	}
	return c, mustAccept, "the default of " + describeLoan(l)
}

// writeOff writes a loan off: mostly one in default (or 30 days past its
// last due date), with what the group pays now; sometimes a random one.
func (h *harness) writeOff() {
	t := h.t
	jl := money.Rupiah(int64(rapid.IntRange(0, 30).Draw(t, "joint liability")) * 1_000)
	var reserve money.Amount
	if rapid.IntRange(0, 5).Draw(t, "with reserve") == 0 {
		reserve = money.Rupiah(int64(rapid.IntRange(1, 30).Draw(t, "reserve")) * 1_000)
	}
	due := h.loansWhere(func(l *mLoan) bool {
		return l.status == lending.LoanDefaulted || (l.status == lending.LoanActive && !h.today.Before(l.lastDue().AddDays(30)))
	})
	if len(due) > 0 && h.valid() {
		l := rapid.SampledFrom(due).Draw(t, "loan in default")
		lo := l.last
		if l.status == lending.LoanActive {
			lo = later(lo, l.lastDue().AddDays(30))
		}
		d, _ := h.dayFrom(lo)
		h.step(h.expectWriteOff(koperasi.WriteOff{Op: koperasi.Op{ID: h.id("writeoff"), Date: d}, Loan: l.id, JointLiability: jl, Reserve: reserve}))
		return
	}
	h.step(h.expectWriteOff(koperasi.WriteOff{Op: h.op("writeoff"), Loan: h.loanID(lending.LoanDefaulted), JointLiability: jl, Reserve: reserve}))
}

func (h *harness) expectWriteOff(c koperasi.WriteOff) (koperasi.WriteOff, expect, string) {
	l := h.m.loans[c.Loan]
	switch {
	case l == nil:
		return c, mustReject, "no such loan"
	case !h.dayOpen(c.Date):
		return c, mustReject, "the day is closed"
	case !l.open():
		return c, mustReject, "the write-off of " + describeLoan(l)
	case c.Date.Before(l.last):
		return c, mustReject, fmt.Sprintf("dated %s, on %s", c.Date, describeLoan(l))
	case l.status == lending.LoanActive && c.Date.Before(l.lastDue().AddDays(30)):
		return c, mustReject, fmt.Sprintf("%s is not in default on %s", describeLoan(l), c.Date)
	case c.JointLiability.IsNegative() || c.Reserve.IsNegative():
		return c, mustReject, "a negative layer"
	}
	return c, mustAccept, "the write-off of " + describeLoan(l)
}

func (h *harness) recover() {
	t := h.t
	lost := h.loansWhere(func(l *mLoan) bool {
		p, _ := l.owed()
		return l.status == lending.LoanWrittenOff && l.recovered < p
	})
	if len(lost) > 0 && h.valid() {
		l := rapid.SampledFrom(lost).Draw(t, "loan written off")
		p, _ := l.owed()
		amt := p - l.recovered
		if rapid.Bool().Draw(t, "part") {
			amt = rapid.Int64Range(1, amt).Draw(t, "recovered")
		}
		d, _ := h.dayFrom(l.last)
		h.step(h.expectRecover(koperasi.Recover{Op: koperasi.Op{ID: h.id("recover"), Date: d}, Loan: l.id, Amount: money.Rupiah(amt)}))
		return
	}
	amt := int64(rapid.IntRange(0, 30).Draw(t, "recovered")) * 1_000
	h.step(h.expectRecover(koperasi.Recover{Op: h.op("recover"), Loan: h.loanID(lending.LoanWrittenOff), Amount: money.Rupiah(amt)}))
}

func (h *harness) expectRecover(c koperasi.Recover) (koperasi.Recover, expect, string) {
	l, amt := h.m.loans[c.Loan], c.Amount.Minor()
	switch {
	case l == nil:
		return c, mustReject, "no such loan"
	case amt <= 0:
		return c, mustReject, "nothing recovered"
	case !h.dayOpen(c.Date):
		return c, mustReject, "the day is closed"
	case l.status != lending.LoanWrittenOff:
		return c, mustReject, "a recovery on " + describeLoan(l)
	case c.Date.Before(l.last):
		return c, mustReject, fmt.Sprintf("dated %s, on %s", c.Date, describeLoan(l))
	}
	if p, _ := l.owed(); amt > p-l.recovered {
		return c, either, fmt.Sprintf("%d is more than the %d not yet recovered", amt, p-l.recovered)
	}
	// a lender who has resigned since is paid their part in cash
	return c, mustAccept, "a recovery on " + describeLoan(l)
}

// badLoan takes an active loan through default and write-off, and
// sometimes recovers part of it.
func (h *harness) badLoan() {
	t := h.t
	active := h.loansWhere(func(l *mLoan) bool { return l.status == lending.LoanActive })
	if len(active) == 0 || !h.dateOK() {
		t.Skip("no active loan")
	}
	l := rapid.SampledFrom(active).Draw(t, "loan going bad")
	d, _ := h.dayFrom(l.last)
	h.step(h.expectDefault(koperasi.DeclareDefault{Op: koperasi.Op{ID: h.id("default"), Date: d}, Loan: l.id}))
	jl := money.Rupiah(int64(rapid.IntRange(0, 30).Draw(t, "joint liability")) * 1_000)
	h.step(h.expectWriteOff(koperasi.WriteOff{Op: h.op("writeoff"), Loan: l.id, JointLiability: jl}))
	if p, _ := l.owed(); l.status == lending.LoanWrittenOff && p > l.recovered && rapid.Bool().Draw(t, "recovery") {
		amt := rapid.Int64Range(1, p-l.recovered).Draw(t, "recovered")
		h.step(h.expectRecover(koperasi.Recover{Op: h.op("recover"), Loan: l.id, Amount: money.Rupiah(amt)}))
	}
}

// overdue lets an active loan run 30 days past its last due date (moving
// today there), when the product's policy puts it in default, and writes it
// off without a declaration.
func (h *harness) overdue() {
	t := h.t
	active := h.loansWhere(func(l *mLoan) bool { return l.status == lending.LoanActive })
	if len(active) == 0 || !h.dateOK() {
		t.Skip("no active loan")
	}
	l := rapid.SampledFrom(active).Draw(t, "loan overdue")
	h.today = later(h.today, l.lastDue().AddDays(30+rapid.IntRange(0, 3).Draw(t, "days more")))
	jl := money.Rupiah(int64(rapid.IntRange(0, 30).Draw(t, "joint liability")) * 1_000)
	h.step(h.expectWriteOff(koperasi.WriteOff{Op: h.op("writeoff"), Loan: l.id, JointLiability: jl}))
}

func (h *harness) closeCycle() {
	var done []groups.ID
	for _, gid := range sortedIDs(h.m.groups) {
		if h.m.groups[gid].cycleOpen && len(h.groupOpenLoans(gid)) == 0 {
			done = append(done, gid)
		}
	}
	gid := h.groupID()
	if len(done) > 0 && h.valid() {
		gid = rapid.SampledFrom(done).Draw(h.t, "group with its loans closed")
	}
	h.step(h.expectCloseCycle(koperasi.CloseCycle{Op: h.op("cycle"), Group: gid}))
}

func (h *harness) expectCloseCycle(c koperasi.CloseCycle) (koperasi.CloseCycle, expect, string) {
	g := h.m.groups[c.Group]
	switch {
	case g == nil:
		return c, mustReject, "no such group"
	case !g.cycleOpen:
		return c, mustReject, "no cycle open"
	case len(h.groupOpenLoans(c.Group)) > 0:
		return c, mustReject, "loans of the cycle are open: " + describeLoan(h.groupOpenLoans(c.Group)[0])
	case !h.dayOpen(c.Date):
		return c, mustReject, "the day is closed"
	}
	return c, mustAccept, "every loan of the cycle repaid or written off"
}

func (h *harness) closeDay() {
	d := h.today.AddDays(-rapid.IntRange(0, 2).Draw(h.t, "days back"))
	if rapid.IntRange(0, 9).Draw(h.t, "a year typed wrong") == 0 {
		d = h.today.AddDays(365) // locks the Book until reopened
	}
	exp, why := mustAccept, "the day is open"
	if !h.m.closed().IsZero() && !d.After(h.m.closed()) {
		exp, why = mustReject, "the day is closed"
	}
	h.step(koperasi.CloseDay{Op: koperasi.Op{ID: h.id("close"), Date: d}}, exp, why)
}

// reopenDay undoes the last close, dated today or a few days back: after
// the day closed before it, whatever the day it reopens.
func (h *harness) reopenDay() {
	d := h.today.AddDays(-rapid.IntRange(0, 2).Draw(h.t, "days back"))
	exp, why := mustAccept, "a day is closed, and the day before it is earlier"
	switch n := len(h.m.closes); {
	case n == 0:
		exp, why = mustReject, "no day is closed"
	case n > 1 && !d.After(h.m.closes[n-2]):
		exp, why = mustReject, "dated on or before the day it goes back to"
	}
	h.step(koperasi.ReopenDay{Op: koperasi.Op{ID: h.id("reopen"), Date: d}}, exp, why)
}

// repeat sends an accepted command again: a no-op.
func (h *harness) repeat() {
	if len(h.done) == 0 {
		h.t.Skip("nothing done")
	}
	d := rapid.SampledFrom(h.done).Draw(h.t, "command")
	h.step(d.c, mustRepeat, "a repeat is a no-op")
}

// conflict reuses an accepted command's ID for another payload.
func (h *harness) conflict() {
	if len(h.done) == 0 {
		h.t.Skip("nothing done")
	}
	c := rapid.SampledFrom(h.done).Draw(h.t, "command").c
	o := opOf(c)
	var other koperasi.Command = koperasi.Deposit{Op: o, Member: "P01", Amount: money.Rupiah(1_000)}
	if d, ok := c.(koperasi.Deposit); ok {
		d.Amount = money.Rupiah(d.Amount.Minor() + 1)
		other = d
	}
	h.step(other, mustReject, "the ID was used for another command")
}

// backdate dates a command on or before the last closed day, or before a
// member's last movement.
func (h *harness) backdate() {
	id := h.memberID("member")
	mm := h.m.members[id]
	if mm == nil || (h.m.closed().IsZero() && mm.last.IsZero()) {
		h.t.Skip("nothing to backdate against")
	}
	d := mm.last.AddDays(-1)
	why := "before the member's last movement"
	if !h.m.closed().IsZero() && rapid.Bool().Draw(h.t, "closed day") {
		d, why = h.m.closed().AddDays(-rapid.IntRange(0, 3).Draw(h.t, "days back")), "the day is closed"
	}
	h.step(koperasi.Deposit{Op: koperasi.Op{ID: h.id("late"), Date: d}, Member: id, Amount: money.Rupiah(1_000)}, mustReject, why)
}

// failures records what a check reports instead of failing the test, so
// that a test can show the check fails when its rule breaks.
type failures struct{ msgs []string }

func (f *failures) Errorf(format string, args ...any) {
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}
func (f *failures) FailNow() { panic(f) }

// fails runs check and reports whether it failed.
func (f *failures) fails(check func()) (failed bool) {
	defer func() {
		if r := recover(); r != nil {
			if r != f {
				panic(r)
			}
			failed = true
		}
	}()
	check()
	return len(f.msgs) > 0
}

// checkSchedule fails on a schedule that breaks invariant 1 or 2.
func TestCheckScheduleFails(t *testing.T) {
	b, err := pilot.Book()
	require.NoError(t, err)
	good := readView(t, bookJSON(t, b)).Loans[0]
	require.False(t, new(failures).fails(func() { checkSchedule(new(failures), good) }))
	for name, breakIt := range map[string]func(l *viewLoan){
		"installment total":          func(l *viewLoan) { l.Loan.Schedule.Installments[2].Total = money.Rupiah(4_300) },
		"margin part for principal":  func(l *viewLoan) { l.Loan.Schedule.Installments[0].Margin = money.Rupiah(35) },
		"schedule total":             func(l *viewLoan) { l.Loan.Schedule.Total = money.Rupiah(25_300) },
		"last balance":               func(l *viewLoan) { l.Loan.Schedule.Installments[5].Balance = money.Rupiah(1) },
		"negative balance":           func(l *viewLoan) { l.Loan.Schedule.Installments[4].Balance = money.Rupiah(-1) },
		"negative principal part":    func(l *viewLoan) { l.Loan.Schedule.Installments[1].Principal = money.Rupiah(-4_166) },
		"principal parts vs balance": func(l *viewLoan) { l.Loan.Schedule.Installments[1].Balance = money.Rupiah(16_667) },
	} {
		l := good
		l.Loan.Schedule.Installments = slices.Clone(good.Loan.Schedule.Installments)
		breakIt(&l)
		f := new(failures)
		require.True(t, f.fails(func() { checkSchedule(f, l) }), "a schedule with a broken %s passes", name)
	}
}
