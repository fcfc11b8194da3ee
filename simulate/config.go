package simulate

import (
	"strconv"

	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/money"
)

// Config is a group-lending design to simulate: who borrows, how likely
// they are to pay, what shocks hit them, who answers for a missed
// installment, and what product they borrow. It is a plain value; zero
// fields take the defaults named on each field, and Mekarmukti returns the
// pilot's design with every assumption filled in.
//
// A trial is one village: Groups groups of GroupSize members borrowing for
// Cycles cycles. Members' risk types are drawn at the start of the trial
// and kept. In each cycle every member not excluded borrows their ladder
// step's amount under the product's schedule and meets once per
// installment; at each meeting each member pays in full or misses.
type Config struct {
	// Groups is the number of groups in a village. Zero: 3 (Mekarmukti).
	Groups int `json:"groups,omitempty"`
	// GroupSize is the number of borrowing members of each group. Zero: 5
	// (groups.DefaultSize, Mekarmukti). At most 100.
	GroupSize int `json:"group_size,omitempty"`
	// Cycles is the number of loan cycles per trial. Zero: 3 (Mekarmukti
	// disbursed three times).
	Cycles int `json:"cycles,omitempty"`

	// Types are the members' risk types. Each member of a trial is of one
	// type, drawn with the types' shares; the shares sum to 1 (to within the
	// 2^-32 rounding of each share; the last type takes what is left). At
	// least one type is needed, there is no default.
	Types []RiskType `json:"types"`

	// Village is a shock that hits every member of the village at once (a
	// bad fishing season), Group one that hits one group's members at once
	// (a flood in one RT). Each is drawn independently, once per cycle or
	// once per installment (Shock.Each). Zero: no shock.
	Village Shock `json:"village,omitzero"`
	Group   Shock `json:"group,omitzero"`

	// Liability is who answers for a missed installment. Zero: Joint.
	Liability Liability `json:"liability"`
	// Cover is how peers share what they cover under joint liability: the
	// rule (equal among the members who paid, pro rata to what they paid,
	// or the leader first), the group fund (first, last, or not at all) and
	// a cap on what one member puts in at a meeting. It is applied exactly
	// as groups.Cover applies it. Zero: equal shares, no fund, no cap.
	Cover groups.CoverPolicy `json:"cover"`
	// Peers bounds what a member can afford to put in for others, in
	// installments of their own. Zero: no bound beyond Cover.Cap.
	Peers Peers `json:"peers,omitzero"`
	// Fund is the group fund: each member who pays an installment also puts
	// PerMeeting into the fund, which covers shortfalls when Cover.Fund
	// says so, and is carried over or refunded at the end of each cycle.
	// Zero: no contributions.
	Fund groups.FundPolicy `json:"fund,omitzero"`
	// FollowUp is the probability that a missed installment is recovered
	// by the end of its cycle (home visits by the group leader or officer).
	// Recovery is at one period after the last due date; what it brings
	// pays back the group fund first, then the peers who covered, and the
	// uncovered rest goes to the lender. Zero: nothing is recovered.
	FollowUp Prob `json:"follow_up"`

	// Ladder is the loan-cycle ladder: each member borrows their step's
	// amount, moves up, holds, steps down or is suspended (excluded for the
	// rest of the trial) after each cycle as groups.Ladder.Next decides. A
	// ladder with no steps has one: the product's member limit. GroupCap is
	// not modelled and must be zero.
	Ladder groups.Ladder `json:"ladder,omitzero"`
	// Product is the loan product; its schedule for each ladder step gives
	// the installments. Nil: lending.MekarmuktiProduct (Rp25.000 in 6 daily
	// installments of Rp4.200).
	Product *lending.Product `json:"product,omitempty"`
}

// Defaults of Config.
const (
	DefaultGroups = 3
	DefaultCycles = 3
	// MaxGroupSize is the largest group the model takes (the groups
	// package's maximum).
	MaxGroupSize = 100
	// MaxSeats bounds Groups × GroupSize, so that a trial's state fits in
	// memory comfortably.
	MaxSeats = 1 << 20
	// MaxCycles bounds Cycles.
	MaxCycles = 1000
	// MaxTypes bounds the number of risk types.
	MaxTypes = 64
)

// RiskType is a kind of member: the share of members of this kind and
// their probability of paying each installment in full at its meeting, in
// normal times (shocks multiply it).
type RiskType struct {
	Name  string `json:"name,omitempty"`
	Share Prob   `json:"share"`
	Repay Prob   `json:"repay"`
}

// Shock is a correlated shock: with probability Chance it strikes (per
// cycle or per installment, Each), and while it lasts every member it
// touches pays with their probability times Severity: a Severity of 0.8
// makes a 0.95 member pay with 0.76; 1 is no effect; 0 stops all payment.
type Shock struct {
	Chance   Prob `json:"chance"`
	Severity Prob `json:"severity"`
	Each     Each `json:"each"`
}

