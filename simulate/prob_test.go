package simulate

import (
	"encoding/json"
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestRatio(t *testing.T) {
	require.Equal(t, One, Ratio(1, 1))
	require.Equal(t, Prob(0), Ratio(0, 7))
	require.Equal(t, Prob(1<<31), Ratio(1, 2))
	require.Equal(t, Prob(1431655765), Ratio(1, 3))    // 1431655765.33 rounds down
	require.Equal(t, Prob(2863311531), Ratio(2, 3))    // 2863311530.67 rounds up
	require.Equal(t, Prob(4080218931), Ratio(95, 100)) // 4080218931.2
	require.Greater(t, Ratio(3, 2), One)
	require.False(t, Ratio(1, 0).valid())
	require.False(t, Ratio(1<<40, 1).valid())
	require.Equal(t, "invalid", Ratio(1, 0).String())
	require.Equal(t, "1.5", Ratio(3, 2).String())
}

func TestProbString(t *testing.T) {
	for _, s := range []string{"0", "1", "0.5", "0.95", "0.98", "0.8", "0.123456789", "0.001", "0.999999999"} {
		p, err := ParseProb(s)
		require.NoError(t, err)
		require.Equal(t, s, p.String())
	}
	for in, want := range map[string]string{"95%": "0.95", "19/20": "0.95", " 0.950 ": "0.95", "1/3": "0.3333333333", "100%": "1", "0/5": "0"} {
		p, err := ParseProb(in)
		require.NoError(t, err, in)
		require.Equal(t, want, p.String(), in)
	}
	for _, in := range []string{"", "x", "1.01", "-0.1", "101%", "1e-3", "0x10", "1/0", "NaN", "%"} {
		_, err := ParseProb(in)
		require.ErrorIs(t, err, ErrInvalid, in)
	}
}

// Every Prob prints as a decimal that reads back to it.
func TestProbRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := Prob(rapid.Uint64Range(0, uint64(One)).Draw(t, "p"))
		q, err := ParseProb(p.String())
		require.NoError(t, err)
		require.Equal(t, p, q, p.String())
		b, err := json.Marshal(p)
		require.NoError(t, err)
		var r Prob
		require.NoError(t, json.Unmarshal(b, &r))
		require.Equal(t, p, r)
	})
}

func TestTimes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := Prob(rapid.Uint64Range(0, uint64(One)).Draw(t, "p"))
		q := Prob(rapid.Uint64Range(0, uint64(One)).Draw(t, "q"))
		// the product rounded to the nearest 2^-32, halves up
		exact := new(big.Rat).Mul(p.Rat(), q.Rat())
		want := probOfRat(exact)
		require.Equal(t, want, p.Times(q))
		require.Equal(t, p.Times(q), q.Times(p))
		require.LessOrEqual(t, p.Times(q), min(p, q))
	})
	require.Equal(t, Ratio(76, 100), Ratio(95, 100).Times(Ratio(80, 100))) // rounding agrees here
}

func TestConfigJSON(t *testing.T) {
	for _, c := range []Config{Mekarmukti(), richConfig()} {
		b, err := json.Marshal(c)
		require.NoError(t, err)
		var back Config
		require.NoError(t, json.Unmarshal(b, &back), string(b))
		b2, err := json.Marshal(back)
		require.NoError(t, err)
		require.JSONEq(t, string(b), string(b2))
		if diff := cmp.Diff(c.Types, back.Types); diff != "" {
			t.Error(diff)
		}
		require.Equal(t, c.Validate(), back.Validate())
	}
	var c Config
	require.ErrorIs(t, json.Unmarshal([]byte(`{"types":[{"share":"1","repay":"1.5"}]}`), &c), ErrInvalid)
	require.ErrorIs(t, json.Unmarshal([]byte(`{"liability":"collective"}`), &c), ErrInvalid)
}
