package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Edge tests: each holds a documented rule no other test held (a mutation
// survey found them), with expectations from the command's documentation and vectors.json.

// TestDecodeExpiredField: decode's --now is the "time for the
// "expired" field"; hmac-01 (time 1700000000, expire 15552000) is valid up
// to and including time+expire (its verify cases).
func TestDecodeExpiredField(t *testing.T) {
	t.Parallel()
	cases := []struct {
		now     string
		expired bool
	}{
		{"1700000000", false},
		{"1715552000", false},
		{"1715552001", true},
		{"2030-01-01T00:00:00Z", true},
	}
	for _, c := range cases {
		t.Run(c.now, func(t *testing.T) {
			t.Parallel()
			r := runCmd(t, nil, "decode", "--now", c.now, readmeSig)
			require.Equal(t, 0, r.code, r.stderr)
			var got map[string]any
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &got))
			assert.Equal(t, c.expired, got["expired"])
			assert.Equal(t, 1715552000.0, got["expires_unix"])
		})
	}
}

// TestFlagLimits: the usage line makes --userbuf-hex and
// --privatemap exclusive; --privileges is the PrivateMap buffer's u32
// privilegeMap (SPEC.md §2), so a value beyond 32 bits is a usage error,
// not truncated.
func TestFlagLimits(t *testing.T) {
	t.Parallel()
	gen := []string{"gen", "--app", "1400000000", "--user", "xiaojun", "--issued", "1700000000", "--room", "10000"}
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"--privileges 2^32-1", append(gen[:len(gen):len(gen)], "--privileges", "4294967295"), 0},
		{"--privileges 2^32", append(gen[:len(gen):len(gen)], "--privileges", "4294967296"), 2},
		{"--privileges 2^32+255", append(gen[:len(gen):len(gen)], "--privileges", "4294967551"), 2},
		{"--privatemap alone", []string{"verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", "--privatemap", expectedSig(t, "hmac-13-pmk-numeric-room")}, 0},
		{"--privatemap with --userbuf-hex", []string{"verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", "--privatemap", "--userbuf-hex", "00", expectedSig(t, "hmac-13-pmk-numeric-room")}, 2},
		{"--privatemap with --userbuf-hex=", []string{"verify", "--app", "1400000000", "--user", "xiaojun", "--now", "1700000000", "--privatemap", "--userbuf-hex=", expectedSig(t, "hmac-13-pmk-numeric-room")}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := runCmd(t, hmacEnv(), c.args...)
			assert.Equal(t, c.code, r.code, r.stderr)
			if c.code == 0 {
				assert.NotEmpty(t, r.stdout)
			} else {
				assert.Empty(t, r.stdout)
			}
		})
	}
}

// overlong is standard input that never ends, and fails once more than
// limit bytes were read from it.
type overlong struct{ read, limit int }

var errReadTooFar = errors.New("read too far")

func (o *overlong) Read(p []byte) (int, error) {
	if o.read > o.limit {
		return 0, errReadTooFar
	}
	for i := range p {
		p[i] = 'A'
	}
	o.read += len(p)
	return len(p), nil
}

// TestStdinIsBounded: a UserSig is at most 32 KiB (usersig's
// documentation), so "-" does not read standard input without bound: an
// endless input (such as /dev/zero) is refused as a UserSig, after at most
// a few MiB.
func TestStdinIsBounded(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
	}{
		{"decode", []string{"decode", "-"}},
		{"verify", []string{"verify", "--app", "1400000000", "--user", "xiaojun", "-"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := &overlong{limit: 8 << 20}
			var out, errOut bytes.Buffer
			code := run(c.args, func(k string) string { return hmacEnv()[k] }, in, &out, &errOut)
			assert.Equal(t, 1, code, errOut.String())
			assert.LessOrEqual(t, in.read, in.limit)
			assert.NotContains(t, errOut.String(), errReadTooFar.Error())
			assert.Less(t, errOut.Len(), 4096)
			assert.Empty(t, out.String())
		})
	}
}
