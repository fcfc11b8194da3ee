package koperasi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/google/go-cmp/cmp"
	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/groups"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/lending"
	"github.com/ip2p/koperasi/members"
	"github.com/ip2p/koperasi/money"
	"github.com/stretchr/testify/require"
)

// view is the part of the Book's JSON the tests read back: groups,
// facilities, loans and stock. It is decoded into small structs of the
// tests' own so that it does not depend on more than the JSON shape.
type view struct {
	Events     int             `json:"events"`
	Groups     []viewGroup     `json:"groups"`
	Facilities []viewFacility  `json:"facilities"`
	Loans      []viewLoan      `json:"loans"`
	Stock      []viewStockLine `json:"stock"`
}

type viewGroup struct {
	Group struct {
		ID      string `json:"id"`
		Status  string `json:"status"`
		Members []struct {
			Member members.ID `json:"member"`
		} `json:"members"`
		Leader      members.ID   `json:"leader"`
		Supervisors []members.ID `json:"supervisors"`
		CycleOpen   bool         `json:"cycle_open"`
	} `json:"group"`
	Cycle int `json:"cycle"`
}

func (g viewGroup) memberIDs() []members.ID {
	out := make([]members.ID, len(g.Group.Members))
	for i, m := range g.Group.Members {
		out[i] = m.Member
	}
	return out
}

type viewFacility struct {
	ID        lending.FacilityID `json:"id"`
	Group     string             `json:"group"`
	Cycle     int                `json:"cycle"`
	Requested money.Amount       `json:"requested"`
	Limit     money.Amount       `json:"limit"`
	Status    string             `json:"status"`
	Pledges   []struct {
		ID     string       `json:"id"`
		Lender members.ID   `json:"lender"`
		Amount money.Amount `json:"amount"`
	} `json:"pledges"`
	Disbursed money.Amount     `json:"disbursed"`
	Loans     []lending.LoanID `json:"loans"`
}

type viewLoan struct {
	Loan struct {
		ID       lending.LoanID     `json:"id"`
		Member   members.ID         `json:"member"`
		Group    string             `json:"group"`
		Facility lending.FacilityID `json:"facility"`
		Cycle    int                `json:"cycle"`
		Product  string             `json:"product"`
		Schedule struct {
			Principal    money.Amount `json:"principal"`
			Margin       money.Amount `json:"margin"`
			Total        money.Amount `json:"total"`
			Installments []struct {
				Due       calendar.Date `json:"due"`
				Principal money.Amount  `json:"principal"`
				Margin    money.Amount  `json:"margin"`
				Total     money.Amount  `json:"total"`
				Balance   money.Amount  `json:"balance"`
			} `json:"installments"`
		} `json:"schedule"`
		Lenders []lending.Share     `json:"lenders"`
		Split   lending.MarginSplit `json:"split"`
	} `json:"loan"`
	State struct {
		Status         lending.LoanStatus `json:"status"`
		Installments   []lending.Paid     `json:"installments"`
		WriteOff       lending.WriteOff   `json:"write_off"`
		AccruedThrough calendar.Date      `json:"accrued_through"`
		DefaultedOn    calendar.Date      `json:"defaulted_on"`
		Payments       []struct {
			Date calendar.Date `json:"date"`
		} `json:"payments"`
	} `json:"state"`
}

type viewStockLine struct {
	Good     lending.GoodCode `json:"good"`
	Quantity int64            `json:"quantity"`
}

// paid is what has been paid on the loan's principal and margin.
func (l viewLoan) paid() (principal, margin int64) {
	for _, p := range l.State.Installments {
		principal += p.Principal
		margin += p.Margin
	}
	return principal, margin
}

func (l viewLoan) outstandingPrincipal() int64 {
	p, _ := l.paid()
	if !l.State.WriteOff.IsZero() {
		return 0
	}
	return l.Loan.Schedule.Principal.Minor() - p
}

