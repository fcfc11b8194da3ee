// Package wire reads and writes, without reflection, the plain JSON that
// encoding/json writes for the Book's most frequent commands and for the
// lines of its event log.
//
// It exists for speed: replaying a log spends most of its decoding time in
// encoding/json's reflection. It is deliberately narrow. A Reader accepts
// only the plain form: no whitespace, strings of printable ASCII without
// escapes, integers without sign, fraction or leading zero. Anything else
// (a tab, an escaped quote, an unknown key, a duplicate key, a number where
// a string belongs) makes it fail, and the caller decodes the input again
// with encoding/json, which then decides. So the fast path can only agree
// with encoding/json or step aside; it never accepts a different set of
// inputs nor reads one differently. Writers append the same bytes
// encoding/json would, and fail for strings that encoding/json escapes.
//
// A Reader also tells whether its input is canonical: exactly the bytes the
// Writer writes for the value read, so that a caller may keep the input
// instead of writing the value again. The plain form is canonical for
// strings, integers, booleans and null; the caller says what else is not
// (keys out of the writer's order, see Once; a field the writer always
// writes missing, see Need; a field the writer omits present, a text value
// in another spelling: Odd). In doubt, a caller marks the input odd: that
// only costs the write it hoped to save.
package wire

import (
	"encoding"
	"strconv"
)

// Reader reads one JSON value in the plain form. Errors are sticky: after
// the first mismatch every method returns zero values and OK reports false.
type Reader struct {
	b     []byte
	i     int
	bad   bool
	odd   bool // read, but not as the Writer writes it: see Canonical
	first bool // the next member or element is the first of its object or array
	key   []byte
}

// NewReader returns a Reader of b.
func NewReader(b []byte) Reader { return Reader{b: b} }

// OK reports whether everything read so far was in the plain form.
func (r *Reader) OK() bool { return !r.bad }

// Fail marks the input as not plain, e.g. for an unknown key.
func (r *Reader) Fail() { r.bad = true }

// Done reports whether the whole input was read without a mismatch.
func (r *Reader) Done() bool { return !r.bad && r.i == len(r.b) }

// Odd marks the input as read but not canonical: a field the writer would
// leave out, a value the writer spells otherwise.
func (r *Reader) Odd() { r.odd = true }

// Canonical reports whether the whole input was read (Done) and nothing
// marked it odd: the caller's Writer would write these very bytes.
func (r *Reader) Canonical() bool { return r.Done() && !r.odd }

func (r *Reader) byte(c byte) bool {
	if r.bad || r.i >= len(r.b) || r.b[r.i] != c {
		r.bad = true
		return false
	}
	r.i++
	return true
}

func (r *Reader) peek(c byte) bool { return !r.bad && r.i < len(r.b) && r.b[r.i] == c }

// Object starts reading an object; read its members with Next.
func (r *Reader) Object() bool {
	r.first = true
	return r.byte('{')
}

// Next reads the next member's key and colon, and reports whether there is
// one; at the object's end it consumes the '}' and returns false.
func (r *Reader) Next() bool {
	if r.peek('}') {
		r.i++
		r.first = false // whatever encloses the object is past its first item
		return false
	}
	if !r.first && !r.byte(',') {
		return false
	}
	r.first = false
	k := r.text()
	if !r.byte(':') {
		return false
	}
	r.key = k
	return true
}

// Key is the key read by the last Next. It aliases the input.
func (r *Reader) Key() []byte { return r.key }

// Array starts reading an array; read its elements with More.
func (r *Reader) Array() bool {
	r.first = true
	return r.byte('[')
}

// More reports whether another element follows, consuming the comma before
// it; at the array's end it consumes the ']' and returns false.
func (r *Reader) More() bool {
	if r.peek(']') {
		r.i++
		r.first = false
		return false
	}
	if !r.first && !r.byte(',') {
		return false
	}
	r.first = false
	return !r.bad
}

// Null consumes a null and reports whether there was one.
func (r *Reader) Null() bool {
	if r.bad || len(r.b)-r.i < 4 || string(r.b[r.i:r.i+4]) != "null" {
		return false
	}
	r.i += 4
	return true
}

// Text reads a string and returns its bytes, aliasing the input.
func (r *Reader) Text() []byte { return r.text() }

// String reads a string.
func (r *Reader) String() string { return string(r.text()) }

func (r *Reader) text() []byte {
	if !r.byte('"') {
		return nil
	}
	b := r.b[r.i:]
	for j, c := range b {
		if !plain(c) { // the closing quote is not plain either
			if c != '"' {
				break
			}
			r.i += j + 1
			return b[:j]
		}
	}
	r.bad = true
	return nil
}

// plain reports whether c stands for itself inside a string, both as
// encoding/json writes it (it escapes <, > and &) and as it reads it: the
// ASCII bytes from space up but ", \, <, > and &.
func plain(c byte) bool { return plainTable[c] == '1' }

