package usersig

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Rules of SPEC.md that no vector of vectors.json exercises, each with its
// expectation taken from the spec.

// TestBase64URLRefused: SPEC.md §1, "RFC 4648 base64url (-_, no padding)
// is not this variant and is rejected/misdecoded (hmac-rej-09)". Every
// official UserSig re-encoded in base64url, padded or not, is refused.
func TestBase64URLRefused(t *testing.T) {
	t.Parallel()
	tested := 0
	for _, v := range vectors(t).HMAC {
		bin, err := base64.StdEncoding.DecodeString(tencentToStd(v.ExpectedSig))
		require.NoError(t, err)
		for name, enc := range map[string]*base64.Encoding{"raw": base64.RawURLEncoding, "padded": base64.URLEncoding} {
			sig := enc.EncodeToString(bin)
			if sig == v.ExpectedSig {
				continue // no character where the alphabets differ
			}
			tested++
			t.Run(v.ID+"/"+name, func(t *testing.T) {
				t.Parallel()
				ver, err := NewHMACVerifier(v.SDKAppID, v.Key)
				require.NoError(t, err)
				_, err = ver.VerifyAt(sig, v.Identifier, time.Unix(v.Time, 0))
				require.ErrorIs(t, err, ErrMalformed)
				_, _, err = Decode(sig)
				require.ErrorIs(t, err, ErrMalformed)
			})
		}
	}
	require.NotZero(t, tested)
}

func tencentToStd(sig string) string {
	b := []byte(sig)
	for i, c := range b {
		switch c {
		case '*':
			b[i] = '+'
		case '-':
			b[i] = '/'
		case '_':
			b[i] = '='
		}
	}
	return string(b)
}

