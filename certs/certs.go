// Package certs manages an app's offline-push certificates as the IM
// console does: iOS APNs certificates (.p12) and token keys (.p8), and the
// push configs of the Android vendors (Huawei, Honor, Xiaomi, OPPO, vivo,
// Meizu and FCM) and of HarmonyOS.
//
// A wrong or expired certificate makes pushes silently stop reaching
// users, so every credential is checked for real before it is sent: a
// .p12 is opened with its password and must hold an unexpired APNs
// certificate with its own private key (its bundle ID, environment and
// expiry are read from it), a .p8 must be an EC P-256 PKCS#8 key, an FCM
// or HarmonyOS service account must parse, and each vendor's required
// fields must be present and well formed. The service runs the same
// checks and answers the same errors.
//
// Secrets (a .p12 and its password, a .p8 key, AppSecret, ClientSecret,
// MasterSecret, an FCM or HarmonyOS service-account JSON) are write-only:
// responses carry Masked in their place, an update that leaves a secret
// empty (or Masked) keeps the stored one, and printing or logging any type
// of this package never shows one. A credential (Huawei, APNsCertificate,
// ...) and a request (CreateRequest, UpdateRequest, Fields) stay secret
// nested at any depth, in JSON too; only a request's WireBody, what the
// client sends, carries the secrets (printing or logging it masks them).
// Deleting a certificate is final, and its CertificateID is never reused.
//
// A refusal is a *client.APIError whose code names the problem and whose
// message says what to fix, found before sending wherever the SDK can:
// InvalidParameterValue.P12Password (the password does not open the file),
// .CertificateExpired or .NotAPNsCertificate (export a current APNs
// certificate from Apple), .BundleId or .Environment (the file is not
// the one meant), InvalidParameterValue.<Field> (that field is
// malformed), LimitExceeded.Certificate (50 per app: delete one),
// ResourceInUse.Certificate (a .p8 for that bundle and environment exists:
// Update it). Every method is an action of the IM console protocol
// (docs/protocol.md): on a client made client.WithTencentCloud it fails
// before sending with client.ErrConsoleOnly.
package certs

import (
	"context"
	"fmt"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/console"
	"github.com/imconsole/imconsole/internal/consolewire"
	"github.com/imconsole/imconsole/internal/rules"
)

// Service calls the push-certificate actions. Create it with New; it is
// safe for concurrent use.
type Service struct {
	c *client.Client
}

// New returns the certs service over c.
func New(c *client.Client) *Service { return &Service{c: c} }

// List returns the app's certificates, by CertificateID, with secrets
// Masked (DescribePushCertificates). platform filters: PlatformIOS,
// PlatformAndroid, PlatformHarmonyOS, or "" for all. An unknown app fails
// with ResourceNotFound.App.
func (s *Service) List(ctx context.Context, sdkAppID uint64, platform Platform) ([]*Certificate, error) {
	return s.list(ctx, &consolewire.ListCertsRequest[Platform]{SDKAppID: sdkAppID, Platform: platform})
}

// Get returns one certificate with its secrets Masked. An unknown or
// deleted one fails with ResourceNotFound.Certificate (errors.Is
// client.ErrNotFound).
func (s *Service) Get(ctx context.Context, sdkAppID, certID uint64) (*Certificate, error) {
	if certID == 0 {
		return nil, s.c.Call(ctx, ActionList, console.Refused(client.ValidationError(ActionList, "MissingParameter", rules.MissingCertificateID)), nil)
	}
	list, err := s.list(ctx, &consolewire.ListCertsRequest[Platform]{SDKAppID: sdkAppID, CertificateID: certID})
	if err != nil {
		return nil, err
	}
	if len(list) != 1 {
		return nil, fmt.Errorf("imconsole: %s: asked for certificate %d, got %d certificates", ActionList, certID, len(list))
	}
	return list[0], nil
}

