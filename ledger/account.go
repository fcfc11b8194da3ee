package ledger

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ip2p/koperasi/money"
)

// Type is an account's place in the accounts equation
// (assets = liabilities + equity + income - expenses). The zero Type is unset.
type Type uint8

// Account types, in the order of SAK-ETAP numbering: 1xx assets, 2xx
// liabilities, 3xx equity, 4xx income, 5xx expenses.
const (
	Asset     Type = iota + 1 // aset: what the koperasi holds or is owed
	Liability                 // kewajiban: what it owes (simpanan sukarela, lender funds)
	Equity                    // ekuitas: members' capital (simpanan pokok, wajib) and reserves
	Income                    // pendapatan
	Expense                   // beban
)

var typeNames = [...]string{"", "asset", "liability", "equity", "income", "expense"}

// String is the type's word: "asset", "liability", ...
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "type(" + strconv.Itoa(int(t)) + ")"
}

// Valid reports whether t is one of the five account types.
func (t Type) Valid() bool { return t >= Asset && t <= Expense }

// Normal is the side on which an account of this type grows: debit for
// assets and expenses, credit for liabilities, equity and income.
func (t Type) Normal() Side {
	if t == Asset || t == Expense {
		return Debit
	}
	return Credit
}

// MarshalText writes the type's word.
func (t Type) MarshalText() ([]byte, error) {
	if !t.Valid() {
		return nil, &AccountError{Reason: "account type " + strconv.Itoa(int(t)) + " is not one of asset, liability, equity, income, expense", Err: ErrInvalidAccount}
	}
	return []byte(t.String()), nil
}

// UnmarshalText reads the type's word.
func (t *Type) UnmarshalText(b []byte) error {
	for i, n := range typeNames {
		if i > 0 && n == string(b) {
			*t = Type(i)
			return nil
		}
	}
	return &AccountError{Reason: "account type " + strconv.Quote(string(b)) + " is not one of asset, liability, equity, income, expense", Err: ErrInvalidAccount}
}

// Side is the side of a posting: debit or credit. The zero Side is unset.
type Side uint8

// Sides.
const (
	Debit  Side = iota + 1 // debet
	Credit                 // kredit
)

// String is "debit" or "credit".
func (s Side) String() string {
	switch s {
	case Debit:
		return "debit"
	case Credit:
		return "credit"
	}
	return "side(" + strconv.Itoa(int(s)) + ")"
}

// Valid reports whether s is Debit or Credit.
func (s Side) Valid() bool { return s == Debit || s == Credit }

// Opposite is the other side; a reversal swaps every posting's side.
func (s Side) Opposite() Side {
	switch s {
	case Debit:
		return Credit
	case Credit:
		return Debit
	}
	return s
}

// MarshalText writes "debit" or "credit".
func (s Side) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, &EntryError{Posting: -1, Reason: "side " + strconv.Itoa(int(s)) + " is neither debit nor credit", Err: ErrInvalidEntry}
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads "debit" or "credit".
func (s *Side) UnmarshalText(b []byte) error {
	switch string(b) {
	case "debit":
		*s = Debit
	case "credit":
		*s = Credit
	default:
		return &EntryError{Posting: -1, Reason: "side " + strconv.Quote(string(b)) + " is neither debit nor credit", Err: ErrInvalidEntry}
	}
	return nil
}

// Code is an account's code in the chart, such as "101" (kas). The standard
// chart's codes are constants (Cash, SukarelaSavings ...) so that callers never
// type them as strings. Codes sort as strings, so a sub-account "204.L001"
// lists right after its control account "204".
type Code string

// MaxCodeLen bounds an account code.
const MaxCodeLen = 32

func validCode(c Code) string {
	if c == "" {
		return "the account code is empty"
	}
	if len(c) > MaxCodeLen {
		return "the account code is longer than " + strconv.Itoa(MaxCodeLen) + " characters"
	}
	for i := 0; i < len(c); i++ {
		ch := c[i]
		if !('0' <= ch && ch <= '9' || 'A' <= ch && ch <= 'Z' || 'a' <= ch && ch <= 'z' || ch == '.' || ch == '-' || ch == '_' || ch == '/') {
			return "the account code may hold only letters, digits and . - _ /"
		}
	}
	return ""
}

