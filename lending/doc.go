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
package lending
