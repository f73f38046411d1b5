package restapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// exampleApp starts a reference server on a fixed clock with one app,
// imports users into it (as an import through rc.Accounts would) and
// returns a REST API client for it as "administrator" that dates its
// UserSig and waits on the server's clock (as srv.RESTClient does). Real
// code gets the SDKAppID and key from the console (console.Apps.Secret),
// uses WithRegion instead of WithBaseURL and keeps the system clock.
func exampleApp(users ...string) (*imtest.Server, uint64, *restapi.Client) {
	srv, err := imtest.Listen("127.0.0.1:0", imtest.WithClock(func() time.Time { return time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC) }))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	console := srv.Console()
	app, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: "example", Region: apps.RegionChina})
	if err != nil {
		log.Fatal(err)
	}
	secret, err := console.Apps.Secret(ctx, app.SDKAppID)
	if err != nil {
		log.Fatal(err)
	}
	signer, err := usersig.NewHMACSigner(app.SDKAppID, secret.Key)
	if err != nil {
		log.Fatal(err)
	}
	rc, err := restapi.New(app.SDKAppID, "administrator", signer, restapi.WithBaseURL(srv.URL()),
		restapi.WithClock(srv.Now), restapi.WithRateLimitWait(srv.Sleep))
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.ImportAccounts(app.SDKAppID, users...); err != nil {
		log.Fatal(err)
	}
	return srv, app.SDKAppID, rc
}

func ExampleNew() {
	srv, _, rc := exampleApp()
	defer srv.Close()
	ctx := context.Background()

	if err := rc.Accounts.Import(ctx, restapi.Account{UserID: "alice", Nick: "Alice"}); err != nil {
		log.Fatal(err)
	}
	res, err := rc.Accounts.Check(ctx, "alice", "bob")
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range res {
		fmt.Println(r.UserID, r.AccountStatus)
	}
	// Output:
	// alice Imported
	// bob NotImported
}

func ExampleAccountService_ImportMany() {
	srv, id, rc := exampleApp()
	defer srv.Close()
	accounts := make([]restapi.Account, 250) // sent as requests of at most 100
	for i := range accounts {
		accounts[i].UserID = fmt.Sprintf("user%03d", i)
	}
	// A trial app holds 100 accounts: the first request imports 100, the
	// second is refused with 70398 and the third is not sent.
	_, err := rc.Accounts.ImportMany(context.Background(), accounts)
	fmt.Println(errors.Is(err, restapi.ErrLimitExceeded), restapi.HasCode(err, restapi.CodeAccountLimit))
	fmt.Println(len(srv.ImportedAccounts(id)))
	// Output:
	// true true
	// 100
}

func ExampleGroupService_Create() {
	srv, _, rc := exampleApp()
	defer srv.Close()
	ctx := context.Background()
	if _, err := rc.Accounts.ImportMany(ctx, []restapi.Account{{UserID: "alice"}, {UserID: "bob"}}); err != nil {
		log.Fatal(err)
	}
	id, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{
		OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "launch",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	info, err := rc.Groups.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(info[0].Name, info[0].OwnerAccount, info[0].MemberNum)
	if err := rc.Groups.Destroy(ctx, id); err != nil {
		log.Fatal(err)
	}
	err = rc.Groups.Destroy(ctx, id)
	fmt.Println(errors.Is(err, restapi.ErrGroupNotFound))
	// Output:
	// launch alice 2
	// true
}

func ExampleClient_Call() {
	srv, _, rc := exampleApp()
	defer srv.Close()
	// Any v4 command, with Tencent's field names; failures are *Error.
	var resp restapi.AccountCheckResponse
	err := rc.Call(context.Background(), "im_open_login_svc", "account_check",
		map[string]any{"CheckItem": []map[string]string{{"UserID": "carol"}}}, &resp)
	fmt.Println(resp.ResultItem[0].AccountStatus, err)

	err = rc.Call(context.Background(), "im_open_login_svc", "no_such_command", nil, nil)
	var apiErr *restapi.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code)
	}
	// Output:
	// NotImported <nil>
	// 60009
}

