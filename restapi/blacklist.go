package restapi

import (
	"context"
	"encoding/json"
	"iter"
)

// Blacklist commands (sns).
const (
	CommandBlackListAdd    = "black_list_add"
	CommandBlackListDelete = "black_list_delete"
	CommandBlackListGet    = "black_list_get"
	CommandBlackListCheck  = "black_list_check"
)

// MaxBlackListAccounts is how many accounts one black_list_add,
// black_list_delete or black_list_check takes; the Friends methods split
// larger lists. It is also black_list_get's largest MaxLimited, as a
// blacklist holds at most 1000 accounts by default (MaxBlackList).
const MaxBlackListAccounts = 1000

// MaxBlackList is how many accounts one account's blacklist holds by
// default (more on request to Tencent); black_list_add answers
// CodeBlackListFull past it.
const MaxBlackList = 1000

// Codes of the blacklist and of its effect on friend_add (per account, in
// ResultItem).
const (
	CodeBlackListFull    = 30013 // black_list_add: the blacklist holds MaxBlackList accounts
	CodePeerBlacklisted  = 30515 // friend_add: the peer is in the adder's blacklist
	CodeAdderBlacklisted = 30525 // friend_add: the adder is in the peer's blacklist
)

// BlackListAddRequest is the body of black_list_add: 1-1000 accounts to
// add to From_Account's blacklist.
type BlackListAddRequest struct {
	FromAccount string   `json:"From_Account"`
	ToAccount   []string `json:"To_Account"`
}

// Validate checks a black_list_add body (30001): From_Account is named,
// 1-1000 non-empty accounts.
func (r *BlackListAddRequest) Validate() error {
	return checkAccounts(CommandBlackListAdd, r.FromAccount, r.ToAccount, MaxBlackListAccounts)
}

// BlackListDeleteRequest is the body of black_list_delete: 1-1000
// accounts to take out of From_Account's blacklist.
type BlackListDeleteRequest struct {
	FromAccount string   `json:"From_Account"`
	ToAccount   []string `json:"To_Account"`
}

// Validate checks a black_list_delete body (30001): From_Account is
// named, 1-1000 non-empty accounts.
func (r *BlackListDeleteRequest) Validate() error {
	return checkAccounts(CommandBlackListDelete, r.FromAccount, r.ToAccount, MaxBlackListAccounts)
}

// BlackListGetRequest is the body of black_list_get: one page of at most
// MaxLimited (1-1000) accounts of From_Account's blacklist from StartIndex
// (0 first, then the answer's StartIndex). LastSequence is the
// CurrentSequence of the last pull; the REST API sends 0.
type BlackListGetRequest struct {
	FromAccount  string `json:"From_Account"`
	StartIndex   int    `json:"StartIndex"`
	MaxLimited   int    `json:"MaxLimited"`
	LastSequence int    `json:"LastSequence"`
}

// Validate checks a black_list_get body (30001): From_Account is named,
// StartIndex and LastSequence are not negative, MaxLimited is 1-1000.
func (r *BlackListGetRequest) Validate() error {
	const cmd = CommandBlackListGet
	switch {
	case r.FromAccount == "":
		return snsErr(cmd, "From_Account is empty; name the account whose blacklist to list")
	case r.StartIndex < 0:
		return snsErr(cmd, "StartIndex %d is negative; start at 0 and pass the answer's StartIndex on", r.StartIndex)
	case r.MaxLimited < 1 || r.MaxLimited > MaxBlackListAccounts:
		return snsErr(cmd, "MaxLimited %d is not 1-%d", r.MaxLimited, MaxBlackListAccounts)
	case r.LastSequence < 0:
		return snsErr(cmd, "LastSequence %d is negative; the REST API sends 0", r.LastSequence)
	}
	return nil
}

// BlackListItem is one account of a blacklist and when it was added
// (Unix seconds).
type BlackListItem struct {
	ToAccount         string `json:"To_Account"`
	AddBlackTimeStamp int64  `json:"AddBlackTimeStamp"`
}

