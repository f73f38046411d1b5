package imtest

import (
	"fmt"
	"slices"
	"sort"

	"github.com/imconsole/imconsole/restapi"
)

// v4GroupDefaults are the capacity and join option a group of each type
// gets when create_group leaves them out.
var v4GroupDefaults = map[string]struct {
	maxMembers int
	join       string
}{
	restapi.GroupPrivate:    {200, restapi.JoinDisableApply},
	restapi.GroupPublic:     {2000, restapi.JoinNeedPermission},
	restapi.GroupChatRoom:   {6000, restapi.JoinFreeAccess},
	restapi.GroupAVChatRoom: {0, restapi.JoinFreeAccess},
	restapi.GroupCommunity:  {100000, restapi.JoinFreeAccess},
}

// v4CreateGroup creates a group: the owner and members must be imported
// (10019), a custom GroupId must be unused (10021).
func (s *Server) v4CreateGroup(c *v4Call) (any, error) {
	var req restapi.CreateGroupRequest
	if err := v4Decode(c, &req); err != nil {
		return nil, err
	}
	if err := validated(req.Validate()); err != nil {
		return nil, err
	}
	st := &c.app.v4
	if req.Owner_Account != "" && st.accounts[req.Owner_Account] == nil {
		return nil, v4Err(restapi.CodeGroupAccountMissing, "Owner_Account %q is not imported; import it first (account_import)", req.Owner_Account)
	}
	for _, m := range req.MemberList {
		if st.accounts[m.Member_Account] == nil {
			return nil, v4Err(restapi.CodeGroupAccountMissing, "member %q is not imported; import it first (account_import)", m.Member_Account)
		}
	}
	id := req.GroupId
	if id != "" {
		if st.groups[id] != nil {
			return nil, v4Err(restapi.CodeGroupIDInUse, "GroupId %q is already used in app %d; choose another, or leave it empty to get one", id, c.app.app.SDKAppID)
		}
	} else {
		id = st.newGroupID(req.Type)
	}
	def := v4GroupDefaults[req.Type]
	g := &v4Group{info: restapi.GroupInfo{
		GroupId: id, Type: req.Type, Name: req.Name, Appid: c.app.app.SDKAppID,
		Introduction: req.Introduction, Notification: req.Notification, FaceUrl: req.FaceUrl,
		Owner_Account: req.Owner_Account, CreateTime: c.now.Unix(), LastInfoTime: c.now.Unix(),
		NextMsgSeq: 1, MaxMemberNum: req.MaxMemberCount, ApplyJoinOption: req.ApplyJoinOption,
		AppDefinedData: slices.Clone(req.AppDefinedData),
	}}
	if g.info.MaxMemberNum == 0 {
		g.info.MaxMemberNum = def.maxMembers
	}
	if g.info.ApplyJoinOption == "" {
		g.info.ApplyJoinOption = def.join
	}
	if req.Owner_Account != "" {
		g.members = append(g.members, restapi.GroupMemberInfo{Member_Account: req.Owner_Account, Role: "Owner", JoinTime: c.now.Unix()})
	}
	for _, m := range req.MemberList {
		if slices.ContainsFunc(g.members, func(x restapi.GroupMemberInfo) bool { return x.Member_Account == m.Member_Account }) {
			continue
		}
		role := m.Role
		if role == "" {
			role = "Member"
		}
		g.members = append(g.members, restapi.GroupMemberInfo{Member_Account: m.Member_Account, Role: role, JoinTime: c.now.Unix()})
	}
	st.groups[id] = g
	return restapi.CreateGroupResponse{GroupId: id}, nil
}

// newGroupID assigns a GroupId in Tencent's shape: "@TGS#" and a type
// mark, then a per-app sequence.
func (st *v4State) newGroupID(groupType string) string {
	mark := map[string]string{
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

func (s *Server) v4DestroyGroup(c *v4Call) (any, error) {
	var req restapi.DestroyGroupRequest
	if err := v4Decode(c, &req); err != nil {
		return nil, err
	}
	if err := validated(req.Validate()); err != nil {
		return nil, err
	}
	if c.app.v4.groups[req.GroupId] == nil {
		return nil, v4Err(restapi.CodeGroupNotFound, "group %q does not exist or was already dissolved", req.GroupId)
	}
	delete(c.app.v4.groups, req.GroupId)
	return nil, nil
}

// v4GetGroupInfo answers every base field of each group; ResponseFilter is
// accepted and not applied.
func (s *Server) v4GetGroupInfo(c *v4Call) (any, error) {
	var req restapi.GetGroupInfoRequest
	if err := v4Decode(c, &req); err != nil {
		return nil, err
	}
	if err := validated(req.Validate()); err != nil {
		return nil, err
	}
	resp := restapi.GetGroupInfoResponse{GroupInfo: make([]restapi.GroupInfo, len(req.GroupIdList))}
	for i, id := range req.GroupIdList {
		g := c.app.v4.groups[id]
		if g == nil {
			resp.GroupInfo[i] = restapi.GroupInfo{GroupId: id, ErrorCode: restapi.CodeGroupNotFound, ErrorInfo: "the group does not exist or was dissolved"}
			continue
		}
		info := g.info
		info.AppDefinedData = slices.Clone(g.info.AppDefinedData)
		info.MemberList = slices.Clone(g.members)
		info.MemberNum = len(g.members)
		resp.GroupInfo[i] = info
	}
	return resp, nil
}

// GroupIDs returns the GroupIds of an app's groups, sorted; nil for an
// unknown app.
func (s *Server) GroupIDs(sdkAppID uint64) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.apps[sdkAppID]
	if a == nil {
		return nil
	}
	ids := make([]string, 0, len(a.v4.groups))
	for id := range a.v4.groups {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
