package usersig

import (
	"bytes"
	"compress/zlib"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/internal/testkit"
)

const (
	testApp    = 1400000000
	testKey    = benchKey
	testIssued = 1700000000
)

func testSigner(t testing.TB, opts ...SignerOption) *Signer {
	t.Helper()
	s, err := NewHMACSigner(testApp, testKey, append([]SignerOption{WithClock(pinned(testIssued))}, opts...)...)
	require.NoError(t, err)
	return s
}

func testVerifier(t testing.TB) *Verifier {
	t.Helper()
	v, err := NewHMACVerifier(testApp, testKey)
	require.NoError(t, err)
	return v
}

func TestAlgorithmString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "HMAC-SHA256", HMACSHA256.String())
	assert.Equal(t, "ECDSA-SHA256", ECDSASHA256.String())
	assert.Equal(t, "Algorithm(0)", Algorithm(0).String())
}

func TestTokenExpiresAt(t *testing.T) {
	t.Parallel()
	tok := Token{IssuedAt: time.Unix(testIssued, 0), TTL: time.Hour}
	assert.Equal(t, int64(testIssued+3600), tok.ExpiresAt().Unix())
	// Valid through the whole of its last second, as verification judges.
	assert.False(t, tok.Expired(time.Unix(testIssued+3600, 999_999_999)))
	assert.True(t, tok.Expired(time.Unix(testIssued+3601, 0)))
}

func TestPrivilegeString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "none", Privilege(0).String())
	assert.Equal(t, "enter-room|recv-audio|recv-video", Privilege(42).String())
	assert.Equal(t, "create-room|enter-room|send-audio|recv-audio|send-video|recv-video|send-sub-video|recv-sub-video", PrivAll.String())
	assert.Equal(t, "recv-sub-video|0x100", Privilege(0x180).String())
	assert.Equal(t, Privilege(128), PrivRecvSubVideo)
}

