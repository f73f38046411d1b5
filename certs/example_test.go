package certs_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/certs/certstest"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
)

// exampleApp starts a reference server with one app. In real code the
// Console comes from imconsole.New and the app already exists.
func exampleApp() (console *imconsole.Console, sdkAppID uint64, stop func()) {
	srv, err := imtest.Listen("127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	app, err := srv.SeedApp(imtest.AppSeed{})
	if err != nil {
		log.Fatal(err)
	}
	return srv.Console(), app.SDKAppID, srv.Close
}

// notAfter is when the example certificates expire.
var notAfter = time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC)

// Upload an iOS certificate and an Android vendor config, then list them.
func Example() {
	console, sdkAppID, stop := exampleApp()
	defer stop()
	ctx := context.Background()

	// In real code: p12, err := os.ReadFile("apns-production.p12")
	p12, err := certstest.APNsP12("com.example.chat", certs.EnvironmentProduction, notAfter, "export-password")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := console.Certs.CreateIOS(ctx, sdkAppID, certs.APNsCertificate{P12: p12, Password: "export-password"}); err != nil {
		log.Fatal(err)
	}
	// ChannelID and BadgeClass (the console's 角标参数, the launcher
	// Activity) are optional.
	huawei := certs.Huawei{PackageName: "com.example.chat", AppID: "104412345", AppSecret: "the-app-secret",
		ChannelID: "im_messages", BadgeClass: "com.example.chat.MainActivity"}
	hw, err := console.Certs.CreateAndroid(ctx, sdkAppID, huawei, certs.OpenApp())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(hw.ChannelID, hw.BadgeClass, hw.AppSecret)

	list, err := console.Certs.List(ctx, sdkAppID, "")
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range list {
		fmt.Println(c.CertificateID, c.Platform, c.Vendor, c.BundleID+c.PackageName)
	}
	// Output:
	// im_messages com.example.chat.MainActivity ******
	// 10001 iOS APNs com.example.chat
	// 10002 Android Huawei com.example.chat
}

func ExampleService_CreateIOS() {
	console, sdkAppID, stop := exampleApp()
	defer stop()

	p12, err := certstest.APNsP12("com.example.chat", certs.EnvironmentDevelopment, notAfter, "export-password")
	if err != nil {
		log.Fatal(err)
	}
	cert, err := console.Certs.CreateIOS(context.Background(), sdkAppID, certs.APNsCertificate{P12: p12, Password: "export-password"})
	if err != nil {
		log.Fatal(err)
	}
	// The bundle ID, environment and expiry come from the certificate; the
	// secrets never come back.
	fmt.Println(cert.CertificateID, cert.BundleID, cert.Environment, cert.ExpiresAt.Format(time.DateOnly))
	fmt.Println(cert.P12, cert.P12Password)

	_, err = console.Certs.CreateIOS(context.Background(), sdkAppID, certs.APNsCertificate{P12: p12, Password: "guess"})
	fmt.Println(client.HasCode(err, "InvalidParameterValue.P12Password"))
	// Output:
	// 10001 com.example.chat Development 2099-12-31
	// ****** ******
	// true
}

func ExampleService_CreateIOSToken() {
	console, sdkAppID, stop := exampleApp()
	defer stop()

	key, err := certstest.P8Key() // in real code: os.ReadFile("AuthKey_KEY1234567.p8")
	if err != nil {
		log.Fatal(err)
	}
	tok, err := console.Certs.CreateIOSToken(context.Background(), sdkAppID, certs.APNsToken{
		Key: key, KeyID: "KEY1234567", TeamID: "ABCDE12345",
		BundleID: "com.example.chat", Environment: certs.EnvironmentProduction,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.CertificateID, tok.AuthType, tok.KeyID, tok.TeamID, tok.Environment, tok.P8Key)
	// Output: 10001 Token KEY1234567 ABCDE12345 Production ******
}

func ExampleService_CreateAndroid() {
	console, sdkAppID, stop := exampleApp()
	defer stop()
	ctx := context.Background()

	oppo := certs.OPPO{PackageName: "com.example.chat", AppKey: "oppo-app-key", MasterSecret: "oppo-master-secret", ChannelID: "im_messages"}
	cert, err := console.Certs.CreateAndroid(ctx, sdkAppID, oppo, certs.OpenActivity("com.example.chat.ChatActivity"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cert.CertificateID, cert.Vendor, cert.ChannelID, cert.MasterSecret, cert.ClickAction.Activity)

	// A missing field is named before anything is sent.
	_, err = console.Certs.CreateAndroid(ctx, sdkAppID, certs.Xiaomi{PackageName: "com.example.chat", AppSecret: "s"}, certs.ClickAction{})
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code+":", apiErr.Message)
	}
	// Output:
	// 10001 OPPO im_messages ****** com.example.chat.ChatActivity
	// MissingParameter: Xiaomi needs AppId: the Xiaomi Open Platform > your app > Push service
}

