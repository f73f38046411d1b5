package imtest_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/testkit"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

const cbToken = "app-callback-token"

// events collects what a consumer's callback handler received.
type events struct {
	mu  sync.Mutex
	got []callback.Event
}

func (e *events) add(ev callback.Event) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.got = append(e.got, ev)
}

func (e *events) all() []callback.Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]callback.Event(nil), e.got...)
}

// consumer mounts a handler built with callback for app on an httptest
// server on 127.0.0.1, pointing the app's callbacks at it, and returns
// what it receives.
func consumer(t *testing.T, srv *imtest.Server, app uint64, opts ...callback.Option) *events {
	t.Helper()
	ev := &events{}
	all := append([]callback.Option{
		callback.WithClock(srv.Now),
		callback.OnC2CAfterSendMsg(func(_ context.Context, e *callback.C2CAfterSendMsg) { ev.add(e) }),
		callback.OnGroupAfterCreate(func(_ context.Context, e *callback.GroupAfterCreate) { ev.add(e) }),
		callback.OnGroupDestroyed(func(_ context.Context, e *callback.GroupDestroyed) { ev.add(e) }),
		callback.OnFriendAdd(func(_ context.Context, e *callback.FriendAdd) { ev.add(e) }),
		callback.OnFriendDelete(func(_ context.Context, e *callback.FriendDelete) { ev.add(e) }),
		callback.OnPortraitSet(func(_ context.Context, e *callback.PortraitSet) { ev.add(e) }),
		callback.OnStateChange(func(_ context.Context, e *callback.StateChange) { ev.add(e) }),
	}, opts...)
	h, err := callback.NewHandler(app, cbToken, all...)
	require.NoError(t, err)
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	require.NoError(t, srv.SetCallback(app, imtest.CallbackConfig{URL: hs.URL + "/im/callback", Token: cbToken}))
	return ev
}

// TestCallbackC2CDecisions: the consumer's C2C.CallbackBeforeSendMsg
// decisions change what sendmsg answers and stores.
func TestCallbackC2CDecisions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		d       callback.Decision
		code    int // the sendmsg error code, 0 for success
		stored  []restapi.Element
		outcome imtest.CallbackOutcome
		after   bool
	}{
		{"allow", callback.Allow(), 0, []restapi.Element{restapi.Text("hello")}, imtest.CallbackAllowed, true},
		{"refuse", callback.Refuse("no spam"), 20006, nil, imtest.CallbackRefused, false},
		{"drop", callback.Drop(), 0, nil, imtest.CallbackDropped, false},
		{"custom code", callback.Reject(120100, "verify your phone first"), 120100, nil, imtest.CallbackRejected, false},
		{"rewrite", callback.Allow().WithMsgBody(restapi.Text("h*llo")).WithCloudCustomData("reviewed"), 0, []restapi.Element{restapi.Text("h*llo")}, imtest.CallbackModified, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := fixedServer(t)
			rc, app := restClient(t, srv, []string{"bob"})
			var seen *callback.C2CBeforeSendMsg
			ev := consumer(t, srv, app, callback.OnC2CBeforeSendMsg(func(_ context.Context, e *callback.C2CBeforeSendMsg) callback.Decision {
				seen = e
				return tc.d
			}))
			resp, err := rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 7, MsgBody: []restapi.Element{restapi.Text("hello")}})
			if tc.code != 0 {
				require.True(t, restapi.HasCode(err, tc.code), "%v", err)
				if tc.code > 20006 {
					assert.Contains(t, err.Error(), "verify your phone first")
				}
			} else {
				require.NoError(t, err)
				assert.NotEmpty(t, resp.MsgKey)
			}
			require.NotNil(t, seen)
			assert.Equal(t, "alice", seen.FromAccount)
			assert.Equal(t, "bob", seen.ToAccount)
			assert.Equal(t, callback.PlatformRESTAPI, seen.OptPlatform)
			assert.Equal(t, app, seen.SDKAppID)
			assert.Equal(t, srv.Now().Unix(), seen.RequestTime.Unix())
			assert.Equal(t, []restapi.Element{restapi.Text("hello")}, seen.MsgBody)
			assert.Regexp(t, `^\d+-\d+-7$`, seen.MsgID, "MsgId: sender, MsgTime, MsgRandom, as in Tencent's examples")

			msgs := srv.Conversation(app, "alice", "bob")
			if tc.stored == nil {
				assert.Empty(t, msgs)
			} else {
				require.Len(t, msgs, 1)
				assert.Equal(t, tc.stored, msgs[0].MsgBody)
			}
			var afters []*callback.C2CAfterSendMsg
			for _, e := range ev.all() {
				if a, ok := e.(*callback.C2CAfterSendMsg); ok {
					afters = append(afters, a)
				}
			}
			if tc.after {
				require.Len(t, afters, 1)
				assert.Equal(t, tc.stored, afters[0].MsgBody)
				assert.Equal(t, resp.MsgKey, afters[0].MsgKey)
				assert.Equal(t, resp.MsgID, afters[0].MsgID, "the answer and both callbacks name the message alike")
				assert.Equal(t, seen.MsgID, afters[0].MsgID)
				assert.Equal(t, "send msg succeed", afters[0].ErrorInfo)
				assert.Equal(t, 1, afters[0].UnreadMsgNum)
			} else {
				assert.Empty(t, afters)
			}
			ds := srv.CallbackDeliveries(app)
			require.NotEmpty(t, ds)
			assert.Equal(t, callback.CommandC2CBeforeSendMsg, ds[0].Command)
			assert.Equal(t, http.StatusOK, ds[0].Status)
			assert.Equal(t, tc.outcome, ds[0].Outcome)
			assert.Equal(t, tc.d.Code, ds[0].Decision.Code)
			assert.Positive(t, ds[0].Latency)
		})
	}
}

// TestCallbackTimeout: a consumer slower than the server's callback
// timeout gets the default: the message is sent and stored.
func TestCallbackTimeout(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t, imtest.WithCallbackTimeout(20*time.Millisecond))
	rc, app := restClient(t, srv, []string{"bob"})
	release := make(chan struct{})
	consumer(t, srv, app, callback.WithDeadline(callback.TencentTimeout-time.Millisecond), callback.OnC2CBeforeSendMsg(func(ctx context.Context, _ *callback.C2CBeforeSendMsg) callback.Decision {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return callback.Refuse("too late")
	}))
	_, err := rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
	close(release)
	require.NoError(t, err)
	assert.Len(t, srv.Conversation(app, "alice", "bob"), 1)
	ds := srv.CallbackDeliveries(app)
	require.NotEmpty(t, ds)
	assert.Equal(t, imtest.CallbackDefault, ds[0].Outcome)
	assert.Zero(t, ds[0].Status)
	assert.Contains(t, ds[0].Err, "no answer within 20ms")
}

