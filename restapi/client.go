package restapi

import (
	"bytes"
	"cmp"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/imconsole/imconsole/internal/option"
	"github.com/imconsole/imconsole/internal/rules"
	"github.com/imconsole/imconsole/internal/transport"
	"github.com/imconsole/imconsole/usersig"
)

// userAgent is sent with every request.
const userAgent = "imconsole-go restapi"

// Client calls the IM REST API (v4) of one app as one of its
// administrators. It is safe for concurrent use; create one per app and
// share it: it holds the admin UserSig and the connection pool (up to
// DefaultMaxIdleConnsPerHost idle connections, WithMaxIdleConnsPerHost).
//
// It mints the admin UserSig once and renews it before it expires (one
// goroutine mints while the others keep using the current one; no lock is
// held during network I/O), and at once when the server answers 70001
// (expired) because its clock is ahead. Each request carries a fresh
// random. The UserSig never appears in logs, errors or String output.
type Client struct {
	sdkAppID  uint64
	admin     string
	signer    *usersig.Signer
	base      string // scheme://host[/prefix], no trailing slash
	transport *transport.Transport
	logger    *slog.Logger
	now       func() time.Time
	ttl       time.Duration

	sig    atomic.Pointer[adminSig]
	mintMu sync.Mutex
	limits *limiter // nil: no client-side rate limit (ratelimit.go)

	// Accounts imports, checks and deletes accounts.
	Accounts *AccountService
	// Groups creates, reads and dissolves groups.
	Groups *GroupService
	// Presence asks who is online and kicks accounts.
	Presence *PresenceService
	// Profiles sets and reads account profiles.
	Profiles *ProfileService
	// Friends adds, deletes and lists friends.
	Friends *FriendService
	// Mute mutes accounts app-wide.
	Mute *MuteService
	// Messages sends, imports, reads and recalls one-to-one messages.
	Messages *MessageService
	// Conversations lists and deletes accounts' conversations.
	Conversations *ConversationService
}

// adminSig is one minted admin UserSig and the query that carries it.
type adminSig struct {
	sig       string // the UserSig, which errors and logs redact
	query     string // sdkappid, identifier, usersig, contenttype: everything but random
	expiresAt time.Time
	renewAt   time.Time
}

// New returns a Client calling the REST API of sdkAppID as adminUserID, an
// administrator of the app (every app has "administrator"; add others in
// Tencent's IM console, or with admins.Add on a server of this project's
// console protocol such as imtest), signing with signer (usersig.NewHMACSigner
// with the app's key, or NewECDSASigner for a legacy app). The default host
// is China's (console.tim.qq.com): use WithRegion for the app's data center,
// or WithBaseURL for an imtest server, not both.
//
// New fails when the signer is nil or for another SDKAppID, when
// adminUserID is not 1-32 bytes of printable ASCII, on a bad option, or
// when both WithRegion and WithBaseURL say where to send; it
// does not call the network, and mints the first UserSig to check the
// signer works.
func New(sdkAppID uint64, adminUserID string, signer *usersig.Signer, opts ...Option) (*Client, error) {
	if signer == nil {
		return nil, errors.New("restapi: New needs a *usersig.Signer: usersig.NewHMACSigner(sdkAppID, key) with the app's key from the console")
	}
	if signer.SDKAppID() != sdkAppID {
		return nil, fmt.Errorf("restapi: New: the signer is for SDKAppID %d, not %d; build it with the key of app %d", signer.SDKAppID(), sdkAppID, sdkAppID)
	}
	if err := checkUserID("", "adminUserID", adminUserID); err != nil {
		var e *Error
		errors.As(err, &e)
		if adminUserID == "" {
			return nil, fmt.Errorf("restapi: New: %s: pass an app admin's UserID, such as %q (admins.DefaultAdmin, which every app has)", e.Info, rules.DefaultAdmin)
		}
		return nil, fmt.Errorf("restapi: New: %s", e.Info)
	}
	cfg := config{
		transport: transport.DefaultConfig(),
		ttl:       DefaultUserSigTTL,
		now:       time.Now,
	}
	if err := option.Apply(&cfg, opts); err != nil {
		return nil, err
	}
	base := cfg.baseURL
	switch {
	case base != "" && cfg.region != "":
		return nil, errors.New("restapi: WithRegion and WithBaseURL both say where to send: keep WithBaseURL for imtest, a proxy or a BackupHost, WithRegion for Tencent's host of the app's data center")
	case base == "":
		base = "https://" + cmp.Or(cfg.region, China).Host()
	}
	c := &Client{
		sdkAppID: sdkAppID,
		admin:    adminUserID,
		signer:   signer,
		base:     base,
		logger:   cfg.logger,
		now:      cfg.now,
		ttl:      cfg.ttl,
		limits:   newLimiter(cfg.rate, cfg.now),
	}
	tc := cfg.transport
	tc.Prepare = c.prepareRetry
	c.transport = transport.New(tc)
	c.Accounts = &AccountService{c: c}
	c.Groups = &GroupService{c: c}
	c.Presence = &PresenceService{c: c}
	c.Profiles = &ProfileService{c: c}
	c.Friends = &FriendService{c: c}
	c.Mute = &MuteService{c: c}
	c.Messages = &MessageService{c: c}
	c.Conversations = &ConversationService{c: c}
	if _, err := c.adminSig(); err != nil {
		return nil, err
	}
	return c, nil
}

