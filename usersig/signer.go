package usersig

import (
	"cmp"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/adler32"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/imconsole/imconsole/internal/option"
)

// Signer issues UserSigs for one app. It is safe for concurrent use.
type Signer struct {
	k   *Verifier
	cfg config
}

// SignerOption configures a Signer. A nil SignerOption is ignored.
type SignerOption func(*config) error

type config struct {
	level int
	clock func() time.Time
}

// WithCompressionLevel sets the zlib level of the envelope, from
// zlib.HuffmanOnly (-2) to zlib.BestCompression (9); others make the
// constructor fail. The default, zlib.NoCompression, is the official HMAC
// Go library's, so HMAC output is byte-identical to it (the legacy ECDSA
// one used 6). Every verifier accepts any level; higher ones give shorter
// UserSigs at some cost.
func WithCompressionLevel(level int) SignerOption {
	return option.Check(level < zlib.HuffmanOnly || level > zlib.BestCompression,
		fmt.Errorf("usersig: WithCompressionLevel: level %d is not between %d and %d", level, zlib.HuffmanOnly, zlib.BestCompression),
		func(c *config) { c.level = level })
}

// WithClock sets the clock giving the issue time of tokens whose IssuedAt
// is zero (default time.Now), for tests; a nil clock fails the constructor.
func WithClock(now func() time.Time) SignerOption {
	return option.Check(now == nil,
		errors.New("usersig: WithClock: the clock is nil"),
		func(c *config) { c.clock = now })
}

// newSigner returns the Signer of the constructor fn.
func newSigner(fn string, alg Algorithm, sdkAppID uint64, key []byte, opts []SignerOption) (*Signer, error) {
	k, err := newVerifier(fn, alg, sdkAppID, key)
	if err != nil {
		return nil, err
	}
	s := &Signer{k, config{level: zlib.NoCompression, clock: time.Now}}
	if err := option.Apply(&s.cfg, opts); err != nil {
		return nil, err
	}
	return s, nil
}

// NewHMACSigner returns a Signer of HMAC-SHA256 UserSigs for sdkAppID,
// keyed with the app's secret key (console: the app's Basic
// Configuration, "View Key"), its bytes (not hex-decoded). It fails as
// NewHMACVerifier does, or on an invalid option.
func NewHMACSigner(sdkAppID uint64, key string, opts ...SignerOption) (*Signer, error) {
	return newSigner("NewHMACSigner", HMACSHA256, sdkAppID, []byte(key), opts)
}

// NewECDSASigner returns a Signer of legacy ECDSA-SHA256 UserSigs (apps created
// before 2019-08-15) for sdkAppID, given the app's private key as PEM: P-256 or
// secp256k1, SEC1 ("BEGIN EC PRIVATE KEY", with or without an "EC PARAMETERS"
// block) or PKCS#8 ("BEGIN PRIVATE KEY"). P-256 signatures are randomized;
// secp256k1 ones are deterministic (RFC 6979). It fails on an SDKAppID out of
// range, a key it cannot use, or an invalid option.
func NewECDSASigner(sdkAppID uint64, privateKeyPEM []byte, opts ...SignerOption) (*Signer, error) {
	return newSigner("NewECDSASigner", ECDSASHA256, sdkAppID, privateKeyPEM, opts)
}

// Algorithm returns the algorithm of the UserSigs the Signer issues.
func (s *Signer) Algorithm() Algorithm { return s.k.alg }

// SDKAppID returns the app the Signer issues UserSigs for.
func (s *Signer) SDKAppID() uint64 { return s.k.sdkAppID }

// String describes the Signer without its key.
func (s Signer) String() string { return cmp.Or(s.k, &Verifier{}).describe("Signer") } // a zero Signer too

// GoString describes the Signer without its key.
func (s Signer) GoString() string { return s.String() }

