package usersig

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

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

// Kinds of JSON values, and the flag of the fields an algorithm requires.
const (
	kindString = iota + 1
	kindNumber
	kindOther
	required = 0x80
)

// Per algorithm: the kind of each field of its documents (0: none), and in
// order the fields of its string to sign and of its official Go library's
// JSON (HMAC struct order, legacy sorted map). Absent HMAC fields are zero
// or empty, as in the official Go library, and signed all the same.
var (
	fieldKinds = [...][numFields]uint8{
		HMACSHA256:  {fVer: kindString, fIdentifier: kindString, fSDKAppID: kindNumber, fExpire: kindNumber, fTime: kindNumber, fUserBuf: kindString, fSig: kindString | required},
		ECDSASHA256: {fIdentifier: kindString | required, fSDKAppIDStr: kindString | required, fTime: kindString | required, fExpireAfter: kindString | required, fAccountType: kindString | required, fAppIDAt3rd: kindString, fUserBuf: kindString, fSig: kindString | required, fVersion: kindString},
	}
	stsFields = [...][]int{
		HMACSHA256:  {fIdentifier, fSDKAppID, fTime, fExpire, fUserBuf},
		ECDSASHA256: {fAppIDAt3rd, fAccountType, fIdentifier, fSDKAppIDStr, fTime, fExpireAfter, fUserBuf},
	}
	docFields = [...][]int{
		HMACSHA256:  {fVer, fIdentifier, fSDKAppID, fExpire, fTime, fUserBuf, fSig},
		ECDSASHA256: {fAccountType, fAppIDAt3rd, fExpireAfter, fIdentifier, fSDKAppIDStr, fSig, fTime, fUserBuf, fVersion},
	}
)

type jsonField struct {
	kind uint8
	val  []byte // decoded string, or number text
}

// jsonDoc holds the known fields of a UserSig's JSON object, by index.
type jsonDoc [numFields]jsonField

// appendStringToSign appends the string to sign of d: a "name:value" line
// per field but the absent optional ones (userbuf, legacy appid_at_3rd).
func appendStringToSign(dst []byte, alg Algorithm, d *jsonDoc) []byte {
	for _, i := range stsFields[alg] {
		if d[i].kind != 0 || i != fUserBuf && i != fAppIDAt3rd {
			dst = append(append(dst, fieldNames[i]...), ':')
			dst = append(append(dst, d[i].val...), '\n')
		}
	}
	return dst
}

// appendDoc appends the JSON document of d as the official Go library of
// alg writes it, with the trailing newline of json.Encoder for HMAC.
func appendDoc(dst []byte, alg Algorithm, d *jsonDoc) []byte {
	sep := byte('{')
	for _, i := range docFields[alg] {
		if f := d[i]; f.kind != 0 {
			dst = append(append(dst, sep, '"'), fieldNames[i]...)
			dst, sep = append(dst, '"', ':'), ','
			if f.kind == kindString {
				dst = appendJSONString(dst, f.val)
			} else {
				dst = append(dst, f.val...)
			}
		}
	}
	if alg == HMACSHA256 {
		return append(dst, '}', '\n')
	}
	return append(dst, '}')
}

// appendJSONString appends s as encoding/json encodes it (HTML-safe,
// invalid UTF-8 as U+FFFD), as the official Go library does.
func appendJSONString(dst, s []byte) []byte {
	for _, c := range s {
		if c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(string(s)) // marshaling a string cannot fail
			return append(dst, b...)
		}
	}
	return append(append(append(dst, '"'), s...), '"')
}

// parseJSON parses doc, a strict RFC 8259 object (valid for encoding/json,
// valid UTF-8 without unpaired surrogate escapes, nested maxJSONDepth deep
// at most, no known field twice or in another case), into d, skipping unknown
// fields. Strings with escapes are decoded into *scratch, the others alias doc.
func parseJSON(doc []byte, d *jsonDoc, scratch *[]byte) error {
	if !json.Valid(doc) {
		var se *json.SyntaxError
		errors.As(json.Unmarshal(doc, new(any)), &se) // what json.Valid refuses is a syntax error
		return errorf(ErrMalformed, "invalid JSON at offset %d: %s", max(se.Offset-1, 0), se.Error())
	}
	if !utf8.Valid(doc) {
		return errorf(ErrMalformed, "invalid JSON: invalid UTF-8 in a string")
	}
	if i := len(doc) - len(bytes.TrimLeft(doc, " \t\r\n")); doc[i] != '{' {
		return errorf(ErrMalformed, "invalid JSON at offset %d: expected an object", i)
	}
	// At depth 1, a string is a name unless a value started at the last
	// ':'; the value ends at the next ',' or '}'.
	depth, field, value := 0, -1, 0
	for i := 0; i < len(doc); i++ {
		switch doc[i] {
		case '"':
			start := i
			for i++; doc[i] != '"'; i++ {
				if doc[i] != '\\' {
					continue
				}
				// A \u escape of a high surrogate must be followed by one of
				// a low surrogate.
				if i++; doc[i] == 'u' && utf16.IsSurrogate(hex4(doc[i+1:])) {
					if doc[i+5] != '\\' || doc[i+6] != 'u' || utf16.DecodeRune(hex4(doc[i+1:]), hex4(doc[i+7:])) == utf8.RuneError {
						return errorf(ErrMalformed, "invalid JSON at offset %d: unpaired UTF-16 surrogate in \\u escape", i-1)
					}
					i += 10
				}
			}
			if depth == 1 && value == 0 {
				// encoding/json (the official libraries) reads a name in another case as the field
				name := unquote(doc[start:i+1], scratch)
				if field = slices.Index(fieldNames[:], string(name)); field < 0 && slices.ContainsFunc(fieldNames[:], func(f string) bool { return bytes.EqualFold(name, []byte(f)) }) {
					return errorf(ErrMalformed, "the JSON has a TLS field's name in another case")
				}
			}
		case '{', '[':
			if depth++; depth > maxJSONDepth {
				return errorf(ErrMalformed, "invalid JSON at offset %d: nested too deeply", i)
			}
		case ':':
			if depth == 1 {
				value = i + 1
			}
		case ',', '}', ']':
			switch v := bytes.TrimSpace(doc[value:i]); {
			case depth != 1 || field < 0:
			case d[field].kind != 0:
				return errorf(ErrMalformed, "the JSON has a duplicate field %s", fieldNames[field])
			case v[0] == '"':
				d[field] = jsonField{kindString, unquote(v, scratch)}
			case v[0] == '-' || v[0] >= '0' && v[0] <= '9':
				d[field] = jsonField{kindNumber, v}
			default: // an object, array, true, false or null
				d[field] = jsonField{kind: kindOther}
			}
			if depth == 1 {
				field, value = -1, 0
			}
			if doc[i] != ',' {
				depth--
			}
		}
	}
	return nil
}

// hex4 reads the 4 hex digits that follow a valid \u escape.
func hex4(b []byte) rune {
	r, _ := strconv.ParseUint(string(b[:4]), 16, 16) // valid hex digits
	return rune(r)
}

// unquote returns the content of the valid JSON string q: a subslice of q
// when it has no escapes, or else its decoding appended to *scratch.
func unquote(q []byte, scratch *[]byte) []byte {
	if bytes.IndexByte(q, '\\') < 0 {
		return q[1 : len(q)-1 : len(q)-1]
	}
	var s string
	_ = json.Unmarshal(q, &s) // q is a valid JSON string
	off := len(*scratch)
	*scratch = append(*scratch, s...)
	return (*scratch)[off:len(*scratch):len(*scratch)]
}
