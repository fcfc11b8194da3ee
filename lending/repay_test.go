package lending

import (
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// eq compares amounts by value (a zero without currency equals a zero
// rupiah) and dates by value.
var eq = cmp.Options{
	cmp.Comparer(func(a, b money.Amount) bool {
		return a.Minor() == b.Minor() && (a.Currency() == b.Currency() || a.IsZero())
	}),
	cmp.Comparer(func(a, b calendar.Date) bool { return a == b }),
	cmp.Comparer(func(a, b money.Rate) bool {
		return a.Num() == b.Num() && a.Den() == b.Den() && a.Period() == b.Period()
	}),
}

// handLoan is a loan of three installments of Rp1.000 principal and Rp100
// margin, due on 9, 10 and 11 March 2024, disbursed on 1 March, funded by
// two lenders, with half the margin to the lenders.
func handLoan() Loan {
	ins := make([]schedule.Installment, 3)
	bal := int64(3000)
	for i := range ins {
		bal -= 1000
		ins[i] = schedule.Installment{Number: i + 1, Due: day(9 + i), Principal: rp(1000), Margin: rp(100), Total: rp(1100), Balance: rp(bal)}
	}
	return Loan{
		ID: "L-H", Member: "M-H", Product: "hand", Disbursed: day(1),
		Schedule: schedule.Schedule{Installments: ins, Principal: rp(3000), Margin: rp(300), Total: rp(3300)},
		Lenders:  []Share{{Lender: "A", Amount: rp(2000)}, {Lender: "B", Amount: rp(1000)}},
		Split:    MarginSplit{Lenders: 1, Den: 2},
	}
}

// withFees is handLoan's state with late fees of Rp50 and Rp20 already
// charged on its first two installments through the 11th.
func withFees(l Loan) State {
	st := NewState(l)
	st.Installments[0].FeeCharged = 50
	st.Installments[1].FeeCharged = 20
	st.AccruedThrough = day(11)
	return st
}

func line(n int, fee, margin, principal int64) Line {
	return Line{Installment: n, Fee: rp(fee), Margin: rp(margin), Principal: rp(principal)}
}

// TestStrategies pays Rp1.500 on the 11th, when installment 1 (fee Rp50)
// and 2 (fee Rp20) are overdue and 3 falls due, under every strategy.
func TestStrategies(t *testing.T) {
	want := map[Strategy][]Line{
		FeeMarginPrincipal: {line(1, 50, 100, 1000), line(2, 20, 100, 230)},
		PrincipalMarginFee: {line(1, 50, 100, 1000), line(2, 0, 0, 350)},
		MarginPrincipalFee: {line(1, 50, 100, 1000), line(2, 0, 100, 250)},
		FeesLast:           {line(1, 0, 100, 1000), line(2, 0, 100, 300)},
		PrincipalLast:      {line(1, 50, 100, 1000), line(2, 20, 100, 130), line(3, 0, 100, 0)},
		CurrentFirst:       {line(1, 50, 100, 250), line(3, 0, 100, 1000)},
	}
	require.Len(t, want, len(Strategies()), "a strategy without a case")
	l := handLoan()
	for _, s := range Strategies() {
		t.Run(s.String(), func(t *testing.T) {
			st := withFees(l)
			_, a, es, err := Post(l, st, Payment{ID: "P", Loan: l.ID, Date: day(11), Amount: rp(1500)}, Servicing{Strategy: s})
			require.NoError(t, err)
			if d := cmp.Diff(want[s], a.Lines, eq); d != "" {
				t.Errorf("lines (-want +got):\n%s", d)
			}
			checkAllocation(t, l, a)
			checkEntries(t, es)
		})
	}
}

// checkAllocation checks that the lines add up to the totals and the
// totals to the payment.
func checkAllocation(t tester, l Loan, a Allocation) {
	t.Helper()
	var f, m, p int64
	for _, ln := range a.Lines {
		require.False(t, ln.Fee.IsNegative() || ln.Margin.IsNegative() || ln.Principal.IsNegative(), "negative line %+v", ln)
		f, m, p = f+ln.Fee.Minor(), m+ln.Margin.Minor(), p+ln.Principal.Minor()
	}
	require.Equal(t, []int64{f, m, p}, []int64{a.Fee.Minor(), a.Margin.Minor(), a.Principal.Minor()}, "lines vs totals")
	var rec int64
	for _, r := range a.Recovery {
		rec += r.Amount.Minor()
	}
	in := a.Payment.Amount.Minor() + a.CreditUsed.Minor()
	outs := f + m + p + a.Credit.Minor() + a.Refund.Minor() + rec
	require.Equal(t, in, outs, "payment + credit used = allocated + credit + refund + recovered")
	require.Equal(t, a.Margin.Minor(), a.LenderMargin.Minor()+a.KoperasiMargin.Minor(), "margin split")
	for _, x := range []money.Amount{a.LenderMargin, a.KoperasiMargin, a.LenderPrincipal, a.Credit, a.Refund, a.CreditUsed} {
		require.False(t, x.IsNegative(), "negative amount in %+v", a)
	}
	require.LessOrEqual(t, a.LenderPrincipal.Minor(), a.Principal.Minor())
}

// checkEntries posts the entries on a journal with the standard chart and
// enough opening money for any of them, so that the ledger's own checks
// (balance, positive amounts, known accounts) run.
func checkEntries(t tester, es []ledger.Entry) {
	t.Helper()
	for _, e := range es {
		var dr, cr int64
		for _, p := range e.Postings {
			require.True(t, p.Amount.IsPositive(), "entry %s: %+v", e.ID, p)
			if p.Side == ledger.Debit {
				dr += p.Amount.Minor()
			} else {
				cr += p.Amount.Minor()
			}
		}
		require.Equal(t, dr, cr, "entry %s does not balance", e.ID)
		require.GreaterOrEqual(t, len(e.Postings), 2)
	}
}

func TestOverpayment(t *testing.T) {
	l := handLoan()
	// On the 9th only installment 1 (Rp1.100) is due; Rp2.000 is paid.
	pay := Payment{ID: "P", Loan: l.ID, Date: day(9), Amount: rp(2000)}
	cases := []struct {
		policy        Overpayment
		lines         []Line
		credit, refnd int64
	}{
		{Prepay, []Line{line(1, 0, 100, 1000), line(2, 0, 100, 800)}, 0, 0},
		{Hold, []Line{line(1, 0, 100, 1000)}, 900, 0},
		{Refund, []Line{line(1, 0, 100, 1000)}, 0, 900},
	}
	for _, c := range cases {
		t.Run(c.policy.String(), func(t *testing.T) {
			st, a, es, err := Post(l, NewState(l), pay, Servicing{Overpayment: c.policy})
			require.NoError(t, err)
			if d := cmp.Diff(c.lines, a.Lines, eq); d != "" {
				t.Errorf("lines (-want +got):\n%s", d)
			}
			require.Equal(t, c.credit, a.Credit.Minor())
			require.Equal(t, c.credit, st.Credit.Minor())
			require.Equal(t, c.refnd, a.Refund.Minor())
			checkAllocation(t, l, a)
			checkEntries(t, es)
		})
	}
	t.Run("prepay principal first", func(t *testing.T) {
		_, a, _, err := Post(l, NewState(l), pay, Servicing{Strategy: PrincipalMarginFee})
		require.NoError(t, err)
		if d := cmp.Diff([]Line{line(1, 0, 100, 1000), line(2, 0, 0, 900)}, a.Lines, eq); d != "" {
			t.Errorf("lines (-want +got):\n%s", d)
		}
	})
	t.Run("held credit pays the next installment", func(t *testing.T) {
		r := Servicing{Overpayment: Hold}
		st, _, _, err := Post(l, NewState(l), pay, r)
		require.NoError(t, err)
		st, a, es, err := Post(l, st, Payment{ID: "P2", Loan: l.ID, Date: day(10), Amount: rp(300)}, r)
		require.NoError(t, err)
		require.Equal(t, int64(900), a.CreditUsed.Minor())
		require.Equal(t, int64(100), a.Credit.Minor())
		if d := cmp.Diff([]Line{line(2, 0, 100, 1000)}, a.Lines, eq); d != "" {
			t.Errorf("lines (-want +got):\n%s", d)
		}
		checkAllocation(t, l, a)
		checkEntries(t, es)
		// Sukarela is debited for the net credit used: 900 - 100.
		require.Contains(t, es[0].Postings, ledger.Dr(ledger.SukarelaSavings, rp(800)))
		require.Equal(t, int64(100), st.Credit.Minor())
	})
	t.Run("more than the whole loan is refunded", func(t *testing.T) {
		for _, o := range []Overpayment{Prepay, Hold, Refund} {
			st, a, es, err := Post(l, NewState(l), Payment{ID: "P", Loan: l.ID, Date: day(11), Amount: rp(4000)}, Servicing{Overpayment: o})
			require.NoError(t, err)
			require.Equal(t, LoanRepaid, st.Status)
			require.Equal(t, LoanRepaid, a.Status)
			require.Equal(t, int64(700), a.Refund.Minor())
			require.True(t, st.Credit.IsZero())
			require.Contains(t, es[0].Postings, ledger.Dr(ledger.Cash, rp(3300)))
		}
	})
}

func TestLenderParts(t *testing.T) {
	l := handLoan() // half the margin to lenders
	r := Servicing{}
	st := NewState(l)
	var lm, km, lp int64
	// Pay in pieces of Rp7 so that the half of the margin is odd often.
	for i := 0; !st.Closed(); i++ {
		var a Allocation
		var err error
		st, a, _, err = Post(l, st, Payment{ID: "P" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Loan: l.ID, Date: day(11), Amount: rp(7)}, r)
		require.NoError(t, err)
		lm, km, lp = lm+a.LenderMargin.Minor(), km+a.KoperasiMargin.Minor(), lp+a.LenderPrincipal.Minor()
	}
	require.Equal(t, int64(150), lm, "lenders get exactly half of Rp300 margin")
	require.Equal(t, int64(150), km)
	require.Equal(t, int64(3000), lp, "lenders funded all principal")
}

func TestPostRefusals(t *testing.T) {
	l := handLoan()
	st0 := NewState(l)
	st1, _, _, err := Post(l, st0, Payment{ID: "P1", Loan: l.ID, Date: day(9), Amount: rp(1100)}, Servicing{})
	require.NoError(t, err)
	repaid, _, _, err := Post(l, st1, Payment{ID: "PX", Loan: l.ID, Date: day(9), Amount: rp(2200)}, Servicing{})
	require.NoError(t, err)
	require.Equal(t, LoanRepaid, repaid.Status)
	other := st1
	other.Loan = "L-OTHER"

	usd := money.USD.Amount(100)
	good := Payment{ID: "P2", Loan: l.ID, Date: day(10), Amount: rp(1100)}
	with := func(f func(*Payment)) Payment { p := good; f(&p); return p }
	cases := []struct {
		name string
		st   State
		p    Payment
		r    Servicing
		want error
	}{
		{"no ID", st1, with(func(p *Payment) { p.ID = "" }), Servicing{}, ErrInvalid},
		{"another loan", st1, with(func(p *Payment) { p.Loan = "L-2" }), Servicing{}, ErrNotFound},
		{"state of another loan", other, good, Servicing{}, ErrInvalid},
		{"zero amount", st1, with(func(p *Payment) { p.Amount = rp(0) }), Servicing{}, ErrInvalid},
		{"negative amount", st1, with(func(p *Payment) { p.Amount = rp(-5) }), Servicing{}, ErrInvalid},
		{"currency", st1, with(func(p *Payment) { p.Amount = usd }), Servicing{}, money.ErrCurrencyMismatch},
		{"before disbursement", st0, with(func(p *Payment) { p.Date = day(0) }), Servicing{}, ErrInvalid},
		{"no date", st0, with(func(p *Payment) { p.Date = calendar.Date{} }), Servicing{}, ErrInvalid},
		{"before the last payment", st1, with(func(p *Payment) { p.Date = day(8) }), Servicing{}, ErrInvalid},
		{"duplicate ID, other amount", st1, with(func(p *Payment) { p.ID = "P1"; p.Date = day(9); p.Amount = rp(1200) }), Servicing{}, ErrConflict},
		{"duplicate ID, other date", st1, with(func(p *Payment) { p.ID = "P1"; p.Amount = rp(1100) }), Servicing{}, ErrConflict},
		{"repaid", repaid, good, Servicing{}, ErrClosed},
		{"recovery on a live loan", st1, with(func(p *Payment) { p.Source = FromRecovery }), Servicing{}, ErrInvalid},
		{"peer cover without payer", st1, with(func(p *Payment) { p.Source = FromPeers }), Servicing{}, ErrInvalid},
		{"unknown source", st1, with(func(p *Payment) { p.Source = 9 }), Servicing{}, ErrInvalid},
		{"bad strategy", st1, good, Servicing{Strategy: 99}, ErrInvalid},
		{"bad late fee", st1, good, Servicing{LateFee: LateFeePolicy{Kind: DailyLateFee}}, ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := cloneState(c.st)
			got, a, es, err := Post(l, c.st, c.p, c.r)
			require.ErrorIs(t, err, c.want)
			var se *ServicingError
			require.True(t, errors.As(err, &se), "%T", err)
			require.NotEmpty(t, se.Error())
			require.Empty(t, es)
			require.Empty(t, a.Lines)
			if d := cmp.Diff(before, got, eq); d != "" {
				t.Errorf("state changed (-before +after):\n%s", d)
			}
			if d := cmp.Diff(before, c.st, eq); d != "" {
				t.Errorf("input state changed (-before +after):\n%s", d)
			}
		})
	}
}

