package simulate

import (
	"strconv"
	"time"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/money"
)

// model is a Config checked and compiled into the integer tables the trial
// loop reads: the installments of every ladder step, the effective
// probability of paying for every risk type under every combination of
// shocks, and the cover and ladder rules as plain numbers. It is immutable
// and shared by the workers of a run.
type model struct {
	groups, size, cycles int
	seats                int
	inst                 int // installments per loan
	joint                bool

	shareCum []uint64 // type k is drawn when the draw is below shareCum[k]
	eff      []uint64 // [type<<2 | village<<1 | group]: the probability of paying, in 2^-32
	village  shockSpec
	group    shockSpec
	follow   uint64

	steps  []step
	dueDay []int32 // days from disbursement to each due date
	endDay int32   // the day of the follow-up collection: one period after the last due date

	cover      coverRule
	perMeeting int64 // in own installments; 0: no bound
	perCycle   int64
	fundPer    int64
	refund     bool

	ladder ladderRule
	cur    money.Currency
	maxDue int64 // the most a trial can have due: the overflow guard for sums
}

type shockSpec struct {
	chance uint64
	each   Each
}

// step is one ladder step's loan: its principal and installments.
type step struct {
	principal int64
	total     int64
	unit      int64   // the first installment: the unit of Peers
	inst      []int64 // installment totals
	prin      []int64 // their principal parts
}

// probeDay dates the schedules the model derives installments from; only
// the days between due dates matter. It is the pilot's first
// implementation day.
var probeDay, _ = calendar.NewDate(2024, time.March, 28)

// Config checks and defaults.

func (c Config) withDefaults() Config {
	if c.Groups == 0 {
		c.Groups = DefaultGroups
	}
	if c.GroupSize == 0 {
		c.GroupSize = groups.DefaultSize
	}
	if c.Cycles == 0 {
		c.Cycles = DefaultCycles
	}
	if c.Product == nil {
		p := lending.MekarmuktiProduct()
		c.Product = &p
	}
	if len(c.Ladder.Steps) == 0 {
		c.Ladder.Steps = []money.Amount{c.Product.MemberLimit}
	}
	return c
}

// Validate reports a configuration that cannot be simulated, with the
// field and the reason; nil means Run will accept it.
func (c Config) Validate() error {
	_, err := compile(c)
	return err
}

func bad(field, reason string) error { return &ConfigError{Field: field, Reason: reason} }

func probField(field string, p Prob) error {
	if !p.valid() {
		return bad(field, "the probability "+p.String()+" is not between 0 and 1")
	}
	return nil
}

// compile checks c fully and builds its model.
func compile(cfg Config) (*model, error) {
	c := cfg.withDefaults()
	m := &model{groups: c.Groups, size: c.GroupSize, cycles: c.Cycles}
	switch {
	case c.Groups < 0:
		return nil, bad("groups", "a village needs at least 1 group, got "+strconv.Itoa(c.Groups))
	case c.GroupSize < 0:
		return nil, bad("group_size", "a group needs at least 1 member, got "+strconv.Itoa(c.GroupSize))
	case c.GroupSize > MaxGroupSize:
		return nil, bad("group_size", "at most "+strconv.Itoa(MaxGroupSize)+" members per group, got "+strconv.Itoa(c.GroupSize))
	case c.Groups > MaxSeats || c.Groups*c.GroupSize > MaxSeats:
		return nil, bad("groups", "at most "+strconv.Itoa(MaxSeats)+" members in a village, got "+strconv.Itoa(c.Groups)+" groups of "+strconv.Itoa(c.GroupSize))
	case c.Cycles < 0 || c.Cycles > MaxCycles:
		return nil, bad("cycles", "1 to "+strconv.Itoa(MaxCycles)+" cycles, got "+strconv.Itoa(c.Cycles))
	}
	m.seats = c.Groups * c.GroupSize
	if err := m.types(c.Types); err != nil {
		return nil, err
	}
	for _, s := range [...]struct {
		name string
		s    Shock
		dst  *shockSpec
	}{{"village", c.Village, &m.village}, {"group", c.Group, &m.group}} {
		if err := probField(s.name+".chance", s.s.Chance); err != nil {
			return nil, err
		}
		if err := probField(s.name+".severity", s.s.Severity); err != nil {
			return nil, err
		}
		if s.s.Each > EachInstallment {
			return nil, bad(s.name+".each", "unknown period "+s.s.Each.String()+", want cycle or installment")
		}
		*s.dst = shockSpec{chance: uint64(s.s.Chance), each: s.s.Each}
	}
	m.eff = make([]uint64, len(c.Types)<<2)
	for k, t := range c.Types {
		for v := range 2 {
			for g := range 2 {
				p := t.Repay
				if v == 1 {
					p = p.Times(c.Village.Severity)
				}
				if g == 1 {
					p = p.Times(c.Group.Severity)
				}
				m.eff[k<<2|v<<1|g] = uint64(p)
			}
		}
	}
	if err := probField("follow_up", c.FollowUp); err != nil {
		return nil, err
	}
	m.follow = uint64(c.FollowUp)
	switch c.Liability {
	case Joint:
		m.joint = true
	case Individual:
	default:
		return nil, bad("liability", "unknown rule "+c.Liability.String()+", want joint or individual")
	}
	if err := m.product(c); err != nil {
		return nil, err
	}
	if err := m.rules(c); err != nil {
		return nil, err
	}
	return m, nil
}

