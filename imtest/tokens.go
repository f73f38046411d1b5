package imtest

import "time"

// tokenTTL is how long a ClientToken's response is remembered.
const tokenTTL = 24 * time.Hour

// Bounds of the remembered ClientToken answers of one account, those of
// the request record: past either, the account's oldest are forgotten
// first, and a write repeated with a forgotten token runs again. They are
// per account, so that one account's writes never make the server forget
// another's tokens.
const (
	maxTokens     = 100_000
	maxTokenBytes = 64 << 20
	tokenOverhead = 128 // what one remembered answer costs besides its body, roughly
)

type tokenKey struct {
	account, action, token string
}

type tokenEntry struct {
	bodyHash [32]byte
	status   int
	response []byte
	expires  time.Time
}

// tokenStore holds the answers of writes by ClientToken, oldest first in
// order, the order they expire in (one TTL for all), so that forgetting
// the expired and the excess costs only what is forgotten.
type tokenStore struct {
	entries map[tokenKey]*tokenEntry
	order   []tokenSlot
	bytes   int
}

type tokenSlot struct {
	key tokenKey
	e   *tokenEntry
}

func (e *tokenEntry) size() int { return len(e.response) + len(e.bodyHash) + tokenOverhead }

// tokensOf is account's token store, made on first use. s.mu is held.
func (s *Server) tokensOf(account string) *tokenStore {
	ts := s.tokens[account]
	if ts == nil {
		ts = &tokenStore{entries: map[tokenKey]*tokenEntry{}}
		s.tokens[account] = ts
	}
	return ts
}

// remember keeps e under key, forgetting what expired by now and the
// oldest past the bounds.
func (ts *tokenStore) remember(key tokenKey, e *tokenEntry, now time.Time) {
	for len(ts.order) > 0 && !now.Before(ts.order[0].e.expires) {
		ts.dropOldest()
	}
	if old := ts.entries[key]; old != nil {
		ts.bytes -= old.size()
	}
	ts.entries[key] = e
	ts.order = append(ts.order, tokenSlot{key, e})
	ts.bytes += e.size()
	for len(ts.entries) > maxTokens || ts.bytes > maxTokenBytes {
		ts.dropOldest()
	}
}

// dropOldest forgets the oldest slot's entry, unless a later one replaced
// it under the same key.
func (ts *tokenStore) dropOldest() {
	slot := ts.order[0]
	ts.order[0] = tokenSlot{}
	ts.order = ts.order[1:]
	if ts.entries[slot.key] == slot.e {
		delete(ts.entries, slot.key)
		ts.bytes -= slot.e.size()
	}
}
