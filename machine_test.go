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
// pledges, the groups and the loans. It starts from a prefix of the
// Mekarmukti pilot (so that groups, facilities and loans exist) and then
// applies random commands of every kind, valid and invalid. The model says
// of each command whether the Book must accept it, must refuse it, or may do
// either (where the rule is the Book's to decide: eligibility, formation,
// cover); the Book's decision is checked against it, the model follows the
// accepted commands, and after every step every invariant of DESIGN.md is
// checked (checkBook and model.check).
//
// Each run replays its log after every step, so a run costs about a third
// of a second; under -short or the race detector the test does 8 or 10 runs
// unless -rapid.checks says otherwise. With -v it logs how many commands
// of each kind were accepted and refused.
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
		// start anywhere from the end of the setup to the end of cycle 1
		first := len(pilot.Setup())
		end := first + cycleOneEnd(cmds[first:])
		n := rapid.IntRange(first, end).Draw(t, "pilot prefix")
		for _, c := range cmds[:n] {
			h.step(c, mustAccept, "the pilot's command")
		}
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
	groups     map[groups.ID]viewGroup // as the Book formed them
	closed     calendar.Date
	// payoutsGone are the payouts of members who resigned since
	payoutsGone int64
}

type harness struct {
	t      *rapid.T
	cfg    koperasi.Config
	b      *koperasi.Book
	m      *model
	js     []byte // the Book's JSON, view and log, unless stale
	v      view
	log    []byte
	loans  []byte // loansJSON: the payout records are not in the Book's JSON
	stale  bool
	events int            // accepted commands
	today  calendar.Date  // the day commands are dated
	last   calendar.Date  // the latest date of an accepted command
	done   []done         // the accepted commands
	stats  map[string]int // commands by kind and outcome
	n      int            // serial for IDs
	gen    int            // serial for generated members
}

// done is an accepted command and its event's sequence number.
type done struct {
	c   koperasi.Command
	seq int64
}

