package imtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/imconsole/imconsole/certs"
	"github.com/imconsole/imconsole/restapi"
)

// misnamedKeys is the reference checkNames is held to: every key of the
// JSON value v (decoded into any) that names no field of t, found by
// walking the decoded value, as the server did before it read tokens.
func misnamedKeys(v any, t reflect.Type) map[string]bool {
	bad := map[string]bool{}
	var walk func(v any, t reflect.Type)
	walk = func(v any, t reflect.Type) {
		if t = checked(t); t == nil {
			return
		}
		switch t.Kind() {
		case reflect.Struct:
			obj, _ := v.(map[string]any)
			fields := jsonFields(t, nil)
			for k, e := range obj {
				ft, ok := fields[k]
				if !ok {
					bad[k] = true
				}
				walk(e, ft)
			}
		case reflect.Slice, reflect.Array:
			list, _ := v.([]any)
			for _, e := range list {
				walk(e, t.Elem())
			}
		case reflect.Map:
			obj, _ := v.(map[string]any)
			for _, e := range obj {
				walk(e, t.Elem())
			}
		}
	}
	walk(v, t)
	return bad
}

// duplicateKeys reports whether an object of the valid JSON body has a
// key twice: decoded into any, only the last of them is left to look at.
func duplicateKeys(body []byte) bool {
	type frame struct {
		keys    map[string]bool // nil for an array
		wantKey bool
	}
	d := json.NewDecoder(bytes.NewReader(body))
	var stack []*frame
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch {
		case tok == json.Delim('}') || tok == json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				stack[len(stack)-1].wantKey = true
			}
			continue
		case top != nil && top.keys != nil && top.wantKey:
			k := tok.(string)
			if top.keys[k] {
				return true
			}
			top.keys[k], top.wantKey = true, false
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{keys: map[string]bool{}, wantKey: true})
		case json.Delim('['):
			stack = append(stack, &frame{})
		default:
			if top != nil {
				top.wantKey = true
			}
		}
	}
}

// FuzzCheckNames holds checkNames, the token reader every console body
// goes through before it is decoded, to encoding/json and to the
// reference walk over the decoded value: it accepts exactly the bodies
// that are one JSON object (or refuses them as too many values), and
// finds a misnamed key exactly when the walk does, one of those the walk
// finds. The walk shares jsonFields and checked with checkNames, so it
// holds the reading of tokens, not the field tables (the conformance
// table's UnknownParameter rows hold those) (a body with a key
// twice in one object may have more: the reference sees only the last).
func FuzzCheckNames(f *testing.F) {
	for _, s := range []string{
		`{}`, ` {"Tags":[{"TagKey":"a","TagValue":"b"}]} `, `{"tags":[]}`, `{"Tags":[{"tagkey":"a"}]}`,
		`{"ResourceList":["x"],"Tags":[{"TagKey":"a"}],"Tags":[{"Bad":1}]}`, `{"Tags":{"TagKey":"a"}}`,
		`{"SdkAppId":1,"ClickAction":{"Type":"OpenApp","Nope":[[[]]]}}`, `{"Unknown":{"deep":[1,{"x":null}]}}`,
		`{"TagFilters":[{"TagKey":"k","TagValue":["a","b"]}],"MaxResults":5}`, `{} {}`, `[]`, `null`, `{"a":}`,
		`{"Tags":[` + string(bytes.Repeat([]byte(`{},`), 10)) + `{}]}`,
	} {
		for i := range 3 {
			f.Add(uint8(i), []byte(s))
		}
	}
	types := []func() any{
		func() any { return new(tagResourcesRequest) },
		func() any { return new(certs.CreateRequest) },
		func() any { return new(getResourcesRequest) },
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		v := types[int(which)%len(types)]()
		bad, found, err := checkNames(bytes.NewReader(body), v)
		var ref any
		d := json.NewDecoder(bytes.NewReader(body))
		d.UseNumber()
		decodeErr := d.Decode(&ref)
		_, tokErr := d.Token()
		_, isObject := ref.(map[string]any)
		oneObject := decodeErr == nil && tokErr == io.EOF && isObject
		switch {
		case errors.Is(err, errTooMany):
			if bytes.Count(body, []byte(",")) < maxValues/2 && bytes.Count(body, []byte(":")) < maxValues/2 {
				t.Fatalf("too many values in a body of %d bytes: %q", len(body), body)
			}
			return
		case (err == nil) != oneObject:
			t.Fatalf("checkNames %v, encoding/json decode %v, trailing %v, object %v: %q", err, decodeErr, tokErr, isObject, body)
		case err != nil:
			return
		}
		want := misnamedKeys(ref, reflect.TypeOf(v))
		if duplicateKeys(body) {
			if len(want) > 0 && !found {
				t.Fatalf("checkNames found nothing, the reference %v: %q", want, body)
			}
			return
		}
		if found != (len(want) > 0) || (found && !want[bad]) {
			t.Fatalf("checkNames found %q, the reference %v: %q", bad, want, body)
		}
	})
}

// TestCheckNamesCountsUnknownFieldsValues: the values inside an unknown
// field count toward maxValues as any others do, so such a body is
// refused as too large (InvalidParameter), not read whole and answered
// UnknownParameter; within the bound, the unknown field is still found.
func TestCheckNamesCountsUnknownFieldsValues(t *testing.T) {
	t.Parallel()
	body := func(n int) []byte {
		return []byte(`{"Nope":[` + string(bytes.Repeat([]byte(`{"a":1},`), n)) + `{}]}`)
	}
	_, _, err := checkNames(bytes.NewReader(body(maxValues)), new(getResourcesRequest))
	if !errors.Is(err, errTooMany) {
		t.Fatalf("checkNames = %v, want errTooMany", err)
	}
	bad, found, err := checkNames(bytes.NewReader(body(100)), new(getResourcesRequest))
	if err != nil || !found || bad != "Nope" {
		t.Fatalf("checkNames = %q, %v, %v; want the unknown field Nope", bad, found, err)
	}
}

