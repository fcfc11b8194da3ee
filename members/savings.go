package members

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/internal/blocks"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

// Config is what a koperasi decides about savings. Its amounts fix the
// currency: the journal must be kept in the same one.
type Config struct {
	// Pokok is the one-time simpanan pokok.
	Pokok money.Amount `json:"pokok"`
	// Wajib is simpanan wajib per month.
	Wajib money.Amount `json:"wajib"`
	// WajibFrom is the first month wajib is due: NextMonth (the zero value)
	// or JoinMonth.
	WajibFrom WajibStart `json:"wajib_from"`
	// WajibAdvanceMonths is how many months after the payment date's month
	// may be paid in advance; 0 allows none, so a typo such as 2204-01 is
	// caught.
	WajibAdvanceMonths int `json:"wajib_advance_months"`
	// Accounts are the ledger accounts posted to; empty codes take the
	// standard chart's.
	Accounts Accounts `json:"accounts"`
}

// Accounts names the ledger accounts savings post to. The ledger keeps
// control accounts only; the per-member sub-balances are kept by Savings.
type Accounts struct {
	Cash     ledger.Code `json:"cash"`     // ledger.Cash: money in and out
	Pokok    ledger.Code `json:"pokok"`    // ledger.PokokSavings (equity)
	Wajib    ledger.Code `json:"wajib"`    // ledger.WajibSavings (equity)
	Sukarela ledger.Code `json:"sukarela"` // ledger.SukarelaSavings (liability)
	Pledged  ledger.Code `json:"pledged"`  // ledger.PledgedFunds: where a captured hold goes
}

func (a Accounts) withDefaults() Accounts {
	def := func(c *ledger.Code, d ledger.Code) {
		if *c == "" {
			*c = d
		}
	}
	def(&a.Cash, ledger.Cash)
	def(&a.Pokok, ledger.PokokSavings)
	def(&a.Wajib, ledger.WajibSavings)
	def(&a.Sukarela, ledger.SukarelaSavings)
	def(&a.Pledged, ledger.PledgedFunds)
	return a
}

// Validate checks the amounts (positive, one currency) and the advance limit.
func (c Config) Validate() error {
	bad := func(field, reason string) error {
		return &ConfigError{Field: field, Reason: reason}
	}
	switch {
	case !c.Pokok.IsPositive() || c.Pokok.Currency().IsZero():
		return bad("pokok", "simpanan pokok must be a positive amount with a currency")
	case !c.Wajib.IsPositive() || c.Wajib.Currency().IsZero():
		return bad("wajib", "simpanan wajib must be a positive amount with a currency")
	case c.Wajib.Currency() != c.Pokok.Currency():
		return bad("wajib", "simpanan wajib and pokok must be in one currency")
	case int(c.WajibFrom) >= len(wajibStartNames):
		return bad("wajib_from", "unknown start "+c.WajibFrom.String())
	case c.WajibAdvanceMonths < 0 || c.WajibAdvanceMonths > 120:
		return bad("wajib_advance_months", "must be 0 to 120")
	}
	return nil
}

// ConfigError reports a savings configuration that cannot work. It wraps
// ErrInvalidConfig.
type ConfigError struct {
	Field  string
	Reason string
	Err    error // a ledger error when an account is missing, else nil
}

func (e *ConfigError) Error() string {
	return "members: savings configuration " + e.Field + ": " + e.Reason
}

// Unwrap returns ErrInvalidConfig and any underlying error.
func (e *ConfigError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalidConfig, e.Err}
	}
	return []error{ErrInvalidConfig}
}

// Currency is the currency of the savings.
func (c Config) Currency() money.Currency { return c.Pokok.Currency() }

// firstDue is the first month simpanan wajib is due from a member who
// joined on d.
func (c Config) firstDue(joined calendar.Date) calendar.YearMonth {
	ym := joined.YearMonth()
	if c.WajibFrom == NextMonth {
		ym = ym.AddMonths(1)
	}
	return ym
}

// Op identifies an operation: its ID is the idempotency key (and the ID of
// the ledger entry it posts), its date the day it happened.
type Op struct {
	ID   string
	Date calendar.Date
}

