package restapi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

// Tencent's friend_import sample (trtc.io/document/34903): "AddTime":1420000001.
const importedAt = 1420000001

// TestFriendsImportUpdateGet imports friends (one way, no callback),
// updates them, reads them with friend_get_list and friend_get, then
// deletes all.
func TestFriendsImportUpdateGet(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f, _ := newImportFixture(t)
	require.NoError(t, f.rc.Profiles.Set(ctx, "bob", restapi.ProfileItem{Tag: restapi.TagNick, Value: "Bobby"}))
	deliveries := func() (n int) { // the Sns.* callbacks sent
		for _, d := range f.srv.CallbackDeliveries(f.id) {
			if strings.HasPrefix(d.Command, "Sns.") {
				n++
			}
		}
		return n
	}

	res, err := f.rc.Friends.Import(ctx, &restapi.FriendImportRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendImportItem{
		{ToAccount: "bob", AddSource: "AddSource_Type_XXXXXXXX", Remark: "remark1", RemarkTime: importedAt, GroupName: []string{"Friends"}, AddTime: importedAt,
			CustomItem: []restapi.ProfileItem{{Tag: "Tag_SNS_Custom_XXXX", Value: "Test"}, {Tag: "Tag_SNS_Custom_YYYY", Value: 0}}},
		{ToAccount: "carol", AddSource: "AddSource_Type_Web"}, // AddTime 0: now
		{ToAccount: "ghost", AddSource: "AddSource_Type_Web"}, // not imported: 30003
	}})
	require.NoError(t, err)
	assert.Equal(t, []int{0, 0, restapi.CodeSNSAccountMissing}, resultCodes(res))
	assert.Zero(t, deliveries(), "friend_import fires no Sns.CallbackFriendAdd")
	bob := restapi.Friend{UserID: "bob", AddSource: "AddSource_Type_XXXXXXXX", Remark: "remark1", Groups: []string{"Friends"}, AddTime: importedAt,
		Custom: []restapi.ProfileItem{{Tag: "Tag_SNS_Custom_XXXX", Value: "Test"}, {Tag: "Tag_SNS_Custom_YYYY", Value: uint64(0)}}}
	carol := restapi.Friend{UserID: "carol", AddSource: "AddSource_Type_Web", AddTime: noon.Unix()}
	assert.Equal(t, []restapi.Friend{bob, carol}, collect(t, f.rc.Friends.List(ctx, "alice")), "imported friends show in friend_get")
	assert.Empty(t, f.srv.Friends(f.id, "bob"), "friend_import is one way")

	// friend_update: remark, lists, a custom tag changed and one added; a
	// non-friend answers 30001 (Tencent's FAQ: updating B not in A's list).
	res, err = f.rc.Friends.Update(ctx, &restapi.FriendUpdateRequest{FromAccount: "alice", UpdateItem: []restapi.FriendUpdateItem{
		{ToAccount: "bob", SnsItem: []restapi.SnsItem{{Tag: restapi.TagFriendRemark, Value: "remark2"}, {Tag: restapi.TagFriendGroup, Value: []string{"group1", "group2"}},
			{Tag: "Tag_SNS_Custom_XXXX", Value: "test"}, {Tag: "Tag_SNS_Custom_Test", Value: "new"}}},
		{ToAccount: "dave", SnsItem: []restapi.SnsItem{{Tag: restapi.TagFriendRemark, Value: "x"}}},
	}})
	require.NoError(t, err)
	assert.Equal(t, []int{0, restapi.CodeSNSInvalid}, resultCodes(res))
	bob.Remark, bob.Groups = "remark2", []string{"group1", "group2"}
	bob.Custom = []restapi.ProfileItem{{Tag: "Tag_SNS_Custom_XXXX", Value: "test"}, {Tag: "Tag_SNS_Custom_YYYY", Value: uint64(0)}, {Tag: "Tag_SNS_Custom_Test", Value: "new"}}
	assert.Equal(t, []restapi.Friend{bob, carol}, collect(t, f.rc.Friends.List(ctx, "alice")), "updates show in friend_get")

	// friend_get_list: the tags asked for that have a value, profile tags
	// too; a non-friend answers 30001 and is in Fail_Account.
	tags := []string{restapi.TagFriendRemark, restapi.TagFriendGroup, restapi.TagNick, "Tag_SNS_Custom_Test"}
	got, err := f.rc.Friends.Get(ctx, "alice", tags, "bob", "carol", "dave")
	require.NoError(t, err)
	require.Len(t, got, 3)
	assert.Equal(t, restapi.FriendProfile{ToAccount: "bob", SnsProfileItem: []restapi.SnsItem{{Tag: restapi.TagFriendRemark, Value: "remark2"},
		{Tag: restapi.TagFriendGroup, Value: []string{"group1", "group2"}}, {Tag: restapi.TagNick, Value: "Bobby"}, {Tag: "Tag_SNS_Custom_Test", Value: "new"}}}, got[0])
	assert.Equal(t, restapi.FriendProfile{ToAccount: "carol", SnsProfileItem: []restapi.SnsItem{}}, got[1])
	assert.Equal(t, restapi.CodeSNSInvalid, got[2].ResultCode)
	var raw restapi.FriendGetListResponse
	require.NoError(t, f.rc.Call(ctx, restapi.ServiceSNS, restapi.CommandFriendGetList, restapi.FriendGetListRequest{FromAccount: "alice", ToAccount: []string{"bob", "dave"}, TagList: tags}, &raw))
	assert.Equal(t, []string{"dave"}, raw.FailAccount)

	// friend_delete_all: Delete_Type_Both empties both sides; the default
	// only the caller's list.
	_, err = f.rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "bob", ForceAddFlags: 1, AddType: restapi.AddSingle, AddFriendItem: []restapi.FriendAddItem{{ToAccount: "alice", AddSource: "AddSource_Type_Web"}}})
	require.NoError(t, err)
	require.NoError(t, f.rc.Friends.DeleteAll(ctx, "carol", ""), "an empty list deletes nothing")
	require.NoError(t, f.rc.Friends.DeleteAll(ctx, "alice", restapi.DeleteBoth))
	assert.Empty(t, f.srv.Friends(f.id, "alice"))
	assert.Empty(t, f.srv.Friends(f.id, "bob"), "Delete_Type_Both takes alice out of bob's list")
	_, err = f.rc.Friends.Import(ctx, &restapi.FriendImportRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendImportItem{{ToAccount: "bob", AddSource: "AddSource_Type_Web"}}})
	require.NoError(t, err)
	_, err = f.rc.Friends.Import(ctx, &restapi.FriendImportRequest{FromAccount: "bob", AddFriendItem: []restapi.FriendImportItem{{ToAccount: "alice", AddSource: "AddSource_Type_Web"}}})
	require.NoError(t, err)
	require.NoError(t, f.rc.Friends.DeleteAll(ctx, "alice", restapi.DeleteSingle))
	assert.Empty(t, f.srv.Friends(f.id, "alice"))
	assert.Len(t, f.srv.Friends(f.id, "bob"), 1, "Delete_Type_Single leaves bob's list")
	assert.Equal(t, 1, deliveries(), "only friend_add called back; friend_delete_all documents no callback")
}

