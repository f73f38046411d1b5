package imtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/consolewire"
	"github.com/imconsole/imconsole/internal/tc3"
	"github.com/imconsole/imconsole/internal/testkit"
	"github.com/imconsole/imconsole/restapi"
)

// TestAdvanceNeverWrapsBack: Advance past what a Duration holds stops the
// clock there instead of wrapping it back centuries.
func TestAdvanceNeverWrapsBack(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	srv := imtest.NewServer(t, imtest.WithClock(func() time.Time { return start }))
	srv.Advance(math.MaxInt64)
	far := srv.Now()
	srv.Advance(time.Hour)
	assert.Equal(t, far, srv.Now())
	assert.True(t, far.After(start))
}

func TestDeterministicIDsAndClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	srv := imtest.NewServer(t, imtest.WithClock(func() time.Time { return start }))
	assert.Equal(t, start, srv.Now())
	srv.Advance(time.Hour)
	assert.Equal(t, start.Add(time.Hour), srv.Now())
	assert.Panics(t, func() { srv.Advance(-time.Second) })

	c, err := srv.Client()
	require.NoError(t, err)
	var resp struct {
		consolewire.AppResponse[apps.App]
		RequestID string `json:"RequestId"`
	}
	require.NoError(t, c.Call(context.Background(), apps.ActionRegister, &apps.CreateRequest{AppName: "a", Region: apps.RegionChina}, &resp))
	assert.EqualValues(t, 1400000001, resp.App.SDKAppID)
	assert.Equal(t, start.Add(time.Hour), resp.App.CreatedAt)
	assert.Equal(t, "00000000-0000-4000-8000-000000000001", resp.RequestID)
}

func TestServersAreIndependent(t *testing.T) {
	t.Parallel()
	a, b := imtest.NewServer(t), imtest.NewServer(t)
	_, err := a.Console().Apps.Create(context.Background(), &apps.CreateRequest{AppName: "x", Region: apps.RegionChina})
	require.NoError(t, err)
	page, err := b.Console().Apps.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Zero(t, page.TotalCount)
	// SecretIds are deterministic, keys are not: a's key does not sign for b.
	_, err = b.Console(client.WithCredentials(a.Credentials())).Apps.List(context.Background(), nil)
	assert.True(t, client.HasCode(err, "AuthFailure.SignatureFailure"), "%v", err)
}

func TestFaultsApplyInOrderAndRunOut(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c := srv.Console(client.WithoutRetries())
	ctx := context.Background()
	srv.Inject(imtest.Fault{Action: apps.ActionList, Code: "InternalError", Times: 2})
	srv.Inject(imtest.Fault{Code: "RequestLimitExceeded"}) // any action

	_, err := c.Apps.Get(ctx, 1400000001) // takes the any-action fault
	assert.ErrorIs(t, err, client.ErrThrottled)
	for range 2 {
		_, err = c.Apps.List(ctx, nil)
		assert.ErrorIs(t, err, client.ErrInternal)
	}
	_, err = c.Apps.List(ctx, nil)
	assert.NoError(t, err, "faults ran out")

	srv.Inject(imtest.Fault{Code: "InternalError", Times: 5})
	srv.ClearFaults()
	_, err = c.Apps.List(ctx, nil)
	assert.NoError(t, err)
}

func TestInjectRefusesNamesItDoesNotServe(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	for _, served := range []string{"", apps.ActionGet, "GetResources", "DescribeSdkAppid", "openim/sendmsg", "im_open_login_svc/account_check"} {
		assert.NotPanics(t, func() { srv.Inject(imtest.Fault{Action: served}) }, "%q", served)
	}
	for _, unserved := range []string{"sendmsg", "/v4/openim/sendmsg", "v4/openim/sendmsg", "openim/sendmsg?sdkappid=1", "describeimapp", "NoSuchAction"} {
		refusal := panicOf(func() { srv.Inject(imtest.Fault{Action: unserved}) })
		require.NotNil(t, refusal, "%q is refused", unserved)
		for _, says := range []string{strconv.Quote(unserved), `"DescribeIMApp"`, `"service/command"`, `"openim/sendmsg"`, `""`} {
			assert.Contains(t, refusal, says, "the refusal names the fault and the expected forms")
		}
	}
}

