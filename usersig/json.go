package usersig

import (
	"encoding/json"
	"unicode/utf16"
	"unicode/utf8"
)

// appendJSONString appends s as a JSON string exactly as encoding/json
// encodes it (HTML-safe, invalid UTF-8 replaced by U+FFFD), so signed
// output is byte-identical to the official Go library's. Strings that need
// no escaping are copied as they are.
func appendJSONString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s) // marshaling a string cannot fail
			return append(dst, b...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

// Field indexes of the JSON documents of both algorithms.
const (
	fVer         = iota // TLS.ver (HMAC)
	fIdentifier         // TLS.identifier (both)
	fSDKAppID           // TLS.sdkappid (HMAC, number)
	fExpire             // TLS.expire (HMAC, number)
	fTime               // TLS.time (both; number for HMAC, string for ECDSA)
	fUserBuf            // TLS.userbuf (both)
	fSig                // TLS.sig (both)
	fAccountType        // TLS.account_type (ECDSA)
	fAppIDAt3rd         // TLS.appid_at_3rd (ECDSA)
	fExpireAfter        // TLS.expire_after (ECDSA)
	fSDKAppIDStr        // TLS.sdk_appid (ECDSA)
	fVersion            // TLS.version (ECDSA)
	numFields
)

var fieldNames = [numFields]string{
	"TLS.ver", "TLS.identifier", "TLS.sdkappid", "TLS.expire", "TLS.time", "TLS.userbuf",
	"TLS.sig", "TLS.account_type", "TLS.appid_at_3rd", "TLS.expire_after", "TLS.sdk_appid", "TLS.version",
}

// Kinds of JSON values.
const (
	kindString = iota + 1
	kindNumber
	kindOther
)

type jsonField struct {
	kind uint8
	val  []byte // decoded string, or number text
}

// jsonDoc is the top-level object of a UserSig, reduced to the known
// fields. Unknown fields are validated and skipped.
type jsonDoc struct {
	f [numFields]jsonField
}

const maxJSONDepth = 32

// jsonParser is a strict RFC 8259 parser: strings must be valid UTF-8
// without unpaired surrogates, numbers well-formed, nothing may follow the
// document, and the known fields may not repeat.
type jsonParser struct {
	b       []byte
	i       int
	scratch []byte // unescaped strings
}

func (p *jsonParser) fail(what string) error {
	return errorf(ErrMalformed, "invalid JSON at offset %d: %s", p.i, what)
}

func (p *jsonParser) ws() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\n' || p.b[p.i] == '\t' || p.b[p.i] == '\r') {
		p.i++
	}
}

// peek skips whitespace and returns the next byte, or 0 at the end.
func (p *jsonParser) peek() byte {
	p.ws()
	if p.i >= len(p.b) {
		return 0
	}
	return p.b[p.i]
}

// parseDoc parses the document into d.
func (p *jsonParser) parseDoc(d *jsonDoc) error {
	if p.peek() != '{' {
		return p.fail("expected an object")
	}
	if err := p.object(1, d); err != nil {
		return err
	}
	if p.peek() != 0 {
		return p.fail("unexpected data after the object")
	}
	return nil
}

// object parses the object at p.i; the top-level one (d != nil) keeps the
// known fields.
func (p *jsonParser) object(depth int, d *jsonDoc) error {
	p.i++
	if p.peek() == '}' {
		p.i++
		return nil
	}
	for {
		if p.peek() != '"' {
			return p.fail("expected a field name")
		}
		mark := len(p.scratch)
		key, err := p.str()
		if err != nil {
			return err
		}
		if p.peek() != ':' {
			return p.fail("expected ':'")
		}
		p.i++
		idx := -1
		if d != nil {
			for i, name := range fieldNames {
				if string(key) == name {
					idx = i
				}
			}
			if idx >= 0 && d.f[idx].kind != 0 {
				return errorf(ErrMalformed, "the JSON has a duplicate field %s", fieldNames[idx])
			}
		}
		p.scratch = p.scratch[:mark]
		kind, val, err := p.value(depth)
		if err != nil {
			return err
		}
		if idx >= 0 {
			d.f[idx] = jsonField{kind: kind, val: val}
		} else {
			p.scratch = p.scratch[:mark]
		}
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return nil
		default:
			return p.fail("expected ',' or '}'")
		}
	}
}

