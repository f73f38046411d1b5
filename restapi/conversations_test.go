package restapi_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/restapi"
)

// conversations is account's conversation list.
func (f *fixture) conversations(t *testing.T, account string) []restapi.ConversationItem {
	t.Helper()
	return collect(t, f.rc.Conversations.List(t.Context(), account))
}

// TestConversationsListAndDelete: get_list answers SessionItem[{Type (1
// C2C, 2 G2C), To_Account or GroupId, MsgTime, TopFlag}] and CompleteFlag
// (CN 269/62118, INTL 1047/43087); delete "删除指定会话,支持同步清理漫游消息"
// with "ClearRamble 1 表示清理漫游消息" (CN 269/62119, INTL 1047/43088). A
// deleted conversation leaves the deleter's list only, and comes back
// with a newer message; ClearRamble 1 also empties the deleter's
// admin_getroammsg of it.
func TestConversationsListAndDelete(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionPro)
	ctx := t.Context()
	require.NoError(t, f.srv.ImportAccounts(f.id, "carol"))
	id, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "team"})
	require.NoError(t, err)
	t0 := f.srv.Now().Unix()
	f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob"})
	f.srv.Advance(time.Second)
	_, err = f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: id, FromAccount: "alice", Random: 1, MsgBody: []restapi.Element{restapi.Text("g")}})
	require.NoError(t, err)
	f.srv.Advance(time.Second)
	f.send(t, restapi.SendMsgRequest{FromAccount: "carol", ToAccount: "alice"})

	c2c := func(peer string, at int64) restapi.ConversationItem {
		return restapi.ConversationItem{Type: restapi.ConversationC2C, ToAccount: peer, MsgTime: at}
	}
	group := restapi.ConversationItem{Type: restapi.ConversationGroup, GroupID: id, MsgTime: t0 + 1}
	assert.Equal(t, []restapi.ConversationItem{c2c("carol", t0+2), group, c2c("bob", t0)}, f.conversations(t, "alice"), "newest first")
	assert.Equal(t, []restapi.ConversationItem{c2c("alice", t0)}, f.conversations(t, "bob"))

	require.NoError(t, f.rc.Conversations.Delete(ctx, &restapi.DeleteConversationRequest{FromAccount: "alice", Type: restapi.ConversationC2C, ToAccount: "bob"}))
	require.NoError(t, f.rc.Conversations.Delete(ctx, &restapi.DeleteConversationRequest{FromAccount: "alice", Type: restapi.ConversationGroup, ToGroupID: id}))
	require.NoError(t, f.rc.Conversations.Delete(ctx, &restapi.DeleteConversationRequest{FromAccount: "alice", Type: restapi.ConversationC2C, ToAccount: "carol", ClearRamble: 1}))
	assert.Empty(t, f.conversations(t, "alice"))
	assert.Equal(t, []restapi.ConversationItem{c2c("alice", t0)}, f.conversations(t, "bob"), "the peer keeps its conversation")
	assert.Len(t, f.history(t, "alice", "bob"), 1, "ClearRamble 0 keeps the roaming messages")
	assert.Empty(t, f.history(t, "alice", "carol"), "ClearRamble 1 clears the deleter's roaming messages")
	assert.Len(t, f.history(t, "carol", "alice"), 1, "and only the deleter's")

	f.srv.Advance(time.Second)
	f.send(t, restapi.SendMsgRequest{FromAccount: "bob", ToAccount: "alice"})
	_, err = f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: id, FromAccount: "alice", Random: 2, MsgBody: []restapi.Element{restapi.Text("g2")}})
	require.NoError(t, err)
	assert.Equal(t, []restapi.ConversationItem{c2c("bob", t0+3), {Type: restapi.ConversationGroup, GroupID: id, MsgTime: t0 + 3}}, f.conversations(t, "alice"), "a newer message brings them back")
}

// TestConversationsPaging: get_list pages with TimeStamp/StartIndex,
// "第一页填 0", until "CompleteFlag 1" (CN 269/62118); List follows the
// cursors across pages.
func TestConversationsPaging(t *testing.T) {
	t.Parallel()
	f := newUnlimitedFixture(t, apps.EditionPro, "alice")
	peers := f.importIDs(t, "p", 150)
	for _, p := range peers {
		f.send(t, restapi.SendMsgRequest{FromAccount: p, ToAccount: "alice"})
	}
	first, err := f.rc.Conversations.Page(t.Context(), restapi.GetConversationListRequest{FromAccount: "alice"})
	require.NoError(t, err)
	assert.Equal(t, 0, first.CompleteFlag)
	assert.NotEmpty(t, first.SessionItem)
	assert.Less(t, len(first.SessionItem), len(peers))
	got := f.conversations(t, "alice")
	require.Len(t, got, len(peers))
	seen := map[string]bool{}
	for _, it := range got {
		seen[it.ToAccount] = true
	}
	assert.Len(t, seen, len(peers), "each conversation once")
}

// TestConversationsErrors: recentcontact's codes (INTL 1047/43088): "50001
// 请求的 UserID 没有导入 Chat", "50002 请求参数错误".
func TestConversationsErrors(t *testing.T) {
	t.Parallel()
	f := newMsgFixture(t, apps.EditionPro)
	ctx := t.Context()
	for _, tc := range []struct {
		name string
		req  restapi.DeleteConversationRequest
		code int
	}{
		{"account not imported", restapi.DeleteConversationRequest{FromAccount: "zed", Type: restapi.ConversationC2C, ToAccount: "bob"}, 50001},
		{"peer not imported", restapi.DeleteConversationRequest{FromAccount: "alice", Type: restapi.ConversationC2C, ToAccount: "zed"}, 50001},
		{"no such group", restapi.DeleteConversationRequest{FromAccount: "alice", Type: restapi.ConversationGroup, ToGroupID: "@TGS#nope"}, 50002},
		{"bad type", restapi.DeleteConversationRequest{FromAccount: "alice", Type: 3, ToAccount: "bob"}, 50002},
		{"C2C without peer", restapi.DeleteConversationRequest{FromAccount: "alice", Type: restapi.ConversationC2C}, 50002},
		{"group without id", restapi.DeleteConversationRequest{FromAccount: "alice", Type: restapi.ConversationGroup}, 50002},
		{"bad ClearRamble", restapi.DeleteConversationRequest{FromAccount: "alice", Type: restapi.ConversationC2C, ToAccount: "bob", ClearRamble: 2}, 50002},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := f.rc.Conversations.Delete(ctx, &tc.req)
			require.True(t, restapi.HasCode(err, tc.code), "%v", err)
		})
	}
	_, err := f.rc.Conversations.Page(ctx, restapi.GetConversationListRequest{FromAccount: "zed"})
	require.True(t, restapi.HasCode(err, 50001), "%v", err)
	assert.True(t, errors.Is(err, restapi.ErrAccountNotImported), "%v", err)
	_, err = f.rc.Conversations.Page(ctx, restapi.GetConversationListRequest{FromAccount: "alice", StartIndex: -1})
	require.True(t, restapi.HasCode(err, 50002), "%v", err)
	assert.True(t, errors.Is(err, restapi.ErrInvalidRequest), "%v", err)
}
