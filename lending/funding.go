package lending

import (
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
)

// FacilityStatus is where a facility stands. The zero FacilityStatus is
// FacilityOpen.
type FacilityStatus uint8

// Facility statuses.
const (
	FacilityOpen      FacilityStatus = iota // taking pledges
	FacilityFunded                          // pledges reached the amount requested
	FacilityExpired                         // the window closed short; every pledge released
	FacilityCancelled                       // withdrawn by the koperasi; every pledge released
	FacilityDisbursed                       // the loans were made; unused pledges released
)

var facilityStatusWords = []string{"open", "funded", "expired", "cancelled", "disbursed"}

// String is the status's word.
func (s FacilityStatus) String() string { return wordString(facilityStatusWords, int(s)) }

// MarshalText writes the status's word.
func (s FacilityStatus) MarshalText() ([]byte, error) {
	return wordText("facility status", facilityStatusWords, int(s))
}

// UnmarshalText reads the status's word.
func (s *FacilityStatus) UnmarshalText(b []byte) error {
	i, err := wordParse("facility status", facilityStatusWords, b)
	*s = FacilityStatus(i)
	return err
}

// Closed reports a status that takes no more pledges and cannot be
// disbursed: expired, cancelled or disbursed.
func (s FacilityStatus) Closed() bool { return s >= FacilityExpired }

// PledgeID identifies a pledge; it is the idempotency key of pledging, and
// the ID of the hold the pledge places on the lender's sukarela balance
// (members.Savings.Hold).
type PledgeID string

// Pledge is a lender's promise of part of a facility, held on the lender's
// free sukarela balance until disbursement or release.
type Pledge struct {
	ID     PledgeID      `json:"id"`
	Lender members.ID    `json:"lender"`
	Amount money.Amount  `json:"amount"` // accepted: a whole number of share units
	Date   calendar.Date `json:"date"`
	// Offered is what the lender offered when it was more than the facility
	// still needed (the rest was refused); zero when all was accepted.
	Offered money.Amount `json:"offered,omitzero"`
}

// offered is what the pledge request carried.
func (p Pledge) offered() money.Amount {
	if p.Offered.IsZero() {
		return p.Amount
	}
	return p.Offered
}

// Facility is the amount the marketplace raises from lenders for one
// group's cycle: what is requested, the funding window, the pledges so far
// and where it stands. It is an immutable value: Pledge, Expire, Cancel and
// Disburse return a new Facility and leave the one they were given as it
// was.
type Facility struct {
	ID      FacilityID `json:"id"`
	Group   groups.ID  `json:"group"`
	Cycle   int        `json:"cycle"`
	Product string     `json:"product"`
	// Requested is the amount raised: the members' packages at price.
	Requested money.Amount `json:"requested"`
	// Limit is the group's credit limit for the cycle (from groups); the
	// request and the loans made stay within it.
	Limit money.Amount `json:"limit"`
	// Funding is the product's funding policy as of opening.
	Funding FundingPolicy `json:"funding"`
	// Opens and Closes are the first and last day pledges are taken.
	Opens  calendar.Date  `json:"opens"`
	Closes calendar.Date  `json:"closes"`
	Status FacilityStatus `json:"status"`
	// Pledges in the order they were accepted.
	Pledges []Pledge `json:"pledges"`
	// FundedOn is the day the pledges reached the amount requested.
	FundedOn calendar.Date `json:"funded_on,omitzero"`
	// ClosedOn is the day the facility expired, was cancelled or disbursed.
	ClosedOn calendar.Date `json:"closed_on,omitzero"`
	// Disbursed is the principal lent when the facility was disbursed.
	Disbursed money.Amount `json:"disbursed,omitzero"`
	// Loans are the loans made at disbursement.
	Loans []LoanID `json:"loans,omitempty"`
}

