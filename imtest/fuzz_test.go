package imtest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/admins"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// fuzzedActions are the actions FuzzRequestDecoding sends: every console
// action (service im) and every real API 3.0 action.
var fuzzedActions = []struct{ service, action string }{
	{"im", apps.ActionRegister}, {"im", apps.ActionList}, {"im", apps.ActionGet}, {"im", apps.ActionUpdateProfile},
	{"im", apps.ActionUpgradeEdition}, {"im", apps.ActionDisable}, {"im", apps.ActionDelete}, {"im", apps.ActionSecret},
	{"im", apps.ActionUpgradeSignatureAlgorithm}, {"im", apps.ActionEnableTRTC},
	{"im", admins.ActionList}, {"im", admins.ActionAdd}, {"im", admins.ActionDelete},
	{"im", certs.ActionList}, {"im", certs.ActionCreate}, {"im", certs.ActionModify}, {"im", certs.ActionDelete},
	{"cim", "DescribeSdkAppid"}, {"cam", "GetUserAppId"},
	{"tag", "ModifyResourceTags"}, {"tag", "DescribeResourceTagsByResourceIds"}, {"tag", "GetResources"},
	{"tag", "TagResources"}, {"tag", "UnTagResources"},
}

// FuzzRequestDecoding sends signed API 3.0 requests with fuzzed bodies to a
// fresh server with one app ($APP in a body is its SdkAppId, $RESOURCE its
// Tag API name; seeds in
// testdata/fuzz/FuzzRequestDecoding: every console, cim, cam and Tag API
// request of testdata/conformance.json, trailing data, an overlong
// ClientToken, tag filters). An unknown action is mapped onto a known one. Every answer
// is the API 3.0 envelope with HTTP 200, with a message of at most 4 KiB;
// a success means the body was exactly one JSON object.
func FuzzRequestDecoding(f *testing.F) {
	f.Fuzz(func(t *testing.T, action string, body []byte) {
		i := slices.IndexFunc(fuzzedActions, func(a struct{ service, action string }) bool { return a.action == action })
		if i < 0 {
			h := fnv.New32a()
			h.Write([]byte(action))
			i = int(h.Sum32() % uint32(len(fuzzedActions)))
		}
		service, action := fuzzedActions[i].service, fuzzedActions[i].action
		srv := mustNew(t)
		app, err := srv.SeedApp(imtest.AppSeed{})
		if err != nil {
			t.Fatal(err)
		}
		info := defaultAccount(t, srv)
		body = bytes.ReplaceAll(body, []byte("$RESOURCE"), []byte(info.Resource(app.SDKAppID)))
		body = bytes.ReplaceAll(body, []byte("$APP"), strconv.AppendUint(nil, app.SDKAppID, 10))
		got := sendTo(t, srv, service, action, body, true)
		if got.status != http.StatusOK {
			t.Fatalf("HTTP %d for %s %q: %s", got.status, action, body, got.body)
		}
		if len(got.message) > 4<<10+3 {
			t.Fatalf("a message of %d bytes", len(got.message))
		}
		if got.code == "" {
			var v map[string]any
			d := json.NewDecoder(bytes.NewReader(body))
			if d.Decode(&v) != nil || d.More() {
				t.Fatalf("%s answered 200 to a body that is not one JSON object: %q", action, body)
			}
		}
	})
}