// FuzzExactNames holds exactNames, which every REST body goes through
// before it is decoded, to a reference walk over the decoded value: the
// body it returns decodes to the body's value with exactly the keys that
// name a field in another case renamed "!" + key, and a body without such
// a key (or one readNames refuses) comes back as the same slice.
func FuzzExactNames(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"userid":"a"}`, `{"UserID":"a","userId":"b"}`, ` { "userid" : "a" , "Nick":"n"} `,
		`{"MemberList":[{"member_account":"b"}],"owner_account":"a"}`, `{"Group\u0049d":"g","groupid":"h"}`,
		`{"MsgBody":[{"msgtype":"TIMTextElem","MsgContent":{"text":"hi"}}],"From_account":"a"}`,
		`{"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"text":"hi","Text":"x"}},{"MsgType":"TIMCustomElem","MsgContent":{"data":"d","Desc":"e"}}]}`,
		`{"MsgBody":[{"MsgType":"TIMImageElem","MsgContent":{"UUID":"u","imageinfoarray":[{"type":1}],"ImageInfoArray":[{"type":1,"URL":"x"}]}}]}`,
		`{"MsgBody":[{"MsgType":"TIMUnknownElem","MsgContent":{"text":"kept"}}, 5, {"MsgType":7}]}`,
		`{"AppDefinedData":[{"key":"k","Value":"v"}]}`, `{"x":{"userid":1}}`, `{"userid":}`, `[]`,
	} {
		for i := range 3 {
			f.Add(uint8(i), []byte(s))
		}
	}
	types := []func() any{
		func() any { return new(accountBody) },
		func() any { return new(restapi.CreateGroupRequest) },
		func() any { return new(restapi.SendMsgRequest) },
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		v := types[int(which)%len(types)]()
		out := exactNames(body, v)
		var ref any
		d := json.NewDecoder(bytes.NewReader(body))
		d.UseNumber()
		if _, err := readNames(bytes.NewReader(body), v, body); err != nil || d.Decode(&ref) != nil || duplicateKeys(body) {
			if err != nil && !bytes.Equal(out, body) {
				t.Fatalf("a body readNames refuses (%v) was changed: %q → %q", err, body, out)
			}
			return
		}
		want, renamed := renameMiscased(ref, reflect.TypeOf(v))
		if !renamed {
			if len(out) != len(body) || &out[0] != &body[0] {
				t.Fatalf("a body without a miscased key was copied or changed: %q → %q", body, out)
			}
			return
		}
		if duplicateKeys(out) {
			return // a renamed key met one already named so: the reference keeps only one
		}
		var got any
		d = json.NewDecoder(bytes.NewReader(out))
		d.UseNumber()
		if err := d.Decode(&got); err != nil {
			t.Fatalf("exactNames made invalid JSON (%v): %q → %q", err, body, out)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("exactNames %q → %q decodes to %v, want %v", body, out, got, want)
		}
	})
}

// renameMiscased is the reference exactNames is held to: the JSON value v
// with each key of an object decoding into a struct of t that names one of
// its fields only in another case renamed "!" + key, and whether any was.
func renameMiscased(v any, t reflect.Type) (any, bool) {
	if t == reflect.TypeFor[restapi.Element]() { // read by its content's names, as exactNames reads it
		b, _ := json.Marshal(v)
		if shape := elementShape(b); shape != nil {
			t = shape
		}
	}
	if t = checked(t); t == nil {
		return v, false
	}
	renamed := false
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return v, false
		}
		fields := jsonFields(t, nil)
		out := map[string]any{}
		for k, e := range obj {
			ft, exact := fields[k]
			if !exact {
				for name := range fields {
					if strings.EqualFold(name, k) {
						k, renamed = "!"+k, true
						break
					}
				}
			}
			e, r := renameMiscased(e, ft)
			out[k], renamed = e, renamed || r
		}
		return out, renamed
	case reflect.Slice, reflect.Array:
		list, ok := v.([]any)
		if !ok {
			return v, false
		}
		out := make([]any, len(list))
		for i, e := range list {
			var r bool
			out[i], r = renameMiscased(e, t.Elem())
			renamed = renamed || r
		}
		return out, renamed
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return v, false
		}
		out := map[string]any{}
		for k, e := range obj {
			var r bool
			out[k], r = renameMiscased(e, t.Elem())
			renamed = renamed || r
		}
		return out, renamed
	}
	return v, false
}

// TestExactNamesBesideOddElements: an element that is null, a number or
// an object of a MsgType restapi does not model is read as it is and
// does not keep the rest of the body from being renamed.
func TestExactNamesBesideOddElements(t *testing.T) {
	t.Parallel()
	for _, elem := range []string{`null`, `5`, `{"MsgType":"TIMNewElem","MsgContent":{"text":"kept"}}`, `{"msgtype":"TIMTextElem"}`} {
		body := []byte(`{"msgrandom":1,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"a"}},` + elem + `]}`)
		out := string(exactNames(body, new(restapi.SendMsgRequest)))
		assert.Contains(t, out, `"!msgrandom"`, "beside %s", elem)
		if strings.Contains(elem, "kept") {
			assert.Contains(t, out, `"text":"kept"`, "an unmodelled content is kept as it is")
		}
	}
}
