package restapi

import (
	"github.com/imconsole/imconsole/internal/rules"
)

// Group commands beyond create, destroy and get_group_info.
const (
	CommandAddGroupMember              = "add_group_member"
	CommandDeleteGroupMember           = "delete_group_member"
	CommandModifyGroupBaseInfo         = "modify_group_base_info"
	CommandGetGroupMemberInfo          = "get_group_member_info"
	CommandGetJoinedGroupList          = "get_joined_group_list"
	CommandSendGroupMsg                = "send_group_msg"
	CommandSendGroupSystemNotification = "send_group_system_notification"
	CommandForbidSendMsg               = "forbid_send_msg"
	CommandGetGroupMutedAccount        = "get_group_muted_account"
	CommandGetAppIDGroupList           = "get_appid_group_list"
)

// Limits Tencent documents for the group commands. Helpers split larger
// inputs into several requests.
const (
	MaxAddMembersPerRequest    = 300   // add_group_member (10005 over)
	MaxRemoveMembersPerRequest = 100   // delete_group_member
	MaxMuteMembersPerRequest   = 500   // forbid_send_msg
	MaxMembersPerPage          = 6000  // get_group_member_info's Limit
	MaxGroupsPerListPage       = 10000 // get_appid_group_list's Limit (also its default)
	MaxGroupMsgReceivers       = 50    // send_group_msg's To_Account, send_group_system_notification's ToMembers_Account
	MaxGroupMsgBodyBytes       = 8000  // the JSON of a send_group_msg MsgBody (80002 over)
	GroupMsgDedupSeconds       = 300   // send_group_msg drops a repeat (same Random and body) within this
)

// MsgPriority is the priority of a group message (MsgPriority), one of
// the Priority constants; Tencent reads it case-sensitively.
type MsgPriority string

// Priorities of send_group_msg. When a group's message rate is over its
// limit, lower priorities are dropped first.
const (
	PriorityHigh   MsgPriority = "High"
	PriorityNormal MsgPriority = "Normal"
	PriorityLow    MsgPriority = "Low"
)

// Results of one member of add_group_member.
const (
	AddMemberFailed  = 0 // not added
	AddMemberOK      = 1 // added
	AddMemberExisted = 2 // a member already
	AddMemberInvited = 3 // invited: waiting for the invitee to accept
)

// silenceNoNotice is the Silence that sends no notice.
const silenceNoNotice = 1

// MemberAccount names one account in add_group_member's MemberList.
type MemberAccount struct {
	MemberAccount string `json:"Member_Account"`
}

// AddGroupMemberRequest is the body of add_group_member: 1-300 accounts
// to put into a group (Groups.AddMembers splits more). Silence 1 sends
// the members no notice.
type AddGroupMemberRequest struct {
	GroupID    string          `json:"GroupId"`
	Silence    int             `json:"Silence,omitempty"`
	MemberList []MemberAccount `json:"MemberList"`
}

// AddMemberResult is what add_group_member did with one account: Result
// is AddMemberOK, AddMemberExisted, AddMemberInvited or AddMemberFailed.
type AddMemberResult struct {
	MemberAccount string `json:"Member_Account"`
	Result        int    `json:"Result"`
}

// AddGroupMemberResponse is the answer of add_group_member, one result
// per account asked.
type AddGroupMemberResponse struct {
	MemberList []AddMemberResult `json:"MemberList"`
}

// DeleteGroupMemberRequest is the body of delete_group_member: 1-100
// accounts to remove (Groups.RemoveMembers splits more). Silence 1
// notifies only the removed members; Reason is shown to them.
type DeleteGroupMemberRequest struct {
	GroupID            string   `json:"GroupId"`
	Silence            int      `json:"Silence,omitempty"`
	Reason             string   `json:"Reason,omitempty"`
	MemberToDelAccount []string `json:"MemberToDel_Account"`
}

