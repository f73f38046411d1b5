package usersig

import (
	"bytes"
	"compress/zlib"
	"crypto/fips140"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

// newVerifier checks the arguments of the constructor fn and returns the
// state of the app and key: the HMAC secret key, or the PEM key of an ECDSA
// signer or verifier. A Signer keeps it as a Verifier of its own key.
func newVerifier(fn string, alg Algorithm, sdkAppID uint64, key []byte) (*Verifier, error) {
	k := &Verifier{alg: alg, sdkAppID: sdkAppID, appDec: strconv.AppendUint(nil, sdkAppID, 10)}
	var err error
	switch {
	case sdkAppID == 0 || sdkAppID > math.MaxUint32:
		err = fmt.Errorf("usersig: %s: SDKAppID %d is out of range; it is the 10-digit number shown in the console (1 to 4294967295)", fn, sdkAppID)
	case alg == ECDSASHA256:
		k.ec, err = parseKeyPEM(fn, key)
	case len(key) == 0, string(key) == "[redacted]":
		err = fmt.Errorf("usersig: %s: the key is empty or the \"[redacted]\" a printed or JSON-encoded apps.Secret shows in its place; it needs the app's HMAC secret key itself (64 hex characters, console: the app's Basic Configuration, \"View Key\")", fn)
	case bytes.Contains(key, []byte("-----BEGIN ")):
		err = fmt.Errorf("usersig: %s: got a PEM (ECDSA) key; HMAC needs the app's secret key (64 hex characters); apps created before 2019-08-15 with a PEM key pair use NewECDSASigner/NewECDSAVerifier", fn)
	case fips140.Enforced() && len(key) < 14: // crypto/hmac would panic on every call
		err = fmt.Errorf("usersig: %s: the key is %d bytes; FIPS 140-only mode (GODEBUG=fips140=only) refuses HMAC keys under 14 bytes: use the app's secret key (64 hex characters)", fn, len(key))
	}
	if err != nil {
		return nil, err
	}
	k.pool = &sync.Pool{New: func() any { return new(work) }}
	if alg == HMACSHA256 {
		k.pool.New = func() any { return &work{mac: hmac.New(sha256.New, key)} }
	}
	return k, nil
}

// describe is the String of a Signer or a Verifier: never the key.
func (k Verifier) describe(typ string) string {
	return "usersig." + typ + "{" + k.alg.String() + ", SDKAppID " + string(k.appDec) + "}"
}

// macSTS returns the HMAC of w.sts, aliasing w.sum.
func (w *work) macSTS() []byte {
	w.mac.Reset()
	w.mac.Write(w.sts)
	return w.mac.Sum(w.sum[:0])
}

// work holds the reusable buffers of one signing or decoding.
type work struct {
	mac  hash.Hash // crypto/hmac keyed with the app's key; HMAC only
	sum  [sha256.Size]byte
	doc  jsonDoc
	alg  Algorithm // of the decoded UserSig
	tok  Token     // its SDKAppID, IssuedAt and TTL
	vals []byte    // what the doc's values point into when not the JSON
	sts  []byte    // string to sign
	text []byte    // base64 text: of the UserSig, or the result
	bin  []byte    // the zlib stream, or the JSON document when signing
	sig  []byte    // decoded TLS.sig
	ub   []byte    // decoded TLS.userbuf
	br   bytes.Reader
	zr   io.ReadCloser // a compress/zlib reader, reset per UserSig
	lr   io.LimitedReader
	out  bytes.Buffer // the inflated JSON document
	zw   *zlib.Writer // when signing
	z    bytes.Buffer // the zlib stream, when signing
}

// tencentB64 is StdBase64 with '+'→'*', '/'→'-', '='→'_'.
var tencentB64 = base64.NewEncoding("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-").WithPadding('_')

// unbase64 decodes the Tencent base64 sig into w.bin; like the official
// decoders, it takes standard base64 too.
func (w *work) unbase64(sig string) error {
	w.text = append(w.text[:0], sig...)
	for i, c := range w.text {
		switch c { // a comparison per character, cheaper than a call to IndexByte
		case '*', '-', '_':
			w.text[i] = "+/="[strings.IndexByte("*-_", c)]
		}
	}
	var err error
	if w.bin, err = base64.StdEncoding.AppendDecode(w.bin[:0], w.text); err != nil {
		off, n := int(err.(base64.CorruptInputError)), len(sig)
		if n%4 != 0 && off >= n-n%4 { // in the last, incomplete group
			return errorf(ErrMalformed, "the UserSig is %d characters, not a multiple of 4, so it was probably truncated: check that the whole UserSig was copied", n)
		}
		return errorf(ErrMalformed, "not Tencent base64: invalid character at offset %d (a UserSig uses A-Z a-z 0-9 * - _; URL-decode it first if it came from a query string)", off)
	}
	return nil
}

var errTooLarge = errorf(ErrMalformed, "inflates to more than %d bytes; a real UserSig is a few hundred bytes", maxInflated)

// inflate returns src inflated into w.out, reading at most limit+1 bytes,
// so a zlib bomb costs the limit plus one window; it refuses dictionaries.
func (w *work) inflate(src []byte, limit int) ([]byte, error) {
	w.br.Reset(src)
	var err error
	if w.zr == nil {
		w.zr, err = zlib.NewReader(&w.br)
	} else {
		err = w.zr.(zlib.Resetter).Reset(&w.br, nil)
	}
	if err == nil && src[1]&0x20 != 0 { // FDICT, even with the empty dictionary
		err = zlib.ErrDictionary
	}
	w.out.Reset()
	if err == nil {
		w.lr = io.LimitedReader{R: w.zr, N: int64(limit) + 1}
		_, err = w.out.ReadFrom(&w.lr)
	}
	switch {
	case w.out.Len() > limit:
		return nil, errTooLarge
	case err == io.ErrUnexpectedEOF:
		return nil, errorf(ErrMalformed, "zlib stream is truncated; check that the whole UserSig was copied")
	case err == zlib.ErrHeader:
		return nil, errorf(ErrMalformed, "invalid zlib header; this is not a UserSig")
	case err == zlib.ErrDictionary:
		return nil, errorf(ErrMalformed, "zlib preset dictionaries are not used by UserSigs")
	case err == zlib.ErrChecksum:
		return nil, errorf(ErrMalformed, "zlib checksum mismatch: the UserSig was altered or truncated")
	case err != nil:
		return nil, errorf(ErrMalformed, "corrupt deflate data")
	case w.br.Len() != 0:
		return nil, errorf(ErrMalformed, "unexpected data after the zlib stream")
	}
	return w.out.Bytes(), nil
}

// decode parses sig into w.doc, w.alg, w.tok and w.ub, unverified.
func (w *work) decode(sig string) error {
	w.doc, w.tok, w.vals = jsonDoc{}, Token{}, w.vals[:0]
	switch {
	case len(sig) == 0:
		return errorf(ErrMalformed, "the UserSig is empty")
	case len(sig) > maxSigLen:
		return errorf(ErrMalformed, "the UserSig is %d bytes long, more than the %d allowed; a real UserSig is a few hundred bytes", len(sig), maxSigLen)
	}
	if err := w.unbase64(sig); err != nil {
		return err
	}
	doc, err := w.inflate(w.bin, maxInflated)
	if err != nil {
		return err
	}
	if err := parseJSON(doc, &w.doc, &w.vals); err != nil {
		return err
	}
	f := &w.doc
	hmacFields := f[fVer].kind | f[fSDKAppID].kind | f[fExpire].kind
	ecdsaFields := f[fAccountType].kind | f[fAppIDAt3rd].kind | f[fExpireAfter].kind | f[fSDKAppIDStr].kind | f[fVersion].kind
	appField, expField := fSDKAppID, fExpire
	switch {
	case hmacFields != 0 && ecdsaFields != 0:
		return errorf(ErrMalformed, "the JSON mixes HMAC fields (TLS.ver, TLS.sdkappid, TLS.expire) with legacy ECDSA fields (TLS.sdk_appid, TLS.expire_after, ...)")
	case hmacFields != 0:
		w.alg = HMACSHA256
	case ecdsaFields != 0:
		w.alg, appField, expField = ECDSASHA256, fSDKAppIDStr, fExpireAfter
	default:
		return errorf(ErrMalformed, "the JSON has neither TLS.sdkappid (HMAC) nor TLS.sdk_appid (legacy ECDSA): this is not a UserSig")
	}
	for i, want := range fieldKinds[w.alg] {
		switch k := f[i].kind; {
		case k == 0 && want&required != 0:
			return errorf(ErrMalformed, "the JSON has no %s field", fieldNames[i])
		case k != 0 && want != 0 && k != want&^required:
			return errorf(ErrMalformed, "%s must be a JSON %s", fieldNames[i], [...]string{kindString: "string", kindNumber: "integer"}[want&^required])
		}
	}
	var num [3]uint64 // SDKAppID, issue time, TTL
	for j, i := range [...]int{appField, fTime, expField} {
		limit := [...]uint64{math.MaxUint32, maxSeconds, maxSeconds}[j]
		switch v, err := strconv.ParseUint(string(f[i].val), 10, 64); { // digits only: no sign, fraction or exponent
		case err == nil && v <= limit:
			num[j] = v
		case f[i].kind != 0:
			return errorf(ErrMalformed, "%s must be a decimal integer between 0 and %d", fieldNames[i], limit)
		default: // an absent HMAC number is 0, also in the string to sign
			f[i].val = zeroText
		}
	}
	w.tok = Token{SDKAppID: num[0], IssuedAt: time.Unix(int64(num[1]), 0), TTL: time.Duration(num[2]) * time.Second}
	if ub := f[fUserBuf]; ub.kind != 0 {
		w.ub, err = base64.StdEncoding.AppendDecode(w.ub[:0], ub.val)
		switch {
		case err != nil:
			return errorf(ErrMalformed, "TLS.userbuf is not standard base64")
		case w.alg == ECDSASHA256 && f[fAppIDAt3rd].kind == 0:
			return errorf(ErrMalformed, "a legacy ticket with TLS.userbuf must have TLS.appid_at_3rd")
		case w.alg == HMACSHA256: // the official libraries sign it re-encoded
			start := len(w.vals)
			w.vals = base64.StdEncoding.AppendEncode(w.vals, w.ub)
			f[fUserBuf].val = w.vals[start:]
		}
	}
	return nil
}

// token returns the decoded claims for userID, with a copy of the userbuf.
func (w *work) token(userID string) Token {
	t := w.tok
	t.UserID = userID
	if w.doc[fUserBuf].kind != 0 {
		t.UserBuf = append([]byte{}, w.ub...)
	}
	return t
}

// Decode parses a UserSig of either algorithm without checking its signature or
// expiry, for support tools and for choosing a verifier. Never trust the result
// for authentication: use a Verifier. Errors wrap ErrMalformed.
func Decode(sig string) (Token, Algorithm, error) {
	var w work
	if err := w.decode(sig); err != nil {
		return Token{}, 0, err
	}
	return w.token(string(w.doc[fIdentifier].val)), w.alg, nil
}
