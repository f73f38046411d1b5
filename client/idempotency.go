package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
)

// Idempotency is embedded in the request of every write action. When
// ClientToken is empty the client sends a random one (or the token of
// WithClientToken) and keeps it across retries, so the service answers a
// retried write with the first response instead of applying it twice. The
// client never writes that token into your request: one request value may
// be sent from several goroutines at once, or sent again as a new write.
// Set ClientToken yourself to make a write idempotent across separate calls
// (for example across process restarts); the service remembers a token for
// 24 hours. An error of a write that may have been applied unanswered names
// the token it was sent with.
// A token is at most 64 printable ASCII characters: another fails before
// sending with InvalidParameterValue.ClientToken, as the service would.
type Idempotency struct {
	ClientToken string `json:"ClientToken,omitempty"`
}

// idempotencyToken lets Call find the token of any request that embeds
// Idempotency, passed by value or by pointer (a value receiver).
func (i Idempotency) idempotencyToken() string { return i.ClientToken }

type idempotent interface{ idempotencyToken() string }

type clientTokenKey struct{}

// WithClientToken returns a context that makes the write called with it
// carry token as its ClientToken, for service methods that build the
// request themselves (Disable, Delete, admins.Add, ...):
//
//	ctx := client.WithClientToken(ctx, "delete-app-"+orderID)
//	err := console.Apps.Delete(ctx, id) // a repeat with the same token is answered, not applied again
//
// A ClientToken already set on the request wins; reads ignore it, and so
// does every write when token is empty (each gets a random one); a token
// over 64 characters or not printable ASCII fails the write before
// sending (InvalidParameterValue.ClientToken). The token
// goes to every write called with the returned context, so derive one
// context per write. It is a context value rather than a request field
// because the service methods that take no request struct build theirs
// inside.
func WithClientToken(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, clientTokenKey{}, token)
}

// clientToken is the token for a write called with ctx: WithClientToken's,
// or a new random 32-character hex one.
func clientToken(ctx context.Context) string {
	if tok, ok := ctx.Value(clientTokenKey{}).(string); ok && tok != "" {
		return tok
	}
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return hex.EncodeToString(b[:])
}

// withClientToken returns body, a request's JSON object without a
// ClientToken (as json.Marshal writes it: compact, so "{}" when empty),
// with the member "ClientToken": token added last.
func withClientToken(body []byte, token string) ([]byte, error) {
	if len(body) < 2 || body[0] != '{' || body[len(body)-1] != '}' {
		return nil, errors.New("a request that embeds client.Idempotency must encode as a JSON object")
	}
	quoted, _ := json.Marshal(token) // a string always encodes
	out := make([]byte, 0, len(body)+len(quoted)+16)
	out = append(out, body[:len(body)-1]...)
	if len(body) > 2 {
		out = append(out, ',')
	}
	out = append(out, `"ClientToken":`...)
	out = append(out, quoted...)
	return append(out, '}'), nil
}
