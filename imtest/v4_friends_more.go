package imtest

import (
	"slices"
	"strings"

	"github.com/imconsole/imconsole/restapi"
)

// v4FriendImport imports friends one way: restapi's Validate (30001),
// From_Account imported (30003); then per item: From_Account itself
// 30001, not imported 30003, a GroupName that would make a 33rd friend
// list 30011, a friend past restapi.MaxFriends 30010,
// else the friend joins From_Account's list
// with its AddSource, Remark, GroupName, CustomItem and AddTime (the
// server's now when 0), whatever the peer's AllowType or blacklists say.
// A friend already in the list stays as it is and answers 0. Tencent
// documents no callback for friend_import (Sns.CallbackFriendAdd is not
// fired).
func (s *Server) v4FriendImport(c *v4Call, req *restapi.FriendImportRequest) (any, error) {
	st := &c.app.v4
	return perFriend(st, req.FromAccount, req.AddFriendItem, func(it restapi.FriendImportItem) string { return it.ToAccount }, func(it restapi.FriendImportItem) (int, string) {
		isNew := st.friendIndex(req.FromAccount, it.ToAccount) < 0 // a friend already there stays as it is
		switch {
		case it.ToAccount == req.FromAccount:
			return restapi.CodeSNSInvalid, "an account cannot import itself as a friend"
		case st.accounts[it.ToAccount] == nil:
			return restapi.CodeSNSAccountMissing, "Err_SNS_Account_Not_Exist"
		case isNew && !st.roomForLists(req.FromAccount, it.GroupName):
			return restapi.CodeFriendGroupsFull, listsFullInfo
		case isNew && st.friendsFull(req.FromAccount):
			return restapi.CodeFriendLimit, friendsFullInfo
		case isNew && customFriendTags(nil, it.CustomItem) > maxCustomFriendTags:
			return restapi.CodeSNSInvalid, customFriendTagsInfo
		}
		added := it.AddTime
		if added == 0 {
			added = c.now.Unix()
		}
		st.befriend(req.FromAccount, restapi.Friend{
			UserID: it.ToAccount, AddSource: it.AddSource, Remark: it.Remark,
			Groups: slices.Clone(it.GroupName), AddTime: added, Custom: slices.Clone(it.CustomItem),
		})
		return 0, ""
	})
}

// v4FriendUpdate updates friends: restapi's Validate (30001), From_Account
// imported (30003); then per item 30001 when To_Account is not in
// From_Account's list, 30011 when its Tag_SNS_IM_Group would make a 33rd
// friend list (nothing of the item changed), else each SnsItem sets the remark, replaces the
// lists or sets a custom tag (added after the others when new).
func (s *Server) v4FriendUpdate(c *v4Call, req *restapi.FriendUpdateRequest) (any, error) {
	st := &c.app.v4
	return perFriend(st, req.FromAccount, req.UpdateItem, func(it restapi.FriendUpdateItem) string { return it.ToAccount }, func(it restapi.FriendUpdateItem) (int, string) {
		at := st.friendIndex(req.FromAccount, it.ToAccount)
		switch {
		case at < 0:
			return restapi.CodeSNSInvalid, "Err_SNS_FriendUpdate_Not_Friend: the account is not in From_Account's friend list"
		case !st.roomForLists(req.FromAccount, newLists(it.SnsItem)):
			return restapi.CodeFriendGroupsFull, listsFullInfo
		case customFriendTags(st.friends[req.FromAccount][at].Custom, it.SnsItem) > maxCustomFriendTags:
			return restapi.CodeSNSInvalid, customFriendTagsInfo
		}
		f := &st.friends[req.FromAccount][at]
		for _, item := range it.SnsItem {
			switch item.Tag {
			case restapi.TagFriendRemark:
				f.Remark = item.Value.(string) // Validate checked the types
			case restapi.TagFriendGroup:
				f.Groups = slices.Clone(item.Value.([]string))
				st.noteLists(req.FromAccount, f.Groups)
			default:
				setCustomFriendTag(f, item.Tag, item.Value)
			}
		}
		return 0, ""
	})
}

// maxCustomFriendTags bounds the Tag_SNS_Custom_* tags a friend carries.
// Tencent's custom friend fields are the ones an app applied for in the
// console; the server takes any name, so it bounds how many (its choice,
// as many as an app's custom profile fields).
const maxCustomFriendTags = 20

// customFriendTagsInfo is the ResultInfo of an item past maxCustomFriendTags.
const customFriendTagsInfo = "a friend carries at most 20 Tag_SNS_Custom_* tags (an app's custom friend fields); set fewer"

