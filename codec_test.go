package koperasi

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// pilotEvents reads the pilot's golden event log (the fixture package
// imports this one, so its test data is read directly).
func pilotEvents(t testing.TB) []Event {
	t.Helper()
	f, err := os.Open("examples/pilot/testdata/pilot.jsonl")
	require.NoError(t, err)
	defer f.Close()
	var evs []Event
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		ev, err := decodeEvent(sc.Bytes())
		require.NoError(t, err)
		evs = append(evs, ev)
	}
	require.NoError(t, sc.Err())
	return evs
}

// checkFastAgrees is the codec's contract for one input: when the fast
// path decodes it, encoding/json decodes it too, to the same command, and
// the fast writer writes what encoding/json writes; when the fast path
// says the input is canonical, the input is byte for byte what
// appendCommand writes for the command (a replay keeps the input as the
// payload on that word).
func checkFastAgrees(t require.TestingT, kind string, raw []byte) (fast bool) {
	c, ok, canonical := readFast(kind, raw)
	if !ok {
		require.False(t, canonical, "canonical but not read: %s", raw)
		return false
	}
	want, err := decodeStrict(kind, raw)
	require.NoError(t, err, "the fast path accepted what encoding/json refuses: %s", raw)
	require.Equal(t, want, c, "the fast path read %s differently", raw)
	js, err := json.Marshal(c)
	require.NoError(t, err)
	got, err := appendCommand(nil, c)
	require.NoError(t, err)
	require.Equal(t, string(js), string(got))
	if canonical {
		require.Equal(t, string(got), string(raw), "the fast path called %s canonical", raw)
	}
	dc, dcanonical, err := decodeCanonical(kind, raw)
	require.NoError(t, err)
	require.Equal(t, c, dc)
	require.Equal(t, canonical, dcanonical)
	return true
}

// Every frequent command of the pilot's log takes the fast path and reads as
// encoding/json reads it; every command writes back to the same bytes.
func TestFastCodecPilot(t *testing.T) {
	fast := map[string]int{}
	for _, ev := range pilotEvents(t) {
		if checkFastAgrees(t, ev.Kind, ev.Cmd) {
			fast[ev.Kind]++
			_, _, canonical := readFast(ev.Kind, ev.Cmd)
			require.True(t, canonical, "the log's own %s", ev.Cmd)
		}
		// every kind, fast or not, marshals back to the log's bytes
		got, err := appendCommand(nil, mustDecode(t, ev))
		require.NoError(t, err)
		require.Equal(t, string(ev.Cmd), string(got))
	}
	require.Equal(t, map[string]int{
		"group.collect": 54, "savings.pay_wajib": 85, "savings.pay_pokok": 20,
		"savings.deposit": 5, "facility.pledge": 33, "member.register": 20,
		"group.appoint_leader": 3, "group.appoint_supervisor": 3, "group.close_cycle": 9,
		"facility.open": 9, "facility.disburse": 9, "group.form": 1, "goods.stock": 3,
	}, fast)
}

func mustDecode(t testing.TB, ev Event) Command {
	c, err := decodeCommand(ev.Kind, ev.Cmd)
	require.NoError(t, err)
	return c
}

