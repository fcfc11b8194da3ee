package calendar_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
)

// plan is the kind of struct a host stores: every calendar type inside it.
type plan struct {
	Due      calendar.Date       `json:"due"`
	NoDate   calendar.Date       `json:"no_date"`
	Month    calendar.YearMonth  `json:"month"`
	NoMonth  calendar.YearMonth  `json:"no_month"`
	Every    calendar.Frequency  `json:"every"`
	Daily    calendar.Frequency  `json:"daily"`
	Adjust   calendar.Adjustment `json:"adjust"`
	Unit     calendar.Unit       `json:"unit"`
	Holidays []calendar.Holiday  `json:"holidays"`
	Dates    []calendar.Date     `json:"dates"`
}

func TestJSONRoundTrip(t *testing.T) {
	p := plan{
		Due:      iso(t, "2024-03-28"),
		Month:    ym(t, "2024-03"),
		Every:    calendar.Frequency{Every: 2, Unit: calendar.Weeks},
		Adjust:   calendar.ModifiedFollowing,
		Unit:     calendar.WorkingDays,
		Holidays: []calendar.Holiday{{Date: iso(t, "2024-03-29"), Name: "Wafat Isa Almasih"}},
		Dates:    isos(t, "2024-03-28", "2024-03-30"),
	}
	b, err := json.Marshal(p)
	require.NoError(t, err)
	const want = `{"due":"2024-03-28","no_date":"","month":"2024-03","no_month":"",` +
		`"every":{"every":2,"unit":"weeks"},"daily":{"unit":"days"},` +
		`"adjust":"modified-following","unit":"working-days",` +
		`"holidays":[{"date":"2024-03-29","name":"Wafat Isa Almasih"}],` +
		`"dates":["2024-03-28","2024-03-30"]}`
	require.JSONEq(t, want, string(b))

	var back plan
	require.NoError(t, json.Unmarshal(b, &back))
	require.Empty(t, cmp.Diff(p, back, cmp.Comparer(func(a, b calendar.Date) bool { return a == b }),
		cmp.Comparer(func(a, b calendar.YearMonth) bool { return a == b })))
}

func TestJSONRejects(t *testing.T) {
	for _, in := range []string{
		`{"due":"2024-02-30"}`,
		`{"due":"28-03-2024"}`,
		`{"due":20240328}`,
		`{"month":"2024-13"}`,
		`{"every":{"unit":"fortnight"}}`,
		`{"adjust":"sideways"}`,
		`{"unit":"hours"}`,
		`{"holidays":[{"date":"2024-02-30","name":"x"}]}`,
	} {
		var p plan
		require.Error(t, json.Unmarshal([]byte(in), &p), in)
	}
}
