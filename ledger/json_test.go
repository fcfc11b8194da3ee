package ledger_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/calendar"
	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

// mekarmukti is one cycle of group A of the Mekarmukti pilot (March 2024):
// savings, a lender's sukarela pledged to the group, five Rp25.000 packages
// sold on credit, six daily installments of 5 x Rp4.200 (the last carries the
// Rp200 margin per member), the lender repaid into sukarela.
func mekarmukti(t testing.TB) *ledger.Journal {
	j := newJournal(t)
	ref := func(e ledger.Entry, kv ...string) ledger.Entry {
		for i := 0; i+1 < len(kv); i += 2 {
			e.Refs = append(e.Refs, ledger.Ref{Key: kv[i], Value: kv[i+1]})
		}
		return e
	}
	post(t, j,
		ref(entry(t, "simpanan-pokok", "2024-03-07", ledger.Dr(ledger.Cash, rp(6*10_000)), ledger.Cr(ledger.PokokSavings, rp(6*10_000))), "group", "A"),
		ref(entry(t, "simpanan-wajib-2024-03", "2024-03-07", ledger.Dr(ledger.Cash, rp(6*5_000)), ledger.Cr(ledger.WajibSavings, rp(6*5_000))), "group", "A", "month", "2024-03"),
		ref(entry(t, "sukarela-L1", "2024-03-07", ledger.Dr(ledger.Cash, rp(150_000)), ledger.Cr(ledger.SukarelaSavings, rp(150_000))), "lender", "L1"),
		entry(t, "beli-paket", "2024-03-25", ledger.Dr(ledger.PackageInventory, rp(110_000)), ledger.Cr(ledger.Cash, rp(110_000))),
		ref(entry(t, "pendanaan-A-L1", "2024-03-26", ledger.Dr(ledger.SukarelaSavings, rp(125_000)), ledger.Cr(ledger.PledgedFunds, rp(125_000))), "group", "A", "lender", "L1"),
		ref(entry(t, "pencairan-A", "2024-03-28",
			ledger.Dr(ledger.MemberLoans, rp(125_000)), ledger.Cr(ledger.PackageSales, rp(125_000)),
			ledger.Dr(ledger.CostOfPackages, rp(110_000)), ledger.Cr(ledger.PackageInventory, rp(110_000)),
			ledger.Dr(ledger.PledgedFunds, rp(125_000)), ledger.Cr(ledger.LenderFunding, rp(125_000))), "group", "A"),
	)
	start := day(t, "2024-03-29")
	for k := range 6 {
		d := start.AddDays(k).String()
		id := fmt.Sprintf("angsuran-A-%d", k+1)
		if k < 5 {
			post(t, j, ref(entry(t, id, d, ledger.Dr(ledger.Cash, rp(21_000)), ledger.Cr(ledger.MemberLoans, rp(21_000))), "group", "A"))
		} else {
			post(t, j, ref(entry(t, id, d, ledger.Dr(ledger.Cash, rp(21_000)), ledger.Cr(ledger.MemberLoans, rp(20_000)), ledger.Cr(ledger.MarginIncome, rp(1_000))), "group", "A"))
		}
	}
	post(t, j,
		ref(entry(t, "bagi-L1", "2024-04-03", ledger.Dr(ledger.LenderFunding, rp(125_000)), ledger.Dr(ledger.LenderShareExpense, rp(500)), ledger.Cr(ledger.LenderPayables, rp(125_500))), "lender", "L1"),
		ref(entry(t, "bayar-L1", "2024-04-03", ledger.Dr(ledger.LenderPayables, rp(125_500)), ledger.Cr(ledger.SukarelaSavings, rp(125_500))), "lender", "L1"),
	)
	return j
}

