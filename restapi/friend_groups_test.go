package restapi_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

// friendGroupsOf is the Tag_SNS_IM_Group of friendID in userID's list on
// the server.
func friendGroupsOf(t *testing.T, f *fixture, userID, friendID string) []string {
	t.Helper()
	friends := f.srv.Friends(f.id, userID)
	i := slices.IndexFunc(friends, func(fr restapi.Friend) bool { return fr.UserID == friendID })
	require.GreaterOrEqual(t, i, 0, "%s is not a friend of %s", friendID, userID)
	return friends[i].Groups
}

// TestFriendGroups adds, reads and deletes friend lists. Tencent CN
// 269/10107 (group_add): "添加分组,支持批量添加分组,并将指定好友加入到新增分组中",
// its complete answer has ResultItem {"To_Account": "id2", "ResultCode":
// 32216, "ResultInfo": "Err_SNS_GroupAdd_ToTinyId_Not_Friend"},
// "Fail_Account" and "CurrentSequence"; the basic answer only
// "CurrentSequence". CN 269/54763 (group_get): NeedFriend
// "Need_Friend_Type_Yes: 需要拉取, 不填时默认不拉取, 只有 GroupName 为空时有效",
// ResultItem {"GroupName", "FriendNumber" (该分组下的好友数量), "To_Account"}.
// CN 269/10108 (group_delete): "删除指定分组", answer "CurrentSequence"
// (返回最新的分组 Sequence). A friend's lists are its Tag_SNS_IM_Group
// (friend_get).
func TestFriendGroups(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob", "carol")
	_, err := f.rc.Friends.Import(ctx, &restapi.FriendImportRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendImportItem{
		{ToAccount: "bob", AddSource: "AddSource_Type_Web", GroupName: []string{"school"}},
	}})
	require.NoError(t, err)

	got, err := f.rc.Friends.Groups(ctx, &restapi.FriendGroupGetRequest{FromAccount: "alice"})
	require.NoError(t, err)
	assert.Equal(t, []restapi.FriendGroup{{GroupName: "school", FriendNumber: 1}}, got.ResultItem, "a list a friend was imported into exists")

	added, err := f.rc.Friends.AddGroups(ctx, &restapi.FriendGroupAddRequest{FromAccount: "alice", GroupName: []string{"work", "family"}, ToAccount: []string{"bob", "carol"}})
	require.NoError(t, err)
	assert.Equal(t, []int{0, restapi.CodeFriendGroupNotFriend}, resultCodes(added.ResultItem))
	assert.Equal(t, restapi.FriendGroupNotFriendInfo, added.ResultItem[1].ResultInfo)
	assert.Equal(t, []string{"carol"}, added.FailAccount)
	assert.Equal(t, 1, added.CurrentSequence)
	assert.Equal(t, []string{"school", "work", "family"}, friendGroupsOf(t, f, "alice", "bob"), "bob joins the new lists")
	bob := collect(t, f.rc.Friends.List(ctx, "alice"))
	assert.Equal(t, []string{"school", "work", "family"}, bob[0].Groups, "friend_get's Tag_SNS_IM_Group")

	// The basic form: no To_Account, no ResultItem.
	added, err = f.rc.Friends.AddGroups(ctx, &restapi.FriendGroupAddRequest{FromAccount: "alice", GroupName: []string{"empty"}})
	require.NoError(t, err)
	assert.Nil(t, added.ResultItem)
	assert.Equal(t, 2, added.CurrentSequence)

	got, err = f.rc.Friends.Groups(ctx, &restapi.FriendGroupGetRequest{FromAccount: "alice", NeedFriend: restapi.NeedFriendYes})
	require.NoError(t, err)
	assert.Equal(t, &restapi.FriendGroupGetResponse{CurrentSequence: 2, ResultItem: []restapi.FriendGroup{
		{GroupName: "school", FriendNumber: 1, ToAccount: []string{"bob"}},
		{GroupName: "work", FriendNumber: 1, ToAccount: []string{"bob"}},
		{GroupName: "family", FriendNumber: 1, ToAccount: []string{"bob"}},
		{GroupName: "empty"},
	}}, got)
	// Named lists: NeedFriend counts only when GroupName is empty.
	got, err = f.rc.Friends.Groups(ctx, &restapi.FriendGroupGetRequest{FromAccount: "alice", NeedFriend: restapi.NeedFriendYes, GroupName: []string{"work", "nosuch"}})
	require.NoError(t, err)
	assert.Equal(t, []restapi.FriendGroup{{GroupName: "work", FriendNumber: 1}}, got.ResultItem)

	seq, err := f.rc.Friends.DeleteGroups(ctx, "alice", "work", "empty")
	require.NoError(t, err)
	assert.Equal(t, 3, seq)
	assert.Equal(t, []string{"school", "family"}, friendGroupsOf(t, f, "alice", "bob"), "bob leaves the deleted list, and stays a friend")
	got, err = f.rc.Friends.Groups(ctx, &restapi.FriendGroupGetRequest{FromAccount: "alice"})
	require.NoError(t, err)
	assert.Equal(t, []restapi.FriendGroup{{GroupName: "school", FriendNumber: 1}, {GroupName: "family", FriendNumber: 1}}, got.ResultItem)

	// friend_update's Tag_SNS_IM_Group makes its lists exist too.
	_, err = f.rc.Friends.Update(ctx, &restapi.FriendUpdateRequest{FromAccount: "alice", UpdateItem: []restapi.FriendUpdateItem{
		{ToAccount: "bob", SnsItem: []restapi.SnsItem{{Tag: restapi.TagFriendGroup, Value: []string{"club"}}}},
	}})
	require.NoError(t, err)
	got, err = f.rc.Friends.Groups(ctx, &restapi.FriendGroupGetRequest{FromAccount: "alice"})
	require.NoError(t, err)
	assert.Equal(t, []restapi.FriendGroup{{GroupName: "school"}, {GroupName: "family"}, {GroupName: "club", FriendNumber: 1}}, got.ResultItem)
	assert.Equal(t, 3, got.CurrentSequence)

	// Deleting the account deletes its relation chain, lists included.
	_, err = f.rc.Accounts.Delete(ctx, "alice")
	require.NoError(t, err)
	require.NoError(t, f.srv.ImportAccounts(f.id, "alice"))
	got, err = f.rc.Friends.Groups(ctx, &restapi.FriendGroupGetRequest{FromAccount: "alice"})
	require.NoError(t, err)
	assert.Empty(t, got.ResultItem)
}

