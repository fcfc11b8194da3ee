package koperasi_test

import (
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
