package ledger

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/internal/blocks"
	"github.com/ip2p/koperasi/money"
)

// MaxIDLen bounds an entry ID.
const MaxIDLen = 256

// Journal is the book of accounts and entries. Entries are only ever added:
// a mistake is undone by a reversal, never by an edit.
//
// The zero Journal is an empty rupiah journal with no accounts. A Journal is
// not safe for concurrent use: methods that only read may run at the same
// time as each other, but OpenAccount, Post, PostAll, Reverse, Check and
// UnmarshalJSON need the journal to themselves (the Book guards its journal
// with its own lock).
type Journal struct {
	cur     money.Currency
	accts   []account            // in opening order
	byCode  codeIndex            // code -> index in accts
	order   []int32              // indexes of accts sorted by code
	entries blocks.Column[entry] // in posting order
	ids     idIndex              // entry ID -> index in entries
	// Postings of all entries in two columns (no padding between an int32
	// and an int64); entry.p0 indexes them.
	pacct blocks.Column[int32] // index in accts
	pamt  blocks.Column[int64] // signed, debit positive: the sign is the side
	// References of all entries, each entry's sorted by key; entry.r0
	// indexes them. A key is kept once, in keys: entries use a handful.
	// A value is kept once for a run of entries that repeat it under its
	// key (a repayment and its lenders' part name the same loan, member
	// and group): the value is stored again only when it differs from the
	// last one stored under that key.
	refs    blocks.Column[ref]
	vals    blocks.Column[string]
	keys    []string
	byKey   map[string]int32
	keyRank []int32  // keyRank[k] is the place of keys[k] among the keys in order
	lastVal []valRef // lastVal[k] is the last value stored under keys[k]
	// Memos, kept once for a run of entries that repeat one of the last
	// few (a batch alternates "repayment by the member" and "lenders' part
	// of a repayment"); entry.memo indexes them.
	memos  blocks.Column[string]
	recent [4]memoRef // memos stored lately; a new one replaces the least recently used
	used   [4]uint32  // when each of recent was last used, by clock
	clock  uint32
	// Reversal links by entry index, both ways; reversals are rare, so
	// they are kept here rather than in every entry.
	reverses   map[int32]int32 // reversal -> original
	reversedBy map[int32]int32 // original -> reversal
	// turnover is the sum of every debit ever posted. Keeping it within
	// int64 bounds every balance, every as-of balance and every total.
	turnover int64

	// Scratch reused by Post so that a post allocates nothing of its own;
	// not part of the state. check fills it in for commit.
	touch []touch
	pidx  []int32  // account index of each posting of the entry checked
	pv    []int64  // signed amount of each posting, debit positive
	rord  []int32  // the entry's references in key order, as indexes into its Refs
	rkv   []refIdx // where each reference's key and value are, by Refs index
	rbuf  []ref    // the entry's references as commit stores them
	// keyHint[k] is the index in keys of the key the last entry checked had
	// at Refs[k]: entries of one kind list the same keys in the same order.
	keyHint [4]int32
	// rordN is the number of references rord orders when it is the key
	// order of keyHint's first rordN keys, else -1: a batch's entries of
	// one kind need not be sorted again.
	rordN int
	memo  int32 // the entry's memo: 0 "", else 1 + index in memos, or -1 for a new one
	// checked is the last entry Check passed alone, with the scratch its
	// check left, while nothing has changed since: a Post of the same
	// entry right after its Check commits it without checking it again.
	checked struct {
		ok                 bool
		id, memo, reverses string
		date               calendar.Date
		refs               []Ref // a copy; the postings are in pidx and pv
		tag                uint32
		debits             int64
	}
}

// memoRef is a memo and its index for entry.memo.
type memoRef struct {
	s string
	i int32 // 1 + index in memos; 0: none
}

// valRef is a reference value and its place.
type valRef struct {
	s string
	i int32 // 1 + index in vals; 0: none
}

// refIdx is where check found a reference's key and value.
type refIdx struct {
	k int32 // index in keys; -1: a new key
	v int32 // 1 + index in vals of the same value; 0: a new one
}

// ref is a reference stored in the columns.
type ref struct {
	key int32 // index in Journal.keys
	val int32 // index in Journal.vals
}

type account struct {
	Account
	bal   int64               // signed balance, debit positive, all entries
	moves blocks.Column[move] // one per entry touching the account, by date then posting order
	mark  int32               // scratch: 1 + index into Journal.touch while an entry is checked
}

// move is an entry's net effect on one account; the effect itself is the
// difference between its run and the previous move's.
type move struct {
	date  calendar.Date
	entry int32
	run   int64 // signed balance after this move, in date order
}

