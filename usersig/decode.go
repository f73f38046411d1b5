package usersig

import (
	"crypto/sha256"
	"encoding/base64"
	"math"
	"sync"
	"time"
)

// claims are the fields of a decoded UserSig. Byte slices alias the
// decodeState's buffers and are only valid until it is released.
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

// decodeState holds the reusable buffers of one decoding.
type decodeState struct {
	tmp     []byte // Tencent base64 mapped to standard base64
	bin     []byte // zlib stream
	json    []byte // inflated JSON, when not aliasing bin
	raw     []byte // the JSON document (aliases json or bin)
	scratch []byte // unescaped JSON strings
	userBuf []byte // decoded TLS.userbuf
	sts     []byte // string to sign
	sigBin  []byte // decoded TLS.sig
	inf     inflater
	doc     jsonDoc
	c       claims
	mac     *keyedHMAC // a verifier's state's, or nil
	sum     [sha256.Size]byte
}

var decodePool = sync.Pool{New: func() any { return new(decodeState) }}

func getDecodeState() *decodeState { return decodePool.Get().(*decodeState) }

func (ds *decodeState) release() { ds.releaseTo(&decodePool) }

func (ds *decodeState) releaseTo(p *sync.Pool) {
	ds.c = claims{}
	ds.doc = jsonDoc{}
	ds.raw = nil
	p.Put(ds)
}

// decode parses sig into ds.c without checking the signature.
func (ds *decodeState) decode(sig string) error {
	if len(sig) == 0 {
		return newErr(ErrMalformed, "the UserSig is empty")
	}
	if len(sig) > maxSigLen {
		return errorf(ErrMalformed, "the UserSig is %d bytes long, more than the %d allowed; a real UserSig is a few hundred bytes", len(sig), maxSigLen)
	}
	var err error
	ds.bin, ds.tmp, err = decodeTencent(ds.bin, ds.tmp, sig)
	if err != nil {
		return err
	}
	json, aliased, err := inflateStored(ds.json[:0], ds.bin, maxInflated)
	if err == errNotStored {
		json, err = ds.inf.inflate(ds.json[:0], ds.bin, maxInflated)
		aliased = false
	}
	if !aliased && cap(json) > cap(ds.json) {
		ds.json = json[:0]
	}
	if err != nil {
		return err
	}
	ds.raw = json
	p := jsonParser{b: json, scratch: ds.scratch[:0]}
	if !p.parseCanonical(&ds.doc) {
		ds.doc = jsonDoc{}
		err = p.parseDoc(&ds.doc)
	}
	ds.scratch = p.scratch[:0]
	if err != nil {
		return err
	}
	return ds.interpret()
}

func (ds *decodeState) interpret() error {
	f := &ds.doc.f
	hmacFields := f[fVer].kind | f[fSDKAppID].kind | f[fExpire].kind
	ecdsaFields := f[fAccountType].kind | f[fAppIDAt3rd].kind | f[fExpireAfter].kind | f[fSDKAppIDStr].kind | f[fVersion].kind
	switch {
	case hmacFields != 0 && ecdsaFields != 0:
		return newErr(ErrMalformed, "the JSON mixes HMAC fields (TLS.ver, TLS.sdkappid, TLS.expire) with legacy ECDSA fields (TLS.sdk_appid, TLS.expire_after, ...)")
	case hmacFields != 0:
		return ds.interpretHMAC()
	case ecdsaFields != 0:
		return ds.interpretECDSA()
	}
	return newErr(ErrMalformed, "the JSON has neither TLS.sdkappid (HMAC) nor TLS.sdk_appid (legacy ECDSA): this is not a UserSig")
}

func (ds *decodeState) interpretHMAC() error {
	f := &ds.doc.f
	c := &ds.c
	c.alg = HMACSHA256
	// Absent fields are zero, as in the official Go library; they are
	// covered by the HMAC all the same.
	if k := f[fVer].kind; k != 0 && k != kindString {
		return newErr(ErrMalformed, "TLS.ver must be a JSON string")
	}
	if k := f[fIdentifier].kind; k != 0 {
		if k != kindString {
			return newErr(ErrMalformed, "TLS.identifier must be a JSON string")
		}
		c.identifier = f[fIdentifier].val
	}
	var ok bool
	// The string to sign holds the numbers in decimal: the JSON text of a
	// valid JSON integer is exactly that (no sign, no leading zero), and
	// an absent field is "0".
	c.sdkAppIDRaw, c.timeRaw, c.expireRaw = zeroText, zeroText, zeroText
	if k := f[fSDKAppID].kind; k != 0 {
		if c.sdkAppID, ok = parseUint(f[fSDKAppID].val, math.MaxUint32); k != kindNumber || !ok {
			return newErr(ErrMalformed, "TLS.sdkappid must be a JSON integer between 0 and 4294967295")
		}
		c.sdkAppIDRaw = f[fSDKAppID].val
	}
	if c.issued, ok = hmacSeconds(f[fTime]); !ok {
		return errorf(ErrMalformed, "TLS.time must be a JSON integer between 0 and %d", int64(maxSeconds))
	}
	if f[fTime].kind != 0 {
		c.timeRaw = f[fTime].val
	}
	if c.expire, ok = hmacSeconds(f[fExpire]); !ok {
		return errorf(ErrMalformed, "TLS.expire must be a JSON integer between 0 and %d", int64(maxSeconds))
	}
	if f[fExpire].kind != 0 {
		c.expireRaw = f[fExpire].val
	}
	if err := ds.userBufField(); err != nil {
		return err
	}
	return ds.sigField()
}

var zeroText = []byte("0")

func hmacSeconds(f jsonField) (int64, bool) {
	if f.kind == 0 {
		return 0, true
	}
	if f.kind != kindNumber {
		return 0, false
	}
	v, ok := parseUint(f.val, maxSeconds)
	return int64(v), ok
}

func (ds *decodeState) interpretECDSA() error {
	f := &ds.doc.f
	c := &ds.c
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
	c.identifier = f[fIdentifier].val
	c.accountType = f[fAccountType].val
	c.sdkAppIDRaw = f[fSDKAppIDStr].val
	c.timeRaw = f[fTime].val
	c.expireRaw = f[fExpireAfter].val
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
	if err := ds.userBufField(); err != nil {
		return err
	}
	if c.hasUserBuf && !c.hasAppIDAt3rd {
		return newErr(ErrMalformed, "a legacy ticket with TLS.userbuf must have TLS.appid_at_3rd")
	}
	return ds.sigField()
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
	ds.c.hasUserBuf = true
	ds.c.userBufB64 = f.val
	ds.c.userBuf = ds.userBuf[:m]
	return nil
}

func (ds *decodeState) sigField() error {
	f := ds.doc.f[fSig]
	switch f.kind {
	case 0:
		return newErr(ErrMalformed, "no TLS.sig field")
	case kindString:
		ds.c.sig = f.val
		return nil
	}
	return newErr(ErrMalformed, "TLS.sig must be a JSON string")
}

// token returns the claims as a Token; the UserID is given by the caller
// (already compared) or copied when empty.
func (c *claims) token(userID string, haveUserID bool) Token {
	t := Token{
		SDKAppID: c.sdkAppID,
		IssuedAt: time.Unix(c.issued, 0),
		TTL:      time.Duration(c.expire) * time.Second,
	}
	if haveUserID {
		t.UserID = userID
	} else {
		t.UserID = string(c.identifier)
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
	ds := getDecodeState()
	defer ds.release()
	if err := ds.decode(sig); err != nil {
		return Token{}, 0, err
	}
	return ds.c.token("", false), ds.c.alg, nil
}