// String describes the client without its UserSig or key.
func (c *Client) String() string {
	return "restapi.Client{SDKAppID: " + strconv.FormatUint(c.sdkAppID, 10) + ", Admin: " + c.admin + ", BaseURL: " + c.base + ", UserSig: [redacted]}"
}

// GoString is String, so %#v does not print the UserSig either.
func (c *Client) GoString() string { return c.String() }

// SDKAppID returns the app the client calls for.
func (c *Client) SDKAppID() uint64 { return c.sdkAppID }

// BaseURL returns the scheme and host (and path prefix) requests go to.
func (c *Client) BaseURL() string { return c.base }

// adminSig returns the current admin UserSig, minting one when there is
// none or the current one is due for renewal. Minting is CPU work only,
// done by one caller at a time: while it mints, the others keep using the
// current UserSig if it still has a tenth of its validity left, and wait
// for the new one otherwise.
func (c *Client) adminSig() (*adminSig, error) {
	now := c.now()
	s := c.sig.Load()
	if s != nil && now.Before(s.renewAt) {
		return s, nil
	}
	if s != nil && now.Before(s.renewAt.Add(c.ttl/10)) {
		if !c.mintMu.TryLock() {
			return s, nil
		}
	} else {
		c.mintMu.Lock()
	}
	defer c.mintMu.Unlock()
	now = c.now()
	if s := c.sig.Load(); s != nil && now.Before(s.renewAt) {
		return s, nil
	}
	return c.mintLocked(now)
}

// renewedSig returns a UserSig to resend with after the server, its clock
// ahead of this host's, answered 70001 (expired) to stale before the
// client's renewal time. It is the UserSig another caller minted since
// stale, or else one minted now, however long stale had left by c.now.
// Concurrent callers refused with one UserSig mint one new one between
// them: the first mints under mintMu (CPU work only), the others find it.
func (c *Client) renewedSig(stale *adminSig) (*adminSig, error) {
	c.mintMu.Lock()
	defer c.mintMu.Unlock()
	if s := c.sig.Load(); s != stale {
		return s, nil
	}
	return c.mintLocked(c.now())
}

