package tc3_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/internal/tc3"
	"github.com/imconsole/imconsole/internal/testkit"
)

type tc3Vector struct {
	ID            string `json:"id"`
	SecretID      string `json:"secret_id"`
	SecretKey     string `json:"secret_key"`
	Method        string `json:"method"`
	Host          string `json:"host"`
	Path          string `json:"path"`
	Query         string `json:"query"`
	Service       string `json:"service"`
	Action        string `json:"action"`
	Timestamp     int64  `json:"timestamp"`
	ContentType   string `json:"content_type"`
	Body          string `json:"body"`
	SignedHeaders string `json:"signed_headers"`
	Signature     string `json:"signature"`
	Authorization string `json:"authorization"`

	HashedPayload          string `json:"hashed_payload"` // vector A only
	CanonicalRequest       string `json:"canonical_request"`
	StringToSign           string `json:"string_to_sign"`
	HashedCanonicalRequest string `json:"hashed_canonical_request"`
}

// request is the vector's request, signed with the SignedHeaders list it
// names.
func (v tc3Vector) request() *tc3.Request {
	return &tc3.Request{
		Method: v.Method, Host: v.Host, Path: v.Path, Query: v.Query,
		ContentType: v.ContentType, Action: v.Action,
		SignAction: strings.HasSuffix(v.SignedHeaders, "x-tc-action"),
		Payload:    []byte(v.Body), Timestamp: v.Timestamp,
	}
}

func loadTC3Vectors(t testing.TB) []tc3Vector {
	t.Helper()
	raw, err := os.ReadFile("testdata/tc3_vectors.json")
	require.NoError(t, err)
	var f struct{ Vectors []tc3Vector }
	require.NoError(t, json.Unmarshal(raw, &f))
	require.Len(t, f.Vectors, 3)
	return f.Vectors
}

func TestSignerReproducesTencentVectors(t *testing.T) {
	t.Parallel()
	for _, v := range loadTC3Vectors(t) {
		t.Run(v.ID, func(t *testing.T) {
			t.Parallel()
			s := tc3.NewSigner(v.SecretID, v.SecretKey, v.Service)
			r := v.request()
			assert.Equal(t, v.Signature, s.Signature(r))
			assert.Equal(t, v.Authorization, s.Authorization(r))
			assert.True(t, s.Verify(r, v.Signature))
			assert.False(t, s.Verify(r, strings.Repeat("0", 64)))

			a, err := tc3.ParseAuthorization(v.Authorization)
			require.NoError(t, err)
			assert.Equal(t, v.SecretID, a.SecretID)
			assert.Equal(t, v.Service, a.Service)
			assert.Equal(t, v.SignedHeaders, a.SignedHeaders)
			assert.Equal(t, v.Signature, a.Signature)
		})
	}
}

// TestSignerReproducesEveryStepOfTencentVectors checks the intermediate
// values of each vector too: the canonical request, its hash, the string
// to sign and (where the vector gives it) the payload hash.
func TestSignerReproducesEveryStepOfTencentVectors(t *testing.T) {
	t.Parallel()
	for _, v := range loadTC3Vectors(t) {
		t.Run(v.ID, func(t *testing.T) {
			t.Parallel()
			require.NotEmpty(t, v.CanonicalRequest)
			s := tc3.NewSigner(v.SecretID, v.SecretKey, v.Service)
			r := v.request()
			cr := tc3.CanonicalRequest(r)
			assert.Equal(t, v.CanonicalRequest, cr)
			assert.Equal(t, v.HashedCanonicalRequest, fmt.Sprintf("%x", sha256.Sum256([]byte(cr))))
			assert.Equal(t, v.StringToSign, s.StringToSign(r))
			assert.Equal(t, v.SignedHeaders, tc3.SignedHeaders(r))
			if v.HashedPayload != "" {
				assert.True(t, strings.HasSuffix(cr, "\n"+v.HashedPayload))
			}
		})
	}
}

