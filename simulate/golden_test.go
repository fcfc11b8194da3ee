package simulate

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestGoldenTrials pins every trial of a small run of the rich design: any
// change to the order of draws, the cover, the fund, the ladder or the
// accounting shows up here as a diff.
func TestGoldenTrials(t *testing.T) {
	golden(t, "trials.csv", output(t, richConfig(), Options{Trials: 25, Seed: 2024}))
}

func goldenSweep(t *testing.T) SweepResult {
	s, err := Vary(Mekarmukti(), ParamRepay, "0.85", "0.9", "0.95", "0.99")
	require.NoError(t, err)
	r, err := RunSweep(context.Background(), s, Options{Trials: 200, Seed: 1})
	require.NoError(t, err)
	return r
}

func TestGoldenSweepCSV(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, goldenSweep(t).WriteCSV(&b))
	golden(t, "sweep.csv", b.Bytes())
}

func TestGoldenSweepSVG(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, goldenSweep(t).WriteSVG(&b, "Mekarmukti: repayment <by> liability & rule"))
	golden(t, "sweep.svg", b.Bytes())
	// well-formed, with both lines and the escaped title
	d := xml.NewDecoder(bytes.NewReader(b.Bytes()))
	lines := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "polyline" {
			lines++
		}
	}
	require.Equal(t, 2, lines)
	require.Contains(t, b.String(), "&lt;by&gt; liability &amp; rule")
}

func TestSVGAxes(t *testing.T) {
	for _, c := range []struct {
		a, b       string
		lo, hi, st string
		decimals   int
	}{
		{"0.8", "0.99", "4/5", "1", "1/20", 2},
		{"0.9", "1", "9/10", "1", "1/50", 2},
		{"3", "20", "0", "20", "5", 0},
		{"0.95", "0.95", "17/20", "21/20", "1/20", 2},
		{"0", "0", "-1/100", "1/100", "1/200", 3},
		{"-3", "7", "-4", "8", "2", 0},
		{"100", "1000", "0", "1000", "200", 0},
	} {
		a, _ := parseX(c.a)
		b, _ := parseX(c.b)
		ax := niceAxis(a, b)
		got := []string{ax.lo.RatString(), ax.hi.RatString(), ax.step.RatString()}
		require.Equal(t, []string{c.lo, c.hi, c.st}, got, "%s..%s", c.a, c.b)
		require.Equal(t, c.decimals, ax.decimals, "%s..%s", c.a, c.b)
	}
	// a sweep over whole numbers plots, and one without points still draws
	var b bytes.Buffer
	require.NoError(t, SweepResult{Param: "group-size"}.WriteSVG(&b, "empty"))
	require.Contains(t, b.String(), "members per group")
	require.Error(t, SweepResult{Param: "x", Rows: []SweepRow{{X: "one"}}}.WriteSVG(io.Discard, ""))
	require.True(t, strings.HasSuffix(b.String(), "</svg>\n"))
}
