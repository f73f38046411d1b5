package rules

import "fmt"

// The wire names of the platforms a push certificate is for
// (certs.Platform).
const (
	PlatformIOS       = "iOS"
	PlatformAndroid   = "Android"
	PlatformHarmonyOS = "HarmonyOS"
)

// MissingCertificateID is the MissingParameter message of an action that
// names a certificate without its CertificateId.
const MissingCertificateID = "CertificateId is required: the ID CreatePushCertificate answered"

// CheckCertList is DescribePushCertificates' rule: MissingParameter
// without an SdkAppId, InvalidParameterValue.Platform for a platform
// filter other than iOS, Android, HarmonyOS or "" (all), with its
// message; two empty strings for a valid body.
func CheckCertList(sdkAppID uint64, platform string) (code, message string) {
	if sdkAppID == 0 {
		return "MissingParameter", "SdkAppId is required"
	}
	switch platform {
	case "", PlatformIOS, PlatformAndroid, PlatformHarmonyOS:
		return "", ""
	}
	return "InvalidParameterValue.Platform", fmt.Sprintf("platform filter %q is unknown; use iOS, Android, HarmonyOS, or leave it empty for all", platform)
}

// CheckCertDelete is DeletePushCertificate's rule: MissingParameter
// without an SdkAppId or a CertificateId.
func CheckCertDelete(sdkAppID, certID uint64) (code, message string) {
	if sdkAppID == 0 {
		return "MissingParameter", "SdkAppId is required"
	}
	if certID == 0 {
		return "MissingParameter", MissingCertificateID
	}
	return "", ""
}
