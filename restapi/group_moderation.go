package restapi

import (
	"context"
	"iter"
	"time"
)

// Group moderation commands (group_open_http_svc): members' roles, a
// sender's messages deleted, and members banned from a group.
const (
	CommandGetRoleInGroup         = "get_role_in_group"
	CommandDeleteGroupMsgBySender = "delete_group_msg_by_sender"
	CommandGetGroupBanMember      = "get_group_ban_member"
	CommandBanGroupMember         = "ban_group_member"
	CommandUnbanGroupMember       = "unban_group_member"
)

// Limits Tencent documents for the moderation commands. Helpers split
// larger inputs into several requests.
const (
	MaxRoleAccountsPerRequest = 500  // get_role_in_group's User_Account
	MaxBanMembersPerRequest   = 20   // ban_group_member's and unban_group_member's Members_Account
	MaxBanDescriptionBytes    = 1000 // ban_group_member's Description
	MaxBannedPerPage          = 100  // get_group_ban_member's Limit
	SenderDeleteWindow        = 1000 // delete_group_msg_by_sender reaches a sender's messages among the group's newest this many
)

// RoleNotMember is the role get_role_in_group answers for an account
// that is not a member of the group.
const RoleNotMember GroupRole = "NotMember"

// GetRoleInGroupRequest is the body of get_role_in_group: the roles of
// 1-500 accounts in a group (Groups.Roles splits more).
type GetRoleInGroupRequest struct {
	GroupID     string   `json:"GroupId"`
	UserAccount []string `json:"User_Account"`
}

// MemberRole is one account's role of get_role_in_group: RoleOwner,
// RoleAdmin, RoleMember or RoleNotMember.
type MemberRole struct {
	MemberAccount string    `json:"Member_Account"`
	Role          GroupRole `json:"Role"`
}

// GetRoleInGroupResponse is the answer of get_role_in_group, one role per
// account asked.
type GetRoleInGroupResponse struct {
	UserIDList []MemberRole `json:"UserIdList"`
}

// Validate checks a get_role_in_group body: the GroupId (10004, 10015)
// and 1-500 UserIDs (10004, 10005 over 500).
func (r *GetRoleInGroupRequest) Validate() error {
	return checkGroupMembers(CommandGetRoleInGroup, r.GroupID, "User_Account", r.UserAccount, MaxRoleAccountsPerRequest)
}

// DeleteGroupMsgBySenderRequest is the body of delete_group_msg_by_sender:
// delete the messages SenderAccount sent among a group's newest 1 000, in
// the Community topic TopicID when set.
type DeleteGroupMsgBySenderRequest struct {
	GroupID       string `json:"GroupId"`
	SenderAccount string `json:"Sender_Account"`
	TopicID       string `json:"TopicId,omitempty"`
}

// Validate checks a delete_group_msg_by_sender body: the GroupId (10004,
// 10015) and Sender_Account a UserID (10004).
func (r *DeleteGroupMsgBySenderRequest) Validate() error {
	return checkGroupMember(CommandDeleteGroupMsgBySender, r.GroupID, "Sender_Account", r.SenderAccount)
}

// BanGroupMemberRequest is the body of ban_group_member: ban 1-20
// accounts from a group for Duration seconds (BanSeconds converts a
// duration); Description, at most MaxBanDescriptionBytes, says why.
type BanGroupMemberRequest struct {
	GroupID        string   `json:"GroupId"`
	MembersAccount []string `json:"Members_Account"`
	Duration       uint32   `json:"Duration"`
	Description    string   `json:"Description,omitempty"`
}

// Validate checks a ban_group_member body (10004 unless said): the
// GroupId (10015 malformed), 1-20 UserIDs (10005 over 20), Duration at
// least 1 second, Description at most 1000 bytes.
func (r *BanGroupMemberRequest) Validate() error {
	const cmd = CommandBanGroupMember
	if err := checkGroupMembers(cmd, r.GroupID, "Members_Account", r.MembersAccount, MaxBanMembersPerRequest); err != nil {
		return err
	}
	if r.Duration == 0 {
		return groupErr(cmd, CodeGroupInvalidParam, "Duration is required: the ban's length in seconds, at least 1 (lift a ban with unban_group_member)")
	}
	if n := len(r.Description); n > MaxBanDescriptionBytes {
		return groupErr(cmd, CodeGroupInvalidParam, "Description is %d bytes; at most %d bytes", n, MaxBanDescriptionBytes)
	}
	return nil
}

// UnbanGroupMemberRequest is the body of unban_group_member: lift the ban
// of 1-20 accounts of a group.
type UnbanGroupMemberRequest struct {
	GroupID        string   `json:"GroupId"`
	MembersAccount []string `json:"Members_Account"`
}

// Validate checks an unban_group_member body: the GroupId (10004, 10015)
// and 1-20 UserIDs (10004, 10005 over 20).
func (r *UnbanGroupMemberRequest) Validate() error {
	return checkGroupMembers(CommandUnbanGroupMember, r.GroupID, "Members_Account", r.MembersAccount, MaxBanMembersPerRequest)
}

// GetGroupBanMemberRequest is the body of get_group_ban_member: Limit
// (at most 100) of a group's banned accounts from Offset (0 first, then
// the NextOffset answered).
type GetGroupBanMemberRequest struct {
	GroupID string `json:"GroupId"`
	Limit   int    `json:"Limit,omitempty"`
	Offset  int    `json:"Offset"`
}

// BannedMember is one banned account of get_group_ban_member, banned
// until the Unix second BannedUntil.
type BannedMember struct {
	MemberAccount string `json:"Member_Account"`
	BannedUntil   int64  `json:"BannedUntil"`
}