// TestFriendGroupChecks: 30001 for the local checks (CN 269/10107:
// GroupName "因分组数最多32,因此单次请求的分组数不得超过32", To_Account
// "单次请求的好友数不得超过1000"; 269/10108 and 269/54763 the same 32; their
// codes "30001 请求参数错误", "30003 请求的用户账号不存在", "30004 请求需要 App
// 管理员权限"), and 30011 past 32 lists (im-facts-rest.md B10: "30011
// group-list limit").
func TestFriendGroupChecks(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "full")
	names := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("list%d", i)
		}
		return out
	}
	add := func(req restapi.FriendGroupAddRequest) func() error {
		return func() error { _, err := f.rc.Friends.AddGroups(ctx, &req); return err }
	}
	get := func(req restapi.FriendGroupGetRequest) func() error {
		return func() error { _, err := f.rc.Friends.Groups(ctx, &req); return err }
	}
	del := func(from string, names ...string) func() error {
		return func() error { _, err := f.rc.Friends.DeleteGroups(ctx, from, names...); return err }
	}
	accounts := make([]string, restapi.MaxFriendGroupAccounts+1)
	for i := range accounts {
		accounts[i] = fmt.Sprintf("u%d", i)
	}
	_, err := f.rc.Friends.AddGroups(ctx, &restapi.FriendGroupAddRequest{FromAccount: "full", GroupName: names(30)})
	require.NoError(t, err)
	runCodeCases(t, nil, []codeCase{
		{"add without From_Account", add(restapi.FriendGroupAddRequest{GroupName: []string{"g"}}), restapi.CodeSNSInvalid},
		{"add of friends without From_Account", add(restapi.FriendGroupAddRequest{GroupName: []string{"g"}, ToAccount: []string{"bob"}}), restapi.CodeSNSInvalid},
		{"add without GroupName", add(restapi.FriendGroupAddRequest{FromAccount: "alice"}), restapi.CodeSNSInvalid},
		{"add of 33 lists", add(restapi.FriendGroupAddRequest{FromAccount: "alice", GroupName: names(33)}), restapi.CodeSNSInvalid},
		{"add of an empty name", add(restapi.FriendGroupAddRequest{FromAccount: "alice", GroupName: []string{"g", ""}}), restapi.CodeSNSInvalid},
		{"add of 1001 friends", add(restapi.FriendGroupAddRequest{FromAccount: "alice", GroupName: []string{"g"}, ToAccount: accounts}), restapi.CodeSNSInvalid},
		{"add of an empty account", add(restapi.FriendGroupAddRequest{FromAccount: "alice", GroupName: []string{"g"}, ToAccount: []string{""}}), restapi.CodeSNSInvalid},
		{"add for an account never imported", add(restapi.FriendGroupAddRequest{FromAccount: "ghost", GroupName: []string{"g"}}), restapi.CodeSNSAccountMissing},
		{"add past 32 lists", add(restapi.FriendGroupAddRequest{FromAccount: "full", GroupName: []string{"list0", "a", "b", "c"}}), restapi.CodeFriendGroupsFull},
		{"delete without From_Account", del("", "g"), restapi.CodeSNSInvalid},
		{"delete of no list", del("alice"), restapi.CodeSNSInvalid},
		{"delete of 33 lists", del("alice", names(33)...), restapi.CodeSNSInvalid},
		{"delete for an account never imported", del("ghost", "g"), restapi.CodeSNSAccountMissing},
		{"get without From_Account", get(restapi.FriendGroupGetRequest{}), restapi.CodeSNSInvalid},
		{"get with an unknown NeedFriend", get(restapi.FriendGroupGetRequest{FromAccount: "alice", NeedFriend: "Need_Friend_Type_No"}), restapi.CodeSNSInvalid},
		{"get of 33 lists", get(restapi.FriendGroupGetRequest{FromAccount: "alice", GroupName: names(33)}), restapi.CodeSNSInvalid},
		{"get for an account never imported", get(restapi.FriendGroupGetRequest{FromAccount: "ghost"}), restapi.CodeSNSAccountMissing},
	})
	t.Run("30011 is a quota", func(t *testing.T) {
		t.Parallel()
		err := add(restapi.FriendGroupAddRequest{FromAccount: "full", GroupName: []string{"x", "y", "z"}})()
		assert.ErrorIs(t, err, restapi.ErrLimitExceeded)
	})
	t.Run("32 lists fit", func(t *testing.T) {
		t.Parallel()
		_, err := f.rc.Friends.AddGroups(ctx, &restapi.FriendGroupAddRequest{FromAccount: "alice", GroupName: names(32)})
		assert.NoError(t, err, "32 lists fit")
	})

	_, err = f.rc.Friends.AddGroups(ctx, nil)
	assert.Error(t, err)
	_, err = f.rc.Friends.Groups(ctx, nil)
	assert.Error(t, err)

	// Not an admin: sns answers its own 30004.
	other, err := restapi.New(f.id, "alice", f.signer, restapi.WithBaseURL(f.srv.URL()), restapi.WithClock(f.srv.Now))
	require.NoError(t, err)
	for _, call := range []func() error{
		func() error {
			_, err := other.Friends.AddGroups(ctx, &restapi.FriendGroupAddRequest{FromAccount: "alice", GroupName: []string{"g"}})
			return err
		},
		func() error { _, err := other.Friends.DeleteGroups(ctx, "alice", "g"); return err },
		func() error {
			_, err := other.Friends.Groups(ctx, &restapi.FriendGroupGetRequest{FromAccount: "alice"})
			return err
		},
	} {
		assert.ErrorIs(t, call(), restapi.ErrNotAdmin)
	}
}
