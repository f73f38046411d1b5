package restapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// The actions of the group custom attribute commands, for RequestsFor.
const (
	getAttrAction    = restapi.ServiceGroupAttr + "/" + restapi.CommandGetGroupAttr
	modifyAttrAction = restapi.ServiceGroup + "/" + restapi.CommandModifyGroupAttr
	setAttrAction    = restapi.ServiceGroup + "/" + restapi.CommandSetGroupAttr
	deleteAttrAction = restapi.ServiceGroup + "/" + restapi.CommandDeleteGroupAttr
	clearAttrAction  = restapi.ServiceGroup + "/" + restapi.CommandClearGroupAttr
)

// newAttrGroups is a Trial app (the attribute pages name no edition) with
// a Public group pub, an AVChatRoom live and a Community club, on a
// server whose clock stands still: every write falls in one second until
// the test advances it.
func newAttrGroups(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, "alice")
	f.createGroups(t,
		&restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub"},
		&restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupAVChatRoom, Name: "live", GroupID: "live"},
		&restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "c", GroupID: "@TGS#_club"})
	return f
}

// attr is a GroupAttribute.
func attr(key, value string) restapi.GroupAttribute {
	return restapi.GroupAttribute{Key: key, Value: value}
}

// TestGroupAttributes: modify_group_attr sets the keys given and keeps
// the others ("修改群自定义属性", INTL 1047/44188), set_group_attr replaces
// them all ("reset custom group attributes", INTL 1047/44190),
// delete_group_attr deletes the keys given (INTL 1047/59499),
// clear_group_attr every one (INTL 1047/44189), and get_group_attr, on
// its own service group_open_attr_http_svc, answers them as GroupAttrAry
// (INTL 1047/44187). Every type has them ("Community | Yes" on all pages
// but clear_group_attr's). destroy_group drops a group's attributes: a
// group made again with the ID has none.
func TestGroupAttributes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newAttrGroups(t)
	gs := f.rc.Groups
	get := func(groupID string) []restapi.GroupAttribute {
		t.Helper()
		got, err := gs.Attributes(ctx, groupID)
		require.NoError(t, err)
		return got
	}

	assert.Empty(t, get("pub"), "a new group has no attributes")
	require.NoError(t, gs.ModifyAttributes(ctx, "pub", attr("a", "1"), attr("b", "2")))
	assert.Equal(t, []restapi.GroupAttribute{attr("a", "1"), attr("b", "2")}, get("pub"))
	require.NoError(t, gs.ModifyAttributes(ctx, "pub", attr("b", "22"), attr("c", "")))
	assert.Equal(t, []restapi.GroupAttribute{attr("a", "1"), attr("b", "22"), attr("c", "")}, get("pub"),
		"the keys given changed in place, a new one added after; an empty value is one (chosen)")
	require.NoError(t, gs.SetAttributes(ctx, "pub", attr("x", "9"), attr("a", "0")))
	assert.Equal(t, []restapi.GroupAttribute{attr("x", "9"), attr("a", "0")}, get("pub"), "reset: only the attributes given, in their order")
	require.NoError(t, gs.DeleteAttributes(ctx, "pub", "x"))
	assert.Equal(t, []restapi.GroupAttribute{attr("a", "0")}, get("pub"))
	require.NoError(t, gs.ClearAttributes(ctx, "pub"), "the fifth write of pub this second")
	assert.Empty(t, get("pub"))
	f.srv.Advance(time.Second)
	require.NoError(t, gs.ClearAttributes(ctx, "pub"), "clearing a group without attributes (chosen)")

	club := "@TGS#_club"
	require.NoError(t, gs.SetAttributes(ctx, club, attr("rules", "be kind")))
	require.NoError(t, gs.ModifyAttributes(ctx, club, attr("topic", "go")))
	require.NoError(t, gs.DeleteAttributes(ctx, club, "rules"))
	assert.Equal(t, []restapi.GroupAttribute{attr("topic", "go")}, get(club), "a Community has attributes")
	err := gs.ClearAttributes(ctx, club)
	require.True(t, restapi.HasCode(err, restapi.CodeGroupNoPermission), "%v: clear_group_attr's Community | No", err)
	assert.ErrorIs(t, err, restapi.ErrForbidden)

	require.NoError(t, gs.SetAttributes(ctx, "live", attr("stage", "on")))
	require.NoError(t, gs.Destroy(ctx, "live"))
	_, err = gs.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupAVChatRoom, Name: "live", GroupID: "live"})
	require.NoError(t, err)
	assert.Empty(t, get("live"), "destroy_group dropped the attributes")

	assert.Len(t, f.srv.RequestsFor(getAttrAction), 8, "get_group_attr goes to group_open_attr_http_svc")
	assert.Len(t, f.srv.RequestsFor(modifyAttrAction), 3)
	assert.Len(t, f.srv.RequestsFor(clearAttrAction), 3)
}

