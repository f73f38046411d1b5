package restapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

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