// An app's data center (apps.App.Region, from console.Apps.Get) is a
// restapi.Region: pass it to WithRegion as it is.
func ExampleWithRegion() {
	app := apps.App{SDKAppID: 1400000001, Region: apps.RegionSingapore}
	signer, err := usersig.NewHMACSigner(app.SDKAppID, "the app's key")
	if err != nil {
		log.Fatal(err)
	}
	rc, err := restapi.New(app.SDKAppID, "administrator", signer, restapi.WithRegion(app.Region))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rc.BaseURL())
	fmt.Println(app.Region == restapi.Singapore, app.Region.BackupHost())
	// Output:
	// https://adminapisgp.im.qcloud.com
	// true adminapisgp.my-imcloud.com
}

func ExampleGroupService_AddMembers() {
	srv, sdkAppID, rc := exampleApp()
	defer srv.Close()
	ctx := context.Background()
	if _, err := rc.Accounts.ImportMany(ctx, []restapi.Account{{UserID: "alice"}, {UserID: "bob"}, {UserID: "carol"}}); err != nil {
		log.Fatal(err)
	}
	id, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "team"})
	if err != nil {
		log.Fatal(err)
	}
	res, err := rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: id, MemberList: restapi.MemberAccounts("bob", "carol", "bob")})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range res {
		fmt.Println(r.MemberAccount, r.Result)
	}
	if err := rc.Groups.MuteMembers(ctx, id, time.Hour, "carol"); err != nil {
		log.Fatal(err)
	}
	_, err = rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: id, FromAccount: "carol", MsgBody: []restapi.Element{restapi.Text("hi")}})
	fmt.Println(restapi.HasCode(err, restapi.CodeGroupMemberMuted))
	sent, err := rc.Groups.SendMessage(ctx, &restapi.SendGroupMsgRequest{GroupID: id, FromAccount: "bob", MsgBody: []restapi.Element{restapi.Text("hi")}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("MsgSeq", sent.MsgSeq)
	for m, err := range rc.Groups.Members(ctx, restapi.GetGroupMemberInfoRequest{GroupID: id, Limit: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(m.MemberAccount, m.Role, m.ShutUpUntil != 0)
	}
	fmt.Println(len(srv.GroupMessages(sdkAppID, id)))
	// Output:
	// bob 1
	// carol 1
	// bob 2
	// true
	// MsgSeq 1
	// alice Owner false
	// bob Member false
	// carol Member true
	// 1
}

func ExampleMessageService_Send() {
	srv, _, rc := exampleApp("alice", "bob")
	defer srv.Close()
	ctx := context.Background()

	sent, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{
		FromAccount: "alice", ToAccount: "bob",
		MsgBody: []restapi.Element{restapi.Text("hi bob"), restapi.Custom(`{"order":42}`, "Your order shipped", "")},
	})
	if err != nil {
		log.Fatal(err)
	}
	for m, err := range rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: "bob", PeerAccount: "alice"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(m.FromAccount, "->", m.ToAccount, m.MsgBody[0].MsgContent.(*restapi.TextElem).Text, m.MsgKey == sent.MsgKey)
	}
	if err := rc.Messages.Withdraw(ctx, "alice", "bob", sent.MsgKey); err != nil {
		log.Fatal(err)
	}
	err = rc.Messages.Withdraw(ctx, "alice", "bob", sent.MsgKey)
	fmt.Println(restapi.HasCode(err, restapi.CodeMsgAlreadyRecalled))
	// Output:
	// alice -> bob hi bob true
	// true
}

func ExampleFriendService_List() {
	srv, _, rc := exampleApp("alice", "bob", "carol")
	defer srv.Close()
	ctx := context.Background()
	_, err := rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", ForceAddFlags: 1, AddFriendItem: []restapi.FriendAddItem{
		{ToAccount: "bob", AddSource: "AddSource_Type_Web", Remark: "Bobby"},
		{ToAccount: "carol", AddSource: "AddSource_Type_Android"},
	}})
	if err != nil {
		log.Fatal(err)
	}
	for f, err := range rc.Friends.List(ctx, "alice") {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(f.UserID, f.AddSource, f.Remark)
	}
	// Output:
	// bob AddSource_Type_Web Bobby
	// carol AddSource_Type_Android
}

