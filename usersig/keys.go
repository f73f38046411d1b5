package usersig

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	k1ecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// Curves of the legacy ECDSA keys Tencent issued.
const (
	curveP256      = "prime256v1"
	curveSecp256k1 = "secp256k1"
)

var (
	oidECPublicKey = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidP256        = asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}
	oidSecp256k1   = asn1.ObjectIdentifier{1, 3, 132, 0, 10}
)

// ecPrivateKey is the SEC1 (RFC 5915) ECPrivateKey structure.
type ecPrivateKey struct {
	Version       int
	PrivateKey    []byte
	NamedCurveOID asn1.ObjectIdentifier `asn1:"optional,explicit,tag:0"`
	PublicKey     asn1.BitString        `asn1:"optional,explicit,tag:1"`
}

// pkcs8Key is the PKCS#8 (RFC 5208) PrivateKeyInfo structure.
type pkcs8Key struct {
	Version    int
	Algo       pkix.AlgorithmIdentifier
	PrivateKey []byte
	Attributes asn1.RawValue `asn1:"optional,tag:0"`
}

// spkiKey is the X.509 SubjectPublicKeyInfo structure.
type spkiKey struct {
	Algorithm pkix.AlgorithmIdentifier
	PublicKey asn1.BitString
}

// ecKey is a parsed legacy key: the private key (when parsed from one)
// and the public key of its curve.
type ecKey struct {
	curve   string
	p256    *ecdsa.PrivateKey
	k1      *secp256k1.PrivateKey
	p256Pub *ecdsa.PublicKey
	k1Pub   *secp256k1.PublicKey
}

const hintHMACKey = "apps created on or after 2019-08-15 use the HMAC secret key (64 hex characters) with NewHMACSigner/NewHMACVerifier"

func curveOf(oid asn1.ObjectIdentifier) (string, error) {
	switch {
	case oid.Equal(oidP256):
		return curveP256, nil
	case oid.Equal(oidSecp256k1):
		return curveSecp256k1, nil
	}
	return "", fmt.Errorf("unsupported elliptic curve %v: Tencent legacy keys are prime256v1 (P-256) or secp256k1", oid)
}

// pemBlocks returns the PEM blocks of data, or an error naming the
// expected kind when data is not PEM at all.
func pemBlocks(data []byte, fn, want string) ([]*pem.Block, error) {
	var blocks []*pem.Block
	rest := data
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		blocks = append(blocks, b)
	}
	if len(blocks) == 0 {
		return nil, fmt.Errorf("usersig: %s: the key is not PEM; it needs %s; %s", fn, want, hintHMACKey)
	}
	return blocks, nil
}

// parsePrivateKeyPEM parses a legacy private key: SEC1 ("EC PRIVATE KEY",
// with or without an "EC PARAMETERS" block) or PKCS#8 ("PRIVATE KEY"), on
// P-256 or secp256k1.
func parsePrivateKeyPEM(data []byte) (*ecKey, error) {
	const fn = "NewECDSASigner"
	const want = `an EC private key PEM ("BEGIN EC PRIVATE KEY" or "BEGIN PRIVATE KEY")`
	blocks, err := pemBlocks(data, fn, want)
	if err != nil {
		return nil, err
	}
	var params asn1.ObjectIdentifier
	for _, b := range blocks {
		switch b.Type {
		case "EC PARAMETERS":
			var oid asn1.ObjectIdentifier
			if rest, err := asn1.Unmarshal(b.Bytes, &oid); err != nil || len(rest) != 0 {
				return nil, fmt.Errorf("usersig: %s: the EC PARAMETERS block is not a named curve", fn)
			}
			params = oid
		case "EC PRIVATE KEY":
			k, err := parseSEC1(b.Bytes, params)
			if err != nil {
				return nil, fmt.Errorf("usersig: %s: invalid EC PRIVATE KEY: %w", fn, err)
			}
			return k, nil
		case "PRIVATE KEY":
			k, err := parsePKCS8(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("usersig: %s: invalid PRIVATE KEY: %w", fn, err)
			}
			return k, nil
		case "PUBLIC KEY":
			return nil, fmt.Errorf("usersig: %s: got a public key; signing needs %s (use NewECDSAVerifier for the public key)", fn, want)
		case "ENCRYPTED PRIVATE KEY":
			return nil, fmt.Errorf("usersig: %s: the private key is encrypted; decrypt it first (openssl pkcs8 -in key.pem -out plain.pem)", fn)
		default:
			return nil, fmt.Errorf("usersig: %s: unexpected PEM block %q; it needs %s", fn, b.Type, want)
		}
	}
	return nil, fmt.Errorf("usersig: %s: no private key block in the PEM; it needs %s", fn, want)
}

