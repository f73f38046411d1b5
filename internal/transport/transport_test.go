package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackoffIsCappedJitterAndCapsServerWaits(t *testing.T) {
	t.Parallel()
	const lo, hi = 100 * time.Millisecond, 5 * time.Second
	cases := []struct {
		name    string
		asked   time.Duration
		attempt int
		min     time.Duration
		max     time.Duration
	}{
		{"first retry", 0, 0, lo, 2 * lo},
		{"third retry", 0, 2, lo, 8 * lo},
		{"capped", 0, 10, lo, hi},
		{"huge attempt", 0, 200, lo, hi},
		{"Retry-After within max", 2 * time.Second, 0, 2 * time.Second, 2 * time.Second},
		{"a minute capped at max", time.Minute, 0, hi, hi},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := &call{}
			c.rc.RetryWaitMin, c.rc.RetryWaitMax = lo, hi
			seen := map[time.Duration]bool{}
			for range 200 {
				w := c.nextWait(tc.asked, tc.attempt)
				assert.GreaterOrEqual(t, w, tc.min)
				assert.LessOrEqual(t, w, tc.max)
				seen[w] = true
			}
			if tc.min < tc.max {
				assert.Greater(t, len(seen), 1, "the waits are spread, the first retry's too, so clients that failed together do not retry together")
			}
		})
	}
}

// TestTheDrawnWaitIsTheOneJudgedAndWaited: the wait before a retry is
// drawn once, so the one outlasts judges against the deadline is the one
// backoff waits: a retry whose wait ends after the deadline is cut even
// when the shortest possible wait would not have been (the answer was
// lost whenever the jitter drew past the deadline).
func TestTheDrawnWaitIsTheOneJudgedAndWaited(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	c := &call{wait: 2 * time.Minute}
	c.rc.RetryWaitMin, c.rc.RetryWaitMax = time.Second, time.Hour
	assert.True(t, c.outlasts(ctx), "a drawn 2 min outlasts a 1 min deadline, though the 1 s minimum would not")
	assert.Equal(t, 2*time.Minute, c.backoff(time.Second, time.Hour, 0, nil), "and is the wait backoff waits")
	c.wait = 30 * time.Second
	assert.False(t, c.outlasts(ctx))
	assert.False(t, c.outlasts(t.Context()), "no deadline, nothing outlasts it")
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status int
		header string
		want   time.Duration
	}{
		{429, "3", 3 * time.Second},
		{503, "0", 0},
		{503, "1", time.Second},
		{500, "3", 3 * time.Second},
		{200, "2", 2 * time.Second},
		{429, "soon", 0},
		{429, "-1", 0},
		{429, "", 0},
		{429, "18446744074", time.Duration(math.MaxInt64)}, // would wrap to 290 ms: the cap applies instead
		{429, "9223372036854775807", time.Duration(math.MaxInt64)},
		{429, "99999999999999999999", time.Duration(math.MaxInt64)},
		{429, "-99999999999999999999", 0},
	}
	for _, tc := range cases {
		r := &Reply{StatusCode: tc.status, Header: http.Header{"Retry-After": {tc.header}}}
		assert.Equal(t, tc.want, RetryAfter(r), "%d %q", tc.status, tc.header)
	}
	assert.Zero(t, RetryAfter(nil))
}

