//go:build !amd64 || purego

package usersig

// encodeBlocks has no vector form on this platform: it consumes nothing.
func encodeBlocks(dst, src []byte, lut *[16]byte) int { return 0 }

// hmacBlocks has no vector form on this platform: it does nothing and
// returns false.
func hmacBlocks(pads *[16]uint32, p []byte, out *[32]byte) bool { return false }

const haveSHANI = false
