package restapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// Times of Tencent's own samples: import_group's "CreateTime": 1448357837
// and import_group_msg's "SendTime":1620808101 and 1620892821 (INTL
// 1047/34967, 1047/34968), both before the server's clock.
const (
	importCreated = 1448357837
	importSent1   = 1620808101
	importSent2   = 1620892821
)

// newImportFixture has alice, bob, carol and dave imported, and a hook
// that counts every callback the server sends.
func newImportFixture(t *testing.T) (*fixture, func() int) {
	t.Helper()
	f := newFixture(t, "alice", "bob", "carol", "dave")
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`))
	}))
	t.Cleanup(hook.Close)
	require.NoError(t, f.srv.SetCallback(f.id, imtest.CallbackConfig{URL: hook.URL}))
	return f, func() int { return len(f.srv.CallbackDeliveries(f.id)) }
}

// importGroup imports a group id of typ owned by alice, created at
// importCreated.
func importGroup(t *testing.T, f *fixture, id string, typ restapi.GroupType) {
	t.Helper()
	got, err := f.rc.Groups.Import(t.Context(), &restapi.ImportGroupRequest{CreateGroupRequest: restapi.CreateGroupRequest{
		OwnerAccount: "alice", Type: typ, Name: "TestGroup", GroupID: id}, CreateTime: importCreated})
	require.NoError(t, err)
	require.Equal(t, id, got)
}

// TestImportShowsInReads: a group, its members and its messages imported
// show in get_group_info (CreateTime: "Group creation time (optional). If
// this field is not specified, the default creation time is the request
// time", INTL 1047/34967), get_group_member_info (Role "Currently, only
// Admin is supported. If this field is not specified, the value Member",
// JoinTime, INTL 1047/34969) and group_msg_get_simple (ImportMsgResult
// [{MsgSeq, MsgTime, Result 0}], INTL 1047/34968), and no callback is
// sent ("without triggering callbacks or delivering notifications", all
// three pages; set_unread_msg_num: "no callback is triggered", 34909).
func TestImportShowsInReads(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f, callbacks := newImportFixture(t)
	importGroup(t, f, "old", restapi.GroupPublic)

	infos, err := f.rc.Groups.Get(ctx, "old")
	require.NoError(t, err)
	require.Len(t, infos, 1)
	assert.EqualValues(t, importCreated, infos[0].CreateTime)
	assert.Equal(t, "alice", infos[0].OwnerAccount)

	results, err := f.rc.Groups.ImportMembers(ctx, &restapi.ImportGroupMemberRequest{GroupID: "old", MemberList: []restapi.ImportedMember{
		{MemberAccount: "bob", Role: restapi.RoleAdmin, JoinTime: importCreated + 20, UnreadMsgNum: 5},
		{MemberAccount: "carol", JoinTime: importCreated + 40},
		{MemberAccount: "alice"},
		{MemberAccount: "dave", JoinTime: importCreated}, // not after CreateTime
	}})
	require.NoError(t, err)
	assert.Equal(t, []restapi.ImportMemberResult{
		{MemberAccount: "bob", Result: restapi.ImportMemberOK},
		{MemberAccount: "carol", Result: restapi.ImportMemberOK},
		{MemberAccount: "alice", Result: restapi.ImportMemberExisted},
		{MemberAccount: "dave", Result: restapi.ImportMemberFailed},
	}, results)
	members := collect(t, f.rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: "old"}))
	require.Len(t, members, 3)
	assert.Equal(t, restapi.GroupMemberInfo{MemberAccount: "alice", Role: restapi.RoleOwner, JoinTime: importCreated}, members[0])
	assert.Equal(t, restapi.GroupMemberInfo{MemberAccount: "bob", Role: restapi.RoleAdmin, JoinTime: importCreated + 20}, members[1])
	assert.Equal(t, restapi.GroupMemberInfo{MemberAccount: "carol", Role: restapi.RoleMember, JoinTime: importCreated + 40}, members[2])
	assert.Equal(t, map[string]int{"bob": 0, "carol": 0}, f.srv.GroupUnread(f.id, "old"),
		"5 unread in a group of no messages: at most the group's count")

	msgs, err := f.rc.Groups.ImportMessages(ctx, &restapi.ImportGroupMsgRequest{GroupID: "old", RecentContactFlag: 1, MsgList: []restapi.ImportedMsg{
		{FromAccount: "bob", SendTime: importSent1, Random: 8912345, MsgBody: hello("red packet")},
		{FromAccount: "carol", SendTime: importSent2, MsgBody: hello("thanks")},
	}})
	require.NoError(t, err)
	assert.Equal(t, []restapi.ImportMsgResult{{MsgSeq: 1, MsgTime: importSent1}, {MsgSeq: 2, MsgTime: importSent2}}, msgs)
	history := collect(t, f.rc.Groups.History(ctx, restapi.GroupMsgGetSimpleRequest{GroupID: "old"}))
	require.Len(t, history, 2)
	assert.Equal(t, []uint64{2, 1}, []uint64{history[0].MsgSeq, history[1].MsgSeq}, "newest first")
	assert.Equal(t, "carol", history[0].FromAccount)
	assert.EqualValues(t, importSent2, history[0].MsgTimeStamp)
	assert.EqualValues(t, 8912345, history[1].MsgRandom)
	assert.Equal(t, hello("red packet"), history[1].MsgBody)
	assert.Nil(t, f.srv.GroupUnread(f.id, "old"), "imported messages leave every member 0 unread")

	// set_unread_msg_num after the messages: "If the unread message count
	// specified by this API is greater than the current number of messages
	// in the group, the unread message count will be set to the current
	// number of messages in the group" (34909).
	require.NoError(t, f.rc.Groups.SetMemberUnread(ctx, "old", "bob", 1))
	require.NoError(t, f.rc.Groups.SetMemberUnread(ctx, "old", "carol", 9))
	assert.Equal(t, map[string]int{"bob": 1, "carol": 2}, f.srv.GroupUnread(f.id, "old"))

	infos, err = f.rc.Groups.Get(ctx, "old")
	require.NoError(t, err)
	assert.EqualValues(t, importSent2, infos[0].LastMsgTime)
	assert.EqualValues(t, 3, infos[0].NextMsgSeq)
	assert.Zero(t, callbacks(), "no command of a migration triggers a callback")
}

// TestImportDefaults: import_group without CreateTime is created at the
// request time ("If this field is not specified, the default creation
// time is the request time", 34967), a member without JoinTime joins
// then, and a ChatRoom keeps no unread count without failing ("ChatRoom
// and AVChatroom (audio-video) groups do not support unread message
// counts ... If you try to do so, no error will be returned", 34909).
func TestImportDefaults(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob")
	id, err := f.rc.Groups.Import(ctx, &restapi.ImportGroupRequest{CreateGroupRequest: restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupChatRoom, Name: "m"}})
	require.NoError(t, err)
	now := f.srv.Now().Unix()
	infos, err := f.rc.Groups.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, now, infos[0].CreateTime)
	_, err = f.rc.Groups.ImportMembers(ctx, &restapi.ImportGroupMemberRequest{GroupID: id, MemberList: []restapi.ImportedMember{{MemberAccount: "bob", UnreadMsgNum: 3}}})
	require.NoError(t, err)
	assert.Equal(t, now, member(t, f, id, "bob").JoinTime)
	require.NoError(t, f.rc.Groups.SetMemberUnread(ctx, id, "bob", 1))
	assert.Nil(t, f.srv.GroupUnread(f.id, id), "a ChatRoom keeps no unread counts")

	_, err = f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupAVChatRoom, Name: "live", GroupID: "live"})
	require.NoError(t, err)
	assert.NoError(t, f.rc.Groups.SetMemberUnread(ctx, "live", "bob", 1), "no error for an AVChatRoom either")
}

// TestImportMessagesPerMessageResults: each message answers its own
// Result (34968: "0: the message was imported successfully. 10004: the
// sending time of the message is invalid. ... 80002: the message content
// exceeds the limit of 8,000 bytes"); "The messages must be imported in
// ascending order by timestamp, and the timestamps of imported messages
// must be earlier than the current time, and later than the group
// creation time and the creation time of the latest message in the
// group. Otherwise, the import will fail"; a Random repeated within five
// minutes is dropped ("If the random numbers of two messages within five
// minutes are the same, the later message will be discarded as a
// repeated message").
func TestImportMessagesPerMessageResults(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f, _ := newImportFixture(t)
	importGroup(t, f, "old", restapi.GroupPrivate)
	now := f.srv.Now().Unix()
	big := strings.Repeat("x", restapi.MaxGroupMsgBodyBytes)
	got, err := f.rc.Groups.ImportMessages(ctx, &restapi.ImportGroupMsgRequest{GroupID: "old", MsgList: []restapi.ImportedMsg{
		{FromAccount: "bob", SendTime: importCreated, MsgBody: hello("at creation")},
		{FromAccount: "bob", SendTime: importSent2, Random: 7, MsgBody: hello("second")},
		{FromAccount: "bob", SendTime: importSent1, MsgBody: hello("out of order")},
		{FromAccount: "bob", SendTime: importSent2 + 60, Random: 7, MsgBody: hello("repeat")},
		{FromAccount: "bob", SendTime: importSent2 + 400, MsgBody: hello(big)},
		{FromAccount: "bob", SendTime: now, MsgBody: hello("now")},
		{FromAccount: "bob", SendTime: now - 1, MsgBody: hello("last")},
	}})
	require.NoError(t, err)
	assert.Equal(t, []restapi.ImportMsgResult{
		{Result: 10004},
		{MsgSeq: 1, MsgTime: importSent2},
		{Result: 10004},
		{MsgSeq: 1, MsgTime: importSent2},
		{Result: 80002},
		{Result: 10004},
		{MsgSeq: 2, MsgTime: now - 1},
	}, got)
	var stored []string
	for _, m := range f.srv.GroupMessages(f.id, "old") {
		stored = append(stored, m.MsgBody[0].MsgContent.(*restapi.TextElem).Text)
	}
	assert.Equal(t, []string{"second", "last"}, stored)
}

// TestImportMessagesSplits: Groups.ImportMessages sends seven messages a
// request ("A single request can import up to seven group messages",
// 34968; CN 269/1635 "一次最多导入7条") and ImportMembers 300 ("A single
// request can import up to 300 members", 34969), in order.
func TestImportMessagesSplits(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newProFixture(t, append(ids("u", 301), "alice")...)
	importGroup(t, f, "old", restapi.GroupPublic)
	var list []restapi.ImportedMsg
	for i := range 9 {
		list = append(list, restapi.ImportedMsg{FromAccount: "alice", SendTime: importSent1 + int64(i), MsgBody: hello("m")})
	}
	got, err := f.rc.Groups.ImportMessages(ctx, &restapi.ImportGroupMsgRequest{GroupID: "old", MsgList: list})
	require.NoError(t, err)
	require.Len(t, got, 9)
	for i, r := range got {
		assert.Equal(t, restapi.ImportMsgResult{MsgSeq: uint64(i + 1), MsgTime: importSent1 + int64(i)}, r)
	}
	assert.Len(t, f.srv.RequestsFor("group_open_http_svc/import_group_msg"), 2)

	var members []restapi.ImportedMember
	for _, id := range ids("u", 301) {
		members = append(members, restapi.ImportedMember{MemberAccount: id})
	}
	results, err := f.rc.Groups.ImportMembers(ctx, &restapi.ImportGroupMemberRequest{GroupID: "old", MemberList: members})
	require.NoError(t, err)
	assert.Len(t, results, 301)
	assert.Len(t, f.srv.RequestsFor("group_open_http_svc/import_group_member"), 2)
}

// TestImportCodes: the codes of the pages' tables. import_group (34967):
// "If you attempt to import basic group data for AVChatRoom groups,
// error 10007 is returned", and as create_group (im-facts.md: 10019 账号
// 不存在, 10021 群组ID已被使用, 10025 群组ID已被使用且操作者为群主).
// import_group_member (2018 CN table, codes
// still answered): 10004 参数非法, 10005 请求包体中携带的用户数量过多, 10007
// for an AVChatRoom (34969), 10010 群组不存在, 10015 群组ID非法, 10019 被添
// 加用户的帐号不存在. import_group_msg (34968): 10004 Invalid parameter,
// 10007 for an AVChatRoom, 10010, 10015. set_unread_msg_num (34909): 10004,
// 10010, 10015.
func TestImportCodes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, "alice", "bob")
	importGroup(t, f, "old", restapi.GroupPublic)
	_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupAVChatRoom, Name: "live", GroupID: "live"})
	require.NoError(t, err)
	group := func(typ restapi.GroupType, id, owner string) *restapi.ImportGroupRequest {
		return &restapi.ImportGroupRequest{CreateGroupRequest: restapi.CreateGroupRequest{OwnerAccount: owner, Type: typ, Name: "g", GroupID: id}}
	}
	importGroupErr := func(req *restapi.ImportGroupRequest) func() error {
		return func() error { _, err := f.rc.Groups.Import(ctx, req); return err }
	}
	membersErr := func(id string, m ...restapi.ImportedMember) func() error {
		return func() error {
			return f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandImportGroupMember, &restapi.ImportGroupMemberRequest{GroupID: id, MemberList: m}, nil)
		}
	}
	msgsErr := func(id string, n int) func() error {
		msgs := make([]restapi.ImportedMsg, n)
		for i := range msgs {
			msgs[i] = restapi.ImportedMsg{FromAccount: "alice", SendTime: importSent1 + int64(i), MsgBody: hello("m")}
		}
		return func() error {
			return f.rc.Call(ctx, restapi.ServiceGroup, restapi.CommandImportGroupMsg, &restapi.ImportGroupMsgRequest{GroupID: id, MsgList: msgs}, nil)
		}
	}
	unreadErr := func(id, user string) func() error {
		return func() error { return f.rc.Groups.SetMemberUnread(ctx, id, user, 1) }
	}
	many := make([]restapi.ImportedMember, 301)
	for i, id := range ids("u", 301) {
		many[i] = restapi.ImportedMember{MemberAccount: id}
	}
	runCodeCases(t, nil, []codeCase{
		{"import_group an AVChatRoom", importGroupErr(group(restapi.GroupAVChatRoom, "", "alice")), 10007},
		{"import_group a GroupId in use", importGroupErr(group(restapi.GroupPublic, "old", "bob")), 10021},
		{"import_group a GroupId in use by a group of the same owner", importGroupErr(group(restapi.GroupPublic, "old", "alice")), 10025},
		{"import_group owned by an account never imported", importGroupErr(group(restapi.GroupPublic, "", "ghost")), 10019},
		{"import_group without a Name", importGroupErr(&restapi.ImportGroupRequest{CreateGroupRequest: restapi.CreateGroupRequest{Type: restapi.GroupPublic}}), 10004},
		{"import_group with members", importGroupErr(&restapi.ImportGroupRequest{CreateGroupRequest: restapi.CreateGroupRequest{Type: restapi.GroupPublic, Name: "g",
			MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}}}), 10004},
		{"import_group_member into an AVChatRoom", membersErr("live", restapi.ImportedMember{MemberAccount: "bob"}), 10007},
		{"import_group_member into an unknown group", membersErr("@TGS#1NOSUCH", restapi.ImportedMember{MemberAccount: "bob"}), 10010},
		{"import_group_member of an account never imported", membersErr("old", restapi.ImportedMember{MemberAccount: "ghost"}), 10019},
		{"import_group_member of 301 members", membersErr("old", many...), 10005},
		{"import_group_member with Role Owner", membersErr("old", restapi.ImportedMember{MemberAccount: "bob", Role: restapi.RoleOwner}), 10004},
		{"import_group_member with a malformed GroupId", membersErr(strings.Repeat("g", 49), restapi.ImportedMember{MemberAccount: "bob"}), 10015},
		{"import_group_msg into an AVChatRoom", msgsErr("live", 1), 10007},
		{"import_group_msg into an unknown group", msgsErr("@TGS#1NOSUCH", 1), 10010},
		{"import_group_msg of 8 messages", msgsErr("old", 8), 10004},
		{"import_group_msg of none", msgsErr("old", 0), 10004},
		{"import_group_msg with a malformed GroupId", msgsErr(strings.Repeat("g", 49), 1), 10015},
		{"set_unread_msg_num in an unknown group", unreadErr("@TGS#1NOSUCH", "bob"), 10010},
		{"set_unread_msg_num of a non-member", unreadErr("old", "bob"), 10004},
		{"set_unread_msg_num with a malformed GroupId", unreadErr(strings.Repeat("g", 49), "bob"), 10015},
	})
}