// entry is an entry's place in the columns. Its postings run from p0 to
// the next entry's p0 (the columns' length for the last entry), and so do
// its references from r0.
type entry struct {
	id     string
	date   calendar.Date
	memo   int32 // 0 is "", else 1 + index in Journal.memos
	p0, r0 int32
}

// touch is the net effect of the entry being checked on one account.
type touch struct {
	acct int32
	d    int64 // signed, debit positive
	at   int32 // where the entry's move goes in the account's moves
}

// New returns an empty journal kept in currency c with the accounts of chart
// opened, e.g. ledger.New(money.IDR, ledger.StandardChart()).
func New(c money.Currency, chart []Account) (*Journal, error) {
	if c.IsZero() {
		return nil, fmt.Errorf("ledger: a journal needs a currency: %w", money.ErrInvalidCurrency)
	}
	j := &Journal{cur: c}
	for _, a := range chart {
		if err := j.OpenAccount(a); err != nil {
			return nil, err
		}
	}
	return j, nil
}

// Currency is the currency every amount of the journal is in.
func (j *Journal) Currency() money.Currency {
	if j.cur.IsZero() {
		return money.IDR
	}
	return j.cur
}

func (j *Journal) amount(v int64) money.Amount { return j.Currency().Amount(v) }

// OpenAccount adds an account to the chart. Accounts may be opened at any
// time, for instance a payable per lender. Opening an account again with the
// same definition does nothing; with a different one it fails with
// ErrDuplicate.
func (j *Journal) OpenAccount(a Account) error {
	a, err := a.check(j.Currency())
	if err != nil {
		return err
	}
	if i, ok := j.byCode.find(a.Code, j.accts); ok {
		if j.accts[i].Account == a {
			return nil
		}
		return &AccountError{Code: a.Code, Reason: "the code is already used by " + j.accts[i].Account.String(), Err: ErrDuplicate}
	}
	j.checked.ok = false
	i := int32(len(j.accts))
	j.accts = append(j.accts, account{Account: a})
	j.byCode.add(j.accts, i)
	at, _ := slices.BinarySearchFunc(j.order, a.Code, func(k int32, c Code) int {
		return cmp.Compare(j.accts[k].Code, c)
	})
	j.order = slices.Insert(j.order, at, i)
	return nil
}

// Account returns the account with code c.
func (j *Journal) Account(c Code) (Account, bool) {
	i, ok := j.byCode.find(c, j.accts)
	if !ok {
		return Account{}, false
	}
	return j.accts[i].Account, true
}

// Accounts is the chart, sorted by code.
func (j *Journal) Accounts() []Account {
	out := make([]Account, len(j.order))
	for k, i := range j.order {
		out[k] = j.accts[i].Account
	}
	return out
}

// natural turns a signed debit-positive amount into one on a's natural side.
func (a *account) natural(v int64) int64 {
	if a.Normal() == Credit {
		return -v
	}
	return v
}

func (j *Journal) lookup(c Code) (*account, error) {
	i, ok := j.byCode.find(c, j.accts)
	if !ok {
		return nil, &AccountError{Code: c, Reason: "no such account is open", Err: ErrUnknownAccount}
	}
	return &j.accts[i], nil
}

// Balance is the account's balance after every entry, on its natural side:
// Rp10.000 in kas or in simpanan sukarela is Rp10.000, and a negative balance
// is an overdraft. It takes constant time.
func (j *Journal) Balance(c Code) (money.Amount, error) {
	a, err := j.lookup(c)
	if err != nil {
		return money.Amount{}, err
	}
	return j.amount(a.natural(a.bal)), nil
}

// BalanceAsOf is the account's natural-side balance counting the entries
// dated on or before d, whatever order they were posted in. It takes time
// logarithmic in the account's number of entries.
func (j *Journal) BalanceAsOf(c Code, d calendar.Date) (money.Amount, error) {
	a, err := j.lookup(c)
	if err != nil {
		return money.Amount{}, err
	}
	return j.amount(a.natural(a.runAsOf(d))), nil
}

// after is the index of the first move dated after d.
func (a *account) after(d calendar.Date) int32 {
	ms := &a.moves
	if n := ms.Len(); n == 0 || !ms.Last().date.After(d) {
		return n // the common case: d is on or after the last date
	}
	return ms.Search(func(m *move) bool { return m.date.After(d) })
}

// runBefore is the signed balance after the first i moves.
func (a *account) runBefore(i int32) int64 {
	if i > 0 {
		return a.moves.At(i - 1).run
	}
	return 0
}

