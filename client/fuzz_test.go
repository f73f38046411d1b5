package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/imconsole/imconsole/client"
)

// fuzzSecretKey signs the requests of FuzzResponse; no error may show it.
const fuzzSecretKey = "fuzz-secret-key-0123456789abcdef"

// FuzzResponse answers a read and a write with an untrusted status,
// Retry-After and body, as a broken server or a gateway might (seeds in
// testdata/fuzz/FuzzResponse: successes, error envelopes, gateway pages,
// throttling with huge and malformed Retry-After values, bodies that are
// not envelopes). The client never panics, never waits past its maximum
// wait, sends at most its retries, sends a write without ClientToken only
// once unless it was throttled, succeeds only on an envelope whose
// Response has a RequestId and no Error with a status under 300 (the
// CallService contract), and shows the SecretKey in no error.
func FuzzResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, status int, retryAfter string, body []byte) {
		if status < 100 || status > 999 {
			status = 200
		}
		var sent atomic.Int32
		hc := &http.Client{Transport: roundTrip(func(r *http.Request) (*http.Response, error) {
			sent.Add(1)
			h := http.Header{"Content-Type": {"application/json"}}
			if retryAfter != "" {
				h["Retry-After"] = []string{retryAfter}
			}
			return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: r}, nil
		})}
		c, err := client.New(client.WithCredentials("AKIDfuzz", fuzzSecretKey), client.WithEndpoint("https://im.example.com"),
			client.WithHTTPClient(hc), client.WithRetry(2, 0, time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		var env struct {
			Response *struct {
				Error     json.RawMessage
				RequestID string `json:"RequestId"`
			}
		}
		valid := json.Unmarshal(body, &env) == nil && env.Response != nil
		success := valid && status < 300 && env.Response.RequestID != "" && (len(env.Response.Error) == 0 || string(env.Response.Error) == "null")
		throttled := bytes.Contains(body, []byte("RequestLimitExceeded")) || status == http.StatusTooManyRequests ||
			bytes.Contains(bytes.ToLower(body), []byte("requestlimitexceeded"))
		for _, action := range []string{"DescribeIMApp", "ModifyIMAppProfile"} {
			sent.Store(0)
			var resp struct {
				App struct {
					SDKAppID uint64 `json:"SdkAppId"`
					AppName  string
				}
			}
			start := time.Now()
			err := c.Call(context.Background(), action, map[string]any{"SdkAppId": 1400000001}, &resp)
			if took := time.Since(start); took > 2*time.Second {
				t.Fatalf("%s took %s", action, took)
			}
			if n := sent.Load(); n > 3 || strings.HasPrefix(action, "Modify") && !throttled && n > 1 {
				t.Fatalf("%s sent %d times for HTTP %d %q", action, n, status, body)
			}
			if err == nil && !success {
				t.Fatalf("%s succeeded on HTTP %d %q", action, status, body)
			}
			var ute *json.UnmarshalTypeError
			if err != nil && success && !errors.As(err, &ute) {
				t.Fatalf("%s failed on the success HTTP %d %q: %v", action, status, body, err)
			}
			if err != nil && strings.Contains(err.Error(), fuzzSecretKey) {
				t.Fatalf("the error shows the SecretKey: %v", err)
			}
		}
	})
}

// roundTrip is an http.RoundTripper answering in process.
type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
