// Package tc3 signs and verifies Tencent Cloud API 3.0 requests with
// TC3-HMAC-SHA256, and parses their Authorization header. The SDK's client
// signs with it and imtest verifies with it; it is internal because a Go
// user of the SDK never signs by hand.
//
// A Signer signs for one service (the credential scope's service, "im" for
// the console API); a client of several services holds one Signer per
// service, all with the same SecretId and SecretKey.
package tc3

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"hash"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Algorithm is the signature algorithm name of Tencent Cloud API 3.0.
const Algorithm = "TC3-HMAC-SHA256"

// The SignedHeaders lists a Signer signs and a server accepts.
const (
	HeadersBasic      = "content-type;host"
	HeadersWithAction = "content-type;host;x-tc-action"
)

// Request is what a TC3-HMAC-SHA256 signature covers.
//
// Only content-type and host are signed by default; set SignAction to sign
// x-tc-action too (its value lower-cased, as Tencent documents), or
// Headers to sign any list of headers.
type Request struct {
	Method      string // "POST" or "GET"
	Host        string // the Host header, e.g. "im.tencentcloudapi.com"
	Path        string // canonical URI, "/" for API 3.0
	Query       string // canonical query string, "" for POST
	ContentType string // the Content-Type header exactly as sent
	Action      string // the X-TC-Action header; signed only when SignAction is set
	SignAction  bool
	Payload     []byte // the request body
	Timestamp   int64  // X-TC-Timestamp, Unix seconds

	// Headers, when not nil, are every header the signature covers, in
	// the order of their SignedHeaders list (ascending by name, see
	// ParseSignedHeaders), instead of Host, ContentType, Action and
	// SignAction. Tencent's SDKs sign content-type;host and sometimes more
	// headers; a server verifies what a request's list names. In the
	// canonical request each value is lower-cased, as x-tc-action's is,
	// but content-type's and host's, which are as given; give each trimmed
	// of white space as Tencent's rule says (net/http trims a received
	// one).
	Headers []Header
}

// Header is one signed header: Name lower-case, Value as sent.
type Header struct {
	Name  string
	Value string
}

// SignedHeaders returns the SignedHeaders list of r.
func SignedHeaders(r *Request) string {
	switch {
	case r.Headers != nil:
		names := make([]string, len(r.Headers))
		for i, h := range r.Headers {
			names[i] = h.Name
		}
		return strings.Join(names, ";")
	case r.SignAction:
		return HeadersWithAction
	}
	return HeadersBasic
}

// ErrSignedHeaders is returned by ParseSignedHeaders for a list a server
// does not accept.
var ErrSignedHeaders = errors.New("SignedHeaders must be lower-case header names in ascending order, separated by ';', each once, content-type and host among them (e.g. content-type;host or content-type;host;x-tc-action)")

// maxSignedHeaders bounds how many headers a list may name.
const maxSignedHeaders = 32

