package certs

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/imconsole/imconsole/client"
)

// MaxCertificatesPerApp is how many push certificates an app holds.
// Tencent documents no limit; this conservative one is imconsole's own.
const MaxCertificatesPerApp = 50

// field is one credential field: its wire name, where it lives in Fields,
// whether it is secret, and how its format is checked.
type field struct {
	name   string
	ptr    func(*Fields) *string
	secret bool
	check  func(action, name, value string) error // nil: no format rule
}

var (
	fP12          = field{"P12", func(f *Fields) *string { return &f.P12 }, true, checkBase64}
	fP12Password  = field{"P12Password", func(f *Fields) *string { return &f.P12Password }, true, nil}
	fP8Key        = field{"P8Key", func(f *Fields) *string { return &f.P8Key }, true, func(a, _, v string) error { return parseP8(a, v) }}
	fKeyID        = field{"KeyId", func(f *Fields) *string { return &f.KeyID }, false, checkAppleID}
	fTeamID       = field{"TeamId", func(f *Fields) *string { return &f.TeamID }, false, checkAppleID}
	fBundleID     = field{"BundleId", func(f *Fields) *string { return &f.BundleID }, false, func(a, _, v string) error { return validateBundleID(a, v) }}
	fEnvironment  = field{"Environment", func(f *Fields) *string { return (*string)(&f.Environment) }, false, checkEnvironment}
	fPackageName  = field{"PackageName", func(f *Fields) *string { return &f.PackageName }, false, checkPackageName}
	fAppIDDigits  = field{"AppId", func(f *Fields) *string { return &f.AppID }, false, checkDigits}
	fAppID        = field{"AppId", func(f *Fields) *string { return &f.AppID }, false, checkToken}
	fClientID     = field{"ClientId", func(f *Fields) *string { return &f.ClientID }, false, checkToken}
	fAppKey       = field{"AppKey", func(f *Fields) *string { return &f.AppKey }, false, checkToken}
	fAppSecret    = field{"AppSecret", func(f *Fields) *string { return &f.AppSecret }, true, checkToken}
	fClientSecret = field{"ClientSecret", func(f *Fields) *string { return &f.ClientSecret }, true, checkToken}
	fMasterSecret = field{"MasterSecret", func(f *Fields) *string { return &f.MasterSecret }, true, checkToken}
	fChannelID    = field{"ChannelId", func(f *Fields) *string { return &f.ChannelID }, false, checkChannelID}
	fServiceAcct  = field{"ServiceAccountJson", func(f *Fields) *string { return &f.ServiceAccountJSON }, true, func(a, _, v string) error {
		_, err := inspectServiceAccount(a, []byte(v))
		return err
	}}
)

// allFields is every field of Fields, in the order they are checked.
var allFields = []field{fP12, fP12Password, fP8Key, fKeyID, fTeamID, fBundleID, fEnvironment, fPackageName, fAppID, fClientID, fAppKey, fAppSecret, fClientSecret, fMasterSecret, fChannelID, fServiceAcct}

// spec is what one kind of credential takes.
type spec struct {
	required []field
	optional []field
	where    string // where the values come from, for error messages
}

type kind struct {
	vendor Vendor
	auth   AuthType
}

