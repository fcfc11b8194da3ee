package koperasi_test

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/examples/pilot"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// A command is validated against the whole Book: a withdrawal beyond the
// free balance is refused with a typed error and changes nothing, and a
// retried command is a no-op.
func ExampleBook_Do() {
	b, _ := koperasi.New(pilot.Config())
	day, _ := calendar.NewDate(2024, time.March, 5)
	lender := pilot.Lenders()[0]
	cmds := []koperasi.Command{
		koperasi.RegisterMember{Op: koperasi.Op{ID: "reg-L01", Date: day}, Member: lender},
		koperasi.PayPokok{Op: koperasi.Op{ID: "pokok-L01", Date: day}, Member: lender.ID},
		koperasi.Deposit{Op: koperasi.Op{ID: "dep-1", Date: day}, Member: lender.ID, Amount: money.Rupiah(100_000)},
	}
	for _, c := range cmds {
		if _, err := b.Do(c); err != nil {
			fmt.Println(err)
		}
	}
	r, _ := b.Do(cmds[2]) // the teller pressed twice
	fmt.Println("repeat:", r.Repeat, "events:", b.Len())

	_, err := b.Do(koperasi.Withdraw{Op: koperasi.Op{ID: "wd-1", Date: day}, Member: lender.ID, Kind: members.Sukarela, Amount: money.Rupiah(150_000)})
	fmt.Println("insufficient funds:", errors.Is(err, members.ErrInsufficientFunds), "events:", b.Len())
	pos, _ := b.SavingsPosition(lender.ID, day)
	fmt.Println("sukarela:", pos.Sukarela)
	// Output:
	// repeat: true events: 3
	// insufficient funds: true events: 3
	// sukarela: Rp100.000
}

// The event log is the source of truth: replaying it gives the same Book.
func ExampleReadLog() {
	b, _ := pilot.Book()
	var log bytes.Buffer
	_ = b.WriteLog(&log)
	b2, err := koperasi.ReadLog(pilot.Config(), &log)
	if err != nil {
		fmt.Println(err)
		return
	}
	j1, _ := b.MarshalJSON()
	j2, _ := b2.MarshalJSON()
	fmt.Println("events:", b2.Len(), "same state:", bytes.Equal(j1, j2))
	tb := b2.TrialBalance()
	fmt.Println("debits = credits:", tb.Debits == tb.Credits, tb.Debits)
	// Output:
	// events: 254 same state: true
	// debits = credits: true Rp2.268.000
}

// A host keeps the event log in its own database: it stores the event of
// every command it records (not again for a repeat), and at start-up
// replays the stored events into a new Book, with Apply (or ReadLog from
// JSON lines).
func ExampleBook_Event() {
	var table []koperasi.Event // the host's database table of events
	record := func(b *koperasi.Book, c koperasi.Command) error {
		r, err := b.Do(c)
		if err != nil || r.Repeat {
			return err
		}
		ev, _ := b.Event(r.Seq)
		table = append(table, ev) // INSERT INTO events ...
		return nil
	}
	b, _ := koperasi.New(pilot.Config())
	for _, c := range pilot.Commands()[:40] {
		if err := record(b, c); err != nil {
			fmt.Println(err)
		}
	}
	_ = record(b, pilot.Commands()[39]) // retried: not stored twice

	// start-up: replay what was stored
	b2, _ := koperasi.New(pilot.Config())
	for _, ev := range table {
		if err := b2.Apply(ev); err != nil {
			fmt.Println(err)
			return
		}
	}
	j1, _ := b.MarshalJSON()
	j2, _ := b2.MarshalJSON()
	fmt.Println("stored:", len(table), "same Book:", bytes.Equal(j1, j2))
	fmt.Println("not yet stored:", len(b.EventsSince(int64(len(table)))))
	// Output:
	// stored: 40 same Book: true
	// not yet stored: 0
}
