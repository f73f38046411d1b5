package restapi_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/restapi"
)

// historyFixture is an app with alice owning the Public group "pub"
// (bob a member) and the AVChatRoom "live", and n text messages "m1".."mn"
// from bob in pub; it returns their MsgSeqs.
func historyFixture(t *testing.T, n int) (*fixture, []uint64) {
	t.Helper()
	ctx := t.Context()
	f := newUnlimitedFixture(t, apps.EditionPro, "alice", "bob")
	_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
	require.NoError(t, err)
	_, err = f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupAVChatRoom, Name: "l", GroupID: "live"})
	require.NoError(t, err)
	seqs := make([]uint64, n)
	for i := range n {
		sent, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "pub", FromAccount: "bob", MsgBody: []restapi.Element{restapi.Text("m" + strconv.Itoa(i+1))}})
		require.NoError(t, err)
		seqs[i] = sent.MsgSeq
	}
	return f, seqs
}

// historySeqs walks req and returns the MsgSeqs and IsPlaceMsg values.
func historySeqs(t *testing.T, f *fixture, req restapi.GroupMsgGetSimpleRequest) (seqs []uint64, place []int) {
	t.Helper()
	for m, err := range f.rc.Groups.History(t.Context(), req) {
		require.NoError(t, err)
		seqs, place = append(seqs, m.MsgSeq), append(place, m.IsPlaceMsg)
	}
	return seqs, place
}

// TestGroupRecallThenHistory: group_msg_recall answers one RecallRetList
// item per MsgSeq, RetCode 0 recalled and 10030 for a message that does
// not exist (INTL 1047/34965 sample: "RecallRetList":[{"MsgSeq":100,
// "RetCode":10030},{"MsgSeq":101,"RetCode":0}]; im-facts-rest.md C:
// "10030 ... recall: message missing"); group_msg_get_simple lists the
// messages newest first (CN 269/2738 sample: MsgSeq 7803321 then
// 7803320), leaves recalled ones out by default and, with
// WithRecalledMsg 1 ("填1表明需要拉取撤回后的消息；默认不拉取撤回后的消息"),
// lists them with IsPlaceMsg 2 ("撤回的消息，该字段为2").
func TestGroupRecallThenHistory(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f, seqs := historyFixture(t, 3)

	res, err := f.rc.Groups.Recall(ctx, "pub", seqs[1], 999)
	require.NoError(t, err)
	assert.Equal(t, []restapi.RecallResult{{MsgSeq: seqs[1], RetCode: 0}, {MsgSeq: 999, RetCode: restapi.CodeRecallMsgMissing}}, res)
	assert.True(t, f.srv.GroupMessages(f.id, "pub")[1].Recalled)

	again, err := f.rc.Groups.Recall(ctx, "pub", seqs[1])
	require.NoError(t, err)
	assert.Equal(t, restapi.CodeRecallMsgMissing, again[0].RetCode, "a recalled message is no longer there to recall")

	got, place := historySeqs(t, f, restapi.GroupMsgGetSimpleRequest{GroupID: "pub"})
	assert.Equal(t, []uint64{seqs[2], seqs[0]}, got, "newest first, the recalled one left out")
	assert.Equal(t, []int{0, 0}, place)

	got, place = historySeqs(t, f, restapi.GroupMsgGetSimpleRequest{GroupID: "pub", WithRecalledMsg: 1})
	assert.Equal(t, []uint64{seqs[2], seqs[1], seqs[0]}, got)
	assert.Equal(t, []int{0, restapi.PlaceMsgRecalled, 0}, place)

	var page restapi.GroupMsgGetSimpleResponse
	require.NoError(t, f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandGroupMsgGetSimple, &restapi.GroupMsgGetSimpleRequest{GroupID: "pub", ReqMsgNumber: 1}, &page))
	require.Len(t, page.RspMsgList, 1)
	m := page.RspMsgList[0]
	assert.Equal(t, "pub", page.GroupID)
	assert.Equal(t, 1, page.IsFinished)
	assert.Equal(t, "bob", m.FromAccount)
	assert.Equal(t, []restapi.Element{restapi.Text("m3")}, m.MsgBody)
	assert.Equal(t, restapi.HistoryPriorityNormal, m.MsgPriority, "no MsgPriority sent: Normal (2)")
	assert.Equal(t, f.srv.Now().Unix(), m.MsgTimeStamp)
}

