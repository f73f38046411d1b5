// Package client is the transport core of imconsole: credentials and
// options, TC3-HMAC-SHA256 signing, retries with idempotency tokens, typed
// errors and paging. Resource packages (apps, admins, tags, certs) build on
// its Call method; this package imports none of them.
package client

import (
	"bytes"
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
)

// maxResponseBytes bounds how much of a response body is read.
const maxResponseBytes = 8 << 20

const contentType = "application/json"

// Client calls the IM console API. It is safe for concurrent use.
// Its String method never reveals the SecretKey.
type Client struct {
	endpoint  string
	host      string
	region    string
	userAgent string
	signer    *TC3Signer
	http      *retryablehttp.Client
	logger    *slog.Logger
	now       func() time.Time
}

// New returns a Client. Credentials come from WithCredentials or the
// TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY environment variables,
// the endpoint from WithEndpoint or IMCONSOLE_ENDPOINT; New fails when
// either is missing, saying which option or variable to set.
func New(opts ...Option) (*Client, error) {
	cfg := config{
		retryMax:     DefaultRetryMax,
		retryWaitMin: DefaultRetryWaitMin,
		retryWaitMax: DefaultRetryWaitMax,
		now:          time.Now,
	}
	for _, opt := range opts {
		if err := opt(&cfg); err != nil {
			return nil, err
		}
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
		signer:    NewTC3Signer(cfg.secretID, cfg.secretKey, "im"),
		logger:    cfg.logger,
		now:       cfg.now,
	}
	if cfg.userAgent != "" {
		c.userAgent += " " + cfg.userAgent
	}
	rc := &retryablehttp.Client{
		HTTPClient:   cfg.httpClient,
		Logger:       nil,
		RetryWaitMin: cfg.retryWaitMin,
		RetryWaitMax: cfg.retryWaitMax,
		RetryMax:     cfg.retryMax,
		CheckRetry:   checkRetry,
		Backoff:      backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		PrepareRetry: c.resign,
	}
	if rc.HTTPClient == nil {
		rc.HTTPClient = &http.Client{Timeout: 60 * time.Second}
	}
	if c.logger != nil {
		rc.RequestLogHook = c.logAttempt
	}
	c.http = rc
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
// none, so retries of the write are safe.
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
	hresp, err := c.http.Do(hreq)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("imconsole: %s: %w", action, ctxErr)
		}
		return fmt.Errorf("imconsole: %s: %w", action, err)
	}
	defer hresp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(hresp.Body, maxResponseBytes+1))
	if err != nil {
		return fmt.Errorf("imconsole: %s: reading response: %w", action, err)
	}
	if len(raw) > maxResponseBytes {
		return fmt.Errorf("imconsole: %s: response larger than %d bytes", action, maxResponseBytes)
	}
	err = decodeResponse(action, hresp.StatusCode, raw, resp)
	if c.logger != nil {
		c.logCall(ctx, action, hresp.StatusCode, start, err)
	}
	return err
}

// sign sets X-TC-Timestamp and Authorization on r for the current time.
func (c *Client) sign(r *http.Request, action string, body []byte) {
	ts := c.now().Unix()
	r.Header["X-Tc-Timestamp"] = []string{strconv.FormatInt(ts, 10)}
	r.Header["Authorization"] = []string{c.signer.Authorization(&TC3Request{
		Method:      http.MethodPost,
		Host:        c.host,
		Path:        "/",
		ContentType: contentType,
		Action:      action,
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

// envelope is the outer shape of every response.
type envelope struct {
	Response struct {
		Error *struct {
			Code    string
			Message string
		}
		RequestID string `json:"RequestId"`
	}
}

// errorKey is how an "Error" member looks in JSON. A body without it
// anywhere carries no error, so a success is decoded in one pass.
var errorKey = []byte(`"Error":`)

func decodeResponse(action string, status int, raw []byte, resp any) error {
	if status < 300 && resp != nil && !bytes.Contains(raw, errorKey) {
		if err := json.Unmarshal(raw, &struct{ Response any }{resp}); err != nil {
			return fmt.Errorf("imconsole: %s: HTTP %d with a body that is not a JSON Response envelope (%v); check the endpoint points at the IM console API", action, status, err)
		}
		return nil
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("imconsole: %s: HTTP %d with a body that is not a JSON Response envelope (%v); check the endpoint points at the IM console API", action, status, err)
	}
	if e := env.Response.Error; e != nil {
		return &APIError{Action: action, Code: e.Code, Message: e.Message, RequestID: env.Response.RequestID, HTTPStatus: status}
	}
	if status >= 300 {
		return &APIError{Action: action, Code: "InternalError", Message: fmt.Sprintf("HTTP %d without an error in the Response", status), RequestID: env.Response.RequestID, HTTPStatus: status}
	}
	if resp == nil {
		return nil
	}
	if err := json.Unmarshal(raw, &struct{ Response any }{resp}); err != nil {
		return fmt.Errorf("imconsole: %s: decoding response: %w", action, err)
	}
	return nil
}

func (c *Client) logAttempt(_ retryablehttp.Logger, r *http.Request, attempt int) {
	if attempt == 0 {
		return
	}
	c.logger.LogAttrs(r.Context(), slog.LevelDebug, "imconsole retry",
		slog.String("action", r.Header.Get("X-TC-Action")), slog.Int("attempt", attempt+1))
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