func TestConstructorsRefuseWrongKeys(t *testing.T) {
	t.Parallel()
	keys := ecdsaKeys(t)
	p256 := keys["gen-p256-1"]
	p384, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	require.NoError(t, err)
	p384DER, err := x509.MarshalECPrivateKey(p384)
	require.NoError(t, err)
	p384PEM := string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: p384DER}))
	p384PubDER, err := x509.MarshalPKIXPublicKey(&p384.PublicKey)
	require.NoError(t, err)
	p384Pub := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: p384PubDER}))
	rsaLike := "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"

	cases := []struct {
		name string
		make func() error
		want []string
	}{
		{"hmac signer, PEM key", func() error { _, err := NewHMACSigner(testApp, p256.PrivSEC1); return err }, []string{"PEM", "secret key", "NewECDSASigner"}},
		{"hmac verifier, PEM key", func() error { _, err := NewHMACVerifier(testApp, p256.PublicPEM); return err }, []string{"PEM", "NewECDSAVerifier"}},
		{"hmac signer, empty key", func() error { _, err := NewHMACSigner(testApp, ""); return err }, []string{"empty", "64 hex"}},
		// What a JSON-encoded apps.Secret holds in place of its key: signing
		// with it would make UserSigs Tencent refuses (70009).
		{"hmac signer, redacted placeholder", func() error { _, err := NewHMACSigner(testApp, "[redacted]"); return err }, []string{`"[redacted]"`, "apps.Secret", "key itself"}},
		{"hmac verifier, redacted placeholder", func() error { _, err := NewHMACVerifier(testApp, "[redacted]"); return err }, []string{`"[redacted]"`}},
		{"hmac signer, app 0", func() error { _, err := NewHMACSigner(0, testKey); return err }, []string{"SDKAppID 0 is out of range"}},
		{"hmac verifier, app too big", func() error { _, err := NewHMACVerifier(math.MaxUint32+1, testKey); return err }, []string{"out of range"}},
		{"ecdsa signer, public key", func() error { _, err := NewECDSASigner(testApp, []byte(p256.PublicPEM)); return err }, []string{"got a public key", "EC PRIVATE KEY", "NewECDSAVerifier"}},
		{"ecdsa signer, HMAC key", func() error { _, err := NewECDSASigner(testApp, []byte(testKey)); return err }, []string{"not PEM", "private key", "NewHMACSigner"}},
		{"ecdsa signer, certificate", func() error { _, err := NewECDSASigner(testApp, []byte(rsaLike)); return err }, []string{`"CERTIFICATE"`}},
		{"ecdsa signer, P-384", func() error { _, err := NewECDSASigner(testApp, []byte(p384PEM)); return err }, []string{"unsupported elliptic curve", "prime256v1", "secp256k1"}},
		{"ecdsa signer, encrypted", func() error {
			_, err := NewECDSASigner(testApp, []byte("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"))
			return err
		}, []string{"encrypted"}},
		{"ecdsa signer, app 0", func() error { _, err := NewECDSASigner(0, []byte(p256.PrivSEC1)); return err }, []string{"out of range"}},
		{"ecdsa verifier, private key", func() error { _, err := NewECDSAVerifier(testApp, []byte(p256.PrivPKCS8)); return err }, []string{"got a private key", "PUBLIC KEY"}},
		{"ecdsa verifier, HMAC key", func() error { _, err := NewECDSAVerifier(testApp, []byte(testKey)); return err }, []string{"not PEM", "public key", "NewHMACVerifier"}},
		{"ecdsa verifier, P-384", func() error { _, err := NewECDSAVerifier(testApp, []byte(p384Pub)); return err }, []string{"unsupported elliptic curve"}},
		{"ecdsa verifier, garbage", func() error {
			_, err := NewECDSAVerifier(testApp, []byte("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
			return err
		}, []string{"invalid PUBLIC KEY"}},
		{"option, level", func() error { _, err := NewHMACSigner(testApp, testKey, WithCompressionLevel(10)); return err }, []string{"level 10"}},
		{"option, nil clock", func() error { _, err := NewHMACSigner(testApp, testKey, WithClock(nil)); return err }, []string{"clock is nil"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := c.make()
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			// Keys never appear in errors.
			assert.NotContains(t, err.Error(), testKey)
			for _, k := range keys {
				for _, secret := range []string{k.PrivSEC1, k.PrivPKCS8} {
					for _, line := range strings.Split(secret, "\n") {
						if len(line) > 20 && !strings.HasPrefix(line, "-----") {
							assert.NotContains(t, err.Error(), line)
						}
					}
				}
			}
		})
	}
}

func TestECDSAKeyForms(t *testing.T) {
	t.Parallel()
	keys := ecdsaKeys(t)
	k1 := keys["gen-secp256k1-1"]
	// secp256k1 SEC1 without its EC PARAMETERS block (the curve is in the
	// key).
	_, rest, ok := strings.Cut(k1.PrivSEC1, "-----END EC PARAMETERS-----\n")
	require.True(t, ok)
	s, err := NewECDSASigner(testApp, []byte(rest), WithClock(pinned(testIssued)))
	require.NoError(t, err)
	pub, err := s.PublicKeyPEM()
	require.NoError(t, err)
	assert.Equal(t, k1.PublicPEM, string(pub))

	// A SEC1 key with neither a curve nor an EC PARAMETERS block.
	blk, _ := pem.Decode([]byte(rest))
	var sec1 ecPrivateKey
	_, err = asn1.Unmarshal(blk.Bytes, &sec1)
	require.NoError(t, err)
	sec1.NamedCurveOID = nil
	der, err := asn1.Marshal(sec1)
	require.NoError(t, err)
	_, err = NewECDSASigner(testApp, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))
	require.ErrorContains(t, err, "no curve")

	// An EC PARAMETERS block naming another curve than the key.
	p256params := "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
	_, err = NewECDSASigner(testApp, []byte(p256params+rest))
	require.ErrorContains(t, err, "different curves")

	// A public key in the PEM that does not match the private key.
	other := keys["gen-secp256k1-2"]
	oblk, _ := pem.Decode([]byte(strings.SplitAfter(other.PrivSEC1, "-----END EC PARAMETERS-----\n")[1]))
	var osec1 ecPrivateKey
	_, err = asn1.Unmarshal(oblk.Bytes, &osec1)
	require.NoError(t, err)
	sec1.NamedCurveOID = oidSecp256k1
	sec1.PublicKey = osec1.PublicKey
	der, err = asn1.Marshal(sec1)
	require.NoError(t, err)
	_, err = NewECDSASigner(testApp, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))
	require.ErrorContains(t, err, "does not match")

	// HMAC signers have no public key.
	_, err = testSigner(t).PublicKeyPEM()
	require.ErrorContains(t, err, "no public key")
}

func TestGenerateECDSAKey(t *testing.T) {
	t.Parallel()
	priv, pub, err := GenerateECDSAKey()
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(priv), "-----BEGIN PRIVATE KEY-----"))
	assert.True(t, strings.HasPrefix(string(pub), "-----BEGIN PUBLIC KEY-----"))
	s, err := NewECDSASigner(testApp, priv)
	require.NoError(t, err)
	got, err := s.PublicKeyPEM()
	require.NoError(t, err)
	assert.Equal(t, string(pub), string(got))
	v, err := NewECDSAVerifier(testApp, pub)
	require.NoError(t, err)
	sig, err := s.Sign("admin", time.Hour)
	require.NoError(t, err)
	tok, err := v.Verify(sig, "admin")
	require.NoError(t, err)
	assert.Equal(t, "admin", tok.UserID)
	assert.Equal(t, ECDSASHA256, v.Algorithm())
	assert.Equal(t, uint64(testApp), v.SDKAppID())
}

