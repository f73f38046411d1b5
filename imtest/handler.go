package imtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/rules"
	"github.com/imconsole/imconsole/internal/tc3"
)

// maxBodyBytes bounds a request body.
const maxBodyBytes = 4 << 20

// maxTimestampSkew is how far X-TC-Timestamp may be from the server clock.
const maxTimestampSkew = 300 * time.Second

// maxMessage bounds an error message answered: messages quote what the
// caller sent, and the server never echoes unbounded input. It leaves room
// for the longest values the rules quote (a ClickAction.Url just over its
// 1 024 characters).
const maxMessage = 4 << 10

// call is one authenticated action being handled, with s.mu held.
type call struct {
	action  string
	account *account
	req     any // the decoded and validated body, a pointer to the action's request type
	now     time.Time
}

// action is one console action: the request type its body decodes into
// and what it does with it, with s.mu held.
type action struct {
	decode func(name string, body []byte) (req any, token string, err error)
	run    func(c *call) (any, error)
	// appFirst, when set, returns the app a request's validation would
	// open credentials for (0 for none): that app is looked up before the
	// request is validated, so a .p12 is only ever opened for an app the
	// caller can see.
	appFirst func(req any) uint64
}

// handler is the action that decodes each body into a new R (see
// decodeRequest) and runs run on it once it is valid.
func handler[R any](run func(c *call, req *R) (any, error)) action {
	return action{
		decode: func(name string, body []byte) (any, string, error) {
			req := new(R)
			tok, err := decodeRequest(name, body, req)
			return req, tok, err
		},
		run: func(c *call) (any, error) { return run(c, c.req.(*R)) },
	}
}

// apiError is the error an action answers.
func apiError(code, format string, args ...any) error {
	return &client.APIError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// decodeRequest is the one decoder of console request bodies. It
// unmarshals body into v strictly, as Tencent's API 3.0 does: a body that
// is not one JSON object (anything but white space after it included) or
// has a value of the wrong type is InvalidParameter, and so is one of more
// than maxValues values (counted before decoding); a field v does not
// have, at any depth, is UnknownParameter, a name in another case
// included (encoding/json would match it; checkNames does not). It
// returns the request's ClientToken (every write request embeds
// client.Idempotency), refusing one that is not at most 64 printable
// ASCII characters with InvalidParameterValue.ClientToken.
func decodeRequest(name string, body []byte, v any) (string, error) {
	switch k, unknown, err := checkNames(bytes.NewReader(body), v); {
	case errors.Is(err, errTrailing):
		return "", apiError("InvalidParameter", "the body of %s has data after its JSON object; send exactly one JSON object", name)
	case errors.Is(err, errTooMany):
		return "", apiError("InvalidParameter", "the body of %s has more than %d values, more than any request has; send fewer", name, maxValues)
	case errors.Is(err, errNotObject):
		return "", apiError("InvalidParameter", "the body of %s is not a JSON object; send one, {} for no parameters", name)
	case err != nil:
		return "", apiError("InvalidParameter", "the body of %s is not valid: %v", name, err)
	case unknown:
		return "", apiError("UnknownParameter", "the body of %s has the unknown parameter %q (parameter names are case-sensitive)", name, clip(k, maxLogged))
	}
	if err := json.Unmarshal(body, v); err != nil {
		return "", apiError("InvalidParameter", "the body of %s is not valid: %v", name, err)
	}
	var tok string
	if f := reflect.ValueOf(v).Elem().FieldByName("ClientToken"); f.Kind() == reflect.String {
		tok = f.String()
	}
	if code, msg := rules.CheckClientToken(tok); code != "" {
		return "", apiError(code, "%s", msg)
	}
	return tok, nil
}

// sdkAppIDOf is the app a decoded request names: its SDKAppID field, or
// the IM app a Tag API request names (namedApp); 0 when it names none.
func sdkAppIDOf(req any) uint64 {
	if n, ok := req.(interface{ namedApp() uint64 }); ok {
		return n.namedApp()
	}
	if f := reflect.ValueOf(req).Elem().FieldByName("SDKAppID"); f.Kind() == reflect.Uint64 {
		return f.Uint()
	}
	return 0
}

// validate runs v's ValidateAt at the server's time, or its Validate, when
// it has one: the same checks the client runs before sending.
func validate(v any, now time.Time) error {
	switch vv := v.(type) {
	case interface{ ValidateAt(time.Time) error }:
		return vv.ValidateAt(now) // checks that depend on time follow the server clock
	case interface{ Validate() error }:
		return vv.Validate()
	}
	return nil
}

// clip cuts s to at most n bytes (on a rune boundary), marking the cut.
// Invalid UTF-8 becomes U+FFFD first, so the clipped text stays within n
// bytes once JSON, which writes each invalid byte as U+FFFD, carries it.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
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
	plain      bool // body is text, a gateway's error page
}

