package apps

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/imconsole/imconsole/client"
)

// Limits of apps and their profiles.
const (
	MaxAppNameLength  = 15  // characters
	MaxIntroLength    = 300 // characters
	MaxAppTypeLength  = 32  // characters
	MaxAppsPerAccount = 300
)

// Validate checks the request as the service does, returning the same
// *client.APIError (code and message) the service would answer.
func (r *CreateRequest) Validate() error {
	if err := validateName(ActionRegister, r.AppName); err != nil {
		return err
	}
	if err := validateTypeAndIntro(ActionRegister, r.AppType, r.Intro); err != nil {
		return err
	}
	if r.Region == "" {
		return client.ValidationError(ActionRegister, "MissingParameter", "Region is required and cannot be changed later; use one of "+regionList())
	}
	if !ValidRegion(r.Region) {
		return client.ValidationError(ActionRegister, "InvalidParameterValue.Region", fmt.Sprintf("region %q is not a data center; use one of %s", r.Region, regionList()))
	}
	return nil
}

// Validate checks the request as the service does.
func (r *UpdateProfileRequest) Validate() error {
	if r.AppName == nil && r.AppType == nil && r.Intro == nil {
		return client.ValidationError(ActionUpdateProfile, "MissingParameter", "nothing to change: set at least one of AppName, AppType, Intro")
	}
	if r.AppName != nil {
		if err := validateName(ActionUpdateProfile, *r.AppName); err != nil {
			return err
		}
	}
	var appType, intro string
	if r.AppType != nil {
		appType = *r.AppType
	}
	if r.Intro != nil {
		intro = *r.Intro
	}
	return validateTypeAndIntro(ActionUpdateProfile, appType, intro)
}

// Validate checks the request as the service does.
func (r *UpgradeEditionRequest) Validate() error {
	if r.Edition.Rank() == 0 {
		return client.ValidationError(ActionUpgradeEdition, "InvalidParameterValue.Edition", fmt.Sprintf("edition %q is unknown; use Pro, Flagship or Enterprise", r.Edition))
	}
	if r.Edition == EditionTRTCTrial {
		return client.ValidationError(ActionUpgradeEdition, "InvalidParameterValue.Edition", "edition TRTCTrial cannot be chosen: only apps created as TRTC trials in the TRTC console have it; use Pro, Flagship or Enterprise")
	}
	return nil
}

// Validate checks the options as the service does.
func (o *ListOptions) Validate() error {
	if o.Offset < 0 {
		return client.ValidationError(ActionList, "InvalidParameterValue.Offset", fmt.Sprintf("offset %d is negative; use 0 or more (0 starts at the oldest app)", o.Offset))
	}
	if o.Limit < 0 || o.Limit > client.MaxPageSize {
		return client.ValidationError(ActionList, "InvalidParameterValue.Limit", fmt.Sprintf("limit %d is out of range: use 1-%d, or 0 for %d", o.Limit, client.MaxPageSize, client.DefaultPageSize))
	}
	if o.Edition != "" && o.Edition.Rank() == 0 {
		return client.ValidationError(ActionList, "InvalidParameterValue.Edition", fmt.Sprintf("edition filter %q is unknown; use Trial, TRTCTrial, Pro, Flagship or Enterprise", o.Edition))
	}
	switch o.Status {
	case "", StatusEnabled, StatusArrears, StatusExpired, StatusDisabled:
	default:
		return client.ValidationError(ActionList, "InvalidParameterValue.Status", fmt.Sprintf("status filter %q is unknown; use Enabled, Arrears, Expired or Disabled", o.Status))
	}
	for _, f := range o.TagFilters {
		if err := f.validate(); err != nil {
			return err
		}
	}
	return nil
}

func validateName(action, name string) error {
	n := utf8.RuneCountInString(name)
	if n == 0 || n > MaxAppNameLength {
		return client.ValidationError(action, "InvalidParameterValue.AppName", fmt.Sprintf("app name must be 1-%d characters, got %d", MaxAppNameLength, n))
	}
	for _, r := range name {
		if !(r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') || unicode.Is(unicode.Han, r)) {
			return client.ValidationError(action, "InvalidParameterValue.AppName", fmt.Sprintf("app name %q contains %q: use only letters, digits, Chinese characters and underscores", name, r))
		}
	}
	return nil
}

func validateTypeAndIntro(action, appType, intro string) error {
	if n := utf8.RuneCountInString(appType); n > MaxAppTypeLength {
		return client.ValidationError(action, "InvalidParameterValue.AppType", fmt.Sprintf("app type must be at most %d characters, got %d", MaxAppTypeLength, n))
	}
	if n := utf8.RuneCountInString(intro); n > MaxIntroLength {
		return client.ValidationError(action, "InvalidParameterValue.Intro", fmt.Sprintf("intro must be at most %d characters, got %d", MaxIntroLength, n))
	}
	return nil
}

// ValidRegion reports whether r is one of Regions().
func ValidRegion(r Region) bool {
	for _, known := range Regions() {
		if r == known {
			return true
		}
	}
	return false
}

func regionList() string {
	var names []string
	for _, r := range Regions() {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}
