package restapi

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// Commands that import, update, delete all and read given friends (sns).
const (
	CommandFriendImport    = "friend_import"
	CommandFriendUpdate    = "friend_update"
	CommandFriendDeleteAll = "friend_delete_all"
	CommandFriendGetList   = "friend_get_list"
)

// MaxFriendImports is how many items one friend_import takes (Tencent:
// at most 1000 friends per request); Friends.Import splits larger lists.
const MaxFriendImports = 1000

// FriendGetListBatch is how many accounts Friends.Get asks for in one
// friend_get_list: Tencent recommends at most 100 so that the answer is not
// too large. It is a recommendation, not a limit the server checks.
const FriendGetListBatch = 100

// SnsItem is one {Tag, Value} of friend_update's SnsItem or
// friend_get_list's SnsProfileItem. Value is a string or a uint64 (as
// ProfileItem decodes it), and a []string for Tag_SNS_IM_Group.
type SnsItem struct {
	Tag   string `json:"Tag"`
	Value any    `json:"Value"`
}

// UnmarshalJSON decodes an SnsItem: Tag_SNS_IM_Group's Value as a
// []string (kept as its json.RawMessage when it is not an array of
// strings), any other as ProfileItem decodes it.
func (s *SnsItem) UnmarshalJSON(b []byte) error {
	var w taggedItem
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	s.Tag = w.Tag
	if w.Tag == TagFriendGroup {
		var groups []string
		if err := json.Unmarshal(w.Value, &groups); err == nil {
			s.Value = groups
			return nil
		}
		s.Value = json.RawMessage(w.Value) // not a list: Validate refuses it (30001)
		return nil
	}
	v, err := tagValue(w.Value)
	s.Value = v
	return err
}

// FriendImportItem is one friend of friend_import: the friend's UserID,
// AddSource (required, starting with AddSourcePrefix), and the data kept
// with it. AddTime (Unix seconds) 0 means the time of the import;
// RemarkTime is when the remark was set. CustomItem holds
// Tag_SNS_Custom_* tags, each Value a string or an integer.
type FriendImportItem struct {
	ToAccount  string        `json:"To_Account"`
	Remark     string        `json:"Remark,omitempty"`
	RemarkTime int64         `json:"RemarkTime,omitempty"`
	GroupName  []string      `json:"GroupName,omitempty"`
	AddSource  string        `json:"AddSource"`
	AddWording string        `json:"AddWording,omitempty"`
	AddTime    int64         `json:"AddTime,omitempty"`
	CustomItem []ProfileItem `json:"CustomItem,omitempty"`
}

// FriendImportRequest is the body of friend_import: 1-1000 friends to put
// in From_Account's list, one way, whatever the peers' AllowType says.
type FriendImportRequest struct {
	FromAccount   string             `json:"From_Account"`
	AddFriendItem []FriendImportItem `json:"AddFriendItem"`
}

