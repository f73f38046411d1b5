package imtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/tc3"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// The fixtures the package's tests share: servers, apps and their
// signers, REST clients, and raw console and REST API requests.

// fixedServer is a server on a fixed clock.
func fixedServer(t *testing.T, opts ...imtest.Option) *imtest.Server {
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	return imtest.NewServer(t, append([]imtest.Option{imtest.WithClock(func() time.Time { return now })}, opts...)...)
}

// mustNew is imtest.New for tests that serve the handler directly.
func mustNew(t testing.TB, opts ...imtest.Option) *imtest.Server {
	t.Helper()
	srv, err := imtest.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// v4App is an app on a fresh server with a signer of its key.
type v4App struct {
	srv    *imtest.Server
	id     uint64
	signer *usersig.Signer
}

func newV4App(t *testing.T, opts ...imtest.Option) *v4App {
	t.Helper()
	srv := imtest.NewServer(t, opts...)
	ctx := context.Background()
	app, err := srv.Console().Apps.Create(ctx, &apps.CreateRequest{AppName: "v4", Region: apps.RegionChina})
	require.NoError(t, err)
	return &v4App{srv: srv, id: app.SDKAppID, signer: signerOf(t, srv, app.SDKAppID)}
}

func signerOf(t testing.TB, srv *imtest.Server, id uint64) *usersig.Signer {
	t.Helper()
	secret, err := srv.Console().Apps.Secret(context.Background(), id)
	require.NoError(t, err)
	if secret.SignatureAlgorithm == apps.AlgorithmECDSASHA256 {
		s, err := usersig.NewECDSASigner(id, []byte(secret.PrivateKey))
		require.NoError(t, err)
		return s
	}
	s, err := usersig.NewHMACSigner(id, secret.Key)
	require.NoError(t, err)
	return s
}

// sig mints a UserSig for userID at the server's time, valid for a day.
func (a *v4App) sig(t *testing.T, userID string) string {
	t.Helper()
	return mint(t, a.signer, userID, a.srv.Now(), 24*time.Hour)
}

func mint(t testing.TB, s *usersig.Signer, userID string, at time.Time, ttl time.Duration) string {
	t.Helper()
	sig, err := s.SignToken(usersig.Token{UserID: userID, IssuedAt: at, TTL: ttl})
	require.NoError(t, err)
	return sig
}

// query is a well-formed REST API query for identifier with sig.
func (a *v4App) query(identifier, sig string) url.Values {
	return url.Values{
		"sdkappid": {fmt.Sprint(a.id)}, "identifier": {identifier}, "usersig": {sig},
		"random": {"12345"}, "contenttype": {"json"},
	}
}

// v4Send sends one raw REST API request and returns the HTTP status and
// the raw answer.
func v4Send(t *testing.T, srv *imtest.Server, method, path string, q url.Values, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+path+"?"+q.Encode(), strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, raw
}

// v4Post is v4Send with the answer decoded as an envelope.
func v4Post(t *testing.T, srv *imtest.Server, method, path string, q url.Values, body string) (int, restapi.Envelope) {
	t.Helper()
	status, raw := v4Send(t, srv, method, path, q, body)
	var env restapi.Envelope
	require.NoError(t, json.Unmarshal(raw, &env), "body %s", raw)
	return status, env
}

const (
	pathCheck  = "/v4/im_open_login_svc/account_check"
	pathImport = "/v4/im_open_login_svc/account_import"
	checkBody  = `{"CheckItem":[{"UserID":"alice"}]}`
)

// restClient is a REST client of a new Pro app on srv, as administrator,
// following the server's clock, with alice and the accounts imported.
func restClient(t *testing.T, srv *imtest.Server, accounts []string, opts ...restapi.Option) (*restapi.Client, uint64) {
	t.Helper()
	app, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionPro})
	require.NoError(t, err)
	require.NoError(t, srv.ImportAccounts(app.SDKAppID, append([]string{"alice"}, accounts...)...))
	return adminClient(t, srv, app.SDKAppID, signerOf(t, srv, app.SDKAppID), opts...), app.SDKAppID
}

// adminClient is a REST client of app id on srv as administrator, signing
// with signer and following the server's clock.
func adminClient(t *testing.T, srv *imtest.Server, id uint64, signer *usersig.Signer, opts ...restapi.Option) *restapi.Client {
	t.Helper()
	c, err := restapi.New(id, "administrator", signer, append([]restapi.Option{restapi.WithBaseURL(srv.URL()), restapi.WithClock(srv.Now)}, opts...)...)
	require.NoError(t, err)
	return c
}

// answer is a console API answer.
type answer struct {
	status        int
	code, message string
	body          []byte
}

const conformanceHost = "im.tencentcloudapi.com"

