package certs

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/fips140"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/imconsole/imconsole/client"
)

// Limits of uploaded credentials.
const (
	MaxP12Bytes            = 64 << 10 // a push .p12 is a few KiB
	MaxP8Bytes             = 4 << 10  // an AuthKey .p8 is about 250 bytes
	MaxServiceAccountBytes = 32 << 10 // a service-account JSON is about 2.5 KiB
	// MaxServiceAccountKeyBytes bounds the "private_key" PEM of a
	// service-account JSON: Google's are 2048-bit RSA keys of about
	// 1.7 KB, and the bound keeps the RSA key checks cheap.
	MaxServiceAccountKeyBytes = 4 << 10
)

// MaxP12Iterations is the largest key-derivation iteration count a .p12
// may ask for, in its MAC, an encrypted safe or a shrouded private key.
// Keychain Access and OpenSSL export with 2 048, Windows with 2 000 and
// Java's keytool with 10 000. Larger counts are refused before any key
// derivation runs: the cost of opening a file is linear in them, and
// an untrusted file could otherwise ask for minutes of CPU. So is a file
// whose structure is not read as go-pkcs12 reads it, and one with no key
// outside its encrypted part (exports put it in a plain part; one hidden
// inside could not be counted). What stays uncounted is a second key
// hidden inside the encrypted part of a file that has one outside: only
// whoever knows the password can make go-pkcs12 derive it.
const MaxP12Iterations = 10_000

// Apple's object identifiers in APNs certificates.
var (
	oidUserID          = asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1} // subject UID: the bundle ID
	oidAPNsDevelopment = asn1.ObjectIdentifier{1, 2, 840, 113635, 100, 6, 3, 1} // sandbox
	oidAPNsProduction  = asn1.ObjectIdentifier{1, 2, 840, 113635, 100, 6, 3, 2} // production
	oidAPNsTopics      = asn1.ObjectIdentifier{1, 2, 840, 113635, 100, 6, 3, 6} // universal: topics
)

// P12Info is what InspectP12 reads from an APNs certificate.
type P12Info struct {
	BundleID    string      // the subject UID (or, failing that, the end of the CN)
	Environment Environment // Production when the certificate covers production, else Development
	ExpiresAt   time.Time   // the certificate's NotAfter
	CommonName  string      // e.g. "Apple Push Services: com.example.app"
}

// InspectP12 opens a .p12 with its password, as CreatePushCertificate does,
// and reads the APNs certificate in it. It fails with an *client.APIError
// (Action CreatePushCertificate) that names what is wrong:
//
//   - InvalidParameterValue.P12: not a PKCS#12 file (of the layout go-pkcs12
//     reads), larger than MaxP12Bytes, asking for more than
//     MaxP12Iterations key-derivation iterations, or
//     (under GODEBUG=fips140=only) needing SHA-1 or 3DES, as Keychain
//     Access's exports do
//   - InvalidParameterValue.P12Password: the password does not open it
//   - InvalidParameterValue.P12NoCertificate / .P12NoPrivateKey: a part is
//     missing (a key only inside the encrypted part counts as missing)
//   - InvalidParameterValue.P12KeyMismatch: the key is not the certificate's
//   - InvalidParameterValue.NotAPNsCertificate: the certificate is not an APNs one
//   - InvalidParameterValue.BundleId: the bundle ID is missing, malformed or a wildcard
//   - InvalidParameterValue.CertificateExpired: its NotAfter is before now
//
// A zero now skips the expiry check. The error never contains the password
// or bytes of the file.
func InspectP12(p12 []byte, password string, now time.Time) (*P12Info, error) {
	return inspectP12(ActionCreate, p12, password, now)
}

