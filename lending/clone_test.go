package lending

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// A clone shares nothing with its original: changing every slice of the
// clone leaves the original's JSON as it was.
func TestCloneSharesNothing(t *testing.T) {
	l := mekarmuktiLoan(t, "K-1", "P01")
	l.Goods = []GoodsLine{{Good: "GARAM-KG", Quantity: 2}}
	st := NewState(l)
	st, _, _, err := Post(l, st, Payment{ID: "p1", Loan: l.ID, Date: day(29), Amount: rp(4200)}, Servicing{})
	require.NoError(t, err)
	po := NewPaidOut(l)
	f := Facility{ID: "F", Pledges: []Pledge{{ID: "x"}}, Loans: []LoanID{"K-1"}}
	before := func() string {
		b, err := json.Marshal([]any{l, st, po, f})
		require.NoError(t, err)
		return string(b)
	}
	want := before()
	lc, sc, pc, fc := l.Clone(), st.Clone(), po.Clone(), f.Clone()
	lc.Schedule.Installments[0].Total = rp(1)
	lc.Lenders[0].Amount = rp(1)
	lc.Goods[0].Quantity = 99
	sc.Installments[0].Principal = 1
	sc.Payments[0].Amount = rp(1)
	pc.Lenders[0].Margin = rp(1)
	fc.Pledges[0].ID = "changed"
	fc.Loans[0] = "changed"
	require.Equal(t, want, before())
}
