package restapi

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/imconsole/imconsole/internal/option"
)

// Tencent's default rate limits of the REST API, per app.
const (
	// DefaultRateLimit is the calls per second of a command (200 for
	// every command but the few RateLimitOf names).
	DefaultRateLimit = 200
	// DefaultBatchRecipientsPerMinute is how many recipients batchsendmsg
	// takes per minute, on top of its 200 calls per second.
	DefaultBatchRecipientsPerMinute = 12000
)

// rateLimits are the commands whose documented default is not
// DefaultRateLimit.
var rateLimits = map[commandKey]int{
	{ServiceLogin, CommandMultiAccountImport}: 100,
	{ServiceLogin, CommandAccountCheck}:       100,
	{ServiceLogin, CommandAccountDelete}:      100,
	{ServiceGroup, CommandGetAppIDGroupList}:  1,
}

// RateLimitOf returns Tencent's default rate of a command, in calls per
// app per second: DefaultRateLimit (200) for most, 100 for
// multiaccount_import, account_check and account_delete, 1 for
// get_appid_group_list.
func RateLimitOf(service, command string) int {
	if n, ok := rateLimits[commandKey{service, command}]; ok {
		return n
	}
	return DefaultRateLimit
}

// RateLimit sets how fast a Client sends (WithRateLimit). Zero fields keep
// Tencent's defaults.
type RateLimit struct {
	// PerSecond is the calls per second of every command whose default
	// is DefaultRateLimit. Set it when the app's limits were raised in
	// the console, or lower it to give this Client a share. The commands
	// with a lower default of their own (RateLimitOf: 100 for
	// account_check, 1 for get_appid_group_list ...) keep it, or take
	// PerSecond when it is lower still.
	PerSecond int
	// BatchRecipientsPerMinute is how many recipients SendBatch sends to
	// per minute (default DefaultBatchRecipientsPerMinute); at least
	// 2*MaxBatchRecipients, since the limiter lets one full request go
	// at once and must keep any minute under the limit.
	BatchRecipientsPerMinute int
}

// rateConfig is the limiter part of config.
type rateConfig struct {
	off   bool
	limit RateLimit
	sleep func(context.Context, time.Duration) error
}

// WithRateLimit sets the client-side rate limits. By default a Client
// keeps every command under Tencent's default limit (RateLimitOf) and
// SendBatch under 12 000 recipients a minute, waiting (until ctx ends)
// instead of sending a call the service would refuse with 60007; every
// attempt counts, retries and the resend after 70001 included. The
// limits are per Client: clients of the same app in other processes share
// Tencent's limit, so give each a share of it. It fails for negative
// values or fewer than 2*MaxBatchRecipients (1 000) recipients a minute.
func WithRateLimit(l RateLimit) Option {
	return option.Check(l.PerSecond < 0 || l.BatchRecipientsPerMinute < 0 || (l.BatchRecipientsPerMinute > 0 && l.BatchRecipientsPerMinute < 2*MaxBatchRecipients),
		fmt.Errorf("restapi: WithRateLimit: PerSecond must be >= 0 and BatchRecipientsPerMinute 0 or at least %d (two full batchsendmsg requests: one may go at once, and any minute stays under the limit)", 2*MaxBatchRecipients),
		func(c *config) { c.rate.off, c.rate.limit = false, l })
}

// WithoutRateLimit turns the client-side rate limits off: every call is
// sent at once, and the service's 60007 answers are only retried.
func WithoutRateLimit() Option {
	return option.Set(func(c *config) { c.rate.off = true })
}

