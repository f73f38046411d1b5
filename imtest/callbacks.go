package imtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/imconsole/imconsole/callback"
	"github.com/imconsole/imconsole/internal/option"
	"github.com/imconsole/imconsole/internal/transport"
	"github.com/imconsole/imconsole/restapi"
)

// Codes a refused before-callback answers to the REST caller.
const (
	codeC2CCallbackRefused   = 20006 // C2C.CallbackBeforeSendMsg answered 1
	codeGroupCallbackRefused = 10016 // a group before-callback answered 1
)

// maxCallbackAnswer bounds the answer the server reads from a callback:
// a longer one is not valid, whatever its first MiB says.
const maxCallbackAnswer = 1 << 20

// CallbackConfig is where and how an app's third-party callbacks go, as
// set in the console (回调配置): URL (http:// or https://), Token the
// callback auth token (empty: no Sign and RequestTime), Commands the
// enabled commands (nil: every command of callback.Commands()), and
// AfterRetries how many times an after-event callback is sent again when
// it is not answered within the callback timeout (the console's retry on
// timeout; default 0, Tencent's default). An answer, even a non-200 or
// non-JSON one, is not retried, nor is a failed connection. Before-event
// callbacks are never retried.
// Printed, logged or encoded as JSON, it shows no Token (see String),
// except as an unexported field of another struct, which fmt prints
// without calling String: keep it in an exported field, or behind a
// pointer. A callback's ErrorInfo that echoes the Token or the Sign is
// recorded and answered with REDACTED in its place.
type CallbackConfig struct {
	URL          string
	Token        string
	Commands     []string
	AfterRetries int
}

// check reports what is wrong with cfg.
func (cfg CallbackConfig) check() error {
	u, err := url.Parse(cfg.URL)
	if err != nil { // the parser's error quotes the URL, password included
		return errors.New("imtest: the callback URL does not parse; give an http:// or https:// URL with a host")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("imtest: the callback URL's scheme is %q; it must start with http:// or https:// and name a host", u.Scheme)
	}
	if u.Host == "" {
		return errors.New("imtest: the callback URL has no host; it must start with http:// or https:// and name a host")
	}
	if len(cfg.Token) > 128 {
		return fmt.Errorf("imtest: the callback token is %d bytes; use 1-128", len(cfg.Token))
	}
	for _, c := range cfg.Commands {
		if !slices.Contains(callback.Commands(), c) {
			return fmt.Errorf("imtest: %q is not a callback command the server sends; use the callback.Command constants", c)
		}
	}
	if cfg.AfterRetries < 0 {
		return fmt.Errorf("imtest: AfterRetries is %d; use 0 or more", cfg.AfterRetries)
	}
	return nil
}

// String describes cfg with its Token and the URL's password and query
// values redacted: printing or logging a CallbackConfig never shows a
// secret.
func (cfg CallbackConfig) String() string {
	return fmt.Sprintf("imtest.CallbackConfig{URL: %s, Token: %s, Commands: %q, AfterRetries: %d}", transport.ShownURL(cfg.URL), cfg.shownToken(), cfg.Commands, cfg.AfterRetries)
}

// GoString is String, so %#v does not show the token either.
func (cfg CallbackConfig) GoString() string { return cfg.String() }

// Format makes every fmt verb (%v, %+v, %s, %d, ...) print String.
func (cfg CallbackConfig) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, cfg.String()) }

// LogValue keeps the token out of slog output.
func (cfg CallbackConfig) LogValue() slog.Value { return slog.StringValue(cfg.String()) }

// MarshalJSON encodes cfg with its Token and the URL's secrets redacted,
// as String shows them; it cannot fail.
func (cfg CallbackConfig) MarshalJSON() ([]byte, error) {
	type shown CallbackConfig // without the methods
	return json.Marshal(shown{URL: transport.ShownURL(cfg.URL), Token: cfg.shownToken(), Commands: cfg.Commands, AfterRetries: cfg.AfterRetries})
}

// shownToken is the token as cfg shows it: Redacted when set.
func (cfg CallbackConfig) shownToken() string {
	if cfg.Token == "" {
		return ""
	}
	return transport.Redacted
}

// minSecretValue is how long a callback URL's query value must be to be
// redacted on its own, without its name, as a credential could be.
const minSecretValue = 8

// secrets are what a delivery's Err must not show of a callback cfg
// sends at now, which an answer may echo: the token, the Sign, and each
// name=value of the URL's own query (a gateway's access token) as sent,
// and each such value of minSecretValue bytes or more alone, escaped and
// not (an answer may quote the token without its name).
func (cfg CallbackConfig) secrets(now time.Time) []string {
	var out []string
	if cfg.Token != "" {
		out = append(out, cfg.Token, callback.Sign(cfg.Token, now))
	}
	if u, err := url.Parse(cfg.URL); err == nil {
		for pair := range strings.SplitSeq(u.RawQuery, "&") {
			if _, value, _ := strings.Cut(pair, "="); value != "" {
				out = append(out, pair)
				if len(value) >= minSecretValue { // alone only when it can be a credential: "1" or "json" would redact every one of them
					out = append(out, value)
					if plain, err := url.QueryUnescape(value); err == nil && plain != value {
						out = append(out, plain)
					}
				}
			}
		}
	}
	return out
}

