package usersig

import (
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// htmlSafe marks the ASCII bytes encoding/json writes as they are.
var htmlSafe = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendJSONString appends s as a JSON string exactly as encoding/json
// encodes it (HTML-safe: '<', '>' and '&' escaped, U+2028/U+2029 escaped,
// invalid UTF-8 replaced by U+FFFD), so signed output is byte-identical to
// the official Go library's.
func appendJSONString(dst []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s); i++ {
		if !htmlSafe[s[i]] {
			plain = false
			break
		}
	}
	if plain {
		dst = append(dst, '"')
		dst = append(dst, s...)
		return append(dst, '"')
	}
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
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
	fVer:         "TLS.ver",
	fIdentifier:  "TLS.identifier",
	fSDKAppID:    "TLS.sdkappid",
	fExpire:      "TLS.expire",
	fTime:        "TLS.time",
	fUserBuf:     "TLS.userbuf",
	fSig:         "TLS.sig",
	fAccountType: "TLS.account_type",
	fAppIDAt3rd:  "TLS.appid_at_3rd",
	fExpireAfter: "TLS.expire_after",
	fSDKAppIDStr: "TLS.sdk_appid",
	fVersion:     "TLS.version",
}

func fieldIndex(key []byte) int {
	if len(key) < 7 || string(key[:4]) != "TLS." {
		return -1
	}
	var i int
	switch len(key) {
	case 7:
		if key[4] == 'v' {
			i = fVer
		} else {
			i = fSig
		}
	case 8:
		i = fTime
	case 10:
		i = fExpire
	case 11:
		if key[4] == 'u' {
			i = fUserBuf
		} else {
			i = fVersion
		}
	case 12:
		i = fSDKAppID
	case 13:
		i = fSDKAppIDStr
	case 14:
		i = fIdentifier
	case 16:
		switch key[5] {
		case 'c':
			i = fAccountType
		case 'p':
			i = fAppIDAt3rd
		default:
			i = fExpireAfter
		}
	default:
		return -1
	}
	if string(key) != fieldNames[i] {
		return -1
	}
	return i
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

type jsonParser struct {
	b       []byte
	i       int
	scratch []byte // unescaped strings
}

func (p *jsonParser) fail(what string) error {
	return errorf(ErrMalformed, "invalid JSON at offset %d: %s", p.i, what)
}

func (p *jsonParser) ws() {
	i, b := p.i, p.b
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	p.i = i
}

// parseCanonical parses, without backtracking, the exact layout the
// official Go library (and this package) writes:
//
//	{"TLS.ver":"2.0","TLS.identifier":"…","TLS.sdkappid":N,"TLS.expire":N,"TLS.time":N[,"TLS.userbuf":"…"],"TLS.sig":"…"}\n
//
// with ASCII strings free of escapes. It fills d exactly as parseDoc would
// and returns false, leaving d to be reset, on any other input.
func (p *jsonParser) parseCanonical(d *jsonDoc) bool {
	b := p.b
	const head = `{"TLS.ver":"2.0","TLS.identifier":"`
	if len(b) < len(head) || string(b[:len(head)]) != head {
		return false
	}
	d.f[fVer] = jsonField{kind: kindString, val: b[12:15:15]}
	i := len(head)
	var ok bool
	if d.f[fIdentifier].val, i, ok = plainString(b, i); !ok {
		return false
	}
	d.f[fIdentifier].kind = kindString
	for _, nf := range [...]struct {
		key string
		idx int
	}{{`,"TLS.sdkappid":`, fSDKAppID}, {`,"TLS.expire":`, fExpire}, {`,"TLS.time":`, fTime}} {
		if len(b)-i < len(nf.key) || string(b[i:i+len(nf.key)]) != nf.key {
			return false
		}
		i += len(nf.key)
		start := i
		for i < len(b) && b[i]-'0' <= 9 {
			i++
		}
		if i == start || (b[start] == '0' && i-start > 1) {
			return false
		}
		d.f[nf.idx] = jsonField{kind: kindNumber, val: b[start:i:i]}
	}
	const ub = `,"TLS.userbuf":"`
	if len(b)-i >= len(ub) && string(b[i:i+len(ub)]) == ub {
		if d.f[fUserBuf].val, i, ok = plainString(b, i+len(ub)); !ok {
			return false
		}
		d.f[fUserBuf].kind = kindString
	}
	const sig = `,"TLS.sig":"`
	if len(b)-i < len(sig) || string(b[i:i+len(sig)]) != sig {
		return false
	}
	if d.f[fSig].val, i, ok = plainString(b, i+len(sig)); !ok {
		return false
	}
	d.f[fSig].kind = kindString
	rest := b[i:]
	if len(rest) == 0 || rest[0] != '}' {
		return false
	}
	for _, c := range rest[1:] {
		if c != ' ' && c != '\n' && c != '\t' && c != '\r' {
			return false
		}
	}
	p.i = len(b)
	return true
}

// plainString scans the body of a string starting at i (after its opening
// quote) made of printable ASCII without escapes, and returns it and the
// index after its closing quote.
func plainString(b []byte, i int) ([]byte, int, bool) {
	start := i
	for i+8 <= len(b) && plain8(binary.LittleEndian.Uint64(b[i:])) {
		i += 8
	}
	for i < len(b) && strPlain[b[i]] {
		i++
	}
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	return b[start:i:i], i + 1, true
}

// parseDoc parses a strict RFC 8259 JSON object into d. Duplicate known
// fields are refused. Strings must be valid UTF-8.
func (p *jsonParser) parseDoc(d *jsonDoc) error {
	p.ws()
	if p.i >= len(p.b) || p.b[p.i] != '{' {
		return p.fail("expected an object")
	}
	p.i++
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
	} else {
		for {
			if p.i >= len(p.b) || p.b[p.i] != '"' {
				return p.fail("expected a field name")
			}
			key, err := p.str()
			if err != nil {
				return err
			}
			p.ws()
			if p.i >= len(p.b) || p.b[p.i] != ':' {
				return p.fail("expected ':'")
			}
			p.i++
			p.ws()
			idx := fieldIndex(key)
			if idx >= 0 && d.f[idx].kind != 0 {
				return errorf(ErrMalformed, "the JSON has a duplicate field %s", fieldNames[idx])
			}
			var f jsonField
			if p.i >= len(p.b) {
				return p.fail("expected a value")
			}
			switch c := p.b[p.i]; {
			case c == '"':
				f.kind = kindString
				if f.val, err = p.str(); err != nil {
					return err
				}
			case c == '-' || (c >= '0' && c <= '9'):
				f.kind = kindNumber
				if f.val, err = p.number(); err != nil {
					return err
				}
			default:
				f.kind = kindOther
				if err = p.skip(1); err != nil {
					return err
				}
			}
			if idx >= 0 {
				d.f[idx] = f
			}
			p.ws()
			if p.i >= len(p.b) {
				return p.fail("unterminated object")
			}
			if p.b[p.i] == ',' {
				p.i++
				p.ws()
				continue
			}
			if p.b[p.i] == '}' {
				p.i++
				break
			}
			return p.fail("expected ',' or '}'")
		}
	}
	p.ws()
	if p.i != len(p.b) {
		return p.fail("unexpected data after the object")
	}
	return nil
}

