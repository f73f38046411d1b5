package restapi_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/restapi"
)

// joined collects the GroupIDs of a Joined walk.
func joined(t *testing.T, rc *restapi.Client, req restapi.GetJoinedGroupListRequest) []string {
	t.Helper()
	var out []string
	for _, g := range collect(t, rc.Groups.Joined(t.Context(), req)) {
		out = append(out, g.GroupID)
	}
	return out
}

// requests counts the recorded requests of a group command.
func (f *fixture) requests(command string) int {
	return len(f.srv.RequestsFor(restapi.ServiceGroup + "/" + command))
}

func hello(text string) []restapi.Element { return []restapi.Element{restapi.Text(text)} }

// TestTargetedGroupMessagesByEdition: send_group_msg's To_Account
// (targeted receivers, at most 50) is a Flagship feature, which
// Tencent's pages give to "旗舰版或企业版" (269/76669): an Enterprise app
// sends to the named members as a Flagship app does; Trial, TRTCTrial and
// Pro apps are refused with 10007 (im-facts-rest: 旗舰版 only) and the
// group gets no message.
func TestTargetedGroupMessagesByEdition(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		edition apps.Edition
		code    int
	}{
		{apps.EditionTrial, restapi.CodeGroupNoPermission},
		{apps.EditionTRTCTrial, restapi.CodeGroupNoPermission},
		{apps.EditionPro, restapi.CodeGroupNoPermission},
		{apps.EditionFlagship, 0},
		{apps.EditionEnterprise, 0},
	} {
		t.Run(string(tc.edition), func(t *testing.T) {
			t.Parallel()
			f := newMsgFixture(t, tc.edition)
			ctx := t.Context()
			groupID, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
			require.NoError(t, err)
			_, err = f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: groupID, FromAccount: "alice", ToAccount: []string{"bob"}, MsgBody: hello("just bob")})
			msgs := f.srv.GroupMessages(f.id, groupID)
			if tc.code != 0 {
				assert.True(t, restapi.HasCode(err, tc.code), "want %d, got %v", tc.code, err)
				assert.Empty(t, msgs, "a refused send posts nothing")
				return
			}
			require.NoError(t, err)
			require.Len(t, msgs, 1)
			assert.Equal(t, []string{"bob"}, msgs[0].ToAccount)
		})
	}
}

// TestGroupLifecycle: a Public group of 150 members and its owner, paged
// 40 at a time; a member muted for an hour cannot post until the server
// clock passes it; 100 removed, and their joined groups no longer list it.
func TestGroupLifecycle(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionPro)
	ctx := t.Context()
	users := f.importIDs(t, "u", 150)

	initial := make([]restapi.GroupMember, restapi.MaxInitialGroupMembers)
	for i := range initial {
		initial[i] = restapi.GroupMember{MemberAccount: users[i]}
	}
	groupID, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "launch", MemberList: initial})
	require.NoError(t, err)
	res, err := f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: groupID, MemberList: restapi.MemberAccounts(users[90:]...)})
	require.NoError(t, err)
	require.Len(t, res, 60)
	for i, r := range res {
		want := map[bool]int{true: restapi.AddMemberExisted, false: restapi.AddMemberOK}[i < 10]
		assert.Equal(t, want, r.Result, r.MemberAccount)
	}

	all := collect(t, f.rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: groupID, Limit: 40}))
	require.Len(t, all, 151)
	assert.Equal(t, restapi.GroupMemberInfo{MemberAccount: "alice", Role: restapi.RoleOwner, JoinTime: f.srv.Now().Unix()}, all[0])
	for i, m := range all[1:] {
		assert.Equal(t, users[i], m.MemberAccount)
		assert.Equal(t, restapi.RoleMember, m.Role)
	}
	assert.Equal(t, 4, f.requests(restapi.CommandGetGroupMemberInfo), "pages of 40, 40, 40 and 31")

	require.NoError(t, f.rc.Groups.MuteMembers(ctx, groupID, time.Hour, "u007"))
	assert.Equal(t, f.srv.Now().Add(time.Hour).Unix(), f.srv.GroupMembers(f.id, groupID)[8].ShutUpUntil)
	post := &restapi.SendGroupMsgRequest{GroupID: groupID, FromAccount: "u007", MsgBody: hello("hi all")}
	_, err = f.rc.Groups.SendMessage(ctx, post)
	assert.True(t, restapi.HasCode(err, restapi.CodeGroupMemberMuted), "%v", err)
	f.srv.Advance(61 * time.Minute)
	sent, err := f.rc.Groups.SendMessage(ctx, post)
	require.NoError(t, err)
	assert.Equal(t, uint64(1), sent.MsgSeq)
	assert.Equal(t, f.srv.Now().Unix(), sent.MsgTime)
	msgs := f.srv.GroupMessages(f.id, groupID)
	require.Len(t, msgs, 1)
	assert.Equal(t, "u007", msgs[0].FromAccount)
	assert.Equal(t, "hi all", msgs[0].MsgBody[0].MsgContent.(*restapi.TextElem).Text)

	require.NoError(t, f.rc.Groups.RemoveMembers(ctx, &restapi.DeleteGroupMemberRequest{GroupID: groupID, MemberToDelAccount: users[:100]}))
	assert.Len(t, f.srv.GroupMembers(f.id, groupID), 51)
	assert.Empty(t, joined(t, f.rc, restapi.GetJoinedGroupListRequest{MemberAccount: "u000"}))
	assert.Equal(t, []string{groupID}, joined(t, f.rc, restapi.GetJoinedGroupListRequest{MemberAccount: "u120"}))
}

