package client

import (
	"errors"
	"strconv"
	"strings"

	"github.com/imconsole/imconsole/internal/wire"
)

// Error families. An *APIError matches one of these with errors.Is according
// to the family of its Code (the part before the first dot), so callers can
// branch without listing every code:
//
//	if errors.Is(err, client.ErrNotFound) { ... }
//
// The comment of each sentinel lists the codes it covers. Other codes
// (ResourceUnavailable, ResourceInsufficient, InvalidAction,
// DryRunOperation ...) match none of them: test those with HasCode.
var (
	ErrNotFound         = errors.New("resource not found")            // ResourceNotFound.*
	ErrAuth             = errors.New("authentication failed")         // AuthFailure.*, UnauthorizedOperation.*
	ErrLimitExceeded    = errors.New("limit exceeded")                // LimitExceeded.*
	ErrInvalidParameter = errors.New("invalid parameter")             // InvalidParameter*, MissingParameter, UnknownParameter
	ErrFailedOperation  = errors.New("operation failed")              // FailedOperation.*
	ErrUnsupported      = errors.New("operation not supported")       // UnsupportedOperation.*
	ErrThrottled        = errors.New("request rate limit exceeded")   // RequestLimitExceeded*
	ErrInUse            = errors.New("resource already exists")       // ResourceInUse.*
	ErrInternal         = errors.New("internal error of the service") // InternalError*, ServiceUnavailable*, a gateway's HTTP 5xx
)

// sentinels is the sentinel of each code family (wire.FamilyOf).
var sentinels = [...]error{
	wire.NotFound:         ErrNotFound,
	wire.Auth:             ErrAuth,
	wire.LimitExceeded:    ErrLimitExceeded,
	wire.InvalidParameter: ErrInvalidParameter,
	wire.FailedOperation:  ErrFailedOperation,
	wire.Unsupported:      ErrUnsupported,
	wire.Throttled:        ErrThrottled,
	wire.InUse:            ErrInUse,
	wire.Internal:         ErrInternal,
}

// APIError is an error answered by the service, or found by the SDK's own
// validation before sending (then RequestID is empty and HTTPStatus is 0).
// Its message comes from the service and says what to change. An HTTP 5xx
// answer without a JSON Response envelope, the failure of the server or
// of a gateway in front of it, is one too: Code "InternalError" (it
// matches ErrInternal), HTTPStatus the status, RequestID empty.
type APIError struct {
	Action     string // the X-TC-Action of the call
	Code       string // e.g. "ResourceNotFound.App"
	Message    string // the service's (or the local check's) explanation
	RequestID  string // the answer's RequestId, for Tencent support; "" for a local refusal
	HTTPStatus int    // the answer's status (200 for every enveloped answer); 0 for a local refusal
}

// Error formats the error as "imconsole: <Action>: <Code>: <Message>
// (request <id>, HTTP <status>)", the parentheses holding only what is
// set: "(HTTP <status>)" for a gateway's failure, which has no RequestID,
// and none for the SDK's own checks.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("imconsole: ")
	if e.Action != "" {
		b.WriteString(e.Action)
		b.WriteString(": ")
	}
	b.WriteString(e.Code)
	b.WriteString(": ")
	b.WriteString(e.Message)
	var where []string
	if e.RequestID != "" {
		where = append(where, "request "+e.RequestID)
	}
	if e.HTTPStatus != 0 {
		where = append(where, "HTTP "+strconv.Itoa(e.HTTPStatus))
	}
	if len(where) > 0 {
		b.WriteString(" (" + strings.Join(where, ", ") + ")")
	}
	return b.String()
}

// Is reports whether target is the sentinel of e's code family.
func (e *APIError) Is(target error) bool {
	sentinel := sentinels[wire.FamilyOf(e.Code)]
	return sentinel != nil && sentinel == target
}

// HasCode reports whether err is an *APIError with exactly this code.
func HasCode(err error, code string) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Code == code
}

// ValidationError returns the *APIError the SDK reports when its own checks
// refuse a request before sending it. Servers answer the same code and
// message for the same input.
func ValidationError(action, code, message string) *APIError {
	return &APIError{Action: action, Code: code, Message: message}
}
