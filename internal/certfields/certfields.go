// Package certfields describes, once, the credential fields of each kind
// of push certificate: their wire names, the Go fields that hold them, which
// are required and which are secret, and the format rule each follows.
// certs validates and masks by it; the reference server merges updates and
// masks its responses by it. Users never import it.
package certfields

import "reflect"

// Masked is what responses carry in place of a secret.
const Masked = "******"

// Format names the rule a field's value follows. certs implements each
// rule, once.
type Format int

// Formats.
const (
	Free                  Format = iota // no rule (a .p12 password)
	Base64                              // a .p12 file, standard base64
	P8                                  // an APNs .p8 key: EC P-256 PKCS#8 PEM
	AppleID                             // 10 upper-case letters and digits
	BundleID                            // an explicit iOS bundle ID
	Environment                         // Development or Production
	PackageName                         // an Android application ID
	Digits                              // a numeric vendor ID
	Token                               // 1-256 printable ASCII characters, no spaces
	ChannelID                           // an Android notification channel ID
	ClassName                           // a fully qualified Java class name
	ServiceAccount                      // an FCM service-account JSON
	HarmonyServiceAccount               // a HarmonyOS (AppGallery Connect) service-account JSON
	AnyServiceAccount                   // either, told apart by FCM's "type" (the vendor not known)
	BundleName                          // a HarmonyOS bundle name
	HarmonyCategory                     // a HarmonyOS self-classification, e.g. IM
	FCMMessageType                      // Notification or Data
)

// Field is one credential field.
type Field struct {
	Wire   string // the JSON name, also the name errors use
	Go     string // the field of certs.Fields and certs.Certificate
	Cred   string // the field of the vendor's credential type, when not Go
	Secret bool
	Format Format
	// Default is what a create stores when the field is absent; "" for
	// none.
	Default string
}

// CredName is the field's name in the vendor's credential type
// (certs.Huawei, certs.APNsToken, ...).
func (f Field) CredName() string {
	if f.Cred != "" {
		return f.Cred
	}
	return f.Go
}

var (
	p12          = Field{Wire: "P12", Go: "P12", Secret: true, Format: Base64}
	p12Password  = Field{Wire: "P12Password", Go: "P12Password", Cred: "Password", Secret: true}
	p8Key        = Field{Wire: "P8Key", Go: "P8Key", Cred: "Key", Secret: true, Format: P8}
	keyID        = Field{Wire: "KeyId", Go: "KeyID", Format: AppleID}
	teamID       = Field{Wire: "TeamId", Go: "TeamID", Format: AppleID}
	bundleID     = Field{Wire: "BundleId", Go: "BundleID", Format: BundleID}
	environment  = Field{Wire: "Environment", Go: "Environment", Format: Environment}
	packageName  = Field{Wire: "PackageName", Go: "PackageName", Format: PackageName}
	appID        = Field{Wire: "AppId", Go: "AppID", Format: Token}
	appIDDigits  = Field{Wire: "AppId", Go: "AppID", Format: Digits}
	clientID     = Field{Wire: "ClientId", Go: "ClientID", Format: Token}
	appKey       = Field{Wire: "AppKey", Go: "AppKey", Format: Token}
	appSecret    = Field{Wire: "AppSecret", Go: "AppSecret", Secret: true, Format: Token}
	clientSecret = Field{Wire: "ClientSecret", Go: "ClientSecret", Secret: true, Format: Token}
	masterSecret = Field{Wire: "MasterSecret", Go: "MasterSecret", Secret: true, Format: Token}
	channelID    = Field{Wire: "ChannelId", Go: "ChannelID", Format: ChannelID}
	badgeClass   = Field{Wire: "BadgeClass", Go: "BadgeClass", Format: ClassName}
	serviceAcct  = Field{Wire: "ServiceAccountJson", Go: "ServiceAccountJSON", Secret: true, Format: AnyServiceAccount}
	messageType  = Field{Wire: "MessageType", Go: "MessageType", Format: FCMMessageType, Default: "Notification"}
	category     = Field{Wire: "Category", Go: "Category", Format: HarmonyCategory}
)

// A vendor's own definition of a field (Kind.Takes).
var (
	serviceAcctFCM     = with(serviceAcct, ServiceAccount)
	serviceAcctHarmony = with(serviceAcct, HarmonyServiceAccount)
	bundleName         = with(packageName, BundleName)
)

// with is f following format.
func with(f Field, format Format) Field {
	f.Format = format
	return f
}

// All returns every field, in the order they are checked: AppId,
// PackageName and ServiceAccountJson with their general formats (a
// vendor's own, from Kind.Takes, may be stricter).
func All() []Field {
	return []Field{p12, p12Password, p8Key, keyID, teamID, bundleID, environment, packageName, appID, clientID, appKey, appSecret, clientSecret, masterSecret, channelID, badgeClass, serviceAcct, messageType, category}
}

// Kind is what one kind of credential takes.
type Kind struct {
	Name     string // for messages: "Huawei", "an APNs token key (.p8)"
	Where    string // where the values come from, for messages
	Required []Field
	Optional []Field
}

