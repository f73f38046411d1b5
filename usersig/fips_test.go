package usersig

import (
	"crypto/fips140"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShortKeysInFIPSOnlyMode: under GODEBUG=fips140=only crypto/hmac
// panics on keys under 112 bits, so the constructors refuse them instead
// of returning a Signer or Verifier whose every call panics. The test runs
// itself again in that mode.
func TestShortKeysInFIPSOnlyMode(t *testing.T) {
	t.Parallel()
	if !fips140.Enforced() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestShortKeysInFIPSOnlyMode$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "GODEBUG=fips140=only")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		assert.Contains(t, string(out), "--- PASS: TestShortKeysInFIPSOnlyMode")
		return
	}
	_, err := NewHMACVerifier(testApp, "short-key")
	require.ErrorContains(t, err, "FIPS 140-only mode")
	_, err = NewHMACSigner(testApp, "short-key")
	require.ErrorContains(t, err, "FIPS 140-only mode")
	assert.NotContains(t, err.Error(), "short-key")

	key := strings.Repeat("k", 14)
	s, err := NewHMACSigner(testApp, key)
	require.NoError(t, err)
	sig, err := s.Sign("alice", time.Hour)
	require.NoError(t, err)
	v, err := NewHMACVerifier(testApp, key)
	require.NoError(t, err)
	_, err = v.Verify(sig, "alice")
	require.NoError(t, err)
}
