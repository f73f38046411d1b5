package restapi_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/restapi"
)

// Rules of the reference server at their edges: the last value a rule
// takes and the first it refuses, each through the public API.

// textOfJSONLen is a one-text MsgBody whose JSON is n bytes.
func textOfJSONLen(t *testing.T, n int) []restapi.Element {
	t.Helper()
	empty, err := json.Marshal(hello(""))
	require.NoError(t, err)
	require.Greater(t, n, len(empty))
	body := hello(strings.Repeat("x", n-len(empty)))
	b, err := json.Marshal(body)
	require.NoError(t, err)
	require.Len(t, b, n)
	return body
}

// TestSendMsgLimitsAtTheirEdge: sendmsg's table (docs/protocol.md 1702,
// 1705): "`MsgLifeTime` 0 to 604800 (7 days) ... longer is 90026 from the
// server only", and "`MsgBody` at most 8,000 bytes of its JSON ... and
// `CloudCustomData` too" (80002). At most is inclusive: 604800 seconds
// and 8 000 bytes are sent, one more is refused.
func TestSendMsgLimitsAtTheirEdge(t *testing.T) {
	t.Parallel()
	week, overWeek := restapi.MaxMsgLifeTime, restapi.MaxMsgLifeTime+1
	for _, tc := range []struct {
		name string
		req  func(t *testing.T) restapi.SendMsgRequest
		code int // 0: sent
	}{
		{"MsgLifeTime 7 days", func(*testing.T) restapi.SendMsgRequest { return restapi.SendMsgRequest{MsgLifeTime: &week} }, 0},
		{"MsgLifeTime 7 days and a second", func(*testing.T) restapi.SendMsgRequest { return restapi.SendMsgRequest{MsgLifeTime: &overWeek} }, restapi.CodeMsgLifeTimeTooLong},
		{"CloudCustomData of 8000 bytes", func(*testing.T) restapi.SendMsgRequest {
			return restapi.SendMsgRequest{CloudCustomData: strings.Repeat("c", restapi.MaxMsgBodyBytes-2)} // its JSON has two quotes
		}, 0},
		{"CloudCustomData of 8001 bytes", func(*testing.T) restapi.SendMsgRequest {
			return restapi.SendMsgRequest{CloudCustomData: strings.Repeat("c", restapi.MaxMsgBodyBytes-1)}
		}, restapi.CodeMsgBodyTooLong},
		{"MsgBody of 8000 bytes", func(t *testing.T) restapi.SendMsgRequest {
			return restapi.SendMsgRequest{MsgBody: textOfJSONLen(t, restapi.MaxMsgBodyBytes)}
		}, 0},
		{"MsgBody of 8001 bytes", func(t *testing.T) restapi.SendMsgRequest {
			return restapi.SendMsgRequest{MsgBody: textOfJSONLen(t, restapi.MaxMsgBodyBytes+1)}
		}, restapi.CodeMsgBodyTooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newMsgFixture(t, apps.EditionTrial)
			req := tc.req(t)
			req.FromAccount, req.ToAccount = "alice", "bob"
			if req.MsgBody == nil {
				req.MsgBody = hello("hi")
			}
			_, err := f.rc.Messages.Send(t.Context(), &req)
			if tc.code == 0 {
				require.NoError(t, err)
				assert.Len(t, f.srv.Conversation(f.id, "alice", "bob"), 1)
				return
			}
			assert.True(t, restapi.HasCode(err, tc.code), "want %d, got %v", tc.code, err)
			assert.Empty(t, f.srv.Conversation(f.id, "alice", "bob"), "a refused send stores nothing")
		})
	}
}

// roamPage is one admin_getroammsg page of operator's conversation with
// peer, up to the server's now.
func roamPage(t *testing.T, f *fixture, operator, peer string) restapi.GetRoamMsgResponse {
	t.Helper()
	var page restapi.GetRoamMsgResponse
	require.NoError(t, f.rc.Call(t.Context(), restapi.ServiceOpenIM, restapi.CommandGetRoamMsg,
		&restapi.GetRoamMsgRequest{OperatorAccount: operator, PeerAccount: peer, MaxCnt: 100, MaxTime: f.srv.Now().Unix()}, &page))
	return page
}

