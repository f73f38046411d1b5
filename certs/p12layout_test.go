package certs_test

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/certs/certstest"
	"github.com/imconsole/imconsole/client"
)

// PKCS#12 (RFC 7292) and PKCS#5 (RFC 8018) identifiers p12File writes.
var (
	oidData        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEncrypted   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidShroudedKey = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidX509Cert    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
	oidPBES2       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidPBMAC1      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 14}
	oidHMACSHA256  = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidAES256CBC   = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
	sha256PRF      = pkix.AlgorithmIdentifier{Algorithm: oidHMACSHA256, Parameters: asn1.NullRawValue}
)

const p12TestPassword = "secret"

type pbkdf2Params struct {
	Salt       []byte
	Iterations int
	KeyLength  int                      `asn1:"optional"`
	Prf        pkix.AlgorithmIdentifier `asn1:"optional"`
}

type p12Bag struct {
	ID    asn1.ObjectIdentifier
	Value asn1.RawValue
}

type p12Content struct {
	Type    asn1.ObjectIdentifier
	Content asn1.RawValue
}

// explicit0 is the [0] EXPLICIT wrapper of PKCS#12's contents and bags.
func explicit0(b []byte) asn1.RawValue {
	return asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: b}
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := asn1.Marshal(v)
	require.NoError(t, err)
	return b
}

// pbes2 encrypts plain with PBES2 (PBKDF2-HMAC-SHA256 at iterations,
// AES-256-CBC), as pkcs12.Modern does. A count over 2 048 is declared but
// derived at 2 048: files asking for more are to be refused unopened, so
// the test need not pay for them.
func pbes2(t *testing.T, plain []byte, iterations int) (pkix.AlgorithmIdentifier, []byte) {
	salt, iv := make([]byte, 8), make([]byte, aes.BlockSize)
	key, err := pbkdf2.Key(sha256.New, p12TestPassword, salt, min(iterations, 2048), 32)
	require.NoError(t, err)
	kdf := pkix.AlgorithmIdentifier{Algorithm: oidPBKDF2, Parameters: asn1.RawValue{FullBytes: marshal(t, pbkdf2Params{Salt: salt, Iterations: iterations, Prf: sha256PRF})}}
	enc := pkix.AlgorithmIdentifier{Algorithm: oidAES256CBC, Parameters: asn1.RawValue{FullBytes: marshal(t, iv)}}
	pad := aes.BlockSize - len(plain)%aes.BlockSize
	for range pad {
		plain = append(plain, byte(pad))
	}
	block, err := aes.NewCipher(key)
	require.NoError(t, err)
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, plain)
	return pkix.AlgorithmIdentifier{Algorithm: oidPBES2, Parameters: asn1.RawValue{FullBytes: marshal(t, struct{ Kdf, Enc pkix.AlgorithmIdentifier }{kdf, enc})}}, out
}

// p12Layout says how p12File lays out an APNs certificate and its key.
type p12Layout struct {
	keyIterations int  // of the shrouded key's derivation (2 048 elsewhere)
	keyEncrypted  bool // the key bag inside the encrypted safe, with the certificate
	decoyKey      bool // and another, at 2 048, in a plain safe after it
	rewrapped     bool // the authenticated safe in a SEQUENCE, not an OCTET STRING
}

