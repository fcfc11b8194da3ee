package lending

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// pocketBookLoan is a Mekarmukti loan on which the member paid four
// installments: two on time, one a day late, and half of the fourth.
func pocketBookLoan(t *testing.T) (members.Member, Loan, State) {
	return p03Loan(t, []cardPay{{29, 4200, FromMember}, {30, 4200, FromMember}, {32, 4200, FromMember}, {32, 2100, FromMember}})
}

// cardPay is a payment on P03's loan: the day of March 2024, the amount in
// rupiah and where the money came from.
type cardPay struct {
	day    int
	amount int64
	src    Source
}

// p03Loan is P03's Mekarmukti loan K-P03-1 with the payments given posted
// on it, in order, under the default rules.
func p03Loan(t testing.TB, pays []cardPay) (members.Member, Loan, State) {
	t.Helper()
	l := mekarmuktiLoan(t, "K-P03-1", "P03")
	st := NewState(l)
	for i, p := range pays {
		var err error
		st, _, _, err = Post(l, st, sourced(Payment{ID: "pay-" + strconv.Itoa(i), Loan: l.ID, Date: day(p.day), Amount: rp(p.amount)}, p.src), Servicing{})
		require.NoError(t, err)
	}
	return members.Member{ID: "P03", Name: "Peserta 03 (keluarga miskin)"}, l, st
}

func TestPocketBook(t *testing.T) {
	m, l, st := pocketBookLoan(t)
	pb, err := NewPocketBook("Koperasi Awilarangan Mukti Rahayu", m, "G1", l, st, day(32), Servicing{})
	require.NoError(t, err)
	require.Equal(t, rp(14700), pb.Paid)
	require.Equal(t, rp(10500), pb.Remaining)
	require.Equal(t, []string{"lunas", "lunas", "lunas terlambat", "sebagian", "belum", "belum"}, cardStatuses(pb))

	var text, csv, html bytes.Buffer
	require.NoError(t, pb.WriteText(&text))
	require.NoError(t, pb.WriteCSV(&csv))
	require.NoError(t, pb.WriteHTML(&html))
	cardLines(t, text.String())
	golden(t, "pocketbook.txt", text.String())
	golden(t, "pocketbook.csv", csv.String())
	golden(t, "pocketbook.html", html.String())
	require.NotContains(t, html.String(), "<script", "the page is self-contained and inert")
}

func cardStatuses(pb PocketBook) []string {
	var s []string
	for _, r := range pb.Rows {
		s = append(s, r.Status)
	}
	return s
}

func TestPocketBookEscapesHTML(t *testing.T) {
	m, l, st := pocketBookLoan(t)
	m.Name = `<b onmouseover="x">Ibu</b>`
	pb, err := NewPocketBook("K & K", m, "G1", l, st, day(32), Servicing{})
	require.NoError(t, err)
	var html bytes.Buffer
	require.NoError(t, pb.WriteHTML(&html))
	require.NotContains(t, html.String(), `<b onmouseover`)
	require.Contains(t, html.String(), "K &amp; K")
}

func TestPocketBookRefusesMismatch(t *testing.T) {
	m, l, st := pocketBookLoan(t)
	m.ID = "P99"
	_, err := NewPocketBook("K", m, "G1", l, st, day(32), Servicing{})
	require.True(t, errors.Is(err, ErrInvalid), "%v", err)
	m.ID = "P03"
	st.Loan = "other"
	_, err = NewPocketBook("K", m, "G1", l, st, day(32), Servicing{})
	require.True(t, errors.Is(err, ErrInvalid), "%v", err)
}

