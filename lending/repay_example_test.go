package lending_test

import (
	"fmt"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// mekarmukti is a member's loan of the Mekarmukti pilot: a Rp25.000
// package on 28 March 2024, six daily installments of Rp4.200, funded by
// two lenders who get all the margin.
func mekarmukti() lending.Loan {
	disbursed, _ := calendar.NewDate(2024, 3, 28)
	s, err := schedule.Generate(schedule.Mekarmukti(disbursed))
	if err != nil {
		panic(err)
	}
	return lending.Loan{
		ID: "L-M01", Member: "M01", Group: "MKM-08-1", Product: "mekarmukti", Disbursed: disbursed, Schedule: s,
		Lenders: []lending.Share{{Lender: "LND-1", Amount: money.Rupiah(15000)}, {Lender: "LND-2", Amount: money.Rupiah(10000)}},
		Split:   lending.MarginSplit{Lenders: 1, Den: 1},
	}
}

func date(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// A member pays the first installment, then a day late the second with
// part of the third. The default rules allocate oldest first: late fee,
// margin (jasa), principal (pokok), and prepay the next installment.
func ExamplePost() {
	l := mekarmukti()
	st := lending.NewState(l)
	rules := lending.Servicing{} // Mekarmukti: no late fee, prepay
	for _, p := range []lending.Payment{
		{ID: "P1", Loan: l.ID, Date: date("2024-03-29"), Amount: money.Rupiah(4200)},
		{ID: "P2", Loan: l.ID, Date: date("2024-03-31"), Amount: money.Rupiah(5000)},
	} {
		var a lending.Allocation
		var err error
		st, a, _, err = lending.Post(l, st, p, rules)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, ln := range a.Lines {
			fmt.Printf("%s #%d pokok %s jasa %s\n", p.ID, ln.Installment, ln.Principal, ln.Margin)
		}
		fmt.Printf("%s to lenders %s + %s\n", p.ID, a.LenderPrincipal, a.LenderMargin)
	}
	// The same payment again is a no-op; a different one under the same ID
	// is refused.
	_, _, _, err := lending.Post(l, st, lending.Payment{ID: "P2", Loan: l.ID, Date: date("2024-03-31"), Amount: money.Rupiah(5100)}, rules)
	fmt.Println(err)
	// Output:
	// P1 #1 pokok Rp4.166 jasa Rp34
	// P1 to lenders Rp4.166 + Rp34
	// P2 #2 pokok Rp4.166 jasa Rp34
	// P2 #3 pokok Rp767 jasa Rp33
	// P2 to lenders Rp4.933 + Rp67
	// lending: post payment "P2" on loan L-M01: a payment with this ID was already posted with a different amount (Rp5.000)
}

// Which installments did the group pay? A State records what each
// installment has been paid, not who paid it; Allocations posts the
// payments again and gives each one's lines. Here peers cover the second
// installment (tanggung renteng) and the member pays the third herself.
func ExampleAllocations() {
	l := mekarmukti()
	st := lending.NewState(l)
	rules := lending.Servicing{}
	for _, p := range []lending.Payment{
		{ID: "P1", Loan: l.ID, Date: date("2024-03-29"), Amount: money.Rupiah(4200)},
		{ID: "P2", Loan: l.ID, Date: date("2024-03-30"), Amount: money.Rupiah(4200), Source: lending.FromPeers, Payer: "M02"},
		{ID: "P3", Loan: l.ID, Date: date("2024-03-31"), Amount: money.Rupiah(4200)},
	} {
		var err error
		if st, _, _, err = lending.Post(l, st, p, rules); err != nil {
			fmt.Println(err)
			return
		}
	}
	as, err := lending.Allocations(l, st, rules)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range as {
		for _, ln := range a.Lines {
			fmt.Printf("%s (%s) paid installment %d\n", a.Payment.ID, a.Payment.Source, ln.Installment)
		}
	}
	// Output:
	// P1 (member) paid installment 1
	// P2 (peer-cover) paid installment 2
	// P3 (member) paid installment 3
}

// The position of the loan on 1 April after two payments: the third
// installment is partly paid and overdue, the fourth due today. One day
// past due, the loan is in the bucket "1", not yet in PAR1 (more than one
// day past due).
func ExamplePositionOf() {
	l := mekarmukti()
	st := lending.NewState(l)
	st, _, _, _ = lending.Post(l, st, lending.Payment{ID: "P1", Loan: l.ID, Date: date("2024-03-29"), Amount: money.Rupiah(4200)}, lending.Servicing{})
	st, _, _, _ = lending.Post(l, st, lending.Payment{ID: "P2", Loan: l.ID, Date: date("2024-03-31"), Amount: money.Rupiah(5000)}, lending.Servicing{})
	p, err := lending.PositionOf(l, st, date("2024-04-01"), lending.Servicing{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("paid", p.Paid.Total(), "due", p.Due.Total(), "overdue", p.Overdue.Total(), "outstanding", p.Outstanding.Total())
	fmt.Println("days past due", p.DaysPastDue, "since", p.OldestUnpaid)
	for _, in := range p.Installments {
		fmt.Println(in.Number, in.Due, in.Status, in.Paid.Total())
	}
	var b lending.Buckets // current, 1, 2-7, 8-30, 31+: PAR1, PAR7, PAR30
	fmt.Printf("bucket %q, class %s\n", b.Label(b.Index(p.DaysPastDue)), lending.QualityPolicy{}.Classify(p.DaysPastDue))
	// Output:
	// paid Rp9.200 due Rp4.200 overdue Rp3.400 outstanding Rp16.000
	// days past due 1 since 2024-03-31
	// 1 2024-03-29 paid Rp4.200
	// 2 2024-03-30 paid-late Rp4.200
	// 3 2024-03-31 overdue Rp800
	// 4 2024-04-01 due Rp0
	// 5 2024-04-02 future Rp0
	// 6 2024-04-03 future Rp0
	// bucket "1", class lancar
}

// A loan in default is written off: the group fund takes Rp5.000, the
// koperasi Rp2.000, the lenders the rest. The write-off gives the layers'
// totals; the payouts split the lenders' part among them by what each
// had out. Money recovered later goes back to the lenders first.
func ExampleWriteOffLoan() {
	l := mekarmukti()
	rules := lending.Servicing{Default: lending.DefaultPolicy{DaysPastDue: 30}}
	st := lending.NewState(l)
	st, wo, entries, err := lending.WriteOffLoan(l, st, date("2024-05-01"), "WO-1",
		lending.Waterfall{GroupFund: money.Rupiah(5000), Reserve: money.Rupiah(2000)}, rules)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("defaulted on", st.DefaultedOn, "written off", wo.Principal)
	for _, a := range wo.Absorbed {
		fmt.Println(" ", a.Layer, a.Amount)
	}
	for _, e := range entries {
		fmt.Println(" ", e.ID, len(e.Postings), "postings")
	}
	po, out, _, err := lending.DistributeWriteOff(l, lending.NewPaidOut(l), wo, "WO-1")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, lp := range out.Lenders {
		fmt.Println(" ", lp.Lender, "gets", lp.Principal, "of the cover and loses", lp.Loss)
	}
	st, a, _, err := lending.Post(l, st, lending.Payment{ID: "R1", Loan: l.ID, Date: date("2024-06-01"), Amount: money.Rupiah(19000), Source: lending.FromRecovery}, rules)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range a.Recovery {
		fmt.Println("recovered", r.Layer, r.Amount)
	}
	_, out, _, err = lending.Distribute(l, st, po, a)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, lp := range out.Lenders {
		fmt.Println(" ", lp.Lender, "recovers", lp.Recovered)
	}
	// Output:
	// defaulted on 2024-04-28 written off Rp25.000
	//   group-fund Rp5.000
	//   joint-liability Rp0
	//   koperasi-reserve Rp2.000
	//   lenders Rp18.000
	//   WO-1/writeoff 4 postings
	//   WO-1/lenders 2 postings
	//   LND-1 gets Rp4.200 of the cover and loses Rp10.800
	//   LND-2 gets Rp2.800 of the cover and loses Rp7.200
	// recovered lenders Rp18.000
	// recovered koperasi-reserve Rp1.000
	//   LND-1 recovers Rp10.800
	//   LND-2 recovers Rp7.200
}

// A collection meeting of a Mekarmukti group: M03 pays nothing, the four
// others cover the installment equally (tanggung renteng), and the leader
// is to visit M03.
func ExampleCollect() {
	var cs []groups.Candidate
	var loans []lending.Loan
	var states []lending.State
	for _, m := range []members.ID{"M01", "M02", "M03", "M04", "M05"} {
		cs = append(cs, groups.Candidate{Member: m, Household: "KK-" + string(m), RT: 2, RW: 8})
		l := mekarmukti()
		l.ID, l.Member = lending.LoanID("L-"+m), m
		loans, states = append(loans, l), append(states, lending.NewState(l))
	}
	g, err := groups.New("MKM-08-1", cs, "M01", groups.Policy{})
	if err != nil {
		fmt.Println(err)
		return
	}
	paid := []lending.Collected{
		{Member: "M01", Amount: money.Rupiah(4200)}, {Member: "M02", Amount: money.Rupiah(4200)},
		{Member: "M04", Amount: money.Rupiah(4200)}, {Member: "M05", Amount: money.Rupiah(4200)},
	}
	out, err := lending.Collect(g, loans, states, lending.Meeting{Date: date("2024-03-29"), OpID: "C1", Paid: paid},
		lending.Servicing{}, lending.CollectionPolicy{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("to collect", out.Sheet.Total, "shortfall", out.Coverage.Shortfall, "covered", out.Coverage.Covered)
	for _, p := range out.Payments {
		fmt.Println(p.ID, p.Source, p.Amount)
	}
	for _, f := range out.FollowUps {
		fmt.Println(f.Member, f.Level, f.Visitors, f.Reason)
	}
	// Output:
	// to collect Rp21.000 shortfall Rp4.200 covered Rp4.200
	// C1/pay/L-M01 member Rp4.200
	// C1/pay/L-M02 member Rp4.200
	// C1/pay/L-M04 member Rp4.200
	// C1/pay/L-M05 member Rp4.200
	// C1/cover/M01/L-M03 peer-cover Rp1.050
	// C1/cover/M02/L-M03 peer-cover Rp1.050
	// C1/cover/M04/L-M03 peer-cover Rp1.050
	// C1/cover/M05/L-M03 peer-cover Rp1.050
	// M03 home-visit [M01] owes the group Rp4.200 for cover given today
}
