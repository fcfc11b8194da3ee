//go:build !race

package koperasi_test

// raceEnabled is true under the race detector: the slow property tests do
// fewer runs.
const raceEnabled = false
