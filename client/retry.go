package client

import (
	"context"
	"net/http"
	"time"

	"github.com/imconsole/imconsole/internal/transport"
)

// retryDecision is the console API's retry policy: yes for network errors
// (every write carries a ClientToken, so a write that did reach the service
// is answered from its first response), HTTP 429 and 5xx other than 501; no
// otherwise. A 429 or 503 waits what its Retry-After asks, at most the
// configured maximum wait. The last reply is kept, so it becomes a typed
// *APIError.
func retryDecision(_ context.Context, reply *transport.Reply, err error) (bool, time.Duration) {
	if err != nil {
		return true, 0
	}
	switch s := reply.StatusCode; {
	case s == http.StatusTooManyRequests, s >= 500 && s != http.StatusNotImplemented:
		return true, transport.RetryAfter(reply)
	}
	return false, 0
}
