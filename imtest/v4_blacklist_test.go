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
