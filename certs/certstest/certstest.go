// Package certstest generates push credentials for tests and demos: APNs
// certificates and their PKCS#12 files, .p8 token keys and FCM and
// HarmonyOS service accounts, made at run time so no real credential is
// ever checked in.
//
// These are test helpers. The certificates are self-signed and the keys
// random: they pass the certs package's checks (and the imtest reference
// server's), and no real push service accepts them.
package certstest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"sync"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/imconsole/imconsole/certs"
)

// Object identifiers Apple puts in APNs certificates.
var (
	OIDUserID          = asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1} // subject UID: the bundle ID
	OIDAPNsDevelopment = asn1.ObjectIdentifier{1, 2, 840, 113635, 100, 6, 3, 1} // sandbox
	OIDAPNsProduction  = asn1.ObjectIdentifier{1, 2, 840, 113635, 100, 6, 3, 2} // production
	OIDAPNsTopics      = asn1.ObjectIdentifier{1, 2, 840, 113635, 100, 6, 3, 6} // universal certificates: topics
)

// TeamID is the Apple Team ID the generated certificates carry, and a
// valid one for APNsToken.TeamID.
const TeamID = "ABCDE12345"

// KeyID is a valid Key ID for APNsToken.KeyID.
const KeyID = "KEY1234567"

var (
	rsaOnce sync.Once
	rsaKey  *rsa.PrivateKey
	rsaErr  error
)

// Key returns the RSA-2048 key the generated APNs certificates use,
// generated once per process (RSA key generation is slow). If generating
// it fails, every call returns that error.
func Key() (*rsa.PrivateKey, error) {
	rsaOnce.Do(func() { rsaKey, rsaErr = rsa.GenerateKey(rand.Reader, 2048) })
	return rsaKey, rsaErr
}

// APNsCertificate returns a self-signed certificate shaped as Apple's:
// subject CN "Apple Push Services: <bundleID>" (Production, a universal
// certificate with the development, production and topics extensions) or
// "Apple Development IOS Push Services: <bundleID>" (Development, the
// development extension only), subject UID bundleID, valid from a year
// before notAfter (or an hour ago, if earlier) to notAfter; and its
// private key, Key(). It fails for an env that is neither Development nor
// Production, and as SelfSigned does.
func APNsCertificate(bundleID string, env certs.Environment, notAfter time.Time) (*x509.Certificate, crypto.Signer, error) {
	null := []byte{0x05, 0x00} // ASN.1 NULL, the value of Apple's marker extensions
	cn := "Apple Development IOS Push Services: " + bundleID
	exts := []pkix.Extension{{Id: OIDAPNsDevelopment, Value: null}}
	switch env {
	case certs.EnvironmentDevelopment:
	case certs.EnvironmentProduction:
		topics, err := asn1.Marshal([]any{bundleID, []string{"app"}, bundleID + ".voip", []string{"voip"}})
		if err != nil {
			return nil, nil, err
		}
		cn = "Apple Push Services: " + bundleID
		exts = append(exts, pkix.Extension{Id: OIDAPNsProduction, Value: null}, pkix.Extension{Id: OIDAPNsTopics, Value: topics})
	default:
		return nil, nil, fmt.Errorf("certstest: environment %q is neither Development nor Production", env)
	}
	return SelfSigned(&x509.Certificate{
		Subject: pkix.Name{
			CommonName:         cn,
			OrganizationalUnit: []string{TeamID},
			Organization:       []string{"Example Inc."},
			Country:            []string{"US"},
			ExtraNames:         []pkix.AttributeTypeAndValue{{Type: OIDUserID, Value: bundleID}},
		},
		NotBefore:       earliest(notAfter.Add(-365*24*time.Hour), time.Now().Add(-time.Hour)),
		NotAfter:        notAfter,
		KeyUsage:        x509.KeyUsageDigitalSignature,
		ExtKeyUsage:     []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		ExtraExtensions: exts,
	})
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// SelfSigned signs template with Key() (filling in a serial number when it
// has none, and a validity of the past hour to a year ahead when it has
// none) and returns the certificate and its key. Use it for certificates
// that are not APNs ones. It fails when Key does, or when
// x509.CreateCertificate refuses template.
func SelfSigned(template *x509.Certificate) (*x509.Certificate, crypto.Signer, error) {
	key, err := Key()
	if err != nil {
		return nil, nil, err
	}
	t := *template
	if t.SerialNumber == nil {
		if t.SerialNumber, err = rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64)); err != nil {
			return nil, nil, err
		}
	}
	if t.NotAfter.IsZero() {
		t.NotBefore, t.NotAfter = time.Now().Add(-time.Hour), time.Now().Add(365*24*time.Hour)
	}
	der, err := x509.CreateCertificate(rand.Reader, &t, &t, key.Public(), key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	return cert, key, nil
}

// P12 packs a certificate and a private key into a PKCS#12 file protected
// by password, laid out as Keychain Access exports them but with AES-256
// and SHA-256 (go-pkcs12's Modern encoder) where Keychain Access uses
// 3DES and SHA-1, so it also opens under GODEBUG=fips140=only. It fails
// for a password with a character outside Unicode's Basic Multilingual
// Plane, or a key x509.MarshalPKCS8PrivateKey does not take.
func P12(cert *x509.Certificate, key crypto.PrivateKey, password string) ([]byte, error) {
	return pkcs12.Modern.Encode(key, cert, nil, password)
}