// strPlain marks the bytes a JSON string can hold as they are: printable
// ASCII other than '"' and '\\'.
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// plain8 reports whether the 8 bytes of x are all plain string bytes (no
// '"', '\\', control or non-ASCII byte): each term sets a byte's high bit
// for one kind of special byte, and borrows only follow special bytes.
func plain8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	t := x | (x - 0x20*ones) | ((x ^ '"'*ones) - ones) | ((x ^ '\\'*ones) - ones)
	return t&highs == 0
}

// str parses the string at p.i (an opening quote). The result aliases the
// input when the string has no escapes, or p.scratch otherwise.
func (p *jsonParser) str() ([]byte, error) {
	p.i++
	start := p.i
	for {
		i, b := p.i, p.b
		for i+8 <= len(b) && plain8(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
		}
		for i < len(b) && strPlain[b[i]] {
			i++
		}
		p.i = i
		if p.i >= len(p.b) {
			return nil, p.fail("unterminated string")
		}
		switch c := p.b[p.i]; {
		case c == '"':
			s := p.b[start:p.i:p.i]
			p.i++
			return s, nil
		case c == '\\':
			return p.strEscaped(start)
		case c < 0x20:
			return nil, p.fail("control character in string")
		default:
			r, size := utf8.DecodeRune(p.b[p.i:])
			if r == utf8.RuneError && size == 1 {
				return nil, p.fail("invalid UTF-8 in string")
			}
			p.i += size
		}
	}
}