// Operation is one change to a Savings book as a plain value: what the
// methods of Savings build and Apply carries out. The operation log
// (Savings.Operations) is a list of them; replaying it into a fresh Savings
// gives the same state. Fields that a type does not use must be zero.
type Operation struct {
	ID     string        `json:"id"`
	Date   calendar.Date `json:"date"`
	Type   OpType        `json:"type"`
	Member ID            `json:"member"`
	// Record is the member record of register and update. Savings keeps
	// its own copy; Operations returns copies.
	Record *Member `json:"record,omitempty"`
	// Kind is the savings kind of withdraw.
	Kind Kind `json:"kind,omitzero"`
	// Amount of pay_pokok and pay_wajib (the configured amount), deposit,
	// withdraw, hold and capture.
	Amount money.Amount `json:"amount,omitzero"`
	// Month of pay_wajib.
	Month calendar.YearMonth `json:"month,omitzero"`
	// Hold is the hold ID of hold, release and capture.
	Hold string `json:"hold,omitempty"`
	// OpenLoans of resign: the member's loans not yet repaid, as the
	// caller knows them; must be zero for the resignation to go through.
	OpenLoans int `json:"open_loans,omitempty"`
	// Source of deposit is the account debited when the money does not
	// come in as cash: ledger.LenderPayables when a lender's repayment is
	// credited to their sukarela. Empty means cash.
	Source ledger.Code `json:"source,omitempty"`
}

// Hold reserves part of a member's sukarela balance, e.g. a lender's pledge
// to a group until the group is funded.
type Hold struct {
	ID     string        `json:"id"`
	Amount money.Amount  `json:"amount"`
	Placed calendar.Date `json:"placed"`
	Op     string        `json:"op"` // the operation that placed it
}

// Balances are a member's savings by kind, and the part of sukarela held.
type Balances struct {
	Pokok    money.Amount `json:"pokok"`
	Wajib    money.Amount `json:"wajib"`
	Sukarela money.Amount `json:"sukarela"`
	Held     money.Amount `json:"held"` // part of Sukarela reserved by holds
}

// Free is the sukarela balance that may be withdrawn or held: Sukarela - Held.
func (b Balances) Free() money.Amount {
	f, _ := b.Sukarela.Sub(b.Held) // held <= sukarela, both in range
	return f
}

// Total is pokok + wajib + sukarela.
func (b Balances) Total() (money.Amount, error) { return money.Sum(b.Pokok, b.Wajib, b.Sukarela) }

func (b *Balances) get(k Kind) *money.Amount {
	switch k {
	case Pokok:
		return &b.Pokok
	case Wajib:
		return &b.Wajib
	}
	return &b.Sukarela
}

// Movement is one line of a member's savings book (the pocket book).
type Movement struct {
	Op     string             `json:"op"`
	Date   calendar.Date      `json:"date"`
	Kind   Kind               `json:"kind"`
	Type   MovementType       `json:"type"`
	Amount money.Amount       `json:"amount"` // positive; Type says which way
	Month  calendar.YearMonth `json:"month,omitzero"`
	Hold   string             `json:"hold,omitempty"`
	// Balance is the balance of Kind after the movement, Held the part of
	// sukarela held after it.
	Balance money.Amount `json:"balance"`
	Held    money.Amount `json:"held"`
}

// Change is the movement's effect on the balance of its kind: positive for
// a deposit, negative for a withdrawal, capture or payout, zero for a hold or
// release.
func (m Movement) Change() money.Amount {
	switch m.Type {
	case MoveDeposit:
		return m.Amount
	case MoveWithdrawal, MoveCapture, MovePayout:
		n, _ := m.Amount.Neg()
		return n
	}
	return m.Amount.Currency().Amount(0)
}

// book is one member's savings, made when the member registers.
type book struct {
	no int32 // the member's number in the log
	// opened is set by the first savings operation (any but register and
	// update): from then on the member has an account in the JSON.
	opened  bool
	bal     Balances
	pokokOn calendar.Date
	months  []paidMonth // sorted by month
	holds   []holdState // every hold ever placed, in placement order
	moves   []int32     // positions in Savings.moves, in the order recorded
	last    calendar.Date
	// depositMemo is the memo of the member's sukarela deposits, built
	// once: the journal keeps one memo per entry, and a lender is paid
	// out after every collection.
	depositMemo string
}

// moved is one recorded movement, kept compact and free of pointers: the
// operation's ID, date, month and hold are in the log at op, and amounts
// are minor units of the savings' currency. Savings.expand expands it. The
// movements are kept in one column (Savings.moves), which has no pointers
// for the garbage collector to scan; a book lists the positions of its own.
type moved struct {
	amt   int64
	after [4]int64 // pokok, wajib, sukarela and held after the operation
	op    int32    // index in Savings.log
	kind  Kind
	typ   MovementType
}

// minors are a Balances' minor units, in moved.after's order.
func minors(b Balances) [4]int64 {
	return [4]int64{b.Pokok.Minor(), b.Wajib.Minor(), b.Sukarela.Minor(), b.Held.Minor()}
}

// balances turns minor units in moved.after's order into Balances.
func (s *Savings) balances(v [4]int64) Balances {
	c := s.cfg.Currency()
	return Balances{Pokok: c.Amount(v[0]), Wajib: c.Amount(v[1]), Sukarela: c.Amount(v[2]), Held: c.Amount(v[3])}
}

