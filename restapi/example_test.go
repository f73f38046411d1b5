package restapi_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// exampleApp starts a reference server with one app and returns a REST API
// client for it as "administrator". Real code gets the SDKAppID and key
// from the console (console.Apps.Secret) and uses WithRegion instead of
// WithBaseURL.
func exampleApp() (*imtest.Server, uint64, *restapi.Client) {
	srv, err := imtest.Listen("127.0.0.1:0")
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
	rc, err := restapi.New(app.SDKAppID, "administrator", signer, restapi.WithBaseURL(srv.URL()))
	if err != nil {
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