// contentType is the Content-Type of the answer.
func (o outcome) contentType() string {
	if o.plain {
		return "text/plain; charset=utf-8"
	}
	return "application/json"
}

// ServeHTTP serves the API 3.0 services on POST / and the IM REST API
// under /v4/. Like Tencent, it answers every request it processes with
// HTTP 200 and the API 3.0 envelope (the REST envelope under /v4/), errors
// included; only what Tencent's gateway refuses before any service sees
// it answers another status: on "/" a method other than POST or GET (405)
// or a body over 4 MiB (413), and anywhere an injected Fault.HTTPStatus
// (or a REST API fault's non-numeric Code). Under /v4/ a method other
// than POST, GET included, is HTTP 200 with ErrorCode 60002.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/v4/") {
		s.serveV4(w, r)
		return
	}
	start := time.Now()
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	action := r.Header.Get("X-TC-Action")
	rec := RecordedRequest{Path: r.URL.Path, Action: action, Region: r.Header.Get("X-TC-Region")}

	var out outcome
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(readErr, &tooLarge):
		out = s.errorOutcome(apiError("RequestSizeLimitExceeded", "the body is over %d bytes; send a smaller request", maxBodyBytes))
		out.status = http.StatusRequestEntityTooLarge
	case readErr != nil:
		out = s.errorOutcome(apiError("InvalidParameter", "the body could not be read (at most %d bytes): %v", maxBodyBytes, readErr))
	default:
		out = s.handle(r, action, body, &rec)
	}
	rec.Status, rec.Code, rec.Replayed = out.status, out.code, out.replayed
	s.finish(r, rec, start, out.latency, out.lose)
	w.Header().Set("Content-Type", out.contentType())
	setRetryAfter(w, out.retryAfter)
	w.WriteHeader(out.status)
	_, _ = w.Write(out.body)
}

