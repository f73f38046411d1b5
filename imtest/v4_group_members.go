package imtest

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/imconsole/imconsole/restapi"
)

// v4GroupMute is when an account's mute in one group or topic ends.
type v4GroupMute struct {
	until   time.Time
	forever bool
}

// v4Mutes are the mutes of one group or one topic, by UserID: kept when
// the account leaves the group, so they survive re-joining.
type v4Mutes map[string]v4GroupMute

// set mutes userID for seconds from now: 0 unmutes, restapi.MutedForever
// is permanent.
func (ms *v4Mutes) set(now time.Time, userID string, seconds uint32) {
	until, forever := muteUntil(now, seconds)
	if until.IsZero() && !forever {
		delete(*ms, userID)
		return
	}
	if *ms == nil {
		*ms = v4Mutes{}
	}
	(*ms)[userID] = v4GroupMute{until: until, forever: forever}
}

// mutesIn returns the mutes of g, or of its topic topicID when not ""
// (inTopic: 11000, 110003).
func (g *v4Group) mutesIn(topicID string) (*v4Mutes, error) {
	if topicID == "" {
		return &g.mutes, nil
	}
	if err := g.inTopic(topicID); err != nil {
		return nil, err
	}
	return &g.topics.list[g.topics.find(topicID)].mutes, nil
}

// shutUpUntil is the mute's end as get_group_member_info reports it: Unix
// seconds, restapi.MutedForever for permanent, 0 when over at now.
func (m v4GroupMute) shutUpUntil(now time.Time) int64 {
	switch {
	case m.forever:
		return int64(restapi.MutedForever)
	case m.until.After(now):
		return m.until.Unix()
	}
	return 0
}

// memberList is a copy of g's members with their mutes at now and the
// AppMemberDefinedData items keep keeps (none when keep is nil).
func (g *v4Group) memberList(now time.Time, keep func(key string) bool) []restapi.GroupMemberInfo {
	out := slices.Clone(g.members)
	for i := range out {
		out[i].ShutUpUntil = g.mutes[out[i].MemberAccount].shutUpUntil(now)
		var data []restapi.KeyValue
		for _, kv := range out[i].AppMemberDefinedData {
			if keep != nil && keep(kv.Key) {
				data = append(data, kv)
			}
		}
		out[i].AppMemberDefinedData = data
	}
	return out
}

// v4AddGroupMember adds accounts to a group: restapi's Validate (10004,
// 10005, 10015); the group exists (10010) and is not an AVChatRoom
// (10007); every account imported (10019); members already answer
// AddMemberExisted; accounts banned (ban_group_member) answer
// AddMemberFailed and are not added; with InviteJoinOption NeedPermission the others answer
// AddMemberInvited and are not added; the new members must fit in
// MaxMemberNum (10014, none added). Group.CallbackAfterGroupFull follows
// the join when the new members filled the group, and a 10014 when the
// group was full already.
func (s *Server) v4AddGroupMember(c *v4Call, req *restapi.AddGroupMemberRequest) (any, error) {
	st := &c.app.v4
	g, err := st.groupNot(req.GroupID, restapi.GroupAVChatRoom, restapi.CodeGroupNoPermission, "an AVChatRoom has no member management: users join it from the client SDK")
	if err != nil {
		return nil, err
	}
	for _, m := range req.MemberList {
		if err := st.imported("Member_Account", m.MemberAccount, restapi.CodeGroupAccountMissing); err != nil {
			return nil, err
		}
	}
	resp := restapi.AddGroupMemberResponse{MemberList: make([]restapi.AddMemberResult, len(req.MemberList))}
	var joining []string
	for i, m := range req.MemberList {
		r := restapi.AddMemberResult{MemberAccount: m.MemberAccount, Result: restapi.AddMemberOK}
		switch {
		case g.member(m.MemberAccount) >= 0 || slices.Contains(joining, m.MemberAccount):
			r.Result = restapi.AddMemberExisted
		case g.banned(m.MemberAccount, c.now):
			r.Result = restapi.AddMemberFailed // banned (ban_group_member): not added until the ban ends or is lifted
		case g.invite == restapi.InviteNeedPermission:
			r.Result = restapi.AddMemberInvited
		default:
			joining = append(joining, m.MemberAccount)
		}
		resp.MemberList[i] = r
	}
	if max := g.info.MaxMemberNum; max > 0 && len(g.members)+len(joining) > max {
		err := v4Err(restapi.CodeGroupFull, "group %q has %d of its %d members, and %d more do not fit", req.GroupID, len(g.members), max, len(joining))
		if len(g.members) >= max {
			s.afterGroupFull(c, g)
		}
		return nil, err
	}
	g.join(joining, c.now)
	filled := len(joining) > 0 && g.info.MaxMemberNum > 0 && len(g.members) >= g.info.MaxMemberNum
	s.afterMemberJoin(c, g, joining)
	if filled {
		s.afterGroupFull(c, g)
	}
	return resp, nil
}

