package client

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/imconsole/imconsole/internal/option"
	"github.com/imconsole/imconsole/internal/transport"
)

// Environment variables read by New when the matching option is absent.
const (
	EnvSecretID  = "TENCENTCLOUD_SECRET_ID"
	EnvSecretKey = "TENCENTCLOUD_SECRET_KEY"
	EnvEndpoint  = "IMCONSOLE_ENDPOINT"
)

// Defaults of the retry policy: up to 3 retries, waiting 100 ms doubling up
// to 5 s between them (with jitter), or what Retry-After asks up to that
// maximum wait.
const (
	DefaultRetryMax     = transport.DefaultRetryMax // 3
	DefaultRetryWaitMin = transport.DefaultWaitMin  // 100 ms
	DefaultRetryWaitMax = transport.DefaultWaitMax  // 5 s
)

// DefaultMaxIdleConnsPerHost is how many idle connections the default HTTP
// client keeps to the endpoint (WithMaxIdleConnsPerHost changes it).
const DefaultMaxIdleConnsPerHost = transport.DefaultMaxIdleConnsPerHost // 100

// APIVersion is the X-TC-Version of every console (service im) request;
// cim, cam and tag requests carry their own services' versions.
const APIVersion = "2026-11-01"

// Option configures a Client.
type Option func(*config) error

type config struct {
	transport           transport.Config // HTTP client and retry policy
	secretID, secretKey string
	endpoint            string
	tencentCloud        bool
	tencentCloudDomain  string
	region              string
	token               string
	language            string
	logger              *slog.Logger
	userAgent           string
	now                 func() time.Time
}

// WithCredentials sets the SecretId and SecretKey that sign every request.
// Without it, New reads TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.
func WithCredentials(secretID, secretKey string) Option {
	return option.Check(secretID == "" || secretKey == "",
		errors.New("imconsole: WithCredentials needs a non-empty SecretId and SecretKey"),
		func(c *config) { c.secretID, c.secretKey = secretID, secretKey })
}

// WithEndpoint sets the base URL every service is sent to, e.g. the URL
// of an imtest server, of cmd/imref or of a self-hosted console backend
// ("https://im.example.com"). A path is kept: requests are POSTed to it
// ("https://example.com/im/" for a console backend mounted under /im/),
// while the TC3 signature covers "/" as Tencent Cloud's does. Without it
// (and without WithTencentCloud), New reads IMCONSOLE_ENDPOINT; there is
// no built-in default host. New refuses a Tencent Cloud API host
// (*.tencentcloudapi.com) here: WithTencentCloud sends there.
func WithEndpoint(url string) Option {
	return option.Set(func(c *config) { c.endpoint = url })
}

// WithTencentCloud sends each service to Tencent Cloud's host for it,
// https://<service>.tencentcloudapi.com (another domain with
// WithTencentCloudDomain): cim, cam and tag (apps.ListIDs,
// Client.Account, the tags package). A console-protocol action (Call,
// and every other method of apps, admins and certs) then fails before
// sending, matching ErrConsoleOnly: Tencent Cloud API 3.0 has no such
// action, only imtest, cmd/imref and self-hosted console backends serve
// it. New fails when WithEndpoint is given too; IMCONSOLE_ENDPOINT is not
// read.
func WithTencentCloud() Option {
	return option.Set(func(c *config) { c.tencentCloud = true })
}

// WithTencentCloudDomain sets the domain WithTencentCloud sends each
// service under, https://<service>.<domain>/, for the hosts Tencent runs
// besides the default "tencentcloudapi.com" (nearest region): the
// international site's "intl.tencentcloudapi.com", or one region's, such
// as "ap-singapore.tencentcloudapi.com". The TC3 signature covers the
// host it goes to. It fails for a domain that is not a host name (a
// scheme, port or path, upper case, an empty label), and New fails when
// it is given without WithTencentCloud.
func WithTencentCloudDomain(domain string) Option {
	return option.Check(!isDomain(domain),
		fmt.Errorf("imconsole: WithTencentCloudDomain takes a host name such as intl.tencentcloudapi.com, not %q", domain),
		func(c *config) { c.tencentCloudDomain = domain })
}

// isDomain reports whether d is a DNS name of two or more labels of
// lower-case letters, digits and inner hyphens.
func isDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(d) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' ||
			strings.ContainsFunc(l, func(r rune) bool { return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' }) {
			return false
		}
	}
	return true
}