// ModifyGroupBaseInfoRequest is the body of modify_group_base_info. Only
// the fields set change: an empty string, zero or nil leaves a field as it
// is. An AppDefinedData item with an empty Value deletes that key.
// FromAccount, when set, is the imported account the change is made as.
// HistoryMsgBeforeJoin "On" shows new members the messages from before
// they joined ("Off" hides them); EnablePermission (0 or 1) makes a
// Community with topics judge by permission groups, and
// DefaultPermission is then a member's default permission bits.
type ModifyGroupBaseInfoRequest struct {
	GroupID              string       `json:"GroupId"`
	Name                 string       `json:"Name,omitempty"`
	Introduction         string       `json:"Introduction,omitempty"`
	Notification         string       `json:"Notification,omitempty"`
	FaceURL              string       `json:"FaceUrl,omitempty"`
	MaxMemberNum         int          `json:"MaxMemberNum,omitempty"`
	ApplyJoinOption      JoinOption   `json:"ApplyJoinOption,omitempty"`
	MuteAllMember        MuteAll      `json:"MuteAllMember,omitempty"`
	InviteJoinOption     InviteOption `json:"InviteJoinOption,omitempty"`
	FromAccount          string       `json:"From_Account,omitempty"`
	AppDefinedData       []KeyValue   `json:"AppDefinedData,omitempty"`
	HistoryMsgBeforeJoin string       `json:"HistoryMsgBeforeJoin,omitempty"`
	EnablePermission     *int         `json:"EnablePermission,omitempty"`
	DefaultPermission    *uint64      `json:"DefaultPermission,omitempty"`
}

// GetGroupMemberInfoRequest is the body of get_group_member_info: the
// members of a group, Limit at a time (0: all; at most 6000) from Offset,
// or, for a Community, from Next ("" first). MemberRoleFilter keeps only
// the roles listed; AppDefinedDataFilterGroupMember names the keys of
// each member's AppMemberDefinedData to answer.
type GetGroupMemberInfoRequest struct {
	GroupID                         string      `json:"GroupId"`
	MemberInfoFilter                []string    `json:"MemberInfoFilter,omitempty"`
	MemberRoleFilter                []GroupRole `json:"MemberRoleFilter,omitempty"`
	AppDefinedDataFilterGroupMember []string    `json:"AppDefinedDataFilter_GroupMember,omitempty"`
	Limit                           int         `json:"Limit,omitempty"`
	Offset                          int         `json:"Offset,omitempty"`
	Next                            string      `json:"Next,omitempty"`
}

// GetGroupMemberInfoResponse is one page of get_group_member_info:
// MemberNum is the group's member count (the roles filtered, all pages),
// Next continues a Community ("" when done).
type GetGroupMemberInfoResponse struct {
	MemberNum  int               `json:"MemberNum"`
	MemberList []GroupMemberInfo `json:"MemberList"`
	Next       string            `json:"Next,omitempty"`
}

// GetJoinedGroupListRequest is the body of get_joined_group_list: the
// groups MemberAccount is in, Limit at a time from Offset (Limit 0: all),
// of GroupType only when set. AVChatRooms are listed only with
// WithHugeGroups 1. Without a ResponseFilter each group is answered with
// its GroupID only. SupportTopic 1 asks for Communities with topics too.
type GetJoinedGroupListRequest struct {
	MemberAccount      string             `json:"Member_Account"`
	WithHugeGroups     int                `json:"WithHugeGroups,omitempty"`
	WithNoActiveGroups int                `json:"WithNoActiveGroups,omitempty"`
	Limit              int                `json:"Limit,omitempty"`
	Offset             int                `json:"Offset,omitempty"`
	GroupType          GroupType          `json:"GroupType,omitempty"`
	ResponseFilter     *JoinedGroupFilter `json:"ResponseFilter,omitempty"`
	SupportTopic       int                `json:"SupportTopic,omitempty"`
}

// JoinedGroupFilter names the fields get_joined_group_list answers beside
// each GroupID: GroupBaseInfoFilter the group's (Type, Name,
// Introduction, Notification, FaceUrl, Owner_Account, CreateTime,
// LastInfoTime, LastMsgTime, NextMsgSeq, MemberNum, MaxMemberNum,
// ApplyJoinOption, MuteAllMember), SelfInfoFilter
// the member's own in SelfInfo (Role, JoinTime, ...), by their names on
// the wire.
type JoinedGroupFilter struct {
	GroupBaseInfoFilter []string `json:"GroupBaseInfoFilter,omitempty"`
	SelfInfoFilter      []string `json:"SelfInfoFilter,omitempty"`
}

