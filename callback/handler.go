package callback

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/imconsole/imconsole/internal/option"
)

// Defaults of a Handler.
const (
	// DefaultMaxBodyBytes bounds a callback's body (WithMaxBodyBytes).
	DefaultMaxBodyBytes = 1 << 20
	// DefaultDeadline is how long a handler func may run before the
	// Handler answers without it (WithDeadline): under the 2 s Tencent
	// waits, leaving time for the network.
	DefaultDeadline = 1500 * time.Millisecond
	// MaxClockSkew is how far a signed callback's RequestTime may be from
	// the Handler's clock.
	MaxClockSkew = time.Minute
	// TencentTimeout is how long Tencent waits for an answer.
	TencentTimeout = 2 * time.Second
)

// Handler is an http.Handler receiving one app's callbacks: mount it at
// the callback URL configured in the console. For each request it checks,
// in order: the method is POST (405); the query parses and carries
// CallbackCommand (400); SdkAppid is the app's (403); RequestTime is
// Unix seconds, Sign is hex(sha256(token + RequestTime)), compared in
// constant time, and RequestTime is within MaxClockSkew of its clock
// (401), or, built WithoutAuth, that the query carries neither Sign nor
// RequestTime (401); the body fits the limit (413) and decodes as the
// command's event (400). A refused request is answered with that HTTP
// status and a FAIL envelope, and logged without its Sign or body.
//
// A verified callback goes to the func registered for its command (On...
// options); a command without one goes to the WithFallback func, or is
// answered OK. The answer is HTTP 200 with {"ActionStatus","ErrorCode",
// "ErrorInfo"} (and MsgBody/CloudCustomData when a decision replaces
// them): the before-event decision, or 0 after an after-event func
// returns. The func runs in the request's goroutine; when it is still
// running at the deadline (WithDeadline) its context is cancelled and the
// timeout decision (WithTimeoutDecision) is written and flushed at once,
// with a Content-Length, so the caller has its whole answer (net/http's
// ResponseWriter flushes; one that cannot sends it when the func
// returns). ServeHTTP returns when the func does. A func that panics,
// and a before-event func (typed, or the fallback) whose Decision is
// invalid for its command (Decision.Check fails: a code outside the
// command's range, Drop for group creation, a refusal replacing MsgBody),
// is answered with ActionStatus OK and ErrorCode 1, as Tencent's own
// refusals are written
// (an ActionStatus FAIL could read as a failed callback, which Tencent
// answers by going ahead): it refuses a before-event (fail closed; the
// timeout decision does not apply), and is logged. An answer written at
// the deadline closes its connection, so the callbacks Tencent sends next
// do not wait behind the func still running. Safe for concurrent use.
type Handler struct {
	appID    uint64
	sdkAppID string        // appID as SdkAppid carries it
	token    func() string // a closure, so no fmt verb walking a Handler's fields shows it
	cfg      config
}

// Option configures a Handler; a nil Option is ignored.
type Option func(*config) error

type config struct {
	noAuth   bool // WithoutAuth: no Sign is checked
	now      func() time.Time
	maxBody  int64
	deadline time.Duration
	timeout  Decision
	logger   *slog.Logger
	routes   map[string]route
	fallback func(context.Context, *RawEvent) Decision
}

// route decodes one command's body into its event and returns the call
// of its func.
type route func(m Meta, body []byte) (func(context.Context) Decision, error)

// NewHandler returns the Handler of app sdkAppID. token is the callback
// token set in the console with callback auth (回调鉴权) on, 1-128 bytes
// (CN 32431 回调配置; the Live product's set_callback_token, 647/118333,
// gives the length): each request's Sign is checked against it. It fails
// for a zero sdkAppID, an empty token (fail closed: an unset setting must
// not turn the check off; pass WithoutAuth for an app with callback auth
// off), a token over 128 bytes, a token together with WithoutAuth, or an
// invalid option. No error quotes the token.
func NewHandler(sdkAppID uint64, token string, opts ...Option) (*Handler, error) {
	if sdkAppID == 0 {
		return nil, errors.New("callback: NewHandler needs the app's SDKAppID")
	}
	if len(token) > 128 {
		return nil, fmt.Errorf("callback: the callback token is %d bytes; Tencent's are 1-128, copy it from the console", len(token))
	}
	h := &Handler{appID: sdkAppID, sdkAppID: strconv.FormatUint(sdkAppID, 10), token: func() string { return token }, cfg: config{
		now: time.Now, maxBody: DefaultMaxBodyBytes, deadline: DefaultDeadline,
		logger: slog.New(slog.DiscardHandler), routes: map[string]route{},
	}}
	if err := option.Apply(&h.cfg, opts); err != nil {
		return nil, err
	}
	switch {
	case token == "" && !h.cfg.noAuth:
		return nil, errors.New("callback: the callback token is empty (is its setting missing?); pass the app's callback token, 1-128 bytes, set with callback auth on in the console's callback URL dialog, or callback.WithoutAuth() for an app with callback auth off")
	case token != "" && h.cfg.noAuth:
		return nil, errors.New("callback: NewHandler has both a callback token and WithoutAuth; pass the token alone to check each Sign, or an empty token with WithoutAuth for an app with callback auth off")
	}
	return h, nil
}

