// Command mekarmukti replays the Mekarmukti pilot of koperasi-based
// integrated peer-to-peer (I-P2P) lending (Desa Mekarmukti, Kabupaten
// Bandung Barat, March to May 2024) in a koperasi.Book and prints, for a
// koperasi officer: the groups, the fact sheets, each cycle's disbursement,
// a sample pocket book, each lender's statement, the portfolio metrics per
// cycle, the package's cost next to a bank emok loan, and the trial balance;
// then a what-if in which one member misses two installments and her group
// covers for her.
//
//	go run ./examples/mekarmukti                      # everything
//	go run ./examples/mekarmukti -section metrics,trial
//	go run ./examples/mekarmukti -whatif=false
//	go run ./examples/mekarmukti -json               # the same as JSON
//
// The scenario is the importable fixture github.com/ip2p/koperasi/examples/pilot;
// its Assumptions list what the paper does not state.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/examples/pilot"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/schedule"
)

// sections, in print order.
var allSections = []string{"assumptions", "groups", "factsheets", "disbursements", "pocketbook", "lenders", "metrics", "costs", "trial", "whatif"}

type options struct {
	sections map[string]bool
	json     bool
}

func main() {
	sec := flag.String("section", "all", "comma-separated sections to print: "+strings.Join(allSections, ", "))
	whatif := flag.Bool("whatif", true, "include the what-if scenario")
	asJSON := flag.Bool("json", false, "print the sections as one JSON object")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: mekarmukti [-section list] [-whatif=false] [-json]\n\nReplays the Mekarmukti pilot of I-P2P lending and prints its books.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "mekarmukti: unexpected argument %q\n", flag.Arg(0))
		flag.Usage()
		os.Exit(2)
	}
	o, err := parseOptions(*sec, *whatif, *asJSON)
	if err == nil {
		err = run(os.Stdout, o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mekarmukti:", err)
		os.Exit(1)
	}
}

func parseOptions(sec string, whatif, asJSON bool) (options, error) {
	o := options{sections: map[string]bool{}, json: asJSON}
	if sec == "all" || sec == "" {
		for _, s := range allSections {
			o.sections[s] = true
		}
	} else {
		for _, s := range strings.Split(sec, ",") {
			s = strings.TrimSpace(s)
			if !slices.Contains(allSections, s) {
				return o, fmt.Errorf("unknown section %q; the sections are %s", s, strings.Join(allSections, ", "))
			}
			o.sections[s] = true
		}
	}
	if !whatif {
		if sec != "all" && sec != "" && o.sections["whatif"] {
			return o, fmt.Errorf("-section asks for the what-if and -whatif=false leaves it out")
		}
		delete(o.sections, "whatif")
	}
	return o, nil
}

// report collects what is printed, as text and as JSON values.
type report struct {
	w    io.Writer
	text bool
	err  error
	data map[string]any
}

func (r *report) printf(format string, args ...any) {
	if r.text && r.err == nil {
		_, r.err = fmt.Fprintf(r.w, format, args...)
	}
}

func (r *report) title(s string) {
	r.printf("\n%s\n%s\n", s, strings.Repeat("=", len([]rune(s))))
}

func run(w io.Writer, o options) error {
	b, err := pilot.Book()
	if err != nil {
		return err
	}
	r := &report{w: w, text: !o.json, data: map[string]any{}}
	r.printf("Koperasi I-P2P Mekarmukti: 15 peserta, 3 kelompok, 3 siklus paket usaha Rp25.000\n")
	end := pilot.DueDates(pilot.Cycles()[2])[5]
	steps := []struct {
		name string
		f    func(*report, *koperasi.Book, calendar.Date) error
	}{
		{"assumptions", assumptions}, {"groups", groupsSection}, {"factsheets", factSheets},
		{"disbursements", disbursements}, {"pocketbook", pocketBook}, {"lenders", lenders},
		{"metrics", metrics}, {"costs", costs}, {"trial", trial}, {"whatif", whatIf},
	}
	for _, s := range steps {
		if !o.sections[s.name] {
			continue
		}
		if err := s.f(r, b, end); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	if o.json {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r.data)
	}
	return r.err
}

