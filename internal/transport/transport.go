// Package transport is the HTTP layer the client and restapi packages share:
// go-retryablehttp with a capped, jittered backoff, each answer's body read
// once (bounded) before the protocol decides whether to retry, a hook that
// re-signs each retry, and retry records that carry only what the protocol
// chooses to log. Each protocol keeps its own retry decision, as the Decide
// function it passes with every call.
package transport

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"reflect"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// MaxBody bounds how much of a response body is read.
const MaxBody = 8 << 20

// ErrTooLarge is returned for a response body over MaxBody bytes. Such an
// answer is not retried.
var ErrTooLarge = fmt.Errorf("the response is larger than %d bytes", MaxBody)

// ReadError is a failure to read a response body (the connection broke
// after the status line). Decide sees it as the error of the attempt.
type ReadError struct{ Err error }

// Error says the body could not be read, and why.
func (e *ReadError) Error() string { return "reading the response: " + e.Err.Error() }

// Unwrap returns the underlying read error.
func (e *ReadError) Unwrap() error { return e.Err }

// Unanswered wraps the error of a call one of whose attempts may have
// reached the server and got no answer read (the last, or an earlier one
// whose retries then failed, even to connect): its request was written whole (or,
// through an HTTP client that reports no httptrace events, it failed
// other than by dialling) before the network failed or the context
// ended. Whatever it asked may have been done.
type Unanswered struct{ Err error }

// Error is the underlying error's text.
func (e *Unanswered) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *Unanswered) Unwrap() error { return e.Err }

// IsDialError reports whether err is a failure to connect, so the request
// never reached the server.
func IsDialError(err error) bool {
	var oe *net.OpError
	return errors.As(err, &oe) && oe.Op == "dial"
}

// Reply is one answered attempt: its status, header and whole body.
type Reply struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	// Cut is set on the last answer of a call the protocol asked to
	// retry, when the wait before the retry would end after the
	// context's deadline: waiting would end in nothing but the
	// context's error, where this answer says why the call failed. Pass
	// the protocol's error for it through DeadlineCut.
	Cut bool
}

// NoRequest reports whether req, a call's request, is none: nil, or a
// nil pointer (which encoding/json would send as null). Both clients
// send {} for it.
func NoRequest(req any) bool {
	v := reflect.ValueOf(req)
	return !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil()
}

// DeadlineCut is err, the error of an answer whose retry was Cut, saying
// so and matching context.DeadlineExceeded too, as the call would have
// ended had it waited.
func DeadlineCut(err error) error {
	return fmt.Errorf("%w; not retried: the wait before the retry ends after the context's deadline (%w)", err, context.DeadlineExceeded)
}

// Decide is a protocol's retry decision after one attempt: try says which
// attempt, reply is the answer (nil when err is set), err a network or
// read error. It returns whether to try again and, for a wait the server
// asked for (Retry-After, a code that means "wait a minute"), how long; 0
// leaves the wait to the backoff. A retry follows only when try.Last is
// false. Decide is not called when ctx is done before the answer is read;
// when it ends while the body is read, Decide gets that read's error.
type Decide func(ctx context.Context, try Try, reply *Reply, err error) (retry bool, wait time.Duration)

// Try is which attempt of a call a decision is about.
type Try struct {
	N    int  // 1 for the first request, 2 for the first retry, ...
	Last bool // the retries are spent: no retry follows, whatever Decide says
}

// The retry policy both protocols default to: up to 3 retries, waiting
// 100 ms doubling up to 5 s (with jitter) between them.
const (
	DefaultRetryMax = 3
	DefaultWaitMin  = 100 * time.Millisecond
	DefaultWaitMax  = 5 * time.Second
)

// DefaultMaxIdleConnsPerHost is how many idle connections the default HTTP
// client keeps to its host: enough for a backend's fan-out over one shared
// client (64 concurrent callers measured in docs/performance.md) to reuse
// connections instead of dialling (and, to Tencent, handshaking TLS) for
// most calls. Idle connections close after 90 s unused.
const DefaultMaxIdleConnsPerHost = 100

