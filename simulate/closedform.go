package simulate

import (
	"math/big"
	"strconv"

	"github.com/ip2p/koperasi/lending"
)

// ClosedForm is the simple model that has exact answers, built in so that
// the simulation can be checked against it: groups of Members members, one
// cycle, every member paying each installment independently with
// probability Repay (shocks, when set, multiply it for everyone they
// touch), no group fund, nothing carried between cycles.
//
// Under joint liability the members who paid at a meeting cover those who
// did not, each up to Cover installments of their own (0: no bound), so a
// meeting with d defaults is covered in full when d ≤ Cover·(Members − d):
// peers cover up to CoverableDefaults(Members, Cover) defaults. Under
// individual liability nothing is covered. What stays uncovered is
// recovered with probability FollowUp, installment by installment.
//
// The probabilities are exact rationals (Repay is exactly Repay/2^32), so a
// simulation of Config agrees with them within its confidence interval, and
// Repay = 1 gives exactly 1.
type ClosedForm struct {
	Members   int
	Repay     Prob
	Liability Liability
	Cover     int
	FollowUp  Prob
	Village   Shock
	Group     Shock
	Product   *lending.Product // nil: lending.MekarmuktiProduct
}

// Config is the simulation of f with the given number of groups per trial.
func (f ClosedForm) Config(groups int) Config {
	return Config{
		Groups: groups, GroupSize: f.Members, Cycles: 1,
		Types:     []RiskType{{Share: One, Repay: f.Repay}},
		Village:   f.Village,
		Group:     f.Group,
		Liability: f.Liability,
		Peers:     Peers{PerMeeting: f.Cover},
		FollowUp:  f.FollowUp,
		Product:   f.Product,
	}
}

// AtLeast is the probability that at least k of n members repay, each
// independently with probability p: Σ_{j=k..n} C(n,j) p^j (1−p)^(n−j),
// exactly.
func AtLeast(n, k int, p Prob) *big.Rat {
	w := binomial(n, p.Rat())
	s := new(big.Rat)
	for d := 0; d <= n-max(k, 0); d++ {
		s.Add(s, w[d])
	}
	return s
}

// CoverableDefaults is the most defaults at one meeting that the other
// members of a group of n can cover in full when each covers at most cover
// installments (0: no bound, so n−1: someone must pay).
func CoverableDefaults(n, cover int) int {
	if n <= 0 {
		return 0
	}
	if cover <= 0 {
		return n - 1
	}
	return cover * n / (cover + 1)
}

// binomial returns w[d] = C(n,d) p^(n−d) (1−p)^d: the probability of
// exactly d defaults among n.
func binomial(n int, p *big.Rat) []*big.Rat {
	q := new(big.Rat).Sub(big.NewRat(1, 1), p)
	pp := make([]*big.Rat, n+1)
	qq := make([]*big.Rat, n+1)
	pp[0], qq[0] = big.NewRat(1, 1), big.NewRat(1, 1)
	for i := 1; i <= n; i++ {
		pp[i] = new(big.Rat).Mul(pp[i-1], p)
		qq[i] = new(big.Rat).Mul(qq[i-1], q)
	}
	w := make([]*big.Rat, n+1)
	c := big.NewInt(1)
	for d := 0; d <= n; d++ {
		if d > 0 {
			c.Mul(c, big.NewInt(int64(n-d+1)))
			c.Quo(c, big.NewInt(int64(d)))
		}
		w[d] = new(big.Rat).SetInt(c)
		w[d].Mul(w[d], pp[n-d])
		w[d].Mul(w[d], qq[d])
	}
	return w
}

// meeting is what a meeting with d defaults among n members owing a each
// brings (each member covering at most Cover units, the first installment):
// the amount covered and the number of shortfalls left partly
// uncovered, as the model's cover splits them.
func (f ClosedForm) meeting(n, d int, a, unit int64) (covered int64, open int) {
	if d == 0 {
		return 0, 0
	}
	short := int64(d) * a
	if f.Liability == Joint {
		each := short
		if f.Cover > 0 {
			each = min(each, int64(f.Cover)*unit)
		}
		covered = min(short, int64(n-d)*each)
	}
	// covered is split equally over the d shortfalls, the odd units to the
	// first: a shortfall stays open when its part is below a
	q, r := covered/int64(d), covered%int64(d)
	for i := range int64(d) {
		part := q
		if i < r {
			part++
		}
		if part < a {
			open++
		}
	}
	return covered, open
}

// exact holds, per installment, the probability that the meeting is repaid
// in full in the end and the expected amount collected, for one
// probability of paying.
type exact struct {
	full, collected []*big.Rat
}

