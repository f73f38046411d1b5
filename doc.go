// Package imconsole is a Go SDK for the Tencent Cloud IM console: it
// manages IM apps (plans and editions, disabling and deleting, profile,
// secret key and the ECDSA→HMAC upgrade, TRTC), their account
// administrators, tags and offline-push certificates the way the console
// does. A Console has one field per service: Apps, Admins, Tags, Certs.
//
// # Authentication
//
// Requests are signed with TC3-HMAC-SHA256 using a SecretId and SecretKey,
// given with client.WithCredentials or read from TENCENTCLOUD_SECRET_ID and
// TENCENTCLOUD_SECRET_KEY. The endpoint comes from client.WithEndpoint or
// IMCONSOLE_ENDPOINT; there is no built-in default host.
//
//	console, err := imconsole.New(
//		client.WithCredentials(secretID, secretKey),
//		client.WithEndpoint("https://im.example.com"),
//	)
//
// Every method takes a context first; cancelling it stops the call and any
// retry.
//
// # Errors
//
// A refusal by the service is a *client.APIError with the action, code,
// message, request ID and HTTP status. Match code families with errors.Is:
//
//	app, err := console.Apps.Get(ctx, id)
//	switch {
//	case errors.Is(err, client.ErrNotFound):
//		// no such app in this account
//	case client.HasCode(err, "AuthFailure.SignatureExpire"):
//		// the local clock is off by more than 300 s
//	}
//
// The SDK checks requests locally before sending (app names, limits) and
// reports what it finds as the same *client.APIError the service would.
//
// # Retries and idempotency
//
// Network errors, HTTP 429 (honouring Retry-After) and 5xx are retried with
// capped exponential backoff (client.WithRetry, client.WithoutRetries).
// Every write carries a ClientToken, generated unless you set one, so a
// retried write is answered with the first response instead of being
// applied twice. To make a write idempotent across separate calls, pass
// your own token:
//
//	ctx = client.WithClientToken(ctx, "order-42")
//	err := console.Apps.Delete(ctx, id)
//
// # Pagination
//
// List returns one page and the total count; All walks every page as an
// iterator without changing the options you pass:
//
//	for app, err := range console.Apps.All(ctx, nil) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(app.SDKAppID, app.AppName)
//	}
//
// # Testing
//
// Package imtest is a reference server that behaves like Tencent. One call
// gives a live server and a ready Console:
//
//	srv := imtest.NewServer(t)
//	console := srv.Console()
//
// It has a controllable clock, billing events, fault injection and request
// recording. See its package documentation.
package imconsole
