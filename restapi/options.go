package restapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/imconsole/imconsole/internal/option"
	"github.com/imconsole/imconsole/internal/rules"
	"github.com/imconsole/imconsole/internal/transport"
)

// Defaults of a Client.
const (
	// DefaultUserSigTTL is the validity of the admin UserSig the client
	// mints (Tencent recommends at least a day). It is renewed when a
	// fifth of it is left.
	DefaultUserSigTTL = 24 * time.Hour
	// DefaultRetryMax retries after the first attempt, waiting
	// DefaultRetryWaitMin doubling up to DefaultRetryWaitMax (with
	// jitter) between them, or what an answer's Retry-After asks; after
	// 70050 it waits the minute Tencent asks for; never more than the
	// maximum wait (so 5 s by default).
	DefaultRetryMax     = transport.DefaultRetryMax // 3
	DefaultRetryWaitMin = transport.DefaultWaitMin  // 100 ms
	DefaultRetryWaitMax = transport.DefaultWaitMax  // 5 s
	// DefaultMaxIdleConnsPerHost is how many idle connections the default
	// HTTP client keeps to the host (WithMaxIdleConnsPerHost changes it).
	DefaultMaxIdleConnsPerHost = transport.DefaultMaxIdleConnsPerHost // 100
)

// Option configures a Client.
type Option func(*config) error

type config struct {
	transport transport.Config // HTTP client and retry policy
	baseURL   string
	region    Region // "" unless WithRegion: China
	logger    *slog.Logger
	ttl       time.Duration
	now       func() time.Time
	rate      rateConfig // ratelimit.go
}

// WithRegion calls the REST API host of a data center (default China,
// console.tim.qq.com). Use the region the app was created in: an
// apps.Region is a Region, so WithRegion(app.Region) works as it is. It
// fails for an unknown region, and New fails when WithBaseURL is given
// too, in either order: pick one, WithRegion for Tencent's hosts.
func WithRegion(r Region) Option {
	return option.Check(r.Host() == "",
		fmt.Errorf("restapi: WithRegion: unknown region %q; use one of %s (restapi.China, restapi.Singapore ...)", string(r), rules.RegionList()),
		func(c *config) { c.region = r })
}

// WithBaseURL calls another server instead of a region's host: the URL of
// an imtest server (srv.URL()), a proxy, or "https://" + a BackupHost. It
// must be an http or https URL with no query and no user (a proxy's
// credentials go on WithHTTPClient's Transport); a path is kept as a
// prefix of /v4/... New fails when WithRegion is given too, in either
// order: pick one, WithBaseURL for imtest and proxies.
func WithBaseURL(base string) Option {
	return func(c *config) error {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("restapi: WithBaseURL: %q is not an http(s) URL without a query, such as https://console.tim.qq.com", transport.ShownURL(base))
		}
		if u.User != nil {
			return fmt.Errorf("restapi: WithBaseURL: %q names a user, which no request would carry; give a proxy's credentials to WithHTTPClient's Transport", transport.ShownURL(base))
		}
		c.baseURL = strings.TrimSuffix(u.Scheme+"://"+u.Host+u.EscapedPath(), "/")
		return nil
	}
}

// WithHTTPClient sends requests through hc (its Transport, timeouts and so
// on). The default is a client with a 60 s timeout that keeps up to
// DefaultMaxIdleConnsPerHost idle connections (see
// WithMaxIdleConnsPerHost); your own client keeps what its Transport
// says (net/http's default: 2 per host). It fails for a nil hc or with
// WithMaxIdleConnsPerHost.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error { return c.transport.SetHTTPClient("restapi", hc) }
}

// WithMaxIdleConnsPerHost sets how many idle connections the default HTTP
// client keeps to the host for reuse (default DefaultMaxIdleConnsPerHost,
// where net/http keeps 2). Size it to the number of calls one shared
// Client has in flight at once: beyond it, finished calls close their
// connections and the next ones dial (and handshake TLS) again. It fails
// for n < 1, and with WithHTTPClient (set MaxIdleConnsPerHost on your own
// *http.Transport instead).
func WithMaxIdleConnsPerHost(n int) Option {
	return func(c *config) error { return c.transport.SetMaxIdleConnsPerHost("restapi", n) }
}

// WithLogger logs one debug record per call (service, command, HTTP
// status, error code, duration) and per retry (its attempt and why: the
// error code, the HTTP status or the network error), and one info record per
// admin UserSig minted (its expiry and renewal time). Nothing is logged
// by default. The UserSig and bodies are never logged, and the URL query
// only in the text of a network error, with its usersig REDACTED.
func WithLogger(l *slog.Logger) Option {
	return option.Set(func(c *config) { c.logger = l })
}

// WithUserSigTTL sets the validity of the admin UserSig the client mints
// (default DefaultUserSigTTL): a whole number of seconds, at least a
// minute. The client renews it when a fifth of it is left, so a UserSig
// in flight never expires on the way unless the server's clock is ahead
// by more than that; then the server answers 70001 and the client mints a
// fresh UserSig and resends the call once. Calls fail with
// ErrUserSigExpired only when the clocks differ by more than the TTL, so
// a longer TTL tolerates more skew.
func WithUserSigTTL(ttl time.Duration) Option {
	return option.Check(ttl < time.Minute || ttl%time.Second != 0,
		fmt.Errorf("restapi: WithUserSigTTL: %s is not a whole number of seconds of at least a minute", ttl),
		func(c *config) { c.ttl = ttl })
}

// WithClock sets the clock that dates the admin UserSig and decides when
// to renew it (default time.Now). Tests pass an imtest server's Now so the
// client follows srv.Advance.
func WithClock(now func() time.Time) Option {
	return option.Check(now == nil,
		errors.New("restapi: WithClock needs a non-nil function"),
		func(c *config) { c.now = now })
}

// WithRetry sets how often a call is retried (max retries after the first
// attempt) and the bounds of the capped exponential backoff between
// tries; maxWait also caps the minute 70050 asks for and an answer's
// Retry-After (pass a minute to wait it whole). See Client.Call for what is retried. The waits are
// real time, on a timer, unless WithRateLimitWait gives another way to
// wait. It fails for a negative max or wait, or maxWait below minWait.
func WithRetry(max int, minWait, maxWait time.Duration) Option {
	return func(c *config) error { return c.transport.SetRetry("restapi", max, minWait, maxWait) }
}

// WithoutRetries makes every call a single attempt.
func WithoutRetries() Option {
	return option.Set(func(c *config) { c.transport.RetryMax = 0 })
}
