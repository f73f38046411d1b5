package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/consolewire"
	"github.com/imconsole/imconsole/internal/tc3"
	"github.com/imconsole/imconsole/internal/testkit"
	"github.com/imconsole/imconsole/tags"
)

func TestNewNeedsCredentialsAndEndpoint(t *testing.T) {
	// Not parallel: it sets environment variables.
	t.Setenv(client.EnvSecretID, "")
	t.Setenv(client.EnvSecretKey, "")
	t.Setenv(client.EnvEndpoint, "")

	_, err := client.New(client.WithEndpoint("https://im.example.com"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "WithCredentials")
	assert.Contains(t, err.Error(), client.EnvSecretID)

	_, err = client.New(client.WithCredentials("id", "key"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), client.EnvEndpoint, "no silent default host")

	_, err = client.New(client.WithCredentials("id", "key"), client.WithEndpoint("im.example.com"))
	assert.ErrorContains(t, err, "not an http(s) URL")

	t.Setenv(client.EnvSecretID, "envid")
	t.Setenv(client.EnvSecretKey, "envkey")
	t.Setenv(client.EnvEndpoint, "https://im.example.com")
	c, err := client.New()
	require.NoError(t, err)
	assert.Contains(t, c.String(), "envid")
}

func TestOptionsRefuseNonsense(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string][]client.Option{
		"empty credentials":   {client.WithCredentials("", "k")},
		"nil http client":     {client.WithHTTPClient(nil)},
		"negative retries":    {client.WithRetry(-1, 0, 0)},
		"max below min":       {client.WithRetry(1, time.Second, time.Millisecond)},
		"nil clock":           {client.WithClock(nil)},
		"no idle connections": {client.WithMaxIdleConnsPerHost(0)},
		"pool, own client":    {client.WithMaxIdleConnsPerHost(8), client.WithHTTPClient(&http.Client{})},
		"own client, pool":    {client.WithHTTPClient(&http.Client{}), client.WithMaxIdleConnsPerHost(8)},
		"empty user agent":    {client.WithUserAgent("")},
		"header injection":    {client.WithUserAgent("myapp/1.2\r\nX-Evil: 1")},
	} {
		_, err := client.New(append([]client.Option{client.WithCredentials("id", "key"), client.WithEndpoint("http://x")}, opts...)...)
		assert.Error(t, err, name)
	}
	_, err := client.New(client.WithCredentials("id", "key"), client.WithEndpoint("http://x"), client.WithMaxIdleConnsPerHost(8), client.WithHTTPClient(&http.Client{}))
	assert.ErrorContains(t, err, "imconsole: WithMaxIdleConnsPerHost sizes the default HTTP client; with WithHTTPClient, set MaxIdleConnsPerHost on your client's *http.Transport instead")
}

func TestClientStringHidesSecretKey(t *testing.T) {
	t.Parallel()
	c, err := client.New(client.WithCredentials("AKIDvisible", "s3cr3t-key"), client.WithEndpoint("https://im.example.com"), client.WithToken("s3cr3t-token"))
	require.NoError(t, err)
	out := fmt.Sprintf("%v %+v %#v %s", c, c, c, c)
	assert.NotContains(t, out, "s3cr3t-key")
	assert.NotContains(t, out, "s3cr3t-token")
	assert.Contains(t, out, "AKIDvisible")

	// Nested, as a value and a pointer, in fmt, JSON and slog.
	nested := map[string][]any{"clients": {struct {
		C *client.Client
		V client.Client
	}{c, *c}}}
	rendered, _ := testkit.Render(t, nested)
	assert.NotContains(t, rendered, "s3cr3t-key")
	assert.NotContains(t, rendered, "s3cr3t-token")
}

func TestAuthFailures(t *testing.T) {
	t.Parallel()
	fixed := time.Unix(1_764_150_000, 0) // a still clock: 299 s stays 299 s however slow the run (-race)
	srv := imtest.NewServer(t, imtest.WithClock(func() time.Time { return fixed }))
	id, _ := srv.Credentials()
	cases := []struct {
		name string
		opts []client.Option
		code string
	}{
		{"unknown SecretId", []client.Option{client.WithCredentials("AKIDnobody", "k")}, "AuthFailure.SecretIdNotFound"},
		{"wrong SecretKey", []client.Option{client.WithCredentials(id, "wrong")}, "AuthFailure.SignatureFailure"},
		{"clock 301 s behind", []client.Option{client.WithClock(func() time.Time { return srv.Now().Add(-301 * time.Second) })}, "AuthFailure.SignatureExpire"},
		{"clock 301 s ahead", []client.Option{client.WithClock(func() time.Time { return srv.Now().Add(301 * time.Second) })}, "AuthFailure.SignatureExpire"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := srv.Client(tc.opts...)
			require.NoError(t, err)
			err = c.Call(context.Background(), apps.ActionList, &apps.ListOptions{}, nil)
			var ae *client.APIError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.code, ae.Code)
			assert.NotZero(t, ae.HTTPStatus, "the status the transport saw, whichever the server chose")
			assert.ErrorIs(t, err, client.ErrAuth)
			assert.NotEmpty(t, ae.RequestID)
		})
	}
	t.Run("clock 299 s off is fine", func(t *testing.T) {
		t.Parallel()
		c, err := srv.Client(client.WithClock(func() time.Time { return srv.Now().Add(-299 * time.Second) }))
		require.NoError(t, err)
		require.NoError(t, c.Call(context.Background(), apps.ActionList, &apps.ListOptions{}, nil))
	})
}

