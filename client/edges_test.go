package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/consolewire"
	"github.com/imconsole/imconsole/internal/tc3"
)

// TestNewNeedsBothCredentialsFromTheEnvironment: New reads the SecretId
// and SecretKey from TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY,
// and fails when either is missing ("New fails when credentials are
// missing"): a SecretId alone signs nothing.
func TestNewNeedsBothCredentialsFromTheEnvironment(t *testing.T) {
	// Not parallel: it sets environment variables.
	for _, tc := range []struct{ name, id, key string }{
		{"a SecretId alone", "AKIDenv", ""},
		{"a SecretKey alone", "", "env-key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(client.EnvSecretID, tc.id)
			t.Setenv(client.EnvSecretKey, tc.key)
			_, err := client.New(client.WithEndpoint("https://im.example.com"))
			assert.ErrorContains(t, err, "no credentials")
		})
	}
}

// TestNetworkErrorsRetriedOnlyWhenRepeatable: a network error (the
// connection drops after the request) is retried for reads (Describe*,
// Get*, List*) and for writes carrying a ClientToken, and a write without
// one is sent once (Client.CallService; docs/protocol.md).
func TestNetworkErrorsRetriedOnlyWhenRepeatable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		svc      client.Service
		action   string
		req      any
		requests int32
	}{
		{"a read", cim, "DescribeSdkAppid", nil, 3},
		{"a write with its ClientToken", client.ConsoleService(), apps.ActionDisable, &consolewire.AppWriteRequest{SDKAppID: 1400000001}, 3},
		{"a write without ClientToken", tag, "ModifyResourceTags", map[string]string{"Resource": "qcs::im::uin/1:sdkappid/1400000001"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				_, _ = io.ReadAll(r.Body)
				if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
					conn.Close() // the answer is lost
				}
			}))
			t.Cleanup(srv.Close)
			c, err := client.New(client.WithCredentials("AKIDnet", "net-key"), client.WithEndpoint(srv.URL),
				client.WithRetry(2, time.Millisecond, time.Millisecond))
			require.NoError(t, err)
			err = c.CallService(t.Context(), tc.svc, tc.action, tc.req, nil)
			require.Error(t, err)
			assert.Equal(t, tc.requests, n.Load(), "requests sent")
		})
	}
}

// TestGateway5xxButNotImplementedRetriedForReads: an answer without an
// error envelope is a gateway's, and its 5xx but 501 is retried as a
// network error is, for a read: HTTP 500 included.
func TestGateway5xxButNotImplementedRetriedForReads(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status   int
		requests int32
	}{
		{http.StatusInternalServerError, 2},
		{http.StatusServiceUnavailable, 2},
		{http.StatusNotImplemented, 1},
	} {
		t.Run(strconv.Itoa(tc.status), func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if n.Add(1) == 1 {
					w.WriteHeader(tc.status)
					return
				}
				_, _ = io.WriteString(w, okIDs)
			}))
			t.Cleanup(srv.Close)
			c, err := client.New(client.WithCredentials("AKIDgw", "gw-key"), client.WithEndpoint(srv.URL),
				client.WithRetry(2, time.Millisecond, time.Millisecond))
			require.NoError(t, err)
			err = c.CallService(t.Context(), cim, "DescribeSdkAppid", nil, nil)
			assert.Equal(t, tc.requests, n.Load(), "requests sent")
			assert.Equal(t, tc.requests == 2, err == nil, "%v", err)
		})
	}
}

// TestRetryAfterOfARetriedErrorBeyondTheDeadline: every retried answer
// waits what its Retry-After asks (up to WithRetry's maximum), so when
// that wait would end after ctx's deadline the call ends at once with the
// answer's *APIError, which matches context.DeadlineExceeded too; nothing
// is sent again. The deadline is a minute away and never reached.
func TestRetryAfterOfARetriedErrorBeyondTheDeadline(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, code string
		family     error
	}{
		{"InternalError", "InternalError", client.ErrInternal},
		{"ServiceUnavailable", "ServiceUnavailable", client.ErrInternal},
		{"RequestLimitExceeded", "RequestLimitExceeded", client.ErrThrottled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tl := newTencentLike(t, errorAnswer(tc.code), okIDs)
			tl.header.Set("Retry-After", "3600")
			c, err := client.New(client.WithCredentials("AKIDra", "ra-key"), client.WithEndpoint(tl.srv.URL),
				client.WithRetry(3, time.Millisecond, 2*time.Hour))
			require.NoError(t, err)
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			err = c.CallService(ctx, cim, "DescribeSdkAppid", nil, nil)
			var ae *client.APIError
			require.ErrorAs(t, err, &ae, "the answer is kept as the typed error")
			assert.Equal(t, tc.code, ae.Code)
			assert.ErrorIs(t, err, tc.family)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Len(t, tl.requests(), 1, "the hour's wait was not begun")
		})
	}
}

