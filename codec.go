package koperasi

import (
	"bytes"
	"encoding/json"
	"slices"

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

// fastCommand is a command with the reflection-free codec.
type fastCommand interface {
	Command
	appendJSON(w *wire.Writer)
}

// appendCommand is the command's payload, its JSON as encoding/json writes
// it. It writes through scratch, a buffer the caller reuses (or nil), and
// returns a copy of exactly the payload's length: the log keeps every
// payload, so slack would stay for good.
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
			return bytes.Clone(w.B), nil
		}
	}
	return json.Marshal(c)
}

// decodeFast decodes the frequent kinds of command from plain JSON; ok is
// false for other kinds and for JSON that is not plain.
func decodeFast(kind string, raw []byte) (c Command, ok bool) {
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
	default:
		return nil, false
	}
	return c, r.Done()
}

// Bits of the keys seen in an object, for wire.Reader.Once.
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
)

// readOp reads an Op's key, reporting false for any other key.
func (o *Op) readOp(r *wire.Reader, seen *uint64) bool {
	switch string(r.Key()) {
	case "id":
		r.Once(seen, kID)
		o.ID = r.String()
	case "date":
		r.Once(seen, kDate)
		wire.ReadText(r, &o.Date)
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
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen):
		case string(r.Key()) == "group":
			r.Once(&seen, kGroup)
			c.Group = groups.ID(r.String())
		case string(r.Key()) == "paid":
			r.Once(&seen, kPaid)
			c.Paid = readMemberAmounts[lending.Collected](r)
		case string(r.Key()) == "contributions":
			r.Once(&seen, kContributions)
			c.Contributions = readMemberAmounts[groups.Contribution](r)
		default:
			r.Fail()
		}
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
// encoding/json does: null is nil, [] is empty but not nil.
func readMemberAmounts[T memberAmount](r *wire.Reader) []T {
	if r.Null() {
		return nil
	}
	out := make([]T, 0, 8) // a group's members, without regrowing
	for r.Array(); r.More(); {
		var v lending.Collected
		var seen uint64
		for r.Object(); r.Next(); {
			switch string(r.Key()) {
			case "member":
				r.Once(&seen, 0)
				v.Member = members.ID(r.String())
			case "amount":
				r.Once(&seen, 1)
				wire.ReadText(r, &v.Amount)
			default:
				r.Fail()
			}
		}
		out = append(out, T(v))
	}
	return out
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
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen):
		case string(r.Key()) == "member":
			r.Once(&seen, kMember)
			readMember(r, &c.Member)
		default:
			r.Fail()
		}
	}
}

