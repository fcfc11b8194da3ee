package koperasi

import (
	"fmt"

	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// Config is what a koperasi decides once: its chart of accounts, savings
// amounts, eligibility policies, group policy and loan products. It is a
// plain value; Mekarmukti returns the pilot's.
type Config struct {
	// Chart is the chart of accounts; empty means ledger.StandardChart().
	Chart []ledger.Account `json:"chart,omitempty"`
	// Savings fixes simpanan pokok and wajib (and so the currency).
	Savings members.Config `json:"savings"`
	// Borrower and Lender are the eligibility policies.
	Borrower members.BorrowerPolicy `json:"borrower"`
	Lender   members.LenderPolicy   `json:"lender"`
	// StrictDates refuses a command dated before the previous command.
	// Off, commands may be dated back to the day after the last closed day
	// (CloseDay), as an officer entering yesterday's collection would.
	StrictDates bool `json:"strict_dates,omitempty"`
}

// Currency is the Book's currency (that of the savings amounts).
func (c Config) Currency() money.Currency { return c.Savings.Currency() }

// Validate checks the configuration.
func (c Config) Validate() error {
	if err := c.Savings.Validate(); err != nil {
		return fmt.Errorf("%w: savings: %w", ErrInvalid, err)
	}
	return nil
}