// Inputs the fast path must leave to encoding/json, valid or not.
func TestFastCodecStepsAside(t *testing.T) {
	for _, tc := range []struct{ kind, raw string }{
		{"savings.pay_wajib", `{"id":"w","date":"2024-03-01","member":"P01","month":"2024-03"} `},
		{"savings.pay_wajib", `{"id":"w", "date":"2024-03-01","member":"P01","month":"2024-03"}`},
		{"savings.pay_wajib", `{"id":"w\u0041","date":"2024-03-01","member":"P01","month":"2024-03"}`},
		{"savings.pay_wajib", `{"ID":"w","date":"2024-03-01","member":"P01","month":"2024-03"}`},
		{"savings.pay_wajib", `{"id":"w","id":"x","date":"2024-03-01","member":"P01","month":"2024-03"}`},
		{"savings.pay_wajib", `{"id":"w","date":"2024-03-01","member":"P01","month":"2024-13"}`},
		{"savings.pay_wajib", `{"id":"w","date":"2024-03-01","member":"P01","month":"2024-03","x":1}`},
		{"savings.pay_wajib", `{"id":"w","date":"2024-03-01","member":"P01","month":"2024-03"}{}`},
		{"savings.pay_wajib", `{"id":"w","date":"2024-03-01","member":"P<1","month":"2024-03"}`},
		{"savings.pay_wajib", `{"id":"w","date":"2024-03-01","member":"P\u00e91","month":"2024-03"}`},
		{"savings.pay_wajib", `{"id":"w","date":null,"member":"P01","month":"2024-03"}`},
		{"savings.deposit", `{"id":"d","date":"2024-03-01","member":"P01","amount":4200}`},
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1","paid":[{}{}]}`},
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1","paid":[{"member":"P01","amount":"IDR 1"}{"member":"P02","amount":"IDR 1"}]}`},
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1","paid":[{"member":"P01","amount":"IDR 1"},]}`},
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1","paid":[{"member":"P01","amount":"IDR 1"}]`},
		{"loan.visit", `{"id":"r","date":"2024-03-01"}`},
		{"goods.stock", `{"id":"r","date":"2024-03-01","lines":[{"good":"G","quantity":1,"x":2}]}`},
		{"group.form", `{"id":"f","date":"2024-03-01","members":["A"],"prefix":1}`},
		{"facility.disburse", `{"id":"d","date":"2024-03-01","deliveries":[{"loan":"L","lines":[{"good":"G","quantity":1.5}]}]}`},
		{"group.create", `{"id":"g","date":"2024-03-01","members":["A",1]}`},
		{"facility.close", `{"id":"f","date":"2024-03-01","cancel":1}`},
	} {
		_, ok := decodeFast(tc.kind, []byte(tc.raw))
		require.False(t, ok, "%s", tc.raw)
	}
	// and the forms it does take
	for _, tc := range []struct{ kind, raw string }{
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1","paid":null}`},
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1","paid":[]}`},
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1","paid":[{},{}]}`},
		{"group.collect", `{"date":"2024-03-01","paid":[{"amount":"IDR 1","member":"P01"}],"group":"G1","id":"c"}`},
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1","paid":[{"member":"P01","amount":"IDR 1"}],"contributions":[]}`},
		{"savings.pay_pokok", `{}`},
		{"loan.pay", `{"id":"p","date":"2024-03-01","loan":"L1","amount":"IDR 4200"}`},
		{"day.close", `{"id":"d","date":"2024-03-01"}`},
		{"facility.close", `{"id":"f","date":"2024-03-01","facility":"F","cancel":false}`},
		{"group.create", `{"id":"g","date":"2024-03-01","group":"G","members":[],"leader":""}`},
		{"facility.disburse", `{"id":"d","date":"2024-03-01","deliveries":[{"loan":"L","lines":[{"good":"G","quantity":-2}]},{"lines":null}]}`},
		{"goods.stock", `{"id":"s","date":"2024-03-01","lines":[{"good":"G","quantity":3},{"quantity":0}]}`},
		{"goods.stock", `{"id":"s","date":"2024-03-01","lines":null}`},
		{"group.form", `{"id":"f","date":"2024-03-01","members":["A","B"],"prefix":"G"}`},
		{"group.form", `{"prefix":"G","members":[]}`},
	} {
		require.True(t, checkFastAgrees(t, tc.kind, []byte(tc.raw)), "%s", tc.raw)
	}
}

