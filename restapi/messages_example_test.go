package restapi_test

import (
	"context"
	"fmt"
	"log"

	"github.com/imconsole/imconsole/restapi"
)

func ExampleMessageService_Send() {
	srv, sdkAppID, rc := exampleApp()
	defer srv.Close()
	ctx := context.Background()
	if err := srv.ImportAccounts(sdkAppID, "alice", "bob"); err != nil {
		log.Fatal(err)
	}

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