// GetGroupBanMemberResponse is one page of get_group_ban_member:
// NextOffset continues, 0 when the list is done.
type GetGroupBanMemberResponse struct {
	BannedAccountList []BannedMember `json:"BannedAccountList"`
	NextOffset        int            `json:"NextOffset"`
}

// Validate checks a get_group_ban_member body (10004 unless said): the
// GroupId (10015 malformed), Limit 0 to 100, Offset not negative.
func (r *GetGroupBanMemberRequest) Validate() error {
	const cmd = CommandGetGroupBanMember
	if err := checkTargetGroup(cmd, r.GroupID); err != nil {
		return err
	}
	if r.Limit < 0 || r.Limit > MaxBannedPerPage {
		return groupErr(cmd, CodeGroupInvalidParam, "Limit %d is not 0 to %d", r.Limit, MaxBannedPerPage)
	}
	if r.Offset < 0 {
		return groupErr(cmd, CodeGroupInvalidParam, "Offset %d is negative; start at 0, then send the NextOffset answered", r.Offset)
	}
	return nil
}

// BanSeconds is d as a ban's Duration, or any other plain seconds field
// (ForbidSendMsgRequest.MuteTime): whole seconds, rounded up, at most
// 4294967295; 0 for d of 0 or less, which ban_group_member refuses.
func BanSeconds(d time.Duration) uint32 { return *MuteSeconds(d) }

// Roles returns the role of each account in a group (get_role_in_group,
// 500 per request, in order): RoleOwner, RoleAdmin, RoleMember, or
// RoleNotMember for an account that is not a member. Every request is
// checked before the first is sent (10004, 10005, 10015). The service
// answers 10010 for a group that does not exist and 10007 for an
// AVChatRoom (read its members with Members instead). When a request
// fails, the roles of those before it are returned with the error.
func (s *GroupService) Roles(ctx context.Context, groupID string, userIDs ...string) ([]MemberRole, error) {
	build := func(ids []string) *GetRoleInGroupRequest {
		return &GetRoleInGroupRequest{GroupID: groupID, UserAccount: ids}
	}
	roles := func(resp *GetRoleInGroupResponse) []MemberRole { return resp.UserIDList }
	return collect(ctx, s.c, ServiceGroup, CommandGetRoleInGroup, userIDs, MaxRoleAccountsPerRequest, build, roles)
}

// DeleteMessagesBy deletes the messages sender sent to a group
// (delete_group_msg_by_sender) among the group's newest 1 000: they are
// marked recalled, silently (members are not notified), so History no
// longer lists them. An AVChatRoom stores no messages: the call succeeds
// and changes nothing. A group that does not exist is 10010. Use Call
// with a DeleteGroupMsgBySenderRequest for a Community topic. It is a
// write, sent once.
func (s *GroupService) DeleteMessagesBy(ctx context.Context, groupID, sender string) error {
	req := DeleteGroupMsgBySenderRequest{GroupID: groupID, SenderAccount: sender}
	return s.c.callValid(ctx, ServiceGroup, CommandDeleteGroupMsgBySender, &req, nil)
}

// Ban bans accounts from a group for d (ban_group_member, 20 per
// request): whole seconds, rounded up (BanSeconds); d must be positive
// (10004). A banned member leaves the group, and while the ban lasts
// AddMembers answers AddMemberFailed for it. Every request is checked
// before the first is sent (10004, 10005, 10015); a group that does not
// exist is 10010. Use Call with a BanGroupMemberRequest to give a
// Description. When a request fails, those before it were applied.
func (s *GroupService) Ban(ctx context.Context, groupID string, d time.Duration, userIDs ...string) error {
	req := BanGroupMemberRequest{GroupID: groupID, Duration: BanSeconds(d)}
	return s.perChunk(ctx, CommandBanGroupMember, userIDs, MaxBanMembersPerRequest, &req, &req.MembersAccount)
}

// Unban lifts the ban of accounts of a group (unban_group_member, 20 per
// request), so they can be added again; an account that is not banned is
// skipped. Every request is checked before the first is sent (10004,
// 10005, 10015); a group that does not exist is 10010. Unbanning does not
// add anyone back. When a request fails, those before it were applied.
func (s *GroupService) Unban(ctx context.Context, groupID string, userIDs ...string) error {
	req := UnbanGroupMemberRequest{GroupID: groupID}
	return s.perChunk(ctx, CommandUnbanGroupMember, userIDs, MaxBanMembersPerRequest, &req, &req.MembersAccount)
}

// Banned walks the accounts banned from a group now
// (get_group_ban_member), 100 per page, following NextOffset, each with
// the Unix second its ban ends. The first error (a local check, 10010
// for a group that does not exist, or the context's) is yielded last.
func (s *GroupService) Banned(ctx context.Context, groupID string) iter.Seq2[BannedMember, error] {
	first := GetGroupBanMemberRequest{GroupID: groupID, Limit: MaxBannedPerPage}
	banned := func(resp *GetGroupBanMemberResponse) []BannedMember { return resp.BannedAccountList }
	return walk(ctx, s.c, ServiceGroup, CommandGetGroupBanMember, first, banned, func(req *GetGroupBanMemberRequest, resp *GetGroupBanMemberResponse) (bool, error) {
		switch {
		case resp.NextOffset == 0 || len(resp.BannedAccountList) == 0:
			return false, nil
		case resp.NextOffset <= req.Offset:
			return false, stuck(CommandGetGroupBanMember, resp.NextOffset)
		}
		req.Offset = resp.NextOffset
		return true, nil
	})
}