// serve starts a test server answering with h and returns its URL.
func serve(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// post sends body to url through tr.
func post(t *testing.T, tr *Transport, url string, decide Decide) (*Reply, error) {
	t.Helper()
	req, err := retryablehttp.NewRequestWithContext(context.Background(), http.MethodPost, url, []byte(`{}`))
	require.NoError(t, err)
	return tr.Do(req, decide)
}

func TestDoReadsEachBodyOnceAndDecidesOnIt(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	addr := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("busy"))
			return
		}
		_, _ = w.Write([]byte("done"))
	})
	var prepared atomic.Int32
	tr := New(Config{
		RetryMax: 5, WaitMin: time.Millisecond, WaitMax: time.Millisecond,
		Prepare: func(*http.Request) error { prepared.Add(1); return nil },
	})
	var seen []string
	reply, err := post(t, tr, addr+"/p?secret=x", func(_ context.Context, _ Try, r *Reply, err error) (bool, time.Duration) {
		require.NoError(t, err)
		seen = append(seen, string(r.Body))
		return r.StatusCode >= 500, 0
	})
	require.NoError(t, err)
	assert.Equal(t, "done", string(reply.Body))
	assert.Equal(t, []string{"busy", "busy", "done"}, seen)
	assert.EqualValues(t, 2, prepared.Load(), "each retry is prepared")
}

func TestDoReturnsTheLastReplyWhenRetriesRunOut(t *testing.T) {
	t.Parallel()
	addr := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	})
	tr := New(Config{RetryMax: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond})
	var tries []Try
	reply, err := post(t, tr, addr, func(_ context.Context, try Try, _ *Reply, _ error) (bool, time.Duration) {
		tries = append(tries, try)
		return true, time.Hour // capped at WaitMax
	})
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadGateway, reply.StatusCode)
	assert.Equal(t, []Try{{N: 1}, {N: 2}, {N: 3, Last: true}}, tries, "each decision knows its try, and the last one that no retry follows")
}

func TestDoRefusesBodiesOverTheBound(t *testing.T) {
	t.Parallel()
	big := bytes.Repeat([]byte("x"), MaxBody+1)
	cases := []struct {
		name  string
		write func(http.ResponseWriter, *http.Request)
	}{
		{"with Content-Length", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(big) }},
		{"chunked", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write(big[:1])
			w.(http.Flusher).Flush()
			_, _ = w.Write(big[1:])
		}},
		{"announced, then stalled", func(w http.ResponseWriter, r *http.Request) { // refused on its header, nothing read or set aside
			w.Header().Set("Content-Length", strconv.Itoa(MaxBody+1))
			w.WriteHeader(http.StatusOK)
			w.(http.Flusher).Flush()
			<-r.Context().Done() // until the client hangs up: only one that waits for no body returns
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			addr := serve(t, func(w http.ResponseWriter, r *http.Request) { tc.write(w, r) })
			tr := New(Config{RetryMax: 3, WaitMin: time.Millisecond, WaitMax: time.Millisecond,
				HTTPClient: &http.Client{Timeout: 10 * time.Second}}) // a client that waits for the stalled body fails, not hangs
			var calls int
			_, err := post(t, tr, addr, func(context.Context, Try, *Reply, error) (bool, time.Duration) {
				calls++
				return true, 0
			})
			assert.ErrorIs(t, err, ErrTooLarge)
			assert.Zero(t, calls, "too large is final, not a decision")
		})
	}
}

func TestDoStopsWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	addr := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	})
	tr := New(Config{RetryMax: 50, WaitMin: time.Hour, WaitMax: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, addr, nil)
	require.NoError(t, err)
	_, err = tr.Do(req, func(context.Context, Try, *Reply, error) (bool, time.Duration) {
		cancel() // ends the hour's wait that follows
		return true, 0
	})
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
}

