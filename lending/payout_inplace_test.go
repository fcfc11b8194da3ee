package lending

import (
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