func TestCompressionLevels(t *testing.T) {
	t.Parallel()
	v := testVerifier(t)
	for level := zlib.HuffmanOnly; level <= zlib.BestCompression; level++ {
		s := testSigner(t, WithCompressionLevel(level))
		for range 3 { // pooled writers are reused
			sig, err := s.Sign("xiaojun", time.Hour)
			require.NoError(t, err)
			_, err = v.VerifyAt(sig, "xiaojun", time.Unix(testIssued, 0))
			require.NoError(t, err, "level %d", level)
			switch level {
			case zlib.NoCompression:
				assert.True(t, strings.HasPrefix(sig, "eAEA"), sig)
			case zlib.DefaultCompression, 6:
				assert.True(t, strings.HasPrefix(sig, "eJ"), sig)
			}
		}
	}
	// The default level is the official Go library's (NoCompression).
	sig, err := testSigner(t).Sign("xiaojun", 180*24*time.Hour)
	require.NoError(t, err)
	assert.Equal(t, vectors(t).HMAC[0].ExpectedSig, sig)
}

func TestSignTokenRefuses(t *testing.T) {
	t.Parallel()
	s := testSigner(t)
	cases := []struct {
		name string
		tok  Token
		want string
	}{
		{"empty user", Token{TTL: time.Hour}, "UserID is empty"},
		{"long user", Token{UserID: strings.Repeat("a", maxUserIDLen+1), TTL: time.Hour}, "more than 1024"},
		{"invalid UTF-8", Token{UserID: "a\xff", TTL: time.Hour}, "not valid UTF-8"},
		{"newline", Token{UserID: "a\nTLS.sdkappid:1", TTL: time.Hour}, "control character"},
		{"DEL", Token{UserID: "a\x7f", TTL: time.Hour}, "control character"},
		{"zero TTL", Token{UserID: "a"}, "TTL 0s is not positive"},
		{"negative TTL", Token{UserID: "a", TTL: -time.Second}, "not positive"},
		{"fractional TTL", Token{UserID: "a", TTL: 1500 * time.Millisecond}, "whole number of seconds"},
		{"huge TTL", Token{UserID: "a", TTL: time.Duration(maxSeconds+1) * time.Second}, "too long"},
		{"issued before 1970", Token{UserID: "a", TTL: time.Hour, IssuedAt: time.Unix(-5, 0)}, "IssuedAt"},
		{"other app", Token{SDKAppID: 1, UserID: "a", TTL: time.Hour}, "SDKAppID 1"},
		{"empty userbuf", Token{UserID: "a", TTL: time.Hour, UserBuf: []byte{}}, "UserBuf is empty but not nil"},
		{"long userbuf", Token{UserID: "a", TTL: time.Hour, UserBuf: make([]byte, maxUserBufLen+1)}, "more than 4096"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			sig, err := s.SignToken(c.tok)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Empty(t, sig)
		})
	}
	_, err := s.SignPrivateMapKey("a", time.Hour, PrivateMap{RoomID: 1, RoomStr: "1"})
	assert.ErrorContains(t, err, "not both")
	pmk, err := s.SignPrivateMapKey("a", time.Hour, PrivateMap{})
	assert.ErrorContains(t, err, "the PrivateMap is empty")
	assert.Empty(t, pmk)
	// Room 0 with privileges is what the official libraries sign for an
	// empty string room (vector hmac-17), so it stays allowed.
	_, err = s.SignPrivateMapKey("a", time.Hour, PrivateMap{Privileges: PrivEnterRoom})
	assert.NoError(t, err)
	_, err = s.SignPrivateMapKey("a", time.Hour, PrivateMap{RoomStr: strings.Repeat("r", 1025)})
	assert.ErrorContains(t, err, "PrivateMap.RoomStr is 1025 bytes")
	_, err = s.SignPrivateMapKey("", time.Hour, PrivateMap{RoomID: 1})
	assert.ErrorContains(t, err, "UserID is empty")
	_, err = s.SignPrivateMapKey("a", 0, PrivateMap{RoomID: 1})
	assert.ErrorContains(t, err, "not positive")
	late, err := NewHMACSigner(testApp, testKey, WithClock(pinned(math.MaxUint32-10)))
	require.NoError(t, err)
	_, err = late.SignPrivateMapKey("a", time.Hour, PrivateMap{RoomID: 1})
	assert.ErrorContains(t, err, "32-bit")
}

