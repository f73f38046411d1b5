package usersig

import (
	"bytes"
	"crypto/hmac"
	"encoding/base64"
	"sync"
	"time"
)

// Verifier checks UserSigs of one app. It is safe for concurrent use.
type Verifier struct {
	alg      Algorithm
	sdkAppID uint64
	appDec   []byte     // sdkAppID in decimal
	ec       *ecKey     // ECDSA only; a Signer's has its private key
	pool     *sync.Pool // of *work, HMAC ones keyed; keys are behind pointers, so Verifiers print safely
}

// NewHMACVerifier returns a Verifier for HMAC-SHA256 UserSigs of sdkAppID,
// keyed with the app's secret key (its bytes; it is not hex-decoded). It
// fails on an SDKAppID out of range, an empty, PEM or "[redacted]" key, and
// a key under 14 bytes in FIPS 140-only mode (GODEBUG=fips140=only).
func NewHMACVerifier(sdkAppID uint64, key string) (*Verifier, error) {
	return newVerifier("NewHMACVerifier", HMACSHA256, sdkAppID, []byte(key))
}

// NewECDSAVerifier returns a Verifier for legacy ECDSA-SHA256 UserSigs of
// sdkAppID, given the app's public key as PEM ("BEGIN PUBLIC KEY", P-256 or
// secp256k1). It fails on an SDKAppID out of range or a key it cannot use.
func NewECDSAVerifier(sdkAppID uint64, publicKeyPEM []byte) (*Verifier, error) {
	return newVerifier("NewECDSAVerifier", ECDSASHA256, sdkAppID, publicKeyPEM)
}

// Algorithm returns the algorithm the Verifier accepts.
func (v *Verifier) Algorithm() Algorithm { return v.alg }

// SDKAppID returns the app the Verifier accepts UserSigs for.
func (v *Verifier) SDKAppID() uint64 { return v.sdkAppID }

// String describes the Verifier without its key.
func (v Verifier) String() string { return v.describe("Verifier") }

// GoString describes the Verifier without its key.
func (v Verifier) GoString() string { return v.String() }

// Verify checks sig for userID at time.Now(); see VerifyAt.
func (v *Verifier) Verify(sig, userID string) (Token, error) {
	return v.VerifyAt(sig, userID, time.Now())
}

// VerifyAt checks that sig is a valid UserSig of the Verifier's app for
// userID at now, and returns its claims. A UserSig is valid up to and
// including IssuedAt+TTL, in whole seconds; a future IssuedAt is not
// refused. A zero now means time.Now(): a forgotten time revives nothing.
//
// Checks run in the order of the algorithm's official library (the legacy
// one compares the UserID first); the first failure is returned wrapping
// ErrMalformed, ErrAlgorithm, ErrSDKAppIDMismatch, ErrUserIDMismatch,
// ErrExpired, ErrUserBufMismatch or ErrSignature. A UserSig that carries a
// userbuf (a PrivateMapKey, or one made with GenUserSigWithBuf) is refused
// with ErrUserBufMismatch: check those with VerifyUserBufAt or
// VerifyPrivateMapKeyAt.
func (v *Verifier) VerifyAt(sig, userID string, now time.Time) (Token, error) {
	return v.verify(sig, userID, now, false, nil)
}

// VerifyUserBufAt is VerifyAt for a UserSig that must carry a userbuf,
// returned in Token.UserBuf. A non-nil userBuf must equal it (the official
// VerifyUserSigWithBuf); a nil one accepts any userbuf (the legacy
// VerifyUsersigWithUserbuf) but still requires one: ErrUserBufMismatch.
func (v *Verifier) VerifyUserBufAt(sig, userID string, userBuf []byte, now time.Time) (Token, error) {
	return v.verify(sig, userID, now, true, userBuf)
}

// VerifyPrivateMapKeyAt is VerifyAt for a PrivateMapKey: the UserSig must
// carry a PrivateMap buffer issued for userID and the Verifier's app, or it
// fails with ErrUserBufMismatch. It returns the claims and the decoded
// buffer; the room and privileges are for the caller to check. The
// envelope's expiry is the one enforced.
func (v *Verifier) VerifyPrivateMapKeyAt(sig, userID string, now time.Time) (Token, PrivateMapInfo, error) {
	t, err := v.verify(sig, userID, now, true, nil)
	info, perr := ParsePrivateMap(t.UserBuf)
	switch {
	case err != nil:
	case perr != nil:
		err = errorf(ErrUserBufMismatch, "the userbuf is not a PrivateMap buffer, so this is not a PrivateMapKey: verify it with VerifyUserBufAt")
	case info.UserID != userID:
		err = errorf(ErrUserBufMismatch, "the PrivateMap buffer is for UserID %s, not %s", quote(info.UserID), quote(userID))
	case info.SDKAppID != v.sdkAppID:
		err = errorf(ErrUserBufMismatch, "the PrivateMap buffer is for SDKAppID %d, not %d", info.SDKAppID, v.sdkAppID)
	default:
		return t, info, nil
	}
	return Token{}, PrivateMapInfo{}, err
}

