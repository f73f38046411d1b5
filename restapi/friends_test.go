package restapi_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

func TestFriendsAddListDelete(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	fixed := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) // AddTime is compared to the second
	f := newFixtureOn(t, imtest.NewServer(t, imtest.WithClock(func() time.Time { return fixed })), apps.EditionTrial, "alice", "bob", "carol", "dave", "erin")
	require.NoError(t, f.rc.Profiles.Set(ctx, "carol", restapi.ProfileItem{Tag: restapi.TagAllowType, Value: restapi.AllowAny}))
	require.NoError(t, f.rc.Profiles.Set(ctx, "dave", restapi.ProfileItem{Tag: restapi.TagAllowType, Value: restapi.AllowDenyAny}))
	at := f.srv.Now().Unix()

	res, err := f.rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendAddItem{
		{ToAccount: "bob", AddSource: "AddSource_Type_Web"},                                   // NeedConfirm by default
		{ToAccount: "carol", AddSource: "AddSource_Type_Web", Remark: "C", GroupName: "work"}, // AllowAny
		{ToAccount: "dave", AddSource: "AddSource_Type_Web"},                                  // DenyAny
		{ToAccount: "ghost", AddSource: "AddSource_Type_Web"},                                 // not imported
		{ToAccount: "alice", AddSource: "AddSource_Type_Web"},                                 // itself
	}})
	require.NoError(t, err)
	assert.Equal(t, []int{restapi.CodeFriendPending, 0, restapi.CodeFriendDenied, restapi.CodeSNSAccountMissing, restapi.CodeSNSInvalid}, resultCodes(res))
	assert.Equal(t, []restapi.Friend{{UserID: "carol", AddSource: "AddSource_Type_Web", Remark: "C", Groups: []string{"work"}, AddTime: at}}, f.srv.Friends(f.id, "alice"))
	assert.Equal(t, []restapi.Friend{{UserID: "alice", AddSource: "AddSource_Type_Web", AddTime: at}}, f.srv.Friends(f.id, "carol"), "Add_Type_Both is the default")

	// ForceAddFlags adds whatever the peer allows; Add_Type_Single only one way.
	res, err = f.rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", ForceAddFlags: 1, AddType: restapi.AddSingle, AddFriendItem: []restapi.FriendAddItem{
		{ToAccount: "bob", AddSource: "AddSource_Type_Android"}, {ToAccount: "dave", AddSource: "AddSource_Type_Android"}, {ToAccount: "carol", AddSource: "AddSource_Type_Android"},
	}})
	require.NoError(t, err)
	assert.Equal(t, []int{0, 0, 0}, resultCodes(res))
	assert.Equal(t, []string{"carol", "bob", "dave"}, friendIDs(f.srv.Friends(f.id, "alice")), "an existing friend stays as it was")
	assert.Empty(t, f.srv.Friends(f.id, "bob"))

	listed := collect(t, f.rc.Friends.List(ctx, "alice"))
	assert.Equal(t, f.srv.Friends(f.id, "alice"), listed)

	// Delete_Type_Single (the default) leaves the peer's list; Both empties both.
	res, err = f.rc.Friends.Delete(ctx, "alice", "", "bob", "erin")
	require.NoError(t, err)
	assert.Equal(t, []int{0, restapi.CodeNotFriends}, resultCodes(res))
	res, err = f.rc.Friends.Delete(ctx, "carol", restapi.DeleteBoth, "alice")
	require.NoError(t, err)
	assert.Equal(t, []int{0}, resultCodes(res))
	assert.Equal(t, []string{"dave"}, friendIDs(f.srv.Friends(f.id, "alice")))
	assert.Empty(t, f.srv.Friends(f.id, "carol"))
}

func resultCodes(rs []restapi.FriendResult) []int {
	out := make([]int, len(rs))
	for i, r := range rs {
		out[i] = r.ResultCode
	}
	return out
}

