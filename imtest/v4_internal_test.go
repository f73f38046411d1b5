package imtest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWindowGiveBack: an event given back leaves its period's count, and
// none of a period that began since (a day that turned while a callback
// ran).
func TestWindowGiveBack(t *testing.T) {
	t.Parallel()
	day1 := time.Date(2026, 5, 1, 23, 59, 0, 0, time.UTC)
	day2 := day1.Add(time.Hour)
	var w v4Window
	require.True(t, w.take(day1, secondsPerDay, 1, 10))
	w.giveBack(day1, secondsPerDay, 1)
	assert.Zero(t, w.n)
	require.True(t, w.take(day1, secondsPerDay, 1, 10))
	require.True(t, w.take(day2, secondsPerDay, 1, 10))
	w.giveBack(day1, secondsPerDay, 1)
	assert.Equal(t, 1, w.n, "day 2's message stays counted")
}
