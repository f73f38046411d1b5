package imtest

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/option"
	"github.com/imconsole/imconsole/internal/tc3"
)

// Server is an in-process reference IM console API. All state lives on the
// Server, guarded by one mutex: servers are independent and safe for
// concurrent use.
type Server struct {
	mu sync.Mutex

	base    func() time.Time // the clock before Advance
	offset  time.Duration    // what Advance added
	logger  *slog.Logger
	actions map[string]action            // the console protocol's (service im); set up by New, read-only after
	cloud   map[string]map[string]action // cim, cam and tag (cloud.go), by service then action; read-only too

	accounts   map[string]*account // by SecretId
	defaultAcc *account
	nextAcc    int
	apps       map[uint64]*appState
	nextAppID  uint64
	nextCertID uint64 // certs.go
	reqIDs     atomic.Uint64
	tokens     map[string]*tokenStore     // remembered ClientToken answers, by account (SecretId)
	inflight   map[tokenKey]chan struct{} // ClientTokens of actions running, closed when answered
	faults     []*Fault
	requests   []RecordedRequest
	recorded   int // bytes of requests (record.go)

	v4RateLimit *int // nil: Tencent's default per command (v4.go); 0: off
	timeouts    timeouts
	callbacks   callbacks // callbacks.go

	httpServer *http.Server
	url        string
}

// Option configures a Server. Options are applied in order by New and
// NewServer; a nil Option is ignored.
type Option func(*config) error

type config struct {
	now                 func() time.Time
	secretID, secretKey string
	logger              *slog.Logger
	v4RateLimit         *int
	timeouts            timeouts // zero fields: the defaults
	callback            callbackOptions
}

// WithClock sets the server's clock (default time.Now): it is called on
// every Now, and the server's time is what it returns plus what Advance
// added. A function returning a fixed time freezes the server's time
// except for Advance, for fully deterministic runs; time.Now lets it run
// with real time. It fails for a nil function.
func WithClock(now func() time.Time) Option {
	return option.Check(now == nil,
		errors.New("imtest: WithClock needs a non-nil function"),
		func(c *config) { c.now = now })
}

// WithCredentials sets the SecretId and SecretKey of the default account
// (default: generated, see Credentials). It fails when either is empty.
func WithCredentials(secretID, secretKey string) Option {
	return option.Check(secretID == "" || secretKey == "",
		errors.New("imtest: WithCredentials needs a non-empty SecretId and SecretKey"),
		func(c *config) { c.secretID, c.secretKey = secretID, secretKey })
}

// WithLogger logs one line per request: path, action, HTTP status, error
// code and duration; and, at Error, a started server whose listener
// stopped accepting (its URL then answers nothing). Bodies and
// credentials are never logged.
func WithLogger(l *slog.Logger) Option {
	return option.Set(func(c *config) { c.logger = l })
}

// WithV4RateLimit sets the IM REST API (/v4/...) rate limit of every
// command to perSecond calls per app per second of server time; 0 turns
// the limit off (benchmarks, load tests). Without it each command has
// Tencent's default: 200/s, 100/s for multiaccount_import,
// account_check and account_delete, and 1/s for get_appid_group_list. A
// call over the limit is answered with 60007. It fails for a negative
// rate.
func WithV4RateLimit(perSecond int) Option {
	return option.Check(perSecond < 0,
		fmt.Errorf("imtest: WithV4RateLimit(%d): use a rate of at least 1 per second, or 0 for no limit", perSecond),
		func(c *config) { c.v4RateLimit = &perSecond })
}

// Timeouts of a started server (Start, NewServer, cmd/imref), so that a
// slow or idle client cannot hold a connection forever.
const (
	// ReadHeaderTimeout bounds reading a request's headers.
	ReadHeaderTimeout = 10 * time.Second
	// ReadTimeout bounds reading a whole request, headers and body (at
	// most 4 MiB): a client that trickles its body is cut off after it.
	ReadTimeout = 30 * time.Second
	// WriteTimeout bounds a request from the end of its headers to the end
	// of the answer, an injected Fault.Latency included: a Latency longer
	// than about 2 minutes loses the response.
	WriteTimeout = 2 * time.Minute
	// IdleTimeout closes a keep-alive connection idle for this long.
	IdleTimeout = 30 * time.Second
	// MaxHeaderBytes bounds a request's headers and URL (a UserSig in the
	// query is well under 1 KiB).
	MaxHeaderBytes = 64 << 10
)

