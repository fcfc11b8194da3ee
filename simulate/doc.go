// Package simulate is a seeded Monte Carlo of group-lending designs, for
// researchers: how often groups repay under individual or joint liability
// (tanggung renteng), with or without a group fund, follow-up visits and
// correlated shocks, over several loan cycles.
package simulate