// mintLocked mints the admin UserSig issued at now and makes it the
// current one. The caller holds mintMu.
func (c *Client) mintLocked(now time.Time) (*adminSig, error) {
	sig, err := c.signer.SignToken(usersig.Token{UserID: c.admin, IssuedAt: now, TTL: c.ttl})
	if err != nil {
		return nil, fmt.Errorf("restapi: minting the admin UserSig: %w", err)
	}
	v := url.Values{
		"sdkappid":    {strconv.FormatUint(c.sdkAppID, 10)},
		"identifier":  {c.admin},
		"usersig":     {sig},
		"contenttype": {"json"},
	}
	issued := time.Unix(now.Unix(), 0)
	s := &adminSig{
		sig:       sig,
		query:     v.Encode(),
		expiresAt: issued.Add(c.ttl),
		renewAt:   issued.Add(c.ttl - c.ttl/5),
	}
	c.sig.Store(s)
	if c.logger != nil {
		c.logger.LogAttrs(context.Background(), slog.LevelInfo, "restapi: admin UserSig minted",
			slog.Uint64("sdkappid", c.sdkAppID), slog.String("identifier", c.admin),
			slog.Time("expires_at", s.expiresAt), slog.Time("renew_at", s.renewAt))
	}
	return s, nil
}

// rawQuery is the query of one attempt: the fixed part and a fresh
// random.
func (s *adminSig) rawQuery() string {
	return s.query + "&random=" + strconv.FormatUint(uint64(rand.Uint32()), 10)
}

// sentSigs are the UserSigs the attempts of one call carried: the first
// attempt's, and the renewed one a retry may get. Errors and logs redact
// them all. Only the call's own goroutine touches it (go-retryablehttp
// prepares retries there).
type sentSigs struct{ sigs []string }

// sentSigsKey carries a call's *sentSigs in its request's context to
// prepareRetry.
type sentSigsKey struct{}

// prepareRetry gives a retry the current UserSig and a fresh random, and
// adds the UserSig to the call's sentSigs.
func (c *Client) prepareRetry(r *http.Request) error {
	s, err := c.adminSig()
	if err != nil {
		return err
	}
	if sent, ok := r.Context().Value(sentSigsKey{}).(*sentSigs); ok && !slices.Contains(sent.sigs, s.sig) {
		sent.sigs = append(sent.sigs, s.sig)
	}
	u := *r.URL
	u.RawQuery = s.rawQuery()
	r.URL = &u
	return nil
}

// validName reports whether s can be a service or command in the path.
func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_' || b == '-' || b == '.') {
			return false
		}
	}
	return s != "." && s != ".."
}

// Call sends one REST API command: POST {base}/v4/{service}/{command} with
// req marshalled as the JSON body (nil, a nil pointer, and an empty
// json.RawMessage or []byte, send {}; another json.RawMessage or []byte
// is sent as it is, once it checks as JSON), and unmarshals the response
// into resp (may be nil). On failure resp still receives what the
// service answered, for commands that report partial results.
//
// A failure answered by the service is an *Error (match it with errors.Is
// against ErrNotAdmin, ErrUserSigExpired and the other families), and so
// is an answer with an HTTP status other than 200 (HTTPStatus set; a 5xx
// matches ErrServerFailure); its ErrorInfo and ErrorDisplay are kept to
// 1 KiB. The context's error is returned when ctx ends (wrapping the last
// answer's *Error when ctx ended while a retry waited for the client's
// rate limiter); other errors are transport errors. An answer is read up
// to 8 MiB,
// far more than any command answers: a longer one fails the call at once,
// unretried, with an error saying it is larger than 8388608 bytes and to
// check the base URL. No error shows the UserSig: in a URL, and in any
// piece of a body an error quotes, the usersig value (and any query value
// but sdkappid, identifier, contenttype and random, which stay for
// debugging) is REDACTED, and so is the UserSig itself.
//
// Retries (go-retryablehttp, capped exponential backoff with jitter, never
// after ctx ends; each retry gets the current UserSig and a fresh random):
// the rate-limit codes 60007, 60011, 60018, 60019 and 70050 and a
// gateway's HTTP 429 for every command, because the request was refused
// before it was acted on; connection failures; and network errors and
// HTTP 5xx but 501 (Not Implemented, which no retry mends) only for the
// reads (account_check, get_group_info, portrait_get, friend_get ...)
// and account_import and multiaccount_import, whose repeat Tencent
// documents as harmless. Every other command (writes such as kick,
// friend_add, create_group or sendmsg, and any command the package does
// not know) is sent once then: it might have been applied before the
// answer was lost, and a network error says so, as does the context's
// error when ctx ends after the request was written (not when it ended
// before anything was sent). After 70050 Tencent asks for a minute's
// wait: the client waits a minute or the maximum wait of WithRetry,
// whichever is shorter (5 s by default), so with the defaults a retry
// after 70050 may come early and be refused again. A retry whose wait
// (the one asked for, or the backoff's jittered wait) would end after
// ctx's deadline is not waited for: the call ends at once with the last
// answer's *Error, which matches context.DeadlineExceeded too.
//
// A call answered 70001 (UserSig expired) is sent once more with a freshly
// minted UserSig, whatever the command: 70001 refuses the request before
// the command runs, so nothing was applied. The call fails with
// ErrUserSigExpired only if the fresh UserSig is refused too.
func (c *Client) Call(ctx context.Context, service, command string, req, resp any) error {
	return c.call(ctx, service, command, req, resp)
}

