// Package callback receives Tencent Cloud IM's third-party callbacks
// (第三方回调) in Go: Handler is an http.Handler for one app that verifies
// each request (SdkAppid, the Sign hex(sha256(token + RequestTime))
// compared in constant time, RequestTime within a minute of its clock, a
// bounded body), decodes it into a typed event with Go names (the
// commands Commands lists, message bodies as restapi.Element) and passes
// it to the func registered for its command: state changes, one-to-one
// messages sent, edited and withdrawn, groups created, dissolved, changed
// (info, owner), full, their members joining and leaving and their
// messages sent, edited and recalled, Community topics created, changed
// and deleted, friendships, blacklists and profiles.
//
// Before-event funcs (C2C.CallbackBeforeSendMsg,
// Group.CallbackBeforeSendMsg, Group.CallbackBeforeCreateGroup) return a
// Decision: Allow, Refuse, Drop, Reject with a custom code, or Allow with
// a replaced MsgBody or CloudCustomData. After-event funcs return nothing.
// The Handler answers HTTP 200 with Tencent's envelope within a deadline
// under the 2 s Tencent waits, refuses a before-event whose func panics or
// returns an invalid Decision (fail closed), and logs nothing secret.
//
//	h, err := callback.NewHandler(sdkAppID, token,
//		callback.OnC2CBeforeSendMsg(func(ctx context.Context, e *callback.C2CBeforeSendMsg) callback.Decision {
//			return callback.Refuse("no")
//		}))
//	http.Handle("/im/callback", h)
//
// token is the app's callback token, set with callback auth (回调鉴权) on
// in the console, and NewHandler fails closed without one: an empty token
// (an unset environment variable, say) is an error, not a handler that
// checks nothing. For an app with callback auth off, whose callbacks
// carry no Sign, pass an empty token with WithoutAuth: then anyone who
// can reach the URL can post events, and a request that carries Sign or
// RequestTime is refused with 401 (auth is on in the console after all:
// use the token).
//
// A request that fails verification reaches no func: it is answered 403
// for another app's SdkAppid (check each app's callback URL), 401 for a
// missing or wrong Sign or a RequestTime over a minute off (check the
// token is the app's callback token, and this host's clock), 413 over
// WithMaxBodyBytes, 405 for a method other than POST and 400 for a body
// or query that does not decode, each with a message saying so. Tencent
// takes any answer but HTTP 200 as a failed callback and, by default,
// goes ahead as if none were configured: a before-event refused here is
// not moderated (see docs/security.md, which also says what the Sign,
// which covers neither the body nor the command, does not prove).
// NewHandler itself fails for a zero SDKAppID, an empty token without
// WithoutAuth, a token over 128 bytes, a token with WithoutAuth, or an
// invalid option.
//
// For tests, NewRequest builds the signed request Tencent would send for
// any event, and Sign computes a Sign; package imtest sends callbacks for
// the events of its REST API (imtest.Server.SetCallback). The package
// depends on restapi only for its message element types.
package callback