// TestGroupAddMembersConcurrentlyNearCapacity: 64 goroutines adding
// distinct members to a group with 19 free places leave it exactly full;
// the other 45 are refused with 10014.
func TestGroupAddMembersConcurrentlyNearCapacity(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionPro)
	ctx := t.Context()
	const capacity, initial, callers = 40, 20, 64
	starters, joiners := f.importIDs(t, "m", initial), f.importIDs(t, "c", callers)
	list := make([]restapi.GroupMember, initial)
	for i, id := range starters {
		list[i] = restapi.GroupMember{MemberAccount: id}
	}
	groupID, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "near", MaxMemberCount: capacity, MemberList: list})
	require.NoError(t, err)

	var wg sync.WaitGroup
	var mu sync.Mutex
	added, full := 0, 0
	for _, id := range joiners {
		wg.Go(func() {
			res, err := f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: groupID, MemberList: restapi.MemberAccounts(id)})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil && len(res) == 1 && res[0].Result == restapi.AddMemberOK:
				added++
			case restapi.HasCode(err, restapi.CodeGroupFull):
				full++
			default:
				t.Errorf("adding %s: %v %v", id, res, err)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, capacity-initial-1, added)
	assert.Equal(t, callers-added, full)
	assert.Len(t, f.srv.GroupMembers(f.id, groupID), capacity)
}

// TestGroupAllPacedByTheLimiter: Groups.All walks 2 500 groups once each,
// 100 a page, and the client's limiter keeps get_appid_group_list at its
// 1 call a second on the server's clock: no 60007.
func TestGroupAllPacedByTheLimiter(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionPro)
	ctx := t.Context()
	const n = 2500
	for i := range n {
		_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g", GroupID: fmt.Sprintf("g%04d", i)})
		require.NoError(t, err)
	}
	start := f.srv.Now()
	seen := map[string]int{}
	order := collect(t, f.rc.Groups.All(ctx, restapi.GetAppIDGroupListRequest{Limit: 100}))
	for _, id := range order {
		seen[id]++
	}
	require.Len(t, order, n)
	assert.Len(t, seen, n, "every group exactly once")
	assert.Equal(t, "g0000", order[0], "oldest first")
	assert.Equal(t, "g2499", order[n-1])
	assert.Equal(t, n/100, f.requests(restapi.CommandGetAppIDGroupList))
	for _, r := range f.srv.Requests() {
		assert.NotEqual(t, "60007", r.Code, "%s was refused for its rate", r.Action)
	}
	assert.GreaterOrEqual(t, f.srv.Now().Sub(start), time.Duration(n/100-1)*time.Second, "the walk waited on the server's clock")

	assert.Empty(t, collect(t, f.rc.Groups.All(ctx, restapi.GetAppIDGroupListRequest{GroupType: restapi.GroupChatRoom})), "a GroupType filter")
}

