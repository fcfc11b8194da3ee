package koperasi

import (
	"encoding/json"
	"strings"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/internal/wire"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// Most commands, and all the frequent ones (registrations, savings,
// pledges, disbursements, payments and group collections), have a
// reflection-free codec. It handles the plain JSON encoding/json writes for
// them and steps aside for anything else, so encoding/json stays the judge
// of what a log line means: see package internal/wire. Tests hold the two to
// the same bytes and values.
//
// A replay reads inputs that WriteLog wrote: the command's payload already.
// The readers tell, as they read, whether the input is exactly what
// appendCommand writes for the command read (keys in the writer's order,
// none missing, no omitted field present, text values spelled as their
// AppendText spells them); the Book's log then keeps a copy of the input
// (Book.do, once the command is recorded) instead of writing the command
// again. In doubt a reader says no, which
// only costs the write. checkFastAgrees (the fuzz target, the properties
// and the table of near misses in codec_canonical_test.go) fails if a
// reader says yes for any other bytes.
//
// A command decodes with one allocation for its strings, one for its box
// as a Command, and one for each slice. Figures (one core, before this
// pass -> after; ns/op are medians of runs interleaved on a shared
// machine): decoding the pilot's 254 commands (BenchmarkDecodeCommand)
// 170 -> 142 µs, 92 -> 51 KB, 2102 -> 670 allocs; BenchmarkApply 2,04 ->
// 1,85 ms, 4811 -> 3098 allocs; BenchmarkReadLog 2,12 -> 1,84 ms, 4869 ->
// 2850 allocs; BenchmarkSyntheticYear ~360 -> ~320 ms, 399.000 -> 149.000
// allocs.

// fastCommand is a command with the reflection-free codec.
type fastCommand interface {
	Command
	appendJSON(w *wire.Writer)
}

// appendCommand is the command's payload, its JSON as encoding/json writes
// it. With scratch, a buffer the caller reuses, the payload of a command
// with the fast codec is written there and aliases it until its next use
// (the Book copies a payload into its log only when it records the
// command); with nil, or for another command (encoding/json), it is new
// memory.
func appendCommand(scratch *[]byte, c Command) ([]byte, error) {
	if fc, ok := c.(fastCommand); ok {
		var w wire.Writer
		if scratch != nil {
			w.B = (*scratch)[:0]
		}
		fc.appendJSON(&w)
		if scratch != nil {
			*scratch = w.B
		}
		if w.OK() {
			return w.B, nil
		}
	}
	return json.Marshal(c)
}

// payloadBlocks hands out copies of payloads cut from larger blocks, for
// the Book's log: it keeps every payload for good, so one allocation serves
// many, and only a block's unused end is slack. Each copy has its own
// capacity, so that appending to one never writes into the next.
type payloadBlocks struct {
	free []byte // the current block's unused end
	size int    // the current block's size
}

func (p *payloadBlocks) copy(b []byte) []byte {
	if len(b) > len(p.free) {
		// blocks grow with the log, from 4 KiB (a small log keeps little
		// slack) to 64 KiB
		p.size = min(max(2*p.size, 4<<10), 64<<10)
		p.free = make([]byte, max(p.size, len(b)))
	}
	c := p.free[:len(b):len(b)]
	copy(c, b)
	p.free = p.free[len(b):]
	return c
}

// decodeFast decodes the frequent kinds of command from plain JSON; ok is
// false for other kinds and for JSON that is not plain.
func decodeFast(kind string, raw []byte) (c Command, ok bool) {
	c, ok, _ = readFast(kind, raw)
	return c, ok
}

// decodeCanonical decodes a command as decodeCommand does, and reports
// whether raw is the command's payload: exactly the bytes appendCommand
// writes for it, so that a replay keeps a copy of raw instead of writing
// the command again. Only the fast path tells; the slow one says no.
func decodeCanonical(kind string, raw []byte) (c Command, canonical bool, err error) {
	if c, ok, canonical := readFast(kind, raw); ok {
		return c, canonical, nil
	}
	c, err = decodeStrict(kind, raw)
	return c, false, err
}

// readFast is decodeFast, and also reports whether raw is canonical (see
// decodeCanonical). The readers below mark anything the writers would not
// write as odd: keys out of the writer's order or missing, omitted fields
// present, text values spelled otherwise.
func readFast(kind string, raw []byte) (c Command, ok, canonical bool) {
	r := wire.NewReader(raw)
	switch kind {
	case "savings.pay_wajib":
		var v PayWajib
		v.readJSON(&r)
		c = v
	case "savings.pay_pokok":
		var v PayPokok
		v.readJSON(&r)
		c = v
	case "savings.deposit":
		var v Deposit
		v.readJSON(&r)
		c = v
	case "facility.pledge":
		var v Pledge
		v.readJSON(&r)
		c = v
	case "loan.pay":
		var v Pay
		v.readJSON(&r)
		c = v
	case "group.collect":
		var v Collect
		v.readJSON(&r)
		c = v
	case "member.register":
		var v RegisterMember
		v.readJSON(&r)
		c = v
	case "group.create":
		var v CreateGroup
		v.readJSON(&r)
		c = v
	case "group.appoint_leader":
		var v AppointLeader
		v.readJSON(&r)
		c = v
	case "group.appoint_supervisor":
		var v AppointSupervisor
		v.readJSON(&r)
		c = v
	case "group.close_cycle":
		var v CloseCycle
		v.readJSON(&r)
		c = v
	case "facility.open":
		var v OpenFacility
		v.readJSON(&r)
		c = v
	case "facility.close":
		var v CloseFunding
		v.readJSON(&r)
		c = v
	case "facility.disburse":
		var v Disburse
		v.readJSON(&r)
		c = v
	case "day.close":
		var v CloseDay
		v.readJSON(&r)
		c = v
	case reopenKind:
		var v ReopenDay
		v.readJSON(&r)
		c = v
	case "group.form":
		var v FormGroups
		v.readJSON(&r)
		c = v
	case "goods.stock":
		var v StockGoods
		v.readJSON(&r)
		c = v
	default:
		return nil, false, false
	}
	return c, r.Done(), r.Canonical()
}

// Bits of the keys seen in an object, for wire.Reader.Once: in each
// object's writer order, which Once checks.
const (
	kID = iota
	kDate
	kMember
	kFacility
	kGroup
	kPaid
	kContributions
	kMembers
	kLeader
	kFirstDue
	kDeliveries
	kPrefix
	kLines
)

// readOp reads an Op's key, reporting false for any other key. The ID's
// bytes go to *id, for the caller to make into a string with the others.
func (o *Op) readOp(r *wire.Reader, seen *uint64, id *[]byte) bool {
	switch string(r.Key()) {
	case "id":
		r.Once(seen, kID)
		*id = r.Text()
	case "date":
		r.Once(seen, kDate)
		readDate(r, &o.Date)
	default:
		return false
	}
	return true
}

// appendOp opens the command's object with the Op's fields. (Not named
// appendJSON: every command embeds Op, and would then pass for a
// fastCommand.)
func (o Op) appendOp(w *wire.Writer) {
	w.Raw(`{"id":`)
	w.String(o.ID)
	w.Raw(`,"date":`)
	wire.WriteText(w, o.Date)
}

// A command's strings are read as spans of the input and made into strings
// together, with one allocation: they are read, and mostly dropped,
// together.

// join returns the spans' bytes as one string, which the caller cuts back
// into the spans' strings, in the same order, with cut.
func join(spans ...[]byte) string {
	n := 0
	for _, s := range spans {
		n += len(s)
	}
	if n == 0 {
		return ""
	}
	var sb strings.Builder
	sb.Grow(n)
	for _, s := range spans {
		sb.Write(s)
	}
	return sb.String()
}

// cut returns the first n bytes of *s and moves *s past them.
func cut(s *string, n int) string {
	v := (*s)[:n]
	*s = (*s)[n:]
	return v
}

// The text values are read with their UnmarshalText, as encoding/json
// reads them, and are canonical when their AppendText writes them back to
// the same bytes (a date, a month and an amount have other spellings:
// "Rp4.200" for "IDR 4200"). Concrete functions rather than one generic
// over UnmarshalText, whose call would move the command being read to the
// heap.

func readDate(r *wire.Reader, d *calendar.Date) {
	b := r.Text()
	if !r.OK() {
		return
	}
	if err := d.UnmarshalText(b); err != nil {
		r.Fail()
		return
	}
	var buf [16]byte
	if t, _ := d.AppendText(buf[:0]); string(t) != string(b) {
		r.Odd()
	}
}

func readMonth(r *wire.Reader, m *calendar.YearMonth) {
	b := r.Text()
	if !r.OK() {
		return
	}
	if err := m.UnmarshalText(b); err != nil {
		r.Fail()
		return
	}
	var buf [16]byte
	if t, _ := m.AppendText(buf[:0]); string(t) != string(b) {
		r.Odd()
	}
}

func readAmount(r *wire.Reader, a *money.Amount) {
	b := r.Text()
	if !r.OK() {
		return
	}
	if err := a.UnmarshalText(b); err != nil {
		r.Fail()
		return
	}
	var buf [40]byte
	if t, err := a.AppendText(buf[:0]); err != nil || string(t) != string(b) {
		r.Odd()
	}
}

// readNIK reads a NIK, canonical when it is its digits (ParseNIK takes
// "32.01..." too).
func readNIK(r *wire.Reader, n *members.NIK) {
	b := r.Text()
	if !r.OK() {
		return
	}
	if err := n.UnmarshalText(b); err != nil {
		r.Fail()
		return
	}
	if string(*n) != string(b) {
		r.Odd()
	}
}

func readStatus(r *wire.Reader, s *members.Status) {
	b := r.Text()
	if !r.OK() {
		return
	}
	if err := s.UnmarshalText(b); err != nil {
		r.Fail()
		return
	}
	if s.String() != string(b) { // the word MarshalText writes
		r.Odd()
	}
}

// The commands of scalar fields are read and written from a table of them.

func (c *PayWajib) readJSON(r *wire.Reader) { readFlat(r, &c.Op, c.fields()) }

func (c PayWajib) appendJSON(w *wire.Writer) { appendFlat(w, c.Op, c.fields()) }

func (c *PayWajib) fields() []field {
	return []field{{key: "member", str: (*string)(&c.Member)}, {key: "month", month: &c.Month}}
}

func (c *PayPokok) readJSON(r *wire.Reader) { readFlat(r, &c.Op, c.fields()) }

func (c PayPokok) appendJSON(w *wire.Writer) { appendFlat(w, c.Op, c.fields()) }

func (c *PayPokok) fields() []field { return []field{{key: "member", str: (*string)(&c.Member)}} }

func (c *Deposit) readJSON(r *wire.Reader) { readFlat(r, &c.Op, c.fields()) }

func (c Deposit) appendJSON(w *wire.Writer) { appendFlat(w, c.Op, c.fields()) }

func (c *Deposit) fields() []field {
	return []field{{key: "member", str: (*string)(&c.Member)}, {key: "amount", amount: &c.Amount}}
}

func (c *Pledge) readJSON(r *wire.Reader) { readFlat(r, &c.Op, c.fields()) }

func (c Pledge) appendJSON(w *wire.Writer) { appendFlat(w, c.Op, c.fields()) }

func (c *Pledge) fields() []field {
	return []field{{key: "facility", str: (*string)(&c.Facility)}, {key: "lender", str: (*string)(&c.Lender)}, {key: "amount", amount: &c.Amount}}
}

func (c *Pay) readJSON(r *wire.Reader) { readFlat(r, &c.Op, c.fields()) }

func (c Pay) appendJSON(w *wire.Writer) { appendFlat(w, c.Op, c.fields()) }

func (c *Pay) fields() []field {
	return []field{{key: "loan", str: (*string)(&c.Loan)}, {key: "amount", amount: &c.Amount}}
}

func (c *CloseCycle) readJSON(r *wire.Reader) { readFlat(r, &c.Op, c.fields()) }

func (c CloseCycle) appendJSON(w *wire.Writer) { appendFlat(w, c.Op, c.fields()) }

func (c *CloseCycle) fields() []field { return []field{{key: "group", str: (*string)(&c.Group)}} }

func (c *CloseDay) readJSON(r *wire.Reader) { readFlat(r, &c.Op, nil) }

func (c CloseDay) appendJSON(w *wire.Writer) { appendFlat(w, c.Op, nil) }

func (c *ReopenDay) readJSON(r *wire.Reader) { readFlat(r, &c.Op, nil) }

func (c ReopenDay) appendJSON(w *wire.Writer) { appendFlat(w, c.Op, nil) }

func (c *AppointLeader) readJSON(r *wire.Reader) { readFlat(r, &c.Op, c.fields()) }

func (c AppointLeader) appendJSON(w *wire.Writer) { appendFlat(w, c.Op, c.fields()) }

func (c *AppointLeader) fields() []field {
	return []field{{key: "group", str: (*string)(&c.Group)}, {key: "member", str: (*string)(&c.Member)}}
}

func (c *AppointSupervisor) readJSON(r *wire.Reader) { readFlat(r, &c.Op, c.fields()) }

func (c AppointSupervisor) appendJSON(w *wire.Writer) { appendFlat(w, c.Op, c.fields()) }

func (c *AppointSupervisor) fields() []field {
	return []field{{key: "group", str: (*string)(&c.Group)}, {key: "lender", str: (*string)(&c.Lender)}}
}

func (c *OpenFacility) readJSON(r *wire.Reader) { readFlat(r, &c.Op, c.fields()) }

func (c OpenFacility) appendJSON(w *wire.Writer) { appendFlat(w, c.Op, c.fields()) }

func (c *OpenFacility) fields() []field {
	return []field{{key: "facility", str: (*string)(&c.Facility)}, {key: "group", str: (*string)(&c.Group)},
		{key: "product", str: &c.Product}, {key: "requested", amount: &c.Requested, omit: true}}
}

func (c *CloseFunding) readJSON(r *wire.Reader) { readFlat(r, &c.Op, c.fields()) }

func (c CloseFunding) appendJSON(w *wire.Writer) { appendFlat(w, c.Op, c.fields()) }

func (c *CloseFunding) fields() []field {
	return []field{{key: "facility", str: (*string)(&c.Facility)}, {key: "cancel", flag: &c.Cancel, omit: true}}
}

func (c *Collect) readJSON(r *wire.Reader) {
	var seen uint64
	var tb [2 + 8][]byte
	// the ID and the group, then the members of paid and of contributions,
	// whichever comes first
	t := tb[:2]
	paidFirst := true
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen, &t[0]):
		case string(r.Key()) == "group":
			r.Once(&seen, kGroup)
			t[1] = r.Text()
		case string(r.Key()) == "paid":
			r.Once(&seen, kPaid)
			c.Paid, t = readMemberAmounts[lending.Collected](r, t)
		case string(r.Key()) == "contributions":
			r.Once(&seen, kContributions)
			paidFirst = seen&(1<<kPaid) != 0
			c.Contributions, t = readMemberAmounts[groups.Contribution](r, t)
			if len(c.Contributions) == 0 { // omitempty
				r.Odd()
			}
		default:
			r.Fail()
		}
	}
	r.Need(seen, 1<<kID|1<<kDate|1<<kGroup|1<<kPaid)
	if !r.OK() {
		return
	}
	s := join(t...)
	c.ID, c.Group = cut(&s, len(t[0])), groups.ID(cut(&s, len(t[1])))
	t = t[2:]
	paid := func() {
		for i := range c.Paid {
			c.Paid[i].Member = members.ID(cut(&s, len(t[i])))
		}
		t = t[len(c.Paid):]
	}
	contributions := func() {
		for i := range c.Contributions {
			c.Contributions[i].Member = members.ID(cut(&s, len(t[i])))
		}
		t = t[len(c.Contributions):]
	}
	if paidFirst {
		paid()
		contributions()
	} else {
		contributions()
		paid()
	}
}