// expand writes the Movement a recorded one stands for into dst.
func (s *Savings) expand(dst *Movement, m *moved) {
	o := s.log.at(int(m.op))
	c := s.cfg.Currency()
	bal := m.after[2]
	switch m.kind {
	case Pokok:
		bal = m.after[0]
	case Wajib:
		bal = m.after[1]
	}
	// Every field, one by one: a composite literal would be built aside and
	// then copied, which doubles the cost of a statement.
	dst.Op, dst.Date, dst.Kind, dst.Type, dst.Amount = o.id, o.date, m.kind, m.typ, c.Amount(m.amt)
	dst.Month, dst.Hold, dst.Balance, dst.Held = o.month, s.log.hold(o), c.Amount(bal), c.Amount(m.after[3])
}

type paidMonth struct {
	month calendar.YearMonth
	on    calendar.Date
}

type holdState struct {
	Hold
	closed calendar.Date // zero while active
}

func (b *book) hold(id string) (int, bool) {
	for i := range b.holds {
		if b.holds[i].ID == id {
			return i, true
		}
	}
	return -1, false
}

// Savings is a koperasi's member book: the registry, each member's savings
// by kind with every movement, and the ledger the money is posted to.
//
// Every change is an operation with an ID and a date (see Op and
// Operation). It is validated against the whole state first; a refused
// operation changes nothing, in Savings or in the journal. Repeating an
// operation ID with the same payload does nothing and returns nil; with a
// different payload it fails with ErrConflict.
//
// Make one with New. Savings is not safe for concurrent use; the root Book
// serialises access. The journal may be shared with other layers, as long as
// only Savings posts to the savings accounts and the operation IDs are unique
// across the journal (they become the entry IDs).
type Savings struct {
	cfg   Config
	j     *ledger.Journal
	reg   Registry             // the members, each with its book
	log   opLog                // every operation applied, with an index by ID
	moves blocks.Column[moved] // every movement, in the order recorded

	// scratch for building entries; not state
	pbuf []ledger.Posting
	rbuf []ledger.Ref
}

// New returns an empty Savings posting to j. The configuration must pass
// Validate, be in the journal's currency, and its accounts (after defaults)
// must be open in j with the right types.
func New(cfg Config, j *ledger.Journal) (*Savings, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if j == nil {
		return nil, &ConfigError{Field: "journal", Reason: "a journal is needed"}
	}
	if j.Currency() != cfg.Currency() {
		return nil, &ConfigError{Field: "pokok", Reason: "savings are in " + cfg.Currency().String() + " but the journal is kept in " + j.Currency().String()}
	}
	cfg.Accounts = cfg.Accounts.withDefaults()
	for _, a := range [...]struct {
		field string
		code  ledger.Code
		types []ledger.Type
	}{
		{"accounts.cash", cfg.Accounts.Cash, []ledger.Type{ledger.Asset}},
		{"accounts.pokok", cfg.Accounts.Pokok, []ledger.Type{ledger.Equity, ledger.Liability}},
		{"accounts.wajib", cfg.Accounts.Wajib, []ledger.Type{ledger.Equity, ledger.Liability}},
		{"accounts.sukarela", cfg.Accounts.Sukarela, []ledger.Type{ledger.Liability}},
		{"accounts.pledged", cfg.Accounts.Pledged, []ledger.Type{ledger.Liability, ledger.Asset}},
	} {
		acct, ok := j.Account(a.code)
		if !ok {
			return nil, &ConfigError{Field: a.field, Reason: "account " + string(a.code) + " is not open in the journal", Err: ledger.ErrUnknownAccount}
		}
		okType := false
		for _, t := range a.types {
			okType = okType || acct.Type == t
		}
		if !okType || acct.Contra {
			return nil, &ConfigError{Field: a.field, Reason: "account " + acct.String() + " is a " + acct.Type.String() + " account, which cannot hold this"}
		}
	}
	return &Savings{cfg: cfg, j: j, log: newOpLog()}, nil
}

// Config is the configuration, with the default account codes filled in.
func (s *Savings) Config() Config { return s.cfg }

// Journal is the journal the savings post to.
func (s *Savings) Journal() *ledger.Journal { return s.j }

// Register adds a member (see Registry.Add).
func (s *Savings) Register(op Op, m Member) error {
	r := &registration{rec: m}
	return s.apply(Operation{ID: op.ID, Date: op.Date, Type: OpRegister, Member: m.ID, Record: &r.rec}, &r.b, true, nil)
}

// Update replaces a member's record (see Registry.Update): corrections, and
// admission from Prospective to Active.
func (s *Savings) Update(op Op, m Member) error {
	return s.apply(Operation{ID: op.ID, Date: op.Date, Type: OpUpdate, Member: m.ID, Record: &m}, nil, true, nil)
}

