package lending

import (
	"fmt"
	"strconv"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/money"
)

// Amounts are the three components of what a loan owes.
type Amounts struct {
	Principal money.Amount `json:"principal"`
	Margin    money.Amount `json:"margin"`
	Fee       money.Amount `json:"fee"`
}

// Total is Principal + Margin + Fee. The parts are of one loan, in one
// currency, and bounded by its schedule, so the sum cannot overflow.
func (a Amounts) Total() money.Amount {
	return a.Principal.Currency().Amount(a.Principal.Minor() + a.Margin.Minor() + a.Fee.Minor())
}

func amounts(cur money.Currency, p, m, f int64) Amounts {
	return Amounts{Principal: cur.Amount(p), Margin: cur.Amount(m), Fee: cur.Amount(f)}
}

// InstallmentStatus is where one installment stands on a date.
type InstallmentStatus uint8

// Installment statuses. An installment is Overdue when its due date has
// passed and its principal and margin are not paid in full, even if part is
// paid; PartlyPaid is for an installment not yet overdue with part paid.
const (
	Future     InstallmentStatus = iota // not yet due, nothing paid
	PartlyPaid                          // not yet overdue, part paid
	Due                                 // due on the date, unpaid
	Overdue                             // past due, not paid in full (tunggakan)
	PaidOnTime                          // paid in full on or before the due date
	PaidLate                            // paid in full after the due date
)

var installmentStatusWords = []string{"future", "partly-paid", "due", "overdue", "paid", "paid-late"}

// String is the status's word: "future", "partly-paid", "due", "overdue",
// "paid", "paid-late".
func (s InstallmentStatus) String() string { return wordString(installmentStatusWords, int(s)) }

// MarshalText writes the status's word.
func (s InstallmentStatus) MarshalText() ([]byte, error) {
	return wordText("installment status", installmentStatusWords, int(s))
}

// UnmarshalText reads the status's word.
func (s *InstallmentStatus) UnmarshalText(b []byte) error {
	i, err := wordParse("installment status", installmentStatusWords, b)
	*s = InstallmentStatus(i)
	return err
}

// InstallmentPosition is one installment on the position's date.
type InstallmentPosition struct {
	Number int               `json:"number"`
	Due    calendar.Date     `json:"due"`
	Status InstallmentStatus `json:"status"`
	// Owed is what the installment owes in all: its principal and margin,
	// and the late fee charged or accrued on it through the date.
	Owed Amounts `json:"owed"`
	Paid Amounts `json:"paid"`
	// PaidOn is the day principal and margin were paid in full, if they were.
	PaidOn calendar.Date `json:"paid_on,omitzero"`
	// DaysPastDue is the days the installment is past due, 0 unless Overdue.
	DaysPastDue int `json:"days_past_due"`
}

// Position is a loan as of a date: what has been paid, what is due that
// day, what is overdue (arrears, tunggakan), what is outstanding, and each
// installment. For every component, Outstanding = owed - Paid, where owed
// is the schedule's principal and margin and the late fees charged or
// accrued through the date; Due and Overdue are parts of Outstanding.
type Position struct {
	Loan   LoanID        `json:"loan"`
	AsOf   calendar.Date `json:"as_of"`
	Status LoanStatus    `json:"status"`
	Paid   Amounts       `json:"paid"`
	// Due is what falls due on AsOf and is unpaid.
	Due Amounts `json:"due"`
	// Overdue is what fell due before AsOf and is unpaid.
	Overdue     Amounts `json:"overdue"`
	Outstanding Amounts `json:"outstanding"`
	// DaysPastDue counts from the oldest installment whose principal or
	// margin is unpaid after its due date: 0 when nothing is overdue.
	DaysPastDue int `json:"days_past_due"`
	// OldestUnpaid is that installment's due date, or zero.
	OldestUnpaid calendar.Date `json:"oldest_unpaid,omitzero"`
	// Credit is overpayment held for the member.
	Credit       money.Amount          `json:"credit"`
	Installments []InstallmentPosition `json:"installments"`
}

// PositionOf returns the position of loan l, in state st, as of day d,
// with late fees accrued through d under r.LateFee. d may not be before
// what st already records (the last payment or fee accrual): a position as
// of an earlier day needs the state of that day, which is the State value
// the caller had then.
func PositionOf(l Loan, st State, d calendar.Date, r Servicing) (Position, error) {
	var p Position
	err := position(&p, l, st, d, r.LateFee, true)
	return p, err
}