func TestRedact(t *testing.T) {
	t.Parallel()
	const sig = "eAEArwBQ-3siVExT*1_"
	cases := []struct {
		name, in, want string
	}{
		{"no secret", "connection refused", "connection refused"},
		{"every query value but the public ones", "Post \"https://h/v4/a/b?sdkappid=1&identifier=admin&usersig=x-y*z&random=7&contenttype=json&token=t\": EOF",
			"Post \"https://h/v4/a/b?sdkappid=1&identifier=admin&usersig=REDACTED&random=7&contenttype=json&token=REDACTED\": EOF"},
		{"usersig echoed in a body", "upstream said: usersig=" + sig + " is bad", "upstream said: usersig=REDACTED is bad"},
		{"usersig at the start, any case", "UserSig=abc&x", "UserSig=REDACTED&x"},
		{"JSON quoted", `{"url":"/v4?usersig=abc"}`, `{"url":"/v4?usersig=REDACTED"}`},
		{"the secret itself", `{"sig":"` + sig + `"}`, `{"sig":"REDACTED"}`},
		{"the secret query-escaped", "sig " + url.QueryEscape(sig), "sig REDACTED"},
		{"not a query", "a = b, x=1", "a = b, x=1"},
		{"empty value", "?a=&b=2", "?a=&b=REDACTED"},
		{"fragment ends the value", "?a=1#frag", "?a=REDACTED#frag"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, Redact(tc.in, sig, ""))
		})
	}
}

// TestShownURL: no password and no query value but the public ones shows,
// whatever the URL's form: a typo or a missing scheme puts the user info
// outside what url.Parse takes for the host, a query name may hold any
// byte, a token may stand bare.
func TestShownURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"https://ops:pw@im.example.com/?access_token=tok", "https://ops:xxxxx@im.example.com/?access_token=REDACTED"},
		{"https://ops:pw@im.example.com:bad/", "https://ops:xxxxx@im.example.com:bad/"},
		{"://ops:pw@im.example.com/", "://ops:xxxxx@im.example.com/"},
		{"ops:pw@im.example.com", "ops:xxxxx@im.example.com"},
		{"https//ops:pw@im.example.com/", "https//ops:xxxxx@im.example.com/"},
		{"https:/ops:pw@im.example.com/", "https:/ops:xxxxx@im.example.com/"},
		{"https:ops:pw@im.example.com", "https:xxxxx@im.example.com"},
		{"https://im.example.com/a@b", "https://im.example.com/a@b"},
		{"https://im.example.com/?auth[token]=tok&x:k=tok&a+b=tok", "https://im.example.com/?auth[token]=REDACTED&x:k=REDACTED&a+b=REDACTED"},
		{"https://im.example.com/?tok", "https://im.example.com/?REDACTED"},
		{"https://im.example.com/#access_token=tok", "https://im.example.com/#REDACTED"},
		{"https://h/v4?sdkappid=1&identifier=admin&usersig=sig&random=7", "https://h/v4?sdkappid=1&identifier=admin&usersig=REDACTED&random=7"},
		{"https://im.example.com/", "https://im.example.com/"},
	} {
		assert.Equal(t, tc.want, ShownURL(tc.in), tc.in)
	}
}

func TestRedactErrorKeepsTheChain(t *testing.T) {
	t.Parallel()
	inner := &url.Error{Op: "Post", URL: "https://h/v4?usersig=abc&random=1", Err: io.ErrUnexpectedEOF}
	err := RedactError("restapi: a/b", inner)
	assert.Equal(t, `restapi: a/b: Post "https://h/v4?usersig=REDACTED&random=1": unexpected EOF`, err.Error())
	odd := RedactError("imconsole: A", &url.Error{Op: "Post", URL: "https://h/?X-Api-Key[0]=tok&tok2", Err: io.EOF})
	assert.Equal(t, `imconsole: A: Post "https://h/?X-Api-Key[0]=REDACTED&REDACTED": EOF`, odd.Error(), "any query name, and a bare token")
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	var ue *url.Error
	require.ErrorAs(t, err, &ue)
	assert.NotContains(t, ue.URL, "abc")
}