var specs = map[kind]spec{
	{VendorAPNs, AuthCertificate}: {
		required: []field{fP12}, optional: []field{fP12Password, fBundleID, fEnvironment},
		where: "export the APNs certificate with its private key from Keychain Access as .p12",
	},
	{VendorAPNs, AuthToken}: {
		required: []field{fP8Key, fKeyID, fTeamID, fBundleID, fEnvironment},
		where:    "create a key with APNs enabled under Apple Developer > Certificates, Identifiers & Profiles > Keys; the Team ID is under Membership",
	},
	{VendorHuawei, ""}: {
		required: []field{fPackageName, fAppIDDigits, fAppSecret},
		where:    "AppGallery Connect > Project settings > App information (App ID = Client ID, App Secret = Client Secret)",
	},
	{VendorHonor, ""}: {
		required: []field{fPackageName, fAppID, fClientID, fClientSecret},
		where:    "the Honor Developer Service Platform > your app > Push Kit",
	},
	{VendorXiaomi, ""}: {
		required: []field{fPackageName, fAppIDDigits, fAppSecret},
		where:    "the Xiaomi Open Platform > your app > Push service",
	},
	{VendorOPPO, ""}: {
		required: []field{fPackageName, fAppKey, fMasterSecret, fChannelID},
		where:    "the OPPO Open Platform > Push service > your app; ChannelId is the notification channel your app creates (required on Android 8.0+)",
	},
	{VendorVivo, ""}: {
		required: []field{fPackageName, fAppIDDigits, fAppKey, fAppSecret},
		where:    "the vivo Developer Platform > Push > your app",
	},
	{VendorMeizu, ""}: {
		required: []field{fPackageName, fAppIDDigits, fAppSecret},
		where:    "the Flyme Push platform > your app",
	},
	{VendorFCM, ""}: {
		required: []field{fServiceAcct},
		where:    "Firebase > Project settings > Service accounts > Generate new private key",
	},
}

// fields returns every field the kind takes.
func (sp spec) fields() []field { return append(append([]field{}, sp.required...), sp.optional...) }

// takes returns the kind's definition of the field named name.
func (sp spec) takes(name string) (field, bool) {
	for _, f := range sp.fields() {
		if f.name == name {
			return f, true
		}
	}
	return field{}, false
}

// Validate checks the request as the service does, against the current
// time: see ValidateAt.
func (r *CreateRequest) Validate() error { return r.ValidateAt(time.Now()) }

// ValidateAt checks the request as the service does at now, returning the
// same *client.APIError (code and message) the service would answer:
// MissingParameter naming a missing field, InvalidParameter for a field
// the vendor does not take, InvalidParameterValue.<Field> for a malformed
// one, and for a .p12 every refusal of InspectP12 (now is the clock its
// expiry is compared with).
func (r *CreateRequest) ValidateAt(now time.Time) error {
	a := ActionCreate
	if r.SDKAppID == 0 {
		return client.ValidationError(a, "MissingParameter", "SdkAppId is required")
	}
	k, err := resolveKind(a, r.Vendor, r.AuthType, true)
	if err != nil {
		return err
	}
	if r.Platform != "" && r.Platform != k.vendor.Platform() {
		return client.ValidationError(a, "InvalidParameterValue.Platform", fmt.Sprintf("platform %q does not match vendor %s, which is %s; leave Platform empty or set %s", r.Platform, k.vendor, k.vendor.Platform(), k.vendor.Platform()))
	}
	if err := validateClickAction(a, k.vendor.Platform(), r.ClickAction); err != nil {
		return err
	}
	sp := specs[k]
	f := r.Fields
	if err := checkApplicable(a, k, sp, &f); err != nil {
		return err
	}
	for _, fd := range sp.fields() {
		if fd.secret && *fd.ptr(&f) == Masked {
			return client.ValidationError(a, "InvalidParameterValue."+fd.name, fmt.Sprintf("%s is %q, the mask responses show in place of the secret; send the real value", fd.name, Masked))
		}
	}
	for _, fd := range sp.required {
		if *fd.ptr(&f) == "" {
			return client.ValidationError(a, "MissingParameter", fmt.Sprintf("%s needs %s: %s", kindName(k), fd.name, sp.where))
		}
	}
	if err := checkFormats(a, sp, &f); err != nil {
		return err
	}
	if k == (kind{VendorAPNs, AuthCertificate}) {
		_, err := checkP12(a, &f, now)
		return err
	}
	return nil
}

// Validate checks the request as the service does before it looks the
// certificate up, against the current time: see ValidateAt.
func (r *UpdateRequest) Validate() error { return r.ValidateAt(time.Now()) }