// checkQueries runs every query of the Book on its state as of the day
// given and checks them against each other and against the view: none
// fails or panics on a state the Book accepted, a loan's position adds up
// to its state, each lender's statement to the payout records, and every
// rate of the metrics but the yield is between 0 and 1.
func checkQueries(t require.TestingT, b *koperasi.Book, v view, asOf calendar.Date) {
	var gids []groups.ID
	for _, g := range v.Groups {
		gids = append(gids, groups.ID(g.Group.ID))
	}
	require.Equal(t, gids, b.Groups())
	for _, g := range v.Groups {
		gs, err := b.GroupStatus(groups.ID(g.Group.ID))
		require.NoError(t, err)
		if len(gs.Loans) > 0 {
			_, err := b.CollectionSheet(groups.ID(g.Group.ID), asOf)
			require.NoError(t, err, "collection sheet of %s", g.Group.ID)
		}
	}
	require.Len(t, b.Facilities(), len(v.Facilities))
	for _, f := range v.Facilities {
		_, _ = b.FactSheet(f.ID, asOf) // refused for some states; must not panic
	}
	var ids []lending.LoanID
	for _, l := range v.Loans {
		ids = append(ids, l.Loan.ID)
		pos, err := b.Position(l.Loan.ID, asOf)
		require.NoError(t, err, "position of %s", l.Loan.ID)
		p, m := l.paid()
		require.Equal(t, p, pos.Paid.Principal.Minor(), "loan %s: principal paid", l.Loan.ID)
		require.Equal(t, m, pos.Paid.Margin.Minor(), "loan %s: margin paid", l.Loan.ID)
		if l.State.WriteOff.IsZero() {
			require.Equal(t, l.Loan.Schedule.Principal.Minor()-p, pos.Outstanding.Principal.Minor(), "loan %s: principal outstanding", l.Loan.ID)
			require.Equal(t, l.Loan.Schedule.Margin.Minor()-m, pos.Outstanding.Margin.Minor(), "loan %s: margin outstanding", l.Loan.ID)
		}
		_, err = b.PocketBook(l.Loan.ID, asOf)
		require.NoError(t, err, "pocket book of %s", l.Loan.ID)
	}
	require.Equal(t, len(ids), len(b.Loans()))
	for i, id := range b.Loans() {
		require.Equal(t, ids[i], id)
	}
	paid := paidOutByLender(t, b)
	sts, err := b.LenderStatements(asOf)
	require.NoError(t, err)
	for _, st := range sts {
		r := st.Total
		require.Equal(t, paid[st.Lender], r.Principal.Minor()+r.Margin.Minor()+r.Recovered.Minor(), "lender %s: statement vs payout records", st.Lender)
		require.Equal(t, r.Funded.Minor(), r.Principal.Minor()+r.Loss.Minor()+r.Outstanding.Minor(), "lender %s: funded = repaid + lost + outstanding", st.Lender)
		one, err := b.LenderStatement(st.Lender, asOf)
		require.NoError(t, err)
		require.Equal(t, st.Total, one.Total)
	}
	mt, err := b.Metrics(koperasi.Scope{}, asOf)
	require.NoError(t, err)
	for name, f := range map[string]lending.Fraction{"on time": mt.OnTime, "by due date": mt.ByDueDate, "repayment": mt.Repayment,
		"collection": mt.Collection, "arrears": mt.Arrears, "write-off": mt.WriteOff, "loss": mt.Loss, "TKB90": mt.TKB90} {
		if f.IsDefined() {
			require.True(t, f.Num >= 0 && f.Num <= f.Den, "metric %s is %d/%d", name, f.Num, f.Den)
		}
	}
	_ = b.Visits()
}

// paidOutByLender is what the loans' payout records say each lender has
// received: principal (repaid and covered at write-off), margin and
// recoveries.
func paidOutByLender(t require.TestingT, b *koperasi.Book) map[members.ID]int64 {
	out := map[members.ID]int64{}
	for _, id := range b.Loans() {
		l, err := b.Loan(id)
		require.NoError(t, err)
		for _, p := range l.PaidOut.Lenders {
			out[p.Lender] += p.Principal.Minor() + p.Margin.Minor() + p.Recovered.Minor()
		}
	}
	return out
}

// loansJSON is every loan with its state and payout record: the part of
// the Book the Book's own JSON leaves out (the payout records).
func loansJSON(t require.TestingT, b *koperasi.Book) []byte {
	var all []koperasi.LoanStatus
	for _, id := range b.Loans() {
		l, err := b.Loan(id)
		require.NoError(t, err)
		all = append(all, l)
	}
	js, err := json.Marshal(all)
	require.NoError(t, err)
	return js
}

// readView decodes the Book's JSON.
func readView(t require.TestingT, js []byte) view {
	var v view
	require.NoError(t, json.Unmarshal(js, &v))
	return v
}

func bookJSON(t require.TestingT, b *koperasi.Book) []byte {
	js, err := json.Marshal(b)
	require.NoError(t, err)
	return js
}

func bookLog(t require.TestingT, b *koperasi.Book) []byte {
	var buf bytes.Buffer
	require.NoError(t, b.WriteLog(&buf))
	return buf.Bytes()
}

// accountBalance is an account's balance on its normal side (debit for
// assets and expenses, credit for the others) from a trial balance.
func accountBalance(tb ledger.TrialBalance, c ledger.Code) int64 {
	for _, r := range tb.Rows {
		if r.Code != c {
			continue
		}
		switch r.Type {
		case ledger.Asset, ledger.Expense:
			return r.Debit.Minor() - r.Credit.Minor()
		}
		return r.Credit.Minor() - r.Debit.Minor()
	}
	return 0
}