func (c Collect) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"group":`)
	w.String(string(c.Group))
	w.Raw(`,"paid":`)
	appendMemberAmounts(w, c.Paid)
	if len(c.Contributions) > 0 { // omitempty
		w.Raw(`,"contributions":`)
		appendMemberAmounts(w, c.Contributions)
	}
	w.Raw(`}`)
}

// memberAmount is the shape of a payment at a meeting and of a contribution
// to the group fund.
type memberAmount interface {
	lending.Collected | groups.Contribution
}

// readMemberAmounts reads a []lending.Collected or []groups.Contribution as
// encoding/json does: null is nil, [] is empty but not nil. The slice has
// its exact length; the member IDs are left to the caller, who makes them
// from the spans appended to ids, one an element.
func readMemberAmounts[T memberAmount](r *wire.Reader, ids [][]byte) ([]T, [][]byte) {
	if r.Null() {
		return nil, ids
	}
	var vb [8]money.Amount // a group's members, on the stack
	as := vb[:0]
	for r.Array(); r.More(); {
		var a money.Amount
		var id []byte
		var seen uint64
		for r.Object(); r.Next(); {
			switch string(r.Key()) {
			case "member":
				r.Once(&seen, 0)
				id = r.Text()
			case "amount":
				r.Once(&seen, 1)
				readAmount(r, &a)
			default:
				r.Fail()
			}
		}
		r.Need(seen, 1<<0|1<<1)
		as, ids = append(as, a), append(ids, id)
	}
	out := make([]T, len(as))
	for i, a := range as {
		out[i] = T(lending.Collected{Amount: a})
	}
	return out, ids
}

// appendMemberAmounts writes xs as encoding/json does.
func appendMemberAmounts[T memberAmount](w *wire.Writer, xs []T) {
	if xs == nil {
		w.Raw(`null`)
		return
	}
	w.Raw(`[`)
	for i, x := range xs {
		if i > 0 {
			w.Raw(`,`)
		}
		v := lending.Collected(x)
		w.Raw(`{"member":`)
		w.String(string(v.Member))
		w.Raw(`,"amount":`)
		wire.WriteText(w, v.Amount)
		w.Raw(`}`)
	}
	w.Raw(`]`)
}

func (c *RegisterMember) readJSON(r *wire.Reader) {
	var seen uint64
	var t memberTexts
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen, &t[0]):
		case string(r.Key()) == "member":
			r.Once(&seen, kMember)
			readMember(r, &c.Member, &t)
		default:
			r.Fail()
		}
	}
	r.Need(seen, 1<<kID|1<<kDate|1<<kMember)
	s := join(t[:]...)
	c.ID = cut(&s, len(t[0]))
	m, a := &c.Member, &c.Member.Address
	for i, p := range [...]*string{(*string)(&m.ID), &m.Name, &m.KK, &m.Household, &a.Street, &a.Village, &a.District, &a.Regency, &m.Business.Type, &m.Business.Description} {
		*p = cut(&s, len(t[1+i]))
	}
}

// memberTexts are the string fields of a member.register, read as spans of
// the input: the command's ID, then the member's ID, name, kk, household,
// street, village, district, regency, business type and description.
type memberTexts [11][]byte

func (c RegisterMember) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"member":`)
	appendMember(w, &c.Member)
	w.Raw(`}`)
}

