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
// MsgKey that names no message from From_Account to To_Account is 20001
// (the page's "请求包非法": its table as seen lists 20001-20003 only).
// C2C.CallbackAfterModifyMsg reports it ("App 管理员通过 REST API 修改单聊历史消息").
func (s *Server) v4ModifyC2CMsg(c *v4Call) (any, error) {
	var req restapi.ModifyC2CMsgRequest
	raw, err := decodeOpenIM(c, &req, []openimField{
		{"From_Account", restapi.CodeC2CAccountNotFound, true, isString},
		{"To_Account", restapi.CodeC2CAccountNotFound, true, isString},
		{"MsgBody", restapi.CodeC2CInvalidPacket, false, isBody},
	})
	if err != nil {
		return nil, err
	}
	if len(req.MsgBody) > 0 {
		if err := checkElements(raw, req.MsgBody, restapi.CodeMsgBodyTooLong); err != nil {
			return nil, err
		}
	}
	sent, err := c.app.v4.sent(req.FromAccount, req.ToAccount, req.MsgKey, v4SentCodes{
		from: restapi.CodeC2CAccountNotFound, to: restapi.CodeC2CAccountNotFound, missing: restapi.CodeC2CInvalidPacket})
	if err != nil {
		return nil, err
	}
	m := &sent.msg
	if len(req.MsgBody) > 0 {
		m.MsgBody = slices.Clone(req.MsgBody)
	}
	m.CloudCustomData = cmp.Or(req.CloudCustomData, m.CloudCustomData)
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
	if _, err := decodeOpenIM(c, &req, []openimField{
		{"Operator_Account", restapi.CodeFromAccountInvalid, true, isString},
		{"Peer_Account", restapi.CodeToAccountInvalid, true, isString},
		{"MsgKeyList", restapi.CodeOpenIMInvalidJSON, true, isMsgKeys},
	}); err != nil {
		return nil, err
	}
	st := &c.app.v4
	if err := cmp.Or(st.imported("Operator_Account", req.OperatorAccount, restapi.CodeFromAccountInvalid),
		st.imported("Peer_Account", req.PeerAccount, restapi.CodeToAccountInvalid)); err != nil {
		return nil, err
	}
	for _, m := range st.msgs.conv(req.OperatorAccount, req.PeerAccount).msgs {
		if slices.Contains(req.MsgKeyList, m.msg.MsgKey) {
			m.deleteFor(req.OperatorAccount)
		}
	}
	return nil, nil
}

func isMsgKeys(v json.RawMessage) error { return decodesAs[[]string](v, "an array of MsgKeys") }

// deleteFor takes m out of account's roaming.
func (m *v4Message) deleteFor(account string) {
	if m.deletedFor == nil {
		m.deletedFor = map[string]bool{}
	}
	m.deletedFor[account] = true
}
