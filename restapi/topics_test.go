package restapi_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

// newTopicGroups is a fixture with a Community with topics (@TGS#_club,
// SupportTopic 1), one without (@TGS#_plain) and a Public group.
func newTopicGroups(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, "alice", "bob")
	f.createGroups(t,
		&restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "c", GroupID: "@TGS#_club", SupportTopic: 1},
		&restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "c", GroupID: "@TGS#_plain"},
		&restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub"})
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

// TestTopicsGetAndModify: get_topic answers TopicAndSelfInfo, one item
// per topic: every topic without a TopicIdList ("若不填，则获取群组下所有的
// 话题信息"), those of TopicIdList in order otherwise, only the fields a
// ResponseFilter names ("如果设置了过滤器，没有在过滤器中指明的字段将不被
// 拉取", trtc.io/zh/document/49469, CN 269/78204), with the TopicInfo
// and SelfInfo field names as Tencent's Java REST SDK copies the sample
// response (TopicId, GroupID, TopicName, FaceUrl, Notification,
// Introduction, CustomString, CreateTime, LastMsgTime, NextMsgSeq,
// ShutUpAllFlag; ShutUpTime, MsgSeq, MsgFlag). modify_topic changes the
// fields sent (TopicName, FaceUrl, Notification, Introduction,
// MuteAllMember "On"/"Off", CustomString; the ALL IN ONE sample of
// trtc.io/document/49468), which get_topic then answers. A TopicId the
// group does not have answers 110003, as destroy_topic answers a topic
// already deleted (the server's choice: the pages' error tables were not
// read).
func TestTopicsGetAndModify(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob", "carol")
	_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "c", GroupID: "@TGS#_club", SupportTopic: 1,
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
	require.NoError(t, err)
	created := f.srv.Now().Unix()
	custom, err := f.rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_club@TOPIC#_TestTopic", TopicName: "TestTopic",
		CustomString: "This is a custom string", FaceURL: "http://this.is.face.url", Notification: "n", Introduction: "i"})
	require.NoError(t, err)
	f.srv.Advance(time.Minute)
	assigned, err := f.rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicName: "second"})
	require.NoError(t, err)
	sent, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "@TGS#_club", Random: 1, MsgBody: hello("hi"), TopicID: assigned})
	require.NoError(t, err)
	require.NoError(t, f.rc.Groups.MuteMembers(ctx, "@TGS#_club", time.Hour, "bob"))
	require.NoError(t, f.rc.Groups.UpdateMember(ctx, &restapi.ModifyGroupMemberInfoRequest{GroupID: "@TGS#_club", MemberAccount: "bob", MsgFlag: restapi.MsgDiscard}))
	bob := &restapi.TopicSelfInfo{ShutUpTime: f.srv.Now().Add(time.Hour).Unix(), MsgFlag: restapi.MsgDiscard}
	first := restapi.TopicInfo{TopicID: custom, GroupID: "@TGS#_club", TopicName: "TestTopic", FaceURL: "http://this.is.face.url", Notification: "n",
		Introduction: "i", CustomString: "This is a custom string", CreateTime: created}
	second := restapi.TopicInfo{TopicID: assigned, GroupID: "@TGS#_club", TopicName: "second", CreateTime: created + 60, LastMsgTime: sent.MsgTime, NextMsgSeq: sent.MsgSeq + 1}
	gone := restapi.TopicAndSelfInfo{ErrorCode: restapi.CodeTopicGone, ErrorInfo: "the topic was deleted or never created", TopicInfo: restapi.TopicInfo{TopicID: "@TGS#_club@TOPIC#_none"}}

	for _, tc := range []struct {
		name string
		req  restapi.GetTopicRequest
		want []restapi.TopicAndSelfInfo
	}{
		{"every topic, in creation order", restapi.GetTopicRequest{FromAccount: "bob"},
			[]restapi.TopicAndSelfInfo{{ErrorInfo: "ok", TopicInfo: first, SelfInfo: bob}, {ErrorInfo: "ok", TopicInfo: second, SelfInfo: bob}}},
		{"the topics named, in order, one unknown", restapi.GetTopicRequest{FromAccount: "bob", TopicIDList: []string{assigned, "@TGS#_club@TOPIC#_none", custom}},
			[]restapi.TopicAndSelfInfo{{ErrorInfo: "ok", TopicInfo: second, SelfInfo: bob}, gone, {ErrorInfo: "ok", TopicInfo: first, SelfInfo: bob}}},
		{"a filter keeps the fields it names", restapi.GetTopicRequest{FromAccount: "bob", TopicIDList: []string{custom}, ResponseFilter: []string{"TopicName", "FaceUrl", "Notification", "Introduction"}},
			[]restapi.TopicAndSelfInfo{{ErrorInfo: "ok", TopicInfo: restapi.TopicInfo{TopicID: custom, TopicName: "TestTopic", FaceURL: "http://this.is.face.url", Notification: "n", Introduction: "i"}, SelfInfo: bob}}},
		{"no SelfInfo for an account not in the group", restapi.GetTopicRequest{FromAccount: "carol", TopicIDList: []string{assigned}},
			[]restapi.TopicAndSelfInfo{{ErrorInfo: "ok", TopicInfo: second}}},
	} {
		req := tc.req
		req.GroupID = "@TGS#_club"
		got, err := f.rc.Groups.Topics(ctx, &req)
		require.NoError(t, err, tc.name)
		assert.Equal(t, tc.want, got, tc.name)
	}

	require.NoError(t, f.rc.Groups.UpdateTopic(ctx, &restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: custom, FromAccount: "bob", TopicName: "TestTopicName",
		FaceURL: "http://this.is.new.face.url", Notification: "Notification", Introduction: "Introduction", MuteAllMember: restapi.MuteAllOn, CustomString: "This is a customs string."}))
	require.NoError(t, f.rc.Groups.UpdateTopic(ctx, &restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: assigned, Notification: "only this"}))
	got, err := f.rc.Groups.Topics(ctx, &restapi.GetTopicRequest{GroupID: "@TGS#_club", FromAccount: "alice"})
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, restapi.TopicInfo{TopicID: custom, GroupID: "@TGS#_club", TopicName: "TestTopicName", FaceURL: "http://this.is.new.face.url",
		Notification: "Notification", Introduction: "Introduction", CustomString: "This is a customs string.", CreateTime: created, ShutUpAllFlag: 1}, got[0].TopicInfo)
	second.Notification = "only this"
	assert.Equal(t, second, got[1].TopicInfo, "the fields not sent are kept")
	assert.Equal(t, &restapi.TopicSelfInfo{}, got[0].SelfInfo, "the owner: not muted, MsgFlag never set")

	require.NoError(t, f.rc.Groups.UpdateTopic(ctx, &restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: custom, MuteAllMember: restapi.MuteAllOff}))
	got, err = f.rc.Groups.Topics(ctx, &restapi.GetTopicRequest{GroupID: "@TGS#_club", FromAccount: "alice", TopicIDList: []string{custom}, ResponseFilter: []string{"ShutUpAllFlag"}})
	require.NoError(t, err)
	assert.Equal(t, restapi.TopicInfo{TopicID: custom}, got[0].TopicInfo, "MuteAllMember Off clears ShutUpAllFlag")

	_, err = f.rc.Groups.DestroyTopics(ctx, "@TGS#_club", custom)
	require.NoError(t, err)
	got, err = f.rc.Groups.Topics(ctx, &restapi.GetTopicRequest{GroupID: "@TGS#_club", FromAccount: "alice"})
	require.NoError(t, err)
	require.Len(t, got, 1, "a destroyed topic is not answered")
	assert.Equal(t, assigned, got[0].TopicInfo.TopicID)
	assert.True(t, restapi.HasCode(f.rc.Groups.UpdateTopic(ctx, &restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: custom, TopicName: "back"}), restapi.CodeTopicGone),
		"a destroyed topic cannot be modified")
	assert.Len(t, f.srv.RequestsFor("million_group_open_http_svc/modify_topic"), 4, "sent to million_group_open_http_svc")
}

