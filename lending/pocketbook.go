package lending

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// PocketBook is a member's repayment card for one loan (kartu angsuran, the
// page of the buku saku the group checks at every meeting): who, which
// package, and for each installment its due date and amount, when and how
// much was paid, and what remains, with a column for the officer's
// initials.
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
}

// PocketBookRow is one installment on the card.
type PocketBookRow struct {
	Number    int           `json:"number"`
	Due       calendar.Date `json:"due"`
	Amount    money.Amount  `json:"amount"`           // principal + margin due
	PaidOn    calendar.Date `json:"paid_on,omitzero"` // when it was paid in full
	Paid      money.Amount  `json:"paid"`             // paid on it so far (late fee included)
	Remaining money.Amount  `json:"remaining"`        // principal + margin left on the loan after this row
	Status    string        `json:"status"`           // lunas, lunas terlambat, sebagian, belum
}

// NewPocketBook builds the card of loan l of member m (whose group is
// group) from its state st, as of asOf.
//
// asOf may not be before what st already records (its last payment, fee
// accrual, default or write-off), as for PositionOf: the card would show
// payments made after the day it is dated. A card as of an earlier day
// needs the state of that day, which is the State value the caller had
// then. Refused, with a *ServicingError wrapping ErrInvalid: such a date,
// a missing date, a member who is not the loan's, a state that is not the
// loan's.
func NewPocketBook(koperasi string, m members.Member, group string, l Loan, st State, asOf calendar.Date) (PocketBook, error) {
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
	cur := l.Principal().Currency()
	pb := PocketBook{
		Koperasi: koperasi, Member: m.ID, Name: m.Name, Group: group, Loan: l.ID, Package: l.Package,
		Disbursed: l.Disbursed, Principal: l.Schedule.Principal, Margin: l.Schedule.Margin, Total: l.Schedule.Total, AsOf: asOf,
	}
	var paidAll int64
	left := l.Schedule.Total.Minor()
	for i, in := range l.Schedule.Installments {
		p := st.Installments[i]
		onLoan := p.Principal + p.Margin
		left -= onLoan
		paidAll += onLoan + p.Fee
		row := PocketBookRow{Number: in.Number, Due: in.Due, Amount: in.Total, PaidOn: p.On, Paid: cur.Amount(onLoan + p.Fee), Remaining: cur.Amount(left)}
		switch {
		case !p.On.IsZero() && p.On.After(in.Due):
			row.Status = "lunas terlambat"
		case !p.On.IsZero():
			row.Status = "lunas"
		case onLoan > 0:
			row.Status = "sebagian"
		default:
			row.Status = "belum"
		}
		pb.Rows = append(pb.Rows, row)
	}
	pb.Paid, pb.Remaining = cur.Amount(paidAll), cur.Amount(left)
	return pb, nil
}

// WriteText writes the card as plain text that fits 80 columns.
func (pb PocketBook) WriteText(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "KARTU ANGSURAN  %s\n", pb.Koperasi)
	fmt.Fprintf(&b, "Anggota : %s  %s\n", pb.Member, pb.Name)
	if pb.Group != "" {
		fmt.Fprintf(&b, "Kelompok: %s\n", pb.Group)
	}
	fmt.Fprintf(&b, "Pinjaman: %s  paket %s, dicairkan %s\n", pb.Loan, pb.Package, pb.Disbursed)
	fmt.Fprintf(&b, "Pokok %s + jasa %s = %s\n", pb.Principal, pb.Margin, pb.Total)
	fmt.Fprintf(&b, "%-3s %-10s %10s %-10s %10s %10s %-15s %s\n", "Ke", "Jatuh temp", "Angsuran", "Tgl bayar", "Dibayar", "Sisa", "Keterangan", "Paraf")
	for _, r := range pb.Rows {
		fmt.Fprintf(&b, "%-3d %-10s %10s %-10s %10s %10s %-15s %s\n", r.Number, r.Due, r.Amount, r.PaidOn, r.Paid, r.Remaining, r.Status, "____")
	}
	fmt.Fprintf(&b, "Dibayar %s, sisa %s, per %s\n", pb.Paid, pb.Remaining, pb.AsOf)
	_, err := w.Write(b.Bytes())
	return err
}

// WriteCSV writes the card's rows as CSV with an Indonesian header.
func (pb PocketBook) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	plain := func(a money.Amount) string {
		t, _ := a.MarshalText()
		_, num, _ := strings.Cut(string(t), " ")
		return num
	}
	if err := cw.Write([]string{"anggota", "kelompok", "pinjaman", "angsuran_ke", "jatuh_tempo", "angsuran", "tanggal_bayar", "dibayar", "sisa", "keterangan"}); err != nil {
		return err
	}
	for _, r := range pb.Rows {
		rec := []string{string(pb.Member), pb.Group, string(pb.Loan), strconv.Itoa(r.Number), r.Due.String(), plain(r.Amount), r.PaidOn.String(), plain(r.Paid), plain(r.Remaining), r.Status}
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

// WriteHTML writes the card as a self-contained, printable HTML page.
func (pb PocketBook) WriteHTML(w io.Writer) error {
	return pocketBookTemplate.Execute(w, pb)
}
