package money_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/money"
)

// product is the kind of struct a host stores: every money type inside it.
type product struct {
	Price        money.Amount   `json:"price"`
	Margin       money.Amount   `json:"margin"`
	Nothing      money.Amount   `json:"nothing"`
	Rate         money.Rate     `json:"rate"`
	Third        money.Rate     `json:"third"`
	NoRate       money.Rate     `json:"no_rate"`
	Rounding     money.Rounding `json:"rounding"`
	NoRounding   money.Rounding `json:"no_rounding"`
	Mode         money.Mode     `json:"mode"`
	Period       money.Period   `json:"period"`
	Installments []money.Amount `json:"installments"`
}

func TestJSONRoundTrip(t *testing.T) {
	p := product{
		Price:        money.Rupiah(25000),
		Margin:       usd(-5),
		Rate:         must(money.Percent(18, money.PerYear)),
		Third:        mustRate(t, 1, 3, money.PerTerm),
		Rounding:     money.Rounding{Step: 100, Mode: money.Up},
		Mode:         money.HalfEven,
		Period:       money.PerDay,
		Installments: rupiahs(4200, 4200, 4200, 4200, 4200, 4000),
	}
	b, err := json.Marshal(p)
	require.NoError(t, err)
	const want = `{"price":"IDR 25000","margin":"USD -0.05","nothing":"0",` +
		`"rate":"18% per year","third":"1/3 per term","no_rate":"0% per year",` +
		`"rounding":{"step":100,"mode":"up"},"no_rounding":{"step":0,"mode":""},` +
		`"mode":"half-even","period":"day",` +
		`"installments":["IDR 4200","IDR 4200","IDR 4200","IDR 4200","IDR 4200","IDR 4000"]}`
	require.JSONEq(t, want, string(b))

	var back product
	require.NoError(t, json.Unmarshal(b, &back))
	// the types are comparable values: equality is the round-trip criterion
	require.True(t, p.Price == back.Price && p.Rate == back.Rate && p.NoRate == back.NoRate && p.Rounding == back.Rounding && p.NoRounding == back.NoRounding)
	require.Empty(t, cmp.Diff(p, back, cmp.Comparer(func(a, b money.Amount) bool { return a == b }), cmp.Comparer(func(a, b money.Rate) bool { return a == b })))
}

func TestJSONRejects(t *testing.T) {
	for _, in := range []string{
		`{"price":25000}`,        // never a JSON number
		`{"price":"25000"}`,      // no currency
		`{"price":"IDR 25.000"}`, // display grouping is not the canonical form
		`{"rate":0.18}`,          // never a JSON number
		`{"rate":"-18%"}`,        // negative
		`{"rounding":{"step":100,"mode":"nearest"}}`,
		`{"mode":"HALF-WAY"}`,
		`{"period":"fortnight"}`,
	} {
		var p product
		require.Error(t, json.Unmarshal([]byte(in), &p), in)
	}
}

func TestZeroModeText(t *testing.T) {
	// the zero Mode is the mode of the zero Rounding, which is valid: it has
	// a text form, the empty string, and reads back from it
	var m money.Mode
	b, err := m.MarshalText()
	require.NoError(t, err)
	require.Equal(t, "", string(b))
	m = money.Up
	require.NoError(t, m.UnmarshalText(nil))
	require.Equal(t, money.Mode(0), m)
	_, err = money.ParseMode("")
	require.ErrorIs(t, err, money.ErrInvalidRounding, "ParseMode still asks for a named mode")
}
