package imtest

import (
	"net/http"
	"time"
)

// v4State is what the server keeps about one app for the IM REST API.
type v4State struct{}

// setUp gives a new app its initial REST API state.
func (st *v4State) setUp(now time.Time) {}

// serveV4 serves the IM REST API (v4) under /v4/.
func (s *Server) serveV4(w http.ResponseWriter, r *http.Request) {
	http.NotFound(w, r)
}