// versionOf is the X-TC-Version of a service (docs/protocol.md).
func versionOf(service string) string {
	switch service {
	case "cim":
		return "2019-03-18"
	case "cam":
		return "2019-01-16"
	case "tag":
		return "2018-08-13"
	}
	return "2026-11-01" // im, the console protocol
}

// tc3Authorization signs a console request (docs/protocol.md, TC3-HMAC-SHA256).
func tc3Authorization(secretID, secretKey, service, action string, signAction bool, body []byte, ts int64) string {
	return tc3.NewSigner(secretID, secretKey, service).Authorization(&tc3.Request{
		Method: http.MethodPost, Host: conformanceHost, Path: "/", ContentType: "application/json",
		Action: action, SignAction: signAction, Payload: body, Timestamp: ts,
	})
}

// serveConsole serves an API 3.0 request for action at version on srv's
// handler, with its X-TC headers at ts and authorization ("" for none).
func serveConsole(srv *imtest.Server, method, action, version string, ts int64, authorization string, body []byte) *httptest.ResponseRecorder {
	return serveConsoleTo(srv, conformanceHost, method, action, version, ts, authorization, body)
}

// serveConsoleTo is serveConsole with the Host header host.
func serveConsoleTo(srv *imtest.Server, host, method, action, version string, ts int64, authorization string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "http://"+host+"/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", action)
	req.Header.Set("X-TC-Version", version)
	req.Header.Set("X-TC-Timestamp", strconv.FormatInt(ts, 10))
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	return rec
}

// send serves one console request on srv's handler, signed by its default
// account (with a wrong key when !signed).
func send(t testing.TB, srv *imtest.Server, action string, body []byte, signed bool) answer {
	t.Helper()
	return sendTo(t, srv, "im", action, body, signed)
}

// sendTo is send for an action of any service, at its version.
func sendTo(t testing.TB, srv *imtest.Server, service, action string, body []byte, signed bool) answer {
	t.Helper()
	id, key := srv.Credentials()
	if !signed {
		key = "not-" + key
	}
	ts := srv.Now().Unix()
	rec := serveConsole(srv, http.MethodPost, action, versionOf(service), ts, tc3Authorization(id, key, service, action, true, body, ts), body)
	var env struct {
		Response struct {
			Error struct{ Code, Message string }
		}
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &env), "%s", rec.Body)
	return answer{rec.Code, env.Response.Error.Code, env.Response.Error.Message, rec.Body.Bytes()}
}

// consoleAnswered checks that a console answer has the error code want
// ("" for a success).
func consoleAnswered(rec *httptest.ResponseRecorder, want string) error {
	var env struct {
		Response struct{ Error struct{ Code string } }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || rec.Code != http.StatusOK || env.Response.Error.Code != want {
		return fmt.Errorf("answered HTTP %d %.200s, want code %q", rec.Code, rec.Body, want)
	}
	return nil
}

// v4Answered serves a REST API request on srv's handler and checks that
// its answer has one of the ErrorCodes want.
func v4Answered(srv *imtest.Server, path string, q url.Values, body string, want ...int) error {
	req := httptest.NewRequest(http.MethodPost, "http://"+conformanceHost+path+"?"+q.Encode(), strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	var env restapi.Envelope
	if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || rec.Code != http.StatusOK || !slices.Contains(want, env.ErrorCode) {
		return fmt.Errorf("answered HTTP %d %.200s, want ErrorCode %v", rec.Code, rec.Body, want)
	}
	return nil
}

// repeat calls f until stop is closed or f returns false.
func repeat(stop <-chan struct{}, f func() bool) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		if !f() {
			return
		}
	}
}

// numbered returns n tags k00=v, k01=v, ...
func numbered(n int) map[string]string {
	m := map[string]string{}
	for i := range n {
		m[fmt.Sprintf("k%02d", i)] = "v"
	}
	return m
}

// numberedIDs are n IDs of format with their index:
// numberedIDs("u%03d", 2) is u000, u001.
func numberedIDs(format string, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf(format, i)
	}
	return ids
}

// seedApps seeds n apps of srv's default account and returns their
// SDKAppIDs.
func seedApps(t testing.TB, srv *imtest.Server, n int) []uint64 {
	t.Helper()
	ids := make([]uint64, n)
	for i := range ids {
		app, err := srv.SeedApp(imtest.AppSeed{})
		require.NoError(t, err)
		ids[i] = app.SDKAppID
	}
	return ids
}

// defaultAccount is the AccountInfo of srv's default account.
func defaultAccount(t testing.TB, srv *imtest.Server) imtest.AccountInfo {
	t.Helper()
	id, _ := srv.Credentials()
	info, err := srv.AccountInfo(id)
	require.NoError(t, err)
	return info
}

// panicOf is what f panics with, nil when it returns.
func panicOf(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}
