package rules

import "fmt"

// MaxClientToken is the longest ClientToken, in ASCII characters, as
// Tencent's API 3.0 documents it.
const MaxClientToken = 64

// CheckClientToken is the rule of a write's ClientToken:
// InvalidParameterValue.ClientToken for one over MaxClientToken bytes or
// with a byte outside printable ASCII, with its message (which never
// quotes the token); two empty strings for a valid or empty one.
func CheckClientToken(tok string) (code, message string) {
	if len(tok) > MaxClientToken || NonPrintable(tok) >= 0 {
		return "InvalidParameterValue.ClientToken", fmt.Sprintf("ClientToken must be at most %d printable ASCII characters (got %d bytes), or leave it empty for the client to make a random one", MaxClientToken, len(tok))
	}
	return "", ""
}