func inspectP12(action string, p12 []byte, password string, now time.Time) (*P12Info, error) {
	bad := func(code, format string, args ...any) error {
		return client.ValidationError(action, code, fmt.Sprintf(format, args...))
	}
	if len(p12) > MaxP12Bytes {
		return nil, bad("InvalidParameterValue.P12", "P12 is %d bytes, more than the %d allowed; export only the push certificate and its private key", len(p12), MaxP12Bytes)
	}
	// The library's message is never echoed: it may quote parts of the file.
	unreadable := bad("InvalidParameterValue.P12", "P12 is not a PKCS#12 file this service can read; export the APNs certificate with its private key from Keychain Access as Personal Information Exchange (.p12) and send the file's bytes")
	layout, ok := readP12(p12)
	switch {
	case !ok:
		return nil, unreadable
	case layout.iterations > MaxP12Iterations:
		return nil, bad("InvalidParameterValue.P12", "the .p12 asks for %d key-derivation iterations, more than the %d allowed; export it again from Keychain Access (or with openssl pkcs12 -export), which use about 2 000", layout.iterations, MaxP12Iterations)
	case layout.keys == 0: // exports keep the key in a plain safe; one hidden in an encrypted safe would be derived uncounted
		return nil, bad("InvalidParameterValue.P12NoPrivateKey", "the .p12 holds no private key outside its encrypted part, where exports keep it and APNs needs it; in Keychain Access expand the APNs certificate, select it with its private key and export both")
	case strings.ContainsFunc(password, func(r rune) bool { return r > 0xFFFF }): // PKCS#12 passwords are UCS-2
		return nil, bad("InvalidParameterValue.P12Password", "P12Password has a character outside Unicode's Basic Multilingual Plane (an emoji, say), which no .p12 password can hold; send the password chosen when exporting it")
	}
	key, leaf, others, err := decodeChain(p12, password)
	if err != nil {
		switch {
		case errors.Is(err, errPanicked) && fips140.Enforced():
			return nil, bad("InvalidParameterValue.P12", "the .p12 needs algorithms (such as SHA-1 or 3DES) that GODEBUG=fips140=only refuses; read it in a process run with GODEBUG=fips140=on or without GODEBUG=fips140")
		case errors.Is(err, pkcs12.ErrIncorrectPassword), errors.Is(err, pkcs12.ErrDecryption):
			return nil, bad("InvalidParameterValue.P12Password", "P12Password does not open the .p12; send the password chosen when exporting it from Keychain Access (empty if none was set)")
		case layout.certs == 0 && layout.encrypted == 0 && !errors.As(err, new(pkcs12.NotImplementedError)):
			return nil, bad("InvalidParameterValue.P12NoCertificate", "the .p12 holds no certificate; in Keychain Access select the APNs certificate together with its private key and export both")
		}
		return nil, unreadable
	}
	cert := matchingCertificate(key, append([]*x509.Certificate{leaf}, others...))
	if cert == nil {
		return nil, bad("InvalidParameterValue.P12KeyMismatch", "the private key in the .p12 does not belong to its certificate; export the APNs certificate together with its own private key")
	}
	info, err := apnsFacts(action, cert)
	if err != nil {
		return nil, err
	}
	if !now.IsZero() && now.After(info.ExpiresAt) {
		return nil, bad("InvalidParameterValue.CertificateExpired", "the APNs certificate for %s expired at %s; create a new one in the Apple Developer portal and upload it", info.BundleID, info.ExpiresAt.Format(time.RFC3339))
	}
	return info, nil
}

// errPanicked is what decodeChain returns for a file go-pkcs12 panicked on.
var errPanicked = errors.New("go-pkcs12 panicked")

// decodeChain is pkcs12.DecodeChain with a panic turned into errPanicked:
// under GODEBUG=fips140=only the standard library panics on the SHA-1 and
// 3DES most .p12 files use, and no uploaded file may crash the caller.
func decodeChain(p12 []byte, password string) (key any, leaf *x509.Certificate, others []*x509.Certificate, err error) {
	defer func() {
		if recover() != nil {
			key, leaf, others, err = nil, nil, nil, errPanicked
		}
	}()
	return pkcs12.DecodeChain(p12, password)
}

// PKCS#12 (RFC 7292) object identifiers of the parts readP12 looks for.
var (
	oidData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEncryptedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidKeyBag        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	oidShroudedKey   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
)

