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
// Certs, ...): with ctx for a context.Context, nil for a pointer and a
// plausible value for every other argument. Each call, and the first
// item of an iterator it returns, must return without panicking and,
// when its last result is an error, with one, unless its name
// ("Apps.List": field and method) is in optional, the methods documented
// to take a nil pointer. Variadic methods are left out.
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
				args = append(args, plausible(in))
			}
			if pointers == 0 {
				continue
			}
			name := v.Type().Field(i).Name + "." + svc.Type().Method(j).Name
			t.Run(name, func(t *testing.T) {
				out := m.Call(args)
				for _, o := range out {
					drain(o)
				}
				if n := len(out); n > 0 && out[n-1].Type() == errType && out[n-1].IsNil() && !slices.Contains(optional, name) {
					t.Errorf("%s with a nil request returned no error", name)
				}
			})
		}
	}
}

// plausible is a value of t a call would not refuse before it reads its
// request: nil for a pointer (the request under test), "x" for a string,
// 1400000001 for an integer (an SDKAppID's shape), the zero value else.
func plausible(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int32, reflect.Int64:
		v.SetInt(1400000001)
	case reflect.Uint, reflect.Uint32, reflect.Uint64:
		v.SetUint(1400000001)
	}
	return v
}

// drain runs an iterator a method returned (an iter.Seq2's shape: a func
// taking a yield func), taking its first item, so that a nil request it
// reads only when ranged is read.
func drain(v reflect.Value) {
	t := v.Type()
	if t.Kind() != reflect.Func || t.NumIn() != 1 || t.In(0).Kind() != reflect.Func || v.IsNil() {
		return
	}
	yield := reflect.MakeFunc(t.In(0), func([]reflect.Value) []reflect.Value { return []reflect.Value{reflect.ValueOf(false)} })
	v.Call([]reflect.Value{yield})
}
