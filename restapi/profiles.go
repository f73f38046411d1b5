package restapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Service and commands of profiles.
const (
	ServiceProfile = "profile"

	CommandPortraitSet = "portrait_set"
	CommandPortraitGet = "portrait_get"
)

// MaxProfileAccounts is how many accounts one portrait_get takes;
// Profiles.Get splits larger lists.
const MaxProfileAccounts = 100

// Standard profile tags (Tag_Profile_IM_*). Custom tags start with
// CustomProfileTagPrefix and must be declared in the console first.
const (
	TagNick            = "Tag_Profile_IM_Nick"            // string
	TagGender          = "Tag_Profile_IM_Gender"          // one of the Gender constants
	TagBirthDay        = "Tag_Profile_IM_BirthDay"        // uint32, e.g. 19800101
	TagLocation        = "Tag_Profile_IM_Location"        // string
	TagSelfSignature   = "Tag_Profile_IM_SelfSignature"   // string
	TagAllowType       = "Tag_Profile_IM_AllowType"       // one of the Allow constants: who may add the account as a friend
	TagLanguage        = "Tag_Profile_IM_Language"        // uint32
	TagImage           = "Tag_Profile_IM_Image"           // string: the avatar URL (account_import's FaceUrl)
	TagMsgSettings     = "Tag_Profile_IM_MsgSettings"     // uint32
	TagAdminForbidType = "Tag_Profile_IM_AdminForbidType" // one of the AdminForbid constants
	TagLevel           = "Tag_Profile_IM_Level"           // uint32
	TagRole            = "Tag_Profile_IM_Role"            // uint32

	CustomProfileTagPrefix = "Tag_Profile_Custom_"
)

// Values of the enumerated standard tags.
const (
	GenderUnknown = "Gender_Type_Unknown"
	GenderFemale  = "Gender_Type_Female"
	GenderMale    = "Gender_Type_Male"

	AllowNeedConfirm = "AllowType_Type_NeedConfirm" // the default: friend requests wait for the peer
	AllowAny         = "AllowType_Type_AllowAny"
	AllowDenyAny     = "AllowType_Type_DenyAny"

	AdminForbidNone    = "AdminForbid_Type_None"
	AdminForbidSendOut = "AdminForbid_Type_SendOut"
)

// tagRule is what a standard tag takes: a uint32, or a string (one of
// values when there are any).
type tagRule struct {
	numeric bool
	values  []string
}

// standardTags are the standard tags and what each takes.
var standardTags = map[string]tagRule{
	TagNick: {}, TagLocation: {}, TagSelfSignature: {}, TagImage: {},
	TagGender:          {values: []string{GenderUnknown, GenderFemale, GenderMale}},
	TagAllowType:       {values: []string{AllowNeedConfirm, AllowAny, AllowDenyAny}},
	TagAdminForbidType: {values: []string{AdminForbidNone, AdminForbidSendOut}},
	TagBirthDay:        {numeric: true}, TagLanguage: {numeric: true}, TagMsgSettings: {numeric: true},
	TagLevel: {numeric: true}, TagRole: {numeric: true},
}

// ProfileItem is one tag of a profile. Value is a string or an unsigned
// integer (any Go integer type when sending; uint64 when decoded; a
// decoded value of another JSON type is kept as json.Number or
// json.RawMessage, which Validate refuses).
type ProfileItem struct {
	Tag   string `json:"Tag"`
	Value any    `json:"Value"`
}

// UnmarshalJSON decodes a ProfileItem, a string Value as a string and a
// non-negative integer as a uint64.
func (p *ProfileItem) UnmarshalJSON(b []byte) error {
	var w taggedItem
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	v, err := tagValue(w.Value)
	p.Tag, p.Value = w.Tag, v
	return err
}

// taggedItem is a {Tag, Value} item (ProfileItem, SnsItem) as received,
// its Value not yet decoded.
type taggedItem struct {
	Tag   string          `json:"Tag"`
	Value json.RawMessage `json:"Value"`
}

// tagValue decodes the Value of a {Tag, Value} item: a string, a
// non-negative integer as a uint64, another number as a json.Number, and
// anything else as its json.RawMessage.
func tagValue(value json.RawMessage) (any, error) {
	raw := bytes.TrimSpace(value)
	switch {
	case len(raw) > 0 && raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		return s, nil
	case len(raw) > 0 && (raw[0] == '-' || '0' <= raw[0] && raw[0] <= '9'):
		if n, err := strconv.ParseUint(string(raw), 10, 64); err == nil {
			return n, nil
		}
		return json.Number(raw), nil
	}
	return json.RawMessage(raw), nil
}

