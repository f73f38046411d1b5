package restapi

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Error families. An *Error matches one of these with errors.Is according
// to its Code, so callers branch on what happened without listing codes:
//
//	if errors.Is(err, restapi.ErrNotAdmin) { ... }
//
// A code may belong to two families (70050 is both ErrUserSigInvalid and
// ErrRateLimited). An answer that is not the REST API's (an *Error with
// HTTPStatus set) matches ErrServerFailure for a 5xx and ErrRateLimited
// for a 429. Every public code (60000-79999) of Tencent's tables belongs
// to a family.
var (
	// ErrUserSigExpired: the admin UserSig expired (70001). The client
	// renews its UserSig before it expires by its own clock, and after a
	// 70001 mints a fresh one and resends the call once, so this means
	// the fresh one was refused too: this host's clock is behind the
	// server's by more than the UserSig's validity. Sync this host's
	// clock with the server's, or lengthen WithUserSigTTL (a longer TTL
	// tolerates more skew).
	ErrUserSigExpired = errors.New("restapi: UserSig expired")
	// ErrUserSigInvalid: the UserSig or the identity in the URL was
	// refused (60004, 60005, 70002, 70003, 70005, 70009, 70013, 70014,
	// 70016, 70020, 70050, 70052, 70346; 20002 for C2C messages): the
	// UserSig is empty, the key
	// does not belong to the SDKAppID, the identifier is not the one the
	// UserSig was issued to, the SDKAppID does not exist in the data
	// center of the host, or the UserSig is truncated.
	ErrUserSigInvalid = errors.New("restapi: UserSig or identity refused")
	// ErrNotAdmin: the identifier is not an administrator of the app
	// (60010, and the commands' own 70403, 90009, 40004, 30004, 50003).
	// Add it in Tencent's IM console (admins.Add does it only on a server
	// of this project's console protocol, such as imtest).
	ErrNotAdmin = errors.New("restapi: identifier is not an app administrator")
	// ErrAccountNotImported: an account the request names was never
	// imported (70107; 10019 for group commands; 20003, 90012 and 90048
	// for message commands; 40003 for profiles; 30003 and 31804 for
	// friends; 50001 for conversations).
	ErrAccountNotImported = errors.New("restapi: account not imported")
	// ErrRateLimited: a request-rate limit was hit (60007, 60011, 60018,
	// 60019, 70050, or HTTP 429 from a gateway; the client already
	// retried those with backoff), or a group's 5 attribute writes a
	// second (10049, not retried: wait a second).
	ErrRateLimited = errors.New("restapi: rate limited")
	// ErrAppDisabled: the app cannot be served (60006, 60016 disabled,
	// 60020 its paid package expired): renew or re-enable it in
	// the console.
	ErrAppDisabled = errors.New("restapi: app disabled or expired")
	// ErrGroupNotFound: the group does not exist or was dissolved (10010,
	// 10015).
	ErrGroupNotFound = errors.New("restapi: group not found")
	// ErrInvalidRequest: the request was refused as malformed (60002,
	// 60003, 60009, 60012, 60015, 70206, 70402, 10004, 10005, 10011,
	// 40601, the message codes 80002, 90001-90003, 90005-90008, 90010,
	// 90011, 90026, 90030, 90031, 90044, 90054, 93000, 20001, and 40001,
	// 40002, 40009, 40605, 40610, 30001, 50002, global mute's 130001-130005
	// and 130008, group attributes' 10045-10047 and 10050). Check the request against
	// Tencent's page for the command.
	ErrInvalidRequest = errors.New("restapi: invalid request")
	// ErrLimitExceeded: a quota of the app was reached, such as the 100
	// accounts of a trial app (70398) or a group count (10036, 10037,
	// 10038, a full blacklist 30013, 32 friend lists 30011, the adder's
	// friends 30010, its pending friend requests 30012, the peer's friends
	// 30014, a group's attributes over 16 KiB 10048), or its edition
	// lacks the feature (10059, group counters). Upgrade the app or delete
	// what is no longer needed.
	ErrLimitExceeded = errors.New("restapi: quota exceeded")
	// ErrServerFailure: the server, or a gateway in front of it, failed
	// with an HTTP 5xx instead of a REST API answer (the *Error has
	// HTTPStatus set and Code 0), or the service answered that it failed
	// or timed out inside (60008, 60013, 60014, 70169, 70500; 10002 for
	// groups, 20004, 20005 and 20018 for C2C messages, 90992, 90994, 90995
	// and 91000 for openim, 30006 and 30007 for friends, 40006 for
	// profiles, 50004 and 50005 for conversations, 130014 for global
	// mute). It is usually temporary: retry later. The client already
	// retried a 5xx for the reads and account_import and
	// multiaccount_import, and retries none of the codes; a write (kick,
	// friend_add, create_group, a message send ...) may have been applied
	// before the failure, so check before sending it again.
	ErrServerFailure = errors.New("restapi: server or gateway failure")
	// ErrForbidden: a restriction refused the request, whatever its
	// content: requests of the app are disabled (60017), the caller's IP
	// is not allowed to call the REST API (60021), the account is
	// blacklisted (70051) or restricted for security reasons (70114), the
	// operator may not do it or the group's type does not allow it
	// (10007), the group is not a Community with topics (11000). Check the
	// app's settings in the console, or the group's type.
	ErrForbidden = errors.New("restapi: request forbidden")
)

