// Package koperasi is the integrated koperasi: a Book that holds the members,
// their savings, the peer groups, the marketplace and the loans of a
// koperasi simpan pinjam running I-P2P lending, over one double-entry
// journal.
//
// Every operation is a command with an ID and a date, applied with Book.Do.
// A command is validated against the whole state first; if it is valid it
// becomes an event that is appended to the log, applied, and posted to the
// journal; if not, Do returns a typed error and the Book is unchanged. The
// same command ID with the same payload is a no-op; with another payload it
// is ErrConflict.
//
// The event log (WriteLog, JSON lines, one event per line with a version
// field) is the source of truth: ReadLog replays it into a Book equal to the
// original, state and journal alike, and refuses a corrupt or tampered log
// with the line number and reason. A host keeps the log in its own database
// and replays it with Apply.
//
// A Book is safe for concurrent use. For the rules without the state, use the
// packages directly: money, calendar, schedule, ledger, members, groups and
// lending are pure functions over values.
//
// # Start here
//
// New(cfg) makes an empty Book; the fixture package examples/pilot has the
// Mekarmukti pilot's Config and every command of its three cycles. The
// commands, in the order a koperasi meets them:
//
//   - members and savings: RegisterMember, UpdateMember, PayPokok, PayWajib,
//     Deposit, Withdraw, Resign;
//   - groups: FormGroups (by proximity), CreateGroup, AppointLeader,
//     AppointSupervisor;
//   - the marketplace: StockGoods, OpenFacility (the fact sheet), Pledge,
//     CloseFunding, Disburse (packages in kind);
//   - repayment: Collect (a group meeting, with joint-liability cover),
//     Pay, SettleDebts, RecordVisit;
//   - bad loans: DeclareDefault, WriteOff, Recover;
//   - periods: CloseCycle, CloseDay, ReopenDay.
//
// Queries: Member(s), MemberStatement, SavingsPosition, Groups,
// GroupStatus, Facilities, FactSheet, Loans, Loan, Position,
// CollectionSheet, PocketBook, LenderStatement(s), Metrics, Visits,
// TrialBalance, Journal, Events.
//
// Performance (one core, the pilot's events): Apply about 168.000-180.000
// events/s, ReadLog about 161.000-177.000 events/s, the whole pilot in
// 1,3-1,5 ms; 1.924 B per active 6-installment loan and 4.799 B per
// 52-installment loan; a synthetic koperasi of 2.000 groups replays its
// first four meetings at 117.000-131.000 events/s, a year of weekly
// meetings at about 71.000-80.000. Events are coarse: a group collection
// posts five payments and pays every lender on (about 15 us, of which the
// packages' own work is about 9,6 us; BenchmarkApplyByKind gives the cost
// of each kind of event, and README's "Performance" why this grain cannot
// reach 500.000 events/s on the pilot). The frequent
// commands and log lines are decoded without reflection (internal/wire,
// codec.go), a replay keeps canonical inputs as they are, and a collection
// changes the loans' states and payout records in place.
package koperasi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/internal/blocks"
	"github.com/ip2p/koperasi/lending"
)

// Sentinel errors of the Book. Errors from the packages (members, groups,
// lending, ledger) surface unchanged, wrapped, so errors.Is finds theirs too.
var (
	ErrDuplicate    = errors.New("koperasi: duplicate")
	ErrConflict     = errors.New("koperasi: command ID reused with another payload")
	ErrInvalid      = errors.New("koperasi: invalid command")
	ErrNotFound     = errors.New("koperasi: not found")
	ErrClosedPeriod = errors.New("koperasi: date is in a closed period")
)

// Op is what every command carries: its ID (the idempotency key, unique in
// the Book) and the date it takes effect.
type Op struct {
	ID   string        `json:"id"`
	Date calendar.Date `json:"date"`
}

func (o Op) op() Op { return o }

// Command is an operation on the Book. The command types of this package
// implement it; hosts create them as plain structs.
type Command interface {
	op() Op
	kind() string
	// exec validates the command against the whole state and applies it. It
	// must change nothing when it returns an error.
	exec(b *Book) (Receipt, error)
}