// TestRequestsForRefusesNamesItDoesNotServe: a mistyped name panics as it
// does for Inject, instead of reading as "no request".
func TestRequestsForRefusesNamesItDoesNotServe(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	assert.NotPanics(t, func() { srv.RequestsFor("openim/sendmsg") })
	for _, unserved := range []string{"sendmsg", "openim/sendmsgs", ""} {
		refusal := panicOf(func() { srv.RequestsFor(unserved) })
		require.NotNil(t, refusal, "%q is refused", unserved)
		assert.Contains(t, refusal, "imtest: RequestsFor: the action "+strconv.Quote(unserved))
	}
}

// TestInjectRefusesFaultsThatCannotWork: a fault that contradicts itself,
// or sets what it cannot use, panics with what to set.
func TestInjectRefusesFaultsThatCannotWork(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	for _, tc := range []struct {
		name  string
		fault imtest.Fault
		says  string
	}{
		{"negative Times", imtest.Fault{Code: "InternalError", Times: -1}, "cannot be negative"},
		{"negative Latency", imtest.Fault{Latency: -time.Second}, "cannot be negative"},
		{"negative RetryAfter", imtest.Fault{Code: "RequestLimitExceeded", RetryAfter: -time.Second}, "cannot be negative"},
		{"Code with LoseResponse", imtest.Fault{Code: "InternalError", LoseResponse: true}, "set LoseResponse or Code/HTTPStatus"},
		{"HTTPStatus with LoseResponse", imtest.Fault{HTTPStatus: http.StatusBadGateway, LoseResponse: true}, "set LoseResponse or Code/HTTPStatus"},
		{"HTTPStatus 200", imtest.Fault{HTTPStatus: http.StatusOK}, "HTTPStatus 200 is no failure; set a gateway's 400-599"},
		{"HTTPStatus 42", imtest.Fault{HTTPStatus: 42}, "HTTPStatus 42 is no failure"},
		{"HTTPStatus 600", imtest.Fault{HTTPStatus: 600, Code: "InternalError"}, "HTTPStatus 600 is no failure"},
		{"Message alone", imtest.Fault{Message: "disk on fire"}, "Message and RetryAfter go with Code or HTTPStatus"},
		{"RetryAfter with LoseResponse", imtest.Fault{LoseResponse: true, RetryAfter: time.Second}, "Message and RetryAfter go with Code or HTTPStatus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			refusal := panicOf(func() { srv.Inject(tc.fault) })
			require.IsType(t, "", refusal)
			assert.True(t, strings.HasPrefix(refusal.(string), "imtest: Inject: "), "%s", refusal)
			assert.Contains(t, refusal, tc.says)
		})
	}
	for _, ok := range []imtest.Fault{
		{}, // lets a call through, so the next fault applies to the call after
		{HTTPStatus: 400}, {HTTPStatus: 599, Code: "InternalError", RetryAfter: time.Second},
		{LoseResponse: true, Latency: time.Millisecond}, {Code: "InternalError", Latency: time.Millisecond},
	} {
		assert.NotPanics(t, func() { srv.Inject(ok) }, "%+v", ok)
	}
}

// A fault that changes nothing lets its calls through, so a fault after it
// applies to the next call.
func TestFaultWithoutEffectLetsCallsThrough(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c := srv.Console(client.WithoutRetries())
	srv.Inject(imtest.Fault{Action: apps.ActionList, Times: 2})
	srv.Inject(imtest.Fault{Action: apps.ActionList, Code: "InternalError"})
	for range 2 {
		_, err := c.Apps.List(context.Background(), nil)
		require.NoError(t, err)
	}
	_, err := c.Apps.List(context.Background(), nil)
	assert.ErrorIs(t, err, client.ErrInternal)
}

