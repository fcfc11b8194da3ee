package lending

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// Product is a loan product of the marketplace: which business packages it
// finances, the schedule terms every loan follows, how much one member may
// borrow, for which businesses, how margin is shared, how loans are
// serviced, and how lenders fund it.
type Product struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Packages are the business packages a member may receive.
	Packages []Package `json:"packages"`
	// Terms is the schedule template: pricing method, rate or margin,
	// installments, frequency, calendar, rounding and residual policy.
	// Principal, Disbursed and FirstDue are left zero: the principal is the
	// value at price of the goods a member receives, the dates are set at
	// disbursement.
	Terms schedule.Terms `json:"terms"`
	// MemberLimit is the most one member may borrow: the goods delivered,
	// at price. Every package fits within it.
	MemberLimit money.Amount `json:"member_limit"`
	// BusinessTypes are the member business types the product finances
	// (members.Business.Type); empty means any.
	BusinessTypes []string `json:"business_types,omitempty"`
	// Split is the lenders' fraction of the margin; the rest is the
	// koperasi's.
	Split MarginSplit `json:"split"`
	// Servicing is the payment allocation, overpayment, late fee and
	// default rules of its loans.
	Servicing Servicing `json:"servicing"`
	// Funding is how lenders fund the product's facilities.
	Funding FundingPolicy `json:"funding"`
}

// ProductError reports a product that cannot be offered, and why. It wraps
// ErrInvalid (with the schedule or servicing error when there is one).
type ProductError struct {
	Product string
	Field   string // JSON name: "member_limit", "terms.installments", "packages[1]"
	Reason  string
	Err     error
}

func (e *ProductError) Error() string {
	s := "lending: product"
	if e.Product != "" {
		s += " " + strconv.Quote(e.Product)
	}
	return s + ": " + e.Field + ": " + e.Reason
}

func (e *ProductError) Unwrap() error { return e.Err }

// Validate reports a product that cannot be offered with catalogue c: a
// missing code or name, no packages or a package the catalogue cannot
// deliver, a package worth more than the member limit, terms that do not
// make a schedule for each package, a margin split outside 0 to 1, empty
// business types, or servicing and funding rules that cannot apply.
func (p Product) Validate(c Catalogue) error {
	bad := func(field, reason string) error {
		return &ProductError{Product: p.Code, Field: field, Reason: reason, Err: ErrInvalid}
	}
	if r := textFault(p.Code, true); r != "" {
		return bad("code", "the code "+r)
	}
	if r := textFault(p.Name, true); r != "" {
		return bad("name", "the name "+r)
	}
	cur := c.Currency()
	switch {
	case cur.IsZero():
		return bad("packages", "the catalogue is empty")
	case !p.MemberLimit.IsPositive() || p.MemberLimit.Currency() != cur:
		return bad("member_limit", "the member limit must be a positive amount in "+cur.String()+", got "+p.MemberLimit.String())
	case len(p.Packages) == 0:
		return bad("packages", "a product finances at least one package")
	case !p.Terms.Principal.IsZero():
		return bad("terms.principal", "leave the principal zero: it is the value of the goods delivered")
	case !p.Terms.Disbursed.IsZero() || !p.Terms.FirstDue.IsZero():
		return bad("terms.disbursed", "leave the dates zero: they are set at disbursement")
	}
	if p.Terms.Method == schedule.Murabahah && !p.Terms.Margin.IsZero() {
		// A fixed margin amount would charge a small package as much as a
		// large one; products price margin as a rate per term instead.
		return bad("terms.margin", "give a murabahah margin as a rate per term, not an amount")
	}
	// The probe schedules are thrown away: made in one buffer, on the stack
	// for up to 64 installments (a Book validates its product at every
	// disbursement).
	var gen schedule.Generator
	var probeBuf [64]schedule.Installment
	for i, pk := range p.Packages {
		field := "packages[" + strconv.Itoa(i) + "]"
		if err := pk.Validate(c); err != nil {
			return &ProductError{Product: p.Code, Field: field, Reason: strings.TrimPrefix(err.Error(), "lending: "), Err: joinInvalid(err)}
		}
		for _, o := range p.Packages[:i] {
			if o.Code == pk.Code {
				return bad(field+".code", "package "+strconv.Quote(pk.Code)+" is listed twice")
			}
		}
		v, _ := c.value(pk.Lines, false) // valid
		if v.Price.Cmp(p.MemberLimit) > 0 {
			return bad(field, "package "+strconv.Quote(pk.Code)+" is worth "+v.Price.String()+", above the member limit "+p.MemberLimit.String())
		}
		// A date far from any edge of the calendar: the template must make a
		// schedule for every package it finances.
		probe, _ := calendar.NewDate(2000, 1, 1)
		if _, err := gen.Append(probeBuf[:0], p.terms(v.Price, probe, calendar.Date{})); err != nil {
			return &ProductError{Product: p.Code, Field: "terms", Reason: "no schedule for package " + strconv.Quote(pk.Code) + ": " + strings.TrimPrefix(err.Error(), "schedule: "), Err: joinInvalid(err)}
		}
	}
	for i, b := range p.BusinessTypes {
		if r := textFault(b, true); r != "" {
			return bad("business_types["+strconv.Itoa(i)+"]", "the business type "+r)
		}
		if slices.Contains(p.BusinessTypes[:i], b) {
			return bad("business_types["+strconv.Itoa(i)+"]", "business type "+strconv.Quote(b)+" is listed twice")
		}
	}
	if r := p.Split.problem(); r != "" {
		return bad("split", r)
	}
	if err := p.Servicing.Validate(); err != nil {
		return &ProductError{Product: p.Code, Field: "servicing", Reason: strings.TrimPrefix(err.Error(), "lending: "), Err: joinInvalid(err)}
	}
	if err := p.Funding.Validate(cur); err != nil {
		if e, ok := err.(*ProductError); ok {
			e.Product = p.Code
		}
		return err
	}
	return nil
}

