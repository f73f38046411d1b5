package imtest

import (
	"slices"

	"github.com/imconsole/imconsole/restapi"
)

// v4ModifyGroupMemberInfo changes one member of a group: restapi's
// Validate (10004, 10015; a MuteTime is read as ShutUpTime,
// modifyMemberBody); the group exists (10010) and is not an AVChatRoom,
// which stores no member profiles (10007); the account is a member
// (10004); a ShutUpTime is not for a Private (Work) group, which
// forbid_send_msg refuses too (10007, before anything changes); a Role is
// not for the owner (10004) and Admin is not in a Private (Work) group
// (10007).
// NameCard, MsgFlag and AppMemberDefinedData (by key) are stored with the
// member, ShutUpTime is kept with the group's mutes as forbid_send_msg
// keeps them (0 unmutes, restapi.MutedForever is permanent), so
// get_group_member_info, get_group_info and get_group_muted_account
// answer them.
func (s *Server) v4ModifyGroupMemberInfo(c *v4Call, req *modifyMemberBody) (any, error) {
	g, err := c.app.v4.groupNot(req.GroupID, restapi.GroupAVChatRoom, restapi.CodeGroupNoPermission, "an AVChatRoom does not store member profiles, so they cannot be modified")
	if err != nil {
		return nil, err
	}
	i := g.member(req.MemberAccount)
	if i < 0 {
		return nil, v4Err(restapi.CodeGroupInvalidParam, "%q is not a member of group %q; add it first (add_group_member)", req.MemberAccount, req.GroupID)
	}
	if req.ShutUpTime != nil && g.info.Type == restapi.GroupPrivate {
		return nil, v4Err(restapi.CodeGroupNoPermission, "%s", privateNoMute)
	}
	m := &g.members[i]
	switch {
	case req.Role == "":
	case m.Role == restapi.RoleOwner:
		return nil, v4Err(restapi.CodeGroupInvalidParam, "%q owns group %q; its role changes only with change_group_owner", req.MemberAccount, req.GroupID)
	case req.Role == restapi.RoleAdmin && g.info.Type == restapi.GroupPrivate:
		return nil, v4Err(restapi.CodeGroupNoPermission, "a Private (Work) group has no admins; use a Public, ChatRoom or Community group")
	default:
		m.Role = req.Role
	}
	if req.MsgFlag != "" {
		m.MsgFlag = req.MsgFlag
	}
	if req.NameCard != nil {
		m.NameCard = *req.NameCard
	}
	for _, kv := range req.AppMemberDefinedData {
		if j := slices.IndexFunc(m.AppMemberDefinedData, func(old restapi.KeyValue) bool { return old.Key == kv.Key }); j >= 0 {
			m.AppMemberDefinedData[j].Value = kv.Value
		} else {
			m.AppMemberDefinedData = append(m.AppMemberDefinedData, kv)
		}
	}
	if req.ShutUpTime != nil {
		g.mutes.set(c.now, req.MemberAccount, *req.ShutUpTime)
	}
	return nil, nil
}

// v4ChangeGroupOwner hands a group to one of its members: restapi's
// Validate (10004, 10015); the group exists (10010) and is not an
// AVChatRoom (10007, as the command's page says); From_Account, when
// set, imported (10004); the new owner a member (10004). The new owner
// becomes RoleOwner and first in the member list, the previous owner (a
// group may have none) a RoleMember; get_group_info answers the new
// Owner_Account. Group.CallbackAfterChangeGroupOwner reports it.
func (s *Server) v4ChangeGroupOwner(c *v4Call, req *restapi.ChangeGroupOwnerRequest) (any, error) {
	st := &c.app.v4
	g, err := st.groupNot(req.GroupID, restapi.GroupAVChatRoom, restapi.CodeGroupNoPermission, "an AVChatRoom's owner cannot be changed")
	if err != nil {
		return nil, err
	}
	if req.FromAccount != "" {
		if err := st.imported("From_Account", req.FromAccount, restapi.CodeGroupInvalidParam); err != nil {
			return nil, err
		}
	}
	i := g.member(req.NewOwnerAccount)
	if i < 0 {
		return nil, v4Err(restapi.CodeGroupInvalidParam, "%q is not a member of group %q; the new owner must be one: add it first (add_group_member)", req.NewOwnerAccount, req.GroupID)
	}
	if old := g.member(g.info.OwnerAccount); old >= 0 {
		g.members[old].Role = restapi.RoleMember
	}
	owner := g.members[i]
	owner.Role = restapi.RoleOwner
	g.members = slices.Insert(slices.Delete(g.members, i, i+1), 0, owner)
	old := g.info.OwnerAccount
	g.info.OwnerAccount = req.NewOwnerAccount
	s.afterGroupOwnerChanged(c, g, old)
	return nil, nil
}
