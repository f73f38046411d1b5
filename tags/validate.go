package tags

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/imconsole/imconsole/client"
)

// Validate checks one tag against Tencent Cloud's tag rules, as the service
// does, and returns the same *client.APIError (action ModifyIMAppTags, code
// and message) the service would answer:
//
//   - the key is 1-127 and the value 1-255 characters of letters (any
//     script, case-sensitive), digits 0-9, spaces and the characters
//     "+-=._:/@()[],;><", with no leading or trailing space
//     (InvalidParameterValue.TagKey / InvalidParameterValue.TagValue);
//   - the key does not start with qcs:, project or 项目
//     (InvalidParameterValue.ReservedTagKey).
func Validate(key, value string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	return ValidateValue(value)
}

// ValidateKey checks a tag key alone (see Validate).
func ValidateKey(key string) error {
	if err := check(ActionModify, "InvalidParameterValue.TagKey", "tag key", key, MaxKeyLength); err != nil {
		return err
	}
	for _, p := range reservedKeyPrefixes {
		if strings.HasPrefix(key, p) {
			return client.ValidationError(ActionModify, "InvalidParameterValue.ReservedTagKey", fmt.Sprintf("tag key %q starts with %q, which Tencent Cloud reserves (qcs:, project, 项目); choose another key", key, p))
		}
	}
	return nil
}

// ValidateValue checks a tag value alone (see Validate).
func ValidateValue(value string) error {
	return check(ActionModify, "InvalidParameterValue.TagValue", "tag value", value, MaxValueLength)
}

// specials are the punctuation characters tags may contain.
const specials = "+-=._:/@()[],;><"

func allowed(r rune) bool {
	return r == ' ' || ('0' <= r && r <= '9') || unicode.IsLetter(r) || strings.ContainsRune(specials, r)
}

func check(action, code, what, s string, maxLen int) error {
	n := utf8.RuneCountInString(s)
	if n == 0 || n > maxLen {
		return client.ValidationError(action, code, fmt.Sprintf("%s must be 1-%d characters, got %d", what, maxLen, n))
	}
	if !utf8.ValidString(s) {
		return client.ValidationError(action, code, fmt.Sprintf("%s %q is not valid UTF-8", what, s))
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return client.ValidationError(action, code, fmt.Sprintf("%s %q starts or ends with a space; trim it", what, s))
	}
	for _, r := range s {
		if !allowed(r) {
			return client.ValidationError(action, code, fmt.Sprintf("%s %q contains %q: use only letters, digits 0-9, spaces inside and + - = . _ : / @ ( ) [ ] , ; > <", what, s, r))
		}
	}
	return nil
}

// Validate checks the request as the service does: something to change,
// every tag and key valid, no key twice, and at most MaxTagsPerApp tags to
// replace. Whether the result fits MaxTagsPerApp is checked by the service,
// after applying the change.
func (r *ModifyRequest) Validate() error {
	if len(r.ReplaceTags) == 0 && len(r.DeleteTagKeys) == 0 {
		return client.ValidationError(ActionModify, "MissingParameter", "nothing to change: set ReplaceTags or DeleteTagKeys")
	}
	if len(r.ReplaceTags) > MaxTagsPerApp {
		return client.ValidationError(ActionModify, "LimitExceeded.TagCount", fmt.Sprintf("%d tags to replace, but an app carries at most %d; send fewer", len(r.ReplaceTags), MaxTagsPerApp))
	}
	seen := make(map[string]string, len(r.ReplaceTags)+len(r.DeleteTagKeys)) // key → where it was named
	for _, t := range r.ReplaceTags {
		if err := t.Validate(); err != nil {
			return err
		}
		if seen[t.Key] != "" {
			return duplicate(t.Key, seen[t.Key], "ReplaceTags")
		}
		seen[t.Key] = "ReplaceTags"
	}
	for _, k := range r.DeleteTagKeys {
		if err := ValidateKey(k); err != nil {
			return err
		}
		if seen[k] != "" {
			return duplicate(k, seen[k], "DeleteTagKeys")
		}
		seen[k] = "DeleteTagKeys"
	}
	return nil
}

func duplicate(key, first, second string) error {
	where := "twice in " + first
	if first != second {
		where = "in both " + first + " and " + second
	}
	return client.ValidationError(ActionModify, "InvalidParameterValue.TagKeyDuplicate", fmt.Sprintf("tag key %q is named %s; name each key once per request", key, where))
}
