package calendar

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestCalendarJSONRoundTrip(t *testing.T) {
	c := NoSundays(IndonesiaHolidays2024()...)
	b, err := json.Marshal(c)
	require.NoError(t, err)
	var back Calendar
	require.NoError(t, json.Unmarshal(b, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	require.Equal(t, string(b), string(again))
	goodFriday, _ := NewDate(2024, time.March, 29)
	require.False(t, back.IsWorkingDay(goodFriday))

	zero, err := json.Marshal(Calendar{})
	require.NoError(t, err)
	require.Equal(t, "{}", string(zero))
	require.True(t, Calendar{}.IsZero())
	require.False(t, c.IsZero())
}

func TestCalendarJSONRefusesBadInput(t *testing.T) {
	for _, in := range []string{
		`{"closed":["Funday"]}`,
		`{"closed":["Sunday","Monday","Tuesday","Wednesday","Thursday","Friday","Saturday"]}`,
		`{"holidays":["2024-02-30"]}`,
	} {
		var c Calendar
		err := json.Unmarshal([]byte(in), &c)
		require.Error(t, err, in)
		require.True(t, errors.Is(err, ErrInvalidCalendar) || errors.Is(err, ErrInvalidDate), in)
	}
}
