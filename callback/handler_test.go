package callback_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/internal/testkit"
	"github.com/imconsole/imconsole/restapi"
)

const (
	appID = 1400000001
	token = "callback-token-for-tests"
)

// now is the handlers' clock in these tests.
var now = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

// answer is a decoded answer envelope.
type answer struct {
	ActionStatus    string
	ErrorCode       int
	ErrorInfo       string
	MsgBody         []restapi.Element
	CloudCustomData *string
}

// serve runs r through h and returns the status and decoded answer.
func serve(t *testing.T, h http.Handler, r *http.Request) (int, answer) {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var a answer
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &a), "answer %q", w.Body.String())
	assert.Equal(t, "application/json", w.Header().Get("Content-Type"))
	return w.Code, a
}

// c2c is a typical C2C.CallbackBeforeSendMsg of app.
func c2c(app uint64) *callback.C2CBeforeSendMsg {
	return &callback.C2CBeforeSendMsg{
		Meta: callback.Meta{SDKAppID: app, OptPlatform: callback.PlatformRESTAPI, ClientIP: "127.0.0.1"},
		C2CMessage: callback.C2CMessage{
			FromAccount: "alice", ToAccount: "bob", MsgSeq: 48374, MsgRandom: 2837546, MsgTime: 1557481126,
			MsgKey: "48374_2837546_1557481126", MsgBody: []restapi.Element{restapi.Text("hello bob")}, CloudCustomData: "{\"k\":1}",
		},
	}
}

func request(t testing.TB, tok string, at time.Time, e callback.Event) *http.Request {
	t.Helper()
	r, err := callback.NewRequest(context.Background(), "http://app.example/im/callback", tok, at, e)
	require.NoError(t, err)
	return r
}

func newHandler(t testing.TB, opts ...callback.Option) *callback.Handler {
	t.Helper()
	h, err := callback.NewHandler(appID, token, append([]callback.Option{callback.WithClock(clock)}, opts...)...)
	require.NoError(t, err)
	return h
}

// forwardEvery is a handler option for each event of callback.Commands()
// that sends the event to got (and allows the before-callbacks).
func forwardEvery(got chan<- callback.Event) []callback.Option {
	return []callback.Option{
		callback.OnStateChange(func(_ context.Context, e *callback.StateChange) { got <- e }),
		callback.OnC2CBeforeSendMsg(func(_ context.Context, e *callback.C2CBeforeSendMsg) callback.Decision {
			got <- e
			return callback.Allow()
		}),
		callback.OnC2CAfterSendMsg(func(_ context.Context, e *callback.C2CAfterSendMsg) { got <- e }),
		callback.OnGroupBeforeCreate(func(_ context.Context, e *callback.GroupBeforeCreate) callback.Decision {
			got <- e
			return callback.Allow()
		}),
		callback.OnGroupAfterCreate(func(_ context.Context, e *callback.GroupAfterCreate) { got <- e }),
		callback.OnGroupBeforeSendMsg(func(_ context.Context, e *callback.GroupBeforeSendMsg) callback.Decision {
			got <- e
			return callback.Allow()
		}),
		callback.OnGroupAfterSendMsg(func(_ context.Context, e *callback.GroupAfterSendMsg) { got <- e }),
		callback.OnGroupMemberJoin(func(_ context.Context, e *callback.GroupMemberJoin) { got <- e }),
		callback.OnGroupMemberExit(func(_ context.Context, e *callback.GroupMemberExit) { got <- e }),
		callback.OnGroupDestroyed(func(_ context.Context, e *callback.GroupDestroyed) { got <- e }),
		callback.OnFriendAdd(func(_ context.Context, e *callback.FriendAdd) { got <- e }),
		callback.OnFriendDelete(func(_ context.Context, e *callback.FriendDelete) { got <- e }),
		callback.OnPortraitSet(func(_ context.Context, e *callback.PortraitSet) { got <- e }),
		callback.OnBlackListAdd(func(_ context.Context, e *callback.BlackListAdd) { got <- e }),
		callback.OnBlackListDelete(func(_ context.Context, e *callback.BlackListDelete) { got <- e }),
		callback.OnC2CMsgWithdrawn(func(_ context.Context, e *callback.C2CMsgWithdrawn) { got <- e }),
		callback.OnGroupMsgRecalled(func(_ context.Context, e *callback.GroupMsgRecalled) { got <- e }),
		callback.OnGroupOwnerChanged(func(_ context.Context, e *callback.GroupOwnerChanged) { got <- e }),
		callback.OnGroupInfoChanged(func(_ context.Context, e *callback.GroupInfoChanged) { got <- e }),
		callback.OnGroupFull(func(_ context.Context, e *callback.GroupFull) { got <- e }),
		callback.OnTopicCreated(func(_ context.Context, e *callback.TopicCreated) { got <- e }),
		callback.OnTopicDestroyed(func(_ context.Context, e *callback.TopicDestroyed) { got <- e }),
		callback.OnC2CMsgModified(func(_ context.Context, e *callback.C2CMsgModified) { got <- e }),
		callback.OnGroupMsgModified(func(_ context.Context, e *callback.GroupMsgModified) { got <- e }),
		callback.OnTopicInfoChanged(func(_ context.Context, e *callback.TopicInfoChanged) { got <- e }),
	}
}

// TestSignVector reproduces the test vector of Tencent's docs (and shows
// the INTL page's variant is a typo).
func TestSignVector(t *testing.T) {
	t.Parallel()
	at := time.Unix(1669872112, 0)
	assert.Equal(t, "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061", callback.Sign("xxxxyyyy", at))
	assert.True(t, strings.HasPrefix(callback.Sign("xxxyyy", at), "e78a8547"))
}

// TestNewRequestWire: the query and body are as Tencent sends them.
func TestNewRequestWire(t *testing.T) {
	t.Parallel()
	r := request(t, "xxxxyyyy", time.Unix(1669872112, 0), c2c(888888))
	q := r.URL.Query()
	assert.Equal(t, url.Values{
		"SdkAppid": {"888888"}, "CallbackCommand": {callback.CommandC2CBeforeSendMsg}, "contenttype": {"json"},
		"ClientIP": {"127.0.0.1"}, "OptPlatform": {"RESTAPI"},
		"Sign": {"17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061"}, "RequestTime": {"1669872112"},
	}, q)
	body, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(body), `{"CallbackCommand":"C2C.CallbackBeforeSendMsg","From_Account":"alice",`), "%s", body)
	assert.Contains(t, string(body), `"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hello bob"}}]`)
	assert.Equal(t, http.MethodPost, r.Method)

	unsigned := request(t, "", time.Time{}, c2c(888888)).URL.Query()
	assert.NotContains(t, unsigned, "Sign")
	assert.NotContains(t, unsigned, "RequestTime")
}

