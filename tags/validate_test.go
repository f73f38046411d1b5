package tags_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/testkit"
	"github.com/imconsole/imconsole/tags"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	const (
		okKey   = "env"
		okValue = "prod"
	)
	tests := []struct {
		name       string
		key, value string
		code       string // "" when valid
	}{
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

		{"empty key", "", okValue, "InvalidParameterValue.TagKeyEmpty"},
		{"key of 128 characters", strings.Repeat("k", 128), okValue, "InvalidParameterValue.TagKeyLengthExceeded"},
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

		{"empty value", okKey, "", "InvalidParameterValue.TagValueEmpty"},
		{"value of 256 characters", okKey, strings.Repeat("v", 256), "InvalidParameterValue.TagValueLengthExceeded"},
		{"leading space in value", okKey, " prod", "InvalidParameterValue.TagValueCharacterIllegal"},
		{"trailing space in value", okKey, "prod ", "InvalidParameterValue.TagValueCharacterIllegal"},
		{"newline in value", okKey, "pr\nod", "InvalidParameterValue.TagValueCharacterIllegal"},
		{"quote in value", okKey, `"prod"`, "InvalidParameterValue.TagValueCharacterIllegal"},

		{"qcs: prefix", "qcs:env", okValue, "InvalidParameter.ReservedTagKey"},
		{"project prefix", "project", okValue, "InvalidParameter.ReservedTagKey"},
		{"project: prefix", "project:x", okValue, "InvalidParameter.ReservedTagKey"},
		{"项目 prefix", "项目组", okValue, "InvalidParameter.ReservedTagKey"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tags.Validate(tt.key, tt.value)
			assert.Equal(t, err, tags.Tag{Key: tt.key, Value: tt.value}.Validate())
			if tt.code == "" {
				require.NoError(t, err)
				return
			}
			ae := testkit.RequireCode(t, err, tt.code)
			assert.Equal(t, tags.ActionModifyResourceTags, ae.Action)
			assert.ErrorIs(t, err, client.ErrInvalidParameter)
			assert.Empty(t, ae.RequestID, "found before sending")
		})
	}
}

func TestModifyRequestValidate(t *testing.T) {
	t.Parallel()
	many := make([]tags.Tag, 51)
	for i := range many {
		many[i] = tags.Tag{Key: strings.Repeat("k", i+1), Value: "v"}
	}
	tests := []struct {
		name string
		req  tags.ModifyRequest
		code string
	}{
		{"nothing to change", tags.ModifyRequest{}, "MissingParameter"},
		{"twice in ReplaceTags", tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "a", Value: "1"}, {Key: "a", Value: "2"}}}, "InvalidParameterValue.TagKeyDuplicate"},
		{"twice in DeleteTagKeys", tags.ModifyRequest{DeleteTagKeys: []string{"a", "a"}}, "InvalidParameterValue.TagKeyDuplicate"},
		{"in both lists", tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "a", Value: "1"}}, DeleteTagKeys: []string{"a"}}, "InvalidParameterValue.DeleteTagsParamError"},
		{"51 to replace", tags.ModifyRequest{ReplaceTags: many}, "LimitExceeded.ResourceAttachedTags"},
		{"a bad key to delete", tags.ModifyRequest{DeleteTagKeys: []string{"bad!"}}, "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"a bad tag among good ones", tags.ModifyRequest{ReplaceTags: []tags.Tag{{Key: "a", Value: "1"}, {Key: "qcs:b", Value: "2"}}}, "InvalidParameter.ReservedTagKey"},
		{"fifty to replace and fifty to delete", tags.ModifyRequest{ReplaceTags: many[:50], DeleteTagKeys: []string{"x", "y"}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.req.Validate()
			if tt.code == "" {
				assert.NoError(t, err)
				return
			}
			testkit.RequireCode(t, err, tt.code)
		})
	}
}

func TestResourceName(t *testing.T) {
	t.Parallel()
	name := tags.ResourceName("100000000001", 1400000001)
	assert.Equal(t, "qcs::im::uin/100000000001:sdkappid/1400000001", name)
	assert.Len(t, strings.Split(name, ":"), 6, "six segments, project and region empty")
}
