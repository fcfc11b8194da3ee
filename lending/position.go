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
	if err := checkState("position", l, st); err != nil {
		return err
	}
	if d.IsZero() {
		return &ServicingError{Op: "position", Loan: l.ID, Reason: "the date is missing", Err: ErrInvalid}
	}
	if last := st.lastEvent(); d.Before(last) {
		return &ServicingError{Op: "position", Loan: l.ID, Reason: "the state already includes " + last.String() + ", after " + d.String() + "; take the position from the state of that day", Err: ErrInvalid}
	}
	ins := l.Schedule.Installments
	cur := l.Principal().Currency()
	feeLeft := int64(-1) // no accrual
	if fp.Kind != NoLateFee && d.After(st.AccruedThrough) && st.Status != LoanWrittenOff && st.Status != LoanRepaid {
		if err := fp.Validate(); err != nil {
			return err
		}
		var err error
		if feeLeft, err = capLeft(l, st.Installments, fp); err != nil {
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
		pp, pm, pf := pd.Principal.Minor(), pd.Margin.Minor(), pd.Fee.Minor()
		fee := pd.FeeCharged.Minor()
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

// Buckets are ranges of days past due, given by their lower bounds: the
// bounds 1, 7, 30 make the buckets 0 (current), 1-6, 7-29 and 30 and more,
// and PAR1, PAR7 and PAR30. The zero Buckets are those.
type Buckets struct {
	// Bounds are the first day of each bucket after "current", ascending,
	// each at least 1.
	Bounds []int `json:"bounds,omitempty"`
}

// DefaultBounds are the bounds of the zero Buckets: PAR 1, 7 and 30.
func DefaultBounds() []int { return []int{1, 7, 30} }

func (b Buckets) bounds() []int {
	if len(b.Bounds) == 0 {
		return DefaultBounds()
	}
	return b.Bounds
}

// Validate reports bounds that are not ascending positive days.
func (b Buckets) Validate() error {
	for i, x := range b.Bounds {
		if x < 1 || (i > 0 && x <= b.Bounds[i-1]) {
			return &ServicingError{Op: "buckets", Reason: fmt.Sprintf("bounds %v must be ascending days from 1", b.Bounds), Err: ErrInvalid}
		}
	}
	return nil
}

// Index is the bucket of a loan dpd days past due: 0 is current.
func (b Buckets) Index(dpd int) int {
	bs := b.bounds()
	n := 0
	for n < len(bs) && dpd >= bs[n] {
		n++
	}
	return n
}

// Label is the bucket's name: "current", "1-6", "30+".
func (b Buckets) Label(i int) string {
	bs := b.bounds()
	switch {
	case i <= 0:
		return "current"
	case i >= len(bs):
		return strconv.Itoa(bs[len(bs)-1]) + "+"
	}
	return strconv.Itoa(bs[i-1]) + "-" + strconv.Itoa(bs[i]-1)
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

// QualityPolicy gives the day past due from which each kolektibilitas
// class starts. A zero field takes its default, except SpecialMention,
// where zero leaves the class out.
//
// The default is the four classes koperasi report (lancar, kurang lancar,
// diragukan, macet) on the day boundaries of Bank Indonesia's loan
// classification, 90, 180 and 270 days, with its "dalam perhatian khusus"
// folded into lancar: kurang lancar from day 91, diragukan from 181, macet
// from 271. A koperasi whose SOP says otherwise sets its own; OJKQuality is
// the five-class scheme of banks today.
type QualityPolicy struct {
	SpecialMention int `json:"special_mention,omitempty"` // dalam perhatian khusus from this day; 0: no such class
	Substandard    int `json:"substandard,omitempty"`     // kurang lancar from this day; default 91
	Doubtful       int `json:"doubtful,omitempty"`        // diragukan from this day; default 181
	Loss           int `json:"loss,omitempty"`            // macet from this day; default 271
}

// OJKQuality is the five-class scheme of POJK 40/2019 for banks: dalam
// perhatian khusus from the first day past due, kurang lancar from day 91,
// diragukan from 121, macet from 181.
func OJKQuality() QualityPolicy {
	return QualityPolicy{SpecialMention: 1, Substandard: 91, Doubtful: 121, Loss: 181}
}

func (q QualityPolicy) norm() QualityPolicy {
	if q.Substandard == 0 {
		q.Substandard = 91
	}
	if q.Doubtful == 0 {
		q.Doubtful = 181
	}
	if q.Loss == 0 {
		q.Loss = 271
	}
	return q
}

// Validate reports thresholds that are not ascending positive days.
func (q QualityPolicy) Validate() error {
	n := q.norm()
	if n.SpecialMention < 0 || (n.SpecialMention > 0 && n.SpecialMention >= n.Substandard) || n.Substandard < 1 || n.Doubtful <= n.Substandard || n.Loss <= n.Doubtful {
		return &ServicingError{Op: "quality policy", Reason: fmt.Sprintf("thresholds %d/%d/%d/%d must be ascending days past due", n.SpecialMention, n.Substandard, n.Doubtful, n.Loss), Err: ErrInvalid}
	}
	return nil
}

// Classify is the class of a loan dpd days past due.
func (q QualityPolicy) Classify(dpd int) Quality {
	n := q.norm()
	switch {
	case dpd >= n.Loss:
		return Macet
	case dpd >= n.Doubtful:
		return Diragukan
	case dpd >= n.Substandard:
		return KurangLancar
	case n.SpecialMention > 0 && dpd >= n.SpecialMention:
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
// principal of loans at least Days past due, over all outstanding principal.
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
// bucket of days past due, PAR at each bucket bound, and by kolektibilitas
// class. Loans repaid or written off are not in it; defaulted loans are.
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
// principal, buckets b, PAR at each bound, and kolektibilitas classes under
// q. Every state must be of its loan and no later than d. It needs no
// servicing rules: days past due and principal do not depend on late fees.
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
	nb := len(bs) + 1
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
		c := l.Principal().Currency()
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
		k := 0
		for k < len(bs) && dpd >= bs[k] {
			k++
		}
		bLoans[k]++
		bSums[k] += principal
		cl := q.Classify(dpd)
		cLoans[cl]++
		cSums[cl] += principal
	}
	r := AtRisk{AsOf: d, Loans: n, Outstanding: cur.Amount(total)}
	r.Buckets = make([]Bucket, nb)
	for k := range nb {
		bk := Bucket{Label: b.Label(k), To: -1, Loans: bLoans[k], Principal: cur.Amount(bSums[k])}
		if k > 0 {
			bk.From = bs[k-1]
		}
		if k < len(bs) {
			bk.To = bs[k] - 1
		}
		r.Buckets[k] = bk
	}
	r.PAR = make([]PAR, len(bs))
	for k := len(bs) - 1; k >= 0; k-- {
		loansAt, sum := bLoans[k+1], bSums[k+1]
		if k+1 < len(bs) {
			loansAt += r.PAR[k+1].Loans
			sum += r.PAR[k+1].Principal.Minor()
		}
		r.PAR[k] = PAR{Days: bs[k], Loans: loansAt, Principal: cur.Amount(sum), Ratio: Ratio{Num: cur.Amount(sum), Den: cur.Amount(total)}}
	}
	n4 := q.norm().SpecialMention == 0
	for c := range nQualities {
		if n4 && c == DalamPerhatianKhusus {
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
		principal += in.Principal.Minor() - pd.Principal.Minor()
		if dpd == 0 && in.Due.Before(d) && (pd.Principal.Minor() < in.Principal.Minor() || pd.Margin.Minor() < in.Margin.Minor()) {
			dpd = d.Sub(in.Due)
		}
	}
	return dpd, principal
}
