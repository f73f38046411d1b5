package tags

import (
	"maps"
	"slices"
)

// Limits of tags, as Tencent Cloud's tag service sets them.
const (
	// MaxTagsPerApp is how many tags one app may carry
	// (LimitExceeded.TagCount).
	MaxTagsPerApp = 50
	// MaxKeyLength is the longest tag key, in characters.
	MaxKeyLength = 127
	// MaxValueLength is the longest tag value, in characters.
	MaxValueLength = 255
)

// reservedKeyPrefixes are the prefixes a tag key may not start with
// (InvalidParameterValue.ReservedTagKey): Tencent Cloud keeps them for its
// own tags.
var reservedKeyPrefixes = []string{"qcs:", "project", "项目"}

// Tag is one key-value pair on an app. A key has one value per app: adding
// a tag whose key exists replaces the value. Keys and values are
// case-sensitive.
type Tag struct {
	Key   string `json:"TagKey"`
	Value string `json:"TagValue"`
}

// Validate checks the tag as the service does; see the package function
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