// checkBook checks the invariants of DESIGN.md that need no model, on the
// Book's public surface: every loan's schedule sums to its principal plus
// margin and each installment to its parts (1), no installment part or
// balance is negative and the last balance is zero (2), the trial balance
// and every entry balance (3), no
// savings below its floor and the savings control accounts agree with the
// members' balances (4), nothing is left owed to lenders (5), replaying the
// log gives the same state and the same log (7), and no facility, group or
// loan goes past its limit (8). js and v are the Book's JSON and view.
func checkBook(t require.TestingT, b *koperasi.Book, cfg koperasi.Config, js []byte, v view) {
	checkBookWith(t, b, cfg, js, v, bookLog(t, b), loansJSON(t, b))
}

// checkBookWith is checkBook for a caller that has the Book's log and
// loansJSON at hand. A nil log skips the replay (7), for a caller that has
// replayed the same log before and seen the Book unchanged since.
func checkBookWith(t require.TestingT, b *koperasi.Book, cfg koperasi.Config, js []byte, v view, log, loans []byte) {

	// 1 and 2. the schedules: installments sum to principal plus margin,
	// each is its principal part plus its margin part, and the principal
	// balance falls by each principal part to zero
	for _, l := range v.Loans {
		checkSchedule(t, l)
	}

	// 3. every entry balances, and so does the trial balance
	for _, e := range b.Journal() {
		var dr, cr int64
		for _, p := range e.Postings {
			require.True(t, p.Amount.IsPositive(), "entry %s: posting %v is not positive", e.ID, p)
			if p.Side == ledger.Debit {
				dr += p.Amount.Minor()
			} else {
				cr += p.Amount.Minor()
			}
		}
		require.Equal(t, dr, cr, "entry %s does not balance", e.ID)
	}
	tb := b.TrialBalance()
	require.Equal(t, tb.Debits, tb.Credits, "trial balance")
	var dr, cr int64
	for _, r := range tb.Rows {
		dr += r.Debit.Minor()
		cr += r.Credit.Minor()
	}
	require.Equal(t, dr, cr, "trial balance rows")

	// 4. savings never below their floor; the control accounts agree
	var pokok, wajib, sukarela int64
	for _, m := range b.Members() {
		pos, err := b.SavingsPosition(m.ID, farFuture)
		require.NoError(t, err)
		require.False(t, pos.Pokok.IsNegative() || pos.Wajib.IsNegative() || pos.Sukarela.IsNegative() || pos.Held.IsNegative(), "member %s: negative savings %+v", m.ID, pos.Balances)
		require.LessOrEqual(t, pos.Held.Minor(), pos.Sukarela.Minor(), "member %s holds more than its sukarela", m.ID)
		pokok += pos.Pokok.Minor()
		wajib += pos.Wajib.Minor()
		sukarela += pos.Sukarela.Minor()
	}
	require.Equal(t, pokok, accountBalance(tb, ledger.PokokSavings), "pokok control account")
	require.Equal(t, wajib, accountBalance(tb, ledger.WajibSavings), "wajib control account")
	require.Equal(t, sukarela, accountBalance(tb, ledger.SukarelaSavings), "sukarela control account")

	// 5. what was collected for the lenders has been paid on
	require.Zero(t, accountBalance(tb, ledger.LenderPayables), "owed to lenders and not paid on")

	// 8. limits: a facility within its group's limit, a loan within the
	// product, a group's exposure within its limit
	limits := map[string]int64{}
	for _, f := range v.Facilities {
		require.LessOrEqual(t, f.Requested.Minor(), f.Limit.Minor(), "facility %s requests more than its limit", f.ID)
		require.LessOrEqual(t, f.Disbursed.Minor(), f.Limit.Minor(), "facility %s disbursed more than its limit", f.ID)
		var pledged int64
		for _, p := range f.Pledges {
			pledged += p.Amount.Minor()
		}
		require.LessOrEqual(t, pledged, f.Requested.Minor(), "facility %s pledged past its request", f.ID)
		limits[fmt.Sprintf("%s/%d", f.Group, f.Cycle)] = f.Limit.Minor()
	}
	exposure := map[string]int64{}
	byFacility := map[lending.FacilityID]int64{}
	for _, l := range v.Loans {
		p, ok := productOf(cfg, l.Loan.Product)
		require.True(t, ok, "loan %s of unknown product %q", l.Loan.ID, l.Loan.Product)
		require.LessOrEqual(t, l.Loan.Schedule.Principal.Minor(), p.MemberLimit.Minor(), "loan %s above the product's member limit", l.Loan.ID)
		var shares int64
		for _, s := range l.Loan.Lenders {
			shares += s.Amount.Minor()
		}
		require.Equal(t, l.Loan.Schedule.Principal.Minor(), shares, "loan %s: lenders' shares do not sum to the principal", l.Loan.ID)
		require.Len(t, l.State.Installments, len(l.Loan.Schedule.Installments), "loan %s", l.Loan.ID)
		for i, in := range l.Loan.Schedule.Installments {
			got := l.State.Installments[i]
			require.LessOrEqual(t, got.Principal, in.Principal.Minor(), "loan %s installment %d: principal overpaid", l.Loan.ID, i+1)
			require.LessOrEqual(t, got.Margin, in.Margin.Minor(), "loan %s installment %d: margin overpaid", l.Loan.ID, i+1)
			require.False(t, got.Principal < 0 || got.Margin < 0, "loan %s installment %d: negative", l.Loan.ID, i+1)
		}
		pp, mm := l.paid()
		if l.State.Status == lending.LoanRepaid {
			require.Equal(t, l.Loan.Schedule.Principal.Minor()+l.Loan.Schedule.Margin.Minor(), pp+mm, "loan %s repaid but not paid in full", l.Loan.ID)
		}
		byFacility[l.Loan.Facility] += l.Loan.Schedule.Principal.Minor()
		exposure[fmt.Sprintf("%s/%d", l.Loan.Group, l.Loan.Cycle)] += l.outstandingPrincipal()
	}
	for _, f := range v.Facilities {
		require.LessOrEqual(t, byFacility[f.ID], f.Limit.Minor(), "facility %s: loans above its limit", f.ID)
	}
	for k, e := range exposure {
		lim, ok := limits[k]
		require.True(t, ok, "loans of %s without a facility", k)
		require.LessOrEqual(t, e, lim, "group cycle %s: exposure above its limit", k)
	}

	// 7. the log replays to the same state and the same log
	if log == nil {
		return
	}
	b2, err := koperasi.ReadLog(cfg, bytes.NewReader(log))
	require.NoError(t, err, "replaying the log")
	js2 := bookJSON(t, b2)
	if !bytes.Equal(js, js2) {
		require.Fail(t, "replay differs from the original", "%s", jsonDiff(js, js2))
	}
	require.Equal(t, string(log), string(bookLog(t, b2)), "replay writes another log")
	require.Equal(t, string(loans), string(loansJSON(t, b2)), "replay gives other payout records")
}

