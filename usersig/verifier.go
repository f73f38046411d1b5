package usersig

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"time"

	k1ecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// Verifier checks UserSigs of one app. It is safe for concurrent use.
type Verifier struct {
	alg      Algorithm
	sdkAppID uint64
	k        *keyState
}

func checkSDKAppID(fn string, sdkAppID uint64) error {
	if sdkAppID == 0 || sdkAppID > math.MaxUint32 {
		return fmt.Errorf("usersig: %s: SDKAppID %d is out of range; it is the 10-digit number shown in the console (1 to 4294967295)", fn, sdkAppID)
	}
	return nil
}

func checkHMACKey(fn, key string) error {
	if key == "" {
		return fmt.Errorf("usersig: %s: the key is empty; it needs the app's HMAC secret key (64 hex characters, console: Application Configuration > Basic Information)", fn)
	}
	if looksLikePEM(key) {
		return fmt.Errorf("usersig: %s: got a PEM (ECDSA) key; HMAC needs the app's secret key (64 hex characters); apps created before 2019-08-15 with a PEM key pair use NewECDSASigner/NewECDSAVerifier", fn)
	}
	return nil
}

// NewHMACVerifier returns a Verifier for HMAC-SHA256 UserSigs of
// sdkAppID, keyed with the app's secret key. The key string's bytes are the
// HMAC key (it is not hex-decoded).
func NewHMACVerifier(sdkAppID uint64, key string) (*Verifier, error) {
	if err := checkSDKAppID("NewHMACVerifier", sdkAppID); err != nil {
		return nil, err
	}
	if err := checkHMACKey("NewHMACVerifier", key); err != nil {
		return nil, err
	}
	k := &keyState{}
	k.pool.New = func() any { return &decodeState{mac: hmac.New(sha256.New, []byte(key))} }
	return &Verifier{alg: HMACSHA256, sdkAppID: sdkAppID, k: k}, nil
}

// NewECDSAVerifier returns a Verifier for legacy ECDSA-SHA256 UserSigs of
// sdkAppID, given the app's public key as PEM ("BEGIN PUBLIC KEY", P-256 or
// secp256k1).
func NewECDSAVerifier(sdkAppID uint64, publicKeyPEM []byte) (*Verifier, error) {
	if err := checkSDKAppID("NewECDSAVerifier", sdkAppID); err != nil {
		return nil, err
	}
	ec, err := parsePublicKeyPEM(publicKeyPEM)
	if err != nil {
		return nil, err
	}
	k := &keyState{ec: ec}
	k.pool.New = func() any { return new(decodeState) }
	return &Verifier{alg: ECDSASHA256, sdkAppID: sdkAppID, k: k}, nil
}

// Algorithm returns the algorithm the Verifier accepts.
func (v *Verifier) Algorithm() Algorithm { return v.alg }

// SDKAppID returns the app the Verifier accepts UserSigs for.
func (v *Verifier) SDKAppID() uint64 { return v.sdkAppID }

// String describes the Verifier without its key.
func (v Verifier) String() string {
	return "usersig.Verifier{" + v.alg.String() + ", SDKAppID " + strconv.FormatUint(v.sdkAppID, 10) + "}"
}

// GoString describes the Verifier without its key.
func (v Verifier) GoString() string { return v.String() }

// Verify checks sig for userID at time.Now(); see VerifyAt.
func (v *Verifier) Verify(sig, userID string) (Token, error) {
	return v.VerifyAt(sig, userID, time.Now())
}

// VerifyAt checks that sig is a valid UserSig of the Verifier's app for
// userID at now, and returns its claims. A UserSig is valid up to and
// including IssuedAt+TTL, in whole seconds; an IssuedAt in the future is
// not refused (the official libraries do not refuse it either). A zero now
// means time.Now(), so that a forgotten time cannot revive expired
// UserSigs.
//
// Checks run in the order of the official library, and the first failure
// is returned wrapping ErrMalformed, ErrAlgorithm, ErrSDKAppIDMismatch,
// ErrUserIDMismatch, ErrExpired, ErrUserBufMismatch or ErrSignature. A
// UserSig that carries a userbuf (a PrivateMapKey, or one made with
// GenUserSigWithBuf) is refused with ErrUserBufMismatch: check those with
// VerifyUserBufAt or VerifyPrivateMapKeyAt.
func (v *Verifier) VerifyAt(sig, userID string, now time.Time) (Token, error) {
	return v.verify(sig, userID, now, modePlain, nil)
}

