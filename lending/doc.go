// Package lending is the marketplace and credit cycle of koperasi-based I-P2P
// lending, as pure functions over values: goods packages and loan products,
// fact sheets, lender pledges and group facilities, disbursement in kind,
// repayment and its allocation, arrears and loan quality, joint-liability
// collection, default and write-off, pro-rata payouts to lenders, and
// portfolio metrics.
//
// # Marketplace: products, fact sheets, pledges, disbursement in kind
//
// A Catalogue lists the koperasi's goods at cost and at price; a Package is
// lines of goods; a Product finances packages under a schedule template
// (schedule.Terms without principal or dates), a member limit, business
// types, a MarginSplit, Servicing rules and a FundingPolicy.
// MekarmuktiProduct is the pilot, with every assumption the paper leaves
// open written in its doc comment.
//
// OpenFacility opens a group's Facility for a cycle; Facility.Pledge takes
// lenders' pledges in share units within the window, never beyond the
// request (the excess of an offer is refused, the rest taken), the lender's
// free sukarela or a per-lender limit, and warns above OJK's 25%
// concentration (or refuses, as a policy). Expire and Cancel return the
// holds to release. NewFactSheet publishes the group, packages, schedules,
// schedule.Disclose's cost, the group's record and the funding progress, as
// JSON and as an 80-column notice (FactSheet.Text).
//
// Disburse turns a funded facility into Loans: goods valued at price are
// the principal; the total is split among lenders by their pledges and
// spread over the loans so that shares sum exactly per loan and per
// lender; it returns the holds to capture or release and balanced entries
// (Dr MemberLoans / Cr PackageSales at price, Dr CostOfPackages / Cr
// PackageInventory at cost, Dr PledgedFunds / Cr LenderFunding per lender,
// after members' captures moved sukarela to PledgedFunds).
//
// Benchmarks (2 shared cores, under load): Facility.Pledge about 0,5 us,
// 432 B, 2 allocs; Disburse of a group of 5 with 5 lenders about 27 us,
// 18,6 KB, 82 allocs (product validation and one schedule per distinct
// principal included).
//
// # Account: repayment, positions, collection, default
//
// A State is what has happened to a Loan (NewState at disbursement); every
// function takes a State and returns a new one. Post applies a Payment
// (from the member, peers, the group fund, or a recovery) under Servicing
// rules: late fees (LateFeePolicy: none, daily on the overdue amount, or
// flat per missed installment, with grace and cap) are charged through the
// payment date, then what is due is paid by a named Strategy (oldest first
// fee, margin, principal by default; Fineract's other orders; fees last;
// principal last; current first), and an Overpayment prepays, is held as
// credit in sukarela, or is refunded. It returns the Allocation (per
// installment, with the lenders' principal and margin totals under
// Loan.Split, exact over the loan's life) and balanced entries: cash
// basis, Cr MemberLoans / MarginIncome / LateFeeIncome, and the lenders'
// part set aside to LenderPayables (Dr LenderFunding, LenderShareExpense)
// for the payouts to split per lender. A repeated payment is a no-op that
// returns its first allocation (replayed from the State's payments).
//
// PositionOf gives paid, due, overdue and outstanding amounts, days past
// due and each installment's status as of a date; PortfolioAtRisk buckets
// loans by days past due (PAR 1/7/30 by default) and kolektibilitas
// (QualityPolicy: 4 classes on BI's 90/180/270-day boundaries by default,
// OJKQuality for 5). CollectionSheet and Collect run a group meeting: what
// each member owes, groups.Cover for shortfalls, the payments to post, the
// group's debts and escalating follow-ups (leader, supervisor after 7
// days, koperasi after 30). DefaultDate, MarkDefault and DeclareDefault put
// a loan in default; WriteOffLoan absorbs its principal through a
// Waterfall (group fund, joint liability, reserve, lenders pro rata) and
// recoveries flow back in reverse order.
//
// Benchmarks (2 shared cores under load, one core): Post on a Mekarmukti
// loan with 5 lenders about 1,1 us, 1,4 KB, 7 allocs (payouts not
// included); Post after 26 of 52 weekly installments about 3,5 us;
// PositionOf of a 52-installment loan about 1,9 us, 6,8 KB, 1 alloc;
// PositionInto reusing storage about 1,0 us, 0 allocs; PortfolioAtRisk over
// 100.000 loans about 19 ms.
//
// # Payouts, lender statements, portfolio metrics
//
// Distribute passes what a payment collected for the lenders (principal
// and their margin, or their layer of a recovery) on to each lender's
// sukarela; DistributeWriteOff pays out the other loss layers' cover and
// records each lender's loss (its own principal still out less its part of
// the cover, so that repaid + loss = funded to the rupiah). A PaidOut
// record per loan (NewPaidOut; PaidOutOf rebuilds it from a State) keeps
// what each lender received and its money-days. Every split is largest
// remainder on the cumulative: each lender gets its exact share rounded
// down, the odd rupiahs go to the lenders furthest behind their exact
// share of all the loan has collected, ties in circular order from the
// payout's Seq. Parts sum exactly, each within a rupiah of its share,
// lenders of equal shares never a rupiah apart, and each gets back exactly
// what it funded (plain per-payment largest remainder would leave the
// Mekarmukti Rp5.000 lender Rp4.998). Entries: <id>/payout Dr
// LenderPayables Cr SukarelaSavings; Payout.Deposits are the same as
// members.Savings deposits per lender.
//
// Statement and Statements give per lender and loan: funded, principal
// back, margin, loss, recovered, outstanding, money-days and the realised
// yield (margin less net loss, per rupiah-day, times 365) as an exact
// Fraction. Measure gives a portfolio's repayment rates (on time by
// installments, by due date and to date by amount), collection rate over a
// period, arrears rate, PAR N (more than N days past due), TKB90 (OJK's
// 1 - TWP90), write-off and loss ratios, the lenders' realised yield and
// counts, every ratio an exact Fraction of amounts shown beside it.
//
// Benchmarks (2 shared cores under load): Distribute to 5 lenders about
// 1,0-1,5 us, 1,4 KB, 4 allocs; Post and Distribute together about
// 2,1-2,9 us (Post alone 1,1-1,4 us at the same time), above the 2 us
// aimed at, most of it the allocation of the new record and payout;
// Measure over 100.000 loans with 5 lenders each about 45 ms, or 60-70 ms
// with their payout records (the lenders' yield).
package lending