// readMember reads a members.Member, its strings into t; the field tags
// are in members/member.go, the order and omissions in appendMember.
func readMember(r *wire.Reader, m *members.Member, t *memberTexts) {
	var seen uint64
	for r.Object(); r.Next(); {
		switch k := string(r.Key()); k {
		case "id":
			r.Once(&seen, 0)
			t[1] = r.Text()
		case "name":
			r.Once(&seen, 1)
			t[2] = r.Text()
		case "nik":
			r.Once(&seen, 2)
			readNIK(r, &m.NIK)
		case "kk":
			r.Once(&seen, 3)
			t[3] = r.Text()
		case "household":
			r.Once(&seen, 4)
			if t[4] = r.Text(); len(t[4]) == 0 { // omitempty
				r.Odd()
			}
		case "birth_date":
			r.Once(&seen, 5)
			if readDate(r, &m.BirthDate); m.BirthDate.IsZero() { // omitzero
				r.Odd()
			}
		case "address":
			r.Once(&seen, 6)
			readAddress(r, &m.Address, t)
		case "business":
			r.Once(&seen, 7)
			var bseen uint64
			for r.Object(); r.Next(); {
				switch string(r.Key()) {
				case "type":
					r.Once(&bseen, 0)
					t[9] = r.Text()
				case "description":
					r.Once(&bseen, 1)
					if t[10] = r.Text(); len(t[10]) == 0 { // omitempty
						r.Odd()
					}
				default:
					r.Fail()
				}
			}
			r.Need(bseen, 1<<0)
		case "joined":
			r.Once(&seen, 8)
			readDate(r, &m.Joined)
		case "status":
			r.Once(&seen, 9)
			readStatus(r, &m.Status)
		case "left":
			r.Once(&seen, 10)
			if readDate(r, &m.Left); m.Left.IsZero() { // omitzero
				r.Odd()
			}
		case "documents":
			r.Once(&seen, 11)
			var dseen uint64
			for r.Object(); r.Next(); {
				switch string(r.Key()) {
				case "ktp":
					r.Once(&dseen, 0)
					m.Documents.KTP = r.Bool()
				case "kk":
					r.Once(&dseen, 1)
					m.Documents.KK = r.Bool()
				case "spouse_consent":
					r.Once(&dseen, 2)
					if m.Documents.SpouseConsent = r.Bool(); !m.Documents.SpouseConsent { // written only when true
						r.Odd()
					}
				default:
					r.Fail()
				}
			}
			r.Need(dseen, 1<<0|1<<1)
		default:
			r.Fail()
		}
	}
	r.Need(seen, 1<<0|1<<1|1<<2|1<<3|1<<6|1<<7|1<<8|1<<9|1<<11)
}