// A card as of a day before the state's last payment would print that
// payment under an earlier "per" date; it is refused like PositionOf.
func TestPocketBookRefusesDayBeforeState(t *testing.T) {
	m, l, st := pocketBookLoan(t) // last payment on day 32
	_, perr := PositionOf(l, st, day(31), Servicing{})
	require.ErrorIs(t, perr, ErrInvalid, "precondition: PositionOf refuses the day")
	for _, d := range []int{31, 28} {
		_, err := NewPocketBook("K", m, "G1", l, st, day(d), Servicing{})
		require.ErrorIs(t, err, ErrInvalid, "as of day %d", d)
		var se *ServicingError
		require.ErrorAs(t, err, &se)
		require.Equal(t, "pocket book", se.Op)
		require.Contains(t, err.Error(), "already includes 2024-04-01, after "+day(d).String())
		require.Contains(t, err.Error(), "print the card as of 2024-04-01 or later")
	}
	_, err := NewPocketBook("K", m, "G1", l, st, calendar.Date{}, Servicing{})
	require.ErrorIs(t, err, ErrInvalid, "a card without a date")
	for _, d := range []int{32, 40} {
		pb, err := NewPocketBook("K", m, "G1", l, st, day(d), Servicing{})
		require.NoError(t, err, "as of day %d", d)
		require.Equal(t, day(d), pb.AsOf)
	}
}

// cardLines are the lines of the card's text, and fails the test if one is
// longer than 80 runes.
func cardLines(t require.TestingT, text string) []string {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	for i, line := range lines {
		require.LessOrEqual(t, utf8.RuneCountInString(line), 80, "line %d is over 80 columns: %q", i+1, line)
	}
	return lines
}

// wideLoan is a loan of n installments of amount each (margin part margin),
// due daily from day 2, with the first len(paid) installments paid in full
// on their due dates from the sources given.
func wideLoan(t require.TestingT, n int, amount, margin int64, paid ...Source) (Loan, State) {
	ins := make([]schedule.Installment, n)
	var p, m int64
	for i := range ins {
		ins[i] = schedule.Installment{Number: i + 1, Due: day(2 + i), Principal: rp(amount - margin), Margin: rp(margin), Total: rp(amount)}
		p, m = p+amount-margin, m+margin
	}
	for i := range ins {
		p -= ins[i].Principal.Minor()
		ins[i].Balance = rp(p)
	}
	l := Loan{ID: "K-0001-1", Member: "P-0001", Product: "usaha", Package: "PAKET-BESAR", Disbursed: day(1),
		Schedule: schedule.Schedule{Installments: ins, Principal: rp(int64(n) * (amount - margin)), Margin: rp(m), Total: rp(int64(n) * amount)}}
	st := NewState(l)
	for i, src := range paid {
		var err error
		st, _, _, err = Post(l, st, sourced(Payment{ID: "pay-" + strconv.Itoa(i), Loan: l.ID, Date: day(2 + i), Amount: rp(amount)}, src), Servicing{})
		require.NoError(t, err)
	}
	return l, st
}

// A card whose rows cannot fit 80 columns (amounts in the trillions) wraps
// every row, and its header, the same way; long names wrap between words.
func TestPocketBookTextWraps(t *testing.T) {
	l, st := wideLoan(t, 3, 3_000_000_000_000_000, 1_000_000_000_000, FromMember)
	m := members.Member{ID: "P-0001", Name: "Nyi Raden Siti Nurhasanah Kartikasari binti Haji Abdurrahman al-Bandungi, ibu rumah tangga dan pengolah pindang"}
	pb, err := NewPocketBook("Koperasi Simpan Pinjam dan Pembiayaan Syariah Awilarangan Mukti Rahayu (KAMURA), Desa Mekarmukti", m, "G1", l, st, day(2), Servicing{})
	require.NoError(t, err)
	var text bytes.Buffer
	require.NoError(t, pb.WriteText(&text))
	lines := cardLines(t, text.String())
	require.Greater(t, len(lines), 2*len(pb.Rows)+6, "the rows wrap")
	golden(t, "pocketbook_wrapped.txt", text.String())
}