// TestNewRequestErrorsShowNoSecret: NewRequest's refusals show neither
// the token nor the Sign, nor the password or query values of a target
// URL that does not parse (the URL parser's error quotes all of it), and
// still say which host.
func TestNewRequestErrorsShowNoSecret(t *testing.T) {
	t.Parallel()
	const password, access = "url-password-42", "gateway-access-token"
	at := time.Unix(1669872112, 0)
	for _, tc := range []struct {
		name, target string
		e            callback.Event
		want         string
	}{
		{"an invalid port", "https://ops:" + password + "@app.example:bad/cb?access_token=" + access, c2c(888888), "app.example"},
		{"an invalid escape", "https://ops:" + password + "@app.example/%zz?access_token=" + access, c2c(888888), "app.example"},
		{"no scheme", "://ops:" + password + "@app.example/cb", c2c(888888), "app.example"},
		{"no SDKAppID", "https://ops:" + password + "@app.example/cb?access_token=" + access, c2c(0), "Meta.SDKAppID"},
		{"no event", "https://ops:" + password + "@app.example/cb?access_token=" + access, nil, "needs an event"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := callback.NewRequest(context.Background(), tc.target, token, at, tc.e)
			require.Error(t, err)
			for _, secret := range []string{password, access, token, callback.Sign(token, at)} {
				assert.NotContains(t, err.Error(), secret)
			}
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestNewRequestQueryOrder: the parameters are appended to the
// configured URL's own query, which is kept as it is, in the order of
// Tencent's example ("POST /?SdkAppid=888888&CallbackCommand=...&
// contenttype=json&ClientIP=$ClientIP&OptPlatform=$OptPlatform", then
// "…&Sign=<hex>&RequestTime=<ts>").
func TestNewRequestQueryOrder(t *testing.T) {
	t.Parallel()
	const vector = "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061"
	base := "SdkAppid=888888&CallbackCommand=C2C.CallbackBeforeSendMsg&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI"
	for _, tc := range []struct {
		name, target, token, want string
	}{
		{"unsigned", "http://app.example/im/callback", "", base},
		{"signed", "http://app.example/im/callback", "xxxxyyyy", base + "&Sign=" + vector + "&RequestTime=1669872112"},
		{"a configured query is kept", "http://app.example/im/callback?route=im&b=x%2Fy&flag", "", "route=im&b=x%2Fy&flag&" + base},
		{"a configured trailing &", "http://app.example/im/callback?route=im&", "", "route=im&" + base},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, err := callback.NewRequest(context.Background(), tc.target, tc.token, time.Unix(1669872112, 0), c2c(888888))
			require.NoError(t, err)
			assert.Equal(t, tc.want, r.URL.RawQuery)
		})
	}
}

// TestRefused: each request that is not the app's, verified and bounded
// is refused, and never reaches the func.
func TestRefused(t *testing.T) {
	t.Parallel()
	var called atomic.Int32
	h := newHandler(t, callback.WithMaxBodyBytes(1024), callback.OnC2CBeforeSendMsg(func(context.Context, *callback.C2CBeforeSendMsg) callback.Decision {
		called.Add(1)
		return callback.Allow()
	}))
	forged := request(t, token, now, c2c(appID))
	q := forged.URL.Query()
	q.Set("Sign", callback.Sign("another-token", now))
	forged.URL.RawQuery = q.Encode()
	unsigned := request(t, "", now, c2c(appID))
	retimed := request(t, token, now, c2c(appID)) // Sign of one time, RequestTime of another
	q = retimed.URL.Query()
	q.Set("RequestTime", "1777629601")
	retimed.URL.RawQuery = q.Encode()
	zeros := request(t, token, now, c2c(appID)) // ParseInt takes leading zeros: refused by length
	q = zeros.URL.Query()
	q.Set("RequestTime", strings.Repeat("0", 1000)+"1777629600")
	zeros.URL.RawQuery = q.Encode()
	huge := request(t, token, now, c2c(appID)) // refused as no number before the 64 KiB is hashed
	q = huge.URL.Query()
	q.Set("RequestTime", strings.Repeat("9", 64<<10))
	huge.URL.RawQuery = q.Encode()
	big := c2c(appID)
	big.MsgBody = []restapi.Element{restapi.Text(strings.Repeat("x", 2000))}
	chunked := request(t, token, now, big)
	chunked.ContentLength = -1                    // no Content-Length: the limit holds while reading
	endless := request(t, token, now, c2c(appID)) // signed, as a replay within the skew is
	endless.Body, endless.ContentLength = io.NopCloser(&testkit.EndlessReader{}), -1
	short := request(t, token, now, c2c(appID)) // claims more than it sends
	short.ContentLength += 10
	long := request(t, token, now, c2c(appID)) // sends more than it claims
	long.ContentLength--
	get := request(t, token, now, c2c(appID))
	get.Method = http.MethodGet
	noCommand := request(t, token, now, c2c(appID))
	q = noCommand.URL.Query()
	q.Del("CallbackCommand")
	noCommand.URL.RawQuery = q.Encode()
	// A parameter given twice counts by its first value, as url.Values.Get
	// reads it: an empty Sign first leaves the request unsigned.
	twiceSigned := request(t, token, now, c2c(appID))
	twiceSigned.URL.RawQuery = "Sign=&" + twiceSigned.URL.RawQuery
	// A semicolon is no separator (url.ParseQuery refuses it): a proxy
	// that splits on it would read other parameters than the handler.
	semicolon := request(t, token, now, c2c(appID))
	semicolon.URL.RawQuery += ";SdkAppid=1"
	badEscape := request(t, token, now, c2c(appID))
	badEscape.URL.RawQuery += "&OptPlatform=%zz"
	badBody := request(t, token, now, &callback.RawEvent{Meta: callback.Meta{SDKAppID: appID, Command: callback.CommandC2CBeforeSendMsg}, Body: []byte(`{"MsgBody":"not an array"}`)})

	for _, tc := range []struct {
		name   string
		r      *http.Request
		status int
		info   string
	}{
		{"forged", forged, http.StatusUnauthorized, "Sign does not match"},
		{"unsigned", unsigned, http.StatusUnauthorized, "Sign and RequestTime are missing"},
		{"an empty Sign before the valid one", twiceSigned, http.StatusUnauthorized, "Sign and RequestTime are missing"},
		{"sign of another time", retimed, http.StatusUnauthorized, "Sign does not match"},
		{"RequestTime too long for Unix seconds", huge, http.StatusUnauthorized, "RequestTime is not Unix seconds"},
		{"RequestTime of leading zeros", zeros, http.StatusUnauthorized, "RequestTime is not Unix seconds"},
		{"stale", request(t, token, now.Add(-61*time.Second), c2c(appID)), http.StatusUnauthorized, "RequestTime is 1m1s from"},
		{"from the future", request(t, token, now.Add(61*time.Second), c2c(appID)), http.StatusUnauthorized, "RequestTime is -1m1s from"},
		{"replayed with another app", request(t, token, now, c2c(appID+1)), http.StatusForbidden, "SdkAppid is not this handler's app"},
		{"oversized", request(t, token, now, big), http.StatusRequestEntityTooLarge, "over 1024 bytes"},
		{"oversized without length", chunked, http.StatusRequestEntityTooLarge, "over 1024 bytes"},
		{"endless", endless, http.StatusRequestEntityTooLarge, "over 1024 bytes"},
		{"shorter than its Content-Length", short, http.StatusBadRequest, "not as long as its Content-Length"},
		{"longer than its Content-Length", long, http.StatusBadRequest, "not as long as its Content-Length"},
		{"GET", get, http.StatusMethodNotAllowed, "POSTed"},
		{"no command", noCommand, http.StatusBadRequest, "CallbackCommand is missing"},
		{"bad body", badBody, http.StatusBadRequest, "not a C2C.CallbackBeforeSendMsg event"},
		{"a semicolon in the query", semicolon, http.StatusBadRequest, "the query does not parse"},
		{"a query that does not unescape", badEscape, http.StatusBadRequest, "the query does not parse"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			status, a := serve(t, h, tc.r)
			assert.Equal(t, tc.status, status)
			assert.Equal(t, "FAIL", a.ActionStatus)
			assert.Contains(t, a.ErrorInfo, tc.info)
		})
	}
	t.Cleanup(func() { assert.Zero(t, called.Load()) })
}