// FuzzFastCodec: on any input the fast path either steps aside or agrees
// with encoding/json, in the values read and the bytes written back.
func FuzzFastCodec(f *testing.F) {
	for _, ev := range pilotEvents(f) {
		if _, ok := decodeFast(ev.Kind, ev.Cmd); ok {
			f.Add(ev.Kind, []byte(ev.Cmd))
		}
	}
	f.Add("loan.pay", []byte(`{"id":"p","date":"2024-03-01","loan":"L1","amount":"IDR 4200"}`))
	f.Add("group.collect", []byte(`{"id":"c","date":"2024-03-01","group":"G1","paid":[{"member":"P01","amount":"IDR 1"}],"contributions":[{"member":"P01","amount":"IDR 500"}]}`))
	// an RT past 32 bits: encoding/json refuses it where int has 32
	f.Add("member.register", []byte(strings.Replace(registerWith("", ""), `"rt":1,`, `"rt":3000000000,`, 1)))
	for _, tc := range nearCanonical() { // for the canonical check
		f.Add(tc.kind, []byte(tc.raw))
	}
	f.Add("savings.pay_wajib", []byte(`{"id":"w","date":"2024-3-1","member":"P01","month":"2024-3"}`))
	f.Add("savings.pay_wajib", []byte(`{"id":"w","date":"2024-03-01","member":"P\u0030","month":"2024-03"}`))
	f.Add("facility.disburse", []byte(`{"id":"d","date":"2024-03-01","facility":"F","deliveries":[{"loan":"L","member":"P","package":"X","lines":[{"good":"G","quantity":-0}]}]}`))
	f.Add("facility.disburse", []byte(`{"id":"d","date":"2024-03-01","facility":"F","deliveries":[{"loan":"L","member":"P","package":"X","lines":[{"good":"G","quantity":1e3}]}]}`))
	f.Fuzz(func(t *testing.T, kind string, raw []byte) {
		checkFastAgrees(t, kind, raw)
	})
}

