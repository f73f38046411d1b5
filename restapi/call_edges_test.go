package restapi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

// answering is a REST API server that answers every request with body
// and records the bodies it was sent.
func answering(t *testing.T, body string, opts ...restapi.Option) (*restapi.Client, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var got []string
	rc := stubClient(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, string(b))
		mu.Unlock()
		_, _ = io.WriteString(w, body)
	}, opts...)
	return rc, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), got...)
	}
}

// TestCallEmptyRawBodySendsObject: Call with a nil or empty []byte or
// json.RawMessage, or a nil pointer, sends {}, as a nil req does, not
// null (as the console client does).
func TestCallEmptyRawBodySendsObject(t *testing.T) {
	t.Parallel()
	rc, sent := answering(t, `{"ActionStatus":"OK","ErrorCode":0}`, restapi.WithoutRetries())
	for _, req := range []any{nil, []byte(nil), []byte{}, (*struct{})(nil)} {
		require.NoError(t, rc.Call(t.Context(), restapi.ServiceLogin, restapi.CommandAccountCheck, req, nil))
	}
	assert.Equal(t, []string{"{}", "{}", "{}", "{}"}, sent(), "a typed nil pointer is no request either")
}

// TestErrorInfoIsBounded: a FAIL answer's ErrorInfo and ErrorDisplay of
// a megabyte (a broken gateway's) are kept to 1 KiB of valid UTF-8 in the
// *Error and its text.
func TestErrorInfoIsBounded(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("界", 1<<20/3)
	rc, _ := answering(t, `{"ActionStatus":"FAIL","ErrorCode":70402,"ErrorInfo":"`+huge+`","ErrorDisplay":"`+huge+`"}`, restapi.WithoutRetries())
	err := rc.Call(t.Context(), restapi.ServiceLogin, restapi.CommandAccountCheck, nil, nil)
	var e *restapi.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 70402, e.Code)
	assert.LessOrEqual(t, len(e.Info), 1<<10+len("…"))
	assert.LessOrEqual(t, len(e.Display), 1<<10+len("…"))
	assert.True(t, strings.HasPrefix(e.Info, "界界"), e.Info[:10])
	assert.LessOrEqual(t, len(err.Error()), 3<<10)
}

// TestCtxEndingInLimiterWaitIsCtxError: when ctx ends while a retry of a
// 60007 waits for the client's rate limiter, the call's error matches
// ctx's error, and the last answer's *Error too.
func TestCtxEndingInLimiterWaitIsCtxError(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	wait := func(ctx context.Context, d time.Duration) error {
		cancel() // ctx ends while the retry waits
		return ctx.Err()
	}
	rc, sent := answering(t, `{"ActionStatus":"FAIL","ErrorCode":60007,"ErrorInfo":"over limit"}`,
		restapi.WithRateLimit(restapi.RateLimit{PerSecond: 1}), restapi.WithRateLimitWait(wait))
	err := rc.Call(ctx, restapi.ServiceLogin, restapi.CommandAccountCheck, nil, nil)
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
	assert.True(t, restapi.HasCode(err, 60007), "%v", err)
	assert.Len(t, sent(), 1, "the retry was not sent")
}

// TestRateLimitAnswerKeptWhenItsWaitOutlastsTheDeadline: a 60007 whose
// retry would wait past ctx's deadline is not waited for: the call ends
// at once with it (ErrRateLimited), matching context.DeadlineExceeded too.
func TestRateLimitAnswerKeptWhenItsWaitOutlastsTheDeadline(t *testing.T) {
	t.Parallel()
	rc, sent := answering(t, `{"ActionStatus":"FAIL","ErrorCode":60007,"ErrorInfo":"over limit"}`,
		restapi.WithoutRateLimit(), restapi.WithRetry(3, 30*time.Second, time.Minute))
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	err := rc.Call(ctx, restapi.ServiceLogin, restapi.CommandAccountCheck, nil, nil)
	assert.ErrorIs(t, err, restapi.ErrRateLimited)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NoError(t, ctx.Err(), "it did not wait for the deadline")
	assert.Len(t, sent(), 1)
}
