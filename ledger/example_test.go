package ledger_test

import (
	"errors"
	"fmt"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

func date(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// A member's installment of Rp4.200: Rp4.000 principal and Rp200 margin.
func ExampleJournal_Post() {
	j, _ := ledger.New(money.IDR, ledger.StandardChart())
	_ = j.Post(ledger.Entry{
		ID: "pencairan-M01", Date: date("2024-03-28"), Memo: "paket usaha",
		Postings: []ledger.Posting{
			ledger.Dr(ledger.MemberLoans, money.Rupiah(25_000)),
			ledger.Cr(ledger.PackageSales, money.Rupiah(25_000)),
		},
	})
	angsuran := ledger.Entry{
		ID: "angsuran-M01-6", Date: date("2024-04-03"), Memo: "angsuran ke-6",
		Refs: []ledger.Ref{{Key: "member", Value: "M01"}},
		Postings: []ledger.Posting{
			ledger.Dr(ledger.Cash, money.Rupiah(4_200)),
			ledger.Cr(ledger.MemberLoans, money.Rupiah(4_000)),
			ledger.Cr(ledger.MarginIncome, money.Rupiah(200)),
		},
	}
	fmt.Println(j.Post(angsuran))
	fmt.Println(j.Post(angsuran)) // a retry is a no-op

	piutang, _ := j.Balance(ledger.MemberLoans)
	kas, _ := j.Balance(ledger.Cash)
	fmt.Println("piutang", piutang, "kas", kas)

	// Refused: cash cannot go below zero, and nothing is posted.
	err := j.Post(ledger.Entry{
		ID: "tarik", Date: date("2024-04-03"),
		Postings: []ledger.Posting{
			ledger.Dr(ledger.OperatingExpense, money.Rupiah(5_000)),
			ledger.Cr(ledger.Cash, money.Rupiah(5_000)),
		},
	})
	fmt.Println(errors.Is(err, ledger.ErrOverdraft), j.Len())
	fmt.Println(err)
	// Output:
	// <nil>
	// <nil>
	// piutang Rp21.000 kas Rp4.200
	// true 2
	// ledger: entry "tarik": 101 Kas would be -Rp800 on 2024-04-03 (balance Rp4.200, change -Rp5.000); it may not go below zero
}

// A deposit keyed in twice is undone by a reversal; both entries stay.
func ExampleJournal_Reverse() {
	j, _ := ledger.New(money.IDR, ledger.StandardChart())
	setor := func(id string) ledger.Entry {
		return ledger.Entry{ID: id, Date: date("2024-03-07"), Memo: "setor sukarela L1",
			Postings: []ledger.Posting{
				ledger.Dr(ledger.Cash, money.Rupiah(150_000)),
				ledger.Cr(ledger.SukarelaSavings, money.Rupiah(150_000)),
			}}
	}
	_ = j.Post(setor("setor-1"))
	_ = j.Post(setor("setor-2"))
	fmt.Println(j.Reverse("setor-2-batal", "setor-2", date("2024-03-08"), "dobel input"))
	fmt.Println(j.Reverse("setor-2-batal-lagi", "setor-2", date("2024-03-08"), ""))

	s, _ := j.Statement(ledger.SukarelaSavings, calendar.Date{}, calendar.Date{})
	for _, l := range s.Lines {
		fmt.Println(l.Date, l.Entry, l.Debit, l.Credit, l.Balance)
	}
	// Output:
	// <nil>
	// ledger: entry "setor-2-batal-lagi": entry "setor-2" was already reversed by "setor-2-batal"
	// 2024-03-07 setor-1 Rp0 Rp150.000 Rp150.000
	// 2024-03-07 setor-2 Rp0 Rp150.000 Rp300.000
	// 2024-03-08 setor-2-batal Rp150.000 Rp0 Rp150.000
}

// The trial balance lists every account with a balance; its two columns
// always agree.
func ExampleJournal_TrialBalance() {
	j, _ := ledger.New(money.IDR, ledger.StandardChart())
	_ = j.PostAll(
		ledger.Entry{ID: "pokok", Date: date("2024-03-07"), Postings: []ledger.Posting{
			ledger.Dr(ledger.Cash, money.Rupiah(50_000)), ledger.Cr(ledger.PokokSavings, money.Rupiah(50_000))}},
		ledger.Entry{ID: "beli-paket", Date: date("2024-03-25"), Postings: []ledger.Posting{
			ledger.Dr(ledger.PackageInventory, money.Rupiah(22_000)), ledger.Cr(ledger.Cash, money.Rupiah(22_000))}},
		ledger.Entry{ID: "pencairan", Date: date("2024-03-28"), Postings: []ledger.Posting{
			ledger.Dr(ledger.MemberLoans, money.Rupiah(25_000)), ledger.Cr(ledger.PackageSales, money.Rupiah(25_000)),
			ledger.Dr(ledger.CostOfPackages, money.Rupiah(22_000)), ledger.Cr(ledger.PackageInventory, money.Rupiah(22_000))}},
	)
	tb := j.TrialBalance()
	for _, r := range tb.Rows {
		if !r.Debit.IsZero() || !r.Credit.IsZero() {
			fmt.Printf("%s %-34s %9s %9s\n", r.Code, r.Name, r.Debit, r.Credit)
		}
	}
	fmt.Printf("%-38s %9s %9s\n", "Jumlah", tb.Debits, tb.Credits)
	// Output:
	// 101 Kas                                 Rp28.000       Rp0
	// 111 Piutang pinjaman anggota            Rp25.000       Rp0
	// 301 Simpanan pokok                           Rp0  Rp50.000
	// 403 Penjualan paket usaha                    Rp0  Rp25.000
	// 501 Harga pokok penjualan paket usaha   Rp22.000       Rp0
	// Jumlah                                  Rp75.000  Rp75.000
}

// A per-lender payable opened next to its control account.
func ExampleJournal_OpenAccount() {
	j, _ := ledger.New(money.IDR, ledger.StandardChart())
	err := j.OpenAccount(ledger.Account{
		Code: ledger.LenderPayables + ".L001", Type: ledger.Liability,
		Name: "Utang kepada pemberi pinjaman L001", EnglishName: "Payable to lender L001",
	})
	fmt.Println(err)
	for _, a := range j.Accounts()[10:13] {
		fmt.Println(a)
	}
	// Output:
	// <nil>
	// 204 Utang kepada pemberi pinjaman
	// 204.L001 Utang kepada pemberi pinjaman L001
	// 205 Dana kelompok
}
