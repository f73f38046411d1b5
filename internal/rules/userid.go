// Package rules holds the rules the SDK's validation and the reference
// server share, each written once. Users never import it.
package rules

// MaxUserIDBytes is the longest UserID (UserId, Identifier, *_Account) the
// IM console and the REST API accept, in bytes.
const MaxUserIDBytes = 32

// DefaultAdmin is the UserID of the admin every app is created with
// (admins.DefaultAdmin).
const DefaultAdmin = "administrator"

// NonPrintable returns the offset of the first byte of s outside printable
// ASCII (0x20-0x7E), or -1 when every byte is printable. A UserID must
// have none.
func NonPrintable(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return i
		}
	}
	return -1
}

// ValidUserID reports whether id is a well-formed UserID: 1 to
// MaxUserIDBytes bytes, each printable ASCII.
func ValidUserID(id string) bool {
	return len(id) > 0 && len(id) <= MaxUserIDBytes && NonPrintable(id) < 0
}
