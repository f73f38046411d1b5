package restapi

import (
	"context"
	"errors"
)

// One-to-one message edits (openim): modify_c2c_msg (CN 269/74740, INTL
// 1047/47722) and delete_c2c_msg_ramble (CN 269/101439).
const (
	CommandModifyC2CMsg       = "modify_c2c_msg"
	CommandDeleteC2CMsgRamble = "delete_c2c_msg_ramble"
)

// MaxDeleteMsgKeys is the most MsgKeys one delete_c2c_msg_ramble takes
// ("一次最多删除30条消息").
const MaxDeleteMsgKeys = 30

// Codes of modify_c2c_msg's own table (CN 269/74740).
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
	if len(r.MsgBody) == 0 && r.CloudCustomData == "" {
		return openimErr(cmd, CodeC2CInvalidPacket, "set MsgBody, CloudCustomData or both: they replace the message's own")
	}
	if len(r.MsgBody) > 0 {
		if err := checkBody(cmd, r.MsgBody); err != nil {
			var e *Error
			errors.As(err, &e)
			return openimErr(cmd, CodeC2CInvalidPacket, "%s", e.Info)
		}
	}
	return nil
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