// callValid calls service/command with req once req.Validate passes: the
// checks every typed method runs, so a body the service would refuse
// fails with the service's own code before a round trip.
func (c *Client) callValid(ctx context.Context, service, command string, req validator, resp any) error {
	if err := req.Validate(); err != nil {
		return err
	}
	return c.call(ctx, service, command, req, resp)
}

func (c *Client) call(ctx context.Context, service, command string, req, resp any) error {
	if ctx == nil {
		return errors.New("restapi: Call needs a non-nil context")
	}
	if !validName(service) || !validName(command) {
		return fmt.Errorf("restapi: service %q and command %q must be names such as im_open_login_svc and account_import", service, command)
	}
	body := []byte("{}")
	if transport.NoRequest(req) {
		req = nil
	}
	switch b := req.(type) {
	case []byte:
		req = json.RawMessage(b) // raw JSON, not the base64 string encoding/json makes of a []byte
		if len(b) == 0 {
			req = nil // a nil or empty body sends {}, as a nil req does
		}
	case json.RawMessage:
		if len(b) == 0 {
			req = nil
		}
	}
	if req != nil {
		var err error
		if body, err = json.Marshal(req); err != nil {
			return fmt.Errorf("restapi: %s/%s: encoding the request: %w", service, command, err)
		}
	}
	s, err := c.adminSig()
	if err != nil {
		return err
	}
	err = c.send(ctx, service, command, body, resp, s)
	if !HasCode(err, CodeUserSigExpired) {
		return err
	}
	// The server's clock is ahead of c.now: it refused a UserSig this host
	// has not renewed yet. 70001 is an authentication refusal, answered
	// before the command runs, so resending is safe for every command,
	// writes included. Once: a fresh UserSig refused too means the clocks
	// differ by more than the TTL, and the caller gets that 70001.
	if s, err = c.renewedSig(s); err != nil {
		return err
	}
	return c.send(ctx, service, command, body, resp, s)
}

