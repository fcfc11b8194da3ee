package members_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

func date(y int, m time.Month, d int) calendar.Date {
	v, _ := calendar.NewDate(y, m, d)
	return v
}

func ym(y int, m time.Month) calendar.YearMonth {
	v, _ := calendar.NewYearMonth(y, m)
	return v
}

// siti is a pindang maker of RW 08 Mekarmukti.
func siti() members.Member {
	nik, _ := members.ParseNIK("3217 0145 0890 0001")
	return members.Member{
		ID:        "A-0001",
		Name:      "Siti Aminah",
		NIK:       nik,
		KK:        "3217010101200001",
		Address:   members.Address{RT: 2, RW: 8, Village: "Mekarmukti"},
		Business:  members.Business{Type: members.BusinessFishProcessing, Description: "pindang"},
		Joined:    date(2023, 12, 28),
		Status:    members.Active,
		Documents: members.Documents{KTP: true, KK: true},
	}
}

// A koperasi registers a member, who pays simpanan pokok and the first
// month of simpanan wajib. The money is posted to the journal; the member's
// own balances are kept by Savings.
func ExampleSavings_PayWajib() {
	j, _ := ledger.New(money.IDR, ledger.StandardChart())
	s, _ := members.New(members.Config{Pokok: money.Rupiah(50_000), Wajib: money.Rupiah(10_000), WajibAdvanceMonths: 12}, j)

	joined := date(2023, 12, 28)
	if err := s.Register(members.Op{ID: "reg-A-0001", Date: joined}, siti()); err != nil {
		fmt.Println(err)
	}
	_ = s.PayPokok(members.Op{ID: "pokok-A-0001", Date: joined}, "A-0001")
	_ = s.PayWajib(members.Op{ID: "wajib-A-0001-2024-01", Date: date(2024, 1, 5)}, "A-0001", ym(2024, time.January))

	// Paying January again is refused, and changes nothing.
	err := s.PayWajib(members.Op{ID: "wajib-again", Date: date(2024, 1, 6)}, "A-0001", ym(2024, time.January))
	fmt.Println(errors.Is(err, members.ErrAlreadyPaid))

	pos, _ := s.Position("A-0001", date(2024, 3, 10))
	fmt.Println("pokok:", pos.Pokok, "paid:", pos.PokokPaid)
	fmt.Println("wajib:", pos.Wajib, "paid through", pos.WajibPaidThrough)
	fmt.Println("arrears:", pos.WajibArrearsMonths, "months,", pos.WajibArrears)
	cash, _ := j.Balance(ledger.Cash)
	fmt.Println("cash:", cash)
	// Output:
	// true
	// pokok: Rp50.000 paid: true
	// wajib: Rp10.000 paid through 2024-01
	// arrears: 2 months, Rp20.000
	// cash: Rp60.000
}

// A lender pledges part of its simpanan sukarela to a group. The pledged
// money cannot be withdrawn; when the group is funded the hold is captured.
func ExampleSavings_Hold() {
	j, _ := ledger.New(money.IDR, ledger.StandardChart())
	s, _ := members.New(members.Config{Pokok: money.Rupiah(50_000), Wajib: money.Rupiah(10_000)}, j)
	_ = s.Register(members.Op{ID: "reg", Date: date(2024, 3, 5)}, siti())
	_ = s.Deposit(members.Op{ID: "dep", Date: date(2024, 3, 5)}, "A-0001", money.Rupiah(200_000))
	_ = s.Hold(members.Op{ID: "pledge", Date: date(2024, 3, 7)}, "A-0001", "G1", money.Rupiah(125_000))

	err := s.Withdraw(members.Op{ID: "wd", Date: date(2024, 3, 8)}, "A-0001", members.Sukarela, money.Rupiah(100_000))
	var fe *members.FundsError
	if errors.As(err, &fe) {
		fmt.Println("refused: free", fe.Free(), "of", fe.Balance, "held", fe.Held)
	}

	_ = s.Capture(members.Op{ID: "fund-G1", Date: date(2024, 3, 28)}, "A-0001", "G1", money.Rupiah(125_000))
	b, _ := s.Balances("A-0001")
	fmt.Println("sukarela", b.Sukarela, "held", b.Held, "free", b.Free())
	pledged, _ := j.Balance(ledger.PledgedFunds)
	fmt.Println("pledged funds in the ledger:", pledged)
	// Output:
	// refused: free Rp75.000 of Rp200.000 held Rp125.000
	// sukarela Rp75.000 held Rp0 free Rp75.000
	// pledged funds in the ledger: Rp125.000
}

// A borrower check returns every reason at once, each with a stable code.
func ExampleBorrowerPolicy_Eligible() {
	m := siti()
	m.Documents.KK = false
	pos := members.Position{Member: m.ID, PokokPaid: false, WajibArrearsMonths: 1, WajibArrears: money.Rupiah(10_000)}

	err := members.MekarmuktiBorrowerPolicy().Eligible(m, pos, 0, date(2024, 3, 27))
	var ee *members.EligibilityError
	if errors.As(err, &ee) {
		for _, v := range ee.Violations {
			fmt.Printf("%s: %s\n", v.Code, v.Message)
		}
	}
	fmt.Println(errors.Is(err, members.ErrNotEligible))
	// Output:
	// documents.kk: No copy of the KK (family card) is on file; ask the member for one.
	// membership.too_short: Member A-0001 joined on 2023-12-28, 2 full months ago; a borrower needs 3 months of membership, reached on 2024-03-28.
	// savings.pokok_unpaid: Simpanan pokok (membership capital) is not paid yet.
	// savings.wajib_arrears: Simpanan wajib is 1 month behind (Rp10.000, never paid); it must be paid up first.
	// true
}

// Registering rejects a malformed NIK with the field and the reason.
func ExampleRegistry_Add() {
	var r members.Registry
	m := siti()
	m.NIK = "3217014508900000"
	err := r.Add(m)
	fmt.Println(err)
	fmt.Println(errors.Is(err, members.ErrInvalidNIK), errors.Is(err, members.ErrInvalidMember))
	// Output:
	// member "A-0001": nik: the serial (digits 13-16) cannot be 0000
	// true true
}
