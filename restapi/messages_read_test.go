package restapi_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

const (
	setMsgRead      = restapi.ServiceOpenIM + "/" + restapi.CommandSetMsgRead
	getUnreadMsgNum = restapi.ServiceOpenIM + "/" + restapi.CommandGetC2CUnreadMsgNum
)

// readFixture is newMsgFixture with carol imported too.
func readFixture(t *testing.T) *fixture {
	t.Helper()
	f := newMsgFixture(t, apps.EditionTrial)
	require.NoError(t, f.srv.ImportAccounts(f.id, "carol"))
	return f
}

func (f *fixture) send(t *testing.T, req restapi.SendMsgRequest) {
	t.Helper()
	if req.MsgBody == nil {
		req.MsgBody = []restapi.Element{restapi.Text("hi")}
	}
	_, err := f.rc.Messages.Send(t.Context(), &req)
	require.NoError(t, err)
}

// unread is account's unread count with each of peers, and its total.
func (f *fixture) unread(t *testing.T, account string, peers ...string) (map[string]int, int) {
	t.Helper()
	resp, err := f.rc.Messages.Unread(t.Context(), account, peers...)
	require.NoError(t, err)
	require.Empty(t, resp.ErrorList)
	total, err := f.rc.Messages.Unread(t.Context(), account)
	require.NoError(t, err)
	got := map[string]int{}
	for _, c := range resp.C2CUnreadMsgNumList {
		got[c.PeerAccount] = c.C2CUnreadMsgNum
	}
	return got, total.AllC2CUnreadMsgNum
}

// TestMessagesUnreadCounts: the unread counts follow the messages an
// account received. Per Tencent: importmsg SyncFromOldSystem "2 =
// historical import (no unread, no push), 5 = real-time import during
// migration (counts unread, pushes)" (facts B4); sendmsg's SendMsgControl
// "NoUnread 表示该条消息不计入未读数" (sendmsg page, as copied into an SDK's
// field comment); get_c2c_unread_msg_num answers "AllC2CUnreadMsgNum
// 单聊消息总未读数" and "C2CUnreadMsgNumList.C2CUnreadMsgNum 该单聊会话的未读数"
// (CN 269/56043). What an account sent itself is not unread for it.
func TestMessagesUnreadCounts(t *testing.T) {
	t.Parallel()
	f := readFixture(t)
	ctx := t.Context()
	now := f.srv.Now().Unix()
	f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob"})
	f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", SyncOtherMachine: restapi.SyncNotToSender})
	f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", SendMsgControl: []string{restapi.SendNoUnread}})
	f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", OnlineOnlyFlag: 1}) // not stored
	f.send(t, restapi.SendMsgRequest{FromAccount: "bob", ToAccount: "alice"})
	f.send(t, restapi.SendMsgRequest{FromAccount: "carol", ToAccount: "bob"})
	_, err := f.rc.Messages.SendBatch(ctx, &restapi.BatchSendMsgRequest{FromAccount: "alice", ToAccount: []string{"bob", "carol"}, MsgBody: []restapi.Element{restapi.Text("all")}})
	require.NoError(t, err)
	for i, mode := range []int{restapi.ImportRealTime, restapi.ImportHistory} {
		require.NoError(t, f.rc.Messages.Import(ctx, &restapi.ImportMsgRequest{SyncFromOldSystem: mode, FromAccount: "alice", ToAccount: "bob", MsgRandom: uint32(i + 1), MsgTimeStamp: now - 60, MsgBody: []restapi.Element{restapi.Text("old")}}))
	}

	for _, tc := range []struct {
		account string
		peers   []string
		want    map[string]int
		total   int
	}{
		{"bob", []string{"alice", "carol"}, map[string]int{"alice": 4, "carol": 1}, 5}, // 2 sends, the batch, the real-time import
		{"alice", []string{"bob", "carol"}, map[string]int{"bob": 1, "carol": 0}, 1},
		{"carol", []string{"alice", "bob"}, map[string]int{"alice": 1, "bob": 0}, 1},
	} {
		got, total := f.unread(t, tc.account, tc.peers...)
		assert.Equal(t, tc.want, got, tc.account)
		assert.Equal(t, tc.total, total, tc.account)
	}

	// admin_set_msg_read: "管理员指定 dramon1 将会话 dramon2 的单聊未读计数清除" (CN 269/50349).
	require.NoError(t, f.rc.Messages.MarkRead(ctx, "bob", "alice"))
	got, total := f.unread(t, "bob", "alice", "carol")
	assert.Equal(t, map[string]int{"alice": 0, "carol": 1}, got, "only the conversation with alice is read")
	assert.Equal(t, 1, total)
	got, _ = f.unread(t, "alice", "bob")
	assert.Equal(t, map[string]int{"bob": 1}, got, "bob reading does not read alice's side")

	f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob"})
	got, _ = f.unread(t, "bob", "alice")
	assert.Equal(t, map[string]int{"alice": 1}, got, "a message after the read is unread")
}