// BlackListGetResponse is one page of black_list_get. StartIndex is where
// the next page starts, 0 after the last page; CurrentSequence is the
// blacklist's latest sequence.
//
// Tencent's INTL page spells the sequence "CurruentSequence", the current
// CN page "CurrentSequence": either is read, and both are written.
type BlackListGetResponse struct {
	BlackListItem   []BlackListItem `json:"BlackListItem"`
	StartIndex      int             `json:"StartIndex"`
	CurrentSequence int             `json:"CurrentSequence"` // also CurruentSequence
}

// blackListGetWire is BlackListGetResponse with both spellings.
type blackListGetWire struct {
	BlackListItem    []BlackListItem `json:"BlackListItem"`
	StartIndex       int             `json:"StartIndex"`
	CurrentSequence  *int            `json:"CurrentSequence,omitempty"`
	CurruentSequence *int            `json:"CurruentSequence,omitempty"`
}

// MarshalJSON encodes r with the sequence under both spellings.
func (r BlackListGetResponse) MarshalJSON() ([]byte, error) {
	items := r.BlackListItem
	if items == nil {
		items = []BlackListItem{}
	}
	return json.Marshal(blackListGetWire{BlackListItem: items, StartIndex: r.StartIndex, CurrentSequence: &r.CurrentSequence, CurruentSequence: &r.CurrentSequence})
}

// UnmarshalJSON decodes a black_list_get answer, its sequence under
// either spelling (CurrentSequence when both are there).
func (r *BlackListGetResponse) UnmarshalJSON(b []byte) error {
	var w blackListGetWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = BlackListGetResponse{BlackListItem: w.BlackListItem, StartIndex: w.StartIndex}
	switch {
	case w.CurrentSequence != nil:
		r.CurrentSequence = *w.CurrentSequence
	case w.CurruentSequence != nil:
		r.CurrentSequence = *w.CurruentSequence
	}
	return nil
}

// BlackCheckType says whether black_list_check looks at one blacklist or
// both.
type BlackCheckType string

// Check types of black_list_check.
const (
	BlackCheckSingle BlackCheckType = "BlackCheckResult_Type_Single" // only From_Account's blacklist
	BlackCheckBoth   BlackCheckType = "BlackCheckResult_Type_Both"   // From_Account's blacklist and To_Account's
)

// BlackRelation is what black_list_check found. With BlackCheckSingle
// only BlackRelationAWithB and BlackRelationNone are answered, and they
// say nothing of To_Account's blacklist.
type BlackRelation string

// Relations of black_list_check.
const (
	BlackRelationBothWay BlackRelation = "BlackCheckResult_Type_BothWay" // each is in the other's blacklist
	BlackRelationAWithB  BlackRelation = "BlackCheckResult_Type_AWithB"  // To_Account is in From_Account's blacklist (only)
	BlackRelationBWithA  BlackRelation = "BlackCheckResult_Type_BWithA"  // From_Account is in To_Account's blacklist (only)
	BlackRelationNone    BlackRelation = "BlackCheckResult_Type_NO"      // To_Account is not in From_Account's blacklist (nor the other way, with BlackCheckBoth)
)

// BlackListCheckRequest is the body of black_list_check: 1-1000
// accounts, and a CheckType (required).
type BlackListCheckRequest struct {
	FromAccount string         `json:"From_Account"`
	ToAccount   []string       `json:"To_Account"`
	CheckType   BlackCheckType `json:"CheckType"`
}

// Validate checks a black_list_check body (30001 for each failure):
// From_Account is named, 1-1000 non-empty accounts, CheckType one of the
// two.
func (r *BlackListCheckRequest) Validate() error {
	const cmd = CommandBlackListCheck
	if err := checkAccounts(cmd, r.FromAccount, r.ToAccount, MaxBlackListAccounts); err != nil {
		return err
	}
	switch r.CheckType {
	case BlackCheckSingle, BlackCheckBoth:
	default:
		return snsErr(cmd, "CheckType %q is not BlackCheckResult_Type_Single or BlackCheckResult_Type_Both", r.CheckType)
	}
	return nil
}

