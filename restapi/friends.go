package restapi

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"strings"
)

// Service and commands of the relationship chain.
const (
	ServiceSNS = "sns"

	CommandFriendAdd    = "friend_add"
	CommandFriendDelete = "friend_delete"
	CommandFriendGet    = "friend_get"
)

// MaxFriendDeletes is how many accounts one friend_delete takes;
// Friends.Delete splits larger lists.
const MaxFriendDeletes = 1000

// MaxFriendAdds is how many items one friend_add takes (Tencent's
// friend_add page: "the number of friends in a single request must not
// exceed 1000").
const MaxFriendAdds = 1000

// MaxFriends is how many friends an account holds (Tencent's relationship
// chain page: 好友列表最多允许添加3000个好友): an add past it answers the
// item CodeFriendLimit, or CodePeerFriendLimit when the peer's list is
// full.
const MaxFriends = 3000

// The friend-count codes of friend_add and friend_import items
// (ErrLimitExceeded).
const (
	CodeFriendLimit     = 30010 // From_Account has MaxFriends friends
	CodePeerFriendLimit = 30014 // the peer has MaxFriends friends (Add_Type_Both)
)

// AddSourcePrefix starts every AddSource ("AddSource_Type_Web", ...).
const AddSourcePrefix = "AddSource_Type_"

// AddType says whether friend_add adds both ways (the default) or only to
// the adder's list.
type AddType string

// Add types of friend_add.
const (
	AddBoth   AddType = "Add_Type_Both"
	AddSingle AddType = "Add_Type_Single" // only From_Account's list gains To_Account
)

// DeleteType says whether friend_delete deletes only from the deleter's
// list (the default) or both ways.
type DeleteType string

// Delete types of friend_delete.
const (
	DeleteSingle DeleteType = "Delete_Type_Single"
	DeleteBoth   DeleteType = "Delete_Type_Both"
)

// FriendAddItem is one account to add as a friend. AddSource is required
// and starts with AddSourcePrefix.
type FriendAddItem struct {
	ToAccount  string `json:"To_Account"`
	Remark     string `json:"Remark,omitempty"`
	GroupName  string `json:"GroupName,omitempty"`
	AddSource  string `json:"AddSource"`
	AddWording string `json:"AddWording,omitempty"`
}

// FriendAddRequest is the body of friend_add. ForceAddFlags 1 adds
// whatever the peers' TagAllowType says.
type FriendAddRequest struct {
	FromAccount   string          `json:"From_Account"`
	AddFriendItem []FriendAddItem `json:"AddFriendItem"`
	AddType       AddType         `json:"AddType,omitempty"`
	ForceAddFlags int             `json:"ForceAddFlags,omitempty"`
}

func snsErr(command string, format string, args ...any) error {
	return invalid(ServiceSNS, command, CodeSNSInvalid, fmt.Sprintf(format, args...))
}

// Validate checks a friend_add body (30001 for each failure): From_Account
// is named, 1-MaxFriendAdds items, each with a To_Account and an AddSource
// starting with AddSourcePrefix, AddType empty or one of the two,
// ForceAddFlags 0 or 1.
func (r *FriendAddRequest) Validate() error {
	const cmd = CommandFriendAdd
	if r.FromAccount == "" {
		return snsErr(cmd, "From_Account is empty; name the account that adds")
	}
	switch n := len(r.AddFriendItem); {
	case n == 0:
		return snsErr(cmd, "AddFriendItem is empty; name at least one account to add")
	case n > MaxFriendAdds:
		return snsErr(cmd, "AddFriendItem has %d items; at most %d per request", n, MaxFriendAdds)
	}
	for i, it := range r.AddFriendItem {
		if it.ToAccount == "" {
			return snsErr(cmd, "AddFriendItem[%d].To_Account is empty; name the account to add", i)
		}
		if err := checkAddSource(cmd, i, it.AddSource); err != nil {
			return err
		}
	}
	switch r.AddType {
	case "", AddBoth, AddSingle:
	default:
		return snsErr(cmd, "AddType %q is not Add_Type_Both or Add_Type_Single", r.AddType)
	}
	if r.ForceAddFlags != 0 && r.ForceAddFlags != 1 {
		return snsErr(cmd, "ForceAddFlags is 0 or 1, not %d", r.ForceAddFlags)
	}
	return nil
}

// FriendResult is the answer for one account of friend_add or
// friend_delete: ResultCode 0 when done, 30539 when the peer must confirm,
// 30516 when the peer allows nobody, 30003 when it is not imported, 31704
// (friend_delete) when it was not a friend.
type FriendResult struct {
	ToAccount  string `json:"To_Account"`
	ResultCode int    `json:"ResultCode"`
	ResultInfo string `json:"ResultInfo"`
}

// FriendResponse is the answer of friend_add, friend_delete,
// friend_import, friend_update, black_list_add and black_list_delete: one
// item per account, in order; FailAccount lists the accounts whose
// ResultCode is not 0 (absent when none).
type FriendResponse struct {
	ResultItem  []FriendResult `json:"ResultItem"`
	FailAccount []string       `json:"Fail_Account,omitempty"`
}