func cloneState(s State) State {
	c := s
	c.Installments = slices.Clone(s.Installments)
	c.Payments = slices.Clone(s.Payments)
	c.WriteOff.Absorbed = slices.Clone(s.WriteOff.Absorbed)
	return c
}

func TestIdempotentPost(t *testing.T) {
	l := handLoan()
	r := Servicing{LateFee: LateFeePolicy{Kind: FlatLateFee, Flat: rp(25)}, Overpayment: Hold}
	st := NewState(l)
	var allocs []Allocation
	var entries [][]ledger.Entry
	pays := []Payment{
		{ID: "A", Loan: l.ID, Date: day(9), Amount: rp(500)},
		{ID: "B", Loan: l.ID, Date: day(12), Amount: rp(1500)},
		{ID: "C", Loan: l.ID, Date: day(12), Amount: rp(50), Source: FromPeers, Payer: "M-P"},
		{ID: "D", Loan: l.ID, Date: day(13), Amount: rp(300), Source: FromGroupFund},
	}
	for _, p := range pays {
		var a Allocation
		var es []ledger.Entry
		var err error
		st, a, es, err = Post(l, st, p, r)
		require.NoError(t, err)
		allocs, entries = append(allocs, a), append(entries, es)
	}
	for i, p := range pays {
		got, a, es, err := Post(l, st, p, r)
		require.NoError(t, err)
		if d := cmp.Diff(st, got, eq); d != "" {
			t.Errorf("repeat of %s changed the state:\n%s", p.ID, d)
		}
		if d := cmp.Diff(allocs[i], a, eq); d != "" {
			t.Errorf("repeat of %s allocated differently (-first +repeat):\n%s", p.ID, d)
		}
		if d := cmp.Diff(entries[i], es, eq); d != "" {
			t.Errorf("repeat of %s journaled differently (-first +repeat):\n%s", p.ID, d)
		}
	}
}

