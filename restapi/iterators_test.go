package restapi_test

import (
	"fmt"
	"io"
	"iter"
	"net/http"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

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
	var groupID, banGroupID string // the last group created, the first
	for range 3 {
		id, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g"})
		require.NoError(t, err)
		groupID = id
		if banGroupID == "" {
			banGroupID = id
		}
	}
	_, err := f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: groupID, MemberList: restapi.MemberAccounts(users[:10]...)})
	require.NoError(t, err)
	items := make([]restapi.FriendAddItem, len(users))
	for i, u := range users {
		items[i] = restapi.FriendAddItem{ToAccount: u, AddSource: "AddSource_Type_Web"}
	}
	_, err = f.rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", ForceAddFlags: 1, AddFriendItem: items})
	require.NoError(t, err)
	for i := range 10 {
		_, err := f.rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: groupID, FromAccount: "alice", MsgBody: hello(fmt.Sprint(i))})
		require.NoError(t, err)
	}
	// A ban removes the members; ban those of another group than groupID.
	_, err = f.rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: banGroupID, MemberList: restapi.MemberAccounts(users[:10]...)})
	require.NoError(t, err)
	require.NoError(t, f.rc.Groups.Ban(ctx, banGroupID, time.Hour, users[:10]...))
	_, err = f.rc.Friends.Block(ctx, "bob", users[:10]...)
	require.NoError(t, err)
	// 150 conversations of bob's: two get_list pages.
	for _, u := range users {
		_, err := f.rc.Messages.Send(ctx, &restapi.SendMsgRequest{FromAccount: "bob", ToAccount: u, MsgBody: hello("hi")})
		require.NoError(t, err)
	}

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
		{"Groups.History", keys(f.rc.Groups.History(ctx, restapi.GroupMsgGetSimpleRequest{GroupID: groupID, ReqMsgNumber: 3}), func(m restapi.GroupHistoryMessage) string { return fmt.Sprint(m.MsgSeq) }), 10},
		{"Friends.Blocked", keys(f.rc.Friends.Blocked(ctx, "bob"), func(b restapi.BlackListItem) string { return b.ToAccount }), 10},
		{"Groups.Banned", keys(f.rc.Groups.Banned(ctx, banGroupID), func(b restapi.BannedMember) string { return b.MemberAccount }), 10},
		{"Conversations.List", keys(f.rc.Conversations.List(ctx, "bob"), func(c restapi.ConversationItem) string { return c.ToAccount }), 151},
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

// TestIteratorsStopOnAStuckCursor: a server that answers the cursor it
// was sent and says there is more would make a walk loop for ever; each
// paged iterator fails instead, after the items it got, and says why.
func TestIteratorsStopOnAStuckCursor(t *testing.T) {
	t.Parallel()
	const ok = `"ActionStatus":"OK","ErrorCode":0,`
	answers := map[string]string{
		"friend_get":            `{` + ok + `"UserDataItem":[{"To_Account":"a"}],"FriendNum":9,"CompleteFlag":0,"NextStartIndex":0}`,
		"get_group_member_info": `{` + ok + `"MemberNum":9,"MemberList":[{"Member_Account":"a"}],"Next":"7"}`,
		"get_appid_group_list":  `{` + ok + `"TotalCount":9,"GroupIdList":[{"GroupId":"a"}],"Next":7}`,
		"admin_getroammsg":      `{` + ok + `"Complete":0,"MsgCnt":1,"LastMsgTime":1700000000,"LastMsgKey":"1_2_3","MsgList":[{"MsgKey":"a"}]}`,
		"group_msg_get_simple":  `{` + ok + `"GroupId":"g","IsFinished":0,"RspMsgList":[{"MsgSeq":7}]}`,
		"black_list_get":        `{` + ok + `"BlackListItem":[{"To_Account":"a"}],"StartIndex":1,"CurrentSequence":1}`,
		"get_group_ban_member":  `{` + ok + `"BannedAccountList":[{"Member_Account":"a"}],"NextOffset":7}`,
		"get_list":              `{` + ok + `"SessionItem":[{"Type":1,"To_Account":"a"}],"CompleteFlag":0,"TimeStamp":5,"StartIndex":1,"TopTimeStamp":0,"TopStartIndex":0}`,
	}
	rc := stubClient(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(answers[r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]]))
	}, restapi.WithoutRetries())
	ctx := t.Context()
	for _, tc := range []struct {
		name, command string
		seq           iter.Seq2[string, error]
		want          int
	}{
		{"Friends.List", "friend_get", keys(rc.Friends.List(ctx, "alice"), func(fr restapi.Friend) string { return fr.UserID }), 1},
		{"Members", "get_group_member_info", keys(rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: "g", Limit: 1}), func(m restapi.GroupMemberInfo) string { return m.MemberAccount }), 2},
		{"All", "get_appid_group_list", rc.Groups.All(ctx, restapi.GetAppIDGroupListRequest{Limit: 1}), 2},
		{"History", "admin_getroammsg", keys(rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: "alice", PeerAccount: "bob", MaxCnt: 1}), func(m restapi.Message) string { return m.MsgKey }), 2},
		{"Groups.History", "group_msg_get_simple", keys(rc.Groups.History(ctx, restapi.GroupMsgGetSimpleRequest{GroupID: "g", ReqMsgNumber: 1}), func(m restapi.GroupHistoryMessage) string { return fmt.Sprint(m.MsgSeq) }), 2},
		{"Friends.Blocked", "black_list_get", keys(rc.Friends.Blocked(ctx, "alice"), func(b restapi.BlackListItem) string { return b.ToAccount }), 2},
		{"Groups.Banned", "get_group_ban_member", keys(rc.Groups.Banned(ctx, "g"), func(b restapi.BannedMember) string { return b.MemberAccount }), 2},
		{"Conversations.List", "get_list", keys(rc.Conversations.List(ctx, "alice"), func(c restapi.ConversationItem) string { return c.ToAccount }), 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got int
			var last error
			for _, err := range tc.seq {
				if err != nil {
					last = err
					continue
				}
				got++
				require.LessOrEqual(t, got, 10, "the walk does not end")
			}
			assert.Equal(t, tc.want, got, "the items before the stuck page")
			require.Error(t, last)
			assert.Contains(t, last.Error(), tc.command+" answered the cursor it was sent")
		})
	}
}

