// Package console holds what the console services (apps, admins, certs)
// do alike on top of client.Client, so each rule is written once.
package console

import (
	"context"

	"github.com/imconsole/imconsole/client"
)

// Validator is a request body that checks itself as the console would.
type Validator interface {
	Validate() error
}

// Call sends req as action with c.Call once req.Validate passes, decoding
// the answer into resp (nil for none): a body the console would refuse
// fails with the console's own error, before any request. It fails with
// Validate's error or Call's.
func Call(ctx context.Context, c *client.Client, action string, req Validator, resp any) error {
	if err := req.Validate(); err != nil {
		return err
	}
	return c.Call(ctx, action, req, resp)
}
