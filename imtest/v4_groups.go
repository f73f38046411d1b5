package imtest

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/imconsole/imconsole/restapi"
)

// v4GroupDefaults returns the capacity and join option a group of a type
// gets when create_group leaves them out. The capacity is also the most
// MaxMemberNum can be raised to, whatever the app's edition (the facts
// give no per-edition figures); 0 is no limit.
func v4GroupDefaults(t restapi.GroupType) (maxMembers int, join restapi.JoinOption) {
	switch t {
	case restapi.GroupPrivate:
		return 200, restapi.JoinDisableApply
	case restapi.GroupPublic:
		return 2000, restapi.JoinNeedPermission
	case restapi.GroupChatRoom:
		return 6000, restapi.JoinFreeAccess
	case restapi.GroupCommunity:
		return 100000, restapi.JoinFreeAccess
	}
	return 0, restapi.JoinFreeAccess // AVChatRoom, the type Validate leaves: no member limit
}

// checkCapacity refuses a field's member capacity n above the capacity of
// a group of type t (10004); 0 is the default.
func checkCapacity(t restapi.GroupType, field string, n int) error {
	if capacity, _ := v4GroupDefaults(t); capacity > 0 && n > capacity {
		return v4Err(restapi.CodeGroupInvalidParam, "%s %d is over the %d members a %s group takes", field, n, capacity, t)
	}
	return nil
}

// v4CreateGroup creates a group: the owner and members must be imported
// (10019; checked again after Group.CallbackBeforeCreateGroup, which runs
// with the lock released), a custom GroupId must be unused (10021).
func (s *Server) v4CreateGroup(c *v4Call, req *restapi.CreateGroupRequest) (any, error) {
	st := &c.app.v4
	accounts := func() error {
		if req.OwnerAccount != "" {
			if err := st.imported("Owner_Account", req.OwnerAccount, restapi.CodeGroupAccountMissing); err != nil {
				return err
			}
		}
		for _, m := range req.MemberList {
			if err := st.imported("member", m.MemberAccount, restapi.CodeGroupAccountMissing); err != nil {
				return err
			}
		}
		return nil
	}
	if err := accounts(); err != nil {
		return nil, err
	}
	g, err := st.addGroup(c, req, c.now.Unix(), func() error {
		if err := s.beforeCreateGroup(c, req); err != nil {
			return err
		}
		return accounts()
	})
	if err != nil {
		return nil, err
	}
	s.afterCreateGroup(c, g)
	return restapi.CreateGroupResponse{GroupID: g.info.GroupID}, nil
}