// TestSignerSignsAnyHeaderList: Tencent's SDKs sign content-type;host and
// sometimes more headers (cloud-api-facts); with Request.Headers a Signer
// signs any list, values lower-cased but content-type's and host's, as
// the vectors sign x-tc-action.
func TestSignerSignsAnyHeaderList(t *testing.T) {
	t.Parallel()
	vs := loadTC3Vectors(t)
	for _, v := range vs {
		t.Run(v.ID+" as a header list", func(t *testing.T) {
			t.Parallel()
			s := tc3.NewSigner(v.SecretID, v.SecretKey, v.Service)
			r := v.request()
			r.Headers = []tc3.Header{{Name: "content-type", Value: v.ContentType}, {Name: "host", Value: v.Host}}
			if r.SignAction {
				r.Headers = append(r.Headers, tc3.Header{Name: "x-tc-action", Value: v.Action})
			}
			r.Host, r.ContentType, r.Action, r.SignAction = "ignored", "ignored", "ignored", false
			assert.Equal(t, v.CanonicalRequest, tc3.CanonicalRequest(r))
			assert.Equal(t, v.Signature, s.Signature(r))
			assert.Equal(t, v.Authorization, s.Authorization(r))
		})
	}
	t.Run("more headers", func(t *testing.T) {
		t.Parallel()
		v := vs[1]
		s := tc3.NewSigner(v.SecretID, v.SecretKey, v.Service)
		r := v.request()
		r.Headers = []tc3.Header{
			{Name: "content-type", Value: v.ContentType}, {Name: "host", Value: v.Host},
			{Name: "x-tc-action", Value: "DescribeInstances"}, {Name: "x-tc-timestamp", Value: "1551113065"}, {Name: "x-tc-version", Value: "2017-03-12"},
		}
		want := "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n" +
			"x-tc-action:describeinstances\nx-tc-timestamp:1551113065\nx-tc-version:2017-03-12\n\n" +
			"content-type;host;x-tc-action;x-tc-timestamp;x-tc-version\n" + v.payloadHash()
		assert.Equal(t, want, tc3.CanonicalRequest(r))
		assert.Contains(t, s.Authorization(r), "SignedHeaders=content-type;host;x-tc-action;x-tc-timestamp;x-tc-version, Signature="+s.Signature(r))
		assert.True(t, s.Verify(r, s.Signature(r)))
		assert.NotEqual(t, v.Signature, s.Signature(r))
	})
}

// payloadHash is the hex SHA-256 of the vector's body.
func (v tc3Vector) payloadHash() string { return fmt.Sprintf("%x", sha256.Sum256([]byte(v.Body))) }

func TestParseSignedHeaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		list string
		ok   bool
	}{
		{"content-type;host", true},
		{"content-type;host;x-tc-action", true},
		{"accept;content-type;host;x-tc-timestamp", true},
		{"host", false},
		{"content-type", false},
		{"host;content-type", false},               // not ascending
		{"content-type;host;host", false},          // twice
		{"Content-Type;host", false},               // not lower-case
		{"content-type;;host", false},              // empty name
		{"content-type;host;x tc", false},          // not a header name
		{"authorization;content-type;host", false}, // holds the signature
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.list, func(t *testing.T) {
			t.Parallel()
			names, err := tc3.ParseSignedHeaders(tt.list)
			if !tt.ok {
				assert.ErrorIs(t, err, tc3.ErrSignedHeaders)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.list, strings.Join(names, ";"))
		})
	}
}

func TestSignerCachesKeyPerDate(t *testing.T) {
	t.Parallel()
	v := loadTC3Vectors(t)[0]
	s := tc3.NewSigner(v.SecretID, v.SecretKey, v.Service)
	r := &tc3.Request{Method: v.Method, Host: v.Host, Path: v.Path, ContentType: v.ContentType, Payload: []byte(v.Body), Timestamp: v.Timestamp}
	// A signature on another day uses another derived key; then the first day again.
	next := *r
	next.Timestamp += 86400
	assert.NotEqual(t, s.Signature(r), s.Signature(&next))
	assert.Equal(t, v.Signature, s.Signature(r))
}