// String describes the Handler without its token.
func (h *Handler) String() string {
	return fmt.Sprintf("callback.Handler{SDKAppID: %s, auth: %t}", h.sdkAppID, !h.cfg.noAuth)
}

// GoString is String, so %#v never prints the token either.
func (h *Handler) GoString() string { return h.String() }

// WithoutAuth makes a Handler for an app with callback auth (回调鉴权)
// off in the console, whose callbacks Tencent sends without Sign and
// RequestTime (CN 32431): pass it with an empty token. It turns off the
// Sign check and RequestTime's one-minute replay window, so anyone who
// can reach the callback URL can post events as Tencent, and refuse or
// rewrite messages through the before-events: acceptable only where the
// URL is reachable by Tencent alone by other means, or in tests. A
// request that nonetheless carries Sign or RequestTime is refused (401):
// callback auth is on in the console, so build the Handler with the
// app's callback token instead. It cannot fail.
func WithoutAuth() Option {
	return option.Set(func(c *config) { c.noAuth = true })
}

// WithClock sets the clock RequestTime is checked against (default
// time.Now). It fails for a nil function.
func WithClock(now func() time.Time) Option {
	return option.Check(now == nil,
		errors.New("callback: WithClock needs a non-nil function"),
		func(c *config) { c.now = now })
}

// WithMaxBodyBytes bounds the body of a callback (default
// DefaultMaxBodyBytes); a larger one is refused with 413. It fails for
// n < 1.
func WithMaxBodyBytes(n int64) Option {
	return option.Check(n < 1,
		fmt.Errorf("callback: WithMaxBodyBytes(%d): use at least 1 byte", n),
		func(c *config) { c.maxBody = n })
}

// WithDeadline sets how long a handler func may run before the Handler
// answers with the timeout decision (default DefaultDeadline). It fails
// unless 0 < d < TencentTimeout: Tencent stops waiting at 2 s.
func WithDeadline(d time.Duration) Option {
	return option.Check(d <= 0 || d >= TencentTimeout,
		fmt.Errorf("callback: WithDeadline(%s): use a deadline above 0 and under Tencent's %s", d, TencentTimeout),
		func(c *config) { c.deadline = d })
}

// WithTimeoutDecision sets the answer to a before-event whose func is
// still running at the deadline (default Allow, what Tencent does when no
// answer comes). For a command d is not valid for (Drop for group
// creation, a custom code of the other range), Refuse with d's Info is
// answered. It is not answered for a func that returns in time with an
// invalid decision: that event is refused (see Handler). It fails for a
// decision that replaces MsgBody or CloudCustomData.
func WithTimeoutDecision(d Decision) Option {
	return option.Check(d.MsgBody != nil || d.CloudCustomData != nil,
		errors.New("callback: WithTimeoutDecision cannot replace MsgBody or CloudCustomData; use Allow, Refuse, Drop or Reject"),
		func(c *config) { c.timeout = d })
}

// WithLogger logs each refused request, timeout, invalid decision and
// panic: command (of a refused request, its first 64 bytes), remote
// address and reason, never the token, Sign or body (default: no
// logging).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l != nil {
			c.logger = l
		}
		return nil
	}
}

// WithFallback sends callbacks of commands without a typed func (unknown
// ones included) to fn as *RawEvent; its Decision is answered as it is,
// except that a before-event's is checked as a typed func's (Decision.Check:
// an invalid one refuses the event). Without it such callbacks are
// answered OK. It fails for a nil fn.
func WithFallback(fn func(context.Context, *RawEvent) Decision) Option {
	return option.Check(fn == nil,
		errors.New("callback: WithFallback needs a non-nil func"),
		func(c *config) { c.fallback = fn })
}

