package certs

import (
	"fmt"
	"reflect"
	"time"

	"github.com/imconsole/imconsole/internal/certfields"
	"github.com/imconsole/imconsole/internal/rules"
)

// Masked, "******", is what every response carries in place of a secret
// (a .p12 and its password, a .p8 key, an AppSecret, ClientSecret or
// MasterSecret, an FCM or HarmonyOS service-account JSON): secrets are
// write-only. Sending Masked back in an update keeps the stored secret;
// sending it in a create is refused.
const Masked = certfields.Masked

// Platform is the operating system a certificate pushes to.
type Platform string

// Platforms. HarmonyOS (HarmonyOS NEXT, whose apps are not Android apps)
// is a platform of its own.
const (
	PlatformIOS       Platform = rules.PlatformIOS
	PlatformAndroid   Platform = rules.PlatformAndroid
	PlatformHarmonyOS Platform = rules.PlatformHarmonyOS
)

// Vendor is the push service a certificate is for.
type Vendor string

// Vendors: APNs for iOS, HarmonyOS (Huawei's Push Kit for HarmonyOS
// apps) for HarmonyOS, the others for Android.
const (
	VendorAPNs   Vendor = "APNs"
	VendorHuawei Vendor = "Huawei"
	VendorHonor  Vendor = "Honor"
	VendorXiaomi Vendor = "Xiaomi"
	VendorOPPO   Vendor = "OPPO"
	VendorVivo   Vendor = "vivo"
	VendorMeizu  Vendor = "Meizu"
	VendorFCM    Vendor = "FCM"

	VendorHarmonyOS Vendor = "HarmonyOS"
)

// Vendors lists every vendor, APNs first.
func Vendors() []Vendor {
	return []Vendor{VendorAPNs, VendorHuawei, VendorHonor, VendorXiaomi, VendorOPPO, VendorVivo, VendorMeizu, VendorFCM, VendorHarmonyOS}
}

// Platform returns the platform of the vendor's devices: iOS for APNs,
// HarmonyOS for HarmonyOS, Android for the others, "" for an unknown
// vendor.
func (v Vendor) Platform() Platform {
	switch v {
	case VendorAPNs:
		return PlatformIOS
	case VendorHarmonyOS:
		return PlatformHarmonyOS
	case VendorHuawei, VendorHonor, VendorXiaomi, VendorOPPO, VendorVivo, VendorMeizu, VendorFCM:
		return PlatformAndroid
	}
	return ""
}

// AuthType is how an iOS certificate authenticates to APNs.
type AuthType string

// APNs authentication types.
const (
	// AuthCertificate is a .p12 certificate with its private key. It
	// expires (usually after a year) and is for one bundle ID.
	AuthCertificate AuthType = "Certificate"
	// AuthToken is a .p8 token signing key. It does not expire.
	AuthToken AuthType = "Token"
)

// Environment is the APNs environment a certificate pushes through.
type Environment string

// APNs environments. A Production certificate Apple issues today is
// universal: it also works with the sandbox, and is reported Production.
const (
	EnvironmentDevelopment Environment = "Development"
	EnvironmentProduction  Environment = "Production"
)

// ClickActionType is what happens when the user taps a notification.
type ClickActionType string

// Click actions.
const (
	// ClickOpenApp opens the app at its launcher activity (the default,
	// and the only action for iOS).
	ClickOpenApp ClickActionType = "OpenApp"
	// ClickOpenURL opens a web page (ClickAction.URL); Android only.
	ClickOpenURL ClickActionType = "OpenURL"
	// ClickOpenPage opens a page of the app: on Android an intent URI
	// (ClickAction.Intent) or an activity class (ClickAction.Activity), on
	// HarmonyOS a scheme://host:port/path URI (ClickAction.PageURI).
	ClickOpenPage ClickActionType = "OpenPage"
)

// ClickAction is what tapping a notification does. The zero value opens
// the app. Build one with OpenApp, OpenURL, OpenIntent, OpenActivity or
// (HarmonyOS) OpenPageURI.
type ClickAction struct {
	Type     ClickActionType `json:"Type"`
	URL      string          `json:"Url,omitempty"`      // OpenURL: an http(s) URL
	Intent   string          `json:"Intent,omitempty"`   // OpenPage, Android: intent:...#Intent;...;end
	Activity string          `json:"Activity,omitempty"` // OpenPage, Android: e.g. com.example.app.ChatActivity
	PageURI  string          `json:"PageUri,omitempty"`  // OpenPage, HarmonyOS: scheme://host:port/path
}