// joinInvalid wraps err so that it is also an ErrInvalid.
func joinInvalid(err error) error { return &invalidErr{err} }

type invalidErr struct{ err error }

func (e *invalidErr) Error() string   { return e.err.Error() }
func (e *invalidErr) Unwrap() []error { return []error{ErrInvalid, e.err} }

// problem says what is wrong with a split, or "".
func (s MarginSplit) problem() string {
	switch {
	case s.Den < 0:
		return "the denominator cannot be negative"
	case s.Lenders < 0 || s.Lenders > max(s.Den, 1):
		return "the lenders' fraction " + strconv.FormatInt(s.Lenders, 10) + "/" + strconv.FormatInt(max(s.Den, 1), 10) + " is not between 0 and 1"
	}
	return ""
}

// Package returns the product's package with the code.
func (p Product) Package(code string) (Package, bool) {
	i := slices.IndexFunc(p.Packages, func(pk Package) bool { return pk.Code == code })
	if i < 0 {
		return Package{}, false
	}
	return p.Packages[i], true
}

// Finances reports whether the product finances a business type.
func (p Product) Finances(businessType string) bool {
	return len(p.BusinessTypes) == 0 || slices.Contains(p.BusinessTypes, businessType)
}

// terms fills the template in.
func (p Product) terms(principal money.Amount, disbursed, firstDue calendar.Date) schedule.Terms {
	t := p.Terms
	t.Principal = principal
	t.Disbursed = disbursed
	t.FirstDue = firstDue
	return t
}

// Schedule generates the schedule of a loan of principal disbursed on a
// date under the product's terms; a zero firstDue is one period after
// disbursement.
func (p Product) Schedule(principal money.Amount, disbursed, firstDue calendar.Date) (schedule.Schedule, error) {
	return schedule.Generate(p.terms(principal, disbursed, firstDue))
}

// Disbursal says when a facility may be disbursed. The zero Disbursal is
// WhenFullyFunded.
type Disbursal uint8

// Disbursal policies.
const (
	// WhenFullyFunded: only once the pledges reach the amount requested;
	// a facility short at the end of its window expires and every pledge is
	// released (Kiva's rule).
	WhenFullyFunded Disbursal = iota
	// PerPackage: as soon as the pledges cover some members' packages,
	// those members may receive them; the rest of the pledges is released
	// at disbursement.
	PerPackage
)

