// Package wire holds the rules of the API 3.0 wire format that both the
// SDK and the reference server (imtest) follow: which family an error code
// belongs to, and which HTTP status a gateway failure of that family has.
// Every API 3.0 answer, errors included, is HTTP 200; a status is only what
// a gateway answers before any service does. It is internal: a Go user
// matches families with errors.Is against the client package's sentinels
// instead.
package wire

import (
	"net/http"
	"strings"
)

// Family is the family of an error code: that of the first prefix in
// families the code starts with (so InvalidParameterValue.X is
// InvalidParameter's).
type Family int

// The code families. Unknown is every code outside them.
const (
	Unknown Family = iota
	NotFound
	Auth
	LimitExceeded
	InvalidParameter
	FailedOperation
	Unsupported
	Throttled
	InUse
	Internal
)

// families maps a code prefix to its family and HTTP status, in the order
// they are tried.
var families = [...]struct {
	prefix string
	family Family
	status int
}{
	{"ResourceNotFound", NotFound, http.StatusNotFound},
	{"AuthFailure", Auth, http.StatusUnauthorized},
	{"UnauthorizedOperation", Auth, http.StatusForbidden},
	{"LimitExceeded", LimitExceeded, http.StatusBadRequest},
	{"InvalidParameter", InvalidParameter, http.StatusBadRequest}, // also InvalidParameterValue
	{"MissingParameter", InvalidParameter, http.StatusBadRequest},
	{"UnknownParameter", InvalidParameter, http.StatusBadRequest}, // an undefined parameter sent
	{"FailedOperation", FailedOperation, http.StatusBadRequest},
	{"UnsupportedOperation", Unsupported, http.StatusForbidden},
	{"RequestLimitExceeded", Throttled, http.StatusTooManyRequests},
	{"ResourceInUse", InUse, http.StatusConflict},
	{"InternalError", Internal, http.StatusInternalServerError},
	// "当前服务暂时不可用" (the service is unavailable for a moment), in
	// API 3.0's common error codes: the service failing, as InternalError.
	// ResourceUnavailable ("资源不可用") is a resource's state, not the
	// service's, and stays in no family.
	{"ServiceUnavailable", Internal, http.StatusServiceUnavailable},
}

func lookup(code string) (Family, int) {
	for _, f := range families {
		if strings.HasPrefix(code, f.prefix) {
			return f.family, f.status
		}
	}
	return Unknown, http.StatusBadRequest
}

// FamilyOf returns the family of an error code, Unknown for a code outside
// every family. It never fails.
func FamilyOf(code string) Family {
	f, _ := lookup(code)
	return f
}

// Transient reports whether an error code says the request may pass when
// sent again: throttling (Throttled), an internal error or an unavailable
// service (Internal). Other codes are the service refusing the request as
// it is.
func Transient(code string) bool {
	f := FamilyOf(code)
	return f == Throttled || f == Internal
}

// StatusForCode returns the HTTP status of a gateway failure named by an
// error code (imtest answers an injected non-numeric fault of the IM REST
// API with it; API 3.0 services answer every error with HTTP 200):
// 400 InvalidParameter*/MissingParameter/UnknownParameter/
// LimitExceeded*/FailedOperation*, 401 AuthFailure*,
// 403 UnauthorizedOperation*/UnsupportedOperation*, 404 ResourceNotFound*,
// 409 ResourceInUse*, 429 RequestLimitExceeded, 500 InternalError,
// 503 ServiceUnavailable; 400 for anything else. It never fails.
func StatusForCode(code string) int {
	_, s := lookup(code)
	return s
}