// runAsOf is the signed balance counting moves dated on or before d.
func (a *account) runAsOf(d calendar.Date) int64 { return a.runBefore(a.after(d)) }

// shift adds d to the run of every move from i on (an entry dated before
// them was added or taken back).
func (a *account) shift(i int32, d int64) {
	for i < a.moves.Len() {
		s := a.moves.Segment(i)
		for k := range s {
			s[k].run += d
		}
		i += int32(len(s))
	}
}

// Len is the number of entries posted.
func (j *Journal) Len() int { return int(j.entries.Len()) }

// Has reports whether an entry with that ID has been posted.
func (j *Journal) Has(id string) bool {
	_, ok := j.ids.find(id, &j.entries)
	return ok
}

// Entry returns the entry posted under id.
func (j *Journal) Entry(id string) (Entry, bool) {
	i, ok := j.ids.find(id, &j.entries)
	if !ok {
		return Entry{}, false
	}
	return j.entryAt(i), true
}

// ReversedBy returns the ID of the entry that reversed entry id, if any.
func (j *Journal) ReversedBy(id string) (string, bool) {
	i, ok := j.ids.find(id, &j.entries)
	if !ok {
		return "", false
	}
	r, ok := j.reversedBy[i]
	if !ok {
		return "", false
	}
	return j.entries.At(r).id, true
}

// Entries lists every entry in posting order.
func (j *Journal) Entries() []Entry {
	out := make([]Entry, j.entries.Len())
	for i := range out {
		out[i] = j.entryAt(int32(i))
	}
	return out
}

// span is where entry i's postings and references are in their columns:
// from p0 to p1 and from r0 to r1.
func (j *Journal) span(i int32) (p0, p1, r0, r1 int32) {
	e := j.entries.At(i)
	p0, r0 = e.p0, e.r0
	if i+1 < j.entries.Len() {
		next := j.entries.At(i + 1)
		return p0, next.p0, r0, next.r0
	}
	return p0, j.pamt.Len(), r0, j.refs.Len()
}

// memoOf is entry e's memo.
func (j *Journal) memoOf(e *entry) string {
	if e.memo == 0 {
		return ""
	}
	return *j.memos.At(e.memo - 1)
}

// refAt is the k-th reference in the columns.
func (j *Journal) refAt(k int32) Ref {
	r := j.refs.At(k)
	return Ref{Key: j.keys[r.key], Value: *j.vals.At(r.val)}
}

// posting is the k-th posting in the columns.
func (j *Journal) posting(k int32) Posting {
	v, side := *j.pamt.At(k), Debit
	if v < 0 {
		v, side = -v, Credit
	}
	return Posting{Account: j.accts[*j.pacct.At(k)].Code, Side: side, Amount: j.amount(v)}
}

func (j *Journal) entryAt(i int32) Entry {
	e := j.entries.At(i)
	p0, p1, r0, r1 := j.span(i)
	out := Entry{ID: e.id, Date: e.date, Memo: j.memoOf(e), Postings: make([]Posting, p1-p0)}
	if r1 > r0 {
		out.Refs = make([]Ref, r1-r0)
		for k := range out.Refs {
			out.Refs[k] = j.refAt(r0 + int32(k))
		}
	}
	if o, ok := j.reverses[i]; ok {
		out.Reverses = j.entries.At(o).id
	}
	for k := range out.Postings {
		out.Postings[k] = j.posting(p0 + int32(k))
	}
	return out
}

// Post validates e against the whole journal and, if every rule holds, adds
// it; otherwise it returns a typed error and the journal is unchanged.
//
// The rules: a non-empty ID, a date, at least two postings, each to an open
// account, on a side, of a positive amount in the journal's currency, debits
// equal to credits, references with unique non-empty keys, and no account
// past its overdraft policy on the entry's date or any later date.
//
// Posting the same ID again with the same content (references in any order)
// does nothing and returns nil, so a retried command is harmless; use Has
// beforehand to tell the cases apart. The same ID with different content
// fails with ErrConflict.
//
// Entries may be posted with any date, also earlier than entries already
// posted (a pocket-book payment recorded days late). Balances as of a date and
// statements follow the date, and the overdraft policy is checked on every
// date from the entry's on, so a late entry cannot make an earlier statement
// show an overdraft.
func (j *Journal) Post(e Entry) error { return j.post(&e) }

