package groups

import (
	"encoding"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

type worded interface {
	encoding.TextMarshaler
	String() string
}

// TestWords: every enum writes and reads its words, and refuses others.
func TestWords(t *testing.T) {
	type pair struct {
		v    worded
		back encoding.TextUnmarshaler
		want []string
	}
	for _, p := range []pair{
		{Status(0), new(Status), []string{"forming", "active", "suspended", "closed"}},
		{Reason(0), new(Reason), []string{"left-over", "small-area", "same-household", "too-far"}},
		{Rule(0), new(Rule), []string{"equal", "pro-rata", "leader-first"}},
		{FundUse(0), new(FundUse), []string{"none", "first", "last"}},
		{Basis(0), new(Basis), []string{"own", "group", "own-and-group"}},
		{LateAction(0), new(LateAction), []string{"hold", "step-down"}},
		{Move(0), new(Move), []string{"hold", "step-up", "step-down", "suspend"}},
		{EndAction(0), new(EndAction), []string{"carry-over", "refund"}},
	} {
		for _, w := range p.want {
			require.NoError(t, p.back.UnmarshalText([]byte(w)), w)
			b, err := p.back.(encoding.TextMarshaler).MarshalText()
			require.NoError(t, err)
			require.Equal(t, w, string(b))
			require.Equal(t, w, p.back.(worded).String())
		}
		err := p.back.UnmarshalText([]byte("nonsense"))
		require.ErrorIs(t, err, ErrInvalidPolicy)
	}
	_, err := Reason(9).MarshalText()
	require.Error(t, err)
	require.Equal(t, "reason(9)", Reason(9).String())
	require.Equal(t, "rule(7)", Rule(7).String())
	require.Equal(t, "none", Ceiling{}.String())
	require.Equal(t, "Rp2.000", UpTo(rp(2000)).String())
}

func TestAccessors(t *testing.T) {
	g := pilotGroup(t)
	require.Equal(t, Policy{}, g.Policy())
	ms := g.Members()
	ms[0].Member = "changed"
	require.Equal(t, "MKM-01", string(g.Members()[0].Member), "Members returns a copy")
	require.False(t, g.CycleOpen())
	require.EqualError(t, &RecordError{Index: 2, Reason: "max days late cannot be negative"}, "groups: cycle record 2: max days late cannot be negative")
	require.True(t, errors.Is(&RecordError{}, ErrInvalidRecord))
	require.EqualError(t, &UnmetError{Candidates: 3, Largest: 3, Min: 5}, "groups: 3 candidates cannot make a group of at least 5")
	require.EqualError(t, &CandidateError{Member: "X", Reason: "no household", Err: ErrInvalidCandidate}, `groups: candidate "X": no household`)
}