// signedRequest is one request as a server received it, with what its
// TC3 signature covers.
type signedRequest struct {
	host, action, contentType, auth string
	timestamp                       int64
	body                            []byte
}

// TestEveryAttemptIsSignedForItsServiceAndHost: the first request and each
// retry carry a TC3-HMAC-SHA256 Authorization that Tencent's algorithm
// (the credential scope <date>/<service>/tc3_request, the canonical host
// the Host header as sent, port included; SignedHeaders
// content-type;host;x-tc-action) gives for that attempt's timestamp and
// body, with the scope of the service called, whichever it is.
func TestEveryAttemptIsSignedForItsServiceAndHost(t *testing.T) {
	t.Parallel()
	const id, key = "AKIDsign", "sign-key"
	for _, tc := range []struct {
		svc    client.Service
		action string
	}{
		{cim, "DescribeSdkAppid"},
		{client.Service{Name: client.ServiceCAM, Version: client.VersionCAM}, client.ActionGetUserAppID},
		{tag, "GetResources"},
		{client.ConsoleService(), apps.ActionList},
	} {
		t.Run(tc.svc.Name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var got []signedRequest
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				ts, _ := strconv.ParseInt(r.Header.Get("X-TC-Timestamp"), 10, 64)
				mu.Lock()
				got = append(got, signedRequest{r.Host, r.Header.Get("X-TC-Action"), r.Header.Get("Content-Type"), r.Header.Get("Authorization"), ts, body})
				n := len(got)
				mu.Unlock()
				if n == 1 {
					_, _ = io.WriteString(w, errorAnswer("InternalError"))
					return
				}
				_, _ = io.WriteString(w, `{"Response":{"RequestId":"r-ok"}}`)
			}))
			t.Cleanup(srv.Close)
			var tick atomic.Int64
			c, err := client.New(client.WithCredentials(id, key), client.WithEndpoint(srv.URL),
				client.WithClock(func() time.Time { return time.Unix(1764150000+tick.Add(7), 0) }),
				client.WithRetry(2, time.Millisecond, time.Millisecond))
			require.NoError(t, err)
			require.NoError(t, c.CallService(t.Context(), tc.svc, tc.action, nil, nil))
			require.Len(t, got, 2, "the InternalError was retried")
			assert.NotEqual(t, got[0].timestamp, got[1].timestamp, "the retry is signed anew")
			signer := tc3.NewSigner(id, key, tc.svc.Name)
			for i, r := range got {
				want := signer.Authorization(&tc3.Request{Method: http.MethodPost, Host: r.host, Path: "/",
					ContentType: r.contentType, Action: r.action, SignAction: true, Payload: r.body, Timestamp: r.timestamp})
				assert.Equal(t, want, r.auth, "attempt %d", i+1)
			}
		})
	}
}

// TestAnswersThatAreNoSuccess: a gateway's HTTP 5xx without an envelope
// is an *APIError with Code InternalError (HTTP 500 included, once the
// retries are spent); an answer with a status other than 200 is no
// success even with a success envelope (Tencent answers every request
// HTTP 200, and its SDK takes another status as a failure); a body whose
// Response does not decode as an envelope is an error, never a retried
// or successful answer.
func TestAnswersThatAreNoSuccess(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		status   int
		body     string
		requests int
		code     string // the *APIError's; "" for another error
	}{
		{"HTTP 500 without an envelope", http.StatusInternalServerError, "oops", 1, "InternalError"},
		{"HTTP 300 with a success envelope", http.StatusMultipleChoices, `{"Response":{"RequestId":"r-300"}}`, 1, "InternalError"},
		{"a throttling code in a Response that does not decode", http.StatusOK, `{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":5},"RequestId":"r"}}`, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				n.Add(1)
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			}))
			t.Cleanup(srv.Close)
			c, err := client.New(client.WithCredentials("AKIDbad", "bad-key"), client.WithEndpoint(srv.URL), client.WithoutRetries())
			require.NoError(t, err)
			err = c.CallService(t.Context(), cim, "DescribeSdkAppid", nil, nil)
			require.Error(t, err)
			assert.EqualValues(t, tc.requests, n.Load())
			var ae *client.APIError
			if tc.code == "" {
				assert.False(t, errors.As(err, &ae), "%v", err)
				return
			}
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.code, ae.Code)
			assert.Equal(t, tc.status, ae.HTTPStatus)
		})
	}
	t.Run("a malformed throttling answer is not retried", func(t *testing.T) {
		t.Parallel()
		tl := newTencentLike(t, `{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":5},"RequestId":"r"}}`)
		c, err := client.New(client.WithCredentials("AKIDbad", "bad-key"), client.WithEndpoint(tl.srv.URL),
			client.WithRetry(3, time.Millisecond, time.Millisecond))
		require.NoError(t, err)
		err = c.CallService(t.Context(), cim, "DescribeSdkAppid", nil, nil)
		assert.ErrorContains(t, err, "not a JSON Response envelope")
		assert.Len(t, tl.requests(), 1)
	})
}

