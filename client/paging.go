package client

import (
	"context"
	"iter"
)

// DefaultPageSize is the page size used when a list request leaves Limit at 0.
const DefaultPageSize = 20

// MaxPageSize is the largest Limit a list action accepts.
const MaxPageSize = 100

// PageFunc fetches one page starting at offset: its items and the total
// number of items across all pages.
type PageFunc[T any] func(ctx context.Context, offset, limit int) (items []T, total int, err error)

// All walks every page from offset with the given page size (0 means
// MaxPageSize), yielding each item. A limit the service refuses (above
// MaxPageSize) is passed on as it is, so the first fetch yields the
// service's error instead of a silently smaller page. All stops at the
// first error, which it yields with a zero item, or when the consumer
// stops ranging. It stops after the page that reaches total, or at an
// empty page; a total of 0 beside items (a server that left the total
// out) is not trusted: All then reads on until a page shorter than limit.
// Each range over the result walks from offset again, so it may be
// ranged over more than once, and from several goroutines at once.
func All[T any](ctx context.Context, offset, limit int, fetch PageFunc[T]) iter.Seq2[T, error] {
	if limit == 0 {
		limit = MaxPageSize
	}
	return func(yield func(T, error) bool) {
		offset := offset // each range walks from the start, and ranges may run at once
		for {
			items, total, err := fetch(ctx, offset, limit)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			offset += len(items)
			switch {
			case len(items) == 0:
				return
			case total == 0: // the total is missing: a short page is the last
				if len(items) < limit {
					return
				}
			case offset >= total:
				return
			}
		}
	}
}