// APNsP12 is APNsCertificate packed with its key by P12: a .p12 ready for
// certs.APNsCertificate. It fails as APNsCertificate and P12 do.
func APNsP12(bundleID string, env certs.Environment, notAfter time.Time, password string) ([]byte, error) {
	cert, key, err := APNsCertificate(bundleID, env, notAfter)
	if err != nil {
		return nil, err
	}
	return P12(cert, key, password)
}

// CertificateOnlyP12 is a PKCS#12 file holding cert and no private key.
// It fails for a password with a character outside Unicode's Basic
// Multilingual Plane.
func CertificateOnlyP12(cert *x509.Certificate, password string) ([]byte, error) {
	return pkcs12.Modern.EncodeTrustStore([]*x509.Certificate{cert}, password)
}

// KeyOnlyP12 is a PKCS#12 file holding key and no certificate, without a
// password (open it with ""). It is built by hand from RFC 7292, since
// PKCS#12 writers always include a certificate. It fails for a key
// x509.MarshalPKCS8PrivateKey does not take.
func KeyOnlyP12(key crypto.PrivateKey) ([]byte, error) {
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	type safeBag struct {
		ID    asn1.ObjectIdentifier
		Value asn1.RawValue
	}
	type contentInfo struct {
		ContentType asn1.ObjectIdentifier
		Content     asn1.RawValue
	}
	type pfx struct {
		Version  int
		AuthSafe contentInfo
	}
	oidData := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidKeyBag := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	explicit0 := func(inner []byte) asn1.RawValue {
		return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: inner}
	}
	// data wraps der as the content of a ContentInfo of type data.
	data := func(der []byte) (contentInfo, error) {
		octets, err := asn1.Marshal(der)
		return contentInfo{ContentType: oidData, Content: explicit0(octets)}, err
	}
	bags, err := asn1.Marshal([]safeBag{{ID: oidKeyBag, Value: explicit0(pkcs8)}})
	if err != nil {
		return nil, err
	}
	safe, err := data(bags)
	if err != nil {
		return nil, err
	}
	authSafe, err := asn1.Marshal([]contentInfo{safe})
	if err != nil {
		return nil, err
	}
	outer, err := data(authSafe)
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(pfx{Version: 3, AuthSafe: outer})
}

// P8Key returns a new APNs-style token key: EC P-256, PKCS#8, PEM
// ("BEGIN PRIVATE KEY"), as in an AuthKey_<KeyID>.p8 file. It fails only
// if key generation does.
func P8Key() ([]byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	return PKCS8PEM(key)
}

// PKCS8PEM encodes any private key as PKCS#8 PEM, for keys that are not
// what a field expects (an RSA or P-384 key as a .p8, say). It fails for a
// key x509.MarshalPKCS8PrivateKey does not take.
func PKCS8PEM(key crypto.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// FCMServiceAccountJSON returns a Firebase service-account JSON for
// projectID with a new RSA-2048 private key, shaped as the file Firebase
// generates. It fails only if key generation does.
func FCMServiceAccountJSON(projectID string) ([]byte, error) {
	pemKey, err := newRSAKeyPEM()
	if err != nil {
		return nil, err
	}
	email := "firebase-adminsdk-test@" + projectID + ".iam.gserviceaccount.com"
	return ServiceAccountJSON(map[string]any{
		"type":                        "service_account",
		"project_id":                  projectID,
		"private_key_id":              randomHex(20),
		"private_key":                 pemKey,
		"client_email":                email,
		"client_id":                   "100000000000000000001",
		"auth_uri":                    "https://accounts.google.com/o/oauth2/auth",
		"token_uri":                   "https://oauth2.googleapis.com/token",
		"auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
		"client_x509_cert_url":        "https://www.googleapis.com/robot/v1/metadata/x509/" + email,
		"universe_domain":             "googleapis.com",
	})
}

// HarmonyServiceAccountJSON returns a HarmonyOS Push Kit service-account
// key file for projectID, shaped as the one AppGallery Connect's API
// Console generates (project_id, key_id, private_key, sub_account and
// Huawei's OAuth URIs), with a new RSA-2048 private key: Huawei's are
// 4096-bit, which the checks accept too, but take long to generate. It
// fails only if key generation does.
func HarmonyServiceAccountJSON(projectID string) ([]byte, error) {
	pemKey, err := newRSAKeyPEM()
	if err != nil {
		return nil, err
	}
	return ServiceAccountJSON(map[string]any{
		"project_id":             projectID,
		"key_id":                 randomHex(16),
		"private_key":            pemKey,
		"sub_account":            "101783233",
		"auth_uri":               "https://oauth-login.cloud.huawei.com/oauth2/v3/authorize",
		"token_uri":              "https://oauth-login.cloud.huawei.com/oauth2/v3/token",
		"auth_provider_cert_uri": "https://oauth-login.cloud.huawei.com/oauth2/v3/certs",
		"client_cert_uri":        "https://oauth-login.cloud.huawei.com/oauth2/v3/x509?client_id=101783233",
	})
}

// newRSAKeyPEM returns a new RSA-2048 key as PKCS#8 PEM, the form both
// vendors' service-account files carry.
func newRSAKeyPEM() (string, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return "", err
	}
	pemKey, err := PKCS8PEM(key)
	return string(pemKey), err
}

// randomHex is n random bytes in hex, for key IDs.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x", b)
}

// ServiceAccountJSON encodes fields as an indented JSON object, for
// service accounts with fields changed or missing. It fails for a value
// encoding/json cannot encode.
func ServiceAccountJSON(fields map[string]any) ([]byte, error) {
	return json.MarshalIndent(fields, "", "  ")
}
