package imtest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/restapi"
)

// TestCallbackTopicEvents: create_topic sends
// Group.CallbackAfterCreateTopic ("The application admin created a topic
// successfully through the RESTful API", INTL 1047/49464: GroupId,
// TopicId, Operator_Account, Owner_Account, Type Community, Name) and
// destroy_topic Group.CallbackAfterTopicDestroyed ("The application admin
// deletes a topic through the RESTful API", INTL 1047/49465: GroupId,
// Type, TopicIdList of the deleted topics); a destroy that deletes
// nothing sends none.
func TestCallbackTopicEvents(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, nil)
	ctx := context.Background()
	got := &events{}
	consumer(t, srv, app,
		callback.OnTopicCreated(func(_ context.Context, e *callback.TopicCreated) { got.add(e) }),
		callback.OnTopicDestroyed(func(_ context.Context, e *callback.TopicDestroyed) { got.add(e) }),
	)
	_, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "c", GroupID: "@TGS#_club", SupportTopic: 1})
	require.NoError(t, err)
	topic, err := rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_club@TOPIC#_TestTopic", TopicName: "TestTopic"})
	require.NoError(t, err)
	res, err := rc.Groups.DestroyTopics(ctx, "@TGS#_club", topic, "@TGS#_club@TOPIC#_none")
	require.NoError(t, err)
	require.Len(t, res, 2)
	_, err = rc.Groups.DestroyTopics(ctx, "@TGS#_club", topic)
	require.NoError(t, err)

	all := got.all()
	for _, e := range all {
		*e.Metadata() = callback.Meta{}
	}
	assert.Equal(t, []callback.Event{
		&callback.TopicCreated{GroupID: "@TGS#_club", TopicID: topic, OperatorAccount: "administrator", OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "TestTopic"},
		&callback.TopicDestroyed{GroupID: "@TGS#_club", Type: restapi.GroupCommunity, TopicIDList: []string{topic}},
	}, all)
}

// TestCallbackAfterTopicInfoChanged: modify_topic sends
// Group.CallbackAfterTopicInfoChanged ("The app admin modifies the topic
// profile through the RESTful API", INTL 1047/49466: GroupId, Type,
// Operator_Account and the fields changed) when it sets the name,
// introduction, notification or face URL; CustomString or MuteAllMember
// alone send none ("will not be triggered by a change in other basic
// topic profile").
func TestCallbackAfterTopicInfoChanged(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, nil)
	ctx := context.Background()
	got := &events{}
	consumer(t, srv, app, callback.OnTopicInfoChanged(func(_ context.Context, e *callback.TopicInfoChanged) { got.add(e) }))
	_, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "c", GroupID: "@TGS#_club", SupportTopic: 1})
	require.NoError(t, err)
	topic, err := rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicName: "t"})
	require.NoError(t, err)
	require.NoError(t, rc.Groups.UpdateTopic(ctx, &restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: topic, TopicName: "TestTopic", Notification: "NewNotification"}))
	require.NoError(t, rc.Groups.UpdateTopic(ctx, &restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: topic, CustomString: "x", MuteAllMember: restapi.MuteAllOn}))

	all := got.all()
	for _, e := range all {
		*e.Metadata() = callback.Meta{}
	}
	assert.Equal(t, []callback.Event{&callback.TopicInfoChanged{
		GroupID: "@TGS#_club", Type: restapi.GroupCommunity, OperatorAccount: "administrator",
		Name: "TestTopic", Notification: "NewNotification",
	}}, all)
}

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

	// The same message sent again (same Random and body, within 5 minutes)
	// is no repeat of the deleted topic's: it is stored in the new one.
	again, err := rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: gid, TopicID: tid, FromAccount: "alice", Random: 1, MsgBody: []restapi.Element{restapi.Text("old")}})
	require.NoError(t, err)
	require.NoError(t, rc.Call(ctx, restapi.ServiceGroup, restapi.CommandGroupMsgGetSimple,
		&restapi.GroupMsgGetSimpleRequest{GroupID: gid, TopicID: tid, ReqMsgNumber: 20}, &resp))
	require.Len(t, resp.RspMsgList, 1, "stored, not answered as a repeat")
	assert.Equal(t, again.MsgSeq, resp.RspMsgList[0].MsgSeq)
}

// TestGroupRepeatIsPerTopic: a repeat is a send of the same sender,
// Random and MsgBody within 5 minutes to the same place (protocol.md,
// send_group_msg: the topic is in the key): one message sent to two
// topics, and to the group itself, is stored in each.
func TestGroupRepeatIsPerTopic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := fixedServer(t)
	rc, _ := restClient(t, srv, nil)
	gid, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "c", GroupID: "@TGS#_two", SupportTopic: 1})
	require.NoError(t, err)
	topics := []string{"@TGS#_two@TOPIC#_a", "@TGS#_two@TOPIC#_b"}
	for _, tid := range topics {
		_, err = rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: gid, TopicID: tid, TopicName: tid})
		require.NoError(t, err)
	}
	for _, tid := range append(topics, "") {
		_, err := rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: gid, TopicID: tid, FromAccount: "alice", Random: 7, MsgBody: []restapi.Element{restapi.Text("hi")}})
		require.NoError(t, err)
		var resp restapi.GroupMsgGetSimpleResponse
		require.NoError(t, rc.Call(ctx, restapi.ServiceGroup, restapi.CommandGroupMsgGetSimple,
			&restapi.GroupMsgGetSimpleRequest{GroupID: gid, TopicID: tid, ReqMsgNumber: 20}, &resp))
		assert.Len(t, resp.RspMsgList, 1, "topic %q", tid)
	}
}
