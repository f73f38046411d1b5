package imtest

import (
	"slices"
	"time"

	"github.com/imconsole/imconsole/restapi"
)

// friendPage is how many friends one friend_get answers.
const friendPage = 100

// v4FriendAdd adds friends. Checks in order: restapi's Validate (30001),
// From_Account is imported (30003); then per item: not From_Account
// itself (30001), imported (30003), not in From_Account's blacklist
// (30515) nor From_Account in its (30525), GroupName not a 33rd friend
// list (30011), From_Account not at restapi.MaxFriends friends (30010)
// nor, for Add_Type_Both, the peer (30014), and unless ForceAddFlags is 1 the
// peer's Tag_Profile_IM_AllowType: AllowType_Type_DenyAny answers 30516,
// AllowType_Type_NeedConfirm (the default) 30539 and keeps no pending
// request. Added anyway (ForceAddFlags 1 or AllowType_Type_AllowAny), a
// friend already in the list stays as it is and answers 0. Fail_Account
// lists the accounts not answered 0 (friendAnswer).
func (s *Server) v4FriendAdd(c *v4Call, req *restapi.FriendAddRequest) (any, error) {
	st := &c.app.v4
	resp, err := perFriend(st, req.FromAccount, req.AddFriendItem, func(it restapi.FriendAddItem) string { return it.ToAccount }, func(it restapi.FriendAddItem) (int, string) {
		allow, _ := st.profile(it.ToAccount)[restapi.TagAllowType].(string)
		isNew := st.friendIndex(req.FromAccount, it.ToAccount) < 0 // a friend already there stays as it is
		switch {
		case it.ToAccount == req.FromAccount:
			return restapi.CodeSNSInvalid, "an account cannot add itself"
		case st.accounts[it.ToAccount] == nil:
			return restapi.CodeSNSAccountMissing, "Err_SNS_Account_Not_Exist"
		case st.blocks(req.FromAccount, it.ToAccount):
			return restapi.CodePeerBlacklisted, "the peer is in the adder's blacklist; take it out first (black_list_delete)"
		case st.blocks(it.ToAccount, req.FromAccount):
			return restapi.CodeAdderBlacklisted, "the adder is in the peer's blacklist"
		case isNew && !st.roomForLists(req.FromAccount, groupsOf(it.GroupName)):
			return restapi.CodeFriendGroupsFull, listsFullInfo
		case isNew && st.friendsFull(req.FromAccount):
			return restapi.CodeFriendLimit, friendsFullInfo
		case req.AddType != restapi.AddSingle && st.friendIndex(it.ToAccount, req.FromAccount) < 0 && st.friendsFull(it.ToAccount):
			return restapi.CodePeerFriendLimit, "the peer already has the most friends an account holds (3000)"
		case req.ForceAddFlags == 1 || allow == restapi.AllowAny:
			st.befriend(req.FromAccount, restapi.Friend{UserID: it.ToAccount, AddSource: it.AddSource, Remark: it.Remark, Groups: groupsOf(it.GroupName), AddTime: c.now.Unix()})
			if req.AddType != restapi.AddSingle {
				st.befriend(it.ToAccount, restapi.Friend{UserID: req.FromAccount, AddSource: it.AddSource, AddTime: c.now.Unix()})
			}
			return 0, ""
		case allow == restapi.AllowDenyAny:
			return restapi.CodeFriendDenied, "the peer allows nobody to add it (AllowType_Type_DenyAny); set ForceAddFlags to 1 to add anyway"
		default:
			return restapi.CodeFriendPending, "the peer must confirm (AllowType_Type_NeedConfirm); set ForceAddFlags to 1 to add at once"
		}
	})
	if err != nil {
		return nil, err
	}
	s.afterFriendAdd(c, req, resp)
	return resp, nil
}

// perFriend answers a friend command that acts on each of items for
// from: From_Account imported (30003), then for each item the account to
// names and do's code and info (0 and "" when it applied), as
// friendAnswer.
func perFriend[T any](st *v4State, from string, items []T, to func(T) string, do func(T) (int, string)) (restapi.FriendResponse, error) {
	if err := st.imported("From_Account", from, restapi.CodeSNSAccountMissing); err != nil {
		return restapi.FriendResponse{}, err
	}
	results := make([]restapi.FriendResult, len(items))
	for i, it := range items {
		results[i] = restapi.FriendResult{ToAccount: to(it)}
		results[i].ResultCode, results[i].ResultInfo = do(it)
	}
	return friendAnswer(results), nil
}