// TestFriendsImportAndGetSplit imports 1 001 friends in two requests and
// reads 150 of them in two friend_get_list requests.
func TestFriendsImportAndGetSplit(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	users := ids("g", 1001)
	f := newProFixture(t, append(users, "owner")...)
	items := make([]restapi.FriendImportItem, len(users))
	for i, u := range users {
		items[i] = restapi.FriendImportItem{ToAccount: u, AddSource: "AddSource_Type_Bulk"}
	}
	res, err := f.rc.Friends.Import(ctx, &restapi.FriendImportRequest{FromAccount: "owner", AddFriendItem: items})
	require.NoError(t, err)
	assert.Len(t, res, 1001)
	assert.Len(t, f.srv.RequestsFor("sns/friend_import"), 2)
	assert.Len(t, f.srv.Friends(f.id, "owner"), 1001)

	got, err := f.rc.Friends.Get(ctx, "owner", []string{restapi.TagFriendAddSource}, users[:150]...)
	require.NoError(t, err)
	require.Len(t, got, 150)
	assert.Equal(t, []restapi.SnsItem{{Tag: restapi.TagFriendAddSource, Value: "AddSource_Type_Bulk"}}, got[149].SnsProfileItem)
	assert.Len(t, f.srv.RequestsFor("sns/friend_get_list"), 2)

	// The server refuses more than 1000 in one friend_import.
	err = f.rc.Call(ctx, restapi.ServiceSNS, restapi.CommandFriendImport, restapi.FriendImportRequest{FromAccount: "owner", AddFriendItem: items}, nil)
	assert.True(t, restapi.HasCode(err, restapi.CodeSNSInvalid), "%v", err)
}

func TestFriendsMoreCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob")
	imp := func(req restapi.FriendImportRequest) func() error {
		return func() error { _, err := f.rc.Friends.Import(ctx, &req); return err }
	}
	upd := func(req restapi.FriendUpdateRequest) func() error {
		return func() error { _, err := f.rc.Friends.Update(ctx, &req); return err }
	}
	get := func(from string, tags []string, to ...string) func() error {
		return func() error { _, err := f.rc.Friends.Get(ctx, from, tags, to...); return err }
	}
	bob := []restapi.FriendImportItem{{ToAccount: "bob", AddSource: "AddSource_Type_Web"}}
	remark := func(v any) []restapi.FriendUpdateItem {
		return []restapi.FriendUpdateItem{{ToAccount: "bob", SnsItem: []restapi.SnsItem{{Tag: restapi.TagFriendRemark, Value: v}}}}
	}
	nick := []string{restapi.TagNick}
	runCodeCases(t, nil, []codeCase{
		{"import without From_Account", imp(restapi.FriendImportRequest{AddFriendItem: bob}), restapi.CodeSNSInvalid},
		{"import of nobody", imp(restapi.FriendImportRequest{FromAccount: "alice"}), restapi.CodeSNSInvalid},
		{"import without To_Account", imp(restapi.FriendImportRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendImportItem{{AddSource: "AddSource_Type_Web"}}}), restapi.CodeSNSInvalid},
		{"import without AddSource", imp(restapi.FriendImportRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendImportItem{{ToAccount: "bob"}}}), restapi.CodeSNSInvalid},
		{"import of a profile tag as CustomItem", imp(restapi.FriendImportRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendImportItem{{ToAccount: "bob", AddSource: "AddSource_Type_Web", CustomItem: []restapi.ProfileItem{{Tag: restapi.TagNick, Value: "x"}}}}}), restapi.CodeSNSInvalid},
		{"import from an account never imported", imp(restapi.FriendImportRequest{FromAccount: "ghost", AddFriendItem: bob}), restapi.CodeSNSAccountMissing},
		{"update without From_Account", upd(restapi.FriendUpdateRequest{UpdateItem: remark("r")}), restapi.CodeSNSInvalid},
		{"update of nobody", upd(restapi.FriendUpdateRequest{FromAccount: "alice"}), restapi.CodeSNSInvalid},
		{"update without SnsItem", upd(restapi.FriendUpdateRequest{FromAccount: "alice", UpdateItem: []restapi.FriendUpdateItem{{ToAccount: "bob"}}}), restapi.CodeSNSInvalid},
		{"update of a numeric remark", upd(restapi.FriendUpdateRequest{FromAccount: "alice", UpdateItem: remark(1)}), restapi.CodeSNSInvalid},
		{"update of AddSource", upd(restapi.FriendUpdateRequest{FromAccount: "alice", UpdateItem: []restapi.FriendUpdateItem{{ToAccount: "bob", SnsItem: []restapi.SnsItem{{Tag: restapi.TagFriendAddSource, Value: "AddSource_Type_X"}}}}}), restapi.CodeSNSInvalid},
		{"update from an account never imported", upd(restapi.FriendUpdateRequest{FromAccount: "ghost", UpdateItem: remark("r")}), restapi.CodeSNSAccountMissing},
		{"delete all without From_Account", func() error { return f.rc.Friends.DeleteAll(ctx, "", "") }, restapi.CodeSNSInvalid},
		{"delete all with an unknown DeleteType", func() error { return f.rc.Friends.DeleteAll(ctx, "alice", "Delete_Type_All") }, restapi.CodeSNSInvalid},
		{"delete all from an account never imported", func() error { return f.rc.Friends.DeleteAll(ctx, "ghost", "") }, restapi.CodeSNSAccountMissing},
		{"get list without From_Account", get("", nick, "bob"), restapi.CodeSNSInvalid},
		{"get list of nobody", get("alice", nick), restapi.CodeSNSInvalid},
		{"get list without TagList", get("alice", nil, "bob"), restapi.CodeSNSInvalid},
		{"get list from an account never imported", get("ghost", nick, "bob"), restapi.CodeSNSAccountMissing},
	})
	_, err := f.rc.Friends.Import(ctx, nil)
	assert.Error(t, err)
	_, err = f.rc.Friends.Update(ctx, nil)
	assert.Error(t, err)
	// The server checks a body the SDK's types cannot build.
	err = f.rc.Call(ctx, restapi.ServiceSNS, restapi.CommandFriendUpdate, json.RawMessage(`{"From_Account":"alice","UpdateItem":[{"To_Account":"bob","SnsItem":[{"Tag":"Tag_SNS_IM_Group","Value":"g"}]}]}`), nil)
	assert.True(t, restapi.HasCode(err, restapi.CodeSNSInvalid), "%v", err)

	// Not an admin: sns answers its own 30004.
	other, err := restapi.New(f.id, "alice", f.signer, restapi.WithBaseURL(f.srv.URL()), restapi.WithClock(f.srv.Now))
	require.NoError(t, err)
	for _, call := range []func() error{
		func() error {
			_, err := other.Friends.Import(ctx, &restapi.FriendImportRequest{FromAccount: "alice", AddFriendItem: bob})
			return err
		},
		func() error { return other.Friends.DeleteAll(ctx, "alice", "") },
	} {
		assert.ErrorIs(t, call(), restapi.ErrNotAdmin)
	}
}
