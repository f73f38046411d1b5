package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Values of vector hmac-01 (official Go library output with a pinned
// clock); the other vectors are read from usersig/testdata.
const (
	readmeKey = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
	readmeSig = "eAEArABT-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMuc2lnIjoiTHZBN2QvSXc3Z1NzbnNrdlZ6QkRQT0NDRGJ1TkN3NEdId1RDMGJpcCtCND0ifQoBAAD--9-DMfw_"
)

type result struct {
	code           int
	stdout, stderr string
}

func runCmd(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	return runCmdIn(t, "", env, args...)
}

// runCmdIn is runCmd with in as standard input.
func runCmdIn(t *testing.T, in string, env map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, func(k string) string { return env[k] }, strings.NewReader(in), &out, &errOut)
	r := result{code: code, stdout: out.String(), stderr: errOut.String()}
	for _, secret := range []string{readmeKey, "MHcCAQEEIHu8zGfpauyNJ0eMT8tq9FMARsYhcGPnd1Q"} {
		assert.NotContains(t, r.stderr, secret, "a key leaked to stderr")
		assert.NotContains(t, r.stdout, secret, "a key leaked to stdout")
	}
	assert.NotContains(t, r.stderr, readmeSig, "a UserSig leaked to stderr")
	// One prefix, and advice in terms of the command, not of the Go API.
	for _, s := range []string{"usersig: usersig:", "rejected: usersig:", "VerifyAt", "VerifyUserBufAt", "VerifyPrivateMapKeyAt", "NewHMAC", "NewECDSA", "WithCompressionLevel", "PrivateMap."} {
		assert.NotContains(t, r.stderr, s)
	}
	return r
}

func hmacEnv() map[string]string { return map[string]string{"IM_SECRET_KEY": readmeKey} }

type vectorFile struct {
	HMAC []struct {
		ID          string `json:"id"`
		ExpectedSig string `json:"expected_sig"`
		Other       map[string]struct {
			Sig string `json:"sig"`
		} `json:"other_official_outputs"`
	} `json:"hmac"`
	ECDSAKeys []struct {
		ID        string `json:"id"`
		PrivSEC1  string `json:"private_key_sec1_pem"`
		PrivPKCS8 string `json:"private_key_pkcs8_pem"`
		PublicPEM string `json:"public_key_pem"`
	} `json:"ecdsa_keys"`
}

func loadVectors(t *testing.T) vectorFile {
	t.Helper()
	b, err := os.ReadFile("../../usersig/testdata/vectors.json")
	require.NoError(t, err)
	var v vectorFile
	require.NoError(t, json.Unmarshal(b, &v))
	return v
}

func expectedSig(t *testing.T, id string) string {
	for _, h := range loadVectors(t).HMAC {
		if h.ID == id {
			return h.ExpectedSig
		}
	}
	t.Fatalf("no vector %s", id)
	return ""
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

func TestGenMatchesOfficialVectors(t *testing.T) {
	t.Parallel()
	userBufSig := expectedSig(t, "hmac-10-userbuf-abc")
	keyFile := writeFile(t, "key", readmeKey+"\n")
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"env key", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "xiaojun", "--issued", "1700000000"}, readmeSig},
		{"key file", nil, []string{"gen", "--key-file", keyFile, "--app", "1400000000", "--user", "xiaojun", "--ttl", "15552000", "--issued", "2023-11-14T22:13:20Z"}, readmeSig},
		{"userbuf", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "xiaojun", "--issued", "1700000000", "--userbuf-hex", "616263"}, userBufSig},
		{"numeric room", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "xiaojun", "--issued", "1700000000", "--room", "10000"}, expectedSig(t, "hmac-13-pmk-numeric-room")},
		{"string room", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "xiaojun", "--issued", "1700000000", "--room-str", "1000000040", "--privileges", "255"}, expectedSig(t, "hmac-15-pmk-string-room")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := runCmd(t, c.env, c.args...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Equal(t, c.want+"\n", r.stdout)
			assert.Empty(t, r.stderr)
		})
	}
}

