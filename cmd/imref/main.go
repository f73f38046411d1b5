// Command imref serves the imtest reference server on one address, for
// teams that test in another language: the IM console API, Tencent Cloud
// API 3.0's real actions about IM apps (cim DescribeSdkAppid, cam
// GetUserAppId, the Tag API; routed by the service a request is signed
// for, so Tencent's own SDKs work with the address as their endpoint), and
// the IM REST API as the imtest package provides it.
//
//	imref -addr 127.0.0.1:8080 -secret-id AKIDexample -secret-key mykey
//
// Without -secret-id and -secret-key it prints generated credentials.
// With -callback-url every app's third-party callbacks (C2C and group
// before/after callbacks, friends, profiles, state changes) are POSTed
// there as Tencent does, signed with -callback-token when given:
//
//	imref -callback-url http://127.0.0.1:9000/im/callback -callback-token mytoken
//
// It logs one line per request to standard error (never bodies or
// secrets) and shuts down cleanly on SIGINT or SIGTERM. Connections have
// imtest's timeouts (a whole request within 30 s, the answer within 2
// min, idle keep-alives closed after 30 s). It speaks plain HTTP with no
// access control beyond the signature: keep it on loopback or a private
// test network (docs/security.md).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/imconsole/imconsole/imtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run serves until ctx ends, then shuts down; it returns the exit code:
// 0 after a clean shutdown, 1 when serving failed, 2 for bad flags.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("imref", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks one)")
	secretID := fs.String("secret-id", "", "SecretId of the default account (generated when empty)")
	secretKey := fs.String("secret-key", "", "SecretKey of the default account (generated when empty)")
	callbackURL := fs.String("callback-url", "", "URL every app's callbacks are POSTed to (http:// or https://; none when empty)")
	callbackToken := fs.String("callback-token", "", "callback auth token: callbacks carry Sign and RequestTime (needs -callback-url)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if (*secretID == "") != (*secretKey == "") {
		fmt.Fprintln(stderr, "imref: give both -secret-id and -secret-key, or neither to generate them")
		return 2
	}
	if *callbackToken != "" && *callbackURL == "" {
		fmt.Fprintln(stderr, "imref: -callback-token needs -callback-url")
		return 2
	}
	opts := []imtest.Option{imtest.WithLogger(slog.New(slog.NewTextHandler(stderr, nil)))}
	if *secretID != "" {
		opts = append(opts, imtest.WithCredentials(*secretID, *secretKey))
	}
	if *callbackURL != "" {
		opts = append(opts, imtest.WithCallback(imtest.CallbackConfig{URL: *callbackURL, Token: *callbackToken}))
	}
	srv, err := imtest.Listen(*addr, opts...)
	if err != nil {
		fmt.Fprintln(stderr, "imref:", err)
		return 1
	}
	fmt.Fprintf(stdout, "imref serving on %s\n", srv.URL())
	if *secretID == "" {
		id, key := srv.Credentials()
		fmt.Fprintf(stdout, "IMCONSOLE_ENDPOINT=%s\nTENCENTCLOUD_SECRET_ID=%s\nTENCENTCLOUD_SECRET_KEY=%s\n", srv.URL(), id, key)
	}
	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		fmt.Fprintln(stderr, "imref: shutdown:", err)
		return 1
	}
	fmt.Fprintln(stdout, "imref stopped")
	return 0
}
