package koperasi

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/internal/wire"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
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

// marshalCommand is the command's payload: its JSON as encoding/json writes
// it.
func marshalCommand(c Command) ([]byte, error) { return appendCommand(nil, c) }

// appendCommand is marshalCommand that writes through scratch, a buffer
// the caller reuses, and returns a copy of exactly the payload's length:
// the log keeps every payload, so slack would stay for good.
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
	kMonth
	kAmount
	kFacility
	kLender
	kLoan
	kGroup
	kPaid
	kContributions
	kProduct
	kCancel
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

func (c *PayWajib) readJSON(r *wire.Reader) {
	var seen uint64
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen):
		case string(r.Key()) == "member":
			r.Once(&seen, kMember)
			c.Member = members.ID(r.String())
		case string(r.Key()) == "month":
			r.Once(&seen, kMonth)
			wire.ReadText(r, &c.Month)
		default:
			r.Fail()
		}
	}
}

func (c PayWajib) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"member":`)
	w.String(string(c.Member))
	w.Raw(`,"month":`)
	wire.WriteText(w, c.Month)
	w.Raw(`}`)
}

func (c *PayPokok) readJSON(r *wire.Reader) {
	var seen uint64
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen):
		case string(r.Key()) == "member":
			r.Once(&seen, kMember)
			c.Member = members.ID(r.String())
		default:
			r.Fail()
		}
	}
}

func (c PayPokok) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"member":`)
	w.String(string(c.Member))
	w.Raw(`}`)
}

func (c *Deposit) readJSON(r *wire.Reader) {
	var seen uint64
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen):
		case string(r.Key()) == "member":
			r.Once(&seen, kMember)
			c.Member = members.ID(r.String())
		case string(r.Key()) == "amount":
			r.Once(&seen, kAmount)
			wire.ReadText(r, &c.Amount)
		default:
			r.Fail()
		}
	}
}

func (c Deposit) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"member":`)
	w.String(string(c.Member))
	w.Raw(`,"amount":`)
	wire.WriteText(w, c.Amount)
	w.Raw(`}`)
}

func (c *Pledge) readJSON(r *wire.Reader) {
	var seen uint64
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen):
		case string(r.Key()) == "facility":
			r.Once(&seen, kFacility)
			c.Facility = lending.FacilityID(r.String())
		case string(r.Key()) == "lender":
			r.Once(&seen, kLender)
			c.Lender = members.ID(r.String())
		case string(r.Key()) == "amount":
			r.Once(&seen, kAmount)
			wire.ReadText(r, &c.Amount)
		default:
			r.Fail()
		}
	}
}

func (c Pledge) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"facility":`)
	w.String(string(c.Facility))
	w.Raw(`,"lender":`)
	w.String(string(c.Lender))
	w.Raw(`,"amount":`)
	wire.WriteText(w, c.Amount)
	w.Raw(`}`)
}

func (c *Pay) readJSON(r *wire.Reader) {
	var seen uint64
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen):
		case string(r.Key()) == "loan":
			r.Once(&seen, kLoan)
			c.Loan = lending.LoanID(r.String())
		case string(r.Key()) == "amount":
			r.Once(&seen, kAmount)
			wire.ReadText(r, &c.Amount)
		default:
			r.Fail()
		}
	}
}