// FuzzV4Request sends REST API (v4) requests with a fuzzed command and
// body, signed as the administrator, to a fresh server with one Pro app
// and the accounts alice, bob and carol (seeds in
// testdata/fuzz/FuzzV4Request: every REST request of
// testdata/conformance.json). Every answer is HTTP 200 with one JSON
// envelope whose ErrorInfo is at most 4 KiB; a success means the body was
// exactly one JSON object.
func FuzzV4Request(f *testing.F) {
	f.Fuzz(func(t *testing.T, command string, body []byte) {
		srv := mustNew(t, imtest.WithV4RateLimit(0))
		app, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionPro})
		if err != nil {
			t.Fatal(err)
		}
		var secret struct{ Response apps.Secret }
		if err := json.Unmarshal(send(t, srv, apps.ActionSecret, fmt.Appendf(nil, `{"SdkAppId":%d}`, app.SDKAppID), true).body, &secret); err != nil {
			t.Fatal(err)
		}
		signer, err := usersig.NewHMACSigner(app.SDKAppID, secret.Response.Key)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := signer.SignToken(usersig.Token{UserID: "administrator", IssuedAt: srv.Now(), TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		q := url.Values{"sdkappid": {strconv.FormatUint(app.SDKAppID, 10)}, "identifier": {"administrator"}, "usersig": {sig}, "random": {"1"}, "contenttype": {"json"}}
		post := func(command string, body []byte) (int, []byte) {
			req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
			req.URL.Path, req.URL.RawQuery = "/v4/"+command, q.Encode()
			rec := httptest.NewRecorder()
			srv.Handler().ServeHTTP(rec, req)
			return rec.Code, rec.Body.Bytes()
		}
		if status, raw := post("im_open_login_svc/multiaccount_import", []byte(`{"AccountList":[{"UserID":"alice"},{"UserID":"bob"},{"UserID":"carol"}]}`)); status != http.StatusOK || !bytes.Contains(raw, []byte(`"ActionStatus":"OK"`)) {
			t.Fatalf("importing the accounts: HTTP %d %s", status, raw)
		}
		status, raw := post(command, body)
		var env struct {
			ActionStatus string
			ErrorCode    *int
			ErrorInfo    string
		}
		d := json.NewDecoder(bytes.NewReader(raw))
		if status != http.StatusOK || d.Decode(&env) != nil || d.More() || env.ErrorCode == nil || (env.ActionStatus != "OK" && env.ActionStatus != "FAIL") {
			t.Fatalf("%s %q: HTTP %d %q is not one REST API envelope", command, body, status, raw)
		}
		if len(env.ErrorInfo) > 4<<10+3 {
			t.Fatalf("an ErrorInfo of %d bytes", len(env.ErrorInfo))
		}
		if *env.ErrorCode == 0 {
			var v map[string]any
			d := json.NewDecoder(bytes.NewReader(body))
			if d.Decode(&v) != nil || d.More() {
				t.Fatalf("%s answered 0 to a body that is not one JSON object: %q", command, body)
			}
		}
	})
}