// send posts body to service/command with the UserSig s (retries get the
// current one) and reads the answer into resp. Every attempt, retries
// and the resend after 70001 included, is a request of its own to the
// service's limit, so each waits for the client-side limiter first.
func (c *Client) send(ctx context.Context, service, command string, body []byte, resp any, s *adminSig) error {
	if err := c.limits.wait(ctx, service, command); err != nil {
		return err
	}
	u := c.base + "/v4/" + service + "/" + command + "?" + s.rawQuery()
	sent := &sentSigs{sigs: []string{s.sig}}
	hreq, err := retryablehttp.NewRequestWithContext(context.WithValue(ctx, sentSigsKey{}, sent), http.MethodPost, u, body)
	if err != nil {
		return transportError(ctx, service, command, err, s.sig)
	}
	hreq.Header["Content-Type"] = []string{"application/json"}
	hreq.Header["User-Agent"] = []string{userAgent}

	repeatable := repeatable[commandKey{service, command}]
	var env Envelope
	var answered bool // HTTP 200 with a REST API answer (isAnswer), whose env decides
	var waitErr error // the limiter's, when ctx ended while a retry waited for it
	start := time.Now()
	reply, err := c.transport.Do(hreq, func(ctx context.Context, try transport.Try, r *transport.Reply, err error) (bool, time.Duration) {
		env, answered = Envelope{}, false
		if r != nil && r.StatusCode == http.StatusOK {
			answered = json.Unmarshal(r.Body, &env) == nil && isAnswer(env, r.Body)
		}
		retry, wait := retryDecision(r, env, answered, err, repeatable)
		if retry && !try.Last {
			if waitErr = c.limits.wait(ctx, service, command); waitErr != nil {
				return false, 0 // ctx ended while waiting: the last answer stands, wrapped in ctx's error
			}
			c.logRetry(ctx, service, command, try.N+1, r, env, err, sent.sigs...)
		}
		return retry, wait
	})
	if err != nil {
		status := 0
		if reply != nil {
			status = reply.StatusCode
		}
		// sent, unanswered (the network failed or ctx ended in flight),
		// and not resent
		_, unanswered := errors.AsType[*transport.Unanswered](err)
		lost := !repeatable && unanswered
		err = transportError(ctx, service, command, err, sent.sigs...)
		if lost {
			err = notResent(err)
		}
		err = retryCut(waitErr, err)
		c.logCall(ctx, service, command, status, 0, start, err)
		return err
	}
	err = retryCut(waitErr, result(service, command, reply, env, answered, resp, sent.sigs...))
	if err != nil && reply.Cut {
		err = transport.DeadlineCut(err)
	}
	c.logCall(ctx, service, command, reply.StatusCode, env.ErrorCode, start, err)
	return err
}

// retryCut is err, the last answer's error, of a call whose retry was cut
// short because ctx ended while it waited for the limiter (waitErr, nil
// when it was not): both match, errors.Is ctx's error and errors.As the
// answer's *Error.
func retryCut(waitErr, err error) error {
	if waitErr == nil || err == nil {
		return err
	}
	return fmt.Errorf("%w; the retry was not sent: %w", waitErr, err)
}

// commandKey names a command without allocating.
type commandKey struct{ service, command string }

// repeatable lists the commands the client resends after a network
// error or an HTTP 5xx, which may come after the first attempt was
// applied: the reads, and the writes whose repeat Tencent documents as
// harmless (account_import: "Re-import of same account creates only one
// internal ID"; multiaccount_import updates the accounts that exist).
// Every other command, writes and commands the package does not know
// (Call), is sent once: REST commands carry no ClientToken, so a resent
// kick, friend_add or admin_msgwithdraw would run again.
var repeatable = map[commandKey]bool{
	{ServiceLogin, CommandAccountImport}:        true,
	{ServiceLogin, CommandMultiAccountImport}:   true,
	{ServiceLogin, CommandAccountCheck}:         true,
	{ServiceGroup, CommandGetGroupInfo}:         true,
	{ServiceGroup, CommandGetGroupMemberInfo}:   true,
	{ServiceGroup, CommandGetJoinedGroupList}:   true,
	{ServiceGroup, CommandGetAppIDGroupList}:    true,
	{ServiceGroup, CommandGetGroupMutedAccount}: true,
	{ServiceOpenIM, CommandQueryOnlineStatus}:   true,
	{ServiceOpenIM, "querystate"}:               true,
	{ServiceOpenIM, CommandGetRoamMsg}:          true,
	{ServiceProfile, CommandPortraitGet}:        true,
	{ServiceSNS, CommandFriendGet}:              true,
	{ServiceOpenConfig, CommandGetNoSpeaking}:   true,
	{ServiceOpenIM, CommandGetC2CUnreadMsgNum}:  true,
	{ServiceGroup, CommandGroupMsgGetSimple}:    true,
	{ServiceSNS, CommandFriendCheck}:            true,
	{ServiceSNS, CommandBlackListGet}:           true,
	{ServiceSNS, CommandBlackListCheck}:         true,
	{ServiceGroup, CommandGetRoleInGroup}:       true,
	{ServiceGroup, CommandGetGroupBanMember}:    true,
	{ServiceSNS, CommandFriendGetList}:          true,

	// Conversation lists (recentcontact).
	{ServiceRecentContact, CommandGetConversationList}: true,

	// Friend lists (sns group_get).
	{ServiceSNS, CommandGroupGet}: true,

	// Community topics (million_group_open_http_svc get_topic).
	{ServiceCommunity, CommandGetTopic}: true,

	// Group counters (get_group_counter).
	{ServiceGroup, CommandGetGroupCounter}: true,

	// Group custom attributes (group_open_attr_http_svc get_group_attr).
	{ServiceGroupAttr, CommandGetGroupAttr}: true,
}

