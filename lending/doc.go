// Package lending is the marketplace and credit cycle of koperasi-based I-P2P
// lending, as pure functions over values: goods packages and loan products,
// fact sheets, lender pledges and group facilities, disbursement in kind,
// repayment and its allocation, arrears and loan quality, joint-liability
// collection, default and write-off, pro-rata payouts to lenders, and
// portfolio metrics.
package lending