// FuzzUnauthenticated sends what anyone who can reach the server may send
// before it knows who they are: fuzzed Authorization, X-TC-Timestamp,
// Content-Type and X-TC-Action headers on POST /, and a fuzzed command
// and query under /v4/, with a fuzzed body (seeds in
// testdata/fuzz/FuzzUnauthenticated; $ID, $TS, $DATE and $APP stand for
// the SecretId, the server's Unix time, its UTC date and the app, so runs
// reach the signature and UserSig checks). Neither can forge a signature
// or a UserSig, so every answer is a refusal in its envelope (HTTP 200,
// or the gateway's 405 and 413 on /), with a message of at most 4 KiB;
// no body is recorded, no usersig value is recorded or logged, and each
// log line stays within its bounds.
func FuzzUnauthenticated(f *testing.F) {
	f.Fuzz(func(t *testing.T, authorization, timestamp, contentType, action, query string, body []byte) {
		var logs bytes.Buffer
		srv := mustNew(t, imtest.WithCredentials("AKIDfuzz", "fuzz-secret-key"), imtest.WithClock(func() time.Time { return time.Unix(1767225600, 0) }),
			imtest.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
		app, err := srv.SeedApp(imtest.AppSeed{})
		if err != nil {
			t.Fatal(err)
		}
		now := srv.Now()
		vars := strings.NewReplacer("$ID", "AKIDfuzz", "$TS", strconv.FormatInt(now.Unix(), 10),
			"$DATE", now.UTC().Format(time.DateOnly), "$APP", strconv.FormatUint(app.SDKAppID, 10))

		req := httptest.NewRequest(http.MethodPost, "http://im.tencentcloudapi.com/", bytes.NewReader(body))
		for k, v := range map[string]string{"Authorization": authorization, "X-TC-Timestamp": timestamp, "Content-Type": contentType, "X-TC-Action": action} {
			req.Header[k] = []string{vars.Replace(v)}
		}
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, req)
		var env struct {
			Response *struct {
				Error     *struct{ Code, Message string }
				RequestID string `json:"RequestId"`
			}
		}
		if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil || env.Response == nil || env.Response.Error == nil || env.Response.Error.Code == "" {
			t.Fatalf("HTTP %d %q is not a refusal in the API 3.0 envelope", w.Code, w.Body)
		}
		if w.Code != http.StatusOK && w.Code != http.StatusMethodNotAllowed && w.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("HTTP %d for POST /", w.Code)
		}
		if n := len(env.Response.Error.Message); n > 4<<10+3 {
			t.Fatalf("a message of %d bytes", n)
		}

		u := httptest.NewRequest(http.MethodPost, "http://console.tim.qq.com/", bytes.NewReader(body))
		u.URL.Path, u.URL.RawQuery = "/v4/"+vars.Replace(action), vars.Replace(query)
		w = httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, u)
		var v4 struct {
			ActionStatus string
			ErrorCode    *int
			ErrorInfo    string
		}
		if err := json.Unmarshal(w.Body.Bytes(), &v4); err != nil || w.Code != http.StatusOK || v4.ActionStatus != "FAIL" || v4.ErrorCode == nil || *v4.ErrorCode == 0 {
			t.Fatalf("HTTP %d %q is not a REST API refusal", w.Code, w.Body)
		}
		if n := len(v4.ErrorInfo); n > 4<<10+3 {
			t.Fatalf("an ErrorInfo of %d bytes", n)
		}

		recs := srv.Requests()
		if len(recs) != 2 {
			t.Fatalf("%d requests recorded, want 2", len(recs))
		}
		q, _ := url.ParseQuery(u.URL.RawQuery)
		var others []string // the query's parameters but usersig, which may hold its value too
		for _, p := range strings.Split(u.URL.RawQuery, "&") {
			k, _, _ := strings.Cut(p, "=")
			if name, err := url.QueryUnescape(k); err != nil || name != "usersig" {
				others = append(others, p)
			}
		}
		for _, r := range recs {
			if r.Body != nil {
				t.Fatalf("the body of an unauthenticated request was recorded: %+v", r)
			}
			for _, sig := range q["usersig"] {
				if len(sig) > 8 && strings.Count(r.Path, sig) > strings.Count(u.URL.Path+"?"+strings.Join(others, "&"), sig) {
					t.Fatalf("the usersig %q is recorded in %q", sig, r.Path)
				}
				if len(sig) > 8 && strings.Contains(logs.String(), sig) && !strings.Contains(u.URL.Path+strings.Join(others, "&"), sig) {
					t.Fatalf("the usersig %q is logged: %s", sig, logs.String())
				}
			}
		}
		for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
			if len(line) > 4<<10 {
				t.Fatalf("a log line of %d bytes", len(line))
			}
		}
	})
}

