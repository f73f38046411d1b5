package imtest

import (
	"encoding/json"
	"hash/crc32"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/restapi"
)

// GroupMessage is one message of a group as the server keeps it: a
// send_group_msg message (MsgSeq from 1 up; online-only ones take a
// MsgSeq and are not kept), or a system notification (System true,
// Content, no MsgSeq; Tencent stores none, the server keeps them for
// assertions).
type GroupMessage struct {
	FromAccount     string              // the sender; the admin's UserID when the admin sent it
	MsgSeq          uint64              // from 1 up; 0 for a system notification
	MsgRandom       uint32              // the request's Random
	MsgTime         int64               // Unix seconds, server time
	MsgPriority     restapi.MsgPriority // as sent
	MsgBody         []restapi.Element   // as sent, or as modify_group_msg left it
	CloudCustomData string              // as sent
	ToAccount       []string            // the targeted receivers; empty for every member
	GroupAtInfo     []restapi.GroupAt   // the @-mentions, as sent
	TopicID         string              // the Community topic named, one of its topics (inTopic)
	System          bool                // a system notification
	Content         string              // a system notification's text
	Recalled        bool                // recalled by group_msg_recall
}

// v4SendGroupMsg posts a message to a group. Checks, in order: the body
// (60003); restapi's Validate (10004, 10015); the element types (10004);
// MsgBody, and CloudCustomData, at most 8 000 bytes each (80002; the
// second the server's bound); the group exists (10010) and, for a
// TopicId, has topics (11000) and that topic (110003, inTopic);
// OnlineOnlyFlag not for an AVChatRoom (10004); To_Account only on a
// Flagship or Enterprise app (10007; 269/76669: 旗舰版或企业版);
// From_Account a member (10007; imported, 10004, in an AVChatRoom, which
// keeps no members); the sender not muted in the group, app-wide
// (setnospeaking's group time) or, unless owner or admin, by the group's
// or the topic's MuteAllMember (10017); a repeat of the same sender, Random and body
// within 5 minutes answered with the first send's answer; a group
// dissolved while Group.CallbackBeforeSendMsg ran (10010).
func (s *Server) v4SendGroupMsg(c *v4Call, req *restapi.SendGroupMsgRequest) (any, error) {
	var raw struct{ MsgBody, CloudCustomData json.RawMessage }
	_ = json.Unmarshal(c.body, &raw) // decoded above
	if err := checkTypes(req.MsgBody, restapi.CodeGroupInvalidParam); err != nil {
		return nil, err
	}
	if err := checkSizes(raw.MsgBody, raw.CloudCustomData, restapi.MaxGroupMsgBodyBytes, restapi.CodeMsgBodyTooLong, "a group message"); err != nil {
		return nil, err
	}
	st := &c.app.v4
	g, err := st.groupTopic(req.GroupID, req.TopicID)
	if err != nil {
		return nil, err
	}
	live := g.info.Type == restapi.GroupAVChatRoom
	if live && req.OnlineOnlyFlag == 1 {
		return nil, v4Err(restapi.CodeGroupInvalidParam, "OnlineOnlyFlag is not for an AVChatRoom (its messages reach online members only anyway)")
	}
	if len(req.ToAccount) > 0 && !c.app.app.Edition.AtLeast(apps.EditionFlagship) {
		return nil, v4Err(restapi.CodeGroupNoPermission, "To_Account (targeted receivers) needs a Flagship or Enterprise app; upgrade app %d or send to every member", c.app.app.SDKAppID)
	}
	from := sender(c, req.FromAccount)
	mayPost := func() error { // again after the before-callback, which runs with the lock released
		if err := g.inTopic(req.TopicID); err != nil || req.FromAccount == "" {
			return err
		}
		return st.mayPost(g, from, req.TopicID, c.now)
	}
	if err := mayPost(); err != nil {
		return nil, err
	}
	key := groupDedupKey(req.TopicID, from, req.Random, raw.MsgBody)
	if sent, ok := g.dedup.lookup(key, c.now, groupRepeatWindow); ok {
		return sent, nil
	}
	drop, err := s.beforeGroupSendMsg(c, g, req, from)
	if err != nil {
		return nil, err
	}
	if st.groups[req.GroupID] != g {
		return nil, v4Err(restapi.CodeGroupNotFound, "group %q was dissolved while its Group.CallbackBeforeSendMsg ran", req.GroupID)
	}
	if err := mayPost(); err != nil {
		return nil, err
	}
	if sent, ok := g.dedup.lookup(key, c.now, groupRepeatWindow); ok { // a repeat answered while the callback ran
		return sent, nil
	}
	resp := g.post(GroupMessage{
		FromAccount: from, MsgRandom: req.Random, MsgTime: c.now.Unix(), MsgPriority: req.MsgPriority,
		MsgBody: req.MsgBody, CloudCustomData: req.CloudCustomData, ToAccount: req.ToAccount, GroupAtInfo: req.GroupAtInfo,
		TopicID: req.TopicID,
	}, req.OnlineOnlyFlag == 1 || drop)
	if i := g.member(from); i >= 0 {
		g.members[i].LastSendMsgTime = c.now.Unix()
	}
	g.dedup.remember(key, resp, c.now, groupRepeatWindow)
	if !drop {
		s.afterGroupSendMsg(c, g, req, from, resp)
	}
	return resp, nil
}

