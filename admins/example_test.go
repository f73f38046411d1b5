package admins_test

import (
	"context"
	"fmt"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/admins"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
)

// exampleApp starts a reference server with one app and returns its
// console, the app and a function that stops the server. In real code the
// Console comes from imconsole.New and the app already exists.
func exampleApp() (*imconsole.Console, *apps.App, func()) {
	srv, err := imtest.Listen("127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	app, err := srv.SeedApp(imtest.AppSeed{AppName: "chat"})
	if err != nil {
		srv.Close()
		panic(err)
	}
	return srv.Console(), app, srv.Close
}

// Add an admin to an app, list the admins, and see that the default admin
// cannot be removed.
func Example() {
	console, app, stop := exampleApp()
	defer stop()
	ctx := context.Background()

	if _, err := console.Admins.Add(ctx, app.SDKAppID, "ops-bot"); err != nil {
		panic(err)
	}
	list, err := console.Admins.List(ctx, app.SDKAppID)
	if err != nil {
		panic(err)
	}
	for _, a := range list {
		fmt.Println(a.UserID, a.Default)
	}

	err = console.Admins.Delete(ctx, app.SDKAppID, admins.DefaultAdmin)
	fmt.Println(client.HasCode(err, "FailedOperation.DefaultAdmin"))

	if err := console.Admins.Delete(ctx, app.SDKAppID, "ops-bot"); err != nil {
		panic(err)
	}
	// Output:
	// administrator true
	// ops-bot false
	// true
}

func ExampleService_Add() {
	console, app, stop := exampleApp()
	defer stop()
	ctx := context.Background()

	a, err := console.Admins.Add(ctx, app.SDKAppID, "backend")
	if err != nil {
		panic(err)
	}
	fmt.Println(a.UserID)

	// A malformed UserId is refused before anything is sent.
	_, err = console.Admins.Add(ctx, app.SDKAppID, "管理员")
	fmt.Println(err)
	// Output:
	// backend
	// imconsole: AddIMAppAdmin: InvalidParameterValue.UserId: UserId "管理员" has byte 0xe7 at offset 0: use only printable ASCII (0x20-0x7E)
}
