package imconsole_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/conformance"
	"github.com/imconsole/imconsole/internal/consolewire"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/tags"
)

// newRequest returns the request type of a console action or REST command
// the SDK validates before sending, nil for the others.
func newRequest(key string) any {
	switch key {
	case "RegisterIMApp":
		return &apps.CreateRequest{}
	case "DescribeIMApps":
		return &apps.ListOptions{}
	case "ModifyIMAppProfile":
		return &consolewire.UpdateProfileRequest{}
	case "UpgradeIMAppPackage":
		return &consolewire.UpgradeEditionRequest[apps.Edition]{}
	case "AddIMAppAdmin":
		return &consolewire.AddAdminRequest{}
	case "DeleteIMAppAdmin":
		return &consolewire.DeleteAdminRequest{}
	case "tag/ModifyResourceTags":
		return &tagChange{}
	case "DescribePushCertificates":
		return &consolewire.ListCertsRequest[certs.Platform]{}
	case "CreatePushCertificate":
		return &certs.CreateRequest{}
	case "ModifyPushCertificate":
		return &certs.UpdateRequest{}
	case "DeletePushCertificate":
		return &consolewire.DeleteCertRequest{}
	case "im_open_login_svc/account_import":
		return &restapi.Account{}
	case "im_open_login_svc/multiaccount_import":
		return &restapi.MultiAccountImportRequest{}
	case "im_open_login_svc/account_check":
		return &restapi.AccountCheckRequest{}
	case "im_open_login_svc/account_delete":
		return &restapi.AccountDeleteRequest{}
	case "group_open_http_svc/create_group":
		return &restapi.CreateGroupRequest{}
	case "group_open_http_svc/destroy_group":
		return &restapi.DestroyGroupRequest{}
	case "group_open_http_svc/get_group_info":
		return &restapi.GetGroupInfoRequest{}
	case "group_open_http_svc/add_group_member":
		return &restapi.AddGroupMemberRequest{}
	case "group_open_http_svc/delete_group_member":
		return &restapi.DeleteGroupMemberRequest{}
	case "group_open_http_svc/modify_group_base_info":
		return &restapi.ModifyGroupBaseInfoRequest{}
	case "group_open_http_svc/get_group_member_info":
		return &restapi.GetGroupMemberInfoRequest{}
	case "group_open_http_svc/get_joined_group_list":
		return &restapi.GetJoinedGroupListRequest{}
	case "group_open_http_svc/send_group_msg":
		return &restapi.SendGroupMsgRequest{}
	case "group_open_http_svc/send_group_system_notification":
		return &restapi.SendGroupSystemNotificationRequest{}
	case "group_open_http_svc/forbid_send_msg":
		return &restapi.ForbidSendMsgRequest{}
	case "group_open_http_svc/get_group_muted_account":
		return &restapi.GetGroupMutedAccountRequest{}
	case "group_open_http_svc/get_appid_group_list":
		return &restapi.GetAppIDGroupListRequest{}
	case "openim/query_online_status":
		return &restapi.QueryOnlineStatusRequest{}
	case "im_open_login_svc/kick":
		return &restapi.KickRequest{}
	case "profile/portrait_set":
		return &restapi.PortraitSetRequest{}
	case "profile/portrait_get":
		return &restapi.PortraitGetRequest{}
	case "sns/friend_add":
		return &restapi.FriendAddRequest{}
	case "sns/friend_delete":
		return &restapi.FriendDeleteRequest{}
	case "sns/friend_get":
		return &restapi.FriendGetRequest{}
	case "openconfigsvr/setnospeaking":
		return &restapi.MuteRequest{}
	case "openconfigsvr/getnospeaking":
		return &restapi.GetMuteRequest{}
	case "openim/sendmsg":
		return &restapi.SendMsgRequest{}
	case "openim/batchsendmsg":
		return &restapi.BatchSendMsgRequest{}
	case "openim/importmsg":
		return &restapi.ImportMsgRequest{}
	case "openim/admin_getroammsg":
		return &restapi.GetRoamMsgRequest{}
	case "openim/admin_msgwithdraw":
		return &restapi.MsgWithdrawRequest{}
	case "openim/admin_set_msg_read":
		return &restapi.SetMsgReadRequest{}
	case "openim/get_c2c_unread_msg_num":
		return &restapi.C2CUnreadMsgNumRequest{}
	case "group_open_http_svc/group_msg_recall":
		return &restapi.GroupMsgRecallRequest{}
	case "group_open_http_svc/group_msg_get_simple":
		return &restapi.GroupMsgGetSimpleRequest{}
	case "group_open_http_svc/modify_group_member_info":
		return &restapi.ModifyGroupMemberInfoRequest{}
	case "group_open_http_svc/change_group_owner":
		return &restapi.ChangeGroupOwnerRequest{}
	case "sns/friend_check":
		return &restapi.FriendCheckRequest{}
	case "sns/black_list_add":
		return &restapi.BlackListAddRequest{}
	case "sns/black_list_delete":
		return &restapi.BlackListDeleteRequest{}
	case "sns/black_list_get":
		return &restapi.BlackListGetRequest{}
	case "sns/black_list_check":
		return &restapi.BlackListCheckRequest{}
	case "group_open_http_svc/get_role_in_group":
		return &restapi.GetRoleInGroupRequest{}
	case "group_open_http_svc/delete_group_msg_by_sender":
		return &restapi.DeleteGroupMsgBySenderRequest{}
	case "group_open_http_svc/ban_group_member":
		return &restapi.BanGroupMemberRequest{}
	case "group_open_http_svc/unban_group_member":
		return &restapi.UnbanGroupMemberRequest{}
	case "group_open_http_svc/get_group_ban_member":
		return &restapi.GetGroupBanMemberRequest{}
	case "group_open_http_svc/import_group":
		return &restapi.ImportGroupRequest{}
	case "group_open_http_svc/import_group_member":
		return &restapi.ImportGroupMemberRequest{}
	case "group_open_http_svc/import_group_msg":
		return &restapi.ImportGroupMsgRequest{}
	case "group_open_http_svc/set_unread_msg_num":
		return &restapi.SetUnreadMsgNumRequest{}
	case "sns/friend_import":
		return &restapi.FriendImportRequest{}
	case "sns/friend_update":
		return &restapi.FriendUpdateRequest{}
	case "sns/friend_delete_all":
		return &restapi.FriendDeleteAllRequest{}
	case "sns/friend_get_list":
		return &restapi.FriendGetListRequest{}
	case "million_group_open_http_svc/create_topic":
		return &restapi.CreateTopicRequest{}
	case "million_group_open_http_svc/destroy_topic":
		return &restapi.DestroyTopicRequest{}
	case "group_open_http_svc/get_group_counter":
		return &restapi.GetGroupCounterRequest{}
	case "group_open_http_svc/update_group_counter":
		return &restapi.UpdateGroupCounterRequest{}
	case "group_open_http_svc/delete_group_counter":
		return &restapi.DeleteGroupCounterRequest{}
	case "group_open_attr_http_svc/get_group_attr":
		return &restapi.GetGroupAttrRequest{}
	case "group_open_http_svc/modify_group_attr":
		return &restapi.ModifyGroupAttrRequest{}
	case "group_open_http_svc/set_group_attr":
		return &restapi.SetGroupAttrRequest{}
	case "group_open_http_svc/delete_group_attr":
		return &restapi.DeleteGroupAttrRequest{}
	case "group_open_http_svc/clear_group_attr":
		return &restapi.ClearGroupAttrRequest{}
	case "million_group_open_http_svc/get_topic":
		return &restapi.GetTopicRequest{}
	case "million_group_open_http_svc/modify_topic":
		return &restapi.ModifyTopicRequest{}
	case "openim/modify_c2c_msg":
		return &restapi.ModifyC2CMsgRequest{}
	case "openim/delete_c2c_msg_ramble":
		return &restapi.DeleteC2CMsgRambleRequest{}
	case "openim/modify_group_msg":
		return &restapi.ModifyGroupMsgRequest{}
	case "recentcontact/get_list":
		return &restapi.GetConversationListRequest{}
	case "recentcontact/delete":
		return &restapi.DeleteConversationRequest{}
	case "sns/group_add":
		return &restapi.FriendGroupAddRequest{}
	case "sns/group_delete":
		return &restapi.FriendGroupDeleteRequest{}
	case "sns/group_get":
		return &restapi.FriendGroupGetRequest{}
	}
	return nil
}

