package apps

import (
	"fmt"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/rules"
)

// Limits of apps and their profiles.
const (
	MaxAppNameLength  = rules.MaxAppNameLength // characters
	MaxIntroLength    = rules.MaxIntroLength   // characters
	MaxAppTypeLength  = rules.MaxAppTypeLength // characters
	MaxAppsPerAccount = 300
)

// Validate checks the request as the service does, returning the same
// *client.APIError (code and message) the service would answer.
func (r *CreateRequest) Validate() error {
	if code, message := rules.CheckAppName(r.AppName); code != "" {
		return client.ValidationError(ActionRegister, code, message)
	}
	if code, message := rules.CheckAppTypeAndIntro(r.AppType, r.Intro); code != "" {
		return client.ValidationError(ActionRegister, code, message)
	}
	if r.Region == "" {
		return client.ValidationError(ActionRegister, "MissingParameter", "Region is required and cannot be changed later; use one of "+rules.RegionList())
	}
	if !ValidRegion(r.Region) {
		return client.ValidationError(ActionRegister, "InvalidParameterValue.Region", fmt.Sprintf("region %q is not a data center; use one of %s", r.Region, rules.RegionList()))
	}
	return nil
}

// Validate checks the options as the service does, returning the same
// *client.APIError the service would answer: InvalidParameterValue.Offset
// for a negative Offset, .Limit outside 0-100, .Edition or .Status for an
// unknown filter, or a tag code for a TagFilter that is not a valid tag.
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

// ValidRegion reports whether r is one of Regions().
func ValidRegion(r Region) bool {
	for _, known := range Regions() {
		if r == known {
			return true
		}
	}
	return false
}