func TestSignLimitsVerify(t *testing.T) {
	t.Parallel()
	// The largest token the signer accepts, with the worst escaping,
	// still fits the verifier's limits, at every level.
	user := strings.Repeat("<", maxUserIDLen)
	buf := make([]byte, maxUserBufLen)
	for _, level := range []int{zlib.NoCompression, zlib.HuffmanOnly, zlib.BestSpeed} {
		s := testSigner(t, WithCompressionLevel(level))
		sig, err := s.SignToken(Token{UserID: user, TTL: time.Hour, UserBuf: buf})
		require.NoError(t, err)
		_, err = testVerifier(t).VerifyUserBufAt(sig, user, buf, time.Unix(testIssued, 0))
		require.NoError(t, err, "level %d, %d bytes", level, len(sig))
		if level == zlib.NoCompression {
			// The stored-block stream is compress/zlib's, at the largest
			// document too.
			got, err := decodeTencent(sig)
			require.NoError(t, err)
			var want bytes.Buffer
			zw, _ := zlib.NewWriterLevel(&want, zlib.NoCompression)
			_, _ = zw.Write(inflateForTest(t, sig))
			require.NoError(t, zw.Close())
			require.Equal(t, want.Bytes(), got)
		}
	}
}

func TestSignUsesClockAndIssuedAt(t *testing.T) {
	t.Parallel()
	s := testSigner(t)
	sig, err := s.Sign("xiaojun", time.Hour)
	require.NoError(t, err)
	tok, alg, err := Decode(sig)
	require.NoError(t, err)
	assert.Equal(t, HMACSHA256, alg)
	assert.Equal(t, int64(testIssued), tok.IssuedAt.Unix())
	sig, err = s.SignToken(Token{SDKAppID: testApp, UserID: "xiaojun", TTL: time.Hour, IssuedAt: time.Unix(1600000000, 999)})
	require.NoError(t, err)
	tok, _, err = Decode(sig)
	require.NoError(t, err)
	assert.Equal(t, int64(1600000000), tok.IssuedAt.Unix())
	assert.Equal(t, uint64(testApp), tok.SDKAppID)
	assert.Equal(t, HMACSHA256, s.Algorithm())
	assert.Equal(t, uint64(testApp), s.SDKAppID())

	// Without WithClock, the wall clock.
	live, err := NewHMACSigner(testApp, testKey)
	require.NoError(t, err)
	sig, err = live.Sign("xiaojun", time.Hour)
	require.NoError(t, err)
	tok, err = testVerifier(t).Verify(sig, "xiaojun")
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), tok.IssuedAt, 5*time.Second)
}

func TestUserBufModes(t *testing.T) {
	t.Parallel()
	s, v := testSigner(t), testVerifier(t)
	now := time.Unix(testIssued, 0)
	plain, err := s.Sign("xiaojun", time.Hour)
	require.NoError(t, err)
	withBuf, err := s.SignToken(Token{UserID: "xiaojun", TTL: time.Hour, UserBuf: []byte("abc")})
	require.NoError(t, err)
	pmk, err := s.SignPrivateMapKey("xiaojun", time.Hour, PrivateMap{RoomStr: "room-1", Privileges: PrivEnterRoom | PrivRecvAudio})
	require.NoError(t, err)

	_, err = v.VerifyAt(withBuf, "xiaojun", now)
	assert.ErrorIs(t, err, ErrUserBufMismatch)
	assert.ErrorContains(t, err, "VerifyUserBufAt")
	tok, err := v.VerifyUserBufAt(withBuf, "xiaojun", []byte("abc"), now)
	require.NoError(t, err)
	assert.Equal(t, []byte("abc"), tok.UserBuf)
	_, err = v.VerifyUserBufAt(withBuf, "xiaojun", []byte("abd"), now)
	assert.ErrorIs(t, err, ErrUserBufMismatch)
	_, err = v.VerifyUserBufAt(plain, "xiaojun", []byte("abc"), now)
	assert.ErrorIs(t, err, ErrUserBufMismatch)
	// nil accepts any userbuf and returns it.
	tok, err = v.VerifyUserBufAt(withBuf, "xiaojun", nil, now)
	require.NoError(t, err)
	assert.Equal(t, []byte("abc"), tok.UserBuf)
	// but still requires one.
	_, err = v.VerifyUserBufAt(plain, "xiaojun", nil, now)
	assert.ErrorIs(t, err, ErrUserBufMismatch)
	assert.ErrorContains(t, err, "carries no userbuf")

	tok, info, err := v.VerifyPrivateMapKeyAt(pmk, "xiaojun", now)
	require.NoError(t, err)
	assert.Equal(t, "room-1", info.RoomStr)
	assert.Equal(t, PrivEnterRoom|PrivRecvAudio, info.Privileges)
	assert.Equal(t, tok.ExpiresAt().Unix(), info.ExpiresAt.Unix())
	assert.Equal(t, "xiaojun", info.UserID)
	_, _, err = v.VerifyPrivateMapKeyAt(plain, "xiaojun", now)
	assert.ErrorIs(t, err, ErrUserBufMismatch)
	// The UserSig is well-formed; its userbuf is just not a PrivateMap.
	_, _, err = v.VerifyPrivateMapKeyAt(withBuf, "xiaojun", now)
	assert.ErrorIs(t, err, ErrUserBufMismatch)
	assert.NotErrorIs(t, err, ErrMalformed)
	assert.ErrorContains(t, err, "not a PrivateMap buffer")

	// A PrivateMap buffer for another user or app, signed in the envelope
	// of this user.
	for name, buf := range map[string][]byte{
		"user": PrivateMap{RoomID: 7}.UserBuf(testApp, "mallory", time.Unix(testIssued+3600, 0)),
		"app":  PrivateMap{RoomID: 7}.UserBuf(1, "xiaojun", time.Unix(testIssued+3600, 0)),
	} {
		sig, err := s.SignToken(Token{UserID: "xiaojun", TTL: time.Hour, UserBuf: buf})
		require.NoError(t, err)
		_, _, err = v.VerifyPrivateMapKeyAt(sig, "xiaojun", now)
		assert.ErrorIs(t, err, ErrUserBufMismatch, name)
	}
}

