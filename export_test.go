package koperasi

import (
	"errors"
	"fmt"
	"slices"

	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// CheckIndexes recomputes, by walking every loan, what the Book keeps in
// indexes (the exposure total, each lender's exposure and open loans, each
// borrower's open loans) and reports the first difference. Tests call it
// after every command.
func CheckIndexes(b *Book) error {
	b.mu.RLock()
	defer b.mu.RUnlock()
	var all int64
	mine := map[members.ID]int64{}
	funded := map[members.ID]int{}
	borrowed := map[members.ID]int{}
	for _, id := range sortedKeys(b.st.loans) {
		lr := b.st.loans[id]
		if !lr.st.Closed() {
			borrowed[lr.head.Member]++
		}
		var lenders []members.ID
		for _, s := range lr.head.Lenders {
			if !slices.Contains(lenders, s.Lender) {
				lenders = append(lenders, s.Lender)
			}
		}
		for _, l := range lenders {
			if !lr.st.Closed() {
				funded[l]++
			}
			mine[l] += 0
		}
		if lr.st.Status != lending.LoanActive && lr.st.Status != lending.LoanDefaulted {
			continue
		}
		out := lr.sched.Principal.Minor()
		for _, p := range lr.st.Installments {
			out -= p.Principal
		}
		all += out
		for _, s := range lr.head.Lenders {
			part, err := money.Rounding{Step: 1, Mode: money.Down}.MulDiv(b.cfg.Currency().Amount(out), s.Amount.Minor(), lr.sched.Principal.Minor())
			if err != nil {
				return err
			}
			mine[s.Lender] += part.Minor()
		}
	}
	if all != b.st.outstanding {
		return fmt.Errorf("outstanding principal %d, kept %d", all, b.st.outstanding)
	}
	for _, l := range sortedKeys(mine) {
		m, a, err := b.exposure(l)
		if err != nil {
			return err
		}
		if m.Minor() != mine[l] || a.Minor() != all {
			return fmt.Errorf("lender %s: exposure %d of %d, kept %s of %s", l, mine[l], all, m, a)
		}
		if got := b.fundedOpen(l); got != funded[l] {
			return fmt.Errorf("lender %s: %d open loans funded, kept %d", l, funded[l], got)
		}
	}
	for _, m := range sortedKeys(b.st.lastLoan) {
		if got := b.openLoans(m); got != borrowed[m] {
			return fmt.Errorf("borrower %s: %d open loans, kept %d", m, borrowed[m], got)
		}
	}
	// every facility is listed, once, by its group
	listed := 0
	for _, g := range sortedKeys(b.st.groups) {
		for _, f := range b.st.groups[g].facilities {
			if b.st.facilities[f.ID] != f || f.Group != g {
				return fmt.Errorf("group %s lists facility %s, which is not the Book's record of it", g, f.ID)
			}
			listed++
		}
	}
	if listed != len(b.st.facilities) {
		return fmt.Errorf("groups list %d facilities, the Book has %d", listed, len(b.st.facilities))
	}
	return nil
}

// breaking is a command that changes the state and then fails, as a
// composite command does when a step after the first is refused (a
// collection that lending.CollectInPlace refuses only after a change).
type breaking struct{ Op }

func (breaking) kind() string { return "test.breaking" }

func (c breaking) exec(b *Book) (Receipt, error) {
	for _, lr := range b.st.loans {
		lr.st.Installments[0].Principal++
		b.st.outstanding--
	}
	b.closes = append(b.closes, c.Date)
	return Receipt{}, dirty(errors.New("refused after a change"))
}

// Breaking returns such a command.
func Breaking(o Op) Command { return breaking{o} }

// Outstanding is the Book's running exposure total.
func Outstanding(b *Book) int64 { return b.st.outstanding }
