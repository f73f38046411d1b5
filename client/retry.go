package client

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// checkRetry decides whether to try again: never once ctx is done; yes for
// network errors (every write carries a ClientToken, so a write that did
// reach the service is answered from its first response), HTTP 429 and
// 5xx other than 501; no otherwise. The last response is kept, so it
// becomes a typed *APIError.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	if err != nil {
		return true, nil
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return true, nil
	}
	return false, nil
}

// backoff waits what Retry-After asks on 429/503 (in seconds), otherwise a
// random duration in [min, min·2^attempt] capped at max (full jitter).
func backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
			return time.Duration(s) * time.Second
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