// Any command of the frequent kinds is written as encoding/json writes it,
// strange strings included, and reads back as encoding/json reads it.
func TestFastCodecWriteProperty(t *testing.T) {
	cmds := fastCommands()
	rapid.Check(t, func(t *rapid.T) {
		c := cmds.Draw(t, "command")
		want, jerr := json.Marshal(c)
		got, err := appendCommand(nil, c)
		if jerr != nil { // e.g. a status without a name: both refuse it
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		require.Equal(t, string(want), string(got))
		checkFastAgrees(t, c.kind(), want)
		if _, err := decodeStrict(c.kind(), want); err == nil && !strings.ContainsAny(string(want), `\<>&`) && isASCII(want) {
			_, ok, canonical := readFast(c.kind(), want)
			require.True(t, ok, "plain JSON left to the slow path: %s", want)
			require.True(t, canonical, "a payload not seen as canonical: %s", want)
		}
	})
}

func isASCII(b []byte) bool { return !bytes.ContainsFunc(b, func(r rune) bool { return r >= 0x80 }) }

// FuzzEventFast: a log line the fast reader takes is a line decodeEvent
// takes, with the same sequence number and command.
func FuzzEventFast(f *testing.F) {
	for _, ev := range pilotEvents(f)[:60] {
		line, err := json.Marshal(ev)
		require.NoError(f, err)
		f.Add(line)
	}
	f.Add([]byte(`{"v":1,"seq":7,"kind":"savings.pay_pokok","cmd":{"id":"p","date":"2024-01-01","member":"A"}}`))
	f.Add([]byte(`{"v":1,"seq":7,"kind":"savings.pay_pokok","cmd":{"id":"p","date":"2024-01-01","member":"A"},"x":1}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		seq, c, payload, ok := readEventFast(line)
		if !ok {
			require.Nil(t, payload)
			return
		}
		ev, err := decodeEvent(line)
		require.NoError(t, err, "the fast reader took a line decodeEvent refuses: %s", line)
		require.Equal(t, LogVersion, ev.V)
		require.Equal(t, ev.Seq, seq)
		want, err := decodeCommand(ev.Kind, ev.Cmd)
		require.NoError(t, err)
		require.Equal(t, want, c)
		if payload != nil {
			got, err := appendCommand(nil, c)
			require.NoError(t, err)
			require.Equal(t, string(got), string(payload), "the fast reader called the command of %s canonical", line)
			require.Equal(t, string(ev.Cmd), string(payload))
		}
	})
}

// The pilot's log lines all take the fast reader where their kind has one.
func TestEventFastPilot(t *testing.T) {
	n := 0
	for _, ev := range pilotEvents(t) {
		line, err := json.Marshal(ev)
		require.NoError(t, err)
		if _, c, payload, ok := readEventFast(line); ok {
			require.Equal(t, ev.Kind, c.kind())
			require.Equal(t, string(ev.Cmd), string(payload), "a line WriteLog wrote is canonical")
			n++
		}
	}
	require.Equal(t, 254, n)
}

// fastCommands draws commands of the kinds with a fast codec, with strange
// strings, zero and omitted fields, nil and empty slices.
func fastCommands() *rapid.Generator[Command] {
	str := rapid.OneOf(rapid.StringMatching(`[A-Za-z0-9_-]{0,8}`), rapid.String())
	amount := rapid.Custom(func(t *rapid.T) money.Amount {
		cur := rapid.SampledFrom([]money.Currency{money.IDR, money.USD}).Draw(t, "cur")
		return cur.Amount(rapid.Int64Range(-1e12, 1e12).Draw(t, "v"))
	})
	date := rapid.Custom(func(t *rapid.T) calendar.Date {
		if rapid.IntRange(0, 9).Draw(t, "zero") == 0 {
			return calendar.Date{}
		}
		d, err := calendar.NewDate(rapid.IntRange(1990, 2100).Draw(t, "y"), 3, rapid.IntRange(1, 28).Draw(t, "d"))
		require.NoError(t, err)
		return d
	})
	op := rapid.Custom(func(t *rapid.T) Op { return Op{ID: str.Draw(t, "id"), Date: date.Draw(t, "date")} })
	pairs := func(t *rapid.T, label string) ([]members.ID, []money.Amount) {
		n := rapid.IntRange(-1, 4).Draw(t, label)
		if n < 0 {
			return nil, nil
		}
		ms, as := make([]members.ID, n), make([]money.Amount, n)
		for i := range n {
			ms[i], as[i] = members.ID(str.Draw(t, "m")), amount.Draw(t, "a")
		}
		return ms, as
	}
	return rapid.Custom(func(t *rapid.T) Command {
		var c Command
		ids := func(label string) []members.ID {
			n := rapid.IntRange(-1, 4).Draw(t, label)
			if n < 0 {
				return nil
			}
			out := []members.ID{}
			for range n {
				out = append(out, members.ID(str.Draw(t, label)))
			}
			return out
		}
		lines := func(label string) []lending.GoodsLine {
			k := rapid.IntRange(-1, 3).Draw(t, label)
			if k < 0 {
				return nil
			}
			out := []lending.GoodsLine{}
			for range k {
				out = append(out, lending.GoodsLine{Good: lending.GoodCode(str.Draw(t, "good")), Quantity: rapid.Int64Range(-10, 1e9).Draw(t, "q")})
			}
			return out
		}
		switch rapid.IntRange(0, 17).Draw(t, "kind") {
		case 17:
			c = ReopenDay{Op: op.Draw(t, "op")}
		case 15:
			c = FormGroups{Op: op.Draw(t, "op"), Members: ids("members"), Prefix: str.Draw(t, "prefix")}
		case 16:
			c = StockGoods{Op: op.Draw(t, "op"), Lines: lines("lines")}
		case 7:
			c = CloseCycle{Op: op.Draw(t, "op"), Group: groups.ID(str.Draw(t, "g"))}
		case 8:
			c = CloseDay{Op: op.Draw(t, "op")}
		case 9:
			c = AppointLeader{Op: op.Draw(t, "op"), Group: groups.ID(str.Draw(t, "g")), Member: members.ID(str.Draw(t, "m"))}
		case 10:
			c = AppointSupervisor{Op: op.Draw(t, "op"), Group: groups.ID(str.Draw(t, "g")), Lender: members.ID(str.Draw(t, "m"))}
		case 11:
			v := OpenFacility{Op: op.Draw(t, "op"), Facility: lending.FacilityID(str.Draw(t, "f")), Group: groups.ID(str.Draw(t, "g")), Product: str.Draw(t, "p")}
			if rapid.Bool().Draw(t, "requested?") {
				v.Requested = amount.Draw(t, "requested")
			}
			c = v
		case 12:
			c = CloseFunding{Op: op.Draw(t, "op"), Facility: lending.FacilityID(str.Draw(t, "f")), Cancel: rapid.Bool().Draw(t, "cancel")}
		case 13:
			c = CreateGroup{Op: op.Draw(t, "op"), Group: groups.ID(str.Draw(t, "g")), Members: ids("members"), Leader: members.ID(str.Draw(t, "leader"))}
		case 14:
			v := Disburse{Op: op.Draw(t, "op"), Facility: lending.FacilityID(str.Draw(t, "f")), FirstDue: date.Draw(t, "first")}
			if n := rapid.IntRange(-1, 3).Draw(t, "deliveries"); n >= 0 {
				v.Deliveries = []Delivery{}
				for range n {
					d := Delivery{Loan: lending.LoanID(str.Draw(t, "loan")), Member: members.ID(str.Draw(t, "m")), Package: str.Draw(t, "pkg"), Lines: lines("lines")}
					v.Deliveries = append(v.Deliveries, d)
				}
			}
			c = v
		case 6:
			opt := func(label string) string {
				if rapid.Bool().Draw(t, label+"?") {
					return str.Draw(t, label)
				}
				return ""
			}
			m := members.Member{
				ID: members.ID(str.Draw(t, "id")), Name: str.Draw(t, "name"), NIK: members.NIK(opt("nik")), KK: str.Draw(t, "kk"),
				Household: opt("household"), BirthDate: date.Draw(t, "birth"),
				Address: members.Address{Street: opt("street"), RT: rapid.IntRange(-5, 999).Draw(t, "rt"), RW: rapid.IntRange(-5, 999).Draw(t, "rw"),
					Village: opt("village"), District: opt("district"), Regency: opt("regency")},
				Business:  members.Business{Type: str.Draw(t, "type"), Description: opt("description")},
				Joined:    date.Draw(t, "joined"),
				Status:    members.Status(rapid.IntRange(0, 3).Draw(t, "status")),
				Left:      date.Draw(t, "left"),
				Documents: members.Documents{KTP: rapid.Bool().Draw(t, "ktp"), KK: rapid.Bool().Draw(t, "kkdoc"), SpouseConsent: rapid.Bool().Draw(t, "spouse")},
			}
			if rapid.Bool().Draw(t, "located") {
				m.Address.Location = members.Coordinates{Lat: rapid.Int64Range(-90e6, 90e6).Draw(t, "lat"), Lon: rapid.Int64Range(-180e6, 180e6).Draw(t, "lon")}
			}
			c = RegisterMember{Op: op.Draw(t, "op"), Member: m}
		case 0:
			ym, err := calendar.NewYearMonth(rapid.IntRange(2000, 2100).Draw(t, "y"), 5)
			require.NoError(t, err)
			c = PayWajib{Op: op.Draw(t, "op"), Member: members.ID(str.Draw(t, "m")), Month: ym}
		case 1:
			c = PayPokok{Op: op.Draw(t, "op"), Member: members.ID(str.Draw(t, "m"))}
		case 2:
			c = Deposit{Op: op.Draw(t, "op"), Member: members.ID(str.Draw(t, "m")), Amount: amount.Draw(t, "a")}
		case 3:
			c = Pledge{Op: op.Draw(t, "op"), Facility: lending.FacilityID(str.Draw(t, "f")), Lender: members.ID(str.Draw(t, "l")), Amount: amount.Draw(t, "a")}
		case 4:
			c = Pay{Op: op.Draw(t, "op"), Loan: lending.LoanID(str.Draw(t, "l")), Amount: amount.Draw(t, "a")}
		case 5:
			v := Collect{Op: op.Draw(t, "op"), Group: groups.ID(str.Draw(t, "g"))}
			ms, as := pairs(t, "paid")
			if ms != nil {
				v.Paid = []lending.Collected{}
			}
			for i := range ms {
				v.Paid = append(v.Paid, lending.Collected{Member: ms[i], Amount: as[i]})
			}
			ms, as = pairs(t, "contributions")
			for i := range ms {
				v.Contributions = append(v.Contributions, groups.Contribution{Member: ms[i], Amount: as[i]})
			}
			c = v
		}
		return c
	})
}
