package lending

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
	"github.com/stretchr/testify/require"
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
	for _, line := range strings.Split(strings.TrimSuffix(text.String(), "\n"), "\n") {
		require.LessOrEqual(t, len([]rune(line)), 80, "text line over 80 columns: %q", line)
	}
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
