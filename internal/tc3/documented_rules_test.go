package tc3_test

// Rules of docs/protocol.md (TC3-HMAC-SHA256) the vectors do not reach.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/internal/tc3"
)

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