// readInt reads an int; a value an int cannot hold (where int has 32 bits)
// is left to encoding/json, which refuses it.
func readInt(r *wire.Reader) int {
	v := r.Int()
	if int64(int(v)) != v {
		r.Fail()
	}
	return int(v)
}

func readAddress(r *wire.Reader, a *members.Address, t *memberTexts) {
	var seen uint64
	// the strings the writer omits when empty: street, village, district, regency
	opt := func(i int) {
		if t[i] = r.Text(); len(t[i]) == 0 {
			r.Odd()
		}
	}
	for r.Object(); r.Next(); {
		switch string(r.Key()) {
		case "street":
			r.Once(&seen, 0)
			opt(5)
		case "rt":
			r.Once(&seen, 1)
			a.RT = readInt(r)
		case "rw":
			r.Once(&seen, 2)
			a.RW = readInt(r)
		case "village":
			r.Once(&seen, 3)
			opt(6)
		case "district":
			r.Once(&seen, 4)
			opt(7)
		case "regency":
			r.Once(&seen, 5)
			opt(8)
		case "location":
			r.Once(&seen, 6)
			var lseen uint64
			for r.Object(); r.Next(); {
				switch string(r.Key()) {
				case "lat":
					r.Once(&lseen, 0)
					a.Location.Lat = r.Int()
				case "lon":
					r.Once(&lseen, 1)
					a.Location.Lon = r.Int()
				default:
					r.Fail()
				}
			}
			r.Need(lseen, 1<<0|1<<1)
			if a.Location.IsZero() { // omitzero
				r.Odd()
			}
		default:
			r.Fail()
		}
	}
	r.Need(seen, 1<<1|1<<2)
}