func friendIDs(fs []restapi.Friend) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.UserID
	}
	return out
}

// TestFriendsPagesAndSplits lists 250 friends over three pages and
// deletes 1 200 accounts in two requests.
func TestFriendsPagesAndSplits(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	users := ids("f", 1200)
	f := newProFixture(t, append(users, "owner")...)
	items := make([]restapi.FriendAddItem, 250)
	for i := range items {
		items[i] = restapi.FriendAddItem{ToAccount: users[i], AddSource: "AddSource_Type_Bulk"}
	}
	res, err := f.rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "owner", ForceAddFlags: 1, AddFriendItem: items})
	require.NoError(t, err)
	assert.Len(t, res, 250)

	assert.Equal(t, users[:250], friendIDs(collect(t, f.rc.Friends.List(ctx, "owner"))))
	assert.Len(t, f.srv.RequestsFor("sns/friend_get"), 3)

	// Stopping early sends no further page.
	for range f.rc.Friends.List(ctx, "owner") {
		break
	}
	assert.Len(t, f.srv.RequestsFor("sns/friend_get"), 4)

	res, err = f.rc.Friends.Delete(ctx, "owner", restapi.DeleteBoth, users...)
	require.NoError(t, err)
	require.Len(t, res, 1200)
	assert.Zero(t, res[249].ResultCode)
	assert.Equal(t, restapi.CodeNotFriends, res[1199].ResultCode)
	assert.Len(t, f.srv.RequestsFor("sns/friend_delete"), 2)
	assert.Empty(t, f.srv.Friends(f.id, "owner"))
	assert.Empty(t, f.srv.Friends(f.id, "f0000"))

	// A bad later chunk: nothing is sent.
	_, err = f.rc.Friends.Delete(ctx, "owner", "", append(users[:1100:1100], "")...)
	assert.True(t, restapi.HasCode(err, restapi.CodeSNSInvalid), "%v", err)
	assert.Len(t, f.srv.RequestsFor("sns/friend_delete"), 2)

	// The server refuses more than 1000 in one request.
	err = f.rc.Call(ctx, restapi.ServiceSNS, restapi.CommandFriendDelete, restapi.FriendDeleteRequest{FromAccount: "owner", ToAccount: users[:1001]}, nil)
	assert.True(t, restapi.HasCode(err, restapi.CodeSNSInvalid), "%v", err)
}

func TestFriendsCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob")
	add := func(req restapi.FriendAddRequest) func() error {
		return func() error { _, err := f.rc.Friends.Add(ctx, &req); return err }
	}
	bob := []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "AddSource_Type_Web"}}
	list := func(user string) func() error {
		return func() error { return firstErr(f.rc.Friends.List(ctx, user)) }
	}
	runCodeCases(t, nil, []codeCase{
		{"add without From_Account", add(restapi.FriendAddRequest{AddFriendItem: bob}), restapi.CodeSNSInvalid},
		{"add of nobody", add(restapi.FriendAddRequest{FromAccount: "alice"}), restapi.CodeSNSInvalid},
		{"add without To_Account", add(restapi.FriendAddRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendAddItem{{AddSource: "AddSource_Type_Web"}}}), restapi.CodeSNSInvalid},
		{"add without AddSource", add(restapi.FriendAddRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob"}}}), restapi.CodeSNSInvalid},
		{"add with an AddSource not AddSource_Type_", add(restapi.FriendAddRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "Web"}}}), restapi.CodeSNSInvalid},
		{"add with an unknown AddType", add(restapi.FriendAddRequest{FromAccount: "alice", AddType: "Add_Type_Some", AddFriendItem: bob}), restapi.CodeSNSInvalid},
		{"add with ForceAddFlags 2", add(restapi.FriendAddRequest{FromAccount: "alice", ForceAddFlags: 2, AddFriendItem: bob}), restapi.CodeSNSInvalid},
		{"add from an account never imported", add(restapi.FriendAddRequest{FromAccount: "ghost", AddFriendItem: bob}), restapi.CodeSNSAccountMissing},
		{"delete without From_Account", func() error { _, err := f.rc.Friends.Delete(ctx, "", "", "bob"); return err }, restapi.CodeSNSInvalid},
		{"delete of nobody", func() error { _, err := f.rc.Friends.Delete(ctx, "alice", ""); return err }, restapi.CodeSNSInvalid},
		{"delete with an unknown DeleteType", func() error { _, err := f.rc.Friends.Delete(ctx, "alice", "Delete_Type_All", "bob"); return err }, restapi.CodeSNSInvalid},
		{"delete from an account never imported", func() error { _, err := f.rc.Friends.Delete(ctx, "ghost", "", "bob"); return err }, restapi.CodeSNSAccountMissing},
		{"list without From_Account", list(""), restapi.CodeSNSInvalid},
		{"list of an account never imported", list("ghost"), restapi.CodeSNSAccountMissing},
	})
	err := f.rc.Call(ctx, restapi.ServiceSNS, restapi.CommandFriendGet, json.RawMessage(`{"From_Account":"alice","StartIndex":-1}`), nil)
	assert.True(t, restapi.HasCode(err, restapi.CodeSNSInvalid), "%v", err)
	_, err = f.rc.Friends.Add(ctx, nil)
	assert.Error(t, err)
	_, err = f.rc.Friends.Delete(ctx, "ghost", "", "bob")
	assert.ErrorIs(t, err, restapi.ErrAccountNotImported)

	// Not an admin: sns answers its own 30004, which is ErrNotAdmin.
	signer := f.signer
	other, err := restapi.New(f.id, "alice", signer, restapi.WithBaseURL(f.srv.URL()), restapi.WithClock(f.srv.Now))
	require.NoError(t, err)
	_, err = other.Friends.Delete(ctx, "alice", "", "bob")
	assert.True(t, restapi.HasCode(err, restapi.CodeSNSNeedAdmin), "%v", err)
	assert.ErrorIs(t, err, restapi.ErrNotAdmin)
}

func TestFriendWireFormat(t *testing.T) {
	t.Parallel()
	in := restapi.Friend{UserID: "bob", AddSource: "AddSource_Type_Web", Remark: "B", Groups: []string{"g1", "g2"}, AddTime: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC).Unix()}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"To_Account":"bob","ValueItem":[
		{"Tag":"Tag_SNS_IM_AddSource","Value":"AddSource_Type_Web"},{"Tag":"Tag_SNS_IM_Remark","Value":"B"},
		{"Tag":"Tag_SNS_IM_Group","Value":["g1","g2"]},{"Tag":"Tag_SNS_IM_AddTime","Value":1767312000}]}`, string(b))
	var out restapi.Friend
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)
	err = json.Unmarshal([]byte(`{"To_Account":"bob","ValueItem":[{"Tag":"Tag_SNS_IM_AddTime","Value":"soon"}]}`), &out)
	assert.ErrorContains(t, err, "Tag_SNS_IM_AddTime")
	require.NoError(t, json.Unmarshal([]byte(`{"To_Account":"bob","ValueItem":[{"Tag":"Tag_SNS_Custom_X","Value":1}]}`), &out))
	assert.True(t, strings.HasPrefix(out.UserID, "bob"))
	// im-facts-rest.md B10: friend_get's ValueItem also carries
	// Tag_SNS_Custom_* tags; they are kept, and sent back in order.
	custom := `{"To_Account":"bob","ValueItem":[{"Tag":"Tag_SNS_IM_AddTime","Value":5},{"Tag":"Tag_SNS_Custom_X","Value":1},{"Tag":"Tag_SNS_Custom_Y","Value":"y"}]}`
	require.NoError(t, json.Unmarshal([]byte(custom), &out))
	assert.Equal(t, restapi.Friend{UserID: "bob", AddTime: 5, Custom: []restapi.ProfileItem{{Tag: "Tag_SNS_Custom_X", Value: uint64(1)}, {Tag: "Tag_SNS_Custom_Y", Value: "y"}}}, out)
	b, err = json.Marshal(out)
	require.NoError(t, err)
	assert.JSONEq(t, custom, string(b))
}

// TestFriendDecodeErrorIsBounded: a friend_get answer's error quotes the
// friend's account cut to 64 characters, so a hostile server's long
// To_Account (escapes quoted up to four times as long) makes no error of
// megabytes.
func TestFriendDecodeErrorIsBounded(t *testing.T) {
	t.Parallel()
	account := strings.Repeat(`\u0001`, 1<<20)
	var out restapi.Friend
	err := json.Unmarshal([]byte(`{"To_Account":"`+account+`","ValueItem":[{"Tag":"Tag_SNS_IM_Remark","Value":5}]}`), &out)
	require.ErrorContains(t, err, "Tag_SNS_IM_Remark")
	assert.Contains(t, err.Error(), `restapi: friend "\x01\x01`)
	assert.Less(t, len(err.Error()), 1<<10)
}