// Documented codes the package and the reference server use by name.
const (
	CodeOK                  = 0
	CodeHTTPParse           = 60002 // the URL is malformed
	CodeBadJSON             = 60003 // the body is not valid JSON
	CodeBadIdentity         = 60004 // identifier or usersig missing from the URL
	CodeAppInvalid          = 60006 // the SDKAppID is no longer valid
	CodeRateLimit           = 60007 // this command's request rate exceeded
	CodeUnknownCommand      = 60009 // no such service/command
	CodeNeedAdmin           = 60010 // the identifier is not an app admin
	CodeAppRateLimit        = 60011 // the SDKAppID's request rate exceeded
	CodeMissingSDKAppID     = 60012 // sdkappid missing from the URL
	CodeAccountType         = 60015 // an account in the body is not a string
	CodeAppDisabled         = 60016 // the app is disabled
	CodeTooFrequent1        = 60018
	CodeTooFrequent2        = 60019
	CodePackageExpired      = 60020 // the paid (Pro, Flagship, Enterprise) package expired
	CodeUserSigExpired      = 70001
	CodeUserSigEmpty        = 70002 // usersig= in the URL, with no value
	CodeUserSigMalformed    = 70003 // unparsable or truncated
	CodeUserSigKey          = 70009 // signed with another key
	CodeUserSigIdentifier   = 70013 // the URL's identifier is not the sig's
	CodeUserSigSDKAppID     = 70014 // the URL's sdkappid is not the sig's
	CodeUserSigNoKey        = 70016
	CodeAppNotFound         = 70020 // no such SDKAppID (in this data center)
	CodeUserSigRateLimit    = 70050 // UserSig failures too frequent: retry after a minute
	CodeNotImported         = 70107 // the account was never imported
	CodeInvalidBatchCount   = 70206 // more accounts in one request than the command takes
	CodeAccountLimit        = 70398 // a trial app holds at most 100 accounts
	CodeInvalidParameter    = 70402
	CodeNeedAdminPrivate    = 70403 // account_import's own "needs an admin"
	CodeProfileValueTooLong = 40601
	CodeGroupInvalidParam   = 10004
	CodeGroupNoPermission   = 10007
	CodeGroupNotFound       = 10010
	CodeGroupIDInvalid      = 10015
	CodeGroupAccountMissing = 10019
	CodeGroupIDInUse        = 10021
	CodeGroupIDOwned        = 10025 // the GroupId is used, by a group the request's owner owns

	// Group membership and group messages.
	CodeGroupTooManyAccounts = 10005 // more accounts in one request than the command takes
	CodeGroupFull            = 10014 // the group is at its MaxMemberNum
	CodeGroupMembersOver     = 10038 // create_group: more members than its MaxMemberCount
	CodeGroupMemberMuted     = 10017 // the sender is muted in the group, app-wide, or by MuteAllMember

	// One-to-one messages (openim).
	CodeMsgSenderNotImported     = 20003 // sendmsg's From_Account is not imported
	CodeMsgNotFound              = 20022 // admin_msgwithdraw: no such message
	CodeMsgAlreadyRecalled       = 20023 // admin_msgwithdraw: recalled before
	CodeMsgBodyTooLong           = 80002 // MsgBody over 8,000 bytes
	CodeOpenIMInvalidJSON        = 90001 // the body does not parse, or a field is out of range
	CodeMsgBodyInvalid           = 90002 // MsgBody empty or not elements
	CodeToAccountInvalid         = 90003 // To_Account / Peer_Account missing or not a UserID
	CodeMsgRandomInvalid         = 90005 // MsgRandom missing or not a uint32
	CodeMsgTimeStampInvalid      = 90006 // MsgTimeStamp missing or not an integer
	CodeMsgBodyNotArray          = 90007 // MsgBody is not an array
	CodeFromAccountInvalid       = 90008 // From_Account / Operator_Account not a UserID
	CodeOpenIMNeedAdmin          = 90009 // openim's own "needs an admin"
	CodeMsgElementInvalid        = 90010 // an element is not a TIMMsgElement
	CodeTooManyRecipients        = 90011 // more than 500 recipients
	CodeToAccountNotImported     = 90012 // To_Account is not imported
	CodeMsgLifeTimeTooLong       = 90026 // MsgLifeTime over 7 days
	CodeSyncFromOldSystemInvalid = 90030 // importmsg's SyncFromOldSystem not 1, 2 or 5
	CodeSyncOtherMachineInvalid  = 90031 // SyncOtherMachine not 0, 1 or 2
	CodeMsgLifeTimeInvalid       = 90044 // MsgLifeTime not a non-negative integer
	CodeAccountMissing           = 90048 // importmsg's From_Account is not imported
	CodeMsgKeyInvalid            = 90054 // admin_msgwithdraw's MsgKey malformed
	CodeImportTooLong            = 93000 // importmsg body over 8,000 bytes
	// Profiles and friends.
	CodeProfileInvalid        = 40001 // profile: bad parameters
	CodeProfileNoAccount      = 40002 // profile: no account named
	CodeProfileAccountMissing = 40003 // profile: the account is not imported
	CodeProfileNeedAdmin      = 40004 // profile's own "needs an admin"
	CodeProfileTagMissing     = 40009 // profile: no such tag (a custom one not declared)
	CodeProfileBadValue       = 40605 // profile: a value the standard tag does not take
	CodeProfileValueType      = 40610 // profile: a value of the wrong type
	CodeSNSInvalid            = 30001 // sns: bad parameters
	CodeSNSAccountMissing     = 30003 // sns: the account is not imported
	CodeSNSNeedAdmin          = 30004 // sns's own "needs an admin"
	CodeFriendDenied          = 30516 // friend_add: the peer allows nobody to add it
	CodeFriendPending         = 30539 // friend_add: the peer must confirm
	CodeNotFriends            = 31704 // friend_delete: not friends
	// Global mute (openconfigsvr; CN 4230 setnospeaking, CN 4229
	// getnospeaking).
	CodeMuteBadJSON           = 130001 // the body does not parse as JSON
	CodeMuteGetAccountMissing = 130002 // getnospeaking: no Get_Account
	CodeMuteGetAccountInvalid = 130003 // getnospeaking: Get_Account not a string UserID
	CodeMuteSetAccountMissing = 130004 // setnospeaking: no Set_Account
	CodeMuteSetAccountInvalid = 130005 // setnospeaking: Set_Account not a string UserID
	CodeMuteTimeMissing       = 130008 // setnospeaking: neither C2CmsgNospeakingTime nor GroupmsgNospeakingTime
)