// TestDecodeRefusalIsBounded: a verified body that does not decode is
// refused with encoding/json's reason cut to 256 bytes: its error quotes
// a number that does not fit, of any length, and it goes to the log too.
func TestDecodeRefusalIsBounded(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	h := newHandler(t, callback.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))), callback.OnC2CBeforeSendMsg(func(context.Context, *callback.C2CBeforeSendMsg) callback.Decision {
		return callback.Allow()
	}))
	body := []byte(`{"MsgSeq":1` + strings.Repeat("9", 500_000) + `}`)
	status, a := serve(t, h, request(t, token, now, &callback.RawEvent{Meta: callback.Meta{SDKAppID: appID, Command: callback.CommandC2CBeforeSendMsg}, Body: body}))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, a.ErrorInfo, "not a C2C.CallbackBeforeSendMsg event")
	assert.Less(t, len(a.ErrorInfo), 400)
	assert.Less(t, logs.Len(), 2000)
}

// TestRefusalsQuoteBoundedInput: what a refused request sent (its
// CallbackCommand, its method) is quoted in the log line and the answer
// only in part, however long it is: anyone can send such a request before
// its Sign is checked.
func TestRefusalsQuoteBoundedInput(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("C", 64<<10)
	unsigned := func(method string) *http.Request {
		r := httptest.NewRequest(method, "/cb?SdkAppid=1400000001&CallbackCommand="+long, strings.NewReader("{}"))
		return r
	}
	cases := []struct {
		name   string
		r      *http.Request
		status int
	}{
		{"a long command without Sign", unsigned(http.MethodPost), http.StatusUnauthorized},
		{"a long command for another app", httptest.NewRequest(http.MethodPost, "/cb?SdkAppid=1&CallbackCommand="+long, nil), http.StatusForbidden},
		{"a long method", unsigned(long), http.StatusMethodNotAllowed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			h := newHandler(t, callback.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, tc.r)
			assert.Equal(t, tc.status, w.Code)
			assert.Less(t, logs.Len(), 1<<10, "the log line")
			assert.Less(t, w.Body.Len(), 1<<10, "the answer")
		})
	}
}

// TestAccepted: a minute either way is within the window.
func TestAccepted(t *testing.T) {
	t.Parallel()
	h := newHandler(t)
	for _, at := range []time.Time{now, now.Add(-time.Minute), now.Add(time.Minute)} {
		status, a := serve(t, h, request(t, token, at, c2c(appID)))
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, answer{ActionStatus: "OK"}, a)
	}
}

// TestWithoutAuth: a WithoutAuth handler passes the unsigned callbacks
// Tencent sends with callback auth off ("Sign, RequestTime: only when
// callback auth is enabled", CN 32431) to its func, and refuses (401) a
// request that carries Sign or RequestTime, which only callback auth on
// sends: that handler should have the token. A handler with a token
// still refuses unsigned ones (TestRefused).
func TestWithoutAuth(t *testing.T) {
	t.Parallel()
	got := make(chan *callback.C2CBeforeSendMsg, 1)
	open, err := callback.NewHandler(appID, "", callback.WithoutAuth(), callback.OnC2CBeforeSendMsg(func(_ context.Context, e *callback.C2CBeforeSendMsg) callback.Decision {
		got <- e
		return callback.Refuse("no")
	}))
	require.NoError(t, err)
	assert.Equal(t, "callback.Handler{SDKAppID: 1400000001, auth: false}", open.String())
	assert.Equal(t, "callback.Handler{SDKAppID: 1400000001, auth: true}", newHandler(t).String())

	status, a := serve(t, open, request(t, "", now, c2c(appID)))
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, answer{ActionStatus: "OK", ErrorCode: callback.CodeRefuse, ErrorInfo: "no"}, a)
	e := <-got
	assert.Equal(t, "alice", e.FromAccount)
	assert.True(t, e.RequestTime.IsZero(), "an unsigned request has no RequestTime")

	only := func(key string) *http.Request {
		r := request(t, token, now, c2c(appID))
		q := r.URL.Query()
		q.Del(key)
		r.URL.RawQuery = q.Encode()
		return r
	}
	for _, tc := range []struct {
		name string
		r    *http.Request
	}{
		{"signed with the app's token", request(t, token, now, c2c(appID))},
		{"signed with another token", request(t, "another-token", now, c2c(appID))},
		{"Sign alone", only("RequestTime")},
		{"RequestTime alone", only("Sign")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			status, a := serve(t, open, tc.r)
			assert.Equal(t, http.StatusUnauthorized, status)
			assert.Equal(t, "FAIL", a.ActionStatus)
			assert.Contains(t, a.ErrorInfo, "callback auth is on in the console")
			assert.Contains(t, a.ErrorInfo, "instead of WithoutAuth")
		})
	}
	t.Cleanup(func() { assert.Empty(t, got, "a refused request reaches no func") })
}