// JoinedGroup is one group of get_joined_group_list: its GroupID, and the
// fields the request's ResponseFilter names (the others are zero, and
// SelfInfo is nil without a SelfInfoFilter).
type JoinedGroup struct {
	GroupID         string           `json:"GroupId"`
	Type            GroupType        `json:"Type,omitempty"`
	Name            string           `json:"Name,omitempty"`
	Introduction    string           `json:"Introduction,omitempty"`
	Notification    string           `json:"Notification,omitempty"`
	FaceURL         string           `json:"FaceUrl,omitempty"`
	OwnerAccount    string           `json:"Owner_Account,omitempty"`
	CreateTime      int64            `json:"CreateTime,omitempty"`
	LastInfoTime    int64            `json:"LastInfoTime,omitempty"`
	LastMsgTime     int64            `json:"LastMsgTime,omitempty"`
	NextMsgSeq      int64            `json:"NextMsgSeq,omitempty"`
	MemberNum       int              `json:"MemberNum,omitempty"`
	MaxMemberNum    int              `json:"MaxMemberNum,omitempty"`
	ApplyJoinOption JoinOption       `json:"ApplyJoinOption,omitempty"`
	MuteAllMember   MuteAll          `json:"MuteAllMember,omitempty"` // decoded from the older ShutUpAllMember too
	SelfInfo        *GroupMemberInfo `json:"SelfInfo,omitempty"`
}

// GetJoinedGroupListResponse is one page of get_joined_group_list:
// TotalCount counts every group that matches, all pages.
type GetJoinedGroupListResponse struct {
	TotalCount  int           `json:"TotalCount"`
	GroupIDList []JoinedGroup `json:"GroupIdList"`
}

// GroupAt is one @-mention of a group message: GroupAtAllFlag 1 mentions
// everyone, otherwise GroupAtAccount is the member mentioned.
type GroupAt struct {
	GroupAtAllFlag int    `json:"GroupAtAllFlag"`
	GroupAtAccount string `json:"GroupAt_Account,omitempty"`
}

// SendGroupMsgRequest is the body of send_group_msg. GroupID and MsgBody
// are required; FromAccount empty sends as the admin, otherwise it must
// be a member. Random is generated by Groups.SendMessage when 0.
// ToAccount targets up to 50 members (Flagship and Enterprise apps only;
// they get no unread count); OnlineOnlyFlag 1 reaches online members only and is not
// for AVChatRooms. SupportMessageExtension 1 lets the message be
// extended, NeedReadReceipt 1 asks for read receipts; TopicID posts to a
// topic of a Community.
type SendGroupMsgRequest struct {
	GroupID                 string           `json:"GroupId"`
	Random                  uint32           `json:"Random"`
	MsgPriority             MsgPriority      `json:"MsgPriority,omitempty"`
	MsgBody                 []Element        `json:"MsgBody"`
	FromAccount             string           `json:"From_Account,omitempty"`
	OfflinePushInfo         *OfflinePushInfo `json:"OfflinePushInfo,omitempty"`
	ForbidCallbackControl   []string         `json:"ForbidCallbackControl,omitempty"`
	OnlineOnlyFlag          int              `json:"OnlineOnlyFlag,omitempty"`
	SendMsgControl          []string         `json:"SendMsgControl,omitempty"`
	CloudCustomData         string           `json:"CloudCustomData,omitempty"`
	SupportMessageExtension int              `json:"SupportMessageExtension,omitempty"`
	ToAccount               []string         `json:"To_Account,omitempty"`
	TopicID                 string           `json:"TopicId,omitempty"`
	NeedReadReceipt         int              `json:"NeedReadReceipt,omitempty"`
	GroupAtInfo             []GroupAt        `json:"GroupAtInfo,omitempty"`
}

// SendGroupMsgResponse is the answer of send_group_msg: the message's
// time (Unix seconds) and its sequence number in the group.
type SendGroupMsgResponse struct {
	MsgTime       int64  `json:"MsgTime"`
	MsgSeq        uint64 `json:"MsgSeq"`
	MsgDropReason string `json:"MsgDropReason,omitempty"`
}