// OpenApp opens the app.
func OpenApp() ClickAction { return ClickAction{Type: ClickOpenApp} }

// OpenURL opens the web page at url (http or https).
func OpenURL(url string) ClickAction { return ClickAction{Type: ClickOpenURL, URL: url} }

// OpenIntent opens the page an Android intent URI names, as
// Intent.toUri(Intent.URI_INTENT_SCHEME) writes it, e.g.
// "intent://chat#Intent;scheme=myapp;component=com.example.app/.ChatActivity;end".
func OpenIntent(uri string) ClickAction { return ClickAction{Type: ClickOpenPage, Intent: uri} }

// OpenActivity opens an activity of the app by its fully qualified class
// name, e.g. "com.example.app.ChatActivity".
func OpenActivity(class string) ClickAction { return ClickAction{Type: ClickOpenPage, Activity: class} }

// OpenPageURI opens the page of a HarmonyOS app that a skill of one of
// its abilities declares by URI, scheme://host:port/path with the port
// and path optional, e.g. "myapp://chat:8080/detail".
func OpenPageURI(uri string) ClickAction { return ClickAction{Type: ClickOpenPage, PageURI: uri} }

// FCMMessageType is how FCM delivers a certificate's pushes.
type FCMMessageType string

// FCM message types.
const (
	// FCMNotification is a notification message, which the system shows
	// in the notification bar: the default.
	FCMNotification FCMMessageType = "Notification"
	// FCMData is a data message, which the app receives and shows itself.
	FCMData FCMMessageType = "Data"
)

// FCMMessageTypes lists the FCM message types, the default first.
func FCMMessageTypes() []FCMMessageType { return []FCMMessageType{FCMNotification, FCMData} }

// HarmonyCategory is a HarmonyOS Push Kit self-classification (自分类):
// the category a certificate's notifications are sent as. Push Kit honours
// one only if it granted the app that category; other notifications are
// MARKETING, silent and limited to a few a day.
type HarmonyCategory string

// HarmonyOS categories, as Push Kit spells them.
const (
	HarmonyCategoryIM              HarmonyCategory = "IM"   // 即时聊天: chat messages
	HarmonyCategoryVoIP            HarmonyCategory = "VOIP" // 音视频通话: voice and video calls
	HarmonyCategorySubscription    HarmonyCategory = "SUBSCRIPTION"
	HarmonyCategoryTravel          HarmonyCategory = "TRAVEL"
	HarmonyCategoryHealth          HarmonyCategory = "HEALTH"
	HarmonyCategoryWork            HarmonyCategory = "WORK"
	HarmonyCategoryAccount         HarmonyCategory = "ACCOUNT"
	HarmonyCategoryExpress         HarmonyCategory = "EXPRESS"
	HarmonyCategoryFinance         HarmonyCategory = "FINANCE"
	HarmonyCategoryDeviceReminder  HarmonyCategory = "DEVICE_REMINDER"
	HarmonyCategoryMail            HarmonyCategory = "MAIL"
	HarmonyCategoryCustomerService HarmonyCategory = "CUSTOMER_SERVICE"
	HarmonyCategoryMarketing       HarmonyCategory = "MARKETING"
)

// HarmonyCategories lists every HarmonyOS category.
func HarmonyCategories() []HarmonyCategory {
	return []HarmonyCategory{HarmonyCategoryIM, HarmonyCategoryVoIP, HarmonyCategorySubscription, HarmonyCategoryTravel, HarmonyCategoryHealth,
		HarmonyCategoryWork, HarmonyCategoryAccount, HarmonyCategoryExpress, HarmonyCategoryFinance, HarmonyCategoryDeviceReminder,
		HarmonyCategoryMail, HarmonyCategoryCustomerService, HarmonyCategoryMarketing}
}