// VerifyUserBufAt is VerifyAt for a UserSig that carries a userbuf, which
// is returned in Token.UserBuf. A non-nil userBuf must equal it (the
// official VerifyUserSigWithBuf); a nil userBuf accepts any userbuf (the
// legacy VerifyUsersigWithUserbuf, which returns it).
func (v *Verifier) VerifyUserBufAt(sig, userID string, userBuf []byte, now time.Time) (Token, error) {
	if userBuf == nil {
		return v.verify(sig, userID, now, modeAnyUserBuf, nil)
	}
	return v.verify(sig, userID, now, modeUserBuf, userBuf)
}

// VerifyPrivateMapKeyAt is VerifyAt for a PrivateMapKey: the UserSig must
// carry a PrivateMap buffer issued for userID and the Verifier's app. It
// returns the claims and the decoded buffer; the room and privileges are
// for the caller to check. The envelope's expiry is the one enforced.
func (v *Verifier) VerifyPrivateMapKeyAt(sig, userID string, now time.Time) (Token, PrivateMapInfo, error) {
	t, err := v.verify(sig, userID, now, modeAnyUserBuf, nil)
	if err != nil {
		return Token{}, PrivateMapInfo{}, err
	}
	info, err := ParsePrivateMap(t.UserBuf)
	if err != nil {
		return Token{}, PrivateMapInfo{}, err
	}
	if info.UserID != userID {
		return Token{}, PrivateMapInfo{}, errorf(ErrUserBufMismatch, "the PrivateMap buffer is for UserID %s, not %s", quote(info.UserID), quote(userID))
	}
	if info.SDKAppID != v.sdkAppID {
		return Token{}, PrivateMapInfo{}, errorf(ErrUserBufMismatch, "the PrivateMap buffer is for SDKAppID %d, not %d", info.SDKAppID, v.sdkAppID)
	}
	return t, info, nil
}

const (
	modePlain = iota
	modeUserBuf
	modeAnyUserBuf
)

func (v *Verifier) verify(sig, userID string, now time.Time, mode int, want []byte) (Token, error) {
	if now.IsZero() {
		now = time.Now()
	}
	ds := v.k.pool.Get().(*decodeState)
	defer v.k.pool.Put(ds)
	if err := ds.decode(sig); err != nil {
		return Token{}, err
	}
	c := &ds.c
	if c.alg != v.alg {
		if v.alg == HMACSHA256 {
			return Token{}, newErr(ErrAlgorithm, "the UserSig is a legacy ECDSA-SHA256 ticket but this verifier holds an HMAC-SHA256 key: verify it with NewECDSAVerifier and the app's public key, or issue a new UserSig with the HMAC key")
		}
		return Token{}, newErr(ErrAlgorithm, "the UserSig is HMAC-SHA256 but this verifier holds a legacy ECDSA public key: verify it with NewHMACVerifier and the app's secret key")
	}
	if c.sdkAppID != v.sdkAppID {
		return Token{}, errorf(ErrSDKAppIDMismatch, "the UserSig is for SDKAppID %d, not %d: check that client and server use the same app and key", c.sdkAppID, v.sdkAppID)
	}
	if string(c.identifier) != userID {
		return Token{}, errorf(ErrUserIDMismatch, "the UserSig was issued to UserID %s, not %s: log in with the UserID the UserSig was generated for", quote(string(c.identifier)), quote(userID))
	}
	if now.Unix() > c.issued+c.expire {
		return Token{}, errorf(ErrExpired, "issued at %s for %d s, it expired at %s (verification time %s): generate a new UserSig, and check the clocks of the signing and verifying hosts", fmtTime(c.issued), c.expire, fmtTime(c.issued+c.expire), now.UTC().Format(time.RFC3339))
	}
	switch mode {
	case modePlain:
		if c.hasUserBuf {
			return Token{}, newErr(ErrUserBufMismatch, "the UserSig carries a userbuf (a PrivateMapKey or a UserSig made with a userbuf): verify it with VerifyUserBufAt or VerifyPrivateMapKeyAt")
		}
	case modeUserBuf, modeAnyUserBuf:
		if !c.hasUserBuf {
			return Token{}, newErr(ErrUserBufMismatch, "the UserSig carries no userbuf but one was expected")
		}
		if mode == modeUserBuf && !bytes.Equal(c.userBuf, want) {
			return Token{}, newErr(ErrUserBufMismatch, "the UserSig carries a different userbuf than the one expected")
		}
	}
	var err error
	if v.alg == HMACSHA256 {
		err = v.checkHMAC(ds)
	} else {
		err = v.checkECDSA(ds)
	}
	if err != nil {
		return Token{}, err
	}
	return c.token(userID), nil
}

var errHMAC = newErr(ErrSignature, "the HMAC does not match: the UserSig was signed with another secret key (check the SDKAppID's key in the console) or was altered")

