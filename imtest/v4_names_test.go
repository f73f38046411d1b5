package imtest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

// TestV4NamesAreExact: the REST API reads a body's names as its pages
// spell them (UserID, Member_Account, From_Account, MsgType, a text
// element's Text: JSON names
// are case-sensitive, RFC 8259 §8.3), and a name it does not know is
// skipped, so a field sent as "userid" is a field not sent, at any depth,
// even beside the right one. encoding/json alone would take it, and a
// backend whose struct tags are cased wrong would pass every test here
// and fail on Tencent.
func TestV4NamesAreExact(t *testing.T) {
	t.Parallel()
	text := `"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}]`
	for _, tc := range []struct {
		name, path, body string
		code             int
		check            func(t *testing.T, a *v4App)
	}{
		{name: "account_import: userid is no UserID", path: "/v4/im_open_login_svc/account_import",
			body: `{"userid":"carol"}`, code: restapi.CodeInvalidParameter,
			check: func(t *testing.T, a *v4App) { assert.NotContains(t, a.srv.ImportedAccounts(a.id), "carol") }},
		{name: "account_import: the exact name wins, wherever the other stands", path: "/v4/im_open_login_svc/account_import",
			body: `{"UserID":"carol","userId":"dave"}`,
			check: func(t *testing.T, a *v4App) {
				assert.Contains(t, a.srv.ImportedAccounts(a.id), "carol")
				assert.NotContains(t, a.srv.ImportedAccounts(a.id), "dave")
			}},
		{name: "create_group: member_account inside MemberList", path: "/v4/group_open_http_svc/create_group",
			body: `{"Owner_Account":"alice","Type":"Public","Name":"g","GroupId":"g1","MemberList":[{"member_account":"bob"}]}`, code: restapi.CodeGroupInvalidParam,
			check: func(t *testing.T, a *v4App) { assert.Nil(t, a.srv.GroupMembers(a.id, "g1")) }},
		{name: "sendmsg: From_account is not From_Account, so the admin sends", path: "/v4/openim/sendmsg",
			body: `{"From_account":"alice","To_Account":"bob","MsgRandom":1,` + text + `}`,
			check: func(t *testing.T, a *v4App) {
				msgs := a.srv.Conversation(a.id, "administrator", "bob")
				require.Len(t, msgs, 1)
				assert.Equal(t, "administrator", msgs[0].FromAccount)
				assert.Empty(t, a.srv.Conversation(a.id, "alice", "bob"))
			}},
		{name: "sendmsg: a text element's text is no Text", path: "/v4/openim/sendmsg",
			body: `{"From_Account":"alice","To_Account":"bob","MsgRandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"text":"hi"}}]}`,
			check: func(t *testing.T, a *v4App) {
				msgs := a.srv.Conversation(a.id, "alice", "bob")
				require.Len(t, msgs, 1)
				assert.Equal(t, []restapi.Element{restapi.Text("")}, msgs[0].MsgBody, "the content's misnamed field is not sent")
			}},
		{name: "sendmsg: an element's msgtype is no MsgType", path: "/v4/openim/sendmsg",
			body: `{"To_Account":"bob","MsgRandom":1,"MsgBody":[{"msgtype":"TIMTextElem","MsgContent":{"Text":"hi"}}]}`, code: restapi.CodeMsgBodyInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newV4App(t)
			require.NoError(t, a.srv.ImportAccounts(a.id, "alice", "bob"))
			status, raw := a.v4Raw(t, tc.path, tc.body)
			assert.Equal(t, http.StatusOK, status)
			assert.Contains(t, raw, fmt.Sprintf(`"ErrorCode":%d`, tc.code), raw)
			if tc.check != nil {
				tc.check(t, a)
			}
		})
	}
}