// TestGroupRules: each group type's rules and each code the server
// answers, through the public API.
func TestGroupRules(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	type env struct {
		f                                *fixture
		public, private, live, community string
	}
	setUp := func(t *testing.T) env {
		f := newMsgFixture(t, apps.EditionPro)
		require.NoError(t, f.srv.ImportAccounts(f.id, "carol", "dave"))
		mk := func(typ restapi.GroupType, rc *restapi.Client, id string) string {
			req := &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: typ, Name: "g", GroupID: id}
			if typ != restapi.GroupAVChatRoom {
				req.MemberList = []restapi.GroupMember{{MemberAccount: "bob"}, {MemberAccount: "carol", Role: restapi.RoleAdmin}}
			}
			got, err := rc.Groups.Create(ctx, req)
			require.NoError(t, err)
			return got
		}
		return env{f: f, public: mk(restapi.GroupPublic, f.rc, "pub"), private: mk(restapi.GroupPrivate, f.rc, "work"),
			live: mk(restapi.GroupAVChatRoom, f.rc, "live"), community: mk(restapi.GroupCommunity, f.rc, "@TGS#_club")}
	}
	send := func(e env, group, from string) error {
		_, err := e.f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: group, FromAccount: from, MsgBody: hello("x")})
		return err
	}
	cases := []struct {
		name string
		code int
		run  func(e env) error
	}{
		{"AVChatRoom: no AddMembers", restapi.CodeGroupNoPermission, func(e env) error {
			_, err := e.f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: e.live, MemberList: restapi.MemberAccounts("bob")})
			return err
		}},
		{"AVChatRoom: no RemoveMembers", restapi.CodeGroupInvalidParam, func(e env) error {
			return e.f.rc.Groups.RemoveMembers(ctx, &restapi.DeleteGroupMemberRequest{GroupID: e.live, MemberToDelAccount: []string{"bob"}})
		}},
		{"AVChatRoom: no Members", restapi.CodeGroupNoPermission, func(e env) error {
			return firstErr(e.f.rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: e.live}))
		}},
		{"AVChatRoom: any imported account may post", 0, func(e env) error { return send(e, e.live, "dave") }},
		{"AVChatRoom: not OnlineOnlyFlag", restapi.CodeGroupInvalidParam, func(e env) error {
			_, err := e.f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: e.live, OnlineOnlyFlag: 1, MsgBody: hello("x")})
			return err
		}},
		{"AVChatRoom: notifications to everyone only", restapi.CodeGroupInvalidParam, func(e env) error {
			return e.f.rc.Groups.SendSystemNotification(ctx, &restapi.SendGroupSystemNotificationRequest{GroupID: e.live, Content: "c", ToMembersAccount: []string{"bob"}})
		}},
		{"AVChatRoom: members can be muted", 0, func(e env) error { return e.f.rc.Groups.MuteMembers(ctx, e.live, time.Minute, "dave") }},
		{"Private: cannot mute members", restapi.CodeGroupNoPermission, func(e env) error {
			return e.f.rc.Groups.MuteMembers(ctx, e.private, time.Minute, "bob")
		}},
		{"the owner cannot be removed", restapi.CodeGroupInvalidParam, func(e env) error {
			return e.f.rc.Groups.RemoveMembers(ctx, &restapi.DeleteGroupMemberRequest{GroupID: e.public, MemberToDelAccount: []string{"bob", "alice"}})
		}},
		{"removing a non-member succeeds", 0, func(e env) error {
			return e.f.rc.Groups.RemoveMembers(ctx, &restapi.DeleteGroupMemberRequest{GroupID: e.public, MemberToDelAccount: []string{"dave"}})
		}},
		{"members must be imported", restapi.CodeGroupAccountMissing, func(e env) error {
			_, err := e.f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: e.public, MemberList: restapi.MemberAccounts("dave", "ghost")})
			return err
		}},
		{"Update: HistoryMsgBeforeJoin, EnablePermission and DefaultPermission are sent", 0, func(e env) error {
			return e.f.rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: e.public, HistoryMsgBeforeJoin: "Off", EnablePermission: new(int), DefaultPermission: new(uint64)})
		}},
		{"Update: HistoryMsgBeforeJoin On or Off", restapi.CodeGroupInvalidParam, func(e env) error {
			return e.f.rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: e.public, HistoryMsgBeforeJoin: "on"})
		}},
		{"Update: EnablePermission 0 or 1", restapi.CodeGroupInvalidParam, func(e env) error {
			two := 2
			return e.f.rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: e.community, EnablePermission: &two})
		}},
		{"Joined: SupportTopic 0 or 1", restapi.CodeGroupInvalidParam, func(e env) error {
			return firstErr(e.f.rc.Groups.Joined(ctx, restapi.GetJoinedGroupListRequest{MemberAccount: "bob", SupportTopic: 2}))
		}},
		{"an unknown group", restapi.CodeGroupNotFound, func(e env) error {
			_, err := e.f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: "nope", MemberList: restapi.MemberAccounts("dave")})
			return err
		}},
		{"a GroupId that cannot be one (local)", restapi.CodeGroupIDInvalid, func(e env) error { return e.f.rc.Groups.MuteMembers(ctx, "群", time.Minute, "bob") }},
		{"over 300 in one request (server)", restapi.CodeGroupTooManyAccounts, func(e env) error {
			return e.f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandAddGroupMember, &restapi.AddGroupMemberRequest{GroupID: e.public, MemberList: restapi.MemberAccounts(ids("x", 301)...)}, nil)
		}},
		{"a non-member cannot post", restapi.CodeGroupNoPermission, func(e env) error { return send(e, e.public, "dave") }},
		{"an app-wide group mute", restapi.CodeGroupMemberMuted, func(e env) error {
			require.NoError(t, e.f.rc.Mute.Set(ctx, &restapi.MuteRequest{SetAccount: "bob", GroupMsgNoSpeakingTime: restapi.MuteSeconds(time.Minute)}))
			return send(e, e.public, "bob")
		}},
		{"MuteAllMember mutes members", restapi.CodeGroupMemberMuted, func(e env) error {
			require.NoError(t, e.f.rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: e.public, MuteAllMember: restapi.MuteAllOn}))
			require.NoError(t, send(e, e.public, "alice"), "the owner still posts")
			require.NoError(t, send(e, e.public, "carol"), "an admin still posts")
			return send(e, e.public, "bob")
		}},
		{"MuteMembers 0 unmutes", 0, func(e env) error {
			require.NoError(t, e.f.rc.Groups.MuteMembers(ctx, e.public, restapi.MuteForever, "bob"))
			assert.Equal(t, int64(restapi.MutedForever), e.f.srv.GroupMembers(e.f.id, e.public)[1].ShutUpUntil)
			require.NoError(t, e.f.rc.Groups.MuteMembers(ctx, e.public, 0, "bob"))
			return send(e, e.public, "bob")
		}},
		{"a mute survives leaving and re-joining", restapi.CodeGroupMemberMuted, func(e env) error {
			require.NoError(t, e.f.rc.Groups.MuteMembers(ctx, e.public, time.Hour, "bob"))
			require.NoError(t, e.f.rc.Groups.RemoveMembers(ctx, &restapi.DeleteGroupMemberRequest{GroupID: e.public, MemberToDelAccount: []string{"bob"}}))
			_, err := e.f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: e.public, MemberList: restapi.MemberAccounts("bob")})
			require.NoError(t, err)
			return send(e, e.public, "bob")
		}},
		{"a body over 8 000 bytes", restapi.CodeMsgBodyTooLong, func(e env) error {
			_, err := e.f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: e.public, MsgBody: hello(strings.Repeat("x", 7980))})
			return err
		}},
		{"targeted receivers need a Flagship app", restapi.CodeGroupNoPermission, func(e env) error {
			_, err := e.f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: e.public, ToAccount: []string{"bob"}, MsgBody: hello("x")})
			return err
		}},
		{"MaxMemberNum above the type's capacity", restapi.CodeGroupInvalidParam, func(e env) error {
			return e.f.rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: e.private, MaxMemberNum: 201})
		}},
		{"MaxMemberNum below the member count", restapi.CodeGroupInvalidParam, func(e env) error {
			return e.f.rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: e.public, MaxMemberNum: 2})
		}},
		{"a full group", restapi.CodeGroupFull, func(e env) error {
			require.NoError(t, e.f.rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: e.public, MaxMemberNum: 3}))
			_, err := e.f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: e.public, MemberList: restapi.MemberAccounts("dave")})
			return err
		}},
		{"Update as an account not imported", restapi.CodeGroupAccountMissing, func(e env) error {
			return e.f.rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: e.public, Name: "n", FromAccount: "ghost"})
		}},
		{"Joined of an account not imported", restapi.CodeGroupAccountMissing, func(e env) error {
			return firstErr(e.f.rc.Groups.Joined(ctx, restapi.GetJoinedGroupListRequest{MemberAccount: "ghost"}))
		}},
		{"InviteJoinOption NeedPermission leaves invitees waiting", 0, func(e env) error {
			require.NoError(t, e.f.rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: e.private, InviteJoinOption: restapi.InviteNeedPermission}))
			res, err := e.f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: e.private, MemberList: restapi.MemberAccounts("dave", "bob")})
			assert.Equal(t, []restapi.AddMemberResult{{MemberAccount: "dave", Result: restapi.AddMemberInvited}, {MemberAccount: "bob", Result: restapi.AddMemberExisted}}, res)
			assert.Len(t, e.f.srv.GroupMembers(e.f.id, e.private), 3)
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.run(setUp(t))
			if tc.code == 0 {
				assert.NoError(t, err)
				return
			}
			assert.True(t, restapi.HasCode(err, tc.code), "want %d, got %v", tc.code, err)
		})
	}
}

