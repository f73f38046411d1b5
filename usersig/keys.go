package usersig

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	k1ecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

const legacyCurves = "Tencent legacy keys are prime256v1 (P-256) or secp256k1"

var (
	oidECPublicKey = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidP256        = asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}
	oidSecp256k1   = asn1.ObjectIdentifier{1, 3, 132, 0, 10}
)

// SEC1 (RFC 5915), PKCS#8 (RFC 5208) and X.509 key structures: crypto/x509
// parses them only on NIST curves.
type (
	ecPrivateKey struct {
		Version       int
		PrivateKey    []byte
		NamedCurveOID asn1.ObjectIdentifier `asn1:"optional,explicit,tag:0"`
		PublicKey     asn1.BitString        `asn1:"optional,explicit,tag:1"`
	}
	pkcs8Key struct {
		Version    int
		Algo       pkix.AlgorithmIdentifier
		PrivateKey []byte
	}
	spkiKey struct {
		Algorithm pkix.AlgorithmIdentifier
		PublicKey asn1.BitString
	}
)

// ecKey is a legacy public key on P-256 or secp256k1, with its private key.
type ecKey struct {
	oid     asn1.ObjectIdentifier // the curve
	point   []byte                // the uncompressed public point
	p256    *ecdsa.PrivateKey
	p256Pub *ecdsa.PublicKey
	k1      *secp256k1.PrivateKey
	k1Pub   *secp256k1.PublicKey
}

// parseKeyPEM parses the key of the constructor fn: a signer's SEC1 or
// PKCS#8 private key (after an optional EC PARAMETERS block), or a public key.
func parseKeyPEM(fn string, data []byte) (*ecKey, error) {
	private := fn == "NewECDSASigner"
	want := `the app's EC public key PEM ("BEGIN PUBLIC KEY")`
	if private {
		want = `an EC private key PEM ("BEGIN EC PRIVATE KEY" or "BEGIN PRIVATE KEY")`
	}
	b, rest := pem.Decode(data)
	if b == nil {
		return nil, fmt.Errorf("usersig: %s: the key is not PEM; it needs %s; apps created on or after 2019-08-15 use the HMAC secret key (64 hex characters) with NewHMACSigner/NewHMACVerifier", fn, want)
	}
	var params asn1.ObjectIdentifier
	for ; b != nil; b, rest = pem.Decode(rest) {
		var k *ecKey
		var err error
		switch t := b.Type; {
		case t == "EC PARAMETERS": // a verifier ignores them
			if rest, err := asn1.Unmarshal(b.Bytes, &params); private && (err != nil || len(rest) != 0) {
				return nil, fmt.Errorf("usersig: %s: the EC PARAMETERS block is not a named curve", fn)
			}
			continue
		case t == "EC PRIVATE KEY" && private:
			k, err = parseSEC1(b.Bytes, params)
		case t == "PRIVATE KEY" && private:
			var p pkcs8Key
			if rest, perr := asn1.Unmarshal(b.Bytes, &p); perr != nil || len(rest) != 0 {
				err = errors.New("not a PKCS#8 structure")
			} else if params, err = namedCurve(p.Algo); err == nil {
				k, err = parseSEC1(p.PrivateKey, params)
			}
		case t == "PUBLIC KEY" && !private:
			var p spkiKey
			if rest, perr := asn1.Unmarshal(b.Bytes, &p); perr != nil || len(rest) != 0 || p.PublicKey.BitLength%8 != 0 {
				err = errors.New("not a SubjectPublicKeyInfo structure")
			} else if params, err = namedCurve(p.Algorithm); err == nil {
				k, err = publicKey(params, p.PublicKey.Bytes)
			}
		case t == "PUBLIC KEY":
			return nil, fmt.Errorf("usersig: %s: got a public key; signing needs %s (use NewECDSAVerifier for the public key)", fn, want)
		case t == "ENCRYPTED PRIVATE KEY" && private:
			return nil, fmt.Errorf("usersig: %s: the private key is encrypted; decrypt it first (openssl pkcs8 -in key.pem -out plain.pem)", fn)
		case t == "EC PRIVATE KEY" || t == "PRIVATE KEY" || t == "ENCRYPTED PRIVATE KEY":
			return nil, fmt.Errorf("usersig: %s: got a private key; verifying needs %s (derive it with: openssl ec -in key.pem -pubout)", fn, want)
		default:
			return nil, fmt.Errorf("usersig: %s: unexpected PEM block %q; it needs %s", fn, t, want)
		}
		if err != nil {
			return nil, fmt.Errorf("usersig: %s: invalid %s: %w", fn, b.Type, err)
		}
		return k, nil
	}
	return nil, fmt.Errorf("usersig: %s: no key block in the PEM; it needs %s", fn, want)
}

// namedCurve returns the curve of the algorithm of a PKCS#8 or X.509 key.
func namedCurve(a pkix.AlgorithmIdentifier) (asn1.ObjectIdentifier, error) {
	if !a.Algorithm.Equal(oidECPublicKey) {
		return nil, fmt.Errorf("the key's algorithm %v is not EC", a.Algorithm)
	}
	var oid asn1.ObjectIdentifier
	if rest, err := asn1.Unmarshal(a.Parameters.FullBytes, &oid); err != nil || len(rest) != 0 {
		return nil, errors.New("EC key without a named curve")
	}
	return oid, nil
}