// Receipt is what an accepted command reports back.
type Receipt struct {
	Seq      int64    `json:"seq"`                // the event's sequence number
	Kind     string   `json:"kind"`               // the command's kind
	ID       string   `json:"id"`                 // the command's ID
	Repeat   bool     `json:"repeat,omitempty"`   // true when the command was a no-op repeat
	Warnings []string `json:"warnings,omitempty"` // e.g. a lender above the concentration benchmark
	Refs     []string `json:"refs,omitempty"`     // what the command created: loan IDs, group IDs ...
	// FollowUps are the members to visit after a group collection
	// (Collect), the most urgent first: the follow-up warnings as data, for
	// a host that schedules the visits.
	FollowUps []lending.FollowUp `json:"follow_ups,omitempty"`
}

// CommandError says which command was refused and why; it wraps the reason.
type CommandError struct {
	Kind string
	ID   string
	Err  error
}

func (e *CommandError) Error() string {
	return fmt.Sprintf("koperasi: %s %q refused: %v", e.Kind, e.ID, e.Err)
}

func (e *CommandError) Unwrap() error { return e.Err }

// seen is what the Book remembers of an accepted command, for idempotency:
// its event, from which the receipt is rebuilt, and the receipt's lists,
// which few commands have (one entry per command ever accepted, so small).
type seen struct {
	seq   int64 // the event; its command's bytes are b.log.At(seq-1).Cmd
	lists *receiptLists
}

// receiptLists are the warnings and references a repeat's receipt gives
// back (the follow-ups are in Book.followUps: few commands have any).
type receiptLists struct{ warnings, refs []string }