// Each is how often a shock is drawn.
type Each uint8

// Shock periods. The zero Each is EachCycle.
const (
	// EachCycle: drawn once per cycle; a struck cycle is bad from its
	// first installment to its last (a bad season).
	EachCycle Each = iota
	// EachInstallment: drawn afresh for every installment (a bad day).
	EachInstallment
)

var eachNames = [...]string{"cycle", "installment"}

// String is the word: "cycle", "installment".
func (e Each) String() string { return word(eachNames[:], int(e), "each") }

// MarshalText writes the word.
func (e Each) MarshalText() ([]byte, error) { return marshalWord("shock.each", eachNames[:], int(e)) }

// UnmarshalText reads the word.
func (e *Each) UnmarshalText(b []byte) error {
	i, err := unmarshalWord("shock.each", eachNames[:], b)
	*e = Each(i)
	return err
}

// Liability is who answers for a member's missed installment.
type Liability uint8

// Liability rules. The zero Liability is Joint.
const (
	// Joint is tanggung renteng: at each meeting the members who paid
	// cover those who did not, under Config.Cover, within what they can
	// afford (Config.Peers); a group whose loans are not repaid in full by
	// the end of a cycle is suspended for the rest of the trial.
	Joint Liability = iota
	// Individual: each member answers for their own loan only; no cover,
	// no group fund.
	Individual
)

var liabilityNames = [...]string{"joint", "individual"}

// String is the word: "joint", "individual".
func (l Liability) String() string { return word(liabilityNames[:], int(l), "liability") }

// MarshalText writes the word.
func (l Liability) MarshalText() ([]byte, error) {
	return marshalWord("liability", liabilityNames[:], int(l))
}

// UnmarshalText reads the word.
func (l *Liability) UnmarshalText(b []byte) error {
	i, err := unmarshalWord("liability", liabilityNames[:], b)
	*l = Liability(i)
	return err
}

// Peers bounds what one member can put in for others, counted in their own
// installments (the first installment of their loan in the cycle).
type Peers struct {
	// PerMeeting is the most at one meeting; zero: no bound.
	PerMeeting int `json:"per_meeting,omitempty"`
	// PerCycle is the most over a cycle; zero: no bound.
	PerCycle int `json:"per_cycle,omitempty"`
}

// Mekarmukti is the design of the Mekarmukti pilot as this model reads it:
// 3 groups of 5 members, 3 cycles, the Rp25.000 package repaid in 6 daily
// installments of Rp4.200 (lending.MekarmuktiProduct), joint liability
// with equal shares among the members who paid, one ladder step.
//
// Assumptions where the paper is silent, in one place:
//   - Every member pays each installment with probability 0.98. The pilot
//     saw 270 of 270 installments paid, which by the rule of three is
//     consistent with any rate above about 0.989; 0.98 leaves room for the
//     bad cycles a three-cycle pilot did not meet.
//   - A member can afford to cover one installment of a peer's at a
//     meeting (Peers.PerMeeting 1), and three over a cycle.
//   - The group leader's home visits recover half of the missed
//     installments by the end of the cycle (FollowUp 0.5).
//   - No group fund, no shocks: set Fund, Village and Group to study them.
//   - A member whose loan is not repaid is excluded from later cycles; under
//     joint liability so is a group that does not repay in full.
func Mekarmukti() Config {
	p := lending.MekarmuktiProduct()
	return Config{
		Groups:    DefaultGroups,
		GroupSize: groups.DefaultSize,
		Cycles:    DefaultCycles,
		Types:     []RiskType{{Name: "all", Share: One, Repay: Ratio(98, 100)}},
		Liability: Joint,
		Peers:     Peers{PerMeeting: 1, PerCycle: 3},
		FollowUp:  Ratio(1, 2),
		Ladder:    groups.Ladder{Steps: []money.Amount{p.MemberLimit}},
		Product:   &p,
	}
}

// word is names[v], or what(v) for a value without a name.
func word(names []string, v int, what string) string {
	if v >= 0 && v < len(names) {
		return names[v]
	}
	return what + "(" + strconv.Itoa(v) + ")"
}

func marshalWord(field string, names []string, v int) ([]byte, error) {
	if v < 0 || v >= len(names) {
		return nil, &ConfigError{Field: field, Reason: "unknown value " + strconv.Itoa(v)}
	}
	return []byte(names[v]), nil
}

func unmarshalWord(field string, names []string, b []byte) (int, error) {
	for i, n := range names {
		if n == string(b) {
			return i, nil
		}
	}
	return 0, &ConfigError{Field: field, Reason: "unknown value " + strconv.Quote(string(b)) + ", want one of " + quoteAll(names)}
}

func quoteAll(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += strconv.Quote(n)
	}
	return s
}