func (s *Service) list(ctx context.Context, req *consolewire.ListCertsRequest[Platform]) ([]*Certificate, error) {
	var resp consolewire.CertsResponse[Certificate]
	if err := s.c.Call(ctx, ActionList, console.Checked{Body: req}, &resp); err != nil {
		return nil, err
	}
	return resp.Certificates, nil
}

// CreateIOS uploads an APNs .p12 (CreatePushCertificate, AuthType
// Certificate). The .p12 is opened locally first and refused, without any
// request, for a wrong password, a missing certificate or private key, a
// certificate that is not an APNs one, a wildcard bundle ID, or one
// already expired (by this machine's clock; the service checks again by
// its own): see InspectP12 for the codes. The answer carries the bundle
// ID, environment and expiry read from the certificate.
func (s *Service) CreateIOS(ctx context.Context, sdkAppID uint64, cert APNsCertificate) (*Certificate, error) {
	return s.Create(ctx, NewCreateRequest(sdkAppID, cert, ClickAction{}))
}

// CreateIOSToken uploads an APNs .p8 token key with its Key ID, Team ID,
// bundle ID and environment (CreatePushCertificate, AuthType Token). The
// key must be an EC P-256 PKCS#8 PEM key; an app holds one token per bundle
// ID and environment (a second fails with ResourceInUse.Certificate:
// update or delete the first).
func (s *Service) CreateIOSToken(ctx context.Context, sdkAppID uint64, token APNsToken) (*Certificate, error) {
	return s.Create(ctx, NewCreateRequest(sdkAppID, token, ClickAction{}))
}

// CreateAndroid uploads an Android vendor's push config
// (CreatePushCertificate): Huawei, Honor, Xiaomi, OPPO, Vivo, Meizu or FCM.
// Every field the vendor requires must be set and well formed; the error
// names the first one that is not. click says what tapping a notification
// does; its zero value opens the app. An app holds at most
// MaxCertificatesPerApp certificates (LimitExceeded.Certificate).
func (s *Service) CreateAndroid(ctx context.Context, sdkAppID uint64, cred AndroidCredential, click ClickAction) (*Certificate, error) {
	if deref(cred) == nil {
		return nil, s.c.Call(ctx, ActionCreate, console.Refused(client.ValidationError(ActionCreate, "MissingParameter", "CreateAndroid needs a credential: certs.Huawei, Honor, Xiaomi, OPPO, Vivo, Meizu or FCM")), nil)
	}
	return s.Create(ctx, NewCreateRequest(sdkAppID, cred, click))
}

// CreateHarmonyOS uploads a HarmonyOS push config (CreatePushCertificate,
// Vendor HarmonyOS, Platform HarmonyOS): the bundle name, the Push Kit
// service-account key file, which must parse, and the self-classification.
// click is OpenApp (its zero value) or OpenPageURI: HarmonyOS
// notifications open the app or one of its pages, never a web page (any
// other is InvalidParameterValue.ClickAction). Every field must be set and
// well formed (the error names the first one that is not), and an app holds
// at most MaxCertificatesPerApp certificates (LimitExceeded.Certificate).
func (s *Service) CreateHarmonyOS(ctx context.Context, sdkAppID uint64, cred HarmonyOS, click ClickAction) (*Certificate, error) {
	return s.Create(ctx, NewCreateRequest(sdkAppID, cred, click))
}

// NewCreateRequest returns the CreatePushCertificate body for cred, to
// send with Create, for example with your own ClientToken so the upload is
// idempotent across restarts. A zero click is left out (the app opens).
func NewCreateRequest(sdkAppID uint64, cred Credential, click ClickAction) *CreateRequest {
	req := &CreateRequest{SDKAppID: sdkAppID}
	if cred = deref(cred); cred != nil {
		req.Vendor = cred.Vendor()
		req.AuthType, req.Fields = wire(cred)
	}
	if click != (ClickAction{}) {
		req.ClickAction = &click
	}
	return req
}

