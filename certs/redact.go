package certs

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"strconv"
	"strings"

	"github.com/imconsole/imconsole/internal/certfields"
)

// field is one exported field of a struct of this package, embedded
// structs flattened as their JSON is.
type field struct {
	name   string
	value  reflect.Value
	secret bool
}

// fieldsOf lists the fields of rv, a struct.
func fieldsOf(rv reflect.Value) []field {
	var out []field
	t := rv.Type()
	for i := range t.NumField() {
		sf, fv := t.Field(i), rv.Field(i)
		switch {
		case !sf.IsExported():
		case sf.Anonymous && fv.Kind() == reflect.Struct:
			out = append(out, fieldsOf(fv)...)
		default:
			out = append(out, field{sf.Name, fv, certfields.IsSecret(sf.Name)})
		}
	}
	return out
}

// describe prints a struct of this package as Go-like text, with Masked in
// place of every non-empty secret field.
func describe(v any) string {
	var b strings.Builder
	rv := reflect.ValueOf(v)
	b.WriteString(rv.Type().String())
	describeStruct(&b, rv)
	return b.String()
}

func describeStruct(b *strings.Builder, rv reflect.Value) {
	b.WriteByte('{')
	for i, f := range fieldsOf(rv) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.name)
		b.WriteString(": ")
		describeValue(b, f.secret, f.value)
	}
	b.WriteByte('}')
}

func describeValue(b *strings.Builder, secret bool, fv reflect.Value) {
	switch {
	case secret && fv.Len() == 0:
		b.WriteString(`""`)
	case secret:
		b.WriteString(Masked)
	case fv.Kind() == reflect.String:
		b.WriteString(strconv.Quote(fv.String()))
	case fv.Kind() == reflect.Pointer && fv.IsNil():
		b.WriteString("nil")
	case fv.Kind() == reflect.Pointer:
		b.WriteByte('&')
		describeValue(b, false, fv.Elem())
	case fv.Kind() == reflect.Struct:
		describeStruct(b, fv)
	default:
		fmt.Fprint(b, fv.Interface())
	}
}

// logValue is describe for slog: a group of the fields, secrets masked,
// empty strings and nil pointers left out.
func logValue(v any) slog.Value {
	return slog.GroupValue(logAttrs(reflect.ValueOf(v))...)
}

func logAttrs(rv reflect.Value) []slog.Attr {
	var attrs []slog.Attr
	for _, f := range fieldsOf(rv) {
		fv := f.value
		switch {
		case (f.secret || fv.Kind() == reflect.String) && fv.Len() == 0, fv.Kind() == reflect.Pointer && fv.IsNil():
		case f.secret:
			attrs = append(attrs, slog.String(f.name, Masked))
		case fv.Kind() == reflect.String:
			attrs = append(attrs, slog.String(f.name, fv.String()))
		case fv.Kind() == reflect.Pointer || fv.Kind() == reflect.Struct:
			attrs = append(attrs, slog.Attr{Key: f.name, Value: slog.GroupValue(logAttrs(reflect.Indirect(fv))...)})
		default:
			attrs = append(attrs, slog.Any(f.name, fv.Interface()))
		}
	}
	return attrs
}

// maskedJSON is the JSON of a credential: an object of the attributes
// logValue gives (secrets Masked, empty fields left out).
func maskedJSON(v any) ([]byte, error) {
	m := map[string]any{}
	for _, a := range logAttrs(reflect.ValueOf(v)) {
		m[a.Key] = a.Value.Any()
	}
	return json.Marshal(m)
}

// writeString is the body of every Format method here.
func writeString(f fmt.State, s string) { _, _ = f.Write([]byte(s)) }