// redials returns how many new connections the second of two waves of 64
// concurrent calls through one Transport built from cfg opens. The server
// answers a wave only once all 64 calls are in, so each wave holds 64
// connections at once; the second can reuse those the first left idle.
// countingServer serves h, counting in opened the connections it accepts.
func countingServer(t *testing.T, opened *atomic.Int64, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func redials(t *testing.T, cfg Config) int64 {
	t.Helper()
	const callers = 64
	var opened, arrived atomic.Int64
	var mu sync.Mutex
	full := make(chan struct{})
	srv := countingServer(t, &opened, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		wave := full
		if arrived.Add(1)%callers == 0 {
			close(full)
			full = make(chan struct{})
		}
		mu.Unlock()
		<-wave
		_, _ = w.Write([]byte("ok"))
	})
	tr := New(cfg)
	wave := func() {
		var wg sync.WaitGroup
		for range callers {
			wg.Go(func() {
				req, err := retryablehttp.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL, []byte(`{}`))
				if assert.NoError(t, err) {
					_, err = tr.Do(req, func(context.Context, Try, *Reply, error) (bool, time.Duration) { return false, 0 })
					assert.NoError(t, err)
				}
			})
		}
		wg.Wait()
	}
	wave()
	first := opened.Load()
	require.EqualValues(t, callers, first, "the first wave holds one connection per caller")
	wave()
	return opened.Load() - first
}

func TestDefaultClientKeepsConnectionsForConcurrentCallers(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name            string
		perHost         int
		atLeast, atMost int64
	}{
		{"default pool", 0, 0, 8},                 // the first wave's connections are reused
		{"net/http's 2 idle per host", 2, 56, 64}, // all but about 2 are dialled anew
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n := redials(t, Config{MaxIdleConnsPerHost: tc.perHost})
			assert.GreaterOrEqual(t, n, tc.atLeast, "new connections in the second wave")
			assert.LessOrEqual(t, n, tc.atMost, "new connections in the second wave")
		})
	}
}

func TestPoolSizeAndOwnClientDoNotMix(t *testing.T) {
	t.Parallel()
	var c Config
	require.NoError(t, c.SetMaxIdleConnsPerHost("p", 8))
	assert.ErrorContains(t, c.SetHTTPClient("p", &http.Client{}), "p: WithMaxIdleConnsPerHost sizes the default HTTP client")
	c = Config{}
	require.NoError(t, c.SetHTTPClient("p", &http.Client{}))
	assert.ErrorContains(t, c.SetMaxIdleConnsPerHost("p", 8), "set MaxIdleConnsPerHost on your client's *http.Transport")
	assert.ErrorContains(t, (&Config{}).SetMaxIdleConnsPerHost("p", 0), "at least 1")
	hc := defaultHTTPClient(8)
	assert.Equal(t, 8, hc.Transport.(*http.Transport).MaxIdleConnsPerHost)
}

// roundTripFunc is an http.RoundTripper that answers in process, as a
// mock or an in-memory server does, without looking at the request's
// context.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestNoRetryIsSentOnceTheContextEndedDuringSleep(t *testing.T) {
	t.Parallel()
	// Sleep ending with the context leaves go-retryablehttp a zero wait and
	// a done context, and its select picks either at random: many runs make
	// a retry sent after the context ended all but certain to show.
	for range 64 {
		var sent atomic.Int32
		hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			sent.Add(1)
			return &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
		})}
		ctx, cancel := context.WithCancel(context.Background())
		var prepared atomic.Int32
		tr := New(Config{
			HTTPClient: hc, RetryMax: 3, WaitMin: time.Second, WaitMax: time.Second,
			Prepare: func(*http.Request) error { prepared.Add(1); return nil },
			Sleep: func(ctx context.Context, _ time.Duration) error {
				cancel() // the caller gives up while the client waits
				return ctx.Err()
			},
		})
		req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, "http://in.process/", []byte(`{}`))
		require.NoError(t, err)
		_, err = tr.Do(req, func(context.Context, Try, *Reply, error) (bool, time.Duration) { return true, 0 })
		require.ErrorIs(t, err, context.Canceled)
		require.EqualValues(t, 1, sent.Load(), "a retry was sent after the context ended")
		require.Zero(t, prepared.Load(), "a retry was prepared (re-signed) after the context ended")
	}
}