// p12File builds a .p12 (password p12TestPassword, PBMAC1 MAC) by hand,
// as go-pkcs12 reads one, in layouts no exporter writes.
func p12File(t *testing.T, l p12Layout) []byte {
	t.Helper()
	cert, key, err := certstest.APNsCertificate("com.example.chat", certs.EnvironmentProduction, time.Now().Add(time.Hour))
	require.NoError(t, err)
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	shrouded := func(iterations int) p12Bag {
		alg, data := pbes2(t, pkcs8, iterations)
		return p12Bag{oidShroudedKey, explicit0(marshal(t, struct {
			Alg  pkix.AlgorithmIdentifier
			Data []byte
		}{alg, data}))}
	}
	certBag := p12Bag{oidCertBag, explicit0(marshal(t, struct {
		ID   asn1.ObjectIdentifier
		Cert asn1.RawValue
	}{oidX509Cert, explicit0(marshal(t, cert.Raw))}))}
	plainSafe := func(bags ...p12Bag) p12Content {
		return p12Content{oidData, explicit0(marshal(t, marshal(t, bags)))}
	}
	encryptedSafe := func(bags ...p12Bag) p12Content {
		alg, data := pbes2(t, marshal(t, bags), 2048)
		type info struct {
			Type    asn1.ObjectIdentifier
			Alg     pkix.AlgorithmIdentifier
			Content []byte `asn1:"tag:0"`
		}
		return p12Content{oidEncrypted, explicit0(marshal(t, struct {
			Version int
			Info    info
		}{0, info{oidData, alg, data}}))}
	}
	safes := []p12Content{encryptedSafe(certBag), plainSafe(shrouded(l.keyIterations))}
	if l.keyEncrypted {
		safes = []p12Content{encryptedSafe(certBag, shrouded(l.keyIterations))}
		if l.decoyKey {
			safes = append(safes, plainSafe(shrouded(2048)))
		}
	}
	authSafe := marshal(t, safes)
	wrapped := marshal(t, authSafe) // an OCTET STRING
	if l.rewrapped {
		wrapped = marshal(t, asn1.RawValue{Tag: asn1.TagSequence, IsCompound: true, Bytes: authSafe})
	}
	salt := make([]byte, 8)
	macKey, err := pbkdf2.Key(sha256.New, p12TestPassword, salt, 2048, 32)
	require.NoError(t, err)
	mac := hmac.New(sha256.New, macKey)
	mac.Write(authSafe) // the MAC covers the content, not its wrapper
	kdf := pkix.AlgorithmIdentifier{Algorithm: oidPBKDF2, Parameters: asn1.RawValue{FullBytes: marshal(t, pbkdf2Params{Salt: salt, Iterations: 2048, KeyLength: 32, Prf: sha256PRF})}}
	type digestInfo struct {
		Alg    pkix.AlgorithmIdentifier
		Digest []byte
	}
	type macData struct {
		Mac        digestInfo
		Salt       []byte
		Iterations int
	}
	pbmac1 := pkix.AlgorithmIdentifier{Algorithm: oidPBMAC1, Parameters: asn1.RawValue{FullBytes: marshal(t, struct{ Kdf, MacAlg pkix.AlgorithmIdentifier }{kdf, sha256PRF})}}
	return marshal(t, struct {
		Version  int
		AuthSafe p12Content
		MacData  macData
	}{3, p12Content{oidData, explicit0(wrapped)}, macData{digestInfo{pbmac1, mac.Sum(nil)}, []byte("NOT USED"), 1}})
}

// TestInspectP12CountsEveryDerivation: go-pkcs12 reads layouts no
// exporter writes; each that would let it run a key derivation InspectP12
// did not count is refused before any runs (a 50 000 000-iteration key
// costs go-pkcs12 about 8 s). The hand-built file in the layout exports
// use opens, so the refusals are the layouts'.
func TestInspectP12CountsEveryDerivation(t *testing.T) {
	t.Parallel()
	const hostile = 50_000_000
	info, err := certs.InspectP12(p12File(t, p12Layout{keyIterations: 2048}), p12TestPassword, time.Now())
	require.NoError(t, err, "the exporters' layout, built by hand")
	assert.Equal(t, "com.example.chat", info.BundleID)
	// What MaxP12Iterations leaves uncounted: a key hidden inside the
	// encrypted safe of a file with one outside. go-pkcs12 derives it
	// first (within the cap here), then refuses the second key.
	_, err = certs.InspectP12(p12File(t, p12Layout{keyIterations: 2048, keyEncrypted: true, decoyKey: true}), p12TestPassword, time.Now())
	assert.True(t, client.HasCode(err, "InvalidParameterValue.P12"), "%v", err)
	cases := []struct {
		name          string
		layout        p12Layout
		code, message string // the message says why it was refused unopened
	}{
		{"the key over the cap in a plain safe", p12Layout{keyIterations: hostile}, "InvalidParameterValue.P12", "50000000 key-derivation iterations"},
		{"the key over the cap, the authenticated safe rewrapped", p12Layout{keyIterations: hostile, rewrapped: true}, "InvalidParameterValue.P12", "50000000 key-derivation iterations"},
		{"the key over the cap inside the encrypted safe", p12Layout{keyIterations: hostile, keyEncrypted: true}, "InvalidParameterValue.P12NoPrivateKey", "outside its encrypted part"},
		{"the key inside the encrypted safe, within the cap", p12Layout{keyIterations: 2048, keyEncrypted: true}, "InvalidParameterValue.P12NoPrivateKey", "outside its encrypted part"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := certs.InspectP12(p12File(t, c.layout), p12TestPassword, time.Now())
			require.Error(t, err)
			assert.True(t, client.HasCode(err, c.code), "%v", err)
			assert.ErrorContains(t, err, c.message)
		})
	}
}
