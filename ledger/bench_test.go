package ledger_test

import (
	"strconv"
	"testing"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

// benchIDs are made before the timer so that formatting IDs is not measured.
func benchIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = "angsuran-" + strconv.Itoa(i)
	}
	return ids
}

// BenchmarkPost posts a two-line installment entry, dated in order, into a
// journal that grows from empty to size entries and starts again: the cost
// includes growing the journal's storage and its ID index.
func BenchmarkPost(b *testing.B) {
	for _, size := range []int{10_000, 1_000_000} {
		b.Run("size="+strconv.Itoa(size), func(b *testing.B) {
			j := newJournal(b)
			d := day(b, "2024-03-28")
			ids := benchIDs(size)
			e := ledger.Entry{Date: d, Memo: "angsuran", Postings: []ledger.Posting{
				ledger.Dr(ledger.Cash, money.Rupiah(4_200)), ledger.Cr(ledger.MarginIncome, money.Rupiah(4_200))}}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i == len(ids) {
					b.StopTimer()
					j = newJournal(b)
					i = 0
					b.StartTimer()
				}
				e.ID = ids[i]
				if err := j.Post(e); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkPostWithRefs adds two references and a third posting (journal of
// up to 10.000 entries).
func BenchmarkPostWithRefs(b *testing.B) {
	j := newJournal(b)
	post(b, j, entry(b, "pencairan", "2024-03-01", ledger.Dr(ledger.MemberLoans, money.Rupiah(1<<50)), ledger.Cr(ledger.PackageSales, money.Rupiah(1<<50))))
	d := day(b, "2024-03-28")
	ids := benchIDs(10_000)
	e := ledger.Entry{Date: d, Memo: "angsuran", Refs: []ledger.Ref{{Key: "member", Value: "M01"}, {Key: "loan", Value: "L01"}},
		Postings: []ledger.Posting{
			ledger.Dr(ledger.Cash, money.Rupiah(4_200)), ledger.Cr(ledger.MemberLoans, money.Rupiah(4_000)), ledger.Cr(ledger.MarginIncome, money.Rupiah(200))}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == len(ids) {
			b.StopTimer()
			j = newJournal(b)
			post(b, j, entry(b, "pencairan", "2024-03-01", ledger.Dr(ledger.MemberLoans, money.Rupiah(1<<50)), ledger.Cr(ledger.PackageSales, money.Rupiah(1<<50))))
			i = 0
			b.StartTimer()
		}
		e.ID = ids[i]
		if err := j.Post(e); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkPostRepeat is a retried post: the same ID and content, a no-op.
func BenchmarkPostRepeat(b *testing.B) {
	j := newJournal(b)
	e := entry(b, "angsuran", "2024-03-28", ledger.Dr(ledger.Cash, money.Rupiah(4_200)), ledger.Cr(ledger.MarginIncome, money.Rupiah(4_200)))
	post(b, j, e)
	b.ReportAllocs()
	for b.Loop() {
		if err := j.Post(e); err != nil {
			b.Fatal(err)
		}
	}
}

// moves is a journal with n movements on cash, one a day.
func moves(b *testing.B, n int) *ledger.Journal {
	j := newJournal(b)
	d := day(b, "2024-01-01")
	for i := range n {
		e := ledger.Entry{ID: "m" + strconv.Itoa(i), Date: d.AddDays(i / 3), Memo: "angsuran",
			Postings: []ledger.Posting{ledger.Dr(ledger.Cash, money.Rupiah(4_200)), ledger.Cr(ledger.MarginIncome, money.Rupiah(4_200))}}
		if err := j.Post(e); err != nil {
			b.Fatal(err)
		}
	}
	return j
}

// BenchmarkBalance is the current balance: constant time whatever the size.
func BenchmarkBalance(b *testing.B) {
	for _, n := range []int{10, 100_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			j := moves(b, n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := j.Balance(ledger.Cash); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBalanceAsOf is a binary search over the account's movements.
func BenchmarkBalanceAsOf(b *testing.B) {
	j := moves(b, 100_000)
	d := day(b, "2024-06-30")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := j.BalanceAsOf(ledger.Cash, d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatement is a statement of 1.000 movements out of 10.000.
func BenchmarkStatement(b *testing.B) {
	j := moves(b, 10_000)
	from := day(b, "2024-01-01").AddDays(1000)
	to := from.AddDays(333)
	s, err := j.Statement(ledger.Cash, from, to)
	if err != nil || len(s.Lines) != 1002 {
		b.Fatalf("want 1002 lines, got %d (%v)", len(s.Lines), err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := j.Statement(ledger.Cash, from, to); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrialBalance is the standard chart's trial balance.
func BenchmarkTrialBalance(b *testing.B) {
	j := moves(b, 10_000)
	b.ReportAllocs()
	for b.Loop() {
		_ = j.TrialBalance()
	}
}

// BenchmarkPostBackdated posts an entry dated before the last 100 movements
// of both its accounts: the policy is checked on each later date.
func BenchmarkPostBackdated(b *testing.B) {
	ids := benchIDs(1 << 16)
	var j *ledger.Journal
	var d calendar.Date
	e := ledger.Entry{Postings: []ledger.Posting{
		ledger.Dr(ledger.MarginIncome, money.Rupiah(1)), ledger.Cr(ledger.Cash, money.Rupiah(1))}}
	b.ReportAllocs()
	i := len(ids)
	for b.Loop() {
		if i == len(ids) {
			b.StopTimer()
			j = moves(b, 300)
			d = day(b, "2024-01-01").AddDays(66)
			i = 0
			b.StartTimer()
		}
		e.ID, e.Date = ids[i], d
		if err := j.Post(e); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// collection is a group collection's batch for n loans: per loan the
// repayment (four postings, three references), the lenders' part (three
// postings, three references), the lender's payout to sukarela (two
// postings, two references) and a group-fund contribution (two postings,
// one reference): 4n entries, 20 for a group of five. IDs are made here,
// before the timer, with batch k's prefix "op-<k>".
func collection(k, n int, d calendar.Date) []ledger.Entry {
	op := "op-" + strconv.Itoa(k)
	es := make([]ledger.Entry, 0, 4*n)
	for i := range n {
		loan := "L-" + strconv.Itoa(i)
		member := "M-" + strconv.Itoa(i)
		pay := op + "/pay/" + loan
		es = append(es,
			ledger.Entry{ID: pay + "/repay", Date: d, Memo: "repayment by the member",
				Refs: []ledger.Ref{{Key: "loan", Value: loan}, {Key: "member", Value: member}, {Key: "group", Value: "G-1"}},
				Postings: []ledger.Posting{ledger.Dr(ledger.Cash, money.Rupiah(21_000)), ledger.Cr(ledger.MemberLoans, money.Rupiah(17_000)),
					ledger.Cr(ledger.MarginIncome, money.Rupiah(1_000)), ledger.Cr(ledger.LenderPayables, money.Rupiah(3_000))}},
			ledger.Entry{ID: pay + "/lenders", Date: d, Memo: "lenders' part of a repayment",
				Refs: []ledger.Ref{{Key: "loan", Value: loan}, {Key: "member", Value: member}, {Key: "group", Value: "G-1"}},
				Postings: []ledger.Posting{ledger.Dr(ledger.LenderFunding, money.Rupiah(2_500)), ledger.Dr(ledger.LenderShareExpense, money.Rupiah(500)),
					ledger.Cr(ledger.LenderPayables, money.Rupiah(3_000))}},
			ledger.Entry{ID: pay + "/payout", Date: d, Memo: "lenders' part of payment " + pay + " on loan " + loan + " to their sukarela",
				Refs:     []ledger.Ref{{Key: "group", Value: "G-1"}, {Key: "loan", Value: loan}},
				Postings: []ledger.Posting{ledger.Dr(ledger.LenderPayables, money.Rupiah(6_000)), ledger.Cr(ledger.SukarelaSavings, money.Rupiah(6_000))}},
			ledger.Entry{ID: op + "/fund/" + member, Date: d, Memo: "iuran dana kelompok G-1",
				Refs:     []ledger.Ref{{Key: "group", Value: "G-1"}},
				Postings: []ledger.Posting{ledger.Dr(ledger.Cash, money.Rupiah(1_000)), ledger.Cr(ledger.GroupFund, money.Rupiah(1_000))}},
		)
	}
	return es
}

// collectionJournal is a journal with the loans and the lenders' funding
// out, ready for collections.
func collectionJournal(b *testing.B) *ledger.Journal {
	j := newJournal(b)
	post(b, j,
		entry(b, "pencairan", "2024-03-01", ledger.Dr(ledger.MemberLoans, money.Rupiah(1<<50)), ledger.Cr(ledger.PackageSales, money.Rupiah(1<<50))),
		entry(b, "pendanaan", "2024-03-01", ledger.Dr(ledger.Cash, money.Rupiah(1<<50)), ledger.Cr(ledger.LenderFunding, money.Rupiah(1<<50))))
	return j
}

// BenchmarkPostAllCollection posts a group collection's 20 entries as one
// batch into a journal growing to 10.000 entries (500 collections), as the
// Book does for each group.collect event.
func BenchmarkPostAllCollection(b *testing.B) {
	d := day(b, "2024-03-28")
	const batches = 500
	es := make([][]ledger.Entry, batches)
	for k := range es {
		es[k] = collection(k, 5, d)
	}
	j := collectionJournal(b)
	b.ReportAllocs()
	k := 0
	for b.Loop() {
		if k == batches {
			b.StopTimer()
			j = collectionJournal(b)
			k = 0
			b.StartTimer()
		}
		if err := j.PostAll(es[k]...); err != nil {
			b.Fatal(err)
		}
		k++
	}
}

// BenchmarkPostAllRepeat posts a collection already posted: 20 no-ops.
func BenchmarkPostAllRepeat(b *testing.B) {
	es := collection(0, 5, day(b, "2024-03-28"))
	j := collectionJournal(b)
	post(b, j, es...)
	b.ReportAllocs()
	for b.Loop() {
		if err := j.PostAll(es...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck checks entries without posting them, into a journal of
// 1.000 entries: one entry (what members.Savings.Check asks) and a
// collection's batch.
func BenchmarkCheck(b *testing.B) {
	d := day(b, "2024-03-28")
	j := collectionJournal(b)
	for k := range 50 {
		post(b, j, collection(k, 5, d)...)
	}
	es := collection(50, 5, d)
	for _, n := range []int{1, len(es)} {
		b.Run("entries="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := j.Check(es[:n]...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// bookCollection is a group collection as the Book posts it for n loans
// and m lenders: a batch of a repayment (three postings) and a lenders'
// part (three postings) per loan, both with the loan's references in the
// order lending lists them (loan, member, group) and constant memos; then a
// deposit per lender to its sukarela (two postings, one reference, the
// lender's own memo), which the savings book checks and then posts.
func bookCollection(k, n, m int, d calendar.Date) (batch, deposits []ledger.Entry) {
	op := "collect-G1-" + strconv.Itoa(k)
	for i := range n {
		loan, member := "K-P01-"+strconv.Itoa(i), "M-"+strconv.Itoa(i)
		refs := []ledger.Ref{{Key: "loan", Value: loan}, {Key: "member", Value: member}, {Key: "group", Value: "G1"}}
		ids := op + "/pay/" + loan + "/repay" + op + "/pay/" + loan + "/lenders"
		cut := len(op + "/pay/" + loan + "/repay")
		batch = append(batch,
			ledger.Entry{ID: ids[:cut], Date: d, Memo: "repayment by the member", Refs: refs,
				Postings: []ledger.Posting{ledger.Dr(ledger.Cash, money.Rupiah(21_000)), ledger.Cr(ledger.MemberLoans, money.Rupiah(17_500)),
					ledger.Cr(ledger.MarginIncome, money.Rupiah(3_500))}},
			ledger.Entry{ID: ids[cut:], Date: d, Memo: "lenders' part of a repayment", Refs: refs,
				Postings: []ledger.Posting{ledger.Dr(ledger.LenderFunding, money.Rupiah(15_000)), ledger.Dr(ledger.LenderShareExpense, money.Rupiah(1_500)),
					ledger.Cr(ledger.LenderPayables, money.Rupiah(16_500))}})
	}
	for i := range m {
		lender := "M-L" + strconv.Itoa(i)
		deposits = append(deposits, ledger.Entry{ID: op + "/payout/" + lender, Date: d, Memo: lenderMemos[i],
			Refs:     []ledger.Ref{{Key: "member", Value: lender}},
			Postings: []ledger.Posting{ledger.Dr(ledger.LenderPayables, money.Rupiah(16_500*int64(n)/int64(m))), ledger.Cr(ledger.SukarelaSavings, money.Rupiah(16_500*int64(n)/int64(m)))}})
	}
	return batch, deposits
}

// lenderMemos are the lenders' deposit memos, made once as the savings
// book makes each lender's.
var lenderMemos = []string{"simpanan sukarela M-L0", "simpanan sukarela M-L1", "simpanan sukarela M-L2"}

// BenchmarkBookCollection is a 5-loan group collection with 2 lenders as
// the Book posts it: PostAll of 10 entries, then Check and Post of each
// lender's deposit; 12 entries an op, into a journal growing to about
// 12.000 entries.
func BenchmarkBookCollection(b *testing.B) {
	d := day(b, "2024-03-28")
	const meetings = 1000
	batches, deposits := make([][]ledger.Entry, meetings), make([][]ledger.Entry, meetings)
	for k := range batches {
		batches[k], deposits[k] = bookCollection(k, 5, 2, d)
	}
	j := collectionJournal(b)
	b.ReportAllocs()
	k := 0
	for b.Loop() {
		if k == meetings {
			b.StopTimer()
			j = collectionJournal(b)
			k = 0
			b.StartTimer()
		}
		if err := j.PostAll(batches[k]...); err != nil {
			b.Fatal(err)
		}
		for _, e := range deposits[k] {
			if err := j.Check(e); err != nil {
				b.Fatal(err)
			}
			if err := j.Post(e); err != nil {
				b.Fatal(err)
			}
		}
		k++
	}
}

// BenchmarkCheckPost checks a lender's deposit entry and then posts it, as
// the savings book does for an operation it checks first, into a journal
// growing to 10.000 entries.
func BenchmarkCheckPost(b *testing.B) {
	d := day(b, "2024-03-28")
	ids := benchIDs(10_000)
	j := collectionJournal(b)
	post(b, j, entry(b, "setoran", "2024-03-01", ledger.Dr(ledger.Cash, money.Rupiah(1<<50)), ledger.Cr(ledger.LenderPayables, money.Rupiah(1<<50))))
	e := ledger.Entry{Date: d, Memo: lenderMemos[0], Refs: []ledger.Ref{{Key: "member", Value: "M-L0"}},
		Postings: []ledger.Posting{ledger.Dr(ledger.LenderPayables, money.Rupiah(16_500)), ledger.Cr(ledger.SukarelaSavings, money.Rupiah(16_500))}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i == len(ids) {
			b.StopTimer()
			j = collectionJournal(b)
			post(b, j, entry(b, "setoran", "2024-03-01", ledger.Dr(ledger.Cash, money.Rupiah(1<<50)), ledger.Cr(ledger.LenderPayables, money.Rupiah(1<<50))))
			i = 0
			b.StartTimer()
		}
		e.ID = ids[i]
		if err := j.Check(e); err != nil {
			b.Fatal(err)
		}
		if err := j.Post(e); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