// PayPokok records simpanan pokok (the configured amount) paid in cash:
// Dr cash, Cr simpanan pokok. It is paid once; a second payment fails with
// ErrAlreadyPaid.
func (s *Savings) PayPokok(op Op, id ID) error {
	return s.Apply(Operation{ID: op.ID, Date: op.Date, Type: OpPayPokok, Member: id, Amount: s.cfg.Pokok})
}

// PayWajib records simpanan wajib (the configured amount) for month paid in
// cash: Dr cash, Cr simpanan wajib. The month must be due (from the first
// month of Config.WajibFrom) and at most Config.WajibAdvanceMonths ahead of
// the payment date; paying a month twice fails with ErrAlreadyPaid.
func (s *Savings) PayWajib(op Op, id ID, month calendar.YearMonth) error {
	return s.Apply(Operation{ID: op.ID, Date: op.Date, Type: OpPayWajib, Member: id, Amount: s.cfg.Wajib, Month: month})
}

// Deposit records simpanan sukarela paid in cash: Dr cash, Cr simpanan
// sukarela.
func (s *Savings) Deposit(op Op, id ID, amount money.Amount) error {
	return s.Apply(Operation{ID: op.ID, Date: op.Date, Type: OpDeposit, Member: id, Amount: amount})
}

// Withdraw pays savings of kind out in cash. Only sukarela can be withdrawn
// by a member, up to the free balance (ErrInsufficientFunds with a
// *FundsError otherwise); pokok and wajib fail with ErrLocked, because they
// are paid back only by Resign. The kind is a parameter so that the attempt
// can be made and refused with a clear reason.
func (s *Savings) Withdraw(op Op, id ID, kind Kind, amount money.Amount) error {
	return s.Apply(Operation{ID: op.ID, Date: op.Date, Type: OpWithdraw, Member: id, Kind: kind, Amount: amount})
}

// Hold reserves amount of the free sukarela balance under hold, an ID new
// for this member (ErrDuplicate otherwise, also for a closed hold). Nothing
// is posted: the money is still the member's, it just cannot be withdrawn or
// held again.
func (s *Savings) Hold(op Op, id ID, hold string, amount money.Amount) error {
	return s.Apply(Operation{ID: op.ID, Date: op.Date, Type: OpHold, Member: id, Hold: hold, Amount: amount})
}

// Release gives an active hold back to the free balance.
func (s *Savings) Release(op Op, id ID, hold string) error {
	return s.Apply(Operation{ID: op.ID, Date: op.Date, Type: OpRelease, Member: id, Hold: hold})
}

// Capture turns an active hold into a debit of amount (at most the held
// amount; the rest is released): Dr simpanan sukarela, Cr the pledged-funds
// account. This is how a lender's pledge funds a group facility.
func (s *Savings) Capture(op Op, id ID, hold string, amount money.Amount) error {
	return s.Apply(Operation{ID: op.ID, Date: op.Date, Type: OpCapture, Member: id, Hold: hold, Amount: amount})
}

// Resign pays every savings balance back in cash (Dr pokok, wajib and
// sukarela, Cr cash) and marks the member resigned on the date. It fails
// with ErrOpenObligations while openLoans (the caller's count of the
// member's loans not yet repaid) is above zero or a hold is active.
func (s *Savings) Resign(op Op, id ID, openLoans int) error {
	return s.Apply(Operation{ID: op.ID, Date: op.Date, Type: OpResign, Member: id, OpenLoans: openLoans})
}

// Apply carries out an operation: the entry point for replaying an
// operation log. The methods above build the Operation and call it.
func (s *Savings) Apply(o Operation) error {
	if o.Record == nil {
		return s.apply(o, nil, true, nil)
	}
	r := &registration{rec: *o.Record} // the log keeps its own copy
	o.Record = &r.rec
	return s.apply(o, &r.b, true, nil)
}

// Check reports whether Apply(o) would succeed now, changing nothing. A
// caller that must apply several operations as one (the root Book) checks
// them all first. The ledger entry is checked against the journal too.
func (s *Savings) Check(o Operation) error {
	if s == nil || s.j == nil {
		return &ConfigError{Field: "journal", Reason: "make a Savings with New"}
	}
	if i, ok := s.log.find(o.ID); ok {
		if sameOp(s.log.operation(i), o) {
			return nil
		}
		return s.fail(o, ErrConflict, "operation ID "+strconv.Quote(o.ID)+" was already used with different details")
	}
	if err := s.checkForm(&o); err != nil {
		return err
	}
	c := change{monthAt: -1, closeAt: -1}
	if err := s.plan(&o, &c); err != nil {
		return err
	}
	if len(c.entry.Postings) > 0 {
		if err := s.j.Check(c.entry); err != nil {
			return &OpError{Op: o.ID, Type: o.Type, Member: o.Member, Reason: "the ledger would refuse the entry: " + err.Error(), Err: err}
		}
	}
	return nil
}

