package wide

import (
	"math"
	"testing"
)

func TestMulDivRounding(t *testing.T) {
	for _, c := range []struct {
		a, b, c, step int64
		m             Mode
		want          int64
		ok            bool
	}{
		{25000, 1, 6, 100, Up, 4200, true},                  // Mekarmukti: 4.166,67 up to 100
		{25000, 1, 6, 100, HalfEven, 4200, true},            // 41,67 hundreds to 42
		{250, 1, 1, 100, HalfEven, 200, true},               // tie to even
		{350, 1, 1, 100, HalfEven, 400, true},               // tie to even
		{250, 1, 1, 100, HalfUp, 300, true},                 // tie away from zero
		{250, 1, 1, 100, HalfDown, 200, true},               // tie toward zero
		{-250, 1, 1, 100, Ceiling, -200, true},              // toward +inf
		{-250, 1, 1, 100, Floor, -300, true},                // toward -inf
		{-250, 1, 1, 100, Up, -300, true},                   // away from zero
		{-250, 1, 1, 100, Down, -200, true},                 // toward zero
		{math.MaxInt64, 3, 3, 1, Down, math.MaxInt64, true}, // 128-bit intermediate
		{math.MaxInt64, 2, 1, 1, Down, 0, false},            // result overflows
		{1, 1, 0, 1, Down, 0, false},                        // divide by zero
		{1, 1, 1, 0, Down, 0, false},                        // no step
	} {
		got, ok := MulDiv(c.a, c.b, c.c, c.step, c.m)
		if got != c.want || ok != c.ok {
			t.Errorf("MulDiv(%d,%d,%d,step %d,mode %d) = %d,%v; want %d,%v", c.a, c.b, c.c, c.step, c.m, got, ok, c.want, c.ok)
		}
	}
}

func TestRatio(t *testing.T) {
	a, _ := MakeRatio(18, 100)
	b, _ := MakeRatio(1, 12)
	p, ok := a.Mul(b)
	if !ok || p != (Ratio{3, 200}) {
		t.Errorf("18%% / 12 = %v, want 3/200", p)
	}
	s, ok := a.Add(b)
	if !ok || s != (Ratio{79, 300}) {
		t.Errorf("9/50 + 1/12 = %v, want 79/300", s)
	}
	if _, ok := MakeRatio(1, 0); ok {
		t.Error("a zero denominator was accepted")
	}
	if _, ok := (Ratio{math.MaxInt64, 1}).Add(Ratio{1, 1}); ok {
		t.Error("an overflowing sum was accepted")
	}
	if _, ok := Add(math.MaxInt64, 1); ok {
		t.Error("Add overflow was accepted")
	}
	if _, ok := Sub(math.MinInt64+1, 2); ok {
		t.Error("Sub overflow was accepted")
	}
	if _, ok := Mul(math.MaxInt64, 2); ok {
		t.Error("Mul overflow was accepted")
	}
}
