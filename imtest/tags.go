package imtest

import "time"

// tagState is what the server keeps about one app's tags.
type tagState struct{}

// setUp gives a new app its initial tags.
func (st *tagState) setUp(now time.Time) {}

func (s *Server) registerTagActions() {}