// TestCallbackHandlerTimeoutDecision: the consumer's own deadline
// answers its timeout decision in time, and the server applies it.
func TestCallbackHandlerTimeoutDecision(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob"})
	consumer(t, srv, app, callback.WithDeadline(time.Millisecond), callback.WithTimeoutDecision(callback.Drop()),
		callback.OnC2CBeforeSendMsg(func(ctx context.Context, _ *callback.C2CBeforeSendMsg) callback.Decision {
			<-ctx.Done()
			return callback.Allow()
		}))
	_, err := rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
	require.NoError(t, err)
	assert.Empty(t, srv.Conversation(app, "alice", "bob"))
	assert.Equal(t, imtest.CallbackDropped, srv.CallbackDeliveries(app)[0].Outcome)
}

// TestCallbackForbidAndBatch: ForbidCallbackControl and batchsendmsg
// send no callbacks.
func TestCallbackForbidAndBatch(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob"})
	consumer(t, srv, app, callback.OnC2CBeforeSendMsg(func(context.Context, *callback.C2CBeforeSendMsg) callback.Decision {
		return callback.Refuse("never")
	}))
	ctx := context.Background()
	_, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")},
		ForbidCallbackControl: []string{restapi.ForbidBeforeSendMsgCallback, restapi.ForbidAfterSendMsgCallback}})
	require.NoError(t, err)
	_, err = rc.Messages.SendBatch(ctx, &restapi.BatchSendMsgRequest{FromAccount: "alice", ToAccount: []string{"bob"}, MsgRandom: 2, MsgBody: []restapi.Element{restapi.Text("all")}})
	require.NoError(t, err)
	assert.Len(t, srv.Conversation(app, "alice", "bob"), 2)
	assert.Empty(t, srv.CallbackDeliveries(app))
}

// TestCallbackGroupCreate: the consumer's Group.CallbackBeforeCreateGroup
// decides create_group; created and dissolved groups are reported.
func TestCallbackGroupCreate(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob"})
	decision := map[string]callback.Decision{"refused": callback.Refuse("no"), "custom": callback.Reject(10150, "name taken in our system"), "dropped": callback.Drop()}
	ev := consumer(t, srv, app, callback.OnGroupBeforeCreate(func(_ context.Context, e *callback.GroupBeforeCreate) callback.Decision {
		assert.Equal(t, "administrator", e.OperatorAccount)
		assert.Equal(t, "alice", e.OwnerAccount)
		assert.Equal(t, []restapi.MemberAccount{{MemberAccount: "bob"}}, e.MemberList)
		return decision[e.Name]
	}))
	ctx := context.Background()
	create := func(name string) (string, error) {
		return rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: name, MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
	}
	_, err := create("refused")
	assert.True(t, restapi.HasCode(err, 10016), "%v", err)
	_, err = create("custom")
	assert.True(t, restapi.HasCode(err, 10150), "%v", err)
	_, err = create("dropped") // Drop is not an answer to group creation: the handler fails closed
	assert.True(t, restapi.HasCode(err, 10016), "%v", err)
	assert.Empty(t, srv.GroupIDs(app))
	id, err := create("allowed")
	require.NoError(t, err)
	require.NoError(t, rc.Groups.Destroy(ctx, id))

	got := ev.all()
	require.Len(t, got, 2)
	created := got[0].(*callback.GroupAfterCreate)
	assert.Equal(t, id, created.GroupID)
	assert.Equal(t, []restapi.MemberAccount{{MemberAccount: "alice"}, {MemberAccount: "bob"}}, created.MemberList)
	assert.Equal(t, srv.Now().UnixMilli(), int64(created.EventTime))
	destroyed := got[1].(*callback.GroupDestroyed)
	assert.Equal(t, id, destroyed.GroupID)
	assert.Equal(t, "allowed", destroyed.Name)
	outcomes := []imtest.CallbackOutcome{}
	for _, d := range srv.CallbackDeliveries(app) {
		outcomes = append(outcomes, d.Outcome)
	}
	assert.Equal(t, []imtest.CallbackOutcome{imtest.CallbackRefused, imtest.CallbackRejected, imtest.CallbackRefused, imtest.CallbackAllowed, imtest.CallbackDelivered, imtest.CallbackDelivered}, outcomes)
}

// TestCallbackSocialAndState: friend_add, friend_delete, portrait_set,
// SetOnline and kick reach the consumer; a callback handler may call the
// server (deliveries do not hold its lock).
func TestCallbackSocialAndState(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob"})
	var friendsDuring []restapi.Friend
	ev := consumer(t, srv, app, callback.OnFriendAdd(func(_ context.Context, e *callback.FriendAdd) {
		friendsDuring = srv.Friends(app, "alice")
	}))
	ctx := context.Background()
	_, err := rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", ForceAddFlags: 1, AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "AddSource_Type_Test"}}})
	require.NoError(t, err)
	assert.Len(t, friendsDuring, 1, "the after-callback comes after the change")
	_, err = rc.Friends.Delete(ctx, "alice", restapi.DeleteSingle, "bob")
	require.NoError(t, err)
	require.NoError(t, rc.Profiles.Set(ctx, "alice", restapi.ProfileItem{Tag: restapi.TagNick, Value: "Alice"}))
	require.NoError(t, srv.SetOnline(app, "alice", "iPhone", restapi.StatusOnline))
	require.NoError(t, rc.Presence.Kick(ctx, "alice"))

	got := ev.all()
	require.Len(t, got, 4, "FriendAdd is handled by the override, not recorded")
	del := got[0].(*callback.FriendDelete)
	assert.Equal(t, []callback.FriendPair{{FromAccount: "alice", ToAccount: "bob"}}, del.PairList)
	ps := got[1].(*callback.PortraitSet)
	assert.Equal(t, "alice", ps.FromAccount)
	assert.Equal(t, "administrator", ps.OperatorAccount)
	assert.Equal(t, []restapi.ProfileItem{{Tag: restapi.TagNick, Value: "Alice"}}, ps.ProfileItem)
	login := got[2].(*callback.StateChange)
	assert.Equal(t, callback.StateInfo{Action: callback.ActionLogin, ToAccount: "alice", Reason: callback.ReasonRegister}, login.Info)
	assert.Equal(t, callback.PlatformIOSState, login.OptPlatform)
	kick := got[3].(*callback.StateChange)
	assert.Equal(t, callback.ActionLogout, kick.Info.Action)
	assert.Equal(t, callback.PlatformRESTAPI, kick.OptPlatform)
	ds := srv.CallbackDeliveries(app)
	require.Len(t, ds, 5)
	assert.Equal(t, callback.CommandFriendAdd, ds[0].Command)
}

