// Package restapi calls the Tencent Cloud IM REST API (v4) as an app
// administrator: import accounts before a user's first login, check and
// delete them (Accounts), ask who is online and kick an account off every
// device (Presence), set and read profile tags (Profiles), manage friends
// and blacklists (Friends) and global mutes (Mute), create, import, read,
// change and dissolve groups, their members, messages, counters and
// Community topics (Groups), send, import, read, edit, recall and mark read
// one-to-one messages (Messages), list and delete conversations
// (Conversations), and any other v4 command through Call.
//
// A Client belongs to one app and one admin UserID and signs with a
// usersig.Signer of the app's key:
//
//	signer, err := usersig.NewHMACSigner(sdkAppID, secretKey)
//	rc, err := restapi.New(sdkAppID, "administrator", signer, restapi.WithRegion(restapi.Singapore))
//	err = rc.Accounts.Import(ctx, restapi.Account{UserID: "alice", Nick: "Alice"})
//	groupID, err := rc.Groups.Create(ctx, &restapi.CreateGroupRequest{OwnerAccount: "alice", Type: restapi.GroupPublic, Name: "launch"})
//	if errors.Is(err, restapi.ErrNotAdmin) { ... }
//
// Create one Client per app and share it between goroutines: it keeps the
// admin UserSig and up to DefaultMaxIdleConnsPerHost idle connections
// (WithMaxIdleConnsPerHost), so concurrent calls reuse connections, where
// a Client per call would mint a UserSig and dial (and handshake TLS)
// every time.
//
// The wire format is Tencent's, unchanged: POST
// https://{host}/v4/{service}/{command} with the query parameters
// sdkappid, identifier, usersig, random and contenttype=json (sent in the
// order contenttype, identifier, sdkappid, usersig, random) and a JSON
// body, answered with HTTP 200 and
// {"ActionStatus":"OK"|"FAIL","ErrorCode":0,"ErrorInfo":"",...}. The fixed
// part of the query is encoded once per UserSig; random is fresh for
// every request and every retry.
//
// # The admin UserSig
//
// The client mints the admin UserSig once (valid for WithUserSigTTL,
// default a day) and renews it when a fifth of its validity is left, so
// requests in flight never carry an expired one. When the server's clock
// is ahead of this host's by more than that fifth, the server answers
// 70001 (expired) first: the client then mints a fresh UserSig and resends
// the call once, which is safe for every command, writes included,
// because 70001 refuses a request before the command runs. Only a clock
// behind by more than the whole TTL makes calls fail with
// ErrUserSigExpired: sync the clock, or lengthen WithUserSigTTL. Renewal
// is safe under concurrent calls: one caller mints, the others keep the
// current one or wait for that mint (CPU work only, one mint however many
// calls were refused with the same UserSig); no lock is held during
// network I/O.
//
// # Logging
//
// WithLogger(slog logger) logs a debug record per call and per retry and
// an info record per UserSig minted; nothing is logged without it. The
// UserSig never appears in String output, logs or errors: URLs in
// errors, and any piece of an answer an error quotes, show the usersig
// value (and any query value but sdkappid, identifier, contenttype and
// random, which stay for debugging) as REDACTED, and the UserSig itself
// is REDACTED wherever it appears.
//
// # Errors and retries
//
// A failure answered by the service is an *Error with the Service,
// Command, Code and Info; errors.Is matches it against the families users
// branch on: ErrUserSigExpired, ErrUserSigInvalid, ErrNotAdmin,
// ErrAccountNotImported, ErrRateLimited, ErrAppDisabled,
// ErrGroupNotFound, ErrInvalidRequest, ErrLimitExceeded, ErrForbidden,
// and ErrServerFailure for the service's internal failures (70500 ...);
// every public code (60000-79999) Tencent documents is in one. An answer with
// an HTTP status other than 200 (a gateway's, or a proxy's) is an *Error
// too, with HTTPStatus set and Code 0: a 5xx matches ErrServerFailure
// (usually temporary: retry later), a 429 ErrRateLimited. Requests are
// checked locally first with the same Validate methods the reference
// server runs, so a bad request fails with the code and Info Tencent's
// rules give it, without a round trip.
//
// Calls are retried with go-retryablehttp (capped exponential backoff with
// jitter, never after ctx ends): the rate-limit codes 60007, 60011, 60018
// and 60019 and a gateway's HTTP 429, and 70050 after the minute Tencent
// asks for or the maximum wait of WithRetry, whichever is shorter (5 s by
// default); failed connections; and network errors and HTTP 5xx but 501
// only for the reads and account_import and multiaccount_import, which
// Tencent documents as harmless to repeat: every other write (kick,
// friend_add, create_group, sendmsg ...) and any command the package does
// not know is sent once then, as it may have been applied, and its
// network error says so (the net/http error stays wrapped), as does the
// context's error when ctx ends once the request is written. An answer's
// Retry-After header is waited, up to WithRetry's maximum wait. The waits
// between tries are real time, unless WithRateLimitWait gives the client
// another way to wait (an imtest server's Sleep), which waits without
// jitter (the longest wait of each try's range), so that a simulated
// clock moves alike every run.
//
// # Rate limits
//
// A Client keeps each command under Tencent's default rate for an app
// (RateLimitOf: 200 calls/s for most) and batchsendmsg under 12 000
// recipients a minute, waiting with ctx before a call would go over
// (golang.org/x/time/rate token buckets, with a little headroom for calls
// in flight). WithRateLimit sets other limits, WithoutRateLimit turns them
// off; 60007 and the other rate-limit codes are still retried if they come.
// The limits are per Client: processes sharing an app share Tencent's.
//
// # Paged walks
//
// Messages.History, Groups.Members, Groups.Joined, Groups.All,
// Groups.History, Groups.Banned, Friends.List, Friends.Blocked and
// Conversations.List are iter.Seq2 walks: each range starts from the first
// page, ranges may run at once, and the first error is yielded last and
// ends the walk. An answer that gives back the cursor it was sent while
// saying there is more ends the walk with an error, after the items it
// got, instead of looping for ever or passing a partial walk for a whole.
//
// # Messages
//
// Messages.Send, SendBatch (500 recipients per request, split for the
// caller), Import, History (an iter.Seq2 over admin_getroammsg pages),
// Withdraw, Modify (modify_c2c_msg), DeleteForOne (delete_c2c_msg_ramble),
// MarkRead and MarkReadUntil (admin_set_msg_read) and Unread
// (get_c2c_unread_msg_num). Bodies are []Element built with Text, Custom, Image, Face,
// Location, Sound, File and Video. As Tencent documents, REST sends make no
// friendship, blacklist or global-mute check.
//
// # Testing
//
// The reference server in package imtest serves /v4/ beside its console
// protocol API, verifying UserSigs and admins like Tencent (docs/protocol.md lists
// the order of checks and their codes):
//
//	srv := imtest.NewServer(t)
//	rc, err := srv.RESTClient(id) // as administrator, signed with the app's key
//	msgs := srv.Conversation(id, "alice", "bob")
//
// srv.RESTClient is New with the app's key and WithBaseURL(srv.URL()),
// WithClock(srv.Now) and WithRateLimitWait(srv.Sleep), so the rate
// limiter and the backoff between retries wait on the server's clock, not
// in real time: a retried 60007 moves the server to its next second at
// once. Pass WithoutRetries in a test that asserts on 60007.
//
// # Migrating from the community SDKs
//
// Those SDKs hard-code one regional host, race on a cached UserSig, take
// no context and drop error codes. Here: pick the host with WithRegion
// (an app's apps.Region is a Region: WithRegion(app.Region)), pass ctx to
// every call, and branch on *Error codes or the sentinel families. Fields
// have Go names (OwnerAccount, MemberAccount, GroupID, GroupIDList,
// FaceURL, AppID) and Type and ApplyJoinOption are typed (GroupType,
// JoinOption); Tencent's names (Owner_Account, GroupId, FaceUrl ...) are
// in the json tags only, so the JSON on the wire is exactly what Tencent's
// documentation shows.
package restapi
