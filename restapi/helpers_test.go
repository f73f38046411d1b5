package restapi_test

import (
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// fixture is an app on a reference server, the signer of its key, and rc,
// a client of the app (client with no options, unless a constructor says
// otherwise).
type fixture struct {
	srv    *imtest.Server
	id     uint64
	key    string
	signer *usersig.Signer
	rc     *restapi.Client
}

// noon is the fixtures' server time: it stands still but for Advance and
// Sleep, so a test that reads srv.Now before and after a call never sees
// a second boundary pass between them.
var noon = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// stillServer is a fresh reference server whose clock stands at noon.
func stillServer(t testing.TB, opts ...imtest.Option) *imtest.Server {
	t.Helper()
	return imtest.NewServer(t, append([]imtest.Option{imtest.WithClock(func() time.Time { return noon })}, opts...)...)
}

// newFixture is a Trial app on a fresh server with users imported.
func newFixture(t testing.TB, users ...string) *fixture {
	t.Helper()
	return newFixtureOn(t, stillServer(t), apps.EditionTrial, users...)
}

// newProFixture is newFixture with a Pro app (a trial app holds 100
// accounts).
func newProFixture(t testing.TB, users ...string) *fixture {
	t.Helper()
	return newFixtureOn(t, stillServer(t), apps.EditionPro, users...)
}

// newUnlimitedFixture is an app of edition with users imported on a fresh
// server whose v4 rate limits are off.
func newUnlimitedFixture(t testing.TB, edition apps.Edition, users ...string) *fixture {
	t.Helper()
	return newFixtureOn(t, stillServer(t, imtest.WithV4RateLimit(0)), edition, users...)
}

// newFixtureOn seeds an app of edition on srv, reads its key through the
// console and imports users.
func newFixtureOn(t testing.TB, srv *imtest.Server, edition apps.Edition, users ...string) *fixture {
	t.Helper()
	app, err := srv.SeedApp(imtest.AppSeed{Edition: edition})
	require.NoError(t, err)
	secret, err := srv.Console().Apps.Secret(t.Context(), app.SDKAppID)
	require.NoError(t, err)
	signer, err := usersig.NewHMACSigner(app.SDKAppID, secret.Key)
	require.NoError(t, err)
	if len(users) > 0 {
		require.NoError(t, srv.ImportAccounts(app.SDKAppID, users...))
	}
	f := &fixture{srv: srv, id: app.SDKAppID, key: secret.Key, signer: signer}
	f.rc = f.client(t)
	return f
}

// client is a Client of the app as "administrator" following the server's
// clock and waiting on it (its Now and Sleep together, as
// WithRateLimitWait says), with fast retries; opts come last.
func (f *fixture) client(t testing.TB, opts ...restapi.Option) *restapi.Client {
	t.Helper()
	all := append([]restapi.Option{
		restapi.WithBaseURL(f.srv.URL()), restapi.WithClock(f.srv.Now), restapi.WithRateLimitWait(f.srv.Sleep),
		restapi.WithRetry(3, time.Millisecond, 5*time.Millisecond),
	}, opts...)
	c, err := restapi.New(f.id, "administrator", f.signer, all...)
	require.NoError(t, err)
	return c
}

// newMsgFixture is an app of edition with alice and bob imported on a
// fresh server whose clock stands still but for Advance and Sleep, and an
// rc whose rate-limit waits are the server's.
func newMsgFixture(t *testing.T, edition apps.Edition, opts ...restapi.Option) *fixture {
	t.Helper()
	return newMsgFixtureOn(t, stillServer(t), edition, opts...)
}

// newMsgFixtureOn is newMsgFixture's app on srv; opts come after the
// fixture's own client options.
func newMsgFixtureOn(t *testing.T, srv *imtest.Server, edition apps.Edition, opts ...restapi.Option) *fixture {
	t.Helper()
	f := newFixtureOn(t, srv, edition, "alice", "bob")
	f.rc = f.client(t, append([]restapi.Option{restapi.WithRateLimitWait(srv.Sleep)}, opts...)...)
	return f
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

// firstErr is the error a walk yields, nil when none.
func firstErr[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// importIDs imports ids(prefix, n) into the app and returns them.
func (f *fixture) importIDs(t testing.TB, prefix string, n int) []string {
	t.Helper()
	users := ids(prefix, n)
	require.NoError(t, f.srv.ImportAccounts(f.id, users...))
	return users
}

// createGroups creates each group of reqs in f's app.
func (f *fixture) createGroups(t *testing.T, reqs ...*restapi.CreateGroupRequest) {
	t.Helper()
	for _, req := range reqs {
		_, err := f.rc.Groups.Create(t.Context(), req)
		require.NoError(t, err)
	}
}

// codeCase is a call and the code it must fail with.
type codeCase struct {
	name string
	call func() error
	code int
}

// runCodeCases runs each case in parallel: its call fails with its code
// and, unless listed is nil, that code is one of listed (the codes the
// command's error table lists).
func runCodeCases(t *testing.T, listed []int, cases []codeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.call()
			require.True(t, restapi.HasCode(err, tc.code), "%v, want %d", err, tc.code)
			if listed == nil {
				return
			}
			var e *restapi.Error
			require.ErrorAs(t, err, &e)
			assert.Contains(t, listed, e.Code, "a code the command's table lists")
		})
	}
}

// stubClient is a client of app 1400000001 as "administrator" (key "k")
// whose base URL is a test server answering with h, closed when the test
// ends; opts come after the base URL.
func stubClient(t *testing.T, h http.HandlerFunc, opts ...restapi.Option) *restapi.Client {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	signer, err := usersig.NewHMACSigner(1400000001, "k")
	require.NoError(t, err)
	rc, err := restapi.New(1400000001, "administrator", signer, append([]restapi.Option{restapi.WithBaseURL(ts.URL)}, opts...)...)
	require.NoError(t, err)
	return rc
}

// echoingProxy is a server that answers each request with answer, as a
// proxy echoing what it was sent would, and the UserSig of the last
// request it got, "" before the first.
func echoingProxy(t *testing.T, answer http.HandlerFunc) (string, func() string) {
	t.Helper()
	var sig atomic.Value
	sig.Store("")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sig.Store(r.URL.Query().Get("usersig"))
		answer(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() string { return sig.Load().(string) }
}