// parseSEC1 parses an ECPrivateKey, on the curve outer if it names none.
func parseSEC1(der []byte, outer asn1.ObjectIdentifier) (*ecKey, error) {
	var k ecPrivateKey
	if rest, err := asn1.Unmarshal(der, &k); err != nil || len(rest) != 0 {
		return nil, errors.New("not a SEC1 ECPrivateKey structure")
	}
	oid := k.NamedCurveOID
	if len(oid) == 0 {
		oid = outer
	}
	switch {
	case k.Version != 1:
		return nil, fmt.Errorf("unknown ECPrivateKey version %d", k.Version)
	case len(oid) == 0:
		return nil, errors.New("no curve: neither the key nor an EC PARAMETERS block names one")
	case len(outer) != 0 && !oid.Equal(outer):
		return nil, errors.New("the EC PARAMETERS block and the key name different curves")
	case !oid.Equal(oidP256) && !oid.Equal(oidSecp256k1):
		return nil, fmt.Errorf("unsupported elliptic curve %v: %s", oid, legacyCurves)
	case len(k.PrivateKey) == 0 || len(k.PrivateKey) > 32:
		return nil, errors.New("private scalar has the wrong length")
	}
	scalar := make([]byte, 32)
	copy(scalar[32-len(k.PrivateKey):], k.PrivateKey)
	key := &ecKey{oid: oid}
	if oid.Equal(oidSecp256k1) {
		var s secp256k1.ModNScalar
		if overflow := s.SetByteSlice(scalar); overflow || s.IsZero() {
			return nil, errors.New("private scalar out of range for secp256k1")
		}
		key.k1 = secp256k1.NewPrivateKey(&s)
		key.k1Pub = key.k1.PubKey()
		key.point = key.k1Pub.SerializeUncompressed()
	} else {
		var err error
		if key.p256, err = ecdsa.ParseRawPrivateKey(elliptic.P256(), scalar); err != nil {
			return nil, errors.New("private scalar out of range for P-256")
		}
		key.p256Pub = &key.p256.PublicKey
		key.point, _ = key.p256Pub.Bytes() // a parsed key has a valid point
	}
	if len(k.PublicKey.Bytes) != 0 {
		if stored, err := publicKey(oid, k.PublicKey.Bytes); err != nil || !bytes.Equal(stored.point, key.point) {
			return nil, errors.New("the public key stored in the PEM does not match the private key")
		}
	}
	return key, nil
}

// publicKey parses the point enc (uncompressed on P-256) on the curve oid.
func publicKey(oid asn1.ObjectIdentifier, enc []byte) (*ecKey, error) {
	k := &ecKey{oid: oid}
	var err error
	switch {
	case oid.Equal(oidP256):
		if k.p256Pub, err = ecdsa.ParseUncompressedPublicKey(elliptic.P256(), enc); err != nil {
			return nil, errors.New("invalid P-256 point (an uncompressed point is expected)")
		}
		k.point = enc
	case oid.Equal(oidSecp256k1):
		if k.k1Pub, err = secp256k1.ParsePubKey(enc); err != nil {
			return nil, errors.New("invalid secp256k1 point")
		}
		k.point = k.k1Pub.SerializeUncompressed()
	default:
		return nil, fmt.Errorf("unsupported elliptic curve %v: %s", oid, legacyCurves)
	}
	return k, nil
}

// publicKeyPEM encodes the public key as a "PUBLIC KEY" PEM.
func (k *ecKey) publicKeyPEM() []byte {
	params, _ := asn1.Marshal(k.oid) // a valid OID
	der, _ := asn1.Marshal(spkiKey{  // valid fields
		Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidECPublicKey, Parameters: asn1.RawValue{FullBytes: params}},
		PublicKey: asn1.BitString{Bytes: k.point, BitLength: 8 * len(k.point)},
	})
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

// sign returns the DER ECDSA signature of msg's SHA-256.
func (k *ecKey) sign(msg []byte) ([]byte, error) {
	digest := sha256.Sum256(msg)
	if k.k1 != nil {
		return k1ecdsa.Sign(k.k1, digest[:]).Serialize(), nil
	}
	der, err := ecdsa.SignASN1(rand.Reader, k.p256, digest[:])
	if err != nil {
		return nil, fmt.Errorf("usersig: ECDSA signing failed: %w", err)
	}
	return der, nil
}

// verify reports whether der is the DER ECDSA signature of msg's SHA-256.
func (k *ecKey) verify(msg, der []byte) bool {
	digest := sha256.Sum256(msg)
	if k.k1Pub != nil {
		s, err := k1ecdsa.ParseDERSignature(der)
		return err == nil && s.Verify(digest[:], k.k1Pub)
	}
	return ecdsa.VerifyASN1(k.p256Pub, digest[:], der)
}

// GenerateECDSAKey returns a new P-256 key pair for the legacy ECDSA
// algorithm: the private key as PKCS#8 PEM ("BEGIN PRIVATE KEY", the form
// the console shows) and the public key as PKIX PEM ("BEGIN PUBLIC KEY"),
// for tests and emulated legacy apps (real apps keep the key pair Tencent
// issued). It fails only if the system's random source does.
func GenerateECDSAKey() (privatePEM, publicPEM []byte, err error) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("usersig: generating a P-256 key: %w", err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(priv) // a P-256 key encodes
	point, _ := priv.PublicKey.Bytes()
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), (&ecKey{oid: oidP256, point: point}).publicKeyPEM(), nil
}
