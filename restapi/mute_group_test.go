package restapi_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

// forbidCodes are the only codes im-facts-rest.md B11 lists for
// forbid_send_msg: "Errors 10002, 10003, 10004, 10007, 10010, 10015".
var forbidCodes = []int{10002, 10003, 10004, 10007, 10010, 10015}

// TestForbidSendMsgCodes: forbid_send_msg answers only the codes its row
// lists (im-facts-rest.md B11: "`Members_Account[]` **≤500** ... Private/Work
// unsupported. Errors 10002, 10003, 10004, 10007, 10010, 10015"): too many
// accounts and an account that is not imported are 10004 (invalid
// parameter), not add_group_member's 10005 and 10019, which the row does
// not list; a Private (Work) group is 10007 (section C: "insufficient
// permission (or op unsupported for group type)").
func TestForbidSendMsgCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob")
	for _, typ := range []restapi.GroupType{restapi.GroupPublic, restapi.GroupWork} {
		_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: typ, Name: "g", GroupID: "g" + string(typ),
			MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
		require.NoError(t, err)
	}
	pub := "g" + string(restapi.GroupPublic)
	over := ids("u", restapi.MaxMuteMembersPerRequest+1)
	raw := func(body string) func() error {
		return func() error {
			return f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandForbidSendMsg, json.RawMessage(body), nil)
		}
	}
	overBody, err := json.Marshal(restapi.ForbidSendMsgRequest{GroupID: pub, MembersAccount: over, MuteTime: 60})
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		call func() error
		code int
	}{
		{"501 accounts, checked locally", func() error {
			return (&restapi.ForbidSendMsgRequest{GroupID: pub, MembersAccount: over, MuteTime: 60}).Validate()
		}, restapi.CodeGroupInvalidParam},
		{"501 accounts, answered by the server", raw(string(overBody)), restapi.CodeGroupInvalidParam},
		{"an account never imported", func() error { return f.rc.Groups.MuteMembers(ctx, pub, time.Minute, "bob", "ghost") }, restapi.CodeGroupInvalidParam},
		{"no accounts", raw(`{"GroupId":"` + pub + `","Members_Account":[],"MuteTime":60}`), restapi.CodeGroupInvalidParam},
		{"a group that does not exist", func() error { return f.rc.Groups.MuteMembers(ctx, "nope", time.Minute, "bob") }, restapi.CodeGroupNotFound},
		{"a GroupId that cannot be one", raw(`{"GroupId":"群","Members_Account":["bob"],"MuteTime":60}`), restapi.CodeGroupIDInvalid},
		{"a Work (Private) group", func() error { return f.rc.Groups.MuteMembers(ctx, "g"+string(restapi.GroupWork), time.Minute, "bob") }, restapi.CodeGroupNoPermission},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.call()
			require.True(t, restapi.HasCode(err, tc.code), "%v, want %d", err, tc.code)
			var e *restapi.Error
			require.ErrorAs(t, err, &e)
			assert.Contains(t, forbidCodes, e.Code, "a code forbid_send_msg's row lists")
		})
	}
	assert.Zero(t, f.srv.GroupMembers(f.id, pub)[1].ShutUpUntil, "a refused request mutes no one, bob included")
}