// appendMember writes a members.Member as encoding/json does, omitempty and
// omitzero fields included.
func appendMember(w *wire.Writer, m *members.Member) {
	w.Raw(`{"id":`)
	w.String(string(m.ID))
	w.Raw(`,"name":`)
	w.String(m.Name)
	w.Raw(`,"nik":`)
	w.String(string(m.NIK))
	w.Raw(`,"kk":`)
	w.String(m.KK)
	if m.Household != "" {
		w.Raw(`,"household":`)
		w.String(m.Household)
	}
	if !m.BirthDate.IsZero() {
		w.Raw(`,"birth_date":`)
		wire.WriteText(w, m.BirthDate)
	}
	a := &m.Address
	w.Raw(`,"address":{`)
	if a.Street != "" {
		w.Raw(`"street":`)
		w.String(a.Street)
		w.Raw(`,`)
	}
	w.Raw(`"rt":`)
	w.Int(int64(a.RT))
	w.Raw(`,"rw":`)
	w.Int(int64(a.RW))
	for _, f := range [...]struct{ key, v string }{{`,"village":`, a.Village}, {`,"district":`, a.District}, {`,"regency":`, a.Regency}} {
		if f.v != "" {
			w.Raw(f.key)
			w.String(f.v)
		}
	}
	if !a.Location.IsZero() {
		w.Raw(`,"location":{"lat":`)
		w.Int(a.Location.Lat)
		w.Raw(`,"lon":`)
		w.Int(a.Location.Lon)
		w.Raw(`}`)
	}
	w.Raw(`},"business":{"type":`)
	w.String(m.Business.Type)
	if m.Business.Description != "" {
		w.Raw(`,"description":`)
		w.String(m.Business.Description)
	}
	w.Raw(`},"joined":`)
	wire.WriteText(w, m.Joined)
	w.Raw(`,"status":`)
	wire.WriteMarshaled(w, m.Status)
	if !m.Left.IsZero() {
		w.Raw(`,"left":`)
		wire.WriteText(w, m.Left)
	}
	w.Raw(`,"documents":{"ktp":`)
	w.Bool(m.Documents.KTP)
	w.Raw(`,"kk":`)
	w.Bool(m.Documents.KK)
	if m.Documents.SpouseConsent {
		w.Raw(`,"spouse_consent":true`)
	}
	w.Raw(`}}`)
}

