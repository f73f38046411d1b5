package callback_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"testing"

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
	r := request(b, token, now, c2c(appID))
	body, err := io.ReadAll(r.Body)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("handler", func(b *testing.B) {
		h := newHandler(b, callback.OnC2CBeforeSendMsg(func(_ context.Context, e *callback.C2CBeforeSendMsg) callback.Decision {
			return callback.Allow()
		}))
		w := &discard{h: http.Header{}}
		rd := bytes.NewReader(body)
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			rd.Reset(body)
			r.Body = io.NopCloser(rd)
			h.ServeHTTP(w, r)
		}
	})
	b.Run("bare", func(b *testing.B) {
		tokenTime := []byte(token + "1777629600")
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var e callback.C2CBeforeSendMsg
			if err := json.Unmarshal(body, &e); err != nil {
				b.Fatal(err)
			}
			_ = sha256.Sum256(tokenTime)
		}
	})
}
