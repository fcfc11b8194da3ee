// Package groups is peer-borrower groups (kelompok): forming them by
// proximity, their roles, credit limits and cycle ladders, joint liability
// (tanggung renteng) and the group fund.
package groups
