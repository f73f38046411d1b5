package imtest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/imconsole/imconsole/apps"
	"github.com/imconsole/imconsole/internal/wire"
	"github.com/imconsole/imconsole/restapi"
	"github.com/imconsole/imconsole/usersig"
)

// v4State is what the server keeps about one app for the IM REST API:
// imported accounts, groups, rate-limit windows and cached verifiers.
type v4State struct {
	accounts   map[string]*v4Account
	order      []string // UserIDs in import order (deleted ones removed)
	groups     map[string]*v4Group
	groupSeq   int                  // the last assigned GroupID's number
	groupsMade uint64               // groups created, for get_appid_group_list's Next
	notices    v4Window             // send_group_system_notification's notifications of a Trial app, per UTC day
	windows    map[string]*v4Window // by "service/command"
	msgs       v4Messages           // one-to-one messages (v4_messages.go)

	presence    map[string]map[string]v4Presence // by UserID, then platform
	profiles    map[string]map[string]any        // by UserID, then tag: what portrait_set set (Nick and Image live in v4Account)
	profileTags map[string]ProfileTagType        // the custom tags declared (SeedProfileTags)
	friends     map[string][]restapi.Friend      // by UserID, in the order added
	blacklists  map[string]*v4BlackList          // by UserID (v4_blacklist.go)
	mutes       map[string]v4Mute                // by UserID
	lists       map[string]*v4FriendLists        // friend lists (分组), by UserID (v4_friend_groups.go)

	hmacKey   string // the key hmacVer was built from
	hmacVer   *usersig.Verifier
	ecdsaVer  *usersig.Verifier
	ecdsaFrom string // the PEM ecdsaVer was built from
}

// v4Account is one imported account.
type v4Account struct {
	nick, faceURL string
	importedAt    time.Time
}

// v4Group is one group (v4_group_*.go have its commands).
type v4Group struct {
	info     restapi.GroupInfo                     // MemberList and MemberNum filled on read
	members  []restapi.GroupMemberInfo             // the owner first, then in join order
	made     uint64                                // its place in creation order (get_appid_group_list's Next)
	invite   restapi.InviteOption                  // InviteJoinOption
	mutes    v4Mutes                               // by UserID; kept when the member leaves
	msgs     []GroupMessage                        // stored messages and notifications, oldest first
	dedup    repeats[restapi.SendGroupMsgResponse] // send_group_msg repeats, by groupDedupKey
	bans     []v4GroupBan                          // ban_group_member's bans, in the order first banned (v4_group_moderation.go)
	unread   map[string]int                        // unread counts import_group_member and set_unread_msg_num set, by UserID
	topics   *v4Topics                             // a Community's topics, nil unless created with SupportTopic 1 (v4_topics.go)
	counters []restapi.GroupCounter                // update_group_counter's counters, in the order first set (v4_group_counters.go)
	attrs    v4GroupAttrs                          // custom attributes and this second's writes of them (v4_group_attrs.go)
}

// v4Window counts events in one period of server time: a second, a
// minute or a UTC day.
type v4Window struct {
	period int64 // the Unix time divided by the period's length
	n      int
}

// take counts n events in the period of now, seconds long, when they fit
// in limit with those counted before, and reports whether they did.
func (w *v4Window) take(now time.Time, seconds int64, n, limit int) bool {
	if p := now.Unix() / seconds; w.period != p {
		w.period, w.n = p, 0
	}
	if w.n+n > limit {
		return false
	}
	w.n += n
	return true
}

// giveBack uncounts n events counted in the period of now, seconds long,
// unless another period has begun since (its count is not theirs).
func (w *v4Window) giveBack(now time.Time, seconds int64, n int) {
	if w.period == now.Unix()/seconds {
		w.n = max(0, w.n-n)
	}
}

// setUp gives a new app its initial REST API state: no accounts, no
// groups.
func (st *v4State) setUp(now time.Time) {
	st.accounts = map[string]*v4Account{}
	st.groups = map[string]*v4Group{}
	st.windows = map[string]*v4Window{}
	st.presence = map[string]map[string]v4Presence{}
	st.profiles = map[string]map[string]any{}
	st.profileTags = map[string]ProfileTagType{}
	st.friends = map[string][]restapi.Friend{}
	st.blacklists = map[string]*v4BlackList{}
	st.mutes = map[string]v4Mute{}
	st.lists = map[string]*v4FriendLists{}
}

// v4Call is one authenticated REST API command being handled, with s.mu
// held (app is nil while its body is decoded, without it).
type v4Call struct {
	app        *appState
	service    string
	command    string
	identifier string
	body       []byte
	now        time.Time
}

// v4Command is one command the server implements.
type v4Command struct {
	// limit is Tencent's default per-app rate, in calls per second.
	limit int
	// notAdmin is the code answered when the identifier is not an admin:
	// 60010, or the command's own code where it documents one (70403).
	notAdmin int
	v4Handler
}

// v4Handler is how a command handles its body: decode reads and checks
// it (v4Decode) without the server's lock, looking at no state, and gives
// the request, or the error the command answers once the checks before
// the body (admin, rate limit, faults) pass; run runs the command on that
// request with the lock held. A command without decode reads its body
// in run (req is nil).
type v4Handler struct {
	decode func(c *v4Call) (any, error)
	run    func(s *Server, c *v4Call, req any) (any, error)
}

