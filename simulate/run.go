package simulate

import (
	"context"
	"math/big"
	"math/bits"
	"runtime"
	"strconv"
	"sync"

	"github.com/ip2p/koperasi/money"
)

// Options say how many trials to run, from which seed, on how many workers,
// and what to report along the way.
type Options struct {
	// Trials is the number of trials (villages); at least 1.
	Trials int
	// Seed selects the random streams: the same seed and configuration
	// give the same results, byte for byte, on every platform and with any
	// number of workers.
	Seed uint64
	// Workers is the number of goroutines; zero: GOMAXPROCS. It changes
	// the speed, never the results.
	Workers int
	// Trial, when set, receives every trial in order of its index, from
	// the goroutine that called Run; an error stops the run and is
	// returned. Without it a run keeps only the sums: its memory does not
	// grow with the number of trials.
	Trial func(Trial) error
	// Progress, when set, is told how many trials are done, from the
	// goroutine that called Run, as chunks of trials complete.
	Progress func(done, total int)
}

// MaxTrials bounds Options.Trials.
const MaxTrials = 1 << 40

// Summary is what a run found: the exact sums over all trials and the rates
// with their 95% confidence intervals (see Estimate).
type Summary struct {
	Trials   int
	Seed     uint64
	Currency money.Currency // of the amounts in Totals
	Totals   Counts         // sums over all trials

	// Repayment is the share of what fell due that the lender collected
	// by the end of each cycle (on time, covered, or recovered).
	Repayment Estimate
	// OnTime is the share collected at the meetings: paid by the members,
	// covered by peers or by the fund.
	OnTime Estimate
	// GroupsRepaid is the share of group-cycles whose loans were all
	// repaid by the end of the cycle.
	GroupsRepaid Estimate
	// PAR30 is portfolio at risk over 30 days: the principal outstanding
	// on loans with an installment unpaid 30 days past its due date, as a
	// share of the principal lent. Six daily installments are all less than
	// 30 days old when a cycle ends, so the model measures PAR30 30 days
	// after each cycle's last due date (the Mekarmukti product's default
	// date); nothing is collected after the cycle in the model, so every
	// loan not repaid by then is counted, with its unpaid principal
	// (payments go to margin first, as lending's servicing does).
	PAR30 Estimate
	// CoverRate is the share of what fell due that peers or the group fund
	// paid for others.
	CoverRate Estimate
	// Covers is the number of installments covered, per loan.
	Covers Estimate
	// MissRate is the share of installments members missed at their
	// meeting.
	MissRate Estimate
	// LossRate is the share of what fell due that the lender never
	// collected: 1 − Repayment.
	LossRate Estimate
	// Yield is the lender's realised return on the principal lent per
	// cycle: collected / principal − 1 (Rp200 on Rp25.000, 0.008, when
	// every installment is paid).
	Yield Estimate
	// Excluded is, for each cycle, the share of members excluded at its
	// start.
	Excluded []Estimate
}

// metrics in the order of accum.m
const (
	mRepayment = iota
	mOnTime
	mGroups
	mPAR
	mCover
	mCovers
	mMiss
	mLoss
	mYield
	nMetrics
)

// accum is the streaming aggregate of trials: fixed size, whatever their
// number.
type accum struct {
	n        int64
	totals   Counts
	m        [nMetrics]moments
	excluded []moments
}

func newAccum(cycles int) *accum { return &accum{excluded: make([]moments, cycles)} }

func (a *accum) reset() {
	ex := a.excluded
	clear(ex)
	*a = accum{excluded: ex}
}

func (a *accum) observe(t *Trial, seats int64) {
	c := &t.Counts
	a.n++
	a.totals.add(c)
	collected := c.Collected()
	a.m[mRepayment].observe(collected, c.Due)
	a.m[mOnTime].observe(c.OnTime+c.Covered+c.FundUsed, c.Due)
	a.m[mGroups].observe(c.GroupsRepaid, c.GroupCycles)
	a.m[mPAR].observe(c.AtRisk, c.Principal)
	a.m[mCover].observe(c.Covered+c.FundUsed, c.Due)
	a.m[mCovers].observe(c.Covers, c.MemberCycles)
	a.m[mMiss].observe(c.Misses, c.Installments)
	a.m[mLoss].observe(c.Unpaid, c.Due)
	a.m[mYield].observe(collected, c.Principal)
	for k, x := range t.Excluded {
		a.excluded[k].observe(int64(x), seats)
	}
}

func (a *accum) merge(o *accum) {
	a.n += o.n
	a.totals.add(&o.totals)
	for k := range a.m {
		a.m[k].merge(&o.m[k])
	}
	for k := range a.excluded {
		a.excluded[k].merge(&o.excluded[k])
	}
}

