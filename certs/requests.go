package certs

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/certfields"
	"github.com/imconsole/imconsole/internal/consolewire"
)

// Action names of this service, as sent in X-TC-Action.
const (
	ActionList   = consolewire.ActionListCerts // DescribePushCertificates
	ActionCreate = "CreatePushCertificate"
	ActionModify = "ModifyPushCertificate"
	ActionDelete = consolewire.ActionDeleteCert // DeletePushCertificate
)

// Fields are the credential fields of CreatePushCertificate and
// ModifyPushCertificate, flat on the wire. Which ones a vendor takes is in
// docs/protocol.md; the per-vendor types (Huawei, APNsToken, ...) fill them
// for you. Several are secret: the value carries them in clear, since it
// is what Create and Modify send, but printing, logging or encoding it as
// JSON masks them (its JSON is the wire body with Masked in place of each
// secret), at any depth: slog's JSON handler, which encodes nested values
// as JSON, shows none either.
type Fields struct {
	// APNs .p12 (AuthType Certificate).
	P12         string `json:"P12,omitempty"`         // the .p12 file, standard base64 (secret)
	P12Password string `json:"P12Password,omitempty"` // secret
	// APNs .p8 (AuthType Token).
	P8Key  string `json:"P8Key,omitempty"`  // PEM (secret)
	KeyID  string `json:"KeyId,omitempty"`  // 10 characters
	TeamID string `json:"TeamId,omitempty"` // 10 characters
	// APNs: required with a .p8; with a .p12, optional and checked against
	// the certificate.
	BundleID    string      `json:"BundleId,omitempty"`
	Environment Environment `json:"Environment,omitempty"`
	// Android vendors.
	PackageName        string `json:"PackageName,omitempty"`
	AppID              string `json:"AppId,omitempty"`
	ClientID           string `json:"ClientId,omitempty"`
	AppKey             string `json:"AppKey,omitempty"`
	AppSecret          string `json:"AppSecret,omitempty"`    // secret
	ClientSecret       string `json:"ClientSecret,omitempty"` // secret
	MasterSecret       string `json:"MasterSecret,omitempty"` // secret
	ChannelID          string `json:"ChannelId,omitempty"`
	BadgeClass         string `json:"BadgeClass,omitempty"`         // Huawei: the launcher Activity, for the badge
	ServiceAccountJSON string `json:"ServiceAccountJson,omitempty"` // FCM, HarmonyOS: the JSON text (secret)
	// FCM: Notification or Data; absent is Notification.
	MessageType FCMMessageType `json:"MessageType,omitempty"`
	// HarmonyOS: the self-classification, e.g. IM.
	Category HarmonyCategory `json:"Category,omitempty"`
}

// CreateRequest is the body of CreatePushCertificate. Printed, logged or
// encoded as JSON (String, Format, LogValue, MarshalJSON) it masks its
// secrets, as Fields says; Create sends them.
type CreateRequest struct {
	SDKAppID uint64 `json:"SdkAppId"`
	// Vendor is required; Platform is optional and must be the vendor's.
	Vendor   Vendor   `json:"Vendor"`
	Platform Platform `json:"Platform,omitempty"`
	// AuthType is required for APNs (Certificate or Token), absent otherwise.
	AuthType AuthType `json:"AuthType,omitempty"`
	// ClickAction defaults to OpenApp; iOS certificates only open the app,
	// HarmonyOS ones open the app or a page.
	ClickAction *ClickAction `json:"ClickAction,omitempty"`
	Fields
	client.Idempotency
}

// UpdateRequest is the body of ModifyPushCertificate. Empty fields, and
// secrets equal to Masked, keep their stored value, except that a new P12
// always comes with its own P12Password (empty if it has none). A new .p12
// must be for the stored bundle ID and environment unless BundleId and
// Environment name the new ones. The vendor and, for APNs, the AuthType of
// a certificate never change. Like a CreateRequest, it masks its secrets
// when printed, logged or encoded as JSON; Modify sends them.
type UpdateRequest struct {
	SDKAppID      uint64 `json:"SdkAppId"`
	CertificateID uint64 `json:"CertificateId"`
	// Vendor and AuthType are optional: when set they must be the
	// certificate's, and they let the request be checked before sending.
	Vendor      Vendor       `json:"Vendor,omitempty"`
	AuthType    AuthType     `json:"AuthType,omitempty"`
	ClickAction *ClickAction `json:"ClickAction,omitempty"`
	Fields
	client.Idempotency
}

// fieldsWire is Fields as the wire carries them: the same fields, the
// secrets in clear (a defined type, so without Fields' MarshalJSON).
type fieldsWire Fields

