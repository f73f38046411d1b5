package restapi_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// TestFailedConnectionsRetriedForWrites: "failed connections, which were
// certainly not applied" are retried for every command (restapi's retry
// policy, Client.Call), a write that is otherwise sent once included: a
// sendmsg whose first connection fails is sent on the second, once.
func TestFailedConnectionsRetriedForWrites(t *testing.T) {
	t.Parallel()
	f := newUnlimitedFixture(t, apps.EditionPro, "alice", "bob")
	var dials atomic.Int32
	var d net.Dialer
	hc := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) == 1 {
			return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connection refused")}
		}
		return d.DialContext(ctx, network, addr)
	}}}
	rc := f.client(t, restapi.WithHTTPClient(hc))
	_, err := rc.Messages.Send(t.Context(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: hello("hi")})
	require.NoError(t, err)
	assert.EqualValues(t, 2, dials.Load(), "dialled again after the failed connection")
	assert.Len(t, f.srv.RequestsFor("openim/sendmsg"), 1, "the write reached the server once")
}

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
