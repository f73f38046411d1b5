package restapi

import (
	"context"
	"slices"
)

// Friend list (分组) commands (sns). A friend's lists are its
// Tag_SNS_IM_Group (Friend.Groups).
const (
	CommandGroupAdd    = "group_add"
	CommandGroupDelete = "group_delete"
	CommandGroupGet    = "group_get"
)

// Friend list limits Tencent documents: an account has at most
// MaxFriendGroups lists ("因分组数最多32"), so group_add, group_delete and
// group_get take at most that many names; group_add puts at most
// MaxFriendGroupAccounts friends in them per request.
const (
	MaxFriendGroups        = 32
	MaxFriendGroupAccounts = 1000
)

// NeedFriendYes is group_get's NeedFriend asking for the friends of each
// list (only when GroupName is empty).
const NeedFriendYes = "Need_Friend_Type_Yes"

// Codes of the friend list commands.
const (
	CodeFriendGroupsFull     = 30011 // group_add: the account would have more than MaxFriendGroups lists
	CodeFriendGroupNotFriend = 32216 // group_add, per account: not a friend of From_Account
)

// FriendGroupNotFriendInfo is the ResultInfo of CodeFriendGroupNotFriend
// in Tencent's sample.
const FriendGroupNotFriendInfo = "Err_SNS_GroupAdd_ToTinyId_Not_Friend"

// FriendGroupAddRequest is the body of group_add: new lists GroupName
// (1-32) of From_Account, and friends To_Account (at most 1000, may be
// empty) to put in every one of them.
type FriendGroupAddRequest struct {
	FromAccount string   `json:"From_Account"`
	GroupName   []string `json:"GroupName"`
	ToAccount   []string `json:"To_Account,omitempty"`
}

// Validate checks a group_add body (30001 for each failure): From_Account
// is named, 1-32 non-empty list names, at most 1000 non-empty accounts.
func (r *FriendGroupAddRequest) Validate() error {
	const cmd = CommandGroupAdd
	if err := checkFriendGroupNames(cmd, r.FromAccount, r.GroupName, true); err != nil {
		return err
	}
	if len(r.ToAccount) == 0 {
		return nil
	}
	return checkToAccounts(cmd, r.ToAccount, MaxFriendGroupAccounts)
}

// FriendGroupAddResponse is the answer of group_add: the lists' sequence
// after the change and, when To_Account was given, one result per
// account in order (ResultCode 0, or CodeFriendGroupNotFriend), with
// FailAccount listing those not answered 0.
type FriendGroupAddResponse struct {
	ResultItem      []FriendResult `json:"ResultItem,omitempty"`
	FailAccount     []string       `json:"Fail_Account,omitempty"`
	CurrentSequence int            `json:"CurrentSequence"`
}

// FriendGroupDeleteRequest is the body of group_delete: the lists
// GroupName (1-32) of From_Account to delete.
type FriendGroupDeleteRequest struct {
	FromAccount string   `json:"From_Account"`
	GroupName   []string `json:"GroupName"`
}

// Validate checks a group_delete body (30001): From_Account is named,
// 1-32 non-empty list names.
func (r *FriendGroupDeleteRequest) Validate() error {
	return checkFriendGroupNames(CommandGroupDelete, r.FromAccount, r.GroupName, true)
}

// FriendGroupDeleteResponse is the answer of group_delete: the lists'
// sequence after the change.
type FriendGroupDeleteResponse struct {
	CurrentSequence int `json:"CurrentSequence"`
}

// FriendGroupGetRequest is the body of group_get: From_Account's lists
// named in GroupName (at most 32), all of them when it is empty.
// NeedFriend NeedFriendYes also answers each list's friends, only when
// GroupName is empty.
type FriendGroupGetRequest struct {
	FromAccount string   `json:"From_Account"`
	NeedFriend  string   `json:"NeedFriend,omitempty"`
	GroupName   []string `json:"GroupName,omitempty"`
}

