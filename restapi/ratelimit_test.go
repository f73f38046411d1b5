package restapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// waits records the limiter's waits and moves the server's clock.
type waits struct {
	srv *imtest.Server
	mu  sync.Mutex
	d   []time.Duration
}

func (w *waits) wait(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return w.srv.Sleep(ctx, d)
}

func TestRateLimitOptions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cases := []struct {
		name string
		opt  restapi.Option
		ok   bool
	}{
		{"defaults", restapi.WithRateLimit(restapi.RateLimit{}), true},
		{"raised", restapi.WithRateLimit(restapi.RateLimit{PerSecond: 1000, BatchRecipientsPerMinute: 60000}), true},
		{"off", restapi.WithoutRateLimit(), true},
		{"nil option ignored", nil, true},
		{"negative rate", restapi.WithRateLimit(restapi.RateLimit{PerSecond: -1}), false},
		{"fewer recipients than one batch", restapi.WithRateLimit(restapi.RateLimit{BatchRecipientsPerMinute: 499}), false},
		{"fewer recipients than two batches", restapi.WithRateLimit(restapi.RateLimit{BatchRecipientsPerMinute: 999}), false},
		{"two batches", restapi.WithRateLimit(restapi.RateLimit{BatchRecipientsPerMinute: 1000}), true},
		{"nil wait", restapi.WithRateLimitWait(nil), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := restapi.New(f.id, "administrator", f.signer, restapi.WithBaseURL(f.srv.URL()), c.opt)
			assert.Equal(t, c.ok, err == nil, "%v", err)
		})
	}
	assert.Equal(t, 200, restapi.RateLimitOf(restapi.ServiceOpenIM, restapi.CommandSendMsg))
	assert.Equal(t, 100, restapi.RateLimitOf(restapi.ServiceLogin, restapi.CommandAccountCheck))
	assert.Equal(t, 1, restapi.RateLimitOf(restapi.ServiceGroup, "get_appid_group_list"))
}

// TestRateLimitWaits: a client limited to 4 calls a second waits before
// the calls past its burst, on the server's clock, and the server sees at
// most 4 a second.
func TestRateLimitWaits(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t, imtest.WithV4RateLimit(4))
	w := &waits{srv: srv}
	f := newMsgFixtureOn(t, srv, apps.EditionTrial, restapi.WithRateLimit(restapi.RateLimit{PerSecond: 4}), restapi.WithRateLimitWait(w.wait), restapi.WithoutRetries())
	ctx := t.Context()
	start := srv.Now()
	for range 12 {
		_, err := f.rc.Accounts.Check(ctx, "alice")
		require.NoError(t, err)
	}
	assert.NotEmpty(t, w.d, "the limiter waited")
	assert.GreaterOrEqual(t, srv.Now().Sub(start), 2*time.Second, "12 calls at 4/s take at least 2 s of server time")
	perSecond := map[int64]int{}
	for _, r := range srv.RequestsFor("im_open_login_svc/account_check") {
		perSecond[r.Time.Unix()]++
		assert.Empty(t, r.Code)
	}
	for sec, n := range perSecond {
		assert.LessOrEqual(t, n, 4, "second %d", sec)
	}
}

// TestPerSecondKeepsLowerDefaults: a raised PerSecond paces the 200/s
// commands, not get_appid_group_list, whose own limit is 1/s: five pages
// of Groups.All still take four seconds of the server's clock, and the
// server (at Tencent's limits) refuses none of them.
func TestPerSecondKeepsLowerDefaults(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	w := &waits{srv: srv}
	f := newMsgFixtureOn(t, srv, apps.EditionPro, restapi.WithRateLimit(restapi.RateLimit{PerSecond: 500}), restapi.WithRateLimitWait(w.wait), restapi.WithoutRetries())
	ctx := t.Context()
	for range 5 {
		_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g"})
		require.NoError(t, err)
	}
	start := srv.Now()
	ids := collect(t, f.rc.Groups.All(ctx, restapi.GetAppIDGroupListRequest{Limit: 1}))
	assert.Len(t, ids, 5)
	assert.GreaterOrEqual(t, srv.Now().Sub(start), 4*time.Second, "5 pages at 1/s")
	for _, r := range srv.RequestsFor("group_open_http_svc/get_appid_group_list") {
		assert.Empty(t, r.Code)
	}
}

func TestRateLimitWaitEndsWithContext(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	f := newMsgFixtureOn(t, srv, apps.EditionTrial, restapi.WithRateLimit(restapi.RateLimit{PerSecond: 1}), restapi.WithRateLimitWait(func(ctx context.Context, d time.Duration) error {
		<-ctx.Done() // the wait is only over when ctx is
		return ctx.Err()
	}))
	ctx, cancel := context.WithCancel(t.Context())
	_, err := f.rc.Accounts.Check(ctx, "alice") // the burst of 1
	require.NoError(t, err)
	cancel()
	_, err = f.rc.Accounts.Check(ctx, "alice")
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
	assert.Contains(t, err.Error(), "rate limit")
}

