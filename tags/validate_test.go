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
	for _, tt := range testkit.TagCases() {
		t.Run(tt.Name, func(t *testing.T) {
			t.Parallel()
			err := tags.Validate(tt.Key, tt.Value)
			assert.Equal(t, err, tags.Tag{Key: tt.Key, Value: tt.Value}.Validate())
			if tt.Code == "" {
				require.NoError(t, err)
				return
			}
			ae := testkit.RequireCode(t, err, tt.Code)
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
