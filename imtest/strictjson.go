package imtest

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// misnamedKey returns the first key (in key order, depth first) of the
// JSON value v, decoded with encoding/json into any, that names no field
// of t exactly, "" when every key does: decodeRequest's only check of
// names. encoding/json matches keys to fields case-insensitively;
// Tencent's API 3.0 does not, so a request the server would otherwise
// read as ResourceList under "resourcelist" is one with an unknown field.
// It does not look inside a type that decodes itself (json.Unmarshaler),
// nor check anything but key names.
func misnamedKey(v any, t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(reflect.TypeFor[json.Unmarshaler]()) {
		return ""
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		fields := jsonFields(t, nil)
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			ft, ok := fields[k]
			if !ok {
				return k
			}
			if bad := misnamedKey(obj[k], ft); bad != "" {
				return bad
			}
		}
	case reflect.Slice, reflect.Array:
		list, _ := v.([]any)
		for _, e := range list {
			if bad := misnamedKey(e, t.Elem()); bad != "" {
				return bad
			}
		}
	case reflect.Map:
		obj, _ := v.(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			if bad := misnamedKey(obj[k], t.Elem()); bad != "" {
				return bad
			}
		}
	}
	return ""
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