// TestAcceptedWhateverContentType: Tencent documents no Content-Type for
// callbacks ("Callback HTTP headers (Content-Type, User-Agent)
// undocumented"; the body is always JSON), so the Handler reads the body
// as JSON whatever the header says, or without one.
func TestAcceptedWhateverContentType(t *testing.T) {
	t.Parallel()
	h := newHandler(t)
	for _, ct := range []string{"", "application/json", "text/plain", "application/x-www-form-urlencoded"} {
		t.Run(ct, func(t *testing.T) {
			t.Parallel()
			r := request(t, token, now, c2c(appID))
			r.Header.Del("Content-Type")
			if ct != "" {
				r.Header.Set("Content-Type", ct)
			}
			status, a := serve(t, h, r)
			assert.Equal(t, http.StatusOK, status)
			assert.Equal(t, answer{ActionStatus: "OK"}, a)
		})
	}
}

// TestDecisions: what a before-event func returns is answered.
func TestDecisions(t *testing.T) {
	t.Parallel()
	custom := "{\"checked\":true}"
	for _, tc := range []struct {
		name string
		d    callback.Decision
		want answer
	}{
		{"allow", callback.Allow(), answer{ActionStatus: "OK"}},
		{"refuse", callback.Refuse("spam"), answer{ActionStatus: "OK", ErrorCode: 1, ErrorInfo: "spam"}},
		{"drop", callback.Drop(), answer{ActionStatus: "OK", ErrorCode: 2}},
		{"custom code", callback.Reject(120001, "not now"), answer{ActionStatus: "OK", ErrorCode: 120001, ErrorInfo: "not now"}},
		{"rewrite", callback.Allow().WithMsgBody(restapi.Text("***")).WithCloudCustomData(custom), answer{ActionStatus: "OK", MsgBody: []restapi.Element{restapi.Text("***")}, CloudCustomData: &custom}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHandler(t, callback.OnC2CBeforeSendMsg(func(_ context.Context, e *callback.C2CBeforeSendMsg) callback.Decision {
				return tc.d
			}))
			status, a := serve(t, h, request(t, token, now, c2c(appID)))
			assert.Equal(t, http.StatusOK, status)
			assert.Equal(t, tc.want, a)
		})
	}
}

// TestFailClosed: a before-event func that returns a decision its
// command does not take, or panics, refuses the event with ErrorCode 1
// (ActionStatus OK, as Tencent writes a refusal), whatever the timeout
// decision; a valid decision is answered as it is.
func TestFailClosed(t *testing.T) {
	t.Parallel()
	failed := answer{ActionStatus: "OK", ErrorCode: callback.CodeRefuse, ErrorInfo: "the callback handler failed"}
	invalid, panicked := "callback decision invalid, refusing", "callback handler panicked"
	group := &callback.GroupBeforeCreate{Meta: callback.Meta{SDKAppID: appID}, Type: restapi.GroupPublic, Name: "g"}
	for _, tc := range []struct {
		name  string
		opts  []callback.Option
		event callback.Event
		d     callback.Decision // returned; panics when panic is set
		panic bool
		want  answer
		log   string
	}{
		{"valid refusal", nil, c2c(appID), callback.Refuse("spam"), false, answer{ActionStatus: "OK", ErrorCode: 1, ErrorInfo: "spam"}, ""},
		{"refusal with a rewritten body", nil, c2c(appID), callback.Refuse("no").WithMsgBody(restapi.Text("y")), false, failed, invalid},
		{"drop with rewritten CloudCustomData", nil, c2c(appID), callback.Drop().WithCloudCustomData("x"), false, failed, invalid},
		{"group code for C2C", nil, c2c(appID), callback.Reject(10100, "x"), false, failed, invalid},
		{"C2C code for a group", nil, group, callback.Reject(120001, "x"), false, failed, invalid},
		{"drop for group creation", nil, group, callback.Drop(), false, failed, invalid},
		{"invalid with WithTimeoutDecision(Allow)", []callback.Option{callback.WithTimeoutDecision(callback.Allow())}, c2c(appID), callback.Reject(777, "x"), false, failed, invalid},
		{"panic", nil, c2c(appID), callback.Decision{}, true, failed, panicked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			decide := func() callback.Decision {
				if tc.panic {
					panic("boom")
				}
				return tc.d
			}
			opts := append([]callback.Option{callback.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))),
				callback.OnC2CBeforeSendMsg(func(context.Context, *callback.C2CBeforeSendMsg) callback.Decision { return decide() }),
				callback.OnGroupBeforeCreate(func(context.Context, *callback.GroupBeforeCreate) callback.Decision { return decide() }),
			}, tc.opts...)
			status, a := serve(t, newHandler(t, opts...), request(t, token, now, tc.event))
			assert.Equal(t, http.StatusOK, status)
			assert.Equal(t, tc.want, a)
			if tc.log == "" {
				assert.Empty(t, logs.String())
				return
			}
			assert.Contains(t, logs.String(), tc.log)
			assert.Contains(t, logs.String(), tc.event.Command())
		})
	}
}

// TestDecisionCheck: the codes each before-event command documents.
func TestDecisionCheck(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cmd string
		d   callback.Decision
		ok  bool
	}{
		{callback.CommandC2CBeforeSendMsg, callback.Reject(130000, ""), true},
		{callback.CommandC2CBeforeSendMsg, callback.Reject(130001, ""), false},
		{callback.CommandGroupBeforeSendMsg, callback.Reject(10200, ""), true},
		{callback.CommandGroupBeforeSendMsg, callback.Drop(), true},
		{callback.CommandGroupBeforeSendMsg, callback.Allow().WithMsgBody(restapi.Text("x")), true},
		{callback.CommandGroupBeforeCreate, callback.Drop(), false},
		{callback.CommandGroupBeforeCreate, callback.Refuse(""), true},
		{callback.CommandGroupBeforeCreate, callback.Allow().WithCloudCustomData("x"), false},
		{callback.CommandGroupAfterCreate, callback.Refuse(""), false},
		{callback.CommandGroupAfterCreate, callback.Allow(), true},
	} {
		err := tc.d.Check(tc.cmd)
		assert.Equal(t, tc.ok, err == nil, "%s %+v: %v", tc.cmd, tc.d, err)
	}
}

// TestDeadline: a func still running at the deadline gets the timeout
// decision (Refuse when it does not fit the command) and a cancelled
// context.
func TestDecisionString(t *testing.T) {
	t.Parallel()
	cases := []struct {
		d    callback.Decision
		want string
	}{
		{callback.Allow(), "{Code:0 Info: MsgBody:[] CloudCustomData:<nil>}"},
		{callback.Refuse("spam"), "{Code:1 Info:spam MsgBody:[] CloudCustomData:<nil>}"},
		{callback.Allow().WithMsgBody(restapi.Text("hi")).WithCloudCustomData("x"),
			`{Code:0 Info: MsgBody:[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}] CloudCustomData:"x"}`},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, tc.d.String())
		assert.Equal(t, tc.want, fmt.Sprintf("%+v", tc.d), "%%+v uses String")
	}
}

