// Package money is exact money for koperasi books: amounts as integers of a
// currency's minor unit, exact rates, named roundings and lossless splits.
//
// Start with Amount. Rupiah(4200) is Rp4.200; a currency with cents works the
// same way (USD.Amount(123456) is US$1.234,56). Arithmetic returns an error on
// overflow or when currencies differ; it never wraps and never uses floating
// point.
//
// A Rounding is a step in minor units plus a Mode. The Mekarmukti pilot's
// installment, Rp25.000 / 6 rounded up to Rp100, is
//
//	money.Rounding{Step: 100, Mode: money.Up}.MulDiv(money.Rupiah(25000), 1, 6) // Rp4.200
//
// MulDiv rounds the exact quotient once, at the end, with 128-bit intermediate
// products, so there is no double rounding and no hidden overflow.
//
// A Rate is an exact ratio with a Period (per year, month, week, day or whole
// term). ParseRate reads "18%", "0.18", "0,1% per hari"; RateFromDecimal
// takes a shopspring decimal.Decimal without loss.
//
// Allocate splits an amount by weights with the largest-remainder method: the
// parts always sum to the whole, ties are broken deterministically (and can be
// rotated with AppendAllocate).
//
// Text: String is the Indonesian display form ("Rp4.200", "-Rp1.500",
// "Rp1.234,56"); MarshalText and JSON use a canonical string ("IDR 4200",
// "USD 1234.56") that names the currency and never passes through a JSON
// number. Parse and ParseIn read both.
//
// decimal.Decimal appears only at the edge (Amount.Decimal, FromDecimal,
// RateFromDecimal, Rate.Decimal). An inexact conversion is an error, and the
// package never calls Decimal.Div or Decimal.String, whose results depend on
// package-level settings a host application may change.
package money