// SendGroupSystemNotificationRequest is the body of
// send_group_system_notification: Content to ToMembersAccount (up to 50
// members; empty: every member, the only choice for an AVChatRoom), in
// the Community topic TopicID when set.
type SendGroupSystemNotificationRequest struct {
	GroupID          string   `json:"GroupId"`
	ToMembersAccount []string `json:"ToMembers_Account,omitempty"`
	Content          string   `json:"Content"`
	TopicID          string   `json:"TopicId,omitempty"`
}

// ForbidSendMsgRequest is the body of forbid_send_msg: mute up to 500
// accounts in a group for MuteTime seconds (0 unmutes, MutedForever is
// permanent; Groups.MuteMembers and MuteTopicMembers take a
// time.Duration), in the Community topic TopicID when set. Tencent also takes MuteTime under its older name
// ShutUpTime; the client sends MuteTime.
type ForbidSendMsgRequest struct {
	GroupID        string   `json:"GroupId"`
	MembersAccount []string `json:"Members_Account"`
	MuteTime       uint32   `json:"MuteTime"`
	TopicID        string   `json:"TopicId,omitempty"`
}

// GetGroupMutedAccountRequest is the body of get_group_muted_account:
// the muted members of a group, of the Community topic TopicID when set.
type GetGroupMutedAccountRequest struct {
	GroupID string `json:"GroupId"`
	TopicID string `json:"TopicId,omitempty"`
}

// MutedMember is one muted member of get_group_muted_account: the
// account and MutedUntil, the Unix second (UTC) its mute ends.
type MutedMember struct {
	MemberAccount string `json:"Member_Account"`
	MutedUntil    int64  `json:"MutedUntil"`
}

// GetGroupMutedAccountResponse is the answer of get_group_muted_account.
type GetGroupMutedAccountResponse struct {
	GroupID          string        `json:"GroupId"`
	MutedAccountList []MutedMember `json:"MutedAccountList"`
}

// GetAppIDGroupListRequest is the body of get_appid_group_list: the
// app's groups, Limit at a time (0: 10000) after Next (0 first), of
// GroupType only when set.
type GetAppIDGroupListRequest struct {
	Limit     int       `json:"Limit,omitempty"`
	Next      uint64    `json:"Next"`
	GroupType GroupType `json:"GroupType,omitempty"`
}

// GroupIDItem names one group of get_appid_group_list.
type GroupIDItem struct {
	GroupID string `json:"GroupId"`
}

// GetAppIDGroupListResponse is one page of get_appid_group_list:
// TotalCount counts the app's groups (of GroupType when filtered) whatever
// the page; Next continues, 0 when done.
type GetAppIDGroupListResponse struct {
	TotalCount  int           `json:"TotalCount"`
	GroupIDList []GroupIDItem `json:"GroupIdList"`
	Next        uint64        `json:"Next"`
}

// checkTargetGroup checks the GroupId a group command names: required
// (10004) and of the form a GroupId takes (10015).
func checkTargetGroup(command, id string) error {
	if id == "" {
		return groupErr(command, CodeGroupInvalidParam, "GroupId is required")
	}
	if len(id) > MaxGroupIDBytes || rules.NonPrintable(id) >= 0 {
		return groupErr(command, CodeGroupIDInvalid, "GroupId %q is not 1-%d bytes of printable ASCII; use the GroupId create_group answered", id, MaxGroupIDBytes)
	}
	return nil
}

// checkMembers checks a list of accounts of a group command: 1-max
// (10004 none, 10005 over), each a UserID (10004).
func checkMembers(command, field string, ids []string, max int) error {
	switch {
	case len(ids) == 0:
		return groupErr(command, CodeGroupInvalidParam, "%s is empty; name at least one account", field)
	case len(ids) > max:
		return groupErr(command, CodeGroupTooManyAccounts, "%s has %d accounts; at most %d per request (the Groups helpers split larger lists)", field, len(ids), max)
	}
	for i, id := range ids {
		if !rules.ValidUserID(id) {
			return groupErr(command, CodeGroupInvalidParam, "%s[%d] %q is not a UserID (1-%d bytes of printable ASCII)", field, i, id, rules.MaxUserIDBytes)
		}
	}
	return nil
}