func TestDeadline(t *testing.T) {
	t.Parallel()
	cancelled := make(chan struct{})
	h := newHandler(t, callback.WithDeadline(time.Millisecond), callback.WithTimeoutDecision(callback.Drop()),
		callback.OnC2CBeforeSendMsg(func(ctx context.Context, _ *callback.C2CBeforeSendMsg) callback.Decision {
			<-ctx.Done()
			close(cancelled)
			return callback.Allow()
		}),
		callback.OnGroupBeforeCreate(func(ctx context.Context, _ *callback.GroupBeforeCreate) callback.Decision {
			<-ctx.Done()
			return callback.Allow()
		}))
	_, a := serve(t, h, request(t, token, now, c2c(appID)))
	assert.Equal(t, answer{ActionStatus: "OK", ErrorCode: callback.CodeDrop}, a)
	<-cancelled
	_, a = serve(t, h, request(t, token, now, &callback.GroupBeforeCreate{Meta: callback.Meta{SDKAppID: appID}, Type: restapi.GroupPublic, Name: "g"}))
	assert.Equal(t, answer{ActionStatus: "OK", ErrorCode: callback.CodeRefuse}, a)
}

// TestPanic: a panicking func is answered with ErrorCode 1 (ActionStatus
// OK: a FAIL could read as a failed callback, which Tencent goes ahead
// on).
func TestPanic(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	h := newHandler(t, callback.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))), callback.OnFriendAdd(func(context.Context, *callback.FriendAdd) {
		panic("boom")
	}))
	status, a := serve(t, h, request(t, token, now, &callback.FriendAdd{Meta: callback.Meta{SDKAppID: appID}}))
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, answer{ActionStatus: "OK", ErrorCode: 1, ErrorInfo: "the callback handler failed"}, a)
	assert.Contains(t, logs.String(), "boom")
}

// TestFallback: commands without a typed func go to the fallback, or are
// answered OK without one; the fallback's decision for a before-event is
// checked as a typed func's (fail closed), another command's is answered
// as it is.
func TestFallback(t *testing.T) {
	t.Parallel()
	raw := &callback.RawEvent{Meta: callback.Meta{SDKAppID: appID, Command: "Sns.CallbackBlackListAdd"}, Body: []byte(`{"CallbackCommand":"Sns.CallbackBlackListAdd","PairList":[]}`)}
	status, a := serve(t, newHandler(t), request(t, token, now, raw))
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, answer{ActionStatus: "OK"}, a)

	var got *callback.RawEvent
	h := newHandler(t, callback.WithFallback(func(_ context.Context, e *callback.RawEvent) callback.Decision {
		got = e
		return callback.Refuse("no")
	}))
	_, a = serve(t, h, request(t, token, now, raw))
	assert.Equal(t, answer{ActionStatus: "OK", ErrorCode: 1, ErrorInfo: "no"}, a)
	require.NotNil(t, got)
	assert.Equal(t, "Sns.CallbackBlackListAdd", got.Command())
	assert.Equal(t, now.Unix(), got.RequestTime.Unix())
	assert.JSONEq(t, string(raw.Body), string(got.Body))

	for _, d := range []callback.Decision{callback.Refuse("no").WithMsgBody(restapi.Text("y")), callback.Reject(10100, "a group code")} {
		h = newHandler(t, callback.WithFallback(func(context.Context, *callback.RawEvent) callback.Decision { return d }))
		_, a = serve(t, h, request(t, token, now, c2c(appID)))
		assert.Equal(t, answer{ActionStatus: "OK", ErrorCode: callback.CodeRefuse, ErrorInfo: "the callback handler failed"}, a, "%v for a C2C before-event", d)
	}
}