// field is one scalar field of a command, in its JSON order: exactly one of
// the pointers is set. omit is omitempty or omitzero: the field is left out
// when zero.
type field struct {
	key    string
	str    *string
	amount *money.Amount
	month  *calendar.YearMonth
	flag   *bool
	omit   bool
}

// omitted reports whether appendFlat leaves f out.
func (f field) omitted() bool {
	return f.omit && ((f.amount != nil && f.amount.IsZero()) || (f.flag != nil && !*f.flag))
}

// readFlat reads an object of the Op's fields and fs (at most 4); any other
// key fails the reader.
func readFlat(r *wire.Reader, o *Op, fs []field) {
	var seen uint64
	var t [1 + 4][]byte // the ID, then the string fields' bytes by index
	for r.Object(); r.Next(); {
		if o.readOp(r, &seen, &t[0]) {
			continue
		}
		i := 0
		for i < len(fs) && fs[i].key != string(r.Key()) {
			i++
		}
		if i == len(fs) {
			r.Fail()
			continue
		}
		r.Once(&seen, uint(2+i))
		switch f := fs[i]; {
		case f.str != nil:
			t[1+i] = r.Text()
		case f.amount != nil:
			readAmount(r, f.amount)
		case f.month != nil:
			readMonth(r, f.month)
		case f.flag != nil:
			*f.flag = r.Bool()
		}
		if fs[i].omitted() {
			r.Odd()
		}
	}
	need := uint64(1<<kID | 1<<kDate)
	for i, f := range fs {
		if !f.omit {
			need |= 1 << (2 + i)
		}
	}
	r.Need(seen, need)
	s := join(t[:]...)
	o.ID = cut(&s, len(t[0]))
	for i, f := range fs {
		if f.str != nil {
			*f.str = cut(&s, len(t[1+i]))
		}
	}
}

