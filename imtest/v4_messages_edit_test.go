package imtest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/restapi"
)

// TestCallbackAfterModifyMsg: modify_c2c_msg sends
// C2C.CallbackAfterModifyMsg ("可能触发该回调的场景 ... App 管理员通过 REST API
// 修改单聊历史消息接口"; "回调发生时机: 单聊消息修改成功之后", CN 269/128224) with
// the page's fields: Operator_Account, From_Account, To_Account,
// MsgRandom, MsgSeq, MsgTime, MsgKey, the edited MsgBody and
// CloudCustomData, EventTime; a failed edit sends none.
func TestCallbackAfterModifyMsg(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob"})
	ctx := context.Background()
	got := &events{}
	consumer(t, srv, app, callback.OnC2CMsgModified(func(_ context.Context, e *callback.C2CMsgModified) { got.add(e) }))
	sent, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 7, MsgBody: []restapi.Element{restapi.Text("teh")}, CloudCustomData: "c"})
	require.NoError(t, err)
	edited := []restapi.Element{restapi.Text("the")}
	require.NoError(t, rc.Messages.Modify(ctx, &restapi.ModifyC2CMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgKey: sent.MsgKey, MsgBody: edited}))
	err = rc.Messages.Modify(ctx, &restapi.ModifyC2CMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgKey: "1_2_3", MsgBody: edited})
	require.True(t, restapi.HasCode(err, restapi.CodeC2CInvalidPacket), "%v", err)

	var mods []*callback.C2CMsgModified
	for _, e := range got.all() {
		if m, ok := e.(*callback.C2CMsgModified); ok {
			m.Meta = callback.Meta{}
			mods = append(mods, m)
		}
	}
	stored := srv.Conversation(app, "alice", "bob")
	require.Len(t, stored, 1)
	assert.Equal(t, []*callback.C2CMsgModified{{
		OperatorAccount: "administrator", FromAccount: "alice", ToAccount: "bob",
		MsgSeq: stored[0].MsgSeq, MsgRandom: 7, MsgTime: sent.MsgTime, MsgKey: sent.MsgKey,
		MsgBody: edited, CloudCustomData: "c", EventTime: callback.EventTime(srv.Now().UnixMilli()),
	}}, mods)
}

// TestCallbackAfterModifyGroupMsg: modify_group_msg sends
// Group.CallbackAfterModifyMsg ("App 管理员通过 REST API 调用 修改群聊历史消息接口",
// CN 269/129193) with the page's fields: Operator_Account, GroupId,
// TopicId ("" outside topics), MsgSeq, the edited MsgBody, EventTime; a
// failed edit sends none.
func TestCallbackAfterModifyGroupMsg(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, nil)
	ctx := context.Background()
	got := &events{}
	consumer(t, srv, app, callback.OnGroupMsgModified(func(_ context.Context, e *callback.GroupMsgModified) { got.add(e) }))
	_, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "crew"})
	require.NoError(t, err)
	sent, err := rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "crew", FromAccount: "alice", Random: 1, MsgBody: []restapi.Element{restapi.Text("teh")}})
	require.NoError(t, err)
	edited := []restapi.Element{restapi.Text("the")}
	require.NoError(t, rc.Groups.ModifyMessage(ctx, &restapi.ModifyGroupMsgRequest{GroupID: "crew", MsgSeq: sent.MsgSeq, MsgBody: edited}))
	err = rc.Groups.ModifyMessage(ctx, &restapi.ModifyGroupMsgRequest{GroupID: "crew", MsgSeq: sent.MsgSeq + 100, MsgBody: edited})
	require.Error(t, err, "a message not in the history is not edited")

	all := got.all()
	for _, e := range all {
		*e.Metadata() = callback.Meta{}
	}
	assert.Equal(t, []callback.Event{&callback.GroupMsgModified{
		OperatorAccount: "administrator", GroupID: "crew", MsgSeq: sent.MsgSeq,
		MsgBody: edited, EventTime: callback.EventTime(srv.Now().UnixMilli()),
	}}, all)
}
