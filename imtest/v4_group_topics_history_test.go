package imtest_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

// TestGroupTopicRecallAndHistory: group_msg_get_simple lists "the ...
// newest stored messages of the topic" (TopicId's, or the group's own
// when none) and group_msg_recall answers 10030 "when no stored message
// of the group (of TopicId's topic) has that MsgSeq" (docs/protocol.md):
// a recall matches the message's TopicId, and history filters by it.
func TestGroupTopicRecallAndHistory(t *testing.T) {
	t.Parallel()
	const (
		club  = "@TGS#_club"
		topic = "@TGS#_club@TOPIC#_t"
		other = "@TGS#_club@TOPIC#_u"
	)
	texts := func(t *testing.T, rc *restapi.Client, topicID string) []string {
		t.Helper()
		var out []string
		for m, err := range rc.Groups.History(context.Background(), restapi.GroupMsgGetSimpleRequest{GroupID: club, TopicID: topicID}) {
			require.NoError(t, err)
			for _, e := range m.MsgBody {
				if text, ok := e.MsgContent.(*restapi.TextElem); ok {
					out = append(out, text.Text)
				}
			}
		}
		slices.Sort(out)
		return out
	}
	for _, tc := range []struct {
		name        string
		recallTopic string // the TopicId the recall names
		recallOf    string // whose message's MsgSeq it names: "group" or "topic"
		wantCode    int
		wantGroup   []string // history of the group itself after
		wantTopic   []string // history of topic after
	}{
		{"the topic's message in its topic", topic, "topic", 0, []string{"in group"}, nil},
		{"the group's message without a topic", "", "group", 0, nil, []string{"in topic"}},
		{"the topic's message without a topic", "", "topic", restapi.CodeRecallMsgMissing, []string{"in group"}, []string{"in topic"}},
		{"the group's message in the topic", topic, "group", restapi.CodeRecallMsgMissing, []string{"in group"}, []string{"in topic"}},
		{"the topic's message in another topic", other, "topic", restapi.CodeRecallMsgMissing, []string{"in group"}, []string{"in topic"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rc, _ := restClient(t, fixedServer(t), nil)
			ctx := context.Background()
			_, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "c", GroupID: club, SupportTopic: 1})
			require.NoError(t, err)
			for _, id := range []string{topic, other} {
				_, err = rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: club, TopicID: id, TopicName: id[len(id)-1:]})
				require.NoError(t, err)
			}
			seqs := map[string]uint64{}
			for who, post := range map[string]restapi.SendGroupMsgRequest{
				"group": {GroupID: club, FromAccount: "alice", Random: 1, MsgBody: []restapi.Element{restapi.Text("in group")}},
				"topic": {GroupID: club, FromAccount: "alice", Random: 2, TopicID: topic, MsgBody: []restapi.Element{restapi.Text("in topic")}},
			} {
				sent, err := rc.Groups.SendMessage(ctx, &post)
				require.NoError(t, err)
				seqs[who] = sent.MsgSeq
			}
			require.Equal(t, []string{"in group"}, texts(t, rc, ""), "the group's history holds no topic's message")
			require.Equal(t, []string{"in topic"}, texts(t, rc, topic), "the topic's history holds only its own")
			require.Empty(t, texts(t, rc, other))

			var resp restapi.GroupMsgRecallResponse
			require.NoError(t, rc.Call(ctx, restapi.ServiceGroup, restapi.CommandGroupMsgRecall,
				&restapi.GroupMsgRecallRequest{GroupID: club, TopicID: tc.recallTopic, MsgSeqList: []restapi.MsgSeqItem{{MsgSeq: seqs[tc.recallOf]}}}, &resp))
			assert.Equal(t, []restapi.RecallResult{{MsgSeq: seqs[tc.recallOf], RetCode: tc.wantCode}}, resp.RecallRetList)
			assert.Equal(t, tc.wantGroup, texts(t, rc, ""), "the group's history after")
			assert.Equal(t, tc.wantTopic, texts(t, rc, topic), "the topic's history after")
		})
	}
}