// before registers fn as the before-event func of cmd.
func before[E any, P interface {
	*E
	Event
}](fn func(context.Context, P) Decision) Option {
	return register[E, P](fn)
}

// after registers fn as the after-event func of cmd.
func after[E any, P interface {
	*E
	Event
}](fn func(context.Context, P)) Option {
	if fn == nil {
		return register[E, P](nil)
	}
	return register[E, P](func(ctx context.Context, e P) Decision {
		fn(ctx, e)
		return Allow()
	})
}

func register[E any, P interface {
	*E
	Event
}](fn func(context.Context, P) Decision) Option {
	cmd := P(new(E)).Command()
	return func(c *config) error {
		if fn == nil {
			return fmt.Errorf("callback: the func for %s is nil; pass a func or leave the option out", cmd)
		}
		c.routes[cmd] = func(m Meta, body []byte) (func(context.Context) Decision, error) {
			e := P(new(E))
			if err := json.Unmarshal(body, e); err != nil {
				return nil, err
			}
			*e.Metadata() = m
			return func(ctx context.Context) Decision { return fn(ctx, e) }, nil
		}
		return nil
	}
}

// OnStateChange handles State.StateChange.
func OnStateChange(fn func(context.Context, *StateChange)) Option { return after(fn) }

// OnC2CBeforeSendMsg decides C2C.CallbackBeforeSendMsg.
func OnC2CBeforeSendMsg(fn func(context.Context, *C2CBeforeSendMsg) Decision) Option {
	return before(fn)
}

// OnC2CAfterSendMsg handles C2C.CallbackAfterSendMsg.
func OnC2CAfterSendMsg(fn func(context.Context, *C2CAfterSendMsg)) Option { return after(fn) }

// OnGroupBeforeCreate decides Group.CallbackBeforeCreateGroup.
func OnGroupBeforeCreate(fn func(context.Context, *GroupBeforeCreate) Decision) Option {
	return before(fn)
}

// OnGroupAfterCreate handles Group.CallbackAfterCreateGroup.
func OnGroupAfterCreate(fn func(context.Context, *GroupAfterCreate)) Option { return after(fn) }

// OnGroupBeforeSendMsg decides Group.CallbackBeforeSendMsg.
func OnGroupBeforeSendMsg(fn func(context.Context, *GroupBeforeSendMsg) Decision) Option {
	return before(fn)
}

// OnGroupAfterSendMsg handles Group.CallbackAfterSendMsg.
func OnGroupAfterSendMsg(fn func(context.Context, *GroupAfterSendMsg)) Option { return after(fn) }

// OnGroupMemberJoin handles Group.CallbackAfterNewMemberJoin.
func OnGroupMemberJoin(fn func(context.Context, *GroupMemberJoin)) Option { return after(fn) }

// OnGroupMemberExit handles Group.CallbackAfterMemberExit.
func OnGroupMemberExit(fn func(context.Context, *GroupMemberExit)) Option { return after(fn) }

// OnGroupDestroyed handles Group.CallbackAfterGroupDestroyed.
func OnGroupDestroyed(fn func(context.Context, *GroupDestroyed)) Option { return after(fn) }

// OnFriendAdd handles Sns.CallbackFriendAdd.
func OnFriendAdd(fn func(context.Context, *FriendAdd)) Option { return after(fn) }

// OnFriendDelete handles Sns.CallbackFriendDelete.
func OnFriendDelete(fn func(context.Context, *FriendDelete)) Option { return after(fn) }

// OnPortraitSet handles Profile.CallbackPortraitSet.
func OnPortraitSet(fn func(context.Context, *PortraitSet)) Option { return after(fn) }

// OnBlackListAdd handles Sns.CallbackBlackListAdd.
func OnBlackListAdd(fn func(context.Context, *BlackListAdd)) Option { return after(fn) }

// OnBlackListDelete handles Sns.CallbackBlackListDelete.
func OnBlackListDelete(fn func(context.Context, *BlackListDelete)) Option { return after(fn) }

// OnC2CMsgWithdrawn handles C2C.CallbackAfterMsgWithDraw.
func OnC2CMsgWithdrawn(fn func(context.Context, *C2CMsgWithdrawn)) Option { return after(fn) }

// OnGroupMsgRecalled handles Group.CallbackAfterRecallMsg.
func OnGroupMsgRecalled(fn func(context.Context, *GroupMsgRecalled)) Option { return after(fn) }