// Config is what a Transport is built from. The protocols' options fill it
// through SetHTTPClient and SetRetry, which check what they are given.
type Config struct {
	HTTPClient *http.Client // nil: the default client (defaultHTTPClient)

	// MaxIdleConnsPerHost sizes the default client's pool of idle
	// connections; 0 is DefaultMaxIdleConnsPerHost. It never changes a
	// client the user brought.
	MaxIdleConnsPerHost int
	RetryMax            int // retries after the first attempt
	WaitMin             time.Duration
	WaitMax             time.Duration // also the cap on any wait the server asks for

	// Prepare, when set, refreshes a request before each retry (a new
	// timestamp and signature, a new UserSig and random). Its error ends
	// the call.
	Prepare func(*http.Request) error

	// Sleep, when set, waits out the backoff before each retry instead of
	// a timer: a test server's Sleep moves its clock instead of real time.
	// The backoff then has no jitter (the longest wait jitter would draw),
	// so that a simulated clock moves the same in every run. An error from
	// it (ctx ended) ends the call with ctx's error.
	Sleep func(ctx context.Context, d time.Duration) error
}

// DefaultConfig is the default retry policy with the default HTTP client.
func DefaultConfig() Config {
	return Config{RetryMax: DefaultRetryMax, WaitMin: DefaultWaitMin, WaitMax: DefaultWaitMax}
}

// SetHTTPClient sends requests through hc. It fails for a nil hc, or after
// SetMaxIdleConnsPerHost, with an error that starts with pkg ("imconsole",
// "restapi").
func (c *Config) SetHTTPClient(pkg string, hc *http.Client) error {
	if hc == nil {
		return errors.New(pkg + ": WithHTTPClient needs a non-nil *http.Client")
	}
	if c.MaxIdleConnsPerHost != 0 {
		return poolConflict(pkg)
	}
	c.HTTPClient = hc
	return nil
}

// SetMaxIdleConnsPerHost sizes the default client's pool of idle
// connections. It fails, with an error that starts with pkg, for n < 1 or
// after SetHTTPClient.
func (c *Config) SetMaxIdleConnsPerHost(pkg string, n int) error {
	if n < 1 {
		return fmt.Errorf("%s: WithMaxIdleConnsPerHost needs at least 1, not %d", pkg, n)
	}
	if c.HTTPClient != nil {
		return poolConflict(pkg)
	}
	c.MaxIdleConnsPerHost = n
	return nil
}

// poolConflict is the error of WithMaxIdleConnsPerHost with WithHTTPClient.
func poolConflict(pkg string) error {
	return errors.New(pkg + ": WithMaxIdleConnsPerHost sizes the default HTTP client; with WithHTTPClient, set MaxIdleConnsPerHost on your client's *http.Transport instead")
}

// SetRetry sets the retry count and backoff bounds. It fails, with an
// error that starts with pkg, for a negative max or wait, or maxWait below
// minWait.
func (c *Config) SetRetry(pkg string, max int, minWait, maxWait time.Duration) error {
	if max < 0 || minWait < 0 || maxWait < minWait {
		return errors.New(pkg + ": WithRetry needs max >= 0 and 0 <= minWait <= maxWait")
	}
	c.RetryMax, c.WaitMin, c.WaitMax = max, minWait, maxWait
	return nil
}

// Transport sends requests with retries. It is safe for concurrent use.
type Transport struct {
	cfg Config
}

// New returns a Transport for cfg. It cannot fail: the callers' options
// have checked the bounds already.
func New(cfg Config) *Transport {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = defaultHTTPClient(cmp.Or(cfg.MaxIdleConnsPerHost, DefaultMaxIdleConnsPerHost))
	}
	hc := *cfg.HTTPClient
	hc.Transport = keepIdle{cfg.HTTPClient}
	cfg.HTTPClient = &hc
	return &Transport{cfg: cfg}
}

// keepIdle is the round tripper of client c (its Transport, as it is at
// each request, else http.DefaultTransport) without CloseIdleConnections:
// go-retryablehttp closes its client's idle connections after every call
// that fails (retries spent on a 429, a lost connection, the context
// ending in a wait), which on a client shared by many callers would make
// all of them dial again, and to Tencent handshake TLS, just when the
// server is busiest.
type keepIdle struct{ c *http.Client }