// TestRoamingKeepsSevenDays: admin_getroammsg answers the conversation
// "within `[MinTime, MaxTime]` and the 7-day roaming period"
// (docs/protocol.md 1745; im-facts-rest.md B5: "Range limited by roaming
// period (7 d default)"): with MinTime 0, a message 7 days and a second
// old is not answered, one 6 days old is.
func TestRoamingKeepsSevenDays(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionTrial)
	f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: hello("old")})
	f.srv.Advance(24 * time.Hour)
	f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: hello("recent")})
	f.srv.Advance(6*24*time.Hour + time.Second)

	page := roamPage(t, f, "bob", "alice")
	require.Equal(t, 1, page.MsgCnt, "only the last 7 days roam")
	assert.Equal(t, "recent", textOf(page.MsgList[0]))
	assert.Equal(t, 1, page.Complete)
	all := collect(t, f.rc.Messages.History(t.Context(), restapi.GetRoamMsgRequest{OperatorAccount: "alice", PeerAccount: "bob"}))
	require.Len(t, all, 1)
	assert.Equal(t, "recent", textOf(all[0]))
}

// TestRoamingPageHoldsExactly13KB: "at most `MaxCnt` messages and 13 KB
// of them (at least one)" (docs/protocol.md 1746; im-facts-rest.md B5:
// "One answer holds ≤13 KB of messages"), 13 KB being the SDK's
// MaxRoamPageBytes: two messages whose JSON (as MsgList carries them) is
// exactly that are one page; a byte more and the older one waits for the
// next page. The sizes are measured on a probe conversation of the same
// shape (same account name lengths, MsgSeq, MsgRandom and time), so the
// pages differ only in the newest message's text.
func TestRoamingPageHoldsExactly13KB(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "p1", "p2", "e1", "e2", "o1", "o2")
	const base = 6000
	send := func(from, to string, extra int) {
		f.send(t, restapi.SendMsgRequest{FromAccount: from, ToAccount: to, MsgSeq: 1, MsgRandom: 11111111, MsgBody: hello(strings.Repeat("y", base))})
		f.send(t, restapi.SendMsgRequest{FromAccount: from, ToAccount: to, MsgSeq: 2, MsgRandom: 22222222, MsgBody: hello(strings.Repeat("y", base+extra))})
	}
	size := func(page restapi.GetRoamMsgResponse) int {
		n := 0
		for _, m := range page.MsgList {
			b, err := json.Marshal(m)
			require.NoError(t, err)
			n += len(b)
		}
		return n
	}
	send("p1", "p2", 0)
	probe := roamPage(t, f, "p1", "p2")
	require.Equal(t, 2, probe.MsgCnt)
	room := restapi.MaxRoamPageBytes - size(probe)
	require.Positive(t, room)

	send("e1", "e2", room)
	exact := roamPage(t, f, "e1", "e2")
	assert.Equal(t, restapi.MaxRoamPageBytes, size(exact))
	assert.Equal(t, 2, exact.MsgCnt, "13 KB exactly is one page")
	assert.Equal(t, 1, exact.Complete)

	send("o1", "o2", room+1)
	over := roamPage(t, f, "o1", "o2")
	assert.Equal(t, 1, over.MsgCnt, "a byte over 13 KB: the older message is left for the next page")
	assert.Equal(t, 0, over.Complete)
}

// TestSelfSentNotUnread: "a message counts as unread for its recipient
// (never for its sender)" (docs/protocol.md 1761): a message an account
// sends itself adds nothing to its unread count, while one from a peer
// does.
func TestSelfSentNotUnread(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionTrial)
	f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "alice", MsgBody: hello("note to self")})
	_, total := f.unread(t, "alice")
	assert.Zero(t, total, "its own message is not unread for the sender")
	f.send(t, restapi.SendMsgRequest{FromAccount: "bob", ToAccount: "alice"})
	_, total = f.unread(t, "alice")
	assert.Equal(t, 1, total)
}

