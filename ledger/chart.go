package ledger

// Codes of the standard chart of a koperasi simpan pinjam running I-P2P
// lending, numbered in the SAK-ETAP style: 1xx assets, 2xx liabilities, 3xx
// equity, 4xx income, 5xx expenses. The ledger keeps control accounts only;
// per-member and per-lender detail lives in the layers above (members,
// lending), which may also open sub-accounts such as "204.L001" if they want
// them in the books.
const (
	// Assets (aset).
	Cash                     Code = "101" // kas
	Bank                     Code = "102" // kas di bank
	MemberLoans              Code = "111" // piutang pinjaman anggota: principal (or sale price) owed by borrowers
	JointLiabilityReceivable Code = "112" // piutang tanggung renteng: owed by a member whose installment the group covered
	MarginReceivable         Code = "113" // pendapatan jasa yang masih harus diterima: margin due, not yet paid
	LoanLossAllowance        Code = "119" // cadangan kerugian piutang: contra asset, grows on the credit side
	PackageInventory         Code = "121" // persediaan paket usaha: goods packages held for in-kind loans

	// Liabilities (kewajiban).
	SukarelaSavings       Code = "201" // simpanan sukarela: voluntary savings, withdrawable
	PledgedFunds          Code = "202" // dana pendanaan yang ditahan: sukarela pledged by lenders, not yet disbursed
	LenderFunding         Code = "203" // dana pemberi pinjaman: lenders' money out in loans
	LenderPayables        Code = "204" // utang kepada pemberi pinjaman: repayments collected, owed to lenders
	GroupFund             Code = "205" // dana kelompok: group fund that covers a member's missed installment
	JointLiabilityPayable Code = "206" // utang tanggung renteng: owed to members who covered a peer's installment
	MemberSurplusPayable  Code = "211" // SHU bagian anggota: members' share of the year-end surplus, not yet paid
	BoardStaffFund        Code = "212" // dana pengurus dan karyawan
	EducationFund         Code = "213" // dana pendidikan
	SocialFund            Code = "214" // dana sosial

	// Equity (ekuitas).
	PokokSavings   Code = "301" // simpanan pokok: one-time membership capital
	WajibSavings   Code = "302" // simpanan wajib: mandatory periodic deposits
	Reserve        Code = "311" // cadangan koperasi
	CurrentSurplus Code = "321" // SHU tahun berjalan: the year's surplus, or deficit

	// Income (pendapatan).
	MarginIncome   Code = "401" // pendapatan jasa pinjaman: margin (jasa) on member loans
	LateFeeIncome  Code = "402" // pendapatan denda
	PackageSales   Code = "403" // penjualan paket usaha: goods packages sold
	RecoveryIncome Code = "404" // penerimaan piutang yang telah dihapus: recoveries after write-off
	OtherIncome    Code = "409" // pendapatan lain-lain

	// Expenses (beban).
	CostOfPackages     Code = "501" // harga pokok penjualan paket usaha
	WriteOffExpense    Code = "511" // beban penghapusan piutang: write-offs and loss provisions
	LenderShareExpense Code = "512" // beban bagi hasil pemberi pinjaman: lenders' share of margin
	OperatingExpense   Code = "521" // beban operasional
)

