package restapi

import (
	"context"
	"errors"
)

// Message edits (openim): modify_c2c_msg (CN 269/74740, INTL
// 1047/47722), delete_c2c_msg_ramble (CN 269/101439) and
// modify_group_msg (CN 269/74741, INTL 1047/47948; served under openim,
// not group_open_http_svc: "v4/openim/modify_group_msg").
const (
	CommandModifyC2CMsg       = "modify_c2c_msg"
	CommandDeleteC2CMsgRamble = "delete_c2c_msg_ramble"
	CommandModifyGroupMsg     = "modify_group_msg"
)

// MaxDeleteMsgKeys is the most MsgKeys one delete_c2c_msg_ramble takes
// ("一次最多删除30条消息").
const MaxDeleteMsgKeys = 30

// Codes of modify_c2c_msg's own table (CN 269/74740); modify_group_msg's
// (CN 269/74741) lists 20001 and 20002 too.
const (
	CodeC2CInvalidPacket   = 20001 // 请求包非法: the request is malformed
	CodeC2CUserSigInvalid  = 20002 // UserSig 或 A2 失效
	CodeC2CAccountNotFound = 20003 // From_Account or To_Account invalid or not imported
)

// ModifyC2CMsgRequest is the body of modify_c2c_msg: the message from
// FromAccount to ToAccount with MsgKey gets MsgBody, CloudCustomData or
// both in place of its own. A field left empty is not changed; at least
// one must be set. The change cannot be undone.
type ModifyC2CMsgRequest struct {
	FromAccount     string    `json:"From_Account"`
	ToAccount       string    `json:"To_Account"`
	MsgKey          string    `json:"MsgKey"`
	MsgBody         []Element `json:"MsgBody,omitempty"`
	CloudCustomData string    `json:"CloudCustomData,omitempty"`
}

// Validate checks a modify_c2c_msg body: From_Account and To_Account
// UserIDs (20003), a MsgKey of the form sendmsg answers, MsgBody or
// CloudCustomData set, and a MsgBody, when set, of well-formed elements
// (20001).
func (r *ModifyC2CMsgRequest) Validate() error {
	const cmd = CommandModifyC2CMsg
	for _, f := range [...]struct{ name, id string }{{"From_Account", r.FromAccount}, {"To_Account", r.ToAccount}} {
		if err := checkAccount(cmd, f.name, f.id, CodeC2CAccountNotFound); err != nil {
			return err
		}
	}
	if !ValidMsgKey(r.MsgKey) {
		return openimErr(cmd, CodeC2CInvalidPacket, "MsgKey %q is not a key sendmsg answered (<MsgSeq>_<MsgRandom>_<MsgTime>)", r.MsgKey)
	}
	return checkEdit(cmd, r.MsgBody, r.CloudCustomData, CodeC2CInvalidPacket, CodeC2CInvalidPacket)
}

// checkEdit checks the new content of a message edit (modify_c2c_msg,
// modify_group_msg): MsgBody, CloudCustomData or both set (emptyCode),
// and a MsgBody, when set, of well-formed elements (checkBody's checks,
// answered with bodyCode).
func checkEdit(cmd string, body []Element, custom string, emptyCode, bodyCode int) error {
	if len(body) == 0 && custom == "" {
		return openimErr(cmd, emptyCode, "set MsgBody, CloudCustomData or both: they replace the message's own")
	}
	if len(body) == 0 {
		return nil
	}
	if err := checkBody(cmd, body); err != nil {
		var e *Error
		errors.As(err, &e)
		return openimErr(cmd, bodyCode, "%s", e.Info)
	}
	return nil
}

// ModifyGroupMsgRequest is the body of modify_group_msg: the message
// MsgSeq of group GroupID (of its topic TopicID when set: only a
// Community with topics has them) gets MsgBody, CloudCustomData or both
// in place of its own. A field left empty is not changed; at least one
// must be set. The change cannot be undone; an AVChatRoom's messages
// cannot be edited.
type ModifyGroupMsgRequest struct {
	GroupID         string    `json:"GroupId"`
	MsgSeq          uint64    `json:"MsgSeq"`
	MsgBody         []Element `json:"MsgBody,omitempty"`
	CloudCustomData string    `json:"CloudCustomData,omitempty"`
	TopicID         string    `json:"TopicId,omitempty"`
}