// PositionInto is PositionOf writing into p and reusing the storage of
// p.Installments, for hot loops: with room for the installments it does
// not allocate. On error p is the zero Position (keeping the storage).
func PositionInto(p *Position, l Loan, st State, d calendar.Date, r Servicing) error {
	if err := position(p, l, st, d, r.LateFee, true); err != nil {
		*p = Position{Installments: p.Installments[:0]}
		return err
	}
	return nil
}

// position fills p; with perInstallment false it skips the per-installment
// lines (and their allocation).
func position(p *Position, l Loan, st State, d calendar.Date, fp LateFeePolicy, perInstallment bool) error {
	return positionOf(p, &l, &st, d, fp, perInstallment)
}

// positionOf is position by pointer. (A collection's sheet and follow-ups
// need only a position's due and overdue totals: standing.)
func positionOf(p *Position, lp *Loan, sp *State, d calendar.Date, fp LateFeePolicy, perInstallment bool) error {
	l, st := lp, sp
	if _, err := walkState("position", l, st, d); err != nil {
		return err
	}
	if d.IsZero() {
		return &ServicingError{Op: "position", Loan: l.ID, Reason: "the date is missing", Err: ErrInvalid}
	}
	if last := st.lastEvent(); d.Before(last) {
		return &ServicingError{Op: "position", Loan: l.ID, Reason: "the state already includes " + last.String() + ", after " + d.String() + "; take the position from the state of that day", Err: ErrInvalid}
	}
	ins := l.Schedule.Installments
	cur := l.Schedule.Principal.Currency()
	feeLeft := int64(-1) // no accrual
	if fp.Kind != NoLateFee && d.After(st.AccruedThrough) && st.Status != LoanWrittenOff && st.Status != LoanRepaid {
		if err := fp.Validate(); err != nil {
			return err
		}
		var err error
		if feeLeft, err = capLeft(*l, st.Installments, fp); err != nil {
			return &ServicingError{Op: "position", Loan: l.ID, Reason: "the late fee cap cannot be computed", Err: err}
		}
	}
	buf := p.Installments[:0]
	*p = Position{Loan: l.ID, AsOf: d, Status: st.Status, Credit: cur.Amount(st.Credit.Minor())}
	if perInstallment {
		if cap(buf) >= len(ins) {
			p.Installments = buf[:len(ins)]
		} else {
			p.Installments = make([]InstallmentPosition, len(ins))
		}
	}
	var paid, due, over, out [3]int64
	dpd := 0
	for i := range ins {
		in := &ins[i]
		pd := &st.Installments[i]
		pp, pm, pf := pd.Principal, pd.Margin, pd.Fee
		fee := pd.FeeCharged
		unpaid := in.Total.Minor() - pp - pm
		if feeLeft > 0 && unpaid > 0 && in.Due.Before(d) {
			f, err := feeAccrual(fp, cur, in.Due, unpaid, st.AccruedThrough, d)
			if err != nil {
				return &ServicingError{Op: "position", Loan: l.ID, Reason: "the late fee cannot be computed", Err: err}
			}
			f = min(f, feeLeft)
			feeLeft -= f
			fee += f
		}
		up, um, uf := in.Principal.Minor()-pp, in.Margin.Minor()-pm, fee-pf
		paid[0], paid[1], paid[2] = paid[0]+pp, paid[1]+pm, paid[2]+pf
		out[0], out[1], out[2] = out[0]+up, out[1]+um, out[2]+uf
		c := in.Due.Compare(d)
		switch {
		case c < 0:
			over[0], over[1], over[2] = over[0]+up, over[1]+um, over[2]+uf
			if unpaid > 0 && dpd == 0 {
				dpd = d.Sub(in.Due)
				p.OldestUnpaid = in.Due
			}
		case c == 0:
			due[0], due[1], due[2] = due[0]+up, due[1]+um, due[2]+uf
		}
		if !perInstallment {
			continue
		}
		ip := InstallmentPosition{
			Number: i + 1, Due: in.Due, PaidOn: pd.On,
			Owed: Amounts{Principal: in.Principal, Margin: in.Margin, Fee: cur.Amount(fee)},
			Paid: amounts(cur, pp, pm, pf),
		}
		switch {
		case unpaid <= 0 && !pd.On.After(in.Due):
			ip.Status = PaidOnTime
		case unpaid <= 0:
			ip.Status = PaidLate
		case c < 0:
			ip.Status, ip.DaysPastDue = Overdue, d.Sub(in.Due)
		case pp+pm > 0:
			ip.Status = PartlyPaid
		case c == 0:
			ip.Status = Due
		default:
			ip.Status = Future
		}
		p.Installments[i] = ip
	}
	p.DaysPastDue = dpd
	p.Paid = amounts(cur, paid[0], paid[1], paid[2])
	p.Due = amounts(cur, due[0], due[1], due[2])
	p.Overdue = amounts(cur, over[0], over[1], over[2])
	p.Outstanding = amounts(cur, out[0], out[1], out[2])
	return nil
}

