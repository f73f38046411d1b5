package usersig

import (
	"compress/zlib"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	k1ecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// Signer issues UserSigs for one app. It is safe for concurrent use.
type Signer struct {
	alg      Algorithm
	sdkAppID uint64
	level    int
	appDec   []byte // sdkAppID in decimal
	k        *keyState
	opts     *signerOptions
	fast     fastSign // HMAC only
}

// SignerOption configures a Signer.
type SignerOption func(*signerOptions)

type signerOptions struct {
	level    int
	clock    func() time.Time
	err      error
	zlibPool sync.Pool // *zlibBuf, when level != zlib.NoCompression
}

// WithCompressionLevel sets the zlib level of the envelope, from
// zlib.HuffmanOnly (-2) to zlib.BestCompression (9). The default is
// zlib.NoCompression, the level of the official Go library
// (tencentyun/tls-sig-api-v2-golang), so HMAC output is byte-identical to
// it; every official verifier accepts any level. ECDSA signers use the
// same default (the legacy Go library used level 6, but randomized
// signatures cannot be byte-identical anyway); higher levels give shorter
// UserSigs at some cost.
func WithCompressionLevel(level int) SignerOption {
	return func(o *signerOptions) {
		if level < zlib.HuffmanOnly || level > zlib.BestCompression {
			o.err = fmt.Errorf("usersig: WithCompressionLevel: level %d is not between %d and %d", level, zlib.HuffmanOnly, zlib.BestCompression)
			return
		}
		o.level = level
	}
}

// WithClock sets the clock that gives the issue time of tokens whose
// IssuedAt is zero (default time.Now). Useful in tests.
func WithClock(now func() time.Time) SignerOption {
	return func(o *signerOptions) {
		if now == nil {
			o.err = errors.New("usersig: WithClock: the clock is nil")
			return
		}
		o.clock = now
	}
}

func newSignerOptions(opts []SignerOption) (*signerOptions, error) {
	o := &signerOptions{level: zlib.NoCompression, clock: time.Now}
	for _, opt := range opts {
		if opt != nil {
			opt(o)
		}
	}
	if o.err != nil {
		return nil, o.err
	}
	return o, nil
}

// NewHMACSigner returns a Signer of HMAC-SHA256 UserSigs for sdkAppID,
// keyed with the app's secret key (console: Application Configuration >
// Basic Information). The key string's bytes are the HMAC key (it is not
// hex-decoded).
func NewHMACSigner(sdkAppID uint64, key string, opts ...SignerOption) (*Signer, error) {
	if err := checkSDKAppID("NewHMACSigner", sdkAppID); err != nil {
		return nil, err
	}
	if err := checkHMACKey("NewHMACSigner", key); err != nil {
		return nil, err
	}
	o, err := newSignerOptions(opts)
	if err != nil {
		return nil, err
	}
	appDec := strconv.AppendUint(nil, sdkAppID, 10)
	return &Signer{alg: HMACSHA256, sdkAppID: sdkAppID, level: o.level, appDec: appDec, k: newHMACKeyState(key), opts: o, fast: newFastSign(appDec)}, nil
}

// NewECDSASigner returns a Signer of legacy ECDSA-SHA256 UserSigs (apps
// created before 2019-08-15) for sdkAppID, given the app's private key as
// PEM: P-256 or secp256k1, SEC1 ("BEGIN EC PRIVATE KEY", with or without
// an "EC PARAMETERS" block) or PKCS#8 ("BEGIN PRIVATE KEY").
// P-256 signatures are randomized; secp256k1 ones are deterministic
// (RFC 6979).
func NewECDSASigner(sdkAppID uint64, privateKeyPEM []byte, opts ...SignerOption) (*Signer, error) {
	if err := checkSDKAppID("NewECDSASigner", sdkAppID); err != nil {
		return nil, err
	}
	ec, err := parsePrivateKeyPEM(privateKeyPEM)
	if err != nil {
		return nil, err
	}
	o, err := newSignerOptions(opts)
	if err != nil {
		return nil, err
	}
	return &Signer{alg: ECDSASHA256, sdkAppID: sdkAppID, level: o.level, appDec: strconv.AppendUint(nil, sdkAppID, 10), k: &keyState{ec: ec}, opts: o}, nil
}

// Algorithm returns the algorithm of the UserSigs the Signer issues.
func (s *Signer) Algorithm() Algorithm { return s.alg }

// SDKAppID returns the app the Signer issues UserSigs for.
func (s *Signer) SDKAppID() uint64 { return s.sdkAppID }

// String describes the Signer without its key.
func (s Signer) String() string {
	return "usersig.Signer{" + s.alg.String() + ", SDKAppID " + strconv.FormatUint(s.sdkAppID, 10) + "}"
}

// GoString describes the Signer without its key.
func (s Signer) GoString() string { return s.String() }

// PublicKeyPEM returns the public key of an ECDSA Signer as PKIX PEM
// ("BEGIN PUBLIC KEY"), for NewECDSAVerifier. HMAC Signers have none.
func (s *Signer) PublicKeyPEM() ([]byte, error) {
	if s.alg != ECDSASHA256 {
		return nil, errors.New("usersig: PublicKeyPEM: an HMAC-SHA256 signer has no public key; verify with NewHMACVerifier and the same secret key")
	}
	return s.k.ec.publicKeyPEM()
}

// Sign issues a UserSig for userID, valid for ttl (a whole number of
// seconds; Tencent recommends at least a day, the official default is 180
// days) from now.
func (s *Signer) Sign(userID string, ttl time.Duration) (string, error) {
	// The checks of SignToken for the fast path's inputs; anything else
	// goes to SignToken, which gives the error.
	if s.alg == HMACSHA256 && s.level == zlib.NoCompression && fastPlain(userID) &&
		ttl > 0 && ttl%time.Second == 0 && ttl/time.Second <= maxSeconds {
		if issued := s.opts.clock().Unix(); issued > 0 && issued <= maxSeconds {
			hs := s.k.hmacPool.Get().(*hmacState)
			sig := s.signHMACFast(hs, userID, issued, int64(ttl/time.Second))
			s.k.hmacPool.Put(hs)
			return sig, nil
		}
	}
	return s.SignToken(Token{UserID: userID, TTL: ttl})
}

// SignToken issues a UserSig for t. A zero SDKAppID means the Signer's;
// a zero IssuedAt means now. Inputs the official libraries would turn into
// unverifiable UserSigs are refused: an empty UserID, a TTL that is not a
// positive whole number of seconds, an empty non-nil UserBuf.
func (s *Signer) SignToken(t Token) (string, error) {
	issued, ttl, err := s.check(&t)
	if err != nil {
		return "", err
	}
	if s.alg == HMACSHA256 {
		return s.signHMAC(t.UserID, issued, ttl, t.UserBuf)
	}
	return s.signECDSA(t.UserID, issued, ttl, t.UserBuf)
}

func (s *Signer) check(t *Token) (issued, ttl int64, err error) {
	if t.SDKAppID != 0 && t.SDKAppID != s.sdkAppID {
		return 0, 0, fmt.Errorf("usersig: cannot sign: the token is for SDKAppID %d but the signer's key is for %d", t.SDKAppID, s.sdkAppID)
	}
	if err := checkUserID(t.UserID); err != nil {
		return 0, 0, err
	}
	if t.TTL <= 0 {
		return 0, 0, fmt.Errorf("usersig: cannot sign: TTL %v is not positive (an expiry of 0 cannot be verified; Tencent recommends at least 24h)", t.TTL)
	}
	if t.TTL%time.Second != 0 {
		return 0, 0, fmt.Errorf("usersig: cannot sign: TTL %v is not a whole number of seconds", t.TTL)
	}
	ttl = int64(t.TTL / time.Second)
	if ttl > maxSeconds {
		return 0, 0, fmt.Errorf("usersig: cannot sign: TTL %v is too long (Tencent allows at most 50 years)", t.TTL)
	}
	at := t.IssuedAt
	if at.IsZero() {
		at = s.opts.clock()
	}
	issued = at.Unix()
	if issued <= 0 || issued > maxSeconds {
		return 0, 0, fmt.Errorf("usersig: cannot sign: IssuedAt %s is out of range (check the clock)", at.UTC().Format(time.RFC3339))
	}
	if t.UserBuf != nil && len(t.UserBuf) == 0 {
		return 0, 0, errors.New("usersig: cannot sign: UserBuf is empty but not nil; pass nil for a UserSig without a userbuf (the official libraries cannot verify an empty one)")
	}
	if len(t.UserBuf) > maxUserBufLen {
		return 0, 0, fmt.Errorf("usersig: cannot sign: UserBuf is %d bytes, more than %d", len(t.UserBuf), maxUserBufLen)
	}
	return issued, ttl, nil
}

func checkUserID(userID string) error {
	if len(userID) <= fastMaxUserID && fastPlain(userID) {
		return nil // non-empty printable ASCII
	}
	if userID == "" {
		return errors.New("usersig: cannot sign: the UserID is empty (the official library's UserSig for an empty UserID cannot be verified)")
	}
	if len(userID) > maxUserIDLen {
		return fmt.Errorf("usersig: cannot sign: the UserID is %d bytes, more than %d (Tencent allows 32)", len(userID), maxUserIDLen)
	}
	if !utf8.ValidString(userID) {
		return errors.New("usersig: cannot sign: the UserID is not valid UTF-8")
	}
	for i := 0; i < len(userID); i++ {
		if c := userID[i]; c < 0x20 || c == 0x7f {
			return fmt.Errorf("usersig: cannot sign: the UserID %s contains a control character", quote(userID))
		}
	}
	return nil
}

func (s *Signer) signHMAC(userID string, issued, ttl int64, userBuf []byte) (string, error) {
	hs := s.k.hmacPool.Get().(*hmacState)
	var sig string
	var err error
	if userBuf == nil && s.level == zlib.NoCompression && fastPlain(userID) {
		sig = s.signHMACFast(hs, userID, issued, ttl)
	} else {
		sig, err = s.signHMACGeneral(hs, userID, issued, ttl, userBuf)
	}
	s.k.hmacPool.Put(hs)
	return sig, err
}

// signHMACGeneral signs any checked token.
func (s *Signer) signHMACGeneral(hs *hmacState, userID string, issued, ttl int64, userBuf []byte) (string, error) {

	var nums [2][20]byte
	issuedDec := strconv.AppendInt(nums[0][:0], issued, 10)
	ttlDec := strconv.AppendInt(nums[1][:0], ttl, 10)

	sts := hs.sts[:0]
	sts = append(sts, "TLS.identifier:"...)
	sts = append(sts, userID...)
	sts = append(sts, "\nTLS.sdkappid:"...)
	sts = append(sts, s.appDec...)
	sts = append(sts, "\nTLS.time:"...)
	sts = append(sts, issuedDec...)
	sts = append(sts, "\nTLS.expire:"...)
	sts = append(sts, ttlDec...)
	sts = append(sts, '\n')
	var ubStart, ubEnd int
	if userBuf != nil {
		sts = append(sts, "TLS.userbuf:"...)
		ubStart = len(sts)
		sts = base64.StdEncoding.AppendEncode(sts, userBuf)
		ubEnd = len(sts)
		sts = append(sts, '\n')
	}
	hs.sts = hs.mac.sum(&hs.sum, sts)
	mac := hs.sum[:]

	// The JSON of the official Go library: struct field order and a
	// trailing newline (json.Encoder). At NoCompression it is written in
	// place inside its stored block.
	stored := s.level == zlib.NoCompression
	j := hs.json[:0]
	if stored {
		j = append(j, 0x78, 0x01, 0, 0, 0, 0, 0)
	}
	jStart := len(j)
	j = append(j, `{"TLS.ver":"2.0","TLS.identifier":`...)
	j = appendJSONString(j, userID)
	j = append(j, `,"TLS.sdkappid":`...)
	j = append(j, s.appDec...)
	j = append(j, `,"TLS.expire":`...)
	j = append(j, ttlDec...)
	j = append(j, `,"TLS.time":`...)
	j = append(j, issuedDec...)
	if userBuf != nil {
		j = append(j, `,"TLS.userbuf":"`...)
		j = append(j, sts[ubStart:ubEnd]...)
		j = append(j, '"')
	}
	j = append(j, `,"TLS.sig":"`...)
	j = base64.StdEncoding.AppendEncode(j, mac)
	j = append(j, "\"}\n"...)
	hs.json = j

	if stored {
		if n := len(j) - jStart; n <= maxStoredBlock {
			// One stored block, an empty final block and the
			// checksum: what compress/zlib writes at NoCompression.
			j[3], j[4], j[5], j[6] = byte(n), byte(n>>8), ^byte(n), ^byte(n>>8)
			sum := adler32Sum(j[jStart:])
			j = append(j, 1, 0, 0, 0xff, 0xff)
			j = binary.BigEndian.AppendUint32(j, sum)
			hs.json = j
			return encodeTencent(j), nil
		}
	}
	z, err := s.compress(hs.z[:0], j[jStart:])
	hs.z = z
	if err != nil {
		return "", err
	}
	return encodeTencent(z), nil
}

// ecdsaBuf holds the buffers of one ECDSA signing.
type ecdsaBuf struct {
	sts, json, z []byte
}

var ecdsaBufPool = sync.Pool{New: func() any { return new(ecdsaBuf) }}

func (s *Signer) signECDSA(userID string, issued, ttl int64, userBuf []byte) (string, error) {
	b := ecdsaBufPool.Get().(*ecdsaBuf)
	defer ecdsaBufPool.Put(b)

	sts := b.sts[:0]
	sts = append(sts, "TLS.appid_at_3rd:0\nTLS.account_type:0\nTLS.identifier:"...)
	sts = append(sts, userID...)
	sts = append(sts, "\nTLS.sdk_appid:"...)
	sts = strconv.AppendUint(sts, s.sdkAppID, 10)
	sts = append(sts, "\nTLS.time:"...)
	sts = strconv.AppendInt(sts, issued, 10)
	sts = append(sts, "\nTLS.expire_after:"...)
	sts = strconv.AppendInt(sts, ttl, 10)
	sts = append(sts, '\n')
	var ubStart, ubEnd int
	if userBuf != nil {
		sts = append(sts, "TLS.userbuf:"...)
		ubStart = len(sts)
		sts = base64.StdEncoding.AppendEncode(sts, userBuf)
		ubEnd = len(sts)
		sts = append(sts, '\n')
	}
	b.sts = sts
	digest := sha256.Sum256(sts)

	var der []byte
	ec := s.k.ec
	switch ec.curve {
	case curveP256:
		var err error
		der, err = ecdsa.SignASN1(rand.Reader, ec.p256, digest[:])
		if err != nil {
			return "", fmt.Errorf("usersig: ECDSA signing failed: %w", err)
		}
	case curveSecp256k1:
		der = k1ecdsa.Sign(ec.k1, digest[:]).Serialize()
	default:
		return "", errors.New("usersig: signer has no key")
	}

	// The JSON of the official legacy Go library: a map[string]string,
	// so keys are sorted and every value is a string.
	j := b.json[:0]
	j = append(j, `{"TLS.account_type":"0","TLS.appid_at_3rd":"0","TLS.expire_after":"`...)
	j = strconv.AppendInt(j, ttl, 10)
	j = append(j, `","TLS.identifier":`...)
	j = appendJSONString(j, userID)
	j = append(j, `,"TLS.sdk_appid":"`...)
	j = strconv.AppendUint(j, s.sdkAppID, 10)
	j = append(j, `","TLS.sig":"`...)
	j = base64.StdEncoding.AppendEncode(j, der)
	j = append(j, `","TLS.time":"`...)
	j = strconv.AppendInt(j, issued, 10)
	if userBuf != nil {
		j = append(j, `","TLS.userbuf":"`...)
		j = append(j, sts[ubStart:ubEnd]...)
	}
	j = append(j, `","TLS.version":"201610110000"}`...)
	b.json = j

	z, err := s.compress(b.z[:0], j)
	b.z = z
	if err != nil {
		return "", err
	}
	return encodeTencent(z), nil
}

// appendWriter is an io.Writer appending to a slice.
type appendWriter struct{ b []byte }

// Write appends p.
func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

type zlibBuf struct {
	w  *zlib.Writer
	aw appendWriter
}

// compress appends the zlib stream of data at the Signer's level.
func (s *Signer) compress(dst, data []byte) ([]byte, error) {
	if s.level == zlib.NoCompression {
		return appendZlibStored(dst, data), nil
	}
	zb, _ := s.opts.zlibPool.Get().(*zlibBuf)
	if zb == nil {
		zb = &zlibBuf{}
		w, err := zlib.NewWriterLevel(&zb.aw, s.level)
		if err != nil {
			return dst, fmt.Errorf("usersig: zlib: %w", err)
		}
		zb.w = w
	}
	zb.aw.b = dst
	zb.w.Reset(&zb.aw)
	_, err := zb.w.Write(data)
	if err == nil {
		err = zb.w.Close()
	}
	out := zb.aw.b
	zb.aw.b = nil
	s.opts.zlibPool.Put(zb)
	if err != nil {
		return dst, fmt.Errorf("usersig: zlib: %w", err)
	}
	return out, nil
}

// SignPrivateMapKey issues a PrivateMapKey: a UserSig for userID, valid
// for ttl from now, whose userbuf is p's PrivateMap buffer with the same
// expiry (the official GenPrivateMapKey and
// GenPrivateMapKeyWithStringRoomID).
func (s *Signer) SignPrivateMapKey(userID string, ttl time.Duration, p PrivateMap) (string, error) {
	if p.RoomID != 0 && p.RoomStr != "" {
		return "", errors.New("usersig: cannot sign: set either PrivateMap.RoomID or PrivateMap.RoomStr, not both")
	}
	if len(p.RoomStr) > 1024 {
		return "", fmt.Errorf("usersig: cannot sign: PrivateMap.RoomStr is %d bytes, more than 1024", len(p.RoomStr))
	}
	if err := checkUserID(userID); err != nil {
		return "", err
	}
	issued := time.Unix(s.opts.clock().Unix(), 0)
	if ttl > 0 && ttl%time.Second == 0 {
		if exp := issued.Unix() + int64(ttl/time.Second); exp > math.MaxUint32 {
			return "", errors.New("usersig: cannot sign: the PrivateMap expiry does not fit its 32-bit field (after 2106)")
		}
	}
	t := Token{UserID: userID, IssuedAt: issued, TTL: ttl}
	if ttl > 0 {
		t.UserBuf = p.UserBuf(s.sdkAppID, userID, issued.Add(ttl))
	}
	return s.SignToken(t)
}