// plainTable has a '1' for each plain byte, sixteen a row: one load a byte
// where the test took seven comparisons.
const plainTable = "" +
	"0000000000000000" + // 0x00
	"0000000000000000" + // 0x10
	"1101110111111111" + // 0x20
	"1111111111110101" + // 0x30
	"1111111111111111" + // 0x40
	"1111111111110111" + // 0x50
	"1111111111111111" + // 0x60
	"1111111111111111" + // 0x70
	"0000000000000000" + // 0x80
	"0000000000000000" + // 0x90
	"0000000000000000" + // 0xa0
	"0000000000000000" + // 0xb0
	"0000000000000000" + // 0xc0
	"0000000000000000" + // 0xd0
	"0000000000000000" + // 0xe0
	"0000000000000000" // 0xf0

// Int reads an integer as encoding/json writes one: an optional minus,
// digits without a leading zero, at most 18 of them (larger values take the
// slow path, which knows the field's type); "-0" is not plain.
func (r *Reader) Int() int64 {
	if r.bad || r.i >= len(r.b) {
		r.bad = true
		return 0
	}
	neg := r.b[r.i] == '-'
	if neg {
		r.i++
	}
	start := r.i
	var v int64
	for r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
		if r.i-start >= 18 {
			r.bad = true
			return 0
		}
		v = v*10 + int64(r.b[r.i]-'0')
		r.i++
	}
	if r.i == start || (r.b[start] == '0' && (r.i-start > 1 || neg)) {
		r.bad = true
		return 0
	}
	if neg {
		return -v
	}
	return v
}

// Bool reads true or false.
func (r *Reader) Bool() bool {
	switch {
	case r.bad:
	case len(r.b)-r.i >= 4 && string(r.b[r.i:r.i+4]) == "true":
		r.i += 4
		return true
	case len(r.b)-r.i >= 5 && string(r.b[r.i:r.i+5]) == "false":
		r.i += 5
		return false
	}
	r.bad = true
	return false
}

// Rest returns the input from the current position up to, not including,
// its last byte, which must be c, and moves to that byte. The log reader
// uses it for the command inside an event line: {"v":1,...,"cmd":{...}}.
func (r *Reader) Rest(c byte) []byte {
	if r.bad || r.i >= len(r.b) || r.b[len(r.b)-1] != c {
		r.bad = true
		return nil
	}
	s := r.b[r.i : len(r.b)-1]
	r.i = len(r.b) - 1
	return s
}

// Writer appends JSON in the plain form to B. Errors are sticky: after a
// string that encoding/json would escape, or a value whose text fails, OK
// reports false and the caller marshals with encoding/json instead.
type Writer struct {
	B   []byte
	bad bool
}

// OK reports whether everything written so far is what encoding/json
// writes.
func (w *Writer) OK() bool { return !w.bad }

// Raw appends s as it is: punctuation and keys, e.g. `,"member":`.
func (w *Writer) Raw(s string) { w.B = append(w.B, s...) }

// String appends s as a JSON string.
func (w *Writer) String(s string) {
	if w.bad {
		return
	}
	for i := 0; i < len(s); i++ {
		if !plain(s[i]) {
			w.bad = true
			return
		}
	}
	w.B = append(w.B, '"')
	w.B = append(w.B, s...)
	w.B = append(w.B, '"')
}

// Int appends an integer.
func (w *Writer) Int(v int64) { w.B = strconv.AppendInt(w.B, v, 10) }

// Bool appends true or false.
func (w *Writer) Bool(v bool) { w.B = strconv.AppendBool(w.B, v) }

// WriteMarshaled appends t's MarshalText as a JSON string, for the text
// types that do not append.
func WriteMarshaled[T encoding.TextMarshaler](w *Writer, t T) {
	if w.bad {
		return
	}
	b, err := t.MarshalText()
	if err != nil {
		w.bad = true
		return
	}
	w.String(string(b))
}

// Text is a value that appends its text form, as money.Amount and
// calendar.Date do.
type Text interface {
	AppendText(b []byte) ([]byte, error)
}

// WriteText appends t's text form as a JSON string, as encoding/json writes
// an encoding.TextMarshaler. (Generic, so that t is not boxed.)
func WriteText[T Text](w *Writer, t T) {
	if w.bad {
		return
	}
	w.B = append(w.B, '"')
	start := len(w.B)
	b, err := t.AppendText(w.B)
	if err != nil {
		w.bad = true
		return
	}
	for _, c := range b[start:] {
		if !plain(c) {
			w.bad = true
			return
		}
	}
	w.B = append(b, '"')
}

// Once fails the reader when bit i of *seen is set, and sets it: a key
// that appears twice takes the slow path. Callers number an object's keys
// in the order the Writer writes them, so a key after a later one (a higher
// bit already set) marks the input odd.
func (r *Reader) Once(seen *uint64, i uint) {
	if *seen>>i != 0 {
		r.bad = r.bad || *seen&(1<<i) != 0
		r.odd = true
	}
	*seen |= 1 << i
}

// Need marks the input odd unless every key of mask was seen: at an
// object's end, the keys the Writer always writes.
func (r *Reader) Need(seen, mask uint64) {
	if seen&mask != mask {
		r.odd = true
	}
}
