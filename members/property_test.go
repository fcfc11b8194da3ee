package members

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// model is what a member's sukarela should be, kept the simple way.
type model struct {
	bal, held int64
	holds     map[string]int64 // active
	used      map[string]bool  // every hold ID ever placed
	resigned  bool
	pokok     bool
	wajib     map[calendar.YearMonth]bool
}

func (m *model) free() int64 { return m.bal - m.held }

// TestSavingsProperties drives random sequences of operations, valid and
// not, against a model. After every step: no balance, held amount or free
// balance is negative, the trial balance balances, the ledger's savings
// accounts equal the members' sub-balances, the sukarela balance and held
// amount match the model; a refused operation leaves the savings and the
// journal JSON byte-identical, and an accepted one is exactly what the model
// allows.
func TestSavingsProperties(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		s, j := newSavings(rt)
		members := []ID{"A-0001", "A-0002"}
		models := map[ID]*model{}
		start := day(rt, "2024-01-01")
		for i, id := range members {
			require.NoError(rt, s.Register(Op{ID: "reg-" + string(id), Date: start}, person(rt, id, i+1)))
			models[id] = &model{holds: map[string]int64{}, used: map[string]bool{}, wajib: map[calendar.YearMonth]bool{}}
		}
		// Joined is 2023-12-28 for every person; the clock starts later.
		date := start
		last := map[ID]calendar.Date{}
		n := 0
		var applied []Operation

		// try runs one operation, now or (sometimes) back-dated by a day,
		// and checks that a refusal changed nothing.
		try := func(rt *rapid.T, name string, f func(Op) error) {
			n++
			o := Op{ID: fmt.Sprintf("op-%d", n), Date: date}
			if rapid.IntRange(0, 20).Draw(rt, "back-dated") == 0 {
				o.Date = date.AddDays(-1)
			}
			before, jbefore := mustJSON(rt, s), mustJSON(rt, j)
			err := f(o)
			if err != nil {
				require.Equal(rt, string(before), string(mustJSON(rt, s)), "%s refused (%v) but savings changed", name, err)
				require.Equal(rt, string(jbefore), string(mustJSON(rt, j)), "%s refused (%v) but journal changed", name, err)
			}
			if err == nil {
				if op, ok := s.Operation(o.ID); ok {
					applied = append(applied, op)
				}
			}
		}
		datedOK := func(id ID, d calendar.Date) bool { return !d.Before(last[id]) }
		member := func(rt *rapid.T) (ID, *model) {
			id := rapid.SampledFrom(members).Draw(rt, "member")
			return id, models[id]
		}
		amount := func(rt *rapid.T) int64 {
			// Large enough to refuse often, small enough that the journal's
			// int64 turnover cannot overflow in one run (overflow has its own test).
			return rapid.SampledFrom([]int64{-5, 0, 1, 999, 5_000, 25_000, 100_000, 10_000_000_000}).Draw(rt, "amount")
		}
		holdID := func(rt *rapid.T) string { return rapid.SampledFrom([]string{"h1", "h2", "h3"}).Draw(rt, "hold") }

		rt.Repeat(map[string]func(*rapid.T){
			"advance": func(rt *rapid.T) { date = date.AddDays(rapid.IntRange(0, 20).Draw(rt, "days")) },
			"deposit": func(rt *rapid.T) {
				id, m := member(rt)
				a := amount(rt)
				var o Op
				var err error
				try(rt, "deposit", func(op Op) error { o = op; err = s.Deposit(op, id, rp(a)); return err })
				ok := a > 0 && !m.resigned && datedOK(id, o.Date)
				require.Equal(rt, ok, err == nil, "deposit %d: %v", a, err)
				if ok {
					m.bal += a
					last[id] = o.Date
				}
			},
			"withdraw": func(rt *rapid.T) {
				id, m := member(rt)
				a := amount(rt)
				k := rapid.SampledFrom([]Kind{Pokok, Wajib, Sukarela, Sukarela, Sukarela}).Draw(rt, "kind")
				var o Op
				try(rt, "withdraw", func(op Op) error { o = op; return s.Withdraw(op, id, k, rp(a)) })
				ok := k == Sukarela && a > 0 && a <= m.free() && !m.resigned && datedOK(id, o.Date)
				b, _ := s.Balances(id)
				if ok {
					m.bal -= a
					last[id] = o.Date
				}
				require.Equal(rt, m.bal, b.Sukarela.Minor(), "withdraw %d of %s (ok=%v)", a, k, ok)
			},
			"hold": func(rt *rapid.T) {
				id, m := member(rt)
				a := amount(rt)
				h := holdID(rt)
				var o Op
				var err error
				try(rt, "hold", func(op Op) error { o = op; err = s.Hold(op, id, h, rp(a)); return err })
				ok := a > 0 && a <= m.free() && !m.used[h] && !m.resigned && datedOK(id, o.Date)
				require.Equal(rt, ok, err == nil, "hold %s %d: %v", h, a, err)
				if ok {
					m.held += a
					m.holds[h], m.used[h] = a, true
					last[id] = o.Date
				}
			},
			"release": func(rt *rapid.T) {
				id, m := member(rt)
				h := holdID(rt)
				var o Op
				var err error
				try(rt, "release", func(op Op) error { o = op; err = s.Release(op, id, h); return err })
				_, active := m.holds[h]
				ok := active && !m.resigned && datedOK(id, o.Date)
				require.Equal(rt, ok, err == nil, "release %s: %v", h, err)
				if ok {
					m.held -= m.holds[h]
					delete(m.holds, h)
					last[id] = o.Date
				}
			},
			"capture": func(rt *rapid.T) {
				id, m := member(rt)
				h := holdID(rt)
				a := amount(rt)
				var o Op
				var err error
				try(rt, "capture", func(op Op) error { o = op; err = s.Capture(op, id, h, rp(a)); return err })
				held, active := m.holds[h]
				ok := active && a > 0 && a <= held && !m.resigned && datedOK(id, o.Date)
				require.Equal(rt, ok, err == nil, "capture %s %d: %v", h, a, err)
				if ok {
					m.held -= held
					m.bal -= a
					delete(m.holds, h)
					last[id] = o.Date
				}
			},
			"pay pokok": func(rt *rapid.T) {
				id, m := member(rt)
				var o Op
				var err error
				try(rt, "pokok", func(op Op) error { o = op; err = s.PayPokok(op, id); return err })
				ok := !m.pokok && !m.resigned && datedOK(id, o.Date)
				require.Equal(rt, ok, err == nil, "pokok: %v", err)
				if ok {
					m.pokok = true
					last[id] = o.Date
				}
			},
			"pay wajib": func(rt *rapid.T) {
				id, m := member(rt)
				ym := date.YearMonth().AddMonths(rapid.IntRange(-4, 14).Draw(rt, "month offset"))
				var o Op
				var err error
				try(rt, "wajib", func(op Op) error { o = op; err = s.PayWajib(op, id, ym); return err })
				first := month(rt, "2024-01")
				ok := !m.wajib[ym] && !m.resigned && datedOK(id, o.Date) && ym.Compare(first) >= 0 &&
					ym.Compare(o.Date.YearMonth().AddMonths(12)) <= 0
				require.Equal(rt, ok, err == nil, "wajib %s on %s: %v", ym, o.Date, err)
				if ok {
					m.wajib[ym] = true
					last[id] = o.Date
				}
			},
			"resign": func(rt *rapid.T) {
				id, m := member(rt)
				loans := rapid.IntRange(0, 1).Draw(rt, "open loans")
				var o Op
				var err error
				try(rt, "resign", func(op Op) error { o = op; err = s.Resign(op, id, loans); return err })
				ok := loans == 0 && len(m.holds) == 0 && !m.resigned && datedOK(id, o.Date)
				require.Equal(rt, ok, err == nil, "resign: %v", err)
				if ok {
					m.resigned, m.bal = true, 0
					last[id] = o.Date
				}
			},
			"replay": func(rt *rapid.T) {
				if len(applied) == 0 {
					return
				}
				o := rapid.SampledFrom(applied).Draw(rt, "operation")
				before, jbefore := mustJSON(rt, s), mustJSON(rt, j)
				require.NoError(rt, s.Apply(o), "replaying an applied operation is a no-op")
				require.Equal(rt, string(before), string(mustJSON(rt, s)))
				require.Equal(rt, string(jbefore), string(mustJSON(rt, j)))
				if o.Type == OpDeposit || o.Type == OpWithdraw {
					o.Amount, _ = o.Amount.Add(rp(1))
					require.ErrorIs(rt, s.Apply(o), ErrConflict)
					require.Equal(rt, string(before), string(mustJSON(rt, s)))
				}
			},
			"": func(rt *rapid.T) {
				requireBooksMatch(rt, s, j)
				for _, id := range members {
					b, err := s.Balances(id)
					require.NoError(rt, err)
					m := models[id]
					require.Equal(rt, m.bal, b.Sukarela.Minor(), "sukarela of %s", id)
					require.Equal(rt, m.held, b.Held.Minor(), "held of %s", id)
				}
			},
		})

		for _, id := range members {
			requireMovementsAgree(rt, s, j, id, rapid.IntRange(-5, 200).Draw(rt, "window start"), rapid.IntRange(0, 60).Draw(rt, "window days"))
		}

		// The log replays into a fresh book and journal, byte for byte.
		j2, err := ledger.New(money.IDR, ledger.StandardChart())
		require.NoError(rt, err)
		s2, err := New(testConfig(), j2)
		require.NoError(rt, err)
		for _, o := range s.Operations() {
			require.NoError(rt, s2.Apply(o))
		}
		require.Equal(rt, string(mustJSON(rt, s)), string(mustJSON(rt, s2)))
		require.Equal(rt, string(mustJSON(rt, j)), string(mustJSON(rt, j2)))
	})
}

