package schedule

import (
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
)

// Mekarmukti returns the terms of the Mekarmukti pilot's business package: a
// Rp25.000 package sold on credit with no agreed margin, repaid in 6 daily
// installments, each rounded up to Rp100 and kept equal, so the member pays
// 6 x Rp4.200 = Rp25.200 and the Rp200 is disclosed as rounding margin.
//
// Assumptions where the paper is silent: installments fall on consecutive
// calendar days starting the day after disbursement (pass a Calendar and the
// WorkingDays unit to skip closed days), and the Rp200 is margin rather than a
// residue given back (use LastAbsorbs for 5 x Rp4.200 + Rp4.000).
func Mekarmukti(disbursed calendar.Date) Terms {
	return Terms{
		Principal:    money.Rupiah(25000),
		Method:       Murabahah,
		Installments: 6,
		Frequency:    calendar.Frequency{Unit: calendar.Days},
		Disbursed:    disbursed,
		Rounding: Rounding{
			Installment: money.Rounding{Step: 100, Mode: money.Up},
			Residual:    KeepEqual,
		},
	}
}
