package restapi_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/imconsole/imconsole/restapi"
)

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