// checkGroupMembers checks the GroupId and the list of accounts of a group
// command, as checkTargetGroup and checkMembers do.
func checkGroupMembers(command, groupID, field string, ids []string, max int) error {
	if err := checkTargetGroup(command, groupID); err != nil {
		return err
	}
	return checkMembers(command, field, ids, max)
}

// checkGroupMember checks the GroupId and the one account of a group
// command, as checkTargetGroup and checkGroupAccount do.
func checkGroupMember(command, groupID, field, id string) error {
	if err := checkTargetGroup(command, groupID); err != nil {
		return err
	}
	return checkGroupAccount(command, field, id)
}

// Validate checks an add_group_member body: the GroupId (10004, 10015),
// 1-300 UserIDs (10004, 10005 over 300), Silence 0 or 1 (10004).
func (r *AddGroupMemberRequest) Validate() error {
	const cmd = CommandAddGroupMember
	ids := make([]string, len(r.MemberList))
	for i, m := range r.MemberList {
		ids[i] = m.MemberAccount
	}
	if err := checkGroupMembers(cmd, r.GroupID, "MemberList", ids, MaxAddMembersPerRequest); err != nil {
		return err
	}
	return checkSilence(cmd, r.Silence)
}

func checkSilence(command string, silence int) error {
	if silence != 0 && silence != silenceNoNotice {
		return groupErr(command, CodeGroupInvalidParam, "Silence %d is not 0 (notify) or 1 (silent)", silence)
	}
	return nil
}

// Validate checks a delete_group_member body: the GroupId (10004, 10015),
// 1-100 UserIDs (10004, 10005 over 100), Silence 0 or 1 (10004).
func (r *DeleteGroupMemberRequest) Validate() error {
	const cmd = CommandDeleteGroupMember
	if err := checkGroupMembers(cmd, r.GroupID, "MemberToDel_Account", r.MemberToDelAccount, MaxRemoveMembersPerRequest); err != nil {
		return err
	}
	return checkSilence(cmd, r.Silence)
}

// Validate checks a modify_group_base_info body (10004 unless said): the
// GroupId (10015 malformed), the byte limits of Name (30), Introduction
// (240), Notification (300) and FaceUrl (100), MaxMemberNum not negative,
// the join, invite and MuteAllMember values, From_Account a UserID,
// AppDefinedData items with a key, HistoryMsgBeforeJoin On or Off and
// EnablePermission 0 or 1.
func (r *ModifyGroupBaseInfoRequest) Validate() error {
	const cmd = CommandModifyGroupBaseInfo
	if err := checkTargetGroup(cmd, r.GroupID); err != nil {
		return err
	}
	if err := checkGroupTexts(cmd, r.Name, r.Introduction, r.Notification, r.FaceURL); err != nil {
		return err
	}
	if r.MaxMemberNum < 0 {
		return groupErr(cmd, CodeGroupInvalidParam, "MaxMemberNum %d is negative", r.MaxMemberNum)
	}
	if err := checkApplyJoin(cmd, r.ApplyJoinOption); err != nil {
		return err
	}
	switch r.InviteJoinOption {
	case "", InviteFreeAccess, InviteNeedPermission, InviteDisabled:
	default:
		return groupErr(cmd, CodeGroupInvalidParam, "InviteJoinOption %q is not FreeAccess, NeedPermission or DisableInvite", r.InviteJoinOption)
	}
	if err := checkMuteAll(cmd, r.MuteAllMember); err != nil {
		return err
	}
	if r.FromAccount != "" {
		if err := checkGroupAccount(cmd, "From_Account", r.FromAccount); err != nil {
			return err
		}
	}
	if err := checkDefinedData(cmd, "AppDefinedData", r.AppDefinedData); err != nil {
		return err
	}
	switch r.HistoryMsgBeforeJoin {
	case "", "On", "Off":
	default:
		return groupErr(cmd, CodeGroupInvalidParam, "HistoryMsgBeforeJoin %q is not On or Off", r.HistoryMsgBeforeJoin)
	}
	if p := r.EnablePermission; p != nil && *p != 0 && *p != 1 {
		return groupErr(cmd, CodeGroupInvalidParam, "EnablePermission %d is not 0 or 1", *p)
	}
	return nil
}

