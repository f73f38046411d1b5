package certs

import (
	"fmt"
	"log/slog"
	"reflect"
	"strconv"
	"strings"
)

// secretFields are the Go field names holding secrets, in every type of
// this package that has them.
var secretFields = map[string]bool{
	"P12":                true,
	"Password":           true,
	"P12Password":        true,
	"Key":                true, // APNsToken.Key
	"P8Key":              true,
	"AppSecret":          true,
	"ClientSecret":       true,
	"MasterSecret":       true,
	"ServiceAccountJSON": true,
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
	first := true
	var walk func(rv reflect.Value)
	walk = func(rv reflect.Value) {
		t := rv.Type()
		for i := range t.NumField() {
			sf, fv := t.Field(i), rv.Field(i)
			if !sf.IsExported() {
				continue
			}
			if sf.Anonymous && fv.Kind() == reflect.Struct {
				walk(fv) // flatten embedded structs, as their JSON is
				continue
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			b.WriteString(sf.Name)
			b.WriteString(": ")
			describeValue(b, sf.Name, fv)
		}
	}
	walk(rv)
	b.WriteByte('}')
}

func describeValue(b *strings.Builder, name string, fv reflect.Value) {
	if secretFields[name] {
		if fv.Len() == 0 {
			b.WriteString(`""`)
		} else {
			b.WriteString(Masked)
		}
		return
	}
	switch fv.Kind() {
	case reflect.String:
		b.WriteString(strconv.Quote(fv.String()))
	case reflect.Pointer:
		if fv.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteByte('&')
		describeValue(b, name, fv.Elem())
	case reflect.Struct:
		describeStruct(b, fv)
	default:
		fmt.Fprint(b, fv.Interface())
	}
}

// logValue is describe for slog: a group of the fields, secrets masked.
func logValue(v any) slog.Value {
	return slog.GroupValue(logAttrs(reflect.ValueOf(v))...)
}

func logAttrs(rv reflect.Value) []slog.Attr {
	var attrs []slog.Attr
	t := rv.Type()
	for i := range t.NumField() {
		sf, fv := t.Field(i), rv.Field(i)
		if !sf.IsExported() {
			continue
		}
		if sf.Anonymous && fv.Kind() == reflect.Struct {
			attrs = append(attrs, logAttrs(fv)...)
			continue
		}
		switch {
		case secretFields[sf.Name]:
			if fv.Len() > 0 {
				attrs = append(attrs, slog.String(sf.Name, Masked))
			}
		case fv.Kind() == reflect.String:
			if fv.Len() > 0 {
				attrs = append(attrs, slog.String(sf.Name, fv.String()))
			}
		case fv.Kind() == reflect.Pointer:
			if !fv.IsNil() {
				attrs = append(attrs, slog.Attr{Key: sf.Name, Value: slog.GroupValue(logAttrs(fv.Elem())...)})
			}
		case fv.Kind() == reflect.Struct:
			attrs = append(attrs, slog.Attr{Key: sf.Name, Value: slog.GroupValue(logAttrs(fv)...)})
		default:
			attrs = append(attrs, slog.Any(sf.Name, fv.Interface()))
		}
	}
	return attrs
}

// writeString is the body of every Format method here.
func writeString(f fmt.State, s string) { _, _ = f.Write([]byte(s)) }
