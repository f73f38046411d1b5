// Package client is the core of imconsole: credentials and options,
// TC3-HMAC-SHA256 signed calls with retries and idempotency tokens, typed
// errors and paging. Resource packages (apps, admins, tags, certs) build on
// its Call and CallService methods; this package imports none of them.
//
// One Client calls several services: the IM console protocol (service im,
// this project's own protocol, docs/protocol.md) with Call, and Tencent
// Cloud API 3.0's cim, cam and tag with CallService, each signed with its
// own credential scope. WithEndpoint sends every service to one endpoint
// (imtest, cmd/imref, a self-hosted console backend);
// WithTencentCloud sends each to https://<service>.tencentcloudapi.com
// (another domain with WithTencentCloudDomain) and refuses
// console-protocol actions before sending (ErrConsoleOnly).
//
// Create one Client per set of credentials and share it between
// goroutines and services: it holds the connection pool (up to
// DefaultMaxIdleConnsPerHost idle connections, WithMaxIdleConnsPerHost),
// so a Client per call or per request dials, and handshakes TLS, every
// time.
//
// A call the service refuses fails with an *APIError (action, code,
// message, RequestId, HTTP status), which errors.Is matches against the
// family of its code (ErrNotFound, ErrAuth, ErrThrottled, ...; HasCode for
// one code). What to do next: ErrConsoleOnly, give the action a client
// made WithEndpoint (imtest, cmd/imref or your backend);
// AuthFailure.SignatureExpire, sync this host's clock (it is more than
// 300 s off); ErrThrottled after the retries, slow down or widen
// WithRetry; ErrInternal, call again later, with the same ClientToken
// (WithClientToken) for a write.
package client

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/imconsole/imconsole/internal/console"
	"github.com/imconsole/imconsole/internal/option"
	"github.com/imconsole/imconsole/internal/rules"
	"github.com/imconsole/imconsole/internal/tc3"
	"github.com/imconsole/imconsole/internal/transport"
)

const contentType = "application/json"

// Client calls the IM console protocol and the Tencent Cloud API 3.0
// services about IM apps (cim, cam, tag). It is safe for concurrent use;
// create one and share it (see the package doc). Its String method never
// reveals the SecretKey, the token, or the endpoint's password and query
// values.
type Client struct {
	// endpoint is the one endpoint of every service ("" WithTencentCloud),
	// a closure like token, as its URL may carry a password or a token.
	endpoint    func() string
	cloudDomain string // the domain of Tencent Cloud's hosts WithTencentCloud, "" otherwise
	region      string
	token       func() string // a closure, so printing a copy of the Client never shows it
	language    string
	userAgent   string
	signers     map[string]*tc3.Signer // one per service name, read-only after New
	account     *accountCache          // shared by copies of the Client
	transport   *transport.Transport
	logger      *slog.Logger
	now         func() time.Time
}

