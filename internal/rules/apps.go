package rules

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Limits of an app's profile, in characters, which apps checks before
// sending and the reference server answers.
const (
	MaxAppNameLength = 15
	MaxIntroLength   = 300
	MaxAppTypeLength = 32
)

// The wire names of the editions (apps.Edition), in upgrade order.
const (
	EditionTrial      = "Trial"
	EditionTRTCTrial  = "TRTCTrial"
	EditionPro        = "Pro"
	EditionFlagship   = "Flagship"
	EditionEnterprise = "Enterprise"
)

// EditionRank orders editions for the one-way upgrade rule: Trial and
// TRTCTrial 1, Pro 2, Flagship 3, Enterprise 4, anything else 0.
func EditionRank(e string) int {
	switch e {
	case EditionTrial, EditionTRTCTrial:
		return 1
	case EditionPro:
		return 2
	case EditionFlagship:
		return 3
	case EditionEnterprise:
		return 4
	}
	return 0
}

// EditionAtLeast reports whether e is the known edition base or one above
// it; an unknown e is at least no edition.
func EditionAtLeast(e, base string) bool {
	return EditionRank(e) > 0 && EditionRank(e) >= EditionRank(base)
}

// CheckAppName returns InvalidParameterValue.AppName and its message for
// a name that is not 1-MaxAppNameLength letters, digits, Chinese
// characters or underscores, or two empty strings for a valid one.
func CheckAppName(name string) (code, message string) {
	n := utf8.RuneCountInString(name)
	if n == 0 || n > MaxAppNameLength {
		return "InvalidParameterValue.AppName", fmt.Sprintf("app name must be 1-%d characters, got %d", MaxAppNameLength, n)
	}
	for _, r := range name {
		if !(r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') || unicode.Is(unicode.Han, r)) {
			return "InvalidParameterValue.AppName", fmt.Sprintf("app name %q contains %q: use only letters, digits, Chinese characters and underscores", name, r)
		}
	}
	return "", ""
}

// CheckAppTypeAndIntro returns InvalidParameterValue.AppType for an app
// type over MaxAppTypeLength characters, then InvalidParameterValue.Intro
// for an introduction over MaxIntroLength, with its message; two empty
// strings when both fit.
func CheckAppTypeAndIntro(appType, intro string) (code, message string) {
	if n := utf8.RuneCountInString(appType); n > MaxAppTypeLength {
		return "InvalidParameterValue.AppType", fmt.Sprintf("app type must be at most %d characters, got %d", MaxAppTypeLength, n)
	}
	if n := utf8.RuneCountInString(intro); n > MaxIntroLength {
		return "InvalidParameterValue.Intro", fmt.Sprintf("intro must be at most %d characters, got %d", MaxIntroLength, n)
	}
	return "", ""
}

// CheckProfileUpdate is ModifyIMAppProfile's rule over its fields (nil
// ones are kept): MissingParameter when all are nil, else CheckAppName of
// a set name, then CheckAppTypeAndIntro.
func CheckProfileUpdate(appName, appType, intro *string) (code, message string) {
	if appName == nil && appType == nil && intro == nil {
		return "MissingParameter", "nothing to change: set at least one of AppName, AppType, Intro"
	}
	if appName != nil {
		if code, message = CheckAppName(*appName); code != "" {
			return code, message
		}
	}
	var t, i string
	if appType != nil {
		t = *appType
	}
	if intro != nil {
		i = *intro
	}
	return CheckAppTypeAndIntro(t, i)
}

// CheckUpgradeEdition is UpgradeIMAppPackage's rule over the edition to
// buy: InvalidParameterValue.Edition for an unknown one and for
// TRTCTrial, which cannot be chosen.
func CheckUpgradeEdition(e string) (code, message string) {
	if EditionRank(e) == 0 {
		return "InvalidParameterValue.Edition", fmt.Sprintf("edition %q is unknown; use Pro, Flagship or Enterprise", e)
	}
	if e == EditionTRTCTrial {
		return "InvalidParameterValue.Edition", "edition TRTCTrial cannot be chosen: only apps created as TRTC trials in the TRTC console have it; use Pro, Flagship or Enterprise"
	}
	return "", ""
}
