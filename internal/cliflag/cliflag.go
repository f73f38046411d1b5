// Package cliflag parses the command lines of imconsole's binaries
// (cmd/imref, cmd/usersig) without echoing a secret: the flag package's
// error for an argument it cannot read quotes the argument whole, so a
// key given by mistake as ---key=KEY would reach the terminal and any CI
// log; Shown and Value say how the binaries' own messages quote an
// argument or a flag's value.
package cliflag

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Parse is fs.Parse(args) with the flag package's own reporting off. It
// returns flag.ErrHelp as it is, an error for an argument of bad syntax
// with the argument's value replaced by [redacted] (and the whole argument
// by its length when what comes before any "=" is not a flag's name: a
// PEM key starts "-----BEGIN") and how to write a flag, an error for a value a typed flag cannot take with the value as
// Shown shows it (a key pasted into the wrong flag is not echoed), and
// the flag package's other errors (they name a flag, never a value)
// unchanged. The caller prints the error and the usage (fs.Usage).
func Parse(fs *flag.FlagSet, args []string) error {
	out := fs.Output()
	fs.SetOutput(io.Discard)
	defer fs.SetOutput(out)
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	msg := err.Error()
	for _, prefix := range []string{"invalid value ", "invalid boolean value "} {
		if rest, ok := strings.CutPrefix(msg, prefix); ok {
			if quoted, qerr := strconv.QuotedPrefix(rest); qerr == nil {
				value, _ := strconv.Unquote(quoted)
				return errors.New(prefix + Shown(value) + rest[len(quoted):])
			}
		}
	}
	arg, ok := strings.CutPrefix(msg, "bad flag syntax: ")
	if !ok {
		return err
	}
	name, _, hasValue := strings.Cut(arg, "=")
	switch {
	case !word(name): // not a flag's name: a PEM key ("-----BEGIN ...") or another value
		arg = Shown(arg)
	case hasValue:
		arg = name + "=[redacted]"
	}
	return errors.New("bad flag syntax: " + arg + ": write a flag as -name=value or -name value, with one or two dashes")
}

// word reports whether s looks like a mistyped word or flag name: at most
// 16 lower-case letters and dashes.
func word(s string) bool {
	return len(s) <= 16 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz-") == ""
}

// Shown is an argument as a message may quote it: quoted when it looks
// like a mistyped word (at most 16 lower-case letters and dashes), and
// otherwise only its length, "(an argument of N characters, not
// shown)": an argument in the wrong place may be a key, a token or a
// UserSig left without its flag.
func Shown(arg string) string {
	if word(arg) {
		return strconv.Quote(arg)
	}
	return fmt.Sprintf("(an argument of %d characters, not shown)", len(arg))
}

// maxValueShown is the longest flag value Value quotes: numbers, times
// and durations are shorter, the keys and UserSigs a value may be by
// mistake are longer (an HMAC key is 64 characters).
const maxValueShown = 40

// Value is a flag's value as a message may quote it: quoted when at most
// 40 bytes, and otherwise only its length, as Shown says it.
func Value(v string) string {
	if len(v) <= maxValueShown {
		return strconv.Quote(v)
	}
	return Shown(v)
}