// Certificate is an offline-push certificate as the service answers it:
// its public fields, the facts read from an iOS credential, and Masked in
// every secret field the vendor has (secrets are write-only). Fields that
// do not apply to the vendor are empty.
type Certificate struct {
	// CertificateID is the business ID the client SDKs pass with the device
	// token (setOfflinePushConfig / setAPNS). It is never reused.
	CertificateID uint64      `json:"CertificateId"`
	Platform      Platform    `json:"Platform"`
	Vendor        Vendor      `json:"Vendor"`
	AuthType      AuthType    `json:"AuthType,omitempty"` // APNs only
	ClickAction   ClickAction `json:"ClickAction"`
	CreatedAt     time.Time   `json:"CreatedAt"`
	UpdatedAt     time.Time   `json:"UpdatedAt"`

	// iOS: read from the .p12 certificate, or as given with a .p8 key.
	BundleID    string      `json:"BundleId,omitempty"`
	Environment Environment `json:"Environment,omitempty"`
	ExpiresAt   *time.Time  `json:"ExpiresAt,omitempty"` // .p12 only: the certificate's NotAfter
	KeyID       string      `json:"KeyId,omitempty"`     // .p8 only
	TeamID      string      `json:"TeamId,omitempty"`    // .p8 only

	// Android (PackageName for HarmonyOS too).
	PackageName string `json:"PackageName,omitempty"`
	AppID       string `json:"AppId,omitempty"`
	ClientID    string `json:"ClientId,omitempty"`
	AppKey      string `json:"AppKey,omitempty"`
	ChannelID   string `json:"ChannelId,omitempty"`
	BadgeClass  string `json:"BadgeClass,omitempty"`  // Huawei: the launcher Activity the badge counts on
	ProjectID   string `json:"ProjectId,omitempty"`   // FCM and HarmonyOS: project_id of the service account
	ClientEmail string `json:"ClientEmail,omitempty"` // FCM: client_email of the service account

	MessageType FCMMessageType  `json:"MessageType,omitempty"` // FCM: Notification (the default) or Data
	Category    HarmonyCategory `json:"Category,omitempty"`    // HarmonyOS: the self-classification

	// Secrets: Masked when the vendor has them, never the value.
	P12                string `json:"P12,omitempty"`
	P12Password        string `json:"P12Password,omitempty"`
	P8Key              string `json:"P8Key,omitempty"`
	AppSecret          string `json:"AppSecret,omitempty"`
	ClientSecret       string `json:"ClientSecret,omitempty"`
	MasterSecret       string `json:"MasterSecret,omitempty"`
	ServiceAccountJSON string `json:"ServiceAccountJson,omitempty"`
}

// Expired reports whether a .p12 certificate has expired at now (is past
// its NotAfter); pushes through it fail from then on. Tokens (.p8) and
// Android configs never expire.
func (c *Certificate) Expired(now time.Time) bool {
	return c.ExpiresAt != nil && now.After(*c.ExpiresAt)
}

// Credential is the credential of one vendor: APNsCertificate, APNsToken,
// Huawei, Honor, Xiaomi, OPPO, Vivo, Meizu, FCM or HarmonyOS, or a pointer
// to one.
// Printing or logging one never shows its secrets.
type Credential interface {
	// Vendor is the vendor the credential is for.
	Vendor() Vendor
	// auth is the APNs AuthType, "" for the others.
	auth() AuthType
}

// AndroidCredential is the credential of an Android vendor: Huawei, Honor,
// Xiaomi, OPPO, Vivo, Meizu or FCM.
type AndroidCredential interface {
	Credential
	android()
}

// APNsCertificate is an iOS .p12: the APNs certificate and its private key
// exported from Keychain Access, with the export password ("" when it has
// none). The bundle ID, environment and expiry are read from the
// certificate; set BundleID or Environment to have the upload refused when
// the certificate says otherwise.
type APNsCertificate struct {
	P12         []byte      // the .p12 file (secret)
	Password    string      // its password (secret)
	BundleID    string      // optional: the bundle ID you expect
	Environment Environment // optional: the environment you expect
}

// APNsToken is an iOS .p8 token signing key with the IDs APNs needs. One
// token is allowed per bundle ID and environment in an app.
type APNsToken struct {
	Key         []byte      // the AuthKey_<KeyID>.p8 file: an EC P-256 PKCS#8 PEM key (secret)
	KeyID       string      // the 10-character Key ID
	TeamID      string      // the 10-character Team ID
	BundleID    string      // the app's bundle ID; never a wildcard
	Environment Environment // Development or Production
}

// Huawei is a Huawei Push Kit config from AppGallery Connect. Newer
// consoles call the App ID "Client ID" and the App Secret "Client Secret".
// ChannelID, optional, is the notification channel the app creates (EMUI
// 10 and later); a push's HuaWeiChannelID overrides it. BadgeClass,
// optional, is the console's badge parameter (角标参数): the fully
// qualified class name of the app's launcher Activity, such as
// com.example.chat.MainActivity.
type Huawei struct {
	PackageName string
	AppID       string // digits
	AppSecret   string // secret
	ChannelID   string // optional
	BadgeClass  string // optional
}

// Honor is a Honor Push config from the Honor developer site.
type Honor struct {
	PackageName  string
	AppID        string
	ClientID     string
	ClientSecret string // secret
}

