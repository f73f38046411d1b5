package usersig

import (
	"bytes"
	"crypto/sha256"
	"encoding/asn1"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"hash/adler32"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Edge tests: each holds a documented rule no other test held (a mutation
// survey found them). Each builds its UserSigs from vectors.json and
// SPEC.md with the standard library, and takes its expectations from
// SPEC.md, the package documentation (doc.go) or the standards the key
// formats come from.

// specEnvelope is SPEC.md §1: TencentB64(zlib(JSON)), the zlib stream
// made of one stored block of doc followed by empty stored blocks, which
// inflate to nothing and only lengthen the UserSig.
func specEnvelope(doc []byte, emptyBlocks int) string {
	z := []byte{0x78, 0x01, 0, byte(len(doc)), byte(len(doc) >> 8), ^byte(len(doc)), ^byte(len(doc) >> 8)}
	z = append(z, doc...)
	for range emptyBlocks {
		z = append(z, 0, 0, 0, 0xff, 0xff)
	}
	z = binary.BigEndian.AppendUint32(append(z, 1, 0, 0, 0xff, 0xff), adler32.Checksum(doc))
	return strings.NewReplacer("+", "*", "/", "-", "=", "_").Replace(base64.StdEncoding.EncodeToString(z))
}

// readmeVector is hmac-01-readme, the official README example.
func readmeVector(t *testing.T) hmacVector {
	t.Helper()
	for _, v := range vectors(t).HMAC {
		if v.ID == "hmac-01-readme" {
			return v
		}
	}
	t.Fatal("no hmac-01-readme in vectors.json")
	return hmacVector{}
}

// TestDocumentedSizeLimits: doc.go, "UserSigs longer than 32 KiB, or
// inflating to more than 16 KiB, are refused". Correctly signed UserSigs
// at each limit verify; one byte (or base64 group) more is refused.
func TestDocumentedSizeLimits(t *testing.T) {
	t.Parallel()
	v := readmeVector(t)
	base := strings.TrimSuffix(v.ExpectedJSON, "}\n")
	// padded is the vector's document, n bytes long with an unknown field.
	padded := func(n int) []byte {
		p := n - len(base) - len(`,"pad":""}`+"\n")
		require.Positive(t, p)
		doc := base + `,"pad":"` + strings.Repeat("x", p) + `"}` + "\n"
		require.Len(t, doc, n)
		return []byte(doc)
	}
	// long is the vector's document in a zlib stream of exactly n bytes
	// (n-16-len(doc) a multiple of 5), so a UserSig of 4n/3 characters.
	long := func(n int) string {
		doc := padded(500)
		k := n - 16 - len(doc)
		require.Zero(t, k%5)
		sig := specEnvelope(doc, k/5)
		require.Len(t, sig, (n+2)/3*4)
		return sig
	}
	cases := []struct {
		name string
		sig  string
		want error
	}{
		{"inflates to 16 KiB", specEnvelope(padded(16<<10), 0), nil},
		{"inflates to 16 KiB + 1", specEnvelope(padded(16<<10+1), 0), ErrMalformed},
		{"32 KiB long", long(24 << 10), nil},
		{"longer than 32 KiB", long(24<<10 + 5), ErrMalformed},
	}
	ver, err := NewHMACVerifier(v.SDKAppID, v.Key)
	require.NoError(t, err)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tok, err := ver.VerifyAt(c.sig, v.Identifier, time.Unix(v.Time, 0))
			_, _, derr := Decode(c.sig)
			if c.want != nil {
				require.ErrorIs(t, err, c.want)
				require.ErrorIs(t, derr, c.want)
				return
			}
			require.NoError(t, err)
			require.NoError(t, derr)
			assert.Equal(t, v.Identifier, tok.UserID)
		})
	}
}