// TestGroupAttributeWire: the bodies are Tencent's, with the lowercase
// "key" and "value" of the pages' samples ({"GroupId": ..., "GroupAttr":
// [{"key": "attr_key", "value": "attr_val"}]}; delete_group_attr's items
// carry only "key").
func TestGroupAttributeWire(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newAttrGroups(t)
	require.NoError(t, f.rc.Groups.SetAttributes(ctx, "pub", attr("attr_key", "attr_val")))
	require.NoError(t, f.rc.Groups.ModifyAttributes(ctx, "pub", attr("attr_key1", "attr_val1")))
	require.NoError(t, f.rc.Groups.DeleteAttributes(ctx, "pub", "attr_key"))
	require.NoError(t, f.rc.Groups.ClearAttributes(ctx, "pub"))
	_, err := f.rc.Groups.Attributes(ctx, "pub")
	require.NoError(t, err)
	for action, want := range map[string]string{
		setAttrAction:    `{"GroupId":"pub","GroupAttr":[{"key":"attr_key","value":"attr_val"}]}`,
		modifyAttrAction: `{"GroupId":"pub","GroupAttr":[{"key":"attr_key1","value":"attr_val1"}]}`,
		deleteAttrAction: `{"GroupId":"pub","GroupAttr":[{"key":"attr_key"}]}`,
		clearAttrAction:  `{"GroupId":"pub"}`,
		getAttrAction:    `{"GroupId":"pub"}`,
	} {
		reqs := f.srv.RequestsFor(action)
		require.Len(t, reqs, 1, action)
		assert.JSONEq(t, want, string(reqs[0].Body), action)
	}
}

// TestGroupAttributeLimits: 16 keys of up to 32 bytes with values of up
// to 4000 bytes fit ("key 最大数量16个，key 最大长度为32个字节；value 最大长度为
// 4000字节", CN 269/67010); a 17th key is 10047 ("自定义属性 key 数量超过限制，
// 最大为16个", set_group_attr's table), checked locally for a request and by
// the server for the group, which then keeps its attributes; all of a
// group's keys and values are at most 16 KiB ("总的 attributes（包括 key 和
// value）限制为16k", the SDKs; chosen), 10048 otherwise.
func TestGroupAttributeLimits(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newAttrGroups(t)
	gs := f.rc.Groups
	sixteen := make([]restapi.GroupAttribute, restapi.MaxGroupAttributes)
	for i := range sixteen {
		sixteen[i] = attr(fmt.Sprintf("k%02d", i), "v")
	}
	sixteen[0].Key = strings.Repeat("k", restapi.MaxGroupAttributeKeyBytes)
	sixteen[1].Value = strings.Repeat("v", restapi.MaxGroupAttributeValueBytes)
	require.NoError(t, gs.SetAttributes(ctx, "pub", sixteen...), "16 keys, a 32-byte key, a 4000-byte value")

	err := gs.ModifyAttributes(ctx, "pub", attr("k16", "v"))
	require.True(t, restapi.HasCode(err, restapi.CodeGroupAttrTooMany), "%v", err)
	assert.Len(t, f.srv.RequestsFor(modifyAttrAction), 1, "the server refused the 17th key")
	all, err := gs.Attributes(ctx, "pub")
	require.NoError(t, err)
	assert.Equal(t, sixteen, all, "a refused modify changes nothing")
	require.NoError(t, gs.ModifyAttributes(ctx, "pub", attr("k15", "changed")), "changing one of 16 keys adds none")

	err = gs.SetAttributes(ctx, "pub", append(sixteen, attr("k16", "v"))...)
	require.True(t, restapi.HasCode(err, restapi.CodeGroupAttrTooMany), "%v", err)
	assert.Len(t, f.srv.RequestsFor(setAttrAction), 1, "17 attributes in a request are refused before sending")

	big := strings.Repeat("v", restapi.MaxGroupAttributeValueBytes)
	four := []restapi.GroupAttribute{attr("b0", big), attr("b1", big), attr("b2", big), attr("b3", big)} // 16 008 bytes
	require.NoError(t, gs.SetAttributes(ctx, "live", four...))
	err = gs.ModifyAttributes(ctx, "live", attr("b4", strings.Repeat("v", 400)))
	require.True(t, restapi.HasCode(err, restapi.CodeGroupAttrTooLarge), "%v: 16 410 bytes after the change", err)
	assert.Len(t, f.srv.RequestsFor(modifyAttrAction), 3, "the server refused it")
	err = gs.SetAttributes(ctx, "live", append(four, attr("b4", big))...)
	require.True(t, restapi.HasCode(err, restapi.CodeGroupAttrTooLarge), "%v", err)
	assert.Len(t, f.srv.RequestsFor(setAttrAction), 2, "refused before sending")
	kept, err := gs.Attributes(ctx, "live")
	require.NoError(t, err)
	assert.Equal(t, four, kept)
}