// WithToken sets the X-TC-Token header, the session token of temporary
// credentials (STS), sent with every request with their SecretId and
// SecretKey. It is never logged or printed, even when a server echoes it
// into an error's Message (REDACTED there). It fails for an empty token.
func WithToken(token string) Option {
	return option.Check(token == "",
		errors.New("imconsole: WithToken needs the non-empty session token of your temporary credentials"),
		func(c *config) { c.token = token })
}

// WithLanguage sets the X-TC-Language header, the language of the
// services' error messages: "zh-CN" or "en-US" (Tencent's default is
// zh-CN's). It fails for any other value.
func WithLanguage(lang string) Option {
	return option.Check(lang != "zh-CN" && lang != "en-US",
		fmt.Errorf("imconsole: WithLanguage takes \"zh-CN\" or \"en-US\", not %q", lang),
		func(c *config) { c.language = lang })
}

// WithRegion sets the X-TC-Region header, e.g. "ap-singapore": the region
// parameter of API 3.0, which cim, cam and tag, global services, do not
// need. It chooses no host (WithEndpoint and WithTencentCloud do); it is
// not restapi.WithRegion, which picks an app's REST API host.
func WithRegion(region string) Option {
	return option.Set(func(c *config) { c.region = region })
}

// WithHTTPClient sets the *http.Client requests go through (its Transport,
// timeouts and so on). The default is a client with a 60 s timeout that
// keeps up to DefaultMaxIdleConnsPerHost idle connections (see
// WithMaxIdleConnsPerHost); your own client keeps what its Transport
// says (net/http's default: 2 per host). It fails for a nil hc or with
// WithMaxIdleConnsPerHost.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error { return c.transport.SetHTTPClient("imconsole", hc) }
}

// WithMaxIdleConnsPerHost sets how many idle connections the default HTTP
// client keeps to the host for reuse (default DefaultMaxIdleConnsPerHost,
// where net/http keeps 2). Size it to the number of calls one shared
// Client has in flight at once: beyond it, finished calls close their
// connections and the next ones dial (and handshake TLS) again. It fails
// for n < 1, and with WithHTTPClient (set MaxIdleConnsPerHost on your own
// *http.Transport instead).
func WithMaxIdleConnsPerHost(n int) Option {
	return func(c *config) error { return c.transport.SetMaxIdleConnsPerHost("imconsole", n) }
}

// WithRetry sets how often a call is retried (max retries after the first
// attempt) and the bounds of the capped exponential backoff between tries.
// RequestLimitExceeded* is retried; InternalError*, ServiceUnavailable and
// network errors too for reads and for writes with a ClientToken (see
// Client.CallService); a Retry-After header is honoured up to maxWait
// (pass a larger maxWait to wait it whole).
// It fails for a negative max or wait, or maxWait below minWait.
func WithRetry(max int, minWait, maxWait time.Duration) Option {
	return func(c *config) error { return c.transport.SetRetry("imconsole", max, minWait, maxWait) }
}

// WithoutRetries makes every call a single attempt.
func WithoutRetries() Option {
	return option.Set(func(c *config) { c.transport.RetryMax = 0 })
}

// WithLogger logs debug records to l: one "imconsole call" per call sent,
// failures included (service, action, HTTP status, error code, request
// ID, duration, error), and one "imconsole retry" per retry when it is
// decided, before its wait (attempt, the number of the try to come, and
// why: the error code, the HTTP status or the network error). Calls
// refused before sending (ErrConsoleOnly, a request's own check) log
// nothing. Nothing is logged by default. Secrets, signatures and request
// bodies are never logged; errors are logged as redacted as they are
// returned.
func WithLogger(l *slog.Logger) Option {
	return option.Set(func(c *config) { c.logger = l })
}

// WithUserAgent appends product (such as "myapp/1.2") to the User-Agent
// header, after "imconsole-go". New fails for an empty product or one with
// a control character (a line break would end the header).
func WithUserAgent(product string) Option {
	return option.Check(product == "" || strings.ContainsFunc(product, unicode.IsControl),
		errors.New(`imconsole: WithUserAgent takes a non-empty product without control characters, such as "myapp/1.2"`),
		func(c *config) { c.userAgent = product })
}

// WithClock sets the clock that timestamps requests (default time.Now).
// Tests use it to follow a reference server's simulated clock: the server
// refuses timestamps more than 300 s off its own.
func WithClock(now func() time.Time) Option {
	return option.Check(now == nil,
		errors.New("imconsole: WithClock needs a non-nil function"),
		func(c *config) { c.now = now })
}
