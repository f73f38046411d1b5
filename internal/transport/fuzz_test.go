package transport

import (
	"strings"
	"testing"
)

// FuzzRedact redacts untrusted text, as the SDK does with what a server
// or a proxy answers before an error quotes it (seeds in
// testdata/fuzz/FuzzRedact: URLs with public and private query values,
// usersig echoed in JSON, HTML and plain text, escaped secrets). The text
// is prefix + "usersig=" + sig + suffix; Redact never panics, and for a
// secret sharing no byte with Redacted (so that no copy of it forms
// across one) it is idempotent and leaves no copy of the secret; and, when sig reads as a
// UserSig does and the text around it ends it, no copy of sig beyond
// those prefix and suffix held.
func FuzzRedact(f *testing.F) {
	f.Fuzz(func(t *testing.T, prefix, sig, suffix, secret string) {
		in := prefix + "usersig=" + sig + suffix
		if strings.ContainsAny(secret, Redacted) {
			secret = "" // its copies could overlap Redacted
		}
		out := Redact(in, secret)
		if again := Redact(out, secret); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		if secret != "" && strings.Contains(out, secret) {
			t.Fatalf("%q redacted with secret %q: %q", in, secret, out)
		}
		userSigLike := len(sig) > len(Redacted) && strings.Trim(sig, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*-_") == ""
		ended := (prefix == "" || strings.ContainsRune(" \"'&?(", rune(prefix[len(prefix)-1]))) &&
			(suffix == "" || strings.ContainsRune("&#\"'\\<> \t\r\n", rune(suffix[0])))
		if userSigLike && ended && strings.Count(out, sig) > strings.Count(prefix, sig)+strings.Count(suffix, sig) {
			t.Fatalf("%q redacted: %q still shows the UserSig %q", in, out, sig)
		}
	})
}