// Whatever the names (0-200 runes of any script, control characters
// included) and the amounts (up to trillions of rupiah, 1-400
// installments, partly paid), no line of the card is longer than 80 runes,
// and wrapping loses nothing of the names but spaces.
func TestPocketBookTextFitsProperty(t *testing.T) {
	name := rapid.StringOfN(rapid.Rune(), 0, 200, -1)
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 400).Draw(t, "installments")
		top := rapid.SampledFrom([]int64{10_000, 10_000_000, 10_000_000_000, 10_000_000_000_000}).Draw(t, "scale")
		amount := rapid.Int64Range(1, top).Draw(t, "amount")
		margin := rapid.Int64Range(0, amount).Draw(t, "margin")
		source := rapid.SampledFrom([]Source{FromMember, FromPeers, FromGroupFund})
		l, st := wideLoan(t, n, amount, margin, rapid.SliceOfN(source, 0, min(n, 5)).Draw(t, "paid")...)
		if rest := rapid.Int64Range(0, amount-1).Draw(t, "partial"); rest > 0 && !st.Closed() {
			var err error
			st, _, _, err = Post(l, st, sourced(Payment{ID: "part", Loan: l.ID, Date: st.lastEvent(), Amount: rp(rest)}, source.Draw(t, "partial source")), Servicing{})
			require.NoError(t, err)
		}
		m := members.Member{ID: members.ID(rapid.StringOfN(rapid.Rune(), 1, 20, -1).Draw(t, "id")), Name: name.Draw(t, "name")}
		l.Member, l.Package = m.ID, rapid.StringOfN(rapid.Rune(), 0, 40, -1).Draw(t, "package")
		kop := name.Draw(t, "koperasi")
		group := name.Draw(t, "group")
		pb, err := NewPocketBook(kop, m, group, l, st, st.lastEvent().AddDays(rapid.IntRange(0, 400).Draw(t, "later")), Servicing{})
		require.NoError(t, err)
		var text bytes.Buffer
		require.NoError(t, pb.WriteText(&text))
		cardLines(t, text.String())
		squeeze := func(s string) string {
			return strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) || unicode.IsControl(r) {
					return -1
				}
				return r
			}, s)
		}
		var fromGroup int64 // the group's payments: none is refunded, the loan being unpaid after them
		for _, p := range st.Payments {
			if p.Source != FromMember {
				fromGroup += p.Amount.Minor()
			}
		}
		require.Equal(t, rp(fromGroup), pb.Covered, "the group's part of the card is the group's payments")
		var sum int64
		for _, r := range pb.Rows {
			require.LessOrEqual(t, r.Covered.Minor(), r.Paid.Minor(), "installment %d: the group paid more than was paid", r.Number)
			require.Equal(t, r.Covered.IsPositive(), strings.Contains(r.Status, CardCovered), "installment %d: status %q, group paid %s", r.Number, r.Status, r.Covered)
			sum += r.Covered.Minor()
		}
		require.Equal(t, pb.Covered.Minor(), sum)
		all := squeeze(text.String())
		for _, s := range []string{kop, m.Name, group, string(m.ID), l.Package} {
			require.Contains(t, all, squeeze(s), "a name was cut short")
		}
	})
}

// An ID a spreadsheet would take for a formula is written as text.
func TestPocketBookCSVFormula(t *testing.T) {
	m, l, st := pocketBookLoan(t)
	m.ID = "=HYPERLINK(\"http://x\")"
	l.Member = m.ID
	pb, err := NewPocketBook("K", m, "+G1", l, st, day(32), Servicing{})
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, pb.WriteCSV(&out))
	recs, err := csv.NewReader(&out).ReadAll()
	require.NoError(t, err)
	require.Equal(t, "'=HYPERLINK(\"http://x\")", recs[1][0])
	require.Equal(t, "'+G1", recs[1][1])
	require.Equal(t, "K-P03-1", recs[1][2], "an ordinary ID as it is")
}

// The CSV is one plain table: one header row, then one row per installment
// with as many fields, each naming the member, group, loan and package,
// and an empty column for the officer's initials.
func TestPocketBookCSVColumns(t *testing.T) {
	m, l, st := pocketBookLoan(t)
	pb, err := NewPocketBook("K", m, "G1", l, st, day(32), Servicing{})
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, pb.WriteCSV(&out))
	recs, err := csv.NewReader(&out).ReadAll() // also: every row has the header's field count
	require.NoError(t, err)
	require.Len(t, recs, 1+len(pb.Rows))
	head := recs[0]
	col := func(name string) int {
		i := slices.Index(head, name)
		require.GreaterOrEqual(t, i, 0, "no column %q in %v", name, head)
		return i
	}
	for k, rec := range recs[1:] {
		require.Equal(t, "P03", rec[col("anggota")])
		require.Equal(t, "G1", rec[col("kelompok")])
		require.Equal(t, "K-P03-1", rec[col("pinjaman")])
		require.Equal(t, "PKT-25", rec[col("paket")])
		require.Equal(t, strconv.Itoa(k+1), rec[col("angsuran_ke")])
		require.Equal(t, pb.Rows[k].Status, rec[col("keterangan")])
		require.Equal(t, "", rec[col("paraf_petugas")], "left for the officer")
	}
	require.Equal(t, "paraf_petugas", head[len(head)-1], "the initials come last, as on the printed card")
}

