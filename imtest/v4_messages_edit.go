package imtest

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/restapi"
)

// v4ModifyC2CMsg edits a stored one-to-one message (modify_c2c_msg, CN
// 269/74740): the MsgBody and/or CloudCustomData given replace the
// message's for both sides. Both accounts must be imported (20003); a
// MsgKey that names no message from From_Account to To_Account, or a
// recalled one (as modify_group_msg refuses), is 20001 (the page's
// "请求包非法": its table as seen lists 20001-20003 only).
// C2C.CallbackAfterModifyMsg reports it ("App 管理员通过 REST API 修改单聊历史消息").
func (s *Server) v4ModifyC2CMsg(c *v4Call) (any, error) {
	var req restapi.ModifyC2CMsgRequest
	if _, err := decodeMessage(c, &req, &req.MsgBody, []openimField{
		{"From_Account", restapi.CodeC2CAccountNotFound, true, isString},
		{"To_Account", restapi.CodeC2CAccountNotFound, true, isString},
		{"MsgBody", restapi.CodeC2CInvalidPacket, false, isBody},
	}, restapi.CodeMsgBodyTooLong); err != nil {
		return nil, err
	}
	sent, err := c.app.v4.sent(req.FromAccount, req.ToAccount, req.MsgKey, v4SentCodes{
		from: restapi.CodeC2CAccountNotFound, to: restapi.CodeC2CAccountNotFound, missing: restapi.CodeC2CInvalidPacket})
	if err != nil {
		return nil, err
	}
	m := &sent.msg
	if m.MsgFlagBits&restapi.MsgFlagRecalled != 0 {
		return nil, v4Err(restapi.CodeC2CInvalidPacket, "the message from %q to %q with MsgKey %q was recalled; a recalled message cannot be modified", req.FromAccount, req.ToAccount, req.MsgKey)
	}
	edit(&m.MsgBody, &m.CloudCustomData, req.MsgBody, req.CloudCustomData)
	s.after(c.app.app.SDKAppID, c.now, &callback.C2CMsgModified{
		OperatorAccount: c.identifier, FromAccount: m.FromAccount, ToAccount: m.ToAccount,
		MsgSeq: m.MsgSeq, MsgRandom: m.MsgRandom, MsgTime: m.MsgTimeStamp, MsgKey: m.MsgKey,
		MsgBody: slices.Clone(m.MsgBody), CloudCustomData: m.CloudCustomData, EventTime: callback.EventTime(c.now.UnixMilli()),
	})
	return nil, nil
}

// v4DeleteC2CMsgRamble deletes messages one way (delete_c2c_msg_ramble,
// CN 269/101439): those of the conversation whose MsgKeys are listed
// (1-30) leave Operator_Account's roaming; Peer_Account keeps them. Both
// accounts must be imported (90008, 90003, as admin_getroammsg answers);
// a MsgKey that names no message is skipped. No callback is documented.
func (s *Server) v4DeleteC2CMsgRamble(c *v4Call) (any, error) {
	var req restapi.DeleteC2CMsgRambleRequest
	if err := decodeConv(c, &req, accountField{"Operator_Account", &req.OperatorAccount}, accountField{"Peer_Account", &req.PeerAccount},
		openimField{"MsgKeyList", restapi.CodeOpenIMInvalidJSON, true, isMsgKeys}); err != nil {
		return nil, err
	}
	st := &c.app.v4
	for _, m := range st.msgs.conv(req.OperatorAccount, req.PeerAccount).msgs {
		if slices.Contains(req.MsgKeyList, m.msg.MsgKey) {
			m.deleteFor(req.OperatorAccount)
		}
	}
	return nil, nil
}

// edit is what modify_c2c_msg and modify_group_msg do to the stored
// message's *body and *custom: newBody replaces *body when set, newCustom
// *custom when set.
func edit(body *[]restapi.Element, custom *string, newBody []restapi.Element, newCustom string) {
	if len(newBody) > 0 {
		*body = slices.Clone(newBody)
	}
	*custom = cmp.Or(newCustom, *custom)
}

// v4ModifyGroupMsg edits a stored group message (modify_group_msg, CN
// 269/74741, INTL 1047/47948): the MsgBody and/or CloudCustomData given
// replace the message's, and group_msg_get_simple answers the new
// MsgBody. Checks, in order: GroupId and MsgSeq present and of their
// types (20001), MsgBody an array (90007) of elements (90010), restapi's
// Validate (20001, 90002), MsgBody at most 8,000 bytes (80002, as
// modify_c2c_msg); the group exists (10010), is not an AVChatRoom
// ("不支持修改直播群的历史消息": 10007, as group_msg_get_simple refuses one)
// and, for a TopicId, has topics (11000, as the topic commands) and that
// topic (110003, inTopic); a MsgSeq that names no stored message of the
// group's (or TopicId's) history, or a recalled one, is 20001. The page
// lists 20001, 90001, 90002, 90007, 90009 and 90010 but none for a group
// or a message not found: 10010, 10007, 11000, 110003 and that 20001 are
// imtest's choices.
// Group.CallbackAfterModifyMsg (CN 269/129193) reports it ("App 管理员通过
// REST API 调用 修改群聊历史消息接口") with the message's MsgBody after the edit.
func (s *Server) v4ModifyGroupMsg(c *v4Call) (any, error) {
	var req restapi.ModifyGroupMsgRequest
	if _, err := decodeMessage(c, &req, &req.MsgBody, []openimField{
		{"GroupId", restapi.CodeC2CInvalidPacket, true, isGroupID},
		{"MsgSeq", restapi.CodeC2CInvalidPacket, true, isInt},
		{"MsgBody", restapi.CodeMsgBodyNotArray, false, isBody},
	}, restapi.CodeMsgBodyTooLong); err != nil {
		return nil, err
	}
	st := &c.app.v4
	g, err := st.historyGroup(req.GroupID, req.TopicID,
		"an AVChatRoom stores no message history, so modify_group_msg cannot edit its messages")
	if err != nil {
		return nil, err
	}
	i := g.stored(req.MsgSeq, req.TopicID)
	if i < 0 || g.msgs[i].Recalled {
		return nil, v4Err(restapi.CodeC2CInvalidPacket, "group %q has no stored message with MsgSeq %d (in topic %q); use the MsgSeq send_group_msg answered", req.GroupID, req.MsgSeq, req.TopicID)
	}
	m := &g.msgs[i]
	edit(&m.MsgBody, &m.CloudCustomData, req.MsgBody, req.CloudCustomData)
	s.after(c.app.app.SDKAppID, c.now, &callback.GroupMsgModified{
		OperatorAccount: c.identifier, GroupID: g.info.GroupID, TopicID: req.TopicID, MsgSeq: req.MsgSeq,
		MsgBody: slices.Clone(m.MsgBody), EventTime: callback.EventTime(c.now.UnixMilli()),
	})
	return nil, nil
}

func isGroupID(v json.RawMessage) error { return decodesAs[string](v, "a string GroupId") }

func isMsgKeys(v json.RawMessage) error { return decodesAs[[]string](v, "an array of MsgKeys") }

// deleteFor takes m out of account's roaming.
func (m *v4Message) deleteFor(account string) {
	if m.deletedFor == nil {
		m.deletedFor = map[string]bool{}
	}
	m.deletedFor[account] = true
}
