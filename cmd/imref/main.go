// Command imref serves the imtest reference server on one address, for
// teams that test in another language: the IM console API (this
// project's own protocol, docs/protocol.md; Tencent does not serve it),
// Tencent Cloud API 3.0's real actions about IM apps (cim DescribeSdkAppid, cam
// GetUserAppId, the Tag API; routed by the service a request is signed
// for, so Tencent's own SDKs work with the address as their endpoint), and
// the IM REST API as the imtest package provides it.
//
//	TENCENTCLOUD_SECRET_ID=AKIDexample TENCENTCLOUD_SECRET_KEY=mykey imref -addr 127.0.0.1:8080
//
// The default account's SecretId and SecretKey come from -secret-id and
// -secret-key, or else from the TENCENTCLOUD_SECRET_ID and
// TENCENTCLOUD_SECRET_KEY environment variables (the names Tencent's SDKs
// read); prefer the environment for the key, as other users of the
// machine see command lines (ps). With neither, imref generates them and
// prints them in that form. With -callback-url every app's third-party
// callbacks (C2C and group before/after callbacks, friends, profiles,
// state changes) are POSTed there as Tencent does, signed with the
// callback token when one is given, by -callback-token or, preferably, the
// IMREF_CALLBACK_TOKEN environment variable:
//
//	IMREF_CALLBACK_TOKEN=mytoken imref -callback-url http://127.0.0.1:9000/im/callback
//
// It takes no arguments besides its flags. Exit status: 0 after a clean
// shutdown or for -h, 1 when it cannot listen or serve or when a shutdown
// had to cut off requests still in flight after -shutdown-timeout
// (default 5s), 2 for bad flags
// or environment (an argument that is not a flag, an -addr that is not
// host:port, a negative -shutdown-timeout, one credential without the
// other, a callback token without -callback-url, a callback URL that is
// not http:// or https:// with a host).
//
// It logs one line per request to standard error (never bodies or
// secrets) and shuts down cleanly on SIGINT or SIGTERM. Connections have
// imtest's timeouts (a whole request within 30 s, the answer within 2
// min, idle keep-alives closed after 30 s). It speaks plain HTTP with no
// access control beyond the signature: keep it on loopback or a private
// test network (docs/security.md); it warns on standard error when the
// address it listens on is not loopback.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/imconsole/imconsole/imtest"
	"github.com/imconsole/imconsole/internal/cliflag"
)

// The environment variables imref reads when the matching flag is not
// given.
const (
	envSecretID      = "TENCENTCLOUD_SECRET_ID"
	envSecretKey     = "TENCENTCLOUD_SECRET_KEY"
	envCallbackToken = "IMREF_CALLBACK_TOKEN"
)

