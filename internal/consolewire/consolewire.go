// Package consolewire holds the bodies of the console actions that only
// the services (apps, admins, certs) and the reference server (imtest)
// name: the requests a service builds from its method's arguments and the
// answers it unwraps. A Go user never names them; the public packages
// export what a user calls. Their JSON is the wire format of
// docs/protocol.md. An answer that carries a service's model (an App, an
// Admin, a Certificate) takes that type as its parameter, since this
// package imports no service.
//
// A request body checks itself (Validate) with the rules of
// internal/rules, which its service's public checks call too, so the
// client's check before sending and imtest's on receipt are one code.
// The actions whose bodies check themselves are named here, and their
// services' Action constants are these.
package consolewire

import "github.com/imconsole/imconsole/client"

// RuleError is the *client.APIError of action for a broken rule of
// internal/rules (its code and message), nil when code is "" (no rule is
// broken).
func RuleError(action, code, message string) error {
	if code == "" {
		return nil
	}
	return client.ValidationError(action, code, message)
}
