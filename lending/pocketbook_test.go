package lending

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/schedule"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// pocketBookLoan is a Mekarmukti loan on which the member paid four
// installments: two on time, one a day late, and half of the fourth.
func pocketBookLoan(t *testing.T) (members.Member, Loan, State) {
	t.Helper()
	l := mekarmuktiLoan(t, "K-P03-1", "P03")
	st := NewState(l)
	for i, p := range []struct {
		day    int
		amount int64
	}{{29, 4200}, {30, 4200}, {32, 4200}, {32, 2100}} {
		var err error
		st, _, _, err = Post(l, st, Payment{ID: "pay-" + string(rune('a'+i)), Loan: l.ID, Date: day(p.day), Amount: rp(p.amount)}, Servicing{})
		require.NoError(t, err)
	}
	m := members.Member{ID: "P03", Name: "Peserta 03 (keluarga miskin)"}
	return m, l, st
}

func TestPocketBook(t *testing.T) {
	m, l, st := pocketBookLoan(t)
	pb, err := NewPocketBook("Koperasi Awilarangan Mukti Rahayu", m, "G1", l, st, day(32))
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
	pb, err := NewPocketBook("K & K", m, "G1", l, st, day(32))
	require.NoError(t, err)
	var html bytes.Buffer
	require.NoError(t, pb.WriteHTML(&html))
	require.NotContains(t, html.String(), `<b onmouseover`)
	require.Contains(t, html.String(), "K &amp; K")
}

func TestPocketBookRefusesMismatch(t *testing.T) {
	m, l, st := pocketBookLoan(t)
	m.ID = "P99"
	_, err := NewPocketBook("K", m, "G1", l, st, day(32))
	require.True(t, errors.Is(err, ErrInvalid), "%v", err)
	m.ID = "P03"
	st.Loan = "other"
	_, err = NewPocketBook("K", m, "G1", l, st, day(32))
	require.True(t, errors.Is(err, ErrInvalid), "%v", err)
}

// A card as of a day before the state's last payment would print that
// payment under an earlier "per" date; it is refused like PositionOf.
func TestPocketBookRefusesDayBeforeState(t *testing.T) {
	m, l, st := pocketBookLoan(t) // last payment on day 32
	_, perr := PositionOf(l, st, day(31), Servicing{})
	require.ErrorIs(t, perr, ErrInvalid, "precondition: PositionOf refuses the day")
	for _, d := range []int{31, 28} {
		_, err := NewPocketBook("K", m, "G1", l, st, day(d))
		require.ErrorIs(t, err, ErrInvalid, "as of day %d", d)
		var se *ServicingError
		require.ErrorAs(t, err, &se)
		require.Equal(t, "pocket book", se.Op)
		require.Contains(t, err.Error(), "already includes 2024-04-01, after "+day(d).String())
		require.Contains(t, err.Error(), "print the card as of 2024-04-01 or later")
	}
	_, err := NewPocketBook("K", m, "G1", l, st, calendar.Date{})
	require.ErrorIs(t, err, ErrInvalid, "a card without a date")
	for _, d := range []int{32, 40} {
		pb, err := NewPocketBook("K", m, "G1", l, st, day(d))
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
// due daily from day 2, with the first paid installments paid in full.
func wideLoan(t require.TestingT, n int, amount, margin int64, paid int) (Loan, State) {
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
	for i := range paid {
		var err error
		st, _, _, err = Post(l, st, Payment{ID: "pay-" + strconv.Itoa(i), Loan: l.ID, Date: day(2 + i), Amount: rp(amount)}, Servicing{})
		require.NoError(t, err)
	}
	return l, st
}

// A card whose rows cannot fit 80 columns (amounts in the trillions) wraps
// every row, and its header, the same way; long names wrap between words.
func TestPocketBookTextWraps(t *testing.T) {
	l, st := wideLoan(t, 3, 3_000_000_000_000_000, 1_000_000_000_000, 1)
	m := members.Member{ID: "P-0001", Name: "Nyi Raden Siti Nurhasanah Kartikasari binti Haji Abdurrahman al-Bandungi, ibu rumah tangga dan pengolah pindang"}
	pb, err := NewPocketBook("Koperasi Simpan Pinjam dan Pembiayaan Syariah Awilarangan Mukti Rahayu (KAMURA), Desa Mekarmukti", m, "G1", l, st, day(2))
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
		l, st := wideLoan(t, n, amount, margin, rapid.IntRange(0, min(n, 5)).Draw(t, "paid"))
		if rest := rapid.Int64Range(0, amount-1).Draw(t, "partial"); rest > 0 && !st.Closed() {
			var err error
			st, _, _, err = Post(l, st, Payment{ID: "part", Loan: l.ID, Date: st.lastEvent(), Amount: rp(rest)}, Servicing{})
			require.NoError(t, err)
		}
		m := members.Member{ID: members.ID(rapid.StringOfN(rapid.Rune(), 1, 20, -1).Draw(t, "id")), Name: name.Draw(t, "name")}
		l.Member, l.Package = m.ID, rapid.StringOfN(rapid.Rune(), 0, 40, -1).Draw(t, "package")
		kop := name.Draw(t, "koperasi")
		group := name.Draw(t, "group")
		pb, err := NewPocketBook(kop, m, group, l, st, st.lastEvent().AddDays(rapid.IntRange(0, 400).Draw(t, "later")))
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
		all := squeeze(text.String())
		for _, s := range []string{kop, m.Name, group, string(m.ID), l.Package} {
			require.Contains(t, all, squeeze(s), "a name was cut short")
		}
	})
}

// The CSV is one plain table: one header row, then one row per installment
// with as many fields, each naming the member, group, loan and package,
// and an empty column for the officer's initials.
func TestPocketBookCSVColumns(t *testing.T) {
	m, l, st := pocketBookLoan(t)
	pb, err := NewPocketBook("K", m, "G1", l, st, day(32))
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
