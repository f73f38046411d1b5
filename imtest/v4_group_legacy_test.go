package imtest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

const pathForbid = "/v4/group_open_http_svc/forbid_send_msg"

// TestV4LegacyShutUpTime: forbid_send_msg with the older ShutUpTime gets
// the same answer, and leaves the same mute, as with MuteTime (each on a
// fresh server); MuteTime wins when both are set.
func TestV4LegacyShutUpTime(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name            string
		current, legacy string
		code            int
		wantMuted       bool
	}{
		{"a mute", `{"GroupId":"pub","Members_Account":["bob"],"MuteTime":60}`, `{"GroupId":"pub","Members_Account":["bob"],"ShutUpTime":60}`, 0, true},
		{"permanent", `{"GroupId":"pub","Members_Account":["bob"],"MuteTime":4294967295}`, `{"GroupId":"pub","Members_Account":["bob"],"ShutUpTime":4294967295}`, 0, true},
		{"0 unmutes", `{"GroupId":"pub","Members_Account":["bob"],"MuteTime":0}`, `{"GroupId":"pub","Members_Account":["bob"],"ShutUpTime":0}`, 0, false},
		{"MuteTime wins", `{"GroupId":"pub","Members_Account":["bob"],"MuteTime":0}`, `{"GroupId":"pub","Members_Account":["bob"],"MuteTime":0,"ShutUpTime":60}`, 0, false},
		{"a Private group", `{"GroupId":"work","Members_Account":["bob"],"MuteTime":60}`, `{"GroupId":"work","Members_Account":["bob"],"ShutUpTime":60}`, restapi.CodeGroupNoPermission, false},
		{"not imported", `{"GroupId":"pub","Members_Account":["ghost"],"MuteTime":60}`, `{"GroupId":"pub","Members_Account":["ghost"],"ShutUpTime":60}`, restapi.CodeGroupAccountMissing, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			answer := func(body string) (int, string, []restapi.GroupMemberInfo) {
				a := newV4App(t)
				require.NoError(t, a.srv.ImportAccounts(a.id, "alice", "bob"))
				for _, g := range []string{`{"Owner_Account":"alice","Type":"Public","Name":"g","GroupId":"pub","MemberList":[{"Member_Account":"bob"}]}`,
					`{"Owner_Account":"alice","Type":"Private","Name":"g","GroupId":"work","MemberList":[{"Member_Account":"bob"}]}`} {
					status, raw := a.v4Raw(t, "/v4/group_open_http_svc/create_group", g)
					require.Equal(t, http.StatusOK, status)
					require.Contains(t, raw, `"ErrorCode":0`)
				}
				status, raw := a.v4Raw(t, pathForbid, body)
				return status, raw, a.srv.GroupMembers(a.id, "pub")
			}
			wantStatus, wantRaw, wantMembers := answer(tc.current)
			status, raw, members := answer(tc.legacy)
			assert.Contains(t, wantRaw, fmt.Sprintf(`"ErrorCode":%d`, tc.code))
			assert.Equal(t, wantStatus, status)
			assert.JSONEq(t, wantRaw, raw)
			assert.Equal(t, wantMembers, members)
			assert.Equal(t, tc.wantMuted, members[1].ShutUpUntil != 0)
		})
	}
}
