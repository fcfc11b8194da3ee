package lending

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// PocketBook is a member's repayment card for one loan (kartu angsuran, the
// page of the buku saku the group checks at every meeting): who, which
// package, and for each installment its due date and amount, when and how
// much was paid, what the group paid for the member, and what remains,
// with a column for the officer's initials.
type PocketBook struct {
	Koperasi  string          `json:"koperasi"`
	Member    members.ID      `json:"member"`
	Name      string          `json:"name"`
	Group     string          `json:"group,omitempty"`
	Loan      LoanID          `json:"loan"`
	Package   string          `json:"package"`
	Disbursed calendar.Date   `json:"disbursed"`
	Principal money.Amount    `json:"principal"`
	Margin    money.Amount    `json:"margin"`
	Total     money.Amount    `json:"total"`
	AsOf      calendar.Date   `json:"as_of"`
	Rows      []PocketBookRow `json:"rows"`
	Paid      money.Amount    `json:"paid"`      // principal, margin and late fees paid
	Remaining money.Amount    `json:"remaining"` // principal and margin still to pay
	// Covered is the part of Paid the group paid (peers and the group
	// fund, under tanggung renteng): paid on the loan, owed by the member
	// to the group until she pays it back.
	Covered money.Amount `json:"covered"`
}

// Statuses of an installment on the card (PocketBookRow.Status). "Paid in
// full" is of its principal and margin; the group is the member's peers and
// the group fund, covering for her (tanggung renteng).
const (
	CardPaid          = "lunas"                         // paid in full by the due date, all by the member
	CardPaidLate      = "lunas terlambat"               // paid in full after the due date, all by the member
	CardCovered       = "ditanggung kelompok"           // paid in full, the group paying some or all of it
	CardPartly        = "sebagian"                      // part paid, all by the member
	CardPartlyCovered = "sebagian, ditanggung kelompok" // part paid, the group paying some or all of that part
	CardUnpaid        = "belum"                         // nothing paid on its principal and margin
)

// PocketBookRow is one installment on the card.
type PocketBookRow struct {
	Number    int           `json:"number"`
	Due       calendar.Date `json:"due"`
	Amount    money.Amount  `json:"amount"`           // principal + margin due
	PaidOn    calendar.Date `json:"paid_on,omitzero"` // when it was paid in full
	Paid      money.Amount  `json:"paid"`             // paid on it so far (late fee included)
	Covered   money.Amount  `json:"covered"`          // the part of Paid the group paid
	Remaining money.Amount  `json:"remaining"`        // principal + margin left on the loan after this row
	Status    string        `json:"status"`           // one of the Card statuses: lunas, ditanggung kelompok ...
}