// Validate checks a get_group_member_info body (10004 unless said): the
// GroupId (10015 malformed), Limit 0-6000, Offset not negative, roles of
// MemberRoleFilter Owner, Admin or Member.
func (r *GetGroupMemberInfoRequest) Validate() error {
	const cmd = CommandGetGroupMemberInfo
	if err := checkTargetGroup(cmd, r.GroupID); err != nil {
		return err
	}
	if r.Limit < 0 || r.Limit > MaxMembersPerPage {
		return groupErr(cmd, CodeGroupInvalidParam, "Limit %d is not 0 (all) to %d", r.Limit, MaxMembersPerPage)
	}
	if r.Offset < 0 {
		return groupErr(cmd, CodeGroupInvalidParam, "Offset %d is negative", r.Offset)
	}
	for i, role := range r.MemberRoleFilter {
		if role != RoleOwner && role != RoleAdmin && role != RoleMember {
			return groupErr(cmd, CodeGroupInvalidParam, "MemberRoleFilter[%d] %q is not Owner, Admin or Member", i, role)
		}
	}
	return nil
}

// Validate checks a get_joined_group_list body (10004): Member_Account a
// UserID, Limit and Offset not negative, GroupType empty or a group type,
// WithHugeGroups, WithNoActiveGroups and SupportTopic 0 or 1.
func (r *GetJoinedGroupListRequest) Validate() error {
	const cmd = CommandGetJoinedGroupList
	if err := checkGroupAccount(cmd, "Member_Account", r.MemberAccount); err != nil {
		return err
	}
	if r.Limit < 0 || r.Offset < 0 {
		return groupErr(cmd, CodeGroupInvalidParam, "Limit %d and Offset %d must not be negative", r.Limit, r.Offset)
	}
	for _, flag := range [...]int{r.WithHugeGroups, r.WithNoActiveGroups, r.SupportTopic} {
		if flag != 0 && flag != 1 {
			return groupErr(cmd, CodeGroupInvalidParam, "WithHugeGroups, WithNoActiveGroups and SupportTopic are 0 or 1")
		}
	}
	return checkGroupTypeFilter(cmd, r.GroupType)
}

// checkGroupTypeFilter checks an optional GroupType filter (10004).
func checkGroupTypeFilter(command string, t GroupType) error {
	switch t {
	case "", GroupPrivate, GroupPublic, GroupChatRoom, GroupAVChatRoom, GroupCommunity:
		return nil
	}
	return groupErr(command, CodeGroupInvalidParam, "GroupType %q is not Private, Public, ChatRoom, AVChatRoom or Community", t)
}

// Validate checks a send_group_msg body (10004 unless said): the GroupId
// (10015 malformed), MsgBody not empty with typed elements and at most
// one TIMCustomElem, MsgPriority High, Normal or Low (case-sensitive),
// From_Account a UserID, OnlineOnlyFlag 0 or 1, To_Account at most 50
// UserIDs, each GroupAtInfo either everyone or a UserID. The 8 000-byte
// size (80002) and membership are checked by the service.
func (r *SendGroupMsgRequest) Validate() error {
	const cmd = CommandSendGroupMsg
	if err := checkTargetGroup(cmd, r.GroupID); err != nil {
		return err
	}
	if err := checkBody(cmd, r.MsgBody); err != nil {
		return asGroupInvalid(cmd, err)
	}
	switch r.MsgPriority {
	case "", PriorityHigh, PriorityNormal, PriorityLow:
	default:
		return groupErr(cmd, CodeGroupInvalidParam, "MsgPriority %q is not High, Normal or Low (case-sensitive)", r.MsgPriority)
	}
	if r.FromAccount != "" { // empty: sent as the admin
		if err := checkGroupAccount(cmd, "From_Account", r.FromAccount); err != nil {
			return err
		}
	}
	if r.OnlineOnlyFlag != 0 && r.OnlineOnlyFlag != 1 {
		return groupErr(cmd, CodeGroupInvalidParam, "OnlineOnlyFlag %d is not 0 or 1", r.OnlineOnlyFlag)
	}
	if len(r.ToAccount) > 0 {
		if err := checkMembers(cmd, "To_Account", r.ToAccount, MaxGroupMsgReceivers); err != nil {
			return asGroupInvalid(cmd, err)
		}
	}
	for i, at := range r.GroupAtInfo {
		switch {
		case at.GroupAtAllFlag == 1 && at.GroupAtAccount == "":
		case at.GroupAtAllFlag == 0 && rules.ValidUserID(at.GroupAtAccount):
		default:
			return groupErr(cmd, CodeGroupInvalidParam, "GroupAtInfo[%d] mentions everyone (GroupAtAllFlag 1, no account) or one UserID (GroupAtAllFlag 0)", i)
		}
	}
	return nil
}