// TestGroupAttributeWriteRate: "单个群自定义属性写操作超频，增加删除修改合计写操作
// 5次/s" (10049, delete_group_attr's table, INTL 1047/59499), on the
// server's clock: five writes of a group in a second, whatever the
// command, and the sixth is 10049 and changes nothing; a refused write
// takes none of the five (chosen), reads take none, another group has
// its own five, and the next second has five again.
func TestGroupAttributeWriteRate(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newAttrGroups(t)
	gs := f.rc.Groups
	require.True(t, restapi.HasCode(gs.DeleteAttributes(ctx, "pub", "nosuch"), restapi.CodeGroupAttrNotFound), "refused: not counted")
	for i, write := range []func() error{
		func() error { return gs.SetAttributes(ctx, "pub", attr("a", "1")) },
		func() error { return gs.ModifyAttributes(ctx, "pub", attr("b", "2")) },
		func() error { return gs.DeleteAttributes(ctx, "pub", "a") },
		func() error { return gs.ClearAttributes(ctx, "pub") },
		func() error { return gs.ModifyAttributes(ctx, "pub", attr("c", "3")) },
	} {
		require.NoError(t, write(), "write %d", i+1)
		_, err := gs.Attributes(ctx, "pub")
		require.NoError(t, err)
	}
	err := gs.ModifyAttributes(ctx, "pub", attr("d", "4"))
	require.True(t, restapi.HasCode(err, restapi.CodeGroupAttrWriteRate), "%v", err)
	assert.True(t, restapi.HasCode(gs.ClearAttributes(ctx, "pub"), restapi.CodeGroupAttrWriteRate))
	require.NoError(t, gs.SetAttributes(ctx, "live", attr("d", "4")), "another group's writes are its own")
	got, err := gs.Attributes(ctx, "pub")
	require.NoError(t, err)
	assert.Equal(t, []restapi.GroupAttribute{attr("c", "3")}, got, "the refused writes changed nothing")

	f.srv.Advance(time.Second)
	require.NoError(t, gs.ModifyAttributes(ctx, "pub", attr("d", "4")), "a new second")
}

