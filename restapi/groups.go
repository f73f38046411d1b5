package restapi

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"
)

// MuteForever is the MuteMembers duration that mutes permanently
// (MutedForever seconds, the same for the fields that take seconds); any
// longer one is the same.
const MuteForever = time.Duration(MutedForever) * time.Second

// GroupService creates, reads, changes and dissolves groups, manages
// their members and counters and sends group messages
// (group_open_http_svc). Reach it as Client.Groups.
type GroupService struct {
	c *Client
}

// Create creates a group (create_group) and returns its GroupID. The
// request is checked locally first (10004, 10015 for a bad custom
// GroupID, 10007 for members of an AVChatRoom); the owner and members
// must be imported accounts (10019, ErrAccountNotImported) and a custom
// GroupID must be unused (10021; CodeGroupIDOwned, 10025, when the group
// that has it is already OwnerAccount's).
//
// A lost answer is not retried (the group may exist already): on a
// network error, send it again when you chose its GroupID and an
// OwnerAccount (CodeGroupIDOwned then says it was created), or look the
// group up with Get.
func (s *GroupService) Create(ctx context.Context, req *CreateGroupRequest) (string, error) {
	if req == nil {
		return "", errors.New("restapi: Groups.Create needs a *CreateGroupRequest with at least Type and Name")
	}
	var resp CreateGroupResponse
	if err := s.c.callValid(ctx, ServiceGroup, CommandCreateGroup, req, &resp); err != nil {
		return "", err
	}
	return resp.GroupID, nil
}

// Destroy dissolves a group (destroy_group). A group that does not exist
// or was already dissolved fails with 10010 (ErrGroupNotFound).
func (s *GroupService) Destroy(ctx context.Context, groupID string) error {
	req := DestroyGroupRequest{GroupID: groupID}
	return s.c.callValid(ctx, ServiceGroup, CommandDestroyGroup, &req, nil)
}

// Get returns the information of groups (get_group_info, 50 per request),
// one GroupInfo per GroupID in the order given. A group that could not be
// read has a non-zero ErrorCode in its GroupInfo (10010: it does not
// exist); the call itself still succeeds. Every request is checked
// before the first is sent (10004 for an empty GroupID, the error naming
// its index in groupIDs); when one fails, the information of the
// requests before it is returned with the error.
// No GroupIDs sends nothing and returns nothing. Use Call with a
// GetGroupInfoRequest to set a ResponseFilter.
func (s *GroupService) Get(ctx context.Context, groupIDs ...string) ([]GroupInfo, error) {
	if len(groupIDs) == 0 {
		return nil, nil
	}
	build := func(ids []string) *GetGroupInfoRequest { return &GetGroupInfoRequest{GroupIDList: ids} }
	// Named by the caller's argument and index, wrapping the *Error its
	// request (the 50 around it) gets from Validate and the server alike.
	if i := slices.Index(groupIDs, ""); i >= 0 {
		start := i - i%MaxGroupsPerInfoRequest
		refused := build(groupIDs[start:min(start+MaxGroupsPerInfoRequest, len(groupIDs))]).Validate()
		return nil, fmt.Errorf("restapi: Groups.Get: groupIDs[%d] is empty; pass the GroupID that Groups.Create returned: %w", i, refused)
	}
	infos := func(resp *GetGroupInfoResponse) []GroupInfo { return resp.GroupInfo }
	return collect(ctx, s.c, ServiceGroup, CommandGetGroupInfo, groupIDs, MaxGroupsPerInfoRequest, build, infos)
}

// AddMembers puts accounts into a group (add_group_member, 300 per
// request, in order) and returns one result per account: AddMemberOK,
// AddMemberExisted for a member already, AddMemberInvited when the invitee
// must accept. Every request is checked before the first is sent (10004,
// 10005, 10015). The service answers 10010 for a group that does not
// exist, 10007 for an AVChatRoom (it has no member management), 10019
// (ErrAccountNotImported) when an account is not imported, and 10014 when
// the accounts would take the group past its MaxMemberNum (none of that
// request is added). When a request fails, those before it were applied
// (their results are returned with the error).
func (s *GroupService) AddMembers(ctx context.Context, req *AddGroupMemberRequest) ([]AddMemberResult, error) {
	if req == nil {
		return nil, errors.New("restapi: Groups.AddMembers needs an *AddGroupMemberRequest with GroupId and MemberList")
	}
	build := withChunk(req, func(r *AddGroupMemberRequest, members []MemberAccount) { r.MemberList = members })
	results := func(resp *AddGroupMemberResponse) []AddMemberResult { return resp.MemberList }
	return collect(ctx, s.c, ServiceGroup, CommandAddGroupMember, req.MemberList, MaxAddMembersPerRequest, build, results)
}

