package usersig

import (
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"math"
	"time"
)

// claims are the fields of a decoded UserSig. Byte slices alias the
// decodeState's buffers and are only valid until it is reused.
type claims struct {
	alg        Algorithm
	identifier []byte
	sdkAppID   uint64
	issued     int64
	expire     int64
	hasUserBuf bool
	userBufB64 []byte // TLS.userbuf as found in the JSON
	userBuf    []byte // decoded TLS.userbuf
	sig        []byte // TLS.sig as found in the JSON

	// Values copied verbatim into the string to sign (for HMAC, the
	// decimal numbers).
	accountType   []byte
	appIDAt3rd    []byte
	hasAppIDAt3rd bool
	sdkAppIDRaw   []byte
	timeRaw       []byte
	expireRaw     []byte
}

// decodeState holds the reusable buffers of one decoding and, for an HMAC
// verifier, its keyed hash.
type decodeState struct {
	tmp     []byte // Tencent base64 mapped to standard base64
	bin     []byte // zlib stream
	scratch []byte // unescaped JSON strings
	userBuf []byte // decoded TLS.userbuf
	sts     []byte // string to sign
	sigBin  []byte // decoded TLS.sig
	inf     inflater
	doc     jsonDoc
	c       claims
	mac     hash.Hash // crypto/hmac keyed with the verifier's key, or nil
	sum     [sha256.Size]byte
}

// decode parses sig into ds.c without checking the signature.
func (ds *decodeState) decode(sig string) error {
	ds.c, ds.doc = claims{}, jsonDoc{}
	if len(sig) == 0 {
		return newErr(ErrMalformed, "the UserSig is empty")
	}
	if len(sig) > maxSigLen {
		return errorf(ErrMalformed, "the UserSig is %d bytes long, more than the %d allowed; a real UserSig is a few hundred bytes", len(sig), maxSigLen)
	}
	var err error
	if ds.bin, ds.tmp, err = decodeTencent(ds.bin, ds.tmp, sig); err != nil {
		return err
	}
	doc, err := ds.inf.inflate(ds.bin, maxInflated)
	if err != nil {
		return err
	}
	ds.scratch = ds.scratch[:0]
	if err := parseJSON(doc, &ds.doc, &ds.scratch); err != nil {
		return err
	}
	f := &ds.doc.f
	hmacFields := f[fVer].kind | f[fSDKAppID].kind | f[fExpire].kind
	ecdsaFields := f[fAccountType].kind | f[fAppIDAt3rd].kind | f[fExpireAfter].kind | f[fSDKAppIDStr].kind | f[fVersion].kind
	switch {
	case hmacFields != 0 && ecdsaFields != 0:
		return newErr(ErrMalformed, "the JSON mixes HMAC fields (TLS.ver, TLS.sdkappid, TLS.expire) with legacy ECDSA fields (TLS.sdk_appid, TLS.expire_after, ...)")
	case hmacFields != 0:
		err = ds.interpretHMAC()
	case ecdsaFields != 0:
		err = ds.interpretECDSA()
	default:
		return newErr(ErrMalformed, "the JSON has neither TLS.sdkappid (HMAC) nor TLS.sdk_appid (legacy ECDSA): this is not a UserSig")
	}
	if err != nil {
		return err
	}
	if err := ds.userBufField(); err != nil {
		return err
	}
	if c := &ds.c; c.alg == ECDSASHA256 && c.hasUserBuf && !c.hasAppIDAt3rd {
		return newErr(ErrMalformed, "a legacy ticket with TLS.userbuf must have TLS.appid_at_3rd")
	}
	switch ds.doc.f[fSig].kind {
	case 0:
		return newErr(ErrMalformed, "no TLS.sig field")
	case kindString:
		ds.c.sig = ds.doc.f[fSig].val
		return nil
	}
	return newErr(ErrMalformed, "TLS.sig must be a JSON string")
}

// zeroText is the decimal text of an absent HMAC number.
var zeroText = []byte("0")

// hmacNumber reads the HMAC number field i, up to max. Absent fields are
// zero, as in the official Go library; they are covered by the HMAC all
// the same. The string to sign holds the numbers in decimal: the JSON text
// of a valid JSON integer is exactly that (no sign, no leading zero).
func (ds *decodeState) hmacNumber(i int, max uint64, what string) (uint64, []byte, error) {
	f := ds.doc.f[i]
	if f.kind == 0 {
		return 0, zeroText, nil
	}
	if v, ok := parseUint(f.val, max); f.kind == kindNumber && ok {
		return v, f.val, nil
	}
	return 0, nil, errorf(ErrMalformed, "%s must be a JSON integer between 0 and %s", fieldNames[i], what)
}

