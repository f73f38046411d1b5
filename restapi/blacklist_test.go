package restapi_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// Tencent INTL 1047/34911 (black_list_add): "If users A and B are
// friends, either one adding the other to the blocklist removes them from
// each other's friend list. If user A blocks user B, or vice versa, then
// neither of them can send a friend request to the other person." Its
// sample answers 30001 Err_SNS_BlackListAdd_Already_Exist; its codes list
// 30003 "The requested user account does not exist". The friend_add codes
// are im-facts-rest.md B10: "30515 peer in my blacklist, 30525 I'm in
// peer's blacklist".
func TestBlackListBlocksFriends(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	fixed := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	f := newFixtureOn(t, imtest.NewServer(t, imtest.WithClock(func() time.Time { return fixed })), apps.EditionTrial, "alice", "bob", "carol")
	_, err := f.rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", ForceAddFlags: 1, AddFriendItem: []restapi.FriendAddItem{
		{ToAccount: "bob", AddSource: "AddSource_Type_Web"}, {ToAccount: "carol", AddSource: "AddSource_Type_Web"},
	}})
	require.NoError(t, err)

	res, err := f.rc.Friends.Block(ctx, "alice", "bob", "bob", "ghost", "alice")
	require.NoError(t, err)
	assert.Equal(t, []int{0, restapi.CodeSNSInvalid, restapi.CodeSNSAccountMissing, restapi.CodeSNSInvalid}, resultCodes(res))
	assert.Equal(t, "Err_SNS_BlackListAdd_Already_Exist", res[1].ResultInfo)
	assert.Equal(t, []restapi.BlackListItem{{ToAccount: "bob", AddBlackTimeStamp: fixed.Unix()}}, f.srv.BlackList(f.id, "alice"))
	assert.Equal(t, []string{"carol"}, friendIDs(f.srv.Friends(f.id, "alice")), "blocking ends the friendship")
	assert.Empty(t, f.srv.Friends(f.id, "bob"), "both ways")

	add := func(from, to string) int {
		res, err := f.rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: from, ForceAddFlags: 1, AddFriendItem: []restapi.FriendAddItem{{ToAccount: to, AddSource: "AddSource_Type_Web"}}})
		require.NoError(t, err)
		return res[0].ResultCode
	}
	assert.Equal(t, restapi.CodePeerBlacklisted, add("alice", "bob"))
	assert.Equal(t, restapi.CodeAdderBlacklisted, add("bob", "alice"))

	// The answer lists the failed accounts in Fail_Account.
	var raw restapi.FriendResponse
	require.NoError(t, f.rc.Call(ctx, restapi.ServiceSNS, restapi.CommandBlackListAdd, restapi.BlackListAddRequest{FromAccount: "alice", ToAccount: []string{"carol", "bob"}}, &raw))
	assert.Equal(t, []string{"bob"}, raw.FailAccount)
	assert.Empty(t, f.srv.Friends(f.id, "carol"))

	blocked := collect(t, f.rc.Friends.Blocked(ctx, "alice"))
	assert.Equal(t, f.srv.BlackList(f.id, "alice"), blocked)
	assert.Empty(t, collect(t, f.rc.Friends.Blocked(ctx, "bob")))

	// INTL 1047/34457: 30001 when "User A initiates a request to remove
	// user B from the blocklist, but user B is not in user A's blocklist".
	res, err = f.rc.Friends.Unblock(ctx, "alice", "bob", "bob")
	require.NoError(t, err)
	assert.Equal(t, []int{0, restapi.CodeSNSInvalid}, resultCodes(res))
	assert.Equal(t, []restapi.BlackListItem{{ToAccount: "carol", AddBlackTimeStamp: fixed.Unix()}}, f.srv.BlackList(f.id, "alice"))
	assert.Zero(t, add("alice", "bob"), "unblocked, the friend request goes through")
}

