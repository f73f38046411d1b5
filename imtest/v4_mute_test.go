package imtest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
)

// TestV4MuteCodes: raw setnospeaking and getnospeaking bodies answer the
// codes of their pages: 130001 "JSON 格式解析失败", 130004 "没有 Set_Account
// 字段", 130005 "Set_Account 字段无效", 130008 "GroupmsgNospeakingTime 和
// C2CmsgNospeakingTime 这两个字段都没有填写" (CN 4230, INTL zh 34923); 130002
// "没有Get_Account字段", 130003 Get_Account "不是String类型" (a 2017 copy of
// CN 4229); 70107 for an account never imported (im-facts.md, public
// codes). A time that is not a uint32 answers 130001 (chosen: the page has
// no code of its own for it, docs/protocol.md).
func TestV4MuteCodes(t *testing.T) {
	t.Parallel()
	const (
		pathSet = "/v4/openconfigsvr/setnospeaking"
		pathGet = "/v4/openconfigsvr/getnospeaking"
	)
	long := strings.Repeat("a", 33)
	for _, tc := range []struct {
		name, path, body string
		code             int
	}{
		{"set: valid", pathSet, `{"Set_Account":"alice","C2CmsgNospeakingTime":60}`, 0},
		{"set: body not JSON", pathSet, `{"Set_Account":`, 130001},
		{"set: body a JSON array", pathSet, `[]`, 130001},
		{"set: a time not a number", pathSet, `{"Set_Account":"alice","C2CmsgNospeakingTime":"60"}`, 130001},
		{"set: a negative time", pathSet, `{"Set_Account":"alice","GroupmsgNospeakingTime":-1}`, 130001},
		{"set: a time over 4294967295", pathSet, `{"Set_Account":"alice","GroupmsgNospeakingTime":4294967296}`, 130001},
		{"set: no Set_Account", pathSet, `{"C2CmsgNospeakingTime":60}`, 130004},
		{"set: an empty Set_Account", pathSet, `{"Set_Account":"","C2CmsgNospeakingTime":60}`, 130004},
		{"set: a Set_Account not a string", pathSet, `{"Set_Account":7,"C2CmsgNospeakingTime":60}`, 130005},
		{"set: a Set_Account over 32 bytes", pathSet, fmt.Sprintf(`{"Set_Account":%q,"C2CmsgNospeakingTime":60}`, long), 130005},
		{"set: no time", pathSet, `{"Set_Account":"alice"}`, 130008},
		{"set: an account never imported", pathSet, `{"Set_Account":"ghost","C2CmsgNospeakingTime":60}`, 70107},
		{"get: valid", pathGet, `{"Get_Account":"alice"}`, 0},
		{"get: body not JSON", pathGet, `not json`, 130001},
		{"get: no Get_Account", pathGet, `{}`, 130002},
		{"get: a Get_Account not a string", pathGet, `{"Get_Account":["alice"]}`, 130003},
		{"get: a Get_Account over 32 bytes", pathGet, fmt.Sprintf(`{"Get_Account":%q}`, long), 130003},
		{"get: an account never imported", pathGet, `{"Get_Account":"ghost"}`, 70107},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newV4App(t)
			require.NoError(t, a.srv.ImportAccounts(a.id, "alice"))
			assert.NoError(t, v4Answered(a.srv, tc.path, a.query("administrator", a.sig(t, "administrator")), tc.body, tc.code))
		})
	}
}

// TestAVChatRoomListsItsMutedAccounts: an AVChatRoom keeps no members
// (add_group_member answers 10007), yet forbid_send_msg mutes in it (B11:
// only Private/Work is unsupported), so get_group_muted_account lists the
// accounts muted in it, by UserID, until their mutes end.
func TestAVChatRoomListsItsMutedAccounts(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	srv := fixedServer(t)
	rc, _ := restClient(t, srv, []string{"bob", "carol"})
	id, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupAVChatRoom, Name: "live", GroupID: "live"})
	require.NoError(t, err)
	require.NoError(t, rc.Groups.MuteMembers(ctx, id, time.Hour, "carol", "bob"))
	require.NoError(t, rc.Groups.MuteMembers(ctx, id, restapi.MuteForever, "alice"))
	muted, err := rc.Groups.MutedMembers(ctx, id)
	require.NoError(t, err)
	until := srv.Now().Add(time.Hour).Unix()
	assert.Equal(t, []restapi.MutedMember{
		{MemberAccount: "alice", MutedUntil: int64(restapi.MutedForever)},
		{MemberAccount: "bob", MutedUntil: until},
		{MemberAccount: "carol", MutedUntil: until},
	}, muted)
	srv.Advance(time.Hour + time.Second)
	muted, err = rc.Groups.MutedMembers(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, []restapi.MutedMember{{MemberAccount: "alice", MutedUntil: int64(restapi.MutedForever)}}, muted, "the hour's mutes ended")
}