// p12Layout is what a .p12 shows without its password, read as
// go-pkcs12 reads it (DER, the same structures): the largest iteration
// count among the key derivations go-pkcs12 runs before it reaches a key
// (the MAC's, legacy or PBMAC1, and each encrypted safe's), and the bags
// of the plain safes (keys, with their own counts, and certificates).
type p12Layout struct {
	iterations  int
	keys, certs int // bags in the plain safes
	encrypted   int // encrypted safes
}

// readP12 reads p12's layout; ok is false for a file go-pkcs12 would not
// read as this does, which InspectP12 then refuses unopened, so that no
// part of it can ask for a key derivation that was not counted.
func readP12(p12 []byte) (l p12Layout, ok bool) {
	type contentInfo struct {
		Type    asn1.ObjectIdentifier
		Content asn1.RawValue `asn1:"tag:0,explicit,optional"`
	}
	var pfx struct {
		Version  int
		AuthSafe contentInfo
		MacData  struct {
			Mac struct {
				Algorithm pkix.AlgorithmIdentifier
				Digest    []byte
			}
			MacSalt    []byte
			Iterations int `asn1:"optional,default:1"`
		} `asn1:"optional"`
	}
	var wrapped asn1.RawValue // go-pkcs12 takes the authenticated safe in any wrapper
	var safes []contentInfo
	if !der(p12, &pfx) || !pfx.AuthSafe.Type.Equal(oidData) || !der(pfx.AuthSafe.Content.Bytes, &wrapped) || !der(wrapped.Bytes, &safes) {
		return l, false
	}
	l.iterations = pfx.MacData.Iterations
	if mac := pfx.MacData.Mac.Algorithm; mac.Algorithm.Equal(oidPBMAC1) {
		var params struct{ Kdf, MacAlg pkix.AlgorithmIdentifier }
		if !der(mac.Parameters.FullBytes, &params) {
			return l, false
		}
		l.iterations = kdfIterations(params.Kdf)
	}
	for _, safe := range safes {
		var bags []struct {
			ID    asn1.ObjectIdentifier
			Value asn1.RawValue `asn1:"tag:0,explicit"`
			Attrs asn1.RawValue `asn1:"optional"`
		}
		var octets []byte
		switch {
		case safe.Type.Equal(oidEncryptedData):
			var ed struct {
				Version int
				Info    struct {
					Type    asn1.ObjectIdentifier
					Alg     pkix.AlgorithmIdentifier
					Content []byte `asn1:"tag:0,optional"`
				}
			}
			if !der(safe.Content.Bytes, &ed) {
				return l, false
			}
			l.encrypted++
			l.iterations = max(l.iterations, pbeIterations(ed.Info.Alg))
		case safe.Type.Equal(oidData) && der(safe.Content.Bytes, &octets) && der(octets, &bags):
			for _, bag := range bags {
				var key struct {
					Alg  pkix.AlgorithmIdentifier
					Data []byte
				}
				switch {
				case bag.ID.Equal(oidShroudedKey) && der(bag.Value.Bytes, &key):
					l.iterations = max(l.iterations, pbeIterations(key.Alg))
					l.keys++
				case bag.ID.Equal(oidShroudedKey), bag.ID.Equal(oidKeyBag):
					l.keys++ // a plain key, or one go-pkcs12 refuses unread
				case bag.ID.Equal(oidCertBag):
					l.certs++
				}
			}
		default:
			return l, false
		}
	}
	return l, true
}

// Object identifiers of the key derivations readP12 reads.
var (
	oidPBES2  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidPBMAC1 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 14}
)

// pbeIterations is the iteration count of a password-based encryption
// algorithm: PBES2 with PBKDF2, or a PKCS#12 PBE; 0 when unreadable.
func pbeIterations(alg pkix.AlgorithmIdentifier) int {
	if alg.Algorithm.Equal(oidPBES2) {
		var params struct{ Kdf, EncryptionScheme pkix.AlgorithmIdentifier }
		if !der(alg.Parameters.FullBytes, &params) {
			return 0
		}
		return kdfIterations(params.Kdf)
	}
	var params struct {
		Salt       []byte
		Iterations int
	}
	if !der(alg.Parameters.FullBytes, &params) {
		return 0
	}
	return params.Iterations
}

