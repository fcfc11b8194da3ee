package koperasi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// A replay keeps a command's input as its payload when the fast reader
// calls the input canonical (Book.apply). These tests hold that word to
// appendCommand: every input the fast path accepts goes through
// checkFastAgrees, which fails when an input called canonical is not
// byte for byte what appendCommand writes for the command read.

// nearCanonical are inputs the fast path accepts, that read as a command
// whose payload is other bytes: keys out of order, fields the writer omits,
// fields it always writes missing, other spellings of amounts, NIKs.
func nearCanonical() []struct{ kind, raw string } {
	return []struct{ kind, raw string }{
		// keys out of the writer's order
		{"loan.pay", `{"date":"2024-03-01","id":"p","loan":"L1","amount":"IDR 4200"}`},
		{"loan.pay", `{"id":"p","date":"2024-03-01","amount":"IDR 4200","loan":"L1"}`},
		{"group.collect", `{"id":"c","date":"2024-03-01","paid":[{"member":"P01","amount":"IDR 1"}],"group":"G1"}`},
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1","paid":[{"amount":"IDR 1","member":"P01"}]}`},
		{"facility.disburse", `{"id":"d","date":"2024-03-01","facility":"F","deliveries":[{"member":"P01","loan":"L","package":"X"}]}`},
		{"group.create", `{"id":"g","date":"2024-03-01","group":"G","leader":"A","members":["A"]}`},
		{"group.form", `{"id":"f","date":"2024-03-01","prefix":"G","members":["A"]}`},
		{"goods.stock", `{"id":"s","date":"2024-03-01","lines":[{"quantity":1,"good":"G"}]}`},
		// a field the writer always writes, missing
		{"loan.pay", `{"id":"p","date":"2024-03-01","amount":"IDR 4200"}`},
		{"loan.pay", `{"id":"p","loan":"L1","amount":"IDR 4200"}`},
		{"savings.pay_pokok", `{}`},
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1"}`},
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1","paid":[{"member":"P01"}]}`},
		{"facility.disburse", `{"id":"d","date":"2024-03-01","facility":"F","deliveries":[{"loan":"L","member":"P01"}]}`},
		{"facility.disburse", `{"id":"d","date":"2024-03-01","facility":"F","deliveries":[{"loan":"L","member":"P01","package":"","lines":[{"good":"G"}]}]}`},
		{"group.create", `{"id":"g","date":"2024-03-01","group":"G","members":null}`},
		{"group.form", `{"id":"f","date":"2024-03-01","members":["A"]}`},
		{"goods.stock", `{"id":"s","date":"2024-03-01"}`},
		{"goods.stock", `{"id":"s","date":"2024-03-01","lines":[{"good":"G"}]}`},
		// a field the writer leaves out, present with its zero value
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1","paid":[],"contributions":[]}`},
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1","paid":[],"contributions":null}`},
		{"facility.open", `{"id":"o","date":"2024-03-01","facility":"F","group":"G","product":"P","requested":"0"}`},
		{"facility.open", `{"id":"o","date":"2024-03-01","facility":"F","group":"G","product":"P","requested":"IDR 0"}`},
		{"facility.close", `{"id":"f","date":"2024-03-01","facility":"F","cancel":false}`},
		{"facility.disburse", `{"id":"d","date":"2024-03-01","facility":"F","first_due":"","deliveries":null}`},
		{"facility.disburse", `{"id":"d","date":"2024-03-01","facility":"F","deliveries":[{"loan":"L","member":"P01","package":"X","lines":[]}]}`},
		{"facility.disburse", `{"id":"d","date":"2024-03-01","facility":"F","deliveries":[{"loan":"L","member":"P01","package":"X","lines":null}]}`},
		{"member.register", registerWith(`"household":"",`, "")},
		{"member.register", strings.Replace(registerWith("", ""), `"birth_date":"1976-01-01"`, `"birth_date":""`, 1)},
		{"member.register", strings.Replace(registerWith("", ""), `"address":{"street":"Jl. Mawar",`, `"address":{"street":"",`, 1)},
		{"member.register", strings.Replace(registerWith("", ""), `"village":"Mekarmukti"`, `"village":""`, 1)},
		{"member.register", strings.Replace(registerWith("", ""), `"location":{"lat":-6871940,"lon":107455735}`, `"location":{"lat":0,"lon":0}`, 1)},
		{"member.register", strings.Replace(registerWith("", ""), `"description":"olahan ikan"`, `"description":""`, 1)},
		{"member.register", registerWith("", `"left":"",`)},
		{"member.register", strings.Replace(registerWith("", ""), `"kk":true}`, `"kk":true,"spouse_consent":false}`, 1)},
		// fields missing inside a member
		{"member.register", strings.Replace(registerWith("", ""), `"rt":1,`, ``, 1)},
		{"member.register", strings.Replace(registerWith("", ""), `,"lon":107455735`, ``, 1)},
		{"member.register", strings.Replace(registerWith("", ""), `,"documents":{"ktp":true,"kk":true}`, ``, 1)},
		// values the writer spells otherwise
		{"loan.pay", `{"id":"p","date":"2024-03-01","loan":"L1","amount":"Rp4.200"}`},
		{"loan.pay", `{"id":"p","date":"2024-03-01","loan":"L1","amount":"Rp 4.200"}`},
		{"loan.pay", `{"id":"p","date":"2024-03-01","loan":"L1","amount":"IDR 04200"}`},
		{"loan.pay", `{"id":"p","date":"2024-03-01","loan":"L1","amount":"IDR/0 4200"}`},
		{"loan.pay", `{"id":"p","date":"2024-03-01","loan":"L1","amount":"IDR -0"}`},
		{"loan.pay", `{"id":"p","date":"2024-03-01","loan":"L1","amount":"-Rp1.500"}`},
		{"savings.deposit", `{"id":"d","date":"2024-03-01","member":"P01","amount":"US$1.234,56"}`},
		{"savings.deposit", `{"id":"d","date":"2024-03-01","member":"P01","amount":"USD/2 1234.56"}`},
		{"savings.deposit", `{"id":"d","date":"2024-03-01","member":"P01","amount":"USD 01234.56"}`},
		{"member.register", strings.Replace(registerWith("", ""), `"nik":"3217074202760001"`, `"nik":"32.17.07 420276 0001"`, 1)},
	}
}