// TestFaultFiresBeforeTheBodyIsRead: a console fault applies to the next
// authenticated call of its action, as the gateway's failures do, even
// one whose body the action would refuse; a request that did not
// authenticate does not use it up.
func TestFaultFiresBeforeTheBodyIsRead(t *testing.T) {
	t.Parallel()
	srv := mustNew(t)
	body := []byte(`{"SdkAppId":"x"}`)
	srv.Inject(imtest.Fault{Action: apps.ActionGet, HTTPStatus: http.StatusBadGateway})
	assert.Equal(t, "AuthFailure.SignatureFailure", send(t, srv, apps.ActionGet, body, false).code)
	id, key := srv.Credentials()
	ts := srv.Now().Unix()
	rec := serveConsole(srv, http.MethodPost, apps.ActionGet, versionOf("im"), ts, tc3Authorization(id, key, "im", apps.ActionGet, true, body, ts), body)
	assert.Equal(t, http.StatusBadGateway, rec.Code, "the fault answered, not the body's InvalidParameter: %s", rec.Body)
	assert.Equal(t, "InvalidParameter", send(t, srv, apps.ActionGet, body, true).code, "and was used up")
}

// A REST API fault named "service/command" fires on that command.
func TestRESTFaultByServiceAndCommand(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	require.NoError(t, a.srv.ImportAccounts(a.id, "alice", "bob"))
	a.srv.Inject(imtest.Fault{Action: "openim/sendmsg", Code: "90001"})
	q := a.query("administrator", a.sig(t, "administrator"))
	body := `{"From_Account":"alice","To_Account":"bob","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}`
	_, env := v4Post(t, a.srv, http.MethodPost, "/v4/openim/sendmsg", q, body)
	assert.Equal(t, 90001, env.ErrorCode, "the fault fired")
	_, env = v4Post(t, a.srv, http.MethodPost, "/v4/openim/sendmsg", q, body)
	assert.Zero(t, env.ErrorCode, "%s", env.ErrorInfo)
}

// TestRESTFaultHTTPStatus: a REST API fault with an HTTPStatus answers it
// as a gateway would: a plain-text page alone, the REST envelope of a
// numeric Code with it.
func TestRESTFaultHTTPStatus(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	q := a.query("administrator", a.sig(t, "administrator"))
	a.srv.Inject(imtest.Fault{Action: "im_open_login_svc/account_check", HTTPStatus: http.StatusBadGateway})
	a.srv.Inject(imtest.Fault{Action: "im_open_login_svc/account_check", HTTPStatus: http.StatusServiceUnavailable, Code: "70500"})
	status, raw := v4Send(t, a.srv, http.MethodPost, pathCheck, q, checkBody)
	assert.Equal(t, http.StatusBadGateway, status)
	assert.True(t, strings.HasPrefix(string(raw), "502 Bad Gateway: "), "%s", raw)
	status, env := v4Post(t, a.srv, http.MethodPost, pathCheck, q, checkBody)
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Equal(t, 70500, env.ErrorCode)
	status, env = v4Post(t, a.srv, http.MethodPost, pathCheck, q, checkBody)
	assert.Equal(t, http.StatusOK, status)
	assert.Zero(t, env.ErrorCode, "both faults are used up: %s", env.ErrorInfo)
}