// checkSchedule checks DESIGN.md's invariants 1 and 2 on a loan's schedule
// as the Book holds it.
func checkSchedule(t require.TestingT, l viewLoan) {
	s := l.Loan.Schedule
	id := l.Loan.ID
	require.NotEmpty(t, s.Installments, "loan %s: no installments", id)
	require.Equal(t, s.Principal.Minor()+s.Margin.Minor(), s.Total.Minor(), "loan %s: total is not principal plus margin", id)
	var total, principal, margin int64
	bal := s.Principal.Minor()
	for i, in := range s.Installments {
		p, m := in.Principal.Minor(), in.Margin.Minor()
		require.False(t, p < 0 || m < 0, "loan %s installment %d: a negative part (%d, %d)", id, i+1, p, m)
		require.Equal(t, p+m, in.Total.Minor(), "loan %s installment %d: total is not principal plus margin", id, i+1)
		total += in.Total.Minor()
		principal += p
		margin += m
		bal -= p
		require.Equal(t, bal, in.Balance.Minor(), "loan %s installment %d: balance", id, i+1)
		require.GreaterOrEqual(t, in.Balance.Minor(), int64(0), "loan %s installment %d: negative balance", id, i+1)
		if i > 0 {
			require.False(t, in.Due.Before(s.Installments[i-1].Due), "loan %s installment %d: due before the one before it", id, i+1)
		}
	}
	require.Equal(t, s.Total.Minor(), total, "loan %s: installments do not sum to the total", id)
	require.Equal(t, s.Principal.Minor(), principal, "loan %s: principal parts do not sum to the principal", id)
	require.Equal(t, s.Margin.Minor(), margin, "loan %s: margin parts do not sum to the margin", id)
	require.Zero(t, s.Installments[len(s.Installments)-1].Balance.Minor(), "loan %s: the last balance is not zero", id)
}

func productOf(cfg koperasi.Config, code string) (lending.Product, bool) {
	i := slices.IndexFunc(cfg.Products, func(p lending.Product) bool { return p.Code == code })
	if i < 0 {
		return lending.Product{}, false
	}
	return cfg.Products[i], true
}

// jsonDiff shows where two JSON documents differ.
func jsonDiff(a, b []byte) string {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return "(not JSON)"
	}
	return cmp.Diff(x, y)
}