// change is what an operation will do, worked out completely before
// anything is changed.
type change struct {
	b       *book    // the member's book; nil for register and update
	bal     Balances // the member's balances after the operation
	moves   [3]plannedMove
	n       int
	entry   ledger.Entry // nothing to post when it has no postings
	pokok   bool         // pokok paid on the operation's date
	monthAt int          // >= 0: wajib month paid, to insert at this index
	hold    bool         // a hold placed
	closeAt int          // >= 0: the hold at this index closed
	record  *Member      // the registry's new record for the member
	memo    bool         // entry.Memo is the member's deposit memo, to keep
	newBook *book        // for register, the book to use (nil: allocate one)
}

// registration is a new member's record with their book, allocated as one:
// a book lives as long as the member's first record, which the log keeps.
type registration struct {
	rec Member
	b   book
}

// plannedMove is a movement an operation will record.
type plannedMove struct {
	kind Kind
	typ  MovementType
	amt  money.Amount
}

// apply validates o, posts its entry when post is set (or collects it),
// then changes the state. Nothing before the post mutates; nothing after it
// can fail. o.Record, if any, becomes the log's: callers pass a copy. nb,
// if not nil, is the book of a member registered by o.
func (s *Savings) apply(o Operation, nb *book, post bool, collect *[]ledger.Entry) error {
	if s == nil || s.j == nil {
		return &ConfigError{Field: "journal", Reason: "make a Savings with New"}
	}
	tag := s.log.ids.Tag(o.ID) // hashed once, to find the ID and then to add it
	if i, ok := s.log.ids.Find(o.ID, tag, s.log.idAt); ok {
		old := s.log.operation(i)
		if sameOp(old, o) {
			return nil
		}
		return s.fail(o, ErrConflict, "operation ID "+strconv.Quote(o.ID)+" was already used for "+old.Type.String()+
			" of member "+strconv.Quote(string(old.Member))+" on "+old.Date.String()+" with different details")
	}
	if err := s.checkForm(&o); err != nil {
		return err
	}
	c := change{monthAt: -1, closeAt: -1, newBook: nb}
	if err := s.plan(&o, &c); err != nil {
		return err
	}
	if len(c.entry.Postings) > 0 {
		switch {
		case post:
			if err := s.j.Post(c.entry); err != nil {
				e := &OpError{Op: o.ID, Type: o.Type, Member: o.Member, Reason: "the ledger refused the entry: " + err.Error(), Err: err}
				if errors.Is(err, ledger.ErrConflict) {
					// Another layer posted an entry under this ID.
					e.Err, e.cause = ErrConflict, err
				}
				return e
			}
		case collect != nil:
			e := c.entry // postings and refs are built in scratch space
			e.Postings, e.Refs = slices.Clone(e.Postings), slices.Clone(e.Refs)
			*collect = append(*collect, e)
		}
	}
	s.commit(&o, &c, tag)
	return nil
}

// sameOp reports whether two operations have the same payload.
func sameOp(a, b Operation) bool {
	ra, rb := a.Record, b.Record
	a.Record, b.Record = nil, nil
	if a != b || (ra == nil) != (rb == nil) {
		return false
	}
	return ra == nil || *ra == *rb
}

func (s *Savings) fail(o Operation, err error, reason string) error {
	return &OpError{Op: o.ID, Type: o.Type, Member: o.Member, Reason: reason, Err: err}
}

