package imtest

import (
	"encoding/json"
	"maps"
	"time"

	"github.com/imconsole/imconsole/restapi"
)

// The group migration commands: Tencent's pages say none of them
// triggers a callback or sends a notification ("without triggering
// callbacks or delivering notifications", INTL 1047/34967, 34968, 34969,
// 34909), so none of these handlers calls a before- or after-callback.

// v4ImportGroup creates a group at CreateTime (the request time when 0):
// restapi's Validate (10004, 10015; 10007 for an AVChatRoom); the owner
// imported (10019); a custom GroupId unused (10021). The owner joins at
// CreateTime.
func (s *Server) v4ImportGroup(c *v4Call, req *restapi.ImportGroupRequest) (any, error) {
	st := &c.app.v4
	if req.OwnerAccount != "" {
		if err := st.imported("Owner_Account", req.OwnerAccount, restapi.CodeGroupAccountMissing); err != nil {
			return nil, err
		}
	}
	created := req.CreateTime
	if created == 0 {
		created = c.now.Unix()
	}
	g, err := st.addGroup(c, &req.CreateGroupRequest, created, nil)
	if err != nil {
		return nil, err
	}
	return restapi.ImportGroupResponse{GroupID: g.info.GroupID}, nil
}

// v4ImportGroupMember imports members: restapi's Validate (10004, 10005,
// 10015); the group exists (10010) and is not an AVChatRoom (10007);
// every account imported (10019). Per member: a member already (or named
// twice) answers ImportMemberExisted; a JoinTime given that is not after
// the group's CreateTime and before now answers ImportMemberFailed ("请
// 保证导入成员的入群时间大于群的创建时间并小于当前时间,否则该成员会导入失
// 败"); the others join at JoinTime (now when 0) with their Role and an
// unread count of at most the group's stored messages. The group's
// MaxMemberNum is not applied: the command's error table has no 10014.
func (s *Server) v4ImportGroupMember(c *v4Call, req *restapi.ImportGroupMemberRequest) (any, error) {
	st := &c.app.v4
	g, err := st.groupNot(req.GroupID, restapi.GroupAVChatRoom, restapi.CodeGroupNoPermission, "an AVChatRoom's members cannot be imported: users join it from the client SDK")
	if err != nil {
		return nil, err
	}
	for _, m := range req.MemberList {
		if err := st.imported("Member_Account", m.MemberAccount, restapi.CodeGroupAccountMissing); err != nil {
			return nil, err
		}
	}
	resp := restapi.ImportGroupMemberResponse{MemberList: make([]restapi.ImportMemberResult, len(req.MemberList))}
	for i, m := range req.MemberList {
		r := restapi.ImportMemberResult{MemberAccount: m.MemberAccount, Result: restapi.ImportMemberOK}
		joined := m.JoinTime
		switch {
		case g.member(m.MemberAccount) >= 0:
			r.Result = restapi.ImportMemberExisted
		case joined != 0 && (joined <= g.info.CreateTime || joined >= c.now.Unix()):
			r.Result = restapi.ImportMemberFailed
		default:
			if joined == 0 {
				joined = c.now.Unix()
			}
			g.join([]string{m.MemberAccount}, time.Unix(joined, 0))
			if m.Role == restapi.RoleAdmin {
				g.members[len(g.members)-1].Role = restapi.RoleAdmin
			}
			g.setUnread(m.MemberAccount, m.UnreadMsgNum)
		}
		resp.MemberList[i] = r
	}
	return resp, nil
}