// types checks the risk types and builds the cumulative shares.
func (m *model) types(ts []RiskType) error {
	switch {
	case len(ts) == 0:
		return bad("types", "give at least one risk type, e.g. {Share: One, Repay: Ratio(95, 100)}")
	case len(ts) > MaxTypes:
		return bad("types", "at most "+strconv.Itoa(MaxTypes)+" risk types, got "+strconv.Itoa(len(ts)))
	}
	var sum uint64
	m.shareCum = make([]uint64, len(ts))
	for i, t := range ts {
		f := "types[" + strconv.Itoa(i) + "]"
		if err := probField(f+".share", t.Share); err != nil {
			return err
		}
		if err := probField(f+".repay", t.Repay); err != nil {
			return err
		}
		sum += uint64(t.Share)
		m.shareCum[i] = min(sum, uint64(One))
	}
	// each share is rounded to 2^-32, so n shares may miss 1 by n/2 parts
	diff := int64(sum) - int64(One)
	if 2*diff > int64(len(ts)) || -2*diff > int64(len(ts)) {
		return bad("types", "the shares sum to "+Prob(sum).String()+", not 1")
	}
	m.shareCum[len(ts)-1] = uint64(One) // the last type takes what is left
	return nil
}

// product checks the product and ladder steps and derives the schedules.
func (m *model) product(c Config) error {
	p := c.Product
	m.cur = p.Terms.Principal.Currency()
	if !p.MemberLimit.IsZero() {
		m.cur = p.MemberLimit.Currency()
	}
	l := c.Ladder
	if err := l.Validate(); err != nil {
		return &ConfigError{Field: "ladder", Reason: "the ladder cannot be applied", Err: err}
	}
	switch {
	case !l.GroupCap.IsZero():
		return bad("ladder.group_cap", "a group cap is not modelled (every member borrows their step); leave it zero")
	case len(l.Steps) > 255:
		return bad("ladder.steps", "at most 255 steps, got "+strconv.Itoa(len(l.Steps)))
	}
	for i, a := range l.Steps {
		f := "ladder.steps[" + strconv.Itoa(i) + "]"
		if m.cur.IsZero() {
			m.cur = a.Currency()
		}
		switch {
		case !a.IsPositive():
			return bad(f, "a step lends a positive amount, got "+a.String())
		case a.Currency() != m.cur:
			return bad(f, "the step is in "+a.Currency().String()+", the product in "+m.cur.String())
		case p.MemberLimit.IsPositive() && a.Cmp(p.MemberLimit) > 0:
			return bad(f, "the step "+a.String()+" is above the product's member limit "+p.MemberLimit.String())
		}
		s, err := p.Schedule(a, probeDay, calendar.Date{})
		if err != nil {
			return &ConfigError{Field: "product.terms", Reason: "no schedule for a loan of " + a.String(), Err: err}
		}
		rows := s.Installments
		if i == 0 {
			if len(rows) > 10000 {
				return bad("product.terms", "at most 10000 installments, got "+strconv.Itoa(len(rows)))
			}
			m.inst = len(rows)
			m.dueDay = make([]int32, len(rows))
			for k, r := range rows {
				m.dueDay[k] = int32(r.Due.Sub(probeDay))
			}
			last := m.dueDay[len(rows)-1]
			prev := int32(0)
			if len(rows) > 1 {
				prev = m.dueDay[len(rows)-2]
			}
			m.endDay = last + max(last-prev, 1)
		} else if len(rows) != m.inst {
			return bad("product.terms", "the schedules of the ladder's steps differ in length")
		}
		st := step{principal: a.Minor(), total: s.Total.Minor(), unit: rows[0].Total.Minor(), inst: make([]int64, len(rows)), prin: make([]int64, len(rows))}
		for k, r := range rows {
			st.inst[k] = r.Total.Minor()
			st.prin[k] = r.Principal.Minor()
			if st.inst[k] <= 0 {
				return bad("product.terms", "installment "+strconv.Itoa(k+1)+" of a loan of "+a.String()+" is not positive")
			}
		}
		m.steps = append(m.steps, st)
	}
	// the overflow guard: every sum of a trial fits well within int64
	var top int64
	for _, s := range m.steps {
		top = max(top, s.total)
	}
	const limit = 1 << 61
	seatCycles := int64(m.seats) * int64(m.cycles)
	if top > limit/seatCycles {
		return bad("product", "a trial could owe more than "+strconv.FormatInt(limit, 10)+" minor units; lend less or simulate fewer members")
	}
	m.maxDue = top * seatCycles
	m.ladder = ladderRule{
		steps:   len(l.Steps),
		basis:   l.Basis,
		need:    int32(min(max(l.UpAfter, 1), 1<<30)),
		late:    int32(min(l.LateDays, 1<<30)),
		onLate:  l.OnLate,
		allowed: int32(min(l.CoversAllowed, 1<<30)),
	}
	return nil
}