func newHarness(t *rapid.T) *harness {
	cfg := pilot.Config()
	b, err := koperasi.New(cfg)
	require.NoError(t, err)
	h := &harness{t: t, cfg: cfg, b: b, m: &model{
		members:    map[members.ID]*mMember{},
		niks:       map[members.NIK]bool{},
		pledges:    map[string]*mPledge{},
		facilities: map[lending.FacilityID]*mFacility{},
		groups:     map[groups.ID]viewGroup{},
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
// entering a late collection would; ok says whether the date is open.
func (h *harness) lateOp(prefix string) (o koperasi.Op, ok bool) {
	o = h.op(prefix)
	if rapid.IntRange(0, 5).Draw(h.t, "late") == 0 {
		o.Date = o.Date.AddDays(-rapid.IntRange(1, 4).Draw(h.t, "days late"))
	}
	return o, h.m.closed.IsZero() || o.Date.After(h.m.closed)
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
	t.Helper()
	if exp != mustAccept {
		h.view() // the state to compare with after a refusal or a repeat
	}
	balances := h.balances()
	r, err := h.b.Do(c)
	h.stats[fmt.Sprintf("%s %s", strings.TrimPrefix(fmt.Sprintf("%T", c), "koperasi."), map[bool]string{true: "accepted", false: "refused"}[err == nil])]++
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
	h.apply(c, balances)
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

// apply updates the model after an accepted command. before are the
// members' balances before it.
func (h *harness) apply(c koperasi.Command, before map[members.ID]members.Balances) {
	t, m := h.t, h.m
	paying, settling := false, false
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
	case koperasi.PayWajib:
		mm := m.members[c.Member]
		mm.wajib[c.Month], mm.wajibBal, mm.last = true, mm.wajibBal+h.cfg.Savings.Wajib.Minor(), c.Date
	case koperasi.Deposit:
		mm := m.members[c.Member]
		mm.sukarela += c.Amount.Minor()
		mm.last = c.Date
	case koperasi.Withdraw:
		mm := m.members[c.Member]
		mm.sukarela -= c.Amount.Minor()
		mm.last = c.Date
	case koperasi.Resign:
		mm := m.members[c.Member]
		require.Zero(t, mm.held, "member %s resigned with holds", c.Member)
		// the payouts received are paid back with the rest
		m.payoutsGone += mm.payouts
		mm.resigned, mm.pokok, mm.wajibBal, mm.sukarela, mm.payouts, mm.settled = true, 0, 0, 0, 0, 0
		mm.last = c.Date
	case koperasi.CloseDay:
		m.closed = c.Date
	case koperasi.FormGroups, koperasi.CreateGroup, koperasi.AppointLeader, koperasi.AppointSupervisor:
		h.readGroups()
	case koperasi.StockGoods, koperasi.RecordVisit, koperasi.DeclareDefault:
	case koperasi.OpenFacility:
		f := h.viewFacility(c.Facility)
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
		vf := h.viewFacility(c.Facility)
		require.Equal(t, f.pledged(m), sumPledges(vf), "facility %s: pledged", c.Facility)
	case koperasi.CloseFunding:
		f := m.facilities[c.Facility]
		f.status = "closed"
		h.releaseHolds(f, c.Date)
	case koperasi.Disburse:
		f := m.facilities[c.Facility]
		require.Equal(t, "funded", f.status, "facility %s disbursed while %s", f.id, f.status)
		f.status = "disbursed"
		vf := h.viewFacility(c.Facility)
		pledgedBy := map[members.ID]int64{}
		for _, pid := range f.pledges {
			pledgedBy[m.pledges[pid].lender] += m.pledges[pid].amount
		}
		for _, lid := range vf.Loans {
			l := h.viewLoan(lid)
			for _, s := range l.Loan.Lenders {
				captured[s.Lender] += s.Amount.Minor()
			}
		}
		for id, amt := range captured {
			require.LessOrEqual(t, amt, pledgedBy[id], "lender %s: captured more than pledged", id)
			m.members[id].sukarela -= amt
		}
		h.releaseHolds(f, c.Date)
		h.readGroups()
	case koperasi.CloseCycle:
		h.readGroups()
	case koperasi.Pay, koperasi.Collect, koperasi.WriteOff, koperasi.Recover:
		paying = true
	case koperasi.SettleDebts:
		settling = true
	default:
		t.Fatalf("the model does not know %T", c)
	}
	// the lenders' payouts are what the model does not explain, and only
	// commands that take money in for loans pay out; a settlement pays
	// the peers who covered
	var settled int64
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
		if !paying && !settling {
			require.Zero(t, extra, "member %s: sukarela moved by %d on a %T", id, extra, c)
		}
		require.GreaterOrEqual(t, extra, int64(0), "member %s: sukarela fell by %d on a %T", id, -extra, c)
		if settling {
			mm.settled += extra
			settled += extra
			continue
		}
		mm.payouts += extra
	}
	if c, ok := c.(koperasi.SettleDebts); ok {
		require.LessOrEqual(t, settled, c.Amount.Minor(), "settlement %s paid out more than was paid", c.ID)
	}
}

func sumPledges(f viewFacility) int64 {
	var s int64
	for _, p := range f.Pledges {
		s += p.Amount.Minor()
	}
	return s
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

func (h *harness) viewFacility(id lending.FacilityID) viewFacility {
	for _, f := range h.view().Facilities {
		if f.ID == id {
			return f
		}
	}
	h.t.Fatalf("facility %s not in the Book", id)
	return viewFacility{}
}

func (h *harness) viewLoan(id lending.LoanID) viewLoan {
	for _, l := range h.view().Loans {
		if l.Loan.ID == id {
			return l
		}
	}
	h.t.Fatalf("loan %s not in the Book", id)
	return viewLoan{}
}

func (h *harness) readGroups() {
	clear(h.m.groups)
	for _, g := range h.view().Groups {
		h.m.groups[groups.ID(g.Group.ID)] = g
	}
}

// check checks every invariant after a step: those of the Book alone
// (checkBook), and the model's balances against the Book's.
func (h *harness) check() {
	t, m := h.t, h.m
	v := h.view()
	checkBook(t, h.b, h.cfg, h.js, v)
	checkQueries(t, h.b, v, h.today)
	require.NoError(t, koperasi.CheckIndexes(h.b), "the Book's indexes")
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
	// the lenders received is what the loans' states say was collected
	// for them, and each lender received what the loans' payout records
	// say it did
	var due int64
	for _, l := range v.Loans {
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
		"collect2":   act(h.collect),
		"pay2":       act(h.pay),
		"update":     act(h.updateMember),
		"pokok":      act(h.payPokok),
		"wajib":      act(h.payWajib),
		"deposit":    act(h.deposit),
		"withdraw":   act(h.withdraw),
		"resign":     act(h.resign),
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
		"pay":        act(h.pay),
		"visit":      act(h.visit),
		"default":    act(h.declareDefault),
		"writeoff":   act(h.writeOff),
		"recover":    act(h.recover),
		"cycle":      act(h.closeCycle),
		"settle":     act(h.settle),
		"settle2":    act(h.settle),
		"day":        act(h.closeDay),
		"repeat":     act(h.repeat),
		"conflict":   act(h.conflict),
		"backdate":   act(h.backdate),
	}
}

func (h *harness) advance() {
	h.today = h.today.AddDays(rapid.IntRange(1, 3).Draw(h.t, "days"))
}

// dateOK says whether a command dated today passes the Book's date rules.
func (h *harness) dateOK() bool { return h.m.closed.IsZero() || h.today.After(h.m.closed) }

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
func (h *harness) savingsOK(id members.ID) bool {
	mm, ok := h.m.members[id]
	return ok && !mm.resigned && h.dateOK() && !h.today.Before(mm.last) && !h.today.Before(mm.rec.Joined)
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
	id := h.memberID("member")
	kind := members.Sukarela
	if rapid.IntRange(0, 7).Draw(t, "locked kind") == 0 {
		kind = rapid.SampledFrom([]members.Kind{members.Pokok, members.Wajib}).Draw(t, "kind")
	}
	mm := h.m.members[id]
	var free int64
	if mm != nil {
		pos, err := h.b.SavingsPosition(id, farFuture)
		require.NoError(t, err)
		free = pos.Free().Minor()
	}
	amt := free + int64(rapid.IntRange(-3, 3).Draw(t, "about the free balance"))*1_000
	if rapid.Bool().Draw(t, "any amount") {
		amt = int64(rapid.IntRange(0, 30).Draw(t, "withdraw")) * 5_000
	}
	exp, why := either, ""
	switch {
	case mm == nil:
		exp, why = mustReject, "no such member"
	case kind != members.Sukarela:
		exp, why = mustReject, "pokok and wajib are paid back only on resigning"
	case amt <= 0:
		exp, why = mustReject, "the amount is not positive"
	case amt > free:
		exp, why = mustReject, fmt.Sprintf("%d is more than the free balance %d", amt, free)
	case h.savingsOK(id):
		exp, why = mustAccept, "within the free balance"
	}
	h.step(koperasi.Withdraw{Op: h.op("wd"), Member: id, Kind: kind, Amount: money.Rupiah(amt)}, exp, why)
}

func (h *harness) resign() {
	id := h.memberID("member")
	exp, why := either, ""
	mm := h.m.members[id]
	switch {
	case mm == nil:
		exp, why = mustReject, "no such member"
	case mm.held > 0:
		exp, why = mustReject, "the member has holds"
	case h.openLoans(id) > 0:
		exp, why = mustReject, "the member has open loans"
	}
	h.step(koperasi.Resign{Op: h.op("resign"), Member: id}, exp, why)
}

func (h *harness) openLoans(id members.ID) int {
	n := 0
	for _, l := range h.view().Loans {
		if l.Loan.Member == id && (l.State.Status == lending.LoanActive || l.State.Status == lending.LoanDefaulted) {
			n++
		}
	}
	return n
}

// ungrouped are the model's members in no group that is not closed.
func (h *harness) ungrouped() []members.ID {
	in := map[members.ID]bool{}
	for _, g := range h.m.groups {
		if g.Group.Status != "closed" {
			for _, id := range g.memberIDs() {
				in[id] = true
			}
		}
	}
	var out []members.ID
	for _, id := range sortedIDs(h.m.members) {
		if !in[id] {
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
	case h.m.groups[gid].Group.ID == "":
		exp, why = mustReject, "no such group"
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
	case v == 2 && len(ds) > 0 && len(h.view().Loans) > 0:
		ds[0].Loan = rapid.SampledFrom(h.view().Loans).Draw(t, "existing loan").Loan.ID
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

// openGroupLoans are the open loans of a group's current cycle.
func (h *harness) openGroupLoans(gid groups.ID) []viewLoan {
	g := h.m.groups[gid]
	var out []viewLoan
	for _, l := range h.view().Loans {
		if l.Loan.Group == string(gid) && l.Loan.Cycle == g.Cycle && (l.State.Status == lending.LoanActive || l.State.Status == lending.LoanDefaulted) {
			out = append(out, l)
		}
	}
	return out
}

func (h *harness) collect() {
	t := h.t
	// mostly a group with loans to collect
	var withLoans []groups.ID
	for _, gid := range sortedIDs(h.m.groups) {
		if len(h.openGroupLoans(gid)) > 0 {
			withLoans = append(withLoans, gid)
		}
	}
	gid := h.groupID()
	if len(withLoans) > 0 && rapid.IntRange(0, 4).Draw(t, "any group") > 0 {
		gid = rapid.SampledFrom(withLoans).Draw(t, "group with loans")
	}
	exp, why := either, ""
	if _, ok := h.m.groups[gid]; !ok {
		exp, why = mustReject, "no such group"
	} else if len(h.openGroupLoans(gid)) == 0 {
		exp, why = mustReject, "nothing to collect"
	}
	var paid []lending.Collected
	for _, id := range h.m.groups[gid].memberIDs() {
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
	if rapid.IntRange(0, 10).Draw(t, "stranger pays") == 0 {
		paid = append(paid, lending.Collected{Member: h.memberID("stranger"), Amount: money.Rupiah(4_200)})
	}
	var fund []groups.Contribution
	if rapid.IntRange(0, 3).Draw(t, "fund") == 0 {
		for _, id := range h.m.groups[gid].memberIDs() {
			fund = append(fund, groups.Contribution{Member: id, Amount: money.Rupiah(int64(rapid.IntRange(0, 10).Draw(t, "contribution")) * 100)})
		}
	}
	o, open := h.lateOp("collect")
	if !open {
		exp, why = mustReject, "the day is closed"
	}
	h.step(koperasi.Collect{Op: o, Group: gid, Paid: paid, Contributions: fund}, exp, why)
}

func (h *harness) settle() {
	t := h.t
	gid := h.groupID()
	var owing []groups.ID
	for _, id := range sortedIDs(h.m.groups) {
		gs, err := h.b.GroupStatus(id)
		require.NoError(t, err)
		if len(gs.Debts.All()) > 0 {
			owing = append(owing, id)
		}
	}
	if len(owing) > 0 && rapid.IntRange(0, 3).Draw(t, "any group") > 0 {
		gid = rapid.SampledFrom(owing).Draw(t, "group owed")
	}
	exp, why := either, ""
	member := h.memberID("debtor")
	g, ok := h.m.groups[gid]
	var owed int64
	if ok {
		gs, err := h.b.GroupStatus(gid)
		require.NoError(t, err)
		var debtors []members.ID
		for _, d := range gs.Debts.All() {
			debtors = append(debtors, d.Debtor)
		}
		switch {
		case len(debtors) > 0 && rapid.IntRange(0, 3).Draw(t, "any debtor") > 0:
			member = rapid.SampledFrom(debtors).Draw(t, "debtor")
		case rapid.Bool().Draw(t, "group member"):
			member = rapid.SampledFrom(g.memberIDs()).Draw(t, "debtor")
		}
		owed = gs.Debts.Owed(member).Minor()
	}
	amt := int64(rapid.IntRange(-1, 50).Draw(t, "settled")) * 100
	if owed > 0 && rapid.Bool().Draw(t, "settle what is owed") {
		amt = owed - int64(rapid.IntRange(0, 2).Draw(t, "less"))*100
	}
	switch {
	case !ok:
		exp, why = mustReject, "no such group"
	case amt <= 0:
		exp, why = mustReject, "the amount is not positive"
	case amt > owed:
		exp, why = mustReject, fmt.Sprintf("%d is more than the %d owed", amt, owed)
	}
	if !h.dateOK() {
		exp, why = mustReject, "the day is closed"
	}
	h.step(koperasi.SettleDebts{Op: h.op("settle"), Group: gid, Member: member, Amount: money.Rupiah(amt)}, exp, why)
}

// loanID draws a loan of the Book, mostly one in one of the statuses
// given, or sometimes one that does not exist.
func (h *harness) loanID(want ...lending.LoanStatus) lending.LoanID {
	var ids, wanted []lending.LoanID
	for _, l := range h.view().Loans {
		ids = append(ids, l.Loan.ID)
		if slices.Contains(want, l.State.Status) {
			wanted = append(wanted, l.Loan.ID)
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

func (h *harness) loanStatus(id lending.LoanID) (lending.LoanStatus, bool) {
	for _, l := range h.view().Loans {
		if l.Loan.ID == id {
			return l.State.Status, true
		}
	}
	return 0, false
}

func (h *harness) pay() {
	id := h.loanID(lending.LoanActive, lending.LoanDefaulted)
	amt := int64(rapid.SampledFrom([]int{4_200, 100, 2_500, 8_400, 25_200, 30_000, 0}).Draw(h.t, "amount"))
	exp, why := either, ""
	st, ok := h.loanStatus(id)
	switch {
	case !ok:
		exp, why = mustReject, "no such loan"
	case amt == 0:
		exp, why = mustReject, "nothing paid"
	case st == lending.LoanWrittenOff:
		exp, why = mustReject, "the loan is written off"
	}
	o, open := h.lateOp("pay")
	if !open {
		exp, why = mustReject, "the day is closed"
	}
	h.step(koperasi.Pay{Op: o, Loan: id, Amount: money.Rupiah(amt)}, exp, why)
}

func (h *harness) visit() {
	member := h.memberID("member")
	if gid := h.groupID(); h.m.groups[gid].Group.ID != "" && rapid.Bool().Draw(h.t, "group member") {
		member = rapid.SampledFrom(h.m.groups[gid].memberIDs()).Draw(h.t, "visited")
	}
	exp, why := either, ""
	if h.m.members[member] == nil {
		exp, why = mustReject, "no such member"
	}
	h.step(koperasi.RecordVisit{Op: h.op("visit"), Member: member, By: h.memberID("by"), Level: lending.HomeVisit, Note: "kunjungan"}, exp, why)
}

func (h *harness) declareDefault() {
	id := h.loanID(lending.LoanActive)
	exp, why := either, ""
	st, ok := h.loanStatus(id)
	switch {
	case !ok:
		exp, why = mustReject, "no such loan"
	case st != lending.LoanActive:
		exp, why = mustReject, "the loan is "+st.String()
	}
	if !h.dateOK() {
		exp, why = mustReject, "the day is closed"
	}
	h.step(koperasi.DeclareDefault{Op: h.op("default"), Loan: id}, exp, why)
}

func (h *harness) writeOff() {
	t := h.t
	id := h.loanID(lending.LoanDefaulted)
	exp, why := either, ""
	st, ok := h.loanStatus(id)
	switch {
	case !ok:
		exp, why = mustReject, "no such loan"
	case st == lending.LoanRepaid || st == lending.LoanWrittenOff:
		// an active loan past the product's default policy defaults on
		// the day it is written off
		exp, why = mustReject, "the loan is "+st.String()
	}
	jl := money.Rupiah(int64(rapid.IntRange(0, 30).Draw(t, "joint liability")) * 1_000)
	var reserve money.Amount
	if rapid.IntRange(0, 5).Draw(t, "with reserve") == 0 {
		// refused as long as nothing provisions the loan-loss allowance
		reserve = money.Rupiah(int64(rapid.IntRange(1, 30).Draw(t, "reserve")) * 1_000)
	}
	if !h.dateOK() {
		exp, why = mustReject, "the day is closed"
	}
	h.step(koperasi.WriteOff{Op: h.op("writeoff"), Loan: id, JointLiability: jl, Reserve: reserve}, exp, why)
}

func (h *harness) recover() {
	id := h.loanID(lending.LoanWrittenOff)
	exp, why := either, ""
	st, ok := h.loanStatus(id)
	switch {
	case !ok:
		exp, why = mustReject, "no such loan"
	case st != lending.LoanWrittenOff:
		exp, why = mustReject, "the loan is "+st.String()+", not written off"
	}
	amt := int64(rapid.IntRange(0, 30).Draw(h.t, "recovered")) * 1_000
	if amt == 0 {
		exp, why = mustReject, "nothing recovered"
	}
	if !h.dateOK() {
		exp, why = mustReject, "the day is closed"
	}
	h.step(koperasi.Recover{Op: h.op("recover"), Loan: id, Amount: money.Rupiah(amt)}, exp, why)
}

func (h *harness) closeCycle() {
	gid := h.groupID()
	exp, why := either, ""
	g, ok := h.m.groups[gid]
	switch {
	case !ok:
		exp, why = mustReject, "no such group"
	case !g.Group.CycleOpen:
		exp, why = mustReject, "no cycle open"
	case len(h.openGroupLoans(gid)) > 0:
		exp, why = mustReject, "loans of the cycle are open"
	}
	if !h.dateOK() {
		exp, why = mustReject, "the day is closed"
	}
	h.step(koperasi.CloseCycle{Op: h.op("cycle"), Group: gid}, exp, why)
}

func (h *harness) closeDay() {
	d := h.today.AddDays(-rapid.IntRange(0, 2).Draw(h.t, "days back"))
	exp, why := mustAccept, "the day is open"
	if !h.m.closed.IsZero() && !d.After(h.m.closed) {
		exp, why = mustReject, "the day is closed"
	}
	h.step(koperasi.CloseDay{Op: koperasi.Op{ID: h.id("close"), Date: d}}, exp, why)
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
	if mm == nil || (h.m.closed.IsZero() && mm.last.IsZero()) {
		h.t.Skip("nothing to backdate against")
	}
	d := mm.last.AddDays(-1)
	why := "before the member's last movement"
	if !h.m.closed.IsZero() && rapid.Bool().Draw(h.t, "closed day") {
		d, why = h.m.closed.AddDays(-rapid.IntRange(0, 3).Draw(h.t, "days back")), "the day is closed"
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