// TestCallbackAuthAndRetries: a consumer with another token refuses the
// callbacks (the server goes ahead); an answered after-event is not
// retried, even with AfterRetries (see TestCallbackRetriesOnlyTimeouts);
// commands not enabled are not sent.
func TestCallbackAuthAndRetries(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob"})
	h, err := callback.NewHandler(app, "another-token", callback.WithClock(srv.Now))
	require.NoError(t, err)
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	ctx := context.Background()
	require.NoError(t, srv.SetCallback(app, imtest.CallbackConfig{URL: hs.URL, Token: cbToken, AfterRetries: 2}))
	_, err = rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
	require.NoError(t, err)
	ds := srv.CallbackDeliveries(app)
	require.Len(t, ds, 2, "one before-callback, never retried; the after-callback, answered, so not retried")
	for _, d := range ds {
		assert.Equal(t, http.StatusUnauthorized, d.Status)
		assert.Contains(t, d.Err, "HTTP status 401")
		assert.Equal(t, 1, d.Attempt)
	}
	assert.Equal(t, imtest.CallbackDefault, ds[0].Outcome)
	assert.Equal(t, imtest.CallbackFailed, ds[1].Outcome)
	assert.Len(t, srv.Conversation(app, "alice", "bob"), 1)

	require.NoError(t, srv.SetCallback(app, imtest.CallbackConfig{URL: hs.URL, Token: cbToken, Commands: []string{callback.CommandFriendAdd}}))
	_, err = rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 2, MsgBody: []restapi.Element{restapi.Text("hi")}})
	require.NoError(t, err)
	require.NoError(t, srv.SetCallback(app, imtest.CallbackConfig{}))
	_, err = rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", ForceAddFlags: 1, AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "AddSource_Type_Test"}}})
	require.NoError(t, err)
	assert.Len(t, srv.CallbackDeliveries(app), 2)
}

// TestCallbackRetriesOnlyTimeouts: AfterRetries sends an after-event
// again only when it timed out ("the console can be set to retry them on
// timeout"); an answer, even a refusal, is not retried.
func TestCallbackRetriesOnlyTimeouts(t *testing.T) {
	t.Parallel()
	refusing, err := callback.NewHandler(1400000001, "another-token")
	require.NoError(t, err)
	for _, tc := range []struct {
		name     string
		handler  http.Handler
		timeout  time.Duration // short only where it is waited out; Tencent's 2 s for the others, so a loaded machine answers them in time
		attempts int
		err      string
	}{
		{"no answer in time", http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body) // with the body read, the server sees the caller hang up
			<-r.Context().Done()
		}), 20 * time.Millisecond, 3, "no answer within 20ms"},
		{"HTTP 401", refusing, 2 * time.Second, 1, "HTTP status 401"},
		{"not JSON", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) }), 2 * time.Second, 1, "not the JSON envelope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := fixedServer(t, imtest.WithCallbackTimeout(tc.timeout))
			rc, app := restClient(t, srv, []string{"bob"})
			require.Equal(t, uint64(1400000001), app)
			hs := httptest.NewServer(tc.handler)
			t.Cleanup(hs.Close)
			require.NoError(t, srv.SetCallback(app, imtest.CallbackConfig{URL: hs.URL, Token: cbToken, AfterRetries: 2, Commands: []string{callback.CommandC2CAfterSendMsg}}))
			_, err := rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
			require.NoError(t, err)
			ds := srv.CallbackDeliveries(app)
			require.Len(t, ds, tc.attempts)
			for i, d := range ds {
				assert.Equal(t, i+1, d.Attempt)
				assert.Equal(t, imtest.CallbackFailed, d.Outcome)
				assert.Contains(t, d.Err, tc.err)
			}
		})
	}
}

// TestCallbackConfigErrors: invalid configurations fail.
func TestCallbackConfigErrors(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	_, app := restClient(t, srv, nil)
	for _, cfg := range []imtest.CallbackConfig{
		{URL: "ftp://example.com"},
		{URL: "http://"},
		{URL: "http://127.0.0.1/cb", Commands: []string{"C2C.Unknown"}},
		{URL: "http://127.0.0.1/cb", AfterRetries: -1},
		{Token: "only a token"},
	} {
		assert.Error(t, srv.SetCallback(app, cfg), "%+v", cfg)
	}
	assert.Error(t, srv.SetCallback(app+1000, imtest.CallbackConfig{URL: "http://127.0.0.1/cb"}))
	_, err := imtest.New(imtest.WithCallbackTimeout(3 * time.Second))
	assert.Error(t, err)
	_, err = imtest.New(imtest.WithCallback(imtest.CallbackConfig{URL: "nope"}))
	assert.Error(t, err)
}

// TestCallbackEveryApp: WithCallback configures apps created later.
func TestCallbackEveryApp(t *testing.T) {
	t.Parallel()
	got := make(chan *callback.FriendAdd, 1)
	var h http.Handler = http.NotFoundHandler()
	var mu sync.Mutex
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	srv := fixedServer(t, imtest.WithCallback(imtest.CallbackConfig{URL: hs.URL, Token: cbToken}))
	rc, app := restClient(t, srv, []string{"bob"})
	ch, err := callback.NewHandler(app, cbToken, callback.WithClock(srv.Now), callback.OnFriendAdd(func(_ context.Context, e *callback.FriendAdd) { got <- e }))
	require.NoError(t, err)
	mu.Lock()
	h = ch
	mu.Unlock()
	_, err = rc.Friends.Add(context.Background(), &restapi.FriendAddRequest{FromAccount: "alice", AddType: restapi.AddSingle, ForceAddFlags: 1, AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "AddSource_Type_Test"}}})
	require.NoError(t, err)
	e := <-got
	assert.Equal(t, []callback.FriendPair{{FromAccount: "alice", ToAccount: "bob", InitiatorAccount: "alice"}}, e.PairList)
	assert.Equal(t, "administrator", e.AdminAccount)
	assert.Equal(t, 1, e.ForceFlag)
}

// TestCallbackCodeDecides: an answer replaces MsgBody and CloudCustomData
// only with ErrorCode 0 ("must use ErrorCode 0", im-facts-rest.md A2);
// a refusal or a drop that carries them is applied as its code, the
// replacement ignored, and a refusal's ErrorInfo does not reach the
// sender (A2: only custom codes' "ErrorCode+ErrorInfo reach the sender").
func TestCallbackCodeDecides(t *testing.T) {
	t.Parallel()
	rewrite := `,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"y"}}],"CloudCustomData":"z"}`
	for _, tc := range []struct {
		name, answer string
		code         int // the send's; 0 succeeds
		outcome      imtest.CallbackOutcome
	}{
		{"a refusal", `{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":"the moderator's reason"` + rewrite, 20006, imtest.CallbackRefused}, // 20006: "blocked by C2C before-callback",
		{"a drop", `{"ActionStatus":"OK","ErrorCode":2,"ErrorInfo":""` + rewrite, 0, imtest.CallbackDropped},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := fixedServer(t)
			rc, app := restClient(t, srv, []string{"bob"})
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte(tc.answer)) }))
			t.Cleanup(hs.Close)
			require.NoError(t, srv.SetCallback(app, imtest.CallbackConfig{URL: hs.URL, Commands: []string{callback.CommandC2CBeforeSendMsg}}))
			_, err := rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
			if tc.code == 0 {
				require.NoError(t, err)
			} else {
				assert.True(t, restapi.HasCode(err, tc.code), "%v, want %d", err, tc.code)
				assert.NotContains(t, err.Error(), "moderator", "only a custom code's ErrorInfo reaches the sender")
			}
			assert.Empty(t, srv.Conversation(app, "alice", "bob"), "nothing stored, rewritten or not")
			ds := srv.CallbackDeliveries(app)
			require.Len(t, ds, 1)
			assert.Equal(t, tc.outcome, ds[0].Outcome)
		})
	}
}

