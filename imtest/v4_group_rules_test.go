package imtest_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/restapi"
)

// Rules of the group commands that docs/protocol.md states and that no
// other test pinned (found by a mutation survey of the group handlers:
// breaking each left every other test passing).

// groupHistory is the whole of group_msg_get_simple's answer for a group,
// newest first.
func groupHistory(t *testing.T, rc *restapi.Client, groupID string) []restapi.GroupHistoryMessage {
	t.Helper()
	var resp restapi.GroupMsgGetSimpleResponse
	require.NoError(t, rc.Call(context.Background(), restapi.ServiceGroup, restapi.CommandGroupMsgGetSimple,
		&restapi.GroupMsgGetSimpleRequest{GroupID: groupID, ReqMsgNumber: 20}, &resp))
	return resp.RspMsgList
}

// TestGroupRepeatAnsweredWithTheFirstSend: send_group_msg answers "a repeat
// (sender, Random, CRC32 of MsgBody) within 5 minutes ... with the first
// send's MsgTime/MsgSeq, not stored again" (docs/protocol.md, send_group_msg
// table; im-facts-rest B11: "same Random+content within 5 min = duplicate
// dropped"). That holds however Group.CallbackBeforeSendMsg would now
// decide: the repeat is the message already sent, not a new one to judge.
func TestGroupRepeatAnsweredWithTheFirstSend(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, nil, restapi.WithoutRetries())
	gid, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g"})
	require.NoError(t, err)
	var mu sync.Mutex
	seen := 0
	consumer(t, srv, app, callback.OnGroupBeforeSendMsg(func(context.Context, *callback.GroupBeforeSendMsg) callback.Decision {
		mu.Lock()
		defer mu.Unlock()
		seen++
		if seen == 1 {
			return callback.Allow()
		}
		return callback.Refuse("the app refuses every message after the first")
	}))
	msg := &restapi.SendGroupMsgRequest{GroupID: gid, FromAccount: "alice", Random: 42, MsgBody: []restapi.Element{restapi.Text("hi")}}
	first, err := rc.Groups.SendMessage(ctx, msg)
	require.NoError(t, err)
	again, err := rc.Groups.SendMessage(ctx, msg)
	require.NoError(t, err, "a repeat is answered with the first send's answer")
	assert.Equal(t, first.MsgSeq, again.MsgSeq)
	assert.Equal(t, first.MsgTime, again.MsgTime)
	assert.Len(t, srv.GroupMessages(app, gid), 1, "and not stored again")
}

// TestGroupOnlineOnlyMessagesAreNotStored: a send_group_msg message "takes
// the group's next MsgSeq (from 1) and is stored unless OnlineOnlyFlag is
// 1"; group_msg_get_simple: "Online-only messages and system notifications
// are not stored, so never listed" (docs/protocol.md).
func TestGroupOnlineOnlyMessagesAreNotStored(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, nil)
	gid, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g"})
	require.NoError(t, err)
	online, err := rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: gid, FromAccount: "alice", Random: 1, OnlineOnlyFlag: 1,
		MsgBody: []restapi.Element{restapi.Text("typing")}})
	require.NoError(t, err)
	kept, err := rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: gid, FromAccount: "alice", Random: 2,
		MsgBody: []restapi.Element{restapi.Text("hello")}})
	require.NoError(t, err)
	assert.Equal(t, uint64(1), online.MsgSeq, "the online-only message takes a MsgSeq")
	assert.Equal(t, uint64(2), kept.MsgSeq)

	stored := srv.GroupMessages(app, gid)
	require.Len(t, stored, 1, "only the message without OnlineOnlyFlag is stored")
	assert.Equal(t, uint64(2), stored[0].MsgSeq)
	history := groupHistory(t, rc, gid)
	require.Len(t, history, 1, "nor listed by group_msg_get_simple")
	assert.Equal(t, uint64(2), history[0].MsgSeq)
}

// TestGroupHistoryPriorityNumbers: group_msg_get_simple answers each
// message's MsgPriority as "a number: 1 High, 2 Normal, 3 Low, 4 Lowest"
// (docs/protocol.md) for the MsgPriority send_group_msg was given.
func TestGroupHistoryPriorityNumbers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	rc, _ := restClient(t, srv, nil)
	gid, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g"})
	require.NoError(t, err)
	for i, p := range []restapi.MsgPriority{"High", "Normal", "Low"} {
		_, err := rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: gid, FromAccount: "alice", Random: uint32(i + 1), MsgPriority: p,
			MsgBody: []restapi.Element{restapi.Text(string(p))}})
		require.NoError(t, err)
	}
	got := map[uint64]int{}
	for _, m := range groupHistory(t, rc, gid) {
		got[m.MsgSeq] = m.MsgPriority
	}
	assert.Equal(t, map[uint64]int{1: 1, 2: 2, 3: 3}, got, "High 1, Normal 2, Low 3, by MsgSeq")
}

