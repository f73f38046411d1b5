package imtest

import (
	"cmp"
	"slices"
	"strings"

	"github.com/imconsole/imconsole/restapi"
)

// conversationPage is how many conversations one get_list answer holds
// on this server (Tencent's pages do not say).
const conversationPage = 100

// conversations are account's conversations as get_list lists them,
// newest first: its one-to-one conversations holding a message it sees
// that came after the last recentcontact delete of the conversation, and
// the groups it is a member of with a message posted after the last
// delete. None is pinned (the server does not pin).
func (st *v4State) conversations(account string) []restapi.ConversationItem {
	var out []restapi.ConversationItem
	for k, conv := range st.msgs.convs {
		if k[0] != account && k[1] != account {
			continue
		}
		var last *v4Message
		fresh := false
		for _, m := range conv.msgs {
			if m.visibleTo(account) {
				last, fresh = m, fresh || m.serial > conv.deleted[account]
			}
		}
		peer := k[1]
		if peer == account {
			peer = k[0]
		}
		if last != nil && fresh {
			out = append(out, restapi.ConversationItem{Type: restapi.ConversationC2C, ToAccount: peer, MsgTime: last.msg.MsgTimeStamp})
		}
	}
	for id, g := range st.groups {
		seq := uint64(g.info.NextMsgSeq) - 1
		if g.info.LastMsgTime == 0 || seq <= st.msgs.groupConvs[account][id] ||
			!slices.ContainsFunc(g.members, func(m restapi.GroupMemberInfo) bool { return m.MemberAccount == account }) {
			continue
		}
		out = append(out, restapi.ConversationItem{Type: restapi.ConversationGroup, GroupID: id, MsgTime: g.info.LastMsgTime})
	}
	slices.SortFunc(out, func(a, b restapi.ConversationItem) int {
		return cmp.Or(cmp.Compare(b.MsgTime, a.MsgTime), cmp.Compare(a.Type, b.Type), strings.Compare(a.ToAccount+a.GroupID, b.ToAccount+b.GroupID))
	})
	return out
}

// v4GetConversationList answers one page of From_Account's conversations
// (recentcontact get_list, CN 269/62118): conversationPage of them from
// StartIndex, with CompleteFlag 1 on the last page and the next page's
// StartIndex and TimeStamp (the last one's MsgTime). From_Account must be
// imported (50001).
func (s *Server) v4GetConversationList(c *v4Call, req *restapi.GetConversationListRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("From_Account", req.FromAccount, restapi.CodeConvAccountNotImported); err != nil {
		return nil, err
	}
	all := st.conversations(req.FromAccount)
	from := min(req.StartIndex, len(all))
	to := min(from+conversationPage, len(all))
	resp := restapi.GetConversationListResponse{SessionItem: slices.Clip(all[from:to]), StartIndex: to, TimeStamp: req.TimeStamp}
	if resp.SessionItem == nil {
		resp.SessionItem = []restapi.ConversationItem{}
	}
	if to > from {
		resp.TimeStamp = all[to-1].MsgTime
	}
	if to == len(all) {
		resp.CompleteFlag = 1
	}
	return resp, nil
}

// v4DeleteConversation takes a conversation off From_Account's list
// (recentcontact delete, CN 269/62119) until a newer message comes: a
// one-to-one one with To_Account (both imported, 50001), or a group's
// with ToGroupid (an existing group, 50002). ClearRamble 1 also deletes
// the one-to-one conversation's messages from From_Account's roaming
// (the peer keeps them); group roaming is not kept per account here.
func (s *Server) v4DeleteConversation(c *v4Call, req *restapi.DeleteConversationRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("From_Account", req.FromAccount, restapi.CodeConvAccountNotImported); err != nil {
		return nil, err
	}
	if req.Type == restapi.ConversationGroup {
		g := st.groups[req.ToGroupID]
		if g == nil {
			return nil, v4Err(restapi.CodeConvInvalidParam, "ToGroupid %q is not a group of the app", req.ToGroupID)
		}
		if st.msgs.groupConvs == nil {
			st.msgs.groupConvs = map[string]map[string]uint64{}
		}
		if st.msgs.groupConvs[req.FromAccount] == nil {
			st.msgs.groupConvs[req.FromAccount] = map[string]uint64{}
		}
		st.msgs.groupConvs[req.FromAccount][req.ToGroupID] = uint64(g.info.NextMsgSeq) - 1
		return nil, nil
	}
	if err := st.imported("To_Account", req.ToAccount, restapi.CodeConvAccountNotImported); err != nil {
		return nil, err
	}
	st.msgs.conv(req.FromAccount, req.ToAccount).hide(req.FromAccount, req.ClearRamble == 1)
	return nil, nil
}

// hide takes conv off account's conversation list until a newer message
// comes and, with roaming, deletes its messages from account's roaming;
// the peer keeps both.
func (conv *v4Conversation) hide(account string, roaming bool) {
	if conv.deleted == nil {
		conv.deleted = map[string]uint64{}
	}
	conv.deleted[account] = conv.added
	if roaming {
		for _, m := range conv.msgs {
			m.deleteFor(account)
		}
	}
}
