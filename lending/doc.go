// Package lending is the marketplace and credit cycle of koperasi-based I-P2P
// lending, as pure functions over values: goods packages and loan products,
// fact sheets, lender pledges and group facilities, disbursement in kind,
// repayment and its allocation, arrears and loan quality, joint-liability
// collection, default and write-off, pro-rata payouts to lenders, the
// member's pocket book, and portfolio metrics.
//
// # Start here
//
// The main entry points, in the order of one credit cycle:
//
//  1. Set up: a Catalogue of goods and a Product that finances packages of
//     them (MekarmuktiCatalogue and MekarmuktiProduct are the pilot's).
//  2. Raise the money: OpenFacility opens a group's facility for a cycle,
//     NewFactSheet publishes it on the marketplace, and Facility.Pledge
//     takes each lender's pledge from its simpanan sukarela.
//  3. Disburse: Disburse turns the funded facility into member Loans,
//     goods delivered in kind; NewState and NewPaidOut start each loan's
//     record and its lenders' payout record.
//  4. Collect: CollectionSheet and Collect run each group meeting, Post
//     applies each payment to a loan, and Distribute passes the lenders'
//     part on to them; PositionOf and NewPocketBook show where a member
//     stands.
//  5. When a loan goes bad: MarkDefault or DeclareDefault, then
//     WriteOffLoan through a Waterfall of loss layers and DistributeWriteOff
//     for the lenders; money recovered later is posted and distributed like
//     a payment.
//  6. Report: PortfolioAtRisk and Measure for a portfolio, Statement and
//     Statements for each lender.
//
// Every function takes values and returns new ones (a Facility, a State, a
// PaidOut), with the journal entries to post, never posted here. Bad input
// gets a typed error wrapping one of the package's sentinels (ErrInvalid,
// ErrNotFound, ErrClosed ...), with a reason an officer can act on, and
// changes nothing. The root package's Book (koperasi.Book) runs this
// cycle for a whole koperasi; a host with its own database calls these
// functions directly. The sections below give the details: the marketplace
// (steps 1-3), the loan account (4-5), the pocket book, the one convention
// for days past due and PAR, and the payouts and reports (4-6).
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
// 432 B, 2 allocs; Disburse of a group of 5 with 5 lenders about 14-21 us,
// 11,0 KB, 26 allocs (product validation and one schedule per distinct
// principal included; loans of the same goods, shares or principal share
// those slices).
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
// returns its first allocation (replayed from the State's payments);
// Allocations replays them all, for a host that needs to know which
// installments each payment paid (the group's covers, a repayment card). When
// the lenders' shares sum to less than the principal, the koperasi funded
// the rest itself and keeps that part of every repayment.
//
// PositionOf gives paid, due, overdue and outstanding amounts, days past
// due and each installment's status as of a date; PortfolioAtRisk sums
// loans by Buckets of days past due, PAR and kolektibilitas
// (QualityPolicy: 4 classes on BI's 90/180/270-day boundaries by default,
// OJKQuality for 5). CollectionSheet and Collect run a group meeting: what
// each member owes, groups.Cover for shortfalls, the payments to post, the
// group's debts and escalating follow-ups (leader, supervisor after 7
// days, koperasi after 30). CollectInPlace is Collect for a caller that
// owns the states and replaces them by the outcome's (the Book): it makes
// the new states in the given ones instead of copying every installment.
//
// A State keeps, per installment, a Paid of minor units in the loan's
// currency (PrincipalIn and the like give amounts): a loan's states are
// most of its memory, so the currency is kept once, in the loan. DefaultDate, MarkDefault and DeclareDefault put
// a loan in default.
//
// WriteOffLoan takes a defaulted loan's principal off the books through a
// Waterfall: the group fund, joint liability, the koperasi's reserve, each
// up to what it can give, then the lenders. The WriteOff it returns holds
// each layer's total only; how the lenders' layer falls on each lender is
// the payouts' business (DistributeWriteOff, below). A loan the koperasi
// part-funded, or funded alone, shares the cover and the rest between the
// lenders and the koperasi in proportion to their funding: the koperasi's
// own part (KoperasiFundingLayer) goes to its reserve account, never to
// the lenders. Money recovered later flows back in reverse order: the
// lenders first, then the koperasi's funding, its reserve, the group's
// members and the group fund.
//
// A payment, a sheet line and a follow-up read a loan's installments from
// the first one still owing something: one pass over the state checks it
// and finds that installment with the totals paid, so that a meeting late
// in a loan's life costs about what its first does (the payments already
// posted are still each looked at once, for a repeated payment ID).
//
// Benchmarks (2 shared cores under load, one core, the best of 7 runs):
// Post on a Mekarmukti loan with 5 lenders about 0,7 us, 1,2 KB, 4 allocs
// (payouts not included); Post after 26 of 52 weekly installments about
// 1,9 us, after 39 about 2,1 us (copying the state is most of it);
// Collect of a Mekarmukti group of 5 about 6,3 us, 10,4 KB, 19 allocs
// (10 us, 16,4 KB, 28 allocs when peers cover a member), of 5 loans of 52
// weekly installments about 12 us, 31 KB, 19 allocs; CollectInPlace, which
// makes the new states in the caller's and cuts the outcome from a reused
// Scratch, about 3,2 us, 288 B, 1 alloc (the payments' IDs) for the
// Mekarmukti group (6,4 us, 10 allocs with cover), and for the
// 52-installment loans 4,1 us at the first meeting, 5,0 us at the 40th
// (9,4 us before it read only the installments still owing);
// PositionOf of a 52-installment loan about 1,9 us, 6,8 KB, 1 alloc;
// PositionInto reusing storage about 1,0 us, 0 allocs; PortfolioAtRisk over
// 100.000 loans about 19 ms.
//
// # Pocket book
//
// NewPocketBook builds a member's repayment card for one loan (kartu
// angsuran, the page of the buku saku the group checks at every meeting)
// from the loan, its State and its servicing rules as of a date: the
// member, group and package; for each installment its due date and
// amount, when it was paid in full, what was paid on it and how much of
// that the group paid, what remains on the loan and its status; and a
// column for the officer's initials. The statuses are lunas and lunas
// terlambat (paid in full by or after the due date, by the member),
// ditanggung kelompok (paid in full, the member's peers or the group fund
// paying some or all of it), sebagian and sebagian, ditanggung kelompok
// (part paid), and belum. An installment the group paid is paid on the
// loan, and the member owes the group that money until she pays it back
// (SettleDebts in the Book); the card says so under the table. A State
// keeps what was paid on each installment, not who paid it, so the card
// finds the group's part by posting the State's payments again under the
// servicing rules, as Post did.
//
// Its date may not be before what the State already records (the rule of
// PositionOf): a card is printed from the state of its day, never with
// later payments under an earlier date. Labels are in Indonesian.
//
// WriteText writes it as plain text for a small printer or a message, in
// which no line is longer than 80 runes whatever the names and amounts:
// long names wrap between words, the amount columns are as wide as the
// widest amount they print, and when a row still does not fit, every row
// and the header wrap alike onto continuation lines. WriteCSV writes a
// plain table for a spreadsheet: one header row, then a row per
// installment naming the member, group, loan and package (paket), with
// the group's part (ditanggung_kelompok) and an empty paraf_petugas column
// for the officer's initials. WriteHTML writes a printable, self-contained
// page (its style inline, no script or outside file), with every name
// escaped and the rows the group paid on shaded.
//
// # Days past due and PAR
//
// A loan's days past due count from its oldest installment whose principal
// or margin is still unpaid after its due date; 0 when nothing is overdue.
// PAR N is the outstanding principal of the loans more than N days past
// due, over all outstanding principal, of the loans neither repaid nor
// written off: PAR30 counts a loan 31 days late, not one 30 days late, and
// PAR1 leaves out a loan a day late (PAR0 counts any arrears). This is the
// package's one convention: Measure's PAR, PortfolioAtRisk's PAR and
// Buckets (cut at the same N: current, 1, 2-7, 8-30 and 31+ for PAR1, PAR7
// and PAR30, the defaults), TKB90 (more than 90 days) and the
// kolektibilitas thresholds of QualityPolicy (kurang lancar more than 90
// days by default) all use it, so Measure and PortfolioAtRisk give the
// same loans and principal for the same days.
//
// # Payouts, lender statements, portfolio metrics
//
// Distribute passes what a payment collected for the lenders (principal
// and their margin, or their layer of a recovery) on to each lender's
// sukarela; DistributeWriteOff pays out the lenders' part of the other
// loss layers' cover and records each lender's loss (its own principal
// still out less its part of the cover, so that repaid + loss = funded to
// the rupiah and the losses sum to the write-off's lenders' layer). A
// PaidOut record per loan (NewPaidOut; PaidOutOf rebuilds it from a State)
// keeps what each lender received, lost and recovered, and its money-days;
// it is the one place where amounts are split per lender. Every split is
// largest remainder on the cumulative: each lender gets its exact share
// rounded down, the odd rupiahs go to the lenders furthest behind their
// exact share of all the loan has collected, ties in circular order from
// the payout's Seq. Parts sum exactly, none is ever negative, each is
// within a rupiah of its share, lenders of equal shares never a rupiah
// apart, and each gets back exactly what it funded (plain per-payment
// largest remainder would leave the Mekarmukti Rp5.000 lender Rp4.998;
// the difference of two allocations of what has been recovered in all
// would take a rupiah back from a lender). Recoveries are split by the
// lenders' losses. Entries: <id>/payout Dr LenderPayables Cr
// SukarelaSavings; Payout.Deposits are the same as members.Savings
// deposits per lender. A host that books the lenders through Deposits
// calls DistributePayout, which builds no entries, and AppendDeposits; one
// that owns the payout records and keeps no copy of them (the Book at a
// group's collection) calls DistributeInPlace, which allocates nothing.
//
// Statement and Statements give per lender and loan: funded, principal
// back, margin, loss, recovered, outstanding, money-days and the realised
// yield (margin less net loss, per rupiah-day, times 365) as an exact
// Fraction. Measure gives a portfolio's repayment rates (on time by
// installments, by due date and to date by amount), collection rate over a
// period, arrears rate, PAR N, TKB90 (OJK's 1 minus TWP90), write-off and loss
// ratios, the lenders' realised yield and counts, every ratio an exact
// Fraction of amounts shown beside it.
//
// Benchmarks (one core of the 2-core machine): Distribute to 5 lenders
// about 0,9 us, 1,4 KB, 4 allocs; DistributePayout and AppendDeposits about
// 0,9 us, 1,1 KB, 3 allocs (the new record, the payout and one string for
// the deposits' IDs); DistributeInPlace, the Book's way at a collection
// (its own record changed in place, the payout in a reused buffer), about
// 0,33 us and no allocation; Post and Distribute together about 1,6-1,7 us;
// Measure over 100.000 loans with 5 lenders each about 45 ms, or 60-70 ms
// with their payout records (the lenders' yield).
package lending