// TestChangeOwnerPutsTheNewOwnerFirst: a group's members are "the owner
// first, then in join order", and after change_group_owner "the new owner
// becomes Owner and first in the member list, the previous owner stays as
// a Member" (docs/protocol.md), as get_group_member_info lists them.
func TestChangeOwnerPutsTheNewOwnerFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	rc, _ := restClient(t, srv, []string{"bob", "carol"})
	gid, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}, {MemberAccount: "carol"}}})
	require.NoError(t, err)
	require.NoError(t, rc.Groups.ChangeOwner(ctx, gid, "carol"))
	var members []restapi.GroupMemberInfo
	for m, err := range rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: gid}) {
		require.NoError(t, err)
		members = append(members, m)
	}
	require.Len(t, members, 3)
	assert.Equal(t, "carol", members[0].MemberAccount, "the new owner is first")
	assert.Equal(t, restapi.RoleOwner, members[0].Role)
	for _, m := range members[1:] {
		assert.Equal(t, restapi.RoleMember, m.Role, "%s", m.MemberAccount)
	}
}

// TestTopicInfoChangedForEachField: modify_topic sends
// Group.CallbackAfterTopicInfoChanged "after a change of the name,
// introduction, notification or face URL, with the fields the body sets",
// each of the four alone included, "and none for a body changing only
// CustomString or MuteAllMember" (docs/protocol.md, modify_topic; INTL
// 1047/49466).
func TestTopicInfoChangedForEachField(t *testing.T) {
	t.Parallel()
	base := callback.TopicInfoChanged{GroupID: "@TGS#_club", Type: restapi.GroupCommunity, OperatorAccount: "administrator"}
	with := func(set func(*callback.TopicInfoChanged)) []callback.Event {
		e := base
		set(&e)
		return []callback.Event{&e}
	}
	for _, tc := range []struct {
		name string
		req  restapi.ModifyTopicRequest
		want []callback.Event
	}{
		{"TopicName alone", restapi.ModifyTopicRequest{TopicName: "renamed"}, with(func(e *callback.TopicInfoChanged) { e.Name = "renamed" })},
		{"Introduction alone", restapi.ModifyTopicRequest{Introduction: "about"}, with(func(e *callback.TopicInfoChanged) { e.Introduction = "about" })},
		{"Notification alone", restapi.ModifyTopicRequest{Notification: "notice"}, with(func(e *callback.TopicInfoChanged) { e.Notification = "notice" })},
		{"FaceUrl alone", restapi.ModifyTopicRequest{FaceURL: "https://example.com/f.png"}, with(func(e *callback.TopicInfoChanged) { e.FaceURL = "https://example.com/f.png" })},
		{"CustomString alone", restapi.ModifyTopicRequest{CustomString: "x"}, nil},
		{"MuteAllMember alone", restapi.ModifyTopicRequest{MuteAllMember: restapi.MuteAllOn}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			srv := fixedServer(t)
			rc, app := restClient(t, srv, nil)
			got := &events{}
			consumer(t, srv, app, callback.OnTopicInfoChanged(func(_ context.Context, e *callback.TopicInfoChanged) { got.add(e) }))
			_, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "c", GroupID: "@TGS#_club", SupportTopic: 1})
			require.NoError(t, err)
			topic, err := rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicName: "t"})
			require.NoError(t, err)
			req := tc.req
			req.GroupID, req.TopicID = "@TGS#_club", topic
			require.NoError(t, rc.Groups.UpdateTopic(ctx, &req))
			all := got.all()
			for _, e := range all {
				*e.Metadata() = callback.Meta{}
			}
			assert.Equal(t, tc.want, all)
		})
	}
}

// TestCallbackMeanwhileGroupIDTaken: Group.CallbackBeforeCreateGroup runs
// with the server's lock released, and "a custom GroupId taken meanwhile
// answers 10021" (docs/protocol.md, Reference server, locking rule): here
// import_group, which sends no callback, takes it while create_group's
// before-callback is held. The group imported is left as it was.
func TestCallbackMeanwhileGroupIDTaken(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob"}, restapi.WithoutRetries(), restapi.WithoutRateLimit())
	g := newGate(t, srv, app, callback.CommandGroupBeforeCreate)
	done := async(func() error {
		_, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "created", GroupID: "taken"})
		return err
	})
	g.held(t)
	_, err := rc.Groups.Import(ctx, &restapi.ImportGroupRequest{CreateGroupRequest: restapi.CreateGroupRequest{OwnerAccount: "bob", Type: restapi.GroupPublic, Name: "imported", GroupID: "taken"}})
	require.NoError(t, err)
	g.release <- struct{}{}
	err = <-done
	assert.True(t, restapi.HasCode(err, 10021), "GroupId taken meanwhile: %v", err)
	infos, err := rc.Groups.Get(ctx, "taken")
	require.NoError(t, err)
	require.Len(t, infos, 1)
	assert.Equal(t, "bob", infos[0].OwnerAccount, "the imported group stays")
	assert.Equal(t, "imported", infos[0].Name)
	assert.Equal(t, []string{"taken"}, srv.GroupIDs(app))
}