// Validate checks a modify_group_msg body: a GroupId and a MsgSeq (at
// least 1) set, MsgBody or CloudCustomData set (20001, the page's
// "请求包非法"), and a MsgBody, when set, of well-formed elements (90002,
// the page's "MsgBody 不符合消息格式描述").
func (r *ModifyGroupMsgRequest) Validate() error {
	const cmd = CommandModifyGroupMsg
	if r.GroupID == "" {
		return openimErr(cmd, CodeC2CInvalidPacket, "GroupId is required: the group whose message to edit")
	}
	if r.MsgSeq == 0 {
		return openimErr(cmd, CodeC2CInvalidPacket, "MsgSeq is required: the MsgSeq send_group_msg answered or group_msg_get_simple lists")
	}
	return checkEdit(cmd, r.MsgBody, r.CloudCustomData, CodeC2CInvalidPacket, CodeMsgBodyInvalid)
}

// DeleteC2CMsgRambleRequest is the body of delete_c2c_msg_ramble: the
// messages with MsgKeyList (1-30) leave OperatorAccount's roaming of its
// conversation with PeerAccount; PeerAccount still sees them.
type DeleteC2CMsgRambleRequest struct {
	OperatorAccount string   `json:"Operator_Account"`
	PeerAccount     string   `json:"Peer_Account"`
	MsgKeyList      []string `json:"MsgKeyList"`
}

// Validate checks a delete_c2c_msg_ramble body: Operator_Account (90008),
// Peer_Account (90003), and 1-30 MsgKeys of the form sendmsg answers
// (90001). Tencent's page documents the 30 but not the codes; these are
// openim's for the same fields (admin_getroammsg's).
func (r *DeleteC2CMsgRambleRequest) Validate() error {
	const cmd = CommandDeleteC2CMsgRamble
	if err := checkPeers(cmd, "Operator_Account", r.OperatorAccount, "Peer_Account", r.PeerAccount); err != nil {
		return err
	}
	switch n := len(r.MsgKeyList); {
	case n == 0:
		return openimErr(cmd, CodeOpenIMInvalidJSON, "MsgKeyList is empty; name the MsgKeys to delete")
	case n > MaxDeleteMsgKeys:
		return openimErr(cmd, CodeOpenIMInvalidJSON, "MsgKeyList has %d keys; at most %d per request", n, MaxDeleteMsgKeys)
	}
	for i, k := range r.MsgKeyList {
		if !ValidMsgKey(k) {
			return openimErr(cmd, CodeOpenIMInvalidJSON, "MsgKeyList[%d] %q is not a key sendmsg answered (<MsgSeq>_<MsgRandom>_<MsgTime>)", i, k)
		}
	}
	return nil
}

// Modify replaces the MsgBody and/or CloudCustomData of a sent message
// (modify_c2c_msg); History reads it back changed, for both sides. It
// cannot be undone. A message that does not exist is 20001, an account
// that is not imported 20003 (ErrAccountNotImported). The app's
// C2C.CallbackAfterModifyMsg reports it. Sent once (not retried).
func (s *MessageService) Modify(ctx context.Context, req *ModifyC2CMsgRequest) error {
	if req == nil {
		return errors.New("restapi: Messages.Modify needs a *ModifyC2CMsgRequest with From_Account, To_Account, MsgKey and MsgBody or CloudCustomData")
	}
	return s.c.callValid(ctx, ServiceOpenIM, CommandModifyC2CMsg, req, nil)
}

// DeleteForOne deletes messages one way (delete_c2c_msg_ramble): the
// messages of the conversation of operator with peer whose MsgKeys are
// given (1-30, checked locally) leave operator's History; peer still
// sees them. Both accounts must be imported (90008, 90003). A MsgKey
// that names no message of the conversation is ignored. Sent once (not
// retried).
func (s *MessageService) DeleteForOne(ctx context.Context, operator, peer string, msgKeys ...string) error {
	req := DeleteC2CMsgRambleRequest{OperatorAccount: operator, PeerAccount: peer, MsgKeyList: msgKeys}
	return s.c.callValid(ctx, ServiceOpenIM, CommandDeleteC2CMsgRamble, &req, nil)
}

// ModifyMessage replaces the MsgBody and/or CloudCustomData of a group
// message (modify_group_msg); History reads the new MsgBody back. It
// cannot be undone. The request is checked locally first (20001, 90002);
// a group that does not exist is 10010 (ErrGroupNotFound), an AVChatRoom
// 10007, a TopicId on a group without topics 11000, and a MsgSeq that
// names no stored message of the group (or topic), or a recalled one,
// 20001. Sent once (not retried).
func (s *GroupService) ModifyMessage(ctx context.Context, req *ModifyGroupMsgRequest) error {
	if req == nil {
		return errors.New("restapi: Groups.ModifyMessage needs a *ModifyGroupMsgRequest with GroupId, MsgSeq and MsgBody or CloudCustomData")
	}
	return s.c.callValid(ctx, ServiceOpenIM, CommandModifyGroupMsg, req, nil)
}
