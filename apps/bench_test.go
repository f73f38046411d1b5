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

// BenchmarkGetFanOutInterleaved: 64 goroutines share b.N triples of calls, each
// triple one call through each client of BenchmarkGetFanOut (default, pool64,
// nethttp2), in turn first, against one server; it reports each client's
// mean latency per call (about 64 times its share of the wall time, as 64
// calls are in flight) and default's and nethttp2's ratio to pool64. The
// clients see the same load at the same moments, so load elsewhere on the
// machine, which swings separate benchmarks apart, cancels out of the
// ratios.
func BenchmarkGetFanOutInterleaved(b *testing.B) {
	calls := fanOutClients(b)
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