// v4ImportGroupMsg imports messages: restapi's Validate (10004, 10015);
// the element types (10004); the group exists (10010) and is not an
// AVChatRoom (10007); a TopicId is one of its topics (inTopic: 11000,
// 110003). Then each message, in order, answers its own
// Result: 80002 for a MsgBody over 8 000 bytes; a Random repeated within
// five minutes of a stored message's time is dropped, answered with that
// message's MsgSeq and MsgTime; 10004 for a SendTime not after the
// group's CreateTime and its latest message and before now ("导入消息的时
// 间戳必须小于当前时间,并大于建群时间和当前群内最新一条消息的时间"); 0 stores
// it with the group's next MsgSeq at SendTime. When one was stored, every
// member's unread count becomes 0 ("使用本接口导入消息后所有成员的未读计数都
// 会变成0"). RecentContactFlag is accepted: the server keeps no
// conversations. From_Account is not checked against the accounts or
// members: the page documents no such check.
func (s *Server) v4ImportGroupMsg(c *v4Call, req *restapi.ImportGroupMsgRequest) (any, error) {
	var raw struct {
		MsgList []struct{ MsgBody json.RawMessage }
	}
	_ = json.Unmarshal(c.body, &raw) // decoded above
	for _, m := range req.MsgList {
		if err := checkTypes(m.MsgBody, restapi.CodeGroupInvalidParam); err != nil {
			return nil, err
		}
	}
	g, err := c.app.v4.historyGroup(req.GroupID, req.TopicID,
		"an AVChatRoom stores no history, so its messages cannot be imported")
	if err != nil {
		return nil, err
	}
	resp := restapi.ImportGroupMsgResponse{ImportMsgResult: make([]restapi.ImportMsgResult, len(req.MsgList))}
	stored := false
	for i, m := range req.MsgList {
		r := &resp.ImportMsgResult[i]
		if len(raw.MsgList[i].MsgBody) > restapi.MaxGroupMsgBodyBytes {
			r.Result = restapi.CodeMsgBodyTooLong
			continue
		}
		if prev := g.importedRepeat(m.Random, m.SendTime); prev != nil {
			r.MsgSeq, r.MsgTime = prev.MsgSeq, prev.MsgTime
			continue
		}
		if m.SendTime <= g.info.CreateTime || m.SendTime <= g.info.LastMsgTime || m.SendTime >= c.now.Unix() {
			r.Result = restapi.CodeGroupInvalidParam
			continue
		}
		sent := g.post(GroupMessage{FromAccount: m.FromAccount, MsgRandom: m.Random, MsgTime: m.SendTime, MsgBody: m.MsgBody, TopicID: req.TopicID}, false)
		r.MsgSeq, r.MsgTime = sent.MsgSeq, sent.MsgTime
		stored = true
	}
	if stored {
		g.unread = nil
	}
	return resp, nil
}

// importedRepeat is the stored message an import_group_msg message with
// random (0: none) sent at sendTime repeats: the same Random within five
// minutes ("如果5分钟内两条消息的随机值相同,后一条消息将被当做重复消息而丢
// 弃"); nil for none.
func (g *v4Group) importedRepeat(random uint32, sendTime int64) *GroupMessage {
	if random == 0 {
		return nil
	}
	for i := len(g.msgs) - 1; i >= 0; i-- {
		m := &g.msgs[i]
		if !m.System && m.MsgRandom == random && m.MsgTime-sendTime <= restapi.GroupMsgDedupSeconds && sendTime-m.MsgTime <= restapi.GroupMsgDedupSeconds {
			return m
		}
	}
	return nil
}

// v4SetUnreadMsgNum sets a member's unread count: restapi's Validate
// (10004, 10015); the group exists (10010); a ChatRoom or AVChatRoom
// keeps none, so the call succeeds and sets nothing ("If you try to do
// so, no error will be returned"); the account is a member (10004: the
// page does not say what it answers for one that is not, this is the
// server's choice). The count is at most the group's stored messages.
func (s *Server) v4SetUnreadMsgNum(c *v4Call, req *restapi.SetUnreadMsgNumRequest) (any, error) {
	g, err := c.app.v4.group(req.GroupID)
	if err != nil {
		return nil, err
	}
	if g.info.Type == restapi.GroupChatRoom || g.info.Type == restapi.GroupAVChatRoom {
		return nil, nil
	}
	if g.member(req.MemberAccount) < 0 {
		return nil, v4Err(restapi.CodeGroupInvalidParam, "Member_Account %q is not a member of group %q; import it first (import_group_member)", req.MemberAccount, req.GroupID)
	}
	g.setUnread(req.MemberAccount, req.UnreadMsgNum)
	return nil, nil
}

// setUnread keeps userID's unread count, at most the group's stored
// messages ("使用本接口设置的未读消息数如果大于群当前的消息数,未读消息数会设为群当前的消息总数"). A
// ChatRoom keeps none.
func (g *v4Group) setUnread(userID string, n int) {
	if g.info.Type == restapi.GroupChatRoom {
		return
	}
	count := 0
	for _, m := range g.msgs {
		if !m.System {
			count++
		}
	}
	if g.unread == nil {
		g.unread = map[string]int{}
	}
	g.unread[userID] = min(n, count)
}

// GroupUnread returns the unread counts import_group_member and
// set_unread_msg_num set in a group, by UserID (an account without one
// is absent; import_group_msg clears them all); nil for an unknown group
// or none. For assertions on a migration. It panics for an unknown app.
func (s *Server) GroupUnread(sdkAppID uint64, groupID string) map[string]int {
	return readV4(s, "GroupUnread", sdkAppID, func(st *v4State, _ time.Time) map[string]int {
		if g := st.groups[groupID]; g != nil && len(g.unread) > 0 {
			return maps.Clone(g.unread)
		}
		return nil
	})
}
