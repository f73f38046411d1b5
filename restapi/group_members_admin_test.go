package restapi_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

// adminCodes are the codes of the change_group_owner error table (a copy
// of Tencent's: 10002, 10003, 10004, 10007, 10010, 10015), which are also
// the group codes of im-facts-rest.md section C these commands can
// answer: 10004 "invalid parameter", 10007 "insufficient permission (or
// op unsupported for group type)", 10010 "group missing or dismissed",
// 10015 "invalid / unknown GroupId".
var adminCodes = []int{10002, 10003, 10004, 10007, 10010, 10015}

// newAdminGroups is a fixture with alice owning, and bob and carol in, a
// group of each type named by its type ("Public", "Private", ...).
func newAdminGroups(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, "alice", "bob", "carol", "dave")
	for _, typ := range []restapi.GroupType{restapi.GroupPublic, restapi.GroupPrivate, restapi.GroupChatRoom, restapi.GroupAVChatRoom} {
		req := &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: typ, Name: "g", GroupID: string(typ)}
		if typ != restapi.GroupAVChatRoom {
			req.MemberList = []restapi.GroupMember{{MemberAccount: "bob"}, {MemberAccount: "carol"}}
		}
		_, err := f.rc.Groups.Create(t.Context(), req)
		require.NoError(t, err)
	}
	return f
}

// member is userID as get_group_member_info answers it.
func member(t *testing.T, f *fixture, groupID, userID string) restapi.GroupMemberInfo {
	t.Helper()
	for _, m := range collect(t, f.rc.Groups.Members(t.Context(), restapi.GetGroupMemberInfoRequest{GroupID: groupID})) {
		if m.MemberAccount == userID {
			return m
		}
	}
	t.Fatalf("%s is not a member of %s", userID, groupID)
	return restapi.GroupMemberInfo{}
}

// TestUpdateMemberShowsInReads: what modify_group_member_info sets is what
// get_group_member_info answers. The fields are those of Tencent's page
// (cloud.tencent.com/document/product/269/1623: "Role": "Admin" // 设置管理员,
// "Role": "Member" //取消管理员; MsgFlag "AcceptAndNotify 代表接收并提示消息,
// Discard 代表不接收也不提示消息, AcceptNotNotify 代表接收消息但不提示,
// AcceptNotNotifyExceptAt ..."; "设置的指定成员的群名片,最大不超过50个字节";
// AppMemberDefinedData [{"Key":"MemberDefined1","Value":"ModifyData1"}]
// from tencentcloud.com/document/product/1047/34900), the mute in seconds
// with 0 unmuting as forbid_send_msg's (im-facts-rest.md B11: "seconds, 0 =
// unmute, 4294967295 = permanent").
func TestUpdateMemberShowsInReads(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newAdminGroups(t)
	card := "Bobby"
	require.NoError(t, f.rc.Groups.UpdateMember(ctx, &restapi.ModifyGroupMemberInfoRequest{GroupID: "Public", MemberAccount: "bob",
		Role: restapi.RoleAdmin, MsgFlag: restapi.MsgDiscard, NameCard: &card, ShutUpTime: restapi.MuteSeconds(time.Minute),
		AppMemberDefinedData: []restapi.KeyValue{{Key: "MemberDefined1", Value: "ModifyData1"}}}))
	now := f.srv.Now()

	got := member(t, f, "Public", "bob")
	assert.Equal(t, restapi.RoleAdmin, got.Role)
	assert.Equal(t, "Bobby", got.NameCard)
	assert.Equal(t, restapi.MsgDiscard, got.MsgFlag)
	assert.Equal(t, now.Unix()+60, got.ShutUpUntil)
	full := collect(t, f.rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: "Public", AppDefinedDataFilterGroupMember: []string{"MemberDefined1"}}))
	assert.Equal(t, []restapi.KeyValue{{Key: "MemberDefined1", Value: "ModifyData1"}}, full[1].AppMemberDefinedData)
	admins := collect(t, f.rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: "Public", MemberRoleFilter: []restapi.GroupRole{restapi.RoleAdmin}}))
	require.Len(t, admins, 1)
	assert.Equal(t, "bob", admins[0].MemberAccount)
	muted, err := f.rc.Groups.MutedMembers(ctx, "Public")
	require.NoError(t, err)
	assert.Equal(t, []restapi.MutedMember{{MemberAccount: "bob", MutedUntil: now.Unix() + 60}}, muted)
	assert.Equal(t, restapi.RoleMember, member(t, f, "Public", "carol").Role, "only bob changed")

	// Revoking the admin, clearing the name card and unmuting; what is not
	// set stays.
	empty := ""
	require.NoError(t, f.rc.Groups.UpdateMember(ctx, &restapi.ModifyGroupMemberInfoRequest{GroupID: "Public", MemberAccount: "bob",
		Role: restapi.RoleMember, NameCard: &empty, ShutUpTime: restapi.MuteSeconds(0)}))
	got = member(t, f, "Public", "bob")
	assert.Equal(t, restapi.RoleMember, got.Role)
	assert.Empty(t, got.NameCard)
	assert.Zero(t, got.ShutUpUntil)
	assert.Equal(t, restapi.MsgDiscard, got.MsgFlag, "MsgFlag not sent: unchanged")
	infos, err := f.rc.Groups.Get(ctx, "Public")
	require.NoError(t, err)
	assert.Equal(t, restapi.RoleMember, infos[0].MemberList[1].Role, "get_group_info answers the same member")
}

