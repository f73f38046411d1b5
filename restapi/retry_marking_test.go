package restapi_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// TestCommandsRetryMarking: after one gateway failure (HTTP 502) the
// reads added to the package are resent and succeed on the second
// request, and the writes are sent once and fail, as the package doc
// says: only the reads and account_import/multiaccount_import are resent
// after a 5xx; a resent write could be applied twice.
func TestCommandsRetryMarking(t *testing.T) {
	t.Parallel()
	msg := hello("hi")
	for _, tc := range []struct {
		service, command string
		read             bool
		call             func(ctx context.Context, rc *restapi.Client) error
	}{
		// Reads: resent.
		{restapi.ServiceGroup, restapi.CommandGetGroupMutedAccount, true, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Groups.MutedMembers(ctx, "pub")
			return err
		}},
		{restapi.ServiceGroup, restapi.CommandGroupMsgGetSimple, true, func(ctx context.Context, rc *restapi.Client) error {
			return firstErr(rc.Groups.History(ctx, restapi.GroupMsgGetSimpleRequest{GroupID: "pub"}))
		}},
		{restapi.ServiceOpenIM, restapi.CommandGetC2CUnreadMsgNum, true, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Messages.Unread(ctx, "bob")
			return err
		}},
		{restapi.ServiceSNS, restapi.CommandFriendCheck, true, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Friends.Check(ctx, "alice", restapi.CheckBoth, "bob")
			return err
		}},
		{restapi.ServiceSNS, restapi.CommandBlackListGet, true, func(ctx context.Context, rc *restapi.Client) error {
			return firstErr(rc.Friends.Blocked(ctx, "alice"))
		}},
		{restapi.ServiceSNS, restapi.CommandBlackListCheck, true, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Friends.CheckBlocked(ctx, "alice", restapi.BlackCheckBoth, "bob")
			return err
		}},
		{restapi.ServiceGroup, restapi.CommandGetRoleInGroup, true, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Groups.Roles(ctx, "pub", "alice")
			return err
		}},
		{restapi.ServiceGroup, restapi.CommandGetGroupBanMember, true, func(ctx context.Context, rc *restapi.Client) error {
			return firstErr(rc.Groups.Banned(ctx, "pub"))
		}},
		{restapi.ServiceSNS, restapi.CommandFriendGetList, true, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Friends.Get(ctx, "alice", []string{restapi.TagFriendAddSource}, "bob")
			return err
		}},
		{restapi.ServiceRecentContact, restapi.CommandGetConversationList, true, func(ctx context.Context, rc *restapi.Client) error {
			return firstErr(rc.Conversations.List(ctx, "alice"))
		}},
		{restapi.ServiceSNS, restapi.CommandGroupGet, true, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Friends.Groups(ctx, &restapi.FriendGroupGetRequest{FromAccount: "alice"})
			return err
		}},
		{restapi.ServiceCommunity, restapi.CommandGetTopic, true, func(ctx context.Context, rc *restapi.Client) error {
			if _, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupCommunity, Name: "c", GroupID: "@TGS#_club", SupportTopic: 1}); err != nil {
				return err
			}
			_, err := rc.Groups.Topics(ctx, &restapi.GetTopicRequest{GroupID: "@TGS#_club", FromAccount: "alice"})
			return err
		}},
		{restapi.ServiceGroup, restapi.CommandGetGroupCounter, true, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Groups.Counters(ctx, "pub")
			return err
		}},

		// Writes: sent once.
		{restapi.ServiceGroup, restapi.CommandGroupMsgRecall, false, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Groups.Recall(ctx, "pub", 1)
			return err
		}},
		{restapi.ServiceSNS, restapi.CommandBlackListAdd, false, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Friends.Block(ctx, "alice", "bob")
			return err
		}},
		{restapi.ServiceSNS, restapi.CommandBlackListDelete, false, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Friends.Unblock(ctx, "alice", "bob")
			return err
		}},
		{restapi.ServiceGroup, restapi.CommandModifyGroupMemberInfo, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Groups.UpdateMember(ctx, &restapi.ModifyGroupMemberInfoRequest{GroupID: "pub", MemberAccount: "bob", Role: restapi.RoleAdmin})
		}},
		{restapi.ServiceGroup, restapi.CommandChangeGroupOwner, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Groups.ChangeOwner(ctx, "pub", "bob")
		}},
		{restapi.ServiceOpenIM, restapi.CommandMsgWithdraw, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Messages.Withdraw(ctx, "alice", "bob", "1_2_3")
		}},
		{restapi.ServiceOpenIM, restapi.CommandSetMsgRead, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Messages.MarkRead(ctx, "bob", "alice")
		}},
		{restapi.ServiceGroup, restapi.CommandBanGroupMember, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Groups.Ban(ctx, "pub", time.Minute, "bob")
		}},
		{restapi.ServiceGroup, restapi.CommandUnbanGroupMember, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Groups.Unban(ctx, "pub", "bob")
		}},
		{restapi.ServiceGroup, restapi.CommandDeleteGroupMsgBySender, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Groups.DeleteMessagesBy(ctx, "pub", "bob")
		}},
		{restapi.ServiceGroup, restapi.CommandImportGroup, false, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Groups.Import(ctx, &restapi.ImportGroupRequest{CreateGroupRequest: restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "old"}})
			return err
		}},
		{restapi.ServiceGroup, restapi.CommandImportGroupMember, false, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Groups.ImportMembers(ctx, &restapi.ImportGroupMemberRequest{GroupID: "pub", MemberList: []restapi.ImportedMember{{MemberAccount: "carol"}}})
			return err
		}},
		{restapi.ServiceGroup, restapi.CommandImportGroupMsg, false, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Groups.ImportMessages(ctx, &restapi.ImportGroupMsgRequest{GroupID: "pub", MsgList: []restapi.ImportedMsg{{FromAccount: "alice", SendTime: 1700000000, MsgBody: msg}}})
			return err
		}},
		{restapi.ServiceGroup, restapi.CommandSetUnreadMsgNum, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Groups.SetMemberUnread(ctx, "pub", "bob", 1)
		}},
		{restapi.ServiceSNS, restapi.CommandFriendImport, false, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Friends.Import(ctx, &restapi.FriendImportRequest{FromAccount: "alice", AddFriendItem: []restapi.FriendImportItem{{ToAccount: "bob", AddSource: "AddSource_Type_Web"}}})
			return err
		}},
		{restapi.ServiceSNS, restapi.CommandFriendUpdate, false, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Friends.Update(ctx, &restapi.FriendUpdateRequest{FromAccount: "alice", UpdateItem: []restapi.FriendUpdateItem{{ToAccount: "bob", SnsItem: []restapi.SnsItem{{Tag: restapi.TagFriendRemark, Value: "b"}}}}})
			return err
		}},
		{restapi.ServiceSNS, restapi.CommandFriendDeleteAll, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Friends.DeleteAll(ctx, "alice", restapi.DeleteBoth)
		}},
		{restapi.ServiceOpenIM, restapi.CommandModifyC2CMsg, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Messages.Modify(ctx, &restapi.ModifyC2CMsgRequest{FromAccount: "alice", ToAccount: "bob", MsgKey: "1_2_3", MsgBody: msg})
		}},
		{restapi.ServiceOpenIM, restapi.CommandDeleteC2CMsgRamble, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Messages.DeleteForOne(ctx, "bob", "alice", "1_2_3")
		}},
		{restapi.ServiceOpenIM, restapi.CommandModifyGroupMsg, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Groups.ModifyMessage(ctx, &restapi.ModifyGroupMsgRequest{GroupID: "pub", MsgSeq: 1, MsgBody: msg})
		}},
		{restapi.ServiceRecentContact, restapi.CommandDeleteConversation, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Conversations.Delete(ctx, &restapi.DeleteConversationRequest{FromAccount: "alice", Type: restapi.ConversationC2C, ToAccount: "bob"})
		}},
		{restapi.ServiceCommunity, restapi.CommandCreateTopic, false, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Groups.CreateTopic(ctx, &restapi.CreateTopicRequest{GroupID: "@TGS#_club", TopicName: "t"})
			return err
		}},
		{restapi.ServiceCommunity, restapi.CommandDestroyTopic, false, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Groups.DestroyTopics(ctx, "@TGS#_club", "@TGS#_club@TOPIC#_t")
			return err
		}},
		{restapi.ServiceCommunity, restapi.CommandModifyTopic, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Groups.UpdateTopic(ctx, &restapi.ModifyTopicRequest{GroupID: "@TGS#_club", TopicID: "@TGS#_club@TOPIC#_t", TopicName: "n"})
		}},
		{restapi.ServiceGroup, restapi.CommandUpdateGroupCounter, false, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Groups.UpdateCounters(ctx, "pub", restapi.CounterIncrease, restapi.GroupCounter{Key: "like", Value: 1})
			return err
		}},
		{restapi.ServiceGroup, restapi.CommandDeleteGroupCounter, false, func(ctx context.Context, rc *restapi.Client) error {
			return rc.Groups.DeleteCounters(ctx, "pub", "like")
		}},
		{restapi.ServiceSNS, restapi.CommandGroupAdd, false, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Friends.AddGroups(ctx, &restapi.FriendGroupAddRequest{FromAccount: "alice", GroupName: []string{"g"}})
			return err
		}},
		{restapi.ServiceSNS, restapi.CommandGroupDelete, false, func(ctx context.Context, rc *restapi.Client) error {
			_, err := rc.Friends.DeleteGroups(ctx, "alice", "g")
			return err
		}},
	} {
		action := tc.service + "/" + tc.command
		t.Run(action, func(t *testing.T) {
			t.Parallel()
			f := newMsgFixture(t, apps.EditionFlagship) // group counters need Flagship
			ctx := t.Context()
			_, err := f.rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "g", GroupID: "pub",
				MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
			require.NoError(t, err)
			f.srv.Inject(imtest.Fault{Action: action, HTTPStatus: http.StatusBadGateway})
			err = tc.call(ctx, f.rc)
			if tc.read {
				require.NoError(t, err)
				assert.Len(t, f.srv.RequestsFor(action), 2, "the failed attempt and its retry")
				return
			}
			var apiErr *restapi.Error
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, http.StatusBadGateway, apiErr.HTTPStatus)
			assert.Len(t, f.srv.RequestsFor(action), 1, "a write is not resent")
		})
	}
}