// Validate checks a friend_import body (30001 for each failure):
// From_Account is named, 1-1000 items, each with a To_Account, an
// AddSource starting with AddSourcePrefix, and CustomItem tags that start
// with Tag_SNS_Custom_ and have a string or integer Value.
func (r *FriendImportRequest) Validate() error {
	const cmd = CommandFriendImport
	switch n := len(r.AddFriendItem); {
	case r.FromAccount == "":
		return snsErr(cmd, "From_Account is empty; name the account whose list to import into")
	case n == 0:
		return snsErr(cmd, "AddFriendItem is empty; name at least one friend to import")
	case n > MaxFriendImports:
		return snsErr(cmd, "AddFriendItem has %d friends; at most %d per request (Friends.Import splits larger lists)", n, MaxFriendImports)
	}
	for i, it := range r.AddFriendItem {
		if it.ToAccount == "" {
			return snsErr(cmd, "AddFriendItem[%d].To_Account is empty; name the friend to import", i)
		}
		if err := checkAddSource(cmd, i, it.AddSource); err != nil {
			return err
		}
		for j, c := range it.CustomItem {
			if err := checkCustomFriendTag(cmd, fmt.Sprintf("AddFriendItem[%d].CustomItem[%d]", i, j), c.Tag, c.Value); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkAddSource checks the AddSource of AddFriendItem[i] of friend_add
// or friend_import: required, starting with AddSourcePrefix (30001).
func checkAddSource(cmd string, i int, source string) error {
	if !strings.HasPrefix(source, AddSourcePrefix) || len(source) == len(AddSourcePrefix) {
		return snsErr(cmd, "AddFriendItem[%d].AddSource %q is required and starts with %s (e.g. AddSource_Type_Web)", i, source, AddSourcePrefix)
	}
	return nil
}

// checkCustomFriendTag checks one Tag_SNS_Custom_* tag and its value
// (30001).
func checkCustomFriendTag(cmd, where, tag string, value any) error {
	if !strings.HasPrefix(tag, CustomFriendTagPrefix) || len(tag) == len(CustomFriendTagPrefix) {
		return snsErr(cmd, "%s.Tag %q is not a custom friend tag (%s...)", where, tag, CustomFriendTagPrefix)
	}
	if _, ok := value.(string); ok {
		return nil
	}
	if _, ok := profileUint(value); ok {
		return nil
	}
	return snsErr(cmd, "%s.Value of %s is a string or a non-negative integer, not %T", where, tag, value)
}

// FriendUpdateItem is one friend of friend_update and the tags to set:
// Tag_SNS_IM_Remark (a string), Tag_SNS_IM_Group (a []string, which
// replaces the friend's lists) and Tag_SNS_Custom_* (a string or an
// integer), the only tags Tencent lets it update.
type FriendUpdateItem struct {
	ToAccount string    `json:"To_Account"`
	SnsItem   []SnsItem `json:"SnsItem"`
}

// FriendUpdateRequest is the body of friend_update: friends of
// From_Account and what to change about each.
type FriendUpdateRequest struct {
	FromAccount string             `json:"From_Account"`
	UpdateItem  []FriendUpdateItem `json:"UpdateItem"`
}

// Validate checks a friend_update body (30001 for each failure):
// From_Account is named, 1-MaxFriendImports items (as friend_import:
// Tencent's page names no limit of its own), each with a To_Account and at
// least one SnsItem, each a Tag_SNS_IM_Remark with a string, a
// Tag_SNS_IM_Group with an array of strings, or a Tag_SNS_Custom_* tag
// with a string or an integer.
func (r *FriendUpdateRequest) Validate() error {
	const cmd = CommandFriendUpdate
	if r.FromAccount == "" {
		return snsErr(cmd, "From_Account is empty; name the account whose friends to update")
	}
	switch n := len(r.UpdateItem); {
	case n == 0:
		return snsErr(cmd, "UpdateItem is empty; name at least one friend to update")
	case n > MaxFriendImports:
		return snsErr(cmd, "UpdateItem has %d items; at most %d per request", n, MaxFriendImports)
	}
	for i, it := range r.UpdateItem {
		if it.ToAccount == "" {
			return snsErr(cmd, "UpdateItem[%d].To_Account is empty; name the friend to update", i)
		}
		if len(it.SnsItem) == 0 {
			return snsErr(cmd, "UpdateItem[%d].SnsItem is empty; give at least one tag to set", i)
		}
		for j, s := range it.SnsItem {
			where := fmt.Sprintf("UpdateItem[%d].SnsItem[%d]", i, j)
			switch s.Tag {
			case TagFriendRemark:
				if _, ok := s.Value.(string); !ok {
					return snsErr(cmd, "%s.Value of %s is a string, not %T", where, s.Tag, s.Value)
				}
			case TagFriendGroup:
				if _, ok := s.Value.([]string); !ok {
					return snsErr(cmd, "%s.Value of %s is an array of friend list names, not %T", where, s.Tag, s.Value)
				}
			default:
				if !strings.HasPrefix(s.Tag, CustomFriendTagPrefix) {
					return snsErr(cmd, "%s.Tag %q cannot be updated; friend_update sets %s, %s and %s... tags", where, s.Tag, TagFriendRemark, TagFriendGroup, CustomFriendTagPrefix)
				}
				if err := checkCustomFriendTag(cmd, where, s.Tag, s.Value); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// FriendDeleteAllRequest is the body of friend_delete_all: every friend
// of From_Account goes, only from its list (Delete_Type_Single, the
// default) or both ways.
type FriendDeleteAllRequest struct {
	FromAccount string     `json:"From_Account"`
	DeleteType  DeleteType `json:"DeleteType,omitempty"`
}

// Validate checks a friend_delete_all body (30001): From_Account is
// named, DeleteType empty or one of the two.
func (r *FriendDeleteAllRequest) Validate() error {
	const cmd = CommandFriendDeleteAll
	if r.FromAccount == "" {
		return snsErr(cmd, "From_Account is empty; name the account whose friends to delete")
	}
	switch r.DeleteType {
	case "", DeleteSingle, DeleteBoth:
		return nil
	}
	return snsErr(cmd, "DeleteType %q is not Delete_Type_Single or Delete_Type_Both", r.DeleteType)
}

// FriendGetListRequest is the body of friend_get_list: the friend data
// and profile tags in TagList (standard and custom profile tags,
// Tag_SNS_IM_* and Tag_SNS_Custom_* friend tags) of some of
// From_Account's friends.
type FriendGetListRequest struct {
	FromAccount string   `json:"From_Account"`
	ToAccount   []string `json:"To_Account"`
	TagList     []string `json:"TagList"`
}

// Validate checks a friend_get_list body (30001 for each failure):
// From_Account is named, 1-MaxFriends non-empty To_Account (no more than
// an account has friends; Friends.Get sends FriendGetListBatch) and at
// least one non-empty tag.
func (r *FriendGetListRequest) Validate() error {
	const cmd = CommandFriendGetList
	if err := checkAccounts(cmd, r.FromAccount, r.ToAccount, MaxFriends); err != nil {
		return err
	}
	if len(r.TagList) == 0 {
		return snsErr(cmd, "TagList is empty; name the profile and friend tags to read")
	}
	for i, tag := range r.TagList {
		if tag == "" {
			return snsErr(cmd, "TagList[%d] is empty; name a tag", i)
		}
	}
	return nil
}

// FriendProfile is friend_get_list's answer for one account: the tags
// asked for that have a value (Tag_SNS_IM_Group's as a []string), and
// ResultCode 0, or 30001 when the account is not a friend of
// From_Account (then it is listed in Fail_Account).
type FriendProfile struct {
	ToAccount      string    `json:"To_Account"`
	SnsProfileItem []SnsItem `json:"SnsProfileItem"`
	ResultCode     int       `json:"ResultCode"`
	ResultInfo     string    `json:"ResultInfo"`
}

// FriendGetListResponse is the answer of friend_get_list, one item per
// account in order; FailAccount lists the accounts whose ResultCode is
// not 0 (absent when none).
type FriendGetListResponse struct {
	InfoItem    []FriendProfile `json:"InfoItem"`
	FailAccount []string        `json:"Fail_Account,omitempty"`
}

// Import imports friends into req.FromAccount's list (friend_import, 1000
// per request, results merged in order), one way, with no confirmation
// and no callback. A result is 0 when imported (a friend already in the
// list stays as it is), 30003 when the account is not imported, 30001 for
// FromAccount itself. Every request is checked before the first is sent
// (30001); a FromAccount that is not imported fails the call with 30003
// (ErrAccountNotImported).
func (s *FriendService) Import(ctx context.Context, req *FriendImportRequest) ([]FriendResult, error) {
	if req == nil {
		return nil, snsErr(CommandFriendImport, "Friends.Import needs a *FriendImportRequest with From_Account and AddFriendItem")
	}
	build := withChunk(req, func(r *FriendImportRequest, items []FriendImportItem) { r.AddFriendItem = items })
	return collect(ctx, s.c, ServiceSNS, CommandFriendImport, req.AddFriendItem, MaxFriendImports, build, friendResults)
}

// Update changes the remark, lists or custom tags of friends of
// req.FromAccount (friend_update), checked locally first (30001). A result
// is 0 when updated and 30001 when the account is not in FromAccount's
// list. A FromAccount that is not imported fails the call with 30003.
func (s *FriendService) Update(ctx context.Context, req *FriendUpdateRequest) ([]FriendResult, error) {
	if req == nil {
		return nil, snsErr(CommandFriendUpdate, "Friends.Update needs a *FriendUpdateRequest with From_Account and UpdateItem")
	}
	var resp FriendResponse
	err := s.c.callValid(ctx, ServiceSNS, CommandFriendUpdate, req, &resp)
	return resp.ResultItem, err
}

// DeleteAll deletes every friend of fromUserID (friend_delete_all):
// DeleteSingle (or "") only from fromUserID's list, DeleteBoth also
// fromUserID from each friend's. 30001 for an empty fromUserID or an
// unknown DeleteType, 30003 when it is not imported.
func (s *FriendService) DeleteAll(ctx context.Context, fromUserID string, deleteType DeleteType) error {
	return s.c.callValid(ctx, ServiceSNS, CommandFriendDeleteAll, &FriendDeleteAllRequest{FromAccount: fromUserID, DeleteType: deleteType}, nil)
}

// Get reads the tags (profile and friend tags) of some friends of
// fromUserID (friend_get_list, FriendGetListBatch per request, results
// merged in order). A result's ResultCode is 30001 when the account is not
// a friend. Every request is checked before the first is sent (30001); a
// fromUserID that is not imported fails the call with 30003.
func (s *FriendService) Get(ctx context.Context, fromUserID string, tags []string, toUserIDs ...string) ([]FriendProfile, error) {
	build := func(ids []string) *FriendGetListRequest {
		return &FriendGetListRequest{FromAccount: fromUserID, ToAccount: ids, TagList: tags}
	}
	results := func(resp *FriendGetListResponse) []FriendProfile { return resp.InfoItem }
	return collect(ctx, s.c, ServiceSNS, CommandFriendGetList, toUserIDs, FriendGetListBatch, build, results)
}