// registerWith is a member.register in the writer's form, with before
// inserted before "address" and after before "documents".
func registerWith(before, after string) string {
	return `{"id":"reg-P01","date":"2023-12-01","member":{"id":"P01","name":"Peserta 01","nik":"3217074202760001","kk":"3217070101000101","birth_date":"1976-01-01",` + before +
		`"address":{"street":"Jl. Mawar","rt":1,"rw":8,"village":"Mekarmukti","location":{"lat":-6871940,"lon":107455735}},"business":{"type":"fish","description":"olahan ikan"},"joined":"2023-12-01","status":"active",` + after +
		`"documents":{"ktp":true,"kk":true}}}`
}

// Each near miss reads (so the canonical check is what keeps it from being
// stored as it is) and is not called canonical; the writer's own bytes for
// it are.
func TestCanonicalNearMisses(t *testing.T) {
	for _, tc := range nearCanonical() {
		c, ok, canonical := readFast(tc.kind, []byte(tc.raw))
		require.True(t, ok, "the fast path should read %s", tc.raw)
		require.False(t, canonical, "called canonical: %s", tc.raw)
		require.True(t, checkFastAgrees(t, tc.kind, []byte(tc.raw)))
		payload, err := appendCommand(nil, c)
		require.NoError(t, err)
		require.NotEqual(t, tc.raw, string(payload))
		_, ok, canonical = readFast(tc.kind, payload)
		require.True(t, ok && canonical, "the payload of %s: %s", tc.raw, payload)
	}
	// the member.register base is canonical itself
	_, ok, canonical := readFast("member.register", []byte(registerWith("", "")))
	require.True(t, ok && canonical)
}