// TestGroupHistoryPages: a page holds at most 20 messages ("目前一次请求最多返回
// 20条历史消息"), IsFinished 0 when more were asked for ("当消息长度太长或者区间太大
// （超过20）导致无法返回全部消息时，值为0"); ReqMsgSeq returns messages with a
// seq at most it ("返回 <=ReqMsgSeq 的消息"), and History walks back by
// "上次返回的最小 Seq 减1" to the first message.
func TestGroupHistoryPages(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f, seqs := historyFixture(t, 25)

	var page restapi.GroupMsgGetSimpleResponse
	require.NoError(t, f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandGroupMsgGetSimple, json.RawMessage(`{"GroupId":"pub","ReqMsgNumber":30}`), &page))
	assert.Len(t, page.RspMsgList, restapi.MaxGroupHistoryPage)
	assert.Equal(t, 0, page.IsFinished)

	require.NoError(t, f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandGroupMsgGetSimple, &restapi.GroupMsgGetSimpleRequest{GroupID: "pub", ReqMsgSeq: seqs[4], ReqMsgNumber: 2}, &page))
	require.Len(t, page.RspMsgList, 2)
	assert.Equal(t, []uint64{seqs[4], seqs[3]}, []uint64{page.RspMsgList[0].MsgSeq, page.RspMsgList[1].MsgSeq})

	for _, per := range []int{0, 1, 7, 25} {
		t.Run("pages of "+strconv.Itoa(per), func(t *testing.T) {
			t.Parallel()
			got, _ := historySeqs(t, f, restapi.GroupMsgGetSimpleRequest{GroupID: "pub", ReqMsgNumber: per})
			require.Len(t, got, len(seqs))
			for i, seq := range got {
				assert.Equal(t, seqs[len(seqs)-1-i], seq)
			}
		})
	}
}

// TestGroupHistoryRecallCodes: the codes of the two commands, each from
// Tencent's pages: GroupId required (10004) and of a GroupId's form
// (10015), a group that does not exist (10010) (CN 269/2738's table:
// "10004 参数非法", "10010 群组不存在", "10015 群组ID非法"); MsgSeqList holds
// at most 10 ("一次请求最多可以撤回10条消息 seq"), ReqMsgNumber is required
// ("ReqMsgNumber | Integer | 必填"); an AVChatRoom has no history
// ("AVChatRoom(直播群) 不支持历史消息存储，所以不支持调用此接口"; im-facts-rest.md
// C: "10007 | insufficient permission (or op unsupported for group type)").
func TestGroupHistoryRecallCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f, _ := historyFixture(t, 1)
	raw := func(command, body string) func() error {
		return func() error { return f.rc.Call(ctx, restapi.ServiceGroup, command, json.RawMessage(body), nil) }
	}
	eleven := make([]uint64, restapi.MaxRecallSeqsPerRequest+1)
	for i := range eleven {
		eleven[i] = uint64(i + 1)
	}
	elevenBody, err := json.Marshal(restapi.GroupMsgRecallRequest{GroupID: "pub", MsgSeqList: []restapi.MsgSeqItem{{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}}})
	require.NoError(t, err)
	runCodeCases(t, nil, []codeCase{
		{"recall without GroupId", func() error { _, err := f.rc.Groups.Recall(ctx, "", 1); return err }, restapi.CodeGroupInvalidParam},
		{"recall of no MsgSeq", raw(restapi.CommandGroupMsgRecall, `{"GroupId":"pub","MsgSeqList":[]}`), restapi.CodeGroupInvalidParam},
		{"recall of 11 MsgSeqs, answered by the server", raw(restapi.CommandGroupMsgRecall, string(elevenBody)), restapi.CodeGroupInvalidParam},
		{"recall in a malformed GroupId", func() error { _, err := f.rc.Groups.Recall(ctx, "群", 1); return err }, restapi.CodeGroupIDInvalid},
		{"recall in a group that does not exist", func() error { _, err := f.rc.Groups.Recall(ctx, "nope", 1); return err }, restapi.CodeGroupNotFound},
		{"history without ReqMsgNumber", raw(restapi.CommandGroupMsgGetSimple, `{"GroupId":"pub"}`), restapi.CodeGroupInvalidParam},
		{"history without GroupId", raw(restapi.CommandGroupMsgGetSimple, `{"ReqMsgNumber":1}`), restapi.CodeGroupInvalidParam},
		{"history of a group that does not exist", raw(restapi.CommandGroupMsgGetSimple, `{"GroupId":"nope","ReqMsgNumber":1}`), restapi.CodeGroupNotFound},
		{"history of an AVChatRoom", raw(restapi.CommandGroupMsgGetSimple, `{"GroupId":"live","ReqMsgNumber":1}`), restapi.CodeGroupNoPermission},
	})
	res, err := f.rc.Groups.Recall(ctx, "pub", eleven...)
	require.NoError(t, err, "Groups.Recall splits at 10")
	assert.Len(t, res, len(eleven))
	assert.Equal(t, 0, res[0].RetCode)
	for _, r := range res[1:] {
		assert.Equal(t, restapi.CodeRecallMsgMissing, r.RetCode)
	}
}