// checkForm checks what can be checked without the state.
func (s *Savings) checkForm(o *Operation) error {
	bad := func(reason string) error { return s.fail(*o, ErrInvalidOperation, reason) }
	if r := checkText(o.ID, ledger.MaxIDLen, true); r != "" {
		return bad("operation ID: " + r)
	}
	if o.Date.IsZero() {
		return bad("the operation needs a date")
	}
	if !o.Type.Valid() {
		return bad("unknown operation type " + o.Type.String())
	}
	if o.Member == "" {
		return bad("the operation needs a member ID")
	}
	// movements keep the log index as an int32, and books their positions
	// (an operation makes up to 3 movements: a resignation)
	if s.log.len() >= math.MaxInt32 || s.moves.Len() > math.MaxInt32-3 {
		return bad("the savings book is full: start a new one for the next period")
	}
	// Fields a type does not use must be zero, so that the log is canonical
	// and idempotency compares what matters.
	uses := struct{ record, kind, amount, month, hold, loans bool }{}
	switch o.Type {
	case OpRegister, OpUpdate:
		uses.record = true
	case OpPayPokok, OpDeposit:
		uses.amount = true
	case OpPayWajib:
		uses.amount, uses.month = true, true
	case OpWithdraw:
		uses.kind, uses.amount = true, true
	case OpHold, OpCapture:
		uses.hold, uses.amount = true, true
	case OpRelease:
		uses.hold = true
	case OpResign:
		uses.loans = true
	}
	switch {
	case uses.record != (o.Record != nil):
		if uses.record {
			return bad(o.Type.String() + " needs the member record")
		}
		return bad(o.Type.String() + " takes no member record")
	case !uses.kind && o.Kind != 0:
		return bad(o.Type.String() + " takes no savings kind")
	case !uses.amount && !o.Amount.IsZero():
		return bad(o.Type.String() + " takes no amount")
	case !uses.month && !o.Month.IsZero():
		return bad(o.Type.String() + " takes no month")
	case !uses.hold && o.Hold != "":
		return bad(o.Type.String() + " takes no hold ID")
	case o.Type != OpDeposit && o.Source != "":
		return bad(o.Type.String() + " takes no source account")
	case !uses.loans && o.OpenLoans != 0:
		return bad(o.Type.String() + " takes no open-loans count")
	case uses.record && o.Record.ID != o.Member:
		return bad("the record's ID " + strconv.Quote(string(o.Record.ID)) + " is not the operation's member")
	case uses.hold:
		if r := checkText(o.Hold, maxIDLen, true); r != "" {
			return bad("hold ID: " + r)
		}
	}
	if uses.amount && o.Type != OpPayPokok && o.Type != OpPayWajib {
		if !o.Amount.IsPositive() {
			return bad("the amount must be positive, not " + o.Amount.String())
		}
		if o.Amount.Currency() != s.cfg.Currency() {
			return bad("the amount " + o.Amount.String() + " is not in " + s.cfg.Currency().String())
		}
	}
	return nil
}