// post is Post without copying the entry (PostAll passes its elements).
func (j *Journal) post(e *Entry) error {
	if j.checked.ok && j.isChecked(e) {
		// Check passed this very entry and nothing changed since: it is
		// not posted yet, and the scratch still holds its effect.
		j.commit(e, j.checked.tag, j.checked.debits)
		return nil
	}
	t := j.ids.tag(e.ID) // hashed once, for the lookup and the commit
	if i, ok := j.ids.findTag(e.ID, t, &j.entries); ok {
		return j.same(i, e)
	}
	debits, err := j.check(e)
	if err != nil {
		return err
	}
	j.commit(e, t, debits)
	return nil
}

// PostAll posts entries in order as one unit: if one is refused, those before
// it are taken back and the journal is unchanged. Later entries may depend on
// earlier ones (a reversal of an entry in the same batch, money deposited and
// then pledged).
func (j *Journal) PostAll(entries ...Entry) error {
	start := j.mark()
	for k := range entries {
		if err := j.post(&entries[k]); err != nil {
			j.rollback(start)
			return err
		}
	}
	return nil
}

// Check reports the error PostAll would return, without posting anything.
//
// Checking one entry and then posting it, with nothing else done to the
// journal in between, checks it once: Post recognises the entry Check
// passed last (by content, so the caller may build it again) and commits it
// from what Check worked out.
func (j *Journal) Check(entries ...Entry) error {
	if len(entries) == 1 {
		// One entry depends on no other: check it without posting and
		// taking it back.
		e := &entries[0]
		t := j.ids.tag(e.ID)
		if i, ok := j.ids.findTag(e.ID, t, &j.entries); ok {
			return j.same(i, e)
		}
		debits, err := j.check(e)
		if err == nil {
			j.remember(e, t, debits)
		}
		return err
	}
	start := j.mark()
	err := j.PostAll(entries...)
	j.rollback(start)
	return err
}

// remember keeps what isChecked compares, for entry e that check just
// passed (its ID has tag t, its debits add up to debits). Postings are
// compared with what check left in j.pidx and j.pv; the strings are
// written only when they change (a write barrier each while the GC runs).
func (j *Journal) remember(e *Entry, t uint32, debits int64) {
	c := &j.checked
	c.ok, c.date, c.tag, c.debits = true, e.Date, t, debits
	setString(&c.id, e.ID)
	setString(&c.memo, e.Memo)
	setString(&c.reverses, e.Reverses)
	if len(c.refs) != len(e.Refs) {
		c.refs = append(c.refs[:0], e.Refs...)
		return
	}
	for k := range e.Refs {
		if c.refs[k] != e.Refs[k] {
			c.refs[k] = e.Refs[k]
		}
	}
}

func setString(dst *string, s string) {
	if *dst != s {
		*dst = s
	}
}

// isChecked reports whether e is the entry remember kept: the same ID,
// date, memo, reversed entry, postings in order and references in order.
func (j *Journal) isChecked(e *Entry) bool {
	c := &j.checked
	if e.ID != c.id || e.Date != c.date || e.Memo != c.memo || e.Reverses != c.reverses ||
		len(e.Postings) != len(j.pidx) || !slices.Equal(e.Refs, c.refs) {
		return false
	}
	cur := j.Currency()
	for k := range e.Postings {
		p := &e.Postings[k]
		v := p.Amount.Minor()
		if p.Side == Credit {
			v = -v
		}
		if v != j.pv[k] || !p.Side.Valid() || p.Amount.Currency() != cur || p.Account != j.accts[j.pidx[k]].Code {
			return false
		}
	}
	return true
}

// Reversal builds the entry that reverses entry original: the same accounts
// and amounts with sides swapped, the original's references, Reverses set,
// under the new ID and date. An empty memo becomes "reversal of <original>".
func (j *Journal) Reversal(id, original string, date calendar.Date, memo string) (Entry, error) {
	i, ok := j.ids.find(original, &j.entries)
	if !ok {
		return Entry{}, &EntryError{ID: id, Posting: -1, Reason: "there is no entry " + strconv.Quote(original) + " to reverse", Err: ErrNotFound}
	}
	e := j.entryAt(i)
	if memo == "" {
		memo = "reversal of " + original
	}
	for k := range e.Postings {
		e.Postings[k].Side = e.Postings[k].Side.Opposite()
	}
	e.ID, e.Date, e.Memo, e.Reverses = id, date, memo, original
	return e, nil
}

// Reverse posts the reversal of entry original (see Reversal) under the new
// ID. An entry is reversed at most once: ErrAlreadyReversed otherwise. A
// reversal may be refused for an overdraft, e.g. reversing a deposit whose
// money has already been withdrawn. Reversing again with the same ID and
// arguments does nothing, like any repeated post.
func (j *Journal) Reverse(id, original string, date calendar.Date, memo string) error {
	e, err := j.Reversal(id, original, date, memo)
	if err != nil {
		return err
	}
	return j.Post(e)
}