// addGroup makes the group req describes, created at created (Unix
// seconds; its owner and members join then), once its checks pass and
// before (Group.CallbackBeforeCreateGroup, nil for none) allows it, so a
// refused group costs no callback and no GroupID: MaxMemberCount at most
// the type's capacity (10004), its owner and members within it (10038), a
// custom GroupId unused (10021; 10025 when its group is req's owner's); an
// empty one is assigned. The after-callback is the caller's.
func (st *v4State) addGroup(c *v4Call, req *restapi.CreateGroupRequest, created int64, before func() error) (*v4Group, error) {
	if err := checkCapacity(req.Type, "MaxMemberCount", req.MaxMemberCount); err != nil {
		return nil, err
	}
	inUse := func() error {
		g := st.groups[req.GroupID]
		switch {
		case req.GroupID == "" || g == nil:
			return nil
		case g.info.OwnerAccount != "" && g.info.OwnerAccount == req.OwnerAccount:
			return v4Err(restapi.CodeGroupIDOwned, "GroupId %q is already used in app %d, by a group %q owns", req.GroupID, c.app.app.SDKAppID, req.OwnerAccount)
		}
		return v4Err(restapi.CodeGroupIDInUse, "GroupId %q is already used in app %d; choose another, or leave it empty to get one", req.GroupID, c.app.app.SDKAppID)
	}
	if err := inUse(); err != nil {
		return nil, err
	}
	maxMembers, join := v4GroupDefaults(req.Type)
	g := &v4Group{info: restapi.GroupInfo{
		Type: req.Type, Name: req.Name, AppID: c.app.app.SDKAppID,
		Introduction: req.Introduction, Notification: req.Notification, FaceURL: req.FaceURL,
		OwnerAccount: req.OwnerAccount, CreateTime: created, LastInfoTime: created,
		NextMsgSeq: 1, MaxMemberNum: cmp.Or(req.MaxMemberCount, maxMembers), ApplyJoinOption: cmp.Or(req.ApplyJoinOption, join),
		MuteAllMember:  restapi.MuteAllOff, // answered "Off" until modify_group_base_info turns it On, as captured answers show
		AppDefinedData: slices.Clone(req.AppDefinedData),
	}}
	if req.OwnerAccount != "" {
		g.members = append(g.members, restapi.GroupMemberInfo{MemberAccount: req.OwnerAccount, Role: restapi.RoleOwner, JoinTime: created})
	}
	for _, m := range req.MemberList {
		if g.member(m.MemberAccount) >= 0 {
			continue
		}
		role := m.Role
		if role == "" {
			role = restapi.RoleMember
		}
		g.members = append(g.members, restapi.GroupMemberInfo{MemberAccount: m.MemberAccount, Role: role, JoinTime: created, AppMemberDefinedData: slices.Clone(m.AppMemberDefinedData)})
	}
	if max := g.info.MaxMemberNum; max > 0 && len(g.members) > max {
		return nil, v4Err(restapi.CodeGroupMembersOver, "the owner and MemberList are %d members, over the group's MaxMemberCount %d; raise it or add members later", len(g.members), max)
	}
	if before != nil {
		if err := before(); err != nil {
			return nil, err
		}
		if err := inUse(); err != nil { // the callback ran unlocked: another create may have taken it
			return nil, err
		}
	}
	g.info.GroupID = req.GroupID
	if g.info.GroupID == "" {
		g.info.GroupID = st.newGroupID(req.Type)
	}
	if req.SupportTopic == 1 {
		g.topics = &v4Topics{}
	}
	st.groupsMade++
	g.made = st.groupsMade
	st.groups[g.info.GroupID] = g
	return g, nil
}

// newGroupID assigns a GroupID in Tencent's shape: "@TGS#" and a type
// mark, then a per-app sequence.
func (st *v4State) newGroupID(groupType restapi.GroupType) string {
	mark := map[restapi.GroupType]string{
		restapi.GroupPublic: "1", restapi.GroupPrivate: "2", restapi.GroupChatRoom: "3",
		restapi.GroupAVChatRoom: "a", restapi.GroupCommunity: "_",
	}[groupType]
	for {
		st.groupSeq++
		id := fmt.Sprintf("@TGS#%s%08X", mark, st.groupSeq)
		if st.groups[id] == nil {
			return id
		}
	}
}

func (s *Server) v4DestroyGroup(c *v4Call, req *restapi.DestroyGroupRequest) (any, error) {
	g, err := c.app.v4.group(req.GroupID)
	if err != nil {
		return nil, err
	}
	c.app.v4.destroyGroup(req.GroupID)
	s.afterGroupDestroyed(c, g)
	return nil, nil
}

// destroyGroup dissolves a group: the one place a group-destroyed event
// happens.
func (st *v4State) destroyGroup(groupID string) {
	delete(st.groups, groupID)
}

// group returns the group with groupID, 10010 when there is none.
func (st *v4State) group(groupID string) (*v4Group, error) {
	g := st.groups[groupID]
	if g == nil {
		return nil, v4Err(restapi.CodeGroupNotFound, "group %q does not exist or was already dissolved", groupID)
	}
	return g, nil
}

// groupTopic is group, then g.inTopic(topicID): 10010, 11000, 110003.
func (st *v4State) groupTopic(groupID, topicID string) (*v4Group, error) {
	g, err := st.group(groupID)
	if err != nil {
		return nil, err
	}
	if err := g.inTopic(topicID); err != nil {
		return nil, err
	}
	return g, nil
}

// groupNot is group, refusing a group of type refused with code and why.
func (st *v4State) groupNot(groupID string, refused restapi.GroupType, code int, why string) (*v4Group, error) {
	g, err := st.group(groupID)
	if err == nil && g.info.Type == refused {
		return nil, v4Err(code, "%s", why)
	}
	return g, err
}