// TestGroupCapacityByType: "a group holds at most `MaxMemberNum`
// members ... `MaxMemberCount` of create_group, else the type's default —
// Private 200, Public 2 000, ChatRoom 6 000, Community 100 000, AVChatRoom
// no limit ... `create_group` ... may set `MaxMemberCount`, and
// `modify_group_base_info` `MaxMemberNum`, up to the type's default
// (10004)" (docs/protocol.md 1148-1155). get_group_info answers the
// default; the default itself may be asked for; one more is 10004.
func TestGroupCapacityByType(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		typ      restapi.GroupType
		capacity int
	}{
		{restapi.GroupPrivate, 200},
		{restapi.GroupPublic, 2000},
		{restapi.GroupChatRoom, 6000},
		{restapi.GroupCommunity, 100000},
	} {
		t.Run(string(tc.typ), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "alice")
			ctx := t.Context()
			create := func(maxMembers int) (string, error) {
				return f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: tc.typ, Name: "g", MaxMemberCount: maxMembers})
			}
			maxOf := func(groupID string) int {
				info, err := f.rc.Groups.Get(ctx, groupID)
				require.NoError(t, err)
				require.Len(t, info, 1)
				return info[0].MaxMemberNum
			}
			byDefault, err := create(0)
			require.NoError(t, err)
			assert.Equal(t, tc.capacity, maxOf(byDefault), "the type's default")
			full, err := create(tc.capacity)
			require.NoError(t, err, "MaxMemberCount may be the type's capacity")
			assert.Equal(t, tc.capacity, maxOf(full))
			_, err = create(tc.capacity + 1)
			assert.True(t, restapi.HasCode(err, restapi.CodeGroupInvalidParam), "%v", err)

			require.NoError(t, f.rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: byDefault, MaxMemberNum: tc.capacity - 1}))
			require.NoError(t, f.rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: byDefault, MaxMemberNum: tc.capacity}), "MaxMemberNum may be the type's capacity")
			err = f.rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: byDefault, MaxMemberNum: tc.capacity + 1})
			assert.True(t, restapi.HasCode(err, restapi.CodeGroupInvalidParam), "%v", err)
		})
	}
}

// TestGroupAttributesExactly16KiB: modify_group_attr checks "the group
// after the change (... past 16 KiB 10048)" (docs/protocol.md 1577-1578):
// keys and values of exactly 16 KiB are kept, a byte more is refused
// and changes nothing. Each request is under the limit on its own: the
// group's total is the server's check.
func TestGroupAttributesExactly16KiB(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newAttrGroups(t)
	big := strings.Repeat("v", restapi.MaxGroupAttributeValueBytes)
	four := []restapi.GroupAttribute{attr("b0", big), attr("b1", big), attr("b2", big), attr("b3", big)} // 16 008 bytes
	require.NoError(t, f.rc.Groups.SetAttributes(ctx, "pub", four...))
	rest := restapi.MaxGroupAttributesBytes - restapi.GroupAttributesBytes(four) - len("b4")
	fits := attr("b4", strings.Repeat("v", rest))
	require.NoError(t, f.rc.Groups.ModifyAttributes(ctx, "pub", fits), "16 KiB exactly")
	err := f.rc.Groups.ModifyAttributes(ctx, "pub", attr("b4", strings.Repeat("v", rest+1)))
	assert.True(t, restapi.HasCode(err, restapi.CodeGroupAttrTooLarge), "%v", err)
	kept, err := f.rc.Groups.Attributes(ctx, "pub")
	require.NoError(t, err)
	assert.Equal(t, append(four, fits), kept)
}