func TestServerAcceptsSignedAction(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	id, key := srv.Credentials()
	body := []byte(`{"Offset":0}`)
	host := strings.TrimPrefix(srv.URL(), "http://")
	ts := srv.Now().Unix()
	signer := tc3.NewSigner(id, key, "im")
	for _, signAction := range []bool{false, true} {
		req, err := http.NewRequest(http.MethodPost, srv.URL()+"/", bytes.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-TC-Action", apps.ActionList)
		req.Header.Set("X-TC-Version", client.APIVersion)
		req.Header.Set("X-TC-Timestamp", fmt.Sprint(ts))
		req.Header.Set("Authorization", signer.Authorization(&tc3.Request{
			Method: "POST", Host: host, Path: "/", ContentType: "application/json",
			Action: apps.ActionList, SignAction: signAction, Payload: body, Timestamp: ts,
		}))
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, "x-tc-action signed: %v", signAction)
	}
}

// recorder is an http.RoundTripper that keeps a copy of every request it
// sends, body included.
type recorder struct {
	reqs []*http.Request
	body [][]byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var b bytes.Buffer
	if req.Body != nil {
		_, _ = b.ReadFrom(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(b.Bytes()))
	}
	r.reqs, r.body = append(r.reqs, req.Clone(req.Context())), append(r.body, b.Bytes())
	return http.DefaultTransport.RoundTrip(req)
}

// TestWithUserAgent: the product follows the library's own name in
// User-Agent; without the option only the library's is sent.
func TestWithUserAgent(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	for want, opts := range map[string][]client.Option{
		"imconsole-go":           nil,
		"imconsole-go myapp/1.2": {client.WithUserAgent("myapp/1.2")},
	} {
		var rec recorder
		c, err := srv.Client(append(opts, client.WithHTTPClient(&http.Client{Transport: &rec}))...)
		require.NoError(t, err)
		_, err = apps.New(c).ListIDs(context.Background())
		require.NoError(t, err)
		require.Len(t, rec.reqs, 1)
		assert.Equal(t, want, rec.reqs[0].Header.Get("User-Agent"))
	}
}

func TestSignatureBindsTheAction(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	var rec recorder
	c, err := srv.Client(client.WithHTTPClient(&http.Client{Transport: &rec}))
	require.NoError(t, err)
	console := srv.Console()
	app, err := console.Apps.Create(context.Background(), &apps.CreateRequest{AppName: "victim", Region: apps.RegionChina})
	require.NoError(t, err)
	require.NoError(t, console.Apps.Disable(context.Background(), app.SDKAppID))
	_, err = apps.New(c).Get(context.Background(), app.SDKAppID)
	require.NoError(t, err)
	require.Len(t, rec.reqs, 1)
	captured := rec.reqs[0]
	assert.Contains(t, captured.Header.Get("Authorization"), "SignedHeaders=content-type;host;x-tc-action,")

	replay := func(action string) string {
		req, err := http.NewRequest(http.MethodPost, srv.URL()+"/", bytes.NewReader(rec.body[0]))
		require.NoError(t, err)
		req.Header = captured.Header.Clone()
		req.Header.Set("X-TC-Action", action)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return string(raw)
	}
	cases := []struct {
		action   string
		accepted bool
	}{
		{apps.ActionDelete, false},
		{apps.ActionSecret, false},
		{apps.ActionGet, true},
	}
	for _, tc := range cases {
		body := replay(tc.action) // decided by the envelope, whatever the status
		assert.Equal(t, !tc.accepted, strings.Contains(body, "AuthFailure.SignatureFailure"), "%s: %s", tc.action, body)
		if !tc.accepted {
			assert.NotContains(t, body, `"Key"`, tc.action)
		}
	}
	_, err = console.Apps.Get(context.Background(), app.SDKAppID)
	assert.NoError(t, err, "the app survived the replay as DeleteIMApp")
}

