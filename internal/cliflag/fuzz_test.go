package cliflag_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/internal/cliflag"
)

// fuzzSecret stands for "KEY" in FuzzParse's arguments: an HMAC key that
// no error may show.
const fuzzSecret = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"

// fuzzFlags is a flag set with a flag of each kind the binaries define,
// its output going to out.
type fuzzFlags struct {
	fs      *flag.FlagSet
	keyFile *string
	room    *uint64
	verbose *bool
	ttl     *time.Duration
	level   *int
}

func newFuzzFlags(out io.Writer) fuzzFlags {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(out)
	return fuzzFlags{
		fs:      fs,
		keyFile: fs.String("key-file", "", ""),
		room:    fs.Uint64("room", 0, ""),
		verbose: fs.Bool("v", false, ""),
		ttl:     fs.Duration("ttl", 0, ""),
		level:   fs.Int("level", 0, ""),
	}
}

// isWord is the documented test of Shown: at most 16 lower-case letters
// and dashes.
func isWord(s string) bool {
	return len(s) <= 16 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz-") == ""
}

// checkShown fails t unless shown is how Shown shows an argument or a
// value: a quoted word, or a length found in lengths.
func checkShown(t *testing.T, shown string, lengths map[int]bool) {
	t.Helper()
	if n, ok := strings.CutPrefix(shown, "(an argument of "); ok {
		n, ok = strings.CutSuffix(n, " characters, not shown)")
		require.True(t, ok, "%s", shown)
		length, err := strconv.Atoi(n)
		require.NoError(t, err)
		assert.True(t, lengths[length], "the length %d of no argument or value", length)
		return
	}
	w, err := strconv.Unquote(shown)
	require.NoError(t, err, "%s is neither quoted nor a length", shown)
	assert.True(t, isWord(w), "%q is shown but is no word", w)
}

// FuzzParse checks Parse over arguments split at NUL bytes, where "KEY"
// stands for a 64-character key: it never panics and the flag package
// prints nothing; it accepts exactly what flag.FlagSet.Parse accepts,
// with the same values and remaining arguments; it returns the flag
// package's errors unchanged except the three it rewrites (bad syntax,
// invalid value, invalid boolean value), which keep the flag package's
// wording around the value, are at most 256 bytes and show the argument
// or value only as a word (quoted) or a length (of one of the arguments or
// values); the key appears in no error but the flag package's own
// "provided but not defined" one, which quotes a flag's name; Shown and
// Value show each argument as documented.
func FuzzParse(f *testing.F) {
	for _, args := range [][]string{
		{"-key-file", "k", "--room=10", "-v", "rest", "--", "-x"},
		{"---key=KEY"},
		{"-=KEY"},
		{"-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----"},
		{"---user"},
		{"-secret=KEY"},
		{"-room", "KEY"},
		{"-room=ten"},
		{"-v=KEY"},
		{"--ttl", "24h", "-level", "-1", "-h"},
		{"-level"},
		{"--ttl=KEY", "x"},
		{"-room=99999999999999999999999"},
	} {
		f.Add(strings.Join(args, "\x00"))
	}
	f.Fuzz(func(t *testing.T, joined string) {
		args := strings.Split(strings.ReplaceAll(joined, "KEY", fuzzSecret), "\x00")
		lengths := map[int]bool{}
		for _, a := range args {
			lengths[len(a)] = true
			if _, v, ok := strings.Cut(a, "="); ok {
				lengths[len(v)] = true
			}
			if shown := cliflag.Shown(a); isWord(a) {
				assert.Equal(t, strconv.Quote(a), shown)
			} else {
				assert.Equal(t, fmt.Sprintf("(an argument of %d characters, not shown)", len(a)), shown)
			}
			if len(a) <= 40 {
				assert.Equal(t, strconv.Quote(a), cliflag.Value(a))
			} else {
				assert.Equal(t, cliflag.Shown(a), cliflag.Value(a))
			}
		}

		var out bytes.Buffer
		got := newFuzzFlags(&out)
		err := cliflag.Parse(got.fs, args)
		assert.Empty(t, out.String(), "the flag package printed")
		assert.Equal(t, &out, got.fs.Output(), "the output is given back")
		want := newFuzzFlags(io.Discard)
		wantErr := want.fs.Parse(args)

		if wantErr == nil || errors.Is(wantErr, flag.ErrHelp) {
			require.Equal(t, wantErr, err, "Parse accepts what flag.FlagSet.Parse accepts")
			assert.Equal(t, want.fs.Args(), got.fs.Args())
			assert.Equal(t, []any{*want.keyFile, *want.room, *want.verbose, *want.ttl, *want.level},
				[]any{*got.keyFile, *got.room, *got.verbose, *got.ttl, *got.level})
			return
		}
		require.Error(t, err, "Parse accepts what flag.FlagSet.Parse refuses: %v", wantErr)
		msg, wantMsg := err.Error(), wantErr.Error()
		if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
			assert.Equal(t, wantMsg, msg)
			named := false
			for _, a := range args {
				n, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
				named = named || n == name
			}
			assert.True(t, named, "%q names no argument's flag", name)
			return
		}
		assert.NotContains(t, msg, fuzzSecret, "an error shows the key")
		assert.LessOrEqual(t, len(msg), 256, "an error of %d bytes", len(msg))
		if shown, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
			shown, ok = strings.CutSuffix(shown, ": write a flag as -name=value or -name value, with one or two dashes")
			require.True(t, ok, "%q says how to write a flag", msg)
			arg, ok := strings.CutPrefix(wantMsg, "bad flag syntax: ")
			require.True(t, ok, "a syntax error for %q", wantMsg)
			name, _, hasValue := strings.Cut(arg, "=")
			switch {
			case !isWord(name):
				checkShown(t, shown, lengths)
			case hasValue:
				assert.Equal(t, name+"=[redacted]", shown)
			default:
				assert.Equal(t, arg, shown)
			}
			return
		}
		for _, prefix := range []string{"invalid value ", "invalid boolean value "} {
			rest, ok := strings.CutPrefix(msg, prefix)
			if !ok {
				continue
			}
			wantRest, ok := strings.CutPrefix(wantMsg, prefix)
			require.True(t, ok, "%q for %q", msg, wantMsg)
			quoted, qerr := strconv.QuotedPrefix(wantRest)
			require.NoError(t, qerr)
			tail := wantRest[len(quoted):]
			require.True(t, strings.HasSuffix(rest, tail), "%q keeps the wording of %q", msg, wantMsg)
			checkShown(t, strings.TrimSuffix(rest, tail), lengths)
			return
		}
		assert.Equal(t, wantMsg, msg, "an error Parse does not rewrite")
	})
}