// TestMessagesUnreadSteps: one conversation's count, step by step, as
// get_c2c_unread_msg_num answers it: "AllC2CUnreadMsgNum: Total unread
// message count of all conversations", "C2CUnreadMsgNumList.C2CUnreadMsgNum:
// Unread message count in the one-to-one conversation" (INTL 1047/41046).
// Three sends are three unread; importmsg SyncFromOldSystem 2 is
// "historical import (no unread, no push)" (facts B4) and changes neither
// count; admin_set_msg_read "clears" the conversation's count (CN 269/50349).
func TestMessagesUnreadSteps(t *testing.T) {
	t.Parallel()
	f := readFixture(t)
	ctx := t.Context()
	history := func(random uint32) func() error {
		return func() error {
			return f.rc.Messages.Import(ctx, &restapi.ImportMsgRequest{SyncFromOldSystem: restapi.ImportHistory, FromAccount: "alice", ToAccount: "bob",
				MsgRandom: random, MsgTimeStamp: f.srv.Now().Unix() - 60, MsgBody: []restapi.Element{restapi.Text("old")}})
		}
	}
	for _, step := range []struct {
		name string
		do   func() error
		want int // bob's count with alice, and bob's total
	}{
		{"3 sends", func() error {
			for range 3 {
				if _, err := f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("hi")}}); err != nil {
					return err
				}
			}
			return nil
		}, 3},
		{"history import", history(1), 3},
		{"marked read", func() error { return f.rc.Messages.MarkRead(ctx, "bob", "alice") }, 0},
		{"history import after the read", history(2), 0},
	} {
		require.NoError(t, step.do(), step.name)
		got, total := f.unread(t, "bob", "alice")
		assert.Equal(t, map[string]int{"alice": step.want}, got, step.name)
		assert.Equal(t, step.want, total, step.name)
	}
}

// TestMessagesMarkReadUntil: "MsgReadTime 时间戳(秒),该时间戳之前的消息清除未读数。若不填,则取当前时间戳"
// (CN 269/50349); docs/protocol.md: messages at or before MsgReadTime.
func TestMessagesMarkReadUntil(t *testing.T) {
	t.Parallel()
	f := readFixture(t)
	ctx := t.Context()
	first := f.srv.Now()
	f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob"})
	f.srv.Advance(10 * time.Second)
	f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob"})
	f.srv.Advance(10 * time.Second)
	f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob"})

	require.NoError(t, f.rc.Messages.MarkReadUntil(ctx, "bob", "alice", first.Add(10*time.Second)))
	got, _ := f.unread(t, "bob", "alice")
	assert.Equal(t, map[string]int{"alice": 1}, got, "the two messages at or before MsgReadTime are read")
	var sent map[string]any
	reqs := f.srv.RequestsFor(setMsgRead)
	require.Len(t, reqs, 1)
	require.NoError(t, json.Unmarshal(reqs[0].Body, &sent))
	assert.Equal(t, map[string]any{"Report_Account": "bob", "Peer_Account": "alice", "MsgReadTime": float64(first.Unix() + 10)}, sent)

	err := f.rc.Messages.MarkReadUntil(ctx, "bob", "alice", time.Time{})
	assert.True(t, restapi.HasCode(err, restapi.CodeOpenIMInvalidJSON), "%v", err)
	assert.Len(t, f.srv.RequestsFor(setMsgRead), 1, "refused before sending")
}