// TestMACComparedInFull: SPEC.md §2, TLS.sig is the StdBase64 of
// the 32-byte HMAC. A UserSig whose MAC differs from hmac-01's tls_sig in
// any one byte, the others kept, is refused.
func TestMACComparedInFull(t *testing.T) {
	t.Parallel()
	v := readmeVector(t)
	mac, err := base64.StdEncoding.DecodeString(v.TLSSig)
	require.NoError(t, err)
	require.Len(t, mac, sha256.Size)
	withMAC := func(m []byte) string {
		doc := strings.Replace(v.ExpectedJSON, v.TLSSig, base64.StdEncoding.EncodeToString(m), 1)
		return specEnvelope([]byte(doc), 0)
	}
	cases := []struct {
		name string
		flip int // the MAC byte changed; -1: none
		want error
	}{
		{"the official MAC", -1, nil},
		{"first byte", 0, ErrSignature},
		{"byte 15", 15, ErrSignature},
		{"byte 16", 16, ErrSignature},
		{"byte 24", 24, ErrSignature},
		{"last byte", 31, ErrSignature},
	}
	ver, err := NewHMACVerifier(v.SDKAppID, v.Key)
	require.NoError(t, err)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m := bytes.Clone(mac)
			if c.flip >= 0 {
				m[c.flip] ^= 0x01
			}
			_, err := ver.VerifyAt(withMAC(m), v.Identifier, time.Unix(v.Time, 0))
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, c.want)
		})
	}
}

// TestLegacySigNotBase64Refused: SPEC.md §3, TLS.sig is the StdBase64
// of the DER signature; decoders strip whitespace (CR LF seen in the wild).
// A TLS.sig with a character that is neither base64 nor whitespace after
// the valid signature is refused (the official Go legacy library fails on
// the base64 error), the signature it ends in notwithstanding.
func TestLegacySigNotBase64Refused(t *testing.T) {
	t.Parallel()
	k := ecdsaKeys(t)["gen-p256-1"]
	s, err := NewECDSASigner(testApp, []byte(k.PrivSEC1), WithClock(pinned(testIssued)))
	require.NoError(t, err)
	ver, err := NewECDSAVerifier(testApp, []byte(k.PublicPEM))
	require.NoError(t, err)
	ticket, err := s.Sign("xiaojun", time.Hour)
	require.NoError(t, err)
	var doc map[string]string
	require.NoError(t, json.Unmarshal(inflateForTest(t, ticket), &doc))
	sig := doc["TLS.sig"]
	withSig := func(sig string) string {
		d := map[string]string{}
		for k, v := range doc {
			d[k] = v
		}
		d["TLS.sig"] = sig
		j, err := json.Marshal(d)
		require.NoError(t, err)
		return specEnvelope(j, 0)
	}
	cases := []struct {
		name   string
		sig    string
		accept bool
	}{
		{"as signed", sig, true},
		{"with CR LF", sig[:20] + "\r\n" + sig[20:], true},
		{"then '!'", sig + "!", false},
		{"then '$$$$'", sig + "$$$$", false},
		{"then '.'", sig + ".", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tok, err := ver.VerifyAt(withSig(c.sig), "xiaojun", time.Unix(testIssued, 0))
			if c.accept {
				require.NoError(t, err)
				assert.Equal(t, "xiaojun", tok.UserID)
				return
			}
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrSignature) || errors.Is(err, ErrMalformed), "%v", err)
			assert.Zero(t, tok)
		})
	}
}

// TestPrivateMapExpiryFits32Bits: SPEC.md §2, the PrivateMap buffer's
// "u32 now + expire" absolute expiry; doc.go: signing refuses "PrivateMap
// expiries after 2106". 2^32-1 fits the field, 2^32 does not.
func TestPrivateMapExpiryFits32Bits(t *testing.T) {
	t.Parallel()
	const lastU32 = 1<<32 - 1
	cases := []struct {
		name    string
		expires int64
		ok      bool
	}{
		{"expiry 2^32-1", lastU32, true},
		{"expiry 2^32", lastU32 + 1, false},
		{"expiry 2^32+1", lastU32 + 2, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := testSigner(t)
			ttl := time.Duration(c.expires-testIssued) * time.Second
			sig, err := s.SignPrivateMapKey("xiaojun", ttl, PrivateMap{RoomID: 10000, Privileges: PrivAll})
			if !c.ok {
				require.Error(t, err)
				assert.Empty(t, sig)
				return
			}
			require.NoError(t, err)
			tok, info, err := testVerifier(t).VerifyPrivateMapKeyAt(sig, "xiaojun", time.Unix(testIssued, 0))
			require.NoError(t, err)
			assert.Equal(t, c.expires, info.ExpiresAt.Unix())
			assert.Equal(t, c.expires, tok.ExpiresAt().Unix())
		})
	}
}

