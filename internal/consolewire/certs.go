package consolewire

import (
	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/rules"
)

// Actions of certs whose bodies are here and check themselves.
const (
	ActionListCerts  = "DescribePushCertificates"
	ActionDeleteCert = "DeletePushCertificate"
)

// ListCertsRequest is the body of DescribePushCertificates (Platform is
// certs.Platform). Platform and CertificateID filter; with CertificateID
// set, an unknown certificate is ResourceNotFound.Certificate rather than
// an empty list.
type ListCertsRequest[Platform ~string] struct {
	SDKAppID      uint64   `json:"SdkAppId"`
	Platform      Platform `json:"Platform,omitempty"`
	CertificateID uint64   `json:"CertificateId,omitempty"`
}

// Validate checks the request as the service does (rules.CheckCertList),
// returning the same *client.APIError (code and message) it would answer.
func (r *ListCertsRequest[Platform]) Validate() error {
	code, message := rules.CheckCertList(r.SDKAppID, string(r.Platform))
	return RuleError(ActionListCerts, code, message)
}

// CertsResponse is the answer of DescribePushCertificates: the app's
// certificates, by CertificateID (Certificate is certs.Certificate).
type CertsResponse[Certificate any] struct {
	Certificates []*Certificate `json:"Certificates"`
}

// CertResponse is the answer of CreatePushCertificate and
// ModifyPushCertificate (Certificate is certs.Certificate).
type CertResponse[Certificate any] struct {
	Certificate *Certificate `json:"Certificate"`
}

// DeleteCertRequest is the body of DeletePushCertificate.
type DeleteCertRequest struct {
	SDKAppID      uint64 `json:"SdkAppId"`
	CertificateID uint64 `json:"CertificateId"`
	client.Idempotency
}

// Validate checks the request as the service does (rules.CheckCertDelete), failing
// with the *client.APIError the service would answer (RuleError).
func (r *DeleteCertRequest) Validate() error {
	code, message := rules.CheckCertDelete(r.SDKAppID, r.CertificateID)
	return RuleError(ActionDeleteCert, code, message)
}
