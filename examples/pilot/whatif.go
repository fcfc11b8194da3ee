package pilot

import (
	"fmt"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/money"
)

// WhatIf is the pilot's first cycle with one member in trouble: P03 (group
// G1) pays nothing at the 2nd and 3rd collections. The group covers her
// Rp4.200 each time (tanggung renteng, shared equally among the four who
// paid), the leader P05 visits her at home after each miss, and on the last
// collection day she pays her peers back the Rp8.400 they put in.
func WhatIf() []koperasi.Command {
	c := Cycles()[0]
	cs := Setup()
	cs = append(cs, Funding(c)...)
	cs = append(cs, Disbursement(c)...)
	dues := DueDates(c)
	for k, d := range dues {
		for _, g := range GroupIDs() {
			var paid []lending.Collected
			for _, m := range groupMembers(g) {
				amount := int64(4_200)
				if m == WhatIfMember && (k == 1 || k == 2) {
					amount = 0
				}
				paid = append(paid, lending.Collected{Member: m, Amount: money.Rupiah(amount)})
			}
			cs = append(cs, koperasi.Collect{Op: koperasi.Op{ID: fmt.Sprintf("collect-%s-%d-%d", g, c.N, k+1), Date: d}, Group: g, Paid: paid})
		}
		if k == 1 || k == 2 {
			cs = append(cs, koperasi.RecordVisit{Op: koperasi.Op{ID: fmt.Sprintf("visit-%s-%d", WhatIfMember, k+1), Date: d}, Member: WhatIfMember,
				Loan: LoanID(WhatIfMember, c.N), By: "P05", Level: lending.HomeVisit, Note: "Kunjungan rumah oleh ketua kelompok: hasil pindang belum terjual, akan membayar kembali kepada kelompok."})
		}
	}
	last := dues[len(dues)-1]
	cs = append(cs, koperasi.SettleDebts{Op: koperasi.Op{ID: "settle-" + string(WhatIfMember), Date: last}, Group: "G1", Member: WhatIfMember, Amount: money.Rupiah(8_400)})
	for _, g := range GroupIDs() {
		cs = append(cs, koperasi.CloseCycle{Op: koperasi.Op{ID: fmt.Sprintf("close-%s-%d", g, c.N), Date: last}, Group: g})
	}
	return cs
}

// WhatIfMember is the member who misses two installments in WhatIf.
const WhatIfMember = "P03"

// WhatIfBook returns a Book with the what-if scenario applied.
func WhatIfBook() (*koperasi.Book, error) {
	return apply(WhatIf())
}

func apply(cmds []koperasi.Command) (*koperasi.Book, error) {
	b, err := koperasi.New(Config())
	if err != nil {
		return nil, err
	}
	for _, c := range cmds {
		if _, err := b.Do(c); err != nil {
			return nil, err
		}
	}
	return b, nil
}
