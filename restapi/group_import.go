package restapi

import (
	"context"
	"errors"

	"github.com/imconsole/imconsole/internal/rules"
)

// Group migration commands (group_open_http_svc): move groups, their
// members and their messages from another system. Tencent documents that
// none of them triggers a callback or sends a notification.
const (
	CommandImportGroup       = "import_group"
	CommandImportGroupMember = "import_group_member"
	CommandImportGroupMsg    = "import_group_msg"
	CommandSetUnreadMsgNum   = "set_unread_msg_num"
)

// Per-request limits of the import commands, from Tencent's current
// pages. Groups.ImportMembers and Groups.ImportMessages split larger
// inputs.
const (
	// MaxImportMembersPerRequest is import_group_member's MemberList
	// limit (INTL 1047/34969: "A single request can import up to 300
	// members"; a 2018 CN page said 500). More is 10005.
	MaxImportMembersPerRequest = 300
	// MaxImportMsgsPerRequest is import_group_msg's MsgList limit (CN
	// 269/1635: "批量导入群消息,一次最多导入7条"; a 2020 INTL page said 20).
	MaxImportMsgsPerRequest = 7
)

// Results of one member of import_group_member.
const (
	ImportMemberFailed  = 0 // not imported (a JoinTime not after the group's CreateTime and before now)
	ImportMemberOK      = 1 // imported
	ImportMemberExisted = 2 // a member already
)

// ImportGroupRequest is the body of import_group: a group as
// create_group takes it ("The request format is the same as that of a
// group creation request"), created at CreateTime (Unix seconds; 0: the
// request time). Type is Private, Public, ChatRoom or Community: an
// AVChatRoom cannot be imported. MemberList must be empty: the owner is
// added as the owner, the others are imported with import_group_member.
type ImportGroupRequest struct {
	CreateGroupRequest
	CreateTime int64 `json:"CreateTime,omitempty"`
}

// ImportGroupResponse carries the imported group's ID.
type ImportGroupResponse struct {
	GroupID string `json:"GroupId"`
}

// Validate checks an import_group body as CreateGroupRequest.Validate
// does create_group's (10004, 10015 for a bad custom GroupID), then: an
// AVChatRoom is refused (10007, as Tencent's page says), MemberList is
// empty and CreateTime not negative (10004).
func (r *ImportGroupRequest) Validate() error {
	const cmd = CommandImportGroup
	if r.Type == GroupAVChatRoom {
		return groupErr(cmd, CodeGroupNoPermission, "an AVChatRoom cannot be imported; create it (create_group) and set its information (modify_group_base_info)")
	}
	if err := r.CreateGroupRequest.Validate(); err != nil {
		e := *err.(*Error)
		e.Command = cmd
		return &e
	}
	if len(r.MemberList) > 0 {
		return groupErr(cmd, CodeGroupInvalidParam, "MemberList is not taken by import_group; import the members with import_group_member (Groups.ImportMembers)")
	}
	if r.CreateTime < 0 {
		return groupErr(cmd, CodeGroupInvalidParam, "CreateTime %d is negative; give Unix seconds, or 0 for the request time", r.CreateTime)
	}
	return nil
}

// ImportedMember is one member of import_group_member: the account,
// Role "" (a Member) or RoleAdmin, JoinTime (Unix seconds; 0: the
// request time; otherwise after the group's CreateTime and before now),
// and UnreadMsgNum, its unread count (at most the group's message count).
type ImportedMember struct {
	MemberAccount string    `json:"Member_Account"`
	Role          GroupRole `json:"Role,omitempty"`
	JoinTime      int64     `json:"JoinTime,omitempty"`
	UnreadMsgNum  int       `json:"UnreadMsgNum,omitempty"`
}

// ImportGroupMemberRequest is the body of import_group_member: 1-300
// members to import into a group (Groups.ImportMembers splits more).
type ImportGroupMemberRequest struct {
	GroupID    string           `json:"GroupId"`
	MemberList []ImportedMember `json:"MemberList"`
}

// ImportMemberResult is what import_group_member did with one account:
// Result is ImportMemberOK, ImportMemberExisted or ImportMemberFailed.
type ImportMemberResult struct {
	MemberAccount string `json:"Member_Account"`
	Result        int    `json:"Result"`
}

// ImportGroupMemberResponse is the answer of import_group_member, one
// result per member asked.
type ImportGroupMemberResponse struct {
	MemberList []ImportMemberResult `json:"MemberList"`
}