// TestWithoutRateLimit: with the limiter off, a burst over the server's
// limit is answered 60007 and retried by the client.
func TestWithoutRateLimit(t *testing.T) {
	t.Parallel()
	now := time.Now() // fixed: the three calls fall in one second of server time
	srv := imtest.NewServer(t, imtest.WithV4RateLimit(2), imtest.WithClock(func() time.Time { return now }))
	f := newMsgFixtureOn(t, srv, apps.EditionTrial, restapi.WithoutRateLimit(), restapi.WithoutRetries())
	ctx := t.Context()
	var err error
	for range 3 {
		if _, err = f.rc.Accounts.Check(ctx, "alice"); err != nil {
			break
		}
	}
	assert.ErrorIs(t, err, restapi.ErrRateLimited)
}

// TestRetriesWaitWithRateLimitWait: with WithRateLimitWait, the backoff
// before a retry waits with it too: against imtest's Sleep, a 60007 retry
// moves the server's clock to its next second instead of waiting in real
// time, so the call succeeds at once.
func TestRetriesWaitWithRateLimitWait(t *testing.T) {
	t.Parallel()
	noon := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) // fixed: time moves only with Sleep
	srv := imtest.NewServer(t, imtest.WithV4RateLimit(1), imtest.WithClock(func() time.Time { return noon }))
	f := newMsgFixtureOn(t, srv, apps.EditionTrial, restapi.WithoutRateLimit(), restapi.WithRetry(3, 2*time.Second, 4*time.Second))
	ctx := t.Context()
	start := time.Now()
	for range 2 {
		_, err := f.rc.Accounts.Check(ctx, "alice")
		require.NoError(t, err, "the second call's 60007 is retried in the server's next second")
	}
	assert.Less(t, time.Since(start), time.Second, "the 2 s backoff moved the server's clock, not real time")
	assert.GreaterOrEqual(t, srv.Now().Sub(noon), 2*time.Second, "the backoff was waited on the server's clock")
	assert.Len(t, srv.RequestsFor("im_open_login_svc/account_check"), 3, "one retry")
}

// TestGivenUpWaitTakesNothingFromTheLimit: a call whose context ends
// while it waits for the client-side rate limit is not sent, so it takes
// nothing from the limit: the next call waits as long as the given-up one
// would have, not twice that. The server's clock stands still.
func TestGivenUpWaitTakesNothingFromTheLimit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "alice")
	var mu sync.Mutex
	var waits []time.Duration
	c := f.client(t, restapi.WithRateLimit(restapi.RateLimit{PerSecond: 1}),
		restapi.WithRateLimitWait(func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			waits = append(waits, d)
			return ctx.Err() // the clock does not move: only the wait asked for counts
		}))
	const check = "im_open_login_svc/account_check"
	_, err := c.Accounts.Check(t.Context(), "alice") // the burst
	require.NoError(t, err)
	gone, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = c.Accounts.Check(gone, "alice")
	require.ErrorIs(t, err, context.Canceled)
	_, err = c.Accounts.Check(t.Context(), "alice")
	require.NoError(t, err)
	assert.Len(t, f.srv.RequestsFor(check), 2, "the given-up call was not sent")
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, waits, 2)
	assert.Positive(t, waits[0])
	assert.Equal(t, waits[0], waits[1], "the given-up call's place was given back")
}

// echoingTransport fails every request with an error that quotes the
// UserSig it carried, as a proxy quoting what it refused might.
type echoingTransport struct{}

func (echoingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return nil, fmt.Errorf("proxy refused the signature %s", r.URL.Query().Get("usersig"))
}

// TestTransportErrorsNeverShowTheUserSig: "No error shows the UserSig: ...
// and so is the UserSig itself" REDACTED, wherever a transport error
// quotes it.
func TestTransportErrorsNeverShowTheUserSig(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "alice")
	sig := mintAt(t, f.signer, f.srv.Now(), restapi.DefaultUserSigTTL)
	c := f.client(t, restapi.WithHTTPClient(&http.Client{Transport: echoingTransport{}}), restapi.WithoutRetries())
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"a read", func() error { _, err := c.Accounts.Check(t.Context(), "alice"); return err }},
		{"a raw command", func() error { return c.Call(t.Context(), "openim", "sendmsg", map[string]any{}, nil) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.call()
			require.Error(t, err)
			assert.Contains(t, err.Error(), "proxy refused the signature")
			assert.NotContains(t, err.Error(), sig)
			assert.False(t, strings.Contains(err.Error(), sig[:32]), "no part of the UserSig: %v", err)
		})
	}
}
