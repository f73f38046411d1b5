package testkit

import "strings"

// TagCase is a tag key and value with the code Tencent Cloud's tag rules
// answer for them: the key's code if the key breaks a rule, else the
// value's, "" when both are valid.
type TagCase struct {
	Name, Key, Value string
	Code             string
}

// TagCases returns the cases the tag rules are tested with, both where
// they are written (internal/rules) and where the SDK reports them
// (tags.Validate). Each call returns a new slice.
func TagCases() []TagCase {
	const (
		okKey   = "env"
		okValue = "prod"
	)
	return []TagCase{
		{"ascii", okKey, okValue, ""},
		{"Chinese letters", "环境", "生产", ""},
		{"other scripts", "Ключ", "ÜNÏCØDÉ", ""},
		{"digits", "k0123456789", "0123456789", ""},
		{"every special character", "a+-=._:/@()[],;><b", "+-=._:/@()[],;><", ""},
		{"every full-width special character", "环境＋－＝．＿：／＠（）［］【】，；", "＋－＝．＿：／＠（）［］【】，；", ""},
		{"full-width parentheses", "环境（生产）", "【测试】", ""},
		{"spaces inside", "cost center", "team a b", ""},
		{"key of 127 characters", strings.Repeat("键", 127), okValue, ""},
		{"value of 255 characters", okKey, strings.Repeat("値", 255), ""},
		{"case-sensitive Project is not reserved", "Project", okValue, ""},
		{"qcs without colon is not reserved", "qcs", okValue, ""},
		{"reserved word inside", "myproject", okValue, ""},
		{"letters of any script and inner spaces", "Umgebung Ελλάδα", "テスト 1", ""},
		{"longest key and value", strings.Repeat("k", 127), strings.Repeat("v", 255), ""},

		{"empty key", "", okValue, "InvalidParameterValue.TagKeyEmpty"},
		{"key of 128 characters", strings.Repeat("k", 128), okValue, "InvalidParameterValue.TagKeyLengthExceeded"},
		{"key of 128 Chinese characters", strings.Repeat("键", 128), "v", "InvalidParameterValue.TagKeyLengthExceeded"},
		{"leading space in key", " env", okValue, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"trailing space in key", "env ", okValue, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"only a space", " ", okValue, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"tab in key", "e\tnv", okValue, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"exclamation mark", "env!", okValue, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"full-width exclamation mark", "env！", okValue, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"hash", "#env", okValue, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"asterisk", "a*b", okValue, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"braces", "{a}", okValue, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"non-ASCII digit", "k٣", okValue, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"emoji", "env🚀", okValue, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"not UTF-8", "a\xffb", okValue, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"invalid UTF-8 alone", "\xff", "v", "InvalidParameterValue.TagKeyCharacterIllegal"},

		{"empty value", okKey, "", "InvalidParameterValue.TagValueEmpty"},
		{"value of 256 characters", okKey, strings.Repeat("v", 256), "InvalidParameterValue.TagValueLengthExceeded"},
		{"leading space in value", okKey, " prod", "InvalidParameterValue.TagValueCharacterIllegal"},
		{"trailing space in value", okKey, "prod ", "InvalidParameterValue.TagValueCharacterIllegal"},
		{"newline in value", okKey, "pr\nod", "InvalidParameterValue.TagValueCharacterIllegal"},
		{"quote in value", okKey, `"prod"`, "InvalidParameterValue.TagValueCharacterIllegal"},
		{"value with an emoji", "k", "🙂", "InvalidParameterValue.TagValueCharacterIllegal"},

		{"qcs: prefix", "qcs:env", okValue, "InvalidParameter.ReservedTagKey"},
		{"project prefix", "project", okValue, "InvalidParameter.ReservedTagKey"},
		{"project and more", "projectX", "v", "InvalidParameter.ReservedTagKey"},
		{"project: prefix", "project:x", okValue, "InvalidParameter.ReservedTagKey"},
		{"项目 prefix", "项目组", okValue, "InvalidParameter.ReservedTagKey"},
	}
}
