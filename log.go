package koperasi

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/ip2p/koperasi/internal/wire"
)

// LogVersion is the version of the event log format this package writes and
// reads. A log line with another version is refused.
const LogVersion = 1

// Event is one accepted command as it stands in the log: the Book's source of
// truth. Replaying the events in order rebuilds the Book byte for byte.
type Event struct {
	V    int             `json:"v"`    // LogVersion
	Seq  int64           `json:"seq"`  // 1, 2, 3, ... without gaps
	Kind string          `json:"kind"` // the command's kind, e.g. "member.register"
	Cmd  json.RawMessage `json:"cmd"`  // the command, with its ID and date
}

// ErrLog is wrapped by every error reading an event log.
var ErrLog = errors.New("koperasi: bad event log")

// LogError says which line of a log is bad and why.
type LogError struct {
	Line   int // 1-based
	Reason string
	Err    error // the underlying error: a decoding error, or the command's rejection
}

func (e *LogError) Error() string {
	return "koperasi: event log line " + strconv.Itoa(e.Line) + ": " + e.Reason
}

// Unwrap returns ErrLog and the underlying error, so errors.Is finds both.
func (e *LogError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrLog}
	}
	return []error{ErrLog, e.Err}
}

// WriteLog writes the Book's events as JSON lines, one event per line.
func (b *Book) WriteLog(w io.Writer) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	bw := bufio.NewWriter(w)
	for i := range b.log.Len() {
		line, err := json.Marshal(b.log.At(i))
		if err != nil {
			return err
		}
		bw.Write(line)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// Events returns a copy of the event log.
func (b *Book) Events() []Event { return b.EventsSince(0) }

// EventsSince returns a copy of the events after sequence number seq, in
// order: every event for seq 0, none when seq is the last. A host that
// stores the log in its own database asks for the events after the last
// one it stored.
func (b *Book) EventsSince(seq int64) []Event {
	b.mu.RLock()
	defer b.mu.RUnlock()
	n := int64(b.log.Len())
	seq = min(max(seq, 0), n)
	out := make([]Event, n-seq)
	for i := range out {
		out[i] = b.event(int32(seq) + int32(i))
	}
	return out
}

// Event returns a copy of the event with sequence number seq, if there is
// one. A host that stores each event as it is recorded takes the one a
// command's Receipt names (Receipt.Seq), unless the receipt is a Repeat,
// whose event it stored before.
func (b *Book) Event(seq int64) (Event, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if seq < 1 || seq > int64(b.log.Len()) {
		return Event{}, false
	}
	return b.event(int32(seq - 1)), true
}

// event is a copy of the i-th event (0-based), under b.mu.
func (b *Book) event(i int32) Event {
	ev := *b.log.At(i)
	// the command's bytes too: a caller changing them must not change the log
	ev.Cmd = bytes.Clone(ev.Cmd)
	return ev
}

// ReadLog builds a Book from cfg and the JSON-lines event log in r, applying
// every event as the command it records. A line that is not JSON, has another
// version, breaks the sequence, names an unknown kind, or records a command
// the Book would reject is refused with a *LogError naming the line; nothing
// is returned then.
func ReadLog(cfg Config, r io.Reader) (*Book, error) {
	b, err := New(cfg)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		var err error
		if seq, cmd, payload, ok := readEventFast(raw); ok {
			err = b.apply(seq, cmd, payload)
		} else {
			ev, derr := decodeEvent(raw)
			if derr != nil {
				return nil, &LogError{Line: line, Reason: "not a JSON event: " + derr.Error(), Err: derr}
			}
			err = b.Apply(ev)
		}
		if err != nil {
			var le *LogError
			if errors.As(err, &le) {
				le.Line = line
				return nil, le
			}
			return nil, &LogError{Line: line, Reason: err.Error(), Err: err}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &LogError{Line: line + 1, Reason: "reading: " + err.Error(), Err: err}
	}
	return b, nil
}

// decodeEvent decodes one line of a log. A field the Event does not have is
// refused, as in the commands: a tampered line must not read back as
// another.
func decodeEvent(raw []byte) (Event, error) {
	var ev Event
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&ev); err != nil {
		return Event{}, err
	}
	if _, err := d.Token(); err != io.EOF {
		return Event{}, errors.New("data after the event")
	}
	return ev, nil
}

// Apply applies one decoded event: the next in sequence, of a known kind,
// whose command the Book accepts. A host that stores events in its own
// database replays them with Apply.
func (b *Book) Apply(ev Event) error {
	if ev.V != LogVersion {
		return &LogError{Reason: fmt.Sprintf("version %d, want %d", ev.V, LogVersion)}
	}
	cmd, canonical, err := decodeCanonical(ev.Kind, ev.Cmd)
	if err != nil {
		return &LogError{Reason: err.Error(), Err: err}
	}
	var payload []byte
	if canonical {
		payload = ev.Cmd // the caller's: the log keeps a copy
	}
	return b.apply(ev.Seq, cmd, payload)
}

// apply applies a decoded event's command. payload, when not nil, is the
// command's payload as appendCommand writes it: the caller's input, found
// canonical (see decodeCanonical), which the log copies instead of the
// command written again. Replays, whose input WriteLog wrote, mostly have
// one.
func (b *Book) apply(seq int64, cmd Command, payload []byte) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if want := int64(b.log.Len()) + 1; seq != want {
		return &LogError{Reason: fmt.Sprintf("sequence %d, want %d", seq, want)}
	}
	if _, dup := b.ids[cmd.op().ID]; dup {
		return &LogError{Reason: fmt.Sprintf("command ID %q appears twice", cmd.op().ID), Err: ErrDuplicate}
	}
	if payload == nil {
		var err error
		if payload, err = appendCommand(&b.scratch, cmd); err != nil {
			return &LogError{Reason: err.Error(), Err: err}
		}
	}
	if _, err := b.do(cmd, payload); err != nil {
		return &LogError{Reason: "the recorded " + cmd.kind() + " is rejected: " + err.Error(), Err: err}
	}
	return nil
}

// readEventFast reads a log line in the form WriteLog writes it,
// {"v":1,"seq":N,"kind":"K","cmd":{...}}, with a command of a frequent kind
// in plain JSON (see codec.go). Any other line, valid or not, is left to
// decodeEvent and Apply, which judge it. payload is the command's bytes
// when they are its canonical payload (see decodeCanonical), else nil; it
// aliases line.
func readEventFast(line []byte) (seq int64, c Command, payload []byte, ok bool) {
	r := wire.NewReader(line)
	if !r.Object() || !r.Next() || string(r.Key()) != "v" || r.Int() != LogVersion ||
		!r.Next() || string(r.Key()) != "seq" {
		return 0, nil, nil, false
	}
	seq = r.Int()
	if !r.Next() || string(r.Key()) != "kind" {
		return 0, nil, nil, false
	}
	kind := r.Text()
	if !r.Next() || string(r.Key()) != "cmd" {
		return 0, nil, nil, false
	}
	raw := r.Rest('}')
	if !r.OK() {
		return 0, nil, nil, false
	}
	c, ok, canonical := readFast(string(kind), raw)
	if canonical {
		payload = raw
	}
	return seq, c, payload, ok
}
