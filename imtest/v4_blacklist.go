package imtest

import (
	"slices"
	"time"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/restapi"
)

// v4BlackList is one account's blacklist: the accounts in the order
// added, and its sequence, moved on by every change (black_list_get's
// CurrentSequence).
type v4BlackList struct {
	items []restapi.BlackListItem
	seq   int
}

// blocks reports whether userID's blacklist holds otherID.
func (st *v4State) blocks(userID, otherID string) bool {
	bl := st.blacklists[userID]
	return bl != nil && slices.ContainsFunc(bl.items, func(it restapi.BlackListItem) bool { return it.ToAccount == otherID })
}

// forgetBlackLists drops userID's blacklist and takes userID out of every
// other one (account_delete deletes the relation chain).
func (st *v4State) forgetBlackLists(userID string) {
	delete(st.blacklists, userID)
	for _, bl := range st.blacklists {
		bl.items = slices.DeleteFunc(bl.items, func(it restapi.BlackListItem) bool { return it.ToAccount == userID })
	}
}

// blackListEach changes from's blacklist for each of ids: change answers
// the result code and info for id, 0 when it changed the blacklist. The
// accounts changed are reported by the callback event makes (none when
// nothing changed); the answer is friendAnswer's.
func (s *Server) blackListEach(c *v4Call, from string, ids []string, change func(id string) (int, string), event func([]callback.FriendPair) callback.Event) restapi.FriendResponse {
	results := make([]restapi.FriendResult, len(ids))
	var pairs []callback.FriendPair
	for i, id := range ids {
		results[i] = restapi.FriendResult{ToAccount: id}
		results[i].ResultCode, results[i].ResultInfo = change(id)
		if results[i].ResultCode == 0 {
			pairs = append(pairs, callback.FriendPair{FromAccount: from, ToAccount: id})
		}
	}
	if pairs != nil {
		s.after(c.app.app.SDKAppID, c.now, event(pairs))
	}
	return friendAnswer(results)
}

// v4BlackListAdd adds accounts to a blacklist: restapi's Validate
// (30001), From_Account imported (30003); then per account: itself or
// already in the blacklist 30001 (Err_SNS_BlackListAdd_Already_Exist),
// not imported 30003, the blacklist holding restapi.MaxBlackList accounts
// 30013. An account added stops being a friend of From_Account both ways
// (Tencent: 拉黑时会解除双向好友关系). Sns.CallbackBlackListAdd lists the
// accounts added.
func (s *Server) v4BlackListAdd(c *v4Call, req *restapi.BlackListAddRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("From_Account", req.FromAccount, restapi.CodeSNSAccountMissing); err != nil {
		return nil, err
	}
	bl := st.blacklists[req.FromAccount]
	if bl == nil {
		bl = &v4BlackList{}
		st.blacklists[req.FromAccount] = bl
	}
	return s.blackListEach(c, req.FromAccount, req.ToAccount, func(id string) (int, string) {
		switch {
		case id == req.FromAccount:
			return restapi.CodeSNSInvalid, "an account cannot blacklist itself"
		case st.accounts[id] == nil:
			return restapi.CodeSNSAccountMissing, "Err_SNS_Account_Not_Exist"
		case st.blocks(req.FromAccount, id):
			return restapi.CodeSNSInvalid, "Err_SNS_BlackListAdd_Already_Exist"
		case len(bl.items) >= restapi.MaxBlackList:
			return restapi.CodeBlackListFull, "the blacklist holds its 1000 accounts; take some out (black_list_delete)"
		}
		bl.items = append(bl.items, restapi.BlackListItem{ToAccount: id, AddBlackTimeStamp: c.now.Unix()})
		bl.seq++
		st.unfriend(req.FromAccount, id)
		st.unfriend(id, req.FromAccount)
		return 0, ""
	}, func(pairs []callback.FriendPair) callback.Event { return &callback.BlackListAdd{PairList: pairs} }), nil
}