// TestUnansweredSaysTheRequestMayHaveArrived: a call fails wrapped in
// *Unanswered exactly when its last attempt may have reached the server
// and no answer was read: written whole and then lost or given up by
// the context, or answered with a broken body; not when it never
// connected or its TLS handshake failed, nor when the context ended in a wait after an answer. A
// client that reports no httptrace events is taken to have sent unless
// it failed to dial. Nothing is sent once the context has ended.
func TestUnansweredSaysTheRequestMayHaveArrived(t *testing.T) {
	t.Parallel()
	hangUp := func(w http.ResponseWriter) {
		c, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			c.Close()
		}
	}
	refused := func() string { // a port nobody listens on
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		defer l.Close()
		return "http://" + l.Addr().String()
	}()
	untrusted := httptest.NewUnstartedServer(http.NotFoundHandler()) // a certificate the default client refuses
	untrusted.Config.ErrorLog = log.New(io.Discard, "", 0)
	untrusted.StartTLS()
	t.Cleanup(untrusted.Close)
	noTrace := func(err error) *http.Client {
		return &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, err })}
	}
	cases := []struct {
		name       string
		handler    func(w http.ResponseWriter, r *http.Request, cancel func(), n int32)
		url        string       // instead of handler's server
		hc         *http.Client // instead of the default client
		retryFirst bool         // retry the first answer, cancelling ctx in the wait
		unanswered bool
	}{
		{"the context ends once the server has the request", func(w http.ResponseWriter, r *http.Request, cancel func(), _ int32) {
			_, _ = io.ReadAll(r.Body)
			cancel()
			<-r.Context().Done()
		}, "", nil, false, true},
		{"the connection drops after the request", func(w http.ResponseWriter, r *http.Request, _ func(), _ int32) {
			hangUp(w)
		}, "", nil, false, true},
		{"a retry's request is lost after an answered attempt", func(w http.ResponseWriter, r *http.Request, _ func(), n int32) {
			if n == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			hangUp(w)
		}, "", nil, false, true},
		{"the body breaks after the status line", func(w http.ResponseWriter, r *http.Request, _ func(), _ int32) {
			w.Header().Set("Content-Length", "10")
			_, _ = w.Write([]byte("{}"))
			w.(http.Flusher).Flush()
			hangUp(w)
		}, "", nil, false, true},
		{"the connection is refused", nil, refused, nil, false, false},
		{"the TLS handshake fails", nil, untrusted.URL, nil, false, false},
		{"the context ends in the wait after an answer", func(w http.ResponseWriter, r *http.Request, _ func(), _ int32) {
			w.WriteHeader(http.StatusServiceUnavailable)
		}, "", nil, true, false},
		{"no trace, failing in flight", nil, "http://in.process/", noTrace(errors.New("connection reset")), false, true},
		{"no trace, failing to dial", nil, "http://in.process/", noTrace(&net.OpError{Op: "dial", Err: errors.New("refused")}), false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			url := tc.url
			if tc.handler != nil {
				var n atomic.Int32
				url = serve(t, func(w http.ResponseWriter, r *http.Request) { tc.handler(w, r, cancel, n.Add(1)) })
			}
			cfg := Config{HTTPClient: tc.hc, RetryMax: 1, WaitMin: time.Millisecond, WaitMax: time.Millisecond}
			if tc.retryFirst {
				cfg.WaitMin, cfg.WaitMax = time.Hour, time.Hour
			}
			req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, url, []byte(`{}`))
			require.NoError(t, err)
			_, err = New(cfg).Do(req, func(_ context.Context, _ Try, r *Reply, err error) (bool, time.Duration) {
				if tc.retryFirst {
					cancel() // ends the hour's wait
				}
				return r != nil && r.StatusCode == http.StatusServiceUnavailable, 0
			})
			require.Error(t, err)
			_, got := errors.AsType[*Unanswered](err)
			assert.Equal(t, tc.unanswered, got, "%v", err)
		})
	}
	t.Run("an attempt lost in flight, then retries that cannot connect", func(t *testing.T) {
		t.Parallel()
		var n atomic.Int32
		hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
			if n.Add(1) == 1 {
				return nil, errors.New("connection reset") // written, then lost: the server may have it
			}
			return nil, &net.OpError{Op: "dial", Err: errors.New("connection refused")} // the server went away
		})}
		req, err := retryablehttp.NewRequestWithContext(context.Background(), http.MethodPost, "http://in.process/", []byte(`{}`))
		require.NoError(t, err)
		_, err = New(Config{HTTPClient: hc, RetryMax: 2, WaitMin: time.Millisecond, WaitMax: time.Millisecond}).Do(req,
			func(_ context.Context, _ Try, _ *Reply, err error) (bool, time.Duration) { return err != nil, 0 })
		require.Error(t, err)
		assert.EqualValues(t, 3, n.Load())
		_, got := errors.AsType[*Unanswered](err)
		assert.True(t, got, "the first attempt may have been applied, whatever the last one did: %v", err)
	})
	t.Run("the context ended before the call", func(t *testing.T) {
		t.Parallel()
		var sent atomic.Bool
		hc := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
			sent.Store(true)
			return nil, errors.New("connection reset")
		})}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, "http://in.process/", []byte(`{}`))
		require.NoError(t, err)
		_, err = New(Config{HTTPClient: hc}).Do(req, func(context.Context, Try, *Reply, error) (bool, time.Duration) { return false, 0 })
		require.ErrorIs(t, err, context.Canceled)
		_, got := errors.AsType[*Unanswered](err)
		assert.False(t, got, "%v", err)
		assert.False(t, sent.Load(), "nothing is sent")
	})
}