// TestIssuedAtWithinVerifiableRange: doc.go, verification refuses
// "TLS.time and TLS.expire outside 0..2^33", and signing refuses what
// cannot be verified ("IssuedAt out of range"): an issue time of 2^33 is
// signed and verifies, 2^33+1 is refused.
func TestIssuedAtWithinVerifiableRange(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		issued int64
		ok     bool
	}{
		{"2^33", 1 << 33, true},
		{"2^33+1", 1<<33 + 1, false},
		{"2^40", 1 << 40, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			sig, err := testSigner(t).SignToken(Token{UserID: "xiaojun", IssuedAt: time.Unix(c.issued, 0), TTL: time.Hour})
			if !c.ok {
				require.Error(t, err)
				assert.Empty(t, sig)
				return
			}
			require.NoError(t, err)
			tok, err := testVerifier(t).VerifyAt(sig, "xiaojun", time.Unix(c.issued, 0))
			require.NoError(t, err)
			assert.Equal(t, c.issued, tok.IssuedAt.Unix())
		})
	}
}

// TestSDKAppIDRange: im-facts.md, the SDKAppID is a uint32 (SPEC.md:
// the C++ library reads TLS.sdkappid as uint32). The largest uint32 is a
// valid app; one more is not.
func TestSDKAppIDRange(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		app  uint64
		ok   bool
	}{
		{"2^32-1", 1<<32 - 1, true},
		{"2^32", 1 << 32, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, serr := NewHMACSigner(c.app, testKey, WithClock(pinned(testIssued)))
			v, verr := NewHMACVerifier(c.app, testKey)
			if !c.ok {
				require.Error(t, serr)
				require.Error(t, verr)
				return
			}
			require.NoError(t, serr)
			require.NoError(t, verr)
			sig, err := s.Sign("xiaojun", time.Hour)
			require.NoError(t, err)
			tok, err := v.VerifyAt(sig, "xiaojun", time.Unix(testIssued, 0))
			require.NoError(t, err)
			assert.Equal(t, c.app, tok.SDKAppID)
		})
	}
}

// TestTokenUserBufIsACopy: a Token's UserBuf stays what the UserSig
// carried after the Verifier checks other UserSigs (it is the caller's).
func TestTokenUserBufIsACopy(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		verify func(v *Verifier, sig string) (Token, error)
	}{
		{"VerifyUserBufAt", func(v *Verifier, sig string) (Token, error) {
			return v.VerifyUserBufAt(sig, "xiaojun", nil, time.Unix(testIssued, 0))
		}},
		{"VerifyPrivateMapKeyAt", func(v *Verifier, sig string) (Token, error) {
			tok, _, err := v.VerifyPrivateMapKeyAt(sig, "xiaojun", time.Unix(testIssued, 0))
			return tok, err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, v := testSigner(t), testVerifier(t)
			// Two PrivateMap buffers of the same length, of different rooms.
			first := PrivateMap{RoomID: 1111, Privileges: PrivAll}.UserBuf(testApp, "xiaojun", time.Unix(testIssued+3600, 0))
			other := PrivateMap{RoomID: 2222, Privileges: PrivAll}.UserBuf(testApp, "xiaojun", time.Unix(testIssued+3600, 0))
			sigs := make([]string, 2)
			for i, buf := range [][]byte{first, other} {
				var err error
				sigs[i], err = s.SignToken(Token{UserID: "xiaojun", TTL: time.Hour, UserBuf: buf})
				require.NoError(t, err)
			}
			tok, err := c.verify(v, sigs[0])
			require.NoError(t, err)
			require.Equal(t, first, tok.UserBuf)
			for range 50 { // the Verifier reuses its buffers
				_, err := c.verify(v, sigs[1])
				require.NoError(t, err)
			}
			assert.Equal(t, first, tok.UserBuf)
		})
	}
}

