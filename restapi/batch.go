package restapi

import (
	"context"
	"fmt"
	"iter"
	"strings"
)

// inChunks does a command that takes at most n items per request: it cuts
// items into chunks of at most n, in order, checks every chunk with check
// and only then calls send on each, so nothing is sent when any request
// would be refused. It returns the first error. No items is one empty
// chunk that is checked and never sent, so the request's own Validate
// answers for it.
func inChunks[T any](items []T, n int, check, send func([]T) error) error {
	if len(items) == 0 {
		return check(items)
	}
	var chunks [][]T
	for start := 0; start < len(items); start += n {
		chunks = append(chunks, items[start:min(start+n, len(items))])
	}
	for _, c := range chunks {
		if err := check(c); err != nil {
			return err
		}
	}
	for _, c := range chunks {
		if err := send(c); err != nil {
			return err
		}
	}
	return nil
}

// validator is a request body that checks itself before it is sent.
type validator interface {
	Validate() error
}

// collect does a command that takes at most n items per request and
// answers a list: build makes the request of each chunk of items, every
// request is checked before the first is sent (see inChunks), and the
// lists of the answers are joined in order. When a request fails, the
// lists of those before it are returned with the error.
func collect[T any, Req validator, Resp, R any](ctx context.Context, c *Client, service, command string, items []T, n int, build func([]T) Req, list func(*Resp) []R) ([]R, error) {
	var out []R
	err := inChunks(items, n, func(chunk []T) error {
		return build(chunk).Validate()
	}, func(chunk []T) error {
		var resp Resp
		if err := c.call(ctx, service, command, build(chunk), &resp); err != nil {
			return err
		}
		out = append(out, list(&resp)...)
		return nil
	})
	return out, err
}

// withChunk is collect's build for a request that carries its items in
// one of its fields: each chunk gets a copy of *req, set putting the chunk
// in that field (req is not changed).
func withChunk[Req, T any](req *Req, set func(*Req, []T)) func([]T) *Req {
	return func(items []T) *Req {
		chunk := *req
		set(&chunk, items)
		return &chunk
	}
}

// perChunk sends command with req once per chunk of at most n of
// userIDs, each put into *field (a field of req); every chunk is checked
// before the first is sent (inChunks).
func (s *GroupService) perChunk(ctx context.Context, command string, userIDs []string, n int, req validator, field *[]string) error {
	return inChunks(userIDs, n, func(ids []string) error {
		*field = ids
		return req.Validate()
	}, func(ids []string) error {
		*field = ids
		return s.c.call(ctx, ServiceGroup, command, req, nil)
	})
}

// maxEmptyPages is how many empty pages in a row, each saying there is
// more, a walk follows before it fails: an answer that moves its cursor on
// without items forever would otherwise never end.
const maxEmptyPages = 64

// walk yields the items of a paged command, from the first page each
// time it is ranged over: a range works on its own copy of first, so
// ranging again starts again and ranges may run concurrently. Each round
// it checks the request, calls command with it, yields the items of the
// answer, then asks next, which moves the request on to the following
// page and reports whether there is one, or fails (see stuck); a run of
// maxEmptyPages empty pages that say there is more fails too. The first
// error (the check's, the call's, next's or the context's) is yielded
// last and ends the walk.
func walk[R any, P interface {
	*R
	validator
}, Resp, T any](ctx context.Context, c *Client, service, command string, first R, items func(*Resp) []T, next func(P, *Resp) (bool, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		req := first
		for empty := 0; ; {
			var resp Resp
			if err := c.callValid(ctx, service, command, P(&req), &resp); err != nil {
				yield(zero, err)
				return
			}
			page := items(&resp)
			for _, it := range page {
				if !yield(it, nil) {
					return
				}
			}
			more, err := next(&req, &resp)
			if err == nil && more {
				if len(page) == 0 {
					empty++
				} else {
					empty = 0
				}
				if empty == maxEmptyPages {
					err = fmt.Errorf("restapi: %s answered %d empty pages in a row, each saying there is more; the walk stops here, incomplete: check the base URL points at Tencent IM or imtest", command, empty)
				}
			}
			if err != nil {
				yield(zero, err)
				return
			}
			if !more {
				return
			}
		}
	}
}

// stuck is the error of a walk whose answer gives back the cursor it was
// sent (or one behind it) while saying there is more: following it would
// never end, and stopping quietly would pass a partial walk for a whole one.
// The cursor, the server's, is quoted cut to 32 bytes.
func stuck(command string, cursor any) error {
	return fmt.Errorf("restapi: %s answered the cursor it was sent (%s) and says there is more; the walk stops here, incomplete: check the base URL points at Tencent IM or imtest", command, cut(fmt.Sprint(cursor), 32))
}

// cut is s cut to n bytes of valid UTF-8, "…" marking a cut: what an
// error quotes of a server's text.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
