package imtest

import (
	"slices"

	"github.com/imconsole/imconsole/restapi"
)

// v4FriendLists are one account's friend lists (分组): their names in the
// order created, and their sequence, moved on by every group_add and
// group_delete (CurrentSequence). Which friends a list holds is each
// friend's Tag_SNS_IM_Group (restapi.Friend.Groups).
type v4FriendLists struct {
	names []string
	seq   int
}

// listsOf returns userID's friend lists, created empty when it has none.
func (st *v4State) listsOf(userID string) *v4FriendLists {
	l := st.lists[userID]
	if l == nil {
		l = &v4FriendLists{}
		st.lists[userID] = l
	}
	return l
}

// noteLists makes sure userID has the lists names, which a friend was
// just put in (friend_add's GroupName, friend_import's, friend_update's
// Tag_SNS_IM_Group; the caller checked withLists): a list named there
// exists from then on, as one group_add created. It does not move the
// sequence.
func (st *v4State) noteLists(userID string, names []string) {
	if len(names) > 0 {
		st.listsOf(userID).names, _ = st.withLists(userID, names)
	}
}

// withLists is userID's list names with names added (each once), and
// whether they fit in restapi.MaxFriendGroups (30011 when not: every
// command that can create a list answers it).
func (st *v4State) withLists(userID string, names []string) ([]string, bool) {
	all := slices.Clone(st.listsOf(userID).names)
	for _, n := range names {
		if !slices.Contains(all, n) {
			all = append(all, n)
		}
	}
	return all, len(all) <= restapi.MaxFriendGroups
}

// roomForLists reports whether userID's lists with names added fit.
func (st *v4State) roomForLists(userID string, names []string) bool {
	_, ok := st.withLists(userID, names)
	return ok
}

// listsFullInfo is the ResultInfo of a friend item refused with 30011.
const listsFullInfo = "the friend lists named would take From_Account past 32 lists; delete some with group_delete"

// v4GroupAdd adds friend lists: restapi's Validate (30001), From_Account
// imported (30003), and the account's lists, with the new names, at most
// restapi.MaxFriendGroups (30011, nothing changed). A name already a list
// stays one (the server's choice: Tencent's page does not say). Then
// each To_Account that is a friend is put in every list named (answered
// 0), one that is not answers 32216 and is listed in Fail_Account. The
// sequence moves on by one. Tencent documents no callback.
func (s *Server) v4GroupAdd(c *v4Call, req *restapi.FriendGroupAddRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("From_Account", req.FromAccount, restapi.CodeSNSAccountMissing); err != nil {
		return nil, err
	}
	names, fit := st.withLists(req.FromAccount, req.GroupName)
	if !fit {
		return nil, v4Err(restapi.CodeFriendGroupsFull, "%q would have %d friend lists; an account has at most %d (delete some with group_delete)", req.FromAccount, len(names), restapi.MaxFriendGroups)
	}
	l := st.listsOf(req.FromAccount)
	l.names = names
	l.seq++
	var results []restapi.FriendResult
	for _, id := range req.ToAccount {
		r := restapi.FriendResult{ToAccount: id}
		if at := st.friendIndex(req.FromAccount, id); at < 0 {
			r.ResultCode, r.ResultInfo = restapi.CodeFriendGroupNotFriend, restapi.FriendGroupNotFriendInfo
		} else {
			f := &st.friends[req.FromAccount][at]
			for _, n := range req.GroupName {
				if !slices.Contains(f.Groups, n) {
					f.Groups = append(f.Groups, n)
				}
			}
		}
		results = append(results, r)
	}
	ans := friendAnswer(results)
	return restapi.FriendGroupAddResponse{ResultItem: ans.ResultItem, FailAccount: ans.FailAccount, CurrentSequence: l.seq}, nil
}

// v4GroupDelete deletes friend lists: restapi's Validate (30001),
// From_Account imported (30003). Each list named goes, and every friend
// leaves it (the friends stay); a name that is not a list is passed over
// (the server's choice: Tencent's page does not say). The sequence moves
// on by one. Tencent documents no callback.
func (s *Server) v4GroupDelete(c *v4Call, req *restapi.FriendGroupDeleteRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("From_Account", req.FromAccount, restapi.CodeSNSAccountMissing); err != nil {
		return nil, err
	}
	gone := func(n string) bool { return slices.Contains(req.GroupName, n) }
	l := st.listsOf(req.FromAccount)
	l.names = slices.DeleteFunc(l.names, gone)
	for i := range st.friends[req.FromAccount] {
		f := &st.friends[req.FromAccount][i]
		f.Groups = slices.DeleteFunc(f.Groups, gone)
	}
	l.seq++
	return restapi.FriendGroupDeleteResponse{CurrentSequence: l.seq}, nil
}

// v4GroupGet answers friend lists: restapi's Validate (30001),
// From_Account imported (30003). With GroupName, those lists in its
// order, a name that is not a list left out (the server's choice);
// without, every list in the order created, each with its friends
// (in the order added) when NeedFriend is Need_Friend_Type_Yes.
// FriendNumber counts the friends in the list.
func (s *Server) v4GroupGet(c *v4Call, req *restapi.FriendGroupGetRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("From_Account", req.FromAccount, restapi.CodeSNSAccountMissing); err != nil {
		return nil, err
	}
	l := st.lists[req.FromAccount]
	if l == nil {
		l = &v4FriendLists{}
	}
	names := l.names
	if len(req.GroupName) > 0 {
		names = slices.DeleteFunc(slices.Clone(req.GroupName), func(n string) bool { return !slices.Contains(l.names, n) })
	}
	withFriends := len(req.GroupName) == 0 && req.NeedFriend == restapi.NeedFriendYes
	resp := restapi.FriendGroupGetResponse{ResultItem: make([]restapi.FriendGroup, len(names)), CurrentSequence: l.seq}
	for i, n := range names {
		g := restapi.FriendGroup{GroupName: n}
		for _, f := range st.friends[req.FromAccount] {
			if slices.Contains(f.Groups, n) {
				g.FriendNumber++
				if withFriends {
					g.ToAccount = append(g.ToAccount, f.UserID)
				}
			}
		}
		resp.ResultItem[i] = g
	}
	return resp, nil
}