// standing is positionOf's Due and Overdue totals and days past due, for
// a state whose walk w is known (and checked): it reads the installments
// from the first unsettled one, which owe nothing and accrue no fee before,
// and, on a schedule in date order, stops at the first not yet due, which
// count in neither total.
func standing(l *Loan, st *State, w *walk, d calendar.Date, fp LateFeePolicy) (due, over int64, dpd int, err error) {
	if d.IsZero() {
		return 0, 0, 0, &ServicingError{Op: "position", Loan: l.ID, Reason: "the date is missing", Err: ErrInvalid}
	}
	if last := st.lastEvent(); d.Before(last) {
		return 0, 0, 0, &ServicingError{Op: "position", Loan: l.ID, Reason: "the state already includes " + last.String() + ", after " + d.String() + "; take the position from the state of that day", Err: ErrInvalid}
	}
	ins := l.Schedule.Installments
	cur := l.Schedule.Principal.Currency()
	feeLeft := int64(-1) // no accrual
	if fp.Kind != NoLateFee && d.After(st.AccruedThrough) && st.Status != LoanWrittenOff && st.Status != LoanRepaid {
		if err := fp.Validate(); err != nil {
			return 0, 0, 0, err
		}
		if feeLeft, err = capLeftOf(l, w.charged, fp); err != nil {
			return 0, 0, 0, &ServicingError{Op: "position", Loan: l.ID, Reason: "the late fee cap cannot be computed", Err: err}
		}
	}
	pds := st.Installments[:len(ins)]
	for i := w.lo; i < len(ins); i++ {
		in, pd := &ins[i], &pds[i]
		c := in.Due.Compare(d)
		if c > 0 {
			if w.sorted {
				break
			}
			continue
		}
		pp, pm := pd.Principal, pd.Margin
		fee := pd.FeeCharged
		unpaid := in.Total.Minor() - pp - pm
		if feeLeft > 0 && unpaid > 0 && c < 0 {
			f, err := feeAccrual(fp, cur, in.Due, unpaid, st.AccruedThrough, d)
			if err != nil {
				return 0, 0, 0, &ServicingError{Op: "position", Loan: l.ID, Reason: "the late fee cannot be computed", Err: err}
			}
			f = min(f, feeLeft)
			feeLeft -= f
			fee += f
		}
		owed := in.Principal.Minor() - pp + in.Margin.Minor() - pm + fee - pd.Fee
		if c == 0 {
			due += owed
			continue
		}
		over += owed
		if unpaid > 0 && dpd == 0 {
			dpd = d.Sub(in.Due)
		}
	}
	return due, over, dpd, nil
}

// atRisk reports whether a loan dpd days past due is in PAR n: more than n
// days past due. It is the package's one convention (see the package doc),
// for Measure, PortfolioAtRisk, Buckets and QualityPolicy alike.
func atRisk(dpd, n int) bool { return dpd > n }

// Buckets are ranges of days past due for an arrears (aging) report, cut
// at the N of PAR N: a loan more than N days past due is in a bucket after
// bound N. There is always a "current" bucket, for loans not past due;
// then one bucket up to each positive bound, that day included, and an
// open one after the last. The zero Buckets have the bounds 1, 7 and 30
// (DefaultPARDays): current, 1, 2-7, 8-30 and 31+, so that PAR1 is the
// last three. The bounds 30, 60, 90 give the classic current, 1-30, 31-60,
// 61-90 and 91+.
type Buckets struct {
	// Bounds are the N of each PAR N, ascending days from 0; a bound 0
	// (PAR0, any arrears) adds no bucket of its own.
	Bounds []int `json:"bounds,omitempty"`
}

func (b Buckets) bounds() []int {
	if len(b.Bounds) == 0 {
		return DefaultPARDays()
	}
	return b.Bounds
}

