package lending_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/money"
)

func mktGood(code string, cost, price int64) lending.Good {
	return lending.Good{Code: lending.GoodCode(code), Name: "barang " + code, Unit: "buah", Cost: money.Rupiah(cost), Price: money.Rupiah(price)}
}

func TestGoodValidate(t *testing.T) {
	ok := mktGood("A", 100, 120)
	tests := []struct {
		name  string
		edit  func(*lending.Good)
		field string // "" means valid
	}{
		{"valid", func(*lending.Good) {}, ""},
		{"price equal to cost", func(g *lending.Good) { g.Price = g.Cost }, ""},
		{"no code", func(g *lending.Good) { g.Code = "" }, "code"},
		{"code with a space", func(g *lending.Good) { g.Code = "A B" }, "code"},
		{"code with a control character", func(g *lending.Good) { g.Code = "A\x01" }, "code"},
		{"no name", func(g *lending.Good) { g.Name = "" }, "name"},
		{"name with trailing space", func(g *lending.Good) { g.Name = "garam " }, "name"},
		{"no unit", func(g *lending.Good) { g.Unit = "" }, "unit"},
		{"zero cost", func(g *lending.Good) { g.Cost = money.Rupiah(0) }, "cost"},
		{"negative cost", func(g *lending.Good) { g.Cost = money.Rupiah(-1) }, "cost"},
		{"cost without currency", func(g *lending.Good) { g.Cost = money.Amount{} }, "cost"},
		{"zero price", func(g *lending.Good) { g.Price = money.Rupiah(0) }, "price"},
		{"price below cost", func(g *lending.Good) { g.Price = money.Rupiah(99) }, "price"},
		{"currencies differ", func(g *lending.Good) { g.Price = money.USD.Amount(120) }, "price"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := ok
			tt.edit(&g)
			err := g.Validate()
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, lending.ErrInvalid)
			var ge *lending.GoodError
			require.ErrorAs(t, err, &ge)
			require.Equal(t, tt.field, ge.Field, err.Error())
		})
	}
}

func TestNewCatalogue(t *testing.T) {
	c, err := lending.NewCatalogue(mktGood("B", 10, 10), mktGood("A", 5, 6))
	require.NoError(t, err)
	require.Equal(t, 2, c.Len())
	require.Equal(t, lending.GoodCode("A"), c.Goods()[0].Code, "sorted by code")
	g, ok := c.Good("B")
	require.True(t, ok)
	require.Equal(t, money.Rupiah(10), g.Price)
	_, ok = c.Good("C")
	require.False(t, ok)
	require.Equal(t, money.IDR, c.Currency())

	// The returned goods are a copy.
	gs := c.Goods()
	gs[0].Price = money.Rupiah(1)
	g, _ = c.Good("A")
	require.Equal(t, money.Rupiah(6), g.Price)

	_, err = lending.NewCatalogue(mktGood("A", 5, 6), mktGood("A", 5, 7))
	require.ErrorIs(t, err, lending.ErrInvalid)
	usd := mktGood("B", 5, 6)
	usd.Cost, usd.Price = money.USD.Amount(5), money.USD.Amount(6)
	_, err = lending.NewCatalogue(mktGood("A", 5, 6), usd)
	require.ErrorIs(t, err, lending.ErrInvalid)
	_, err = lending.NewCatalogue(mktGood("A", 5, 4))
	require.ErrorIs(t, err, lending.ErrInvalid)

	var empty lending.Catalogue
	require.Zero(t, empty.Len())
	require.True(t, empty.Currency().IsZero())
}