// Inputs that are canonical though they look odd: zero amounts the writer
// does write, empty dates, null and empty slices.
func TestCanonicalOddButRight(t *testing.T) {
	for _, tc := range []struct{ kind, raw string }{
		{"loan.pay", `{"id":"p","date":"2024-03-01","loan":"L1","amount":"IDR 0"}`},
		{"loan.pay", `{"id":"p","date":"2024-03-01","loan":"L1","amount":"0"}`},
		{"loan.pay", `{"id":"p","date":"","loan":"","amount":"USD -0.01"}`},
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1","paid":null}`},
		{"group.collect", `{"id":"c","date":"2024-03-01","group":"G1","paid":[]}`},
		{"group.create", `{"id":"g","date":"2024-03-01","group":"G","members":[],"leader":""}`},
		{"facility.disburse", `{"id":"d","date":"2024-03-01","facility":"F","deliveries":[]}`},
		{"facility.disburse", `{"id":"d","date":"2024-03-01","facility":"F","first_due":"2024-03-08","deliveries":[{"loan":"L","member":"","package":"","lines":[{"good":"G","quantity":-2}]}]}`},
		{"facility.close", `{"id":"f","date":"2024-03-01","facility":"F","cancel":true}`},
		{"facility.open", `{"id":"o","date":"2024-03-01","facility":"F","group":"G","product":"P","requested":"IDR -5"}`},
		{"savings.pay_wajib", `{"id":"w","date":"2024-03-01","member":"P01","month":"2024-03"}`},
		{"day.close", `{"id":"d","date":"2024-03-01"}`},
	} {
		_, ok, canonical := readFast(tc.kind, []byte(tc.raw))
		require.True(t, ok && canonical, "%s", tc.raw)
		require.True(t, checkFastAgrees(t, tc.kind, []byte(tc.raw)))
	}
}

// Any command's payload, changed the ways a hand-edited or foreign log
// would differ (members swapped, dropped or added with a zero value,
// amounts, dates and numbers spelled otherwise, characters escaped), either
// steps aside, or reads as encoding/json reads it and is called canonical
// only when it is what appendCommand writes for the command read. Every
// single change of the payload is tried, then a few random changes at once.
func TestCanonicalProperty(t *testing.T) {
	cmds := fastCommands()
	rapid.Check(t, func(t *rapid.T) {
		c := cmds.Draw(t, "command")
		payload, err := json.Marshal(c)
		if err != nil {
			return
		}
		v, err := parseJSON(payload)
		require.NoError(t, err)
		require.Equal(t, string(payload), v.String(), "the test's own JSON round trip")
		// (a change can make another command's payload: dropping
		// "contributions" does; checkFastAgrees compares with the payload
		// of the command read)
		for k := range len(v.nodes(nil)) {
			for j := range v.nodes(nil)[k].edits() {
				w := v.clone()
				w.nodes(nil)[k].edit(j)
				checkFastAgrees(t, c.kind(), []byte(w.String()))
			}
		}
		for i, n := 0, rapid.IntRange(2, 4).Draw(t, "changes"); i < n; i++ {
			nodes := v.nodes(nil)
			node := rapid.SampledFrom(nodes).Draw(t, "node")
			if e := node.edits(); e > 0 {
				node.edit(rapid.IntRange(0, e-1).Draw(t, "edit"))
			}
		}
		checkFastAgrees(t, c.kind(), []byte(v.String()))
	})
}

// jsonValue is a JSON value with its objects' members in order, for
// changing a payload: a scalar is its text.
type jsonValue struct {
	scalar  string
	members []jsonMember // an object, when obj
	elems   []jsonValue  // an array, when arr
	obj     bool
	arr     bool
}

type jsonMember struct {
	key string
	val jsonValue
}

func parseJSON(b []byte) (jsonValue, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return parseValue(d)
}