// TestTruncatedUserSig: a UserSig cut short is reported as truncated,
// whichever the number of characters cut, not as a bad character.
func TestTruncatedUserSig(t *testing.T) {
	t.Parallel()
	sig, err := testSigner(t).Sign("xiaojun", time.Hour)
	require.NoError(t, err)
	require.Zero(t, len(sig)%4)
	for cut := 1; cut <= 12; cut++ {
		_, err := testVerifier(t).VerifyAt(sig[:len(sig)-cut], "xiaojun", time.Unix(testIssued, 0))
		require.ErrorIs(t, err, ErrMalformed, cut)
		assert.Contains(t, err.Error(), "truncated", cut)
		assert.NotContains(t, err.Error(), "URL-decode", cut)
		if cut%4 != 0 {
			assert.Contains(t, err.Error(), fmt.Sprintf("the UserSig is %d characters, not a multiple of 4", len(sig)-cut))
		}
	}
}

func TestVerifyAtZeroTimeIsNow(t *testing.T) {
	t.Parallel()
	sig, err := testSigner(t).Sign("xiaojun", time.Hour) // issued in 2023
	require.NoError(t, err)
	_, err = testVerifier(t).VerifyAt(sig, "xiaojun", time.Time{})
	assert.ErrorIs(t, err, ErrExpired)
}

// TestExpiryEdges: a UserSig is valid up to and including IssuedAt+TTL in
// whole seconds and at any earlier time, so also before its issue time (a
// signer whose clock is ahead; the official libraries do not refuse it
// either), and the largest issue time and TTL the decoder takes neither
// overflow nor expire early.
func TestExpiryEdges(t *testing.T) {
	t.Parallel()
	s, v := testSigner(t), testVerifier(t)
	sig, err := s.Sign("xiaojun", time.Hour)
	require.NoError(t, err)
	longest, err := s.SignToken(Token{UserID: "xiaojun", IssuedAt: time.Unix(maxSeconds, 0), TTL: maxSeconds * time.Second})
	require.NoError(t, err)
	const end = testIssued + 3600
	cases := []struct {
		name string
		sig  string
		now  time.Time
		want error
	}{
		{"at issue", sig, time.Unix(testIssued, 0), nil},
		{"a year before issue", sig, time.Unix(testIssued-365*86400, 0), nil},
		{"unix 0", sig, time.Unix(0, 0), nil},
		{"negative", sig, time.Unix(-1, 0), nil},
		{"min int64", sig, time.Unix(math.MinInt64, 0), nil},
		{"at expiry", sig, time.Unix(end, 0), nil},
		{"in the last second", sig, time.Unix(end, 999999999), nil},
		{"a second after", sig, time.Unix(end+1, 0), ErrExpired},
		{"max int64", sig, time.Unix(math.MaxInt64, 0), ErrExpired},
		{"longest at its end", longest, time.Unix(2*maxSeconds, 0), nil},
		{"longest a second after", longest, time.Unix(2*maxSeconds+1, 0), ErrExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			tok, err := v.VerifyAt(c.sig, "xiaojun", c.now)
			if c.want != nil {
				require.ErrorIs(t, err, c.want)
				return
			}
			require.NoError(t, err)
			assert.False(t, c.now.After(tok.ExpiresAt().Add(time.Second-1)))
		})
	}
}

