package lending

import (
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
)

// Layer is a party that absorbs the loss of a written-off loan.
type Layer uint8

// Loss layers, in the default waterfall order.
const (
	GroupFundLayer      Layer = iota // the group fund (dana kelompok)
	JointLiabilityLayer              // the group's members under tanggung renteng
	ReserveLayer                     // the koperasi, from its loan-loss allowance or reserve
	LendersLayer                     // the lenders, pro rata to their shares
	nLayers
)

var layerWords = []string{"group-fund", "joint-liability", "koperasi-reserve", "lenders"}

// String is the layer's word: "group-fund", "joint-liability",
// "koperasi-reserve", "lenders".
func (l Layer) String() string { return wordString(layerWords, int(l)) }

// MarshalText writes the layer's word.
func (l Layer) MarshalText() ([]byte, error) { return wordText("loss layer", layerWords, int(l)) }

// UnmarshalText reads the layer's word.
func (l *Layer) UnmarshalText(b []byte) error {
	i, err := wordParse("loss layer", layerWords, b)
	*l = Layer(i)
	return err
}

// Absorbed is what one layer of the waterfall took of a written-off loss,
// and what it has been given back from recoveries since.
type Absorbed struct {
	Layer     Layer        `json:"layer"`
	Amount    money.Amount `json:"amount"`
	Recovered money.Amount `json:"recovered"`
}

// WriteOff is a loan's write-off (hapus buku): the principal that was
// outstanding, the margin and late fees forgone, how the waterfall absorbed
// the principal, and what has been recovered since.
type WriteOff struct {
	Date      calendar.Date `json:"date"`
	Principal money.Amount  `json:"principal"`
	Margin    money.Amount  `json:"margin"` // margin not collected (never booked)
	Fee       money.Amount  `json:"fee"`    // late fees not collected (never booked)
	// Absorbed lists the layers that took part of the loss, in waterfall
	// order; their amounts sum to Principal.
	Absorbed []Absorbed `json:"absorbed"`
	// Lenders is each lender's loss, the lenders' layer split by their
	// shares; Recovered below is given back to them in the same weights.
	Lenders   []Share      `json:"lenders,omitempty"`
	Recovered money.Amount `json:"recovered"`
}

// IsZero reports that there is no write-off.
func (w WriteOff) IsZero() bool { return w.Date.IsZero() }