// WithRateLimitWait makes the client's waits call wait instead of a
// timer: the rate limiter's, and the backoff before each retry (of 60007,
// 70050, network errors; see WithRetry). wait must return ctx's error if
// ctx ends first. The limiter reads time from the client's clock
// (WithClock), so tests pass an imtest server's Now and Sleep together:
// waiting then moves the server's clock instead of real time, and a
// retried 60007 meets the server's next second at once. A backoff waited
// this way has no jitter: it is the longest wait of its range (twice
// WithRetry's minWait before the first retry, doubling per retry, at most
// maxWait), so a simulated clock moves the same in every run.
func WithRateLimitWait(wait func(ctx context.Context, d time.Duration) error) Option {
	return option.Check(wait == nil,
		errors.New("restapi: WithRateLimitWait needs a non-nil function"),
		func(c *config) { c.rate.sleep, c.transport.Sleep = wait, wait })
}

// limiter paces a Client's calls: one token bucket per command, and one of
// batchsendmsg recipients. A nil *limiter lets everything through.
type limiter struct {
	now        func() time.Time
	sleep      func(context.Context, time.Duration) error
	perSecond  int // 0: each command's default
	recipients *rate.Limiter

	mu       sync.Mutex
	commands map[commandKey]*rate.Limiter
}

// newLimiter returns the limiter of cfg, nil when it is off.
func newLimiter(cfg rateConfig, now func() time.Time) *limiter {
	if cfg.off {
		return nil
	}
	perMinute := cfg.limit.BatchRecipientsPerMinute
	if perMinute == 0 {
		perMinute = DefaultBatchRecipientsPerMinute
	}
	l := &limiter{now: now, sleep: cfg.sleep, perSecond: cfg.limit.PerSecond, commands: map[commandKey]*rate.Limiter{}}
	if l.sleep == nil {
		l.sleep = sleepCtx
	}
	l.recipients = bucket(perMinute, MaxBatchRecipients, time.Minute)
	return l
}

// bucket is a token bucket that keeps at most limit events in any window
// of length per, with room to spare for calls still on their way when a
// window turns: burst tokens up front, limit - 2·burst refilled over the
// window (limit/2 when that leaves nothing, which needs burst <= limit/2:
// WithRateLimit refuses fewer recipients, and a command's burst is a
// fortieth of its rate).
func bucket(limit, burst int, per time.Duration) *rate.Limiter {
	refill := float64(limit - 2*burst)
	if refill <= 0 {
		refill = float64(limit) / 2
	}
	return rate.NewLimiter(rate.Limit(refill/per.Seconds()), burst)
}

// wait blocks until one more call of the command is within its limit, or
// ctx ends.
func (l *limiter) wait(ctx context.Context, service, command string) error {
	if l == nil {
		return nil
	}
	key := commandKey{service, command}
	l.mu.Lock()
	lim := l.commands[key]
	if lim == nil {
		n := RateLimitOf(service, command)
		if l.perSecond > 0 && (n == DefaultRateLimit || l.perSecond < n) {
			n = l.perSecond
		}
		lim = bucket(n, max(1, n/40), time.Second)
		l.commands[key] = lim
	}
	l.mu.Unlock()
	return l.take(ctx, lim, 1, service+"/"+command)
}

// waitRecipients blocks until n more batchsendmsg recipients are within
// the per-minute limit, or ctx ends.
func (l *limiter) waitRecipients(ctx context.Context, n int) error {
	if l == nil {
		return nil
	}
	return l.take(ctx, l.recipients, n, ServiceOpenIM+"/"+CommandBatchSendMsg)
}

// take reserves n tokens of lim and waits until they are due.
func (l *limiter) take(ctx context.Context, lim *rate.Limiter, n int, what string) error {
	now := l.now()
	if lim.AllowN(now, n) { // the common case, without allocating a reservation
		return nil
	}
	r := lim.ReserveN(now, n)
	if !r.OK() {
		return fmt.Errorf("restapi: %s: %d at once is more than the limiter's burst of %d", what, n, lim.Burst())
	}
	delay := r.DelayFrom(now)
	if delay <= 0 {
		return nil
	}
	if err := l.sleep(ctx, delay); err != nil {
		r.CancelAt(l.now())
		return fmt.Errorf("restapi: %s: waiting for the client's rate limit: %w", what, err)
	}
	return nil
}

// sleepCtx waits d on a timer, or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