// TestJoinedListsAVChatRoomsOnlyWithHugeGroups: get_joined_group_list
// lists "AVChatRooms only with `WithHugeGroups` 1" (docs/protocol.md
// 1222-1223).
func TestJoinedListsAVChatRoomsOnlyWithHugeGroups(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "alice")
	f.createGroups(t,
		&restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub"},
		&restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupAVChatRoom, Name: "live", GroupID: "live"})
	assert.Equal(t, []string{"pub"}, joined(t, f.rc, restapi.GetJoinedGroupListRequest{MemberAccount: "alice"}))
	assert.Equal(t, []string{"pub", "live"}, joined(t, f.rc, restapi.GetJoinedGroupListRequest{MemberAccount: "alice", WithHugeGroups: 1}))
}

// TestGroupNotificationRecipients: send_group_system_notification goes
// to "an AVChatRoom only to everyone, the others only to members (10004)"
// (docs/protocol.md 1268-1269). The bodies go through Call, so the
// server, not the client, judges them: the AVChatRoom's owner is refused
// as a named recipient, an imported non-member of a Public group too.
func TestGroupNotificationRecipients(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "alice", "bob", "dave")
	f.createGroups(t,
		&restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub", MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}},
		&restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupAVChatRoom, Name: "live", GroupID: "live"})
	for _, tc := range []struct {
		name, group string
		to          []string
		code        int // 0: sent
	}{
		{"AVChatRoom to everyone", "live", nil, 0},
		{"AVChatRoom to its owner", "live", []string{"alice"}, restapi.CodeGroupInvalidParam},
		{"Public to a member", "pub", []string{"bob"}, 0},
		{"Public to a non-member", "pub", []string{"bob", "dave"}, restapi.CodeGroupInvalidParam},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(f.srv.GroupMessages(f.id, tc.group))
			err := f.rc.Call(t.Context(), restapi.ServiceGroup, restapi.CommandSendGroupSystemNotification,
				&restapi.SendGroupSystemNotificationRequest{GroupID: tc.group, ToMembersAccount: tc.to, Content: "notice"}, nil)
			after := len(f.srv.GroupMessages(f.id, tc.group))
			if tc.code == 0 {
				require.NoError(t, err)
				assert.Equal(t, before+1, after)
				return
			}
			assert.True(t, restapi.HasCode(err, tc.code), "want %d, got %v", tc.code, err)
			assert.Equal(t, before, after, "a refused notification is not kept")
		})
	}
}

// TestDeleteMessagesByWindowSkipsNotifications: delete_group_msg_by_sender
// reaches "the group's newest 1 000 stored messages" (docs/protocol.md
// 1396), and of system notifications "Tencent stores none"
// (docs/protocol.md 1270; im-facts-rest.md: "Online-only, no roaming"):
// 1 000 notifications after a member's message leave it in reach.
func TestDeleteMessagesByWindowSkipsNotifications(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newUnlimitedFixture(t, apps.EditionPro, "alice", "bob")
	f.rc = f.client(t, restapi.WithoutRateLimit())
	f.createGroups(t, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
	_, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "pub", FromAccount: "bob", MsgBody: hello("from bob")})
	require.NoError(t, err)
	for range restapi.SenderDeleteWindow {
		require.NoError(t, f.rc.Groups.SendSystemNotification(ctx, &restapi.SendGroupSystemNotificationRequest{GroupID: "pub", Content: "notice"}))
	}
	require.NoError(t, f.rc.Groups.DeleteMessagesBy(ctx, "pub", "bob"))
	msgs := f.srv.GroupMessages(f.id, "pub")
	require.Len(t, msgs, 1+restapi.SenderDeleteWindow)
	assert.True(t, msgs[0].Recalled, "notifications are not stored messages: bob's is among the newest 1 000")
}

