package money_test

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/ip2p/koperasi/money"
)

func ExampleRupiah() {
	fmt.Println(money.Rupiah(4200))
	fmt.Println(money.Rupiah(125000))
	fmt.Println(money.Rupiah(-1500))
	fmt.Println(money.USD.Amount(123456))
	// Output:
	// Rp4.200
	// Rp125.000
	// -Rp1.500
	// US$1.234,56
}

func ExampleAmount_String() {
	sen, _ := money.NewCurrency("IDR", 2) // rupiah kept in sen, to compare with a bank
	a := sen.Amount(416667)
	text, _ := a.MarshalText()
	fmt.Println(a.String())
	fmt.Println(string(text))
	// Output:
	// Rp4.166,67
	// IDR/2 4166.67
}

// The Mekarmukti installment: Rp25.000 in 6 daily installments, rounded up
// to the next Rp100. The Rp200 the member pays in excess is made explicit.
func ExampleRounding_MulDiv() {
	principal := money.Rupiah(25000)
	up100 := money.Rounding{Step: 100, Mode: money.Up}
	installment, err := up100.MulDiv(principal, 1, 6)
	if err != nil {
		panic(err)
	}
	total, _ := installment.Mul(6)
	excess, _ := total.Sub(principal)
	fmt.Println("installment:", installment)
	fmt.Println("paid in all:", total)
	fmt.Println("excess:", excess)
	// Output:
	// installment: Rp4.200
	// paid in all: Rp25.200
	// excess: Rp200
}

// Split a group's repayment among its lenders in proportion to what each
// funded: the parts always add up to the whole.
func ExampleAllocate() {
	parts, err := money.Allocate(money.Rupiah(100), []int64{1, 1, 1})
	if err != nil {
		panic(err)
	}
	fmt.Println(parts)

	funded := []int64{100000, 25000, 25000} // rupiah each lender put in
	parts, _ = money.Allocate(money.Rupiah(4201), funded)
	fmt.Println(parts)
	// Output:
	// [Rp34 Rp33 Rp33]
	// [Rp2.801 Rp700 Rp700]
}

// The odd rupiah goes to a different lender each time when the caller
// rotates tieStart.
func ExampleAppendAllocate() {
	buf := make([]money.Amount, 0, 3)
	for day := range 3 {
		buf, _ = money.AppendAllocate(buf[:0], money.Rupiah(100), []int64{1, 1, 1}, day)
		fmt.Println(buf)
	}
	// Output:
	// [Rp34 Rp33 Rp33]
	// [Rp33 Rp34 Rp33]
	// [Rp33 Rp33 Rp34]
}

func ExampleParseRate() {
	for _, s := range []string{"18%", "0,1% per hari", "2% per bulan", "1/3 per term", "18% p.a."} {
		r, err := money.ParseRate(s)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-16q %-13v = %d/%d\n", s, r, r.Num(), r.Den())
	}
	_, err := money.ParseRate("-18%")
	fmt.Println(errors.Is(err, money.ErrInvalidRate))
	// Output:
	// "18%"            18% per year  = 9/50
	// "0,1% per hari"  0.1% per day  = 1/1000
	// "2% per bulan"   2% per month  = 1/50
	// "1/3 per term"   1/3 per term  = 1/3
	// "18% p.a."       18% per year  = 9/50
	// true
}

func ExampleFromDecimal() {
	a, err := money.FromDecimal(decimal.RequireFromString("1234.56"), money.USD)
	fmt.Println(a, err)

	_, err = money.FromDecimal(decimal.RequireFromString("4166.67"), money.IDR)
	fmt.Println(errors.Is(err, money.ErrInexact))

	// round first, with the rule you mean, then convert
	r := decimal.RequireFromString("4166.67").RoundUp(-2)
	a, err = money.FromDecimal(r, money.IDR)
	fmt.Println(a, err)
	// Output:
	// US$1.234,56 <nil>
	// true
	// Rp4.200 <nil>
}

func ExampleParse() {
	for _, s := range []string{"Rp4.200", "-Rp1.500", "IDR 25000", "US$1.234,56"} {
		a, err := money.Parse(s)
		if err != nil {
			panic(err)
		}
		fmt.Println(a.Currency(), a.Minor())
	}
	_, err := money.Parse("Rp4.20")
	fmt.Println(err)
	// Output:
	// IDR 4200
	// IDR -1500
	// IDR 25000
	// USD 123456
	// money: cannot read amount "Rp4.20": thousands groups are separated by '.' in threes
}