func (c Pay) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"loan":`)
	w.String(string(c.Loan))
	w.Raw(`,"amount":`)
	wire.WriteText(w, c.Amount)
	w.Raw(`}`)
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
			c.Paid = readPaid(r)
		case string(r.Key()) == "contributions":
			r.Once(&seen, kContributions)
			c.Contributions = readContributions(r)
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
	if c.Paid == nil {
		w.Raw(`null`)
	} else {
		w.Raw(`[`)
		for i, p := range c.Paid {
			if i > 0 {
				w.Raw(`,`)
			}
			appendMemberAmount(w, p.Member, p.Amount)
		}
		w.Raw(`]`)
	}
	if len(c.Contributions) > 0 { // omitempty
		w.Raw(`,"contributions":[`)
		for i, p := range c.Contributions {
			if i > 0 {
				w.Raw(`,`)
			}
			appendMemberAmount(w, p.Member, p.Amount)
		}
		w.Raw(`]`)
	}
	w.Raw(`}`)
}

func appendMemberAmount[A wire.Text](w *wire.Writer, m members.ID, a A) {
	w.Raw(`{"member":`)
	w.String(string(m))
	w.Raw(`,"amount":`)
	wire.WriteText(w, a)
	w.Raw(`}`)
}

// readPaid reads a []lending.Collected as encoding/json does: null is nil,
// [] is empty but not nil.
func readPaid(r *wire.Reader) []lending.Collected {
	if r.Null() {
		return nil
	}
	out := make([]lending.Collected, 0, 8) // a group's members, without regrowing
	for r.Array(); r.More(); {
		var v lending.Collected
		var seen uint64
		for r.Object(); r.Next(); {
			switch string(r.Key()) {
			case "member":
				r.Once(&seen, kMember)
				v.Member = members.ID(r.String())
			case "amount":
				r.Once(&seen, kAmount)
				wire.ReadText(r, &v.Amount)
			default:
				r.Fail()
			}
		}
		out = append(out, v)
	}
	return out
}

// readContributions reads a []groups.Contribution as readPaid does.
func readContributions(r *wire.Reader) []groups.Contribution {
	if r.Null() {
		return nil
	}
	out := []groups.Contribution{}
	for r.Array(); r.More(); {
		var v groups.Contribution
		var seen uint64
		for r.Object(); r.Next(); {
			switch string(r.Key()) {
			case "member":
				r.Once(&seen, kMember)
				v.Member = members.ID(r.String())
			case "amount":
				r.Once(&seen, kAmount)
				wire.ReadText(r, &v.Amount)
			default:
				r.Fail()
			}
		}
		out = append(out, v)
	}
	return out
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

// readFlat reads an object of the Op's fields and the string fields named
// by keys into dst; any other key fails the reader.
func readFlat(r *wire.Reader, o *Op, keys []string, dst []*string) {
	var seen uint64
	for r.Object(); r.Next(); {
		if o.readOp(r, &seen) {
			continue
		}
		i := slices.Index(keys, string(r.Key()))
		if i < 0 {
			r.Fail()
			continue
		}
		r.Once(&seen, uint(2+i))
		*dst[i] = r.String()
	}
}

// appendFlat writes the Op's fields then the string fields keyed as given
// (each key with its leading comma and colon, e.g. `,"group":`).
func appendFlat(w *wire.Writer, o Op, kv ...string) {
	o.appendOp(w)
	for i := 0; i+1 < len(kv); i += 2 {
		w.Raw(kv[i])
		w.String(kv[i+1])
	}
	w.Raw(`}`)
}

func (c *CloseCycle) readJSON(r *wire.Reader) {
	readFlat(r, &c.Op, []string{"group"}, []*string{(*string)(&c.Group)})
}

func (c CloseCycle) appendJSON(w *wire.Writer) { appendFlat(w, c.Op, `,"group":`, string(c.Group)) }

func (c *CloseDay) readJSON(r *wire.Reader) { readFlat(r, &c.Op, nil, nil) }

func (c CloseDay) appendJSON(w *wire.Writer) { appendFlat(w, c.Op) }

func (c *AppointLeader) readJSON(r *wire.Reader) {
	readFlat(r, &c.Op, []string{"group", "member"}, []*string{(*string)(&c.Group), (*string)(&c.Member)})
}

func (c AppointLeader) appendJSON(w *wire.Writer) {
	appendFlat(w, c.Op, `,"group":`, string(c.Group), `,"member":`, string(c.Member))
}

func (c *AppointSupervisor) readJSON(r *wire.Reader) {
	readFlat(r, &c.Op, []string{"group", "lender"}, []*string{(*string)(&c.Group), (*string)(&c.Lender)})
}

func (c AppointSupervisor) appendJSON(w *wire.Writer) {
	appendFlat(w, c.Op, `,"group":`, string(c.Group), `,"lender":`, string(c.Lender))
}

func (c *OpenFacility) readJSON(r *wire.Reader) {
	var seen uint64
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen):
		case string(r.Key()) == "facility":
			r.Once(&seen, kFacility)
			c.Facility = lending.FacilityID(r.String())
		case string(r.Key()) == "group":
			r.Once(&seen, kGroup)
			c.Group = groups.ID(r.String())
		case string(r.Key()) == "product":
			r.Once(&seen, kProduct)
			c.Product = r.String()
		case string(r.Key()) == "requested":
			r.Once(&seen, kAmount)
			wire.ReadText(r, &c.Requested)
		default:
			r.Fail()
		}
	}
}

func (c OpenFacility) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"facility":`)
	w.String(string(c.Facility))
	w.Raw(`,"group":`)
	w.String(string(c.Group))
	w.Raw(`,"product":`)
	w.String(c.Product)
	if !c.Requested.IsZero() { // omitzero
		w.Raw(`,"requested":`)
		wire.WriteText(w, c.Requested)
	}
	w.Raw(`}`)
}

func (c *CloseFunding) readJSON(r *wire.Reader) {
	var seen uint64
	for r.Object(); r.Next(); {
		switch {
		case c.Op.readOp(r, &seen):
		case string(r.Key()) == "facility":
			r.Once(&seen, kFacility)
			c.Facility = lending.FacilityID(r.String())
		case string(r.Key()) == "cancel":
			r.Once(&seen, kCancel)
			c.Cancel = r.Bool()
		default:
			r.Fail()
		}
	}
}

func (c CloseFunding) appendJSON(w *wire.Writer) {
	c.Op.appendOp(w)
	w.Raw(`,"facility":`)
	w.String(string(c.Facility))
	if c.Cancel {
		w.Raw(`,"cancel":true`)
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