func TestCatalogueValue(t *testing.T) {
	c := lending.MekarmuktiCatalogue()
	v, err := c.Value(lending.MekarmuktiPackage().Lines)
	require.NoError(t, err)
	require.Equal(t, money.Rupiah(25000), v.Price, "the pilot's package is Rp25.000 at price")
	require.Equal(t, money.Rupiah(21100), v.Cost)
	require.Len(t, v.Lines, 5)
	require.Equal(t, lending.ValuedLine{
		Good: "BESEK-BH", Name: "Besek bambu", Unit: "buah", Quantity: 10,
		UnitPrice: money.Rupiah(800), UnitCost: money.Rupiah(650), Price: money.Rupiah(8000), Cost: money.Rupiah(6500),
	}, v.Lines[3])

	tests := []struct {
		name     string
		lines    []lending.GoodsLine
		sentinel error
		field    string
	}{
		{"no lines", nil, lending.ErrInvalid, "lines"},
		{"unknown good", []lending.GoodsLine{{Good: "IKAN", Quantity: 1}}, lending.ErrNotFound, "lines[0].good"},
		{"zero quantity", []lending.GoodsLine{{Good: "GARAM-KG", Quantity: 0}}, lending.ErrInvalid, "lines[0].quantity"},
		{"negative quantity", []lending.GoodsLine{{Good: "GARAM-KG", Quantity: -2}}, lending.ErrInvalid, "lines[0].quantity"},
		{"good twice", []lending.GoodsLine{{Good: "GARAM-KG", Quantity: 1}, {Good: "GARAM-KG", Quantity: 1}}, lending.ErrInvalid, "lines[1].good"},
		{"overflow", []lending.GoodsLine{{Good: "GARAM-KG", Quantity: 1 << 62}}, lending.ErrInvalid, "lines[0].quantity"},
		{"sum overflows", []lending.GoodsLine{{Good: "GARAM-KG", Quantity: 1 << 52}, {Good: "BUMBU-PKT", Quantity: 1 << 52}}, lending.ErrInvalid, "lines[1].quantity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Value(tt.lines)
			require.ErrorIs(t, err, tt.sentinel)
			var ge *lending.GoodError
			require.ErrorAs(t, err, &ge)
			require.Equal(t, tt.field, ge.Field, err.Error())
		})
	}
}

func TestPackageValidate(t *testing.T) {
	c := lending.MekarmuktiCatalogue()
	require.NoError(t, lending.MekarmuktiPackage().Validate(c))
	p := lending.MekarmuktiPackage()
	p.Code = ""
	require.ErrorIs(t, p.Validate(c), lending.ErrInvalid)
	p = lending.MekarmuktiPackage()
	p.Name = ""
	require.ErrorIs(t, p.Validate(c), lending.ErrInvalid)
	p = lending.MekarmuktiPackage()
	p.Lines = append(p.Lines, lending.GoodsLine{Good: "ES-BALOK", Quantity: 1})
	err := p.Validate(c)
	require.ErrorIs(t, err, lending.ErrNotFound)
	require.Contains(t, err.Error(), `package "PAKET-PINDANG"`)
	require.Contains(t, err.Error(), `good "ES-BALOK"`)
}

func TestCatalogueJSON(t *testing.T) {
	c := lending.MekarmuktiCatalogue()
	b, err := json.Marshal(c)
	require.NoError(t, err)
	require.Contains(t, string(b), `"price":"IDR 2000"`)
	var back lending.Catalogue
	require.NoError(t, json.Unmarshal(b, &back))
	require.Empty(t, mktDiff(c.Goods(), back.Goods()))

	b, err = json.Marshal(lending.Catalogue{})
	require.NoError(t, err)
	require.Equal(t, "[]", string(b))

	bad := []byte(`[{"code":"A","name":"a","unit":"kg","cost":"IDR 10","price":"IDR 5"}]`)
	err = json.Unmarshal(bad, &back)
	require.ErrorIs(t, err, lending.ErrInvalid)
	require.Empty(t, mktDiff(c.Goods(), back.Goods()), "a refused decode leaves the catalogue as it was")
	require.Error(t, json.Unmarshal([]byte(`{`), &back))
}

func TestGoodErrorMessage(t *testing.T) {
	err := mktGood("A", 10, 5).Validate()
	require.EqualError(t, err, `lending: good "A": price: the price Rp5 is below the cost Rp10; a subsidised good is priced at cost`)
	require.True(t, errors.Is(err, lending.ErrInvalid))
}

// mktDiff compares values of this module, whose money and dates keep
// unexported fields, field by field.
func mktDiff(want, got any) string {
	return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }))
}

func mktDate(t mktT, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// mktDay is 2024-03-01 plus n days.
func mktDay(n int) calendar.Date {
	d, _ := calendar.NewDate(2024, time.March, 1)
	return d.AddDays(n)
}

// mktT is what the test helpers need: *testing.T, *testing.B and
// *rapid.T all have it.
type mktT interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Errorf(format string, args ...any)
	FailNow()
}