// tagChange is a ModifyResourceTags body as the SDK's tags.ModifyRequest,
// which names the app by SDKAppID and lists DeleteTagKeys as strings.
type tagChange struct {
	Resource    string
	ReplaceTags []tags.Tag
	DeleteTags  []struct{ TagKey string }
}

// Validate runs tags.ModifyRequest's checks on the change.
func (c *tagChange) Validate() error {
	r := tags.ModifyRequest{ReplaceTags: c.ReplaceTags}
	for _, k := range c.DeleteTags {
		r.DeleteTagKeys = append(r.DeleteTagKeys, k.TagKey)
	}
	return r.Validate()
}

// validateLocally decodes body into the request type of key and runs its
// checks (ValidateAt at now when it has one). ok is false when the SDK
// has no request type for key or the body does not decode into it (an
// unknown field, a number for a string: the SDK's types cannot send it).
func validateLocally(key string, body []byte, now time.Time) (err error, ok bool) {
	req := newRequest(key)
	if req == nil {
		return nil, false
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.DisallowUnknownFields()
	if d.Decode(req) != nil {
		return nil, false
	}
	switch r := req.(type) {
	case interface{ ValidateAt(time.Time) error }:
		return r.ValidateAt(now), true
	case interface{ Validate() error }:
		return r.Validate(), true
	}
	return nil, false
}

// TestConformanceLocal runs the golden conformance table through the SDK's
// own checks: a case marked local must be refused before sending with the
// table's code and message fragment; any other case whose body the SDK can
// express must pass them (only the server decides it). The server side of
// every case is imtest's TestConformance.
func TestConformanceLocal(t *testing.T) {
	t.Parallel()
	cases, err := conformance.Load("testdata/conformance.json")
	require.NoError(t, err)
	now := time.Now()
	fx, err := conformance.NewFixtures(now)
	require.NoError(t, err)
	vars := map[string]uint64{"$APP": 1400000001, "$CERT": 10001, "$UIN": 100000000001, "$NOW": uint64(now.Unix())}
	var refused, passed int
	for _, c := range cases {
		key := c.Action + c.Command
		if c.Service != "" && c.Service != "im" {
			key = c.Service + "/" + key // the other API 3.0 services' actions
		}
		body, err := fx.Expand(c.Request, vars)
		require.NoError(t, err, c.Name)
		err, ok := validateLocally(key, body, now)
		switch {
		case c.Local && !ok:
			t.Errorf("%s: marked local, but the SDK has no request type for %s that takes this body", c.Name, key)
			continue
		case !ok || (!c.Local && (c.Auth != nil || c.RawBody != "")):
			continue // the SDK does not check it before sending, or cannot send it
		case !c.Local:
			passed++
			assert.NoError(t, err, "%s: only the server decides this case; the SDK must not refuse it", c.Name)
			continue
		}
		refused++
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			var diffs []string
			for _, d := range c.Want.Diffs(localCode(err)) {
				diffs = append(diffs, "local "+d)
			}
			conformance.Report(t, c, diffs)
		})
	}
	t.Logf("%d cases: %d refused by the SDK before sending, %d pass its checks (only the server decides them), the rest not checked by the SDK", len(cases), refused, passed)
}

