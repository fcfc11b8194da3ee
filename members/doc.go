// Package members holds the koperasi's members: who they are (NIK, family
// card, household, address with RT and RW), their savings (simpanan pokok,
// wajib and sukarela), and whether they may borrow or lend.
package members
