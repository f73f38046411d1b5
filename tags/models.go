package tags

import (
	"maps"
	"slices"
	"strconv"

	"github.com/imconsole/imconsole/internal/rules"
)

// Limits of tags, as Tencent Cloud's Tag API sets them.
const (
	// MaxTagsPerApp is how many tags one app may carry, 50
	// (LimitExceeded.ResourceAttachedTags).
	MaxTagsPerApp = rules.MaxTagsPerResource
	// MaxKeyLength is the longest tag key, 127 characters.
	MaxKeyLength = rules.MaxTagKeyLength
	// MaxValueLength is the longest tag value, 255 characters.
	MaxValueLength = rules.MaxTagValueLength
	// MaxChangesPerCall is how many ReplaceTags, and how many DeleteTags,
	// one ModifyResourceTags takes; a larger change is sent in batches.
	MaxChangesPerCall = 10
)

// Tag is one key-value pair on an app. A key has one value per app: adding
// a tag whose key exists replaces the value. Keys and values are
// case-sensitive.
type Tag struct {
	Key   string `json:"TagKey"`
	Value string `json:"TagValue"`
}

// Validate checks the tag as the Tag API does; see the package function
// Validate.
func (t Tag) Validate() error { return Validate(t.Key, t.Value) }

// FromMap turns a key→value map into tags sorted by key, for Set and Add.
func FromMap(m map[string]string) []Tag {
	out := make([]Tag, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, Tag{Key: k, Value: m[k]})
	}
	return out
}

// ToMap turns tags into a key→value map; a later tag wins over an earlier
// one with the same key.
func ToMap(ts []Tag) map[string]string {
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		m[t.Key] = t.Value
	}
	return m
}

// ResourceName is the Tag API's name of an IM app,
// qcs::im::uin/<ownerUin>:sdkappid/<sdkAppID>: six colon-separated
// segments, the project and region empty. ownerUin is the root account's
// UIN (client.Account's OwnerUin).
func ResourceName(ownerUin string, sdkAppID uint64) string {
	return "qcs::" + ServiceType + "::uin/" + ownerUin + ":" + ResourcePrefix + "/" + strconv.FormatUint(sdkAppID, 10)
}