func ExampleService_Update() {
	console, sdkAppID, stop := exampleApp()
	defer stop()
	ctx := context.Background()

	cert, err := console.Certs.CreateAndroid(ctx, sdkAppID, certs.Vivo{PackageName: "com.example.chat", AppID: "105550000", AppKey: "vivo-key", AppSecret: "old-secret"}, certs.ClickAction{})
	if err != nil {
		log.Fatal(err)
	}
	// Rotate the secret only: the fields left empty are kept.
	cert, err = console.Certs.Update(ctx, sdkAppID, cert.CertificateID, certs.Update{Credential: certs.Vivo{AppSecret: "new-secret"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cert.AppID, cert.AppKey, cert.AppSecret)

	// Change where a tap leads.
	news := certs.OpenURL("https://example.com/news")
	cert, err = console.Certs.Update(ctx, sdkAppID, cert.CertificateID, certs.Update{ClickAction: &news})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cert.ClickAction.Type, cert.ClickAction.URL)
	// Output:
	// 105550000 vivo-key ******
	// OpenURL https://example.com/news
}

func ExampleService_Delete() {
	console, sdkAppID, stop := exampleApp()
	defer stop()
	ctx := context.Background()

	cert, err := console.Certs.CreateAndroid(ctx, sdkAppID, certs.Meizu{PackageName: "com.example.chat", AppID: "130000", AppSecret: "s"}, certs.ClickAction{})
	if err != nil {
		log.Fatal(err)
	}
	if err := console.Certs.Delete(ctx, sdkAppID, cert.CertificateID); err != nil {
		log.Fatal(err)
	}
	_, err = console.Certs.Get(ctx, sdkAppID, cert.CertificateID)
	fmt.Println(errors.Is(err, client.ErrNotFound))
	// Output: true
}

// HarmonyOS is a platform of its own: a Push Kit service account, the
// self-classification Push Kit granted, and a tap that opens the app or
// one of its pages.
func ExampleService_CreateHarmonyOS() {
	console, sdkAppID, stop := exampleApp()
	defer stop()

	agcJSON, err := certstest.HarmonyServiceAccountJSON("example-project") // in real code: os.ReadFile the file from AppGallery Connect
	if err != nil {
		log.Fatal(err)
	}
	cert, err := console.Certs.CreateHarmonyOS(context.Background(), sdkAppID, certs.HarmonyOS{PackageName: "com.example.chat", ServiceAccountJSON: agcJSON,
		Category: certs.HarmonyCategoryIM}, certs.OpenPageURI("myapp://chat:8080/detail"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cert.CertificateID, cert.Platform, cert.Vendor, cert.PackageName, cert.ProjectID, cert.Category)
	fmt.Println(cert.ClickAction.Type, cert.ClickAction.PageURI, cert.ServiceAccountJSON)

	// Never a web page.
	_, err = console.Certs.CreateHarmonyOS(context.Background(), sdkAppID, certs.HarmonyOS{PackageName: "com.example.chat", ServiceAccountJSON: agcJSON,
		Category: certs.HarmonyCategoryIM}, certs.OpenURL("https://example.com/inbox"))
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code)
	}
	// Output:
	// 10001 HarmonyOS HarmonyOS com.example.chat example-project IM
	// OpenPage myapp://chat:8080/detail ******
	// InvalidParameterValue.ClickAction
}

// Check a .p12 before uploading it, for example in CI.
func ExampleInspectP12() {
	p12, err := certstest.APNsP12("com.example.chat", certs.EnvironmentProduction, notAfter, "export-password")
	if err != nil {
		log.Fatal(err)
	}
	info, err := certs.InspectP12(p12, "export-password", time.Now())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(info.CommonName)
	fmt.Println(info.BundleID, info.Environment, info.ExpiresAt.Format(time.DateOnly))

	_, err = certs.InspectP12(p12, "export-password", notAfter.Add(time.Second))
	fmt.Println(client.HasCode(err, "InvalidParameterValue.CertificateExpired"))
	// Output:
	// Apple Push Services: com.example.chat
	// com.example.chat Production 2099-12-31
	// true
}
