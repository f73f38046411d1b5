package testkit

import (
	"context"
	"reflect"
	"slices"
	"testing"
)

// NilRequests calls, in a subtest each, every method that takes a pointer
// argument of every exported pointer field of *services (a
// restapi.Client's Groups, Messages, ..., an imconsole.Console's Apps,
// Certs, ...): with ctx for a context.Context and the zero value, nil
// for a pointer, for every other argument. Each call must return
// without panicking and, when its last result is an error, with one,
// unless its name ("Apps.List": field and method) is in optional, the
// methods documented to take a nil pointer. Variadic methods are left
// out.
func NilRequests(t *testing.T, ctx context.Context, services any, optional ...string) {
	t.Helper()
	ctxType := reflect.TypeFor[context.Context]()
	errType := reflect.TypeFor[error]()
	v := reflect.ValueOf(services).Elem()
	for i := range v.NumField() {
		svc := v.Field(i)
		if !v.Type().Field(i).IsExported() || svc.Kind() != reflect.Pointer || svc.IsNil() {
			continue
		}
		for j := range svc.NumMethod() {
			m := svc.Method(j)
			if m.Type().IsVariadic() {
				continue
			}
			var args []reflect.Value
			pointers := 0
			for k := range m.Type().NumIn() {
				in := m.Type().In(k)
				switch {
				case in == ctxType:
					args = append(args, reflect.ValueOf(ctx))
					continue
				case in.Kind() == reflect.Pointer:
					pointers++
				}
				args = append(args, reflect.Zero(in))
			}
			if pointers == 0 {
				continue
			}
			name := v.Type().Field(i).Name + "." + svc.Type().Method(j).Name
			t.Run(name, func(t *testing.T) {
				out := m.Call(args)
				if n := len(out); n > 0 && out[n-1].Type() == errType && out[n-1].IsNil() && !slices.Contains(optional, name) {
					t.Errorf("%s with a nil request returned no error", name)
				}
			})
		}
	}
}