// v4Commands are the commands served, by "service/command".
var v4Commands = map[string]v4Command{
	restapi.ServiceLogin + "/" + restapi.CommandAccountImport:               {200, restapi.CodeNeedAdminPrivate, v4Run((*Server).v4AccountImport)},
	restapi.ServiceLogin + "/" + restapi.CommandMultiAccountImport:          {100, restapi.CodeNeedAdmin, v4Run((*Server).v4MultiAccountImport)},
	restapi.ServiceLogin + "/" + restapi.CommandAccountCheck:                {100, restapi.CodeNeedAdmin, v4Run((*Server).v4AccountCheck)},
	restapi.ServiceLogin + "/" + restapi.CommandAccountDelete:               {100, restapi.CodeNeedAdmin, v4Run((*Server).v4AccountDelete)},
	restapi.ServiceGroup + "/" + restapi.CommandCreateGroup:                 {200, restapi.CodeNeedAdmin, v4Run((*Server).v4CreateGroup)},
	restapi.ServiceGroup + "/" + restapi.CommandDestroyGroup:                {200, restapi.CodeNeedAdmin, v4Run((*Server).v4DestroyGroup)},
	restapi.ServiceGroup + "/" + restapi.CommandGetGroupInfo:                {200, restapi.CodeNeedAdmin, v4Run((*Server).v4GetGroupInfo)},
	restapi.ServiceGroup + "/" + restapi.CommandAddGroupMember:              {200, restapi.CodeNeedAdmin, v4Run((*Server).v4AddGroupMember)},
	restapi.ServiceGroup + "/" + restapi.CommandDeleteGroupMember:           {200, restapi.CodeNeedAdmin, v4Run((*Server).v4DeleteGroupMember)},
	restapi.ServiceGroup + "/" + restapi.CommandModifyGroupBaseInfo:         {200, restapi.CodeNeedAdmin, v4Run((*Server).v4ModifyGroupBaseInfo)},
	restapi.ServiceGroup + "/" + restapi.CommandGetGroupMemberInfo:          {200, restapi.CodeNeedAdmin, v4Run((*Server).v4GetGroupMemberInfo)},
	restapi.ServiceGroup + "/" + restapi.CommandGetJoinedGroupList:          {200, restapi.CodeNeedAdmin, v4Run((*Server).v4GetJoinedGroupList)},
	restapi.ServiceGroup + "/" + restapi.CommandSendGroupMsg:                {200, restapi.CodeNeedAdmin, v4Run((*Server).v4SendGroupMsg)},
	restapi.ServiceGroup + "/" + restapi.CommandSendGroupSystemNotification: {200, restapi.CodeNeedAdmin, v4Run((*Server).v4SendGroupSystemNotification)},
	restapi.ServiceGroup + "/" + restapi.CommandForbidSendMsg:               {200, restapi.CodeNeedAdmin, v4Run((*Server).v4ForbidSendMsg)},
	restapi.ServiceGroup + "/" + restapi.CommandGetGroupMutedAccount:        {200, restapi.CodeNeedAdmin, v4Run((*Server).v4GetGroupMutedAccount)},
	restapi.ServiceGroup + "/" + restapi.CommandGetAppIDGroupList:           {1, restapi.CodeNeedAdmin, v4Run((*Server).v4GetAppIDGroupList)},
	restapi.ServiceOpenIM + "/" + restapi.CommandQueryOnlineStatus:          {200, restapi.CodeOpenIMNeedAdmin, v4Run((*Server).v4QueryOnlineStatus)},
	restapi.ServiceOpenIM + "/querystate":                                   {200, restapi.CodeOpenIMNeedAdmin, v4Run((*Server).v4QueryState)},
	restapi.ServiceLogin + "/" + restapi.CommandKick:                        {200, restapi.CodeNeedAdminPrivate, v4Run((*Server).v4Kick)},
	restapi.ServiceProfile + "/" + restapi.CommandPortraitSet:               {200, restapi.CodeProfileNeedAdmin, v4Run((*Server).v4PortraitSet)},
	restapi.ServiceProfile + "/" + restapi.CommandPortraitGet:               {200, restapi.CodeProfileNeedAdmin, v4Run((*Server).v4PortraitGet)},
	restapi.ServiceSNS + "/" + restapi.CommandFriendAdd:                     {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4FriendAdd)},
	restapi.ServiceSNS + "/" + restapi.CommandFriendDelete:                  {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4FriendDelete)},
	restapi.ServiceSNS + "/" + restapi.CommandFriendGet:                     {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4FriendGet)},
	restapi.ServiceOpenConfig + "/" + restapi.CommandSetNoSpeaking:          {200, restapi.CodeNeedAdmin, v4Run((*Server).v4SetNoSpeaking)},
	restapi.ServiceOpenConfig + "/" + restapi.CommandGetNoSpeaking:          {200, restapi.CodeNeedAdmin, v4Run((*Server).v4GetNoSpeaking)},
	restapi.ServiceOpenIM + "/" + restapi.CommandSendMsg:                    {200, restapi.CodeOpenIMNeedAdmin, v4Locked((*Server).v4SendMsg)},
	restapi.ServiceOpenIM + "/" + restapi.CommandBatchSendMsg:               {200, restapi.CodeOpenIMNeedAdmin, v4Locked((*Server).v4BatchSendMsg)},
	restapi.ServiceOpenIM + "/" + restapi.CommandImportMsg:                  {200, restapi.CodeOpenIMNeedAdmin, v4Locked((*Server).v4ImportMsg)},
	restapi.ServiceOpenIM + "/" + restapi.CommandGetRoamMsg:                 {200, restapi.CodeOpenIMNeedAdmin, v4Locked((*Server).v4GetRoamMsg)},
	restapi.ServiceOpenIM + "/" + restapi.CommandMsgWithdraw:                {200, restapi.CodeOpenIMNeedAdmin, v4Locked((*Server).v4MsgWithdraw)},
	restapi.ServiceOpenIM + "/" + restapi.CommandSetMsgRead:                 {200, restapi.CodeNeedAdmin, v4Locked((*Server).v4SetMsgRead)},
	restapi.ServiceOpenIM + "/" + restapi.CommandGetC2CUnreadMsgNum:         {200, restapi.CodeNeedAdmin, v4Locked((*Server).v4GetC2CUnreadMsgNum)},
	restapi.ServiceGroup + "/" + restapi.CommandGroupMsgRecall:              {200, restapi.CodeNeedAdmin, v4Run((*Server).v4GroupMsgRecall)},
	restapi.ServiceGroup + "/" + restapi.CommandGroupMsgGetSimple:           {200, restapi.CodeNeedAdmin, v4Run((*Server).v4GroupMsgGetSimple)},
	restapi.ServiceGroup + "/" + restapi.CommandModifyGroupMemberInfo:       {200, restapi.CodeNeedAdmin, v4Run((*Server).v4ModifyGroupMemberInfo)},
	restapi.ServiceGroup + "/" + restapi.CommandChangeGroupOwner:            {200, restapi.CodeNeedAdmin, v4Run((*Server).v4ChangeGroupOwner)},
	restapi.ServiceSNS + "/" + restapi.CommandFriendCheck:                   {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4FriendCheck)},
	restapi.ServiceSNS + "/" + restapi.CommandBlackListAdd:                  {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4BlackListAdd)},
	restapi.ServiceSNS + "/" + restapi.CommandBlackListDelete:               {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4BlackListDelete)},
	restapi.ServiceSNS + "/" + restapi.CommandBlackListGet:                  {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4BlackListGet)},
	restapi.ServiceSNS + "/" + restapi.CommandBlackListCheck:                {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4BlackListCheck)},
	restapi.ServiceGroup + "/" + restapi.CommandGetRoleInGroup:              {200, restapi.CodeNeedAdmin, v4Run((*Server).v4GetRoleInGroup)},
	restapi.ServiceGroup + "/" + restapi.CommandDeleteGroupMsgBySender:      {200, restapi.CodeNeedAdmin, v4Run((*Server).v4DeleteGroupMsgBySender)},
	restapi.ServiceGroup + "/" + restapi.CommandGetGroupBanMember:           {200, restapi.CodeNeedAdmin, v4Run((*Server).v4GetGroupBanMember)},
	restapi.ServiceGroup + "/" + restapi.CommandBanGroupMember:              {200, restapi.CodeNeedAdmin, v4Run((*Server).v4BanGroupMember)},
	restapi.ServiceGroup + "/" + restapi.CommandGetGroupCounter:             {200, restapi.CodeNeedAdmin, v4Run((*Server).v4GetGroupCounter)},
	restapi.ServiceGroup + "/" + restapi.CommandUpdateGroupCounter:          {200, restapi.CodeNeedAdmin, v4Run((*Server).v4UpdateGroupCounter)},
	restapi.ServiceGroup + "/" + restapi.CommandDeleteGroupCounter:          {200, restapi.CodeNeedAdmin, v4Run((*Server).v4DeleteGroupCounter)},
	restapi.ServiceGroupAttr + "/" + restapi.CommandGetGroupAttr:            {200, restapi.CodeNeedAdmin, v4Run((*Server).v4GetGroupAttr)},
	restapi.ServiceGroup + "/" + restapi.CommandModifyGroupAttr:             {200, restapi.CodeNeedAdmin, v4Run((*Server).v4ModifyGroupAttr)},
	restapi.ServiceGroup + "/" + restapi.CommandSetGroupAttr:                {200, restapi.CodeNeedAdmin, v4Run((*Server).v4SetGroupAttr)},
	restapi.ServiceGroup + "/" + restapi.CommandDeleteGroupAttr:             {200, restapi.CodeNeedAdmin, v4Run((*Server).v4DeleteGroupAttr)},
	restapi.ServiceGroup + "/" + restapi.CommandClearGroupAttr:              {200, restapi.CodeNeedAdmin, v4Run((*Server).v4ClearGroupAttr)},
	restapi.ServiceGroup + "/" + restapi.CommandUnbanGroupMember:            {200, restapi.CodeNeedAdmin, v4Run((*Server).v4UnbanGroupMember)},
	restapi.ServiceGroup + "/" + restapi.CommandImportGroup:                 {200, restapi.CodeNeedAdmin, v4Run((*Server).v4ImportGroup)},
	restapi.ServiceGroup + "/" + restapi.CommandImportGroupMember:           {200, restapi.CodeNeedAdmin, v4Run((*Server).v4ImportGroupMember)},
	restapi.ServiceGroup + "/" + restapi.CommandImportGroupMsg:              {200, restapi.CodeNeedAdmin, v4Run((*Server).v4ImportGroupMsg)},
	restapi.ServiceGroup + "/" + restapi.CommandSetUnreadMsgNum:             {200, restapi.CodeNeedAdmin, v4Run((*Server).v4SetUnreadMsgNum)},
	restapi.ServiceSNS + "/" + restapi.CommandFriendImport:                  {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4FriendImport)},
	restapi.ServiceSNS + "/" + restapi.CommandFriendUpdate:                  {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4FriendUpdate)},
	restapi.ServiceSNS + "/" + restapi.CommandFriendDeleteAll:               {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4FriendDeleteAll)},
	restapi.ServiceSNS + "/" + restapi.CommandFriendGetList:                 {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4FriendGetList)},
	restapi.ServiceCommunity + "/" + restapi.CommandCreateTopic:             {200, restapi.CodeNeedAdmin, v4Run((*Server).v4CreateTopic)},
	restapi.ServiceCommunity + "/" + restapi.CommandDestroyTopic:            {200, restapi.CodeNeedAdmin, v4Run((*Server).v4DestroyTopic)},
	restapi.ServiceCommunity + "/" + restapi.CommandGetTopic:                {200, restapi.CodeNeedAdmin, v4Run((*Server).v4GetTopic)},
	restapi.ServiceCommunity + "/" + restapi.CommandModifyTopic:             {200, restapi.CodeNeedAdmin, v4Run((*Server).v4ModifyTopic)},
	restapi.ServiceOpenIM + "/" + restapi.CommandModifyC2CMsg:               {200, restapi.CodeOpenIMNeedAdmin, v4Locked((*Server).v4ModifyC2CMsg)},
	restapi.ServiceOpenIM + "/" + restapi.CommandDeleteC2CMsgRamble:         {200, restapi.CodeOpenIMNeedAdmin, v4Locked((*Server).v4DeleteC2CMsgRamble)},
	restapi.ServiceOpenIM + "/" + restapi.CommandModifyGroupMsg:             {200, restapi.CodeOpenIMNeedAdmin, v4Locked((*Server).v4ModifyGroupMsg)},
	restapi.ServiceRecentContact + "/" + restapi.CommandGetConversationList: {200, restapi.CodeConvNeedAdmin, v4Run((*Server).v4GetConversationList)},
	restapi.ServiceRecentContact + "/" + restapi.CommandDeleteConversation:  {200, restapi.CodeConvNeedAdmin, v4Run((*Server).v4DeleteConversation)},
	restapi.ServiceSNS + "/" + restapi.CommandGroupAdd:                      {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4GroupAdd)},
	restapi.ServiceSNS + "/" + restapi.CommandGroupDelete:                   {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4GroupDelete)},
	restapi.ServiceSNS + "/" + restapi.CommandGroupGet:                      {200, restapi.CodeSNSNeedAdmin, v4Run((*Server).v4GroupGet)},
}

