package tc3_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/imconsole/imconsole/internal/tc3"
)

// FuzzParseAuthorization parses untrusted Authorization headers, as
// imtest does before it knows who sent them (seeds in
// testdata/fuzz/FuzzParseAuthorization: the headers of Tencent's vectors,
// both SignedHeaders lists, a header over 1 KiB, wrong prefixes, missing
// and extra parts): it never panics, refuses anything over 1 KiB or
// without the algorithm, and what it accepts has a SecretId and formats
// back into a header that parses to the same fields.
func FuzzParseAuthorization(f *testing.F) {
	f.Fuzz(func(t *testing.T, h string) {
		a, err := tc3.ParseAuthorization(h)
		if err != nil {
			if a != (tc3.Authorization{}) {
				t.Fatalf("a refused header %q parsed to %+v", h, a)
			}
			return
		}
		if len(h) > 1024 || !strings.HasPrefix(h, tc3.Algorithm+" ") || a.SecretID == "" {
			t.Fatalf("accepted %q as %+v", h, a)
		}
		again := fmt.Sprintf("%s Credential=%s/%s/%s/tc3_request, SignedHeaders=%s, Signature=%s",
			tc3.Algorithm, a.SecretID, a.Date, a.Service, a.SignedHeaders, a.Signature)
		if b, err := tc3.ParseAuthorization(again); len(again) <= 1024 && (err != nil || b != a) {
			t.Fatalf("%q parsed to %+v, which formats to %q, parsed to %+v (%v)", h, a, again, b, err)
		}
	})
}

// FuzzParseSignedHeaders parses untrusted SignedHeaders lists, as imtest
// does before it has verified a signature (seeds in
// testdata/fuzz/FuzzParseSignedHeaders): it never panics, and what it
// accepts is at most 32 lower-case names, strictly ascending, with
// content-type and host among them, that join back into the list.
func FuzzParseSignedHeaders(f *testing.F) {
	f.Fuzz(func(t *testing.T, list string) {
		names, err := tc3.ParseSignedHeaders(list)
		if err != nil {
			if names != nil {
				t.Fatalf("a refused list %q gave names %q", list, names)
			}
			return
		}
		if len(names) > 32 || !slices.IsSorted(names) || !slices.Contains(names, "content-type") || !slices.Contains(names, "host") || strings.Join(names, ";") != list {
			t.Fatalf("accepted %q as %q", list, names)
		}
		for i, n := range names {
			if n != strings.ToLower(n) || (i > 0 && names[i-1] == n) {
				t.Fatalf("accepted %q with name %q", list, n)
			}
		}
	})
}