// TestGroupUpdateMembersJoinedShapes: what Update changes, a Community's
// Members by Next, role filters, Joined pages and the fields its
// ResponseFilter asks for, and dedup of a repeated message within 5
// minutes.
func TestGroupUpdateMembersJoinedShapes(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionFlagship)
	ctx := t.Context()
	users := f.importIDs(t, "u", 25)
	groupID, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g",
		AppDefinedData: []restapi.KeyValue{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}, MemberList: []restapi.GroupMember{{MemberAccount: "bob", Role: restapi.RoleAdmin,
			AppMemberDefinedData: []restapi.KeyValue{{Key: "desk", Value: "7"}, {Key: "floor", Value: "2"}}}}})
	require.NoError(t, err)
	require.NoError(t, f.rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: groupID, Name: "renamed", Notification: "read me",
		MaxMemberNum: 500, MuteAllMember: restapi.MuteAllOn, AppDefinedData: []restapi.KeyValue{{Key: "a", Value: ""}, {Key: "b", Value: "3"}, {Key: "c", Value: "4"}}}))
	info, err := f.rc.Groups.Get(ctx, groupID)
	require.NoError(t, err)
	assert.Equal(t, "renamed", info[0].Name)
	assert.Equal(t, "read me", info[0].Notification)
	assert.Equal(t, 500, info[0].MaxMemberNum)
	assert.Equal(t, restapi.MuteAllOn, info[0].MuteAllMember)
	assert.Equal(t, []restapi.KeyValue{{Key: "b", Value: "3"}, {Key: "c", Value: "4"}}, info[0].AppDefinedData)

	admins := collect(t, f.rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: groupID, MemberRoleFilter: []restapi.GroupRole{restapi.RoleOwner, restapi.RoleAdmin}}))
	assert.Len(t, admins, 2)
	assert.Nil(t, admins[1].AppMemberDefinedData, "member data only for the keys AppDefinedDataFilter_GroupMember names")
	admins = collect(t, f.rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: groupID, MemberRoleFilter: []restapi.GroupRole{restapi.RoleAdmin},
		AppDefinedDataFilterGroupMember: []string{"desk", "none"}}))
	require.Len(t, admins, 1)
	assert.Equal(t, []restapi.KeyValue{{Key: "desk", Value: "7"}}, admins[0].AppMemberDefinedData)

	club, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "club", SupportTopic: 1})
	require.NoError(t, err)
	_, err = f.rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: club, TopicID: club + "@TOPIC#_news", TopicName: "news"})
	require.NoError(t, err)
	_, err = f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: club, Silence: 1, MemberList: restapi.MemberAccounts(users...)})
	require.NoError(t, err)
	before := f.requests(restapi.CommandGetGroupMemberInfo)
	assert.Len(t, collect(t, f.rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: club, Limit: 10})), 26)
	assert.Equal(t, 3, f.requests(restapi.CommandGetGroupMemberInfo)-before, "a Community pages by Next")

	for i := range 4 {
		_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{Type: restapi.GroupChatRoom, Name: "room", MemberList: []restapi.GroupMember{{MemberAccount: "u001"}}, GroupID: fmt.Sprintf("room%d", i)})
		require.NoError(t, err)
	}
	assert.Equal(t, []string{club, "room0", "room1", "room2", "room3"}, joined(t, f.rc, restapi.GetJoinedGroupListRequest{MemberAccount: "u001", Limit: 2}))
	assert.Equal(t, []string{"room0", "room1", "room2", "room3"}, joined(t, f.rc, restapi.GetJoinedGroupListRequest{MemberAccount: "u001", GroupType: restapi.GroupChatRoom}))
	// Without a ResponseFilter Tencent answers each GroupId only; the
	// filter's names choose the rest.
	assert.Equal(t, []restapi.JoinedGroup{{GroupID: groupID}}, collect(t, f.rc.Groups.Joined(ctx, restapi.GetJoinedGroupListRequest{MemberAccount: "bob"})))
	filter := &restapi.JoinedGroupFilter{GroupBaseInfoFilter: []string{"Type", "Name", "MemberNum"}, SelfInfoFilter: []string{"Role", "JoinTime"}}
	assert.Equal(t, []restapi.JoinedGroup{{GroupID: groupID, Type: restapi.GroupPublic, Name: "renamed", MemberNum: 2,
		SelfInfo: &restapi.GroupMemberInfo{Role: restapi.RoleAdmin, JoinTime: f.srv.Now().Unix()}}},
		collect(t, f.rc.Groups.Joined(ctx, restapi.GetJoinedGroupListRequest{MemberAccount: "bob", ResponseFilter: filter})))
	// The rest of get_group_info's base fields (im-facts.md) are answered
	// when named, not dropped.
	filter = &restapi.JoinedGroupFilter{GroupBaseInfoFilter: []string{"Introduction", "Notification", "FaceUrl", "LastInfoTime", "LastMsgTime", "NextMsgSeq", "ApplyJoinOption", "ShutUpAllMember"}}
	assert.Equal(t, []restapi.JoinedGroup{{GroupID: groupID, Notification: "read me", LastInfoTime: f.srv.Now().Unix(), NextMsgSeq: 1,
		ApplyJoinOption: restapi.JoinNeedPermission, MuteAllMember: restapi.MuteAllOn}},
		collect(t, f.rc.Groups.Joined(ctx, restapi.GetJoinedGroupListRequest{MemberAccount: "bob", ResponseFilter: filter})))

	post := &restapi.SendGroupMsgRequest{GroupID: club, Random: 7, MsgPriority: restapi.PriorityHigh, MsgBody: hello("@all"),
		GroupAtInfo: []restapi.GroupAt{{GroupAtAllFlag: 1}, {GroupAtAccount: "u002"}}, ToAccount: []string{"u002", "u003"},
		TopicID: club + "@TOPIC#_news", NeedReadReceipt: 1, SupportMessageExtension: 1}
	first, err := f.rc.Groups.SendMessage(ctx, post)
	require.NoError(t, err)
	again, err := f.rc.Groups.SendMessage(ctx, post)
	require.NoError(t, err)
	assert.Equal(t, first, again, "the same Random and body within 5 minutes is the same message")
	f.srv.Advance(restapi.GroupMsgDedupSeconds*time.Second + time.Second)
	later, err := f.rc.Groups.SendMessage(ctx, post)
	require.NoError(t, err)
	assert.Equal(t, first.MsgSeq+1, later.MsgSeq)
	require.NoError(t, f.rc.Groups.SendSystemNotification(ctx, &restapi.SendGroupSystemNotificationRequest{GroupID: club, Content: "maintenance", TopicID: club + "@TOPIC#_news"}))
	msgs := f.srv.GroupMessages(f.id, club)
	require.Len(t, msgs, 3)
	assert.Equal(t, restapi.PriorityHigh, msgs[0].MsgPriority)
	assert.Equal(t, []string{"u002", "u003"}, msgs[0].ToAccount)
	assert.Equal(t, post.GroupAtInfo, msgs[0].GroupAtInfo)
	assert.Equal(t, "administrator", msgs[0].FromAccount, "the admin sends when From_Account is empty")
	assert.True(t, msgs[2].System)
	assert.Equal(t, "maintenance", msgs[2].Content)
	assert.Equal(t, []string{club + "@TOPIC#_news", club + "@TOPIC#_news"}, []string{msgs[0].TopicID, msgs[2].TopicID})

	var wire map[string]any
	for _, r := range f.srv.RequestsFor(restapi.ServiceGroup + "/" + restapi.CommandSendGroupMsg) {
		require.NoError(t, json.Unmarshal(r.Body, &wire))
	}
	assert.Equal(t, "High", wire["MsgPriority"])
	assert.Equal(t, []any{"u002", "u003"}, wire["To_Account"])
	assert.Equal(t, club+"@TOPIC#_news", wire["TopicId"])
	assert.Equal(t, []any{1.0, 1.0}, []any{wire["NeedReadReceipt"], wire["SupportMessageExtension"]})
}

