// Package console holds what the console services (apps, admins, certs)
// do alike, so each rule is written once. Their requests go to
// client.Client.Call wrapped in Checked, and the client refuses an action
// it cannot send (client.ErrConsoleOnly under client.WithTencentCloud)
// before a request's own check runs: that refusal comes first whatever
// the request holds. The client imports this package, so it imports no
// package of the SDK.
package console

import "fmt"

// Validator is a request body that checks itself as the console would.
type Validator interface {
	Validate() error
}

// Wired is a request whose body on the wire is not its own JSON: its
// JSON masks secrets the wire carries (certs.CreateRequest and
// UpdateRequest). The client sends the JSON of WireBody instead.
type Wired interface {
	WireBody() any
}

// Checked is a request body to check before it is sent. CallService,
// given one, first refuses what it refuses for any body (ErrConsoleOnly,
// an unknown service), then fails with the error of Body.Validate, the
// console's own, or sends Body.
type Checked struct{ Body Validator }

// Refused is a Checked that fails its check with err, for arguments that
// make no body to send (a nil request, a missing ID): nothing is sent.
// err must not be nil.
func Refused(err error) Checked { return Checked{Body: refusal{err}} }

// refusal is a body whose check always fails with err.
type refusal struct{ err error }

func (r refusal) Validate() error { return r.err }

// NoResult is the error of a success answer without what action returns
// (what: "App", "Admin", ...), which only an endpoint that does not serve
// the console protocol gives: the services return it instead of a nil
// result with a nil error.
func NoResult(action, what string) error {
	return fmt.Errorf("imconsole: %s: the answer has no %s; check the endpoint serves the IM console protocol (docs/protocol.md)", action, what)
}

// Result is what a service returns for a call of action whose answer
// carries one result, got (what names it, as for NoResult): err, the
// call's error, when it is not nil; else got, or NoResult when the answer
// held none. Read got from the response after the call has returned (in
// a statement of its own), not among the call's own arguments.
func Result[T any](action, what string, got *T, err error) (*T, error) {
	switch {
	case err != nil:
		return nil, err
	case got == nil:
		return nil, NoResult(action, what)
	}
	return got, nil
}
