// Command mekarmukti replays the Mekarmukti pilot of koperasi-based
// integrated peer-to-peer lending (Desa Mekarmukti, Kabupaten Bandung Barat,
// March 2024): each member receives a Rp25.000 business package on credit
// and repays it in 6 daily installments of Rp4.200.
//
// This first version prints the package's repayment schedule as a member's
// pocket book (buku saku) under both readings of the paper's rounding, then
// its cost next to a typical informal lender's (bank emok) loan.
//
//	go run ./examples/mekarmukti
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: mekarmukti\n\nPrints the Mekarmukti pilot's package schedule and its cost next to a bank emok loan.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mekarmukti:", err)
		os.Exit(1)
	}
}

// firstDay is the pilot's first implementation day at the KAMURA office.
var firstDay = must(calendar.NewDate(2024, 3, 28))

func must[T any](v T, err error) T {
	if err != nil {
		panic(err) // only for the fixed dates of this program
	}
	return v
}

func run(w io.Writer) error {
	p := &printer{w: w}
	p.title("Koperasi I-P2P Mekarmukti: paket usaha Rp25.000, 6 angsuran harian")

	keep := schedule.Mekarmukti(firstDay)
	s, err := schedule.Generate(keep)
	if err != nil {
		return err
	}
	p.line("Dibulatkan ke atas Rp100, semua angsuran sama (keep-equal):")
	p.pocketBook(s)
	p.line("Selisih pembulatan Rp%s dicatat sebagai margin (jasa) dan diungkapkan.", strings.TrimPrefix(s.RoundingMargin.String(), "Rp"))
	p.line("")

	last := keep
	last.Rounding.Residual = schedule.LastAbsorbs
	s2, err := schedule.Generate(last)
	if err != nil {
		return err
	}
	p.line("Bacaan lain: angsuran terakhir mengembalikan sisa pembulatan (last-absorbs):")
	p.pocketBook(s2)
	p.line("")
	if err := p.costs(s); err != nil {
		return err
	}
	return p.err
}

// bankEmok is a typical informal group lender's loan in West Java: Rp1.500.000
// with a 10% fee taken at disbursement (the borrower receives Rp1.350.000),
// repaid as 50 weekly installments of Rp37.500 (25% flat over the term).
func bankEmok() (schedule.Schedule, schedule.Costs, error) {
	flat25, err := money.Percent(25, money.PerTerm)
	if err != nil {
		return schedule.Schedule{}, schedule.Costs{}, err
	}
	s, err := schedule.Generate(schedule.Terms{
		Principal:    money.Rupiah(1_500_000),
		Method:       schedule.Flat,
		Rate:         flat25,
		Installments: 50,
		Frequency:    calendar.Frequency{Unit: calendar.Weeks},
		Disbursed:    firstDay,
	})
	return s, schedule.Costs{Fee: money.Rupiah(150_000)}, err
}

// costs prints the package's cost next to bank emok's, on equal terms.
func (p *printer) costs(pkg schedule.Schedule) error {
	mine, err := schedule.Disclose(pkg, schedule.Costs{})
	if err != nil {
		return err
	}
	es, ec, err := bankEmok()
	if err != nil {
		return err
	}
	emok, err := schedule.Disclose(es, ec)
	if err != nil {
		return err
	}
	p.line("Biaya pinjaman dibandingkan (cost disclosure):")
	if p.err == nil {
		p.err = schedule.WriteComparison(p.w,
			schedule.NamedDisclosure{Name: "Paket Mekarmukti", Disclosure: mine},
			schedule.NamedDisclosure{Name: "Bank emok", Disclosure: emok})
	}
	p.line("Rp200 atas Rp25.000 selama 6 hari kecil dalam rupiah, tetapi tinggi bila disetahunkan;")
	p.line("bandingkan rupiah, tarif harian dan tarif tahunan bersama-sama.")
	return nil
}

// printer writes text and keeps the first write error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
	}
}

func (p *printer) title(s string) {
	p.line("%s", s)
	p.line("%s", strings.Repeat("=", len(s)))
	p.line("")
}

// pocketBook prints the schedule the way a member's buku saku lists it.
func (p *printer) pocketBook(s schedule.Schedule) {
	p.line("  %-3s %-10s %10s %8s %10s %10s", "Ke", "Jatuh tempo", "Pokok", "Jasa", "Angsuran", "Sisa pokok")
	for _, r := range s.Installments {
		p.line("  %-3d %-10s %10s %8s %10s %10s", r.Number, r.Due, r.Principal, r.Margin, r.Total, r.Balance)
	}
	p.line("  %-14s %10s %8s %10s", "Jumlah", s.Principal, s.Margin, s.Total)
}