// families maps each sentinel to its codes.
var families = []struct {
	sentinel error
	codes    []int
}{
	{ErrUserSigExpired, []int{70001}},
	{ErrUserSigInvalid, []int{60004, 60005, 70002, 70003, 70005, 70009, 70013, 70014, 70016, 70020, 70050, 70052, 70346, 20002}},
	{ErrNotAdmin, []int{60010, 70403, 90009, 40004, 30004, 50003}},
	{ErrAccountNotImported, []int{70107, 10019, 20003, 90012, 90048, 40003, 30003, 31804, 50001}},
	{ErrRateLimited, []int{60007, 60011, 60018, 60019, 70050, 10049}},
	{ErrAppDisabled, []int{60006, 60016, 60020}},
	{ErrGroupNotFound, []int{10010, 10015}},
	{ErrInvalidRequest, []int{60002, 60003, 60009, 60012, 60015, 70206, 70402, 10004, 10005, 10011, 40601, 80002, 90001, 90002, 90003, 90005, 90006, 90007, 90008, 90010, 90011, 90026, 90030, 90031, 90044, 90054, 93000, 40001, 40002, 40009, 40605, 40610, 30001, 20001, 50002, 10045, 10046, 10047, 10050, 130001, 130002, 130003, 130004, 130005, 130008}},
	{ErrLimitExceeded, []int{70398, 10036, 10037, 10038, 30010, 30011, 30012, 30013, 30014, 10059, 10048}},
	{ErrServerFailure, []int{60008, 60013, 60014, 70169, 70500, 10002, 20004, 20005, 20018, 30006, 30007, 40006, 90992, 90994, 90995, 91000, 50004, 50005, 130014}},
	{ErrForbidden, []int{60017, 60021, 70051, 70114, 10007, 11000}},
}

