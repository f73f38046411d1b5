package restapi_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

// newTopicGroups is a fixture with a Community with topics (@TGS#_club,
// SupportTopic 1), one without (@TGS#_plain) and a Public group.
func newTopicGroups(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, "alice", "bob")
	for _, req := range []*restapi.CreateGroupRequest{
		{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "c", GroupID: "@TGS#_club", SupportTopic: 1},
		{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "c", GroupID: "@TGS#_plain"},
		{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub"},
	} {
		_, err := f.rc.Groups.Create(t.Context(), req)
		require.NoError(t, err)
	}
	return f
}

// TestTopicsCreateAndDestroy: create_topic answers the TopicId, a custom
// one "in the format of GroupId+@TOPIC#_+Custom part" (trtc.io/document/
// 49471) kept as given, an assigned one "starts with GroupId+@TOPIC#_"
// (Group System, INTL 1047/33529); destroy_topic answers
// DestroyResultItem [{ErrorCode, ErrorInfo, TopicId}], one per topic, and
// 110003 "the topic is already deleted" for one deleted before
// (trtc.io/document/49470).
func TestTopicsCreateAndDestroy(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newTopicGroups(t)

	custom, err := f.rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_club@TOPIC#_TestTopic", TopicName: "TestTopic",
		FromAccount: "bob", CustomString: "This is a custom string", FaceURL: "http://this.is.face.url", Notification: "n", Introduction: "i"})
	require.NoError(t, err)
	assert.Equal(t, "@TGS#_club@TOPIC#_TestTopic", custom)
	assigned, err := f.rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicName: "second"})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(assigned, "@TGS#_club@TOPIC#_"), assigned)
	assert.Equal(t, []string{custom, assigned}, f.srv.GroupTopics(f.id, "@TGS#_club"))

	results, err := f.rc.Groups.DestroyTopics(ctx, "@TGS#_club", custom)
	require.NoError(t, err)
	assert.Equal(t, []restapi.TopicResult{{TopicID: custom, ErrorInfo: "ok"}}, results)
	results, err = f.rc.Groups.DestroyTopics(ctx, "@TGS#_club", custom, assigned)
	require.NoError(t, err)
	require.Len(t, results, 2)
	assert.Equal(t, restapi.CodeTopicGone, results[0].ErrorCode)
	assert.Equal(t, restapi.TopicResult{TopicID: assigned, ErrorInfo: "ok"}, results[1])
	assert.Empty(t, f.srv.GroupTopics(f.id, "@TGS#_club"))

	again, err := f.rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: custom, TopicName: "back"})
	require.NoError(t, err, "a deleted topic's ID is free again")
	assert.Equal(t, custom, again)
	assert.Len(t, f.srv.RequestsFor("million_group_open_http_svc/destroy_topic"), 2, "sent to million_group_open_http_svc")
}

// TestTopicCodes: the codes of the topic commands. 11000 "The current
// group does not support the community topic feature" for a Community
// created without SupportTopic and a group of another type ("Community:
// This API applies only to topic-enabled communities"); 10004 "Invalid
// parameter" and 10015 "The requested group ID is invalid"
// (trtc.io/document/49470); the custom TopicId rules of the Group System
// page (INTL 1047/33529: "GroupId+@TOPIC#_+ custom part", "cannot contain
// @TGS#_ and @TOPIC#_@TOPIC#", "printable ASCII characters (0x20-0x7e)",
// "no longer than 96 bytes"); TopicName required, at most 30 bytes,
// CustomString 3000 (the create_topic fields as Tencent's Java REST SDK
// copies them: "话题名称，最长30字节", "自定义字符串，最长3000个字节");
// 10010 for a group that does not exist (im-facts-rest.md C); 10021 for a
// custom TopicId in use, as for a custom GroupId.
func TestTopicCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newTopicGroups(t)
	create := func(req restapi.CreateTopicRequest) func() error {
		return func() error { _, err := f.rc.Groups.CreateTopic(ctx, &req); return err }
	}
	_, err := f.rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_club@TOPIC#_taken", TopicName: "t"})
	require.NoError(t, err)
	for _, tc := range []codeCase{
		{"create in a Community without topics", create(restapi.CreateTopicRequest{GroupID: "@TGS#_plain", TopicName: "t"}), 11000},
		{"create in a Public group", create(restapi.CreateTopicRequest{GroupID: "pub", TopicName: "t"}), 11000},
		{"create in an unknown group", create(restapi.CreateTopicRequest{GroupID: "@TGS#_nosuch", TopicName: "t"}), 10010},
		{"create with a GroupId that cannot be one", create(restapi.CreateTopicRequest{GroupID: strings.Repeat("g", 49), TopicName: "t"}), 10015},
		{"create without a name", create(restapi.CreateTopicRequest{GroupID: "@TGS#_club"}), 10004},
		{"create with a 31-byte name", create(restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicName: strings.Repeat("n", 31)}), 10004},
		{"create with a long CustomString", create(restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicName: "t", CustomString: strings.Repeat("x", 3001)}), 10004},
		{"create with a TopicId of another group", create(restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_other@TOPIC#_t", TopicName: "t"}), 10004},
		{"create with a TopicId of no custom part", create(restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_club@TOPIC#_", TopicName: "t"}), 10004},
		{"create with an assigned-looking TopicId", create(restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_club@TOPIC#_@TOPIC#x", TopicName: "t"}), 10004},
		{"create with @TGS#_ in the TopicId", create(restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_club@TOPIC#_a@TGS#_b", TopicName: "t"}), 10004},
		{"create with a 97-byte TopicId", create(restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_club@TOPIC#_" + strings.Repeat("t", 97-18), TopicName: "t"}), 10004},
		{"create with a TopicId in use", create(restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_club@TOPIC#_taken", TopicName: "t"}), 10021},
		{"destroy in a Community without topics", func() error {
			_, err := f.rc.Groups.DestroyTopics(ctx, "@TGS#_plain", "@TGS#_plain@TOPIC#_t")
			return err
		}, 11000},
		{"destroy in an unknown group", func() error {
			_, err := f.rc.Groups.DestroyTopics(ctx, "@TGS#_nosuch", "@TGS#_nosuch@TOPIC#_t")
			return err
		}, 10010},
		{"destroy of no topic", func() error { _, err := f.rc.Groups.DestroyTopics(ctx, "@TGS#_club"); return err }, 10004},
		{"destroy of an empty TopicId", func() error { _, err := f.rc.Groups.DestroyTopics(ctx, "@TGS#_club", ""); return err }, 10004},
	} {
		err := tc.call()
		assert.True(t, restapi.HasCode(err, tc.code), "%s: %v, want %d", tc.name, err, tc.code)
	}
	ok, err := f.rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_club@TOPIC#_" + strings.Repeat("t", 96-18), TopicName: strings.Repeat("n", 30)})
	require.NoError(t, err, "96 bytes and a 30-byte name fit")
	assert.Len(t, ok, 96)
}
