package koperasi

import "testing"

// Decoding the commands of the pilot's log, as Book.Apply does before it
// applies them: the fast path for the frequent kinds, encoding/json for the
// others, and whether each input is its canonical payload. Per op: the
// pilot's 254 events.
func BenchmarkDecodeCommand(b *testing.B) {
	evs := pilotEvents(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, ev := range evs {
			if _, _, err := decodeCanonical(ev.Kind, ev.Cmd); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// Writing the pilot's commands as their payloads, what a replay of a
// canonical input no longer does.
func BenchmarkAppendCommand(b *testing.B) {
	var cmds []Command
	for _, ev := range pilotEvents(b) {
		c, err := decodeCommand(ev.Kind, ev.Cmd)
		if err != nil {
			b.Fatal(err)
		}
		cmds = append(cmds, c)
	}
	var scratch []byte
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cmds {
			if _, err := appendCommand(&scratch, c); err != nil {
				b.Fatal(err)
			}
		}
	}
}