func TestParseAuthorizationRejectsMalformed(t *testing.T) {
	t.Parallel()
	for _, h := range []string{
		"",
		"Bearer abc",
		"TC3-HMAC-SHA256 Credential=a/b/c/tc3_request",
		"TC3-HMAC-SHA256 Credential=a/b/c, SignedHeaders=host, Signature=00",
		"TC3-HMAC-SHA256 Credential=/2019-01-01/im/tc3_request, SignedHeaders=host, Signature=00",
		"TC3-HMAC-SHA256 Cred=a/b/c/tc3_request, SignedHeaders=host, Signature=00",
		"TC3-HMAC-SHA256 " + strings.Repeat("x", 2000),
	} {
		_, err := tc3.ParseAuthorization(h)
		assert.ErrorIs(t, err, tc3.ErrMalformedAuthorization, h)
	}
}

// TestSignerStringHidesSecretKey: a Signer, also one that has signed (its
// pool holds the derived key), shows no SecretKey however it is printed,
// logged or encoded (testkit.Render), alone or nested, in an exported or
// an unexported field (which fmt walks without calling String).
func TestSignerStringHidesSecretKey(t *testing.T) {
	t.Parallel()
	s := tc3.NewSigner("AKIDexample", "very-secret-key", "im")
	_ = s.Authorization(typicalRequest())
	type holder struct {
		S any
		s *tc3.Signer
	}
	for _, v := range []any{s, holder{s, s}, map[string][]any{"signers": {s}}} {
		out, _ := testkit.Render(t, v)
		assert.NotContains(t, out, "very-secret-key", "%T", v)
	}
	assert.Contains(t, fmt.Sprint(s), "AKIDexample")
}

// typicalRequest is a DescribeIMApp call as the client sends it.
func typicalRequest() *tc3.Request {
	return &tc3.Request{
		Method: "POST", Host: "im.tencentcloudapi.com", Path: "/",
		ContentType: "application/json", Action: "DescribeIMApp",
		Payload:   []byte(`{"SdkAppId":1400000123}`),
		Timestamp: 1764150000,
	}
}

// BenchmarkTC3Sign measures Authorization for a typical request; compare it
// with BenchmarkTC3HashingBaseline, the hashing the algorithm cannot skip.
func BenchmarkTC3Sign(b *testing.B) {
	s := tc3.NewSigner("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "im")
	r := typicalRequest()
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Authorization(r)
	}
}

// BenchmarkTC3HashingBaseline does only the hashing TC3 requires: the
// payload hash, the canonical-request hash and the final HMAC with the
// date's derived key already cached.
func BenchmarkTC3HashingBaseline(b *testing.B) {
	r := typicalRequest()
	canonical := []byte("POST\n/\n\ncontent-type:application/json\nhost:im.tencentcloudapi.com\n\ncontent-type;host\n" +
		"0000000000000000000000000000000000000000000000000000000000000000")
	sts := []byte("TC3-HMAC-SHA256\n1764150000\n2025-11-26/im/tc3_request\n" +
		"0000000000000000000000000000000000000000000000000000000000000000")
	mac := hmac.New(sha256.New, make([]byte, 32))
	var sum [32]byte
	b.ReportAllocs()
	for b.Loop() {
		_ = sha256.Sum256(r.Payload)
		_ = sha256.Sum256(canonical)
		mac.Reset()
		mac.Write(sts)
		_ = mac.Sum(sum[:0])
	}
}

