package simulate

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"math/big"
	"strconv"
)

// WriteSVG draws the sweep's repayment rate against its parameter as an SVG
// line chart: one line for individual and one for joint liability, each
// point with its 95% interval as a whisker. The chart is written by hand
// with exact arithmetic (coordinates are rounded from rationals), so the
// same result gives the same bytes on every platform.
func (r SweepResult) WriteSVG(w io.Writer, title string) error {
	c := chart{title: title, xlabel: r.Param, ylabel: "share of what fell due that the lender collected"}
	if p, err := ParseParam(r.Param); err == nil {
		c.xlabel = paramLabels[p]
	}
	ind := series{name: "individual liability", color: "#c2410c", dash: "6 4"}
	joint := series{name: "joint liability (tanggung renteng)", color: "#15803d"}
	for _, row := range r.Rows {
		x, ok := parseX(row.X)
		if !ok {
			return bad("x", strconv.Quote(row.X)+" is not a number")
		}
		ind.add(x, row.Individual.Repayment)
		joint.add(x, row.Joint.Repayment)
	}
	c.series = []series{ind, joint}
	return c.write(w)
}

// paramLabels are the axis labels of Vary's parameters.
var paramLabels = [...]string{
	ParamRepay:           "probability that a member pays an installment",
	ParamFollowUp:        "probability that follow-up recovers a missed installment",
	ParamVillageChance:   "chance of a village shock",
	ParamVillageSeverity: "village shock: multiplier on the probability of paying",
	ParamGroupChance:     "chance of a group shock",
	ParamGroupSeverity:   "group shock: multiplier on the probability of paying",
	ParamGroupSize:       "members per group",
	ParamGroups:          "groups per village",
	ParamCycles:          "loan cycles",
	ParamPeersPerMeeting: "installments a member can cover per meeting",
	ParamPeersPerCycle:   "installments a member can cover per cycle",
	ParamFund:            "group fund contribution per meeting (minor units)",
}

type chartPoint struct{ x, y, lo, hi *big.Rat }

type series struct {
	name, color, dash string
	pts               []chartPoint
}

// add appends an estimate; a rate without a value (no trials) is left out.
func (s *series) add(x *big.Rat, e Estimate) {
	if math.IsNaN(e.Value) {
		return
	}
	p := chartPoint{x: x, y: new(big.Rat).SetFloat64(e.Value)}
	if !math.IsNaN(e.Low) && !math.IsNaN(e.High) {
		p.lo, p.hi = new(big.Rat).SetFloat64(e.Low), new(big.Rat).SetFloat64(e.High)
	}
	s.pts = append(s.pts, p)
}

type chart struct {
	title, xlabel, ylabel string
	series                []series
}

// The canvas, in pixels.
const (
	svgW, svgH             = 640, 400
	padL, padR, padT, padB = 72, 24, 44, 56
	plotW, plotH           = svgW - padL - padR, svgH - padT - padB
)

// axis is a range with round ticks.
type axis struct {
	lo, hi, step *big.Rat
	decimals     int
}

// niceAxis covers [a, b] with about five ticks at 1, 2 or 5 times a power
// of ten.
func niceAxis(a, b *big.Rat) axis {
	a, b = new(big.Rat).Set(a), new(big.Rat).Set(b)
	if a.Cmp(b) == 0 {
		d := big.NewRat(1, 100)
		if a.Sign() != 0 {
			d.Abs(a).Mul(d, big.NewRat(1, 10))
		}
		a.Sub(a, d)
		b.Add(b, d)
	}
	raw := new(big.Rat).Sub(b, a)
	raw.Quo(raw, big.NewRat(5, 1))
	p := big.NewRat(1, 1)
	ten := big.NewRat(10, 1)
	decimals := 0
	for p.Cmp(raw) > 0 {
		p.Quo(p, ten)
		decimals++
	}
	for new(big.Rat).Mul(p, ten).Cmp(raw) <= 0 {
		p.Mul(p, ten)
		decimals--
	}
	step := new(big.Rat)
	for _, m := range []int64{1, 2, 5, 10} {
		step.Mul(p, big.NewRat(m, 1))
		if step.Cmp(raw) >= 0 {
			if m == 10 {
				decimals--
			}
			break
		}
	}
	floor := func(x *big.Rat) *big.Rat {
		q := new(big.Rat).Quo(x, step)
		n := new(big.Int).Div(q.Num(), q.Denom()) // Euclidean: floor for a positive denominator
		return new(big.Rat).Mul(new(big.Rat).SetInt(n), step)
	}
	lo := floor(a)
	hi := floor(b)
	if hi.Cmp(b) < 0 {
		hi.Add(hi, step)
	}
	return axis{lo: lo, hi: hi, step: step, decimals: max(decimals, 0)}
}

