package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/usersig"
)

// fuzzRun is one run of the command in FuzzRun.
type fuzzRun struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

// runWith runs the command line args with the key key (in the file
// keyFile when it is not "", else in IM_SECRET_KEY) and in as standard
// input.
func runWith(args []string, key []byte, keyFile string, in []byte) fuzzRun {
	if keyFile != "" && len(args) > 0 {
		args = append([]string{args[0], "--key-file", keyFile}, args[1:]...)
	}
	env := func(name string) string {
		if name == "IM_SECRET_KEY" && keyFile == "" {
			return string(key)
		}
		return ""
	}
	var out, errOut bytes.Buffer
	start := time.Now()
	code := run(args, env, bytes.NewReader(in), &out, &errOut)
	return fuzzRun{code: code, stdout: out.String(), stderr: errOut.String(), took: time.Since(start)}
}

// fuzzSeeds returns a PEM private key and a PrivateMapKey of the
// vectors, for FuzzRun's seeds.
func fuzzSeeds(f *testing.F) (pemKey, pmk string) {
	b, err := os.ReadFile("../../usersig/testdata/vectors.json")
	require.NoError(f, err)
	var v vectorFile
	require.NoError(f, json.Unmarshal(b, &v))
	for _, k := range v.ECDSAKeys {
		if k.PrivPKCS8 != "" {
			pemKey = k.PrivPKCS8
		}
	}
	for _, h := range v.HMAC {
		if h.ID == "hmac-13-pmk-numeric-room" {
			pmk = h.ExpectedSig
		}
	}
	require.NotEmpty(f, pemKey, "a PKCS#8 key in the vectors")
	require.NotEmpty(f, pmk, "vector hmac-13-pmk-numeric-room")
	return pemKey, pmk
}

