package admins

import "github.com/imconsole/imconsole/internal/rules"

// ValidUserID reports whether id is a well-formed UserId: 1-32 bytes, each
// printable ASCII (0x20-0x7E).
func ValidUserID(id string) bool { return rules.ValidUserID(id) }