// TestCallbackInvalidAnswers: an answer the command does not document or
// a non-JSON body goes ahead as without a callback; the raw request is
// Tencent's.
func TestCallbackInvalidAnswers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, answer, why string }{
		{"code out of range", `{"ActionStatus":"OK","ErrorCode":777,"ErrorInfo":"x"}`, "777"},
		{"not JSON", `ok`, "not the JSON envelope"},
		// Its first MiB is a refusal, but the whole is not JSON.
		{"over 1 MiB", `{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":"x"}` + strings.Repeat(" ", 1<<20) + "trailing", "over 1048576 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := fixedServer(t)
			rc, app := restClient(t, srv, []string{"bob"})
			var mu sync.Mutex
			var queries []string
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				queries = append(queries, r.URL.RawQuery)
				mu.Unlock()
				w.Write([]byte(tc.answer))
			}))
			t.Cleanup(hs.Close)
			require.NoError(t, srv.SetCallback(app, imtest.CallbackConfig{URL: hs.URL + "/cb?route=im", Commands: []string{callback.CommandC2CBeforeSendMsg}}))
			_, err := rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
			require.NoError(t, err)
			msgs := srv.Conversation(app, "alice", "bob")
			require.Len(t, msgs, 1)
			assert.Equal(t, []restapi.Element{restapi.Text("hi")}, msgs[0].MsgBody)
			ds := srv.CallbackDeliveries(app)
			require.Len(t, ds, 1)
			assert.Equal(t, imtest.CallbackDefault, ds[0].Outcome)
			assert.Contains(t, ds[0].Err, tc.why)
			mu.Lock()
			defer mu.Unlock()
			require.Len(t, queries, 1)
			assert.Equal(t, fmt.Sprintf("route=im&SdkAppid=%d&CallbackCommand=C2C.CallbackBeforeSendMsg&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI", app), queries[0])
		})
	}
}

// TestCallbackRefusalsSayWhy: a delivery answered with another status
// than 200 quotes what the answer said (a callback.Handler's refusal says
// why in ErrorInfo), so the Err tells what to fix, never the Sign or the
// token; it gave the status alone.
func TestCallbackRefusalsSayWhy(t *testing.T) {
	t.Parallel()
	wrongToken, err := callback.NewHandler(1400000001, "not-the-app-token")
	require.NoError(t, err)
	for _, tc := range []struct {
		name    string
		handler http.Handler
		want    string
	}{
		{"a handler with another token", wrongToken, `HTTP status 401 ("Sign does not match; check the handler's token is the app's callback token"); answer 200 with the JSON envelope`},
		{"a text page", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		}),
			`HTTP status 503 ("down for maintenance"); answer 200 with the JSON envelope`},
		{"no body", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusInternalServerError) }),
			"HTTP status 500; answer 200 with the JSON envelope"},
		{"a page echoing the URL", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "no route for "+r.URL.Query().Get("Sign")+" "+cbToken, http.StatusNotFound)
		}), `HTTP status 404 ("no route for REDACTED REDACTED"); answer 200 with the JSON envelope`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := fixedServer(t)
			rc, app := restClient(t, srv, []string{"bob"})
			require.Equal(t, uint64(1400000001), app)
			hs := httptest.NewServer(tc.handler)
			t.Cleanup(hs.Close)
			require.NoError(t, srv.SetCallback(app, imtest.CallbackConfig{URL: hs.URL, Token: cbToken, Commands: []string{callback.CommandC2CBeforeSendMsg}}))
			_, err := rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
			require.NoError(t, err)
			ds := srv.CallbackDeliveries(app)
			require.Len(t, ds, 1)
			assert.Equal(t, imtest.CallbackDefault, ds[0].Outcome)
			assert.Equal(t, tc.want, ds[0].Err)
		})
	}
}

// TestCallbackDeliveryErrShowsNoSecret: a receiver that echoes the
// request's query (a proxy's error page, a malformed answer net/http
// quotes) gets neither the Sign, nor the token, nor a query value of the
// configured URL (a gateway's access token) into the delivery's Err,
// which still says what went wrong.
func TestCallbackDeliveryErrShowsNoSecret(t *testing.T) {
	t.Parallel()
	const access = "gateway-access-token"
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"a malformed answer echoing the query", testkit.EchoMalformed, "malformed HTTP response"},
		{"an error page echoing the URL", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "no route for "+r.URL.String(), http.StatusNotFound)
		}, "HTTP status 404"},
		{"an error envelope echoing the query", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = fmt.Fprintf(w, `{"ActionStatus":"FAIL","ErrorCode":1,"ErrorInfo":"bad query %s"}`, r.URL.RawQuery)
		}, "HTTP status 400"},
		{"an error quoting the token without its name", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = fmt.Fprintf(w, `{"ErrorInfo":"unknown access token %s for API v1"}`, r.URL.Query().Get("access_token"))
		}, "for API v1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := fixedServer(t)
			rc, app := restClient(t, srv, []string{"bob"})
			hs := httptest.NewServer(tc.handler)
			t.Cleanup(hs.Close)
			// v=1: a short value is redacted only beside its name, or "HTTP status 401" would lose its 1
			require.NoError(t, srv.SetCallback(app, imtest.CallbackConfig{URL: hs.URL + "/cb?access_token=" + access + "&v=1", Token: cbToken, Commands: []string{callback.CommandC2CBeforeSendMsg}}))
			_, err := rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
			require.NoError(t, err)
			ds := srv.CallbackDeliveries(app)
			require.Len(t, ds, 1)
			assert.Equal(t, imtest.CallbackDefault, ds[0].Outcome)
			assert.Contains(t, ds[0].Err, tc.want)
			for _, secret := range []string{callback.Sign(cbToken, srv.Now()), cbToken, access} {
				assert.NotContains(t, ds[0].Err, secret)
			}
		})
	}
}

// TestCallbackUnreachable: a URL nobody listens on is a failed delivery
// whose error does not hold the Sign; the message goes ahead.
func TestCallbackUnreachable(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob"})
	hs := httptest.NewServer(http.NotFoundHandler())
	url := hs.URL
	hs.Close()
	require.NoError(t, srv.SetCallback(app, imtest.CallbackConfig{URL: url, Token: cbToken, Commands: []string{callback.CommandC2CBeforeSendMsg}}))
	_, err := rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
	require.NoError(t, err)
	ds := srv.CallbackDeliveries(app)
	require.Len(t, ds, 1)
	assert.Equal(t, imtest.CallbackDefault, ds[0].Outcome)
	assert.Contains(t, ds[0].Err, "the request failed")
	assert.NotContains(t, ds[0].Err, callback.Sign(cbToken, srv.Now()))
	assert.NotContains(t, ds[0].Err, "Sign")
}

