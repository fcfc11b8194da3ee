package lending_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

func TestMekarmuktiProduct(t *testing.T) {
	p := lending.MekarmuktiProduct()
	c := lending.MekarmuktiCatalogue()
	require.NoError(t, p.Validate(c))

	s, err := p.Schedule(money.Rupiah(25000), mktDate(t, "2024-03-28"), calendar.Date{})
	require.NoError(t, err)
	require.Len(t, s.Installments, 6)
	for _, in := range s.Installments {
		require.Equal(t, money.Rupiah(4200), in.Total, "6 daily installments of Rp4.200")
	}
	require.Equal(t, "2024-03-29", s.Installments[0].Due.String())
	require.Equal(t, "2024-04-03", s.Installments[5].Due.String())
	require.Equal(t, money.Rupiah(25200), s.Total)
	require.Equal(t, money.Rupiah(200), s.Margin, "the Rp200 is disclosed margin (keep-equal)")
	require.Equal(t, money.Rupiah(200), s.RoundingMargin)

	require.Equal(t, lending.MarginSplit{Lenders: 1, Den: 1}, p.Split, "all margin to lenders")
	require.Equal(t, lending.NoLateFee, p.Servicing.LateFee.Kind)
	require.Equal(t, money.Rupiah(5000), p.Funding.ShareUnit)
	require.True(t, p.Finances(members.BusinessFishProcessing))
	require.False(t, p.Finances("warung"))
	pk, ok := p.Package(lending.MekarmuktiPackageCode)
	require.True(t, ok)
	require.Equal(t, "Paket usaha pindang", pk.Name)
	_, ok = p.Package("PAKET-LAIN")
	require.False(t, ok)

	// An explicit first due date.
	s2, err := p.Schedule(money.Rupiah(25000), mktDate(t, "2024-03-28"), mktDate(t, "2024-03-28").AddDays(0))
	require.NoError(t, err)
	require.Equal(t, "2024-03-28", s2.Installments[0].Due.String(), "an explicit first due date is kept")
}