// BlackCheckResult is black_list_check's answer for one account: its
// Relation, and ResultCode 0 (otherwise the account failed, with
// ResultInfo, and is listed in Fail_Account).
type BlackCheckResult struct {
	ToAccount  string        `json:"To_Account"`
	Relation   BlackRelation `json:"Relation"`
	ResultCode int           `json:"ResultCode"`
	ResultInfo string        `json:"ResultInfo"`
}

// BlackListCheckResponse is the answer of black_list_check, one item per
// account in order; FailAccount lists the accounts whose ResultCode is
// not 0 (absent when none).
type BlackListCheckResponse struct {
	BlackListCheckItem []BlackCheckResult `json:"BlackListCheckItem"`
	FailAccount        []string           `json:"Fail_Account,omitempty"`
}

// Block adds toUserIDs to fromUserID's blacklist (black_list_add, 1000
// per request, results merged in order). A result is 0 when added (a
// friendship between the two ends, both ways), 30001 when the account
// was in the blacklist already, 30003 when it is not imported, 30013
// (CodeBlackListFull) when the blacklist holds MaxBlackList accounts.
// Every request is checked before the first is sent (30001); a
// fromUserID that is not imported fails the call with 30003.
func (s *FriendService) Block(ctx context.Context, fromUserID string, toUserIDs ...string) ([]FriendResult, error) {
	build := func(ids []string) *BlackListAddRequest {
		return &BlackListAddRequest{FromAccount: fromUserID, ToAccount: ids}
	}
	return collect(ctx, s.c, ServiceSNS, CommandBlackListAdd, toUserIDs, MaxBlackListAccounts, build, friendResults)
}

// Unblock takes toUserIDs out of fromUserID's blacklist
// (black_list_delete, 1000 per request, results merged in order). A
// result is 0 when taken out and 30001 when the account was not in the
// blacklist. Requests are checked as Block's are.
func (s *FriendService) Unblock(ctx context.Context, fromUserID string, toUserIDs ...string) ([]FriendResult, error) {
	build := func(ids []string) *BlackListDeleteRequest {
		return &BlackListDeleteRequest{FromAccount: fromUserID, ToAccount: ids}
	}
	return collect(ctx, s.c, ServiceSNS, CommandBlackListDelete, toUserIDs, MaxBlackListAccounts, build, friendResults)
}

// Blocked walks the blacklist of userID page by page (black_list_get from
// StartIndex 0 with MaxLimited 1000 and LastSequence 0, then from each
// answer's StartIndex until it is 0). An error (30001 for an empty
// userID, 30003 when it is not imported, or the failure of a page) is
// yielded once and ends the walk.
func (s *FriendService) Blocked(ctx context.Context, userID string) iter.Seq2[BlackListItem, error] {
	req := BlackListGetRequest{FromAccount: userID, MaxLimited: MaxBlackListAccounts}
	items := func(resp *BlackListGetResponse) []BlackListItem { return resp.BlackListItem }
	return walk(ctx, s.c, ServiceSNS, CommandBlackListGet, req, items, func(req *BlackListGetRequest, resp *BlackListGetResponse) (bool, error) {
		switch {
		case resp.StartIndex == 0:
			return false, nil
		case resp.StartIndex <= req.StartIndex:
			return false, stuck(CommandBlackListGet, resp.StartIndex)
		}
		req.StartIndex = resp.StartIndex
		return true, nil
	})
}

// CheckBlocked checks whether each of toUserIDs is in fromUserID's
// blacklist, and with BlackCheckBoth whether fromUserID is in theirs
// (black_list_check, 1000 per request, results merged in order).
// Requests are checked as Block's are, and the CheckType too (30001).
func (s *FriendService) CheckBlocked(ctx context.Context, fromUserID string, checkType BlackCheckType, toUserIDs ...string) ([]BlackCheckResult, error) {
	build := func(ids []string) *BlackListCheckRequest {
		return &BlackListCheckRequest{FromAccount: fromUserID, ToAccount: ids, CheckType: checkType}
	}
	results := func(resp *BlackListCheckResponse) []BlackCheckResult { return resp.BlackListCheckItem }
	return collect(ctx, s.c, ServiceSNS, CommandBlackListCheck, toUserIDs, MaxBlackListAccounts, build, results)
}