// New returns a Client. Credentials come from WithCredentials or the
// TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY environment variables.
// Where calls go comes from WithEndpoint (or IMCONSOLE_ENDPOINT): every
// service at that one endpoint; or from WithTencentCloud: each service at
// its Tencent Cloud host, console-protocol actions refused. New fails
// when credentials are missing, when neither says where to send (there
// is no silent default host), or when both do, saying which option or
// variable to set.
func New(opts ...Option) (*Client, error) {
	cfg := config{
		transport: transport.DefaultConfig(),
		now:       time.Now,
	}
	if err := option.Apply(&cfg, opts); err != nil {
		return nil, err
	}
	if cfg.secretID == "" && cfg.secretKey == "" {
		cfg.secretID, cfg.secretKey = os.Getenv(EnvSecretID), os.Getenv(EnvSecretKey)
	}
	if cfg.secretID == "" || cfg.secretKey == "" {
		return nil, fmt.Errorf("imconsole: no credentials: use client.WithCredentials or set %s and %s", EnvSecretID, EnvSecretKey)
	}
	c := &Client{
		region:    cfg.region,
		endpoint:  func() string { return "" },
		token:     func() string { return cfg.token },
		language:  cfg.language,
		userAgent: "imconsole-go",
		signers:   make(map[string]*tc3.Signer, 4),
		account:   &accountCache{lock: make(chan struct{}, 1)},
		logger:    cfg.logger,
		now:       cfg.now,
	}
	switch {
	case cfg.tencentCloudDomain != "" && !cfg.tencentCloud:
		return nil, errors.New("imconsole: WithTencentCloudDomain sets where WithTencentCloud sends: give WithTencentCloud too")
	case cfg.tencentCloud && cfg.endpoint != "":
		return nil, errors.New("imconsole: WithTencentCloud and WithEndpoint both say where to send: keep WithEndpoint for imtest, cmd/imref or a self-hosted console backend, WithTencentCloud for Tencent Cloud")
	case cfg.tencentCloud:
		c.cloudDomain = cmp.Or(cfg.tencentCloudDomain, defaultTencentCloudDomain)
	default:
		if cfg.endpoint == "" {
			cfg.endpoint = os.Getenv(EnvEndpoint)
		}
		if cfg.endpoint == "" {
			return nil, fmt.Errorf("imconsole: no endpoint: use client.WithEndpoint or set %s (for tests, imtest.NewServer gives one), or client.WithTencentCloud for Tencent Cloud's own services", EnvEndpoint)
		}
		u, err := url.Parse(cfg.endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("imconsole: endpoint %q is not an http(s) URL such as https://im.example.com", transport.ShownURL(cfg.endpoint))
		}
		if host := strings.TrimSuffix(strings.ToLower(u.Hostname()), "."); host == defaultTencentCloudDomain || strings.HasSuffix(host, "."+defaultTencentCloudDomain) {
			return nil, fmt.Errorf("imconsole: endpoint %q is a Tencent Cloud API host, which serves no console-protocol action and each service at its own host: use client.WithTencentCloud instead (with WithTencentCloudDomain for the intl or one region's hosts)", transport.ShownURL(cfg.endpoint))
		}
		if !strings.HasSuffix(u.Path, "/") {
			u.Path, u.RawPath = u.Path+"/", ""
		}
		endpoint := u.String()
		c.endpoint = func() string { return endpoint }
	}
	for _, name := range [...]string{ServiceConsole, ServiceCIM, ServiceCAM, ServiceTag} {
		c.signers[name] = tc3.NewSigner(cfg.secretID, cfg.secretKey, name)
	}
	if cfg.userAgent != "" {
		c.userAgent += " " + cfg.userAgent
	}
	tc := cfg.transport
	tc.Prepare = c.resign
	c.transport = transport.New(tc)
	return c, nil
}

// String describes the client without its SecretKey, its token, or the
// password and query values of its endpoint.
func (c *Client) String() string {
	endpoint := transport.ShownURL(c.endpoint())
	if c.cloudDomain != "" {
		endpoint = "https://<service>." + c.cloudDomain
	}
	return "client.Client{Endpoint: " + endpoint + ", Region: " + c.region + ", SecretId: " + c.signers[ServiceConsole].SecretID() + ", SecretKey: [redacted]}"
}

// GoString is String, so %#v does not print the SecretKey either.
func (c *Client) GoString() string { return c.String() }

// defaultTencentCloudDomain is the domain of Tencent Cloud API 3.0's
// hosts, <service>.tencentcloudapi.com, unless WithTencentCloudDomain
// names another.
const defaultTencentCloudDomain = "tencentcloudapi.com"

// Call sends one console-protocol action (service im at APIVersion,
// docs/protocol.md): CallService with ConsoleService(). On a Client made
// WithTencentCloud it fails at once, sending nothing and checking nothing,
// with an error that matches ErrConsoleOnly.
func (c *Client) Call(ctx context.Context, action string, req, resp any) error {
	return c.CallService(ctx, ConsoleService(), action, req, resp)
}

