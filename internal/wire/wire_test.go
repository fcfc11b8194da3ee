package wire

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// readPairs reads {"k":[{"a":"x","n":1},...]} into "a=n" strings, the way
// the Book's decoders use a Reader.
func readPairs(in string) ([]string, bool) {
	r := NewReader([]byte(in))
	var out []string
	for r.Object(); r.Next(); {
		if string(r.Key()) != "k" {
			r.Fail()
			continue
		}
		if r.Null() {
			continue
		}
		for r.Array(); r.More(); {
			var a string
			var n int64
			var seen uint64
			for r.Object(); r.Next(); {
				switch string(r.Key()) {
				case "a":
					r.Once(&seen, 0)
					a = r.String()
				case "n":
					r.Once(&seen, 1)
					n = r.Int()
				default:
					r.Fail()
				}
			}
			out = append(out, a+"="+strconv.FormatInt(n, 10))
		}
	}
	return out, r.Done()
}

func TestReader(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		ok   bool
	}{
		{`{"k":[{"a":"x","n":1},{"a":"y","n":2}]}`, []string{"x=1", "y=2"}, true},
		{`{"k":[{"n":1,"a":"x"}]}`, []string{"x=1"}, true},
		{`{"k":[]}`, nil, true},
		{`{"k":null}`, nil, true},
		{`{}`, nil, true},
		{`{"k":[{},{}]}`, []string{"=0", "=0"}, true},
		{`{"k":[{"n":-12},{"n":0}]}`, []string{"=-12", "=0"}, true},
		// not plain, or not JSON: the reader steps aside
		{`{"k":[{}{}]}`, nil, false},
		{`{"k":[{},]}`, nil, false},
		{`{"k":[,{}]}`, nil, false},
		{`{"k":[{"a":"x"}]`, nil, false},
		{`{"k":[{"a":"x"}]}}`, nil, false},
		{`{"k":[{"a":"x"}]} `, nil, false},
		{` {"k":[]}`, nil, false},
		{`{"k" :[]}`, nil, false},
		{`{"k":[{"a":"x","a":"y"}]}`, nil, false},
		{`{"k":[{"a":"x\"y"}]}`, nil, false},
		{`{"k":[{"a":"x\ty"}]}`, nil, false},
		{`{"k":[{"a":"<"}]}`, nil, false},
		{`{"k":[{"a":"é"}]}`, nil, false},
		{`{"k":[{"n":01}]}`, nil, false},
		{`{"k":[{"n":-0}]}`, nil, false},
		{`{"k":[{"n":-}]}`, nil, false},
		{`{"k":[{"n":--1}]}`, nil, false},
		{`{"k":[{"n":1.0}]}`, nil, false},
		{`{"k":[{"n":1234567890123456789}]}`, nil, false},
		{`{"k":[{"n":"1"}]}`, nil, false},
		{`{"j":[]}`, nil, false},
		{`{"k":nul}`, nil, false},
		{``, nil, false},
	} {
		got, ok := readPairs(tc.in)
		require.Equal(t, tc.ok, ok, "%s", tc.in)
		if ok {
			require.Equal(t, tc.want, got, "%s", tc.in)
		}
	}
}

func TestBool(t *testing.T) {
	for in, want := range map[string]bool{"true": true, "false": false} {
		r := NewReader([]byte(in))
		require.Equal(t, want, r.Bool())
		require.True(t, r.Done())
	}
	for _, in := range []string{"tru", "fals", "True", "1", ""} {
		r := NewReader([]byte(in))
		r.Bool()
		require.False(t, r.Done(), in)
	}
}

func TestRest(t *testing.T) {
	r := NewReader([]byte(`{"cmd":{"a":"b"}}`))
	require.True(t, r.Object() && r.Next())
	require.Equal(t, `{"a":"b"}`, string(r.Rest('}')))
	require.True(t, r.OK())
	r = NewReader([]byte(`{"cmd":{"a":"b"}]`))
	require.True(t, r.Object() && r.Next())
	require.Nil(t, r.Rest('}'))
	require.False(t, r.OK())
}

type text string

type marshaled string

func (s marshaled) MarshalText() ([]byte, error) { return []byte(s), nil }

func (s text) AppendText(b []byte) ([]byte, error) { return append(b, s...), nil }

func TestWriter(t *testing.T) {
	var w Writer
	w.Raw(`{"a":`)
	w.String("x y")
	w.Raw(`,"b":`)
	WriteText(&w, text("IDR 4200"))
	w.Raw(`}`)
	require.True(t, w.OK())
	w.Raw(`[`)
	w.Int(-7)
	w.Raw(`,`)
	w.Bool(true)
	w.Raw(`,`)
	WriteMarshaled(&w, marshaled("ok"))
	w.Raw(`]`)
	require.True(t, w.OK())
	require.Equal(t, `{"a":"x y","b":"IDR 4200"}[-7,true,"ok"]`, string(w.B))
	for _, s := range []string{`"`, `\`, "\n", "<", ">", "&", "é"} {
		w := Writer{}
		w.String("a" + s)
		require.False(t, w.OK(), "%q", s)
		w = Writer{}
		WriteText(&w, text(s))
		require.False(t, w.OK(), "%q", s)
	}
}

// plain's bit masks say what its comparisons said.
func TestPlain(t *testing.T) {
	for c := range 256 {
		want := c >= 0x20 && c < 0x80 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
		require.Equal(t, want, plain(byte(c)), "%#x", c)
	}
}

// readCanonical reads {"a":"x","n":1} where the writer writes "a" always
// and "n" when not zero, and reports whether the input is canonical.
func readCanonical(in string) (ok, canonical bool) {
	r := NewReader([]byte(in))
	var seen uint64
	for r.Object(); r.Next(); {
		switch string(r.Key()) {
		case "a":
			r.Once(&seen, 0)
			_ = r.String()
		case "n":
			r.Once(&seen, 1)
			if r.Int() == 0 {
				r.Odd()
			}
		default:
			r.Fail()
		}
	}
	r.Need(seen, 1<<0)
	return r.Done(), r.Canonical()
}

func TestCanonical(t *testing.T) {
	for _, tc := range []struct {
		in            string
		ok, canonical bool
	}{
		{`{"a":"x","n":1}`, true, true},
		{`{"a":"x"}`, true, true},
		{`{"a":"","n":-7}`, true, true},
		{`{"n":1,"a":"x"}`, true, false}, // out of order
		{`{"n":1}`, true, false},         // "a" missing
		{`{"a":"x","n":0}`, true, false}, // a zero the writer omits
		{`{}`, true, false},
		{`{"a":"x","a":"x"}`, false, false},
		{`{"a":"x","n":1,"n":1}`, false, false},
		{`{"a":"x","n":01}`, false, false},
		{`{"a":"x","n":1} `, false, false},
	} {
		ok, canonical := readCanonical(tc.in)
		require.Equal(t, tc.ok, ok, "%s", tc.in)
		require.Equal(t, tc.canonical, canonical, "%s", tc.in)
	}
}
