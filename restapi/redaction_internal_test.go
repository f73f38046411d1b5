package restapi

import (
	"encoding/json"
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
