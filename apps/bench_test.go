package apps_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/benchmark"
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

// getCalls is the harness's NewCall for Apps.Get: every client calls
// Apps.Get against one imtest server.
func getCalls(b *testing.B) benchmark.NewCall {
	srv := imtest.NewServer(b)
	app, err := srv.Console().Apps.Create(context.Background(), &apps.CreateRequest{AppName: "bench", Region: apps.RegionChina})
	if err != nil {
		b.Fatal(err)
	}
	return func(hc *http.Client) (func(context.Context) error, error) {
		var opts []client.Option
		if hc != nil {
			opts = append(opts, client.WithHTTPClient(hc))
		}
		c, err := srv.Client(opts...)
		if err != nil {
			return nil, err
		}
		svc := apps.New(c)
		return func(ctx context.Context) error {
			_, err := svc.Get(ctx, app.SDKAppID)
			return err
		}, nil
	}
}

// BenchmarkGetFanOut: 64 goroutines share one client.Client, each calling
// Apps.Get against imtest; ns/op is the wall time per call. default is the
// client as client.New builds it; pool64 is given an http.Client keeping
// 64 idle connections per host; nethttp2 is given net/http's default (2
// idle per host). dials/op is the share of calls that opened a new
// connection.
func BenchmarkGetFanOut(b *testing.B) {
	benchmark.FanOut(b, getCalls(b))
}

// BenchmarkGetFanOutInterleaved: 64 goroutines share b.N triples of calls,
// one through each client of BenchmarkGetFanOut in turn, and report each
// client's mean latency and default's and nethttp2's ratio to pool64
// (benchmark.FanOutInterleaved), which load elsewhere on the machine
// leaves stable.
func BenchmarkGetFanOutInterleaved(b *testing.B) {
	benchmark.FanOutInterleaved(b, getCalls(b))
}
