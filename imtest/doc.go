// Package imtest is an in-process reference server for the IM console
// API (this project's own protocol, docs/protocol.md, which Tencent does
// not serve), Tencent Cloud API 3.0's real actions about IM apps (cim
// DescribeSdkAppid, cam GetUserAppId and the Tag API, routed by the
// service each request is signed for) and, under /v4/ on the same
// address, the IM REST API: it behaves like Tencent, with the same
// actions, rules, limits,
// authentication (TC3 signatures, UserSigs and app administrators), error
// codes and HTTP 200 for every answered error, so code using imconsole,
// restapi and usersig, or Tencent's own SDKs, is tested without network
// access or mocks. Like Tencent, it reads JSON names exactly: a console
// body's misnamed field is UnknownParameter, a REST body's is a field not
// sent. docs/protocol.md lists the routing, each API's order of checks
// and its codes.
//
// One call in a test gives a live server and a ready client:
//
//	func TestMine(t *testing.T) {
//		t.Parallel()
//		ctx := t.Context()
//		srv := imtest.NewServer(t)         // closed when the test ends
//		console := srv.Console()           // signs as the default account
//		app, err := console.Apps.Create(ctx, &apps.CreateRequest{AppName: "demo", Region: apps.RegionSingapore})
//		rc, err := srv.RESTClient(app.SDKAppID) // the REST API as the app's administrator
//		...
//	}
//
// Every Server has its own state, so parallel tests never interfere. What
// it offers beyond the API:
//
//   - A controllable clock: the server's time is WithClock's clock (called
//     on every Now; a fixed time freezes it) plus what Advance added
//     (never negative). Expiries and the billing transitions (Expired to
//     Disabled after 24 hours, Arrears after 7 days) follow it; clients
//     from Client, Console and RESTClient sign with it.
//   - Billing events: MarkArrears, Refund, Renew.
//   - Seeding: SeedApp creates legacy ECDSA apps, paid apps, old apps;
//     ImportAccounts imports REST API accounts;
//     SeedAdmins and SeedTags give an app admins and tags (Tags reads
//     them back: one tag state for the Tag API and DescribeIMApps);
//     PushCertificateFields reads back a push certificate's stored secrets;
//     SeedProfileTags declares custom profile tags, as the console does.
//   - REST API state per app, on the server clock: SetOnline sets a
//     platform's online status (kick turns an account Offline) and
//     Presence reads it; Profile, Friends and Muted show what
//     portrait_set, friend_add/friend_delete and setnospeaking did (a
//     mute's seconds count down as the clock moves); Conversation lists
//     the one-to-one messages between two accounts, GroupMembers and
//     GroupMessages a group's members (with roles and mutes) and messages;
//     Sleep moves the clock for a client's rate limiter instead of waiting.
//   - Support and TRTC: DisableOnTRTC and SupportDelete do what happens
//     outside the IM console to TRTC trial and paid apps.
//   - Accounts: NewAccount gives credentials of another account, whose apps
//     the default account cannot see; AccountInfo gives an account's stable
//     UIN and APPID (cam GetUserAppId) and names its apps for the Tag API.
//   - Fault injection: Inject a Fault to answer an error code (HTTP 200,
//     as Tencent answers throttling too; optionally with Retry-After), fail
//     as the gateway does with an HTTP status, lose a response after
//     applying the action, or add latency, for the next N calls of an
//     action (Fault.Action: its X-TC-Action, or "service/command" for a
//     REST API command). Inject panics for a name the server does not
//     serve and for a fault that contradicts itself; a fault with no
//     effect lets its calls through, so the next one applies after them.
//   - Recording: Requests lists every request answered, with its app,
//     service, action, ClientToken, status and error code, and whether it
//     was replayed from its ClientToken or its answer lost (bounded by
//     count and bytes, oldest dropped first).
//   - Determinism: on a fixed clock (WithClock), the same calls made one
//     after another get the same answers on every fresh Server. Each
//     Server counts on its own: SdkAppIds from 1400000001, push
//     CertificateIds from 10001, RequestIds from
//     00000000-0000-4000-8000-000000000001 (one per console and cloud
//     answer, errors included, in the order answered; REST API answers
//     carry none), SecretIds from AKIDimtest0000000001 (unless
//     WithCredentials), UINs from 100000000001 and APPIDs from
//     1250000001; per app, GroupIds ("@TGS#", a type mark, a count) and
//     MsgSeqs. MsgKeys and MsgIds derive from the sender, MsgSeq, MsgTime
//     and MsgRandom (or Random), which restapi draws at random when left
//     0: set it for reproducible keys. Times (CreatedAt, MsgTime, a
//     callback's RequestTime and Sign, RecordedRequest.Time) come from
//     the clock, RESTClient's retries wait on it without jitter, and
//     lists come in their documented order (creation or sorted), never
//     Go's map order. Random on purpose, as they are secrets: the default
//     SecretKey (unless WithCredentials), NewAccount's SecretKeys and
//     each app's key (Apps.Secret's HMAC key, a legacy app's ECDSA key
//     pair), so UserSigs differ too. Real time, not the clock:
//     CallbackDelivery.Latency, Fault.Latency, the callback timeout, the
//     HTTP timeouts and the duration WithLogger logs. The client's
//     ClientTokens and REST API random are its own.
//
// The seeding helpers (and Tags) fail, and the read helpers (Profile,
// Conversation, GroupIDs, ...) panic, for an app that does not exist, so
// that a mistyped SDKAppID never reads as an empty app.
//
// cmd/imref serves the same handler as a standalone binary.
//
// What it does not simulate: billing amounts and invoices, CAM policies and
// sub-accounts (every SecretId has full rights over its own account's
// apps), rate limits on the console API beyond those docs/protocol.md
// gives (inject a RequestLimitExceeded fault to test throttling), regional endpoints (the
// X-TC-Region header is recorded, not routed), and real data centers: an
// app's Region is only a label.
package imtest