func TestMekarmuktiGolden(t *testing.T) {
	j := mekarmukti(t)
	require.Equal(t, rp(0), balance(t, j, ledger.MemberLoans), "the group repaid in full")
	require.Equal(t, rp(150_500), balance(t, j, ledger.SukarelaSavings), "the lender got principal and share back")
	require.Equal(t, rp(256_000), balance(t, j, ledger.Cash))

	b, err := json.Marshal(j)
	require.NoError(t, err)
	var pretty bytes.Buffer
	require.NoError(t, json.Indent(&pretty, b, "", "  "))
	pretty.WriteByte('\n')
	golden(t, "mekarmukti-journal.json", pretty.Bytes())

	tb := j.TrialBalance()
	require.Equal(t, tb.Debits, tb.Credits)
	golden(t, "mekarmukti-trial-balance.txt", []byte(trialText(tb)))

	s, err := j.Statement(ledger.MemberLoans, calendar.Date{}, calendar.Date{})
	require.NoError(t, err)
	golden(t, "mekarmukti-member-loans.json", indent(t, s))
}

func trialText(tb ledger.TrialBalance) string {
	var b strings.Builder
	for _, r := range tb.Rows {
		if r.Debit.IsZero() && r.Credit.IsZero() {
			continue
		}
		fmt.Fprintf(&b, "%-5s %-42s %14s %14s\n", r.Code, r.Name, r.Debit, r.Credit)
	}
	fmt.Fprintf(&b, "%-5s %-42s %14s %14s\n", "", "Jumlah", tb.Debits, tb.Credits)
	return b.String()
}

func TestJournalJSONRoundTrip(t *testing.T) {
	j := mekarmukti(t)
	require.NoError(t, j.Reverse("bayar-L1-batal", "bayar-L1", day(t, "2024-04-04"), "salah rekening"))
	require.NoError(t, j.OpenAccount(ledger.Account{Code: "103", Type: ledger.Asset, Name: "Kas kecil", Overdraft: ledger.Overdraft{Limit: rp(10_000)}}))
	b, err := json.Marshal(j)
	require.NoError(t, err)

	var back ledger.Journal
	require.NoError(t, json.Unmarshal(b, &back))
	b2, err := json.Marshal(&back)
	require.NoError(t, err)
	require.Equal(t, string(b), string(b2))
	require.Empty(t, cmp.Diff(j.TrialBalance(), back.TrialBalance(), eq))
	by, ok := back.ReversedBy("bayar-L1")
	require.True(t, ok)
	require.Equal(t, "bayar-L1-batal", by)

	// The loaded journal keeps working, with its idempotency index.
	e, _ := j.Entry("angsuran-A-1")
	require.NoError(t, back.Post(e))
	require.Equal(t, j.Len(), back.Len())
	require.ErrorIs(t, back.Reverse("again", "bayar-L1", day(t, "2024-04-05"), ""), ledger.ErrAlreadyReversed)
}

func TestJournalJSONRefusesBadState(t *testing.T) {
	good, err := json.Marshal(mekarmukti(t))
	require.NoError(t, err)
	s := string(good)
	tests := []struct {
		name string
		data string
		want error
	}{
		{"not JSON", `{`, nil},
		{"unknown field", strings.Replace(s, `"currency"`, `"curency"`, 1), nil},
		{"trailing data", s + `{}`, nil},
		{"bad currency", strings.Replace(s, `"currency":"IDR"`, `"currency":"rupiah"`, 1), money.ErrInvalidCurrency},
		{"bad account", strings.Replace(s, `"name":"Kas"`, `"name":""`, 1), ledger.ErrInvalidAccount},
		{"duplicate account", strings.Replace(s, `"code":"102"`, `"code":"101"`, 1), ledger.ErrDuplicate},
		{"unbalanced entry", strings.Replace(s, `"amount":"IDR 60000"}`, `"amount":"IDR 60001"}`, 1), ledger.ErrUnbalanced},
		{"overdraft", strings.Replace(s, `"amount":"IDR 150000"`, `"amount":"IDR 1500"`, 2), ledger.ErrOverdraft},
		{"ID twice", strings.Replace(s, `"id":"angsuran-A-2"`, `"id":"angsuran-A-1"`, 1), ledger.ErrConflict},
		{"bad side", strings.Replace(s, `"side":"debit"`, `"side":"debet"`, 1), ledger.ErrInvalidEntry},
		{"missing side", strings.Replace(s, `"side":"debit",`, ``, 1), ledger.ErrInvalidEntry},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NotEqual(t, s, tt.data, "the test edit must change something")
			j := newJournal(t)
			post(t, j, entry(t, "x", "2024-01-01", ledger.Dr(ledger.Cash, rp(1)), ledger.Cr(ledger.OtherIncome, rp(1))))
			before := state(t, j)
			err := json.Unmarshal([]byte(tt.data), j)
			require.Error(t, err)
			if tt.want != nil {
				require.ErrorIs(t, err, tt.want)
			}
			require.Equal(t, before, state(t, j), "a refused load changed the journal")
		})
	}
}