// OnGroupOwnerChanged handles Group.CallbackAfterChangeGroupOwner.
func OnGroupOwnerChanged(fn func(context.Context, *GroupOwnerChanged)) Option { return after(fn) }

// OnGroupInfoChanged handles Group.CallbackAfterGroupInfoChanged.
func OnGroupInfoChanged(fn func(context.Context, *GroupInfoChanged)) Option { return after(fn) }

// OnGroupFull handles Group.CallbackAfterGroupFull.
func OnGroupFull(fn func(context.Context, *GroupFull)) Option { return after(fn) }

// OnTopicCreated handles Group.CallbackAfterCreateTopic.
func OnTopicCreated(fn func(context.Context, *TopicCreated)) Option { return after(fn) }

// OnTopicDestroyed handles Group.CallbackAfterTopicDestroyed.
func OnTopicDestroyed(fn func(context.Context, *TopicDestroyed)) Option { return after(fn) }

// OnC2CMsgModified handles C2C.CallbackAfterModifyMsg.
func OnC2CMsgModified(fn func(context.Context, *C2CMsgModified)) Option { return after(fn) }

// OnGroupMsgModified handles Group.CallbackAfterModifyMsg.
func OnGroupMsgModified(fn func(context.Context, *GroupMsgModified)) Option { return after(fn) }

// OnTopicInfoChanged handles Group.CallbackAfterTopicInfoChanged.
func OnTopicInfoChanged(fn func(context.Context, *TopicInfoChanged)) Option { return after(fn) }

// maxQuoted bounds what a refusal quotes of the request (its command in
// the log line, its method in the answer): anyone can send a refused
// request, of any length, before its Sign is checked.
const maxQuoted = 64

// maxDecodeError bounds what a refusal says of why a verified body did
// not decode: encoding/json's errors quote the number that did not fit,
// of any length.
const maxDecodeError = 256

// quoted is s cut to maxQuoted bytes, marked with "…" when cut.
func quoted(s string) string { return cut(s, maxQuoted) }

// cut is s cut to n bytes of valid UTF-8, marked with "…" when cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// refusal is a request the Handler does not pass on: the HTTP status and
// why.
type refusal struct {
	status int
	reason string
}

// ServeHTTP verifies, decodes and dispatches one callback (see Handler).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cmd, d, ref := h.decode(w, r)
	switch {
	case ref != nil:
		h.cfg.logger.Warn("callback refused", "command", quoted(cmd), "remote", r.RemoteAddr, "status", ref.status, "reason", ref.reason)
		writeAnswer(w, ref.status, "FAIL", Decision{Code: CodeRefuse, Info: ref.reason})
	case d == nil:
		writeAnswer(w, http.StatusOK, "OK", Allow())
	default:
		h.run(r.Context(), w, cmd, d)
	}
}

// decode checks a request and returns its command and the call of its
// func (nil when it is answered OK without one).
func (h *Handler) decode(w http.ResponseWriter, r *http.Request) (cmd string, d *dispatch, ref *refusal) {
	m, ref := h.verify(r)
	if ref != nil {
		return m.Command, nil, ref
	}
	body, ref := h.readBody(w, r)
	if ref != nil {
		return m.Command, nil, ref
	}
	rt, ok := h.cfg.routes[m.Command]
	if !ok {
		if h.cfg.fallback == nil {
			return m.Command, nil, nil
		}
		e := &RawEvent{Meta: m, Body: body}
		return m.Command, &dispatch{call: func(ctx context.Context) Decision { return h.cfg.fallback(ctx, e) }}, nil
	}
	call, err := rt(m, body)
	if err != nil {
		return m.Command, nil, &refusal{http.StatusBadRequest, fmt.Sprintf("the body is not a %s event: %s", m.Command, cut(err.Error(), maxDecodeError))}
	}
	return m.Command, &dispatch{call: call}, nil
}

// readBody reads the body within the limit: exactly Content-Length
// bytes when it is given, else at most the limit. Memory grows with what
// arrives, not with what Content-Length claims, so a sender that claims
// the limit and trickles holds no more than it sent.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, *refusal) {
	if r.ContentLength > h.cfg.maxBody {
		return nil, h.tooLarge()
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.maxBody))
	switch _, tooLarge := errors.AsType[*http.MaxBytesError](err); {
	case tooLarge:
		return nil, h.tooLarge()
	case r.ContentLength >= 0 && (err != nil || int64(len(body)) != r.ContentLength):
		return nil, &refusal{http.StatusBadRequest, "the body is not as long as its Content-Length"}
	case err != nil:
		return nil, &refusal{http.StatusBadRequest, "the body could not be read"}
	}
	return body, nil
}

