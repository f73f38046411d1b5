package imtest

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/restapi"
)

// TestGroupMessageAndMemberHooks drives the hooks of the group events
// whose commands (send_group_msg, add_group_member, delete_group_member)
// call them, until those commands reach them through the REST API.
func TestGroupMessageAndMemberHooks(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	s := NewServer(t, WithClock(func() time.Time { return now }))
	app, err := s.SeedApp(AppSeed{})
	require.NoError(t, err)
	var mu sync.Mutex
	var got []callback.Event
	keep := func(e callback.Event) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, e)
	}
	h, err := callback.NewHandler(app.SDKAppID, "tok", callback.WithClock(s.Now),
		callback.OnGroupBeforeSendMsg(func(_ context.Context, e *callback.GroupBeforeSendMsg) callback.Decision {
			keep(e)
			if e.Random == 2 {
				return callback.Refuse("no")
			}
			return callback.Allow().WithMsgBody(restapi.Text("rewritten")).WithCloudCustomData("c")
		}),
		callback.OnGroupAfterSendMsg(func(_ context.Context, e *callback.GroupAfterSendMsg) { keep(e) }),
		callback.OnGroupMemberJoin(func(_ context.Context, e *callback.GroupMemberJoin) { keep(e) }),
		callback.OnGroupMemberExit(func(_ context.Context, e *callback.GroupMemberExit) { keep(e) }))
	require.NoError(t, err)
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	require.NoError(t, s.SetCallback(app.SDKAppID, CallbackConfig{URL: hs.URL, Token: "tok"}))

	s.mu.Lock()
	c := &v4Call{app: s.apps[app.SDKAppID], identifier: "administrator", now: now}
	g := &v4Group{info: restapi.GroupInfo{GroupID: "@TGS#1", Type: restapi.GroupPublic}}
	body, custom := []restapi.Element{restapi.Text("hi")}, ""
	drop, err := s.beforeGroupSendMsg(c, g, "alice", 1, 0, nil, &body, &custom)
	assert.False(t, drop)
	assert.NoError(t, err)
	s.afterGroupSendMsg(c, g, "alice", 1, 0, nil, body, custom, 5, now.Unix())
	refusedBody := []restapi.Element{restapi.Text("spam")}
	_, refused := s.beforeGroupSendMsg(c, g, "alice", 2, 0, nil, &refusedBody, &custom)
	_, forbidden := s.beforeGroupSendMsg(c, g, "alice", 2, 0, []string{restapi.ForbidBeforeSendMsgCallback}, &refusedBody, &custom)
	s.afterMemberJoin(c, g, callback.JoinInvited, []string{"bob", "carol"})
	s.afterMemberExit(c, g, callback.ExitKicked, []string{"carol"})
	s.afterMemberExit(c, g, callback.ExitKicked, nil) // nobody left: no callback
	s.mu.Unlock()

	assert.Equal(t, []restapi.Element{restapi.Text("rewritten")}, body)
	assert.Equal(t, "c", custom)
	assert.True(t, restapi.HasCode(refused, codeGroupCallbackRefused), "%v", refused)
	assert.NoError(t, forbidden)
	require.Len(t, got, 5)
	before := got[0].(*callback.GroupBeforeSendMsg)
	assert.Equal(t, "@TGS#1", before.GroupID)
	assert.Equal(t, "administrator", before.OperatorAccount)
	assert.Equal(t, []restapi.Element{restapi.Text("hi")}, before.MsgBody)
	after := got[1].(*callback.GroupAfterSendMsg)
	assert.Equal(t, uint64(5), after.MsgSeq)
	assert.Equal(t, []restapi.Element{restapi.Text("rewritten")}, after.MsgBody)
	join := got[3].(*callback.GroupMemberJoin)
	assert.Equal(t, []callback.Member{{MemberAccount: "bob"}, {MemberAccount: "carol"}}, join.NewMemberList)
	assert.Equal(t, callback.JoinInvited, join.JoinType)
	exit := got[4].(*callback.GroupMemberExit)
	assert.Equal(t, []callback.Member{{MemberAccount: "carol"}}, exit.ExitMemberList)
	assert.Len(t, s.CallbackDeliveries(app.SDKAppID), 5)
}