// TestRESTFaultRetryAfter: a REST API fault sends its RetryAfter as the
// Retry-After header, as Fault.RetryAfter says and a console fault does;
// it was dropped for every REST API fault.
func TestRESTFaultRetryAfter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		fault  imtest.Fault
		status int
		want   string
	}{
		{"numeric code", imtest.Fault{Code: "60007", RetryAfter: 3 * time.Second}, http.StatusOK, "3"},
		{"gateway code", imtest.Fault{Code: "RequestLimitExceeded", RetryAfter: 1500 * time.Millisecond}, http.StatusTooManyRequests, "2"},
		{"status alone", imtest.Fault{HTTPStatus: http.StatusServiceUnavailable, RetryAfter: time.Minute}, http.StatusServiceUnavailable, "60"},
		{"none", imtest.Fault{Code: "60007"}, http.StatusOK, ""},
		{"the longest Duration", imtest.Fault{Code: "60007", RetryAfter: math.MaxInt64}, http.StatusOK, "9223372037"}, // rounded up, not wrapped negative
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newV4App(t)
			tc.fault.Action = "im_open_login_svc/account_check"
			a.srv.Inject(tc.fault)
			q := a.query("administrator", a.sig(t, "administrator"))
			resp, err := http.Post(a.srv.URL()+pathCheck+"?"+q.Encode(), "application/json", strings.NewReader(checkBody))
			require.NoError(t, err)
			defer resp.Body.Close()
			assert.Equal(t, tc.status, resp.StatusCode)
			assert.Equal(t, tc.want, resp.Header.Get("Retry-After"))
		})
	}
}

// The README's imtest snippet does what its comments say: the fault fails
// the next Get, all its tries, and the one after succeeds.
func TestREADMEFaultFailsTheNextGet(t *testing.T) {
	t.Parallel()
	a := newV4App(t) // a server and an app, made with its Console
	console, srv := a.srv.Console(), a.srv
	srv.Advance(8 * 24 * time.Hour)
	srv.Inject(imtest.Fault{Action: apps.ActionGet, Code: "InternalError", Times: client.DefaultRetryMax + 1})
	_, err := console.Apps.Get(t.Context(), a.id)
	assert.ErrorIs(t, err, client.ErrInternal)
	assert.Len(t, srv.RequestsFor(apps.ActionGet), client.DefaultRetryMax+1)
	_, err = console.Apps.Get(t.Context(), a.id)
	assert.NoError(t, err, "the fault is used up")
}