// timeouts are the connection timeouts of a started server.
type timeouts struct{ read, write, idle time.Duration }

// WithTimeouts sets the ReadTimeout, WriteTimeout and IdleTimeout of the
// server Start starts (a duration of 0 or less keeps the default), for
// tests of slow clients.
func WithTimeouts(read, write, idle time.Duration) Option {
	return option.Set(func(c *config) {
		c.timeouts = timeouts{read: max(read, 0), write: max(write, 0), idle: max(idle, 0)}
	})
}

// account is one Tencent Cloud account; each has one SecretId. It never
// changes once made, so requests check signatures with it without s.mu
// (authenticate).
type account struct {
	secretID  string
	secretKey string
	info      AccountInfo
	signers   map[string]*tc3.Signer // by service: verify its requests, caching the derived key per day
}

// AccountInfo is who an account is, as cam GetUserAppId answers it: every
// imtest account is a root account, so Uin and OwnerUin are the same.
type AccountInfo struct {
	Uin      string // the account's UIN
	OwnerUin string // the root account's UIN
	AppID    uint64 // the account's APPID
}

// Resource is the Tag API's name of one of the account's IM apps:
// qcs::im::uin/<OwnerUin>:sdkappid/<sdkAppID>.
func (a AccountInfo) Resource(sdkAppID uint64) string {
	return fmt.Sprintf("qcs::im::uin/%s:sdkappid/%d", a.OwnerUin, sdkAppID)
}

// newAccount makes the n-th account (1 for the default one): its UIN and
// APPID follow from n, so they are stable across runs.
func newAccount(n int, secretID, secretKey string) *account {
	uin := strconv.FormatUint(firstUin+uint64(n), 10)
	a := &account{
		secretID: secretID, secretKey: secretKey,
		info:    AccountInfo{Uin: uin, OwnerUin: uin, AppID: firstAccountAppID + uint64(n)},
		signers: map[string]*tc3.Signer{},
	}
	for _, name := range servedServices() {
		a.signers[name] = tc3.NewSigner(secretID, secretKey, name)
	}
	return a
}

// The first UIN and APPID, less one: accounts count from 1.
const (
	firstUin          = 100000000000
	firstAccountAppID = 1250000000
)

// New returns a Server that is not listening yet: mount Handler() in your
// own http.Server, or call Start. In tests use NewServer. It fails only for
// an invalid option.
func New(opts ...Option) (*Server, error) {
	cfg := config{now: time.Now}
	if err := option.Apply(&cfg, opts); err != nil {
		return nil, err
	}
	s := &Server{
		base:        cfg.now,
		logger:      cfg.logger,
		v4RateLimit: cfg.v4RateLimit,
		callbacks:   newCallbacks(cfg.callback),
		accounts:    map[string]*account{},
		apps:        map[uint64]*appState{},
		nextAppID:   firstAppID,
		nextCertID:  firstCertificateID,
		tokens:      map[string]*tokenStore{},
		inflight:    map[tokenKey]chan struct{}{},
		timeouts: timeouts{
			read:  cmp.Or(cfg.timeouts.read, ReadTimeout),
			write: cmp.Or(cfg.timeouts.write, WriteTimeout),
			idle:  cmp.Or(cfg.timeouts.idle, IdleTimeout),
		},
	}
	s.actions = map[string]action{}
	s.registerAppActions()
	s.registerAdminActions()
	s.registerCertActions()
	s.registerCloudActions()
	if cfg.secretID != "" {
		s.nextAcc++ // NewAccount numbers its accounts as if the default were generated
		s.defaultAcc = newAccount(s.nextAcc, cfg.secretID, cfg.secretKey)
		s.accounts[cfg.secretID] = s.defaultAcc
	} else {
		s.defaultAcc = s.newAccountLocked()
	}
	return s, nil
}

// Listen is New and Start in one call, for programs (cmd/imref, examples):
// a Server serving on addr ("host:port"; port 0 picks a free one). It fails
// for an invalid option or when addr cannot be listened on. Close it when
// done.
func Listen(addr string, opts ...Option) (*Server, error) {
	s, err := New(opts...)
	if err != nil {
		return nil, err
	}
	if err := s.Start(addr); err != nil {
		return nil, err
	}
	return s, nil
}

