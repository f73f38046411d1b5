package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/imconsole/imconsole"
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/imtest"
)

// exampleServer starts a reference server on a fixed clock, with one app,
// and returns it and its URL. show, when set, is called with the headers
// of every request before the server answers it. In real code the
// endpoint is your console backend's, or WithTencentCloud, and the clock
// is the system's.
func exampleServer(show func(http.Header)) (srv *imtest.Server, url string, stop func()) {
	srv, err := imtest.New(imtest.WithClock(func() time.Time { return time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC) }))
	if err != nil {
		log.Fatal(err)
	}
	if _, err := srv.SeedApp(imtest.AppSeed{}); err != nil {
		log.Fatal(err)
	}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if show != nil {
			show(r.Header)
		}
		srv.Handler().ServeHTTP(w, r)
	}))
	return srv, hs.URL, hs.Close
}

// One debug record per call, with the action, the HTTP status, the error
// code and the RequestId; never a secret. (The time and the duration are
// left out here so the output is the same on every run.)
func ExampleWithLogger() {
	srv, url, stop := exampleServer(nil)
	defer stop()
	secretID, secretKey := srv.Credentials()
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{}
			}
			return a
		},
	}))

	console, err := imconsole.New(
		client.WithCredentials(secretID, secretKey),
		client.WithEndpoint(url),
		client.WithClock(srv.Now), // sign on the reference server's clock
		client.WithLogger(logger),
	)
	if err != nil {
		log.Fatal(err)
	}
	_, err = console.Apps.Get(context.Background(), 1400000123)
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(errors.Is(err, client.ErrNotFound), apiErr.Code, apiErr.RequestID)
	}
	// Output:
	// level=DEBUG msg="imconsole call" service=im action=DescribeIMApp status=200 code=ResourceNotFound.App request_id=00000000-0000-4000-8000-000000000001 error="imconsole: DescribeIMApp: ResourceNotFound.App: app 1400000123 does not exist in this account; check the SdkAppId and the credentials (request 00000000-0000-4000-8000-000000000001, HTTP 200)"
	// true ResourceNotFound.App 00000000-0000-4000-8000-000000000001
}

// Temporary credentials (STS): the TmpSecretId and TmpSecretKey go to
// WithCredentials and the session token to WithToken, sent as X-TC-Token
// with every request.
func ExampleWithToken() {
	srv, url, stop := exampleServer(func(h http.Header) {
		fmt.Println("X-TC-Token sent:", h.Get("X-TC-Token") != "") // never print the token itself
	})
	defer stop()
	secretID, secretKey := srv.Credentials()

	console, err := imconsole.New(
		client.WithCredentials(secretID, secretKey),
		client.WithEndpoint(url),  // or client.WithTencentCloud()
		client.WithClock(srv.Now), // sign on the reference server's clock
		client.WithToken("the-session-token"),
	)
	if err != nil {
		log.Fatal(err)
	}
	ids, err := console.Apps.ListIDs(context.Background())
	fmt.Println(ids, err)

	_, err = client.New(client.WithCredentials(secretID, secretKey), client.WithEndpoint(url), client.WithToken(""))
	fmt.Println(err)
	// Output:
	// X-TC-Token sent: true
	// [1400000001] <nil>
	// imconsole: WithToken needs the non-empty session token of your temporary credentials
}

// The services' error messages in English: X-TC-Language en-US (zh-CN
// by default). Any other language is refused by New.
func ExampleWithLanguage() {
	srv, url, stop := exampleServer(func(h http.Header) {
		fmt.Println("X-TC-Language:", h.Get("X-TC-Language"))
	})
	defer stop()
	secretID, secretKey := srv.Credentials()

	console, err := imconsole.New(
		client.WithCredentials(secretID, secretKey),
		client.WithEndpoint(url),  // or client.WithTencentCloud()
		client.WithClock(srv.Now), // sign on the reference server's clock
		client.WithLanguage("en-US"),
	)
	if err != nil {
		log.Fatal(err)
	}
	ids, err := console.Apps.ListIDs(context.Background())
	fmt.Println(ids, err)

	_, err = client.New(client.WithCredentials(secretID, secretKey), client.WithEndpoint(url), client.WithLanguage("fr-FR"))
	fmt.Println(err)
	// Output:
	// X-TC-Language: en-US
	// [1400000001] <nil>
	// imconsole: WithLanguage takes "zh-CN" or "en-US", not "fr-FR"
}