func TestFaultLatencyHonoursClientTimeout(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c := srv.Console(client.WithoutRetries())
	srv.Inject(imtest.Fault{Action: apps.ActionList, Latency: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Apps.List(ctx, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

// No verb prints a secret the server holds: the accounts' SecretKeys, the
// apps' HMAC keys, a legacy app's ECDSA private key, a callback token, a
// UserSig in a recorded /v4 path.
func TestFormattingShowsNoSecret(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := newV4App(t)
	srv := a.srv
	_, key := srv.Credentials()
	_, otherKey := srv.NewAccount()
	hmac, err := srv.Console().Apps.Secret(ctx, a.id)
	require.NoError(t, err)
	legacy, err := srv.SeedApp(imtest.AppSeed{CreatedAt: time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	ecdsa, err := srv.Console().Apps.Secret(ctx, legacy.SDKAppID)
	require.NoError(t, err)
	require.Equal(t, apps.AlgorithmECDSASHA256, ecdsa.SignatureAlgorithm)
	const callbackToken = "callback-token-0123456789"
	require.NoError(t, srv.SetCallback(a.id, imtest.CallbackConfig{URL: "http://127.0.0.1:1/cb", Token: callbackToken}))
	sig := a.sig(t, "administrator")
	v4Post(t, srv, http.MethodPost, pathCheck, a.query("administrator", sig), checkBody)

	secrets := []string{key, otherKey, hmac.Key, callbackToken, sig}
	for line := range strings.Lines(ecdsa.PrivateKey) {
		if !strings.HasPrefix(line, "-----") {
			secrets = append(secrets, strings.TrimSpace(line))
		}
	}
	values := map[string]any{"*Server": srv, "Requests": srv.Requests()}
	for name, v := range values {
		for _, verb := range []string{"%s", "%v", "%+v", "%#v", "%q", "%d", "%t", "%x", "%X", "%o"} {
			out := fmt.Sprintf(verb, v)
			for _, secret := range secrets {
				for _, form := range []string{secret, fmt.Sprintf("%x", secret), fmt.Sprintf("%X", secret)} {
					assert.NotContains(t, out, form, "%s of %s", verb, name)
				}
			}
		}
	}
	assert.Equal(t, "imtest.Server{URL: "+srv.URL()+", SecretId: AKIDimtest0000000001, SecretKey: [redacted]}", srv.String())
	assert.Equal(t, srv.String(), fmt.Sprintf("%#v", srv))
	assert.Equal(t, strconv.Quote(srv.String()), fmt.Sprintf("%q", srv))
}

func TestRecordsRequests(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	c := srv.Console(client.WithRegion("ap-singapore"))
	ctx := context.Background()
	app, err := c.Apps.Create(ctx, &apps.CreateRequest{AppName: "rec", Region: apps.RegionChina})
	require.NoError(t, err)
	_, err = c.Apps.Get(ctx, app.SDKAppID+1)
	require.Error(t, err)

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	id, _ := srv.Credentials()
	assert.Equal(t, apps.ActionRegister, reqs[0].Action)
	assert.Equal(t, id, reqs[0].SecretID)
	assert.Equal(t, "ap-singapore", reqs[0].Region)
	assert.Equal(t, 200, reqs[0].Status)
	assert.NotEmpty(t, reqs[0].ClientToken)
	assert.Contains(t, string(reqs[0].Body), `"AppName":"rec"`)
	assert.Equal(t, "ResourceNotFound.App", reqs[1].Code)
	assert.Empty(t, reqs[1].ClientToken, "reads carry no token")

	reqs[0].Body[0] = 'X'
	assert.Equal(t, byte('{'), srv.Requests()[0].Body[0], "Requests returns copies")
}

func TestMalformedRequests(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	mount := httptest.NewServer(srv.Handler()) // the handler mounts anywhere
	t.Cleanup(mount.Close)

	post := func(path string, header map[string]string, body string) (int, string) {
		req, err := http.NewRequest(http.MethodPost, mount.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var env struct {
			Response struct{ Error struct{ Code string } }
		}
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&env))
		return resp.StatusCode, env.Response.Error.Code
	}
	base := map[string]string{"Content-Type": "application/json", "X-TC-Action": "DescribeIMApps", "X-TC-Version": client.APIVersion}
	with := func(k, v string) map[string]string {
		h := map[string]string{}
		for kk, vv := range base {
			h[kk] = vv
		}
		h[k] = v
		return h
	}
	cases := []struct {
		name   string
		path   string
		header map[string]string
		status int
		code   string
	}{
		{"no action", "/", with("X-TC-Action", ""), 200, "MissingParameter"},
		{"form body", "/", with("Content-Type", "application/x-www-form-urlencoded"), 200, "InvalidParameter.ContentType"},
		{"no authorization", "/", base, 200, "AuthFailure.InvalidAuthorization"},
		{"other path", "/v3/", base, 200, "UnsupportedOperation.Method"},
	}
	for _, tc := range cases {
		status, code := post(tc.path, tc.header, "{}")
		assert.Equal(t, tc.status, status, tc.name)
		assert.Equal(t, tc.code, code, tc.name)
	}

	// Signed but with an unknown field: refused as API 3.0 refuses an
	// undefined parameter, with UnknownParameter.
	c, err := imconsole.New(client.WithEndpoint(mount.URL), client.WithCredentials(srv.Credentials()), client.WithClock(srv.Now))
	require.NoError(t, err)
	err = c.Client.Call(context.Background(), apps.ActionList, map[string]any{"Offset": 0, "Bogus": 1}, nil)
	assert.True(t, client.HasCode(err, "UnknownParameter"), "%v", err)
	assert.ErrorIs(t, err, client.ErrInvalidParameter)
	assert.Contains(t, err.Error(), "Bogus")
}

// TestHandlerMountedUnderAPrefix: the Handler mounted under a path of the
// user's own server serves the console API and the REST API there, to
// clients given that path (client.WithEndpoint kept only the host).
func TestHandlerMountedUnderAPrefix(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	var mounted atomic.Int32
	mux := http.NewServeMux()
	mux.Handle("/im/", http.StripPrefix("/im", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mounted.Add(1)
		srv.Handler().ServeHTTP(w, r)
	})))
	mount := httptest.NewServer(mux)
	t.Cleanup(mount.Close)
	for _, endpoint := range []string{mount.URL + "/im", mount.URL + "/im/"} {
		console := srv.Console(client.WithEndpoint(endpoint))
		app, err := console.Apps.Create(t.Context(), &apps.CreateRequest{AppName: "mounted", Region: apps.RegionChina})
		require.NoError(t, err, endpoint)
		rc, err := srv.RESTClient(app.SDKAppID, restapi.WithBaseURL(endpoint))
		require.NoError(t, err)
		require.NoError(t, rc.Accounts.Import(t.Context(), restapi.Account{UserID: "alice"}), endpoint)
	}
	assert.Equal(t, int32(len(srv.Requests())), mounted.Load(), "every request went through the mount")
}

func TestClientNeedsAStartedServer(t *testing.T) {
	t.Parallel()
	srv, err := imtest.New()
	require.NoError(t, err)
	_, err = srv.Client()
	assert.EqualError(t, err, "imtest: Client: the server is not listening: call Start, or use NewServer in tests; for a Handler mounted in a server of your own, build the client with that server's URL (client.WithEndpoint)")
	assert.Empty(t, srv.URL())
}

// TestRecordedLostResponses: a request whose answer LoseResponse dropped
// is recorded as Lost, so a test of a retry can tell the try that got no
// answer from the one replayed after it; it read as a plain 200.
func TestRecordedLostResponses(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	srv, ctx := a.srv, t.Context()
	rc, err := srv.RESTClient(a.id)
	require.NoError(t, err)
	require.NoError(t, srv.ImportAccounts(a.id, "alice"))
	srv.Inject(imtest.Fault{Action: apps.ActionUpdateProfile, LoseResponse: true})
	srv.Inject(imtest.Fault{Action: "im_open_login_svc/account_check", LoseResponse: true})
	_, err = srv.Console().Apps.UpdateProfile(ctx, a.id, apps.ProfileUpdate{Intro: new(string)})
	require.NoError(t, err, "retried with its ClientToken")
	_, err = rc.Accounts.Check(ctx, "alice")
	require.NoError(t, err, "a read is retried")
	for _, action := range []string{apps.ActionUpdateProfile, "im_open_login_svc/account_check"} {
		reqs := srv.RequestsFor(action)
		require.Len(t, reqs, 2, action)
		assert.True(t, reqs[0].Lost, "%s: the first answer was dropped", action)
		assert.Equal(t, http.StatusOK, reqs[0].Status, action)
		assert.False(t, reqs[1].Lost, "%s: the retry was answered", action)
	}
	assert.True(t, srv.RequestsFor(apps.ActionUpdateProfile)[1].Replayed)
}

// TestSkewedClientIsToldToUseTheServerClock: a client of its own on
// another clock than the server's (a test's WithClock, Advance) is told
// how to sign on the server's, not only to sync its clock.
func TestSkewedClientIsToldToUseTheServerClock(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	for _, skew := range []time.Duration{-time.Hour, time.Hour} {
		c := srv.Console(client.WithoutRetries(), client.WithClock(func() time.Time { return srv.Now().Add(skew) }))
		_, err := c.Apps.ListIDs(t.Context())
		assert.ErrorContains(t, err, "AuthFailure.SignatureExpire", "skew %v", skew)
		assert.ErrorContains(t, err, "against imtest sign on the server's clock (client.WithClock(srv.Now), as srv.Console and srv.Client do)", "skew %v", skew)
	}
}

// TestStartRefusesAStartedServer: a second Start would leak the first
// listener (Close stops only the last), so it fails and URL stays.
func TestStartRefusesAStartedServer(t *testing.T) {
	t.Parallel()
	started, err := imtest.New()
	require.NoError(t, err)
	require.NoError(t, started.Start("127.0.0.1:0"))
	t.Cleanup(started.Close)
	for name, srv := range map[string]*imtest.Server{"Start": started, "NewServer": imtest.NewServer(t)} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			url := srv.URL()
			err := srv.Start("127.0.0.1:0")
			require.Error(t, err)
			assert.Equal(t, "imtest: Start: the server is already serving on "+url+"; use its URL, or New for another server", err.Error())
			assert.Equal(t, url, srv.URL(), "URL stays the first address")
			_, err = srv.Console().Apps.List(context.Background(), nil)
			assert.NoError(t, err, "the first listener still serves")
		})
	}
}

