package imtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/tc3"
	"github.com/imconsole/imconsole/internal/wire"
)

// maxBodyBytes bounds a request body.
const maxBodyBytes = 4 << 20

// maxTimestampSkew is how far X-TC-Timestamp may be from the server clock.
const maxTimestampSkew = 300 * time.Second

// tokenTTL is how long a ClientToken's response is remembered.
const tokenTTL = 24 * time.Hour

// call is one authenticated action being handled, with s.mu held.
type call struct {
	action  string
	account *account
	body    []byte
	now     time.Time
}

// actionFunc handles one action with s.mu held. It returns the response
// fields, or an *client.APIError naming the code and message to answer.
type actionFunc func(c *call) (any, error)

// apiError is the error an action answers.
func apiError(code, format string, args ...any) error {
	return &client.APIError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// decode unmarshals the body into v strictly (an unknown field is refused,
// as Tencent's API 3.0 refuses unknown parameters), then runs v's
// ValidateAt at the server's time, or its Validate, when it has one: the
// same checks the client runs before sending.
func decode(c *call, v any) error {
	d := json.NewDecoder(bytes.NewReader(c.body))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return apiError("InvalidParameter", "the body of %s is not valid: %v", c.action, err)
	}
	switch vv := v.(type) {
	case interface{ ValidateAt(time.Time) error }:
		return vv.ValidateAt(c.now) // checks that depend on time follow the server clock
	case interface{ Validate() error }:
		return vv.Validate()
	}
	return nil
}

type tokenKey struct {
	account, action, token string
}

type tokenEntry struct {
	bodyHash [32]byte
	status   int
	response []byte
	expires  time.Time
}

// outcome is what the server answers.
type outcome struct {
	status     int
	body       []byte
	code       string
	retryAfter time.Duration
	lose       bool // close the connection instead of answering
	latency    time.Duration
	replayed   bool
}

// ServeHTTP serves the console API on POST / (and the paths other files
// register).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/v4/") {
		s.serveV4(w, r)
		return
	}
	start := time.Now()
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	action := r.Header.Get("X-TC-Action")
	rec := RecordedRequest{Path: r.URL.Path, Action: action, Region: r.Header.Get("X-TC-Region"), Body: body}

	var out outcome
	if readErr != nil {
		out = s.errorOutcome(apiError("InvalidParameter", "the body could not be read (at most %d bytes): %v", maxBodyBytes, readErr))
	} else {
		out = s.handle(r, action, body, &rec)
	}
	rec.Status, rec.Code, rec.Replayed = out.status, out.code, out.replayed
	s.finish(r, rec, start, out.latency, out.lose)
	w.Header().Set("Content-Type", "application/json")
	if out.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((out.retryAfter+time.Second-1)/time.Second)))
	}
	w.WriteHeader(out.status)
	_, _ = w.Write(out.body)
}

// finish records and logs a request, waits any injected latency, and
// closes the connection instead of answering when the response is to be
// lost. The caller then writes the answer.
func (s *Server) finish(r *http.Request, rec RecordedRequest, start time.Time, latency time.Duration, lose bool) {
	s.mu.Lock()
	rec.Time = s.nowLocked()
	s.record(rec)
	s.mu.Unlock()
	if s.logger != nil {
		s.logger.LogAttrs(r.Context(), slog.LevelInfo, "imtest request",
			slog.String("path", r.URL.Path), slog.String("action", rec.Action),
			slog.Int("status", rec.Status), slog.String("code", rec.Code),
			slog.Duration("duration", time.Since(start)))
	}
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	if lose {
		panic(http.ErrAbortHandler) // net/http closes the connection without answering
	}
}