func (f ClosedForm) exactAt(p Prob, inst []int64) exact {
	n := f.Members
	w := binomial(n, p.Rat())
	fu := f.FollowUp.Rat()
	fpow := make([]*big.Rat, n+1)
	fpow[0] = big.NewRat(1, 1)
	for i := 1; i <= n; i++ {
		fpow[i] = new(big.Rat).Mul(fpow[i-1], fu)
	}
	e := exact{full: make([]*big.Rat, len(inst)), collected: make([]*big.Rat, len(inst))}
	for t, a := range inst {
		full, coll := new(big.Rat), new(big.Rat)
		for d := 0; d <= n; d++ {
			covered, open := f.meeting(n, d, a, inst[0])
			full.Add(full, new(big.Rat).Mul(w[d], fpow[open]))
			// (n−d)a + covered + f·(short − covered)
			c := new(big.Rat).Mul(fu, big.NewRat(int64(d)*a-covered, 1))
			c.Add(c, big.NewRat(int64(n-d)*a+covered, 1))
			coll.Add(coll, c.Mul(c, w[d]))
		}
		e.full[t], e.collected[t] = full, coll
	}
	return e
}

// states are the probabilities of paying under each combination of shocks
// (village, group) and their weights.
func (f ClosedForm) states() (p [2][2]Prob, wv, wg [2]*big.Rat) {
	cv, cg := f.Village.Chance.Rat(), f.Group.Chance.Rat()
	wv = [2]*big.Rat{new(big.Rat).Sub(big.NewRat(1, 1), cv), cv}
	wg = [2]*big.Rat{new(big.Rat).Sub(big.NewRat(1, 1), cg), cg}
	for v := range 2 {
		for g := range 2 {
			x := f.Repay
			if v == 1 {
				x = x.Times(f.Village.Severity)
			}
			if g == 1 {
				x = x.Times(f.Group.Severity)
			}
			p[v][g] = x
		}
	}
	return p, wv, wg
}

func (f ClosedForm) compile() (*model, error) {
	if f.Members < 1 {
		return nil, bad("members", "a group needs at least 1 member, got "+strconv.Itoa(f.Members))
	}
	m, err := compile(f.Config(1))
	if err != nil {
		return nil, err
	}
	if f.Cover < 0 {
		return nil, bad("cover", "cannot be negative")
	}
	return m, nil
}

// GroupRepaid is the exact probability that a group's loans are all repaid
// by the end of the cycle (covered, paid or recovered).
func (f ClosedForm) GroupRepaid() (*big.Rat, error) {
	m, err := f.compile()
	if err != nil {
		return nil, err
	}
	inst := m.steps[0].inst
	p, wv, wg := f.states()
	var ex [2][2]exact
	for v := range 2 {
		for g := range 2 {
			ex[v][g] = f.exactAt(p[v][g], inst)
		}
	}
	// a shock drawn once per cycle mixes whole cycles; one drawn per
	// installment mixes each meeting
	perCycle := func(v, g int) *big.Rat {
		r := big.NewRat(1, 1)
		for t := range inst {
			r.Mul(r, ex[v][g].full[t])
		}
		return r
	}
	out := new(big.Rat)
	switch {
	case f.Village.Each == EachCycle && f.Group.Each == EachCycle:
		for v := range 2 {
			for g := range 2 {
				out.Add(out, new(big.Rat).Mul(new(big.Rat).Mul(wv[v], wg[g]), perCycle(v, g)))
			}
		}
	case f.Village.Each == EachCycle:
		for v := range 2 {
			r := big.NewRat(1, 1)
			for t := range inst {
				s := new(big.Rat)
				for g := range 2 {
					s.Add(s, new(big.Rat).Mul(wg[g], ex[v][g].full[t]))
				}
				r.Mul(r, s)
			}
			out.Add(out, r.Mul(r, wv[v]))
		}
	case f.Group.Each == EachCycle:
		for g := range 2 {
			r := big.NewRat(1, 1)
			for t := range inst {
				s := new(big.Rat)
				for v := range 2 {
					s.Add(s, new(big.Rat).Mul(wv[v], ex[v][g].full[t]))
				}
				r.Mul(r, s)
			}
			out.Add(out, r.Mul(r, wg[g]))
		}
	default:
		out.SetInt64(1)
		for t := range inst {
			s := new(big.Rat)
			for v := range 2 {
				for g := range 2 {
					s.Add(s, new(big.Rat).Mul(new(big.Rat).Mul(wv[v], wg[g]), ex[v][g].full[t]))
				}
			}
			out.Mul(out, s)
		}
	}
	return out, nil
}

// Repayment is the exact expected share of what falls due that the lender
// collects by the end of the cycle.
func (f ClosedForm) Repayment() (*big.Rat, error) {
	m, err := f.compile()
	if err != nil {
		return nil, err
	}
	inst := m.steps[0].inst
	p, wv, wg := f.states()
	coll := new(big.Rat)
	for v := range 2 {
		for g := range 2 {
			e := f.exactAt(p[v][g], inst)
			w := new(big.Rat).Mul(wv[v], wg[g])
			for t := range inst {
				coll.Add(coll, new(big.Rat).Mul(w, e.collected[t]))
			}
		}
	}
	return coll.Quo(coll, big.NewRat(int64(f.Members)*m.steps[0].total, 1)), nil
}