// TestSeedAppRefusesNonsense: SeedApp fails, creating nothing, for a seed
// it cannot honour; a typo of a status, algorithm or region, and an
// ExpiresAt on a Trial app, were taken as they were (an app "disabled"
// that the REST API served, an "ECDSA" app signed with HMAC) or dropped.
func TestSeedAppRefusesNonsense(t *testing.T) {
	t.Parallel()
	expires := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	srv := imtest.NewServer(t)
	for _, tc := range []struct {
		seed imtest.AppSeed
		want string
	}{
		{imtest.AppSeed{SecretID: "AKIDunknown"}, "NewAccount"},
		{imtest.AppSeed{Edition: "Gold"}, `unknown edition "Gold"; use apps.EditionTrial`},
		{imtest.AppSeed{Status: apps.StatusArrears}, "a Trial app cannot be Arrears; seed a Pro, Flagship or Enterprise app"},
		{imtest.AppSeed{Edition: apps.EditionTRTCTrial, Status: apps.StatusExpired}, "a TRTCTrial app cannot be Expired"},
		{imtest.AppSeed{Status: "disabled"}, `unknown status "disabled"; use apps.StatusEnabled`},
		{imtest.AppSeed{SignatureAlgorithm: "ECDSA"}, `unknown signature algorithm "ECDSA"; use apps.AlgorithmHMACSHA256`},
		{imtest.AppSeed{Region: "beijing"}, `region "beijing" is not a data center; use one of apps.Regions()`},
		{imtest.AppSeed{ExpiresAt: &expires}, "a Trial app has no package to expire; set ExpiresAt only with EditionPro"},
	} {
		_, err := srv.SeedApp(tc.seed)
		assert.ErrorContains(t, err, tc.want, "%+v", tc.seed)
	}
	first, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionPro, Status: apps.StatusExpired, Region: apps.RegionTokyo, SignatureAlgorithm: apps.AlgorithmECDSASHA256, ExpiresAt: &expires})
	require.NoError(t, err)
	assert.Equal(t, uint64(1400000001), first.SDKAppID, "no refused seed made an app")
	assert.Equal(t, apps.AlgorithmECDSASHA256, first.SignatureAlgorithm)
	assert.Error(t, srv.MarkArrears(1400009999))
	trial, err := srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	assert.ErrorContains(t, srv.Refund(trial.SDKAppID), "Pro, Flagship and Enterprise")
}