func (ds *decodeState) interpretHMAC() error {
	f, c := &ds.doc.f, &ds.c
	c.alg = HMACSHA256
	if k := f[fVer].kind; k != 0 && k != kindString {
		return newErr(ErrMalformed, "TLS.ver must be a JSON string")
	}
	if k := f[fIdentifier].kind; k != 0 && k != kindString {
		return newErr(ErrMalformed, "TLS.identifier must be a JSON string")
	}
	c.identifier = f[fIdentifier].val
	var err error
	var issued, expire uint64
	if c.sdkAppID, c.sdkAppIDRaw, err = ds.hmacNumber(fSDKAppID, math.MaxUint32, "4294967295"); err != nil {
		return err
	}
	if issued, c.timeRaw, err = ds.hmacNumber(fTime, maxSeconds, "8589934592"); err != nil {
		return err
	}
	if expire, c.expireRaw, err = ds.hmacNumber(fExpire, maxSeconds, "8589934592"); err != nil {
		return err
	}
	c.issued, c.expire = int64(issued), int64(expire)
	return nil
}

func (ds *decodeState) interpretECDSA() error {
	f, c := &ds.doc.f, &ds.c
	c.alg = ECDSASHA256
	for _, i := range [...]int{fIdentifier, fSDKAppIDStr, fTime, fExpireAfter, fAccountType} {
		switch f[i].kind {
		case 0:
			return errorf(ErrMalformed, "legacy ticket without %s", fieldNames[i])
		case kindString:
		default:
			return errorf(ErrMalformed, "%s of a legacy ticket must be a JSON string", fieldNames[i])
		}
	}
	c.identifier, c.accountType = f[fIdentifier].val, f[fAccountType].val
	c.sdkAppIDRaw, c.timeRaw, c.expireRaw = f[fSDKAppIDStr].val, f[fTime].val, f[fExpireAfter].val
	var ok bool
	if c.sdkAppID, ok = parseUint(c.sdkAppIDRaw, math.MaxUint32); !ok {
		return newErr(ErrMalformed, "TLS.sdk_appid must be a decimal integer between 0 and 4294967295")
	}
	v, ok := parseUint(c.timeRaw, maxSeconds)
	if !ok {
		return errorf(ErrMalformed, "TLS.time must be a decimal integer between 0 and %d", int64(maxSeconds))
	}
	c.issued = int64(v)
	if v, ok = parseUint(c.expireRaw, maxSeconds); !ok {
		return errorf(ErrMalformed, "TLS.expire_after must be a decimal integer between 0 and %d", int64(maxSeconds))
	}
	c.expire = int64(v)
	switch f[fAppIDAt3rd].kind {
	case 0:
	case kindString:
		c.appIDAt3rd, c.hasAppIDAt3rd = f[fAppIDAt3rd].val, true
	default:
		return newErr(ErrMalformed, "TLS.appid_at_3rd must be a JSON string")
	}
	return nil
}

func (ds *decodeState) userBufField() error {
	f := ds.doc.f[fUserBuf]
	switch f.kind {
	case 0:
		return nil
	case kindString:
	default:
		return newErr(ErrMalformed, "TLS.userbuf must be a JSON string (standard base64)")
	}
	n := base64.StdEncoding.DecodedLen(len(f.val))
	if cap(ds.userBuf) < n {
		ds.userBuf = make([]byte, n)
	}
	m, err := base64.StdEncoding.Decode(ds.userBuf[:n], f.val)
	if err != nil {
		return newErr(ErrMalformed, "TLS.userbuf is not standard base64")
	}
	ds.c.hasUserBuf, ds.c.userBufB64, ds.c.userBuf = true, f.val, ds.userBuf[:m]
	return nil
}

// token returns the claims as a Token with the given UserID (already
// compared with the claims').
func (c *claims) token(userID string) Token {
	t := Token{
		SDKAppID: c.sdkAppID,
		UserID:   userID,
		IssuedAt: time.Unix(c.issued, 0),
		TTL:      time.Duration(c.expire) * time.Second,
	}
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
	var ds decodeState
	if err := ds.decode(sig); err != nil {
		return Token{}, 0, err
	}
	return ds.c.token(string(ds.c.identifier)), ds.c.alg, nil
}