// TestCallbackEchoedSecretsRedacted: a custom code's ErrorInfo reaches the
// sender and the delivery record, so one that echoes the request's Sign
// or the callback token has REDACTED in their place in both.
func TestCallbackEchoedSecretsRedacted(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob"})
	var mu sync.Mutex
	var sign string
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		sign = r.URL.Query().Get("Sign")
		mu.Unlock()
		fmt.Fprintf(w, `{"ActionStatus":"OK","ErrorCode":120001,"ErrorInfo":"rejected: sign %s, token %s"}`, r.URL.Query().Get("Sign"), cbToken)
	}))
	t.Cleanup(hs.Close)
	require.NoError(t, srv.SetCallback(app, imtest.CallbackConfig{URL: hs.URL, Token: cbToken, Commands: []string{callback.CommandC2CBeforeSendMsg}}))
	_, err := rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
	require.True(t, restapi.HasCode(err, 120001), "%v", err)
	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, sign)
	record := fmt.Sprintf("%+v", srv.CallbackDeliveries(app))
	for _, shown := range []string{err.Error(), record} {
		assert.NotContains(t, shown, sign)
		assert.NotContains(t, shown, cbToken)
		assert.Contains(t, shown, "rejected: sign REDACTED, token REDACTED")
	}
}

// TestCallbackGroupMessagesAndMembers: the consumer's
// Group.CallbackBeforeSendMsg decides send_group_msg (refuse 10016, drop,
// rewrite, custom code), both message callbacks carry one MsgId ("MsgId
// (newer)", im-facts-rest.md A3), members joining and leaving are
// reported, and send_group_system_notification sends no callback.
func TestCallbackGroupMessagesAndMembers(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob", "carol"})
	ctx := context.Background()
	id, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "team"})
	require.NoError(t, err)
	decisions := map[string]callback.Decision{
		"refuse": callback.Refuse("no"), "drop": callback.Drop(), "custom": callback.Reject(10150, "slow mode"),
		"rewrite": callback.Allow().WithMsgBody(restapi.Text("r*write")).WithCloudCustomData("reviewed"),
	}
	var mu sync.Mutex
	var joins []*callback.GroupMemberJoin
	var exits []*callback.GroupMemberExit
	var afters []*callback.GroupAfterSendMsg
	beforeIDs := map[uint32]string{} // by Random
	consumer(t, srv, app,
		callback.OnGroupBeforeSendMsg(func(_ context.Context, e *callback.GroupBeforeSendMsg) callback.Decision {
			assert.Equal(t, id, e.GroupID)
			assert.Equal(t, restapi.GroupPublic, e.Type)
			mu.Lock()
			beforeIDs[e.Random] = e.MsgID
			mu.Unlock()
			return decisions[e.MsgBody[0].MsgContent.(*restapi.TextElem).Text]
		}),
		callback.OnGroupAfterSendMsg(func(_ context.Context, e *callback.GroupAfterSendMsg) {
			mu.Lock()
			defer mu.Unlock()
			afters = append(afters, e)
		}),
		callback.OnGroupMemberJoin(func(_ context.Context, e *callback.GroupMemberJoin) {
			mu.Lock()
			defer mu.Unlock()
			joins = append(joins, e)
		}),
		callback.OnGroupMemberExit(func(_ context.Context, e *callback.GroupMemberExit) {
			mu.Lock()
			defer mu.Unlock()
			exits = append(exits, e)
		}))
	_, err = rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: id, MemberList: []restapi.MemberAccount{{MemberAccount: "bob"}, {MemberAccount: "carol"}}})
	require.NoError(t, err)
	send := func(text string, random uint32) (*restapi.SendGroupMsgResponse, error) {
		return rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: id, FromAccount: "bob", Random: random, MsgBody: []restapi.Element{restapi.Text(text)}})
	}
	_, err = send("refuse", 1)
	assert.True(t, restapi.HasCode(err, 10016), "%v", err)
	_, err = send("custom", 2)
	assert.True(t, restapi.HasCode(err, 10150), "%v", err)
	_, err = send("drop", 3)
	require.NoError(t, err)
	_, err = send("rewrite", 4)
	require.NoError(t, err)
	_, err = send("allow", 5)
	require.NoError(t, err)
	require.NoError(t, rc.Groups.SendSystemNotification(ctx, &restapi.SendGroupSystemNotificationRequest{GroupID: id, Content: "maintenance"}))
	require.NoError(t, rc.Groups.RemoveMembers(ctx, &restapi.DeleteGroupMemberRequest{GroupID: id, MemberToDelAccount: []string{"carol", "nobody"}}))

	var stored [][]restapi.Element
	for _, m := range srv.GroupMessages(app, id) {
		if !m.System {
			stored = append(stored, m.MsgBody)
		}
	}
	assert.Equal(t, [][]restapi.Element{{restapi.Text("r*write")}, {restapi.Text("allow")}}, stored)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, afters, 2)
	for _, a := range afters {
		assert.NotEmpty(t, a.MsgID)
		assert.Equal(t, beforeIDs[a.Random], a.MsgID, "the before- and after-callback of a message carry one MsgId")
	}
	assert.NotEqual(t, afters[0].MsgID, afters[1].MsgID)
	assert.Equal(t, []restapi.Element{restapi.Text("r*write")}, afters[0].MsgBody)
	assert.Equal(t, "reviewed", afters[0].CloudCustomData)
	require.Len(t, joins, 1)
	assert.Equal(t, []restapi.MemberAccount{{MemberAccount: "bob"}, {MemberAccount: "carol"}}, joins[0].NewMemberList)
	assert.Equal(t, callback.JoinInvited, joins[0].JoinType)
	assert.Equal(t, "administrator", joins[0].OperatorAccount)
	require.Len(t, exits, 1)
	assert.Equal(t, []restapi.MemberAccount{{MemberAccount: "carol"}}, exits[0].ExitMemberList)
	assert.Equal(t, callback.ExitKicked, exits[0].ExitType)
}

