package schedule

// GenerateExact is Generate with the fast paths off: the exact computation
// the tests hold them to.
func GenerateExact(t Terms) (Schedule, error) {
	g := Generator{exact: true}
	return g.Append(nil, t)
}
