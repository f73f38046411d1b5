package restapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// TestRolesAnswerEachAccount: get_role_in_group answers UserIdList
// [{Member_Account, Role}] with Role Owner/Admin/Member/NotMember
// (trtc.io/document/34963; the role values as Tencent's REST SDK models
// the field: "成员角色：Owner/Admin/Member/NotMember"), "Up to 500 member
// accounts are supported" per request, so Roles splits 501 in two, in
// order.
func TestRolesAnswerEachAccount(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newAdminGroups(t)
	require.NoError(t, f.rc.Groups.UpdateMember(ctx, &restapi.ModifyGroupMemberInfoRequest{GroupID: "Public", MemberAccount: "bob", Role: restapi.RoleAdmin}))

	roles, err := f.rc.Groups.Roles(ctx, "Public", "alice", "bob", "carol", "dave")
	require.NoError(t, err)
	assert.Equal(t, []restapi.MemberRole{
		{MemberAccount: "alice", Role: restapi.RoleOwner},
		{MemberAccount: "bob", Role: restapi.RoleAdmin},
		{MemberAccount: "carol", Role: restapi.RoleMember},
		{MemberAccount: "dave", Role: restapi.RoleNotMember},
	}, roles)

	many := append(ids("u", 500), "carol")
	roles, err = f.rc.Groups.Roles(ctx, "Public", many...)
	require.NoError(t, err)
	require.Len(t, roles, 501)
	assert.Equal(t, restapi.MemberRole{MemberAccount: "u000", Role: restapi.RoleNotMember}, roles[0])
	assert.Equal(t, restapi.MemberRole{MemberAccount: "carol", Role: restapi.RoleMember}, roles[500])
	assert.Len(t, f.srv.RequestsFor("group_open_http_svc/get_role_in_group"), 3)
}

// TestModerationCodes: the codes of the moderation commands. 10007 for an
// AVChatRoom's roles ("If this API is called for an audio-video group, a
// 10007 error will be returned", trtc.io/document/34963); 10004 "参数非法",
// 10005 for more than 20 accounts ("单次请求最大20个"; the ban page's
// error table lists 10002, 10003, 10004, 10005, cloud.tencent.com
// 269/79249) and a Description over "最大长度1000字节"; 10010 "group
// missing or dismissed" and 10015 "invalid / unknown GroupId"
// (im-facts-rest.md C).
func TestModerationCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newAdminGroups(t)
	ban := func(req restapi.BanGroupMemberRequest) func() error {
		return func() error { return f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandBanGroupMember, &req, nil) }
	}
	runCodeCases(t, adminCodes, []codeCase{
		{"roles of an AVChatRoom", func() error { _, err := f.rc.Groups.Roles(ctx, "AVChatRoom", "alice"); return err }, 10007},
		{"roles in an unknown group", func() error { _, err := f.rc.Groups.Roles(ctx, "@TGS#1NOSUCH", "alice"); return err }, 10010},
		{"roles of nobody", func() error { _, err := f.rc.Groups.Roles(ctx, "Public"); return err }, 10004},
		{"roles in a GroupId that cannot be one", func() error { _, err := f.rc.Groups.Roles(ctx, strings.Repeat("g", 49), "bob"); return err }, 10015},
		{"delete by an unknown group", func() error { return f.rc.Groups.DeleteMessagesBy(ctx, "@TGS#1NOSUCH", "bob") }, 10010},
		{"delete by no sender", func() error { return f.rc.Groups.DeleteMessagesBy(ctx, "Public", "") }, 10004},
		{"ban in an unknown group", func() error { return f.rc.Groups.Ban(ctx, "@TGS#1NOSUCH", time.Hour, "bob") }, 10010},
		{"ban for no time", func() error { return f.rc.Groups.Ban(ctx, "Public", 0, "bob") }, 10004},
		{"ban of the owner", func() error { return f.rc.Groups.Ban(ctx, "Public", time.Hour, "alice") }, 10004},
		{"ban with a long Description", ban(restapi.BanGroupMemberRequest{GroupID: "Public", MembersAccount: []string{"bob"}, Duration: 60, Description: strings.Repeat("x", 1001)}), 10004},
		{"unban of nobody", func() error { return f.rc.Groups.Unban(ctx, "Public") }, 10004},
		{"unban in an unknown group", func() error { return f.rc.Groups.Unban(ctx, "@TGS#1NOSUCH", "bob") }, 10010},
		{"banned of an unknown group", func() error { return firstErr(f.rc.Groups.Banned(ctx, "@TGS#1NOSUCH")) }, 10010},
		{"banned page over 100", func() error {
			return f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandGetGroupBanMember, &restapi.GetGroupBanMemberRequest{GroupID: "Public", Limit: 101}, nil)
		}, 10004},
	})
	err := ban(restapi.BanGroupMemberRequest{GroupID: "Public", MembersAccount: ids("u", 21), Duration: 60})()
	assert.True(t, restapi.HasCode(err, restapi.CodeGroupTooManyAccounts), "21 accounts in one ban_group_member: %v", err)
}

