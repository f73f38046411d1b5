package imtest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/imconsole/imconsole/restapi"
)

// ProfileTagType is the value type of a custom profile tag, chosen when
// it is declared.
type ProfileTagType int

// Value types of custom profile tags.
const (
	ProfileString  ProfileTagType = iota + 1 // a string of at most 500 bytes
	ProfileInteger                           // an unsigned integer
)

// v4PortraitSet sets profile tags of one account. Checks in order:
// restapi's Validate (40002, 40001, then per item 40009, 40605, 40610,
// 40601), the account is imported (40003), each custom tag is declared
// (40009) and gets a value of its declared type (40610). All or nothing.
func (s *Server) v4PortraitSet(c *v4Call, req *restapi.PortraitSetRequest) (any, error) {
	st := &c.app.v4
	acc := st.accounts[req.FromAccount]
	if acc == nil {
		return nil, v4Err(restapi.CodeProfileAccountMissing, "From_Account %q is not imported", req.FromAccount)
	}
	for i, it := range req.ProfileItem {
		if err := st.checkCustomTag(it.Tag); err != nil {
			return nil, err
		}
		_, isString := it.Value.(string)
		if want, custom := st.profileTags[it.Tag]; custom && (want == ProfileString) != isString {
			return nil, v4Err(restapi.CodeProfileValueType, "ProfileItem[%d].Value of %s must be %s, as the tag was declared", i, it.Tag, map[bool]string{true: "a string", false: "an unsigned integer"}[want == ProfileString])
		}
	}
	for _, it := range req.ProfileItem {
		v := it.Value // a string or a uint64, as decoded
		switch it.Tag {
		case restapi.TagNick:
			acc.nick = v.(string)
			continue
		case restapi.TagImage:
			acc.faceURL = v.(string)
			continue
		}
		if st.profiles[req.FromAccount] == nil {
			st.profiles[req.FromAccount] = map[string]any{}
		}
		if v == "" {
			delete(st.profiles[req.FromAccount], it.Tag)
		} else {
			st.profiles[req.FromAccount][it.Tag] = v
		}
	}
	s.afterPortraitSet(c, req)
	return nil, nil
}

// checkCustomTag refuses a custom tag that was not declared (40009).
func (st *v4State) checkCustomTag(tag string) error {
	if _, declared := st.profileTags[tag]; strings.HasPrefix(tag, restapi.CustomProfileTagPrefix) && !declared {
		return v4Err(restapi.CodeProfileTagMissing, "custom profile tag %s is not declared in this app", tag)
	}
	return nil
}

// v4PortraitGet reads tags of accounts' profiles: restapi's Validate
// (40002, 40001, 40009), each custom tag declared (40009), then per
// account its tags that have a value, in TagList order, or ResultCode
// 40003 (and Fail_Account) when it is not imported.
func (s *Server) v4PortraitGet(c *v4Call, req *restapi.PortraitGetRequest) (any, error) {
	st := &c.app.v4
	for _, tag := range req.TagList {
		if err := st.checkCustomTag(tag); err != nil {
			return nil, err
		}
	}
	tags, err := answeredTags(req.TagList, len(req.ToAccount), restapi.CodeProfileInvalid)
	if err != nil {
		return nil, err
	}
	resp := restapi.PortraitGetResponse{UserProfileItem: make([]restapi.UserProfile, len(req.ToAccount))}
	for i, id := range req.ToAccount {
		u := restapi.UserProfile{ToAccount: id, ProfileItem: []restapi.ProfileItem{}}
		profile := st.profile(id)
		if profile == nil {
			u.ResultCode, u.ResultInfo = restapi.CodeProfileAccountMissing, "Err_Profile_Account_Not_Exist"
			resp.FailAccount = append(resp.FailAccount, id)
		}
		for _, tag := range tags {
			if v, ok := profile[tag]; ok {
				u.ProfileItem = append(u.ProfileItem, restapi.ProfileItem{Tag: tag, Value: v})
			}
		}
		resp.UserProfileItem[i] = u
	}
	return resp, nil
}

// maxTagLookups bounds the tag lookups of one portrait_get or
// friend_get_list (accounts × distinct tags), and so its answer: Tencent
// fails an answer too large (friend_get_list: "pull no more than 100
// friends at a time to avoid response packet failure"); the bound is the
// server's choice, far above 100 accounts × every tag there is.
const maxTagLookups = 100_000

// answeredTags is tagList without repeats, in its order (a tag is
// answered once per account), refused with code when accounts of them
// would take more than maxTagLookups lookups.
func answeredTags(tagList []string, accounts int, code int) ([]string, error) {
	seen := make(map[string]bool, len(tagList))
	tags := make([]string, 0, len(tagList))
	for _, tag := range tagList {
		if !seen[tag] {
			seen[tag] = true
			tags = append(tags, tag)
		}
	}
	if accounts*len(tags) > maxTagLookups {
		return nil, v4Err(code, "%d accounts × %d tags is more than one answer holds (%d); ask for fewer accounts at a time (Tencent recommends 100) or fewer tags", accounts, len(tags), maxTagLookups)
	}
	return tags, nil
}

// profile is every tag with a value of an imported account; nil when it
// is not imported.
func (st *v4State) profile(userID string) map[string]any {
	acc := st.accounts[userID]
	if acc == nil {
		return nil
	}
	p := maps.Clone(st.profiles[userID])
	if p == nil {
		p = map[string]any{}
	}
	if acc.nick != "" {
		p[restapi.TagNick] = acc.nick
	}
	if acc.faceURL != "" {
		p[restapi.TagImage] = acc.faceURL
	}
	return p
}

// Profile returns the profile of an imported account: each tag with a
// value (a string, or a uint64 for an integer), Nick and FaceUrl of
// account_import included as restapi.TagNick and restapi.TagImage; nil
// for an account that is not imported. It panics for an unknown app.
func (s *Server) Profile(sdkAppID uint64, userID string) map[string]any {
	return readV4(s, "Profile", sdkAppID, func(st *v4State, _ time.Time) map[string]any { return st.profile(userID) })
}

// SeedProfileTags declares custom profile tags on an app, as the console
// does before portrait_set may use them: each name starts with
// restapi.CustomProfileTagPrefix ("Tag_Profile_Custom_"). Declaring a tag
// again changes its type. It fails for an unknown app, a name without the
// prefix or an unknown type, naming the first such tag in sorted order.
func (s *Server) SeedProfileTags(sdkAppID uint64, tags map[string]ProfileTagType) error {
	for _, tag := range slices.Sorted(maps.Keys(tags)) {
		typ := tags[tag]
		if !strings.HasPrefix(tag, restapi.CustomProfileTagPrefix) || tag == restapi.CustomProfileTagPrefix {
			return fmt.Errorf("imtest: SeedProfileTags: %q does not start with %s and a name", tag, restapi.CustomProfileTagPrefix)
		}
		if typ != ProfileString && typ != ProfileInteger {
			return fmt.Errorf("imtest: SeedProfileTags: %s: type %d is not ProfileString or ProfileInteger", tag, typ)
		}
	}
	return s.editApp("SeedProfileTags", sdkAppID, func(a *appState, _ time.Time) error {
		maps.Copy(a.v4.profileTags, tags)
		return nil
	})
}
