package client

import (
	"crypto/rand"
	"encoding/hex"
)

// Idempotency is embedded in the request of every write action. The client
// fills ClientToken with a random token when it is empty, and keeps it
// across retries, so the service answers a retried write with the first
// response instead of applying it twice. Set it yourself to make a write
// idempotent across separate Call invocations (for example across process
// restarts); the service remembers a token for 24 hours.
type Idempotency struct {
	ClientToken string `json:"ClientToken,omitempty"`
}

// idempotencyToken lets Call find the token of any request that embeds
// Idempotency.
func (i *Idempotency) idempotencyToken() *string { return &i.ClientToken }

type idempotent interface{ idempotencyToken() *string }

// NewClientToken returns a random 32-character hex token.
func NewClientToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}
