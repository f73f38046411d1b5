package restapi

import (
	"net/http"
	"slices"
	"time"

	"github.com/imconsole/imconsole/internal/transport"
)

// sigFailureWait is how long Tencent asks to wait after 70050 (UserSig
// failures too frequent) before trying again. The transport caps it at the
// maximum wait of WithRetry.
const sigFailureWait = time.Minute

// retryDecision is the REST API's retry policy after one attempt: reply
// and its envelope env (answered: a REST API answer; the code of a body
// that is not one decides nothing), or the network error err. Every
// command retries the rate-limit codes (70050 after sigFailureWait), HTTP
// 429 and failed connections, which were certainly not applied; a
// repeatable command also retries other network errors and HTTP 5xx but
// 501. A retry waits what the reply's Retry-After asks (the transport
// caps it at WithRetry's maximum wait), after 70050 at least
// sigFailureWait.
func retryDecision(reply *transport.Reply, env Envelope, answered bool, err error, repeatable bool) (bool, time.Duration) {
	if err != nil {
		return repeatable || transport.IsDialError(err), 0
	}
	wait := transport.RetryAfter(reply)
	switch s := reply.StatusCode; {
	case s == http.StatusOK:
		if !answered || !slices.Contains(retryableCodes, env.ErrorCode) {
			return false, 0
		}
		if env.ErrorCode == CodeUserSigRateLimit {
			return true, max(wait, sigFailureWait)
		}
		return true, wait
	case s == http.StatusTooManyRequests:
		return true, wait
	case s >= 500 && s != http.StatusNotImplemented:
		return repeatable, wait
	}
	return false, 0
}