// localCode is the code and message of a local refusal, "" for none.
func localCode(err error) (code, msg string) {
	var ae *client.APIError
	var re *restapi.Error
	switch {
	case err == nil:
		return "", ""
	case errors.As(err, &ae):
		return ae.Code, ae.Message
	case errors.As(err, &re):
		return strconv.Itoa(re.Code), re.Info
	}
	return "not an API error", err.Error()
}

// TestConformanceCoversDocCodes fails when docs/protocol.md lists a code
// the table has no case for (as the answer's code or one of its per-item
// codes), and checks the table's size.
func TestConformanceCoversDocCodes(t *testing.T) {
	t.Parallel()
	cases, err := conformance.Load("testdata/conformance.json")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(cases), conformance.MinCases)
	md, err := os.ReadFile("docs/protocol.md")
	require.NoError(t, err)
	consoleCodes, restCodes := conformance.DocCodes(string(md))
	// The parser must keep finding the lists: a few codes of each kind the
	// document is known to name.
	for _, want := range []string{"AuthFailure.SignatureExpire", "InvalidParameterValue.AppType", "InvalidParameterValue.PackageName", "RequestLimitExceeded", "MissingParameter"} {
		require.Contains(t, consoleCodes, want, "DocCodes no longer reads docs/protocol.md")
	}
	for _, want := range []string{"60002", "70403", "70398", "130004", "110003"} {
		require.Contains(t, restCodes, want, "DocCodes no longer reads docs/protocol.md")
	}
	covered := map[string]map[string]bool{"console": {}, "rest": {}}
	// Numbers docs/protocol.md names in the REST section that no request
	// is answered: the 2017 copy's codes of setnospeaking, the system
	// error a fault injects, and MsgLifeTime's limit in seconds.
	for _, n := range []string{"130006", "130007", "130014", "604800"} {
		covered["rest"][n] = true
	}
	for _, c := range cases {
		covered[c.API][string(c.Want.Code)] = true
		for _, code := range c.Want.ItemCodes { // per-item codes (friend_add's 30539, account_delete's 70107, batchsendmsg's) are covered by the case answering them
			covered[c.API][string(code)] = true
		}
	}
	for api, codes := range map[string][]string{"console": consoleCodes, "rest": restCodes} {
		for _, code := range codes {
			assert.True(t, covered[api][code], "docs/protocol.md lists %s code %s, but testdata/conformance.json has no case for it", api, code)
		}
	}
	t.Logf("docs/protocol.md lists %d console codes and %d REST codes: %s; %s",
		len(consoleCodes), len(restCodes), strings.Join(consoleCodes, " "), strings.Join(slices.Clip(restCodes), " "))
}
