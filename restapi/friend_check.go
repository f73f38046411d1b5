package restapi

import "context"

// CommandFriendCheck checks relations with friend_check (sns).
const CommandFriendCheck = "friend_check"

// MaxFriendChecks is how many accounts one friend_check takes;
// Friends.Check splits larger lists.
const MaxFriendChecks = 1000

// CheckType says whether friend_check looks at one list or both.
type CheckType string

// Check types of friend_check.
const (
	CheckSingle CheckType = "CheckResult_Type_Single" // only From_Account's list
	CheckBoth   CheckType = "CheckResult_Type_Both"   // From_Account's list and To_Account's
)

// Relation is what friend_check found. With CheckSingle only
// RelationAWithB and RelationNone are answered, and they say nothing of
// To_Account's list.
type Relation string

// Relations of friend_check.
const (
	RelationBothWay Relation = "CheckResult_Type_BothWay"    // each is in the other's list
	RelationAWithB  Relation = "CheckResult_Type_AWithB"     // To_Account is in From_Account's list (only)
	RelationBWithA  Relation = "CheckResult_Type_BWithA"     // From_Account is in To_Account's list (only)
	RelationNone    Relation = "CheckResult_Type_NoRelation" // To_Account is not in From_Account's list (nor the other way, with CheckBoth)
)

// FriendCheckRequest is the body of friend_check: 1-1000 accounts, and a
// CheckType (required).
type FriendCheckRequest struct {
	FromAccount string    `json:"From_Account"`
	ToAccount   []string  `json:"To_Account"`
	CheckType   CheckType `json:"CheckType"`
}

// Validate checks a friend_check body (30001 for each failure):
// From_Account is named, 1-1000 non-empty accounts, CheckType one of the
// two.
func (r *FriendCheckRequest) Validate() error {
	const cmd = CommandFriendCheck
	if err := checkAccounts(cmd, r.FromAccount, r.ToAccount, MaxFriendChecks); err != nil {
		return err
	}
	switch r.CheckType {
	case CheckSingle, CheckBoth:
	default:
		return snsErr(cmd, "CheckType %q is not CheckResult_Type_Single or CheckResult_Type_Both", r.CheckType)
	}
	return nil
}

// FriendCheckResult is friend_check's answer for one account: its
// Relation, and ResultCode 0 (otherwise the account failed, with
// ResultInfo, and is listed in Fail_Account).
type FriendCheckResult struct {
	ToAccount  string   `json:"To_Account"`
	Relation   Relation `json:"Relation"`
	ResultCode int      `json:"ResultCode"`
	ResultInfo string   `json:"ResultInfo"`
}

// FriendCheckResponse is the answer of friend_check, one item per
// account in order; FailAccount lists the accounts whose ResultCode is
// not 0 (absent when none).
type FriendCheckResponse struct {
	InfoItem    []FriendCheckResult `json:"InfoItem"`
	FailAccount []string            `json:"Fail_Account,omitempty"`
}

// Check checks fromUserID's relation with each of toUserIDs
// (friend_check, 1000 per request, results merged in order): CheckSingle
// looks only at fromUserID's list, CheckBoth at both. Every request is
// checked before the first is sent (30001); a fromUserID that is not
// imported fails the call with 30003 (ErrAccountNotImported).
func (s *FriendService) Check(ctx context.Context, fromUserID string, checkType CheckType, toUserIDs ...string) ([]FriendCheckResult, error) {
	build := func(ids []string) *FriendCheckRequest {
		return &FriendCheckRequest{FromAccount: fromUserID, ToAccount: ids, CheckType: checkType}
	}
	results := func(resp *FriendCheckResponse) []FriendCheckResult { return resp.InfoItem }
	return collect(ctx, s.c, ServiceSNS, CommandFriendCheck, toUserIDs, MaxFriendChecks, build, results)
}