// value parses any value at p.i and returns its kind, and for strings and
// numbers its decoded text.
func (p *jsonParser) value(depth int) (uint8, []byte, error) {
	if depth > maxJSONDepth {
		return 0, nil, p.fail("nested too deeply")
	}
	switch c := p.peek(); {
	case c == '"':
		s, err := p.str()
		return kindString, s, err
	case c == '-' || (c >= '0' && c <= '9'):
		n, err := p.number()
		return kindNumber, n, err
	case c == '{':
		return kindOther, nil, p.object(depth+1, nil)
	case c == '[':
		p.i++
		if p.peek() == ']' {
			p.i++
			return kindOther, nil, nil
		}
		for {
			if _, _, err := p.value(depth + 1); err != nil {
				return 0, nil, err
			}
			switch p.peek() {
			case ',':
				p.i++
			case ']':
				p.i++
				return kindOther, nil, nil
			default:
				return 0, nil, p.fail("expected ',' or a closing bracket")
			}
		}
	}
	for _, lit := range [...]string{"true", "false", "null"} {
		if len(p.b)-p.i >= len(lit) && string(p.b[p.i:p.i+len(lit)]) == lit {
			p.i += len(lit)
			return kindOther, nil, nil
		}
	}
	return 0, nil, p.fail("invalid value")
}

// str parses the string at p.i (an opening quote). The result aliases the
// input when the string has no escapes, or p.scratch otherwise.
func (p *jsonParser) str() ([]byte, error) {
	p.i++
	start, off, escaped := p.i, len(p.scratch), false
	for p.i < len(p.b) {
		c, size := p.b[p.i], 1
		switch {
		case c == '"':
			p.i++
			if !escaped {
				return p.b[start : p.i-1 : p.i-1], nil
			}
			return p.scratch[off:len(p.scratch):len(p.scratch)], nil
		case c == '\\':
			if !escaped {
				p.scratch, escaped = append(p.scratch, p.b[start:p.i]...), true
			}
			if err := p.escape(); err != nil {
				return nil, err
			}
			continue
		case c < 0x20:
			return nil, p.fail("control character in string")
		case c >= utf8.RuneSelf:
			var r rune
			if r, size = utf8.DecodeRune(p.b[p.i:]); r == utf8.RuneError && size == 1 {
				return nil, p.fail("invalid UTF-8 in string")
			}
		}
		if escaped {
			p.scratch = append(p.scratch, p.b[p.i:p.i+size]...)
		}
		p.i += size
	}
	return nil, p.fail("unterminated string")
}

// escape decodes the escape sequence at p.i into p.scratch.
func (p *jsonParser) escape() error {
	if p.i+1 >= len(p.b) {
		return p.fail("unterminated escape")
	}
	e := p.b[p.i+1]
	p.i += 2
	if i := indexByte(`"\/bfnrt`, e); i >= 0 {
		p.scratch = append(p.scratch, "\"\\/\b\f\n\r\t"[i])
		return nil
	}
	if e != 'u' {
		return p.fail("invalid escape")
	}
	r, ok := p.hex4()
	if !ok {
		return p.fail("invalid \\u escape")
	}
	if utf16.IsSurrogate(r) {
		// A high surrogate must be followed by an escaped low surrogate.
		r2 := utf8.RuneError
		if r < 0xdc00 && p.i+1 < len(p.b) && p.b[p.i] == '\\' && p.b[p.i+1] == 'u' {
			p.i += 2
			if r2, ok = p.hex4(); !ok {
				return p.fail("invalid \\u escape")
			}
		}
		if r = utf16.DecodeRune(r, r2); r == utf8.RuneError {
			return p.fail("unpaired UTF-16 surrogate in \\u escape")
		}
	}
	p.scratch = utf8.AppendRune(p.scratch, r)
	return nil
}

func indexByte(s string, c byte) int {
	for i := range len(s) {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.b) {
		return 0, false
	}
	var r rune
	for _, c := range p.b[p.i : p.i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	p.i += 4
	return r, true
}

// number validates the JSON number at p.i and returns its text.
func (p *jsonParser) number() ([]byte, error) {
	start := p.i
	if p.b[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(p.b) && p.b[p.i] == '0':
		p.i++
	case p.digits() == 0:
		return nil, p.fail("invalid number")
	}
	if p.i < len(p.b) && p.b[p.i] == '.' {
		p.i++
		if p.digits() == 0 {
			return nil, p.fail("invalid number")
		}
	}
	if p.i < len(p.b) && (p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		p.i++
		if p.i < len(p.b) && (p.b[p.i] == '+' || p.b[p.i] == '-') {
			p.i++
		}
		if p.digits() == 0 {
			return nil, p.fail("invalid number")
		}
	}
	return p.b[start:p.i:p.i], nil
}

func (p *jsonParser) digits() int {
	start := p.i
	for p.i < len(p.b) && p.b[p.i]-'0' <= 9 {
		p.i++
	}
	return p.i - start
}

// parseUint parses a non-negative decimal integer without sign, fraction or
// exponent, up to max.
func parseUint(b []byte, max uint64) (uint64, bool) {
	// 19 digits cannot overflow a uint64; max is checked once.
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		d := c - '0'
		if d > 9 {
			return 0, false
		}
		v = v*10 + uint64(d)
	}
	return v, v <= max
}
