package client_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/imconsole/imconsole/client"
)

// TestAllStopsWhereTheItemsEnd: All reads every page up to the total,
// asks for no page past it, and does not lose items to an answer that
// leaves the total out (0 beside items).
func TestAllStopsWhereTheItemsEnd(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		n         int  // items the service has
		sendTotal bool // whether its answers carry the total
		fetches   int
	}{
		{"total, last page short", 25, true, 3},
		{"total, last page full", 30, true, 3},
		{"no total, last page short", 25, false, 3},
		{"no total, last page full", 30, false, 4},
		{"nothing", 0, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fetches := 0
			fetch := func(_ context.Context, offset, limit int) ([]int, int, error) {
				fetches++
				var page []int
				for i := offset; i < min(offset+limit, tc.n); i++ {
					page = append(page, i)
				}
				if !tc.sendTotal {
					return page, 0, nil
				}
				return page, tc.n, nil
			}
			var got []int
			for v, err := range client.All(t.Context(), 0, 10, fetch) {
				assert.NoError(t, err)
				got = append(got, v)
			}
			var want []int
			for i := range tc.n {
				want = append(want, i)
			}
			assert.Equal(t, want, got)
			assert.Equal(t, tc.fetches, fetches, "pages fetched")
		})
	}
}

// TestAllRangesAgain: the sequence All returns walks from its offset each
// time it is ranged over, again and from two goroutines at once (under
// -race), instead of going on from where the last range stopped.
func TestAllRangesAgain(t *testing.T) {
	t.Parallel()
	fetch := func(_ context.Context, offset, limit int) ([]int, int, error) {
		var page []int
		for i := offset; i < min(offset+limit, 25); i++ {
			page = append(page, i)
		}
		return page, 25, nil
	}
	seq := client.All(context.Background(), 5, 10, fetch)
	walk := func() (n int) {
		for _, err := range seq {
			if err == nil {
				n++
			}
		}
		return n
	}
	assert.Equal(t, 20, walk())
	assert.Equal(t, 20, walk(), "ranged again")
	done := make(chan int)
	go func() { done <- walk() }()
	assert.Equal(t, 20, walk())
	assert.Equal(t, 20, <-done)
}
