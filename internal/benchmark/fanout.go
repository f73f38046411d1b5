// Package benchmark is the fan-out harness that the apps and restapi
// benchmarks share: one SDK client per HTTP client configuration (the
// SDK's default, a 64-connection idle pool, net/http's default client),
// driven by 64 goroutines at once, reporting new connections per call or
// each configuration's latency. It is used only by those two packages'
// bench_test.go files.
package benchmark

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// callers is how many goroutines share one client, as a backend's fan-out
// does.
const callers = 64

// NewCall builds the SDK call of one configuration: hc is the
// *http.Client to give the SDK, nil for the SDK's own default. The
// returned call must pass its ctx on to the SDK, which carries the
// connection trace; an error fails the benchmark.
type NewCall func(hc *http.Client) (call func(ctx context.Context) error, err error)

// config is one compared configuration: its report name, and the
// *http.Client the SDK is given (nil: its default).
type config struct {
	name string
	hc   *http.Client
}

// configs are the compared configurations, in report order: default (the
// SDK's transport), pool64 (an http.Client keeping 64 idle connections per
// host) and nethttp2 (net/http's default client: 2 idle per host, the
// SDK's default before issue 18).
func configs() [3]config {
	return [3]config{
		{"default", nil},
		{"pool64", pooled(64)},
		{"nethttp2", &http.Client{}},
	}
}

// pooled is an *http.Client whose transport keeps n idle connections per
// host: the baseline a shared client's default pool is measured against.
func pooled(n int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = n
	return &http.Client{Transport: t}
}

// client is one configuration built: its call, and how many of its calls
// got a new connection rather than an idle one (httptrace).
type client struct {
	name  string
	call  func() error
	dials *atomic.Int64
}

// clients builds every configuration with newCall, failing b if one
// cannot be built.
func clients(b *testing.B, newCall NewCall) [3]client {
	var out [3]client
	for i, c := range configs() {
		call, err := newCall(c.hc)
		if err != nil {
			b.Fatalf("building the %s client: %v", c.name, err)
		}
		dials := new(atomic.Int64)
		ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
			GotConn: func(i httptrace.GotConnInfo) {
				if !i.Reused {
					dials.Add(1)
				}
			},
		})
		out[i] = client{name: c.name, dials: dials, call: func() error { return call(ctx) }}
	}
	return out
}

// fanOut runs ops calls of op from callers goroutines sharing them and
// fails b on the first error.
func fanOut(b *testing.B, ops int, op func() error) {
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

// FanOut runs one sub-benchmark per configuration (default, pool64,
// nethttp2): 64 goroutines share its client; ns/op is the wall time per
// call and dials/op the share of calls that opened a new connection. It
// fails b when a client cannot be built or a call fails.
func FanOut(b *testing.B, newCall NewCall) {
	for _, c := range clients(b, newCall) {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			before := c.dials.Load()
			fanOut(b, b.N, c.call)
			b.ReportMetric(float64(c.dials.Load()-before)/float64(b.N), "dials/op")
		})
	}
}

// FanOutInterleaved has 64 goroutines share b.N triples of calls, each
// triple one call through each configuration's client, in turn first,
// against one server; it reports each client's mean latency per call
// (about 64 times its share of the wall time, as 64 calls are in flight)
// and default's and nethttp2's ratio to pool64. The clients see the same
// load at the same moments, so load elsewhere on the machine, which swings
// separate benchmarks apart, cancels out of the ratios. It fails b when a
// client cannot be built or a call fails.
func FanOutInterleaved(b *testing.B, newCall NewCall) {
	cs := clients(b, newCall)
	var spent [3]atomic.Int64 // nanoseconds spent in each client's calls
	var turns atomic.Int64
	b.ResetTimer()
	fanOut(b, b.N, func() error {
		first := int(turns.Add(1) % 3)
		for k := range 3 {
			j := (first + k) % 3
			t0 := time.Now()
			err := cs[j].call()
			spent[j].Add(int64(time.Since(t0)))
			if err != nil {
				return err
			}
		}
		return nil
	})
	for j, c := range cs {
		b.ReportMetric(float64(spent[j].Load())/float64(b.N), c.name+"-latency-ns")
	}
	b.ReportMetric(float64(spent[0].Load())/float64(spent[1].Load()), "default/pool64")
	b.ReportMetric(float64(spent[2].Load())/float64(spent[1].Load()), "nethttp2/pool64")
}
