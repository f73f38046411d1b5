package imconsole_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"testing"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
)

// Example runs against the in-process reference server. Creating apps
// and adding admins are console-protocol actions: in production they work
// against a console-protocol backend (imconsole.New with your credentials
// and client.WithEndpoint), not against Tencent Cloud, where they fail
// with client.ErrConsoleOnly.
func Example() {
	srv, err := imtest.Listen("127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	id, key := srv.Credentials()

	console, err := imconsole.New(client.WithCredentials(id, key), client.WithEndpoint(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	app, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: "chat", Region: apps.RegionSingapore})
	if err != nil {
		log.Fatal(err)
	}
	admin, err := console.Admins.Add(ctx, app.SDKAppID, "ops")
	if err != nil {
		log.Fatal(err)
	}
	_, err = console.Apps.Get(ctx, app.SDKAppID+1)
	fmt.Println(app.SDKAppID, admin.UserID, errors.Is(err, client.ErrNotFound))
	// Output: 1400000001 ops true
}

func TestNewWiresEveryService(t *testing.T) {
	t.Parallel()
	c, err := imconsole.New(client.WithCredentials("id", "key"), client.WithEndpoint("https://im.example.com"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Client == nil || c.Apps == nil || c.Admins == nil || c.Tags == nil || c.Certs == nil {
		t.Fatalf("a service is missing: %+v", c)
	}
	if _, err := imconsole.New(client.WithCredentials("id", "key"), client.WithEndpoint("ftp://x")); err == nil {
		t.Fatal("a bad endpoint must fail")
	}
}

// On Tencent Cloud (client.WithTencentCloud) only cim DescribeSdkAppid,
// cam GetUserAppId and the Tag API exist: a console-protocol call fails
// before anything is sent, matching client.ErrConsoleOnly.
func ExampleNew_tencentCloud() {
	cloud, err := imconsole.New(client.WithCredentials("AKIDexample", "key"), client.WithTencentCloud())
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	_, err = cloud.Apps.Get(ctx, 1400000001)
	fmt.Println(errors.Is(err, client.ErrConsoleOnly))
	_, err = cloud.Admins.List(ctx, 1400000001)
	fmt.Println(errors.Is(err, client.ErrConsoleOnly))
	_, err = cloud.Certs.List(ctx, 1400000001, "")
	fmt.Println(errors.Is(err, client.ErrConsoleOnly))
	// Output:
	// true
	// true
	// true
}