func parseValue(d *json.Decoder) (jsonValue, error) {
	tok, err := d.Token()
	if err != nil {
		return jsonValue{}, err
	}
	switch tok := tok.(type) {
	case json.Delim:
		v := jsonValue{obj: tok == '{', arr: tok == '['}
		for d.More() {
			if v.obj {
				k, err := d.Token()
				if err != nil {
					return jsonValue{}, err
				}
				e, err := parseValue(d)
				if err != nil {
					return jsonValue{}, err
				}
				v.members = append(v.members, jsonMember{k.(string), e})
				continue
			}
			e, err := parseValue(d)
			if err != nil {
				return jsonValue{}, err
			}
			v.elems = append(v.elems, e)
		}
		_, err := d.Token() // the closing delimiter
		return v, err
	case json.Number:
		return jsonValue{scalar: tok.String()}, nil
	case nil:
		return jsonValue{scalar: "null"}, nil
	default:
		b, err := json.Marshal(tok)
		return jsonValue{scalar: string(b)}, err
	}
}

func (v jsonValue) String() string {
	var sb strings.Builder
	v.write(&sb)
	return sb.String()
}

func (v jsonValue) write(sb *strings.Builder) {
	switch {
	case v.obj:
		sb.WriteByte('{')
		for i, m := range v.members {
			if i > 0 {
				sb.WriteByte(',')
			}
			k, _ := json.Marshal(m.key)
			sb.Write(k)
			sb.WriteByte(':')
			m.val.write(sb)
		}
		sb.WriteByte('}')
	case v.arr:
		sb.WriteByte('[')
		for i, e := range v.elems {
			if i > 0 {
				sb.WriteByte(',')
			}
			e.write(sb)
		}
		sb.WriteByte(']')
	default:
		sb.WriteString(v.scalar)
	}
}

// nodes lists pointers to v and every value inside it.
func (v *jsonValue) nodes(out []*jsonValue) []*jsonValue {
	out = append(out, v)
	for i := range v.members {
		out = v.members[i].val.nodes(out)
	}
	for i := range v.elems {
		out = v.elems[i].nodes(out)
	}
	return out
}

func (v jsonValue) clone() jsonValue {
	w := v
	w.members = nil
	for _, m := range v.members {
		w.members = append(w.members, jsonMember{m.key, m.val.clone()})
	}
	w.elems = nil
	for _, e := range v.elems {
		w.elems = append(w.elems, e.clone())
	}
	return w
}

// edits is the number of ways edit changes v itself.
func (v *jsonValue) edits() int {
	switch {
	case v.obj:
		n := len(v.members)
		return max(n-1, 0) + n + len(zeroMembers())*(n+1) // swaps, drops, insertions
	case strings.HasPrefix(v.scalar, `"`):
		return len(v.respellings()) + max(len(v.scalar)-2, 0) // other spellings, escapes
	case v.scalar != "" && v.scalar != "null" && v.scalar != "true" && v.scalar != "false":
		return len(v.renumbers())
	}
	return 0
}

// edit makes the j-th change of v: in an object, a swap of two members, a
// member dropped or a zero member inserted; in a string, another spelling
// or an escaped byte; another spelling of a number.
func (v *jsonValue) edit(j int) {
	switch {
	case v.obj:
		n := len(v.members)
		if j < n-1 {
			v.members[j], v.members[j+1] = v.members[j+1], v.members[j]
			return
		}
		if j -= max(n-1, 0); j < n {
			v.members = append(v.members[:j], v.members[j+1:]...)
			return
		}
		j -= n
		m, at := zeroMembers()[j/(n+1)], j%(n+1)
		v.members = append(v.members[:at], append([]jsonMember{m}, v.members[at:]...)...)
	case strings.HasPrefix(v.scalar, `"`):
		if alt := v.respellings(); j < len(alt) {
			v.scalar = alt[j]
			return
		}
		i := j - len(v.respellings()) + 1 // a byte between the quotes
		v.scalar = v.scalar[:i] + fmt.Sprintf(`\u%04x`, v.scalar[i]) + v.scalar[i+1:]
	default:
		v.scalar = v.renumbers()[j]
	}
}

func (v *jsonValue) renumbers() []string {
	n := v.scalar
	return []string{"-0", "1e3", n + ".0", "0" + n, "-" + n, n + "0", n + "e0"}
}

