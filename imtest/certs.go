package imtest

import "time"

// certState is what the server keeps about one app's certs.
type certState struct{}

// setUp gives a new app its initial certs.
func (st *certState) setUp(now time.Time) {}

func (s *Server) registerCertActions() {}