// result turns a reply and its envelope (answered: a REST API answer)
// into resp and an error; the error's text has the secrets (the UserSig)
// and query values redacted, and resp is decoded from the body with each
// secret in it (a server echoing the query) replaced by
// transport.Redacted, so no decoded value, cursor or decoding error
// carries one, however the echo is written: as it is, query-escaped or
// with JSON \u escapes.
func result(service, command string, reply *transport.Reply, env Envelope, answered bool, resp any, secrets ...string) error {
	if reply.StatusCode != http.StatusOK {
		return &Error{Service: service, Command: command, HTTPStatus: reply.StatusCode, Info: excerpt(reply.Body, secrets)}
	}
	if !answered {
		return fmt.Errorf("restapi: %s/%s: the answer is not a REST API response (%s); check the base URL points at the IM REST API", service, command, quote(excerpt(reply.Body, secrets)))
	}
	// A failure is an *Error whatever else its body holds; resp still
	// gets what of it decodes.
	failed := env.ActionStatus == "FAIL" || env.ErrorCode != 0
	if resp != nil {
		if err := json.Unmarshal(scrubbed(reply.Body, secrets), resp); err != nil && !failed {
			return fmt.Errorf("restapi: %s/%s: decoding the response: %w", service, command, err)
		}
	}
	if failed {
		return &Error{Service: service, Command: command, Code: env.ErrorCode, Info: clipped(env.ErrorInfo, secrets), Display: clipped(env.ErrorDisplay, secrets)}
	}
	return nil
}

// scrubbed is body with each secret in it, as it is or query-escaped,
// replaced by transport.Redacted: a legitimate answer never holds the
// admin's UserSig, so only an echo changes. The body is searched as
// unescapedASCII writes it, so an echo written with JSON escapes is found
// too; a body with no echo is returned as it is, its escapes included.
// body itself is not modified.
func scrubbed(body []byte, secrets []string) []byte {
	if len(secrets) == 0 {
		return body
	}
	out, found := unescapedASCII(body), false
	for _, s := range secrets {
		for _, form := range [...]string{s, url.QueryEscape(s)} {
			if form != "" && bytes.Contains(out, []byte(form)) {
				out, found = bytes.ReplaceAll(out, []byte(form), []byte(transport.Redacted)), true
			}
		}
	}
	if !found {
		return body
	}
	return out
}

// unescapedASCII is body with each \uXXXX escape inside a JSON string
// that stands for a printable ASCII character other than '"' and '\'
// written as that character, which decodes the same: body itself when it
// has no \u00, a copy otherwise. Nothing outside a string changes and
// every other escape is kept whole (a short \u escape with the bytes
// after it), so a body that is not valid JSON stays so.
func unescapedASCII(body []byte) []byte {
	if !bytes.Contains(body, []byte(`\u00`)) {
		return body
	}
	out := make([]byte, 0, len(body))
	inString := false
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '"':
			inString = !inString
		case c == '\\' && inString && i+1 < len(body):
			n := 2 // the escape's length: \n, \", or \uXXXX
			if body[i+1] == 'u' {
				n = min(6, len(body)-i) // a short one is kept with what follows
				if ch, ok := printableEscape(body[i : i+n]); ok {
					out = append(out, ch)
					i += n - 1
					continue
				}
			}
			out = append(out, body[i:i+n]...) // any other escape, kept whole
			i += n - 1
			continue
		}
		out = append(out, c)
	}
	return out
}

