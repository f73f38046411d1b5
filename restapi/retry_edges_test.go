package restapi_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// TestBackoffWaitsWithRateLimitWait: with WithRateLimitWait, each retry's
// wait goes through it, without jitter: twice WithRetry's minWait before
// the first retry, doubling per retry, at most maxWait; after 70050 the
// minute Tencent asks for, or a longer Retry-After (both capped at
// maxWait). Such a wait moves a simulated clock, not real time, so a
// context deadline sooner than it does not cut the retry.
func TestBackoffWaitsWithRateLimitWait(t *testing.T) {
	t.Parallel()
	const check = "im_open_login_svc/account_check"
	for _, tc := range []struct {
		name             string
		fault            imtest.Fault
		retries          int
		minWait, maxWait time.Duration
		deadline         time.Duration // of ctx, 0 for none
		want             []time.Duration
	}{
		{"doubling from twice minWait, capped", imtest.Fault{Action: check, Code: "60007", Times: 3}, 3, 100 * time.Millisecond, 500 * time.Millisecond, 0,
			[]time.Duration{200 * time.Millisecond, 400 * time.Millisecond, 500 * time.Millisecond}},
		{"70050 waits its minute", imtest.Fault{Action: check, Code: "70050"}, 1, time.Millisecond, 10 * time.Minute, 0,
			[]time.Duration{time.Minute}},
		{"70050 with a longer Retry-After waits that", imtest.Fault{Action: check, Code: "70050", RetryAfter: 2 * time.Minute}, 1, time.Millisecond, 10 * time.Minute, 0,
			[]time.Duration{2 * time.Minute}},
		{"70050 with a shorter Retry-After waits its minute", imtest.Fault{Action: check, Code: "70050", RetryAfter: 2 * time.Second}, 1, time.Millisecond, 10 * time.Minute, 0,
			[]time.Duration{time.Minute}},
		{"a simulated wait past ctx's deadline is waited", imtest.Fault{Action: check, Code: "70050"}, 1, time.Millisecond, 10 * time.Minute, 30 * time.Second,
			[]time.Duration{time.Minute}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "alice")
			var mu sync.Mutex
			var waits []time.Duration
			c := f.client(t, restapi.WithoutRateLimit(), restapi.WithRetry(tc.retries, tc.minWait, tc.maxWait),
				restapi.WithRateLimitWait(func(_ context.Context, d time.Duration) error {
					mu.Lock()
					defer mu.Unlock()
					waits = append(waits, d)
					return nil
				}))
			f.srv.Inject(tc.fault)
			ctx := t.Context()
			if tc.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.deadline)
				defer cancel()
			}
			_, err := c.Accounts.Check(ctx, "alice")
			require.NoError(t, err, "the last retry is answered")
			assert.Len(t, f.srv.RequestsFor(check), len(tc.want)+1)
			mu.Lock()
			defer mu.Unlock()
			assert.Equal(t, tc.want, waits)
		})
	}
}