// Validate reports bounds that are not ascending days from 0.
func (b Buckets) Validate() error {
	for i, x := range b.Bounds {
		if x < 0 || x > maxDays || (i > 0 && x <= b.Bounds[i-1]) {
			return &ServicingError{Op: "buckets", Reason: fmt.Sprintf("bounds %v must be ascending days from 0 to %d", b.Bounds, maxDays), Err: ErrInvalid}
		}
	}
	return nil
}

// edges are the last days of the buckets but the open one: 0 (current)
// and the positive bounds.
func (b Buckets) edges() []int {
	bs := b.bounds()
	if len(bs) > 0 && bs[0] == 0 {
		bs = bs[1:]
	}
	return append([]int{0}, bs...)
}

// Len is the number of buckets.
func (b Buckets) Len() int {
	n := 2
	for _, x := range b.bounds() {
		if x > 0 {
			n++
		}
	}
	return n
}

// Index is the bucket of a loan dpd days past due: 0 is current, and a
// loan in PAR N (more than N days past due) is in a bucket after N's.
func (b Buckets) Index(dpd int) int { return bucketOf(b.bounds(), dpd) }

// bucketOf is Index for the bounds bs.
func bucketOf(bs []int, dpd int) int {
	n := 0
	if atRisk(dpd, 0) {
		n++
	}
	for _, x := range bs {
		if x > 0 && atRisk(dpd, x) {
			n++
		}
	}
	return n
}

// Label is the bucket's name: "current", then the days it holds, "2-7"
// (or "1" for a single day), and for the last "31+".
func (b Buckets) Label(i int) string {
	e := b.edges()
	switch {
	case i <= 0:
		return "current"
	case i >= len(e):
		return strconv.Itoa(e[len(e)-1]+1) + "+"
	}
	from, to := e[i-1]+1, e[i]
	if from == to {
		return strconv.Itoa(from)
	}
	return strconv.Itoa(from) + "-" + strconv.Itoa(to)
}

// Quality is a loan-quality class (kolektibilitas).
type Quality uint8

// Quality classes, best first.
const (
	Lancar               Quality = iota // current, performing
	DalamPerhatianKhusus                // special mention (only in the 5-class scheme)
	KurangLancar                        // substandard
	Diragukan                           // doubtful
	Macet                               // loss (kredit macet)
	nQualities
)

var qualityWords = []string{"lancar", "dalam-perhatian-khusus", "kurang-lancar", "diragukan", "macet"}

// String is the class's word: "lancar", "dalam-perhatian-khusus",
// "kurang-lancar", "diragukan", "macet".
func (q Quality) String() string { return wordString(qualityWords, int(q)) }

// MarshalText writes the class's word.
func (q Quality) MarshalText() ([]byte, error) { return wordText("quality", qualityWords, int(q)) }

// UnmarshalText reads the class's word.
func (q *Quality) UnmarshalText(b []byte) error {
	i, err := wordParse("quality", qualityWords, b)
	*q = Quality(i)
	return err
}

// QualityPolicy gives the thresholds of the kolektibilitas classes in
// days past due, with the package's convention: a loan is in a class when
// it is more than the class's number of days past due (and not in a worse
// one). A zero Substandard, Doubtful or Loss takes its default.
//
// The default is the four classes koperasi report (lancar, kurang lancar,
// diragukan, macet) on the day boundaries of Bank Indonesia's loan
// classification, 90, 180 and 270 days, with its "dalam perhatian khusus"
// folded into lancar: kurang lancar more than 90 days past due (from day
// 91), diragukan more than 180, macet more than 270. A koperasi whose SOP
// says otherwise sets its own; OJKQuality is the five-class scheme of
// banks today.
type QualityPolicy struct {
	// FiveClasses adds dalam perhatian khusus between lancar and kurang
	// lancar, for loans more than SpecialMention days past due.
	FiveClasses    bool `json:"five_classes,omitempty"`
	SpecialMention int  `json:"special_mention,omitempty"` // with FiveClasses; 0: any arrears
	Substandard    int  `json:"substandard,omitempty"`     // kurang lancar; default 90
	Doubtful       int  `json:"doubtful,omitempty"`        // diragukan; default 180
	Loss           int  `json:"loss,omitempty"`            // macet; default 270
}

// OJKQuality is the five-class scheme of POJK 40/2019 for banks: dalam
// perhatian khusus for any arrears (more than 0 days past due, up to 90),
// kurang lancar more than 90 days (91 to 120), diragukan more than 120
// (121 to 180), macet more than 180.
func OJKQuality() QualityPolicy {
	return QualityPolicy{FiveClasses: true, SpecialMention: 0, Substandard: 90, Doubtful: 120, Loss: 180}
}

