package imtest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

// TestRecreatedTopicStartsEmpty: a deleted topic "cannot be restored"; its
// ID may be created again (docs/protocol.md, destroy_topic), and get_topic's
// LastMsgTime and NextMsgSeq "come from the last stored message posted to
// the topic, 0 before any" (docs/protocol.md, get_topic). A topic created
// again under a deleted one's ID has had no message posted to it, so it
// answers 0 and lists no history: destroy_topic drops the deleted
// topic's messages.
func TestRecreatedTopicStartsEmpty(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	rc, _ := restClient(t, srv, nil)
	gid, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "c", GroupID: "@TGS#_club", SupportTopic: 1})
	require.NoError(t, err)
	const tid = "@TGS#_club@TOPIC#_news"
	_, err = rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: gid, TopicID: tid, TopicName: "news"})
	require.NoError(t, err)
	_, err = rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: gid, TopicID: tid, FromAccount: "alice", Random: 1, MsgBody: []restapi.Element{restapi.Text("old")}})
	require.NoError(t, err)
	_, err = rc.Groups.DestroyTopics(ctx, gid, tid)
	require.NoError(t, err)
	_, err = rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: gid, TopicID: tid, TopicName: "news again"})
	require.NoError(t, err)

	topics, err := rc.Groups.Topics(ctx, &restapi.GetTopicRequest{GroupID: gid, FromAccount: "alice", TopicIDList: []string{tid}})
	require.NoError(t, err)
	require.Len(t, topics, 1)
	assert.Zero(t, topics[0].TopicInfo.NextMsgSeq, "no message was posted to the new topic")
	assert.Zero(t, topics[0].TopicInfo.LastMsgTime)
	var resp restapi.GroupMsgGetSimpleResponse
	require.NoError(t, rc.Call(ctx, restapi.ServiceGroup, restapi.CommandGroupMsgGetSimple,
		&restapi.GroupMsgGetSimpleRequest{GroupID: gid, TopicID: tid, ReqMsgNumber: 20}, &resp))
	assert.Empty(t, resp.RspMsgList, "the deleted topic's history is not restored")
}
