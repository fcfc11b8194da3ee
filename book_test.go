package koperasi

import (
	"bytes"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/stretchr/testify/require"
)

func day(t testing.TB, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	require.NoError(t, err)
	return d
}

func testConfig() Config {
	return Config{Savings: members.Config{Pokok: money.Rupiah(10_000), Wajib: money.Rupiah(5_000), WajibAdvanceMonths: 12}}
}

func testMember(t testing.TB, id members.ID, serial int) members.Member {
	nik, err := members.ParseNIK("32170" + string(rune('1'+serial%9)) + "0508900001")
	require.NoError(t, err)
	return members.Member{
		ID: id, Name: "Anggota " + string(id), NIK: nik, KK: "3217010101200001",
		Household: "H-" + string(id),
		Address:   members.Address{RT: 2, RW: 8, Village: "Mekarmukti"},
		Business:  members.Business{Type: members.BusinessFishProcessing},
		Joined:    day(t, "2023-12-01"), Status: members.Active,
		Documents: members.Documents{KTP: true, KK: true},
	}
}

func stateJSON(t testing.TB, b *Book) string {
	t.Helper()
	s, err := json.Marshal(b)
	require.NoError(t, err)
	return string(s)
}

func TestBookMembersReplayAndIdempotency(t *testing.T) {
	b, err := New(testConfig())
	require.NoError(t, err)
	d := day(t, "2024-01-05")
	cmds := []Command{
		RegisterMember{Op{"c1", d}, testMember(t, "A-01", 1)},
		PayPokok{Op{"c2", d}, "A-01"},
		PayWajib{Op{"c3", d}, "A-01", d.YearMonth()},
		Deposit{Op{"c4", d}, "A-01", money.Rupiah(50_000)},
		Withdraw{Op{"c5", d.AddDays(1)}, "A-01", members.Sukarela, money.Rupiah(20_000)},
	}
	for _, c := range cmds {
		_, err := b.Do(c)
		require.NoError(t, err)
	}
	// a repeat is a no-op with the same receipt
	before := stateJSON(t, b)
	r, err := b.Do(cmds[3])
	require.NoError(t, err)
	require.True(t, r.Repeat)
	require.Equal(t, int64(4), r.Seq)
	require.Equal(t, before, stateJSON(t, b))

	// the same ID with another payload conflicts and changes nothing
	_, err = b.Do(Deposit{Op{"c4", d}, "A-01", money.Rupiah(1)})
	require.ErrorIs(t, err, ErrConflict)
	// a refused command changes nothing
	_, err = b.Do(Withdraw{Op{"c6", d.AddDays(1)}, "A-01", members.Sukarela, money.Rupiah(999_999)})
	require.ErrorIs(t, err, members.ErrInsufficientFunds)
	require.Equal(t, before, stateJSON(t, b))

	// replay gives the same state and the same log
	var log bytes.Buffer
	require.NoError(t, b.WriteLog(&log))
	b2, err := ReadLog(testConfig(), bytes.NewReader(log.Bytes()))
	require.NoError(t, err)
	require.Equal(t, before, stateJSON(t, b2))
	var log2 bytes.Buffer
	require.NoError(t, b2.WriteLog(&log2))
	require.Equal(t, log.String(), log2.String())
}