// same compares e with the entry already posted at i.
func (j *Journal) same(i int32, e *Entry) error {
	conflict := func(what string) error {
		return &EntryError{ID: e.ID, Posting: -1, Reason: "an entry with this ID was already posted with a different " + what, Err: ErrConflict}
	}
	old := j.entries.At(i)
	if e.Date != old.date {
		return conflict("date (" + old.date.String() + ")")
	}
	if e.Memo != j.memoOf(old) {
		return conflict("memo")
	}
	rev := ""
	if o, ok := j.reverses[i]; ok {
		rev = j.entries.At(o).id
	}
	if e.Reverses != rev {
		return conflict("reversed entry")
	}
	p0, p1, r0, r1 := j.span(i)
	if len(e.Postings) != int(p1-p0) {
		return conflict("number of postings (" + strconv.Itoa(int(p1-p0)) + ")")
	}
	for k, q := range e.Postings {
		if q != j.posting(p0+int32(k)) {
			return conflict("posting " + strconv.Itoa(k+1))
		}
	}
	if len(e.Refs) != int(r1-r0) {
		return conflict("set of references")
	}
	for k, x := range j.sortRefs(e.Refs) {
		if e.Refs[x] != j.refAt(r0+int32(k)) {
			return conflict("set of references")
		}
	}
	return nil
}

// sortRefs returns the order of refs by key, stable, as indexes into refs
// (in j.rord): the references themselves are not copied.
func (j *Journal) sortRefs(refs []Ref) []int32 {
	j.checked.ok = false // the scratch is overwritten
	j.rordN = -1
	o := j.rord[:0]
	for k := range refs {
		o = append(o, int32(k))
	}
	if len(o) <= 12 { // an entry has a handful: insertion sort
		for k := 1; k < len(o); k++ {
			for m := k; m > 0 && refs[o[m]].Key < refs[o[m-1]].Key; m-- {
				o[m], o[m-1] = o[m-1], o[m]
			}
		}
	} else {
		slices.SortStableFunc(o, func(a, b int32) int { return cmp.Compare(refs[a].Key, refs[b].Key) })
	}
	j.rord = o
	return o
}

// sortKnownRefs is sortRefs for references whose keys are all in j.keys
// (j.rkv holds their indexes): it compares the keys' ranks, not the keys.
func (j *Journal) sortKnownRefs(n int) []int32 {
	j.rord = j.rord[:0]
	for k := range n {
		j.rord = append(j.rord, int32(k))
	}
	o := j.rord
	rank, rkv := j.keyRank, j.rkv
	if n <= 12 {
		for k := 1; k < n; k++ {
			for m := k; m > 0 && rank[rkv[o[m]].k] < rank[rkv[o[m-1]].k]; m-- {
				o[m], o[m-1] = o[m-1], o[m]
			}
		}
	} else {
		slices.SortStableFunc(o, func(a, b int32) int { return cmp.Compare(rank[rkv[a].k], rank[rkv[b].k]) })
	}
	return o
}

// findKey is the index of reference key k in j.keys, or -1. A journal has
// a handful of keys: scanning them beats hashing the key.
func (j *Journal) findKey(k string) int32 {
	if len(j.keys) <= 8 {
		for i, s := range j.keys {
			if s == k {
				return int32(i)
			}
		}
		return -1
	}
	if i, ok := j.byKey[k]; ok {
		return i
	}
	return -1
}

// findMemo is memo's index for entry.memo if it is "" or one of the recent
// memos, else -1.
func (j *Journal) findMemo(memo string) int32 {
	if memo == "" {
		return 0
	}
	for k := range j.recent {
		if m := &j.recent[k]; m.s == memo && m.i > 0 {
			j.clock++
			j.used[k] = j.clock
			return m.i
		}
	}
	return -1
}

// check validates e and leaves its net effect per account in j.touch, its
// postings' accounts in j.pidx, its references' order in j.rord, their
// keys and values in j.rkv, and its memo in j.memo. It returns the
// entry's total debits.
func (j *Journal) check(e *Entry) (int64, error) {
	debits, err := j.checkMarking(e)
	// Clear the marks checkMarking set, whatever it returned (not with a
	// defer: a function with that many returns gets no open-coded one).
	for _, t := range j.touch {
		j.accts[t.acct].mark = 0
	}
	return debits, err
}

