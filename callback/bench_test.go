package callback_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/imconsole/imconsole/callback"
)

// discard is a ResponseWriter that keeps nothing, so the benchmark
// measures the handler rather than a recorder.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkC2CBeforeSendMsg compares verifying, decoding and answering a
// typical C2C.CallbackBeforeSendMsg through the Handler with the floor:
// a bare json.Unmarshal of the same body into the event plus the SHA-256
// of the Sign.
func BenchmarkC2CBeforeSendMsg(b *testing.B) {
	viaHandler, bare := c2cBench(b)
	b.Run("handler", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			viaHandler()
		}
	})
	b.Run("bare", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			bare()
		}
	})
}

// BenchmarkC2CBeforeSendMsgInterleaved alternates the two, so both see
// the same machine load, and reports handler time / bare time.
func BenchmarkC2CBeforeSendMsgInterleaved(b *testing.B) {
	viaHandler, bare := c2cBench(b)
	var th, tb time.Duration
	for b.Loop() {
		t0 := time.Now()
		viaHandler()
		t1 := time.Now()
		bare()
		th, tb = th+t1.Sub(t0), tb+time.Since(t1)
	}
	b.ReportMetric(float64(th)/float64(tb), "ratio")
}

// c2cBench returns one run through the handler (verify, decode, call,
// answer) of a typical signed C2C.CallbackBeforeSendMsg, and one bare
// json.Unmarshal of its body into the event plus the SHA-256 of its Sign.
func c2cBench(b *testing.B) (viaHandler, bare func()) {
	r := request(b, token, now, c2c(appID))
	body, err := io.ReadAll(r.Body)
	if err != nil {
		b.Fatal(err)
	}
	h := newHandler(b, callback.OnC2CBeforeSendMsg(func(_ context.Context, e *callback.C2CBeforeSendMsg) callback.Decision {
		return callback.Allow()
	}))
	w := &discard{h: http.Header{}}
	rd := bytes.NewReader(body)
	tokenTime := []byte(token + r.URL.Query().Get("RequestTime"))
	return func() {
			rd.Reset(body)
			r.Body = io.NopCloser(rd)
			h.ServeHTTP(w, r)
		}, func() {
			var e callback.C2CBeforeSendMsg
			if err := json.Unmarshal(body, &e); err != nil {
				b.Fatal(err)
			}
			_ = sha256.Sum256(tokenTime)
		}
}