// Xiaomi is a Xiaomi (Mi) Push config. ChannelID, optional, is the
// notification channel the app creates (MIUI 10 and later); a push's
// XiaoMiChannelID overrides it.
type Xiaomi struct {
	PackageName string
	AppID       string // digits
	AppSecret   string // secret
	ChannelID   string // optional
}

// OPPO is an OPPO Push config. ChannelID is the notification channel the
// app creates; OPPO requires one on Android 8.0 and later, so it is
// required here.
type OPPO struct {
	PackageName  string
	AppKey       string
	MasterSecret string // secret
	ChannelID    string
}

// Vivo is a vivo Push config.
type Vivo struct {
	PackageName string
	AppID       string // digits
	AppKey      string
	AppSecret   string // secret
}

// Meizu is a Meizu (Flyme) Push config.
type Meizu struct {
	PackageName string
	AppID       string // digits
	AppSecret   string // secret
}

// FCM is a Firebase Cloud Messaging service account: the JSON file
// Firebase gives under Project settings > Service accounts > Generate new
// private key. Its private key makes it secret. MessageType, optional, is
// the console's 通知消息 / 数据消息 choice; empty is FCMNotification.
type FCM struct {
	ServiceAccountJSON []byte         // secret
	MessageType        FCMMessageType // optional: FCMNotification (the default) or FCMData
}

// HarmonyOS is a Huawei Push Kit config for a HarmonyOS app (HarmonyOS
// NEXT; a HarmonyOS 4 or earlier device runs Android apps and takes a
// Huawei certificate). PackageName is the app's bundle name;
// ServiceAccountJSON the service-account key file created for Push Kit
// in AppGallery Connect's API Console (secret); Category the
// self-classification Push Kit granted the app, HarmonyCategoryIM for
// chat. Create one with Service.CreateHarmonyOS.
type HarmonyOS struct {
	PackageName        string
	ServiceAccountJSON []byte // secret
	Category           HarmonyCategory
}

// Vendor returns VendorAPNs.
func (APNsCertificate) Vendor() Vendor { return VendorAPNs }

// Vendor returns VendorAPNs.
func (APNsToken) Vendor() Vendor { return VendorAPNs }

// Vendor returns VendorHuawei.
func (Huawei) Vendor() Vendor { return VendorHuawei }

// Vendor returns VendorHonor.
func (Honor) Vendor() Vendor { return VendorHonor }

// Vendor returns VendorXiaomi.
func (Xiaomi) Vendor() Vendor { return VendorXiaomi }

// Vendor returns VendorOPPO.
func (OPPO) Vendor() Vendor { return VendorOPPO }

// Vendor returns VendorVivo.
func (Vivo) Vendor() Vendor { return VendorVivo }

// Vendor returns VendorMeizu.
func (Meizu) Vendor() Vendor { return VendorMeizu }

// Vendor returns VendorFCM.
func (FCM) Vendor() Vendor { return VendorFCM }

// Vendor returns VendorHarmonyOS.
func (HarmonyOS) Vendor() Vendor { return VendorHarmonyOS }

func (Huawei) android() {}
func (Honor) android()  {}
func (Xiaomi) android() {}
func (OPPO) android()   {}
func (Vivo) android()   {}
func (Meizu) android()  {}
func (FCM) android()    {}

func (APNsCertificate) auth() AuthType { return AuthCertificate }
func (APNsToken) auth() AuthType       { return AuthToken }
func (Huawei) auth() AuthType          { return "" }
func (Honor) auth() AuthType           { return "" }
func (Xiaomi) auth() AuthType          { return "" }
func (OPPO) auth() AuthType            { return "" }
func (Vivo) auth() AuthType            { return "" }
func (Meizu) auth() AuthType           { return "" }
func (FCM) auth() AuthType             { return "" }
func (HarmonyOS) auth() AuthType       { return "" }

// deref returns cred, or the credential it points to when it is a pointer
// (the methods of every credential type work on a pointer too); nil for a
// nil pointer.
func deref(cred Credential) Credential {
	rv := reflect.ValueOf(cred)
	if rv.Kind() != reflect.Pointer {
		return cred
	}
	if rv.IsNil() {
		return nil
	}
	c, _ := rv.Elem().Interface().(Credential)
	return c
}

