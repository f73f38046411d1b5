package restapi

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/imconsole/imconsole/internal/rules"
)

// Commands of online status (in ServiceOpenIM) and kicking.
const (
	CommandQueryOnlineStatus = "query_online_status"
	CommandKick              = "kick" // in ServiceLogin
)

// MaxPresenceAccounts is how many accounts one query_online_status takes
// (90011 above it); Presence.Query splits larger lists.
const MaxPresenceAccounts = 500

// OnlineStatus is the status of an account or of one of its platforms.
type OnlineStatus string

// Online statuses of query_online_status. PushOnline: logged in on a
// device that is in the background and still gets offline pushes (kept at
// most 7 days, then Offline).
const (
	StatusOnline     OnlineStatus = "Online"
	StatusPushOnline OnlineStatus = "PushOnline"
	StatusOffline    OnlineStatus = "Offline"
)

// QueryOnlineStatusRequest is the body of query_online_status: 1-500
// accounts.
//
// IsReturnInstID and IsReturnCustomStatus are the request fields Tencent
// documents (CN 2566: return each device's Instid; return the accounts'
// custom status). What the answer then carries is not confirmed, so
// QueryOnlineStatusResponse does not model it: decoding ignores it (read
// it with Client.Call into a json.RawMessage), and imtest answers as
// without the flags.
type QueryOnlineStatusRequest struct {
	ToAccount            []string `json:"To_Account"`
	IsNeedDetail         int      `json:"IsNeedDetail,omitempty"`         // 1: answer Detail per platform
	IsReturnInstID       int      `json:"IsReturnInstid,omitempty"`       // 1: return each device's Instid
	IsReturnCustomStatus int      `json:"IsReturnCustomStatus,omitempty"` // 1: return each account's custom status
}

// Platform names a kind of device in query_online_status's Detail, one
// of the Platform constants. It is an alias of string, so that
// PlatformStatus.Platform stays a string.
type Platform = string

// Platforms of query_online_status.
const (
	PlatformIPhone  Platform = "iPhone"
	PlatformAndroid Platform = "Android"
	PlatformWeb     Platform = "Web"
	PlatformPC      Platform = "PC"
	PlatformIPad    Platform = "iPad"
	PlatformMac     Platform = "Mac"
)

// PlatformStatus is the status of one platform of an account.
type PlatformStatus struct {
	Platform Platform     `json:"Platform"` // PlatformIPhone, PlatformAndroid ...
	Status   OnlineStatus `json:"Status"`
}

// UserStatus is the online status of one account. Decoding also reads the
// legacy querystate name State for Status; encoding writes Status only.
type UserStatus struct {
	ToAccount string           `json:"To_Account"`
	Status    OnlineStatus     `json:"Status"`
	Detail    []PlatformStatus `json:"Detail,omitempty"`
}

// UnmarshalJSON decodes a UserStatus, taking State when Status is absent.
func (u *UserStatus) UnmarshalJSON(b []byte) error {
	type plain UserStatus
	var w struct {
		plain
		State OnlineStatus `json:"State"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*u = UserStatus(w.plain)
	if u.Status == "" {
		u.Status = w.State
	}
	return nil
}

// AccountError is an account a command could not answer for, with its
// code (70107: not imported).
type AccountError struct {
	ToAccount string `json:"To_Account"`
	ErrorCode int    `json:"ErrorCode"`
}

// QueryOnlineStatusResponse is the answer of query_online_status: one
// QueryResult per imported account, in the order asked, and the others in
// ErrorList.
type QueryOnlineStatusResponse struct {
	QueryResult []UserStatus   `json:"QueryResult"`
	ErrorList   []AccountError `json:"ErrorList,omitempty"`
}

// Validate checks a query_online_status body: 1-500 accounts (90001 for
// none, 90011 for more), each a UserID (90003).
func (r *QueryOnlineStatusRequest) Validate() error {
	const cmd = CommandQueryOnlineStatus
	switch n := len(r.ToAccount); {
	case n == 0:
		return invalid(ServiceOpenIM, cmd, CodeOpenIMInvalidJSON, "To_Account is empty; name 1-500 accounts")
	case n > MaxPresenceAccounts:
		return invalid(ServiceOpenIM, cmd, CodeTooManyRecipients, fmt.Sprintf("To_Account has %d accounts; at most %d per request (Presence.Query splits larger lists)", n, MaxPresenceAccounts))
	}
	for i, id := range r.ToAccount {
		if !rules.ValidUserID(id) {
			return invalid(ServiceOpenIM, cmd, CodeToAccountInvalid, fmt.Sprintf("To_Account[%d] %q is not a UserID (1-32 bytes of printable ASCII)", i, id))
		}
	}
	return nil
}

// KickRequest is the body of kick. Tencent also takes UserID under its
// older name Identifier; the client sends UserID.
type KickRequest struct {
	UserID string `json:"UserID"`
}

// Validate checks a kick body: UserID is a UserID (70402).
func (r *KickRequest) Validate() error {
	return checkUserID(CommandKick, "UserID", r.UserID)
}

// PresenceService asks who is online and kicks accounts off their
// devices. Reach it as Client.Presence.
type PresenceService struct {
	c *Client
}

// Query returns the online status of accounts with the detail per
// platform (query_online_status, 500 per request, results merged in
// order). Accounts that are not imported are in ErrorList with 70107; the
// call still succeeds. Every request is checked before the first is sent
// (90001 for no accounts, 90003 for an invalid UserID). When a request
// fails, the results of the requests before it are returned with the
// error.
func (s *PresenceService) Query(ctx context.Context, userIDs ...string) (QueryOnlineStatusResponse, error) {
	var out QueryOnlineStatusResponse
	err := inChunks(userIDs, MaxPresenceAccounts, func(ids []string) error {
		req := QueryOnlineStatusRequest{ToAccount: ids}
		return req.Validate()
	}, func(ids []string) error {
		req := QueryOnlineStatusRequest{ToAccount: ids, IsNeedDetail: 1}
		var resp QueryOnlineStatusResponse
		if err := s.c.call(ctx, ServiceOpenIM, CommandQueryOnlineStatus, &req, &resp); err != nil {
			return err
		}
		out.QueryResult = append(out.QueryResult, resp.QueryResult...)
		out.ErrorList = append(out.ErrorList, resp.ErrorList...)
		return nil
	})
	return out, err
}

// Kick logs an account out of every device (kick); it turns Offline. An
// account that is not imported fails with 70107 (ErrAccountNotImported),
// an invalid UserID with 70402 before sending.
func (s *PresenceService) Kick(ctx context.Context, userID string) error {
	req := KickRequest{UserID: userID}
	return s.c.callValid(ctx, ServiceLogin, CommandKick, &req, nil)
}