// NewPocketBook builds the card of loan l of member m (whose group is
// group) from its state st, as of asOf; r is the servicing the loan's
// payments were posted under (its product's).
//
// asOf may not be before what st already records (its last payment, fee
// accrual, default or write-off), as for PositionOf: the card would show
// payments made after the day it is dated. A card as of an earlier day
// needs the state of that day, which is the State value the caller had
// then. Refused, with a *ServicingError wrapping ErrInvalid: such a date,
// a missing date, a member who is not the loan's, a state that is not the
// loan's.
//
// A State keeps what was paid on each installment, not who paid it. When
// the group paid anything on the loan (payments from peers or the group
// fund), the card finds the group's part of each installment by posting
// st's payments again under r, as Post did; rules under which they do not
// give st's installments are refused (ErrInvalid). Within one payment,
// money pays the allocation's lines in installment order: the credit held
// from an earlier overpayment first (its group part first), then the
// payment itself, which only matters when credit from one source meets a
// payment from another.
func NewPocketBook(koperasi string, m members.Member, group string, l Loan, st State, asOf calendar.Date, r Servicing) (PocketBook, error) {
	fail := func(reason string) (PocketBook, error) {
		return PocketBook{}, &ServicingError{Op: "pocket book", Loan: l.ID, Reason: reason, Err: ErrInvalid}
	}
	if m.ID != l.Member {
		return fail("the loan is member " + string(l.Member) + "'s, not " + string(m.ID) + "'s")
	}
	if err := checkState("pocket book", l, st); err != nil {
		return PocketBook{}, err
	}
	if asOf.IsZero() {
		return fail("the date of the card is missing")
	}
	if last := st.lastEvent(); asOf.Before(last) {
		return fail("the loan's record already includes " + last.String() + ", after " + asOf.String() +
			"; print the card as of " + last.String() + " or later (a card as of an earlier day needs the loan's state of that day)")
	}
	cover, err := groupCover(&l, &st, r)
	if err != nil {
		return PocketBook{}, err
	}
	cur := l.Principal().Currency()
	pb := PocketBook{
		Koperasi: koperasi, Member: m.ID, Name: m.Name, Group: group, Loan: l.ID, Package: l.Package,
		Disbursed: l.Disbursed, Principal: l.Schedule.Principal, Margin: l.Schedule.Margin, Total: l.Schedule.Total, AsOf: asOf,
	}
	var paidAll, coveredAll int64
	left := l.Schedule.Total.Minor()
	for i, in := range l.Schedule.Installments {
		p := st.Installments[i]
		onLoan := p.Principal + p.Margin
		left -= onLoan
		paidAll += onLoan + p.Fee
		coveredAll += cover[i]
		row := PocketBookRow{Number: in.Number, Due: in.Due, Amount: in.Total, PaidOn: p.On, Paid: cur.Amount(onLoan + p.Fee),
			Covered: cur.Amount(cover[i]), Remaining: cur.Amount(left)}
		switch {
		case !p.On.IsZero() && cover[i] > 0:
			row.Status = CardCovered
		case !p.On.IsZero() && p.On.After(in.Due):
			row.Status = CardPaidLate
		case !p.On.IsZero():
			row.Status = CardPaid
		case cover[i] > 0:
			row.Status = CardPartlyCovered
		case onLoan > 0:
			row.Status = CardPartly
		default:
			row.Status = CardUnpaid
		}
		pb.Rows = append(pb.Rows, row)
	}
	pb.Paid, pb.Remaining, pb.Covered = cur.Amount(paidAll), cur.Amount(left), cur.Amount(coveredAll)
	return pb, nil
}

// fromGroup reports whether a payment is the group's money.
func fromGroup(p *Payment) bool { return p.Source == FromPeers || p.Source == FromGroupFund }