func TestOptionsRefuseNonsense(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]imtest.Option{
		"nil clock":         imtest.WithClock(nil),
		"empty credentials": imtest.WithCredentials("", "key"),
		"negative rate":     imtest.WithV4RateLimit(-1),
	} {
		_, err := imtest.New(opt)
		assert.Error(t, err, name)
	}
	srv, err := imtest.New(nil, imtest.WithCredentials("AKIDmine", "secret"))
	require.NoError(t, err, "a nil option is ignored")
	id, key := srv.Credentials()
	assert.Equal(t, "AKIDmine", id)
	assert.Equal(t, "secret", key)
}

func TestSignedHostMayLeaveOutThePort(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	id, key := srv.Credentials()
	body := []byte(`{"Limit":1}`)
	ts := srv.Now().Unix()
	cases := []struct {
		sent, signed string
		code         string
	}{
		{"127.0.0.1:8080", "127.0.0.1:8080", ""},
		{"127.0.0.1:8080", "127.0.0.1", ""}, // as Tencent's Node.js SDK signs
		{"127.0.0.1:8080", "127.0.0.1:9090", "AuthFailure.SignatureFailure"},
		{"127.0.0.1:8080", "localhost", "AuthFailure.SignatureFailure"},
		{"127.0.0.1", "127.0.0.1:8080", "AuthFailure.SignatureFailure"},
	}
	for _, tc := range cases {
		auth := tc3.NewSigner(id, key, "im").Authorization(&tc3.Request{
			Method: http.MethodPost, Host: tc.signed, Path: "/", ContentType: "application/json",
			Payload: body, Timestamp: ts,
		})
		req := httptest.NewRequest(http.MethodPost, "http://"+tc.sent+"/", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-TC-Action", "DescribeIMApps")
		req.Header.Set("X-TC-Version", "2026-11-01")
		req.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, req)
		var env struct {
			Response struct{ Error struct{ Code string } }
		}
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &env))
		assert.Equal(t, tc.code, env.Response.Error.Code, "sent %s, signed %s", tc.sent, tc.signed)
	}
}

