package ledger_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip2p/koperasi/ledger"
	"github.com/ip2p/koperasi/money"
)

func TestOpenAccountRefusesBadAccounts(t *testing.T) {
	ok := ledger.Account{Code: "204.L001", Type: ledger.Liability, Name: "Utang kepada pemberi pinjaman L001"}
	tests := []struct {
		name   string
		change func(a *ledger.Account)
	}{
		{"empty code", func(a *ledger.Account) { a.Code = "" }},
		{"long code", func(a *ledger.Account) { a.Code = ledger.Code(strings.Repeat("1", ledger.MaxCodeLen+1)) }},
		{"space in code", func(a *ledger.Account) { a.Code = "204 L001" }},
		{"no type", func(a *ledger.Account) { a.Type = 0 }},
		{"unknown type", func(a *ledger.Account) { a.Type = 9 }},
		{"no name", func(a *ledger.Account) { a.Name = " " }},
		{"name not UTF-8", func(a *ledger.Account) { a.Name = "\xff" }},
		{"English name not UTF-8", func(a *ledger.Account) { a.EnglishName = "\xff" }},
		{"negative limit", func(a *ledger.Account) { a.Overdraft.Limit = money.Rupiah(-1) }},
		{"limit in another currency", func(a *ledger.Account) { a.Overdraft.Limit = money.USD.Amount(100) }},
		{"unlimited with a limit", func(a *ledger.Account) { a.Overdraft = ledger.Overdraft{Unlimited: true, Limit: money.Rupiah(5)} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := newJournal(t)
			before := state(t, j)
			a := ok
			tt.change(&a)
			err := j.OpenAccount(a)
			require.ErrorIs(t, err, ledger.ErrInvalidAccount)
			var ae *ledger.AccountError
			require.ErrorAs(t, err, &ae)
			require.Contains(t, err.Error(), "ledger: account")
			require.Equal(t, before, state(t, j))
		})
	}
	j := newJournal(t)
	require.NoError(t, j.OpenAccount(ok))
	require.NoError(t, j.OpenAccount(ok), "opening the same account again is a no-op")
	other := ok
	other.Name = "Lain"
	err := j.OpenAccount(other)
	require.ErrorIs(t, err, ledger.ErrDuplicate)
	require.EqualError(t, err, "ledger: account 204.L001: the code is already used by 204.L001 Utang kepada pemberi pinjaman L001")

	// A zero limit in any currency is no overdraft.
	z := ledger.Account{Code: "x", Type: ledger.Asset, Name: "x", Overdraft: ledger.Overdraft{Limit: money.USD.Amount(0)}}
	require.NoError(t, j.OpenAccount(z))
	got, _ := j.Account("x")
	require.Equal(t, ledger.Overdraft{}, got.Overdraft)
	require.NoError(t, j.OpenAccount(z), "the normalised account is the same account")
}

func TestDynamicAccountsSortByCode(t *testing.T) {
	j := newJournal(t)
	require.NoError(t, j.OpenAccount(ledger.Account{Code: "204.L002", Type: ledger.Liability, Name: "Utang L002"}))
	require.NoError(t, j.OpenAccount(ledger.Account{Code: "204.L001", Type: ledger.Liability, Name: "Utang L001"}))
	var codes []ledger.Code
	for _, a := range j.Accounts() {
		codes = append(codes, a.Code)
	}
	require.True(t, slices.IsSorted(codes))
	i := slices.Index(codes, ledger.LenderPayables)
	require.Equal(t, []ledger.Code{"204", "204.L001", "204.L002", "205"}, codes[i:i+4])
	_, ok := j.Account("nope")
	require.False(t, ok)

	// Posting to a dynamic account works like any other.
	post(t, j,
		entry(t, "setor", "2024-03-01", ledger.Dr(ledger.Cash, rp(100)), ledger.Cr(ledger.SukarelaSavings, rp(100))),
		entry(t, "bagi", "2024-03-02", ledger.Dr(ledger.SukarelaSavings, rp(100)), ledger.Cr("204.L001", rp(100))),
	)
	require.Equal(t, rp(100), balance(t, j, "204.L001"))
	tb := j.TrialBalance()
	require.Equal(t, tb.Debits, tb.Credits)
}