func parsePKCS8(der []byte) (*ecKey, error) {
	var k pkcs8Key
	if rest, err := asn1.Unmarshal(der, &k); err != nil || len(rest) != 0 {
		return nil, errors.New("not a PKCS#8 structure")
	}
	if !k.Algo.Algorithm.Equal(oidECPublicKey) {
		return nil, fmt.Errorf("PKCS#8 key of algorithm %v is not an EC key", k.Algo.Algorithm)
	}
	var oid asn1.ObjectIdentifier
	if rest, err := asn1.Unmarshal(k.Algo.Parameters.FullBytes, &oid); err != nil || len(rest) != 0 {
		return nil, errors.New("PKCS#8 EC key without a named curve")
	}
	return parseSEC1(k.PrivateKey, oid)
}

func parseSEC1(der []byte, outer asn1.ObjectIdentifier) (*ecKey, error) {
	var k ecPrivateKey
	if rest, err := asn1.Unmarshal(der, &k); err != nil || len(rest) != 0 {
		return nil, errors.New("not a SEC1 ECPrivateKey structure")
	}
	if k.Version != 1 {
		return nil, fmt.Errorf("unknown ECPrivateKey version %d", k.Version)
	}
	oid := k.NamedCurveOID
	switch {
	case len(oid) == 0 && len(outer) == 0:
		return nil, errors.New("no curve: neither the key nor an EC PARAMETERS block names one")
	case len(oid) == 0:
		oid = outer
	case len(outer) != 0 && !oid.Equal(outer):
		return nil, errors.New("the EC PARAMETERS block and the key name different curves")
	}
	curve, err := curveOf(oid)
	if err != nil {
		return nil, err
	}
	if len(k.PrivateKey) == 0 || len(k.PrivateKey) > 32 {
		return nil, errors.New("private scalar has the wrong length")
	}
	var scalar [32]byte
	copy(scalar[32-len(k.PrivateKey):], k.PrivateKey)
	out := &ecKey{curve: curve}
	var pub []byte
	switch curve {
	case curveP256:
		priv, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), scalar[:])
		if err != nil {
			return nil, errors.New("private scalar out of range for P-256")
		}
		out.p256, out.p256Pub = priv, &priv.PublicKey
		pub, err = priv.PublicKey.Bytes()
		if err != nil {
			return nil, errors.New("invalid P-256 key")
		}
	case curveSecp256k1:
		var s secp256k1.ModNScalar
		if overflow := s.SetByteSlice(scalar[:]); overflow || s.IsZero() {
			return nil, errors.New("private scalar out of range for secp256k1")
		}
		out.k1 = secp256k1.NewPrivateKey(&s)
		out.k1Pub = out.k1.PubKey()
		pub = out.k1Pub.SerializeUncompressed()
	}
	if len(k.PublicKey.Bytes) != 0 && !samePoint(curve, k.PublicKey.Bytes, pub) {
		return nil, errors.New("the public key stored in the PEM does not match the private key")
	}
	return out, nil
}

// samePoint reports whether enc (any SEC1 point encoding) is the
// uncompressed point uncompressed.
func samePoint(curve string, enc, uncompressed []byte) bool {
	if bytes.Equal(enc, uncompressed) {
		return true
	}
	if curve == curveSecp256k1 {
		if p, err := secp256k1.ParsePubKey(enc); err == nil {
			return bytes.Equal(p.SerializeUncompressed(), uncompressed)
		}
	}
	return false
}

// parsePublicKeyPEM parses a "PUBLIC KEY" (SubjectPublicKeyInfo) on P-256
// or secp256k1.
func parsePublicKeyPEM(data []byte) (*ecKey, error) {
	const fn = "NewECDSAVerifier"
	const want = `the app's EC public key PEM ("BEGIN PUBLIC KEY")`
	blocks, err := pemBlocks(data, fn, want)
	if err != nil {
		return nil, err
	}
	for _, b := range blocks {
		switch b.Type {
		case "EC PARAMETERS":
			continue
		case "PUBLIC KEY":
			k, err := parseSPKI(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("usersig: %s: invalid PUBLIC KEY: %w", fn, err)
			}
			return k, nil
		case "EC PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY":
			return nil, fmt.Errorf("usersig: %s: got a private key; verifying needs %s (derive it with: openssl ec -in key.pem -pubout)", fn, want)
		default:
			return nil, fmt.Errorf("usersig: %s: unexpected PEM block %q; it needs %s", fn, b.Type, want)
		}
	}
	return nil, fmt.Errorf("usersig: %s: no PUBLIC KEY block in the PEM; it needs %s", fn, want)
}

