package restapi_test

import (
	"fmt"
	"iter"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// keys maps seq to a comparable key of each item, for comparing walks.
func keys[T any](seq iter.Seq2[T, error], key func(T) string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for v, err := range seq {
			if !yield(key(v), err) {
				return
			}
		}
	}
}

// TestIteratorsRangeAgain: every paged iterator yields its whole walk each
// time it is ranged over, again and from two goroutines at once, instead
// of resuming where the last range left off (the page request was shared
// between ranges).
func TestIteratorsRangeAgain(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	// No server rate limits: two ranges of Groups.All at once would meet
	// in one second of the server's clock, which the client's limiter
	// cannot prevent when its waits are the server's Sleep.
	f := newMsgFixtureOn(t, imtest.NewServer(t, imtest.WithV4RateLimit(0)), apps.EditionPro)
	users := f.importIDs(t, "u", 150)
	for i := range 10 {
		_, err := f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgBody: hello(fmt.Sprint(i))})
		require.NoError(t, err)
	}
	var groupID string
	for range 3 {
		id, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g"})
		require.NoError(t, err)
		groupID = id
	}
	_, err := f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: groupID, MemberList: restapi.MemberAccounts(users[:10]...)})
	require.NoError(t, err)
	items := make([]restapi.FriendAddItem, len(users))
	for i, u := range users {
		items[i] = restapi.FriendAddItem{ToAccount: u, AddSource: "AddSource_Type_Web"}
	}
	_, err = f.rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", ForceAddFlags: 1, AddFriendItem: items})
	require.NoError(t, err)

	for _, tc := range []struct {
		name string
		seq  iter.Seq2[string, error]
		want int
	}{
		{"History", keys(f.rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: "alice", PeerAccount: "bob", MaxCnt: 3}), func(m restapi.Message) string { return m.MsgKey }), 10},
		{"Members", keys(f.rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: groupID, Limit: 3}), func(m restapi.GroupMemberInfo) string { return m.MemberAccount }), 11},
		{"Joined", keys(f.rc.Groups.Joined(ctx, restapi.GetJoinedGroupListRequest{MemberAccount: "alice", Limit: 1}), func(g restapi.JoinedGroup) string { return g.GroupID }), 3},
		{"All", f.rc.Groups.All(ctx, restapi.GetAppIDGroupListRequest{Limit: 1}), 3},
		{"Friends.List", keys(f.rc.Friends.List(ctx, "alice"), func(fr restapi.Friend) string { return fr.UserID }), 150},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first := collect(t, tc.seq)
			require.Len(t, first, tc.want)
			assert.Equal(t, first, collect(t, tc.seq), "ranged again")
			var wg sync.WaitGroup
			got := make([][]string, 2)
			for i := range got {
				wg.Go(func() { got[i] = collect(t, tc.seq) })
			}
			wg.Wait()
			assert.Equal(t, [][]string{first, first}, got, "ranged from two goroutines at once")
		})
	}
}