// enabled reports whether cfg sends cmd.
func (cfg CallbackConfig) enabled(cmd string) bool {
	return cfg.URL != "" && (cfg.Commands == nil || slices.Contains(cfg.Commands, cmd))
}

// CallbackOutcome is what the server did with a callback's answer.
type CallbackOutcome string

// Outcomes of a CallbackDelivery.
const (
	CallbackAllowed   CallbackOutcome = "allowed"   // before-event: ErrorCode 0, unchanged
	CallbackModified  CallbackOutcome = "modified"  // before-event: ErrorCode 0 with MsgBody or CloudCustomData
	CallbackRefused   CallbackOutcome = "refused"   // before-event: ErrorCode 1 (20006 or 10016 answered)
	CallbackDropped   CallbackOutcome = "dropped"   // before-event: ErrorCode 2, success answered, nothing stored
	CallbackRejected  CallbackOutcome = "rejected"  // before-event: a custom code, answered to the caller
	CallbackDefault   CallbackOutcome = "default"   // before-event: no valid answer; went ahead as without a callback
	CallbackDelivered CallbackOutcome = "delivered" // after-event: answered with HTTP 200 and JSON
	CallbackFailed    CallbackOutcome = "failed"    // after-event: no valid answer
)

// CallbackDelivery is one POST of a callback, for assertions: the app and
// command, the attempt (1, then 2... for retried after-events), the
// answer's HTTP status (0 without one), the real time it took, the
// answer's decision (zero without a valid answer: one that is not HTTP
// 200 with the JSON envelope, or is over 1 MiB), the outcome and, when
// there was no valid answer, why: Err never shows the token, the Sign or
// a query value, even when the answer echoes the request.
type CallbackDelivery struct {
	SDKAppID uint64
	Command  string
	Attempt  int
	Status   int
	Latency  time.Duration
	Decision callback.Decision
	Outcome  CallbackOutcome
	Err      string
}

// callbackOptions are the server's callback settings (New's options).
type callbackOptions struct {
	all     *CallbackConfig // WithCallback: every app's, unless SetCallback set one
	timeout time.Duration   // WithCallbackTimeout; 0: Tencent's 2 s
}

// callbacks is the server's callback state, guarded by s.mu; client,
// life and end are set by newCallbacks and never change.
type callbacks struct {
	callbackOptions
	apps       map[uint64]CallbackConfig
	deliveries []CallbackDelivery
	client     *http.Client
	life       context.Context    // every delivery's parent: ended by Close
	end        context.CancelFunc // ends life
}

func newCallbacks(o callbackOptions) callbacks {
	if o.timeout == 0 {
		o.timeout = callback.TencentTimeout
	}
	life, end := context.WithCancel(context.Background())
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// A copy of http.DefaultTransport, whose idle connections Close ends;
	// one a test replaced (httpmock.Activate does) is used as it is.
	if base, ok := http.DefaultTransport.(*http.Transport); ok {
		hc.Transport = base.Clone()
	}
	return callbacks{callbackOptions: o, apps: map[uint64]CallbackConfig{}, life: life, end: end, client: hc}
}

// maxDeliveries bounds the deliveries a server keeps, as maxRecorded
// bounds its requests: past it, the oldest are dropped until half of it
// remains.
const maxDeliveries = 100_000

// keep adds recs to the deliveries kept, dropping the oldest past
// maxDeliveries.
func (c *callbacks) keep(recs []CallbackDelivery) {
	if len(c.deliveries)+len(recs) > maxDeliveries {
		drop := min(len(c.deliveries), len(c.deliveries)+len(recs)-maxDeliveries/2)
		c.deliveries = slices.Delete(c.deliveries, 0, drop)
	}
	c.deliveries = append(c.deliveries, recs...)
}

// stop cancels the deliveries in flight, refuses new ones and closes the
// connections kept to callback URLs.
func (c *callbacks) stop() {
	c.end()
	c.client.CloseIdleConnections()
}

// WithCallback sends every app's callbacks (of apps created later too) as
// cfg says, unless SetCallback gives an app its own; see SetCallback. It
// fails for an invalid cfg.
func WithCallback(cfg CallbackConfig) Option {
	err := cfg.check()
	cfg.Commands = slices.Clone(cfg.Commands)
	return option.Check(err != nil, err, func(c *config) { c.callback.all = &cfg })
}