func parseSPKI(der []byte) (*ecKey, error) {
	var k spkiKey
	if rest, err := asn1.Unmarshal(der, &k); err != nil || len(rest) != 0 {
		return nil, errors.New("not a SubjectPublicKeyInfo structure")
	}
	if !k.Algorithm.Algorithm.Equal(oidECPublicKey) {
		return nil, fmt.Errorf("public key of algorithm %v is not an EC key", k.Algorithm.Algorithm)
	}
	var oid asn1.ObjectIdentifier
	if rest, err := asn1.Unmarshal(k.Algorithm.Parameters.FullBytes, &oid); err != nil || len(rest) != 0 {
		return nil, errors.New("EC public key without a named curve")
	}
	curve, err := curveOf(oid)
	if err != nil {
		return nil, err
	}
	if k.PublicKey.BitLength%8 != 0 {
		return nil, errors.New("malformed public key bit string")
	}
	out := &ecKey{curve: curve}
	switch curve {
	case curveP256:
		pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), k.PublicKey.Bytes)
		if err != nil {
			return nil, errors.New("invalid P-256 point (an uncompressed point is expected)")
		}
		out.p256Pub = pub
	case curveSecp256k1:
		pub, err := secp256k1.ParsePubKey(k.PublicKey.Bytes)
		if err != nil {
			return nil, errors.New("invalid secp256k1 point")
		}
		out.k1Pub = pub
	}
	return out, nil
}

// publicKeyPEM encodes the public half of k as a "PUBLIC KEY" PEM.
func (k *ecKey) publicKeyPEM() ([]byte, error) {
	oid, point := oidSecp256k1, []byte(nil)
	if k.curve == curveP256 {
		var err error
		if point, err = k.p256Pub.Bytes(); err != nil {
			return nil, fmt.Errorf("usersig: encoding the public key: %w", err)
		}
		oid = oidP256
	} else {
		point = k.k1Pub.SerializeUncompressed()
	}
	params, _ := asn1.Marshal(oid) // a constant OID
	der, err := asn1.Marshal(spkiKey{
		Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidECPublicKey, Parameters: asn1.RawValue{FullBytes: params}},
		PublicKey: asn1.BitString{Bytes: point, BitLength: 8 * len(point)},
	})
	if err != nil {
		return nil, fmt.Errorf("usersig: encoding the public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// sign returns the DER ECDSA signature of digest; it fails only when the
// system's random source does.
func (k *ecKey) sign(digest []byte) ([]byte, error) {
	if k.curve == curveSecp256k1 {
		return k1ecdsa.Sign(k.k1, digest).Serialize(), nil
	}
	der, err := ecdsa.SignASN1(rand.Reader, k.p256, digest)
	if err != nil {
		return nil, fmt.Errorf("usersig: ECDSA signing failed: %w", err)
	}
	return der, nil
}

// verify reports whether der is a valid DER ECDSA signature of digest.
func (k *ecKey) verify(digest, der []byte) bool {
	if k.curve == curveSecp256k1 {
		s, err := k1ecdsa.ParseDERSignature(der)
		return err == nil && s.Verify(digest, k.k1Pub)
	}
	return ecdsa.VerifyASN1(k.p256Pub, digest, der)
}

// GenerateECDSAKey returns a new P-256 key pair for the legacy ECDSA
// algorithm: the private key as PKCS#8 PEM ("BEGIN PRIVATE KEY", the form
// the console shows) and the public key as PKIX PEM ("BEGIN PUBLIC KEY").
// It is meant for tests and for seeding emulated legacy apps; real apps
// keep the key pair Tencent issued.
func GenerateECDSAKey() (privatePEM, publicPEM []byte, err error) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("usersig: generating a P-256 key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, nil, fmt.Errorf("usersig: encoding the private key: %w", err)
	}
	pub, err := (&ecKey{curve: curveP256, p256Pub: &priv.PublicKey}).publicKeyPEM()
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), pub, nil
}

// looksLikePEM reports whether an HMAC key is really a PEM key.
func looksLikePEM(key string) bool {
	return strings.Contains(key, "-----BEGIN ")
}