// TestFailedCallsKeepTheIdleConnections: a call that fails (retries spent
// on a 429, a connection lost, the context ending in a wait) leaves the
// client's idle connections to the other callers, where go-retryablehttp
// alone closes them all after every failed call, so that a shared client
// under throttling would dial (and to Tencent, handshake TLS) again and
// again just when the server is busiest.
func TestFailedCallsKeepTheIdleConnections(t *testing.T) {
	t.Parallel()
	var opened atomic.Int64
	srv := countingServer(t, &opened, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/busy" {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = w.Write([]byte("ok"))
	})
	tr := New(Config{RetryMax: 1, WaitMin: time.Millisecond, WaitMax: time.Millisecond})
	retry429 := func(_ context.Context, _ Try, r *Reply, _ error) (bool, time.Duration) {
		return r != nil && r.StatusCode == http.StatusTooManyRequests, 0
	}
	_, err := post(t, tr, srv.URL+"/ok", retry429)
	require.NoError(t, err)
	require.EqualValues(t, 1, opened.Load())
	for range 3 {
		reply, err := post(t, tr, srv.URL+"/busy", retry429)
		require.NoError(t, err, "the last 429 is the answer")
		require.Equal(t, http.StatusTooManyRequests, reply.StatusCode)
		_, err = post(t, tr, srv.URL+"/ok", retry429)
		require.NoError(t, err)
	}
	slow := New(Config{HTTPClient: tr.cfg.HTTPClient, RetryMax: 1, WaitMin: time.Hour, WaitMax: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/busy", []byte(`{}`))
	require.NoError(t, err)
	_, err = slow.Do(req, func(context.Context, Try, *Reply, error) (bool, time.Duration) {
		cancel() // ends the hour's wait
		return true, 0
	})
	require.ErrorIs(t, err, context.Canceled)
	_, err = post(t, tr, srv.URL+"/ok", retry429)
	require.NoError(t, err)
	assert.EqualValues(t, 1, opened.Load(), "every call reused the one connection")
}
