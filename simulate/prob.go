package simulate

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// Prob is a probability in fixed point: the value p stands for exactly
// p/2^32, so One (2^32) is certainty and 0 is impossibility. Fixed point
// keeps every draw an integer comparison, so the same seed gives the same
// bytes on every platform. Values above One are not probabilities; Validate
// reports them.
//
// A decimal like 0.95 is not a multiple of 2^-32; Ratio and ParseProb round
// it to the nearest one (an error below 1.2e-10), and String prints the
// shortest decimal that rounds back to the same Prob, so "0.95" survives a
// round trip.
type Prob uint64

// One is certainty.
const One Prob = 1 << 32

// invalidProb is what Ratio returns for a ratio that is no probability.
const invalidProb Prob = math.MaxUint64

// Ratio is num/den rounded to the nearest multiple of 2^-32 (halves up).
// A zero denominator, or a ratio of 2^32 or more, gives a value that
// Validate reports; a ratio above 1 gives a value above One, also reported.
func Ratio(num, den uint64) Prob {
	if den == 0 {
		return invalidProb
	}
	hi, lo := num>>32, num<<32 // num * 2^32
	var c uint64
	lo, c = bits.Add64(lo, den/2, 0)
	hi += c
	if hi >= den {
		return invalidProb
	}
	q, _ := bits.Div64(hi, lo, den)
	return Prob(q)
}

// ParseProb reads a probability written as a decimal ("0.95"), a percentage
// ("95%") or a fraction ("19/20"), rounded to the nearest multiple of 2^-32.
func ParseProb(s string) (Prob, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSuffix(t, "%")
	bad := func(reason string) error {
		return &ConfigError{Field: "probability", Reason: strconv.Quote(s) + " " + reason}
	}
	if t == "" || strings.ContainsAny(t, "eEpP_") {
		return 0, bad("is not a number; write 0.95, 95% or 19/20")
	}
	r, ok := new(big.Rat).SetString(t)
	if !ok {
		return 0, bad("is not a number; write 0.95, 95% or 19/20")
	}
	if pct {
		r.Quo(r, big.NewRat(100, 1))
	}
	if r.Sign() < 0 || r.Cmp(big.NewRat(1, 1)) > 0 {
		return 0, bad("is not between 0 and 1")
	}
	return probOfRat(r), nil
}

// probOfRat rounds r (within [0, 1]) to the nearest Prob, halves up.
func probOfRat(r *big.Rat) Prob {
	n := new(big.Int).Lsh(r.Num(), 33)
	n.Add(n, r.Denom())
	n.Quo(n, new(big.Int).Lsh(r.Denom(), 1))
	return Prob(n.Uint64())
}

// Rat is the exact value of p.
func (p Prob) Rat() *big.Rat {
	return new(big.Rat).SetFrac(new(big.Int).SetUint64(uint64(p)), new(big.Int).Lsh(big.NewInt(1), 32))
}

// Float64 is p as a float, for display.
func (p Prob) Float64() float64 { return float64(p) / float64(One) }

// valid reports a probability: at most One.
func (p Prob) valid() bool { return p <= One }

// String is the shortest decimal that rounds back to p: "0.95", "1", "0".
func (p Prob) String() string {
	if p == invalidProb {
		return "invalid"
	}
	if p > One {
		return strings.TrimRight(strings.TrimRight(p.Rat().FloatString(10), "0"), ".")
	}
	pow := uint64(1)
	for d := 1; d <= 10; d++ {
		pow *= 10
		// v = p * 10^d / 2^32, rounded half up; p <= 2^32 keeps it below 2^35
		hi, lo := bits.Mul64(uint64(p), pow)
		var c uint64
		lo, c = bits.Add64(lo, 1<<31, 0)
		hi += c
		v := hi<<32 | lo>>32
		if Ratio(v, pow) == p {
			s := strconv.FormatUint(v, 10)
			if len(s) <= d {
				s = strings.Repeat("0", d-len(s)+1) + s
			}
			s = s[:len(s)-d] + "." + s[len(s)-d:]
			return strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
	}
	// unreachable: ten decimals are finer than 2^-33
	return p.Rat().FloatString(10)
}

// MarshalText writes String.
func (p Prob) MarshalText() ([]byte, error) {
	if !p.valid() {
		return nil, &ConfigError{Field: "probability", Reason: p.String() + " is not between 0 and 1"}
	}
	return []byte(p.String()), nil
}

// UnmarshalText reads what ParseProb reads.
func (p *Prob) UnmarshalText(b []byte) error {
	v, err := ParseProb(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Times is p×q rounded to the nearest multiple of 2^-32 (halves up): the
// probability of paying under a shock is the member's probability times the
// shock's severity. Both must be valid.
func (p Prob) Times(q Prob) Prob {
	switch {
	case p == One:
		return q
	case q == One:
		return p
	}
	// both below 2^32: the product and the half fit in 64 bits
	return Prob((uint64(p)*uint64(q) + 1<<31) >> 32)
}
