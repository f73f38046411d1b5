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

// TestMessagesModify: modify_c2c_msg "可以单独修改消息中的 MsgBody 或
// CloudCustomData 字段,也可以同时修改这两个字段。以请求中指定的字段值覆盖历史消息对应的字段"
// (CN 269/74740): the edit reads back in admin_getroammsg for both sides,
// and a field left out is kept.
func TestMessagesModify(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		body       []restapi.Element
		custom     string
		wantBody   []restapi.Element
		wantCustom string
	}{
		{"body only", []restapi.Element{restapi.Text("edited")}, "", []restapi.Element{restapi.Text("edited")}, "orig"},
		{"custom only", nil, "new", []restapi.Element{restapi.Text("hi")}, "new"},
		{"both", []restapi.Element{restapi.Text("edited")}, "new", []restapi.Element{restapi.Text("edited")}, "new"},
	} {
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
