package lending

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/ip2p/koperasi/schedule"
)

// Delivery is one member's part of a disbursement: the loan to make, the
// borrower with the borrower policy's check on the day, and the goods.
type Delivery struct {
	Loan LoanID `json:"loan"`
	// Borrower is the member as registered; its business type must be one
	// the product finances.
	Borrower members.Member `json:"borrower"`
	// Eligibility is the borrower policy's check of Borrower on the
	// disbursement date.
	Eligibility Eligibility `json:"eligibility"`
	// Package is the code of one of the product's packages.
	Package string `json:"package"`
	// Lines are the goods actually delivered, when they differ from the
	// package's (a good substituted, a quantity changed); empty means the
	// package's lines. Their value at price is the principal either way.
	Lines []GoodsLine `json:"lines,omitempty"`
}

// DisburseRequest is a disbursement of a facility in kind.
type DisburseRequest struct {
	// Op is the operation ID; the journal entries derive their IDs from it:
	// "<Op>/disburse/<loan>" and "<Op>/fund/<lender>".
	Op   string        `json:"op"`
	Date calendar.Date `json:"date"`
	// FirstDue is every loan's first due date; zero is one period after
	// Date.
	FirstDue   calendar.Date `json:"first_due,omitzero"`
	Deliveries []Delivery    `json:"deliveries"`
}

// Disbursement is what a disbursement made and what the caller must carry
// out: the loans, what becomes of each pledge's hold, the goods leaving the
// inventory, and the journal entries (balanced, not posted).
type Disbursement struct {
	Loans []Loan `json:"loans"` // in the order of the deliveries
	// Holds are one per pledge, in pledge order: capture and release them
	// on the lenders' sukarela (members.Savings.Capture / Release) before
	// posting Entries, which move the captured money on.
	Holds []HoldUse `json:"holds"`
	// Lenders are each lender's funding across the loans, sorted by
	// lender; they sum to Principal.
	Lenders []Share `json:"lenders"`
	// Issued is the goods leaving the inventory, per good, sorted by code.
	Issued    []GoodsLine    `json:"issued"`
	Principal money.Amount   `json:"principal"` // the goods at price
	Cost      money.Amount   `json:"cost"`      // the goods at cost
	Entries   []ledger.Entry `json:"entries"`
}

// Disbursement rule codes, in DisburseError.Rule.
const (
	RuleProduct    = "product"      // the product does not match or is not valid
	RulePackage    = "package"      // unknown package or undeliverable goods
	RuleBusiness   = "business"     // the borrower's business is not financed by the product
	RuleMemberCap  = "member-limit" // a member's goods exceed the product's member limit
	RuleGroupLimit = "group-limit"  // the loans exceed the group's limit
	RuleFunded     = "funded"       // the pledges do not cover the loans
	RuleSchedule   = "schedule"     // the terms make no schedule for a loan
)

// DisburseError reports a refused disbursement: which rule, which loan and
// member, and the amounts concerned. It wraps ErrInvalid, ErrNotFound,
// ErrClosed, ErrNotFunded, ErrNotEligible or ErrLimitExceeded.
type DisburseError struct {
	Facility FacilityID
	Loan     LoanID
	Member   members.ID
	Rule     string
	Amount   money.Amount // the principal asked for
	Limit    money.Amount // the limit or funding it went past
	Reason   string
	// Violations are the eligibility rules the borrower fails.
	Violations []members.Violation
	Err        error
}

func (e *DisburseError) Error() string {
	s := "lending: cannot disburse facility " + string(e.Facility)
	if e.Loan != "" {
		s += " (loan " + string(e.Loan) + " to " + string(e.Member) + ")"
	}
	return s + ": " + e.Reason
}

func (e *DisburseError) Unwrap() error { return e.Err }

// maxOpLen keeps derived entry IDs within ledger.MaxIDLen.
const maxOpLen = 100