// WithCallbackTimeout sets how long the server waits for a callback's
// answer, in real time as the receiver answers in real time, not on the
// server's clock (default Tencent's 2 s, which cannot be changed there):
// lower it in tests of the timeout default so they do not wait 2 s. It
// fails unless 0 < d <= 2 s.
func WithCallbackTimeout(d time.Duration) Option {
	return option.Check(d <= 0 || d > callback.TencentTimeout,
		fmt.Errorf("imtest: WithCallbackTimeout(%s): use a timeout above 0 and at most Tencent's %s", d, callback.TencentTimeout),
		func(c *config) { c.callback.timeout = d })
}

// SetCallback sets where an app's callbacks go; a zero CallbackConfig
// turns them off. The server then POSTs as Tencent does for the events its
// REST API state produces: sendmsg (C2C.CallbackBeforeSendMsg and
// AfterSendMsg, unless ForbidCallbackControl forbids them; batchsendmsg
// and importmsg send none), create_group (Group.CallbackBeforeCreateGroup
// and AfterCreateGroup), send_group_msg (Group.CallbackBeforeSendMsg and
// AfterSendMsg, unless forbidden; send_group_system_notification sends
// none), add_group_member (AfterNewMemberJoin, Invited),
// delete_group_member (AfterMemberExit, Kicked, for the accounts that were
// members), destroy_group (AfterGroupDestroyed), group_msg_recall
// (AfterRecallMsg, the MsgSeqs recalled), change_group_owner
// (AfterChangeGroupOwner), modify_group_base_info (AfterGroupInfoChanged,
// when it sets Name, Introduction, Notification or FaceUrl),
// add_group_member also AfterGroupFull (when it fills the group, or
// answers 10014 for a full one), admin_msgwithdraw
// (C2C.CallbackAfterMsgWithDraw), modify_c2c_msg
// (C2C.CallbackAfterModifyMsg), modify_group_msg
// (Group.CallbackAfterModifyMsg), friend_add
// and friend_delete (Sns.CallbackFriendAdd, FriendDelete, listing every
// pair answered 0), black_list_add and black_list_delete
// (Sns.CallbackBlackListAdd, BlackListDelete, likewise), portrait_set
// (Profile.CallbackPortraitSet), kick and
// SetOnline (State.StateChange), create_topic
// (Group.CallbackAfterCreateTopic) and destroy_topic
// (Group.CallbackAfterTopicDestroyed, the topics deleted) and
// modify_topic (Group.CallbackAfterTopicInfoChanged, when it sets the
// name, introduction, notification or face URL). The query carries SdkAppid,
// CallbackCommand, contenttype=json, ClientIP 127.0.0.1 and OptPlatform
// RESTAPI (SetOnline: the platform, iPhone as IOS), plus Sign and
// RequestTime (the server's clock) with a token.
//
// A before-callback is waited for at most the callback timeout, and its
// answer applied: ErrorCode 1 answers 20006 (C2C) or 10016 (group)
// without the answer's ErrorInfo (CallbackDeliveries keeps it), 2
// answers success and stores nothing, a custom code in the command's
// range answers that code and ErrorInfo, 0 with MsgBody or
// CloudCustomData stores those (another code's MsgBody and
// CloudCustomData are ignored: only ErrorCode 0 replaces them, and the
// code decides); no answer, a non-200 status, a non-JSON body or an
// answer the command does not document goes ahead as if no callback were
// set (Tencent's default). After-callbacks are sent after
// the change and before the REST call is answered, so a test sees them
// once the call returns.
//
// Deliveries never hold the server's lock: the command runs its checks,
// the server releases the lock, POSTs, takes the lock again and applies
// the decision to the state as it is then, at the time the request came
// in (the time, MsgKey and MsgId the event carried): the app deleted
// meanwhile answers 70020, and the checks the state decides are made
// again (the accounts imported, the group, its topic, the
// sender's membership and mutes, a custom GroupId unused, a repeat within
// the dedup window answered with the first answer). Every delivery is
// recorded (CallbackDeliveries).
//
// It fails for an unknown app or an invalid cfg.
func (s *Server) SetCallback(sdkAppID uint64, cfg CallbackConfig) error {
	if cfg.URL != "" || cfg.Token != "" || cfg.Commands != nil || cfg.AfterRetries != 0 {
		if err := cfg.check(); err != nil {
			return err
		}
	}
	cfg.Commands = slices.Clone(cfg.Commands)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.appLocked("SetCallback", sdkAppID); err != nil {
		return err
	}
	s.callbacks.apps[sdkAppID] = cfg
	return nil
}

// CallbackDeliveries returns the callbacks POSTed for an app, in order;
// nil when there were none. Like Requests it is a record, which an app's
// deletion leaves as it is (the destroy callbacks of an offboarding stay
// readable). A server that POSTed more than 100 000 callbacks (of all its
// apps) keeps the most recent ones, as Requests does. It panics for an
// app the server never had.
func (s *Server) CallbackDeliveries(sdkAppID uint64) []CallbackDelivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.deletedLocked(sdkAppID) {
		s.mustAppLocked("CallbackDeliveries", sdkAppID)
	}
	var out []CallbackDelivery
	for _, d := range s.callbacks.deliveries {
		if d.SDKAppID == sdkAppID {
			out = append(out, d)
		}
	}
	return out
}