// TestGroupHistoryIsFinishedAt20: group_msg_get_simple's "`IsFinished` is
// 0 when more than 20 were asked for, 1 otherwise" (docs/protocol.md
// 1338-1339): asking for 20 of 25 is finished, for 21 is not.
func TestGroupHistoryIsFinishedAt20(t *testing.T) {
	t.Parallel()
	f, _ := historyFixture(t, 25)
	for _, tc := range []struct{ asked, finished int }{{19, 1}, {20, 1}, {21, 0}} {
		var page restapi.GroupMsgGetSimpleResponse
		require.NoError(t, f.rc.Call(t.Context(), restapi.ServiceGroup, restapi.CommandGroupMsgGetSimple,
			&restapi.GroupMsgGetSimpleRequest{GroupID: "pub", ReqMsgNumber: tc.asked}, &page))
		assert.Len(t, page.RspMsgList, min(tc.asked, restapi.MaxGroupHistoryPage), "ReqMsgNumber %d", tc.asked)
		assert.Equal(t, tc.finished, page.IsFinished, "ReqMsgNumber %d", tc.asked)
	}
}

// TestImportMemberJoinTimeWindow: import_group_member answers Result "0
// when `JoinTime` is not after the group's `CreateTime` and before now"
// (docs/protocol.md 1451-1453: "请保证导入成员的入群时间大于群的创建时间并小于当前
// 时间,否则该成员会导入失败"): the creation second, now and the future fail; a
// second after creation, a second before now and no JoinTime (now) join.
func TestImportMemberJoinTimeWindow(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "alice", "m1", "m2", "m3", "m4", "m5", "m6")
	importGroup(t, f, "old", restapi.GroupPublic)
	now := f.srv.Now().Unix()
	cases := []struct {
		joinTime int64
		result   int
	}{
		{importCreated, restapi.ImportMemberFailed},
		{importCreated + 1, restapi.ImportMemberOK},
		{now - 1, restapi.ImportMemberOK},
		{now, restapi.ImportMemberFailed},
		{now + 1, restapi.ImportMemberFailed},
		{0, restapi.ImportMemberOK},
	}
	var members []restapi.ImportedMember
	var want []restapi.ImportMemberResult
	joins := map[string]int64{}
	for i, tc := range cases {
		id := fmt.Sprintf("m%d", i+1)
		members = append(members, restapi.ImportedMember{MemberAccount: id, JoinTime: tc.joinTime})
		want = append(want, restapi.ImportMemberResult{MemberAccount: id, Result: tc.result})
		if tc.result == restapi.ImportMemberOK {
			joins[id] = cmp.Or(tc.joinTime, now) // no JoinTime: now
		}
	}
	got, err := f.rc.Groups.ImportMembers(t.Context(), &restapi.ImportGroupMemberRequest{GroupID: "old", MemberList: members})
	require.NoError(t, err)
	assert.Equal(t, want, got)
	in := map[string]int64{}
	for _, m := range f.srv.GroupMembers(f.id, "old")[1:] {
		in[m.MemberAccount] = m.JoinTime
	}
	assert.Equal(t, joins, in, "only those in the window joined, at their JoinTime")
}

