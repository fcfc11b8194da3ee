package koperasi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/examples/pilot"
	"github.com/ip2p/koperasi/members"
	"github.com/stretchr/testify/require"
)

// pilotLog is the event log of the whole pilot.
func pilotLog(t testing.TB) []byte {
	t.Helper()
	b, err := pilot.Book()
	require.NoError(t, err)
	return bookLog(t, b)
}

// logLines splits a log into its lines, each with its newline.
func logLines(log []byte) []string {
	return strings.SplitAfter(strings.TrimSuffix(string(log), "\n"), "\n")
}

// The pilot's log replays to the same Book and writes the same bytes.
func TestReadLogPilot(t *testing.T) {
	b, err := pilot.Book()
	require.NoError(t, err)
	log := bookLog(t, b)
	b2, err := koperasi.ReadLog(pilot.Config(), bytes.NewReader(log))
	require.NoError(t, err)
	require.Equal(t, string(bookJSON(t, b)), string(bookJSON(t, b2)))
	require.Equal(t, string(log), string(bookLog(t, b2)))
	require.Equal(t, b.Events(), b2.Events())
	require.Equal(t, b.TrialBalance(), b2.TrialBalance())
	require.Equal(t, b.Journal(), b2.Journal())

	// blank lines and CRLF line ends are read past; the lines still count
	crlf := strings.ReplaceAll(string(log), "\n", "\r\n\n")
	b3, err := koperasi.ReadLog(pilot.Config(), strings.NewReader(crlf))
	require.NoError(t, err)
	require.Equal(t, string(log), string(bookLog(t, b3)))

	// Apply takes the decoded events one by one
	b4, err := koperasi.New(pilot.Config())
	require.NoError(t, err)
	for _, ev := range b.Events() {
		require.NoError(t, b4.Apply(ev))
	}
	require.Equal(t, string(bookJSON(t, b)), string(bookJSON(t, b4)))
}

// Event and EventsSince give copies of the log's events by sequence
// number, the same as Events, and nothing outside the log.
func TestEventBySeq(t *testing.T) {
	b, err := pilot.Book()
	require.NoError(t, err)
	all := b.Events()
	n := int64(len(all))
	for _, seq := range []int64{1, 2, n / 2, n} {
		ev, ok := b.Event(seq)
		require.True(t, ok, "event %d", seq)
		require.Equal(t, all[seq-1], ev)
		require.Equal(t, seq, ev.Seq)
		require.Equal(t, all[seq:], b.EventsSince(seq), "after %d", seq)
	}
	for _, seq := range []int64{0, -1, n + 1, 1 << 40} {
		_, ok := b.Event(seq)
		require.False(t, ok, "no event %d", seq)
	}
	require.Equal(t, all, b.EventsSince(0))
	require.Equal(t, all, b.EventsSince(-5))
	require.Empty(t, b.EventsSince(n))
	require.Empty(t, b.EventsSince(n+10))

	// a caller's change to a copy does not reach the log
	ev, _ := b.Event(1)
	ev.Cmd[2] = 'X'
	since := b.EventsSince(0)
	since[0].Cmd[2] = 'Y'
	require.Equal(t, all[0], b.Events()[0])
}

// Every kind of damage to a log is refused with the line it is on and a
// reason, and nothing is returned.
func TestReadLogRefusals(t *testing.T) {
	lines := logLines(pilotLog(t))
	require.Greater(t, len(lines), 100)
	// line n (1-based) replaced
	with := func(n int, line string) string {
		out := append([]string(nil), lines[:n-1]...)
		out = append(out, line)
		return strings.Join(append(out, lines[n:]...), "")
	}
	edit := func(n int, old, new string) string {
		require.Contains(t, lines[n-1], old, "line %d", n)
		return with(n, strings.Replace(lines[n-1], old, new, 1))
	}
	// line 2 is P01's pokok; line 60 a wajib payment
	require.Contains(t, lines[1], `"kind":"savings.pay_pokok"`)
	require.Contains(t, lines[59], `"kind":"savings.pay_wajib"`)
	for _, tc := range []struct {
		name   string
		log    string
		line   int
		reason string // part of the message
		is     error  // what errors.Is finds besides ErrLog
	}{
		{"bad JSON", with(60, "{not json\n"), 60, "not a JSON event", nil},
		{"truncated line", with(60, lines[59][:40]+"\n"), 60, "not a JSON event", nil},
		{"trailing data", with(60, strings.TrimSuffix(lines[59], "\n")+` {"v":1}`+"\n"), 60, "not a JSON event", nil},
		{"unknown kind", edit(60, `savings.pay_wajib`, `savings.steal`), 60, `unknown event kind "savings.steal"`, koperasi.ErrInvalid},
		{"no kind", edit(60, `"kind":"savings.pay_wajib",`, ``), 60, `unknown event kind ""`, koperasi.ErrInvalid},
		{"wrong version", edit(60, `"v":1,`, `"v":2,`), 60, "version 2, want 1", nil},
		{"no version", edit(60, `"v":1,`, ``), 60, "version 0, want 1", nil},
		{"gap in seq", edit(60, `"seq":60,`, `"seq":61,`), 60, "sequence 61, want 60", nil},
		{"seq repeated", edit(60, `"seq":60,`, `"seq":59,`), 60, "sequence 59, want 60", nil},
		{"line dropped", with(60, ""), 60, "sequence 61, want 60", nil},
		{"duplicate ID", edit(60, `"id":"wajib-P15-2024-02"`, `"id":"wajib-P14-2024-02"`), 60, `"wajib-P14-2024-02" appears twice`, koperasi.ErrDuplicate},
		{"rejected command", edit(60, `"member":"P15"`, `"member":"P99"`), 60, "is rejected", members.ErrNotFound},
		{"paid twice", edit(60, `"month":"2024-02"`, `"month":"2024-01"`), 60, "is rejected", members.ErrAlreadyPaid},
		{"unknown field in a command", edit(60, `"member":"P15"`, `"member":"P15","amount":"IDR 1"`), 60, "unknown field", koperasi.ErrInvalid},
		{"unknown field in the event", edit(60, `"v":1,`, `"v":1,"signed_by":"L01",`), 60, "unknown field", nil},
		{"command not an object", edit(60, `"cmd":{`, `"cmd":[{`), 60, "", nil},
		{"first line", edit(1, `"seq":1,`, `"seq":0,`), 1, "sequence 0, want 1", nil},
		{"last line", edit(len(lines), `"kind":"group.close_cycle"`, `"kind":"group.close"`), len(lines), "unknown event kind", koperasi.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := koperasi.ReadLog(pilot.Config(), strings.NewReader(tc.log))
			require.Error(t, err)
			require.Nil(t, b)
			require.ErrorIs(t, err, koperasi.ErrLog)
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
			var le *koperasi.LogError
			require.True(t, errors.As(err, &le))
			require.Equal(t, tc.line, le.Line, "%v", err)
			require.Contains(t, err.Error(), "line "+strconv.Itoa(tc.line)+":")
			require.Contains(t, le.Reason, tc.reason)
		})
	}
}

