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
