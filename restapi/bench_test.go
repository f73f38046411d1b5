package restapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/internal/benchmark"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// benchBody is the account_check body both benchmarks send.
const benchBody = `{"CheckItem":[{"UserID":"alice"}]}`

// benchCommand is the command benchBody is sent to.
const benchCommand = "im_open_login_svc/account_check"

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
// JSON both ways, envelope check) against imtest, with the rate limits
// of both sides off (the client's limiter would pace it to 100 calls a
// second and the benchmark would measure the pacing).
// Compare it with BenchmarkCallBarePOST in the same run; mints/op shows
// the UserSig is not minted per call.
func BenchmarkCall(b *testing.B) {
	f := newUnlimitedFixture(b, apps.EditionTrial)
	var mints mintCounter
	rc, err := restapi.New(f.id, "administrator", f.signer, restapi.WithBaseURL(f.srv.URL()), restapi.WithoutRateLimit(), restapi.WithLogger(slog.New(&mints)))
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
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

// barePOST returns a function posting body to command (such as
// "openim/sendmsg") on f's server with a bare net/http client and a
// pre-signed URL, failing b unless the answer is HTTP 200 with ErrorCode
// 0: the floor a client benchmark is measured against.
func barePOST(b *testing.B, f *fixture, command string, body []byte) func() {
	sig, err := f.signer.SignToken(usersig.Token{UserID: "administrator", IssuedAt: f.srv.Now(), TTL: 24 * time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	q := url.Values{"sdkappid": {fmt.Sprint(f.id)}, "identifier": {"administrator"}, "usersig": {sig}, "random": {"42"}, "contenttype": {"json"}}
	target := f.srv.URL() + "/v4/" + command + "?" + q.Encode()
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

// interleave alternates one call and one bare POST against the same
// server and reports their times and ratio: other load on the machine
// hits both alike, so the ratio is stable where two separate benchmarks'
// times are not.
func interleave(b *testing.B, call func() error, bare func()) {
	var clientTime, bareTime time.Duration
	for b.Loop() {
		t0 := time.Now()
		if err := call(); err != nil {
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

// BenchmarkCallInterleaved alternates one client call and one bare POST
// of account_check (interleave).
func BenchmarkCallInterleaved(b *testing.B) {
	f := newUnlimitedFixture(b, apps.EditionTrial)
	rc, err := restapi.New(f.id, "administrator", f.signer, restapi.WithBaseURL(f.srv.URL()), restapi.WithoutRateLimit())
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	req := &restapi.AccountCheckRequest{CheckItem: []restapi.UserItem{{UserID: "alice"}}}
	interleave(b, func() error {
		var resp restapi.AccountCheckResponse
		return rc.Call(ctx, restapi.ServiceLogin, restapi.CommandAccountCheck, req, &resp)
	}, barePOST(b, f, benchCommand, []byte(benchBody)))
}

// BenchmarkCallBarePOST posts the same bytes (body and a pre-signed URL)
// to the same kind of server with a bare net/http client and reads the
// answer: the floor BenchmarkCall's overhead is measured against.
func BenchmarkCallBarePOST(b *testing.B) {
	f := newUnlimitedFixture(b, apps.EditionTrial)
	post := barePOST(b, f, benchCommand, []byte(benchBody))
	b.ReportAllocs()
	for b.Loop() {
		post()
	}
}

// accountCheckCalls is the harness's NewCall for account_check against
// f's server. The client-side rate limiter is off, as the server's is: it
// would pace every client to the same 100 calls a second and hide the
// transport being measured.
func accountCheckCalls(f *fixture) benchmark.NewCall {
	req := &restapi.AccountCheckRequest{CheckItem: []restapi.UserItem{{UserID: "alice"}}}
	return func(hc *http.Client) (func(context.Context) error, error) {
		opts := []restapi.Option{restapi.WithBaseURL(f.srv.URL()), restapi.WithoutRateLimit()}
		if hc != nil {
			opts = append(opts, restapi.WithHTTPClient(hc))
		}
		rc, err := restapi.New(f.id, "administrator", f.signer, opts...)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context) error {
			var resp restapi.AccountCheckResponse
			return rc.Call(ctx, restapi.ServiceLogin, restapi.CommandAccountCheck, req, &resp)
		}, nil
	}
}

// BenchmarkFanOut: 64 goroutines share one restapi.Client, each running
// account_check against imtest with its rate limit off; ns/op is the wall
// time per call. default is the client as New builds it; pool64 is given
// an http.Client keeping 64 idle connections per host; nethttp2 is given
// net/http's default (2 idle per host). dials/op is the share of calls
// that opened a new connection.
func BenchmarkFanOut(b *testing.B) {
	benchmark.FanOut(b, accountCheckCalls(newUnlimitedFixture(b, apps.EditionTrial)))
}

// BenchmarkFanOutInterleaved: 64 goroutines share b.N triples of calls,
// one through each client of BenchmarkFanOut in turn, and report each
// client's mean latency and default's and nethttp2's ratio to pool64
// (benchmark.FanOutInterleaved), which load elsewhere on the machine
// leaves stable.
func BenchmarkFanOutInterleaved(b *testing.B) {
	benchmark.FanOutInterleaved(b, accountCheckCalls(newUnlimitedFixture(b, apps.EditionTrial)))
}

// sendBench is a Pro app with alice and bob, a client whose limiter runs
// but never waits, and the sendmsg both sides send: the same bytes every
// time (a fixed MsgRandom), so the server answers both from its dedup
// window after the first.
type sendBench struct {
	rc   *restapi.Client
	req  *restapi.SendMsgRequest
	bare func()
}

func newSendBench(b *testing.B) *sendBench {
	f := newUnlimitedFixture(b, apps.EditionPro, "alice", "bob")
	rc, err := restapi.New(f.id, "administrator", f.signer, restapi.WithBaseURL(f.srv.URL()),
		restapi.WithRateLimit(restapi.RateLimit{PerSecond: 1 << 30}))
	if err != nil {
		b.Fatal(err)
	}
	req := &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 42,
		MsgBody: []restapi.Element{restapi.Text("hello bob, this is a benchmark message")}}
	body, err := json.Marshal(req)
	if err != nil {
		b.Fatal(err)
	}
	return &sendBench{rc: rc, req: req, bare: barePOST(b, f, "openim/sendmsg", body)}
}

// BenchmarkSend measures Messages.Send (local checks, the rate limiter,
// element encoding, the client's call path, the answer decoded).
func BenchmarkSend(b *testing.B) {
	s := newSendBench(b)
	ctx := b.Context()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.rc.Messages.Send(ctx, s.req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSendBarePOST posts the same bytes to the same handler with a
// bare net/http client: the floor of BenchmarkSend.
func BenchmarkSendBarePOST(b *testing.B) {
	s := newSendBench(b)
	b.ReportAllocs()
	for b.Loop() {
		s.bare()
	}
}

// BenchmarkSendInterleaved alternates one Send and one bare POST
// (interleave).
func BenchmarkSendInterleaved(b *testing.B) {
	s := newSendBench(b)
	ctx := b.Context()
	interleave(b, func() error {
		_, err := s.rc.Messages.Send(ctx, s.req)
		return err
	}, s.bare)
}