// PublicKeyPEM returns the public key of an ECDSA Signer as PKIX PEM
// ("BEGIN PUBLIC KEY"), for NewECDSAVerifier. HMAC Signers have none.
func (s *Signer) PublicKeyPEM() ([]byte, error) {
	if s.k.ec == nil {
		return nil, errors.New("usersig: PublicKeyPEM: an HMAC-SHA256 signer has no public key; verify with NewHMACVerifier and the same secret key")
	}
	return s.k.ec.publicKeyPEM(), nil
}

// Sign issues a UserSig for userID, valid for ttl (a whole number of
// seconds; Tencent recommends at least a day, the official default is 180
// days) from now. It fails as SignToken does.
func (s *Signer) Sign(userID string, ttl time.Duration) (string, error) {
	return s.SignToken(Token{UserID: userID, TTL: ttl})
}

// SignToken issues a UserSig for t; a zero SDKAppID is the Signer's, a zero
// IssuedAt now. It refuses another SDKAppID, a UserID empty, over 1024 bytes,
// not UTF-8 or with a control character, a TTL not positive whole seconds or
// over 2^33 s, IssuedAt out of range, and a UserBuf empty non-nil or over 4 KiB.
func (s *Signer) SignToken(t Token) (string, error) {
	at := t.IssuedAt
	if at.IsZero() {
		at = s.cfg.clock()
	}
	issued, ttl := at.Unix(), int64(t.TTL/time.Second)
	var err error
	switch id := t.UserID; {
	case t.SDKAppID != 0 && t.SDKAppID != s.k.sdkAppID:
		err = fmt.Errorf("usersig: cannot sign: the token is for SDKAppID %d but the signer's key is for %d", t.SDKAppID, s.k.sdkAppID)
	case id == "":
		err = errors.New("usersig: cannot sign: the UserID is empty (the official library's UserSig for an empty UserID cannot be verified)")
	case len(id) > maxUserIDLen:
		err = fmt.Errorf("usersig: cannot sign: the UserID is %d bytes, more than %d (Tencent allows 32)", len(id), maxUserIDLen)
	case !utf8.ValidString(id):
		err = errors.New("usersig: cannot sign: the UserID is not valid UTF-8")
	case strings.ContainsFunc(id, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		err = fmt.Errorf("usersig: cannot sign: the UserID %s contains a control character", quote(id))
	case t.TTL <= 0:
		err = fmt.Errorf("usersig: cannot sign: TTL %v is not positive (an expiry of 0 cannot be verified; Tencent recommends at least 24h)", t.TTL)
	case t.TTL%time.Second != 0:
		err = fmt.Errorf("usersig: cannot sign: TTL %v is not a whole number of seconds", t.TTL)
	case ttl > maxSeconds:
		err = fmt.Errorf("usersig: cannot sign: TTL %v is too long: it must fit in 2^33 seconds (Tencent's documents give at most 10 or 50 years)", t.TTL)
	case issued <= 0 || issued > maxSeconds:
		err = fmt.Errorf("usersig: cannot sign: IssuedAt %s is out of range (check the clock)", fmtTime(at))
	case t.UserBuf != nil && len(t.UserBuf) == 0:
		err = errors.New("usersig: cannot sign: UserBuf is empty but not nil; pass nil for a UserSig without a userbuf (the official libraries cannot verify an empty one)")
	case len(t.UserBuf) > maxUserBufLen:
		err = fmt.Errorf("usersig: cannot sign: UserBuf is %d bytes, more than %d", len(t.UserBuf), maxUserBufLen)
	}
	if err != nil {
		return "", err
	}
	w := s.k.pool.Get().(*work)
	defer s.k.pool.Put(w)
	// Fill w.doc (values in w.vals), sign, write, compress and encode.
	v := append(w.vals[:0], t.UserID...)
	i1 := len(v)
	v = strconv.AppendInt(v, issued, 10)
	i2 := len(v)
	v = strconv.AppendInt(v, ttl, 10)
	i3 := len(v)
	v = base64.StdEncoding.AppendEncode(v, t.UserBuf)
	d, alg := &w.doc, s.k.alg
	*d = constFields[alg]
	num, appField, expField := uint8(kindNumber), fSDKAppID, fExpire
	if alg == ECDSASHA256 {
		num, appField, expField = kindString, fSDKAppIDStr, fExpireAfter
	}
	d[fIdentifier] = jsonField{kindString, v[:i1]}
	d[appField], d[fTime], d[expField] = jsonField{num, s.k.appDec}, jsonField{num, v[i1:i2]}, jsonField{num, v[i2:i3]}
	if t.UserBuf != nil {
		d[fUserBuf] = jsonField{kindString, v[i3:]}
	}
	w.sts = appendStringToSign(w.sts[:0], alg, d)
	var sig []byte
	if alg == HMACSHA256 {
		sig = w.macSTS()
	} else if sig, err = s.k.ec.sign(w.sts); err != nil {
		return "", err
	}
	start := len(v)
	v = base64.StdEncoding.AppendEncode(v, sig)
	d[fSig], w.vals = jsonField{kindString, v[start:]}, v
	w.bin = appendDoc(w.bin[:0], alg, d)
	w.z.Reset()
	if n := len(w.bin); s.cfg.level == zlib.NoCompression {
		// What compress/zlib writes, without its 650 KB writer: the header,
		// one stored block (the limits keep documents under 64 KiB), an
		// empty final block and the Adler-32 trailer.
		b := append(append(w.z.AvailableBuffer(), 0x78, 1, 0, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8)), w.bin...)
		w.z.Write(binary.BigEndian.AppendUint32(append(b, 1, 0, 0, 0xff, 0xff), adler32.Checksum(w.bin)))
	} else { // nothing fails: the level was checked, a bytes.Buffer takes all
		if w.zw == nil {
			w.zw, _ = zlib.NewWriterLevel(nil, s.cfg.level)
		}
		w.zw.Reset(&w.z)
		w.zw.Write(w.bin)
		w.zw.Close()
	}
	w.text = tencentB64.AppendEncode(w.text[:0], w.z.Bytes())
	return string(w.text), nil
}

