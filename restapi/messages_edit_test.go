package restapi_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/restapi"
)

// history is what account sees of its conversation with peer.
func (f *fixture) history(t *testing.T, account, peer string) []restapi.Message {
	t.Helper()
	return collect(t, f.rc.Messages.History(t.Context(), restapi.GetRoamMsgRequest{OperatorAccount: account, PeerAccount: peer}))
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func keysOf(ms []restapi.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.MsgKey)
	}
	return out
}

// editCases are the edits TestMessagesModify and TestGroupsModifyMessage
// make to a message sent as Text("hi") with CloudCustomData "orig": each
// field alone and both, and what then reads back.
var editCases = []struct {
	name       string
	body       []restapi.Element
	custom     string
	wantBody   []restapi.Element
	wantCustom string
}{
	{"body only", []restapi.Element{restapi.Text("edited")}, "", []restapi.Element{restapi.Text("edited")}, "orig"},
	{"custom only", nil, "new", []restapi.Element{restapi.Text("hi")}, "new"},
	{"both", []restapi.Element{restapi.Text("edited")}, "new", []restapi.Element{restapi.Text("edited")}, "new"},
}

// TestMessagesModify: modify_c2c_msg "可以单独修改消息中的 MsgBody 或
// CloudCustomData 字段,也可以同时修改这两个字段。以请求中指定的字段值覆盖历史消息对应的字段"
// (CN 269/74740): the edit reads back in admin_getroammsg for both sides,
// and a field left out is kept.
func TestMessagesModify(t *testing.T) {
	t.Parallel()
	for _, tc := range editCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newMsgFixture(t, apps.EditionPro)
			sent, err := f.rc.Messages.Send(t.Context(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("hi")}, CloudCustomData: "orig"})
			require.NoError(t, err)
			require.NoError(t, f.rc.Messages.Modify(t.Context(), &restapi.ModifyC2CMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgKey: sent.MsgKey, MsgBody: tc.body, CloudCustomData: tc.custom}))
			for _, side := range [][2]string{{"alice", "bob"}, {"bob", "alice"}} {
				got := f.history(t, side[0], side[1])
				require.Len(t, got, 1, side[0])
				assert.Equal(t, sent.MsgKey, got[0].MsgKey)
				assert.JSONEq(t, asJSON(t, tc.wantBody), asJSON(t, got[0].MsgBody), side[0])
				assert.Equal(t, tc.wantCustom, got[0].CloudCustomData, side[0])
			}
		})
	}
}

// TestMessagesModifyErrors: the codes of modify_c2c_msg's table (CN
// 269/74740, tencentcloud.com/zh 1047/47722): "20001 请求包非法", "20003
// 消息发送方或接收方 UserID 无效或不存在". A MsgKey naming no message is
// answered 20001 by imtest (the table as seen ends at 20003).
func TestMessagesModifyErrors(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionPro)
	sent, err := f.rc.Messages.Send(t.Context(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("hi")}})
	require.NoError(t, err)
	text := []restapi.Element{restapi.Text("x")}
	for _, tc := range []struct {
		name string
		req  restapi.ModifyC2CMsgRequest
		code int
	}{
		{"sender not imported", restapi.ModifyC2CMsgRequest{FromAccount: "zed", ToAccount: "bob", MsgKey: sent.MsgKey, MsgBody: text}, 20003},
		{"recipient not imported", restapi.ModifyC2CMsgRequest{FromAccount: "alice", ToAccount: "zed", MsgKey: sent.MsgKey, MsgBody: text}, 20003},
		{"empty sender", restapi.ModifyC2CMsgRequest{ToAccount: "bob", MsgKey: sent.MsgKey, MsgBody: text}, 20003},
		{"malformed MsgKey", restapi.ModifyC2CMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgKey: "x", MsgBody: text}, 20001},
		{"nothing to change", restapi.ModifyC2CMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgKey: sent.MsgKey}, 20001},
		{"bad element", restapi.ModifyC2CMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgKey: sent.MsgKey, MsgBody: []restapi.Element{{MsgType: "TIMTextElem"}}}, 20001},
		{"no such message", restapi.ModifyC2CMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgKey: "1_2_3", MsgBody: text}, 20001},
		{"other direction", restapi.ModifyC2CMsgRequest{FromAccount: "bob", ToAccount: "alice", MsgKey: sent.MsgKey, MsgBody: text}, 20001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := f.rc.Messages.Modify(t.Context(), &tc.req)
			require.True(t, restapi.HasCode(err, tc.code), "%v", err)
		})
	}
	err = f.rc.Messages.Modify(t.Context(), &restapi.ModifyC2CMsgRequest{FromAccount: "zed", ToAccount: "bob", MsgKey: sent.MsgKey, MsgBody: text})
	assert.True(t, errors.Is(err, restapi.ErrAccountNotImported), "%v", err)
	assert.Equal(t, []restapi.Element{restapi.Text("hi")}, f.history(t, "alice", "bob")[0].MsgBody, "no failed edit changed the message")
}