// printableEscape is the character a whole \uXXXX escape stands for when
// it is printable ASCII other than '"' and '\', which a JSON string may
// hold unescaped.
func printableEscape(esc []byte) (byte, bool) {
	var r [2]byte
	if len(esc) != 6 {
		return 0, false
	}
	if _, err := hex.Decode(r[:], esc[2:]); err != nil || r[0] != 0 || r[1] < ' ' || r[1] > '~' || r[1] == '"' || r[1] == '\\' {
		return 0, false
	}
	return r[1], true
}

// isAnswer reports whether a body is a REST API answer: ActionStatus OK or
// FAIL, or no ActionStatus but an ErrorCode, as some of Tencent's answers
// are written (getnospeaking's sample answer has none).
func isAnswer(env Envelope, body []byte) bool {
	switch env.ActionStatus {
	case "OK", "FAIL":
		return true
	case "":
		var probe struct{ ErrorCode *int }
		return json.Unmarshal(body, &probe) == nil && probe.ErrorCode != nil
	}
	return false
}

// maxInfo bounds the ErrorInfo and ErrorDisplay an *Error keeps: Tencent's
// are a line, and a broken gateway's megabytes would otherwise be in
// every error text and log line.
const maxInfo = 1 << 10

// clipped is a server's ErrorInfo or ErrorDisplay for an *Error: the
// secrets redacted, then cut to maxInfo bytes of valid UTF-8.
func clipped(s string, secrets []string) string {
	s = transport.Redact(s, secrets...)
	if len(s) > maxInfo {
		s = cut(s, maxInfo)
	}
	return s
}

// excerpt is the start of an unexpected body, for an error, redacted
// whole before it is cut, so no part of a secret shows.
func excerpt(b []byte, secrets []string) string {
	const max = 120
	r := transport.Redact(string(unescapedASCII(b)), secrets...) // an escaped echo is redacted as a plain one
	s := strings.ToValidUTF8(r[:min(len(r), max)], "?")
	if len(r) > max {
		s += "..."
	}
	return s
}

// quote shows an excerpt in an error's text.
func quote(excerpt string) string {
	if excerpt == "" {
		return "empty body"
	}
	return strconv.Quote(excerpt)
}

// transportError wraps a failure to get an answer, redacted
// (transport.Redact): URLs show the public query values but the usersig,
// and nothing shows the secrets.
func transportError(ctx context.Context, service, command string, err error, secrets ...string) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("restapi: %s/%s: %w (%s)", service, command, ctxErr, transport.Redact(err.Error(), secrets...))
	}
	if errors.Is(err, transport.ErrTooLarge) {
		return fmt.Errorf("restapi: %s/%s: the answer is larger than %d bytes, which no REST API command answers; check the base URL points at the IM REST API", service, command, transport.MaxBody)
	}
	return transport.RedactError("restapi: "+service+"/"+command, err, secrets...)
}

// notResent adds to err, the network or context error of a command sent
// once (not in repeatable) whose answer was lost or given up, that the
// command may have been applied; err stays wrapped.
func notResent(err error) error {
	return fmt.Errorf("%w; it was not resent, as it may have been applied: check (History, Check, Get ...) before calling again", err)
}

// logRetry writes the debug record of a retry about to be made, the
// attempt-th try, with why: the answer's error code, else its HTTP
// status, else the network error (redacted as errors are).
func (c *Client) logRetry(ctx context.Context, service, command string, attempt int, r *transport.Reply, env Envelope, err error, secrets ...string) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{slog.String("service", service), slog.String("command", command), slog.Int("attempt", attempt)}
	switch {
	case err != nil:
		attrs = append(attrs, slog.String("error", transportError(ctx, service, command, err, secrets...).Error()))
	case env.ErrorCode != 0:
		attrs = append(attrs, slog.Int("code", env.ErrorCode))
	default:
		attrs = append(attrs, slog.Int("status", r.StatusCode))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "restapi retry", attrs...)
}

func (c *Client) logCall(ctx context.Context, service, command string, status, code int, start time.Time, err error) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("service", service),
		slog.String("command", command),
		slog.Int("status", status),
		slog.Int("code", code),
		slog.Duration("duration", time.Since(start)),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "restapi call", attrs...)
}