// strictB64 refuses the non-canonical encodings StdEncoding tolerates.
var strictB64 = base64.StdEncoding.Strict()

// appendHMACStringToSign appends the HMAC string to sign of c. Like the
// official libraries, it holds the userbuf re-encoded, not as received.
func appendHMACStringToSign(dst []byte, c *claims) []byte {
	dst = append(dst, "TLS.identifier:"...)
	dst = append(dst, c.identifier...)
	dst = append(dst, "\nTLS.sdkappid:"...)
	dst = append(dst, c.sdkAppIDRaw...)
	dst = append(dst, "\nTLS.time:"...)
	dst = append(dst, c.timeRaw...)
	dst = append(dst, "\nTLS.expire:"...)
	dst = append(dst, c.expireRaw...)
	dst = append(dst, '\n')
	if c.hasUserBuf {
		dst = append(dst, "TLS.userbuf:"...)
		dst = base64.StdEncoding.AppendEncode(dst, c.userBuf)
		dst = append(dst, '\n')
	}
	return dst
}

// checkHMAC recomputes the HMAC and compares it in constant time with
// TLS.sig, which must be the canonical standard base64 of 32 bytes.
func (v *Verifier) checkHMAC(ds *decodeState) error {
	c := &ds.c
	got := ds.sigBinBuf(sha256.Size + 1)
	if n, err := strictB64.Decode(got, c.sig); err != nil || n != sha256.Size || len(c.sig) != 44 {
		return errHMAC
	}
	ds.sts = appendHMACStringToSign(ds.sts[:0], c)
	ds.mac.Reset()
	ds.mac.Write(ds.sts)
	if !hmac.Equal(ds.mac.Sum(ds.sum[:0]), got[:sha256.Size]) {
		return errHMAC
	}
	return nil
}

func (ds *decodeState) sigBinBuf(n int) []byte {
	if cap(ds.sigBin) < n {
		ds.sigBin = make([]byte, n)
	}
	ds.sigBin = ds.sigBin[:n]
	return ds.sigBin
}

// appendECDSAStringToSign appends the legacy string to sign (the C++
// reference's rule): the appid_at_3rd line only when the field is present.
func appendECDSAStringToSign(dst []byte, c *claims) []byte {
	if c.hasAppIDAt3rd {
		dst = append(dst, "TLS.appid_at_3rd:"...)
		dst = append(dst, c.appIDAt3rd...)
		dst = append(dst, '\n')
	}
	dst = append(dst, "TLS.account_type:"...)
	dst = append(dst, c.accountType...)
	dst = append(dst, "\nTLS.identifier:"...)
	dst = append(dst, c.identifier...)
	dst = append(dst, "\nTLS.sdk_appid:"...)
	dst = append(dst, c.sdkAppIDRaw...)
	dst = append(dst, "\nTLS.time:"...)
	dst = append(dst, c.timeRaw...)
	dst = append(dst, "\nTLS.expire_after:"...)
	dst = append(dst, c.expireRaw...)
	dst = append(dst, '\n')
	if c.hasUserBuf {
		dst = append(dst, "TLS.userbuf:"...)
		dst = append(dst, c.userBufB64...)
		dst = append(dst, '\n')
	}
	return dst
}

var errECDSA = newErr(ErrSignature, "the ECDSA signature does not verify with this public key: the ticket was signed with another app's key or was altered")

func (v *Verifier) checkECDSA(ds *decodeState) error {
	c := &ds.c
	// TLS.sig is standard base64, possibly wrapped with CR LF.
	clean := ds.tmp[:0]
	for _, b := range c.sig {
		switch b {
		case '\r', '\n', ' ', '\t':
		default:
			clean = append(clean, b)
		}
	}
	ds.tmp = clean
	if base64.StdEncoding.DecodedLen(len(clean)) > 160 {
		return errECDSA
	}
	buf := ds.sigBinBuf(160)
	n, err := base64.StdEncoding.Decode(buf, clean)
	if err != nil {
		return newErr(ErrSignature, "TLS.sig is not standard base64")
	}
	der := buf[:n]
	ds.sts = appendECDSAStringToSign(ds.sts[:0], c)
	digest := sha256.Sum256(ds.sts)
	ec := v.k.ec
	switch ec.curve {
	case curveP256:
		if !ecdsa.VerifyASN1(ec.p256Pub, digest[:], der) {
			return errECDSA
		}
	case curveSecp256k1:
		s, err := k1ecdsa.ParseDERSignature(der)
		if err != nil || !s.Verify(digest[:], ec.k1Pub) {
			return errECDSA
		}
	default:
		return errECDSA
	}
	return nil
}