// TestHostileUserSigsRefused: what the package documents refusing, in the
// envelope or the JSON of an otherwise valid UserSig, fails VerifyAt and
// Decode with ErrMalformed alone, and the error does not quote the UserSig.
func TestHostileUserSigsRefused(t *testing.T) {
	t.Parallel()
	sig, err := testSigner(t).Sign("xiaojun", time.Hour)
	require.NoError(t, err)
	doc := string(inflateForTest(t, sig))
	envelope := func(doc string) string { return tencentB64.EncodeToString(appendZlibStored(nil, []byte(doc))) }
	edit := func(old, new string) string {
		require.Contains(t, doc, old)
		return envelope(strings.Replace(doc, old, new, 1))
	}
	stream := appendZlibStored(nil, []byte(doc))
	bomb := make([]byte, maxInflated+1)
	copy(bomb, doc)
	cases := map[string]string{
		"known field twice":         edit(`{`, `{"TLS.time":1700000000,`),
		"escaped known field twice": edit(`{`, `{"TLS.t\u0069me":1700000000,`),
		// encoding/json, as the official verifiers use it, reads these as
		// TLS.identifier and TLS.sdkappid: unsigned, they must not pass.
		"known field in another case": edit(`}`, `,"tls.IDENTIFIER":"bob"}`),
		"known field with a long s":   edit(`}`, `,"TLS.\u017fdkappid":1}`),
		"known field alone in upper":  edit(`"TLS.identifier"`, `"TLS.IDENTIFIER"`),
		"invalid UTF-8":               edit(`{`, "{\"x\":\"\xff\","),
		"unpaired surrogate":          edit(`{`, `{"x":"\udc00\ud800",`),
		"trailing document":           envelope(doc + `{}`),
		"nested too deeply":           edit(`{`, `{"x":`+strings.Repeat("[", maxJSONDepth)+strings.Repeat("]", maxJSONDepth)+`,`),
		"not an object":               envelope(`[` + doc + `]`),
		"1e400":                       edit(`"TLS.time":1700000000`, `"TLS.time":1e400`),
		"time as a fraction":          edit(`"TLS.time":1700000000`, `"TLS.time":1700000000.0`),
		"time beyond 2^33":            edit(`"TLS.time":1700000000`, `"TLS.time":8589934593`),
		"SDKAppID beyond 2^64":        edit(`"TLS.sdkappid":1400000000`, `"TLS.sdkappid":18446744073709551617`),
		"SDKAppID beyond 32 bits":     edit(`"TLS.sdkappid":1400000000`, `"TLS.sdkappid":5694967296`),
		"negative expiry":             edit(`"TLS.expire":3600`, `"TLS.expire":-3600`),
		"expiry as a string":          edit(`"TLS.expire":3600`, `"TLS.expire":"3600"`),
		"identifier as a number":      edit(`"TLS.identifier":"xiaojun"`, `"TLS.identifier":7`),
		"identifier null":             edit(`"TLS.identifier":"xiaojun"`, `"TLS.identifier":null`),
		"userbuf not base64":          edit(`{`, `{"TLS.userbuf":"a!",`),
		"bytes after zlib":            tencentB64.EncodeToString(append(stream[:len(stream):len(stream)], 0)),
		"preset dictionary":           tencentB64.EncodeToString(append([]byte{0x78, 0xbb, 0, 0, 0, 1}, stream[2:]...)),
		"bad Adler-32":                tencentB64.EncodeToString(append(stream[:len(stream)-1:len(stream)-1], stream[len(stream)-1]^1)),
		"over 16 KiB inflated":        tencentB64.EncodeToString(appendZlibStored(nil, bomb)),
		"over 32 KiB":                 sig + strings.Repeat("A", maxSigLen),
	}
	// The same document re-enveloped verifies, and unknown fields (even
	// twice) are skipped, so each refusal is the edit's.
	for _, ok := range []string{envelope(doc), edit(`{`, `{"x":1,"x":[2],`)} {
		_, err := testVerifier(t).VerifyAt(ok, "xiaojun", time.Unix(testIssued, 0))
		require.NoError(t, err)
	}
	for name, bad := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, verr := testVerifier(t).VerifyAt(bad, "xiaojun", time.Unix(testIssued, 0))
			_, _, derr := Decode(bad)
			for _, err := range []error{verr, derr} {
				require.ErrorIs(t, err, ErrMalformed)
				for _, s := range sentinels[1:] {
					assert.NotErrorIs(t, err, s)
				}
				assert.NotContains(t, err.Error(), bad[:32])
			}
		})
	}
}

func TestParsePrivateMapErrors(t *testing.T) {
	t.Parallel()
	good := PrivateMap{RoomStr: "r1", Privileges: 42}.UserBuf(testApp, "u", time.Unix(testIssued, 0))
	for name, buf := range map[string][]byte{
		"empty":        nil,
		"short":        good[:10],
		"bad version":  append([]byte{2}, good[1:]...),
		"no room len":  good[:len(good)-4],
		"room cut":     good[:len(good)-1],
		"trailing":     append(append([]byte{}, good...), 0),
		"user too big": {0, 0xff, 0xff, 1, 2, 3},
	} {
		_, err := ParsePrivateMap(buf)
		assert.ErrorIs(t, err, ErrMalformed, name)
	}
	info, err := ParsePrivateMap(good)
	require.NoError(t, err)
	assert.Equal(t, "r1", info.RoomStr)
	assert.Equal(t, uint32(0), info.AccountType)
}

