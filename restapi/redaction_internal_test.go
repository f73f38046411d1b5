package restapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScrubbedReplacesEveryFormOfEverySecret: scrubbed replaces each
// secret, as sent and query-escaped, and every secret it is given (a
// UserSig renewed between tries makes two), leaving the body it was
// given as it was.
func TestScrubbedReplacesEveryFormOfEverySecret(t *testing.T) {
	t.Parallel()
	first := "eJw1j8sKgjAQRf*ff-abc*def_ghi-jkl*mno" // a UserSig: base64 with * - _
	second := "eJyrVspMSS1SslIqSyzKzM9T*second*sig"
	require.NotEqual(t, first, url.QueryEscape(first), "the sig has a character the query escapes")
	for _, tc := range []struct {
		name, body string
		gone       []string
	}{
		{"as sent", `{"UserID":"` + first + `"}`, []string{first}},
		{"query-escaped", `{"UserID":"` + url.QueryEscape(first) + `"}`, []string{url.QueryEscape(first)}},
		{"the second secret", `{"UserID":"` + second + `","Next":"` + url.QueryEscape(second) + `"}`, []string{second, url.QueryEscape(second)}},
	} {
		body := []byte(tc.body)
		got := string(scrubbed(body, []string{first, second}))
		for _, g := range tc.gone {
			assert.NotContains(t, got, g, tc.name)
		}
		assert.Contains(t, got, "REDACTED", tc.name)
		assert.True(t, json.Valid([]byte(got)), tc.name)
		assert.Equal(t, tc.body, string(body), "%s: the body given is not modified", tc.name)
	}
	assert.Equal(t, `{"a":1}`, string(scrubbed([]byte(`{"a":1}`), []string{first, ""})), "nothing to scrub, an empty secret included")
	assert.Equal(t, `{"a":"\u003cb\u003e"}`, string(scrubbed([]byte(`{"a":"\u003cb\u003e"}`), []string{first})), "no echo: the escapes are kept as received")

	escaped := func(s, format string) string {
		var b strings.Builder
		for _, r := range s {
			fmt.Fprintf(&b, format, r)
		}
		return b.String()
	}
	for _, body := range []string{
		`{"UserID":"` + escaped(first, `\u%04x`) + `"}`,
		`{"UserID":"` + escaped(first, `\u%04X`) + `"}`,
		`{"UserID":"` + escaped(url.QueryEscape(first), `\u%04x`) + `"}`,
		`{"UserID":"x` + first[:5] + escaped(first[5:9], `\u%04x`) + first[9:] + `y"}`,
	} {
		got := string(scrubbed([]byte(body), []string{first}))
		assert.Contains(t, got, "REDACTED", "written with JSON escapes: %s", body)
		assert.True(t, json.Valid([]byte(got)), body)
	}
}

// TestUnescapedASCII: unescapedASCII writes an escape of a printable ASCII
// character as the character, inside strings only, and keeps every other
// escape and byte as it was.
func TestUnescapedASCII(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want, why string }{
		{`{"a":"\u0041\u007e\u0020"}`, `{"a":"A~ "}`, "printable ASCII"},
		{`{"a":"\u0022\u005c\u005C\u001f\u007f\u00e9\u4e2d"}`, `{"a":"\u0022\u005c\u005C\u001f\u007f\u00e9\u4e2d"}`, "quote, backslash, control, DEL, non-ASCII"},
		{`{"a":"\\u0041"}`, `{"a":"\\u0041"}`, "an escaped backslash, then the text u0041"},
		{`{"a":"\"\u0041"}`, `{"a":"\"A"}`, "an escaped quote does not end the string"},
		{`{"a":\u0031}`, `{"a":\u0031}`, "outside a string: stays invalid"},
		{`{"a":"\u004"}`, `{"a":"\u004"}`, "too short"},
		{`{"a":"\u00g1"}`, `{"a":"\u00g1"}`, "not hex"},
		{`["\u000\u0041"]`, `["\u000\u0041"]`, "a short escape is kept with what follows: still invalid"},
		{`{"\u0041":"b"} "\u0042`, `{"A":"b"} "B`, "names too, and a string left open"},
		{`"\`, `"\`, "a backslash ending a string left open"},
	} {
		assert.Equal(t, tc.want, string(unescapedASCII([]byte(tc.in))), tc.why)
	}
}

// FuzzUnescapedASCII: whatever the bytes, unescapedASCII keeps a body
// valid JSON or not, and a valid one decodes to the same value (seeds in
// testdata/fuzz/FuzzUnescapedASCII and below).
func FuzzUnescapedASCII(f *testing.F) {
	for _, seed := range []string{`{"a":"\u0041"}`, `["\\u0041","\"\u0042"]`, `{"a":\u0031}`, `"\u00e9\ud83d\ude00"`, `{"\u0041":1,"A":2}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out := unescapedASCII(in)
		require.Equal(t, json.Valid(in), json.Valid(out), "%q became %q", in, out)
		if !json.Valid(in) {
			return
		}
		decoded := func(b []byte) any {
			d := json.NewDecoder(bytes.NewReader(b))
			d.UseNumber() // 1E700 is valid JSON, but no float64
			var v any
			require.NoError(t, d.Decode(&v))
			return v
		}
		require.Equal(t, decoded(in), decoded(out), "%q became %q", in, out)
	})
}

// TestStuckQuotesTheCursorCut: a stuck walk's error quotes at most 32
// bytes of the cursor, still valid UTF-8 when the cut falls in a rune.
func TestStuckQuotesTheCursorCut(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("c", 40) + strings.Repeat("x", 40)
	msg := stuck("group_open_http_svc/get_group_member_info", long).Error()
	assert.Contains(t, msg, "("+strings.Repeat("c", 32)+"…)")
	assert.NotContains(t, msg, strings.Repeat("c", 33))
	assert.NotContains(t, msg, "x")

	msg = stuck("cmd", "12345").Error()
	assert.Contains(t, msg, "(12345)", "a short cursor is quoted whole")
	msg = stuck("cmd", uint64(7)).Error()
	assert.Contains(t, msg, "(7)")

	multi := "a" + strings.Repeat("é", 30) // byte 32 falls inside an é
	msg = stuck("cmd", multi).Error()
	assert.True(t, utf8.ValidString(msg), "%q", msg)
	assert.Contains(t, msg, "(a"+strings.Repeat("é", 15)+"…)")
}

// TestFriendDecodingErrorQuotesTheAccountCut: a friend whose tag does not
// decode is named by at most 32 bytes of its account, and the tag quoted.
func TestFriendDecodingErrorQuotesTheAccountCut(t *testing.T) {
	t.Parallel()
	account := strings.Repeat("a", 32) + strings.Repeat("b", 32)
	var f Friend
	err := json.Unmarshal([]byte(`{"To_Account":"`+account+`","ValueItem":[{"Tag":"`+TagFriendRemark+`","Value":5}]}`), &f)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `friend "`+strings.Repeat("a", 32)+`…"`)
	err = json.Unmarshal([]byte(`{"To_Account":"`+strings.Repeat("é", 30)+`","ValueItem":[{"Tag":"`+TagFriendRemark+`","Value":5}]}`), &f)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `friend "`+strings.Repeat("é", 16)+`…"`, "cut to 32 bytes, not 32 runes")
	assert.NotContains(t, err.Error(), "ab")
	assert.Contains(t, err.Error(), `tag "`+TagFriendRemark+`"`, "the tag is quoted")
}