// Overdraft is how far an account's balance may go past zero, against its
// natural side: a cash account may never show a credit balance, simpanan
// sukarela may never show a debit one. The zero Overdraft allows nothing past
// zero, the safe default for every account of a koperasi's books.
//
//	ledger.Overdraft{}                             // never past zero
//	ledger.Overdraft{Limit: money.Rupiah(50_000)}  // at most Rp50.000 past zero
//	ledger.Overdraft{Unlimited: true}              // either side, e.g. the year's surplus or deficit
type Overdraft struct {
	Limit     money.Amount // how far past zero the balance may go; in the journal's currency
	Unlimited bool         // the balance may take any sign
}

// String is "none", "unlimited" or "up to Rp50.000".
func (o Overdraft) String() string {
	switch {
	case o.Unlimited:
		return "unlimited"
	case o.Limit.IsZero():
		return "none"
	}
	return "up to " + o.Limit.String()
}

// allows reports whether a natural-side balance n is within the policy.
func (o Overdraft) allows(n int64) bool {
	return o.Unlimited || n >= -o.Limit.Minor()
}

// MarshalText writes "none", "unlimited" or the limit as money writes it
// ("IDR 50000").
func (o Overdraft) MarshalText() ([]byte, error) {
	switch {
	case o.Unlimited:
		return []byte("unlimited"), nil
	case o.Limit.IsZero():
		return []byte("none"), nil
	}
	return o.Limit.MarshalText()
}

// UnmarshalText reads what MarshalText writes; "" is "none".
func (o *Overdraft) UnmarshalText(b []byte) error {
	switch string(b) {
	case "", "none":
		*o = Overdraft{}
		return nil
	case "unlimited":
		*o = Overdraft{Unlimited: true}
		return nil
	}
	a, err := money.Parse(string(b))
	if err != nil {
		return &AccountError{Reason: "overdraft " + strconv.Quote(string(b)) + ` is not "none", "unlimited" or an amount such as "IDR 50000"`, Err: ErrInvalidAccount}
	}
	*o = Overdraft{Limit: a}
	return nil
}

// Account is a line of the chart of accounts. It is a plain value; a Journal
// keeps its own copy when the account is opened.
type Account struct {
	Code Code `json:"code"`
	Type Type `json:"type"`
	// Contra flips the natural side: the loss allowance (cadangan kerugian
	// piutang) is an asset account that grows on the credit side.
	Contra      bool      `json:"contra,omitempty"`
	Name        string    `json:"name"`              // Indonesian, as the books show it: "Kas"
	EnglishName string    `json:"name_en,omitempty"` // "Cash"
	Overdraft   Overdraft `json:"overdraft"`
}

// Normal is the side on which the account grows: its type's side, the other
// one for a contra account. Balances are reported on this side.
func (a Account) Normal() Side {
	if a.Contra {
		return a.Type.Normal().Opposite()
	}
	return a.Type.Normal()
}

// String is the code and the name: "101 Kas".
func (a Account) String() string { return string(a.Code) + " " + a.Name }

// check validates a against a journal kept in currency c and returns it with
// its overdraft normalised (a zero limit has no currency).
func (a Account) check(c money.Currency) (Account, error) {
	fail := func(reason string) (Account, error) {
		return Account{}, &AccountError{Code: a.Code, Reason: reason, Err: ErrInvalidAccount}
	}
	if r := validCode(a.Code); r != "" {
		return fail(r)
	}
	if !a.Type.Valid() {
		return fail("the type must be asset, liability, equity, income or expense")
	}
	if strings.TrimSpace(a.Name) == "" {
		return fail("the account needs a name")
	}
	if !utf8.ValidString(a.Name) || !utf8.ValidString(a.EnglishName) {
		return fail("the name is not valid UTF-8 text")
	}
	o := a.Overdraft
	switch {
	case o.Limit.IsNegative():
		return fail("the overdraft limit " + o.Limit.String() + " is negative")
	case o.Unlimited && !o.Limit.IsZero():
		return fail("an unlimited overdraft cannot also have a limit")
	case o.Limit.IsZero():
		a.Overdraft.Limit = money.Amount{}
	case o.Limit.Currency() != c:
		return fail("the overdraft limit " + o.Limit.String() + " is not in the journal's currency " + c.String())
	}
	return a, nil
}
