package imtest

import (
	"slices"
	"time"
)

// RecordedRequest is one request the server answered, for assertions.
type RecordedRequest struct {
	Time        time.Time // server time when answered
	Path        string    // "/" for the console API
	Action      string    // X-TC-Action
	SecretID    string    // of a request that named a known SecretId
	Region      string    // X-TC-Region
	ClientToken string
	Body        []byte
	Status      int    // HTTP status answered (also when the response was lost)
	Code        string // error code answered, "" on success
	Replayed    bool   // answered from a remembered ClientToken
}

// maxRecorded bounds the request log of a long-running server (cmd/imref):
// past it, the oldest half is dropped.
const maxRecorded = 100_000

// record appends r to the request log; s.mu must be held.
func (s *Server) record(r RecordedRequest) {
	if len(s.requests) >= maxRecorded {
		s.requests = slices.Delete(s.requests, 0, maxRecorded/2)
	}
	s.requests = append(s.requests, r)
}

// Requests returns a copy of every request answered so far, oldest first
// (a server that answered more than 100 000 keeps the most recent ones).
func (s *Server) Requests() []RecordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.requests)
	for i := range out {
		out[i].Body = slices.Clone(out[i].Body)
	}
	return out
}

// RequestsFor returns the recorded requests of one action.
func (s *Server) RequestsFor(action string) []RecordedRequest {
	var out []RecordedRequest
	for _, r := range s.Requests() {
		if r.Action == action {
			out = append(out, r)
		}
	}
	return out
}