// sourced is p paid from src: a peer's cover names the peer.
func sourced(p Payment, src Source) Payment {
	p.Source = src
	if src == FromPeers {
		p.Payer = "P-0002"
	}
	return p
}

// coveredLoan is the Mekarmukti loan of pocketBookLoan with the group
// stepping in: peers cover installment 2, the group fund the part of
// installment 3 the member could not pay, the member pays installment 4 a
// day late, and a peer covers Rp1.000 of installment 5.
func coveredLoan(t testing.TB) (members.Member, Loan, State) {
	return p03Loan(t, []cardPay{{29, 4200, FromMember}, {30, 4200, FromPeers}, {31, 2000, FromMember}, {31, 2200, FromGroupFund}, {33, 4200, FromMember}, {33, 1000, FromPeers}})
}

// An installment the group paid, wholly or partly, is marked "ditanggung
// kelompok" with the group's part, in every format, and the text and HTML
// say what it means: paid on the loan, owed by the member to the group.
func TestPocketBookGroupCover(t *testing.T) {
	m, l, st := coveredLoan(t)
	pb, err := NewPocketBook("Koperasi Awilarangan Mukti Rahayu", m, "G1", l, st, day(33), Servicing{})
	require.NoError(t, err)
	require.Equal(t, []string{CardPaid, CardCovered, CardCovered, CardPaidLate, CardPartlyCovered, CardUnpaid}, cardStatuses(pb))
	var covered []int64
	for _, r := range pb.Rows {
		covered = append(covered, r.Covered.Minor())
	}
	require.Equal(t, []int64{0, 4200, 2200, 0, 1000, 0}, covered)
	require.Equal(t, rp(7400), pb.Covered)
	require.Equal(t, rp(17800), pb.Paid)

	var text, csvOut, html bytes.Buffer
	require.NoError(t, pb.WriteText(&text))
	require.NoError(t, pb.WriteCSV(&csvOut))
	require.NoError(t, pb.WriteHTML(&html))
	cardLines(t, text.String())
	require.Contains(t, text.String(), "anggota menggantinya kepada kelompok")
	require.Contains(t, html.String(), "anggota menggantinya kepada kelompok")
	csvText := csvOut.String() // before the reader drains the buffer
	recs, err := csv.NewReader(&csvOut).ReadAll()
	require.NoError(t, err)
	k := slices.Index(recs[0], "ditanggung_kelompok")
	require.GreaterOrEqual(t, k, 0)
	require.Equal(t, []string{"0", "4200", "2200", "0", "1000", "0"}, []string{recs[1][k], recs[2][k], recs[3][k], recs[4][k], recs[5][k], recs[6][k]})
	golden(t, "pocketbook_covered.txt", text.String())
	golden(t, "pocketbook_covered.csv", csvText)
	golden(t, "pocketbook_covered.html", html.String())

	// a card of the member's own payments says nothing of the group
	m, l, st = pocketBookLoan(t)
	pb, err = NewPocketBook("K", m, "G1", l, st, day(32), Servicing{})
	require.NoError(t, err)
	require.True(t, pb.Covered.IsZero())
	text.Reset()
	require.NoError(t, pb.WriteText(&text))
	require.NotContains(t, text.String(), "kelompok:")
}