// checkMarking is check; it marks the accounts it touches in j.touch.
func (j *Journal) checkMarking(e *Entry) (int64, error) {
	j.checked.ok = false // the scratch is overwritten
	j.touch = j.touch[:0]
	fail := func(k int, acct Code, sentinel error, reason string) (int64, error) {
		return 0, &EntryError{ID: e.ID, Posting: k, Account: acct, Reason: reason, Err: sentinel}
	}
	// A memo stored for a recent entry was checked then.
	j.memo = j.findMemo(e.Memo)
	switch {
	case e.ID == "":
		return fail(-1, "", ErrInvalidEntry, "the entry needs an ID")
	case len(e.ID) > MaxIDLen:
		return fail(-1, "", ErrInvalidEntry, "the ID is longer than "+strconv.Itoa(MaxIDLen)+" bytes")
	case !utf8.ValidString(e.ID) || j.memo < 0 && !utf8.ValidString(e.Memo):
		return fail(-1, "", ErrInvalidEntry, "the ID or memo is not valid UTF-8 text")
	case e.Date.IsZero():
		return fail(-1, "", ErrInvalidEntry, "the entry needs a date")
	case len(e.Postings) < 2:
		return fail(-1, "", ErrInvalidEntry, "an entry needs at least two postings, it has "+strconv.Itoa(len(e.Postings)))
	case int64(len(e.Postings))+int64(j.pamt.Len()) >= math.MaxInt32 || int64(len(e.Refs))+int64(j.refs.Len()) >= math.MaxInt32 || j.entries.Len() == math.MaxInt32-1:
		return fail(-1, "", ErrInvalidEntry, "the journal is full: start a new one for the next period")
	}

	// References: unique non-empty keys, checked in key order. A key
	// already in j.keys, and a value equal to the last one stored under
	// its key, were checked when they were stored.
	j.rkv = j.rkv[:0]
	known, hinted := true, len(e.Refs) <= len(j.keyHint)
	for k := range e.Refs {
		r := &e.Refs[k]
		ki := int32(-1)
		if k < len(j.keyHint) {
			if h := j.keyHint[k]; int(h) < len(j.keys) && j.keys[h] == r.Key {
				ki = h
			} else {
				ki, hinted = j.findKey(r.Key), false
				j.keyHint[k] = max(ki, 0)
			}
		} else {
			ki = j.findKey(r.Key)
		}
		vi := int32(0)
		if ki < 0 {
			known = false
		} else if v := &j.lastVal[ki]; v.s == r.Value && v.i > 0 {
			vi = v.i
		}
		j.rkv = append(j.rkv, refIdx{ki, vi})
	}
	rkv := j.rkv
	var order []int32
	switch {
	case hinted && j.rordN == len(e.Refs) && len(j.rord) == len(e.Refs):
		order = j.rord // the keys of the last entry sorted, in the same order
	case known:
		order = j.sortKnownRefs(len(e.Refs))
		j.rordN = -1
		if len(e.Refs) <= len(j.keyHint) {
			j.rordN = len(e.Refs) // the hints are now this entry's keys
		}
	default:
		order = j.sortRefs(e.Refs)
	}
	prev := ""
	for k, x := range order {
		r := &e.Refs[x]
		switch {
		case r.Key == "":
			return fail(-1, "", ErrInvalidEntry, "a reference has an empty key")
		case r.Value == "":
			return fail(-1, "", ErrInvalidEntry, "reference "+strconv.Quote(r.Key)+" has no value")
		case rkv[x].k < 0 && !utf8.ValidString(r.Key) || rkv[x].v == 0 && !utf8.ValidString(r.Value):
			return fail(-1, "", ErrInvalidEntry, "reference "+strconv.Quote(r.Key)+" is not valid UTF-8 text")
		case k > 0 && prev == r.Key:
			return fail(-1, "", ErrInvalidEntry, "reference "+strconv.Quote(r.Key)+" is given twice")
		}
		prev = r.Key
	}

	// Postings, netted per account.
	cur := j.Currency()
	j.pidx = j.pidx[:0]
	j.pv = j.pv[:0]
	var dr, cr int64
	for k := range e.Postings {
		p := &e.Postings[k]
		i, ok := j.byCode.find(p.Account, j.accts)
		switch {
		case !ok:
			return fail(k, p.Account, ErrUnknownAccount, "account "+strconv.Quote(string(p.Account))+" is not open")
		case !p.Side.Valid():
			return fail(k, p.Account, ErrInvalidEntry, "the posting is neither debit nor credit")
		case p.Amount.Currency() != cur:
			return fail(k, p.Account, ErrCurrencyMismatch, "the amount "+p.Amount.String()+" is not in the journal's currency "+cur.String())
		case !p.Amount.IsPositive():
			return fail(k, p.Account, ErrInvalidAmount, "the amount "+p.Amount.String()+" is not positive; the side says which way money goes")
		}
		v := p.Amount.Minor()
		var okSum bool
		if p.Side == Debit {
			dr, okSum = add(dr, v)
		} else {
			cr, okSum = add(cr, v)
			v = -v
		}
		if !okSum {
			return fail(k, p.Account, money.ErrOverflow, "the entry's total is too large")
		}
		// one append a statement: an append in place stores only the length
		j.pidx = append(j.pidx, i)
		j.pv = append(j.pv, v)
		a := &j.accts[i]
		if a.mark == 0 {
			j.touch = append(j.touch, touch{acct: i, d: v})
			a.mark = int32(len(j.touch))
		} else {
			j.touch[a.mark-1].d += v // |d| <= max(dr, cr): cannot overflow
		}
	}
	if dr != cr {
		return 0, &UnbalancedError{ID: e.ID, Debits: j.amount(dr), Credits: j.amount(cr)}
	}
	if _, ok := add(j.turnover, dr); !ok {
		return fail(-1, "", money.ErrOverflow, "the journal's total turnover would exceed what 64 bits hold")
	}

	if e.Reverses != "" {
		if err := j.checkReversal(e); err != nil {
			return 0, err
		}
	}

	// Overdraft policy, on the entry's date and every later date.
	for k := range j.touch {
		t := &j.touch[k]
		a := &j.accts[t.acct]
		t.at = a.after(e.Date)
		if a.Overdraft.Unlimited || a.natural(t.d) >= 0 {
			continue // a policy already kept cannot break by growing
		}
		before := a.runBefore(t.at)
		if !a.Overdraft.allows(a.natural(before + t.d)) {
			return 0, j.overdraft(e, a, e.Date, before, t.d)
		}
		for i := t.at; i < a.moves.Len(); {
			s := a.moves.Segment(i)
			for _, m := range s {
				if !a.Overdraft.allows(a.natural(m.run + t.d)) {
					return 0, j.overdraft(e, a, m.date, m.run, t.d)
				}
			}
			i += int32(len(s))
		}
	}
	return dr, nil
}

