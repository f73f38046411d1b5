package restapi

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"time"
)

// sigFailureWait is how long Tencent asks to wait after 70050 (UserSig
// failures too frequent) before trying again.
const sigFailureWait = time.Minute

// checkRetryAll is the policy of commands that are safe to repeat: retry
// network errors, HTTP 429 and 5xx (but 501), and the rate-limit codes.
func checkRetryAll(ctx context.Context, resp *http.Response, err error) (bool, error) {
	return checkRetry(ctx, resp, err, true)
}

// checkRetryOnce is the policy of commands that must not be applied twice:
// retry only what was certainly not applied (a failed connection, 429,
// the rate-limit codes).
func checkRetryOnce(ctx context.Context, resp *http.Response, err error) (bool, error) {
	return checkRetry(ctx, resp, err, false)
}

func checkRetry(ctx context.Context, resp *http.Response, err error, repeatable bool) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		return repeatable || isDialError(err), nil
	}
	// Read the body now: the REST API reports rate limits in a 200.
	p, err := peek(resp)
	if err != nil {
		return repeatable, err
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		return p.envErr == nil && slices.Contains(retryableCodes, p.env.ErrorCode), nil
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return repeatable, nil
	}
	return false, nil
}

// isDialError reports whether err is a failure to connect, so the request
// never reached the server.
func isDialError(err error) bool {
	var oe *net.OpError
	return errors.As(err, &oe) && oe.Op == "dial"
}

// backoff waits a minute after 70050, otherwise a random duration in
// [min, min·2^attempt] capped at max (full jitter).
func backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if p, ok := resp.Body.(*peeked); ok && p.env.ErrorCode == CodeUserSigRateLimit {
			return sigFailureWait
		}
	}
	upper := max
	if attempt < 30 && min<<attempt < max && min<<attempt > 0 {
		upper = min << attempt
	}
	if upper <= min {
		return min
	}
	return min + rand.N(upper-min)
}
