package koperasi

import (
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/members"
)

// state is everything the Book holds besides its log.
type state struct {
	j   *ledger.Journal
	sav *members.Savings
}

// New returns an empty Book for cfg.
func New(cfg Config) (*Book, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	st, err := newState(cfg)
	if err != nil {
		return nil, err
	}
	return &Book{cfg: cfg, ids: make(map[string]seen), st: st}, nil
}

func newState(cfg Config) (state, error) {
	chart := cfg.Chart
	if len(chart) == 0 {
		chart = ledger.StandardChart()
	}
	j, err := ledger.New(cfg.Currency(), chart)
	if err != nil {
		return state{}, err
	}
	sav, err := members.New(cfg.Savings, j)
	if err != nil {
		return state{}, err
	}
	return state{j: j, sav: sav}, nil
}