func TestErrorFamilies(t *testing.T) {
	t.Parallel()
	cases := []struct {
		code     string
		sentinel error
	}{
		{"ResourceNotFound.App", client.ErrNotFound},
		{"AuthFailure.SignatureFailure", client.ErrAuth},
		{"UnauthorizedOperation", client.ErrAuth},
		{"LimitExceeded.AppCount", client.ErrLimitExceeded},
		{"InvalidParameterValue.AppName", client.ErrInvalidParameter},
		{"InvalidParameter", client.ErrInvalidParameter},
		{"MissingParameter", client.ErrInvalidParameter},
		{"UnknownParameter", client.ErrInvalidParameter},
		{"FailedOperation.AppNotDisabled", client.ErrFailedOperation},
		{"UnsupportedOperation.PaidAppDisable", client.ErrUnsupported},
		{"RequestLimitExceeded", client.ErrThrottled},
		{"ResourceInUse.Admin", client.ErrInUse},
		{"InternalError", client.ErrInternal},
		{"ServiceUnavailable", client.ErrInternal},
		{"InvalidAction", nil},
		{"ResourceUnavailable", nil},
		{"ResourceInsufficient", nil},
	}
	all := []error{client.ErrNotFound, client.ErrAuth, client.ErrLimitExceeded, client.ErrInvalidParameter, client.ErrFailedOperation, client.ErrUnsupported, client.ErrThrottled, client.ErrInUse, client.ErrInternal}
	for _, tc := range cases {
		err := fmt.Errorf("wrapped: %w", &client.APIError{Code: tc.code})
		for _, s := range all {
			assert.Equal(t, s == tc.sentinel, errors.Is(err, s), "%s vs %v", tc.code, s)
		}
		assert.True(t, client.HasCode(err, tc.code))
	}
	assert.False(t, errors.Is(&client.APIError{Code: "RequestLimitExceeded"}, client.ErrLimitExceeded), "throttling is not a quota")
}

// TestAPIErrorText: the text ends with what of the RequestID and the HTTP
// status is set, as APIError.Error's doc gives it.
func TestAPIErrorText(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		e    client.APIError
		want string
	}{
		{"answered by the service", client.APIError{Action: "DescribeIMApp", Code: "ResourceNotFound.App", Message: "no such app", RequestID: "r-1", HTTPStatus: 200},
			"imconsole: DescribeIMApp: ResourceNotFound.App: no such app (request r-1, HTTP 200)"},
		{"a gateway's failure, no RequestID", client.APIError{Action: "DescribeIMApp", Code: "InternalError", Message: "the gateway failed", HTTPStatus: 502},
			"imconsole: DescribeIMApp: InternalError: the gateway failed (HTTP 502)"},
		{"the SDK's own check", *client.ValidationError("CreateIMApp", "InvalidParameterValue.AppName", "AppName is empty"),
			"imconsole: CreateIMApp: InvalidParameterValue.AppName: AppName is empty"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, tc.e.Error(), tc.name)
	}
}

func TestRetriesServerErrorsThenSucceeds(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c := srv.Console()
	srv.Inject(imtest.Fault{Action: apps.ActionList, Code: "InternalError", Times: 2})
	_, err := c.Apps.List(context.Background(), nil)
	require.NoError(t, err)
	reqs := srv.RequestsFor(apps.ActionList)
	require.Len(t, reqs, 3)
	assert.Equal(t, []string{"InternalError", "InternalError", ""}, []string{reqs[0].Code, reqs[1].Code, reqs[2].Code})
}

func TestGivesUpWithTypedFinalError(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c := srv.Console(client.WithRetry(2, time.Millisecond, time.Millisecond))
	srv.Inject(imtest.Fault{Action: apps.ActionList, Code: "InternalError", Message: "disk on fire", Times: 10})
	_, err := c.Apps.List(context.Background(), nil)
	var ae *client.APIError
	require.ErrorAs(t, err, &ae, "the last response becomes a typed error")
	assert.Equal(t, "InternalError", ae.Code)
	assert.Equal(t, "disk on fire", ae.Message)
	assert.Equal(t, srv.RequestsFor(apps.ActionList)[2].Status, ae.HTTPStatus, "the status the transport saw")
	assert.Len(t, srv.RequestsFor(apps.ActionList), 3)
}

func TestGatewayFailuresWithoutEnvelope(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		status   int
		opts     []client.Option
		requests int
		code     string // of the *APIError with the status; "" for none
		family   error
		text     string // what the error says
	}{
		{"a 502 past the retries is InternalError", http.StatusBadGateway, nil, client.DefaultRetryMax + 1, "InternalError", client.ErrInternal, "HTTP 502 Bad Gateway"},
		{"a 503 WithoutRetries is InternalError", http.StatusServiceUnavailable, []client.Option{client.WithoutRetries()}, 1, "InternalError", client.ErrInternal, "retry later"},
		{"a 501 is not retried and is InternalError", http.StatusNotImplemented, nil, 1, "InternalError", client.ErrInternal, "HTTP 501 Not Implemented"},
		{"a gateway's 429 past the retries is RequestLimitExceeded", http.StatusTooManyRequests, nil, client.DefaultRetryMax + 1, "RequestLimitExceeded", client.ErrThrottled, "slow down and retry"},
		{"a 404 is a wrong endpoint", http.StatusNotFound, nil, 1, "", nil, "not a JSON Response envelope"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := imtest.NewServer(t)
			c := srv.Console(tc.opts...)
			srv.Inject(imtest.Fault{Action: apps.ActionGet, HTTPStatus: tc.status, Times: 10})
			_, err := c.Apps.Get(context.Background(), 1400000001)
			require.Error(t, err)
			assert.Len(t, srv.RequestsFor(apps.ActionGet), tc.requests)
			assert.ErrorContains(t, err, tc.text)
			var ae *client.APIError
			if tc.code == "" {
				assert.False(t, errors.As(err, &ae), "a non-5xx answer without an envelope is no API error")
				assert.ErrorContains(t, err, "check the endpoint")
				return
			}
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.code, ae.Code)
			assert.Equal(t, tc.status, ae.HTTPStatus)
			assert.Empty(t, ae.RequestID, "no service answered")
			assert.True(t, strings.HasSuffix(err.Error(), fmt.Sprintf(" (HTTP %d)", tc.status)), "the status shows without a RequestID: %v", err)
			assert.ErrorIs(t, err, tc.family)
			assert.NotContains(t, err.Error(), "check the endpoint")
		})
	}
}

