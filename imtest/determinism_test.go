package imtest_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/admins"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/testkit"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/tags"
)

// wireLog records what crossed the wire in one run: every answer the
// server gave (method, path and raw body) and every callback it POSTed
// (query and raw body), in order.
type wireLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *wireLog) add(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *wireLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// answer records the answer's body. The REST API query (random,
// usersig) is the client's and left out; so is a secret's answer, whose
// keys are random on purpose.
func (l *wireLog) answer(r *http.Request, resp *http.Response, body []byte) {
	if action := r.Header.Get("X-TC-Action"); action == apps.ActionSecret {
		l.add("%s %s %s: (a secret: random)", r.Method, r.URL.Path, action)
	} else {
		l.add("%s %s %s: %d %s", r.Method, r.URL.Path, action, resp.StatusCode, body)
	}
}

// scenario runs the same calls on a fresh server on a fixed clock and
// returns everything observable: answers, callbacks, the request log and
// the read helpers.
func scenario(t *testing.T) []string {
	t.Helper()
	ctx := t.Context()
	log := &wireLog{}
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		log.add("callback %s: %s", r.URL.RawQuery, body)
		_, _ = io.WriteString(w, `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
	}))
	t.Cleanup(receiver.Close)
	srv := imtest.NewServer(t, imtest.WithClock(func() time.Time { return now }),
		imtest.WithCallback(imtest.CallbackConfig{URL: receiver.URL + "/im/callback", Token: cbToken}))
	hc := &http.Client{Transport: testkit.Answers{Seen: log.answer}}
	console := srv.Console(client.WithHTTPClient(hc))

	var ids []uint64
	for _, name := range []string{"one", "two"} {
		app, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: name, Region: apps.RegionSingapore})
		require.NoError(t, err)
		ids = append(ids, app.SDKAppID)
	}
	id := ids[0]
	_, err := console.Apps.UpgradeEdition(ctx, id, apps.EditionPro)
	require.NoError(t, err)
	_, err = console.Apps.Secret(ctx, id)
	require.NoError(t, err)
	for _, admin := range []string{"ops", "dev", "audit"} {
		_, err = console.Admins.Add(ctx, id, admin)
		require.NoError(t, err)
	}
	_, err = console.Admins.List(ctx, id)
	require.NoError(t, err)
	_, err = console.Tags.Set(ctx, id, []tags.Tag{{Key: "env", Value: "prod"}, {Key: "team", Value: "chat"}, {Key: "cost", Value: "a"}})
	require.NoError(t, err)
	_, err = console.Tags.List(ctx, id)
	require.NoError(t, err)
	for _, cred := range []certs.AndroidCredential{
		certs.Meizu{PackageName: "com.example.chat", AppID: "1", AppSecret: "s1"},
		certs.Xiaomi{PackageName: "com.example.chat", AppID: "2", AppSecret: "s2"},
	} {
		_, err = console.Certs.CreateAndroid(ctx, id, cred, certs.ClickAction{})
		require.NoError(t, err)
	}
	_, err = console.Certs.List(ctx, id, certs.PlatformAndroid)
	require.NoError(t, err)
	_, err = console.Apps.List(ctx, nil)
	require.NoError(t, err)

	rc, err := srv.RESTClient(id, restapi.WithHTTPClient(hc))
	require.NoError(t, err)
	users := []string{"alice", "bob", "carol", "dave", "erin"}
	failed, err := rc.Accounts.ImportMany(ctx, accountsOf(users...))
	require.NoError(t, err)
	require.Empty(t, failed)
	_, err = rc.Accounts.Check(ctx, users...)
	require.NoError(t, err)
	for i, to := range users[1:3] {
		_, err = rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: to, MsgRandom: uint32(10 + i), MsgBody: []restapi.Element{restapi.Text("hi " + to)}})
		require.NoError(t, err)
	}
	_, err = rc.Messages.SendBatch(ctx, &restapi.BatchSendMsgRequest{FromAccount: "alice", ToAccount: users[1:], MsgRandom: 20, MsgBody: []restapi.Element{restapi.Text("all")}})
	require.NoError(t, err)
	group, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "team",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}, {MemberAccount: "carol"}, {MemberAccount: "dave"}}})
	require.NoError(t, err)
	for i, from := range []string{"alice", "bob"} {
		_, err = rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: group, FromAccount: from, Random: uint32(30 + i), MsgBody: []restapi.Element{restapi.Text("to the team")}})
		require.NoError(t, err)
	}
	_, err = rc.Groups.Get(ctx, group)
	require.NoError(t, err)
	for m, err := range rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: "alice", PeerAccount: "bob", MaxCnt: 10, MinTime: 0, MaxTime: now.Unix() + 1}) {
		require.NoError(t, err)
		log.add("history %+v", m)
	}
	for m, err := range rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: group}) {
		require.NoError(t, err)
		log.add("member %+v", m)
	}

	for _, r := range srv.Requests() {
		// The query (random, usersig), ClientToken and Body are the client's.
		log.add("recorded %v %s %s %d %s %s %d %s %v %v", r.Time, pathOnly(r.Path), r.Action, r.SDKAppID, r.Service, r.Region, r.Status, r.Code, r.Replayed, r.Lost)
	}
	for _, d := range srv.CallbackDeliveries(id) {
		d.Latency = 0 // real time, documented as such
		log.add("delivery %+v", d)
	}
	log.add("groups %v members %+v messages %+v", srv.GroupIDs(id), srv.GroupMembers(id, group), srv.GroupMessages(id, group))
	log.add("conversation %+v", srv.Conversation(id, "alice", "bob"))
	ts, err := srv.Tags(id)
	require.NoError(t, err)
	log.add("tags %v imported %v", ts, srv.ImportedAccounts(id))
	list, err := console.Admins.List(ctx, id)
	require.NoError(t, err)
	log.add("admins %v", adminIDs(list))
	return log.all()
}

func accountsOf(ids ...string) []restapi.Account {
	out := make([]restapi.Account, len(ids))
	for i, id := range ids {
		out[i] = restapi.Account{UserID: id}
	}
	return out
}

func adminIDs(list []admins.Admin) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.UserID
	}
	return out
}

// pathOnly is a recorded path without its query.
func pathOnly(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Path
	}
	return s
}

// TestDeterministicRuns: the same scenario on two fresh servers with the
// same fixed clock answers the same bytes, in the same order: SdkAppIds,
// RequestIds, CertificateIds, GroupIds, MsgKeys, MsgSeqs, lists, callback
// bodies and the request log. Only the app keys (Apps.Secret), the
// default SecretKey and the SDK's ClientTokens are random.
func TestDeterministicRuns(t *testing.T) {
	t.Parallel()
	var runs [2][]string
	t.Cleanup(func() { // after both runs, which go in parallel
		require.NotEmpty(t, runs[0])
		require.Equal(t, runs[0], runs[1])
	})
	for i := range runs {
		t.Run(fmt.Sprint("run", i), func(t *testing.T) {
			t.Parallel()
			runs[i] = scenario(t)
		})
	}
}

// TestDeterministicRetries: a REST API call that RESTClient retries waits
// on the server's clock (Sleep), so two fresh servers on the same fixed
// clock that meet the same faults are at the same time afterwards, and
// answer the same MsgTime.
func TestDeterministicRetries(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		fault imtest.Fault
		call  func(context.Context, *restapi.Client) (any, error)
	}{
		{"account_check HTTP 503", imtest.Fault{Action: "im_open_login_svc/account_check", HTTPStatus: http.StatusServiceUnavailable, Times: 3},
			func(ctx context.Context, rc *restapi.Client) (any, error) { return rc.Accounts.Check(ctx, "alice") }},
		{"sendmsg HTTP 429", imtest.Fault{Action: "openim/sendmsg", HTTPStatus: http.StatusTooManyRequests, Times: 3},
			func(ctx context.Context, rc *restapi.Client) (any, error) {
				return rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var nows [2]time.Time
			var answers [2]any
			for i := range nows {
				srv := fixedServer(t)
				app, err := srv.Console().Apps.Create(t.Context(), &apps.CreateRequest{AppName: "r", Region: apps.RegionChina})
				require.NoError(t, err)
				require.NoError(t, srv.ImportAccounts(app.SDKAppID, "alice", "bob"))
				rc, err := srv.RESTClient(app.SDKAppID)
				require.NoError(t, err)
				srv.Inject(tc.fault)
				answers[i], err = tc.call(t.Context(), rc)
				require.NoError(t, err)
				require.Len(t, srv.RequestsFor(tc.fault.Action), tc.fault.Times+1, "retried")
				nows[i] = srv.Now()
			}
			require.Equal(t, nows[0], nows[1], "the server clock after the retries")
			require.Equal(t, answers[0], answers[1])
		})
	}
}

// TestDeterministicSeedErrors: a seeding helper given a map with several
// bad entries fails the same way every time, naming the first key in
// order, whatever Go's map iteration order.
func TestDeterministicSeedErrors(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	app, err := srv.Console().Apps.Create(t.Context(), &apps.CreateRequest{AppName: "s", Region: apps.RegionChina})
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		seed func() error
		want string // a key the error names
	}{
		{"SeedProfileTags", func() error {
			return srv.SeedProfileTags(app.SDKAppID, map[string]imtest.ProfileTagType{"A": imtest.ProfileString, "B": imtest.ProfileString, "C": imtest.ProfileString, "D": 9})
		}, `"A"`},
		{"SeedTags", func() error {
			return srv.SeedTags(app.SDKAppID, map[string]string{"": "x", " a": "y", "qcloud:b": "z", "tencent:c": "w"})
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			first := tc.seed()
			require.Error(t, first)
			require.Contains(t, first.Error(), tc.want)
			for range 50 {
				require.EqualError(t, tc.seed(), first.Error())
			}
		})
	}
}

// TestServersShareNothing: two servers, in parallel, hand out the same
// SDKAppID; accounts, messages, faults, callbacks and the request log of
// one never show on the other.
func TestServersShareNothing(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	a, b := fixedServer(t), fixedServer(t)
	var ids [2]uint64
	for i, srv := range []*imtest.Server{a, b} {
		app, err := srv.Console().Apps.Create(ctx, &apps.CreateRequest{AppName: "x", Region: apps.RegionChina})
		require.NoError(t, err)
		ids[i] = app.SDKAppID
	}
	require.Equal(t, ids[0], ids[1], "each server counts its own SDKAppIDs")
	id := ids[0]
	received := &wireLog{}
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		received.add("%s", r.URL.Query().Get("CallbackCommand"))
		_, _ = io.WriteString(w, `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`)
	}))
	t.Cleanup(receiver.Close)
	require.NoError(t, a.SetCallback(id, imtest.CallbackConfig{URL: receiver.URL, Token: cbToken}))
	require.NoError(t, a.ImportAccounts(id, "alice", "bob"))
	a.Inject(imtest.Fault{Action: "openim/sendmsg", Code: "90001", Times: 1})
	b.Inject(imtest.Fault{Action: apps.ActionGet, Code: "InternalError", Times: 10})

	ra, err := a.RESTClient(id)
	require.NoError(t, err)
	_, err = ra.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
	require.Error(t, err, "a's own fault")
	_, err = ra.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
	require.NoError(t, err)
	_, err = a.Console().Apps.Get(ctx, id)
	require.NoError(t, err, "b's fault does not reach a")

	rb, err := b.RESTClient(id)
	require.NoError(t, err)
	check, err := rb.Accounts.Check(ctx, "alice", "bob")
	require.NoError(t, err)
	for _, r := range check {
		require.Equal(t, restapi.AccountNotImported, r.AccountStatus, "a's accounts are not b's")
	}
	require.Empty(t, b.ImportedAccounts(id))
	require.Empty(t, b.Conversation(id, "alice", "bob"))
	require.Len(t, a.Conversation(id, "alice", "bob"), 1)
	require.Empty(t, b.CallbackDeliveries(id))
	require.NotEmpty(t, received.all(), "a's callbacks went out")
	require.Empty(t, b.RequestsFor("openim/sendmsg"))
	require.Len(t, a.RequestsFor("openim/sendmsg"), 2)
	require.Empty(t, a.RequestsFor("im_open_login_svc/account_check"))
}