// mayPost answers why from may not send to g (to its topic topicID, when
// not "", one inTopic found): not a member (10007; in an AVChatRoom, not imported, 10004),
// muted in the group, in the topic, app-wide, or by the group's or the
// topic's MuteAllMember (10017).
func (st *v4State) mayPost(g *v4Group, from, topicID string, now time.Time) error {
	role := restapi.RoleMember
	if g.info.Type == restapi.GroupAVChatRoom {
		if err := st.imported("From_Account", from, restapi.CodeGroupInvalidParam); err != nil {
			return err
		}
		if i := g.member(from); i >= 0 { // its owner: MuteAllMember does not mute it
			role = g.members[i].Role
		}
	} else {
		i := g.member(from)
		if i < 0 {
			return v4Err(restapi.CodeGroupNoPermission, "From_Account %q is not a member of group %q; add it first (add_group_member) or send as the admin", from, g.info.GroupID)
		}
		role = g.members[i].Role
	}
	var topic v4Topic
	if topicID != "" {
		topic = g.topics.list[g.topics.find(topicID)]
	}
	switch {
	case g.mutes[from].shutUpUntil(now) != 0:
		return v4Err(restapi.CodeGroupMemberMuted, "%q is muted in group %q", from, g.info.GroupID)
	case topic.mutes[from].shutUpUntil(now) != 0:
		return v4Err(restapi.CodeGroupMemberMuted, "%q is muted in topic %q", from, topicID)
	case st.muted(from, now).GroupMsgNoSpeakingTime != 0:
		return v4Err(restapi.CodeGroupMemberMuted, "%q is muted in every group (setnospeaking)", from)
	case g.info.MuteAllMember == restapi.MuteAllOn && role == restapi.RoleMember:
		return v4Err(restapi.CodeGroupMemberMuted, "group %q mutes every member but the owner and admins (MuteAllMember On)", g.info.GroupID)
	case topic.mutedAll && role == restapi.RoleMember:
		return v4Err(restapi.CodeGroupMemberMuted, "topic %q mutes every member but the owner and admins (MuteAllMember On)", topicID)
	}
	return nil
}

// post gives msg the group's next MsgSeq and keeps it unless it is for
// online members only: the one place a group-message event happens.
func (g *v4Group) post(msg GroupMessage, onlineOnly bool) restapi.SendGroupMsgResponse {
	msg.MsgSeq = uint64(g.info.NextMsgSeq)
	g.info.NextMsgSeq++
	g.info.LastMsgTime = msg.MsgTime
	if !onlineOnly {
		g.msgs = append(g.msgs, msg)
	}
	return restapi.SendGroupMsgResponse{MsgTime: msg.MsgTime, MsgSeq: msg.MsgSeq}
}