// TestGroupRecallAges: the REST recall has no time limit ("该接口可撤回的群聊消息
// 没有时间限制，即可以撤回任何时间的群聊消息"; so not the clients' 2 minutes),
// except an AVChatRoom's, recallable within an hour ("且只能撤回1个小时以内的消息";
// past it RetCode 10031, im-facts-rest.md C: ">2 min" time limit). Every
// group type supports it (CN 269/12341: AVChatRoom "支持").
func TestGroupRecallAges(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f, seqs := historyFixture(t, 1)
	send := func() uint64 {
		sent, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "live", MsgBody: []restapi.Element{restapi.Text("x")}})
		require.NoError(t, err)
		return sent.MsgSeq
	}
	young := send()
	f.srv.Advance(time.Hour)
	res, err := f.rc.Groups.Recall(ctx, "live", young)
	require.NoError(t, err)
	assert.Equal(t, 0, res[0].RetCode, "an hour old is within the hour")
	old := send()
	f.srv.Advance(time.Hour + time.Second)
	res, err = f.rc.Groups.Recall(ctx, "live", old)
	require.NoError(t, err)
	assert.Equal(t, restapi.CodeRecallTooLate, res[0].RetCode)
	f.srv.Advance(30 * 24 * time.Hour)
	res, err = f.rc.Groups.Recall(ctx, "pub", seqs[0])
	require.NoError(t, err)
	assert.Equal(t, 0, res[0].RetCode, "a Public group's message of any age")
}

// TestGroupHistoryWireNames: the fields are GroupId, MsgSeqList[{MsgSeq}],
// Reason, TopicId (INTL 1047/34965's table, CN sample "Reason":"撤回原因") and
// GroupId, ReqMsgNumber, ReqMsgSeq, WithRecalledMsg, TopicId; answers
// RecallRetList[{MsgSeq, RetCode}] and GroupId, IsFinished,
// RspMsgList[{From_Account, IsPlaceMsg, MsgBody, MsgPriority, MsgRandom,
// MsgSeq, MsgTimeStamp, IsSystemMsg}].
func TestGroupHistoryWireNames(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		v    any
		want string
	}{
		{restapi.GroupMsgRecallRequest{GroupID: "g", MsgSeqList: []restapi.MsgSeqItem{{MsgSeq: 100}}, Reason: "r", TopicID: "t"},
			`{"GroupId":"g","MsgSeqList":[{"MsgSeq":100}],"Reason":"r","TopicId":"t"}`},
		{restapi.GroupMsgGetSimpleRequest{GroupID: "g", ReqMsgNumber: 2, ReqMsgSeq: 7803321, WithRecalledMsg: 1, TopicID: "t"},
			`{"GroupId":"g","ReqMsgNumber":2,"ReqMsgSeq":7803321,"WithRecalledMsg":1,"TopicId":"t"}`},
		{restapi.GroupMsgRecallResponse{RecallRetList: []restapi.RecallResult{{MsgSeq: 100, RetCode: 10030}}},
			`{"RecallRetList":[{"MsgSeq":100,"RetCode":10030}]}`},
		{restapi.GroupMsgGetSimpleResponse{GroupID: "g", IsFinished: 1, RspMsgList: []restapi.GroupHistoryMessage{{FromAccount: "a", MsgBody: []restapi.Element{}, MsgPriority: 1, MsgRandom: 5, MsgSeq: 7, MsgTimeStamp: 9, IsSystemMsg: 1}}},
			`{"GroupId":"g","IsFinished":1,"RspMsgList":[{"From_Account":"a","IsPlaceMsg":0,"MsgBody":[],"MsgPriority":1,"MsgRandom":5,"MsgSeq":7,"MsgTimeStamp":9,"IsSystemMsg":1}]}`},
	} {
		b, err := json.Marshal(tc.v)
		require.NoError(t, err)
		assert.JSONEq(t, tc.want, string(b))
	}
}
