package imtest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/restapi"
)

// TestCallbackBlackList: black_list_add and black_list_delete send
// Sns.CallbackBlackListAdd and CallbackBlackListDelete with the pairs
// done (INTL 1047/34361, 34362: {"CallbackCommand", "PairList":
// [{"From_Account", "To_Account"}]}, "triggered ... after ... successfully
// adds/removes"); the friendship blocking ends sends no
// Sns.CallbackFriendDelete (none is documented for it).
func TestCallbackBlackList(t *testing.T) {
	t.Parallel()
	srv := fixedServer(t)
	rc, app := restClient(t, srv, []string{"bob", "carol"})
	ctx := context.Background()
	_, err := rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", ForceAddFlags: 1, AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "AddSource_Type_Test"}}})
	require.NoError(t, err)
	got := &events{}
	ev := consumer(t, srv, app,
		callback.OnBlackListAdd(func(_ context.Context, e *callback.BlackListAdd) { got.add(e) }),
		callback.OnBlackListDelete(func(_ context.Context, e *callback.BlackListDelete) { got.add(e) }),
	)
	res, err := rc.Friends.Block(ctx, "alice", "bob", "carol", "bob", "ghost")
	require.NoError(t, err)
	require.Len(t, res, 4)
	_, err = rc.Friends.Unblock(ctx, "alice", "carol", "ghost")
	require.NoError(t, err)
	_, err = rc.Friends.Unblock(ctx, "alice", "ghost")
	require.NoError(t, err)

	all := got.all()
	require.Len(t, all, 2, "a request with nothing done sends none")
	add := all[0].(*callback.BlackListAdd)
	assert.Equal(t, []callback.FriendPair{{FromAccount: "alice", ToAccount: "bob"}, {FromAccount: "alice", ToAccount: "carol"}}, add.PairList)
	assert.Equal(t, callback.CommandBlackListAdd, add.Metadata().Command)
	del := all[1].(*callback.BlackListDelete)
	assert.Equal(t, []callback.FriendPair{{FromAccount: "alice", ToAccount: "carol"}}, del.PairList)
	assert.Empty(t, ev.all(), "no Sns.CallbackFriendDelete for the friendship blocking ended")
	assert.Empty(t, srv.Friends(app, "alice"))
}

// blocked is the To_Accounts of userID's blacklist.
func blocked(t *testing.T, rc *restapi.Client, userID string) []string {
	t.Helper()
	var out []string
	for it, err := range rc.Friends.Blocked(context.Background(), userID) {
		require.NoError(t, err)
		out = append(out, it.ToAccount)
	}
	return out
}

// TestAccountDeleteForgetsBlackLists: "Deleting an account empties its
// blacklist and takes it out of the others" (docs/protocol.md,
// black_list_check): an account deleted and imported again is in no one's
// blacklist and blocks no one.
func TestAccountDeleteForgetsBlackLists(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, deleted string
	}{
		{"the blocked account", "bob"},
		{"the blocking account", "alice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rc, _ := restClient(t, fixedServer(t), []string{"bob", "carol"})
			ctx := context.Background()
			_, err := rc.Friends.Block(ctx, "alice", "bob", "carol")
			require.NoError(t, err)
			_, err = rc.Friends.Block(ctx, "bob", "alice")
			require.NoError(t, err)
			require.Equal(t, []string{"bob", "carol"}, blocked(t, rc, "alice"))

			_, err = rc.Accounts.Delete(ctx, tc.deleted)
			require.NoError(t, err)
			require.NoError(t, rc.Accounts.Import(ctx, restapi.Account{UserID: tc.deleted}))

			assert.Empty(t, blocked(t, rc, tc.deleted), "the re-imported account's blacklist")
			kept := map[string][]string{"alice": {"carol"}, "bob": nil}
			for _, other := range []string{"alice", "bob"} {
				if other == tc.deleted {
					continue
				}
				got := blocked(t, rc, other)
				assert.NotContains(t, got, tc.deleted, "%s's blacklist", other)
				assert.Equal(t, kept[other], got, "%s's blacklist", other)
			}
			res, err := rc.Friends.CheckBlocked(ctx, "alice", restapi.BlackCheckBoth, "bob")
			require.NoError(t, err)
			require.Len(t, res, 1)
			assert.Equal(t, restapi.BlackRelationNone, res[0].Relation, "neither blocks the other")
		})
	}
}