// ValidateAt checks what can be checked without the stored certificate:
// the IDs, that something changes, the ClickAction, and the format of every
// field sent (a new .p12 is opened with P12Password and its expiry compared
// with now). With Vendor (and AuthType for APNs) set it also refuses fields
// the vendor does not take. The service then checks the merged
// certificate as CreatePushCertificate would.
func (r *UpdateRequest) ValidateAt(now time.Time) error {
	a := ActionModify
	if r.SDKAppID == 0 {
		return client.ValidationError(a, "MissingParameter", "SdkAppId is required")
	}
	if r.CertificateID == 0 {
		return client.ValidationError(a, "MissingParameter", "CertificateId is required: the ID CreatePushCertificate answered")
	}
	if r.ClickAction == nil && r.Fields == (Fields{}) {
		return client.ValidationError(a, "MissingParameter", "nothing to change: set ClickAction or at least one credential field")
	}
	var platform Platform
	var sp *spec
	var k kind
	if r.Vendor != "" || r.AuthType != "" {
		vendor := r.Vendor
		if vendor == "" {
			vendor = VendorAPNs // only APNs has an AuthType
		}
		var err error
		if k, err = resolveKind(a, vendor, r.AuthType, false); err != nil {
			return err
		}
		platform = k.vendor.Platform()
		if s, ok := specs[k]; ok && (k.vendor != VendorAPNs || k.auth != "") {
			sp = &s
		}
	}
	if err := validateClickAction(a, platform, r.ClickAction); err != nil {
		return err
	}
	f := r.Fields
	if sp != nil {
		if err := checkApplicable(a, k, *sp, &f); err != nil {
			return err
		}
	}
	if f.P12 != "" && f.P12 != Masked && f.P12Password == Masked {
		return client.ValidationError(a, "InvalidParameterValue.P12Password", "a new P12 needs its own password: send it (empty if the file has none), not the mask")
	}
	sent := spec{}
	for _, fd := range allFields {
		if v := *fd.ptr(&f); v != "" && !(fd.secret && v == Masked) {
			if fd.name == "AppId" && sp != nil {
				fd, _ = sp.takes("AppId") // digits for the vendors that use numeric IDs
			}
			sent.required = append(sent.required, fd)
		}
	}
	if err := checkFormats(a, sent, &f); err != nil {
		return err
	}
	if f.P12 != "" && f.P12 != Masked {
		_, err := checkP12(a, &f, now)
		return err
	}
	return nil
}

// Validate checks the request as the service does.
func (r *ListRequest) Validate() error {
	if r.SDKAppID == 0 {
		return client.ValidationError(ActionList, "MissingParameter", "SdkAppId is required")
	}
	switch r.Platform {
	case "", PlatformIOS, PlatformAndroid:
		return nil
	}
	return client.ValidationError(ActionList, "InvalidParameterValue.Platform", fmt.Sprintf("platform filter %q is unknown; use iOS, Android, or leave it empty for both", r.Platform))
}

// Validate checks the request as the service does.
func (r *DeleteRequest) Validate() error {
	if r.SDKAppID == 0 {
		return client.ValidationError(ActionDelete, "MissingParameter", "SdkAppId is required")
	}
	if r.CertificateID == 0 {
		return client.ValidationError(ActionDelete, "MissingParameter", "CertificateId is required: the ID CreatePushCertificate answered")
	}
	return nil
}

// Merge returns f updated with every field of u that is set and not
// Masked: how ModifyPushCertificate applies an update to the stored
// credential. A new P12 comes with its own P12Password, so it replaces the
// password too, even with an empty one.
func (f Fields) Merge(u Fields) Fields {
	for _, fd := range allFields {
		if v := *fd.ptr(&u); v != "" && v != Masked {
			*fd.ptr(&f) = v
		}
	}
	if u.P12 != "" && u.P12 != Masked {
		f.P12Password = u.P12Password
	}
	return f
}