// friendResults is the per-account results of a FriendResponse.
func friendResults(resp *FriendResponse) []FriendResult { return resp.ResultItem }

// FriendDeleteRequest is the body of friend_delete: 1-1000 accounts.
type FriendDeleteRequest struct {
	FromAccount string     `json:"From_Account"`
	ToAccount   []string   `json:"To_Account"`
	DeleteType  DeleteType `json:"DeleteType,omitempty"`
}

// Validate checks a friend_delete body (30001 for each failure):
// From_Account is named, 1-1000 non-empty accounts, DeleteType empty or
// one of the two.
func (r *FriendDeleteRequest) Validate() error {
	const cmd = CommandFriendDelete
	if err := checkAccounts(cmd, r.FromAccount, r.ToAccount, MaxFriendDeletes); err != nil {
		return err
	}
	switch r.DeleteType {
	case "", DeleteSingle, DeleteBoth:
	default:
		return snsErr(cmd, "DeleteType %q is not Delete_Type_Single or Delete_Type_Both", r.DeleteType)
	}
	return nil
}

// checkAccounts checks the From_Account and To_Account of an sns command
// taking a list of at most limit accounts (30001).
func checkAccounts(cmd, from string, to []string, limit int) error {
	if from == "" {
		return snsErr(cmd, "From_Account is empty; name the account whose lists to use")
	}
	return checkToAccounts(cmd, to, limit)
}

// checkToAccounts checks the To_Account of an sns command: 1-limit
// non-empty accounts (30001).
func checkToAccounts(cmd string, to []string, limit int) error {
	switch n := len(to); {
	case n == 0:
		return snsErr(cmd, "To_Account is empty; name at least one account")
	case n > limit:
		return snsErr(cmd, "To_Account has %d accounts; at most %d per request (the Friends methods split larger lists)", n, limit)
	}
	for i, id := range to {
		if id == "" {
			return snsErr(cmd, "To_Account[%d] is empty; name an account", i)
		}
	}
	return nil
}

// FriendGetRequest is the body of friend_get: one page of From_Account's
// friends from StartIndex (0 first, then the answer's NextStartIndex).
type FriendGetRequest struct {
	FromAccount      string `json:"From_Account"`
	StartIndex       int    `json:"StartIndex"`
	StandardSequence int    `json:"StandardSequence,omitempty"`
	CustomSequence   int    `json:"CustomSequence,omitempty"`
}

// Validate checks a friend_get body (30001): From_Account is named and
// StartIndex is not negative.
func (r *FriendGetRequest) Validate() error {
	if r.FromAccount == "" {
		return snsErr(CommandFriendGet, "From_Account is empty; name the account whose friends to list")
	}
	if r.StartIndex < 0 {
		return snsErr(CommandFriendGet, "StartIndex %d is negative; start at 0 and pass NextStartIndex on", r.StartIndex)
	}
	return nil
}

// Friend tags of friend_get's ValueItem.
const (
	TagFriendAddSource = "Tag_SNS_IM_AddSource"
	TagFriendRemark    = "Tag_SNS_IM_Remark"
	TagFriendGroup     = "Tag_SNS_IM_Group"
	TagFriendAddTime   = "Tag_SNS_IM_AddTime"

	CustomFriendTagPrefix = "Tag_SNS_Custom_" // starts the app's custom friend tags
)

// Friend is one friend in a list. On the wire it is
// {"To_Account", "ValueItem": [{"Tag": "Tag_SNS_IM_...", "Value"}]}; the
// standard tags are decoded into the fields, the Tag_SNS_Custom_* ones
// into Custom in the order answered (other tags are ignored).
type Friend struct {
	UserID    string        // To_Account
	AddSource string        // Tag_SNS_IM_AddSource
	Remark    string        // Tag_SNS_IM_Remark
	Groups    []string      // Tag_SNS_IM_Group
	AddTime   int64         // Tag_SNS_IM_AddTime, Unix seconds
	Custom    []ProfileItem // Tag_SNS_Custom_* tags; a Value is a string or a uint64, as ProfileItem decodes it
}

// friendWire is Friend as friend_get sends it.
type friendWire struct {
	ToAccount string      `json:"To_Account"`
	ValueItem []friendTag `json:"ValueItem"`
}

type friendTag struct {
	Tag   string          `json:"Tag"`
	Value json.RawMessage `json:"Value"`
}

// MarshalJSON encodes f as friend_get sends it; empty tags are left out.
func (f Friend) MarshalJSON() ([]byte, error) {
	w := friendWire{ToAccount: f.UserID, ValueItem: []friendTag{}}
	add := func(tag string, v any, empty bool) {
		if !empty {
			b, _ := json.Marshal(v)
			w.ValueItem = append(w.ValueItem, friendTag{Tag: tag, Value: b})
		}
	}
	add(TagFriendAddSource, f.AddSource, f.AddSource == "")
	add(TagFriendRemark, f.Remark, f.Remark == "")
	add(TagFriendGroup, f.Groups, len(f.Groups) == 0)
	add(TagFriendAddTime, f.AddTime, false)
	for _, c := range f.Custom {
		add(c.Tag, c.Value, false)
	}
	return json.Marshal(w)
}

