package imtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"

	"github.com/imconsole/imconsole/restapi"
)

// maxCheckedDepth bounds how deep names are checked: a value nested
// deeper is read whole by encoding/json, which refuses nesting past its
// own limit.
const maxCheckedDepth = 32

// maxValues bounds the values (members and list items, at any depth) of a
// console body, counted before the body is decoded into Go values, which
// would cost tens of bytes per value of a body of empty objects or
// strings: no request has nearly that many (GetResources, among the
// largest, has at most 10 resources and 6 filters of 10 values).
const maxValues = 10_000

// errNotObject, errTrailing and errTooMany are checkNames' refusals of a
// body that is valid JSON, or valid so far, but not one object alone of
// at most maxValues values.
var (
	errNotObject = errors.New("not a JSON object")
	errTrailing  = errors.New("data after the JSON object")
	errTooMany   = errors.New("more values than any request has")
)

// checkNames reads body, which must be one JSON object decoding into v
// followed by nothing but white space, and returns its first key (in
// body order, depth first) that names no field of the Go type its value
// decodes into, and whether there is one (the key may be ""):
// decodeRequest's only check of names. encoding/json matches keys to
// fields case-insensitively; Tencent's API 3.0 does not, so a request the
// server would otherwise read as ResourceList under "resourcelist" is one
// with an unknown field. It looks inside a type that decodes itself
// (json.Unmarshaler) only when it is a struct (checked), and checks
// nothing but key names. It reads token by token and keeps no decoded
// value, only each struct type's fields once, so its memory stays a small
// multiple of the body's however many objects it holds. It fails with
// encoding/json's error for a body that is not valid JSON, errNotObject,
// errTrailing, or errTooMany past maxValues values (those nested deeper
// than maxCheckedDepth count as one).
func checkNames(body io.Reader, v any) (string, bool, error) {
	c, err := readNames(body, v, nil)
	if err != nil {
		return "", false, err
	}
	return c.bad, c.found, nil
}

// exactNames is body with every key that names a field of v's Go type in
// another case only ("groupid" for GroupId) renamed "!" + key, so that
// encoding/json, which would match it, skips it as an unknown field:
// Tencent's REST API reads names exactly and ignores those it does not
// know, so a field sent misnamed is a field not sent. A message body's
// elements are read by the names of the content their exact MsgType
// picks (elementShape). Keys inside what checkNames does not look into
// are kept, and so is a body readNames refuses, for json.Unmarshal to
// judge. Any other body comes back as it was, the same slice.
func exactNames(body []byte, v any) []byte {
	c, err := readNames(bytes.NewReader(body), v, body)
	if err != nil || len(c.miscased) == 0 {
		return body
	}
	out := make([]byte, 0, len(body)+len(c.miscased))
	last := 0
	for _, at := range c.miscased {
		q := int(at) + bytes.IndexByte(body[at:], '"') + 1 // after the key's opening quote
		out = append(append(out, body[last:q]...), '!')
		last = q
	}
	return append(out, body[last:]...)
}

// readNames reads body as checkNames describes, returning what it found;
// given the body's bytes too (whole), it reads elements' contents as well.
func readNames(body io.Reader, v any, whole []byte) (*nameCheck, error) {
	c := &nameCheck{d: json.NewDecoder(body), fields: map[reflect.Type]map[string]reflect.Type{}, body: whole}
	c.d.UseNumber() // only names are looked at here; v's types judge the values
	tok, err := c.d.Token()
	switch {
	case err != nil:
		return nil, err
	case tok != json.Delim('{'):
		return nil, errNotObject
	}
	if err := c.object(checked(reflect.TypeOf(v)), 1); err != nil {
		return nil, err
	}
	if _, err := c.d.Token(); err != io.EOF {
		return nil, errTrailing
	}
	return c, nil
}

// nameCheck is the state of one readNames.
type nameCheck struct {
	d        *json.Decoder
	fields   map[reflect.Type]map[string]reflect.Type // jsonFields of each struct type met
	bad      string                                   // the first misnamed key
	found    bool                                     // whether bad is one
	miscased []int64                                  // where each key naming a field in another case starts in the body (at or before its quote)
	values   int                                      // the values read
	body     []byte                                   // the whole body, when elements' contents are read too (exactNames)
	base     int64                                    // where d's input starts in body
}

// value reads the next value, which decodes into t; the names inside a t
// whose names are not checked (nil: an unknown field's value, or a type
// that decodes itself) are not looked at, but its values are counted. A
// value nested deeper than maxCheckedDepth is read whole, as one value.
func (c *nameCheck) value(t reflect.Type, depth int) error {
	if c.values++; c.values > maxValues {
		return errTooMany
	}
	if depth > maxCheckedDepth {
		var skip json.RawMessage
		return c.d.Decode(&skip)
	}
	if c.body != nil && t == reflect.TypeFor[restapi.Element]() {
		return c.element(depth)
	}
	t = checked(t)
	tok, err := c.d.Token()
	switch {
	case err != nil:
		return err
	case tok == json.Delim('{'):
		return c.object(t, depth)
	case tok == json.Delim('['):
		var elem reflect.Type // nil: not checked, or an array where t wants an object, which json.Unmarshal refuses
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for c.d.More() {
			if err := c.value(elem, depth+1); err != nil {
				return err
			}
		}
		_, err = c.d.Token()
	}
	return err // a scalar where t wants a list or an object: json.Unmarshal judges it
}

