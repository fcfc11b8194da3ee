package koperasi

import (
	"reflect"
	"testing"

	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/schedule"
	"github.com/stretchr/testify/require"
)

// loanHead has every field of lending.Loan but its Schedule, and a loan
// record gives back the loan it was made from: a field added to Loan and
// forgotten here fails this test.
func TestLoanHeadCoversLoan(t *testing.T) {
	lt, ht := reflect.TypeOf(lending.Loan{}), reflect.TypeOf(loanHead{})
	var want []string
	for i := range lt.NumField() {
		if f := lt.Field(i); f.Name != "Schedule" {
			want = append(want, f.Name+" "+f.Type.String())
		}
	}
	var got []string
	for i := range ht.NumField() {
		f := ht.Field(i)
		got = append(got, f.Name+" "+f.Type.String())
	}
	require.Equal(t, want, got)

	// every field set, so that one left out of newLoanRec or loan shows
	var l lending.Loan
	v := reflect.ValueOf(&l).Elem()
	for i := range v.NumField() {
		if lt.Field(i).Name != "Schedule" {
			setNonZero(t, v.Field(i), i)
		}
	}
	l.Schedule.Installments = []schedule.Installment{{Number: 1}}
	l.Schedule.Terms.Installments = 1
	lr := newLoanRec(l, nil)
	require.Equal(t, l, lr.loan())
	// a second loan with the same schedule shares it; another does not
	l2 := l
	l2.ID = "other"
	require.Same(t, lr.sched, newLoanRec(l2, lr.sched).sched)
	l2.Schedule.Installments = nil
	require.NotSame(t, lr.sched, newLoanRec(l2, lr.sched).sched)
}

// setNonZero gives a field a value other than its zero, as far as the
// Loan's field kinds go.
func setNonZero(t *testing.T, f reflect.Value, i int) {
	switch f.Kind() {
	case reflect.String:
		f.SetString("x" + string(rune('a'+i)))
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		f.SetUint(uint64(i%3 + 1))
	case reflect.Int, reflect.Int32, reflect.Int64:
		f.SetInt(int64(i + 1))
	case reflect.Slice:
		s := reflect.MakeSlice(f.Type(), 1, 1)
		setNonZero(t, s.Index(0), i)
		f.Set(s)
	case reflect.Struct:
		if f.NumField() == 0 || !f.Field(0).CanSet() {
			// a value type with unexported fields (a date, an amount):
			// take a non-zero one from its text form
			um, ok := f.Addr().Interface().(interface{ UnmarshalText([]byte) error })
			require.True(t, ok, "%s", f.Type())
			text := map[string]string{"calendar.Date": "2024-03-28", "money.Amount": "IDR 4200", "money.Rate": "18%"}[f.Type().String()]
			require.NotEmpty(t, text, "%s", f.Type())
			require.NoError(t, um.UnmarshalText([]byte(text)))
			return
		}
		for j := range f.NumField() {
			setNonZero(t, f.Field(j), i+j)
		}
	default:
		t.Fatalf("field kind %s", f.Kind())
	}
}