// Create sends a CreatePushCertificate body as it is, after checking it
// locally exactly as CreateIOS, CreateIOSToken, CreateAndroid and
// CreateHarmonyOS do, and fails as they do; a nil req fails with
// MissingParameter, nothing sent.
func (s *Service) Create(ctx context.Context, req *CreateRequest) (*Certificate, error) {
	if req == nil {
		return nil, s.c.Call(ctx, ActionCreate, console.Refused(client.ValidationError(ActionCreate, "MissingParameter", "Create needs a *CreateRequest; build one with NewCreateRequest")), nil)
	}
	return s.certCall(ctx, ActionCreate, req)
}

// Update is a change to a certificate. Nil fields, and zero fields of
// Credential, are kept: in particular a secret left empty keeps the stored
// one. Credential must be of the certificate's vendor (and for APNs of its
// kind, APNsCertificate or APNsToken): a certificate never changes vendor.
// A new APNsCertificate.P12 must come with its own Password.
type Update struct {
	ClickAction *ClickAction
	Credential  Credential
}

// String describes the update with its secrets masked.
func (u Update) String() string { return describe(u) }

// Format prints String for every verb.
func (u Update) Format(f fmt.State, _ rune) { writeString(f, describe(u)) }

// Update changes a certificate (ModifyPushCertificate) and returns it,
// secrets Masked. What it sends is checked first, without any request
// (a new .p12 is opened and must be unexpired); the service then checks
// the merged certificate as a create would. An unknown certificate fails
// with ResourceNotFound.Certificate; a credential of another vendor with
// InvalidParameterValue.Vendor; a Disabled app with
// FailedOperation.AppDisabled.
func (s *Service) Update(ctx context.Context, sdkAppID, certID uint64, u Update) (*Certificate, error) {
	return s.Modify(ctx, NewUpdateRequest(sdkAppID, certID, u))
}

// NewUpdateRequest returns the ModifyPushCertificate body for u, to send
// with Modify (for example with your own ClientToken).
func NewUpdateRequest(sdkAppID, certID uint64, u Update) *UpdateRequest {
	req := &UpdateRequest{SDKAppID: sdkAppID, CertificateID: certID, ClickAction: u.ClickAction}
	if cred := deref(u.Credential); cred != nil {
		req.Vendor = cred.Vendor()
		req.AuthType, req.Fields = wire(cred)
	}
	return req
}

// Modify sends a ModifyPushCertificate body as it is, after checking it
// locally exactly as Update does.
func (s *Service) Modify(ctx context.Context, req *UpdateRequest) (*Certificate, error) {
	if req == nil {
		return nil, s.c.Call(ctx, ActionModify, console.Refused(client.ValidationError(ActionModify, "MissingParameter", "Modify needs an *UpdateRequest; build one with NewUpdateRequest")), nil)
	}
	return s.certCall(ctx, ActionModify, req)
}

// Delete removes a certificate for good (DeletePushCertificate): devices
// that registered with its CertificateID stop receiving offline pushes,
// and the ID is never given again. An unknown or already deleted
// certificate fails with ResourceNotFound.Certificate, a Disabled app with
// FailedOperation.AppDisabled.
func (s *Service) Delete(ctx context.Context, sdkAppID, certID uint64) error {
	req := &consolewire.DeleteCertRequest{SDKAppID: sdkAppID, CertificateID: certID}
	return s.c.Call(ctx, ActionDelete, console.Checked{Body: req}, nil)
}

// certCall checks and sends a Create or Modify body and returns the
// certificate the console answers; an answer without one is an error.
func (s *Service) certCall(ctx context.Context, action string, req console.Validator) (*Certificate, error) {
	var resp consolewire.CertResponse[Certificate]
	err := s.c.Call(ctx, action, console.Checked{Body: req}, &resp)
	return console.Result(action, "Certificate", resp.Certificate, err)
}