// TestDeleteMessagesByLeavesHistory: delete_group_msg_by_sender "can be
// used to recall the messages sent by a specified user among the last
// 1,000 messages" and "A recalled message will be marked as recalled on
// the server" (trtc.io/document/34970), so group_msg_get_simple leaves
// them out, and lists them as recalled (IsPlaceMsg 2) with
// WithRecalledMsg 1; the other members' messages stay; an AVChatRoom
// takes the call "but no error will be returned".
func TestDeleteMessagesByLeavesHistory(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newUnlimitedFixture(t, apps.EditionPro, "alice", "bob", "carol")
	_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}, {MemberAccount: "carol"}}})
	require.NoError(t, err)
	send := func(from, text string) {
		t.Helper()
		_, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "pub", FromAccount: from, MsgBody: []restapi.Element{restapi.Text(text)}})
		require.NoError(t, err)
	}
	send("bob", "spam 1")
	send("carol", "hello")
	send("bob", "spam 2")

	require.NoError(t, f.rc.Groups.DeleteMessagesBy(ctx, "pub", "bob"))
	history := collect(t, f.rc.Groups.History(ctx, restapi.GroupMsgGetSimpleRequest{GroupID: "pub"}))
	require.Len(t, history, 1)
	assert.Equal(t, "carol", history[0].FromAccount)
	withRecalled := collect(t, f.rc.Groups.History(ctx, restapi.GroupMsgGetSimpleRequest{GroupID: "pub", WithRecalledMsg: 1}))
	require.Len(t, withRecalled, 3)
	assert.Equal(t, restapi.PlaceMsgRecalled, withRecalled[0].IsPlaceMsg)
	assert.Equal(t, restapi.PlaceMsgNone, withRecalled[1].IsPlaceMsg)

	_, err = f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupAVChatRoom, Name: "live", GroupID: "live"})
	require.NoError(t, err)
	require.NoError(t, f.rc.Groups.DeleteMessagesBy(ctx, "live", "bob"))
}

// TestDeleteMessagesByReachesTheNewest1000: a message of the sender
// older than the group's newest 1 000 ("among the last 1,000 messages",
// trtc.io/document/34970) stays. The client's limiter is off: 1 001 sends
// at send_group_msg's 200 calls/s would take five seconds.
func TestDeleteMessagesByReachesTheNewest1000(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newUnlimitedFixture(t, apps.EditionPro, "alice", "bob")
	f.rc = f.client(t, restapi.WithoutRateLimit())
	_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
	require.NoError(t, err)
	for i := range 1001 {
		from := "alice"
		if i == 0 || i == 1000 {
			from = "bob"
		}
		_, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "pub", FromAccount: from, MsgBody: []restapi.Element{restapi.Text("m")}})
		require.NoError(t, err)
	}
	require.NoError(t, f.rc.Groups.DeleteMessagesBy(ctx, "pub", "bob"))
	msgs := f.srv.GroupMessages(f.id, "pub")
	require.Len(t, msgs, 1001)
	assert.False(t, msgs[0].Recalled, "the 1001st newest message is out of reach")
	assert.True(t, msgs[1000].Recalled)
}