// The fields of the signed documents with a fixed value.
var (
	zeroText    = []byte("0")
	constFields = [...]jsonDoc{
		HMACSHA256:  {fVer: {kindString, []byte("2.0")}},
		ECDSASHA256: {fAccountType: {kindString, zeroText}, fAppIDAt3rd: {kindString, zeroText}, fVersion: {kindString, []byte("201610110000")}},
	}
)

// SignPrivateMapKey issues a PrivateMapKey: a UserSig for userID, valid
// for ttl from now, whose userbuf is p's PrivateMap buffer with the same
// expiry (the official GenPrivateMapKey and GenPrivateMapKeyWithStringRoomID).
// It fails as SignToken does, and on a zero p, both rooms, a RoomStr over
// 1024 bytes or an expiry after 2106 (the buffer's field is 32 bits).
func (s *Signer) SignPrivateMapKey(userID string, ttl time.Duration, p PrivateMap) (string, error) {
	issued := time.Unix(s.cfg.clock().Unix(), 0)
	switch {
	case p == PrivateMap{}:
		return "", errors.New("usersig: cannot sign: the PrivateMap is empty (no RoomID, RoomStr or Privileges); set the room and the privileges to grant")
	case p.RoomID != 0 && p.RoomStr != "":
		return "", errors.New("usersig: cannot sign: set either PrivateMap.RoomID or PrivateMap.RoomStr, not both")
	case len(p.RoomStr) > 1024:
		return "", fmt.Errorf("usersig: cannot sign: PrivateMap.RoomStr is %d bytes, more than 1024", len(p.RoomStr))
	case issued.Unix()+int64(ttl/time.Second) > math.MaxUint32:
		return "", errors.New("usersig: cannot sign: the PrivateMap expiry does not fit its 32-bit field (after 2106)")
	}
	return s.SignToken(Token{UserID: userID, IssuedAt: issued, TTL: ttl, UserBuf: p.UserBuf(s.k.sdkAppID, userID, issued.Add(ttl))})
}