func TestVerify(t *testing.T) {
	t.Parallel()
	userBufSig := expectedSig(t, "hmac-10-userbuf-abc")
	pmk := expectedSig(t, "hmac-13-pmk-numeric-room")
	cases := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"ok", []string{"verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", readmeSig}, 0, `"user": "xiaojun"`},
		{"flags after sig", []string{"verify", readmeSig, "--app", "1400000000", "--user", "xiaojun", "--now", "1715552000"}, 0, `"expired": false`},
		{"expired", []string{"verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1715552001", readmeSig}, 1, "expired at 2024-05-12T22:13:20Z"},
		{"wrong user", []string{"verify", "--app", "1400000000", "--user", "bob", "--now", "1700000000", readmeSig}, 1, `issued to UserID "xiaojun", not "bob"`},
		{"wrong app", []string{"verify", "--app", "1400000001", "--user", "xiaojun", "--now", "1700000000", readmeSig}, 1, "SDKAppID 1400000000, not 1400000001"},
		{"userbuf", []string{"verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", "--userbuf-hex", "616263", userBufSig}, 0, `"userbuf_hex": "616263"`},
		{"userbuf expected", []string{"verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", userBufSig}, 1, "carries a userbuf"},
		{"privatemap expected", []string{"verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", pmk}, 1, "verify it with --privatemap or --userbuf-hex HEX"},
		{"sig in spaces", []string{"verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", " " + readmeSig + " \n"}, 0, `"user": "xiaojun"`},
		{"truncated", []string{"verify", "--app", "1400000000", "--user", "xiaojun", readmeSig[:len(readmeSig)-1]}, 1, "probably truncated"},
		{"privatemap", []string{"verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", "--privatemap", pmk}, 0, `"room_id": 10000`},
		{"privatemap of another userbuf", []string{"verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", "--privatemap", userBufSig}, 1, "not a PrivateMapKey: verify it with --userbuf-hex HEX"},
		{"privatemap without userbuf", []string{"verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", "--privatemap", readmeSig}, 1, "carries no userbuf"},
		{"malformed", []string{"verify", "--app", "1400000000", "--user", "xiaojun", "not-a-sig"}, 1, "malformed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := runCmd(t, hmacEnv(), c.args...)
			require.Equal(t, c.code, r.code, "stdout %s stderr %s", r.stdout, r.stderr)
			assert.Contains(t, r.stdout+r.stderr, c.contains)
			if c.code != 0 {
				assert.Empty(t, r.stdout)
				assert.NotContains(t, r.stderr, readmeSig, "the UserSig is not echoed")
			}
		})
	}
	r := runCmd(t, map[string]string{"IM_SECRET_KEY": "another key"}, "verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", readmeSig)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "signature does not match")
}

// TestVerifyEmptyUserBuf: the official Python and Node libraries sign an
// empty userbuf ("TLS.userbuf":""); --userbuf-hex= given empty expects
// exactly that, and the advice without it says so.
func TestVerifyEmptyUserBuf(t *testing.T) {
	t.Parallel()
	var sig string
	for _, h := range loadVectors(t).HMAC {
		if h.ID == "hmac-20-empty-userbuf" {
			sig = h.Other["python-v2"].Sig
		}
	}
	require.NotEmpty(t, sig)
	args := []string{"verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000"}
	r := runCmd(t, hmacEnv(), append(args, "--userbuf-hex=", sig)...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"userbuf_hex": ""`)
	r = runCmd(t, hmacEnv(), append(args, sig)...)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "--userbuf-hex= for an empty one")
	r = runCmd(t, hmacEnv(), append(args, "--userbuf-hex=", readmeSig)...)
	assert.Equal(t, 1, r.code, "a UserSig without a userbuf is not one with an empty userbuf")
	assert.Contains(t, r.stderr, "carries no userbuf")
}

func TestDecode(t *testing.T) {
	t.Parallel()
	r := runCmd(t, nil, "decode", "--now", "1700000000", expectedSig(t, "hmac-15-pmk-string-room"))
	require.Equal(t, 0, r.code, r.stderr)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &got))
	assert.Equal(t, "HMAC-SHA256", got["algorithm"])
	assert.Equal(t, 1400000000.0, got["app"])
	assert.Equal(t, "xiaojun", got["user"])
	assert.Equal(t, "2023-11-14T22:13:20Z", got["issued"])
	assert.Equal(t, "2024-05-12T22:13:20Z", got["expires"])
	assert.Equal(t, false, got["expired"])
	assert.Equal(t, "0100077869616f6a756e53724e000000000066413f00000000ff00000000000a31303030303030303430", got["userbuf_hex"])
	pm, ok := got["privatemap"].(map[string]any)
	require.True(t, ok, r.stdout)
	assert.Equal(t, "1000000040", pm["room_str"])
	assert.Equal(t, 255.0, pm["privileges"])
	assert.Equal(t, "xiaojun", pm["user"])

	r = runCmd(t, nil, "decode", readmeSig)
	require.Equal(t, 0, r.code)
	assert.NotContains(t, r.stdout, "privatemap")
	assert.NotContains(t, r.stdout, "userbuf")

	r = runCmd(t, nil, "decode", "eyJUTFMudmVyIjoiMi4wIn0_")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "invalid zlib header")
}

func TestDecodeStdin(t *testing.T) {
	t.Parallel()
	r := runCmdIn(t, readmeSig+"\n", nil, "decode", "-")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"user": "xiaojun"`)
}