// TestImportMessageEdges: import_group_msg's per-message Result
// (docs/protocol.md 1467-1474): "80002 for a `MsgBody` over 8 000 bytes"
// (so 8 000 is stored); "10004 for a `SendTime` not after the group's
// `CreateTime` and its latest message" (so the latest message's second is
// refused); "A `Random` ... equal to a stored message's within five
// minutes of its time is dropped" ("如果5分钟内两条消息的随机值相同,后一条消息将被当做
// 重复消息而丢弃"), answered with that message's MsgSeq and MsgTime: 300 s
// away, either side, is within five minutes; 301 s is not.
func TestImportMessageEdges(t *testing.T) {
	t.Parallel()
	const at = importSent1
	for _, tc := range []struct {
		name string
		msgs func(t *testing.T) []restapi.ImportedMsg
		want []restapi.ImportMsgResult
	}{
		{"MsgBody of 8000 and 8001 bytes", func(t *testing.T) []restapi.ImportedMsg {
			return []restapi.ImportedMsg{
				{FromAccount: "alice", SendTime: at, MsgBody: textOfJSONLen(t, restapi.MaxGroupMsgBodyBytes)},
				{FromAccount: "alice", SendTime: at + 1, MsgBody: textOfJSONLen(t, restapi.MaxGroupMsgBodyBytes+1)},
			}
		}, []restapi.ImportMsgResult{{MsgSeq: 1, MsgTime: at}, {Result: restapi.CodeMsgBodyTooLong}}},
		{"SendTime of the latest message", func(*testing.T) []restapi.ImportedMsg {
			return []restapi.ImportedMsg{
				{FromAccount: "alice", SendTime: at, MsgBody: hello("first")},
				{FromAccount: "alice", SendTime: at, MsgBody: hello("same second")},
				{FromAccount: "alice", SendTime: at + 1, MsgBody: hello("next second")},
			}
		}, []restapi.ImportMsgResult{{MsgSeq: 1, MsgTime: at}, {Result: restapi.CodeGroupInvalidParam}, {MsgSeq: 2, MsgTime: at + 1}}},
		{"the same Random 300 s later, then 301 s", func(*testing.T) []restapi.ImportedMsg {
			return []restapi.ImportedMsg{
				{FromAccount: "alice", SendTime: at, Random: 9, MsgBody: hello("first")},
				{FromAccount: "alice", SendTime: at + restapi.GroupMsgDedupSeconds, Random: 9, MsgBody: hello("repeat")},
				{FromAccount: "alice", SendTime: at + restapi.GroupMsgDedupSeconds + 1, Random: 9, MsgBody: hello("not a repeat")},
			}
		}, []restapi.ImportMsgResult{{MsgSeq: 1, MsgTime: at}, {MsgSeq: 1, MsgTime: at}, {MsgSeq: 2, MsgTime: at + restapi.GroupMsgDedupSeconds + 1}}},
		{"the same Random 300 s earlier", func(*testing.T) []restapi.ImportedMsg {
			return []restapi.ImportedMsg{
				{FromAccount: "alice", SendTime: at, Random: 9, MsgBody: hello("first")},
				{FromAccount: "alice", SendTime: at - restapi.GroupMsgDedupSeconds, Random: 9, MsgBody: hello("repeat")},
			}
		}, []restapi.ImportMsgResult{{MsgSeq: 1, MsgTime: at}, {MsgSeq: 1, MsgTime: at}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "alice")
			importGroup(t, f, "old", restapi.GroupPublic)
			got, err := f.rc.Groups.ImportMessages(t.Context(), &restapi.ImportGroupMsgRequest{GroupID: "old", MsgList: tc.msgs(t)})
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			stored := 0
			for _, r := range tc.want {
				stored = max(stored, int(r.MsgSeq))
			}
			assert.Len(t, f.srv.GroupMessages(f.id, "old"), stored)
		})
	}
}

// TestSetUnreadOnChatRoomSetsNothing: set_unread_msg_num: "A ChatRoom
// (Meeting) or AVChatRoom keeps no unread counts: the call succeeds and
// sets nothing ("If you try to do so, no error will be returned"). The
// account must be a member (10004 ...)" (docs/protocol.md 1486-1490), in
// that order: on a ChatRoom the call succeeds for a member and for an
// imported non-member alike, and keeps no count; on a Public group a
// non-member is 10004.
func TestSetUnreadOnChatRoomSetsNothing(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob", "carol")
	f.createGroups(t,
		&restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupChatRoom, Name: "meet", GroupID: "meet", MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}},
		&restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "pub", GroupID: "pub", MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
	_, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "meet", FromAccount: "alice", MsgBody: hello("m")})
	require.NoError(t, err)
	require.NoError(t, f.rc.Groups.SetMemberUnread(ctx, "meet", "bob", 1), "a member")
	require.NoError(t, f.rc.Groups.SetMemberUnread(ctx, "meet", "carol", 1), "a non-member: a ChatRoom keeps no counts")
	assert.Empty(t, f.srv.GroupUnread(f.id, "meet"))
	err = f.rc.Groups.SetMemberUnread(ctx, "pub", "carol", 1)
	assert.True(t, restapi.HasCode(err, restapi.CodeGroupInvalidParam), "%v", err)
}

