package apps

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/imconsole/imconsole/internal/rules"
)

// Edition is an app's plan (业务版本): Trial is 体验版, Pro 专业版, Flagship
// 旗舰版, Enterprise 企业版. Upgrades are one-way: Trial (or TRTCTrial) →
// Pro → Flagship → Enterprise.
type Edition string

// Editions, in upgrade order.
const (
	EditionTrial Edition = rules.EditionTrial
	// EditionTRTCTrial (TRTC 体验版) is the edition of an app created as a
	// TRTC trial in the TRTC console, sharing its SDKAppID with IM (its
	// TRTCEnabled is always true). It cannot be chosen in the IM console.
	// Its owner can neither disable nor delete it there: it is disabled on
	// the TRTC side first, then Tencent Cloud support disables and deletes
	// it (UnsupportedOperation.ContactSupport). It upgrades to Pro,
	// Flagship or Enterprise like a Trial app.
	EditionTRTCTrial Edition = rules.EditionTRTCTrial
	EditionPro       Edition = rules.EditionPro
	EditionFlagship  Edition = rules.EditionFlagship
	// EditionEnterprise (企业版) is the edition above Flagship: it has at
	// least Flagship's features and limits (Tencent's pages name the
	// features of 旗舰版 "旗舰版或企业版", e.g. targeted group messages,
	// 269/76669). Tencent documents no wire name for it; "Enterprise" is
	// imconsole's own (docs/protocol.md).
	EditionEnterprise Edition = rules.EditionEnterprise
)

// Rank orders editions for the one-way upgrade rule: Trial and TRTCTrial
// 1, Pro 2, Flagship 3, Enterprise 4, anything else 0.
func (e Edition) Rank() int { return rules.EditionRank(string(e)) }

// AtLeast reports whether e is base or an edition above it: an app of e has
// every feature and limit of base (an Enterprise app is AtLeast(Flagship)).
// An unknown e is at least no edition.
func (e Edition) AtLeast(base Edition) bool { return rules.EditionAtLeast(string(e), string(base)) }

// Paid reports whether e is a paid edition (Pro, Flagship or Enterprise).
func (e Edition) Paid() bool { return e.AtLeast(EditionPro) }

// Status is an app's service status.
type Status string

// Statuses. A paid app falls into Arrears when its account owes money and
// becomes Disabled 7 days later unless renewed (imconsole's own period:
// Tencent documents none). It is Expired when its package runs out and
// Disabled 24 hours later unless renewed (Tencent: renew within 24 hours of
// expiry); a refunded package disables it at once. A Trial app is Disabled
// by its owner.
const (
	StatusEnabled  Status = "Enabled"
	StatusArrears  Status = "Arrears"
	StatusExpired  Status = "Expired"
	StatusDisabled Status = "Disabled"
)

// Algorithm is the algorithm an app's UserSigs are signed with.
type Algorithm string

// Signature algorithms. Apps created before 2019-08-15 use ECDSA-SHA256
// until upgraded; newer apps use HMAC-SHA256.
const (
	AlgorithmHMACSHA256  Algorithm = "HMAC-SHA256"
	AlgorithmECDSASHA256 Algorithm = "ECDSA-SHA256"
)

// Region is the data center an app's data lives in; it cannot be changed
// after creation. It is the same type as restapi.Region, so an app's
// Region passes to restapi.WithRegion as it is; its methods Host and
// BackupHost (see restapi.Region) give the data center's REST API hosts.
type Region = rules.Region

// Data centers (restapi.China, restapi.Singapore ... are the same values).
const (
	RegionChina         = rules.China         // ap-guangzhou
	RegionSingapore     = rules.Singapore     // ap-singapore
	RegionJakarta       = rules.Jakarta       // ap-jakarta
	RegionSeoul         = rules.Seoul         // ap-seoul
	RegionTokyo         = rules.Tokyo         // ap-tokyo
	RegionFrankfurt     = rules.Frankfurt     // eu-frankfurt
	RegionSiliconValley = rules.SiliconValley // na-siliconvalley
	RegionMumbai        = rules.Mumbai        // ap-mumbai
)

// Regions lists every data center an app can be created in, China first.
func Regions() []Region { return rules.Regions() }