// TestUpdateMemberCodes: the codes of modify_group_member_info. An
// AVChatRoom is not supported (tencentcloud.com 1047/34900: "AVChatRoom |
// No ... do not store group member profiles and therefore do not allow
// member profile modification"; its older INTL version: "Error 10007 will
// be returned"); a Work group has no admins (cloud.tencent.com 269/1502:
// "好友工作群(Work)默认不支持设置管理员"; im-facts-rest.md C: 10007
// "insufficient permission (or op unsupported for group type)"); the name
// card is at most 50 bytes (269/1623: "最大不超过50个字节"); the rest as
// the group codes of im-facts-rest.md C.
func TestUpdateMemberCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newAdminGroups(t)
	long := strings.Repeat("名", 17) // 51 bytes
	raw := func(body string) func() error {
		return func() error {
			return f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandModifyGroupMemberInfo, json.RawMessage(body), nil)
		}
	}
	update := func(req restapi.ModifyGroupMemberInfoRequest) func() error {
		return func() error { return f.rc.Groups.UpdateMember(ctx, &req) }
	}
	runCodeCases(t, adminCodes, []codeCase{
		{"an AVChatRoom", update(restapi.ModifyGroupMemberInfoRequest{GroupID: "AVChatRoom", MemberAccount: "alice", MsgFlag: restapi.MsgDiscard}), restapi.CodeGroupNoPermission},
		{"an admin in a Private (Work) group", update(restapi.ModifyGroupMemberInfoRequest{GroupID: "Private", MemberAccount: "bob", Role: restapi.RoleAdmin}), restapi.CodeGroupNoPermission},
		{"a group that does not exist", update(restapi.ModifyGroupMemberInfoRequest{GroupID: "nope", MemberAccount: "bob", Role: restapi.RoleAdmin}), restapi.CodeGroupNotFound},
		{"a GroupId that cannot be one", raw(`{"GroupId":"群","Member_Account":"bob","Role":"Admin"}`), restapi.CodeGroupIDInvalid},
		{"no GroupId", raw(`{"Member_Account":"bob","Role":"Admin"}`), restapi.CodeGroupInvalidParam},
		{"no Member_Account", raw(`{"GroupId":"Public","Role":"Admin"}`), restapi.CodeGroupInvalidParam},
		{"not a member", update(restapi.ModifyGroupMemberInfoRequest{GroupID: "Public", MemberAccount: "dave", Role: restapi.RoleAdmin}), restapi.CodeGroupInvalidParam},
		{"the owner's role", update(restapi.ModifyGroupMemberInfoRequest{GroupID: "Public", MemberAccount: "alice", Role: restapi.RoleMember}), restapi.CodeGroupInvalidParam},
		{"Role Owner", raw(`{"GroupId":"Public","Member_Account":"bob","Role":"Owner"}`), restapi.CodeGroupInvalidParam},
		{"a Role that is none", raw(`{"GroupId":"Public","Member_Account":"bob","Role":"King"}`), restapi.CodeGroupInvalidParam},
		{"a MsgFlag that is none", raw(`{"GroupId":"Public","Member_Account":"bob","MsgFlag":"Mute"}`), restapi.CodeGroupInvalidParam},
		{"a NameCard of 51 bytes", update(restapi.ModifyGroupMemberInfoRequest{GroupID: "Public", MemberAccount: "bob", NameCard: &long}), restapi.CodeGroupInvalidParam},
		{"an AppMemberDefinedData item without a Key, as modify_group_base_info's AppDefinedData", update(restapi.ModifyGroupMemberInfoRequest{GroupID: "Public", MemberAccount: "bob", AppMemberDefinedData: []restapi.KeyValue{{Value: "v"}}}), restapi.CodeGroupInvalidParam},
		{"a NameCard of 51 bytes, answered by the server", raw(`{"GroupId":"Public","Member_Account":"bob","NameCard":"` + long + `"}`), restapi.CodeGroupInvalidParam},
	})
	assert.Equal(t, restapi.RoleMember, member(t, f, "Public", "bob").Role, "a refused request changes nothing")
	assert.Empty(t, member(t, f, "Public", "bob").NameCard)
	fifty := strings.Repeat("x", restapi.MaxNameCardBytes)
	require.NoError(t, f.rc.Groups.UpdateMember(ctx, &restapi.ModifyGroupMemberInfoRequest{GroupID: "Public", MemberAccount: "bob", NameCard: &fifty}), "50 bytes is the limit")
}

