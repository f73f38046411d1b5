package restapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/imconsole/imconsole/restapi"
)

// TestValidateEdges: rules the client and the reference server share
// (both run Validate), each at its edge, so a rule moved by one fails
// here rather than in neither. Sources: create_group's MemberList
// "<=100 initial" (im-facts.md, create_group); a custom Community
// GroupId's prefix ("自定义的社群 ID 前缀必须是@TGS#_", CN 269/75409);
// GroupAtInfo "everyone (GroupAtAllFlag 1) or one
// UserID" (docs/protocol.md, send_group_msg); "all keys and values
// together at most 16 KiB (10048)" (docs/protocol.md, group attributes);
// import_group's CreateTime Unix seconds and import_group_member's
// "JoinTime and UnreadMsgNum not negative (10004)"; "MsgLifeTime 0 to
// 604800: negative is 90044 in the SDK's check too"; friend_add's
// AddSource "starts with AddSource_Type_ and a name" and a custom friend
// tag Tag_SNS_Custom_* with a name (30001, docs/protocol.md, sns).
func TestValidateEdges(t *testing.T) {
	t.Parallel()
	members := func(n int) []restapi.GroupMember {
		out := make([]restapi.GroupMember, n)
		for i := range out {
			out[i].MemberAccount = fmt.Sprintf("u%03d", i)
		}
		return out
	}
	attrs := func(total int) []restapi.GroupAttribute { // 5 attributes whose keys and values are total bytes
		out := []restapi.GroupAttribute{}
		for i := range 4 {
			out = append(out, restapi.GroupAttribute{Key: fmt.Sprintf("k%d", i), Value: strings.Repeat("v", restapi.MaxGroupAttributeValueBytes)})
		}
		return append(out, restapi.GroupAttribute{Key: "k4", Value: strings.Repeat("v", total-5*2-4*restapi.MaxGroupAttributeValueBytes)})
	}
	minus := -1
	week := restapi.MaxMsgLifeTime
	text := []restapi.Element{restapi.Text("hi")}
	for _, tc := range []struct {
		name string
		req  interface{ Validate() error }
		code int // 0: valid
	}{
		{"100 initial members", &restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g", MemberList: members(100)}, 0},
		{"101 initial members", &restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g", MemberList: members(101)}, restapi.CodeGroupInvalidParam},
		{"a custom Community GroupId with @TGS#_", &restapi.CreateGroupRequest{Type: restapi.GroupCommunity, Name: "c", GroupID: "@TGS#_club"}, 0},
		{"a custom Community GroupId without @TGS#_", &restapi.CreateGroupRequest{Type: restapi.GroupCommunity, Name: "c", GroupID: "club"}, restapi.CodeGroupIDInvalid},
		{"@ everyone", &restapi.SendGroupMsgRequest{GroupID: "g", MsgBody: text, GroupAtInfo: []restapi.GroupAt{{GroupAtAllFlag: 1}}}, 0},
		{"@ everyone naming an account", &restapi.SendGroupMsgRequest{GroupID: "g", MsgBody: text, GroupAtInfo: []restapi.GroupAt{{GroupAtAllFlag: 1, GroupAtAccount: "bob"}}}, restapi.CodeGroupInvalidParam},
		{"attributes of exactly 16 KiB", &restapi.SetGroupAttrRequest{GroupID: "g", Attributes: attrs(restapi.MaxGroupAttributesBytes)}, 0},
		{"attributes one byte over 16 KiB", &restapi.ModifyGroupAttrRequest{GroupID: "g", Attributes: attrs(restapi.MaxGroupAttributesBytes + 1)}, restapi.CodeGroupAttrTooLarge},
		{"an imported group's CreateTime 0", &restapi.ImportGroupRequest{CreateGroupRequest: restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g"}}, 0},
		{"an imported group's CreateTime negative", &restapi.ImportGroupRequest{CreateGroupRequest: restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g"}, CreateTime: -1}, restapi.CodeGroupInvalidParam},
		{"an imported member's JoinTime 0", &restapi.ImportGroupMemberRequest{GroupID: "g", MemberList: []restapi.ImportedMember{{MemberAccount: "bob"}}}, 0},
		{"an imported member's JoinTime negative", &restapi.ImportGroupMemberRequest{GroupID: "g", MemberList: []restapi.ImportedMember{{MemberAccount: "bob", JoinTime: -1}}}, restapi.CodeGroupInvalidParam},
		{"MsgLifeTime 7 days", &restapi.SendMsgRequest{ToAccount: "bob", MsgBody: text, MsgLifeTime: &week}, 0},
		{"MsgLifeTime negative", &restapi.SendMsgRequest{ToAccount: "bob", MsgBody: text, MsgLifeTime: &minus}, restapi.CodeMsgLifeTimeInvalid},
		{"AddSource with a name", &restapi.FriendAddRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "AddSource_Type_Web"}}}, 0},
		{"AddSource without a name", &restapi.FriendAddRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: restapi.AddSourcePrefix}}}, restapi.CodeSNSInvalid},
		{"a custom friend tag with a name", &restapi.FriendUpdateRequest{FromAccount: "alice", UpdateItem: []restapi.FriendUpdateItem{{ToAccount: "bob",
			SnsItem: []restapi.SnsItem{{Tag: "Tag_SNS_Custom_Level", Value: "x"}}}}}, 0},
		{"a custom friend tag without a name", &restapi.FriendUpdateRequest{FromAccount: "alice", UpdateItem: []restapi.FriendUpdateItem{{ToAccount: "bob",
			SnsItem: []restapi.SnsItem{{Tag: restapi.CustomFriendTagPrefix, Value: "x"}}}}}, restapi.CodeSNSInvalid},
	} {
		err := tc.req.Validate()
		if tc.code == 0 {
			assert.NoError(t, err, tc.name)
		} else {
			assert.True(t, restapi.HasCode(err, tc.code), "%s: %v, want %d", tc.name, err, tc.code)
		}
	}
}
