package imtest_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// TestBatchRecipientsPerMinute: without the client's limiter, the 24th
// request of 500 recipients in one minute of server time is refused; a
// request refused for its sender first takes none of the minute's
// recipients.
func TestBatchRecipientsPerMinute(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	to := numberedIDs("r%03d", restapi.MaxBatchRecipients)
	rc, _ := restClient(t, srv, to, restapi.WithoutRateLimit(), restapi.WithoutRetries())
	ctx := context.Background()
	_, err := rc.Messages.SendBatch(ctx, &restapi.BatchSendMsgRequest{FromAccount: "ghost", ToAccount: to, MsgBody: []restapi.Element{restapi.Text("refused")}})
	require.True(t, restapi.HasCode(err, restapi.CodeMsgSenderNotImported), "%v", err)
	for i := range restapi.DefaultBatchRecipientsPerMinute / restapi.MaxBatchRecipients {
		srv.Advance(2 * time.Second) // under 200 calls a second; 48 s in all
		_, err := rc.Messages.SendBatch(ctx, &restapi.BatchSendMsgRequest{ToAccount: to, MsgBody: []restapi.Element{restapi.Text(fmt.Sprint(i))}})
		require.NoError(t, err, "request %d", i)
	}
	_, err = rc.Messages.SendBatch(ctx, &restapi.BatchSendMsgRequest{ToAccount: to[:1], MsgBody: []restapi.Element{restapi.Text("one more")}})
	assert.True(t, restapi.HasCode(err, restapi.CodeRateLimit), "%v", err)
	assert.Contains(t, err.Error(), "12000 recipients a minute")
	srv.Advance(12 * time.Second) // the next minute
	_, err = rc.Messages.SendBatch(ctx, &restapi.BatchSendMsgRequest{ToAccount: to[:1], MsgBody: []restapi.Element{restapi.Text("one more")}})
	assert.NoError(t, err)
}

func TestConversationAndSleep(t *testing.T) {
	t.Parallel()
	srv := imtest.NewServer(t)
	rc, id := restClient(t, srv, []string{"bob"})
	assert.Nil(t, srv.Conversation(id, "alice", "bob"), "no messages yet")
	_, err := rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("from the admin")}})
	require.NoError(t, err)
	conv := srv.Conversation(id, "bob", "administrator")
	require.Len(t, conv, 1, "no From_Account: the admin sends")
	assert.Equal(t, "administrator", conv[0].FromAccount)

	before := srv.Now()
	require.NoError(t, srv.Sleep(context.Background(), time.Minute))
	assert.GreaterOrEqual(t, srv.Now().Sub(before), time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, srv.Sleep(ctx, time.Hour), context.Canceled)
	assert.Less(t, srv.Now().Sub(before), time.Hour, "a cancelled Sleep does not move the clock")
}

// TestV4OpenIMBodyCodes: raw openim bodies answer the codes Tencent's
// openim error table gives (im-facts-rest.md C, B2, B7): 90006 for a
// MsgTimeStamp that is not an integer, 90001 for a body that is not JSON.
func TestV4OpenIMBodyCodes(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	require.NoError(t, a.srv.ImportAccounts(a.id, "alice", "bob"))
	q := a.query("administrator", a.sig(t, "administrator"))
	const text = `[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]`
	for _, tc := range []struct {
		name, path, body string
		code             int
	}{
		{"sendmsg with MsgTimeStamp", "/v4/openim/sendmsg", `{"To_Account":"bob","MsgRandom":1,"MsgTimeStamp":1780315200,"MsgBody":` + text + `}`, 0},
		{"sendmsg MsgTimeStamp a string", "/v4/openim/sendmsg", `{"To_Account":"bob","MsgRandom":2,"MsgTimeStamp":"noon","MsgBody":` + text + `}`, restapi.CodeMsgTimeStampInvalid},
		{"sendmsg MsgTimeStamp a fraction", "/v4/openim/sendmsg", `{"To_Account":"bob","MsgRandom":3,"MsgTimeStamp":1.5,"MsgBody":` + text + `}`, restapi.CodeMsgTimeStampInvalid},
		{"query_online_status body not JSON", "/v4/openim/query_online_status", `{"To_Account":`, restapi.CodeOpenIMInvalidJSON},
		{"querystate body not JSON", "/v4/openim/querystate", `not json`, restapi.CodeOpenIMInvalidJSON},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			status, env := v4Post(t, a.srv, http.MethodPost, tc.path, q, tc.body)
			assert.Equal(t, http.StatusOK, status)
			assert.Equal(t, tc.code, env.ErrorCode, "%s", env.ErrorInfo)
		})
	}
}

// TestDeletingAnAccountForgetsItsConversations: account_delete removes
// the account's conversations (im-facts: "删除账号会删除关系链、资料、群组、会话"),
// so a re-imported account starts with no history, unread count or
// conversation list; its peer keeps its own side.
func TestDeletingAnAccountForgetsItsConversations(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, _ := restClient(t, srv, []string{"bob"})
	ctx := context.Background()
	_, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgRandom: 1, MsgBody: []restapi.Element{restapi.Text("hi")}})
	require.NoError(t, err)
	history := func(operator, peer string) []restapi.Message {
		t.Helper()
		var out []restapi.Message
		for m, err := range rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: operator, PeerAccount: peer, MaxCnt: 10, MaxTime: srv.Now().Unix() + 1}) {
			require.NoError(t, err)
			out = append(out, m)
		}
		return out
	}
	conversations := func(account string) []restapi.ConversationItem {
		t.Helper()
		var out []restapi.ConversationItem
		for c, err := range rc.Conversations.List(ctx, account) {
			require.NoError(t, err)
			out = append(out, c)
		}
		return out
	}
	require.Len(t, history("bob", "alice"), 1)

	_, err = rc.Accounts.Delete(ctx, "bob")
	require.NoError(t, err)
	require.NoError(t, rc.Accounts.Import(ctx, restapi.Account{UserID: "bob"}))
	assert.Empty(t, history("bob", "alice"))
	assert.Empty(t, conversations("bob"))
	unread, err := rc.Messages.Unread(ctx, "bob")
	require.NoError(t, err)
	assert.Zero(t, unread.AllC2CUnreadMsgNum)

	require.Len(t, history("alice", "bob"), 1, "the peer keeps its side")
	assert.Len(t, conversations("alice"), 1)
}

// TestBatchSendMsgKeyNamesEveryCopy: batchsendmsg answers one MsgKey
// (B3), and admin_msgwithdraw recalls by From_Account, To_Account and
// MsgKey (B6), so every recipient's copy carries that key, even where the
// conversation had messages before.
func TestBatchSendMsgKeyNamesEveryCopy(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	srv := fixedServer(t)
	rc, _ := restClient(t, srv, []string{"bob", "carol"})
	_, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "carol", MsgBody: []restapi.Element{restapi.Text("earlier")}})
	require.NoError(t, err)
	sent, err := rc.Messages.SendBatch(ctx, &restapi.BatchSendMsgRequest{FromAccount: "alice", ToAccount: []string{"bob", "carol"}, MsgBody: []restapi.Element{restapi.Text("to both")}})
	require.NoError(t, err)
	require.Len(t, sent.MsgKeys, 1)
	for _, to := range []string{"bob", "carol"} {
		assert.NoError(t, rc.Messages.Withdraw(ctx, "alice", to, sent.MsgKeys[0]), "%s's copy", to)
	}
}
