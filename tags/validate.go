package tags

import (
	"fmt"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/rules"
)

// Validate checks one tag against Tencent Cloud's tag rules, as the Tag
// API does (the rules imtest answers with too, internal/rules), and
// returns the *client.APIError (action ModifyResourceTags, the Tag API's
// code) the service would answer:
//
//   - the key is 1-127 and the value 1-255 characters
//     (InvalidParameterValue.TagKeyEmpty, .TagKeyLengthExceeded,
//     .TagValueEmpty, .TagValueLengthExceeded);
//   - of letters (any script, case-sensitive), digits 0-9, spaces inside
//     (not leading or trailing), the characters "+-=._:/@()[],;><" and the
//     full-width "＋－＝．＿：／＠（）［］【】，；"
//     (InvalidParameterValue.TagKeyCharacterIllegal,
//     .TagValueCharacterIllegal);
//   - the key does not start with qcs:, project, 项目, qcloud or tencent
//     (InvalidParameter.ReservedTagKey).
func Validate(key, value string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	return ValidateValue(value)
}

// ValidateKey checks a tag key alone (see Validate).
func ValidateKey(key string) error {
	return ruleError(rules.CheckTagKey(key))
}

// ValidateValue checks a tag value alone (see Validate).
func ValidateValue(value string) error {
	return ruleError(rules.CheckTagValue(value))
}

// ruleError is the *client.APIError of a broken tag rule, nil for none.
func ruleError(code, message string) error {
	if code == "" {
		return nil
	}
	return client.ValidationError(ActionModifyResourceTags, code, message)
}

// Validate checks the change as the Tag API would each of its batches,
// before anything is sent, in the service's order: something to change,
// every tag and key valid, no key named twice in a list
// (InvalidParameterValue.TagKeyDuplicate), none in both
// (InvalidParameterValue.DeleteTagsParamError), and at most
// MaxTagsPerApp tags to replace (LimitExceeded.ResourceAttachedTags).
// Whether the result fits MaxTagsPerApp depends on the app's tags: Modify
// checks it against them for a change of several batches, the service for
// each batch.
func (r *ModifyRequest) Validate() error {
	if len(r.ReplaceTags) == 0 && len(r.DeleteTagKeys) == 0 {
		return client.ValidationError(ActionModifyResourceTags, "MissingParameter", "nothing to change: set ReplaceTags or DeleteTagKeys")
	}
	if len(r.ReplaceTags) > MaxTagsPerApp {
		return tooManyTags(fmt.Sprintf("%d tags to replace, but an app carries at most %d; send fewer", len(r.ReplaceTags), MaxTagsPerApp))
	}
	// The service's order: each list's entries, then its repeats, then
	// keys in both lists.
	for _, t := range r.ReplaceTags {
		if err := t.Validate(); err != nil {
			return err
		}
	}
	replaced := make(map[string]bool, len(r.ReplaceTags))
	for _, t := range r.ReplaceTags {
		if replaced[t.Key] {
			return duplicate(t.Key, "ReplaceTags")
		}
		replaced[t.Key] = true
	}
	for _, k := range r.DeleteTagKeys {
		if err := ValidateKey(k); err != nil {
			return err
		}
	}
	deleted := make(map[string]bool, len(r.DeleteTagKeys))
	for _, k := range r.DeleteTagKeys {
		if deleted[k] {
			return duplicate(k, "DeleteTagKeys")
		}
		deleted[k] = true
	}
	for _, k := range r.DeleteTagKeys {
		if replaced[k] {
			return client.ValidationError(ActionModifyResourceTags, "InvalidParameterValue.DeleteTagsParamError", fmt.Sprintf("tag key %q is in both ReplaceTags and DeleteTagKeys; name each key once per change", k))
		}
	}
	return nil
}

// tooManyTags is the service's refusal of a change that leaves an app
// with more than MaxTagsPerApp tags.
func tooManyTags(message string) error {
	return client.ValidationError(ActionModifyResourceTags, "LimitExceeded.ResourceAttachedTags", message)
}

func duplicate(key, list string) error {
	return client.ValidationError(ActionModifyResourceTags, "InvalidParameterValue.TagKeyDuplicate", fmt.Sprintf("tag key %q is named twice in %s; name each key once per change", key, list))
}