// FillFields sets the credential fields of c, whose Vendor and AuthType are
// set, from the stored f as every response shows them: public fields as
// they are, and Masked for every secret the vendor takes, even an empty
// one. Servers use it; clients never need it.
func (c *Certificate) FillFields(f Fields) {
	sp := specs[kind{c.Vendor, c.AuthType}]
	for _, fd := range sp.fields() {
		v := *fd.ptr(&f)
		if fd.secret {
			v = Masked
		}
		switch fd.name {
		case "P12":
			c.P12 = v
		case "P12Password":
			c.P12Password = v
		case "P8Key":
			c.P8Key = v
		case "KeyId":
			c.KeyID = v
		case "TeamId":
			c.TeamID = v
		case "BundleId":
			c.BundleID = v
		case "Environment":
			c.Environment = Environment(v)
		case "PackageName":
			c.PackageName = v
		case "AppId":
			c.AppID = v
		case "ClientId":
			c.ClientID = v
		case "AppKey":
			c.AppKey = v
		case "AppSecret":
			c.AppSecret = v
		case "ClientSecret":
			c.ClientSecret = v
		case "MasterSecret":
			c.MasterSecret = v
		case "ChannelId":
			c.ChannelID = v
		case "ServiceAccountJson":
			c.ServiceAccountJSON = v
		}
	}
}

// resolveKind checks Vendor and AuthType. requireAuth: an APNs request
// must say which AuthType it is.
func resolveKind(a string, v Vendor, auth AuthType, requireAuth bool) (kind, error) {
	if v == "" {
		return kind{}, client.ValidationError(a, "MissingParameter", "Vendor is required: one of "+vendorList())
	}
	if v.Platform() == "" {
		return kind{}, client.ValidationError(a, "InvalidParameterValue.Vendor", fmt.Sprintf("vendor %q is unknown; use one of %s (case-sensitive)", v, vendorList()))
	}
	if v != VendorAPNs {
		if auth != "" {
			return kind{}, client.ValidationError(a, "InvalidParameter", fmt.Sprintf("AuthType applies only to APNs; leave it empty for %s", v))
		}
		return kind{v, ""}, nil
	}
	switch auth {
	case AuthCertificate, AuthToken:
		return kind{v, auth}, nil
	case "":
		if !requireAuth {
			return kind{v, ""}, nil
		}
		return kind{}, client.ValidationError(a, "MissingParameter", "AuthType is required for APNs: Certificate for a .p12, Token for a .p8 key")
	}
	return kind{}, client.ValidationError(a, "InvalidParameterValue.AuthType", fmt.Sprintf("AuthType %q is unknown; use Certificate (.p12) or Token (.p8)", auth))
}

func kindName(k kind) string {
	switch k {
	case kind{VendorAPNs, AuthCertificate}:
		return "an APNs certificate (.p12)"
	case kind{VendorAPNs, AuthToken}:
		return "an APNs token key (.p8)"
	}
	return string(k.vendor)
}

func vendorList() string {
	var names []string
	for _, v := range Vendors() {
		names = append(names, string(v))
	}
	return strings.Join(names, ", ")
}

// checkApplicable refuses fields the kind does not take.
func checkApplicable(a string, k kind, sp spec, f *Fields) error {
	for _, fd := range allFields {
		if *fd.ptr(f) == "" {
			continue
		}
		if _, ok := sp.takes(fd.name); !ok {
			return client.ValidationError(a, "InvalidParameter", fmt.Sprintf("%s does not apply to %s; send only %s", fd.name, kindName(k), fieldNames(sp)))
		}
	}
	return nil
}

func fieldNames(sp spec) string {
	var names []string
	for _, fd := range sp.fields() {
		names = append(names, fd.name)
	}
	return strings.Join(names, ", ")
}