// StandardChart returns a fresh copy of the standard chart of accounts, sorted
// by code. No account may be overdrawn except the year's surplus (SHU tahun
// berjalan), which is a deficit when it has a debit balance.
//
// How the I-P2P flows use it (the layers above post these):
//
//	deposit sukarela            Dr Cash             Cr SukarelaSavings
//	lender pledges to a group   (a hold on sukarela: no entry)
//	pledge captured at funding  Dr SukarelaSavings  Cr PledgedFunds
//	loan disbursed in kind      Dr MemberLoans      Cr PackageSales
//	                            Dr CostOfPackages   Cr PackageInventory
//	                            Dr PledgedFunds     Cr LenderFunding
//	installment paid            Dr Cash             Cr MemberLoans (and MarginIncome)
//	lenders' share set aside    Dr LenderFunding    Cr LenderPayables
//	                            Dr LenderShareExpense Cr LenderPayables
//	paid to lender's sukarela   Dr LenderPayables   Cr SukarelaSavings
//	group covers a member       Dr GroupFund        Cr MemberLoans
//	peers cover a member        Dr Cash             Cr MemberLoans
//	                            Dr JointLiabilityReceivable Cr JointLiabilityPayable
//	write-off                   Dr LoanLossAllowance (or WriteOffExpense) Cr MemberLoans
func StandardChart() []Account {
	acct := func(c Code, t Type, name, english string) Account {
		return Account{Code: c, Type: t, Name: name, EnglishName: english}
	}
	allowance := acct(LoanLossAllowance, Asset, "Cadangan kerugian piutang", "Allowance for loan losses")
	allowance.Contra = true
	surplus := acct(CurrentSurplus, Equity, "SHU tahun berjalan", "Current-year surplus (deficit)")
	surplus.Overdraft = Overdraft{Unlimited: true}
	return []Account{
		acct(Cash, Asset, "Kas", "Cash"),
		acct(Bank, Asset, "Kas di bank", "Cash at bank"),
		acct(MemberLoans, Asset, "Piutang pinjaman anggota", "Member loans receivable"),
		acct(JointLiabilityReceivable, Asset, "Piutang tanggung renteng", "Joint-liability receivable"),
		acct(MarginReceivable, Asset, "Pendapatan jasa yang masih harus diterima", "Accrued margin receivable"),
		allowance,
		acct(PackageInventory, Asset, "Persediaan paket usaha", "Business package inventory"),

		acct(SukarelaSavings, Liability, "Simpanan sukarela", "Voluntary savings"),
		acct(PledgedFunds, Liability, "Dana pendanaan yang ditahan", "Pledged funds held"),
		acct(LenderFunding, Liability, "Dana pemberi pinjaman", "Lender funding in loans"),
		acct(LenderPayables, Liability, "Utang kepada pemberi pinjaman", "Payables to lenders"),
		acct(GroupFund, Liability, "Dana kelompok", "Group fund"),
		acct(JointLiabilityPayable, Liability, "Utang tanggung renteng", "Joint-liability cover owed to members"),
		acct(MemberSurplusPayable, Liability, "SHU bagian anggota", "Members' share of surplus payable"),
		acct(BoardStaffFund, Liability, "Dana pengurus dan karyawan", "Board and staff fund"),
		acct(EducationFund, Liability, "Dana pendidikan", "Education fund"),
		acct(SocialFund, Liability, "Dana sosial", "Social fund"),

		acct(PokokSavings, Equity, "Simpanan pokok", "Principal savings (simpanan pokok)"),
		acct(WajibSavings, Equity, "Simpanan wajib", "Mandatory savings (simpanan wajib)"),
		acct(Reserve, Equity, "Cadangan koperasi", "Koperasi reserve"),
		surplus,

		acct(MarginIncome, Income, "Pendapatan jasa pinjaman", "Loan margin income"),
		acct(LateFeeIncome, Income, "Pendapatan denda", "Late-fee income"),
		acct(PackageSales, Income, "Penjualan paket usaha", "Business package sales"),
		acct(RecoveryIncome, Income, "Penerimaan piutang yang telah dihapus", "Recoveries of written-off loans"),
		acct(OtherIncome, Income, "Pendapatan lain-lain", "Other income"),

		acct(CostOfPackages, Expense, "Harga pokok penjualan paket usaha", "Cost of business packages sold"),
		acct(WriteOffExpense, Expense, "Beban penghapusan piutang", "Loan write-off expense"),
		acct(LenderShareExpense, Expense, "Beban bagi hasil pemberi pinjaman", "Lenders' share of margin"),
		acct(OperatingExpense, Expense, "Beban operasional", "Operating expenses"),
	}
}