// NewServer starts a Server on a loopback port and closes it when the test
// ends. Its Console() is ready to use. An invalid option or a failure to
// listen fails the test.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Listen("127.0.0.1:0", opts...)
	if err != nil {
		t.Fatalf("imtest: NewServer: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start serves the API on addr ("host:port"; port 0 picks a free one) in
// the background, with the timeouts and header limit above. URL reports
// where. It fails when addr cannot be listened on, and when the server was
// already started (by Start, Serve, Listen or NewServer): one Server
// serves on one address, which Close and Shutdown stop.
func (s *Server) Start(addr string) error {
	if u := s.URL(); u != "" {
		return errServing("Start", u)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("imtest: Start: listening on %s: %w; give a free host:port, or port 0 to pick one", addr, err)
	}
	srv, err := s.use(l, "Start")
	if err != nil {
		l.Close()
		return err
	}
	go s.serve(srv, l)
	return nil
}

// Serve serves the API on l, a listener of the caller's (a TLS or Unix
// socket one, say), as Start does on the address it listens on, and
// blocks until Close or Shutdown, when it returns http.ErrServerClosed, or
// until l stops accepting for good, when it returns that error. URL is
// "http://" and l's address. It fails at once when the server was
// already started.
func (s *Server) Serve(l net.Listener) error {
	srv, err := s.use(l, "Serve")
	if err != nil {
		return err
	}
	return srv.Serve(l)
}

// use makes l the server's one listener, for fn (Start or Serve), and
// returns the http.Server to run on it.
func (s *Server) use(l net.Listener, fn string) (*http.Server, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.url != "" {
		return nil, errServing(fn, s.url)
	}
	s.httpServer = s.newHTTPServer()
	s.url = "http://" + l.Addr().String()
	return s.httpServer, nil
}

// errServing is fn's refusal to start a server already serving on url.
func errServing(fn, url string) error {
	return fmt.Errorf("imtest: %s: the server is already serving on %s; use its URL, or New for another server", fn, url)
}

// newHTTPServer is the http.Server Start runs s in: the timeouts and
// header limit above.
func (s *Server) newHTTPServer() *http.Server {
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       s.timeouts.read,
		WriteTimeout:      s.timeouts.write,
		IdleTimeout:       s.timeouts.idle,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
}

// serve runs srv on l for Start until Close or Shutdown. Serve ends on
// its own only when l stops accepting for good; that is logged
// (WithLogger) at Error, since the server's URL then answers nothing.
func (s *Server) serve(srv *http.Server, l net.Listener) {
	err := srv.Serve(l)
	if !errors.Is(err, http.ErrServerClosed) && s.logger != nil {
		s.logger.LogAttrs(context.Background(), slog.LevelError, "imtest stopped serving",
			slog.String("url", "http://"+l.Addr().String()), slog.String("error", err.Error()))
	}
}

// errNotListening is the error of fn, a helper that builds a client of
// the started server, on a server that is not listening; with names the
// option that points a client elsewhere.
func errNotListening(fn, with string) error {
	return fmt.Errorf("imtest: %s: the server is not listening: call Start, or use NewServer in tests; for a Handler mounted in a server of your own, build the client with that server's URL (%s)", fn, with)
}

// Close stops a started server at once, and ends its callbacks: a
// delivery in flight is cancelled (recorded as not answered), none is
// sent after, and the connections kept to callback URLs are closed. Call
// it also for a server you only mounted (Handler) that sends callbacks,
// so that no connection outlives it. NewServer calls it when the test
// ends.
func (s *Server) Close() {
	if srv := s.started(); srv != nil {
		_ = srv.Close()
	}
	s.callbacks.stop()
}

// Shutdown stops a started server gracefully, waiting for requests in
// flight (and their callbacks) until ctx ends, then ends the callbacks as
// Close does. It returns ctx's error when requests were still running as
// ctx ended (as http.Server.Shutdown does), and nil for a server never
// started.
func (s *Server) Shutdown(ctx context.Context) error {
	defer s.callbacks.stop()
	if srv := s.started(); srv != nil {
		return srv.Shutdown(ctx)
	}
	return nil
}

func (s *Server) started() *http.Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.httpServer
}

// URL is the base URL of a started server ("" before Start).
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// String describes the server by its URL ("" before Start) and the
// default account's SecretId, never a secret it holds.
func (s *Server) String() string {
	id, _ := s.Credentials()
	return "imtest.Server{URL: " + s.URL() + ", SecretId: " + id + ", SecretKey: [redacted]}"
}

// GoString is String, so %#v does not print a secret either.
func (s *Server) GoString() string { return s.String() }

// Format prints String with the verb and flags given (GoString for %#v),
// so that no verb walks the server's fields: %s, %d or %t would print the
// account keys, app keys, callback tokens and recorded bodies it holds.
func (s *Server) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, s.GoString())
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), s.String())
}

