package members

import (
	"hash/maphash"

	"github.com/ip2p/koperasi/calendar"
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
	ids    opIndex
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
	return opLog{
		blocks: [][]loggedOp{make([]loggedOp, 0, firstBlock)},
		ids:    opIndex{seed: maphash.MakeSeed(), slots: make([]uint64, 2*firstBlock)},
	}
}

const firstBlock = 32

// find returns the position of the operation with the ID.
func (l *opLog) find(id string) (int, bool) {
	if l.n == 0 { // also the zero Savings, whose index has no seed
		return 0, false
	}
	return l.ids.find(id, l.ids.tag(id), l)
}

func (l *opLog) at(i int) *loggedOp { return &l.blocks[i/logBlock][i%logBlock] }

// push appends o, whose ID has tag t and is not in the log yet.
func (l *opLog) push(o *Operation, t uint32) {
	l.ids.add(t, l.n)
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

// opIndex finds an operation in the log by its ID. It is an open-addressing
// table with linear probing whose slots hold a 32-bit hash tag and the log
// position, 8 bytes a slot: the IDs stay in the log, so the index keeps no
// second string header per operation as a map[string]int would, never
// rehashes an ID when it grows, and a lookup that misses (every new
// operation) compares tags, not strings.
type opIndex struct {
	seed  maphash.Seed // made with the table; it only places IDs, no output depends on it
	slots []uint64     // tag<<32 | 1+position; 0 is empty; len is a power of two
	n     int
}

// tag is id's hash tag; the index needs its seed (newOpLog).
func (x *opIndex) tag(id string) uint32 { return uint32(maphash.String(x.seed, id) >> 32) }

// find returns the position in l of the operation whose ID is id, which
// has tag t.
func (x *opIndex) find(id string, t uint32, l *opLog) (int, bool) {
	if x.n == 0 {
		return 0, false
	}
	mask := uint32(len(x.slots) - 1)
	for p := t & mask; ; p = (p + 1) & mask {
		s := x.slots[p]
		if s == 0 {
			return 0, false
		}
		if uint32(s>>32) == t {
			if i := int(uint32(s)) - 1; l.at(i).id == id {
				return i, true
			}
		}
	}
}

// add records that the operation at position i has an ID with tag t, an
// ID not in the index.
func (x *opIndex) add(t uint32, i int) {
	if 4*(x.n+1) > 3*len(x.slots) { // at most three quarters full, so probes stay short
		old := x.slots
		x.slots = make([]uint64, max(16, 2*len(old)))
		for _, s := range old {
			if s != 0 {
				x.put(s)
			}
		}
	}
	x.put(uint64(t)<<32 | uint64(uint32(i+1)))
	x.n++
}

func (x *opIndex) put(s uint64) {
	mask := uint32(len(x.slots) - 1)
	p := uint32(s>>32) & mask
	for x.slots[p] != 0 {
		p = (p + 1) & mask
	}
	x.slots[p] = s
}