func ExamplePresenceService_Query() {
	srv, app, rc := exampleApp("alice", "bob")
	defer srv.Close()
	ctx := context.Background()
	_ = srv.SetOnline(app, "alice", "iPhone", restapi.StatusOnline)

	st, err := rc.Presence.Query(ctx, "alice", "bob", "carol")
	if err != nil {
		log.Fatal(err)
	}
	for _, u := range st.QueryResult {
		fmt.Println(u.ToAccount, u.Status)
	}
	for _, e := range st.ErrorList {
		fmt.Println(e.ToAccount, e.ErrorCode)
	}
	// Output:
	// alice Online
	// bob Offline
	// carol 70107
}

// SendBatch splits past 500 recipients: one MsgKey and one MsgId per
// request, and the recipients of every request that were not sent to.
// vivo's classification is a *int: new(restapi.VIVOSystem), or nil to
// leave it out.
func ExampleMessageService_SendBatch() {
	srv, _, rc := exampleApp("alice", "bob")
	defer srv.Close()
	to := []string{"bob"}
	for i := range restapi.MaxBatchRecipients {
		to = append(to, fmt.Sprintf("guest%03d", i)) // never imported
	}
	push := &restapi.OfflinePushInfo{Title: "Maintenance",
		AndroidInfo: &restapi.AndroidPushInfo{VIVOClassification: new(restapi.VIVOSystem)}}
	res, err := rc.Messages.SendBatch(context.Background(), &restapi.BatchSendMsgRequest{
		FromAccount: "alice", ToAccount: to, OfflinePushInfo: push,
		MsgBody: []restapi.Element{restapi.Text("maintenance at 2am")},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(to), "recipients:", len(res.MsgKeys), "requests,", len(res.MsgIDs), "MsgIds,", len(res.ErrorList), "not sent to")
	fmt.Println(res.ErrorList[0].ToAccount, res.ErrorList[0].ErrorCode)
	wire, _ := json.Marshal(push.AndroidInfo)
	fmt.Println(string(wire))
	// Output:
	// 501 recipients: 2 requests, 2 MsgIds, 500 not sent to
	// guest000 70107
	// {"VIVOClassification":1}
}

// ErrForbidden is a restriction that refuses any request whatever its
// content (60017, 60021, 70051, 70114): here the app's IP allowlist.
func ExampleErrForbidden() {
	srv, _, rc := exampleApp("alice")
	defer srv.Close()
	srv.Inject(imtest.Fault{Action: restapi.ServiceOpenIM + "/" + restapi.CommandQueryOnlineStatus, Code: "60021"})
	_, err := rc.Presence.Query(context.Background(), "alice")
	fmt.Println(errors.Is(err, restapi.ErrForbidden), restapi.HasCode(err, 60021))
	// Output: true true
}

func ExampleAccountService_Delete() {
	srv, _, rc := exampleApp("alice", "bob")
	defer srv.Close()
	ctx := context.Background()
	res, err := rc.Accounts.Delete(ctx, "bob", "carol")
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range res {
		fmt.Println(r.UserID, r.ResultCode)
	}
	checked, err := rc.Accounts.Check(ctx, "bob")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(checked[0].UserID, checked[0].AccountStatus)
	// Output:
	// bob 0
	// carol 70107
	// bob NotImported
}

// Standard tags are checked before sending; a custom tag must be declared
// on the app first (in the console; SeedProfileTags in tests).
func ExampleProfileService_Set() {
	srv, app, rc := exampleApp("alice")
	defer srv.Close()
	ctx := context.Background()
	if err := srv.SeedProfileTags(app, map[string]imtest.ProfileTagType{"Tag_Profile_Custom_Team": imtest.ProfileString}); err != nil {
		log.Fatal(err)
	}
	err := rc.Profiles.Set(ctx, "alice",
		restapi.ProfileItem{Tag: restapi.TagNick, Value: "Alice"},
		restapi.ProfileItem{Tag: restapi.TagAllowType, Value: restapi.AllowAny},
		restapi.ProfileItem{Tag: "Tag_Profile_Custom_Team", Value: "core"})
	if err != nil {
		log.Fatal(err)
	}
	profiles, err := rc.Profiles.Get(ctx, []string{"alice"}, []string{restapi.TagNick, "Tag_Profile_Custom_Team"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(profiles[0].Value(restapi.TagNick), profiles[0].Value("Tag_Profile_Custom_Team"))
	err = rc.Profiles.Set(ctx, "alice", restapi.ProfileItem{Tag: "Tag_Profile_Custom_Undeclared", Value: "x"})
	fmt.Println(restapi.HasCode(err, 40009))
	// Output:
	// Alice core
	// true
}

// Kick logs an account out of every device.
func ExamplePresenceService_Kick() {
	srv, app, rc := exampleApp("alice")
	defer srv.Close()
	ctx := context.Background()
	_ = srv.SetOnline(app, "alice", restapi.PlatformIPhone, restapi.StatusOnline)
	_ = srv.SetOnline(app, "alice", restapi.PlatformWeb, restapi.StatusOnline)

	if err := rc.Presence.Kick(ctx, "alice"); err != nil {
		log.Fatal(err)
	}
	st, err := rc.Presence.Query(ctx, "alice")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st.QueryResult[0].ToAccount, st.QueryResult[0].Status)
	err = rc.Presence.Kick(ctx, "carol")
	fmt.Println(errors.Is(err, restapi.ErrAccountNotImported), restapi.HasCode(err, 70107))
	// Output:
	// alice Offline
	// true true
}

func ExampleFriendService_Delete() {
	srv, app, rc := exampleApp("alice", "bob", "carol")
	defer srv.Close()
	ctx := context.Background()
	_, err := rc.Friends.Add(ctx, &restapi.FriendAddRequest{FromAccount: "alice", AddType: restapi.AddBoth, ForceAddFlags: 1,
		AddFriendItem: []restapi.FriendAddItem{{ToAccount: "bob", AddSource: "AddSource_Type_Web"}}})
	if err != nil {
		log.Fatal(err)
	}

	res, err := rc.Friends.Delete(ctx, "alice", restapi.DeleteBoth, "bob", "carol")
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range res {
		fmt.Println(r.ToAccount, r.ResultCode) // 31704: carol was not a friend
	}
	fmt.Println(len(srv.Friends(app, "alice")), len(srv.Friends(app, "bob")))
	// Output:
	// bob 0
	// carol 31704
	// 0 0
}

// Get reads the seconds each mute has left, counted down on the
// service's clock (here the reference server's, moved by Advance).
func ExampleMuteService_Get() {
	srv, _, rc := exampleApp("alice")
	defer srv.Close()
	ctx := context.Background()
	forever := restapi.MutedForever
	err := rc.Mute.Set(ctx, &restapi.MuteRequest{SetAccount: "alice",
		C2CMsgNoSpeakingTime: restapi.MuteSeconds(time.Hour), GroupMsgNoSpeakingTime: &forever})
	if err != nil {
		log.Fatal(err)
	}

	srv.Advance(10 * time.Minute)
	left, err := rc.Mute.Get(ctx, "alice")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(left.C2CMsgNoSpeakingTime, left.GroupMsgNoSpeakingTime == restapi.MutedForever)
	fmt.Println(left)
	// Output:
	// 3000 true
	// C2C muted 3000s, group muted forever
}

// Import stores a message from before the migration, dated as it was;
// importing it again changes nothing.
func ExampleMessageService_Import() {
	srv, _, rc := exampleApp("alice", "bob")
	defer srv.Close()
	ctx := context.Background()
	old := &restapi.ImportMsgRequest{SyncFromOldSystem: restapi.ImportHistory,
		FromAccount: "alice", ToAccount: "bob", MsgRandom: 42,
		MsgTimeStamp: srv.Now().Add(-24 * time.Hour).Unix(), // when it was sent; History shows the last 7 days
		MsgBody:      []restapi.Element{restapi.Text("hello from the old system")}}
	for range 2 { // the second import finds the message there and leaves it
		if err := rc.Messages.Import(ctx, old); err != nil {
			log.Fatal(err)
		}
	}
	for m, err := range rc.Messages.History(ctx, restapi.GetRoamMsgRequest{OperatorAccount: "bob", PeerAccount: "alice"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(m.FromAccount, "->", m.ToAccount, time.Unix(m.MsgTimeStamp, 0).UTC().Format(time.DateTime), m.MsgBody[0].MsgContent.(*restapi.TextElem).Text)
	}
	// Output:
	// alice -> bob 2026-04-30 10:00:00 hello from the old system
}

func ExampleGroupService_Update() {
	srv, _, rc := exampleApp("alice")
	defer srv.Close()
	ctx := context.Background()
	id, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "team",
		AppDefinedData: []restapi.KeyValue{{Key: "old", Value: "1"}}})
	if err != nil {
		log.Fatal(err)
	}

	err = rc.Groups.Update(ctx, &restapi.ModifyGroupBaseInfoRequest{GroupID: id, MuteAllMember: restapi.MuteAllOn,
		AppDefinedData: []restapi.KeyValue{{Key: "level", Value: "3"}, {Key: "old", Value: ""}}}) // "" deletes a key
	if err != nil {
		log.Fatal(err)
	}
	info, err := rc.Groups.Get(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(info[0].MuteAllMember, info[0].AppDefinedData)
	// Output:
	// On [{level 3}]
}

func ExampleGroupService_RemoveMembers() {
	srv, app, rc := exampleApp("alice", "bob", "carol")
	defer srv.Close()
	ctx := context.Background()
	id, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "team",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}, {MemberAccount: "carol"}}})
	if err != nil {
		log.Fatal(err)
	}

	err = rc.Groups.RemoveMembers(ctx, &restapi.DeleteGroupMemberRequest{GroupID: id, MemberToDelAccount: []string{"bob"}})
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range srv.GroupMembers(app, id) {
		fmt.Println(m.MemberAccount, m.Role)
	}
	err = rc.Groups.RemoveMembers(ctx, &restapi.DeleteGroupMemberRequest{GroupID: id, MemberToDelAccount: []string{"alice"}})
	fmt.Println(restapi.HasCode(err, 10004)) // the owner stays
	// Output:
	// alice Owner
	// carol Member
	// true
}