// CallService sends one action of svc: req is marshalled as the JSON body
// (nil, or a nil pointer, sends {}), and the fields of a successful Response are
// unmarshalled into resp (which may be nil). The request is signed with
// svc's credential scope and goes to the endpoint, or WithTencentCloud to
// https://<svc.Name>.tencentcloudapi.com (or WithTencentCloudDomain's
// domain). A req that embeds Idempotency
// is sent with a ClientToken when it has none (the one of
// WithClientToken(ctx, ...), or a random one), so retries of the write are
// safe; req itself is never changed.
//
// Retries are decided by the answer's envelope, whatever its HTTP status
// (Tencent answers every error with HTTP 200): RequestLimitExceeded* is
// retried, after what Retry-After asks when present; InternalError*,
// ServiceUnavailable and network errors are retried for reads (actions
// named Describe*, Get*, List*) and for writes carrying a ClientToken;
// every other error is returned at once. An answer without an error
// envelope is a gateway's: its 429 and 5xx but 501 are retried as a
// network error is. See WithRetry. A retry whose wait (its Retry-After,
// or the backoff's jittered wait) would end after ctx's deadline is not
// waited for: the call ends at once with the last answer's error, which
// matches context.DeadlineExceeded too. A body is a valid answer when it is a
// JSON object with a "Response" object carrying an "Error" or a
// "RequestId"; anything else is an error, never a success.
//
// The error is an *APIError when the service answered one, and when the
// last answer was an HTTP 5xx without an envelope (Code InternalError: the
// server or a gateway failed; retry later). Match it with errors.Is
// against ErrNotFound, ErrInternal and the other families, or with
// errors.As. Otherwise it is the context's error when ctx ended, an error
// saying the body is not a Response envelope (check the endpoint), or a
// transport error. Such an error of a write whose request may have
// reached the service unanswered (the network failed, or ctx ended,
// after it was written) says so, and names its ClientToken, to call
// again with to get its answer. It fails before sending for a service other than
// ServiceConsole, ServiceCIM, ServiceCAM and ServiceTag, for an empty
// version, and (ErrConsoleOnly) for a console-protocol action
// WithTencentCloud. The methods of apps, admins and certs check their
// requests only after these refusals, so ErrConsoleOnly comes first
// whatever the input.
func (c *Client) CallService(ctx context.Context, svc Service, action string, req, resp any) error {
	if ctx == nil {
		return errors.New("imconsole: Call needs a non-nil context")
	}
	if transport.NoRequest(req) {
		req = nil
	}
	signer := c.signers[svc.Name]
	if signer == nil || svc.Version == "" {
		return fmt.Errorf("imconsole: %s: service %q version %q: name one of the services %s, %s, %s and %s with its version (client.Service{Name: client.ServiceTag, Version: client.VersionTag})",
			action, svc.Name, svc.Version, ServiceConsole, ServiceCIM, ServiceCAM, ServiceTag)
	}
	if c.cloudDomain != "" && svc.Name == ServiceConsole {
		return consoleOnly(action)
	}
	if ch, ok := req.(console.Checked); ok { // the services' requests, checked after the refusals above
		if err := ch.Body.Validate(); err != nil {
			return err
		}
		req = ch.Body
	}
	repeatable := isRead(action)
	token, generated := "", false // the write's ClientToken, and whether the request lacks it
	if w, ok := req.(idempotent); ok {
		if token = w.idempotencyToken(); token == "" {
			token, generated = clientToken(ctx), true
		}
		if code, msg := rules.CheckClientToken(token); code != "" {
			return ValidationError(action, code, msg)
		}
		repeatable = true
	}
	body := []byte("{}")
	if req != nil {
		sent := req
		if w, ok := req.(console.Wired); ok {
			sent = w.WireBody() // its own JSON masks what the wire carries
		}
		var err error
		if body, err = json.Marshal(sent); err != nil {
			return fmt.Errorf("imconsole: %s: encoding request: %w", action, err)
		}
	}
	if generated {
		var err error
		if body, err = withClientToken(body, token); err != nil {
			return fmt.Errorf("imconsole: %s: encoding request: %w", action, err)
		}
	}
	endpoint := c.endpoint()
	if c.cloudDomain != "" {
		endpoint = "https://" + svc.Name + "." + c.cloudDomain + "/"
	}
	hreq, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, endpoint, body)
	if err != nil {
		return fmt.Errorf("imconsole: %s: %w", action, err)
	}
	h := hreq.Header
	h["Content-Type"] = []string{contentType}
	h["X-Tc-Action"] = []string{action}
	h["X-Tc-Version"] = []string{svc.Version}
	h["User-Agent"] = []string{c.userAgent}
	if c.region != "" {
		h["X-Tc-Region"] = []string{c.region}
	}
	if tok := c.token(); tok != "" {
		h["X-Tc-Token"] = []string{tok}
	}
	if c.language != "" {
		h["X-Tc-Language"] = []string{c.language}
	}
	c.sign(hreq.Request, signer, action, body)

	var env envelope
	var envErr error
	start := time.Now()
	reply, err := c.transport.Do(hreq, func(ctx context.Context, try transport.Try, r *transport.Reply, err error) (bool, time.Duration) {
		env, envErr = envelope{}, nil
		if r != nil {
			envErr = json.Unmarshal(r.Body, &env)
		}
		retry, wait := retryDecision(r, env, envErr, err, repeatable)
		if retry && !try.Last && c.logger != nil {
			if err != nil {
				err = c.transportError(ctx, action, err)
			}
			c.log(ctx, "imconsole retry", svc.Name, action, r, env, err, slog.Int("attempt", try.N+1))
		}
		return retry, wait
	})
	if err != nil {
		_, unanswered := errors.AsType[*transport.Unanswered](err)
		env, err = envelope{}, c.transportError(ctx, action, err) // no answer to tell of
		if unanswered && token != "" {
			err = mayHaveApplied(err, token)
		}
	} else if err = decodeResponse(action, reply, env, envErr, resp); err != nil {
		if ae, ok := errors.AsType[*APIError](err); ok && c.token() != "" {
			ae.Message = transport.Redact(ae.Message, c.token()) // a server echoing X-TC-Token
		}
		if reply.Cut {
			err = transport.DeadlineCut(err)
		}
	}
	if c.logger != nil {
		c.log(ctx, "imconsole call", svc.Name, action, reply, env, err, slog.Duration("duration", time.Since(start)))
	}
	return err
}