// profileUint returns v as an unsigned integer when it is a non-negative
// Go integer.
func profileUint(v any) (uint64, bool) {
	switch n := v.(type) {
	case uint64:
		return n, true
	case uint32:
		return uint64(n), true
	case uint16:
		return uint64(n), true
	case uint8:
		return uint64(n), true
	case uint:
		return uint64(n), true
	case int:
		return uint64(n), n >= 0
	case int64:
		return uint64(n), n >= 0
	case int32:
		return uint64(n), n >= 0
	case int16:
		return uint64(n), n >= 0
	case int8:
		return uint64(n), n >= 0
	}
	return 0, false
}

// isGoInteger reports whether v is of a Go integer type.
func isGoInteger(v any) bool {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return true
	}
	return false
}

func profileErr(command string, code int, format string, args ...any) error {
	return invalid(ServiceProfile, command, code, fmt.Sprintf(format, args...))
}

// checkProfileTag checks that tag can be named: a standard tag, or a
// custom one (whether it was declared only the service knows). 40009
// otherwise.
func checkProfileTag(command, where, tag string) error {
	if _, ok := standardTags[tag]; ok || strings.HasPrefix(tag, CustomProfileTagPrefix) && len(tag) > len(CustomProfileTagPrefix) {
		return nil
	}
	return profileErr(command, CodeProfileTagMissing, "%s %q is not a profile tag: use a Tag_Profile_IM_* standard tag or a Tag_Profile_Custom_* tag declared in the console", where, tag)
}

// validateItem checks one ProfileItem of portrait_set: the tag can be
// named (40009), the value is a string or an unsigned integer (40610) of
// at most 500 bytes (40601), and a standard tag gets a value of its type
// (40610) that it takes (40605: Gender, AllowType and AdminForbidType are
// enumerations, the numeric tags uint32). A number that is not an
// unsigned integer (negative, fractional) is a value a standard numeric
// tag does not take (40605), and a value of the wrong type for any other
// tag (40610), as any number is for a string tag.
func (p *ProfileItem) validateItem(where string) error {
	const cmd = CommandPortraitSet
	if err := checkProfileTag(cmd, where+".Tag", p.Tag); err != nil {
		return err
	}
	s, isString := p.Value.(string)
	n, isUint := profileUint(p.Value)
	rule, standard := standardTags[p.Tag]
	if !isString && !isUint {
		if _, otherNumber := p.Value.(json.Number); rule.numeric && (otherNumber || isGoInteger(p.Value)) {
			return profileErr(cmd, CodeProfileBadValue, "%s.Value of %s is %v; it is a uint32", where, p.Tag, p.Value)
		}
		return profileErr(cmd, CodeProfileValueType, "%s.Value of %s must be a string or an unsigned integer", where, p.Tag)
	}
	if len(s) > MaxProfileValueBytes {
		return profileErr(cmd, CodeProfileValueTooLong, "%s.Value of %s is %d bytes; a profile value is at most %d bytes", where, p.Tag, len(s), MaxProfileValueBytes)
	}
	switch {
	case !standard:
	case rule.numeric && !isUint:
		return profileErr(cmd, CodeProfileValueType, "%s.Value of %s must be an unsigned integer, not a string", where, p.Tag)
	case rule.numeric && n > 1<<32-1:
		return profileErr(cmd, CodeProfileBadValue, "%s.Value of %s is %d; it is a uint32", where, p.Tag, n)
	case !rule.numeric && !isString:
		return profileErr(cmd, CodeProfileValueType, "%s.Value of %s must be a string, not a number", where, p.Tag)
	case len(rule.values) > 0 && !slices.Contains(rule.values, s):
		return profileErr(cmd, CodeProfileBadValue, "%s.Value of %s is %q; use one of %s", where, p.Tag, s, strings.Join(rule.values, ", "))
	}
	return nil
}

// PortraitSetRequest is the body of portrait_set: the profile tags to set
// on one account.
type PortraitSetRequest struct {
	FromAccount string        `json:"From_Account"`
	ProfileItem []ProfileItem `json:"ProfileItem"`
}

