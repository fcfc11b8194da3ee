package lending

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ip2p/koperasi/money"
)

// GoodCode identifies a good in the koperasi's catalogue, e.g. "GARAM-KG".
type GoodCode string

// Good is one item the koperasi stocks for business packages: what it is,
// the unit it is counted in, what the koperasi paid for one unit (Cost) and
// what a member pays for it (Price).
//
// Price may not be below Cost: the goods unit of a koperasi does not sell at
// a loss through a loan. A koperasi that subsidises a good sets its price to
// the cost and books the subsidy outside the loan.
type Good struct {
	Code  GoodCode     `json:"code"`
	Name  string       `json:"name"`
	Unit  string       `json:"unit"`  // "kg", "paket", "ikat", "buah"
	Cost  money.Amount `json:"cost"`  // per unit, to the koperasi
	Price money.Amount `json:"price"` // per unit, to the member
}

// GoodError reports a good, a catalogue or a package that cannot be used,
// and why. It wraps ErrInvalid, or ErrNotFound for a good the catalogue
// does not have.
type GoodError struct {
	Good    GoodCode // the good concerned, if any
	Package string   // the package concerned, if any
	Field   string   // JSON name of the field: "price", "lines[2].quantity"
	Reason  string
	Err     error
}

func (e *GoodError) Error() string {
	var b strings.Builder
	b.WriteString("lending: ")
	if e.Package != "" {
		b.WriteString("package " + strconv.Quote(e.Package) + ": ")
	}
	if e.Good != "" {
		b.WriteString("good " + strconv.Quote(string(e.Good)) + ": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

func (e *GoodError) Unwrap() error { return e.Err }

// maxText bounds names, units and codes, so that a fact sheet stays
// readable and a decoded catalogue stays small.
const maxText = 120

func textFault(s string, required bool) string {
	switch {
	case s == "" && required:
		return "is required"
	case len(s) > maxText:
		return "is longer than " + strconv.Itoa(maxText) + " bytes"
	case !utf8.ValidString(s):
		return "is not valid UTF-8 text"
	case strings.TrimSpace(s) != s:
		return "has leading or trailing spaces"
	}
	for _, r := range s {
		if r < ' ' || r == 0x7f {
			return "contains a control character"
		}
	}
	return ""
}

// Validate reports a good that cannot be catalogued: a missing code, name or
// unit, a cost or price that is not a positive amount with a currency, the
// two in different currencies, or a price below cost.
func (g Good) Validate() error {
	bad := func(field, reason string) error {
		return &GoodError{Good: g.Code, Field: field, Reason: reason, Err: ErrInvalid}
	}
	if r := textFault(string(g.Code), true); r != "" {
		return bad("code", "the code "+r)
	}
	if strings.ContainsRune(string(g.Code), ' ') {
		return bad("code", "the code contains a space")
	}
	if r := textFault(g.Name, true); r != "" {
		return bad("name", "the name "+r)
	}
	if r := textFault(g.Unit, true); r != "" {
		return bad("unit", "the unit "+r)
	}
	switch {
	case !g.Cost.IsPositive() || g.Cost.Currency().IsZero():
		return bad("cost", "the cost must be a positive amount with a currency, got "+g.Cost.String())
	case !g.Price.IsPositive() || g.Price.Currency().IsZero():
		return bad("price", "the price must be a positive amount with a currency, got "+g.Price.String())
	case g.Cost.Currency() != g.Price.Currency():
		return bad("price", "the price is in "+g.Price.Currency().String()+" but the cost in "+g.Cost.Currency().String())
	case g.Price.Cmp(g.Cost) < 0:
		return bad("price", "the price "+g.Price.String()+" is below the cost "+g.Cost.String()+"; a subsidised good is priced at cost")
	}
	return nil
}

// Catalogue is the koperasi's list of goods, sorted by code, all in one
// currency. It is an immutable value; the zero Catalogue is empty.
type Catalogue struct {
	goods []Good
}

// NewCatalogue returns the catalogue of goods, sorted by code. Every good
// must be valid, codes unique, and all amounts in one currency.
func NewCatalogue(goods ...Good) (Catalogue, error) {
	gs := slices.Clone(goods)
	slices.SortFunc(gs, func(a, b Good) int { return cmp.Compare(a.Code, b.Code) })
	for i, g := range gs {
		if err := g.Validate(); err != nil {
			return Catalogue{}, err
		}
		if i > 0 && g.Code == gs[i-1].Code {
			return Catalogue{}, &GoodError{Good: g.Code, Field: "code", Reason: "the code is used by two goods", Err: ErrInvalid}
		}
		if c := gs[0].Price.Currency(); g.Price.Currency() != c {
			return Catalogue{}, &GoodError{Good: g.Code, Field: "price", Reason: "the catalogue is in " + c.String() + " but this good is in " + g.Price.Currency().String(), Err: ErrInvalid}
		}
	}
	return Catalogue{goods: gs}, nil
}

// Len is the number of goods.
func (c Catalogue) Len() int { return len(c.goods) }

// Goods returns the goods, sorted by code.
func (c Catalogue) Goods() []Good { return slices.Clone(c.goods) }

// Currency is the catalogue's currency; zero for an empty catalogue.
func (c Catalogue) Currency() money.Currency {
	if len(c.goods) == 0 {
		return 0
	}
	return c.goods[0].Price.Currency()
}

// Good returns the good with the code.
func (c Catalogue) Good(code GoodCode) (Good, bool) {
	i, ok := slices.BinarySearchFunc(c.goods, code, func(g Good, k GoodCode) int { return cmp.Compare(g.Code, k) })
	if !ok {
		return Good{}, false
	}
	return c.goods[i], true
}

// MarshalJSON writes the catalogue as an array of goods sorted by code.
func (c Catalogue) MarshalJSON() ([]byte, error) {
	if c.goods == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(c.goods)
}

// UnmarshalJSON reads an array of goods, validated as NewCatalogue does.
func (c *Catalogue) UnmarshalJSON(b []byte) error {
	var gs []Good
	if err := json.Unmarshal(b, &gs); err != nil {
		return err
	}
	n, err := NewCatalogue(gs...)
	if err != nil {
		return err
	}
	*c = n
	return nil
}

// GoodsLine is a quantity of one good in a business package, counted in the
// good's unit.
type GoodsLine struct {
	Good     GoodCode `json:"good"`
	Quantity int64    `json:"quantity"`
}

// Package is a business package (paket usaha): the goods a member receives
// on credit, in the order they are listed to the member. Its value comes
// from the catalogue at the time it is valued.
type Package struct {
	Code  string      `json:"code"`
	Name  string      `json:"name"`
	Lines []GoodsLine `json:"lines"`
}

// Validate reports a package that cannot be delivered from the catalogue:
// no code or name, no lines, a good the catalogue lacks, a quantity below
// one or a good listed twice.
func (p Package) Validate(c Catalogue) error {
	if r := textFault(p.Code, true); r != "" {
		return &GoodError{Package: p.Code, Field: "code", Reason: "the code " + r, Err: ErrInvalid}
	}
	if r := textFault(p.Name, true); r != "" {
		return &GoodError{Package: p.Code, Field: "name", Reason: "the name " + r, Err: ErrInvalid}
	}
	_, err := c.value(p.Lines, false)
	if e, ok := err.(*GoodError); ok {
		e.Package = p.Code
	}
	return err
}

// ValuedLine is a line with its unit and line amounts at price and at cost.
type ValuedLine struct {
	Good      GoodCode     `json:"good"`
	Name      string       `json:"name"`
	Unit      string       `json:"unit"`
	Quantity  int64        `json:"quantity"`
	UnitPrice money.Amount `json:"unit_price"`
	UnitCost  money.Amount `json:"unit_cost"`
	Price     money.Amount `json:"price"` // Quantity x UnitPrice
	Cost      money.Amount `json:"cost"`  // Quantity x UnitCost
}

// Valuation is a list of goods valued from the catalogue: each line, and
// the totals at price (what the member owes: the loan's principal) and at
// cost (what leaves the inventory).
type Valuation struct {
	Lines []ValuedLine `json:"lines"`
	Price money.Amount `json:"price"`
	Cost  money.Amount `json:"cost"`
}

// Value values lines from the catalogue. Every good must be in the
// catalogue (ErrNotFound), listed once, with a quantity of at least one.
func (c Catalogue) Value(lines []GoodsLine) (Valuation, error) { return c.value(lines, true) }

// value is Value; without lines, the Valuation has its totals only (no
// allocation, for the callers that check or sum).
func (c Catalogue) value(lines []GoodsLine, withLines bool) (Valuation, error) {
	if len(lines) == 0 {
		return Valuation{}, &GoodError{Field: "lines", Reason: "a package needs at least one line of goods", Err: ErrInvalid}
	}
	var v Valuation
	if withLines {
		v.Lines = make([]ValuedLine, 0, len(lines))
	}
	for i, l := range lines {
		field := func(f string) string { return "lines[" + strconv.Itoa(i) + "]" + f } // made on error only
		g, ok := c.Good(l.Good)
		switch {
		case !ok:
			return Valuation{}, &GoodError{Good: l.Good, Field: field(".good"), Reason: "the catalogue has no such good", Err: ErrNotFound}
		case l.Quantity < 1:
			return Valuation{}, &GoodError{Good: l.Good, Field: field(".quantity"), Reason: "the quantity must be at least 1, got " + strconv.FormatInt(l.Quantity, 10), Err: ErrInvalid}
		}
		for _, o := range lines[:i] {
			if o.Good == l.Good {
				return Valuation{}, &GoodError{Good: l.Good, Field: field(".good"), Reason: "the good is listed twice; give one line with the total quantity", Err: ErrInvalid}
			}
		}
		price, err1 := g.Price.Mul(l.Quantity)
		cost, err2 := g.Cost.Mul(l.Quantity)
		var err3, err4 error
		if err1 == nil && err2 == nil {
			v.Price, err3 = v.Price.Add(price)
			v.Cost, err4 = v.Cost.Add(cost)
		}
		if err := cmp.Or(err1, err2, err3, err4); err != nil {
			return Valuation{}, &GoodError{Good: l.Good, Field: field(".quantity"), Reason: fmt.Sprintf("the value of %d %s overflows", l.Quantity, g.Unit), Err: ErrInvalid}
		}
		if !withLines {
			continue
		}
		v.Lines = append(v.Lines, ValuedLine{
			Good: g.Code, Name: g.Name, Unit: g.Unit, Quantity: l.Quantity,
			UnitPrice: g.Price, UnitCost: g.Cost, Price: price, Cost: cost,
		})
	}
	return v, nil
}

// MekarmuktiPackageCode is the code of MekarmuktiPackage; neutral, a
// koperasi uses its own.
const MekarmuktiPackageCode = "PAKET-PINDANG"

// MekarmuktiCatalogue is the goods of the Mekarmukti business package, a
// plausible list for a pindang (salted, boiled fish) business; the paper
// gives only the package value, so the goods, quantities, prices and costs
// are invented (see MekarmuktiProduct).
func MekarmuktiCatalogue() Catalogue {
	g := func(code GoodCode, name, unit string, cost, price int64) Good {
		return Good{Code: code, Name: name, Unit: unit, Cost: money.Rupiah(cost), Price: money.Rupiah(price)}
	}
	c, err := NewCatalogue(
		g("GARAM-KG", "Garam krosok", "kg", 1700, 2000),
		g("BUMBU-PKT", "Bumbu pindang (kunyit, bawang putih, lengkuas, salam)", "paket", 5200, 6000),
		g("KAYU-IKAT", "Kayu bakar", "ikat", 4300, 5000),
		g("BESEK-BH", "Besek bambu", "buah", 650, 800),
		g("PLASTIK-PAK", "Kantong plastik", "pak", 1700, 2000),
	)
	if err != nil {
		panic("lending: the Mekarmukti catalogue is invalid: " + err.Error()) // a bug in this file
	}
	return c
}

// MekarmuktiPackage is the pilot's Rp25.000 business package: 2 kg salt,
// 1 pack of spices, 1 bundle of firewood, 10 bamboo baskets and 1 pack of
// plastic bags; Rp25.000 at price, Rp21.100 at cost.
func MekarmuktiPackage() Package {
	return Package{
		Code: MekarmuktiPackageCode,
		Name: "Paket usaha pindang",
		Lines: []GoodsLine{
			{Good: "GARAM-KG", Quantity: 2},
			{Good: "BUMBU-PKT", Quantity: 1},
			{Good: "KAYU-IKAT", Quantity: 1},
			{Good: "BESEK-BH", Quantity: 10},
			{Good: "PLASTIK-PAK", Quantity: 1},
		},
	}
}
