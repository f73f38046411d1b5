package imtest

import (
	"cmp"
	"slices"

	"github.com/imconsole/imconsole/restapi"
)

// noUnread reports whether a send's SendMsgControl keeps the message out
// of the recipient's unread count (NoUnread).
func noUnread(controls []string) bool {
	return slices.Contains(controls, restapi.SendNoUnread)
}

// unread counts the messages of conv that account has not read: sent to
// it by the other side, counted as unread when stored (not NoUnread nor a
// history import) and not marked read since. A nil conv has none.
func (conv *v4Conversation) unread(account string) int {
	if conv == nil {
		return 0
	}
	n := 0
	for _, m := range conv.msgs {
		if !m.read && m.msg.ToAccount == account && m.msg.FromAccount != account {
			n++
		}
	}
	return n
}

// unread counts userID's unread one-to-one messages over all its
// conversations: get_c2c_unread_msg_num's AllC2CUnreadMsgNum, and the
// UnreadMsgNum of C2C.CallbackAfterSendMsg and
// C2C.CallbackAfterMsgWithDraw.
func (m *v4Messages) unread(userID string) int {
	n := 0
	for k, conv := range m.convs {
		if k[0] == userID || k[1] == userID {
			n += conv.unread(userID)
		}
	}
	return n
}

// v4SetMsgRead marks read, for Report_Account, the messages Peer_Account
// sent it at or before MsgReadTime (Unix seconds; the server's now when
// absent or 0): the body a JSON object and its fields of their types
// (90001; MsgReadTime an integer or a string of one, setMsgReadBody),
// Report_Account (90008) and Peer_Account (90003) present, UserIDs and
// imported. Messages sent later stay unread whatever
// MsgReadTime says. No callbacks (none documented).
func (s *Server) v4SetMsgRead(c *v4Call) (any, error) {
	var req setMsgReadBody
	if err := decodeConv(c, &req, accountField{"Report_Account", &req.ReportAccount}, accountField{"Peer_Account", &req.PeerAccount}); err != nil {
		return nil, err
	}
	st := &c.app.v4
	until := cmp.Or(req.MsgReadTime, c.now.Unix())
	conv := st.msgs.convs[convKey(req.ReportAccount, req.PeerAccount)]
	if conv == nil {
		return nil, nil
	}
	for _, m := range conv.msgs {
		if m.msg.ToAccount == req.ReportAccount && m.msg.FromAccount == req.PeerAccount && m.msg.MsgTimeStamp <= until {
			m.read = true
		}
	}
	return nil, nil
}

// v4GetC2CUnreadMsgNum answers To_Account's unread one-to-one messages:
// the body a JSON object and its fields of their types (90001),
// To_Account present, a UserID and imported (90003), at most 10
// Peer_Account (90001); then AllC2CUnreadMsgNum over all its
// conversations when no Peer_Account is given, else C2CUnreadMsgNumList
// for the imported peers, in order, and ErrorList with 70107 for the
// others.
func (s *Server) v4GetC2CUnreadMsgNum(c *v4Call) (any, error) {
	var req restapi.C2CUnreadMsgNumRequest
	if _, err := decodeOpenIM(c, &req, []openimField{
		{"To_Account", restapi.CodeToAccountInvalid, true, isString},
		{"Peer_Account", restapi.CodeOpenIMInvalidJSON, false, isStrings},
	}); err != nil {
		return nil, err
	}
	st := &c.app.v4
	if err := st.imported("To_Account", req.ToAccount, restapi.CodeToAccountInvalid); err != nil {
		return nil, err
	}
	if len(req.PeerAccount) == 0 {
		// AllC2CUnreadMsgNum is answered even when 0 (the struct's
		// omitempty is the client's, for answers with peers).
		return struct {
			AllC2CUnreadMsgNum int `json:"AllC2CUnreadMsgNum"`
		}{st.msgs.unread(req.ToAccount)}, nil
	}
	resp := restapi.C2CUnreadMsgNumResponse{C2CUnreadMsgNumList: []restapi.PeerUnreadMsgNum{}}
	for _, peer := range req.PeerAccount {
		if st.accounts[peer] == nil {
			resp.ErrorList = append(resp.ErrorList, restapi.PeerError{PeerAccount: peer, ErrorCode: restapi.CodeNotImported})
			continue
		}
		n := st.msgs.convs[convKey(req.ToAccount, peer)].unread(req.ToAccount)
		resp.C2CUnreadMsgNumList = append(resp.C2CUnreadMsgNumList, restapi.PeerUnreadMsgNum{PeerAccount: peer, C2CUnreadMsgNum: n})
	}
	return resp, nil
}