// Joined lists an account's groups: their GroupIDs, and the fields a
// ResponseFilter asks for.
func ExampleGroupService_Joined() {
	srv, _, rc := exampleApp("alice", "bob")
	defer srv.Close()
	ctx := context.Background()
	for _, name := range []string{"team", "launch"} {
		_, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: name,
			MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
		if err != nil {
			log.Fatal(err)
		}
	}

	req := restapi.GetJoinedGroupListRequest{MemberAccount: "bob",
		ResponseFilter: &restapi.JoinedGroupFilter{GroupBaseInfoFilter: []string{"Name"}, SelfInfoFilter: []string{"Role"}}}
	for g, err := range rc.Groups.Joined(ctx, req) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(g.GroupID, g.Name, g.SelfInfo.Role)
	}
	// Output:
	// @TGS#100000001 team Member
	// @TGS#100000002 launch Member
}

// A system notification reaches the members online (every member when
// ToMembersAccount is empty) and is not stored.
func ExampleGroupService_SendSystemNotification() {
	srv, app, rc := exampleApp("alice", "bob")
	defer srv.Close()
	ctx := context.Background()
	id, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "team",
		MemberList: []restapi.GroupMember{{MemberAccount: "bob"}}})
	if err != nil {
		log.Fatal(err)
	}

	err = rc.Groups.SendSystemNotification(ctx, &restapi.SendGroupSystemNotificationRequest{GroupID: id, Content: "rules changed"})
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range srv.GroupMessages(app, id) { // the server keeps it for assertions; Tencent stores none
		fmt.Println(m.System, m.Content)
	}
	err = rc.Groups.SendSystemNotification(ctx, &restapi.SendGroupSystemNotificationRequest{GroupID: "@TGS#gone", Content: "rules changed"})
	fmt.Println(errors.Is(err, restapi.ErrGroupNotFound))
	// Output:
	// true rules changed
	// true
}

// All walks the GroupID of every group of the app, oldest first.
func ExampleGroupService_All() {
	srv, _, rc := exampleApp("alice")
	defer srv.Close()
	ctx := context.Background()
	for _, t := range []restapi.GroupType{restapi.GroupPublic, restapi.GroupWork, restapi.GroupPublic} {
		if _, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: t, Name: "g"}); err != nil {
			log.Fatal(err)
		}
	}

	for id, err := range rc.Groups.All(ctx, restapi.GetAppIDGroupListRequest{}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(id)
	}
	for id, err := range rc.Groups.All(ctx, restapi.GetAppIDGroupListRequest{GroupType: restapi.GroupWork}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("Work:", id)
	}
	// Output:
	// @TGS#100000001
	// @TGS#200000002
	// @TGS#100000003
	// Work: @TGS#200000002
}