// UnmarshalJSON decodes a friend of friend_get. An error names the tag
// whose Value does not decode and quotes the account, cut to 32 bytes
// (a UserID's most).
func (f *Friend) UnmarshalJSON(b []byte) error {
	var w friendWire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*f = Friend{UserID: w.ToAccount}
	for _, t := range w.ValueItem {
		var dst any
		switch t.Tag {
		case TagFriendAddSource:
			dst = &f.AddSource
		case TagFriendRemark:
			dst = &f.Remark
		case TagFriendGroup:
			dst = &f.Groups
		case TagFriendAddTime:
			dst = &f.AddTime
		default:
			if !strings.HasPrefix(t.Tag, CustomFriendTagPrefix) {
				continue
			}
			v, err := tagValue(t.Value)
			if err != nil {
				return fmt.Errorf("restapi: friend %q: tag %q: %w", cut(w.ToAccount, 32), cut(t.Tag, 32), err)
			}
			f.Custom = append(f.Custom, ProfileItem{Tag: t.Tag, Value: v})
			continue
		}
		if err := json.Unmarshal(t.Value, dst); err != nil {
			return fmt.Errorf("restapi: friend %q: tag %q: %w", cut(w.ToAccount, 32), cut(t.Tag, 32), err)
		}
	}
	return nil
}

// FriendGetResponse is one page of friend_get. CompleteFlag is not 0 on
// the last page; otherwise ask again from NextStartIndex.
type FriendGetResponse struct {
	UserDataItem     []Friend `json:"UserDataItem"`
	StandardSequence int      `json:"StandardSequence"`
	CustomSequence   int      `json:"CustomSequence"`
	FriendNum        int      `json:"FriendNum"`
	CompleteFlag     int      `json:"CompleteFlag"`
	NextStartIndex   int      `json:"NextStartIndex"`
}

// FriendService adds, deletes and lists friends (sns). Reach it as
// Client.Friends.
type FriendService struct {
	c *Client
}

// Add adds friends of req.FromAccount (friend_add), checked locally first
// (30001, for more than MaxFriendAdds items too: Add sends one request),
// and returns one result per item: 0 added, 30539 waiting for the
// peer's confirmation (its TagAllowType is AllowNeedConfirm, the default,
// and ForceAddFlags is 0), 30516 the peer allows nobody, 30003 not
// imported, CodeFriendLimit or CodePeerFriendLimit past MaxFriends. A
// FromAccount that is not imported fails the call with 30003
// (ErrAccountNotImported).
func (s *FriendService) Add(ctx context.Context, req *FriendAddRequest) ([]FriendResult, error) {
	if req == nil {
		return nil, snsErr(CommandFriendAdd, "Friends.Add needs a *FriendAddRequest with From_Account and AddFriendItem")
	}
	var resp FriendResponse
	err := s.c.callValid(ctx, ServiceSNS, CommandFriendAdd, req, &resp)
	return resp.ResultItem, err
}

// Delete deletes friends of fromUserID (friend_delete, 1000 per request,
// results merged in order): DeleteSingle only from fromUserID's list,
// DeleteBoth from both. A result is 0 when deleted and 31704 when the
// account was not a friend. Every request is checked before the first is
// sent (30001); when one fails, the results before it are returned with
// the error.
func (s *FriendService) Delete(ctx context.Context, fromUserID string, deleteType DeleteType, toUserIDs ...string) ([]FriendResult, error) {
	build := func(ids []string) *FriendDeleteRequest {
		return &FriendDeleteRequest{FromAccount: fromUserID, ToAccount: ids, DeleteType: deleteType}
	}
	return collect(ctx, s.c, ServiceSNS, CommandFriendDelete, toUserIDs, MaxFriendDeletes, build, friendResults)
}

// List walks the friends of userID page by page (friend_get from
// StartIndex 0, then each answer's NextStartIndex, until CompleteFlag).
// It sends no StandardSequence or CustomSequence: Tencent leaves out the
// friend data a matching sequence says the caller already has, so echoing
// page 1's would strip the later pages of remarks, lists and custom tags.
// An error (30001 for an empty userID, 30003 when it is not imported, or
// the failure of a page) is yielded once and ends the walk.
func (s *FriendService) List(ctx context.Context, userID string) iter.Seq2[Friend, error] {
	req := FriendGetRequest{FromAccount: userID}
	friends := func(resp *FriendGetResponse) []Friend { return resp.UserDataItem }
	return walk(ctx, s.c, ServiceSNS, CommandFriendGet, req, friends, func(req *FriendGetRequest, resp *FriendGetResponse) (bool, error) {
		switch {
		case resp.CompleteFlag != 0:
			return false, nil
		case resp.NextStartIndex <= req.StartIndex:
			return false, stuck(CommandFriendGet, resp.NextStartIndex)
		}
		req.StartIndex = resp.NextStartIndex
		return true, nil
	})
}
