package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden output")

// TestOutput pins the study's table for a small seeded run, and checks the
// files it writes.
func TestOutput(t *testing.T) {
	dir := t.TempDir()
	var out, status bytes.Buffer
	require.NoError(t, run(context.Background(), &out, options{trials: 200, seed: 1, out: dir, status: &status}))
	golden := filepath.Join("testdata", "output.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./examples/simulation -update")
	if diff := cmp.Diff(string(want), out.String()); diff != "" {
		t.Errorf("output differs from %s (-want +got):\n%s", golden, diff)
	}
	require.Contains(t, status.String(), "normal: 100% (8000 of 8000 trials)")
	require.Contains(t, status.String(), "shock: 100%")

	for _, n := range files {
		b, err := os.ReadFile(filepath.Join(dir, n))
		require.NoError(t, err)
		switch {
		case strings.HasSuffix(n, ".svg"):
			d := xml.NewDecoder(bytes.NewReader(b))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else {
					require.NoError(t, err, n)
				}
			}
		case strings.HasPrefix(n, "sweep-"):
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			require.NoError(t, err, n)
			require.Len(t, rows, 1+2*20, n) // header, 20 probabilities x 2 rules
		default:
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			require.NoError(t, err, n)
			require.Len(t, rows, 1+200, n)
		}
	}
}

// The same seed writes the same files.
func TestSameSeedSameFiles(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	require.NoError(t, run(context.Background(), io.Discard, options{trials: 50, seed: 3, out: a}))
	require.NoError(t, run(context.Background(), io.Discard, options{trials: 50, seed: 3, out: b}))
	for _, n := range files {
		x, err := os.ReadFile(filepath.Join(a, n))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(b, n))
		require.NoError(t, err)
		require.Equal(t, string(x), string(y), n)
	}
}

func TestBadTrials(t *testing.T) {
	require.Error(t, run(context.Background(), io.Discard, options{trials: 0, seed: 1, out: t.TempDir()}))
}