// Validate checks an import_group_member body: the GroupId (10004,
// 10015), 1-300 members (10004 none, 10005 over), each a UserID with Role
// empty or Admin, JoinTime and UnreadMsgNum not negative (10004).
func (r *ImportGroupMemberRequest) Validate() error {
	const cmd = CommandImportGroupMember
	ids := make([]string, len(r.MemberList))
	for i, m := range r.MemberList {
		ids[i] = m.MemberAccount
	}
	if err := checkGroupMembers(cmd, r.GroupID, "MemberList", ids, MaxImportMembersPerRequest); err != nil {
		return err
	}
	for i, m := range r.MemberList {
		switch {
		case m.Role != "" && m.Role != RoleAdmin:
			return groupErr(cmd, CodeGroupInvalidParam, "MemberList[%d].Role %q is not taken; leave it empty (Member) or use Admin", i, m.Role)
		case m.JoinTime < 0:
			return groupErr(cmd, CodeGroupInvalidParam, "MemberList[%d].JoinTime %d is negative", i, m.JoinTime)
		case m.UnreadMsgNum < 0:
			return groupErr(cmd, CodeGroupInvalidParam, "MemberList[%d].UnreadMsgNum %d is negative", i, m.UnreadMsgNum)
		}
	}
	return nil
}

// ImportedMsg is one message of import_group_msg: its sender, its time
// (Unix seconds: after the group's CreateTime and its latest message,
// before now), an optional Random (a repeat of a Random within five
// minutes is dropped) and its body.
type ImportedMsg struct {
	FromAccount string    `json:"From_Account"`
	SendTime    int64     `json:"SendTime"`
	Random      uint32    `json:"Random,omitempty"`
	MsgBody     []Element `json:"MsgBody"`
}

// ImportGroupMsgRequest is the body of import_group_msg: 1-7 messages,
// oldest first, into a group (Groups.ImportMessages splits more), in the
// Community topic TopicID when set. RecentContactFlag 1 updates the
// members' conversations.
type ImportGroupMsgRequest struct {
	GroupID           string        `json:"GroupId"`
	RecentContactFlag int           `json:"RecentContactFlag,omitempty"`
	MsgList           []ImportedMsg `json:"MsgList"`
	TopicID           string        `json:"TopicId,omitempty"`
}

// ImportMsgResult is what import_group_msg did with one message: Result
// 0 imported (MsgSeq and MsgTime are then the message's), 10004 for a
// SendTime out of order or range, 80002 for a body over 8 000 bytes.
type ImportMsgResult struct {
	MsgSeq  uint64 `json:"MsgSeq"`
	MsgTime int64  `json:"MsgTime"`
	Result  int    `json:"Result"`
}

// ImportGroupMsgResponse is the answer of import_group_msg, one result
// per message asked.
type ImportGroupMsgResponse struct {
	ImportMsgResult []ImportMsgResult `json:"ImportMsgResult"`
}

// Validate checks an import_group_msg body (10004 unless said): the
// GroupId (10015 malformed), 1-7 messages, each From_Account a UserID,
// SendTime set and MsgBody not empty with typed elements and at most one
// TIMCustomElem, RecentContactFlag 0 or 1. Times against the group and
// the 8 000-byte size are the service's checks, answered per message.
func (r *ImportGroupMsgRequest) Validate() error {
	const cmd = CommandImportGroupMsg
	if err := checkTargetGroup(cmd, r.GroupID); err != nil {
		return err
	}
	if n := len(r.MsgList); n == 0 || n > MaxImportMsgsPerRequest {
		return groupErr(cmd, CodeGroupInvalidParam, "MsgList has %d messages; give 1 to %d per request (Groups.ImportMessages splits more)", n, MaxImportMsgsPerRequest)
	}
	for i, m := range r.MsgList {
		if !rules.ValidUserID(m.FromAccount) {
			return groupErr(cmd, CodeGroupInvalidParam, "MsgList[%d].From_Account %q is not a UserID (1-%d bytes of printable ASCII)", i, m.FromAccount, rules.MaxUserIDBytes)
		}
		if m.SendTime <= 0 {
			return groupErr(cmd, CodeGroupInvalidParam, "MsgList[%d].SendTime is required (Unix seconds)", i)
		}
		if err := checkBody(cmd, m.MsgBody); err != nil {
			return groupErr(cmd, CodeGroupInvalidParam, "MsgList[%d].%s", i, err.(*Error).Info)
		}
	}
	if r.RecentContactFlag != 0 && r.RecentContactFlag != 1 {
		return groupErr(cmd, CodeGroupInvalidParam, "RecentContactFlag %d is not 0 or 1", r.RecentContactFlag)
	}
	return nil
}

// SetUnreadMsgNumRequest is the body of set_unread_msg_num: the unread
// count of one member of a group.
type SetUnreadMsgNumRequest struct {
	GroupID       string `json:"GroupId"`
	MemberAccount string `json:"Member_Account"`
	UnreadMsgNum  int    `json:"UnreadMsgNum"`
}