// checkFormats checks the format of every non-empty field of sp in f.
func checkFormats(a string, sp spec, f *Fields) error {
	for _, fd := range sp.fields() {
		if v := *fd.ptr(f); v != "" && fd.check != nil {
			if err := fd.check(a, fd.name, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkP12 opens the .p12 of f and compares it with the expected bundle ID
// and environment, when set.
func checkP12(a string, f *Fields, now time.Time) (*P12Info, error) {
	blob, err := base64.StdEncoding.DecodeString(f.P12)
	if err != nil {
		return nil, client.ValidationError(a, "InvalidParameterValue.P12", "P12 is not standard base64; send the .p12 file's bytes base64-encoded")
	}
	info, err := inspectP12(a, blob, f.P12Password, now)
	if err != nil {
		return nil, err
	}
	if f.BundleID != "" && f.BundleID != info.BundleID {
		return nil, client.ValidationError(a, "InvalidParameterValue.BundleId", fmt.Sprintf("the certificate is for bundle ID %s, not %s; upload the certificate of %s", info.BundleID, f.BundleID, f.BundleID))
	}
	if f.Environment != "" && f.Environment != info.Environment {
		return nil, client.ValidationError(a, "InvalidParameterValue.Environment", fmt.Sprintf("the certificate is a %s certificate, not %s; upload the %s certificate", info.Environment, f.Environment, f.Environment))
	}
	return info, nil
}

// validateClickAction checks a click action for a certificate of platform
// ("" when not known), as the service does.
func validateClickAction(a string, platform Platform, c *ClickAction) error {
	if c == nil {
		return nil
	}
	bad := func(format string, args ...any) error {
		return client.ValidationError(a, "InvalidParameterValue.ClickAction", fmt.Sprintf(format, args...))
	}
	typ := c.Type
	if typ == "" {
		typ = ClickOpenApp
	}
	if platform == PlatformIOS && typ != ClickOpenApp {
		return bad("iOS notifications can only open the app (ClickAction %s); handle the tap in the app, with UNUserNotificationCenterDelegate, to show a page or a URL", typ)
	}
	switch typ {
	case ClickOpenApp:
		if c.URL != "" || c.Intent != "" || c.Activity != "" {
			return bad("ClickAction OpenApp takes no Url, Intent or Activity; use OpenURL or OpenPage for those")
		}
	case ClickOpenURL:
		if c.Intent != "" || c.Activity != "" {
			return bad("ClickAction OpenURL takes only Url; Intent and Activity belong to OpenPage")
		}
		if c.URL == "" {
			return client.ValidationError(a, "MissingParameter", "ClickAction.Url is required with OpenURL")
		}
		u, err := url.Parse(c.URL)
		if len(c.URL) > 1024 || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsFunc(c.URL, unicode.IsSpace) {
			return bad("ClickAction.Url %q is not an absolute http(s) URL of at most 1024 characters, e.g. https://example.com/news", c.URL)
		}
	case ClickOpenPage:
		if c.URL != "" {
			return bad("ClickAction OpenPage takes Intent or Activity, not Url; use OpenURL for a web page")
		}
		switch {
		case c.Intent == "" && c.Activity == "":
			return client.ValidationError(a, "MissingParameter", "ClickAction OpenPage needs Intent (an intent: URI) or Activity (a class name)")
		case c.Intent != "" && c.Activity != "":
			return bad("ClickAction OpenPage takes Intent or Activity, not both")
		case c.Intent != "":
			if len(c.Intent) > 1024 || !strings.HasPrefix(c.Intent, "intent:") || !strings.Contains(c.Intent, "#Intent;") || !strings.HasSuffix(c.Intent, ";end") || strings.ContainsFunc(c.Intent, unicode.IsSpace) {
				return bad("ClickAction.Intent %q is not an Android intent URI (intent:...#Intent;...;end, at most 1024 characters); build it with Intent.toUri(Intent.URI_INTENT_SCHEME)", c.Intent)
			}
		default:
			if len(c.Activity) > 255 || !javaName.MatchString(c.Activity) {
				return bad("ClickAction.Activity %q is not a fully qualified activity class name such as com.example.app.ChatActivity", c.Activity)
			}
		}
	default:
		return bad("ClickAction type %q is unknown; use OpenApp, OpenURL or OpenPage", c.Type)
	}
	return nil
}

var (
	javaName          = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)+$`)
	packageRE         = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$`)
	bundleRE          = regexp.MustCompile(`^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$`)
	appleIDRE         = regexp.MustCompile(`^[A-Z0-9]{10}$`)
	digitsRE          = regexp.MustCompile(`^[0-9]{1,32}$`)
	tokenRE           = regexp.MustCompile(`^[\x21-\x7e]{1,256}$`) // printable ASCII, no spaces
	maxBundleIDLength = 155
)

// validateBundleID accepts explicit bundle IDs: letters, digits, hyphens
// and dots. Wildcards cannot receive pushes.
func validateBundleID(a, id string) error {
	if strings.Contains(id, "*") {
		return client.ValidationError(a, "InvalidParameterValue.BundleId", fmt.Sprintf("bundle ID %q is a wildcard; push needs an explicit App ID such as com.example.app", id))
	}
	if len(id) > maxBundleIDLength || !bundleRE.MatchString(id) {
		return client.ValidationError(a, "InvalidParameterValue.BundleId", fmt.Sprintf("bundle ID %q is not valid: use at most %d letters, digits, hyphens and dots, such as com.example.app", id, maxBundleIDLength))
	}
	return nil
}

func checkBase64(a, name, v string) error {
	if len(v) > base64.StdEncoding.EncodedLen(MaxP12Bytes)+base64.StdEncoding.EncodedLen(MaxP12Bytes)/38 { // room for line breaks
		return client.ValidationError(a, "InvalidParameterValue."+name, fmt.Sprintf("%s is larger than the %d bytes allowed; export only the push certificate and its private key", name, MaxP12Bytes))
	}
	if _, err := base64.StdEncoding.DecodeString(v); err != nil {
		return client.ValidationError(a, "InvalidParameterValue."+name, fmt.Sprintf("%s is not standard base64; send the .p12 file's bytes base64-encoded", name))
	}
	return nil
}

func checkAppleID(a, name, v string) error {
	if !appleIDRE.MatchString(v) {
		return client.ValidationError(a, "InvalidParameterValue."+name, fmt.Sprintf("%s %q must be the 10 upper-case letters and digits Apple shows, e.g. ABCDE12345", name, v))
	}
	return nil
}

func checkEnvironment(a, name, v string) error {
	switch Environment(v) {
	case EnvironmentDevelopment, EnvironmentProduction:
		return nil
	}
	return client.ValidationError(a, "InvalidParameterValue."+name, fmt.Sprintf("%s %q is unknown; use Development or Production", name, v))
}

func checkPackageName(a, name, v string) error {
	if len(v) > 255 || !packageRE.MatchString(v) {
		return client.ValidationError(a, "InvalidParameterValue."+name, fmt.Sprintf("%s %q is not an Android application ID such as com.example.app (two or more dot-separated parts, each starting with a letter)", name, v))
	}
	return nil
}

func checkDigits(a, name, v string) error {
	if !digitsRE.MatchString(v) {
		return client.ValidationError(a, "InvalidParameterValue."+name, fmt.Sprintf("%s %q must be the numeric ID the vendor's console shows (digits only)", name, v))
	}
	return nil
}

// checkToken accepts 1-256 printable ASCII characters without spaces. The
// value is not quoted in the error: it may be a secret.
func checkToken(a, name, v string) error {
	if !tokenRE.MatchString(v) {
		return client.ValidationError(a, "InvalidParameterValue."+name, fmt.Sprintf("%s must be 1-256 printable ASCII characters without spaces (got %d bytes); check for a stray space or line break from copying it", name, len(v)))
	}
	return nil
}

func checkChannelID(a, name, v string) error {
	if len(v) > 128 || strings.TrimSpace(v) != v || strings.ContainsFunc(v, unicode.IsControl) {
		return client.ValidationError(a, "InvalidParameterValue."+name, fmt.Sprintf("%s %q must be the notification channel ID your app creates: 1-128 characters, no leading or trailing spaces", name, v))
	}
	return nil
}
