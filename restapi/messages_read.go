package restapi

import (
	"context"
	"time"
)

// One-to-one read-state commands (openim).
const (
	CommandSetMsgRead         = "admin_set_msg_read"
	CommandGetC2CUnreadMsgNum = "get_c2c_unread_msg_num"
)

// MaxUnreadPeers is the most Peer_Account one get_c2c_unread_msg_num
// takes (Messages.Unread splits longer lists).
const MaxUnreadPeers = 10

// SetMsgReadRequest is the body of admin_set_msg_read: ReportAccount
// reads its conversation with PeerAccount, every message up to
// MsgReadTime (Unix seconds; 0 leaves it out, and the service takes its
// current time).
//
// Tencent's pages disagree on MsgReadTime's type: the current CN page
// (269/50349) says Integer, the INTL one (1047/38996) String. The client
// sends an integer; the reference server (imtest) takes either.
type SetMsgReadRequest struct {
	ReportAccount string `json:"Report_Account"`
	PeerAccount   string `json:"Peer_Account"`
	MsgReadTime   int64  `json:"MsgReadTime,omitempty"`
}

// Validate checks an admin_set_msg_read body: Report_Account (90008),
// Peer_Account (90003), MsgReadTime not negative (90001).
func (r *SetMsgReadRequest) Validate() error {
	const cmd = CommandSetMsgRead
	if err := checkPeers(cmd, "Report_Account", r.ReportAccount, "Peer_Account", r.PeerAccount); err != nil {
		return err
	}
	if r.MsgReadTime < 0 {
		return openimErr(cmd, CodeOpenIMInvalidJSON, "MsgReadTime %d is negative; give Unix seconds, or leave it 0 for now", r.MsgReadTime)
	}
	return nil
}

// C2CUnreadMsgNumRequest is the body of get_c2c_unread_msg_num (INTL
// 1047/41046, CN 269/56043): the unread one-to-one messages of ToAccount,
// in all its conversations when PeerAccount is empty, else in its
// conversations with each of these (at most 10).
type C2CUnreadMsgNumRequest struct {
	ToAccount   string   `json:"To_Account"`
	PeerAccount []string `json:"Peer_Account,omitempty"`
}

// Validate checks a get_c2c_unread_msg_num body: To_Account a UserID
// (90003), at most 10 Peer_Account (90001; Tencent's page gives the limit,
// not its code). A peer that is not imported is answered in ErrorList.
func (r *C2CUnreadMsgNumRequest) Validate() error {
	const cmd = CommandGetC2CUnreadMsgNum
	if err := checkAccount(cmd, "To_Account", r.ToAccount, CodeToAccountInvalid); err != nil {
		return err
	}
	if n := len(r.PeerAccount); n > MaxUnreadPeers {
		return openimErr(cmd, CodeOpenIMInvalidJSON, "Peer_Account has %d accounts; at most %d per request (Messages.Unread splits longer lists)", n, MaxUnreadPeers)
	}
	return nil
}

// PeerUnreadMsgNum is the unread count of one conversation.
type PeerUnreadMsgNum struct {
	PeerAccount     string `json:"Peer_Account"`
	C2CUnreadMsgNum int    `json:"C2CUnreadMsgNum"`
}

// PeerError is a Peer_Account a command could not answer for, with its
// code (70107: not imported).
type PeerError struct {
	PeerAccount string `json:"Peer_Account"`
	ErrorCode   int    `json:"ErrorCode"`
}

// C2CUnreadMsgNumResponse is the answer of get_c2c_unread_msg_num:
// AllC2CUnreadMsgNum, the total of all conversations, when no
// Peer_Account was asked; otherwise C2CUnreadMsgNumList for the imported
// peers, in the order asked, and ErrorList for the others.
type C2CUnreadMsgNumResponse struct {
	AllC2CUnreadMsgNum  int                `json:"AllC2CUnreadMsgNum,omitempty"`
	C2CUnreadMsgNumList []PeerUnreadMsgNum `json:"C2CUnreadMsgNumList,omitempty"`
	ErrorList           []PeerError        `json:"ErrorList,omitempty"`
}

// MarkRead marks every message of account's conversation with peer as
// read for account, up to the service's current time
// (admin_set_msg_read); account's unread count of the conversation drops
// to 0. Both must be imported (90008 account, 90003 peer; UserIDs are
// checked locally first). It is a write: not resent after a network
// error or a lost answer.
func (s *MessageService) MarkRead(ctx context.Context, account, peer string) error {
	req := SetMsgReadRequest{ReportAccount: account, PeerAccount: peer}
	return s.c.callValid(ctx, ServiceOpenIM, CommandSetMsgRead, &req, nil)
}

// MarkReadUntil is MarkRead for the messages sent at or before until
// (MsgReadTime, whole seconds); later ones stay unread. A time at or
// before the Unix epoch is refused locally (90001): 0 would mean now.
func (s *MessageService) MarkReadUntil(ctx context.Context, account, peer string, until time.Time) error {
	if until.Unix() <= 0 {
		return openimErr(CommandSetMsgRead, CodeOpenIMInvalidJSON, "MarkReadUntil needs a time after 1970, not %s", until.UTC().Format(time.RFC3339))
	}
	req := SetMsgReadRequest{ReportAccount: account, PeerAccount: peer, MsgReadTime: until.Unix()}
	return s.c.callValid(ctx, ServiceOpenIM, CommandSetMsgRead, &req, nil)
}

// Unread returns account's unread one-to-one messages
// (get_c2c_unread_msg_num): with no peers, AllC2CUnreadMsgNum, the total
// of all its conversations; with peers, the count of each conversation in
// C2CUnreadMsgNumList, in order, and peers that are not imported in
// ErrorList with 70107 (the call still succeeds). Peers go 10 per request
// and every request is checked before the first is sent (90003 for an
// account that is not a UserID); the service answers 90003 for an account
// that is not imported. When a request fails, the counts of those before
// it are returned with the error.
func (s *MessageService) Unread(ctx context.Context, account string, peers ...string) (C2CUnreadMsgNumResponse, error) {
	var out C2CUnreadMsgNumResponse
	if len(peers) == 0 {
		req := C2CUnreadMsgNumRequest{ToAccount: account}
		err := s.c.callValid(ctx, ServiceOpenIM, CommandGetC2CUnreadMsgNum, &req, &out)
		return out, err
	}
	err := inChunks(peers, MaxUnreadPeers, func(ids []string) error {
		req := C2CUnreadMsgNumRequest{ToAccount: account, PeerAccount: ids}
		return req.Validate()
	}, func(ids []string) error {
		req := C2CUnreadMsgNumRequest{ToAccount: account, PeerAccount: ids}
		var resp C2CUnreadMsgNumResponse
		if err := s.c.call(ctx, ServiceOpenIM, CommandGetC2CUnreadMsgNum, &req, &resp); err != nil {
			return err
		}
		out.C2CUnreadMsgNumList = append(out.C2CUnreadMsgNumList, resp.C2CUnreadMsgNumList...)
		out.ErrorList = append(out.ErrorList, resp.ErrorList...)
		return nil
	})
	return out, err
}
