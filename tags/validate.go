package tags

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/imconsole/imconsole/client"
)

// Validate checks one tag against Tencent Cloud's tag rules, as the Tag
// API does, and returns the *client.APIError (action ModifyResourceTags,
// the Tag API's code) the service would answer:
//
//   - the key is 1-127 and the value 1-255 characters
//     (InvalidParameterValue.TagKeyEmpty, .TagKeyLengthExceeded,
//     .TagValueEmpty, .TagValueLengthExceeded);
//   - of letters (any script, case-sensitive), digits 0-9, spaces inside
//     (not leading or trailing), the characters "+-=._:/@()[],;><" and the
//     full-width "＋－＝．＿：／＠（）［］【】，；"
//     (InvalidParameterValue.TagKeyCharacterIllegal,
//     .TagValueCharacterIllegal);
//   - the key does not start with qcs:, project or 项目
//     (InvalidParameter.ReservedTagKey).
func Validate(key, value string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	return ValidateValue(value)
}

// ValidateKey checks a tag key alone (see Validate).
func ValidateKey(key string) error {
	if err := check(rule{"tag key", "TagKeyEmpty", "TagKeyLengthExceeded", "TagKeyCharacterIllegal", MaxKeyLength}, key); err != nil {
		return err
	}
	for _, p := range reservedKeyPrefixes {
		if strings.HasPrefix(key, p) {
			return client.ValidationError(ActionModifyResourceTags, "InvalidParameter.ReservedTagKey", fmt.Sprintf("tag key %q starts with %q, which Tencent Cloud reserves (qcs:, project, 项目); choose another key", key, p))
		}
	}
	return nil
}

// ValidateValue checks a tag value alone (see Validate).
func ValidateValue(value string) error {
	return check(rule{"tag value", "TagValueEmpty", "TagValueLengthExceeded", "TagValueCharacterIllegal", MaxValueLength}, value)
}

// specials are the punctuation characters tags may contain, half-width
// and full-width.
const specials = "+-=._:/@()[],;><" + "＋－＝．＿：／＠（）［］【】，；"

func allowed(r rune) bool {
	return r == ' ' || ('0' <= r && r <= '9') || unicode.IsLetter(r) || strings.ContainsRune(specials, r)
}

// rule is what check needs to know of a key or a value: its name, its
// codes (after InvalidParameterValue.) and its longest length.
type rule struct {
	what, empty, tooLong, illegal string
	maxLen                        int
}

func check(r rule, s string) error {
	fail := func(code, msg string, args ...any) error {
		return client.ValidationError(ActionModifyResourceTags, "InvalidParameterValue."+code, fmt.Sprintf(msg, args...))
	}
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		return fail(r.empty, "%s is empty: it must be 1-%d characters", r.what, r.maxLen)
	case n > r.maxLen:
		return fail(r.tooLong, "%s must be 1-%d characters, got %d", r.what, r.maxLen, n)
	case !utf8.ValidString(s):
		return fail(r.illegal, "%s %q is not valid UTF-8", r.what, s)
	case s[0] == ' ' || s[len(s)-1] == ' ':
		return fail(r.illegal, "%s %q starts or ends with a space; trim it", r.what, s)
	}
	for _, c := range s {
		if !allowed(c) {
			return fail(r.illegal, "%s %q contains %q: use only letters, digits 0-9, spaces inside and + - = . _ : / @ ( ) [ ] , ; > < or ＋－＝．＿：／＠（）［］【】，；", r.what, s, c)
		}
	}
	return nil
}

// Validate checks the change as the Tag API would each of its batches,
// before anything is sent: something to change, every tag and key valid,
// no key named twice in a list (InvalidParameterValue.TagKeyDuplicate) or
// in both (InvalidParameterValue.DeleteTagsParamError), and at most
// MaxTagsPerApp tags to replace (LimitExceeded.ResourceAttachedTags).
// Whether the result fits MaxTagsPerApp is checked by the service, after
// applying each batch.
func (r *ModifyRequest) Validate() error {
	if len(r.ReplaceTags) == 0 && len(r.DeleteTagKeys) == 0 {
		return client.ValidationError(ActionModifyResourceTags, "MissingParameter", "nothing to change: set ReplaceTags or DeleteTagKeys")
	}
	if len(r.ReplaceTags) > MaxTagsPerApp {
		return client.ValidationError(ActionModifyResourceTags, "LimitExceeded.ResourceAttachedTags", fmt.Sprintf("%d tags to replace, but an app carries at most %d; send fewer", len(r.ReplaceTags), MaxTagsPerApp))
	}
	replaced := make(map[string]bool, len(r.ReplaceTags))
	for _, t := range r.ReplaceTags {
		if err := t.Validate(); err != nil {
			return err
		}
		if replaced[t.Key] {
			return duplicate(t.Key, "ReplaceTags")
		}
		replaced[t.Key] = true
	}
	deleted := make(map[string]bool, len(r.DeleteTagKeys))
	for _, k := range r.DeleteTagKeys {
		if err := ValidateKey(k); err != nil {
			return err
		}
		if replaced[k] {
			return client.ValidationError(ActionModifyResourceTags, "InvalidParameterValue.DeleteTagsParamError", fmt.Sprintf("tag key %q is in both ReplaceTags and DeleteTagKeys; name each key once per change", k))
		}
		if deleted[k] {
			return duplicate(k, "DeleteTagKeys")
		}
		deleted[k] = true
	}
	return nil
}

func duplicate(key, list string) error {
	return client.ValidationError(ActionModifyResourceTags, "InvalidParameterValue.TagKeyDuplicate", fmt.Sprintf("tag key %q is named twice in %s; name each key once per change", key, list))
}