// TestMessagesDeleteForOne: delete_c2c_msg_ramble "只能单向删除(以会话其中一方的身份去删除某条消息后,自己看不到这条消息,会话的对方仍然可以看到这条消息)"
// (CN 269/101439): the deleted messages leave the operator's
// admin_getroammsg and stay in the peer's.
func TestMessagesDeleteForOne(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionPro)
	var keys []string
	for i, text := range []string{"one", "two", "three"} {
		sent, err := f.rc.Messages.Send(t.Context(), &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: uint32(i + 1), MsgBody: []restapi.Element{restapi.Text(text)}})
		require.NoError(t, err)
		keys = append(keys, sent.MsgKey)
	}
	require.NoError(t, f.rc.Messages.DeleteForOne(t.Context(), "bob", "alice", keys[0], keys[2], "9_9_9"))
	assert.Equal(t, []string{keys[1]}, keysOf(f.history(t, "bob", "alice")))
	got := keysOf(f.history(t, "alice", "bob"))
	slices.Sort(got)
	want := slices.Clone(keys)
	slices.Sort(want)
	assert.Equal(t, want, got, "the peer still sees them all")
	require.NoError(t, f.rc.Messages.DeleteForOne(t.Context(), "bob", "alice", keys[0]), "deleting again is no error")
}

// TestMessagesDeleteForOneErrors: "MsgKeyList ... 一次最多删除30条消息"
// (CN 269/101439); the page lists no codes of its own, so the accounts
// answer openim's 90008/90003 (as admin_getroammsg's Operator_Account and
// Peer_Account do) and a bad MsgKeyList 90001.
func TestMessagesDeleteForOneErrors(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionPro)
	many := make([]string, restapi.MaxDeleteMsgKeys+1)
	for i := range many {
		many[i] = "1_2_3"
	}
	for _, tc := range []struct {
		name           string
		operator, peer string
		keys           []string
		code           int
	}{
		{"31 keys", "bob", "alice", many, 90001},
		{"no keys", "bob", "alice", nil, 90001},
		{"malformed key", "bob", "alice", []string{"x"}, 90001},
		{"operator not imported", "zed", "alice", []string{"1_2_3"}, 90008},
		{"peer not imported", "bob", "zed", []string{"1_2_3"}, 90003},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := f.rc.Messages.DeleteForOne(t.Context(), tc.operator, tc.peer, tc.keys...)
			require.True(t, restapi.HasCode(err, tc.code), "%v", err)
		})
	}
	require.NoError(t, f.rc.Messages.DeleteForOne(t.Context(), "bob", "alice", many[:restapi.MaxDeleteMsgKeys]...), "30 keys are taken")
}

// groupHistory is the MsgBody of each message group_msg_get_simple lists
// for groupID (of topic when set), newest first.
func (f *fixture) groupHistory(t *testing.T, groupID, topic string) [][]restapi.Element {
	t.Helper()
	var out [][]restapi.Element
	for _, m := range collect(t, f.rc.Groups.History(t.Context(), restapi.GroupMsgGetSimpleRequest{GroupID: groupID, TopicID: topic})) {
		out = append(out, m.MsgBody)
	}
	return out
}

// TestGroupsModifyMessage: modify_group_msg "可以单独修改消息中的 MsgBody 或
// CloudCustomData 字段,也可以同时修改这两个字段。以请求中指定的字段值覆盖历史消息对应的字段"
// (CN 269/74741, INTL 1047/47948): the new MsgBody reads back in
// group_msg_get_simple, a field left out is kept (CloudCustomData, which
// group_msg_get_simple does not list, read from imtest's store), and
// "TopicId ... 表示修改的的是对应话题中的历史消息" edits a topic's message.
func TestGroupsModifyMessage(t *testing.T) {
	t.Parallel()
	hi, edited := []restapi.Element{restapi.Text("hi")}, []restapi.Element{restapi.Text("edited")}
	for _, tc := range editCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			f, seqs := historyFixture(t, 1)
			sent, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "pub", FromAccount: "bob", MsgBody: hi, CloudCustomData: "orig"})
			require.NoError(t, err)
			require.NoError(t, f.rc.Groups.ModifyMessage(ctx, &restapi.ModifyGroupMsgRequest{GroupID: "pub", MsgSeq: sent.MsgSeq, MsgBody: tc.body, CloudCustomData: tc.custom}))
			got := f.groupHistory(t, "pub", "")
			require.Len(t, got, 2)
			assert.JSONEq(t, asJSON(t, tc.wantBody), asJSON(t, got[0]))
			assert.Equal(t, []restapi.Element{restapi.Text("m1")}, got[1], "the other message is unchanged")
			stored := f.srv.GroupMessages(f.id, "pub")
			require.Len(t, stored, 2)
			assert.Equal(t, seqs[0], stored[0].MsgSeq)
			assert.Equal(t, tc.wantCustom, stored[1].CloudCustomData)
		})
	}

	t.Run("topic", func(t *testing.T) {
		t.Parallel()
		ctx := t.Context()
		f := newTopicGroups(t)
		topic, err := f.rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicName: "t"})
		require.NoError(t, err)
		inGroup, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "@TGS#_club", FromAccount: "alice", MsgBody: hi})
		require.NoError(t, err)
		inTopic, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "@TGS#_club", TopicID: topic, FromAccount: "alice", MsgBody: hi})
		require.NoError(t, err)
		require.NoError(t, f.rc.Groups.ModifyMessage(ctx, &restapi.ModifyGroupMsgRequest{GroupID: "@TGS#_club", TopicID: topic, MsgSeq: inTopic.MsgSeq, MsgBody: edited}))
		assert.Equal(t, [][]restapi.Element{edited}, f.groupHistory(t, "@TGS#_club", topic))
		assert.Equal(t, [][]restapi.Element{hi}, f.groupHistory(t, "@TGS#_club", ""), "the group's own history is not the topic's")
		err = f.rc.Groups.ModifyMessage(ctx, &restapi.ModifyGroupMsgRequest{GroupID: "@TGS#_club", TopicID: topic, MsgSeq: inGroup.MsgSeq + 100, MsgBody: edited})
		assert.True(t, restapi.HasCode(err, restapi.CodeC2CInvalidPacket), "no such message in the topic: %v", err)
	})
}

