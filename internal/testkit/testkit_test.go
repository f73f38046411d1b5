package testkit_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/testkit"
)

// recorder is a testing.TB that keeps the failures reported to it.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestCountOK(t *testing.T) {
	t.Parallel()
	limited := &client.APIError{Code: "LimitExceeded.AdminCount"}
	tests := []struct {
		name     string
		errs     []error
		ok, fail int
	}{
		{"all succeed", []error{nil, nil}, 2, 0},
		{"the expected refusal", []error{nil, fmt.Errorf("add: %w", limited)}, 1, 0},
		{"another code", []error{&client.APIError{Code: "InternalError"}, nil}, 1, 1},
		{"not an API error", []error{errors.New("dial tcp: refused")}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := &recorder{TB: t}
			assert.Equal(t, tt.ok, testkit.CountOK(r, tt.errs, limited.Code))
			assert.Len(t, r.errs, tt.fail, r.errs)
		})
	}
}

func TestConcurrentlyKeepsEachCallsError(t *testing.T) {
	t.Parallel()
	errs := testkit.Concurrently(8, func(i int) error {
		if i%2 == 1 {
			return fmt.Errorf("call %d", i)
		}
		return nil
	})
	require.Len(t, errs, 8)
	for i, err := range errs {
		if i%2 == 1 {
			assert.EqualError(t, err, fmt.Sprintf("call %d", i))
		} else {
			assert.NoError(t, err)
		}
	}
}

func TestRedirectKeepsTheHost(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.Host)
	}))
	t.Cleanup(srv.Close)
	resp, err := (&http.Client{Transport: testkit.Redirect{To: srv.URL}}).Get("https://im.tencentcloudapi.com/")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "im.tencentcloudapi.com", string(body))
}

// TestAnswersShowsTheBodyAndKeepsIt: Seen gets the request, the status
// and the whole body, and the client still reads the same body.
func TestAnswersShowsTheBodyAndKeepsIt(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		fmt.Fprint(w, "the answer")
	}))
	t.Cleanup(srv.Close)
	var path, seen string
	var status int
	rt := testkit.Answers{Seen: func(r *http.Request, resp *http.Response, body []byte) {
		path, status, seen = r.URL.Path, resp.StatusCode, string(body)
	}}
	resp, err := (&http.Client{Transport: rt}).Get(srv.URL + "/p")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, []any{"/p", http.StatusTeapot, "the answer"}, []any{path, status, seen})
	assert.Equal(t, "the answer", string(body))
}

func TestRenderShowsEveryForm(t *testing.T) {
	t.Parallel()
	all, encoded := testkit.Render(t, map[string]int{"n": 7})
	assert.JSONEq(t, `{"n":7}`, encoded)
	for _, want := range []string{"map[n:7]", `map[string]int{"n":7}`, `"v":{"n":7}`, "v=map[n:7]",
		`"g":{"v":{"n":7}}`, "g.v=map[n:7]", `"s":{"V":{"n":7}}`, "s={V:map[n:7]}"} {
		assert.Contains(t, all, want)
	}
}