// finish records and logs a request, waits any injected latency, and
// closes the connection instead of answering when the response is to be
// lost. The caller then writes the answer.
func (s *Server) finish(r *http.Request, rec RecordedRequest, start time.Time, latency time.Duration, lose bool) {
	s.mu.Lock()
	rec.Time, rec.Lost = s.nowLocked(), lose
	s.record(rec)
	s.mu.Unlock()
	if s.logger != nil {
		s.logger.LogAttrs(r.Context(), slog.LevelInfo, "imtest request",
			slog.String("path", clip(r.URL.Path, maxLogged)), slog.String("action", clip(rec.Action, maxLogged)),
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

// setRetryAfter sets the Retry-After header of an injected fault's
// answer to d in whole seconds, rounded up; none for 0.
func setRetryAfter(w http.ResponseWriter, d time.Duration) {
	if d > 0 {
		secs := d / time.Second // rounded up below; d+time.Second-1 would overflow near math.MaxInt64
		if d%time.Second != 0 {
			secs++
		}
		w.Header().Set("Retry-After", strconv.FormatInt(int64(secs), 10))
	}
}

// maxLogged bounds the path and action of a log line.
const maxLogged = 256

// handle authenticates, routes and runs one action: of the service the
// signature's credential scope names, at that service's version. Only the
// account lookup and the action itself hold s.mu: the signature is
// checked and the body decoded and validated (which may open a .p12)
// outside it. A request's body is recorded once it authenticated, and its
// ClientToken once the body decoded; only a request that passed
// validation and reached the action is remembered under its ClientToken,
// so a refused one can be corrected and sent again with the same token.
func (s *Server) handle(r *http.Request, name string, body []byte, rec *RecordedRequest) outcome {
	if r.Method != http.MethodPost || r.URL.Path != "/" {
		out := s.errorOutcome(apiError("UnsupportedOperation.Method", "use POST / with a JSON body; got %s %s", r.Method, clip(r.URL.Path, maxLogged)))
		if r.Method != http.MethodPost && r.Method != http.MethodGet {
			out.status = http.StatusMethodNotAllowed // the gateway serves POST and GET only
		}
		return out
	}
	if name == "" {
		return s.errorOutcome(apiError("MissingParameter", "the X-TC-Action header is required"))
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return s.errorOutcome(apiError("InvalidParameter.ContentType", "Content-Type %q is not supported; send application/json", ct))
	}

	acc, service, now, err := s.authenticate(r, name, body)
	if acc != nil {
		rec.SecretID = acc.secretID
	}
	if err != nil {
		return s.errorOutcome(err)
	}
	rec.Body, rec.Service = body, service
	// A fault applies once the request authenticated, before its version,
	// action and body are looked at (as the REST API's does).
	s.mu.Lock()
	f := s.takeFault(name)
	s.mu.Unlock()
	if f == nil {
		f = &Fault{}
	}
	faulted := func(out outcome) outcome {
		out.lose, out.latency = f.LoseResponse, f.Latency
		return out
	}
	if (f.Code != "" || f.HTTPStatus != 0) && !f.LoseResponse {
		out := f.outcome(s)
		out.retryAfter, out.latency = f.RetryAfter, f.Latency
		return out
	}
	act, err := s.route(service, r.Header.Get("X-TC-Version"), name)
	if err != nil {
		return faulted(s.errorOutcome(err))
	}
	req, token, err := act.decode(name, body)
	if err != nil {
		return faulted(s.errorOutcome(err))
	}
	rec.ClientToken, rec.SDKAppID = token, sdkAppIDOf(req)
	c := &call{action: name, account: acc, req: req, now: now}
	key, hash := tokenKey{acc.secretID, name, token}, sha256.Sum256(body)

	// now is when the request arrived (its signature's skew was judged
	// then); each time the lock is taken again the clock is read again, so
	// that the state always sees it move forward, an Advance meanwhile
	// included.
	s.mu.Lock()
	now = s.nowLocked()
	c.now = now
	if out, ok := s.rememberedLocked(key, hash, now); ok {
		s.mu.Unlock()
		return faulted(out)
	}
	if act.appFirst != nil {
		if id := act.appFirst(req); id != 0 {
			_, err = s.appOf(c, id)
		}
	}
	s.mu.Unlock()
	if err == nil {
		err = validate(req, now)
	}
	if err != nil {
		return faulted(s.errorOutcome(err))
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if token != "" {
		// A request with the same token may be running (an action can
		// release the lock to open a .p12): wait for its answer.
		for s.inflight[key] != nil {
			done := s.inflight[key]
			s.mu.Unlock()
			select {
			case <-done:
			case <-r.Context().Done():
			}
			s.mu.Lock()
			if r.Context().Err() != nil {
				return faulted(s.errorOutcome(apiError("InternalError", "the request was canceled while one with the same ClientToken was running; retry it")))
			}
		}
	}
	now = s.nowLocked()
	c.now = now
	if token != "" {
		if out, ok := s.rememberedLocked(key, hash, now); ok {
			return faulted(out)
		}
		done := make(chan struct{})
		s.inflight[key] = done
		defer func() { delete(s.inflight, key); close(done) }()
	}
	resp, err := act.run(c)
	var out outcome
	if err != nil {
		out = s.errorOutcome(err)
	} else {
		out = outcome{status: http.StatusOK, body: s.successBody(resp)}
	}
	if token != "" {
		now := s.nowLocked() // the action may have released the lock; the store keeps expiry order
		s.tokensOf(key.account).remember(key, &tokenEntry{bodyHash: hash, status: out.status, response: out.body, expires: now.Add(tokenTTL)}, now)
	}
	return faulted(out)
}

// rememberedLocked is the answer remembered under key: the same response
// for the same body, InvalidParameterValue.ClientToken for another body.
// ok is false when nothing is remembered.
func (s *Server) rememberedLocked(key tokenKey, hash [32]byte, now time.Time) (outcome, bool) {
	if key.token == "" {
		return outcome{}, false
	}
	e := s.tokensOf(key.account).entries[key]
	if e == nil || !now.Before(e.expires) {
		return outcome{}, false
	}
	if e.bodyHash != hash {
		return s.errorOutcome(apiError("InvalidParameterValue.ClientToken", "this ClientToken was already used for a different %s request; use a new token for a new request", key.action)), true
	}
	return outcome{status: e.status, body: e.response, replayed: true}, true
}

// unlocked runs f with s.mu released, for an action's expensive work on
// the request's own data (opening a .p12) that must not stall other
// callers; what the action read from the server's state before may have
// changed when f returns, and c's time is read again then, as each time
// the lock is taken.
func (s *Server) unlocked(c *call, f func()) {
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		c.now = s.nowLocked()
	}()
	f()
}

// authenticate checks the TC3-HMAC-SHA256 signature and returns the account
// of its SecretId, the service its credential scope names and the
// server's time the request is handled at.
//
// It holds s.mu only to read the clock and look the account up. The
// signature, a hash of the whole body (up to 4 MiB, twice when Host has a
// port), is computed without it, so that forged large requests under a
// known SecretId hold up no other caller. That needs no lock: an account
// never changes once made (none is deleted, no key is rotated), its
// signers are made before it is put in s.accounts and only read after,
// and a tc3.Signer is safe for concurrent use (each Verify takes its own
// keyed HMAC and scratch buffer from the signer's sync.Pool). A request
// thus verifies with the key of the account it looked up: were keys ever
// rotated, a rotation must put in new signers, not change them, and a
// request racing it would be checked against the key it arrived under.
func (s *Server) authenticate(r *http.Request, action string, body []byte) (acc *account, service string, now time.Time, err error) {
	auth, err := tc3.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return nil, "", now, apiError("AuthFailure.InvalidAuthorization", "%v", err)
	}
	s.mu.Lock()
	now, acc = s.nowLocked(), s.accounts[auth.SecretID]
	s.mu.Unlock()
	if acc == nil {
		return nil, "", now, apiError("AuthFailure.SecretIdNotFound", "SecretId %s does not exist; check the credentials you pass to client.WithCredentials", clip(auth.SecretID, maxLogged))
	}
	service, err = acc.verify(r, auth, action, body, now)
	return acc, service, now, err
}

// verify checks a request's signature with the account's key, at the
// server's time now, and returns the service its credential scope names.
// It reads only what never changes in acc, so it needs no lock.
func (acc *account) verify(r *http.Request, auth tc3.Authorization, action string, body []byte, now time.Time) (string, error) {
	ts, err := strconv.ParseInt(r.Header.Get("X-TC-Timestamp"), 10, 64)
	if err != nil {
		return "", apiError("MissingParameter", "X-TC-Timestamp must be the Unix time in seconds")
	}
	if skew := now.Sub(time.Unix(ts, 0)); skew > maxTimestampSkew || skew < -maxTimestampSkew {
		return "", apiError("AuthFailure.SignatureExpire", "X-TC-Timestamp %d is %s away from the server time %d (at most 300 s allowed); sync your clock, or against imtest sign on the server's clock (client.WithClock(srv.Now), as srv.Console and srv.Client do)", ts, skew.Round(time.Second), now.Unix())
	}
	signer := acc.signers[auth.Service]
	if signer == nil {
		return "", apiError("AuthFailure.SignatureFailure", "the credential scope names service %q; sign for one this server serves: %s", clip(auth.Service, maxLogged), strings.Join(servedServices(), ", "))
	}
	if want := time.Unix(ts, 0).UTC().Format(time.DateOnly); auth.Date != want {
		return "", apiError("AuthFailure.SignatureFailure", "the credential date %s is not the UTC date of X-TC-Timestamp (%s)", auth.Date, want)
	}
	names, err := tc3.ParseSignedHeaders(auth.SignedHeaders)
	if err != nil {
		return "", apiError("AuthFailure.SignatureFailure", "SignedHeaders %q: %v", clip(auth.SignedHeaders, maxLogged), err)
	}
	req := signedRequest(r, names, action, body, ts)
	ok := signer.Verify(req, auth.Signature)
	if host, _, err := net.SplitHostPort(r.Host); !ok && err == nil {
		// Tencent's Node.js SDK sends the port in Host but signs the host name alone.
		for i := range req.Headers {
			if req.Headers[i].Name == "host" {
				req.Headers[i].Value = host
			}
		}
		ok = signer.Verify(req, auth.Signature)
	}
	if !ok {
		return "", apiError("AuthFailure.SignatureFailure", "the signature does not match; check the SecretKey and that the body, Host, Content-Type and every other header SignedHeaders names are sent exactly as signed")
	}
	return auth.Service, nil
}

// signedRequest is what r's signature covers: each header names lists,
// as r carries it, host the Host header and x-tc-action the action.
func signedRequest(r *http.Request, names []string, action string, body []byte, ts int64) *tc3.Request {
	req := &tc3.Request{Method: r.Method, Path: "/", Payload: body, Timestamp: ts, Headers: make([]tc3.Header, len(names))}
	for i, n := range names {
		v := r.Header.Get(n)
		switch n {
		case "host":
			v = r.Host
		case "x-tc-action":
			v = action
		}
		req.Headers[i] = tc3.Header{Name: n, Value: v}
	}
	return req
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

// errorOutcome is the answer for err, which should be an *client.APIError:
// HTTP 200 with the error envelope, as Tencent answers every error. It
// needs no lock.
func (s *Server) errorOutcome(err error) outcome {
	var ae *client.APIError
	if !errors.As(err, &ae) {
		ae = &client.APIError{Code: "InternalError", Message: err.Error()}
	}
	body, _ := json.Marshal(map[string]any{"Response": map[string]any{
		"Error":     map[string]string{"Code": ae.Code, "Message": clip(ae.Message, maxMessage)},
		"RequestId": s.newRequestID(),
	}})
	return outcome{status: http.StatusOK, body: body, code: ae.Code}
}