// BenchmarkPost posts one installment on a Mekarmukti loan with five
// lenders: allocation, lenders' totals and journal entries.
func BenchmarkPost(b *testing.B) {
	l := mekarmuktiLoan(b, "L1", "M1")
	st := NewState(l)
	p := Payment{ID: "P1", Loan: l.ID, Date: day(29), Amount: rp(4200)}
	b.ReportAllocs()
	for b.Loop() {
		_, _, _, err := Post(l, st, p, Servicing{})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPost52 posts the 27th installment of a 52-week loan with a
// daily late fee, after 26 payments.
func BenchmarkPost52(b *testing.B) {
	l := weeklyLoan(b, 52)
	r, _ := money.ParseRate("0.1% per day")
	sv := Servicing{LateFee: LateFeePolicy{Kind: DailyLateFee, Rate: r}}
	st := NewState(l)
	for i := range 26 {
		in := l.Schedule.Installments[i]
		var err error
		st, _, _, err = Post(l, st, Payment{ID: "P" + in.Due.String(), Loan: l.ID, Date: in.Due, Amount: in.Total}, sv)
		if err != nil {
			b.Fatal(err)
		}
	}
	in := l.Schedule.Installments[26]
	p := Payment{ID: "PX", Loan: l.ID, Date: in.Due.AddDays(3), Amount: in.Total}
	b.ReportAllocs()
	for b.Loop() {
		_, _, _, err := Post(l, st, p, sv)
		if err != nil {
			b.Fatal(err)
		}
	}
}

// propertyLoans are the loans the properties and the fuzz target draw
// from: Mekarmukti, the hand-made one, the hand-made one part-funded by
// the koperasi (lenders Rp1.300 of Rp3.000), and weekly annuities of 1, 8
// and 52 installments.
func propertyLoans(t testing.TB) []Loan {
	part := handLoan()
	part.ID, part.Lenders = "L-HP", []Share{{Lender: "A", Amount: rp(900)}, {Lender: "B", Amount: rp(400)}}
	return []Loan{mekarmuktiLoan(t, "L1", "M1"), handLoan(), part, weeklyLoan(t, 1), weeklyLoan(t, 8), weeklyLoan(t, 52)}
}

// drawServicing draws servicing rules.
func drawServicing(t *rapid.T) Servicing {
	sv := Servicing{
		Strategy:    Strategy(rapid.IntRange(0, int(nStrategies)-1).Draw(t, "strategy")),
		Overpayment: Overpayment(rapid.IntRange(0, 2).Draw(t, "overpayment")),
		Default:     DefaultPolicy{DaysPastDue: rapid.IntRange(0, 30).Draw(t, "default")},
	}
	switch rapid.IntRange(0, 2).Draw(t, "fee") {
	case 1:
		r, err := money.NewRate(int64(rapid.IntRange(1, 30).Draw(t, "permille")), 1000, money.PerDay)
		if err != nil {
			t.Fatal(err)
		}
		sv.LateFee = LateFeePolicy{Kind: DailyLateFee, Rate: r}
	case 2:
		sv.LateFee = LateFeePolicy{Kind: FlatLateFee, Flat: rp(int64(rapid.IntRange(1, 500).Draw(t, "flat")))}
	}
	sv.LateFee.Grace = rapid.IntRange(0, 5).Draw(t, "grace")
	if rapid.Bool().Draw(t, "capped") {
		sv.LateFee.Cap = rp(int64(rapid.IntRange(0, 2000).Draw(t, "cap")))
	}
	return sv
}

// TestPropertyPosting posts random sequences of payments, repeats, defaults,
// write-offs and recoveries on random loans under random rules, and checks
// after every step: allocations sum to the payment, entries balance and
// post to a standard-chart journal without overdrawing any account, the
// position agrees with the payments (outstanding = owed - paid) with no
// negative amount, a repeat changes nothing, the loan is repaid exactly
// when everything is paid, and Allocations gives back every payment's
// allocation.
func TestPropertyPosting(t *testing.T) {
	loans := propertyLoans(t)
	rapid.Check(t, func(rt *rapid.T) {
		l := loans[rapid.IntRange(0, len(loans)-1).Draw(rt, "loan")]
		sv := drawServicing(rt)
		st := NewState(l)
		j := book(rt, 1_000_000_000, 1_000_000_000, l)
		d := l.Disbursed
		allocs := map[string]Allocation{}
		var posted []Payment
		total := l.Schedule.Total.Minor()
		n := rapid.IntRange(1, 25).Draw(rt, "steps")
		for i := range n {
			d = d.AddDays(rapid.IntRange(0, 12).Draw(rt, "days"))
			switch op := rapid.IntRange(0, 9).Draw(rt, "op"); {
			case op == 9 && len(posted) > 0:
				p := posted[rapid.IntRange(0, len(posted)-1).Draw(rt, "repeat")]
				again, a, _, err := Post(l, st, p, sv)
				require.NoError(rt, err)
				if diff := cmp.Diff(st, again, eq); diff != "" {
					rt.Fatalf("a repeat changed the state:\n%s", diff)
				}
				if diff := cmp.Diff(allocs[p.ID], a, eq); diff != "" {
					rt.Fatalf("a repeat allocated differently:\n%s", diff)
				}
				continue
			case op == 8:
				w := Waterfall{GroupFund: rp(int64(rapid.IntRange(0, int(total)).Draw(rt, "gf"))), Reserve: rp(int64(rapid.IntRange(0, int(total)).Draw(rt, "res")))}
				ns, wo, es, err := WriteOffLoan(l, st, d, "WO"+strconv.Itoa(i), w, sv)
				if err != nil {
					if !errors.Is(err, ErrNotInDefault) && !errors.Is(err, ErrClosed) {
						rt.Fatalf("write-off: %v", err)
					}
					continue
				}
				var sum int64
				for _, ab := range wo.Absorbed {
					sum += ab.Amount.Minor()
				}
				require.Equal(rt, wo.Principal.Minor(), sum, "the waterfall absorbs the principal")
				postAll(rt, j, es)
				st = ns
			default:
				src := Source(rapid.IntRange(0, 2).Draw(rt, "source"))
				if st.Status == LoanWrittenOff {
					src = FromRecovery
				}
				p := Payment{ID: "P" + strconv.Itoa(i), Loan: l.ID, Date: d, Amount: rp(int64(rapid.IntRange(1, int(total*13/10)).Draw(rt, "amount"))), Source: src}
				if src == FromPeers {
					p.Payer = "PEER"
				}
				ns, a, es, err := Post(l, st, p, sv)
				if st.Status == LoanRepaid {
					require.ErrorIs(rt, err, ErrClosed)
					continue
				}
				require.NoError(rt, err)
				checkAllocation(rt, l, a)
				checkEntries(rt, es)
				postAll(rt, j, es)
				allocs[p.ID] = a
				posted = append(posted, p)
				st = ns
			}
			pos, err := PositionOf(l, st, d, sv)
			require.NoError(rt, err)
			checkPosition(rt, l, st, pos)
			require.Equal(rt, st.Status == LoanRepaid, settled(l, st.Installments), "repaid iff all paid")
			if st.Status != LoanWrittenOff {
				b, err := j.Balance(ledger.MemberLoans)
				require.NoError(rt, err)
				require.Equal(rt, pos.Outstanding.Principal.Minor(), b.Minor(), "the books hold the principal outstanding")
			}
			// the payments, posted again, allocate as they did when posted
			again, err := Allocations(l, st, sv)
			require.NoError(rt, err)
			want := make([]Allocation, len(posted))
			for k, p := range posted {
				want[k] = allocs[p.ID]
			}
			if diff := cmp.Diff(want, again, eq); diff != "" {
				rt.Fatalf("Allocations differs from the allocations made:\n%s", diff)
			}
		}
		r, err := PortfolioAtRisk([]Loan{l}, []State{st}, d.AddDays(rapid.IntRange(0, 100).Draw(rt, "later")), Buckets{}, QualityPolicy{})
		require.NoError(rt, err)
		for _, par := range r.PAR {
			require.False(rt, par.Ratio.Num.IsNegative())
			require.LessOrEqual(rt, par.Ratio.Num.Minor(), par.Ratio.Den.Minor(), "PAR at most 1")
			require.GreaterOrEqual(rt, par.Ratio.BasisPoints(), int64(0))
			require.LessOrEqual(rt, par.Ratio.BasisPoints(), int64(10000))
		}
	})
}

// FuzzPayments posts a sequence of payments read from the fuzzer's bytes
// and checks that nothing panics and every invariant holds.
func FuzzPayments(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 1, 0x10, 0x68, 0, 1, 0x10, 0x68, 0})
	f.Add([]byte{4, 3, 1, 1, 7, 0xff, 0xff, 1, 0, 0, 1, 2, 30, 0x01, 0x00, 0})
	f.Add([]byte{1, 5, 2, 2, 3, 0x03, 0xe8, 2, 9, 0x00, 0x64, 1})
	loans := propertyLoans(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 4 {
			return
		}
		l := loans[int(data[0])%len(loans)]
		sv := Servicing{Strategy: Strategy(data[1] % byte(nStrategies)), Overpayment: Overpayment(data[2] % 3)}
		switch data[3] % 3 {
		case 1:
			r, _ := money.NewRate(int64(data[3]), 1000, money.PerDay)
			sv.LateFee = LateFeePolicy{Kind: DailyLateFee, Rate: r, Grace: int(data[3] % 4)}
		case 2:
			sv.LateFee = LateFeePolicy{Kind: FlatLateFee, Flat: rp(int64(data[3]) + 1), Cap: rp(int64(data[2]) * 10)}
		}
		st := NewState(l)
		d := l.Disbursed
		for i, b := 0, data[4:]; len(b) >= 4; i, b = i+1, b[4:] {
			d = d.AddDays(int(b[0] % 16))
			p := Payment{ID: "P" + strconv.Itoa(i), Loan: l.ID, Date: d, Amount: rp(int64(b[1])<<8 | int64(b[2])), Source: Source(b[3] % 4)}
			if p.Source == FromPeers {
				p.Payer = "PEER"
			}
			ns, a, es, err := Post(l, st, p, sv)
			if err != nil {
				var se *ServicingError
				require.ErrorAs(t, err, &se)
				require.Equal(t, st.Payments, ns.Payments, "a refused payment changes nothing")
				continue
			}
			checkAllocation(t, l, a)
			checkEntries(t, es)
			st = ns
			pos, err := PositionOf(l, st, d, sv)
			require.NoError(t, err)
			checkPosition(t, l, st, pos)
		}
	})
}

