// Package schedule turns loan Terms into an installment Schedule, exactly,
// and discloses what the loan costs.
//
// # Generating a schedule
//
// Terms is a plain value: principal, pricing Method, Rate (or a murabahah
// Margin), number of installments, Frequency, disbursement and first due
// date, a Calendar for closed days, grace, day count, and the Rounding policy.
// Generate returns the Schedule: for each installment its due date, principal
// part, margin part, total and the principal balance after it; and the totals.
// Generate validates everything first and returns a *TermsError (wrapping
// ErrInvalidTerms, ErrOverflow or ErrUnbalanced, and for a bad rounding or
// frequency also money.ErrInvalidRounding or calendar.ErrInvalidFrequency)
// rather than a schedule that does not add up. It never uses floating point:
// exact ratios, 128-bit intermediates and, for an annuity factor that 64-bit
// fixed point cannot settle, big integers.
//
// Methods: Flat (rate on the original principal), Annuity (declining balance,
// equal installments), EqualPrincipal (declining balance, falling
// installments), Murabahah (cost plus an agreed margin spread evenly) and Qard
// (no margin).
//
// # Rounding and the residue
//
// Every rounding is named. Rounding.Parts rounds each computed part (a
// period's interest, a share of the margin); Rounding.Installment rounds each
// level installment total once, from its exact value. Rounding.Residual says
// where the difference between the rounded installments and the exact loan
// goes: LastAbsorbs (the last installment takes it), FirstAbsorbs (the first
// does), or KeepEqual (every installment stays level and the excess is booked
// as margin, reported in Schedule.RoundingMargin). The Mekarmukti package,
// Rp25.000 over 6 days rounded up to Rp100, is 6 x Rp4.200 = Rp25.200 with
// Rp200 margin under KeepEqual, and 5 x Rp4.200 + Rp4.000 under LastAbsorbs.
//
// Two combinations are refused by Validate (ErrInvalidTerms), because they
// cannot be honoured for a large share of ordinary loans:
//   - FirstAbsorbs with Annuity (Field "Rounding.Residual"). An annuity's
//     residue is only known at the end, and a unit more paid up front changes
//     every later row's interest: it moves the residue by (1+r)^(n-1) units
//     plus rounding jumps, so for about one loan in five no whole first
//     installment leaves the rest level. Flat, Murabahah, Qard and
//     EqualPrincipal fix their other rows in advance, so they can let the
//     first row absorb the residue; annuities use LastAbsorbs or KeepEqual.
//   - KeepEqual unless Rounding.Installment rounds up, with mode money.Up or
//     money.Ceiling (Field "Rounding.Installment"). KeepEqual keeps every
//     installment at the rounded level and books the excess as margin. A
//     level that may round down (half-up, half-even, half-down, down, floor,
//     or no installment rounding at all) falls short of what is owed about
//     half the time: the "excess" turns negative, comes off the priced
//     margin, and where there is too little margin to take it (a qard, a zero
//     rate) leaves principal unpaid. KeepEqual also needs level installments,
//     so not EqualPrincipal (Field "Rounding.Residual").
//
// Invariants, for every method and policy: installments sum to principal plus
// margin; each installment is its principal part plus its margin part;
// balances never go negative and the last is zero. A policy that cannot keep
// them (a step so coarse an installment would be zero) is an ErrUnbalanced.
//
// # Moving a product from Apache Fineract or Mambu
//
// Fineract's cumulative schedule generator maps as follows:
//   - currency decimal places and "currency in multiples of", with the
//     rounding mode (default HALF_EVEN): Rounding.Parts = {Step: multiple
//     in minor units, Mode: money.HalfEven}. For a 0-decimal currency in
//     multiples of 100, Step is 100.
//   - "installment amount in multiples of": Rounding.Installment, same mode.
//   - residues: Fineract's last installment absorbs them: LastAbsorbs.
//   - "equal installments" + declining balance: Annuity; "equal principal":
//     EqualPrincipal; flat interest: Flat.
//   - grace on principal payment: Grace.Principal; grace on interest payment
//     (interest recovered after the grace): Grace.Interest with Deferred.
//   - days in year (actual, 360, 364, 365): DaysInYear; interest calculated
//     for the actual days of each period: DayCount Actual (the level
//     installment still comes from the nominal periodic rate, as in Fineract).
//   - the first repayment date: FirstDue; months are added from the first due
//     date (31 January monthly gives 29 February, 31 March), not from the
//     previous date.
//
// Mambu's rounding settings map as follows:
//   - repaymentCurrencyRounding ROUND_TO_NEAREST_WHOLE_UNIT: Rounding.Installment
//     {Step: one major unit, Mode: money.HalfUp}; ROUND_UP_TO_NEAREST_WHOLE_UNIT:
//     the same with money.Up; NO_ROUNDING: the zero Rounding.Installment.
//   - roundingRepaymentScheduleMethod ROUND_REMAINDER_INTO_LAST_REPAYMENT:
//     LastAbsorbs.
//   - repaymentElementsRoundingMethod ROUND_ALL rounds the elements, that is
//     Rounding.Parts with the same step.
//
// # Hot loops
//
// Generate allocates the installments slice and nothing else for ordinary
// loans, however long the schedule. Its exact arithmetic has fast paths, each
// held to the exact computation by a property test and the fuzz oracle, that
// give the same rows and errors:
//   - the annuity level: 1 - (1+r)^-k bracketed between two 64-bit binary
//     fractions, one rounded down and one up at every product; when the level
//     in half-steps has the same integer part at both ends, and the lower end
//     is above it, the rounding is known whatever the mode. A level on a
//     half-step, or operands too large, go to big integers, in one block of
//     scratch space (a second allocation);
//   - each row's interest at a parts step of one: the rate denominator's
//     reciprocal instead of a division (each row waits on the one before);
//   - level methods: shares multiplied by their count rather than added row
//     by row, and a repeated row's margin and total reused;
//   - due dates: no adjustment on an open calendar, days and weeks stepped
//     by multiplication.
//
// Generator.Append appends into a caller's buffer and keeps its scratch
// space, so a warm Generator with a large enough buffer generates with zero
// allocations.
//
// Figures (go test -bench, -cpu 1, on the shared 2-core test machine; ns/op,
// B/op, allocs/op; before the fast paths in brackets): the root package's
// synthetic weekly product (Rp500.000, 52 weekly annuity installments at 24%
// a year rounded up to Rp100) 1.500, 4.864, 1 (3.500, 6.144, 2), the same at
// lending's validation date 2000-01-01 alike; the pilot's product (6
// working-day murabahah installments kept equal) 385, 480, 1 (630), of which
// about 115 are the calendar's working-day look-ups; Mekarmukti on calendar
// days 270 (540); a warm Append of a 52-week annuity 655, 0, 0 (1.960).
//
// # Cost disclosure
//
// Disclose states what a schedule costs a member, with any upfront fee or
// compulsory saving: total cost in money, the daily rate the way OJK computes
// it, the annual percentage rate by the actuarial method of US Regulation Z
// Appendix J, and the effective annual rate, so that the Mekarmukti package
// and an informal lender's loan can be compared on equal terms.
package schedule