// TestEventsDecode: each of the events of Commands sent with NewRequest reaches
// its typed func as it was sent, with its Meta.
func TestEventsDecode(t *testing.T) {
	t.Parallel()
	meta := callback.Meta{SDKAppID: appID, Command: "", ClientIP: "10.0.0.1", OptPlatform: callback.PlatformRESTAPI}
	before := c2c(appID)
	before.Meta = meta
	members := []restapi.MemberAccount{{MemberAccount: "alice"}, {MemberAccount: "bob"}}
	gm := callback.GroupMessage{GroupID: "@TGS#1", Type: restapi.GroupPublic, FromAccount: "alice", OperatorAccount: "admin", Random: 7, MsgBody: []restapi.Element{restapi.Custom("d", "push", "")}, EventTime: 1670574414123}
	events := []callback.Event{
		&callback.StateChange{Meta: meta, EventTime: 1, Info: callback.StateInfo{Action: callback.ActionLogin, ToAccount: "alice", Reason: callback.ReasonRegister}, KickedDevice: []callback.KickedDevice{{Platform: "Web"}}},
		before,
		&callback.C2CAfterSendMsg{Meta: meta, C2CMessage: before.C2CMessage, ErrorInfo: "send msg succeed", UnreadMsgNum: 3},
		&callback.GroupBeforeCreate{Meta: meta, OperatorAccount: "admin", OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", CreateGroupNum: 2, MemberList: members, EventTime: 5},
		&callback.GroupAfterCreate{Meta: meta, GroupID: "@TGS#1", OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", MemberList: members, UserDefinedDataList: []restapi.KeyValue{{Key: "k", Value: "v"}}, EventTime: 5},
		&callback.GroupBeforeSendMsg{Meta: meta, GroupMessage: gm},
		&callback.GroupAfterSendMsg{Meta: meta, GroupMessage: gm, MsgSeq: 9, MsgTime: 1670574414, GroupAtInfo: []restapi.GroupAt{{GroupAtAllFlag: 1}}},
		&callback.GroupMemberJoin{Meta: meta, GroupID: "@TGS#1", Type: restapi.GroupPublic, JoinType: callback.JoinInvited, OperatorAccount: "admin", NewMemberList: members, EventTime: 6},
		&callback.GroupMemberExit{Meta: meta, GroupID: "@TGS#1", Type: restapi.GroupPublic, ExitType: callback.ExitKicked, OperatorAccount: "admin", ExitMemberList: members[1:], EventTime: 7},
		&callback.GroupDestroyed{Meta: meta, GroupID: "@TGS#1", Type: restapi.GroupPublic, OwnerAccount: "alice", Name: "g", MemberList: members, EventTime: 8},
		&callback.FriendAdd{Meta: meta, PairList: []callback.FriendPair{{FromAccount: "alice", ToAccount: "bob", InitiatorAccount: "alice"}}, ClientCmd: "friend_add", AdminAccount: "admin", ForceFlag: 1},
		&callback.FriendDelete{Meta: meta, PairList: []callback.FriendPair{{FromAccount: "alice", ToAccount: "bob"}}},
		&callback.PortraitSet{Meta: meta, OperatorAccount: "admin", FromAccount: "alice", EventTime: 9, ProfileItem: []restapi.ProfileItem{{Tag: restapi.TagNick, Value: "Alice"}, {Tag: "Tag_Profile_Custom_Level", Value: uint64(3)}}},
		&callback.BlackListAdd{Meta: meta, PairList: []callback.FriendPair{{FromAccount: "alice", ToAccount: "bob"}}},
		&callback.BlackListDelete{Meta: meta, PairList: []callback.FriendPair{{FromAccount: "alice", ToAccount: "bob"}}},
		&callback.C2CMsgWithdrawn{Meta: meta, FromAccount: "alice", ToAccount: "bob", MsgKey: before.MsgKey, UnreadMsgNum: 2, EventTime: 10},
		&callback.GroupMsgRecalled{Meta: meta, OperatorAccount: "admin", Type: restapi.GroupCommunity, GroupID: "@TGS#1", MsgSeqList: []callback.RecalledMsg{{MsgSeq: 9, MsgID: "m9"}}, TopicID: "@TGS#1@TOPIC#_t", EventTime: 11},
		&callback.GroupOwnerChanged{Meta: meta, GroupID: "@TGS#1", Type: restapi.GroupPublic, OperatorAccount: "admin", OldOwnerAccount: "alice", NewOwnerAccount: "bob", EventTime: 12},
		&callback.GroupInfoChanged{Meta: meta, GroupID: "@TGS#1", Type: restapi.GroupPublic, OperatorAccount: "admin", Name: "n", Introduction: "i", Notification: "o", FaceURL: "https://f.example/a.png", EventTime: 13},
		&callback.GroupFull{Meta: meta, GroupID: "@TGS#1", EventTime: 14},
		&callback.TopicCreated{Meta: meta, GroupID: "@TGS#_1", TopicID: "@TGS#_1@TOPIC#_t", OperatorAccount: "admin", OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "t"},
		&callback.TopicDestroyed{Meta: meta, GroupID: "@TGS#_1", Type: restapi.GroupCommunity, TopicIDList: []string{"@TGS#_1@TOPIC#_t"}},
		&callback.C2CMsgModified{Meta: meta, OperatorAccount: "admin", FromAccount: "alice", ToAccount: "bob", MsgSeq: 609, MsgRandom: 690, MsgTime: 1769771529, MsgKey: "609_690_1769771529", MsgBody: []restapi.Element{restapi.Text("edited")}, CloudCustomData: "c", EventTime: 15},
		&callback.GroupMsgModified{Meta: meta, OperatorAccount: "admin", GroupID: "@TGS#_1", TopicID: "@TGS#_1@TOPIC#_t", MsgSeq: 53, MsgBody: []restapi.Element{restapi.Text("edited")}, EventTime: 16},
		&callback.TopicInfoChanged{Meta: meta, GroupID: "@TGS#_1", Type: restapi.GroupCommunity, OperatorAccount: "admin", Name: "n", Introduction: "i", Notification: "o", FaceURL: "https://f.example/t.png"},
	}
	got := make(chan callback.Event, 1)
	h := newHandler(t, forwardEvery(got)...)
	require.Len(t, events, len(callback.Commands()))
	for i, e := range events {
		require.Equal(t, callback.Commands()[i], e.Command())
		status, a := serve(t, h, request(t, token, now, e))
		require.Equal(t, http.StatusOK, status, e.Command())
		assert.Equal(t, answer{ActionStatus: "OK"}, a)
		want, _ := json.Marshal(e)
		g := <-got
		have, _ := json.Marshal(g)
		assert.JSONEq(t, string(want), string(have), e.Command())
		assert.Equal(t, callback.Meta{SDKAppID: appID, Command: e.Command(), ClientIP: "10.0.0.1", OptPlatform: callback.PlatformRESTAPI, RequestTime: time.Unix(now.Unix(), 0)}, *g.Metadata())
	}
}

// TestDocumentedSamples: the sample bodies of Tencent's pages (comments
// taken out) decode into the typed events with every field:
// C2C.CallbackAfterMsgWithDraw (trtc.io/zh/document/43466 with
// UnreadMsgNum; CN 269/61697 with EventTime), Group.CallbackAfterRecallMsg
// (INTL 1047/46979, the newer sample with MsgId),
// Group.CallbackAfterChangeGroupOwner (trtc.io/document/60396),
// Group.CallbackAfterGroupInfoChanged (INTL 1047/34378) and
// Group.CallbackAfterGroupFull (INTL 1047/34376), Group.CallbackAfterCreateTopic
// (INTL 1047/49464), Group.CallbackAfterTopicDestroyed (INTL 1047/49465),
// C2C.CallbackAfterModifyMsg (CN 269/128224), Group.CallbackAfterModifyMsg
// (CN 269/129193, TopicId "" outside topics) and
// Group.CallbackAfterTopicInfoChanged (INTL 1047/49466, CN 269/78209);
// EventTime is a string of digits in most of them.
func TestDocumentedSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, cmd, body string
		want            callback.Event
	}{
		{"withdraw INTL", callback.CommandC2CMsgWithdrawn,
			`{"CallbackCommand":"C2C.CallbackAfterMsgWithDraw","From_Account":"jared","To_Account":"Jonh","MsgKey":"48374_2837546_1557481126","UnreadMsgNum":7}`,
			&callback.C2CMsgWithdrawn{FromAccount: "jared", ToAccount: "Jonh", MsgKey: "48374_2837546_1557481126", UnreadMsgNum: 7}},
		{"withdraw CN", callback.CommandC2CMsgWithdrawn,
			`{"CallbackCommand":"C2C.CallbackAfterMsgWithDraw","From_Account":"jared","To_Account":"Jonh","MsgKey":"48374_2837546_1557481126","EventTime":1670574414123}`,
			&callback.C2CMsgWithdrawn{FromAccount: "jared", ToAccount: "Jonh", MsgKey: "48374_2837546_1557481126", EventTime: 1670574414123}},
		{"recall", callback.CommandGroupMsgRecalled,
			`{"CallbackCommand":"Group.CallbackAfterRecallMsg","Operator_Account":"admin","Type":"Community","GroupId":"1213456","MsgSeqList":[{"MsgSeq":130,"MsgId":"144115213033478435-1739361321-2512805311"}],"TopicId":"@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic","EventTime":"1670574414123"}`,
			&callback.GroupMsgRecalled{OperatorAccount: "admin", Type: restapi.GroupCommunity, GroupID: "1213456", MsgSeqList: []callback.RecalledMsg{{MsgSeq: 130, MsgID: "144115213033478435-1739361321-2512805311"}}, TopicID: "@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic", EventTime: 1670574414123}},
		{"owner", callback.CommandGroupOwnerChanged,
			`{"CallbackCommand":"Group.CallbackAfterChangeGroupOwner","GroupId":"@TGS#2TTV7VSII","Type":"Public","Operator_Account":"admin","OldOwner_Account":"user1","NewOwner_Account":"user2","EventTime":"1670574414123"}`,
			&callback.GroupOwnerChanged{GroupID: "@TGS#2TTV7VSII", Type: restapi.GroupPublic, OperatorAccount: "admin", OldOwnerAccount: "user1", NewOwnerAccount: "user2", EventTime: 1670574414123}},
		{"info", callback.CommandGroupInfoChanged,
			`{"CallbackCommand":"Group.CallbackAfterGroupInfoChanged","GroupId":"@TGS#2J4SZEAEL","Type":"Public","Operator_Account":"leckie","Notification":"NewNotification","EventTime":"1670574414123"}`,
			&callback.GroupInfoChanged{GroupID: "@TGS#2J4SZEAEL", Type: restapi.GroupPublic, OperatorAccount: "leckie", Notification: "NewNotification", EventTime: 1670574414123}},
		{"full", callback.CommandGroupFull,
			`{"CallbackCommand":"Group.CallbackAfterGroupFull","GroupId":"@TGS#2J4SZEAEL","EventTime":"1670574414123"}`,
			&callback.GroupFull{GroupID: "@TGS#2J4SZEAEL", EventTime: 1670574414123}},
		{"topic created", callback.CommandTopicCreated,
			`{"CallbackCommand":"Group.CallbackAfterCreateTopic","GroupId":"@TGS#2J4SZEAEL","TopicId":"@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_@TOPIC#cRTE3HIM62C5","Operator_Account":"group_root","Owner_Account":"leckie","Type":"Community","Name":"MyFirstTopic","UserDefinedDataList":[{"Key":"UserDefined1","Value":"hello"},{"Key":"UserDefined2","Value":"world"}]}`,
			&callback.TopicCreated{GroupID: "@TGS#2J4SZEAEL", TopicID: "@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_@TOPIC#cRTE3HIM62C5", OperatorAccount: "group_root", OwnerAccount: "leckie", Type: restapi.GroupCommunity, Name: "MyFirstTopic",
				UserDefinedDataList: []restapi.KeyValue{{Key: "UserDefined1", Value: "hello"}, {Key: "UserDefined2", Value: "world"}}}},
		{"topic destroyed", callback.CommandTopicDestroyed,
			`{"CallbackCommand":"Group.CallbackAfterTopicDestroyed","GroupId":"@TGS#_@TGS#cQVLVHIM62CJ","Type":"Community","TopicIdList":["@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic","@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic_1"]}`,
			&callback.TopicDestroyed{GroupID: "@TGS#_@TGS#cQVLVHIM62CJ", Type: restapi.GroupCommunity, TopicIDList: []string{"@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic", "@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic_1"}}},
		{"modify CN 269/128224", callback.CommandC2CMsgModified,
			`{"CloudCustomData":"1769772027","MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"2026-01-30T11:20:26.548Z"}}],"CallbackCommand":"C2C.CallbackAfterModifyMsg","Operator_Account":"jared","From_Account":"jared","To_Account":"Jonh","MsgRandom":690,"MsgSeq":609,"MsgTime":1769771529,"MsgKey":"609_690_1769771529","EventTime":1769772027036}`,
			&callback.C2CMsgModified{OperatorAccount: "jared", FromAccount: "jared", ToAccount: "Jonh", MsgSeq: 609, MsgRandom: 690, MsgTime: 1769771529, MsgKey: "609_690_1769771529", MsgBody: []restapi.Element{restapi.Text("2026-01-30T11:20:26.548Z")}, CloudCustomData: "1769772027", EventTime: 1769772027036}},
		{"group modify CN 269/129193", callback.CommandGroupMsgModified,
			`{"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"2026-03-06T02:09:35.302Z"}}],"CallbackCommand":"Group.CallbackAfterModifyMsg","Operator_Account":"oper-user","GroupId":"group-test-2","TopicId":"","MsgSeq":53,"EventTime":1772762975589}`,
			&callback.GroupMsgModified{OperatorAccount: "oper-user", GroupID: "group-test-2", MsgSeq: 53, MsgBody: []restapi.Element{restapi.Text("2026-03-06T02:09:35.302Z")}, EventTime: 1772762975589}},
		{"topic info INTL 1047/49466", callback.CommandTopicInfoChanged,
			`{"CallbackCommand":"Group.CallbackAfterTopicInfoChanged","GroupId":"@TGS#2J4SZEAEL","Type":"Community","Operator_Account":"leckie","Name":"TestTopic","Introduction":"TestIntroduction","Notification":"NewNotification","FaceUrl":"http://this.is.face.url"}`,
			&callback.TopicInfoChanged{GroupID: "@TGS#2J4SZEAEL", Type: restapi.GroupCommunity, OperatorAccount: "leckie", Name: "TestTopic", Introduction: "TestIntroduction", Notification: "NewNotification", FaceURL: "http://this.is.face.url"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := make(chan callback.Event, 1)
			h := newHandler(t, forwardEvery(got)...)
			raw := &callback.RawEvent{Meta: callback.Meta{SDKAppID: appID, Command: tt.cmd}, Body: []byte(tt.body)}
			status, a := serve(t, h, request(t, token, now, raw))
			require.Equal(t, http.StatusOK, status)
			assert.Equal(t, answer{ActionStatus: "OK"}, a)
			e := <-got
			*tt.want.Metadata() = callback.Meta{SDKAppID: appID, Command: tt.cmd, ClientIP: "127.0.0.1", OptPlatform: callback.PlatformRESTAPI, RequestTime: time.Unix(now.Unix(), 0)}
			assert.Equal(t, tt.want, e)
			assert.Equal(t, tt.cmd, e.Command())
		})
	}
}