// TestParseSignedHeadersAtMost32: docs/protocol.md: a SignedHeaders list
// names "content-type and host among them (at most 32)".
func TestParseSignedHeadersAtMost32(t *testing.T) {
	t.Parallel()
	list := func(n int) string {
		names := []string{"content-type", "host"}
		for i := range n - 2 {
			names = append(names, fmt.Sprintf("x-extra-%02d", i))
		}
		return strings.Join(names, ";")
	}
	tests := []struct {
		n  int
		ok bool
	}{{2, true}, {32, true}, {33, false}}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			t.Parallel()
			names, err := tc3.ParseSignedHeaders(list(tt.n))
			if !tt.ok {
				assert.ErrorIs(t, err, tc3.ErrSignedHeaders)
				return
			}
			require.NoError(t, err)
			assert.Len(t, names, tt.n)
		})
	}
}

// TestParseAuthorizationNeedsTheTC3Scope: docs/protocol.md: the header is
// "TC3-HMAC-SHA256 Credential=<SecretId>/<date>/<service>/tc3_request,
// SignedHeaders=..., Signature=...": a scope ending otherwise does not
// parse.
func TestParseAuthorizationNeedsTheTC3Scope(t *testing.T) {
	t.Parallel()
	for _, end := range []string{"tc3_requesx", "TC3_REQUEST", "tc3_request2", ""} {
		t.Run(end, func(t *testing.T) {
			t.Parallel()
			h := "TC3-HMAC-SHA256 Credential=AKIDexample/2019-02-25/cvm/" + end + ", SignedHeaders=content-type;host, Signature=00"
			_, err := tc3.ParseAuthorization(h)
			assert.ErrorIs(t, err, tc3.ErrMalformedAuthorization)
		})
	}
}

// TestCanonicalRequestKeepsTheCaseOfContentTypeAndHost: docs/protocol.md,
// step 1: each signed header's value is "trimmed and, but for
// content-type's and host's, lower-cased", so a Host sent in capitals is
// signed in capitals (as Tencent's SDKs sign what they send).
func TestCanonicalRequestKeepsTheCaseOfContentTypeAndHost(t *testing.T) {
	t.Parallel()
	payload := "{}"
	r := &tc3.Request{
		Method: "POST", Path: "/", Payload: []byte(payload), Timestamp: 1551113065,
		Headers: []tc3.Header{
			{Name: "content-type", Value: "Application/JSON; charset=UTF-8"},
			{Name: "host", Value: "CVM.TencentCloudAPI.com"},
			{Name: "x-tc-action", Value: "DescribeInstances"},
		},
	}
	want := "POST\n/\n\ncontent-type:Application/JSON; charset=UTF-8\nhost:CVM.TencentCloudAPI.com\nx-tc-action:describeinstances\n\n" +
		"content-type;host;x-tc-action\n" + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a" // SHA-256 of "{}"
	assert.Equal(t, want, tc3.CanonicalRequest(r))
	// The default list (Host, ContentType fields) keeps them too.
	d := &tc3.Request{Method: "POST", Path: "/", Host: "CVM.TencentCloudAPI.com", ContentType: "Application/JSON", Payload: []byte(payload), Timestamp: 1551113065}
	assert.Contains(t, tc3.CanonicalRequest(d), "\ncontent-type:Application/JSON\nhost:CVM.TencentCloudAPI.com\n\n")
}

// TestVerifyNeedsTheWholeSignature: the signature is the hex HMAC-SHA256
// of the string to sign (docs/protocol.md, step 3), all 64 digits: a
// prefix of it, or it with more after it, does not verify.
func TestVerifyNeedsTheWholeSignature(t *testing.T) {
	t.Parallel()
	v := loadTC3Vectors(t)[0]
	s := tc3.NewSigner(v.SecretID, v.SecretKey, v.Service)
	r := v.request()
	require.True(t, s.Verify(r, v.Signature))
	for _, sig := range []string{"", v.Signature[:1], v.Signature[:32], v.Signature[:63], v.Signature + "0"} {
		assert.False(t, s.Verify(r, sig), "%q", sig)
	}
}