func assumptions(r *report, _ *koperasi.Book, _ calendar.Date) error {
	r.title("Asumsi (assumptions where the paper is silent)")
	for i, a := range pilot.Assumptions() {
		// wrapped to 80 columns, to read on a narrow terminal or a printout
		line := fmt.Sprintf("%2d.", i+1)
		for _, w := range strings.Fields(a) {
			if utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > 80 {
				r.printf("%s\n", line)
				line = "   "
			}
			line += " " + w
		}
		r.printf("%s\n", line)
	}
	r.data["assumptions"] = pilot.Assumptions()
	return nil
}

func groupsSection(r *report, b *koperasi.Book, _ calendar.Date) error {
	r.title("Kelompok (groups formed by proximity)")
	var out []koperasi.GroupStatus
	for _, id := range b.Groups() {
		g, err := b.GroupStatus(id)
		if err != nil {
			return err
		}
		out = append(out, g)
		r.printf("%s: ketua %s, pengawas %s\n", id, g.Group.Leader(), strings.Join(toStrings(g.Group.Supervisors()), ", "))
		for _, c := range g.Group.Members() {
			m, err := b.Member(c.Member)
			if err != nil {
				return err
			}
			r.printf("  %s  %-40s RT %02d RW %02d\n", m.ID, m.Name, m.Address.RT, m.Address.RW)
		}
	}
	r.data["groups"] = out
	return nil
}

func toStrings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func factSheets(r *report, b *koperasi.Book, _ calendar.Date) error {
	r.title("Lembar informasi (fact sheets of cycle 1, as lenders saw them the day before disbursement)")
	c := pilot.Cycles()[0]
	var out []lending.FactSheet
	for _, g := range pilot.GroupIDs() {
		fs, err := b.FactSheet(pilot.FacilityID(g, 1), c.Disbursed.AddDays(-1))
		if err != nil {
			return err
		}
		out = append(out, fs)
		r.printf("%s\n", fs.Text())
	}
	r.data["factsheets"] = out
	return nil
}

func disbursements(r *report, b *koperasi.Book, _ calendar.Date) error {
	r.title("Pencairan (disbursements in kind)")
	var out []lending.Facility
	for _, f := range b.Facilities() {
		out = append(out, f)
		r.printf("Siklus %d %s: %s, %d paket, pokok %s; pendana:", f.Cycle, f.Group, f.ClosedOn, len(f.Loans), f.Disbursed)
		for _, s := range f.Lenders() {
			r.printf(" %s %s", s.Lender, s.Amount)
		}
		r.printf("\n")
	}
	r.data["disbursements"] = out
	return nil
}

func pocketBook(r *report, b *koperasi.Book, end calendar.Date) error {
	r.title("Buku saku (a sample pocket book: P01, cycle 1)")
	pb, err := b.PocketBook(pilot.LoanID("P01", 1), end)
	if err != nil {
		return err
	}
	if r.text && r.err == nil {
		r.err = pb.WriteText(r.w)
	}
	r.data["pocketbook"] = pb
	return nil
}

func lenders(r *report, b *koperasi.Book, end calendar.Date) error {
	r.title("Pemberi pinjaman (lender statements at the end of cycle 3)")
	sts, err := b.LenderStatements(end)
	if err != nil {
		return err
	}
	r.printf("%-4s %10s %12s %8s %8s %12s %10s\n", "", "Didanai", "Pokok kembali", "Jasa", "Rugi", "Sisa", "Imbal/thn")
	for _, s := range sts {
		t := s.Total
		r.printf("%-4s %10s %12s %8s %8s %12s %10s\n", s.Lender, t.Funded, t.Principal, t.Margin, t.Loss, t.Outstanding, t.Yield.Percent(2))
	}
	r.data["lenders"] = sts
	return nil
}