// TestEndlessResponse: a hostile server answering with a body that never
// ends (chunked, with a Content-Length of 1 TiB, or a gzip bomb) gets
// read up to the 8 MiB cap, and the call fails at once, unretried,
// saying the response is too large.
func TestEndlessResponse(t *testing.T) {
	t.Parallel()
	for _, kind := range []testkit.Endless{testkit.EndlessChunked, testkit.EndlessClaimed, testkit.EndlessGzip} {
		t.Run(kind.String(), func(t *testing.T) {
			t.Parallel()
			endpoint, hc, wire, requests := testkit.EndlessServer(t, kind)
			c, err := client.New(client.WithCredentials("AKIDendless", "endless-key"), client.WithEndpoint(endpoint), client.WithHTTPClient(hc))
			require.NoError(t, err)
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute) // a client reading on would end here, failing the test
			defer cancel()
			err = c.Call(ctx, "DescribeIMApp", map[string]any{"SdkAppId": 1400000001}, nil)
			assert.ErrorContains(t, err, "response larger than 8388608 bytes")
			assert.EqualValues(t, 1, requests(), "too large is not retried")
			assert.LessOrEqual(t, wire(), int64(8<<20+64<<10), "bytes read off the connection")
		})
	}
}

func TestDoesNotRetryClientErrors(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c := srv.Console()
	_, err := c.Apps.Get(context.Background(), 1400009999)
	assert.ErrorIs(t, err, client.ErrNotFound)
	assert.Len(t, srv.RequestsFor(apps.ActionGet), 1)
}

func TestHonoursRetryAfterUpToMaxWait(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		maxWait time.Duration
		slow    bool
	}{
		{"Retry-After within the max wait is honoured", 5 * time.Second, true},
		{"Retry-After beyond the max wait is capped", 2 * time.Millisecond, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := imtest.NewServer(t)
			c := srv.Console(client.WithRetry(3, time.Millisecond, tc.maxWait))
			srv.Inject(imtest.Fault{Action: apps.ActionList, Code: "RequestLimitExceeded", RetryAfter: time.Second})
			start := time.Now()
			_, err := c.Apps.List(context.Background(), nil)
			require.NoError(t, err)
			if tc.slow {
				assert.GreaterOrEqual(t, time.Since(start), 900*time.Millisecond, "waited what Retry-After asked")
			} else {
				assert.Less(t, time.Since(start), 900*time.Millisecond, "waited at most the max wait")
			}
			reqs := srv.RequestsFor(apps.ActionList)
			require.Len(t, reqs, 2)
			assert.Equal(t, "RequestLimitExceeded", reqs[0].Code)
		})
	}
}

func TestThrottledErrorWhenRetriesDisabled(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c := srv.Console(client.WithoutRetries())
	srv.Inject(imtest.Fault{Action: apps.ActionList, Code: "RequestLimitExceeded"})
	_, err := c.Apps.List(context.Background(), nil)
	assert.ErrorIs(t, err, client.ErrThrottled)
}