// TestIteratorsStopOnEndlessEmptyPages: a server that answers empty
// pages, each moving its cursor on and saying there is more, would make
// a walk loop for ever; each paged iterator fails instead after 64 of
// them in a row, and says why.
func TestIteratorsStopOnEndlessEmptyPages(t *testing.T) {
	t.Parallel()
	const ok = `"ActionStatus":"OK","ErrorCode":0,`
	answers := map[string]string{
		"friend_get":            `{` + ok + `"UserDataItem":[],"FriendNum":9,"CompleteFlag":0,"NextStartIndex":%d}`,
		"get_group_member_info": `{` + ok + `"MemberNum":9,"MemberList":[],"Next":"%d"}`,
		"black_list_get":        `{` + ok + `"BlackListItem":[],"StartIndex":%d,"CurrentSequence":1}`,
	}
	var mu sync.Mutex
	calls := map[string]int{}
	rc := stubClient(t, func(w http.ResponseWriter, r *http.Request) {
		command := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
		mu.Lock()
		calls[command]++
		n := calls[command]
		mu.Unlock()
		_, _ = fmt.Fprintf(w, answers[command], n)
	}, restapi.WithoutRetries(), restapi.WithoutRateLimit())
	ctx := t.Context()
	for _, tc := range []struct {
		name, command string
		seq           iter.Seq2[string, error]
	}{
		{"Friends.List", "friend_get", keys(rc.Friends.List(ctx, "alice"), func(fr restapi.Friend) string { return fr.UserID })},
		{"Members", "get_group_member_info", keys(rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: "g", Limit: 1}), func(m restapi.GroupMemberInfo) string { return m.MemberAccount })},
		{"Friends.Blocked", "black_list_get", keys(rc.Friends.Blocked(ctx, "alice"), func(b restapi.BlackListItem) string { return b.ToAccount })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var last error
			for _, err := range tc.seq {
				require.Error(t, err, "no items")
				last = err
			}
			require.Error(t, last)
			assert.Contains(t, last.Error(), tc.command+" answered 64 empty pages in a row")
			mu.Lock()
			defer mu.Unlock()
			assert.Equal(t, 64, calls[tc.command])
		})
	}
}

// TestPagedWalksListed: the package doc's "Paged walks" and README's list
// of paged walks name every method of a Client's services that answers an
// iter.Seq2, as Service.Method.
func TestPagedWalksListed(t *testing.T) {
	t.Parallel()
	section := func(path, from, to string) string {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		_, after, ok := strings.Cut(string(b), from)
		require.True(t, ok, "%s has %q", path, from)
		before, _, ok := strings.Cut(after, to)
		require.True(t, ok, "%s has %q after %q", path, to, from)
		return strings.Join(strings.Fields(strings.NewReplacer("//", "", "`", "").Replace(before)), " ")
	}
	doc := section("doc.go", "// # Paged walks", "// # Messages")
	readme := section("../README.md", "Like every\npaged walk", "it starts")
	client := reflect.TypeOf(restapi.Client{})
	walks := 0
	for i := range client.NumField() {
		field := client.Field(i)
		if !field.IsExported() || field.Type.Kind() != reflect.Pointer {
			continue
		}
		for j := range field.Type.NumMethod() {
			m := field.Type.Method(j)
			if m.Type.NumOut() != 1 || !strings.HasPrefix(m.Type.Out(0).String(), "iter.Seq2[") {
				continue
			}
			walks++
			name := field.Name + "." + m.Name
			assert.Contains(t, doc, name, "doc.go's Paged walks")
			if name != "Messages.History" { // README's sentence is about it
				assert.Contains(t, readme, name, "README's list of paged walks")
			}
		}
	}
	assert.GreaterOrEqual(t, walks, 9)
}

// TestFriendsListSendsNoSequences: Friends.List moves on by StartIndex
// alone. Tencent leaves out the friend data a StandardSequence or
// CustomSequence equal to its own says the caller has (friend_get, CN
// 1647), so sending page 1's back would strip the later pages.
func TestFriendsListSendsNoSequences(t *testing.T) {
	t.Parallel()
	const ok = `"ActionStatus":"OK","ErrorCode":0,`
	var mu sync.Mutex
	var bodies []string
	rc := stubClient(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		page := len(bodies)
		mu.Unlock()
		_, _ = fmt.Fprintf(w, `{`+ok+`"UserDataItem":[{"To_Account":"f%d"}],"StandardSequence":88,"CustomSequence":7,"FriendNum":2,"CompleteFlag":%d,"NextStartIndex":%d}`, page, page-1, page)
	}, restapi.WithoutRetries(), restapi.WithoutRateLimit())
	got := collect(t, keys(rc.Friends.List(t.Context(), "alice"), func(f restapi.Friend) string { return f.UserID }))
	assert.Equal(t, []string{"f1", "f2"}, got)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, bodies, 2)
	assert.JSONEq(t, `{"From_Account":"alice","StartIndex":1}`, bodies[1])
}