var disbursalWords = []string{"fully-funded", "per-package"}

// String is the policy's word: "fully-funded", "per-package".
func (d Disbursal) String() string { return wordString(disbursalWords, int(d)) }

// MarshalText writes the policy's word.
func (d Disbursal) MarshalText() ([]byte, error) {
	return wordText("disbursal policy", disbursalWords, int(d))
}

// UnmarshalText reads the policy's word.
func (d *Disbursal) UnmarshalText(b []byte) error {
	i, err := wordParse("disbursal policy", disbursalWords, b)
	*d = Disbursal(i)
	return err
}

// Defaults of FundingPolicy.
const (
	// DefaultWindowDays is Kiva's fundraising window.
	DefaultWindowDays = 30
	// DefaultConcentrationBP is OJK's benchmark for P2P lending: one lender
	// at most 25% of the outstanding loans, in basis points.
	DefaultConcentrationBP = 2500
)

// FundingPolicy is how a product's facilities are funded by lenders. The
// zero value is usable: any whole rupiah, a 30-day window, disbursal when
// fully funded, no per-lender limit, a warning above 25% concentration.
type FundingPolicy struct {
	// ShareUnit is the unit lenders pledge in (Kiva: 25 USD); a pledge
	// must be a whole number of units, and so must the amount a facility
	// requests. Zero is one minor unit.
	ShareUnit money.Amount `json:"share_unit,omitzero"`
	// WindowDays is the length of the funding window in days, counting
	// the day it opens; zero is DefaultWindowDays.
	WindowDays int `json:"window_days,omitempty"`
	// Disbursal says when a facility may be disbursed.
	Disbursal Disbursal `json:"disbursal"`
	// MaxPerLender is a hard limit on what one lender may pledge to one
	// facility (one group, one cycle); zero is no limit.
	MaxPerLender money.Amount `json:"max_per_lender,omitzero"`
	// ConcentrationBP is the share, in basis points, of the koperasi's
	// outstanding loans above which one lender's exposure is flagged; zero
	// is DefaultConcentrationBP (25%). 10000 never flags.
	ConcentrationBP int `json:"concentration_bp,omitempty"`
	// ConcentrationHard refuses a pledge above the concentration threshold
	// (ErrLimitExceeded) instead of warning about it.
	ConcentrationHard bool `json:"concentration_hard,omitempty"`
}

// Window returns the window length in days with the default applied.
func (p FundingPolicy) Window() int {
	if p.WindowDays == 0 {
		return DefaultWindowDays
	}
	return p.WindowDays
}

// Concentration returns the concentration threshold in basis points with
// the default applied.
func (p FundingPolicy) Concentration() int {
	if p.ConcentrationBP == 0 {
		return DefaultConcentrationBP
	}
	return p.ConcentrationBP
}

// unit is the share unit in minor units (1 when unset).
func (p FundingPolicy) unit() int64 {
	if p.ShareUnit.IsZero() {
		return 1
	}
	return p.ShareUnit.Minor()
}