// Of returns the kind of a vendor's credential ("Certificate" or "Token"
// auth for APNs, "" otherwise); ok is false for an unknown pair.
func Of(vendor, auth string) (k Kind, ok bool) {
	switch vendor + "/" + auth {
	case "APNs/Certificate":
		return Kind{"an APNs certificate (.p12)", "export the APNs certificate with its private key from Keychain Access as .p12",
			[]Field{p12}, []Field{p12Password, bundleID, environment}}, true
	case "APNs/Token":
		return Kind{"an APNs token key (.p8)", "create a key with APNs enabled under Apple Developer > Certificates, Identifiers & Profiles > Keys; the Team ID is under Membership",
			[]Field{p8Key, keyID, teamID, bundleID, environment}, nil}, true
	case "Huawei/":
		return Kind{vendor, "AppGallery Connect > Project settings > App information (App ID = Client ID, App Secret = Client Secret)",
			[]Field{packageName, appIDDigits, appSecret}, []Field{channelID, badgeClass}}, true
	case "Honor/":
		return Kind{vendor, "the Honor Developer Service Platform > your app > Push Kit",
			[]Field{packageName, appID, clientID, clientSecret}, nil}, true
	case "Xiaomi/":
		return Kind{vendor, "the Xiaomi Open Platform > your app > Push service",
			[]Field{packageName, appIDDigits, appSecret}, []Field{channelID}}, true
	case "OPPO/":
		return Kind{vendor, "the OPPO Open Platform > Push service > your app; ChannelId is the notification channel your app creates (required on Android 8.0+)",
			[]Field{packageName, appKey, masterSecret, channelID}, nil}, true
	case "vivo/":
		return Kind{vendor, "the vivo Developer Platform > Push > your app",
			[]Field{packageName, appIDDigits, appKey, appSecret}, nil}, true
	case "Meizu/":
		return Kind{vendor, "the Flyme Push platform > your app",
			[]Field{packageName, appIDDigits, appSecret}, nil}, true
	case "FCM/":
		return Kind{vendor, "Firebase > Project settings > Service accounts > Generate new private key",
			[]Field{serviceAcctFCM}, []Field{messageType}}, true
	case "HarmonyOS/":
		return Kind{vendor, "AppGallery Connect: PackageName is the app's bundle name; ServiceAccountJson the Push Kit service-account key file (API Console > Credentials > Service account key); Category the self-classification (自分类) Push Kit granted the app, IM for chat messages",
			[]Field{bundleName, serviceAcctHarmony, category}, nil}, true
	}
	return Kind{}, false
}

// SetDefaults sets on *p, a certs.Fields, the Default of each field of
// the kind that is empty: what a create stores.
func (k Kind) SetDefaults(p any) {
	for _, f := range k.Fields() {
		if f.Default != "" && Get(p, f) == "" {
			Set(p, f, f.Default)
		}
	}
}

// Fields returns every field the kind takes, required first.
func (k Kind) Fields() []Field { return append(append([]Field{}, k.Required...), k.Optional...) }

// Takes returns the kind's definition of the field with wire name wire.
func (k Kind) Takes(wire string) (Field, bool) {
	for _, f := range k.Fields() {
		if f.Wire == wire {
			return f, true
		}
	}
	return Field{}, false
}

// IsSecret reports whether the Go field name, of any type of certs, holds
// a secret.
func IsSecret(goName string) bool {
	for _, f := range All() {
		if f.Secret && (goName == f.Go || goName == f.CredName()) {
			return true
		}
	}
	return false
}

// Get returns field f of v, a certs.Fields or certs.Certificate or a
// pointer to one.
func Get(v any, f Field) string {
	return reflect.Indirect(reflect.ValueOf(v)).FieldByName(f.Go).String()
}

// Set sets field f of *p, a certs.Fields or certs.Certificate.
func Set(p any, f Field, value string) {
	reflect.ValueOf(p).Elem().FieldByName(f.Go).SetString(value)
}

// Merge returns stored, a certs.Fields, updated with every field of update
// that is set, except secrets equal to Masked: how ModifyPushCertificate
// applies an update. A public field is never masked, so Masked there is a
// value like any other. A new P12 comes with its own P12Password, so it
// replaces the password too, even with an empty one.
func Merge[F any](stored, update F) F {
	for _, f := range All() {
		if v := Get(update, f); v != "" && !(f.Secret && v == Masked) {
			Set(&stored, f, v)
		}
	}
	if NewP12(update) {
		Set(&stored, p12Password, Get(update, p12Password))
	}
	return stored
}

// NewP12 reports whether f, a certs.Fields (or a pointer to one), sends a
// new P12: one that is set and not Masked, which replaces the password.
func NewP12(f any) bool {
	v := Get(f, p12)
	return v != "" && v != Masked
}

// Show sets on c, a *certs.Certificate, the fields of kind k from stored,
// a certs.Fields, as every response shows them: public fields as they are,
// and Masked for every secret the kind takes, even an empty one.
func Show(c any, k Kind, stored any) {
	for _, f := range k.Fields() {
		v := Get(stored, f)
		if f.Secret {
			v = Masked
		}
		Set(c, f, v)
	}
}