// join adds accounts to g as Members: the one place a member-join event
// happens.
func (g *v4Group) join(userIDs []string, now time.Time) {
	for _, id := range userIDs {
		g.members = append(g.members, restapi.GroupMemberInfo{MemberAccount: id, Role: restapi.RoleMember, JoinTime: now.Unix()})
	}
}

// exit takes accounts out of g (their mutes stay) and returns those that
// were members: the one place a member-exit event happens. Accounts that
// are not members are skipped.
func (g *v4Group) exit(userIDs []string) (left []string) {
	g.members = slices.DeleteFunc(g.members, func(m restapi.GroupMemberInfo) bool {
		out := slices.Contains(userIDs, m.MemberAccount)
		if out {
			left = append(left, m.MemberAccount)
		}
		return out
	})
	return left
}

// v4DeleteGroupMember removes accounts from a group: restapi's Validate
// (10004, 10005, 10015); the group exists (10010) and is not an
// AVChatRoom (10004); the owner is not among them (10004). Accounts that
// are not members are skipped; an emptied group stays.
func (s *Server) v4DeleteGroupMember(c *v4Call, req *restapi.DeleteGroupMemberRequest) (any, error) {
	g, err := c.app.v4.groupNot(req.GroupID, restapi.GroupAVChatRoom, restapi.CodeGroupInvalidParam, "an AVChatRoom has no member management: members leave it from the client SDK")
	if err != nil {
		return nil, err
	}
	if owner := g.info.OwnerAccount; owner != "" && slices.Contains(req.MemberToDelAccount, owner) {
		return nil, v4Err(restapi.CodeGroupInvalidParam, "%q owns group %q and cannot be removed; hand the group to another member first, or dissolve it", owner, req.GroupID)
	}
	s.afterMemberExit(c, g, g.exit(req.MemberToDelAccount))
	return nil, nil
}

// v4ModifyGroupBaseInfo changes a group: restapi's Validate (10004,
// 10015); the group exists (10010); From_Account imported (10019);
// MaxMemberNum at least the member count and at most the type's capacity
// (10004). Empty fields are left; an AppDefinedData item with an empty
// Value deletes its key. Group.CallbackAfterGroupInfoChanged reports the
// Name, Introduction, Notification and FaceUrl set.
func (s *Server) v4ModifyGroupBaseInfo(c *v4Call, req *restapi.ModifyGroupBaseInfoRequest) (any, error) {
	st := &c.app.v4
	g, err := st.group(req.GroupID)
	if err != nil {
		return nil, err
	}
	if req.FromAccount != "" {
		if err := st.imported("From_Account", req.FromAccount, restapi.CodeGroupAccountMissing); err != nil {
			return nil, err
		}
	}
	if n := req.MaxMemberNum; n > 0 {
		if err := checkCapacity(g.info.Type, "MaxMemberNum", n); err != nil {
			return nil, err
		}
		if n < len(g.members) {
			return nil, v4Err(restapi.CodeGroupInvalidParam, "MaxMemberNum %d is below the group's %d members; remove members first", n, len(g.members))
		}
		g.info.MaxMemberNum = n
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&g.info.Name, req.Name)
	set(&g.info.Introduction, req.Introduction)
	set(&g.info.Notification, req.Notification)
	set(&g.info.FaceURL, req.FaceURL)
	if req.ApplyJoinOption != "" {
		g.info.ApplyJoinOption = req.ApplyJoinOption
	}
	if req.InviteJoinOption != "" {
		g.invite = req.InviteJoinOption
	}
	if req.MuteAllMember != "" {
		g.info.MuteAllMember = req.MuteAllMember
	}
	for _, kv := range req.AppDefinedData {
		i := slices.IndexFunc(g.info.AppDefinedData, func(x restapi.KeyValue) bool { return x.Key == kv.Key })
		switch {
		case kv.Value == "" && i >= 0:
			g.info.AppDefinedData = slices.Delete(g.info.AppDefinedData, i, i+1)
		case kv.Value == "":
		case i >= 0:
			g.info.AppDefinedData[i].Value = kv.Value
		default:
			g.info.AppDefinedData = append(g.info.AppDefinedData, kv)
		}
	}
	g.info.LastInfoTime = c.now.Unix()
	s.afterGroupInfoChanged(c, g, req)
	return nil, nil
}