// Validate checks a group_get body (30001): From_Account is named,
// NeedFriend empty or NeedFriendYes, at most 32 non-empty list names.
func (r *FriendGroupGetRequest) Validate() error {
	const cmd = CommandGroupGet
	if r.NeedFriend != "" && r.NeedFriend != NeedFriendYes {
		return snsErr(cmd, "NeedFriend %q is not %s (or empty)", r.NeedFriend, NeedFriendYes)
	}
	return checkFriendGroupNames(cmd, r.FromAccount, r.GroupName, false)
}

// FriendGroup is one list of group_get's answer: its name, how many
// friends it holds and, when asked for, their UserIDs.
type FriendGroup struct {
	GroupName    string   `json:"GroupName"`
	FriendNumber int      `json:"FriendNumber"`
	ToAccount    []string `json:"To_Account,omitempty"`
}

// FriendGroupGetResponse is the answer of group_get: the lists and their
// sequence.
type FriendGroupGetResponse struct {
	ResultItem      []FriendGroup `json:"ResultItem"`
	CurrentSequence int           `json:"CurrentSequence"`
}

// checkFriendGroupNames checks the From_Account and GroupName of a friend
// list command (30001): at most MaxFriendGroups non-empty names, at least
// one when required.
func checkFriendGroupNames(cmd, from string, names []string, required bool) error {
	switch n := len(names); {
	case from == "":
		return snsErr(cmd, "From_Account is empty; name the account whose friend lists to use")
	case n == 0 && required:
		return snsErr(cmd, "GroupName is empty; name at least one friend list")
	case n > MaxFriendGroups:
		return snsErr(cmd, "GroupName has %d lists; at most %d (an account has at most %d friend lists)", n, MaxFriendGroups, MaxFriendGroups)
	}
	if i := slices.Index(names, ""); i >= 0 {
		return snsErr(cmd, "GroupName[%d] is empty; name a friend list", i)
	}
	return nil
}

// AddGroups adds friend lists to req.FromAccount (group_add), checked
// locally first (30001), and puts req.ToAccount in each. The service
// answers 30003 (ErrAccountNotImported) for a FromAccount that is not
// imported and CodeFriendGroupsFull (ErrLimitExceeded) past 32 lists;
// per account, CodeFriendGroupNotFriend for one that is not a friend. It
// is a write, sent once.
func (s *FriendService) AddGroups(ctx context.Context, req *FriendGroupAddRequest) (*FriendGroupAddResponse, error) {
	if req == nil {
		return nil, snsErr(CommandGroupAdd, "Friends.AddGroups needs a *FriendGroupAddRequest with From_Account and GroupName")
	}
	var resp FriendGroupAddResponse
	if err := s.c.callValid(ctx, ServiceSNS, CommandGroupAdd, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}

// DeleteGroups deletes friend lists of fromUserID (group_delete) and
// returns the lists' sequence after it; the friends stay, out of those
// lists. It is checked locally first (30001); the service answers 30003
// for a fromUserID that is not imported. It is a write, sent once.
func (s *FriendService) DeleteGroups(ctx context.Context, fromUserID string, names ...string) (int, error) {
	var resp FriendGroupDeleteResponse
	if err := s.c.callValid(ctx, ServiceSNS, CommandGroupDelete, &FriendGroupDeleteRequest{FromAccount: fromUserID, GroupName: names}, &resp); err != nil {
		return 0, err
	}
	return resp.CurrentSequence, nil
}

// Groups reads friend lists of req.FromAccount (group_get), checked
// locally first (30001); the service answers 30003 for a FromAccount
// that is not imported. It is a read, resent after a network error.
func (s *FriendService) Groups(ctx context.Context, req *FriendGroupGetRequest) (*FriendGroupGetResponse, error) {
	if req == nil {
		return nil, snsErr(CommandGroupGet, "Friends.Groups needs a *FriendGroupGetRequest with From_Account")
	}
	var resp FriendGroupGetResponse
	if err := s.c.callValid(ctx, ServiceSNS, CommandGroupGet, req, &resp); err != nil {
		return nil, err
	}
	return &resp, nil
}