// RoundTrip sends r through the client's round tripper.
func (k keepIdle) RoundTrip(r *http.Request) (*http.Response, error) {
	if rt := k.c.Transport; rt != nil {
		return rt.RoundTrip(r)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// defaultHTTPClient is a client with a 60 s timeout over a copy of
// http.DefaultTransport (its proxy, dial, TLS and HTTP/2 settings) that
// keeps up to perHost idle connections to a host, where net/http keeps 2.
// One SDK client calls one host, so the total is left unbounded. When
// http.DefaultTransport is not an *http.Transport (a test replaced it, as
// httpmock.Activate does), it is used as it is.
func defaultHTTPClient(perHost int) *http.Client {
	hc := &http.Client{Timeout: 60 * time.Second}
	if base, ok := http.DefaultTransport.(*http.Transport); ok {
		t := base.Clone()
		t.MaxIdleConns, t.MaxIdleConnsPerHost = 0, perHost
		hc.Transport = t
	}
	return hc
}

// call is the state of one Do: the last reply and the wait its Decide
// asked for, which the backoff reads.
type call struct {
	rc     retryablehttp.Client
	decide Decide
	ctx    context.Context // the request's, for sleep
	sleep  func(context.Context, time.Duration) error
	prep   func(*http.Request) error // Config.Prepare
	tries  int
	reply  *Reply
	wait   time.Duration // before the next retry, drawn once: what outlasts judges and backoff waits

	// What the attempt in flight is known to have done, for Unanswered.
	// The trace hooks may run on net/http's goroutines.
	traced  atomic.Bool // the HTTP client reports httptrace events
	wrote   atomic.Bool // this attempt's request was written whole
	pending bool        // an attempt was sent and no answer read since
	reached bool        // an earlier attempt failed after it may have reached the server
}

// Do sends req, retrying as decide says, and returns the last reply. The
// error is the context's when ctx ended, a network error (as net/http
// returns it), a *ReadError, ErrTooLarge, or what Prepare returned; a
// reply the protocol decided not to retry, or the last one when the
// retries ran out, comes back with a nil error. An error after any
// attempt's request may have reached the server unanswered is wrapped in
// *Unanswered, even when a later retry failed to connect.
func (t *Transport) Do(req *retryablehttp.Request, decide Decide) (*Reply, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err // nothing sent
	}
	c := &call{decide: decide, ctx: req.Context(), sleep: t.cfg.Sleep, prep: t.cfg.Prepare, pending: true}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		GetConn: func(string) { c.traced.Store(true) },
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				c.wrote.Store(true)
			}
		},
	}))
	c.rc = retryablehttp.Client{
		HTTPClient:   t.cfg.HTTPClient,
		RetryWaitMin: t.cfg.WaitMin,
		RetryWaitMax: t.cfg.WaitMax,
		RetryMax:     t.cfg.RetryMax,
		CheckRetry:   c.checkRetry,
		Backoff:      c.backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		PrepareRetry: c.prepare,
	}
	resp, err := c.rc.Do(req)
	if resp != nil {
		resp.Body.Close()
	}
	if err != nil {
		if c.reached || c.unanswered(err) {
			err = &Unanswered{Err: err}
		}
		return nil, err
	}
	return c.reply, nil
}

// unanswered reports whether the call's last attempt, which failed with
// err, may have reached the server: no answer has been read since it was
// sent, and it was written whole (a client that reports no trace: it
// failed other than by dialling).
func (c *call) unanswered(err error) bool {
	if !c.pending {
		return false
	}
	if c.traced.Load() {
		return c.wrote.Load()
	}
	return !IsDialError(err)
}

// checkRetry reads the body of an answer whole (so the decision and the
// caller use the same bytes) and asks the protocol.
func (c *call) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	c.reply = nil
	if err == nil {
		var reply *Reply
		reply, err = read(resp)
		if _, broken := errors.AsType[*ReadError](err); !broken {
			c.pending = false // answered, if too largely
		}
		if errors.Is(err, ErrTooLarge) {
			return false, err
		}
		c.reply = reply
	}
	if err != nil && c.unanswered(err) {
		c.reached = true // sticks: a retry that then cannot connect does not unsay it
	}
	c.tries++
	last := c.tries > c.rc.RetryMax
	retry, asked := c.decide(ctx, Try{N: c.tries, Last: last}, c.reply, err)
	c.wait = c.nextWait(asked, c.tries-1)
	if retry && !last && c.reply != nil && c.sleep == nil && c.outlasts(ctx) {
		c.reply.Cut = true
		return false, nil
	}
	return retry, err
}