// TestTopicProfileCodes: the codes of get_topic and modify_topic. 11000
// for a group without topics ("This API applies only to topic-enabled
// communities", trtc.io/document/49469 and 49468), 10010 for a group that
// does not exist and 10015 for a GroupId that cannot be one (as
// create_topic and destroy_topic answer them); get_topic's GroupId and
// From_Account "必填" (CN 269/78204), modify_topic's GroupId and TopicId
// "which is required", its fields with create_topic's limits (TopicName
// 30 bytes, Introduction 240, Notification 300, FaceUrl 100,
// CustomString 3000) and MuteAllMember "`On`: Enable. `Off`: Disable"
// (all 10004); 110003 for a topic the group does not have (the server's
// choice).
func TestTopicProfileCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newTopicGroups(t)
	topic, err := f.rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicName: "t"})
	require.NoError(t, err)
	get := func(req restapi.GetTopicRequest) func() error {
		return func() error { _, err := f.rc.Groups.Topics(ctx, &req); return err }
	}
	modify := func(req restapi.ModifyTopicRequest) func() error {
		return func() error { return f.rc.Groups.UpdateTopic(ctx, &req) }
	}
	for _, tc := range []codeCase{
		{"get in a Community without topics", get(restapi.GetTopicRequest{GroupID: "@TGS#_plain", FromAccount: "alice"}), 11000},
		{"get in a Public group", get(restapi.GetTopicRequest{GroupID: "pub", FromAccount: "alice"}), 11000},
		{"get in an unknown group", get(restapi.GetTopicRequest{GroupID: "@TGS#_nosuch", FromAccount: "alice"}), 10010},
		{"get with a GroupId that cannot be one", get(restapi.GetTopicRequest{GroupID: strings.Repeat("g", 49), FromAccount: "alice"}), 10015},
		{"get without a GroupId", get(restapi.GetTopicRequest{FromAccount: "alice"}), 10004},
		{"get without From_Account", get(restapi.GetTopicRequest{GroupID: "@TGS#_club"}), 10004},
		{"get with a From_Account that is no UserID", get(restapi.GetTopicRequest{GroupID: "@TGS#_club", FromAccount: strings.Repeat("u", 33)}), 10004},
		{"get with an empty TopicId", get(restapi.GetTopicRequest{GroupID: "@TGS#_club", FromAccount: "alice", TopicIDList: []string{topic, ""}}), 10004},
		{"modify in a Community without topics", modify(restapi.ModifyTopicRequest{GroupID: "@TGS#_plain", TopicID: "@TGS#_plain@TOPIC#_t", TopicName: "n"}), 11000},
		{"modify in an unknown group", modify(restapi.ModifyTopicRequest{GroupID: "@TGS#_nosuch", TopicID: "@TGS#_nosuch@TOPIC#_t", TopicName: "n"}), 10010},
		{"modify an unknown topic", modify(restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_club@TOPIC#_none", TopicName: "n"}), 110003},
		{"modify with a GroupId that cannot be one", modify(restapi.ModifyTopicRequest{GroupID: strings.Repeat("g", 49), TopicID: topic}), 10015},
		{"modify without a TopicId", modify(restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicName: "n"}), 10004},
		{"modify with a 31-byte name", modify(restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: topic, TopicName: strings.Repeat("n", 31)}), 10004},
		{"modify with a long Introduction", modify(restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: topic, Introduction: strings.Repeat("i", 241)}), 10004},
		{"modify with a long Notification", modify(restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: topic, Notification: strings.Repeat("n", 301)}), 10004},
		{"modify with a long FaceUrl", modify(restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: topic, FaceURL: strings.Repeat("f", 101)}), 10004},
		{"modify with a long CustomString", modify(restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: topic, CustomString: strings.Repeat("x", 3001)}), 10004},
		{"modify with MuteAllMember neither On nor Off", modify(restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: topic, MuteAllMember: "on"}), 10004},
		{"modify with a From_Account that is no UserID", modify(restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: topic, FromAccount: strings.Repeat("u", 33)}), 10004},
	} {
		err := tc.call()
		assert.True(t, restapi.HasCode(err, tc.code), "%s: %v, want %d", tc.name, err, tc.code)
	}
	require.NoError(t, f.rc.Groups.UpdateTopic(ctx, &restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: topic, TopicName: strings.Repeat("n", 30),
		Introduction: strings.Repeat("i", 240), Notification: strings.Repeat("n", 300), FaceURL: strings.Repeat("f", 100), CustomString: strings.Repeat("x", 3000)}),
		"the limits themselves fit")
	assert.Len(t, f.srv.RequestsFor("million_group_open_http_svc/get_topic"), 3, "only the bodies that pass Validate are sent")
}