// Credit held from a peer's overpayment (Hold) is group money: the next
// payment uses it first, so the member's own payment pays only the rest.
func TestPocketBookGroupCoverThroughCredit(t *testing.T) {
	hold := Servicing{Overpayment: Hold}
	l := mekarmuktiLoan(t, "K-P03-1", "P03")
	st := NewState(l)
	var first State
	for i, p := range []struct {
		day    int
		amount int64
		src    Source
	}{{29, 6000, FromPeers}, {30, 4200, FromMember}, {31, 2400, FromMember}} {
		var err error
		st, _, _, err = Post(l, st, sourced(Payment{ID: "pay-" + strconv.Itoa(i), Loan: l.ID, Date: day(p.day), Amount: rp(p.amount)}, p.src), hold)
		require.NoError(t, err)
		if i == 0 {
			first = st
		}
	}
	require.Equal(t, rp(1800), first.Credit, "precondition: the peer's overpayment is held")
	require.Equal(t, rp(0), st.Credit, "precondition: the credit is used up")
	m := members.Member{ID: "P03"}
	pb, err := NewPocketBook("K", m, "G1", l, st, day(31), hold)
	require.NoError(t, err)
	require.Equal(t, []string{CardCovered, CardCovered, CardPaid, CardUnpaid, CardUnpaid, CardUnpaid}, cardStatuses(pb))
	require.Equal(t, rp(4200), pb.Rows[0].Covered)
	require.Equal(t, rp(1800), pb.Rows[1].Covered, "the credit held (the peer's Rp1.800) pays first")
	require.Equal(t, rp(6000), pb.Covered)

	// under Prepay the peer's payment would have paid installment 2 in part
	pb, err = NewPocketBook("K", m, "G1", l, first, day(29), hold)
	require.NoError(t, err)
	require.Equal(t, rp(4200), pb.Covered, "what is held is not yet paid on the loan")
	_, err = NewPocketBook("K", m, "G1", l, first, day(29), Servicing{})
	require.ErrorIs(t, err, ErrInvalid)
	require.Contains(t, err.Error(), "give the rules of the loan's product")
}

// A card's JSON reads back to the same card, the group's part included.
func TestPocketBookJSONRoundTrip(t *testing.T) {
	m, l, st := coveredLoan(t)
	pb, err := NewPocketBook("K", m, "G1", l, st, day(33), Servicing{})
	require.NoError(t, err)
	b, err := json.Marshal(pb)
	require.NoError(t, err)
	require.Contains(t, string(b), `"covered":"IDR 7400"`)
	var back PocketBook
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, pb, back)
}

// BenchmarkPocketBook builds a card whose installments the group partly
// paid (so its payments are posted again) and writes it as text.
func BenchmarkPocketBook(b *testing.B) {
	m, l, st := coveredLoan(b)
	var text bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		pb, err := NewPocketBook("Koperasi Awilarangan Mukti Rahayu", m, "G1", l, st, day(33), Servicing{})
		if err != nil {
			b.Fatal(err)
		}
		text.Reset()
		if err := pb.WriteText(&text); err != nil {
			b.Fatal(err)
		}
	}
}

// The audit's case: a 52-week Rp10.000.000 annuity and a koperasi name of
// 70 characters printed lines of 81-86 columns.
func TestPocketBookTextFitsWeeklyAnnuity(t *testing.T) {
	r, err := money.Percent(24, money.PerYear)
	require.NoError(t, err)
	s, err := schedule.Generate(schedule.Terms{
		Principal: rp(10_000_000), Method: schedule.Annuity, Rate: r, Installments: 52,
		Frequency: calendar.Frequency{Unit: calendar.Weeks}, Disbursed: day(1),
		Rounding: schedule.Rounding{Installment: money.Rounding{Step: 100, Mode: money.HalfUp}},
	})
	require.NoError(t, err)
	l := Loan{ID: "K-0001-1", Member: "P-0001", Product: "weekly", Disbursed: day(1), Schedule: s}
	st := NewState(l)
	for i := range 10 { // some paid, so that every column has values
		st, _, _, err = Post(l, st, Payment{ID: "w" + strconv.Itoa(i), Loan: l.ID, Date: s.Installments[i].Due.AddDays(i % 2), Amount: s.Installments[i].Total}, Servicing{})
		require.NoError(t, err)
	}
	m := members.Member{ID: "P-0001", Name: "Nyi Raden Siti Nurhasanah Kartikasari binti Haji Abdurrahman"}
	pb, err := NewPocketBook("Koperasi Simpan Pinjam dan Pembiayaan Syariah Awilarangan Mukti Rahayu", m, "G1", l, st, st.lastEvent(), Servicing{})
	require.NoError(t, err)
	var text bytes.Buffer
	require.NoError(t, pb.WriteText(&text))
	lines := cardLines(t, text.String())
	require.Len(t, lines, 1+1+1+1+1+1+1+52+1, "the koperasi's name takes two lines; each row fits one")
}
