package callback_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/imconsole/imconsole/callback"
)

// TestRefusalsQuoteBoundedInput: what a refused request sent (its
// CallbackCommand, its method) is quoted in the log line and the answer
// only in part, however long it is: anyone can send such a request before
// its Sign is checked.
func TestRefusalsQuoteBoundedInput(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("C", 64<<10)
	unsigned := func(method string) *http.Request {
		r := httptest.NewRequest(method, "/cb?SdkAppid=1400000001&CallbackCommand="+long, strings.NewReader("{}"))
		return r
	}
	cases := []struct {
		name   string
		r      *http.Request
		status int
	}{
		{"a long command without Sign", unsigned(http.MethodPost), http.StatusUnauthorized},
		{"a long command for another app", httptest.NewRequest(http.MethodPost, "/cb?SdkAppid=1&CallbackCommand="+long, nil), http.StatusForbidden},
		{"a long method", unsigned(long), http.StatusMethodNotAllowed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			h := newHandler(t, callback.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, tc.r)
			assert.Equal(t, tc.status, w.Code)
			assert.Less(t, logs.Len(), 1<<10, "the log line")
			assert.Less(t, w.Body.Len(), 1<<10, "the answer")
		})
	}
}
