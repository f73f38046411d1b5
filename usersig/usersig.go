package usersig

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Algorithm identifies how a UserSig is signed.
type Algorithm int

const (
	// HMACSHA256 is the current algorithm ("TLS.ver" 2.0): an HMAC-SHA256
	// keyed with the app's secret key from the console. Apps created on or
	// after 2019-08-15 use it.
	HMACSHA256 Algorithm = iota + 1
	// ECDSASHA256 is the legacy algorithm of apps created before
	// 2019-08-15: an ECDSA signature (P-256 or secp256k1) over SHA-256.
	ECDSASHA256
)

// String returns "HMAC-SHA256" or "ECDSA-SHA256".
func (a Algorithm) String() string {
	if a == HMACSHA256 || a == ECDSASHA256 {
		return [...]string{HMACSHA256: "HMAC-SHA256", ECDSASHA256: "ECDSA-SHA256"}[a]
	}
	return "Algorithm(" + strconv.Itoa(int(a)) + ")"
}

// Token holds the claims of a UserSig.
type Token struct {
	// SDKAppID is the application the UserSig is valid for.
	SDKAppID uint64
	// UserID is the user (TLS.identifier) the UserSig was issued to.
	UserID string
	// IssuedAt is the signing time, in whole seconds. When signing, the
	// zero value means "now" (the signer's clock).
	IssuedAt time.Time
	// TTL is the validity period, a whole number of seconds (Sign refuses
	// 0; an official UserSig with TLS.expire 0 decodes to 0).
	TTL time.Duration
	// UserBuf is the optional user buffer (TLS.userbuf), for example a
	// PrivateMap buffer; nil means none. Signing refuses an empty non-nil
	// one, which the official libraries cannot verify.
	UserBuf []byte
}

// ExpiresAt returns IssuedAt+TTL (see Expired).
func (t Token) ExpiresAt() time.Time { return t.IssuedAt.Add(t.TTL) }

// Expired reports whether now is past the end of ExpiresAt's second.
func (t Token) Expired(now time.Time) bool { return now.Unix() > t.ExpiresAt().Unix() }

// Sentinel errors: verification and decoding wrap exactly one, for
// errors.Is, in a message that says what to check and has no key or UserSig.
var (
	// ErrMalformed: the string is not a well-formed UserSig (bad base64,
	// zlib or JSON, a missing or mistyped field, size limits; Tencent 70003).
	ErrMalformed = errors.New("usersig: malformed UserSig")
	// ErrExpired: the UserSig's validity ended before the verification
	// time (Tencent error 70001).
	ErrExpired = errors.New("usersig: UserSig expired")
	// ErrSignature: the signature does not match the content, usually
	// because a different key signed it (Tencent error 70009).
	ErrSignature = errors.New("usersig: signature does not match")
	// ErrUserIDMismatch: the UserSig was issued to another UserID
	// (Tencent error 70013).
	ErrUserIDMismatch = errors.New("usersig: UserID does not match")
	// ErrSDKAppIDMismatch: the UserSig was issued for another SDKAppID
	// (Tencent error 70014).
	ErrSDKAppIDMismatch = errors.New("usersig: SDKAppID does not match")
	// ErrAlgorithm: the UserSig and the verifier's key are of different
	// algorithms (an HMAC UserSig given to an ECDSA verifier or the reverse).
	ErrAlgorithm = errors.New("usersig: wrong algorithm")
	// ErrUserBufMismatch: the UserSig carries a userbuf where none was
	// expected, or a different one, or none where one was expected.
	ErrUserBufMismatch = errors.New("usersig: userbuf does not match")
)

// errorf returns an error wrapping the sentinel kind, whose message
// format says what to check.
func errorf(kind error, format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{kind}, args...)...)
}

// Limits, far above any real UserSig (a few hundred bytes).
const (
	maxSigLen     = 32 << 10 // of a UserSig string
	maxInflated   = 16 << 10 // of the inflated JSON document
	maxUserIDLen  = 1024     // when signing; Tencent documents 32 bytes, the official libraries accept 255 and more
	maxUserBufLen = 4096     // when signing
	maxSeconds    = 1 << 33  // of TLS.expire and TLS.time: 272 years, so TTL fits a time.Duration and time+expire never overflows
	maxJSONDepth  = 32       // nesting of unknown fields' values
)

// quote renders a user-controlled value for an error message: quoted,
// shortened to 64 bytes, never a secret.
func quote(s string) string {
	if len(s) > 64 {
		return strconv.Quote(strings.ToValidUTF8(s[:64], "")) + "..."
	}
	return strconv.Quote(s)
}

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