// TestGroupHelpersSplitAndCheckFirst: AddMembers splits at 300,
// RemoveMembers at 100, MuteMembers at 500 and Get at 50; a bad chunk is
// refused before anything is sent (Get names the empty GroupID by the
// caller's index); MuteMembers sends MuteTime, never ShutUpTime.
func TestGroupHelpersSplitAndCheckFirst(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionPro)
	ctx := t.Context()
	users := f.importIDs(t, "u", 650)
	groupID, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupChatRoom, Name: "big"})
	require.NoError(t, err)

	bad := append(restapi.MemberAccounts(users[:400]...), restapi.MemberAccount{MemberAccount: ""})
	_, err = f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: groupID, MemberList: bad})
	assert.True(t, restapi.HasCode(err, restapi.CodeGroupInvalidParam), "%v", err)
	assert.Zero(t, f.requests(restapi.CommandAddGroupMember), "nothing is sent when a chunk is bad")

	res, err := f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: groupID, MemberList: restapi.MemberAccounts(users...)})
	require.NoError(t, err)
	assert.Len(t, res, 650)
	assert.Equal(t, 3, f.requests(restapi.CommandAddGroupMember))
	require.NoError(t, f.rc.Groups.MuteMembers(ctx, groupID, 90*time.Second, users...))
	assert.Equal(t, 2, f.requests(restapi.CommandForbidSendMsg))
	require.NoError(t, f.rc.Groups.RemoveMembers(ctx, &restapi.DeleteGroupMemberRequest{GroupID: groupID, MemberToDelAccount: users[:250]}))
	assert.Equal(t, 3, f.requests(restapi.CommandDeleteGroupMember))
	assert.Len(t, f.srv.GroupMembers(f.id, groupID), 401)
	for _, r := range f.srv.RequestsFor(restapi.ServiceGroup + "/" + restapi.CommandForbidSendMsg) {
		assert.Contains(t, string(r.Body), `"MuteTime":90`)
		assert.NotContains(t, string(r.Body), "ShutUpTime")
	}
	_, err = f.rc.Groups.AddMembers(ctx, nil)
	assert.Error(t, err)
	assert.True(t, restapi.HasCode(f.rc.Groups.MuteMembers(ctx, groupID, time.Second), restapi.CodeGroupInvalidParam), "no accounts")

	ids := slices.Repeat([]string{groupID}, restapi.MaxGroupsPerInfoRequest+1)
	infos, err := f.rc.Groups.Get(ctx, append(ids[:restapi.MaxGroupsPerInfoRequest:restapi.MaxGroupsPerInfoRequest], "")...)
	assert.True(t, restapi.HasCode(err, restapi.CodeGroupInvalidParam), "%v", err)
	assert.ErrorContains(t, err, "restapi: Groups.Get: groupIDs[50] is empty; pass the GroupID that Groups.Create returned: ", "the caller's argument and index first")
	var apiErr *restapi.Error
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, restapi.CommandGetGroupInfo, apiErr.Command, "the *Error of the request's refusal stays wrapped")
	assert.Zero(t, len(infos), "no information without a request")
	assert.Zero(t, f.requests(restapi.CommandGetGroupInfo), "nothing is sent when a chunk is bad")
	infos, err = f.rc.Groups.Get(ctx, ids...)
	require.NoError(t, err)
	assert.Len(t, infos, restapi.MaxGroupsPerInfoRequest+1)
	assert.Equal(t, 2, f.requests(restapi.CommandGetGroupInfo))
}

