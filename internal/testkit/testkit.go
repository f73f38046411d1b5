// Package testkit holds the helpers the module's tests share: checking an
// error's API code, rendering a value every way a program might log it,
// a log buffer safe for concurrent writers, a transport that sends every
// request to a test server, one that shows a test each answer's body, a
// server whose answers never end, a request body that never ends,
// running calls all at once, and calling every service method with nil
// requests. Like Go's
// internal/testenv it is ordinary code that only tests import: it takes a
// testing.TB and fails the test through it, and no package of the SDK,
// the reference server or the commands imports it (TestArchitecture checks
// that).
package testkit

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/client"
)

// RequireCode fails the test now unless err is (or wraps) a
// *client.APIError with code, and returns that APIError for further
// checks. The failure shows the error's message.
func RequireCode(t testing.TB, err error, code string) *client.APIError {
	t.Helper()
	var ae *client.APIError
	require.ErrorAs(t, err, &ae, "want %s", code)
	require.Equal(t, code, ae.Code, ae.Message)
	return ae
}

// Render prints v every way a program might log it: the fmt verbs %v,
// %+v, %#v and %s, those that call no String method and so walk the
// fields (%d, %t, %c, %U, %e, %b, %o), %q and %x (which print a string
// field quoted or in hex), encoding/json, and log/slog's JSON and text
// handlers, with v as an attribute, in a group, and in a struct field
// (which those handlers print with encoding/json and fmt, not LogValue),
// and v's own String and GoString when it has them (fmt calls Format
// instead where there is one, so a String beside it runs only when code
// calls it). It returns all of that as one text, and the JSON encoding
// alone. It fails the test now if v cannot be encoded as JSON.
func Render(t testing.TB, v any) (all, encoded string) {
	t.Helper()
	var out bytes.Buffer
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%t", "%c", "%U", "%e", "%b", "%o", "%q", "%x"} {
		fmt.Fprintf(&out, verb+"\n", v)
	}
	if s, ok := v.(fmt.Stringer); ok {
		out.WriteString(s.String() + "\n")
	}
	if s, ok := v.(fmt.GoStringer); ok {
		out.WriteString(s.GoString() + "\n")
	}
	b, err := json.Marshal(v)
	require.NoError(t, err, "encode the value as JSON")
	out.Write(b)
	out.WriteByte('\n')
	attrs := []any{"v", v, slog.Group("g", "v", v), "s", struct{ V any }{v}}
	slog.New(slog.NewJSONHandler(&out, nil)).Info("render", attrs...)
	slog.New(slog.NewTextHandler(&out, nil)).Info("render", attrs...)
	return out.String(), string(b)
}

// SyncBuffer is a bytes.Buffer safe for concurrent writers, such as a
// server's logging goroutines. Its zero value is empty and ready to use.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p; it never fails.
func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// Bytes returns a copy of what was written so far.
func (b *SyncBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}

// String returns what was written so far.
func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Redirect is an http.RoundTripper that sends every request, whatever its
// host, to the test server at To (an http:// URL such as
// httptest.Server.URL), keeping the Host header the client chose, so a
// client configured for real Tencent Cloud talks to the test server.
type Redirect struct{ To string }

// RoundTrip sends a copy of r to To with http.DefaultTransport; it fails
// as that transport does.
func (rd Redirect) RoundTrip(r *http.Request) (*http.Response, error) {
	out := r.Clone(r.Context())
	out.Host = r.URL.Host
	out.URL.Scheme, out.URL.Host = "http", strings.TrimPrefix(rd.To, "http://")
	return http.DefaultTransport.RoundTrip(out)
}

// Answers is an http.RoundTripper that sends each request with Next
// (http.DefaultTransport when nil) and shows Seen the request, the
// response and its whole body before the client reads that body, which
// it still can. It fails as Next does, or when the body cannot be read.
type Answers struct {
	Next http.RoundTripper
	Seen func(r *http.Request, resp *http.Response, body []byte)
}

// RoundTrip sends r and shows the answer to Seen. It fails as Next does, or
// when the answer's body cannot be read.
func (a Answers) RoundTrip(r *http.Request) (*http.Response, error) {
	next := a.Next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	a.Seen(r, resp, body)
	return resp, nil
}