// onlyToken is a write request with nothing but its Idempotency.
type onlyToken struct{ client.Idempotency }

// TestWritesGetARandomClientToken: a write whose request embeds
// Idempotency without a token is sent with a random one, also when it has
// no other field and when WithClientToken gives an empty token ("does
// every write when token is empty (each gets a random one)"); the body is
// a JSON object.
func TestWritesGetARandomClientToken(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		ctx  func(context.Context) context.Context
		req  any
	}{
		{"a request of no other field", func(ctx context.Context) context.Context { return ctx }, &onlyToken{}},
		{"an empty WithClientToken", func(ctx context.Context) context.Context { return client.WithClientToken(ctx, "") },
			&consolewire.AppWriteRequest{SDKAppID: 1400000001}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tl := newTencentLike(t, `{"Response":{"RequestId":"r-ok"}}`)
			c, err := client.New(client.WithCredentials("AKIDtok", "tok-key"), client.WithEndpoint(tl.srv.URL))
			require.NoError(t, err)
			require.NoError(t, c.Call(tc.ctx(t.Context()), "ModifyWidget", tc.req, nil))
			require.Len(t, tl.requests(), 1)
			var sent struct{ ClientToken string }
			require.NoError(t, json.Unmarshal([]byte(tl.requests()[0].Body), &sent), "the body is JSON: %s", tl.requests()[0].Body)
			assert.Len(t, sent.ClientToken, 32, "a random 32-character hex token")
		})
	}
}

// TestAccountWaitEndsWithTheContext: a caller waiting for another's
// Account lookup gets ctx's error when its context ends, and no Account.
func TestAccountWaitEndsWithTheContext(t *testing.T) {
	t.Parallel()
	started, release := make(chan struct{}), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		close(started)
		<-release
		_, _ = io.WriteString(w, `{"Response":{"Uin":"100","OwnerUin":"100","AppId":1250000000,"RequestId":"r"}}`)
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.WithCredentials("AKIDacct", "acct-key"), client.WithEndpoint(srv.URL))
	require.NoError(t, err)
	first := make(chan error, 1)
	go func() {
		_, err := c.Account(t.Context())
		first <- err
	}()
	<-started // the first lookup is in flight
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	a, err := c.Account(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, a)
	close(release)
	require.NoError(t, <-first)
}

// TestNoRetryLeftIsNoDeadlineCut: only a retry whose wait would end after
// ctx's deadline makes the error match context.DeadlineExceeded; with no
// retry left (WithRetry(0, ...)) the last answer's error is returned as it
// is, however long the backoff would have been.
func TestNoRetryLeftIsNoDeadlineCut(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		retries  int
		deadline bool
	}{
		{"a retry left", 1, true},
		{"no retry left", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tl := newTencentLike(t, errorAnswer("RequestLimitExceeded"))
			c, err := client.New(client.WithCredentials("AKIDcut", "cut-key"), client.WithEndpoint(tl.srv.URL),
				client.WithRetry(tc.retries, time.Hour, time.Hour))
			require.NoError(t, err)
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			err = c.CallService(ctx, cim, "DescribeSdkAppid", nil, nil)
			require.ErrorIs(t, err, client.ErrThrottled)
			assert.Equal(t, tc.deadline, errors.Is(err, context.DeadlineExceeded), "%v", err)
			assert.Len(t, tl.requests(), 1)
		})
	}
}
