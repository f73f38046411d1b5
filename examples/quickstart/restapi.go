package main

import (
	"context"
	"fmt"
	"time"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// restAPI makes "ops" an admin of the app and, as ops, imports two
// accounts through the IM REST API and checks them, sends a message from
// alice to bob, reads it back and recalls it, sets alice's nickname, then
// creates a group, adds bob, posts to it, mutes bob for an hour and
// dissolves it.
// restBaseURL is the URL of the server that serves the REST API under
// /v4/ (the reference server's, or IMCONSOLE_ENDPOINT).
func restAPI(ctx context.Context, console *imconsole.Console, restBaseURL string, sdkAppID uint64) error {
	step(consoleOnly, "add admin ops and read the app's key")
	admin, err := console.Admins.Add(ctx, sdkAppID, "ops")
	if err != nil {
		return err
	}
	secret, err := console.Apps.Secret(ctx, sdkAppID)
	if err != nil {
		return err
	}
	fmt.Printf("  admin %s added; the app's %s key read (not printed)\n", admin.UserID, secret.SignatureAlgorithm)
	step(local, "sign REST API calls as ops (UserSigs made locally)")
	signer, err := usersig.NewHMACSigner(sdkAppID, secret.Key)
	if err != nil {
		return err
	}
	// Against Tencent's own REST API hosts pass restapi.WithRegion(app.Region)
	// instead: the console's Region is restapi's.
	rc, err := restapi.New(sdkAppID, "ops", signer, restapi.WithBaseURL(restBaseURL))
	if err != nil {
		return err
	}
	fmt.Printf("  %v\n", rc)

	step(tencentCloud, "import two accounts")
	failed, err := rc.Accounts.ImportMany(ctx, []restapi.Account{{UserID: "alice", Nick: "Alice"}, {UserID: "bob", Nick: "Bob"}})
	if err != nil {
		return err
	}
	if len(failed) > 0 {
		return fmt.Errorf("accounts not imported: %v", failed)
	}
	checked, err := rc.Accounts.Check(ctx, "alice", "bob", "carol")
	if err != nil {
		return err
	}
	for _, r := range checked {
		fmt.Printf("  %-6s %s\n", r.UserID, r.AccountStatus)
	}

	step(tencentCloud, "send a message from alice to bob, read it back, recall it")
	sent, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{
		FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("hi bob")},
	})
	if err != nil {
		return err
	}
	fmt.Printf("  sent %s at %d\n", sent.MsgKey, sent.MsgTime)
	for m, err := range rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: "bob", PeerAccount: "alice"}) {
		if err != nil {
			return err
		}
		if t, ok := m.MsgBody[0].MsgContent.(*restapi.TextElem); ok {
			fmt.Printf("  bob sees %s -> %s: %q (%s)\n", m.FromAccount, m.ToAccount, t.Text, m.MsgKey)
		}
	}
	if err := rc.Messages.Withdraw(ctx, "alice", "bob", sent.MsgKey); err != nil {
		return err
	}
	fmt.Printf("  recalled %s\n", sent.MsgKey)
	step(tencentCloud, "set alice's nickname and read it back")
	if err := rc.Profiles.Set(ctx, "alice", restapi.ProfileItem{Tag: restapi.TagNick, Value: "Alice Liddell"}); err != nil {
		return err
	}
	profiles, err := rc.Profiles.Get(ctx, []string{"alice"}, []string{restapi.TagNick})
	if err != nil {
		return err
	}
	fmt.Printf("  alice's nickname: %v\n", profiles[0].Value(restapi.TagNick))

	step(tencentCloud, "create a group owned by alice, add bob, post, mute bob for an hour, then dissolve it")
	groupID, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "quickstart"})
	if err != nil {
		return err
	}
	added, err := rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: groupID, MemberList: restapi.MemberAccounts("bob")})
	if err != nil {
		return err
	}
	fmt.Printf("  added %s (result %d)\n", added[0].MemberAccount, added[0].Result)
	posted, err := rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{
		GroupID: groupID, FromAccount: "alice", MsgBody: []restapi.Element{restapi.Text("welcome, bob")},
	})
	if err != nil {
		return err
	}
	fmt.Printf("  alice posted message %d at %d\n", posted.MsgSeq, posted.MsgTime)
	if err := rc.Groups.MuteMembers(ctx, groupID, time.Hour, "bob"); err != nil {
		return err
	}
	info, err := rc.Groups.Get(ctx, groupID)
	if err != nil {
		return err
	}
	fmt.Printf("  group %s %q: owner %s, %d members, bob muted for an hour\n", groupID, info[0].Name, info[0].OwnerAccount, info[0].MemberNum)
	if err := rc.Groups.Destroy(ctx, groupID); err != nil {
		return err
	}
	fmt.Printf("  group %s dissolved\n", groupID)
	return nil
}