// Relations from INTL 1047/33521 ("Verifying friends", "Verifying
// blacklists"): with the Single types only AWithB and NoRelation / NO.
func TestFriendAndBlackListChecks(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "a", "both", "mine", "theirs", "none")
	force := func(from, to string, single bool) {
		req := &restapi.FriendAddRequest{FromAccount: from, ForceAddFlags: 1, AddFriendItem: []restapi.FriendAddItem{{ToAccount: to, AddSource: "AddSource_Type_Web"}}}
		if single {
			req.AddType = restapi.AddSingle
		}
		_, err := f.rc.Friends.Add(ctx, req)
		require.NoError(t, err)
	}
	force("a", "both", false)
	force("a", "mine", true)
	force("theirs", "a", true)
	peers := []string{"both", "mine", "theirs", "none"}
	for _, tc := range []struct {
		name string
		typ  restapi.CheckType
		want []restapi.Relation
	}{
		{"both", restapi.CheckBoth, []restapi.Relation{restapi.RelationBothWay, restapi.RelationAWithB, restapi.RelationBWithA, restapi.RelationNone}},
		{"single", restapi.CheckSingle, []restapi.Relation{restapi.RelationAWithB, restapi.RelationAWithB, restapi.RelationNone, restapi.RelationNone}},
	} {
		t.Run("friend_check "+tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := f.rc.Friends.Check(ctx, "a", tc.typ, peers...)
			require.NoError(t, err)
			require.Len(t, res, len(peers))
			for i, r := range res {
				assert.Equal(t, peers[i], r.ToAccount)
				assert.Equal(t, tc.want[i], r.Relation, peers[i])
				assert.Zero(t, r.ResultCode)
			}
		})
	}

	g := newFixture(t, "a", "both", "mine", "theirs", "none")
	for _, p := range [][2]string{{"a", "both"}, {"both", "a"}, {"a", "mine"}, {"theirs", "a"}} {
		_, err := g.rc.Friends.Block(ctx, p[0], p[1])
		require.NoError(t, err)
	}
	for _, tc := range []struct {
		name string
		typ  restapi.BlackCheckType
		want []restapi.BlackRelation
	}{
		{"both", restapi.BlackCheckBoth, []restapi.BlackRelation{restapi.BlackRelationBothWay, restapi.BlackRelationAWithB, restapi.BlackRelationBWithA, restapi.BlackRelationNone}},
		{"single", restapi.BlackCheckSingle, []restapi.BlackRelation{restapi.BlackRelationAWithB, restapi.BlackRelationAWithB, restapi.BlackRelationNone, restapi.BlackRelationNone}},
	} {
		t.Run("black_list_check "+tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := g.rc.Friends.CheckBlocked(ctx, "a", tc.typ, peers...)
			require.NoError(t, err)
			require.Len(t, res, len(peers))
			for i, r := range res {
				assert.Equal(t, tc.want[i], r.Relation, peers[i])
			}
		})
	}
}