// TestBadState: a state that does not fit its loan is refused by every
// entry point, with nothing changed.
func TestBadState(t *testing.T) {
	l := handLoan()
	mut := []struct {
		name string
		f    func(*State)
	}{
		{"short", func(s *State) { s.Installments = s.Installments[:2] }},
		{"negative paid", func(s *State) { s.Installments[0].Principal = -1 }},
		{"overpaid", func(s *State) { s.Installments[1].Margin = 101 }},
		{"fee over charged", func(s *State) { s.Installments[1].Fee = 1 }},
		{"status", func(s *State) { s.Status = 9 }},
		{"credit", func(s *State) { s.Credit = rp(-3) }},
	}
	for _, m := range mut {
		t.Run(m.name, func(t *testing.T) {
			st := NewState(l)
			m.f(&st)
			_, _, _, err := Post(l, st, Payment{ID: "P", Loan: l.ID, Date: day(9), Amount: rp(1)}, Servicing{})
			require.ErrorIs(t, err, ErrInvalid)
			_, err = PositionOf(l, st, day(9), Servicing{})
			require.ErrorIs(t, err, ErrInvalid)
			_, _, err = MarkDefault(l, st, day(9), DefaultPolicy{DaysPastDue: 1})
			require.ErrorIs(t, err, ErrInvalid)
			_, _, _, err = WriteOffLoan(l, st, day(9), "WO", Waterfall{}, Servicing{})
			require.ErrorIs(t, err, ErrInvalid)
			_, err = PortfolioAtRisk([]Loan{l}, []State{st}, day(9), Buckets{}, QualityPolicy{})
			require.ErrorIs(t, err, ErrInvalid)
		})
	}
	t.Run("no installments", func(t *testing.T) {
		empty := l
		empty.Schedule.Installments = nil
		_, _, _, err := Post(empty, NewState(empty), Payment{ID: "P", Loan: l.ID, Date: day(9), Amount: rp(1)}, Servicing{})
		require.ErrorIs(t, err, ErrInvalid)
	})
	t.Run("bad margin split", func(t *testing.T) {
		bad := l
		bad.Split = MarginSplit{Lenders: 3, Den: 2}
		st := NewState(bad)
		_, _, _, err := Post(bad, st, Payment{ID: "P", Loan: l.ID, Date: day(9), Amount: rp(1100)}, Servicing{})
		require.ErrorIs(t, err, ErrInvalid)
	})
	t.Run("conflicting repeats", func(t *testing.T) {
		st, _, _, err := Post(l, NewState(l), Payment{ID: "P", Loan: l.ID, Date: day(9), Amount: rp(100), Source: FromPeers, Payer: "A"}, Servicing{})
		require.NoError(t, err)
		_, _, _, err = Post(l, st, Payment{ID: "P", Loan: l.ID, Date: day(9), Amount: rp(100), Source: FromPeers, Payer: "B"}, Servicing{})
		require.ErrorIs(t, err, ErrConflict)
		require.ErrorContains(t, err, "payer")
		_, _, _, err = Post(l, st, Payment{ID: "P", Loan: l.ID, Date: day(9), Amount: rp(100)}, Servicing{})
		require.ErrorIs(t, err, ErrConflict)
		require.ErrorContains(t, err, "source")
	})
}