// Apply refuses what ReadLog refuses, the event's trailing data included.
func TestApplyRefusals(t *testing.T) {
	evs := func() []koperasi.Event {
		b, err := pilot.Book()
		require.NoError(t, err)
		return b.Events()
	}()
	fresh := func() *koperasi.Book {
		b, err := koperasi.New(pilot.Config())
		require.NoError(t, err)
		require.NoError(t, b.Apply(evs[0]))
		return b
	}
	ev := evs[1] // P01's pokok
	for _, tc := range []struct {
		name string
		cmd  string
	}{
		{"trailing value", string(ev.Cmd) + ` {"id":"x"}`},
		{"trailing bracket", string(ev.Cmd) + `]`},
		{"trailing garbage", string(ev.Cmd) + `x`},
		{"unknown field", strings.Replace(string(ev.Cmd), `"member"`, `"extra":1,"member"`, 1)},
		{"null", `null`},
		{"empty", ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := fresh()
			before := bookJSON(t, b)
			e := ev
			e.Cmd = json.RawMessage(tc.cmd)
			err := b.Apply(e)
			require.ErrorIs(t, err, koperasi.ErrLog)
			require.Equal(t, string(before), string(bookJSON(t, b)), "a refused event changed the Book")
			require.Equal(t, 1, b.Len())
		})
	}
}

// FuzzReadLog: reading any bytes never panics; a refusal is a *LogError
// naming a line of the input; a log that reads back writes bytes that read
// back to the same Book and write the same bytes again.
func FuzzReadLog(f *testing.F) {
	log := pilotLog(f)
	lines := logLines(log)
	f.Add(log)
	f.Add([]byte(strings.Join(lines[:40], "")))
	f.Add([]byte(strings.Join(lines[:3], "")))
	f.Add([]byte(strings.Join(lines[100:130], "")))
	f.Add([]byte(strings.ReplaceAll(strings.Join(lines[:40], ""), "\n", "\r\n\n")))
	f.Add([]byte(strings.Join(lines[:20], "") + "{not json\n"))
	f.Add([]byte(strings.Replace(strings.Join(lines[:20], ""), `"seq":7,`, `"seq":8,`, 1)))
	f.Add([]byte(strings.Replace(strings.Join(lines[:20], ""), `"v":1,"seq":9,`, `"v":3,"seq":9,`, 1)))
	f.Add([]byte(strings.Replace(strings.Join(lines[:20], ""), `"member":"P03"`, `"member":"P03","x":1`, 1)))
	f.Add([]byte(strings.Replace(strings.Join(lines[:20], ""), `savings.pay_pokok`, `savings.pay_wajib`, 1)))
	f.Add([]byte(""))
	f.Add([]byte("\n\n"))
	cfg := pilot.Config()
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := koperasi.ReadLog(cfg, bytes.NewReader(data))
		if err != nil {
			require.Nil(t, b)
			require.ErrorIs(t, err, koperasi.ErrLog)
			var le *koperasi.LogError
			require.True(t, errors.As(err, &le), "%T: %v", err, err)
			require.GreaterOrEqual(t, le.Line, 1)
			require.LessOrEqual(t, le.Line, bytes.Count(data, []byte("\n"))+1)
			require.NotEmpty(t, le.Reason)
			return
		}
		out := bookLog(t, b)
		require.Equal(t, b.Len(), bytes.Count(out, []byte("\n")))
		b2, err := koperasi.ReadLog(cfg, bytes.NewReader(out))
		require.NoError(t, err, "the log written does not read back")
		require.Equal(t, string(out), string(bookLog(t, b2)))
		require.Equal(t, string(bookJSON(t, b)), string(bookJSON(t, b2)))
		if isCanonical(data) {
			require.Equal(t, string(data), string(out), "a log in the Book's own form reads back to other bytes")
		}
	})
}

// isCanonical says whether a log is in the form WriteLog writes: every line
// an event as json.Marshal writes it, with no blank lines.
func isCanonical(data []byte) bool {
	if len(data) > 0 && data[len(data)-1] != '\n' {
		return false
	}
	for _, line := range logLines(data) {
		if len(data) == 0 {
			break
		}
		var ev koperasi.Event
		if json.Unmarshal([]byte(line), &ev) != nil {
			return false
		}
		js, err := json.Marshal(ev)
		if err != nil || string(js)+"\n" != line {
			return false
		}
	}
	return true
}