// TestCallbackTopicMessage: a message sent to a topic of a Community
// carries its TopicId in Group.CallbackBeforeSendMsg and
// Group.CallbackAfterSendMsg (CB-LIST: "TopicId (topic communities)").
func TestCallbackTopicMessage(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob"})
	ctx := context.Background()
	id, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "club", SupportTopic: 1,
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
	require.NoError(t, err)
	topic, err := rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: id, TopicName: "news"})
	require.NoError(t, err)
	var mu sync.Mutex
	var topics []string
	note := func(topicID string) {
		mu.Lock()
		defer mu.Unlock()
		topics = append(topics, topicID)
	}
	consumer(t, srv, app,
		callback.OnGroupBeforeSendMsg(func(_ context.Context, e *callback.GroupBeforeSendMsg) callback.Decision {
			note(e.TopicID)
			return callback.Allow()
		}),
		callback.OnGroupAfterSendMsg(func(_ context.Context, e *callback.GroupAfterSendMsg) { note(e.TopicID) }))
	_, err = rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: id, TopicID: topic, FromAccount: "bob", Random: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{topic, topic}, topics)
}

// TestCloseEndsCallbacks: Close closes the keep-alive connections the
// server keeps to a callback URL (a callback receiver shared by many
// tests saw one stay open for 90 s per server), cancels a delivery in
// flight and sends none after, also for a server only mounted with
// Handler.
func TestCloseEndsCallbacks(t *testing.T) {
	t.Parallel()
	send := func(t *testing.T, rc *restapi.Client, random uint32) {
		t.Helper()
		_, err := rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: random, MsgBody: []restapi.Element{restapi.Text("hi")}})
		require.NoError(t, err)
	}
	t.Run("idle connections", func(t *testing.T) {
		t.Parallel()
		srv := fixedServer(t)
		rc, app := restClient(t, srv, []string{"bob"})
		h, err := callback.NewHandler(app, cbToken, callback.WithClock(srv.Now))
		require.NoError(t, err)
		closed := make(chan struct{}, 1)
		recv := httptest.NewUnstartedServer(h)
		recv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
			if st == http.StateClosed {
				select {
				case closed <- struct{}{}:
				default:
				}
			}
		}
		recv.Start()
		t.Cleanup(recv.Close)
		require.NoError(t, srv.SetCallback(app, imtest.CallbackConfig{URL: recv.URL, Token: cbToken}))
		send(t, rc, 1)
		require.Len(t, srv.CallbackDeliveries(app), 2)

		srv.Close()
		select {
		case <-closed:
		case <-time.After(10 * time.Second):
			t.Fatal("the connection to the callback URL is still open 10 s after Close")
		}
	})
	t.Run("in flight and after", func(t *testing.T) {
		t.Parallel()
		srv := mustNew(t, imtest.WithClock(func() time.Time { return time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC) }))
		app, err := srv.SeedApp(imtest.AppSeed{})
		require.NoError(t, err)
		require.NoError(t, srv.ImportAccounts(app.SDKAppID, "alice", "bob"))
		hits := make(chan struct{}, 2)
		recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body) // so net/http sees the sender hang up
			hits <- struct{}{}
			<-r.Context().Done() // answers only when the sender gives up
		}))
		t.Cleanup(recv.Close)
		require.NoError(t, srv.SetCallback(app.SDKAppID, imtest.CallbackConfig{URL: recv.URL, Commands: []string{callback.CommandC2CBeforeSendMsg}}))
		mounted := func() *restapi.Client { // a client of the handler on a server of the test's own
			hs := httptest.NewServer(srv.Handler())
			t.Cleanup(hs.Close)
			id, key := srv.Credentials()
			c, err := client.New(client.WithEndpoint(hs.URL), client.WithCredentials(id, key), client.WithClock(srv.Now))
			require.NoError(t, err)
			secret, err := apps.New(c).Secret(context.Background(), app.SDKAppID)
			require.NoError(t, err)
			signer, err := usersig.NewHMACSigner(app.SDKAppID, secret.Key)
			require.NoError(t, err)
			rc, err := restapi.New(app.SDKAppID, "administrator", signer, restapi.WithBaseURL(hs.URL), restapi.WithClock(srv.Now))
			require.NoError(t, err)
			return rc
		}
		rc := mounted()
		sent := make(chan error, 1)
		go func() {
			_, err := rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
			sent <- err
		}()
		<-hits
		srv.Close()
		require.NoError(t, <-sent, "the message goes ahead, as with no answer")

		send(t, mounted(), 2)
		ds := srv.CallbackDeliveries(app.SDKAppID)
		require.Len(t, ds, 2)
		for _, d := range ds {
			assert.Equal(t, imtest.CallbackDefault, d.Outcome)
			assert.Contains(t, d.Err, "the server was closed")
		}
		assert.Len(t, hits, 0, "nothing is POSTed after Close")
	})
}

// TestCallbackDeliveriesOutliveTheApp: an app's deliveries stay readable
// after the app is deleted, as its requests do, so an offboarding test
// can check the callbacks it caused (CallbackDeliveries panicked); the
// state helpers say the app was deleted, not that it never existed.
func TestCallbackDeliveriesOutliveTheApp(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	ctx := context.Background()
	console := srv.Console()
	app, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: "gone", Region: apps.RegionChina})
	require.NoError(t, err)
	id := app.SDKAppID
	got := consumer(t, srv, id)
	require.NoError(t, srv.ImportAccounts(id, "alice"))
	require.NoError(t, srv.SetOnline(id, "alice", "Android", restapi.StatusOnline))
	require.NoError(t, console.Apps.Disable(ctx, id))
	require.NoError(t, console.Apps.Delete(ctx, id))

	ds := srv.CallbackDeliveries(id)
	require.Len(t, ds, 1)
	assert.Equal(t, callback.CommandStateChange, ds[0].Command)
	assert.Len(t, got.all(), 1)
	deleted := fmt.Sprintf("imtest: GroupIDs: app %d was deleted (DeleteIMApp or SupportDelete), and its state with it; read it before deleting the app, or create another (SDKAppIDs are never reused)", id)
	assert.PanicsWithValue(t, deleted, func() { srv.GroupIDs(id) })
	assert.ErrorContains(t, srv.ImportAccounts(id, "bob"), fmt.Sprintf("imtest: ImportAccounts: app %d was deleted", id))
	assert.Panics(t, func() { srv.CallbackDeliveries(id + 1) }, "an app the server never had")
}

// A CallbackConfig, which holds the callback token, shows neither the
// token nor the URL's password however it is printed, logged or encoded.
func TestCallbackConfigShowsNoSecret(t *testing.T) {
	t.Parallel()
	type holder struct {
		Cfg     imtest.CallbackConfig
		Pointer *imtest.CallbackConfig
		Any     any
	}
	for _, url := range []string{
		"https://ops:url-password-42@im.example.com/cb",
		"https://ops:url-password-42@im.example.com:bad/cb", // does not parse
	} {
		cfg := imtest.CallbackConfig{URL: url, Token: cbToken, Commands: []string{callback.CommandC2CAfterSendMsg}, AfterRetries: 2}
		for _, v := range []any{cfg, &cfg, map[string][]holder{"apps": {{Cfg: cfg, Pointer: &cfg, Any: []any{cfg}}}}} {
			all, _ := testkit.Render(t, v)
			assert.NotContains(t, all, cbToken)
			assert.NotContains(t, all, "url-password-42", url)
			assert.Contains(t, all, "im.example.com", "the rest is shown")
			assert.Contains(t, all, "/cb", "the rest is shown")
			assert.Contains(t, all, callback.CommandC2CAfterSendMsg)
		}
	}
}

