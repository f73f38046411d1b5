package admins

import (
	"fmt"

	"github.com/imconsole/imconsole/client"
	"github.com/imconsole/imconsole/internal/rules"
)

// Validate checks the request as the service does, returning the same
// *client.APIError (code and message) the service would answer.
func (r *AddRequest) Validate() error { return validateUserID(ActionAdd, r.UserID) }

// Validate checks the request as the service does.
func (r *DeleteRequest) Validate() error { return validateUserID(ActionDelete, r.UserID) }

// ValidUserID reports whether id is a well-formed UserId: 1-32 bytes, each
// printable ASCII (0x20-0x7E).
func ValidUserID(id string) bool { return rules.ValidUserID(id) }

func validateUserID(action, id string) error {
	if len(id) == 0 || len(id) > rules.MaxUserIDBytes {
		return client.ValidationError(action, "InvalidParameterValue.UserId", fmt.Sprintf("UserId must be 1-%d bytes, got %d", rules.MaxUserIDBytes, len(id)))
	}
	if i := rules.NonPrintable(id); i >= 0 {
		return client.ValidationError(action, "InvalidParameterValue.UserId", fmt.Sprintf("UserId %q has byte 0x%02x at offset %d: use only printable ASCII (0x20-0x7E)", id, id[i], i))
	}
	return nil
}