// metrics replays the pilot and measures each cycle on its third due date
// (loans outstanding) and its last: a Book measures as of a day only while
// it holds nothing later.
func metrics(r *report, _ *koperasi.Book, _ calendar.Date) error {
	r.title("Kinerja portofolio (portfolio metrics per cycle, mid-cycle and at its end)")
	type point struct {
		cycle int
		asOf  calendar.Date
	}
	var points []point
	for _, c := range pilot.Cycles() {
		dues := pilot.DueDates(c)
		points = append(points, point{c.N, dues[2]}, point{c.N, dues[5]})
	}
	b, err := koperasi.New(pilot.Config())
	if err != nil {
		return err
	}
	var out []lending.Metrics
	measure := func(p point) error {
		m, err := b.Metrics(koperasi.Scope{Cycle: p.cycle}, p.asOf)
		out = append(out, m)
		return err
	}
	for _, c := range pilot.Commands() {
		for len(points) > 0 && commandDate(c).After(points[0].asOf) {
			if err := measure(points[0]); err != nil {
				return err
			}
			points = points[1:]
		}
		if _, err := b.Do(c); err != nil {
			return err
		}
	}
	for _, p := range points {
		if err := measure(p); err != nil {
			return err
		}
	}
	r.printf("%-9s %-10s %6s %6s %10s %9s %6s %6s %6s %6s %6s\n", "Lingkup", "Per", "Pinjam", "Lunas", "Tepat wkt", "Pelunasan", "PAR1", "PAR7", "PAR30", "Hapus", "Imbal")
	for _, m := range out {
		r.printf("%-9s %-10s %6d %6d %10s %9s %6s %6s %6s %6s %6s\n", m.Scope, m.AsOf, m.Counts.Loans, m.Counts.Repaid, m.OnTime.Percent(0), m.Repayment.Percent(0),
			m.PAR[0].Share.Percent(0), m.PAR[1].Share.Percent(0), m.PAR[2].Share.Percent(0), m.WriteOff.Percent(0), m.LenderYield.Percent(0))
	}
	r.printf("(PAR is undefined, -, once nothing is outstanding; Imbal is the lenders' realised yield a year.)\n")
	r.data["metrics"] = out
	return nil
}

// commandDate is the date a command carries.
func commandDate(c koperasi.Command) calendar.Date {
	b, _ := json.Marshal(c)
	var op koperasi.Op
	_ = json.Unmarshal(b, &op)
	return op.Date
}

func costs(r *report, b *koperasi.Book, _ calendar.Date) error {
	r.title("Biaya pinjaman (cost disclosure: the package next to bank emok)")
	l, err := b.Loan(pilot.LoanID("P01", 1))
	if err != nil {
		return err
	}
	mine, err := schedule.Disclose(l.Loan.Schedule, schedule.Costs{})
	if err != nil {
		return err
	}
	es, ec, err := pilot.BankEmok(l.Loan.Disbursed)
	if err != nil {
		return err
	}
	emok, err := schedule.Disclose(es, ec)
	if err != nil {
		return err
	}
	if r.text && r.err == nil {
		r.err = schedule.WriteComparison(r.w, schedule.NamedDisclosure{Name: "Paket Mekarmukti", Disclosure: mine}, schedule.NamedDisclosure{Name: "Bank emok", Disclosure: emok})
	}
	r.printf("%s atas %s selama %d hari kecil dalam rupiah tetapi tinggi bila disetahunkan:\nbandingkan rupiah, tarif harian dan tarif tahunan bersama-sama.\n", mine.TotalCost, mine.Principal, mine.Days)
	r.data["costs"] = map[string]schedule.Disclosure{"mekarmukti": mine, "bank_emok": emok}
	return nil
}

func trial(r *report, b *koperasi.Book, _ calendar.Date) error {
	r.title("Neraca saldo (trial balance)")
	tb := b.TrialBalance()
	for _, row := range tb.Rows {
		if row.Debit.IsZero() && row.Credit.IsZero() {
			continue
		}
		r.printf("%-4s %-42s %12s %12s\n", row.Code, row.Name, row.Debit, row.Credit)
	}
	diff, err := tb.Debits.Sub(tb.Credits)
	if err != nil {
		return err
	}
	r.printf("%-47s %12s %12s\nSelisih (must be zero): %s\n", "Jumlah", tb.Debits, tb.Credits, diff)
	r.data["trial_balance"] = tb
	return nil
}

