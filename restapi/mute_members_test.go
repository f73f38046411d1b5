package restapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// mutedListCodes are the codes Tencent's page for get_group_muted_account
// (CN 269/2925, zh INTL 1047/34964) lists as far as it was read: "10002 |
// 服务器内部错误,请重试", "10003 | 请求命令字非法", "10004 | 参数非法", "10007 |
// 操作权限不足", "10010 |" (section C of im-facts-rest.md: the group does
// not exist).
var mutedListCodes = []int{10002, 10003, 10004, 10007, 10010}

// TestGroupMutedMembers: get_group_muted_account answers the group's
// muted members, MutedAccountList[{Member_Account, MutedUntil}], MutedUntil
// the Unix second the mute ends (CN 269/2925: "MutedUntil": 1458115189 //
// 禁言到的时间(使用 UTC 时间)); a mute that ran out on the server clock is
// no longer listed, and one lifted (MuteTime 0, im-facts-rest.md B11) is
// gone. Every group type is supported (2925: "Private | 支持"), so a Work
// group answers an empty list.
func TestGroupMutedMembers(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob", "carol", "dave")
	for _, g := range []struct {
		id  string
		typ restapi.GroupType
	}{{"pub", restapi.GroupPublic}, {"work", restapi.GroupWork}} {
		_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: g.typ, Name: "g", GroupID: g.id,
			MemberList: []restapi.GroupMember{{MemberAccount: "bob"}, {MemberAccount: "carol"}}})
		require.NoError(t, err)
	}
	muted := func(groupID string) []restapi.MutedMember {
		t.Helper()
		got, err := f.rc.Groups.MutedMembers(ctx, groupID)
		require.NoError(t, err)
		return got
	}
	assert.Empty(t, muted("pub"), "no one is muted yet")

	start := f.srv.Now()
	require.NoError(t, f.rc.Groups.MuteMembers(ctx, "pub", time.Minute, "bob"))
	require.NoError(t, f.rc.Groups.MuteMembers(ctx, "pub", restapi.MuteForever, "carol"))
	assert.Equal(t, []restapi.MutedMember{
		{MemberAccount: "bob", MutedUntil: start.Add(time.Minute).Unix()},
		{MemberAccount: "carol", MutedUntil: int64(restapi.MutedForever)},
	}, muted("pub"), "in member order; a permanent mute as get_group_member_info's ShutUpUntil shows it")

	f.srv.Advance(time.Minute)
	assert.Equal(t, []restapi.MutedMember{{MemberAccount: "carol", MutedUntil: int64(restapi.MutedForever)}}, muted("pub"), "bob's mute ran out")

	require.NoError(t, f.rc.Groups.MuteMembers(ctx, "pub", 0, "carol"))
	assert.Empty(t, muted("pub"), "MuteTime 0 lifts carol's mute")
	assert.Empty(t, muted("work"), "a Work group is supported and has no mutes")
}

// TestGroupMutedMembersCodes: a group that does not exist is 10010; an
// empty or malformed GroupId is 10004, checked before anything is sent,
// as the server answers it (the page lists 10004 "参数非法"; 10015 is not
// among the codes read for the command). Every code is one the page lists.
func TestGroupMutedMembersCodes(t *testing.T) {
	t.Parallel()
	typed := func(groupID string) func(*fixture) error {
		return func(f *fixture) error { _, err := f.rc.Groups.MutedMembers(t.Context(), groupID); return err }
	}
	raw := func(body string) func(*fixture) error {
		return func(f *fixture) error {
			return f.rc.Call(t.Context(), restapi.ServiceGroup, restapi.CommandGetGroupMutedAccount, json.RawMessage(body), nil)
		}
	}
	for _, tc := range []struct {
		name string
		call func(*fixture) error
		code int
		sent int
	}{
		{"a group that does not exist", typed("nope"), restapi.CodeGroupNotFound, 1},
		{"no GroupId, checked locally", typed(""), restapi.CodeGroupInvalidParam, 0},
		{"a GroupId that cannot be one, checked locally", typed("群"), restapi.CodeGroupInvalidParam, 0},
		{"no GroupId, answered by the server", raw(`{}`), restapi.CodeGroupInvalidParam, 1},
		{"a GroupId that cannot be one, answered by the server", raw(`{"GroupId":"群"}`), restapi.CodeGroupInvalidParam, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "alice")
			err := tc.call(f)
			require.True(t, restapi.HasCode(err, tc.code), "%v, want %d", err, tc.code)
			var e *restapi.Error
			require.ErrorAs(t, err, &e)
			assert.Contains(t, mutedListCodes, e.Code, "a code get_group_muted_account's page lists")
			assert.Equal(t, tc.sent, f.requests(restapi.CommandGetGroupMutedAccount), "requests sent")
		})
	}
}

// TestGroupMutedMembersWireNames: the request is GroupId and an optional
// TopicId; the answer carries GroupId and MutedAccountList of
// Member_Account and MutedUntil (CN 269/2925 "请求包字段说明" and "应答包体示例").
func TestGroupMutedMembersWireNames(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob")
	_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
	require.NoError(t, err)
	require.NoError(t, f.rc.Groups.MuteMembers(ctx, "pub", time.Hour, "bob"))

	var wire map[string]any
	require.NoError(t, f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandGetGroupMutedAccount, json.RawMessage(`{"GroupId":"pub"}`), &wire))
	assert.Equal(t, "pub", wire["GroupId"])
	assert.Equal(t, []any{map[string]any{"Member_Account": "bob", "MutedUntil": float64(f.srv.Now().Add(time.Hour).Unix())}}, wire["MutedAccountList"])

	b, err := json.Marshal(restapi.GetGroupMutedAccountRequest{GroupID: "g", TopicID: "t"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"GroupId":"g","TopicId":"t"}`, string(b))
	b, err = json.Marshal(restapi.GetGroupMutedAccountRequest{GroupID: "g"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"GroupId":"g"}`, string(b), "TopicId is left out when empty")
}

// TestGroupMutedMembersRetried: get_group_muted_account only reads, so a
// failed attempt is sent again, as the other reads are (getnospeaking,
// get_group_member_info).
func TestGroupMutedMembersRetried(t *testing.T) {
	t.Parallel()
	action := restapi.ServiceGroup + "/" + restapi.CommandGetGroupMutedAccount
	for _, fault := range []imtest.Fault{{HTTPStatus: http.StatusBadGateway}, {LoseResponse: true}} {
		t.Run(fmt.Sprintf("lose=%v", fault.LoseResponse), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "alice")
			_, err := f.rc.Groups.Create(t.Context(), &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub"})
			require.NoError(t, err)
			fault.Action = action
			f.srv.Inject(fault)
			got, err := f.rc.Groups.MutedMembers(t.Context(), "pub")
			require.NoError(t, err)
			assert.Empty(t, got)
			assert.Len(t, f.srv.RequestsFor(action), 2, "the failed attempt and its retry")
		})
	}
}
