// Package ledger is the koperasi's double-entry journal, in exact money.
package ledger
