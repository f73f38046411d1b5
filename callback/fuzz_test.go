package callback_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/restapi"
)

// FuzzHandler feeds arbitrary queries and bodies to a handler with every
// typed func registered and to one WithoutAuth: it never panics, always
// answers a JSON envelope with one of its statuses, the signed handler
// answers 200 only to a query whose Sign matches its RequestTime, and the
// WithoutAuth one only to a query with neither Sign nor RequestTime.
func FuzzHandler(f *testing.F) {
	for _, e := range []callback.Event{
		c2c(appID),
		&callback.GroupBeforeCreate{Meta: callback.Meta{SDKAppID: appID}, Type: restapi.GroupPublic, Name: "g", MemberList: []restapi.MemberAccount{{MemberAccount: "a"}}},
		&callback.StateChange{Meta: callback.Meta{SDKAppID: appID}, Info: callback.StateInfo{Action: callback.ActionLogin}},
		&callback.PortraitSet{Meta: callback.Meta{SDKAppID: appID}, ProfileItem: []restapi.ProfileItem{{Tag: restapi.TagNick, Value: "n"}}},
		&callback.BlackListAdd{Meta: callback.Meta{SDKAppID: appID}, PairList: []callback.FriendPair{{FromAccount: "a", ToAccount: "b"}}},
		&callback.C2CMsgWithdrawn{Meta: callback.Meta{SDKAppID: appID}, FromAccount: "a", ToAccount: "b", MsgKey: "1_2_3", UnreadMsgNum: 1},
		&callback.GroupMsgRecalled{Meta: callback.Meta{SDKAppID: appID}, GroupID: "g", Type: restapi.GroupPublic, MsgSeqList: []callback.RecalledMsg{{MsgSeq: 1}}},
		&callback.GroupOwnerChanged{Meta: callback.Meta{SDKAppID: appID}, GroupID: "g", OldOwnerAccount: "a", NewOwnerAccount: "b"},
		&callback.GroupInfoChanged{Meta: callback.Meta{SDKAppID: appID}, GroupID: "g", Name: "n"},
		&callback.GroupFull{Meta: callback.Meta{SDKAppID: appID}, GroupID: "g"},
		&callback.TopicCreated{Meta: callback.Meta{SDKAppID: appID}, GroupID: "g", TopicID: "g@TOPIC#_t"},
		&callback.TopicDestroyed{Meta: callback.Meta{SDKAppID: appID}, GroupID: "g", TopicIDList: []string{"g@TOPIC#_t"}},
		&callback.C2CMsgModified{Meta: callback.Meta{SDKAppID: appID}, FromAccount: "a", ToAccount: "b", MsgKey: "1_2_3"},
		&callback.GroupMsgModified{Meta: callback.Meta{SDKAppID: appID}, GroupID: "g", MsgSeq: 1, MsgBody: []restapi.Element{restapi.Text("t")}},
		&callback.TopicInfoChanged{Meta: callback.Meta{SDKAppID: appID}, GroupID: "g", Type: restapi.GroupCommunity, Name: "n"},
	} {
		for _, tok := range []string{token, ""} {
			r := request(f, tok, now, e)
			var body bytes.Buffer
			_, _ = body.ReadFrom(r.Body)
			f.Add(r.URL.RawQuery, body.Bytes())
		}
	}
	decide := func(context.Context, callback.Event) callback.Decision { return callback.Allow() }
	calls := append([]callback.Option{},
		callback.OnStateChange(func(context.Context, *callback.StateChange) {}),
		callback.OnC2CBeforeSendMsg(func(ctx context.Context, e *callback.C2CBeforeSendMsg) callback.Decision { return decide(ctx, e) }),
		callback.OnC2CAfterSendMsg(func(context.Context, *callback.C2CAfterSendMsg) {}),
		callback.OnGroupBeforeCreate(func(ctx context.Context, e *callback.GroupBeforeCreate) callback.Decision { return decide(ctx, e) }),
		callback.OnGroupAfterCreate(func(context.Context, *callback.GroupAfterCreate) {}),
		callback.OnGroupBeforeSendMsg(func(ctx context.Context, e *callback.GroupBeforeSendMsg) callback.Decision {
			return callback.Allow().WithMsgBody(e.MsgBody...)
		}),
		callback.OnGroupAfterSendMsg(func(context.Context, *callback.GroupAfterSendMsg) {}),
		callback.OnGroupMemberJoin(func(context.Context, *callback.GroupMemberJoin) {}),
		callback.OnGroupMemberExit(func(context.Context, *callback.GroupMemberExit) {}),
		callback.OnGroupDestroyed(func(context.Context, *callback.GroupDestroyed) {}),
		callback.OnFriendAdd(func(context.Context, *callback.FriendAdd) {}),
		callback.OnFriendDelete(func(context.Context, *callback.FriendDelete) {}),
		callback.OnPortraitSet(func(context.Context, *callback.PortraitSet) {}),
		callback.OnBlackListAdd(func(context.Context, *callback.BlackListAdd) {}),
		callback.OnBlackListDelete(func(context.Context, *callback.BlackListDelete) {}),
		callback.OnC2CMsgWithdrawn(func(context.Context, *callback.C2CMsgWithdrawn) {}),
		callback.OnGroupMsgRecalled(func(context.Context, *callback.GroupMsgRecalled) {}),
		callback.OnGroupOwnerChanged(func(context.Context, *callback.GroupOwnerChanged) {}),
		callback.OnGroupInfoChanged(func(context.Context, *callback.GroupInfoChanged) {}),
		callback.OnGroupFull(func(context.Context, *callback.GroupFull) {}),
		callback.OnTopicCreated(func(context.Context, *callback.TopicCreated) {}),
		callback.OnTopicDestroyed(func(context.Context, *callback.TopicDestroyed) {}),
		callback.OnC2CMsgModified(func(context.Context, *callback.C2CMsgModified) {}),
		callback.OnGroupMsgModified(func(context.Context, *callback.GroupMsgModified) {}),
		callback.OnTopicInfoChanged(func(context.Context, *callback.TopicInfoChanged) {}),
		callback.WithMaxBodyBytes(4096),
	)
	signed := newHandler(f, calls...)
	open, err := callback.NewHandler(appID, "", append([]callback.Option{callback.WithClock(clock), callback.WithoutAuth()}, calls...)...)
	if err != nil {
		f.Fatal(err)
	}
	statuses := map[int]bool{200: true, 400: true, 401: true, 403: true, 405: true, 413: true}
	f.Fuzz(func(t *testing.T, query string, body []byte) {
		for _, h := range []*callback.Handler{signed, open} {
			r := httptest.NewRequest(http.MethodPost, "/cb", bytes.NewReader(body))
			r.URL.RawQuery = query
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if !statuses[w.Code] {
				t.Fatalf("status %d for %q", w.Code, query)
			}
			var a struct {
				ActionStatus string
				ErrorCode    *int
			}
			if err := json.Unmarshal(w.Body.Bytes(), &a); err != nil || a.ErrorCode == nil || (a.ActionStatus != "OK" && a.ActionStatus != "FAIL") {
				t.Fatalf("answer %q is not an envelope", w.Body.Bytes())
			}
			if w.Code != http.StatusOK {
				continue
			}
			q, _ := url.ParseQuery(query)
			if h == signed && (q.Get("Sign") == "" || q.Get("Sign") != signOf(q.Get("RequestTime"))) {
				t.Fatalf("accepted an unsigned or forged query %q", query)
			}
			if h == open && (q.Get("Sign") != "" || q.Get("RequestTime") != "") {
				t.Fatalf("WithoutAuth accepted a query with Sign or RequestTime %q", query)
			}
		}
	})
}

// signOf is hex(sha256(token + requestTime)), computed here rather than
// by the package.
func signOf(requestTime string) string {
	sum := sha256.Sum256([]byte(token + requestTime))
	return hex.EncodeToString(sum[:])
}