func TestStandardChart(t *testing.T) {
	chart := ledger.StandardChart()
	seen := map[ledger.Code]bool{}
	prefix := map[ledger.Type]byte{ledger.Asset: '1', ledger.Liability: '2', ledger.Equity: '3', ledger.Income: '4', ledger.Expense: '5'}
	for i, a := range chart {
		require.False(t, seen[a.Code], "code %s twice", a.Code)
		seen[a.Code] = true
		require.Len(t, a.Code, 3, "%s: three-digit SAK-ETAP code", a.Code)
		require.Equal(t, prefix[a.Type], a.Code[0], "%s is a %s", a, a.Type)
		require.NotEmpty(t, a.Name)
		require.NotEmpty(t, a.EnglishName)
		if i > 0 {
			require.Less(t, chart[i-1].Code, a.Code, "sorted by code")
		}
	}
	// The accounts the brief names are there, with the right nature.
	want := []struct {
		code   ledger.Code
		typ    ledger.Type
		normal ledger.Side
	}{
		{ledger.Cash, ledger.Asset, ledger.Debit},
		{ledger.MemberLoans, ledger.Asset, ledger.Debit},
		{ledger.PackageInventory, ledger.Asset, ledger.Debit},
		{ledger.LoanLossAllowance, ledger.Asset, ledger.Credit},
		{ledger.SukarelaSavings, ledger.Liability, ledger.Credit},
		{ledger.PledgedFunds, ledger.Liability, ledger.Credit},
		{ledger.LenderPayables, ledger.Liability, ledger.Credit},
		{ledger.GroupFund, ledger.Liability, ledger.Credit},
		{ledger.PokokSavings, ledger.Equity, ledger.Credit},
		{ledger.WajibSavings, ledger.Equity, ledger.Credit},
		{ledger.Reserve, ledger.Equity, ledger.Credit},
		{ledger.MarginIncome, ledger.Income, ledger.Credit},
		{ledger.WriteOffExpense, ledger.Expense, ledger.Debit},
	}
	byCode := map[ledger.Code]ledger.Account{}
	for _, a := range chart {
		byCode[a.Code] = a
	}
	for _, w := range want {
		a, ok := byCode[w.code]
		require.True(t, ok, w.code)
		require.Equal(t, w.typ, a.Type, w.code)
		require.Equal(t, w.normal, a.Normal(), w.code)
		if w.code != ledger.CurrentSurplus {
			require.Equal(t, ledger.Overdraft{}, a.Overdraft, "%s may not be overdrawn", a)
		}
	}
	require.True(t, byCode[ledger.CurrentSurplus].Overdraft.Unlimited)

	// Each call returns a fresh copy.
	chart[0].Name = "changed"
	require.Equal(t, "Kas", ledger.StandardChart()[0].Name)
	golden(t, "chart.json", indent(t, chart))
}

func indent(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	require.NoError(t, err)
	return append(b, '\n')
}

func TestEnumText(t *testing.T) {
	for _, ty := range []ledger.Type{ledger.Asset, ledger.Liability, ledger.Equity, ledger.Income, ledger.Expense} {
		b, err := ty.MarshalText()
		require.NoError(t, err)
		var back ledger.Type
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, ty, back)
	}
	_, err := ledger.Type(0).MarshalText()
	require.ErrorIs(t, err, ledger.ErrInvalidAccount)
	require.Equal(t, "type(7)", ledger.Type(7).String())
	var ty ledger.Type
	require.ErrorIs(t, ty.UnmarshalText([]byte("Asset")), ledger.ErrInvalidAccount)
	require.ErrorIs(t, ty.UnmarshalText([]byte("")), ledger.ErrInvalidAccount)

	for _, s := range []ledger.Side{ledger.Debit, ledger.Credit} {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back ledger.Side
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, s, back)
		require.Equal(t, s, s.Opposite().Opposite())
		require.NotEqual(t, s, s.Opposite())
	}
	_, err = ledger.Side(0).MarshalText()
	require.ErrorIs(t, err, ledger.ErrInvalidEntry)
	require.Equal(t, ledger.Side(0), ledger.Side(0).Opposite())
	require.Equal(t, "side(3)", ledger.Side(3).String())
	var s ledger.Side
	require.ErrorIs(t, s.UnmarshalText([]byte("Debit")), ledger.ErrInvalidEntry)
}

func TestOverdraftText(t *testing.T) {
	for _, tt := range []struct {
		o    ledger.Overdraft
		text string
		str  string
	}{
		{ledger.Overdraft{}, "none", "none"},
		{ledger.Overdraft{Unlimited: true}, "unlimited", "unlimited"},
		{ledger.Overdraft{Limit: rp(50_000)}, "IDR 50000", "up to Rp50.000"},
	} {
		b, err := tt.o.MarshalText()
		require.NoError(t, err)
		require.Equal(t, tt.text, string(b))
		require.Equal(t, tt.str, tt.o.String())
		var back ledger.Overdraft
		require.NoError(t, back.UnmarshalText(b))
		require.Equal(t, tt.o, back)
	}
	var o ledger.Overdraft
	require.NoError(t, o.UnmarshalText(nil))
	require.Equal(t, ledger.Overdraft{}, o)
	require.ErrorIs(t, o.UnmarshalText([]byte("some")), ledger.ErrInvalidAccount)
}

func TestAccountJSON(t *testing.T) {
	a := ledger.Account{Code: "103", Type: ledger.Asset, Name: "Kas kecil", EnglishName: "Petty cash", Overdraft: ledger.Overdraft{Limit: rp(10_000)}}
	b, err := json.Marshal(a)
	require.NoError(t, err)
	require.JSONEq(t, `{"code":"103","type":"asset","name":"Kas kecil","name_en":"Petty cash","overdraft":"IDR 10000"}`, string(b))
	var back ledger.Account
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, a, back)

	require.Error(t, json.Unmarshal([]byte(`{"code":"1","type":"assets","name":"x"}`), &back))
	require.Error(t, json.Unmarshal([]byte(`{"code":"1","type":"asset","name":"x","overdraft":"lots"}`), &back))
}
