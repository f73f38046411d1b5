package restapi

import (
	"context"
	"errors"
)

// Group member administration commands (group_open_http_svc): a member's
// role, name card, message option, mute and custom data, and the group's
// owner.
const (
	CommandModifyGroupMemberInfo = "modify_group_member_info"
	CommandChangeGroupOwner      = "change_group_owner"
)

// MaxNameCardBytes is the longest NameCard modify_group_member_info takes,
// in bytes of UTF-8 (CN 269/1623: "最大不超过50个字节").
const MaxNameCardBytes = 50

// MsgFlag is how a member receives a group's messages (MsgFlag), one of
// the Msg constants.
type MsgFlag string

// Message options of a group member (modify_group_member_info's MsgFlag).
const (
	MsgAcceptAndNotify MsgFlag = "AcceptAndNotify" // receive and notify
	MsgAcceptNotNotify MsgFlag = "AcceptNotNotify" // receive without notifying
	MsgDiscard         MsgFlag = "Discard"         // neither receive nor notify
	// MsgAcceptNotNotifyExceptAt receives without notifying, except @
	// messages (only they trigger offline push).
	MsgAcceptNotNotifyExceptAt MsgFlag = "AcceptNotNotifyExceptAt"
)

// ModifyGroupMemberInfoRequest is the body of modify_group_member_info:
// change what is set of one member of a group. Role RoleAdmin appoints an
// admin and RoleMember revokes one (the owner changes only with
// change_group_owner); NameCard is at most MaxNameCardBytes ("" clears
// it); AppMemberDefinedData sets the keys given; ShutUpTime mutes the
// member for that many seconds (0 unmutes, MutedForever is permanent;
// MuteSeconds converts a duration), the name Tencent's web SDK sends
// here; the reference server (imtest) also takes MuteTime, the name of
// forbid_send_msg's mute. Fields left nil or empty are not changed.
type ModifyGroupMemberInfoRequest struct {
	GroupID              string     `json:"GroupId"`
	MemberAccount        string     `json:"Member_Account"`
	Role                 GroupRole  `json:"Role,omitempty"`
	MsgFlag              MsgFlag    `json:"MsgFlag,omitempty"`
	NameCard             *string    `json:"NameCard,omitempty"`
	AppMemberDefinedData []KeyValue `json:"AppMemberDefinedData,omitempty"`
	ShutUpTime           *uint32    `json:"ShutUpTime,omitempty"`
}

// Validate checks a modify_group_member_info body: the GroupId (10004,
// 10015), Member_Account a UserID, Role empty, Admin or Member, MsgFlag
// empty or a MsgFlag constant, NameCard at most MaxNameCardBytes, each
// AppMemberDefinedData item with a Key (all 10004).
func (r *ModifyGroupMemberInfoRequest) Validate() error {
	const cmd = CommandModifyGroupMemberInfo
	if err := checkGroupMember(cmd, r.GroupID, "Member_Account", r.MemberAccount); err != nil {
		return err
	}
	switch r.Role {
	case "", RoleAdmin, RoleMember:
	case RoleOwner:
		return groupErr(cmd, CodeGroupInvalidParam, "Role Owner cannot be set here; hand the group over with change_group_owner (Groups.ChangeOwner)")
	default:
		return groupErr(cmd, CodeGroupInvalidParam, "Role %q is not Admin (appoint an admin) or Member (revoke one)", r.Role)
	}
	switch r.MsgFlag {
	case "", MsgAcceptAndNotify, MsgAcceptNotNotify, MsgDiscard, MsgAcceptNotNotifyExceptAt:
	default:
		return groupErr(cmd, CodeGroupInvalidParam, "MsgFlag %q is not AcceptAndNotify, AcceptNotNotify, Discard or AcceptNotNotifyExceptAt", r.MsgFlag)
	}
	if r.NameCard != nil && len(*r.NameCard) > MaxNameCardBytes {
		return groupErr(cmd, CodeGroupInvalidParam, "NameCard is %d bytes; at most %d bytes of UTF-8", len(*r.NameCard), MaxNameCardBytes)
	}
	return checkDefinedData(cmd, "AppMemberDefinedData", r.AppMemberDefinedData)
}

// ChangeGroupOwnerRequest is the body of change_group_owner: make
// NewOwnerAccount, a member, the owner of a group (also of a group that
// has none), FromAccount naming the operator when set.
type ChangeGroupOwnerRequest struct {
	GroupID         string `json:"GroupId"`
	NewOwnerAccount string `json:"NewOwner_Account"`
	FromAccount     string `json:"From_Account,omitempty"`
}

// Validate checks a change_group_owner body: the GroupId (10004, 10015),
// NewOwner_Account a UserID, From_Account empty or a UserID (10004).
func (r *ChangeGroupOwnerRequest) Validate() error {
	const cmd = CommandChangeGroupOwner
	if err := checkGroupMember(cmd, r.GroupID, "NewOwner_Account", r.NewOwnerAccount); err != nil {
		return err
	}
	if r.FromAccount != "" {
		return checkGroupAccount(cmd, "From_Account", r.FromAccount)
	}
	return nil
}

// UpdateMember changes one member of a group (modify_group_member_info):
// its role (RoleAdmin appoints an admin, RoleMember revokes one), name
// card, message option, custom data or mute, whichever req sets; the
// changes show in Members and Get. The request is checked locally first
// (see ModifyGroupMemberInfoRequest.Validate). The service answers 10010
// for a group that does not exist, 10007 for an AVChatRoom (it stores no
// member profiles), for an admin or a ShutUpTime in a Private (Work)
// group (it has no admins and cannot mute), and 10004
// for an account that is not a member or a Role for the owner.
func (s *GroupService) UpdateMember(ctx context.Context, req *ModifyGroupMemberInfoRequest) error {
	if req == nil {
		return errors.New("restapi: Groups.UpdateMember needs a *ModifyGroupMemberInfoRequest with GroupId and Member_Account")
	}
	return s.c.callValid(ctx, ServiceGroup, CommandModifyGroupMemberInfo, req, nil)
}

// ChangeOwner makes newOwner, a member of the group, its owner
// (change_group_owner); the previous owner stays a member with
// RoleMember, and Get answers newOwner as OwnerAccount. It also gives an
// owner to a group that has none. The service answers 10010 for a group
// that does not exist, 10007 for an AVChatRoom (its owner cannot be
// changed) and 10004 when newOwner is not a member. Use Call with a
// ChangeGroupOwnerRequest to name the operator (From_Account).
func (s *GroupService) ChangeOwner(ctx context.Context, groupID, newOwner string) error {
	req := ChangeGroupOwnerRequest{GroupID: groupID, NewOwnerAccount: newOwner}
	return s.c.callValid(ctx, ServiceGroup, CommandChangeGroupOwner, &req, nil)
}