func TestEntryJSON(t *testing.T) {
	e := ledger.Entry{
		ID: "angsuran-A-6", Date: day(t, "2024-04-03"), Memo: "angsuran ke-6 <kelompok A>",
		Refs:     []ledger.Ref{{Key: "member", Value: "M01"}, {Key: "group", Value: "A"}},
		Postings: []ledger.Posting{ledger.Dr(ledger.Cash, rp(4_200)), ledger.Cr(ledger.MemberLoans, rp(4_000)), ledger.Cr(ledger.MarginIncome, rp(200))},
	}
	b, err := json.Marshal(e)
	require.NoError(t, err)
	require.Equal(t, `{"id":"angsuran-A-6","date":"2024-04-03","memo":"angsuran ke-6 \u003ckelompok A\u003e","refs":{"group":"A","member":"M01"},"postings":[{"account":"101","side":"debit","amount":"IDR 4200"},{"account":"111","side":"credit","amount":"IDR 4000"},{"account":"401","side":"credit","amount":"IDR 200"}]}`, string(b))
	var back ledger.Entry
	require.NoError(t, json.Unmarshal(b, &back))
	want := e
	want.Refs = []ledger.Ref{{Key: "group", Value: "A"}, {Key: "member", Value: "M01"}}
	require.Empty(t, cmp.Diff(want, back, eq))
	require.Equal(t, "M01", back.Ref("member"))
	require.Equal(t, "", back.Ref("loan"))

	// A reversal names its original.
	r := ledger.Entry{ID: "r", Date: day(t, "2024-04-04"), Reverses: "angsuran-A-6", Postings: []ledger.Posting{ledger.Cr(ledger.Cash, rp(1)), ledger.Dr(ledger.OtherIncome, rp(1))}}
	b, err = json.Marshal(r)
	require.NoError(t, err)
	require.Contains(t, string(b), `"reverses":"angsuran-A-6"`)
	require.NotContains(t, string(b), `"refs"`)

	for _, bad := range []string{
		`{"id":"x","date":"2024-13-01"}`,
		`{"id":"x","postings":[{"account":"101","side":"left","amount":"IDR 1"}]}`,
		`{"id":"x","postings":[{"account":"101","amount":"IDR 1"}]}`,
		`{"id":"x","postings":[{"account":"101","side":"debit","amount":"1"}]}`,
		`{"id":"x","postings":[{"account":"101","side":"debit","amount":4200}]}`,
		`{"id":"x","refs":["member","M1"]}`,
		`{"id":"x","refs":{"member":1}}`,
		`[]`,
	} {
		var e ledger.Entry
		require.Error(t, json.Unmarshal([]byte(bad), &e), bad)
	}
	var n ledger.Entry
	require.NoError(t, json.Unmarshal([]byte(`{"id":"x","refs":null}`), &n))
	require.Nil(t, n.Refs)
}