// Deleting an account deletes its friendships (on both sides), profile,
// status and mute: a re-imported account starts afresh.
func TestAccountDeleteClearsSocialState(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	require.NoError(t, f.rc.Accounts.Import(ctx, restapi.Account{UserID: "alice"}))
	require.NoError(t, f.rc.Accounts.Import(ctx, restapi.Account{UserID: "bob"}))
	_, err := f.rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "AddSource_Type_Test"}}, ForceAddFlags: 1})
	require.NoError(t, err)
	require.Len(t, f.srv.Friends(f.id, "bob"), 1)
	require.NoError(t, f.rc.Mute.Set(ctx, &restapi.MuteRequest{SetAccount: "alice", C2CMsgNoSpeakingTime: restapi.MuteSeconds(time.Hour)}))
	require.NoError(t, f.srv.SetOnline(f.id, "alice", "Web", restapi.StatusOnline))

	_, err = f.rc.Accounts.Delete(ctx, "alice")
	require.NoError(t, err)
	require.NoError(t, f.rc.Accounts.Import(ctx, restapi.Account{UserID: "alice"}))
	assert.Empty(t, f.srv.Friends(f.id, "alice"))
	assert.Empty(t, f.srv.Friends(f.id, "bob"), "the other side of the friendship goes too")
	assert.Zero(t, f.srv.Muted(f.id, "alice"))
	st, _ := f.srv.Presence(f.id, "alice")
	assert.NotEqual(t, restapi.StatusOnline, st.Status)
}

// TestFriendAnswersListFailAccount: friend_add and friend_delete answer,
// beside one ResultItem per account, Fail_Account with the accounts whose
// ResultCode is not 0, as FriendResponse says of every command it answers.
func TestFriendAnswersListFailAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "alice", "bob")
	ctx := t.Context()
	var add restapi.FriendResponse
	require.NoError(t, f.rc.Call(ctx, restapi.ServiceSNS, restapi.CommandFriendAdd, &restapi.FriendAddRequest{
		FromAccount: "alice", ForceAddFlags: 1,
		AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "AddSource_Type_Web"}, {ToAccount: "ghost", AddSource: "AddSource_Type_Web"}},
	}, &add))
	require.Len(t, add.ResultItem, 2)
	assert.Equal(t, []string{"ghost"}, add.FailAccount)

	var del restapi.FriendResponse
	require.NoError(t, f.rc.Call(ctx, restapi.ServiceSNS, restapi.CommandFriendDelete, &restapi.FriendDeleteRequest{
		FromAccount: "alice", ToAccount: []string{"bob", "ghost"},
	}, &del))
	require.Len(t, del.ResultItem, 2)
	assert.Equal(t, []string{"ghost"}, del.FailAccount)
}