func (q QualityPolicy) norm() QualityPolicy {
	if q.Substandard == 0 {
		q.Substandard = 90
	}
	if q.Doubtful == 0 {
		q.Doubtful = 180
	}
	if q.Loss == 0 {
		q.Loss = 270
	}
	return q
}

// Validate reports thresholds that are not ascending days past due.
func (q QualityPolicy) Validate() error {
	n := q.norm()
	bad := func(reason string) error {
		return &ServicingError{Op: "quality policy", Reason: reason, Err: ErrInvalid}
	}
	switch {
	case !n.FiveClasses && n.SpecialMention != 0:
		return bad(fmt.Sprintf("special mention after %d days is only for the five classes (FiveClasses)", n.SpecialMention))
	case n.SpecialMention < 0 || n.SpecialMention >= n.Substandard || n.Substandard < 1 || n.Doubtful <= n.Substandard || n.Loss <= n.Doubtful || n.Loss > maxDays:
		return bad(fmt.Sprintf("thresholds %d/%d/%d/%d must be ascending days past due up to %d", n.SpecialMention, n.Substandard, n.Doubtful, n.Loss, maxDays))
	}
	return nil
}

// Classify is the class of a loan dpd days past due.
func (q QualityPolicy) Classify(dpd int) Quality {
	n := q.norm()
	switch {
	case atRisk(dpd, n.Loss):
		return Macet
	case atRisk(dpd, n.Doubtful):
		return Diragukan
	case atRisk(dpd, n.Substandard):
		return KurangLancar
	case n.FiveClasses && atRisk(dpd, n.SpecialMention):
		return DalamPerhatianKhusus
	}
	return Lancar
}

// Ratio is an exact fraction of two amounts, such as PAR: principal at
// risk over principal outstanding. The zero Ratio is 0.
type Ratio struct {
	Num money.Amount `json:"num"`
	Den money.Amount `json:"den"`
}

// BasisPoints is the ratio in hundredths of a percent, rounded half up;
// 0 when the denominator is zero.
func (r Ratio) BasisPoints() int64 {
	if !r.Den.IsPositive() {
		return 0
	}
	v, err := money.Rounding{Step: 1, Mode: money.HalfUp}.MulDiv(r.Num, 10000, r.Den.Minor())
	if err != nil {
		return 0
	}
	return v.Minor()
}

// String is the ratio as a percentage with two decimals, the Indonesian
// way: "12,50%".
func (r Ratio) String() string {
	bp := r.BasisPoints()
	frac := strconv.FormatInt(bp%100, 10)
	if len(frac) < 2 {
		frac = "0" + frac
	}
	return strconv.FormatInt(bp/100, 10) + "," + frac + "%"
}

// Bucket is one range of days past due in a portfolio report.
type Bucket struct {
	Label string `json:"label"`
	From  int    `json:"from"`
	// To is the last day of the bucket, or -1 for the last, open one.
	To    int `json:"to"`
	Loans int `json:"loans"`
	// Principal is the outstanding principal of the loans in the bucket.
	Principal money.Amount `json:"principal"`
}

// PAR is the portfolio at risk beyond a number of days: the outstanding
// principal of loans more than Days days past due, over all outstanding
// principal.
type PAR struct {
	Days      int          `json:"days"`
	Loans     int          `json:"loans"`
	Principal money.Amount `json:"principal"`
	Ratio     Ratio        `json:"ratio"`
}

// ClassTotal is the loans and principal in one kolektibilitas class.
type ClassTotal struct {
	Class     Quality      `json:"class"`
	Loans     int          `json:"loans"`
	Principal money.Amount `json:"principal"`
}

// AtRisk is a portfolio's arrears on a date: its outstanding principal by
// bucket of days past due, PAR at each bound of the buckets (the same as
// Measure's PAR for the same days), and by kolektibilitas class. Loans
// repaid or written off are not in it; defaulted loans are.
type AtRisk struct {
	AsOf        calendar.Date `json:"as_of"`
	Loans       int           `json:"loans"`
	Outstanding money.Amount  `json:"outstanding"` // principal
	Buckets     []Bucket      `json:"buckets"`
	PAR         []PAR         `json:"par"`
	Classes     []ClassTotal  `json:"classes"`
}

