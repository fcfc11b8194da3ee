package pilot_test

import (
	"fmt"
	"os"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/examples/pilot"
)

// The whole pilot as a fixture: three cycles, every loan repaid, and a
// member's pocket book.
func ExampleBook() {
	b, err := pilot.Book()
	if err != nil {
		fmt.Println(err)
		return
	}
	last := pilot.DueDates(pilot.Cycles()[2])[5]
	m, _ := b.Metrics(koperasi.Scope{}, last)
	fmt.Println("loans:", m.Counts.Loans, "repaid:", m.Counts.Repaid, "repayment rate:", m.Repayment.Percent(0))
	pb, _ := b.PocketBook(pilot.LoanID("P07", 2), last)
	_ = pb.WriteText(os.Stdout)
	// Output:
	// loans: 45 repaid: 45 repayment rate: 100%
	// KARTU ANGSURAN  Koperasi Awilarangan Mukti Rahayu (KAMURA)
	// Anggota : P07  Peserta 07 (keluarga miskin)
	// Kelompok: G2
	// Pinjaman: K-P07-2  paket PAKET-PINDANG, dicairkan 2024-04-22
	// Pokok Rp25.000 + jasa Rp200 = Rp25.200
	// Ke  Jatuh tempo  Angsuran  Tgl bayar   Dibayar      Sisa  Keterangan  Paraf
	// 1   2024-04-23    Rp4.200  2024-04-23  Rp4.200  Rp21.000  lunas       ____
	// 2   2024-04-24    Rp4.200  2024-04-24  Rp4.200  Rp16.800  lunas       ____
	// 3   2024-04-25    Rp4.200  2024-04-25  Rp4.200  Rp12.600  lunas       ____
	// 4   2024-04-26    Rp4.200  2024-04-26  Rp4.200   Rp8.400  lunas       ____
	// 5   2024-04-27    Rp4.200  2024-04-27  Rp4.200   Rp4.200  lunas       ____
	// 6   2024-04-29    Rp4.200  2024-04-29  Rp4.200       Rp0  lunas       ____
	// Dibayar Rp25.200, sisa Rp0, per 2024-05-15
}