func (j *Journal) overdraft(e *Entry, a *account, d calendar.Date, bal, delta int64) error {
	return &OverdraftError{ID: e.ID, Account: a.Account, Date: d, Balance: j.amount(a.natural(bal)), Change: j.amount(a.natural(delta))}
}

func (j *Journal) checkReversal(e *Entry) error {
	fail := func(sentinel error, reason string) error {
		return &EntryError{ID: e.ID, Posting: -1, Reason: reason, Err: sentinel}
	}
	i, ok := j.ids.find(e.Reverses, &j.entries)
	if !ok {
		return fail(ErrNotFound, "there is no entry "+strconv.Quote(e.Reverses)+" to reverse")
	}
	o := j.entries.At(i)
	if r, ok := j.reversedBy[i]; ok {
		return fail(ErrAlreadyReversed, "entry "+strconv.Quote(o.id)+" was already reversed by "+strconv.Quote(j.entries.At(r).id))
	}
	if e.Date.Before(o.date) {
		return fail(ErrInvalidEntry, "a reversal cannot be dated "+e.Date.String()+", before its original's date "+o.date.String())
	}
	p0, p1, _, _ := j.span(i)
	if len(e.Postings) != int(p1-p0) {
		return fail(ErrInvalidEntry, "a reversal must mirror the postings of "+strconv.Quote(o.id))
	}
	for k, q := range e.Postings {
		p := j.posting(p0 + int32(k))
		if q.Account != p.Account || q.Side != p.Side.Opposite() || q.Amount.Minor() != p.Amount.Minor() {
			return &EntryError{ID: e.ID, Posting: k, Account: q.Account, Reason: "a reversal must mirror the postings of " + strconv.Quote(o.id) + ": same account and amount, opposite side", Err: ErrInvalidEntry}
		}
	}
	return nil
}

func add(a, b int64) (int64, bool) {
	s := a + b
	if (s > a) != (b > 0) {
		return 0, false
	}
	return s, true
}

