package koperasi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/examples/pilot"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/stretchr/testify/require"
)

// The Book is safe for concurrent use (run with -race): cycle 1 of the
// pilot is collected by one goroutine per group, day by day, while other
// goroutines deposit for the participants, repeat commands already done,
// reuse their IDs for other payloads, and read the Book through every
// query. Every command is applied exactly once, the invariants hold, and
// each lender ends cycle 1 with its deposit plus its margin.
func TestConcurrentCommandsAndQueries(t *testing.T) {
	b, rest := pilotUntil(t, "collect-G1-1-1")
	cfg := pilot.Config()
	// the collections of cycle 1, by day, and the closes
	var days [][]koperasi.Command
	var closes []koperasi.Command
	for _, c := range rest {
		switch c := c.(type) {
		case koperasi.Collect:
			if n := len(days); n == 0 || opOf(days[n-1][0]).Date != c.Date {
				days = append(days, nil)
			}
			days[len(days)-1] = append(days[len(days)-1], c)
		case koperasi.CloseCycle:
			closes = append(closes, c)
		}
		if len(closes) == 3 {
			break
		}
	}
	require.Len(t, days, 6)
	require.Len(t, closes, 3)
	start := b.Len()
	done := pilot.Commands()[:start]

	var writers, readers sync.WaitGroup
	stop := make(chan struct{})
	fail := func(format string, args ...any) { t.Errorf(format, args...) }

	// readers first, so that they run through every command below
	startReaders(t, b, cfg, &readers, stop)

	// one goroutine per group collects, all groups meeting on a day before
	// the next day starts (the lenders' payouts are dated, and a member's
	// savings are recorded in date order)
	for _, day := range days {
		var wg sync.WaitGroup
		for _, c := range day {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := b.Do(c); err != nil {
					fail("%s: %v", opOf(c).ID, err)
				}
			}()
		}
		wg.Wait()
	}
	// deposits for the participants, in parallel with the closes
	var deposits atomic.Int64
	for w := range 3 {
		writers.Add(1)
		go func() {
			defer writers.Done()
			for i := range 20 {
				id := members.ID(fmt.Sprintf("P%02d", 1+w*5+i%5))
				c := koperasi.Deposit{Op: koperasi.Op{ID: fmt.Sprintf("dep-%d-%d", w, i), Date: pilot.Date(time.April, 6)}, Member: id, Amount: money.Rupiah(1_000)}
				if _, err := b.Do(c); err != nil {
					fail("%s: %v", c.ID, err)
					continue
				}
				deposits.Add(1)
			}
		}()
	}
	for _, c := range closes {
		writers.Add(1)
		go func() {
			defer writers.Done()
			if _, err := b.Do(c); err != nil {
				fail("%s: %v", opOf(c).ID, err)
			}
		}()
	}
	// repeats are no-ops; reused IDs are conflicts
	writers.Add(1)
	go func() {
		defer writers.Done()
		for i, c := range done {
			if i%7 != 0 {
				continue
			}
			r, err := b.Do(c)
			if err != nil || !r.Repeat {
				fail("repeat of %s: %+v, %v", opOf(c).ID, r, err)
			}
			_, err = b.Do(koperasi.Deposit{Op: opOf(c), Member: "P01", Amount: money.Rupiah(7)})
			if err == nil {
				fail("reuse of %s accepted", opOf(c).ID)
			}
		}
	}()
	writers.Wait()
	close(stop)
	readers.Wait()
	if t.Failed() {
		return
	}
	require.Equal(t, start+6*3+3+int(deposits.Load()), b.Len(), "each command applied exactly once")
	js := bookJSON(t, b)
	checkBook(t, b, cfg, js, readView(t, js))
	for _, l := range pilot.Lenders() {
		pos, err := b.SavingsPosition(l.ID, pilot.Date(time.April, 30))
		require.NoError(t, err)
		require.Equal(t, int64(100_000+600), pos.Sukarela.Minor(), "lender %s after cycle 1", l.ID)
	}
}

// startReaders starts goroutines that read the Book through every query
// until stop is closed.
func startReaders(t *testing.T, b *koperasi.Book, cfg koperasi.Config, readers *sync.WaitGroup, stop chan struct{}) {
	fail := func(format string, args ...any) { t.Errorf(format, args...) }
	for r := range 4 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				switch (r + i) % 10 {
				case 0:
					if tb := b.TrialBalance(); tb.Debits != tb.Credits {
						fail("trial balance %v != %v", tb.Debits, tb.Credits)
					}
				case 1:
					if _, err := json.Marshal(b); err != nil {
						fail("marshal: %v", err)
					}
				case 2:
					if err := b.WriteLog(io.Discard); err != nil {
						fail("write log: %v", err)
					}
				case 3:
					_ = b.Journal()
					_ = b.Events()
				case 4:
					for _, m := range b.Members() {
						if _, err := b.SavingsPosition(m.ID, pilot.Date(time.April, 30)); err != nil {
							fail("position: %v", err)
						}
					}
				case 5:
					if _, err := b.MemberStatement("L01", pilot.Date(time.March, 1), pilot.Date(time.April, 30)); err != nil {
						fail("statement: %v", err)
					}
				case 6:
					_, _ = b.Member("P07")
					_ = b.Len()
				case 8:
					if _, err := b.LenderStatements(pilot.Date(time.April, 30)); err != nil {
						fail("lender statements: %v", err)
					}
					if _, err := b.Metrics(koperasi.Scope{}, pilot.Date(time.April, 30)); err != nil {
						fail("metrics: %v", err)
					}
				case 9:
					for _, g := range b.Groups() {
						if _, err := b.GroupStatus(g); err != nil {
							fail("group status: %v", err)
						}
						_, _ = b.CollectionSheet(g, pilot.Date(time.April, 2))
					}
					for _, id := range b.Loans() {
						if _, err := b.Loan(id); err != nil {
							fail("loan: %v", err)
						}
						_, _ = b.Position(id, pilot.Date(time.April, 2))
					}
					_ = b.Facilities()
				case 7:
					var buf bytes.Buffer
					if err := b.WriteLog(&buf); err == nil {
						if _, err := koperasi.ReadLog(cfg, &buf); err != nil {
							fail("a log written during commands does not read back: %v", err)
						}
					}
				}
			}
		}()
	}
}
