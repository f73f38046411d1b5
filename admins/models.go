package admins

import (
	"time"

	"github.com/imconsole/imconsole/internal/rules"
)

// DefaultAdmin is the UserId of the admin every app is created with. It can
// never be removed (FailedOperation.DefaultAdmin).
const DefaultAdmin = rules.DefaultAdmin

// Limits of admins.
const (
	// MaxAdminsPerApp is how many admins an app may have, DefaultAdmin
	// included (LimitExceeded.AdminCount).
	MaxAdminsPerApp = 10
	// MaxUserIDBytes is the longest UserId, in bytes (the same rule as
	// restapi.MaxUserIDBytes).
	MaxUserIDBytes = rules.MaxUserIDBytes
)

// Admin is an account administrator of an app: an identity allowed to call
// the IM REST API on the app's behalf (import accounts, dissolve groups and
// so on) with a UserSig of its own.
type Admin struct {
	// UserID is the admin's IM account: 1-32 bytes of printable ASCII.
	UserID string `json:"UserId"`
	// Default is true for DefaultAdmin, the admin that cannot be removed.
	Default bool `json:"Default"`
	// CreatedAt is when the admin was added (for DefaultAdmin, when the app
	// was created).
	CreatedAt time.Time `json:"CreatedAt"`
}