// verify checks sig for userID at now, with a userbuf iff wantBuf (buf, if not nil).
func (v *Verifier) verify(sig, userID string, now time.Time, wantBuf bool, buf []byte) (Token, error) {
	if now.IsZero() {
		now = time.Now()
	}
	w := v.pool.Get().(*work)
	defer v.pool.Put(w)
	if err := w.decode(sig); err != nil {
		return Token{}, err
	}
	t, id, hasBuf := &w.tok, w.doc[fIdentifier].val, w.doc[fUserBuf].kind != 0
	w.sts = appendStringToSign(w.sts[:0], v.alg, &w.doc)
	sig64 := w.doc[fSig].val
	var err error
	w.sig, err = sigB64[v.alg].AppendDecode(w.sig[:0], sig64)
	switch {
	case w.alg != v.alg && v.alg == HMACSHA256:
		return Token{}, errorf(ErrAlgorithm, "the UserSig is a legacy ECDSA-SHA256 ticket but this verifier holds an HMAC-SHA256 key: verify it with NewECDSAVerifier and the app's public key, or issue a new UserSig with the HMAC key")
	case w.alg != v.alg:
		return Token{}, errorf(ErrAlgorithm, "the UserSig is HMAC-SHA256 but this verifier holds a legacy ECDSA public key: verify it with NewHMACVerifier and the app's secret key")
	case t.SDKAppID != v.sdkAppID && (v.alg == HMACSHA256 || string(id) == userID): // legacy: identifier first
		return Token{}, errorf(ErrSDKAppIDMismatch, "the UserSig is for SDKAppID %d, not %d: check that client and server use the same app and key", t.SDKAppID, v.sdkAppID)
	case string(id) != userID:
		return Token{}, errorf(ErrUserIDMismatch, "the UserSig was issued to UserID %s, not %s: log in with the UserID the UserSig was generated for", quote(string(id)), quote(userID))
	case t.Expired(now):
		return Token{}, errorf(ErrExpired, "issued at %s for %d s, it expired at %s (verification time %s): generate a new UserSig, and check the clocks of the signing and verifying hosts", fmtTime(t.IssuedAt), t.TTL/time.Second, fmtTime(t.ExpiresAt()), fmtTime(now))
	case hasBuf && !wantBuf:
		return Token{}, errorf(ErrUserBufMismatch, "the UserSig carries a userbuf (a PrivateMapKey or a UserSig made with a userbuf): verify it with VerifyUserBufAt or VerifyPrivateMapKeyAt")
	case !hasBuf && wantBuf:
		return Token{}, errorf(ErrUserBufMismatch, "the UserSig carries no userbuf but one was expected")
	case buf != nil && !bytes.Equal(w.ub, buf):
		return Token{}, errorf(ErrUserBufMismatch, "the UserSig carries a different userbuf than the one expected")
	case v.alg == HMACSHA256 && (err != nil || len(sig64) != 44 || !hmac.Equal(w.macSTS(), w.sig)): // in constant time
		return Token{}, errorf(ErrSignature, "the HMAC does not match: the UserSig was signed with another secret key (check the SDKAppID's key in the console) or was altered")
	case err != nil:
		return Token{}, errorf(ErrSignature, "TLS.sig is not standard base64")
	case v.alg == ECDSASHA256 && !v.ec.verify(w.sts, w.sig):
		return Token{}, errorf(ErrSignature, "the ECDSA signature does not verify with this public key: the ticket was signed with another app's key or was altered")
	}
	return w.token(userID), nil
}

// sigB64 decodes TLS.sig, standard base64: canonical (of 32 bytes) for
// HMAC; for ECDSA possibly wrapped with CR LF, which encoding/base64 ignores.
var sigB64 = [...]*base64.Encoding{HMACSHA256: base64.StdEncoding.Strict(), ECDSASHA256: base64.StdEncoding}