// requireMovementsAgree checks a member's statement against the operation
// log and the journal: every movement carries its operation's date, month
// and hold; the running balance of each kind follows Change, and the held
// amount follows the holds placed and closed; the entry's memo is the one
// of its operation type; and a statement of a window of days is the part of
// the full one dated in it, opening where the days before it close.
func requireMovementsAgree(t tb, s *Savings, j *ledger.Journal, id ID, startDays, days int) {
	t.Helper()
	st, err := s.Statement(id, calendar.Date{}, calendar.Date{})
	require.NoError(t, err)
	run := map[Kind]int64{}
	var held int64
	holds := map[string]int64{}
	for i, mv := range st.Movements {
		o, ok := s.Operation(mv.Op)
		require.True(t, ok, "movement %d: operation %q", i, mv.Op)
		require.Equal(t, o.Date, mv.Date, "movement %d date", i)
		require.Equal(t, o.Month, mv.Month, "movement %d month", i)
		require.Equal(t, o.Hold, mv.Hold, "movement %d hold", i)
		require.True(t, mv.Amount.IsPositive(), "movement %d amount %s", i, mv.Amount)
		run[mv.Kind] += mv.Change().Minor()
		switch mv.Type {
		case MoveHold:
			holds[mv.Hold] = mv.Amount.Minor()
			held += mv.Amount.Minor()
		case MoveRelease, MoveCapture:
			held -= holds[mv.Hold]
		}
		require.Equal(t, rp(run[mv.Kind]), mv.Balance, "movement %d balance", i)
		require.Equal(t, rp(held), mv.Held, "movement %d held", i)
		if e, ok := j.Entry(mv.Op); ok {
			want := map[OpType]string{
				OpPayPokok: "simpanan pokok " + string(id),
				OpPayWajib: "simpanan wajib " + string(id) + " " + o.Month.String(),
				OpDeposit:  "simpanan sukarela " + string(id),
				OpWithdraw: "penarikan simpanan sukarela " + string(id),
				OpCapture:  "simpanan sukarela " + string(id) + " untuk pendanaan " + o.Hold,
				OpResign:   "pengembalian simpanan " + string(id) + " (keluar)",
			}[o.Type]
			require.Equal(t, want, e.Memo, "memo of %s", mv.Op)
		}
	}
	buf, err := s.AppendMovements(nil, id, calendar.Date{}, calendar.Date{})
	require.NoError(t, err)
	require.Empty(t, diff(st.Movements, buf, cmpopts.EquateEmpty()), "AppendMovements")

	from := day(t, "2024-01-01").AddDays(startDays)
	to := from.AddDays(days)
	w, err := s.Statement(id, from, to)
	require.NoError(t, err)
	var want []Movement
	for _, mv := range st.Movements {
		if !mv.Date.Before(from) && !mv.Date.After(to) {
			want = append(want, mv)
		}
	}
	require.Empty(t, diff(want, w.Movements, cmpopts.EquateEmpty()), "statement from %s to %s", from, to)
	before, err := s.Statement(id, calendar.Date{}, from.AddDays(-1))
	require.NoError(t, err)
	require.Equal(t, before.Closing, w.Opening, "opening on %s", from)
}