// kdfIterations is the iteration count of a PBKDF2 key derivation; 0
// when it is not one or unreadable.
func kdfIterations(kdf pkix.AlgorithmIdentifier) int {
	var params struct {
		Salt       asn1.RawValue
		Iterations int
		KeyLength  int                      `asn1:"optional"`
		Prf        pkix.AlgorithmIdentifier `asn1:"optional"`
	}
	if !kdf.Algorithm.Equal(oidPBKDF2) || !der(kdf.Parameters.FullBytes, &params) {
		return 0
	}
	return params.Iterations
}

// der decodes b, the whole of it, into v.
func der(b []byte, v any) bool {
	rest, err := asn1.Unmarshal(b, v)
	return err == nil && len(rest) == 0
}

// matchingCertificate returns the certificate whose public key is key's.
func matchingCertificate(key any, candidates []*x509.Certificate) *x509.Certificate {
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil
	}
	pub, ok := signer.Public().(interface{ Equal(crypto.PublicKey) bool })
	if !ok {
		return nil
	}
	for _, c := range candidates {
		if pub.Equal(c.PublicKey) {
			return c
		}
	}
	return nil
}

// apnsFacts reads the bundle ID, environment and expiry of an APNs
// certificate, refusing any other certificate.
func apnsFacts(action string, cert *x509.Certificate) (*P12Info, error) {
	var dev, prod bool
	for _, ext := range cert.Extensions {
		switch {
		case ext.Id.Equal(oidAPNsDevelopment):
			dev = true
		case ext.Id.Equal(oidAPNsProduction), ext.Id.Equal(oidAPNsTopics):
			prod = true
		}
	}
	cn := cert.Subject.CommonName
	if !dev && !prod {
		return nil, client.ValidationError(action, "InvalidParameterValue.NotAPNsCertificate", fmt.Sprintf("the certificate %q is not an Apple Push Notification service certificate; in the Apple Developer portal create an \"Apple Push Notification service SSL\" certificate for the app's bundle ID and export that", cn))
	}
	info := &P12Info{CommonName: cn, ExpiresAt: cert.NotAfter.UTC(), Environment: EnvironmentDevelopment}
	if prod {
		info.Environment = EnvironmentProduction
	}
	for _, n := range cert.Subject.Names {
		if s, ok := n.Value.(string); ok && n.Type.Equal(oidUserID) {
			info.BundleID = s
		}
	}
	if info.BundleID == "" {
		if _, after, ok := strings.Cut(cn, ": "); ok {
			info.BundleID = after
		}
	}
	if info.BundleID == "" {
		return nil, client.ValidationError(action, "InvalidParameterValue.BundleId", fmt.Sprintf("the certificate %q names no bundle ID (no subject UID); use the APNs certificate Apple issued for the app", cn))
	}
	if err := validateBundleID(action, info.BundleID); err != nil {
		return nil, err
	}
	return info, nil
}

// parseP8 checks an APNs token key: PEM, PKCS#8, EC P-256.
func parseP8(action, text string) error {
	bad := func(msg string) error { return client.ValidationError(action, "InvalidParameterValue.P8Key", msg) }
	if len(text) > MaxP8Bytes {
		return bad(fmt.Sprintf("P8Key is %d bytes, more than the %d allowed; send the AuthKey_<KeyID>.p8 file as Apple gives it", len(text), MaxP8Bytes))
	}
	block, rest := pem.Decode([]byte(text))
	if block == nil {
		return bad("P8Key is not PEM; send the whole AuthKey_<KeyID>.p8 file, BEGIN and END lines included")
	}
	if strings.TrimSpace(string(rest)) != "" {
		return bad("P8Key holds more than one PEM block; send only the AuthKey_<KeyID>.p8 file")
	}
	if block.Type != "PRIVATE KEY" {
		return bad(fmt.Sprintf("P8Key is a %q PEM block; APNs keys are PKCS#8 (\"PRIVATE KEY\"): send the .p8 file unchanged", block.Type))
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return bad("P8Key is not a readable PKCS#8 private key; send the AuthKey_<KeyID>.p8 file unchanged")
	}
	ec, ok := key.(*ecdsa.PrivateKey)
	if !ok || ec.Curve != elliptic.P256() {
		return bad(fmt.Sprintf("P8Key is %s, not the EC P-256 key APNs issues; create a key with APNs enabled under Certificates, Identifiers & Profiles > Keys", keyKind(key)))
	}
	return nil
}