// ParseSignedHeaders returns the header names of a SignedHeaders list, or
// ErrSignedHeaders when it is not a list Tencent's rules allow:
// lower-case names (letters, digits, '-'), strictly ascending, at most 32,
// content-type and host among them, and not authorization (whose value
// holds the signature, so no request can sign it).
func ParseSignedHeaders(list string) ([]string, error) {
	names := strings.Split(list, ";")
	if len(names) > maxSignedHeaders {
		return nil, ErrSignedHeaders
	}
	var contentType, host bool
	for i, n := range names {
		if n == "" || n == "authorization" || strings.ContainsFunc(n, func(r rune) bool { return (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' }) ||
			(i > 0 && names[i-1] >= n) {
			return nil, ErrSignedHeaders
		}
		contentType = contentType || n == "content-type"
		host = host || n == "host"
	}
	if !contentType || !host {
		return nil, ErrSignedHeaders
	}
	return names, nil
}

// Signer signs requests with one SecretId/SecretKey pair for one service.
// It caches the derived signing key per UTC date and is safe for concurrent
// use. Its String method never reveals the SecretKey.
type Signer struct {
	secretID string
	// root returns "TC3"+SecretKey, the root of the key derivation. It is
	// a closure, not a string, so that printing a value that holds a
	// Signer never shows the key, even where fmt cannot call String (a
	// copy in an unexported field printed with %s walks the fields).
	root    func() []byte
	service string
	macs    sync.Pool // of *dateMAC
}

// NewSigner returns a signer for the given credentials and service name
// (the credential scope's service: "im" for the console API). It cannot
// fail; an empty SecretId or SecretKey simply signs what no server accepts.
func NewSigner(secretID, secretKey, service string) *Signer {
	root := []byte("TC3" + secretKey)
	return &Signer{secretID: secretID, root: func() []byte { return root }, service: service}
}

// SecretID returns the SecretId the signer signs as.
func (s *Signer) SecretID() string { return s.secretID }

// String describes the signer without its SecretKey.
func (s *Signer) String() string {
	return "tc3.Signer{SecretId: " + s.secretID + ", Service: " + s.service + ", SecretKey: [redacted]}"
}

// GoString is String, so %#v does not print the SecretKey either.
func (s *Signer) GoString() string { return s.String() }

// Authorization returns the Authorization header value for r.
func (s *Signer) Authorization(r *Request) string {
	signed := SignedHeaders(r)
	dm := s.sign(r)
	defer s.macs.Put(dm)
	var b strings.Builder
	b.Grow(len(Algorithm+" Credential=/") + len(s.secretID) + len(dm.date) + 1 + len(s.service) +
		len("/tc3_request, SignedHeaders=") + len(signed) + len(", Signature=") + len(dm.sig))
	b.WriteString(Algorithm)
	b.WriteString(" Credential=")
	b.WriteString(s.secretID)
	b.WriteByte('/')
	b.WriteString(dm.date)
	b.WriteByte('/')
	b.WriteString(s.service)
	b.WriteString("/tc3_request, SignedHeaders=")
	b.WriteString(signed)
	b.WriteString(", Signature=")
	b.Write(dm.sig[:])
	return b.String()
}

// Signature returns the lower-case hex signature of r.
func (s *Signer) Signature(r *Request) string {
	dm := s.sign(r)
	defer s.macs.Put(dm)
	return string(dm.sig[:])
}

// Verify reports, in constant time, whether hexSig is the signature of r.
// Servers use it after ParseAuthorization; it fails (false) for any other
// SecretKey, service, UTC date, header or body.
func (s *Signer) Verify(r *Request, hexSig string) bool {
	dm := s.sign(r)
	defer s.macs.Put(dm)
	return hmac.Equal(dm.sig[:], []byte(hexSig))
}

// sign computes the hex signature of r into dm.sig of the returned dateMAC,
// which the caller puts back into s.macs once it has read it.
func (s *Signer) sign(r *Request) *dateMAC {
	dm := s.macFor(r.Timestamp)

	// Canonical request, built in the pooled scratch buffer.
	cr := appendCanonical(dm.buf[:0], r)
	crHash := sha256.Sum256(cr)

	// String to sign, reusing the same buffer.
	sts := append(cr[:0], Algorithm...)
	sts = append(sts, '\n')
	sts = strconv.AppendInt(sts, r.Timestamp, 10)
	sts = append(sts, '\n')
	sts = append(sts, dm.date...)
	sts = append(sts, '/')
	sts = append(sts, s.service...)
	sts = append(sts, "/tc3_request\n"...)
	sts = appendHex(sts, crHash[:])
	dm.buf = sts

	dm.mac.Reset()
	dm.mac.Write(sts)
	appendHex(dm.sig[:0], dm.mac.Sum(dm.sum[:0]))
	return dm
}

// appendCanonical appends r's canonical request to dst: each signed
// header as name:value (lower-cased but for content-type and host), the
// SignedHeaders list, and the payload's hash. The default headers are the
// same loop over a fixed list, so there is one way to build it.
func appendCanonical(dst []byte, r *Request) []byte {
	headers := r.Headers
	if headers == nil {
		fixed := [...]Header{{"content-type", r.ContentType}, {"host", r.Host}, {"x-tc-action", r.Action}}
		headers = fixed[:2]
		if r.SignAction {
			headers = fixed[:3]
		}
	}
	ph := sha256.Sum256(r.Payload)
	cr := append(dst, r.Method...)
	cr = append(cr, '\n')
	cr = append(cr, r.Path...)
	cr = append(cr, '\n')
	cr = append(cr, r.Query...)
	cr = append(cr, '\n')
	for _, h := range headers {
		cr = append(cr, h.Name...)
		cr = append(cr, ':')
		if v := h.Value; h.Name == "content-type" || h.Name == "host" {
			cr = append(cr, v...)
		} else {
			cr = appendLower(cr, v)
		}
		cr = append(cr, '\n')
	}
	cr = append(cr, '\n')
	for i, h := range headers {
		if i > 0 {
			cr = append(cr, ';')
		}
		cr = append(cr, h.Name...)
	}
	cr = append(cr, '\n')
	return appendHex(cr, ph[:])
}

// dateMAC is an HMAC-SHA256 keyed with the key derived for one UTC day,
// with the scratch space one signature needs.
type dateMAC struct {
	day  int64
	date string // the day as YYYY-MM-DD
	mac  hash.Hash
	buf  []byte
	sum  [32]byte
	sig  [64]byte
}

// macFor returns an HMAC keyed with the signing key derived for the UTC day
// of ts, reusing a pooled one when its day matches.
func (s *Signer) macFor(ts int64) *dateMAC {
	day := ts / 86400
	if ts < 0 && ts%86400 != 0 {
		day--
	}
	dm, _ := s.macs.Get().(*dateMAC)
	if dm != nil && dm.day == day {
		return dm
	}
	if dm == nil {
		dm = &dateMAC{buf: make([]byte, 0, 512)}
	}
	dm.day = day
	dm.date = time.Unix(ts, 0).UTC().Format(time.DateOnly)
	k := hmacSum(s.root(), dm.date)
	k = hmacSum(k, s.service)
	k = hmacSum(k, "tc3_request")
	dm.mac = hmac.New(sha256.New, k)
	return dm
}

func hmacSum(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// hexPairs holds the two lower-case hex digits of every byte value.
const hexPairs = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"

// appendHex appends the lower-case hex encoding of src to dst, two digits
// per table lookup.
func appendHex(dst, src []byte) []byte {
	for _, b := range src {
		i := int(b) * 2
		dst = append(dst, hexPairs[i], hexPairs[i+1])
	}
	return dst
}

func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// Authorization is a parsed Authorization header.
type Authorization struct {
	SecretID      string
	Date          string // YYYY-MM-DD from the credential scope
	Service       string
	SignedHeaders string
	Signature     string // lower-case hex
}

// ErrMalformedAuthorization is returned by ParseAuthorization for a
// header that is not a TC3-HMAC-SHA256 Authorization.
var ErrMalformedAuthorization = errors.New("malformed TC3-HMAC-SHA256 Authorization header: want \"TC3-HMAC-SHA256 Credential=<SecretId>/<date>/<service>/tc3_request, SignedHeaders=<headers>, Signature=<hex>\"")

// ParseAuthorization parses an Authorization header of the form
// "TC3-HMAC-SHA256 Credential=<SecretId>/<date>/<service>/tc3_request,
// SignedHeaders=<h1;h2>, Signature=<hex>". Servers use it; clients do not.
// It fails with ErrMalformedAuthorization for anything else, or a header
// over 1 KiB; it checks the form only, not the date, service or headers.
func ParseAuthorization(h string) (Authorization, error) {
	var a Authorization
	rest, ok := strings.CutPrefix(h, Algorithm+" ")
	if !ok || len(h) > 1024 {
		return a, ErrMalformedAuthorization
	}
	parts := strings.Split(rest, ",")
	if len(parts) != 3 {
		return a, ErrMalformedAuthorization
	}
	cred, ok1 := strings.CutPrefix(strings.TrimSpace(parts[0]), "Credential=")
	signed, ok2 := strings.CutPrefix(strings.TrimSpace(parts[1]), "SignedHeaders=")
	sig, ok3 := strings.CutPrefix(strings.TrimSpace(parts[2]), "Signature=")
	if !ok1 || !ok2 || !ok3 {
		return a, ErrMalformedAuthorization
	}
	scope := strings.Split(cred, "/")
	if len(scope) != 4 || scope[3] != "tc3_request" || scope[0] == "" {
		return a, ErrMalformedAuthorization
	}
	return Authorization{SecretID: scope[0], Date: scope[1], Service: scope[2], SignedHeaders: signed, Signature: sig}, nil
}