// MemberAccounts returns the accounts as MemberAccount items, for
// AddGroupMemberRequest.MemberList.
func MemberAccounts(userIDs ...string) []MemberAccount {
	out := make([]MemberAccount, len(userIDs))
	for i, id := range userIDs {
		out[i] = MemberAccount{MemberAccount: id}
	}
	return out
}

// RemoveMembers takes accounts out of a group (delete_group_member, 100
// per request, in order). Every request is checked before the first is
// sent (10004, 10005, 10015). Removing an account that is not a member
// succeeds; the owner cannot be removed (10004); an AVChatRoom has no
// member management (10004); a group that does not exist is 10010. A
// group left empty is not dissolved. When a request fails, those before
// it were applied.
func (s *GroupService) RemoveMembers(ctx context.Context, req *DeleteGroupMemberRequest) error {
	if req == nil {
		return errors.New("restapi: Groups.RemoveMembers needs a *DeleteGroupMemberRequest with GroupId and MemberToDel_Account")
	}
	chunk := *req
	return s.perChunk(ctx, CommandDeleteGroupMember, req.MemberToDelAccount, MaxRemoveMembersPerRequest, &chunk, &chunk.MemberToDelAccount)
}

// Update changes a group's base information (modify_group_base_info):
// the fields set, AppDefinedData keys set (an empty Value deletes the
// key), MuteAllMember MuteAllOn to mute every member but the owner and
// admins. The request is checked locally first (see
// ModifyGroupBaseInfoRequest.Validate); the service answers 10010 for a
// group that does not exist, 10019 when From_Account is not imported, and
// 10004 for a MaxMemberNum below the member count or above the type's
// capacity.
func (s *GroupService) Update(ctx context.Context, req *ModifyGroupBaseInfoRequest) error {
	if req == nil {
		return errors.New("restapi: Groups.Update needs a *ModifyGroupBaseInfoRequest with GroupId")
	}
	return s.c.callValid(ctx, ServiceGroup, CommandModifyGroupBaseInfo, req, nil)
}

// Members walks the members of a group (get_group_member_info), the
// owner first then in join order, req.Limit per page (0: every member in
// one page), following Offset, or Next for a Community. The first error
// (a local check, 10010 for a group that does not exist, 10007 for an
// AVChatRoom, or the context's) is yielded last.
func (s *GroupService) Members(ctx context.Context, req GetGroupMemberInfoRequest) iter.Seq2[GroupMemberInfo, error] {
	members := func(resp *GetGroupMemberInfoResponse) []GroupMemberInfo { return resp.MemberList }
	return walk(ctx, s.c, ServiceGroup, CommandGetGroupMemberInfo, req, members, func(req *GetGroupMemberInfoRequest, resp *GetGroupMemberInfoResponse) (bool, error) {
		switch {
		case resp.Next != "" && resp.Next == req.Next:
			return false, stuck(CommandGetGroupMemberInfo, resp.Next)
		case resp.Next != "":
			req.Next = resp.Next
		case req.Next != "", req.Limit == 0, len(resp.MemberList) < req.Limit, req.Offset+len(resp.MemberList) >= resp.MemberNum:
			return false, nil // a Community's last page, or the last page by Offset
		default:
			req.Offset += len(resp.MemberList)
		}
		return true, nil
	})
}

// Joined walks the groups req.MemberAccount is in
// (get_joined_group_list), req.Limit per page (0: all in one page) from
// req.Offset. AVChatRooms are left out unless WithHugeGroups is 1. Each
// group has its GroupID and only the fields req.ResponseFilter names:
// ask for SelfInfoFilter "Role" to read SelfInfo.Role. The first error (a
// local check, 10019 for an account that is not imported, or the
// context's) is yielded last.
func (s *GroupService) Joined(ctx context.Context, req GetJoinedGroupListRequest) iter.Seq2[JoinedGroup, error] {
	groups := func(resp *GetJoinedGroupListResponse) []JoinedGroup { return resp.GroupIDList }
	return walk(ctx, s.c, ServiceGroup, CommandGetJoinedGroupList, req, groups, func(req *GetJoinedGroupListRequest, resp *GetJoinedGroupListResponse) (bool, error) {
		if req.Limit == 0 || len(resp.GroupIDList) < req.Limit || req.Offset+len(resp.GroupIDList) >= resp.TotalCount {
			return false, nil
		}
		req.Offset += len(resp.GroupIDList)
		return true, nil
	})
}