// v4BlackListDelete takes accounts out of a blacklist: restapi's Validate
// (30001), From_Account imported (30003); then per account 30001 when it
// is not in the blacklist. Sns.CallbackBlackListDelete lists the accounts
// taken out.
func (s *Server) v4BlackListDelete(c *v4Call, req *restapi.BlackListDeleteRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("From_Account", req.FromAccount, restapi.CodeSNSAccountMissing); err != nil {
		return nil, err
	}
	return s.blackListEach(c, req.FromAccount, req.ToAccount, func(id string) (int, string) {
		if !st.blocks(req.FromAccount, id) {
			return restapi.CodeSNSInvalid, "Err_SNS_BlackListDelete_Not_Exist: the account is not in the blacklist"
		}
		bl := st.blacklists[req.FromAccount]
		bl.items = slices.DeleteFunc(bl.items, func(it restapi.BlackListItem) bool { return it.ToAccount == id })
		bl.seq++
		return 0, ""
	}, func(pairs []callback.FriendPair) callback.Event { return &callback.BlackListDelete{PairList: pairs} }), nil
}

// v4BlackListGet answers one page of MaxLimited accounts from StartIndex,
// in the order added: restapi's Validate (30001), From_Account imported
// (30003). StartIndex is where the next page starts, 0 after the last.
func (s *Server) v4BlackListGet(c *v4Call, req *restapi.BlackListGetRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("From_Account", req.FromAccount, restapi.CodeSNSAccountMissing); err != nil {
		return nil, err
	}
	var all []restapi.BlackListItem
	resp := restapi.BlackListGetResponse{}
	if bl := st.blacklists[req.FromAccount]; bl != nil {
		all, resp.CurrentSequence = bl.items, bl.seq
	}
	page, end := pageOf(all, req.StartIndex, req.MaxLimited)
	resp.BlackListItem = page
	if end < len(all) {
		resp.StartIndex = end
	}
	return resp, nil
}

// v4FriendCheck answers each account's relation with From_Account:
// restapi's Validate (30001), From_Account imported (30003).
func (s *Server) v4FriendCheck(c *v4Call, req *restapi.FriendCheckRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("From_Account", req.FromAccount, restapi.CodeSNSAccountMissing); err != nil {
		return nil, err
	}
	resp := restapi.FriendCheckResponse{InfoItem: make([]restapi.FriendCheckResult, len(req.ToAccount))}
	for i, id := range req.ToAccount {
		a := st.friendIndex(req.FromAccount, id) >= 0
		b := req.CheckType == restapi.CheckBoth && st.friendIndex(id, req.FromAccount) >= 0
		resp.InfoItem[i] = restapi.FriendCheckResult{ToAccount: id, Relation: relation(a, b, restapi.RelationBothWay, restapi.RelationAWithB, restapi.RelationBWithA, restapi.RelationNone)}
	}
	return resp, nil
}

// v4BlackListCheck answers whether each account is in From_Account's
// blacklist (and, for BlackCheckResult_Type_Both, From_Account in its):
// restapi's Validate (30001), From_Account imported (30003).
func (s *Server) v4BlackListCheck(c *v4Call, req *restapi.BlackListCheckRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("From_Account", req.FromAccount, restapi.CodeSNSAccountMissing); err != nil {
		return nil, err
	}
	resp := restapi.BlackListCheckResponse{BlackListCheckItem: make([]restapi.BlackCheckResult, len(req.ToAccount))}
	for i, id := range req.ToAccount {
		a := st.blocks(req.FromAccount, id)
		b := req.CheckType == restapi.BlackCheckBoth && st.blocks(id, req.FromAccount)
		resp.BlackListCheckItem[i] = restapi.BlackCheckResult{ToAccount: id, Relation: relation(a, b, restapi.BlackRelationBothWay, restapi.BlackRelationAWithB, restapi.BlackRelationBWithA, restapi.BlackRelationNone)}
	}
	return resp, nil
}

// relation is the relation of a check: a, To_Account is in From_Account's
// list; b, From_Account is in To_Account's.
func relation[R any](a, b bool, both, aWithB, bWithA, none R) R {
	switch {
	case a && b:
		return both
	case a:
		return aWithB
	case b:
		return bWithA
	}
	return none
}

// BlackList returns the accounts in an account's blacklist, in the order
// added; nil for an unknown account, or one with an empty blacklist. It
// panics for an unknown app.
func (s *Server) BlackList(sdkAppID uint64, userID string) []restapi.BlackListItem {
	return readV4(s, "BlackList", sdkAppID, func(st *v4State, _ time.Time) []restapi.BlackListItem {
		if bl := st.blacklists[userID]; bl != nil && len(bl.items) > 0 {
			return slices.Clone(bl.items)
		}
		return nil
	})
}