// callbackConfig is the configuration of an app's cmd callbacks, false
// when cmd is not sent. s.mu is held.
func (s *Server) callbackConfig(sdkAppID uint64, cmd string) (CallbackConfig, bool) {
	cfg, ok := s.callbacks.apps[sdkAppID]
	if !ok && s.callbacks.all != nil {
		cfg = *s.callbacks.all
	}
	return cfg, cfg.enabled(cmd)
}

// deliver POSTs e for the app at now, retrying a delivery that timed out
// at most retries times, and returns the answer's decision and whether it
// was valid (HTTP 200, JSON, a decision the command documents). s.mu is
// held on entry and on return, and released while POSTing.
func (s *Server) deliver(cfg CallbackConfig, sdkAppID uint64, now time.Time, e callback.Event, retries int) (callback.Decision, bool) {
	m := e.Metadata()
	m.SDKAppID = sdkAppID
	life, timeout, client := s.callbacks.life, s.callbacks.timeout, s.callbacks.client
	before := callback.IsBeforeCommand(e.Command())
	s.mu.Unlock()
	var d callback.Decision
	var recs []CallbackDelivery
	valid, timedOut := false, true
	for attempt := 1; attempt <= 1+retries && timedOut; attempt++ {
		rec := CallbackDelivery{SDKAppID: sdkAppID, Command: e.Command(), Attempt: attempt}
		start := time.Now()
		d, rec.Status, rec.Err, timedOut = post(life, client, cfg, now, e, timeout)
		rec.Latency = time.Since(start)
		if d.Code != callback.CodeAllow {
			d.MsgBody, d.CloudCustomData = nil, nil // only an allowing answer replaces them ("must use ErrorCode 0"): the code decides
		}
		if rec.Err == "" {
			if err := d.Check(e.Command()); before && err != nil {
				rec.Err = err.Error()
			}
		}
		valid = rec.Err == ""
		if valid {
			rec.Decision = d
		}
		rec.Outcome = callbackOutcome(before, valid, d)
		recs = append(recs, rec)
	}
	s.mu.Lock()
	s.callbacks.keep(recs)
	return d, valid
}

// post sends e once, unless life has ended, and decodes the answer: its
// decision, HTTP status, why it is not valid ("" when it is) and whether
// it timed out (no answer, or not all of it, within timeout).
func post(life context.Context, client *http.Client, cfg CallbackConfig, now time.Time, e callback.Event, timeout time.Duration) (d callback.Decision, status int, why string, timedOut bool) {
	ctx, cancel := context.WithTimeout(life, timeout)
	defer cancel()
	secrets := cfg.secrets(now)
	req, err := callback.NewRequest(ctx, cfg.URL, cfg.Token, now, e)
	if err != nil {
		return d, 0, transport.Redact(err.Error(), secrets...), false
	}
	resp, err := client.Do(req)
	if err != nil {
		switch {
		case life.Err() != nil:
			return d, 0, "not answered: the server was closed (Close or Shutdown), which ends its callbacks", false
		case errors.Is(err, context.DeadlineExceeded):
			return d, 0, fmt.Sprintf("no answer within %s", timeout), true
		}
		if ue, ok := errors.AsType[*url.Error](err); ok {
			err = ue.Err // its URL holds the Sign
		}
		// A malformed answer is quoted, and may echo the query.
		return d, 0, "the request failed: " + transport.Redact(err.Error(), secrets...), false
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxCallbackAnswer+1))
	if err != nil {
		return d, resp.StatusCode, "the answer could not be read: " + transport.Redact(err.Error(), secrets...), ctx.Err() != nil && life.Err() == nil
	}
	if resp.StatusCode != http.StatusOK {
		return d, resp.StatusCode, fmt.Sprintf("HTTP status %d%s; answer 200 with the JSON envelope", resp.StatusCode, saying(body, secrets)), false
	}
	if len(body) > maxCallbackAnswer {
		return d, resp.StatusCode, fmt.Sprintf("the answer is over %d bytes; answer the JSON envelope, a few hundred bytes", maxCallbackAnswer), false
	}
	var a struct {
		ActionStatus string `json:"ActionStatus"`
		callback.Decision
	}
	if err := json.Unmarshal(body, &a); err != nil {
		return d, resp.StatusCode, "the answer is not the JSON envelope: " + err.Error(), false
	}
	a.Info = transport.Redact(a.Info, slices.DeleteFunc(slices.Clone(secrets), func(s string) bool { return len(s) < minEchoed })...) // it reaches the REST caller and the record: an echo of the Sign or token must not, but a token as short as a word is no echo
	return a.Decision, resp.StatusCode, "", false
}