// Validate checks a set_unread_msg_num body: the GroupId (10004, 10015),
// Member_Account a UserID and UnreadMsgNum not negative (10004).
func (r *SetUnreadMsgNumRequest) Validate() error {
	const cmd = CommandSetUnreadMsgNum
	if err := checkGroupMember(cmd, r.GroupID, "Member_Account", r.MemberAccount); err != nil {
		return err
	}
	if r.UnreadMsgNum < 0 {
		return groupErr(cmd, CodeGroupInvalidParam, "UnreadMsgNum %d is negative", r.UnreadMsgNum)
	}
	return nil
}

// Import creates a group migrated from another system (import_group)
// and returns its GroupID: Get then answers req.CreateTime as its
// CreateTime (the request time when 0). No callback is sent and nobody
// is notified. The request is checked locally first (see
// ImportGroupRequest.Validate; an AVChatRoom is 10007); the owner must be
// imported (10019, ErrAccountNotImported) and a custom GroupID unused
// (10021). Import the members with ImportMembers and the messages with
// ImportMessages. A lost answer is not retried.
func (s *GroupService) Import(ctx context.Context, req *ImportGroupRequest) (string, error) {
	if req == nil {
		return "", errors.New("restapi: Groups.Import needs an *ImportGroupRequest with at least Type and Name")
	}
	var resp ImportGroupResponse
	if err := s.c.callValid(ctx, ServiceGroup, CommandImportGroup, req, &resp); err != nil {
		return "", err
	}
	return resp.GroupID, nil
}

// ImportMembers imports members into a group (import_group_member, 300
// per request, in order) with their role, join time and unread count,
// and returns one result per member: ImportMemberOK, ImportMemberExisted
// for a member already, ImportMemberFailed for a JoinTime not after the
// group's CreateTime and before now. Members shows their Role and
// JoinTime. No callback is sent. Every request is checked before the
// first is sent (10004, 10005, 10015). The service answers 10010 for a
// group that does not exist, 10007 for an AVChatRoom and 10019
// (ErrAccountNotImported) when an account is not imported. When a request
// fails, those before it were applied (their results are returned with
// the error).
func (s *GroupService) ImportMembers(ctx context.Context, req *ImportGroupMemberRequest) ([]ImportMemberResult, error) {
	if req == nil {
		return nil, errors.New("restapi: Groups.ImportMembers needs an *ImportGroupMemberRequest with GroupId and MemberList")
	}
	build := withChunk(req, func(r *ImportGroupMemberRequest, members []ImportedMember) { r.MemberList = members })
	results := func(resp *ImportGroupMemberResponse) []ImportMemberResult { return resp.MemberList }
	return collect(ctx, s.c, ServiceGroup, CommandImportGroupMember, req.MemberList, MaxImportMembersPerRequest, build, results)
}

// ImportMessages imports messages into a group (import_group_msg, 7 per
// request, in order; give them oldest first) and returns one result per
// message: Result 0 with the MsgSeq the message took (History lists it),
// 10004 when its SendTime is not after the group's CreateTime and latest
// message and before now, 80002 for a body over 8 000 bytes. Every
// member's unread count becomes 0: set them afterwards (SetMemberUnread,
// or ImportMembers' UnreadMsgNum). No callback is sent. Every request is
// checked before the first is sent (see ImportGroupMsgRequest.Validate).
// The service answers 10010 for a group that does not exist and 10007
// for an AVChatRoom. When a request fails, those before it were applied.
// A lost answer is not retried.
func (s *GroupService) ImportMessages(ctx context.Context, req *ImportGroupMsgRequest) ([]ImportMsgResult, error) {
	if req == nil {
		return nil, errors.New("restapi: Groups.ImportMessages needs an *ImportGroupMsgRequest with GroupId and MsgList")
	}
	build := withChunk(req, func(r *ImportGroupMsgRequest, msgs []ImportedMsg) { r.MsgList = msgs })
	results := func(resp *ImportGroupMsgResponse) []ImportMsgResult { return resp.ImportMsgResult }
	return collect(ctx, s.c, ServiceGroup, CommandImportGroupMsg, req.MsgList, MaxImportMsgsPerRequest, build, results)
}

// SetMemberUnread sets the unread count of member in a group
// (set_unread_msg_num), for a migration: at most the group's message
// count (a larger n is lowered to it). A ChatRoom (Meeting) or an
// AVChatRoom keeps no unread counts: the call succeeds and sets nothing,
// as Tencent's page says. No callback is sent. The service answers 10010
// for a group that does not exist and 10004 when member is not a member;
// a negative n or malformed IDs are 10004 (10015) before sending.
func (s *GroupService) SetMemberUnread(ctx context.Context, groupID, member string, n int) error {
	req := SetUnreadMsgNumRequest{GroupID: groupID, MemberAccount: member, UnreadMsgNum: n}
	return s.c.callValid(ctx, ServiceGroup, CommandSetUnreadMsgNum, &req, nil)
}