// wire returns the AuthType and the wire fields of cred: each field its
// kind takes, read from the credential's field of that name; a .p12 is
// base64-encoded, the other files sent as text.
func wire(cred Credential) (AuthType, Fields) {
	var f Fields
	sp, _ := kind{cred.Vendor(), cred.auth()}.spec()
	rv := reflect.ValueOf(cred)
	for _, fd := range sp.Fields() {
		v := rv.FieldByName(fd.CredName())
		s := v.String()
		if v.Kind() == reflect.Slice {
			s = string(v.Bytes())
			if fd.Format == certfields.Base64 && v.Len() > 0 {
				s = encodeP12(v.Bytes())
			}
		}
		certfields.Set(&f, fd, s)
	}
	return cred.auth(), f
}

// The credential types never show their secrets: String and Format (every
// fmt verb) print Masked in their place, or "" for one left empty, and
// MarshalJSON, which slog's JSON handler also uses, writes Masked and
// leaves empty fields out. So a credential stays secret inside any value
// printed, logged or encoded as JSON, except in an unexported field: fmt
// cannot call the methods of a value there and prints its fields as they
// are, so keep credentials in exported fields. The request built from a
// credential is what carries the secrets to the service.

// String describes the credential without its secrets.
func (c APNsCertificate) String() string { return describe(c) }

// Format prints String for every verb.
func (c APNsCertificate) Format(f fmt.State, _ rune) { writeString(f, describe(c)) }

// MarshalJSON writes the credential with its secrets Masked.
func (c APNsCertificate) MarshalJSON() ([]byte, error) { return maskedJSON(c) }

// String describes the credential without its secrets.
func (t APNsToken) String() string { return describe(t) }

// Format prints String for every verb.
func (t APNsToken) Format(f fmt.State, _ rune) { writeString(f, describe(t)) }

// MarshalJSON writes the credential with its secrets Masked.
func (t APNsToken) MarshalJSON() ([]byte, error) { return maskedJSON(t) }

// String describes the credential without its secrets.
func (h Huawei) String() string { return describe(h) }

// Format prints String for every verb.
func (h Huawei) Format(f fmt.State, _ rune) { writeString(f, describe(h)) }

// MarshalJSON writes the credential with its secrets Masked.
func (h Huawei) MarshalJSON() ([]byte, error) { return maskedJSON(h) }

// String describes the credential without its secrets.
func (h Honor) String() string { return describe(h) }

// Format prints String for every verb.
func (h Honor) Format(f fmt.State, _ rune) { writeString(f, describe(h)) }

// MarshalJSON writes the credential with its secrets Masked.
func (h Honor) MarshalJSON() ([]byte, error) { return maskedJSON(h) }

// String describes the credential without its secrets.
func (x Xiaomi) String() string { return describe(x) }

// Format prints String for every verb.
func (x Xiaomi) Format(f fmt.State, _ rune) { writeString(f, describe(x)) }

// MarshalJSON writes the credential with its secrets Masked.
func (x Xiaomi) MarshalJSON() ([]byte, error) { return maskedJSON(x) }

// String describes the credential without its secrets.
func (o OPPO) String() string { return describe(o) }

// Format prints String for every verb.
func (o OPPO) Format(f fmt.State, _ rune) { writeString(f, describe(o)) }

// MarshalJSON writes the credential with its secrets Masked.
func (o OPPO) MarshalJSON() ([]byte, error) { return maskedJSON(o) }

// String describes the credential without its secrets.
func (v Vivo) String() string { return describe(v) }

// Format prints String for every verb.
func (v Vivo) Format(f fmt.State, _ rune) { writeString(f, describe(v)) }

// MarshalJSON writes the credential with its secrets Masked.
func (v Vivo) MarshalJSON() ([]byte, error) { return maskedJSON(v) }

// String describes the credential without its secrets.
func (m Meizu) String() string { return describe(m) }

// Format prints String for every verb.
func (m Meizu) Format(f fmt.State, _ rune) { writeString(f, describe(m)) }

// MarshalJSON writes the credential with its secrets Masked.
func (m Meizu) MarshalJSON() ([]byte, error) { return maskedJSON(m) }

// String describes the credential without its secrets.
func (c FCM) String() string { return describe(c) }

// Format prints String for every verb.
func (c FCM) Format(f fmt.State, _ rune) { writeString(f, describe(c)) }

// MarshalJSON writes the credential with its secrets Masked.
func (c FCM) MarshalJSON() ([]byte, error) { return maskedJSON(c) }

// String describes the credential without its secrets.
func (h HarmonyOS) String() string { return describe(h) }

// Format prints String for every verb.
func (h HarmonyOS) Format(f fmt.State, _ rune) { writeString(f, describe(h)) }

// MarshalJSON writes the credential with its secrets Masked.
func (h HarmonyOS) MarshalJSON() ([]byte, error) { return maskedJSON(h) }
