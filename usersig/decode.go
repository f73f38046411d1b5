package usersig

import (
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"math"
	"sync"
	"time"
)

// keyState is the key material and the pooled work areas of a Signer or
// a Verifier, behind a pointer so that their values can be printed safely.
type keyState struct {
	ec   *ecKey    // ECDSA only
	pool sync.Pool // *work
}

// newKeyState returns the state of an ECDSA key, or of the HMAC key when
// ec is nil.
func newKeyState(hmacKey string, ec *ecKey) *keyState {
	k := &keyState{ec: ec}
	k.pool.New = func() any {
		if ec != nil {
			return new(work)
		}
		return &work{mac: hmac.New(sha256.New, []byte(hmacKey))}
	}
	return k
}

// work holds the reusable buffers of one signing or decoding.
type work struct {
	mac  hash.Hash // crypto/hmac keyed with the app's key; HMAC only
	sum  [sha256.Size]byte
	doc  jsonDoc
	c    claims
	vals []byte // what the doc's values point into when not the JSON
	sts  []byte // string to sign
	json []byte // the JSON document, when signing
	text []byte // base64 text: of the UserSig, TLS.sig or the result
	bin  []byte // zlib stream
	sig  []byte // decoded TLS.sig
	ub   []byte // decoded TLS.userbuf
	inf  inflater
	zw   *zlib.Writer // when signing above NoCompression
	aw   appendWriter
}

// claims are the checked fields of a decoded UserSig. Byte slices alias
// the work's buffers.
type claims struct {
	alg            Algorithm
	identifier     []byte
	sdkAppID       uint64
	issued, expire int64
	hasUserBuf     bool
	userBuf        []byte
}

// decode parses sig into w.doc and w.c without checking the signature.
func (w *work) decode(sig string) error {
	w.c, w.doc = claims{}, jsonDoc{}
	if len(sig) == 0 {
		return newErr(ErrMalformed, "the UserSig is empty")
	}
	if len(sig) > maxSigLen {
		return errorf(ErrMalformed, "the UserSig is %d bytes long, more than the %d allowed; a real UserSig is a few hundred bytes", len(sig), maxSigLen)
	}
	var err error
	if w.bin, w.text, err = decodeTencent(w.bin, w.text, sig); err != nil {
		return err
	}
	doc, err := w.inf.inflate(w.bin, maxInflated)
	if err != nil {
		return err
	}
	w.vals = w.vals[:0]
	if err := parseJSON(doc, &w.doc, &w.vals); err != nil {
		return err
	}
	f, c := &w.doc.f, &w.c
	hmacFields := f[fVer].kind | f[fSDKAppID].kind | f[fExpire].kind
	ecdsaFields := f[fAccountType].kind | f[fAppIDAt3rd].kind | f[fExpireAfter].kind | f[fSDKAppIDStr].kind | f[fVersion].kind
	appField, expField := fSDKAppID, fExpire
	switch {
	case hmacFields != 0 && ecdsaFields != 0:
		return newErr(ErrMalformed, "the JSON mixes HMAC fields (TLS.ver, TLS.sdkappid, TLS.expire) with legacy ECDSA fields (TLS.sdk_appid, TLS.expire_after, ...)")
	case hmacFields != 0:
		c.alg = HMACSHA256
		// Absent fields are zero or empty, as in the official Go
		// library; they are covered by the HMAC all the same.
		for _, i := range [...]int{fVer, fIdentifier} {
			if k := f[i].kind; k != 0 && k != kindString {
				return errorf(ErrMalformed, "%s must be a JSON string", fieldNames[i])
			}
		}
	case ecdsaFields != 0:
		c.alg, appField, expField = ECDSASHA256, fSDKAppIDStr, fExpireAfter
		for _, i := range [...]int{fIdentifier, fSDKAppIDStr, fTime, fExpireAfter, fAccountType, fAppIDAt3rd} {
			if k := f[i].kind; k == 0 && i != fAppIDAt3rd {
				return errorf(ErrMalformed, "legacy ticket without %s", fieldNames[i])
			} else if k != 0 && k != kindString {
				return errorf(ErrMalformed, "%s of a legacy ticket must be a JSON string", fieldNames[i])
			}
		}
	default:
		return newErr(ErrMalformed, "the JSON has neither TLS.sdkappid (HMAC) nor TLS.sdk_appid (legacy ECDSA): this is not a UserSig")
	}
	c.identifier = f[fIdentifier].val
	var app, issued, expire uint64
	if app, err = w.number(appField, math.MaxUint32); err == nil {
		if issued, err = w.number(fTime, maxSeconds); err == nil {
			expire, err = w.number(expField, maxSeconds)
		}
	}
	if err != nil {
		return err
	}
	c.sdkAppID, c.issued, c.expire = app, int64(issued), int64(expire)
	switch ub := f[fUserBuf]; ub.kind {
	case 0:
	case kindString:
		w.ub = grow(w.ub, base64.StdEncoding.DecodedLen(len(ub.val)))
		n, err := base64.StdEncoding.Decode(w.ub, ub.val)
		if err != nil {
			return newErr(ErrMalformed, "TLS.userbuf is not standard base64")
		}
		c.hasUserBuf, c.userBuf = true, w.ub[:n]
		if c.alg == HMACSHA256 {
			// The official libraries sign the userbuf re-encoded.
			start := len(w.vals)
			w.vals = base64.StdEncoding.AppendEncode(w.vals, c.userBuf)
			f[fUserBuf].val = w.vals[start:]
		} else if f[fAppIDAt3rd].kind == 0 {
			return newErr(ErrMalformed, "a legacy ticket with TLS.userbuf must have TLS.appid_at_3rd")
		}
	default:
		return newErr(ErrMalformed, "TLS.userbuf must be a JSON string (standard base64)")
	}
	switch f[fSig].kind {
	case 0:
		return newErr(ErrMalformed, "no TLS.sig field")
	case kindString:
		return nil
	}
	return newErr(ErrMalformed, "TLS.sig must be a JSON string")
}

// number parses the number field i, up to max: a JSON integer for HMAC
// (absent means 0), a string of digits for ECDSA (checked present).
func (w *work) number(i int, max uint64) (uint64, error) {
	f := w.doc.f[i]
	kind, what := uint8(kindNumber), "JSON"
	if w.c.alg == ECDSASHA256 {
		kind, what = kindString, "decimal"
	}
	if f.kind == 0 {
		return 0, nil
	}
	if v, ok := parseUint(f.val, max); ok && f.kind == kind {
		return v, nil
	}
	return 0, errorf(ErrMalformed, "%s must be a %s integer between 0 and %d", fieldNames[i], what, max)
}

// grow returns b resliced to n bytes, reallocated if its capacity is short.
func grow(b []byte, n int) []byte {
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

// token returns the claims as a Token with the given UserID (already
// compared with the claims').
func (c *claims) token(userID string) Token {
	t := Token{SDKAppID: c.sdkAppID, UserID: userID, IssuedAt: time.Unix(c.issued, 0), TTL: time.Duration(c.expire) * time.Second}
	if c.hasUserBuf {
		t.UserBuf = append(make([]byte, 0, len(c.userBuf)), c.userBuf...)
	}
	return t
}

// Decode parses a UserSig of either algorithm without checking its
// signature or expiry, for support tools and for choosing a verifier.
// Never trust the result for authentication: use a Verifier.
// Errors wrap ErrMalformed.
func Decode(sig string) (Token, Algorithm, error) {
	var w work
	if err := w.decode(sig); err != nil {
		return Token{}, 0, err
	}
	return w.c.token(string(w.c.identifier)), w.c.alg, nil
}