// readV4 is what read answers from an app's REST API state at the
// server's now, under s.mu (readV4 takes it), for the assertion helper
// named helper (ImportedAccounts, GroupMembers, ...), their one lookup: it
// panics for an unknown app (mustAppLocked).
func readV4[T any](s *Server, helper string, sdkAppID uint64, read func(st *v4State, now time.Time) T) T {
	s.mu.Lock()
	defer s.mu.Unlock()
	return read(&s.mustAppLocked(helper, sdkAppID).v4, s.nowLocked())
}

// v4Err is the error a REST API command answers.
func v4Err(code int, format string, args ...any) error {
	return &restapi.Error{Code: code, Info: fmt.Sprintf(format, args...)}
}

// v4Outcome is what the server answers to one REST API request.
type v4Outcome struct {
	status     int
	body       []byte
	code       int    // ErrorCode, 0 on success
	fault      string // a non-numeric fault code answered as an HTTP error
	plain      bool   // the body is a plain-text error page
	lose       bool
	latency    time.Duration
	retryAfter time.Duration // an injected fault's Retry-After
}

// serveV4 serves the IM REST API (v4) under /v4/{service}/{command}, as
// Tencent does: POST with the query sdkappid, identifier, usersig, random
// (a uint32) and contenttype=json, a JSON body, and an answer with HTTP
// 200 whose ErrorCode says what happened.
//
// Checks run in this order, the first failure answering: the method and
// query are well formed (60002: POST, random a uint32, contenttype json);
// sdkappid is present (60012); the app exists (70020: any account's app,
// deleted ones included); identifier and usersig are present (60004); the
// UserSig parses (70003), is for this sdkappid (70014) and this identifier
// (70013), has not expired (70001) and was signed with the app's key
// (70009; legacy ECDSA apps verify with their public key, and after the
// upgrade to HMAC-SHA256 both algorithms are accepted, ECDSA UserSigs
// only when issued in a second before the upgrade's); the app is not
// Disabled (60016) and, for paid apps, its package has not
// Expired (60020; an app in Arrears keeps being served during its 7-day
// grace); the command exists (60009); the identifier is an admin of the
// app (60010, 70403 for account_import; admins deleted with
// DeleteIMAppAdmin are refused at once); the command's rate limit holds
// (60007); the body is JSON (60003, 60015 for an account that is not a
// string); the command's own checks (restapi's Validate methods) and
// state.
//
// Faults injected with Inject apply with Action "service/command" after
// the rate limit: a numeric Code is answered as that ErrorCode (HTTP 200),
// another Code as its HTTP status with a text body, like a gateway error;
// RetryAfter, LoseResponse and Latency work as for the console API. Every request is
// recorded with Action "service/command", Code the ErrorCode and Path the
// path and query with the usersig value replaced by REDACTED; the body is
// recorded only once the UserSig verified.
func (s *Server) serveV4(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	key := strings.TrimPrefix(r.URL.Path, "/v4/")
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	rec := RecordedRequest{Path: redactedPath(r.URL), Action: key}

	var out v4Outcome
	if readErr != nil {
		out = v4ErrorOutcome(v4Err(restapi.CodeHTTPParse, "the body could not be read (at most %d bytes): %v", maxBodyBytes, readErr))
	} else {
		out = s.handleV4(r, key, body, &rec)
	}
	rec.Status = out.status
	if out.code != 0 {
		rec.Code = strconv.Itoa(out.code)
	} else {
		rec.Code = out.fault
	}
	s.finish(r, rec, start, out.latency, out.lose)
	if out.plain {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "application/json")
	}
	setRetryAfter(w, out.retryAfter)
	w.WriteHeader(out.status)
	_, _ = w.Write(out.body)
}