// retryableCodes are answered when the request was refused before it was
// acted on because of its rate, so retrying it later is always safe.
var retryableCodes = []int{60007, 60011, 60018, 60019, 70050}

// hints say what to do for the codes users meet most. Error adds one after
// the service's ErrorInfo as "; hint: ...", so it reads as the SDK's
// advice beside whatever the ErrorInfo says. Tencent's ErrorInfo, and
// imtest's for these codes, states the failure without a remedy, so the
// advice is said once, here, and a hint does not restate the failure.
var hints = map[int]string{
	60003: "send a JSON body",
	60009: "check the service and command names in the URL",
	60010: "make the identifier an app admin (App Admin in Tencent's IM web console, or admins.Add on a console-protocol server) or use one that is",
	60012: "pass the app's SDKAppID to restapi.New",
	60016: "renew the app's package, or use another app",
	60020: "buy or renew the app's package in the console (it takes effect within 5 minutes)",
	70001: "sync this host's clock with the server's, or lengthen WithUserSigTTL",
	70003: "the UserSig is truncated or corrupt: check how it is stored",
	70009: "sign with the key of this SDKAppID (console: the app's Basic Configuration, \"View Key\")",
	70013: "sign for the same UserID as the adminUserID given to restapi.New",
	70014: "sign with a Signer for the same SDKAppID given to restapi.New",
	70020: "check the SDKAppID and that the host (WithRegion) is the app's data center",
	70107: "import the account first (Accounts.Import)",
	20003: "import the sender first (Accounts.Import)",
	90012: "import the recipient first (Accounts.Import)",
	90048: "import the sender first (Accounts.Import)",
	80002: "a message body is at most 8,000 bytes: send large content as a file or image URL",
	70398: "upgrade the app to Pro, or delete accounts",
	70403: "make the identifier an app admin (App Admin in Tencent's IM web console, or admins.Add on a console-protocol server)",
	90009: "make the identifier an app admin (App Admin in Tencent's IM web console, or admins.Add on a console-protocol server)",
	40004: "make the identifier an app admin (App Admin in Tencent's IM web console, or admins.Add on a console-protocol server)",
	30004: "make the identifier an app admin (App Admin in Tencent's IM web console, or admins.Add on a console-protocol server)",
	40003: "import the account first (Accounts.Import)",
	30003: "import the account first (Accounts.Import)",
	50001: "import the account first (Accounts.Import)",
	50003: "make the identifier an app admin (App Admin in Tencent's IM web console, or admins.Add on a console-protocol server)",
	40009: "use a standard Tag_Profile_IM_* tag, or declare the custom tag in the console first",
	10014: "raise MaxMemberNum (Groups.Update) or remove members",
	10017: "unmute the sender (Groups.MuteMembers or MuteTopicMembers with 0, Mute.Set for a mute in every group), turn MuteAllMember Off, or wait for the mute to end",
	10019: "import the account first (Accounts.Import)",
	10010: "check the GroupID (Groups.Get)",
	20006: "see why the app's callback server (C2C.CallbackBeforeSendMsg) refused it",
	10016: "see why the app's callback server (Group.CallbackBeforeSendMsg or CallbackBeforeCreateGroup) refused it",
	60007: "lower the rate (WithRateLimit; the client already retried) or raise the app's limit in the console; a Trial app's daily message quota is also 60007: upgrade the app or wait for the next UTC day",
	60011: "lower the rate (WithRateLimit; the client already retried)",
	70050: "too many failed UserSig checks: fix the key or identifier, then wait a minute before calling again",
}