func TestECDSA(t *testing.T) {
	t.Parallel()
	for _, k := range loadVectors(t).ECDSAKeys {
		if k.PrivSEC1 == "" {
			continue
		}
		t.Run(k.ID, func(t *testing.T) {
			t.Parallel()
			priv := writeFile(t, "priv.pem", k.PrivSEC1)
			pub := writeFile(t, "pub.pem", k.PublicPEM)
			r := runCmd(t, nil, "gen", "--key-file", priv, "--app", "1400000000", "--user", "admin", "--ttl", "24h", "--issued", "1700000000")
			require.Equal(t, 0, r.code, r.stderr)
			sig := strings.TrimSpace(r.stdout)
			r = runCmd(t, nil, "verify", "--key-file", pub, "--app", "1400000000", "--user", "admin", "--now", "1700086400", sig)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, `"algorithm": "ECDSA-SHA256"`)
			r = runCmd(t, map[string]string{"IM_SECRET_KEY": k.PublicPEM}, "verify", "--app", "1400000000", "--user", "admin", "--now", "1700086401", sig)
			assert.Equal(t, 1, r.code)
			assert.Contains(t, r.stderr, "expired")
			// The private key verifies too, with its public key.
			r = runCmd(t, nil, "verify", "--key-file", priv, "--app", "1400000000", "--user", "admin", "--now", "1700086400", sig)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, `"algorithm": "ECDSA-SHA256"`)
			// The console's PKCS#8 form ("BEGIN PRIVATE KEY", SPEC.md §3)
			// signs and verifies as the SEC1 form does.
			if k.PrivPKCS8 != "" {
				pkcs8 := writeFile(t, "pkcs8.pem", k.PrivPKCS8)
				r = runCmd(t, nil, "gen", "--key-file", pkcs8, "--app", "1400000000", "--user", "admin", "--ttl", "24h", "--issued", "1700000000")
				require.Equal(t, 0, r.code, r.stderr)
				sig8 := strings.TrimSpace(r.stdout)
				for _, key := range []string{pub, pkcs8} {
					r = runCmd(t, nil, "verify", "--key-file", key, "--app", "1400000000", "--user", "admin", "--now", "1700086400", sig8)
					require.Equal(t, 0, r.code, r.stderr)
					assert.Contains(t, r.stdout, `"algorithm": "ECDSA-SHA256"`)
				}
			}
			// The public key does not sign.
			r = runCmd(t, nil, "gen", "--key-file", pub, "--app", "1400000000", "--user", "admin")
			assert.Equal(t, 2, r.code)
			assert.Contains(t, r.stderr, "usersig: gen needs the app's private key PEM; a public key only verifies\n")
			// A file of both keys is read by its first key block, as
			// the library reads it: public first verifies, and does not sign.
			both := writeFile(t, "both.pem", k.PublicPEM+k.PrivSEC1)
			r = runCmd(t, nil, "verify", "--key-file", both, "--app", "1400000000", "--user", "admin", "--now", "1700086400", sig)
			require.Equal(t, 0, r.code, r.stderr)
			r = runCmd(t, nil, "gen", "--key-file", both, "--app", "1400000000", "--user", "admin")
			assert.Equal(t, 2, r.code)
			assert.Contains(t, r.stderr, "a public key only verifies")
			// An HMAC key cannot check a legacy ticket, nor the reverse.
			r = runCmd(t, hmacEnv(), "verify", "--app", "1400000000", "--user", "admin", "--now", "1700000000", sig)
			assert.Equal(t, 1, r.code)
			assert.Contains(t, r.stderr, "usersig: rejected: wrong algorithm: ")
			assert.Contains(t, r.stderr, "public key PEM (--key-file)")
			r = runCmd(t, nil, "verify", "--key-file", pub, "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", readmeSig)
			assert.Equal(t, 1, r.code)
			assert.Contains(t, r.stderr, "secret key (IM_SECRET_KEY or --key-file)")
		})
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		env      map[string]string
		args     []string
		contains string
	}{
		{"no args", nil, nil, "usage:"},
		{"unknown command", nil, []string{"sign"}, `unknown command "sign"; the commands are gen, verify and decode`},
		{"a UserSig as the command", nil, []string{readmeSig}, "unknown command (an argument of "},
		{"no key", nil, []string{"gen", "--app", "1400000000", "--user", "a"}, "no key: set --key-file FILE or the IM_SECRET_KEY"},
		{"key on argv", nil, []string{"gen", "--key", readmeKey, "--app", "1400000000", "--user", "a"}, "flag provided but not defined: -key"},
		{"key in bad flag syntax", nil, []string{"gen", "---key=" + readmeKey, "--app", "1400000000", "--user", "a"}, "bad flag syntax: ---key=[redacted]"},
		{"key flag hint", nil, []string{"verify", "--secret=" + readmeKey, readmeSig}, "keys are never taken from the command line: set IM_SECRET_KEY or --key-file FILE"},
		{"key as argument", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", readmeKey}, "gen takes no arguments, got 1 ("},
		{"zero ttl", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--ttl", "0"}, `--ttl "0": the validity must be greater than zero`},
		{"negative ttl", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--ttl", "-5"}, `--ttl "-5": the validity must be greater than zero`},
		{"zero days", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--ttl", "0d"}, "must be greater than zero"},
		// Counts whose nanoseconds overflow a time.Duration: 2^55+86400
		// seconds wrapped around to exactly one day, and signed.
		{"seconds overflow to a day", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--ttl", "36028797019050368"}, `--ttl "36028797019050368" is out of range`},
		{"seconds overflow", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--ttl", "10000000000"}, `--ttl "10000000000" is out of range`},
		{"days overflow", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--ttl", "213600d"}, `--ttl "213600d" is out of range`},
		{"beyond int64", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--ttl", "99999999999999999999"}, "is out of range"},
		{"negative days", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--ttl", "-5d"}, "must be greater than zero"},
		{"privileges without room", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--privileges", "42"}, "--privileges needs a room"},
		{"privileges with room 0", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--room", "0", "--privileges", "255"}, "--privileges needs a room"},
		{"unknown verify flag", nil, []string{"verify", readmeSig, "--bogus"}, "flag provided but not defined: -bogus"},
		{"bad flag value", nil, []string{"gen", "--level", "high"}, `invalid value "high" for flag -level`},
		// A key pasted into a typed flag: runCmd checks it is not echoed.
		{"key as the room", nil, []string{"gen", "--app", "1400000000", "--user", "a", "--room", readmeKey}, "for flag -room"},
		{"key as the app", hmacEnv(), []string{"verify", "--app", readmeKey, "--user", "a", readmeSig}, "--app (an argument of "},
		{"key as the ttl", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--ttl", readmeKey}, "--ttl (an argument of "},
		{"key as the time", hmacEnv(), []string{"verify", "--app", "1400000000", "--user", "a", "--now", readmeKey, readmeSig}, "--now (an argument of "},
		{"missing app", hmacEnv(), []string{"gen", "--user", "a"}, "--app is required"},
		{"missing user", hmacEnv(), []string{"gen", "--app", "1400000000"}, "--user is required"},
		{"bad ttl", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--ttl", "soon"}, `--ttl "soon"`},
		{"bad time", hmacEnv(), []string{"verify", "--app", "1400000000", "--user", "a", "--now", "yesterday", readmeSig}, `--now "yesterday"`},
		{"two sigs", hmacEnv(), []string{"verify", "--app", "1400000000", "--user", "a", readmeSig, readmeSig}, "exactly one UserSig"},
		{"no sig", nil, []string{"decode"}, "exactly one UserSig"},
		{"broken PEM", map[string]string{"IM_SECRET_KEY": "-----BEGIN EC PRIVATE KEY-----\nMHcCAQ"}, []string{"gen", "--app", "1400000000", "--user", "a"}, "the key starts a PEM block but is not one"},
		{"missing key file", nil, []string{"gen", "--key-file", "/nonexistent/key", "--app", "1", "--user", "a"}, "reading --key-file"},
		// The key given where its file belongs: runCmd checks it is not echoed.
		{"key as the key file", nil, []string{"gen", "--key-file", readmeKey, "--app", "1", "--user", "a"}, "reading --key-file"},
		{"bad app", hmacEnv(), []string{"gen", "--app", "0", "--user", "a"}, "usersig: SDKAppID 0 is out of range"},
		{"bad level", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--level", "11"}, "level 11"},
		{"pmk and userbuf", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--room", "1", "--userbuf-hex", "00"}, "cannot be combined"},
		{"long string room", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--room-str", strings.Repeat("r", 1025)}, "--room-str is 1025 bytes; a string room is at most 1024"},
		{"both rooms", hmacEnv(), []string{"gen", "--app", "1400000000", "--user", "a", "--room", "1", "--room-str", "r"}, "--room and --room-str are exclusive"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := runCmd(t, c.env, c.args...)
			assert.Equal(t, 2, r.code, r.stderr)
			assert.Equal(t, 1, strings.Count(r.stderr, c.contains), "the error once: %s", r.stderr)
			assert.Equal(t, 1, strings.Count(r.stderr, "usage:")+strings.Count(r.stderr, "Usage of "), "the usage once: %s", r.stderr)
			assert.Empty(t, r.stdout)
		})
	}
	r := runCmd(t, nil, "help")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "usersig gen")

	// The key hint comes before the flag list, where it is read.
	r = runCmd(t, nil, "gen", "--key", readmeKey, "--app", "1400000000", "--user", "a")
	hint := strings.Index(r.stderr, "keys are never taken from the command line")
	usage := max(strings.Index(r.stderr, "usage:"), strings.Index(r.stderr, "Usage of "))
	require.GreaterOrEqual(t, hint, 0, r.stderr)
	assert.Less(t, hint, usage, "the hint before the usage: %s", r.stderr)
}

// TestGenRefused: tokens the signer refuses exit with status 1.
func TestGenRefused(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"--ttl", "1500ms"},
		{"--user", "a\nb"},
	} {
		r := runCmd(t, hmacEnv(), append([]string{"gen", "--app", "1400000000", "--user", "xiaojun"}, args...)...)
		assert.Equal(t, 1, r.code, "%v: %s", args, r.stderr)
		assert.Contains(t, r.stderr, "usersig: rejected: cannot sign: ", args)
	}
}

// TestKeyFileLimit checks that --key-file is read up to 64 KiB: a file of
// exactly 64 KiB is used as the key, a longer one (or an endless device)
// is refused as a usage error that gives the limit and names the right
// file, without the file's contents.
func TestKeyFileLimit(t *testing.T) {
	t.Parallel()
	var pemKey string
	for _, k := range loadVectors(t).ECDSAKeys {
		if strings.Contains(k.PrivSEC1, "MHcCAQEEIHu8zGfpauyNJ0eMT8tq9FMARsYhcGPnd1Q") {
			pemKey = k.PrivSEC1
		}
	}
	require.NotEmpty(t, pemKey, "the vectors hold the SEC1 key runCmd looks for")
	const limit = 64 << 10
	for _, tc := range []struct {
		name    string
		path    func(t *testing.T) string
		code    int
		refused bool // with the size error
	}{
		{"64 KiB exactly", func(t *testing.T) string { return writeFile(t, "key", strings.Repeat("a", limit)) }, 0, false},
		{"64 KiB and a byte", func(t *testing.T) string { return writeFile(t, "key", strings.Repeat("a", limit+1)) }, 2, true},
		{"an HMAC key padded past the limit", func(t *testing.T) string {
			return writeFile(t, "key", readmeKey+strings.Repeat("\n", limit))
		}, 2, true},
		{"a PEM key padded past the limit", func(t *testing.T) string {
			return writeFile(t, "key.pem", pemKey+strings.Repeat(" ", limit))
		}, 2, true},
		{"an endless device", func(t *testing.T) string {
			if _, err := os.Stat("/dev/zero"); err != nil {
				t.Skip("no /dev/zero")
			}
			return "/dev/zero"
		}, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runCmd(t, nil, "gen", "--key-file", tc.path(t), "--app", "1400000000", "--user", "xiaojun", "--issued", "1700000000")
			require.Equal(t, tc.code, r.code, r.stderr)
			says := "usersig: --key-file is larger than 65536 bytes (64 KiB), too large for a key: pass the file that holds only the app's key"
			if !tc.refused {
				assert.NotContains(t, r.stderr, "larger than")
				return
			}
			assert.Equal(t, 1, strings.Count(r.stderr, says), r.stderr)
			assert.Empty(t, r.stdout)
			assert.NotContains(t, r.stderr, "aaaa", "the file's contents are not shown")
		})
	}
}
