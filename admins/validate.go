package admins

import (
	"fmt"

	"github.com/imconsole/imconsole/client"
)

// Validate checks the request as the service does, returning the same
// *client.APIError (code and message) the service would answer.
func (r *AddRequest) Validate() error { return validateUserID(ActionAdd, r.UserID) }

// Validate checks the request as the service does.
func (r *DeleteRequest) Validate() error { return validateUserID(ActionDelete, r.UserID) }

// ValidUserID reports whether id is a well-formed UserId: 1-32 bytes, each
// printable ASCII (0x20-0x7E).
func ValidUserID(id string) bool { return validateUserID("", id) == nil }

func validateUserID(action, id string) error {
	if len(id) == 0 || len(id) > MaxUserIDBytes {
		return client.ValidationError(action, "InvalidParameterValue.UserId", fmt.Sprintf("UserId must be 1-%d bytes, got %d", MaxUserIDBytes, len(id)))
	}
	for i := 0; i < len(id); i++ {
		if b := id[i]; b < 0x20 || b > 0x7e {
			return client.ValidationError(action, "InvalidParameterValue.UserId", fmt.Sprintf("UserId %q has byte 0x%02x at offset %d: use only printable ASCII (0x20-0x7E)", id, b, i))
		}
	}
	return nil
}