// customFriendTags is how many distinct custom tags a friend would carry:
// those it has, and those items (restapi.SnsItem or restapi.ProfileItem)
// set.
func customFriendTags[T restapi.SnsItem | restapi.ProfileItem](has []restapi.ProfileItem, items []T) int {
	tags := map[string]bool{}
	for _, c := range has {
		tags[c.Tag] = true
	}
	for _, it := range items {
		if tag := restapi.ProfileItem(it).Tag; strings.HasPrefix(tag, restapi.CustomFriendTagPrefix) {
			tags[tag] = true
		}
	}
	return len(tags)
}

// newLists are the friend lists an update's Tag_SNS_IM_Group items name.
func newLists(items []restapi.SnsItem) []string {
	var names []string
	for _, item := range items {
		if item.Tag == restapi.TagFriendGroup {
			names = append(names, item.Value.([]string)...) // Validate checked the types
		}
	}
	return names
}

// setCustomFriendTag sets a Tag_SNS_Custom_* tag of f.
func setCustomFriendTag(f *restapi.Friend, tag string, value any) {
	for i := range f.Custom {
		if f.Custom[i].Tag == tag {
			f.Custom[i].Value = value
			return
		}
	}
	f.Custom = append(f.Custom, restapi.ProfileItem{Tag: tag, Value: value})
}

// v4FriendDeleteAll empties From_Account's friend list: restapi's
// Validate (30001), From_Account imported (30003). Delete_Type_Both also
// takes From_Account out of each friend's list. Tencent documents no
// callback for friend_delete_all.
func (s *Server) v4FriendDeleteAll(c *v4Call, req *restapi.FriendDeleteAllRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("From_Account", req.FromAccount, restapi.CodeSNSAccountMissing); err != nil {
		return nil, err
	}
	if req.DeleteType == restapi.DeleteBoth {
		for _, f := range st.friends[req.FromAccount] {
			st.unfriend(f.UserID, req.FromAccount)
		}
	}
	delete(st.friends, req.FromAccount)
	return nil, nil
}

// v4FriendGetList answers tags of given friends: restapi's Validate
// (30001), From_Account imported (30003); then per account 30001 when it
// is not in From_Account's list, else the tags of TagList that have a
// value, in TagList's order: the friend tags (Tag_SNS_IM_*,
// Tag_SNS_Custom_*) as friend_get answers them, the profile tags as
// portrait_get does.
func (s *Server) v4FriendGetList(c *v4Call, req *restapi.FriendGetListRequest) (any, error) {
	st := &c.app.v4
	if err := st.imported("From_Account", req.FromAccount, restapi.CodeSNSAccountMissing); err != nil {
		return nil, err
	}
	tags, err := answeredTags(req.TagList, len(req.ToAccount), restapi.CodeSNSInvalid)
	if err != nil {
		return nil, err
	}
	resp := restapi.FriendGetListResponse{InfoItem: make([]restapi.FriendProfile, len(req.ToAccount))}
	for i, id := range req.ToAccount {
		p := restapi.FriendProfile{ToAccount: id, SnsProfileItem: []restapi.SnsItem{}}
		at := st.friendIndex(req.FromAccount, id)
		if at < 0 {
			p.ResultCode, p.ResultInfo = restapi.CodeSNSInvalid, "Err_SNS_FriendGetList_Not_Friend: the account is not in From_Account's friend list"
			resp.FailAccount = append(resp.FailAccount, id)
			resp.InfoItem[i] = p
			continue
		}
		f := st.friends[req.FromAccount][at]
		profile := st.profile(id)
		for _, tag := range tags {
			if v, ok := friendTag(f, profile, tag); ok {
				p.SnsProfileItem = append(p.SnsProfileItem, restapi.SnsItem{Tag: tag, Value: v})
			}
		}
		resp.InfoItem[i] = p
	}
	return resp, nil
}

// friendTag is the value of tag for friend f whose profile is profile,
// false when it has none.
func friendTag(f restapi.Friend, profile map[string]any, tag string) (any, bool) {
	switch tag {
	case restapi.TagFriendAddSource:
		return f.AddSource, f.AddSource != ""
	case restapi.TagFriendRemark:
		return f.Remark, f.Remark != ""
	case restapi.TagFriendGroup:
		return f.Groups, len(f.Groups) > 0
	case restapi.TagFriendAddTime:
		return f.AddTime, true
	}
	if strings.HasPrefix(tag, restapi.CustomFriendTagPrefix) {
		i := slices.IndexFunc(f.Custom, func(c restapi.ProfileItem) bool { return c.Tag == tag })
		if i < 0 {
			return nil, false
		}
		return f.Custom[i].Value, true
	}
	v, ok := profile[tag]
	return v, ok
}
