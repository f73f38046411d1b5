package rules

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tencent Cloud's tag rules (the Tag API, product 651/13354), which the
// SDK checks before sending and the reference server answers.
const (
	// MaxTagsPerResource is how many tags one resource (an IM app) may
	// carry: LimitExceeded.ResourceAttachedTags past it.
	MaxTagsPerResource = 50
	// MaxTagKeyLength is the longest tag key, in characters.
	MaxTagKeyLength = 127
	// MaxTagValueLength is the longest tag value, in characters.
	MaxTagValueLength = 255
)

// TagSpecials are the punctuation characters a tag key or value may
// contain besides letters, digits and inner spaces: the ASCII ones and
// their full-width forms.
const TagSpecials = "+-=._:/@()[],;><" + "＋－＝．＿：／＠（）［］【】，；"

// ReservedTagKeyPrefixes are the prefixes a tag key may not start with:
// Tencent Cloud keeps them for its own tags. The pages name qcs:, project
// and 项目, and the Tag API's own ReservedTagKey message qcloud, tencent
// and project ("系统预留标签键 qcloud、tencent和project 禁止创建"), so both
// lists are refused.
func ReservedTagKeyPrefixes() []string {
	return []string{"qcs:", "project", "项目", "qcloud", "tencent"}
}

// CheckTagKey returns the Tag API's error code and message for a key that
// breaks the rules, or two empty strings for a valid one:
// InvalidParameterValue.TagKeyEmpty, .TagKeyLengthExceeded (over 127
// characters), .TagKeyCharacterIllegal (a character outside letters,
// digits 0-9, inner spaces and TagSpecials, or invalid UTF-8), and
// InvalidParameter.ReservedTagKey (see ReservedTagKeyPrefixes).
func CheckTagKey(key string) (code, message string) {
	if code, message = checkTag("InvalidParameterValue.TagKey", "tag key", key, MaxTagKeyLength); code != "" {
		return code, message
	}
	for _, p := range ReservedTagKeyPrefixes() {
		if strings.HasPrefix(key, p) {
			return "InvalidParameter.ReservedTagKey", fmt.Sprintf("tag key %q starts with %q, which Tencent Cloud reserves (%s); choose another key", key, p, strings.Join(ReservedTagKeyPrefixes(), ", "))
		}
	}
	return "", ""
}

// CheckTagValue is CheckTagKey for a value: InvalidParameterValue.TagValueEmpty,
// .TagValueLengthExceeded (over 255 characters), .TagValueCharacterIllegal.
func CheckTagValue(value string) (code, message string) {
	return checkTag("InvalidParameterValue.TagValue", "tag value", value, MaxTagValueLength)
}

// checkTag checks the length and characters of a key or value; codes are
// prefix + Empty, LengthExceeded or CharacterIllegal.
func checkTag(prefix, what, s string, maxLen int) (code, message string) {
	if s == "" {
		return prefix + "Empty", fmt.Sprintf("%s is empty; use 1-%d characters", what, maxLen)
	}
	if !utf8.ValidString(s) {
		return prefix + "CharacterIllegal", fmt.Sprintf("%s %q is not valid UTF-8", what, s)
	}
	if n := utf8.RuneCountInString(s); n > maxLen {
		return prefix + "LengthExceeded", fmt.Sprintf("%s is %d characters; use at most %d", what, n, maxLen)
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return prefix + "CharacterIllegal", fmt.Sprintf("%s %q starts or ends with a space; trim it", what, s)
	}
	for _, r := range s {
		if r != ' ' && !('0' <= r && r <= '9') && !unicode.IsLetter(r) && !strings.ContainsRune(TagSpecials, r) {
			return prefix + "CharacterIllegal", fmt.Sprintf("%s %q contains %q: use only letters, digits 0-9, spaces inside and + - = . _ : / @ ( ) [ ] , ; > < or their full-width forms ＋－＝．＿：／＠（）［］【】，；", what, s, r)
		}
	}
	return "", ""
}