func TestVerifyErrorsSayWhatToCheck(t *testing.T) {
	t.Parallel()
	s, v := testSigner(t), testVerifier(t)
	sig, err := s.Sign("xiaojun", time.Hour)
	require.NoError(t, err)
	ecdsaPriv, ecdsaPub, err := GenerateECDSAKey()
	require.NoError(t, err)
	es, err := NewECDSASigner(testApp, ecdsaPriv, WithClock(pinned(testIssued)))
	require.NoError(t, err)
	ev, err := NewECDSAVerifier(testApp, ecdsaPub)
	require.NoError(t, err)
	legacy, err := es.Sign("xiaojun", time.Hour)
	require.NoError(t, err)
	other, err := NewHMACVerifier(testApp, "another key")
	require.NoError(t, err)
	otherApp, err := NewHMACVerifier(testApp+1, testKey)
	require.NoError(t, err)
	_, otherPub, err := GenerateECDSAKey()
	require.NoError(t, err)
	otherECDSA, err := NewECDSAVerifier(testApp, otherPub)
	require.NoError(t, err)
	now := time.Unix(testIssued, 0)
	// verifyAt is by's answer to userSig for userID at now.
	verifyAt := func(by *Verifier, userSig, userID string) func() error {
		return func() error { _, err := by.VerifyAt(userSig, userID, now); return err }
	}
	// forged is a UserSig of the given JSON, unsigned.
	forged := func(doc string) string { return tencentB64.EncodeToString(appendZlibStored(nil, []byte(doc))) }

	cases := []struct {
		name string
		err  func() error
		is   error
		want string
	}{
		{"expired", func() error { _, err := v.VerifyAt(sig, "xiaojun", now.Add(time.Hour+time.Second)); return err }, ErrExpired, "expired at 2023-11-14T23:13:20Z"},
		{"user", verifyAt(v, sig, "bob"), ErrUserIDMismatch, `issued to UserID "xiaojun", not "bob"`},
		{"app", verifyAt(otherApp, sig, "xiaojun"), ErrSDKAppIDMismatch, "SDKAppID 1400000000, not 1400000001"},
		{"key", verifyAt(other, sig, "xiaojun"), ErrSignature, "another secret key"},
		{"hmac sig, ecdsa verifier", verifyAt(ev, sig, "xiaojun"), ErrAlgorithm, "NewHMACVerifier"},
		{"ecdsa sig, hmac verifier", verifyAt(v, legacy, "xiaojun"), ErrAlgorithm, "NewECDSAVerifier"},
		{"ecdsa other key", verifyAt(otherECDSA, legacy, "xiaojun"), ErrSignature, "does not verify with this public key"},
		{"empty", verifyAt(v, "", "xiaojun"), ErrMalformed, "empty"},
		{"url-encoded", verifyAt(v, strings.ReplaceAll(sig, "-", "%2D"), "xiaojun"), ErrMalformed, "URL-decode"},
		{"json", verifyAt(v, forged(`{"TLS.ver":"2.0",}`), "x"), ErrMalformed, "invalid JSON at offset 17"},
		{"not a usersig", verifyAt(v, forged(`{"a":1}`), "x"), ErrMalformed, "not a UserSig"},
		{"mixed", verifyAt(v, forged(`{"TLS.ver":"2.0","TLS.sdk_appid":"1","TLS.sig":""}`), "x"), ErrMalformed, "mixes"},
		{"string appid", verifyAt(v, forged(`{"TLS.ver":"2.0","TLS.sdkappid":"1400000000","TLS.sig":""}`), "x"), ErrMalformed, "TLS.sdkappid must be a JSON integer"},
		{"no sig", verifyAt(v, forged(`{"TLS.ver":"2.0","TLS.sdkappid":1400000000}`), ""), ErrMalformed, "no TLS.sig"},
		{"legacy missing field", verifyAt(ev, forged(`{"TLS.sdk_appid":"1400000000","TLS.identifier":"x","TLS.sig":""}`), "x"), ErrMalformed, "no TLS.time"},
		{"legacy numeric field", verifyAt(ev, forged(`{"TLS.sdk_appid":1400000000,"TLS.identifier":"x","TLS.time":"1","TLS.expire_after":"1","TLS.account_type":"0","TLS.sig":""}`), "x"), ErrMalformed, "must be a JSON string"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := c.err()
			require.ErrorIs(t, err, c.is)
			assert.Contains(t, err.Error(), c.want)
			for _, secret := range []string{sig, legacy, testKey, "another key"} {
				assert.NotContains(t, err.Error(), secret)
			}
			for _, s := range sentinels {
				if s != c.is {
					assert.NotErrorIs(t, err, s, "exactly one sentinel")
				}
			}
		})
	}
}

