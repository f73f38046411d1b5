package imtest_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

const pathMultiImport = "/v4/im_open_login_svc/multiaccount_import"

// v4Raw sends body to path as the app's administrator, as an older SDK
// writes it, and returns the HTTP status and the raw answer.
func (a *v4App) v4Raw(t *testing.T, path, body string) (int, string) {
	t.Helper()
	status, raw := v4Send(t, a.srv, http.MethodPost, path, a.query("administrator", a.sig(t, "administrator")), body)
	return status, string(raw)
}

// TestV4LegacyFields: a request with a legacy field name Tencent still
// accepts gets the same answer, and leaves the same accounts, as the same
// request with the current name (each on a fresh server).
func TestV4LegacyFields(t *testing.T) {
	t.Parallel()
	quoted := func(ids []string) string { return `"` + strings.Join(ids, `","`) + `"` }
	entries := func(ids []string) string {
		return `{"UserID":"` + strings.Join(ids, `"},{"UserID":"`) + `"}`
	}
	cases := []struct {
		name            string
		seed            []string // accounts imported first
		path            string
		current, legacy string
		code            int // what both answer
	}{
		{"account_import: Identifier", nil, pathImport,
			`{"UserID":"alice","Nick":"Alice","FaceUrl":"https://example.com/a.png"}`,
			`{"Identifier":"alice","Nick":"Alice","FaceUrl":"https://example.com/a.png"}`, 0},
		{"account_import: Identifier of an imported account updates it", []string{"alice"}, pathImport,
			`{"UserID":"alice","Nick":"Alice 2"}`, `{"Identifier":"alice","Nick":"Alice 2"}`, 0},
		{"account_import: Identifier over 32 bytes", nil, pathImport,
			`{"UserID":"` + strings.Repeat("a", 33) + `"}`, `{"Identifier":"` + strings.Repeat("a", 33) + `"}`, restapi.CodeInvalidParameter},
		{"account_import: Identifier, a profile value over 500 bytes", nil, pathImport,
			`{"UserID":"alice","Nick":"` + strings.Repeat("n", 501) + `"}`, `{"Identifier":"alice","Nick":"` + strings.Repeat("n", 501) + `"}`, restapi.CodeProfileValueTooLong},
		{"account_import: Identifier past a trial app's 100 accounts", numberedIDs("u%d", 100), pathImport,
			`{"UserID":"one_more"}`, `{"Identifier":"one_more"}`, restapi.CodeAccountLimit},
		{"account_import: UserID wins over Identifier", nil, pathImport,
			`{"UserID":"alice"}`, `{"UserID":"alice","Identifier":"bob"}`, 0},
		{"multiaccount_import: Accounts", nil, pathMultiImport,
			`{"AccountList":[` + entries([]string{"alice", "bob"}) + `]}`, `{"Accounts":["alice","bob"]}`, 0},
		{"multiaccount_import: Accounts with imported ones", []string{"bob"}, pathMultiImport,
			`{"AccountList":[` + entries([]string{"alice", "bob"}) + `]}`, `{"Accounts":["alice","bob"]}`, 0},
		{"multiaccount_import: Accounts with an empty UserID", nil, pathMultiImport,
			`{"AccountList":[` + entries([]string{"alice", ""}) + `]}`, `{"Accounts":["alice",""]}`, restapi.CodeInvalidParameter},
		{"multiaccount_import: Accounts of 101", nil, pathMultiImport,
			`{"AccountList":[` + entries(numberedIDs("n%d", 101)) + `]}`, `{"Accounts":[` + quoted(numberedIDs("n%d", 101)) + `]}`, restapi.CodeInvalidBatchCount},
		{"multiaccount_import: Accounts past a trial app's 100 accounts", numberedIDs("u%d", 99), pathMultiImport,
			`{"AccountList":[` + entries([]string{"n1", "n2"}) + `]}`, `{"Accounts":["n1","n2"]}`, restapi.CodeAccountLimit},
		{"multiaccount_import: AccountList wins over Accounts", nil, pathMultiImport,
			`{"AccountList":[` + entries([]string{"alice"}) + `]}`, `{"AccountList":[` + entries([]string{"alice"}) + `],"Accounts":["bob"]}`, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			answer := func(body string) (int, string, []string) {
				a := newV4App(t)
				require.NoError(t, a.srv.ImportAccounts(a.id, tc.seed...))
				status, raw := a.v4Raw(t, tc.path, body)
				return status, raw, a.srv.ImportedAccounts(a.id)
			}
			wantStatus, wantRaw, wantAccounts := answer(tc.current)
			status, raw, accounts := answer(tc.legacy)
			assert.Equal(t, http.StatusOK, wantStatus)
			assert.Contains(t, wantRaw, fmt.Sprintf(`"ErrorCode":%d`, tc.code))
			assert.Equal(t, wantStatus, status)
			assert.JSONEq(t, wantRaw, raw)
			assert.Equal(t, wantAccounts, accounts)
		})
	}
}