// Validate checks a send_group_system_notification body (10004 unless
// said): the GroupId (10015 malformed), Content not empty, at most 50
// UserIDs in ToMembers_Account.
func (r *SendGroupSystemNotificationRequest) Validate() error {
	const cmd = CommandSendGroupSystemNotification
	if err := checkTargetGroup(cmd, r.GroupID); err != nil {
		return err
	}
	if r.Content == "" {
		return groupErr(cmd, CodeGroupInvalidParam, "Content is required")
	}
	if len(r.ToMembersAccount) > 0 {
		if err := checkMembers(cmd, "ToMembers_Account", r.ToMembersAccount, MaxGroupMsgReceivers); err != nil {
			return asGroupInvalid(cmd, err)
		}
	}
	return nil
}

// Validate checks a forbid_send_msg body: the GroupId (10004, 10015),
// 1-500 UserIDs (10004). More than 500 is 10004 too, not 10005: Tencent
// lists only 10002, 10003, 10004, 10007, 10010 and 10015 for the command.
func (r *ForbidSendMsgRequest) Validate() error {
	const cmd = CommandForbidSendMsg
	if err := checkTargetGroup(cmd, r.GroupID); err != nil {
		return err
	}
	return asGroupInvalid(cmd, checkMembers(cmd, "Members_Account", r.MembersAccount, MaxMuteMembersPerRequest))
}

// Validate checks a get_group_muted_account body: a GroupId, required
// and of the form a GroupId takes, both 10004 (the command's page lists
// 10004 and not 10015).
func (r *GetGroupMutedAccountRequest) Validate() error {
	const cmd = CommandGetGroupMutedAccount
	return asGroupInvalid(cmd, checkTargetGroup(cmd, r.GroupID))
}

// Validate checks a get_appid_group_list body (10004): Limit 0-10000,
// GroupType empty or a group type.
func (r *GetAppIDGroupListRequest) Validate() error {
	const cmd = CommandGetAppIDGroupList
	if r.Limit < 0 || r.Limit > MaxGroupsPerListPage {
		return groupErr(cmd, CodeGroupInvalidParam, "Limit %d is not 0 (the default %d) to %d", r.Limit, MaxGroupsPerListPage, MaxGroupsPerListPage)
	}
	return checkGroupTypeFilter(cmd, r.GroupType)
}

// checkDefinedData checks a group command's custom data items: each
// names its key (10004); an empty Value deletes the key.
func checkDefinedData(command, field string, kvs []KeyValue) error {
	for i, kv := range kvs {
		if kv.Key == "" {
			return groupErr(command, CodeGroupInvalidParam, "%s[%d].Key is empty; name the key (an empty Value deletes it)", field, i)
		}
	}
	return nil
}

// checkGroupAccount checks one account of a group command (10004).
func checkGroupAccount(command, field, id string) error {
	if !rules.ValidUserID(id) {
		return groupErr(command, CodeGroupInvalidParam, "%s %q is not a UserID (1-%d bytes of printable ASCII)", field, id, rules.MaxUserIDBytes)
	}
	return nil
}

// asGroupInvalid is err, a shared check's *Error, as the group command's
// 10004.
func asGroupInvalid(command string, err error) error {
	if err == nil {
		return nil
	}
	return groupErr(command, CodeGroupInvalidParam, "%s", err.(*Error).Info)
}