// Do validates and applies a command. See the package doc for the rules.
func (b *Book) Do(c Command) (Receipt, error) {
	if c == nil {
		return Receipt{}, &CommandError{Err: fmt.Errorf("%w: nil command", ErrInvalid)}
	}
	if v := reflect.ValueOf(c); v.Kind() == reflect.Pointer && v.IsNil() {
		// a nil *Deposit is a Command too, but has no ID or kind to read
		return Receipt{}, &CommandError{Err: fmt.Errorf("%w: nil %T", ErrInvalid, c)}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	payload, err := appendCommand(&b.scratch, c)
	if err != nil {
		return Receipt{}, &CommandError{Kind: c.kind(), ID: c.op().ID, Err: fmt.Errorf("%w: %v", ErrInvalid, err)}
	}
	return b.do(c, payload)
}

// do runs a command under the lock: idempotency, the date rules, then the
// command itself, then the log.
func (b *Book) do(c Command, payload []byte) (Receipt, error) {
	o, k := c.op(), c.kind()
	fail := func(err error) (Receipt, error) { return Receipt{}, &CommandError{Kind: k, ID: o.ID, Err: err} }
	if prev, ok := b.ids[o.ID]; ok {
		ev := b.log.At(int32(prev.seq - 1))
		if ev.Kind == k && bytes.Equal(ev.Cmd, payload) {
			r := Receipt{Seq: prev.seq, Kind: k, ID: o.ID, Repeat: true}
			if prev.lists != nil {
				r.Warnings, r.Refs = slices.Clone(prev.lists.warnings), slices.Clone(prev.lists.refs)
				r.FollowUps = cloneFollowUps(b.followUps[prev.seq])
			}
			return r, nil
		}
		return fail(fmt.Errorf("%w: %q was a %s (event %d)", ErrConflict, o.ID, ev.Kind, prev.seq))
	}
	switch {
	case o.ID == "":
		return fail(fmt.Errorf("%w: a command needs an ID", ErrInvalid))
	case len(o.ID) > 200:
		return fail(fmt.Errorf("%w: command ID longer than 200 bytes", ErrInvalid))
	case strings.Contains(o.ID, "/"):
		// the Book derives the IDs of what a command posts as "<id>/...":
		// a command ID of that form could take one of them first
		return fail(fmt.Errorf("%w: command ID %q has a '/', which the Book keeps for the IDs it derives", ErrInvalid, o.ID))
	case o.Date.IsZero():
		return fail(fmt.Errorf("%w: a command needs a date", ErrInvalid))
	case b.log.Len() == math.MaxInt32:
		return fail(fmt.Errorf("%w: the event log is full: start a new Book for the next period", ErrInvalid))
	}
	// A reopening is dated after the day it goes back to, not the one it
	// reopens (which may be a day closed by mistake, far ahead).
	closed := b.closed()
	if k == reopenKind && len(b.closes) > 0 {
		closed = b.closedBefore()
	}
	switch {
	case !closed.IsZero() && !o.Date.After(closed):
		return fail(fmt.Errorf("%w: %s is on or before the last closed day %s", ErrClosedPeriod, o.Date, closed))
	case b.cfg.StrictDates && o.Date.Before(b.last):
		return fail(fmt.Errorf("%w: %s is before the previous command's date %s", ErrClosedPeriod, o.Date, b.last))
	}
	r, err := c.exec(b)
	if err != nil {
		if isDirty(err) {
			// the command failed after changing part of the state: rebuild
			// it from the log, which does not hold this command
			if rerr := b.rebuild(); rerr != nil {
				return fail(fmt.Errorf("%w (and rebuilding the state failed: %v)", err, rerr))
			}
		}
		return fail(err)
	}
	seq := int64(b.log.Len()) + 1
	r.Seq, r.Kind, r.ID = seq, k, o.ID
	// payload is the caller's or the scratch buffer's: the log keeps a copy
	b.log.Push(Event{V: LogVersion, Seq: seq, Kind: k, Cmd: json.RawMessage(b.payloads.copy(payload))})
	sn := seen{seq: seq}
	if len(r.Warnings) > 0 || len(r.Refs) > 0 || len(r.FollowUps) > 0 {
		sn.lists = &receiptLists{slices.Clone(r.Warnings), slices.Clone(r.Refs)}
		if len(r.FollowUps) > 0 {
			if b.followUps == nil {
				b.followUps = map[int64][]lending.FollowUp{}
			}
			b.followUps[seq] = cloneFollowUps(r.FollowUps)
		}
	}
	b.ids[o.ID] = sn
	b.dated(k, o.Date)
	return r, nil
}

// cloneFollowUps is a deep copy: a receipt's holder may change its own.
func cloneFollowUps(fs []lending.FollowUp) []lending.FollowUp {
	if fs == nil {
		return nil
	}
	out := slices.Clone(fs)
	for i := range out {
		out[i].Visitors = slices.Clone(out[i].Visitors)
	}
	return out
}

// closed is the last closed day: no command may be dated on or before it.
func (b *Book) closed() calendar.Date {
	if n := len(b.closes); n > 0 {
		return b.closes[n-1]
	}
	return calendar.Date{}
}

// closedBefore is the day closed before the last one (ReopenDay goes back
// to it), or the zero Date.
func (b *Book) closedBefore() calendar.Date {
	if n := len(b.closes); n > 1 {
		return b.closes[n-2]
	}
	return calendar.Date{}
}

// dated records the date of a command of kind k as the latest, if it is.
// Closing and reopening days are not operations: their dates do not count
// (for StrictDates), so that a day closed by mistake far ahead does not
// lock the Book once reopened.
func (b *Book) dated(k string, d calendar.Date) {
	if k != closeKind && k != reopenKind && d.After(b.last) {
		b.last = d
	}
}

// Book is the integrated koperasi. Create one with New (or ReadLog) and
// change it only through Do and Apply. Its zero value is not usable.
type Book struct {
	mu     sync.RWMutex
	cfg    Config
	log    blocks.Column[Event] // never copied as it grows
	ids    map[string]seen
	last   calendar.Date   // latest command date
	closes []calendar.Date // the days closed (CloseDay) and not reopened, oldest first
	// followUps are the follow-ups of the collections that had any, by
	// event, for a repeat's receipt
	followUps map[int64][]lending.FollowUp
	st        state

	scratch  []byte        // for writing payloads, under mu
	payloads payloadBlocks // the log's payloads are cut from these
	work     work
}

// work is scratch memory reused from one command to the next, under mu.
type work struct {
	loans   []lending.Loan
	states  []lending.State
	credits lenderCredits
	lrs     []*loanRec
	collect lending.Scratch
	payout  []lending.LenderPayout
}

// rebuild replaces the state by replaying the log into a fresh one.
func (b *Book) rebuild() error {
	st, err := newState(b.cfg)
	if err != nil {
		return err
	}
	saved, closes, last := b.st, b.closes, b.last
	b.st, b.closes, b.last = st, nil, calendar.Date{}
	for i := range b.log.Len() {
		ev := b.log.At(i)
		c, err := decodeCommand(ev.Kind, ev.Cmd)
		if err == nil {
			_, err = c.exec(b)
		}
		if err != nil {
			b.st, b.closes, b.last = saved, closes, last
			return fmt.Errorf("event %d: %w", i+1, err)
		}
		b.dated(ev.Kind, c.op().Date)
	}
	return nil
}
