package client

import (
	"net/http"
	"strings"
	"time"

	"github.com/imconsole/imconsole/internal/transport"
	"github.com/imconsole/imconsole/internal/wire"
)

// retryDecision is the client's retry policy after one attempt: reply and
// its decoded envelope (env, or envErr when the body did not parse), or
// the network error err. The envelope decides, whatever the HTTP status,
// because Tencent answers every error with HTTP 200:
//
//   - RequestLimitExceeded* is retried always (a throttled request was
//     not applied), after what Retry-After asks when present;
//   - InternalError* and ServiceUnavailable are retried when the request
//     is repeatable (a read, or a write with its ClientToken, which the
//     service answers from its first response);
//   - every other error code is final: it becomes the *APIError.
//
// A network error is retried when the request is repeatable. An answer
// without an error envelope is a gateway's, not the service's: its 429 is
// retried always and its 5xx but 501 when repeatable, honouring
// Retry-After. The transport caps any wait at WithRetry's maximum.
func retryDecision(reply *transport.Reply, env envelope, envErr error, err error, repeatable bool) (bool, time.Duration) {
	if err != nil {
		return repeatable, 0
	}
	if envErr == nil && env.Response != nil && env.Response.Error != nil {
		switch code := env.Response.Error.Code; {
		case wire.FamilyOf(code) == wire.Throttled:
			return true, transport.RetryAfter(reply)
		case wire.Transient(code):
			return repeatable, transport.RetryAfter(reply)
		}
		return false, 0
	}
	switch s := reply.StatusCode; {
	case s == http.StatusTooManyRequests:
		return true, transport.RetryAfter(reply)
	case s >= 500 && s != http.StatusNotImplemented:
		return repeatable, transport.RetryAfter(reply)
	}
	return false, 0
}

// isRead reports whether action is a read by API 3.0's naming (Describe*,
// Get*, List*), which is safe to send again.
func isRead(action string) bool {
	for _, verb := range [...]string{"Describe", "Get", "List"} {
		if strings.HasPrefix(action, verb) {
			return true
		}
	}
	return false
}
