package restapi_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// benchBody is the account_check body both benchmarks send.
const benchBody = `{"CheckItem":[{"UserID":"alice"}]}`

// mintCounter counts "UserSig minted" records: the client logs them at
// Info, and its per-call records at Debug, which this handler leaves
// disabled so it costs nothing per call.
type mintCounter struct{ n atomic.Int64 }

func (m *mintCounter) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelInfo }
func (m *mintCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Message == minted {
		m.n.Add(1)
	}
	return nil
}
func (m *mintCounter) WithAttrs([]slog.Attr) slog.Handler { return m }
func (m *mintCounter) WithGroup(string) slog.Handler      { return m }

// BenchmarkCall measures one account_check through restapi.Client (cached
// admin UserSig, encoded query, fresh random, go-retryablehttp,
// JSON both ways, envelope check) against imtest with its rate limit off.
// Compare it with BenchmarkCallBarePOST in the same run; mints/op shows
// the UserSig is not minted per call.
func BenchmarkCall(b *testing.B) {
	f := newFixture(b, imtest.WithV4RateLimit(0))
	var mints mintCounter
	rc, err := restapi.New(f.id, "administrator", f.signer, restapi.WithBaseURL(f.srv.URL()), restapi.WithLogger(slog.New(&mints)))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	req := &restapi.AccountCheckRequest{CheckItem: []restapi.UserItem{{UserID: "alice"}}}
	var resp restapi.AccountCheckResponse
	b.ReportAllocs()
	for b.Loop() {
		resp = restapi.AccountCheckResponse{}
		if err := rc.Call(ctx, restapi.ServiceLogin, restapi.CommandAccountCheck, req, &resp); err != nil {
			b.Fatal(err)
		}
	}
	if len(resp.ResultItem) != 1 {
		b.Fatalf("unexpected response %+v", resp)
	}
	b.ReportMetric(float64(mints.n.Load())/float64(b.N), "mints/op")
}