// Validate checks a portrait_set body: From_Account is named (40002), at
// least one item (40001), each item valid (40009, 40601, 40605, 40610).
func (r *PortraitSetRequest) Validate() error {
	const cmd = CommandPortraitSet
	if r.FromAccount == "" {
		return profileErr(cmd, CodeProfileNoAccount, "From_Account is empty; name the account whose profile to set")
	}
	if len(r.ProfileItem) == 0 {
		return profileErr(cmd, CodeProfileInvalid, "ProfileItem is empty; set at least one tag")
	}
	for i := range r.ProfileItem {
		if err := r.ProfileItem[i].validateItem("ProfileItem[" + strconv.Itoa(i) + "]"); err != nil {
			return err
		}
	}
	return nil
}

// PortraitGetRequest is the body of portrait_get: 1-100 accounts and the
// tags to read.
type PortraitGetRequest struct {
	ToAccount []string `json:"To_Account"`
	TagList   []string `json:"TagList"`
}

// Validate checks a portrait_get body: 1-100 accounts (40002 for none,
// 40001 for more or an empty UserID), at least one tag that can be named
// (40001, 40009).
func (r *PortraitGetRequest) Validate() error {
	const cmd = CommandPortraitGet
	switch n := len(r.ToAccount); {
	case n == 0:
		return profileErr(cmd, CodeProfileNoAccount, "To_Account is empty; name 1-%d accounts", MaxProfileAccounts)
	case n > MaxProfileAccounts:
		return profileErr(cmd, CodeProfileInvalid, "To_Account has %d accounts; at most %d per request (Profiles.Get splits larger lists)", n, MaxProfileAccounts)
	}
	for i, id := range r.ToAccount {
		if id == "" {
			return profileErr(cmd, CodeProfileInvalid, "To_Account[%d] is empty; name an account", i)
		}
	}
	if len(r.TagList) == 0 {
		return profileErr(cmd, CodeProfileInvalid, "TagList is empty; name the tags to read")
	}
	for i, tag := range r.TagList {
		if err := checkProfileTag(cmd, "TagList["+strconv.Itoa(i)+"]", tag); err != nil {
			return err
		}
	}
	return nil
}

// UserProfile is the profile of one account in portrait_get: its tags that
// have a value, or a non-zero ResultCode (40003: not imported).
type UserProfile struct {
	ToAccount   string        `json:"To_Account"`
	ProfileItem []ProfileItem `json:"ProfileItem"`
	ResultCode  int           `json:"ResultCode"`
	ResultInfo  string        `json:"ResultInfo"`
}

// Value returns the value of tag in the profile, nil when it has none.
func (u *UserProfile) Value(tag string) any {
	for _, it := range u.ProfileItem {
		if it.Tag == tag {
			return it.Value
		}
	}
	return nil
}

// PortraitGetResponse is the answer of portrait_get: one UserProfile per
// account asked, in order, and the accounts that failed.
type PortraitGetResponse struct {
	UserProfileItem []UserProfile `json:"UserProfileItem"`
	FailAccount     []string      `json:"Fail_Account,omitempty"`
}

// ProfileService sets and reads account profiles (profile). Reach it as
// Client.Profiles.
type ProfileService struct {
	c *Client
}

// Set sets profile tags of one account (portrait_set), checked locally
// first (40002, 40001, 40009, 40601, 40605, 40610). Setting TagNick or
// TagImage changes what account_import set. The account must be imported
// (40003, ErrAccountNotImported) and a custom tag declared in the console
// (40009).
func (s *ProfileService) Set(ctx context.Context, userID string, items ...ProfileItem) error {
	req := PortraitSetRequest{FromAccount: userID, ProfileItem: items}
	return s.c.callValid(ctx, ServiceProfile, CommandPortraitSet, &req, nil)
}

// Get reads tags of accounts' profiles (portrait_get, 100 accounts per
// request, results merged in order). An account that is not imported has
// ResultCode 40003 in its UserProfile; the call still succeeds. Every
// request is checked before the first is sent; when one fails, the
// profiles of the requests before it are returned with the error.
func (s *ProfileService) Get(ctx context.Context, userIDs, tags []string) ([]UserProfile, error) {
	build := func(ids []string) *PortraitGetRequest { return &PortraitGetRequest{ToAccount: ids, TagList: tags} }
	profiles := func(resp *PortraitGetResponse) []UserProfile { return resp.UserProfileItem }
	return collect(ctx, s.c, ServiceProfile, CommandPortraitGet, userIDs, MaxProfileAccounts, build, profiles)
}
