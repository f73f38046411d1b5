package callback_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// A handler refusing one-to-one messages that mention spam, tested with a
// request built as Tencent sends it.
func ExampleNewHandler() {
	at := time.Unix(1777629600, 0)
	h, err := callback.NewHandler(1400000001, "my-callback-token",
		callback.WithClock(func() time.Time { return at }), // time.Now in production
		callback.OnC2CBeforeSendMsg(func(ctx context.Context, e *callback.C2CBeforeSendMsg) callback.Decision {
			for _, el := range e.MsgBody {
				if t, ok := el.MsgContent.(*restapi.TextElem); ok && strings.Contains(t.Text, "spam") {
					return callback.Refuse("no spam") // the sender gets 20006
				}
			}
			return callback.Allow()
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	e := &callback.C2CBeforeSendMsg{
		Meta:       callback.Meta{SDKAppID: 1400000001},
		C2CMessage: callback.C2CMessage{FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("cheap spam")}},
	}
	r, err := callback.NewRequest(context.Background(), "https://app.example/im/callback", "my-callback-token", at, e)
	if err != nil {
		fmt.Println(err)
		return
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Body.String())
	// Output: 200 {"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":"no spam"}
}

// The test vector of Tencent's documentation.
func ExampleSign() {
	fmt.Println(callback.Sign("xxxxyyyy", time.Unix(1669872112, 0)))
	// Output: 17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061
}

// Welcome new members: the reference server sends
// Group.CallbackAfterNewMemberJoin when add_group_member adds them.
func ExampleOnGroupMemberJoin() {
	srv, err := imtest.Listen("127.0.0.1:0", imtest.WithClock(func() time.Time { return time.Unix(1777629600, 0) }))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	app, err := srv.SeedApp(imtest.AppSeed{})
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.ImportAccounts(app.SDKAppID, "alice", "bob", "carol"); err != nil {
		log.Fatal(err)
	}

	h, err := callback.NewHandler(app.SDKAppID, "my-callback-token",
		callback.WithClock(srv.Now), // time.Now in production
		callback.OnGroupMemberJoin(func(ctx context.Context, e *callback.GroupMemberJoin) {
			for _, m := range e.NewMemberList {
				fmt.Printf("welcome %s to %s (%s by %s)\n", m.MemberAccount, e.GroupID, e.JoinType, e.OperatorAccount)
			}
		}))
	if err != nil {
		log.Fatal(err)
	}
	hs := httptest.NewServer(h)
	defer hs.Close()
	err = srv.SetCallback(app.SDKAppID, imtest.CallbackConfig{URL: hs.URL, Token: "my-callback-token",
		Commands: []string{callback.CommandGroupMemberJoin}})
	if err != nil {
		log.Fatal(err)
	}

	rc, err := srv.RESTClient(app.SDKAppID)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	id, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "team"})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := rc.Groups.AddMembers(ctx, &restapi.AddGroupMemberRequest{GroupID: id, MemberList: restapi.MemberAccounts("bob", "carol")}); err != nil {
		log.Fatal(err)
	}
	// Output:
	// welcome bob to @TGS#100000001 (Invited by administrator)
	// welcome carol to @TGS#100000001 (Invited by administrator)
}
