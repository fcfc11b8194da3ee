package koperasi_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/examples/pilot"
	"github.com/ip2p/koperasi/lending"
	"github.com/stretchr/testify/require"
)

// A card dated before what the loan's record already includes would show
// later payments under an earlier "per" date: the Book refuses it as it
// refuses such a Position, and names the first day the card can be
// printed.
func TestPocketBookRefusesDayBeforeRecord(t *testing.T) {
	b, err := pilot.Book()
	require.NoError(t, err)
	id := pilot.LoanID("P01", 1)
	early := pilot.Date(time.April, 2) // P01's cycle-1 loan was paid through 5 April
	_, perr := b.Position(id, early)
	require.ErrorIs(t, perr, lending.ErrInvalid, "precondition: Position refuses the day")

	_, err = b.PocketBook(id, early)
	require.ErrorIs(t, err, lending.ErrInvalid)
	var se *lending.ServicingError
	require.True(t, errors.As(err, &se), "%T", err)
	require.Equal(t, "pocket book", se.Op)
	require.Equal(t, id, se.Loan)
	require.Contains(t, err.Error(), "print the card as of 2024-04-05 or later")

	pb, err := b.PocketBook(id, pilot.Date(time.April, 5))
	require.NoError(t, err, "the day of the last payment is fine")
	require.Equal(t, pilot.Date(time.April, 5), pb.AsOf)

	_, err = b.PocketBook("K-NOPE-1", early)
	require.ErrorIs(t, err, koperasi.ErrNotFound)
}

// In the pilot's what-if P03 pays nothing at the 2nd and 3rd collections
// and her peers cover her: her card marks those installments as paid by
// the group, in every format, and not as her own "lunas".
func TestPocketBookShowsGroupCover(t *testing.T) {
	b, err := pilot.WhatIfBook()
	require.NoError(t, err)
	dues := pilot.DueDates(pilot.Cycles()[0])
	pb, err := b.PocketBook(pilot.LoanID(pilot.WhatIfMember, 1), dues[5])
	require.NoError(t, err)
	var statuses []string
	var covered []int64
	for _, r := range pb.Rows {
		statuses = append(statuses, r.Status)
		covered = append(covered, r.Covered.Minor())
	}
	require.Equal(t, []string{lending.CardPaid, lending.CardCovered, lending.CardCovered, lending.CardPaid, lending.CardPaid, lending.CardPaid}, statuses)
	require.Equal(t, []int64{0, 4200, 4200, 0, 0, 0}, covered)
	require.Equal(t, "Rp8.400", pb.Covered.String())

	var text, csv, html bytes.Buffer
	require.NoError(t, pb.WriteText(&text))
	require.NoError(t, pb.WriteCSV(&csv))
	require.NoError(t, pb.WriteHTML(&html))
	require.Contains(t, text.String(), "anggota menggantinya kepada kelompok")
	require.Contains(t, csv.String(), ",4200,4200,16800,ditanggung kelompok,")
	require.Contains(t, html.String(), `<tr class="kelompok">`)

	// the same member in the pilot paid every installment herself
	p, err := pilot.Book()
	require.NoError(t, err)
	pb, err = p.PocketBook(pilot.LoanID(pilot.WhatIfMember, 1), dues[5])
	require.NoError(t, err)
	require.True(t, pb.Covered.IsZero())
	for _, r := range pb.Rows {
		require.Equal(t, lending.CardPaid, r.Status)
	}
}
