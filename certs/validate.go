package certs

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/certfields"
	"github.com/imconsole/imconsole/internal/rules"
)

// MaxCertificatesPerApp is how many push certificates an app holds.
// Tencent documents no limit; this conservative one is imconsole's own.
const MaxCertificatesPerApp = 50

// kind is one kind of credential: a vendor, and for APNs its AuthType.
type kind struct {
	vendor Vendor
	auth   AuthType
}

// spec returns what the kind takes; ok is false for APNs without an
// AuthType.
func (k kind) spec() (certfields.Kind, bool) { return certfields.Of(string(k.vendor), string(k.auth)) }

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
	sp, _ := k.spec()
	f := r.Fields
	if err := checkApplicable(a, sp, &f); err != nil {
		return err
	}
	for _, fd := range sp.Fields() {
		if fd.Secret && certfields.Get(&f, fd) == Masked {
			return client.ValidationError(a, "InvalidParameterValue."+fd.Wire, fmt.Sprintf("%s is %q, the mask responses show in place of the secret; send the real value", fd.Wire, Masked))
		}
	}
	for _, fd := range sp.Required {
		if certfields.Get(&f, fd) == "" {
			return client.ValidationError(a, "MissingParameter", fmt.Sprintf("%s needs %s: %s", sp.Name, fd.Wire, sp.Where))
		}
	}
	if err := checkFormats(a, sp.Fields(), &f); err != nil {
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
		return client.ValidationError(a, "MissingParameter", rules.MissingCertificateID)
	}
	if r.ClickAction == nil && r.Fields == (Fields{}) {
		return client.ValidationError(a, "MissingParameter", "nothing to change: set ClickAction or at least one credential field")
	}
	var platform Platform
	var sp certfields.Kind
	known := false
	if r.Vendor != "" || r.AuthType != "" {
		vendor := r.Vendor
		if vendor == "" {
			vendor = VendorAPNs // only APNs has an AuthType
		}
		k, err := resolveKind(a, vendor, r.AuthType, false)
		if err != nil {
			return err
		}
		platform = k.vendor.Platform()
		sp, known = k.spec()
	}
	if err := validateClickAction(a, platform, r.ClickAction); err != nil {
		return err
	}
	f := r.Fields
	if known {
		if err := checkApplicable(a, sp, &f); err != nil {
			return err
		}
	}
	if certfields.NewP12(&f) && f.P12Password == Masked {
		return client.ValidationError(a, "InvalidParameterValue.P12Password", "a new P12 needs its own password: send it (empty if the file has none), not the mask")
	}
	var sent []certfields.Field
	for _, fd := range certfields.All() {
		if v := certfields.Get(&f, fd); v != "" && !(fd.Secret && v == Masked) {
			if own, ok := sp.Takes(fd.Wire); ok {
				fd = own // digits for the vendors that use numeric IDs
			}
			sent = append(sent, fd)
		}
	}
	if err := checkFormats(a, sent, &f); err != nil {
		return err
	}
	if certfields.NewP12(&f) {
		_, err := checkP12(a, &f, now)
		return err
	}
	return nil
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

func vendorList() string { return join(Vendors()) }

// join lists values, comma-separated.
func join[S ~string](values []S) string {
	var names []string
	for _, v := range values {
		names = append(names, string(v))
	}
	return strings.Join(names, ", ")
}

// checkApplicable refuses fields the kind does not take.
func checkApplicable(a string, sp certfields.Kind, f *Fields) error {
	for _, fd := range certfields.All() {
		if certfields.Get(f, fd) == "" {
			continue
		}
		if _, ok := sp.Takes(fd.Wire); !ok {
			var names []string
			for _, t := range sp.Fields() {
				names = append(names, t.Wire)
			}
			return client.ValidationError(a, "InvalidParameter", fmt.Sprintf("%s does not apply to %s; send only %s", fd.Wire, sp.Name, strings.Join(names, ", ")))
		}
	}
	return nil
}

