package imtest

import (
	"cmp"
	"slices"
	"time"

	"github.com/imconsole/imconsole/restapi"
)

// v4GroupBan is one account's ban from a group, until a time of the
// server clock.
type v4GroupBan struct {
	account string
	until   time.Time
}

// banned reports whether userID is banned from g at now.
func (g *v4Group) banned(userID string, now time.Time) bool {
	i := slices.IndexFunc(g.bans, func(b v4GroupBan) bool { return b.account == userID })
	return i >= 0 && g.bans[i].until.After(now)
}

// activeBans is g's bans that have not run out at now, in the order first
// banned.
func (g *v4Group) activeBans(now time.Time) []restapi.BannedMember {
	var out []restapi.BannedMember
	for _, b := range g.bans {
		if b.until.After(now) {
			out = append(out, restapi.BannedMember{MemberAccount: b.account, BannedUntil: b.until.Unix()})
		}
	}
	return out
}

// v4GetRoleInGroup answers each account's role: restapi's Validate
// (10004, 10005, 10015); the group exists (10010) and is not an
// AVChatRoom (10007). An account that is not a member, imported or not,
// answers NotMember.
func (s *Server) v4GetRoleInGroup(c *v4Call, req *restapi.GetRoleInGroupRequest) (any, error) {
	g, err := c.app.v4.groupNot(req.GroupID, restapi.GroupAVChatRoom, restapi.CodeGroupNoPermission,
		"an AVChatRoom does not answer get_role_in_group; read its members with get_group_member_info")
	if err != nil {
		return nil, err
	}
	resp := restapi.GetRoleInGroupResponse{UserIDList: make([]restapi.MemberRole, len(req.UserAccount))}
	for i, id := range req.UserAccount {
		role := restapi.RoleNotMember
		if j := g.member(id); j >= 0 {
			role = g.members[j].Role
		}
		resp.UserIDList[i] = restapi.MemberRole{MemberAccount: id, Role: role}
	}
	return resp, nil
}

// v4DeleteGroupMsgBySender marks recalled the messages of Sender_Account
// among the group's newest 1 000 stored messages of TopicId's topic
// (none: the group's own): restapi's Validate (10004, 10015); the group
// exists (10010) and has TopicId's topic (inTopic: 11000, 110003). An AVChatRoom stores no history: the command succeeds
// and changes nothing. The recall is silent: no callback is sent.
func (s *Server) v4DeleteGroupMsgBySender(c *v4Call, req *restapi.DeleteGroupMsgBySenderRequest) (any, error) {
	g, err := c.app.v4.groupTopic(req.GroupID, req.TopicID)
	if err != nil || g.info.Type == restapi.GroupAVChatRoom {
		return nil, err
	}
	seen := 0
	for i := len(g.msgs) - 1; i >= 0 && seen < restapi.SenderDeleteWindow; i-- {
		m := &g.msgs[i]
		if m.System || m.TopicID != req.TopicID {
			continue
		}
		seen++
		if m.FromAccount == req.SenderAccount {
			m.Recalled = true
		}
	}
	return nil, nil
}

// v4BanGroupMember bans accounts from a group for Duration seconds:
// restapi's Validate (10004, 10005, 10015); the group exists (10010), of
// any type; the owner is not among them (10004). Members banned leave the
// group (no callback is sent: the page documents none); a ban of an
// account banned already is replaced. Bans that ran out are dropped
// first, so a group keeps only the live ones.
func (s *Server) v4BanGroupMember(c *v4Call, req *restapi.BanGroupMemberRequest) (any, error) {
	g, err := c.app.v4.group(req.GroupID)
	if err != nil {
		return nil, err
	}
	if owner := g.info.OwnerAccount; owner != "" && slices.Contains(req.MembersAccount, owner) {
		return nil, v4Err(restapi.CodeGroupInvalidParam, "%q owns group %q and cannot be banned; hand the group to another member first", owner, req.GroupID)
	}
	until := c.now.Add(time.Duration(req.Duration) * time.Second)
	g.bans = slices.DeleteFunc(g.bans, func(b v4GroupBan) bool { return !b.until.After(c.now) }) // run out: no one sees them
	for _, id := range req.MembersAccount {
		if i := slices.IndexFunc(g.bans, func(b v4GroupBan) bool { return b.account == id }); i >= 0 {
			g.bans[i].until = until
		} else {
			g.bans = append(g.bans, v4GroupBan{account: id, until: until})
		}
	}
	g.exit(req.MembersAccount)
	return nil, nil
}

// v4UnbanGroupMember lifts bans: restapi's Validate (10004, 10005,
// 10015); the group exists (10010). Accounts that are not banned are
// skipped; nobody is added back.
func (s *Server) v4UnbanGroupMember(c *v4Call, req *restapi.UnbanGroupMemberRequest) (any, error) {
	g, err := c.app.v4.group(req.GroupID)
	if err != nil {
		return nil, err
	}
	g.bans = slices.DeleteFunc(g.bans, func(b v4GroupBan) bool { return slices.Contains(req.MembersAccount, b.account) })
	return nil, nil
}

// v4GetGroupBanMember answers one page of the bans that have not run out
// at now, in the order first banned: restapi's Validate (10004, 10015);
// the group exists (10010). Limit 0 is 100; NextOffset is where the next
// page starts, 0 after the last.
func (s *Server) v4GetGroupBanMember(c *v4Call, req *restapi.GetGroupBanMemberRequest) (any, error) {
	g, err := c.app.v4.group(req.GroupID)
	if err != nil {
		return nil, err
	}
	active := g.activeBans(c.now)
	page, end := pageOf(active, req.Offset, cmp.Or(req.Limit, restapi.MaxBannedPerPage))
	resp := restapi.GetGroupBanMemberResponse{BannedAccountList: page}
	if end < len(active) {
		resp.NextOffset = end
	}
	return resp, nil
}

// GroupBans returns the accounts banned from a group at the server's now,
// in the order first banned, each with the Unix second its ban ends; nil
// for an unknown group, or none. For assertions on what code did. It
// panics for an unknown app.
func (s *Server) GroupBans(sdkAppID uint64, groupID string) []restapi.BannedMember {
	return readV4(s, "GroupBans", sdkAppID, func(st *v4State, now time.Time) []restapi.BannedMember {
		if g := st.groups[groupID]; g != nil {
			return g.activeBans(now)
		}
		return nil
	})
}
