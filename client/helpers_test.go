package client_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/imconsole/imconsole/internal/tc3"
)

// seen is one request as a Tencent-like server received it.
type seen struct {
	Host, Action, Version, Token, Language string
	Auth                                   tc3.Authorization
	Body                                   string
}

// tencentLike is an httptest server that answers HTTP 200 for everything,
// as Tencent does, with the bodies of answers in turn (the last one
// repeated), and records what it received.
type tencentLike struct {
	srv     *httptest.Server
	mu      sync.Mutex
	answers []string
	header  http.Header // sent with every answer
	got     []seen
}

func newTencentLike(t *testing.T, answers ...string) *tencentLike {
	t.Helper()
	tl := &tencentLike{answers: answers, header: http.Header{}}
	tl.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		auth, _ := tc3.ParseAuthorization(r.Header.Get("Authorization"))
		tl.mu.Lock()
		n := len(tl.got)
		tl.got = append(tl.got, seen{Host: r.Host, Action: r.Header.Get("X-TC-Action"), Version: r.Header.Get("X-TC-Version"),
			Token: r.Header.Get("X-TC-Token"), Language: r.Header.Get("X-TC-Language"), Auth: auth, Body: string(body)})
		answer := tl.answers[min(n, len(tl.answers)-1)]
		tl.mu.Unlock()
		for k, v := range tl.header {
			w.Header()[k] = v
		}
		_, _ = io.WriteString(w, answer) // always HTTP 200
	}))
	t.Cleanup(tl.srv.Close)
	return tl
}

func (tl *tencentLike) requests() []seen {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	return append([]seen(nil), tl.got...)
}

func errorAnswer(code string) string {
	return fmt.Sprintf(`{"Response":{"Error":{"Code":%q,"Message":"m"},"RequestId":"r-%s"}}`, code, code)
}
