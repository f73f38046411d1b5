package cliflag_test

import (
	"bytes"
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/internal/cliflag"
)

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		want string // the error; "" for none
	}{
		{"flags", []string{"-key-file", "k", "--user=a"}, ""},
		{"a value in bad syntax", []string{"---key=hunter2"}, "bad flag syntax: ---key=[redacted]: write a flag as -name=value or -name value, with one or two dashes"},
		{"a bare dash and a value", []string{"-=hunter2"}, "bad flag syntax: -=[redacted]: write a flag as -name=value or -name value, with one or two dashes"},
		{"a PEM key", []string{"-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----"}, "bad flag syntax: (an argument of 74 characters, not shown): write a flag as -name=value or -name value, with one or two dashes"},
		{"a SEC1 key, padded", []string{"-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIMGvq=\n-----END EC PRIVATE KEY-----"}, "bad flag syntax: (an argument of 74 characters, not shown): write a flag as -name=value or -name value, with one or two dashes"},
		{"no value", []string{"---user"}, "bad flag syntax: ---user: write a flag as -name=value or -name value, with one or two dashes"},
		{"an unknown flag", []string{"-secret=hunter2"}, "flag provided but not defined: -secret"},
		{"a key in a number flag", []string{"-room", "0123456789abcdef0123456789abcdef"}, "invalid value (an argument of 32 characters, not shown) for flag -room: parse error"},
		{"a word in a number flag", []string{"-room=ten"}, `invalid value "ten" for flag -room: parse error`},
		{"a key in a boolean flag", []string{"-v=0123456789abcdef"}, "invalid boolean value (an argument of 16 characters, not shown) for -v: parse error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			fs.SetOutput(&out)
			fs.String("key-file", "", "")
			fs.String("user", "", "")
			fs.Uint("room", 0, "")
			fs.Bool("v", false, "")
			err := cliflag.Parse(fs, tc.args)
			if tc.want == "" {
				require.NoError(t, err)
			} else {
				require.EqualError(t, err, tc.want)
			}
			assert.Empty(t, out.String(), "the flag package reports nothing itself")
			assert.Equal(t, &out, fs.Output(), "the output is given back")
		})
	}
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	assert.ErrorIs(t, cliflag.Parse(fs, []string{"-h"}), flag.ErrHelp)
}

func TestValue(t *testing.T) {
	t.Parallel()
	assert.Equal(t, `"86400"`, cliflag.Value("86400"))
	assert.Equal(t, `"2024-01-02T15:04:05Z"`, cliflag.Value("2024-01-02T15:04:05Z"))
	key := "5d2f3a0c6b1e4f7a8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d"
	assert.Equal(t, "(an argument of 64 characters, not shown)", cliflag.Value(key))
}
