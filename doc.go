// Package imconsole is a Go SDK for managing Tencent Cloud IM apps the
// way the IM console does: plans and editions, disabling and deleting,
// profile, secret key and the ECDSA→HMAC upgrade, TRTC, account
// administrators, tags and offline-push certificates. Tencent offers
// most of this only in its web console, so most methods speak this
// project's console protocol (docs/protocol.md), served by imtest,
// cmd/imref and self-hosted backends; only Apps.ListIDs, Client.Account
// and Tags also work against real Tencent Cloud (see Where it works). A
// Console has one field per service (Apps, Admins, Tags, Certs) and the
// Client they share.
//
// # Where it works
//
// Tencent Cloud API 3.0 has one IM action (cim DescribeSdkAppid), plus
// cam GetUserAppId and the Tag API; the rest of the IM console is
// web-only. So Apps.ListIDs, Client.Account (cam GetUserAppId) and Tags
// work against real Tencent Cloud (client.WithTencentCloud, each service
// at its host <service>.tencentcloudapi.com) as well as against imtest,
// cmd/imref and self-hosted console backends (client.WithEndpoint);
// every other method of Apps, Admins and Certs is an action of this
// project's console protocol (docs/protocol.md), which only the latter
// serve: with WithTencentCloud it fails before sending, matching
// client.ErrConsoleOnly; call those on a Console made WithEndpoint.
// usersig, restapi and callback work with Tencent directly.
//
// # Authentication
//
// Requests are signed with TC3-HMAC-SHA256 using a SecretId and SecretKey,
// given with client.WithCredentials or read from TENCENTCLOUD_SECRET_ID and
// TENCENTCLOUD_SECRET_KEY, each service signed with its own credential
// scope. The endpoint comes from client.WithEndpoint or
// IMCONSOLE_ENDPOINT, or client.WithTencentCloud sends each service to
// its Tencent Cloud host; there is no built-in default host.
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
// Retries are decided by the answer's error code, whatever its HTTP status
// (Tencent answers errors with HTTP 200): RequestLimitExceeded (honouring
// Retry-After), and InternalError, ServiceUnavailable and network errors
// for reads and writes with a ClientToken, with capped exponential backoff
// (client.WithRetry, client.WithoutRetries). Every console write carries a
// ClientToken, generated unless you set one, so a retried write is
// answered with the first response instead of being applied twice; a
// write that may have been applied unanswered (the network failed, or ctx
// ended, once it was sent) says so in its error and names its token. To
// make a write idempotent across separate calls, pass your own token:
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
// Pages are read by offset: deleting apps inside that loop skips others
// (see apps.Service.All); collect the IDs first, then delete them.
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