func (a *accum) summary(opt Options, cur money.Currency, inst int) Summary {
	n := a.n
	s := Summary{
		Trials: int(n), Seed: opt.Seed, Currency: cur, Totals: a.totals,
		Repayment:    a.m[mRepayment].estimate(n, 0, unit),
		OnTime:       a.m[mOnTime].estimate(n, 0, unit),
		GroupsRepaid: a.m[mGroups].estimate(n, 0, unit),
		PAR30:        a.m[mPAR].estimate(n, 0, unit),
		CoverRate:    a.m[mCover].estimate(n, 0, unit),
		Covers:       a.m[mCovers].estimate(n, 0, bounds{lo: unit.lo, hi: ratInt(int64(inst))}),
		MissRate:     a.m[mMiss].estimate(n, 0, unit),
		LossRate:     a.m[mLoss].estimate(n, 0, unit),
		Yield:        a.m[mYield].estimate(n, -1, aboveLoss),
		Excluded:     make([]Estimate, len(a.excluded)),
	}
	for k := range a.excluded {
		s.Excluded[k] = a.excluded[k].estimate(n, 0, unit)
	}
	return s
}

func (o Options) check(m *model) error {
	switch {
	case o.Trials < 1:
		return bad("trials", "run at least 1 trial, got "+strconv.Itoa(o.Trials))
	case o.Trials > MaxTrials:
		return bad("trials", "at most "+strconv.FormatInt(MaxTrials, 10)+" trials, got "+strconv.Itoa(o.Trials))
	case o.Workers < 0:
		return bad("workers", "cannot be negative, got "+strconv.Itoa(o.Workers))
	}
	// every sum over the run fits in int64, every sum of squares in 128 bits
	if hi, lo := bits.Mul64(uint64(o.Trials), uint64(m.maxDue)); hi != 0 || lo > 1<<62 {
		return bad("trials", strconv.Itoa(o.Trials)+" trials could owe more than 2^62 minor units in all; run fewer and merge the results")
	}
	return nil
}

// chunkSize is the number of trials a worker takes at a time: about 8192
// member-cycles. Since every trial has its own random stream, it changes
// nothing in the results.
func (m *model) chunkSize() int {
	return max(1, min(512, 8192/max(1, m.seats*m.cycles)))
}

// Run simulates cfg for opt.Trials trials and returns the summary. It
// checks cfg and opt fully first and returns a *ConfigError (wrapping
// ErrInvalid) before anything runs; it returns ctx's error if ctx ends
// first, and Options.Trial's error if that stops the run.
//
// Trials are split in fixed chunks that the workers take in turn; each
// trial draws from its own stream derived from (Seed, trial index), and the
// sums are exact integers merged in chunk order, so the summary and the
// trials passed to Options.Trial are the same whatever the number of
// workers or CPUs.
func Run(ctx context.Context, cfg Config, opt Options) (Summary, error) {
	m, err := compile(cfg)
	if err != nil {
		return Summary{}, err
	}
	if err := opt.check(m); err != nil {
		return Summary{}, err
	}
	total := newAccum(m.cycles)
	if err := m.run(ctx, opt, total); err != nil {
		return Summary{}, err
	}
	return total.summary(opt, m.cur, m.inst), nil
}

// chunk is the result of one chunk of trials.
type chunk struct {
	acc    *accum
	trials []Trial // kept only when Options.Trial is set
}

// run runs every trial of opt into total. Worker w takes chunks w, w+W,
// w+2W, ...; the caller's goroutine merges chunk 0, 1, 2, ... in order,
// reading each from its worker. Each worker owns two chunk buffers that
// circulate, so memory is bounded by the number of workers.
func (m *model) run(ctx context.Context, opt Options, total *accum) error {
	size := m.chunkSize()
	chunks := (opt.Trials + size - 1) / size
	workers := opt.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, chunks))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	keep := opt.Trial != nil
	done := make([]chan *chunk, workers)
	free := make([]chan *chunk, workers)
	var wg sync.WaitGroup
	for w := range workers {
		done[w] = make(chan *chunk, 1)
		free[w] = make(chan *chunk, 2)
		for range 2 {
			c := &chunk{acc: newAccum(m.cycles)}
			if keep {
				c.trials = make([]Trial, size)
				ex := make([]int, size*m.cycles)
				for i := range c.trials {
					c.trials[i].Excluded = ex[i*m.cycles : i*m.cycles : (i+1)*m.cycles]
				}
			}
			free[w] <- c
		}
		wg.Go(func() {
			s := newSim(m)
			var one Trial
			one.Excluded = make([]int, 0, m.cycles)
			for k := w; k < chunks; k += workers {
				var c *chunk
				select {
				case c = <-free[w]:
				case <-ctx.Done():
					return
				}
				c.acc.reset()
				first, last := k*size, min((k+1)*size, opt.Trials)
				for i := first; i < last; i++ {
					t := &one
					if keep {
						t = &c.trials[i-first]
					}
					s.trial(opt.Seed, i, t)
					c.acc.observe(t, int64(m.seats))
				}
				if keep {
					c.trials = c.trials[:last-first]
				}
				select {
				case done[w] <- c:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	err := func() error {
		for k := range chunks {
			var c *chunk
			select {
			case c = <-done[k%workers]:
			case <-ctx.Done():
				return ctx.Err()
			}
			total.merge(c.acc)
			if keep {
				for i := range c.trials {
					if err := opt.Trial(c.trials[i]); err != nil {
						return err
					}
				}
				c.trials = c.trials[:cap(c.trials)]
			}
			free[k%workers] <- c
			if opt.Progress != nil {
				opt.Progress(min((k+1)*size, opt.Trials), opt.Trials)
			}
		}
		return nil
	}()
	cancel()
	wg.Wait()
	return err
}

func ratInt(v int64) *big.Rat { return big.NewRat(v, 1) }
