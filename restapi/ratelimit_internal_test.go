package restapi

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDefaultLimiterWaitEndsWithTheContext: without WithRateLimitWait the
// limiter waits on a timer "until ctx ends": a wait of an hour ends at
// once, with ctx's error, when ctx is done; the timer is only a watchdog
// that fails the test instead of hanging it.
func TestDefaultLimiterWaitEndsWithTheContext(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		ctx  func() context.Context
		want error
	}{
		{"cancelled", func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, context.Canceled},
		{"past its deadline", func() context.Context {
			ctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
			t.Cleanup(cancel)
			return ctx
		}, context.DeadlineExceeded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			done := make(chan error, 1)
			go func() { done <- sleepCtx(tc.ctx(), time.Hour) }()
			watchdog := time.NewTimer(time.Minute)
			defer watchdog.Stop()
			select {
			case err := <-done:
				require.Error(t, err)
				assert.ErrorIs(t, err, tc.want)
			case <-watchdog.C:
				t.Fatal("the wait did not end with ctx")
			}
		})
	}
}