// TestGroupAttributeWriteRateOff: a server whose v4 rate limits are off
// (imtest.WithV4RateLimit(0)) counts no attribute writes either.
func TestGroupAttributeWriteRateOff(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newUnlimitedFixture(t, apps.EditionTrial, "alice")
	f.createGroups(t, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub"})
	for i := range 2 * restapi.MaxGroupAttributeWritesPerGroup {
		require.NoError(t, f.rc.Groups.ModifyAttributes(ctx, "pub", attr("n", fmt.Sprint(i))), "write %d", i+1)
	}
}

// TestGroupAttributeCodes: the codes of the tables (get_group_attr's
// 10004 "参数非法", 10010 "群组不存在", 10015 "群组 ID 非法"; set_group_attr's
// 10045-10048; delete_group_attr's 10045, 10049, 10050; clear_group_attr's
// Community, 10007), the local ones answered before sending with the
// command's own service.
func TestGroupAttributeCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newAttrGroups(t)
	gs := f.rc.Groups
	require.NoError(t, gs.SetAttributes(ctx, "pub", attr("a", "1")))
	for range restapi.MaxGroupAttributeWritesPerGroup {
		require.NoError(t, gs.ModifyAttributes(ctx, "live", attr("n", "1")))
	}
	badID := strings.Repeat("g", 49)
	long := strings.Repeat("k", restapi.MaxGroupAttributeKeyBytes+1)
	seventeen := make([]restapi.GroupAttribute, restapi.MaxGroupAttributes+1)
	for i := range seventeen {
		seventeen[i] = attr(fmt.Sprintf("k%02d", i), "v")
	}
	big := strings.Repeat("v", restapi.MaxGroupAttributeValueBytes)
	modify := func(groupID string, attrs ...restapi.GroupAttribute) func() error {
		return func() error { return gs.ModifyAttributes(ctx, groupID, attrs...) }
	}
	set := func(groupID string, attrs ...restapi.GroupAttribute) func() error {
		return func() error { return gs.SetAttributes(ctx, groupID, attrs...) }
	}
	del := func(groupID string, keys ...string) func() error {
		return func() error { return gs.DeleteAttributes(ctx, groupID, keys...) }
	}
	runCodeCases(t, []int{10004, 10007, 10010, 10015, 10045, 10046, 10047, 10048, 10049, 10050}, []codeCase{
		{"get in an unknown group", func() error { _, err := gs.Attributes(ctx, "nosuch"); return err }, 10010},
		{"get without a GroupId", func() error { _, err := gs.Attributes(ctx, ""); return err }, 10004},
		{"get with a GroupId that cannot be one", func() error { _, err := gs.Attributes(ctx, badID); return err }, 10015},
		{"modify in an unknown group", modify("nosuch", attr("a", "1")), 10010},
		{"modify of no attribute (chosen)", modify("pub"), 10004},
		{"modify with an empty key (chosen)", modify("pub", attr("", "1")), 10004},
		{"modify with a key twice (chosen)", modify("pub", attr("a", "1"), attr("a", "2")), 10004},
		{"modify with a 33-byte key", modify("pub", attr(long, "1")), 10045},
		{"modify with a 4001-byte value", modify("pub", attr("a", big+"v")), 10046},
		{"modify of 17 keys", modify("pub", seventeen...), 10047},
		{"modify past 16 KiB", modify("pub", attr("b0", big), attr("b1", big), attr("b2", big), attr("b3", big), attr("b4", big)), 10048},
		{"modify with a GroupId that cannot be one", modify(badID, attr("a", "1")), 10015},
		{"modify of a sixth write this second", modify("live", attr("n", "2")), 10049},
		{"set in an unknown group", set("nosuch", attr("a", "1")), 10010},
		{"set of no attribute (chosen)", set("pub"), 10004},
		{"set with a 33-byte key", set("pub", attr(long, "1")), 10045},
		{"set with a 4001-byte value", set("pub", attr("a", big+"v")), 10046},
		{"set of 17 keys", set("pub", seventeen...), 10047},
		{"set of a sixth write this second", set("live", attr("n", "2")), 10049},
		{"delete in an unknown group", del("nosuch", "a"), 10010},
		{"delete of no key (chosen)", del("pub"), 10004},
		{"delete with a 33-byte key", del("pub", long), 10045},
		{"delete of a key the group lacks", del("pub", "a", "nosuch"), 10050},
		{"delete of a sixth write this second", del("live", "n"), 10049},
		{"delete with a GroupId that cannot be one", del(badID, "a"), 10015},
		{"clear in an unknown group", func() error { return gs.ClearAttributes(ctx, "nosuch") }, 10010},
		{"clear in a Community", func() error { return gs.ClearAttributes(ctx, "@TGS#_club") }, 10007},
		{"clear without a GroupId", func() error { return gs.ClearAttributes(ctx, "") }, 10004},
		{"clear of a sixth write this second", func() error { return gs.ClearAttributes(ctx, "live") }, 10049},
	})

	t.Run("local errors name the command's service", func(t *testing.T) {
		t.Parallel()
		var e *restapi.Error
		_, err := gs.Attributes(ctx, "")
		require.ErrorAs(t, err, &e)
		assert.Equal(t, restapi.ServiceGroupAttr, e.Service)
		require.ErrorAs(t, gs.ModifyAttributes(ctx, "pub"), &e)
		assert.Equal(t, restapi.ServiceGroup, e.Service)
		assert.Equal(t, restapi.CommandModifyGroupAttr, e.Command)
	})
}

// TestGroupAttributeRetries: get_group_attr is a read, resent after a
// 5xx; the writes are sent once (a resent modify could be applied twice).
func TestGroupAttributeRetries(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newAttrGroups(t)
	for _, tc := range []struct {
		action string
		call   func() error
		sent   int
	}{
		{getAttrAction, func() error { _, err := f.rc.Groups.Attributes(ctx, "pub"); return err }, 2},
		{modifyAttrAction, func() error { return f.rc.Groups.ModifyAttributes(ctx, "pub", attr("a", "1")) }, 1},
		{setAttrAction, func() error { return f.rc.Groups.SetAttributes(ctx, "pub", attr("a", "1")) }, 1},
		{deleteAttrAction, func() error { return f.rc.Groups.DeleteAttributes(ctx, "pub", "a") }, 1},
		{clearAttrAction, func() error { return f.rc.Groups.ClearAttributes(ctx, "pub") }, 1},
	} {
		f.srv.Inject(imtest.Fault{Action: tc.action, HTTPStatus: http.StatusBadGateway})
		err := tc.call()
		if tc.sent == 2 {
			require.NoError(t, err, tc.action)
		} else {
			require.ErrorIs(t, err, restapi.ErrServerFailure, tc.action)
		}
		assert.Len(t, f.srv.RequestsFor(tc.action), tc.sent, tc.action)
	}
}