// SendMessage posts a message to a group (send_group_msg) and returns its
// time and MsgSeq. Random is generated when 0 (req is not changed). The
// request is checked locally first (see SendGroupMsgRequest.Validate);
// the service answers 10010 for a group that does not exist, 11000 for a
// TopicID in a group without topics and 110003 for a topic it does not
// have, 10007 when From_Account is not a member (or To_Account is used
// outside a Flagship or Enterprise app), 10017 when the sender is muted in
// the group, in the topic, app-wide, or by the group's or the topic's
// MuteAllMember, and 80002 for a MsgBody or CloudCustomData over 8 000
// bytes. A repeat of the
// same Random and body within 5 minutes is dropped, answering the first
// one's MsgSeq. A lost answer is not retried.
func (s *GroupService) SendMessage(ctx context.Context, req *SendGroupMsgRequest) (*SendGroupMsgResponse, error) {
	if req == nil {
		return nil, errors.New("restapi: Groups.SendMessage needs a *SendGroupMsgRequest with GroupId and MsgBody")
	}
	r := *req
	r.Random = orRandom(r.Random)
	resp := &SendGroupMsgResponse{}
	if err := s.c.callValid(ctx, ServiceGroup, CommandSendGroupMsg, &r, resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// SendSystemNotification sends a system notification to members of a
// group (send_group_system_notification): to req.ToMembersAccount (at
// most 50), or every member when it is empty (the only choice for an
// AVChatRoom, 10004 otherwise). Notifications reach online members only
// and are not stored; a Trial app sends at most 1 000 a day (60007). A
// group that does not exist is 10010. Tencent retired the command for
// new apps: prefer SendMessage. A lost answer is not retried.
func (s *GroupService) SendSystemNotification(ctx context.Context, req *SendGroupSystemNotificationRequest) error {
	if req == nil {
		return errors.New("restapi: Groups.SendSystemNotification needs a *SendGroupSystemNotificationRequest with GroupId and Content")
	}
	return s.c.callValid(ctx, ServiceGroup, CommandSendGroupSystemNotification, req, nil)
}

// MuteMembers mutes accounts in a group for d (forbid_send_msg, 500 per
// request): whole seconds, rounded up; 0 or less unmutes; MuteForever
// mutes permanently. Their send_group_msg fails with 10017 until the mute
// ends; a mute survives leaving and re-joining the group. Every request is
// checked before the first is sent (10004, 10015). The service answers
// 10010 for a group that does not exist, 10007 for a Private (Work) group,
// which cannot mute members, and 10004 for an account that is not
// imported (the command's codes are 10002, 10003, 10004, 10007, 10010
// and 10015 only). When a request fails, those before it were applied.
// MuteTopicMembers mutes in a Community topic.
func (s *GroupService) MuteMembers(ctx context.Context, groupID string, d time.Duration, userIDs ...string) error {
	return s.MuteTopicMembers(ctx, groupID, "", d, userIDs...)
}

// MutedMembers returns the members of a group that are muted in it now
// (get_group_muted_account), each with the Unix second its mute ends. A
// group of any type can be asked; one that does not exist fails with
// 10010, an empty or malformed GroupID with 10004 before sending.
// TopicMutedMembers asks about a Community topic.
func (s *GroupService) MutedMembers(ctx context.Context, groupID string) ([]MutedMember, error) {
	return s.TopicMutedMembers(ctx, groupID, "")
}

// All walks the GroupIDs of every group of the app (get_appid_group_list),
// oldest first, req.Limit per page (0: 10000), following Next, of
// req.GroupType only when set. The command is limited to 1 call per
// second: the client's rate limiter (WithRateLimit) paces the pages
// instead of collecting 60007s, so a long walk takes a second or two per
// page. The first error (a local check, or the context's) is yielded last.
func (s *GroupService) All(ctx context.Context, req GetAppIDGroupListRequest) iter.Seq2[string, error] {
	groupIDs := func(resp *GetAppIDGroupListResponse) []string {
		ids := make([]string, len(resp.GroupIDList))
		for i, g := range resp.GroupIDList {
			ids[i] = g.GroupID
		}
		return ids
	}
	return walk(ctx, s.c, ServiceGroup, CommandGetAppIDGroupList, req, groupIDs, func(req *GetAppIDGroupListRequest, resp *GetAppIDGroupListResponse) (bool, error) {
		switch {
		case resp.Next == 0 || len(resp.GroupIDList) == 0:
			return false, nil
		case resp.Next == req.Next:
			return false, stuck(CommandGetAppIDGroupList, resp.Next)
		}
		req.Next = resp.Next
		return true, nil
	})
}
