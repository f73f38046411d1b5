package imtest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTokenStoreBounds: remembered ClientToken answers are forgotten when
// they expire and, oldest first, past 100 000 of them or 64 MiB, so that
// an authenticated client sending endless fresh tokens cannot grow the
// server's memory or make every write scan what it sent before.
func TestTokenStoreBounds(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	entry := func(at time.Time, body int) *tokenEntry {
		return &tokenEntry{status: 200, response: make([]byte, body), expires: at.Add(tokenTTL)}
	}
	key := func(i int) tokenKey { return tokenKey{account: "a", action: "RegisterIMApp", token: fmt.Sprint(i)} }

	t.Run("expired", func(t *testing.T) {
		t.Parallel()
		ts := tokenStore{entries: map[tokenKey]*tokenEntry{}}
		for i := range 10 {
			ts.remember(key(i), entry(now, 10), now)
		}
		later := now.Add(tokenTTL)
		ts.remember(key(10), entry(later, 10), later)
		assert.Len(t, ts.entries, 1)
		assert.Len(t, ts.order, 1)
		assert.Equal(t, entry(later, 10).size(), ts.bytes)
	})
	t.Run("count", func(t *testing.T) {
		t.Parallel()
		ts := tokenStore{entries: map[tokenKey]*tokenEntry{}}
		for i := range maxTokens + 10 {
			ts.remember(key(i), entry(now, 0), now)
		}
		assert.Len(t, ts.entries, maxTokens)
		assert.NotContains(t, ts.entries, key(9), "the oldest went first")
		assert.Contains(t, ts.entries, key(10))
	})
	t.Run("per account", func(t *testing.T) {
		t.Parallel()
		s := &Server{tokens: map[string]*tokenStore{}}
		mine := tokenKey{account: "a", action: "RegisterIMApp", token: "order-42"}
		s.tokensOf("a").remember(mine, entry(now, 10), now)
		for i := range maxTokens + 10 { // another account's flood of fresh tokens
			s.tokensOf("b").remember(tokenKey{account: "b", action: "DisableIMApp", token: fmt.Sprint(i)}, entry(now, 0), now)
		}
		assert.Contains(t, s.tokensOf("a").entries, mine, "one account's writes never make the server forget another's tokens")
		assert.Len(t, s.tokensOf("b").entries, maxTokens)
	})
	t.Run("bytes", func(t *testing.T) {
		t.Parallel()
		ts := tokenStore{entries: map[tokenKey]*tokenEntry{}}
		for i := range 70 {
			ts.remember(key(i), entry(now, 1<<20), now)
		}
		require.LessOrEqual(t, ts.bytes, maxTokenBytes)
		assert.Greater(t, ts.bytes, maxTokenBytes-2<<20)
		assert.NotContains(t, ts.entries, key(0))
		assert.Contains(t, ts.entries, key(69))
	})
}
