package apps_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/tc3"
)

// BenchmarkGet measures one Apps.Get round trip through the full client
// (signing, go-retryablehttp, JSON both ways) against imtest. Compare it
// with BenchmarkGetBarePOST, the same bytes posted with net/http alone.
func BenchmarkGet(b *testing.B) {
	srv := imtest.NewServer(b)
	svc := srv.Console().Apps
	app, err := svc.Create(context.Background(), &apps.CreateRequest{AppName: "bench", Region: apps.RegionChina})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.Get(ctx, app.SDKAppID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetBarePOST posts a pre-signed DescribeIMApp request with a bare
// http.Client to the same kind of server: the floor the client's overhead
// is measured against.
func BenchmarkGetBarePOST(b *testing.B) {
	srv := imtest.NewServer(b)
	app, err := srv.Console().Apps.Create(context.Background(), &apps.CreateRequest{AppName: "bench", Region: apps.RegionChina})
	if err != nil {
		b.Fatal(err)
	}
	id, key := srv.Credentials()
	body := []byte(fmt.Sprintf(`{"SdkAppId":%d}`, app.SDKAppID))
	ts := srv.Now().Unix()
	auth := tc3.NewSigner(id, key, "im").Authorization(&tc3.Request{
		Method: "POST", Host: strings.TrimPrefix(srv.URL(), "http://"), Path: "/",
		ContentType: "application/json", Payload: body, Timestamp: ts,
	})
	hc := &http.Client{}
	b.ReportAllocs()
	for b.Loop() {
		req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-TC-Action", apps.ActionGet)
		req.Header.Set("X-TC-Version", client.APIVersion)
		req.Header.Set("X-TC-Timestamp", fmt.Sprint(ts))
		req.Header.Set("Authorization", auth)
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("HTTP %d", resp.StatusCode)
		}
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

// fanOutClient is one client of BenchmarkGetFanOut: its call, and how many
// of its calls got a new connection rather than an idle one (httptrace).
type fanOutClient struct {
	call  func() error
	dials *atomic.Int64
}

// fanOutClients are the clients BenchmarkGetFanOut compares, all calling
// Apps.Get against one imtest server: the default transport, one given a
// 64-connection idle pool, and one given net/http's default client (2
// idle connections per host, the SDK's default before issue 18).
func fanOutClients(b *testing.B) map[string]fanOutClient {
	srv := imtest.NewServer(b)
	app, err := srv.Console().Apps.Create(context.Background(), &apps.CreateRequest{AppName: "bench", Region: apps.RegionChina})
	if err != nil {
		b.Fatal(err)
	}
	pool64 := http.DefaultTransport.(*http.Transport).Clone()
	pool64.MaxIdleConnsPerHost = 64
	out := map[string]fanOutClient{}
	for name, opts := range map[string][]client.Option{
		"default":  nil,
		"pool64":   {client.WithHTTPClient(&http.Client{Transport: pool64})},
		"nethttp2": {client.WithHTTPClient(&http.Client{})},
	} {
		c, err := srv.Client(opts...)
		if err != nil {
			b.Fatal(err)
		}
		svc := apps.New(c)
		dials := new(atomic.Int64)
		ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
			GotConn: func(i httptrace.GotConnInfo) {
				if !i.Reused {
					dials.Add(1)
				}
			},
		})
		out[name] = fanOutClient{dials: dials, call: func() error {
			_, err := svc.Get(ctx, app.SDKAppID)
			return err
		}}
	}
	return out
}

// BenchmarkGetFanOut: 64 goroutines share one client.Client, each calling
// Apps.Get against imtest; ns/op is the wall time per call. default is the
// client as client.New builds it; pool64 is given an http.Client keeping
// 64 idle connections per host; nethttp2 is given net/http's default (2
// idle per host). dials/op is the share of calls that opened a new
// connection.
func BenchmarkGetFanOut(b *testing.B) {
	calls := fanOutClients(b)
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

// BenchmarkGetFanOutInterleaved alternates rounds of 256 calls by 64
// goroutines through the default client and through the pool64 one (see
// BenchmarkGetFanOut), in turn first, against one server, and reports each
// one's time per call and their ratio, which load elsewhere on the machine
// skews far less than two separate benchmarks.
func BenchmarkGetFanOutInterleaved(b *testing.B) {
	calls := fanOutClients(b)
	const round = 256
	var spent [2]time.Duration
	order := [2]string{"default", "pool64"}
	i := 0
	for b.Loop() {
		for k := range 2 {
			j := (i + k) % 2
			t0 := time.Now()
			fanOut(b, 64, round, calls[order[j]].call)
			spent[j] += time.Since(t0)
		}
		i++
	}
	perCall := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(i*round) }
	b.ReportMetric(perCall(spent[0]), "default-ns/call")
	b.ReportMetric(perCall(spent[1]), "pool64-ns/call")
	b.ReportMetric(float64(spent[0])/float64(spent[1]), "ratio")
}