func (p *jsonParser) strEscaped(start int) ([]byte, error) {
	off := len(p.scratch)
	p.scratch = append(p.scratch, p.b[start:p.i]...)
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return p.scratch[off:len(p.scratch):len(p.scratch)], nil
		case c == '\\':
			if p.i+1 >= len(p.b) {
				return nil, p.fail("unterminated escape")
			}
			e := p.b[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '/':
				p.scratch = append(p.scratch, e)
			case 'b':
				p.scratch = append(p.scratch, '\b')
			case 'f':
				p.scratch = append(p.scratch, '\f')
			case 'n':
				p.scratch = append(p.scratch, '\n')
			case 'r':
				p.scratch = append(p.scratch, '\r')
			case 't':
				p.scratch = append(p.scratch, '\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return nil, p.fail("invalid \\u escape")
				}
				if utf16.IsSurrogate(r) {
					// A high surrogate must be followed by an escaped
					// low surrogate.
					if r < 0xdc00 && p.i+1 < len(p.b) && p.b[p.i] == '\\' && p.b[p.i+1] == 'u' {
						p.i += 2
						r2, ok := p.hex4()
						if !ok {
							return nil, p.fail("invalid \\u escape")
						}
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							p.scratch = utf8.AppendRune(p.scratch, dec)
							continue
						}
					}
					return nil, p.fail("unpaired UTF-16 surrogate in \\u escape")
				}
				p.scratch = utf8.AppendRune(p.scratch, r)
			default:
				return nil, p.fail("invalid escape")
			}
		case c < 0x20:
			return nil, p.fail("control character in string")
		case c < utf8.RuneSelf:
			p.scratch = append(p.scratch, c)
			p.i++
		default:
			r, size := utf8.DecodeRune(p.b[p.i:])
			if r == utf8.RuneError && size == 1 {
				return nil, p.fail("invalid UTF-8 in string")
			}
			p.scratch = append(p.scratch, p.b[p.i:p.i+size]...)
			p.i += size
		}
	}
	return nil, p.fail("unterminated string")
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
	if p.i >= len(p.b) {
		return nil, p.fail("invalid number")
	}
	if p.b[p.i] == '0' {
		p.i++
	} else if p.b[p.i] >= '1' && p.b[p.i] <= '9' {
		p.digits()
	} else {
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
	return p.b[start:p.i], nil
}

func (p *jsonParser) digits() int {
	i, b := p.i, p.b
	for i < len(b) && b[i]-'0' <= 9 {
		i++
	}
	n := i - p.i
	p.i = i
	return n
}

// skip validates and skips the value at p.i.
func (p *jsonParser) skip(depth int) error {
	if depth > maxJSONDepth {
		return p.fail("nested too deeply")
	}
	p.ws()
	if p.i >= len(p.b) {
		return p.fail("expected a value")
	}
	switch c := p.b[p.i]; {
	case c == '"':
		mark := len(p.scratch)
		_, err := p.str()
		p.scratch = p.scratch[:mark]
		return err
	case c == '-' || (c >= '0' && c <= '9'):
		_, err := p.number()
		return err
	case c == '{' || c == '[':
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		p.i++
		p.ws()
		if p.i < len(p.b) && p.b[p.i] == end {
			p.i++
			return nil
		}
		for {
			if c == '{' {
				p.ws()
				if p.i >= len(p.b) || p.b[p.i] != '"' {
					return p.fail("expected a field name")
				}
				mark := len(p.scratch)
				_, err := p.str()
				p.scratch = p.scratch[:mark]
				if err != nil {
					return err
				}
				p.ws()
				if p.i >= len(p.b) || p.b[p.i] != ':' {
					return p.fail("expected ':'")
				}
				p.i++
			}
			if err := p.skip(depth + 1); err != nil {
				return err
			}
			p.ws()
			if p.i >= len(p.b) {
				return p.fail("unterminated value")
			}
			if p.b[p.i] == ',' {
				p.i++
				continue
			}
			if p.b[p.i] == end {
				p.i++
				return nil
			}
			return p.fail("expected ',' or a closing bracket")
		}
	default:
		for _, lit := range [...]string{"true", "false", "null"} {
			if len(p.b)-p.i >= len(lit) && string(p.b[p.i:p.i+len(lit)]) == lit {
				p.i += len(lit)
				return nil
			}
		}
		return p.fail("invalid value")
	}
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
