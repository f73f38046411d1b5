package imtest

import (
	"slices"
	"time"
)

// RecordedRequest is one request the server answered, for assertions.
type RecordedRequest struct {
	Time time.Time // server time when answered
	// Path is the URL path, "/" for the console and cloud APIs; for /v4 it
	// is the path and the query, the usersig value replaced by REDACTED
	// ("/v4/openim/sendmsg?sdkappid=...&usersig=REDACTED&...").
	// Path, Action and Region keep their first 1 KiB, followed by "…"
	// when longer.
	Path   string
	Action string // X-TC-Action; for /v4 "service/command", the path after /v4/
	// SDKAppID is the app the request names: a console action's SdkAppId
	// or the one IM app a Tag API request names (once the request
	// authenticated and its body decoded), or the sdkappid of a /v4 query
	// (once the method, random and contenttype passed); 0 when it names
	// none or several, or the value does not parse. Filter on it to tell
	// one app's requests from another's.
	SDKAppID    uint64
	Service     string // the service the request was signed for (im, cim, cam, tag), once it authenticated; "" for /v4
	SecretID    string // of a request that named a known SecretId
	Region      string // X-TC-Region
	ClientToken string
	Body        []byte // only once the request authenticated (a valid signature, or for /v4 a valid UserSig)
	Status      int    // HTTP status of the answer, also of one that was lost
	Code        string // error code answered; "" on success and for a Fault.HTTPStatus page without a Code (see Status)
	Replayed    bool   // answered from a remembered ClientToken
	// Lost is true when Fault.LoseResponse dropped the answer: the action
	// or command ran (or, for a request its checks refused, the refusal
	// was dropped), and the client got no response.
	Lost bool
}

// Bounds of the request log of a long-running server (cmd/imref): past
// either, the oldest requests are dropped until half of it remains.
const (
	maxRecorded      = 100_000
	maxRecordedBytes = 64 << 20
)

// recordOverhead is what one recorded request costs besides its strings
// and body, roughly.
const recordOverhead = 256

// size is about how many bytes r keeps.
func (r *RecordedRequest) size() int {
	return recordOverhead + len(r.Path) + len(r.Action) + len(r.Service) + len(r.SecretID) + len(r.Region) + len(r.ClientToken) + len(r.Body) + len(r.Code)
}

// maxRecordedField is how much of the path, action and region, which a
// client chooses before it authenticates, a recorded request keeps: so
// that unauthenticated requests cost about 1 KiB of the log each, however
// long their headers, and cannot push many authenticated ones out.
const maxRecordedField = 1 << 10

// record appends r to the request log, its Path, Action and Region
// clipped to maxRecordedField; s.mu must be held.
func (s *Server) record(r RecordedRequest) {
	r.Path, r.Action, r.Region = clip(r.Path, maxRecordedField), clip(r.Action, maxRecordedField), clip(r.Region, maxRecordedField)
	n := r.size()
	if len(s.requests) >= maxRecorded || s.recorded+n > maxRecordedBytes {
		drop := 0
		for drop < len(s.requests) && (len(s.requests)-drop > maxRecorded/2 || s.recorded+n > maxRecordedBytes/2) {
			s.recorded -= s.requests[drop].size()
			drop++
		}
		s.requests = slices.Delete(s.requests, 0, drop)
	}
	s.requests = append(s.requests, r)
	s.recorded += n
}

// Requests returns a copy of every request answered so far, oldest first.
// A server that answered more than 100 000 requests, or more than 64 MiB
// of them, keeps the most recent ones.
func (s *Server) Requests() []RecordedRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.requests)
	for i := range out {
		out[i].Body = slices.Clone(out[i].Body)
	}
	return out
}

// RequestsFor returns the recorded requests of one action, named as
// Fault.Action names it (X-TC-Action, or "service/command"), of every app:
// filter on RecordedRequest.SDKAppID for one app's. It panics for a name
// the server does not serve, as Inject does, so a mistyped name never
// reads as "no request"; use Requests for the requests of such names.
func (s *Server) RequestsFor(action string) []RecordedRequest {
	s.mustServe("RequestsFor", "the action", action, "")
	var out []RecordedRequest
	for _, r := range s.Requests() {
		if r.Action == action {
			out = append(out, r)
		}
	}
	return out
}
