package apps

import (
	"errors"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/consolewire"
	"github.com/imconsole/imconsole/tags"
)

// Action names of this service, as sent in X-TC-Action.
const (
	ActionRegister                  = "RegisterIMApp"
	ActionList                      = "DescribeIMApps"
	ActionGet                       = "DescribeIMApp"
	ActionUpdateProfile             = consolewire.ActionUpdateProfile  // ModifyIMAppProfile
	ActionUpgradeEdition            = consolewire.ActionUpgradeEdition // UpgradeIMAppPackage
	ActionDisable                   = "DisableIMApp"
	ActionDelete                    = "DeleteIMApp"
	ActionSecret                    = "DescribeIMAppSecret"
	ActionUpgradeSignatureAlgorithm = "UpgradeIMAppSignatureAlgorithm"
	ActionEnableTRTC                = "OpenTRTCService"
)

// CreateRequest is the body of RegisterIMApp.
type CreateRequest struct {
	AppName string `json:"AppName"` // 1-15 letters, digits, Chinese characters or underscores
	AppType string `json:"AppType"` // free text, e.g. "Social"
	Intro   string `json:"Intro"`   // at most 300 characters
	Region  Region `json:"Region"`  // required and immutable
	client.Idempotency
}

// ListOptions filters and pages DescribeIMApps. Limit 0 means 20; at most 100.
type ListOptions struct {
	// Offset is how many matching apps to skip, oldest first; 0 or more.
	Offset int `json:"Offset"`
	// Limit is the page size: 1-100, or 0 for 20 (List) or 100 (All).
	Limit int `json:"Limit,omitempty"`
	// Edition keeps only the apps of that edition when set.
	Edition Edition `json:"Edition,omitempty"`
	// Status keeps only the apps in that status when set.
	Status Status `json:"Status,omitempty"`
	// TagFilters keeps the apps that match every filter (see TagFilter).
	TagFilters []TagFilter `json:"TagFilters,omitempty"`
}

// TagFilter selects apps by tag, as Tencent's tag filters do: an app
// matches when it has the tag TagKey and, if TagValues is not empty, its
// value is one of TagValues. The key and values must be valid tags
// (tags.ValidateKey, tags.ValidateValue).
type TagFilter struct {
	TagKey    string   `json:"TagKey"`
	TagValues []string `json:"TagValues,omitempty"`
}

// validate checks the filter with the tag rules, reporting errors as
// DescribeIMApps errors.
func (f TagFilter) validate() error {
	err := tags.ValidateKey(f.TagKey)
	for _, v := range f.TagValues {
		if err != nil {
			break
		}
		err = tags.ValidateValue(v)
	}
	var ae *client.APIError
	if errors.As(err, &ae) {
		return client.ValidationError(ActionList, ae.Code, "TagFilters: "+ae.Message)
	}
	return err
}

// ListResponse is one page of DescribeIMApps.
type ListResponse struct {
	Apps       []*App `json:"Apps"`
	TotalCount int    `json:"TotalCount"`
}

// ProfileUpdate holds the profile fields to change; nil fields are kept.
type ProfileUpdate struct {
	AppName *string `json:"AppName,omitempty"`
	AppType *string `json:"AppType,omitempty"`
	Intro   *string `json:"Intro,omitempty"`
}
