// Package client is the core of imconsole: credentials and options,
// TC3-HMAC-SHA256 signed calls with retries and idempotency tokens, typed
// errors and paging. Resource packages (apps, admins, tags, certs) build on
// its Call method; this package imports none of them.
//
// Create one Client per set of credentials and share it between
// goroutines and services: it holds the connection pool (up to
// DefaultMaxIdleConnsPerHost idle connections, WithMaxIdleConnsPerHost),
// so a Client per call or per request dials, and handshakes TLS, every
// time.
package client

import (
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
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/imconsole/imconsole/internal/tc3"
	"github.com/imconsole/imconsole/internal/transport"
)

const contentType = "application/json"

// Client calls the IM console API. It is safe for concurrent use; create
// one and share it (see the package doc). Its String method never reveals
// the SecretKey.
type Client struct {
	endpoint  string
	host      string
	region    string
	userAgent string
	signer    *tc3.Signer
	transport *transport.Transport
	logger    *slog.Logger
	now       func() time.Time
}

// New returns a Client. Credentials come from WithCredentials or the
// TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY environment variables,
// the endpoint from WithEndpoint or IMCONSOLE_ENDPOINT; New fails when
// either is missing, saying which option or variable to set.
func New(opts ...Option) (*Client, error) {
	cfg := config{
		transport: transport.DefaultConfig(),
		now:       time.Now,
	}
	if err := transport.Apply(&cfg, opts); err != nil {
		return nil, err
	}
	if cfg.secretID == "" && cfg.secretKey == "" {
		cfg.secretID, cfg.secretKey = os.Getenv(EnvSecretID), os.Getenv(EnvSecretKey)
	}
	if cfg.secretID == "" || cfg.secretKey == "" {
		return nil, fmt.Errorf("imconsole: no credentials: use client.WithCredentials or set %s and %s", EnvSecretID, EnvSecretKey)
	}
	if cfg.endpoint == "" {
		cfg.endpoint = os.Getenv(EnvEndpoint)
	}
	if cfg.endpoint == "" {
		return nil, fmt.Errorf("imconsole: no endpoint: use client.WithEndpoint or set %s (for tests, imtest.NewServer gives one)", EnvEndpoint)
	}
	u, err := url.Parse(cfg.endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("imconsole: endpoint %q is not an http(s) URL such as https://im.example.com", cfg.endpoint)
	}
	u.Path = "/"
	c := &Client{
		endpoint:  u.String(),
		host:      u.Host,
		region:    cfg.region,
		userAgent: "imconsole-go",
		signer:    tc3.NewSigner(cfg.secretID, cfg.secretKey, "im"),
		logger:    cfg.logger,
		now:       cfg.now,
	}
	if cfg.userAgent != "" {
		c.userAgent += " " + cfg.userAgent
	}
	tc := cfg.transport
	tc.Prepare = c.resign
	if c.logger != nil {
		tc.Logger, tc.RetryMessage = c.logger, "imconsole retry"
		tc.Describe = func(r *http.Request) slog.Attr { return slog.String("action", r.Header.Get("X-TC-Action")) }
	}
	c.transport = transport.New(tc)
	return c, nil
}

// String describes the client without its SecretKey.
func (c *Client) String() string {
	return "client.Client{Endpoint: " + c.endpoint + ", Region: " + c.region + ", SecretId: " + c.signer.SecretID() + ", SecretKey: [redacted]}"
}

// GoString is String, so %#v does not print the SecretKey either.
func (c *Client) GoString() string { return c.String() }

// Call sends one action: req is marshalled as the JSON body (nil sends {}),
// and the fields of a successful Response are unmarshalled into resp (which
// may be nil). A req that embeds Idempotency gets a ClientToken when it has
// none (the one of WithClientToken(ctx, ...), or a random one), so retries
// of the write are safe.
//
// Network errors, HTTP 429 and 5xx other than 501 are retried (see
// WithRetry), each retry signed anew. A body is a valid answer when it is a
// JSON object with a "Response" object carrying an "Error" or a
// "RequestId"; anything else is an error saying so, never a success.
//
// The error is an *APIError when the service answered one (match it with
// errors.Is against ErrNotFound and the other families, or errors.As), the
// context's error when ctx ended, or a transport error.
func (c *Client) Call(ctx context.Context, action string, req, resp any) error {
	if ctx == nil {
		return errors.New("imconsole: Call needs a non-nil context")
	}
	if w, ok := req.(idempotent); ok {
		if tok := w.idempotencyToken(); *tok == "" {
			*tok = clientToken(ctx)
		}
	}
	body := []byte("{}")
	if req != nil {
		var err error
		if body, err = json.Marshal(req); err != nil {
			return fmt.Errorf("imconsole: %s: encoding request: %w", action, err)
		}
	}
	hreq, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, body)
	if err != nil {
		return fmt.Errorf("imconsole: %s: %w", action, err)
	}
	h := hreq.Header
	h["Content-Type"] = []string{contentType}
	h["X-Tc-Action"] = []string{action}
	h["X-Tc-Version"] = []string{APIVersion}
	h["User-Agent"] = []string{c.userAgent}
	if c.region != "" {
		h["X-Tc-Region"] = []string{c.region}
	}
	c.sign(hreq.Request, action, body)

	start := time.Now()
	reply, err := c.transport.Do(hreq, retryDecision)
	if err != nil {
		return c.transportError(ctx, action, err)
	}
	err = decodeResponse(action, reply, resp)
	if c.logger != nil {
		c.logCall(ctx, action, reply.StatusCode, start, err)
	}
	return err
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

// sign sets X-TC-Timestamp and Authorization on r for the current time.
// The signature covers X-TC-Action (SignedHeaders
// content-type;host;x-tc-action), so a captured request cannot be replayed
// as another action.
func (c *Client) sign(r *http.Request, action string, body []byte) {
	ts := c.now().Unix()
	r.Header["X-Tc-Timestamp"] = []string{strconv.FormatInt(ts, 10)}
	r.Header["Authorization"] = []string{c.signer.Authorization(&tc3.Request{
		Method:      http.MethodPost,
		Host:        c.host,
		Path:        "/",
		ContentType: contentType,
		Action:      action,
		SignAction:  true,
		Payload:     body,
		Timestamp:   ts,
	})}
}

// resign re-signs a retry with a fresh timestamp.
func (c *Client) resign(r *http.Request) error {
	body, err := r.GetBody()
	if err != nil {
		return err
	}
	payload, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	r.Header = r.Header.Clone()
	c.sign(r, r.Header.Get("X-TC-Action"), payload)
	return nil
}

func (c *Client) logCall(ctx context.Context, action string, status int, start time.Time, err error) {
	attrs := []slog.Attr{
		slog.String("action", action),
		slog.Int("status", status),
		slog.Duration("duration", time.Since(start)),
	}
	var ae *APIError
	if errors.As(err, &ae) {
		attrs = append(attrs, slog.String("code", ae.Code), slog.String("request_id", ae.RequestID))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "imconsole call", attrs...)
}