// plan validates o against the state and fills in c.
func (s *Savings) plan(o *Operation, c *change) error {
	switch o.Type {
	case OpRegister:
		c.record = o.Record
		return s.reg.checkAdd(*o.Record)
	case OpUpdate:
		c.record = o.Record
		return s.reg.checkUpdate(*o.Record)
	}

	e, ok := s.reg.byID[o.Member]
	if !ok {
		return notFound(o.Member)
	}
	m, b := e.rec, e.b
	var err error
	bad := func(sentinel error, reason string) error { return s.fail(*o, sentinel, reason) }
	if m.Status == Resigned {
		return bad(ErrInvalidOperation, "the member resigned on "+m.Left.String())
	}
	if o.Date.Before(m.Joined) {
		return bad(ErrInvalidOperation, "the date "+o.Date.String()+" is before the member joined on "+m.Joined.String())
	}
	if o.Date.Before(b.last) {
		return bad(ErrInvalidOperation, "the date "+o.Date.String()+" is before the member's last movement on "+b.last.String()+"; savings are recorded in date order")
	}
	c.b, c.bal = b, b.bal
	bal := &c.bal
	acc := s.cfg.Accounts
	move := func(k Kind, t MovementType, amt money.Amount) {
		c.moves[c.n] = plannedMove{k, t, amt}
		c.n++
	}
	s.rbuf = append(s.rbuf[:0], ledger.Ref{Key: "member", Value: string(o.Member)})
	s.pbuf = s.pbuf[:0]
	post := func(memo string, ps ...ledger.Posting) {
		c.entry.Memo = memo
		s.pbuf = append(s.pbuf, ps...)
	}

	switch o.Type {
	case OpPayPokok:
		if o.Amount != s.cfg.Pokok {
			return bad(ErrInvalidOperation, "simpanan pokok is "+s.cfg.Pokok.String()+", not "+o.Amount.String())
		}
		if !b.pokokOn.IsZero() {
			return bad(ErrAlreadyPaid, "simpanan pokok was already paid on "+b.pokokOn.String())
		}
		if bal.Pokok, err = bal.Pokok.Add(o.Amount); err != nil {
			return bad(err, err.Error())
		}
		move(Pokok, MoveDeposit, o.Amount)
		post("simpanan pokok "+string(o.Member), ledger.Dr(acc.Cash, o.Amount), ledger.Cr(acc.Pokok, o.Amount))
		c.pokok = true

	case OpPayWajib:
		if o.Amount != s.cfg.Wajib {
			return bad(ErrInvalidOperation, "simpanan wajib is "+s.cfg.Wajib.String()+" a month, not "+o.Amount.String())
		}
		if o.Month.IsZero() {
			return bad(ErrInvalidOperation, "say which month the simpanan wajib is for")
		}
		first := s.cfg.firstDue(m.Joined)
		if o.Month.Compare(first) < 0 {
			return bad(ErrInvalidOperation, "simpanan wajib is due from "+first.String()+", not for "+o.Month.String())
		}
		if limit := o.Date.YearMonth().AddMonths(s.cfg.WajibAdvanceMonths); o.Month.Compare(limit) > 0 {
			return bad(ErrInvalidOperation, "on "+o.Date.String()+" simpanan wajib can be paid up to "+limit.String()+", not for "+o.Month.String())
		}
		at, paid := findMonth(b.months, o.Month)
		if paid {
			return bad(ErrAlreadyPaid, "simpanan wajib for "+o.Month.String()+" was already paid on "+b.months[at].on.String())
		}
		if bal.Wajib, err = bal.Wajib.Add(o.Amount); err != nil {
			return bad(err, err.Error())
		}
		move(Wajib, MoveDeposit, o.Amount)
		post(wajibMemo(o.Member, o.Month), ledger.Dr(acc.Cash, o.Amount), ledger.Cr(acc.Wajib, o.Amount))
		c.monthAt = at

	case OpDeposit:
		if bal.Sukarela, err = bal.Sukarela.Add(o.Amount); err != nil {
			return bad(err, "the balance would overflow: "+err.Error())
		}
		move(Sukarela, MoveDeposit, o.Amount)
		from := acc.Cash
		if o.Source != "" {
			from = o.Source
		}
		memo := b.depositMemo
		if memo == "" {
			memo, c.memo = "simpanan sukarela "+string(o.Member), true
		}
		post(memo, ledger.Dr(from, o.Amount), ledger.Cr(acc.Sukarela, o.Amount))

	case OpWithdraw:
		switch o.Kind {
		case Pokok, Wajib:
			return bad(ErrLocked, "simpanan "+o.Kind.String()+" is paid back only when the member resigns")
		case Sukarela:
		default:
			return bad(ErrInvalidOperation, "say which savings to withdraw: sukarela")
		}
		if o.Amount.Cmp(bal.Free()) > 0 {
			return &FundsError{Op: o.ID, Member: o.Member, Balance: bal.Sukarela, Held: bal.Held, Requested: o.Amount}
		}
		bal.Sukarela, _ = bal.Sukarela.Sub(o.Amount) // at most the balance
		move(Sukarela, MoveWithdrawal, o.Amount)
		post("penarikan simpanan sukarela "+string(o.Member), ledger.Dr(acc.Sukarela, o.Amount), ledger.Cr(acc.Cash, o.Amount))

	case OpHold:
		if _, used := b.hold(o.Hold); used {
			return bad(ErrDuplicate, "hold "+strconv.Quote(o.Hold)+" was already placed; use a new hold ID")
		}
		if o.Amount.Cmp(bal.Free()) > 0 {
			return &FundsError{Op: o.ID, Member: o.Member, Balance: bal.Sukarela, Held: bal.Held, Requested: o.Amount}
		}
		bal.Held, _ = bal.Held.Add(o.Amount) // at most the balance
		move(Sukarela, MoveHold, o.Amount)
		c.hold = true

	case OpRelease, OpCapture:
		i, ok := b.hold(o.Hold)
		if !ok {
			return bad(ErrNotFound, "there is no hold "+strconv.Quote(o.Hold)+" for this member")
		}
		h := b.holds[i]
		if !h.closed.IsZero() {
			return bad(ErrInvalidOperation, "hold "+strconv.Quote(o.Hold)+" was already closed on "+h.closed.String())
		}
		bal.Held, _ = bal.Held.Sub(h.Amount)
		c.closeAt = i
		if o.Type == OpRelease {
			move(Sukarela, MoveRelease, h.Amount)
			break
		}
		if o.Amount.Cmp(h.Amount) > 0 {
			return bad(ErrInvalidOperation, "hold "+strconv.Quote(o.Hold)+" reserves "+h.Amount.String()+"; "+o.Amount.String()+" cannot be captured from it")
		}
		bal.Sukarela, _ = bal.Sukarela.Sub(o.Amount)
		move(Sukarela, MoveCapture, o.Amount)
		s.rbuf = append(s.rbuf, ledger.Ref{Key: "hold", Value: o.Hold})
		post("simpanan sukarela "+string(o.Member)+" untuk pendanaan "+o.Hold, ledger.Dr(acc.Sukarela, o.Amount), ledger.Cr(acc.Pledged, o.Amount))

	case OpResign:
		if o.OpenLoans < 0 {
			return bad(ErrInvalidOperation, "the number of open loans cannot be negative")
		}
		if o.OpenLoans > 0 {
			return bad(ErrOpenObligations, "the member still has "+plural(o.OpenLoans, "open loan")+"; they must be repaid first")
		}
		var active []string
		for _, h := range b.holds {
			if h.closed.IsZero() {
				active = append(active, h.ID+" ("+h.Amount.String()+")")
			}
		}
		if len(active) > 0 {
			return bad(ErrOpenObligations, "holds are active on the sukarela balance: "+strings.Join(active, ", ")+"; release or capture them first")
		}
		total, err := bal.Total()
		if err != nil {
			return bad(err, err.Error())
		}
		rec, err := s.reg.checkResign(o.Member, o.Date)
		if err != nil {
			return err
		}
		c.record = &rec
		for _, k := range [...]Kind{Pokok, Wajib, Sukarela} {
			if v := bal.get(k); v.IsPositive() {
				move(k, MovePayout, *v)
				s.pbuf = append(s.pbuf, ledger.Dr(acc.code(k), *v))
				*v = v.Currency().Amount(0)
			}
		}
		if total.IsPositive() {
			post("pengembalian simpanan "+string(o.Member)+" (keluar)", ledger.Cr(acc.Cash, total))
		}
	}
	if len(s.pbuf) > 0 {
		c.entry.ID, c.entry.Date = o.ID, o.Date
		c.entry.Postings, c.entry.Refs = s.pbuf, s.rbuf
	}
	return nil
}