// TestRequestsForNamesTheApp: each recorded request names the app it is
// for, so one app's requests can be told from another's.
func TestRequestsForNamesTheApp(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	other, err := a.srv.SeedApp(imtest.AppSeed{})
	require.NoError(t, err)
	ctx := context.Background()
	console := a.srv.Console()
	for _, id := range []uint64{a.id, other.SDKAppID, 1499999999} {
		_, _ = console.Apps.Get(ctx, id)
	}
	_, err = console.Apps.List(ctx, nil)
	require.NoError(t, err)
	q := a.query("administrator", a.sig(t, "administrator"))
	v4Send(t, a.srv, http.MethodPost, pathCheck, q, checkBody)
	q.Set("sdkappid", "abc")
	v4Send(t, a.srv, http.MethodPost, pathCheck, q, checkBody)
	q.Set("sdkappid", "99999999999999999999999") // out of range
	v4Send(t, a.srv, http.MethodPost, pathCheck, q, checkBody)

	for _, tc := range []struct {
		action string
		want   []uint64
	}{
		{apps.ActionGet, []uint64{a.id, other.SDKAppID, 1499999999}},
		{apps.ActionList, []uint64{0}},
		{"im_open_login_svc/account_check", []uint64{a.id, 0, 0}},
	} {
		t.Run(tc.action, func(t *testing.T) {
			t.Parallel()
			var got []uint64
			for _, r := range a.srv.RequestsFor(tc.action) {
				got = append(got, r.SDKAppID)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestActionsSeeTheClockWhenTheyRun: a console action runs at the
// server's time when it runs, not when its request arrived, so an Advance
// racing the requests never makes a later app older than an earlier one.
func TestActionsSeeTheClockWhenTheyRun(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t, imtest.WithClock(func() time.Time { return time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC) }))
	console := srv.Console()
	ctx := t.Context()
	for _, err := range testkit.Concurrently(4, func(int) error {
		for range 30 { // each worker's Advance races the others' requests
			if _, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: "a", Region: apps.RegionChina}); err != nil {
				return err
			}
			srv.Advance(time.Second)
		}
		return nil
	}) {
		require.NoError(t, err)
	}
	var created []*apps.App
	for app, err := range console.Apps.All(ctx, nil) {
		require.NoError(t, err)
		created = append(created, app)
	}
	require.Len(t, created, 120)
	for i := 1; i < len(created); i++ {
		assert.False(t, created[i].CreatedAt.Before(created[i-1].CreatedAt), "app %d created at %s, before app %d at %s",
			created[i].SDKAppID, created[i].CreatedAt, created[i-1].SDKAppID, created[i-1].CreatedAt)
	}
}
