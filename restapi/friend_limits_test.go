package restapi_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/restapi"
)

// TestFriendRequestCaps: friend_add takes at most 1000 items (Tencent's
// friend_add page), friend_update as many as friend_import, and
// friend_get_list no more accounts than a friend list holds (3000); a
// longer request is 30001 before anything is sent.
func TestFriendRequestCaps(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "alice")
	ctx := t.Context()
	adds := make([]restapi.FriendAddItem, restapi.MaxFriendAdds+1)
	updates := make([]restapi.FriendUpdateItem, restapi.MaxFriendImports+1)
	for i := range adds {
		adds[i] = restapi.FriendAddItem{ToAccount: fmt.Sprint("u", i), AddSource: "AddSource_Type_Web"}
	}
	for i := range updates {
		updates[i] = restapi.FriendUpdateItem{ToAccount: fmt.Sprint("u", i), SnsItem: []restapi.SnsItem{{Tag: restapi.TagFriendRemark, Value: "r"}}}
	}
	_, err := f.rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", AddFriendItem: adds})
	assert.True(t, restapi.HasCode(err, restapi.CodeSNSInvalid), "%v", err)
	assert.ErrorContains(t, err, "at most 1000")
	_, err = f.rc.Friends.Update(ctx, &restapi.FriendUpdateRequest{FromAccount: "alice", UpdateItem: updates})
	assert.True(t, restapi.HasCode(err, restapi.CodeSNSInvalid), "%v", err)
	err = (&restapi.FriendGetListRequest{FromAccount: "alice", ToAccount: ids("u", restapi.MaxFriends+1), TagList: []string{restapi.TagFriendRemark}}).Validate()
	assert.True(t, restapi.HasCode(err, restapi.CodeSNSInvalid), "%v", err)
	assert.Empty(t, f.srv.RequestsFor(restapi.ServiceSNS+"/"+restapi.CommandFriendAdd), "nothing was sent")
}

// TestFriendLimits: an account holds at most 3000 friends (Tencent: 好友列表
// 最多允许添加3000个好友): past it friend_add and friend_import answer the
// item 30010, and 30014 when Add_Type_Both would take the peer past it; a
// friend carries at most 20 custom tags (the server's bound, 30001).
func TestFriendLimits(t *testing.T) {
	t.Parallel()
	f := newUnlimitedFixture(t, apps.EditionPro, "alice", "bob", "carol")
	ctx := t.Context()
	many := f.importIDs(t, "f", restapi.MaxFriends)
	items := make([]restapi.FriendImportItem, len(many))
	for i, id := range many {
		items[i] = restapi.FriendImportItem{ToAccount: id, AddSource: "AddSource_Type_Web"}
	}
	res, err := f.rc.Friends.Import(ctx, &restapi.FriendImportRequest{FromAccount: "alice", AddFriendItem: items})
	require.NoError(t, err)
	require.Len(t, res, restapi.MaxFriends)
	assert.Zero(t, res[len(res)-1].ResultCode)

	res, err = f.rc.Friends.Import(ctx, &restapi.FriendImportRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendImportItem{{ToAccount: "bob", AddSource: "AddSource_Type_Web"}, {ToAccount: many[0], AddSource: "AddSource_Type_Web"}}})
	require.NoError(t, err)
	assert.Equal(t, []int{restapi.CodeFriendLimit, 0}, []int{res[0].ResultCode, res[1].ResultCode}, "a friend already there stays")
	res, err = f.rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", ForceAddFlags: 1, AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "AddSource_Type_Web"}}})
	require.NoError(t, err)
	assert.Equal(t, restapi.CodeFriendLimit, res[0].ResultCode)
	assert.ErrorIs(t, &restapi.Error{Code: res[0].ResultCode}, restapi.ErrLimitExceeded)
	res, err = f.rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "carol", ForceAddFlags: 1, AddFriendItem: []restapi.FriendAddItem{{ToAccount: "alice", AddSource: "AddSource_Type_Web"}}})
	require.NoError(t, err)
	assert.Equal(t, restapi.CodePeerFriendLimit, res[0].ResultCode, "Add_Type_Both would take alice past 3000")
	res, err = f.rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "carol", ForceAddFlags: 1, AddType: restapi.AddSingle, AddFriendItem: []restapi.FriendAddItem{{ToAccount: "alice", AddSource: "AddSource_Type_Web"}}})
	require.NoError(t, err)
	assert.Zero(t, res[0].ResultCode, "one way, only carol's list grows")

	tags := make([]restapi.SnsItem, 21)
	for i := range tags {
		tags[i] = restapi.SnsItem{Tag: fmt.Sprintf("%sT%02d", restapi.CustomFriendTagPrefix, i), Value: "v"}
	}
	res, err = f.rc.Friends.Update(ctx, &restapi.FriendUpdateRequest{FromAccount: "alice", UpdateItem: []restapi.FriendUpdateItem{
		{ToAccount: many[0], SnsItem: tags}, {ToAccount: many[1], SnsItem: tags[:20]},
	}})
	require.NoError(t, err)
	assert.Equal(t, []int{restapi.CodeSNSInvalid, 0}, []int{res[0].ResultCode, res[1].ResultCode})

	customs := make([]restapi.ProfileItem, len(tags))
	for i, tag := range tags {
		customs[i] = restapi.ProfileItem(tag)
	}
	res, err = f.rc.Friends.Import(ctx, &restapi.FriendImportRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendImportItem{{ToAccount: many[2], AddSource: "AddSource_Type_Web", CustomItem: customs}}})
	require.NoError(t, err)
	assert.Zero(t, res[0].ResultCode, "a friend already there stays as it is, whatever the import carries")
	res, err = f.rc.Friends.Import(ctx, &restapi.FriendImportRequest{FromAccount: "carol", AddFriendItem: []restapi.FriendImportItem{{ToAccount: "bob", AddSource: "AddSource_Type_Web", CustomItem: customs}}})
	require.NoError(t, err)
	assert.Equal(t, restapi.CodeSNSInvalid, res[0].ResultCode, "a new friend of 21 custom tags")
}

// TestTagListAnsweredOnce: a tag named twice in TagList is answered once
// per account, and friend_get_list refuses (30001) more accounts × tags
// than one answer holds (100 000 lookups) instead of building it.
func TestTagListAnsweredOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "alice", "bob")
	ctx := t.Context()
	require.NoError(t, f.rc.Profiles.Set(ctx, "bob", restapi.ProfileItem{Tag: restapi.TagNick, Value: "Bob"}))
	got, err := f.rc.Profiles.Get(ctx, []string{"bob"}, []string{restapi.TagNick, restapi.TagNick})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Len(t, got[0].ProfileItem, 1)

	_, err = f.rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", ForceAddFlags: 1, AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "AddSource_Type_Web"}}})
	require.NoError(t, err)
	tags := make([]string, 0, 101)
	for i := range 100 {
		tags = append(tags, fmt.Sprintf("%sT%03d", restapi.CustomFriendTagPrefix, i))
	}
	tags = append(tags, restapi.TagFriendRemark)
	err = f.rc.Call(ctx, restapi.ServiceSNS, restapi.CommandFriendGetList, &restapi.FriendGetListRequest{FromAccount: "alice", ToAccount: repeat("bob", 1000), TagList: tags}, nil)
	assert.True(t, restapi.HasCode(err, restapi.CodeSNSInvalid), "%v", err)
	assert.ErrorContains(t, err, "1000 accounts × 101 tags")
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}
