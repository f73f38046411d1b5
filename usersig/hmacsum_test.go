package usersig

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"strings"
	"testing"
)

// TestKeyedHMACMatchesCryptoHMAC compares keyedHMAC with crypto/hmac for
// keys shorter than, as long as and longer than a block, every message
// length across the padding's one- and two-block cases, and buffers with
// and without room for the padding; on every path: the SHA-NI kernel
// (where the CPU has it), the restored crypto/sha256 states and the
// fallback to crypto/hmac.
func TestKeyedHMACMatchesCryptoHMAC(t *testing.T) {
	t.Parallel()
	keys := map[string][]byte{
		"short":  []byte(benchKey[:16]),
		"hex64":  []byte(benchKey),
		"long":   []byte(strings.Repeat(benchKey, 3)),
		"binary": {0, 0xff, 0x36, 0x5c},
	}
	for name, key := range keys {
		hk := newHMACKey(key)
		if hk.stdOnly {
			t.Fatal("crypto/sha256's saved state has an unknown layout: keyedHMAC falls back to crypto/hmac")
		}
		if hk.vector != haveSHANI {
			t.Fatalf("the SHA-NI kernel is %v on a CPU where it is %v", hk.vector, haveSHANI)
		}
		// The same key without the SHA-NI kernel: the restored-state path.
		restoredKey := *hk
		restoredKey.vector = false
		fast, restored := hk.newKeyedHMAC(), restoredKey.newKeyedHMAC()
		std := (&hmacKey{key: key, stdOnly: true}).newKeyedHMAC()
		for n := range 10*shaBlock + 2 {
			msg := make([]byte, n)
			for i := range msg {
				msg[i] = byte(i*7 + n)
			}
			want := hmac.New(sha256.New, key)
			want.Write(msg)
			for _, room := range []int{0, hmacPadRoom - 1, hmacPadRoom} {
				buf := append(make([]byte, 0, n+room), msg...)
				var got, gotRestored, gotStd [sha256.Size]byte
				out := fast.sum(&got, buf)
				restored.sum(&gotRestored, buf)
				std.sum(&gotStd, buf)
				if !bytes.Equal(got[:], want.Sum(nil)) || gotRestored != got || gotStd != got {
					t.Fatalf("key %s, %d-byte message, room %d: HMAC differs from crypto/hmac", name, n, room)
				}
				if !bytes.Equal(out, msg) {
					t.Fatalf("key %s, %d-byte message: sum changed the message", name, n)
				}
			}
		}
	}
}
