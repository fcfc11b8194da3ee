package members

import (
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/internal/blocks"
	"github.com/ip2p/koperasi/internal/idindex"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

// opLog is the operation log, stored compactly: every operation is kept for
// good, so its size is most of what a Savings holds per operation.
//
// A record holds one pointer, its ID (shared with the journal entry): the
// member is a number, and the rarer texts (hold IDs, member records, the
// few source accounts of deposits) are in side tables. So the garbage
// collector has little to scan and appending writes one pointer.
type opLog struct {
	ops     blocks.Column[loggedOp]
	ids     idindex.Index // ID -> position; the IDs stay in the log
	members []ID          // by member number (book.no), in order registered
	records []*Member     // of register and update, never changed
	holds   []string      // hold IDs of hold, release and capture
	sources []ledger.Code // the distinct sources of deposits
}

// loggedOp is an Operation as the log keeps it. An applied operation never
// has open loans (a resignation with any is refused), and it uses at most
// one of Record, Hold and Source (checkForm), so they share aux.
type loggedOp struct {
	id     string
	amt    int64          // Amount's minor units
	cur    money.Currency // Amount's currency: zero for an operation without an amount
	date   calendar.Date
	month  calendar.YearMonth
	member int32 // index in members
	aux    int32 // 1 + index in records, holds or sources by typ; 0 for none
	typ    OpType
	kind   Kind
}

func (l *opLog) len() int { return int(l.ops.Len()) }

// newOpLog returns an empty log. Its index's seed is made here, not on
// first use, so that queries never write. The index starts with room for a
// few dozen operations, which every book reaches, instead of growing from
// one.
func newOpLog() opLog {
	var l opLog
	l.ids.Tag("") // the seed, made here so that queries never write
	l.ids.Reserve(32)
	return l
}

// find returns the position of the operation with the ID.
func (l *opLog) find(id string) (int, bool) { return l.ids.Lookup(id, l.idAt) }

func (l *opLog) at(i int) *loggedOp { return l.ops.At(int32(i)) }

func (l *opLog) idAt(i int) string { return l.ops.At(int32(i)).id }

// push appends o, whose ID has tag t and is not in the log yet, for the
// member numbered no.
func (l *opLog) push(o *Operation, t uint32, no int32) {
	l.ids.Add(t, int(l.ops.Len()))
	r := loggedOp{id: o.ID, amt: o.Amount.Minor(), cur: o.Amount.Currency(), date: o.Date, month: o.Month,
		member: no, typ: o.Type, kind: o.Kind}
	switch {
	case o.Record != nil:
		l.records = append(l.records, o.Record)
		r.aux = int32(len(l.records))
	case o.Hold != "":
		l.holds = append(l.holds, o.Hold)
		r.aux = int32(len(l.holds))
	case o.Source != "":
		r.aux = l.source(o.Source)
	}
	l.ops.Push(r)
}

// source is 1 + the index of code in sources, added if new. A koperasi's
// deposits come from a handful of accounts.
func (l *opLog) source(code ledger.Code) int32 {
	for i, c := range l.sources {
		if c == code {
			return int32(i + 1)
		}
	}
	l.sources = append(l.sources, code)
	return int32(len(l.sources))
}

// hold is the Hold of the operation at r.
func (l *opLog) hold(r *loggedOp) string {
	switch r.typ {
	case OpHold, OpRelease, OpCapture:
		if r.aux > 0 {
			return l.holds[r.aux-1]
		}
	}
	return ""
}

// operation is the Operation at i as applied; its Record is the log's own.
func (l *opLog) operation(i int) Operation {
	r := l.at(i)
	o := Operation{ID: r.id, Date: r.date, Type: r.typ, Member: l.members[r.member], Kind: r.kind,
		Amount: r.cur.Amount(r.amt), Month: r.month}
	if r.aux > 0 {
		switch r.typ {
		case OpRegister, OpUpdate:
			o.Record = l.records[r.aux-1]
		case OpDeposit:
			o.Source = l.sources[r.aux-1]
		default:
			o.Hold = l.holds[r.aux-1]
		}
	}
	return o
}

// appendAll appends every operation to dst, in order, sharing the log's
// records.
func (l *opLog) appendAll(dst []Operation) []Operation {
	for i := range l.len() {
		dst = append(dst, l.operation(i))
	}
	return dst
}