// FuzzRun runs the command with untrusted arguments (split at NUL bytes;
// any naming --key-file dropped, the harness adding its own), key (from
// IM_SECRET_KEY or a key file) and standard input. Each run ends within
// 5 s, exits 0, 1 or 2, and writes at most 64 KiB plus 8 bytes per input
// byte; a failure writes nothing to standard output, a rejection (1) one
// "usersig: rejected: " line, a usage error (2) the usage; no run of 24
// or more base64 characters of the key appears in the output, nor one of
// the standard input in standard error, unless the arguments hold it; a
// decode or verify that succeeds prints claims JSON of a known algorithm
// (verify: not expired); a UserSig gen prints decodes, and verify accepts
// it with the same key at its issue time, for its app and user (with
// --privatemap or --userbuf-hex for its userbuf).
func FuzzRun(f *testing.F) {
	pemKey, pmk := fuzzSeeds(f)
	join := func(args ...string) string { return strings.Join(args, "\x00") }
	for _, seed := range []struct {
		args      string
		key       string
		inFile    bool
		stdinText string
	}{
		{join("gen", "--app", "1400000000", "--user", "xiaojun", "--issued", "1700000000"), readmeKey, false, ""},
		{join("gen", "--app", "1400000000", "--user", "xiaojun", "--ttl", "180d", "--room-str", "room-1", "--privileges", "42"), readmeKey + "\n", true, ""},
		{join("gen", "--app", "1400000000", "--user", "admin", "--userbuf-hex", "616263", "--level", "9"), pemKey, true, ""},
		{join("verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", readmeSig), readmeKey, false, ""},
		{join("verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", "--privatemap", "-"), readmeKey, false, pmk + "\n"},
		{join("decode", "-"), "", false, readmeSig},
		{join("decode", "--now", "2024-01-02T15:04:05Z", "eyJUTFMudmVyIjoiMi4wIn0_"), "", false, ""},
		{join("gen", "---key="+readmeKey, "--app", "1", "--user", "a"), "", false, ""},
		{join("gen", "--app", "1400000000", "--user", "a"), "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIHu8zGfpauyNJ0eMT8tq9FMARsYhcGPnd1Q", true, ""},
		{join("verify", "--app", "1400000000", "--user", "a", "--now", "1700000000", "-"), readmeKey, false, strings.Repeat("eAEA", 64)},
		{join("gen", "--app", "1400000000", "--user", "a", "--ttl", "-5d"), readmeKey, false, ""},
		{join("help"), "", false, ""},
	} {
		f.Add(seed.args, []byte(seed.key), seed.inFile, []byte(seed.stdinText))
	}
	tokens := regexp.MustCompile(`[A-Za-z0-9+/]{24,}`)
	sigTokens := regexp.MustCompile(`[A-Za-z0-9*_-]{24,}`)
	f.Fuzz(func(t *testing.T, joined string, key []byte, inFile bool, in []byte) {
		var args []string
		for _, a := range strings.Split(joined, "\x00") {
			if joined != "" && !strings.Contains(a, "key-file") {
				args = append(args, a)
			}
		}
		keyFile := ""
		if inFile {
			keyFile = filepath.Join(t.TempDir(), "key")
			require.NoError(t, os.WriteFile(keyFile, key, 0o600))
		}
		r := runWith(args, key, keyFile, in)

		assert.Less(t, r.took, 5*time.Second, "a run of %s", r.took)
		require.Contains(t, []int{exitOK, exitRejected, exitUsage}, r.code)
		assert.LessOrEqual(t, len(r.stdout)+len(r.stderr), 64<<10+8*(len(joined)+len(key)+len(in)), "the output's size")
		switch r.code {
		case exitRejected:
			assert.True(t, strings.HasPrefix(r.stderr, "usersig: rejected: ") && strings.Count(r.stderr, "\n") == 1, "a rejection in one line: %q", r.stderr)
		case exitUsage:
			assert.True(t, strings.Contains(r.stderr, "usage:") || strings.Contains(r.stderr, "Usage of "), "a usage error without the usage: %q", r.stderr)
		}
		if r.code != exitOK {
			assert.Empty(t, r.stdout, "a failure printed")
		}
		for _, tok := range tokens.FindAllString(string(key), -1) {
			if !strings.Contains(joined, tok) && !bytes.Contains(in, []byte(tok)) {
				assert.NotContains(t, r.stdout+r.stderr, tok, "the key shows")
			}
		}
		for _, tok := range sigTokens.FindAllString(string(in), -1) {
			if !strings.Contains(joined, tok) && !bytes.Contains(key, []byte(tok)) {
				assert.NotContains(t, r.stderr, tok, "standard input shows in an error")
			}
		}
		if r.code != exitOK || len(args) == 0 || r.stdout == "" {
			return
		}

		switch args[0] {
		case "decode", "verify":
			var c claims
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &c), "the claims: %s", r.stdout)
			assert.Contains(t, []string{usersig.HMACSHA256.String(), usersig.ECDSASHA256.String()}, c.Algorithm)
			if args[0] == "verify" {
				assert.False(t, c.Expired, "verify accepted an expired UserSig")
			}
		case "gen":
			sig, ok := strings.CutSuffix(r.stdout, "\n")
			require.True(t, ok && !strings.Contains(sig, "\n"), "gen prints one line: %q", r.stdout)
			tok, _, err := usersig.Decode(sig)
			require.NoError(t, err, "gen printed a UserSig Decode refuses")
			verify := []string{"verify", "--app", strconv.FormatUint(tok.SDKAppID, 10), "--user", tok.UserID, "--now", strconv.FormatInt(tok.IssuedAt.Unix(), 10)}
			if _, err := usersig.ParsePrivateMap(tok.UserBuf); err == nil {
				verify = append(verify, "--privatemap")
			} else if len(tok.UserBuf) > 0 {
				verify = append(verify, "--userbuf-hex", hex.EncodeToString(tok.UserBuf))
			}
			v := runWith(append(verify, sig), key, keyFile, nil)
			require.Equal(t, exitOK, v.code, "verify refused what gen printed (%v): %s", verify, v.stderr)
			var c claims
			require.NoError(t, json.Unmarshal([]byte(v.stdout), &c))
			assert.Equal(t, tok.UserID, c.User)
		}
	})
}