// TestMessagesMarkReadStringTime: the INTL page (1047/38996) types
// MsgReadTime "String", the CN page (269/50349) "Integer": the server
// takes both; "若不填,则取当前时间戳" (absent, or an empty string: now).
func TestMessagesMarkReadStringTime(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		time   func(first int64) any // nil: absent
		unread int
	}{
		{"integer", func(first int64) any { return first }, 1},
		{"string", func(first int64) any { return strconv.FormatInt(first, 10) }, 1},
		{"empty string", func(int64) any { return "" }, 0},
		{"absent", nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := readFixture(t)
			first := f.srv.Now().Unix()
			f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob"})
			f.srv.Advance(time.Second)
			f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob"})
			body := map[string]any{"Report_Account": "bob", "Peer_Account": "alice"}
			if tc.time != nil {
				body["MsgReadTime"] = tc.time(first)
			}
			require.NoError(t, f.rc.Call(t.Context(), restapi.ServiceOpenIM, restapi.CommandSetMsgRead, body, nil))
			got, _ := f.unread(t, "bob", "alice")
			assert.Equal(t, map[string]int{"alice": tc.unread}, got)
		})
	}
}

// TestMessagesReadErrors: the codes of the two commands. admin_set_msg_read
// (CN 269/50349): "90003 JSON 格式请求包体中缺少 To_Account 字段或者 To_Account
// 账号不存在", "90008 ... From_Account 账号不存在" — Report_Account is the
// reading side (90008), Peer_Account the other (90003), as for
// admin_getroammsg's Operator_Account and Peer_Account.
// get_c2c_unread_msg_num (CN 269/56043): "ErrorList.ErrorCode ... 若目标账号的错误码为70107表示该账号不存在",
// "Peer_Account ... 该数组最大大小为10"; its error table (INTL 1047/41046):
// "90003 The To_Account field is missing in the JSON request or the
// account it specifies does not exist".
func TestMessagesReadErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		call  func(*fixture, *testing.T) error
		code  int
		local bool
	}{
		{"MarkRead reader not imported", func(f *fixture, t *testing.T) error { return f.rc.Messages.MarkRead(t.Context(), "ghost", "alice") }, restapi.CodeFromAccountInvalid, false},
		{"MarkRead peer not imported", func(f *fixture, t *testing.T) error { return f.rc.Messages.MarkRead(t.Context(), "bob", "ghost") }, restapi.CodeToAccountInvalid, false},
		{"MarkRead reader not a UserID", func(f *fixture, t *testing.T) error { return f.rc.Messages.MarkRead(t.Context(), "", "alice") }, restapi.CodeFromAccountInvalid, true},
		{"MarkRead peer not a UserID", func(f *fixture, t *testing.T) error { return f.rc.Messages.MarkRead(t.Context(), "bob", "") }, restapi.CodeToAccountInvalid, true},
		{"Unread of an account not imported", func(f *fixture, t *testing.T) error {
			_, err := f.rc.Messages.Unread(t.Context(), "ghost")
			return err
		}, restapi.CodeToAccountInvalid, false},
		{"Unread of an account not a UserID", func(f *fixture, t *testing.T) error {
			_, err := f.rc.Messages.Unread(t.Context(), "", "alice")
			return err
		}, restapi.CodeToAccountInvalid, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := readFixture(t)
			err := tc.call(f, t)
			assert.True(t, restapi.HasCode(err, tc.code), "%v", err)
			sent := len(f.srv.RequestsFor(setMsgRead)) + len(f.srv.RequestsFor(getUnreadMsgNum))
			assert.Equal(t, !tc.local, sent > 0, "sent")
		})
	}
}