// TestUpdateMemberWireNames: the body carries Tencent's names (269/1623's
// samples: GroupId, Member_Account, Role, MsgFlag, NameCard,
// AppMemberDefinedData; the mute ShutUpTime, as Tencent's web SDK sends
// it), and the server reads MuteTime, the name Tencent's pages now give the
// mute of forbid_send_msg (im-facts-rest.md D: "Old vs new field names to
// accept on a faithful server: `ShutUpTime`/`MuteTime`").
func TestUpdateMemberWireNames(t *testing.T) {
	t.Parallel()
	card := "c"
	b, err := json.Marshal(restapi.ModifyGroupMemberInfoRequest{GroupID: "g", MemberAccount: "bob", Role: restapi.RoleAdmin,
		MsgFlag: restapi.MsgAcceptNotNotify, NameCard: &card, ShutUpTime: restapi.MuteSeconds(0), AppMemberDefinedData: []restapi.KeyValue{{Key: "k", Value: "v"}}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"GroupId":"g","Member_Account":"bob","Role":"Admin","MsgFlag":"AcceptNotNotify","NameCard":"c","ShutUpTime":0,"AppMemberDefinedData":[{"Key":"k","Value":"v"}]}`, string(b))
	b, err = json.Marshal(restapi.ModifyGroupMemberInfoRequest{GroupID: "g", MemberAccount: "bob"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"GroupId":"g","Member_Account":"bob"}`, string(b), "nothing set, nothing sent")

	for _, tc := range []struct {
		name, body string
		until      func(now time.Time) int64
	}{
		{"ShutUpTime", `{"GroupId":"Public","Member_Account":"bob","ShutUpTime":60}`, func(now time.Time) int64 { return now.Unix() + 60 }},
		{"MuteTime", `{"GroupId":"Public","Member_Account":"bob","MuteTime":60}`, func(now time.Time) int64 { return now.Unix() + 60 }},
		{"4294967295 is permanent", `{"GroupId":"Public","Member_Account":"bob","ShutUpTime":4294967295}`, func(time.Time) int64 { return int64(restapi.MutedForever) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newAdminGroups(t)
			require.NoError(t, f.rc.Call(t.Context(), restapi.ServiceGroup, restapi.CommandModifyGroupMemberInfo, json.RawMessage(tc.body), nil))
			assert.Equal(t, tc.until(f.srv.Now()), member(t, f, "Public", "bob").ShutUpUntil)
			f.srv.Advance(time.Minute)
			if tc.until(time.Unix(0, 0)) != int64(restapi.MutedForever) {
				assert.Zero(t, member(t, f, "Public", "bob").ShutUpUntil, "the mute runs out on the server clock")
			}
		})
	}
}

