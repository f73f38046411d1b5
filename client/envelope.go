package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/imconsole/imconsole/internal/transport"
)

// envelope is the status part of an answer's Response object, found by
// walking the members of the JSON document (keys matched as encoding/json
// matches them: escapes decoded, case folded, the last one winning), not by
// searching its bytes.
type envelope struct {
	present   bool   // a Response object is there
	errValue  []byte // the Error member's JSON value, nil when absent
	requestID []byte // the RequestId member's JSON value, nil when absent
}

// decodeResponse turns a reply into resp or an error. The caller's fields
// are decoded in the one json.Unmarshal that also checks the whole body;
// the envelope's few members are read from the same bytes.
func decodeResponse(action string, reply *transport.Reply, resp any) error {
	status, body := reply.StatusCode, reply.Body
	env := scanEnvelope(body)
	notEnvelope := func(why any) error {
		return fmt.Errorf("imconsole: %s: HTTP %d with a body that is not a JSON Response envelope (%v); check the endpoint points at the IM console API", action, status, why)
	}
	var apiErr *apiError
	if env.errValue != nil {
		if err := json.Unmarshal(env.errValue, &apiErr); err != nil {
			return notEnvelope(err)
		}
	}
	if apiErr == nil && status < 300 && resp != nil {
		if err := json.Unmarshal(body, &struct{ Response any }{resp}); err != nil {
			var ute *json.UnmarshalTypeError
			if env.present && errors.As(err, &ute) {
				return fmt.Errorf("imconsole: %s: decoding response: %w", action, err)
			}
			return notEnvelope(err)
		}
	} else if !json.Valid(body) {
		return notEnvelope("invalid JSON")
	}
	var requestID string
	if v := env.requestID; len(v) >= 2 && v[0] == '"' && bytes.IndexByte(v, '\\') < 0 {
		requestID = string(v[1 : len(v)-1]) // the body is valid JSON: nothing to unescape
	} else if v != nil {
		if err := json.Unmarshal(v, &requestID); err != nil {
			return notEnvelope(err)
		}
	}
	if apiErr != nil {
		return &APIError{Action: action, Code: apiErr.Code, Message: apiErr.Message, RequestID: requestID, HTTPStatus: status}
	}
	if status >= 300 {
		return &APIError{Action: action, Code: "InternalError", Message: fmt.Sprintf("HTTP %d without an error in the Response", status), RequestID: requestID, HTTPStatus: status}
	}
	if !env.present || requestID == "" {
		return notEnvelope("no Response object with an Error or a RequestId")
	}
	return nil
}

type apiError struct {
	Code    string
	Message string
}

// scanEnvelope finds the Response object of body and its Error and
// RequestId members. It never fails: for a body that is not valid JSON
// the caller's json.Unmarshal or json.Valid reports the error, so the walk
// only has to stay within bounds.
func scanEnvelope(body []byte) envelope {
	var env envelope
	walkObject(body, skipSpace(body, 0), func(key, value []byte) {
		if !keyIs(key, "Response") {
			return
		}
		if len(value) == 0 || value[0] != '{' {
			env = envelope{} // null empties it; anything else is not an envelope
			return
		}
		env.present = true // a repeated Response merges, as in encoding/json
		walkObject(value, 0, func(key, value []byte) {
			switch {
			case keyIs(key, "Error"):
				env.errValue = value
				if string(value) == "null" {
					env.errValue = nil
				}
			case keyIs(key, "RequestId"):
				env.requestID = value
			}
		})
	})
	return env
}

// keyIs reports whether the raw (still quoted) JSON key names the field
// name as encoding/json would match it.
func keyIs(raw []byte, name string) bool {
	if bytes.IndexByte(raw, '\\') < 0 {
		return len(raw) >= 2 && bytes.EqualFold(raw[1:len(raw)-1], []byte(name))
	}
	var k string
	return json.Unmarshal(raw, &k) == nil && bytes.EqualFold([]byte(k), []byte(name))
}

// walkObject calls member for each member of the object at b[i] with its
// raw key (quotes included) and raw value. It stops at anything that is not
// well-formed.
func walkObject(b []byte, i int, member func(key, value []byte)) {
	if i >= len(b) || b[i] != '{' {
		return
	}
	i++
	for {
		i = skipSpace(b, i)
		if i >= len(b) || b[i] != '"' {
			return
		}
		kEnd := skipValue(b, i)
		key := b[i:kEnd]
		i = skipSpace(b, kEnd)
		if i >= len(b) || b[i] != ':' {
			return
		}
		i = skipSpace(b, i+1)
		vEnd := skipValue(b, i)
		if vEnd <= i {
			return
		}
		member(key, b[i:vEnd])
		i = skipSpace(b, vEnd)
		if i >= len(b) || b[i] != ',' {
			return
		}
		i++
	}
}

// skipValue returns the end of the JSON value starting at b[i]: past the
// closing quote or bracket, or past the last character of a literal.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		for i++; i < len(b); i++ {
			switch b[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return len(b)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = skipValue(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	}
	for ; i < len(b); i++ {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return i
		}
	}
	return i
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}