// TestTopicMutes: forbid_send_msg with a TopicId "需要设置的是用户所在话题的禁言
// 状态" (CN 269/1627) and get_group_muted_account with one answers "话题中
// 被禁言的群成员列表" (CN 269/2925): a mute in one topic stops the member's
// send_group_msg there (10017, as a group mute does) and nowhere else, is
// listed for that topic only, shows in get_topic's SelfInfo of that topic,
// runs out on the server clock and goes with the topic. A TopicId the
// group does not have answers 110003, one on a group without topics 11000,
// as send_group_msg answers them (the server's choice: the pages do not
// say); send_group_system_notification checks its TopicId the same way.
func TestTopicMutes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newTopicGroups(t)
	_, err := f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: "@TGS#_club", MemberList: []restapi.MemberAccount{{MemberAccount: "bob"}}})
	require.NoError(t, err)
	t1, err := f.rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_club@TOPIC#_one", TopicName: "one"})
	require.NoError(t, err)
	t2, err := f.rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicName: "two"})
	require.NoError(t, err)
	mute := func(groupID, topicID string, d time.Duration) error {
		return f.rc.Groups.MuteTopicMembers(ctx, groupID, topicID, d, "bob")
	}
	muted := func(topicID string) ([]restapi.MutedMember, error) {
		return f.rc.Groups.TopicMutedMembers(ctx, "@TGS#_club", topicID)
	}
	random := uint32(0)
	send := func(topicID string) error {
		random++
		_, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: "@TGS#_club", FromAccount: "bob", Random: random, MsgBody: hello("hi"), TopicID: topicID})
		return err
	}
	shutUp := func() []int64 {
		got, err := f.rc.Groups.Topics(ctx, &restapi.GetTopicRequest{GroupID: "@TGS#_club", FromAccount: "bob"})
		require.NoError(t, err)
		var out []int64
		for _, topic := range got {
			out = append(out, topic.SelfInfo.ShutUpTime)
		}
		return out
	}

	require.NoError(t, mute("@TGS#_club", t1, time.Minute))
	until := f.srv.Now().Unix() + 60
	assert.True(t, restapi.HasCode(send(t1), restapi.CodeGroupMemberMuted), "muted in the topic")
	require.NoError(t, send(t2), "another topic")
	require.NoError(t, send(""), "the group itself")
	list, err := muted(t1)
	require.NoError(t, err)
	assert.Equal(t, []restapi.MutedMember{{MemberAccount: "bob", MutedUntil: until}}, list)
	for _, topicID := range []string{t2, ""} {
		list, err = muted(topicID)
		require.NoError(t, err)
		assert.Empty(t, list, "not muted in %q", topicID)
	}
	assert.Zero(t, f.srv.GroupMembers(f.id, "@TGS#_club")[1].ShutUpUntil, "not a group mute")
	assert.Equal(t, []int64{until, 0}, shutUp())

	require.NoError(t, f.rc.Groups.MuteMembers(ctx, "@TGS#_club", time.Hour, "bob"))
	assert.Equal(t, []int64{until + 3540, until + 3540}, shutUp(), "the later of the group's mute and the topic's")
	require.NoError(t, f.rc.Groups.MuteMembers(ctx, "@TGS#_club", 0, "bob"))

	f.srv.Advance(61 * time.Second)
	require.NoError(t, send(t1), "the topic's mute ran out")
	require.NoError(t, mute("@TGS#_club", t1, restapi.MuteForever))
	require.NoError(t, mute("@TGS#_club", t1, 0))
	require.NoError(t, send(t1), "MuteTime 0 unmutes in the topic")

	require.NoError(t, mute("@TGS#_club", t1, restapi.MuteForever))
	_, err = f.rc.Groups.DestroyTopics(ctx, "@TGS#_club", t1)
	require.NoError(t, err)
	_, err = f.rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: t1, TopicName: "again"})
	require.NoError(t, err)
	require.NoError(t, send(t1), "a topic's mutes go with it")

}