// TestGroupTrialNotificationsPerDay: a Trial app sends 1 000 group system
// notifications a UTC day; the next is 60007 until the day turns.
func TestGroupTrialNotificationsPerDay(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionTrial, restapi.WithRetry(0, time.Millisecond, time.Millisecond))
	ctx := t.Context()
	groupID, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g"})
	require.NoError(t, err)
	req := &restapi.SendGroupSystemNotificationRequest{GroupID: groupID, Content: "hello"}
	for i := range restapi.MaxTrialMessagesPerDay {
		require.NoError(t, f.rc.Groups.SendSystemNotification(ctx, req), "notification %d", i)
	}
	err = f.rc.Groups.SendSystemNotification(ctx, req)
	assert.True(t, restapi.HasCode(err, restapi.CodeRateLimit), "%v", err)
	f.srv.Advance(12 * time.Hour) // noon to midnight UTC
	assert.NoError(t, f.rc.Groups.SendSystemNotification(ctx, req))
}

// TestGroupInfoResponseFilter: get_group_info with a ResponseFilter
// answers only what it names ("如果设置了过滤器,没有在过滤器中指明的字段
// 将不被拉取", CN 269/1616): GroupBaseInfoFilter's base fields,
// MemberInfoFilter's member fields (members only with it; Member_Account
// always, as get_specified_group_member_info includes it by default),
// AppDefinedDataFilter_Group's and _GroupMember's keys; without a filter
// every base field and member. An AVChatRoom answers neither the member
// count nor the list ("仅支持拉取群详细资料(成员数量不支持),同时不支持拉取
// 成员列表").
func TestGroupInfoResponseFilter(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob")
	f.createGroups(t,
		&restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub", Introduction: "i",
			AppDefinedData: []restapi.KeyValue{{Key: "k1", Value: "v1"}, {Key: "k2", Value: "v2"}},
			MemberList:     []restapi.GroupMember{{MemberAccount: "bob", AppMemberDefinedData: []restapi.KeyValue{{Key: "m1", Value: "x"}, {Key: "m2", Value: "y"}}}}},
		&restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupAVChatRoom, Name: "live", GroupID: "live"})
	get := func(filter *restapi.GroupResponseFilter, ids ...string) []restapi.GroupInfo {
		var resp restapi.GetGroupInfoResponse
		require.NoError(t, f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandGetGroupInfo, &restapi.GetGroupInfoRequest{GroupIDList: ids, ResponseFilter: filter}, &resp))
		return resp.GroupInfo
	}

	all := get(nil, "pub", "live")
	require.Len(t, all, 2)
	assert.Equal(t, "i", all[0].Introduction)
	assert.Equal(t, []restapi.KeyValue{{Key: "k1", Value: "v1"}, {Key: "k2", Value: "v2"}}, all[0].AppDefinedData)
	assert.Equal(t, 2, all[0].MemberNum)
	require.Len(t, all[0].MemberList, 2)
	assert.Equal(t, restapi.RoleMember, all[0].MemberList[1].Role)
	assert.Empty(t, all[0].MemberList[1].AppMemberDefinedData, "member custom data only with its filter")
	assert.Equal(t, "live", all[1].Name)
	assert.Zero(t, all[1].MemberNum, "an AVChatRoom answers no member count")
	assert.Empty(t, all[1].MemberList, "nor members")

	got := get(&restapi.GroupResponseFilter{GroupBaseInfoFilter: []string{"Name", "MemberNum"}}, "pub", "nope")
	assert.Equal(t, []restapi.GroupInfo{{GroupID: "pub", Name: "g", MemberNum: 2},
		{GroupID: "nope", ErrorCode: restapi.CodeGroupNotFound, ErrorInfo: "the group does not exist or was dissolved"}}, got,
		"only the base fields named; no members without a MemberInfoFilter, no custom data without its filter")

	got = get(&restapi.GroupResponseFilter{MemberInfoFilter: []string{"Role"}, AppDefinedDataFilterGroup: []string{"k2"}, AppDefinedDataFilterGroupMember: []string{"m1"}}, "pub")
	assert.Equal(t, []restapi.GroupInfo{{GroupID: "pub", AppDefinedData: []restapi.KeyValue{{Key: "k2", Value: "v2"}},
		MemberList: []restapi.GroupMemberInfo{{MemberAccount: "alice", Role: restapi.RoleOwner},
			{MemberAccount: "bob", Role: restapi.RoleMember, AppMemberDefinedData: []restapi.KeyValue{{Key: "m1", Value: "x"}}}}}}, got)

	require.NoError(t, f.rc.Groups.MuteMembers(ctx, "pub", restapi.MuteForever, "bob"))
	got = get(&restapi.GroupResponseFilter{GroupBaseInfoFilter: []string{"ShutUpAllMember"}, MemberInfoFilter: []string{"MuteUntil"}}, "pub")
	assert.Equal(t, []restapi.GroupInfo{{GroupID: "pub", MuteAllMember: restapi.MuteAllOff,
		MemberList: []restapi.GroupMemberInfo{{MemberAccount: "alice"}, {MemberAccount: "bob", ShutUpUntil: int64(restapi.MutedForever)}}}}, got,
		"a filter may name a field by its older or newer name (docs/protocol.md's legacy table)")
}