// minEchoed is the shortest secret an answer's ErrorInfo is redacted of:
// a token of a few bytes ("spam") is as likely a word of the text.
const minEchoed = 8

// maxQuotedAnswer bounds what a delivery's Err quotes of an answer.
const maxQuotedAnswer = 256

// saying is what a refused answer says, for a delivery's Err: its
// ErrorInfo when it is the JSON envelope (a callback.Handler's refusal
// says why there), else its text, quoted and clipped, with the secrets
// (CallbackConfig.secrets) and every query value redacted before it is
// clipped (an error page may echo the URL); "" for an empty answer.
func saying(body []byte, secrets []string) string {
	text := string(body)
	var a struct{ ErrorInfo string }
	if json.Unmarshal(body, &a) == nil && a.ErrorInfo != "" {
		text = a.ErrorInfo
	}
	text = transport.Redact(text, secrets...)
	if text = strings.TrimSpace(text); text == "" {
		return ""
	}
	return fmt.Sprintf(" (%q)", clip(text, maxQuotedAnswer))
}

// callbackOutcome names what the server does with an answer.
func callbackOutcome(before, valid bool, d callback.Decision) CallbackOutcome {
	switch {
	case !before && valid:
		return CallbackDelivered
	case !before:
		return CallbackFailed
	case !valid:
		return CallbackDefault
	case d.Code == callback.CodeRefuse:
		return CallbackRefused
	case d.Code == callback.CodeDrop:
		return CallbackDropped
	case d.Code != callback.CodeAllow:
		return CallbackRejected
	case d.MsgBody != nil || d.CloudCustomData != nil:
		return CallbackModified
	}
	return CallbackAllowed
}

// before sends the before-event e of a REST call, if enabled, and returns
// the error to answer (refusedCode for ErrorCode 1, without the answer's
// ErrorInfo; a custom code as it is, with it) and whether the message is
// dropped; on a modifying answer body and custom are replaced. s.mu is
// held, and released while POSTing.
func (s *Server) before(c *v4Call, e callback.Event, refusedCode int, body *[]restapi.Element, custom *string) (drop bool, err error) {
	cfg, ok := s.callbackConfig(c.app.app.SDKAppID, e.Command())
	if !ok {
		return false, nil
	}
	d, valid := s.deliver(cfg, c.app.app.SDKAppID, c.now, e, 0)
	switch { // c.now stays the time the request came in: the message's time, MsgKey and MsgId, which the event carried
	case s.apps[c.app.app.SDKAppID] != c.app: // deleted meanwhile
		return false, v4AppNotFound(c.app.app.SDKAppID)
	case !valid:
		return false, nil
	case d.Code == callback.CodeRefuse:
		return false, v4Err(refusedCode, "the app's %s refused it (ErrorCode 1)", e.Command())
	case d.Code == callback.CodeDrop:
		return true, nil
	case d.Code != callback.CodeAllow:
		return false, v4Err(d.Code, "%s", d.Info)
	}
	if d.MsgBody != nil && body != nil {
		*body = d.MsgBody
	}
	if d.CloudCustomData != nil && custom != nil {
		*custom = *d.CloudCustomData
	}
	return false, nil
}

// after sends the after-event e of an app at now, if enabled, retrying
// as configured. s.mu is held, and released while POSTing.
func (s *Server) after(sdkAppID uint64, now time.Time, e callback.Event) {
	if cfg, ok := s.callbackConfig(sdkAppID, e.Command()); ok {
		s.deliver(cfg, sdkAppID, now, e, cfg.AfterRetries)
	}
}

// beforeSendMsg sends C2C.CallbackBeforeSendMsg for a sendmsg from from,
// unless forbidden, applying a modifying answer to req.
func (s *Server) beforeSendMsg(c *v4Call, req *restapi.SendMsgRequest, from string) (drop bool, err error) {
	if slices.Contains(req.ForbidCallbackControl, restapi.ForbidBeforeSendMsgCallback) {
		return false, nil
	}
	seq := req.MsgSeq
	if seq == 0 { // the sequence store will assign, unless a send takes it meanwhile
		seq = c.app.v4.msgs.conv(from, req.ToAccount).nextSeq + 1
	}
	e := &callback.C2CBeforeSendMsg{C2CMessage: c2cMessage(req, from, seq, c.now.Unix())}
	return s.before(c, e, codeC2CCallbackRefused, &req.MsgBody, &req.CloudCustomData)
}