// groupDedupKey is send_group_msg's repeat key: topic ("" for the group
// itself), sender, Random and the CRC32 of the body. The topic comes
// first, so destroy_topic can forget its topic's keys (topicKeys).
func groupDedupKey(topic, from string, random uint32, body []byte) string {
	return topic + "\x00" + from + "\x00" + strconv.FormatUint(uint64(random), 10) + "_" + strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10)
}

// topicKeys reports whether a groupDedupKey is of topic's messages.
func topicKeys(topic string) func(key string, _ repeat[restapi.SendGroupMsgResponse]) bool {
	return func(key string, _ repeat[restapi.SendGroupMsgResponse]) bool {
		return strings.HasPrefix(key, topic+"\x00")
	}
}

// v4SendGroupSystemNotification sends a notification: restapi's Validate
// (10004, 10015); the group exists (10010); a TopicId for a group with
// topics (11000) that has it (110003); ToMembers_Account empty for
// an AVChatRoom, members of the group otherwise (10004); a Trial app's
// 1 000 notifications a day (UTC day of server time; 60007).
func (s *Server) v4SendGroupSystemNotification(c *v4Call, req *restapi.SendGroupSystemNotificationRequest) (any, error) {
	st := &c.app.v4
	g, err := st.groupTopic(req.GroupID, req.TopicID)
	if err != nil {
		return nil, err
	}
	if g.info.Type == restapi.GroupAVChatRoom && len(req.ToMembersAccount) > 0 {
		return nil, v4Err(restapi.CodeGroupInvalidParam, "an AVChatRoom's notifications go to every member: leave ToMembers_Account empty")
	}
	for _, id := range req.ToMembersAccount {
		if g.member(id) < 0 {
			return nil, v4Err(restapi.CodeGroupInvalidParam, "ToMembers_Account %q is not a member of group %q", id, req.GroupID)
		}
	}
	if !c.app.app.Edition.Paid() {
		if !st.notices.take(c.now, secondsPerDay, 1, restapi.MaxTrialMessagesPerDay) {
			return nil, v4Err(restapi.CodeRateLimit, "trial app %d sends at most %d group system notifications a day (UTC)", c.app.app.SDKAppID, restapi.MaxTrialMessagesPerDay)
		}
	}
	g.msgs = append(g.msgs, GroupMessage{FromAccount: c.identifier, MsgTime: c.now.Unix(), ToAccount: slices.Clone(req.ToMembersAccount), System: true, Content: req.Content, TopicID: req.TopicID})
	return nil, nil
}

// GroupMembers returns a group's members, the owner first then in join
// order, with their roles, join times, mutes (ShutUpUntil) on the server
// clock and AppMemberDefinedData; nil for an unknown group. For
// assertions on what code did. It panics for an unknown app.
func (s *Server) GroupMembers(sdkAppID uint64, groupID string) []restapi.GroupMemberInfo {
	return readV4(s, "GroupMembers", sdkAppID, func(st *v4State, now time.Time) []restapi.GroupMemberInfo {
		if g := st.groups[groupID]; g != nil {
			return g.memberList(now, func(string) bool { return true })
		}
		return nil
	})
}

// GroupMessages returns a group's messages and system notifications,
// oldest first; nil for an unknown group, or none. For assertions on what
// code sent. It panics for an unknown app.
func (s *Server) GroupMessages(sdkAppID uint64, groupID string) []GroupMessage {
	return readV4(s, "GroupMessages", sdkAppID, func(st *v4State, _ time.Time) []GroupMessage {
		if g := st.groups[groupID]; g != nil {
			return slices.Clone(g.msgs)
		}
		return nil
	})
}
