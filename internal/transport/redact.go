package transport

import (
	"errors"
	"net/url"
	"strings"
)

// ShownURL is a URL as a String method or an error shows it: its password
// redacted (as url.Redacted writes it, also when it does not parse or a
// typo such as "https//" or a missing scheme leaves the user info outside
// the host), every query value but the public ones and every bare query
// item redacted (a gateway's access token), and so is a fragment.
func ShownURL(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		raw = u.Redacted()
	} else if err != nil || u.Host == "" {
		raw = maskUserinfo(raw)
	}
	return Redact(redactQuery(raw))
}

// maskUserinfo is raw with "xxxxx" in place of what may be a password: the
// text before the last '@' ahead of any '?' or '#', back to the last '/'
// before it, but for a name up to its first ':'. It is for a URL whose
// user info url.Parse did not find.
func maskUserinfo(raw string) string {
	head := raw
	if end := strings.IndexAny(head, "?#"); end >= 0 {
		head = head[:end]
	}
	at := strings.LastIndexByte(head, '@')
	if at < 0 {
		return raw
	}
	start := strings.LastIndexByte(head[:at], '/') + 1
	if colon := strings.IndexByte(head[start:at], ':'); colon >= 0 {
		start += colon + 1
	}
	return raw[:start] + "xxxxx" + raw[at:]
}

// redactQuery is the URL raw with Redacted in place of each query value
// but the public ones (publicParams), of each item without a value (a
// bare token), and of the fragment.
func redactQuery(raw string) string {
	raw, fragment, hasFragment := strings.Cut(raw, "#")
	out, query, hasQuery := strings.Cut(raw, "?")
	if hasQuery {
		items := strings.Split(query, "&")
		for i, item := range items {
			name, value, hasValue := strings.Cut(item, "=")
			switch {
			case hasValue && value != "" && !publicParams[name]:
				items[i] = name + "=" + Redacted
			case !hasValue && item != "":
				items[i] = Redacted
			}
		}
		out += "?" + strings.Join(items, "&")
	}
	if hasFragment {
		out += "#"
		if fragment != "" {
			out += Redacted
		}
	}
	return out
}

// Redacted is what Redact writes in place of a value.
const Redacted = "REDACTED"

// Redact returns s with Redacted in place of every secret the SDK might
// otherwise show in an error or a log record: each given secret, as it is
// and query-escaped; the value of every URL query parameter (name=value
// after '?' or '&') but the REST API's public ones (publicParams); and
// the value of every usersig= wherever it appears, as a proxy echoing a
// query into a body writes it. A value ends at '&',
// '#', a quote, a backslash, '<', '>', or white space. Callers redact a
// whole body before they cut a piece of it to quote, so a secret cut in
// two is never shown in part.
func Redact(s string, secrets ...string) string {
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		s = strings.ReplaceAll(s, sec, Redacted)
		if esc := url.QueryEscape(sec); esc != sec {
			s = strings.ReplaceAll(s, esc, Redacted)
		}
	}
	var b strings.Builder
	done := 0 // s[:done] is written to b
	for i := 0; i < len(s); i++ {
		if s[i] != '=' {
			continue
		}
		start := i
		for start > 0 && isNameByte(s[start-1]) {
			start--
		}
		name := s[start:i]
		inQuery := start > 0 && (s[start-1] == '?' || s[start-1] == '&')
		if name == "" || !inQuery && !strings.EqualFold(name, "usersig") || inQuery && publicParams[name] {
			continue
		}
		end := i + 1
		for end < len(s) && !strings.ContainsRune("&#\"'\\<> \t\r\n", rune(s[end])) {
			end++
		}
		if end == i+1 {
			continue
		}
		b.WriteString(s[done : i+1])
		b.WriteString(Redacted)
		done, i = end, end-1
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}

// publicParams are the REST API query parameters that are no secret and
// help debugging: which app, which admin, which request. Every other
// value (usersig, and anything else a URL carries) is redacted.
var publicParams = map[string]bool{"sdkappid": true, "identifier": true, "contenttype": true, "random": true}

// isNameByte reports whether c can be part of a query parameter's name.
func isNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.' || c == '%'
}

// RedactedError is an error whose text is redacted (Redact) while the
// error it wraps stays reachable with errors.Is and errors.As; a
// *url.Error in the chain has its URL redacted too.
type RedactedError struct {
	msg string
	err error
}

// RedactError returns a *RedactedError reading prefix + ": " + the text of
// err, redacted with the secrets.
func RedactError(prefix string, err error, secrets ...string) *RedactedError {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = Redact(redactQuery(ue.URL), secrets...)
	}
	return &RedactedError{msg: prefix + ": " + Redact(err.Error(), secrets...), err: err}
}

// Error returns the redacted text.
func (e *RedactedError) Error() string { return e.msg }

// Unwrap returns the wrapped error.
func (e *RedactedError) Unwrap() error { return e.err }