// object reads the members of an object whose '{' was read, which decodes
// into t (nil: not checked; a list type: refused by json.Unmarshal, so
// not checked either), and its '}'.
func (c *nameCheck) object(t reflect.Type, depth int) error {
	for c.d.More() {
		at := c.d.InputOffset()
		tok, err := c.d.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		var next reflect.Type
		switch {
		case t == nil:
		case t.Kind() == reflect.Struct:
			fields := c.structFields(t)
			var ok bool
			if next, ok = fields[key]; !ok {
				if !c.found {
					c.bad, c.found = key, true
				}
				for name := range fields {
					if strings.EqualFold(name, key) {
						c.miscased = append(c.miscased, c.base+at)
						break
					}
				}
			}
		case t.Kind() == reflect.Map:
			next = t.Elem()
		}
		if err := c.value(next, depth+1); err != nil {
			return err
		}
	}
	_, err := c.d.Token()
	return err
}

// element reads an element of a message body by elementShape's names,
// counting its values with the others'.
func (c *nameCheck) element(depth int) error {
	at := c.base + c.d.InputOffset()
	var raw json.RawMessage
	if err := c.d.Decode(&raw); err != nil {
		return err
	}
	shape := elementShape(raw)
	if shape == nil {
		return nil
	}
	start := at + int64(bytes.IndexByte(c.body[at:], '{')) // raw is an object: its '{' is the first after at
	sub := &nameCheck{d: json.NewDecoder(bytes.NewReader(raw)), fields: c.fields, body: c.body, base: start, values: c.values}
	sub.d.UseNumber()
	if _, err := sub.d.Token(); err != nil {
		return err
	}
	err := sub.object(checked(shape), depth)
	c.values, c.miscased = sub.values, append(c.miscased, sub.miscased...)
	return err
}

// elementShape is what an element's names are read by: MsgType, and
// MsgContent of the content type its MsgType (named exactly) picks as
// restapi.Element decodes it; restapi.Element itself (MsgType and
// MsgContent, whose names are not read) when it has no such MsgType or
// one restapi does not model (RawContent); nil when it is not an object.
func elementShape(raw []byte) reflect.Type {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || m == nil { // not an object (null decodes to a nil map)
		return nil
	}
	var e restapi.Element
	if m["MsgType"] == nil || json.Unmarshal([]byte(`{"MsgType":`+string(m["MsgType"])+`,"MsgContent":{}}`), &e) != nil || e.MsgContent == nil {
		return reflect.TypeFor[restapi.Element]()
	}
	if _, unmodelled := e.MsgContent.(restapi.RawContent); unmodelled {
		return reflect.TypeFor[restapi.Element]()
	}
	return reflect.StructOf([]reflect.StructField{
		{Name: "MsgType", Type: reflect.TypeFor[string](), Tag: `json:"MsgType"`},
		{Name: "MsgContent", Type: reflect.TypeOf(e.MsgContent), Tag: `json:"MsgContent"`},
	})
}

// checked is t without pointers when the names of its values are checked
// (a struct, or a slice, array or string-keyed map of values that may
// be), nil otherwise. A struct that decodes itself is read by its fields'
// names (restapi.Element by MsgType and MsgContent, a body of
// v4_legacy.go by its request's): the older names such a body also takes
// are unknown to it, so checkNames must not meet one (no console request
// decodes itself).
func checked(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || (t.Kind() != reflect.Struct && reflect.PointerTo(t).Implements(reflect.TypeFor[json.Unmarshaler]())) {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Slice, reflect.Array:
		return t
	case reflect.Map:
		if t.Key().Kind() == reflect.String {
			return t
		}
	}
	return nil
}

// structFields is jsonFields of struct type t, computed once per check.
func (c *nameCheck) structFields(t reflect.Type) map[string]reflect.Type {
	f, ok := c.fields[t]
	if !ok {
		f = jsonFields(t, nil)
		c.fields[t] = f
	}
	return f
}

// jsonFields adds to into, and returns, the JSON name and type of every
// field encoding/json decodes of struct type t, an embedded struct's
// promoted ones included; a field of t wins over a promoted one of the
// same name.
func jsonFields(t reflect.Type, into map[string]reflect.Type) map[string]reflect.Type {
	if into == nil {
		into = map[string]reflect.Type{}
	}
	var embedded []reflect.Type
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case f.Anonymous && name == "" && ft.Kind() == reflect.Struct:
			embedded = append(embedded, ft)
		case !f.IsExported():
		default:
			if name == "" {
				name = f.Name
			}
			into[name] = f.Type
		}
	}
	for _, et := range embedded {
		for name, ft := range jsonFields(et, nil) {
			if _, taken := into[name]; !taken {
				into[name] = ft
			}
		}
	}
	return into
}