// historyGroup is the group groupID whose stored messages a command reads
// or writes, in its topic topicID: groupNot refusing an AVChatRoom, which
// stores no message history (10007 with why), then g.inTopic(topicID).
func (st *v4State) historyGroup(groupID, topicID, why string) (*v4Group, error) {
	g, err := st.groupNot(groupID, restapi.GroupAVChatRoom, restapi.CodeGroupNoPermission, why)
	if err != nil {
		return nil, err
	}
	if err := g.inTopic(topicID); err != nil {
		return nil, err
	}
	return g, nil
}

// member returns the index of userID in g.members, -1 when it is not a
// member.
func (g *v4Group) member(userID string) int {
	return slices.IndexFunc(g.members, func(m restapi.GroupMemberInfo) bool { return m.MemberAccount == userID })
}

// v4GetGroupInfo answers each group of GroupIdList in order, 10010 in
// the item of one that does not exist. Without a ResponseFilter: every
// base field, AppDefinedData and the members without their
// AppMemberDefinedData. With one, "没有在过滤器中指明的字段将不被拉取"
// (CN 269/1616): the base fields GroupBaseInfoFilter names (GroupId,
// ErrorCode and ErrorInfo always), the group's AppDefinedData of the keys
// AppDefinedDataFilter_Group names, and members only with a
// MemberInfoFilter, each its Member_Account, the fields that filter names
// and the AppMemberDefinedData of the keys AppDefinedDataFilter_GroupMember
// names. An AVChatRoom answers neither MemberNum nor MemberList ("仅支持
// 拉取群详细资料(成员数量不支持),同时不支持拉取成员列表").
func (s *Server) v4GetGroupInfo(c *v4Call, req *restapi.GetGroupInfoRequest) (any, error) {
	f := req.ResponseFilter
	var base, member, groupData, memberData map[string]bool // sets, built once: a filter's length never multiplies the groups or members
	if f != nil {
		base = fieldSet(f.GroupBaseInfoFilter, "GroupId", "ErrorCode", "ErrorInfo")
		member = fieldSet(f.MemberInfoFilter, "Member_Account")
		groupData, memberData = setOf(f.AppDefinedDataFilterGroup), setOf(f.AppDefinedDataFilterGroupMember)
	}
	resp := restapi.GetGroupInfoResponse{GroupInfo: make([]restapi.GroupInfo, len(req.GroupIDList))}
	for i, id := range req.GroupIDList {
		g := c.app.v4.groups[id]
		if g == nil {
			resp.GroupInfo[i] = restapi.GroupInfo{GroupID: id, ErrorCode: restapi.CodeGroupNotFound, ErrorInfo: "the group does not exist or was dissolved"}
			continue
		}
		info := g.info
		info.MemberNum = len(g.members)
		info.AppDefinedData = slices.Clone(g.info.AppDefinedData)
		members := g.memberList(c.now, func(key string) bool { return memberData[key] })
		if f != nil {
			data := slices.DeleteFunc(info.AppDefinedData, func(kv restapi.KeyValue) bool { return !groupData[kv.Key] })
			info = pick[restapi.GroupInfo](info, base)
			info.AppDefinedData = data
			if len(f.MemberInfoFilter) == 0 {
				members = nil
			}
			pickMembers(members, member)
		}
		if g.info.Type == restapi.GroupAVChatRoom {
			info.MemberNum, members = 0, nil
		}
		info.MemberList = members
		resp.GroupInfo[i] = info
	}
	return resp, nil
}

// pickMembers keeps of each member the fields of fields (wire names,
// fieldSet's) and its AppMemberDefinedData, which its own filter chose.
func pickMembers(members []restapi.GroupMemberInfo, fields map[string]bool) {
	for i, m := range members {
		members[i] = pick[restapi.GroupMemberInfo](m, fields)
		members[i].AppMemberDefinedData = m.AppMemberDefinedData
	}
}

// GroupIDs returns the GroupIDs of an app's groups, sorted. It panics for
// an unknown app.
func (s *Server) GroupIDs(sdkAppID uint64) []string {
	return readV4(s, "GroupIDs", sdkAppID, func(st *v4State, _ time.Time) []string {
		ids := make([]string, 0, len(st.groups))
		for id := range st.groups {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		return ids
	})
}