// log writes the debug record msg about the call of action to service:
// the HTTP status of the answer r (nil when there is none), the error code
// and the RequestId of its envelope env where there are, then extra, then
// err (as redacted as the errors the client returns) unless it is nil.
func (c *Client) log(ctx context.Context, msg, service, action string, r *transport.Reply, env envelope, err error, extra slog.Attr) {
	attrs := []slog.Attr{slog.String("service", service), slog.String("action", action)}
	if r != nil {
		attrs = append(attrs, slog.Int("status", r.StatusCode))
	}
	if e := env.Response; e != nil {
		if e.Error != nil {
			attrs = append(attrs, slog.String("code", e.Error.Code))
		}
		if e.RequestID != "" {
			attrs = append(attrs, slog.String("request_id", e.RequestID))
		}
	}
	attrs = append(attrs, extra)
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, msg, attrs...)
}

// transportError is the error of a call that got no usable answer. Its
// text shows no query value of the endpoint's URL (transport.Redact).
func (c *Client) transportError(ctx context.Context, action string, err error) error {
	var re *transport.ReadError
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("imconsole: %s: %w", action, ctx.Err())
	case errors.Is(err, transport.ErrTooLarge):
		return fmt.Errorf("imconsole: %s: response larger than %d bytes", action, transport.MaxBody)
	case errors.As(err, &re):
		return transport.RedactError("imconsole: "+action+": reading response", re.Err)
	}
	return transport.RedactError("imconsole: "+action, err)
}

// mayHaveApplied adds to err, the network or context error of a write
// whose last request may have reached the service unanswered, that it may
// have been applied, and the ClientToken (token) to call again with: the
// service answers it with the first response for 24 hours. err stays
// wrapped.
func mayHaveApplied(err error, token string) error {
	return fmt.Errorf("%w; it may have been applied: call again with ClientToken %q (in the request, or client.WithClientToken) within 24 hours to get its answer instead of applying it twice", err, token)
}

// sign sets X-TC-Timestamp and Authorization on r for the current time,
// with signer's credential scope and r's host. The signature covers
// X-TC-Action (SignedHeaders content-type;host;x-tc-action), so a
// captured request cannot be replayed as another action.
func (c *Client) sign(r *http.Request, signer *tc3.Signer, action string, body []byte) {
	ts := c.now().Unix()
	r.Header["X-Tc-Timestamp"] = []string{strconv.FormatInt(ts, 10)}
	r.Header["Authorization"] = []string{signer.Authorization(&tc3.Request{
		Method:      http.MethodPost,
		Host:        r.URL.Host,
		Path:        "/",
		ContentType: contentType,
		Action:      action,
		SignAction:  true,
		Payload:     body,
		Timestamp:   ts,
	})}
}

// resign re-signs a retry with a fresh timestamp, for the service named
// in the credential scope of its first signature.
func (c *Client) resign(r *http.Request) error {
	auth, err := tc3.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return err
	}
	body, err := r.GetBody()
	if err != nil {
		return err
	}
	payload, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	r.Header = r.Header.Clone()
	c.sign(r, c.signers[auth.Service], r.Header.Get("X-TC-Action"), payload)
	return nil
}