// groupCover is what the group paid on each installment of loan l (late
// fee included), in minor units, from the payments state st records,
// posted again under r (see NewPocketBook).
func groupCover(l *Loan, st *State, r Servicing) ([]int64, error) {
	cover := make([]int64, len(st.Installments))
	if !slices.ContainsFunc(st.Payments, func(p Payment) bool { return fromGroup(&p) }) {
		return cover, nil // all the member's: nothing to replay
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	as, err := replayFirst(*l, *st, len(st.Payments), r, "pocket book")
	if err != nil {
		return nil, err
	}
	var held int64 // the group's part of the credit held
	for i := range as {
		a, p := &as[i], &st.Payments[i]
		if p.Source == FromRecovery {
			continue // after the write-off: it pays no installment
		}
		// the money of this posting, in the order it pays the lines: the
		// credit held first (all of it is used), then the payment
		credit := a.CreditUsed.Minor()
		pool := [3]struct {
			n     int64
			group bool
		}{{held, true}, {credit - held, false}, {p.Amount.Minor(), fromGroup(p)}}
		k := 0
		for _, ln := range a.Lines {
			x := ln.Fee.Minor() + ln.Margin.Minor() + ln.Principal.Minor()
			for x > 0 && k < len(pool) {
				if pool[k].n == 0 {
					k++
					continue
				}
				y := min(x, pool[k].n)
				x, pool[k].n = x-y, pool[k].n-y
				if pool[k].group {
					cover[ln.Installment-1] += y
				}
			}
		}
		var groupLeft int64
		for _, m := range pool {
			if m.group {
				groupLeft += m.n
			}
		}
		held = min(groupLeft, a.Credit.Minor()) // what is not held is refunded
	}
	return cover, nil
}

// cardWidth is the width of the plain-text card, in runes: a small
// printer's line, and a message that reads on a phone.
const cardWidth = 80

// WriteText writes the card as plain text in which no line is longer than
// 80 runes, whatever the names and amounts. Header fields too long for
// their line (a koperasi's full name, a member's name of up to 200
// characters) wrap onto indented lines, between words when they can;
// control characters in names print as spaces. The table's amount columns
// are as wide as the widest amount they print. When a row does not fit 80
// columns (amounts in the billions, a long status), every row wraps the
// same way onto as many lines as it needs, each column kept whole and the
// header wrapped alike, so that each label stays above its values; the
// continuation lines are indented past the installment number. Runes are
// counted, not display cells: a wide (East Asian) character takes two
// columns on a terminal. A loan without a package leaves "paket" out.
func (pb PocketBook) WriteText(w io.Writer) error {
	var b bytes.Buffer
	textField(&b, "KARTU ANGSURAN  ", pb.Koperasi)
	textField(&b, "Anggota : ", string(pb.Member)+"  "+pb.Name)
	if pb.Group != "" {
		textField(&b, "Kelompok: ", pb.Group)
	}
	loan := string(pb.Loan)
	if pb.Package != "" {
		loan += "  paket " + pb.Package + ","
	}
	textField(&b, "Pinjaman: ", loan+" dicairkan "+pb.Disbursed.String())
	textField(&b, "", "Pokok "+pb.Principal.String()+" + jasa "+pb.Margin.String()+" = "+pb.Total.String())
	pb.textRows(&b)
	textField(&b, "", "Dibayar "+pb.Paid.String()+", sisa "+pb.Remaining.String()+", per "+pb.AsOf.String())
	if note := pb.coverNote(); note != "" {
		textField(&b, "", note)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// coverNote explains, when the group paid anything on the card, what
// "ditanggung kelompok" means and which installments it paid; "" when it
// paid nothing.
func (pb PocketBook) coverNote() string {
	if !pb.Covered.IsPositive() {
		return ""
	}
	var b strings.Builder
	b.WriteString("Ditanggung kelompok: teman sekelompok atau dana kelompok membayar " + pb.Covered.String() + " dari angsuran di atas (")
	sep := ""
	for _, r := range pb.Rows {
		if r.Covered.IsPositive() {
			b.WriteString(sep + "ke-" + strconv.Itoa(r.Number) + " " + r.Covered.String())
			sep = ", "
		}
	}
	b.WriteString("). Untuk pinjaman jumlah itu sudah lunas; anggota menggantinya kepada kelompok (tanggung renteng), di luar kartu ini.")
	return b.String()
}

// textColumn is one column of the card's table: its label, its cells and
// its width in runes.
type textColumn struct {
	label string
	right bool // numbers align right
	cells []string
	width int
}

// textRows writes the table of installments: one line a row when a row
// fits cardWidth, else each row (and the header) wrapped onto as many
// lines as it needs, the columns packed greedily in order.
func (pb PocketBook) textRows(b *bytes.Buffer) {
	cols := []textColumn{
		{label: "Ke"}, {label: "Jatuh tempo"}, {label: "Angsuran", right: true}, {label: "Tgl bayar"},
		{label: "Dibayar", right: true}, {label: "Sisa", right: true}, {label: "Keterangan"}, {label: "Paraf"},
	}
	for i := range cols {
		cols[i].cells = make([]string, len(pb.Rows))
	}
	for k, r := range pb.Rows {
		for i, c := range [...]string{strconv.Itoa(r.Number), r.Due.String(), r.Amount.String(), r.PaidOn.String(),
			r.Paid.String(), r.Remaining.String(), r.Status, "____"} {
			cols[i].cells[k] = c
		}
	}
	for i := range cols {
		c := &cols[i]
		c.width = utf8.RuneCountInString(c.label)
		for _, s := range c.cells {
			c.width = max(c.width, utf8.RuneCountInString(s))
		}
	}
	// Two spaces between columns when a row fits so, else one. lines[j]
	// is the first column of line j of a row; rows continue past the
	// installment number.
	gap, width := 2, 0
	for _, c := range cols {
		width += c.width
	}
	if width+gap*(len(cols)-1) > cardWidth {
		gap = 1
	}
	indent := cols[0].width + gap
	lines := []int{0}
	at := cols[0].width
	for i := 1; i < len(cols); i++ {
		w := cols[i].width
		if at+gap+w > cardWidth {
			lines = append(lines, i)
			at = indent + w
			continue
		}
		at += gap + w
	}
	lines = append(lines, len(cols))
	line := func(cell func(c *textColumn) string) {
		for j := 0; j+1 < len(lines); j++ {
			var l bytes.Buffer
			if j > 0 {
				l.WriteString(strings.Repeat(" ", indent))
			}
			for i := lines[j]; i < lines[j+1]; i++ {
				c := &cols[i]
				if i > lines[j] {
					l.WriteString(strings.Repeat(" ", gap))
				}
				s := cell(c)
				pad := strings.Repeat(" ", c.width-utf8.RuneCountInString(s))
				if c.right {
					l.WriteString(pad + s)
				} else {
					l.WriteString(s + pad)
				}
			}
			b.Write(bytes.TrimRight(l.Bytes(), " "))
			b.WriteByte('\n')
		}
	}
	line(func(c *textColumn) string { return c.label })
	for k := range pb.Rows {
		line(func(c *textColumn) string { return c.cells[k] })
	}
}

// textField writes label and value, wrapping value between words onto
// continuation lines so that no line is longer than cardWidth runes: they
// start under the value, or two columns in when there is no label. A word
// longer than a line is cut. Control and space characters (a newline or a
// line separator in a name) print as spaces.
func textField(b *bytes.Buffer, label, value string) {
	value = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, value)
	n := utf8.RuneCountInString(label)
	if n+utf8.RuneCountInString(value) <= cardWidth {
		b.WriteString(strings.TrimRight(label+value, " "))
		b.WriteByte('\n')
		return
	}
	indent := strings.Repeat(" ", max(n, 2))
	line := []rune(label)
	fresh := true // nothing of value on the line yet
	flush := func() {
		b.WriteString(strings.TrimRight(string(line), " "))
		b.WriteByte('\n')
		line, fresh = append(line[:0], []rune(indent)...), true
	}
	for _, word := range strings.Fields(value) {
		rs := []rune(word)
		if !fresh && len(line)+1+len(rs) > cardWidth {
			flush()
		}
		if !fresh {
			line = append(line, ' ')
		}
		for len(line)+len(rs) > cardWidth { // a word longer than a line
			k := cardWidth - len(line)
			line = append(line, rs[:k]...)
			rs = rs[k:]
			flush()
		}
		line = append(line, rs...)
		fresh = false
	}
	flush()
}

// cell is a text field as the CSV holds it: one a spreadsheet would read as
// a formula (starting with =, +, -, @ or a tab or carriage return: an ID is
// the host's, and may) is prefixed with an apostrophe, which spreadsheets
// show as text.
func cell(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// WriteCSV writes the card's rows as CSV: one header row of Indonesian
// column names, then one row per installment, every row with the member,
// group, loan and package, so that the cards of many members can be
// pasted into one sheet. Amounts are plain numbers with the currency's
// decimals and no thousands separator (whole rupiah: 4200), dates
// YYYY-MM-DD. ditanggung_kelompok is the part of dibayar the group paid
// (keterangan then says "ditanggung kelompok"); paraf_petugas is left
// empty for the officer's initials on a printout.
func (pb PocketBook) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	plain := func(a money.Amount) string {
		t, _ := a.MarshalText()
		_, num, _ := strings.Cut(string(t), " ")
		return num
	}
	if err := cw.Write([]string{"anggota", "kelompok", "pinjaman", "paket", "angsuran_ke", "jatuh_tempo", "angsuran", "tanggal_bayar", "dibayar", "ditanggung_kelompok", "sisa", "keterangan", "paraf_petugas"}); err != nil {
		return err
	}
	for _, r := range pb.Rows {
		rec := []string{cell(string(pb.Member)), cell(pb.Group), cell(string(pb.Loan)), cell(pb.Package), strconv.Itoa(r.Number), r.Due.String(), plain(r.Amount), r.PaidOn.String(), plain(r.Paid), plain(r.Covered), plain(r.Remaining), r.Status, ""}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

//go:embed pocketbook.html.tmpl
var pocketBookHTML string

var pocketBookTemplate = template.Must(template.New("kartu").Parse(pocketBookHTML))

// WriteHTML writes the card as a self-contained, printable HTML page. The
// rows the group paid on show the group's part and are shaded, and a note
// under the table says what "ditanggung kelompok" means.
func (pb PocketBook) WriteHTML(w io.Writer) error {
	return pocketBookTemplate.Execute(w, struct {
		PocketBook
		Note string
	}{pb, pb.coverNote()})
}