// seenInPS is why the help of a secret's flag prefers its environment
// variable.
const seenInPS = "as other users of the machine see command lines (ps)"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second Ctrl-C during the shutdown's wait ends imref at once
	}()
	os.Exit(run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// run serves until ctx ends, then shuts down; it returns the exit code:
// 0 after a clean shutdown or for -h, 1 when serving failed or the
// shutdown cut off requests in flight, 2 for bad flags. env looks up the environment variables that stand in for flags
// not given.
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("imref", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks one); keep it on loopback")
	secretID := fs.String("secret-id", "", "SecretId of the default account (default $"+envSecretID+"; generated with the key when neither is set)")
	secretKey := fs.String("secret-key", "", "SecretKey of the default account; prefer $"+envSecretKey+", read when this is empty, "+seenInPS)
	callbackURL := fs.String("callback-url", "", "URL every app's callbacks are POSTed to (http:// or https://; none when empty)")
	grace := fs.Duration("shutdown-timeout", 5*time.Second, "how long a shutdown waits for requests in flight before it cuts them off and exits 1")
	callbackToken := fs.String("callback-token", "", "callback auth token: callbacks carry Sign and RequestTime (needs -callback-url); prefer $"+envCallbackToken+", read when this is empty, "+seenInPS)
	// cliflag.Parse, not fs.Parse: the flag package would quote a
	// SecretKey given as ---secret-key=KEY whole.
	if err := cliflag.Parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) { // -h or -help: asked for
			fs.Usage()
			return 0
		}
		fmt.Fprintln(stderr, "imref:", err)
		fs.Usage()
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "imref: unexpected argument %s: imref takes only flags, and reads none after an argument\n", cliflag.Shown(fs.Arg(0)))
		fs.Usage()
		return 2
	}
	if _, port, err := net.SplitHostPort(*addr); err != nil || !validPort(port) {
		fmt.Fprintf(stderr, "imref: -addr %s: give host:port, with a port from 0 to 65535 (0 picks a free one), such as 127.0.0.1:8080\n", cliflag.Value(*addr))
		return 2
	}
	if *grace < 0 {
		fmt.Fprintf(stderr, "imref: -shutdown-timeout %s: give a duration of 0 or more, such as 5s\n", *grace)
		return 2
	}
	id, key := cmp.Or(*secretID, env(envSecretID)), cmp.Or(*secretKey, env(envSecretKey))
	token := cmp.Or(*callbackToken, env(envCallbackToken))
	if (id == "") != (key == "") {
		fmt.Fprintf(stderr, "imref: give both the SecretId and the SecretKey (-secret-id or $%s, -secret-key or $%s), or neither to generate them\n", envSecretID, envSecretKey)
		return 2
	}
	if token != "" && *callbackURL == "" {
		fmt.Fprintf(stderr, "imref: a callback token (-callback-token or $%s) needs -callback-url\n", envCallbackToken)
		return 2
	}
	opts := []imtest.Option{imtest.WithLogger(slog.New(slog.NewTextHandler(stderr, nil)))}
	if id != "" {
		opts = append(opts, imtest.WithCredentials(id, key))
	}
	if *callbackURL != "" {
		opts = append(opts, imtest.WithCallback(imtest.CallbackConfig{URL: *callbackURL, Token: token}))
	}
	srv, err := imtest.New(opts...)
	if err != nil {
		fmt.Fprintln(stderr, "imref:", err)
		return 2
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		why := err.Error()
		if shown := cliflag.Value(*addr); shown != strconv.Quote(*addr) { // hidden: the error may quote it, or its host alone
			why = "the address cannot be listened on"
		}
		fmt.Fprintf(stderr, "imref: listening on %s: %s; give a free host:port, or port 0 to pick one\n", cliflag.Value(*addr), why)
		return 1
	}
	defer l.Close() // also when a shutdown came before Serve took it
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	url := "http://" + l.Addr().String() // srv.URL() once Serve took l
	if !loopback(url) {
		fmt.Fprintf(stderr, "imref: warning: serving on %s, which is not loopback: imref is a test double (plain HTTP, no CAM); keep it on 127.0.0.1 or a private test network\n", url)
	}
	fmt.Fprintf(stdout, "imref serving on %s\n", url)
	switch {
	case id == "":
		id, key := srv.Credentials()
		fmt.Fprintf(stdout, "IMCONSOLE_ENDPOINT=%s\n%s=%s\n%s=%s\n", url, envSecretID, id, envSecretKey, key)
	case *secretID == "" && *secretKey == "":
		fmt.Fprintf(stderr, "imref: the default account comes from the environment: SecretId %s ($%s), SecretKey from $%s\n", id, envSecretID, envSecretKey)
	}
	select {
	case <-ctx.Done():
	case err := <-served: // the listener failed for good
		fmt.Fprintf(stderr, "imref: serving on %s stopped: %v\n", url, err)
		srv.Close()
		return 1
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), *grace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
		if errors.Is(err, context.DeadlineExceeded) {
			fmt.Fprintf(stderr, "imref: shutdown: requests still in flight after %s were cut off; give -shutdown-timeout more to let them finish\n", *grace)
		} else {
			fmt.Fprintln(stderr, "imref: shutdown:", err)
		}
		return 1
	}
	fmt.Fprintln(stdout, "imref stopped")
	return 0
}

// validPort reports whether port is one net.Listen takes: a number from
// 0 to 65535 or a service name.
func validPort(port string) bool {
	_, err := net.LookupPort("tcp", port)
	return err == nil
}

// loopback reports whether the started server's URL names a loopback IP.
func loopback(serverURL string) bool {
	u, err := url.Parse(serverURL)
	if err != nil {
		return false
	}
	ip, err := netip.ParseAddr(u.Hostname())
	return err == nil && ip.IsLoopback()
}