// followUp says who visits whom after a collection, and why, for the
// officer: "kunjungan rumah oleh ketua P05 ke P03: berutang Rp8.400
// kepada kelompok".
func followUp(f lending.FollowUp) string {
	who := "ketua " + string(f.Visitors[0])
	switch f.Level {
	case lending.SupervisorVisit:
		who += " bersama pengawas"
	case lending.KoperasiFollowUp:
		who = "petugas koperasi"
	}
	var why []string
	if f.Arrears.IsPositive() {
		why = append(why, fmt.Sprintf("menunggak %s, %d hari lewat jatuh tempo", f.Arrears, f.DaysPastDue))
	}
	if f.OwesGroup.IsPositive() {
		owes := fmt.Sprintf("berutang %s kepada kelompok", f.OwesGroup)
		if f.DaysOwing > 0 {
			owes += fmt.Sprintf(" sejak %d hari lalu", f.DaysOwing)
		}
		why = append(why, owes)
	}
	return fmt.Sprintf("kunjungan rumah oleh %s ke %s: %s", who, f.Member, strings.Join(why, "; "))
}

func whatIf(r *report, _ *koperasi.Book, _ calendar.Date) error {
	r.title("Bagaimana jika (what-if: P03 misses two installments in cycle 1)")
	b, err := koperasi.New(pilot.Config())
	if err != nil {
		return err
	}
	var log []string
	for _, c := range pilot.WhatIf() {
		col, isCollect := c.(koperasi.Collect)
		show := isCollect && col.Group == "G1" && !strings.HasSuffix(col.ID, "-1")
		if show {
			sheet, err := b.CollectionSheet("G1", col.Date)
			if err != nil {
				return err
			}
			line := fmt.Sprintf("%s rapat G1: ditagih %s (jatuh tempo %s, tunggakan %s)", col.Date, sheet.Total, sheet.Due, sheet.Arrears)
			for _, p := range col.Paid {
				if p.Amount.IsZero() {
					line += fmt.Sprintf("; %s tidak membayar", p.Member)
				}
			}
			log = append(log, line)
		}
		rc, err := b.Do(c)
		if err != nil {
			return err
		}
		if isCollect && col.Group == "G1" {
			for _, f := range rc.FollowUps {
				log = append(log, "  tindak lanjut: "+followUp(f))
			}
		}
		if v, ok := c.(koperasi.RecordVisit); ok {
			log = append(log, fmt.Sprintf("  %s kunjungan rumah oleh %s ke %s: %s", v.Date, v.By, v.Member, v.Note))
		}
		if s, ok := c.(koperasi.SettleDebts); ok {
			log = append(log, fmt.Sprintf("%s %s membayar kembali %s kepada kelompok %s", s.Date, s.Member, s.Amount, s.Group))
		}
	}
	for _, l := range log {
		r.printf("%s\n", l)
	}
	g, err := b.GroupStatus("G1")
	if err != nil {
		return err
	}
	c := pilot.Cycles()[0]
	dues := pilot.DueDates(c)
	rec := g.Records[0]
	r.printf("Siklus 1 G1: %d angsuran, %d tepat waktu, %d angsuran ditanggung kelompok; utang dalam kelompok tersisa %d\n", rec.Due, rec.OnTime, rec.Covers, len(g.Debts.All()))
	for _, p := range []members.ID{"P01", "P02", "P04", "P05"} {
		pos, err := b.SavingsPosition(p, dues[5])
		if err != nil {
			return err
		}
		r.printf("  %s menerima kembali tanggungannya ke simpanan sukarela: %s\n", p, pos.Balances.Sukarela)
	}
	pb, err := b.PocketBook(pilot.LoanID(pilot.WhatIfMember, 1), dues[5])
	if err != nil {
		return err
	}
	if r.text && r.err == nil {
		r.err = pb.WriteText(r.w)
	}
	m, err := b.Metrics(koperasi.Scope{Group: "G1", Cycle: 1}, dues[5])
	if err != nil {
		return err
	}
	r.printf("Kinerja G1 siklus 1: pelunasan %s, tepat waktu %s\n", m.Repayment.Percent(0), m.OnTime.Percent(0))
	r.data["whatif"] = map[string]any{"log": log, "group": g, "visits": b.Visits(), "pocketbook": pb, "metrics": m}
	return nil
}
