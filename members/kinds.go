package members

import (
	"fmt"
	"strconv"
)

// Kind is a kind of savings (simpanan). The zero Kind is "none".
type Kind uint8

// Kinds of savings, as UU 25/1992 names them.
const (
	Pokok    Kind = iota + 1 // simpanan pokok: paid once on joining, back only on resignation
	Wajib                    // simpanan wajib: paid every month, back only on resignation
	Sukarela                 // simpanan sukarela: voluntary, withdrawable, may be held for lending
)

var kindNames = [...]string{"", "pokok", "wajib", "sukarela"}

// OpType is the type of a savings-book operation.
type OpType uint8

// Operation types.
const (
	OpRegister OpType = iota + 1 // register a member (Registry.Add)
	OpUpdate                     // replace a member's record (Registry.Update)
	OpPayPokok                   // pay simpanan pokok
	OpPayWajib                   // pay simpanan wajib for one month
	OpDeposit                    // deposit simpanan sukarela
	OpWithdraw                   // withdraw savings (only sukarela while a member)
	OpHold                       // reserve part of the free sukarela balance
	OpRelease                    // give a hold back
	OpCapture                    // turn a hold into a debit (a pledge funds a loan)
	OpResign                     // resign and pay every savings balance back
)

var opNames = [...]string{"", "register", "update", "pay_pokok", "pay_wajib", "deposit", "withdraw", "hold", "release", "capture", "resign"}

// MovementType is what a movement on a member's savings did.
type MovementType uint8

// Movement types.
const (
	MoveDeposit    MovementType = iota + 1 // money in: pokok, wajib or sukarela
	MoveWithdrawal                         // sukarela paid out to the member
	MoveHold                               // part of sukarela reserved; balance unchanged
	MoveRelease                            // a hold given back; balance unchanged
	MoveCapture                            // a hold turned into a debit (funding a loan)
	MovePayout                             // paid back on resignation
)

var moveNames = [...]string{"", "deposit", "withdrawal", "hold", "release", "capture", "payout"}

// WajibStart says from which month simpanan wajib is due.
type WajibStart uint8

// Starts of simpanan wajib. The zero value is NextMonth.
const (
	NextMonth WajibStart = iota // due from the month after the month joined
	JoinMonth                   // due from the month joined
)

var wajibStartNames = [...]string{"next_month", "join_month"}

// String is the kind's word: "pokok", "wajib", "sukarela"; "" for none.
func (k Kind) String() string { return name(kindNames[:], int(k), "kind") }

// Valid reports one of Pokok, Wajib, Sukarela.
func (k Kind) Valid() bool { return k >= Pokok && k <= Sukarela }

// MarshalText writes the kind's word.
func (k Kind) MarshalText() ([]byte, error) { return marshalName(kindNames[:], int(k), "kind", true) }

// UnmarshalText reads the kind's word; "" is the zero Kind.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := parseName(kindNames[:], b, "kind", true)
	*k = Kind(v)
	return err
}

// String is the operation's word: "pay_pokok", "deposit", ...
func (t OpType) String() string { return name(opNames[:], int(t), "operation") }

// Valid reports a known operation type.
func (t OpType) Valid() bool { return t >= OpRegister && t <= OpResign }

// MarshalText writes the operation's word.
func (t OpType) MarshalText() ([]byte, error) {
	return marshalName(opNames[:], int(t), "operation", false)
}

// UnmarshalText reads the operation's word.
func (t *OpType) UnmarshalText(b []byte) error {
	v, err := parseName(opNames[:], b, "operation", false)
	*t = OpType(v)
	return err
}

// String is the movement's word: "deposit", "hold", ...
func (t MovementType) String() string { return name(moveNames[:], int(t), "movement") }

// MarshalText writes the movement's word.
func (t MovementType) MarshalText() ([]byte, error) {
	return marshalName(moveNames[:], int(t), "movement", false)
}

// UnmarshalText reads the movement's word.
func (t *MovementType) UnmarshalText(b []byte) error {
	v, err := parseName(moveNames[:], b, "movement", false)
	*t = MovementType(v)
	return err
}

// String is "next_month" or "join_month".
func (w WajibStart) String() string { return name(wajibStartNames[:], int(w), "wajib start") }

// MarshalText writes "next_month" or "join_month".
func (w WajibStart) MarshalText() ([]byte, error) {
	if int(w) >= len(wajibStartNames) {
		return nil, fmt.Errorf("%w: wajib start %d", ErrInvalidConfig, w)
	}
	return []byte(w.String()), nil
}

// UnmarshalText reads "next_month" or "join_month"; "" is NextMonth.
func (w *WajibStart) UnmarshalText(b []byte) error {
	for i, n := range wajibStartNames {
		if n == string(b) || len(b) == 0 {
			*w = WajibStart(i)
			return nil
		}
	}
	return fmt.Errorf("%w: unknown wajib start %q (want next_month or join_month)", ErrInvalidConfig, b)
}

func name(names []string, v int, what string) string {
	if v >= 0 && v < len(names) {
		return names[v]
	}
	return what + "(" + strconv.Itoa(v) + ")"
}

// marshalName writes names[v]; the zero value is "" when zeroOK.
func marshalName(names []string, v int, what string, zeroOK bool) ([]byte, error) {
	if v < 0 || v >= len(names) || (v == 0 && !zeroOK) {
		return nil, fmt.Errorf("%w: %s %d", ErrInvalidOperation, what, v)
	}
	return []byte(names[v]), nil
}

func parseName(names []string, b []byte, what string, zeroOK bool) (int, error) {
	if len(b) == 0 && zeroOK {
		return 0, nil
	}
	for i, n := range names {
		if i > 0 && n == string(b) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%w: unknown %s %q", ErrInvalidOperation, what, b)
}
