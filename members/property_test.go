package members

import (
	"fmt"
	"testing"

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