// commit makes the change; it cannot fail. tag is the hash tag of the
// operation's ID.
func (s *Savings) commit(o *Operation, c *change, tag uint32) {
	// The record is the log's own (or resign's new one), never changed.
	b := c.b
	switch {
	case o.Type == OpRegister:
		b = c.newBook
		if b == nil {
			b = new(book)
		}
		b.no, b.bal = int32(len(s.log.members)), s.zero()
		s.log.members = append(s.log.members, o.Member)
		s.reg.put(c.record, b)
	case c.record != nil: // update, resign
		s.reg.replace(c.record)
		if b == nil {
			b = s.reg.byID[o.Member].b
		}
	}
	if c.b != nil {
		b.opened = true
		after := minors(c.bal)
		for _, mv := range c.moves[:c.n] {
			b.moves = append(b.moves, s.moves.Len())
			s.moves.Push(moved{amt: mv.amt.Minor(), after: after, op: int32(s.log.len()), kind: mv.kind, typ: mv.typ})
		}
		if c.memo {
			b.depositMemo = c.entry.Memo
		}
		b.bal = c.bal
		b.last = o.Date
		if c.pokok {
			b.pokokOn = o.Date
		}
		if c.monthAt >= 0 {
			b.months = insertMonth(b.months, c.monthAt, paidMonth{o.Month, o.Date})
		}
		if c.hold {
			b.holds = append(b.holds, holdState{Hold: Hold{ID: o.Hold, Amount: o.Amount, Placed: o.Date, Op: o.ID}})
		}
		if c.closeAt >= 0 {
			b.holds[c.closeAt].closed = o.Date
		}
	}
	s.log.push(o, tag, b.no)
}

func (a Accounts) code(k Kind) ledger.Code {
	switch k {
	case Pokok:
		return a.Pokok
	case Wajib:
		return a.Wajib
	}
	return a.Sukarela
}

func findMonth(ms []paidMonth, ym calendar.YearMonth) (int, bool) {
	lo, hi := 0, len(ms)
	for lo < hi {
		mid := (lo + hi) / 2
		if ms[mid].month.Compare(ym) < 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < len(ms) && ms[lo].month == ym
}

func insertMonth(ms []paidMonth, at int, p paidMonth) []paidMonth {
	ms = append(ms, paidMonth{})
	copy(ms[at+1:], ms[at:])
	ms[at] = p
	return ms
}

// wajibMemo is "simpanan wajib <member> <YYYY-MM>", built in one allocation
// (concatenating YearMonth.String takes three).
func wajibMemo(id ID, ym calendar.YearMonth) string {
	const prefix = "simpanan wajib "
	var sb strings.Builder
	sb.Grow(len(prefix) + len(id) + len(" 2024-01"))
	sb.WriteString(prefix)
	sb.WriteString(string(id))
	sb.WriteByte(' ')
	var buf [16]byte
	sb.Write(appendMonth(buf[:0], ym))
	return sb.String()
}

// appendMonth appends ym as YearMonth.String writes it: "YYYY-MM".
func appendMonth(b []byte, ym calendar.YearMonth) []byte {
	b = appendPadded(b, ym.Year(), 4)
	b = append(b, '-')
	return appendPadded(b, int(ym.Month()), 2)
}

// appendPadded appends v in decimal, zero-padded to width digits.
func appendPadded(b []byte, v, width int) []byte {
	var tmp [20]byte
	d := strconv.AppendInt(tmp[:0], int64(v), 10)
	for range width - len(d) {
		b = append(b, '0')
	}
	return append(b, d...)
}