func TestReadLogRefusesTampering(t *testing.T) {
	b, err := New(testConfig())
	require.NoError(t, err)
	d := day(t, "2024-01-05")
	_, err = b.Do(RegisterMember{Op{"c1", d}, testMember(t, "A-01", 1)})
	require.NoError(t, err)
	_, err = b.Do(Deposit{Op{"c2", d}, "A-01", money.Rupiah(1000)})
	require.NoError(t, err)
	var log bytes.Buffer
	require.NoError(t, b.WriteLog(&log))
	lines := bytes.SplitAfter(log.Bytes(), []byte("\n"))
	for name, bad := range map[string]string{
		"bad json":     string(lines[0]) + "{not json\n",
		"gap":          string(lines[0]) + string(bytes.Replace(lines[1], []byte(`"seq":2`), []byte(`"seq":3`), 1)),
		"unknown kind": string(lines[0]) + string(bytes.Replace(lines[1], []byte(`savings.deposit`), []byte(`savings.steal`), 1)),
		"version":      string(bytes.Replace(lines[0], []byte(`"v":1`), []byte(`"v":9`), 1)),
		"rejected":     string(lines[0]) + string(bytes.Replace(lines[1], []byte(`A-01`), []byte(`Z-99`), 1)),
		"duplicate ID": string(lines[0]) + string(bytes.Replace(lines[1], []byte(`"c2"`), []byte(`"c1"`), 1)),
	} {
		_, err := ReadLog(testConfig(), bytes.NewReader([]byte(bad)))
		require.ErrorIs(t, err, ErrLog, name)
		var le *LogError
		require.True(t, errors.As(err, &le), name)
		require.Equal(t, map[bool]int{true: 1, false: 2}[name == "version"], le.Line, name)
	}
}

func TestDateRules(t *testing.T) {
	b, err := New(testConfig())
	require.NoError(t, err)
	d := day(t, "2024-01-05")
	_, err = b.Do(RegisterMember{Op{"c1", d}, testMember(t, "A-01", 1)})
	require.NoError(t, err)
	_, err = b.Do(CloseDay{Op{"close", d}})
	require.NoError(t, err)
	_, err = b.Do(Deposit{Op{"c2", d}, "A-01", money.Rupiah(1000)})
	require.ErrorIs(t, err, ErrClosedPeriod)
	_, err = b.Do(Deposit{Op{"c3", calendar.Date{}}, "A-01", money.Rupiah(1000)})
	require.ErrorIs(t, err, ErrInvalid)
	_, err = b.Do(Deposit{Op{"", d.AddDays(1)}, "A-01", money.Rupiah(1000)})
	require.ErrorIs(t, err, ErrInvalid)
	// no command at all, or a nil pointer to one, is refused, not a panic
	_, err = b.Do(nil)
	require.ErrorIs(t, err, ErrInvalid)
	_, err = b.Do((*Deposit)(nil))
	require.ErrorIs(t, err, ErrInvalid)
	_, err = b.Do((*RegisterMember)(nil))
	require.ErrorIs(t, err, ErrInvalid)
}

// A day closed by mistake, far ahead, would lock the Book: ReopenDay undoes
// the last close, back to the day closed before it, and is dated after
// that day. With StrictDates the mistaken close's date no longer counts as
// the previous command's. The log replays the closes and the reopenings.
func TestReopenDay(t *testing.T) {
	for _, strict := range []bool{false, true} {
		b, cfg, do := datesBook(t, strict)
		d := day(t, "2024-01-05")
		before := bookJSON(t, b)
		require.ErrorIs(t, do(ReopenDay{Op{"r0", d}}), ErrInvalid, "no day is closed")
		require.Equal(t, before, bookJSON(t, b), "a refused reopening changes nothing")

		require.NoError(t, do(CloseDay{Op{"close1", d}}))
		require.NoError(t, do(CloseDay{Op{"close2", day(t, "2204-05-20")}}), "a date typed wrong")
		require.ErrorIs(t, do(Deposit{Op{"c2", d.AddDays(1)}, "A-01", money.Rupiah(1000)}), ErrClosedPeriod)
		require.ErrorIs(t, do(ReopenDay{Op{"r1", d}}), ErrClosedPeriod, "dated on the day it would go back to")
		r, err := b.Do(ReopenDay{Op{"r1", d.AddDays(1)}})
		require.NoError(t, err)
		require.Equal(t, []string{"the books stay closed up to 2024-01-05"}, r.Warnings)
		require.NoError(t, do(Deposit{Op{"c2", d.AddDays(1)}, "A-01", money.Rupiah(1000)}), "strict %v", strict)
		require.ErrorIs(t, do(Deposit{Op{"c3", d}, "A-01", money.Rupiah(1000)}), ErrClosedPeriod, "the first close holds")

		require.NoError(t, do(ReopenDay{Op{"r2", d.AddDays(1)}}))
		err = do(RegisterMember{Op{"c4", d}, testMember(t, "A-02", 2)})
		if strict {
			require.ErrorIs(t, err, ErrClosedPeriod, "before the previous command's date")
		} else {
			require.NoError(t, err, "no day closed any more")
		}
		require.ErrorIs(t, do(ReopenDay{Op{"r3", d.AddDays(2)}}), ErrInvalid, "nothing left to reopen")

		var log bytes.Buffer
		require.NoError(t, b.WriteLog(&log))
		back, err := ReadLog(cfg, &log)
		require.NoError(t, err)
		require.Equal(t, bookJSON(t, b), bookJSON(t, back), "the log replays to the same Book")
	}
}