// TestBlackListPagesAndLimits: black_list_get pages by MaxLimited
// (INTL 1047/34914: StartIndex "Starting position for the next page
// pull. 0 indicates that the entire blocklist has been pulled"), the
// blacklist holds 1000 accounts (INTL 1047/33521: "By default, you can
// add up to 1,000 accounts to the IM blacklist"; 1047/34911: 30013 "The
// maximum number of blocked users has been reached"), and Block splits at
// 1000 accounts ("This array should not contain more than 1000 UserIDs").
func TestBlackListPagesAndLimits(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	users := ids("b", 1002)
	f := newProFixture(t, append(users, "owner")...)
	res, err := f.rc.Friends.Block(ctx, "owner", users...)
	require.NoError(t, err)
	require.Len(t, res, 1002)
	assert.Zero(t, res[999].ResultCode)
	assert.Equal(t, restapi.CodeBlackListFull, res[1000].ResultCode)
	assert.Equal(t, restapi.CodeBlackListFull, res[1001].ResultCode)
	assert.Len(t, f.srv.RequestsFor("sns/black_list_add"), 2)

	var page restapi.BlackListGetResponse
	require.NoError(t, f.rc.Call(ctx, restapi.ServiceSNS, restapi.CommandBlackListGet, restapi.BlackListGetRequest{FromAccount: "owner", StartIndex: 998, MaxLimited: 30}, &page))
	assert.Equal(t, []restapi.BlackListItem{{ToAccount: users[998], AddBlackTimeStamp: f.srv.Now().Unix()}, {ToAccount: users[999], AddBlackTimeStamp: f.srv.Now().Unix()}}, page.BlackListItem)
	assert.Zero(t, page.StartIndex, "the last page")
	assert.Equal(t, 1000, page.CurrentSequence)
	require.NoError(t, f.rc.Call(ctx, restapi.ServiceSNS, restapi.CommandBlackListGet, restapi.BlackListGetRequest{FromAccount: "owner", MaxLimited: 30}, &page))
	assert.Len(t, page.BlackListItem, 30)
	assert.Equal(t, 30, page.StartIndex)

	assert.Len(t, collect(t, f.rc.Friends.Blocked(ctx, "owner")), 1000)
	res, err = f.rc.Friends.Unblock(ctx, "owner", users...)
	require.NoError(t, err)
	assert.Zero(t, res[0].ResultCode)
	assert.Equal(t, restapi.CodeSNSInvalid, res[1001].ResultCode)
	assert.Empty(t, f.srv.BlackList(f.id, "owner"))
}

