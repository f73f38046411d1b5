package imtest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/imconsole/imconsole/restapi"
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

// TestBansThatRanOutAreDropped: a group keeps only its live bans; one that
// ran out is dropped at the next ban instead of staying for good.
func TestBansThatRanOutAreDropped(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	g := &v4Group{info: restapi.GroupInfo{GroupID: "g", Type: restapi.GroupPublic}}
	s := &Server{}
	ban := func(at time.Time, ids ...string) {
		_, err := s.v4BanGroupMember(&v4Call{app: &appState{v4: v4State{groups: map[string]*v4Group{"g": g}}}, now: at}, &restapi.BanGroupMemberRequest{GroupID: "g", MembersAccount: ids, Duration: 60})
		require.NoError(t, err)
	}
	ban(now, "a", "b")
	ban(now.Add(time.Minute), "c")
	require.Len(t, g.bans, 1)
	assert.Equal(t, "c", g.bans[0].account)
}
