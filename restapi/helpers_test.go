package restapi_test

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// fixture is an app on a reference server, and the signer of its key.
type fixture struct {
	srv    *imtest.Server
	id     uint64
	key    string
	signer *usersig.Signer
}

// newFixture is a Trial app on a fresh server started with opts.
func newFixture(t testing.TB, opts ...imtest.Option) *fixture {
	t.Helper()
	return newFixtureOn(t, imtest.NewServer(t, opts...), apps.EditionTrial)
}

// newProFixture is newFixture with a Pro app (a trial app holds 100
// accounts).
func newProFixture(t testing.TB) *fixture {
	t.Helper()
	return newFixtureOn(t, imtest.NewServer(t), apps.EditionPro)
}

// newFixtureOn seeds an app of edition on srv and reads its key through
// the console.
func newFixtureOn(t testing.TB, srv *imtest.Server, edition apps.Edition) *fixture {
	t.Helper()
	app, err := srv.SeedApp(imtest.AppSeed{Edition: edition})
	require.NoError(t, err)
	secret, err := srv.Console().Apps.Secret(context.Background(), app.SDKAppID)
	require.NoError(t, err)
	signer, err := usersig.NewHMACSigner(app.SDKAppID, secret.Key)
	require.NoError(t, err)
	return &fixture{srv: srv, id: app.SDKAppID, key: secret.Key, signer: signer}
}

// client is a Client of the app as "administrator" following the server's
// clock, with fast retries; opts come last.
func (f *fixture) client(t testing.TB, opts ...restapi.Option) *restapi.Client {
	t.Helper()
	all := append([]restapi.Option{
		restapi.WithBaseURL(f.srv.URL()), restapi.WithClock(f.srv.Now),
		restapi.WithRetry(3, time.Millisecond, 5*time.Millisecond),
	}, opts...)
	c, err := restapi.New(f.id, "administrator", f.signer, all...)
	require.NoError(t, err)
	return c
}

// msgFixture is an app with alice and bob imported and a client whose
// clock and rate-limit waits are the server's.
type msgFixture struct {
	*fixture
	rc *restapi.Client
}

// newMsgFixture is a msgFixture on a fresh server whose clock stands still
// but for Advance and Sleep.
func newMsgFixture(t *testing.T, edition apps.Edition, opts ...restapi.Option) *msgFixture {
	t.Helper()
	noon := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) // fixed: time moves only with Advance and Sleep
	return newMsgFixtureOn(t, imtest.NewServer(t, imtest.WithClock(func() time.Time { return noon })), edition, opts...)
}

// newMsgFixtureOn is a msgFixture with an app of edition on srv; opts come
// after the fixture's own client options.
func newMsgFixtureOn(t *testing.T, srv *imtest.Server, edition apps.Edition, opts ...restapi.Option) *msgFixture {
	t.Helper()
	f := newFixtureOn(t, srv, edition)
	require.NoError(t, srv.ImportAccounts(f.id, "alice", "bob"))
	return &msgFixture{fixture: f, rc: f.client(t, append([]restapi.Option{restapi.WithRateLimitWait(srv.Sleep)}, opts...)...)}
}

// ids are n UserIDs: prefix and 0, 1, ... n-1 zero-padded to at least three
// digits, or as many as n has, so that they sort in order (ids("u", 150) is
// u000 ... u149; ids("u", 1200) is u0000 ... u1199).
func ids(prefix string, n int) []string {
	width := max(3, len(strconv.Itoa(n)))
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%0*d", prefix, width, i)
	}
	return out
}

// collect walks seq to its end and returns what it yielded, failing t at
// the first error.
func collect[T any](t testing.TB, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

// importIDs imports ids(prefix, n) into the app and returns them.
func (f *fixture) importIDs(t testing.TB, prefix string, n int) []string {
	t.Helper()
	users := ids(prefix, n)
	require.NoError(t, f.srv.ImportAccounts(f.id, users...))
	return users
}