// createWire and updateWire are the requests as Create and Modify send
// them: their fields in the same order, the secrets in clear
// (TestWireBodiesRoundTrip holds them to the requests' fields).
type createWire struct {
	SDKAppID    uint64       `json:"SdkAppId"`
	Vendor      Vendor       `json:"Vendor"`
	Platform    Platform     `json:"Platform,omitempty"`
	AuthType    AuthType     `json:"AuthType,omitempty"`
	ClickAction *ClickAction `json:"ClickAction,omitempty"`
	fieldsWire
	client.Idempotency
}

type updateWire struct {
	SDKAppID      uint64       `json:"SdkAppId"`
	CertificateID uint64       `json:"CertificateId"`
	Vendor        Vendor       `json:"Vendor,omitempty"`
	AuthType      AuthType     `json:"AuthType,omitempty"`
	ClickAction   *ClickAction `json:"ClickAction,omitempty"`
	fieldsWire
	client.Idempotency
}

// String describes the body without its credential fields; its JSON carries them.
func (w createWire) String() string { return describe(w) }

// Format prints String for every verb.
func (w createWire) Format(s fmt.State, _ rune) { writeString(s, describe(w)) }

// LogValue keeps the secrets out of slog output.
func (w createWire) LogValue() slog.Value { return logValue(w) }

// String describes the body without its credential fields; its JSON carries them.
func (w updateWire) String() string { return describe(w) }

// Format prints String for every verb.
func (w updateWire) Format(s fmt.State, _ rune) { writeString(s, describe(w)) }

// LogValue keeps the secrets out of slog output.
func (w updateWire) LogValue() slog.Value { return logValue(w) }

// WireBody is the body Create sends: its JSON is the request's with the
// secrets in clear (the request's own JSON masks them); printed or logged,
// it shows none. client.Client.Call sends it for a CreateRequest too; you
// need it only to send the request another way.
func (r CreateRequest) WireBody() any {
	return createWire{r.SDKAppID, r.Vendor, r.Platform, r.AuthType, r.ClickAction, fieldsWire(r.Fields), r.Idempotency}
}

// WireBody is the body Modify sends, as CreateRequest's is Create's.
func (r UpdateRequest) WireBody() any {
	return updateWire{r.SDKAppID, r.CertificateID, r.Vendor, r.AuthType, r.ClickAction, fieldsWire(r.Fields), r.Idempotency}
}

// masked is f with Masked in place of each non-empty secret.
func (f Fields) masked() Fields {
	for _, field := range certfields.All() {
		if field.Secret && certfields.Get(&f, field) != "" {
			certfields.Set(&f, field, Masked)
		}
	}
	return f
}

// MarshalJSON writes the fields as the wire does, with Masked in place of
// each secret.
func (f Fields) MarshalJSON() ([]byte, error) { return json.Marshal(fieldsWire(f.masked())) }

// MarshalJSON writes the request as the wire does, with Masked in place
// of each secret.
func (r CreateRequest) MarshalJSON() ([]byte, error) {
	r.Fields = r.Fields.masked()
	return json.Marshal(r.WireBody())
}

// MarshalJSON writes the request as the wire does, with Masked in place
// of each secret.
func (r UpdateRequest) MarshalJSON() ([]byte, error) {
	r.Fields = r.Fields.masked()
	return json.Marshal(r.WireBody())
}

// encodeP12 is the wire form of a .p12 file.
func encodeP12(p12 []byte) string { return base64.StdEncoding.EncodeToString(p12) }

// String describes the fields with their secrets masked.
func (f Fields) String() string { return describe(f) }

// Format prints String for every verb.
func (f Fields) Format(s fmt.State, _ rune) { writeString(s, describe(f)) }

// LogValue keeps the secrets out of slog output.
func (f Fields) LogValue() slog.Value { return logValue(f) }

// String describes the request with its secrets masked.
func (r CreateRequest) String() string { return describe(r) }

// Format prints String for every verb.
func (r CreateRequest) Format(s fmt.State, _ rune) { writeString(s, describe(r)) }

// LogValue keeps the secrets out of slog output.
func (r CreateRequest) LogValue() slog.Value { return logValue(r) }

// String describes the request with its secrets masked.
func (r UpdateRequest) String() string { return describe(r) }

// Format prints String for every verb.
func (r UpdateRequest) Format(s fmt.State, _ rune) { writeString(s, describe(r)) }

// LogValue keeps the secrets out of slog output.
func (r UpdateRequest) LogValue() slog.Value { return logValue(r) }