// TestV4LegacyFieldsOnlyWhereTencentTakesThem: a legacy name is not read
// where Tencent never had it (AccountList entries were never written with
// Identifier; account_check and account_delete have no legacy names), so
// the request misses its account as it would at Tencent.
func TestV4LegacyFieldsOnlyWhereTencentTakesThem(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, path, body string
	}{
		{"multiaccount_import: Identifier in AccountList", pathMultiImport, `{"AccountList":[{"Identifier":"alice"}]}`},
		{"account_check: Identifier in CheckItem", pathCheck, `{"CheckItem":[{"Identifier":"alice"}]}`},
		{"account_delete: Identifier in DeleteItem", "/v4/im_open_login_svc/account_delete", `{"DeleteItem":[{"Identifier":"alice"}]}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newV4App(t)
			require.NoError(t, a.srv.ImportAccounts(a.id, "alice"))
			status, raw := a.v4Raw(t, tc.path, tc.body)
			assert.Equal(t, http.StatusOK, status)
			assert.Contains(t, raw, fmt.Sprintf(`"ErrorCode":%d`, restapi.CodeInvalidParameter))
			assert.Contains(t, raw, "UserID is empty")
			assert.Equal(t, []string{"alice"}, a.srv.ImportedAccounts(a.id))
		})
	}
}

// TestV4ClientSendsCurrentNames: restapi writes only the current names
// (UserID, AccountList), whatever the server also accepts.
func TestV4ClientSendsCurrentNames(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := newV4App(t)
	c := adminClient(t, a.srv, a.id, a.signer)
	require.NoError(t, c.Accounts.Import(ctx, restapi.Account{UserID: "alice", Nick: "Alice"}))
	_, err := c.Accounts.ImportMany(ctx, []restapi.Account{{UserID: "bob"}})
	require.NoError(t, err)
	bodies := map[string]string{}
	for _, r := range a.srv.Requests() {
		bodies[r.Action] = string(r.Body)
	}
	assert.JSONEq(t, `{"UserID":"alice","Nick":"Alice"}`, bodies[restapi.ServiceLogin+"/"+restapi.CommandAccountImport])
	assert.JSONEq(t, `{"AccountList":[{"UserID":"bob"}]}`, bodies[restapi.ServiceLogin+"/"+restapi.CommandMultiAccountImport])
}

// TestV4LegacyAccountNotAString: a legacy account that is not a JSON string
// is 60015, as for the current name (the ErrorInfo names the field sent).
func TestV4LegacyAccountNotAString(t *testing.T) {
	t.Parallel()
	a := newV4App(t)
	for path, body := range map[string]string{pathImport: `{"Identifier":5}`, pathMultiImport: `{"Accounts":[5]}`} {
		status, raw := a.v4Raw(t, path, body)
		assert.Equal(t, http.StatusOK, status)
		assert.Contains(t, raw, `"ErrorCode":60015`, path)
	}
}

// TestV4LegacyNamesOfNewerCommands: kick's Identifier, importmsg's older
// SyncFromOldSystem 1 (real-time, now 5) and the legacy querystate command
// get the same answer and leave the same state as the current names, each
// on a fresh server, sent raw as an older SDK sends them.
func TestV4LegacyNamesOfNewerCommands(t *testing.T) {
	t.Parallel()
	const (
		pathKick      = "/v4/im_open_login_svc/kick"
		pathImportMsg = "/v4/openim/importmsg"
		pathQuery     = "/v4/openim/query_online_status"
	)
	importMsg := func(sync int) string {
		return fmt.Sprintf(`{"SyncFromOldSystem":%d,"From_Account":"alice","To_Account":"bob","MsgRandom":7,"MsgTimeStamp":1700000000,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}`, sync)
	}
	cases := []struct {
		name                    string
		currentPath, legacyPath string
		current, legacy         string
		// state reads what the request left behind, for comparison.
		state func(a *v4App) any
		// normalize maps the legacy answer to the current one's names.
		normalize func(string) string
	}{
		{"kick: Identifier", pathKick, pathKick, `{"UserID":"alice"}`, `{"Identifier":"alice"}`,
			func(a *v4App) any { st, _ := a.srv.Presence(a.id, "alice"); return st }, nil},
		{"kick: Identifier of an account never imported", pathKick, pathKick, `{"UserID":"ghost"}`, `{"Identifier":"ghost"}`, nil, nil},
		{"importmsg: SyncFromOldSystem 1 is today's 5", pathImportMsg, pathImportMsg, importMsg(5), importMsg(1),
			func(a *v4App) any { return a.srv.Conversation(a.id, "alice", "bob") }, nil},
		{"querystate: State for Status", pathQuery, "/v4/openim/querystate",
			`{"To_Account":["alice","ghost"],"IsNeedDetail":1}`, `{"To_Account":["alice","ghost"],"IsNeedDetail":1}`, nil,
			func(s string) string { return strings.Replace(s, `"State":`, `"Status":`, 1) }},
		{"querystate: empty To_Account", pathQuery, "/v4/openim/querystate", `{"To_Account":[]}`, `{"To_Account":[]}`, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			answer := func(path, body string) (int, string, any) {
				a := newV4App(t)
				require.NoError(t, a.srv.ImportAccounts(a.id, "alice", "bob"))
				require.NoError(t, a.srv.SetOnline(a.id, "alice", "iPhone", restapi.StatusOnline))
				status, raw := a.v4Raw(t, path, body)
				var state any
				if tc.state != nil {
					state = tc.state(a)
				}
				return status, raw, state
			}
			wantStatus, wantRaw, wantState := answer(tc.currentPath, tc.current)
			status, raw, state := answer(tc.legacyPath, tc.legacy)
			if tc.normalize != nil {
				assert.Contains(t, raw, `"State":"Online"`, "querystate answers State at the top level")
				raw = tc.normalize(raw)
			}
			assert.Equal(t, wantStatus, status)
			assert.JSONEq(t, wantRaw, raw)
			assert.Equal(t, wantState, state)
		})
	}
}

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
		{"not imported", `{"GroupId":"pub","Members_Account":["ghost"],"MuteTime":60}`, `{"GroupId":"pub","Members_Account":["ghost"],"ShutUpTime":60}`, restapi.CodeGroupInvalidParam, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) // both servers at one time, so JoinTime compares
			answer := func(body string) (int, string, []restapi.GroupMemberInfo) {
				a := newV4App(t, imtest.WithClock(func() time.Time { return at }))
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

// TestV4OlderNamesRules: each older name the server reads, sent raw
// through the REST API, has its effect (the current name winning when
// both are set, docs/protocol.md "Legacy request fields accepted"; the
// mute of modify_group_member_info is ShutUpTime, MuteTime read when it is
// absent), and an older field of the wrong type answers the code of the
// JSON it breaks: 60015 for an account ("60015 请求包体账号类型错误，请确认账号为
// 字符串格式", im-facts.md), 60003 in a group command ("60003 HTTP 请求 JSON
// 解析错误"), 90001 in openim ("90001 JSON parse failed", im-facts-rest.md).
func TestV4OlderNamesRules(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	const (
		pathKick     = "/v4/im_open_login_svc/kick"
		pathModify   = "/v4/group_open_http_svc/modify_group_member_info"
		pathRead     = "/v4/openim/admin_set_msg_read"
		pathUnread   = "/v4/openim/get_c2c_unread_msg_num"
		createPublic = `{"Owner_Account":"alice","Type":"Public","Name":"g","GroupId":"pub","MemberList":[{"Member_Account":"bob"}]}`
		sendToBob    = `{"From_Account":"alice","To_Account":"bob","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]}`
	)
	bobMuted := func(until int64) func(t *testing.T, a *v4App) {
		return func(t *testing.T, a *v4App) {
			assert.Equal(t, until, a.srv.GroupMembers(a.id, "pub")[1].ShutUpUntil)
		}
	}
	bobUnread := func(n int) func(t *testing.T, a *v4App) {
		return func(t *testing.T, a *v4App) {
			_, raw := a.v4Raw(t, pathUnread, `{"To_Account":"bob"}`)
			assert.Contains(t, raw, `"ErrorCode":0`)
			assert.Contains(t, raw, fmt.Sprintf(`"AllC2CUnreadMsgNum":%d`, n))
		}
	}
	cases := []struct {
		name   string
		before [][2]string // path and body of each request sent first
		path   string
		body   string
		code   int
		check  func(t *testing.T, a *v4App) // nil: nothing to look at
	}{
		{"kick: UserID wins over Identifier", nil, pathKick, `{"UserID":"alice","Identifier":"bob"}`, 0, func(t *testing.T, a *v4App) {
			alice, _ := a.srv.Presence(a.id, "alice")
			bob, _ := a.srv.Presence(a.id, "bob")
			assert.Equal(t, restapi.StatusOffline, alice.Status)
			assert.Equal(t, restapi.StatusOnline, bob.Status)
		}},
		{"kick: an Identifier not a string", nil, pathKick, `{"Identifier":5}`, 60015, nil},
		{"multiaccount_import: Accounts when AccountList is empty", nil, pathMultiImport, `{"AccountList":[],"Accounts":["carol"]}`, 0, func(t *testing.T, a *v4App) {
			assert.Equal(t, []string{"alice", "bob", "carol"}, a.srv.ImportedAccounts(a.id))
		}},
		{"forbid_send_msg: a ShutUpTime not a number", [][2]string{{"/v4/group_open_http_svc/create_group", createPublic}}, pathForbid,
			`{"GroupId":"pub","Members_Account":["bob"],"ShutUpTime":"60"}`, 60003, bobMuted(0)},
		{"modify_group_member_info: MuteTime when ShutUpTime is absent", [][2]string{{"/v4/group_open_http_svc/create_group", createPublic}}, pathModify,
			`{"GroupId":"pub","Member_Account":"bob","MuteTime":60}`, 0, bobMuted(at.Unix() + 60)},
		{"modify_group_member_info: ShutUpTime wins over MuteTime", [][2]string{{"/v4/group_open_http_svc/create_group", createPublic}}, pathModify,
			`{"GroupId":"pub","Member_Account":"bob","ShutUpTime":0,"MuteTime":60}`, 0, bobMuted(0)},
		{"modify_group_member_info: a MuteTime not a number", [][2]string{{"/v4/group_open_http_svc/create_group", createPublic}}, pathModify,
			`{"GroupId":"pub","Member_Account":"bob","MuteTime":"60"}`, 60003, bobMuted(0)},
		{"admin_set_msg_read: a MsgReadTime string before the message", [][2]string{{"/v4/openim/sendmsg", sendToBob}}, pathRead,
			fmt.Sprintf(`{"Report_Account":"bob","Peer_Account":"alice","MsgReadTime":"%d"}`, at.Unix()-1), 0, bobUnread(1)},
		{"admin_set_msg_read: a MsgReadTime string at the message", [][2]string{{"/v4/openim/sendmsg", sendToBob}}, pathRead,
			fmt.Sprintf(`{"Report_Account":"bob","Peer_Account":"alice","MsgReadTime":"%d"}`, at.Unix()), 0, bobUnread(0)},
		{"admin_set_msg_read: a MsgReadTime string of no integer", [][2]string{{"/v4/openim/sendmsg", sendToBob}}, pathRead,
			`{"Report_Account":"bob","Peer_Account":"alice","MsgReadTime":"soon"}`, 90001, bobUnread(1)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newV4App(t, imtest.WithClock(func() time.Time { return at }))
			require.NoError(t, a.srv.ImportAccounts(a.id, "alice", "bob"))
			for _, p := range []string{"alice", "bob"} {
				require.NoError(t, a.srv.SetOnline(a.id, p, "iPhone", restapi.StatusOnline))
			}
			for _, b := range tc.before {
				_, raw := a.v4Raw(t, b[0], b[1])
				require.Contains(t, raw, `"ErrorCode":0`, b[0])
			}
			status, raw := a.v4Raw(t, tc.path, tc.body)
			assert.Equal(t, http.StatusOK, status)
			assert.Contains(t, raw, fmt.Sprintf(`"ErrorCode":%d`, tc.code))
			if tc.check != nil {
				tc.check(t, a)
			}
		})
	}
}