// nextWait is the wait before retry number attempt+1: what Decide asked
// for, but never more than the maximum wait; otherwise jitter's wait, or
// with Sleep (a simulated clock, which no other client shares) the
// ceiling of it, so that the clock moves the same in every run.
func (c *call) nextWait(asked time.Duration, attempt int) time.Duration {
	switch {
	case asked > 0:
		return min(asked, c.rc.RetryWaitMax)
	case c.sleep != nil:
		return ceiling(c.rc.RetryWaitMin, c.rc.RetryWaitMax, attempt)
	}
	return jitter(c.rc.RetryWaitMin, c.rc.RetryWaitMax, attempt)
}

// outlasts reports whether the wait before the next retry ends after
// ctx's deadline.
func (c *call) outlasts(ctx context.Context) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < c.wait
}

// firstRead is the most read sets aside before a body's bytes arrive,
// whatever its Content-Length says; a longer body's buffer grows with
// what comes.
const firstRead = 64 << 10

// read reads resp's body whole, at most MaxBody bytes (one announced
// longer fails at once), and leaves an empty body in its place for
// go-retryablehttp to drain and close.
func read(resp *http.Response) (*Reply, error) {
	defer func() { resp.Body.Close(); resp.Body = http.NoBody }()
	if resp.ContentLength > MaxBody {
		return nil, ErrTooLarge
	}
	var raw []byte
	var err error
	if n := resp.ContentLength; n >= 0 && n <= firstRead {
		raw = make([]byte, n) // the usual answer: one allocation of its size
		_, err = io.ReadFull(resp.Body, raw)
	} else {
		raw, err = io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	}
	if err != nil {
		return nil, &ReadError{Err: err}
	}
	if len(raw) > MaxBody {
		return nil, ErrTooLarge
	}
	return &Reply{StatusCode: resp.StatusCode, Header: resp.Header, Body: raw}, nil
}

// prepare readies a retry once its wait is over: it ends the call with
// the context's error when the context ended meanwhile, since
// go-retryablehttp, when the wait and the context end together (always
// with Sleep, which leaves it no wait), picks either at random and would
// send a retry nobody waits for; then it runs Config.Prepare and counts
// the retry as sent.
func (c *call) prepare(r *http.Request) error {
	if err := r.Context().Err(); err != nil {
		return err
	}
	if c.prep != nil {
		if err := c.prep(r); err != nil {
			return err
		}
	}
	c.pending = true
	c.wrote.Store(false)
	return nil
}

// backoff waits the wait checkRetry drew (nextWait): with Sleep through
// it, returning 0 to go-retryablehttp.
func (c *call) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	if c.sleep != nil {
		_ = c.sleep(c.ctx, c.wait) // an ended ctx ends the call before the next try
		return 0
	}
	return c.wait
}

// ceiling is the longest wait before retry number attempt+1:
// waitMin·2^(attempt+1) capped at waitMax, and at least waitMin, so that
// even the first retry's wait has a range to spread clients over.
func ceiling(waitMin, waitMax time.Duration, attempt int) time.Duration {
	upper := waitMax
	if n := attempt + 1; n < 30 && waitMin<<n < waitMax && waitMin<<n > 0 {
		upper = waitMin << n
	}
	return max(upper, waitMin)
}

// jitter is the wait before retry number attempt+1 when the server asked
// for none: a random duration in [waitMin, ceiling) (full jitter).
func jitter(waitMin, waitMax time.Duration, attempt int) time.Duration {
	upper := ceiling(waitMin, waitMax, attempt)
	if upper <= waitMin {
		return waitMin
	}
	return waitMin + rand.N(upper-waitMin)
}

// RetryAfter is the wait a reply asks for in its Retry-After header
// (whole seconds; one too long for a Duration is the longest Duration),
// whatever its status: Tencent throttles with HTTP 200,
// so the protocol, which calls it only for a reply it retries, decides
// what the header applies to. It is 0 for a nil reply and a missing or
// malformed header.
func RetryAfter(r *Reply) time.Duration {
	if r == nil {
		return 0
	}
	s, err := strconv.ParseInt(r.Header.Get("Retry-After"), 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || s < 0 {
		return 0
	}
	if s > math.MaxInt64/int64(time.Second) { // ParseInt answers a larger number than int64 holds with MaxInt64
		return math.MaxInt64 // longer than any cap, which then applies
	}
	return time.Duration(s) * time.Second
}