// key returns the index of reference key k in j.keys, adding it if new.
func (j *Journal) key(k string) int32 {
	if i := j.findKey(k); i >= 0 {
		return i
	}
	if j.byKey == nil {
		j.byKey = make(map[string]int32)
	}
	i := int32(len(j.keys))
	j.keys = append(j.keys, k)
	j.byKey[k] = i
	j.lastVal = append(j.lastVal, valRef{})
	// rank the keys again: a new key is rare
	order := make([]int32, len(j.keys))
	for n := range order {
		order[n] = int32(n)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(j.keys[a], j.keys[b]) })
	j.keyRank = slices.Grow(j.keyRank[:0], len(order))[:len(order)]
	for r, n := range order {
		j.keyRank[n] = int32(r)
	}
	return i
}

// commit adds e, already checked; the scratch holds what check worked out,
// t is its ID's tag in j.ids.
func (j *Journal) commit(e *Entry, t uint32, debits int64) {
	j.checked.ok = false
	idx := j.entries.Len()
	memo := j.memo
	if memo < 0 {
		j.memos.Push(e.Memo)
		memo = j.memos.Len()
		old := 0
		for k, u := range j.used {
			if j.clock-u > j.clock-j.used[old] { // the oldest, modulo wrapping
				old = k
			}
		}
		j.clock++
		j.recent[old], j.used[old] = memoRef{e.Memo, memo}, j.clock
	}
	j.entries.Push(entry{id: e.ID, date: e.Date, memo: memo, p0: j.pamt.Len(), r0: j.refs.Len()})
	j.pacct.AppendAll(j.pidx)
	j.pamt.AppendAll(j.pv)
	j.rbuf = j.rbuf[:0]
	for _, x := range j.rord {
		ki, vi := j.rkv[x].k, j.rkv[x].v
		if ki < 0 {
			ki = j.key(e.Refs[x].Key)
		}
		if vi == 0 {
			j.vals.Push(e.Refs[x].Value)
			vi = j.vals.Len()
		}
		j.rbuf = append(j.rbuf, ref{key: ki, val: vi - 1})
		if j.lastVal[ki].i != vi {
			j.lastVal[ki] = valRef{e.Refs[x].Value, vi}
		}
	}
	j.refs.AppendAll(j.rbuf)
	if e.Reverses != "" {
		o, _ := j.ids.find(e.Reverses, &j.entries)
		if j.reverses == nil {
			j.reverses, j.reversedBy = make(map[int32]int32), make(map[int32]int32)
		}
		j.reverses[idx], j.reversedBy[o] = o, idx
	}
	j.ids.add(t, idx)
	for _, t := range j.touch {
		a := &j.accts[t.acct]
		m := move{date: e.Date, entry: idx, run: a.runBefore(t.at) + t.d}
		if t.at == a.moves.Len() { // the common case: the latest date
			a.moves.Push(m)
		} else {
			a.moves.Insert(t.at, m)
			a.shift(t.at+1, t.d)
		}
		a.bal += t.d
	}
	j.turnover += debits
}

// mark is how much of the journal's columns is used, to roll back to.
type mark struct{ entries, vals, memos int32 }

func (j *Journal) mark() mark { return mark{j.entries.Len(), j.vals.Len(), j.memos.Len()} }

// rollback takes back every entry posted after mark m, newest first.
func (j *Journal) rollback(m mark) {
	j.checked.ok = false
	n := m.entries
	for j.entries.Len() > n {
		idx := j.entries.Len() - 1
		e := *j.entries.At(idx)
		for k := e.p0; k < j.pamt.Len(); k++ {
			v := *j.pamt.At(k)
			if v > 0 {
				j.turnover -= v
			}
			a := &j.accts[*j.pacct.At(k)]
			at := a.after(e.date) - 1 // the entry is the last of its date in every account it touched
			if at < 0 || a.moves.At(at).entry != idx {
				continue // this account's move is already gone
			}
			d := a.moves.At(at).run - a.runBefore(at)
			a.moves.Remove(at)
			a.shift(at, -d)
			a.bal -= d
		}
		if o, ok := j.reverses[idx]; ok {
			delete(j.reverses, idx)
			delete(j.reversedBy, o)
		}
		j.ids.remove(e.id, idx)
		j.pacct.Truncate(e.p0)
		j.pamt.Truncate(e.p0)
		j.refs.Truncate(e.r0)
		j.entries.Truncate(idx)
	}
	// Values and memos stored for the entries taken back go too, and the
	// hints that point at them.
	j.vals.Truncate(m.vals)
	j.memos.Truncate(m.memos)
	for k, v := range j.lastVal {
		if v.i > m.vals {
			j.lastVal[k] = valRef{}
		}
	}
	for k, v := range j.recent {
		if v.i > m.memos {
			j.recent[k] = memoRef{}
		}
	}
}