// rules checks the cover, peers and fund rules.
func (m *model) rules(c Config) error {
	if err := c.Cover.Validate(); err != nil {
		return &ConfigError{Field: "cover", Reason: "the cover policy cannot be applied", Err: err}
	}
	m.cover = coverRule{rule: c.Cover.Rule, fund: c.Cover.Fund, cap: -1}
	if a, ok := c.Cover.Cap.Bound(); ok {
		if !a.IsZero() && a.Currency() != m.cur {
			return bad("cover.cap", "the cap is in "+a.Currency().String()+", the product in "+m.cur.String())
		}
		m.cover.cap = a.Minor()
	}
	const maxPeers = 1 << 20
	switch {
	case c.Peers.PerMeeting < 0 || c.Peers.PerMeeting > maxPeers:
		return bad("peers.per_meeting", "0 (no bound) to "+strconv.Itoa(maxPeers)+" installments, got "+strconv.Itoa(c.Peers.PerMeeting))
	case c.Peers.PerCycle < 0 || c.Peers.PerCycle > maxPeers:
		return bad("peers.per_cycle", "0 (no bound) to "+strconv.Itoa(maxPeers)+" installments, got "+strconv.Itoa(c.Peers.PerCycle))
	}
	m.perMeeting, m.perCycle = int64(c.Peers.PerMeeting), int64(c.Peers.PerCycle)
	if err := c.Fund.Validate(); err != nil {
		return &ConfigError{Field: "fund", Reason: "the fund policy cannot be applied", Err: err}
	}
	f := c.Fund.PerMeeting
	if !f.IsZero() && f.Currency() != m.cur {
		return bad("fund.per_meeting", "the contribution is in "+f.Currency().String()+", the product in "+m.cur.String())
	}
	if f.Minor() > (1<<61)/(int64(m.size)*int64(m.inst)*int64(m.cycles)) {
		return bad("fund.per_meeting", "the fund could grow beyond 2^61 minor units; contribute less")
	}
	m.fundPer = f.Minor()
	m.refund = c.Fund.AtCycleEnd == groups.Refund
	return nil
}

// typeOf is the risk type a draw selects.
func (m *model) typeOf(u uint64) uint8 {
	for k, c := range m.shareCum {
		if u < c {
			return uint8(k)
		}
	}
	return uint8(len(m.shareCum) - 1)
}