// FacilityRequest is what opening a facility needs besides the product.
type FacilityRequest struct {
	ID    FacilityID `json:"id"`
	Group groups.ID  `json:"group"`
	Cycle int        `json:"cycle"` // 1 for a group's first cycle
	// Requested is the amount to raise, a whole number of share units.
	Requested money.Amount `json:"requested"`
	// Limit is the group's credit limit for this cycle, from groups.
	Limit money.Amount `json:"limit"`
	// Opens is the first day of the funding window.
	Opens calendar.Date `json:"opens"`
}

// FacilityError reports an operation on a facility that cannot be done in
// its state (ErrClosed, ErrNotFunded) or with its input (ErrInvalid,
// ErrLimitExceeded).
type FacilityError struct {
	Facility FacilityID
	Op       string // "open", "expire", "cancel", "disburse"
	Status   FacilityStatus
	Reason   string
	Err      error
}

func (e *FacilityError) Error() string {
	var b strings.Builder
	b.WriteString("lending: cannot ")
	b.WriteString(e.Op)
	b.WriteString(" facility")
	if e.Facility != "" {
		b.WriteString(" " + string(e.Facility))
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

func (e *FacilityError) Unwrap() error { return e.Err }

// OpenFacility opens the facility a group raises for a cycle under
// product p, with a funding window of the product's length starting on
// r.Opens. The amount requested must be positive, within the group limit,
// and a whole number of the product's share units.
func OpenFacility(p Product, r FacilityRequest) (Facility, error) {
	bad := func(sentinel error, reason string) (Facility, error) {
		return Facility{}, &FacilityError{Facility: r.ID, Op: "open", Reason: reason, Err: sentinel}
	}
	c := p.MemberLimit.Currency()
	if err := p.Funding.Validate(c); err != nil {
		return Facility{}, err
	}
	switch {
	case textFault(string(r.ID), true) != "":
		return bad(ErrInvalid, "the facility ID "+textFault(string(r.ID), true))
	case textFault(string(r.Group), true) != "":
		return bad(ErrInvalid, "the group ID "+textFault(string(r.Group), true))
	case r.Cycle < 1:
		return bad(ErrInvalid, "the cycle must be 1 or more, got "+strconv.Itoa(r.Cycle))
	case p.Code == "":
		return bad(ErrInvalid, "the product has no code")
	case r.Opens.IsZero():
		return bad(ErrInvalid, "the window needs an opening date")
	case !r.Requested.IsPositive() || r.Requested.Currency() != c:
		return bad(ErrInvalid, "the amount requested must be a positive amount in "+c.String()+", got "+r.Requested.String())
	case !r.Limit.IsPositive() || r.Limit.Currency() != c:
		return bad(ErrInvalid, "the group limit must be a positive amount in "+c.String()+", got "+r.Limit.String())
	case r.Requested.Cmp(r.Limit) > 0:
		return bad(ErrLimitExceeded, "the amount requested "+r.Requested.String()+" is above the group's limit "+r.Limit.String())
	case r.Requested.Minor()%p.Funding.unit() != 0:
		return bad(ErrInvalid, "the amount requested "+r.Requested.String()+" is not a whole number of shares of "+p.Funding.ShareUnit.String())
	}
	return Facility{
		ID: r.ID, Group: r.Group, Cycle: r.Cycle, Product: p.Code,
		Requested: r.Requested, Limit: r.Limit, Funding: p.Funding,
		Opens: r.Opens, Closes: r.Opens.AddDays(p.Funding.Window() - 1),
		Pledges: []Pledge{},
	}, nil
}

// Pledged is the total of the pledges.
func (f Facility) Pledged() money.Amount {
	t := f.Requested.Currency().Amount(0)
	for _, p := range f.Pledges {
		t, _ = t.Add(p.Amount) // at most Requested
	}
	return t
}

// Remaining is what the facility still needs.
func (f Facility) Remaining() money.Amount {
	r, _ := f.Requested.Sub(f.Pledged())
	return r
}

// Lenders returns each lender's total pledge, sorted by lender.
func (f Facility) Lenders() []Share {
	out := make([]Share, 0, len(f.Pledges))
	for _, p := range f.Pledges {
		i, found := slices.BinarySearchFunc(out, p.Lender, func(s Share, id members.ID) int { return strings.Compare(string(s.Lender), string(id)) })
		if found {
			out[i].Amount, _ = out[i].Amount.Add(p.Amount)
			continue
		}
		out = slices.Insert(out, i, Share{Lender: p.Lender, Amount: p.Amount})
	}
	return out
}

// pledgedBy is a lender's total pledge.
func (f Facility) pledgedBy(l members.ID) money.Amount {
	t := f.Requested.Currency().Amount(0)
	for _, p := range f.Pledges {
		if p.Lender == l {
			t, _ = t.Add(p.Amount)
		}
	}
	return t
}

// lastPledge is the date of the latest pledge, or the zero Date.
func (f Facility) lastPledge() calendar.Date {
	var d calendar.Date
	for _, p := range f.Pledges {
		if p.Date.After(d) {
			d = p.Date
		}
	}
	return d
}

// Disbursable is the principal that may be disbursed now under the
// funding policy: everything pledged once fully funded, or, under
// PerPackage, what is pledged so far; zero when nothing may be.
func (f Facility) Disbursable() money.Amount {
	switch {
	case f.Status == FacilityFunded:
		return f.Pledged()
	case f.Status == FacilityOpen && f.Funding.Disbursal == PerPackage:
		return f.Pledged()
	}
	return f.Requested.Currency().Amount(0)
}

// clone returns f with its slices copied, ready to be changed.
func (f Facility) clone() Facility {
	f.Pledges = slices.Clone(f.Pledges)
	f.Loans = slices.Clone(f.Loans)
	return f
}

// Eligibility is the outcome of a members policy check (BorrowerPolicy or
// LenderPolicy) for one member on one date, passed in by the caller. The
// date must be the day of the pledge or the disbursement, so that a stale
// or forgotten check is refused rather than read as a pass.
type Eligibility struct {
	Member     members.ID          `json:"member"`
	On         calendar.Date       `json:"on"`
	Violations []members.Violation `json:"violations,omitempty"`
}

// CheckLender runs the lender policy on m as of on.
func CheckLender(p members.LenderPolicy, m members.Member, pos members.Position, activeLoans int, on calendar.Date) Eligibility {
	return Eligibility{Member: m.ID, On: on, Violations: p.Check(m, pos, activeLoans, on)}
}

// CheckBorrower runs the borrower policy on m as of on.
func CheckBorrower(p members.BorrowerPolicy, m members.Member, pos members.Position, activeLoans int, on calendar.Date) Eligibility {
	return Eligibility{Member: m.ID, On: on, Violations: p.Check(m, pos, activeLoans, on)}
}

// problem returns why e does not let member id act on day, or "".
func (e Eligibility) problem(id members.ID, day calendar.Date) string {
	switch {
	case e.Member == "" && e.On.IsZero():
		return "no eligibility check was given; run the policy on " + day.String()
	case e.Member != id:
		return "the eligibility check given is for " + strconv.Quote(string(e.Member)) + ", not " + strconv.Quote(string(id))
	case e.On != day:
		return "the eligibility check is dated " + dateOrDash(e.On) + "; check on " + day.String()
	case len(e.Violations) > 0:
		codes := make([]string, len(e.Violations))
		for i, v := range e.Violations {
			codes[i] = v.Code
		}
		return "fails " + strings.Join(codes, ", ") + ": " + e.Violations[0].Message
	}
	return ""
}

func dateOrDash(d calendar.Date) string {
	if d.IsZero() {
		return "(none)"
	}
	return d.String()
}

// PledgeRequest is a lender's offer to fund part of a facility, with what
// the koperasi knows about the lender on the day.
type PledgeRequest struct {
	ID     PledgeID      `json:"id"`
	Lender members.ID    `json:"lender"`
	Amount money.Amount  `json:"amount"` // a whole number of share units
	Date   calendar.Date `json:"date"`
	// Eligibility is the lender policy's check of the lender on Date.
	Eligibility Eligibility `json:"eligibility"`
	// Free is the lender's free sukarela balance on Date, before this
	// pledge's hold (members.Balances.Free).
	Free money.Amount `json:"free"`
	// LenderOutstanding is what the lender already has at stake elsewhere:
	// funding in the koperasi's outstanding loans, plus pledges to other
	// open facilities if the koperasi counts them.
	LenderOutstanding money.Amount `json:"lender_outstanding"`
	// Outstanding is the principal outstanding on all the koperasi's loans
	// (including LenderOutstanding).
	Outstanding money.Amount `json:"outstanding"`
}

// Warning codes.
const (
	WarnOverPledge    = "over-pledge"   // part of the offer was beyond what the facility needed and was refused
	WarnConcentration = "concentration" // the lender's share of all outstanding loans is above the threshold
)

// FundingWarning is a rule a pledge went past without being refused.
type FundingWarning struct {
	Code   string       `json:"code"` // WarnOverPledge, WarnConcentration
	Lender members.ID   `json:"lender"`
	Amount money.Amount `json:"amount"` // the refused part; the lender's exposure
	Of     money.Amount `json:"of"`     // the offer; the koperasi's outstanding including the facility
	// ShareBP is the lender's share in basis points (concentration).
	ShareBP int    `json:"share_bp,omitempty"`
	Message string `json:"message"`
}

// PledgeResult is what a pledge did.
type PledgeResult struct {
	// Pledge as accepted: its Amount is what to hold on the lender's
	// sukarela balance, under the hold ID string(Pledge.ID).
	Pledge Pledge `json:"pledge"`
	// Refused is the part of the offer beyond what the facility needed.
	Refused money.Amount `json:"refused,omitzero"`
	// Duplicate: the same pledge was already accepted; nothing changed and
	// no new hold is to be placed.
	Duplicate bool             `json:"duplicate,omitempty"`
	Warnings  []FundingWarning `json:"warnings,omitempty"`
}

// Pledge rule codes, in PledgeError.Rule.
const (
	RuleRequest       = "request"       // a malformed request
	RuleConflict      = "conflict"      // the pledge ID was used for another pledge
	RuleStatus        = "status"        // the facility is not open
	RuleWindow        = "window"        // outside the funding window
	RuleEligibility   = "eligibility"   // the lender is not eligible (or not checked)
	RuleShareUnit     = "share-unit"    // not a whole number of share units
	RuleFreeBalance   = "free-balance"  // more than the free sukarela balance
	RuleLenderLimit   = "lender-limit"  // above the hard per-lender limit
	RuleConcentration = "concentration" // above the concentration threshold, when hard
)

// PledgeError reports a refused pledge: which rule, and the amounts
// concerned. It wraps ErrInvalid, ErrConflict, ErrClosed, ErrNotEligible,
// ErrInsufficientFunds or ErrLimitExceeded.
type PledgeError struct {
	Facility FacilityID
	Pledge   PledgeID
	Lender   members.ID
	Rule     string       // one of the Rule constants
	Amount   money.Amount // the amount offered (or, for limits, accepted)
	Limit    money.Amount // the free balance or the limit it went past; zero if none
	Reason   string
	// Violations are the eligibility rules the lender fails.
	Violations []members.Violation
	Err        error
}

func (e *PledgeError) Error() string {
	return "lending: pledge " + strconv.Quote(string(e.Pledge)) + " by " + string(e.Lender) +
		" to facility " + string(e.Facility) + " refused: " + e.Reason
}

func (e *PledgeError) Unwrap() error { return e.Err }

// Pledge records a lender's pledge. It checks, in order: the request is
// well formed; a repeat of an accepted pledge ID with the same lender, date
// and offer is a no-op (Duplicate), with anything else ErrConflict; the
// facility is open (ErrClosed: funded, expired, cancelled, disbursed); the
// date is within the window (ErrClosed); the lender is eligible on the day
// (ErrNotEligible); the amount is a whole number of share units
// (ErrInvalid).
//
// Over-pledge rule: the part of an offer beyond what the facility still
// needs is refused, and the rest accepted (PledgeResult.Refused, with a
// warning), so that the last lender can complete a facility without
// knowing the exact remainder. Then the accepted amount must be within the
// lender's free sukarela balance (ErrInsufficientFunds) and, with the lender's
// earlier pledges to this facility, within the hard per-lender limit
// (ErrLimitExceeded).
//
// Concentration: the lender's exposure (LenderOutstanding plus all its
// pledges to this facility) over the koperasi's outstanding loans plus this
// facility's request, above the policy's threshold, is a warning, or
// ErrLimitExceeded when the policy makes it hard.
//
// A facility whose pledges reach the amount requested becomes funded. On
// error the facility returned is f unchanged.
func (f Facility) Pledge(r PledgeRequest) (Facility, PledgeResult, error) {
	fail := func(rule string, sentinel error, reason string, limit money.Amount) (Facility, PledgeResult, error) {
		e := &PledgeError{Facility: f.ID, Pledge: r.ID, Lender: r.Lender, Rule: rule, Amount: r.Amount, Limit: limit, Reason: reason, Err: sentinel}
		if rule == RuleEligibility {
			e.Violations = slices.Clone(r.Eligibility.Violations)
		}
		return f, PledgeResult{}, e
	}
	c := f.Requested.Currency()
	switch {
	case textFault(string(r.ID), true) != "":
		return fail(RuleRequest, ErrInvalid, "the pledge ID "+textFault(string(r.ID), true), money.Amount{})
	case r.Lender == "":
		return fail(RuleRequest, ErrInvalid, "the pledge names no lender", money.Amount{})
	case r.Date.IsZero():
		return fail(RuleRequest, ErrInvalid, "the pledge has no date", money.Amount{})
	case !r.Amount.IsPositive() || r.Amount.Currency() != c:
		return fail(RuleRequest, ErrInvalid, "the amount must be a positive amount in "+c.String()+", got "+r.Amount.String(), money.Amount{})
	}
	for _, p := range f.Pledges {
		if p.ID != r.ID {
			continue
		}
		if p.Lender == r.Lender && p.Date == r.Date && p.offered() == r.Amount {
			return f, PledgeResult{Pledge: p, Refused: refusedPart(p), Duplicate: true}, nil
		}
		return fail(RuleConflict, ErrConflict, "the pledge ID was already used for "+p.offered().String()+" by "+string(p.Lender)+" on "+p.Date.String(), money.Amount{})
	}
	switch {
	case f.Status == FacilityFunded:
		return fail(RuleStatus, ErrClosed, "the facility is already fully funded ("+f.Requested.String()+")", money.Amount{})
	case f.Status != FacilityOpen:
		return fail(RuleStatus, ErrClosed, "the facility is "+f.Status.String()+", not open for pledges", money.Amount{})
	case r.Date.Before(f.Opens):
		return fail(RuleWindow, ErrClosed, "the funding window opens on "+f.Opens.String(), money.Amount{})
	case r.Date.After(f.Closes):
		return fail(RuleWindow, ErrClosed, "the funding window closed on "+f.Closes.String(), money.Amount{})
	}
	if why := r.Eligibility.problem(r.Lender, r.Date); why != "" {
		return fail(RuleEligibility, ErrNotEligible, "the lender may not lend: "+why, money.Amount{})
	}
	if r.Amount.Minor()%f.Funding.unit() != 0 {
		return fail(RuleShareUnit, ErrInvalid, "the amount "+r.Amount.String()+" is not a whole number of shares of "+f.Funding.ShareUnit.String(), money.Amount{})
	}
	for _, a := range [...]struct {
		name string
		v    money.Amount
	}{{"free balance", r.Free}, {"lender's outstanding", r.LenderOutstanding}, {"koperasi's outstanding", r.Outstanding}} {
		if a.v.IsNegative() || (!a.v.IsZero() && a.v.Currency() != c) {
			return fail(RuleRequest, ErrInvalid, "the "+a.name+" must be zero or a positive amount in "+c.String()+", got "+a.v.String(), money.Amount{})
		}
	}
	if r.LenderOutstanding.Cmp(r.Outstanding) > 0 {
		return fail(RuleRequest, ErrInvalid, "the lender's outstanding "+r.LenderOutstanding.String()+" is more than the koperasi's "+r.Outstanding.String(), money.Amount{})
	}

	res := PledgeResult{Pledge: Pledge{ID: r.ID, Lender: r.Lender, Amount: r.Amount, Date: r.Date}}
	if rem := f.Remaining(); r.Amount.Cmp(rem) > 0 {
		res.Pledge.Amount = rem
		res.Pledge.Offered = r.Amount
		res.Refused, _ = r.Amount.Sub(rem)
		res.Warnings = append(res.Warnings, FundingWarning{
			Code: WarnOverPledge, Lender: r.Lender, Amount: res.Refused, Of: r.Amount,
			Message: "the facility needed only " + rem.String() + "; " + res.Refused.String() + " of the offer was refused and stays free",
		})
	}
	amt := res.Pledge.Amount
	if amt.Cmp(r.Free) > 0 {
		return fail(RuleFreeBalance, ErrInsufficientFunds, "the lender's free sukarela balance is "+r.Free.String()+", less than "+amt.String(), r.Free)
	}
	mine, _ := f.pledgedBy(r.Lender).Add(amt) // at most Requested
	if lim := f.Funding.MaxPerLender; !lim.IsZero() && mine.Cmp(lim) > 0 {
		return fail(RuleLenderLimit, ErrLimitExceeded, "one lender may pledge at most "+lim.String()+" to a facility; this lender would reach "+mine.String(), lim)
	}
	exposure, err1 := r.LenderOutstanding.Add(mine)
	total, err2 := r.Outstanding.Add(f.Requested)
	if err1 != nil || err2 != nil {
		return fail(RuleRequest, ErrInvalid, "the outstanding amounts overflow", money.Amount{})
	}
	if bp := f.Funding.Concentration(); aboveBP(exposure, total, bp) {
		share := shareBP(exposure, total)
		msg := "the lender's exposure " + exposure.String() + " is " + percentBP(share) + " of the koperasi's outstanding " + total.String() + ", above " + percentBP(bp)
		if f.Funding.ConcentrationHard {
			return fail(RuleConcentration, ErrLimitExceeded, msg, total)
		}
		res.Warnings = append(res.Warnings, FundingWarning{Code: WarnConcentration, Lender: r.Lender, Amount: exposure, Of: total, ShareBP: share, Message: msg})
	}

	n := f.clone()
	n.Pledges = append(n.Pledges, res.Pledge)
	if n.Remaining().IsZero() {
		n.Status = FacilityFunded
		n.FundedOn = r.Date
	}
	return n, res, nil
}

func refusedPart(p Pledge) money.Amount {
	if p.Offered.IsZero() {
		return money.Amount{}
	}
	r, _ := p.Offered.Sub(p.Amount)
	return r
}

// over reports part/whole > bp/10000, exactly.
func aboveBP(part, whole money.Amount, bp int) bool {
	if !whole.IsPositive() {
		return part.IsPositive()
	}
	h1, l1 := bits.Mul64(uint64(part.Minor()), 10000)
	h2, l2 := bits.Mul64(uint64(whole.Minor()), uint64(bp))
	return h1 > h2 || (h1 == h2 && l1 > l2)
}

// shareBP is part/whole in basis points, rounded down; part <= whole.
func shareBP(part, whole money.Amount) int {
	if !whole.IsPositive() {
		return 0
	}
	hi, lo := bits.Mul64(uint64(part.Minor()), 10000)
	if hi >= uint64(whole.Minor()) {
		return 10000
	}
	q, _ := bits.Div64(hi, lo, uint64(whole.Minor()))
	return int(q)
}

// percentBP writes basis points as an Indonesian percentage: 3125 is
// "31,25%", 2500 is "25%".
func percentBP(bp int) string {
	s := strconv.Itoa(bp / 100)
	if r := bp % 100; r != 0 {
		f := strconv.Itoa(100 + r)[1:]
		s += "," + strings.TrimRight(f, "0")
	}
	return s + "%"
}

// HoldUse says what becomes of one pledge's hold on the lender's sukarela
// balance (hold ID string(Pledge)): Capture is debited to fund loans
// (members.Savings.Capture, which releases the rest), Release goes back to
// the free balance (members.Savings.Release when Capture is zero).
type HoldUse struct {
	Pledge  PledgeID     `json:"pledge"`
	Lender  members.ID   `json:"lender"`
	Capture money.Amount `json:"capture"`
	Release money.Amount `json:"release"`
}

// Expire closes a facility whose window ended short of the amount
// requested: it becomes expired and every pledge is to be released. on
// must be after the window's last day (ErrInvalid before). A funded
// facility does not expire (ErrInvalid: disburse or cancel it); a closed
// one cannot (ErrClosed). On error f is returned unchanged.
func (f Facility) Expire(on calendar.Date) (Facility, []HoldUse, error) {
	bad := func(sentinel error, reason string) (Facility, []HoldUse, error) {
		return f, nil, &FacilityError{Facility: f.ID, Op: "expire", Status: f.Status, Reason: reason, Err: sentinel}
	}
	switch {
	case f.Status.Closed():
		return bad(ErrClosed, "the facility is already "+f.Status.String())
	case f.Status == FacilityFunded:
		return bad(ErrInvalid, "the facility is fully funded; disburse it or cancel it")
	case on.IsZero() || !on.After(f.Closes):
		return bad(ErrInvalid, "the window is open until "+f.Closes.String()+"; a facility expires after it")
	}
	return f.release(FacilityExpired, on)
}

// Cancel withdraws an open or funded facility (the group dissolved, the
// koperasi decided against it): every pledge is to be released. on may not
// be before the window opened or the latest pledge (ErrInvalid); a closed
// facility cannot be cancelled (ErrClosed). On error f is returned
// unchanged.
func (f Facility) Cancel(on calendar.Date) (Facility, []HoldUse, error) {
	bad := func(sentinel error, reason string) (Facility, []HoldUse, error) {
		return f, nil, &FacilityError{Facility: f.ID, Op: "cancel", Status: f.Status, Reason: reason, Err: sentinel}
	}
	switch {
	case f.Status.Closed():
		return bad(ErrClosed, "the facility is already "+f.Status.String())
	case on.IsZero() || on.Before(f.Opens) || on.Before(f.lastPledge()):
		return bad(ErrInvalid, "the cancellation date "+dateOrDash(on)+" is before the window opened or the latest pledge")
	}
	return f.release(FacilityCancelled, on)
}

func (f Facility) release(s FacilityStatus, on calendar.Date) (Facility, []HoldUse, error) {
	uses := make([]HoldUse, len(f.Pledges))
	zero := f.Requested.Currency().Amount(0)
	for i, p := range f.Pledges {
		uses[i] = HoldUse{Pledge: p.ID, Lender: p.Lender, Capture: zero, Release: p.Amount}
	}
	n := f.clone()
	n.Status = s
	n.ClosedOn = on
	return n, uses, nil
}