func (h *Handler) tooLarge() *refusal {
	return &refusal{http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is over %d bytes; raise WithMaxBodyBytes if such callbacks are expected", h.cfg.maxBody)}
}

// verify checks the method and query of a request and returns its Meta.
func (h *Handler) verify(r *http.Request) (Meta, *refusal) {
	var m Meta
	if r.Method != http.MethodPost {
		return m, &refusal{http.StatusMethodNotAllowed, "callbacks are POSTed; got " + quoted(r.Method)}
	}
	var q query
	if !q.parse(r.URL.RawQuery) {
		return m, &refusal{http.StatusBadRequest, "the query does not parse"}
	}
	m = Meta{Command: q.command, ClientIP: q.clientIP, OptPlatform: q.optPlatform}
	if m.Command == "" {
		return m, &refusal{http.StatusBadRequest, "CallbackCommand is missing from the query"}
	}
	if q.sdkAppID != h.sdkAppID {
		return m, &refusal{http.StatusForbidden, "SdkAppid is not this handler's app; check the callback URL of each app"}
	}
	m.SDKAppID = h.appID
	sign, rt := q.sign, q.requestTime
	if h.cfg.noAuth {
		if sign != "" || rt != "" {
			return m, &refusal{http.StatusUnauthorized, "the request carries Sign or RequestTime, so callback auth is on in the console; build the handler with the app's callback token instead of WithoutAuth"}
		}
		return m, nil
	}
	if sign == "" || rt == "" {
		return m, &refusal{http.StatusUnauthorized, "Sign and RequestTime are missing; turn callback auth on in the console with this handler's token, or build the handler with WithoutAuth for an app with callback auth off"}
	}
	// RequestTime is parsed first, so that what is hashed is at most the
	// 20 characters of an int64 (ParseInt takes leading zeros and a sign,
	// so the length is checked too) whatever a sender puts there.
	sec, err := strconv.ParseInt(rt, 10, 64)
	if err != nil || len(rt) > len("-9223372036854775808") {
		return m, &refusal{http.StatusUnauthorized, "RequestTime is not Unix seconds"}
	}
	if !h.signed(sign, rt) {
		return m, &refusal{http.StatusUnauthorized, "Sign does not match; check the handler's token is the app's callback token"}
	}
	m.RequestTime = time.Unix(sec, 0)
	if skew := h.cfg.now().Sub(m.RequestTime); skew > MaxClockSkew || skew < -MaxClockSkew {
		return m, &refusal{http.StatusUnauthorized, fmt.Sprintf("RequestTime is %s from this server's clock (at most %s); check the server's clock, or a request was replayed", skew.Round(time.Second), MaxClockSkew)}
	}
	return m, nil
}

// dispatch is the call of a verified callback's func.
type dispatch struct {
	call func(context.Context) Decision
}

// run calls d's func in the request's goroutine and answers its
// decision, unless the deadline passed first: then a timer answers the
// timeout decision (flushed at once, with a Content-Length, so Tencent
// has a complete answer while the func still runs) and cancels the
// func's context. Whichever answers first answers alone.
func (h *Handler) run(ctx context.Context, w http.ResponseWriter, cmd string, d *dispatch) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	a := &once{w: w}
	timer := time.AfterFunc(h.cfg.deadline, func() {
		// Answer, then cancel: a func that returns as soon as its context
		// ends must not answer before the timeout decision.
		answered := a.answer("OK", h.timeoutDecision(cmd), true)
		cancel()
		if answered {
			h.cfg.logger.Warn("callback handler passed its deadline, answered the timeout decision", "command", cmd, "deadline", h.cfg.deadline)
		}
	})
	defer timer.Stop()
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler { // net/http's sentinel: let it abort the response
				panic(p)
			}
			h.fail(a, cmd, "callback handler panicked", "panic", fmt.Sprint(p))
		}
	}()
	dec := d.call(ctx)
	if IsBeforeCommand(cmd) {
		if err := dec.Check(cmd); err != nil {
			h.fail(a, cmd, "callback decision invalid, refusing", "error", err)
			return
		}
	}
	a.answer("OK", dec, false)
}