// TestTopicIDChecked: every group command that takes a TopicId (its
// pages: a topic of "仅支持话题的社群") answers 11000 for one on a group
// without topics, as the topic commands answer such a group, and 110003
// for a topic the group does not have (the server's choice, as
// destroy_topic answers a deleted one; the pages do not say), before it
// reads or changes anything; the topic it has is served.
func TestTopicIDChecked(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newTopicGroups(t)
	_, err := f.rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_club@TOPIC#_one", TopicName: "one"})
	require.NoError(t, err)
	hi := `"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]`
	for _, tc := range []struct {
		service, command, body string // body: the fields between GroupId and TopicId, each followed by a comma
	}{
		{restapi.ServiceGroup, restapi.CommandSendGroupMsg, `"Random":1,` + hi + `,`},
		{restapi.ServiceGroup, restapi.CommandSendGroupSystemNotification, `"Content":"c",`},
		{restapi.ServiceGroup, restapi.CommandForbidSendMsg, `"Members_Account":["bob"],"MuteTime":60,`},
		{restapi.ServiceGroup, restapi.CommandGetGroupMutedAccount, ""},
		{restapi.ServiceGroup, restapi.CommandGroupMsgRecall, `"MsgSeqList":[{"MsgSeq":1}],`},
		{restapi.ServiceGroup, restapi.CommandGroupMsgGetSimple, `"ReqMsgNumber":1,`},
		{restapi.ServiceGroup, restapi.CommandImportGroupMsg, `"MsgList":[{"From_Account":"alice","SendTime":1,"Random":1,` + hi + `}],`},
		{restapi.ServiceGroup, restapi.CommandDeleteGroupMsgBySender, `"Sender_Account":"bob",`},
		{restapi.ServiceOpenIM, restapi.CommandModifyGroupMsg, `"MsgSeq":1,` + hi + `,`},
	} {
		for _, c := range []struct {
			groupID, topicID string
			code             int
		}{
			{"@TGS#_plain", "@TGS#_plain@TOPIC#_one", restapi.CodeTopicsNotSupported},
			{"pub", "pub@TOPIC#_one", restapi.CodeTopicsNotSupported},
			{"@TGS#_club", "@TGS#_club@TOPIC#_two", restapi.CodeTopicGone},
		} {
			body := fmt.Sprintf(`{"GroupId":%q,%s"TopicId":%q}`, c.groupID, tc.body, c.topicID)
			err := f.rc.Call(ctx, tc.service, tc.command, json.RawMessage(body), nil)
			assert.True(t, restapi.HasCode(err, c.code), "%s in %s: %v, want %d", tc.command, c.groupID, err, c.code)
		}
		body := fmt.Sprintf(`{"GroupId":"@TGS#_club",%s"TopicId":"@TGS#_club@TOPIC#_one"}`, tc.body)
		err := f.rc.Call(ctx, tc.service, tc.command, json.RawMessage(body), nil)
		assert.False(t, restapi.HasCode(err, restapi.CodeTopicsNotSupported) || restapi.HasCode(err, restapi.CodeTopicGone), "%s in a topic the group has: %v", tc.command, err)
	}
}