// Disburse makes the loans of a facility in kind, on r.Date.
//
// Each member receives goods valued at price from catalogue c; the
// principal is their sum and must be within the product's member limit
// (ErrLimitExceeded). The borrower must pass the borrower policy on the day
// and run a business the product finances (ErrNotEligible). All the loans
// together must be within the group's limit (ErrLimitExceeded) and covered
// by the pledges: the facility must be funded, or open with enough pledged
// under PerPackage (ErrNotFunded); a closed facility cannot be disbursed
// (ErrClosed).
//
// Funding: the loans' total is split among the lenders in proportion to
// their pledges (money.Allocate); when it is less than was pledged, each
// lender's unused part is released. Each lender's funding is then spread
// over the loans so that every loan's shares sum to its principal and
// every lender's shares to its funding, exactly: the loans are taken in
// order, each split in proportion to what every lender still has to place,
// the odd rupiah rotating among lenders from one loan to the next. Within
// a lender, its pledges are captured oldest first.
//
// Journal, per loan ("<Op>/disburse/<loan>"): Dr MemberLoans, Cr
// PackageSales at price; Dr CostOfPackages, Cr PackageInventory at cost.
// Per lender ("<Op>/fund/<lender>"): Dr PledgedFunds, Cr LenderFunding, the
// lender's funding. These follow ledger.StandardChart: the captures
// (members.Savings.Capture) have already moved the pledged money from
// SukarelaSavings to PledgedFunds.
//
// The facility returned is disbursed. On error it is f unchanged.
func Disburse(f Facility, p Product, c Catalogue, r DisburseRequest) (Facility, Disbursement, error) {
	fail := func(d *Delivery, rule string, sentinel error, reason string, amount, limit money.Amount) (Facility, Disbursement, error) {
		e := &DisburseError{Facility: f.ID, Rule: rule, Amount: amount, Limit: limit, Reason: reason, Err: sentinel}
		if d != nil {
			e.Loan, e.Member = d.Loan, d.Borrower.ID
			if rule == RuleEligibility {
				e.Violations = slices.Clone(d.Eligibility.Violations)
			}
		}
		return f, Disbursement{}, e
	}
	none := money.Amount{}
	switch {
	case f.Status.Closed():
		return f, Disbursement{}, &FacilityError{Facility: f.ID, Op: "disburse", Status: f.Status, Reason: "the facility is " + f.Status.String(), Err: ErrClosed}
	case f.Status == FacilityOpen && (f.Funding.Disbursal != PerPackage || f.Pledged().IsZero()):
		return f, Disbursement{}, &FacilityError{Facility: f.ID, Op: "disburse", Status: f.Status, Reason: "the facility is not funded: " + f.Pledged().String() + " pledged of " + f.Requested.String(), Err: ErrNotFunded}
	case p.Code != f.Product:
		return fail(nil, RuleProduct, ErrInvalid, "the facility is for product "+strconv.Quote(f.Product)+", not "+strconv.Quote(p.Code), none, none)
	case textFault(r.Op, true) != "" || len(r.Op) > maxOpLen:
		return fail(nil, RuleRequest, ErrInvalid, "the operation ID must be 1 to "+strconv.Itoa(maxOpLen)+" bytes of text", none, none)
	case r.Date.IsZero():
		return fail(nil, RuleRequest, ErrInvalid, "the disbursement has no date", none, none)
	case r.Date.Before(f.Opens) || r.Date.Before(f.lastPledge()):
		return fail(nil, RuleRequest, ErrInvalid, "the disbursement date "+r.Date.String()+" is before the window opened or the latest pledge", none, none)
	case !r.FirstDue.IsZero() && r.FirstDue.Before(r.Date):
		return fail(nil, RuleRequest, ErrInvalid, "the first due date "+r.FirstDue.String()+" is before disbursement on "+r.Date.String(), none, none)
	case len(r.Deliveries) == 0:
		return fail(nil, RuleRequest, ErrInvalid, "there is nobody to deliver to", none, none)
	}
	if err := p.Validate(c); err != nil {
		return fail(nil, RuleProduct, err, "the product cannot be used: "+err.Error(), none, none)
	}

	cur := f.Requested.Currency()
	// What each delivery is worth; the goods are its lines (Value would
	// list them with their prices, which a loan does not keep).
	type valued struct {
		price, cost money.Amount
		lines       []GoodsLine
	}
	values := make([]valued, len(r.Deliveries))
	total := cur.Amount(0)
	for i := range r.Deliveries {
		d := &r.Deliveries[i]
		if why := textFault(string(d.Loan), true); why != "" {
			return fail(d, RuleRequest, ErrInvalid, "the loan ID "+why, none, none)
		}
		for _, o := range r.Deliveries[:i] {
			switch {
			case o.Loan == d.Loan:
				return fail(d, RuleRequest, ErrInvalid, "loan "+string(d.Loan)+" is given twice", none, none)
			case o.Borrower.ID == d.Borrower.ID:
				return fail(d, RuleRequest, ErrInvalid, "member "+string(d.Borrower.ID)+" is given two loans", none, none)
			}
		}
		if d.Borrower.ID == "" {
			return fail(d, RuleRequest, ErrInvalid, "the delivery names no borrower", none, none)
		}
		if why := d.Eligibility.problem(d.Borrower.ID, r.Date); why != "" {
			return fail(d, RuleEligibility, ErrNotEligible, "the member may not borrow: "+why, none, none)
		}
		if !p.Finances(d.Borrower.Business.Type) {
			return fail(d, RuleBusiness, ErrNotEligible, "the product finances "+p.businessList()+", not the member's business "+strconv.Quote(d.Borrower.Business.Type), none, none)
		}
		pk, ok := p.Package(d.Package)
		if !ok {
			return fail(d, RulePackage, ErrNotFound, "product "+p.Code+" has no package "+strconv.Quote(d.Package), none, none)
		}
		lines := d.Lines
		if len(lines) == 0 {
			lines = pk.Lines
		}
		v, err := c.value(lines, false)
		if err != nil {
			return fail(d, RulePackage, err, "the goods cannot be delivered: "+err.Error(), none, none)
		}
		if v.Price.Cmp(p.MemberLimit) > 0 {
			return fail(d, RuleMemberCap, ErrLimitExceeded, "the goods are worth "+v.Price.String()+", above the member limit "+p.MemberLimit.String(), v.Price, p.MemberLimit)
		}
		values[i] = valued{price: v.Price, cost: v.Cost, lines: lines}
		if total, err = total.Add(v.Price); err != nil {
			return fail(d, RuleGroupLimit, ErrLimitExceeded, "the loans' total overflows", none, none)
		}
	}
	if total.Cmp(f.Limit) > 0 {
		return fail(nil, RuleGroupLimit, ErrLimitExceeded, "the loans total "+total.String()+", above the group's limit "+f.Limit.String(), total, f.Limit)
	}
	if pledged := f.Pledged(); total.Cmp(pledged) > 0 {
		return fail(nil, RuleFunded, ErrNotFunded, "the loans total "+total.String()+" but only "+pledged.String()+" is pledged", total, pledged)
	}

	// Each lender's funding: the total in proportion to the pledges.
	lenders := f.Lenders()
	weights := make([]int64, len(lenders))
	for j, s := range lenders {
		weights[j] = s.Amount.Minor()
	}
	funding, err := money.Allocate(total, weights)
	if err != nil {
		return fail(nil, RuleFunded, ErrInvalid, "the pledges cannot be split: "+err.Error(), none, none)
	}

	nl := 0 // lenders funding something
	for _, a := range funding {
		if !a.IsZero() {
			nl++
		}
	}
	out := Disbursement{
		Loans:     make([]Loan, len(r.Deliveries)),
		Principal: total,
		Cost:      cur.Amount(0),
		Entries:   make([]ledger.Entry, 0, len(r.Deliveries)+len(lenders)),
	}
	// The entries' postings, references, IDs and memos are cut from one
	// block each (the journal copies postings and references, and keeps
	// the strings).
	ps := make([]ledger.Posting, 0, 4*len(r.Deliveries)+2*nl)
	refs := make([]ledger.Ref, 0, 4*len(r.Deliveries)+3*nl)
	var text strings.Builder
	size := 0
	for i := range r.Deliveries {
		d := &r.Deliveries[i]
		size += len(r.Op) + len("/disburse/") + len(d.Loan) +
			len("pencairan ") + len(d.Package) + len(" kepada ") + len(d.Borrower.ID) + len(", pinjaman ") + len(d.Loan)
	}
	for j, s := range lenders {
		if !funding[j].IsZero() {
			size += len(r.Op) + len("/fund/") + len(s.Lender) + len("pendanaan ") + len(f.ID) + len(" oleh ") + len(s.Lender)
		}
	}
	text.Grow(size)
	var cutBuf [32]int
	cuts := cutBuf[:0] // where each ID and memo ends in text
	write := func(parts ...string) {
		for _, p := range parts {
			text.WriteString(p)
		}
		cuts = append(cuts, text.Len())
	}
	refsOf := func(rs ...ledger.Ref) []ledger.Ref {
		n := len(refs)
		refs = append(refs, rs...)
		return refs[n:len(refs):len(refs)]
	}
	postingsOf := func(xs ...ledger.Posting) []ledger.Posting {
		n := len(ps)
		ps = append(ps, xs...)
		return ps[n:len(ps):len(ps)]
	}

	left := make([]int64, len(lenders)) // what each lender still has to place
	for j, a := range funding {
		left[j] = a.Minor()
	}
	parts := make([]money.Amount, 0, len(lenders))
	var made []schedule.Schedule
	for i := range r.Deliveries {
		d := &r.Deliveries[i]
		v := values[i]
		// Members of a group mostly take the same package: one schedule per
		// principal, shared by the loans (a Loan is immutable; Loan.Clone
		// copies it for whoever wants to change one).
		var sch schedule.Schedule
		if k := slices.IndexFunc(made, func(s schedule.Schedule) bool { return s.Principal == v.price }); k >= 0 {
			sch = made[k]
		} else {
			if sch, err = p.Schedule(v.price, r.Date, r.FirstDue); err != nil {
				return fail(d, RuleSchedule, joinInvalid(err), "the terms make no schedule for "+v.price.String()+": "+err.Error(), v.price, none)
			}
			made = append(made, sch)
		}
		// Split the loan by what each lender still has to place; the sum of
		// left is at least the loan, so no lender is asked for more than it
		// has left, and the last loan takes exactly what is left.
		if parts, err = money.AppendAllocate(parts[:0], v.price, left, i); err != nil {
			return fail(d, RuleFunded, ErrInvalid, "the funding cannot be split: "+err.Error(), none, none)
		}
		var shareBuf [8]Share
		split := shareBuf[:0]
		for j, a := range parts {
			if a.IsZero() {
				continue
			}
			left[j] -= a.Minor()
			split = append(split, Share{Lender: lenders[j].Lender, Amount: a})
		}
		// Loans with the same shares, or the same goods, share them, as
		// they share a schedule.
		var shares []Share
		var goods []GoodsLine
		for k, o := range out.Loans[:i] {
			if shares == nil && slices.Equal(o.Lenders, split) {
				shares = o.Lenders
			}
			if goods == nil && slices.Equal(values[k].lines, v.lines) {
				goods = o.Goods
			}
		}
		if shares == nil {
			shares = slices.Clone(split)
		}
		if goods == nil {
			goods = make([]GoodsLine, len(v.lines))
			for k, l := range v.lines {
				goods[k] = GoodsLine{Good: l.Good, Quantity: l.Quantity}
			}
		}
		out.Loans[i] = Loan{
			ID: d.Loan, Member: d.Borrower.ID, Group: string(f.Group), Facility: f.ID, Cycle: f.Cycle,
			Product: p.Code, Package: d.Package, Disbursed: r.Date, Schedule: sch,
			Lenders: shares, Split: p.Split, Goods: goods, Cost: v.cost,
		}
		out.Cost, _ = out.Cost.Add(v.cost) // cost <= price, and prices summed
		write(r.Op, "/disburse/", string(d.Loan))
		write("pencairan ", d.Package, " kepada ", string(d.Borrower.ID), ", pinjaman ", string(d.Loan))
		out.Entries = append(out.Entries, ledger.Entry{
			Date: r.Date,
			Refs: refsOf(ledger.Ref{Key: "facility", Value: string(f.ID)}, ledger.Ref{Key: "group", Value: string(f.Group)}, ledger.Ref{Key: "loan", Value: string(d.Loan)}, ledger.Ref{Key: "member", Value: string(d.Borrower.ID)}),
			Postings: postingsOf(
				ledger.Dr(ledger.MemberLoans, v.price), ledger.Cr(ledger.PackageSales, v.price),
				ledger.Dr(ledger.CostOfPackages, v.cost), ledger.Cr(ledger.PackageInventory, v.cost),
			),
		})
	}

	out.Lenders = make([]Share, 0, len(lenders))
	for j, s := range lenders {
		if funding[j].IsZero() {
			continue
		}
		out.Lenders = append(out.Lenders, Share{Lender: s.Lender, Amount: funding[j]})
		write(r.Op, "/fund/", string(s.Lender))
		write("pendanaan ", string(f.ID), " oleh ", string(s.Lender))
		out.Entries = append(out.Entries, ledger.Entry{
			Date:     r.Date,
			Refs:     refsOf(ledger.Ref{Key: "facility", Value: string(f.ID)}, ledger.Ref{Key: "group", Value: string(f.Group)}, ledger.Ref{Key: "lender", Value: string(s.Lender)}),
			Postings: postingsOf(ledger.Dr(ledger.PledgedFunds, funding[j]), ledger.Cr(ledger.LenderFunding, funding[j])),
		})
	}
	all, at := text.String(), 0
	for k := range out.Entries {
		e := &out.Entries[k]
		e.ID, e.Memo = all[at:cuts[2*k]], all[cuts[2*k]:cuts[2*k+1]]
		at = cuts[2*k+1]
	}

	// Holds: each lender's funding captured from its pledges oldest first.
	out.Holds = make([]HoldUse, len(f.Pledges))
	toCapture := make(map[members.ID]int64, len(lenders))
	for j, s := range lenders {
		toCapture[s.Lender] = funding[j].Minor()
	}
	for k, pl := range f.Pledges {
		take := min(pl.Amount.Minor(), toCapture[pl.Lender])
		toCapture[pl.Lender] -= take
		out.Holds[k] = HoldUse{Pledge: pl.ID, Lender: pl.Lender, Capture: cur.Amount(take), Release: cur.Amount(pl.Amount.Minor() - take)}
	}

	out.Issued = issuedGoods(out.Loans)

	n := f.clone()
	n.Status = FacilityDisbursed
	n.ClosedOn = r.Date
	n.Disbursed = total
	n.Loans = make([]LoanID, len(out.Loans))
	for i, l := range out.Loans {
		n.Loans[i] = l.ID
	}
	return n, out, nil
}

// issuedGoods sums the goods of the loans per good, sorted by code.
func issuedGoods(loans []Loan) []GoodsLine {
	var out []GoodsLine
	for _, l := range loans {
		for _, g := range l.Goods {
			i, found := slices.BinarySearchFunc(out, g.Good, func(x GoodsLine, k GoodCode) int { return cmp.Compare(x.Good, k) })
			if found {
				out[i].Quantity += g.Quantity // bounded: each line's value fits in 64 bits
				continue
			}
			out = slices.Insert(out, i, g)
		}
	}
	return out
}