// appendFlat writes the Op's fields then fs, as encoding/json writes them.
func appendFlat(w *wire.Writer, o Op, fs []field) {
	o.appendOp(w)
	for _, f := range fs {
		if f.omitted() {
			continue
		}
		w.Raw(`,"`)
		w.Raw(f.key)
		w.Raw(`":`)
		switch {
		case f.str != nil:
			w.String(*f.str)
		case f.amount != nil:
			wire.WriteText(w, *f.amount)
		case f.month != nil:
			wire.WriteText(w, *f.month)
		case f.flag != nil:
			w.Bool(*f.flag)
		}
	}
	w.Raw(`}`)
}

func (c *CreateGroup) readJSON(r *wire.Reader) {
	var seen uint64
	var tb [3 + 8][]byte
	t := tb[:3]  // the ID, the group and the leader, then the members
	arr := false // members is an array, not null nor missing
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen, &t[0]):
		case string(r.Key()) == "group":
			r.Once(&seen, kGroup)
			t[1] = r.Text()
		case string(r.Key()) == "members":
			r.Once(&seen, kMembers)
			t, arr = readIDs(r, t[:3])
		case string(r.Key()) == "leader":
			r.Once(&seen, kLeader)
			t[2] = r.Text()
		default:
			r.Fail()
		}
	}
	r.Need(seen, 1<<kID|1<<kDate|1<<kGroup|1<<kMembers|1<<kLeader)
	if !r.OK() {
		return
	}
	s := join(t...)
	c.ID, c.Group, c.Leader = cut(&s, len(t[0])), groups.ID(cut(&s, len(t[1]))), members.ID(cut(&s, len(t[2])))
	if arr {
		c.Members = cutIDs(&s, t[3:])
	}
}

func (c CreateGroup) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"group":`)
	w.String(string(c.Group))
	w.Raw(`,"members":`)
	appendIDs(w, c.Members)
	w.Raw(`,"leader":`)
	w.String(string(c.Leader))
	w.Raw(`}`)
}

func (c *Disburse) readJSON(r *wire.Reader) {
	var seen uint64
	var id, facility []byte
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen, &id):
		case string(r.Key()) == "facility":
			r.Once(&seen, kFacility)
			facility = r.Text()
		case string(r.Key()) == "first_due":
			r.Once(&seen, kFirstDue)
			if readDate(r, &c.FirstDue); c.FirstDue.IsZero() { // omitzero
				r.Odd()
			}
		case string(r.Key()) == "deliveries":
			r.Once(&seen, kDeliveries)
			if r.Null() {
				c.Deliveries = nil
				continue
			}
			c.Deliveries = []Delivery{}
			for r.Array(); r.More(); {
				c.Deliveries = append(c.Deliveries, readDelivery(r))
			}
		default:
			r.Fail()
		}
	}
	r.Need(seen, 1<<kID|1<<kDate|1<<kFacility|1<<kDeliveries)
	s := join(id, facility)
	c.ID, c.Facility = cut(&s, len(id)), lending.FacilityID(s)
}

func readDelivery(r *wire.Reader) Delivery {
	var d Delivery
	var seen uint64
	var loan, member, pkg []byte
	for r.Object(); r.Next(); {
		switch string(r.Key()) {
		case "loan":
			r.Once(&seen, 0)
			loan = r.Text()
		case "member":
			r.Once(&seen, 1)
			member = r.Text()
		case "package":
			r.Once(&seen, 2)
			pkg = r.Text()
		case "lines":
			r.Once(&seen, 3)
			if d.Lines = readGoodsLines(r); len(d.Lines) == 0 { // omitempty
				r.Odd()
			}
		default:
			r.Fail()
		}
	}
	r.Need(seen, 1<<0|1<<1|1<<2)
	s := join(loan, member, pkg)
	d.Loan, d.Member, d.Package = lending.LoanID(cut(&s, len(loan))), members.ID(cut(&s, len(member))), s
	return d
}

func (c Disburse) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"facility":`)
	w.String(string(c.Facility))
	if !c.FirstDue.IsZero() { // omitzero
		w.Raw(`,"first_due":`)
		wire.WriteText(w, c.FirstDue)
	}
	w.Raw(`,"deliveries":`)
	if c.Deliveries == nil {
		w.Raw(`null}`)
		return
	}
	w.Raw(`[`)
	for i, d := range c.Deliveries {
		if i > 0 {
			w.Raw(`,`)
		}
		w.Raw(`{"loan":`)
		w.String(string(d.Loan))
		w.Raw(`,"member":`)
		w.String(string(d.Member))
		w.Raw(`,"package":`)
		w.String(d.Package)
		if len(d.Lines) > 0 { // omitempty
			w.Raw(`,"lines":`)
			appendGoodsLines(w, d.Lines)
		}
		w.Raw(`}`)
	}
	w.Raw(`]}`)
}