// TestMessagesUnreadPeers: peers not imported come back in ErrorList with
// 70107 and the call succeeds; more than 10 peers (CN 269/56043: "该数组最大大小为10")
// go in several requests, answered in order; Validate refuses 11 (90001:
// the page gives the limit but not its code, docs/protocol.md).
func TestMessagesUnreadPeers(t *testing.T) {
	t.Parallel()
	f := readFixture(t)
	peers := ids("p", 12)
	require.NoError(t, f.srv.ImportAccounts(f.id, peers...))
	f.send(t, restapi.SendMsgRequest{FromAccount: peers[11], ToAccount: "bob"})
	resp, err := f.rc.Messages.Unread(t.Context(), "bob", append(peers, "ghost")...)
	require.NoError(t, err)
	require.Len(t, resp.C2CUnreadMsgNumList, 12)
	for i, c := range resp.C2CUnreadMsgNumList {
		assert.Equal(t, peers[i], c.PeerAccount)
		assert.Equal(t, map[bool]int{true: 1, false: 0}[i == 11], c.C2CUnreadMsgNum, c.PeerAccount)
	}
	assert.Equal(t, []restapi.PeerError{{PeerAccount: "ghost", ErrorCode: restapi.CodeNotImported}}, resp.ErrorList)
	assert.Len(t, f.srv.RequestsFor(getUnreadMsgNum), 2)

	req := restapi.C2CUnreadMsgNumRequest{ToAccount: "bob", PeerAccount: peers[:11]}
	assert.True(t, restapi.HasCode(req.Validate(), restapi.CodeOpenIMInvalidJSON))
	req.PeerAccount = peers[:10]
	assert.NoError(t, req.Validate())
}

// TestMessagesReadRetries: get_c2c_unread_msg_num is a read, resent after
// a lost answer; admin_set_msg_read is a write, sent once (restapi's
// repeatable list).
func TestMessagesReadRetries(t *testing.T) {
	t.Parallel()
	t.Run("Unread is resent", func(t *testing.T) {
		t.Parallel()
		f := readFixture(t)
		f.srv.Inject(imtest.Fault{Action: getUnreadMsgNum, LoseResponse: true})
		_, err := f.rc.Messages.Unread(t.Context(), "bob")
		require.NoError(t, err)
		assert.Len(t, f.srv.RequestsFor(getUnreadMsgNum), 2)
	})
	t.Run("MarkRead is not", func(t *testing.T) {
		t.Parallel()
		f := readFixture(t)
		f.srv.Inject(imtest.Fault{Action: setMsgRead, LoseResponse: true})
		require.Error(t, f.rc.Messages.MarkRead(t.Context(), "bob", "alice"))
		assert.Len(t, f.srv.RequestsFor(setMsgRead), 1)
	})
}

// TestMessagesIsPeerReadOnlyByReceipt: "查询结果中的 IsPeerRead 字段表示接收方是否发送该条消息的已读回执。
// 只有接收方调用 sendMessageReadReceipts ... 接口后，该字段才会为1" (admin_getroammsg, CN
// 42794). No REST command sends a read receipt, so a message sent, one
// imported in real time, one imported as history (not counted unread,
// CN 2568) and all of them marked read with admin_set_msg_read (which
// clears the unread count, CN 269/50349) answer IsPeerRead 0, from
// either side of the conversation.
func TestMessagesIsPeerReadOnlyByReceipt(t *testing.T) {
	t.Parallel()
	f := readFixture(t)
	ctx := t.Context()
	now := f.srv.Now().Unix()
	f.send(t, restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("sent")}})
	for i, mode := range []int{restapi.ImportRealTime, restapi.ImportHistory} {
		text := "imported " + strconv.Itoa(mode)
		require.NoError(t, f.rc.Messages.Import(ctx, &restapi.ImportMsgRequest{SyncFromOldSystem: mode, FromAccount: "alice", ToAccount: "bob", MsgRandom: uint32(i + 1), MsgTimeStamp: now - 60, MsgBody: []restapi.Element{restapi.Text(text)}}))
	}
	want := map[string]int{"sent": 0, "imported 5": 0, "imported 2": 0}
	peerRead := func(viewer, peer string) map[string]int {
		got := map[string]int{}
		for _, m := range collect(t, f.rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: viewer, PeerAccount: peer})) {
			got[textOf(m)] = m.IsPeerRead
		}
		return got
	}
	assert.Equal(t, want, peerRead("bob", "alice"), "before admin_set_msg_read")
	require.NoError(t, f.rc.Messages.MarkRead(ctx, "bob", "alice"))
	got, _ := f.unread(t, "bob", "alice")
	require.Equal(t, map[string]int{"alice": 0}, got, "admin_set_msg_read cleared the unread count")
	for _, viewer := range [][2]string{{"bob", "alice"}, {"alice", "bob"}} {
		assert.Equal(t, want, peerRead(viewer[0], viewer[1]), "after admin_set_msg_read, seen by %s", viewer[0])
	}
}