// TestRepeatWithBadRules: a repeat under rules that are not valid is an
// error, not a panic in the replay.
func TestRepeatWithBadRules(t *testing.T) {
	l := handLoan()
	p := Payment{ID: "P", Loan: l.ID, Date: day(9), Amount: rp(100)}
	st, _, _, err := Post(l, NewState(l), p, Servicing{})
	require.NoError(t, err)
	_, _, _, err = Post(l, st, p, Servicing{Strategy: 99})
	require.ErrorIs(t, err, ErrInvalid)
}

// Allocations refuses rules under which the payments do not come to what
// the state records: a payment that prepaid under Prepay holds a credit
// under Hold instead.
func TestAllocationsWrongRules(t *testing.T) {
	l := mekarmuktiLoan(t, "K-P01-1", "P01")
	prepay := Servicing{Overpayment: Prepay}
	st, _, _, err := Post(l, NewState(l), Payment{ID: "p1", Loan: l.ID, Date: day(29), Amount: rp(8400)}, prepay)
	require.NoError(t, err)
	as, err := Allocations(l, st, prepay)
	require.NoError(t, err)
	require.Len(t, as, 1)
	require.Len(t, as[0].Lines, 2, "the payment prepaid the second installment")
	_, err = Allocations(l, st, Servicing{Overpayment: Hold})
	require.ErrorIs(t, err, ErrInvalid)
	require.ErrorContains(t, err, "give the rules of the loan's product")
}