// fail logs why a func failed (it panicked, or its decision is invalid)
// and answers ErrorCode 1 (ActionStatus OK, as a refusal is written),
// which refuses a before-event: a failed func fails closed.
func (h *Handler) fail(a *once, cmd, msg, key string, why any) {
	h.cfg.logger.Error(msg, "command", cmd, key, why)
	a.answer("OK", Refuse("the callback handler failed"), false)
}

// once writes one answer of a request, from the request's goroutine or
// the deadline's timer.
type once struct {
	mu   sync.Mutex
	done bool
	w    http.ResponseWriter
}

// answer writes the answer unless one was written, flushing it (and
// closing the connection, which stays busy until the func returns) when
// asked; it reports whether it wrote.
func (o *once) answer(actionStatus string, d Decision, flush bool) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.done {
		return false
	}
	o.done = true
	if flush {
		o.w.Header().Set("Connection", "close")
	}
	writeAnswer(o.w, http.StatusOK, actionStatus, d)
	if flush {
		_ = http.NewResponseController(o.w).Flush() // without a Flusher the answer leaves when the func returns
	}
	return true
}

// timeoutDecision is the timeout decision if it is valid for cmd, else
// Refuse with its Info; Allow for an after-event.
func (h *Handler) timeoutDecision(cmd string) Decision {
	if !IsBeforeCommand(cmd) {
		return Allow()
	}
	if h.cfg.timeout.Check(cmd) != nil {
		return Refuse(h.cfg.timeout.Info)
	}
	return h.cfg.timeout
}

// IsBeforeCommand reports whether cmd is a before-event command, whose
// answer is a Decision: C2C.CallbackBeforeSendMsg,
// Group.CallbackBeforeSendMsg or Group.CallbackBeforeCreateGroup.
func IsBeforeCommand(cmd string) bool {
	return cmd == CommandC2CBeforeSendMsg || cmd == CommandGroupBeforeSendMsg || cmd == CommandGroupBeforeCreate
}

// signed reports, in constant time, whether sign is the Sign of
// requestTime: hex(sha256(token + requestTime)), computed on the stack.
func (h *Handler) signed(sign, requestTime string) bool {
	var in [128 + 32]byte
	var want [2 * sha256.Size]byte
	sum := sha256.Sum256(append(append(in[:0], h.token()...), requestTime...))
	hex.Encode(want[:], sum[:])
	return subtle.ConstantTimeCompare([]byte(sign), want[:]) == 1
}

// query is what the Handler reads of a callback's query.
type query struct {
	sdkAppID, command, clientIP, optPlatform, sign, requestTime string
}

// parse reads the query's parameters as url.ParseQuery does (the first
// value of each wins), without keeping the others; false when a key or
// value does not unescape or has a semicolon.
func (q *query) parse(raw string) bool {
	seen := map[*string]bool{}
	for raw != "" {
		var kv string
		kv, raw, _ = strings.Cut(raw, "&")
		if strings.Contains(kv, ";") {
			return false
		}
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		k, err := url.QueryUnescape(k)
		if err != nil {
			return false
		}
		var dst *string
		switch k {
		case "SdkAppid":
			dst = &q.sdkAppID
		case "CallbackCommand":
			dst = &q.command
		case "ClientIP":
			dst = &q.clientIP
		case "OptPlatform":
			dst = &q.optPlatform
		case "Sign":
			dst = &q.sign
		case "RequestTime":
			dst = &q.requestTime
		}
		if v, err = url.QueryUnescape(v); err != nil {
			return false
		}
		if dst != nil && !seen[dst] {
			*dst, seen[dst] = v, true
		}
	}
	return true
}

// okAnswer is the answer of Allow, written without encoding.
const okAnswer = `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}`

// writeAnswer writes the answer envelope.
func writeAnswer(w http.ResponseWriter, status int, actionStatus string, d Decision) {
	hdr := w.Header()
	hdr.Set("Content-Type", "application/json")
	if status == http.StatusOK && actionStatus == "OK" && d.Code == CodeAllow && d.Info == "" && d.MsgBody == nil && d.CloudCustomData == nil {
		hdr.Set("Content-Length", strconv.Itoa(len(okAnswer)))
		w.WriteHeader(status)
		_, _ = io.WriteString(w, okAnswer)
		return
	}
	b, err := json.Marshal(struct {
		ActionStatus string `json:"ActionStatus"`
		Decision
	}{actionStatus, d})
	if err != nil { // a replaced MsgBody that does not encode
		status, b = http.StatusInternalServerError, []byte(`{"ActionStatus":"FAIL","ErrorCode":1,"ErrorInfo":"the decision does not encode"}`)
	}
	hdr.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