// TestMalformedKeysRefused: key encodings that the standards do not
// allow are refused: DER with trailing bytes (X.690), an ECPrivateKey whose
// version is not 1 (RFC 5915), a private scalar outside [1, n-1] (SEC 1
// §3.2.1; n of secp256k1 from SEC 2 §2.4.1) and a subjectPublicKey whose
// bit string is not whole octets (RFC 5480 §2.2, SEC 1 §2.3.2).
func TestMalformedKeysRefused(t *testing.T) {
	t.Parallel()
	keys := ecdsaKeys(t)
	k1PEM := keys["gen-secp256k1-1"].PrivSEC1
	_, k1Key, ok := strings.Cut(k1PEM, "-----END EC PARAMETERS-----\n")
	require.True(t, ok)
	secp256k1Params, err := base64.StdEncoding.DecodeString("BgUrgQQACg==") // SPEC.md §3
	require.NoError(t, err)
	pemOf := func(typ string, der []byte) string {
		return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
	}
	sec1 := func(version int, scalarHex string) string {
		scalar, err := hex.DecodeString(scalarHex)
		require.NoError(t, err)
		der, err := asn1.Marshal(ecPrivateKey{Version: version, PrivateKey: scalar, NamedCurveOID: asn1.ObjectIdentifier{1, 3, 132, 0, 10}})
		require.NoError(t, err)
		return pemOf("EC PRIVATE KEY", der)
	}
	const n = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
	// A public key of the vectors whose point ends in an even byte, so that
	// it has a DER encoding with one unused (zero) bit.
	var oddBits string
	for _, id := range []string{"gen-p256-1", "gen-p256-2", "gen-secp256k1-1", "gen-secp256k1-2", "fx-go-test-p256", "fx-cpp-secp256k1"} {
		blk, _ := pem.Decode([]byte(keys[id].PublicPEM))
		var spki struct {
			Algorithm asn1.RawValue
			PublicKey asn1.BitString
		}
		_, err := asn1.Unmarshal(blk.Bytes, &spki)
		require.NoError(t, err)
		if b := spki.PublicKey.Bytes; b[len(b)-1]&1 == 0 {
			spki.PublicKey.BitLength--
			der, err := asn1.Marshal(spki)
			require.NoError(t, err)
			oddBits = pemOf("PUBLIC KEY", der)
			break
		}
	}
	require.NotEmpty(t, oddBits)
	cases := []struct {
		name    string
		private bool
		pem     string
		ok      bool
	}{
		{"secp256k1 SEC1 as in the vectors", true, k1PEM, true},
		{"scalar 1", true, sec1(1, strings.Repeat("00", 31)+"01"), true},
		{"scalar n-1", true, sec1(1, n[:62]+"40"), true},
		{"EC PARAMETERS with a trailing byte", true, pemOf("EC PARAMETERS", append(secp256k1Params, 0)) + k1Key, false},
		{"ECPrivateKey version 2", true, sec1(2, strings.Repeat("00", 31)+"01"), false},
		{"ECPrivateKey version 0", true, sec1(0, strings.Repeat("00", 31)+"01"), false},
		{"scalar 0", true, sec1(1, strings.Repeat("00", 32)), false},
		{"scalar n", true, sec1(1, n), false},
		{"scalar n+1", true, sec1(1, n[:62]+"42"), false},
		{"scalar 2^256-1", true, sec1(1, strings.Repeat("ff", 32)), false},
		{"public key with an unused bit", false, oddBits, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var err error
			if c.private {
				var s *Signer
				if s, err = NewECDSASigner(testApp, []byte(c.pem), WithClock(pinned(testIssued))); err == nil {
					_, err = s.Sign("xiaojun", time.Hour)
				}
			} else {
				_, err = NewECDSAVerifier(testApp, []byte(c.pem))
			}
			if c.ok {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
		})
	}
}

// TestErrorsQuoteBoundedUserIDs: errors say what to check without
// repeating the UserSig (doc.go); a UserSig's UserID of any length is not
// echoed whole by the mismatch error.
func TestErrorsQuoteBoundedUserIDs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		signed string
		asked  string
	}{
		{"long UserID in the UserSig", strings.Repeat("a", 1000), "bob"},
		{"long UserID asked", "bob", strings.Repeat("b", 1000)},
		{"long multibyte UserID", strings.Repeat("用户", 160), "bob"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			sig, err := testSigner(t).Sign(c.signed, time.Hour)
			require.NoError(t, err)
			_, err = testVerifier(t).VerifyAt(sig, c.asked, time.Unix(testIssued, 0))
			require.ErrorIs(t, err, ErrUserIDMismatch)
			long := c.signed
			if len(c.asked) > len(long) {
				long = c.asked
			}
			assert.NotContains(t, err.Error(), long)
			assert.Less(t, len(err.Error()), 500)
		})
	}
}
