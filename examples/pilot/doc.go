// Package pilot is the Mekarmukti pilot of koperasi-based integrated
// peer-to-peer (I-P2P) lending as a ready, importable fixture: the koperasi's
// configuration, its 15 participants and its lenders, and every command of
// the pilot's three cycles, in order, for a koperasi.Book.
//
// The pilot (Firdaus, Kartika & Laras 2024) ran in RW 08 of Desa Mekarmukti,
// Kecamatan Cihampelas, Kabupaten Bandung Barat, with Koperasi Awilarangan
// Mukti Rahayu (KAMURA): 15 participants (13 poor families and 2 members of
// the community work team, TKM) in 3 groups of 5, a Rp125.000 limit per
// group, a Rp25.000 business package per member repaid as 6 daily
// installments of Rp4.200, 3 cycles from 28 March 2024, all repaid.
//
// Use it in tests:
//
//	b, err := pilot.Book()            // the whole pilot, replayed
//	cfg := pilot.Config()             // or build your own from the pieces
//	cmds := pilot.Commands()          // every command, in order
//
// The identifiers are neutral (P01..P15 for participants, L01..L05 for
// lenders, G1..G3 for groups): the paper names no one and this fixture
// invents no one. Everything the paper does not state is an assumption,
// listed in one place: Assumptions.
//
// The package is stable: its commands and their IDs only change with a
// note in the changelog (CHANGELOG.md at the module root), so other
// projects can pin golden files on it.
package pilot