func keyKind(key any) string {
	switch k := key.(type) {
	case *ecdsa.PrivateKey:
		return "an EC " + k.Curve.Params().Name + " key"
	case *rsa.PrivateKey:
		return "an RSA key"
	default:
		return fmt.Sprintf("a %T key", key)
	}
}

// ServiceAccountInfo is what InspectServiceAccount reads from an FCM
// service-account JSON, or InspectHarmonyServiceAccount from a HarmonyOS
// one (which has no e-mail address, and calls its key ID "key_id"). It
// holds no secret.
type ServiceAccountInfo struct {
	ProjectID    string
	ClientEmail  string
	PrivateKeyID string
}

// InspectServiceAccount checks an FCM service-account JSON as
// CreatePushCertificate does: valid JSON, "type" "service_account", a
// "project_id", a "client_email" that is an e-mail address and a
// "private_key" that is an RSA PKCS#8 PEM key of at most
// MaxServiceAccountKeyBytes. It fails with an
// *client.APIError, code InvalidParameterValue.ServiceAccountJson, naming
// the field; the error never contains the key.
func InspectServiceAccount(serviceAccountJSON []byte) (*ServiceAccountInfo, error) {
	return inspectServiceAccount(ActionCreate, serviceAccountJSON)
}

// InspectHarmonyServiceAccount checks a HarmonyOS Push Kit
// service-account key file (created in AppGallery Connect's API Console)
// as CreatePushCertificate does: valid JSON, a "project_id" and a
// "key_id" of 1-256 printable ASCII characters without spaces, a
// "sub_account" string, and a "private_key" that is an RSA PKCS#8 PEM key
// of at most MaxServiceAccountKeyBytes. It fails as InspectServiceAccount
// does.
func InspectHarmonyServiceAccount(serviceAccountJSON []byte) (*ServiceAccountInfo, error) {
	return inspectHarmonyServiceAccount(ActionCreate, serviceAccountJSON)
}

// serviceAccount is a service-account JSON being checked.
type serviceAccount struct {
	doc  map[string]json.RawMessage
	bad  func(format string, args ...any) error
	from string // "the file Firebase generated": what to send instead
	anew string // how to make a new one
}

// openServiceAccount parses data, a service-account JSON object.
func openServiceAccount(action string, data []byte, from, anew, where string) (*serviceAccount, error) {
	sa := &serviceAccount{from: from, anew: anew, bad: func(format string, args ...any) error {
		return client.ValidationError(action, "InvalidParameterValue.ServiceAccountJson", fmt.Sprintf(format, args...))
	}}
	if len(data) > MaxServiceAccountBytes {
		return nil, sa.bad("ServiceAccountJson is %d bytes, more than the %d allowed; send %s", len(data), MaxServiceAccountBytes, from)
	}
	if err := json.Unmarshal(data, &sa.doc); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, sa.bad("ServiceAccountJson is not valid JSON (error at byte %d); send %s, unchanged", syn.Offset, from)
		}
		return nil, sa.bad("ServiceAccountJson is not a JSON object; send the file %s", where)
	}
	return sa, nil
}

// str returns the non-empty string field name.
func (sa *serviceAccount) str(name string) (string, error) {
	raw, ok := sa.doc[name]
	if !ok {
		return "", sa.bad("ServiceAccountJson has no %q; %s and send that file", name, sa.anew)
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", sa.bad("ServiceAccountJson field %q is not a string", name)
	}
	if strings.TrimSpace(s) == "" {
		return "", sa.bad("ServiceAccountJson field %q is empty", name)
	}
	return s, nil
}

