package restapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// forbidCodes are the only codes im-facts-rest.md B11 lists for
// forbid_send_msg: "Errors 10002, 10003, 10004, 10007, 10010, 10015".
var forbidCodes = []int{10002, 10003, 10004, 10007, 10010, 10015}

// TestForbidSendMsgCodes: forbid_send_msg answers only the codes its row
// lists (im-facts-rest.md B11: "`Members_Account[]` **≤500** ... Private/Work
// unsupported. Errors 10002, 10003, 10004, 10007, 10010, 10015"): too many
// accounts and an account that is not imported are 10004 (invalid
// parameter), not add_group_member's 10005 and 10019, which the row does
// not list; a Private (Work) group is 10007 (section C: "insufficient
// permission (or op unsupported for group type)").
func TestForbidSendMsgCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob")
	for _, typ := range []restapi.GroupType{restapi.GroupPublic, restapi.GroupWork} {
		_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: typ, Name: "g", GroupID: "g" + string(typ),
			MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
		require.NoError(t, err)
	}
	pub := "g" + string(restapi.GroupPublic)
	over := ids("u", restapi.MaxMuteMembersPerRequest+1)
	raw := func(body string) func() error {
		return func() error {
			return f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandForbidSendMsg, json.RawMessage(body), nil)
		}
	}
	overBody, err := json.Marshal(restapi.ForbidSendMsgRequest{GroupID: pub, MembersAccount: over, MuteTime: 60})
	require.NoError(t, err)
	runCodeCases(t, forbidCodes, []codeCase{
		{"501 accounts, checked locally", func() error {
			return (&restapi.ForbidSendMsgRequest{GroupID: pub, MembersAccount: over, MuteTime: 60}).Validate()
		}, restapi.CodeGroupInvalidParam},
		{"501 accounts, answered by the server", raw(string(overBody)), restapi.CodeGroupInvalidParam},
		{"an account never imported", func() error { return f.rc.Groups.MuteMembers(ctx, pub, time.Minute, "bob", "ghost") }, restapi.CodeGroupInvalidParam},
		{"no accounts", raw(`{"GroupId":"` + pub + `","Members_Account":[],"MuteTime":60}`), restapi.CodeGroupInvalidParam},
		{"a group that does not exist", func() error { return f.rc.Groups.MuteMembers(ctx, "nope", time.Minute, "bob") }, restapi.CodeGroupNotFound},
		{"a GroupId that cannot be one", raw(`{"GroupId":"群","Members_Account":["bob"],"MuteTime":60}`), restapi.CodeGroupIDInvalid},
		{"a Work (Private) group", func() error { return f.rc.Groups.MuteMembers(ctx, "g"+string(restapi.GroupWork), time.Minute, "bob") }, restapi.CodeGroupNoPermission},
	})
	assert.Zero(t, f.srv.GroupMembers(f.id, pub)[1].ShutUpUntil, "a refused request mutes no one, bob included")
}

