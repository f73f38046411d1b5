// Package rules holds the rules the SDK's validation and the reference
// server share, each written once. Users never import it.
package rules

import "fmt"

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
	code, _ := CheckUserID(id)
	return code == ""
}

// CheckUserID returns InvalidParameterValue.UserId and a message saying
// what to fix for an id that is not a well-formed UserID, or two empty
// strings for a valid one.
func CheckUserID(id string) (code, message string) {
	if len(id) == 0 || len(id) > MaxUserIDBytes {
		return "InvalidParameterValue.UserId", fmt.Sprintf("UserId must be 1-%d bytes, got %d", MaxUserIDBytes, len(id))
	}
	if i := NonPrintable(id); i >= 0 {
		return "InvalidParameterValue.UserId", fmt.Sprintf("UserId %q has byte 0x%02x at offset %d: use only printable ASCII (0x20-0x7E)", id, id[i], i)
	}
	return "", ""
}
