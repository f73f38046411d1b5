package imtest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// TestRESTClientSignsWithTheAppsCurrentKey: the client works for an HMAC
// app, a legacy ECDSA app, and an upgraded one (whose fresh ECDSA
// UserSigs the server refuses with 70009), on a server clock years from
// real time (so a UserSig dated by time.Now would be expired, 70001).
func TestRESTClientSignsWithTheAppsCurrentKey(t *testing.T) {
	t.Parallel()
	legacy := time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		seed    imtest.AppSeed
		upgrade bool
	}{
		{name: "HMAC app", seed: imtest.AppSeed{}},
		{name: "legacy ECDSA app", seed: imtest.AppSeed{CreatedAt: legacy}},
		{name: "ECDSA app upgraded to HMAC", seed: imtest.AppSeed{CreatedAt: legacy}, upgrade: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			future := time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC)
			srv := imtest.NewServer(t, imtest.WithClock(func() time.Time { return future }))
			ctx := context.Background()
			app, err := srv.SeedApp(tc.seed)
			require.NoError(t, err)
			if tc.upgrade {
				_, err = srv.Console().Apps.UpgradeSignatureAlgorithm(ctx, app.SDKAppID)
				require.NoError(t, err)
			}
			require.NoError(t, srv.ImportAccounts(app.SDKAppID, "alice"))

			rc, err := srv.RESTClient(app.SDKAppID, restapi.WithoutRetries())
			require.NoError(t, err)
			got, err := rc.Accounts.Check(ctx, "alice")
			require.NoError(t, err)
			require.Equal(t, restapi.AccountImported, got[0].AccountStatus)
		})
	}
}

// TestRESTClientRateLimiterWaitsOnTheServerClock: a client limited to 1
// call/s waits for its second call by moving the server's clock.
func TestRESTClientRateLimiterWaitsOnTheServerClock(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	app, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	rc, err := srv.RESTClient(app.SDKAppID, restapi.WithRateLimit(restapi.RateLimit{PerSecond: 1}))
	require.NoError(t, err)
	start := srv.Now()
	for range 2 {
		_, err := rc.Accounts.Check(context.Background(), "alice")
		require.NoError(t, err)
	}
	require.Greater(t, srv.Now().Sub(start), time.Second)
}

func TestRESTClientRefusals(t *testing.T) {
	t.Parallel()
	started := imtest.NewServer(t)
	app, err := started.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	notStarted, err := imtest.New()
	require.NoError(t, err)
	seeded, err := notStarted.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	for _, tc := range []struct {
		name    string
		srv     *imtest.Server
		id      uint64
		opts    []restapi.Option
		wantErr string
	}{
		{name: "unknown app", srv: started, id: 1400009999, wantErr: "imtest: RESTClient: app 1400009999 does not exist"},
		{name: "server not started", srv: notStarted, id: seeded.SDKAppID, wantErr: "imtest: RESTClient: the server is not listening: call Start, or use NewServer in tests; for a Handler mounted in a server of your own, build the client with that server's URL (restapi.WithBaseURL)"},
		{name: "WithRegion", srv: started, id: app.SDKAppID, opts: []restapi.Option{restapi.WithRegion(restapi.Singapore)}, wantErr: "WithRegion and WithBaseURL both say where to send"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rc, err := tc.srv.RESTClient(tc.id, tc.opts...)
			require.ErrorContains(t, err, tc.wantErr)
			require.Nil(t, rc)
		})
	}
}
