package apps

import "github.com/imconsole/imconsole/client"

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
	Offset  int     `json:"Offset"`
	Limit   int     `json:"Limit,omitempty"`
	Edition Edition `json:"Edition,omitempty"`
	Status  Status  `json:"Status,omitempty"`
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