// Validate reports a policy that cannot be applied in currency c.
func (p FundingPolicy) Validate(c money.Currency) error {
	bad := func(field, reason string) error {
		return &ProductError{Field: "funding." + field, Reason: reason, Err: ErrInvalid}
	}
	switch {
	case p.ShareUnit.IsNegative():
		return bad("share_unit", "the share unit cannot be negative, got "+p.ShareUnit.String())
	case !p.ShareUnit.IsZero() && p.ShareUnit.Currency() != c:
		return bad("share_unit", "the share unit is in "+p.ShareUnit.Currency().String()+", the product in "+c.String())
	case p.WindowDays < 0 || p.WindowDays > 366:
		return bad("window_days", "the window must be 1 to 366 days (0 for the default 30), got "+strconv.Itoa(p.WindowDays))
	case int(p.Disbursal) >= len(disbursalWords):
		return bad("disbursal", "unknown disbursal policy "+strconv.Itoa(int(p.Disbursal)))
	case p.MaxPerLender.IsNegative():
		return bad("max_per_lender", "the limit cannot be negative, got "+p.MaxPerLender.String())
	case !p.MaxPerLender.IsZero() && p.MaxPerLender.Currency() != c:
		return bad("max_per_lender", "the limit is in "+p.MaxPerLender.Currency().String()+", the product in "+c.String())
	case !p.MaxPerLender.IsZero() && p.MaxPerLender.Minor()%p.unit() != 0:
		return bad("max_per_lender", "the limit "+p.MaxPerLender.String()+" is not a whole number of shares of "+p.ShareUnit.String())
	case p.ConcentrationBP < 0 || p.ConcentrationBP > 10000:
		return bad("concentration_bp", "the threshold must be 1 to 10000 basis points (0 for the default 2500), got "+strconv.Itoa(p.ConcentrationBP))
	}
	return nil
}

// MekarmuktiProductCode is the code of MekarmuktiProduct; neutral, a
// koperasi uses its own.
const MekarmuktiProductCode = "PINDANG-6H"

// MekarmuktiProduct is the loan product of the Mekarmukti pilot, for use
// with MekarmuktiCatalogue.
//
// From the paper: a Rp25.000 business package per member, delivered in
// kind, repaid in 6 daily installments of Rp4.200 (Rp25.000 / 6 rounded up
// to Rp100); borrowers run a fish-processing business; lenders fund groups
// from their simpanan sukarela; no late fee is mentioned.
//
// Assumptions where the paper is silent, in one place:
//   - The goods in the package, their quantities, prices and costs
//     (MekarmuktiCatalogue): invented so that the package is worth exactly
//     Rp25.000 at price; the Rp3.900 between price and cost is the
//     koperasi's trading margin, booked as package sales less cost of
//     packages.
//   - The Rp200 left by rounding up is margin, disclosed as such
//     (schedule.KeepEqual), not a residue given back in the last
//     installment; the loan is a murabahah sale with no agreed margin.
//   - All margin goes to the lenders (MarginSplit 1/1): the paper promises
//     lenders a better return than savings and names no koperasi share.
//   - Installments fall on consecutive calendar days from the day after
//     disbursement (schedule.Mekarmukti); the pilot's fixture
//     (examples/pilot) moves them to the koperasi's working days.
//   - The member limit is the package value, Rp25.000: one package per
//     member per cycle.
//   - Servicing: due installments oldest first, late fee then margin then
//     principal; an overpayment prepays the next installments; no late
//     fee; a loan defaults when not repaid 30 days after its last due date
//     (a month past a six-day term; the paper reports no default).
//   - Funding: shares of Rp5.000, a 7-day window (the fact sheet is posted
//     a week before disbursement day), disbursal only when fully funded,
//     no hard per-lender limit, a warning when one lender's exposure is
//     above OJK's 25% of the koperasi's outstanding loans.
func MekarmuktiProduct() Product {
	terms := schedule.Mekarmukti(calendar.Date{})
	terms.Principal = money.Amount{}
	return Product{
		Code:          MekarmuktiProductCode,
		Name:          "Pembiayaan paket usaha pindang, 6 angsuran harian",
		Packages:      []Package{MekarmuktiPackage()},
		Terms:         terms,
		MemberLimit:   money.Rupiah(25000),
		BusinessTypes: []string{members.BusinessFishProcessing},
		Split:         MarginSplit{Lenders: 1, Den: 1},
		Servicing: Servicing{
			Strategy:    FeeMarginPrincipal,
			Overpayment: Prepay,
			Default:     DefaultPolicy{AfterMaturity: 30},
		},
		Funding: FundingPolicy{
			ShareUnit:  money.Rupiah(5000),
			WindowDays: 7,
			Disbursal:  WhenFullyFunded,
		},
	}
}

// businessList is the product's business types for display.
func (p Product) businessList() string {
	if len(p.BusinessTypes) == 0 {
		return "semua"
	}
	return strings.Join(p.BusinessTypes, ", ")
}
