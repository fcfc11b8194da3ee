package simulate

import "math/rand/v2"

// Counts are the exact outcomes of one trial, or their sums over trials.
// Amounts are in minor units of the product's currency (whole rupiah for
// the Mekarmukti product). Due = OnTime + Covered + FundUsed + Recovered +
// Unpaid, always.
type Counts struct {
	MemberCycles int64 `json:"member_cycles"` // loans: one per borrowing member per cycle
	GroupCycles  int64 `json:"group_cycles"`  // groups that borrowed, counted per cycle
	GroupsRepaid int64 `json:"groups_repaid"` // of those, the ones whose loans were all repaid by the end of the cycle
	Installments int64 `json:"installments"`  // installments that fell due
	Misses       int64 `json:"misses"`        // installments members did not pay at their meeting
	Covers       int64 `json:"covers"`        // missed installments peers or the fund covered, in part or whole
	Principal    int64 `json:"principal"`     // lent
	Due          int64 `json:"due"`           // the installments: principal and margin
	OnTime       int64 `json:"on_time"`       // paid by the members themselves at their meetings
	Covered      int64 `json:"covered"`       // paid by peers for others at the meetings
	FundUsed     int64 `json:"fund_used"`     // paid by the group funds at the meetings
	Recovered    int64 `json:"recovered"`     // paid to the lender late, by follow-up
	Unpaid       int64 `json:"unpaid"`        // never paid to the lender
	AtRisk       int64 `json:"at_risk"`       // principal outstanding on the loans not repaid (PAR30's numerator)
}

func (c *Counts) add(d *Counts) {
	c.MemberCycles += d.MemberCycles
	c.GroupCycles += d.GroupCycles
	c.GroupsRepaid += d.GroupsRepaid
	c.Installments += d.Installments
	c.Misses += d.Misses
	c.Covers += d.Covers
	c.Principal += d.Principal
	c.Due += d.Due
	c.OnTime += d.OnTime
	c.Covered += d.Covered
	c.FundUsed += d.FundUsed
	c.Recovered += d.Recovered
	c.Unpaid += d.Unpaid
	c.AtRisk += d.AtRisk
}

// Collected is what the lender received: Due − Unpaid.
func (c Counts) Collected() int64 { return c.Due - c.Unpaid }

// Trial is the outcome of one trial.
type Trial struct {
	Index int `json:"index"` // from 0; the trial's random stream is derived from the seed and this
	Counts
	// Excluded is, for each cycle, the members excluded at its start
	// (after a default, theirs or their group's). In a Trial passed to
	// Options.Trial it is reused once the function returns: copy it to
	// keep it.
	Excluded []int `json:"excluded"`
}

// sim is one worker's trial engine: the model, a random stream and the
// state of a village, all reused from trial to trial.
type sim struct {
	m   *model
	rng rand.PCG
	cov *coverer

	// per seat (member), for the whole trial
	typ    []uint8
	step   []uint8
	out    []bool // excluded
	streak []int32

	// per group, for the whole trial
	gStreak []int32
	fund    []int64
	fundOut []int64 // what the fund paid out and is owed back

	// per installment, for one cycle
	vHit, gHit []uint8

	// per member of the group at hand, for one meeting or one cycle
	seat                  []int
	owed, short, spare    []int64
	recover               []bool
	given, unpaid, atRisk []int64
	toPeers               []int64 // recovered money owed back to those who covered
	late, covers          []int32
}

func newSim(m *model) *sim {
	n := m.size
	return &sim{
		m: m, cov: newCoverer(m.cover, n),
		typ: make([]uint8, m.seats), step: make([]uint8, m.seats), out: make([]bool, m.seats), streak: make([]int32, m.seats),
		gStreak: make([]int32, m.groups), fund: make([]int64, m.groups), fundOut: make([]int64, m.groups),
		vHit: make([]uint8, m.inst), gHit: make([]uint8, m.inst),
		seat: make([]int, n), owed: make([]int64, n), short: make([]int64, n), spare: make([]int64, n),
		recover: make([]bool, n), given: make([]int64, n), unpaid: make([]int64, n), atRisk: make([]int64, n),
		toPeers: make([]int64, n), late: make([]int32, n), covers: make([]int32, n),
	}
}

