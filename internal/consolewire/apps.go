package consolewire

import (
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/rules"
)

// Actions of apps whose bodies are here and check themselves.
const (
	ActionUpdateProfile  = "ModifyIMAppProfile"
	ActionUpgradeEdition = "UpgradeIMAppPackage"
)

// AppRequest names one app: the body of DescribeIMApp, DescribeIMAppSecret
// and DescribeIMAppAdmins.
type AppRequest struct {
	SDKAppID uint64 `json:"SdkAppId"`
}

// AppWriteRequest names one app for a write: the body of DisableIMApp,
// DeleteIMApp, UpgradeIMAppSignatureAlgorithm and OpenTRTCService.
type AppWriteRequest struct {
	SDKAppID uint64 `json:"SdkAppId"`
	client.Idempotency
}

// AppResponse carries one app (App is apps.App).
type AppResponse[App any] struct {
	App *App `json:"App"`
}

// UpdateProfileRequest is the body of ModifyIMAppProfile: the fields of
// apps.ProfileUpdate, flat; nil fields are kept.
type UpdateProfileRequest struct {
	SDKAppID uint64  `json:"SdkAppId"`
	AppName  *string `json:"AppName,omitempty"`
	AppType  *string `json:"AppType,omitempty"`
	Intro    *string `json:"Intro,omitempty"`
	client.Idempotency
}

// Validate checks the request as the service does (rules.CheckProfileUpdate),
// returning the same *client.APIError (code and message) it would answer.
func (r *UpdateProfileRequest) Validate() error {
	code, message := rules.CheckProfileUpdate(r.AppName, r.AppType, r.Intro)
	return RuleError(ActionUpdateProfile, code, message)
}

// UpgradeEditionRequest is the body of UpgradeIMAppPackage (Edition is
// apps.Edition).
type UpgradeEditionRequest[Edition ~string] struct {
	SDKAppID uint64  `json:"SdkAppId"`
	Edition  Edition `json:"Edition"`
	client.Idempotency
}

// Validate checks the request as the service does (rules.CheckUpgradeEdition), failing
// with the *client.APIError the service would answer (RuleError).
func (r *UpgradeEditionRequest[Edition]) Validate() error {
	code, message := rules.CheckUpgradeEdition(string(r.Edition))
	return RuleError(ActionUpgradeEdition, code, message)
}

// ListIDsResponse is the answer of cim DescribeSdkAppid.
type ListIDsResponse struct {
	// SDKAppIDs is every SDKAppID of the calling account.
	SDKAppIDs []uint64 `json:"SdkAppids"`
}