// TestCallbackUnreadMsgNum: C2C.CallbackAfterSendMsg's UnreadMsgNum is
// the recipient's total one-to-one unread count (im-facts-rest:
// "UnreadMsgNum (recipient's total C2C unread ...)"), the count
// get_c2c_unread_msg_num answers: messages marked read
// (admin_set_msg_read) and NoUnread sends do not count.
func TestCallbackUnreadMsgNum(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob", "carol"})
	ctx := context.Background()
	ev := consumer(t, srv, app)
	steps := []struct {
		from     string
		controls []string
		markRead bool // bob marks his conversation with from read before the send
	}{
		{from: "alice"},
		{from: "carol"},
		{from: "alice", markRead: true},
		{from: "carol", controls: []string{restapi.SendNoUnread}},
		{from: "alice"},
	}
	for i, st := range steps {
		if st.markRead {
			require.NoError(t, rc.Messages.MarkRead(ctx, "bob", st.from))
		}
		_, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: st.from, ToAccount: "bob", MsgRandom: uint32(i + 1), SendMsgControl: st.controls, MsgBody: []restapi.Element{restapi.Text("hi")}})
		require.NoError(t, err)
		unread, err := rc.Messages.Unread(ctx, "bob")
		require.NoError(t, err)
		all := ev.all()
		require.Len(t, all, i+1)
		assert.Equal(t, unread.AllC2CUnreadMsgNum, all[i].(*callback.C2CAfterSendMsg).UnreadMsgNum, "send %d", i+1)
	}
}

// TestCallbackAdminAfterEvents: the REST commands Tencent documents as
// triggering an after-callback send it, with the documented fields:
// admin_msgwithdraw C2C.CallbackAfterMsgWithDraw ("App 管理员通过 REST API
// admin_msgwithdraw 接口 撤回单聊消息"), group_msg_recall
// Group.CallbackAfterRecallMsg for the MsgSeqs recalled ("App 管理员通过
// REST API 撤回群聊消息"), change_group_owner
// Group.CallbackAfterChangeGroupOwner ("App 管理员通过 REST API 转让群主成功"),
// modify_group_base_info Group.CallbackAfterGroupInfoChanged for the
// name, introduction, notification and face URL only ("App admins modify
// group profiles through RESTful APIs"; "will not be triggered by a change
// in other basic group information"), and add_group_member
// Group.CallbackAfterGroupFull when it fills the group or the group is
// full ("The app admin adds a group member via RESTful APIs"; "triggered
// when the group is full after a new member has joined, or when the group
// is full and a new member fails to join").
func TestCallbackAdminAfterEvents(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob", "carol", "dave"})
	ctx := context.Background()
	got := &events{}
	consumer(t, srv, app,
		callback.OnC2CMsgWithdrawn(func(_ context.Context, e *callback.C2CMsgWithdrawn) { got.add(e) }),
		callback.OnGroupMsgRecalled(func(_ context.Context, e *callback.GroupMsgRecalled) { got.add(e) }),
		callback.OnGroupOwnerChanged(func(_ context.Context, e *callback.GroupOwnerChanged) { got.add(e) }),
		callback.OnGroupInfoChanged(func(_ context.Context, e *callback.GroupInfoChanged) { got.add(e) }),
		callback.OnGroupFull(func(_ context.Context, e *callback.GroupFull) { got.add(e) }),
	)
	at := callback.EventTime(srv.Now().UnixMilli())
	sent, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("oops")}})
	require.NoError(t, err)
	require.NoError(t, rc.Messages.Withdraw(ctx, "alice", "bob", sent.MsgKey))
	unread, err := rc.Messages.Unread(ctx, "bob")
	require.NoError(t, err)

	id, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "team"})
	require.NoError(t, err)
	require.NoError(t, rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: id, MaxMemberNum: 3}))
	_, err = rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: id, MemberList: []restapi.MemberAccount{{MemberAccount: "bob"}, {MemberAccount: "carol"}, {MemberAccount: "dave"}}})
	require.True(t, restapi.HasCode(err, restapi.CodeGroupFull), "%v", err)
	_, err = rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: id, MemberList: []restapi.MemberAccount{{MemberAccount: "bob"}, {MemberAccount: "carol"}}})
	require.NoError(t, err)
	_, err = rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: id, MemberList: []restapi.MemberAccount{{MemberAccount: "dave"}}})
	require.True(t, restapi.HasCode(err, restapi.CodeGroupFull), "%v", err)

	require.NoError(t, rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: id, Name: "crew", Notification: "be nice", ApplyJoinOption: restapi.JoinNeedPermission}))
	require.NoError(t, rc.Groups.ChangeOwner(ctx, id, "bob"))
	var seqs []uint64
	for _, text := range []string{"one", "two"} {
		r, err := rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: id, FromAccount: "carol", Random: uint32(len(seqs) + 1), MsgBody: []restapi.Element{restapi.Text(text)}})
		require.NoError(t, err)
		seqs = append(seqs, r.MsgSeq)
	}
	res, err := rc.Groups.Recall(ctx, id, seqs[1], 999)
	require.NoError(t, err)
	require.Equal(t, []restapi.RecallResult{{MsgSeq: seqs[1]}, {MsgSeq: 999, RetCode: restapi.CodeRecallMsgMissing}}, res)
	_, err = rc.Groups.Recall(ctx, id, seqs[1])
	require.NoError(t, err, "a recall of nothing sends no callback")

	all := got.all()
	for _, e := range all {
		*e.Metadata() = callback.Meta{} // compared below on its own
	}
	assert.Equal(t, []callback.Event{
		&callback.C2CMsgWithdrawn{FromAccount: "alice", ToAccount: "bob", MsgKey: sent.MsgKey, UnreadMsgNum: unread.AllC2CUnreadMsgNum, EventTime: at},
		&callback.GroupFull{GroupID: id, EventTime: at},
		&callback.GroupFull{GroupID: id, EventTime: at},
		&callback.GroupInfoChanged{GroupID: id, Type: restapi.GroupPublic, OperatorAccount: "administrator", Name: "crew", Notification: "be nice", EventTime: at},
		&callback.GroupOwnerChanged{GroupID: id, Type: restapi.GroupPublic, OperatorAccount: "administrator", OldOwnerAccount: "alice", NewOwnerAccount: "bob", EventTime: at},
		&callback.GroupMsgRecalled{OperatorAccount: "administrator", Type: restapi.GroupPublic, GroupID: id, MsgSeqList: []callback.RecalledMsg{{MsgSeq: seqs[1]}}, EventTime: at},
	}, all)
	newer := []string{callback.CommandC2CMsgWithdrawn, callback.CommandGroupMsgRecalled, callback.CommandGroupOwnerChanged, callback.CommandGroupInfoChanged, callback.CommandGroupFull}
	var cmds []string
	for _, d := range srv.CallbackDeliveries(app) {
		if slices.Contains(newer, d.Command) {
			assert.Equal(t, imtest.CallbackDelivered, d.Outcome, d.Command)
			cmds = append(cmds, d.Command)
		}
	}
	assert.Equal(t, []string{callback.CommandC2CMsgWithdrawn, callback.CommandGroupFull, callback.CommandGroupFull, callback.CommandGroupInfoChanged, callback.CommandGroupOwnerChanged, callback.CommandGroupMsgRecalled}, cmds)
}