// checkFormats checks the format of every non-empty field of fields in f.
func checkFormats(a string, fields []certfields.Field, f *Fields) error {
	for _, fd := range fields {
		if v := certfields.Get(f, fd); v != "" {
			if err := checkFormat(a, fd, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkFormat checks v against the format rule of fd. Values that may be
// secret (Token) are never quoted in the error.
func checkFormat(a string, fd certfields.Field, v string) error {
	name := fd.Wire
	var problem string // what is wrong and what to do, when v breaks the rule
	switch fd.Format {
	case certfields.P8:
		return parseP8(a, v)
	case certfields.BundleID:
		return validateBundleID(a, v)
	case certfields.ServiceAccount:
		_, err := inspectServiceAccount(a, []byte(v))
		return err
	case certfields.HarmonyServiceAccount:
		_, err := inspectHarmonyServiceAccount(a, []byte(v))
		return err
	case certfields.AnyServiceAccount: // the vendor is not known: tell them apart by FCM's "type", named exactly
		var probe map[string]json.RawMessage
		if len(v) <= MaxServiceAccountBytes && json.Unmarshal([]byte(v), &probe) == nil && probe["type"] == nil {
			_, err := inspectHarmonyServiceAccount(a, []byte(v))
			return err
		}
		_, err := inspectServiceAccount(a, []byte(v))
		return err
	case certfields.Base64:
		if len(v) > base64.StdEncoding.EncodedLen(MaxP12Bytes)+base64.StdEncoding.EncodedLen(MaxP12Bytes)/38 { // room for line breaks
			problem = fmt.Sprintf("%s is larger than the %d bytes allowed; export only the push certificate and its private key", name, MaxP12Bytes)
		} else if _, err := base64.StdEncoding.DecodeString(v); err != nil {
			problem = fmt.Sprintf("%s is not standard base64; send the .p12 file's bytes base64-encoded", name)
		}
	case certfields.AppleID:
		if !appleIDRE.MatchString(v) {
			problem = fmt.Sprintf("%s %q must be the 10 upper-case letters and digits Apple shows, e.g. ABCDE12345", name, v)
		}
	case certfields.Environment:
		if e := Environment(v); e != EnvironmentDevelopment && e != EnvironmentProduction {
			problem = fmt.Sprintf("%s %q is unknown; use Development or Production", name, v)
		}
	case certfields.PackageName:
		if len(v) > 255 || !packageRE.MatchString(v) {
			problem = fmt.Sprintf("%s %q is not an Android application ID such as com.example.app (two or more dot-separated parts, each starting with a letter)", name, v)
		}
	case certfields.BundleName:
		if len(v) < 7 || len(v) > 128 || !packageRE.MatchString(v) {
			problem = fmt.Sprintf("%s %q is not a HarmonyOS bundle name such as com.example.app (the bundleName of AppScope/app.json5: 7-128 characters, two or more dot-separated parts, each starting with a letter)", name, v)
		}
	case certfields.HarmonyCategory:
		if !slices.Contains(HarmonyCategories(), HarmonyCategory(v)) {
			problem = fmt.Sprintf("%s %q is not a HarmonyOS Push Kit self-classification; use one of %s as Push Kit spells it (IM for chat messages, 即时聊天)", name, v, join(HarmonyCategories()))
		}
	case certfields.FCMMessageType:
		if !slices.Contains(FCMMessageTypes(), FCMMessageType(v)) {
			problem = fmt.Sprintf("%s %q is unknown; use Notification or Data (case-sensitive), or leave it empty for Notification", name, v)
		}
	case certfields.Digits:
		if !digitsRE.MatchString(v) {
			problem = fmt.Sprintf("%s %q must be the numeric ID the vendor's console shows (digits only)", name, v)
		}
	case certfields.Token:
		if !tokenRE.MatchString(v) {
			problem = fmt.Sprintf("%s must be 1-256 printable ASCII characters without spaces (got %d bytes); check for a stray space or line break from copying it", name, len(v))
		}
	case certfields.ClassName:
		if len(v) > 255 || !javaName.MatchString(v) {
			problem = fmt.Sprintf("%s %q must be the fully qualified class name of the app's launcher Activity, such as com.example.app.MainActivity", name, v)
		}
	case certfields.ChannelID:
		if utf8.RuneCountInString(v) > 128 || strings.TrimSpace(v) != v || strings.ContainsFunc(v, unicode.IsControl) {
			problem = fmt.Sprintf("%s %q must be the notification channel ID your app creates: 1-128 characters, no leading or trailing spaces", name, v)
		}
	}
	if problem == "" {
		return nil
	}
	return client.ValidationError(a, "InvalidParameterValue."+name, problem)
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
		return bad("iOS notifications can only open the app (got ClickAction %s); handle the tap in the app, with UNUserNotificationCenterDelegate, to show a page or a URL", typ)
	}
	if platform == PlatformHarmonyOS && typ == ClickOpenURL {
		return bad("HarmonyOS notifications open the app or a page of it (OpenApp, or OpenPage with PageUri), not a web page; open the URL from the page")
	}
	switch typ {
	case ClickOpenApp:
		if c.URL != "" || c.Intent != "" || c.Activity != "" || c.PageURI != "" {
			return bad("ClickAction OpenApp takes no Url, Intent, Activity or PageUri; use OpenURL or OpenPage for those")
		}
	case ClickOpenURL:
		if c.Intent != "" || c.Activity != "" || c.PageURI != "" {
			return bad("ClickAction OpenURL takes only Url; Intent, Activity and PageUri belong to OpenPage")
		}
		if c.URL == "" {
			return client.ValidationError(a, "MissingParameter", "ClickAction.Url is required with OpenURL")
		}
		u, err := url.Parse(c.URL)
		if utf8.RuneCountInString(c.URL) > 1024 || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || strings.ContainsFunc(c.URL, unicode.IsSpace) {
			return bad("ClickAction.Url %q is not an absolute http(s) URL of at most 1024 characters, e.g. https://example.com/news", c.URL)
		}
	case ClickOpenPage:
		if c.URL != "" {
			return bad("ClickAction OpenPage takes Intent, Activity or PageUri, not Url; use OpenURL for a web page")
		}
		switch {
		case platform == PlatformHarmonyOS && (c.Intent != "" || c.Activity != ""):
			return bad("a HarmonyOS page is opened by PageUri (scheme://host:port/path), not by an Android Intent or Activity")
		case platform == PlatformAndroid && c.PageURI != "":
			return bad("PageUri opens a page of a HarmonyOS app; an Android page is opened by Intent or Activity")
		case c.Intent == "" && c.Activity == "" && c.PageURI == "":
			needs := "Intent (an intent: URI) or Activity (a class name) on Android, PageUri (scheme://host:port/path) on HarmonyOS"
			switch platform {
			case PlatformAndroid:
				needs = "Intent (an intent: URI) or Activity (a class name)"
			case PlatformHarmonyOS:
				needs = "PageUri (scheme://host:port/path)"
			}
			return client.ValidationError(a, "MissingParameter", "ClickAction OpenPage needs "+needs)
		case countSet(c.Intent, c.Activity, c.PageURI) > 1:
			return bad("ClickAction OpenPage takes one of Intent, Activity or PageUri, not both")
		case c.PageURI != "":
			if problem := pageURIProblem(c.PageURI); problem != "" {
				return bad("ClickAction.PageUri %q %s", c.PageURI, problem)
			}
		case c.Intent != "":
			if utf8.RuneCountInString(c.Intent) > 1024 || !strings.HasPrefix(c.Intent, "intent:") || !strings.Contains(c.Intent, "#Intent;") || !strings.HasSuffix(c.Intent, ";end") || strings.ContainsFunc(c.Intent, unicode.IsSpace) {
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

// countSet is how many of values are not empty.
func countSet(values ...string) int {
	n := 0
	for _, v := range values {
		if v != "" {
			n++
		}
	}
	return n
}

// pageURIProblem says what keeps uri from being a HarmonyOS page URI,
// scheme://host[:port][/path], at most 1024 characters: "" when nothing.
func pageURIProblem(uri string) string {
	if utf8.RuneCountInString(uri) > 1024 || strings.ContainsFunc(uri, unicode.IsSpace) {
		return "must be a scheme://host:port/path URI of at most 1024 characters, without spaces"
	}
	u, err := url.Parse(uri)
	switch {
	case err != nil || u.Scheme == "" || u.Opaque != "" || u.Hostname() == "":
		return "is not a scheme://host:port/path URI (port and path optional), e.g. myapp://chat:8080/detail, as a skill of the page's ability declares it"
	case u.User != nil:
		return "has user information; send scheme://host:port/path"
	case u.RawQuery != "" || u.ForceQuery:
		return "has a query; send scheme://host:port/path and pass data as the push's custom content"
	case u.Fragment != "" || strings.Contains(uri, "#"):
		return "has a fragment; send scheme://host:port/path"
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "has a port outside 1-65535"
		}
	}
	return ""
}

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