// afterSendMsg sends C2C.CallbackAfterSendMsg for a message sent (with
// the body a before-callback set), unless forbidden.
func (s *Server) afterSendMsg(c *v4Call, req *restapi.SendMsgRequest, from string, resp restapi.SendMsgResponse) {
	if slices.Contains(req.ForbidCallbackControl, restapi.ForbidAfterSendMsgCallback) {
		return
	}
	if _, ok := s.callbackConfig(c.app.app.SDKAppID, callback.CommandC2CAfterSendMsg); !ok {
		return
	}
	var seq uint32
	_, _ = fmt.Sscanf(resp.MsgKey, "%d_", &seq)
	msg := c2cMessage(req, from, seq, resp.MsgTime)
	msg.MsgKey = resp.MsgKey
	s.after(c.app.app.SDKAppID, c.now, &callback.C2CAfterSendMsg{C2CMessage: msg, ErrorInfo: "send msg succeed", UnreadMsgNum: c.app.v4.msgs.unread(req.ToAccount)})
}

// afterMsgWithdrawn sends C2C.CallbackAfterMsgWithDraw for the message
// an admin_msgwithdraw recalled, with the recipient's unread count after
// it.
func (s *Server) afterMsgWithdrawn(c *v4Call, req *restapi.MsgWithdrawRequest) {
	s.after(c.app.app.SDKAppID, c.now, &callback.C2CMsgWithdrawn{
		FromAccount: req.FromAccount, ToAccount: req.ToAccount, MsgKey: req.MsgKey,
		UnreadMsgNum: c.app.v4.msgs.unread(req.ToAccount), EventTime: callback.EventTime(c.now.UnixMilli()),
	})
}

func c2cMessage(req *restapi.SendMsgRequest, from string, seq uint32, t int64) callback.C2CMessage {
	return callback.C2CMessage{
		FromAccount: from, ToAccount: req.ToAccount, MsgSeq: seq, MsgRandom: req.MsgRandom, MsgTime: t,
		MsgKey: fmt.Sprintf("%d_%d_%d", seq, req.MsgRandom, t), MsgID: msgID(from, t, req.MsgRandom), OnlineOnlyFlag: req.OnlineOnlyFlag,
		MsgBody: slices.Clone(req.MsgBody), CloudCustomData: req.CloudCustomData,
	}
}

// beforeCreateGroup sends Group.CallbackBeforeCreateGroup for a
// create_group.
func (s *Server) beforeCreateGroup(c *v4Call, req *restapi.CreateGroupRequest) error {
	n := 0
	for _, g := range c.app.v4.groups {
		if g.info.OwnerAccount == req.OwnerAccount && g.info.Type == req.Type {
			n++
		}
	}
	members := make([]restapi.MemberAccount, len(req.MemberList))
	for i, m := range req.MemberList {
		members[i] = restapi.MemberAccount{MemberAccount: m.MemberAccount}
	}
	_, err := s.before(c, &callback.GroupBeforeCreate{
		OperatorAccount: c.identifier, OwnerAccount: req.OwnerAccount, Type: req.Type, Name: req.Name,
		CreateGroupNum: n, MemberList: members, EventTime: callback.EventTime(c.now.UnixMilli()),
	}, codeGroupCallbackRefused, nil, nil)
	return err
}

// afterCreateGroup sends Group.CallbackAfterCreateGroup for g.
func (s *Server) afterCreateGroup(c *v4Call, g *v4Group) {
	s.after(c.app.app.SDKAppID, c.now, &callback.GroupAfterCreate{
		GroupID: g.info.GroupID, OperatorAccount: c.identifier, OwnerAccount: g.info.OwnerAccount, Type: g.info.Type,
		Name: g.info.Name, MemberList: membersOf(g.members), UserDefinedDataList: slices.Clone(g.info.AppDefinedData),
		EventTime: callback.EventTime(c.now.UnixMilli()),
	})
}

// afterGroupDestroyed sends Group.CallbackAfterGroupDestroyed for g,
// without members for a Community.
func (s *Server) afterGroupDestroyed(c *v4Call, g *v4Group) {
	e := &callback.GroupDestroyed{GroupID: g.info.GroupID, Type: g.info.Type, OwnerAccount: g.info.OwnerAccount, Name: g.info.Name, EventTime: callback.EventTime(c.now.UnixMilli())}
	if g.info.Type != restapi.GroupCommunity {
		e.MemberList = membersOf(g.members)
	}
	s.after(c.app.app.SDKAppID, c.now, e)
}

func membersOf(ms []restapi.GroupMemberInfo) []restapi.MemberAccount {
	out := make([]restapi.MemberAccount, len(ms))
	for i, m := range ms {
		out[i] = restapi.MemberAccount{MemberAccount: m.MemberAccount}
	}
	return out
}

// beforeGroupSendMsg sends Group.CallbackBeforeSendMsg for a
// send_group_msg from from to g, unless forbidden, applying a modifying
// answer to req; a refusal answers 10016.
func (s *Server) beforeGroupSendMsg(c *v4Call, g *v4Group, req *restapi.SendGroupMsgRequest, from string) (drop bool, err error) {
	if slices.Contains(req.ForbidCallbackControl, restapi.ForbidBeforeSendMsgCallback) {
		return false, nil
	}
	e := &callback.GroupBeforeSendMsg{GroupMessage: groupMessage(c, g, req, from)}
	return s.before(c, e, codeGroupCallbackRefused, &req.MsgBody, &req.CloudCustomData)
}

