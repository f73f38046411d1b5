package imtest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

// exampleClock is the fixed time the examples' servers start from.
func exampleClock() time.Time { return time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC) }

// exampleApp starts a server on exampleClock with an app whose accounts
// users are imported, and returns a REST client of the app. Close the
// server when done; it is closed already when exampleApp fails.
func exampleApp(users ...string) (*imtest.Server, *apps.App, *restapi.Client, error) {
	srv, err := imtest.Listen("127.0.0.1:0", imtest.WithClock(exampleClock))
	if err != nil {
		return nil, nil, nil, err
	}
	app, err := srv.SeedApp(imtest.AppSeed{})
	if err == nil {
		err = srv.ImportAccounts(app.SDKAppID, users...)
	}
	var rc *restapi.Client
	if err == nil {
		rc, err = srv.RESTClient(app.SDKAppID)
	}
	if err != nil {
		srv.Close()
		return nil, nil, nil, err
	}
	return srv, app, rc, nil
}

// Outside a test (no *testing.T for NewServer): New, Start and Close. In
// tests, imtest.NewServer(t) does all three.
func Example() {
	srv, err := imtest.New(imtest.WithClock(exampleClock))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	app, err := srv.Console().Apps.Create(context.Background(), &apps.CreateRequest{AppName: "demo", Region: apps.RegionSingapore})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(app.SDKAppID, app.AppName, app.Edition, app.Status)
	// Output: 1400000001 demo Trial Enabled
}

// A fault fails every try of the next Get (reads retry InternalError),
// and Requests shows them.
func ExampleServer_Inject() {
	srv, err := imtest.Listen("127.0.0.1:0", imtest.WithClock(exampleClock))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	ctx := context.Background()
	console := srv.Console()
	app, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: "demo", Region: apps.RegionChina})
	if err != nil {
		fmt.Println(err)
		return
	}

	srv.Inject(imtest.Fault{Action: apps.ActionGet, Code: "InternalError", Times: client.DefaultRetryMax + 1})
	_, err = console.Apps.Get(ctx, app.SDKAppID)
	fmt.Println(errors.Is(err, client.ErrInternal), len(srv.RequestsFor(apps.ActionGet)))
	_, err = console.Apps.Get(ctx, app.SDKAppID) // the fault is used up
	fmt.Println(err)
	// Output:
	// true 4
	// <nil>
}

// Advance lets a global mute run out without waiting.
func ExampleServer_Advance() {
	srv, app, rc, err := exampleApp("alice")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	err = rc.Mute.Set(context.Background(), &restapi.MuteRequest{SetAccount: "alice", C2CMsgNoSpeakingTime: restapi.MuteSeconds(time.Hour)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(srv.Muted(app.SDKAppID, "alice"))
	srv.Advance(45 * time.Minute)
	fmt.Println(srv.Muted(app.SDKAppID, "alice"))
	srv.Advance(15 * time.Minute)
	fmt.Println(srv.Muted(app.SDKAppID, "alice"))
	// Output:
	// C2C muted 3600s, group not muted
	// C2C muted 900s, group not muted
	// C2C not muted, group not muted
}

// Requests lists every request the server answered, oldest first: the
// console or cloud action or the REST API "service/command", the app it
// named, and the answer's HTTP status and error code.
func ExampleServer_Requests() {
	srv, app, rc, err := exampleApp("alice")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	ctx := context.Background()
	_, _ = srv.Console().Apps.Get(ctx, app.SDKAppID)
	_, _ = rc.Accounts.Check(ctx, "alice")
	_ = rc.Presence.Kick(ctx, "bob") // not imported: 70107

	for _, r := range srv.Requests() {
		fmt.Printf("%s %d HTTP %d %q\n", r.Action, r.SDKAppID, r.Status, r.Code) // Code "" on success
	}
	// Output:
	// DescribeIMApp 1400000001 HTTP 200 ""
	// im_open_login_svc/account_check 1400000001 HTTP 200 ""
	// im_open_login_svc/kick 1400000001 HTTP 200 "70107"
}

// Conversation reads back what code under test sent through the REST API.
func ExampleServer_Conversation() {
	srv, app, rc, err := exampleApp("alice", "bob")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	_, err = rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{
		FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("hi bob")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range srv.Conversation(app.SDKAppID, "alice", "bob") {
		fmt.Printf("%s -> %s: %q\n", m.FromAccount, m.ToAccount, m.MsgBody[0].MsgContent.(*restapi.TextElem).Text)
	}
	// Output: alice -> bob: "hi bob"
}

// A callback.Handler served by httptest refuses spam: the sender gets
// 20006, nothing is stored, and CallbackDeliveries shows the POST.
func ExampleServer_CallbackDeliveries() {
	srv, app, rc, err := exampleApp("alice", "bob")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	h, err := callback.NewHandler(app.SDKAppID, "callback-token",
		callback.WithClock(srv.Now), // the server signs RequestTime with its clock
		callback.OnC2CBeforeSendMsg(func(_ context.Context, e *callback.C2CBeforeSendMsg) callback.Decision {
			if t, ok := e.MsgBody[0].MsgContent.(*restapi.TextElem); ok && strings.Contains(t.Text, "spam") {
				return callback.Refuse("no spam")
			}
			return callback.Allow()
		}))
	if err != nil {
		fmt.Println(err)
		return
	}
	hs := httptest.NewServer(h)
	defer hs.Close()
	err = srv.SetCallback(app.SDKAppID, imtest.CallbackConfig{
		URL: hs.URL, Token: "callback-token", Commands: []string{callback.CommandC2CBeforeSendMsg},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	_, err = rc.Messages.Send(context.Background(), &restapi.SendMsgRequest{
		FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text("cheap spam")},
	})
	fmt.Println(restapi.HasCode(err, 20006), len(srv.Conversation(app.SDKAppID, "alice", "bob")))
	for _, d := range srv.CallbackDeliveries(app.SDKAppID) {
		fmt.Println(d.Command, d.Status, d.Outcome)
	}
	// Output:
	// true 0
	// C2C.CallbackBeforeSendMsg 200 refused
}

// A paid app whose package expired is still served for the 24 hours it
// has to renew; then it is Disabled and the REST API answers 60020
// (restapi.ErrAppDisabled) until Renew.
func ExampleServer_Renew() {
	srv, err := imtest.Listen("127.0.0.1:0", imtest.WithClock(exampleClock))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	app, err := srv.SeedApp(imtest.AppSeed{Edition: apps.EditionPro, Status: apps.StatusExpired}) // expires now
	if err == nil {
		err = srv.ImportAccounts(app.SDKAppID, "alice")
	}
	var rc *restapi.Client
	if err == nil {
		rc, err = srv.RESTClient(app.SDKAppID)
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	status := func() apps.Status {
		a, err := srv.Console().Apps.Get(ctx, app.SDKAppID)
		if err != nil {
			return apps.Status(err.Error())
		}
		return a.Status
	}

	_, err = rc.Accounts.Check(ctx, "alice")
	fmt.Println(status(), err)
	srv.Advance(24*time.Hour + time.Second)
	_, err = rc.Accounts.Check(ctx, "alice")
	fmt.Println(status(), errors.Is(err, restapi.ErrAppDisabled), restapi.HasCode(err, 60020))
	if err := srv.Renew(app.SDKAppID); err != nil {
		fmt.Println(err)
		return
	}
	_, err = rc.Accounts.Check(ctx, "alice")
	fmt.Println(status(), err)
	// Output:
	// Expired <nil>
	// Disabled true true
	// Enabled <nil>
}