func TestProductValidate(t *testing.T) {
	c := lending.MekarmuktiCatalogue()
	tests := []struct {
		name  string
		edit  func(*lending.Product)
		field string
	}{
		{"no code", func(p *lending.Product) { p.Code = "" }, "code"},
		{"no name", func(p *lending.Product) { p.Name = "" }, "name"},
		{"zero member limit", func(p *lending.Product) { p.MemberLimit = money.Rupiah(0) }, "member_limit"},
		{"member limit in another currency", func(p *lending.Product) { p.MemberLimit = money.USD.Amount(2500000) }, "member_limit"},
		{"no packages", func(p *lending.Product) { p.Packages = nil }, "packages"},
		{"principal set in the template", func(p *lending.Product) { p.Terms.Principal = money.Rupiah(25000) }, "terms.principal"},
		{"date set in the template", func(p *lending.Product) { p.Terms.Disbursed = mktDay(0) }, "terms.disbursed"},
		{"first due set in the template", func(p *lending.Product) { p.Terms.FirstDue = mktDay(1) }, "terms.disbursed"},
		{"murabahah margin as an amount", func(p *lending.Product) { p.Terms.Margin = money.Rupiah(500) }, "terms.margin"},
		{"package not deliverable", func(p *lending.Product) {
			p.Packages = []lending.Package{{Code: "X", Name: "x", Lines: []lending.GoodsLine{{Good: "ES", Quantity: 1}}}}
		}, "packages[0]"},
		{"package twice", func(p *lending.Product) { p.Packages = append(p.Packages, p.Packages[0]) }, "packages[1].code"},
		{"package above member limit", func(p *lending.Product) { p.MemberLimit = money.Rupiah(24900) }, "packages[0]"},
		{"terms make no schedule", func(p *lending.Product) { p.Terms.Installments = 0 }, "terms"},
		{"rounding too coarse", func(p *lending.Product) {
			p.Terms.Rounding.Installment = money.Rounding{Step: 100000, Mode: money.Up}
			p.Terms.Rounding.Residual = schedule.LastAbsorbs
		}, "terms"},
		{"empty business type", func(p *lending.Product) { p.BusinessTypes = []string{""} }, "business_types[0]"},
		{"business type twice", func(p *lending.Product) { p.BusinessTypes = []string{"a", "a"} }, "business_types[1]"},
		{"split above one", func(p *lending.Product) { p.Split = lending.MarginSplit{Lenders: 3, Den: 2} }, "split"},
		{"split negative", func(p *lending.Product) { p.Split = lending.MarginSplit{Lenders: -1, Den: 2} }, "split"},
		{"split negative denominator", func(p *lending.Product) { p.Split = lending.MarginSplit{Lenders: 1, Den: -2} }, "split"},
		{"bad servicing", func(p *lending.Product) { p.Servicing.Default.DaysPastDue = -1 }, "servicing"},
		{"negative share unit", func(p *lending.Product) { p.Funding.ShareUnit = money.Rupiah(-5) }, "funding.share_unit"},
		{"share unit in another currency", func(p *lending.Product) { p.Funding.ShareUnit = money.USD.Amount(25) }, "funding.share_unit"},
		{"window too long", func(p *lending.Product) { p.Funding.WindowDays = 400 }, "funding.window_days"},
		{"negative window", func(p *lending.Product) { p.Funding.WindowDays = -1 }, "funding.window_days"},
		{"unknown disbursal", func(p *lending.Product) { p.Funding.Disbursal = 9 }, "funding.disbursal"},
		{"negative lender limit", func(p *lending.Product) { p.Funding.MaxPerLender = money.Rupiah(-1) }, "funding.max_per_lender"},
		{"lender limit in another currency", func(p *lending.Product) { p.Funding.MaxPerLender = money.USD.Amount(1) }, "funding.max_per_lender"},
		{"lender limit not whole shares", func(p *lending.Product) { p.Funding.MaxPerLender = money.Rupiah(12000) }, "funding.max_per_lender"},
		{"concentration above 100%", func(p *lending.Product) { p.Funding.ConcentrationBP = 10001 }, "funding.concentration_bp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := lending.MekarmuktiProduct()
			tt.edit(&p)
			err := p.Validate(c)
			require.ErrorIs(t, err, lending.ErrInvalid)
			var pe *lending.ProductError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, tt.field, pe.Field, err.Error())
			require.Equal(t, p.Code, pe.Product)
		})
	}

	require.ErrorIs(t, lending.MekarmuktiProduct().Validate(lending.Catalogue{}), lending.ErrInvalid, "an empty catalogue")
	p := lending.MekarmuktiProduct()
	p.BusinessTypes = nil
	require.NoError(t, p.Validate(c), "no business types: any business")
	require.True(t, p.Finances("warung"))
}

func TestProductJSON(t *testing.T) {
	p := lending.MekarmuktiProduct()
	b, err := json.Marshal(p)
	require.NoError(t, err)
	var back lending.Product
	require.NoError(t, json.Unmarshal(b, &back))
	require.Empty(t, mktDiff(p, back))
	require.NoError(t, back.Validate(lending.MekarmuktiCatalogue()))
	b2, err := json.Marshal(back)
	require.NoError(t, err)
	require.JSONEq(t, string(b), string(b2))
	require.Contains(t, string(b), `"disbursal":"fully-funded"`)
	require.Contains(t, string(b), `"member_limit":"IDR 25000"`)

	var d lending.Disbursal
	require.Error(t, d.UnmarshalText([]byte("sometimes")))
	require.NoError(t, d.UnmarshalText([]byte("per-package")))
	require.Equal(t, lending.PerPackage, d)
	_, err = lending.Disbursal(7).MarshalText()
	require.ErrorIs(t, err, lending.ErrInvalid)
}

func TestProductErrorMessage(t *testing.T) {
	p := lending.MekarmuktiProduct()
	p.MemberLimit = money.Rupiah(20000)
	err := p.Validate(lending.MekarmuktiCatalogue())
	require.EqualError(t, err, `lending: product "PINDANG-6H": packages[0]: package "PAKET-PINDANG" is worth Rp25.000, above the member limit Rp20.000`)
	p.Terms.Installments = 0
	p.MemberLimit = money.Rupiah(25000)
	err = p.Validate(lending.MekarmuktiCatalogue())
	require.ErrorIs(t, err, schedule.ErrInvalidTerms, "the schedule's error is kept")
	require.ErrorIs(t, err, lending.ErrInvalid)
}