// Error is a failure answered by the REST API (ActionStatus FAIL), found
// by this package's own checks before sending (then Code is the code the
// service answers for the same input), or an answer with an HTTP status
// other than 200, which the REST API never sends (then HTTPStatus is that
// status, Code is 0 and Info is the start of the body). Info is the
// service's ErrorInfo and Display its ErrorDisplay; neither ever contains
// the UserSig.
type Error struct {
	Service    string // e.g. "im_open_login_svc"
	Command    string // e.g. "account_import"
	Code       int    // ErrorCode, e.g. 70107
	Info       string // ErrorInfo
	Display    string // ErrorDisplay: text for end users some answers (profile, relationship) carry; "" otherwise
	HTTPStatus int    // 0 for a REST API answer (HTTP 200) and the client's own checks
}

// Error formats the error as "restapi: <service>/<command>: <code>: <info>",
// followed by "; hint: <what to do>" for common codes, or, with an
// HTTPStatus, as "restapi: <service>/<command>: HTTP <status> (<body>);
// <what to do>": retry later for a 5xx, slow down for a 429, check the
// base URL and any proxy otherwise.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("restapi: ")
	if e.Service != "" || e.Command != "" {
		b.WriteString(e.Service)
		b.WriteByte('/')
		b.WriteString(e.Command)
		b.WriteString(": ")
	}
	if e.HTTPStatus != 0 {
		b.WriteString("HTTP ")
		b.WriteString(strconv.Itoa(e.HTTPStatus))
		b.WriteString(" (")
		b.WriteString(quote(e.Info))
		switch {
		case e.HTTPStatus >= 500:
			b.WriteString("); the server or a gateway in front of it failed, usually for a moment: retry later")
		case e.HTTPStatus == http.StatusTooManyRequests:
			b.WriteString("); a gateway limited the request rate: slow down and retry")
		default:
			b.WriteString("); the REST API answers 200 even for failures, so check the base URL and any proxy in between")
		}
		return b.String()
	}
	b.WriteString(strconv.Itoa(e.Code))
	if e.Info != "" {
		b.WriteString(": ")
		b.WriteString(e.Info)
	}
	if h := hints[e.Code]; h != "" {
		b.WriteString("; hint: ")
		b.WriteString(h)
	}
	return b.String()
}

// Is reports whether target is the sentinel of one of e's families.
func (e *Error) Is(target error) bool {
	if e.HTTPStatus != 0 {
		return target == ErrServerFailure && e.HTTPStatus >= 500 ||
			target == ErrRateLimited && e.HTTPStatus == http.StatusTooManyRequests
	}
	for _, f := range families {
		if f.sentinel == target {
			return slices.Contains(f.codes, e.Code)
		}
	}
	return false
}

// HasCode reports whether err is an *Error with exactly this code.
func HasCode(err error, code int) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// invalid builds the *Error a Validate method returns.
func invalid(service, command string, code int, info string) *Error {
	return &Error{Service: service, Command: command, Code: code, Info: info}
}