// Handler returns the server as an http.Handler, to mount elsewhere: at
// the root of a server of your own, or under a prefix with
// http.StripPrefix, given to clients with the prefix
// (client.WithEndpoint(url+"/im"), restapi.WithBaseURL(url+"/im")).
func (s *Server) Handler() http.Handler { return s }

// Credentials returns the SecretId and SecretKey of the default account.
func (s *Server) Credentials() (secretID, secretKey string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.defaultAcc.secretID, s.defaultAcc.secretKey
}

// NewAccount creates another account and returns its credentials. Apps of
// one account are invisible to the others.
func (s *Server) NewAccount() (secretID, secretKey string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.newAccountLocked()
	return a.secretID, a.secretKey
}

// AccountInfo returns the UIN and APPID of the account of secretID (see
// Credentials and NewAccount), as cam GetUserAppId answers them. It fails
// for an unknown SecretId.
func (s *Server) AccountInfo(secretID string) (AccountInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[secretID]
	if a == nil {
		return AccountInfo{}, fmt.Errorf("imtest: AccountInfo: SecretId %s is not an account of this server; use Credentials or NewAccount", secretID)
	}
	return a.info, nil
}

func (s *Server) newAccountLocked() *account {
	s.nextAcc++
	a := newAccount(s.nextAcc, fmt.Sprintf("AKIDimtest%010d", s.nextAcc), randomHex(16))
	s.accounts[a.secretID] = a
	return a
}

// Client returns a client of the default account pointed at the started
// server, following the server's clock; opts are applied after those
// defaults (WithCredentials of NewAccount's credentials, WithoutRetries...).
// Each call builds a new client with its own connection pool, as
// client.New does: make one per test and share it (it is safe for
// concurrent use); Close ends the server's side of every connection.
// It fails before Start (the error says to Start the server or use
// client.WithEndpoint with a Handler of your own) and for an option
// client.New refuses.
func (s *Server) Client(opts ...client.Option) (*client.Client, error) {
	id, key := s.Credentials()
	url := s.URL()
	if url == "" {
		return nil, errNotListening("Client", "client.WithEndpoint")
	}
	all := append([]client.Option{
		client.WithEndpoint(url),
		client.WithCredentials(id, key),
		client.WithClock(s.Now),
		client.WithRetry(client.DefaultRetryMax, time.Millisecond, 50*time.Millisecond),
	}, opts...)
	return client.New(all...)
}

// Console returns a ready Console for the default account, over a new
// Client (see Client: make one per test and share it). It panics where
// Client fails: the server is not listening (NewServer guarantees it is)
// or an option is refused; call Client and imconsole.NewFromClient to
// get that error instead.
func (s *Server) Console(opts ...client.Option) *imconsole.Console {
	c, err := s.Client(opts...)
	if err != nil {
		panic(err)
	}
	return imconsole.NewFromClient(c)
}

// Now is the server's current time: its clock plus everything Advance added.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nowLocked()
}

func (s *Server) nowLocked() time.Time { return s.base().Add(s.offset) }

// Advance moves the server's clock forward by d; it panics for a negative
// d, as the clock never goes back. Time-driven transitions (packages
// expiring, Expired turning into Disabled after 24 hours and Arrears after
// 7 days, idempotency tokens and UserSigs expiring) follow. Clients from
// Client and Console follow the server's clock; other clients' requests
// are refused as skewed once the server is more than 300 s ahead of them.
// The clock stops at the longest offset a Duration holds (about 292
// years), never wrapping back.
func (s *Server) Advance(d time.Duration) {
	if d < 0 {
		panic("imtest: Advance needs a non-negative duration: the clock never goes back")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d > math.MaxInt64-s.offset {
		s.offset = math.MaxInt64
		return
	}
	s.offset += d
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