// at maps v to the pixel range [from, from+size] (reversed when flip).
func (a axis) at(v *big.Rat, from, size int64, flip bool) string {
	f := new(big.Rat).Sub(v, a.lo)
	f.Quo(f, new(big.Rat).Sub(a.hi, a.lo))
	if flip {
		f.Sub(big.NewRat(1, 1), f)
	}
	f.Mul(f, big.NewRat(size, 1))
	f.Add(f, big.NewRat(from, 1))
	return f.FloatString(1)
}

func (a axis) ticks() []*big.Rat {
	var out []*big.Rat
	for v := new(big.Rat).Set(a.lo); v.Cmp(a.hi) <= 0; v = new(big.Rat).Add(v, a.step) {
		out = append(out, v)
	}
	return out
}

func (c chart) write(w io.Writer) error {
	var xs, ys []*big.Rat
	for _, s := range c.series {
		for _, p := range s.pts {
			xs = append(xs, p.x)
			ys = append(ys, p.y)
			if p.lo != nil {
				ys = append(ys, p.lo, p.hi)
			}
		}
	}
	xa := niceAxis(extent(xs, big.NewRat(0, 1), big.NewRat(1, 1)))
	ya := niceAxis(extent(ys, big.NewRat(0, 1), big.NewRat(1, 1)))
	var b bytes.Buffer
	text := func(s string) {
		_ = xml.EscapeText(&b, []byte(s)) // writes to a bytes.Buffer: cannot fail
	}
	px := func(v *big.Rat) string { return xa.at(v, padL, plotW, false) }
	py := func(v *big.Rat) string { return ya.at(v, padT, plotH, true) }
	i := func(v int) string { return strconv.Itoa(v) }

	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="` + i(svgW) + `" height="` + i(svgH) + `" viewBox="0 0 ` + i(svgW) + " " + i(svgH) + `" font-family="sans-serif" font-size="12">` + "\n")
	b.WriteString(`<rect width="` + i(svgW) + `" height="` + i(svgH) + `" fill="white"/>` + "\n")
	b.WriteString(`<text x="` + i(svgW/2) + `" y="24" text-anchor="middle" font-size="15">`)
	text(c.title)
	b.WriteString("</text>\n")
	// grid, ticks and labels
	left, right, top, bottom := i(padL), i(padL+plotW), i(padT), i(padT+plotH)
	for _, v := range ya.ticks() {
		y := py(v)
		b.WriteString(`<line x1="` + left + `" y1="` + y + `" x2="` + right + `" y2="` + y + `" stroke="#e5e7eb"/>` + "\n")
		b.WriteString(`<line x1="` + i(padL-5) + `" y1="` + y + `" x2="` + left + `" y2="` + y + `" stroke="black"/>` + "\n")
		b.WriteString(`<text x="` + i(padL-8) + `" y="` + y + `" text-anchor="end" dominant-baseline="middle">` + v.FloatString(ya.decimals) + "</text>\n")
	}
	for _, v := range xa.ticks() {
		x := px(v)
		b.WriteString(`<line x1="` + x + `" y1="` + top + `" x2="` + x + `" y2="` + bottom + `" stroke="#e5e7eb"/>` + "\n")
		b.WriteString(`<line x1="` + x + `" y1="` + bottom + `" x2="` + x + `" y2="` + i(padT+plotH+5) + `" stroke="black"/>` + "\n")
		b.WriteString(`<text x="` + x + `" y="` + i(padT+plotH+19) + `" text-anchor="middle">` + v.FloatString(xa.decimals) + "</text>\n")
	}
	b.WriteString(`<line x1="` + left + `" y1="` + bottom + `" x2="` + right + `" y2="` + bottom + `" stroke="black"/>` + "\n")
	b.WriteString(`<line x1="` + left + `" y1="` + top + `" x2="` + left + `" y2="` + bottom + `" stroke="black"/>` + "\n")
	b.WriteString(`<text x="` + i(padL+plotW/2) + `" y="` + i(svgH-14) + `" text-anchor="middle">`)
	text(c.xlabel)
	b.WriteString("</text>\n")
	b.WriteString(`<text x="18" y="` + i(padT+plotH/2) + `" text-anchor="middle" transform="rotate(-90 18 ` + i(padT+plotH/2) + `)">`)
	text(c.ylabel)
	b.WriteString("</text>\n")
	// series: interval whiskers, the line, the points
	for _, s := range c.series {
		dash := ""
		if s.dash != "" {
			dash = ` stroke-dasharray="` + s.dash + `"`
		}
		for _, p := range s.pts {
			if p.lo == nil {
				continue
			}
			x := px(p.x)
			b.WriteString(`<line x1="` + x + `" y1="` + py(p.lo) + `" x2="` + x + `" y2="` + py(p.hi) + `" stroke="` + s.color + `" stroke-opacity="0.6"/>` + "\n")
		}
		b.WriteString(`<polyline fill="none" stroke="` + s.color + `" stroke-width="2"` + dash + ` points="`)
		for k, p := range s.pts {
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(px(p.x) + "," + py(p.y))
		}
		b.WriteString(`"/>` + "\n")
		for _, p := range s.pts {
			b.WriteString(`<circle cx="` + px(p.x) + `" cy="` + py(p.y) + `" r="3" fill="` + s.color + `"/>` + "\n")
		}
	}
	// legend, bottom right inside the plot
	// about 7 pixels a character at 12 px
	longest := 0
	for _, s := range c.series {
		longest = max(longest, len(s.name))
	}
	lw := 54 + 7*longest
	lx, ly := padL+plotW-10-lw, padT+plotH-12-20*len(c.series)
	b.WriteString(`<rect x="` + i(lx) + `" y="` + i(ly) + `" width="` + i(lw) + `" height="` + i(8+20*len(c.series)) + `" fill="white" fill-opacity="0.9" stroke="#9ca3af"/>` + "\n")
	for k, s := range c.series {
		y := ly + 14 + 20*k
		dash := ""
		if s.dash != "" {
			dash = ` stroke-dasharray="` + s.dash + `"`
		}
		b.WriteString(`<line x1="` + i(lx+8) + `" y1="` + i(y) + `" x2="` + i(lx+38) + `" y2="` + i(y) + `" stroke="` + s.color + `" stroke-width="2"` + dash + "/>\n")
		b.WriteString(`<text x="` + i(lx+46) + `" y="` + i(y) + `" dominant-baseline="middle">`)
		text(s.name)
		b.WriteString("</text>\n")
	}
	b.WriteString("</svg>\n")
	_, err := w.Write(b.Bytes())
	return err
}

// extent is the smallest and largest of vs, or the defaults when vs is
// empty.
func extent(vs []*big.Rat, lo, hi *big.Rat) (*big.Rat, *big.Rat) {
	if len(vs) == 0 {
		return lo, hi
	}
	lo, hi = vs[0], vs[0]
	for _, v := range vs[1:] {
		if v.Cmp(lo) < 0 {
			lo = v
		}
		if v.Cmp(hi) > 0 {
			hi = v
		}
	}
	return lo, hi
}
