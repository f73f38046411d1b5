package apps_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
)

// Examples run against the in-process reference server; in production the
// Console comes from imconsole.New with your credentials and endpoint.
func newConsoleForExample() (*apps.Service, func()) {
	srv, err := imtest.Listen("127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	return srv.Console().Apps, srv.Close
}

// createForExample creates one app per name, in order.
func createForExample(ctx context.Context, svc *apps.Service, region apps.Region, names ...string) {
	for _, name := range names {
		if _, err := svc.Create(ctx, &apps.CreateRequest{AppName: name, Region: region}); err != nil {
			log.Fatal(err)
		}
	}
}

func ExampleService_Create() {
	svc, stop := newConsoleForExample()
	defer stop()
	ctx := context.Background()

	app, err := svc.Create(ctx, &apps.CreateRequest{AppName: "chat", AppType: "Social", Region: apps.RegionSingapore})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(app.SDKAppID, app.Edition, app.Status, app.SignatureAlgorithm)
	// Output: 1400000001 Trial Enabled HMAC-SHA256
}

func ExampleService_Delete() {
	svc, stop := newConsoleForExample()
	defer stop()
	ctx := context.Background()
	app, _ := svc.Create(ctx, &apps.CreateRequest{AppName: "scratch", Region: apps.RegionChina})

	err := svc.Delete(ctx, app.SDKAppID)
	var apiErr *client.APIError
	if errors.Is(err, client.ErrFailedOperation) && errors.As(err, &apiErr) {
		fmt.Println("refused:", apiErr.Message)
	}
	if err := svc.Disable(ctx, app.SDKAppID); err != nil {
		log.Fatal(err)
	}
	if err := svc.Delete(ctx, app.SDKAppID); err != nil {
		log.Fatal(err)
	}
	_, err = svc.Get(ctx, app.SDKAppID)
	fmt.Println("gone:", errors.Is(err, client.ErrNotFound))
	// Output:
	// refused: app 1400000001 is Enabled; disable it before deleting
	// gone: true
}

func ExampleService_All() {
	svc, stop := newConsoleForExample()
	defer stop()
	ctx := context.Background()
	createForExample(ctx, svc, apps.RegionChina, "one", "two", "three")
	for app, err := range svc.All(ctx, &apps.ListOptions{Limit: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(app.SDKAppID, app.AppName)
	}
	// Output:
	// 1400000001 one
	// 1400000002 two
	// 1400000003 three
}

func ExampleService_Secret() {
	svc, stop := newConsoleForExample()
	defer stop()
	ctx := context.Background()
	app, _ := svc.Create(ctx, &apps.CreateRequest{AppName: "keys", Region: apps.RegionChina})

	secret, err := svc.Secret(ctx, app.SDKAppID)
	if err != nil {
		log.Fatal(err)
	}
	// secret.Key signs UserSigs (see package usersig); printing never shows it.
	fmt.Println(secret, len(secret.Key))
	// Output: apps.Secret{SignatureAlgorithm: HMAC-SHA256, keys: [redacted]} 64
}

func ExampleService_UpgradeEdition() {
	svc, stop := newConsoleForExample()
	defer stop()
	ctx := context.Background()
	createForExample(ctx, svc, apps.RegionSingapore, "chat", "scratch")

	app, err := svc.UpgradeEdition(ctx, 1400000001, apps.EditionPro)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(app.AppName, app.Edition, app.ExpiresAt.Sub(app.CreatedAt).Hours()/24 >= 365)
	_, err = svc.UpgradeEdition(ctx, app.SDKAppID, apps.EditionTrial)
	fmt.Println(client.HasCode(err, "FailedOperation.DowngradeNotAllowed"))

	pro, err := svc.List(ctx, &apps.ListOptions{Edition: apps.EditionPro})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pro.TotalCount, pro.Apps[0].AppName)
	// Output:
	// chat Pro true
	// true
	// 1 chat
}

func ExampleService_ListIDs() {
	svc, stop := newConsoleForExample()
	defer stop()
	ctx := context.Background()
	createForExample(ctx, svc, apps.RegionChina, "one", "two")

	// cim DescribeSdkAppid: the same call works on real Tencent Cloud.
	ids, err := svc.ListIDs(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ids)
	// Output: [1400000001 1400000002]
}
