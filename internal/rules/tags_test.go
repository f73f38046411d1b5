package rules_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/imconsole/imconsole/internal/rules"
)

func TestTagRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, key, value string
		code             string // of the key, else of the value; "" when valid
	}{
		{"every special", "a+-=._:/@()[],;><z", "v", ""},
		{"full-width punctuation", "环境＋－＝．＿：／＠（）［］【】，；", "值（一）", ""},
		{"letters of any script and inner spaces", "Umgebung Ελλάδα", "テスト 1", ""},
		{"longest key and value", strings.Repeat("k", 127), strings.Repeat("v", 255), ""},
		{"empty key", "", "v", "InvalidParameterValue.TagKeyEmpty"},
		{"key too long", strings.Repeat("键", 128), "v", "InvalidParameterValue.TagKeyLengthExceeded"},
		{"exclamation mark", "bad!", "v", "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"leading space", " env", "v", "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"invalid UTF-8", "\xff", "v", "InvalidParameterValue.TagKeyCharacterIllegal"},
		{"qcs:", "qcs:x", "v", "InvalidParameter.ReservedTagKey"},
		{"project", "projectX", "v", "InvalidParameter.ReservedTagKey"},
		{"项目", "项目组", "v", "InvalidParameter.ReservedTagKey"},
		{"empty value", "k", "", "InvalidParameterValue.TagValueEmpty"},
		{"value too long", "k", strings.Repeat("v", 256), "InvalidParameterValue.TagValueLengthExceeded"},
		{"value with a trailing space", "k", "v ", "InvalidParameterValue.TagValueCharacterIllegal"},
		{"value with an emoji", "k", "🙂", "InvalidParameterValue.TagValueCharacterIllegal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, msg := rules.CheckTagKey(tt.key)
			if code == "" {
				code, msg = rules.CheckTagValue(tt.value)
			}
			assert.Equal(t, tt.code, code, msg)
			assert.Equal(t, code == "", msg == "", "a message goes with every code")
		})
	}
}