// barePOST returns a function posting benchBody to f's server with a bare
// net/http client and a pre-signed URL, as BenchmarkCallBarePOST does.
func barePOST(b *testing.B, f *fixture) func() {
	sig, err := f.signer.SignToken(usersig.Token{UserID: "administrator", IssuedAt: f.srv.Now(), TTL: 24 * time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	q := url.Values{"sdkappid": {fmt.Sprint(f.id)}, "identifier": {"administrator"}, "usersig": {sig}, "random": {"42"}, "contenttype": {"json"}}
	target := f.srv.URL() + "/v4/im_open_login_svc/account_check?" + q.Encode()
	body := []byte(benchBody)
	hc := &http.Client{}
	return func() {
		req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || !bytes.Contains(raw, []byte(`"ErrorCode":0`)) {
			b.Fatalf("HTTP %d %s %v", resp.StatusCode, raw, err)
		}
	}
}

// BenchmarkCallInterleaved alternates one client call and one bare POST
// against the same server and reports their times and ratio: other load
// on the machine hits both alike, so the ratio is stable where the two
// separate benchmarks' times are not.
func BenchmarkCallInterleaved(b *testing.B) {
	f := newFixture(b, imtest.WithV4RateLimit(0))
	rc, err := restapi.New(f.id, "administrator", f.signer, restapi.WithBaseURL(f.srv.URL()))
	if err != nil {
		b.Fatal(err)
	}
	bare := barePOST(b, f)
	ctx := context.Background()
	req := &restapi.AccountCheckRequest{CheckItem: []restapi.UserItem{{UserID: "alice"}}}
	var clientTime, bareTime time.Duration
	for b.Loop() {
		t0 := time.Now()
		var resp restapi.AccountCheckResponse
		if err := rc.Call(ctx, restapi.ServiceLogin, restapi.CommandAccountCheck, req, &resp); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		bare()
		t2 := time.Now()
		clientTime += t1.Sub(t0)
		bareTime += t2.Sub(t1)
	}
	b.ReportMetric(float64(clientTime.Nanoseconds())/float64(b.N), "client-ns/op")
	b.ReportMetric(float64(bareTime.Nanoseconds())/float64(b.N), "bare-ns/op")
	b.ReportMetric(float64(clientTime)/float64(bareTime), "ratio")
}

// BenchmarkCallBarePOST posts the same bytes (body and a pre-signed URL)
// to the same kind of server with a bare net/http client and reads the
// answer: the floor BenchmarkCall's overhead is measured against.
func BenchmarkCallBarePOST(b *testing.B) {
	f := newFixture(b, imtest.WithV4RateLimit(0))
	post := barePOST(b, f)
	b.ReportAllocs()
	for b.Loop() {
		post()
	}
}

// fanOut runs ops calls of op from callers goroutines sharing them, as a
// backend's fan-out does, and fails b on the first error.
func fanOut(b *testing.B, callers, ops int, op func() error) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			for next.Add(1) <= int64(ops) {
				if err := op(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// pooled is an *http.Client whose transport keeps n idle connections per
// host: the baseline a shared client's default pool is measured against.
func pooled(n int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = n
	return &http.Client{Transport: t}
}

// fanOutClient is one client of BenchmarkFanOut: its call, and how many
// of its calls got a new connection rather than an idle one (httptrace).
type fanOutClient struct {
	call  func() error
	dials *atomic.Int64
}

// fanOutClients are the clients BenchmarkFanOut compares, all against f's
// server: the default transport, one given a 64-connection idle pool, and
// one given net/http's default client (2 idle connections per host, the
// SDK's default before issue 18). The client-side rate limiter is off, as
// the server's is: it would pace every client to the same 100 calls a
// second and hide the transport being measured.
func fanOutClients(b *testing.B, f *fixture) map[string]fanOutClient {
	req := &restapi.AccountCheckRequest{CheckItem: []restapi.UserItem{{UserID: "alice"}}}
	out := map[string]fanOutClient{}
	for name, opts := range map[string][]restapi.Option{
		"default":  nil,
		"pool64":   {restapi.WithHTTPClient(pooled(64))},
		"nethttp2": {restapi.WithHTTPClient(&http.Client{})},
	} {
		rc, err := restapi.New(f.id, "administrator", f.signer, append([]restapi.Option{restapi.WithBaseURL(f.srv.URL()), restapi.WithoutRateLimit()}, opts...)...)
		if err != nil {
			b.Fatal(err)
		}
		dials := new(atomic.Int64)
		ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
			GotConn: func(i httptrace.GotConnInfo) {
				if !i.Reused {
					dials.Add(1)
				}
			},
		})
		out[name] = fanOutClient{dials: dials, call: func() error {
			var resp restapi.AccountCheckResponse
			return rc.Call(ctx, restapi.ServiceLogin, restapi.CommandAccountCheck, req, &resp)
		}}
	}
	return out
}

// BenchmarkFanOut: 64 goroutines share one restapi.Client, each running
// account_check against imtest with its rate limit off; ns/op is the wall
// time per call. default is the client as New builds it; pool64 is given
// an http.Client keeping 64 idle connections per host; nethttp2 is given
// net/http's default (2 idle per host). dials/op is the share of calls
// that opened a new connection.
func BenchmarkFanOut(b *testing.B) {
	f := newFixture(b, imtest.WithV4RateLimit(0))
	calls := fanOutClients(b, f)
	for _, name := range []string{"default", "pool64", "nethttp2"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			c := calls[name]
			before := c.dials.Load()
			fanOut(b, 64, b.N, c.call)
			b.ReportMetric(float64(c.dials.Load()-before)/float64(b.N), "dials/op")
		})
	}
}

// BenchmarkFanOutInterleaved: 64 goroutines share b.N triples of calls, each
// triple one call through each client of BenchmarkFanOut (default, pool64,
// nethttp2), in turn first, against one server; it reports each client's
// mean latency per call (about 64 times its share of the wall time, as 64
// calls are in flight) and default's and nethttp2's ratio to pool64. The
// clients see the same load at the same moments, so load elsewhere on the
// machine, which swings separate benchmarks apart, cancels out of the
// ratios.
func BenchmarkFanOutInterleaved(b *testing.B) {
	f := newFixture(b, imtest.WithV4RateLimit(0))
	calls := fanOutClients(b, f)
	names := [3]string{"default", "pool64", "nethttp2"}
	var spent [3]atomic.Int64 // nanoseconds spent in each client's calls
	var turns atomic.Int64
	b.ResetTimer()
	fanOut(b, 64, b.N, func() error {
		first := int(turns.Add(1) % 3)
		for k := range 3 {
			j := (first + k) % 3
			t0 := time.Now()
			err := calls[names[j]].call()
			spent[j].Add(int64(time.Since(t0)))
			if err != nil {
				return err
			}
		}
		return nil
	})
	for j, name := range names {
		b.ReportMetric(float64(spent[j].Load())/float64(b.N), name+"-latency-ns")
	}
	b.ReportMetric(float64(spent[0].Load())/float64(spent[1].Load()), "default/pool64")
	b.ReportMetric(float64(spent[2].Load())/float64(spent[1].Load()), "nethttp2/pool64")
}
