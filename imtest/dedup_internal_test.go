package imtest

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRepeatsWindow: an answer is found within the window and not after
// it; expired answers are dropped, and live ones kept, by a sweep that
// runs when the window has doubled since the last one, so 100 000 live
// sends sweep about 7 times, not once per send past 1024.
func TestRepeatsWindow(t *testing.T) {
	t.Parallel()
	const window = 5 * time.Minute
	now := time.Unix(1_700_000_000, 0)
	var r repeats[int]
	r.remember("a", 1, now, window)
	got, ok := r.lookup("a", now.Add(window), window)
	assert.True(t, ok)
	assert.Equal(t, 1, got)
	_, ok = r.lookup("a", now.Add(window+time.Second), window)
	assert.False(t, ok, "past the window")

	sweeps, last := 0, 0
	for i := range 100_000 {
		r.remember(strconv.Itoa(i), i, now, window)
		if r.sweepAt != last {
			sweeps, last = sweeps+1, r.sweepAt
		}
	}
	assert.LessOrEqual(t, sweeps, 8, "sweeps double their threshold")
	require.Len(t, r.sent, 100_001, "live answers are kept")

	later := now.Add(window + time.Second)
	for i := range r.sweepAt - len(r.sent) + 1 {
		r.remember("new"+strconv.Itoa(i), i, later, window)
	}
	assert.Less(t, len(r.sent), 100_000, "the expired answers were dropped")
	_, ok = r.lookup("new0", later, window)
	assert.True(t, ok)
}
