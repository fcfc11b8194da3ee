package lending

import (
	"fmt"
	"reflect"
	"strconv"
	"testing"

	"pgregory.net/rapid"
)

// TestPropertyDistributeInPlace: DistributeInPlace, on a record the caller
// owns and with one payout buffer reused throughout, makes the same records,
// payouts and errors as DistributePayout; a refused payout leaves its record
// unchanged; and DistributePayout never changes the record it is given.
func TestPropertyDistributeInPlace(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 12).Draw(t, "lenders")
		shares := make([]int64, n)
		var W int64
		for i := range shares {
			shares[i] = rapid.Int64Range(0, 20_000).Draw(t, "share")
			W += shares[i]
		}
		if W == 0 {
			shares[0], W = 1, 1
		}
		margin := rapid.Int64Range(0, W).Draw(t, "margin")
		l := poSynthetic(shares, margin)
		po, st := NewPaidOut(l), State{Loan: l.ID}
		own := po.Clone()
		var buf []LenderPayout
		for k := range rapid.IntRange(1, 30).Draw(t, "payouts") {
			// amounts up to a little more than what is left, so that some
			// payouts are refused
			c := rapid.Int64Range(0, W/4+2).Draw(t, "principal")
			m := rapid.Int64Range(0, margin/4+2).Draw(t, "margin collected")
			a := Allocation{Payment: Payment{ID: "P" + strconv.Itoa(k), Loan: l.ID, Date: poDay(2 + k/3)},
				LenderPrincipal: poRp(c), LenderMargin: poRp(m)}
			if rapid.IntRange(0, 9).Draw(t, "repeat") == 0 && len(st.Payments) > 0 {
				a.Payment = st.Payments[len(st.Payments)-1] // already distributed
			} else {
				st.Payments = append(st.Payments, a.Payment)
			}
			given := po.Clone()
			np, want, werr := DistributePayout(l, st, po, a)
			if !reflect.DeepEqual(given, po) {
				t.Fatalf("DistributePayout changed the record it was given:\n%+v\n%+v", given, po)
			}
			before := own.Clone()
			got, gerr := DistributeInPlace(&l, &st, &own, &a, buf)
			if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
				t.Fatalf("payout %d: DistributePayout error %v, DistributeInPlace error %v", k, werr, gerr)
			}
			if gerr != nil {
				if !reflect.DeepEqual(before, own) {
					t.Fatalf("a refused payout changed the record:\n%+v\n%+v", before, own)
				}
				st.Payments = st.Payments[:np.Payments] // drop the refused one
				continue
			}
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("payout %d: DistributePayout %+v, DistributeInPlace %+v", k, want, got)
			}
			if !reflect.DeepEqual(np, own) {
				t.Fatalf("record after payout %d: DistributePayout %+v, DistributeInPlace %+v", k, np, own)
			}
			buf = got.Lenders
			po = np
		}
	})
}

// ExampleDistributeInPlace pays the Mekarmukti loan's first two
// installments on to its lenders as a host that owns the payout record
// does at every meeting: the record is written over, and each payout is
// built in the same buffer (the second payout's parts replace the
// first's there). The odd rupiah between the two equal lenders goes to
// each in turn.
func ExampleDistributeInPlace() {
	l := poLoan(nil, "L-G1-M01", 10_000, 10_000, 5_000)
	st, po := NewState(l), NewPaidOut(l)
	var buf []LenderPayout
	for k, day := range []int{29, 30} {
		ns, a, _, err := Post(l, st, Payment{ID: "PAY-" + strconv.Itoa(k+1), Loan: l.ID, Date: poDay(day), Amount: poRp(4200)}, Servicing{})
		if err != nil {
			fmt.Println(err)
			return
		}
		st = ns
		out, err := DistributeInPlace(&l, &st, &po, &a, buf)
		if err != nil {
			fmt.Println(err)
			return
		}
		buf = out.Lenders
		for _, lp := range out.Lenders {
			fmt.Printf("%s %s: %s\n", out.ID, lp.Lender, lp.Total)
		}
	}
	fmt.Println("payouts:", po.Payouts, "principal back to LA:", po.Lenders[0].Principal)
	// Output:
	// PAY-1 LA: Rp1.681
	// PAY-1 LB: Rp1.679
	// PAY-1 LC: Rp840
	// PAY-2 LA: Rp1.679
	// PAY-2 LB: Rp1.681
	// PAY-2 LC: Rp840
	// payouts: 2 principal back to LA: Rp3.333
}