// TestGroupMembersInfoFilter: get_group_member_info's MemberInfoFilter (a
// request field of im-facts-rest.md's get_group_member_info row, INTL
// 64897) answers each member's Member_Account and the fields named, as
// get_group_info's does, and nothing else on the wire (no "JoinTime":0
// for a field left out); without it every field.
func TestGroupMembersInfoFilter(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob")
	f.createGroups(t, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob", AppMemberDefinedData: []restapi.KeyValue{{Key: "m1", Value: "x"}}}}})
	members := func(req restapi.GetGroupMemberInfoRequest) []restapi.GroupMemberInfo {
		return collect(t, f.rc.Groups.Members(ctx, req))
	}

	all := members(restapi.GetGroupMemberInfoRequest{GroupID: "pub"})
	require.Len(t, all, 2)
	assert.Equal(t, restapi.RoleOwner, all[0].Role)
	assert.NotZero(t, all[1].JoinTime, "every field without a filter")

	assert.Equal(t, []restapi.GroupMemberInfo{{MemberAccount: "alice", Role: restapi.RoleOwner},
		{MemberAccount: "bob", Role: restapi.RoleMember, AppMemberDefinedData: []restapi.KeyValue{{Key: "m1", Value: "x"}}}},
		members(restapi.GetGroupMemberInfoRequest{GroupID: "pub", MemberInfoFilter: []string{"Role"}, AppDefinedDataFilterGroupMember: []string{"m1"}}),
		"only the fields named, and the custom data its own filter names")
	var raw json.RawMessage
	require.NoError(t, f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandGetGroupMemberInfo,
		&restapi.GetGroupMemberInfoRequest{GroupID: "pub", MemberInfoFilter: []string{"Role"}}, &raw))
	assert.NotContains(t, string(raw), "JoinTime", "a field left out is not answered as zero")
	require.NoError(t, f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandGetGroupMemberInfo,
		&restapi.GetGroupMemberInfoRequest{GroupID: "pub", MemberInfoFilter: []string{"JoinTime"}}, &raw))
	assert.Contains(t, string(raw), `"JoinTime"`)
	assert.NotContains(t, string(raw), `"Role"`, "nor as empty")
}