// TestEventTimeString: an EventTime sent as a JSON string decodes, and a
// null one leaves the field alone instead of failing the whole event.
func TestEventTimeString(t *testing.T) {
	t.Parallel()
	var e callback.GroupDestroyed
	require.NoError(t, json.Unmarshal([]byte(`{"GroupId":"g","EventTime":"1670574414123"}`), &e))
	assert.Equal(t, callback.EventTime(1670574414123), e.EventTime)
	assert.Equal(t, int64(1670574414123), e.EventTime.Time().UnixMilli())
	require.NoError(t, json.Unmarshal([]byte(`{"GroupId":"g","EventTime":null}`), &e), "null is no time, as for a number field")
	assert.Equal(t, callback.EventTime(1670574414123), e.EventTime, "null leaves the field as it is")
	assert.Error(t, json.Unmarshal([]byte(`{"EventTime":"soon"}`), &e))
	assert.Error(t, json.Unmarshal([]byte(`{"EventTime":true}`), &e))
}

// TestNoSecrets: the token and Sign appear in no log line, answer or
// String.
func TestNoSecrets(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	h := newHandler(t, callback.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	for _, at := range []time.Time{now, now.Add(-time.Hour)} {
		r := request(t, token, at, c2c(appID))
		if at.Equal(now) {
			q := r.URL.Query()
			q.Set("Sign", q.Get("Sign")[:63]+"0")
			r.URL.RawQuery = q.Encode()
		}
		sign := r.URL.Query().Get("Sign")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		assert.NotContains(t, w.Body.String(), sign)
		assert.NotContains(t, logs.String(), sign[:16])
	}
	assert.NotEmpty(t, logs.String())
	assert.NotContains(t, logs.String(), token)
	// No way of printing shows the token, on the Handler or on a value
	// holding it, even the fmt verbs that call no String method and so
	// walk the fields.
	type holder struct{ H any }
	type private struct{ h any }
	for _, v := range []any{h, *h, holder{h}, holder{*h}, private{*h}, []any{h}, map[string]any{"h": h}} {
		all, _ := testkit.Render(t, v)
		assert.NotContains(t, all, token, "%T", v)
	}
}

// TestNewHandlerOptions: invalid options fail; nil ones are ignored. An
// empty token fails closed (a missing setting must not turn the Sign
// check off) and says what to pass: the app's callback token, 1-128
// bytes (647/118333), or WithoutAuth; a token with WithoutAuth fails too.
// No error quotes the token.
func TestNewHandlerOptions(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("t", 129)
	for _, tc := range []struct {
		name string
		app  uint64
		tok  string
		opts []callback.Option
		want string
	}{
		{"zero app", 0, token, nil, "SDKAppID"},
		{"empty token", appID, "", nil, "callback.WithoutAuth() for an app with callback auth off"},
		{"empty token, nil option", appID, "", []callback.Option{nil, callback.WithLogger(nil)}, "1-128 bytes"},
		{"token and WithoutAuth", appID, token, []callback.Option{callback.WithoutAuth()}, "both a callback token and WithoutAuth"},
		{"long token", appID, long, nil, "129 bytes"},
		{"nil clock", appID, token, []callback.Option{callback.WithClock(nil)}, "WithClock"},
		{"zero body", appID, token, []callback.Option{callback.WithMaxBodyBytes(0)}, "WithMaxBodyBytes"},
		{"deadline 2s", appID, token, []callback.Option{callback.WithDeadline(2 * time.Second)}, "WithDeadline"},
		{"deadline 0", appID, token, []callback.Option{callback.WithDeadline(0)}, "WithDeadline"},
		{"rewrite on timeout", appID, token, []callback.Option{callback.WithTimeoutDecision(callback.Allow().WithMsgBody(restapi.Text("x")))}, "WithTimeoutDecision"},
		{"nil fallback", appID, token, []callback.Option{callback.WithFallback(nil)}, "WithFallback"},
		{"nil func", appID, token, []callback.Option{callback.OnFriendAdd(nil)}, "Sns.CallbackFriendAdd"},
		{"nil before func", appID, token, []callback.Option{callback.OnC2CBeforeSendMsg(nil)}, "C2C.CallbackBeforeSendMsg"},
		{"invalid option without auth", appID, "", []callback.Option{callback.WithoutAuth(), callback.WithFallback(nil)}, "WithFallback"},
	} {
		_, err := callback.NewHandler(tc.app, tc.tok, tc.opts...)
		require.Error(t, err, tc.name)
		assert.Contains(t, err.Error(), tc.want, tc.name)
		for _, secret := range []string{token, long} {
			assert.NotContains(t, err.Error(), secret, tc.name)
		}
	}
	for _, tc := range []struct {
		tok  string
		opts []callback.Option
	}{
		{token, []callback.Option{nil, callback.WithLogger(nil)}},
		{"", []callback.Option{callback.WithoutAuth()}},
		{"", []callback.Option{callback.WithoutAuth(), callback.WithClock(clock), nil}},
	} {
		_, err := callback.NewHandler(appID, tc.tok, tc.opts...)
		assert.NoError(t, err)
	}
}

// TestDeadlineAnswersWhileRunning: over HTTP, the timeout decision
// reaches the caller complete while a func that ignores its context is
// still running.
func TestDeadlineAnswersWhileRunning(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	h := newHandler(t, callback.WithDeadline(time.Millisecond), callback.WithTimeoutDecision(callback.Refuse("late")),
		callback.OnC2CBeforeSendMsg(func(context.Context, *callback.C2CBeforeSendMsg) callback.Decision {
			<-release
			return callback.Allow()
		}))
	hs := httptest.NewServer(h)
	defer hs.Close()
	defer close(release)
	r, err := callback.NewRequest(context.Background(), hs.URL, token, now, c2c(appID))
	require.NoError(t, err)
	resp, err := hs.Client().Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":"late"}`, string(body))
	assert.True(t, resp.Close, "the answer closes its connection, which the func still holds")

	// The next callback, from the same client, is not queued behind the
	// func still running on the first connection.
	c := hs.Client()
	c.Timeout = 5 * time.Second
	r, err = callback.NewRequest(context.Background(), hs.URL, token, now, c2c(appID))
	require.NoError(t, err)
	resp2, err := c.Do(r)
	require.NoError(t, err, "answered on a fresh connection")
	_ = resp2.Body.Close()
}

// TestAbortHandlerPanicPassesThrough: a func that panics with
// http.ErrAbortHandler (net/http's way to abort a response) is not
// answered as a failed func: the panic goes on to net/http.
func TestAbortHandlerPanicPassesThrough(t *testing.T) {
	t.Parallel()
	h := newHandler(t, callback.OnFriendAdd(func(context.Context, *callback.FriendAdd) {
		panic(http.ErrAbortHandler)
	}))
	r := request(t, token, now, &callback.FriendAdd{Meta: callback.Meta{SDKAppID: appID}})
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() { h.ServeHTTP(httptest.NewRecorder(), r) })
}
