// Command quickstart walks the IM console flow with imconsole: create an
// app, update its profile, read its secret, mint a UserSig with it and
// verify it, upgrade its edition, enable TRTC, add an admin, look up the
// account, tag the app and find it by tag; then, through the REST API as
// admin ops, import and check accounts, send, read back and recall a
// message, set a nickname, and create a group, add a member, post to it,
// mute the member and dissolve it; upload push certificates; create,
// disable and delete a trial app; and last list the account's SDKAppIDs
// and every app. Each step says whether it works on Tencent Cloud too or
// is an action of the console protocol only (served by imtest, cmd/imref
// and self-hosted console backends).
//
// It needs nothing else: it starts the reference server (imtest) in-process.
// With IMCONSOLE_ENDPOINT, TENCENTCLOUD_SECRET_ID and
// TENCENTCLOUD_SECRET_KEY set it runs against that server instead, REST
// API calls included: they go to /v4/ on the same address, where imtest
// and cmd/imref serve them.
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/usersig"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()

	console, restBaseURL, stop, err := connect()
	if err != nil {
		return err
	}
	defer stop()

	step(consoleOnly, "create an app")
	app, err := console.Apps.Create(ctx, &apps.CreateRequest{
		AppName: "quickstart", AppType: "Social", Intro: "made by examples/quickstart", Region: apps.RegionSingapore,
	})
	if err != nil {
		return err
	}
	fmt.Printf("  app %d %q: %s, %s, %s\n", app.SDKAppID, app.AppName, app.Edition, app.Status, app.SignatureAlgorithm)

	step(consoleOnly, "update its profile")
	intro := "a demo app"
	if app, err = console.Apps.UpdateProfile(ctx, app.SDKAppID, apps.ProfileUpdate{Intro: &intro}); err != nil {
		return err
	}
	fmt.Printf("  intro: %q\n", app.Intro)

	step(consoleOnly, "read its secret key")
	secret, err := console.Apps.Secret(ctx, app.SDKAppID)
	if err != nil {
		return err
	}
	fmt.Printf("  %v (printing a Secret never shows the key)\n", secret)

	step(local, "mint a UserSig for user alice and verify it")
	signer, err := usersig.NewHMACSigner(app.SDKAppID, secret.Key)
	if err != nil {
		return err
	}
	sig, err := signer.Sign("alice", 24*time.Hour)
	if err != nil {
		return err
	}
	verifier, err := usersig.NewHMACVerifier(app.SDKAppID, secret.Key)
	if err != nil {
		return err
	}
	token, err := verifier.Verify(sig, "alice")
	if err != nil {
		return err
	}
	fmt.Printf("  a %d-character UserSig for %s, valid until %s\n", len(sig), token.UserID, token.ExpiresAt().UTC().Format(time.RFC3339))

	step(consoleOnly, "upgrade to Pro")
	if app, err = console.Apps.UpgradeEdition(ctx, app.SDKAppID, apps.EditionPro); err != nil {
		return err
	}
	fmt.Printf("  edition %s, package expires %s\n", app.Edition, app.ExpiresAt.Format(time.DateOnly))

	step(consoleOnly, "enable TRTC")
	if app, err = console.Apps.EnableTRTC(ctx, app.SDKAppID); err != nil {
		return err
	}
	fmt.Printf("  TRTC enabled: %v\n", app.TRTCEnabled)
	if err := adminsAndTags(ctx, console, app.SDKAppID); err != nil {
		return err
	}

	if err := restAPI(ctx, console, restBaseURL, app.SDKAppID); err != nil {
		return err
	}

	if err := pushCertificates(ctx, console, app.SDKAppID); err != nil {
		return err
	}

	step(consoleOnly, "create a throwaway trial app, then disable and delete it")
	trial, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: "scratch", Region: apps.RegionChina})
	if err != nil {
		return err
	}
	if err := console.Apps.Delete(ctx, trial.SDKAppID); err != nil {
		fmt.Printf("  deleting an enabled app is refused: %v\n", err)
	}
	if err := console.Apps.Disable(ctx, trial.SDKAppID); err != nil {
		return err
	}
	if err := console.Apps.Delete(ctx, trial.SDKAppID); err != nil {
		return err
	}
	fmt.Printf("  app %d disabled and deleted\n", trial.SDKAppID)

	step(tencentCloud, "list the account's SDKAppIDs (cim DescribeSdkAppid)")
	ids, err := console.Apps.ListIDs(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("  %d apps: %v\n", len(ids), ids)

	step(consoleOnly, "list every app")
	for a, err := range console.Apps.All(ctx, nil) {
		if err != nil {
			return err
		}
		fmt.Printf("  %d %-12s %-8s %s\n", a.SDKAppID, a.AppName, a.Edition, a.Status)
	}
	fmt.Println("done")
	return nil
}

// connect returns a Console for IMCONSOLE_ENDPOINT when it is set, or for a
// reference server started in-process, and the base URL of the REST API:
// the same server's.
func connect() (*imconsole.Console, string, func(), error) {
	if endpoint := os.Getenv(client.EnvEndpoint); endpoint != "" {
		c, err := imconsole.New()
		return c, endpoint, func() {}, err
	}
	srv, err := imtest.Listen("127.0.0.1:0")
	if err != nil {
		return nil, "", nil, err
	}
	fmt.Println("reference server at", srv.URL())
	return srv.Console(), srv.URL(), srv.Close, nil
}

// The kinds of step the quickstart prints: what serves each.
const (
	// consoleOnly is an action of the IM console protocol: imtest,
	// cmd/imref and self-hosted console backends serve it, Tencent Cloud
	// API 3.0 does not (client.ErrConsoleOnly with WithTencentCloud).
	consoleOnly = "console protocol only"
	// tencentCloud works against real Tencent Cloud too: the IM REST API,
	// apps.ListIDs, the account lookup and tags.
	tencentCloud = "works on Tencent Cloud"
	// local calls no server: minting and verifying UserSigs, which works
	// the same with a real app's key from Tencent's IM web console.
	local = "local, no server"
)

// step prints the next step and what serves it.
func step(kind, what string) { fmt.Printf("==> %s [%s]\n", what, kind) }
