package rules_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/imconsole/imconsole/internal/rules"
	"github.com/imconsole/imconsole/internal/testkit"
)

func TestTagRules(t *testing.T) {
	t.Parallel()
	for _, tt := range testkit.TagCases() {
		t.Run(tt.Name, func(t *testing.T) {
			t.Parallel()
			code, msg := rules.CheckTagKey(tt.Key)
			if code == "" {
				code, msg = rules.CheckTagValue(tt.Value)
			}
			assert.Equal(t, tt.Code, code, msg)
			assert.Equal(t, code == "", msg == "", "a message goes with every code")
		})
	}
}