// PortfolioAtRisk measures loans (with their states, in the same order) on
// day d: days past due from the oldest unpaid installment, outstanding
// principal, buckets b, PAR N at each bound N (more than N days past due),
// and kolektibilitas classes under q. Every state must be of its loan and
// no later than d. It needs no servicing rules: days past due and
// principal do not depend on late fees.
func PortfolioAtRisk(loans []Loan, states []State, d calendar.Date, b Buckets, q QualityPolicy) (AtRisk, error) {
	if len(loans) != len(states) {
		return AtRisk{}, &ServicingError{Op: "portfolio at risk", Reason: fmt.Sprintf("%d loans but %d states", len(loans), len(states)), Err: ErrInvalid}
	}
	if err := b.Validate(); err != nil {
		return AtRisk{}, err
	}
	if err := q.Validate(); err != nil {
		return AtRisk{}, err
	}
	bs := b.bounds()
	nb := b.Len()
	var stackLoans [8]int
	var stackSums [8]int64
	bLoans, bSums := stackLoans[:0], stackSums[:0]
	if nb > len(stackLoans) {
		bLoans, bSums = make([]int, 0, nb), make([]int64, 0, nb)
	}
	bLoans, bSums = bLoans[:nb], bSums[:nb]
	var cLoans [nQualities]int
	var cSums [nQualities]int64
	var cur money.Currency
	var total int64
	n := 0
	for i := range loans {
		l, st := &loans[i], &states[i]
		if st.Status == LoanRepaid || st.Status == LoanWrittenOff {
			continue
		}
		if err := checkState("portfolio at risk", *l, *st); err != nil {
			return AtRisk{}, err
		}
		if last := st.lastEvent(); d.Before(last) {
			return AtRisk{}, &ServicingError{Op: "portfolio at risk", Loan: l.ID, Reason: "the state already includes " + last.String() + ", after " + d.String(), Err: ErrInvalid}
		}
		c := l.Schedule.Principal.Currency()
		if n == 0 {
			cur = c
		} else if c != cur {
			return AtRisk{}, &ServicingError{Op: "portfolio at risk", Loan: l.ID, Reason: "the loan is in " + c.String() + ", the portfolio in " + cur.String(), Err: fmt.Errorf("%w (%w)", ErrInvalid, money.ErrCurrencyMismatch)}
		}
		dpd, principal := arrears(l, st, d)
		if principal == 0 {
			continue // only margin or fees left: nothing at risk
		}
		n++
		total += principal
		k := bucketOf(bs, dpd)
		bLoans[k]++
		bSums[k] += principal
		cl := q.Classify(dpd)
		cLoans[cl]++
		cSums[cl] += principal
	}
	r := AtRisk{AsOf: d, Loans: n, Outstanding: cur.Amount(total)}
	r.Buckets = make([]Bucket, nb)
	e := b.edges()
	for k := range nb {
		bk := Bucket{Label: b.Label(k), To: -1, Loans: bLoans[k], Principal: cur.Amount(bSums[k])}
		if k > 0 {
			bk.From = e[k-1] + 1
		}
		if k < len(e) {
			bk.To = e[k]
		}
		r.Buckets[k] = bk
	}
	// PAR N: the buckets after the one that ends on day N.
	r.PAR = make([]PAR, len(bs))
	for k, days := range bs {
		var loansAt int
		var sum int64
		for j := bucketOf(bs, days) + 1; j < nb; j++ {
			loansAt += bLoans[j]
			sum += bSums[j]
		}
		r.PAR[k] = PAR{Days: days, Loans: loansAt, Principal: cur.Amount(sum), Ratio: Ratio{Num: cur.Amount(sum), Den: cur.Amount(total)}}
	}
	for c := range nQualities {
		if !q.FiveClasses && c == DalamPerhatianKhusus {
			continue
		}
		r.Classes = append(r.Classes, ClassTotal{Class: c, Loans: cLoans[c], Principal: cur.Amount(cSums[c])})
	}
	return r, nil
}

// arrears is the days past due and the outstanding principal of a loan on
// d, without allocating.
func arrears(l *Loan, st *State, d calendar.Date) (dpd int, principal int64) {
	ins := l.Schedule.Installments
	for i := range ins {
		in := &ins[i]
		pd := &st.Installments[i]
		principal += in.Principal.Minor() - pd.Principal
		if dpd == 0 && in.Due.Before(d) && (pd.Principal < in.Principal.Minor() || pd.Margin < in.Margin.Minor()) {
			dpd = d.Sub(in.Due)
		}
	}
	return dpd, principal
}