// TestSecretsNotPrinted: keys and UserSigs never appear however a program
// logs a Signer, a Verifier or a verified Token (testkit.Render: the fmt
// verbs, those that walk fields included, JSON and slog).
func TestSecretsNotPrinted(t *testing.T) {
	t.Parallel()
	keys := ecdsaKeys(t)
	priv := keys["gen-p256-1"]
	hs := testSigner(t)
	es, err := NewECDSASigner(testApp, []byte(priv.PrivSEC1))
	require.NoError(t, err)
	ev, err := NewECDSAVerifier(testApp, []byte(priv.PublicPEM))
	require.NoError(t, err)
	raw, err := es.k.ec.p256.Bytes()
	require.NoError(t, err)
	pmk, err := hs.SignPrivateMapKey("xiaojun", time.Hour, PrivateMap{RoomID: 7, Privileges: PrivAll})
	require.NoError(t, err)
	tok, _, err := testVerifier(t).VerifyPrivateMapKeyAt(pmk, "xiaojun", time.Unix(testIssued, 0))
	require.NoError(t, err)
	secrets := []string{testKey, hex.EncodeToString([]byte(testKey)), hex.EncodeToString(raw), "MHcCAQEE", pmk}
	for _, x := range []any{hs, *hs, es, *es, testVerifier(t), *testVerifier(t), ev, *ev, tok} {
		out, _ := testkit.Render(t, x)
		for _, secret := range secrets {
			assert.NotContains(t, out, secret, "%T", x)
		}
	}
	assert.Equal(t, "usersig.Signer{HMAC-SHA256, SDKAppID 1400000000}", hs.String())
	assert.Equal(t, "usersig.Verifier{ECDSA-SHA256, SDKAppID 1400000000}", fmt.Sprint(ev))
	// Zero values print too, instead of fmt's recovered-panic text.
	assert.Equal(t, "usersig.Signer{Algorithm(0), SDKAppID }", fmt.Sprint(Signer{}))
	assert.Equal(t, "usersig.Verifier{Algorithm(0), SDKAppID }", fmt.Sprint(Verifier{}))
}

// TestConcurrentUse shares each Signer and Verifier between goroutines
// (run with -race) on every path: plain UserSigs, userbufs and
// PrivateMapKeys, HMAC at two levels, ECDSA on both curves. Each returned
// userbuf is scribbled over, so one aliasing a pooled buffer shows as a
// race or a wrong claim in another goroutine.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	keys := ecdsaKeys(t)
	type pair struct {
		s *Signer
		v *Verifier
	}
	pairs := []pair{{testSigner(t), testVerifier(t)}, {testSigner(t, WithCompressionLevel(zlib.BestSpeed)), testVerifier(t)}}
	for _, id := range []string{"gen-secp256k1-1", "gen-p256-1"} {
		s, err := NewECDSASigner(testApp, []byte(keys[id].PrivSEC1), WithClock(pinned(testIssued)))
		require.NoError(t, err)
		v, err := NewECDSAVerifier(testApp, []byte(keys[id].PublicPEM))
		require.NoError(t, err)
		pairs = append(pairs, pair{s, v})
	}
	now := time.Unix(testIssued, 0)
	// roundTrip signs and verifies the three kinds of UserSig for user.
	roundTrip := func(p pair, user string) error {
		sig, err := p.s.Sign(user, time.Hour)
		if err != nil {
			return err
		}
		if tok, err := p.v.VerifyAt(sig, user, now); err != nil || tok.UserID != user {
			return fmt.Errorf("plain %s: %+v, %w", user, tok, err)
		}
		if sig, err = p.s.SignToken(Token{UserID: user, TTL: time.Hour, UserBuf: []byte(user)}); err != nil {
			return err
		}
		tok, err := p.v.VerifyUserBufAt(sig, user, nil, now)
		if err != nil || string(tok.UserBuf) != user {
			return fmt.Errorf("userbuf %s: %q, %w", user, tok.UserBuf, err)
		}
		clear(tok.UserBuf)
		if sig, err = p.s.SignPrivateMapKey(user, time.Hour, PrivateMap{RoomStr: user, Privileges: PrivAll}); err != nil {
			return err
		}
		tok, info, err := p.v.VerifyPrivateMapKeyAt(sig, user, now)
		if err != nil || info.RoomStr != user || info.UserID != user {
			return fmt.Errorf("PrivateMapKey %s: %+v, %w", user, info, err)
		}
		clear(tok.UserBuf)
		return nil
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := range 8 {
		wg.Go(func() {
			for i := range 10 {
				for _, p := range pairs {
					if err := roundTrip(p, fmt.Sprintf("user-%d-%d", g, i)); err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