// friendAnswer is the answer of the friend and blacklist commands that
// answer per account (friend_add, friend_delete, friend_import,
// friend_update, black_list_add, black_list_delete, group_add) for
// results: Fail_Account lists the accounts not answered 0.
func friendAnswer(results []restapi.FriendResult) restapi.FriendResponse {
	resp := restapi.FriendResponse{ResultItem: results}
	for _, r := range results {
		if r.ResultCode != 0 {
			resp.FailAccount = append(resp.FailAccount, r.ToAccount)
		}
	}
	return resp
}

func groupsOf(name string) []string {
	if name == "" {
		return nil
	}
	return []string{name}
}

// friendsFullInfo is the ResultInfo of an add past restapi.MaxFriends.
const friendsFullInfo = "From_Account already has the most friends an account holds (3000); delete some first"

// friendsFull reports whether userID's list holds restapi.MaxFriends
// friends, so that a new one would put it past them (Tencent: 好友列表最多
// 允许添加3000个好友).
func (st *v4State) friendsFull(userID string) bool {
	return len(st.friends[userID]) >= restapi.MaxFriends
}

// befriend puts f in userID's list unless it is there already.
func (st *v4State) befriend(userID string, f restapi.Friend) {
	if st.friendIndex(userID, f.UserID) < 0 {
		st.friends[userID] = append(st.friends[userID], f)
		st.noteLists(userID, f.Groups)
	}
}

// friendIndex is the position of friendID in userID's list, -1 if absent.
func (st *v4State) friendIndex(userID, friendID string) int {
	return slices.IndexFunc(st.friends[userID], func(f restapi.Friend) bool { return f.UserID == friendID })
}

// v4FriendDelete deletes friends: restapi's Validate (30001),
// From_Account imported (30003), then per account 31704 when it is not in
// From_Account's list. Delete_Type_Both also takes From_Account out of the
// friend's list.
func (s *Server) v4FriendDelete(c *v4Call, req *restapi.FriendDeleteRequest) (any, error) {
	st := &c.app.v4
	resp, err := perFriend(st, req.FromAccount, req.ToAccount, func(id string) string { return id }, func(id string) (int, string) {
		if st.friendIndex(req.FromAccount, id) < 0 {
			return restapi.CodeNotFriends, "Err_SNS_FriendDelete_Not_Friend"
		}
		st.unfriend(req.FromAccount, id)
		if req.DeleteType == restapi.DeleteBoth {
			st.unfriend(id, req.FromAccount)
		}
		return 0, ""
	})
	if err != nil {
		return nil, err
	}
	s.afterFriendDelete(c, req, resp)
	return resp, nil
}

// unfriend takes friendID out of userID's list.
func (st *v4State) unfriend(userID, friendID string) {
	if i := st.friendIndex(userID, friendID); i >= 0 {
		st.friends[userID] = slices.Delete(st.friends[userID], i, i+1)
	}
}

// v4FriendGet answers one page of at most 100 friends, in the order they
// were added: restapi's Validate (30001), From_Account imported (30003).
func (s *Server) v4FriendGet(c *v4Call, req *restapi.FriendGetRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("From_Account", req.FromAccount, restapi.CodeSNSAccountMissing); err != nil {
		return nil, err
	}
	all := st.friends[req.FromAccount]
	page, end := pageOf(all, req.StartIndex, friendPage)
	resp := restapi.FriendGetResponse{UserDataItem: page, FriendNum: len(all), NextStartIndex: end}
	if end == len(all) {
		resp.CompleteFlag = 1
	}
	return resp, nil
}

// Friends returns the friends in an account's list, in the order added;
// nil for an unknown account, or one without friends. It panics for an
// unknown app.
func (s *Server) Friends(sdkAppID uint64, userID string) []restapi.Friend {
	return readV4(s, "Friends", sdkAppID, func(st *v4State, _ time.Time) []restapi.Friend { return slices.Clone(st.friends[userID]) })
}