// TestBanRemovesAndBlocksRejoin: "App 管理员可以通过该接口封禁群组成员,封禁后
// 成员无法接收消息,并且封禁时间内无法再次进群" (cloud.tencent.com
// 269/79249, which lists every group type as supported), so a banned
// member leaves the group and add_group_member answers its Result 0
// ("0 fail", im-facts-rest.md B11) until the ban ends or
// unban_group_member lifts it ("An unbanned member can rejoin",
// trtc.io/document/50297). get_group_ban_member answers BannedAccountList
// [{Member_Account, BannedUntil}] and NextOffset, "当NextOffset为0时候表示
// 已获取完毕" (tencentcloud.com/zh/document/product/1047/50295).
func TestBanRemovesAndBlocksRejoin(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	noon := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) // still: BannedUntil is exact
	f := newFixtureOn(t, imtest.NewServer(t, imtest.WithClock(func() time.Time { return noon })), apps.EditionTrial, "alice", "bob", "carol", "dave")
	_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "Public",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}, {MemberAccount: "carol"}}})
	require.NoError(t, err)
	until := f.srv.Now().Add(time.Hour).Unix()
	require.NoError(t, f.rc.Groups.Ban(ctx, "Public", time.Hour, "bob", "dave"))

	roles, err := f.rc.Groups.Roles(ctx, "Public", "bob", "carol")
	require.NoError(t, err)
	assert.Equal(t, []restapi.MemberRole{{MemberAccount: "bob", Role: restapi.RoleNotMember}, {MemberAccount: "carol", Role: restapi.RoleMember}}, roles)
	assert.Equal(t, []restapi.BannedMember{{MemberAccount: "bob", BannedUntil: until}, {MemberAccount: "dave", BannedUntil: until}},
		collect(t, f.rc.Groups.Banned(ctx, "Public")))

	add := func() int {
		t.Helper()
		res, err := f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: "Public", MemberList: restapi.MemberAccounts("bob")})
		require.NoError(t, err)
		return res[0].Result
	}
	assert.Equal(t, restapi.AddMemberFailed, add(), "banned")
	assert.Equal(t, -1, memberIndex(f, "Public", "bob"))

	require.NoError(t, f.rc.Groups.Unban(ctx, "Public", "bob"))
	assert.Equal(t, []restapi.BannedMember{{MemberAccount: "dave", BannedUntil: until}}, collect(t, f.rc.Groups.Banned(ctx, "Public")))
	assert.Equal(t, restapi.AddMemberOK, add(), "unbanned")

	f.srv.Advance(time.Hour + time.Second)
	assert.Empty(t, collect(t, f.rc.Groups.Banned(ctx, "Public")), "the ban ran out")
	res, err := f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: "Public", MemberList: restapi.MemberAccounts("dave")})
	require.NoError(t, err)
	assert.Equal(t, restapi.AddMemberOK, res[0].Result)
}

// TestBannedPages: get_group_ban_member's Limit is "最大为100", so Banned
// walks 120 bans in two pages, following NextOffset; Ban sends 20 per
// request ("单次请求最大20个").
func TestBannedPages(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newUnlimitedFixture(t, apps.EditionPro, "alice")
	_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub"})
	require.NoError(t, err)
	users := ids("u", 120)
	require.NoError(t, f.rc.Groups.Ban(ctx, "pub", time.Minute, users...))
	assert.Len(t, f.srv.RequestsFor("group_open_http_svc/ban_group_member"), 6)
	var got []string
	for _, b := range collect(t, f.rc.Groups.Banned(ctx, "pub")) {
		got = append(got, b.MemberAccount)
	}
	assert.Equal(t, users, got)
	assert.Len(t, f.srv.RequestsFor("group_open_http_svc/get_group_ban_member"), 2)
	assert.Equal(t, users, accountsOf(f.srv.GroupBans(f.id, "pub")))
}

// accountsOf is the accounts of bans, in order.
func accountsOf(bans []restapi.BannedMember) []string {
	out := make([]string, len(bans))
	for i, b := range bans {
		out[i] = b.MemberAccount
	}
	return out
}

// memberIndex is userID's place among the group's members, -1 for none.
func memberIndex(f *fixture, groupID, userID string) int {
	for i, m := range f.srv.GroupMembers(f.id, groupID) {
		if m.MemberAccount == userID {
			return i
		}
	}
	return -1
}