// Two closes typed wrong, one after the other, are undone by two
// reopenings dated in the present: a close or a reopening does not count as
// the previous command's date, with StrictDates either. Found by a review.
func TestReopenTwoMistakenCloses(t *testing.T) {
	b, cfg, do := datesBook(t, true)
	d := day(t, "2024-01-05")
	require.NoError(t, do(CloseDay{Op{"close1", day(t, "2204-05-20")}}))
	require.NoError(t, do(CloseDay{Op{"close2", day(t, "2204-05-21")}}))
	require.ErrorIs(t, do(ReopenDay{Op{"r1", d.AddDays(1)}}), ErrClosedPeriod, "the first reopening goes back to 2204-05-20 only")
	require.NoError(t, do(ReopenDay{Op{"r1", day(t, "2204-05-21")}}))
	require.NoError(t, do(ReopenDay{Op{"r2", d.AddDays(1)}}))
	require.NoError(t, do(Deposit{Op{"c2", d.AddDays(1)}, "A-01", money.Rupiah(1000)}), "the Book is open again in the present")
	var log bytes.Buffer
	require.NoError(t, b.WriteLog(&log))
	back, err := ReadLog(cfg, &log)
	require.NoError(t, err)
	require.Equal(t, bookJSON(t, b), bookJSON(t, back))
}

// datesBook is a Book with member A-01 registered on 2024-01-05, its
// Config (StrictDates as given), and a shorthand for Do.
func datesBook(t *testing.T, strict bool) (*Book, Config, func(Command) error) {
	t.Helper()
	cfg := testConfig()
	cfg.StrictDates = strict
	b, err := New(cfg)
	require.NoError(t, err)
	do := func(c Command) error {
		_, err := b.Do(c)
		return err
	}
	require.NoError(t, do(RegisterMember{Op{"c1", day(t, "2024-01-05")}, testMember(t, "A-01", 1)}))
	return b, cfg, do
}

func bookJSON(t *testing.T, b *Book) string {
	t.Helper()
	j, err := b.MarshalJSON()
	require.NoError(t, err)
	return string(j)
}

// Concurrent commands and queries are safe (run with -race).
func TestConcurrentUse(t *testing.T) {
	b, err := New(testConfig())
	require.NoError(t, err)
	d := day(t, "2024-01-05")
	_, err = b.Do(RegisterMember{Op{"c1", d}, testMember(t, "A-01", 1)})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				_, err := b.Do(Deposit{Op{string(rune('a'+w)) + time.Duration(i).String(), d}, "A-01", money.Rupiah(100)})
				if err != nil {
					t.Error(err)
				}
				b.TrialBalance()
				_, _ = json.Marshal(b)
			}
		}()
	}
	wg.Wait()
	require.Equal(t, 201, b.Len())
}