// TestRefusedMessagesAreNotCounted: a message Tencent's before-callback
// refuses (20006) was not sent, so it takes none of a trial app's 1000
// sendmsg messages a day.
func TestRefusedMessagesAreNotCounted(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t, imtest.WithV4RateLimit(0))
	app, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionTrial})
	require.NoError(t, err)
	require.NoError(t, srv.ImportAccounts(app.SDKAppID, "alice", "bob"))
	rc := adminClient(t, srv, app.SDKAppID, signerOf(t, srv, app.SDKAppID), restapi.WithoutRateLimit(), restapi.WithoutRetries())
	consumer(t, srv, app.SDKAppID, callback.OnC2CBeforeSendMsg(func(context.Context, *callback.C2CBeforeSendMsg) callback.Decision {
		return callback.Refuse("moderated")
	}))
	ctx := context.Background()
	send := func(random uint32, controls ...string) error {
		_, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: random,
			ForbidCallbackControl: controls, MsgBody: []restapi.Element{restapi.Text("n")}})
		return err
	}
	err = send(0)
	require.True(t, restapi.HasCode(err, 20006), "%v", err)
	unchecked := []string{restapi.ForbidBeforeSendMsgCallback, restapi.ForbidAfterSendMsgCallback}
	for i := range restapi.MaxTrialMessagesPerDay {
		require.NoError(t, send(uint32(i+1), unchecked...), "message %d", i)
	}
	assert.True(t, restapi.HasCode(send(5000, unchecked...), restapi.CodeRateLimit), "the 1001st message of the day")
}

// TestRefusedCreateGroupCostsNothing: a create_group its own checks refuse
// (more members than MaxMemberCount, 10038) sends no
// Group.CallbackBeforeCreateGroup and uses no GroupID: the next group gets
// the ID a fresh app's first group gets.
func TestRefusedCreateGroupCostsNothing(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob", "carol"})
	var mu sync.Mutex
	asked := 0
	consumer(t, srv, app, callback.OnGroupBeforeCreate(func(context.Context, *callback.GroupBeforeCreate) callback.Decision {
		mu.Lock()
		defer mu.Unlock()
		asked++
		return callback.Allow()
	}))
	ctx := context.Background()
	_, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", MaxMemberCount: 2,
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}, {MemberAccount: "carol"}}})
	require.True(t, restapi.HasCode(err, restapi.CodeGroupMembersOver), "%v", err)
	id, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g"})
	require.NoError(t, err)
	fresh, _ := restClient(t, srv, nil)
	first, err := fresh.Groups.Create(ctx, &restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g"})
	require.NoError(t, err)
	assert.Equal(t, first, id, "the refused group took no GroupID")
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, 1, asked, "the callback was asked for the group created only")
}

// TestNewServerWithAReplacedDefaultTransport: a test that replaced
// http.DefaultTransport (httpmock.Activate does) still gets a server,
// whose callbacks go through the replacement, instead of a panic on a
// type assertion. Not parallel: it changes a net/http variable for its
// length.
func TestNewServerWithAReplacedDefaultTransport(t *testing.T) {
	mock := httpmock.NewMockTransport()
	orig := http.DefaultTransport
	http.DefaultTransport = mock
	t.Cleanup(func() { http.DefaultTransport = orig })

	srv := imtest.NewServer(t)
	assert.NotEmpty(t, srv.URL())
	srv.Close()
}

// TestGroupDissolvedDuringBeforeSendCallback: the server's lock is
// released while Group.CallbackBeforeSendMsg runs; a group dissolved
// meanwhile answers the send 10010 instead of storing the message in a
// group that no longer exists.
func TestGroupDissolvedDuringBeforeSendCallback(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob"})
	ctx := t.Context()
	id, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "team", MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
	require.NoError(t, err)
	consumer(t, srv, app, callback.OnGroupBeforeSendMsg(func(ctx context.Context, _ *callback.GroupBeforeSendMsg) callback.Decision {
		assert.NoError(t, rc.Groups.Destroy(ctx, id))
		return callback.Allow()
	}))
	_, err = rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: id, FromAccount: "bob", Random: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
	assert.True(t, restapi.HasCode(err, restapi.CodeGroupNotFound), "%v", err)
}

// TestGroupMessageMsgIDNamesTheSender: a group message's MsgId, in its
// callbacks, starts with the number of the account that sends it (its
// From_Account, not the administrator calling), as a C2C message's does.
func TestGroupMessageMsgIDNamesTheSender(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob", "carol"})
	ctx := context.Background()
	var mu sync.Mutex
	before := map[string]string{} // MsgId by From_Account
	after := map[string]string{}
	consumer(t, srv, app,
		callback.OnGroupBeforeSendMsg(func(_ context.Context, e *callback.GroupBeforeSendMsg) callback.Decision {
			mu.Lock()
			defer mu.Unlock()
			before[e.FromAccount] = e.MsgID
			return callback.Allow()
		}),
		callback.OnGroupAfterSendMsg(func(_ context.Context, e *callback.GroupAfterSendMsg) {
			mu.Lock()
			defer mu.Unlock()
			after[e.FromAccount] = e.MsgID
		}))
	id, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "team"})
	require.NoError(t, err)
	_, err = rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: id, MemberList: []restapi.MemberAccount{{MemberAccount: "bob"}, {MemberAccount: "carol"}}})
	require.NoError(t, err)
	c2c, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "bob", ToAccount: "carol", MsgRandom: 9, MsgBody: []restapi.Element{restapi.Text("hi")}})
	require.NoError(t, err)
	require.NotEmpty(t, c2c.MsgID)
	for _, from := range []string{"bob", "carol"} {
		_, err = rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: id, FromAccount: from, Random: 9, MsgBody: []restapi.Element{restapi.Text("hello")}})
		require.NoError(t, err)
	}
	sender := func(msgID string) string { s, _, _ := strings.Cut(msgID, "-"); return s }
	// after-callbacks are answered before the REST call returns
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, sender(c2c.MsgID), sender(before["bob"]), "bob's group message is numbered for bob, as his C2C message is")
	assert.NotEqual(t, sender(before["bob"]), sender(before["carol"]), "another sender, another number")
	assert.Equal(t, before["bob"], after["bob"])
	assert.Equal(t, before["carol"], after["carol"])
}