func TestNoRetryAfterContextDone(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c := srv.Console(client.WithRetry(50, 20*time.Millisecond, 20*time.Millisecond))
	srv.Inject(imtest.Fault{Action: apps.ActionList, Code: "InternalError", Times: 1000})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Apps.List(ctx, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	n := len(srv.RequestsFor(apps.ActionList))
	assert.Less(t, n, 10, "stopped retrying when the context ended")

	// A context already done sends nothing.
	done, cancelNow := context.WithCancel(context.Background())
	cancelNow()
	_, err = c.Apps.List(done, nil)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Len(t, srv.RequestsFor(apps.ActionList), n)
}

// TestUnansweredWriteNamesItsClientToken: a write whose request reached
// the service but whose answer was lost past the retries, or given up by
// the context once it was written, says it may have been applied and
// names its ClientToken; calling again with that token gets the first
// answer, nothing applied twice. A read, and a Tag API write (which has
// no ClientToken, and whose repeat sets the same tags again), say
// nothing of the kind.
func TestUnansweredWriteNamesItsClientToken(t *testing.T) {
	t.Parallel()
	const tokenNote = "; it may have been applied: call again with ClientToken "
	cases := []struct {
		name, action string
		inFlight     bool // ctx ends once the request is written, instead of the answers being lost
		call         func(ctx context.Context, c *imconsole.Console, id uint64) error
		note         string
	}{
		{"delete, answers lost", apps.ActionDelete, false, func(ctx context.Context, c *imconsole.Console, id uint64) error {
			return c.Apps.Delete(ctx, id)
		}, tokenNote},
		{"delete, given up in flight", apps.ActionDelete, true, func(ctx context.Context, c *imconsole.Console, id uint64) error {
			return c.Apps.Delete(ctx, id)
		}, tokenNote},
		{"tag write, answers lost", tags.ActionModifyResourceTags, false, func(ctx context.Context, c *imconsole.Console, id uint64) error {
			_, err := c.Tags.Add(ctx, id, tags.Tag{Key: "k", Value: "v"})
			return err
		}, ""},
		{"read, answers lost", apps.ActionList, false, func(ctx context.Context, c *imconsole.Console, _ uint64) error {
			_, err := c.Apps.List(ctx, nil)
			return err
		}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := imtest.NewServer(t)
			c := srv.Console(client.WithRetry(1, time.Millisecond, time.Millisecond))
			app, err := c.Apps.Create(t.Context(), &apps.CreateRequest{AppName: "t", Region: apps.RegionChina})
			require.NoError(t, err)
			require.NoError(t, c.Apps.Disable(t.Context(), app.SDKAppID))
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			if tc.inFlight {
				ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { cancel() }})
			} else {
				srv.Inject(imtest.Fault{Action: tc.action, LoseResponse: true, Times: 2})
			}
			err = tc.call(ctx, c, app.SDKAppID)
			require.Error(t, err)
			if tc.note == "" {
				assert.NotContains(t, err.Error(), "may have been applied")
				return
			}
			require.Contains(t, err.Error(), tc.note)
			if tc.inFlight {
				assert.ErrorIs(t, err, context.Canceled)
			}
			_, rest, _ := strings.Cut(err.Error(), tokenNote)
			token, err := strconv.Unquote(rest[:strings.Index(rest[1:], `"`)+2])
			require.NoError(t, err)
			require.NoError(t, c.Apps.Delete(client.WithClientToken(t.Context(), token), app.SDKAppID),
				"the token's first answer, whether or not the delete had run")
			_, err = c.Apps.Get(t.Context(), app.SDKAppID)
			assert.True(t, client.HasCode(err, "ResourceNotFound.App"), "deleted once: %v", err)
		})
	}
}

func TestRetriesNetworkErrorsAndResigns(t *testing.T) {
	t.Parallel()
	tr := httpmock.NewMockTransport()
	var calls atomic.Int32
	var stamps, tokens []string
	tr.RegisterResponder(http.MethodPost, "https://im.example.com/", func(r *http.Request) (*http.Response, error) {
		stamps = append(stamps, r.Header.Get("X-TC-Timestamp"))
		var body bytes.Buffer
		_, _ = body.ReadFrom(r.Body)
		tokens = append(tokens, body.String())
		if calls.Add(1) == 1 {
			return nil, errors.New("connection reset by peer")
		}
		return httpmock.NewStringResponse(200, `{"Response":{"App":{"SdkAppId":1400000001,"AppName":"x"},"RequestId":"r"}}`), nil
	})
	var tick atomic.Int64
	now := func() time.Time { return time.Unix(1764150000+tick.Add(10), 0) }
	c, err := client.New(client.WithCredentials("id", "key"), client.WithEndpoint("https://im.example.com"),
		client.WithHTTPClient(&http.Client{Transport: tr}), client.WithClock(now),
		client.WithRetry(2, time.Millisecond, time.Millisecond))
	require.NoError(t, err)
	app, err := apps.New(c).EnableTRTC(context.Background(), 1400000001)
	require.NoError(t, err)
	assert.EqualValues(t, 1400000001, app.SDKAppID)
	require.Len(t, stamps, 2)
	assert.NotEqual(t, stamps[0], stamps[1], "each try is re-signed with a fresh timestamp")
	assert.Equal(t, tokens[0], tokens[1], "the same body, ClientToken included")
	assert.Contains(t, tokens[0], `"ClientToken":"`)
}

func TestLoggerNeverSeesSecrets(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := imtest.NewServer(t)
	c := srv.Console(client.WithLogger(logger), client.WithRetry(1, time.Millisecond, time.Millisecond))
	srv.Inject(imtest.Fault{Action: apps.ActionRegister, Code: "InternalError"})
	app, err := c.Apps.Create(context.Background(), &apps.CreateRequest{AppName: "logged", Region: apps.RegionChina})
	require.NoError(t, err)
	sec, err := c.Apps.Secret(context.Background(), app.SDKAppID)
	require.NoError(t, err)

	logs := buf.String()
	assert.Contains(t, logs, `"action":"RegisterIMApp"`)
	assert.Contains(t, logs, `"msg":"imconsole retry"`)
	_, key := srv.Credentials()
	for _, secret := range []string{key, sec.Key, "Signature=", "TC3-HMAC-SHA256", "logged"} {
		assert.NotContains(t, logs, secret)
	}
}