// redactedPath is the path and query of u with every usersig value
// replaced, for the record: each &-separated part that names usersig in
// any case, escaped or not, in its key or its value, or that does not
// unescape or holds a ';' (which may hide a second pair) is replaced
// whole; never risk recording a UserSig.
func redactedPath(u *url.URL) string {
	if u.RawQuery == "" {
		return u.Path
	}
	parts := strings.Split(u.RawQuery, "&")
	for i, p := range parts {
		plain, err := url.QueryUnescape(p)
		if err != nil || strings.Contains(p, ";") || strings.Contains(strings.ToLower(plain), "usersig") {
			parts[i] = "usersig=REDACTED"
		}
	}
	return u.Path + "?" + strings.Join(parts, "&")
}

// handleV4 authenticates and runs one REST API command, recording the
// body in rec once the UserSig verified.
func (s *Server) handleV4(r *http.Request, key string, body []byte, rec *RecordedRequest) v4Outcome {
	if r.Method != http.MethodPost {
		return v4ErrorOutcome(v4Err(restapi.CodeHTTPParse, "use POST for %s; got %s", r.URL.Path, r.Method))
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return v4ErrorOutcome(v4Err(restapi.CodeHTTPParse, "the query string does not parse: %v", err))
	}
	if _, err := strconv.ParseUint(q.Get("random"), 10, 32); err != nil {
		return v4ErrorOutcome(v4Err(restapi.CodeHTTPParse, "random must be an unsigned 32-bit integer, fresh for each request; got %q", q.Get("random")))
	}
	if ct := q.Get("contenttype"); ct != "json" {
		return v4ErrorOutcome(v4Err(restapi.CodeHTTPParse, "contenttype must be json; got %q", ct))
	}
	rawID := q.Get("sdkappid")
	if rawID == "" {
		return v4ErrorOutcome(v4Err(restapi.CodeMissingSDKAppID, "sdkappid is missing from the URL"))
	}
	sdkAppID, err := strconv.ParseUint(rawID, 10, 64)
	if err != nil {
		return v4ErrorOutcome(v4Err(restapi.CodeMissingSDKAppID, "sdkappid %q is not a number", rawID))
	}
	rec.SDKAppID = sdkAppID
	identifier, sig := q.Get("identifier"), q.Get("usersig")

	// The UserSig is checked with s.mu released (see v4Keys), at the time
	// the request arrived; the command then runs at the time it does, so
	// that the state always sees the clock move forward.
	s.mu.Lock()
	now := s.nowLocked()
	a := s.apps[sdkAppID]
	var keys v4Keys
	if a != nil {
		keys = a.v4.keys(a)
	}
	s.mu.Unlock()
	if a == nil {
		return v4ErrorOutcome(v4AppNotFound(sdkAppID))
	}
	switch {
	case identifier != "" && sig == "" && q.Has("usersig"):
		return v4ErrorOutcome(v4Err(restapi.CodeUserSigEmpty, "usersig is empty; give a UserSig issued to the identifier"))
	case identifier == "" || sig == "":
		return v4ErrorOutcome(v4Err(restapi.CodeBadIdentity, "identifier and usersig are required in the URL: an app admin's UserID and a UserSig issued to it"))
	}
	if err := keys.verify(sig, identifier, now); err != nil {
		return v4ErrorOutcome(err)
	}
	rec.Body = body
	service, command, _ := strings.Cut(key, "/")
	cmd, known := v4Commands[key]
	var req any
	var decodeErr error
	if known && cmd.decode != nil { // without the lock: a 4 MiB body costs its sender, not every other caller
		req, decodeErr = cmd.decode(&v4Call{service: service, command: command, identifier: identifier, body: body, now: now})
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.apps[sdkAppID] != a {
		return v4ErrorOutcome(v4AppNotFound(sdkAppID)) // deleted while its UserSig was checked
	}
	now = s.nowLocked()
	a.settle(now)
	switch {
	case a.app.Status == apps.StatusDisabled && a.packageEnded(now):
		return v4ErrorOutcome(v4Err(restapi.CodePackageExpired, "the %s package of SDKAppID %d ended and the app is disabled", a.app.Edition, sdkAppID))
	case a.app.Status == apps.StatusDisabled:
		return v4ErrorOutcome(v4Err(restapi.CodeAppDisabled, "SDKAppID %d is disabled", sdkAppID))
	}
	if !known {
		return v4ErrorOutcome(v4Err(restapi.CodeUnknownCommand, "%s is not a REST API command this server serves", r.URL.Path))
	}
	display := errorDisplayed(service)
	if !a.admins.has(identifier) {
		return v4Answer(nil, v4Err(cmd.notAdmin, "%q is not an admin of app %d", identifier, sdkAppID), display)
	}
	if limit := s.v4Limit(cmd); limit > 0 && !a.v4.allow(key, now, limit) {
		return v4Answer(nil, v4Err(restapi.CodeRateLimit, "%s is limited to %d calls per second for an app", key, limit), display)
	}

	f := s.takeFault(key)
	if f == nil {
		f = &Fault{}
	}
	if (f.Code != "" || f.HTTPStatus != 0) && !f.LoseResponse {
		out := v4FaultOutcome(f, display)
		out.latency, out.retryAfter = f.Latency, f.RetryAfter
		return out
	}
	var resp any
	err = decodeErr
	if err == nil {
		resp, err = cmd.run(s, &v4Call{app: a, service: service, command: command, identifier: identifier, body: body, now: now}, req)
	}
	out := v4Answer(resp, err, display)
	out.lose, out.latency = f.LoseResponse, f.Latency
	return out
}

// errorDisplayed reports whether the answers of a service's commands
// carry ErrorDisplay: profile and sns (facts B0, "Profile/SNS answers also
// carry ErrorDisplay") and recentcontact (its pages' samples).
func errorDisplayed(service string) bool {
	return service == restapi.ServiceProfile || service == restapi.ServiceSNS || service == restapi.ServiceRecentContact
}

// v4Limit is the rate limit of cmd on this server; 0 means none.
func (s *Server) v4Limit(cmd v4Command) int {
	if s.v4RateLimit != nil {
		return *s.v4RateLimit
	}
	return cmd.limit
}

// allow counts one call of key in the current second of server time and
// reports whether it is within limit.
func (st *v4State) allow(key string, now time.Time, limit int) bool {
	w := st.windows[key]
	if w == nil {
		w = &v4Window{}
		st.windows[key] = w
	}
	return w.take(now, 1, 1, limit)
}

// v4AppNotFound is the error for a request to an app that does not exist
// (70020).
func v4AppNotFound(sdkAppID uint64) error {
	return v4Err(restapi.CodeAppNotFound, "SDKAppID %d does not exist on this host", sdkAppID)
}

// v4Keys is what checking an admin UserSig reads of an app: taken with
// s.mu held (keys) and used without it (verify), so that decoding,
// inflating (up to 16 KiB) and verifying a UserSig, about 100 µs for
// ECDSA, holds up no other caller, however many forged UserSigs one sends
// for a public SDKAppID. It holds copies and *usersig.Verifiers, which
// never change once built and are safe for concurrent use: a key change
// meanwhile (UpgradeSignatureAlgorithm adds an HMAC key and keeps the
// ECDSA one; no key is ever removed) builds new Verifiers and leaves
// these alone. A request racing it is checked against the keys the app
// had when the request arrived, as if it had come just before the change;
// requests after see the new keys. An app deleted meanwhile is caught
// when the lock is taken again (70020).
type v4Keys struct {
	sdkAppID          uint64
	hmac, ecdsa       *usersig.Verifier // nil when the app has no key of the algorithm, or one that cannot verify
	hasHMAC, hasECDSA bool              // whether the app has a key of the algorithm
	broken            error             // why a key of the app cannot verify (70009), the HMAC key's first
	upgraded          bool              // the app uses HMAC-SHA256 since an upgrade, at upgradedAt
	upgradedAt        time.Time
}

// keys reads what checking an admin UserSig of a needs, building the
// verifiers of keys that changed. s.mu is held.
func (st *v4State) keys(a *appState) v4Keys {
	k := v4Keys{
		sdkAppID: a.app.SDKAppID, hasHMAC: a.hmacKey != "", hasECDSA: a.ecdsaPublic != "",
		upgraded: a.app.SignatureAlgorithm == apps.AlgorithmHMACSHA256, upgradedAt: a.sigUpgradedAt,
	}
	var hmacErr, ecdsaErr error
	k.hmac, hmacErr = st.verifier(a, usersig.HMACSHA256)
	k.ecdsa, ecdsaErr = st.verifier(a, usersig.ECDSASHA256)
	k.broken = cmp.Or(hmacErr, ecdsaErr)
	return k
}

// verify checks the admin UserSig of a request as Tencent does: it
// verifies sig with the app's keys (HMAC first, then a legacy ECDSA key)
// and, when that fails, refusal says why, in Tencent's order of codes. It
// needs no lock.
func (k *v4Keys) verify(sig, identifier string, now time.Time) error {
	for _, v := range [...]*usersig.Verifier{k.hmac, k.ecdsa} {
		if v == nil {
			continue
		}
		tok, err := v.VerifyAt(sig, identifier, now)
		if errors.Is(err, usersig.ErrAlgorithm) {
			continue
		}
		if err != nil {
			return k.refusal(sig, identifier, now, err)
		}
		if v.Algorithm() == usersig.ECDSASHA256 && k.upgraded && !tok.IssuedAt.Before(k.upgradedAt.Truncate(time.Second)) {
			return v4Err(restapi.CodeUserSigKey, "app %d was upgraded to HMAC-SHA256 at %s, and refuses the ECDSA UserSigs issued since", k.sdkAppID, k.upgradedAt.UTC().Format(time.RFC3339))
		}
		return nil
	}
	return k.refusal(sig, identifier, now, k.broken)
}

// verifier returns the app's verifier for alg, built once per key; nil
// when the app has no key of alg, or with an error (70009) when its key
// cannot verify.
func (st *v4State) verifier(a *appState, alg usersig.Algorithm) (*usersig.Verifier, error) {
	var err error
	switch {
	case alg == usersig.HMACSHA256 && a.hmacKey != "":
		if st.hmacVer == nil || st.hmacKey != a.hmacKey {
			if st.hmacVer, err = usersig.NewHMACVerifier(a.app.SDKAppID, a.hmacKey); err != nil {
				return nil, v4Err(restapi.CodeUserSigNoKey, "the app's key cannot verify: %v", err)
			}
			st.hmacKey = a.hmacKey
		}
		return st.hmacVer, nil
	case alg == usersig.ECDSASHA256 && a.ecdsaPublic != "":
		if st.ecdsaVer == nil || st.ecdsaFrom != a.ecdsaPublic {
			if st.ecdsaVer, err = usersig.NewECDSAVerifier(a.app.SDKAppID, []byte(a.ecdsaPublic)); err != nil {
				return nil, v4Err(restapi.CodeUserSigNoKey, "the app's public key cannot verify: %v", err)
			}
			st.ecdsaFrom = a.ecdsaPublic
		}
		return st.ecdsaVer, nil
	}
	return nil, nil
}

// refusal answers a UserSig the app's keys did not accept, checking in
// Tencent's order: it parses (70003), is for the app (70014) and the
// identifier (70013), has not expired (70001), is of an algorithm the app
// has a usable key for (70009); failed, what verifying said, gives the
// rest.
func (k *v4Keys) refusal(sig, identifier string, now time.Time, failed error) error {
	tok, alg, err := usersig.Decode(sig)
	var rest *restapi.Error
	switch {
	case err != nil:
		return v4Err(restapi.CodeUserSigMalformed, "the UserSig does not parse (it may be truncated): %v", err)
	case tok.SDKAppID != k.sdkAppID:
		return v4Err(restapi.CodeUserSigSDKAppID, "the UserSig was issued for SDKAppID %d, not %d", tok.SDKAppID, k.sdkAppID)
	case tok.UserID != identifier:
		return v4Err(restapi.CodeUserSigIdentifier, "the UserSig was issued to %q, not to the identifier %q", tok.UserID, identifier)
	case tok.Expired(now):
		return v4Err(restapi.CodeUserSigExpired, "the UserSig expired at %s (server time %s)", tok.ExpiresAt().UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	case errors.As(failed, &rest):
		return failed // the app's key cannot verify
	case alg == usersig.HMACSHA256 && !k.hasHMAC:
		return v4Err(restapi.CodeUserSigKey, "app %d uses ECDSA-SHA256 and has no HMAC-SHA256 key", k.sdkAppID)
	case alg == usersig.ECDSASHA256 && !k.hasECDSA:
		return v4Err(restapi.CodeUserSigKey, "app %d uses HMAC-SHA256 and has no ECDSA key", k.sdkAppID)
	case alg != usersig.HMACSHA256 && alg != usersig.ECDSASHA256:
		return v4Err(restapi.CodeUserSigMalformed, "the UserSig uses an unknown algorithm")
	case errors.Is(failed, usersig.ErrMalformed):
		return v4Err(restapi.CodeUserSigMalformed, "the UserSig does not parse: %v", failed)
	}
	return v4Err(restapi.CodeUserSigKey, "the UserSig was not signed with the key of app %d: %v", k.sdkAppID, failed)
}

// v4ErrorOutcome answers err, which should be a *restapi.Error.
func v4ErrorOutcome(err error) v4Outcome { return v4Answer(nil, err, false) }

// v4Answer is a command's answer: the FAIL envelope of err (which should
// be a *restapi.Error) when it is not nil, else the OK envelope with the
// fields of resp. display adds the empty ErrorDisplay that the answers of
// the profile and sns services carry (facts B0).
func v4Answer(resp any, err error, display bool) v4Outcome {
	var b bytes.Buffer
	code := 0
	if err != nil {
		var e *restapi.Error
		if !errors.As(err, &e) {
			e = &restapi.Error{Code: 70500, Info: err.Error()}
		}
		code = e.Code
		info, _ := json.Marshal(clip(e.Info, maxMessage))
		b.WriteString(`{"ActionStatus":"FAIL","ErrorInfo":`)
		b.Write(info)
		fmt.Fprintf(&b, `,"ErrorCode":%d`, code)
	} else {
		b.WriteString(`{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0`)
	}
	if display {
		b.WriteString(`,"ErrorDisplay":""`)
	}
	if resp != nil && err == nil {
		fields, err := json.Marshal(resp)
		if err != nil {
			panic(fmt.Sprintf("imtest: encoding a REST API response: %v", err)) // a bug in the server
		}
		if len(fields) > 2 {
			b.WriteByte(',')
			b.Write(fields[1 : len(fields)-1])
		}
	}
	b.WriteByte('}')
	return v4Outcome{status: http.StatusOK, body: b.Bytes(), code: code}
}

// v4FaultOutcome answers an injected fault: a numeric Code in the REST
// envelope, another Code as a gateway failure with the HTTP status of its
// family, no Code as a plain-text error page; HTTPStatus, when set, is
// the status of each.
func v4FaultOutcome(f *Fault, display bool) v4Outcome {
	var out v4Outcome
	switch code, err := strconv.Atoi(f.Code); {
	case err == nil:
		out = v4Answer(nil, v4Err(code, "%s", f.message()), display)
	case f.Code != "":
		out = v4Outcome{status: wire.StatusForCode(f.Code), body: []byte(f.Code + ": " + f.message() + "\n"), fault: f.Code, plain: true}
	default:
		out = v4Outcome{body: f.page(), plain: true}
	}
	if f.HTTPStatus != 0 {
		out.status = f.HTTPStatus
	}
	return out
}

// v4Run is the handler of a command whose h takes its request decoded
// and checked by v4Decode, before the lock is taken.
func v4Run[Req any](h func(*Server, *v4Call, *Req) (any, error)) v4Handler {
	return v4Handler{
		decode: func(c *v4Call) (any, error) {
			var req Req
			if err := v4Decode(c, &req); err != nil {
				return nil, err
			}
			return &req, nil
		},
		run: func(s *Server, c *v4Call, req any) (any, error) { return h(s, c, req.(*Req)) },
	}
}

// v4Locked is the handler of a command whose h reads its body itself,
// with the lock held (the openim commands, whose checks of the raw body
// come in Tencent's order).
func v4Locked(h func(*Server, *v4Call) (any, error)) v4Handler {
	return v4Handler{run: func(s *Server, c *v4Call, _ any) (any, error) { return h(s, c) }}
}

// v4Decode unmarshals a command's body (v4BadJSON for bad JSON,
// v4AccountTypeCode for an account field that is not a string), then runs
// the checks the client runs (validate, answering their *restapi.Error):
// one decoder for every command. A key naming a field in another case is
// skipped, as Tencent skips it (exactNames; c.body keeps the renaming).
func v4Decode(c *v4Call, v any) error {
	c.body = exactNames(c.body, v)
	if err := json.Unmarshal(c.body, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && isAccountField(te.Field) {
			return v4Err(v4AccountTypeCode(te.Field), "%s must be a string account, not a JSON %s", te.Field, te.Value)
		}
		return v4BadJSON(c, err)
	}
	return validated(validate(v, c.now))
}

// v4BadJSON is what a service's commands answer for a body that is not
// the JSON they expect (not JSON, or a field of the wrong type): 60003,
// or the code the service's pages document for it: 90001 in openim and
// 40001 in profile, each with an ErrorInfo starting with the text its
// pages' example failure gives (im-facts-rest.md B0: "Fail to Parse json
// data of body, Please check it", 90001; B9: "40001
// Err_Profile_Comm_Decode_Fail", 40001 "bad params"), and 130001 in
// openconfigsvr (CN 4230, 4229: "JSON 格式解析失败").
func v4BadJSON(c *v4Call, err error) error {
	const format = "%sthe body of %s/%s is not the JSON it expects: %v"
	switch c.service {
	case restapi.ServiceOpenIM:
		return v4Err(restapi.CodeOpenIMInvalidJSON, format, "Fail to Parse json data of body, Please check it: ", c.service, c.command, err)
	case restapi.ServiceProfile:
		return v4Err(restapi.CodeProfileInvalid, format, "Err_Profile_Comm_Decode_Fail: ", c.service, c.command, err)
	case restapi.ServiceOpenConfig:
		return v4Err(restapi.CodeMuteBadJSON, format, "", c.service, c.command, err)
	}
	return v4Err(restapi.CodeBadJSON, format, "", c.service, c.command, err)
}

// v4AccountTypeCode is what an account field that is not a string
// answers: 60015, or global mute's own code for its account being invalid
// (130005 Set_Account, CN 4230; 130003 Get_Account, CN 4229).
func v4AccountTypeCode(field string) int {
	switch field {
	case "Set_Account":
		return restapi.CodeMuteSetAccountInvalid
	case "Get_Account":
		return restapi.CodeMuteGetAccountInvalid
	}
	return restapi.CodeAccountType
}

// validated runs a request's Validate method, answering its *restapi.Error.
func validated(err error) error {
	if err == nil {
		return nil
	}
	var e *restapi.Error
	if errors.As(err, &e) {
		return v4Err(e.Code, "%s", e.Info)
	}
	return err
}

// isAccountField reports whether a JSON field holds an account, by its
// current name (UserID, *_Account) or a legacy one (Identifier, Accounts).
func isAccountField(field string) bool {
	for _, suffix := range [...]string{"UserID", "_Account", "Identifier", "Accounts"} {
		if strings.HasSuffix(field, suffix) {
			return true
		}
	}
	return false
}