func (c RegisterMember) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"member":`)
	appendMember(w, &c.Member)
	w.Raw(`}`)
}

// readMember reads a members.Member; the field tags are in members/member.go.
func readMember(r *wire.Reader, m *members.Member) {
	var seen uint64
	for r.Object(); r.Next(); {
		switch k := string(r.Key()); k {
		case "id":
			r.Once(&seen, 0)
			m.ID = members.ID(r.String())
		case "name":
			r.Once(&seen, 1)
			m.Name = r.String()
		case "nik":
			r.Once(&seen, 2)
			wire.ReadText(r, &m.NIK)
		case "kk":
			r.Once(&seen, 3)
			m.KK = r.String()
		case "household":
			r.Once(&seen, 4)
			m.Household = r.String()
		case "birth_date":
			r.Once(&seen, 5)
			wire.ReadText(r, &m.BirthDate)
		case "address":
			r.Once(&seen, 6)
			readAddress(r, &m.Address)
		case "business":
			r.Once(&seen, 7)
			var bseen uint64
			for r.Object(); r.Next(); {
				switch string(r.Key()) {
				case "type":
					r.Once(&bseen, 0)
					m.Business.Type = r.String()
				case "description":
					r.Once(&bseen, 1)
					m.Business.Description = r.String()
				default:
					r.Fail()
				}
			}
		case "joined":
			r.Once(&seen, 8)
			wire.ReadText(r, &m.Joined)
		case "status":
			r.Once(&seen, 9)
			wire.ReadText(r, &m.Status)
		case "left":
			r.Once(&seen, 10)
			wire.ReadText(r, &m.Left)
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
					m.Documents.SpouseConsent = r.Bool()
				default:
					r.Fail()
				}
			}
		default:
			r.Fail()
		}
	}
}

func readAddress(r *wire.Reader, a *members.Address) {
	var seen uint64
	for r.Object(); r.Next(); {
		switch string(r.Key()) {
		case "street":
			r.Once(&seen, 0)
			a.Street = r.String()
		case "rt":
			r.Once(&seen, 1)
			a.RT = int(r.Int())
		case "rw":
			r.Once(&seen, 2)
			a.RW = int(r.Int())
		case "village":
			r.Once(&seen, 3)
			a.Village = r.String()
		case "district":
			r.Once(&seen, 4)
			a.District = r.String()
		case "regency":
			r.Once(&seen, 5)
			a.Regency = r.String()
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
		default:
			r.Fail()
		}
	}
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

// readFlat reads an object of the Op's fields and fs; any other key fails
// the reader.
func readFlat(r *wire.Reader, o *Op, fs []field) {
	var seen uint64
	for r.Object(); r.Next(); {
		if o.readOp(r, &seen) {
			continue
		}
		i := slices.IndexFunc(fs, func(f field) bool { return f.key == string(r.Key()) })
		if i < 0 {
			r.Fail()
			continue
		}
		r.Once(&seen, uint(2+i))
		switch f := fs[i]; {
		case f.str != nil:
			*f.str = r.String()
		case f.amount != nil:
			wire.ReadText(r, f.amount)
		case f.month != nil:
			wire.ReadText(r, f.month)
		case f.flag != nil:
			*f.flag = r.Bool()
		}
	}
}

// appendFlat writes the Op's fields then fs, as encoding/json writes them.
func appendFlat(w *wire.Writer, o Op, fs []field) {
	o.appendOp(w)
	for _, f := range fs {
		if f.omit && ((f.amount != nil && f.amount.IsZero()) || (f.flag != nil && !*f.flag)) {
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
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen):
		case string(r.Key()) == "group":
			r.Once(&seen, kGroup)
			c.Group = groups.ID(r.String())
		case string(r.Key()) == "members":
			r.Once(&seen, kMembers)
			if r.Null() {
				c.Members = nil
				continue
			}
			c.Members = []members.ID{}
			for r.Array(); r.More(); {
				c.Members = append(c.Members, members.ID(r.String()))
			}
		case string(r.Key()) == "leader":
			r.Once(&seen, kLeader)
			c.Leader = members.ID(r.String())
		default:
			r.Fail()
		}
	}
}

func (c CreateGroup) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"group":`)
	w.String(string(c.Group))
	w.Raw(`,"members":`)
	if c.Members == nil {
		w.Raw(`null`)
	} else {
		w.Raw(`[`)
		for i, m := range c.Members {
			if i > 0 {
				w.Raw(`,`)
			}
			w.String(string(m))
		}
		w.Raw(`]`)
	}
	w.Raw(`,"leader":`)
	w.String(string(c.Leader))
	w.Raw(`}`)
}

func (c *Disburse) readJSON(r *wire.Reader) {
	var seen uint64
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen):
		case string(r.Key()) == "facility":
			r.Once(&seen, kFacility)
			c.Facility = lending.FacilityID(r.String())
		case string(r.Key()) == "first_due":
			r.Once(&seen, kFirstDue)
			wire.ReadText(r, &c.FirstDue)
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
}

func readDelivery(r *wire.Reader) Delivery {
	var d Delivery
	var seen uint64
	for r.Object(); r.Next(); {
		switch string(r.Key()) {
		case "loan":
			r.Once(&seen, 0)
			d.Loan = lending.LoanID(r.String())
		case "member":
			r.Once(&seen, 1)
			d.Member = members.ID(r.String())
		case "package":
			r.Once(&seen, 2)
			d.Package = r.String()
		case "lines":
			r.Once(&seen, 3)
			if r.Null() {
				d.Lines = nil
				continue
			}
			d.Lines = []lending.GoodsLine{}
			for r.Array(); r.More(); {
				var g lending.GoodsLine
				var gseen uint64
				for r.Object(); r.Next(); {
					switch string(r.Key()) {
					case "good":
						r.Once(&gseen, 0)
						g.Good = lending.GoodCode(r.String())
					case "quantity":
						r.Once(&gseen, 1)
						g.Quantity = r.Int()
					default:
						r.Fail()
					}
				}
				d.Lines = append(d.Lines, g)
			}
		default:
			r.Fail()
		}
	}
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
			w.Raw(`,"lines":[`)
			for j, g := range d.Lines {
				if j > 0 {
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
		w.Raw(`}`)
	}
	w.Raw(`]}`)
}