// v4GetGroupMemberInfo answers one page of a group's members, the owner
// first then in join order: restapi's Validate (10004, 10015); the group
// exists (10010) and is not an AVChatRoom (10007). MemberRoleFilter keeps
// those roles (MemberNum counts what it keeps); a Community pages by Next
// (the offset as a string, "" after the last page), the others by Offset.
// Each member carries the AppMemberDefinedData of the keys
// AppDefinedDataFilter_GroupMember names and, with a MemberInfoFilter,
// only its Member_Account and the fields that filter names, as
// get_group_info answers them.
func (s *Server) v4GetGroupMemberInfo(c *v4Call, req *restapi.GetGroupMemberInfoRequest) (any, error) {
	g, err := c.app.v4.groupNot(req.GroupID, restapi.GroupAVChatRoom, restapi.CodeGroupNoPermission, "an AVChatRoom's members are not listed by the REST API")
	if err != nil {
		return nil, err
	}
	keys := setOf(req.AppDefinedDataFilterGroupMember) // sets: a filter's length never multiplies the members
	all := g.memberList(c.now, func(key string) bool { return keys[key] })
	if len(req.MemberRoleFilter) > 0 {
		roles := setOf(req.MemberRoleFilter)
		all = slices.DeleteFunc(all, func(m restapi.GroupMemberInfo) bool { return !roles[m.Role] })
	}
	offset := req.Offset
	community := g.info.Type == restapi.GroupCommunity
	if community {
		offset = 0
		if req.Next != "" {
			n, err := strconv.Atoi(req.Next)
			if err != nil || n < 0 {
				return nil, v4Err(restapi.CodeGroupInvalidParam, "Next %q is not one get_group_member_info answered; start with an empty Next", req.Next)
			}
			offset = n
		}
	}
	page, end := pageOf(all, offset, req.Limit)
	if len(req.MemberInfoFilter) > 0 {
		pickMembers(page, fieldSet(req.MemberInfoFilter, "Member_Account"))
	}
	resp := restapi.GetGroupMemberInfoResponse{MemberNum: len(all), MemberList: page}
	if community && end < len(all) {
		resp.Next = strconv.Itoa(end)
	}
	return resp, nil
}

// setOf is the set of items.
func setOf[T comparable](items []T) map[T]bool {
	set := make(map[T]bool, len(items))
	for _, it := range items {
		set[it] = true
	}
	return set
}

// pageOf is the page of items from offset, limit long (0: to the end),
// never nil, and where it ends.
func pageOf[T any](items []T, offset, limit int) ([]T, int) {
	start := min(offset, len(items))
	end := len(items)
	if limit > 0 && limit < end-start { // not start+limit, which a huge Limit overflows
		end = start + limit
	}
	return append([]T{}, items[start:end]...), end
}

// v4GetJoinedGroupList answers one page of the groups an account is in,
// in creation order: restapi's Validate (10004); the account imported
// (10019). GroupType filters; AVChatRooms only with WithHugeGroups 1;
// WithNoActiveGroups is accepted (every group counts as active). Each
// group is its GroupId and the fields ResponseFilter names (joinedGroup).
func (s *Server) v4GetJoinedGroupList(c *v4Call, req *restapi.GetJoinedGroupListRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("Member_Account", req.MemberAccount, restapi.CodeGroupAccountMissing); err != nil {
		return nil, err
	}
	var base, self map[string]bool // nil: the GroupId only; no SelfInfo
	if f := req.ResponseFilter; f != nil {
		base = fieldSet(f.GroupBaseInfoFilter, "GroupId")
		if len(f.SelfInfoFilter) > 0 {
			self = fieldSet(f.SelfInfoFilter)
		}
	}
	var joined []restapi.JoinedGroup
	for _, g := range st.groupsInOrder() {
		i := g.member(req.MemberAccount)
		if i < 0 || (req.GroupType != "" && g.info.Type != req.GroupType) || (g.info.Type == restapi.GroupAVChatRoom && req.WithHugeGroups != 1) {
			continue
		}
		joined = append(joined, joinedGroup(g, g.memberList(c.now, nil)[i], base, self))
	}
	page, _ := pageOf(joined, req.Offset, req.Limit)
	return restapi.GetJoinedGroupListResponse{TotalCount: len(joined), GroupIDList: page}, nil
}

// joinedGroup is g as get_joined_group_list answers it to the member
// self: the base fields base names (nil: the GroupId only, as Tencent
// answers a request without a ResponseFilter) and, when selfKeep is not
// nil, the member's SelfInfo fields it names (Role, JoinTime, MsgFlag,
// ShutUpUntil, ...). Names of fields restapi.JoinedGroup and
// restapi.GroupMemberInfo do not model are ignored.
func joinedGroup(g *v4Group, self restapi.GroupMemberInfo, base, selfKeep map[string]bool) restapi.JoinedGroup {
	if base == nil {
		return restapi.JoinedGroup{GroupID: g.info.GroupID}
	}
	info := g.info
	info.MemberNum = len(g.members)
	j := pick[restapi.JoinedGroup](info, base)
	if selfKeep != nil {
		mine := pick[restapi.GroupMemberInfo](self, selfKeep)
		j.SelfInfo = &mine
	}
	return j
}