// respellings are other spellings of a string: of an amount, its display
// form, leading zeros, an explicit number of decimals, a minus zero; of a
// date or a month, no padding, a day too many; of any string, blanks and
// upper case.
func (v *jsonValue) respellings() []string {
	s, err := strconv.Unquote(v.scalar)
	if err != nil {
		return nil
	}
	var alt []string
	if code, num, ok := strings.Cut(s, " "); ok && len(code) == 3 { // an amount
		sign := ""
		if strings.HasPrefix(num, "-") {
			sign, num = "-", num[1:]
		}
		whole, frac, _ := strings.Cut(num, ".")
		display := map[string]string{"IDR": "Rp", "USD": "US$"}[code] + group3(whole)
		if frac != "" {
			display += "," + frac
		}
		alt = append(alt, code+" "+sign+"0"+num, code+"/"+strconv.Itoa(len(frac))+" "+sign+num,
			code+" -"+num, sign+display, code+" +"+num, "0")
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' { // a date
		alt = append(alt, s[:5]+strings.TrimPrefix(s[5:7], "0")+"-"+strings.TrimPrefix(s[8:], "0"), "0"+s, s+"T00:00:00Z", "")
	}
	if len(s) == 7 && s[4] == '-' { // a month
		alt = append(alt, s[:5]+strings.TrimPrefix(s[5:], "0"), s+"-01", "")
	}
	alt = append(alt, s+" ", " "+s, strings.ToUpper(s), "")
	for i := range alt {
		alt[i] = strconv.Quote(alt[i])
	}
	return alt
}

// group3 writes digits in groups of three, "4200" as "4.200".
func group3(digits string) string {
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// zeroMembers are the fields the writers leave out when zero, with their
// zero values, and a few other members.
func zeroMembers() []jsonMember {
	return []jsonMember{
		{"contributions", jsonValue{arr: true}},
		{"contributions", jsonValue{scalar: "null"}},
		{"requested", jsonValue{scalar: `"0"`}},
		{"requested", jsonValue{scalar: `"IDR 0"`}},
		{"cancel", jsonValue{scalar: "false"}},
		{"first_due", jsonValue{scalar: `""`}},
		{"lines", jsonValue{arr: true}},
		{"lines", jsonValue{scalar: "null"}},
		{"household", jsonValue{scalar: `""`}},
		{"birth_date", jsonValue{scalar: `""`}},
		{"left", jsonValue{scalar: `""`}},
		{"street", jsonValue{scalar: `""`}},
		{"village", jsonValue{scalar: `""`}},
		{"district", jsonValue{scalar: `""`}},
		{"regency", jsonValue{scalar: `""`}},
		{"description", jsonValue{scalar: `""`}},
		{"spouse_consent", jsonValue{scalar: "false"}},
		{"location", jsonValue{obj: true, members: []jsonMember{{"lat", jsonValue{scalar: "0"}}, {"lon", jsonValue{scalar: "0"}}}}},
		{"member", jsonValue{scalar: `""`}},
		{"amount", jsonValue{scalar: `"IDR 0"`}},
		{"date", jsonValue{scalar: `""`}},
		{"id", jsonValue{scalar: `""`}},
	}
}

// A replay's payloads are copies that do not share capacity: appending to
// one leaves the others as they were.
func TestPayloadBlocks(t *testing.T) {
	var p payloadBlocks
	var copies [][]byte
	var want []string
	for i := range 3000 { // past a few blocks, and one payload larger than a block
		b := bytes.Repeat([]byte{byte('a' + i%26)}, 1+i%100)
		if i == 2000 {
			b = bytes.Repeat([]byte("x"), 100<<10)
		}
		c := p.copy(b)
		require.Equal(t, b, c)
		require.Equal(t, len(c), cap(c))
		b[0] = '!' // the source is the caller's: the copy keeps its bytes
		copies, want = append(copies, c), append(want, string(c))
	}
	for i, c := range copies {
		_ = append(c, '?')
		require.Equal(t, want[i], string(c))
		if i > 0 {
			require.Equal(t, want[i-1], string(copies[i-1]))
		}
	}
}
