package imtest

import (
	"time"

	"github.com/imconsole/imconsole/restapi"
)

// The dedup windows of the send commands: a repeat within one is answered
// with the first send's answer.
const (
	c2cRepeatWindow   = restapi.MsgDedupSeconds * time.Second      // sendmsg, batchsendmsg: 120 s
	groupRepeatWindow = restapi.GroupMsgDedupSeconds * time.Second // send_group_msg: 5 minutes
)

// repeats is a send command's dedup window: the answer of each send by
// its repeat key, for window after it. A map is made on first use.
// Expired answers are dropped when the window holds twice as many as
// after the last sweep (at least 1024), so a long run of sends costs
// amortised constant work each, not a sweep per send.
type repeats[T any] struct {
	sent    map[string]repeat[T]
	sweepAt int // len(sent) that triggers dropping expired entries
}

// repeat is what one send answered, and when.
type repeat[T any] struct {
	at   time.Time
	resp T
}

// lookup returns the answer of the send of key within window before now.
func (r *repeats[T]) lookup(key string, now time.Time, window time.Duration) (T, bool) {
	s, ok := r.sent[key]
	if !ok || now.Sub(s.at) > window {
		var zero T
		return zero, false
	}
	return s.resp, true
}

// remember keeps the answer of the send of key at now, dropping the
// answers older than window now and then.
func (r *repeats[T]) remember(key string, resp T, now time.Time, window time.Duration) {
	if r.sent == nil {
		r.sent = map[string]repeat[T]{}
	}
	if len(r.sent) >= max(r.sweepAt, 1024) {
		for k, s := range r.sent {
			if now.Sub(s.at) > window {
				delete(r.sent, k)
			}
		}
		r.sweepAt = 2 * len(r.sent)
	}
	r.sent[key] = repeat[T]{at: now, resp: resp}
}