// TestEchoedTokenIsRedacted: a server that echoes the session token
// (X-TC-Token) into its error Message gets REDACTED in its place, in the
// error and in the debug log, as WithToken promises ("never logged or
// printed").
func TestEchoedTokenIsRedacted(t *testing.T) {
	t.Parallel()
	const token = "sts-session-token-0123456789abcdef"
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"Response":{"Error":{"Code":"AuthFailure.TokenFailure","Message":"the token %s is invalid"},"RequestId":"r1"}}`, r.Header.Get("X-TC-Token"))
	}))
	t.Cleanup(echo.Close)
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := client.New(client.WithCredentials("AKIDx", "key"), client.WithEndpoint(echo.URL), client.WithToken(token), client.WithLogger(logger))
	require.NoError(t, err)
	_, err = apps.New(c).Get(t.Context(), 1400000001)
	require.ErrorIs(t, err, client.ErrAuth)
	assert.Contains(t, err.Error(), "the token REDACTED is invalid")
	assert.NotContains(t, err.Error(), token)
	assert.NotContains(t, buf.String(), token)
}

// failingTransport fails every request as a broken network does.
type failingTransport struct{}

func (failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, errors.New("connection reset by peer")
}

// TestLoggerRecordsEveryCallAndWhyItRetries: WithLogger writes one record
// per call, failures included, with the RequestId of a success, and one
// per retry saying why; never a secret.
func TestLoggerRecordsEveryCallAndWhyItRetries(t *testing.T) {
	t.Parallel()
	type record = map[string]any
	const present = "<present>" // a value that must be there, whatever it is
	onServer := func(faults ...imtest.Fault) func(t *testing.T, opts ...client.Option) (*client.Client, string, uint64) {
		return func(t *testing.T, opts ...client.Option) (*client.Client, string, uint64) {
			srv := imtest.NewServer(t)
			app, err := srv.SeedApp(imtest.AppSeed{})
			require.NoError(t, err)
			for _, f := range faults {
				srv.Inject(f)
			}
			c, err := srv.Client(opts...)
			require.NoError(t, err)
			_, key := srv.Credentials()
			return c, key, app.SDKAppID
		}
	}
	cases := []struct {
		name    string
		client  func(t *testing.T, opts ...client.Option) (c *client.Client, secretKey string, app uint64)
		unknown bool // Get asks for an app that does not exist
		want    func(err error) []record
	}{
		{"a fault retried, then a success", onServer(imtest.Fault{Action: apps.ActionGet, Code: "InternalError", Message: "disk on fire"}), false,
			func(error) []record {
				return []record{
					{"msg": "imconsole retry", "service": "im", "action": "DescribeIMApp", "status": 200.0, "code": "InternalError", "request_id": present, "attempt": 2.0},
					{"msg": "imconsole call", "service": "im", "action": "DescribeIMApp", "status": 200.0, "request_id": present, "duration": present},
				}
			}},
		{"a gateway's 502 retried, then a success", onServer(imtest.Fault{Action: apps.ActionGet, HTTPStatus: http.StatusBadGateway}), false,
			func(error) []record {
				return []record{
					{"msg": "imconsole retry", "service": "im", "action": "DescribeIMApp", "status": 502.0, "attempt": 2.0},
					{"msg": "imconsole call", "service": "im", "action": "DescribeIMApp", "status": 200.0, "request_id": present, "duration": present},
				}
			}},
		{"a fault past the retries", onServer(imtest.Fault{Action: apps.ActionGet, Code: "InternalError", Times: 5}), false,
			func(err error) []record {
				return []record{
					{"msg": "imconsole retry", "service": "im", "action": "DescribeIMApp", "status": 200.0, "code": "InternalError", "request_id": present, "attempt": 2.0},
					{"msg": "imconsole call", "service": "im", "action": "DescribeIMApp", "status": 200.0, "code": "InternalError", "request_id": present, "duration": present, "error": err.Error()},
				}
			}},
		{"an error the service answers", onServer(), true,
			func(err error) []record {
				return []record{
					{"msg": "imconsole call", "service": "im", "action": "DescribeIMApp", "status": 200.0, "code": "ResourceNotFound.App", "request_id": present, "duration": present, "error": err.Error()},
				}
			}},
		{"a network that fails", func(t *testing.T, opts ...client.Option) (*client.Client, string, uint64) {
			c, err := client.New(append(opts, client.WithCredentials("AKIDlog", "SECRETKEY-never-logged"),
				client.WithEndpoint("https://im.example.com/?access_token=s3cr3t-token"),
				client.WithHTTPClient(&http.Client{Transport: failingTransport{}}))...)
			require.NoError(t, err)
			return c, "SECRETKEY-never-logged", 1400000001
		}, false,
			func(err error) []record {
				return []record{
					{"msg": "imconsole retry", "service": "im", "action": "DescribeIMApp", "attempt": 2.0, "error": err.Error()},
					{"msg": "imconsole call", "service": "im", "action": "DescribeIMApp", "duration": present, "error": err.Error()},
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			c, key, app := tc.client(t, client.WithLogger(logger), client.WithRetry(1, time.Millisecond, time.Millisecond))
			if tc.unknown {
				app++
			}
			_, err := apps.New(c).Get(t.Context(), app)

			var got []record
			for line := range strings.Lines(buf.String()) {
				var r record
				require.NoError(t, json.Unmarshal([]byte(line), &r), line)
				delete(r, "time")
				assert.Equal(t, "DEBUG", r["level"])
				delete(r, "level")
				for k, v := range r {
					if (k == "request_id" || k == "duration") && v != "" && v != 0.0 {
						r[k] = present
					}
				}
				got = append(got, r)
			}
			assert.Equal(t, tc.want(err), got)
			for _, secret := range []string{key, "s3cr3t-token", "Signature=", "TC3-HMAC-SHA256"} {
				assert.NotContains(t, buf.String(), secret)
			}
		})
	}
}

func TestTransportErrorsShowNoQueryValue(t *testing.T) {
	t.Parallel()
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	c, err := client.New(client.WithCredentials("id", "key"), client.WithEndpoint(dead.URL+"/?access_token=s3cr3t-token"), client.WithoutRetries())
	require.NoError(t, err)
	_, err = apps.New(c).Get(context.Background(), 1400000001)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cr3t-token")
	assert.Contains(t, err.Error(), "access_token=REDACTED")
	var ue *url.Error
	require.ErrorAs(t, err, &ue, "the net/http error stays reachable")
	assert.NotContains(t, ue.URL, "s3cr3t-token")
}

func TestCallWithoutRequestOrResponse(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	err = c.Call(context.Background(), "NoSuchAction", nil, nil)
	assert.True(t, client.HasCode(err, "InvalidAction"), "%v", err)
	assert.NoError(t, c.Call(context.Background(), apps.ActionList, nil, nil))
}

func TestWithClientTokenMakesServiceWritesIdempotent(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c := srv.Console()
	app, err := c.Apps.Create(context.Background(), &apps.CreateRequest{AppName: "t", Region: apps.RegionChina})
	require.NoError(t, err)
	require.NoError(t, c.Apps.Disable(context.Background(), app.SDKAppID))

	ctx := client.WithClientToken(context.Background(), "delete-once")
	require.NoError(t, c.Apps.Delete(ctx, app.SDKAppID))
	require.NoError(t, c.Apps.Delete(ctx, app.SDKAppID), "the repeat is answered from the first response")
	err = c.Apps.Delete(context.Background(), app.SDKAppID)
	assert.True(t, client.HasCode(err, "ResourceNotFound.App"), "a fresh token applies again: %v", err)

	reqs := srv.RequestsFor(apps.ActionDelete)
	require.Len(t, reqs, 3)
	assert.Equal(t, "delete-once", reqs[0].ClientToken)
	assert.True(t, reqs[1].Replayed)
	assert.NotEqual(t, "delete-once", reqs[2].ClientToken)
}

// A ClientToken the service would refuse (over 64 characters, or not
// printable ASCII: protocol.md's rule) fails before sending, with the
// service's InvalidParameterValue.ClientToken, and is not quoted.
func TestInvalidClientTokenIsRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c := srv.Console()
	for _, tok := range []string{strings.Repeat("t", 65), "token\nwith-a-break", "令牌"} {
		ctx := client.WithClientToken(t.Context(), tok)
		_, err := c.Apps.Create(ctx, &apps.CreateRequest{AppName: "t", Region: apps.RegionChina})
		require.True(t, client.HasCode(err, "InvalidParameterValue.ClientToken"), "%q: %v", tok, err)
		assert.NotContains(t, err.Error(), tok)
	}
	assert.Empty(t, srv.RequestsFor(apps.ActionRegister), "nothing was sent")
	ctx := client.WithClientToken(t.Context(), strings.Repeat("t", 64))
	_, err := c.Apps.Create(ctx, &apps.CreateRequest{AppName: "t", Region: apps.RegionChina})
	assert.NoError(t, err, "64 printable characters are a ClientToken")
}

func TestDecodesEachAnswerOnce(t *testing.T) {
	t.Parallel()
	const notEnvelope = "not a JSON Response envelope"
	cases := []struct {
		name, body string
		code       string // the *APIError's, or ""
		requestID  string
		intro      string // the decoded app's, on success
		errText    string // a non-API error's text, or ""
	}{
		{name: "tencent-style error", body: `{"Response":{"Error":{"Code":"ResourceNotFound.App","Message":"no such app"},"RequestId":"r1"}}`, code: "ResourceNotFound.App", requestID: "r1"},
		{name: "error with spaces", body: `{"Response" : {"Error" : {"Code" : "ResourceNotFound.App", "Message" : "no"}, "RequestId" : "r2"}}`, code: "ResourceNotFound.App", requestID: "r2"},
		{name: "escaped Error key", body: `{"Response":{"\u0045rror":{"Code":"ResourceNotFound.App","Message":"no"},"RequestId":"r3"}}`, code: "ResourceNotFound.App", requestID: "r3"},
		{name: "success mentioning Error", body: `{"Response":{"App":{"SdkAppId":1400000001,"Intro":"say \"Error\": loudly"},"RequestId":"r4"}}`, intro: `say "Error": loudly`},
		{name: "RequestId only", body: `{"Response":{"RequestId":"r5"}}`},
		{name: "empty object", body: `{}`, errText: notEnvelope},
		{name: "empty Response", body: `{"Response":{}}`, errText: notEnvelope},
		{name: "null Response", body: `{"Response":null}`, errText: notEnvelope},
		{name: "not JSON", body: `<html>gateway</html>`, errText: notEnvelope},
		{name: "wrong field type", body: `{"Response":{"App":{"SdkAppId":"x"},"RequestId":"r6"}}`, errText: "decoding response"},
	}
	tr := httpmock.NewMockTransport()
	for _, tc := range cases {
		tr.RegisterMatcherResponder(http.MethodPost, "https://im.example.com/",
			httpmock.HeaderIs("X-TC-Region", tc.name), httpmock.NewStringResponder(200, tc.body))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := client.New(client.WithCredentials("id", "key"), client.WithEndpoint("https://im.example.com"),
				client.WithHTTPClient(&http.Client{Transport: tr}), client.WithRegion(tc.name), client.WithoutRetries())
			require.NoError(t, err)
			var resp consolewire.AppResponse[apps.App]
			err = c.Call(context.Background(), apps.ActionGet, &consolewire.AppRequest{SDKAppID: 1400000001}, &resp)
			switch {
			case tc.code != "":
				var ae *client.APIError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, tc.code, ae.Code)
				assert.Equal(t, tc.requestID, ae.RequestID)
			case tc.errText != "":
				assert.ErrorContains(t, err, tc.errText)
			case tc.intro == "":
				require.NoError(t, err, "a Response with a RequestId is a valid answer")
				assert.Nil(t, resp.App, "nothing to decode")
			default:
				require.NoError(t, err)
				require.NotNil(t, resp.App)
				assert.Equal(t, tc.intro, resp.App.Intro)
			}
		})
	}
}

func TestNilOptionsAreIgnored(t *testing.T) {
	t.Parallel()
	c, err := client.New(nil, client.WithCredentials("id", "key"), nil, client.WithEndpoint("https://im.example.com"))
	require.NoError(t, err)
	assert.Contains(t, c.String(), "https://im.example.com")
}

// The client sends a generated ClientToken without writing it into the
// request, so one request value sent from several goroutines (under -race)
// or sent again is a new write each time, and the request is unchanged.
func TestGeneratedClientTokenLeavesTheRequestAlone(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	req := &apps.CreateRequest{AppName: "shared", Region: apps.RegionChina}
	const n = 4
	errs := make(chan error, n)
	for range n {
		go func() { errs <- c.Call(t.Context(), apps.ActionRegister, req, nil) }()
	}
	for range n {
		require.NoError(t, <-errs)
	}
	require.NoError(t, c.Call(t.Context(), apps.ActionRegister, req, nil))
	assert.Empty(t, req.ClientToken, "the request keeps its empty token")

	reqs := srv.RequestsFor(apps.ActionRegister)
	require.Len(t, reqs, n+1)
	seen := map[string]bool{}
	for _, r := range reqs {
		assert.Len(t, r.ClientToken, 32)
		assert.False(t, r.Replayed)
		seen[r.ClientToken] = true
	}
	assert.Len(t, seen, n+1, "each call is its own write")
	var page struct{ TotalCount int }
	require.NoError(t, c.Call(t.Context(), apps.ActionList, nil, &page))
	assert.Equal(t, n+1, page.TotalCount)
}

// TestWriteRequestByValueAndTypedNil: a write request passed by value
// embeds Idempotency as much as one passed by pointer, so it is sent with
// a ClientToken; a typed nil request sends {}, as nil does, instead of
// panicking.
func TestWriteRequestByValueAndTypedNil(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c, err := srv.Client()
	require.NoError(t, err)
	require.NoError(t, c.Call(t.Context(), apps.ActionRegister, apps.CreateRequest{AppName: "by_value", Region: apps.RegionChina}, nil))
	reqs := srv.RequestsFor(apps.ActionRegister)
	require.Len(t, reqs, 1)
	assert.Len(t, reqs[0].ClientToken, 32, "a value request is a write with a ClientToken")

	err = c.Call(t.Context(), apps.ActionRegister, (*apps.CreateRequest)(nil), nil)
	_, answered := errors.AsType[*client.APIError](err)
	assert.True(t, answered, "{} was sent and refused by the service: %v", err)
	assert.JSONEq(t, `{}`, string(srv.RequestsFor(apps.ActionRegister)[1].Body))
}

// TestThrottleAnswerKeptWhenItsWaitOutlastsTheDeadline: a throttled
// answer whose Retry-After ends after ctx's deadline is not waited for:
// the call ends at once with the answer (ErrThrottled) instead of the
// bare context error at the deadline, and matches
// context.DeadlineExceeded too.
func TestThrottleAnswerKeptWhenItsWaitOutlastsTheDeadline(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c := srv.Console(client.WithRetry(3, time.Millisecond, time.Minute))
	srv.Inject(imtest.Fault{Action: apps.ActionList, Code: "RequestLimitExceeded", RetryAfter: 30 * time.Second, Times: 5})
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := c.Apps.List(ctx, nil)
	assert.ErrorIs(t, err, client.ErrThrottled)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NoError(t, ctx.Err(), "it did not wait for the deadline")
	assert.Len(t, srv.RequestsFor(apps.ActionList), 1)
}
