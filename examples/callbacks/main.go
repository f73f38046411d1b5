// Command callbacks receives Tencent IM's third-party callbacks in Go and
// tries them against the reference server: it starts imtest in-process,
// serves a callback.Handler (handler.go, the part a backend keeps) on a
// local port, points the app's callbacks at it and sends three messages
// through the REST API: one the handler lets through, one it refuses
// (the sender gets 20006) and one whose body it rewrites. Then it prints
// the conversation as stored and every callback the server POSTed.
//
// Against Tencent Cloud the handler is the same: serve it on a public
// HTTPS URL, set that URL and the callback token (callback auth on) in the
// IM console, and pass time.Now as its clock (the default).
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/restapi"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "callbacks:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	lg := log.New(out, "", 0) // the handler prints from its own goroutines

	srv, err := imtest.Listen("127.0.0.1:0")
	if err != nil {
		return err
	}
	defer srv.Close()
	app, err := srv.Console().Apps.Create(ctx, &apps.CreateRequest{
		AppName: "callbacks", AppType: "Social", Intro: "made by examples/callbacks", Region: apps.RegionSingapore,
	})
	if err != nil {
		return err
	}
	lg.Printf("app %d on the reference server at %s", app.SDKAppID, srv.URL())

	// The callback token: in production the one set in the IM console,
	// read from a secret store, never logged.
	const token = "example-callback-token"
	h, err := newHandler(app.SDKAppID, token, srv.Now, lg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("POST /im/callback", h)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = hs.Serve(ln) }() // ends with ErrServerClosed at Close
	defer hs.Close()
	if err := srv.SetCallback(app.SDKAppID, imtest.CallbackConfig{URL: "http://" + ln.Addr().String() + "/im/callback", Token: token}); err != nil {
		return err
	}
	lg.Printf("callbacks go to http://%s/im/callback", ln.Addr())

	rc, err := srv.RESTClient(app.SDKAppID) // as the app's administrator
	if err != nil {
		return err
	}
	failed, err := rc.Accounts.ImportMany(ctx, []restapi.Account{{UserID: "alice"}, {UserID: "bob"}})
	if err != nil {
		return err
	}
	if len(failed) > 0 {
		return fmt.Errorf("accounts not imported: %v", failed)
	}
	for _, text := range []string{"hello bob", "cheap spam here", "darn, the build broke"} {
		lg.Printf("alice sends %q", text)
		_, err := rc.Messages.Send(ctx, &restapi.SendMsgRequest{
			FromAccount: "alice", ToAccount: "bob", MsgBody: []restapi.Element{restapi.Text(text)},
		})
		switch {
		case restapi.HasCode(err, 20006): // sendmsg's code when C2C.CallbackBeforeSendMsg refuses
			lg.Printf("  refused by the callback: %v", err)
		case err != nil:
			return err
		}
	}

	lg.Print("stored between alice and bob:")
	for _, m := range srv.Conversation(app.SDKAppID, "alice", "bob") {
		lg.Printf("  %s: %q", m.FromAccount, textOf(m.MsgBody))
	}
	lg.Print("callbacks the server POSTed:")
	for _, d := range srv.CallbackDeliveries(app.SDKAppID) {
		lg.Printf("  %-28s HTTP %d %s", d.Command, d.Status, d.Outcome)
	}
	return nil
}
