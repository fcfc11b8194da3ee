package koperasi_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ip2p/koperasi"
	"github.com/ip2p/koperasi/examples/pilot"
	"github.com/stretchr/testify/require"
)

// A replay keeps the input of a canonical command as its payload and
// writes any other command again: the pilot's events, every other one
// changed into another spelling of the same command (its ID and date
// swapped, its amounts in display form), replay through Apply and through
// ReadLog to the pilot's own log, byte for byte.
func TestReplayStoresCanonicalPayloads(t *testing.T) {
	src, err := pilot.Book()
	require.NoError(t, err)
	want := src.Events()
	var changed []koperasi.Event
	var lines bytes.Buffer
	n := 0
	for i, ev := range want {
		if i%2 == 1 {
			cmd := respellCommand(string(ev.Cmd))
			require.NotEqual(t, string(ev.Cmd), cmd)
			ev.Cmd, n = json.RawMessage(cmd), n+1
		}
		changed = append(changed, ev)
		line, err := json.Marshal(ev)
		require.NoError(t, err)
		lines.Write(append(line, '\n'))
	}
	require.Greater(t, n, 100)

	bk, err := koperasi.New(pilot.Config())
	require.NoError(t, err)
	for _, ev := range changed {
		require.NoError(t, bk.Apply(ev))
	}
	require.Equal(t, want, bk.Events())

	bk, err = koperasi.ReadLog(pilot.Config(), &lines)
	require.NoError(t, err)
	require.Equal(t, want, bk.Events())
}

// respellCommand swaps a command's ID and date, and writes its rupiah
// amounts as "Rp4.200": the same command, not its payload.
func respellCommand(cmd string) string {
	displayAmount := regexp.MustCompile(`"IDR (-?)(\d+)"`)
	id, rest, _ := strings.Cut(strings.TrimPrefix(cmd, "{"), `,"date":`)
	date, rest := rest[:12], rest[12:]
	cmd = `{"date":` + date + "," + id + rest
	return displayAmount.ReplaceAllStringFunc(cmd, func(s string) string {
		m := displayAmount.FindStringSubmatch(s)
		v, _ := strconv.Atoi(m[2])
		var groups []string
		for ; v >= 1000; v /= 1000 {
			groups = append([]string{strconv.Itoa(v%1000/100%10) + strconv.Itoa(v%100/10) + strconv.Itoa(v%10)}, groups...)
		}
		return `"` + m[1] + "Rp" + strings.Join(append([]string{strconv.Itoa(v)}, groups...), ".") + `"`
	})
}
