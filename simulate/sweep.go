package simulate

import (
	"context"
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// Sweep is a series of designs that differ in one parameter, run under both
// liability rules to compare them. Vary builds the usual ones; any list of
// configurations with numeric X values will do.
type Sweep struct {
	Param  string  // the parameter's name: the CSV column and the plot's x label
	Points []Point // in plotting order
}

// Point is one design of a sweep.
type Point struct {
	// X is the parameter's value as people read it: a decimal ("0.95"), a
	// percentage ("95%") or a fraction ("19/20"). It is the x coordinate of
	// the plot and is never read by the model.
	X      string
	Config Config // Liability is set by RunSweep
}

// Param is a parameter Vary can vary.
type Param uint8

// Parameters.
const (
	ParamRepay           Param = iota // every risk type's Repay (a probability)
	ParamFollowUp                     // FollowUp (a probability)
	ParamVillageChance                // Village.Chance (a probability)
	ParamVillageSeverity              // Village.Severity (a probability)
	ParamGroupChance                  // Group.Chance (a probability)
	ParamGroupSeverity                // Group.Severity (a probability)
	ParamGroupSize                    // GroupSize (a whole number)
	ParamGroups                       // Groups (a whole number)
	ParamCycles                       // Cycles (a whole number)
	ParamPeersPerMeeting              // Peers.PerMeeting (a whole number)
	ParamPeersPerCycle                // Peers.PerCycle (a whole number)
	ParamFund                         // Fund.PerMeeting, in minor units of the product's currency (a whole number)
	nParams
)

var paramNames = [...]string{
	"repay", "follow-up", "village-chance", "village-severity", "group-chance", "group-severity",
	"group-size", "groups", "cycles", "peers-per-meeting", "peers-per-cycle", "fund",
}

// String is the parameter's name: "repay", "group-size" ...
func (p Param) String() string { return word(paramNames[:], int(p), "param") }

// MarshalText writes the name.
func (p Param) MarshalText() ([]byte, error) { return marshalWord("param", paramNames[:], int(p)) }

// UnmarshalText reads a name.
func (p *Param) UnmarshalText(b []byte) error {
	i, err := unmarshalWord("param", paramNames[:], b)
	*p = Param(i)
	return err
}

// ParseParam reads a parameter's name.
func ParseParam(s string) (Param, error) {
	var p Param
	err := p.UnmarshalText([]byte(s))
	return p, err
}

func (p Param) isProb() bool { return p <= ParamGroupSeverity }

// set returns c with the parameter set to the value v.
func (p Param) set(c Config, v string) (Config, error) {
	if p >= nParams {
		return c, bad("param", "unknown parameter "+p.String()+", want one of "+quoteAll(paramNames[:]))
	}
	field := "values[" + p.String() + "]"
	if p.isProb() {
		x, err := ParseProb(v)
		if err != nil {
			return c, &ConfigError{Field: field, Reason: err.(*ConfigError).Reason}
		}
		switch p {
		case ParamRepay:
			c.Types = slices.Clone(c.Types)
			for i := range c.Types {
				c.Types[i].Repay = x
			}
		case ParamFollowUp:
			c.FollowUp = x
		case ParamVillageChance:
			c.Village.Chance = x
		case ParamVillageSeverity:
			c.Village.Severity = x
		case ParamGroupChance:
			c.Group.Chance = x
		case ParamGroupSeverity:
			c.Group.Severity = x
		}
		return c, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return c, bad(field, strconv.Quote(v)+" is not a whole number")
	}
	switch p {
	case ParamGroupSize:
		if n < 1 {
			return c, bad(field, "a group needs at least 1 member, got "+v)
		}
		c.GroupSize = n
	case ParamGroups:
		if n < 1 {
			return c, bad(field, "a village needs at least 1 group, got "+v)
		}
		c.Groups = n
	case ParamCycles:
		if n < 1 {
			return c, bad(field, "at least 1 cycle, got "+v)
		}
		c.Cycles = n
	case ParamPeersPerMeeting:
		c.Peers.PerMeeting = n
	case ParamPeersPerCycle:
		c.Peers.PerCycle = n
	case ParamFund:
		cur := c.withDefaults().Product.MemberLimit.Currency()
		c.Fund.PerMeeting = cur.Amount(int64(n))
	}
	return c, nil
}

// Vary is the sweep of base over the values of one parameter. Every value
// is checked, and so is every resulting design.
func Vary(base Config, p Param, values ...string) (Sweep, error) {
	if len(values) == 0 {
		return Sweep{}, bad("values", "give at least one value to sweep "+p.String()+" over")
	}
	s := Sweep{Param: p.String(), Points: make([]Point, len(values))}
	for i, v := range values {
		c, err := p.set(base, v)
		if err != nil {
			return Sweep{}, err
		}
		s.Points[i] = Point{X: strings.TrimSpace(v), Config: c}
	}
	return s, s.check()
}

// parseX reads a point's X as an exact number.
func parseX(s string) (*big.Rat, bool) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSuffix(t, "%")
	if t == "" || strings.ContainsAny(t, "eEpP_") {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(t)
	if !ok {
		return nil, false
	}
	if pct {
		r.Quo(r, big.NewRat(100, 1))
	}
	return r, true
}

// check validates every point under both liability rules.
func (s Sweep) check() error {
	if len(s.Points) == 0 {
		return bad("points", "a sweep needs at least one point")
	}
	for i, pt := range s.Points {
		f := "points[" + strconv.Itoa(i) + "]"
		if _, ok := parseX(pt.X); !ok {
			return bad(f+".x", strconv.Quote(pt.X)+" is not a number; write 0.95, 95% or 19/20")
		}
		for _, l := range [...]Liability{Individual, Joint} {
			c := pt.Config
			c.Liability = l
			if _, err := compile(c); err != nil {
				if e, ok := err.(*ConfigError); ok {
					return &ConfigError{Field: f + "." + e.Field, Reason: e.Reason, Err: e.Err}
				}
				return err
			}
		}
	}
	return nil
}

// SweepResult is a sweep run: each point's summary under individual and
// joint liability, from the same seed, so that the two rules meet the same
// luck (common random numbers) and their difference is measured sharply.
type SweepResult struct {
	Param string
	Rows  []SweepRow
}

// SweepRow is one point of a sweep run.
type SweepRow struct {
	X          string
	Individual Summary
	Joint      Summary
}

// RunSweep runs every point of s under individual and then joint
// liability, each with opt (the same seed for all). Every point and the
// options are checked before anything runs. Options.Trial must be nil: a
// sweep keeps aggregates only; Options.Progress counts the trials of all
// runs.
func RunSweep(ctx context.Context, s Sweep, opt Options) (SweepResult, error) {
	if err := s.check(); err != nil {
		return SweepResult{}, err
	}
	if opt.Trial != nil {
		return SweepResult{}, bad("trial", "a sweep keeps aggregates only; run a single design to see its trials")
	}
	for i, pt := range s.Points {
		m, _ := compile(pt.Config)
		if err := opt.check(m); err != nil {
			e := err.(*ConfigError)
			return SweepResult{}, &ConfigError{Field: "points[" + strconv.Itoa(i) + "]." + e.Field, Reason: e.Reason}
		}
	}
	out := SweepResult{Param: s.Param, Rows: make([]SweepRow, len(s.Points))}
	all := 2 * len(s.Points) * opt.Trials
	for i, pt := range s.Points {
		row := SweepRow{X: pt.X}
		for j, l := range [...]Liability{Individual, Joint} {
			o := opt
			if opt.Progress != nil {
				before := (2*i + j) * opt.Trials
				o.Progress = func(done, _ int) { opt.Progress(before+done, all) }
			}
			c := pt.Config
			c.Liability = l
			sum, err := Run(ctx, c, o)
			if err != nil {
				return SweepResult{}, err
			}
			if l == Individual {
				row.Individual = sum
			} else {
				row.Joint = sum
			}
		}
		out.Rows[i] = row
	}
	return out, nil
}