// splitmix64 is SplitMix64's output function, used to derive independent
// streams from a seed.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// streamSeeds are the PCG seeds of trial i of a run with the given seed:
// every trial has its own stream, so results do not depend on how trials
// are split among workers, and the same trial of two designs of the same
// size draws the same numbers (common random numbers).
func streamSeeds(seed uint64, i uint64) (uint64, uint64) {
	a := splitmix64(splitmix64(seed) ^ i)
	return splitmix64(a), splitmix64(a ^ 0x6a09e667f3bcc909)
}

// draw is the next 32-bit uniform, widened.
func (s *sim) draw() uint64 { return s.rng.Uint64() & 0xffffffff }

// trial runs trial i into t (whose Excluded has room for every cycle).
//
// The order of draws is fixed and does not depend on any outcome: the
// members' types; then for each cycle the village shock (once, or once per
// installment), and for each group its shock (likewise) and then, for each
// installment and each member in turn, one 64-bit number whose low half
// decides the payment and whose high half the follow-up. Excluded members
// draw too, so that designs that differ only in their rules (individual or
// joint liability) see the same luck.
func (s *sim) trial(seed uint64, i int, t *Trial) {
	m := s.m
	s.rng.Seed(streamSeeds(seed, uint64(i)))
	t.Index = i
	t.Counts = Counts{}
	t.Excluded = t.Excluded[:m.cycles]
	for k := range s.typ {
		s.typ[k] = m.typeOf(s.draw())
		s.step[k], s.out[k], s.streak[k] = 0, false, 0
	}
	for g := range m.groups {
		s.gStreak[g], s.fund[g], s.fundOut[g] = 0, 0, 0
	}
	excluded := 0
	for c := range m.cycles {
		t.Excluded[c] = excluded
		s.shocks(s.vHit, m.village)
		for g := range m.groups {
			excluded += s.cycle(g, &t.Counts)
		}
	}
}

