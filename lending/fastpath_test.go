package lending

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// The functions of this file's tests are the cheap variants the Book uses:
// each must give exactly what its plain counterpart gives.

var fastEq = cmp.AllowUnexported(money.Amount{}, calendar.Date{}, calendar.YearMonth{})

// TestDistributePayoutIsDistribute: DistributePayout gives Distribute's
// record and payout, and Payout.Entries its entries, payment after
// payment, and the same refusals.
func TestDistributePayoutIsDistribute(t *testing.T) {
	l := poLoan(t, "L1", 10_000, 5_000, 5_000, 2_500, 2_500)
	st, po := NewState(l), NewPaidOut(l)
	for i := range 6 {
		in := l.Schedule.Installments[i]
		ns, a, _, err := Post(l, st, Payment{ID: "P" + strconv.Itoa(i+1), Loan: l.ID, Date: in.Due, Amount: in.Total}, Servicing{})
		require.NoError(t, err)
		np, out, es, err := Distribute(l, ns, po, a)
		require.NoError(t, err)
		fp, fout, err := DistributePayout(l, ns, po, a)
		require.NoError(t, err)
		if d := cmp.Diff(np, fp, fastEq); d != "" {
			t.Fatalf("record (-Distribute +DistributePayout):\n%s", d)
		}
		if d := cmp.Diff(out, fout, fastEq); d != "" {
			t.Fatalf("payout (-Distribute +DistributePayout):\n%s", d)
		}
		if d := cmp.Diff(es, fout.Entries(l), fastEq); d != "" {
			t.Fatalf("entries (-Distribute +Entries):\n%s", d)
		}
		// the same payment again is refused alike, and the record returned
		// is the one given
		_, _, _, err1 := Distribute(l, ns, np, a)
		rp, _, err2 := DistributePayout(l, ns, np, a)
		require.ErrorIs(t, err2, ErrDuplicate)
		require.Equal(t, err1.Error(), err2.Error())
		require.Equal(t, np.Payments, rp.Payments)
		st, po = ns, np
	}
}

// TestAppendDeposits: AppendDeposits appends exactly Deposits, after what
// the buffer holds, and leaves out lenders paid nothing.
func TestAppendDeposits(t *testing.T) {
	p := Payout{ID: "C-1/pay/L1", Date: poDay(29), Lenders: []LenderPayout{
		{Lender: "A", Total: poRp(10)}, {Lender: "BB", Total: poRp(0)}, {Lender: "CCC", Total: poRp(7)},
	}}
	want := []members.Operation{
		{ID: "C-1/pay/L1/payout/A", Date: poDay(29), Type: members.OpDeposit, Member: "A", Amount: poRp(10), Source: ledger.LenderPayables},
		{ID: "C-1/pay/L1/payout/CCC", Date: poDay(29), Type: members.OpDeposit, Member: "CCC", Amount: poRp(7), Source: ledger.LenderPayables},
	}
	if d := cmp.Diff(want, p.Deposits(), fastEq); d != "" {
		t.Fatalf("Deposits (-want +got):\n%s", d)
	}
	head := members.Operation{ID: "x"}
	got := p.AppendDeposits([]members.Operation{head})
	if d := cmp.Diff(append([]members.Operation{head}, want...), got, fastEq); d != "" {
		t.Fatalf("AppendDeposits (-want +got):\n%s", d)
	}
	require.Nil(t, Payout{ID: "x", Lenders: []LenderPayout{{Lender: "A"}}}.Deposits(), "nothing to deposit")
}