// rsaKey checks "private_key": an RSA PKCS#8 PEM key of at most
// MaxServiceAccountKeyBytes.
func (sa *serviceAccount) rsaKey(vendor string) error {
	pemKey, err := sa.str("private_key")
	if err != nil {
		return err
	}
	if len(pemKey) > MaxServiceAccountKeyBytes {
		return sa.bad("ServiceAccountJson field \"private_key\" is %d bytes, more than the %d allowed (Google's 2048-bit keys take about 1 700, Huawei's 4096-bit ones about 3 300); send %s, unchanged", len(pemKey), MaxServiceAccountKeyBytes, sa.from)
	}
	block, _ := pem.Decode([]byte(pemKey))
	if block == nil || block.Type != "PRIVATE KEY" {
		return sa.bad("ServiceAccountJson field \"private_key\" is not a PEM \"PRIVATE KEY\"; send %s, unchanged", sa.from)
	}
	key, perr := x509.ParsePKCS8PrivateKey(block.Bytes)
	if perr != nil {
		return sa.bad("ServiceAccountJson field \"private_key\" is not a readable PKCS#8 key; send %s, unchanged", sa.from)
	}
	if _, ok := key.(*rsa.PrivateKey); !ok {
		return sa.bad("ServiceAccountJson field \"private_key\" is %s; %s service-account keys are RSA", keyKind(key), vendor)
	}
	return nil
}

func inspectServiceAccount(action string, data []byte) (*ServiceAccountInfo, error) {
	sa, err := openServiceAccount(action, data, "the file Firebase generated", "generate a new private key under Firebase Project settings > Service accounts", "Firebase generated under Project settings > Service accounts")
	if err != nil {
		return nil, err
	}
	typ, err := sa.str("type")
	if err != nil {
		return nil, err
	}
	if typ != "service_account" {
		return nil, sa.bad("ServiceAccountJson field \"type\" is %q, not \"service_account\"; send a service-account key, not an OAuth client or google-services.json", typ)
	}
	info := &ServiceAccountInfo{}
	if info.ProjectID, err = sa.str("project_id"); err != nil {
		return nil, err
	}
	if !validProjectID(info.ProjectID) {
		return nil, sa.bad("ServiceAccountJson field \"project_id\" %q is not a Google Cloud project ID", info.ProjectID)
	}
	if info.ClientEmail, err = sa.str("client_email"); err != nil {
		return nil, err
	}
	if addr, perr := mail.ParseAddress(info.ClientEmail); perr != nil || addr.Address != info.ClientEmail {
		return nil, sa.bad("ServiceAccountJson field \"client_email\" %q is not an e-mail address", info.ClientEmail)
	}
	if err := sa.rsaKey("Google"); err != nil {
		return nil, err
	}
	if raw, ok := sa.doc["private_key_id"]; ok {
		_ = json.Unmarshal(raw, &info.PrivateKeyID)
	}
	return info, nil
}

func inspectHarmonyServiceAccount(action string, data []byte) (*ServiceAccountInfo, error) {
	sa, err := openServiceAccount(action, data, "the key file AppGallery Connect generated", "create a service account key for Push Kit in AppGallery Connect's API Console (Credentials > Service account key)", "AppGallery Connect's API Console generated for Push Kit (Credentials > Service account key)")
	if err != nil {
		return nil, err
	}
	info := &ServiceAccountInfo{}
	for _, f := range []struct {
		name string
		into *string
	}{{"project_id", &info.ProjectID}, {"key_id", &info.PrivateKeyID}} {
		if *f.into, err = sa.str(f.name); err != nil {
			return nil, err
		}
		if !tokenRE.MatchString(*f.into) {
			return nil, sa.bad("ServiceAccountJson field %q must be 1-256 printable ASCII characters without spaces; send %s, unchanged", f.name, sa.from)
		}
	}
	if _, err := sa.str("sub_account"); err != nil {
		return nil, err
	}
	if err := sa.rsaKey("Huawei"); err != nil {
		return nil, err
	}
	return info, nil
}

// validProjectID accepts Google Cloud project IDs, including the legacy
// domain-scoped form "example.com:project".
func validProjectID(id string) bool {
	if len(id) > 100 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == ':') {
			return false
		}
	}
	return id[0] >= 'a' && id[0] <= 'z'
}