// shocks draws a shock for every installment of a cycle.
func (s *sim) shocks(hit []uint8, sh shockSpec) {
	if sh.each == EachCycle {
		v := b2u(s.draw() < sh.chance)
		for k := range hit {
			hit[k] = v
		}
		return
	}
	for k := range hit {
		hit[k] = b2u(s.draw() < sh.chance)
	}
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// cycle runs one cycle of group g and returns how many of its members it
// newly excludes.
func (s *sim) cycle(g int, ct *Counts) int {
	m := s.m
	s.shocks(s.gHit, m.group)
	base := g * m.size
	n := 0
	for j := range m.size {
		if !s.out[base+j] {
			s.seat[n] = base + j
			n++
		}
	}
	if n == 0 {
		for range m.size * m.inst {
			s.rng.Uint64()
		}
		return 0
	}
	seat := s.seat[:n]
	for k, st := range seat {
		l := &m.steps[s.step[st]]
		ct.Principal += l.principal
		ct.Due += l.total
		s.given[k], s.unpaid[k], s.atRisk[k], s.toPeers[k] = 0, 0, 0, 0
		s.late[k], s.covers[k] = 0, 0
	}
	ct.GroupCycles++
	ct.MemberCycles += int64(n)
	ct.Installments += int64(n) * int64(m.inst)
	owed, short := s.owed[:n], s.short[:n]
	fundOut := int64(0) // paid by the fund this cycle
	for t := range m.inst {
		hit := uint64(s.vHit[t])<<1 | uint64(s.gHit[t])
		misses, payers := 0, int64(0)
		k := 0
		for j := range m.size {
			u := s.rng.Uint64()
			st := base + j
			if s.out[st] {
				continue
			}
			a := m.steps[s.step[st]].inst[t]
			owed[k] = a
			if u&0xffffffff < m.eff[uint64(s.typ[st])<<2|hit] {
				short[k] = 0
				ct.OnTime += a
				payers++
			} else {
				short[k] = a
				s.recover[k] = u>>32 < m.follow
				misses++
			}
			k++
		}
		if m.joint {
			s.fund[g] += payers * m.fundPer
		}
		if misses == 0 {
			continue
		}
		ct.Misses += int64(misses)
		cov := s.cov.cov[:n]
		if m.joint {
			s.spares(seat)
			fromFund, covered := s.cov.run(owed, short, s.spare[:n], s.fund[g], 0)
			s.fund[g] -= fromFund
			fundOut += fromFund
			ct.FundUsed += fromFund
			ct.Covered += covered - fromFund
			for k := range n {
				s.given[k] += s.cov.give[k]
			}
		} else {
			clear(cov)
		}
		for k := range n {
			if short[k] == 0 {
				continue
			}
			c := cov[k]
			unc := short[k] - c
			if c > 0 {
				s.covers[k]++
				ct.Covers++
			}
			if s.recover[k] {
				s.toPeers[k] += c
				if unc > 0 {
					ct.Recovered += unc
					s.late[k] = max(s.late[k], m.endDay-m.dueDay[t])
				}
				continue
			}
			s.unpaid[k] += unc
			s.atRisk[k] += min(unc, m.steps[s.step[seat[k]]].prin[t])
		}
	}
	return s.close(g, seat, fundOut, ct)
}

// spares sets what each member at the meeting can still put in for others.
func (s *sim) spares(seat []int) {
	m := s.m
	for k, st := range seat {
		v := int64(-1)
		if m.perMeeting > 0 || m.perCycle > 0 {
			unit := m.steps[s.step[st]].unit
			v = 1<<62 - 1
			if m.perMeeting > 0 {
				v = mulSat(m.perMeeting, unit)
			}
			if m.perCycle > 0 {
				v = min(v, max(mulSat(m.perCycle, unit)-s.given[k], 0))
			}
		}
		s.spare[k] = v
	}
}

// mulSat is a×b for non-negative a and b, at most 2^62−1: a bound that
// large is no bound.
func mulSat(a, b int64) int64 {
	const top = 1<<62 - 1
	if a != 0 && b > top/a {
		return top
	}
	return min(a*b, top)
}

// close ends group g's cycle: the follow-up pays back the fund, the fund is
// refunded or carried over, and the ladder moves every member; it returns
// how many members it excludes.
func (s *sim) close(g int, seat []int, fundPaid int64, ct *Counts) int {
	m := s.m
	owedBack := s.fundOut[g] + fundPaid
	var back int64
	grp := record{}
	for k := range seat {
		back += s.toPeers[k]
		ct.Unpaid += s.unpaid[k]
		ct.AtRisk += s.atRisk[k]
		grp.defaulted = grp.defaulted || s.unpaid[k] > 0
		grp.late = max(grp.late, s.late[k])
		grp.covers += s.covers[k]
	}
	// recovered money that peers or the fund had advanced repays the fund
	// first
	back = min(back, owedBack)
	s.fundOut[g] = owedBack - back
	s.fund[g] += back
	if m.refund {
		s.fund[g] = 0
	}
	if !grp.defaulted {
		ct.GroupsRepaid++
	}
	l := &m.ladder
	if l.good(grp) {
		s.gStreak[g]++
	} else {
		s.gStreak[g] = 0
	}
	excluded := 0
	for k, st := range seat {
		own := record{defaulted: s.unpaid[k] > 0, late: s.late[k], covers: s.covers[k]}
		if l.good(own) {
			s.streak[st]++
		} else {
			s.streak[st] = 0
		}
		next := l.next(int(s.step[st]), own, s.streak[st], grp, s.gStreak[g])
		if next < 0 || (m.joint && grp.defaulted) {
			s.out[st] = true
			excluded++
			continue
		}
		s.step[st] = uint8(next)
	}
	return excluded
}