// App is an IM application as the console shows it.
type App struct {
	// SDKAppID identifies the app everywhere (UserSigs, the REST API,
	// callbacks); it is never reused, even after the app is deleted.
	SDKAppID uint64 `json:"SdkAppId"`
	// AppName is 1-15 letters, digits, Chinese characters or underscores.
	AppName string `json:"AppName"`
	// AppType is free text of at most 32 characters, such as "Social".
	AppType string `json:"AppType"`
	// Intro is at most 300 characters.
	Intro string `json:"Intro"`
	// Edition is the app's plan; it only goes up (UpgradeEdition).
	Edition Edition `json:"Edition"`
	// Status is Enabled, Arrears, Expired or Disabled.
	Status Status `json:"Status"`
	// SignatureAlgorithm is what its UserSigs are signed with; Secret
	// returns the matching key.
	SignatureAlgorithm Algorithm `json:"SignatureAlgorithm"`
	// TRTCEnabled reports whether Tencent RTC is open for the app
	// (EnableTRTC).
	TRTCEnabled bool `json:"TRTCEnabled"`
	// Region is the data center, fixed at creation; pass it to
	// restapi.WithRegion.
	Region Region `json:"Region"`
	// CreatedAt is when the app was created.
	CreatedAt time.Time `json:"CreatedAt"`
	// ExpiresAt is when a paid package runs out; nil for Trial and
	// TRTCTrial apps.
	ExpiresAt *time.Time `json:"ExpiresAt"`
}

// Secret is an app's signing key material: Key for HMAC-SHA256 apps,
// PrivateKey and PublicKey (PEM) for legacy ECDSA-SHA256 apps. The keys are
// plain strings to use as they are (usersig.NewHMACSigner(id, secret.Key)),
// but a Secret never shows them: String, Format (every fmt verb), GoString,
// LogValue and MarshalJSON (which slog's JSON handler uses for a Secret
// nested in a struct, slice or map) write "[redacted]" in place of each
// non-empty key. Its fields are the answer of DescribeIMAppSecret, whose
// JSON carries the keys in clear: Service.Secret decodes it into a Secret.
//
// fmt cannot call the methods of a value in an unexported field, so a
// Secret kept in one is printed as it is by %v: keep it in an exported
// field, or its keys in a string you never print.
type Secret struct {
	// SignatureAlgorithm says which keys are set.
	SignatureAlgorithm Algorithm `json:"SignatureAlgorithm"`
	// Key is the HMAC-SHA256 key (usersig.NewHMACSigner).
	Key string `json:"Key,omitempty"`
	// PrivateKey is a legacy app's ECDSA private key, PEM
	// (usersig.NewECDSASigner).
	PrivateKey string `json:"PrivateKey,omitempty"`
	// PublicKey is a legacy app's ECDSA public key, PEM
	// (usersig.NewECDSAVerifier).
	PublicKey string `json:"PublicKey,omitempty"`
}

// redacted is what a Secret shows in place of a key.
const redacted = "[redacted]"

// String describes the secret without revealing any key.
func (s Secret) String() string {
	return fmt.Sprintf("apps.Secret{SignatureAlgorithm: %s, keys: %s}", s.SignatureAlgorithm, redacted)
}

// GoString is String, so %#v does not reveal the keys either.
func (s Secret) GoString() string { return s.String() }

// Format makes every fmt verb (%v, %+v, %s, %q, ...) print String.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue keeps the keys out of slog output.
func (s Secret) LogValue() slog.Value {
	return slog.GroupValue(slog.String("SignatureAlgorithm", string(s.SignatureAlgorithm)), slog.String("keys", redacted))
}

// MarshalJSON writes the secret with "[redacted]" in place of each
// non-empty key and the empty ones left out, so that no JSON encoding of a
// value holding a Secret carries a key. It cannot fail.
func (s Secret) MarshalJSON() ([]byte, error) {
	mask := func(k string) string {
		if k == "" {
			return ""
		}
		return redacted
	}
	// secretFields is Secret without its methods, so that json.Marshal
	// encodes the fields instead of calling MarshalJSON again.
	type secretFields Secret
	return json.Marshal(secretFields{
		SignatureAlgorithm: s.SignatureAlgorithm,
		Key:                mask(s.Key),
		PrivateKey:         mask(s.PrivateKey),
		PublicKey:          mask(s.PublicKey),
	})
}
