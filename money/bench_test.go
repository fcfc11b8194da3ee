package money_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/money"
)

// sinks keep the compiler from dropping benchmarked work.
var (
	sinkAmount  money.Amount
	sinkAmounts []money.Amount
	sinkBytes   []byte
	sinkString  string
	sinkRate    money.Rate
)

var fiveWeights = []int64{100000, 25000, 25000, 50000, 75000}

// TestAppendAllocateNoAllocs: the hot-loop form allocates nothing when the
// buffer has room, which lender payouts over thousands of installments rely on.
func TestAppendAllocateNoAllocs(t *testing.T) {
	buf := make([]money.Amount, 0, len(fiveWeights))
	allocs := testing.AllocsPerRun(100, func() {
		var err error
		buf, err = money.AppendAllocate(buf[:0], money.Rupiah(25201), fiveWeights, 3)
		if err != nil {
			panic(err)
		}
	})
	require.Zero(t, allocs)
	require.Len(t, buf, 5)

	// and up to 32 weights, the stack buffer's size
	w32 := make([]int64, 32)
	for i := range w32 {
		w32[i] = int64(i + 1)
	}
	buf32 := make([]money.Amount, 0, 32)
	allocs = testing.AllocsPerRun(100, func() {
		buf32, _ = money.AppendAllocate(buf32[:0], money.Rupiah(1_000_003), w32, 0)
	})
	require.Zero(t, allocs)
}

func TestHotPathsNoAllocs(t *testing.T) {
	b := make([]byte, 0, 32)
	up100 := money.Rounding{Step: 100, Mode: money.Up}
	a, c := money.Rupiah(4200), money.Rupiah(800)
	allocs := testing.AllocsPerRun(100, func() {
		b = money.Rupiah(-1234567).AppendFormat(b[:0])
		sinkAmount, _ = a.Add(c)
		sinkAmount, _ = up100.MulDiv(money.Rupiah(25000), 1, 6)
	})
	require.Zero(t, allocs)
	require.Equal(t, "-Rp1.234.567", string(b))
}

func BenchmarkAmountAdd(b *testing.B) {
	b.ReportAllocs()
	x, y := money.Rupiah(4200), money.Rupiah(800)
	for b.Loop() {
		sinkAmount, _ = x.Add(y)
	}
}

func BenchmarkRoundingMulDiv(b *testing.B) {
	b.ReportAllocs()
	up100 := money.Rounding{Step: 100, Mode: money.Up}
	p := money.Rupiah(25000)
	for b.Loop() {
		sinkAmount, _ = up100.MulDiv(p, 1, 6)
	}
}

func BenchmarkRoundingMulDivWide(b *testing.B) {
	b.ReportAllocs()
	he := money.Rounding{Step: 1, Mode: money.HalfEven}
	p := money.Rupiah(3e18)
	for b.Loop() {
		sinkAmount, _ = he.MulDiv(p, 5, 7)
	}
}

func BenchmarkAllocate5(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkAmounts, _ = money.Allocate(money.Rupiah(25201), fiveWeights)
	}
}

func BenchmarkAppendAllocate5(b *testing.B) {
	b.ReportAllocs()
	buf := make([]money.Amount, 0, 5)
	for b.Loop() {
		buf, _ = money.AppendAllocate(buf[:0], money.Rupiah(25201), fiveWeights, 0)
	}
	sinkAmounts = buf
}

func BenchmarkAmountString(b *testing.B) {
	b.ReportAllocs()
	a := money.Rupiah(125000)
	for b.Loop() {
		sinkString = a.String()
	}
}

func BenchmarkAmountAppendFormat(b *testing.B) {
	b.ReportAllocs()
	a := money.Rupiah(125000)
	buf := make([]byte, 0, 32)
	for b.Loop() {
		buf = a.AppendFormat(buf[:0])
	}
	sinkBytes = buf
}

func BenchmarkAmountMarshalText(b *testing.B) {
	b.ReportAllocs()
	a := money.USD.Amount(123456)
	for b.Loop() {
		sinkBytes, _ = a.MarshalText()
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkAmount, _ = money.Parse("IDR 125000")
	}
}

func BenchmarkParseDisplay(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkAmount, _ = money.Parse("Rp125.000")
	}
}

func BenchmarkParseRate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkRate, _ = money.ParseRate("0,1% per hari")
	}
}