// EchoMalformed answers r with the line "echo?" + its raw query and no
// HTTP status line, over the hijacked connection: a broken server that
// echoes the request, whose answer net/http quotes in its error.
func EchoMalformed(w http.ResponseWriter, r *http.Request) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	_, _ = buf.WriteString("echo?" + r.URL.RawQuery + "\r\n\r\n")
	_ = buf.Flush()
}

// Concurrently runs call(0) … call(n-1) each on its own goroutine, waits
// for all of them and returns their errors, errs[i] from call(i).
func Concurrently(n int, call func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = call(i) })
	}
	wg.Wait()
	return errs
}

// CountOK returns how many of errs are nil, and marks the test failed for
// each error that does not carry code (client.HasCode), the one refusal
// the caller expects.
func CountOK(t testing.TB, errs []error, code string) int {
	t.Helper()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !client.HasCode(err, code):
			t.Errorf("got %v, want success or %s", err, code)
		}
	}
	return ok
}

// Answering returns a client, without retries, of a test server that
// answers every request with body: a backend answering the console
// protocol wrongly. The server closes when the test ends.
func Answering(t testing.TB, body string) *client.Client {
	t.Helper()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(hs.Close)
	c, err := client.New(client.WithCredentials("id", "key"), client.WithEndpoint(hs.URL), client.WithoutRetries())
	require.NoError(t, err)
	return c
}

// Endless is how an EndlessServer answers: with a body that never ends.
type Endless int

// The endless answers a hostile server may send.
const (
	EndlessChunked Endless = iota // chunked, with no length
	EndlessClaimed                // Content-Length 1 TiB, a length no client should trust
	EndlessGzip                   // Content-Encoding gzip: a few KiB on the wire inflate to gigabytes
)

// String names the answer, for subtests.
func (e Endless) String() string {
	return [...]string{"chunked", "Content-Length 1 TiB", "gzip bomb"}[e]
}

// EndlessServer starts a test server answering every request with HTTP
// 200 and a JSON-looking body that never ends, sent as kind says and
// written until the client hangs up. It returns the server's URL, an
// *http.Client of it (transparent gzip on, as net/http's default) that
// counts the bytes read off its connections, that count, and the number
// of requests the server got. The server closes when the test ends.
func EndlessServer(t testing.TB, kind Endless) (url string, hc *http.Client, wireBytes, requests func() int64) {
	t.Helper()
	var read, sent atomic.Int64
	chunk := bytes.Repeat([]byte("a"), 32<<10)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		var out io.Writer = w
		switch kind {
		case EndlessClaimed:
			w.Header().Set("Content-Length", strconv.FormatInt(1<<40, 10))
		case EndlessGzip:
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			defer zw.Close()
			out = zw
		}
		w.Header().Set("Content-Type", "application/json")
		if _, err := io.WriteString(out, `{"Response":{"RequestId":"r","ActionStatus":"OK","ErrorCode":0,"Pad":"`); err != nil {
			return
		}
		for r.Context().Err() == nil {
			if _, err := out.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(hs.Close)
	var d net.Dialer
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return countingConn{c, &read}, nil
	}}
	t.Cleanup(tr.CloseIdleConnections)
	return hs.URL, &http.Client{Transport: tr}, read.Load, sent.Load
}

// countingConn is a net.Conn adding what it reads to n.
type countingConn struct {
	net.Conn
	n *atomic.Int64
}

// Read reads from the connection and counts what it read.
func (c countingConn) Read(p []byte) (int, error) {
	k, err := c.Conn.Read(p)
	c.n.Add(int64(k))
	return k, err
}

// EndlessReader is a request body that never ends: it reads as 'x'
// bytes and counts them in N, and fails once past 64 MiB, so that a
// server reading on is caught without running out of memory.
type EndlessReader struct{ N int64 }

// Read fills p with 'x', or fails once 64 MiB were read.
func (e *EndlessReader) Read(p []byte) (int, error) {
	if e.N > 64<<20 {
		return 0, errors.New("testkit: EndlessReader: 64 MiB read, and the reader reads on")
	}
	for i := range p {
		p[i] = 'x'
	}
	e.N += int64(len(p))
	return len(p), nil
}
