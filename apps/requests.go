package apps

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/tags"
)

// Action names of this service, as sent in X-TC-Action.
const (
	ActionRegister                  = "RegisterIMApp"
	ActionList                      = "DescribeIMApps"
	ActionGet                       = "DescribeIMApp"
	ActionUpdateProfile             = "ModifyIMAppProfile"
	ActionUpgradeEdition            = "UpgradeIMAppPackage"
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

// AppRequest names one app: the body of DescribeIMApp and DescribeIMAppSecret.
type AppRequest struct {
	SDKAppID uint64 `json:"SdkAppId"`
}

// AppWriteRequest names one app for a write: the body of DisableIMApp,
// DeleteIMApp, UpgradeIMAppSignatureAlgorithm and OpenTRTCService.
type AppWriteRequest struct {
	SDKAppID uint64 `json:"SdkAppId"`
	client.Idempotency
}

// SecretResponse is the body of a DescribeIMAppSecret answer: the wire
// form of a Secret, which servers such as imtest encode and Service.Secret
// decodes. Its JSON encoding carries the keys in clear, as the answer
// must; printed (String, Format, GoString) or logged (LogValue) it shows
// them as a Secret does, "[redacted]". Users get a Secret.
type SecretResponse struct {
	SignatureAlgorithm Algorithm `json:"SignatureAlgorithm"`
	Key                string    `json:"Key,omitempty"`
	PrivateKey         string    `json:"PrivateKey,omitempty"`
	PublicKey          string    `json:"PublicKey,omitempty"`
}

// String is Secret's: it reveals no key.
func (r SecretResponse) String() string { return Secret(r).String() }

// GoString is String, so %#v does not reveal the keys either.
func (r SecretResponse) GoString() string { return r.String() }

// Format makes every fmt verb print String.
func (r SecretResponse) Format(f fmt.State, verb rune) { Secret(r).Format(f, verb) }

// LogValue keeps the keys out of slog output.
func (r SecretResponse) LogValue() slog.Value { return Secret(r).LogValue() }

// AppResponse carries one app.
type AppResponse struct {
	App *App `json:"App"`
}

// ProfileUpdate holds the profile fields to change; nil fields are kept.
type ProfileUpdate struct {
	AppName *string `json:"AppName,omitempty"`
	AppType *string `json:"AppType,omitempty"`
	Intro   *string `json:"Intro,omitempty"`
}

// UpdateProfileRequest is the body of ModifyIMAppProfile.
type UpdateProfileRequest struct {
	SDKAppID uint64 `json:"SdkAppId"`
	ProfileUpdate
	client.Idempotency
}

// UpgradeEditionRequest is the body of UpgradeIMAppPackage.
type UpgradeEditionRequest struct {
	SDKAppID uint64  `json:"SdkAppId"`
	Edition  Edition `json:"Edition"`
	client.Idempotency
}