// groupsInOrder is the app's groups in creation order.
func (st *v4State) groupsInOrder() []*v4Group {
	out := make([]*v4Group, 0, len(st.groups))
	for _, g := range st.groups {
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b *v4Group) int { return cmpInt(int64(a.made), int64(b.made)) })
	return out
}

// v4ForbidSendMsg mutes accounts in a group, or in its topic TopicId:
// restapi's Validate (a legacy ShutUpTime is read as MuteTime,
// forbidSendMsgBody; 10004, more than 500 accounts included, 10015); the
// group exists (10010) and is not Private (10007); a TopicId for a group
// with topics (11000) that has it (110003); the accounts imported (10004:
// the command's error table has neither 10005 nor 10019). MuteTime 0
// unmutes, restapi.MutedForever is permanent. The mute is kept per
// account, member or not, so it survives leaving and re-joining; a topic's
// mutes go with the topic.
func (s *Server) v4ForbidSendMsg(c *v4Call, req *forbidSendMsgBody) (any, error) {
	st := &c.app.v4
	g, err := st.groupNot(req.GroupID, restapi.GroupPrivate, restapi.CodeGroupNoPermission, privateNoMute)
	if err != nil {
		return nil, err
	}
	mutes, err := g.mutesIn(req.TopicID)
	if err != nil {
		return nil, err
	}
	if err := st.allImported("Members_Account", restapi.CodeGroupInvalidParam, req.MembersAccount...); err != nil {
		return nil, err
	}
	for _, id := range req.MembersAccount {
		mutes.set(c.now, id, req.MuteTime)
	}
	return nil, nil
}

// privateNoMute is the refusal (10007) of a mute in a Private group,
// which B11's forbid_send_msg does not support ("Private/Work
// unsupported"), however it is asked for.
const privateNoMute = "a Private (Work) group cannot mute members; use a Public, ChatRoom, AVChatRoom or Community group, or mute app-wide (setnospeaking)"

// v4GetGroupMutedAccount answers the members of a group, or of its topic
// TopicId, whose mute there has not run out at now, in member order,
// MutedUntil as get_group_member_info's ShutUpUntil (restapi.MutedForever
// for a permanent mute): restapi's Validate (10004); the group exists
// (10010), of any type; a TopicId for a group with topics (11000) that
// has it (110003). Muted accounts that are not members now are not
// listed, but in an AVChatRoom, which keeps no members, where every muted
// account is, by UserID.
func (s *Server) v4GetGroupMutedAccount(c *v4Call, req *restapi.GetGroupMutedAccountRequest) (any, error) {
	st := &c.app.v4
	g, err := st.group(req.GroupID)
	if err != nil {
		return nil, err
	}
	mutes, err := g.mutesIn(req.TopicID)
	if err != nil {
		return nil, err
	}
	var ids []string
	if g.info.Type == restapi.GroupAVChatRoom { // it keeps no members: every account muted in it, by UserID
		ids = slices.Sorted(maps.Keys(*mutes))
	} else {
		for _, m := range g.members {
			ids = append(ids, m.MemberAccount)
		}
	}
	resp := restapi.GetGroupMutedAccountResponse{GroupID: g.info.GroupID, MutedAccountList: []restapi.MutedMember{}}
	for _, id := range ids {
		if until := (*mutes)[id].shutUpUntil(c.now); until != 0 {
			resp.MutedAccountList = append(resp.MutedAccountList, restapi.MutedMember{MemberAccount: id, MutedUntil: until})
		}
	}
	return resp, nil
}

// v4GetAppIDGroupList answers one page of the app's groups in creation
// order after Next (a group's place in that order; 0 first): restapi's
// Validate (10004). Limit 0 is 10000; GroupType filters, and TotalCount
// counts the groups of that type (all of them unfiltered), whatever the
// page. Next is 0 on the last page. The command is limited to 1 call per
// second.
func (s *Server) v4GetAppIDGroupList(c *v4Call, req *restapi.GetAppIDGroupListRequest) (any, error) {
	limit := cmp.Or(req.Limit, restapi.MaxGroupsPerListPage)
	resp := restapi.GetAppIDGroupListResponse{GroupIDList: []restapi.GroupIDItem{}}
	var last uint64 // the place of the page's last group
	for _, g := range c.app.v4.groupsInOrder() {
		if req.GroupType != "" && g.info.Type != req.GroupType {
			continue
		}
		resp.TotalCount++
		switch {
		case g.made <= req.Next:
		case len(resp.GroupIDList) == limit:
			resp.Next = last
		default:
			resp.GroupIDList = append(resp.GroupIDList, restapi.GroupIDItem{GroupID: g.info.GroupID})
			last = g.made
		}
	}
	return resp, nil
}
