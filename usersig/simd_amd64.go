//go:build amd64 && !purego

package usersig

//go:generate go run sha256_amd64_gen.go

// Vector kernels for amd64, each checked against its portable form by the
// tests. Build with -tags purego to leave them out.

func cpuid(leaf, subleaf uint32) (eax, ebx, ecx uint32)

//go:noescape
func encodeBlocksSSSE3(dst, src []byte, lut *[16]byte) int

//go:noescape
func hmacSHA256SHANI(pads *[16]uint32, p []byte, out *[32]byte)

// The CPU features the kernels need, read once at start-up: SSSE3 (CPUID
// leaf 1, ECX bit 9), SSE4.1 (ECX bit 19) and the SHA extensions (leaf 7,
// EBX bit 29, when the CPU has leaf 7).
var haveSSSE3, haveSHANI = func() (ssse3, shani bool) {
	maxLeaf, _, _ := cpuid(0, 0)
	_, _, ecx1 := cpuid(1, 0)
	ssse3 = ecx1&(1<<9) != 0
	if maxLeaf < 7 {
		return ssse3, false
	}
	_, ebx7, _ := cpuid(7, 0)
	return ssse3, ssse3 && ecx1&(1<<19) != 0 && ebx7&(1<<29) != 0
}()

// encodeBlocks encodes whole 12-byte groups of src to dst with SSSE3 when
// the CPU has it, while 16 bytes of src are readable and 16 of dst
// writable, and returns the number of src bytes consumed (a multiple of
// 12; zero without SSSE3).
func encodeBlocks(dst, src []byte, lut *[16]byte) int {
	if !haveSSSE3 {
		return 0
	}
	return encodeBlocksSSSE3(dst, src, lut)
}

// hmacBlocks writes to out the HMAC-SHA256 of the key whose pad-block
// chaining values are pads (see hmacSHA256SHANI) over the padded inner
// message p (whole blocks, after the pad block), and reports whether it
// could: it needs the SHA extensions.
func hmacBlocks(pads *[16]uint32, p []byte, out *[32]byte) bool {
	if !haveSHANI {
		return false
	}
	hmacSHA256SHANI(pads, p, out)
	return true
}