// handle authenticates and runs one console action.
func (s *Server) handle(r *http.Request, action string, body []byte, rec *RecordedRequest) outcome {
	if r.Method != http.MethodPost || r.URL.Path != "/" {
		return s.errorOutcome(apiError("UnsupportedOperation.Method", "use POST / with a JSON body; got %s %s", r.Method, r.URL.Path))
	}
	if action == "" {
		return s.errorOutcome(apiError("MissingParameter", "the X-TC-Action header is required"))
	}
	if v := r.Header.Get("X-TC-Version"); v != client.APIVersion {
		return s.errorOutcome(apiError("NoSuchVersion", "X-TC-Version %q is not supported; use %s", v, client.APIVersion))
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return s.errorOutcome(apiError("InvalidParameter.ContentType", "Content-Type %q is not supported; send application/json", ct))
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	acc, err := s.authenticate(r, action, body, now)
	if acc != nil {
		rec.SecretID = acc.secretID
	}
	if err != nil {
		return s.errorOutcome(err)
	}
	fn, ok := s.actions[action]
	if !ok {
		return s.errorOutcome(apiError("InvalidAction", "action %q does not exist; see docs/protocol.md for the actions", action))
	}
	var tok struct{ ClientToken string }
	_ = json.Unmarshal(body, &tok)
	rec.ClientToken = tok.ClientToken

	f := s.takeFault(action)
	if f == nil {
		f = &Fault{}
	}
	if f.Code != "" && !f.LoseResponse {
		out := s.errorOutcome(&client.APIError{Code: f.Code, Message: f.message()})
		if f.RetryAfter > 0 {
			out.retryAfter = f.RetryAfter
		}
		out.latency = f.Latency
		return out
	}

	key := tokenKey{acc.secretID, action, tok.ClientToken}
	hash := sha256.Sum256(body)
	if tok.ClientToken != "" {
		if e := s.tokens[key]; e != nil && now.Before(e.expires) {
			if e.bodyHash != hash {
				return s.errorOutcome(apiError("InvalidParameterValue.ClientToken", "ClientToken %q was already used for a different %s request; use a new token for a new request", tok.ClientToken, action))
			}
			return outcome{status: e.status, body: e.response, replayed: true, lose: f.LoseResponse, latency: f.Latency}
		}
	}

	resp, err := fn(&call{action: action, account: acc, body: body, now: now})
	var out outcome
	if err != nil {
		out = s.errorOutcome(err)
	} else {
		out = outcome{status: http.StatusOK, body: s.successBody(resp)}
	}
	if tok.ClientToken != "" {
		s.pruneTokens(now)
		s.tokens[key] = &tokenEntry{bodyHash: hash, status: out.status, response: out.body, expires: now.Add(tokenTTL)}
	}
	out.lose, out.latency = f.LoseResponse, f.Latency
	return out
}

// authenticate checks the TC3-HMAC-SHA256 signature and returns the account
// of its SecretId.
func (s *Server) authenticate(r *http.Request, action string, body []byte, now time.Time) (*account, error) {
	auth, err := tc3.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return nil, apiError("AuthFailure.InvalidAuthorization", "%v", err)
	}
	acc := s.accounts[auth.SecretID]
	if acc == nil {
		return nil, apiError("AuthFailure.SecretIdNotFound", "SecretId %s does not exist; check the credentials you pass to client.WithCredentials", auth.SecretID)
	}
	ts, err := strconv.ParseInt(r.Header.Get("X-TC-Timestamp"), 10, 64)
	if err != nil {
		return acc, apiError("MissingParameter", "X-TC-Timestamp must be the Unix time in seconds")
	}
	if skew := now.Sub(time.Unix(ts, 0)); skew > maxTimestampSkew || skew < -maxTimestampSkew {
		return acc, apiError("AuthFailure.SignatureExpire", "X-TC-Timestamp %d is %s away from the server time %d (at most 300 s allowed); sync your clock", ts, skew.Round(time.Second), now.Unix())
	}
	if auth.Service != "im" {
		return acc, apiError("AuthFailure.SignatureFailure", "the credential scope names service %q; sign for service \"im\"", auth.Service)
	}
	if want := time.Unix(ts, 0).UTC().Format(time.DateOnly); auth.Date != want {
		return acc, apiError("AuthFailure.SignatureFailure", "the credential date %s is not the UTC date of X-TC-Timestamp (%s)", auth.Date, want)
	}
	var signAction bool
	switch auth.SignedHeaders {
	case tc3.HeadersBasic:
	case tc3.HeadersWithAction:
		signAction = true
	default:
		return acc, apiError("AuthFailure.SignatureFailure", "SignedHeaders %q is not supported; sign content-type;host (optionally ;x-tc-action)", auth.SignedHeaders)
	}
	req := &tc3.Request{
		Method: r.Method, Host: r.Host, Path: "/", ContentType: r.Header.Get("Content-Type"),
		Action: action, SignAction: signAction, Payload: body, Timestamp: ts,
	}
	if !acc.signer.Verify(req, auth.Signature) {
		return acc, apiError("AuthFailure.SignatureFailure", "the signature does not match; check the SecretKey and that the body, Host and Content-Type are sent exactly as signed")
	}
	return acc, nil
}

func (s *Server) pruneTokens(now time.Time) {
	for k, e := range s.tokens {
		if !now.Before(e.expires) {
			delete(s.tokens, k)
		}
	}
}

// newRequestID returns a deterministic UUID-shaped request ID.
func (s *Server) newRequestID() string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", s.reqIDs.Add(1))
}

// successBody is {"Response": {<fields of resp>, "RequestId": ...}}.
func (s *Server) successBody(resp any) []byte {
	fields := []byte("{}")
	if resp != nil {
		var err error
		if fields, err = json.Marshal(resp); err != nil {
			panic(fmt.Sprintf("imtest: encoding a response: %v", err)) // a bug in the server
		}
	}
	var b bytes.Buffer
	b.WriteString(`{"Response":`)
	b.Write(fields[:len(fields)-1])
	if len(fields) > 2 {
		b.WriteByte(',')
	}
	fmt.Fprintf(&b, `"RequestId":%q}}`, s.newRequestID())
	return b.Bytes()
}

// errorOutcome is the answer for err, which should be an *client.APIError.
// It needs no lock.
func (s *Server) errorOutcome(err error) outcome {
	var ae *client.APIError
	if !errors.As(err, &ae) {
		ae = &client.APIError{Code: "InternalError", Message: err.Error()}
	}
	body, _ := json.Marshal(map[string]any{"Response": map[string]any{
		"Error":     map[string]string{"Code": ae.Code, "Message": ae.Message},
		"RequestId": s.newRequestID(),
	}})
	out := outcome{status: wire.StatusForCode(ae.Code), body: body, code: ae.Code}
	if out.status == http.StatusTooManyRequests {
		out.retryAfter = time.Second
	}
	return out
}