// afterGroupSendMsg sends Group.CallbackAfterSendMsg for a group message
// sent (with the body a before-callback set), unless forbidden.
func (s *Server) afterGroupSendMsg(c *v4Call, g *v4Group, req *restapi.SendGroupMsgRequest, from string, resp restapi.SendGroupMsgResponse) {
	if slices.Contains(req.ForbidCallbackControl, restapi.ForbidAfterSendMsgCallback) {
		return
	}
	s.after(c.app.app.SDKAppID, c.now, &callback.GroupAfterSendMsg{
		GroupMessage: groupMessage(c, g, req, from), MsgSeq: resp.MsgSeq, MsgTime: resp.MsgTime, GroupAtInfo: slices.Clone(req.GroupAtInfo),
	})
}

func groupMessage(c *v4Call, g *v4Group, req *restapi.SendGroupMsgRequest, from string) callback.GroupMessage {
	return callback.GroupMessage{
		GroupID: g.info.GroupID, Type: g.info.Type, FromAccount: from, OperatorAccount: c.identifier, Random: req.Random,
		MsgID: msgID(from, c.now.Unix(), req.Random), OnlineOnlyFlag: req.OnlineOnlyFlag, MsgBody: slices.Clone(req.MsgBody), CloudCustomData: req.CloudCustomData,
		TopicID: req.TopicID, EventTime: callback.EventTime(c.now.UnixMilli()),
	}
}

// afterMemberJoin sends Group.CallbackAfterNewMemberJoin (JoinType
// Invited) for accounts add_group_member put into g.
func (s *Server) afterMemberJoin(c *v4Call, g *v4Group, accounts []string) {
	if len(accounts) == 0 {
		return
	}
	s.after(c.app.app.SDKAppID, c.now, &callback.GroupMemberJoin{
		GroupID: g.info.GroupID, Type: g.info.Type, JoinType: callback.JoinInvited, OperatorAccount: c.identifier,
		NewMemberList: accountMembers(accounts), EventTime: callback.EventTime(c.now.UnixMilli()),
	})
}

// afterMemberExit sends Group.CallbackAfterMemberExit (ExitType Kicked)
// for accounts delete_group_member took out of g.
func (s *Server) afterMemberExit(c *v4Call, g *v4Group, accounts []string) {
	if len(accounts) == 0 {
		return
	}
	s.after(c.app.app.SDKAppID, c.now, &callback.GroupMemberExit{
		GroupID: g.info.GroupID, Type: g.info.Type, ExitType: callback.ExitKicked, OperatorAccount: c.identifier,
		ExitMemberList: accountMembers(accounts), EventTime: callback.EventTime(c.now.UnixMilli()),
	})
}

// afterGroupFull sends Group.CallbackAfterGroupFull for g: members that
// add_group_member put in filled it, or did not fit in a full g.
func (s *Server) afterGroupFull(c *v4Call, g *v4Group) {
	s.after(c.app.app.SDKAppID, c.now, &callback.GroupFull{GroupID: g.info.GroupID, EventTime: callback.EventTime(c.now.UnixMilli())})
}

// afterGroupMsgRecalled sends Group.CallbackAfterRecallMsg for the
// messages seqs (of topic) group_msg_recall recalled in g; none when it
// recalled none.
func (s *Server) afterGroupMsgRecalled(c *v4Call, g *v4Group, topic string, seqs []uint64) {
	if len(seqs) == 0 {
		return
	}
	list := make([]callback.RecalledMsg, len(seqs))
	for i, seq := range seqs {
		list[i] = callback.RecalledMsg{MsgSeq: seq}
	}
	s.after(c.app.app.SDKAppID, c.now, &callback.GroupMsgRecalled{
		OperatorAccount: c.identifier, Type: g.info.Type, GroupID: g.info.GroupID, MsgSeqList: list, TopicID: topic,
		EventTime: callback.EventTime(c.now.UnixMilli()),
	})
}

// afterGroupOwnerChanged sends Group.CallbackAfterChangeGroupOwner for g,
// which change_group_owner handed from old ("" for none) to its owner.
func (s *Server) afterGroupOwnerChanged(c *v4Call, g *v4Group, old string) {
	s.after(c.app.app.SDKAppID, c.now, &callback.GroupOwnerChanged{
		GroupID: g.info.GroupID, Type: g.info.Type, OperatorAccount: c.identifier, OldOwnerAccount: old,
		NewOwnerAccount: g.info.OwnerAccount, EventTime: callback.EventTime(c.now.UnixMilli()),
	})
}