// Codes of the four blacklist commands and friend_check: 30001 (request
// parameter), 30003 (account does not exist), 30004 (app admin), listed
// on INTL 1047/34907 and 34911 and in im-facts-rest.md B10.
func TestBlackListCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob")
	blocked := func(user string) func() error {
		return func() error { return firstErr(f.rc.Friends.Blocked(ctx, user)) }
	}
	call := func(command string, body string) func() error {
		return func() error { return f.rc.Call(ctx, restapi.ServiceSNS, command, json.RawMessage(body), nil) }
	}
	runCodeCases(t, nil, []codeCase{
		{"block without From_Account", func() error { _, err := f.rc.Friends.Block(ctx, "", "bob"); return err }, restapi.CodeSNSInvalid},
		{"block of nobody", func() error { _, err := f.rc.Friends.Block(ctx, "alice"); return err }, restapi.CodeSNSInvalid},
		{"block of an empty account", func() error { _, err := f.rc.Friends.Block(ctx, "alice", ""); return err }, restapi.CodeSNSInvalid},
		{"block from an account never imported", func() error { _, err := f.rc.Friends.Block(ctx, "ghost", "bob"); return err }, restapi.CodeSNSAccountMissing},
		{"block of 1001 in one request", call(restapi.CommandBlackListAdd, `{"From_Account":"alice","To_Account":`+jsonIDs(1001)+`}`), restapi.CodeSNSInvalid},
		{"unblock without From_Account", func() error { _, err := f.rc.Friends.Unblock(ctx, "", "bob"); return err }, restapi.CodeSNSInvalid},
		{"unblock from an account never imported", func() error { _, err := f.rc.Friends.Unblock(ctx, "ghost", "bob"); return err }, restapi.CodeSNSAccountMissing},
		{"blocked without From_Account", blocked(""), restapi.CodeSNSInvalid},
		{"blocked of an account never imported", blocked("ghost"), restapi.CodeSNSAccountMissing},
		{"black_list_get with MaxLimited 0", call(restapi.CommandBlackListGet, `{"From_Account":"alice","StartIndex":0,"MaxLimited":0,"LastSequence":0}`), restapi.CodeSNSInvalid},
		{"black_list_get with MaxLimited 1001", call(restapi.CommandBlackListGet, `{"From_Account":"alice","StartIndex":0,"MaxLimited":1001,"LastSequence":0}`), restapi.CodeSNSInvalid},
		{"black_list_get from a negative StartIndex", call(restapi.CommandBlackListGet, `{"From_Account":"alice","StartIndex":-1,"MaxLimited":10,"LastSequence":0}`), restapi.CodeSNSInvalid},
		{"check without a CheckType", func() error { _, err := f.rc.Friends.Check(ctx, "alice", "", "bob"); return err }, restapi.CodeSNSInvalid},
		{"check with a blacklist CheckType", func() error {
			_, err := f.rc.Friends.Check(ctx, "alice", restapi.CheckType(restapi.BlackCheckBoth), "bob")
			return err
		}, restapi.CodeSNSInvalid},
		{"check of nobody", func() error { _, err := f.rc.Friends.Check(ctx, "alice", restapi.CheckBoth); return err }, restapi.CodeSNSInvalid},
		{"check from an account never imported", func() error { _, err := f.rc.Friends.Check(ctx, "ghost", restapi.CheckBoth, "bob"); return err }, restapi.CodeSNSAccountMissing},
		{"check of 1001 in one request", call(restapi.CommandFriendCheck, `{"From_Account":"alice","CheckType":"CheckResult_Type_Both","To_Account":`+jsonIDs(1001)+`}`), restapi.CodeSNSInvalid},
		{"check blocked without a CheckType", func() error { _, err := f.rc.Friends.CheckBlocked(ctx, "alice", "", "bob"); return err }, restapi.CodeSNSInvalid},
		{"check blocked with a friend CheckType", func() error {
			_, err := f.rc.Friends.CheckBlocked(ctx, "alice", restapi.BlackCheckType(restapi.CheckBoth), "bob")
			return err
		}, restapi.CodeSNSInvalid},
		{"check blocked from an account never imported", func() error {
			_, err := f.rc.Friends.CheckBlocked(ctx, "ghost", restapi.BlackCheckSingle, "bob")
			return err
		}, restapi.CodeSNSAccountMissing},
	})

	other, err := restapi.New(f.id, "alice", f.signer, restapi.WithBaseURL(f.srv.URL()), restapi.WithClock(f.srv.Now))
	require.NoError(t, err)
	_, err = other.Friends.Block(ctx, "alice", "bob")
	assert.True(t, restapi.HasCode(err, restapi.CodeSNSNeedAdmin), "%v", err)
	assert.ErrorIs(t, err, restapi.ErrNotAdmin)
	assert.Empty(t, f.srv.BlackList(f.id, "alice"))
}

func jsonIDs(n int) string {
	b, _ := json.Marshal(ids("x", n))
	return string(b)
}

// black_list_get's sequence is "CurruentSequence" on INTL 1047/34914 and
// "CurrentSequence" on CN 269/3722: either is read, both are written.
func TestBlackListGetWireFormat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, body string }{
		{"INTL", `{"BlackListItem":[{"To_Account":"id1","AddBlackTimeStamp":1430000001}],"StartIndex":0,"CurruentSequence":13}`},
		{"CN", `{"BlackListItem":[{"To_Account":"id1","AddBlackTimeStamp":1430000001}],"StartIndex":0,"CurrentSequence":13}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var r restapi.BlackListGetResponse
			require.NoError(t, json.Unmarshal([]byte(tc.body), &r))
			assert.Equal(t, restapi.BlackListGetResponse{BlackListItem: []restapi.BlackListItem{{ToAccount: "id1", AddBlackTimeStamp: 1430000001}}, CurrentSequence: 13}, r)
		})
	}
	b, err := json.Marshal(restapi.BlackListGetResponse{CurrentSequence: 2})
	require.NoError(t, err)
	assert.JSONEq(t, `{"BlackListItem":[],"StartIndex":0,"CurrentSequence":2,"CurruentSequence":2}`, string(b))
}
