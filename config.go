package koperasi

import (
	"fmt"

	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// Config is what a koperasi decides once: its chart of accounts, savings
// amounts, eligibility policies, group rules, goods and loan products. It is
// a plain value; the examples' Mekarmukti fixture has the pilot's.
type Config struct {
	// Name is the koperasi's name, printed on pocket books and reports.
	Name string `json:"name,omitempty"`
	// Chart is the chart of accounts; empty means ledger.StandardChart().
	Chart []ledger.Account `json:"chart,omitempty"`
	// Savings fixes simpanan pokok and wajib (and so the currency).
	Savings members.Config `json:"savings"`
	// Borrower and Lender are the eligibility policies.
	Borrower members.BorrowerPolicy `json:"borrower"`
	Lender   members.LenderPolicy   `json:"lender"`
	// Groups is how groups are made up; Cover how a group covers a
	// member's shortfall; Fund how its group fund works; Ladder how its
	// limit moves from cycle to cycle. Collection sets the follow-up
	// escalation.
	Groups     groups.Policy            `json:"groups"`
	Fund       groups.FundPolicy        `json:"fund"`
	Ladder     groups.Ladder            `json:"ladder"`
	Collection lending.CollectionPolicy `json:"collection"`
	// Catalogue is the goods the koperasi sells in packages; Products the
	// loan products, by code.
	Catalogue lending.Catalogue `json:"catalogue"`
	Products  []lending.Product `json:"products"`
	// Waterfall is the order in which losses are absorbed on write-off.
	Waterfall []lending.Layer `json:"waterfall,omitempty"`
	// Buckets and Quality classify arrears for the metrics.
	Buckets lending.Buckets       `json:"buckets,omitzero"`
	Quality lending.QualityPolicy `json:"quality,omitzero"`
	// StrictDates refuses a command dated before the previous command.
	// Off, commands may be dated back to the day after the last closed day
	// (CloseDay), as an officer entering yesterday's collection would.
	StrictDates bool `json:"strict_dates,omitempty"`
}

// Currency is the Book's currency (that of the savings amounts).
func (c Config) Currency() money.Currency { return c.Savings.Currency() }

// product returns the product with code, if configured.
func (c Config) product(code string) (lending.Product, bool) {
	for _, p := range c.Products {
		if p.Code == code {
			return p, true
		}
	}
	return lending.Product{}, false
}

// Validate checks the configuration.
func (c Config) Validate() error {
	if err := c.Savings.Validate(); err != nil {
		return fmt.Errorf("%w: savings: %w", ErrInvalid, err)
	}
	if err := c.Borrower.Validate(); err != nil {
		return fmt.Errorf("%w: borrower policy: %w", ErrInvalid, err)
	}
	if err := c.Lender.Validate(); err != nil {
		return fmt.Errorf("%w: lender policy: %w", ErrInvalid, err)
	}
	if err := c.Fund.Validate(); err != nil {
		return fmt.Errorf("%w: group fund: %w", ErrInvalid, err)
	}
	if len(c.Ladder.Steps) > 0 {
		if err := c.Ladder.Validate(); err != nil {
			return fmt.Errorf("%w: ladder: %w", ErrInvalid, err)
		}
	}
	if err := c.Collection.Validate(); err != nil {
		return fmt.Errorf("%w: collection: %w", ErrInvalid, err)
	}
	seen := map[string]bool{}
	for _, p := range c.Products {
		if seen[p.Code] {
			return fmt.Errorf("%w: product %q configured twice", ErrInvalid, p.Code)
		}
		seen[p.Code] = true
		if err := p.Validate(c.Catalogue); err != nil {
			return fmt.Errorf("%w: product %q: %w", ErrInvalid, p.Code, err)
		}
		if p.Servicing.Overpayment == lending.Hold {
			// Held credit is posted straight to the sukarela control
			// account, past the members' savings books the Book keeps.
			return fmt.Errorf("%w: product %q holds overpayments as credit; the Book supports prepay and refund", ErrInvalid, p.Code)
		}
		if p.MemberLimit.Currency() != c.Currency() {
			return fmt.Errorf("%w: product %q is in %s, the books in %s", ErrInvalid, p.Code, p.MemberLimit.Currency(), c.Currency())
		}
	}
	return nil
}
