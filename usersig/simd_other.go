//go:build !amd64 || purego

package usersig

// encodeBlocks has no vector form on this platform: it consumes nothing.
func encodeBlocks(dst, src []byte, lut *[16]byte) int { return 0 }

// sha256Blocks has no vector form on this platform: it does nothing and
// returns false.
func sha256Blocks(h *[8]uint32, p []byte) bool { return false }

const haveSHANI = false