// readGoodsLines reads a []lending.GoodsLine as encoding/json does (null is
// nil, [] is empty but not nil); the goods' codes share one string.
func readGoodsLines(r *wire.Reader) []lending.GoodsLine {
	if r.Null() {
		return nil
	}
	var qb [8]int64
	var gb [8][]byte
	qs, goods := qb[:0], gb[:0]
	for r.Array(); r.More(); {
		var seen uint64
		var good []byte
		var q int64
		for r.Object(); r.Next(); {
			switch string(r.Key()) {
			case "good":
				r.Once(&seen, 0)
				good = r.Text()
			case "quantity":
				r.Once(&seen, 1)
				q = r.Int()
			default:
				r.Fail()
			}
		}
		r.Need(seen, 1<<0|1<<1)
		qs, goods = append(qs, q), append(goods, good)
	}
	s := join(goods...)
	lines := make([]lending.GoodsLine, len(qs))
	for i, q := range qs {
		lines[i] = lending.GoodsLine{Good: lending.GoodCode(cut(&s, len(goods[i]))), Quantity: q}
	}
	return lines
}

// appendGoodsLines writes lines as encoding/json does.
func appendGoodsLines(w *wire.Writer, lines []lending.GoodsLine) {
	if lines == nil {
		w.Raw(`null`)
		return
	}
	w.Raw(`[`)
	for i, g := range lines {
		if i > 0 {
			w.Raw(`,`)
		}
		w.Raw(`{"good":`)
		w.String(string(g.Good))
		w.Raw(`,"quantity":`)
		w.Int(g.Quantity)
		w.Raw(`}`)
	}
	w.Raw(`]`)
}

func (c *StockGoods) readJSON(r *wire.Reader) {
	var seen uint64
	var id []byte
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen, &id):
		case string(r.Key()) == "lines":
			r.Once(&seen, kLines)
			c.Lines = readGoodsLines(r)
		default:
			r.Fail()
		}
	}
	r.Need(seen, 1<<kID|1<<kDate|1<<kLines)
	c.ID = string(id)
}

func (c StockGoods) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"lines":`)
	appendGoodsLines(w, c.Lines)
	w.Raw(`}`)
}

func (c *FormGroups) readJSON(r *wire.Reader) {
	var seen uint64
	var tb [2 + 16][]byte
	t := tb[:2]  // the ID and the prefix, then the members
	arr := false // members is an array, not null nor missing
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen, &t[0]):
		case string(r.Key()) == "members":
			r.Once(&seen, kMembers)
			t, arr = readIDs(r, t[:2])
		case string(r.Key()) == "prefix":
			r.Once(&seen, kPrefix)
			t[1] = r.Text()
		default:
			r.Fail()
		}
	}
	r.Need(seen, 1<<kID|1<<kDate|1<<kMembers|1<<kPrefix)
	if !r.OK() {
		return
	}
	s := join(t...)
	c.ID, c.Prefix = cut(&s, len(t[0])), cut(&s, len(t[1]))
	if arr {
		c.Members = cutIDs(&s, t[2:])
	}
}

func (c FormGroups) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"members":`)
	appendIDs(w, c.Members)
	w.Raw(`,"prefix":`)
	w.String(c.Prefix)
	w.Raw(`}`)
}

// readIDs reads an array of member IDs, or null (arr false), appending
// their spans to t.
func readIDs(r *wire.Reader, t [][]byte) (_ [][]byte, arr bool) {
	if r.Null() {
		return t, false
	}
	for r.Array(); r.More(); {
		t = append(t, r.Text())
	}
	return t, true
}

// cutIDs cuts the member IDs of spans from *s (see join).
func cutIDs(s *string, spans [][]byte) []members.ID {
	ids := make([]members.ID, len(spans))
	for i := range ids {
		ids[i] = members.ID(cut(s, len(spans[i])))
	}
	return ids
}

// appendIDs writes member IDs as encoding/json does.
func appendIDs(w *wire.Writer, ids []members.ID) {
	if ids == nil {
		w.Raw(`null`)
		return
	}
	w.Raw(`[`)
	for i, m := range ids {
		if i > 0 {
			w.Raw(`,`)
		}
		w.String(string(m))
	}
	w.Raw(`]`)
}
