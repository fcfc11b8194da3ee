package members

import (
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/internal/idindex"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

// opLog is the operation log, stored compactly: every operation is kept for
// good, so its size is most of what a Savings holds per operation.
//
// Operations are kept in blocks of logBlock that never move once full, so
// that a long replay copies none of them as the log grows (a single slice
// would copy the whole log at every growth) and wastes at most one block's
// spare room. The first block grows by append from a few dozen, so a small
// book stays small.
type opLog struct {
	blocks [][]loggedOp
	n      int
	ids    idindex.Index // ID -> position; the IDs stay in the log
}

const logBlock = 256

// loggedOp is an Operation as the log keeps it. An applied operation never
// has open loans (a resignation with any is refused), and it uses at most
// one of Hold and Source (checkForm), so they share text.
type loggedOp struct {
	id     string
	member ID
	text   string // Source of a deposit, Hold of any other type
	record *Member
	amount money.Amount
	date   calendar.Date
	month  calendar.YearMonth
	typ    OpType
	kind   Kind
}

func (l *opLog) len() int { return l.n }

// newOpLog returns an empty log. Its index's seed is made here, not on
// first use, so that queries never write. The first block and the index
// start with room for a few dozen operations, which every book reaches,
// instead of growing from one.
func newOpLog() opLog {
	l := opLog{
		blocks: [][]loggedOp{make([]loggedOp, 0, firstBlock)},
	}
	l.ids.Tag("") // the seed, made here so that queries never write
	l.ids.Reserve(firstBlock)
	return l
}

const firstBlock = 32

// find returns the position of the operation with the ID.
func (l *opLog) find(id string) (int, bool) { return l.ids.Lookup(id, l.idAt) }

func (l *opLog) at(i int) *loggedOp { return &l.blocks[i/logBlock][i%logBlock] }

func (l *opLog) idAt(i int) string { return l.at(i).id }

// push appends o, whose ID has tag t and is not in the log yet.
func (l *opLog) push(o *Operation, t uint32) {
	l.ids.Add(t, l.n)
	last := len(l.blocks) - 1
	if last < 0 || len(l.blocks[last]) == logBlock {
		l.blocks = append(l.blocks, make([]loggedOp, 0, logBlock))
		last++
	}
	text := o.Hold
	if o.Type == OpDeposit {
		text = string(o.Source)
	}
	l.blocks[last] = append(l.blocks[last], loggedOp{id: o.ID, member: o.Member, text: text, record: o.Record,
		amount: o.Amount, date: o.Date, month: o.Month, typ: o.Type, kind: o.Kind})
	l.n++
}

// hold is the operation's Hold.
func (r *loggedOp) hold() string {
	if r.typ == OpDeposit {
		return ""
	}
	return r.text
}

// operation is the Operation as applied; its Record is the log's own.
func (r *loggedOp) operation() Operation {
	o := Operation{ID: r.id, Date: r.date, Type: r.typ, Member: r.member, Record: r.record, Kind: r.kind,
		Amount: r.amount, Month: r.month, Hold: r.text}
	if r.typ == OpDeposit {
		o.Hold, o.Source = "", ledger.Code(r.text)
	}
	return o
}

// appendAll appends every operation to dst, in order, sharing the log's
// records.
func (l *opLog) appendAll(dst []Operation) []Operation {
	for _, b := range l.blocks {
		for i := range b {
			dst = append(dst, b[i].operation())
		}
	}
	return dst
}