// afterGroupInfoChanged sends Group.CallbackAfterGroupInfoChanged for the
// Name, Introduction, Notification and FaceUrl a modify_group_base_info
// set in g; none when it set none of the four (the only fields Tencent
// sends it for).
func (s *Server) afterGroupInfoChanged(c *v4Call, g *v4Group, req *restapi.ModifyGroupBaseInfoRequest) {
	if req.Name == "" && req.Introduction == "" && req.Notification == "" && req.FaceURL == "" {
		return
	}
	s.after(c.app.app.SDKAppID, c.now, &callback.GroupInfoChanged{
		GroupID: g.info.GroupID, Type: g.info.Type, OperatorAccount: c.identifier, Name: req.Name,
		Introduction: req.Introduction, Notification: req.Notification, FaceURL: req.FaceURL,
		EventTime: callback.EventTime(c.now.UnixMilli()),
	})
}

func accountMembers(accounts []string) []restapi.MemberAccount {
	out := make([]restapi.MemberAccount, len(accounts))
	for i, a := range accounts {
		out[i] = restapi.MemberAccount{MemberAccount: a}
	}
	return out
}

// afterFriendAdd sends Sns.CallbackFriendAdd for the items of a
// friend_add answered 0 (both directions for Add_Type_Both).
func (s *Server) afterFriendAdd(c *v4Call, req *restapi.FriendAddRequest, resp restapi.FriendResponse) {
	if pairs := friendPairs(req.FromAccount, resp, req.AddType != restapi.AddSingle, req.FromAccount); pairs != nil {
		s.after(c.app.app.SDKAppID, c.now, &callback.FriendAdd{PairList: pairs, ClientCmd: "friend_add", AdminAccount: c.identifier, ForceFlag: req.ForceAddFlags})
	}
}

// afterFriendDelete sends Sns.CallbackFriendDelete for the accounts of a
// friend_delete answered 0 (both directions for Delete_Type_Both).
func (s *Server) afterFriendDelete(c *v4Call, req *restapi.FriendDeleteRequest, resp restapi.FriendResponse) {
	if pairs := friendPairs(req.FromAccount, resp, req.DeleteType == restapi.DeleteBoth, ""); pairs != nil {
		s.after(c.app.app.SDKAppID, c.now, &callback.FriendDelete{PairList: pairs})
	}
}

// friendPairs are the pairs of from and each account resp answered 0
// for, and the other way round too when both, each with initiator as its
// InitiatorAccount; nil when none was.
func friendPairs(from string, resp restapi.FriendResponse, both bool, initiator string) []callback.FriendPair {
	var pairs []callback.FriendPair
	for _, r := range resp.ResultItem {
		if r.ResultCode != 0 {
			continue
		}
		pairs = append(pairs, callback.FriendPair{FromAccount: from, ToAccount: r.ToAccount, InitiatorAccount: initiator})
		if both {
			pairs = append(pairs, callback.FriendPair{FromAccount: r.ToAccount, ToAccount: from, InitiatorAccount: initiator})
		}
	}
	return pairs
}

// afterPortraitSet sends Profile.CallbackPortraitSet for a portrait_set.
func (s *Server) afterPortraitSet(c *v4Call, req *restapi.PortraitSetRequest) {
	s.after(c.app.app.SDKAppID, c.now, &callback.PortraitSet{
		OperatorAccount: c.identifier, FromAccount: req.FromAccount, EventTime: callback.EventTime(c.now.UnixMilli()),
		ProfileItem: slices.Clone(req.ProfileItem),
	})
}

// stateChangePlatform is the OptPlatform of State.StateChange for a
// platform of SetOnline; "" (RESTAPI) for kick.
func stateChangePlatform(platform string) string {
	switch platform {
	case "iPhone":
		return callback.PlatformIOSState
	case "PC":
		return callback.PlatformWindows
	}
	return platform // Android, Web, iPad and Mac are spelt alike
}

// afterStateChange sends State.StateChange for an account of an app at
// now: SetOnline's Online is a Login (Register), Offline a Logout
// (Unregister), PushOnline a Disconnect (LinkClose); kick is a Logout
// from RESTAPI. s.mu is held, and released while POSTing.
func (s *Server) afterStateChange(sdkAppID uint64, now time.Time, userID, platform string, status restapi.OnlineStatus) {
	info := callback.StateInfo{ToAccount: userID, Action: callback.ActionLogout, Reason: callback.ReasonUnregister}
	switch status {
	case restapi.StatusOnline:
		info.Action, info.Reason = callback.ActionLogin, callback.ReasonRegister
	case restapi.StatusPushOnline:
		info.Action, info.Reason = callback.ActionDisconnect, callback.ReasonLinkClose
	}
	e := &callback.StateChange{EventTime: callback.EventTime(now.UnixMilli()), Info: info}
	e.OptPlatform = stateChangePlatform(platform)
	s.after(sdkAppID, now, e)
}
