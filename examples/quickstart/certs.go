package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/certs/certstest"
	"github.com/imconsole/imconsole/client"
)

// pushCertificates uploads an iOS APNs certificate and an Android vendor
// config, then lists the app's push certificates. The .p12 is generated
// here (self-signed, shaped as Apple's) because a demo has no real one; in
// your code read the file Keychain Access exported.
func pushCertificates(ctx context.Context, console *imconsole.Console, sdkAppID uint64) error {
	step(consoleOnly, "upload an iOS APNs certificate (.p12, generated for the demo)")
	pw := make([]byte, 12)
	_, _ = rand.Read(pw)
	password := hex.EncodeToString(pw)
	p12, err := certstest.APNsP12("com.example.quickstart", certs.EnvironmentProduction, time.Now().AddDate(1, 0, 0), password)
	if err != nil {
		return err
	}
	if _, err := console.Certs.CreateIOS(ctx, sdkAppID, certs.APNsCertificate{P12: p12, Password: "wrong"}); client.HasCode(err, "InvalidParameterValue.P12Password") {
		fmt.Println("  a wrong password is refused before anything is sent")
	}
	ios, err := console.Certs.CreateIOS(ctx, sdkAppID, certs.APNsCertificate{P12: p12, Password: password})
	if err != nil {
		return err
	}
	fmt.Printf("  certificate %d: %s %s, expires %s; P12 %s, password %s (secrets never come back)\n",
		ios.CertificateID, ios.BundleID, ios.Environment, ios.ExpiresAt.Format(time.DateOnly), ios.P12, ios.P12Password)

	step(consoleOnly, "upload a Huawei push config")
	huawei := certs.Huawei{PackageName: "com.example.quickstart", AppID: "104412345", AppSecret: "demo-app-secret-0123456789"}
	android, err := console.Certs.CreateAndroid(ctx, sdkAppID, huawei,
		certs.OpenIntent("intent://chat#Intent;scheme=quickstart;component=com.example.quickstart/.ChatActivity;end"))
	if err != nil {
		return err
	}
	fmt.Printf("  certificate %d: %s %s, AppSecret %s, a tap opens %s\n",
		android.CertificateID, android.Vendor, android.PackageName, android.AppSecret, android.ClickAction.Type)

	step(consoleOnly, "list the push certificates")
	list, err := console.Certs.List(ctx, sdkAppID, "")
	if err != nil {
		return err
	}
	for _, c := range list {
		fmt.Printf("  %d %-7s %-6s %s%s\n", c.CertificateID, c.Platform, c.Vendor, c.BundleID, c.PackageName)
	}
	return nil
}