// TestForbidSendMsgWireNames: the request is GroupId, Members_Account,
// MuteTime (or the older ShutUpTime) and TopicId; MuteTime is a uint32,
// 4294967295 permanent and 0 unmute (im-facts-rest.md B11: "`MuteTime`
// (current name; older INTL page calls it `ShutUpTime`) seconds, 0 =
// unmute, 4294967295 = permanent, `TopicId`"), a TopicId "仅支持话题的社群
// 适用此选项" (CN 269/1627: 11000 elsewhere, as the topic commands answer);
// a number outside uint32 is not the JSON the command takes (section C:
// "60003 | request JSON parse error").
func TestForbidSendMsgWireNames(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	for _, tc := range []struct {
		name      string
		body      string
		code      int
		shutUntil func(now time.Time) int64 // bob's ShutUpUntil after it
	}{
		{"MuteTime", `{"GroupId":"pub","Members_Account":["bob"],"MuteTime":60}`, 0, func(now time.Time) int64 { return now.Unix() + 60 }},
		{"the older ShutUpTime", `{"GroupId":"pub","Members_Account":["bob"],"ShutUpTime":60}`, 0, func(now time.Time) int64 { return now.Unix() + 60 }},
		{"a TopicId in a group without topics", `{"GroupId":"pub","Members_Account":["bob"],"MuteTime":60,"TopicId":"pub@TOPIC#_t"}`, restapi.CodeTopicsNotSupported, func(now time.Time) int64 { return now.Unix() + 3600 }},
		{"4294967295 is permanent", `{"GroupId":"pub","Members_Account":["bob"],"MuteTime":4294967295}`, 0, func(time.Time) int64 { return int64(restapi.MutedForever) }},
		{"0 unmutes", `{"GroupId":"pub","Members_Account":["bob"],"MuteTime":0}`, 0, func(time.Time) int64 { return 0 }},
		{"above uint32", `{"GroupId":"pub","Members_Account":["bob"],"MuteTime":4294967296}`, 60003, func(now time.Time) int64 { return now.Unix() + 3600 }},
		{"negative", `{"GroupId":"pub","Members_Account":["bob"],"MuteTime":-1}`, 60003, func(now time.Time) int64 { return now.Unix() + 3600 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "alice", "bob")
			_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub",
				MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
			require.NoError(t, err)
			require.NoError(t, f.rc.Groups.MuteMembers(ctx, "pub", time.Hour, "bob")) // what a refused request leaves
			err = f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandForbidSendMsg, json.RawMessage(tc.body), nil)
			if tc.code == 0 {
				require.NoError(t, err)
			} else {
				require.True(t, restapi.HasCode(err, tc.code), "%v, want %d", err, tc.code)
			}
			assert.Equal(t, tc.shutUntil(f.srv.Now()), f.srv.GroupMembers(f.id, "pub")[1].ShutUpUntil)
		})
	}
	b, err := json.Marshal(restapi.ForbidSendMsgRequest{GroupID: "g", MembersAccount: []string{"bob"}, MuteTime: restapi.MutedForever, TopicID: "t"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"GroupId":"g","Members_Account":["bob"],"MuteTime":4294967295,"TopicId":"t"}`, string(b))
}

// TestGlobalGroupMuteSkipsTheBeforeCallbackAndExpires: a group send by an
// account muted app-wide fails with 10017 before the group before-callback
// is asked, and the mute runs out on the server's clock (im-facts-rest.md
// B12: "Effect: C2C sends fail with 20012, group sends with 10017,
// before-callbacks not triggered; auto-expires"; A2: "Global mute
// (`setnospeaking`) blocks before the before-callback"). REST sendmsg is
// not a C2C send it blocks (B2: "Behaviour: no friendship/blacklist/mute
// check").
func TestGlobalGroupMuteSkipsTheBeforeCallbackAndExpires(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob")
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`))
	}))
	t.Cleanup(hook.Close)
	require.NoError(t, f.srv.SetCallback(f.id, imtest.CallbackConfig{URL: hook.URL}))
	_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
	require.NoError(t, err)
	befores := func() int {
		n := 0
		for _, d := range f.srv.CallbackDeliveries(f.id) {
			if d.Command == callback.CommandGroupBeforeSendMsg {
				n++
			}
		}
		return n
	}
	send := func() error {
		_, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "pub", FromAccount: "bob", MsgBody: hello("hi")})
		return err
	}

	require.NoError(t, f.rc.Mute.Set(ctx, &restapi.MuteRequest{SetAccount: "bob", GroupMsgNoSpeakingTime: restapi.MuteSeconds(time.Minute)}))
	err = send()
	assert.True(t, restapi.HasCode(err, 10017), "%v, want 10017", err)
	assert.Zero(t, befores(), "the before-callback is not triggered")
	assert.Empty(t, f.srv.GroupMessages(f.id, "pub"))

	_, err = f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "bob", ToAccount: "alice", MsgBody: hello("hi")})
	assert.NoError(t, err, "the group mute leaves one-to-one messages alone, and REST sendmsg makes no mute check")

	f.srv.Advance(time.Minute)
	got, err := f.rc.Mute.Get(ctx, "bob")
	require.NoError(t, err)
	assert.Equal(t, restapi.MuteStatus{}, got, "0: no mute left")
	require.NoError(t, send(), "the mute expired")
	assert.Equal(t, 1, befores(), "asked once the mute is over")
	assert.True(t, slices.ContainsFunc(f.srv.GroupMessages(f.id, "pub"), func(m imtest.GroupMessage) bool { return m.FromAccount == "bob" }))
}