// checkText's one-pass check of ASCII text gives the answer of the checks
// for any text (checkUnicodeText: valid UTF-8, no surrounding spaces, no
// control character), for text drawn mostly from the characters that
// matter.
func TestCheckTextProperty(t *testing.T) {
	parts := []string{"a", "Z", "0", "-", "/", " ", "\t", "\n", "\v", "\f", "\r", "\x00", "\x1f", "\x7f", "\u0085", "\u00a0", "é", "\u2028", "\xff", "\xc3"}
	rapid.Check(t, func(rt *rapid.T) {
		s := strings.Join(rapid.SliceOfN(rapid.SampledFrom(parts), 0, 40).Draw(rt, "parts"), "")
		require.Equal(rt, checkUnicodeText(s), checkText(s, 100, false), "%q", s)
	})
}

// checkText reads ASCII eight bytes at a time: every byte value, at every
// place in and after the words of a 19-byte text, gives checkUnicodeText's
// answer.
func TestCheckTextEveryByte(t *testing.T) {
	for at := range 19 {
		for c := range 256 {
			b := []byte("op-2024-03-28/pay/x")
			b[at] = byte(c)
			s := string(b)
			require.Equal(t, checkUnicodeText(s), checkText(s, 100, false), "%q", s)
		}
	}
}