// TestGroupsModifyMessageErrors: the codes of modify_group_msg's table
// (CN 269/74741, INTL 1047/47948): "20001 请求包非法", "90002 JSON 格式请求包体中
// MsgBody 不符合消息格式描述". The page lists no code for a group that does not
// exist, an AVChatRoom ("不支持修改直播群的历史消息"), a TopicId on a group
// without topics or a MsgSeq naming no message: imtest answers 10010 (as
// every group command), 10007 (as group_msg_get_simple for an
// AVChatRoom), 11000 (as the topic commands) and 20001, chosen and marked
// so in docs/protocol.md.
func TestGroupsModifyMessageErrors(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f, seqs := historyFixture(t, 2)
	_, err := f.rc.Groups.Recall(ctx, "pub", seqs[1])
	require.NoError(t, err)
	live, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "live", FromAccount: "alice", MsgBody: []restapi.Element{restapi.Text("on air")}})
	require.NoError(t, err)
	text := []restapi.Element{restapi.Text("x")}
	for _, tc := range []struct {
		name string
		req  restapi.ModifyGroupMsgRequest
		code int
	}{
		{"no GroupId", restapi.ModifyGroupMsgRequest{MsgSeq: seqs[0], MsgBody: text}, 20001},
		{"no MsgSeq", restapi.ModifyGroupMsgRequest{GroupID: "pub", MsgBody: text}, 20001},
		{"nothing to change", restapi.ModifyGroupMsgRequest{GroupID: "pub", MsgSeq: seqs[0]}, 20001},
		{"bad element", restapi.ModifyGroupMsgRequest{GroupID: "pub", MsgSeq: seqs[0], MsgBody: []restapi.Element{{MsgType: restapi.MsgTypeText}}}, 90002},
		{"unknown group", restapi.ModifyGroupMsgRequest{GroupID: "@TGS#1NOSUCH", MsgSeq: seqs[0], MsgBody: text}, 10010},
		{"AVChatRoom", restapi.ModifyGroupMsgRequest{GroupID: "live", MsgSeq: live.MsgSeq, MsgBody: text}, 10007},
		{"TopicId on a Public group", restapi.ModifyGroupMsgRequest{GroupID: "pub", TopicID: "pub@TOPIC#_t", MsgSeq: seqs[0], MsgBody: text}, 11000},
		{"no such MsgSeq", restapi.ModifyGroupMsgRequest{GroupID: "pub", MsgSeq: 999, MsgBody: text}, 20001},
		{"recalled message", restapi.ModifyGroupMsgRequest{GroupID: "pub", MsgSeq: seqs[1], MsgBody: text}, 20001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := f.rc.Groups.ModifyMessage(t.Context(), &tc.req)
			require.True(t, restapi.HasCode(err, tc.code), "%v", err)
		})
	}
	err = f.rc.Groups.ModifyMessage(ctx, &restapi.ModifyGroupMsgRequest{GroupID: "@TGS#1NOSUCH", MsgSeq: 1, MsgBody: text})
	assert.True(t, errors.Is(err, restapi.ErrGroupNotFound), "%v", err)
	assert.Error(t, f.rc.Groups.ModifyMessage(ctx, nil))
	assert.Equal(t, [][]restapi.Element{{restapi.Text("m1")}}, f.groupHistory(t, "pub", ""), "no failed edit changed a message")
}