// TestFriendImportCustomTagCap: friend_import: "more than 20 distinct
// `Tag_SNS_Custom_*` in `CustomItem`: 30001" (docs/protocol.md 1045-1046):
// a friend with 20 custom tags is imported, one with 21 is not.
func TestFriendImportCustomTagCap(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "alice", "bob", "carol")
	tags := func(n int) []restapi.ProfileItem {
		out := make([]restapi.ProfileItem, n)
		for i := range out {
			out[i] = restapi.ProfileItem{Tag: fmt.Sprintf("Tag_SNS_Custom_T%02d", i), Value: "v"}
		}
		return out
	}
	res, err := f.rc.Friends.Import(t.Context(), &restapi.FriendImportRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendImportItem{
		{ToAccount: "bob", AddSource: "AddSource_Type_Web", CustomItem: tags(20)},
		{ToAccount: "carol", AddSource: "AddSource_Type_Web", CustomItem: tags(21)},
	}})
	require.NoError(t, err)
	assert.Equal(t, []int{0, restapi.CodeSNSInvalid}, resultCodes(res))
	friends := f.srv.Friends(f.id, "alice")
	require.Len(t, friends, 1)
	assert.Equal(t, "bob", friends[0].UserID)
	assert.Len(t, friends[0].Custom, 20)
}

// TestFriendGetListLookupBound: friend_get_list: "more than 100 000
// lookups (accounts × distinct tags): 30001" (docs/protocol.md 1080-1081):
// 1 000 accounts × 100 tags is answered, × 101 is refused. A repeated tag
// is one lookup ("each tag once however often it is named").
func TestFriendGetListLookupBound(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "alice")
	accounts := ids("x", 1000)
	tags := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("Tag_SNS_Custom_T%03d", i)
		}
		return out
	}
	get := func(tagList []string) (restapi.FriendGetListResponse, error) {
		var resp restapi.FriendGetListResponse
		err := f.rc.Call(t.Context(), restapi.ServiceSNS, restapi.CommandFriendGetList, &restapi.FriendGetListRequest{FromAccount: "alice", ToAccount: accounts, TagList: tagList}, &resp)
		return resp, err
	}
	resp, err := get(append(tags(100), "Tag_SNS_Custom_T000"))
	require.NoError(t, err, "100 000 lookups")
	assert.Len(t, resp.InfoItem, len(accounts))
	_, err = get(tags(101))
	assert.True(t, restapi.HasCode(err, restapi.CodeSNSInvalid), "%v", err)
}

// TestPresenceOnlineWinsOverPushOnline: query_online_status answers
// "`Online` when a platform is Online, else `PushOnline` when one is,
// else `Offline`" (docs/protocol.md 888-889), whichever platform comes
// first in Detail's order (iPhone, Android, Web, PC, iPad, Mac).
func TestPresenceOnlineWinsOverPushOnline(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		iPhone restapi.OnlineStatus
		web    restapi.OnlineStatus
		want   restapi.OnlineStatus
	}{
		{"PushOnline then Online", restapi.StatusPushOnline, restapi.StatusOnline, restapi.StatusOnline},
		{"Online then PushOnline", restapi.StatusOnline, restapi.StatusPushOnline, restapi.StatusOnline},
		{"Offline then PushOnline", restapi.StatusOffline, restapi.StatusPushOnline, restapi.StatusPushOnline},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, "alice")
			require.NoError(t, f.srv.SetOnline(f.id, "alice", restapi.PlatformIPhone, tc.iPhone))
			require.NoError(t, f.srv.SetOnline(f.id, "alice", restapi.PlatformWeb, tc.web))
			got, err := f.rc.Presence.Query(t.Context(), "alice")
			require.NoError(t, err)
			require.Len(t, got.QueryResult, 1)
			assert.Equal(t, tc.want, got.QueryResult[0].Status)
		})
	}
}
