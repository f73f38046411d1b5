package restapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

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
	srv := imtest.NewServer(b, imtest.WithV4RateLimit(0))
	app, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionPro})
	if err != nil {
		b.Fatal(err)
	}
	secret, err := srv.Console().Apps.Secret(context.Background(), app.SDKAppID)
	if err != nil {
		b.Fatal(err)
	}
	signer, err := usersig.NewHMACSigner(app.SDKAppID, secret.Key)
	if err != nil {
		b.Fatal(err)
	}
	if err := srv.ImportAccounts(app.SDKAppID, "alice", "bob"); err != nil {
		b.Fatal(err)
	}
	rc, err := restapi.New(app.SDKAppID, "administrator", signer, restapi.WithBaseURL(srv.URL()),
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
	sig, err := signer.SignToken(usersig.Token{UserID: "administrator", IssuedAt: srv.Now(), TTL: 24 * time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	q := url.Values{"sdkappid": {fmt.Sprint(app.SDKAppID)}, "identifier": {"administrator"}, "usersig": {sig}, "random": {"42"}, "contenttype": {"json"}}
	target := srv.URL() + "/v4/openim/sendmsg?" + q.Encode()
	hc := &http.Client{}
	bare := func() {
		hr, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		hr.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(hr)
		if err != nil {
			b.Fatal(err)
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || !bytes.Contains(raw, []byte(`"ErrorCode":0`)) {
			b.Fatalf("HTTP %d %s %v", resp.StatusCode, raw, err)
		}
	}
	return &sendBench{rc: rc, req: req, bare: bare}
}

// BenchmarkSend measures Messages.Send (local checks, the rate limiter,
// element encoding, the client's call path, the answer decoded).
func BenchmarkSend(b *testing.B) {
	s := newSendBench(b)
	ctx := context.Background()
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

// BenchmarkSendInterleaved alternates one Send and one bare POST and
// reports both times and their ratio, which other load on the machine
// leaves stable.
func BenchmarkSendInterleaved(b *testing.B) {
	s := newSendBench(b)
	ctx := context.Background()
	var clientTime, bareTime time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := s.rc.Messages.Send(ctx, s.req); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		s.bare()
		t2 := time.Now()
		clientTime += t1.Sub(t0)
		bareTime += t2.Sub(t1)
	}
	b.ReportMetric(float64(clientTime.Nanoseconds())/float64(b.N), "client-ns/op")
	b.ReportMetric(float64(bareTime.Nanoseconds())/float64(b.N), "bare-ns/op")
	b.ReportMetric(float64(clientTime)/float64(bareTime), "ratio")
}
