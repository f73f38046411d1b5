package benchmark_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/internal/benchmark"
)

// TestFanOutInterleaved runs the harness against a local server: each run
// (testing.Benchmark runs it once per N it tries) builds the three
// configurations in order with the HTTP clients they name, every call
// reaches the server, and the result holds each one's latency and the two
// ratios.
func TestFanOutInterleaved(t *testing.T) {
	t.Parallel()
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		_, _ = io.WriteString(w, "ok")
	}))
	t.Cleanup(srv.Close)

	var mu sync.Mutex
	var given []*http.Client
	newCall := func(hc *http.Client) (func(context.Context) error, error) {
		mu.Lock()
		given = append(given, hc)
		mu.Unlock()
		c := hc
		if c == nil {
			c = &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
		}
		return func(ctx context.Context) error {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
			if err != nil {
				return err
			}
			resp, err := c.Do(req)
			if err != nil {
				return err
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			return resp.Body.Close()
		}, nil
	}

	r := testing.Benchmark(func(b *testing.B) { benchmark.FanOutInterleaved(b, newCall) })
	require.Positive(t, r.N)
	require.NotEmpty(t, given)
	require.Zero(t, len(given)%3, "the three configurations are built together, once per run")
	for i := 0; i < len(given); i += 3 {
		assert.Nil(t, given[i], "default: the SDK's own client")
		require.NotNil(t, given[i+1])
		assert.Equal(t, 64, given[i+1].Transport.(*http.Transport).MaxIdleConnsPerHost, "pool64")
		require.NotNil(t, given[i+2])
		assert.Nil(t, given[i+2].Transport, "nethttp2: net/http's default client")
	}
	assert.GreaterOrEqual(t, served.Load(), int64(3*r.N), "every call of the last run reached the server")
	for _, metric := range []string{"default-latency-ns", "pool64-latency-ns", "nethttp2-latency-ns", "default/pool64", "nethttp2/pool64"} {
		assert.Positive(t, r.Extra[metric], metric)
	}
}