// FuzzCallbackAnswer answers C2C.CallbackBeforeSendMsg with a fuzzed
// HTTP status and body, as the consumer's callback URL (a program under
// test, or anything at -callback-url of cmd/imref) might (seeds in
// testdata/fuzz/FuzzCallbackAnswer: each decision, rewrites of the body
// and of CloudCustomData, undocumented codes, a rewrite with a refusal,
// non-JSON and error pages, bodies echoing the request's query, written
// {query}). Each message is sent by a fresh app, so that each send has
// one delivery: never a panic; the delivery's Err is empty exactly when
// its outcome is not default, always set for a status other than 200 or
// a body that is not JSON, at most 4 KiB, and never shows the token or
// the Sign; the send fails only when the answer refused (20006) or
// rejected it (its custom code), and the message stored is the one sent,
// the answer's MsgBody when it was modified, or none when it was dropped.
func FuzzCallbackAnswer(f *testing.F) {
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	srv := imtest.NewServer(f, imtest.WithClock(func() time.Time { return now }), imtest.WithV4RateLimit(0))
	var mu sync.Mutex
	var status int
	var answer []byte
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		code, body := status, bytes.ReplaceAll(answer, []byte("{query}"), []byte(r.URL.RawQuery))
		mu.Unlock()
		w.WriteHeader(code)
		_, _ = w.Write(body)
	}))
	f.Cleanup(hs.Close)
	sign := callback.Sign(cbToken, now)
	sent := []restapi.Element{restapi.Text("hi")}
	// One console and one HTTP client for every run: a client each would
	// keep its idle connection open past the open-file limit.
	console := srv.Console()
	tr := &http.Transport{}
	f.Cleanup(tr.CloseIdleConnections)
	hc := &http.Client{Transport: tr}
	f.Fuzz(func(t *testing.T, code int, body []byte) {
		if code < 200 || code > 599 {
			code = http.StatusOK
		}
		mu.Lock()
		status, answer = code, body
		mu.Unlock()
		seeded, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionPro})
		require.NoError(t, err)
		app := seeded.SDKAppID
		require.NoError(t, srv.ImportAccounts(app, "alice", "bob"))
		secret, err := console.Apps.Secret(t.Context(), app)
		require.NoError(t, err)
		signer, err := usersig.NewHMACSigner(app, secret.Key)
		require.NoError(t, err)
		rc := adminClient(t, srv, app, signer, restapi.WithHTTPClient(hc), restapi.WithoutRateLimit(), restapi.WithoutRetries())
		require.NoError(t, srv.SetCallback(app, imtest.CallbackConfig{URL: hs.URL + "/cb", Token: cbToken, Commands: []string{callback.CommandC2CBeforeSendMsg}}))
		_, err = rc.Messages.Send(t.Context(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: sent})

		ds := srv.CallbackDeliveries(app)
		if len(ds) != 1 {
			t.Fatalf("%d deliveries for one message: %+v", len(ds), ds)
		}
		d := ds[0]
		if (d.Err == "") != (d.Outcome != imtest.CallbackDefault) {
			t.Fatalf("outcome %s with Err %q", d.Outcome, d.Err)
		}
		if (code != http.StatusOK || !json.Valid(body)) && d.Err == "" {
			t.Fatalf("HTTP %d %q was taken as valid: %+v", code, body, d)
		}
		if len(d.Err) > 4<<10 {
			t.Fatalf("an Err of %d bytes", len(d.Err))
		}
		if strings.Contains(d.Err, cbToken) || strings.Contains(d.Err, sign) {
			t.Fatalf("Err shows the token or the Sign: %q", d.Err)
		}

		var e *restapi.Error
		switch d.Outcome {
		case imtest.CallbackRefused:
			if !errors.As(err, &e) || e.Code != 20006 {
				t.Fatalf("refused: the send answered %v, want 20006", err)
			}
		case imtest.CallbackRejected:
			if !errors.As(err, &e) || e.Code != d.Decision.Code {
				t.Fatalf("rejected with %d: the send answered %v", d.Decision.Code, err)
			}
		default:
			if err != nil {
				t.Fatalf("outcome %s: the send failed: %v", d.Outcome, err)
			}
		}
		msgs := srv.Conversation(app, "alice", "bob")
		want := 1
		switch d.Outcome {
		case imtest.CallbackRefused, imtest.CallbackRejected, imtest.CallbackDropped:
			want = 0
		}
		if len(msgs) != want {
			t.Fatalf("outcome %s: %d messages stored", d.Outcome, len(msgs))
		}
		if want == 1 && d.Decision.MsgBody == nil && !slices.EqualFunc(msgs[0].MsgBody, sent, func(a, b restapi.Element) bool { return a.String() == b.String() }) {
			t.Fatalf("outcome %s stored %v, not the message sent", d.Outcome, msgs[0].MsgBody)
		}
	})
}