// TestChangeOwner: change_group_owner hands the group to a member
// (cloud.tencent.com/document/product/269/1633: "App 管理员可以通过该接口将群主
// 身份转移给他人 ... 新群主必须为群内成员"): get_group_info answers the new
// Owner_Account, get_group_member_info the new owner as Owner and the
// previous one as Member; a group without an owner gets one ("没有群主的群,
// App 管理员可以通过此接口指定他人作为群主").
func TestChangeOwner(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newAdminGroups(t)
	require.NoError(t, f.rc.Groups.ChangeOwner(ctx, "Public", "carol"))
	infos, err := f.rc.Groups.Get(ctx, "Public")
	require.NoError(t, err)
	assert.Equal(t, "carol", infos[0].OwnerAccount)
	assert.Equal(t, restapi.RoleOwner, member(t, f, "Public", "carol").Role)
	assert.Equal(t, restapi.RoleMember, member(t, f, "Public", "alice").Role, "the previous owner stays, as a member")
	assert.Equal(t, restapi.RoleMember, member(t, f, "Public", "bob").Role)
	owners := collect(t, f.rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: "Public", MemberRoleFilter: []restapi.GroupRole{restapi.RoleOwner}}))
	require.Len(t, owners, 1, "one owner")
	assert.Equal(t, "carol", owners[0].MemberAccount)

	// The previous owner is a member like the others now: it can be
	// removed, and made an admin; the new owner cannot be removed.
	require.NoError(t, f.rc.Groups.UpdateMember(ctx, &restapi.ModifyGroupMemberInfoRequest{GroupID: "Public", MemberAccount: "alice", Role: restapi.RoleAdmin}))
	err = f.rc.Groups.RemoveMembers(ctx, &restapi.DeleteGroupMemberRequest{GroupID: "Public", MemberToDelAccount: []string{"carol"}})
	assert.True(t, restapi.HasCode(err, restapi.CodeGroupInvalidParam), "%v: the owner cannot be removed", err)
	require.NoError(t, f.rc.Groups.RemoveMembers(ctx, &restapi.DeleteGroupMemberRequest{GroupID: "Public", MemberToDelAccount: []string{"alice"}}))

	// A group with no owner (created without Owner_Account) gets one.
	_, err = f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g", GroupID: "ownerless",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
	require.NoError(t, err)
	require.NoError(t, f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandChangeGroupOwner,
		&restapi.ChangeGroupOwnerRequest{GroupID: "ownerless", NewOwnerAccount: "bob", FromAccount: "dave"}, nil))
	infos, err = f.rc.Groups.Get(ctx, "ownerless")
	require.NoError(t, err)
	assert.Equal(t, "bob", infos[0].OwnerAccount)
	assert.Equal(t, restapi.RoleOwner, member(t, f, "ownerless", "bob").Role)
}

// TestChangeOwnerCodes: the codes of change_group_owner (269/1633:
// "AVChatRoom(直播群)不支持转让群主,对该类型的群组进行操作时会返回10007错误";
// "新群主必须为群内成员": 10004, im-facts-rest.md C "invalid parameter";
// its request fields GroupId, NewOwner_Account 必填, From_Account 选填).
func TestChangeOwnerCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newAdminGroups(t)
	raw := func(body string) func() error {
		return func() error {
			return f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandChangeGroupOwner, json.RawMessage(body), nil)
		}
	}
	runCodeCases(t, adminCodes, []codeCase{
		{"an AVChatRoom", func() error { return f.rc.Groups.ChangeOwner(ctx, "AVChatRoom", "alice") }, restapi.CodeGroupNoPermission},
		{"a new owner that is not a member", func() error { return f.rc.Groups.ChangeOwner(ctx, "Public", "dave") }, restapi.CodeGroupInvalidParam},
		{"a new owner never imported", func() error { return f.rc.Groups.ChangeOwner(ctx, "Public", "ghost") }, restapi.CodeGroupInvalidParam},
		{"a group that does not exist", func() error { return f.rc.Groups.ChangeOwner(ctx, "nope", "bob") }, restapi.CodeGroupNotFound},
		{"a GroupId that cannot be one", raw(`{"GroupId":"群","NewOwner_Account":"bob"}`), restapi.CodeGroupIDInvalid},
		{"no GroupId", func() error { return f.rc.Groups.ChangeOwner(ctx, "", "bob") }, restapi.CodeGroupInvalidParam},
		{"no NewOwner_Account", raw(`{"GroupId":"Public"}`), restapi.CodeGroupInvalidParam},
		{"a From_Account never imported", raw(`{"GroupId":"Public","NewOwner_Account":"bob","From_Account":"ghost"}`), restapi.CodeGroupInvalidParam},
	})
	infos, err := f.rc.Groups.Get(ctx, "Public")
	require.NoError(t, err)
	assert.Equal(t, "alice", infos[0].OwnerAccount, "a refused request changes nothing")
	b, err := json.Marshal(restapi.ChangeGroupOwnerRequest{GroupID: "g", NewOwnerAccount: "peter", FromAccount: "emily"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"GroupId":"g","NewOwner_Account":"peter","From_Account":"emily"}`, string(b), "269/1633's sample request")
}

// TestMemberLastSendMsgTime: get_group_member_info's LastSendMsgTime (a
// MemberInfoFilter field of CN 269/112002) is when the member last sent to
// the group, 0 before that.
func TestMemberLastSendMsgTime(t *testing.T) {
	t.Parallel()
	f := newAdminGroups(t)
	assert.Zero(t, member(t, f, "Public", "bob").LastSendMsgTime)
	_, err := f.rc.Groups.SendMessage(t.Context(), &restapi.SendGroupMsgRequest{GroupID: "Public", FromAccount: "bob", Random: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
	require.NoError(t, err)
	assert.Equal(t, f.srv.Now().Unix(), member(t, f, "Public", "bob").LastSendMsgTime)
	assert.Zero(t, member(t, f, "Public", "carol").LastSendMsgTime)
}
