package simulate

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
)

// TrialWriter writes trials as CSV, one row per trial, amounts in minor
// units: pass its Write as Options.Trial to stream a run's trials to a file.
// The header is written with the first trial.
type TrialWriter struct {
	w      *csv.Writer
	header bool
	row    []string
}

// NewTrialWriter returns a TrialWriter on w.
func NewTrialWriter(w io.Writer) *TrialWriter { return &TrialWriter{w: csv.NewWriter(w)} }

var trialColumns = []string{
	"trial", "member_cycles", "group_cycles", "groups_repaid", "installments", "misses", "covers",
	"principal", "due", "on_time", "covered", "fund_used", "recovered", "unpaid", "at_risk",
}

// Write writes one trial.
func (tw *TrialWriter) Write(t Trial) error {
	if !tw.header {
		h := append([]string(nil), trialColumns...)
		for c := range t.Excluded {
			h = append(h, "excluded_"+strconv.Itoa(c+1))
		}
		if err := tw.w.Write(h); err != nil {
			return err
		}
		tw.header = true
	}
	c := t.Counts
	r := append(tw.row[:0], strconv.Itoa(t.Index))
	for _, v := range [...]int64{c.MemberCycles, c.GroupCycles, c.GroupsRepaid, c.Installments, c.Misses, c.Covers,
		c.Principal, c.Due, c.OnTime, c.Covered, c.FundUsed, c.Recovered, c.Unpaid, c.AtRisk} {
		r = append(r, strconv.FormatInt(v, 10))
	}
	for _, x := range t.Excluded {
		r = append(r, strconv.Itoa(x))
	}
	tw.row = r
	return tw.w.Write(r)
}

// Flush writes out what is buffered and reports any write error.
func (tw *TrialWriter) Flush() error {
	tw.w.Flush()
	return tw.w.Error()
}

// fixed formats a rate with 6 decimals: deterministic, since every rate is
// computed exactly before it is rounded to a float64.
func fixed(v float64) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	return strconv.FormatFloat(v, 'f', 6, 64)
}

// metric is a named estimate of a summary, for tables and CSV.
type metric struct {
	name string
	get  func(*Summary) Estimate
}

var metrics = []metric{
	{"repayment", func(s *Summary) Estimate { return s.Repayment }},
	{"on_time", func(s *Summary) Estimate { return s.OnTime }},
	{"groups_repaid", func(s *Summary) Estimate { return s.GroupsRepaid }},
	{"par30", func(s *Summary) Estimate { return s.PAR30 }},
	{"cover_rate", func(s *Summary) Estimate { return s.CoverRate }},
	{"covers_per_loan", func(s *Summary) Estimate { return s.Covers }},
	{"miss_rate", func(s *Summary) Estimate { return s.MissRate }},
	{"loss_rate", func(s *Summary) Estimate { return s.LossRate }},
	{"yield", func(s *Summary) Estimate { return s.Yield }},
	{"excluded_last_cycle", func(s *Summary) Estimate {
		if len(s.Excluded) == 0 {
			return Estimate{}
		}
		return s.Excluded[len(s.Excluded)-1]
	}},
}

// WriteCSV writes the sweep as CSV: one row per point and liability rule,
// each rate with its 95% interval (6 decimals).
func (r SweepResult) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	h := []string{"param", "x", "liability", "trials", "seed"}
	for _, m := range metrics {
		h = append(h, m.name, m.name+"_low", m.name+"_high")
	}
	if err := cw.Write(h); err != nil {
		return err
	}
	for _, row := range r.Rows {
		for _, l := range [...]Liability{Individual, Joint} {
			s := &row.Joint
			if l == Individual {
				s = &row.Individual
			}
			rec := []string{r.Param, row.X, l.String(), strconv.Itoa(s.Trials), strconv.FormatUint(s.Seed, 10)}
			for _, m := range metrics {
				e := m.get(s)
				rec = append(rec, fixed(e.Value), fixed(e.Low), fixed(e.High))
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteText writes the summary as a small table, one rate per line with its
// 95% interval.
func (s Summary) WriteText(w io.Writer) error {
	b := []byte("trials " + strconv.Itoa(s.Trials) + ", seed " + strconv.FormatUint(s.Seed, 10) + ", " +
		strconv.FormatInt(s.Totals.MemberCycles, 10) + " loans\n")
	for _, m := range metrics {
		e := m.get(&s)
		b = append(b, m.name...)
		for range 20 - len(m.name) {
			b = append(b, ' ')
		}
		b = append(b, e.String()...)
		b = append(b, '\n')
	}
	_, err := w.Write(b)
	return err
}
